/**
 * `npm run bench:kad`: the same put/get workload on @libp2p/kad-dht and on chordkv, with 10,
 * 25 and 50 in-process peers on 127.0.0.1 (TCP, noise, yamux for both): latency p50/p99,
 * success rate, messages per operation and memory per peer.
 *
 * Workload, per system and size: `--ops` puts of distinct keys (100-byte values) issued from
 * random peers, then `--ops` gets of random keys among them from random peers, `--concurrency`
 * operations in flight. Keys, values and the choice of peers come from the seeded PRNG; peer
 * ids are fresh keys each run, so the ring and the Kademlia tables differ between runs.
 *
 * kad-dht (16.x, K = 20, α = 10, server mode, loopback addresses kept): N libp2p nodes with
 * identify, ping and the DHT; node i dials node 0 and two random earlier nodes, then we wait
 * until every routing table holds min(N − 1, 20) peers. Records live under `/bench/<key>` with a
 * validator and selector for that namespace. A put is `dht.put` to the end (it stores locally,
 * finds the 20 closest peers and sends each PUT_VALUE); it succeeds when at least one remote
 * peer confirms the record. Gets are measured twice: `dht.get` to the end, as
 * `libp2p.contentRouting.get` does (the query runs until the closest peers have answered, then
 * picks the best record), and "first value": the same query, stopped at the first remote
 * peer that returns the record (a local copy is not visible through the public API).
 *
 * chordkv (daemon defaults, r = 3, W = 2, but `--vnodes` 1): N peers from createPeer(), joined through
 * random earlier peers, until the ring is consistent (every vnode's successor and predecessor
 * right). Ops from random peers go through that peer's KV service, as the memcached port does
 * (the entry peer routes by its cached ring view, forwarding to the primary, which replicates);
 * ops "via client" go through one `connect()` client that knows every peer (one hop to the
 * primary). A get succeeds when it returns the value put.
 *
 * Messages (one message = one request/response exchange):
 * - op path, kad-dht: SEND_QUERY events of the operation's own query (Kademlia queries are
 *   iterative: every request of an operation is sent by the node that runs it).
 * - op path, chordkv: KV requests of types mutate/get/replicate sent by every peer (counted by
 *   a wrapper around each peer's Transport.request) plus the client's requests.
 * - all, net of idle: every request of any protocol sent by any node during the phase (kad-dht:
 *   outbound streams per protocol seen by libp2p's metrics hook, one stream per DHT request;
 *   chordkv: the same wrapper, all protocols), minus the idle rate measured just before the
 *   workload times the phase's duration, divided by the operations. chordkv's routing-view
 *   refreshes (a ring walk every 2 s on a peer that routes operations) land here.
 * Memory per peer: V8 heap used after a forced GC, once before the nodes start and once after
 * the workload, difference divided by N (RSS likewise, in the JSON). The chordkv figure
 * includes the one client.
 *
 *   npm run bench:kad                  # 10, 25, 50 peers, 100 puts + 100 gets each
 *   npm run bench:kad -- --quick       # 10 peers, 16 + 16 (about 30 s)
 *   npm run bench:kad -- --sizes 10,25 --ops 100 --concurrency 8 --vnodes 8 --seed 3
 *   npm run bench:kad -- --ops 50 --assemble /tmp/chordkv-bench-kad-XXXX   # report what an interrupted run finished
 *
 * Writes benchmarks/results/kad.json, kad.svg (get latency) and kad-put.svg (put latency);
 * quick runs write under benchmarks/results/quick/.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { noise } from '@chainsafe/libp2p-noise'
import { identify } from '@libp2p/identify'
import type { Libp2p, Metrics, Stream } from '@libp2p/interface'
import { kadDHT, passthroughMapper, type KadDHT } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { connect, type Client } from '../client/index.ts'
import { ringProblems } from '../node/chord/consistency.ts'
import { ringJson } from '../node/chord/ring-json.ts'
import { createPeer, type Peer } from '../node/daemon.ts'
import { seededRandom } from '../node/transport/clock.ts'
import type { Random } from '../node/transport/types.ts'
import { benchFlags, endProgress, latencySummary, machine, printTable, progress, writeResults, writeSvg } from './lib/report.ts'
import { lineChart } from './lib/svg.ts'

const flags = benchFlags()
const { values: extra } = parseArgs({
  args: process.argv.slice(2),
  options: { sizes: { type: 'string' }, ops: { type: 'string' }, concurrency: { type: 'string' }, vnodes: { type: 'string' }, assemble: { type: 'string' }, child: { type: 'string' }, peers: { type: 'string' }, out: { type: 'string' } },
  strict: false
})
const sizes = typeof extra.sizes === 'string' ? extra.sizes.split(',').map(Number) : flags.quick ? [10] : [10, 25, 50]
const opsPerPhase = Number(extra.ops ?? (flags.quick ? 16 : 100))
const concurrency = Number(extra.concurrency ?? 4)
/**
 * Vnodes per chordkv peer. 1 by default here: a kad-dht node has one id, and the daemon's
 * default of 8 multiplies ring maintenance by 8, which 50 peers in one process on 2 shared
 * cores could not sustain (see benchmarks/README.md).
 */
