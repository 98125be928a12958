/**
 * The KV protocol's codec: node/kv/messages.ts plain objects <-> kv.proto bytes.
 *
 * Everything that arrives is untrusted, so decoding validates the whole shape before any
 * value reaches the KV layer: exactly one known message type, a known op or status, required
 * fields present, memcached keys (1..MAX_KEY_BYTES UTF-8 bytes, no space or control
 * character), values within MAX_VALUE_BYTES, u32/u64 ranges, exptimes within +-MAX_EXPTIME,
 * ids exactly idBytes(m) bytes and < 2^m, peer ids and multiaddrs within their caps, bounded
 * list lengths and total size. Any violation is a BadMessageError (or a TooLargeError for the
 * total size) naming the offending field. Encoding applies the same rules and throws a
 * RangeError, since sending a malformed message is a bug of the caller.
 *
 * Decoded values and digests are copies, never views of the (possibly large) message buffer.
 */
import { MAX_M } from '../../ring/id.ts'
import { BadMessageError } from '../transport/errors.ts'
import {
  KV_PROTOCOL, MAX_BATCH_ITEMS, MAX_BUCKETS, MAX_EXPTIME, MAX_GET_KEYS, MAX_KEY_BYTES, MAX_KV_MESSAGE_BYTES, MAX_VALUE_BYTES
} from '../kv/messages.ts'
import type { GetHit, KvOpName, KvRequest, KvResponse, KvStatus, ViewVnode, WireItem } from '../kv/messages.ts'
import { MAX_ADDRS, zoneProblem } from '../chord/messages.ts'
import type { Codec } from '../transport/types.ts'
import { KvRequest as WireRequest, KvResponse as WireResponse } from './kv.js'
import type {
  GetHit as WireGetHit, Item as WireItemMessage, MutateRequest as WireMutate, MutatedResponse as WireMutated,
  ViewVnode as WireViewVnode
} from './kv.js'
import { checkEncodedSize, decodeWire, IdCodec, nodeProblem, peerIdProblem, utf8Length } from './common.ts'

/** Largest `hops` a message may carry (the KV layer stops forwarding at MAX_FORWARD_HOPS). */
export const MAX_WIRE_HOPS = 16
/** Largest anti-entropy digest, in bytes (room for any hash up to SHA-512). */
export const MAX_DIGEST_BYTES = 64

/** Every memcached op, and whether it carries a value. */
const OPS: Record<KvOpName, { readonly value: boolean }> = {
  set: { value: true },
  add: { value: true },
  replace: { value: true },
  append: { value: true },
  prepend: { value: true },
  cas: { value: true },
  delete: { value: false },
  incr: { value: false },
  decr: { value: false },
  touch: { value: false }
}
const STATUSES: Record<KvStatus, true> = {
  STORED: true, NOT_STORED: true, EXISTS: true, NOT_FOUND: true, DELETED: true, TOUCHED: true, OK: true
}

/** All op names of a mutate request. */
export const KV_OPS: readonly KvOpName[] = Object.freeze(Object.keys(OPS) as KvOpName[])
/** All statuses of a mutated response. */
export const KV_STATUSES: readonly KvStatus[] = Object.freeze(Object.keys(STATUSES) as KvStatus[])

export function isKvOp (op: unknown): op is KvOpName {
  return typeof op === 'string' && Object.hasOwn(OPS, op)
}

export function isKvStatus (status: unknown): status is KvStatus {
  return typeof status === 'string' && Object.hasOwn(STATUSES, status)
}

/** True for the ops whose request carries a value (set/add/replace/append/prepend/cas). */
export function opTakesValue (op: KvOpName): boolean {
  return OPS[op].value
}

/**
 * What is wrong with a memcached key, or null: it must be 1..MAX_KEY_BYTES bytes of UTF-8
 * (well-formed: no lone surrogates) with no space or control character (no code unit below
 * 0x21, none equal to 0x7f). For the KV service and the client to check keys before use;
 * the codec rejects the same keys.
 */
