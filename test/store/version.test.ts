import t from 'tap'
import fc from 'fast-check'
import {
  HybridLogicalClock, compareVersions, casUnique, isNewer, isVersion, logicalOf, packHlc, physicalMs, writerId,
  type Version
} from '../../node/store/version.ts'

t.test('versions order by hlc first, then by writer', async t => {
  const v = (hlc: bigint, writer: number): Version => ({ hlc, writer })
  t.equal(compareVersions(v(1n, 9), v(2n, 0)), -1)
  t.equal(compareVersions(v(2n, 0), v(1n, 9)), 1)
  t.equal(compareVersions(v(5n, 1), v(5n, 2)), -1)
  t.equal(compareVersions(v(5n, 2), v(5n, 1)), 1)
  t.equal(compareVersions(v(5n, 2), v(5n, 2)), 0)
  t.ok(isNewer(v(5n, 3), v(5n, 2)))
  t.notOk(isNewer(v(5n, 2), v(5n, 2)))
  t.equal(casUnique(v(123n, 7)), 123n, 'the CAS unique is the hlc')
})

t.test('an hlc packs 48 bits of wall ms over 16 bits of logical counter', async t => {
  const hlc = packHlc(1_700_000_000_000, 42)
  t.equal(hlc, (1_700_000_000_000n << 16n) | 42n)
  t.equal(physicalMs({ hlc, writer: 0 }), 1_700_000_000_000)
  t.equal(logicalOf({ hlc, writer: 0 }), 42)
})

t.test('isVersion accepts u64 hlc and u32 writer only', async t => {
  t.ok(isVersion({ hlc: 0n, writer: 0 }))
  t.ok(isVersion({ hlc: (1n << 64n) - 1n, writer: 0xffffffff }))
  t.notOk(isVersion({ hlc: 1n << 64n, writer: 0 }))
  t.notOk(isVersion({ hlc: -1n, writer: 0 }))
  t.notOk(isVersion({ hlc: 1, writer: 0 }))
  t.notOk(isVersion({ hlc: 1n, writer: 2 ** 32 }))
  t.notOk(isVersion({ hlc: 1n, writer: 1.5 }))
  t.notOk(isVersion(null))
})

t.test('writerId is a deterministic u32 per peer id', async t => {
  const a = writerId('12D3KooWA')
  t.equal(a, writerId('12D3KooWA'))
  t.not(a, writerId('12D3KooWB'))
  t.ok(Number.isInteger(a) && a >= 0 && a <= 0xffffffff)
})

t.test('next() follows the wall clock when it moves forward', async t => {
  let now = 1000
  const clock = new HybridLogicalClock({ now: () => now, writer: 7 })
  t.same(clock.next(), { hlc: packHlc(1000, 0), writer: 7 })
  t.same(clock.next(), { hlc: packHlc(1000, 1), writer: 7 }, 'same ms: the logical counter moves')
  now = 2000
  t.same(clock.next(), { hlc: packHlc(2000, 0), writer: 7 }, 'a later ms resets the counter')
})

t.test('next() is strictly increasing when the wall clock goes backwards', async t => {
  let now = 5000
  const clock = new HybridLogicalClock({ now: () => now, writer: 1 })
  const a = clock.next()
  now = 1000
  const b = clock.next()
  t.ok(isNewer(b, a))
  t.equal(physicalMs(b), 5000, 'keeps the largest wall time seen')
  t.equal(logicalOf(b), 1)
})

t.test('a full logical counter advances the ms instead of wrapping', async t => {
  const clock = new HybridLogicalClock({ now: () => 1000, writer: 1 })
  clock.observe({ hlc: packHlc(1000, 0xffff), writer: 2 })
  const v = clock.next()
  t.equal(physicalMs(v), 1001)
  t.equal(logicalOf(v), 0)
})

t.test('observe() moves the clock past a received version, even one from the future', async t => {
  const clock = new HybridLogicalClock({ now: () => 1000, writer: 1 })
  const remote = { hlc: packHlc(9000, 3), writer: 2 }
  clock.observe(remote)
  const v = clock.next()
  t.ok(isNewer(v, remote))
  t.equal(v.hlc, remote.hlc + 1n)
  clock.observe({ hlc: 5n, writer: 3 })
  t.ok(clock.next().hlc > v.hlc, 'an older version does not move it back')
})

t.test('property: next() is strictly increasing under any wall clock and any observed versions', async t => {
  fc.assert(fc.property(
    fc.array(fc.oneof(
      fc.record({ wall: fc.integer({ min: -10, max: 2 ** 40 }) }),
      fc.record({ observe: fc.bigInt({ min: 0n, max: (1n << 60n) }) })
    ), { minLength: 1, maxLength: 200 }),
    steps => {
      let now = 0
      const clock = new HybridLogicalClock({ now: () => now, writer: 1 })
      let last = clock.next()
      let maxObserved = 0n
      for (const step of steps) {
        if ('wall' in step) now = step.wall
        else { clock.observe({ hlc: step.observe, writer: 0 }); maxObserved = step.observe > maxObserved ? step.observe : maxObserved }
        const v = clock.next()
        if (!isNewer(v, last)) return false
        if (v.hlc <= maxObserved) return false
        if (now > 0 && physicalMs(v) < now) return false
        last = v
      }
      return true
    }
  ), { seed: 4242, numRuns: 300 })
})

t.test('the clock refuses to wrap past 2^64 - 1', async t => {
  const clock = new HybridLogicalClock({ now: () => 0, writer: 1 })
  clock.observe({ hlc: (1n << 64n) - 1n, writer: 0 })
  t.throws(() => clock.next(), { name: 'StoreError', code: 'ClockExhausted' })
})

t.test('a writer that is not a u32 is refused', async t => {
  t.throws(() => new HybridLogicalClock({ now: () => 0, writer: -1 }), RangeError)
  t.throws(() => new HybridLogicalClock({ now: () => 0, writer: 2 ** 32 }), RangeError)
})
