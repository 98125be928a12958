import t from 'tap'
import type { Test } from 'tap'
import fc from 'fast-check'
import assert from 'node:assert/strict'
import { ringCodec } from '../../node/protocol/ring-codec.ts'
import { NodeRef as WireNodeRef, RingRequest as WireRequest, RingResponse as WireResponse } from '../../node/protocol/ring.js'
import {
  MAX_ADDR_BYTES, MAX_ADDRS, MAX_NODE_REFS, MAX_PEER_ID_BYTES, MAX_RING_MESSAGE_BYTES, RING_PROTOCOL
} from '../../node/chord/messages.ts'
import type { NodeRef, RingRequest, RingResponse } from '../../node/chord/messages.ts'
import { idToBytes, ringSize } from '../../ring/id.ts'

const M = 160
const codec = ringCodec(M)
const PEER = '12D3KooWA3B87Lmc5fcLo5w77TEXVTBEe6Ujfs9LtDJSPfLTBNWG'
const node = (id: bigint, addrs: string[] = ['/ip4/127.0.0.1/tcp/4001']): NodeRef => ({ id, peerId: PEER, addrs })
const wireNode = (over: Partial<WireNodeRef> = {}): WireNodeRef => ({
  id: idToBytes(7n, M) as Uint8Array<ArrayBuffer>, peerId: PEER, addrs: [], ...over
})

const requests: RingRequest[] = [
  { type: 'ping' },
  { type: 'ping', target: 0n },
  { type: 'ping', target: ringSize(M) - 1n },
  { type: 'vnodes' },
  { type: 'getState', target: 123456789n },
  { type: 'notify', target: 5n, candidate: node(4n) },
  { type: 'findSuccessor', key: 2n ** 159n },
  { type: 'findSuccessor', key: 5n, exclude: ['12D3KooWdead', 'sim-1-2'] },
  { type: 'leaving', target: 9n, leaver: node(8n), predecessor: null, successors: [] },
  { type: 'leaving', target: 9n, leaver: node(8n), predecessor: node(7n, []), successors: [node(9n), node(10n)] }
]

const responses: RingResponse[] = [
  { type: 'pong' },
  { type: 'ok' },
  { type: 'vnodes', vnodes: [] },
  { type: 'vnodes', vnodes: [node(1n), node(2n, [])] },
  { type: 'state', predecessor: null, successors: [], member: false },
  { type: 'state', predecessor: node(3n), successors: [node(4n), node(5n)], member: true },
  { type: 'step', done: true, nodes: [node(6n)] },
  { type: 'step', done: false, nodes: [] }
]

t.test('every request and response type round-trips exactly', async t => {
  t.equal(codec.protocol, RING_PROTOCOL)
  t.equal(codec.maxMessageBytes, MAX_RING_MESSAGE_BYTES)
  for (const req of requests) {
    t.strictSame(codec.decodeRequest(codec.encodeRequest(req)), req, `request ${req.type}`)
  }
  for (const res of responses) {
    t.strictSame(codec.decodeResponse(codec.encodeResponse(res)), res, `response ${res.type}`)
  }
})

t.test('a ping without target decodes without a target key (not target: undefined)', async t => {
  const decoded = codec.decodeRequest(codec.encodeRequest({ type: 'ping' }))
  t.notOk('target' in decoded)
})

t.test('ids round-trip at small m, where the top byte is partial', async t => {
  const small = ringCodec(12)
  for (const id of [0n, 1n, 255n, 256n, 4095n]) {
    t.strictSame(small.decodeRequest(small.encodeRequest({ type: 'findSuccessor', key: id })), { type: 'findSuccessor', key: id })
  }
  t.throws(() => small.encodeRequest({ type: 'findSuccessor', key: 4096n }), RangeError, 'encoding an id >= 2^m is a bug, not a message')
  t.throws(() => small.encodeRequest({ type: 'findSuccessor', key: -1n }), RangeError)
  t.throws(() => ringCodec(0), RangeError)
})

