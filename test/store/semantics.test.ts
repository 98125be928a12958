import t from 'tap'
import fc from 'fast-check'
import { applyOp, expiryToMs, formatInPlace, isExpired, isLive, parseU64, tombstone, type Item, type KvOp, type OpContext } from '../../node/store/semantics.ts'
import type { Version } from '../../node/store/version.ts'

const NOW = 1_700_000_000_000 // ms
const v = (hlc: number): Version => ({ hlc: BigInt(hlc), writer: 1 })
const ctx: OpContext = { nowMs: NOW, version: v(100), maxValueBytes: 1024 }
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array | undefined): string | undefined => b === undefined ? undefined : new TextDecoder().decode(b)
const item = (value: string, extra: Partial<Item> = {}): Item => ({ value: bytes(value), flags: 5, expiresAtMs: 0, version: v(10), ...extra })

t.test('expiry: exptime 0 never expires', async t => {
  t.equal(expiryToMs(0, NOW), 0)
  t.ok(isLive(item('x', { expiresAtMs: 0 }), Number.MAX_SAFE_INTEGER))
})

t.test('expiry: 1..2592000 seconds are relative to now', async t => {
  t.equal(expiryToMs(1, NOW), NOW + 1000)
  t.equal(expiryToMs(60, NOW), NOW + 60_000)
  t.equal(expiryToMs(2_592_000, NOW), NOW + 2_592_000_000, '30 days exactly is still relative')
})

t.test('expiry: 2592001 and above are absolute unix seconds', async t => {
  t.equal(expiryToMs(2_592_001, NOW), 2_592_001_000, '30 days + 1 s is an absolute time in 1970: already expired')
  t.ok(expiryToMs(2_592_001, NOW) <= NOW)
  t.equal(expiryToMs(1_800_000_000, NOW), 1_800_000_000_000, 'an absolute time in the future')
})

t.test('expiry: a negative exptime is expired at once', async t => {
  const deadline = expiryToMs(-1, NOW)
  t.ok(deadline !== 0 && deadline <= NOW)
  t.ok(expiryToMs(-1000, 0) <= 0 && expiryToMs(-1000, 0) !== 0, 'whatever now is')
  const r = applyOp(undefined, { kind: 'set', value: bytes('x'), flags: 0, exptime: -1 }, ctx)
  t.equal(r.status, 'STORED')
  t.notOk(isLive(r.item, NOW), 'stored, but not readable')
})

t.test('expiry: an item is expired at its deadline, not a ms later (memcached: exptime <= now)', async t => {
  const it = item('x', { expiresAtMs: NOW + 1000 })
  t.ok(isLive(it, NOW + 999))
  t.notOk(isLive(it, NOW + 1000))
  t.ok(isExpired(it, NOW + 1000))
  t.notOk(isLive(tombstone(v(1)), NOW), 'a tombstone is never live')
  t.notOk(isLive(undefined, NOW))
})

t.test('set stores unconditionally with the context version and the new flags and expiry', async t => {
  const r = applyOp(item('old'), { kind: 'set', value: bytes('new'), flags: 9, exptime: 10 }, ctx)
  t.equal(r.status, 'STORED')
  t.same(r.item, { value: bytes('new'), flags: 9, expiresAtMs: NOW + 10_000, version: v(100) })
})

t.test('add stores only when the key is missing, a tombstone or expired', async t => {
  const op: KvOp = { kind: 'add', value: bytes('a'), flags: 0, exptime: 0 }
  t.same(applyOp(item('held'), op, ctx), { status: 'NOT_STORED' })
  t.equal(applyOp(undefined, op, ctx).status, 'STORED')
  t.equal(applyOp(tombstone(v(50)), op, ctx).status, 'STORED')
  t.equal(applyOp(item('old', { expiresAtMs: NOW }), op, ctx).status, 'STORED')
})