export function keyProblem (key: string): string | null {
  if (typeof key !== 'string') return 'key is not a string'
  if (key.length === 0) return 'key is empty'
  // A UTF-8 encoding is never shorter than the string's UTF-16 length.
  if (key.length > MAX_KEY_BYTES) return `key is more than ${MAX_KEY_BYTES} bytes`
  let ascii = true
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c === 0x20) return `key has a space at index ${i}`
    if (c < 0x21 || c === 0x7f) return `key has a control character (0x${c.toString(16).padStart(2, '0')}) at index ${i}`
    if (c > 0x7f) ascii = false
  }
  // The common case: ASCII is well-formed and one byte per character.
  if (ascii) return null
  if (!key.isWellFormed()) return 'key is not well-formed UTF-16 (lone surrogate)'
  const bytes = utf8Length(key)
  if (bytes > MAX_KEY_BYTES) return `key is ${bytes} bytes, more than ${MAX_KEY_BYTES}`
  return null
}

/** What is wrong with a value, or null: it must be a Uint8Array of at most MAX_VALUE_BYTES. */
export function valueProblem (value: Uint8Array): string | null {
  if (!(value instanceof Uint8Array)) return 'value is not a Uint8Array'
  if (value.length > MAX_VALUE_BYTES) return `value is ${value.length} bytes, more than ${MAX_VALUE_BYTES}`
  return null
}

/** The codec for KV_PROTOCOL on an m-bit ring. Throws RangeError for an invalid m. */
export function kvCodec (m: number): Codec<KvRequest, KvResponse> {
  const ids = new IdCodec(checkedM(m, 'm', bug))
  return {
    protocol: KV_PROTOCOL,
    maxMessageBytes: MAX_KV_MESSAGE_BYTES,
    encodeRequest: req => checkEncodedSize(WireRequest.encode(requestToWire(req, ids)), MAX_KV_MESSAGE_BYTES, 'kv request'),
    decodeRequest: bytes => requestFromWire(
      decodeWire(bytes, b => WireRequest.decode(b, { limits: REQUEST_LIMITS }), MAX_KV_MESSAGE_BYTES, 'kv request'), ids),
    encodeResponse: res => checkEncodedSize(WireResponse.encode(responseToWire(res)), MAX_KV_MESSAGE_BYTES, 'kv response'),
    decodeResponse: bytes => responseFromWire(
      decodeWire(bytes, b => WireResponse.decode(b, { limits: RESPONSE_LIMITS }), MAX_KV_MESSAGE_BYTES, 'kv response'))
  }
}

// Caps on repeated fields, enforced by protons while decoding (before the arrays grow).
const REQUEST_LIMITS = {
  get: { keys: MAX_GET_KEYS },
  replicate: { items: MAX_BATCH_ITEMS },
  fetchBuckets: { indexes: MAX_BUCKETS }
}
const RESPONSE_LIMITS = {
  values: { hits: MAX_GET_KEYS },
  items: { items: MAX_BATCH_ITEMS },
  digests: { digests: MAX_BUCKETS },
  ringView: { vnodes$: { addrs: MAX_ADDRS } }
}

// ---- field checks, shared by both directions ----

/** Throws: a BadMessageError when decoding, a RangeError when encoding. */
type Fail = (message: string) => never
const bad: Fail = message => { throw new BadMessageError(message) }
const bug: Fail = message => { throw new RangeError(message) }

const U32_MAX = 0xffff_ffff
const U64_LIMIT = 1n << 64n

function checkedM (m: number, field: string, fail: Fail): number {
  if (!Number.isInteger(m) || m < 1 || m > MAX_M) fail(`${field}: ${String(m)} is not an integer in [1, ${MAX_M}]`)
  return m
}

function checkInt (n: number, min: number, max: number, field: string, fail: Fail): void {
  if (!Number.isInteger(n) || n < min || n > max) fail(`${field}: ${String(n)} is not an integer in [${min}, ${max}]`)
}

const checkU32 = (n: number, field: string, fail: Fail): void => checkInt(n, 0, U32_MAX, field, fail)

function checkU64 (n: bigint, field: string, fail: Fail): void {
  if (typeof n !== 'bigint' || n < 0n || n >= U64_LIMIT) fail(`${field}: ${String(n)} is not a u64`)
}

function checkBool (b: boolean, field: string, fail: Fail): void {
  if (typeof b !== 'boolean') fail(`${field}: not a boolean`)
}

const checkExptime = (n: number, field: string, fail: Fail): void => checkInt(n, -MAX_EXPTIME, MAX_EXPTIME, field, fail)

function checkKey (key: string, field: string, fail: Fail): void {
  const problem = keyProblem(key)
  if (problem != null) fail(`${field}: ${problem}`)
}

