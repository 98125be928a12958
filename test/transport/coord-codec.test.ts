import t from 'tap'
import type { Test } from 'tap'
import fc from 'fast-check'
import assert from 'node:assert/strict'
import {
  coordCodec, MAX_WRITE_ID_CHARS, registerKeyProblem, registerValueProblem, writeIdProblem
} from '../../node/protocol/coord-codec.ts'
import { CoordRequest as WireRequest, CoordResponse as WireResponse } from '../../node/protocol/coord.js'
import type { Ballot as WireBallot, RegisterState as WireState } from '../../node/protocol/coord.js'
import {
  COORD_PROTOCOL, MAX_COORD_MESSAGE_BYTES, MAX_REGISTER_BYTES, MAX_REGISTER_KEY_BYTES
} from '../../node/coord/messages.ts'
import type { Ballot, CoordRequest, CoordResponse, RegisterState } from '../../node/coord/messages.ts'
import { MAX_PEER_ID_BYTES } from '../../node/chord/messages.ts'

const codec = coordCodec()
const PEER = '12D3KooWA3B87Lmc5fcLo5w77TEXVTBEe6Ujfs9LtDJSPfLTBNWG'
const U64_MAX = 2n ** 64n - 1n
const bytes = (...b: number[]): Uint8Array<ArrayBuffer> => new Uint8Array(b)

const ballot = (over: Partial<Ballot> = {}): Ballot => ({ counter: 7n, proposer: PEER, ...over })
const state = (over: Partial<RegisterState> = {}): RegisterState => ({ value: bytes(1, 2, 3), version: 4n, writeId: 'w-1', ...over })
const wireBallot = (over: Partial<WireBallot> = {}): WireBallot => ({ counter: 1n, proposer: 'p', ...over })
const wireState = (over: Partial<WireState> = {}): WireState => ({ value: bytes(1), version: 1n, writeId: 'w', history: [], ...over }) as WireState

const requests: CoordRequest[] = [
  { type: 'prepare', key: 'lock/a', epoch: 0n, ballot: ballot() },
  { type: 'prepare', key: 'with spaces ~ and ключ 𝄞', epoch: U64_MAX, ballot: ballot({ counter: 0n, proposer: 'sim-1' }) },
  { type: 'prepare', key: 'x'.repeat(MAX_REGISTER_KEY_BYTES), epoch: 1n, ballot: ballot({ counter: U64_MAX, proposer: 'p'.repeat(MAX_PEER_ID_BYTES) }) },
  { type: 'accept', key: 'k', epoch: 3n, ballot: ballot(), state: state() },
  { type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: { value: null, version: 0n, writeId: '' } },
  { type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: { value: new Uint8Array(0), version: 1n, writeId: 'empty' } },
  { type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: { value: null, version: 2n, writeId: 'deleted' } },
  {
    type: 'accept',
    key: 'é'.repeat(MAX_REGISTER_KEY_BYTES / 2),
    epoch: U64_MAX,
    ballot: ballot({ counter: U64_MAX, proposer: 'é'.repeat(MAX_PEER_ID_BYTES / 2) }),
    state: { value: new Uint8Array(MAX_REGISTER_BYTES).fill(0xab), version: U64_MAX, writeId: '𝄞'.repeat(MAX_WRITE_ID_CHARS / 2) }
  }
]

const responses: CoordResponse[] = [
  { type: 'promise', accepted: null },
  { type: 'promise', accepted: { ballot: ballot(), state: state() } },
  { type: 'promise', accepted: { ballot: ballot({ counter: 0n }), state: { value: null, version: 0n, writeId: '' } } },
  { type: 'promise', accepted: { ballot: ballot({ counter: U64_MAX }), state: { value: new Uint8Array(0), version: U64_MAX, writeId: 'w'.repeat(MAX_WRITE_ID_CHARS) } } },
  { type: 'accepted' },
  { type: 'conflict', promised: ballot() },
  { type: 'conflict', promised: ballot({ counter: 0n, proposer: 'x' }) }
]

