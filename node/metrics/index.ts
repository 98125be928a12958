/**
 * Prometheus metrics of one peer (prom-client, a registry per peer so an in-process testnet
 * keeps its peers apart), served as GET /metrics by the admin server.
 *
 * Two kinds of metric:
 * - measured here, as operations happen: KV operations by type, result and origin, their
 *   latency, and the hop count of every ring lookup. instrumentPeer() wraps the KvService's
 *   mutate/get and the ChordPeer's lookup on the instance (the classes stay untouched).
 * - read at scrape time from the counters the layers already keep (`chord.stats`,
 *   `kv.stats`, `store.stats()`) and from libp2p (open connections).
 *
 * Names follow Prometheus conventions (`_total` counters, `_seconds`, `_bytes`) and reuse
 * memcached's words where operators know them (items, evictions).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Aggregator, type CollectFunction, type MetricObjectWithValues, type MetricType, type MetricValueWithName } from 'prom-client'
import type { LookupResult } from '../chord/types.ts'
import type { KvRequest, KvResponse } from '../kv/messages.ts'

/** Latency buckets of KV operations, in seconds: 100 µs to 5 s. */
export const OP_LATENCY_BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
/** Lookup hop buckets: one per hop count up to 12, then 16 and 24. */
export const LOOKUP_HOP_BUCKETS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 24]

type Mutate = Extract<KvRequest, { type: 'mutate' }>
type Mutated = Extract<KvResponse, { type: 'mutated' }>
type Values = Extract<KvResponse, { type: 'values' }>

/** What instrumentPeer wraps: a KvService's and a ChordPeer's methods (structurally). */
export interface InstrumentedKv {
  mutate (req: Mutate): Promise<Mutated>
  get (keys: readonly string[], touchExptime: number | undefined, hops: number): Promise<Values>
  mutateNow (req: Mutate): Mutated | undefined
  getNow (keys: readonly string[], touchExptime: number | undefined): Values | undefined
}
export interface InstrumentedChord {
  lookup (key: bigint, ...rest: any[]): Promise<LookupResult>
}

/** The counters read at scrape time. Every field is optional: a missing one is not exported. */
export interface PeerCounters {
  chord?: () => Readonly<Record<string, number>>
  kv?: () => Readonly<Record<string, number>>
  store?: () => Readonly<Record<string, number>>
  /** Open libp2p connections. */
  connections?: () => number
  /** Vnodes of this peer, and how many are ring members. */
  vnodes?: () => { readonly total: number, readonly members: number }
}

/** Operation counts as plain numbers, for /stats and the testnet's ops/s. */
export interface OpCounts {
  /** Operations a client or front end asked this peer for (not forwarded by another peer). */
  client: number
  /** Operations other peers forwarded here. */
  forwarded: number
  /** By op name, both origins. */
  byOp: Record<string, number>
}

export class PeerMetrics {
  readonly registry = new Registry()
  readonly ops: OpCounts = { client: 0, forwarded: 0, byOp: {} }
  /**
   * Operation counts and latencies, kept as plain numbers on the hot path (prom-client hashes
   * the labels of every inc/observe: at 100k ops/s that was a tenth of the memcached port's
   * time) and handed to prom-client at scrape time.
   */
  private readonly opTally = { client: new Map<string, Map<string, number>>(), peer: new Map<string, Map<string, number>>() }
  private readonly opSeconds: TalliedHistogram
  private readonly lookupHops: Histogram

