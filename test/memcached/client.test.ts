/**
 * A widely used npm memcached client (`memcached`, ASCII protocol) against a 2-process
 * testnet (r = 2): the testnet descriptor names each peer's memcached port, and what one
 * peer's port stores every other peer's port reads, whichever peer is the key's primary.
 */
import t from 'tap'
import Memcached from 'memcached'
import { startTestnet } from '../../testnet/index.ts'

const testnet = await startTestnet({ peers: 2, vnodes: 4, replicas: 2, stabilizeIntervalMs: 100, childStderr: 'ignore' })
t.teardown(async () => { await testnet.stop() })

type Callback<T> = (err: Error | undefined, result: T) => void
function call<T> (fn: (cb: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    fn((err, result) => { if (err !== undefined && err !== null) reject(err); else resolve(result) })
  })
}

t.test('the descriptor lists a memcached port for every peer', async t => {
  t.equal(testnet.peers.length, 2)
  for (const p of testnet.peers) t.match(p.memcached, /^127\.0\.0\.1:\d+$/)
})

t.test('memcached (npm): get, set, gets/cas, delete, incr/decr, add, replace, append, touch, getMulti', async t => {
  const [one, two] = testnet.peers.map(p => new Memcached(p.memcached!, { retries: 0, timeout: 5000, reconnect: 1000, poolSize: 4 }))
  t.teardown(() => { one.end(); two.end() })
  const keys = Array.from({ length: 20 }, (_, i) => `npm-client-${i}`)
  for (const [i, key] of keys.entries()) t.equal(await call<boolean>(cb => { one.set(key, `value ${i}`, 0, cb) }), true, `set ${key}`)
  for (const [i, key] of keys.entries()) t.equal(await call<unknown>(cb => { two.get(key, cb) }), `value ${i}`, `get ${key} through the other peer`)
  const multi = await call<Record<string, unknown>>(cb => { two.getMulti([...keys, 'npm-client-missing'], cb) })
  t.same(Object.keys(multi).sort(), [...keys].sort(), 'getMulti returns the hits only')

  const key = keys[0]
  const read = await call<{ cas: string, [key: string]: unknown }>(cb => { one.gets(key, cb) })
  t.equal(read[key], 'value 0')
  t.match(read.cas, /^\d+$/, 'gets gives a CAS unique')
  t.equal(await call<boolean>(cb => { two.cas(key, 'swapped', read.cas, 0, cb) }), true, 'cas with the unique just read stores')
  t.equal(await call<boolean>(cb => { one.cas(key, 'again', read.cas, 0, cb) }), false, 'cas with a stale unique does not')
  t.equal(await call<unknown>(cb => { one.get(key, cb) }), 'swapped')

  t.equal(await call<boolean>(cb => { one.del(key, cb) }), true, 'del')
  t.equal(await call<unknown>(cb => { two.get(key, cb) }), undefined, 'gone for every peer')

  t.equal(await call<boolean>(cb => { one.set('npm-counter', 10, 0, cb) }), true)
  t.equal(await call<unknown>(cb => { two.incr('npm-counter', 5, cb) }), 15, 'incr')
  t.equal(await call<unknown>(cb => { one.decr('npm-counter', 20, cb) }), 0, 'decr stops at 0')
  t.equal(await call<unknown>(cb => { one.incr('npm-no-counter', 1, cb) }), false, 'incr of a missing key')

  t.equal(await call<boolean>(cb => { one.add(keys[1], 'x', 0, cb) }).catch(() => false), false, 'add of a present key fails')
  t.equal(await call<boolean>(cb => { one.replace(keys[1], 'replaced', 0, cb) }), true, 'replace')
  t.equal(await call<boolean>(cb => { two.append(keys[1], '+', cb) }), true, 'append')
  t.equal(await call<unknown>(cb => { one.get(keys[1], cb) }), 'replaced+')
  await call<undefined>(cb => { one.touch(keys[2], 100, err => { cb(err ?? undefined, undefined) }) })
  t.pass('touch')

  const version = await call<unknown>(cb => { one.version(cb as Callback<unknown>) })
  t.match(JSON.stringify(version), /1\.6\.\d+/, 'version')
})