t.test('every request and response type round-trips exactly', async t => {
  t.equal(codec.protocol, COORD_PROTOCOL)
  t.equal(codec.maxMessageBytes, MAX_COORD_MESSAGE_BYTES)
  for (const [i, req] of requests.entries()) {
    t.strictSame(codec.decodeRequest(codec.encodeRequest(req)), req, `request ${i} ${req.type}`)
  }
  for (const [i, res] of responses.entries()) {
    t.strictSame(codec.decodeResponse(codec.encodeResponse(res)), res, `response ${i} ${res.type}`)
  }
  const types = (xs: Array<{ type: string }>): string[] => [...new Set(xs.map(x => x.type))].sort()
  t.strictSame(types(requests), ['accept', 'prepare'])
  t.strictSame(types(responses), ['accepted', 'conflict', 'promise'])
})

t.test('a null value and an empty value stay different, and so do no accepted state and one', async t => {
  const accept = (value: Uint8Array | null): CoordRequest => ({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: state({ value }) })
  const nullBytes = codec.encodeRequest(accept(null))
  const emptyBytes = codec.encodeRequest(accept(new Uint8Array(0)))
  t.not(Buffer.from(nullBytes).toString('hex'), Buffer.from(emptyBytes).toString('hex'), 'different bytes')
  const fromNull = codec.decodeRequest(nullBytes)
  const fromEmpty = codec.decodeRequest(emptyBytes)
  assert(fromNull.type === 'accept' && fromEmpty.type === 'accept')
  t.equal(fromNull.state.value, null, 'null decodes as null')
  t.ok(fromEmpty.state.value instanceof Uint8Array && fromEmpty.state.value.length === 0, 'empty decodes as empty')
  t.equal(WireRequest.decode(nullBytes).accept?.state?.value, undefined, 'null is an absent field on the wire')

  const none = codec.decodeResponse(codec.encodeResponse({ type: 'promise', accepted: null }))
  t.strictSame(none, { type: 'promise', accepted: null })
  // An accepted state that is all defaults (counter 0, null value, version 0, empty writeId)
  // is still present.
  const zero = { ballot: { counter: 0n, proposer: 'p' }, state: { value: null, version: 0n, writeId: '' } }
  t.strictSame(codec.decodeResponse(codec.encodeResponse({ type: 'promise', accepted: zero })), { type: 'promise', accepted: zero })
})

t.test('decoded values are plain copies, not views of the message buffer', async t => {
  const encoded = codec.encodeRequest({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: state({ value: bytes(5, 6, 7) }) })
  const decoded = codec.decodeRequest(encoded)
  assert(decoded.type === 'accept' && decoded.state.value !== null)
  const value = decoded.state.value
  t.equal(Object.getPrototypeOf(value), Uint8Array.prototype, 'a plain Uint8Array, not a Buffer')
  t.equal(value.buffer.byteLength, 3, 'its own buffer')
  encoded.fill(0)
  t.strictSame(value, bytes(5, 6, 7), 'unaffected by changes to the message bytes')
})

t.test('registerKeyProblem, registerValueProblem and writeIdProblem', async t => {
  const goodKeys = ['a', 'x'.repeat(MAX_REGISTER_KEY_BYTES), 'é'.repeat(256), 'a b', ' ', 'lock/ключ/𝄞', '~!"#$%', '\u00a0']
  goodKeys.forEach((good, i) => t.equal(registerKeyProblem(good), null, `good key ${i}`))
  t.match(registerKeyProblem(''), /empty/)
  t.match(registerKeyProblem('a\tb'), /control character \(U\+0009\) at index 1/)
  t.match(registerKeyProblem('\0'), /control character \(U\+0000\)/)
  t.match(registerKeyProblem('a\n'), /control character/)
  t.match(registerKeyProblem('a\x7f'), /control character \(U\+007f\)/)
  t.match(registerKeyProblem('a\u0085'), /control character \(U\+0085\)/, 'C1 controls too')
  t.match(registerKeyProblem('a\u009f'), /control character \(U\+009f\)/)
  t.match(registerKeyProblem('x'.repeat(MAX_REGISTER_KEY_BYTES + 1)), /more than 512 bytes/)
  t.match(registerKeyProblem('é'.repeat(257)), /514 bytes, more than 512/, 'the cap is in UTF-8 bytes')
  t.match(registerKeyProblem('a\ud800'), /lone surrogate/)
  t.match(registerKeyProblem(42 as unknown as string), /not a string/)
  t.equal(registerValueProblem(null), null)
  t.equal(registerValueProblem(new Uint8Array(0)), null)
  t.equal(registerValueProblem(new Uint8Array(MAX_REGISTER_BYTES)), null)
  t.match(registerValueProblem(new Uint8Array(MAX_REGISTER_BYTES + 1)), /65537 bytes, more than 65536/)
  t.match(registerValueProblem('abc' as unknown as Uint8Array), /not a Uint8Array/)
  t.match(registerValueProblem(undefined as unknown as null), /not a Uint8Array or null/, 'undefined is not null')
  t.equal(writeIdProblem(''), null)
  t.equal(writeIdProblem('w'.repeat(MAX_WRITE_ID_CHARS)), null)
  t.match(writeIdProblem('w'.repeat(MAX_WRITE_ID_CHARS + 1)), /129 characters, more than 128/)
  t.match(writeIdProblem('\udc00'), /lone surrogate/)
  t.match(writeIdProblem(1 as unknown as string), /not a string/)
})

