import t from 'tap'
import { hashToId } from '../../ring/id.ts'
import { Simulation } from '../../node/sim/simulation.ts'
import type { ChordOptions } from '../../node/chord/types.ts'

/** Fast maintenance for tests; virtual time makes the periods free anyway. */
const chord = (extra: Partial<ChordOptions> = {}): Partial<ChordOptions> => ({
  vnodes: 1, stabilizeIntervalMs: 500, fixFingersIntervalMs: 500, checkPredecessorIntervalMs: 1000, ...extra
})

/** Concurrent lookups of `count` keys from random live peers: the mistakes and the mean hops. */
async function checkLookups (sim: Simulation, count: number): Promise<{ wrong: string[], meanHops: number }> {
  const asks = Array.from({ length: count }, (_, i) => ({ key: hashToId(`key-${sim.seed}-${i}`), from: sim.randomPeer() }))
  const answers = await sim.clock.settle(Promise.all(asks.map(async a => await a.from.lookup(a.key))))
  const wrong: string[] = []
  let hops = 0
  answers.forEach((got, i) => {
    hops += got.hops
    const want = sim.trueOwner(asks[i].key)
    if (got.owner.id !== want) wrong.push(`key-${i} from ${asks[i].from.peerId}: got ${got.owner.id.toString(16)} want ${want.toString(16)}`)
  })
  return { wrong, meanHops: hops / count }
}

t.test('a single peer forms a correct ring of its own vnodes', async t => {
  for (const vnodes of [1, 2, 8]) {
    const sim = new Simulation({ seed: 11, chord: chord({ vnodes }) })
    await sim.addPeer()
    t.same(sim.problems(), [], `v = ${vnodes}`)
    const { wrong } = await checkLookups(sim, 50)
    t.same(wrong, [], `v = ${vnodes}: every lookup answered locally and right`)
    await sim.stopAll()
  }
})

for (const n of [2, 3, 100]) {
  t.test(`${n} peers joining concurrently converge to the correct ring`, async t => {
    for (const seed of [1, 2, 3]) {
      const sim = new Simulation({ seed, chord: chord({ vnodes: n === 100 ? 2 : 3 }) })
      const first = await sim.addPeer()
      await sim.addPeers(n - 1, first)
      const ok = await sim.converge(120_000)
      t.ok(ok, `seed ${seed}: converged by ${sim.clock.now()} ms virtual`, { problems: sim.problems() })
      const { wrong } = await checkLookups(sim, 100)
      t.same(wrong, [], `seed ${seed}: lookups return the true owner`)
      await sim.stopAll()
    }
  })
}

t.test('random joins, graceful leaves and crashes always converge (no successor list wiped out)', async t => {
  // Each round applies a few random events without waiting for the ring to settle; at most
  // r - 1 = 2 crashes per round, so no vnode loses its whole successor list (s >= r + 1 spans
  // r + 1 distinct peers). After the last round the ring must converge and lookups be right.
  for (const seed of [101, 202, 303, 404]) {
    const sim = new Simulation({ seed, chord: chord({ vnodes: 2, replicas: 3 }) })
    const first = await sim.addPeer()
    await sim.addPeers(23, first)
    const history: string[] = []
    for (let round = 0; round < 12; round++) {
      let crashes = 0
      const events = 1 + Math.floor(sim.random() * 3)
      for (let e = 0; e < events; e++) {
        const roll = sim.random()
        if (roll < 0.4 || sim.peers.size < 12) {
          const [p] = await sim.addPeers(1)
          history.push(`round ${round}: join ${p.peerId}`)
        } else if (roll < 0.7) {
          const victim = sim.randomPeer().peerId
          await sim.leave(victim)
          history.push(`round ${round}: leave ${victim}`)
        } else if (crashes < 2) {
          const victim = sim.randomPeer().peerId
          await sim.crash(victim)
          crashes++
          history.push(`round ${round}: crash ${victim}`)
        }
      }
      await sim.runFor(500 + Math.floor(sim.random() * 2500))
      // Let the ring settle between rounds that crashed peers, so crashes never pile up
      // beyond r - 1 inside one successor list.
      if (crashes > 0) await sim.converge(60_000)
    }
    const ok = await sim.converge(120_000)
    t.ok(ok, `seed ${seed}: converged with ${sim.peers.size} peers`, { problems: sim.problems(), history })
    const { wrong } = await checkLookups(sim, 100)
    t.same(wrong, [], `seed ${seed}: lookups return the true owner`, { history })
    await sim.stopAll()
  }
})