function checkValue (value: Uint8Array, field: string, fail: Fail): void {
  const problem = valueProblem(value)
  if (problem != null) fail(`${field}: ${problem}`)
}

function checkPeerId (peerId: string, field: string, fail: Fail): void {
  const problem = peerIdProblem(peerId, field)
  if (problem != null) fail(problem)
}

function checkList (list: readonly unknown[], min: number, max: number, what: string, field: string, fail: Fail): void {
  if (!Array.isArray(list)) fail(`${field}: not an array`)
  if (list.length < min || list.length > max) fail(`${field}: ${list.length} ${what}, not in [${min}, ${max}]`)
}

/** exptime (sint64 on the wire) -> seconds, within +-MAX_EXPTIME. */
function exptimeFromWire (n: bigint, field: string): number {
  if (n < BigInt(-MAX_EXPTIME) || n > BigInt(MAX_EXPTIME)) bad(`${field}: ${n} is not in [${-MAX_EXPTIME}, ${MAX_EXPTIME}]`)
  return Number(n)
}

/** An unsigned wire integer that must be a safe JavaScript integer. */
function safeFromWire (n: bigint, field: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) bad(`${field}: ${n} is more than 2^53 - 1`)
  return Number(n)
}

/**
 * A plain Uint8Array copy, so that a decoded value does not keep the whole message buffer
 * alive (protons returns views of it, and Buffer#slice would be a view too).
 */
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes)

type Writable<T> = { -readonly [K in keyof T]: T[K] }

// ---- items ----

function checkItem (item: WireItem, field: string, fail: Fail): void {
  if (item == null || typeof item !== 'object') fail(`${field}: missing`)
  checkKey(item.key, `${field}.key`, fail)
  checkValue(item.value, `${field}.value`, fail)
  checkU32(item.flags, `${field}.flags`, fail)
  checkInt(item.expiresAtMs, 0, Number.MAX_SAFE_INTEGER, `${field}.expiresAtMs`, fail)
  if (item.version == null || typeof item.version !== 'object') fail(`${field}.version: missing`)
  checkU64(item.version.hlc, `${field}.version.hlc`, fail)
  checkU32(item.version.writer, `${field}.version.writer`, fail)
  checkBool(item.deleted, `${field}.deleted`, fail)
}

function itemsToWire (items: readonly WireItem[], field: string): WireItemMessage[] {
  checkList(items, 0, MAX_BATCH_ITEMS, 'items', field, bug)
  return items.map((item, i) => {
    checkItem(item, `${field}[${i}]`, bug)
    return {
      key: item.key,
      value: item.value as Uint8Array<ArrayBuffer>,
      flags: item.flags,
      expiresAtMs: BigInt(item.expiresAtMs),
      version: { hlc: item.version.hlc, writer: item.version.writer },
      deleted: item.deleted
    }
  })
}

function itemsFromWire (ws: WireItemMessage[], field: string): WireItem[] {
  checkList(ws, 0, MAX_BATCH_ITEMS, 'items', field, bad)
  return ws.map((w, i) => {
    const f = `${field}[${i}]`
    if (w.version == null) bad(`${f}.version: missing`)
    const item: WireItem = {
      key: w.key,
      value: copy(w.value),
      flags: w.flags,
      expiresAtMs: safeFromWire(w.expiresAtMs, `${f}.expiresAtMs`),
      version: { hlc: w.version.hlc, writer: w.version.writer },
      deleted: w.deleted
    }
    checkItem(item, f, bad)
    return item
  })
}

// ---- requests ----

type MutateReq = Extract<KvRequest, { type: 'mutate' }>
type GetReq = Extract<KvRequest, { type: 'get' }>
type FetchRangeReq = Extract<KvRequest, { type: 'fetchRange' }>

