import t from 'tap'
import fc from 'fast-check'
import { RingView } from '../../ring/view.ts'
import { primaryOf, replicaSet } from '../../ring/placement.ts'
import { hashToId } from '../../ring/id.ts'
import { cw, idIn, modelPrimary, modelReplicas, ringArb, RUNS } from './arbitraries.ts'
import type { TestVnode } from './arbitraries.ts'

const v = (id: bigint, peerId: string, index?: number): { id: bigint, peerId: string, index?: number } =>
  index === undefined ? { id, peerId } : { id, peerId, index }

t.test('a view is sorted by id, deduplicated by id independent of input order, and frozen', async t => {
  const input = [v(30n, 'b', 0), v(10n, 'a', 0), v(20n, 'c', 0), v(20n, 'b', 1), v(10n, 'a', 0)]
  const view = RingView.from(input, 8)
  t.same(view.vnodes.map(x => x.id), [10n, 20n, 30n])
  t.equal(view.vnodes[1].peerId, 'b', 'on an id clash the smallest peer id wins')
  t.same(RingView.from([...input].reverse(), 8).vnodes, view.vnodes, 'the same view from any input order')
  t.equal(view.size, 3)
  t.equal(view.m, 8)
  t.same(view.peers(), ['a', 'b'])
  t.ok(Object.isFrozen(view) && Object.isFrozen(view.vnodes) && view.vnodes.every(x => Object.isFrozen(x)))
  t.not(view.vnodes[0], input[1], 'entries are copies, the caller\'s objects are untouched')
  t.notOk(Object.isFrozen(input[1]))
  t.throws(() => RingView.from([v(256n, 'a')], 8), RangeError, 'an id outside [0, 2^m) is rejected')
  t.throws(() => RingView.from([v(-1n, 'a')], 8), RangeError)
  t.same(view.vnodesOf('b').map(x => x.id), [20n, 30n])
  const extra = RingView.from([{ id: 5n, peerId: 'a', addrs: ['/ip4/127.0.0.1/tcp/1'] }], 8)
  t.same(extra.vnodes[0].addrs, ['/ip4/127.0.0.1/tcp/1'], 'extra fields (e.g. multiaddrs) are kept')
})

t.test('an empty view answers undefined and empty collections', async t => {
  const view = RingView.from([], 8)
  t.equal(view.size, 0)
  t.equal(view.primary(1n), undefined)
  t.equal(view.successor(1n), undefined)
  t.equal(view.predecessor(1n), undefined)
  t.same(view.replicas(1n, 3), [])
  t.same(view.peers(), [])
  t.same([...view.sharesByPeer()], [])
  t.same([...view.keyCountsByPeer([1n, 2n])], [])
})

t.test('a ring of one vnode: it is everyone\'s primary, successor and predecessor, and owns the whole circle', async t => {
  const view = RingView.from([v(42n, 'solo')], 8)
  for (const id of [0n, 41n, 42n, 43n, 255n]) {
    t.equal(view.primary(id)?.id, 42n)
    t.equal(view.successor(id)?.id, 42n)
    t.equal(view.predecessor(id)?.id, 42n)
  }
  t.equal(view.arcShare(v(42n, 'solo')), 1)
  t.same([...view.sharesByPeer()], [['solo', 1]])
  t.same([...view.keyCountsByPeer([1n, 100n, 42n])], [['solo', 3]])
  t.same(view.replicas(7n, 3).map(x => x.peerId), ['solo'], 'fewer peers than r')
})

t.test('successor is strictly after, predecessor strictly before, both wrap', async t => {
  const view = RingView.from([v(10n, 'a'), v(20n, 'b'), v(250n, 'c')], 8)
  t.equal(view.successor(10n)?.id, 20n, 'strictly after: not the vnode at id itself')
  t.equal(view.successor(15n)?.id, 20n)
  t.equal(view.successor(250n)?.id, 10n, 'wraps past zero')
  t.equal(view.successor(255n)?.id, 10n)
  t.equal(view.predecessor(20n)?.id, 10n, 'strictly before')
  t.equal(view.predecessor(10n)?.id, 250n, 'wraps below zero')
  t.equal(view.predecessor(0n)?.id, 250n)
  t.equal(view.primary(20n)?.id, 20n, 'the primary of a vnode id is that vnode')
  t.equal(view.primary(251n)?.id, 10n)
  t.same(view.successorList(20n, 5).map(x => x.id), [250n, 10n], 'successor list: the other vnodes, in clockwise order')

  for (const m of [10, 160]) {
    fc.assert(fc.property(ringArb(m, { minVnodes: 1, maxVnodes: 30 }), idIn(m), fc.nat(), fc.boolean(), (ring, id0, pick, onVnode) => {
      const view = RingView.from(ring, m)
      const id = onVnode ? ring[pick % ring.length].id : id0
      const size = 1n << BigInt(m)
      // Models: nearest at distance in (0, 2^m], where distance 0 counts as a full turn.
      const after = (x: TestVnode): bigint => cw(id, x.id, m) || size
      const before = (x: TestVnode): bigint => cw(x.id, id, m) || size
      const succ = ring.reduce((b, x) => (after(x) < after(b) ? x : b))
      const pred = ring.reduce((b, x) => (before(x) < before(b) ? x : b))
      return view.successor(id)?.id === succ.id &&
        view.predecessor(id)?.id === pred.id &&
        view.primary(id)?.id === modelPrimary(id, ring, m)?.id
    }), { numRuns: RUNS })
  }
})

