import t from 'tap'
import fc from 'fast-check'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { ITEM_OVERHEAD_BYTES } from '../../node/store/constants.ts'
import { LOG_FILE, PersistentStore, encodeRecord, openPersistentStore } from '../../node/store/persistent.ts'
import { tombstone, type Item } from '../../node/store/semantics.ts'
import { HybridLogicalClock, type Version } from '../../node/store/version.ts'

const T0 = 1_700_000_000_000
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array | undefined): string | undefined => b === undefined ? undefined : new TextDecoder().decode(b)
const v = (hlc: number, writer = 1): Version => ({ hlc: BigInt(hlc), writer })
const item = (value: string, hlc: number, extra: Partial<Item> = {}): Item => ({ value: bytes(value), flags: 0, expiresAtMs: 0, version: v(hlc), ...extra })

/** A fresh directory, removed when the test ends. */
function tempDir (t: { teardown: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chordkv-store-'))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Everything held, as comparable strings. */
function dump (store: PersistentStore): string[] {
  return [...store.entries()].map(([k, id, it]) =>
    `${k}|${id}|${text(it.value)}|${it.flags}|${it.expiresAtMs}|${it.version.hlc}|${it.version.writer}|${it.deleted === true}`).sort()
}

t.test('round trip: a reopened store holds the same values, flags, expiries, versions and tombstones', async t => {
  const dir = tempDir(t)
  let now = T0
  const store = await openPersistentStore(dir, { now: () => now })
  t.same(store.loadReport, { records: 0, ignoredBytes: 0, tail: undefined, keys: 0 })
  const clock = new HybridLogicalClock({ now: () => now, writer: 42 })
  store.apply('counter', { kind: 'set', value: bytes('9'), flags: 7, exptime: 3600 }, { clock })
  store.apply('counter', { kind: 'incr', delta: 1n }, { clock })
  store.put('plain', item('v', 5, { flags: 0xffffffff }))
  store.put('utf8-ключ', item('значение', 6))
  store.put('empty', item('', 7))
  store.put('binary', { ...item('', 8), value: Uint8Array.from({ length: 256 }, (_, i) => i) })
  store.delete('gone', v(9))
  store.apply('plain', { kind: 'append', value: bytes('!') }, { clock })
  const before = dump(store)
  await store.close()
  const again = await openPersistentStore(dir, { now: () => now })
  t.same(dump(again), before)
  t.equal(text(again.get('counter')?.value), '10')
  t.equal(again.peek('counter')?.expiresAtMs, T0 + 3_600_000)
  t.same(again.peek('binary')?.value, Uint8Array.from({ length: 256 }, (_, i) => i))
  t.equal(again.peek('gone')?.deleted, true)
  t.equal(again.loadReport.tail, undefined)
  t.equal(again.loadReport.keys, 6)
  await again.close()
})

t.test('values expired while the peer was down do not come back, nor do the older values they replaced', async t => {
  const dir = tempDir(t)
  let now = T0
  const store = await openPersistentStore(dir, { now: () => now })
  store.put('k', item('old, never expires', 1))
  store.put('k', item('new, expires', 2, { expiresAtMs: T0 + 1000 }))
  store.put('other', item('x', 1, { expiresAtMs: T0 + 1000 }))
  await store.close()
  now = T0 + 1000
  const again = await openPersistentStore(dir, { now: () => now })
  t.equal(again.get('k'), undefined)
  t.equal(again.get('other'), undefined)
  t.same(again.peek('k'), tombstone(v(2)), 'held as a tombstone until the TTL, so replicas cannot resurrect it')
  t.equal(again.stats().curr_items, 0)
  await again.close()
})

t.test('keys dropped without a tombstone stay dropped: removeRange, flush, eviction, reaped tombstones', async t => {
  const dir = tempDir(t)
  let now = T0
  const init = { now: () => now, memoryBytes: 3 * (2 + 1 + ITEM_OVERHEAD_BYTES), tombstoneTtlMs: 1000 }
  const store = await openPersistentStore(dir, init)
  store.put('r1', item('1', 1))
  store.removeRange((_, key) => key === 'r1')
  store.put('f1', item('1', 1))
  store.flush()
  store.delete('t1', v(1))
  now = T0 + 1000
  store.sweep()
  store.put('e1', item('1', 1))
  store.put('e2', item('1', 1))
  store.put('e3', item('1', 1))
  store.put('e4', item('1', 1)) // evicts e1
  t.equal(store.stats().evictions, 1)
  const before = dump(store)
  t.same(before.map(l => l.split('|')[0]), ['e2', 'e3', 'e4'])
  await store.close()
  const again = await openPersistentStore(dir, init)
  t.same(dump(again), before)
  await again.close()
})

async function writeSome (dir: string, n: number): Promise<number[]> {
  const store = await openPersistentStore(dir, { now: () => T0 })
  for (let i = 0; i < n; i++) store.put(`key${i}`, item(`value${i}`, i + 1))
  await store.close()
  // Record boundaries: the compacted log at the next open holds the same records in the same order.
  const offsets = [8]
  for (let i = 0; i < n; i++) offsets.push(offsets[i]! + encodeRecord({ type: 1, key: `key${i}`, item: item(`value${i}`, i + 1) }).length)
  return offsets
}

t.test('a torn last record (kill -9 mid-write) is detected and ignored at every cut point', async t => {
  const dir = tempDir(t)
  const log = path.join(dir, LOG_FILE)
  const offsets = await writeSome(dir, 3)
  const whole = fs.readFileSync(log)
  t.equal(whole.length, offsets[3], 'the log is exactly the three records after the magic')
  for (let cut = offsets[2]! + 1; cut < offsets[3]!; cut++) {
    fs.writeFileSync(log, whole.subarray(0, cut))
    const store = await openPersistentStore(dir, { now: () => T0 })
    t.same(store.loadReport, { records: 2, ignoredBytes: cut - offsets[2]!, tail: 'torn', keys: 2 }, `cut at ${cut}`)
    t.equal(text(store.peek('key1')?.value), 'value1')
    t.equal(store.peek('key2'), undefined)
    await store.close()
    t.equal(fs.statSync(log).size, offsets[2], 'the reopened log no longer holds the torn bytes')
  }
})

t.test('after a torn tail, new writes are kept across the next restart', async t => {
  const dir = tempDir(t)
  const log = path.join(dir, LOG_FILE)
  const offsets = await writeSome(dir, 2)
  fs.truncateSync(log, offsets[2]! - 3)
  const store = await openPersistentStore(dir, { now: () => T0 })
  store.put('after', item('kept', 100))
  await store.close()
  const again = await openPersistentStore(dir, { now: () => T0 })
  t.same(again.loadReport.tail, undefined)
  t.same([...again.entries()].map(([k]) => k).sort(), ['after', 'key0'])
  await again.close()
})

t.test('a corrupt last record (bad checksum) or trailing garbage is ignored; earlier records load', async t => {
  const dir = tempDir(t)
  const log = path.join(dir, LOG_FILE)
  const offsets = await writeSome(dir, 3)
  const whole = fs.readFileSync(log)
  const flipped = Buffer.from(whole)
  flipped[offsets[3]! - 2]! ^= 0xff
  fs.writeFileSync(log, flipped)
  let store = await openPersistentStore(dir, { now: () => T0 })
  t.same(store.loadReport, { records: 2, ignoredBytes: offsets[3]! - offsets[2]!, tail: 'checksum', keys: 2 })
  await store.close()
  fs.writeFileSync(log, Buffer.concat([whole, Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5])]))
  store = await openPersistentStore(dir, { now: () => T0 })
  t.same(store.loadReport, { records: 3, ignoredBytes: 9, tail: 'malformed', keys: 3 }, 'a length no record can have')
  await store.close()
  fs.writeFileSync(log, Buffer.concat([whole, Buffer.from([1, 2, 3])]))
  store = await openPersistentStore(dir, { now: () => T0 })
  t.same(store.loadReport, { records: 3, ignoredBytes: 3, tail: 'torn', keys: 3 }, 'less than a record header')
  await store.close()
  fs.writeFileSync(log, Buffer.concat([whole, Buffer.from([0, 0, 0, 5, 0, 0, 0, 0, 9, 9, 9, 9, 9])]))
  store = await openPersistentStore(dir, { now: () => T0 })
  t.same(store.loadReport, { records: 3, ignoredBytes: 13, tail: 'checksum', keys: 3 }, 'a well-framed record with a wrong checksum')
  await store.close()
})

