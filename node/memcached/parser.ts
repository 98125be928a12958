/**
 * The memcached ASCII protocol as a sans-I/O state machine: bytes in (push), commands out
 * (next). No sockets, no timers, no KV: the server feeds it what a socket reads and executes
 * what it returns; tests feed it byte strings split anywhere.
 *
 * It follows memcached 1.6's text protocol (doc/protocol.txt and the replies memcached 1.6.18
 * gives, which test/memcached checks against a real memcached):
 * - A command line ends at "\n"; a "\r" before it is dropped; a NUL ends the line early (C
 *   strings). Tokens are separated by spaces only. Command names are case-sensitive.
 * - Wrong token counts and unknown commands are `ERROR`; bad numbers and keys over 250 bytes
 *   are `CLIENT_ERROR bad command line format` (and a storage command's data block is then NOT
 *   skipped, as memcached does not skip it: the client sent a malformed request).
 * - A data block must be followed by "\r\n": the parser reads <bytes> + 2 bytes and answers
 *   `CLIENT_ERROR bad data chunk` when the last two are not "\r\n".
 * - A block announced larger than the value limit is answered
 *   `SERVER_ERROR object too large for cache` and its <bytes> + 2 bytes are swallowed.
 * - `noreply` (the last token) silences every reply of that command, errors included.
 * - A line longer than MAX_LINE_BYTES (MAX_GET_LINE_BYTES for get/gets) closes the connection.
 *
 * Differences the ring needs (see docs/memcached.md): keys must also be well-formed UTF-8 with
 * no control characters (ring keys are strings); such a key is `CLIENT_ERROR bad command line
 * format`, and a storage command's data block is skipped so the client stays in step. Numbers
 * out of their 32-bit range are refused instead of being truncated as memcached 1.6.18 does.
 */
import { keyProblem } from '../protocol/kv-codec.ts'
import {
  DEFAULT_MAX_VALUE_BYTES, MAX_GET_LINE_BYTES, MAX_LINE_BYTES, MAX_MEMCACHED_KEY_BYTES
} from './constants.ts'

export type StorageOp = 'set' | 'add' | 'replace' | 'append' | 'prepend' | 'cas'

/** get, gets, gat, gats: `keys` as sent (duplicates included), one or more. */
export interface GetCommand {
  readonly kind: 'get'
  readonly keys: readonly string[]
  /** gets/gats: answer the CAS unique too. */
  readonly withCas: boolean
  /** gat/gats: the new exptime of every hit. */
  readonly touchExptime?: number
}

export interface StoreCommand {
  readonly kind: 'store'
  readonly op: StorageOp
  readonly key: string
  /** u32 */
  readonly flags: number
  /** memcached exptime, seconds (i32). */
  readonly exptime: number
  /** cas: the CAS unique the client read. */
  readonly casUnique?: bigint
  /** A copy, never a view of the socket's buffers. */
  readonly value: Uint8Array
  readonly noreply: boolean
}

export interface DeleteCommand { readonly kind: 'delete', readonly key: string, readonly noreply: boolean }
export interface ArithmeticCommand { readonly kind: 'incr' | 'decr', readonly key: string, readonly delta: bigint, readonly noreply: boolean }
export interface TouchCommand { readonly kind: 'touch', readonly key: string, readonly exptime: number, readonly noreply: boolean }
/** flush_all [delay]: `delay` is a memcached exptime (0 = now; up to 30 days relative, else absolute). */
export interface FlushAllCommand { readonly kind: 'flush_all', readonly delay: number, readonly noreply: boolean }
export interface StatsCommand { readonly kind: 'stats', readonly args: readonly string[] }
export interface VersionCommand { readonly kind: 'version' }
export interface VerbosityCommand { readonly kind: 'verbosity', readonly level: number, readonly noreply: boolean }
/** quit, or input the connection cannot go on from (a line too long): close after earlier replies. */
export interface CloseCommand { readonly kind: 'close', readonly reason: 'quit' | 'line too long' }
/** A storage command whose block was too large: answered SERVER_ERROR; a set also drops the key (memcached does). */
export interface TooLargeCommand { readonly kind: 'too_large', readonly op: StorageOp, readonly key: string | undefined, readonly noreply: boolean }
/** A reply the parser itself decided (ERROR, CLIENT_ERROR ...), without "\r\n". */
export interface ReplyCommand { readonly kind: 'reply', readonly line: string }

