/**
 * The client's routing and failure handling against an in-memory fake ring (fake-ring.ts):
 * straight to the primary, redirection from a stale view, dead and paused peers, the
 * "a write is sent at most once" rule, multi-get grouping. End-to-end tests over a real
 * testnet are in client.test.ts.
 */
import t from 'tap'
import { defaultLogger } from '@libp2p/logger'
import { openClient, type KvClient } from '../../client/client.ts'
import type { KvRequest } from '../../node/kv/messages.ts'
import { codec, FakeRing, M } from './fake-ring.ts'

const TIMEOUT_MS = 300

async function clientOf (ring: FakeRing, options: { bootstrap?: string[], retries?: number, minRefreshIntervalMs?: number } = {}): Promise<KvClient> {
  return await openClient({ transport: ring.transport(), codec, logger: defaultLogger() }, {
    bootstrap: options.bootstrap ?? [...ring.peers.values()].map(p => p.addr),
    timeoutMs: TIMEOUT_MS,
    retries: options.retries ?? 3,
    m: M,
    minRefreshIntervalMs: options.minRefreshIntervalMs ?? 0
  })
}

/** Mutations received, by peer, for one key. */
function mutationsOf (ring: FakeRing, key: string): string[] {
  return ring.received('mutate').filter(r => (r.req as Extract<KvRequest, { type: 'mutate' }>).key === key).map(r => r.peer)
}

/** Polls until `check` holds (no sleeps as synchronisation). */
async function waitUntil (what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

t.test('every op goes straight to the primary of its key: one hop, no forwards, no redirects', async t => {
  const ring = new FakeRing(5)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  ring.clearReceived()
  for (let i = 0; i < 50; i++) {
    const key = `key-${i}`
    await db.set(key, `value-${i}`)
    t.equal(await db.getString(key), `value-${i}`)
    t.same(ring.received().filter(r => 'key' in r.req ? r.req.key === key : (r.req as unknown as { keys: string[] }).keys.includes(key)).map(r => r.peer),
      [ring.primaryOf(key).peerId, ring.primaryOf(key).peerId], `${key}: set and get both reached only the primary`)
  }
  t.equal(db.stats().redirects, 0)
  t.equal(db.stats().retries, 0)
})

t.test('a dead first bootstrap address and a live second: connect works', async t => {
  const ring = new FakeRing(3)
  const [a, b] = [...ring.peers.values()]
  a.state = 'down'
  ring.rebuild()
  const db = await clientOf(ring, { bootstrap: ['/fake/nobody', a.addr, b.addr] })
  t.teardown(() => db.close())
  t.same(db.ring().peers(), [...ring.peers.keys()].filter(p => p !== a.peerId).sort())
  await db.set('k', 'v')
  t.equal(await db.getString('k'), 'v')
})

t.test('no bootstrap address answers: UnavailableError naming each, and the transport is stopped', async t => {
  const ring = new FakeRing(2)
  for (const p of ring.peers.values()) p.state = 'down'
  const transport = ring.transport()
  await t.rejects(openClient({ transport, codec, logger: defaultLogger() }, {
    bootstrap: [...ring.peers.values()].map(p => p.addr), timeoutMs: TIMEOUT_MS, retries: 3, m: M, minRefreshIntervalMs: 0
  }), { name: 'UnavailableError', message: /no peer gave a ring view.*12D3KooFake000.*12D3KooFake001/ })
  t.equal(transport.stopped, true)
})

t.test('a stale view (a joined peer missing): the op still lands at the right primary and the view refreshes', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const joiner = ring.addPeer()
  ring.rebuild()
  // Keys the joiner now owns, which the client's view still sends elsewhere.
  const keys = Array.from({ length: 400 }, (_, i) => `stale-${i}`).filter(k => ring.primaryOf(k) === joiner).slice(0, 5)
  t.ok(keys.length > 0, 'the joiner owns some keys')
  t.notOk(db.ring().peers().includes(joiner.peerId), 'the client view misses the joiner')
  await db.set(keys[0], 'first')
  t.same(joiner.store.get(keys[0])?.value, new TextEncoder().encode('first'), 'forwarded to the real primary')
  t.equal(db.stats().redirects, 1, 'the answer named another owner')
  await waitUntil('the view to include the joiner', () => db.ring().peers().includes(joiner.peerId))
  ring.clearReceived()
  for (const key of keys.slice(1)) await db.set(key, 'later')
  t.same(ring.received('mutate').map(r => r.peer), keys.slice(1).map(() => joiner.peerId), 'later ops go straight to the joiner')
  t.equal(db.stats().redirects, 1)
})