const vnodes = Number(extra.vnodes ?? 1)
if (sizes.some(n => !Number.isInteger(n) || n < 2) || !(opsPerPhase >= 1) || !(concurrency >= 1) || !(Number.isInteger(vnodes) && vnodes >= 1)) {
  console.error('bench:kad: --sizes takes integers ≥ 2 (e.g. 10,25,50); --ops, --concurrency and --vnodes positive integers')
  process.exit(2)
}

/** Bytes of every value, as in bench:kv. */
const VALUE_BYTES = 100
/** kad-dht's bucket size K (its default): a put goes to the K closest peers. */
const KAD_K = 20
/** A protocol of our own, so that nothing here could ever talk to a public DHT. */
const KAD_PROTOCOL = '/chordkv-bench/kad/1.0.0'
/** Deadline of one operation, in ms (an operation past it counts as failed). */
const OP_TIMEOUT_MS = 30_000
/** How long to wait for routing tables (kad-dht) or a consistent ring (chordkv), in ms. */
const WARM_TIMEOUT_MS = flags.quick ? 30_000 : 60_000
/** Idle window before the workload that measures background messages, in ms. */
const IDLE_MS = flags.quick ? 1_000 : 3_000
/** Nodes started at once. */
const START_BATCH = 5

// A forced GC before each heap reading: without it the difference is mostly garbage.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

type System = 'kad-dht' | 'chordkv'
type Op = 'put' | 'get'

interface Cell {
  peers: number
  system: System
  op: Op
  /** kad-dht: 'full query' or 'first value'; chordkv: 'from peers' or 'via client'. */
  mode: string
  ops: number
  succeeded: number
  successRate: number
  p50Ms: number
  p99Ms: number
  meanMs: number
  opsPerSec: number
  /** Messages on the operation's own path, per operation (see the header). */
  opMessagesPerOp: number
  /** Every message sent by any node during the phase, less the idle rate, per operation. */
  allMessagesPerOp: number
  /** Raw messages by protocol (chordkv KV requests by type) during the phase. */
  messagesByKind: Record<string, number>
  /** kad-dht puts: remote peers that confirmed the record, mean per put. */
  copiesPerPut?: number
  /**
   * Share of the phase the process's one event loop was busy (0..1). Every node of a run
   * shares it: near 1, latencies are mostly waiting for the loop, not the network.
   */
  eventLoopUtilization: number
  /** The first few errors of failed operations. */
  errors: string[]
}

interface SizeReport {
  peers: number
  system: System
  startSeconds: number
  warmSeconds: number
  /** kad-dht: routing table sizes after warm-up; chordkv: vnodes on the ring. */
  warm: Record<string, number>
  idleMessagesPerSecondPerPeer: number
  heapBytesPerPeer: number
  rssBytesPerPeer: number
}

interface Outcome { ok: boolean, messages: number, copies?: number }

/** Runs `total` operations, `inFlight` at a time; latencies of the successful ones. */
async function drive (total: number, inFlight: number, op: (i: number) => Promise<Outcome>): Promise<{ seconds: number, latencies: number[], succeeded: number, messages: number, copies: number, eventLoopUtilization: number, errors: string[] }> {
  const latencies: number[] = []
  const errors: string[] = []
  const elu = performance.eventLoopUtilization()
  let next = 0
  let succeeded = 0
  let messages = 0
  let copies = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, async () => {
    while (next < total) {
      const i = next++
      const t0 = performance.now()
      let outcome: Outcome
      try {
        outcome = await op(i)
      } catch (err) {
        if (errors.length < 3) errors.push(String((err as Error).message ?? err).slice(0, 200))
        outcome = { ok: false, messages: 0 }
      }
      messages += outcome.messages
      copies += outcome.copies ?? 0
      if (outcome.ok) {
        succeeded++
        latencies.push(performance.now() - t0)
      }
    }
  }))
  return { seconds: (performance.now() - started) / 1000, latencies, succeeded, messages, copies, eventLoopUtilization: performance.eventLoopUtilization(elu).utilization, errors }
}

