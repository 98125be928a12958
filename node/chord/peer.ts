/**
 * One physical peer of the Chord ring: hosts v vnodes, answers the ring protocol for them,
 * runs their maintenance (stabilize, fix_fingers, check_predecessor) and resolves lookups
 * iteratively.
 *
 * Written only against Transport, Clock and Random (node/transport/types.ts): the daemon
 * runs it over libp2p, the simulator over an in-memory network in virtual time.
 *
 * The rules of Zave's corrected Chord ("How to Make Chord Correct", 2012) are cited where
 * they apply: a vnode becomes a member only once it holds its successor's full list (join),
 * a dead node is never adopted as successor (stabilize checks the candidate first), and the
 * loss of the first successor promotes the next entry at once (reactive).
 */
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { add, distance, inHalfOpen, inOpen, idToHex } from '../../ring/id.ts'
import { fingerStart } from '../../ring/fingers.ts'
import { vnodeId } from '../../ring/placement.ts'
import { isPeerFailure } from '../transport/errors.ts'
import type { Clock, Codec, PeerAddress, Random, RequestContext, TimerHandle, Transport } from '../transport/types.ts'
import { chordOptions, LOOKUP_CANDIDATES, MAINTENANCE_JITTER, MIN_SUCCESSOR_ZONES } from './constants.ts'
import { JoinError, LookupError, RingError } from './errors.ts'
import { MAX_EXCLUDED_PEERS, RING_PROTOCOL, RingErrorCode } from './messages.ts'
import type { NodeRef, RingRequest, RingResponse } from './messages.ts'
import type { ChordOptions, LookupResult, PeerSnapshot } from './types.ts'
import { Vnode } from './vnode.ts'
import type { SuccessorListShape } from './vnode.ts'

export interface ChordComponents {
  readonly transport: Transport
  readonly clock: Clock
  readonly random: Random
  readonly logger: ComponentLogger
  /** Encodes ring messages on the wire; the simulator may pass one that only names the protocol. */
  readonly codec: Codec<RingRequest, RingResponse>
}

/** Hooks the layers above (KV, coordination) use to follow ownership changes. */
export interface ChordHooks {
  /**
   * Called when a joining vnode has found its successor, before it becomes a member and tells
   * the successor: the range (predecessor, vnode] it is about to own can be pulled now.
   * A rejection fails this join attempt (it is retried).
   */
  beforeVnodeJoins?: (vnode: Vnode, successor: NodeRef, predecessor: NodeRef | null) => Promise<void>
  /**
   * Called once a vnode has joined and told `successor`, the previous holder of its range.
   * Lookups lead to the successor until the vnode's predecessor stabilizes onto it, so the
   * successor may keep taking writes for the range a little longer (KvService pulls again once
   * the vnode has a predecessor). The join waits for the hook; a rejection is logged and the
   * vnode stays joined.
   */
  afterVnodeJoins?: (vnode: Vnode, successor: NodeRef) => Promise<void>
  /** Called before a vnode leaves gracefully, while it can still reach its successor. */
  beforeVnodeLeaves?: (vnode: Vnode) => Promise<void>
}

type RingState = Extract<RingResponse, { type: 'state' }>

const NO_PEERS: ReadonlySet<string> = new Set()

/** Requests in flight while walkRing checks the vnodes it found. */
const WALK_CONCURRENCY = 16

