/**
 * The KV layer of one peer: routes memcached-style operations to the key's primary vnode,
 * replicates synchronously to the replica set (the next r - 1 distinct physical peers on the
 * primary's successor list), moves ranges on join and leave, and repairs copies by
 * anti-entropy (bucketed digests, then only the differing buckets travel).
 *
 * Written against Transport, Clock and the ChordPeer: runs in the daemon and the simulator.
 */
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { hashToId, inHalfOpen } from '../../ring/id.ts'
import type { ChordPeer } from '../chord/peer.ts'
import type { NodeRef } from '../chord/messages.ts'
import type { Vnode } from '../chord/vnode.ts'
import { sleep } from '../transport/clock.ts'
import { isPeerFailure, RemoteError } from '../transport/errors.ts'
import { RequestBatcher } from './batch.ts'
import type { Clock, Codec, PeerAddress, Random, TimerHandle, Transport } from '../transport/types.ts'
import type { KvOp } from '../store/semantics.ts'
import { compareVersions, HybridLogicalClock, writerId } from '../store/version.ts'
import type { Item, OpResult } from '../store/semantics.ts'
import type { Store } from '../store/types.ts'
import { keyProblem } from '../protocol/kv-codec.ts'
import { KvError } from './errors.ts'
import {
  KV_PROTOCOL, KvErrorCode, MAX_BATCH_ITEMS, MAX_FORWARD_HOPS, MAX_GET_KEYS
} from './messages.ts'
import type { GetHit, KvRequest, KvResponse, KvStatus, ViewVnode, WireItem } from './messages.ts'
import { RingView } from '../../ring/view.ts'
import { replicaSet } from '../../ring/placement.ts'

export interface KvServiceComponents {
  readonly transport: Transport
  readonly clock: Clock
  readonly random: Random
  readonly logger: ComponentLogger
  readonly chord: ChordPeer
  readonly store: Store
  readonly codec: Codec<KvRequest, KvResponse>
  /** Wall-clock milliseconds since the epoch (expiry and HLC versions). */
  readonly wallClock: () => number
  /**
   * Runs `fn` once the current burst of work is done, for requests to one peer to be sent
   * together (replicate, forwarded get). Default: two hops of the promise job queue, which is
   * deterministic in the simulator; the daemon passes setImmediate, which also gathers the work
   * of every socket read of one event-loop turn.
   */
  readonly defer?: (fn: () => void) => void
}

/** Two hops of the job queue: the other requests of a burst are a hop or so behind the first. */
function deferJobs (fn: () => void): void {
  queueMicrotask(() => { queueMicrotask(fn) })
}

export interface KvServiceInit {
  /** Copies of every key, r (default: the ring's replicas). */
  readonly replicas?: number
  /** Copies that must acknowledge a write before it is acknowledged, W (default 2, at most r). */
  readonly writeQuorum?: number
  /** Deadline of one KV RPC between peers, in ms. */
  readonly rpcTimeoutMs?: number
  /** Mean period of anti-entropy rounds, in ms (jittered ±25 %). */
  readonly antiEntropyIntervalMs?: number
  /** Buckets of one anti-entropy digest. */
  readonly digestBuckets?: number
  /** Largest value, in bytes. */
  readonly maxValueBytes?: number
  /** Period of the sweep that turns expired items into tombstones and drops old tombstones, in ms. */
  readonly sweepIntervalMs?: number
}

/** Counters for /metrics, stats and benchmarks. */
export interface KvStats {
  /** Keys and bytes received from other peers by join pulls, leave pushes and repair. */
  keysMovedIn: number
  bytesMovedIn: number
  /** Keys and bytes this peer sent to others for the same reasons. */
  keysMovedOut: number
  bytesMovedOut: number
  /** Writes acknowledged with fewer than r copies (the rest were still being attempted). */
  replicationShortfalls: number
  /** Writes refused because fewer than W copies answered. */
  quorumFailures: number
  /** Replicate requests sent for writes, and the items they carried (writes arriving together share one). */
  replicateRequests: number
  replicatedItems: number
  forwarded: number
  /** Get requests that carried forwarded reads (reads forwarded to one peer together share one). */
  forwardedGetRequests: number
  antiEntropyRounds: number
  /** Items anti-entropy found missing or older on one side and sent across. */
  repaired: number
}

type Mutate = Extract<KvRequest, { type: 'mutate' }>

const NO_ITEMS: readonly WireItem[] = []

export class KvService {
  readonly stats: KvStats = {
    keysMovedIn: 0, bytesMovedIn: 0, keysMovedOut: 0, bytesMovedOut: 0, replicationShortfalls: 0,
    quorumFailures: 0, replicateRequests: 0, replicatedItems: 0, forwarded: 0, forwardedGetRequests: 0, antiEntropyRounds: 0, repaired: 0
  }