t.test('arc shares: (predecessor, vnode], in (0, 1], summing to 1 over vnodes and over peers', async t => {
  const view = RingView.from([v(0n, 'a'), v(64n, 'b'), v(192n, 'a')], 8)
  t.equal(view.arcShare(v(64n, 'b')), 0.25, '(0, 64] is a quarter')
  t.equal(view.arcShare(v(0n, 'a')), 0.25, '(192, 0] wraps: a quarter')
  t.equal(view.arcShare(v(192n, 'a')), 0.5)
  t.same([...view.sharesByPeer()], [['a', 0.75], ['b', 0.25]])
  t.throws(() => view.arcShare(v(1n, 'a')), RangeError, 'not a vnode of the view')

  for (const m of [10, 160]) {
    fc.assert(fc.property(ringArb(m, { minVnodes: 1, maxVnodes: 40 }), ring => {
      const view = RingView.from(ring, m)
      const shares = view.vnodes.map(x => view.arcShare(x))
      const byPeer = [...view.sharesByPeer().values()]
      const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0)
      // Model: count the ids each vnode owns by walking the circle (small m only).
      let exact = true
      if (m === 10) {
        const owned = new Map<bigint, number>()
        for (let k = 0n; k < 1024n; k++) {
          const owner = modelPrimary(k, ring, m) as TestVnode
          owned.set(owner.id, (owned.get(owner.id) ?? 0) + 1)
        }
        exact = view.vnodes.every(x => view.arcShare(x) === (owned.get(x.id) ?? 0) / 1024)
      }
      return exact && shares.every(s => s > 0 && s <= 1) &&
        Math.abs(sum(shares) - 1) < 1e-9 && Math.abs(sum(byPeer) - 1) < 1e-9 &&
        byPeer.length === view.peers().length
    }), { numRuns: 100 })
  }
})

t.test('key counts per peer: every peer listed, counts sum to the keys, each key counted at its primary', async t => {
  const m = 10
  fc.assert(fc.property(ringArb(m, { minVnodes: 1, maxVnodes: 30 }), fc.array(idIn(m), { maxLength: 60 }), (ring, keys) => {
    const view = RingView.from(ring, m)
    const counts = view.keyCountsByPeer(keys)
    const model = new Map<string, number>(view.peers().map(p => [p, 0]))
    for (const k of keys) {
      const owner = modelPrimary(k, ring, m) as TestVnode
      model.set(owner.peerId, (model.get(owner.peerId) as number) + 1)
    }
    return [...counts].join() === [...model].join()
  }), { numRuns: RUNS })
  const view = RingView.from([v(hashToId('a0'), 'a'), v(hashToId('b0'), 'b')])
  const keys = Array.from({ length: 1000 }, (_, i) => hashToId(`k${i}`))
  const counts = view.keyCountsByPeer(keys)
  t.equal((counts.get('a') as number) + (counts.get('b') as number), 1000)
})

t.test('view queries agree with the placement functions and the brute-force replica model', async t => {
  for (const m of [10, 160]) {
    fc.assert(fc.property(ringArb(m, { minVnodes: 1, maxVnodes: 40 }), idIn(m), fc.integer({ min: 1, max: 6 }), (ring, key, r) => {
      const view = RingView.from([...ring].reverse(), m)
      const replicas = view.replicas(key, r)
      return view.primary(key)?.id === primaryOf(key, ring)?.id &&
        replicas.map(x => x.id).join() === replicaSet(key, ring, r).map(x => x.id).join() &&
        replicas.map(x => x.id).join() === modelReplicas(key, ring, r, m).map(x => x.id).join()
    }), { numRuns: RUNS })
  }
  t.pass('no counterexample')
})

t.test('without(peer): the same view minus that peer\'s vnodes; keys it was primary for go to the next vnode', async t => {
  const view = RingView.from([
    { id: 10n, peerId: 'a', addrs: [] }, { id: 20n, peerId: 'b', addrs: [] },
    { id: 30n, peerId: 'c', addrs: [] }, { id: 40n, peerId: 'b', addrs: [] }
  ], 8)
  const pruned = view.without('b')
  t.same(pruned.vnodes.map(v => v.id), [10n, 30n], 'b\'s two vnodes are gone')
  t.same(pruned.peers(), ['a', 'c'])
  t.equal(pruned.primary(15n)?.peerId, 'c', 'a key b was primary for goes to its successor')
  t.equal(pruned.primary(35n)?.peerId, 'a', 'wrapping past b\'s last vnode')
  t.equal(view.without('zz'), view, 'a peer it does not hold: the view itself')
  t.equal(view.size, 4, 'the original view is unchanged')
})
