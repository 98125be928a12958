/**
 * `npm run bench:hops`: lookup path length (remote peers asked per lookup) against the number of
 * physical peers N, in the simulator (the real node/chord code in virtual time) with v = 1 and
 * v = 16 vnodes per peer, and on live testnets of real OS processes; ½·log2 N is Chord's
 * expectation (Stoica et al. 2001) and ½·log2 N + 1 the target.
 *
 * Simulator: one ring grows by waves of concurrent joins (16, 32, 64, … peers); at each size it
 * converges, runs two finger-table passes (fix_fingers), then issues lookups of random keys from
 * random peers and checks every answer against the true owner. A size that would take the wall
 * time past --budget-s is not attempted; the sizes reached and their wall times are reported.
 *
 * Testnet (v = 8, the daemon default): `get` requests for keys the receiving peer does not own,
 * sent straight to that peer over libp2p and marked as forwarded once (hops = 1, so the peer
 * does not answer from its cached ring view), make it resolve each key with one Chord lookup
 * (the KV layer's forwarding path). Hops come from the peers' own counters (GET /stats: chord.lookups,
 * chord.lookupHops), which also count maintenance lookups (fix_fingers); those are measured
 * in an idle window first and taken out. The counters give a mean only, no percentiles.
 *
 *   npm run bench:hops                     # sim v = 1 to 10,000 peers, v = 16 within the budget; testnets of 8, 16, 32
 *   npm run bench:hops -- --quick          # sim up to 128 (v = 1) and 32 (v = 16); a testnet of 8
 *   npm run bench:hops -- --max-peers 4096 --budget-s 600 --lookups 2000 --no-testnet
 *   npm run bench:hops -- --no-sim         # testnets only; keeps the simulator part of the last hops.json
 *
 * Writes benchmarks/results/hops.json and hops.svg (quick runs: results/quick/).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { connect } from '../client/index.ts'
import { Simulation } from '../node/sim/simulation.ts'
import { kvCodec } from '../node/protocol/kv-codec.ts'
import { createLibp2pTransport } from '../node/transport/libp2p.ts'
import { hashToId } from '../ring/id.ts'
import { RingView } from '../ring/view.ts'
import { startTestnet } from '../testnet/index.ts'
import { benchFlags, distribution, endProgress, machine, printTable, progress, resultsDir, writeResults } from './lib/report.ts'
import { lineChart } from './lib/svg.ts'

const flags = benchFlags()
const { values: extra } = parseArgs({
  args: process.argv.slice(2),
  options: { 'max-peers': { type: 'string' }, 'budget-s': { type: 'string' }, lookups: { type: 'string' }, 'no-testnet': { type: 'boolean' }, 'no-sim': { type: 'boolean' } },
  strict: false
})
const maxPeers = Number(extra['max-peers'] ?? (flags.quick ? 128 : 10_000))
/** Wall-time budget of each simulated series (v = 1, v = 16), in seconds. */
const budgetS = Number(extra['budget-s'] ?? (flags.quick ? 60 : 1500))
const lookupsPerSize = Number(extra.lookups ?? (flags.quick ? 200 : 1000))
const series = extra['no-sim'] === true
  ? []
  : flags.quick ? [{ vnodes: 1, maxPeers }, { vnodes: 16, maxPeers: Math.min(maxPeers, 32) }] : [{ vnodes: 1, maxPeers }, { vnodes: 16, maxPeers }]
const testnetSizes = extra['no-testnet'] === true ? [] : flags.quick ? [8] : [8, 16, 32]
const testnetLookups = flags.quick ? 400 : 4000
const TESTNET_VNODES = 8
const started = performance.now()

/** Sizes a series grows through: 16, 32, 64, … and finally max itself. */
function sizesUpTo (max: number): number[] {
  const out: number[] = []
  for (let n = 16; n < max; n *= 2) out.push(n)
  out.push(max)
  return out
}

const halfLog2 = (n: number): number => 0.5 * Math.log2(n)

interface SimCell {
  vnodes: number
  peers: number
  lookups: number
  mean: number
  p50: number
  p99: number
  max: number
  /** Lookups that failed, or named a vnode other than the true owner. */
  failed: number
  wrong: number
  converged: boolean
  halfLog2N: number
  target: number
  /** Wall time of this size: joins until converged, finger passes, lookups. */
  wallMs: { join: number, fingers: number, lookups: number }
  /** CPU time (user + system) of this size, in ms: less sensitive than wall time to other load on the machine. */
  cpuMs: number
  virtualMs: number
  events: number
}

