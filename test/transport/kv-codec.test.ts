import t from 'tap'
import type { Test } from 'tap'
import fc from 'fast-check'
import assert from 'node:assert/strict'
import {
  isKvOp, isKvStatus, keyProblem, KV_OPS, KV_STATUSES, kvCodec, MAX_DIGEST_BYTES, MAX_WIRE_HOPS, opTakesValue, valueProblem
} from '../../node/protocol/kv-codec.ts'
import { KvRequest as WireRequest, KvResponse as WireResponse } from '../../node/protocol/kv.js'
import type { Item as WireItemMessage, MutateRequest as WireMutate } from '../../node/protocol/kv.js'
import {
  KV_PROTOCOL, MAX_BATCH_ITEMS, MAX_BUCKETS, MAX_EXPTIME, MAX_GET_KEYS, MAX_KEY_BYTES, MAX_KV_MESSAGE_BYTES, MAX_VALUE_BYTES
} from '../../node/kv/messages.ts'
import type { GetHit, KvRequest, KvResponse, WireItem } from '../../node/kv/messages.ts'
import { MAX_PEER_ID_BYTES } from '../../node/chord/messages.ts'
import { idToBytes, ringSize } from '../../ring/id.ts'

const M = 160
const codec = kvCodec(M)
const PEER = '12D3KooWA3B87Lmc5fcLo5w77TEXVTBEe6Ujfs9LtDJSPfLTBNWG'
const U64_MAX = 2n ** 64n - 1n
const bytes = (...b: number[]): Uint8Array<ArrayBuffer> => new Uint8Array(b)
const id = (n: bigint, m = M): Uint8Array<ArrayBuffer> => idToBytes(n, m) as Uint8Array<ArrayBuffer>

const item = (over: Partial<WireItem> = {}): WireItem => ({
  key: 'user:42', value: bytes(1, 2, 3), flags: 7, expiresAtMs: 0, version: { hlc: 123n << 16n, writer: 9 }, deleted: false, ...over
})
const wireItem = (over: Partial<WireItemMessage> = {}): WireItemMessage => ({
  key: 'k', value: new Uint8Array(0), flags: 0, expiresAtMs: 0n, version: { hlc: 1n, writer: 1 }, deleted: false, ...over
})
const wireMutate = (over: Partial<WireMutate> = {}): WireMutate => ({ op: 'set', key: 'k', value: new Uint8Array(0), hops: 0, ...over })

const requests: KvRequest[] = [
  { type: 'mutate', op: 'set', key: 'a', value: bytes(104, 105), flags: 0xffffffff, exptime: 0, hops: 0 },
  { type: 'mutate', op: 'set', key: 'empty-value', value: new Uint8Array(0), hops: 0 },
  { type: 'mutate', op: 'add', key: 'k', value: bytes(1), flags: 0, exptime: -1, hops: 3 },
  { type: 'mutate', op: 'replace', key: 'k', value: bytes(1), exptime: MAX_EXPTIME, hops: MAX_WIRE_HOPS },
  { type: 'mutate', op: 'append', key: 'ключ', value: bytes(0, 255), hops: 1 },
  { type: 'mutate', op: 'prepend', key: '𝄞', value: bytes(9), hops: 0 },
  { type: 'mutate', op: 'cas', key: 'k', value: bytes(1), flags: 1, exptime: -MAX_EXPTIME, cas: U64_MAX, hops: 0 },
  { type: 'mutate', op: 'cas', key: 'k', value: new Uint8Array(0), cas: 0n, hops: 0 },
  { type: 'mutate', op: 'delete', key: 'k', hops: 0 },
  { type: 'mutate', op: 'incr', key: 'counter', delta: 1n, hops: 0 },
  { type: 'mutate', op: 'decr', key: 'counter', delta: U64_MAX, hops: 2 },
  { type: 'mutate', op: 'touch', key: 'k', exptime: 2_592_000, hops: 0 },
  { type: 'mutate', op: 'touch', key: 'k', exptime: 0, hops: 0 },
  { type: 'get', keys: ['a'], hops: 0 },
  { type: 'get', keys: ['a', 'b', 'x'.repeat(MAX_KEY_BYTES)], touchExptime: 60, hops: 1 },
  { type: 'get', keys: ['a'], touchExptime: 0, hops: 0 },
  { type: 'get', keys: ['a'], touchExptime: -5, hops: 0 },
  { type: 'replicate', items: [] },
  { type: 'replicate', items: [item(), item({ key: 'gone', value: new Uint8Array(0), deleted: true, expiresAtMs: Number.MAX_SAFE_INTEGER, version: { hlc: U64_MAX, writer: 0xffffffff } })] },
  { type: 'fetchRange', from: 0n, to: ringSize(M) - 1n, limit: 1 },
  { type: 'fetchRange', from: 5n, to: 5n, afterKey: 'user:41', limit: MAX_BATCH_ITEMS },
  { type: 'digest', from: 1n, to: 2n, buckets: 1 },
  { type: 'digest', from: 2n ** 159n, to: 7n, buckets: MAX_BUCKETS },
  { type: 'fetchBuckets', from: 1n, to: 2n, buckets: 16, indexes: [] },
  { type: 'fetchBuckets', from: 1n, to: 2n, buckets: 16, indexes: [0, 15, 3] },
  { type: 'ringView' }
]

