/**
 * `npm run bench:churn`: the replicated KV ring under a client workload while peers join,
 * leave gracefully and crash (kill -9).
 *
 * Testnet (real OS processes over libp2p, r = 3, W = 2, v = 8): a workload of sets and gets
 * through the client library (each key written by one worker, one operation at a time, so the
 * last acknowledged value of every key is known) runs while a seeded schedule fires one event
 * every --interval-s: a crash (SIGKILL), a graceful leave, a new peer joining, or a crashed
 * peer restarting with its data; never more than r − 1 peers crashed (killed and not restarted)
 * at once. Measured: op success rate, p50/p99 latency over time, acknowledged writes lost
 * (every key read back after the ring settles), keys moved per event (the peers' own
 * kv.keysMovedIn + keysMovedOut counters) against the ideal, time until the keys a crash left
 * with fewer than r copies are back at r copies (asked of every replica's own store), and
 * maintenance messages per peer per second (transport.requestsSent and chord.rpcsSent of /stats).
 *
 * Simulator (node/sim: the real node/chord and node/kv code in virtual time, v = 1): a ring of
 * --sim-peers whose members' session times are exponential (mean --session-s); a departing peer
 * crashes or leaves (even odds) and new peers arrive at the same mean rate, so the size stays
 * near N. The same workload and checks run through the peers' KvServices, plus lookups of
 * random keys checked against the true owner.
 *
 *   npm run bench:churn                        # 16 peers, an event every 2 s for 60 s; sim 1000 peers
 *   npm run bench:churn -- --quick             # 5 peers, 4 events; sim 100 peers (CI smoke, ~30 s)
 *   npm run bench:churn -- --no-sim --duration-s 120 --interval-s 1   # keeps the simulator part of the last churn.json
 *
 * Writes benchmarks/results/churn.json, churn.svg (testnet latency over time, events marked)
 * and churn-sim.svg (quick runs: results/quick/).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { connect } from '../client/index.ts'
import type { Client } from '../client/index.ts'
import type { ChordPeer } from '../node/chord/peer.ts'
import { MAX_FORWARD_HOPS } from '../node/kv/messages.ts'
import type { ViewVnode } from '../node/kv/messages.ts'
import type { KvService } from '../node/kv/service.ts'
import { kvCodec } from '../node/protocol/kv-codec.ts'
import { Simulation } from '../node/sim/simulation.ts'
import { seededRandom } from '../node/transport/clock.ts'
import { createLibp2pTransport } from '../node/transport/libp2p.ts'
import type { Random } from '../node/transport/types.ts'
import { hashToId } from '../ring/id.ts'
import { RingView } from '../ring/view.ts'
import { startTestnet } from '../testnet/index.ts'
import type { Testnet, TestnetPeer } from '../testnet/index.ts'
import { benchFlags, distribution, endProgress, formatNumber, latencySummary, machine, printTable, progress, resultsDir, writeResults, writeSvg } from './lib/report.ts'
import { lineChart } from './lib/svg.ts'

const flags = benchFlags()
const { values: extra } = parseArgs({
  args: process.argv.slice(2),
  options: {
    peers: { type: 'string' },
    'duration-s': { type: 'string' },
    'interval-s': { type: 'string' },
    keys: { type: 'string' },
    concurrency: { type: 'string' },
    'max-ops': { type: 'string' },
    'sim-peers': { type: 'string' },
    'sim-duration-s': { type: 'string' },
    'session-s': { type: 'string' },
    'no-sim': { type: 'boolean' },
    'no-testnet': { type: 'boolean' }
  },
  strict: false
})
const num = (v: unknown, dflt: number): number => {
  const n = Number(v ?? dflt)
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`bench:churn: expected a positive number, got ${String(v)}`)
    process.exit(2)
  }
  return n
}
const R = 3
const W = 2
const TESTNET_VNODES = 8
const SIM_VNODES = 1
const testnetPeers = Math.floor(num(extra.peers, flags.quick ? 4 : 16))
const durationS = num(extra['duration-s'], flags.quick ? 5 : 60)
const intervalS = num(extra['interval-s'], flags.quick ? 1.25 : 2)
const keyCount = Math.floor(num(extra.keys, flags.quick ? 100 : 1000))
const concurrency = Math.floor(num(extra.concurrency, flags.quick ? 2 : 4))
const maxOps = Math.floor(num(extra['max-ops'], flags.quick ? 2000 : 30_000))
const simPeers = Math.floor(num(extra['sim-peers'], flags.quick ? 30 : 1000))
const simDurationS = num(extra['sim-duration-s'], flags.quick ? 20 : 60)
/** Mean session time in the simulator: N / mean session = departures (and arrivals) per second. */
const sessionS = num(extra['session-s'], flags.quick ? 120 : 600)
const simKeys = flags.quick ? 100 : 2000
const simWorkers = flags.quick ? 4 : 16
/** Anti-entropy period: the daemon's default (5 s), 1 s in quick runs so that the smoke settles fast. */
/**
 * Simulated operations enter at a random peer marked as forwarded once: the peer finds the
 * primary by a Chord lookup. (At hops = 0 every entry peer would first walk the whole ring for
 * its routing view: a thousand 1000-step walks, which is the client library's job, not a peer's.)
 */
const SIM_ENTRY_HOPS = 1
const ANTI_ENTROPY_MS = flags.quick ? 1000 : 5000
const started = performance.now()
const VALUE_BYTES = 100

/** A value naming its key, writer and sequence number, padded to VALUE_BYTES. */
const valueFor = (key: string, worker: number, seq: number): string => `${key}|w${worker}|${seq}|`.padEnd(VALUE_BYTES, 'x')

// ------------------------------------------------------------------ what every key may hold

/**
 * One key's write history as its single writer saw it. After churn the key must read as its
 * last acknowledged value, or as the value of any write whose outcome was unknown (it may have
 * taken effect at any time after it was sent); anything else is an acknowledged write lost.
 */
interface KeyState {
  acked: string | undefined
  /** Every acknowledged value, in order (to tell stale reads from unexplained ones). */
  history: string[]
  /**
   * Writes whose outcome is unknown (OutcomeUnknownError, timeouts). Never cleared: such a write
   * was sent before a later acknowledged one but may still be applied after it.
   */
  unknown: Set<string>
  /** Writes the client reported as not applied (UnavailableError): reading one back breaks that contract. */
  refused: Set<string>
  /** When the last acknowledged write was sent (ms since the churn started; negative: before it). */
  ackedAtMs: number
}

const newKeyState = (): KeyState => ({ acked: undefined, history: [], unknown: new Set(), refused: new Set(), ackedAtMs: -Infinity })

type ReadClass = 'current' | 'unknown-write' | 'stale' | 'missing' | 'unexplained'

function classifyRead (state: KeyState, value: string | undefined): ReadClass {
  if (value === undefined) return state.acked === undefined ? 'current' : 'missing'
  if (value === state.acked) return 'current'
  if (state.unknown.has(value)) return 'unknown-write'
  if (state.history.includes(value)) return 'stale'
  return 'unexplained'
}

interface FinalCheck {
  keys: number
  /** Keys whose final value is their last acknowledged one. */
  current: number
  /** Keys that ended on a write whose outcome was unknown (allowed). */
  unknownWrite: number
  /** Keys missing or older than their last acknowledged write: acknowledged writes lost. */
  lost: number
  lostKeys: string[]
  /** The first lost keys: what was read, the last acknowledged write (its sequence number and when it was sent) and how many were acknowledged. */
  lostDetails: Array<{ key: string, got: string | null, lastAcked: string | null, lastAckedAtMs: number | null, acknowledgedWrites: number, unknownWrites: number }>
  /** Keys ending on a value the client said was not applied (UnavailableError). */
  refusedApplied: number
  /** Keys that could not be read at all after the retries. */
  unreadable: number
}