export type Command =
  | GetCommand | StoreCommand | DeleteCommand | ArithmeticCommand | TouchCommand | FlushAllCommand
  | StatsCommand | VersionCommand | VerbosityCommand | CloseCommand | TooLargeCommand | ReplyCommand

export interface ParserInit {
  /** Largest data block accepted, in bytes (default 1 MiB). */
  readonly maxValueBytes?: number
  /** Longest command line, in bytes (default MAX_LINE_BYTES). */
  readonly maxLineBytes?: number
  /** Longest get/gets line, in bytes (default MAX_GET_LINE_BYTES). */
  readonly maxGetLineBytes?: number
}

export const ERROR = 'ERROR'
export const BAD_FORMAT = 'CLIENT_ERROR bad command line format'
export const BAD_DATA_CHUNK = 'CLIENT_ERROR bad data chunk'
export const TOO_LARGE = 'SERVER_ERROR object too large for cache'
export const BAD_DELTA = 'CLIENT_ERROR invalid numeric delta argument'
export const BAD_EXPTIME = 'CLIENT_ERROR invalid exptime argument'
export const BAD_DELETE = 'CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]'

const EMPTY = Buffer.alloc(0)
const NEWLINE = 0x0a
const CR = 0x0d
const SPACE = 0x20
const U32_MAX = 0xffff_ffff
const U64_MAX = (1n << 64n) - 1n
const I32_MIN = -(2 ** 31)
const I32_MAX = 2 ** 31 - 1
const UNSIGNED = /^\+?[0-9]+$/
const SIGNED = /^[+-]?[0-9]+$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A decimal u32 (memcached safe_strtoul, without its silent truncation of larger numbers). */
export function parseU32 (token: string | undefined): number | undefined {
  if (token === undefined || token.length > 11 || !UNSIGNED.test(token)) return undefined
  const n = Number(token)
  return n <= U32_MAX ? n : undefined
}

/** A decimal i32 (memcached safe_strtol, without its silent truncation). */
export function parseI32 (token: string | undefined): number | undefined {
  if (token === undefined || token.length > 12 || !SIGNED.test(token)) return undefined
  const n = Number(token)
  return n >= I32_MIN && n <= I32_MAX ? n : undefined
}

/** A decimal u64 (memcached safe_strtoull). */
export function parseU64 (token: string | undefined): bigint | undefined {
  if (token === undefined || token.length > 40 || !UNSIGNED.test(token)) return undefined
  const n = BigInt(token)
  return n <= U64_MAX ? n : undefined
}

/** Space-separated tokens of a line (memcached's tokenizer splits on ' ' only). */
export function tokenize (line: string): string[] {
  const tokens: string[] = []
  const n = line.length
  let i = 0
  while (i < n) {
    while (i < n && line.charCodeAt(i) === SPACE) i++
    if (i >= n) break
    let j = i + 1
    while (j < n && line.charCodeAt(j) !== SPACE) j++
    tokens.push(line.slice(i, j))
    i = j
  }
  return tokens
}

/** Why a key token cannot be used: 'long' (memcached's rule) or 'bad' (the ring's rules), else the key. */
type KeyResult = string | { readonly problem: 'long' | 'bad' }
const LONG = { problem: 'long' } as const
const BAD = { problem: 'bad' } as const

/** A key token (latin1: one char per byte) as the ring's key string. */
export function keyFromToken (token: string): KeyResult {
  if (token.length > MAX_MEMCACHED_KEY_BYTES) return LONG
  let ascii = true
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i)
    if (c < 0x21 || c === 0x7f) return BAD
    if (c >= 0x80) ascii = false
  }
  if (ascii) return token
  let key: string
  try {
    key = utf8.decode(Buffer.from(token, 'latin1'))
  } catch {
    return BAD
  }
  return keyProblem(key) === null ? key : BAD
}