  private readonly transport: Transport
  private readonly clock: Clock
  private readonly random: Random
  private readonly chord: ChordPeer
  readonly store: Store
  private readonly codec: Codec<KvRequest, KvResponse>
  private readonly wallClock: () => number
  private readonly log: Logger
  private readonly hlc: HybridLogicalClock
  private readonly replicas: number
  private readonly writeQuorum: number
  private readonly rpcTimeoutMs: number
  private readonly antiEntropyIntervalMs: number
  private readonly digestBuckets: number
  private readonly maxValueBytes: number
  private readonly m: number
  /** Per-key tail of the chain of operations executing here as primary (serializes them). */
  private readonly keyQueues = new Map<string, Promise<unknown>>()
  private view: { at: number, answer: Promise<Extract<KvResponse, { type: 'ringView' }>> } | undefined
  /** The answer of the last walk that completed. */
  private lastView: Extract<KvResponse, { type: 'ringView' }> | undefined
  private readonly routing: { view?: RingView<ViewVnode>, at: number, refreshing?: Promise<void> } = { at: 0 }
  private antiEntropyTimer: TimerHandle | undefined
  private sweepTimer: TimerHandle | undefined
  private readonly sweepIntervalMs: number
  private running = false
  private readonly keyIds = new Map<string, bigint>()
  /** Replicate items gathered per replica peer (replicateTo). */
  private readonly replicaBatches: RequestBatcher<WireItem, void>
  /** Forwarded reads gathered per primary (getFrom). */
  private readonly getBatches: RequestBatcher<readonly string[], Extract<KvResponse, { type: 'values' }>>

  constructor (components: KvServiceComponents, init: KvServiceInit = {}) {
    this.transport = components.transport
    this.clock = components.clock
    this.random = components.random
    this.chord = components.chord
    this.store = components.store
    this.codec = components.codec
    this.wallClock = components.wallClock
    const defer = components.defer ?? deferJobs
    this.replicaBatches = new RequestBatcher({ defer, maxParts: MAX_BATCH_ITEMS, maxSize: BATCH_BYTES })
    this.getBatches = new RequestBatcher({ defer, maxParts: Infinity, maxSize: GET_BATCH_KEYS })
    this.log = components.logger.forComponent('chordkv:kv')
    this.m = this.chord.options.m
    this.replicas = init.replicas ?? this.chord.options.replicas
    this.writeQuorum = Math.min(init.writeQuorum ?? 2, this.replicas)
    if (!(this.writeQuorum >= 1)) throw new RangeError(`write quorum must be at least 1, got ${init.writeQuorum}`)
    this.rpcTimeoutMs = init.rpcTimeoutMs ?? 2000
    this.antiEntropyIntervalMs = init.antiEntropyIntervalMs ?? 5000
    this.digestBuckets = init.digestBuckets ?? 256
    this.maxValueBytes = init.maxValueBytes ?? 1024 * 1024
    this.sweepIntervalMs = init.sweepIntervalMs ?? 1000
    this.hlc = new HybridLogicalClock({ now: this.wallClock, writer: writerId(this.chord.peerId) })
  }

  async start (): Promise<void> {
    await this.transport.handle(this.codec, async (req, ctx) => await this.handle(req, ctx.from))
    this.chord.hooks.beforeVnodeJoins = async (v, successor, predecessor) => { await this.pullRange(v, successor, predecessor) }
    this.chord.hooks.afterVnodeJoins = async (v, successor) => { void this.catchUpAfterJoin(v, successor) } // not awaited: it waits for a predecessor
    this.chord.hooks.beforeVnodeLeaves = async v => { await this.pushRangeOnLeave(v) }
    this.running = true
    this.scheduleAntiEntropy()
    this.scheduleSweep()
  }

  async stop (): Promise<void> {
    this.running = false
    if (this.antiEntropyTimer !== undefined) this.clock.clearTimeout(this.antiEntropyTimer)
    if (this.sweepTimer !== undefined) this.clock.clearTimeout(this.sweepTimer)
    await this.transport.unhandle(KV_PROTOCOL).catch(() => {})
  }

  /** The key's id on the ring. */
  keyId (key: string): bigint {
    // Hashing is most of the cost of routing a key here; recent keys' ids are remembered
    // (the cache is emptied when full rather than kept in LRU order: cheaper, and enough).
    let id = this.keyIds.get(key)
    if (id === undefined) {
      if (this.keyIds.size >= KEY_ID_CACHE_SIZE) this.keyIds.clear()
      id = hashToId(key, this.m)
      this.keyIds.set(key, id)
    }
    return id
  }

  /** Keys held here in (predecessor, vnode] of a local vnode (for /ring). */
  keysOf (v: Vnode): number {
    if (v.predecessor === null) return 0
    const from = v.predecessor.id
    let n = 0
    for (const [, keyId, item] of this.store.entries()) if (item.deleted !== true && inHalfOpen(keyId, from, v.id)) n++
    return n
  }

  // ---------------------------------------------------------------- requests

  /** Answers one KV request (from a client, a front end, or another peer). */
  async handle (req: KvRequest, _from?: string): Promise<KvResponse> {
    switch (req.type) {
      case 'mutate':
        return await this.mutate(req)
      case 'get':
        return await this.get(req.keys, req.touchExptime, req.hops)
      case 'replicate':
        return { type: 'ok', applied: this.applyItems(req.items) }
      case 'fetchRange': {
        const items: WireItem[] = []
        let more = false
        const keys = [...this.store.entries(id => inHalfOpen(id, req.from, req.to))].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        let bytes = 0
        for (const [key, , item] of keys) {
          if (req.afterKey !== undefined && key <= req.afterKey) continue
          if (items.length >= Math.min(req.limit, MAX_BATCH_ITEMS) || bytes + itemBytes(key, item) > BATCH_BYTES) { more = true; break }
          items.push(toWire(key, item))
          bytes += itemBytes(key, item)
        }
        return { type: 'items', items, more }
      }
      case 'digest':
        return { type: 'digests', digests: this.store.digest(id => inHalfOpen(id, req.from, req.to), req.buckets) }
      case 'fetchBuckets': {
        const wanted = new Set(req.indexes)
        const buckets = BigInt(req.buckets)
        const items: WireItem[] = []
        let bytes = 0
        let more = false
        for (const [key, , item] of this.store.entries(id => inHalfOpen(id, req.from, req.to) && wanted.has(Number(id % buckets)))) {
          // What does not fit travels in the next round: the digests still differ then.
          if (items.length >= MAX_BATCH_ITEMS || bytes + itemBytes(key, item) > BATCH_BYTES) { more = true; break }
          items.push(toWire(key, item))
          bytes += itemBytes(key, item)
        }
        return { type: 'items', items, more }
      }
      case 'ringView':
        return await this.ringView(true)
      case 'flush':
        this.store.flush()
        return { type: 'ok', applied: 0 }
      default:
        throw new KvError(KvErrorCode.BadRequest, `unknown KV request ${(req as { type?: unknown }).type}`)
    }
  }