/** A mutate request's op, key, per-op required fields and ranges. */
function checkMutate (req: MutateReq, fail: Fail): void {
  if (!isKvOp(req.op)) fail(`mutate.op: unknown op ${JSON.stringify(req.op)}`)
  const op = req.op
  checkKey(req.key, 'mutate.key', fail)
  if (opTakesValue(op)) {
    if (req.value === undefined) fail(`mutate.value: missing for ${op}`)
    checkValue(req.value, 'mutate.value', fail)
  } else if (req.value !== undefined) {
    fail(`mutate.value: ${op} takes no value`)
  }
  if (req.flags !== undefined) checkU32(req.flags, 'mutate.flags', fail)
  if (req.exptime !== undefined) checkExptime(req.exptime, 'mutate.exptime', fail)
  else if (op === 'touch') fail('mutate.exptime: missing for touch')
  if (req.cas !== undefined) checkU64(req.cas, 'mutate.cas', fail)
  else if (op === 'cas') fail('mutate.cas: missing for cas')
  if (req.delta !== undefined) checkU64(req.delta, 'mutate.delta', fail)
  else if (op === 'incr' || op === 'decr') fail(`mutate.delta: missing for ${op}`)
  checkInt(req.hops, 0, MAX_WIRE_HOPS, 'mutate.hops', fail)
}

function checkGet (req: GetReq, fail: Fail): void {
  checkList(req.keys, 1, MAX_GET_KEYS, 'keys', 'get.keys', fail)
  req.keys.forEach((key, i) => checkKey(key, `get.keys[${i}]`, fail))
  if (req.touchExptime !== undefined) checkExptime(req.touchExptime, 'get.touchExptime', fail)
  checkInt(req.hops, 0, MAX_WIRE_HOPS, 'get.hops', fail)
}

function checkFetchRange (req: FetchRangeReq, fail: Fail): void {
  if (req.afterKey !== undefined) checkKey(req.afterKey, 'fetchRange.afterKey', fail)
  checkInt(req.limit, 1, MAX_BATCH_ITEMS, 'fetchRange.limit', fail)
}

function checkBuckets (buckets: number, field: string, fail: Fail): void {
  checkInt(buckets, 1, MAX_BUCKETS, field, fail)
}

function checkIndexes (indexes: readonly number[], buckets: number, fail: Fail): void {
  checkList(indexes, 0, MAX_BUCKETS, 'indexes', 'fetchBuckets.indexes', fail)
  indexes.forEach((index, i) => checkInt(index, 0, buckets - 1, `fetchBuckets.indexes[${i}]`, fail))
}

function requestToWire (req: KvRequest, ids: IdCodec): WireRequest {
  switch (req.type) {
    case 'mutate': {
      checkMutate(req, bug)
      const w: WireMutate = { op: req.op, key: req.key, hops: req.hops }
      if (req.value !== undefined) w.value = req.value as Uint8Array<ArrayBuffer>
      if (req.flags !== undefined) w.flags = req.flags
      if (req.exptime !== undefined) w.exptime = BigInt(req.exptime)
      if (req.cas !== undefined) w.cas = req.cas
      if (req.delta !== undefined) w.delta = req.delta
      return { mutate: w }
    }
    case 'get':
      checkGet(req, bug)
      return {
        get: {
          keys: [...req.keys],
          touchExptime: req.touchExptime === undefined ? undefined : BigInt(req.touchExptime),
          hops: req.hops
        }
      }
    case 'replicate':
      return { replicate: { items: itemsToWire(req.items, 'replicate.items') } }
    case 'fetchRange':
      checkFetchRange(req, bug)
      return {
        fetchRange: {
          from: ids.encode(req.from, 'fetchRange.from'),
          to: ids.encode(req.to, 'fetchRange.to'),
          afterKey: req.afterKey,
          limit: req.limit
        }
      }
    case 'digest':
      checkBuckets(req.buckets, 'digest.buckets', bug)
      return { digest: { from: ids.encode(req.from, 'digest.from'), to: ids.encode(req.to, 'digest.to'), buckets: req.buckets } }
    case 'fetchBuckets':
      checkBuckets(req.buckets, 'fetchBuckets.buckets', bug)
      checkIndexes(req.indexes, req.buckets, bug)
      return {
        fetchBuckets: {
          from: ids.encode(req.from, 'fetchBuckets.from'),
          to: ids.encode(req.to, 'fetchBuckets.to'),
          buckets: req.buckets,
          indexes: [...req.indexes]
        }
      }
    case 'ringView':
      return { ringView: {} }
    case 'flush':
      return { flush: {} }
    default:
      throw new RangeError(`unknown kv request type ${JSON.stringify((req as { type: unknown }).type)}`)
  }
}

