/**
 * CoordService reconfiguration in the simulator (the same code as the daemon, on a simulated
 * network in virtual time): while clients run CAS and plain writes on a few registers, members
 * of the coordination group crash one after another and new peers join, until no original
 * member is left. The history must be linearizable (WGL over chordkv's versioned register) and
 * every acknowledged write must still be readable at the end.
 */
import t from 'tap'
import type { Test } from 'tap'
import { defaultLogger } from '@libp2p/logger'
import { CoordService } from '../../node/coord/service.ts'
import { coordCodec } from '../../node/protocol/coord-codec.ts'
import { seededRandom } from '../../node/transport/clock.ts'
import { SimNetwork, VirtualClock } from '../../node/transport/sim.ts'
import type { PeerAddress } from '../../node/transport/types.ts'
import { HistoryRecorder, checkHistory, explain, versionedRegisterModel } from '../../jepsen/checker/index.ts'

const KEYS = ['a', 'b', 'c']
const enc = new TextEncoder()

async function run (t: Test, seed: number): Promise<void> {
  const clock = new VirtualClock()
  const random = seededRandom(seed)
  const network = new SimNetwork({ clock, random, encode: true, latencyMs: () => 1 + random() * 9 })
  const codec = coordCodec()
  const live = new Map<string, CoordService>()
  const down = new Set<string>()
  let peers = 0
  const addPeer = (genesis: boolean): CoordService => {
    const id = `peer-${String(++peers).padStart(2, '0')}`
    const service = new CoordService({
      transport: network.createTransport(id),
      clock,
      random,
      codec,
      logger: defaultLogger(),
      // What the ring would propose: every live peer it knows.
      candidates: (): PeerAddress[] => [...live.values()].filter(s => !down.has(s.acceptor.incarnation)).map(s => ({ peerId: idOf(s), addrs: [] }))
    }, { genesis, tickMs: 200, suspectMs: 1000, rpcTimeoutMs: 200 })
    live.set(id, service)
    void service.start()
    return service
  }
  const idOf = (s: CoordService): string => [...live.entries()].find(([, v]) => v === s)![0]
  const group = (): string[] => {
    const configs = [...live.values()].map(s => s.config()).filter(c => c !== null)
    configs.sort((x, y) => Number(y.epoch - x.epoch))
    return configs[0]?.members.map(m => m.peerId) ?? []
  }
  const settled = (): boolean => {
    const g = group()
    return g.length === 3 && g.every(id => live.has(id) && live.get(id)!.acceptor.isMember())
  }

  for (let i = 0; i < 4; i++) addPeer(i === 0)
  await clock.runUntilCondition(settled, 60_000, 50)
  t.ok(settled(), 'a group of 3 forms from the genesis peer')
  const original = group()

  const history = new HistoryRecorder({ clock: () => clock.now() })
  const acked = new Map<string, string>()
  let stop = false
  let nextProcess = 0
  const client = async (c: number): Promise<void> => {
    let process = nextProcess++
    let n = 0
    while (!stop) {
      const server = [...live.values()].filter(s => !down.has(s.acceptor.incarnation))[Math.floor(random() * live.size) % Math.max(1, live.size - down.size)]
      if (server === undefined) break
      const key = KEYS[Math.floor(random() * KEYS.length)]
      if (random() < 0.4) {
        const op = history.invoke(process, 'get', null, key)
        try {
          const s = await server.get(key)
          op.ok({ value: s.value === null ? null : new TextDecoder().decode(s.value), version: s.version, writeId: s.writeId })
        } catch (err) {
          op.fail(null, (err as Error).message) // a read that failed changed nothing
        }
      } else {
        const value = `c${c}-${n++}`
        const writeId = `w-${c}-${n}`
        const cas = random() < 0.5
        let ifVersion: bigint | null = null
        if (cas) {
          try { ifVersion = (await server.get(key)).version } catch { continue }
        }
        const op = history.invoke(process, 'put', { value, ifVersion, writeId }, key)
        try {
          const r = await server.put(key, enc.encode(value), ifVersion, writeId)
          if (r.ok) {
            op.ok({ version: r.version })
            acked.set(key, value)
          } else {
            op.ok({ mismatch: true, version: r.current.version })
          }
        } catch (err) {
          const code = (err as { code?: string }).code
          if (code === 'Unavailable') op.fail(null, code)
          else {
            op.info(null, code)
            process = nextProcess++
          }
        }
      }
      await new Promise<void>(resolve => clock.setTimeout(resolve, 5 + random() * 20))
    }
  }
  const clients = Promise.all([0, 1, 2, 3].map(client))

  // Replace every original member: a new peer joins, then one original member crashes.
  for (const id of original) {
    addPeer(false)
    await clock.runUntil(clock.now() + 1500)
    const victim = live.get(id)!
    network.crash(id)
    down.add(victim.acceptor.incarnation)
    await victim.stop()
    live.delete(id)
    await clock.runUntilCondition(() => settled() && !group().includes(id), 120_000, 50)
    t.ok(!group().includes(id), `crashed member ${id} left the group`)
  }
  await clock.runUntil(clock.now() + 2000)
  stop = true
  await clock.settle(clients, 60_000)

  t.same(group().filter(id => original.includes(id)), [], 'no original member is left')
  const result = checkHistory(versionedRegisterModel(), history.events, { timeoutMs: 20_000 })
  if (result.ok !== true) t.comment(explain(result, versionedRegisterModel()))
  t.equal(result.ok, true, `the history of ${history.events.length / 2} operations is linearizable`)
  const reader = [...live.values()][0]
  for (const key of KEYS) {
    if (!acked.has(key)) continue
    const s = await clock.settle(reader.get(key), 60_000)
    t.ok(s.version > 0n, `${key} still has its writes (version ${s.version})`)
  }
  for (const s of live.values()) await s.stop()
}

for (const seed of [1, 2]) {
  t.test(`seed ${seed}: every member replaced under load, history linearizable`, async t => { await run(t, seed) })
}
