/**
 * KvService.mutateNow / getNow, the synchronous answers behind the memcached port's fast path:
 * given exactly when the key's primary is local and no other copy or pending mutation has to be
 * waited for, and then the same answers as mutate / get.
 */
import t from 'tap'
import { Simulation } from '../../node/sim/simulation.ts'
import type { KvService } from '../../node/kv/service.ts'

const enc = new TextEncoder()
const dec = new TextDecoder()

async function ring (peers: number, replicas: number): Promise<Simulation> {
  const sim = new Simulation({
    seed: 7,
    chord: { vnodes: 4, replicas, stabilizeIntervalMs: 500, fixFingersIntervalMs: 500, checkPredecessorIntervalMs: 1000 },
    kv: { writeQuorum: Math.min(2, replicas) }
  })
  const first = await sim.addPeer()
  await sim.addPeers(peers - 1, first)
  if (!await sim.converge(60_000)) throw new Error(`ring did not converge: ${sim.problems().join('; ')}`)
  return sim
}

const services = (sim: Simulation): KvService[] => [...sim.kv.values()]

t.test('one peer, r = 1: every key is answered at once, as mutate would', async t => {
  const sim = await ring(1, 1)
  const [kv] = services(sim)
  const set = kv.mutateNow({ type: 'mutate', op: 'set', key: 'k', value: enc.encode('1'), flags: 5, exptime: 0, hops: 0 })
  t.equal(set?.status, 'STORED')
  t.equal(set?.copies, 1)
  t.type(set?.cas, 'bigint')
  t.equal(kv.mutateNow({ type: 'mutate', op: 'add', key: 'k', value: enc.encode('2'), hops: 0 })?.status, 'NOT_STORED')
  t.equal(kv.mutateNow({ type: 'mutate', op: 'incr', key: 'k', delta: 41n, hops: 0 })?.value, 42n)
  t.throws(() => kv.mutateNow({ type: 'mutate', op: 'incr', key: 'k k', delta: 1n, hops: 0 }), { code: 'BadKey' })
  kv.mutateNow({ type: 'mutate', op: 'set', key: 'text', value: enc.encode('abc'), hops: 0 })
  t.throws(() => kv.mutateNow({ type: 'mutate', op: 'incr', key: 'text', delta: 1n, hops: 0 }), { code: 'NonNumeric' })

  const values = kv.getNow(['k', 'missing', 'text'], undefined)
  t.same(values?.hits.map(h => [h.key, dec.decode(h.value), h.flags]), [['k', '42', 5], ['text', 'abc', 0]])
  t.same(values, await sim.clock.settle(kv.get(['k', 'missing', 'text'], undefined, 0)), 'the same answer as get')
  t.equal(kv.getNow(['k'], 100), undefined, 'gat takes the slow path (it mutates)')

  // A mutation of the key still queued here: the next one must wait for it.
  const pending = kv.mutate({ type: 'mutate', op: 'incr', key: 'k', delta: 1n, hops: 0 })
  t.equal(kv.mutateNow({ type: 'mutate', op: 'incr', key: 'k', delta: 1n, hops: 0 }), undefined, 'declined while one is pending')
  t.equal(kv.mutateNow({ type: 'mutate', op: 'incr', key: 'other', delta: 1n, hops: 0 })?.status, 'NOT_FOUND', 'other keys are not held up')
  t.equal((await sim.clock.settle(pending)).value, 43n)
  t.equal(kv.mutateNow({ type: 'mutate', op: 'incr', key: 'k', delta: 1n, hops: 0 })?.value, 44n, 'and answered at once again after it')
})