const responses: KvResponse[] = [
  { type: 'mutated', status: 'STORED', cas: 77n << 16n, copies: 3, owner: PEER },
  { type: 'mutated', status: 'NOT_STORED', copies: 0, owner: PEER },
  { type: 'mutated', status: 'EXISTS', copies: 1, owner: PEER },
  { type: 'mutated', status: 'NOT_FOUND', copies: 1, owner: PEER },
  { type: 'mutated', status: 'DELETED', copies: 2, owner: PEER },
  { type: 'mutated', status: 'TOUCHED', cas: 0n, copies: 2, owner: PEER },
  { type: 'mutated', status: 'OK', value: U64_MAX, cas: 5n, copies: 0xffffffff, owner: 'sim-1' },
  { type: 'mutated', status: 'STORED', value: 0n, copies: 1, owner: PEER },
  { type: 'values', hits: [], owner: PEER },
  { type: 'values', hits: [{ key: 'a', value: bytes(1), flags: 3, cas: 1n }, { key: 'b', value: new Uint8Array(0), flags: 0, cas: U64_MAX }], owner: PEER },
  { type: 'ok', applied: 0 },
  { type: 'ok', applied: MAX_BATCH_ITEMS },
  { type: 'items', items: [], more: false },
  { type: 'items', items: [item(), item({ key: 'b', deleted: true })], more: true },
  { type: 'digests', digests: [] },
  { type: 'digests', digests: [bytes(1, 2, 3, 4, 5, 6, 7, 8), new Uint8Array(0), new Uint8Array(MAX_DIGEST_BYTES).fill(255)] },
  { type: 'ringView', m: M, replicas: 3, vnodes: [] },
  { type: 'ringView', m: M, replicas: 1, vnodes: [{ id: 0n, peerId: PEER, addrs: ['/ip4/127.0.0.1/tcp/4001'] }, { id: ringSize(M) - 1n, peerId: 'sim-2', addrs: [] }] },
  // A view is encoded with its own m, whatever the codec's.
  { type: 'ringView', m: 12, replicas: 2, vnodes: [{ id: 4095n, peerId: 'p', addrs: [] }] },
  { type: 'ringView', m: 256, replicas: 2, vnodes: [{ id: ringSize(256) - 1n, peerId: 'p', addrs: [] }] }
]

t.test('every request and response type round-trips exactly', async t => {
  t.equal(codec.protocol, KV_PROTOCOL)
  t.equal(codec.maxMessageBytes, MAX_KV_MESSAGE_BYTES)
  for (const req of requests) {
    t.strictSame(codec.decodeRequest(codec.encodeRequest(req)), req, `request ${req.type} ${'op' in req ? req.op : ''}`)
  }
  for (const res of responses) {
    t.strictSame(codec.decodeResponse(codec.encodeResponse(res)), res, `response ${res.type}`)
  }
  const types = (xs: Array<{ type: string }>): string[] => [...new Set(xs.map(x => x.type))].sort()
  t.strictSame(types(requests), ['digest', 'fetchBuckets', 'fetchRange', 'get', 'mutate', 'replicate', 'ringView'])
  t.strictSame(types(responses), ['digests', 'items', 'mutated', 'ok', 'ringView', 'values'])
  t.strictSame([...new Set(requests.flatMap(r => r.type === 'mutate' ? [r.op] : []))].sort(), [...KV_OPS].sort(), 'every op')
  t.strictSame([...new Set(responses.flatMap(r => r.type === 'mutated' ? [r.status] : []))].sort(), [...KV_STATUSES].sort(), 'every status')
})

t.test('absent optional fields decode as absent keys, present empty ones as present', async t => {
  const del = codec.decodeRequest(codec.encodeRequest({ type: 'mutate', op: 'delete', key: 'k', hops: 0 }))
  for (const field of ['value', 'flags', 'exptime', 'cas', 'delta']) t.notOk(field in del, `delete has no ${field}`)
  const set = codec.decodeRequest(codec.encodeRequest({ type: 'mutate', op: 'set', key: 'k', value: new Uint8Array(0), flags: 0, exptime: 0, hops: 0 }))
  t.ok(set.type === 'mutate' && set.value instanceof Uint8Array && set.value.length === 0, 'an empty value stays present')
  t.ok(set.type === 'mutate' && set.flags === 0 && set.exptime === 0, 'zero flags and exptime stay present')
  t.notOk('touchExptime' in codec.decodeRequest(codec.encodeRequest({ type: 'get', keys: ['a'], hops: 0 })))
  t.notOk('afterKey' in codec.decodeRequest(codec.encodeRequest({ type: 'fetchRange', from: 0n, to: 1n, limit: 5 })))
  const mutated = codec.decodeResponse(codec.encodeResponse({ type: 'mutated', status: 'DELETED', copies: 1, owner: PEER }))
  t.notOk('cas' in mutated)
  t.notOk('value' in mutated)
})

