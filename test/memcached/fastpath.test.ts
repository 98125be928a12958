/**
 * The memcached port's synchronous fast path (MemcachedKv.mutateNow / getNow): a command whose
 * answer the KV layer can give at once skips the promise chain, but must still wait for the
 * commands before it on the same key and keep replies in command order. A KV over a real
 * MemoryStore whose slow path (mutate) answers after a delay shows both.
 */
import t, { type Test } from 'tap'
import type { KvRequest, KvResponse } from '../../node/kv/messages.ts'
import { startMemcachedServer, type MemcachedKv } from '../../node/memcached/server.ts'
import { MemoryStore } from '../../node/store/memory.ts'
import { HybridLogicalClock } from '../../node/store/version.ts'
import { RawClient } from './harness.ts'

type Mutate = Extract<KvRequest, { type: 'mutate' }>
type Mutated = Extract<KvResponse, { type: 'mutated' }>
type Values = Extract<KvResponse, { type: 'values' }>

/** A one-store KV: mutateNow declines incr (so it takes the slow path, which waits `delayMs`). */
function delayedKv (delayMs: number): MemcachedKv & { fast: string[], slow: string[] } {
  const store = new MemoryStore()
  const clock = new HybridLogicalClock({ now: Date.now, writer: 1 })
  const run = (req: Mutate): Mutated => {
    const op = req.op === 'incr' || req.op === 'decr'
      ? { kind: req.op, delta: req.delta ?? 0n }
      : { kind: 'set' as const, value: req.value ?? new Uint8Array(), flags: req.flags ?? 0, exptime: req.exptime ?? 0 }
    const result = store.apply(req.key, op, { clock })
    if (result.status === 'ERROR') throw new Error(result.error)
    return { type: 'mutated', status: result.status, copies: 1, owner: 'fake', ...(result.value !== undefined ? { value: result.value } : {}) }
  }
  const read = (keys: readonly string[]): Values => ({
    type: 'values',
    owner: 'fake',
    hits: keys.flatMap(key => {
      const item = store.get(key)
      return item === undefined ? [] : [{ key, value: item.value, flags: item.flags, cas: item.version.hlc }]
    })
  })
  const kv = {
    store,
    fast: [] as string[],
    slow: [] as string[],
    async mutate (req: Mutate): Promise<Mutated> {
      kv.slow.push(`${req.op} ${req.key}`)
      await new Promise(resolve => setTimeout(resolve, delayMs))
      return run(req)
    },
    async get (keys: readonly string[]): Promise<Values> {
      kv.slow.push(`get ${keys.join(' ')}`)
      return read(keys)
    },
    mutateNow (req: Mutate): Mutated | undefined {
      if (req.op === 'incr') return undefined
      kv.fast.push(`${req.op} ${req.key}`)
      return run(req)
    },
    getNow (keys: readonly string[]): Values | undefined {
      kv.fast.push(`get ${keys.join(' ')}`)
      return read(keys)
    }
  }
  return kv
}

/** A port in front of `kv` and a client of it, both closed when `t` ends. */
async function connect (t: Test, kv: MemcachedKv): Promise<RawClient> {
  const server = await startMemcachedServer({ port: 0, kv })
  t.teardown(async () => { await server.close() })
  const client = await RawClient.connect(server.host, server.port)
  t.teardown(() => { client.close() })
  return client
}

t.test('a fast command waits for a slow one on its key, and replies stay in order', async t => {
  const kv = delayedKv(50)
  const client = await connect(t, kv)

  const expected = 'STORED\r\n' + '6\r\n' + 'END\r\n' + 'STORED\r\n' + 'VALUE a 0 1\r\n9\r\nEND\r\n'
  const got = await client.exchange(
    'set a 0 0 1\r\n1\r\n' + // fast
    'incr a 5\r\n' + // slow: 50 ms
    'get b\r\n' + // fast, done at once, but its reply waits for incr's
    'set a 0 0 1\r\n9\r\n' + // after incr, on the slow path
    'get a\r\n', // after that set
    expected)
  t.equal(got, expected, 'every reply in command order, and the incr saw 1, not 9')
  t.same(kv.fast, ['set a', 'get b'], 'fast path for the commands with nothing pending on their keys')
  t.same(kv.slow, ['incr a', 'set a', 'get a'], 'the commands behind the incr on key a waited on the slow path')

  // Once key a is idle again, it takes the fast path.
  t.equal(await client.exchange('get a\r\n', 'VALUE a 0 1\r\n9\r\nEND\r\n'), 'VALUE a 0 1\r\n9\r\nEND\r\n')
  t.same(kv.fast.at(-1), 'get a')
})

t.test('a fast command waits behind a barrier (flush_all with a pending command)', async t => {
  const kv = delayedKv(50)
  const client = await connect(t, kv)
  const expected = 'STORED\r\n' + '2\r\n' + 'OK\r\n' + 'END\r\n'
  const got = await client.exchange('set c 0 0 1\r\n1\r\nincr c 1\r\nflush_all\r\nget c\r\n', expected)
  t.equal(got, expected, 'the get after flush_all misses: it ran after the flush, which ran after the incr')
  t.same(kv.fast, ['set c'])
})

t.test('errors on the fast path are answered like the slow path answers them', async t => {
  const kv = delayedKv(0)
  kv.mutateNow = () => { throw Object.assign(new Error('object too large for cache'), { code: 'TooLarge' }) }
  const client = await connect(t, kv)
  const expected = 'SERVER_ERROR object too large for cache\r\n' + 'NOT_STORED\r\n' + 'END\r\n'
  t.equal(await client.exchange('set d 0 0 1\r\n1\r\nappend d 0 0 1\r\n2\r\nset e 0 0 1 noreply\r\n3\r\nget d\r\n', expected), expected,
    'set: SERVER_ERROR; append: NOT_STORED (memcached 1.6); noreply: nothing')
})