function requestFromWire (w: WireRequest, ids: IdCodec): KvRequest {
  if (w.mutate != null) {
    const m = w.mutate
    const req: Writable<MutateReq> = { type: 'mutate', op: m.op as KvOpName, key: m.key, hops: m.hops }
    if (m.value !== undefined) req.value = copy(m.value)
    if (m.flags !== undefined) req.flags = m.flags
    if (m.exptime !== undefined) req.exptime = exptimeFromWire(m.exptime, 'mutate.exptime')
    if (m.cas !== undefined) req.cas = m.cas
    if (m.delta !== undefined) req.delta = m.delta
    checkMutate(req, bad)
    return req
  }
  if (w.get != null) {
    const req: Writable<GetReq> = { type: 'get', keys: w.get.keys, hops: w.get.hops }
    if (w.get.touchExptime !== undefined) req.touchExptime = exptimeFromWire(w.get.touchExptime, 'get.touchExptime')
    checkGet(req, bad)
    return req
  }
  if (w.replicate != null) return { type: 'replicate', items: itemsFromWire(w.replicate.items, 'replicate.items') }
  if (w.fetchRange != null) {
    const f = w.fetchRange
    const req: Writable<FetchRangeReq> = {
      type: 'fetchRange', from: ids.decode(f.from, 'fetchRange.from'), to: ids.decode(f.to, 'fetchRange.to'), limit: f.limit
    }
    if (f.afterKey !== undefined) req.afterKey = f.afterKey
    checkFetchRange(req, bad)
    return req
  }
  if (w.digest != null) {
    const d = w.digest
    checkBuckets(d.buckets, 'digest.buckets', bad)
    return { type: 'digest', from: ids.decode(d.from, 'digest.from'), to: ids.decode(d.to, 'digest.to'), buckets: d.buckets }
  }
  if (w.fetchBuckets != null) {
    const f = w.fetchBuckets
    checkBuckets(f.buckets, 'fetchBuckets.buckets', bad)
    checkIndexes(f.indexes, f.buckets, bad)
    return {
      type: 'fetchBuckets',
      from: ids.decode(f.from, 'fetchBuckets.from'),
      to: ids.decode(f.to, 'fetchBuckets.to'),
      buckets: f.buckets,
      indexes: f.indexes
    }
  }
  if (w.ringView != null) return { type: 'ringView' }
  if (w.flush != null) return { type: 'flush' }
  throw new BadMessageError('kv request has no known type')
}

// ---- responses ----

type MutatedRes = Extract<KvResponse, { type: 'mutated' }>
type RingViewRes = Extract<KvResponse, { type: 'ringView' }>

function checkMutated (res: MutatedRes, fail: Fail): void {
  if (!isKvStatus(res.status)) fail(`mutated.status: unknown status ${JSON.stringify(res.status)}`)
  if (res.cas !== undefined) checkU64(res.cas, 'mutated.cas', fail)
  if (res.value !== undefined) checkU64(res.value, 'mutated.value', fail)
  checkU32(res.copies, 'mutated.copies', fail)
  checkPeerId(res.owner, 'mutated.owner', fail)
}

function checkHit (hit: GetHit, field: string, fail: Fail): void {
  if (hit == null || typeof hit !== 'object') fail(`${field}: missing`)
  checkKey(hit.key, `${field}.key`, fail)
  checkValue(hit.value, `${field}.value`, fail)
  checkU32(hit.flags, `${field}.flags`, fail)
  checkU64(hit.cas, `${field}.cas`, fail)
}

function checkDigests (digests: readonly Uint8Array[], fail: Fail): void {
  checkList(digests, 0, MAX_BUCKETS, 'digests', 'digests.digests', fail)
  digests.forEach((d, i) => {
    if (!(d instanceof Uint8Array)) fail(`digests.digests[${i}]: not a Uint8Array`)
    if (d.length > MAX_DIGEST_BYTES) fail(`digests.digests[${i}]: ${d.length} bytes, more than ${MAX_DIGEST_BYTES}`)
  })
}

function checkRingView (res: RingViewRes, fail: Fail): void {
  checkedM(res.m, 'ringView.m', fail)
  checkInt(res.replicas, 1, U32_MAX, 'ringView.replicas', fail)
  if (!Array.isArray(res.vnodes)) fail('ringView.vnodes: not an array')
}

