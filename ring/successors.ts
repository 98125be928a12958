/**
 * Successor lists (Chord §5.2; Zave 2012, "Using lightweight modeling to understand Chord"
 * and "How to make Chord correct"). A vnode keeps the s nodes that follow it clockwise so
 * that when its successor fails it can promote the next one at once.
 *
 * Every list produced here is ordered: strictly increasing clockwise distance from the
 * owner, no duplicates, never the owner itself. In a ring with fewer other nodes than s the
 * list is simply shorter (it does not wrap around through the owner).
 */
import { compareClockwise } from './id.ts'
import type { HasId } from './id.ts'

/**
 * The successor list a node adopts from its successor: `head`, then `list` in order, keeping
 * an entry only if its id differs from selfId and lies strictly farther clockwise from selfId
 * than the last kept entry (so duplicates, and entries that wrap past selfId, are dropped),
 * truncated to `length`. Empty when head and list hold nothing but selfId (a ring of one).
 */
export function mergeSuccessorList<T extends HasId> (selfId: bigint, head: T, list: Iterable<T>, length: number): T[] {
  checkLength(length)
  const merged: T[] = []
  const consider = (entry: T): boolean => {
    if (merged.length >= length) return false
    if (entry.id === selfId) return true
    // Zave: lists stay ordered. An entry no farther than the last kept one is either a
    // duplicate or lies past selfId (the list wrapped round a small ring).
    if (merged.length > 0 && compareClockwise(selfId, entry.id, merged[merged.length - 1].id) <= 0) return true
    merged.push(entry)
    return true
  }
  consider(head)
  for (const entry of list) {
    if (!consider(entry)) break
  }
  return merged
}

/**
 * Nodes sorted by clockwise distance from selfId in [0, 2^m) (a node at selfId first, then
 * (selfId, 2^m), then [0, selfId)), distinct by id (first occurrence in input order kept).
 */
export function sortClockwiseFrom<T extends HasId> (selfId: bigint, nodes: Iterable<T>): T[] {
  const seen = new Set<bigint>()
  const distinct: T[] = []
  for (const node of nodes) {
    if (seen.has(node.id)) continue
    seen.add(node.id)
    distinct.push(node)
  }
  return distinct.sort((a, b) => compareClockwise(selfId, a.id, b.id))
}

/**
 * The ideal successor list of selfId given the whole ring: the first `length` distinct nodes
 * strictly after selfId going clockwise, wrapping past 2^m − 1 to 0, never selfId itself.
 * `sortedNodes` must be sorted by ascending id (duplicates allowed); selfId need not be in it.
 */
export function successorListFromView<T extends HasId> (selfId: bigint, sortedNodes: readonly T[], length: number): T[] {
  checkLength(length)
  const n = sortedNodes.length
  const first = firstIndexAfter(sortedNodes, selfId)
  const seen = new Set<bigint>()
  const successors: T[] = []
  for (let step = 0; step < n && successors.length < length; step++) {
    const node = sortedNodes[(first + step) % n]
    if (node.id === selfId || seen.has(node.id)) continue
    seen.add(node.id)
    successors.push(node)
  }
  return successors
}

/** Index of the first node with id > `id` in an ascending array, or length when none. */
function firstIndexAfter (sortedNodes: readonly HasId[], id: bigint): number {
  let lo = 0
  let hi = sortedNodes.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sortedNodes[mid].id <= id) lo = mid + 1
    else hi = mid
  }
  return lo
}

function checkLength (length: number): void {
  if (!(length === Infinity || (Number.isInteger(length) && length >= 0))) {
    throw new RangeError(`successor list length must be a non-negative integer, got ${length}`)
  }
}
