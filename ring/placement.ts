/**
 * Where vnodes sit on the ring and which vnodes hold a key.
 *
 * A key with id k is owned by its primary, the first vnode clockwise at or after k (so k lies
 * in (predecessor, primary]); its replica set is the primary followed by the next vnodes
 * clockwise that belong to physical peers not yet chosen (Dynamo's preference list), r in all.
 *
 * Vnode positions come from a token strategy:
 * - 'hashed': vnode i of peer p sits at hashToId(p + '\u0000' + i). Stateless, so any peer can
 *   recompute anyone's positions, but shares vary a lot (measured max/mean peer share 2.07
 *   for 100 peers × 16 vnodes).
 * - 'balanced': each new vnode splits, near its midpoint, the largest arc of the most loaded
 *   peer (in the spirit of Cassandra's token allocator, which also places new tokens to relieve
 *   the most loaded owners); measured max/mean peer share 1.13 for 100 peers × 16 vnodes.
 *   Needs the ring's current vnodes at join.
 */
import { checkM, DEFAULT_M, hashToId, ringSize, sub } from './id.ts'
import type { HasId } from './id.ts'

/** A vnode as placement sees it: a ring position and the physical peer hosting it. */
export interface Vnode extends HasId {
  readonly peerId: string
}

/** How a joining peer chooses its vnode ids. */
export type TokenStrategy = 'hashed' | 'balanced'

export const TOKEN_STRATEGIES: readonly TokenStrategy[] = Object.freeze(['hashed', 'balanced'])

/**
 * Hashed position of vnode `index` (an integer ≥ 0) of a peer: hashToId(peerId + '\u0000' +
 * decimal index, m), in [0, 2^m). The NUL separator keeps the input unambiguous (peer 'p1'
 * vnode 23 hashes 'p1\0' + '23', peer 'p12' vnode 3 hashes 'p12\0' + '3'); peer ids hold no NUL.
 */
export function vnodeId (peerId: string, index: number, m: number = DEFAULT_M): bigint {
  checkIndex(index, 'vnode index')
  return hashToId(peerId + '\u0000' + String(index), m)
}

/** Hashed positions of vnodes 0 … count − 1 of a peer, in index order (may collide for small m). */
export function vnodeIds (peerId: string, count: number, m: number = DEFAULT_M): bigint[] {
  checkIndex(count, 'vnode count')
  const ids: bigint[] = []
  for (let i = 0; i < count; i++) ids.push(vnodeId(peerId, i, m))
  return ids
}

/**
 * 'balanced' token allocation for a joining peer, one vnode at a time, given the ring's
 * current vnodes (any order; of vnodes sharing an id the first is kept). Loads are sums of
 * owned arcs, counting the splits already made. Each new vnode goes to the midpoint of the
 * largest arc (pred, end] of the most loaded other peer V (ties: smallest peerId, then
 * smallest end id) — unless taking half that arc would leave the joiner more loaded than V
 * was, or no other peer owns an arc; then it splits the joiner's own largest arc (no load
 * moves). The new id is pred + ⌊len/2⌋ + δ, len = end − pred mod 2^m (2^m for a ring of one
 * id), δ a peer-specific offset in [−⌊len/64⌋, ⌊len/64⌋] taken from vnodeId(peerId, i, m):
 * strictly inside (pred, end); at m = 160 two peers joining from one view practically never
 * pick the same id (δ is 0 on arcs shorter than 64 ids, so at small m they can).
 * On an empty ring the first id is vnodeId(peerId, 0, m). Deterministic in its inputs.
 * Assumes peers of equal capacity with similar vnode counts. Throws RangeError when the
 * chosen arc has no free id (a small, full ring).
 */
