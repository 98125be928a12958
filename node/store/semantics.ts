/**
 * memcached command semantics as one pure function: given what the store holds for a key and a
 * command, what to answer and what to store. No clock reads, no I/O: the caller passes the time
 * and the version the new item gets (the primary's HLC), stores `item` if there is one, and
 * replicates it. References: memcached's doc/protocol.txt and memcached 1.6 (do_store_item,
 * do_add_delta, safe_strtoull).
 */
import { MAX_RELATIVE_EXPTIME_S } from './constants.ts'
import { casUnique, type Version } from './version.ts'

/** What the store holds for a key: a value, or a tombstone left by a delete. */
export interface Item {
  readonly value: Uint8Array
  /** u32 memcached client flags. */
  readonly flags: number
  /** Absolute expiry in ms since the Unix epoch; 0 = never; <= now = expired. */
  readonly expiresAtMs: number
  readonly version: Version
  /** A tombstone: the key was deleted (or expired) at `version`. Value is empty. */
  readonly deleted?: boolean
}

/** set/add/replace: store unconditionally / only if missing / only if present. */
export interface StorageOp {
  readonly kind: 'set' | 'add' | 'replace'
  readonly value: Uint8Array
  /** u32 */
  readonly flags: number
  /** memcached exptime, seconds (see expiryToMs). */
  readonly exptime: number
}

/** append/prepend bytes to a present item; its flags and expiry stay (memcached ignores the ones sent). */
export interface ConcatOp {
  readonly kind: 'append' | 'prepend'
  readonly value: Uint8Array
}

/** Check and set: store only if the item is present and its CAS unique is `casUnique`. */
export interface CasOp {
  readonly kind: 'cas'
  readonly value: Uint8Array
  readonly flags: number
  readonly exptime: number
  /** The CAS unique the client read with gets. */
  readonly casUnique: bigint
}

export interface DeleteOp {
  readonly kind: 'delete'
}

/** incr/decr by a u64 delta. */
export interface ArithmeticOp {
  readonly kind: 'incr' | 'decr'
  readonly delta: bigint
}

/** touch (and gat): give a present item a new exptime. */
export interface TouchOp {
  readonly kind: 'touch'
  readonly exptime: number
}

export type KvOp = StorageOp | ConcatOp | CasOp | DeleteOp | ArithmeticOp | TouchOp
export type KvOpKind = KvOp['kind']

/** memcached's reply words, plus 'OK' for an incr/decr that produced a number and 'ERROR'. */
export type OpStatus = 'STORED' | 'NOT_STORED' | 'EXISTS' | 'NOT_FOUND' | 'DELETED' | 'TOUCHED' | 'OK' | 'ERROR'

/**
 * Why an op failed (status 'ERROR'). The memcached text protocol answers:
 * NonNumeric → `CLIENT_ERROR cannot increment or decrement non-numeric value`,
 * BadDelta → `CLIENT_ERROR invalid numeric delta argument`,
 * TooLarge → `SERVER_ERROR object too large for cache`,
 * BadFlags / BadExptime → `CLIENT_ERROR bad command line format`.
 */
export type OpErrorCode = 'NonNumeric' | 'BadDelta' | 'TooLarge' | 'BadFlags' | 'BadExptime'

export interface OpResult {
  readonly status: OpStatus
  /**
   * The item to store (and replicate), when the op changes what is held: the new item, or a
   * tombstone for delete. May come with status 'ERROR': a set that is too large deletes the
   * old value, as memcached 1.6 does ("avoid stale data persisting in cache").
   */
  readonly item?: Item
  /** incr/decr: the new number. */
  readonly value?: bigint
  readonly error?: OpErrorCode
}

export interface OpContext {
  /** Wall time, ms since the Unix epoch. */
  readonly nowMs: number
  /** The version a stored item gets: newer than current's (the caller's HLC observed it). */
  readonly version: Version
  /** Largest value in bytes (memcached -I). */
  readonly maxValueBytes: number
}

const U64_MAX = (1n << 64n) - 1n
const EMPTY = new Uint8Array(0)

/**
 * memcached exptime → absolute deadline in ms (protocol.txt, "Expiration times"):
 * 0 = never (returns 0); 1..2592000 (30 days) = seconds from now; larger = absolute unix time
 * in seconds (in the past = expired); negative = expired at once (returns -1). An item whose
 * deadline is <= now is expired (memcached: exptime <= current_time).
 */
export function expiryToMs (exptime: number, nowMs: number): number {
  if (exptime === 0) return 0
  if (exptime < 0) return -1
  if (exptime <= MAX_RELATIVE_EXPTIME_S) return nowMs + exptime * 1000
  return exptime * 1000
}

/** The item is a value (not a tombstone) whose deadline has not passed. */
export function isLive (item: Item | undefined, nowMs: number): item is Item {
  return item !== undefined && item.deleted !== true && !isExpired(item, nowMs)
}

/** The item has a deadline and it is <= now. */
export function isExpired (item: Item, nowMs: number): boolean {
  return item.expiresAtMs !== 0 && item.expiresAtMs <= nowMs
}

/** The tombstone a delete stores. */
export function tombstone (version: Version): Item {
  return { value: EMPTY, flags: 0, expiresAtMs: 0, version, deleted: true }
}

function isU32 (n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff
}

function isExptime (n: number): boolean {
  return Number.isSafeInteger(n)
}

function error (code: OpErrorCode, item?: Item): OpResult {
  return item === undefined ? { status: 'ERROR', error: code } : { status: 'ERROR', error: code, item }
}

