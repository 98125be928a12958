import t from 'tap'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPeer, type Peer, type PeerOptions } from '../node/daemon.ts'
import { ringProblems, type RingAnswer } from '../node/chord/consistency.ts'
import { closedPort } from './utils/net.ts'

/** Fast maintenance so rings converge in seconds. */
const FAST: PeerOptions = {
  vnodes: 4,
  stabilizeIntervalMs: 100,
  fixFingersIntervalMs: 100,
  checkPredecessorIntervalMs: 150,
  rpcTimeoutMs: 1000
}

/** Problems of the ring the peers' GET /ring answers describe (empty: consistent). */
async function problems (peers: readonly Peer[]): Promise<string[]> {
  const answers = await Promise.all(peers.map(async p => {
    const res = await fetch(`http://${p.http!.host}:${p.http!.port}/ring`)
    return await res.json() as RingAnswer
  }))
  return ringProblems(answers, { vnodesPerPeer: FAST.vnodes })
}

/** Polls until the ring of `peers` is consistent; fails with the last problems at the deadline. */
async function waitConsistent (peers: readonly Peer[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  let last: string[] = []
  while (Date.now() < deadline) {
    last = await problems(peers)
    if (last.length === 0) return last
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return last
}

t.test('five peers form a ring; one crashes (kill without leave) and the ring heals', async t => {
  const peers: Peer[] = []
  t.teardown(async () => { await Promise.all(peers.map(p => p.kill())) })

  peers.push(await createPeer(FAST))
  for (let i = 1; i < 5; i++) {
    // Join through the two newest peers: the first that answers is used.
    peers.push(await createPeer({ ...FAST, bootstrap: peers.slice(-2).reverse().map(p => p.multiaddrs[0]) }))
  }
  for (const p of peers) {
    t.match(p.multiaddrs[0], new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${p.peerId}$`))
    t.ok(p.chord.isMember(), 'createPeer resolves once every vnode is a member')
  }
  t.same(await waitConsistent(peers, 30_000), [], 'the five peers describe one correct ring')

  const health = await fetch(`http://${peers[2].http!.host}:${peers[2].http!.port}/health`)
  t.equal(health.status, 200)
  t.match(await health.json(), { ok: true, peerId: peers[2].peerId, members: 4, vnodes: 4 })

  const [victim] = peers.splice(2, 1)
  await victim.kill()
  t.ok((await problems(peers)).length > 0, 'right after the crash the survivors still point at the dead vnodes')
  t.same(await waitConsistent(peers, 30_000), [], 'the four survivors heal into one correct ring')
  await t.rejects(fetch(`http://${victim.http!.host}:${victim.http!.port}/health`), 'the killed peer serves nothing')
})

t.test('a graceful leave is spliced out and the rest stay one ring', async t => {
  const a = await createPeer(FAST)
  const b = await createPeer({ ...FAST, bootstrap: a.multiaddrs })
  const c = await createPeer({ ...FAST, bootstrap: b.multiaddrs })
  t.teardown(async () => { await Promise.all([a, b, c].map(p => p.kill())) })
  t.same(await waitConsistent([a, b, c], 30_000), [])
  await b.leave()
  t.equal(b.chord.isMember(), false)
  t.same(await waitConsistent([a, c], 30_000), [], 'the two others form the ring')
})

t.test('a bootstrap address that does not answer gives BootstrapError, not a crash', async t => {
  const port = await closedPort()
  const dead = `/ip4/127.0.0.1/tcp/${port}`
  await t.rejects(createPeer({ ...FAST, bootstrap: [dead], bootstrapTimeoutMs: 2000 }), {
    name: 'BootstrapError',
    code: 'BootstrapFailed',
    attempts: [{ multiaddr: dead }]
  })

  // The next address is tried when the first does not answer.
  const first = await createPeer(FAST)
  t.teardown(() => first.kill())
  const second = await createPeer({ ...FAST, bootstrap: [dead, first.multiaddrs[0]], bootstrapTimeoutMs: 2000 })
  t.teardown(() => second.kill())
  t.ok(second.chord.isMember())
  t.same(await waitConsistent([first, second], 30_000), [])
})

t.test('a key file keeps the peer id across restarts', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-key-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const keyFile = join(dir, 'sub', 'peer.key')
  const first = await createPeer({ ...FAST, keyFile, httpPort: null })
  t.equal(first.http, null, 'httpPort null turns admin HTTP off')
  await first.kill()
  t.equal((await stat(keyFile)).mode & 0o777, 0o600, 'the key file is private')
  const again = await createPeer({ ...FAST, keyFile, httpPort: null })
  t.teardown(() => again.kill())
  t.equal(again.peerId, first.peerId)
})

t.test('a key file that is not a key is a clear error', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-key-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const { writeFile } = await import('node:fs/promises')
  const keyFile = join(dir, 'garbage.key')
  await writeFile(keyFile, 'not a key')
  await t.rejects(createPeer({ ...FAST, keyFile }), { name: 'KeyFileError', message: /does not hold a libp2p private key/ })
})

t.test('a taken admin HTTP port fails createPeer with EADDRINUSE', async t => {
  const a = await createPeer(FAST)
  t.teardown(() => a.kill())
  await t.rejects(createPeer({ ...FAST, httpPort: a.http!.port }), { code: 'EADDRINUSE' })
})