export function balancedVnodeIds (peerId: string, count: number, existing: Iterable<Vnode>, m: number = DEFAULT_M): bigint[] {
  checkM(m)
  checkIndex(count, 'vnode count')
  const size = ringSize(m)
  const byId = new Map<bigint, string>()
  for (const vnode of existing) {
    if (vnode.id < 0n || vnode.id >= size) throw new RangeError(`id ${vnode.id} is outside [0, 2^${m})`)
    if (!byId.has(vnode.id)) byId.set(vnode.id, vnode.peerId)
  }
  const placed: bigint[] = []
  if (count === 0) return placed
  if (byId.size === 0) {
    const first = vnodeId(peerId, 0, m)
    placed.push(first)
    byId.set(first, peerId)
  }

  // Arcs grouped by owning peer (the peer of the arc's end vnode), with each peer's total.
  const sortedIds = [...byId.keys()].sort(compareBigint)
  const arcsByPeer = new Map<string, Arc[]>()
  const loadByPeer = new Map<string, bigint>()
  sortedIds.forEach((end, i) => {
    const pred = sortedIds[(i + sortedIds.length - 1) % sortedIds.length]
    const owner = byId.get(end) as string
    const arc = { pred, end, length: arcLength(pred, end, m) }
    const arcs = arcsByPeer.get(owner)
    if (arcs === undefined) arcsByPeer.set(owner, [arc])
    else arcs.push(arc)
    loadByPeer.set(owner, (loadByPeer.get(owner) ?? 0n) + arc.length)
  })
  if (!arcsByPeer.has(peerId)) {
    arcsByPeer.set(peerId, [])
    loadByPeer.set(peerId, 0n)
  }

  for (let i = placed.length; i < count; i++) {
    let victim: string | undefined
    for (const [owner, load] of loadByPeer) {
      if (owner === peerId) continue
      const victimLoad = victim === undefined ? -1n : loadByPeer.get(victim) as bigint
      if (load > victimLoad || (load === victimLoad && owner < (victim as string))) victim = owner
    }
    let donor = victim ?? peerId
    let largest = largestArcIndex(arcsByPeer.get(donor) as Arc[])
    const joinerLoad = loadByPeer.get(peerId) as bigint
    const joinerArcs = arcsByPeer.get(peerId) as Arc[]
    if (victim !== undefined && joinerArcs.length > 0 &&
        joinerLoad + (arcsByPeer.get(victim) as Arc[])[largest].length / 2n > (loadByPeer.get(victim) as bigint)) {
      // Stealing would only move the peak onto us: split our own arc, no load moves.
      donor = peerId
      largest = largestArcIndex(joinerArcs)
    }
    const donorArcs = arcsByPeer.get(donor) as Arc[]
    const arc = donorArcs[largest]
    if (arc.length < 2n) {
      throw new RangeError(`the ring is full: no free id in 2^${m} for vnode ${i} of ${peerId}`)
    }
    const spread = arc.length / 64n
    const offset = vnodeId(peerId, i, m) % (2n * spread + 1n) - spread
    const id = (arc.pred + arc.length / 2n + offset) % size
    placed.push(id)
    const taken = { pred: arc.pred, end: id, length: arcLength(arc.pred, id, m) }
    const kept = { pred: id, end: arc.end, length: arcLength(id, arc.end, m) }
    donorArcs[largest] = kept
    loadByPeer.set(donor, (loadByPeer.get(donor) as bigint) - taken.length)
    ;(arcsByPeer.get(peerId) as Arc[]).push(taken)
    loadByPeer.set(peerId, (loadByPeer.get(peerId) as bigint) + taken.length)
  }
  return placed
}

/**
 * Vnode ids for a joining peer under `strategy`: 'hashed' → vnodeIds(peerId, count, m)
 * (`existing` ignored); 'balanced' → balancedVnodeIds(peerId, count, existing, m).
 */
export function allocateVnodeIds (strategy: TokenStrategy, peerId: string, count: number, existing: Iterable<Vnode>, m: number = DEFAULT_M): bigint[] {
  switch (strategy) {
    case 'hashed': return vnodeIds(peerId, count, m)
    case 'balanced': return balancedVnodeIds(peerId, count, existing, m)
    default: throw new RangeError(`unknown token strategy ${JSON.stringify(strategy)}; expected one of ${TOKEN_STRATEGIES.join(', ')}`)
  }
}

