/**
 * `npm run bench:coord`: the coordination layer (CASPaxos registers, locks, watches) through
 * the client library against a testnet of 5 peer processes on this machine, each with a
 * --data-dir (so every acceptor write is fdatasync'ed). The ring's coordination group is 3 of
 * the 5 peers (node/coord/service.ts); the bench waits until it has formed.
 *
 *   1. CAS: K clients (1, 4, 16), each its own connect(), in read-then-CAS loops
 *      (get, then put with ifVersion) on K distinct keys and on one shared key: successful
 *      CAS/s, attempts/s, p50/p99 of the CAS (put) and of the whole read-CAS cycle, success
 *      and conflict rates. Checked: every key's version grew by exactly its successful CASes.
 *   2. Locks: K contenders (1, 4, 16) on one lock, acquire → release cycles: grants/s,
 *      acquire and release latency. Checked (the bench fails if not): fencing tokens strictly
 *      increase in grant order, and no grant while another contender holds.
 *   3. Watch: a writer pinned to one peer puts versions; watchers pinned to other peers
 *      iterate db.coord.watch(): p50/p99 of (event seen − put acknowledged), versions skipped
 *      (delivered as a resync) and duplicated; paced writes and back-to-back writes.
 *
 *   npm run bench:coord                 # full (about 3 minutes)
 *   npm run bench:coord -- --quick      # smoke: K = 1 and 4, about a second per cell
 *   npm run bench:coord -- --seed 7     # key names, client order and write pacing from the seed
 *   npm run bench:coord -- --replot benchmarks/results/coord.json   # redraw the SVGs only
 *
 * Prints tables, writes benchmarks/results/coord.json, coord.svg (throughput) and
 * coord-latency.svg (benchmarks/results/quick/ for --quick). Exit 1 when a check fails.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { connect, ClientCoord, RemoteCoordApi } from '../client/index.ts'
import type { Client } from '../client/index.ts'
import { libp2pClientTransport } from '../client/transport.ts'
import type { GroupConfig } from '../node/coord/messages.ts'
import { coordCodec } from '../node/protocol/coord-codec.ts'
import { systemClock, seededRandom } from '../node/transport/clock.ts'
import { createLibp2pTransport, type Libp2pTransport } from '../node/transport/libp2p.ts'
import type { PeerAddress } from '../node/transport/types.ts'
import { startTestnet, type Testnet, type TestnetPeer } from '../testnet/index.ts'
import { barChart } from './lib/svg.ts'
import { benchFlags, endProgress, latencySummary, machine, printTable, progress, writeResults, writeSvg } from './lib/report.ts'

const flags = benchFlags()
const random = seededRandom(flags.seed)
const PEERS = 5
/** Acceptors of the coordination group (the daemon's default). */
const GROUP_SIZE = 3
const contenders = flags.quick ? [1, 4] : [1, 4, 16]
/** Wall time of one CAS or lock cell, ms. */
const cellMs = flags.quick ? 1200 : 8000
/** Lease of the lock contenders, ms: long enough that no lease lapses on a loaded machine. */
const LOCK_TTL_MS = 10_000
/** Client request deadline, ms. */
const TIMEOUT_MS = 8000
/** Watch phases: writes per phase and the gap between paced writes, ms. */
const watchWrites = flags.quick ? 6 : 40
const PACED_GAP_MS = 300
const watcherCounts = flags.quick ? [1] : [1, 4]
const runTag = `s${flags.seed}-${Math.floor(random() * 1e9).toString(36)}`

class BenchCheckFailed extends Error {
  override readonly name = 'BenchCheckFailed'
}

/** Failed checks: printed and recorded with the results, then the bench exits 1. */
const failures: string[] = []

