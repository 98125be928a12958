/**
 * Client-side checks of everything an operation sends, so bad input fails with a typed error
 * before it costs a round trip (the peers check it all again: they trust no client).
 * Programming errors (a flags value that is not a u32, a fractional ttl) are RangeErrors;
 * data errors (a key or value from a user) are BadKeyError / TooLargeError.
 */
import { MAX_EXPTIME, MAX_GET_KEYS, MAX_VALUE_BYTES } from '../node/kv/messages.ts'
import { keyProblem } from '../node/protocol/kv-codec.ts'
import { MAX_RELATIVE_TTL_S } from './constants.ts'
import { BadKeyError, TooLargeError } from './errors.ts'

const utf8 = new TextEncoder()
const U32_MAX = 0xffff_ffff
const U64_MAX = (1n << 64n) - 1n

/**
 * Returns the key's UTF-8 bytes; throws BadKeyError unless it is a valid memcached key: 1 to
 * 250 bytes of well-formed UTF-8 without space or control characters (the rule the peers'
 * codec applies, node/protocol/kv-codec.ts keyProblem).
 */
export function checkKey (key: unknown): Uint8Array {
  if (typeof key !== 'string') throw new BadKeyError(`a key is a string, got ${typeof key}`)
  const problem = keyProblem(key)
  if (problem !== null) throw new BadKeyError(`bad key ${preview(key)}: ${problem}`)
  return utf8.encode(key)
}

/** A value as bytes (strings as UTF-8); throws TooLargeError over 1 MiB, TypeError for other types. */
export function valueBytes (value: Uint8Array | string, key: string): Uint8Array {
  let bytes: Uint8Array
  if (typeof value === 'string') bytes = utf8.encode(value)
  else if (value instanceof Uint8Array) bytes = value
  else throw new TypeError(`a value is a Uint8Array or a string, got ${typeof value}`)
  if (bytes.length > MAX_VALUE_BYTES) {
    throw new TooLargeError(`the value of ${preview(key)} is ${bytes.length} bytes, more than ${MAX_VALUE_BYTES}`)
  }
  return bytes
}

/** memcached client flags: an integer in [0, 2^32). */
export function checkFlags (flags: number | undefined): number {
  if (flags === undefined) return 0
  if (!Number.isInteger(flags) || flags < 0 || flags > U32_MAX) {
    throw new RangeError(`flags must be an integer from 0 to ${U32_MAX}, got ${String(flags)}`)
  }
  return flags
}

/**
 * A time to live in seconds (0 or absent: never expires) as a memcached exptime: relative
 * up to 30 days, beyond that the absolute Unix time it ends at (memcached reads larger
 * numbers as absolute). Throws RangeError for a negative or fractional ttl or one past 2100.
 */
export function ttlToExptime (ttl: number | undefined, nowMs: number = Date.now()): number {
  if (ttl === undefined || ttl === 0) return 0
  if (!Number.isSafeInteger(ttl) || ttl < 0) {
    throw new RangeError(`ttl must be a whole number of seconds >= 0, got ${String(ttl)}`)
  }
  if (ttl <= MAX_RELATIVE_TTL_S) return ttl
  const absolute = Math.floor(nowMs / 1000) + ttl
  if (absolute > MAX_EXPTIME) throw new RangeError(`ttl of ${ttl} s ends after the largest expiry time the ring accepts`)
  return absolute
}

/** incr/decr amount: an integer in [0, 2^64). */
export function checkDelta (delta: bigint | number): bigint {
  let n: bigint
  if (typeof delta === 'bigint') n = delta
  else if (Number.isSafeInteger(delta)) n = BigInt(delta)
  else throw new RangeError(`delta must be an integer, got ${String(delta)}`)
  if (n < 0n || n > U64_MAX) throw new RangeError(`delta must be from 0 to 2^64 - 1, got ${n}`)
  return n
}

/** A CAS unique as read by gets: an integer in [0, 2^64). */
export function checkCas (cas: bigint): bigint {
  if (typeof cas !== 'bigint' || cas < 0n || cas > U64_MAX) {
    throw new RangeError(`cas must be a bigint from 0 to 2^64 - 1, got ${String(cas)}`)
  }
  return cas
}

/** The keys of a multi-get, checked and without duplicates (first occurrence kept). */
export function checkKeys (keys: Iterable<string>): string[] {
  const unique = [...new Set(keys)]
  for (const key of unique) checkKey(key)
  return unique
}

/** The chunks of at most MAX_GET_KEYS keys a multi-get to one peer is sent in. */
export function chunks<T> (items: readonly T[], size: number = MAX_GET_KEYS): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** A key for an error message: quoted, cut at 60 characters. */
export function preview (key: string): string {
  return JSON.stringify(key.length > 60 ? key.slice(0, 60) + '…' : key)
}