function sameBytes (a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function memory (): { heap: number, rss: number } {
  gc()
  gc()
  const m = process.memoryUsage()
  return { heap: m.heapUsed, rss: m.rss }
}

/** Counts by kind; `delta` is what was added since a snapshot. */
class Tally {
  readonly counts = new Map<string, number>()
  add (kind: string, n = 1): void { this.counts.set(kind, (this.counts.get(kind) ?? 0) + n) }
  snapshot (): Map<string, number> { return new Map(this.counts) }
  delta (since: Map<string, number>): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [k, v] of this.counts) if (v - (since.get(k) ?? 0) > 0) out[k] = v - (since.get(k) ?? 0)
    return out
  }
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0)

interface Workload {
  readonly keys: string[]
  readonly values: Uint8Array[]
  /** Index of the peer that issues put i, and of the key and peer of get i. */
  readonly putFrom: number[]
  readonly getKey: number[]
  readonly getFrom: number[]
}

function workload (random: Random, peers: number, ops: number): Workload {
  const hex = (): string => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')
  const pick = (n: number): number => Math.floor(random() * n)
  const keys = Array.from({ length: ops }, (_, i) => `bench-${flags.seed}-${peers}-${i}-${hex()}`)
  const values = keys.map(() => Uint8Array.from({ length: VALUE_BYTES }, () => pick(256)))
  return {
    keys,
    values,
    putFrom: keys.map(() => pick(peers)),
    getKey: keys.map(() => pick(ops)),
    getFrom: keys.map(() => pick(peers))
  }
}

function cell (peers: number, system: System, op: Op, mode: string, run: Awaited<ReturnType<typeof drive>>, opMessages: number, kinds: Record<string, number>, idlePerSecond: number): Cell {
  const lat = latencySummary(run.latencies)
  const ops = opsPerPhase
  const c: Cell = {
    peers,
    system,
    op,
    mode,
    ops,
    succeeded: run.succeeded,
    successRate: run.succeeded / ops,
    p50Ms: lat.p50,
    p99Ms: lat.p99,
    meanMs: lat.mean,
    opsPerSec: ops / run.seconds,
    opMessagesPerOp: opMessages / ops,
    allMessagesPerOp: (sum(kinds) - idlePerSecond * run.seconds) / ops,
    messagesByKind: kinds,
    eventLoopUtilization: run.eventLoopUtilization,
    errors: run.errors
  }
  if (op === 'put' && system === 'kad-dht') c.copiesPerPut = run.copies / ops
  progress(`bench:kad: ${peers} peers ${system} ${op} (${mode}): ${run.succeeded}/${ops} ok, p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms, ${c.opMessagesPerOp.toFixed(1)} msgs/op`)
  return c
}

// ------------------------------------------------------------------ kad-dht

/**
 * A libp2p Metrics that only counts: outbound protocol streams by protocol (kad-dht opens one
 * stream per request). Every metric it is asked to register is a no-op.
 */
function countingMetrics (tally: Tally): Metrics {
  const metric = { update () {}, increment () {}, decrement () {}, reset () {}, observe () {}, timer: () => () => {} }
  const register = (_name: string, options?: { calculate?: unknown }): unknown => options?.calculate !== undefined ? undefined : metric
  const metrics = {
    trackMultiaddrConnection () {},
    trackProtocolStream (stream: Stream) {
      if (stream.direction === 'outbound') tally.add(stream.protocol ?? 'unknown')
    },
    registerMetric: register,
    registerMetricGroup: register,
    registerCounter: register,
    registerCounterGroup: register,
    registerHistogram: register,
    registerHistogramGroup: register,
    registerSummary: register,
    registerSummaryGroup: register,
    traceFunction: <F>(_name: string, fn: F): F => fn,
    createTrace: () => undefined
  }
  return metrics as unknown as Metrics
}

type KadNode = Libp2p<{ dht: KadDHT }>

