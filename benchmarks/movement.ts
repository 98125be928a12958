/**
 * `npm run bench:movement`: how many keys change hands when one peer joins, one leaves
 * gracefully and one crashes, on the real placement code (ring/placement.ts, ring/view.ts), next
 * to the ideal (1/(N+1) of the keys on a join, 1/N on a departure) and to mod-N, jump and
 * rendezvous hashing computed on the same keys. Then the same events on a simulated KV ring
 * (node/sim with KvService on every peer): what the peers actually transferred must equal what
 * the placement computation predicts.
 *
 *   npm run bench:movement                # 100,000 keys; N = 10, 100, 1000; v = 1, 8, 32, 128
 *   npm run bench:movement -- --quick     # 10,000 keys; N = 10, 100
 *   npm run bench:movement -- --seed 7 --keys 50000 --trials 5
 *
 * Writes benchmarks/results/movement.json and movement.svg (quick runs: results/quick/).
 */
import { parseArgs } from 'node:util'
import { Simulation } from '../node/sim/simulation.ts'
import { seededRandom } from '../node/transport/clock.ts'
import { hashToId } from '../ring/id.ts'
import type { TokenStrategy } from '../ring/placement.ts'
import { RingView } from '../ring/view.ts'
import { jumpHash } from './lib/jump.ts'
import {
  buildRing, countMoved, hash64, jumpAssignment, jumpRemove, keyIds, keyNames, modNAssignment, peerNames,
  RendezvousTable, ringAssignment
} from './lib/movement.ts'
import type { Assignment, Moved } from './lib/movement.ts'
import { toHash64 } from './lib/rendezvous.ts'
import { benchFlags, endProgress, machine, printTable, progress, writeResults } from './lib/report.ts'
import { barChart } from './lib/svg.ts'

type RingEvent = 'join' | 'leave' | 'crash'
const EVENTS: readonly RingEvent[] = ['join', 'leave', 'crash']
const STRATEGIES: readonly TokenStrategy[] = ['hashed', 'balanced']
/** Replication factor r of the comparison (the daemon's default). */
const R = 3

const flags = benchFlags()
const { values: extra } = parseArgs({ args: process.argv.slice(2), options: { keys: { type: 'string' }, trials: { type: 'string' } }, strict: false })
const keyCount = Number(extra.keys ?? (flags.quick ? 10_000 : 100_000))
const trials = Number(extra.trials ?? (flags.quick ? 3 : 10))
const sizes = flags.quick ? [10, 100] : [10, 100, 1000]
const vnodeCounts = [1, 8, 32, 128]
const live = flags.quick ? { peers: 8, vnodes: [8], keys: 1000 } : { peers: 16, vnodes: [8, 32], keys: 5000 }
const started = performance.now()

/** One event's outcome as fractions of the keys (primaries) and of the r·K copies. */
interface Outcome {
  readonly primaryFraction: number
  readonly copyFraction: number
}

const outcome = (m: Moved, keys: number, copiesPerKey: number): Outcome => ({ primaryFraction: m.primaries / keys, copyFraction: m.copies / (keys * copiesPerKey) })
const idealOf = (event: RingEvent, n: number): number => (event === 'join' ? 1 / (n + 1) : 1 / n)
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** Peer departures of each trial: distinct victims for the leave and the crash, drawn by seed. */
function victims (n: number, seed: number): Array<{ leave: number, crash: number }> {
  const random = seededRandom(seed ^ n)
  return Array.from({ length: trials }, () => {
    const leave = Math.floor(random() * n)
    let crash = Math.floor(random() * (n - 1))
    if (crash >= leave) crash++
    return { leave, crash }
  })
}

// ------------------------------------------------------------------ placement computation

progress(`bench:movement: hashing ${keyCount} keys`)
const keys = keyNames(flags.seed, keyCount)
const ids = keyIds(keys)
const hashes = ids.map(hash64)
const keys64 = hashes.map(toHash64)

interface RingCell {
  strategy: TokenStrategy
  peers: number
  vnodes: number
  event: RingEvent
  ideal: number
  trials: Outcome[]
  /** Means over the trials, and the worst trial, as multiples of the ideal. */
  primaryFraction: number
  copyFraction: number
  primaryOverIdeal: number
  primaryOverIdealWorst: number
  copiesOverIdeal: number
  copiesOverIdealWorst: number
}