t.test('replace stores only when the key is present', async t => {
  const op: KvOp = { kind: 'replace', value: bytes('r'), flags: 0, exptime: 0 }
  t.same(applyOp(undefined, op, ctx), { status: 'NOT_STORED' })
  t.same(applyOp(tombstone(v(50)), op, ctx), { status: 'NOT_STORED' })
  t.same(applyOp(item('x', { expiresAtMs: NOW - 1 }), op, ctx), { status: 'NOT_STORED' })
  t.equal(applyOp(item('x'), op, ctx).status, 'STORED')
})

t.test('append and prepend on a missing, deleted or expired key are NOT_STORED', async t => {
  for (const kind of ['append', 'prepend'] as const) {
    const op: KvOp = { kind, value: bytes('z') }
    t.same(applyOp(undefined, op, ctx), { status: 'NOT_STORED' }, `${kind} missing`)
    t.same(applyOp(tombstone(v(50)), op, ctx), { status: 'NOT_STORED' }, `${kind} tombstone`)
    t.same(applyOp(item('x', { expiresAtMs: NOW }), op, ctx), { status: 'NOT_STORED' }, `${kind} expired`)
  }
})

t.test('append and prepend concatenate and keep the held flags and expiry', async t => {
  const held = item('mid', { flags: 77, expiresAtMs: NOW + 5000 })
  const a = applyOp(held, { kind: 'append', value: bytes('>>') }, ctx)
  t.equal(a.status, 'STORED')
  t.equal(text(a.item?.value), 'mid>>')
  t.equal(a.item?.flags, 77)
  t.equal(a.item?.expiresAtMs, NOW + 5000)
  t.same(a.item?.version, v(100))
  const p = applyOp(held, { kind: 'prepend', value: bytes('<<') }, ctx)
  t.equal(text(p.item?.value), '<<mid')
  t.equal(text(held.value), 'mid', 'the held item is not mutated')
})

t.test('cas: missing is NOT_FOUND, a different unique is EXISTS, the same unique stores', async t => {
  const held = item('x', { version: { hlc: 555n, writer: 3 } })
  const op = (casUnique: bigint): KvOp => ({ kind: 'cas', value: bytes('y'), flags: 1, exptime: 0, casUnique })
  t.same(applyOp(undefined, op(555n), ctx), { status: 'NOT_FOUND' })
  t.same(applyOp(tombstone({ hlc: 555n, writer: 3 }), op(555n), ctx), { status: 'NOT_FOUND' }, 'a deleted key')
  t.same(applyOp(item('x', { version: { hlc: 555n, writer: 3 }, expiresAtMs: NOW }), op(555n), ctx), { status: 'NOT_FOUND' }, 'an expired key')
  t.same(applyOp(held, op(554n), ctx), { status: 'EXISTS' })
  const r = applyOp(held, op(555n), ctx)
  t.equal(r.status, 'STORED')
  t.equal(text(r.item?.value), 'y')
  t.same(r.item?.version, v(100))
})

t.test('delete leaves a tombstone at the new version; a missing key is NOT_FOUND', async t => {
  const r = applyOp(item('x'), { kind: 'delete' }, ctx)
  t.equal(r.status, 'DELETED')
  t.same(r.item, { value: new Uint8Array(0), flags: 0, expiresAtMs: 0, version: v(100), deleted: true })
  t.same(applyOp(undefined, { kind: 'delete' }, ctx), { status: 'NOT_FOUND' })
  t.same(applyOp(tombstone(v(1)), { kind: 'delete' }, ctx), { status: 'NOT_FOUND' })
  t.same(applyOp(item('x', { expiresAtMs: 1 }), { kind: 'delete' }, ctx), { status: 'NOT_FOUND' })
})