t.test('a view naming a peer that left: its keys go to the next replica, which now owns them', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const gone = [...ring.peers.values()][1]
  const key = Array.from({ length: 200 }, (_, i) => `left-${i}`).find(k => ring.primaryOf(k) === gone) as string
  gone.state = 'down'
  ring.rebuild()
  await db.set(key, 'v')
  t.same(mutationsOf(ring, key), [ring.primaryOf(key).peerId], 'sent once, to the new primary (the dial to the dead one failed first)')
  t.equal(await db.getString(key), 'v')
})

t.test('WrongOwner (too many forwards) means nothing was applied: refresh and retry, reads and writes', async t => {
  const ring = new FakeRing(3)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'wrong-owner'
  const primary = ring.primaryOf(key)
  primary.scriptedErrors.push({ type: 'mutate', code: 'WrongOwner' }, { type: 'get', code: 'NotMember' })
  const refreshes = db.stats().viewRefreshes
  await db.set(key, 'v')
  t.equal(await db.getString(key), 'v')
  t.same(mutationsOf(ring, key), [primary.peerId, primary.peerId])
  t.ok(db.stats().viewRefreshes >= refreshes + 2, 'the view was refetched after each')
})

t.test('a dead primary: reads fall back to a replica, writes go to the next replica; nothing waits for a timeout', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'dead-primary'
  await db.set(key, 'before')
  const [primary, second] = ring.replicasOf(key)
  primary.state = 'down' // the ring has not noticed: truth unchanged
  const started = performance.now()
  t.equal(await db.getString(key), 'before', 'read from a replica')
  t.ok(db.stats().fallbackReads >= 1)
  ring.clearReceived()
  // The fake's second replica forwards to the truth's primary, which is down: only a
  // rebuilt ring lets the write land; the client's part is not to send it to the dead peer.
  ring.rebuild()
  await db.set(key, 'after')
  t.same(mutationsOf(ring, key), [second.peerId], 'the write went once, to the next replica, now primary')
  t.ok(performance.now() - started < TIMEOUT_MS, 'a refused dial does not wait for the deadline')
})

t.test('a paused primary (SIGSTOP): a get times out once and reads a replica\'s own copy', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'paused-primary'
  await db.set(key, 'v')
  const [primary, ...others] = ring.replicasOf(key)
  primary.state = 'paused'
  ring.clearReceived()
  t.equal(await db.getString(key), 'v')
  const gets = ring.received('get')
  t.equal(gets[0].peer, primary.peerId, 'the primary was asked first')
  t.ok(others.some(o => o.peerId === gets[1].peer), 'then a replica')
  t.equal((gets[1].req as { hops: number }).hops, 3, 'asked for its own copy, not to forward to the paused primary')
  ring.clearReceived()
  t.equal(await db.getString(key), 'v', 'later reads')
  t.notOk(ring.received('get').some(r => r.peer === primary.peerId), 'skip the suspect primary')
})

t.test('a fallback replica\'s miss is not "not found" on its own: a replica without the copy, then one with it', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'new-replica'
  await db.set(key, 'v')
  const [primary, second] = ring.replicasOf(key)
  second.store.delete(key) // as a peer that just became a replica and has not pulled its copies
  primary.state = 'paused'
  t.equal(await db.getString(key), 'v', 'the third replica\'s copy is found')
})

t.test('fallback misses from a majority of the replicas: the key is not stored', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'never-written'
  ring.primaryOf(key).state = 'paused'
  t.equal(await db.get(key), undefined)
  t.same(await db.getMany([key]), new Map())
})

t.test('one fallback miss and every other replica unreachable: an error, never a wrong "not found"', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'cannot-tell'
  await db.set(key, 'v')
  const [primary, second, third] = ring.replicasOf(key)
  second.store.delete(key)
  primary.state = 'paused'
  third.state = 'down'
  await t.rejects(db.get(key), { name: 'TimeoutError' })
  await t.rejects(db.getMany([key, 'other']), { name: /TimeoutError|UnavailableError/ })
})

t.test('a paused primary: a write is reported OutcomeUnknownError (code Timeout) and never sent twice', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'paused-write'
  ring.primaryOf(key).state = 'paused'
  await t.rejects(db.set(key, 'v'), { name: 'OutcomeUnknownError', code: 'Timeout' })
  t.same(mutationsOf(ring, key), [ring.primaryOf(key).peerId], 'sent exactly once')
  await t.rejects(db.incr(key, 1), { name: 'OutcomeUnknownError' }, 'incr is not retried either')
})

t.test('a write short of its quorum is OutcomeUnknownError (code Unavailable), not retried', async t => {
  const ring = new FakeRing(3)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const key = 'no-quorum'
  ring.primaryOf(key).failQuorum = true
  await t.rejects(db.set(key, 'v'), { name: 'OutcomeUnknownError', code: 'Unavailable' })
  t.equal(mutationsOf(ring, key).length, 1)
})