interface ReferenceCell {
  scheme: 'mod-N' | 'jump' | 'rendezvous'
  peers: number
  event: RingEvent
  ideal: number
  primaryFraction: number
  /** null for jump hash, which has no replica sets. */
  copyFraction: number | null
  primaryOverIdeal: number
  copiesOverIdeal: number | null
}

function summarize (strategy: TokenStrategy, n: number, v: number, event: RingEvent, runs: Outcome[]): RingCell {
  const ideal = idealOf(event, n)
  const p = runs.map(o => o.primaryFraction / ideal)
  const c = runs.map(o => o.copyFraction / ideal)
  return {
    strategy, peers: n, vnodes: v, event, ideal, trials: runs,
    primaryFraction: mean(runs.map(o => o.primaryFraction)),
    copyFraction: mean(runs.map(o => o.copyFraction)),
    primaryOverIdeal: mean(p),
    primaryOverIdealWorst: Math.max(...p),
    copiesOverIdeal: mean(c),
    copiesOverIdealWorst: Math.max(...c)
  }
}

const ringCells: RingCell[] = []
for (const n of sizes) {
  const names = peerNames(flags.seed, n)
  const departures = victims(n, flags.seed)
  for (const strategy of STRATEGIES) {
    for (const v of vnodeCounts) {
      progress(`bench:movement: ${strategy} ring, N = ${n}, v = ${v}: building`)
      const vnodes = buildRing(strategy, names, v)
      const view = RingView.from(vnodes)
      const before = ringAssignment(view, ids, R)
      const runs: Record<RingEvent, Outcome[]> = { join: [], leave: [], crash: [] }
      for (let t = 0; t < trials; t++) {
        progress(`bench:movement: ${strategy} ring, N = ${n}, v = ${v}: trial ${t + 1}/${trials}`)
        const joiner = `peer-${flags.seed}-join-${t}`
        const joined = RingView.from(buildRing(strategy, [joiner], v, vnodes))
        runs.join.push(outcome(countMoved(before, ringAssignment(joined, ids, R)), keyCount, R))
        for (const event of ['leave', 'crash'] as const) {
          const gone = names[departures[t][event]]
          const without = RingView.from(vnodes.filter(x => x.peerId !== gone))
          runs[event].push(outcome(countMoved(before, ringAssignment(without, ids, R)), keyCount, R))
        }
      }
      for (const event of EVENTS) ringCells.push(summarize(strategy, n, v, event, runs[event]))
    }
  }
}

const referenceCells: ReferenceCell[] = []
for (const n of sizes) {
  progress(`bench:movement: mod-N, jump and rendezvous hashing, N = ${n}`)
  const names = peerNames(flags.seed, n)
  const departures = victims(n, flags.seed)
  const peerHashes = names.map(p => toHash64(hash64(hashToId(p))))
  const table = new RendezvousTable(keys64, names, peerHashes, R)
  const base = {
    'mod-N': modNAssignment(hashes, names, R),
    jump: jumpAssignment(hashes, names, jumpHash),
    rendezvous: table.assignment()
  }
  const runs = new Map<string, Outcome[]>()
  const push = (scheme: string, event: RingEvent, before: Assignment, after: Assignment, copiesPerKey: number): void => {
    const k = `${scheme}/${event}`
    runs.set(k, [...(runs.get(k) ?? []), outcome(countMoved(before, after), keyCount, copiesPerKey)])
  }
  for (let t = 0; t < trials; t++) {
    const joiner = `peer-${flags.seed}-join-${t}`
    push('mod-N', 'join', base['mod-N'], modNAssignment(hashes, [...names, joiner], R), R)
    push('jump', 'join', base.jump, jumpAssignment(hashes, [...names, joiner], jumpHash), 1)
    push('rendezvous', 'join', base.rendezvous, table.afterJoin(joiner, toHash64(hash64(hashToId(joiner)))), R)
    for (const event of ['leave', 'crash'] as const) {
      const i = departures[t][event]
      push('mod-N', event, base['mod-N'], modNAssignment(hashes, names.filter((_, j) => j !== i), R), R)
      push('jump', event, base.jump, jumpAssignment(hashes, jumpRemove(names, i), jumpHash), 1)
      push('rendezvous', event, base.rendezvous, table.afterLeave(i), R)
    }
  }
  for (const scheme of ['mod-N', 'jump', 'rendezvous'] as const) {
    for (const event of EVENTS) {
      const rs = runs.get(`${scheme}/${event}`) as Outcome[]
      const ideal = idealOf(event, n)
      const primaryFraction = mean(rs.map(o => o.primaryFraction))
      const copyFraction = scheme === 'jump' ? null : mean(rs.map(o => o.copyFraction))
      referenceCells.push({
        scheme, peers: n, event, ideal, primaryFraction, copyFraction,
        primaryOverIdeal: primaryFraction / ideal,
        copiesOverIdeal: copyFraction === null ? null : copyFraction / ideal
      })
    }
  }
}

