import t from 'tap'
import fc from 'fast-check'
import { ITEM_OVERHEAD_BYTES } from '../../node/store/constants.ts'
import { MemoryStore } from '../../node/store/memory.ts'
import { applyOp, isLive, tombstone, type Item, type KvOp } from '../../node/store/semantics.ts'
import { HybridLogicalClock, compareVersions, packHlc, type Version } from '../../node/store/version.ts'

const T0 = 1_700_000_000_000
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array | undefined): string | undefined => b === undefined ? undefined : new TextDecoder().decode(b)
const v = (hlc: number, writer = 1): Version => ({ hlc: BigInt(hlc), writer })
const item = (value: string, hlc: number, extra: Partial<Item> = {}): Item => ({ value: bytes(value), flags: 0, expiresAtMs: 0, version: v(hlc), ...extra })
/** Bytes charged for a key and value of these lengths. */
const cost = (keyBytes: number, valueBytes: number): number => keyBytes + valueBytes + ITEM_OVERHEAD_BYTES

function fixture (init: { memoryBytes?: number, tombstoneTtlMs?: number } = {}): { store: MemoryStore, clock: { now: number } } {
  const clock = { now: T0 }
  const store = new MemoryStore({ ...init, now: () => clock.now })
  return { store, clock }
}

t.test('get returns live items and counts cmd_get, hits and misses', async t => {
  const { store } = fixture()
  t.ok(store.put('a', item('1', 1)))
  t.equal(text(store.get('a')?.value), '1')
  t.equal(store.get('b'), undefined)
  store.delete('a', v(2))
  t.equal(store.get('a'), undefined, 'a tombstone is a miss')
  const s = store.stats()
  t.equal(s.cmd_get, 3)
  t.equal(s.get_hits, 1)
  t.equal(s.get_misses, 2)
})

t.test('get of an expired item is a miss that turns it into a tombstone of the same version', async t => {
  const { store, clock } = fixture()
  store.put('a', item('1', 7, { expiresAtMs: T0 + 1000 }))
  clock.now = T0 + 1000
  t.equal(store.get('a'), undefined)
  t.same(store.peek('a'), tombstone(v(7)), 'an older copy from a replica cannot come back')
  t.notOk(store.put('a', item('old', 6)))
  const s = store.stats()
  t.equal(s.get_expired, 1)
  t.equal(s.get_misses, 1)
  t.equal(s.reclaimed, 1)
  t.equal(s.expired_unfetched, 1)
  t.equal(s.curr_items, 0)
  t.equal(s.tombstones, 1)
})

t.test('peek shows tombstones and expired items without touching LRU or counters', async t => {
  const { store, clock } = fixture()
  store.put('a', item('1', 1, { expiresAtMs: T0 + 10 }))
  store.delete('b', v(1))
  clock.now = T0 + 10
  t.equal(text(store.peek('a')?.value), '1', 'expired but still held')
  t.equal(store.peek('b')?.deleted, true)
  t.equal(store.peek('c'), undefined)
  const s = store.stats()
  t.equal(s.cmd_get + s.get_hits + s.get_misses, 0)
})

t.test('last writer wins: older and equal versions are ignored', async t => {
  const { store } = fixture()
  t.ok(store.put('k', item('b', 10)))
  t.notOk(store.put('k', item('a', 9)), 'older')
  t.notOk(store.put('k', item('a', 10)), 'equal')
  t.notOk(store.put('k', { ...item('a', 10), version: v(10, 0) }), 'same hlc, smaller writer')
  t.ok(store.put('k', { ...item('c', 10), version: v(10, 2) }), 'same hlc, larger writer')
  t.equal(text(store.get('k')?.value), 'c')
})

t.test('last writer wins: a tombstone beats an older value and loses to a newer one', async t => {
  const { store } = fixture()
  store.put('k', item('v', 5))
  t.ok(store.delete('k', v(6)))
  t.equal(store.get('k'), undefined)
  t.notOk(store.put('k', item('stale', 5)), 'an older value does not resurrect the key')
  t.notOk(store.delete('k', v(4)), 'an older tombstone changes nothing')
  t.ok(store.put('k', item('fresh', 7)), 'a newer value beats the tombstone')
  t.equal(text(store.get('k')?.value), 'fresh')
  t.equal(store.stats().tombstones, 0)
})

