/**
 * Chord finger tables (Stoica et al. 2001, §4.3): finger i of node n starts at n + 2^i and
 * points at the successor of that start. Routing forwards a lookup for key k to the known
 * node that most closely precedes k, i.e. the one in (n, k) farthest clockwise from n.
 *
 * Pure functions over bigint ids; candidates are any objects with a bigint `id`.
 */
import { add, checkM, compareClockwise, DEFAULT_M, inOpen } from './id.ts'
import type { HasId } from './id.ts'

/** The start of finger i of `id`: (id + 2^i) mod 2^m, for an integer i in [0, m). */
export function fingerStart (id: bigint, i: number, m: number = DEFAULT_M): bigint {
  checkM(m)
  if (!Number.isInteger(i) || i < 0 || i >= m) {
    throw new RangeError(`finger index must be an integer in [0, ${m}), got ${i}`)
  }
  return add(id, 1n << BigInt(i), m)
}

/** All m finger starts of `id`, finger 0 first: [(id + 2^0) mod 2^m, …, (id + 2^(m−1)) mod 2^m]. */
export function fingerStarts (id: bigint, m: number = DEFAULT_M): bigint[] {
  checkM(m)
  const starts: bigint[] = []
  for (let i = 0; i < m; i++) starts.push(add(id, 1n << BigInt(i), m))
  return starts
}

/**
 * The candidate whose id lies in the open interval (self, key) closest to key (farthest
 * clockwise from self), or undefined when none does. When self == key the interval is the
 * whole circle except self. Candidates may come in any order and repeat.
 */
export function closestPreceding<T extends HasId> (key: bigint, self: bigint, candidates: Iterable<T>): T | undefined {
  let best: T | undefined
  for (const candidate of candidates) {
    if (!inOpen(candidate.id, self, key)) continue
    if (best === undefined || compareClockwise(self, candidate.id, best.id) > 0) best = candidate
  }
  return best
}

/**
 * Candidates with ids in the open interval (self, key), distinct by id (first occurrence
 * kept), best first (closest to key, i.e. farthest clockwise from self), at most `limit` of
 * them: the order in which an iterative lookup tries next hops when one is dead.
 */
export function closestPrecedingList<T extends HasId> (key: bigint, self: bigint, candidates: Iterable<T>, limit: number = Infinity): T[] {
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    throw new RangeError(`limit must be a non-negative integer or Infinity, got ${limit}`)
  }
  const seen = new Set<bigint>()
  const inRange: T[] = []
  for (const candidate of candidates) {
    if (seen.has(candidate.id) || !inOpen(candidate.id, self, key)) continue
    seen.add(candidate.id)
    inRange.push(candidate)
  }
  inRange.sort((a, b) => compareClockwise(self, b.id, a.id))
  return limit < inRange.length ? inRange.slice(0, limit) : inRange
}

/**
 * Finger entries in order with each entry that has the same id as the previous kept entry
 * removed (consecutive fingers usually point at the same node); null/undefined slots
 * (fingers not yet fixed) are skipped.
 */
export function distinctFingers<T extends HasId> (fingers: Iterable<T | null | undefined>): T[] {
  const distinct: T[] = []
  for (const finger of fingers) {
    if (finger == null) continue
    if (distinct.length > 0 && distinct[distinct.length - 1].id === finger.id) continue
    distinct.push(finger)
  }
  return distinct
}
