import t from 'tap'
import fc from 'fast-check'
import { bucketOf, differingBuckets, diffKeyVersions, digestBytes, itemHash, type KeyVersion } from '../../node/store/digest.ts'
import { MemoryStore } from '../../node/store/memory.ts'
import { tombstone, type Item } from '../../node/store/semantics.ts'
import type { Version } from '../../node/store/version.ts'

const T0 = 1_700_000_000_000
const all = (): boolean => true
const v = (hlc: number, writer = 1): Version => ({ hlc: BigInt(hlc), writer })
const item = (value: string, hlc: number, writer = 1): Item => ({ value: new TextEncoder().encode(value), flags: 0, expiresAtMs: 0, version: v(hlc, writer) })
const newStore = (): MemoryStore => new MemoryStore({ now: () => T0, memoryBytes: Number.MAX_SAFE_INTEGER })

interface Held { readonly key: string, readonly hlc: number, readonly writer: number, readonly deleted: boolean }
const heldArb = fc.uniqueArray(
  fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), hlc: fc.integer({ min: 1, max: 1000 }), writer: fc.nat(3), deleted: fc.boolean() }),
  { selector: h => h.key, maxLength: 60 }
)
function fill (store: MemoryStore, held: readonly Held[]): void {
  for (const h of held) {
    if (h.deleted) store.delete(h.key, v(h.hlc, h.writer))
    else store.put(h.key, item(`${h.key}@${h.hlc}`, h.hlc, h.writer))
  }
}

t.test('a digest is one 8-byte sum per bucket; an empty range sums to zero', async t => {
  const store = newStore()
  const d = store.digest(all, 16)
  t.equal(d.length, 16)
  t.ok(d.every(b => b.length === 8 && b.every(x => x === 0)))
  t.throws(() => store.digest(all, 0), RangeError)
  t.same(digestBytes(0x0102030405060708n), Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 'big-endian')
})

t.test('property: equal contents give equal digests whatever order they were stored in', async t => {
  fc.assert(fc.property(heldArb, fc.integer({ min: 1, max: 64 }), fc.infiniteStream(fc.nat()), (held, buckets, randoms) => {
    const a = newStore()
    const b = newStore()
    fill(a, held)
    const shuffled = [...held].sort(() => (randoms.next().value as number) % 3 - 1)
    fill(b, shuffled)
    b.get(held[0]?.key ?? '') // LRU order differs too
    return differingBuckets(a.digest(all, buckets), b.digest(all, buckets)).length === 0
  }), { seed: 11, numRuns: 200 })
})

t.test('property: one differing version changes exactly the digest of its bucket', async t => {
  fc.assert(fc.property(heldArb.filter(h => h.length > 0), fc.nat(), fc.integer({ min: 1, max: 64 }), (held, pick, buckets) => {
    const a = newStore()
    const b = newStore()
    fill(a, held)
    fill(b, held)
    const changed = held[pick % held.length]!
    b.put(changed.key, item('newer', changed.hlc + 1, changed.writer))
    const keyId = [...b.entries()].find(([k]) => k === changed.key)![1]
    const diff = differingBuckets(a.digest(all, buckets), b.digest(all, buckets))
    return diff.length === 1 && diff[0] === bucketOf(keyId, buckets)
  }), { seed: 12, numRuns: 200 })
})

t.test('a tombstone and a value differ; an expired value swept into a tombstone of the same version does not', async t => {
  const a = newStore()
  const b = newStore()
  a.put('k', item('x', 5))
  b.delete('k', v(6))
  t.same(differingBuckets(a.digest(all, 4), b.digest(all, 4)).length, 1)
  let now = T0
  const c = new MemoryStore({ now: () => now })
  const d = new MemoryStore({ now: () => now })
  const expiring: Item = { ...item('x', 5), expiresAtMs: T0 + 10 }
  c.put('k', expiring)
  d.put('k', expiring)
  now = T0 + 10
  c.sweep()
  t.equal(c.peek('k')?.deleted, true)
  t.same(differingBuckets(c.digest(all, 4), d.digest(all, 4)), [], 'the same write, reclaimed on one replica only')
})