interface CasCell {
  clients: number
  keys: 'distinct' | 'shared'
  seconds: number
  attempts: number
  successes: number
  conflicts: number
  errors: number
  errorCodes: Record<string, number>
  casPerSec: number
  attemptsPerSec: number
  successRate: number
  conflictRate: number
  casP50Ms: number
  casP99Ms: number
  cycleP50Ms: number
  cycleP99Ms: number
  getP50Ms: number
  /** Sum over the keys of (final version − first version): must equal successes (errors aside). */
  versionAdvance: number
  /**
   * Versions written by a CAS whose client was told it conflicted (found by the value each
   * attempt wrote, in the register's history after the cell: the last MAX_HISTORY versions).
   */
  appliedButReportedConflict: number
  /** Group reconfigurations (epoch steps) while the cell ran; null when no peer answered. */
  reconfigurations: number | null
}

interface LockCell {
  contenders: number
  seconds: number
  cycles: number
  cyclesPerSec: number
  acquireP50Ms: number
  acquireP99Ms: number
  releaseP50Ms: number
  releaseP99Ms: number
  errors: number
  errorCodes: Record<string, number>
  firstToken: string
  lastToken: string
  tokensStrictlyIncreasing: boolean
  overlappingGrants: number
  /** Group reconfigurations (epoch steps) while the cell ran; null when no peer answered. */
  reconfigurations: number | null
  /** Grants whose lease had lapsed locally by the end of the critical section. */
  leasesLost: number
}

interface WatchCell {
  phase: 'paced' | 'back-to-back'
  watchers: number
  writes: number
  /** Puts that failed (Unavailable/Indeterminate under load): not timed. */
  writeErrors: number
  writeErrorCodes: Record<string, number>
  writeGapMs: number | null
  putP50Ms: number
  /** Events delivered as plain puts (over all watchers). */
  delivered: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Acknowledged versions a watcher never got as their own event (covered by a resync). */
  skipped: number
  resyncs: number
  duplicates: number
  /** Watchers that had not seen the last version 10 s after it was acknowledged. */
  stalled: number
}

/** Counts an error by its code (CoordError: Unavailable, Indeterminate, …) or, failing that, its name. */
function countError (byCode: Record<string, number>, err: unknown): void {
  const code = (err as { code?: unknown }).code
  const key = typeof code === 'string' ? code : (err as Error | undefined)?.name ?? 'unknown'
  byCode[key] = (byCode[key] ?? 0) + 1
}

const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/** A read the bench needs (not a measured one), tried up to 5 times: the loaded group may time out. */
async function retrying<T> (what: string, fn: () => Promise<T>): Promise<T> {
  let last: unknown
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fn()
    } catch (err) {
      last = err
      await sleep(200 * (attempt + 1))
    }
  }
  throw new Error(`${what}: ${(last as Error).message}`)
}

// ---------------------------------------------------------------- the testnet and its group

/** The group as the peers report it: the highest epoch any reports, and every answer's epoch. */
async function groupStatus (inspector: Libp2pTransport, peers: readonly TestnetPeer[]): Promise<{ config: GroupConfig | null, epochs: bigint[] }> {
  const codec = coordCodec()
  const answers = await Promise.all(peers.map(async peer => {
    try {
      const to = await inspector.connect(peer.multiaddrs[0], { timeoutMs: 3000 })
      const res = await inspector.request(to, codec, { type: 'status' }, { timeoutMs: 3000 })
      return res.type === 'status' ? res.config : null
    } catch {
      return null
    }
  }))
  let config: GroupConfig | null = null
  const epochs: bigint[] = []
  for (const c of answers) {
    if (c === null) continue
    epochs.push(c.epoch)
    if (config === null || c.epoch > config.epoch) config = c
  }
  return { config, epochs }
}

/** Epoch steps between `before` and now (null when unknown): a reconfiguration slows a cell. */
async function stepsSince (before: bigint | null): Promise<number | null> {
  const now = (await groupStatus(inspector, testnet.peers)).config?.epoch ?? null
  return before === null || now === null ? null : Number(now - before)
}

async function epochNow (): Promise<bigint | null> {
  return (await groupStatus(inspector, testnet.peers)).config?.epoch ?? null
}

/**
 * Waits until a put succeeds and the group has GROUP_SIZE members that every peer agrees on
 * (the group grows one member per step from the genesis peer alone), then for one more
 * membership tick so the last step's rescan is done.
 */
