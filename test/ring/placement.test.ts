import t from 'tap'
import fc from 'fast-check'
import {
  vnodeId, vnodeIds, balancedVnodeIds, allocateVnodeIds, primaryOf, primaryIndexOf, replicaSet
} from '../../ring/placement.ts'
import type { TokenStrategy } from '../../ring/placement.ts'
import { hashToId, inHalfOpen } from '../../ring/id.ts'
import { RingView } from '../../ring/view.ts'
import { cw, idIn, maxOverMean, modelPrimary, modelReplicas, ringArb, RUNS } from './arbitraries.ts'
import type { TestVnode } from './arbitraries.ts'

const v = (id: bigint, peerId: string): { id: bigint, peerId: string } => ({ id, peerId })

t.test('vnode id is hashToId(peerId + NUL + decimal index), distinct per index', async t => {
  t.equal(vnodeId('peerA', 3), hashToId('peerA\u00003'))
  t.equal(vnodeId('peerA', 3, 8), hashToId('peerA\u00003', 8))
  t.not(vnodeId('p1', 23), vnodeId('p12', 3), 'the separator keeps peer and index apart')
  const ids = vnodeIds('peerA', 16)
  t.equal(ids.length, 16)
  t.equal(new Set(ids).size, 16)
  t.same(ids.slice(0, 2), [vnodeId('peerA', 0), vnodeId('peerA', 1)])
  t.same(vnodeIds('peerA', 0), [])
  t.throws(() => vnodeId('peerA', -1), RangeError)
  t.throws(() => vnodeIds('peerA', 2.5), RangeError)
})

t.test('primary is the first vnode at or after the key, wrapping (key ∈ (pred, primary])', async t => {
  const ring = [v(10n, 'a'), v(20n, 'b'), v(30n, 'c')]
  t.equal(primaryOf(10n, ring)?.id, 10n, 'a key equal to a vnode id belongs to that vnode')
  t.equal(primaryOf(11n, ring)?.id, 20n)
  t.equal(primaryOf(31n, ring)?.id, 10n, 'past the last vnode wraps to the first')
  t.equal(primaryOf(0n, ring)?.id, 10n)
  t.equal(primaryOf(5n, []), undefined, 'empty ring has no primary')
  t.equal(primaryIndexOf(5n, []), -1)
  t.equal(primaryOf(123n, [v(7n, 'a')])?.id, 7n, 'a ring of one vnode owns everything')
})

t.test('primary agrees with a brute-force scan and satisfies key ∈ (pred, primary] (m = 10 and m = 160)', async t => {
  for (const m of [10, 160]) {
    fc.assert(fc.property(ringArb(m, { minVnodes: 1, maxVnodes: 40 }), idIn(m), fc.nat(), fc.boolean(), (ring, key0, pick, onVnode) => {
      const key = onVnode ? ring[pick % ring.length].id : key0
      const i = primaryIndexOf(key, ring)
      const pred = ring[(i + ring.length - 1) % ring.length]
      return ring[i].id === modelPrimary(key, ring, m)?.id && inHalfOpen(key, pred.id, ring[i].id)
    }), { numRuns: RUNS })
  }
  t.pass('no counterexample')
})

t.test('replica set holds min(r, peers) distinct physical peers, primary first, nearest clockwise', async t => {
  // Peer a has adjacent vnodes: the walk skips a's second vnode.
  const ring = [v(10n, 'a'), v(20n, 'a'), v(30n, 'b'), v(40n, 'c'), v(50n, 'a')]
  t.same(replicaSet(15n, ring, 3).map(x => x.id), [20n, 30n, 40n])
  t.same(replicaSet(45n, ring, 3).map(x => x.id), [50n, 30n, 40n], 'wraps past zero, skipping a twice')
  t.same(replicaSet(15n, ring, 9).map(x => x.peerId), ['a', 'b', 'c'], 'fewer distinct peers than r: one vnode per peer')
  t.same(replicaSet(15n, ring, 0), [])
  t.same(replicaSet(15n, [], 3), [])
  t.same(replicaSet(99n, [v(7n, 'solo')], 3).map(x => x.id), [7n], 'a ring of one vnode')
  t.throws(() => replicaSet(1n, ring, -1), RangeError)
  for (const m of [10, 160]) {
    fc.assert(fc.property(ringArb(m, { maxVnodes: 40, maxPeers: 6 }), idIn(m), fc.integer({ min: 1, max: 7 }), (ring, key, r) => {
      const got = replicaSet(key, ring, r)
      const want = modelReplicas(key, ring, r, m)
      const peers = new Set(ring.map(x => x.peerId)).size
      return got.map(x => x.id).join() === want.map(x => x.id).join() &&
        got.length === Math.min(r, peers) &&
        new Set(got.map(x => x.peerId)).size === got.length &&
        got[0] === primaryOf(key, ring)
    }), { numRuns: RUNS })
  }
})