/** Runs `fn` over `items` with at most `limit` running at once. */
async function forEachLimited<T> (items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

/** Most predecessors one stabilize or join walks back through. */
const MAX_WALK_BACK = 16

type Task = 'stabilize' | 'fixFingers' | 'checkPredecessor'

interface Maintenance {
  timer: TimerHandle | undefined
  running: boolean
  /** Set when a run was asked for while one was running: run again right after. */
  again: boolean
}

/** Counters for metrics and benchmarks. */
export interface ChordStats {
  stabilizeRounds: number
  successorChanges: number
  lookups: number
  lookupHops: number
  lookupFailures: number
  rpcsSent: number
  rpcsFailed: number
}

export class ChordPeer {
  readonly peerId: string
  readonly options: ChordOptions
  readonly stats: ChordStats = { stabilizeRounds: 0, successorChanges: 0, lookups: 0, lookupHops: 0, lookupFailures: 0, rpcsSent: 0, rpcsFailed: 0 }
  readonly hooks: ChordHooks = {}
  private readonly transport: Transport
  private readonly clock: Clock
  private readonly random: Random
  private readonly codec: Codec<RingRequest, RingResponse>
  private readonly log: Logger
  private readonly shape: SuccessorListShape
  private readonly vnodeList: Vnode[]
  private readonly byId = new Map<bigint, Vnode>()
  private readonly maintenance = new Map<Vnode, Record<Task, Maintenance>>()
  private running = false
  private bootstrap: PeerAddress | undefined

  constructor (components: ChordComponents, init: Partial<ChordOptions> = {}) {
    this.transport = components.transport
    this.clock = components.clock
    this.random = components.random
    this.codec = components.codec
    this.options = chordOptions(init)
    this.peerId = this.transport.self.peerId
    this.log = components.logger.forComponent('chordkv:chord')
    const zone = this.options.zone
    this.shape = {
      length: this.options.successorListLength,
      minPeers: this.options.replicas + 1,
      ...(zone !== undefined ? { selfZone: zone, minZones: MIN_SUCCESSOR_ZONES } : {})
    }
    this.vnodeList = []
    for (let i = 0; i < this.options.vnodes; i++) {
      const id = vnodeId(this.peerId, i, this.options.m)
      if (this.byId.has(id)) throw new RangeError(`vnode id collision at index ${i}; use more identifier bits`)
      const v = new Vnode(i, { id, peerId: this.peerId, addrs: this.transport.self.addrs, ...(zone !== undefined ? { zone } : {}) }, this.options.m)
      this.vnodeList.push(v)
      this.byId.set(id, v)
    }
  }

  /** The hosted vnodes, in index order. */
  get vnodes (): readonly Vnode[] {
    return this.vnodeList
  }

  /** Registers the ring protocol handler. Vnodes are not members until create() or join(). */
  async start (): Promise<void> {
    await this.transport.handle(this.codec, async (req, ctx) => await this.handle(req, ctx))
    this.running = true
  }

  /** Every hosted vnode is a ring member. */
  isMember (): boolean {
    return this.vnodeList.length > 0 && this.vnodeList.every(v => v.member)
  }

  /** Starts a new ring made of this peer's own vnodes. */
  create (): void {
    const sorted = [...this.vnodeList].sort((a, b) => (a.id < b.id ? -1 : 1))
    sorted.forEach((v, i) => {
      const after = [...sorted.slice(i + 1), ...sorted.slice(0, i)].map(n => n.self)
      v.successors = []
      if (after.length > 0) v.setSuccessors(after[0], after.slice(1), this.shape)
      v.predecessor = sorted[(i - 1 + sorted.length) % sorted.length].self
      v.member = true
    })
    for (const v of this.vnodeList) this.startMaintenance(v)
    this.log('created a ring of %d vnodes', this.vnodeList.length)
  }

  /**
   * Joins every vnode through `bootstrap`, one at a time: find the vnode's successor, copy its
   * successor list (Zave: membership needs the full list), notify it. Rejects with JoinError
   * when the bootstrap does not answer or no member can be found.
   */
  async join (bootstrap: PeerAddress): Promise<void> {
    this.bootstrap = bootstrap
    try {
      await this.rpc(bootstrap, { type: 'ping' })
    } catch (err) {
      throw new JoinError(`bootstrap peer ${bootstrap.peerId} did not answer: ${(err as Error).message}`)
    }
    for (const v of this.vnodeList) {
      await this.joinVnode(v, bootstrap)
      this.startMaintenance(v)
    }
    this.log('joined through %s with %d vnodes', bootstrap.peerId, this.vnodeList.length)
  }

  private async joinVnode (v: Vnode, bootstrap: PeerAddress): Promise<void> {
    let lastError: unknown
    for (let attempt = 0; attempt < 8 && this.running; attempt++) {
      try {
        const { owner } = await this.lookup(v.id, bootstrap)
        if (owner.id === v.id) throw new JoinError(`vnode id ${idToHex(v.id, this.options.m)} is already on the ring`)
        const found = await this.closestLiveSuccessor(v, owner, await this.getState(owner))
        if (!found.state.member) throw new RingError(RingErrorCode.NotMember, 'successor is still joining')
        if (this.hooks.beforeVnodeJoins !== undefined) await this.hooks.beforeVnodeJoins(v, found.node, found.state.predecessor)
        v.setSuccessors(found.node, found.state.successors, this.shape)
        v.member = true
        await this.rpc(found.node, { type: 'notify', target: found.node.id, candidate: v.self }).catch(() => {})
        if (this.hooks.afterVnodeJoins !== undefined) {
          await this.hooks.afterVnodeJoins(v, found.node).catch(err => { this.log.error('after-join hook of vnode %d failed: %e', v.index, err) })
        }
        return
      } catch (err) {
        if (err instanceof JoinError) throw err
        lastError = err
        await this.sleep(this.options.stabilizeIntervalMs * (1 + attempt))
      }
    }
    throw new JoinError(`vnode ${v.index} could not join: ${(lastError as Error | undefined)?.message ?? 'peer stopped'}`)
  }

  /**
   * Graceful leave: each vnode in turn tells its successor and predecessor who its neighbours
   * were, so they splice it out at once; then the peer stops.
   */
  async leave (): Promise<void> {
    for (const v of [...this.vnodeList]) {
      if (!v.member) continue
      this.stopMaintenance(v)
      if (this.hooks.beforeVnodeLeaves !== undefined) {
        await this.hooks.beforeVnodeLeaves(v).catch(err => { this.log.error('leave hook of vnode %d failed: %e', v.index, err) })
      }
      const goodbye = { type: 'leaving' as const, leaver: v.self, predecessor: v.predecessor, successors: v.successors }
      const succ = v.successors[0]
      const pred = v.predecessor
      v.member = false
      this.byId.delete(v.id)
      this.forgetLocally(n => n.id === v.id)
      if (succ !== undefined) await this.rpc(succ, { ...goodbye, target: succ.id }).catch(() => {})
      if (pred !== null && pred.id !== v.id && pred.id !== succ?.id) await this.rpc(pred, { ...goodbye, target: pred.id }).catch(() => {})
    }
    await this.stop()
    this.log('left the ring')
  }

  /** Crash-stop: maintenance off, handler removed, nobody told. */
  async stop (): Promise<void> {
    if (!this.running) return
    this.running = false
    for (const v of this.vnodeList) this.stopMaintenance(v)
    await this.transport.unhandle(RING_PROTOCOL).catch(() => {})
  }

  /**
   * The member vnode of this peer that is `key`'s primary by its own predecessor
   * (key ∈ (predecessor, vnode]), or undefined. No network.
   */
  localOwner (key: bigint): Vnode | undefined {
    for (const v of this.vnodeList) {
      if (v.member && v.predecessor !== null && inHalfOpen(key, v.predecessor.id, v.id)) return v
    }
    return undefined
  }

  /** The vnode hosted here with this id, if any. */
  vnodeById (id: bigint): Vnode | undefined {
    return this.byId.get(id)
  }

  /**
   * Every vnode of the ring, in id order. First a fast walk along successor lists (about
   * N·v / s requests); then, because entries past a first successor can lag behind joins,
   * every vnode found is asked for its own first successor and predecessor, in parallel,
   * until no new vnode turns up. Stops growing at `maxVnodes`; vnodes that fail are skipped.
   */
  async walkRing (maxVnodes: number = 65_536): Promise<NodeRef[]> {
    const start = this.vnodeList.find(v => v.member)
    if (start === undefined) throw new RingError(RingErrorCode.NotMember, 'this peer has no member vnodes yet')
    const seen = new Map<bigint, NodeRef>()
    for (const v of this.vnodeList) if (v.member) seen.set(v.id, v.self)
    let frontier: readonly NodeRef[] = start.successors
    for (let round = 0; round < maxVnodes && frontier.length > 0; round++) {
      let wrapped = false
      for (const n of frontier) {
        if (n.id === start.id) { wrapped = true; break }
        seen.set(n.id, n)
      }
      if (wrapped || seen.size >= maxVnodes) break
      let next: readonly NodeRef[] = []
      for (let i = frontier.length - 1; i >= 0 && next.length === 0; i--) {
        try {
          next = (await this.getState(frontier[i])).successors
        } catch {
          // skip a node that does not answer
        }
      }
      frontier = next
    }
    const checked = new Set<bigint>()
    for (let pass = 0; pass < 8 && seen.size < maxVnodes; pass++) {
      const unchecked = [...seen.values()].filter(n => !checked.has(n.id) && n.peerId !== this.peerId)
      if (unchecked.length === 0) break
      const before = seen.size
      await forEachLimited(unchecked, WALK_CONCURRENCY, async n => {
        checked.add(n.id)
        try {
          const state = await this.getState(n)
          if (!state.member) return
          for (const m of [state.successors[0], state.predecessor]) if (m != null && !seen.has(m.id)) seen.set(m.id, m)
        } catch {
          // skip
        }
      })
      if (seen.size === before) break
    }
    return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  snapshot (): PeerSnapshot {
    return { peerId: this.peerId, m: this.options.m, vnodes: this.vnodeList.map(v => v.snapshot()) }
  }

  // ---------------------------------------------------------------- lookups

  /**
   * Iterative lookup of `key`'s successor. Starts from this peer's own routing state (the
   * union of its member vnodes' fingers and successor lists), or from `via` when given; then
   * asks the closest untried candidate, routing around peers that fail to answer.
   */
  async lookup (key: bigint, via?: PeerAddress, options: { skipLocal?: boolean } = {}): Promise<LookupResult> {
    this.stats.lookups++
    let candidates: NodeRef[] = []
    // Peers that failed during this lookup: every later step routes as if they were gone.
    const dead = new Set<string>()
    if (options.skipLocal !== true && this.vnodeList.some(v => v.member)) {
      const local = this.localStep(key, dead)
      if (local.done) return { owner: local.nodes[0], successors: local.nodes.slice(1), hops: 0 }
      candidates = [...local.nodes]
    }
    const tried = new Set<string>([this.peerId])
    let hops = 0
    let lastError: unknown
    const ask = async (to: PeerAddress): Promise<LookupResult | undefined> => {
      tried.add(to.peerId)
      hops++
      let res: RingResponse
      try {
        const exclude = [...dead].slice(-MAX_EXCLUDED_PEERS)
        res = await this.rpc(to, exclude.length > 0 ? { type: 'findSuccessor', key, exclude } : { type: 'findSuccessor', key })
      } catch (err) {
        lastError = err
        if (isPeerFailure(err)) {
          dead.add(to.peerId)
          // What we know locally may now answer: our own vnode may precede the dead one.
          if (options.skipLocal !== true && this.vnodeList.some(v => v.member)) {
            const local = this.localStep(key, dead)
            if (local.done) return { owner: local.nodes[0], successors: local.nodes.slice(1), hops }
            candidates = this.rankCandidates(key, [...candidates, ...local.nodes])
          }
        }
        return undefined
      }
      if (res.type !== 'step' || res.nodes.length === 0) {
        lastError = new RingError('BadResponse', `unexpected ${res.type} answer to findSuccessor`)
        return undefined
      }
      if (res.done) return { owner: res.nodes[0], successors: res.nodes.slice(1), hops }
      candidates = this.rankCandidates(key, [...candidates, ...res.nodes])
      return undefined
    }
    if (via !== undefined && !tried.has(via.peerId)) {
      const found = await ask(via)
      if (found !== undefined) return this.lookupDone(found)
    }
    while (hops < this.options.maxLookupHops) {
      const next = candidates.find(c => !tried.has(c.peerId) && !dead.has(c.peerId))
      if (next === undefined) break
      const found = await ask(next)
      if (found !== undefined) return this.lookupDone(found)
    }
    this.stats.lookupFailures++
    throw new LookupError(`lookup of ${idToHex(key, this.options.m)} failed after ${hops} hops: ${(lastError as Error | undefined)?.message ?? 'no live candidate'}`)
  }

  private lookupDone (result: LookupResult): LookupResult {
    this.stats.lookupHops += result.hops
    return result
  }

  /** Distinct candidates ordered by how close they are before `key` (closest first). */
  private rankCandidates (key: bigint, nodes: Iterable<NodeRef>, closerThan?: bigint, limit: number = Infinity): NodeRef[] {
    const m = this.options.m
    const byId = new Map<bigint, { node: NodeRef, d: bigint }>()
    for (const node of nodes) {
      if (byId.has(node.id)) continue
      const d = distance(node.id, key, m)
      if (closerThan === undefined || d < closerThan) byId.set(node.id, { node, d })
    }
    const ranked = [...byId.values()].sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0))
    return (ranked.length > limit ? ranked.slice(0, limit) : ranked).map(e => e.node)
  }

  /**
   * One lookup step answered from this peer's knowledge: done when some member vnode's
   * successor list brackets the key (or a vnode owns it by its predecessor), otherwise the
   * known nodes closest before the key.
   */
  private localStep (key: bigint, exclude: ReadonlySet<string> = NO_PEERS): Extract<RingResponse, { type: 'step' }> {
    const members = this.vnodeList.filter(v => v.member)
    if (members.length === 0) throw new RingError(RingErrorCode.NotMember, 'this peer has no member vnodes yet')
    const live = (n: NodeRef): boolean => !exclude.has(n.peerId)
    // Only a first successor answers "done": stabilize keeps it right (Zave's invariant).
    // Deeper successor-list entries can still miss a node that joined since the list was
    // copied, and a predecessor can be far behind for a fresh joiner; both only route.
    // With `exclude`, the first successor not excluded stands in (the successor list's job).
    for (const v of members) {
      const successors = exclude.size > 0 ? v.successors.filter(live) : v.successors
      const succ = successors[0]
      if (succ !== undefined && inHalfOpen(key, v.id, succ.id)) return { type: 'step', done: true, nodes: successors }
    }
    const known = function * (this: ChordPeer): Generator<NodeRef> {
      for (const v of members) for (const n of v.known()) if (!this.byId.has(n.id) && live(n)) yield n
    }.bind(this)
    // Only nodes closer to the key than our own closest vnode make progress.
    let best = distance(members[0].id, key, this.options.m)
    for (const v of members) {
      const d = distance(v.id, key, this.options.m)
      if (d < best) best = d
    }
    let nodes = this.rankCandidates(key, known(), best, LOOKUP_CANDIDATES)
    if (nodes.length === 0) nodes = this.rankCandidates(key, known(), undefined, LOOKUP_CANDIDATES)
    if (nodes.length === 0) {
      // Our own vnodes are all we know of the ring: the key's successor is among them.
      let owner = members[0]
      for (const v of members) if (distance(key, v.id, this.options.m) < distance(key, owner.id, this.options.m)) owner = v
      return { type: 'step', done: true, nodes: [owner.self, ...owner.successors] }
    }
    return { type: 'step', done: false, nodes }
  }

  // ---------------------------------------------------------------- handlers

  /** Answers one ring request. Typed errors (RingError) travel back to the requester. */
  async handle (req: RingRequest, _ctx?: RequestContext): Promise<RingResponse> {
    switch (req.type) {
      case 'ping':
        if (req.target !== undefined) this.vnodeOrThrow(req.target)
        return { type: 'pong' }
      case 'vnodes':
        return { type: 'vnodes', vnodes: this.vnodeList.filter(v => v.member).map(v => v.self) }
      case 'getState': {
        const v = this.vnodeOrThrow(req.target)
        return { type: 'state', predecessor: v.predecessor, successors: v.successors.length > 0 ? v.successors : [v.self], member: v.member }
      }
      case 'notify':
        this.onNotify(this.vnodeOrThrow(req.target), req.candidate)
        return { type: 'ok' }
      case 'findSuccessor':
        return this.localStep(req.key, req.exclude === undefined ? NO_PEERS : new Set(req.exclude))
      case 'leaving':
        this.onLeaving(this.vnodeOrThrow(req.target), req.leaver, req.predecessor, req.successors)
        return { type: 'ok' }
      default:
        throw new RingError(RingErrorCode.BadRequest, `unknown ring request ${(req as { type?: unknown }).type}`)
    }
  }

  private vnodeOrThrow (id: bigint): Vnode {
    const v = this.byId.get(id)
    if (v === undefined) throw new RingError(RingErrorCode.NoSuchVnode, `no vnode ${idToHex(id, this.options.m)} here`)
    return v
  }

  /** Chord's notify (Zave's rectify): adopt `candidate` as predecessor if it is closer, or if ours is dead. */
  private onNotify (v: Vnode, candidate: NodeRef): void {
    if (candidate.id === v.id) return
    const pred = v.predecessor
    if (pred === null || pred.id === v.id || inOpen(candidate.id, pred.id, v.id)) {
      v.predecessor = candidate
      return
    }
    if (pred.id === candidate.id) return
    // Zave: the current predecessor may be dead; check it without holding up the answer.
    void this.isAlive(pred).then(alive => {
      // The failed ping itself may already have cleared the predecessor.
      if (!alive && (v.predecessor === pred || v.predecessor === null)) v.predecessor = candidate
    })
  }

  private onLeaving (v: Vnode, leaver: NodeRef, predecessor: NodeRef | null, successors: readonly NodeRef[]): void {
    const wasPredecessor = v.predecessor?.id === leaver.id
    const headLost = v.forget(n => n.id === leaver.id)
    if (wasPredecessor && predecessor !== null && predecessor.id !== leaver.id) {
      v.predecessor = predecessor.id === v.id ? null : predecessor
    }
    if (headLost) {
      const rest = successors.filter(n => n.id !== leaver.id)
      if (rest.length > 0) v.setSuccessors(rest[0], [...rest.slice(1), ...v.successors], this.shape)
      this.stats.successorChanges++
      this.kick(v, 'stabilize')
    }
  }

  // ---------------------------------------------------------------- maintenance

  /**
   * Chord's stabilize: ask the first live successor for its predecessor and list; adopt the
   * predecessor if it sits between us (and answers: never adopt a dead successor); refresh
   * our list from the successor's; notify it.
   */
  private async stabilize (v: Vnode): Promise<void> {
    if (!v.member) return
    this.stats.stabilizeRounds++
    for (;;) {
      const succ = v.successors[0]
      if (succ === undefined) {
        await this.recover(v)
        return
      }
      let state: RingState
      try {
        state = await this.getState(succ)
      } catch (err) {
        if (!isPeerFailure(err) && (err as RingError).code !== RingErrorCode.NoSuchVnode) throw err
        // The failure handler removed succ: promote the next entry (reactive).
        if (v.successors[0] === succ) v.forget(n => n.id === succ.id)
        continue
      }
      if (v.successors[0] !== succ) continue // our list changed while we waited
      if (!state.member) {
        // A successor that is not (or no longer) a member cannot keep us on the ring.
        v.forget(n => n.id === succ.id)
        continue
      }
      const { node: head, state: headState } = await this.closestLiveSuccessor(v, succ, state)
      const rest = headState.successors
      if (head.id !== v.successors[0]?.id) this.stats.successorChanges++
      v.setSuccessors(head, rest, this.shape)
      await this.rpc(head, { type: 'notify', target: head.id, candidate: v.self }).catch(() => {})
      return
    }
  }

  /**
   * Walks back from `node` (whose state we hold) through predecessors that lie between `v`
   * and it, as long as each answers as a live member (Zave: never adopt a dead successor).
   * Chord's stabilize takes one such step a round; taking up to MAX_WALK_BACK at once lets
   * a vnode whose successor is too far catch up in one round.
   */
  private async closestLiveSuccessor (v: Vnode, node: NodeRef, state: RingState): Promise<{ node: NodeRef, state: RingState }> {
    let best = { node, state }
    for (let step = 0; step < MAX_WALK_BACK; step++) {
      const p = best.state.predecessor
      if (p === null || p.id === v.id || !inOpen(p.id, v.id, best.node.id)) break
      let pState: RingState
      try {
        pState = await this.getState(p)
      } catch {
        break // dead or gone: never adopted
      }
      if (!pState.member) break
      best = { node: p, state: pState }
    }
    return best
  }

  /**
   * The successor list is empty: the vnode was alone on the ring, or every entry failed.
   * Take the first live member clockwise among the nodes we still know (predecessor, fingers,
   * other local vnodes), else look ourselves up through the bootstrap peer; stabilize then
   * walks back to the true successor. A vnode that knows nobody stays alone, rightly.
   */
  private async recover (v: Vnode): Promise<void> {
    const m = this.options.m
    const known = new Map<bigint, NodeRef>()
    for (const n of v.known()) known.set(n.id, n)
    for (const o of this.vnodeList) if (o !== v && o.member) known.set(o.id, o.self)
    known.delete(v.id)
    const clockwise = [...known.values()].sort((a, b) => {
      const da = distance(v.id, a.id, m)
      const db = distance(v.id, b.id, m)
      return da < db ? -1 : da > db ? 1 : 0
    })
    for (const c of clockwise) {
      if (await this.adoptSuccessor(v, c)) return
    }
    if (this.bootstrap === undefined) return
    try {
      const { owner } = await this.lookup(v.id, this.bootstrap)
      if (owner.id !== v.id) await this.adoptSuccessor(v, owner)
    } catch (err) {
      this.log('vnode %d could not recover its successor: %s', v.index, (err as Error).message)
    }
  }

  /** Makes `node` v's successor if it answers as a member; notifies it. */
  private async adoptSuccessor (v: Vnode, node: NodeRef): Promise<boolean> {
    try {
      const state = await this.getState(node)
      if (!state.member) return false
      v.setSuccessors(node, state.successors, this.shape)
      this.stats.successorChanges++
      await this.rpc(node, { type: 'notify', target: node.id, candidate: v.self }).catch(() => {})
      return true
    } catch {
      return false
    }
  }

  /**
   * Chord's fix_fingers: refresh the next few fingers by lookup. A finger found to be node f
   * also fills every following finger whose start lies in (self, f], so a whole table costs
   * about log2 N lookups instead of m.
   */
  private async fixFingers (v: Vnode): Promise<void> {
    if (!v.member) return
    const m = this.options.m
    const startOf = (i: number): bigint => fingerStart(v.id, i, m)
    if (v.nextFinger === 0) await this.checkForLoop(v)
    for (let k = 0; k < this.options.fingersPerRound && v.member; k++) {
      const i = v.nextFinger
      const start = startOf(i)
      let node: NodeRef
      const succ = v.successors[0]
      if (succ === undefined || inHalfOpen(start, v.id, succ.id)) {
        node = v.successor()
      } else {
        try {
          node = (await this.lookup(start)).owner
        } catch {
          v.nextFinger = (i + 1) % m
          continue
        }
      }
      const next = v.setFingersFrom(i, node, startOf)
      v.nextFinger = next >= m ? 0 : next
    }
  }

  /**
   * Repairs a loopy ring (Zave: successor pointers that circle the id space more than once,
   * each stretch consistent on its own, which stabilize can never merge). Once per finger
   * table pass, look up successor(id + 1) through another peer, not from our own state; a
   * live member it names between us and our successor becomes our successor.
   */
  private async checkForLoop (v: Vnode): Promise<void> {
    const succ = v.successors[0]
    if (succ === undefined) return
    const remote = [...v.known()].filter(n => n.peerId !== this.peerId)
    if (remote.length === 0) return
    const via = remote[Math.floor(this.random() * remote.length)]
    let owner: NodeRef
    try {
      owner = (await this.lookup(add(v.id, 1n, this.options.m), via, { skipLocal: true })).owner
    } catch {
      return
    }
    if (owner.id === v.id || v.successors[0] !== succ || !inOpen(owner.id, v.id, succ.id)) return
    try {
      const found = await this.closestLiveSuccessor(v, owner, await this.getState(owner))
      if (!found.state.member || v.successors[0] !== succ) return
      this.log('vnode %d: lookup found successor %s closer than %s (loop repaired)', v.index, found.node.peerId, succ.peerId)
      this.stats.successorChanges++
      v.setSuccessors(found.node, found.state.successors, this.shape)
      await this.rpc(found.node, { type: 'notify', target: found.node.id, candidate: v.self }).catch(() => {})
    } catch {
      // not adopted: dead or unreachable
    }
  }

  /** Chord's check_predecessor: clear a predecessor that does not answer. */
  private async checkPredecessor (v: Vnode): Promise<void> {
    const pred = v.predecessor
    if (pred === null || pred.id === v.id) return
    if (!(await this.isAlive(pred)) && v.predecessor === pred) v.predecessor = null
  }

  private startMaintenance (v: Vnode): void {
    if (this.maintenance.has(v)) return
    const idle = (): Maintenance => ({ timer: undefined, running: false, again: false })
    this.maintenance.set(v, { stabilize: idle(), fixFingers: idle(), checkPredecessor: idle() })
    for (const task of ['stabilize', 'fixFingers', 'checkPredecessor'] as const) this.schedule(v, task)
  }

  private stopMaintenance (v: Vnode): void {
    const tasks = this.maintenance.get(v)
    if (tasks === undefined) return
    for (const t of Object.values(tasks)) if (t.timer !== undefined) this.clock.clearTimeout(t.timer)
    this.maintenance.delete(v)
  }

  private periodOf (task: Task): number {
    const base = task === 'stabilize'
      ? this.options.stabilizeIntervalMs
      : task === 'fixFingers' ? this.options.fixFingersIntervalMs : this.options.checkPredecessorIntervalMs
    return base * (1 + (this.random() * 2 - 1) * MAINTENANCE_JITTER)
  }

  private schedule (v: Vnode, task: Task): void {
    const state = this.maintenance.get(v)
    if (state === undefined) return
    state[task].timer = this.clock.setTimeout(() => { this.kick(v, task) }, this.periodOf(task))
  }

  /** Runs `task` for `v` now (or right after the current run), then re-arms its timer. */
  private kick (v: Vnode, task: Task): void {
    const state = this.maintenance.get(v)?.[task]
    if (state === undefined || !this.running) return
    if (state.running) {
      state.again = true
      return
    }
    if (state.timer !== undefined) this.clock.clearTimeout(state.timer)
    state.timer = undefined
    state.running = true
    const run = task === 'stabilize' ? this.stabilize(v) : task === 'fixFingers' ? this.fixFingers(v) : this.checkPredecessor(v)
    void run.catch(err => { this.log.error('%s of vnode %d failed: %e', task, v.index, err) }).finally(() => {
      state.running = false
      if (this.maintenance.get(v)?.[task] !== state) return
      if (state.again) {
        state.again = false
        this.kick(v, task)
      } else {
        this.schedule(v, task)
      }
    })
  }

  // ---------------------------------------------------------------- RPC

  /**
   * Sends a ring request; requests to our own vnodes are answered locally. A peer that fails
   * to answer is forgotten by every local vnode (reactive failure handling); a vnode the peer
   * no longer hosts is forgotten alone.
   */
  private async rpc (to: PeerAddress | NodeRef, req: RingRequest): Promise<RingResponse> {
    if (to.peerId === this.peerId) return await this.handle(req)
    this.stats.rpcsSent++
    try {
      return await this.transport.request(to, this.codec, req, { timeoutMs: this.options.rpcTimeoutMs })
    } catch (err) {
      this.stats.rpcsFailed++
      if (isPeerFailure(err)) {
        this.forgetLocally(n => n.peerId === to.peerId)
      } else if ((err as RingError).code === RingErrorCode.NoSuchVnode && 'id' in to) {
        const id = to.id
        this.forgetLocally(n => n.id === id)
      }
      throw err
    }
  }

  private forgetLocally (dead: (n: NodeRef) => boolean): void {
    for (const v of this.vnodeList) {
      if (v.forget(dead)) {
        this.stats.successorChanges++
        this.kick(v, 'stabilize')
      }
    }
  }

  private async getState (node: NodeRef): Promise<RingState> {
    const res = await this.rpc(node, { type: 'getState', target: node.id })
    if (res.type !== 'state') throw new RingError('BadResponse', `unexpected ${res.type} answer to getState`)
    return res
  }

  private async isAlive (node: NodeRef): Promise<boolean> {
    try {
      await this.rpc(node, { type: 'ping', target: node.id })
      return true
    } catch {
      return false
    }
  }

  private async sleep (ms: number): Promise<void> {
    await new Promise<void>(resolve => this.clock.setTimeout(resolve, ms))
  }
}