function finalCheck (states: Map<string, KeyState>, finals: Map<string, string | undefined | Error>): FinalCheck {
  const out: FinalCheck = { keys: states.size, current: 0, unknownWrite: 0, lost: 0, lostKeys: [], lostDetails: [], refusedApplied: 0, unreadable: 0 }
  for (const [key, state] of states) {
    const value = finals.get(key)
    if (value instanceof Error) { out.unreadable++; continue }
    if (value !== undefined && state.refused.has(value)) out.refusedApplied++
    const c = classifyRead(state, value)
    if (c === 'current') out.current++
    else if (c === 'unknown-write') out.unknownWrite++
    else if (value !== undefined && state.refused.has(value)) continue
    else {
      out.lost++
      if (out.lostKeys.length < 20) {
        out.lostKeys.push(key)
        const seqOf = (v: string | undefined): string | null => (v === undefined ? null : v.split('|').slice(1, 3).join('|'))
        out.lostDetails.push({
          key, got: seqOf(value), lastAcked: seqOf(state.acked), lastAckedAtMs: Number.isFinite(state.ackedAtMs) ? state.ackedAtMs : null,
          acknowledgedWrites: state.history.length, unknownWrites: state.unknown.size
        })
      }
    }
  }
  return out
}

// ------------------------------------------------------------------ operations record

interface OpRecord {
  /** ms since the churn started (start of the operation). */
  atMs: number
  op: 'set' | 'get'
  ok: boolean
  latencyMs: number
  error?: string
  read?: ReadClass
}

interface Bucket {
  fromS: number
  ops: number
  ok: number
  successRate: number
  p50Ms: number
  p99Ms: number
}

function buckets (ops: readonly OpRecord[], widthS: number, untilS: number): Bucket[] {
  const out: Bucket[] = []
  for (let from = 0; from < untilS; from += widthS) {
    const inside = ops.filter(o => o.atMs >= from * 1000 && o.atMs < (from + widthS) * 1000)
    const ok = inside.filter(o => o.ok)
    const lat = latencySummary(ok.map(o => o.latencyMs))
    out.push({ fromS: from, ops: inside.length, ok: ok.length, successRate: inside.length === 0 ? NaN : ok.length / inside.length, p50Ms: lat.p50, p99Ms: lat.p99 })
  }
  return out
}

interface OpSummary {
  ops: number
  ok: number
  successRate: number
  sets: number
  setsAcked: number
  gets: number
  getsOk: number
  errors: Record<string, number>
  reads: Record<ReadClass, number>
  p50Ms: number
  p99Ms: number
}

function summarizeOps (ops: readonly OpRecord[]): OpSummary {
  const errors: Record<string, number> = {}
  const reads: Record<ReadClass, number> = { current: 0, 'unknown-write': 0, stale: 0, missing: 0, unexplained: 0 }
  for (const o of ops) {
    if (o.error !== undefined) errors[`${o.op}: ${o.error}`] = (errors[`${o.op}: ${o.error}`] ?? 0) + 1
    if (o.read !== undefined) reads[o.read]++
  }
  const ok = ops.filter(o => o.ok)
  const lat = latencySummary(ok.map(o => o.latencyMs))
  return {
    ops: ops.length,
    ok: ok.length,
    successRate: ops.length === 0 ? NaN : ok.length / ops.length,
    sets: ops.filter(o => o.op === 'set').length,
    setsAcked: ok.filter(o => o.op === 'set').length,
    gets: ops.filter(o => o.op === 'get').length,
    getsOk: ok.filter(o => o.op === 'get').length,
    errors,
    reads,
    p50Ms: lat.p50,
    p99Ms: lat.p99
  }
}

/** Sums the per-peer differences of a counter between two samples (peers present in both; a newcomer counts from 0). */
function deltaSum (before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0
  for (const [peer, v] of after) sum += v - (before.get(peer) ?? 0)
  return sum
}

const fmtPct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : '-')

// ------------------------------------------------------------------ testnet

type EventKind = 'crash' | 'leave' | 'join' | 'rejoin'

interface TestnetEvent {
  kind: EventKind
  /** ms since the churn started, when it was fired. */
  atMs: number
  /** How long the action took (a join: until the new peer serves). */
  tookMs: number
  slot: number
  peerId: string | null
  /** Serving peers just before the event. */
  peersBefore: number
  /** Keys whose replica set held the peer (crash, leave), or r·K/N (join): the ideal copies to move. */
  idealCopies: number
  /** kv.keysMovedIn + keysMovedOut summed over peers from this event to the next (or the end). */
  keysMoved?: number
  error?: string
  /** Crash only: keys the crash left with fewer than r copies, and when they were all back at r (ms after the crash). */
  underReplicatedKeys?: number
  repairedAfterMs?: number
  /** Crash only, while running: those keys (dropped from the results). */
  underReplicatedKeyList?: string[]
}

interface PeerStats { kvMoved: number, chordRpcs: number, transportRequests: number, antiEntropyRounds: number }

async function statsOf (peers: readonly TestnetPeer[]): Promise<Map<string, PeerStats>> {
  const out = new Map<string, PeerStats>()
  await Promise.all(peers.map(async p => {
    try {
      const res = await fetch(`http://${p.http}/stats`, { signal: AbortSignal.timeout(5000) })
      const body = await res.json() as { kv: { keysMovedIn: number, keysMovedOut: number, antiEntropyRounds: number }, chord: { rpcsSent: number }, transport?: { requestsSent: number } }
      out.set(p.peerId, {
        kvMoved: body.kv.keysMovedIn + body.kv.keysMovedOut,
        chordRpcs: body.chord.rpcsSent,
        transportRequests: body.transport?.requestsSent ?? NaN,
        antiEntropyRounds: body.kv.antiEntropyRounds
      })
    } catch {
      // A peer that does not answer (just killed, busy) is left out of this sample.
    }
  }))
  return out
}

const pick = (s: Map<string, PeerStats>, f: (p: PeerStats) => number): Map<string, number> => new Map([...s].map(([k, v]) => [k, f(v)]))

interface MessageRates {
  seconds: number
  meanPeers: number
  /** Every libp2p request the peers sent, per peer per second. */
  transportRequestsPerPeerS: number
  /** Chord RPCs (stabilize, notify, fix_fingers, check_predecessor, lookup steps) per peer per second. */
  chordRpcsPerPeerS: number
  antiEntropyRoundsPerPeerS: number
}

/** Message rates between consecutive stats samples (counters of peers present in both; time-weighted peer count). */
function messageRates (samples: ReadonlyArray<{ atMs: number, stats: Map<string, PeerStats> }>): MessageRates {
  let transport = 0
  let chord = 0
  let ae = 0
  let peerSeconds = 0
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]
    const b = samples[i]
    const both = [...b.stats.keys()].filter(p => a.stats.has(p))
    const dt = (b.atMs - a.atMs) / 1000
    peerSeconds += both.length * dt
    for (const p of both) {
      transport += b.stats.get(p)!.transportRequests - a.stats.get(p)!.transportRequests
      chord += b.stats.get(p)!.chordRpcs - a.stats.get(p)!.chordRpcs
      ae += b.stats.get(p)!.antiEntropyRounds - a.stats.get(p)!.antiEntropyRounds
    }
  }
  const seconds = (samples[samples.length - 1].atMs - samples[0].atMs) / 1000
  return {
    seconds,
    meanPeers: peerSeconds / Math.max(1e-9, seconds),
    transportRequestsPerPeerS: transport / Math.max(1e-9, peerSeconds),
    chordRpcsPerPeerS: chord / Math.max(1e-9, peerSeconds),
    antiEntropyRoundsPerPeerS: ae / Math.max(1e-9, peerSeconds)
  }
}