  /**
   * Executes a mutation as the key's primary, or forwards it to the peer that is. The answer
   * names the primary that executed it.
   */
  async mutate (req: Mutate): Promise<Extract<KvResponse, { type: 'mutated' }>> {
    checkKey(req.key)
    if (req.value !== undefined) checkValue(req.value, this.maxValueBytes)
    const keyId = this.keyId(req.key)
    // Ours: queued behind the key's earlier mutations now, before any await (mutateNow declines while one is queued).
    const own = this.chord.localOwner(keyId)
    if (own !== undefined) return await this.serialized(req.key, async () => await this.executeMutation(req, own))
    const primary = await this.routedPrimary(keyId, req.hops)
    if (primary.peerId !== this.chord.peerId) {
      if (req.hops >= MAX_FORWARD_HOPS) throw new KvError(KvErrorCode.WrongOwner, `gave up after ${req.hops} forwards: the ring is changing`)
      this.stats.forwarded++
      let res: KvResponse
      try {
        res = await this.request(primary, { ...req, hops: req.hops + 1 })
      } catch (err) {
        // Not retried here: the peer may have applied it before failing (an incr must not
        // run twice). The next operation routes around it.
        if (isPeerFailure(err)) this.forgetPeer(primary.peerId)
        throw err
      }
      if (res.type !== 'mutated') throw new KvError(KvErrorCode.BadRequest, `unexpected ${res.type} answer to mutate`)
      if (req.hops === 0 && res.owner !== primary.peerId) this.routingViewStale()
      return res
    }
    const vnode = this.chord.vnodeById(primary.id)
    return await this.serialized(req.key, async () => await this.executeMutation(req, vnode))
  }

  private async executeMutation (req: Mutate, vnode: Vnode | undefined): Promise<Extract<KvResponse, { type: 'mutated' }>> {
    const result = this.applyHere(req)
    // An error can still leave an item: memcached 1.6 drops the old value when a set is refused
    // as too large, so the tombstone travels to the replicas before the error is answered.
    const copies = result.item === undefined ? 1 : await this.replicate(vnode, toWire(req.key, result.item))
    return this.answer(req, result, copies)
  }

  /**
   * The mutation executed here at once, when it needs no waiting: this peer holds the key's
   * primary vnode, no other mutation of the key is running here, and the vnode has no replica
   * peers (r = 1, or a ring of one peer). Otherwise undefined: use mutate(). This is the
   * memcached port's fast path (no promise per command); it answers exactly as mutate would.
   */
  mutateNow (req: Mutate): Extract<KvResponse, { type: 'mutated' }> | undefined {
    checkKey(req.key)
    if (req.value !== undefined) checkValue(req.value, this.maxValueBytes)
    if (this.keyQueues.has(req.key)) return undefined
    const vnode = this.chord.localOwner(this.keyId(req.key))
    if (vnode === undefined || this.replicaPeers(vnode).length > 0) return undefined
    return this.answer(req, this.applyHere(req), 1)
  }

  /** The mutation applied to this peer's store, as the key's primary (memcached semantics, a new version). */
  private applyHere (req: Mutate): OpResult {
    return this.store.apply(req.key, toKvOp(req), { clock: this.hlc, maxValueBytes: this.maxValueBytes })
  }

  /** The answer to a mutation applied here whose item reached `copies` copies (or its error). */
  private answer (req: Mutate, result: OpResult, copies: number): Extract<KvResponse, { type: 'mutated' }> {
    if (result.error !== undefined || result.status === 'ERROR') {
      const code = result.error === 'NonNumeric' ? KvErrorCode.NonNumeric : result.error === 'TooLarge' ? KvErrorCode.TooLarge : KvErrorCode.BadRequest
      throw new KvError(code, result.error === 'NonNumeric' ? 'cannot increment or decrement non-numeric value' : `${result.error ?? 'invalid'} ${req.op}`)
    }
    const status: KvStatus = result.status
    const owner = this.chord.peerId
    if (result.item === undefined) return { type: 'mutated', status, copies: 1, owner, ...(result.value !== undefined ? { value: result.value } : {}) }
    if (copies < this.writeQuorum) {
      this.stats.quorumFailures++
      throw new KvError(KvErrorCode.Unavailable, `write reached ${copies} of the ${this.writeQuorum} copies required; it may or may not survive`)
    }
    return {
      type: 'mutated',
      status,
      copies,
      owner,
      ...(result.item.deleted === true ? {} : { cas: result.item.version.hlc }),
      ...(result.value !== undefined ? { value: result.value } : {})
    }
  }