t.test('the range filter decides which keys a digest covers', async t => {
  const store = new MemoryStore({ now: () => T0, idOf: key => BigInt(key.charCodeAt(0)) })
  store.put('a', item('1', 1)) // id 97
  store.put('b', item('1', 1)) // id 98
  const onlyA = store.digest(id => id === 97n, 1)
  const other = new MemoryStore({ now: () => T0, idOf: key => BigInt(key.charCodeAt(0)) })
  other.put('a', item('1', 1))
  t.same(onlyA, other.digest(all, 1))
  t.same(store.keysInBucket(id => id === 98n, 1, 0), [{ key: 'b', version: v(1), deleted: false }])
  t.same(store.keysInBuckets(all, 2, [0, 1]).map(kv => kv.key).sort(), ['a', 'b'])
  t.same(store.keysInBucket(all, 2, 1).map(kv => kv.key), ['a'], '97 mod 2 = 1')
})

t.test('itemHash depends on key, hlc and writer, with the key length-prefixed', async t => {
  const h = itemHash('ab', v(1))
  t.equal(h, itemHash('ab', v(1)))
  t.not(h, itemHash('ab', v(2)))
  t.not(h, itemHash('ab', v(1, 2)))
  t.not(h, itemHash('a', v(1)))
  t.ok(h >= 0n && h < 1n << 64n)
})

t.test('diffKeyVersions: push what the remote lacks or holds older, pull what it holds newer or we lack', async t => {
  const kv = (key: string, hlc: number, deleted = false): KeyVersion => ({ key, version: v(hlc), deleted })
  const { push, pull } = diffKeyVersions(
    [kv('same', 1), kv('mineNewer', 5), kv('onlyMine', 1), kv('theirsNewer', 1, true)],
    [kv('same', 1), kv('mineNewer', 4), kv('theirsNewer', 2), kv('onlyTheirs', 9)]
  )
  t.same(push.sort(), ['mineNewer', 'onlyMine'])
  t.same(pull.sort(), ['onlyTheirs', 'theirsNewer'])
})

t.test('property: two replicas that exchange only differing buckets end up with equal digests and contents', async t => {
  fc.assert(fc.property(heldArb, heldArb, fc.integer({ min: 1, max: 32 }), (heldA, heldB, buckets) => {
    const a = newStore()
    const b = newStore()
    fill(a, heldA)
    fill(b, heldB)
    const differing = differingBuckets(a.digest(all, buckets), b.digest(all, buckets))
    const { push, pull } = diffKeyVersions(a.keysInBuckets(all, buckets, differing), b.keysInBuckets(all, buckets, differing))
    for (const key of push) b.put(key, a.peek(key)!)
    for (const key of pull) a.put(key, b.peek(key)!)
    if (differingBuckets(a.digest(all, buckets), b.digest(all, buckets)).length !== 0) return false
    const contents = (s: MemoryStore): string => [...s.entries()].map(([k, , it]) => `${k}:${it.version.hlc}:${it.version.writer}:${it.deleted === true}`).sort().join(',')
    return contents(a) === contents(b)
  }), { seed: 13, numRuns: 200 })
})

t.test('differingBuckets treats missing or malformed digests as different', async t => {
  const zero = new Uint8Array(8)
  t.same(differingBuckets([zero, zero], [zero]), [1])
  t.same(differingBuckets([zero], [new Uint8Array(7)]), [0])
  t.same(differingBuckets([zero], [digestBytes(1n)]), [0])
})

t.test('tombstones are part of the digest', async t => {
  const a = newStore()
  const b = newStore()
  a.delete('k', v(3))
  t.same(differingBuckets(a.digest(all, 1), b.digest(all, 1)), [0])
  b.put('k', tombstone(v(3)))
  t.same(differingBuckets(a.digest(all, 1), b.digest(all, 1)), [])
})