t.test('touch sets a new expiry and version and keeps value and flags; missing is NOT_FOUND', async t => {
  const r = applyOp(item('x', { flags: 3 }), { kind: 'touch', exptime: 100 }, ctx)
  t.equal(r.status, 'TOUCHED')
  t.same(r.item, { value: bytes('x'), flags: 3, expiresAtMs: NOW + 100_000, version: v(100) })
  t.same(applyOp(undefined, { kind: 'touch', exptime: 100 }, ctx), { status: 'NOT_FOUND' })
  t.notOk(isLive(applyOp(item('x'), { kind: 'touch', exptime: -1 }, ctx).item, NOW), 'touch with a negative exptime expires it')
})

const U64_MAX = (1n << 64n) - 1n

t.test('incr adds and keeps flags and expiry; a missing key is NOT_FOUND', async t => {
  const held = item('41', { flags: 12, expiresAtMs: NOW + 9000 })
  const r = applyOp(held, { kind: 'incr', delta: 1n }, ctx)
  t.equal(r.status, 'OK')
  t.equal(r.value, 42n)
  t.equal(text(r.item?.value), '42')
  t.equal(r.item?.flags, 12)
  t.equal(r.item?.expiresAtMs, NOW + 9000)
  t.same(r.item?.version, v(100))
  t.same(applyOp(undefined, { kind: 'incr', delta: 1n }, ctx), { status: 'NOT_FOUND' })
  t.same(applyOp(tombstone(v(1)), { kind: 'decr', delta: 1n }, ctx), { status: 'NOT_FOUND' })
})

t.test('incr wraps at 2^64', async t => {
  const r = applyOp(item(U64_MAX.toString()), { kind: 'incr', delta: 1n }, ctx)
  t.equal(r.value, 0n)
  t.equal(text(r.item?.value), '0'.padEnd(20, ' '), 'written in place over the 20 digits')
  t.equal(applyOp(item('18446744073709551610'), { kind: 'incr', delta: 10n }, ctx).value, 4n)
  t.equal(applyOp(item('5'), { kind: 'incr', delta: U64_MAX }, ctx).value, 4n)
})

t.test('decr floors at 0 instead of going negative', async t => {
  t.equal(applyOp(item('5'), { kind: 'decr', delta: 3n }, ctx).value, 2n)
  t.equal(applyOp(item('5'), { kind: 'decr', delta: 5n }, ctx).value, 0n)
  t.equal(applyOp(item('5'), { kind: 'decr', delta: 6n }, ctx).value, 0n)
  t.equal(applyOp(item('5'), { kind: 'decr', delta: U64_MAX }, ctx).value, 0n)
})

t.test('incr/decr write a shorter number in place padded with spaces, a longer one at its own length (memcached 1.6)', async t => {
  const d = applyOp(item('10'), { kind: 'decr', delta: 1n }, ctx)
  t.equal(d.value, 9n)
  t.equal(text(d.item?.value), '9 ', '"10" decr 1 reads back as "9 "')
  const i = applyOp(item('99'), { kind: 'incr', delta: 1n }, ctx)
  t.equal(text(i.item?.value), '100', 'grows when it does not fit')
  const again = applyOp(d.item, { kind: 'incr', delta: 1n }, ctx)
  t.equal(again.value, 10n, 'a padded number is still a number')
  t.equal(text(again.item?.value), '10')
  const lead = applyOp(item('  7'), { kind: 'incr', delta: 1n }, ctx)
  t.equal(lead.value, 8n, 'leading spaces are skipped (strtoull)')
  t.equal(text(lead.item?.value), '8  ')
})

t.test('incr/decr on a non-numeric value is a NonNumeric error and stores nothing', async t => {
  for (const value of ['', 'abc', '12abc', '0x10', '-1', '-', '+', ' ', '1.5', '18446744073709551616', '99999999999999999999999']) {
    const r = applyOp(item(value), { kind: 'incr', delta: 1n }, ctx)
    t.same(r, { status: 'ERROR', error: 'NonNumeric' }, JSON.stringify(value))
  }
})