  /**
   * The values of keys whose primaries are all local vnodes, read here at once (no touch);
   * otherwise undefined: use get(). The memcached port's fast path; answers as get would.
   */
  getNow (keys: readonly string[], touchExptime: number | undefined): Extract<KvResponse, { type: 'values' }> | undefined {
    if (touchExptime !== undefined || keys.length > MAX_GET_KEYS) return undefined
    for (const key of keys) {
      checkKey(key)
      if (this.chord.localOwner(this.keyId(key)) === undefined) return undefined
    }
    const hits: GetHit[] = []
    for (const key of keys) {
      const item = this.store.get(key)
      if (item !== undefined) hits.push(hitOf(key, item))
    }
    checkAnswerSize(hits, keys.length)
    return { type: 'values', hits, owner: this.chord.peerId }
  }

  /**
   * Reads keys at their primaries (grouped by peer; forwarded for the ones owned elsewhere).
   * With `touchExptime` (gat), each hit's expiry is updated at its primary first.
   */
  async get (keys: readonly string[], touchExptime: number | undefined, hops: number): Promise<Extract<KvResponse, { type: 'values' }>> {
    return await this.getVia(keys, touchExptime, hops, VIEW_RETRIES)
  }

  /** get, with `viewRetries` more first hops by the routing view after a primary failed. */
  private async getVia (keys: readonly string[], touchExptime: number | undefined, hops: number, viewRetries: number): Promise<Extract<KvResponse, { type: 'values' }>> {
    if (keys.length > MAX_GET_KEYS) throw new KvError(KvErrorCode.BadRequest, `more than ${MAX_GET_KEYS} keys`)
    for (const key of keys) checkKey(key)
    const local: string[] = []
    const remote = new Map<string, { owner: NodeRef, keys: string[] }>()
    for (const key of keys) {
      // Out of forwards (or asked for our own copy by a client's fallback): answer from here
      // without a ring lookup, which could wait on the very peer that is not answering.
      if (hops >= MAX_FORWARD_HOPS) {
        local.push(key)
        continue
      }
      let owner: NodeRef
      try {
        owner = await this.primaryFor(this.keyId(key), hops)
      } catch (err) {
        // The lookup failed (the ring is still repairing after a crash): a read was sent here
        // as the key's primary or a replica by someone's view, so answer from our copy (reads
        // may be stale during churn) rather than fail it.
        if (err instanceof KvError && err.code === KvErrorCode.NotMember) throw err
        local.push(key)
        continue
      }
      if (owner.peerId === this.chord.peerId) {
        local.push(key)
      } else {
        const group = remote.get(owner.peerId) ?? { owner, keys: [] }
        group.keys.push(key)
        remote.set(owner.peerId, group)
      }
    }
    const hits: GetHit[] = []
    for (const key of local) {
      if (touchExptime !== undefined) {
        await this.mutate({ type: 'mutate', op: 'touch', key, exptime: touchExptime, hops: MAX_FORWARD_HOPS })
          .catch(() => {})
      }
      const item = this.store.get(key)
      if (item !== undefined) hits.push(hitOf(key, item))
    }
    let owner = this.chord.peerId
    await Promise.all([...remote.values()].map(async group => {
      this.stats.forwarded++
      try {
        const res = touchExptime === undefined
          ? await this.getFrom(group.owner, group.keys, hops + 1)
          : await this.request(group.owner, { type: 'get', keys: group.keys, hops: hops + 1, touchExptime })
        if (res.type === 'values') hits.push(...res.hits)
        if (hops === 0 && res.type === 'values' && res.owner !== group.owner.peerId) this.routingViewStale()
        // All keys at one other primary: name it, so a client with a stale view notices.
        if (local.length === 0 && remote.size === 1 && res.type === 'values') owner = res.owner
      } catch (err) {
        if (!isPeerFailure(err)) throw err
        this.forgetPeer(group.owner.peerId)
        if (hops === 0) {
          // We routed by our view, which may predate a crash: reads are safe to re-route, first
          // by the view without the failed peer (its successor holds a copy), then by lookup
          // (the ring may already know the new primary).
          const again = await (viewRetries > 0 && this.routing.view !== undefined
            ? this.getVia(group.keys, touchExptime, 0, viewRetries - 1)
            : this.getVia(group.keys, touchExptime, 1, 0)).catch(() => undefined)
          if (again !== undefined) {
            hits.push(...again.hits)
            return
          }
        }
        // The primary is gone and the ring has not noticed yet: answer from our copies
        // (possibly stale, as the guarantee says reads during churn may be).
        for (const key of group.keys) {
          const item = this.store.get(key)
          if (item !== undefined) hits.push(hitOf(key, item))
        }
      }
    }))
    checkAnswerSize(hits, keys.length)
    // Keep the order of the request.
    const order = new Map(keys.map((k, i) => [k, i]))
    hits.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0))
    return { type: 'values', hits, owner }
  }

  /**
   * The whole ring; one walk serves every request of the next RING_VIEW_TTL_MS. A walk is about
   * N·v hops one after the other (seconds on a big, busy ring), so with `allowStale` (clients'
   * requests) the last complete walk answers at once while the next one runs: routing by it
   * costs at most a redirect, which sends the client back for a newer one.
   */
  private async ringView (allowStale = false): Promise<Extract<KvResponse, { type: 'ringView' }>> {
    const now = this.clock.now()
    if (this.view === undefined || now - this.view.at > RING_VIEW_TTL_MS) {
      const walk = this.chord.walkRing().then(vnodes => ({
        type: 'ringView' as const, m: this.m, replicas: this.replicas, vnodes: vnodes.map(n => ({ id: n.id, peerId: n.peerId, addrs: n.addrs, ...(n.zone !== undefined ? { zone: n.zone } : {}) }))
      }))
      this.view = { at: now, answer: walk }
      walk.then(answer => { this.lastView = answer }, () => { if (this.view?.answer === walk) this.view = undefined })
    }
    if (allowStale && this.lastView !== undefined) return this.lastView
    return await this.view.answer
  }

  // ---------------------------------------------------------------- ownership and replicas

  /**
   * The key's primary vnode: ours when our predecessor says so; for an op that has not been
   * forwarded yet, the primary by our cached ring view (as a client routes: one hop when the
   * view is fresh); otherwise, and after a forward, the ring's answer by lookup, so a stale
   * view costs at most one extra hop.
   */
  private async primaryFor (keyId: bigint, hops: number = 1): Promise<NodeRef> {
    return this.chord.localOwner(keyId)?.self ?? await this.routedPrimary(keyId, hops)
  }

  /** primaryFor, for a key no local vnode owns (the caller has asked localOwner). */
  private async routedPrimary (keyId: bigint, hops: number): Promise<NodeRef> {
    if (!this.chord.vnodes.some(v => v.member)) throw new KvError(KvErrorCode.NotMember, 'this peer is not on the ring yet')
    if (hops === 0) {
      const byView = this.routingView()?.primary(keyId)
      if (byView !== undefined && byView.peerId !== this.chord.peerId) return byView
    }
    return (await this.chord.lookup(keyId)).owner
  }

  /** A first hop to `peerId` failed: route around it until the next walk, and walk soon. */
  private forgetPeer (peerId: string): void {
    if (this.routing.view !== undefined) this.routing.view = this.routing.view.without(peerId)
    this.routingViewStale()
  }

  /** The view sent an operation to a peer that is no longer the primary: walk again soon. */
  private routingViewStale (): void {
    this.routing.at = Math.min(this.routing.at, this.clock.now() - ROUTING_VIEW_MAX_AGE_MS + ROUTING_VIEW_MIN_AGE_MS)
  }

  /** The cached ring view used to route first hops; refreshed in the background when old. */
  private routingView (): RingView<ViewVnode> | undefined {
    const now = this.clock.now()
    if (this.routing.refreshing === undefined && (this.routing.view === undefined || now - this.routing.at > ROUTING_VIEW_MAX_AGE_MS)) {
      this.routing.refreshing = this.ringView().then(answer => {
        this.routing.view = RingView.from(answer.vnodes.map(v => ({ ...v, addrs: [...v.addrs] })), this.m)
        this.routing.at = this.clock.now()
      }, err => {
        this.log('refreshing the routing view failed: %s', (err as Error).message)
      }).finally(() => { this.routing.refreshing = undefined })
    }
    return this.routing.view
  }

  /** The other r - 1 physical peers that hold copies of keys `vnode` is primary for. */
  replicaPeers (vnode: Vnode | undefined): NodeRef[] {
    const out: NodeRef[] = []
    if (vnode === undefined || this.replicas <= 1) return out
    // Zones (docs/operations.md, "Zones and host failures"): when peers carry zone tags, the copies spread over
    // zones by ring/placement.ts replicaSet over the primary and its successor list (which
    // Chord extends until it spans two zones), so a host or zone failure never takes every
    // copy. Without zones: the first r - 1 other peers of the list, as before.
    if (vnode.self.zone !== undefined || vnode.successors.some(n => n.zone !== undefined)) {
      return zoneSpreadReplicas(vnode, this.replicas).filter(n => n.peerId !== this.chord.peerId)
    }
    const seen = new Set<string>([this.chord.peerId])
    for (const n of vnode.successors) {
      if (out.length >= this.replicas - 1) break
      if (seen.has(n.peerId)) continue
      seen.add(n.peerId)
      out.push(n)
    }
    return out
  }

  /**
   * Sends an item to the replica set of `vnode`; resolves with the copies that hold it (ours
   * included) as soon as W are known, or once every replica has answered or failed.
   */
  private async replicate (vnode: Vnode | undefined, item: WireItem): Promise<number> {
    const targets = this.replicaPeers(vnode)
    let copies = 1
    // Zones: the acknowledgement also waits for a copy outside our zone when the replica set
    // has one, so an acknowledged write survives the loss of a whole zone. If that copy fails,
    // W copies in one zone still acknowledge it (availability first while a zone is down).
    const zoneOf = (n: NodeRef): string => n.zone ?? ''
    const zoned = vnode !== undefined && (vnode.self.zone !== undefined || targets.some(n => n.zone !== undefined))
    const ackedZones = new Set<string>(vnode !== undefined ? [zoneOf(vnode.self)] : [])
    const zonesWanted = zoned ? Math.min(2, new Set([...ackedZones, ...targets.map(zoneOf)]).size) : 0
    const enough = (): boolean => copies >= this.writeQuorum && ackedZones.size >= zonesWanted
    if (enough() && targets.length === 0) return copies
    const { promise, resolve } = Promise.withResolvers<number>()
    let pending = targets.length
    if (enough()) resolve(copies)
    if (pending === 0) resolve(copies)
    for (const target of targets) {
      this.replicateTo(target, item).then(() => { copies++; ackedZones.add(zoneOf(target)) }, err => {
        this.log('replicating %s to %s failed: %s', item.key, target.peerId, (err as Error).message)
      }).finally(() => {
        pending--
        if (enough() || pending === 0) resolve(copies)
        if (pending === 0 && copies < this.replicas) this.stats.replicationShortfalls++
      })
    }
    return await promise
  }

  /**
   * Sends an item to one replica peer, together with the other writes' items for that peer that
   * come along in the same burst of work (see `defer`: in the daemon, one event-loop turn).
   * Settles when that shared replicate request does.
   */
  private async replicateTo (target: NodeRef, item: WireItem): Promise<void> {
    const shared = await this.replicaBatches.add(target.peerId, item, wireBytes(item), async items => {
      this.stats.replicateRequests++
      this.stats.replicatedItems += items.length
      await this.request(target, { type: 'replicate', items })
    })
    if (!shared.ok) throw shared.error
  }

  /**
   * A forwarded read of `keys` at `owner`, sent together with the other reads for that peer
   * that come along in the same burst of work (one get request for all their keys; each caller
   * takes its own hits from the answer). If the combined answer is too large, each read is sent
   * on its own.
   */
  private async getFrom (owner: NodeRef, keys: readonly string[], hops: number): Promise<Extract<KvResponse, { type: 'values' }>> {
    const shared = await this.getBatches.add(`${owner.peerId} ${hops}`, keys, keys.length, async parts => {
      this.stats.forwardedGetRequests++
      const res = await this.request(owner, { type: 'get', keys: [...new Set(parts.flat())], hops })
      if (res.type !== 'values') throw new KvError(KvErrorCode.BadRequest, `unexpected ${res.type} answer to get`)
      return res
    })
    if (shared.ok && shared.parts === 1) return shared.answer
    if (shared.ok) {
      const wanted = new Set(keys)
      return { type: 'values', owner: shared.answer.owner, hits: shared.answer.hits.filter(h => wanted.has(h.key)) }
    }
    // Answers are capped (BATCH_BYTES): several reads together may not fit where each does.
    const { error } = shared
    if (shared.parts === 1 || !(error instanceof KvError && error.code === KvErrorCode.TooLarge)) throw error
    const alone = await this.request(owner, { type: 'get', keys, hops })
    if (alone.type !== 'values') throw new KvError(KvErrorCode.BadRequest, `unexpected ${alone.type} answer to get`)
    return alone
  }

  /** Stores items from another peer unless what we hold is newer. Returns how many applied. */
  private applyItems (items: readonly WireItem[]): number {
    let applied = 0
    for (const w of items) {
      this.hlc.observe(w.version)
      if (this.store.put(w.key, fromWire(w))) applied++
    }
    return applied
  }

  // ---------------------------------------------------------------- movement

  /**
   * Join: before the new vnode serves (predecessor, vnode], pull that range from the
   * successor that owns it now (and again once it serves: catchUpAfterJoin). Only this range
   * moves.
   */
  private async pullRange (v: Vnode, successor: NodeRef, predecessor: NodeRef | null): Promise<void> {
    if (successor.peerId === this.chord.peerId) return
    const from = predecessor?.id ?? successor.id
    let afterKey: string | undefined
    for (;;) {
      const res = await this.request(successor, { type: 'fetchRange', from, to: v.id, limit: MAX_BATCH_ITEMS, ...(afterKey !== undefined ? { afterKey } : {}) })
      if (res.type !== 'items') throw new KvError(KvErrorCode.BadRequest, `unexpected ${res.type} answer to fetchRange`)
      this.countIn(res.items, this.applyItems(res.items))
      if (!res.more || res.items.length === 0) break
      afterKey = res.items[res.items.length - 1].key
    }
  }

  /**
   * After a join: the successor keeps serving the new vnode's range (lookups still lead to it)
   * until our predecessor's stabilize points at us and tells us, and its replicas need not
   * include us. The writes it acknowledged until then would read as missing here, so once we
   * have a predecessor (and serve the range), pull the range again; only newer versions apply.
   */
  private async catchUpAfterJoin (v: Vnode, successor: NodeRef): Promise<void> {
    const deadline = this.clock.now() + CATCH_UP_MAX_WAIT_MS
    while (this.running && v.member && v.predecessor === null && this.clock.now() < deadline) {
      await sleep(this.clock, CATCH_UP_POLL_MS)
    }
    if (!this.running || !v.member) return
    await this.pullRange(v, successor, v.predecessor).catch(err => {
      this.log('catching up vnode %d after its join failed: %s', v.index, (err as Error).message)
    })
  }

  /**
   * A leaving vnode hands its keys to its first successor on another peer. Not just its
   * primary range (predecessor, vnode]: every key stored here from this peer's previous vnode
   * up to this one, so that across all vnodes the peer hands off everything it holds. Right
   * after crashes the predecessor pointer can still name a dead peer, and a key this peer held
   * only as a replica — possibly its last copy — would otherwise leave with it.
   */
  private async pushRangeOnLeave (v: Vnode): Promise<void> {
    const successor = v.successors.find(n => n.peerId !== this.chord.peerId) ?? v.successors[0]
    if (successor === undefined || successor.peerId === this.chord.peerId) return
    const mine = this.chord.vnodes.map(x => x.id).sort((a, b) => a < b ? -1 : a > b ? 1 : 0)
    const at = mine.indexOf(v.id)
    const from = mine.length <= 1 || at < 0 ? v.id : mine[(at - 1 + mine.length) % mine.length]
    const items = [...this.store.entries(id => inHalfOpen(id, from, v.id))].map(([key, , item]) => toWire(key, item))
    for (const batch of batches(items)) {
      try {
        await this.request(successor, { type: 'replicate', items: batch })
        this.countOut(batch.length, batch.reduce((n, w) => n + w.value.length, 0))
      } catch (err) {
        this.log.error('leave handoff to %s failed: %e', successor.peerId, err)
      }
    }
  }

  // ---------------------------------------------------------------- anti-entropy

  private scheduleSweep (): void {
    if (!this.running) return
    this.sweepTimer = this.clock.setTimeout(() => {
      try {
        this.store.sweep(this.wallClock())
      } catch (err) {
        this.log.error('sweep failed: %e', err)
      }
      this.scheduleSweep()
    }, this.sweepIntervalMs)
  }

  private scheduleAntiEntropy (): void {
    if (!this.running) return
    const delay = this.antiEntropyIntervalMs * (0.75 + this.random() * 0.5)
    this.antiEntropyTimer = this.clock.setTimeout(() => {
      this.antiEntropy().catch(err => { this.log.error('anti-entropy failed: %e', err) }).finally(() => { this.scheduleAntiEntropy() })
    }, delay)
  }

  /**
   * One anti-entropy round: every local vnode whose predecessor is known compares its range
   * with each of its replica peers, bucket by bucket, and both sides end up with the newest
   * version of every key in differing buckets. This restores r copies after a crash and
   * brings a joined replica up to date.
   */
  async antiEntropy (): Promise<void> {
    this.stats.antiEntropyRounds++
    for (const v of this.chord.vnodes) {
      if (!this.running || !v.member || v.predecessor === null) continue
      const from = v.predecessor.id
      for (const peer of this.replicaPeers(v)) {
        try {
          await this.syncRange(peer, from, v.id)
        } catch (err) {
          this.log('anti-entropy of vnode %d with %s failed: %s', v.index, peer.peerId, (err as Error).message)
        }
      }
    }
  }

  /** Makes `peer` and us agree on every key of (from, to], newest version winning. */
  async syncRange (peer: NodeRef, from: bigint, to: bigint): Promise<void> {
    const inRange = (id: bigint): boolean => inHalfOpen(id, from, to)
    const buckets = this.digestBuckets
    const remote = await this.request(peer, { type: 'digest', from, to, buckets })
    if (remote.type !== 'digests' || remote.digests.length !== buckets) throw new KvError(KvErrorCode.BadRequest, 'bad digest answer')
    const local = this.store.digest(inRange, buckets)
    const differing: number[] = []
    for (let i = 0; i < buckets; i++) if (!bytesEqual(local[i], remote.digests[i])) differing.push(i)
    if (differing.length === 0) return
    const theirs = await this.request(peer, { type: 'fetchBuckets', from, to, buckets, indexes: differing })
    const theirItems = theirs.type === 'items' ? theirs.items : NO_ITEMS
    const theirVersions = new Map(theirItems.map(w => [w.key, w.version]))
    const pulled = this.applyItems(theirItems)
    this.countIn(theirItems, pulled)
    const wanted = new Set(differing)
    const B = BigInt(buckets)
    const push: WireItem[] = []
    for (const [key, , item] of this.store.entries(id => inRange(id) && wanted.has(Number(id % B)))) {
      const v = theirVersions.get(key)
      if (v === undefined || compareVersions(item.version, v) > 0) push.push(toWire(key, item))
    }
    for (const batch of batches(push)) {
      await this.request(peer, { type: 'replicate', items: batch })
      this.countOut(batch.length, batch.reduce((n, w) => n + w.value.length, 0))
    }
    this.stats.repaired += pulled + push.length
  }

  // ---------------------------------------------------------------- plumbing

  private async serialized<T> (key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.keyQueues.get(key) ?? Promise.resolve()
    const run = before.then(fn, fn)
    const tail = run.catch(() => {})
    this.keyQueues.set(key, tail)
    void tail.then(() => { if (this.keyQueues.get(key) === tail) this.keyQueues.delete(key) })
    return await run
  }

  private async request (to: PeerAddress, req: KvRequest): Promise<KvResponse> {
    if (to.peerId === this.chord.peerId) return await this.handle(req, this.chord.peerId)
    try {
      return await this.transport.request(to, this.codec, req, { timeoutMs: this.rpcTimeoutMs })
    } catch (err) {
      if (err instanceof RemoteError) throw new KvError(err.code, err.message)
      throw err
    }
  }

  private countIn (items: readonly WireItem[], applied: number): void {
    if (applied === 0) return
    this.stats.keysMovedIn += applied
    this.stats.bytesMovedIn += items.reduce((n, w) => n + w.value.length, 0)
  }

  private countOut (keys: number, bytes: number): void {
    this.stats.keysMovedOut += keys
    this.stats.bytesMovedOut += bytes
  }
}