// Characters of 1 to 4 UTF-8 bytes allowed in register keys; 128 of them are at most 512 bytes.
const keyChar = fc.constantFrom('a', 'Z', '9', ' ', ':', '/', '~', '\u00a0', 'é', '€', '𝄞')
const arbKey = fc.string({ minLength: 1, maxLength: 128, unit: keyChar })
const arbU64 = fc.oneof(fc.bigInt({ min: 0n, max: U64_MAX }), fc.constantFrom(0n, 1n, U64_MAX))
// fc.record builds null-prototype objects; decoding builds plain ones.
const arbBallot: fc.Arbitrary<Ballot> = fc.record({
  counter: arbU64,
  proposer: fc.oneof(fc.constant(PEER), fc.string({ minLength: 1, maxLength: 32, unit: keyChar }))
}).map(b => ({ ...b }))
const arbState: fc.Arbitrary<RegisterState> = fc.record({
  value: fc.oneof(fc.constant(null), fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 64 })),
  version: arbU64,
  writeId: fc.string({ maxLength: 64, unit: 'grapheme' }).filter(s => s.length <= MAX_WRITE_ID_CHARS)
}).map(s => ({ ...s }))
const arbRequest: fc.Arbitrary<CoordRequest> = fc.oneof(
  fc.record({ key: arbKey, epoch: arbU64, ballot: arbBallot }).map(({ key, epoch, ballot }): CoordRequest => ({ type: 'prepare', key, epoch, ballot })),
  fc.record({ key: arbKey, epoch: arbU64, ballot: arbBallot, state: arbState })
    .map(({ key, epoch, ballot, state }): CoordRequest => ({ type: 'accept', key, epoch, ballot, state }))
)
const arbResponse: fc.Arbitrary<CoordResponse> = fc.oneof(
  fc.option(fc.record({ ballot: arbBallot, state: arbState }).map(a => ({ ...a })), { nil: null })
    .map((accepted): CoordResponse => ({ type: 'promise', accepted })),
  fc.constant<CoordResponse>({ type: 'accepted' }),
  arbBallot.map((promised): CoordResponse => ({ type: 'conflict', promised }))
)

t.test('property: random requests and responses round-trip exactly', async t => {
  fc.assert(fc.property(arbRequest, arbResponse, (req, res) => {
    assert.deepStrictEqual(codec.decodeRequest(codec.encodeRequest(req)), req)
    assert.deepStrictEqual(codec.decodeResponse(codec.encodeResponse(res)), res)
  }), { numRuns: 1000 })
  t.pass('1000 random cases round-tripped')
})

/** Asserts that bytes are rejected with a BadMessageError whose message matches. */
function rejects (t: Test, decode: () => unknown, pattern: RegExp, what: string): void {
  t.throws(decode, { name: 'BadMessageError', code: 'BadMessage', message: pattern }, what)
}
const req = (w: Partial<WireRequest>) => (): unknown => codec.decodeRequest(WireRequest.encode(w))
const res = (w: Partial<WireResponse>) => (): unknown => codec.decodeResponse(WireResponse.encode(w))
// null: leave the field out (an explicit undefined would pick the default).
const prepare = (key: string, b: WireBallot | null = wireBallot()): Partial<WireRequest> => ({ prepare: { key, epoch: 0n, ballot: b ?? undefined } })
const accept = (s: WireState | null, b: WireBallot | null = wireBallot(), key = 'k'): Partial<WireRequest> =>
  ({ accept: { key, epoch: 0n, ballot: b ?? undefined, state: s ?? undefined } })