  constructor (counters: PeerCounters, options: { readonly processMetrics?: boolean } = {}) {
    const registers = [this.registry]
    const opTally = this.opTally
    const opsTotal: Counter<'op' | 'result' | 'origin'> = new Counter({
      name: 'chordkv_kv_ops_total',
      help: 'KV operations this peer executed or forwarded, by op, result (memcached status, hit/miss, or error code) and origin (client or peer)',
      labelNames: ['op', 'result', 'origin'],
      registers,
      collect () {
        opsTotal.reset()
        for (const origin of ['client', 'peer'] as const) {
          for (const [op, results] of opTally[origin]) for (const [result, n] of results) opsTotal.inc({ op, result, origin }, n)
        }
      }
    })
    this.opSeconds = new TalliedHistogram({
      name: 'chordkv_kv_op_duration_seconds',
      help: 'Time from receiving a KV operation to answering it, replication and forwarding included',
      labelNames: ['op'],
      buckets: OP_LATENCY_BUCKETS_S,
      registers
    })
    this.lookupHops = new Histogram({
      name: 'chordkv_lookup_hops',
      help: 'Remote peers asked per ring lookup (0: this peer knew the owner)',
      buckets: LOOKUP_HOP_BUCKETS,
      registers
    })

    // Counters kept by the layers, copied at scrape time.
    const counter = (name: string, help: string, read: () => number | undefined): void => {
      const metric: Counter = new Counter({
        name,
        help,
        registers,
        collect () {
          const value = read()
          metric.reset()
          if (value !== undefined && Number.isFinite(value)) metric.inc(value)
        }
      })
    }
    const gauge = (name: string, help: string, read: () => number | undefined): void => {
      const metric: Gauge = new Gauge({
        name,
        help,
        registers,
        collect () {
          const value = read()
          if (value !== undefined && Number.isFinite(value)) metric.set(value)
        }
      })
    }
    const pairs = (name: string, help: string, label: string, read: () => Record<string, number | undefined> | undefined): void => {
      const metric: Counter<string> = new Counter({
        name,
        help,
        labelNames: [label],
        registers,
        collect () {
          metric.reset()
          for (const [value, n] of Object.entries(read() ?? {})) if (n !== undefined && Number.isFinite(n)) metric.inc({ [label]: value }, n)
        }
      })
    }
    const chord = (key: string) => () => counters.chord?.()[key]
    const kv = (key: string) => () => counters.kv?.()[key]
    const store = (key: string) => () => counters.store?.()[key]

    counter('chordkv_stabilize_rounds_total', 'Stabilize rounds run by this peer\'s vnodes', chord('stabilizeRounds'))
    counter('chordkv_successor_changes_total', 'Times a vnode of this peer changed its first successor', chord('successorChanges'))
    counter('chordkv_lookups_total', 'Ring lookups started by this peer', chord('lookups'))
    counter('chordkv_lookup_failures_total', 'Ring lookups that found no live owner', chord('lookupFailures'))
    counter('chordkv_ring_rpcs_total', 'Ring protocol requests sent', chord('rpcsSent'))
    counter('chordkv_ring_rpc_failures_total', 'Ring protocol requests that failed (timeout, unreachable, error)', chord('rpcsFailed'))

    gauge('chordkv_items', 'Items (values) held by this peer, replicas included (memcached curr_items)', store('curr_items'))
    gauge('chordkv_tombstones', 'Delete markers held until they expire', store('tombstones'))
    gauge('chordkv_stored_bytes', 'Bytes charged for everything held: keys, values and per-item overhead (memcached bytes)', store('bytes'))
    gauge('chordkv_memory_limit_bytes', 'Memory cap of the store (memcached limit_maxbytes)', store('limit_maxbytes'))
    counter('chordkv_evictions_total', 'Items evicted to stay under the memory cap', store('evictions'))
    counter('chordkv_expired_reclaimed_total', 'Expired items whose memory was taken back', store('reclaimed'))
    pairs('chordkv_keys_moved_total', 'Keys received from or sent to other peers by join pulls, leave pushes and repair', 'direction',
      () => ({ in: counters.kv?.().keysMovedIn, out: counters.kv?.().keysMovedOut }))
    pairs('chordkv_bytes_moved_total', 'Value bytes received from or sent to other peers by join pulls, leave pushes and repair', 'direction',
      () => ({ in: counters.kv?.().bytesMovedIn, out: counters.kv?.().bytesMovedOut }))
    counter('chordkv_repaired_items_total', 'Items anti-entropy found missing or older on one side and sent across', kv('repaired'))
    counter('chordkv_anti_entropy_rounds_total', 'Anti-entropy rounds run', kv('antiEntropyRounds'))
    counter('chordkv_replication_shortfalls_total', 'Writes acknowledged with fewer than r copies (left to repair): the repair backlog grows by these', kv('replicationShortfalls'))
    counter('chordkv_quorum_failures_total', 'Writes refused because fewer than W copies answered (outcome unknown)', kv('quorumFailures'))
    counter('chordkv_replicate_requests_total', 'Replicate requests this peer sent for writes it executed as primary (writes arriving together share one)', kv('replicateRequests'))
    counter('chordkv_replicated_items_total', 'Items those replicate requests carried', kv('replicatedItems'))
    counter('chordkv_forwarded_total', 'KV operations this peer forwarded to the key\'s primary', kv('forwarded'))

    gauge('chordkv_open_connections', 'Open libp2p connections', () => counters.connections?.())
    gauge('chordkv_vnodes', 'Virtual nodes of this peer', () => counters.vnodes?.().total)
    gauge('chordkv_vnodes_member', 'Virtual nodes of this peer that are ring members', () => counters.vnodes?.().members)

    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry })
  }

  get contentType (): string {
    return this.registry.contentType
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  async text (): Promise<string> {
    return await this.registry.metrics()
  }

  /** Counts one KV operation. */
  recordOp (op: string, result: string, origin: 'client' | 'peer', seconds: number, count: number = 1): void {
    const byOp = this.opTally[origin]
    let results = byOp.get(op)
    if (results === undefined) byOp.set(op, results = new Map())
    results.set(result, (results.get(result) ?? 0) + count)
    if (origin === 'client') this.ops.client += count
    else this.ops.forwarded += count
    this.ops.byOp[op] = (this.ops.byOp[op] ?? 0) + count
    if (seconds >= 0) this.opSeconds.tally(op, seconds)
  }

  recordLookup (hops: number): void {
    this.lookupHops.observe(hops)
  }
}