interface SeriesRun {
  vnodes: number
  requestedPeers: number
  reachedPeers: number
  wallSeconds: number
  /** Why it stopped short of requestedPeers, if it did. */
  stopped: string | null
}

/** Lookups of keys `initiator` does not own, from random peers, checked against the true ring. */
async function simLookups (sim: Simulation, count: number, tag: string): Promise<{ hops: number[], failed: number, wrong: number }> {
  const view = RingView.from(sim.snapshots().flatMap(s => s.vnodes.filter(v => v.member).map(v => ({ id: v.id, peerId: s.peerId }))))
  const hops: number[] = []
  let failed = 0
  let wrong = 0
  const BATCH = 50
  for (let start = 0; start < count; start += BATCH) {
    const batch: Array<{ peer: ReturnType<Simulation['randomPeer']>, key: bigint }> = []
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const peer = sim.randomPeer()
      let key = hashToId(`${tag}-${i}`)
      for (let salt = 0; view.primary(key)?.peerId === peer.peerId; salt++) key = hashToId(`${tag}-${i}-${salt}`)
      batch.push({ peer, key })
    }
    const results = await sim.clock.settle(Promise.allSettled(batch.map(async ({ peer, key }) => await peer.lookup(key))))
    results.forEach((r, j) => {
      if (r.status === 'rejected') { failed++; return }
      hops.push(r.value.hops)
      if (r.value.owner.id !== view.primary(batch[j].key)?.id) wrong++
    })
  }
  return { hops, failed, wrong }
}

/** Finger-table passes: log2 of the vnode count, one finger per fix_fingers round (500 ms), twice. */
const fingerSettleMs = (vnodes: number): number => 2 * Math.ceil(Math.log2(Math.max(2, vnodes))) * 500

async function simulateSeries (vnodes: number, max: number, onCell: (cell: SimCell) => void): Promise<{ cells: SimCell[], run: SeriesRun }> {
  const seriesStart = performance.now()
  const sim = new Simulation({ seed: flags.seed, chord: { vnodes } })
  const cells: SimCell[] = []
  let stopped: string | null = null
  try {
    await sim.addPeer()
    for (const target of sizesUpTo(max)) {
      const elapsedS = (performance.now() - seriesStart) / 1000
      // The next size costs at least as much wall time as everything so far (sizes double).
      if (cells.length > 0 && elapsedS * 2 > budgetS) {
        stopped = `wall-time budget of ${budgetS} s: reached ${sim.peers.size} peers in ${elapsedS.toFixed(0)} s`
        break
      }
      const t0 = performance.now()
      const cpu0 = process.cpuUsage()
      const v0 = sim.clock.now()
      const e0 = sim.clock.eventsRun
      progress(`bench:hops: sim v = ${vnodes}: ${sim.peers.size} → ${target} peers (joining)`)
      await sim.addPeers(target - sim.peers.size)
      const converged = await sim.converge(300_000, target >= 2000 ? 1000 : 250)
      const t1 = performance.now()
      progress(`bench:hops: sim v = ${vnodes}: ${target} peers (fingers)`)
      await sim.runFor(fingerSettleMs(target * vnodes))
      const t2 = performance.now()
      progress(`bench:hops: sim v = ${vnodes}: ${target} peers (${lookupsPerSize} lookups)`)
      const { hops, failed, wrong } = await simLookups(sim, lookupsPerSize, `hops-${flags.seed}-${vnodes}-${target}`)
      const t3 = performance.now()
      const d = distribution(hops)
      const cpu = process.cpuUsage(cpu0)
      // A line per size that stays on screen: partial results survive an interrupted run.
      console.error(`bench:hops: sim v = ${vnodes}, N = ${target}: mean ${d.mean.toFixed(2)}, p50 ${d.p50}, p99 ${d.p99} hops (½·log2 N = ${halfLog2(target).toFixed(2)}); ` +
        `${failed} failed, ${wrong} wrong; converged ${String(converged)}; wall ${((t3 - t0) / 1000).toFixed(1)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`)
      cells.push({
        vnodes, peers: target, lookups: hops.length, mean: d.mean, p50: d.p50, p99: d.p99, max: d.max, failed, wrong, converged,
        halfLog2N: halfLog2(target), target: halfLog2(target) + 1,
        wallMs: { join: t1 - t0, fingers: t2 - t1, lookups: t3 - t2 },
        cpuMs: (cpu.user + cpu.system) / 1000,
        virtualMs: sim.clock.now() - v0,
        events: sim.clock.eventsRun - e0
      })
      onCell(cells[cells.length - 1])
    }
  } finally {
    await sim.stopAll()
  }
  return { cells, run: { vnodes, requestedPeers: max, reachedPeers: cells[cells.length - 1]?.peers ?? 1, wallSeconds: (performance.now() - seriesStart) / 1000, stopped } }
}