t.test('rejects bad keys', async t => {
  rejects(t, req(prepare('')), /prepare\.key: key is empty/, 'empty key')
  rejects(t, req(accept(wireState(), wireBallot(), '')), /accept\.key: key is empty/, 'empty accept key')
  rejects(t, req(prepare('a\r\n')), /prepare\.key: key has a control character \(U\+000d\)/, 'CR')
  rejects(t, req(prepare('\0')), /prepare\.key: key has a control character \(U\+0000\)/, 'NUL')
  rejects(t, req(prepare('a\x7f')), /control character \(U\+007f\)/, 'DEL')
  rejects(t, req(accept(wireState(), wireBallot(), 'a\u0080')), /accept\.key: key has a control character \(U\+0080\)/, 'C1')
  rejects(t, req(prepare('x'.repeat(MAX_REGISTER_KEY_BYTES + 1))), /prepare\.key: key is more than 512 bytes/, '513 bytes')
  rejects(t, req(prepare('€'.repeat(171))), /prepare\.key: key is 513 bytes, more than 512/, '171 three-byte characters')
  // protons writes a lone surrogate as its 3-byte form and reads it back as the lone surrogate.
  rejects(t, req(prepare('a\udc00')), /prepare\.key: .*lone surrogate/, 'ill-formed UTF-8')
  t.doesNotThrow(req(prepare('x'.repeat(MAX_REGISTER_KEY_BYTES))), 'a key of exactly the cap is fine')
})

t.test('rejects bad ballots', async t => {
  rejects(t, req(prepare('k', null)), /prepare\.ballot: missing/, 'prepare without ballot')
  rejects(t, req(accept(wireState(), null)), /accept\.ballot: missing/, 'accept without ballot')
  rejects(t, req(prepare('k', wireBallot({ proposer: '' }))), /prepare\.ballot\.proposer: missing/, 'no proposer')
  rejects(t, req(prepare('k', wireBallot({ proposer: 'x'.repeat(MAX_PEER_ID_BYTES + 1) }))), /prepare\.ballot\.proposer: 129 bytes, more than 128/, 'long proposer')
  rejects(t, req(prepare('k', wireBallot({ proposer: 'é'.repeat(65) }))), /130 bytes, more than 128/, 'proposer cap in bytes')
  rejects(t, req(prepare('k', wireBallot({ proposer: '\ud800' }))), /prepare\.ballot\.proposer: not well-formed/, 'ill-formed proposer')
  rejects(t, req(accept(wireState(), wireBallot({ proposer: '' }))), /accept\.ballot\.proposer: missing/, 'accept ballot')
  rejects(t, res({ conflict: {} }), /conflict\.promised: missing/, 'conflict without ballot')
  rejects(t, res({ conflict: { promised: wireBallot({ proposer: '' }) } }), /conflict\.promised\.proposer: missing/, 'conflict ballot')
  rejects(t, res({ promise: { accepted: { state: wireState() } } }), /promise\.accepted\.ballot: missing/, 'promise without ballot')
  rejects(t, res({ promise: { accepted: { ballot: wireBallot({ proposer: 'x'.repeat(200) }), state: wireState() } } }), /promise\.accepted\.ballot\.proposer: 200 bytes/, 'promise ballot')
})