t.test('decoded values are plain copies, not views of the message buffer', async t => {
  const encoded = codec.encodeRequest({ type: 'replicate', items: [item({ value: bytes(5, 6, 7) })] })
  const decoded = codec.decodeRequest(encoded)
  assert(decoded.type === 'replicate')
  const value = decoded.items[0].value
  t.equal(Object.getPrototypeOf(value), Uint8Array.prototype, 'a plain Uint8Array, not a Buffer')
  t.equal(value.buffer.byteLength, 3, 'its own buffer')
  encoded.fill(0)
  t.strictSame(value, bytes(5, 6, 7), 'unaffected by changes to the message bytes')
})

t.test('keyProblem and valueProblem follow memcached', async t => {
  const goodKeys = ['a', 'x'.repeat(MAX_KEY_BYTES), 'é'.repeat(125), 'user:42/profile', '~!"#$%', 'ключ', '𝄞', '\u0080\u009f']
  goodKeys.forEach((good, i) => t.equal(keyProblem(good), null, `good key ${i}`))
  t.match(keyProblem(''), /empty/)
  t.match(keyProblem('a b'), /space at index 1/)
  t.match(keyProblem('a\tb'), /control character \(0x09\) at index 1/)
  t.match(keyProblem('a\nb'), /control character/)
  t.match(keyProblem('\0'), /control character \(0x00\)/)
  t.match(keyProblem('a\x7f'), /control character \(0x7f\)/)
  t.match(keyProblem('x'.repeat(MAX_KEY_BYTES + 1)), /more than 250 bytes/)
  t.match(keyProblem('é'.repeat(126)), /252 bytes, more than 250/, 'the cap is in UTF-8 bytes')
  t.match(keyProblem('a\ud800'), /lone surrogate/)
  t.match(keyProblem(42 as unknown as string), /not a string/)
  t.equal(valueProblem(new Uint8Array(0)), null)
  t.equal(valueProblem(new Uint8Array(MAX_VALUE_BYTES)), null)
  t.match(valueProblem(new Uint8Array(MAX_VALUE_BYTES + 1)), /1048577 bytes, more than 1048576/)
  t.match(valueProblem('abc' as unknown as Uint8Array), /not a Uint8Array/)
  t.ok(isKvOp('set') && !isKvOp('SET') && !isKvOp('toString') && !isKvOp(undefined))
  t.ok(isKvStatus('STORED') && !isKvStatus('stored') && !isKvStatus('constructor'))
  t.strictSame(KV_OPS.filter(opTakesValue), ['set', 'add', 'replace', 'append', 'prepend', 'cas'])
})

// Characters of 1 to 4 UTF-8 bytes that memcached allows in keys; 62 of them are at most 248 bytes.
const keyChar = fc.constantFrom('a', 'Z', '9', ':', '_', '~', '\u0080', 'é', '€', '𝄞')
const arbKey = fc.string({ minLength: 1, maxLength: 62, unit: keyChar })
const arbU32 = fc.integer({ min: 0, max: 0xffffffff })
const arbU64 = fc.bigInt({ min: 0n, max: U64_MAX })
const arbExptime = fc.integer({ min: -MAX_EXPTIME, max: MAX_EXPTIME })
// fc.record builds null-prototype objects; decoding builds plain ones.
const arbItem: fc.Arbitrary<WireItem> = fc.record({
  key: arbKey,
  value: fc.uint8Array({ maxLength: 64 }),
  flags: arbU32,
  expiresAtMs: fc.oneof(fc.constant(0), fc.maxSafeNat()),
  version: fc.record({ hlc: arbU64, writer: arbU32 }).map(v => ({ ...v })),
  deleted: fc.boolean()
}).map(i => ({ ...i }))
const arbHit: fc.Arbitrary<GetHit> = fc.record({ key: arbKey, value: fc.uint8Array({ maxLength: 64 }), flags: arbU32, cas: arbU64 }).map(h => ({ ...h }))

t.test('property: random items and hits round-trip in replicate, items and values', async t => {
  fc.assert(fc.property(fc.array(arbItem, { maxLength: 8 }), fc.array(arbHit, { maxLength: 8 }), fc.boolean(), (items, hits, more) => {
    const replicate: KvRequest = { type: 'replicate', items }
    const itemsRes: KvResponse = { type: 'items', items, more }
    const values: KvResponse = { type: 'values', hits, owner: PEER }
    assert.deepStrictEqual(codec.decodeRequest(codec.encodeRequest(replicate)), replicate)
    assert.deepStrictEqual(codec.decodeResponse(codec.encodeResponse(itemsRes)), itemsRes)
    assert.deepStrictEqual(codec.decodeResponse(codec.encodeResponse(values)), values)
  }), { numRuns: 300 })
  t.pass('300 random cases round-tripped')
})

