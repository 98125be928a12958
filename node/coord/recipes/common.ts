/**
 * What every recipe shares: its tunables, input validation, the JSON register encoding
 * (bigints as decimal strings) and a compare-and-set that rides out transient failures.
 */
import type { CoordApi, CoordEntry } from '../api.ts'
import { CoordError } from '../errors.ts'
import { CoordErrorCode, MAX_REGISTER_BYTES } from '../messages.ts'
import type { Clock } from '../../transport/types.ts'
import { CorruptStateError, InvalidInputError, RecipeAbortedError } from './errors.ts'

/** Longest lock, election, group, member or key name, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 200
/** Shortest lease TTL, ms. */
export const MIN_TTL_MS = 100
/** Longest lease TTL, ms (1 h). */
export const MAX_TTL_MS = 3_600_000
/**
 * Clock-rate allowance ε: a contender or reaper waits TTL·(1 + ε) of its own monotonic time
 * after it last saw a lease change before it ends the lease (the holder gives up after TTL of
 * its own). Safe as long as no two clocks' rates differ by more than ε.
 */
export const DEFAULT_DRIFT_EPSILON = 0.1
/** Renew a lease this many times per TTL (every TTL/3). */
export const RENEWALS_PER_TTL = 3
/** Largest member meta or election value, in bytes. */
export const MAX_META_BYTES = 4096
/** Most tickets (holder + waiters + recently ended) one lock keeps; also its slot registers. */
export const MAX_LOCK_QUEUE = 256
/** Most members of one group. */
export const MAX_GROUP_MEMBERS = 512
/** Attempts of a compare-and-set that failed with Unavailable/Indeterminate before giving up. */
export const CAS_ATTEMPTS = 5

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

/** Throws InvalidName unless `name` is 1..MAX_NAME_BYTES bytes of well-formed text without control characters. */
export function checkName (name: unknown, what: string): string {
  if (typeof name !== 'string') throw new InvalidInputError('InvalidName', `${what} must be a string`)
  if (name.length === 0) throw new InvalidInputError('InvalidName', `${what} must not be empty`)
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      throw new InvalidInputError('InvalidName', `${what} has a control character (U+${c.toString(16).padStart(4, '0')}) at index ${i}`)
    }
  }
  if (!name.isWellFormed()) throw new InvalidInputError('InvalidName', `${what} is not well-formed text (lone surrogate)`)
  const bytes = utf8.encode(name).length
  if (bytes > MAX_NAME_BYTES) throw new InvalidInputError('InvalidName', `${what} is ${bytes} bytes, more than ${MAX_NAME_BYTES}`)
  return name
}

/** Throws InvalidTtl unless `ttlMs` is an integer in [MIN_TTL_MS, MAX_TTL_MS]. */
export function checkTtl (ttlMs: unknown): number {
  if (typeof ttlMs !== 'number' || !Number.isInteger(ttlMs) || ttlMs < MIN_TTL_MS || ttlMs > MAX_TTL_MS) {
    throw new InvalidInputError('InvalidTtl', `ttlMs must be an integer from ${MIN_TTL_MS} to ${MAX_TTL_MS}, got ${String(ttlMs)}`)
  }
  return ttlMs
}

/** Throws InvalidArgument unless `v` is undefined or a bigint ≥ 0. */
export function checkVersion (v: unknown, what: string): bigint | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'bigint' || v < 0n) throw new InvalidInputError('InvalidArgument', `${what} must be a bigint ≥ 0`)
  return v
}

/** Bytes of a value given as bytes or text; TooLarge beyond `maxBytes`. */
export function toBytes (value: unknown, maxBytes: number, what: string): Uint8Array {
  let bytes: Uint8Array
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new InvalidInputError('InvalidArgument', `${what} is not well-formed text (lone surrogate)`)
    bytes = utf8.encode(value)
  } else if (value instanceof Uint8Array) {
    bytes = value
  } else {
    throw new InvalidInputError('InvalidArgument', `${what} must be a string or a Uint8Array`)
  }
  if (bytes.length > maxBytes) throw new InvalidInputError('TooLarge', `${what} is ${bytes.length} bytes, more than ${maxBytes}`)
  return bytes
}

export function encodeJson (doc: unknown): Uint8Array {
  const bytes = utf8.encode(JSON.stringify(doc))
  // Recipes bound their documents before they get here; this is the last line of defence.
  if (bytes.length > MAX_REGISTER_BYTES) throw new CoordError(CoordErrorCode.TooLarge, `document of ${bytes.length} bytes exceeds ${MAX_REGISTER_BYTES}`)
  return bytes
}

