import t from 'tap'
import fc from 'fast-check'
import { inHalfOpen, inOpen, hashToId, idToHex, hexToId, idToBytes, bytesToId, add, sub, ringSize, distance, compareClockwise } from '../../ring/id.ts'
import { cw, idIn, RUNS } from './arbitraries.ts'

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

// Model: walk the circle one step at a time from a (exclusive) to b (inclusive).
function walkHalfOpen (a: bigint, b: bigint, m: number): Set<bigint> {
  const size = 1n << BigInt(m)
  const visited = new Set<bigint>()
  let x = a
  do {
    x = (x + 1n) % size
    visited.add(x)
  } while (x !== b)
  return visited
}

t.test('(a, b] and (a, b) agree with walking the circle, for every a, b, x at m = 4', async t => {
  const m = 4
  const size = 1n << BigInt(m)
  let mismatches = 0
  for (let a = 0n; a < size; a++) {
    for (let b = 0n; b < size; b++) {
      const halfOpen = walkHalfOpen(a, b, m)
      for (let x = 0n; x < size; x++) {
        if (inHalfOpen(x, a, b) !== halfOpen.has(x)) mismatches++
        if (inOpen(x, a, b) !== (halfOpen.has(x) && x !== b)) mismatches++
      }
    }
  }
  t.equal(mismatches, 0)
})

t.test('(a, b] agrees with walking the circle for random a, b, x at m = 8 and m = 10', async t => {
  for (const m of [8, 10]) {
    fc.assert(fc.property(idIn(m), idIn(m), idIn(m), (a, b, x) => {
      const walked = walkHalfOpen(a, b, m)
      return inHalfOpen(x, a, b) === walked.has(x) && inOpen(x, a, b) === (walked.has(x) && x !== b)
    }), { numRuns: RUNS })
  }
  t.pass('no counterexample')
})

t.test('(a, b] is x ∈ (a, b] ⟺ 0 < cw(a, x) ≤ cw(a, b) (the whole circle, a included, when a == b) at m = 160', async t => {
  const m = 160
  fc.assert(fc.property(idIn(m), idIn(m), idIn(m), fc.boolean(), (a, b0, x0, pickEnds) => {
    // Bias towards the ends, where the off-by-one bugs live.
    const b = pickEnds ? a : b0
    const x = pickEnds ? b0 : x0
    const dx = cw(a, x, m)
    const db = a === b ? 1n << 160n : cw(a, b, m)
    // (a, a] is the whole circle, a included: a ring of one vnode owns every key.
    return inHalfOpen(x, a, b) === (a === b || (dx > 0n && dx <= db)) &&
      inOpen(x, a, b) === (dx > 0n && dx < db)
  }), { numRuns: RUNS })
  t.ok(inHalfOpen(5n, 5n, 5n) && !inOpen(5n, 5n, 5n))
})

t.test('compareClockwise orders ids by clockwise distance from the origin', async t => {
  for (const m of [8, 160]) {
    fc.assert(fc.property(idIn(m), idIn(m), idIn(m), (origin, a, b) => {
      const da = cw(origin, a, m)
      const db = cw(origin, b, m)
      return Math.sign(compareClockwise(origin, a, b)) === (da < db ? -1 : da > db ? 1 : 0)
    }), { numRuns: RUNS })
  }
  t.equal(compareClockwise(10n, 10n, 11n), -1, 'the origin comes first')
  t.equal(compareClockwise(10n, 9n, 0n), 1, 'ids just before the origin come last')
})

t.test('add and sub are inverse modulo 2^m; distance(a, b) = sub(b, a)', async t => {
  for (const m of [8, 160]) {
    fc.assert(fc.property(idIn(m), idIn(m), (a, b) =>
      add(sub(a, b, m), b, m) === a && distance(a, b, m) === cw(a, b, m) && sub(a, b, m) < ringSize(m)
    ), { numRuns: RUNS })
  }
  t.pass('no counterexample')
})
