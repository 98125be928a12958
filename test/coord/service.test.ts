/**
 * The coordination service on real peers (libp2p on loopback, in process): the group forms
 * from the genesis peer, survives the crash of a member by one-at-a-time reconfiguration
 * without losing an acknowledged write, and an acceptor restarted with its data is the same.
 */
import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createPeer, type Peer } from '../../node/daemon.ts'
import { CONFIG_KEY } from '../../node/coord/service.ts'
import { connect } from '../../client/index.ts'

const FAST = { httpPort: null, coordTickMs: 300 } as const

async function until (what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

function groupOf (peers: readonly Peer[]): string[] {
  const newest = peers.map(p => p.coord.config()).filter(c => c !== null).sort((a, b) => Number(b.epoch - a.epoch))[0]
  return newest?.members.map(m => m.peerId) ?? []
}

/** True when the newest configuration has `n` members, all live peers, and its rescan finished on the driver. */
function settled (peers: readonly Peer[], n: number): boolean {
  const members = groupOf(peers)
  return members.length === n && members.every(id => peers.some(p => p.peerId === id)) &&
    peers.filter(p => members.includes(p.peerId)).every(p => p.coord.acceptor.isMember())
}

t.test('group forms, replaces a killed member, keeps every acknowledged write', async t => {
  const peers: Peer[] = [await createPeer(FAST)]
  t.teardown(async () => { await Promise.all(peers.map(async p => await p.kill())) })
  for (let i = 1; i < 5; i++) peers.push(await createPeer({ ...FAST, bootstrap: [peers[0].multiaddrs[0]] }))
  await until('a group of 3', () => settled(peers, 3))

  const db = await connect({ bootstrap: [peers[2].multiaddrs[0]], timeoutMs: 20_000 })
  t.teardown(async () => { await db.close() })
  const acked = new Map<string, string>()
  for (let i = 0; i < 10; i++) {
    const r = await db.coord.put(`k${i}`, `v${i}`)
    t.equal(r.ok, true)
    acked.set(`k${i}`, `v${i}`)
  }
  const cas = await db.coord.put('k0', 'x', { ifVersion: 0n })
  t.equal(cas.ok, false, 'create-only put on an existing key is refused')
  if (!cas.ok) t.equal(new TextDecoder().decode(cas.current.value!), 'v0', 'and answers the committed state')
  await t.rejects(db.coord.registers.put(CONFIG_KEY, null), { code: 'BadRequest' }, 'the configuration register is not writable by clients')

  const victim = peers.find(p => groupOf(peers).includes(p.peerId) && p !== peers[0])!
  await victim.kill()
  peers.splice(peers.indexOf(victim), 1)
  await until('the killed member replaced', () => settled(peers, 3) && !groupOf(peers).includes(victim.peerId))
  for (const [k, v] of acked) {
    const e = await db.coord.get(k)
    t.equal(e.value === null ? null : new TextDecoder().decode(e.value), v, `${k} survives`)
  }
})

// Replacing every original member while writing is covered over OS processes by the Jepsen
// harness's W6 (test/jepsen/harness-process.test.ts) and in virtual time by reconfig-sim.test.ts.

t.test('an acceptor restarted with its data dir keeps its state and membership', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-coord-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const keyFile = join(dir, 'peer.key')
  const first = await createPeer({ ...FAST, dataDir: join(dir, 'data'), keyFile })
  const db = await connect({ bootstrap: [first.multiaddrs[0]], timeoutMs: 20_000 })
  t.equal((await db.coord.put('durable', 'yes')).ok, true)
  await db.close()
  const incarnation = first.coord.acceptor.incarnation
  await first.kill()
  const again = await createPeer({ ...FAST, dataDir: join(dir, 'data'), keyFile, bootstrap: [] })
  t.teardown(async () => { await again.kill() })
  t.equal(again.coord.acceptor.incarnation, incarnation, 'same incarnation after a restart with data')
  t.equal(again.coord.acceptor.isMember(), true)
  const db2 = await connect({ bootstrap: [again.multiaddrs[0]], timeoutMs: 20_000 })
  t.teardown(async () => { await db2.close() })
  const e = await db2.coord.get('durable')
  t.equal(new TextDecoder().decode(e.value!), 'yes')
})