t.test('property: any prefix of a log loads without throwing and keeps exactly the whole records', async t => {
  const dir = tempDir(t)
  const log = path.join(dir, LOG_FILE)
  const offsets = await writeSome(dir, 20)
  const whole = fs.readFileSync(log)
  await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: whole.length }), async cut => {
    fs.writeFileSync(log, whole.subarray(0, cut))
    const store = await openPersistentStore(dir, { now: () => T0 })
    const whole_ = offsets.filter(o => o <= cut).length - 1
    const ok = store.size === Math.max(0, whole_) && (store.loadReport.ignoredBytes === 0) === (offsets.includes(cut) || cut === 0)
    await store.close()
    return ok
  }), { seed: 5, numRuns: 40 })
})

t.test('a log that is not ours is refused and left untouched', async t => {
  const dir = tempDir(t)
  const log = path.join(dir, LOG_FILE)
  fs.writeFileSync(log, 'not a chordkv log at all')
  await t.rejects(openPersistentStore(dir), { name: 'PersistenceError' })
  t.equal(fs.readFileSync(log, 'utf8'), 'not a chordkv log at all')
})

t.test('a log torn while being created, and a leftover compaction file, are cleaned up', async t => {
  const dir = tempDir(t)
  fs.writeFileSync(path.join(dir, LOG_FILE), 'CKV')
  fs.writeFileSync(path.join(dir, 'store.log.compact'), 'half a compaction')
  const store = await openPersistentStore(dir)
  t.same(store.loadReport, { records: 0, ignoredBytes: 3, tail: 'torn', keys: 0 })
  t.notOk(fs.existsSync(path.join(dir, 'store.log.compact')))
  await store.close()
})