/**
 * Index in `sortedVnodes` (ascending by id) of the primary of keyId: the first vnode with
 * id ≥ keyId, wrapping to 0 past the last; −1 when there are no vnodes. O(log n).
 */
export function primaryIndexOf (keyId: bigint, sortedVnodes: readonly HasId[]): number {
  const n = sortedVnodes.length
  if (n === 0) return -1
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sortedVnodes[mid].id < keyId) lo = mid + 1
    else hi = mid
  }
  return lo === n ? 0 : lo
}

/**
 * The primary of keyId: the first vnode clockwise at or after keyId, i.e. the vnode v with
 * keyId ∈ (predecessor(v), v]; undefined for an empty ring. `sortedVnodes` ascending by id.
 */
export function primaryOf<T extends HasId> (keyId: bigint, sortedVnodes: readonly T[]): T | undefined {
  const i = primaryIndexOf(keyId, sortedVnodes)
  return i < 0 ? undefined : sortedVnodes[i]
}

/**
 * The replica set of keyId: the primary, then the next vnodes clockwise whose physical peers
 * are not yet chosen, min(r, distinct peers) vnodes in all, one per peer. With `zoneOf`,
 * a vnode whose zone is already used is skipped while some zone of the ring is still unused;
 * once every zone is used the walk restarts after the primary and fills with the nearest
 * remaining peers. Order: primary, zone-spreading picks, then fillers, each clockwise.
 * `sortedVnodes` ascending by id. O(n) walk in the worst case.
 */
export function replicaSet<T extends Vnode> (keyId: bigint, sortedVnodes: readonly T[], r: number, zoneOf?: (peerId: string) => string): T[] {
  checkIndex(r, 'replication factor r')
  const n = sortedVnodes.length
  const replicas: T[] = []
  if (n === 0 || r === 0) return replicas
  const start = primaryIndexOf(keyId, sortedVnodes)
  const chosenPeers = new Set<string>()
  const choose = (vnode: T): void => {
    replicas.push(vnode)
    chosenPeers.add(vnode.peerId)
  }

  if (zoneOf !== undefined) {
    const zoneOfPeer = new Map<string, string>()
    for (const vnode of sortedVnodes) {
      if (!zoneOfPeer.has(vnode.peerId)) zoneOfPeer.set(vnode.peerId, zoneOf(vnode.peerId))
    }
    const zoneCount = new Set(zoneOfPeer.values()).size
    const usedZones = new Set<string>()
    for (let step = 0; step < n && replicas.length < r && usedZones.size < zoneCount; step++) {
      const vnode = sortedVnodes[(start + step) % n]
      const zone = zoneOfPeer.get(vnode.peerId) as string
      if (chosenPeers.has(vnode.peerId) || usedZones.has(zone)) continue
      choose(vnode)
      usedZones.add(zone)
    }
  }

  for (let step = 0; step < n && replicas.length < r; step++) {
    const vnode = sortedVnodes[(start + step) % n]
    if (!chosenPeers.has(vnode.peerId)) choose(vnode)
  }
  return replicas
}

interface Arc {
  readonly pred: bigint
  readonly end: bigint
  readonly length: bigint
}

/** Length of the arc (pred, end]: (end − pred) mod 2^m, or 2^m when pred == end (a ring of one). */
function arcLength (pred: bigint, end: bigint, m: number): bigint {
  return pred === end ? ringSize(m) : sub(end, pred, m)
}

/** Index of the largest arc (ties: smallest end id); the list is never empty here. */
function largestArcIndex (arcs: readonly Arc[]): number {
  let largest = 0
  for (let j = 1; j < arcs.length; j++) {
    if (compareArcs(arcs[j], arcs[largest]) < 0) largest = j
  }
  return largest
}

/** Largest arc first; among equal lengths the smallest end id first. */
function compareArcs (a: Arc, b: Arc): number {
  if (a.length !== b.length) return a.length > b.length ? -1 : 1
  return compareBigint(a.end, b.end)
}

function compareBigint (a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function checkIndex (value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`)
  }
}
