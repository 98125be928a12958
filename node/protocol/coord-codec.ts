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
import {
  COORD_PROTOCOL, MAX_COORD_MESSAGE_BYTES, MAX_GROUP_MEMBERS, MAX_INCARNATION_CHARS, MAX_LIST_KEYS, MAX_REGISTER_BYTES,
  MAX_REGISTER_KEY_BYTES, MAX_WATCH_EVENTS, MAX_WATCH_WAIT_MS, MAX_HISTORY, MAX_HISTORY_BYTES
} from '../coord/messages.ts'
import type { Ballot, CoordRequest, CoordResponse, GroupConfig, RegisterState } from '../coord/messages.ts'
import type { Codec } from '../transport/types.ts'
import { CoordRequest as WireRequest, CoordResponse as WireResponse } from './coord.js'
import type { Ballot as WireBallot, GroupConfig as WireConfig, RegisterState as WireState } from './coord.js'
import { checkEncodedSize, decodeWire, nodeProblem, peerIdProblem, utf8Length } from './common.ts'

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
  if (state.history !== undefined) {
    if (!Array.isArray(state.history)) fail(`${field}.history: not a list`)
    if (state.history.length > MAX_HISTORY) fail(`${field}.history: more than ${MAX_HISTORY} entries`)
    let bytes = 0
    let above = state.version
    state.history.forEach((h, i) => {
      const f = `${field}.history[${i}]`
      checkObject(h, f, fail)
      const vp = registerValueProblem(h.value)
      if (vp != null) fail(`${f}.value: ${vp}`)
      checkU64(h.version, `${f}.version`, fail)
      if (h.version !== above - 1n) fail(`${f}.version: ${h.version} does not follow ${above}`)
      above = h.version
      const wp = writeIdProblem(h.writeId)
      if (wp != null) fail(`${f}.writeId: ${wp}`)
      bytes += h.value?.length ?? 0
    })
    if (bytes > MAX_HISTORY_BYTES) fail(`${field}.history: ${bytes} bytes of values, more than ${MAX_HISTORY_BYTES}`)
  }
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
  const w: WireState = { version: state.version, writeId: state.writeId, history: [] }
  if (state.value !== null) w.value = state.value as Uint8Array<ArrayBuffer>
  for (const h of state.history ?? []) {
    w.history.push(h.value === null ? { version: h.version, writeId: h.writeId } : { value: h.value as Uint8Array<ArrayBuffer>, version: h.version, writeId: h.writeId })
  }
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
  const base = { value: w.value === undefined ? null : copy(w.value), version: w.version, writeId: w.writeId }
  const state: RegisterState = w.history.length === 0
    ? base
    : { ...base, history: w.history.map(h => ({ value: h.value === undefined ? null : copy(h.value), version: h.version, writeId: h.writeId })) }
  checkState(state, field, bad)
  return state
}


function checkConfig (config: GroupConfig, field: string, fail: Fail): void {
  checkObject(config, field, fail)
  checkU64(config.epoch, `${field}.epoch`, fail)
  if (!Array.isArray(config.members)) fail(`${field}.members: not a list`)
  if (config.members.length > MAX_GROUP_MEMBERS) fail(`${field}.members: ${config.members.length} members, more than ${MAX_GROUP_MEMBERS}`)
  config.members.forEach((m, i) => {
    const f = `${field}.members[${i}]`
    checkObject(m, f, fail)
    const problem = nodeProblem(m.peerId, m.addrs, f)
    if (problem != null) fail(problem)
    checkIncarnation(m.incarnation, `${f}.incarnation`, fail)
    if (i > 0 && !(config.members[i - 1].peerId < m.peerId)) fail(`${field}.members: not sorted by peer id, or a peer listed twice`)
  })
}

function checkIncarnation (incarnation: string, field: string, fail: Fail): void {
  if (typeof incarnation !== 'string' || incarnation.length > MAX_INCARNATION_CHARS || !incarnation.isWellFormed()) {
    fail(`${field}: not a well-formed string of at most ${MAX_INCARNATION_CHARS} characters`)
  }
}

function checkWriteId (writeId: string, field: string, fail: Fail): void {
  const problem = writeIdProblem(writeId)
  if (problem != null) fail(`${field}: ${problem}`)
}

function checkUint (n: number, max: number, field: string, fail: Fail): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) fail(`${field}: ${String(n)} is not an integer in [0, ${max}]`)
}

function configToWire (config: GroupConfig, field: string): WireConfig {
  checkConfig(config, field, bug)
  return { epoch: config.epoch, members: config.members.map(m => ({ peerId: m.peerId, incarnation: m.incarnation, addrs: [...m.addrs] })) }
}

