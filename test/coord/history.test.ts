import t from 'tap'
import { simCoordCluster } from './cluster.ts'
import { MAX_HISTORY, MAX_HISTORY_BYTES } from '../../node/coord/messages.ts'
import { eventsAfter, nextHistory } from '../../node/coord/register.ts'

const enc = new TextEncoder()
const dec = new TextDecoder()

t.test('watches resume from the register history, in order, and resync when it is gone', async t => {
  const c = simCoordCluster(7)
  const writer = c.client('w')
  const watcher = c.client('r')
  await c.clock.settle((async () => {
    for (let i = 1; i <= 5; i++) t.equal((await writer.put('cfg', enc.encode(`v${i}`))).ok, true)
    const batch = await watcher.watchNext('cfg', 1n, { waitMs: 10 })
    t.equal(batch.resync, false)
    t.same(batch.events.map(e => [e.version, dec.decode(e.value!)]), [[2n, 'v2'], [3n, 'v3'], [4n, 'v4'], [5n, 'v5']], 'versions 2..5 in order, each its committed value')
    t.same(batch.events.map(e => (e as { history?: unknown }).history), [undefined, undefined, undefined, undefined], 'events carry no history')
    for (let i = 6; i <= 5 + MAX_HISTORY + 2; i++) await writer.put('cfg', enc.encode(`v${i}`))
    const gone = await watcher.watchNext('cfg', 2n, { waitMs: 10 })
    t.equal(gone.resync, true, 'history no longer reaches version 3: resync')
    t.same(gone.events.map(e => e.version), [BigInt(5 + MAX_HISTORY + 2)], 'with the current version alone')
    const del = await writer.put('cfg', null)
    t.equal(del.ok, true)
    const after = await watcher.watchNext('cfg', BigInt(5 + MAX_HISTORY + 2), { waitMs: 10 })
    t.same(after.events.map(e => [e.version, e.value]), [[BigInt(5 + MAX_HISTORY + 3), null]], 'a delete is an event with a null value')
    const none = await watcher.watchNext('cfg', BigInt(5 + MAX_HISTORY + 3), { waitMs: 500 })
    t.same(none, { events: [], resync: false }, 'nothing new within the wait')
  })(), 600_000)
})

t.test('history is bounded by entries and bytes', async t => {
  let state = { value: null as Uint8Array | null, version: 0n, writeId: '', history: [] as ReturnType<typeof nextHistory> }
  for (let i = 1; i <= 40; i++) state = { value: new Uint8Array(10_000), version: BigInt(i), writeId: `w${i}`, history: nextHistory(state) }
  const bytes = state.history.reduce((n, h) => n + (h.value?.length ?? 0), 0)
  t.ok(state.history.length <= MAX_HISTORY && bytes <= MAX_HISTORY_BYTES, `${state.history.length} entries, ${bytes} bytes`)
  t.same(state.history.map(h => h.version), state.history.map((_, i) => 39n - BigInt(i)), 'newest first, consecutive')
  t.same(eventsAfter(state, 40n, 64), { events: [], resync: false })
  t.equal(eventsAfter(state, 1n, 64).resync, true)
})

t.test('a retried put never applies twice and never refuses a write that applied', async t => {
  const { putChange } = await import('../../node/coord/register.ts')
  const mk = (version: bigint, writeId: string, history: Array<{ version: bigint, writeId: string }> = []) =>
    ({ value: null, version, writeId, history: history.map(h => ({ value: null, ...h })) })
  // Round 1 proposes version 5 on top of 4; then the round fails and others write.
  let change = putChange(enc.encode('mine'), { writeId: 'me' })
  t.equal(change(mk(4n, 'x')).version, 5n)
  t.same(change(mk(6n, 'z', [{ version: 5n, writeId: 'y' }, { version: 4n, writeId: 'x' }])).version, 7n, 'version 5 is someone else\'s: ours was not chosen, apply at 7')
  change = putChange(enc.encode('mine'), { writeId: 'me' })
  change(mk(4n, 'x'))
  t.throws(() => change(mk(30n, 'z', [{ version: 29n, writeId: 'y' }])), { code: 'Indeterminate' }, 'version 5 left the history: Indeterminate, not a second apply')
  change = putChange(enc.encode('mine'), { writeId: 'me', ifVersion: 4n })
  change(mk(4n, 'x'))
  t.throws(() => change(mk(6n, 'z', [{ version: 5n, writeId: 'me' }])), { code: 'AlreadyApplied' }, 'found in the history: applied at its version')
  change = putChange(enc.encode('mine'), { writeId: 'me', ifVersion: 4n })
  change(mk(4n, 'x'))
  t.throws(() => change(mk(6n, 'z', [{ version: 5n, writeId: 'y' }])), { code: 'VersionMismatch' }, 'provably not chosen: a real mismatch')
})

t.test('a retry that finds the register still below its attempt proposes the same version again', async t => {
  const { putChange } = await import('../../node/coord/register.ts')
  const change = putChange(enc.encode('mine'), { writeId: 'me' })
  t.equal(change({ value: null, version: 4n, writeId: 'x' }).version, 5n)
  t.equal(change({ value: null, version: 4n, writeId: 'x' }).version, 5n, 'pre-empted round, nobody wrote: same version, not Indeterminate')
})
