import t from 'tap'
import type { WatchEvent } from '../../node/coord/recipes/index.ts'
import { recipeCluster, text } from './recipes-util.ts'

const SEEDS = [1, 2, 3]

/** Collects events of `iterable` until `until(events)` holds. */
async function collect (iterable: AsyncIterable<WatchEvent>, events: WatchEvent[], until: (e: WatchEvent[]) => boolean): Promise<void> {
  for await (const e of iterable) {
    events.push(e)
    if (until(events)) return
  }
}

t.test('slow writes: every version arrives once, in order, as put/delete with its committed value', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const w = c.client('writer')
    const r = c.client('reader')
    const events: WatchEvent[] = []
    const watching = collect(r.coord.watch('k', { from: 0n }), events, e => (e.at(-1)?.version ?? 0n) >= 10n)
    for (let i = 1; i <= 10; i++) {
      await c.settle(w.coord.put('k', i === 7 ? null : `v${i}`))
      await c.runFor(200)
    }
    await c.settle(watching)
    t.same(events.map(e => e.version), [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n], `seed ${seed}: versions 1..10 once each`)
    t.same(events.map(e => e.type), ['put', 'put', 'put', 'put', 'put', 'put', 'delete', 'put', 'put', 'put'], `seed ${seed}: a null write is a delete event`)
    t.same(events.map(e => text(e.value)), ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', null, 'v8', 'v9', 'v10'], `seed ${seed}: each event carries its committed value`)
  }
})

t.test('fast concurrent writes: versions only go up, each event is a committed value, a gap is never silent', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const writers = [c.client('w0'), c.client('w1')]
    const r = c.client('reader')
    const history = new Map<bigint, string>()
    const events: WatchEvent[] = []
    let finalVersion = -1n
    const watching = collect(r.coord.watch('k', { from: 0n }), events, e => (e.at(-1)?.version ?? 0n) >= finalVersion && finalVersion >= 0n)
    await c.settle(Promise.all(writers.map(async (w, j) => {
      for (let i = 0; i < 15; i++) {
        const res = await w.coord.put('k', `w${j}-${i}`).catch(() => null) // an Indeterminate write may or may not be in the history
        if (res?.ok === true) history.set(res.version, `w${j}-${i}`)
      }
    })))
    finalVersion = (await c.settle(r.coord.get('k'))).version
    // The watch may have delivered the last version before the final read named it.
    if ((events.at(-1)?.version ?? 0n) < finalVersion) await c.settle(watching)
    else void watching.catch(() => {})
    const versions = events.map(e => e.version)
    t.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]), `seed ${seed}: strictly increasing versions ${versions.join(',')}`)
    t.same(events.filter(e => history.has(e.version) && text(e.value) !== history.get(e.version)).map(e => e.version), [], `seed ${seed}: every event's value is the one committed at its version`)
    const gaps = events.filter((e, i) => e.type !== 'resync' && e.version !== (i === 0 ? 1n : events[i - 1].version + 1n))
    t.same(gaps.map(e => e.version), [], `seed ${seed}: no silent gap (a skipped version always comes as resync)`)
    t.comment(`seed ${seed}: ${events.length} events, ${events.filter(e => e.type === 'resync').length} resyncs`)
    t.equal(events.at(-1)?.version, finalVersion, `seed ${seed}: the watch reached the last version (${finalVersion})`)
  }
})

t.test('resume from a version after a disconnect: nothing repeated, nothing silently lost', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const w = c.client('writer')
    const r = c.client('reader')
    const first: WatchEvent[] = []
    const ac = new AbortController()
    const watching = collect(r.coord.watch('k', { from: 0n, signal: ac.signal }), first, e => (e.at(-1)?.version ?? 0n) >= 3n)
    for (let i = 1; i <= 3; i++) { await c.settle(w.coord.put('k', `a${i}`)); await c.runFor(150) }
    await c.settle(watching)
    ac.abort()
    const last = first.at(-1)?.version ?? 0n
    t.equal(last, 3n, `seed ${seed}: first watch saw up to 3`)
    // The reader is away while two more versions commit one by one, then comes back from 3.
    r.disconnect()
    for (let i = 4; i <= 5; i++) { await c.settle(w.coord.put('k', `a${i}`)); await c.runFor(150) }
    r.reconnect()
    const second: WatchEvent[] = []
    const resumed = collect(r.coord.watch('k', { from: last }), second, e => (e.at(-1)?.version ?? 0n) >= 7n)
    for (let i = 6; i <= 7; i++) { await c.runFor(150); await c.settle(w.coord.put('k', `a${i}`)) }
    await c.settle(resumed)
    t.ok(second.every(e => e.version > last), `seed ${seed}: nothing at or before version ${last} again`)
    t.same(second.map(e => `${e.type}@${e.version}`), ['put@4', 'put@5', 'put@6', 'put@7'], `seed ${seed}: versions 4..5, written while it was away, come from the register's history, then 6..7`)
    t.same(second.map(e => text(e.value)), ['a4', 'a5', 'a6', 'a7'], `seed ${seed}: with their values`)
  }
})

