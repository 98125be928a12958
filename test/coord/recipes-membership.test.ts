import t from 'tap'
import { GroupReaper } from '../../node/coord/recipes/index.ts'
import type { MembersSnapshot } from '../../node/coord/recipes/index.ts'
import { recipeCluster, rejection, text } from './recipes-util.ts'

const SEEDS = [1, 2, 3]

t.test('a member that stops renewing disappears after ≥ TTL; live members are never removed', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const [a, b, d] = ['a', 'b', 'd'].map(n => c.client(n))
    const ttlMs = 500
    const ma = await c.settle(a.coord.join('G', 'a', 'addr-a', { ttlMs }))
    const mb = await c.settle(b.coord.join('G', 'b', 'addr-b', { ttlMs }))
    const md = await c.settle(d.coord.join('G', 'd', 'addr-d', { ttlMs }))
    const watcher = c.client('watcher')
    const snapshots: Array<{ at: number, snap: MembersSnapshot }> = []
    const ac = new AbortController()
    const watching = (async () => {
      for await (const s of watcher.coord.watchMembers('G', { signal: ac.signal })) snapshots.push({ at: c.clock.now(), snap: s })
    })()
    await c.runFor(3000)
    const before = await c.settle(watcher.coord.members('G'))
    t.same(before.members.map(m => m.id), ['a', 'b', 'd'], `seed ${seed}: three members after 6 TTLs of renewals`)
    t.equal(text(before.members[0].meta), 'addr-a', `seed ${seed}: meta is kept`)
    const frozenAt = c.clock.now()
    d.pause()
    const gone = await c.clock.runUntilCondition(() => snapshots.at(-1)?.snap.members.length === 2, 10_000, 10)
    t.ok(gone, `seed ${seed}: the frozen member was removed`)
    const removedAt = snapshots.at(-1)?.at ?? 0
    t.ok(removedAt - frozenAt >= ttlMs - ttlMs / 3, `seed ${seed}: not before its TTL ran out (${removedAt - frozenAt} ms after it froze)`)
    t.same(snapshots.at(-1)?.snap.members.map(m => m.id), ['a', 'b'], `seed ${seed}: a and b remain`)
    await c.runFor(3000)
    ac.abort()
    await c.settle(watching)
    const missing = snapshots.filter(s => !['a', 'b'].every(id => s.snap.members.some(m => m.id === id)))
    t.same(missing.map(s => s.at), [], `seed ${seed}: a and b are in every snapshot the watcher saw (${snapshots.length})`)
    t.ok(snapshots.every((s, i) => i === 0 || s.snap.version > snapshots[i - 1].snap.version), `seed ${seed}: snapshot versions increase`)
    t.equal(ma.lost.aborted || mb.lost.aborted, false, `seed ${seed}: live members never lost their membership`)
    d.resume()
    await c.runFor(1)
    t.equal(md.lost.aborted, true, `seed ${seed}: the frozen member learns it was lost when it wakes`)
    t.equal((await c.settle(rejection(md.leave()))).code, 'NotMember', `seed ${seed}: its leave() is NotMember`)
    await c.settle(ma.leave())
    t.same((await c.settle(watcher.coord.members('G'))).members.map(m => m.id), ['b'], `seed ${seed}: leave removes the member at once`)
    t.equal((await c.settle(rejection(ma.leave()))).code, 'NotMember', `seed ${seed}: a second leave is NotMember`)
    await c.settle(mb.leave())
  }
})

