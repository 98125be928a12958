import t, { type Test } from 'tap'
import { ringProblems, type RingAnswer, type RingVnode } from '../../node/chord/consistency.ts'

// m = 8: ids are two hex digits. Peer A hosts 10 and 80, peer B hosts 40 and c0.
const hostOf: Record<string, string> = { 10: 'A', 40: 'B', 80: 'A', c0: 'B' }
const order = ['10', '40', '80', 'c0']

function correctVnode (id: string, index: number): RingVnode {
  const k = order.indexOf(id)
  const succ = [1, 2, 3].map(i => order[(k + i) % order.length])
  const pred = order[(k + order.length - 1) % order.length]
  return {
    index,
    id,
    predecessor: pred,
    predecessorPeer: hostOf[pred],
    successors: succ,
    successorPeers: succ.map(s => hostOf[s]),
    member: true
  }
}

function correctRing (): RingAnswer[] {
  return [
    { peerId: 'A', m: 8, vnodes: [correctVnode('10', 0), correctVnode('80', 1)] },
    { peerId: 'B', m: 8, vnodes: [correctVnode('40', 0), correctVnode('c0', 1)] }
  ]
}

/** A copy of the correct ring with one vnode changed. */
function withVnode (id: string, change: Partial<RingVnode>): RingAnswer[] {
  return correctRing().map(a => ({ ...a, vnodes: a.vnodes.map(v => v.id === id ? { ...v, ...change } : v) }))
}

function exactlyOne (t: Test, problems: string[], pattern: RegExp): void {
  t.equal(problems.length, 1, problems.join('; '))
  t.match(problems[0], pattern)
}

t.test('a correct ring has no problems, including the wrap-around from c0 to 10', async t => {
  t.same(ringProblems(correctRing(), { vnodesPerPeer: 2, fullSuccessorLists: true }), [])
})

t.test('the order of answers and of vnodes within an answer does not matter', async t => {
  const answers = correctRing().reverse().map(a => ({ ...a, vnodes: [...a.vnodes].reverse() }))
  t.same(ringProblems(answers), [])
})

t.test('upper-case hex is the same id', async t => {
  t.same(ringProblems(withVnode('10', { successors: ['40', '80', 'C0'] }), { fullSuccessorLists: true }), [])
})

t.test('a wrong successor is reported with the expected one', async t => {
  const problems = ringProblems(withVnode('10', { successors: ['80', 'c0', '10'], successorPeers: ['A', 'B', 'A'] }))
  t.equal(problems.length, 1)
  t.match(problems[0], /vnode 10 \(A#0\) has successor 80, expected 40/)
})

t.test('a successor that is not a live vnode (a crashed peer) is reported', async t => {
  const problems = ringProblems(withVnode('40', { successors: ['77', '80', 'c0'] }))
  exactlyOne(t, problems, /has successor 77 \(not a live vnode\), expected 80/)
})

t.test('a dead peer still listed by its neighbours breaks the ring', async t => {
  // Peer B crashed: only A answers, but A's vnodes still point at B's.
  const problems = ringProblems([correctRing()[0]])
  t.ok(problems.some(p => /vnode 10 .* has successor 40 \(not a live vnode\), expected 80/.test(p)))
  t.ok(problems.some(p => /vnode 10 .* has predecessor c0 \(not a live vnode\), expected 80/.test(p)))
  t.equal(problems.length, 4)
})

t.test('a wrong or missing predecessor is reported', async t => {
  exactlyOne(t, ringProblems(withVnode('80', { predecessor: '10', predecessorPeer: 'A' })), /has predecessor 10, expected 40/)
  exactlyOne(t, ringProblems(withVnode('80', { predecessor: null, predecessorPeer: null })), /has no predecessor, expected 40/)
})

t.test('an empty successor list is reported', async t => {
  exactlyOne(t, ringProblems(withVnode('c0', { successors: [], successorPeers: [] })), /vnode c0 .* has no successor, expected 10/)
})

t.test('a vnode that is not yet a member is reported', async t => {
  exactlyOne(t, ringProblems(withVnode('40', { member: false })), /vnode 40 \(B#0\) is not a member yet/)
})

t.test('a right id with the wrong hosting peer is reported', async t => {
  exactlyOne(t, ringProblems(withVnode('10', { successorPeers: ['A', 'A', 'B'] })), /names peer A for its successor 40, which is hosted by B/)
  exactlyOne(t, ringProblems(withVnode('10', { predecessorPeer: 'A' })), /names peer A for its predecessor c0, which is hosted by B/)
})

t.test('a stale entry deeper in the successor list only matters with fullSuccessorLists', async t => {
  const broken = withVnode('10', { successors: ['40', 'c0', '10'] })
  t.same(ringProblems(broken), [])
  exactlyOne(t, ringProblems(broken, { fullSuccessorLists: true }), /successors\[1\] = c0, expected 80/)
})

t.test('duplicate vnode ids, duplicate peers, malformed ids, mixed m and vnode counts', async t => {
  const [a, b] = correctRing()
  t.match(ringProblems([a, b, a]), [/peer A answered twice/, /id 10 is hosted twice/, /id 80 is hosted twice/])
  t.equal(ringProblems([a, b, a]).length, 3)
  exactlyOne(t, ringProblems([a, { ...b, vnodes: [...b.vnodes, { ...b.vnodes[0], index: 2, id: 'xyz' }] }]), /malformed id "xyz"/)
  exactlyOne(t, ringProblems([a, { ...b, m: 16 }]), /disagree on m/)
  t.same(ringProblems(correctRing(), { vnodesPerPeer: 3 }), ['peer A hosts 2 vnodes, expected 3', 'peer B hosts 2 vnodes, expected 3'])
})

t.test('no answers at all is a problem, a lone vnode that is its own neighbour is not', async t => {
  t.same(ringProblems([]), ['no peer answered'])
  t.same(ringProblems([{ peerId: 'A', m: 8, vnodes: [{ index: 0, id: '10', predecessor: '10', successors: ['10', '10'], member: true }] }], { fullSuccessorLists: true }), [])
})