t.test('the log is compacted once it outgrows what it holds, and still reloads the same state', async t => {
  const dir = tempDir(t)
  const store = await openPersistentStore(dir, { now: () => T0, fsyncIntervalMs: 1000 })
  const value = 'x'.repeat(1024)
  for (let i = 1; i <= 6000; i++) store.put(`k${i % 10}`, item(value + i, i)) // ~6 MiB of writes, 10 keys held
  const ps = store.persistenceStats()
  t.ok(ps.compactions >= 1, `compacted ${ps.compactions} times`)
  t.ok(ps.logBytes < 4 * 1024 * 1024)
  store.compact()
  t.ok(store.persistenceStats().logBytes < 11 * 1100, 'an explicit compaction leaves only what is held')
  const before = dump(store)
  await store.close()
  const again = await openPersistentStore(dir, { now: () => T0 })
  t.same(dump(again), before)
  t.equal(text(again.get('k0')?.value), value + 6000)
  await again.close()
})

t.test('sync() resolves once written; fsyncIntervalMs 0 fsyncs every write; a closed store refuses use', async t => {
  const dir = tempDir(t)
  const store = await openPersistentStore(dir, { fsyncIntervalMs: 0 })
  store.put('a', item('1', 1))
  await store.sync()
  await store.close()
  await store.close()
  t.throws(() => store.put('b', item('1', 1)), { name: 'StoreError', code: 'Closed' })
  const batched = await openPersistentStore(dir, { fsyncIntervalMs: 5 })
  batched.put('b', item('1', 1))
  await batched.sync()
  t.equal(batched.size, 2)
  await batched.close()
})

t.test('kill -9 of a writing process loses nothing it had written', async t => {
  const dir = tempDir(t)
  const storeModule = new URL('../../node/store/persistent.ts', import.meta.url).href
  const script = `
    import { openPersistentStore } from ${JSON.stringify(storeModule)}
    const store = await openPersistentStore(process.argv[1], { fsyncIntervalMs: 60000 })
    const put = (key, value, hlc) => store.put(key, { value: new TextEncoder().encode(value), flags: 0, expiresAtMs: 0, version: { hlc, writer: 1 } })
    for (let i = 0; i < 500; i++) store.put('k' + i, { value: new TextEncoder().encode('v' + i), flags: i, expiresAtMs: 0, version: { hlc: BigInt(i + 1), writer: 1 } })
    let hlc = 1n
    put('busy', 'x'.repeat(100), hlc++)
    // Keep writing until killed, so the kill is likely to land mid-write.
    let batches = 0
    setInterval(() => {
      for (let i = 0; i < 50; i++) put('busy', 'x'.repeat(100), hlc++)
      if (batches++ === 0) process.stdout.write('written\\n')
    }, 0)
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise(resolve => child.on('exit', resolve))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('written')) resolve() })
    child.on('exit', code => { reject(new Error(`writer exited with ${code}`)) })
  })
  child.kill('SIGKILL')
  await exited
  const store = await openPersistentStore(dir)
  for (let i = 0; i < 500; i++) {
    const it = store.peek('k' + i)
    if (text(it?.value) !== 'v' + i || it?.flags !== i) {
      t.fail(`k${i} lost or wrong after kill -9`)
      break
    }
  }
  t.ok(store.peek('busy'), 'the write before the mark is there, and the load did not throw on a torn last one')
  t.pass(`reloaded ${store.loadReport.records} records, tail ${store.loadReport.tail ?? 'whole'}`)
  await store.close()
})

t.test('property: a store reopened at any point holds exactly what it held before', async t => {
  const steps = fc.array(fc.oneof(
    fc.record({ type: fc.constant('put' as const), key: fc.constantFrom('a', 'b', 'c', 'é'), value: fc.string({ maxLength: 8 }), hlc: fc.integer({ min: 1, max: 50 }), deleted: fc.boolean() }),
    fc.record({ type: fc.constant('remove' as const), key: fc.constantFrom('a', 'b', 'c', 'é') }),
    fc.constant({ type: 'reopen' as const })
  ), { maxLength: 30 })
  const dir = tempDir(t)
  let run = 0
  await fc.assert(fc.asyncProperty(steps, async script => {
    const runDir = path.join(dir, String(run++))
    let store = await openPersistentStore(runDir, { now: () => T0, fsyncIntervalMs: 1000 })
    try {
      for (const step of script) {
        if (step.type === 'put') store.put(step.key, step.deleted ? tombstone(v(step.hlc)) : item(step.value, step.hlc))
        else if (step.type === 'remove') store.forget(step.key)
        else {
          const before = dump(store)
          await store.close()
          store = await openPersistentStore(runDir, { now: () => T0, fsyncIntervalMs: 1000 })
          if (JSON.stringify(dump(store)) !== JSON.stringify(before)) return false
        }
      }
      return true
    } finally {
      await store.close()
    }
  }), { seed: 77, numRuns: 40 })
})