t.test('property: random mutations round-trip, optional fields present or absent', async t => {
  const arbMutate = fc.record({
    op: fc.constantFrom(...KV_OPS),
    key: arbKey,
    value: fc.uint8Array({ maxLength: 32 }),
    flags: fc.option(arbU32, { nil: undefined }),
    exptime: fc.option(arbExptime, { nil: undefined }),
    cas: fc.option(arbU64, { nil: undefined }),
    delta: fc.option(arbU64, { nil: undefined }),
    hops: fc.integer({ min: 0, max: MAX_WIRE_HOPS })
  }).map(({ op, key, value, flags, exptime, cas, delta, hops }): KvRequest => {
    const req: Record<string, unknown> = { type: 'mutate', op, key, hops }
    if (opTakesValue(op)) req.value = value
    if (flags !== undefined) req.flags = flags
    if (exptime !== undefined || op === 'touch') req.exptime = exptime ?? 0
    if (cas !== undefined || op === 'cas') req.cas = cas ?? 0n
    if (delta !== undefined || op === 'incr' || op === 'decr') req.delta = delta ?? 1n
    return req as KvRequest
  })
  fc.assert(fc.property(arbMutate, req => {
    assert.deepStrictEqual(codec.decodeRequest(codec.encodeRequest(req)), req)
  }), { numRuns: 500 })
  t.pass('500 random mutations round-tripped')
})

/** Asserts that bytes are rejected with a BadMessageError whose message matches. */
function rejects (t: Test, decode: () => unknown, pattern: RegExp, what: string): void {
  t.throws(decode, { name: 'BadMessageError', code: 'BadMessage', message: pattern }, what)
}
const req = (w: Partial<WireRequest>) => (): unknown => codec.decodeRequest(WireRequest.encode(w))
const res = (w: Partial<WireResponse>) => (): unknown => codec.decodeResponse(WireResponse.encode(w))

t.test('rejects bad keys wherever a key travels', async t => {
  rejects(t, req({ mutate: wireMutate({ key: 'a b' }) }), /mutate\.key: key has a space at index 1/, 'space')
  rejects(t, req({ mutate: wireMutate({ key: 'a\r\n' }) }), /mutate\.key: key has a control character \(0x0d\)/, 'control character')
  rejects(t, req({ mutate: wireMutate({ key: 'a\x7f' }) }), /mutate\.key: key has a control character \(0x7f\)/, 'DEL')
  rejects(t, req({ mutate: wireMutate({ key: 'x'.repeat(MAX_KEY_BYTES + 1) }) }), /mutate\.key: key is more than 250 bytes/, '251 bytes')
  rejects(t, req({ mutate: wireMutate({ key: '€'.repeat(84) }) }), /mutate\.key: key is 252 bytes/, '84 three-byte characters')
  rejects(t, req({ mutate: wireMutate({ key: '' }) }), /mutate\.key: key is empty/, 'empty key')
  // protons writes a lone surrogate as its 3-byte form and reads it back as the lone surrogate.
  rejects(t, req({ mutate: wireMutate({ key: 'a\udc00' }) }), /lone surrogate/, 'ill-formed UTF-8')
  rejects(t, req({ get: { keys: ['ok', 'not ok'], hops: 0 } }), /get\.keys\[1\]: key has a space/, 'one bad key of a get')
  rejects(t, req({ replicate: { items: [wireItem(), wireItem({ key: '' })] } }), /replicate\.items\[1\]\.key: key is empty/, 'item key')
  rejects(t, req({ fetchRange: { from: id(0n), to: id(1n), afterKey: 'a\tb', limit: 1 } }), /fetchRange\.afterKey: key has a control/, 'afterKey')
  rejects(t, res({ values: { hits: [{ key: ' ', value: new Uint8Array(0), flags: 0, cas: 0n }], owner: PEER } }), /values\.hits\[0\]\.key: key has a space/, 'hit key')
  rejects(t, res({ items: { items: [wireItem({ key: '\0' })], more: false } }), /items\.items\[0\]\.key/, 'items key')
})

t.test('rejects oversize values', async t => {
  const big = new Uint8Array(MAX_VALUE_BYTES + 1)
  rejects(t, req({ mutate: wireMutate({ value: big }) }), /mutate\.value: value is 1048577 bytes, more than 1048576/, 'mutate')
  rejects(t, req({ replicate: { items: [wireItem({ value: big })] } }), /replicate\.items\[0\]\.value: value is 1048577 bytes/, 'item')
  rejects(t, res({ values: { hits: [{ key: 'k', value: big, flags: 0, cas: 0n }], owner: PEER } }), /values\.hits\[0\]\.value/, 'hit')
  t.doesNotThrow(req({ mutate: wireMutate({ value: new Uint8Array(MAX_VALUE_BYTES) }) }), 'a value of exactly the cap is fine')
})