function configFromWire (w: WireConfig | undefined, field: string): GroupConfig {
  if (w == null) bad(`${field}: missing`)
  const config: GroupConfig = { epoch: w.epoch, members: w.members.map(m => ({ peerId: m.peerId, incarnation: m.incarnation, addrs: [...m.addrs] })) }
  checkConfig(config, field, bad)
  return config
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
    case 'adopt':
      return { adopt: { config: configToWire(req.config, 'adopt.config') } }
    case 'status':
      return { status: {} }
    case 'listKeys':
      checkU64(req.epoch, 'listKeys.epoch', bug)
      if (req.after !== '') checkKey(req.after, 'listKeys.after', bug)
      checkUint(req.limit, MAX_LIST_KEYS, 'listKeys.limit', bug)
      return { listKeys: { epoch: req.epoch, after: req.after, limit: req.limit } }
    case 'get':
      checkKey(req.key, 'get.key', bug)
      return { get: { key: req.key, stale: req.stale } }
    case 'put': {
      checkKey(req.key, 'put.key', bug)
      const problem = registerValueProblem(req.value)
      if (problem != null) bug(`put.value: ${problem}`)
      if (req.ifVersion !== null) checkU64(req.ifVersion, 'put.ifVersion', bug)
      checkWriteId(req.writeId, 'put.writeId', bug)
      if (req.writeId === '') bug('put.writeId: empty')
      const w: WireRequest['put'] = { key: req.key, writeId: req.writeId }
      if (req.value !== null) w.value = req.value as Uint8Array<ArrayBuffer>
      if (req.ifVersion !== null) w.ifVersion = req.ifVersion
      return { put: w }
    }
    case 'watch':
      checkKey(req.key, 'watch.key', bug)
      checkU64(req.after, 'watch.after', bug)
      checkUint(req.waitMs, MAX_WATCH_WAIT_MS, 'watch.waitMs', bug)
      return { watch: { key: req.key, after: req.after, waitMs: req.waitMs } }
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
  if (w.adopt != null) return { type: 'adopt', config: configFromWire(w.adopt.config, 'adopt.config') }
  if (w.status != null) return { type: 'status' }
  if (w.listKeys != null) {
    const l = w.listKeys
    checkU64(l.epoch, 'listKeys.epoch', bad)
    if (l.after !== '') checkKey(l.after, 'listKeys.after', bad)
    checkUint(l.limit, MAX_LIST_KEYS, 'listKeys.limit', bad)
    return { type: 'listKeys', epoch: l.epoch, after: l.after, limit: l.limit }
  }
  if (w.get != null) {
    checkKey(w.get.key, 'get.key', bad)
    return { type: 'get', key: w.get.key, stale: w.get.stale }
  }
  if (w.put != null) {
    const p = w.put
    checkKey(p.key, 'put.key', bad)
    const value = p.value === undefined ? null : copy(p.value)
    const problem = registerValueProblem(value)
    if (problem != null) bad(`put.value: ${problem}`)
    if (p.ifVersion !== undefined) checkU64(p.ifVersion, 'put.ifVersion', bad)
    checkWriteId(p.writeId, 'put.writeId', bad)
    if (p.writeId === '') bad('put.writeId: empty')
    return { type: 'put', key: p.key, value, ifVersion: p.ifVersion ?? null, writeId: p.writeId }
  }
  if (w.watch != null) {
    const x = w.watch
    checkKey(x.key, 'watch.key', bad)
    checkU64(x.after, 'watch.after', bad)
    checkUint(x.waitMs, MAX_WATCH_WAIT_MS, 'watch.waitMs', bad)
    return { type: 'watch', key: x.key, after: x.after, waitMs: x.waitMs }
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
    case 'status': {
      checkIncarnation(res.incarnation, 'status.incarnation', bug)
      const w: WireResponse['status'] = { incarnation: res.incarnation, mismatch: res.mismatch }
      if (res.config !== null) w.config = configToWire(res.config, 'status.config')
      return { status: w }
    }
    case 'keys':
      if (res.keys.length > MAX_LIST_KEYS) bug(`keys: more than ${MAX_LIST_KEYS}`)
      res.keys.forEach((k, i) => { checkKey(k, `keys.keys[${i}]`, bug) })
      return { keys: { keys: [...res.keys], more: res.more } }
    case 'entry':
      return { entry: { state: stateToWire(res.state, 'entry.state') } }
    case 'put':
      if (res.ok) {
        checkU64(res.version, 'put.version', bug)
        return { put: { ok: true, version: res.version } }
      }
      return { put: { ok: false, version: 0n, current: stateToWire(res.current, 'put.current') } }
    case 'watch':
      if (res.events.length > MAX_WATCH_EVENTS) bug(`watch.events: more than ${MAX_WATCH_EVENTS}`)
      return { watch: { events: res.events.map((e, i) => stateToWire(e, `watch.events[${i}]`)), resync: res.resync } }
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
  if (w.status != null) {
    checkIncarnation(w.status.incarnation, 'status.incarnation', bad)
    return {
      type: 'status',
      config: w.status.config == null ? null : configFromWire(w.status.config, 'status.config'),
      incarnation: w.status.incarnation,
      mismatch: w.status.mismatch
    }
  }
  if (w.keys != null) {
    if (w.keys.keys.length > MAX_LIST_KEYS) bad(`keys: more than ${MAX_LIST_KEYS}`)
    w.keys.keys.forEach((k, i) => { checkKey(k, `keys.keys[${i}]`, bad) })
    return { type: 'keys', keys: [...w.keys.keys], more: w.keys.more }
  }
  if (w.entry != null) return { type: 'entry', state: stateFromWire(w.entry.state, 'entry.state') }
  if (w.put != null) {
    if (w.put.ok) {
      checkU64(w.put.version, 'put.version', bad)
      return { type: 'put', ok: true, version: w.put.version }
    }
    return { type: 'put', ok: false, current: stateFromWire(w.put.current, 'put.current') }
  }
  if (w.watch != null) {
    if (w.watch.events.length > MAX_WATCH_EVENTS) bad(`watch.events: more than ${MAX_WATCH_EVENTS}`)
    return { type: 'watch', events: w.watch.events.map((e, i) => stateFromWire(e, `watch.events[${i}]`)), resync: w.watch.resync }
  }
  throw new BadMessageError('coord response has no known type')
}