t.test('with zones, replicas cover min(r, zones) zones before reusing one; still distinct peers', async t => {
  const zone = (peerId: string): string => peerId[0] // 'a1' is in zone 'a'
  const ring = [v(10n, 'a1'), v(20n, 'a2'), v(30n, 'a3'), v(40n, 'b1'), v(50n, 'a4'), v(60n, 'c1')]
  t.same(replicaSet(5n, ring, 3, zone).map(x => x.peerId), ['a1', 'b1', 'c1'], 'skips a2, a3, a4 while zones b and c are unused')
  t.same(replicaSet(5n, ring, 4, zone).map(x => x.peerId), ['a1', 'b1', 'c1', 'a2'], 'then the nearest remaining peer')
  t.same(replicaSet(5n, ring, 2).map(x => x.peerId), ['a1', 'a2'], 'without zones: nearest peers')
  t.same(replicaSet(5n, [v(1n, 'a1'), v(2n, 'a2')], 2, zone).map(x => x.peerId), ['a1', 'a2'], 'one zone only: fill with its peers')
  const m = 10
  const zoneOf = (peerId: string): string => `z${Number(peerId.slice(1)) % 3}`
  fc.assert(fc.property(ringArb(m, { maxVnodes: 40, maxPeers: 8 }), idIn(m), fc.integer({ min: 1, max: 8 }), (ring, key, r) => {
    const got = replicaSet(key, ring, r, zoneOf)
    const peers = new Set(ring.map(x => x.peerId))
    const zones = new Set([...peers].map(zoneOf))
    const gotZones = new Set(got.map(x => zoneOf(x.peerId)))
    return got.length === Math.min(r, peers.size) &&
      new Set(got.map(x => x.peerId)).size === got.length &&
      gotZones.size === Math.min(got.length, zones.size) &&
      got[0] === primaryOf(key, ring) &&
      // Same peers as the zone-blind set whenever zones cannot matter.
      (zones.size > 1 || got.map(x => x.id).join() === modelReplicas(key, ring, r, m).map(x => x.id).join())
  }), { numRuns: RUNS })
})

/** Builds a ring by joining `peers` peers of `vnodesPerPeer` vnodes each, in order. */
function joinAll (strategy: TokenStrategy, peers: number, vnodesPerPeer: number, m: number): RingView {
  const vnodes: TestVnode[] = []
  for (let p = 0; p < peers; p++) {
    const peerId = `peer-${p}`
    const ids = allocateVnodeIds(strategy, peerId, vnodesPerPeer, vnodes, m)
    ids.forEach((id, index) => vnodes.push({ id, peerId, index }))
  }
  return RingView.from(vnodes, m)
}

t.test('balanced: 100 peers × 16 vnodes keep max/mean peer share < 1.2 where hashed exceeds 1.8', async t => {
  const hashed = joinAll('hashed', 100, 16, 160)
  const balanced = joinAll('balanced', 100, 16, 160)
  t.equal(balanced.size, 1600, 'no id collides')
  const hashedPeer = maxOverMean([...hashed.sharesByPeer().values()])
  const balancedPeer = maxOverMean([...balanced.sharesByPeer().values()])
  const hashedArc = maxOverMean(hashed.vnodes.map(x => hashed.arcShare(x)))
  const balancedArc = maxOverMean(balanced.vnodes.map(x => balanced.arcShare(x)))
  t.comment(`max/mean peer share: hashed ${hashedPeer.toFixed(3)}, balanced ${balancedPeer.toFixed(3)}`)
  t.comment(`max/mean vnode arc:  hashed ${hashedArc.toFixed(3)}, balanced ${balancedArc.toFixed(3)}`)
  // Measured (deterministic peer names): hashed 2.074 / 7.83, balanced 1.127 / 1.64.
  t.ok(balancedPeer < 1.2, `balanced peer max/mean ${balancedPeer} < 1.2`)
  t.ok(hashedPeer > 1.8, `hashed peer max/mean ${hashedPeer} > 1.8`)
  t.ok(balancedArc < 2, `balanced vnode arcs within 2× the mean (halving), got ${balancedArc}`)
  t.ok(hashedArc > 5, `hashed vnode arcs vary far more, got ${hashedArc}`)
  // Keys follow arcs: count primaries of 20,000 hashed keys per peer.
  const keys = Array.from({ length: 20_000 }, (_, i) => hashToId(`key-${i}`))
  const keysBalanced = maxOverMean([...balanced.keyCountsByPeer(keys).values()])
  const keysHashed = maxOverMean([...hashed.keyCountsByPeer(keys).values()])
  t.comment(`max/mean keys per peer: hashed ${keysHashed.toFixed(3)}, balanced ${keysBalanced.toFixed(3)}`)
  t.ok(keysBalanced < keysHashed, 'fewer keys on the most loaded peer')
})