t.test('a peer-side reaper removes crashed members when no member is left alive', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const [a, b] = ['a', 'b'].map(n => c.client(n))
    const peer = c.client('peer')
    const reaper = new GroupReaper({ api: peer.api, clock: peer.clock, writerId: 'peer-reaper' })
    reaper.start(() => ['R'], 100)
    await c.settle(a.coord.join('R', 'a', '', { ttlMs: 400 }))
    await c.settle(b.coord.join('R', 'b', '', { ttlMs: 2000 }))
    await c.runFor(1000)
    t.same((await c.settle(peer.coord.members('R'))).members.map(m => m.id), ['a', 'b'], `seed ${seed}: both renew, the reaper removes no one`)
    const crashedAt = c.clock.now()
    a.pause()
    b.pause()
    let aGoneAt: number | undefined
    let bGoneAt: number | undefined
    await c.clock.runUntilCondition(() => {
      void peer.coord.members('R').then(s => {
        if (!s.members.some(m => m.id === 'a')) aGoneAt ??= c.clock.now()
        if (!s.members.some(m => m.id === 'b')) bGoneAt ??= c.clock.now()
      }, () => {})
      return bGoneAt !== undefined
    }, 20_000, 50)
    reaper.stop()
    t.ok(aGoneAt !== undefined && bGoneAt !== undefined, `seed ${seed}: both crashed members were removed`)
    t.ok((aGoneAt ?? 0) - crashedAt >= 400 - 400 / 3, `seed ${seed}: a (TTL 400) removed ${(aGoneAt ?? 0) - crashedAt} ms after the crash`)
    t.ok((bGoneAt ?? 0) - crashedAt >= 2000 - 2000 / 3, `seed ${seed}: b (TTL 2000) removed ${(bGoneAt ?? 0) - crashedAt} ms after the crash`)
    t.ok((aGoneAt ?? 0) < (bGoneAt ?? 0), `seed ${seed}: each by its own TTL`)
  }
})

t.test('membership errors are typed and leave the group register intact', async t => {
  const c = recipeCluster(5)
  const a = c.client('a')
  const m = await c.settle(a.coord.join('E', 'x', 'meta', { ttlMs: 1000 }))
  t.equal((await c.settle(rejection(a.coord.join('E', 'x', 'other', { ttlMs: 1000 })))).code, 'MemberExists', 'a second join with the same id is MemberExists')
  const big = 'm'.repeat(4096)
  const joined = []
  let full: { code?: string } = {}
  type Outcome = { code?: string }
  for (let i = 0; i < 20; i++) {
    const r: Outcome = await c.settle(a.coord.join('E', `big-${i}`, big, { ttlMs: 60_000 }).then((x): Outcome => { joined.push(x); return {} }, err => err as Outcome))
    if (r.code !== undefined) { full = r; break }
  }
  t.equal(full.code, 'GroupFull', `the group refuses a member that would not fit one register (after ${joined.length} big ones)`)
  const snap = await c.settle(a.coord.members('E'))
  t.equal(snap.members.length, joined.length + 1, 'the register still lists every member that joined')
  t.equal((await c.settle(rejection(a.coord.join('E', 'y', 'z'.repeat(4097), { ttlMs: 1000 })))).code, 'TooLarge', 'meta over 4096 bytes is TooLarge')
  await c.settle(m.leave())
})

t.test('a group of 12: two frozen members are removed, the ten live ones never are', async t => {
  for (const seed of [7, 8, 9]) {
    const c = recipeCluster(seed)
    const clients = Array.from({ length: 12 }, (_, i) => c.client(`m${i}`))
    const memberships = []
    for (const cl of clients) memberships.push(await c.settle(cl.coord.join('big', cl.name, '', { ttlMs: 600 })))
    const watcher = c.client('watcher')
    const sizes: number[] = []
    const ac = new AbortController()
    const watching = (async () => {
      for await (const s of watcher.coord.watchMembers('big', { signal: ac.signal })) sizes.push(s.members.length)
    })()
    await c.runFor(2000)
    clients[3].pause()
    clients[9].pause()
    const removed = await c.clock.runUntilCondition(() => sizes.at(-1) === 10, 10_000, 20)
    await c.runFor(2000)
    ac.abort()
    await c.settle(watching)
    t.ok(removed, `seed ${seed}: the two frozen members were removed (sizes seen ${sizes.join(',')})`)
    t.ok(sizes.every(n => n >= 10), `seed ${seed}: never fewer than the ten live members`)
    const lostLive = memberships.filter((m, i) => i !== 3 && i !== 9 && m.lost.aborted).length
    t.equal(lostLive, 0, `seed ${seed}: no live member lost its membership`)
    const final = await c.settle(watcher.coord.members('big'))
    t.same(final.members.map(m => m.id).sort(), clients.filter((_, i) => i !== 3 && i !== 9).map(cl => cl.name).sort(), `seed ${seed}: the ten live members remain`)
  }
})