/** Parses a recipe register (null stays null); CorruptStateError when it is not JSON. */
export function decodeJson (key: string, value: Uint8Array | null): unknown {
  if (value === null) return null
  try {
    return JSON.parse(utf8Decoder.decode(value))
  } catch {
    throw new CorruptStateError(key, 'not a JSON document')
  }
}

/** A decimal bigint field of a recipe document. */
export function bigField (key: string, doc: Record<string, unknown>, field: string): bigint {
  const s = doc[field]
  if (typeof s !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(s)) throw new CorruptStateError(key, `field ${field} is not a decimal integer`)
  return BigInt(s)
}

export function stringField (key: string, doc: Record<string, unknown>, field: string): string {
  const s = doc[field]
  if (typeof s !== 'string') throw new CorruptStateError(key, `field ${field} is not a string`)
  return s
}

export function objectDoc (key: string, doc: unknown): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new CorruptStateError(key, 'not a JSON object')
  return doc as Record<string, unknown>
}

export function base64 (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

export function fromBase64 (key: string, s: unknown): Uint8Array {
  if (typeof s !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new CorruptStateError(key, 'value is not base64')
  return new Uint8Array(Buffer.from(s, 'base64'))
}

export type CasResult =
  | { readonly ok: true, readonly version: bigint }
  | { readonly ok: false, readonly current: CoordEntry }

/**
 * Write ids of one Coord: `<clientId>.<nonce>.<n>`. The register layer treats a write whose id
 * is already the register's as applied, so ids must never repeat — not even when a process
 * restarts with the same clientId: hence the random nonce per instance.
 */
export class WriteIds {
  private readonly prefix: string
  private n = 0
  constructor (clientId: string, random: () => number = Math.random) {
    this.prefix = `${clientId}.${nonce(random)}`
  }

  next (): string {
    return `${this.prefix}.${++this.n}`
  }
}

/** What the lock, election and membership recipes run with (one per Coord). */
export interface RecipeContext {
  readonly api: CoordApi
  readonly clock: Clock
  readonly random: () => number
  readonly writeIds: WriteIds
  /** Clock-rate allowance ε (DEFAULT_DRIFT_EPSILON). */
  readonly epsilon: number
  /** A fresh owner string for one acquisition or membership. */
  readonly newOwner: () => string
}

function transient (err: unknown): boolean {
  const code = (err as { code?: unknown }).code
  return code === CoordErrorCode.Unavailable || code === CoordErrorCode.Indeterminate
}

/**
 * put with ifVersion, retried with the same writeId on Unavailable/Indeterminate: a retry of a
 * write that was chosen and is still current answers ok (the register's writeId idempotence);
 * one that was chosen and then overwritten answers a mismatch, which every recipe treats as
 * "lost the race" — the conservative reading. Other errors are thrown.
 */
export async function casPut (api: CoordApi, clock: Clock, key: string, value: Uint8Array | null, ifVersion: bigint | undefined, writeId: string, attempts = CAS_ATTEMPTS): Promise<CasResult> {
  let last: unknown
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(clock, 20 * i)
    try {
      return await api.put(key, value, { ifVersion, writeId })
    } catch (err) {
      if (!transient(err)) throw err
      last = err
    }
  }
  throw last
}

/** get retried on Unavailable/Indeterminate. */
export async function getRetrying (api: CoordApi, clock: Clock, key: string, attempts = CAS_ATTEMPTS): Promise<CoordEntry> {
  let last: unknown
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(clock, 20 * i)
    try {
      return await api.get(key)
    } catch (err) {
      if (!transient(err)) throw err
      last = err
    }
  }
  throw last
}

export async function sleep (clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) { reject(abortError(signal)); return }
    const onAbort = (): void => { clock.clearTimeout(handle); reject(abortError(signal)) }
    const handle = clock.setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve() }, Math.max(0, ms))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export function abortError (signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason
  if (reason instanceof CoordError) return reason
  return new RecipeAbortedError(`aborted${reason instanceof Error ? `: ${reason.message}` : ''}`)
}

export function isTransient (err: unknown): boolean {
  return transient(err)
}

/** Whether `signal` fired (a function, so TypeScript does not narrow it across awaits). */
export function aborted (signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}

/** 10 base-36 characters (~51 bits) from `random`. */
export function nonce (random: () => number): string {
  let out = ''
  for (let i = 0; i < 10; i++) out += Math.floor(random() * 36).toString(36)
  return out
}
