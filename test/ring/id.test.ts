import t from 'tap'
import { inHalfOpen, inOpen, hashToId, idToHex, hexToId, idToBytes, bytesToId, add, sub, ringSize } from '../../ring/id.ts'

t.test('(a, b] includes b, excludes a, wraps around zero', async t => {
  t.ok(inHalfOpen(5n, 1n, 5n))
  t.notOk(inHalfOpen(1n, 1n, 5n))
  t.ok(inHalfOpen(0n, 250n, 3n))
  t.ok(inHalfOpen(251n, 250n, 3n))
  t.notOk(inHalfOpen(100n, 250n, 3n))
  t.ok(inHalfOpen(7n, 7n, 7n), 'a == b is the whole circle')
})

t.test('(a, b) excludes both ends; a == b is everything but a', async t => {
  t.notOk(inOpen(5n, 1n, 5n))
  t.ok(inOpen(3n, 1n, 5n))
  t.notOk(inOpen(7n, 7n, 7n))
  t.ok(inOpen(8n, 7n, 7n))
})

t.test('hash, hex and bytes round-trip at m = 160 and m = 8', async t => {
  for (const m of [160, 8, 13, 256]) {
    const id = hashToId('hello', m)
    t.ok(id < ringSize(m))
    t.equal(hexToId(idToHex(id, m), m), id)
    t.equal(bytesToId(idToBytes(id, m), m), id)
  }
  t.equal(add(ringSize(8) - 1n, 2n, 8), 1n)
  t.equal(sub(1n, 2n, 8), 255n)
  t.throws(() => hexToId('abc'), RangeError)
  t.throws(() => bytesToId(new Uint8Array(3)), RangeError)
})
