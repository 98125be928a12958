/**
 * Rendezvous (highest random weight) hashing, Thaler & Ravishankar 1998, for comparison with the
 * ring: every peer scores every key, the r highest scores hold it. Reference only.
 *
 * Keys and peers are given as 64-bit hashes split into two unsigned 32-bit halves, so a score
 * costs a few Math.imul instead of a cryptographic hash (a 100,000-key × 1,000-peer table is
 * 10^8 scores).
 */

/** A 64-bit hash as two unsigned 32-bit halves. */
export interface Hash64 {
  readonly hi: number
  readonly lo: number
}

/** Splits the low 64 bits of a bigint into a Hash64. */
export function toHash64 (h: bigint): Hash64 {
  return { hi: Number((h >> 32n) & 0xffffffffn), lo: Number(h & 0xffffffffn) }
}

/** MurmurHash3's 32-bit finalizer: a bijection on uint32 with full avalanche. */
function fmix32 (h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * The weight of (key, peer): a 53-bit integer-valued number, uniform over keys for a fixed peer
 * and independent across peers (fmix32 of key ⊕ peer, twice, chained). Deterministic.
 */
export function rendezvousWeight (key: Hash64, peer: Hash64): number {
  const high = fmix32((key.lo ^ peer.lo) >>> 0)
  const low = fmix32((key.hi ^ peer.hi ^ Math.imul(high, 0x9e3779b1)) >>> 0)
  return high * 2097152 + (low >>> 11) // high · 2^21 + the top 21 bits of low: exact below 2^53
}

/**
 * Indexes into `peers` of the `count` highest-weighted peers for `key`, highest first (ties:
 * lower index first). The first `r` are the key's replica set under rendezvous hashing: adding a
 * peer moves only keys it now ranks in the top r, removing one only keys it held.
 */
export function rendezvousTop (key: Hash64, peers: readonly Hash64[], count: number): number[] {
  const top: number[] = []
  const weights: number[] = []
  for (let i = 0; i < peers.length; i++) {
    const w = rendezvousWeight(key, peers[i])
    if (top.length === count && w <= weights[count - 1]) continue
    let j = Math.min(top.length, count - 1)
    if (top.length < count) { top.push(i); weights.push(w) }
    while (j > 0 && weights[j - 1] < w) {
      top[j] = top[j - 1]
      weights[j] = weights[j - 1]
      j--
    }
    top[j] = i
    weights[j] = w
  }
  return top
}
