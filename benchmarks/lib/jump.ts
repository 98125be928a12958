/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014), as the paper's C++ code, for comparison with the ring. Reference only: chordkv does not
 * use it (buckets must be numbered 0 … n − 1, so only the last one can leave cheaply).
 */

const MULTIPLIER = 2862933555777941757n
const TWO_POW_31 = 2 ** 31

/**
 * The bucket in [0, buckets) of a 64-bit key (bigint, taken mod 2^64); going from n to n + 1
 * buckets moves exactly the keys that land in bucket n, about 1/(n + 1) of them.
 */
export function jumpHash (key: bigint, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer, got ${buckets}`)
  let k = BigInt.asUintN(64, key)
  let b = -1
  let j = 0
  while (j < buckets) {
    b = j
    k = BigInt.asUintN(64, k * MULTIPLIER + 1n)
    j = Math.floor((b + 1) * (TWO_POW_31 / (Number(k >> 33n) + 1)))
  }
  return b
}