async function waitForGroup (db: Client, inspector: Libp2pTransport, peers: readonly TestnetPeer[], deadlineMs: number): Promise<GroupConfig | null> {
  const deadline = performance.now() + deadlineMs
  let wrote = false
  let putError = ''
  let shown = ''
  let last: GroupConfig | null = null
  while (performance.now() < deadline) {
    if (!wrote) {
      try {
        await db.coord.put(`bench-ready-${runTag}`, 'ready')
        wrote = true
      } catch (err) {
        putError = `${(err as Error).name}: ${(err as Error).message}`
      }
    }
    const status = await groupStatus(inspector, peers)
    last = status.config
    // Peers that were never members answer with no configuration; every other must be current.
    const settled = status.config !== null && status.config.members.length === GROUP_SIZE &&
      status.epochs.every(e => e === status.config!.epoch)
    const line = `bench:coord: waiting for the coordination group (${wrote ? 'a put succeeded' : `no put yet${putError === '' ? '' : `: ${putError}`}`}, ${status.config === null ? 'no configuration' : `epoch ${status.config.epoch}, ${status.config.members.length} members`})`
    if (line !== shown) progress(line) // one line per change, not one per poll
    shown = line
    if (wrote && settled) {
      await sleep(1500)
      const again = await groupStatus(inspector, peers)
      if (again.config !== null && again.config.epoch === status.config!.epoch) return again.config
    }
    await sleep(500)
  }
  return last
}

// ---------------------------------------------------------------- 1. CAS

async function casCell (clients: readonly Client[], k: number, mode: 'distinct' | 'shared'): Promise<CasCell> {
  const keys = Array.from({ length: k }, (_, i) => mode === 'shared' ? `cas-${runTag}-shared-${k}` : `cas-${runTag}-k${k}-${i}`)
  const uniqueKeys = [...new Set(keys)]
  const before = new Map<string, bigint>()
  for (const key of uniqueKeys) before.set(key, (await retrying('CAS setup read', async () => await clients[0].coord.get(key))).version)
  const epochBefore = await epochNow()
  const cas: number[] = []
  const cycles: number[] = []
  const gets: number[] = []
  /** What each attempt wrote (a unique value) and what its client was told. */
  const outcomes = new Map<string, 'ok' | 'conflict' | 'error'>()
  const errorCodes: Record<string, number> = {}
  let attempts = 0
  let successes = 0
  let conflicts = 0
  let errors = 0
  const started = performance.now()
  const stopAt = started + cellMs
  const ticker = setInterval(() => { progress(`bench:coord: CAS, ${k} client${k === 1 ? '' : 's'}, ${mode} keys: ${successes} ok, ${conflicts} conflicts`) }, 1000)
  try {
    await Promise.all(Array.from({ length: k }, async (_, i) => {
      const coord = clients[i].coord
      const key = keys[i]
      let n = 0
      while (performance.now() < stopAt) {
        const t0 = performance.now()
        const value = `c${i}-${++n}`
        try {
          const entry = await coord.get(key)
          const t1 = performance.now()
          gets.push(t1 - t0)
          outcomes.set(value, 'error')
          const res = await coord.put(key, value, { ifVersion: entry.version })
          const t2 = performance.now()
          attempts++
          cas.push(t2 - t1)
          cycles.push(t2 - t0)
          outcomes.set(value, res.ok ? 'ok' : 'conflict')
          if (res.ok) successes++
          else conflicts++
        } catch (err) {
          // Unavailable or Indeterminate: counted, never guessed.
          errors++
          countError(errorCodes, err)
          await sleep(50)
        }
      }
    }))
  } finally {
    clearInterval(ticker)
  }
  const seconds = (performance.now() - started) / 1000
  const reconfigurations = await stepsSince(epochBefore)
  let versionAdvance = 0
  let appliedButReportedConflict = 0
  const dec = new TextDecoder()
  for (const key of uniqueKeys) {
    const from = before.get(key)!
    versionAdvance += Number((await retrying('CAS check read', async () => await clients[0].coord.get(key))).version - from)
    // The versions still in the register's history, each with the value its writer sent.
    const batch = await retrying('CAS history read', async () => await clients[0].coord.watchNext(key, from, { waitMs: 0 }))
    for (const e of batch.events) {
      if (e.value !== null && outcomes.get(dec.decode(e.value)) === 'conflict') appliedButReportedConflict++
    }
  }
  // Every successful CAS made exactly one version; an errored put may or may not have.
  if (versionAdvance < successes || versionAdvance > successes + errors || appliedButReportedConflict > 0) {
    failures.push(`CAS ${mode} K=${k}: the keys advanced ${versionAdvance} versions but ${successes} CASes succeeded (${errors} errors); ` +
      `${appliedButReportedConflict} versions in the registers' histories were written by CASes whose clients were told they conflicted`)
  }
  const c = latencySummary(cas)
  const y = latencySummary(cycles)
  return {
    clients: k,
    keys: mode,
    seconds,
    attempts,
    successes,
    conflicts,
    errors,
    errorCodes,
    casPerSec: successes / seconds,
    attemptsPerSec: attempts / seconds,
    successRate: attempts === 0 ? NaN : successes / attempts,
    conflictRate: attempts === 0 ? NaN : conflicts / attempts,
    casP50Ms: c.p50,
    casP99Ms: c.p99,
    cycleP50Ms: y.p50,
    cycleP99Ms: y.p99,
    getP50Ms: latencySummary(gets).p50,
    versionAdvance,
    appliedButReportedConflict,
    reconfigurations
  }
}