/**
 * Applies one memcached command to what is held for a key. `current` may be undefined, a
 * tombstone or an expired item: all three count as missing. Pure: returns what to answer and,
 * in `item`, what to store; never mutates its arguments.
 */
export function applyOp (current: Item | undefined, op: KvOp, ctx: OpContext): OpResult {
  const live = isLive(current, ctx.nowMs) ? current : undefined
  switch (op.kind) {
    case 'set':
    case 'add':
    case 'replace':
    case 'cas': {
      if (!isU32(op.flags)) return error('BadFlags')
      if (!isExptime(op.exptime)) return error('BadExptime')
      if (op.value.length > ctx.maxValueBytes) {
        // memcached 1.6 process_update_command: a set that cannot be stored unlinks the old item.
        return error('TooLarge', op.kind === 'set' && live !== undefined ? tombstone(ctx.version) : undefined)
      }
      if (op.kind === 'add' && live !== undefined) return { status: 'NOT_STORED' }
      if (op.kind === 'replace' && live === undefined) return { status: 'NOT_STORED' }
      if (op.kind === 'cas') {
        if (live === undefined) return { status: 'NOT_FOUND' }
        if (casUnique(live.version) !== op.casUnique) return { status: 'EXISTS' }
      }
      return {
        status: 'STORED',
        item: { value: op.value, flags: op.flags, expiresAtMs: expiryToMs(op.exptime, ctx.nowMs), version: ctx.version }
      }
    }
    case 'append':
    case 'prepend': {
      if (live === undefined) return { status: 'NOT_STORED' }
      const length = live.value.length + op.value.length
      if (length > ctx.maxValueBytes) return error('TooLarge')
      const value = new Uint8Array(length)
      const [first, second] = op.kind === 'append' ? [live.value, op.value] : [op.value, live.value]
      value.set(first, 0)
      value.set(second, first.length)
      return { status: 'STORED', item: { value, flags: live.flags, expiresAtMs: live.expiresAtMs, version: ctx.version } }
    }
    case 'delete':
      if (live === undefined) return { status: 'NOT_FOUND' }
      return { status: 'DELETED', item: tombstone(ctx.version) }
    case 'incr':
    case 'decr': {
      if (typeof op.delta !== 'bigint' || op.delta < 0n || op.delta > U64_MAX) return error('BadDelta')
      if (live === undefined) return { status: 'NOT_FOUND' }
      const number = parseU64(live.value)
      if (number === undefined) return error('NonNumeric')
      const value = op.kind === 'incr'
        ? (number + op.delta) & U64_MAX
        : (op.delta > number ? 0n : number - op.delta)
      return {
        status: 'OK',
        value,
        item: { value: formatInPlace(value, live.value.length), flags: live.flags, expiresAtMs: live.expiresAtMs, version: ctx.version }
      }
    }
    case 'touch':
      if (!isExptime(op.exptime)) return error('BadExptime')
      if (live === undefined) return { status: 'NOT_FOUND' }
      // memcached keeps the CAS unique on touch; here the version is also the replication
      // order, so a touch gets a new one or replicas would never take the new expiry.
      return { status: 'TOUCHED', item: { ...live, expiresAtMs: expiryToMs(op.exptime, ctx.nowMs), version: ctx.version } }
  }
}

// C isspace() in the "C" locale, which strtoull skips and memcached accepts after the number.
function isCSpace (byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)
}

/**
 * A stored value as memcached 1.6 reads it for incr/decr: safe_strtoull(ITEM_data(it)) on the
 * bytes followed by "\r\n". strtoull skips leading whitespace, takes an optional sign and decimal
 * digits and fails on overflow; safe_strtoull then wants whitespace or NUL after the digits and
 * refuses a '-' when the result is >= 2^63 (so "-1" fails but "-0" is 0). An empty value is
 * non-numeric (do_add_delta: nbytes <= 2). Returns undefined for non-numeric.
 */
export function parseU64 (value: Uint8Array): bigint | undefined {
  if (value.length === 0) return undefined
  let i = 0
  while (i < value.length && isCSpace(value[i]!)) i++
  let negative = false
  if (i < value.length && (value[i] === 0x2b || value[i] === 0x2d)) {
    negative = value[i] === 0x2d
    i++
  }
  const digitsAt = i
  let n = 0n
  while (i < value.length && value[i]! >= 0x30 && value[i]! <= 0x39) {
    n = n * 10n + BigInt(value[i]! - 0x30)
    if (n > U64_MAX) return undefined // ERANGE
    i++
  }
  if (i === digitsAt) return undefined // no digits: endptr == str
  // The byte after the number: end of value (memcached sees '\r'), whitespace or NUL.
  if (i < value.length && !isCSpace(value[i]!) && value[i] !== 0) return undefined
  const result = negative ? (-n) & U64_MAX : n
  if (negative && result >= (1n << 63n)) return undefined
  return result
}

/**
 * The bytes memcached leaves after incr/decr: when the decimal fits in the old value's length it
 * is written in place and padded with spaces to that length ("10" decr 1 reads back "9 "),
 * otherwise the value becomes exactly the digits (do_add_delta).
 */
export function formatInPlace (n: bigint, oldLength: number): Uint8Array {
  const digits = n.toString()
  const length = Math.max(digits.length, oldLength)
  const out = new Uint8Array(length).fill(0x20)
  for (let i = 0; i < digits.length; i++) out[i] = digits.charCodeAt(i)
  return out
}