t.test('rejects bad register states', async t => {
  const big = new Uint8Array(MAX_REGISTER_BYTES + 1)
  rejects(t, req(accept(null)), /accept\.state: missing/, 'accept without state')
  rejects(t, req(accept(wireState({ value: big }))), /accept\.state\.value: value is 65537 bytes, more than 65536/, 'oversize value')
  rejects(t, req(accept(wireState({ writeId: 'w'.repeat(MAX_WRITE_ID_CHARS + 1) }))), /accept\.state\.writeId: writeId is 129 characters/, 'long writeId')
  rejects(t, req(accept(wireState({ writeId: 'a\udfff' }))), /accept\.state\.writeId: .*lone surrogate/, 'ill-formed writeId')
  rejects(t, res({ promise: { accepted: { ballot: wireBallot() } } }), /promise\.accepted\.state: missing/, 'promise without state')
  rejects(t, res({ promise: { accepted: { ballot: wireBallot(), state: wireState({ value: big }) } } }), /promise\.accepted\.state\.value: value is 65537 bytes/, 'promise value')
  rejects(t, res({ promise: { accepted: { ballot: wireBallot(), state: wireState({ writeId: 'é'.repeat(129) }) } } }), /promise\.accepted\.state\.writeId/, 'promise writeId')
  rejects(t, res({ promise: { accepted: {} } }), /promise\.accepted\.ballot: missing/, 'an empty accepted state is not "none"')
  t.doesNotThrow(req(accept(wireState({ value: new Uint8Array(MAX_REGISTER_BYTES) }))), 'a value of exactly the cap is fine')
  t.doesNotThrow(req(accept(wireState({ writeId: '𝄞'.repeat(MAX_WRITE_ID_CHARS / 2) }))), '128 code units of astral characters')
})

t.test('u64 fields: anything >= 2^64 is refused when encoding and cannot come out of decoding', async t => {
  const bug = (f: () => unknown, pattern: RegExp, what: string): void => { t.throws(f, { name: 'RangeError', message: pattern }, what) }
  bug(() => codec.encodeRequest({ type: 'prepare', key: 'k', epoch: 2n ** 64n, ballot: ballot() }), /prepare\.epoch: 18446744073709551616 is not a u64/, 'epoch')
  bug(() => codec.encodeRequest({ type: 'prepare', key: 'k', epoch: -1n, ballot: ballot() }), /prepare\.epoch: -1 is not a u64/, 'negative epoch')
  bug(() => codec.encodeRequest({ type: 'prepare', key: 'k', epoch: 0 as unknown as bigint, ballot: ballot() }), /prepare\.epoch/, 'a number is not a u64')
  bug(() => codec.encodeRequest({ type: 'prepare', key: 'k', epoch: 0n, ballot: ballot({ counter: 2n ** 64n }) }), /prepare\.ballot\.counter/, 'counter')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'k', epoch: 2n ** 64n, ballot: ballot(), state: state() }), /accept\.epoch/, 'accept epoch')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot({ counter: -1n }), state: state() }), /accept\.ballot\.counter/, 'accept counter')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: state({ version: 2n ** 64n }) }), /accept\.state\.version/, 'version')
  bug(() => codec.encodeResponse({ type: 'conflict', promised: ballot({ counter: 2n ** 64n }) }), /conflict\.promised\.counter/, 'conflict counter')
  bug(() => codec.encodeResponse({ type: 'promise', accepted: { ballot: ballot(), state: state({ version: -2n }) } }), /promise\.accepted\.state\.version/, 'promise version')
  // A 10-byte varint carrying bits above bit 63: protobuf readers keep the low 64 bits.
  const overlong = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
  const ballotBytes = [0x08, ...overlong, 0x12, 0x01, 0x70] // counter, proposer "p"
  const prep = [0x0a, 0x01, 0x6b, 0x10, ...overlong, 0x1a, ballotBytes.length, ...ballotBytes] // key "k", epoch, ballot
  const decoded = codec.decodeRequest(bytes(0x0a, prep.length, ...prep))
  t.ok(decoded.type === 'prepare' && decoded.epoch === U64_MAX && decoded.ballot.counter === U64_MAX, 'epoch and counter decode to u64s')
})

t.test('rejects messages with no known type', async t => {
  rejects(t, () => codec.decodeRequest(new Uint8Array(0)), /coord request has no known type/, 'empty request')
  rejects(t, () => codec.decodeResponse(new Uint8Array(0)), /coord response has no known type/, 'empty response')
  rejects(t, () => codec.decodeRequest(bytes(0x78, 0x01)), /no known type/, 'only an unknown field')
  rejects(t, () => codec.decodeResponse(bytes(0x7a, 0x00)), /no known type/, 'an unknown message field (15)')
})