// ---------------------------------------------------------------- 2. locks

async function lockCell (clients: readonly Client[], k: number): Promise<LockCell> {
  const name = `lock-${runTag}-${k}`
  const acquires: number[] = []
  const releases: number[] = []
  const tokens: bigint[] = []
  let holding = 0
  let overlapping = 0
  let lost = 0
  let errors = 0
  const errorCodes: Record<string, number> = {}
  let violation: string | null = null
  const epochBefore = await epochNow()
  const started = performance.now()
  const stopAt = started + cellMs
  const ticker = setInterval(() => { progress(`bench:coord: lock, ${k} contender${k === 1 ? '' : 's'}: ${tokens.length} grants`) }, 1000)
  try {
    // Every contender stops asking once the time is up; those already queued are granted in
    // turn and release, so the cell ends after at most K more grants.
    await Promise.all(Array.from({ length: k }, async (_, i) => {
      const coord = clients[i].coord
      while (performance.now() < stopAt) {
        const t0 = performance.now()
        let held
        try {
          held = await coord.lock(name, { ttlMs: LOCK_TTL_MS })
        } catch (err) {
          errors++
          countError(errorCodes, err)
          await sleep(50)
          continue
        }
        acquires.push(performance.now() - t0)
        const previous = tokens.at(-1)
        if (previous !== undefined && held.token <= previous && violation === null) {
          violation = `lock K=${k}: token ${held.token} granted after token ${previous}: fencing tokens must strictly increase`
        }
        if (holding > 0) overlapping++
        tokens.push(held.token)
        // A minimal critical section; the holder leaves it before it releases (as a real one must).
        holding++
        await sleep(1)
        if (held.lost.aborted) lost++
        holding--
        const t1 = performance.now()
        try {
          await held.release()
          releases.push(performance.now() - t1)
        } catch (err) {
          errors++
          countError(errorCodes, err)
        }
      }
    }))
  } finally {
    clearInterval(ticker)
  }
  const seconds = (performance.now() - started) / 1000
  const reconfigurations = await stepsSince(epochBefore)
  if (violation !== null) failures.push(violation)
  if (overlapping > 0) failures.push(`lock K=${k}: ${overlapping} grants while another contender held the lock`)
  const a = latencySummary(acquires)
  const r = latencySummary(releases)
  return {
    contenders: k,
    seconds,
    cycles: tokens.length,
    cyclesPerSec: tokens.length / seconds,
    acquireP50Ms: a.p50,
    acquireP99Ms: a.p99,
    releaseP50Ms: r.p50,
    releaseP99Ms: r.p99,
    errors,
    errorCodes,
    firstToken: String(tokens[0] ?? ''),
    lastToken: String(tokens.at(-1) ?? ''),
    tokensStrictlyIncreasing: violation === null,
    overlappingGrants: overlapping,
    leasesLost: lost,
    reconfigurations
  }
}