async function startKadNode (tally: Tally): Promise<KadNode> {
  const encoder = new TextEncoder()
  return await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // Every node of the run lives on one address: libp2p's per-host inbound limits would refuse them.
    connectionManager: { inboundConnectionThreshold: 10_000, maxIncomingPendingConnections: 1_000, maxConnections: 1_000 },
    metrics: () => countingMetrics(tally),
    services: {
      // Its default 5 s deadline is too short when 50 nodes share a starved event loop: a node
      // that never completes identify is never added to any routing table.
      identify: identify({ timeout: 30_000 }),
      ping: ping(),
      dht: kadDHT({
        protocol: KAD_PROTOCOL,
        clientMode: false,
        // The default mapper drops private addresses, and loopback is all there is here.
        peerInfoMapper: passthroughMapper,
        validators: {
          bench: async (key, value) => {
            if (!encoder.encode('/bench/').every((b, i) => key[i] === b) || value.length > 1024) throw new Error('not a bench record')
          }
        },
        selectors: { bench: () => 0 }
      })
    }
  }) as unknown as KadNode
}

const routingTableSize = (node: KadNode): number => (node.services.dht as unknown as { routingTable: { size: number } }).routingTable.size

async function runKad (peers: number, random: Random, work: Workload): Promise<{ cells: Cell[], report: SizeReport }> {
  const encoder = new TextEncoder()
  const before = memory()
  const tally = new Tally()
  const nodes: KadNode[] = []
  const t0 = performance.now()
  try {
    progress(`bench:kad: starting ${peers} kad-dht nodes`)
    for (let i = 0; i < peers; i += START_BATCH) {
      nodes.push(...await Promise.all(Array.from({ length: Math.min(START_BATCH, peers - i) }, async () => await startKadNode(tally))))
    }
    // A dial (noise handshake) can time out when the machine is loaded: each is tried three
    // times, and a node needs one connection to start from.
    const dial = async (from: KadNode, to: KadNode): Promise<boolean> => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          await from.dial(to.getMultiaddrs()[0], { signal: AbortSignal.timeout(30_000) })
          return true
        } catch (err) {
          progress(`bench:kad: a kad-dht dial failed (${(err as Error).message.slice(0, 120)})${attempt < 3 ? '; trying again' : ''}`)
        }
      }
      return false
    }
    for (let i = 1; i < peers; i++) {
      const targets = new Set([0, Math.floor(random() * i), Math.floor(random() * i)])
      const connected = await Promise.all([...targets].map(async t => await dial(nodes[i], nodes[t])))
      if (!connected.includes(true)) throw new Error(`kad-dht node ${i} could not connect to any of nodes ${[...targets].join(', ')}`)
    }
    const startSeconds = (performance.now() - t0) / 1000
    const want = Math.min(peers - 1, KAD_K)
    const warmStart = performance.now()
    progress(`bench:kad: waiting until every kad-dht routing table holds ${want} peers`)
    let refreshed = false
    while (nodes.some(n => routingTableSize(n) < want) && performance.now() - warmStart < WARM_TIMEOUT_MS) {
      // Halfway, nodes still short of peers look for more themselves.
      if (!refreshed && performance.now() - warmStart > WARM_TIMEOUT_MS / 2) {
        refreshed = true
        for (const n of nodes) if (routingTableSize(n) < want) n.services.dht.refreshRoutingTable().catch(() => {})
      }
      await sleep(200)
    }
    const tables = nodes.map(routingTableSize)
    if (tables.some(s => s < want)) progress(`bench:kad: warning: after ${WARM_TIMEOUT_MS / 1000} s ${tables.filter(s => s < want).length} kad-dht routing tables hold fewer than ${want} peers (smallest ${Math.min(...tables)})`)
    const warmSeconds = (performance.now() - warmStart) / 1000

    let snap = tally.snapshot()
    await sleep(IDLE_MS)
    const idlePerSecond = sum(tally.delta(snap)) / (IDLE_MS / 1000)

    const dhtKey = (i: number): Uint8Array => encoder.encode(`/bench/${work.keys[i]}`)
    const cells: Cell[] = []

    progress(`bench:kad: ${peers} kad-dht nodes: ${opsPerPhase} puts`)
    snap = tally.snapshot()
    const puts = await drive(opsPerPhase, concurrency, async i => {
      let messages = 0
      let copies = 0
      for await (const e of nodes[work.putFrom[i]].services.dht.put(dhtKey(i), work.values[i], { signal: AbortSignal.timeout(OP_TIMEOUT_MS) })) {
        if (e.name === 'SEND_QUERY') messages++
        if (e.name === 'PEER_RESPONSE' && e.messageName === 'PUT_VALUE' && sameBytes(e.record?.value, work.values[i])) copies++
      }
      return { ok: copies >= 1, messages, copies }
    })
    cells.push(cell(peers, 'kad-dht', 'put', 'put to K closest', puts, puts.messages, tally.delta(snap), idlePerSecond))

    progress(`bench:kad: ${peers} kad-dht nodes: ${opsPerPhase} gets, full query`)
    snap = tally.snapshot()
    const fullGets = await drive(opsPerPhase, concurrency, async i => {
      const k = work.getKey[i]
      let messages = 0
      let value: Uint8Array | undefined
      for await (const e of nodes[work.getFrom[i]].services.dht.get(dhtKey(k), { signal: AbortSignal.timeout(OP_TIMEOUT_MS) })) {
        if (e.name === 'SEND_QUERY') messages++
        if (e.name === 'VALUE') value = e.value
      }
      return { ok: sameBytes(value, work.values[k]), messages }
    })
    cells.push(cell(peers, 'kad-dht', 'get', 'full query', fullGets, fullGets.messages, tally.delta(snap), idlePerSecond))

    progress(`bench:kad: ${peers} kad-dht nodes: ${opsPerPhase} gets, first value`)
    snap = tally.snapshot()
    const firstGets = await drive(opsPerPhase, concurrency, async i => {
      const k = work.getKey[i]
      let messages = 0
      for await (const e of nodes[work.getFrom[i]].services.dht.get(dhtKey(k), { signal: AbortSignal.timeout(OP_TIMEOUT_MS) })) {
        if (e.name === 'SEND_QUERY') messages++
        if ((e.name === 'PEER_RESPONSE' && sameBytes(e.record?.value, work.values[k])) || (e.name === 'VALUE' && sameBytes(e.value, work.values[k]))) {
          return { ok: true, messages }
        }
      }
      return { ok: false, messages }
    })
    cells.push(cell(peers, 'kad-dht', 'get', 'first value', firstGets, firstGets.messages, tally.delta(snap), idlePerSecond))

    const after = memory()
    return {
      cells,
      report: {
        peers,
        system: 'kad-dht',
        startSeconds,
        warmSeconds,
        warm: { minRoutingTable: Math.min(...tables), meanRoutingTable: tables.reduce((a, b) => a + b, 0) / tables.length, wanted: want },
        idleMessagesPerSecondPerPeer: idlePerSecond / peers,
        heapBytesPerPeer: (after.heap - before.heap) / peers,
        rssBytesPerPeer: (after.rss - before.rss) / peers
      }
    }
  } finally {
    await Promise.all(nodes.map(async n => { await Promise.resolve(n.stop()).catch(() => {}) }))
  }
}