const simCells: SimCell[] = []
const seriesRuns: SeriesRun[] = []
const testnetCells: TestnetCell[] = []
const testnetFailures: Array<{ peers: number, error: string }> = []
// --no-sim / --no-testnet rerun one part: the other part of an earlier run of the same mode and
// seed (in the same results directory) is kept, so that one hops.json holds both.
const carriedOver = carryOver()
for (const s of series) {
  const { run } = await simulateSeries(s.vnodes, s.maxPeers, cell => {
    simCells.push(cell)
    save() // after every size: a long run that is interrupted keeps what it measured
  })
  seriesRuns.push(run)
  save()
}

// ------------------------------------------------------------------ live testnets

interface ChordCounters { lookups: number, lookupHops: number, lookupFailures: number }

interface TestnetCell {
  peers: number
  vnodes: number
  /** Lookups our get requests caused (one per key, none owned by the peer asked). */
  lookups: number
  /** Estimated mean hops of those lookups (maintenance lookups in the same window taken out). */
  mean: number
  /** Mean hops of the maintenance lookups (fix_fingers and loop checks) in the idle window. */
  maintenanceMean: number
  maintenanceLookupsInWindow: number
  /** Lookups that failed in the measured window (all maintenance: a failed get would abort the run). */
  lookupFailures: number
  /** The idle window: maintenance lookups, and how many of them failed. */
  idleLookups: number
  idleLookupFailures: number
  /** The simulator at the same N and v, same method (keys not owned by the initiator). */
  simMean: number
  halfLog2N: number
  target: number
  wallMs: number
}

async function chordCounters (http: readonly string[]): Promise<ChordCounters> {
  const all = await Promise.all(http.map(async h => {
    const res = await fetch(`http://${h}/stats`, { signal: AbortSignal.timeout(5000) })
    return ((await res.json()) as { chord: ChordCounters }).chord
  }))
  return all.reduce((a, c) => ({ lookups: a.lookups + c.lookups, lookupHops: a.lookupHops + c.lookupHops, lookupFailures: a.lookupFailures + c.lookupFailures }),
    { lookups: 0, lookupHops: 0, lookupFailures: 0 })
}

const minus = (a: ChordCounters, b: ChordCounters): ChordCounters => ({ lookups: a.lookups - b.lookups, lookupHops: a.lookupHops - b.lookupHops, lookupFailures: a.lookupFailures - b.lookupFailures })