// ---------------------------------------------------------------- 3. watch

/** A coordination client that sends every request to one peer (the client otherwise rotates). */
async function pinnedCoord (peer: TestnetPeer, role: string): Promise<{ coord: ClientCoord, stop: () => Promise<void> }> {
  const libp2p = await createLibp2pTransport({ listen: [], defaultTimeoutMs: TIMEOUT_MS })
  const transport = libp2pClientTransport(libp2p)
  const address: PeerAddress = { peerId: peer.peerId, addrs: peer.multiaddrs }
  const coord = new ClientCoord({
    api: new RemoteCoordApi({ transport, timeoutMs: TIMEOUT_MS, peers: () => [address] }),
    clock: systemClock,
    clientId: `bench-${role}-${runTag}`
  })
  return { coord, stop: async () => { await transport.stop() } }
}

async function watchCell (testnet: Testnet, phase: 'paced' | 'back-to-back', watchers: number): Promise<WatchCell> {
  const key = `watch-${runTag}-${phase}-${watchers}`
  const writer = await pinnedCoord(testnet.peers[0], 'writer')
  const watching = await Promise.all(Array.from({ length: watchers }, async (_, w) => await pinnedCoord(testnet.peers[1 + (w % (testnet.peers.length - 1))], `watcher-${w}`)))
  const abort = new AbortController()
  try {
    const from = (await retrying('watch setup read', async () => await writer.coord.get(key))).version
    const acked = new Map<bigint, number>()
    const putLatencies: number[] = []
    const seen = watching.map(() => new Map<bigint, { at: number, type: string }>())
    const lastSeen = watching.map(() => from)
    let duplicates = 0
    let resyncs = 0
    const loops = watching.map(async ({ coord }, w) => {
      try {
        for await (const e of coord.watch(key, { from, signal: abort.signal })) {
          const at = performance.now()
          if (seen[w].has(e.version) || e.version <= lastSeen[w]) duplicates++
          if (e.type === 'resync') resyncs++
          seen[w].set(e.version, { at, type: e.type })
          lastSeen[w] = e.version > lastSeen[w] ? e.version : lastSeen[w]
        }
      } catch (err) {
        if (!abort.signal.aborted) throw err
      }
    })
    // The watches start with a long-poll each; give them a moment to be in place.
    await sleep(300)
    let last = from
    let writeErrors = 0
    const writeErrorCodes: Record<string, number> = {}
    for (let i = 0; i < watchWrites; i++) {
      progress(`bench:coord: watch, ${phase}, ${watchers} watcher${watchers === 1 ? '' : 's'}: write ${i + 1}/${watchWrites}`)
      const t0 = performance.now()
      let res
      try {
        res = await writer.coord.put(key, `w${i}`)
      } catch (err) {
        // Unavailable or Indeterminate: no acknowledged version to time; counted.
        writeErrors++
        countError(writeErrorCodes, err)
        await sleep(100)
        continue
      }
      const t1 = performance.now()
      if (!res.ok) throw new BenchCheckFailed(`watch: an unconditional put was refused (${String(res.current.version)})`)
      acked.set(res.version, t1)
      putLatencies.push(t1 - t0)
      last = res.version
      // Paced: a little jitter (from the seed) so writes do not line up with the 100 ms polls.
      if (phase === 'paced') await sleep(PACED_GAP_MS + Math.floor(random() * 100))
    }
    const waitUntil = performance.now() + 10_000
    while (performance.now() < waitUntil && lastSeen.some(v => v < last)) await sleep(50)
    const stalled = lastSeen.filter(v => v < last).length
    abort.abort()
    await Promise.all(loops)
    const lags: number[] = []
    let skipped = 0
    for (const s of seen) {
      for (const [version, ackAt] of acked) {
        const e = s.get(version)
        if (e === undefined || e.type === 'resync') skipped++
        if (e !== undefined && e.type !== 'resync') lags.push(e.at - ackAt)
      }
    }
    const lat = latencySummary(lags)
    return {
      phase,
      watchers,
      writes: watchWrites,
      writeErrors,
      writeErrorCodes,
      writeGapMs: phase === 'paced' ? PACED_GAP_MS + 50 : null, // mean: 300 ms + U[0, 100) ms
      putP50Ms: latencySummary(putLatencies).p50,
      delivered: lags.length,
      p50Ms: lat.p50,
      p99Ms: lat.p99,
      maxMs: lags.length === 0 ? NaN : Math.max(...lags),
      skipped,
      resyncs,
      duplicates,
      stalled
    }
  } finally {
    abort.abort()
    await Promise.all([writer, ...watching].map(async c => { await c.stop().catch(() => {}) }))
  }
}