// ------------------------------------------------------------------ chordkv

/** KV request types on an operation's path; the others are anti-entropy, views and flushes. */
const OP_PATH_KV_TYPES = new Set(['mutate', 'get', 'replicate'])

/** Wraps the peer's Transport.request to count every remote request by protocol (KV ones by type). */
function countRequests (peer: Peer, tally: Tally): void {
  const transport = peer.transport
  const request = transport.request.bind(transport)
  const self = transport.self.peerId
  transport.request = async (to, codec, req, options) => {
    if (to.peerId !== self) {
      const type = (req as { type?: unknown }).type
      tally.add(codec.protocol.includes('/kv/') && typeof type === 'string' ? `kv:${type}` : codec.protocol)
    }
    return await request(to, codec, req, options)
  }
}

async function ringIsConsistent (peers: readonly Peer[]): Promise<boolean> {
  return ringProblems(peers.map(p => ringJson(p.chord.snapshot())), { vnodesPerPeer: peers[0].chord.options.vnodes }).length === 0
}

async function runChordkv (peers: number, random: Random, work: Workload): Promise<{ cells: Cell[], report: SizeReport }> {
  const before = memory()
  const tally = new Tally()
  const nodes: Peer[] = []
  let client: Client | undefined
  const t0 = performance.now()
  try {
    progress(`bench:kad: starting ${peers} chordkv peers`)
    // One join at a time. All peers share one event loop on a shared machine: deadlines above
    // the daemon's 2 s, and a join that still times out is tried again through other peers.
    const options = { httpPort: null, vnodes, rpcTimeoutMs: 10_000, bootstrapTimeoutMs: 30_000 }
    nodes.push(await createPeer(options))
    const join = async (): Promise<Peer> => {
      for (let attempt = 1; ; attempt++) {
        const known = nodes.length
        try {
          return await createPeer({ ...options, bootstrap: [nodes[Math.floor(random() * known)].multiaddrs[0], nodes[0].multiaddrs[0]] })
        } catch (err) {
          if (attempt >= 3) throw err
          progress(`bench:kad: a join failed (${(err as Error).message.slice(0, 160)}); trying again`)
        }
      }
    }
    while (nodes.length < peers) {
      nodes.push(await join())
      if (nodes.length % 10 === 0) progress(`bench:kad: ${nodes.length} of ${peers} chordkv peers joined`)
    }
    const startSeconds = (performance.now() - t0) / 1000
    const warmStart = performance.now()
    progress(`bench:kad: waiting for the ring of ${peers} chordkv peers to be consistent`)
    while (!await ringIsConsistent(nodes)) {
      if (performance.now() - warmStart > WARM_TIMEOUT_MS) throw new Error(`the chordkv ring of ${peers} peers was not consistent after ${WARM_TIMEOUT_MS / 1000} s`)
      await sleep(200)
    }
    const consistentSeconds = (performance.now() - warmStart) / 1000
    for (const peer of nodes) countRequests(peer, tally)
    client = await connect({ bootstrap: nodes.map(p => p.multiaddrs[0]), timeoutMs: 10_000 })
    const db = client
    // Every entry peer fetches its routing view before timing (the client got one on connect).
    await Promise.all(nodes.map(async (p, i) => await p.kv.get([`warm-${i}`], undefined, 0).catch(() => {})))
    const warmSeconds = (performance.now() - warmStart) / 1000

    const requestsOfClient = (): number => db.stats().requests
    let snap = tally.snapshot()
    let clientBefore = requestsOfClient()
    await sleep(IDLE_MS)
    const idlePerSecond = (sum(tally.delta(snap)) + requestsOfClient() - clientBefore) / (IDLE_MS / 1000)

    const opPath = (kinds: Record<string, number>): number => Object.entries(kinds).filter(([k]) => OP_PATH_KV_TYPES.has(k.slice(3)) && k.startsWith('kv:')).reduce((a, [, v]) => a + v, 0)
    const cells: Cell[] = []
    const phase = async (op: Op, mode: string, fn: (i: number) => Promise<boolean>): Promise<void> => {
      progress(`bench:kad: ${peers} chordkv peers: ${opsPerPhase} ${op}s ${mode}`)
      snap = tally.snapshot()
      clientBefore = requestsOfClient()
      const run = await drive(opsPerPhase, concurrency, async i => ({ ok: await fn(i), messages: 0 }))
      const kinds = tally.delta(snap)
      const fromClient = requestsOfClient() - clientBefore
      if (fromClient > 0) kinds.client = fromClient
      cells.push(cell(peers, 'chordkv', op, mode, run, opPath(kinds) + fromClient, kinds, idlePerSecond))
    }
    const valueOf = (hits: ReadonlyArray<{ key: string, value: Uint8Array }>, key: string): Uint8Array | undefined => hits.find(h => h.key === key)?.value

    await phase('put', 'from peers', async i => {
      const res = await nodes[work.putFrom[i]].kv.mutate({ type: 'mutate', op: 'set', key: work.keys[i], value: work.values[i], flags: 0, exptime: 0, hops: 0 })
      return res.status === 'STORED'
    })
    await phase('get', 'from peers', async i => {
      const k = work.getKey[i]
      const res = await nodes[work.getFrom[i]].kv.get([work.keys[k]], undefined, 0)
      return sameBytes(valueOf(res.hits, work.keys[k]), work.values[k])
    })
    // The client dials the keys' primaries before timing (one multi-get of the keys just put),
    // then writes the same values again under the same keys, and reads them.
    await db.getMany(work.keys).catch(err => { progress(`bench:kad: the client's warm-up read failed (${(err as Error).message.slice(0, 160)})`) })
    await phase('put', 'via client', async i => { await db.set(work.keys[i], work.values[i]); return true })
    await phase('get', 'via client', async i => {
      const k = work.getKey[i]
      return sameBytes(await db.get(work.keys[k]), work.values[k])
    })

    const after = memory()
    return {
      cells,
      report: {
        peers,
        system: 'chordkv',
        startSeconds,
        warmSeconds,
        warm: { vnodes: nodes.reduce((n, p) => n + p.chord.vnodes.length, 0), consistentSeconds },
        idleMessagesPerSecondPerPeer: idlePerSecond / peers,
        heapBytesPerPeer: (after.heap - before.heap) / peers,
        rssBytesPerPeer: (after.rss - before.rss) / peers
      }
    }
  } finally {
    await client?.close().catch(() => {})
    await Promise.all(nodes.map(async p => { await p.kill().catch(() => {}) }))
  }
}