// ------------------------------------------------------------------ live: a simulated KV ring

/** Anti-entropy period of the simulated KV ring, in ms of virtual time. */
const ANTI_ENTROPY_MS = 2000
/** Virtual time after convergence before the keys are written (20 stabilize rounds). */
const SUCCESSOR_LISTS_SETTLE_MS = 10_000

interface LiveCell {
  event: RingEvent
  peers: number
  vnodes: number
  keys: number
  /** Placement computation on the ring's true vnodes before and after the event. */
  predictedPrimaries: number
  predictedCopies: number
  /** Copies held before the event by peers outside the key's replica set (0 expected; they would make copiesAppeared smaller). */
  staleCopiesBefore: number
  /** Copies that appeared on peers that did not hold them (store contents before and after). */
  copiesAppeared: number
  /** What the KV layers counted: Σ over peers of keysMovedIn + keysMovedOut. */
  keysTransferred: number
  /** The same, split: pulled by joiners and anti-entropy (in) and pushed (out). */
  keysMovedIn: number
  keysMovedOut: number
  /** Whether the copies that appeared are exactly the ones the placement computation predicts. */
  agree: boolean
  /** Keys sent beyond the copies needed (a leaving peer hands its range to a successor that already holds most of it). */
  sentBeyondNeeded: number
  virtualMs: number
  wallMs: number
}

/** The ring the live peers form: their member vnodes. */
function trueView (sim: Simulation): RingView {
  return RingView.from(sim.snapshots().flatMap(s => s.vnodes.filter(v => v.member).map(v => ({ id: v.id, peerId: s.peerId, index: v.index }))))
}

