import t from 'tap'
import fc from 'fast-check'
import { fingerStart, fingerStarts, closestPreceding, closestPrecedingList, distinctFingers } from '../../ring/fingers.ts'
import { inHalfOpen } from '../../ring/id.ts'
import { primaryOf } from '../../ring/placement.ts'
import { cw, idIn, modelPrimary, ringArb, RUNS } from './arbitraries.ts'
import type { TestVnode } from './arbitraries.ts'

const node = (id: bigint): { id: bigint } => ({ id })

/** Model: among candidates c with 0 < cw(self, c) < cw(self, key) (key == self: the whole circle), the largest cw(self, c). */
function modelClosestPreceding (key: bigint, self: bigint, candidates: readonly { id: bigint }[], m: number): { id: bigint } | undefined {
  const limit = key === self ? 1n << BigInt(m) : cw(self, key, m)
  let best: { id: bigint } | undefined
  for (const c of candidates) {
    const d = cw(self, c.id, m)
    if (d > 0n && d < limit && (best === undefined || d > cw(self, best.id, m))) best = c
  }
  return best
}

t.test('finger i starts at id + 2^i mod 2^m and wraps past zero', async t => {
  t.equal(fingerStart(0n, 0, 8), 1n)
  t.equal(fingerStart(250n, 3, 8), 2n, '250 + 8 wraps to 2')
  t.equal(fingerStart(200n, 7, 8), 72n, 'the last finger is half way round')
  t.equal(fingerStart(255n, 0, 8), 0n)
  t.equal(fingerStart((1n << 160n) - 1n, 159), (1n << 159n) - 1n)
  t.same(fingerStarts(3n, 4), [4n, 5n, 7n, 11n].map(x => x % 16n))
  t.equal(fingerStarts(10n, 160).length, 160)
  t.throws(() => fingerStart(0n, 8, 8), RangeError, 'i = m is out of range')
  t.throws(() => fingerStart(0n, -1, 8), RangeError)
  t.throws(() => fingerStart(0n, 1.5, 8), RangeError)
  t.throws(() => fingerStart(0n, 0, 0), RangeError, 'm = 0 is rejected')
})

t.test('closest preceding node lies strictly inside (self, key), nearest key', async t => {
  const candidates = [10n, 20n, 30n, 200n, 250n].map(node)
  t.equal(closestPreceding(25n, 5n, candidates)?.id, 20n)
  t.equal(closestPreceding(30n, 5n, candidates)?.id, 20n, 'a candidate at key is excluded (open end)')
  t.equal(closestPreceding(25n, 20n, candidates), undefined, 'a candidate at self is excluded; nothing in (20, 25)')
  t.equal(closestPreceding(5n, 240n, candidates)?.id, 250n, 'interval wraps past zero')
  t.equal(closestPreceding(15n, 240n, candidates)?.id, 10n, 'wrapped interval prefers the id after zero')
  t.equal(closestPreceding(20n, 20n, candidates)?.id, 10n, 'key == self: whole circle but self, nearest before self')
  t.equal(closestPreceding(20n, 20n, [node(20n)]), undefined, 'only self is known')
  t.equal(closestPreceding(20n, 5n, []), undefined, 'no candidates')
  t.same(closestPrecedingList(20n, 5n, [], 3), [])
})

t.test('closest preceding agrees with a brute-force scan (m = 10 and m = 160)', async t => {
  for (const m of [10, 160]) {
    fc.assert(fc.property(idIn(m), idIn(m), fc.array(idIn(m), { maxLength: 30 }), fc.boolean(), (key, self0, ids, keyIsSelf) => {
      const self = keyIsSelf ? key : self0
      // Add candidates at self and key, which must never be chosen.
      const candidates = [...ids, self, key].map(node)
      const want = modelClosestPreceding(key, self, candidates, m)
      const got = closestPreceding(key, self, candidates)
      return got?.id === want?.id
    }), { numRuns: RUNS })
  }
  t.pass('no counterexample')
})

t.test('closest preceding list is distinct, inside (self, key), best first, at most limit, and starts with closestPreceding', async t => {
  const m = 10
  fc.assert(fc.property(idIn(m), idIn(m), fc.array(idIn(m), { maxLength: 30 }), fc.integer({ min: 0, max: 8 }), (key, self, ids, limit) => {
    const candidates = [...ids, ...ids.slice(0, 3)].map(node) // with repeats
    const list = closestPrecedingList(key, self, candidates, limit)
    const all = closestPrecedingList(key, self, candidates)
    const inRange = new Set(candidates.filter(c => modelClosestPreceding(key, self, [c], m) !== undefined).map(c => c.id))
    const ids2 = list.map(c => c.id)
    return list.length === Math.min(limit, inRange.size) &&
      all.length === inRange.size &&
      new Set(ids2).size === ids2.length &&
      ids2.every(id => inRange.has(id)) &&
      ids2.every((id, i) => i === 0 || cw(self, id, m) < cw(self, ids2[i - 1], m)) &&
      all[0]?.id === closestPreceding(key, self, candidates)?.id &&
      ids2.every((id, i) => all[i].id === id)
  }), { numRuns: RUNS })
  t.throws(() => closestPrecedingList(1n, 2n, [], -1), RangeError)
})

t.test('distinct fingers drop consecutive repeats and empty slots, keep order', async t => {
  const [a, b, c] = [node(1n), node(5n), node(9n)]
  t.same(distinctFingers([a, a, a, b, b, c]).map(f => f.id), [1n, 5n, 9n])
  t.same(distinctFingers([a, b, a]).map(f => f.id), [1n, 5n, 1n], 'only consecutive repeats go')
  t.same(distinctFingers([undefined, a, null, a, b]).map(f => f.id), [1n, 5n])
  t.same(distinctFingers([]), [])
})

// Chord's lookup (Stoica et al. 2001, Fig. 5) with ideal fingers: forward to the closest
// preceding finger until key ∈ (n, successor(n)].
function lookup (ring: readonly TestVnode[], from: TestVnode, key: bigint, m: number): { owner: TestVnode, hops: number } {
  const successorOf = (v: TestVnode): TestVnode => ring[(ring.indexOf(v) + 1) % ring.length]
  const fingersOf = (v: TestVnode): TestVnode[] => distinctFingers(fingerStarts(v.id, m).map(s => primaryOf(s, ring)))
  let n = from
  let hops = 0
  while (!inHalfOpen(key, n.id, successorOf(n).id)) {
    n = closestPreceding(key, n.id, fingersOf(n)) ?? successorOf(n)
    hops++
    if (hops > m) throw new Error('lookup did not converge')
  }
  return { owner: successorOf(n), hops }
}

t.test('routing by closest preceding finger finds the primary in at most m hops', async t => {
  for (const m of [10, 64]) {
    fc.assert(fc.property(ringArb(m, { maxVnodes: 30 }), idIn(m), fc.nat(), (ring, key, start) => {
      const { owner, hops } = lookup(ring, ring[start % ring.length], key, m)
      return owner.id === modelPrimary(key, ring, m)?.id && hops <= m
    }), { numRuns: 100 })
  }
  t.pass('no counterexample')
})