t.test('rejects unknown ops and statuses, and per-op fields missing or misplaced', async t => {
  rejects(t, req({ mutate: wireMutate({ op: 'flush_all' }) }), /mutate\.op: unknown op "flush_all"/, 'unknown op')
  rejects(t, req({ mutate: wireMutate({ op: '' }) }), /mutate\.op: unknown op ""/, 'no op')
  rejects(t, req({ mutate: wireMutate({ op: 'toString' }) }), /unknown op/, 'an Object.prototype name')
  rejects(t, req({ mutate: wireMutate({ op: 'SET' }) }), /unknown op/, 'ops are lower case')
  rejects(t, req({ mutate: wireMutate({ value: undefined }) }), /mutate\.value: missing for set/, 'set without value')
  rejects(t, req({ mutate: wireMutate({ op: 'append', value: undefined }) }), /missing for append/, 'append without value')
  rejects(t, req({ mutate: wireMutate({ op: 'delete' }) }), /mutate\.value: delete takes no value/, 'delete with value')
  rejects(t, req({ mutate: wireMutate({ op: 'cas' }) }), /mutate\.cas: missing for cas/, 'cas without cas unique')
  rejects(t, req({ mutate: wireMutate({ op: 'incr', value: undefined }) }), /mutate\.delta: missing for incr/, 'incr without delta')
  rejects(t, req({ mutate: wireMutate({ op: 'touch', value: undefined }) }), /mutate\.exptime: missing for touch/, 'touch without exptime')
  rejects(t, res({ mutated: { status: 'HAPPY', copies: 1, owner: PEER } }), /mutated\.status: unknown status "HAPPY"/, 'unknown status')
  rejects(t, res({ mutated: { status: '', copies: 1, owner: PEER } }), /unknown status ""/, 'no status')
})

t.test('rejects out-of-range numbers', async t => {
  rejects(t, req({ mutate: wireMutate({ hops: MAX_WIRE_HOPS + 1 }) }), /mutate\.hops: 17 is not an integer in \[0, 16\]/, 'hops')
  rejects(t, req({ get: { keys: ['a'], hops: 17 } }), /get\.hops/, 'get hops')
  rejects(t, req({ mutate: wireMutate({ exptime: BigInt(MAX_EXPTIME) + 1n }) }), /mutate\.exptime: 4102444801 is not in/, 'exptime too far')
  rejects(t, req({ mutate: wireMutate({ exptime: -BigInt(MAX_EXPTIME) - 1n }) }), /mutate\.exptime/, 'exptime too negative')
  rejects(t, req({ mutate: wireMutate({ exptime: -(2n ** 63n) }) }), /mutate\.exptime/, 'sint64 minimum')
  rejects(t, req({ get: { keys: ['a'], touchExptime: 2n ** 40n, hops: 0 } }), /get\.touchExptime/, 'gat exptime')
  rejects(t, req({ replicate: { items: [wireItem({ expiresAtMs: 2n ** 53n })] } }), /replicate\.items\[0\]\.expiresAtMs: 9007199254740992 is more than 2\^53 - 1/, 'expiry beyond safe integers')
  t.doesNotThrow(req({ replicate: { items: [wireItem({ expiresAtMs: 2n ** 53n - 1n })] } }), 'the largest safe expiry')
  rejects(t, req({ fetchRange: { from: id(0n), to: id(1n), limit: 0 } }), /fetchRange\.limit: 0 is not an integer in \[1, 1024\]/, 'limit 0')
  rejects(t, req({ fetchRange: { from: id(0n), to: id(1n), limit: MAX_BATCH_ITEMS + 1 } }), /fetchRange\.limit: 1025/, 'limit too large')
  rejects(t, req({ digest: { from: id(0n), to: id(1n), buckets: 0 } }), /digest\.buckets: 0 is not an integer in \[1, 1024\]/, 'no buckets')
  rejects(t, req({ digest: { from: id(0n), to: id(1n), buckets: MAX_BUCKETS + 1 } }), /digest\.buckets: 1025/, 'too many buckets')
  rejects(t, req({ fetchBuckets: { from: id(0n), to: id(1n), buckets: 16, indexes: [0, 16] } }), /fetchBuckets\.indexes\[1\]: 16 is not an integer in \[0, 15\]/, 'bucket index >= buckets')
  rejects(t, req({ fetchBuckets: { from: id(0n), to: id(1n), buckets: 0, indexes: [] } }), /fetchBuckets\.buckets: 0/, 'fetchBuckets without buckets')
  rejects(t, res({ ok: { applied: MAX_BATCH_ITEMS + 1 } }), /ok\.applied: 1025/, 'applied more than a batch')
  rejects(t, res({ ringView: { m: 0, replicas: 1, vnodes: [] } }), /ringView\.m: 0 is not an integer in \[1, 256\]/, 'm 0')
  rejects(t, res({ ringView: { m: 257, replicas: 1, vnodes: [] } }), /ringView\.m: 257/, 'm too large')
  rejects(t, res({ ringView: { m: 160, replicas: 0, vnodes: [] } }), /ringView\.replicas: 0/, 'no replicas')
})