/**
 * A histogram with one label whose observations are tallied in plain arrays (tally(), no label
 * hashing) and exported in prom-client's histogram form when scraped. observe() is not used.
 */
class TalliedHistogram extends Histogram<'op'> {
  declare readonly name: string
  declare readonly help: string
  declare readonly aggregator: Aggregator
  declare readonly collect: CollectFunction<Histogram<'op'>>
  private readonly bounds: readonly number[]
  private readonly byLabel = new Map<string, { readonly buckets: number[], sum: number, count: number }>()

  constructor (config: ConstructorParameters<typeof Histogram<'op'>>[0] & { readonly buckets: readonly number[] }) {
    super({ ...config, buckets: [...config.buckets] })
    this.bounds = [...config.buckets]
  }

  tally (op: string, seconds: number): void {
    let t = this.byLabel.get(op)
    if (t === undefined) {
      t = { buckets: new Array<number>(this.bounds.length).fill(0), sum: 0, count: 0 }
      this.byLabel.set(op, t)
    }
    // The first bucket that holds it; past the last bound it counts only in +Inf.
    let i = 0
    while (i < this.bounds.length && seconds > this.bounds[i]) i++
    if (i < this.bounds.length) t.buckets[i]++
    t.sum += seconds
    t.count++
  }

  override async get (): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    return await this.getForPromString()
  }

  /** What the registry formats (prom-client asks this of histograms, not get()). */
  async getForPromString (): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const base = { name: this.name, help: this.help, type: 'histogram' as unknown as MetricType, aggregator: this.aggregator, collect: this.collect }
    const values: Array<MetricValueWithName<string>> = []
    for (const [op, t] of this.byLabel) {
      let cumulative = 0
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += t.buckets[i]
        values.push({ metricName: `${this.name}_bucket`, labels: { le: this.bounds[i], op }, value: cumulative })
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', op }, value: t.count })
      values.push({ metricName: `${this.name}_sum`, labels: { op }, value: t.sum })
      values.push({ metricName: `${this.name}_count`, labels: { op }, value: t.count })
    }
    return { ...base, values }
  }

  override reset (): void {
    super.reset()
    this.byLabel?.clear() // undefined when the base constructor calls reset()
  }
}