t.test('balanced: each id splits an arc strictly inside it, near the midpoint, deterministically', async t => {
  t.same(balancedVnodeIds('x', 1, [], 8), [vnodeId('x', 0, 8)], 'an empty ring starts at the hashed position')
  // Arcs shorter than 64 get no offset: exact midpoints at m = 5 and 6.
  t.same(balancedVnodeIds('x', 1, [v(0n, 'a')], 5), [16n], 'one vnode: the opposite point')
  t.same(balancedVnodeIds('x', 3, [v(0n, 'a')], 5), [16n, 8n, 4n],
    'after taking half from a, taking more would overload the joiner: it splits its own arcs')
  const halves = RingView.from([v(0n, 'a'), ...balancedVnodeIds('x', 8, [v(0n, 'a')], 160).map(id => v(id, 'x'))], 160).sharesByPeer()
  t.ok(Math.abs((halves.get('x') as number) - 0.5) < 0.02, 'a joiner with 8 vnodes next to a 1-vnode peer takes about half, not 255/256')
  t.same(balancedVnodeIds('x', 2, [v(0n, 'a'), v(16n, 'b')], 5), [24n, 8n], 'equal loads: smaller peer id first, then the other')
  // m = 6: a owns (31, 0] (33 ids), b owns (0, 30] and (30, 31] (31 ids): a is split.
  t.same(balancedVnodeIds('x', 1, [v(0n, 'a'), v(30n, 'b'), v(31n, 'b')], 6), [47n], 'the most loaded peer gives up its largest arc')
  t.same(balancedVnodeIds('x', 3, [v(0n, 'x'), v(8n, 'a')], 5), [20n, 26n, 14n], 'a joiner already holding more than anyone splits only its own arcs')
  const [opposite] = balancedVnodeIds('x', 1, [v(0n, 'a')], 160)
  const offset = opposite - (1n << 159n)
  t.ok(offset >= -(1n << 154n) && offset <= 1n << 154n, 'at m = 160 the id is within len/64 of the midpoint')
  t.same(balancedVnodeIds('x', 0, [v(0n, 'a')], 8), [])
  t.throws(() => balancedVnodeIds('x', 1, [v(0n, 'a'), v(1n, 'b')], 1), RangeError, 'a full ring has no free id')
  t.throws(() => allocateVnodeIds('random' as TokenStrategy, 'x', 1, [], 8), RangeError)
  t.throws(() => balancedVnodeIds('x', 1, [v(256n, 'a')], 8), RangeError)

  const m = 160
  const existing = joinAll('balanced', 20, 8, m).vnodes
  const a = balancedVnodeIds('newcomer-a', 8, existing, m)
  t.same(balancedVnodeIds('newcomer-a', 8, [...existing].reverse(), m), a, 'independent of input order')
  const b = balancedVnodeIds('newcomer-b', 8, existing, m)
  t.equal(new Set([...a, ...b, ...existing.map(x => x.id)]).size, existing.length + 16, 'two peers joining from one view pick distinct ids')

  // Property at small m: every new id is free and lands strictly inside the arc it splits.
  fc.assert(fc.property(ringArb(10, { minVnodes: 0, maxVnodes: 30 }), fc.integer({ min: 1, max: 6 }), (ring, count) => {
    const placed = balancedVnodeIds('joiner', count, ring, 10)
    const all = new Set(ring.map(x => x.id))
    for (const id of placed) {
      if (all.has(id)) return false
      all.add(id)
    }
    return placed.length === count
  }), { numRuns: RUNS })
})

t.test('hashed strategy ignores the ring and equals vnodeIds', async t => {
  t.same(allocateVnodeIds('hashed', 'p', 4, [v(1n, 'a')], 12), vnodeIds('p', 4, 12))
  t.ok(vnodeIds('p', 4, 12).every(id => cw(0n, id, 12) < 4096n))
})