// ------------------------------------------------------------------ main

/**
 * Each (system, size) runs in a child process of its own: its heap baseline then holds no
 * leftovers of the previous run (libp2p nodes release sockets and timers some time after stop).
 */
if (extra.child !== undefined) {
  const system = extra.child as System
  const peers = Number(extra.peers)
  const work = workload(seededRandom(flags.seed * 1_000_003 + peers), peers, opsPerPhase)
  const run = system === 'kad-dht' ? runKad : runChordkv
  const result = await run(peers, seededRandom(flags.seed * 7_919 + peers), work)
  writeFileSync(String(extra.out), JSON.stringify(result))
  process.exit(0)
}

const started = performance.now()
const loadBefore = loadavg()
const cells: Cell[] = []
const reports: SizeReport[] = []
const failures: Array<{ peers: number, system: System, exit: string }> = []
/**
 * Each child writes <system>-<peers>.json into a scratch directory. `--assemble DIR` builds the
 * report from such a directory left by an interrupted run (the scratch directory survives a
 * kill), without running anything.
 */
const assemble = typeof extra.assemble === 'string' ? extra.assemble : undefined
const scratch = assemble ?? mkdtempSync(join(tmpdir(), 'chordkv-bench-kad-'))
try {
  for (const peers of sizes) {
    for (const system of ['kad-dht', 'chordkv'] as const) {
      const out = join(scratch, `${system}-${peers}.json`)
      if (assemble === undefined) {
        const args = [fileURLToPath(import.meta.url), '--child', system, '--peers', String(peers), '--out', out,
          '--ops', String(opsPerPhase), '--concurrency', String(concurrency), '--vnodes', String(vnodes), '--seed', String(flags.seed), ...(flags.quick ? ['--quick'] : [])]
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] })
        const [code, signal] = await new Promise<[number | null, string | null]>(resolve => {
          child.once('exit', (c, s) => { resolve([c, s]) })
          child.once('error', () => { resolve([1, null]) })
        })
        if (code !== 0) {
          // Reported, and the exit code says so; the other runs still go ahead.
          failures.push({ peers, system, exit: signal ?? `exit ${code}` })
          progress(`bench:kad: the ${system} run with ${peers} peers failed (${signal ?? `exit ${code}`})`)
          continue
        }
      } else if (!existsSync(out)) {
        failures.push({ peers, system, exit: `no ${out}` })
        continue
      }
      const result = JSON.parse(readFileSync(out, 'utf8')) as { cells: Cell[], report: SizeReport }
      cells.push(...result.cells)
      reports.push(result.report)
    }
  }
} finally {
  if (assemble === undefined) rmSync(scratch, { recursive: true, force: true })
}
endProgress()

