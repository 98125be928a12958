import t from 'tap'
import { kvCodec } from '../../node/protocol/kv-codec.ts'
import { coordCodec } from '../../node/protocol/coord-codec.ts'

// protons-runtime 8.0.1 mis-encodes uint64 values in [2^31, 2^32) (node/protocol/uint64-fix.ts).
const edges = [0n, 1n, 2n ** 31n - 1n, 2n ** 31n, 2_592_001_000n, 3_000_000_000n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n]

t.test('every u64 field value survives the KV wire, including [2^31, 2^32)', async t => {
  const codec = kvCodec(160)
  for (const v of edges) {
    const req = { type: 'mutate' as const, op: 'incr' as const, key: 'n', delta: v, hops: 0 }
    t.same(codec.decodeRequest(codec.encodeRequest(req)), req, `delta ${v}`)
    const res = { type: 'mutated' as const, status: 'OK' as const, value: v, copies: 1, owner: 'p' }
    t.same(codec.decodeResponse(codec.encodeResponse(res)), res, `incr result ${v}`)
  }
})

t.test('register versions and ballots survive the coordination wire', async t => {
  const codec = coordCodec()
  for (const v of edges) {
    const req = { type: 'accept' as const, key: 'k', epoch: v, ballot: { counter: v, proposer: 'p' }, state: { value: null, version: v, writeId: 'w' } }
    t.same(codec.decodeRequest(codec.encodeRequest(req)), req, `u64 ${v}`)
  }
})