t.test('encoding a malformed message is a RangeError (a bug of the caller)', async t => {
  const bug = (f: () => unknown, pattern: RegExp, what: string): void => { t.throws(f, { name: 'RangeError', message: pattern }, what) }
  bug(() => codec.encodeRequest({ type: 'prepare', key: '', epoch: 0n, ballot: ballot() }), /prepare\.key: key is empty/, 'empty key')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'a\nb', epoch: 0n, ballot: ballot(), state: state() }), /accept\.key: key has a control/, 'control in key')
  bug(() => codec.encodeRequest({ type: 'prepare', key: 'k', epoch: 0n, ballot: ballot({ proposer: '' }) }), /prepare\.ballot\.proposer: missing/, 'no proposer')
  bug(() => codec.encodeRequest({ type: 'prepare', key: 'k', epoch: 0n, ballot: undefined as unknown as Ballot }), /prepare\.ballot: missing/, 'no ballot')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: undefined as unknown as RegisterState }), /accept\.state: missing/, 'no state')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: state({ value: undefined as unknown as null }) }), /accept\.state\.value: value is not a Uint8Array or null/, 'undefined value')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: state({ value: new Uint8Array(MAX_REGISTER_BYTES + 1) }) }), /accept\.state\.value: value is 65537 bytes/, 'oversize value')
  bug(() => codec.encodeRequest({ type: 'accept', key: 'k', epoch: 0n, ballot: ballot(), state: state({ writeId: 'w'.repeat(129) }) }), /accept\.state\.writeId/, 'long writeId')
  bug(() => codec.encodeResponse({ type: 'promise', accepted: undefined as unknown as null }), /promise\.accepted: missing/, 'undefined accepted is not null')
  bug(() => codec.encodeResponse({ type: 'promise', accepted: { ballot: ballot(), state: null as unknown as RegisterState } }), /promise\.accepted\.state: missing/, 'accepted without state')
  bug(() => codec.encodeResponse({ type: 'conflict', promised: ballot({ proposer: 'x'.repeat(129) }) }), /conflict\.promised\.proposer: 129 bytes/, 'long proposer')
  bug(() => codec.encodeRequest({ type: 'nope' } as unknown as CoordRequest), /unknown coord request type "nope"/, 'unknown request type')
  bug(() => codec.encodeResponse({ type: 'nope' } as unknown as CoordResponse), /unknown coord response type "nope"/, 'unknown response type')
})

t.test('rejects bytes that are not protobuf, and oversize messages', async t => {
  rejects(t, () => codec.decodeRequest(bytes(0x0a, 0x05, 0x01)), /coord request is not valid protobuf/, 'truncated length-delimited field')
  rejects(t, () => codec.decodeRequest(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), /not valid protobuf/, 'runaway varint')
  rejects(t, () => codec.decodeResponse(bytes(0x0f)), /coord response is not valid protobuf/, 'wire type 7')
  t.throws(() => codec.decodeRequest(new Uint8Array(MAX_COORD_MESSAGE_BYTES + 1)), { name: 'TooLargeError', code: 'TooLarge' }, 'request over the cap')
  t.throws(() => codec.decodeResponse(new Uint8Array(MAX_COORD_MESSAGE_BYTES + 1)), { name: 'TooLargeError' }, 'response over the cap')
  // The largest valid message fits well within the cap.
  const largest = codec.encodeRequest(requests[requests.length - 1])
  t.ok(largest.length > MAX_REGISTER_BYTES && largest.length < MAX_COORD_MESSAGE_BYTES, `largest request is ${largest.length} bytes`)
})

t.test('property: random bytes never escape as anything but BadMessageError, TooLargeError or a valid message', async t => {
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
        const decoded = decode(b)
        assert.ok(decoded != null && typeof decoded === 'object')
      } catch (err) {
        const name = (err as Error).name
        if (name !== 'BadMessageError' && name !== 'TooLargeError') throw err
      }
    }
  }), { numRuns: 3000 })
  t.pass('no other error escaped')
})

t.test('property: whatever decodes re-encodes to a message that decodes the same', async t => {
  const valid = [...requests.map(r => codec.encodeRequest(r)), ...responses.map(r => codec.encodeResponse(r))]
  fc.assert(fc.property(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (msg, edits) => {
    const b = Uint8Array.from(msg)
    for (const [at, v] of edits) b[at % b.length] = v
    for (const [decode, encode] of [
      [codec.decodeRequest, codec.encodeRequest as (m: unknown) => Uint8Array],
      [codec.decodeResponse, codec.encodeResponse as (m: unknown) => Uint8Array]
    ] as const) {
      let decoded: unknown
      try {
        decoded = decode(b)
      } catch {
        continue
      }
      // Anything the decoder accepts is something the encoder accepts too.
      assert.deepStrictEqual(decode(encode(decoded)), decoded)
    }
  }), { numRuns: 2000 })
  t.pass('decoded messages are always encodable')
})