function isGetLine (prefix: Buffer): boolean {
  let i = 0
  while (i < prefix.length && prefix[i] === SPACE) i++
  // memcached: at most 100 leading spaces, then "get " or "gets ".
  if (i > 100) return false
  const rest = prefix.toString('latin1', i, i + 5)
  return rest.startsWith('get ') || rest === 'gets '
}

type State = 'line' | 'data' | 'swallow' | 'closed'

/**
 * The incremental parser of one connection. push() bytes as they arrive; call next() until
 * it returns undefined (it needs more bytes). Holds at most one partial line (bounded by the
 * line limits) or one partial data block (bounded by the value limit) besides what was pushed
 * and not yet parsed, so a caller that stops reading while commands are pending bounds it.
 */
export class MemcachedParser {
  private readonly maxValueBytes: number
  private readonly maxLineBytes: number
  private readonly maxGetLineBytes: number
  private state: State = 'line'
  /** Unparsed input: the current chunk from `pos`. */
  private cur: Buffer = EMPTY
  private pos = 0
  /** Earlier chunks of an unfinished line (no newline in them). */
  private partial: Buffer[] = []
  private partialBytes = 0
  /** The storage command whose data block is being read, and the block so far. */
  private pendingStore: Omit<StoreCommand, 'value'> | undefined
  /** A key the ring refuses: the block is read and dropped, then BAD_FORMAT is answered. */
  private pendingBadKey = false
  private block: Uint8Array = EMPTY
  private blockFilled = 0
  private swallowLeft = 0

  constructor (init: ParserInit = {}) {
    this.maxValueBytes = init.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES
    this.maxLineBytes = init.maxLineBytes ?? MAX_LINE_BYTES
    this.maxGetLineBytes = init.maxGetLineBytes ?? MAX_GET_LINE_BYTES
  }

  /** Bytes pushed and not yet consumed (the partial line included). */
  get bufferedBytes (): number {
    return this.partialBytes + this.cur.length - this.pos + this.blockFilled
  }

  /** True once a quit or an unrecoverable input ended the stream: later bytes are ignored. */
  get closed (): boolean {
    return this.state === 'closed'
  }

  push (chunk: Uint8Array): void {
    if (this.state === 'closed' || chunk.length === 0) return
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
    if (this.pos >= this.cur.length) {
      this.cur = bytes
    } else {
      // Only happens when the caller pushes before next() drained the previous chunk.
      this.cur = Buffer.concat([this.cur.subarray(this.pos), bytes])
    }
    this.pos = 0
  }

  /** The next complete command, or undefined when more bytes are needed (or after close). */
  next (): Command | undefined {
    for (;;) {
      switch (this.state) {
        case 'closed':
          return undefined
        case 'swallow': {
          const n = Math.min(this.swallowLeft, this.cur.length - this.pos)
          this.pos += n
          this.swallowLeft -= n
          if (this.swallowLeft > 0) return undefined
          this.state = 'line'
          continue
        }
        case 'data': {
          const command = this.readBlock()
          if (command === undefined) return undefined
          if (command === null) continue
          return command
        }
        case 'line': {
          const line = this.readLine()
          if (line === undefined) return undefined
          if (typeof line !== 'string') return line
          const command = this.parseLine(line)
          if (command !== null) return command
        }
      }
    }
  }