/** The commit the code under test came from (figures change as the coordination layer does); null outside git. */
function sourceCommit (): string | null {
  const options = { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as Array<'ignore' | 'pipe'> }
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], options).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'node/coord', 'client'], options).trim() !== ''
    return dirty ? `${head}+changes in node/coord or client` : head
  } catch {
    return null
  }
}

// ---------------------------------------------------------------- figures

/** The two figures: operations per second by K, and p50/p99 latency of every cell (log scale). */
function charts (ks: readonly number[], cas: readonly CasCell[], locks: readonly LockCell[], watches: readonly WatchCell[]): { throughput: string, latency: string } {
  const sharedOf = (k: number): CasCell | undefined => cas.find(c => c.clients === k && (k === 1 ? c.keys === 'distinct' : c.keys === 'shared'))
  const throughput = barChart({
    title: `chordkv coordination on ${PEERS} peers (group of ${GROUP_SIZE}): operations per second`,
    yLabel: 'per second',
    xLabel: 'K = clients (CAS) or contenders (lock)',
    categories: ks.map(k => `K = ${k}`),
    series: [
      { name: 'CAS ok/s, own keys', values: ks.map(k => cas.find(c => c.clients === k && c.keys === 'distinct')?.casPerSec ?? NaN) },
      { name: 'CAS ok/s, shared key', values: ks.map(k => sharedOf(k)?.casPerSec ?? NaN) },
      { name: 'attempts/s, shared', values: ks.map(k => sharedOf(k)?.attemptsPerSec ?? NaN) },
      { name: 'lock cycles/s', values: ks.map(k => locks.find(l => l.contenders === k)?.cyclesPerSec ?? NaN) }
    ]
  })
  const categories = [
    ...cas.map(c => `CAS ${c.clients}${c.keys === 'shared' ? ' sh' : ''}`),
    ...locks.map(l => `lock ${l.contenders}`),
    ...watches.map(w => w.phase === 'paced' ? `watch ${w.watchers}` : 'burst')
  ]
  const latency = barChart({
    title: 'chordkv coordination latency: CAS (put), lock acquire, watch lag',
    yLabel: 'milliseconds (log scale)',
    xLabel: 'CAS n [sh]: n clients [one shared key]; lock n: n contenders; watch n: n watchers, paced writes; burst: back-to-back writes',
    yScale: 'log',
    categories,
    series: [
      { name: 'p50', values: [...cas.map(c => c.casP50Ms), ...locks.map(l => l.acquireP50Ms), ...watches.map(w => w.p50Ms)] },
      { name: 'p99', values: [...cas.map(c => c.casP99Ms), ...locks.map(l => l.acquireP99Ms), ...watches.map(w => w.p99Ms)] }
    ],
    width: Math.max(900, 250 + 72 * categories.length)
  })
  return { throughput, latency }
}