function responseToWire (res: KvResponse): WireResponse {
  switch (res.type) {
    case 'mutated': {
      checkMutated(res, bug)
      const w: WireMutated = { status: res.status, copies: res.copies, owner: res.owner }
      if (res.cas !== undefined) w.cas = res.cas
      if (res.value !== undefined) w.value = res.value
      return { mutated: w }
    }
    case 'values':
      checkList(res.hits, 0, MAX_GET_KEYS, 'hits', 'values.hits', bug)
      checkPeerId(res.owner, 'values.owner', bug)
      return {
        values: {
          hits: res.hits.map((hit, i): WireGetHit => {
            checkHit(hit, `values.hits[${i}]`, bug)
            return { key: hit.key, value: hit.value as Uint8Array<ArrayBuffer>, flags: hit.flags, cas: hit.cas }
          }),
          owner: res.owner
        }
      }
    case 'ok':
      checkInt(res.applied, 0, MAX_BATCH_ITEMS, 'ok.applied', bug)
      return { ok: { applied: res.applied } }
    case 'items':
      checkBool(res.more, 'items.more', bug)
      return { items: { items: itemsToWire(res.items, 'items.items'), more: res.more } }
    case 'digests':
      checkDigests(res.digests, bug)
      return { digests: { digests: res.digests.map(d => d as Uint8Array<ArrayBuffer>) } }
    case 'ringView': {
      checkRingView(res, bug)
      const ids = new IdCodec(res.m)
      return {
        ringView: {
          m: res.m,
          replicas: res.replicas,
          vnodes: res.vnodes.map((v, i): WireViewVnode => {
            const field = `ringView.vnodes[${i}]`
            const problem = nodeProblem(v.peerId, v.addrs, field)
            if (problem != null) bug(problem)
            const wire: WireViewVnode = { id: ids.encode(v.id, `${field}.id`), peerId: v.peerId, addrs: [...v.addrs] }
            if (v.zone !== undefined) {
              const badZone = zoneProblem(v.zone, `${field}.zone`)
              if (badZone != null) bug(badZone)
              wire.zone = v.zone
            }
            return wire
          })
        }
      }
    }
    default:
      throw new RangeError(`unknown kv response type ${JSON.stringify((res as { type: unknown }).type)}`)
  }
}

function responseFromWire (w: WireResponse): KvResponse {
  if (w.mutated != null) {
    const m = w.mutated
    const res: Writable<MutatedRes> = { type: 'mutated', status: m.status as KvStatus, copies: m.copies, owner: m.owner }
    if (m.cas !== undefined) res.cas = m.cas
    if (m.value !== undefined) res.value = m.value
    checkMutated(res, bad)
    return res
  }
  if (w.values != null) {
    const v = w.values
    checkList(v.hits, 0, MAX_GET_KEYS, 'hits', 'values.hits', bad)
    checkPeerId(v.owner, 'values.owner', bad)
    const hits = v.hits.map((h, i): GetHit => {
      const hit: GetHit = { key: h.key, value: copy(h.value), flags: h.flags, cas: h.cas }
      checkHit(hit, `values.hits[${i}]`, bad)
      return hit
    })
    return { type: 'values', hits, owner: v.owner }
  }
  if (w.ok != null) {
    checkInt(w.ok.applied, 0, MAX_BATCH_ITEMS, 'ok.applied', bad)
    return { type: 'ok', applied: w.ok.applied }
  }
  if (w.items != null) return { type: 'items', items: itemsFromWire(w.items.items, 'items.items'), more: w.items.more }
  if (w.digests != null) {
    checkDigests(w.digests.digests, bad)
    return { type: 'digests', digests: w.digests.digests.map(copy) }
  }
  if (w.ringView != null) {
    const r = w.ringView
    checkedM(r.m, 'ringView.m', bad)
    checkInt(r.replicas, 1, U32_MAX, 'ringView.replicas', bad)
    const ids = new IdCodec(r.m)
    const vnodes = r.vnodes.map((v, i): ViewVnode => {
      const field = `ringView.vnodes[${i}]`
      const id = ids.decode(v.id, `${field}.id`)
      const problem = nodeProblem(v.peerId, v.addrs, field)
      if (problem != null) bad(problem)
      if (v.zone === undefined) return { id, peerId: v.peerId, addrs: v.addrs }
      const badZone = zoneProblem(v.zone, `${field}.zone`)
      if (badZone != null) bad(badZone)
      return { id, peerId: v.peerId, addrs: v.addrs, zone: v.zone }
    })
    return { type: 'ringView', m: r.m, replicas: r.replicas, vnodes }
  }
  throw new BadMessageError('kv response has no known type')
}