  /** The next line as a latin1 string, undefined if incomplete, or a close command. */
  private readLine (): string | CloseCommand | undefined {
    const at = this.cur.indexOf(NEWLINE, this.pos)
    if (at === -1) {
      if (this.pos < this.cur.length) {
        this.partial.push(this.cur.subarray(this.pos))
        this.partialBytes += this.cur.length - this.pos
        this.cur = EMPTY
        this.pos = 0
      }
      if (this.partialBytes > this.maxLineBytes) {
        const head = this.partial[0].length >= 106 || this.partial.length === 1 ? this.partial[0] : Buffer.concat(this.partial)
        if (!isGetLine(head) || this.partialBytes > this.maxGetLineBytes) return this.close('line too long')
      }
      return undefined
    }
    let bytes: Buffer
    if (this.partial.length > 0) {
      this.partial.push(this.cur.subarray(this.pos, at))
      bytes = Buffer.concat(this.partial)
      this.partial = []
      this.partialBytes = 0
    } else {
      bytes = this.cur.subarray(this.pos, at)
    }
    this.pos = at + 1
    let end = bytes.length
    if (end > 0 && bytes[end - 1] === CR) end--
    if (end > this.maxLineBytes && (end > this.maxGetLineBytes || !isGetLine(bytes))) return this.close('line too long')
    const nul = bytes.indexOf(0)
    if (nul !== -1 && nul < end) end = nul
    return bytes.toString('latin1', 0, end)
  }

  private close (reason: CloseCommand['reason']): CloseCommand {
    this.state = 'closed'
    this.cur = EMPTY
    this.pos = 0
    this.partial = []
    this.partialBytes = 0
    this.block = EMPTY
    this.blockFilled = 0
    return { kind: 'close', reason }
  }

  /** Copies the data block; the command when complete, null for a dropped block, undefined for more bytes. */
  private readBlock (): Command | null | undefined {
    const need = this.block.length
    const n = Math.min(need - this.blockFilled, this.cur.length - this.pos)
    this.block.set(this.cur.subarray(this.pos, this.pos + n), this.blockFilled)
    this.pos += n
    this.blockFilled += n
    if (this.blockFilled < need) return undefined
    const block = this.block
    const header = this.pendingStore!
    const badKey = this.pendingBadKey
    this.block = EMPTY
    this.blockFilled = 0
    this.pendingStore = undefined
    this.pendingBadKey = false
    this.state = 'line'
    const chunkOk = block[need - 2] === CR && block[need - 1] === NEWLINE
    if (!chunkOk) return header.noreply ? null : { kind: 'reply', line: BAD_DATA_CHUNK }
    if (badKey) return header.noreply ? null : { kind: 'reply', line: BAD_FORMAT }
    return { ...header, value: block.subarray(0, need - 2) }
  }

  /** One command line → a command, or null when it produced nothing to answer (noreply). */
  private parseLine (line: string): Command | null {
    const tokens = tokenize(line)
    const name = tokens[0]
    // memcached: no command is shorter than two characters.
    if (name === undefined || name.length < 2) return reply(ERROR)
    const args = tokens.length - 1
    const noreply = args >= 1 && tokens[args] === 'noreply'
    const fail = (text: string): ReplyCommand | null => (noreply ? null : { kind: 'reply', line: text })
    switch (name) {
      case 'get':
      case 'gets':
      case 'gat':
      case 'gats':
        return this.parseGet(name, tokens)
      case 'set':
      case 'add':
      case 'replace':
      case 'append':
      case 'prepend':
        if (args !== 4 && args !== 5) return reply(ERROR)
        return this.parseStorage(name, tokens, noreply, fail)
      case 'cas':
        if (args !== 5 && args !== 6) return reply(ERROR)
        return this.parseStorage(name, tokens, noreply, fail)
      case 'incr':
      case 'decr': {
        if (args !== 2 && args !== 3) return reply(ERROR)
        const key = keyFromToken(tokens[1])
        if (typeof key !== 'string') return fail(BAD_FORMAT)
        const delta = parseU64(tokens[2])
        if (delta === undefined) return fail(BAD_DELTA)
        return { kind: name, key, delta, noreply }
      }
      case 'touch': {
        if (args !== 2 && args !== 3) return reply(ERROR)
        const key = keyFromToken(tokens[1])
        if (typeof key !== 'string') return fail(BAD_FORMAT)
        const exptime = parseI32(tokens[2])
        if (exptime === undefined) return fail(BAD_EXPTIME)
        return { kind: 'touch', key, exptime, noreply }
      }
      case 'delete': {
        if (args < 1 || args > 3) return reply(ERROR)
        if (args > 1) {
          // memcached accepts a legacy hold time of "0" and noreply, nothing else.
          const holdIsZero = tokens[2] === '0'
          const valid = (args === 2 && (holdIsZero || noreply)) || (args === 3 && holdIsZero && noreply)
          if (!valid) return fail(BAD_DELETE)
        }
        const key = keyFromToken(tokens[1])
        if (typeof key !== 'string') return fail(BAD_FORMAT)
        return { kind: 'delete', key, noreply }
      }
      case 'flush_all': {
        if (args > 2) return reply(ERROR)
        let delay = 0
        if (args !== (noreply ? 1 : 0)) {
          const parsed = parseI32(tokens[1])
          if (parsed === undefined) return fail(BAD_EXPTIME)
          delay = parsed
        }
        return { kind: 'flush_all', delay, noreply }
      }
      case 'stats':
        return { kind: 'stats', args: tokens.slice(1) }
      case 'version':
        return { kind: 'version' }
      case 'verbosity': {
        if (args !== 1 && args !== 2) return reply(ERROR)
        const level = parseU32(tokens[1])
        if (level === undefined) return fail(BAD_FORMAT)
        return { kind: 'verbosity', level, noreply }
      }
      case 'quit':
        return this.close('quit')
      default:
        return reply(ERROR)
    }
  }