// Characters of 1 to 4 UTF-8 bytes, strings short enough to stay within the byte caps (the
// caps themselves are tested exactly below).
const char = fc.constantFrom('a', 'Z', '/', '9', '.', 'é', '€', '𝄞')
const arbNodeRef = (m: number): fc.Arbitrary<NodeRef> => fc.record({
  id: fc.bigInt({ min: 0n, max: ringSize(m) - 1n }),
  peerId: fc.string({ minLength: 1, maxLength: 32, unit: char }),
  addrs: fc.array(fc.string({ minLength: 1, maxLength: 24, unit: char }), { maxLength: MAX_ADDRS })
}).map(n => ({ ...n })) // fc.record builds null-prototype objects; decoding builds plain ones

t.test('property: random states, steps and leaves round-trip at random m', async t => {
  const arbCase = fc.integer({ min: 1, max: 256 }).chain(m => fc.record({
    m: fc.constant(m),
    predecessor: fc.option(arbNodeRef(m), { nil: null }),
    nodes: fc.array(arbNodeRef(m), { maxLength: 6 }),
    member: fc.boolean(),
    target: fc.bigInt({ min: 0n, max: ringSize(m) - 1n })
  }))
  fc.assert(fc.property(arbCase, ({ m, predecessor, nodes, member, target }) => {
    const c = ringCodec(m)
    const state: RingResponse = { type: 'state', predecessor, successors: nodes, member }
    const step: RingResponse = { type: 'step', done: member, nodes }
    const leaving: RingRequest = { type: 'leaving', target, leaver: nodes[0] ?? { id: target, peerId: 'p', addrs: [] }, predecessor, successors: nodes }
    assert.deepStrictEqual(c.decodeResponse(c.encodeResponse(state)), state)
    assert.deepStrictEqual(c.decodeResponse(c.encodeResponse(step)), step)
    assert.deepStrictEqual(c.decodeRequest(c.encodeRequest(leaving)), leaving)
  }), { numRuns: 300 })
  t.pass('300 random cases round-tripped')
})

/** Asserts that bytes are rejected with a BadMessageError whose message matches. */
function rejects (t: Test, decode: () => unknown, pattern: RegExp, what: string): void {
  t.throws(decode, { name: 'BadMessageError', code: 'BadMessage', message: pattern }, what)
}

t.test('rejects ids of the wrong length, missing ids and ids >= 2^m', async t => {
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ getState: { target: new Uint8Array(19) } })), /getState\.target: an id is 20 bytes, got 19/, 'short id')
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ findSuccessor: { key: new Uint8Array(21), exclude: [] } })), /an id is 20 bytes, got 21/, 'long id')
  // Field 3 (get_state), an empty message: the target is absent.
  rejects(t, () => codec.decodeRequest(new Uint8Array([0x1a, 0x00])), /getState\.target: missing id/, 'missing id')
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ ping: { target: new Uint8Array(3) } })), /ping\.target/, 'present but wrong ping target')
  const m12 = ringCodec(12) // 2 bytes, top 4 bits must be zero
  rejects(t, () => m12.decodeRequest(WireRequest.encode({ findSuccessor: { key: new Uint8Array([0x10, 0x00]), exclude: [] } })), /does not fit in 12 bits/, 'id >= 2^m')
  rejects(t, () => codec.decodeResponse(WireResponse.encode({ vnodes: { vnodes: [wireNode({ id: new Uint8Array(2) as Uint8Array<ArrayBuffer> })] } })), /vnodes\.vnodes\[0\]\.id/, 'bad id inside a node ref')
})

t.test('rejects a findSuccessor exclude list that is too long or holds empty or oversized peer ids', async t => {
  const key = new Uint8Array(20)
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ findSuccessor: { key, exclude: Array.from({ length: 17 }, (_, i) => `p${i}`) } })), /exclude: 17 peers/, 'too many')
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ findSuccessor: { key, exclude: [''] } })), /exclude\[0\]/, 'empty peer id')
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ findSuccessor: { key, exclude: ['x'.repeat(129)] } })), /exclude\[0\]/, 'oversized peer id')
})

t.test('rejects messages with no known type and missing required node refs', async t => {
  rejects(t, () => codec.decodeRequest(new Uint8Array(0)), /no known type/, 'empty request')
  rejects(t, () => codec.decodeResponse(new Uint8Array(0)), /no known type/, 'empty response')
  // Field 15 (unknown to this version), varint 1: skipped, leaving no type.
  rejects(t, () => codec.decodeRequest(new Uint8Array([0x78, 0x01])), /no known type/, 'only an unknown field')
  const target = idToBytes(1n, M) as Uint8Array<ArrayBuffer>
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ notify: { target } })), /notify\.candidate: missing/, 'notify without candidate')
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ leaving: { target, successors: [] } })), /leaving\.leaver: missing/, 'leaving without leaver')
})