t.test('when the history needed is gone, the resumed watch says resync with the current value', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const w = c.client('writer')
    const r = c.client('reader')
    await c.settle(w.coord.put('k', 'v1'))
    const kept = (await c.settle(r.coord.get('k'))).version
    // More versions than the register's history keeps (MAX_HISTORY = 16) pass while the reader is away.
    for (let i = 2; i <= 25; i++) await c.settle(w.coord.put('k', `v${i}`))
    const events: WatchEvent[] = []
    const resumed = collect(r.coord.watch('k', { from: kept }), events, e => (e.at(-1)?.version ?? 0n) >= 26n)
    await c.runFor(200)
    await c.settle(w.coord.put('k', 'v26'))
    await c.settle(resumed)
    t.same(events.map(e => `${e.type}@${e.version}`), ['resync@25', 'put@26'], `seed ${seed}: one resync to the current version, then on`)
    t.equal(text(events[0].value), 'v25', `seed ${seed}: the resync carries the current value`)
  }
})

t.test('a watch survives its client losing the network; it ends quietly on abort', async t => {
  const c = recipeCluster(4)
  const w = c.client('writer')
  const r = c.client('reader')
  const events: WatchEvent[] = []
  const ac = new AbortController()
  const watching = collect(r.coord.watch('k', { signal: ac.signal }), events, () => false)
  await c.settle(w.coord.put('k', 'x1'))
  await c.runFor(300)
  r.disconnect()
  for (let i = 2; i <= 4; i++) await c.settle(w.coord.put('k', `x${i}`))
  await c.runFor(1000)
  r.reconnect()
  await c.runFor(3000)
  t.equal(events.at(-1)?.version, 4n, 'the watch caught up after the network came back')
  t.equal(text(events.at(-1)?.value ?? null), 'x4')
  ac.abort()
  await c.settle(watching)
  t.pass('the iteration ended on abort')
})

t.test('config documents: read with a version, compare-and-set, watch from the version read', async t => {
  const c = recipeCluster(6)
  const admin = c.client('admin')
  const reader = c.client('reader')
  const none = await c.settle(reader.coord.getConfig('app'))
  t.same(none, { value: null, version: 0n }, 'no document yet')
  const created = await c.settle(admin.coord.setConfig('app', { replicas: 3, mode: 'safe' }, { ifVersion: 0n }))
  t.same(created, { ok: true, version: 1n }, 'created with ifVersion 0')
  const conf = await c.settle(reader.coord.getConfig<{ replicas: number }>('app'))
  t.equal(conf.value?.replicas, 3)
  const events: Array<{ type: string, value: unknown, version: bigint }> = []
  const watching = (async () => {
    for await (const e of reader.coord.watchConfig('app', { from: conf.version })) {
      events.push(e)
      if (e.version >= 2n) return
    }
  })()
  const stale = await c.settle(admin.coord.setConfig('app', { replicas: 9 }, { ifVersion: 0n }))
  t.equal(stale.ok, false, 'a CAS on an old version is refused')
  t.equal(stale.ok ? -1n : stale.current.version, 1n, 'and answers the current version')
  await c.settle(admin.coord.setConfig('app', { replicas: 5, mode: 'safe' }, { ifVersion: 1n }))
  await c.settle(watching)
  t.same(events, [{ type: 'put', value: { replicas: 5, mode: 'safe' }, version: 2n }], 'the reader saw the change after the version it read, once')
})