t.test('lookups route around crashed peers before the ring has repaired itself', async t => {
  const sim = new Simulation({ seed: 77, chord: chord({ vnodes: 2 }) })
  const first = await sim.addPeer()
  await sim.addPeers(39, first)
  t.ok(await sim.converge(120_000), 'converged')
  await sim.runFor(10_000) // fingers filled
  const crashed = new Set<string>()
  for (let i = 0; i < 2; i++) {
    const victim = sim.randomPeer()
    for (const v of victim.vnodes) crashed.add(v.id.toString(16))
    await sim.crash(victim.peerId)
  }
  // No time for stabilization: a lookup may still name a crashed owner (its predecessor has
  // not noticed yet; the caller finds out when it contacts it), but never a wrong live one.
  const { wrong } = await checkLookups(sim, 100)
  const wrongLive = wrong.filter(w => !crashed.has(w.split(' got ')[1].split(' ')[0]))
  t.same(wrongLive, [], `no lookup names a wrong live owner (${wrong.length} named a crashed one)`)
  t.ok(await sim.converge(60_000), 'ring heals')
  const after = await checkLookups(sim, 100)
  t.same(after.wrong, [], 'all lookups right after healing')
  await sim.stopAll()
})

t.test('mean lookup hops stay within ½·log2 N + 1 at N = 1000 peers (v = 1)', async t => {
  const N = 1000
  const sim = new Simulation({ seed: 1000, chord: chord() })
  await sim.addPeer()
  while (sim.peers.size < N) await sim.addPeers(Math.min(N - sim.peers.size, Math.max(1, Math.floor(sim.peers.size / 2))))
  t.ok(await sim.converge(300_000), 'converged', { problems: sim.problems() })
  await sim.runFor(10_000)
  const { wrong, meanHops } = await checkLookups(sim, 400)
  t.same(wrong, [], 'every lookup finds the true owner')
  const bound = 0.5 * Math.log2(N) + 1
  t.ok(meanHops <= bound, `mean hops ${meanHops.toFixed(2)} <= ${bound.toFixed(2)}`)
  await sim.stopAll()
})

t.test('a run is reproducible from its seed', async t => {
  const run = async (): Promise<string> => {
    const sim = new Simulation({ seed: 4242, chord: chord({ vnodes: 3 }) })
    const first = await sim.addPeer()
    await sim.addPeers(15, first)
    await sim.crash(sim.randomPeer().peerId)
    await sim.runFor(20_000)
    const out = JSON.stringify({ events: sim.clock.eventsRun, net: sim.network.stats, ring: sim.snapshots() }, (_k, v) => typeof v === 'bigint' ? v.toString(16) : v)
    await sim.stopAll()
    return out
  }
  t.equal(await run(), await run(), 'same seed, same history')
})

t.test('the ring converges with every message encoded as protobuf on the way', async t => {
  const sim = new Simulation({ seed: 5, encode: true, chord: chord({ vnodes: 4 }) })
  const first = await sim.addPeer()
  await sim.addPeers(9, first)
  t.ok(await sim.converge(60_000), 'converged', { problems: sim.problems() })
  const { wrong } = await checkLookups(sim, 50)
  t.same(wrong, [])
  await sim.stopAll()
})

t.test('walkRing finds every live vnode as soon as the ring converged, while successor lists still lag', async t => {
  for (const seed of [31, 32]) {
    const sim = new Simulation({ seed, chord: chord({ vnodes: 4 }) })
    const first = await sim.addPeer()
    await sim.addPeers(11, first)
    await sim.addPeers(12) // a second wave joins into a ring whose lists are still filling
    t.ok(await sim.converge(60_000), `seed ${seed}: converged`)
    const want = sim.snapshots().flatMap(s => s.vnodes.filter(v => v.member).map(v => v.id)).sort((a, b) => (a < b ? -1 : 1))
    const got = (await sim.clock.settle(sim.randomPeer().walkRing())).map(n => n.id)
    t.same(got, want, `seed ${seed}: all ${want.length} vnodes, in id order`)
    await sim.stopAll()
  }
})
