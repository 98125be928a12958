import t from 'tap'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKey } from '@libp2p/pnet'
import { connect } from '../../client/index.ts'
import { createPeer, type Peer, type PeerOptions } from '../../node/daemon.ts'

const FAST: PeerOptions = { vnodes: 2, replicas: 1, stabilizeIntervalMs: 100, fixFingersIntervalMs: 100, checkPredecessorIntervalMs: 150, rpcTimeoutMs: 1000, bootstrapTimeoutMs: 2000 }

async function keyFile (dir: string, name: string): Promise<string> {
  const key = new Uint8Array(95)
  generateKey(key)
  const path = join(dir, name)
  await writeFile(path, key, { mode: 0o600 })
  return path
}

t.test('a private ring: peers with its swarm key join, strangers cannot even connect', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-swarm-'))
  const peers: Peer[] = []
  t.teardown(async () => {
    await Promise.all(peers.map(p => p.kill()))
    await rm(dir, { recursive: true, force: true })
  })
  const ours = await keyFile(dir, 'ours.key')
  const theirs = await keyFile(dir, 'theirs.key')
  peers.push(await createPeer({ ...FAST, swarmKeyFile: ours }))
  const bootstrap = [peers[0].multiaddrs[0]]
  peers.push(await createPeer({ ...FAST, swarmKeyFile: ours, bootstrap }))
  t.ok(peers[1].chord.isMember(), 'a peer with the same key joins')
  await t.rejects(createPeer({ ...FAST, swarmKeyFile: theirs, bootstrap }), { name: 'BootstrapError' }, 'a peer with another key cannot join')
  await t.rejects(createPeer({ ...FAST, bootstrap }), { name: 'BootstrapError' }, 'a peer without a key cannot join')

  const { readFile } = await import('node:fs/promises')
  const db = await connect({ bootstrap, swarmKey: await readFile(ours), timeoutMs: 2000 })
  await db.set('private', 'yes')
  t.equal(await db.getString('private'), 'yes', 'a client with the key reads and writes')
  await db.close()
  await t.rejects(connect({ bootstrap, timeoutMs: 1000, retries: 0 }), 'a client without the key cannot connect')
  await t.rejects(createPeer({ ...FAST, swarmKeyFile: join(dir, 'missing.key') }), { name: 'KeyFileError' }, 'a missing key file is a clear error')
})
