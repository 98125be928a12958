/**
 * The Chord identifier space: m-bit unsigned integers on a circle (mod 2^m).
 *
 * Ids are bigints. Keys and vnodes are hashed with SHA-256 and truncated to the top m bits,
 * so with m = 160 an id is the first 20 bytes of the digest. Pure functions, no I/O.
 */
import { hash } from 'node:crypto'

/** Default number of identifier bits (Chord's SHA-1-sized space). */
export const DEFAULT_M = 160

/** The largest m we support: the full SHA-256 digest. */
export const MAX_M = 256

/** Anything with a position on the ring: vnodes, node references, finger entries. */
export interface HasId {
  readonly id: bigint
}

/** Throws RangeError unless m is an integer in [1, 256]. */
export function checkM (m: number): void {
  if (!Number.isInteger(m) || m < 1 || m > MAX_M) {
    throw new RangeError(`identifier bits m must be an integer in [1, ${MAX_M}], got ${m}`)
  }
}

const masks: bigint[] = []

/** 2^m - 1, cached: every id fits under it. */
function maskOf (m: number): bigint {
  return masks[m] ??= (1n << BigInt(m)) - 1n
}

/** 2^m, the size of the circle. */
export function ringSize (m: number = DEFAULT_M): bigint {
  return maskOf(m) + 1n
}

/** Bytes needed to hold an m-bit id: ceil(m / 8). */
export function idBytes (m: number = DEFAULT_M): number {
  return Math.ceil(m / 8)
}

/** The top m bits of SHA-256(data), as an id in [0, 2^m). Strings are hashed as UTF-8. */
export function hashToId (data: Uint8Array | string, m: number = DEFAULT_M): bigint {
  checkM(m)
  // crypto.hash: one call, no Hash object (about 5 × faster than createHash for short keys).
  const full = BigInt('0x' + hash('sha256', data, 'hex'))
  return full >> BigInt(MAX_M - m)
}

/** (a + b) mod 2^m. */
export function add (a: bigint, b: bigint, m: number = DEFAULT_M): bigint {
  return (a + b) & maskOf(m)
}

/** (a - b) mod 2^m: the clockwise distance from b to a. */
export function sub (a: bigint, b: bigint, m: number = DEFAULT_M): bigint {
  return (a - b) & maskOf(m)
}

/** Clockwise distance from `from` to `to`, in [0, 2^m). */
export function distance (from: bigint, to: bigint, m: number = DEFAULT_M): bigint {
  return sub(to, from, m)
}

/**
 * x ∈ (a, b] going clockwise from a. When a == b the interval is the whole circle
 * (a single node owns everything), so the answer is always true.
 */
export function inHalfOpen (x: bigint, a: bigint, b: bigint): boolean {
  if (a < b) return a < x && x <= b
  if (a > b) return x > a || x <= b
  return true
}

/**
 * x ∈ (a, b) going clockwise from a. When a == b the interval is the whole circle except a.
 */
export function inOpen (x: bigint, a: bigint, b: bigint): boolean {
  if (a < b) return a < x && x < b
  if (a > b) return x > a || x < b
  return x !== a
}

/** Lower-case hex of an id, zero-padded to idBytes(m) * 2 digits. */
export function idToHex (id: bigint, m: number = DEFAULT_M): string {
  return id.toString(16).padStart(idBytes(m) * 2, '0')
}

/** Parses hex (exactly idBytes(m) * 2 digits) into an id; throws RangeError otherwise. */
export function hexToId (hex: string, m: number = DEFAULT_M): bigint {
  if (hex.length !== idBytes(m) * 2 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new RangeError(`an id is ${idBytes(m) * 2} hex digits, got ${JSON.stringify(hex.slice(0, 80))}`)
  }
  const id = BigInt('0x' + hex)
  if (id >= ringSize(m)) throw new RangeError(`id ${hex} does not fit in ${m} bits`)
  return id
}

/** Big-endian bytes of an id, exactly idBytes(m) long. */
export function idToBytes (id: bigint, m: number = DEFAULT_M): Uint8Array {
  const n = idBytes(m)
  const out = new Uint8Array(n)
  let v = id
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/** Parses big-endian bytes (exactly idBytes(m) long) into an id; throws RangeError otherwise. */
export function bytesToId (bytes: Uint8Array, m: number = DEFAULT_M): bigint {
  if (bytes.length !== idBytes(m)) {
    throw new RangeError(`an id is ${idBytes(m)} bytes, got ${bytes.length}`)
  }
  let v = 0n
  for (const b of bytes) v = (v << 8n) | BigInt(b)
  if (v >= ringSize(m)) throw new RangeError(`id does not fit in ${m} bits`)
  return v
}

/**
 * Orders a and b by clockwise distance from `origin` (origin itself first, then ids in
 * (origin, 2^m), then ids in [0, origin)): negative when a comes first, 0 when a == b.
 * Needs no m: the order is the same in every space that holds all three ids.
 */
export function compareClockwise (origin: bigint, a: bigint, b: bigint): number {
  if (a === b) return 0
  if (a === origin) return -1
  if (b === origin) return 1
  const aWrapped = a < origin
  const bWrapped = b < origin
  if (aWrapped !== bWrapped) return aWrapped ? 1 : -1
  return a < b ? -1 : 1
}
