import t from 'tap'
import fc from 'fast-check'
import { mergeSuccessorList, sortClockwiseFrom, successorListFromView } from '../../ring/successors.ts'
import { cw, idIn, ringArb, RUNS } from './arbitraries.ts'

const node = (id: bigint): { id: bigint } => ({ id })
const ids = (nodes: readonly { id: bigint }[]): bigint[] => nodes.map(n => n.id)

/** The brief's naive rule: [head, ...list], first occurrence of each id, selfId dropped, truncated. */
function naiveMerge (selfId: bigint, head: { id: bigint }, list: readonly { id: bigint }[], length: number): bigint[] {
  const out: bigint[] = []
  for (const e of [head, ...list]) {
    if (e.id !== selfId && !out.includes(e.id)) out.push(e.id)
  }
  return out.slice(0, length)
}

t.test('merged successor list: head, then the successor\'s list, self and repeats dropped, truncated', async t => {
  t.same(ids(mergeSuccessorList(10n, node(20n), [30n, 40n, 50n].map(node), 3)), [20n, 30n, 40n])
  t.same(ids(mergeSuccessorList(10n, node(20n), [30n].map(node), 4)), [20n, 30n], 'shorter when little is known')
  t.same(ids(mergeSuccessorList(250n, node(5n), [9n, 200n].map(node), 4)), [5n, 9n, 200n], 'wraps past zero in order')
  // Ring {10, 20, 30} with s = 5: 20's list wraps round through 10 and repeats.
  t.same(ids(mergeSuccessorList(10n, node(20n), [30n, 10n, 20n, 30n].map(node), 5)), [20n, 30n], 'a small ring gives a list of the other nodes')
  t.same(ids(mergeSuccessorList(10n, node(10n), [10n, 10n].map(node), 3)), [], 'a ring of one: nothing but self')
  t.same(ids(mergeSuccessorList(10n, node(10n), [20n].map(node), 3)), [20n], 'head equal to self is dropped too')
  t.same(ids(mergeSuccessorList(10n, node(20n), [30n].map(node), 0)), [], 'length 0')
  // A stale list that names a node between self and head after wrapping is not appended out of order.
  t.same(ids(mergeSuccessorList(10n, node(20n), [30n, 10n, 15n].map(node), 5)), [20n, 30n], 'entries past self are dropped')
  t.throws(() => mergeSuccessorList(1n, node(2n), [], -1), RangeError)
})

t.test('merged list is ordered clockwise from self, distinct, without self, within length, head first', async t => {
  for (const m of [8, 160]) {
    fc.assert(fc.property(idIn(m), idIn(m), fc.array(idIn(m), { maxLength: 12 }), fc.integer({ min: 0, max: 8 }), (self, head, list, length) => {
      const merged = ids(mergeSuccessorList(self, node(head), list.map(node), length))
      const input = new Set([head, ...list])
      return merged.length <= length &&
        !merged.includes(self) &&
        merged.every(id => input.has(id)) &&
        merged.every((id, i) => i === 0 || cw(self, id, m) > cw(self, merged[i - 1], m)) &&
        (length === 0 || head === self || merged[0] === head)
    }), { numRuns: RUNS })
  }
  t.pass('no counterexample')
})

t.test('on an ordered list (a successor\'s true list) the merge is exactly the naive dedupe-and-drop-self rule', async t => {
  const m = 10
  fc.assert(fc.property(ringArb(m, { minVnodes: 2, maxVnodes: 20 }), fc.nat(), fc.integer({ min: 1, max: 10 }), (ring, pick, length) => {
    const self = ring[pick % ring.length]
    const [head] = successorListFromView(self.id, ring, 1)
    // The successor's list of length s, padded by wrapping as Zave's model does for small rings.
    const headList = successorListFromView(head.id, ring, length)
    const wrapped = [...headList, ...headList, self]
    const merged = ids(mergeSuccessorList(self.id, head, wrapped, length))
    return merged.join() === naiveMerge(self.id, head, wrapped, length).join()
  }), { numRuns: RUNS })
  t.pass('no counterexample')
})

t.test('stabilization is a fixpoint on a correct ring: merging the successor\'s ideal list gives the ideal list', async t => {
  for (const m of [10, 160]) {
    fc.assert(fc.property(ringArb(m, { minVnodes: 1, maxVnodes: 25 }), fc.nat(), fc.integer({ min: 1, max: 8 }), (ring, pick, s) => {
      const self = ring[pick % ring.length]
      const ideal = successorListFromView(self.id, ring, s)
      if (ideal.length === 0) return ring.length === 1
      const merged = mergeSuccessorList(self.id, ideal[0], successorListFromView(ideal[0].id, ring, s), s)
      return ids(merged).join() === ids(ideal).join()
    }), { numRuns: RUNS })
  }
  t.pass('no counterexample')
})

t.test('successor list from a view: the next distinct nodes strictly after self, wrapping, never self', async t => {
  const ring = [5n, 10n, 10n, 200n, 250n].map(node)
  t.same(ids(successorListFromView(10n, ring, 3)), [200n, 250n, 5n])
  t.same(ids(successorListFromView(250n, ring, 9)), [5n, 10n, 200n], 'fewer nodes than length: every other node once')
  t.same(ids(successorListFromView(7n, ring, 2)), [10n, 200n], 'self need not be in the view')
  t.same(ids(successorListFromView(255n, ring, 1)), [5n], 'wraps from the top of the circle')
  t.same(ids(successorListFromView(5n, [node(5n)], 3)), [], 'a ring of one')
  t.same(ids(successorListFromView(5n, [], 3)), [], 'an empty view')
  const m = 10
  fc.assert(fc.property(ringArb(m, { minVnodes: 0 }), idIn(m), fc.integer({ min: 0, max: 12 }), (sorted, self, length) => {
    const model = [...sorted].filter(v => v.id !== self).sort((a, b) => (cw(self, a.id, m) < cw(self, b.id, m) ? -1 : 1)).slice(0, length)
    return ids(successorListFromView(self, sorted, length)).join() === ids(model).join()
  }), { numRuns: RUNS })
})

t.test('sortClockwiseFrom orders by clockwise distance from self, self first, distinct ids', async t => {
  t.same(ids(sortClockwiseFrom(100n, [5n, 150n, 100n, 99n, 150n].map(node))), [100n, 150n, 5n, 99n])
  t.same(sortClockwiseFrom(1n, []), [])
  for (const m of [8, 160]) {
    fc.assert(fc.property(idIn(m), fc.array(idIn(m), { maxLength: 30 }), (self, list) => {
      const sorted = ids(sortClockwiseFrom(self, list.map(node)))
      return sorted.length === new Set(list).size &&
        sorted.every((id, i) => i === 0 || cw(self, id, m) > cw(self, sorted[i - 1], m))
    }), { numRuns: RUNS })
  }
})