async function testnetHops (n: number): Promise<TestnetCell> {
  const t0 = performance.now()
  progress(`bench:hops: starting a testnet of ${n} peers`)
  const testnet = await startTestnet({
    peers: n,
    vnodes: TESTNET_VNODES,
    replicas: 3,
    childStderr: 'ignore',
    // Generous: 32 processes starting on 2 busy cores can take a while each.
    startTimeoutMs: 120_000,
    consistentTimeoutMs: 180_000,
    onProgress: m => { progress(`bench:hops: testnet of ${n}: ${m}`) }
  })
  // Deadlines for 2 cores running 32 peer processes: a stream open waits for a busy peer.
  const transport = await createLibp2pTransport({ listen: [], defaultTimeoutMs: 30_000 })
  try {
    // A ring view is a walk of the whole ring: give it time on a loaded machine.
    const db = await connect({ bootstrap: testnet.peers.map(p => p.multiaddrs[0]), timeoutMs: 30_000 })
    const view = db.ring()
    await db.close()
    const http = testnet.peers.map(p => p.http)
    const codec = kvCodec(view.m)

    // Open the connection and stream to every peer first, one at a time, so that the measured
    // window holds no dials. A get carries at least one key; its lookup falls before the window.
    for (const peer of testnet.peers) {
      await transport.request({ peerId: peer.peerId, addrs: peer.multiaddrs }, codec, { type: 'get', keys: [`hops-warm-${peer.peerId}`], hops: 0 }, { timeoutMs: 30_000 })
    }

    // Maintenance lookups alone, for as long as the measured window will roughly last.
    progress(`bench:hops: testnet of ${n}: idle window (maintenance lookups only)`)
    const idle0 = await chordCounters(http)
    await sleep(flags.quick ? 2000 : 5000)
    const idle = minus(await chordCounters(http), idle0)

    progress(`bench:hops: testnet of ${n}: ${testnetLookups} lookups through get requests`)
    const perPeer = Math.ceil(testnetLookups / n)
    const before = await chordCounters(http)
    let sent = 0
    const resolveThrough = async (peer: (typeof testnet.peers)[number], i: number): Promise<void> => {
      const keys: string[] = []
      for (let k = 0; keys.length < perPeer; k++) {
        const key = `hops-live-${flags.seed}-${n}-${i}-${k}`
        if (view.primary(hashToId(key, view.m))?.peerId !== peer.peerId) keys.push(key)
      }
      for (let start = 0; start < keys.length; start += 128) {
        const batch = keys.slice(start, start + 128)
        // hops: 1 marks the request as forwarded once already: the peer then resolves each key
        // by a Chord lookup instead of the ring view it caches for first-hop requests.
        await transport.request({ peerId: peer.peerId, addrs: peer.multiaddrs }, codec, { type: 'get', keys: batch, hops: 1 }, { timeoutMs: 30_000 })
        sent += batch.length
      }
    }
    // Four peers at a time: enough to keep the ring busy, not enough to starve 2 cores.
    const entries = testnet.peers.map((peer, i) => ({ peer, i }))
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let next = entries.shift(); next !== undefined; next = entries.shift()) await resolveThrough(next.peer, next.i)
    }))
    const window = minus(await chordCounters(http), before)
    if (window.lookups < sent) {
      throw new Error(`the peers counted ${window.lookups} lookups for ${sent} keys sent: they no longer resolve forwarded gets by lookup, so this method does not measure hops`)
    }
    const idleMean = idle.lookupHops / Math.max(1, idle.lookups - idle.lookupFailures)
    const maintenance = Math.max(0, window.lookups - sent)
    const mean = (window.lookupHops - (maintenance - window.lookupFailures) * idleMean) / sent

    progress(`bench:hops: simulator at ${n} peers, v = ${TESTNET_VNODES}, for comparison`)
    const sim = new Simulation({ seed: flags.seed, chord: { vnodes: TESTNET_VNODES } })
    const first = await sim.addPeer()
    await sim.addPeers(n - 1, first)
    await sim.converge(120_000)
    await sim.runFor(fingerSettleMs(n * TESTNET_VNODES))
    const simRun = await simLookups(sim, testnetLookups, `hops-sim-${flags.seed}-${n}`)
    await sim.stopAll()

    return {
      peers: n, vnodes: TESTNET_VNODES, lookups: sent, mean, maintenanceMean: idleMean, maintenanceLookupsInWindow: maintenance,
      lookupFailures: window.lookupFailures, idleLookups: idle.lookups, idleLookupFailures: idle.lookupFailures, simMean: distribution(simRun.hops).mean,
      halfLog2N: halfLog2(n), target: halfLog2(n) + 1, wallMs: performance.now() - t0
    }
  } finally {
    await transport.stop()
    await testnet.stop()
  }
}

for (const n of testnetSizes) {
  try {
    testnetCells.push(await testnetHops(n))
  } catch (err) {
    // A testnet that cannot start on a loaded machine must not cost the simulator's results.
    const error = (err as Error).message.slice(0, 400)
    console.error(`bench:hops: the testnet of ${n} peers failed: ${error}`)
    testnetFailures.push({ peers: n, error })
  }
  save()
}
endProgress()

// ------------------------------------------------------------------ report

console.log('Simulator: hops per lookup (remote peers asked), keys not owned by the initiator')
printTable(['v', 'N', 'lookups', 'mean', 'p50', 'p99', 'max', '½·log2 N', 'target', 'met', 'failed', 'wrong', 'wall s', 'cpu s'],
  simCells.map(c => [c.vnodes, c.peers, c.lookups, c.mean, c.p50, c.p99, c.max, c.halfLog2N, c.target, c.mean <= c.target ? 'yes' : 'NO', c.failed, c.wrong,
    (c.wallMs.join + c.wallMs.fingers + c.wallMs.lookups) / 1000, c.cpuMs / 1000]))
