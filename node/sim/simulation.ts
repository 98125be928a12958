/**
 * The discrete-event simulator: thousands of vnodes of the real node/chord code over the
 * in-memory network, in virtual time, deterministic by seed. Tests and benchmarks drive it.
 *
 * Peers are named `sim-<seed>-<n>`; vnode ids derive from the name as in the daemon.
 */
import { defaultLogger } from '@libp2p/logger'
import { distance, hashToId } from '../../ring/id.ts'
import { ChordPeer } from '../chord/peer.ts'
import type { ChordOptions, PeerSnapshot } from '../chord/types.ts'
import { KvService } from '../kv/service.ts'
import type { KvServiceInit } from '../kv/service.ts'
import { kvCodec } from '../protocol/kv-codec.ts'
import { ringCodec } from '../protocol/ring-codec.ts'
import { MemoryStore } from '../store/memory.ts'
import { seededRandom } from '../transport/clock.ts'
import { SimNetwork, VirtualClock } from '../transport/sim.ts'
import type { Random } from '../transport/types.ts'
import { ringProblems } from '../chord/consistency.ts'
import { ringJson } from '../chord/ring-json.ts'

export interface SimulationInit {
  readonly seed: number
  /** Options of every peer's ChordPeer (vnodes, replicas, intervals...). */
  readonly chord?: Partial<ChordOptions>
  /** One-way message latency in ms, drawn uniformly from [min, max). Default [1, 5). */
  readonly latencyMs?: readonly [number, number]
  /** Encode every message as on the wire (slower, exercises the codec). */
  readonly encode?: boolean
  /** Run a KV service (with an in-memory store) on every peer. */
  readonly kv?: KvServiceInit
  /** Memory cap of each peer's store, in bytes. */
  readonly memoryBytes?: number
}

/** Virtual wall clock: the simulation starts at this Unix time (ms). */
export const SIM_EPOCH_MS = Date.UTC(2026, 0, 1)

export class Simulation {
  readonly seed: number
  readonly clock = new VirtualClock()
  readonly network: SimNetwork
  readonly random: Random
  /** Live peers by peer id, in the order they were added. */
  readonly peers = new Map<string, ChordPeer>()
  private readonly chord: Partial<ChordOptions>
  /** KV services of the live peers, by peer id (when the simulation runs KV). */
  readonly kv = new Map<string, KvService>()
  private readonly kvInit: KvServiceInit | undefined
  private readonly memoryBytes: number | undefined
  private readonly codec: ReturnType<typeof ringCodec>
  private readonly kvCodec: ReturnType<typeof kvCodec>
  private readonly logger = defaultLogger()
  private nextPeer = 0

  constructor (init: SimulationInit) {
    this.seed = init.seed
    this.random = seededRandom(init.seed)
    this.chord = init.chord ?? {}
    this.codec = ringCodec(this.chord.m ?? 160)
    this.kvCodec = kvCodec(this.chord.m ?? 160)
    this.kvInit = init.kv
    this.memoryBytes = init.memoryBytes
    const [min, max] = init.latencyMs ?? [1, 5]
    const latencyRandom = seededRandom(init.seed ^ 0x5bd1e995)
    this.network = new SimNetwork({
      clock: this.clock,
      random: latencyRandom,
      latencyMs: () => min + latencyRandom() * (max - min),
      encode: init.encode ?? false,
      defaultTimeoutMs: this.chord.rpcTimeoutMs ?? 2000
    })
  }

  /** Wall-clock ms in the simulation (virtual). */
  readonly wallClock = (): number => SIM_EPOCH_MS + this.clock.now()

  /** A new (not yet started) peer with a fresh name. */
  newPeer (): ChordPeer {
    const peerId = `sim-${this.seed}-${this.nextPeer++}`
    const transport = this.network.createTransport(peerId)
    const chord = new ChordPeer({ transport, clock: this.clock, random: this.random, logger: this.logger, codec: this.codec }, this.chord)
    if (this.kvInit !== undefined) {
      const m = this.chord.m ?? 160
      const store = new MemoryStore({ now: this.wallClock, idOf: key => hashToId(key, m), ...(this.memoryBytes !== undefined ? { memoryBytes: this.memoryBytes } : {}) })
      const service = new KvService({ transport, clock: this.clock, random: this.random, logger: this.logger, chord, store, codec: this.kvCodec, wallClock: this.wallClock }, this.kvInit)
      this.kv.set(peerId, service)
    }
    return chord
  }

  /** Starts a peer's protocols (ring, and KV when enabled). */
  private async startPeer (peer: ChordPeer): Promise<void> {
    await peer.start()
    await this.kv.get(peer.peerId)?.start()
  }