  private parseGet (name: 'get' | 'gets' | 'gat' | 'gats', tokens: readonly string[]): Command {
    if (tokens.length < 2) return reply(ERROR)
    const touch = name === 'gat' || name === 'gats'
    let first = 1
    let touchExptime: number | undefined
    if (touch) {
      touchExptime = parseI32(tokens[1])
      if (touchExptime === undefined) return reply(BAD_EXPTIME)
      first = 2
    }
    const keys: string[] = []
    for (let i = first; i < tokens.length; i++) {
      const key = keyFromToken(tokens[i])
      // memcached answers only the error, dropping the hits it found before the bad key.
      if (typeof key !== 'string') return reply(BAD_FORMAT)
      keys.push(key)
    }
    const withCas = name === 'gets' || name === 'gats'
    return touchExptime === undefined ? { kind: 'get', keys, withCas } : { kind: 'get', keys, withCas, touchExptime }
  }

  private parseStorage (op: StorageOp, tokens: readonly string[], noreply: boolean, fail: (text: string) => ReplyCommand | null): Command | null {
    const key = keyFromToken(tokens[1])
    if (key === LONG) return fail(BAD_FORMAT)
    const flags = parseU32(tokens[2])
    const exptime = parseI32(tokens[3])
    const length = parseI32(tokens[4])
    if (flags === undefined || exptime === undefined || length === undefined) return fail(BAD_FORMAT)
    let casUnique: bigint | undefined
    if (op === 'cas') {
      casUnique = parseU64(tokens[5])
      if (casUnique === undefined) return fail(BAD_FORMAT)
    }
    if (length < 0) return fail(BAD_FORMAT)
    if (length > this.maxValueBytes) {
      this.state = 'swallow'
      this.swallowLeft = length + 2
      // Returned even with noreply: a set still drops the key (memcached does), silently.
      return { kind: 'too_large', op, key: typeof key === 'string' ? key : undefined, noreply }
    }
    this.state = 'data'
    this.block = new Uint8Array(length + 2)
    this.blockFilled = 0
    this.pendingBadKey = typeof key !== 'string'
    this.pendingStore = {
      kind: 'store',
      op,
      key: typeof key === 'string' ? key : '',
      flags,
      exptime,
      noreply,
      ...(casUnique !== undefined ? { casUnique } : {})
    }
    return null
  }
}

function reply (line: string): ReplyCommand {
  return { kind: 'reply', line }
}