t.test('byte accounting: key bytes + value bytes + ITEM_OVERHEAD_BYTES per held key, tombstones included', async t => {
  const { store } = fixture()
  store.put('k1', item('abc', 1))
  t.equal(store.bytes, cost(2, 3))
  store.put('é', item('12345', 1)) // 'é' is 2 bytes of UTF-8
  t.equal(store.bytes, cost(2, 3) + cost(2, 5))
  store.put('k1', item('a', 2))
  t.equal(store.bytes, cost(2, 1) + cost(2, 5), 'an overwrite charges the new value only')
  store.delete('é', v(2))
  t.equal(store.bytes, cost(2, 1) + cost(2, 0), 'a tombstone is charged key + overhead')
  store.removeRange(() => true)
  t.equal(store.bytes, 0)
  t.equal(store.size, 0)
  t.equal(store.stats().bytes, 0)
})

t.test('a value that is a view into a larger buffer is copied, and charged at its own length', async t => {
  const { store } = fixture()
  const message = new Uint8Array(4096).fill(65)
  store.put('k', { ...item('', 1), value: message.subarray(10, 14) })
  const held = store.peek('k')!
  t.equal(held.value.length, 4)
  t.equal(held.value.buffer.byteLength, 4, 'the message buffer is not kept alive')
  t.equal(store.bytes, cost(1, 4))
})

t.test('LRU: over the cap, the least recently used value is evicted first and a get bumps it', async t => {
  const { store } = fixture({ memoryBytes: 3 * cost(1, 1) })
  store.put('a', item('1', 1))
  store.put('b', item('1', 1))
  store.put('c', item('1', 1))
  t.equal(store.stats().evictions, 0, 'three fit exactly')
  store.get('a') // order now b, c, a
  store.put('d', item('1', 1))
  t.equal(store.peek('b'), undefined, 'b was least recently used')
  t.ok(store.peek('a') && store.peek('c') && store.peek('d'))
  store.put('e', item('1', 1))
  t.equal(store.peek('c'), undefined, 'then c')
  t.equal(store.stats().evictions, 2)
  t.equal(store.bytes, 3 * cost(1, 1))
  t.ok(store.bytes <= store.memoryBytes)
})

t.test('LRU: a write makes a key most recently used; peek does not', async t => {
  const { store } = fixture({ memoryBytes: 2 * cost(1, 1) })
  store.put('a', item('1', 1))
  store.put('b', item('1', 1))
  store.peek('a')
  store.put('a', item('2', 2)) // order b, a
  store.put('c', item('1', 1))
  t.equal(store.peek('b'), undefined)
  t.equal(text(store.peek('a')?.value), '2')
})

t.test('LRU: an add that finds the key bumps it, as memcached does', async t => {
  const { store } = fixture({ memoryBytes: 2 * cost(1, 1) })
  const clock = new HybridLogicalClock({ now: () => T0, writer: 1 })
  store.put('a', item('1', 1))
  store.put('b', item('1', 1))
  t.equal(store.apply('a', { kind: 'add', value: bytes('x'), flags: 0, exptime: 0 }, { clock }).status, 'NOT_STORED')
  store.put('c', item('1', 1))
  t.equal(store.peek('b'), undefined)
  t.ok(store.peek('a'))
})

t.test('the cap never evicts the value just stored, even when it alone is over the cap', async t => {
  const { store } = fixture({ memoryBytes: 100 })
  t.ok(store.put('a', item('x', 1)))
  t.ok(store.peek('a'))
  store.put('b', item('y', 1))
  t.equal(store.peek('a'), undefined)
  t.ok(store.peek('b'))
  t.equal(store.size, 1)
})

t.test('over the cap, expired values are reclaimed as tombstones before live ones are evicted', async t => {
  // Room for a's tombstone, b and c, but not for a's value too.
  const { store, clock } = fixture({ memoryBytes: cost(1, 0) + cost(1, 100) + cost(1, 1) })
  store.put('a', item('x'.repeat(100), 1, { expiresAtMs: T0 + 1 }))
  store.put('b', item('y'.repeat(100), 1))
  clock.now = T0 + 1
  store.get('b') // b is now most recent; a is at the LRU head and expired
  store.put('c', item('z', 1))
  t.equal(store.peek('a')?.deleted, true, 'a became a tombstone')
  t.ok(store.peek('b') && store.peek('c'))
  const s = store.stats()
  t.equal(s.evictions, 0)
  t.equal(s.reclaimed, 1)
})