/** The result label of a failed operation: its error code (KvError, transport errors), else "error". */
function errorResult (err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(code) ? code : 'error'
}

/**
 * Wraps kv.mutate, kv.get and chord.lookup on these instances so every call is counted and
 * timed. Calls the classes make to themselves (handle → mutate, fix_fingers → lookup) go
 * through the wrappers too, since they are looked up on the instance.
 */
export function instrumentPeer (metrics: PeerMetrics, kv: InstrumentedKv, chord?: InstrumentedChord): void {
  const mutated = (req: Mutate, started: number, res: Mutated): void => {
    metrics.recordOp(req.op, res.status.toLowerCase(), req.hops > 0 ? 'peer' : 'client', (performance.now() - started) / 1000)
  }
  const mutateFailed = (req: Mutate, started: number, err: unknown): void => {
    metrics.recordOp(req.op, errorResult(err), req.hops > 0 ? 'peer' : 'client', (performance.now() - started) / 1000)
  }
  const got = (keys: readonly string[], touchExptime: number | undefined, hops: number, started: number, res: Values): void => {
    const seconds = (performance.now() - started) / 1000
    const op = touchExptime === undefined ? 'get' : 'gat'
    const origin = hops > 0 ? 'peer' : 'client'
    // A multi-get is one request but counts one operation per key (as memcached's cmd_get).
    const hits = res.hits.length
    if (hits > 0) metrics.recordOp(op, 'hit', origin, seconds, hits)
    if (keys.length - hits > 0) metrics.recordOp(op, 'miss', origin, hits > 0 ? -1 : seconds, keys.length - hits)
  }
  const getFailed = (keys: readonly string[], touchExptime: number | undefined, hops: number, started: number, err: unknown): void => {
    metrics.recordOp(touchExptime === undefined ? 'get' : 'gat', errorResult(err), hops > 0 ? 'peer' : 'client', (performance.now() - started) / 1000, Math.max(1, keys.length))
  }

  const mutate = kv.mutate.bind(kv)
  kv.mutate = async (req: Mutate): Promise<Mutated> => {
    const started = performance.now()
    try {
      const res = await mutate(req)
      mutated(req, started, res)
      return res
    } catch (err) {
      mutateFailed(req, started, err)
      throw err
    }
  }
  const get = kv.get.bind(kv)
  kv.get = async (keys: readonly string[], touchExptime: number | undefined, hops: number): Promise<Values> => {
    const started = performance.now()
    try {
      const res = await get(keys, touchExptime, hops)
      got(keys, touchExptime, hops, started, res)
      return res
    } catch (err) {
      getFailed(keys, touchExptime, hops, started, err)
      throw err
    }
  }
  // The fast paths count what they answer; when they decline, the slow path counts it.
  const mutateNow = kv.mutateNow.bind(kv)
  kv.mutateNow = (req: Mutate): Mutated | undefined => {
    const started = performance.now()
    try {
      const res = mutateNow(req)
      if (res !== undefined) mutated(req, started, res)
      return res
    } catch (err) {
      mutateFailed(req, started, err)
      throw err
    }
  }
  const getNow = kv.getNow.bind(kv)
  kv.getNow = (keys: readonly string[], touchExptime: number | undefined): Values | undefined => {
    const started = performance.now()
    try {
      const res = getNow(keys, touchExptime)
      if (res !== undefined) got(keys, touchExptime, 0, started, res)
      return res
    } catch (err) {
      getFailed(keys, touchExptime, 0, started, err)
      throw err
    }
  }
  if (chord !== undefined) {
    const lookup = chord.lookup.bind(chord)
    chord.lookup = async (key: bigint, ...rest: any[]): Promise<LookupResult> => {
      const result = await lookup(key, ...rest)
      metrics.recordLookup(result.hops)
      return result
    }
  }
}