t.test('the value parser follows memcached safe_strtoull', async t => {
  const cases: Array<[string, bigint | undefined]> = [
    ['0', 0n], ['42', 42n], ['007', 7n], ['+5', 5n], [' \t\n5', 5n], ['5 ', 5n], ['5\r\n', 5n], ['5 trailing words', 5n],
    ['5\0', 5n], ['-0', 0n], ['18446744073709551615', U64_MAX],
    ['-18446744073709551615', 1n], // strtoull negates to 1, which is not >= 2^63: accepted
    ['-5', undefined], ['5x', undefined], ['', undefined], ['x5', undefined], ['18446744073709551616', undefined]
  ]
  for (const [input, expected] of cases) t.equal(parseU64(bytes(input)), expected, JSON.stringify(input))
})

t.test('a delta outside u64 is BadDelta', async t => {
  t.same(applyOp(item('1'), { kind: 'incr', delta: -1n }, ctx), { status: 'ERROR', error: 'BadDelta' })
  t.same(applyOp(item('1'), { kind: 'decr', delta: 1n << 64n }, ctx), { status: 'ERROR', error: 'BadDelta' })
})

t.test('values over maxValueBytes are TooLarge; a too-large set deletes the old value as memcached does', async t => {
  const big = new Uint8Array(1025)
  const r = applyOp(item('old'), { kind: 'set', value: big, flags: 0, exptime: 0 }, ctx)
  t.equal(r.status, 'ERROR')
  t.equal(r.error, 'TooLarge')
  t.equal(r.item?.deleted, true, 'a tombstone replaces the stale value')
  t.same(applyOp(undefined, { kind: 'set', value: big, flags: 0, exptime: 0 }, ctx), { status: 'ERROR', error: 'TooLarge' })
  t.same(applyOp(item('old'), { kind: 'add', value: big, flags: 0, exptime: 0 }, ctx), { status: 'ERROR', error: 'TooLarge' })
  t.same(applyOp(item('x'.repeat(1000)), { kind: 'append', value: new Uint8Array(25) }, ctx), { status: 'ERROR', error: 'TooLarge' })
  t.equal(applyOp(item('x'.repeat(1000)), { kind: 'append', value: new Uint8Array(24) }, ctx).status, 'STORED', 'exactly the limit fits')
})

t.test('flags must be a u32 and exptime an integer', async t => {
  t.same(applyOp(undefined, { kind: 'set', value: bytes('x'), flags: -1, exptime: 0 }, ctx), { status: 'ERROR', error: 'BadFlags' })
  t.same(applyOp(undefined, { kind: 'set', value: bytes('x'), flags: 2 ** 32, exptime: 0 }, ctx), { status: 'ERROR', error: 'BadFlags' })
  t.equal(applyOp(undefined, { kind: 'set', value: bytes('x'), flags: 2 ** 32 - 1, exptime: 0 }, ctx).status, 'STORED')
  t.same(applyOp(undefined, { kind: 'set', value: bytes('x'), flags: 0, exptime: 1.5 }, ctx), { status: 'ERROR', error: 'BadExptime' })
  t.same(applyOp(item('x'), { kind: 'touch', exptime: Number.NaN }, ctx), { status: 'ERROR', error: 'BadExptime' })
})

t.test('property: incr/decr match u64 arithmetic on any decimal u64', async t => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: U64_MAX }), fc.boolean(), (n, delta, incr) => {
    const r = applyOp(item(n.toString()), { kind: incr ? 'incr' : 'decr', delta }, ctx)
    const expected = incr ? (n + delta) % (1n << 64n) : (delta > n ? 0n : n - delta)
    const stored = text(r.item?.value)
    return r.value === expected && stored?.trimEnd() === expected.toString() &&
      stored.length === Math.max(n.toString().length, expected.toString().length) && parseU64(r.item!.value) === expected
  }), { seed: 7, numRuns: 500 })
})

t.test('formatInPlace pads to the old length and never truncates', async t => {
  t.equal(text(formatInPlace(5n, 3)), '5  ')
  t.equal(text(formatInPlace(12345n, 3)), '12345')
  t.equal(text(formatInPlace(0n, 0)), '0')
})
