/**
 * The coordination protocol's codec: node/coord/messages.ts plain objects <-> coord.proto bytes.
 *
 * Everything that arrives is untrusted, so decoding validates the whole shape before any
 * value reaches an acceptor or proposer: exactly one known message type, required ballots and
 * states present, register keys (1..MAX_REGISTER_KEY_BYTES UTF-8 bytes, no control
 * character), proposer ids (1..MAX_PEER_ID_BYTES bytes), write ids (0..MAX_WRITE_ID_CHARS
 * UTF-16 code units), well-formed strings, values within MAX_REGISTER_BYTES and u64 counters,
 * versions and epochs. A register's value keeps the difference between null (no value: the
 * field is absent) and an empty value (present, zero bytes); a promise's `accepted` keeps the
 * difference between null (absent) and a state. Any violation is a BadMessageError (or a
 * TooLargeError for the total size) naming the offending field. Encoding applies the same
 * rules and throws a RangeError, since sending a malformed message is a bug of the caller.
 *
 * Decoded values are copies, never views of the message buffer.
 */
import { BadMessageError } from '../transport/errors.ts'
import { COORD_PROTOCOL, MAX_COORD_MESSAGE_BYTES, MAX_REGISTER_BYTES, MAX_REGISTER_KEY_BYTES } from '../coord/messages.ts'
import type { Ballot, CoordRequest, CoordResponse, RegisterState } from '../coord/messages.ts'
import type { Codec } from '../transport/types.ts'
import { CoordRequest as WireRequest, CoordResponse as WireResponse } from './coord.js'
import type { Ballot as WireBallot, RegisterState as WireState } from './coord.js'
import { checkEncodedSize, decodeWire, peerIdProblem, utf8Length } from './common.ts'

/** Longest write id, in UTF-16 code units (as node/coord/register.ts counts them). */
export const MAX_WRITE_ID_CHARS = 128

/**
 * What is wrong with a register key, or null: it must be 1..MAX_REGISTER_KEY_BYTES bytes of
 * UTF-8 (well-formed: no lone surrogates) with no control character (U+0000..U+001F,
 * U+007F..U+009F). Spaces and other printable characters are fine. For the coordination
 * service and its clients to check keys before use; the codec rejects the same keys.
 */
export function registerKeyProblem (key: string): string | null {
  if (typeof key !== 'string') return 'key is not a string'
  if (key.length === 0) return 'key is empty'
  // A UTF-8 encoding is never shorter than the string's UTF-16 length.
  if (key.length > MAX_REGISTER_KEY_BYTES) return `key is more than ${MAX_REGISTER_KEY_BYTES} bytes`
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return `key has a control character (U+${c.toString(16).padStart(4, '0')}) at index ${i}`
    }
  }
  if (!key.isWellFormed()) return 'key is not well-formed UTF-16 (lone surrogate)'
  const bytes = utf8Length(key)
  if (bytes > MAX_REGISTER_KEY_BYTES) return `key is ${bytes} bytes, more than ${MAX_REGISTER_KEY_BYTES}`
  return null
}

/** What is wrong with a register value, or null: null, or a Uint8Array of at most MAX_REGISTER_BYTES. */
export function registerValueProblem (value: Uint8Array | null): string | null {
  if (value === null) return null
  if (!(value instanceof Uint8Array)) return 'value is not a Uint8Array or null'
  if (value.length > MAX_REGISTER_BYTES) return `value is ${value.length} bytes, more than ${MAX_REGISTER_BYTES}`
  return null
}

/** What is wrong with a write id, or null: a well-formed string of 0..MAX_WRITE_ID_CHARS code units. */
export function writeIdProblem (writeId: string): string | null {
  if (typeof writeId !== 'string') return 'writeId is not a string'
  if (writeId.length > MAX_WRITE_ID_CHARS) return `writeId is ${writeId.length} characters, more than ${MAX_WRITE_ID_CHARS}`
  if (!writeId.isWellFormed()) return 'writeId is not well-formed UTF-16 (lone surrogate)'
  return null
}

/** The codec for COORD_PROTOCOL. */
export function coordCodec (): Codec<CoordRequest, CoordResponse> {
  return {
    protocol: COORD_PROTOCOL,
    maxMessageBytes: MAX_COORD_MESSAGE_BYTES,
    encodeRequest: req => checkEncodedSize(WireRequest.encode(requestToWire(req)), MAX_COORD_MESSAGE_BYTES, 'coord request'),
    decodeRequest: bytes => requestFromWire(
      decodeWire(bytes, b => WireRequest.decode(b), MAX_COORD_MESSAGE_BYTES, 'coord request')),
    encodeResponse: res => checkEncodedSize(WireResponse.encode(responseToWire(res)), MAX_COORD_MESSAGE_BYTES, 'coord response'),
    decodeResponse: bytes => responseFromWire(
      decodeWire(bytes, b => WireResponse.decode(b), MAX_COORD_MESSAGE_BYTES, 'coord response'))
  }
}

// ---- field checks, shared by both directions ----

/** Throws: a BadMessageError when decoding, a RangeError when encoding. */
type Fail = (message: string) => never
const bad: Fail = message => { throw new BadMessageError(message) }
const bug: Fail = message => { throw new RangeError(message) }

const U64_LIMIT = 1n << 64n

function checkU64 (n: bigint, field: string, fail: Fail): void {
  if (typeof n !== 'bigint' || n < 0n || n >= U64_LIMIT) fail(`${field}: ${String(n)} is not a u64`)
}