const MIB = 1024 * 1024
console.log(`bench:kad: ${opsPerPhase} puts then ${opsPerPhase} gets per system and size, ${concurrency} in flight, ${VALUE_BYTES}-byte values, seed ${flags.seed}; ${assemble === undefined ? `load average ${loadBefore[0].toFixed(1)} → ${loadavg()[0].toFixed(1)}` : `assembled from ${assemble}`} on ${machine().cpus} cores\n`)
printTable(['peers', 'system', 'op', 'mode', 'ok %', 'p50 ms', 'p99 ms', 'ops/s', 'msgs/op (op path)', 'msgs/op (all, net of idle)', 'loop busy %'],
  cells.map(c => [c.peers, c.system, c.op, c.mode, 100 * c.successRate, c.p50Ms, c.p99Ms, c.opsPerSec, c.opMessagesPerOp, c.allMessagesPerOp, 100 * c.eventLoopUtilization]))
console.log('')
printTable(['peers', 'system', 'start s', 'warm s', 'idle msgs/s/peer', 'heap MiB/peer', 'rss MiB/peer'],
  reports.map(r => [r.peers, r.system, r.startSeconds, r.warmSeconds, r.idleMessagesPerSecondPerPeer, r.heapBytesPerPeer / MIB, r.rssBytesPerPeer / MIB]))