t.test('u64 fields: anything >= 2^64 is refused when encoding and cannot come out of decoding', async t => {
  t.throws(() => codec.encodeRequest({ type: 'replicate', items: [item({ version: { hlc: 2n ** 64n, writer: 1 } })] }), { name: 'RangeError', message: /replicate\.items\[0\]\.version\.hlc: 18446744073709551616 is not a u64/ })
  t.throws(() => codec.encodeRequest({ type: 'replicate', items: [item({ version: { hlc: -1n, writer: 1 } })] }), RangeError, 'negative hlc')
  t.throws(() => codec.encodeRequest({ type: 'mutate', op: 'cas', key: 'k', value: bytes(), cas: 2n ** 64n, hops: 0 }), RangeError, 'cas')
  t.throws(() => codec.encodeRequest({ type: 'mutate', op: 'incr', key: 'k', delta: 2n ** 64n, hops: 0 }), RangeError, 'delta')
  t.throws(() => codec.encodeResponse({ type: 'mutated', status: 'OK', value: 2n ** 64n, copies: 1, owner: PEER }), RangeError, 'incr result')
  t.throws(() => codec.encodeResponse({ type: 'values', hits: [{ key: 'k', value: bytes(), flags: 0, cas: 2n ** 64n }], owner: PEER }), RangeError, 'hit cas')
  t.throws(() => codec.encodeRequest({ type: 'mutate', op: 'incr', key: 'k', delta: 1 as unknown as bigint, hops: 0 }), RangeError, 'a number is not a u64')
  // A 10-byte varint carrying bits above bit 63: protobuf readers keep the low 64 bits.
  const overlong = [0x30, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
  const mutate = [0x0a, 0x03, 0x63, 0x61, 0x73, 0x12, 0x01, 0x6b, 0x1a, 0x00, ...overlong] // op "cas", key "k", value empty, cas
  const decoded = codec.decodeRequest(bytes(0x0a, mutate.length, ...mutate))
  t.ok(decoded.type === 'mutate' && decoded.cas === U64_MAX, 'decodes to a u64')
  // And the same bytes in the version of an item.
  const version = [0x08, ...overlong.slice(1), 0x10, 0x01]
  const wItem = [0x0a, 0x01, 0x6b, 0x2a, version.length, ...version]
  const decodedItem = codec.decodeRequest(bytes(0x1a, wItem.length + 2, 0x0a, wItem.length, ...wItem))
  t.ok(decodedItem.type === 'replicate' && decodedItem.items[0].version.hlc === U64_MAX, 'hlc decodes to a u64')
})

t.test('rejects too many or too few list elements', async t => {
  rejects(t, req({ get: { keys: [], hops: 0 } }), /get\.keys: 0 keys, not in \[1, 1024\]/, 'get of no key')
  rejects(t, req({ get: { keys: Array.from({ length: MAX_GET_KEYS + 1 }, (_, i) => `k${i}`), hops: 0 } }), /repeated field "keys" had too many elements/, 'too many keys')
  t.doesNotThrow(req({ get: { keys: Array.from({ length: MAX_GET_KEYS }, (_, i) => `k${i}`), hops: 0 } }), 'exactly the most keys')
  rejects(t, req({ replicate: { items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => wireItem()) } }), /repeated field "items" had too many elements/, 'too many items')
  rejects(t, res({ items: { items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => wireItem()), more: true } }), /"items" had too many/, 'too many items in a response')
  rejects(t, req({ fetchBuckets: { from: id(0n), to: id(1n), buckets: 2, indexes: Array(MAX_BUCKETS + 1).fill(0) } }), /"indexes" had too many/, 'too many indexes')
  rejects(t, res({ values: { hits: Array.from({ length: MAX_GET_KEYS + 1 }, () => ({ key: 'k', value: new Uint8Array(0), flags: 0, cas: 0n })), owner: PEER } }), /"hits" had too many/, 'too many hits')
  rejects(t, res({ digests: { digests: Array.from({ length: MAX_BUCKETS + 1 }, () => new Uint8Array(8)) } }), /"digests" had too many/, 'too many digests')
  rejects(t, res({ digests: { digests: [new Uint8Array(8), new Uint8Array(MAX_DIGEST_BYTES + 1)] } }), /digests\.digests\[1\]: 65 bytes, more than 64/, 'oversize digest')
  rejects(t, res({ ringView: { m: 160, replicas: 1, vnodes: [{ id: id(1n), peerId: 'p', addrs: Array(17).fill('/ip4/1.2.3.4/tcp/1') }] } }), /"addrs" had too many/, 'too many addrs')
  t.throws(() => codec.encodeRequest({ type: 'get', keys: Array.from({ length: MAX_GET_KEYS + 1 }, (_, i) => `k${i}`), hops: 0 }), { name: 'RangeError', message: /get\.keys: 1025 keys/ }, 'encoding too many is a bug')
  t.throws(() => codec.encodeRequest({ type: 'replicate', items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => item()) }), RangeError)
})

