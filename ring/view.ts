/**
 * RingView: an immutable snapshot of the whole ring (every vnode and its physical peer), for
 * clients routing straight to a key's primary, the visualizer and the simulator. Built once
 * with RingView.from; every query is a binary search over the sorted vnodes.
 */
import { DEFAULT_M, checkM, ringSize, sub } from './id.ts'
import type { HasId } from './id.ts'
import { primaryOf, replicaSet } from './placement.ts'
import { successorListFromView } from './successors.ts'
import type { Vnode } from './placement.ts'

/** A vnode in a view: ring position, hosting peer and (optionally) its index on that peer. */
export interface RingVnode extends Vnode {
  readonly index?: number
}

export class RingView<V extends RingVnode = RingVnode> {
  /** Identifier bits of the ring. */
  readonly m: number
  /** The vnodes, ascending by id, ids distinct; the array and each entry are frozen copies. */
  readonly vnodes: readonly V[]
  readonly #peers: readonly string[]

  private constructor (m: number, vnodes: readonly V[]) {
    this.m = m
    this.vnodes = vnodes
    this.#peers = Object.freeze([...new Set(vnodes.map(v => v.peerId))].sort())
    Object.freeze(this)
  }

  /**
   * A view of `vnodes` (any order) in a 2^m ring: sorted by id; of vnodes sharing an id the
   * one with the smallest (peerId, index) is kept, so the view does not depend on input
   * order. Throws RangeError for an id outside [0, 2^m).
   */
  static from<V extends RingVnode> (vnodes: Iterable<V>, m: number = DEFAULT_M): RingView<V> {
    checkM(m)
    const size = ringSize(m)
    const byId = new Map<bigint, V>()
    for (const vnode of vnodes) {
      if (typeof vnode.id !== 'bigint' || vnode.id < 0n || vnode.id >= size) {
        throw new RangeError(`vnode id ${String(vnode.id)} is not in [0, 2^${m})`)
      }
      if (typeof vnode.peerId !== 'string') throw new TypeError('vnode peerId must be a string')
      const kept = byId.get(vnode.id)
      if (kept === undefined || precedes(vnode, kept)) byId.set(vnode.id, vnode)
    }
    const sorted = [...byId.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map(v => Object.freeze({ ...v }))
    return new RingView(m, Object.freeze(sorted))
  }

  /** This view without the vnodes of `peerId` (itself when it has none). */
  without (peerId: string): RingView<V> {
    if (!this.#peers.includes(peerId)) return this
    return new RingView(this.m, Object.freeze(this.vnodes.filter(v => v.peerId !== peerId)))
  }

  /** Number of vnodes. */
  get size (): number {
    return this.vnodes.length
  }

  /** Distinct physical peer ids, sorted. */
  peers (): string[] {
    return [...this.#peers]
  }

  /** Vnodes hosted by peerId, ascending by id (empty when the peer is not in the view). */
  vnodesOf (peerId: string): V[] {
    return this.vnodes.filter(v => v.peerId === peerId)
  }

  /** The vnode owning keyId: the first vnode at or after keyId clockwise (keyId ∈ (pred, vnode]); undefined when empty. */
  primary (keyId: bigint): V | undefined {
    return primaryOf(keyId, this.vnodes)
  }

  /** replicaSet(keyId, vnodes, r, zoneOf): primary first, then vnodes of other peers clockwise; min(r, peers) vnodes. */
  replicas (keyId: bigint, r: number, zoneOf?: (peerId: string) => string): V[] {
    return replicaSet(keyId, this.vnodes, r, zoneOf)
  }

  /** The first vnode strictly after id clockwise (wrapping; in a 1-vnode ring that vnode, even if at id); undefined when empty. */
  successor (id: bigint): V | undefined {
    const n = this.vnodes.length
    if (n === 0) return undefined
    const i = lowerBound(this.vnodes, id, true)
    return this.vnodes[i === n ? 0 : i]
  }

  /** The last vnode strictly before id clockwise (wrapping; in a 1-vnode ring that vnode, even if at id); undefined when empty. */
  predecessor (id: bigint): V | undefined {
    const n = this.vnodes.length
    if (n === 0) return undefined
    const i = lowerBound(this.vnodes, id, false)
    return this.vnodes[i === 0 ? n - 1 : i - 1]
  }

  /** The ideal successor list of id: the first `length` vnodes strictly after id clockwise, wrapping, never id itself. */
  successorList (id: bigint, length: number): V[] {
    return successorListFromView(id, this.vnodes, length)
  }

  /**
   * Fraction of the circle a vnode of this view owns: the arc (predecessor, vnode], in (0, 1];
   * 1 for the only vnode. Throws RangeError when no vnode of the view has that id.
   */
  arcShare (vnode: HasId): number {
    return this.#fraction(this.#arcLength(vnode.id))
  }

  /** Fraction of the circle each peer owns (sum of its vnodes' arcShare), by peer id sorted; sums to 1. */
  sharesByPeer (): Map<string, number> {
    const arcs = new Map<string, bigint>(this.#peers.map(p => [p, 0n]))
    for (const vnode of this.vnodes) {
      arcs.set(vnode.peerId, (arcs.get(vnode.peerId) as bigint) + this.#arcLength(vnode.id))
    }
    return new Map([...arcs].map(([peerId, arc]) => [peerId, this.#fraction(arc)]))
  }

  /** How many of keyIds each peer is primary for, every peer listed (0 included), by peer id sorted. */
  keyCountsByPeer (keyIds: Iterable<bigint>): Map<string, number> {
    const counts = new Map<string, number>(this.#peers.map(p => [p, 0]))
    if (this.vnodes.length === 0) return counts
    for (const keyId of keyIds) {
      const owner = primaryOf(keyId, this.vnodes) as V
      counts.set(owner.peerId, (counts.get(owner.peerId) as number) + 1)
    }
    return counts
  }

  /** Length of the arc (predecessor, id] owned by the vnode at id; 2^m for the only vnode. */
  #arcLength (id: bigint): bigint {
    const n = this.vnodes.length
    const i = lowerBound(this.vnodes, id, false)
    if (i === n || this.vnodes[i].id !== id) {
      throw new RangeError(`no vnode of this view has id ${id}`)
    }
    if (n === 1) return ringSize(this.m)
    return sub(id, this.vnodes[i === 0 ? n - 1 : i - 1].id, this.m)
  }

  #fraction (arc: bigint): number {
    return Number(arc) / Number(ringSize(this.m))
  }
}

/** First index whose id is > id (strict) or ≥ id (not strict); length when none. */
function lowerBound (sorted: readonly HasId[], id: bigint, strict: boolean): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const before = strict ? sorted[mid].id <= id : sorted[mid].id < id
    if (before) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Whether vnode a wins a tie on id over b: smaller peerId, then smaller index (absent first). */
function precedes (a: RingVnode, b: RingVnode): boolean {
  if (a.peerId !== b.peerId) return a.peerId < b.peerId
  return (a.index ?? -1) < (b.index ?? -1)
}