/** Which keys (by index) each live peer holds a live copy of. */
function holdings (sim: Simulation, names: readonly string[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>()
  for (const [peerId, kv] of sim.kv) {
    const held = new Set<number>()
    names.forEach((key, k) => {
      const item = kv.store.peek(key)
      if (item !== undefined && item.deleted !== true) held.add(k)
    })
    out.set(peerId, held)
  }
  return out
}

/** Whether every key is held by every peer of its replica set in `assignment`. */
function placed (sim: Simulation, names: readonly string[], assignment: Assignment): boolean {
  return names.every((key, k) => assignment.peers[k].every(p => sim.kv.get(p)?.store.peek(key) !== undefined))
}

async function liveEvent (event: RingEvent, n: number, v: number, count: number, seed: number): Promise<LiveCell> {
  const wallStart = performance.now()
  const sim = new Simulation({ seed, chord: { vnodes: v, replicas: R }, kv: { writeQuorum: 2, antiEntropyIntervalMs: ANTI_ENTROPY_MS } })
  try {
    const first = await sim.addPeer()
    await sim.addPeers(n - 1, first)
    if (!await sim.converge(120_000)) throw new Error(`seed ${seed}: the ring of ${n} peers did not converge: ${sim.problems().slice(0, 3).join('; ')}`)
    // converge() checks first successors and predecessors; deeper successor-list entries (the
    // replica sets) catch up a few stabilize rounds later. Writes made before that leave copies
    // on peers outside the final replica sets, which are never collected (docs/kv.md).
    await sim.runFor(SUCCESSOR_LISTS_SETTLE_MS)
    const names = keyNames(seed, count).map(k => `live-${k}`)
    const value = new Uint8Array(100).fill(0x61)
    const peers = [...sim.kv.values()]
    for (let start = 0; start < names.length; start += 100) {
      const batch = names.slice(start, start + 100)
      const results = await sim.clock.settle(Promise.allSettled(batch.map(async (key, j) =>
        await peers[(start + j) % peers.length].mutate({ type: 'mutate', op: 'set', key, value, hops: 0 }))))
      const failed = results.filter(r => r.status === 'rejected' || r.value.status !== 'STORED').length
      if (failed > 0) throw new Error(`seed ${seed}: ${failed} writes failed`)
    }
    const liveIds = names.map(k => hashToId(k))
    const beforeView = trueView(sim)
    const before = ringAssignment(beforeView, liveIds, R)
    if (!await sim.clock.runUntilCondition(() => placed(sim, names, before), 60_000, 500)) throw new Error(`seed ${seed}: copies not in place before the ${event}`)
    await sim.runFor(2 * ANTI_ENTROPY_MS) // the rounds after the writes: nothing left to repair
    const heldBefore = holdings(sim, names)
    let staleCopiesBefore = 0
    for (const [peerId, held] of heldBefore) for (const k of held) if (!before.peers[k].includes(peerId)) staleCopiesBefore++
    const services = new Map(sim.kv)
    const countersBefore = new Map([...services].map(([id, kv]) => [id, { in: kv.stats.keysMovedIn, out: kv.stats.keysMovedOut }]))
    const virtualStart = sim.clock.now()

    if (event === 'join') {
      const [joiner] = await sim.addPeers(1)
      services.set(joiner.peerId, sim.kv.get(joiner.peerId)!)
    } else {
      const ids = [...sim.peers.keys()]
      const victim = ids[Math.floor(seededRandom(seed ^ 0x51ed)() * ids.length)]
      if (event === 'leave') await sim.leave(victim)
      else await sim.crash(victim)
    }
    if (!await sim.converge(120_000)) throw new Error(`seed ${seed}: the ring did not converge after the ${event}`)
    const afterView = trueView(sim)
    const after = ringAssignment(afterView, liveIds, R)
    const predicted = countMoved(before, after)
    if (!await sim.clock.runUntilCondition(() => placed(sim, names, after), 120_000, 500)) throw new Error(`seed ${seed}: copies not in place after the ${event}`)
    await sim.runFor(2 * ANTI_ENTROPY_MS) // and nothing more moves
    const virtualMs = sim.clock.now() - virtualStart

    let copiesAppeared = 0
    for (const [peerId, held] of holdings(sim, names)) {
      const had = heldBefore.get(peerId) ?? new Set<number>()
      for (const k of held) if (!had.has(k)) copiesAppeared++
    }
    let keysMovedIn = 0
    let keysMovedOut = 0
    for (const [id, kv] of services) {
      keysMovedIn += kv.stats.keysMovedIn - (countersBefore.get(id)?.in ?? 0)
      keysMovedOut += kv.stats.keysMovedOut - (countersBefore.get(id)?.out ?? 0)
    }
    const keysTransferred = keysMovedIn + keysMovedOut
    return {
      event, peers: n, vnodes: v, keys: count,
      predictedPrimaries: predicted.primaries,
      predictedCopies: predicted.copies,
      staleCopiesBefore, copiesAppeared, keysTransferred, keysMovedIn, keysMovedOut,
      agree: copiesAppeared === predicted.copies,
      sentBeyondNeeded: keysTransferred - predicted.copies,
      virtualMs,
      wallMs: performance.now() - wallStart
    }
  } finally {
    await sim.stopAll()
  }
}

const liveCells: LiveCell[] = []
for (const v of live.vnodes) {
  for (const event of EVENTS) {
    progress(`bench:movement: simulated KV ring of ${live.peers} peers, v = ${v}, ${live.keys} keys: ${event}`)
    liveCells.push(await liveEvent(event, live.peers, v, live.keys, flags.seed))
  }
}
endProgress()

// ------------------------------------------------------------------ report

const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(x < 0.01 ? 3 : 2)}%`)
const times = (x: number | null): string => (x === null ? '-' : `${x.toFixed(2)}×`)
const cellOf = (strategy: TokenStrategy, n: number, v: number, event: RingEvent): RingCell =>
  ringCells.find(c => c.strategy === strategy && c.peers === n && c.vnodes === v && c.event === event) as RingCell

console.log(`Keys that change primary and replica copies moved (r = ${R}), ${keyCount} keys, mean of ${trials} trials (worst in brackets), as multiples of the ideal`)
printTable(['N', 'v', 'event', 'ideal', 'hashed: keys', 'hashed: copies', 'balanced: keys', 'balanced: copies'],
  sizes.flatMap(n => vnodeCounts.flatMap(v => EVENTS.map(event => {
    const h = cellOf('hashed', n, v, event)
    const b = cellOf('balanced', n, v, event)
    return [n, v, event, pct(h.ideal),
      `${pct(h.primaryFraction)} = ${times(h.primaryOverIdeal)} (${times(h.primaryOverIdealWorst)})`,
      `${times(h.copiesOverIdeal)} (${times(h.copiesOverIdealWorst)})`,
      `${times(b.primaryOverIdeal)} (${times(b.primaryOverIdealWorst)})`,
      `${times(b.copiesOverIdeal)} (${times(b.copiesOverIdealWorst)})`]
  }))))

const refOf = (scheme: ReferenceCell['scheme'], n: number, event: RingEvent): ReferenceCell =>
  referenceCells.find(c => c.scheme === scheme && c.peers === n && c.event === event) as ReferenceCell
console.log('\nThe same keys under mod-N, jump and rendezvous hashing (keys = primaries; copies: r = 3; jump has no replica sets)')
printTable(['N', 'event', 'ideal', 'mod-N keys', 'mod-N copies', 'jump keys', 'rendezvous keys', 'rendezvous copies'],
  sizes.flatMap(n => EVENTS.map(event => {
    const m = refOf('mod-N', n, event)
    const j = refOf('jump', n, event)
    const r = refOf('rendezvous', n, event)
    return [n, event, pct(m.ideal),
      `${pct(m.primaryFraction)} = ${times(m.primaryOverIdeal)}`, times(m.copiesOverIdeal),
      `${pct(j.primaryFraction)} = ${times(j.primaryOverIdeal)}`,
      `${pct(r.primaryFraction)} = ${times(r.primaryOverIdeal)}`, times(r.copiesOverIdeal)]
  })))

console.log(`\nSimulated KV ring (node/sim, KvService on every peer, r = ${R}): placement computation vs what the peers transferred`)
printTable(['peers', 'v', 'keys', 'event', 'predicted primaries', 'predicted copies', 'stale before', 'copies appeared', 'agree', 'keys sent (in + out)', 'sent beyond needed'],
  liveCells.map(c => [c.peers, c.vnodes, c.keys, c.event, c.predictedPrimaries, c.predictedCopies, c.staleCopiesBefore, c.copiesAppeared, c.agree ? 'yes' : 'NO',
    `${c.keysTransferred} (${c.keysMovedIn} + ${c.keysMovedOut})`, c.sentBeyondNeeded]))

const categories = sizes.map(n => `N = ${n}`)
const series = [
  ...vnodeCounts.map(v => ({ name: `ring, hashed, v = ${v}`, values: sizes.map(n => cellOf('hashed', n, v, 'join').primaryOverIdeal) })),
  { name: 'ring, balanced, v = 32', values: sizes.map(n => cellOf('balanced', n, 32, 'join').primaryOverIdeal) },
  { name: 'rendezvous', values: sizes.map(n => refOf('rendezvous', n, 'join').primaryOverIdeal) },
  { name: 'jump', values: sizes.map(n => refOf('jump', n, 'join').primaryOverIdeal) },
  { name: 'mod-N', values: sizes.map(n => refOf('mod-N', n, 'join').primaryOverIdeal) }
]
const svg = barChart({
  title: `Keys that change primary when one peer joins (${keyCount} keys, mean of ${trials})`,
  yLabel: 'keys moved ÷ ideal 1/(N+1)  (log scale)',
  xLabel: 'physical peers before the join',
  categories,
  series,
  yScale: 'log',
  references: [{ label: 'ideal', value: 1 }, { label: 'target 1.1×', value: 1.1 }]
})
const files = writeResults('movement', {
  benchmark: 'movement',
  quick: flags.quick,
  seed: flags.seed,
  keys: keyCount,
  replicas: R,
  trials,
  machine: machine(),
  wallSeconds: (performance.now() - started) / 1000,
  definitions: {
    primaryFraction: 'keys whose primary physical peer changed ÷ keys',
    copyFraction: 'copies in the new replica sets that were not in the old ones ÷ (r · keys)',
    ideal: 'join: 1/(N+1); leave or crash: 1/N',
    leaveVsCrash: 'the same change of placement (one peer gone); they differ in who sends the data, see live',
    jumpLeave: 'jump hash numbers buckets 0…N−1: the last peer takes the leaver\'s bucket'
  },
  ring: ringCells,
  references: referenceCells,
  live: liveCells
}, svg)
console.log(`\nwrote ${files.join(', ')}`)
if (liveCells.some(c => !c.agree)) console.log('NOTE: on some events the copies the peers gained differ from what the placement predicts (see the table).')