/**
 * Zone-spreading replica set of the keys `vnode` is primary for: ring/placement.ts replicaSet
 * over the vnode and its successor list (sorted by id: a sub-ring on which the vnode is its
 * own primary), zones taken from the NodeRefs ('' for a peer without one). Primary first.
 */
function zoneSpreadReplicas (vnode: Vnode, r: number): NodeRef[] {
  const nodes = [vnode.self, ...vnode.successors]
  const zones = new Map(nodes.map(n => [n.peerId, n.zone ?? '']))
  const sorted = [...new Map(nodes.map(n => [n.id, n])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return replicaSet(vnode.id, sorted, r, peerId => zones.get(peerId) ?? '')
}

/**
 * Age after which the routing view is refreshed in the background, in ms. A walk costs about
 * N·v requests per routing peer (with a 2 s age, bench:kad found walks to be most of a busy
 * ring's traffic), so the view is refreshed on evidence instead: a first hop that failed
 * (the peer is also dropped from the view at once, so reads go to its successor, which holds
 * a copy) or that reached a peer which is not the primary any more (a join moved the range).
 * Then the next walk starts after ROUTING_VIEW_MIN_AGE_MS. This age is the safety net.
 */
const ROUTING_VIEW_MAX_AGE_MS = 30_000

/** How soon after evidence of a stale view the next walk may start, in ms. */
const ROUTING_VIEW_MIN_AGE_MS = 500

/** Keys one batched forwarded get may carry (requests take up to MAX_GET_KEYS). */
const GET_BATCH_KEYS = 64

/** Key ids remembered by keyId(). */
const KEY_ID_CACHE_SIZE = 16_384

/** How long a joined vnode waits for its first predecessor before catching up anyway, in ms. */
const CATCH_UP_MAX_WAIT_MS = 30_000
/** How often it looks, in ms. */
const CATCH_UP_POLL_MS = 50

/** First hops a read retries by the routing view after primaries failed, before using lookups. */
const VIEW_RETRIES = 2

/** How long one ring walk answers ringView requests, in ms. */
const RING_VIEW_TTL_MS = 500

/** Bytes one batch of items may carry: well under MAX_KV_MESSAGE_BYTES with keys and framing. */
export const BATCH_BYTES = 4 * 1024 * 1024

function itemBytes (key: string, item: Item): number {
  return item.value.length + key.length + ITEM_FRAMING_BYTES
}

/** Allowance for an item's fields and protobuf framing besides key and value, in bytes. */
const ITEM_FRAMING_BYTES = 64

/** What an item adds to a batch, in bytes (the measure of BATCH_BYTES). */
function wireBytes (w: WireItem): number {
  return w.value.length + w.key.length + ITEM_FRAMING_BYTES
}

/** Splits items into batches of at most MAX_BATCH_ITEMS items and BATCH_BYTES bytes. */
export function * batches (items: readonly WireItem[]): Generator<WireItem[]> {
  let batch: WireItem[] = []
  let bytes = 0
  for (const w of items) {
    const size = wireBytes(w)
    if (batch.length > 0 && (batch.length >= MAX_BATCH_ITEMS || bytes + size > BATCH_BYTES)) {
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(w)
    bytes += size
  }
  if (batch.length > 0) yield batch
}

/** Requests from a local front end skip the codec's checks: the same rules apply here. */
function checkKey (key: string): void {
  const problem = keyProblem(key)
  if (problem !== null) throw new KvError(KvErrorCode.BadKey, problem)
}

function checkValue (value: Uint8Array, maxValueBytes: number): void {
  if (value.length > maxValueBytes) throw new KvError(KvErrorCode.TooLarge, `object too large for cache: ${value.length} bytes, more than ${maxValueBytes}`)
}

function hitOf (key: string, item: Item): GetHit {
  return { key, value: item.value, flags: item.flags, cas: item.version.hlc }
}

/** One answer carries at most BATCH_BYTES of keys and values. */
function checkAnswerSize (hits: readonly GetHit[], keys: number): void {
  if (hits.reduce((n, h) => n + h.value.length + h.key.length, 0) > BATCH_BYTES) {
    throw new KvError(KvErrorCode.TooLarge, `the values of these ${keys} keys exceed ${BATCH_BYTES} bytes in one answer; ask for fewer keys at a time`)
  }
}

function bytesEqual (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function toWire (key: string, item: Item): WireItem {
  // The store marks "expired at once" (a negative exptime) as -1; the wire carries only
  // non-negative times, and 0 means never, so it travels as 1 ms after the epoch: long past.
  const expiresAtMs = item.expiresAtMs < 0 ? 1 : item.expiresAtMs
  return { key, value: item.value, flags: item.flags, expiresAtMs, version: item.version, deleted: item.deleted === true }
}

export function fromWire (w: WireItem): Item {
  return { value: w.value, flags: w.flags, expiresAtMs: w.expiresAtMs, version: w.version, ...(w.deleted ? { deleted: true } : {}) }
}

/** The store's form of a mutate request; fields an op needs but the request lacks are refused. */
function toKvOp (req: Mutate): KvOp {
  const need = <T>(v: T | undefined, field: string): T => {
    if (v === undefined) throw new KvError(KvErrorCode.BadRequest, `${req.op} needs ${field}`)
    return v
  }
  switch (req.op) {
    case 'set': case 'add': case 'replace':
      return { kind: req.op, value: need(req.value, 'a value'), flags: req.flags ?? 0, exptime: req.exptime ?? 0 }
    case 'append': case 'prepend':
      return { kind: req.op, value: need(req.value, 'a value') }
    case 'cas':
      return { kind: 'cas', value: need(req.value, 'a value'), flags: req.flags ?? 0, exptime: req.exptime ?? 0, casUnique: need(req.cas, 'a cas unique') }
    case 'delete':
      return { kind: 'delete' }
    case 'incr': case 'decr':
      return { kind: req.op, delta: need(req.delta, 'a delta') }
    case 'touch':
      return { kind: 'touch', exptime: need(req.exptime, 'an exptime') }
    default:
      throw new KvError(KvErrorCode.BadRequest, `unknown op ${(req as { op?: unknown }).op}`)
  }
}