/** chordkv get p50 against kad-dht get p50 at the largest size measured: the issue's target is ≥ 5× at 50. */
const largest = Math.max(...cells.map(c => c.peers), 0)
const p50 = (system: System, mode: string): number => cells.find(c => c.peers === largest && c.system === system && c.op === 'get' && c.mode === mode)?.p50Ms ?? NaN
const speedups = {
  peers: largest,
  fullQueryOverFromPeers: p50('kad-dht', 'full query') / p50('chordkv', 'from peers'),
  fullQueryOverViaClient: p50('kad-dht', 'full query') / p50('chordkv', 'via client'),
  firstValueOverFromPeers: p50('kad-dht', 'first value') / p50('chordkv', 'from peers'),
  firstValueOverViaClient: p50('kad-dht', 'first value') / p50('chordkv', 'via client')
}
const fmt = (x: number): string => `${x.toFixed(1)}×`
console.log(`\nget p50 at ${largest} peers, kad-dht ÷ chordkv: full query ÷ from peers ${fmt(speedups.fullQueryOverFromPeers)}, ÷ via client ${fmt(speedups.fullQueryOverViaClient)}; first value ÷ from peers ${fmt(speedups.firstValueOverFromPeers)}, ÷ via client ${fmt(speedups.firstValueOverViaClient)} (target ≥ 5×)`)

const series = (op: Op, modes: ReadonlyArray<[System, string]>): Array<{ name: string, values: number[], dashed?: boolean }> => modes.flatMap(([system, mode]) => (['p50', 'p99'] as const).map(q => ({
  name: `${system} ${mode} ${q}`,
  values: sizes.map(n => { const c = cells.find(x => x.peers === n && x.system === system && x.op === op && x.mode === mode); return c === undefined ? NaN : q === 'p50' ? c.p50Ms : c.p99Ms }),
  ...(q === 'p99' ? { dashed: true } : {})
})))
const categories = sizes.map(n => `${n} peers`)
const getSvg = lineChart({
  title: 'get latency: chordkv vs @libp2p/kad-dht (in-process, loopback)',
  yLabel: 'ms (log scale)',
  xLabel: 'peers (solid p50, dashed p99)',
  yScale: 'log',
  categories,
  series: series('get', [['kad-dht', 'full query'], ['kad-dht', 'first value'], ['chordkv', 'from peers'], ['chordkv', 'via client']]),
  width: 900
})
const putSvg = lineChart({
  title: 'put latency: chordkv vs @libp2p/kad-dht (in-process, loopback)',
  yLabel: 'ms (log scale)',
  xLabel: 'peers (solid p50, dashed p99)',
  yScale: 'log',
  categories,
  series: series('put', [['kad-dht', 'put to K closest'], ['chordkv', 'from peers'], ['chordkv', 'via client']]),
  width: 900
})
const files = writeResults('kad', {
  benchmark: 'kad',
  quick: flags.quick,
  seed: flags.seed,
  machine: machine(),
  sizes,
  opsPerPhase,
  concurrency,
  valueBytes: VALUE_BYTES,
  kad: { version: '16', k: KAD_K, protocol: KAD_PROTOCOL },
  chordkv: { vnodes, replicas: 3, writeQuorum: 2 },
  seconds: (performance.now() - started) / 1000,
  /** 1-minute load averages when the run started and ended: every latency here depends on them. */
  loadAverage: assemble === undefined ? { before: loadBefore[0], after: loadavg()[0] } : null,
  /** Set when the report was built with --assemble from the runs of an interrupted invocation. */
  assembledFrom: assemble ?? null,
  speedups,
  failures,
  sizesReport: reports,
  cells
}, getSvg)
files.push(writeSvg('kad-put', putSvg))
console.log(`\nwrote ${files.join(', ')}`)
if (failures.length > 0) {
  console.error(`bench:kad: ${failures.map(f => `${f.system} with ${f.peers} peers`).join(', ')} failed`)
  process.exit(1)
}