t.test('group, client and rescan messages round-trip and are validated', async t => {
  const member = { peerId: PEER, incarnation: 'inc-1', addrs: ['/ip4/127.0.0.1/tcp/4001'] }
  const other = { peerId: 'sim-2', incarnation: '', addrs: [] }
  const config = { epoch: 5n, members: [member, other].sort((a, b) => a.peerId < b.peerId ? -1 : 1) }
  const reqs: CoordRequest[] = [
    { type: 'adopt', config },
    { type: 'status' },
    { type: 'listKeys', epoch: 5n, after: '', limit: 256 },
    { type: 'listKeys', epoch: 5n, after: 'lock/a', limit: 1 },
    { type: 'get', key: 'k', stale: true },
    { type: 'put', key: 'k', value: null, ifVersion: null, writeId: 'w' },
    { type: 'put', key: 'k', value: bytes(1), ifVersion: 0n, writeId: 'w2' },
    { type: 'watch', key: 'k', after: 3n, waitMs: 60_000 }
  ]
  for (const r of reqs) t.same(codec.decodeRequest(codec.encodeRequest(r)), r, r.type)
  const ress: CoordResponse[] = [
    { type: 'status', config, incarnation: 'inc-1', mismatch: true },
    { type: 'status', config: null, incarnation: 'x', mismatch: false },
    { type: 'keys', keys: ['a', 'b'], more: true },
    { type: 'entry', state: state() },
    { type: 'put', ok: true, version: 9n },
    { type: 'put', ok: false, current: state() },
    { type: 'watch', events: [state(), state({ version: 5n })], resync: false }
  ]
  for (const r of ress) t.same(codec.decodeResponse(codec.encodeResponse(r)), r, r.type)

  const refuse = (w: Parameters<typeof WireRequest.encode>[0], what: string): void => {
    t.throws(() => codec.decodeRequest(WireRequest.encode(w)), { name: 'BadMessageError' }, what)
  }
  refuse({ adopt: {} }, 'adopt without a configuration')
  refuse({ adopt: { config: { epoch: 1n, members: [{ peerId: 'b', incarnation: 'i', addrs: [] }, { peerId: 'a', incarnation: 'i', addrs: [] }] } } }, 'members out of order')
  refuse({ adopt: { config: { epoch: 1n, members: [{ peerId: 'a', incarnation: 'i', addrs: [] }, { peerId: 'a', incarnation: 'j', addrs: [] }] } } }, 'a member twice')
  refuse({ adopt: { config: { epoch: 1n, members: Array.from({ length: 16 }, (_, i) => ({ peerId: `p${String(i).padStart(2, '0')}`, incarnation: 'i', addrs: [] })) } } }, 'too many members')
  refuse({ adopt: { config: { epoch: 1n, members: [{ peerId: '', incarnation: 'i', addrs: [] }] } } }, 'empty peer id')
  refuse({ adopt: { config: { epoch: 1n, members: [{ peerId: 'a', incarnation: 'i'.repeat(65), addrs: [] }] } } }, 'incarnation too long')
  refuse({ listKeys: { epoch: 1n, after: '', limit: 257 } }, 'listKeys limit above the cap')
  refuse({ listKeys: { epoch: 1n, after: 'bad\u0001', limit: 1 } }, 'listKeys after with a control character')
  refuse({ get: { key: '', stale: false } }, 'get with an empty key')
  refuse({ put: { key: 'k', writeId: '' } }, 'put without a write id')
  refuse({ put: { key: 'k', writeId: 'w', value: new Uint8Array(MAX_REGISTER_BYTES + 1) } }, 'put with an oversized value')
  refuse({ watch: { key: 'k', after: 0n, waitMs: 60_001 } }, 'watch waiting too long')
  t.throws(() => codec.decodeResponse(WireResponse.encode({ put: { ok: false, version: 0n } })), { name: 'BadMessageError' }, 'a refused put without the current state')
  t.throws(() => codec.decodeResponse(WireResponse.encode({ entry: {} })), { name: 'BadMessageError' }, 'an entry without a state')
})