function checkObject (o: unknown, field: string, fail: Fail): void {
  if (o == null || typeof o !== 'object') fail(`${field}: missing`)
}

function checkKey (key: string, field: string, fail: Fail): void {
  const problem = registerKeyProblem(key)
  if (problem != null) fail(`${field}: ${problem}`)
}

function checkBallot (ballot: Ballot, field: string, fail: Fail): void {
  checkObject(ballot, field, fail)
  checkU64(ballot.counter, `${field}.counter`, fail)
  const problem = peerIdProblem(ballot.proposer, `${field}.proposer`)
  if (problem != null) fail(problem)
  if (!ballot.proposer.isWellFormed()) fail(`${field}.proposer: not well-formed UTF-16 (lone surrogate)`)
}

function checkState (state: RegisterState, field: string, fail: Fail): void {
  checkObject(state, field, fail)
  const valueProblem = registerValueProblem(state.value)
  if (valueProblem != null) fail(`${field}.value: ${valueProblem}`)
  checkU64(state.version, `${field}.version`, fail)
  const writeProblem = writeIdProblem(state.writeId)
  if (writeProblem != null) fail(`${field}.writeId: ${writeProblem}`)
}

/**
 * A plain Uint8Array copy, so that a decoded value does not keep the whole message buffer
 * alive (protons returns views of it, and Buffer#slice would be a view too).
 */
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes)

// Encoding: checked, then converted.

function ballotToWire (ballot: Ballot, field: string): WireBallot {
  checkBallot(ballot, field, bug)
  return { counter: ballot.counter, proposer: ballot.proposer }
}

function stateToWire (state: RegisterState, field: string): WireState {
  checkState(state, field, bug)
  const w: WireState = { version: state.version, writeId: state.writeId }
  if (state.value !== null) w.value = state.value as Uint8Array<ArrayBuffer>
  return w
}

// Decoding: converted (required messages must be present), then checked.

function ballotFromWire (w: WireBallot | undefined, field: string): Ballot {
  if (w == null) bad(`${field}: missing`)
  const ballot: Ballot = { counter: w.counter, proposer: w.proposer }
  checkBallot(ballot, field, bad)
  return ballot
}

function stateFromWire (w: WireState | undefined, field: string): RegisterState {
  if (w == null) bad(`${field}: missing`)
  const state: RegisterState = { value: w.value === undefined ? null : copy(w.value), version: w.version, writeId: w.writeId }
  checkState(state, field, bad)
  return state
}

// ---- requests ----

function requestToWire (req: CoordRequest): WireRequest {
  switch (req.type) {
    case 'prepare':
      checkKey(req.key, 'prepare.key', bug)
      checkU64(req.epoch, 'prepare.epoch', bug)
      return { prepare: { key: req.key, epoch: req.epoch, ballot: ballotToWire(req.ballot, 'prepare.ballot') } }
    case 'accept':
      checkKey(req.key, 'accept.key', bug)
      checkU64(req.epoch, 'accept.epoch', bug)
      return {
        accept: {
          key: req.key,
          epoch: req.epoch,
          ballot: ballotToWire(req.ballot, 'accept.ballot'),
          state: stateToWire(req.state, 'accept.state')
        }
      }
    default:
      throw new RangeError(`unknown coord request type ${JSON.stringify((req as { type: unknown }).type)}`)
  }
}

function requestFromWire (w: WireRequest): CoordRequest {
  if (w.prepare != null) {
    const p = w.prepare
    checkKey(p.key, 'prepare.key', bad)
    checkU64(p.epoch, 'prepare.epoch', bad)
    return { type: 'prepare', key: p.key, epoch: p.epoch, ballot: ballotFromWire(p.ballot, 'prepare.ballot') }
  }
  if (w.accept != null) {
    const a = w.accept
    checkKey(a.key, 'accept.key', bad)
    checkU64(a.epoch, 'accept.epoch', bad)
    return {
      type: 'accept',
      key: a.key,
      epoch: a.epoch,
      ballot: ballotFromWire(a.ballot, 'accept.ballot'),
      state: stateFromWire(a.state, 'accept.state')
    }
  }
  throw new BadMessageError('coord request has no known type')
}

// ---- responses ----

function responseToWire (res: CoordResponse): WireResponse {
  switch (res.type) {
    case 'promise': {
      const accepted = res.accepted
      if (accepted === null) return { promise: {} }
      checkObject(accepted, 'promise.accepted', bug)
      return {
        promise: {
          accepted: {
            ballot: ballotToWire(accepted.ballot, 'promise.accepted.ballot'),
            state: stateToWire(accepted.state, 'promise.accepted.state')
          }
        }
      }
    }
    case 'accepted':
      return { accepted: {} }
    case 'conflict':
      return { conflict: { promised: ballotToWire(res.promised, 'conflict.promised') } }
    default:
      throw new RangeError(`unknown coord response type ${JSON.stringify((res as { type: unknown }).type)}`)
  }
}

function responseFromWire (w: WireResponse): CoordResponse {
  if (w.promise != null) {
    const a = w.promise.accepted
    if (a == null) return { type: 'promise', accepted: null }
    return {
      type: 'promise',
      accepted: {
        ballot: ballotFromWire(a.ballot, 'promise.accepted.ballot'),
        state: stateFromWire(a.state, 'promise.accepted.state')
      }
    }
  }
  if (w.accepted != null) return { type: 'accepted' }
  if (w.conflict != null) return { type: 'conflict', promised: ballotFromWire(w.conflict.promised, 'conflict.promised') }
  throw new BadMessageError('coord response has no known type')
}