t.test('rejects bad ids, peer ids and addresses', async t => {
  rejects(t, req({ digest: { from: new Uint8Array(19), to: id(1n), buckets: 1 } }), /digest\.from: an id is 20 bytes, got 19/, 'short id')
  rejects(t, req({ digest: { from: new Uint8Array(0), to: id(1n), buckets: 1 } }), /digest\.from: missing id/, 'missing id')
  rejects(t, req({ fetchRange: { from: id(0n), to: new Uint8Array(21), limit: 1 } }), /fetchRange\.to: an id is 20 bytes, got 21/, 'long id')
  rejects(t, req({ fetchBuckets: { from: id(0n), to: new Uint8Array(0), buckets: 1, indexes: [] } }), /fetchBuckets\.to: missing id/, 'missing to')
  const m12 = kvCodec(12)
  rejects(t, () => m12.decodeRequest(WireRequest.encode({ digest: { from: bytes(0x10, 0), to: bytes(0, 1), buckets: 1 } })), /digest\.from: id does not fit in 12 bits/, 'id >= 2^m')
  rejects(t, res({ ringView: { m: 12, replicas: 1, vnodes: [{ id: id(1n), peerId: 'p', addrs: [] }] } }), /ringView\.vnodes\[0\]\.id: an id is 2 bytes, got 20/, 'view ids follow the view\'s m')
  rejects(t, res({ ringView: { m: 12, replicas: 1, vnodes: [{ id: bytes(0xf0, 0), peerId: 'p', addrs: [] }] } }), /does not fit in 12 bits/, 'view id >= 2^m')
  rejects(t, res({ ringView: { m: 160, replicas: 1, vnodes: [{ id: id(1n), peerId: '', addrs: [] }] } }), /ringView\.vnodes\[0\]\.peerId: missing/, 'view peer id')
  rejects(t, res({ ringView: { m: 160, replicas: 1, vnodes: [{ id: id(1n), peerId: 'p', addrs: [''] }] } }), /ringView\.vnodes\[0\]\.addrs\[0\]: empty/, 'view addr')
  rejects(t, res({ mutated: { status: 'STORED', copies: 1, owner: '' } }), /mutated\.owner: missing/, 'no owner')
  rejects(t, res({ mutated: { status: 'STORED', copies: 1, owner: 'x'.repeat(MAX_PEER_ID_BYTES + 1) } }), /mutated\.owner: 129 bytes, more than 128/, 'long owner')
  rejects(t, res({ values: { hits: [], owner: '' } }), /values\.owner: missing/, 'values without owner')
})

t.test('rejects messages with no known type and items without a version', async t => {
  rejects(t, () => codec.decodeRequest(new Uint8Array(0)), /kv request has no known type/, 'empty request')
  rejects(t, () => codec.decodeResponse(new Uint8Array(0)), /kv response has no known type/, 'empty response')
  rejects(t, () => codec.decodeRequest(bytes(0x78, 0x01)), /no known type/, 'only an unknown field')
  rejects(t, req({ replicate: { items: [wireItem({ version: undefined })] } }), /replicate\.items\[0\]\.version: missing/, 'item without version')
  rejects(t, res({ items: { items: [wireItem({ version: undefined })], more: false } }), /items\.items\[0\]\.version: missing/, 'response item without version')
})