interface TestnetResult {
  peers: number
  vnodes: number
  replicas: number
  writeQuorum: number
  keys: number
  concurrency: number
  durationS: number
  intervalS: number
  startSeconds: number
  events: TestnetEvent[]
  eventCounts: Record<EventKind, number>
  maxCrashedAtOnce: number
  /** Fewest peers serving during the churn (sampled every second). */
  minServing: number
  replicationCheckErrors: { count: number, last: string }
  ops: OpSummary
  overTime: Bucket[]
  bucketS: number
  final: FinalCheck
  /** After the churn: until the ring was consistent, and until every key was back at r copies. */
  settleConsistentMs: number
  settleReplicatedMs: number | null
  movedVsIdeal: Record<EventKind, { events: number, moved: number, ideal: number, ratio: number }>
  repairMs: { crashes: number, repaired: number, mean: number, p50: number, max: number }
  idleMessages: MessageRates
  churnMessages: MessageRates
  wallSeconds: number
}

async function runTestnet (): Promise<TestnetResult> {
  const t0 = performance.now()
  const random = seededRandom(flags.seed ^ 0xc4a5)
  const testnet = await startTestnet({
    peers: testnetPeers,
    vnodes: TESTNET_VNODES,
    replicas: R,
    childStderr: 'ignore',
    memcached: false,
    control: false,
    startTimeoutMs: 120_000,
    consistentTimeoutMs: 180_000,
    antiEntropyIntervalMs: ANTI_ENTROPY_MS,
    onProgress: m => { progress(`bench:churn: testnet of ${testnetPeers}: ${m}`) }
  })
  const startSeconds = (performance.now() - t0) / 1000
  const transport = await createLibp2pTransport({ listen: [], defaultTimeoutMs: 10_000 })
  let db: Client | undefined
  try {
    db = await connect({ bootstrap: testnet.peers.map(p => p.multiaddrs[0]), timeoutMs: 5000 })
    const client = db
    const codec = kvCodec(client.ring().m)
    const keys = Array.from({ length: keyCount }, (_, k) => `churn-${flags.seed}-${k}`)
    const keyIds = new Map(keys.map(k => [k, hashToId(k, client.ring().m)]))
    const states = new Map(keys.map(k => [k, newKeyState()]))
    const serving = (): TestnetPeer[] => testnet.peers.filter(p => testnet.state(p.index) === 'up')

    // Every key written once before the churn (retried until acknowledged).
    progress(`bench:churn: writing ${keyCount} keys`)
    const preload = [...keys]
    await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
      for (let key = preload.shift(); key !== undefined; key = preload.shift()) {
        const value = valueFor(key, w, 0)
        for (let attempt = 0; ; attempt++) {
          try {
            await client.set(key, value)
            states.get(key)!.acked = value
            states.get(key)!.history.push(value)
            break
          } catch (err) {
            if (attempt >= 5) throw new Error(`writing ${key} before the churn failed: ${(err as Error).message}`)
            states.get(key)!.unknown.add(value)
          }
        }
      }
    }))

    /** Which of `wanted` keys each peer of the view holds in its own store (a get answered locally). */
    const copiesHeld = async (view: RingView<ViewVnode>, wanted: readonly string[]): Promise<Map<string, Set<string>>> => {
      const byPeer = new Map<string, string[]>()
      for (const key of wanted) {
        for (const v of view.replicas(keyIds.get(key)!, R)) {
          const list = byPeer.get(v.peerId) ?? []
          list.push(key)
          byPeer.set(v.peerId, list)
        }
      }
      const held = new Map<string, Set<string>>()
      await Promise.all([...byPeer].map(async ([peerId, list]) => {
        const addrs = view.vnodesOf(peerId)[0]?.addrs ?? []
        const set = new Set<string>()
        for (let i = 0; i < list.length; i += 512) {
          try {
            // hops = MAX_FORWARD_HOPS: the peer answers from its own store, without forwarding.
            const res = await transport.request({ peerId, addrs }, codec, { type: 'get', keys: list.slice(i, i + 512), hops: MAX_FORWARD_HOPS }, { timeoutMs: 5000 })
            if (res.type === 'values') for (const h of res.hits) set.add(h.key)
          } catch {
            // A dead or busy replica holds nothing as far as this check is concerned.
          }
        }
        held.set(peerId, set)
      }))
      return held
    }
    /** Keys of `wanted` not held by every peer of their replica set in a fresh ring view. */
    const underReplicated = async (wanted: readonly string[]): Promise<string[]> => {
      const view = await client.refreshRing()
      const held = await copiesHeld(view, wanted)
      return wanted.filter(key => view.replicas(keyIds.get(key)!, R).some(v => held.get(v.peerId)?.has(key) !== true))
    }
    /** Keys whose replica set in the client's current view includes peerId. */
    const keysOn = (peerId: string): string[] => {
      const view = client.ring()
      return keys.filter(k => view.replicas(keyIds.get(k)!, R).some(v => v.peerId === peerId))
    }

    // Idle window: no workload, no churn: every message is maintenance.
    progress('bench:churn: idle window (maintenance messages only)')
    const idleSamples = [{ atMs: Date.now(), stats: await statsOf(serving()) }]
    await sleep(flags.quick ? 1000 : 10_000)
    idleSamples.push({ atMs: Date.now(), stats: await statsOf(serving()) })
    const idleMessages = messageRates(idleSamples)

    // ---------------------------------------------------------------- workload
    const ops: OpRecord[] = []
    const churnStart = Date.now()
    let stopWork = false
    const keysOfWorker = (w: number): string[] => keys.filter((_, k) => k % concurrency === w)
    const workers = Array.from({ length: concurrency }, async (_, w) => {
      const mine = keysOfWorker(w)
      const rnd = seededRandom(flags.seed * 1000 + w)
      for (let seq = 1; !stopWork && ops.length < maxOps; seq++) {
        const key = mine[Math.floor(rnd() * mine.length)]
        const state = states.get(key)!
        const atMs = Date.now() - churnStart
        const t = performance.now()
        if (rnd() < 0.5) {
          const value = valueFor(key, w, seq)
          try {
            await client.set(key, value)
            state.acked = value
            state.ackedAtMs = atMs
            state.history.push(value)
            ops.push({ atMs, op: 'set', ok: true, latencyMs: performance.now() - t })
          } catch (err) {
            const name = (err as Error).name
            if (name === 'UnavailableError') state.refused.add(value)
            else state.unknown.add(value)
            ops.push({ atMs, op: 'set', ok: false, latencyMs: performance.now() - t, error: name })
          }
        } else {
          try {
            const value = await client.getString(key)
            ops.push({ atMs, op: 'get', ok: true, latencyMs: performance.now() - t, read: classifyRead(state, value) })
          } catch (err) {
            ops.push({ atMs, op: 'get', ok: false, latencyMs: performance.now() - t, error: (err as Error).name })
          }
        }
        await sleep(10) // leaves the 2 cores some room for the peers
      }
    })

    // ---------------------------------------------------------------- churn
    const events: TestnetEvent[] = []
    const samples: Array<{ atMs: number, stats: Map<string, PeerStats> }> = [{ atMs: Date.now(), stats: await statsOf(serving()) }]
    const crashed = new Set<number>() // killed slots not restarted
    const busy = new Set<number>() // slots with an action in flight
    let pendingJoins = 0
    let pendingDepartures = 0
    /** Replication checks that could not run (no ring view): how many, and the last reason. */
    const replicationCheckErrors = { count: 0, last: '' }
    let minServing = serving().length
    /** /stats of the serving peers just before each event (keys moved: from one event's sample to the next). */
    const statsBefore = new Map<TestnetEvent, Map<string, PeerStats>>()
    let maxCrashedAtOnce = 0
    const actions: Array<Promise<void>> = []
    const pendingRepairs: TestnetEvent[] = []
    let monitorStop = false
    const monitor = (async () => {
      while (!monitorStop) {
        await sleep(500)
        const open = pendingRepairs.filter(e => e.repairedAfterMs === undefined)
        if (open.length === 0) continue
        const checkedAt = Date.now()
        try {
          const wanted = [...new Set(open.flatMap(e => e.underReplicatedKeyList ?? []))]
          const missing = new Set(await underReplicated(wanted))
          const doneAt = Date.now()
          for (const e of open) {
            if ((e.underReplicatedKeyList ?? []).every(k => !missing.has(k)) && churnStart + e.atMs < checkedAt) e.repairedAfterMs = doneAt - (churnStart + e.atMs)
          }
        } catch (err) {
          // No ring view right now (the peers asked are busy): try again.
          replicationCheckErrors.count++
          replicationCheckErrors.last = (err as Error).message.slice(0, 300)
        }
      }
    })()

    // Choices, victims and reservations are made synchronously, before any await: actions run
    // side by side, and the next choice must see this one (crashed count, busy slots).
    const fire = async (k: number): Promise<void> => {
      const up = serving().filter(p => !busy.has(p.index))
      // Peers that will serve once the actions in flight end (a join can take tens of seconds).
      const upCount = serving().length + pendingJoins - pendingDepartures
      const servingAfter = serving().length - pendingDepartures
      const choices: EventKind[] = []
      // A departure keeps at least N − 2 (and r) peers serving, counting only peers already up.
      if (upCount > testnetPeers - 2 && servingAfter > Math.max(R, testnetPeers - 2) && up.length > 0) {
        if (crashed.size < R - 1) choices.push('crash')
        choices.push('leave')
      }
      if (upCount < testnetPeers + 2) {
        choices.push('join')
        if ([...crashed].some(i => !busy.has(i))) choices.push('rejoin')
      }
      // Toward the target size: below it joins only, above it departures only.
      const filtered = choices.filter(c => upCount < testnetPeers ? c === 'join' || c === 'rejoin' : upCount > testnetPeers ? c === 'crash' || c === 'leave' : true)
      const options = filtered.length > 0 ? filtered : choices
      if (options.length === 0) return
      // The first event is a crash (when allowed), so that even a short run measures a repair.
      const kind = k === 0 && options.includes('crash') ? 'crash' : options[Math.floor(random() * options.length)]
      const atMs = Date.now() - churnStart
      const peersBefore = serving().length
      let slot: number
      let peerId: string | null = null
      if (kind === 'crash' || kind === 'leave') {
        const victim = up[Math.floor(random() * up.length)]
        slot = victim.index
        peerId = victim.peerId
        pendingDepartures++
      } else if (kind === 'rejoin') {
        const candidates = [...crashed].filter(i => !busy.has(i))
        slot = candidates[Math.floor(random() * candidates.length)]
        peerId = testnet.peers[slot]?.peerId ?? null
      } else {
        slot = -1
        pendingJoins++
      }
      if (slot >= 0) busy.add(slot)
      if (kind === 'crash') {
        crashed.add(slot)
        maxCrashedAtOnce = Math.max(maxCrashedAtOnce, crashed.size)
      }
      const event: TestnetEvent = { kind, atMs, tookMs: 0, slot, peerId, peersBefore, idealCopies: Math.round((R * keyCount) / (peersBefore + 1)) }
      events.push(event)

      const stats = await statsOf(serving())
      statsBefore.set(event, stats)
      samples.push({ atMs: Date.now(), stats })
      if (kind === 'crash' || kind === 'leave') {
        // The keys the departing peer holds, by a fresh view of the ring (the cached one may predate the last join).
        await client.refreshRing().catch(() => {})
        const onPeer = keysOn(peerId!)
        event.idealCopies = onPeer.length
        if (kind === 'crash') {
          event.underReplicatedKeys = onPeer.length
          event.underReplicatedKeyList = onPeer
        }
      }
      const t = Date.now()
      try {
        if (kind === 'crash') await testnet.kill(slot)
        else if (kind === 'leave') await testnet.stopPeer(slot)
        else if (kind === 'rejoin') { await testnet.restart(slot); crashed.delete(slot) } else {
          slot = await testnet.add()
          event.slot = slot
          event.peerId = testnet.peers[slot]?.peerId ?? null
        }
      } catch (err) {
        event.error = (err as Error).message.slice(0, 300)
      } finally {
        event.tookMs = Date.now() - t
        if (kind === 'join') pendingJoins--
        if (kind === 'crash' || kind === 'leave') pendingDepartures--
        busy.delete(slot)
      }
      if (kind === 'crash') pendingRepairs.push(event)
      progress(`bench:churn: event ${k + 1}: ${kind} of slot ${event.slot} (${event.tookMs} ms)${event.error !== undefined ? ` failed: ${event.error}` : ''}`)
    }

    const eventsPlanned = Math.floor(durationS / intervalS)
    const ticker = setInterval(() => {
      const s = summarizeOps(ops)
      minServing = Math.min(minServing, serving().length)
      progress(`bench:churn: testnet ${((Date.now() - churnStart) / 1000).toFixed(0)}/${durationS} s, ${events.length}/${eventsPlanned} events, ${serving().length} peers up, ${crashed.size} crashed, ${s.ops} ops, ${fmtPct(s.successRate)} ok`)
    }, 1000)
    for (let k = 0; k < eventsPlanned; k++) {
      const at = churnStart + (k + 0.5) * intervalS * 1000
      await sleep(Math.max(0, at - Date.now()))
      // Actions run side by side (a join takes seconds); the choice of the next event sees them as pending.
      const action = fire(k)
      actions.push(action)
      await Promise.race([action, sleep(50)])
    }
    await sleep(Math.max(0, churnStart + durationS * 1000 - Date.now()))
    stopWork = true
    await Promise.all(workers)
    await Promise.all(actions)
    clearInterval(ticker)
    const churnEnd = Date.now()

    // ---------------------------------------------------------------- settle and check
    progress('bench:churn: waiting for the ring to settle')
    const s0 = Date.now()
    await testnet.waitConsistent(180_000)
    const settleConsistentMs = Date.now() - s0
    let settleReplicatedMs: number | null = null
    const replicatedDeadline = Date.now() + 180_000
    for (;;) {
      const missing = await underReplicated(keys).catch((err: Error) => {
        replicationCheckErrors.count++
        replicationCheckErrors.last = err.message.slice(0, 300)
        return keys
      })
      if (missing.length === 0) { settleReplicatedMs = Date.now() - s0; break }
      if (Date.now() > replicatedDeadline) break
      progress(`bench:churn: ${missing.length} keys not yet at ${R} copies`)
      await sleep(1000)
    }
    monitorStop = true
    await monitor
    const finalStats = await statsOf(serving())
    samples.push({ atMs: Date.now(), stats: finalStats })
    events.forEach((e, i) => {
      const from = statsBefore.get(e)
      const to = i + 1 < events.length ? statsBefore.get(events[i + 1]) : finalStats
      if (from !== undefined && to !== undefined) e.keysMoved = deltaSum(pick(from, s => s.kvMoved), pick(to, s => s.kvMoved))
    })

    progress(`bench:churn: reading back ${keyCount} keys`)
    const finals = new Map<string, string | undefined | Error>()
    const toRead = [...keys]
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let key = toRead.shift(); key !== undefined; key = toRead.shift()) {
        for (let attempt = 0; ; attempt++) {
          try {
            finals.set(key, await client.getString(key))
            break
          } catch (err) {
            if (attempt >= 3) { finals.set(key, err as Error); break }
            await sleep(500)
          }
        }
      }
    }))
    const final = finalCheck(states, finals)

    const eventCounts: Record<EventKind, number> = { crash: 0, leave: 0, join: 0, rejoin: 0 }
    for (const e of events) if (e.error === undefined) eventCounts[e.kind]++
    const movedVsIdeal = {} as TestnetResult['movedVsIdeal']
    for (const kind of ['crash', 'leave', 'join', 'rejoin'] as const) {
      const es = events.filter(e => e.kind === kind && e.error === undefined && e.keysMoved !== undefined)
      const moved = es.reduce((n, e) => n + e.keysMoved!, 0)
      const ideal = es.reduce((n, e) => n + e.idealCopies, 0)
      movedVsIdeal[kind] = { events: es.length, moved, ideal, ratio: moved / Math.max(1, ideal) }
    }
    const crashes = events.filter(e => e.kind === 'crash' && e.error === undefined && (e.underReplicatedKeys ?? 0) > 0)
    const repaired = crashes.filter(e => e.repairedAfterMs !== undefined).map(e => e.repairedAfterMs!)
    const rd = distribution(repaired)
    const churnSamples = samples.filter(s => s.atMs <= churnEnd + 1)
    for (const e of events) delete e.underReplicatedKeyList
    return {
      peers: testnetPeers, vnodes: TESTNET_VNODES, replicas: R, writeQuorum: W, keys: keyCount, concurrency, durationS, intervalS,
      startSeconds, events, eventCounts, maxCrashedAtOnce, minServing, replicationCheckErrors,
      ops: summarizeOps(ops),
      overTime: buckets(ops, flags.quick ? 1 : 2, durationS),
      bucketS: flags.quick ? 1 : 2,
      final, settleConsistentMs, settleReplicatedMs, movedVsIdeal,
      repairMs: { crashes: crashes.length, repaired: repaired.length, mean: rd.mean, p50: rd.p50, max: rd.max },
      idleMessages,
      churnMessages: messageRates(churnSamples.length >= 2 ? churnSamples : samples),
      wallSeconds: (performance.now() - t0) / 1000
    }
  } finally {
    await db?.close().catch(() => {})
    await transport.stop().catch(() => {})
    await testnet.stop()
  }
}