  /**
   * Starts a peer: the first one creates the ring, the others join through `bootstrap`
   * (default: a random live peer). Returns once the join settled (in virtual time).
   */
  async addPeer (bootstrap?: ChordPeer): Promise<ChordPeer> {
    const [peer] = await this.addPeers(1, bootstrap)
    return peer
  }

  /** Starts `count` peers that join concurrently, each through a random live peer. */
  async addPeers (count: number, bootstrap?: ChordPeer): Promise<ChordPeer[]> {
    const live = [...this.peers.values()]
    const started: ChordPeer[] = []
    const joins: Array<Promise<void>> = []
    for (let i = 0; i < count; i++) {
      const peer = this.newPeer()
      await this.startPeer(peer)
      started.push(peer)
      if (live.length === 0 && bootstrap === undefined && i === 0) {
        peer.create()
        this.peers.set(peer.peerId, peer)
        live.push(peer)
        continue
      }
      const via = bootstrap ?? live[Math.floor(this.random() * live.length)]
      joins.push(peer.join({ peerId: via.peerId, addrs: [] }))
    }
    const outcomes = await this.clock.settle(Promise.allSettled(joins))
    for (const p of started) this.peers.set(p.peerId, p)
    const failed = outcomes.filter(o => o.status === 'rejected')
    if (failed.length > 0) throw new Error(`${failed.length} of ${joins.length} joins failed (seed ${this.seed}): ${(failed[0] as PromiseRejectedResult).reason}`)
    return started
  }

  /** kill -9: the peer stops answering and tells nobody. */
  async crash (peerId: string): Promise<void> {
    const peer = this.peers.get(peerId)
    if (peer === undefined) return
    this.peers.delete(peerId)
    this.network.crash(peerId)
    await peer.stop()
    await this.kv.get(peerId)?.stop()
    this.kv.delete(peerId)
  }

  /** Graceful leave, settled in virtual time. */
  async leave (peerId: string): Promise<void> {
    const peer = this.peers.get(peerId)
    if (peer === undefined) return
    this.peers.delete(peerId)
    await this.clock.settle(peer.leave())
    await this.kv.get(peerId)?.stop()
    this.kv.delete(peerId)
  }

  async runFor (ms: number): Promise<void> {
    await this.clock.runFor(ms)
  }

  /** Runs until every live peer's state describes the correct ring; false after maxMs. */
  async converge (maxMs: number, checkEveryMs: number = 100): Promise<boolean> {
    return await this.clock.runUntilCondition(() => this.problems().length === 0, maxMs, checkEveryMs)
  }

  snapshots (): PeerSnapshot[] {
    return [...this.peers.values()].map(p => p.snapshot())
  }

  /** What is wrong with the ring the live peers describe (empty when it is correct). */
  problems (): string[] {
    // Fingers play no part in the check; leaving them out keeps it cheap at 10,000 vnodes.
    const m = this.chord.m ?? 160
    return ringProblems([...this.peers.values()].map(p => ringJson({
      peerId: p.peerId,
      m,
      vnodes: p.vnodes.map(v => ({ index: v.index, id: v.id, predecessor: v.predecessor, successors: v.successors.length > 0 ? v.successors : [v.self], fingers: [], member: v.member }))
    })))
  }

  /** The true owner of `key`: the first live member vnode clockwise at or after it. */
  trueOwner (key: bigint): bigint {
    const m = this.chord.m ?? 160
    let best: bigint | undefined
    let bestDistance = 0n
    for (const p of this.peers.values()) {
      for (const v of p.vnodes) {
        if (!v.member) continue
        const d = distance(key, v.id, m)
        if (best === undefined || d < bestDistance) {
          best = v.id
          bestDistance = d
        }
      }
    }
    if (best === undefined) throw new Error('no live vnodes')
    return best
  }

  /** A lookup from `from`, settled in virtual time. */
  async lookup (from: ChordPeer, key: bigint): Promise<{ owner: bigint, hops: number }> {
    const { owner, hops } = await this.clock.settle(from.lookup(key))
    return { owner: owner.id, hops }
  }

  /** A uniformly chosen live peer. */
  randomPeer (): ChordPeer {
    const live = [...this.peers.values()]
    return live[Math.floor(this.random() * live.length)]
  }

  /** Stops every peer (end of a run). */
  async stopAll (): Promise<void> {
    for (const p of this.peers.values()) await p.stop()
    for (const k of this.kv.values()) await k.stop()
    this.peers.clear()
    this.kv.clear()
  }
}