t.test('over the cap, old tombstones go first, and young ones only when no value is left', async t => {
  const { store, clock } = fixture({ memoryBytes: 3 * cost(1, 0), tombstoneTtlMs: 1000 })
  store.delete('a', v(1))
  clock.now = T0 + 1000
  store.delete('b', v(1))
  store.put('c', item('', 1))
  store.put('d', item('', 1)) // a is past its TTL: reaped, nothing evicted
  t.equal(store.peek('a'), undefined)
  t.equal(store.stats().evictions, 0)
  store.put('e', item('', 1)) // over again: c (the only value besides e) is evicted
  t.equal(store.peek('c'), undefined)
  t.equal(store.stats().evictions, 1)
  t.ok(store.peek('b'), 'a young tombstone outlives values')
})

t.test('sweep turns expired values into tombstones and drops tombstones older than the TTL', async t => {
  const { store, clock } = fixture({ tombstoneTtlMs: 60_000 })
  store.put('short', item('1', 1, { expiresAtMs: T0 + 1000 }))
  store.put('long', item('1', 1, { expiresAtMs: T0 + 10_000 }))
  store.put('never', item('1', 1))
  store.delete('gone', v(1))
  clock.now = T0 + 1000
  t.same(store.sweep(), { expired: 1, reaped: 0 })
  t.equal(store.peek('short')?.deleted, true)
  t.equal(store.stats().curr_items, 2)
  clock.now = T0 + 60_000
  t.same(store.sweep(), { expired: 1, reaped: 1 }, 'long expires; the delete of T0 is 60 s old')
  clock.now = T0 + 61_000
  t.same(store.sweep(), { expired: 0, reaped: 1 }, 'short became a tombstone at T0 + 1 s')
  clock.now = T0 + 120_000
  t.same(store.sweep(), { expired: 0, reaped: 1 })
  t.same([...store.entries()].map(([k]) => k), ['never'])
  t.equal(store.stats().expired_unfetched, 2)
})

t.test('flush drops values stored at or before the time given, keeps tombstones', async t => {
  const { store, clock } = fixture()
  store.put('a', item('1', 1))
  store.delete('t', v(1))
  clock.now = T0 + 10
  store.put('b', item('1', 1))
  t.equal(store.flush(T0), 1)
  t.equal(store.peek('a'), undefined)
  t.ok(store.peek('b'))
  t.ok(store.peek('t'))
  t.equal(store.flush(), 1, 'default: everything stored until now')
  t.equal(store.stats().curr_items, 0)
  t.equal(store.size, 1)
})

t.test('removeRange drops keys (tombstones too) and leaves no tombstone behind', async t => {
  const store = new MemoryStore({ now: () => T0, idOf: key => BigInt(key.length) })
  store.put('a', item('1', 1))
  store.put('bb', item('1', 1))
  store.delete('cc', v(1))
  t.equal(store.removeRange(id => id === 2n), 2)
  t.same([...store.entries()].map(([k]) => k), ['a'])
  t.ok(store.put('bb', item('old', 0)), 'a removed key takes any version again')
})

t.test('entries yields [key, keyId, item] including tombstones, filtered by key id, as a snapshot', async t => {
  const store = new MemoryStore({ now: () => T0, idOf: key => BigInt(key.charCodeAt(0)) })
  store.put('a', item('1', 1))
  store.put('b', item('2', 1))
  store.delete('c', v(1))
  const all = [...store.entries()]
  t.same(all.map(([k, id, it]) => [k, id, it.deleted === true]), [['a', 97n, false], ['b', 98n, false], ['c', 99n, true]])
  t.same([...store.entries(id => id >= 98n)].map(([k]) => k), ['b', 'c'])
  let seen = 0
  for (const [key] of store.entries()) {
    store.put(key, item('again', 5)) // re-links the entry; the iteration must not see it twice
    seen++
  }
  t.equal(seen, 3)
})