// --replot FILE: the figures again from a results JSON (no testnet).
const replot = parseArgs({ args: process.argv.slice(2), options: { replot: { type: 'string' } }, strict: false }).values.replot
if (typeof replot === 'string') {
  const r = JSON.parse(readFileSync(replot, 'utf8')) as { cas: CasCell[], locks: LockCell[], watches: WatchCell[] }
  const ks = [...new Set(r.cas.map(c => c.clients))].sort((a, b) => a - b)
  const { throughput, latency } = charts(ks, r.cas, r.locks, r.watches)
  console.log(`wrote ${writeSvg('coord', throughput)}, ${writeSvg('coord-latency', latency)}`)
  process.exit(0)
}

// ---------------------------------------------------------------- the run

const clientCount = Math.max(...contenders)
const runStarted = performance.now()
progress(`bench:coord: starting a testnet of ${PEERS} peers (persistent: acceptors fdatasync)`)
const testnet = await startTestnet({ peers: PEERS, vnodes: 4, memcached: false, control: false, childStderr: 'ignore', startTimeoutMs: 120_000, consistentTimeoutMs: 120_000, onProgress: m => { progress(`bench:coord: ${m}`) } })
const inspector = await createLibp2pTransport({ listen: [] })
const clients: Client[] = []
let exitCode = 0
try {
  const addrs = testnet.peers.map(p => p.multiaddrs[0])
  const startSeconds = (performance.now() - runStarted) / 1000
  // Each client enters through a different peer (the order from the seed).
  const offset = Math.floor(random() * addrs.length)
  for (let i = 0; i < clientCount; i++) {
    progress(`bench:coord: connecting client ${i + 1}/${clientCount}`)
    const first = (offset + i) % addrs.length
    clients.push(await connect({ bootstrap: [...addrs.slice(first), ...addrs.slice(0, first)], timeoutMs: TIMEOUT_MS }))
  }
  const group = await waitForGroup(clients[0], inspector, testnet.peers, 90_000)
  if (group === null || group.members.length !== GROUP_SIZE) {
    throw new BenchCheckFailed(`the coordination group did not form (${group === null ? 'no configuration' : `${group.members.length} members at epoch ${group.epoch}`}) within 90 s`)
  }
  const readySeconds = (performance.now() - runStarted) / 1000
  const acceptorSlots = group.members.map(m => testnet.peers.find(p => p.peerId === m.peerId)?.index ?? -1)

  const cas: CasCell[] = []
  for (const k of contenders) {
    for (const mode of ['distinct', 'shared'] as const) {
      if (k === 1 && mode === 'shared') continue // one client on one key is the distinct case
      progress(`bench:coord: CAS, ${k} client${k === 1 ? '' : 's'}, ${mode} keys`)
      cas.push(await casCell(clients, k, mode))
    }
  }
  const locks: LockCell[] = []
  for (const k of contenders) {
    progress(`bench:coord: lock, ${k} contender${k === 1 ? '' : 's'}`)
    locks.push(await lockCell(clients, k))
  }
  const watches: WatchCell[] = []
  const watchPlan: Array<['paced' | 'back-to-back', number]> = [...watcherCounts.map(w => ['paced', w] as ['paced', number]), ['back-to-back', 1]]
  for (const [phase, watchers] of watchPlan) {
    try {
      watches.push(await watchCell(testnet, phase, watchers))
    } catch (err) {
      failures.push(`watch ${phase} with ${watchers} watchers did not complete: ${(err as Error).message}`)
    }
  }
  const after = await groupStatus(inspector, testnet.peers)
  const reconfigurations = after.config === null ? null : Number(after.config.epoch - group.epoch)
  endProgress()

  console.log(`\nCAS: read (get) then put with ifVersion, in a loop per client; ${PEERS} peers, group of ${GROUP_SIZE} acceptors, ${(cellMs / 1000).toFixed(1)} s per cell`)
  printTable(['clients', 'keys', 'CAS ok/s', 'attempts/s', 'success', 'conflict', 'errors', 'CAS p50 ms', 'CAS p99 ms', 'cycle p50 ms', 'cycle p99 ms', 'get p50 ms', 'versions', 'applied "conflicts"', 'reconfig'],
    cas.map(c => [c.clients, c.keys, c.casPerSec, c.attemptsPerSec, c.successRate, c.conflictRate, c.errors, c.casP50Ms, c.casP99Ms, c.cycleP50Ms, c.cycleP99Ms, c.getP50Ms, c.versionAdvance, c.appliedButReportedConflict, c.reconfigurations ?? '?']))
  console.log(`\nLocks: acquire → release cycles on one lock (TTL ${LOCK_TTL_MS} ms); fencing tokens checked strictly increasing`)
  printTable(['contenders', 'cycles', 'cycles/s', 'acquire p50 ms', 'acquire p99 ms', 'release p50 ms', 'release p99 ms', 'errors', 'lost', 'reconfig', 'tokens'],
    locks.map(l => [l.contenders, l.cycles, l.cyclesPerSec, l.acquireP50Ms, l.acquireP99Ms, l.releaseP50Ms, l.releaseP99Ms, l.errors, l.leasesLost, l.reconfigurations ?? '?', `${l.firstToken}..${l.lastToken} increasing`]))
  console.log('\nWatch: event seen by a watcher on another peer − put acknowledged to the writer')
  printTable(['phase', 'watchers', 'writes', 'write errors', 'put p50 ms', 'delivered', 'lag p50 ms', 'lag p99 ms', 'lag max ms', 'skipped', 'resyncs', 'duplicates', 'stalled'],
    watches.map(w => [w.phase, w.watchers, w.writes, w.writeErrors, w.putP50Ms, w.delivered, w.p50Ms, w.p99Ms, w.maxMs, w.skipped, w.resyncs, w.duplicates, w.stalled]))
  const codes = [...cas.map(c => [`CAS ${c.clients} ${c.keys}`, c.errorCodes] as const), ...locks.map(l => [`lock ${l.contenders}`, l.errorCodes] as const),
    ...watches.map(w => [`watch ${w.phase} ${w.watchers} writer`, w.writeErrorCodes] as const)]
    .filter(([, byCode]) => Object.keys(byCode).length > 0)
    .map(([cell, byCode]) => `${cell}: ${Object.entries(byCode).map(([c, n]) => `${c} ${n}`).join(', ')}`)
  if (codes.length > 0) console.log(`\nerrors by code: ${codes.join('; ')}`)
  console.log(`\ngroup: acceptors on peers ${acceptorSlots.join(', ')} at epoch ${group.epoch}; reconfigurations during the run: ${reconfigurations ?? 'unknown'}`)

  const duplicates = watches.reduce((n, w) => n + w.duplicates, 0)
  if (duplicates > 0) failures.push(`watch: ${duplicates} events delivered twice`)

  const { throughput, latency } = charts(contenders, cas, locks, watches)
  const files = writeResults('coord', {
    benchmark: 'coord',
    quick: flags.quick,
    seed: flags.seed,
    machine: machine(),
    commit: sourceCommit(),
    peers: PEERS,
    groupSize: GROUP_SIZE,
    persistent: true,
    acceptorSlots,
    groupEpoch: String(group.epoch),
    reconfigurationsDuringRun: reconfigurations,
    cellMs,
    lockTtlMs: LOCK_TTL_MS,
    testnetStartSeconds: startSeconds,
    groupReadySeconds: readySeconds,
    totalSeconds: (performance.now() - runStarted) / 1000,
    failures,
    cas,
    locks,
    watches
  }, throughput)
  files.push(writeSvg('coord-latency', latency))
  console.log(`\nwrote ${files.join(', ')} (${((performance.now() - runStarted) / 1000).toFixed(1)} s)`)
  if (failures.length > 0) {
    for (const f of failures) console.error(`bench:coord CHECK FAILED: ${f}`)
    exitCode = 1
  }
} catch (err) {
  endProgress()
  console.error(`bench:coord FAILED: ${(err as Error).name}: ${(err as Error).message}`)
  exitCode = 1
} finally {
  await Promise.all(clients.map(async c => { await c.close().catch(() => {}) }))
  await inspector.stop().catch(() => {})
  await testnet.stop()
}
process.exit(exitCode)
