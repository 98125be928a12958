/**
 * The routing state of one virtual node: predecessor, successor list and finger table, with
 * the state transitions Chord's maintenance applies to them. No I/O: the peer (peer.ts) does
 * the RPCs and calls these. Arrays are replaced, never mutated in place, so a list handed out
 * in a response can never change under its reader.
 */
import { inHalfOpen } from '../../ring/id.ts'
import { mergeSuccessorList } from '../../ring/successors.ts'
import { MAX_SUCCESSOR_LIST } from './constants.ts'
import type { NodeRef } from './messages.ts'
import type { VnodeSnapshot } from './types.ts'

export interface SuccessorListShape {
  /** Wanted length s. */
  readonly length: number
  /** The list is extended past s until it spans this many distinct physical peers. */
  readonly minPeers: number
  /**
   * Zones: with `selfZone` set, the list is also extended until it spans `minZones` distinct
   * zones, self's included (an entry without a zone counts as the zone ''). Without zones
   * the list stops at s entries and `minPeers` peers as before.
   */
  readonly selfZone?: string
  readonly minZones?: number
}

/**
 * Builds a successor list: `head`, then `rest` in clockwise order (ring/successors.ts:
 * no duplicates, not `selfId`); cut at `shape.length`, or later (at most MAX_SUCCESSOR_LIST)
 * while it spans fewer than `shape.minPeers` distinct peers (or, for a zoned vnode, fewer
 * than `shape.minZones` zones). Empty means "only myself".
 */
export function buildSuccessorList (selfId: bigint, head: NodeRef, rest: readonly NodeRef[], shape: SuccessorListShape): NodeRef[] {
  const merged = mergeSuccessorList(selfId, head, rest, MAX_SUCCESSOR_LIST)
  const peers = new Set<string>()
  const zoned = shape.selfZone !== undefined
  const zones = new Set<string>(zoned ? [shape.selfZone as string] : [])
  const minZones = shape.minZones ?? 0
  let n = 0
  while (n < merged.length && (n < shape.length || peers.size < shape.minPeers || (zoned && zones.size < minZones))) {
    const entry = merged[n++]
    peers.add(entry.peerId)
    if (zoned) zones.add(entry.zone ?? '')
  }
  return merged.slice(0, n)
}

export class Vnode {
  readonly index: number
  readonly self: NodeRef
  readonly m: number
  predecessor: NodeRef | null = null
  /** Never contains self; empty means this vnode believes it is alone (or lost its list). */
  successors: readonly NodeRef[] = []
  /** fingers[i] = successor(id + 2^i), or undefined while unknown. */
  fingers: Array<NodeRef | undefined>
  /** Zave: a vnode is a member once it joined with its successor's full list. */
  member = false
  /** Next finger index fix_fingers refreshes. */
  nextFinger = 0

  constructor (index: number, self: NodeRef, m: number) {
    this.index = index
    this.self = self
    this.m = m
    this.fingers = new Array(m).fill(undefined)
  }

  get id (): bigint {
    return this.self.id
  }

  /** The first successor, or self when alone. */
  successor (): NodeRef {
    return this.successors[0] ?? this.self
  }

  setSuccessors (head: NodeRef, rest: readonly NodeRef[], shape: SuccessorListShape): void {
    this.successors = buildSuccessorList(this.id, head, rest, shape)
  }

  /**
   * Forgets every reference matching `dead` (successors, fingers, predecessor).
   * Returns true when the first successor was among them (the caller stabilizes at once:
   * reactive promotion of the next entry).
   */
  forget (dead: (node: NodeRef) => boolean): boolean {
    const headLost = this.successors.length > 0 && dead(this.successors[0])
    if (this.successors.some(dead)) this.successors = this.successors.filter(n => !dead(n))
    for (let i = 0; i < this.fingers.length; i++) {
      const f = this.fingers[i]
      if (f !== undefined && dead(f)) this.fingers[i] = undefined
    }
    if (this.predecessor !== null && dead(this.predecessor)) this.predecessor = null
    return headLost
  }

  /** Sets fingers[i] and every following finger whose start also falls in (self, node]. */
  setFingersFrom (i: number, node: NodeRef, fingerStart: (i: number) => bigint): number {
    this.fingers[i] = node
    let j = i + 1
    while (j < this.m && inHalfOpen(fingerStart(j), this.id, node.id)) {
      this.fingers[j] = node
      j++
    }
    return j
  }

  /** Every node this vnode knows of (may repeat, but not the same finger twice in a row). */
  * known (): Generator<NodeRef> {
    yield * this.successors
    let last: NodeRef | undefined
    for (const f of this.fingers) {
      if (f !== undefined && f !== last) yield f
      last = f
    }
    if (this.predecessor !== null) yield this.predecessor
  }

  snapshot (): VnodeSnapshot {
    const fingers: NodeRef[] = []
    for (const f of this.fingers) {
      if (f !== undefined && fingers[fingers.length - 1]?.id !== f.id) fingers.push(f)
    }
    return {
      index: this.index,
      id: this.id,
      predecessor: this.predecessor,
      successors: this.successors.length > 0 ? this.successors : [this.self],
      fingers,
      member: this.member
    }
  }
}