t.test('encoding a malformed message is a RangeError (a bug of the caller)', async t => {
  const bug = (f: () => unknown, pattern: RegExp, what: string): void => { t.throws(f, { name: 'RangeError', message: pattern }, what) }
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'set', key: 'a b', value: bytes(), hops: 0 }), /mutate\.key: key has a space/, 'bad key')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'set', key: 'k', hops: 0 }), /mutate\.value: missing for set/, 'set without value')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'delete', key: 'k', value: bytes(), hops: 0 }), /delete takes no value/, 'delete with value')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'nope' as 'set', key: 'k', value: bytes(), hops: 0 }), /unknown op "nope"/, 'unknown op')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'set', key: 'k', value: bytes(), flags: 2 ** 32, hops: 0 }), /mutate\.flags/, 'flags over u32')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'set', key: 'k', value: bytes(), flags: -1, hops: 0 }), /mutate\.flags/, 'negative flags')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'set', key: 'k', value: bytes(), exptime: 1.5, hops: 0 }), /mutate\.exptime/, 'fractional exptime')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'set', key: 'k', value: bytes(), hops: -1 }), /mutate\.hops/, 'negative hops')
  bug(() => codec.encodeRequest({ type: 'mutate', op: 'set', key: 'k', value: new Uint8Array(MAX_VALUE_BYTES + 1), hops: 0 }), /mutate\.value: value is 1048577 bytes/, 'oversize value')
  bug(() => codec.encodeRequest({ type: 'replicate', items: [item({ version: { hlc: 1n, writer: 2 ** 32 } })] }), /version\.writer/, 'writer over u32')
  bug(() => codec.encodeRequest({ type: 'replicate', items: [item({ expiresAtMs: -1 })] }), /expiresAtMs/, 'negative expiry')
  bug(() => codec.encodeRequest({ type: 'replicate', items: [item({ expiresAtMs: 2 ** 53 })] }), /expiresAtMs/, 'unsafe expiry')
  bug(() => codec.encodeRequest({ type: 'fetchBuckets', from: 0n, to: 1n, buckets: 4, indexes: [4] }), /fetchBuckets\.indexes\[0\]/, 'index >= buckets')
  bug(() => codec.encodeRequest({ type: 'digest', from: ringSize(M), to: 1n, buckets: 4 }), /digest\.from: id/, 'id >= 2^m')
  bug(() => codec.encodeRequest({ type: 'nope' } as unknown as KvRequest), /unknown kv request type "nope"/, 'unknown request type')
  bug(() => codec.encodeResponse({ type: 'nope' } as unknown as KvResponse), /unknown kv response type "nope"/, 'unknown response type')
  bug(() => codec.encodeResponse({ type: 'mutated', status: 'FINE' as 'OK', copies: 1, owner: PEER }), /unknown status "FINE"/, 'unknown status')
  bug(() => codec.encodeResponse({ type: 'digests', digests: [new Uint8Array(MAX_DIGEST_BYTES + 1)] }), /digests\.digests\[0\]: 65 bytes/, 'oversize digest')
  bug(() => codec.encodeResponse({ type: 'ringView', m: 0, replicas: 1, vnodes: [] }), /ringView\.m/, 'view of m 0')
  bug(() => codec.encodeResponse({ type: 'ringView', m: 12, replicas: 1, vnodes: [{ id: 4096n, peerId: 'p', addrs: [] }] }), /ringView\.vnodes\[0\]\.id/, 'view id >= 2^m')
  bug(() => codec.encodeResponse({ type: 'ringView', m: 12, replicas: 1, vnodes: [{ id: 1n, peerId: '', addrs: [] }] }), /ringView\.vnodes\[0\]\.peerId: missing/, 'view without peer id')
  bug(() => codec.encodeResponse({ type: 'ok', applied: MAX_BATCH_ITEMS + 1 }), /ok\.applied/, 'applied')
  t.throws(() => kvCodec(0), RangeError)
  t.throws(() => kvCodec(257), RangeError)
  t.throws(() => kvCodec(1.5), RangeError)
})

t.test('rejects bytes that are not protobuf, and oversize messages', async t => {
  rejects(t, () => codec.decodeRequest(bytes(0x0a, 0x05, 0x01)), /kv request is not valid protobuf/, 'truncated length-delimited field')
  rejects(t, () => codec.decodeRequest(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), /not valid protobuf/, 'runaway varint')
  rejects(t, () => codec.decodeResponse(bytes(0x0f)), /kv response is not valid protobuf/, 'wire type 7')
  t.throws(() => codec.decodeRequest(new Uint8Array(MAX_KV_MESSAGE_BYTES + 1)), { name: 'TooLargeError', code: 'TooLarge' }, 'request over the cap')
  t.throws(() => codec.decodeResponse(new Uint8Array(MAX_KV_MESSAGE_BYTES + 1)), { name: 'TooLargeError' }, 'response over the cap')
  // Nine values of the largest size do not fit in one message: the KV layer has to page.
  const hits = Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, value: new Uint8Array(MAX_VALUE_BYTES), flags: 0, cas: 1n }))
  t.throws(() => codec.encodeResponse({ type: 'values', hits, owner: PEER }), { name: 'TooLargeError', message: /kv response is \d+ bytes, more than 8388608/ })
  t.doesNotThrow(() => codec.encodeResponse({ type: 'values', hits: hits.slice(0, 7), owner: PEER }), 'seven fit')
})

t.test('property: random bytes never escape as anything but BadMessageError or a valid message', async t => {
  const valid = [...requests.map(r => codec.encodeRequest(r)), ...responses.map(r => codec.encodeResponse(r))]
  // Random bytes, and valid messages with a few bytes changed (which reach the field checks).
  const arbBytes = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }))
      .map(([msg, edits]) => {
        const b = Uint8Array.from(msg)
        for (const [at, v] of edits) if (b.length > 0) b[at % b.length] = v
        return b
      })
  )
  fc.assert(fc.property(arbBytes, b => {
    for (const decode of [codec.decodeRequest, codec.decodeResponse]) {
      try {
        decode(b)
      } catch (err) {
        if ((err as Error).name !== 'BadMessageError') throw err
      }
    }
  }), { numRuns: 3000 })
  t.pass('no other error escaped')
})