t.test('apply runs a command at a version newer than the held one, stores it and counts it', async t => {
  const { store } = fixture()
  const clock = new HybridLogicalClock({ now: () => T0, writer: 9 })
  store.put('k', item('5', 0, { version: { hlc: packHlc(T0 + 60_000, 3), writer: 1 } })) // from a peer whose clock is ahead
  const r = store.apply('k', { kind: 'incr', delta: 2n }, { clock })
  t.equal(r.status, 'OK')
  t.equal(r.value, 7n)
  t.equal(text(store.peek('k')?.value), '7')
  t.ok(compareVersions(store.peek('k')!.version, { hlc: packHlc(T0 + 60_000, 3), writer: 1 }) > 0)
  t.equal(store.apply('k', { kind: 'cas', value: bytes('x'), flags: 0, exptime: 0, casUnique: 1n }, { clock }).status, 'EXISTS')
  t.equal(store.apply('nope', { kind: 'cas', value: bytes('x'), flags: 0, exptime: 0, casUnique: 1n }, { clock }).status, 'NOT_FOUND')
  const cas = store.peek('k')!.version.hlc
  t.equal(store.apply('k', { kind: 'cas', value: bytes('y'), flags: 0, exptime: 0, casUnique: cas }, { clock }).status, 'STORED')
  t.equal(store.apply('k', { kind: 'delete' }, { clock }).status, 'DELETED')
  t.equal(store.apply('k', { kind: 'delete' }, { clock }).status, 'NOT_FOUND')
  t.equal(store.apply('k', { kind: 'touch', exptime: 5 }, { clock }).status, 'NOT_FOUND')
  t.equal(store.apply('k', { kind: 'decr', delta: 1n }, { clock }).status, 'NOT_FOUND')
  t.equal(store.apply('k', { kind: 'set', value: new Uint8Array(2), flags: 0, exptime: 0 }, { clock, maxValueBytes: 1 }).error, 'TooLarge')
  const s = store.stats()
  t.same(
    [s.incr_hits, s.cas_badval, s.cas_misses, s.cas_hits, s.delete_hits, s.delete_misses, s.touch_misses, s.cmd_touch, s.decr_misses, s.cmd_set],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 4]
  )
})

t.test('stats carry the memcached counter names; count() bumps the command ones', async t => {
  const { store } = fixture({ memoryBytes: 1 << 20 })
  store.count('cmd_get')
  store.count('incr_misses')
  const s = store.stats()
  for (const name of ['curr_items', 'total_items', 'bytes', 'limit_maxbytes', 'evictions', 'expired_unfetched', 'reclaimed',
    'get_hits', 'get_misses', 'get_expired', 'delete_hits', 'delete_misses', 'cmd_get', 'cmd_set', 'touch_hits', 'touch_misses',
    'incr_hits', 'incr_misses', 'decr_hits', 'decr_misses', 'cas_hits', 'cas_misses', 'cas_badval'] as const) {
    t.equal(typeof s[name], 'number', name)
  }
  t.equal(s.limit_maxbytes, 1 << 20)
  t.equal(s.cmd_get, 1)
  t.equal(s.incr_misses, 1)
  store.put('a', item('1', 1))
  store.put('a', item('2', 2))
  store.delete('a', v(3))
  t.equal(store.stats().total_items, 2, 'values stored, tombstones not')
})

t.test('put refuses malformed items with a typed error', async t => {
  const { store } = fixture()
  t.throws(() => store.put('k', { ...item('x', 1), flags: -1 }), { name: 'StoreError', code: 'BadItem' })
  t.throws(() => store.put('k', { ...item('x', 1), version: { hlc: 1n << 64n, writer: 0 } }), { name: 'StoreError', code: 'BadItem' })
  t.throws(() => store.put('k', { ...item('x', 1), expiresAtMs: Number.NaN }), { name: 'StoreError', code: 'BadItem' })
  t.throws(() => store.put('k', { ...item('x', 1), value: 'x' as unknown as Uint8Array }), { name: 'StoreError', code: 'BadItem' })
  t.equal(store.size, 0)
})

t.test('the default key id is hashToId(key) at m = 160', async t => {
  const store = new MemoryStore()
  store.put('hello', item('x', 1))
  const [[, keyId]] = [...store.entries()] as [[string, bigint, Item]]
  const { hashToId } = await import('../../ring/id.ts')
  t.equal(keyId, hashToId('hello', 160))
})

// ------------------------------------------------------------------ model-based property

type Step =
  | { readonly type: 'op', readonly key: string, readonly op: KvOp }
  | { readonly type: 'replica', readonly key: string, readonly item: Item }
  | { readonly type: 'advance', readonly ms: number }
  | { readonly type: 'sweep' }

