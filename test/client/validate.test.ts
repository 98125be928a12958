import t from 'tap'
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../../node/kv/messages.ts'
import { checkDelta, checkFlags, checkKey, checkKeys, chunks, ttlToExptime, valueBytes } from '../../client/validate.ts'

t.test('keys memcached refuses are BadKeyErrors: empty, over 250 UTF-8 bytes, spaces, control characters, lone surrogates', async t => {
  const bad = ['', 'a'.repeat(MAX_KEY_BYTES + 1), 'é'.repeat(126), 'has space', 'tab\there', 'new\nline', 'nul\u0000', 'del\u007f', 'lone\ud800']
  for (const key of bad) {
    t.throws(() => checkKey(key), { name: 'BadKeyError', code: 'BadKey' }, JSON.stringify(key))
  }
  t.throws(() => checkKey(42 as unknown as string), { name: 'BadKeyError' })
})

t.test('keys of 1 to 250 UTF-8 bytes without space or control characters pass', async t => {
  for (const key of ['a', 'a'.repeat(MAX_KEY_BYTES), 'é'.repeat(125), 'user:42/name', '日本語', '🔑']) {
    t.same(checkKey(key), new TextEncoder().encode(key), JSON.stringify(key).slice(0, 40))
  }
})

t.test('values: strings as UTF-8, bytes as they are, at most 1 MiB', async t => {
  t.same(valueBytes('héllo', 'k'), new TextEncoder().encode('héllo'))
  const max = new Uint8Array(MAX_VALUE_BYTES)
  t.equal(valueBytes(max, 'k'), max)
  t.throws(() => valueBytes(new Uint8Array(MAX_VALUE_BYTES + 1), 'k'), { name: 'TooLargeError', code: 'TooLarge' })
  t.throws(() => valueBytes('x'.repeat(MAX_VALUE_BYTES + 1), 'k'), { name: 'TooLargeError' })
  t.throws(() => valueBytes(42 as unknown as string, 'k'), TypeError)
})

t.test('flags are u32; delta is u64; anything else is a RangeError', async t => {
  t.equal(checkFlags(undefined), 0)
  t.equal(checkFlags(0xffff_ffff), 0xffff_ffff)
  for (const flags of [-1, 2 ** 32, 1.5, NaN]) t.throws(() => checkFlags(flags), RangeError)
  t.equal(checkDelta(5), 5n)
  t.equal(checkDelta((1n << 64n) - 1n), (1n << 64n) - 1n)
  for (const delta of [-1, 1.5, -1n, 1n << 64n]) t.throws(() => checkDelta(delta), RangeError)
})

t.test('ttl: 0 never expires, up to 30 days relative, beyond as absolute Unix time, negative refused', async t => {
  const now = Date.UTC(2030, 0, 1)
  t.equal(ttlToExptime(undefined, now), 0)
  t.equal(ttlToExptime(0, now), 0)
  t.equal(ttlToExptime(60, now), 60)
  t.equal(ttlToExptime(30 * 24 * 3600, now), 30 * 24 * 3600)
  t.equal(ttlToExptime(30 * 24 * 3600 + 1, now), now / 1000 + 30 * 24 * 3600 + 1)
  for (const ttl of [-1, 1.5, NaN, 200 * 365 * 24 * 3600]) t.throws(() => ttlToExptime(ttl, now), RangeError, String(ttl))
})

t.test('multi-get keys are checked and deduplicated in order; chunks cut at the limit', async t => {
  t.same(checkKeys(['b', 'a', 'b']), ['b', 'a'])
  t.throws(() => checkKeys(['ok', 'not ok']), { name: 'BadKeyError' })
  t.same(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]])
  t.same(chunks([], 2), [])
})