t.test('every replica down: reads fail with UnavailableError, writes too, and nothing is applied', async t => {
  const ring = new FakeRing(3)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  for (const p of ring.peers.values()) p.state = 'down'
  await t.rejects(db.get('k'), { name: 'UnavailableError' })
  await t.rejects(db.set('k', 'v'), { name: 'UnavailableError', message: /nothing was applied/ })
  t.equal(ring.received('mutate').length, 0)
})

t.test('bad keys and oversize values fail with typed errors before anything is sent', async t => {
  const ring = new FakeRing(3)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const sent = db.stats().requests
  await t.rejects(db.set('a key', 'v'), { name: 'BadKeyError' })
  await t.rejects(db.get('x'.repeat(251)), { name: 'BadKeyError' })
  await t.rejects(db.getMany(['ok', 'ctl\u0001']), { name: 'BadKeyError' })
  await t.rejects(db.delete(''), { name: 'BadKeyError' })
  await t.rejects(db.set('k', new Uint8Array(1024 * 1024 + 1)), { name: 'TooLargeError' })
  await t.rejects(db.append('k', 'x'.repeat(1024 * 1024 + 1)), { name: 'TooLargeError' })
  await t.rejects(db.set('k', 'v', { flags: -1 }), RangeError)
  await t.rejects(db.touch('k', -5), RangeError)
  t.equal(db.stats().requests, sent, 'no request left the client')
})

t.test('getMany: one request per peer, the found keys in the order asked, misses left out', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const keys = Array.from({ length: 40 }, (_, i) => `many-${i}`)
  for (const key of keys.filter((_, i) => i % 3 !== 0)) await db.set(key, key.toUpperCase())
  ring.clearReceived()
  const found = await db.getMany([...keys, 'many-1'])
  t.same([...found.keys()], keys.filter((_, i) => i % 3 !== 0))
  for (const [key, item] of found) t.equal(new TextDecoder().decode(item.value), key.toUpperCase())
  const gets = ring.received('get')
  const owners = new Set(keys.map(k => ring.primaryOf(k).peerId))
  t.equal(gets.length, owners.size, 'one get per owning peer')
  for (const g of gets) {
    t.ok((g.req as unknown as { keys: string[] }).keys.every(k => ring.primaryOf(k).peerId === g.peer), 'each to the keys\' primary')
  }
  t.same(await db.getMany([]), new Map())
})

t.test('getMany whose answer would be too large: the peer is asked for halves until each fits', async t => {
  const ring = new FakeRing(2, { replicas: 1 })
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const keys = Array.from({ length: 9 }, (_, i) => `big-${i}`)
  for (const key of keys) await db.set(key, new Uint8Array(1000).fill(key.length))
  ring.maxAnswerBytes = 2500
  const found = await db.getMany(keys)
  t.same([...found.keys()], keys)
  t.ok(ring.received('get').length > 2, 'more than one request per peer')
  ring.maxAnswerBytes = 500
  await t.rejects(db.getMany(keys), { name: 'TooLargeError' }, 'a single key over the limit is an error')
})

t.test('getMany with a dead peer: its keys are read from replicas', async t => {
  const ring = new FakeRing(4)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  const keys = Array.from({ length: 30 }, (_, i) => `mdead-${i}`)
  for (const key of keys) await db.set(key, key)
  const dead = ring.primaryOf(keys[0])
  dead.state = 'down'
  const found = await db.getMany(keys)
  t.equal(found.size, keys.length)
})

t.test('outcomes that are answers, not errors: get of a missing key, add on an existing one, delete of a missing one, incr', async t => {
  const ring = new FakeRing(3)
  const db = await clientOf(ring)
  t.teardown(() => db.close())
  t.equal(await db.get('missing'), undefined)
  t.equal(await db.gets('missing'), undefined)
  t.equal(await db.add('fresh', '1'), true)
  t.equal(await db.add('fresh', '2'), false)
  t.equal(await db.incr('fresh', 41), 42n)
  t.equal(await db.incr('missing'), undefined)
  t.equal(await db.delete('fresh'), true)
  t.equal(await db.delete('fresh'), false)
  const item = await db.gets('missing')
  t.equal(item, undefined)
})

t.test('close: later ops throw ClientClosedError; a write in flight is outcome unknown', async t => {
  const ring = new FakeRing(3)
  const db = await clientOf(ring)
  const key = 'closing'
  ring.primaryOf(key).state = 'paused'
  const inFlight = db.set(key, 'v')
  await waitUntil('the write to reach the primary', () => mutationsOf(ring, key).length === 1)
  await db.close()
  await t.rejects(inFlight, { name: 'OutcomeUnknownError' })
  await t.rejects(db.get('k'), { name: 'ClientClosedError' })
  await t.rejects(db.set('k', 'v'), { name: 'ClientClosedError' })
  await db.close()
})