t.test('three peers, r = 3: writes wait for replicas, reads are at once only at the primary', async t => {
  const sim = await ring(3, 3)
  const all = services(sim)
  let local = 0
  for (let i = 0; i < 60; i++) {
    const key = `key-${i}`
    for (const kv of all) {
      t.equal(kv.mutateNow({ type: 'mutate', op: 'set', key, value: enc.encode('x'), hops: 0 }), undefined, 'never a write: it needs W copies')
    }
    await sim.clock.settle(all[0].mutate({ type: 'mutate', op: 'set', key, value: enc.encode(`v${i}`), hops: 0 }))
    const answers = all.map(kv => kv.getNow([key], undefined))
    t.equal(answers.filter(a => a !== undefined).length, 1, `${key}: exactly the primary reads at once`)
    for (const a of answers) if (a !== undefined) t.equal(dec.decode(a.hits[0].value), `v${i}`)
    local += answers[0] !== undefined ? 1 : 0
  }
  t.ok(local > 0 && local < 60, `peer 0 is primary for some keys, not all (${local} of 60)`)
})

t.test('writes that reach one primary together share replicate requests, and every one is acknowledged with its copies', async t => {
  const sim = await ring(3, 3)
  const all = services(sim)
  const primary = all[0]
  // Keys whose primary is peer 0 (its getNow answers them), written there all at once.
  const keys: string[] = []
  for (let i = 0; keys.length < 40; i++) {
    const key = `batch-${i}`
    await sim.clock.settle(primary.mutate({ type: 'mutate', op: 'set', key, value: enc.encode('0'), hops: 0 }))
    if (primary.getNow([key], undefined) !== undefined) keys.push(key)
  }
  const requests = primary.stats.replicateRequests
  const items = primary.stats.replicatedItems
  const results = await sim.clock.settle(Promise.all(keys.map(async key =>
    await primary.mutate({ type: 'mutate', op: 'set', key, value: enc.encode(`v-${key}`), hops: 0 }))))
  t.ok(results.every(r => r.status === 'STORED' && r.copies >= 2), 'every write acknowledged with W = 2 copies or more')
  const sent = primary.stats.replicateRequests - requests
  t.equal(primary.stats.replicatedItems - items, keys.length * 2, 'each write sent to both replica peers')
  t.ok(sent <= 4, `${keys.length} writes to 2 replica peers in ${sent} replicate requests (one per peer, give or take)`)
  await sim.clock.settle(new Promise<void>(resolve => sim.clock.setTimeout(resolve, 1000)))
  for (const key of keys) {
    const held = all.filter(kv => kv.store.peek(key) !== undefined && dec.decode(kv.store.peek(key)!.value) === `v-${key}`).length
    t.equal(held, 3, `${key}: r = 3 copies of the new value`)
  }
})

t.test('reads forwarded together to one primary share get requests, and each caller gets exactly its own hits', async t => {
  const sim = await ring(3, 3)
  const [reader, owner] = services(sim)
  // Keys whose primary is the owner peer (only there does getNow answer).
  const keys: string[] = []
  for (let i = 0; keys.length < 30; i++) {
    const key = `read-${i}`
    if (i % 2 === 0) await sim.clock.settle(owner.mutate({ type: 'mutate', op: 'set', key, value: enc.encode(`v-${key}`), hops: 0 }))
    else await sim.clock.settle(owner.mutate({ type: 'mutate', op: 'delete', key, hops: 0 })) // a miss
    if (owner.getNow([key], undefined) !== undefined) keys.push(key)
  }
  // The first read starts the reader's routing view in the background; the second uses it.
  await sim.clock.settle(reader.get([keys[0]], undefined, 0))
  await sim.clock.settle(reader.get([keys[0]], undefined, 0))
  const forwarded = reader.stats.forwardedGetRequests
  const answers = await sim.clock.settle(Promise.all(keys.map(async key => await reader.get([key], undefined, 0))))
  const sent = reader.stats.forwardedGetRequests - forwarded
  t.equal(sent, 1, `${keys.length} reads at one primary in ${sent} request`)
  answers.forEach((a, i) => {
    const key = keys[i]
    const stored = owner.store.peek(key)
    const expected = stored === undefined || stored.deleted === true ? [] : [[key, `v-${key}`]]
    t.same(a.hits.map(h => [h.key, dec.decode(h.value)]), expected, `${key}: its own answer`)
  })
})