const keyArb = fc.constantFrom('a', 'b', 'c', 'd')
const valueArb = fc.oneof(fc.constantFrom('0', '7', '18446744073709551615', ' 12', 'x'), fc.string({ maxLength: 4 })).map(bytes)
const exptimeArb = fc.oneof(fc.constant(0), fc.integer({ min: -2, max: 5 }), fc.constant(2_592_001))
const opArb: fc.Arbitrary<KvOp> = fc.oneof(
  fc.record({ kind: fc.constantFrom('set', 'add', 'replace'), value: valueArb, flags: fc.nat(3), exptime: exptimeArb }) as fc.Arbitrary<KvOp>,
  fc.record({ kind: fc.constantFrom('append', 'prepend'), value: valueArb }) as fc.Arbitrary<KvOp>,
  fc.record({ kind: fc.constant('cas'), value: valueArb, flags: fc.nat(3), exptime: exptimeArb, casUnique: fc.bigInt({ min: 0n, max: 3n }) }) as fc.Arbitrary<KvOp>,
  fc.constant({ kind: 'delete' } as KvOp),
  fc.record({ kind: fc.constantFrom('incr', 'decr'), delta: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }) as fc.Arbitrary<KvOp>,
  fc.record({ kind: fc.constant('touch'), exptime: exptimeArb }) as fc.Arbitrary<KvOp>
)
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('op' as const), key: keyArb, op: opArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('replica' as const),
      key: keyArb,
      item: fc.record({
        value: valueArb,
        flags: fc.nat(3),
        expiresAtMs: fc.constantFrom(0, T0 + 500, T0 + 5000),
        version: fc.record({ hlc: fc.constantFrom(packHlc(T0 - 1000), packHlc(T0 + 2000), packHlc(T0 + 9000, 5)), writer: fc.nat(2) }),
        deleted: fc.boolean()
      }).map(it => it.deleted ? tombstone(it.version) : { value: it.value, flags: it.flags, expiresAtMs: it.expiresAtMs, version: it.version })
    })
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'sweep' as const }) }
)

t.test('property: without the cap, the store answers like a plain Map of last-writer-wins items run through applyOp', async t => {
  fc.assert(fc.property(fc.array(stepArb, { maxLength: 60 }), steps => {
    let now = T0
    const store = new MemoryStore({ now: () => now, memoryBytes: Number.MAX_SAFE_INTEGER, tombstoneTtlMs: Number.MAX_SAFE_INTEGER })
    const storeClock = new HybridLogicalClock({ now: () => now, writer: 1 })
    const model = new Map<string, Item>()
    const modelClock = new HybridLogicalClock({ now: () => now, writer: 1 })
    for (const step of steps) {
      if (step.type === 'advance') { now += step.ms; continue }
      if (step.type === 'sweep') { store.sweep(); continue }
      if (step.type === 'replica') {
        const held = model.get(step.key)
        const newer = held === undefined || compareVersions(step.item.version, held.version) > 0
        if (newer) model.set(step.key, step.item)
        if (store.put(step.key, step.item) !== newer) return false
        continue
      }
      const held = model.get(step.key)
      if (held !== undefined) modelClock.observe(held.version)
      const expected = applyOp(held, step.op, { nowMs: now, version: modelClock.next(), maxValueBytes: 1024 * 1024 })
      if (expected.item !== undefined) model.set(step.key, expected.item)
      const actual = store.apply(step.key, step.op, { clock: storeClock })
      if (actual.status !== expected.status || actual.value !== expected.value || actual.error !== expected.error) return false
    }
    for (const key of ['a', 'b', 'c', 'd']) {
      const m = model.get(key)
      const s = store.get(key)
      const live = isLive(m, now) ? m : undefined
      if ((live === undefined) !== (s === undefined)) return false
      if (live !== undefined && (text(live.value) !== text(s!.value) || live.flags !== s!.flags || live.expiresAtMs !== s!.expiresAtMs ||
        compareVersions(live.version, s!.version) !== 0)) return false
      // Whatever is held (value or tombstone) carries the model's version.
      const held = store.peek(key)
      if ((m === undefined) !== (held === undefined)) return false
      if (m !== undefined && compareVersions(m.version, held!.version) !== 0) return false
    }
    return true
  }), { seed: 20240601, numRuns: 400 })
})

t.test('property: with a cap, bytes never exceed it after a put of a value that fits, and always equal the sum of what is held', async t => {
  fc.assert(fc.property(
    fc.integer({ min: 2, max: 8 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 200 }), fc.boolean()), { maxLength: 200 }),
    (slots, puts) => {
      const capBytes = slots * cost(3, 200)
      const store = new MemoryStore({ now: () => T0, memoryBytes: capBytes })
      let hlc = 1
      for (const [k, valueBytes, del] of puts) {
        const key = `k${k}`.padStart(3, '0')
        if (del) store.delete(key, v(hlc++))
        else store.put(key, { value: new Uint8Array(valueBytes), flags: 0, expiresAtMs: 0, version: v(hlc++) })
        if (store.bytes > capBytes) return false
        let sum = 0
        for (const [key2, , it] of store.entries()) sum += cost(Buffer.byteLength(key2), it.value.length)
        if (sum !== store.bytes) return false
      }
      return true
    }
  ), { seed: 99, numRuns: 200 })
})