for (const r of seriesRuns) {
  console.log(`v = ${r.vnodes}: reached ${r.reachedPeers} of ${r.requestedPeers} peers in ${r.wallSeconds.toFixed(0)} s wall${r.stopped !== null ? ` (${r.stopped})` : ''}`)
}
if (testnetCells.length > 0) {
  console.log(`\nTestnet (OS processes, libp2p on loopback, v = ${TESTNET_VNODES}): mean hops from the peers' chord counters`)
  printTable(['N', 'lookups', 'mean', 'maintenance mean', 'sim mean (same N, v)', '½·log2 N', 'target', 'met', 'idle: maintenance lookups failed', 'wall s'],
    testnetCells.map(c => [c.peers, c.lookups, c.mean, c.maintenanceMean, c.simMean, c.halfLog2N, c.target, c.mean <= c.target ? 'yes' : 'NO',
      `${c.idleLookupFailures} of ${c.idleLookups}`, c.wallMs / 1000]))
}

const files = save()
console.log(`\nwrote ${files.join(', ')}`)
if (testnetFailures.length > 0) {
  console.log(`testnets that failed: ${testnetFailures.map(f => `${f.peers} peers (${f.error})`).join('; ')}`)
  process.exitCode = 1
}

/** Loads the part this run skips from an earlier hops.json of the same mode and seed. */
function carryOver (): string[] {
  const path = join(resultsDir(), 'hops.json')
  if ((series.length > 0 && testnetSizes.length > 0) || !existsSync(path)) return []
  const earlier = JSON.parse(readFileSync(path, 'utf8')) as { quick: boolean, seed: number, simulator?: SimCell[], series?: SeriesRun[], testnet?: TestnetCell[], testnetFailures?: Array<{ peers: number, error: string }> }
  if (earlier.quick !== flags.quick || earlier.seed !== flags.seed) return []
  if (series.length === 0) {
    simCells.push(...(earlier.simulator ?? []))
    seriesRuns.push(...(earlier.series ?? []))
    return ['simulator']
  }
  testnetCells.push(...(earlier.testnet ?? []))
  testnetFailures.push(...(earlier.testnetFailures ?? []))
  return ['testnet']
}

/** Writes hops.json and hops.svg with everything measured so far. */
function save (): string[] {
  const allSizes = [...new Set(simCells.map(c => c.peers))].sort((a, b) => a - b)
  const valueAt = (v: number, n: number, pick: (c: SimCell) => number): number => {
    const c = simCells.find(x => x.vnodes === v && x.peers === n)
    return c === undefined ? NaN : pick(c)
  }
  const svg = lineChart({
    title: 'Chord lookup hops vs physical peers (simulator)',
    yLabel: 'hops per lookup',
    xLabel: 'physical peers N (not to scale)',
    categories: allSizes.map(n => (n >= 1000 ? `${+(n / 1000).toFixed(1)}k` : String(n))),
    series: [
      ...[...new Set(simCells.map(c => c.vnodes))].flatMap(v => [
        { name: `mean, v = ${v}`, values: allSizes.map(n => valueAt(v, n, c => c.mean)) },
        { name: `p99, v = ${v}`, values: allSizes.map(n => valueAt(v, n, c => c.p99)) }
      ]),
      { name: '½·log2 N', values: allSizes.map(halfLog2), dashed: true },
      { name: '½·log2 N + 1 (target)', values: allSizes.map(n => halfLog2(n) + 1), dashed: true }
    ]
  })
  return writeResults('hops', {
    benchmark: 'hops',
    quick: flags.quick,
    seed: flags.seed,
    lookupsPerSize,
    budgetSeconds: budgetS,
    machine: machine(),
    wallSeconds: (performance.now() - started) / 1000,
    definitions: {
      hops: 'remote peers asked during one iterative lookup (0 when the initiator\'s own successor list answers)',
      target: '½·log2 N + 1, N = physical peers',
      testnetMean: '(Δ chord.lookupHops − maintenance lookups in the window × their idle-window mean) ÷ lookups caused by our get requests'
    },
    carriedOver,
    simulator: simCells,
    series: seriesRuns,
    testnet: testnetCells,
    testnetFailures
  }, svg)
}