t.test('rejects bad peer ids and addresses', async t => {
  const res = (n: WireNodeRef): Uint8Array => WireResponse.encode({ step: { done: true, nodes: [n] } })
  rejects(t, () => codec.decodeResponse(res(wireNode({ peerId: '' }))), /step\.nodes\[0\]\.peerId: missing/, 'empty peer id')
  rejects(t, () => codec.decodeResponse(res(wireNode({ peerId: 'x'.repeat(MAX_PEER_ID_BYTES + 1) }))), /peerId: 129 bytes/, 'long peer id')
  // The cap is in bytes, not characters: 43 three-byte characters are 129 bytes.
  rejects(t, () => codec.decodeResponse(res(wireNode({ peerId: '€'.repeat(43) }))), /peerId: 129 bytes/, 'long peer id in UTF-8 bytes')
  t.doesNotThrow(() => codec.decodeResponse(res(wireNode({ peerId: 'x'.repeat(MAX_PEER_ID_BYTES) }))), 'a peer id of exactly the cap is fine')
  rejects(t, () => codec.decodeResponse(res(wireNode({ addrs: Array(MAX_ADDRS + 1).fill('/ip4/1.2.3.4/tcp/1') }))), /addrs: 17 addresses/, 'too many addrs')
  rejects(t, () => codec.decodeResponse(res(wireNode({ addrs: ['/ip4/1.2.3.4/tcp/1', 'a'.repeat(MAX_ADDR_BYTES + 1)] }))), /addrs\[1\]: 257 bytes/, 'long addr')
  rejects(t, () => codec.decodeResponse(res(wireNode({ addrs: [''] }))), /addrs\[0\]: empty/, 'empty addr')
})

t.test('rejects too many node refs', async t => {
  const many = Array.from({ length: MAX_NODE_REFS + 1 }, () => wireNode())
  rejects(t, () => codec.decodeResponse(WireResponse.encode({ state: { successors: many, member: true } })), /state\.successors: 65 node refs/, 'long successor list')
  rejects(t, () => codec.decodeResponse(WireResponse.encode({ step: { done: false, nodes: many } })), /step\.nodes: 65/, 'long step')
  const target = idToBytes(1n, M) as Uint8Array<ArrayBuffer>
  rejects(t, () => codec.decodeRequest(WireRequest.encode({ leaving: { target, leaver: wireNode(), successors: many } })), /leaving\.successors: 65/, 'long leave')
  t.throws(() => codec.encodeResponse({ type: 'vnodes', vnodes: Array.from({ length: MAX_NODE_REFS + 1 }, () => node(1n)) }), RangeError, 'encoding too many is a bug')
})

t.test('rejects bytes that are not protobuf, and oversize messages', async t => {
  rejects(t, () => codec.decodeRequest(new Uint8Array([0x0a, 0x05, 0x01])), /not valid protobuf/, 'truncated length-delimited field')
  rejects(t, () => codec.decodeRequest(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), /not valid protobuf/, 'runaway varint')
  rejects(t, () => codec.decodeResponse(new Uint8Array([0x0f])), /not valid protobuf/, 'wire type 7')
  t.throws(() => codec.decodeRequest(new Uint8Array(MAX_RING_MESSAGE_BYTES + 1)), { name: 'TooLargeError', code: 'TooLarge' }, 'request over the cap')
  t.throws(() => codec.decodeResponse(new Uint8Array(MAX_RING_MESSAGE_BYTES + 1)), { name: 'TooLargeError' }, 'response over the cap')
})

t.test('property: random bytes never escape as anything but BadMessageError or a valid message', async t => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), bytes => {
    for (const decode of [codec.decodeRequest, codec.decodeResponse]) {
      try {
        decode(bytes)
      } catch (err) {
        if ((err as Error).name !== 'BadMessageError') throw err
      }
    }
  }), { numRuns: 2000 })
  t.pass('no other error escaped')
})