// ------------------------------------------------------------------ simulator

interface SimResult {
  peers: number
  vnodes: number
  replicas: number
  writeQuorum: number
  keys: number
  workers: number
  sessionMeanS: number
  durationS: number
  departures: { crash: number, leave: number }
  arrivals: number
  peersAtEnd: number
  ops: OpSummary
  overTime: Bucket[]
  lookups: { total: number, ok: number, wrong: number, failed: number, successRate: number, meanHops: number }
  final: FinalCheck
  converged: boolean
  settleVirtualMs: number
  replicatedAtEnd: boolean
  /** Σ kv.keysMovedIn + keysMovedOut over the churn and settling, against r·K/N per departure and per arrival. */
  keysMoved: number
  idealCopies: number
  movedVsIdeal: number
  repairMs: { crashes: number, repaired: number, mean: number, p50: number, p99: number, max: number }
  idleMessagesPerPeerS: { all: number, chord: number }
  churnMessagesPerPeerS: { all: number, chord: number }
  virtualSeconds: number
  wallSeconds: number
  cpuSeconds: number
}

function expSample (random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean
}

async function runSim (): Promise<SimResult> {
  const wall0 = performance.now()
  const cpu0 = process.cpuUsage()
  const sim = new Simulation({ seed: flags.seed, chord: { vnodes: SIM_VNODES, replicas: R }, kv: { writeQuorum: W, antiEntropyIntervalMs: ANTI_ENTROPY_MS } })
  const random = seededRandom(flags.seed ^ 0x7a3c)
  const everyPeer: ChordPeer[] = []
  const everyKv = new Map<string, KvService>()
  const track = (peers: readonly ChordPeer[]): void => {
    for (const p of peers) {
      everyPeer.push(p)
      const kv = sim.kv.get(p.peerId)
      if (kv !== undefined) everyKv.set(p.peerId, kv)
    }
  }
  try {
    progress(`bench:churn: simulator: growing a ring of ${simPeers} peers`)
    track([await sim.addPeer()])
    while (sim.peers.size < simPeers) {
      track(await sim.addPeers(Math.min(sim.peers.size, simPeers - sim.peers.size)))
      await sim.converge(300_000)
      progress(`bench:churn: simulator: ${sim.peers.size} of ${simPeers} peers`)
    }
    if (!await sim.converge(300_000)) throw new Error(`seed ${flags.seed}: the simulated ring of ${simPeers} did not converge: ${sim.problems().slice(0, 3).join('; ')}`)
    await sim.runFor(20_000) // successor lists and fingers settle
    const m = 160
    const keys = Array.from({ length: simKeys }, (_, k) => `simchurn-${flags.seed}-${k}`)
    const keyIds = new Map(keys.map(k => [k, hashToId(k, m)]))
    const states = new Map(keys.map(k => [k, newKeyState()]))
    const liveKv = (): KvService[] => [...sim.peers.keys()].map(id => sim.kv.get(id)).filter((k): k is KvService => k !== undefined)
    const entry = (): KvService => { const l = liveKv(); return l[Math.floor(random() * l.length)] }
    const sleepV = (ms: number): Promise<void> => new Promise(resolve => { sim.clock.setTimeout(resolve, ms) })
    const withDeadline = <T>(p: Promise<T>, ms: number): Promise<T> => Promise.race([p, sleepV(ms).then(() => { throw Object.assign(new Error('no answer in time'), { name: 'Timeout' }) })])

    progress(`bench:churn: simulator: writing ${simKeys} keys`)
    for (let start = 0; start < keys.length; start += 100) {
      const batch = keys.slice(start, start + 100)
      await sim.clock.settle(Promise.all(batch.map(async key => {
        const value = valueFor(key, 0, 0)
        const res = await entry().mutate({ type: 'mutate', op: 'set', key, value: new TextEncoder().encode(value), hops: SIM_ENTRY_HOPS })
        if (res.status !== 'STORED') throw new Error(`writing ${key}: ${res.status}`)
        states.get(key)!.acked = value
        states.get(key)!.history.push(value)
      })))
    }
    // The member vnodes of the live peers (not snapshots: those copy every finger table).
    const trueView = (): RingView => RingView.from([...sim.peers.values()].flatMap(p => p.vnodes.filter(v => v.member).map(v => ({ id: v.id, peerId: p.peerId, index: v.index }))))
    const underReplicated = (wanted: readonly string[], view: RingView = trueView()): string[] =>
      wanted.filter(key => view.replicas(keyIds.get(key)!, R).some(v => sim.kv.get(v.peerId)?.store.peek(key) === undefined))
    await sim.clock.runUntilCondition(() => underReplicated(keys).length === 0, 120_000, 1000)

    // Idle window: every request is maintenance.
    const sentTotal = (): number => [...sim.network.sentBy.values()].reduce((a, b) => a + b, 0)
    const chordTotal = (): number => everyPeer.reduce((n, p) => n + p.stats.rpcsSent, 0)
    const idleMs = flags.quick ? 5000 : 10_000
    const idle0 = { all: sentTotal(), chord: chordTotal() }
    await sim.runFor(idleMs)
    const idleMessagesPerPeerS = { all: (sentTotal() - idle0.all) / sim.peers.size / (idleMs / 1000), chord: (chordTotal() - idle0.chord) / sim.peers.size / (idleMs / 1000) }

    // ---------------------------------------------------------------- churn schedule
    const durationMs = simDurationS * 1000
    const churn0 = sim.clock.now()
    const moved0 = [...everyKv.values()].reduce((n, k) => n + k.stats.keysMovedIn + k.stats.keysMovedOut, 0)
    const msg0 = { all: sentTotal(), chord: chordTotal() }
    const departures = new Map<string, number>() // peer id → virtual ms since churn0
    for (const id of sim.peers.keys()) departures.set(id, expSample(random, sessionS * 1000))
    const arrivalTimes: number[] = []
    for (let t = expSample(random, (sessionS * 1000) / simPeers); t < durationMs; t += expSample(random, (sessionS * 1000) / simPeers)) arrivalTimes.push(t)
    let arrivals = 0
    const departed = { crash: 0, leave: 0 }
    let idealCopies = 0
    let peerMs = 0
    const pendingCrashes: Array<{ atMs: number, keys: string[], repairedAfterMs?: number }> = []
    const crashes: typeof pendingCrashes = []
    const background: Array<Promise<unknown>> = []

    // ---------------------------------------------------------------- workload and lookups
    const ops: OpRecord[] = []
    let stopWork = false
    const workers = Array.from({ length: simWorkers }, async (_, w) => {
      const mine = keys.filter((_, k) => k % simWorkers === w)
      const rnd = seededRandom(flags.seed * 7919 + w)
      for (let seq = 1; !stopWork; seq++) {
        const key = mine[Math.floor(rnd() * mine.length)]
        const state = states.get(key)!
        const atMs = sim.clock.now() - churn0
        const service = entry()
        if (rnd() < 0.5) {
          const value = valueFor(key, w, seq)
          try {
            const res = await withDeadline(service.mutate({ type: 'mutate', op: 'set', key, value: new TextEncoder().encode(value), hops: SIM_ENTRY_HOPS }), 10_000)
            if (res.status !== 'STORED') throw Object.assign(new Error(res.status), { name: 'NotStored' })
            state.acked = value
            state.ackedAtMs = atMs
            state.history.push(value)
            ops.push({ atMs, op: 'set', ok: true, latencyMs: sim.clock.now() - churn0 - atMs })
          } catch (err) {
            // Every failed write counts as possibly applied (the KV layer's errors do not say).
            state.unknown.add(value)
            ops.push({ atMs, op: 'set', ok: false, latencyMs: sim.clock.now() - churn0 - atMs, error: (err as { code?: string }).code ?? (err as Error).name })
          }
        } else {
          try {
            const res = await withDeadline(service.get([key], undefined, SIM_ENTRY_HOPS), 10_000)
            const hit = res.hits.find(h => h.key === key)
            const value = hit === undefined ? undefined : new TextDecoder().decode(hit.value)
            ops.push({ atMs, op: 'get', ok: true, latencyMs: sim.clock.now() - churn0 - atMs, read: classifyRead(state, value) })
          } catch (err) {
            ops.push({ atMs, op: 'get', ok: false, latencyMs: sim.clock.now() - churn0 - atMs, error: (err as { code?: string }).code ?? (err as Error).name })
          }
        }
        await sleepV(200 + Math.floor(rnd() * 200))
      }
    })
    const lookups = { total: 0, ok: 0, wrong: 0, failed: 0, hops: 0 }
    const lookupRandom = seededRandom(flags.seed ^ 0x100c)
    const probe = async (): Promise<void> => {
      const live = [...sim.peers.values()]
      const from = live[Math.floor(lookupRandom() * live.length)]
      const key = hashToId(`simlookup-${flags.seed}-${lookups.total}`, m)
      lookups.total++
      const ownerAtStart = sim.trueOwner(key)
      try {
        const { owner, hops } = await withDeadline(from.lookup(key), 30_000)
        // The ring may change while the lookup runs: the owner at its start or at its end is right.
        if (owner.id === ownerAtStart || owner.id === sim.trueOwner(key)) { lookups.ok++; lookups.hops += hops } else lookups.wrong++
      } catch {
        lookups.failed++
      }
    }

    const SLICE_MS = 100
    let nextArrival = 0
    let lastCheck = 0
    for (let now = 0; now < durationMs; now += SLICE_MS) {
      // Departures due in this slice.
      for (const [id, at] of [...departures]) {
        if (at >= now + SLICE_MS) continue
        departures.delete(id)
        if (!sim.peers.has(id) || sim.peers.size <= R + 1) continue
        const view = trueView()
        const held = keys.filter(k => view.replicas(keyIds.get(k)!, R).some(v => v.peerId === id))
        idealCopies += held.length
        if (random() < 0.5) {
          departed.crash++
          const c = { atMs: sim.clock.now() - churn0, keys: held }
          pendingCrashes.push(c)
          crashes.push(c)
          await sim.crash(id)
        } else {
          departed.leave++
          // A leave without settling the clock: its hand-off runs alongside everything else.
          const peer = sim.peers.get(id)!
          sim.peers.delete(id)
          background.push(peer.leave().catch(() => {}).then(async () => {
            await sim.kv.get(id)?.stop()
            sim.kv.delete(id)
          }))
        }
      }
      // Arrivals due in this slice: a new peer joins through a random live peer.
      while (nextArrival < arrivalTimes.length && arrivalTimes[nextArrival] < now + SLICE_MS) {
        nextArrival++
        arrivals++
        idealCopies += Math.round((R * simKeys) / (sim.peers.size + 1))
        const peer = sim.newPeer()
        track([peer])
        await peer.start()
        await sim.kv.get(peer.peerId)?.start()
        const via = sim.randomPeer()
        const session = expSample(random, sessionS * 1000)
        background.push(peer.join({ peerId: via.peerId, addrs: [] }).then(() => {
          sim.peers.set(peer.peerId, peer)
          departures.set(peer.peerId, sim.clock.now() - churn0 + session)
        }, async () => {
          await peer.stop()
          await sim.kv.get(peer.peerId)?.stop()
          sim.kv.delete(peer.peerId)
        }))
      }
      if (now % 200 === 0) background.push(probe())
      if (now - lastCheck >= 1000 && pendingCrashes.length > 0) {
        lastCheck = now
        const view = trueView()
        for (let i = pendingCrashes.length - 1; i >= 0; i--) {
          const c = pendingCrashes[i]
          if (underReplicated(c.keys, view).length === 0) {
            c.repairedAfterMs = sim.clock.now() - churn0 - c.atMs
            pendingCrashes.splice(i, 1)
          }
        }
      }
      peerMs += sim.peers.size * SLICE_MS
      await sim.runFor(SLICE_MS)
      if (now % 10_000 === 0) {
        const s = summarizeOps(ops)
        progress(`bench:churn: simulator ${(now / 1000).toFixed(0)}/${simDurationS} s virtual, ${sim.peers.size} peers, ${departed.crash} crashed, ${departed.leave} left, ${arrivals} joined, ${s.ops} ops ${fmtPct(s.successRate)} ok, lookups ${lookups.ok}/${lookups.total} ok`)
      }
    }
    const churnMessagesPerPeerS = { all: (sentTotal() - msg0.all) / (peerMs / 1000), chord: (chordTotal() - msg0.chord) / (peerMs / 1000) }
    stopWork = true
    await sim.clock.settle(Promise.all([...workers, ...background]), 600_000)

    // ---------------------------------------------------------------- settle and check
    progress('bench:churn: simulator: settling')
    const settle0 = sim.clock.now()
    const converged = await sim.converge(300_000, 500)
    const replicatedAtEnd = await sim.clock.runUntilCondition(() => {
      const view = trueView()
      for (let i = pendingCrashes.length - 1; i >= 0; i--) {
        if (underReplicated(pendingCrashes[i].keys, view).length === 0) {
          pendingCrashes[i].repairedAfterMs = sim.clock.now() - churn0 - pendingCrashes[i].atMs
          pendingCrashes.splice(i, 1)
        }
      }
      return underReplicated(keys, view).length === 0
    }, 300_000, 1000)
    const settleVirtualMs = sim.clock.now() - settle0
    const keysMoved = [...everyKv.values()].reduce((n, k) => n + k.stats.keysMovedIn + k.stats.keysMovedOut, 0) - moved0

    progress('bench:churn: simulator: reading back every key')
    const finals = new Map<string, string | undefined | Error>()
    for (let start = 0; start < keys.length; start += 100) {
      const batch = keys.slice(start, start + 100)
      await sim.clock.settle(Promise.all(batch.map(async key => {
        try {
          const res = await withDeadline(entry().get([key], undefined, SIM_ENTRY_HOPS), 10_000)
          const hit = res.hits.find(h => h.key === key)
          finals.set(key, hit === undefined ? undefined : new TextDecoder().decode(hit.value))
        } catch (err) {
          finals.set(key, err as Error)
        }
      })))
    }
    const final = finalCheck(states, finals)
    // Crashes of peers that held none of the keys (possible at 1000 peers) have nothing to repair.
    const repaired = crashes.filter(c => c.keys.length > 0 && c.repairedAfterMs !== undefined).map(c => c.repairedAfterMs!)
    const rd = distribution(repaired)
    const cpu = process.cpuUsage(cpu0)
    return {
      peers: simPeers, vnodes: SIM_VNODES, replicas: R, writeQuorum: W, keys: simKeys, workers: simWorkers, sessionMeanS: sessionS, durationS: simDurationS,
      departures: departed, arrivals, peersAtEnd: sim.peers.size,
      ops: summarizeOps(ops),
      overTime: buckets(ops, simDurationS / 30, simDurationS),
      lookups: { total: lookups.total, ok: lookups.ok, wrong: lookups.wrong, failed: lookups.failed, successRate: lookups.ok / Math.max(1, lookups.total), meanHops: lookups.hops / Math.max(1, lookups.ok) },
      final, converged, settleVirtualMs, replicatedAtEnd,
      keysMoved, idealCopies, movedVsIdeal: keysMoved / Math.max(1, idealCopies),
      repairMs: { crashes: crashes.filter(c => c.keys.length > 0).length, repaired: repaired.length, mean: rd.mean, p50: rd.p50, p99: rd.p99, max: rd.max },
      idleMessagesPerPeerS,
      churnMessagesPerPeerS,
      virtualSeconds: sim.clock.now() / 1000,
      wallSeconds: (performance.now() - wall0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6
    }
  } finally {
    await sim.stopAll()
  }
}

// ------------------------------------------------------------------ run and report

let testnetResult: TestnetResult | undefined
let testnetError: string | undefined
let simResult: SimResult | undefined
let simError: string | undefined
if (extra['no-testnet'] !== true) {
  try {
    testnetResult = await runTestnet()
  } catch (err) {
    testnetError = (err as Error).stack?.slice(0, 800) ?? String(err)
    console.error(`bench:churn: the testnet part failed: ${testnetError}`)
  }
}
if (extra['no-sim'] !== true) {
  try {
    simResult = await runSim()
  } catch (err) {
    simError = (err as Error).stack?.slice(0, 800) ?? String(err)
    console.error(`bench:churn: the simulator part failed: ${simError}`)
  }
}
endProgress()

// --no-sim / --no-testnet rerun one part: the other part of an earlier churn.json of the same
// mode and seed (in the same results directory) is kept, so that one churn.json holds both.
const carriedOver: string[] = []
const earlierPath = join(resultsDir(), 'churn.json')
if ((extra['no-sim'] === true || extra['no-testnet'] === true) && existsSync(earlierPath)) {
  const earlier = JSON.parse(readFileSync(earlierPath, 'utf8')) as { quick: boolean, seed: number, testnet: TestnetResult | null, simulator: SimResult | null }
  if (earlier.quick === flags.quick && earlier.seed === flags.seed) {
    if (extra['no-testnet'] === true && earlier.testnet !== null) { testnetResult = earlier.testnet; carriedOver.push('testnet') }
    if (extra['no-sim'] === true && earlier.simulator !== null) { simResult = earlier.simulator; carriedOver.push('simulator') }
  }
}

const targets = {
  ackedWritesLost: { target: 0, testnet: testnetResult?.final.lost, simulator: simResult?.final.lost },
  opSuccessRate: { target: 0.999, testnet: testnetResult?.ops.successRate, simulator: simResult?.ops.successRate }
}

if (testnetResult !== undefined) {
  const t = testnetResult
  console.log(`Testnet: ${t.peers} peers (v = ${t.vnodes}, r = ${t.replicas}, W = ${t.writeQuorum}), ${t.keys} keys, ${t.concurrency} workers, an event every ${t.intervalS} s for ${t.durationS} s`)
  console.log(`events: ${t.eventCounts.crash} crashes, ${t.eventCounts.leave} leaves, ${t.eventCounts.join} joins of new peers, ${t.eventCounts.rejoin} restarts of crashed peers; at most ${t.maxCrashedAtOnce} crashed at once; at least ${t.minServing} serving; ${t.events.filter(e => e.error !== undefined).length} failed`)
  printTable(['metric', 'value', 'target'], [
    ['operations', t.ops.ops, ''],
    ['op success rate', fmtPct(t.ops.successRate), '≥ 99.9 %'],
    ['sets acknowledged', `${t.ops.setsAcked} of ${t.ops.sets}`, ''],
    ['gets answered', `${t.ops.getsOk} of ${t.ops.gets}`, ''],
    ['reads: stale / missing / unexplained', `${t.ops.reads.stale} / ${t.ops.reads.missing} / ${t.ops.reads.unexplained}`, ''],
    ['latency p50 / p99 (ms)', `${formatNumber(t.ops.p50Ms)} / ${formatNumber(t.ops.p99Ms)}`, ''],
    ['acknowledged writes lost', t.final.lost, '0'],
    ...t.final.lostDetails.map(d => [`  lost: ${d.key}`, `read ${d.got ?? 'nothing'}, last ack ${d.lastAcked ?? '-'} at ${d.lastAckedAtMs === null ? '-' : formatNumber(d.lastAckedAtMs / 1000)} s`, '']),
    ['keys ending on an unknown-outcome write', t.final.unknownWrite, ''],
    ['keys unreadable at the end', t.final.unreadable, ''],
    ['crashes repaired to r copies', `${t.repairMs.repaired} of ${t.repairMs.crashes}`, ''],
    ['time to r copies after a crash: mean / max (s)', `${formatNumber(t.repairMs.mean / 1000)} / ${formatNumber(t.repairMs.max / 1000)}`, ''],
    ['after the churn: consistent / all keys at r copies (s)', `${formatNumber(t.settleConsistentMs / 1000)} / ${t.settleReplicatedMs === null ? 'not within 180' : formatNumber(t.settleReplicatedMs / 1000)}`, ''],
    ['idle: messages per peer per s (all / chord)', `${formatNumber(t.idleMessages.transportRequestsPerPeerS)} / ${formatNumber(t.idleMessages.chordRpcsPerPeerS)}`, ''],
    ['churn + workload: messages per peer per s (all / chord)', `${formatNumber(t.churnMessages.transportRequestsPerPeerS)} / ${formatNumber(t.churnMessages.chordRpcsPerPeerS)}`, '']
  ])
  console.log('\nKeys moved per event (Σ kv.keysMovedIn + keysMovedOut from the event to the next) vs ideal (copies the peer held, or r·K/(N+1) for a join)')
  printTable(['event', 'events', 'moved', 'ideal', 'moved ÷ ideal'], (['crash', 'leave', 'join', 'rejoin'] as const).map(k => [k, t.movedVsIdeal[k].events, t.movedVsIdeal[k].moved, t.movedVsIdeal[k].ideal, t.movedVsIdeal[k].ratio]))
  const errs = Object.entries(t.ops.errors)
  if (errs.length > 0) console.log(`errors: ${errs.map(([k, v]) => `${k} × ${v}`).join(', ')}`)
}
if (simResult !== undefined) {
  const s = simResult
  console.log(`\nSimulator: ${s.peers} peers (v = ${s.vnodes}, r = ${s.replicas}, W = ${s.writeQuorum}), exponential sessions (mean ${s.sessionMeanS} s), ${s.durationS} s of virtual time, ${s.keys} keys, ${s.workers} workers`)
  printTable(['metric', 'value', 'target'], [
    ['departures: crashes / leaves; arrivals', `${s.departures.crash} / ${s.departures.leave}; ${s.arrivals}`, ''],
    ['operations', s.ops.ops, ''],
    ['op success rate', fmtPct(s.ops.successRate), '≥ 99.9 %'],
    ['reads: stale / missing / unexplained', `${s.ops.reads.stale} / ${s.ops.reads.missing} / ${s.ops.reads.unexplained}`, ''],
    ['latency p50 / p99 (virtual ms)', `${formatNumber(s.ops.p50Ms)} / ${formatNumber(s.ops.p99Ms)}`, ''],
    ['lookups correct', `${s.lookups.ok} of ${s.lookups.total} (${fmtPct(s.lookups.successRate)}; ${s.lookups.wrong} wrong, ${s.lookups.failed} failed)`, ''],
    ['acknowledged writes lost', s.final.lost, '0'],
    ['crashes repaired to r copies', `${s.repairMs.repaired} of ${s.repairMs.crashes}`, ''],
    ['time to r copies after a crash: p50 / p99 / max (s)', `${formatNumber(s.repairMs.p50 / 1000)} / ${formatNumber(s.repairMs.p99 / 1000)} / ${formatNumber(s.repairMs.max / 1000)}`, ''],
    ['keys moved ÷ ideal (whole churn)', `${s.keysMoved} ÷ ${s.idealCopies} = ${formatNumber(s.movedVsIdeal)}`, ''],
    ['messages per peer per s, idle (all / chord)', `${formatNumber(s.idleMessagesPerPeerS.all)} / ${formatNumber(s.idleMessagesPerPeerS.chord)}`, ''],
    ['messages per peer per s, churn (all / chord)', `${formatNumber(s.churnMessagesPerPeerS.all)} / ${formatNumber(s.churnMessagesPerPeerS.chord)}`, ''],
    ['wall / cpu s', `${formatNumber(s.wallSeconds)} / ${formatNumber(s.cpuSeconds)}`, '']
  ])
}

/** The testnet figure: p50 and p99 latency per time bucket, events as marked vertical lines. */
function testnetSvg (t: TestnetResult): string {
  const width = 1000
  const height = 440
  const base = lineChart({
    title: `bench:churn: client latency under churn (testnet, ${t.peers} peers, r = ${t.replicas})`,
    yLabel: 'latency, ms (log)',
    xLabel: `seconds since the churn started (${t.bucketS} s buckets); C crash, L leave, J join, R restart`,
    categories: t.overTime.map(b => (b.fromS % 10 === 0 ? String(b.fromS) : '')),
    series: [
      { name: 'p50', values: t.overTime.map(b => b.p50Ms) },
      { name: 'p99', values: t.overTime.map(b => b.p99Ms) }
    ],
    yScale: 'log',
    width,
    height
  })
  // Event marks on the frame of svg.ts (left 70, right 180, top 40, bottom 55 margins).
  const x0 = 70
  const w = width - 70 - 180
  const n = t.overTime.length
  const xOf = (s: number): number => x0 + (n <= 1 ? w / 2 : ((s / t.bucketS) * w) / (n - 1))
  const letter: Record<EventKind, string> = { crash: 'C', leave: 'L', join: 'J', rejoin: 'R' }
  const colour: Record<EventKind, string> = { crash: '#c00', leave: '#888', join: '#2a7', rejoin: '#27a' }
  const marks = t.events.filter(e => e.error === undefined).map(e => {
    const x = xOf(e.atMs / 1000 - t.bucketS / 2).toFixed(1)
    return `<line x1="${x}" x2="${x}" y1="40" y2="${height - 55}" stroke="${colour[e.kind]}" stroke-dasharray="2 3"/><text x="${x}" y="36" text-anchor="middle" font-size="10" fill="${colour[e.kind]}">${letter[e.kind]}</text>`
  })
  return base.replace('</svg>', `${marks.join('\n')}\n</svg>`)
}

function simSvg (s: SimResult): string {
  return lineChart({
    title: `bench:churn: simulator, ${s.peers} peers, exponential sessions (mean ${s.sessionMeanS} s)`,
    yLabel: 'latency, virtual ms (log)',
    xLabel: `virtual seconds since the churn started (${formatNumber(s.durationS / 30)} s buckets)`,
    categories: s.overTime.map((b, i) => (i % 5 === 0 ? formatNumber(b.fromS) : '')),
    series: [
      { name: 'p50', values: s.overTime.map(b => b.p50Ms) },
      { name: 'p99', values: s.overTime.map(b => b.p99Ms) }
    ],
    yScale: 'log',
    width: 1000
  })
}

const files = writeResults('churn', {
  benchmark: 'churn',
  quick: flags.quick,
  seed: flags.seed,
  machine: machine(),
  wallSeconds: (performance.now() - started) / 1000,
  definitions: {
    opSuccess: 'an operation that returned without an error (a get that finds nothing is a success; reads are classified separately)',
    ackedWriteLost: 'a key whose value read back after the churn and settling is neither its last acknowledged value nor the value of a write whose outcome was unknown',
    readClasses: 'current: the last acknowledged value (or nothing, never written); unknown-write: a write with unknown outcome; stale: an older acknowledged value; missing: nothing although a write was acknowledged; unexplained: any other value',
    keysMoved: 'Σ over peers of kv.keysMovedIn + kv.keysMovedOut (join pulls, leave pushes, anti-entropy repairs) from one event to the next',
    idealCopies: 'crash, leave: the (key, peer) copies the departing peer held, i.e. keys whose replica set included it; join, rejoin: r·K/(N+1)',
    repair: 'from a crash until every key whose replica set held the crashed peer is held by every peer of its replica set in a fresh ring view (checked every ~0.5 s by asking each replica for its own copies)',
    messagesPerPeerS: 'all: transport.requestsSent (every libp2p request: chord, KV replication, anti-entropy, forwards); chord: chord.rpcsSent; per live peer per second; idle: no workload and no churn, i.e. maintenance only'
  },
  targets,
  carriedOver,
  testnet: testnetResult ?? null,
  testnetError: testnetError ?? null,
  simulator: simResult ?? null,
  simulatorError: simError ?? null
}, testnetResult !== undefined ? testnetSvg(testnetResult) : undefined)
if (simResult !== undefined) files.push(writeSvg('churn-sim', simSvg(simResult)))
console.log(`\nwrote ${files.join(', ')}`)
if (testnetError !== undefined || simError !== undefined) process.exitCode = 1
