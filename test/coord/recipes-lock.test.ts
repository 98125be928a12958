import t from 'tap'
import { FenceGuard } from '../../node/coord/recipes/index.ts'
import type { Held } from '../../node/coord/recipes/index.ts'
import { recipeCluster, rejection } from './recipes-util.ts'

const SEEDS = [1, 2, 3]

t.test('mutual exclusion among 5 contenders; fencing tokens strictly increase; the guard never goes back', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const guard = new FenceGuard()
    const clients = Array.from({ length: 5 }, (_, i) => c.client(`c${i}`))
    let inside = 0
    const overlaps: string[] = []
    const grants: Array<{ client: string, token: bigint, at: number }> = []
    const work = clients.map(async (cl, i) => {
      for (let round = 0; round < 4; round++) {
        const held = await cl.coord.lock('L', { ttlMs: 1000 })
        grants.push({ client: cl.name, token: held.token, at: c.clock.now() })
        if (inside !== 0) overlaps.push(`${cl.name} entered at ${c.clock.now()} while ${inside} inside`)
        inside++
        guard.admit('resource', held.token)
        await new Promise<void>(resolve => cl.clock.setTimeout(resolve, 5 + ((i * 13 + round * 7) % 40)))
        inside--
        await held.release()
      }
    })
    await c.settle(Promise.all(work), 600_000)
    t.same(overlaps, [], `seed ${seed}: no two holders at once (no pauses, no faults)`)
    t.equal(grants.length, 20, `seed ${seed}: all 20 acquisitions were granted`)
    const tokens = grants.map(g => g.token)
    t.ok(tokens.every((tok, i) => i === 0 || tok > tokens[i - 1]), `seed ${seed}: tokens strictly increase in grant order: ${tokens.join(',')}`)
    t.equal(guard.highestFor('resource'), tokens.at(-1), `seed ${seed}: the guard holds the last token`)
    const stale = await rejection(Promise.resolve().then(() => { guard.admit('resource', tokens.at(-2) as bigint) }))
    t.equal(stale.code, 'StaleToken', `seed ${seed}: a lower token after a higher one is refused`)
  }
})

t.test('waiters are granted in FIFO order of their arrival', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const holder = c.client('holder')
    const first = await c.settle(holder.coord.lock('F', { ttlMs: 2000 }))
    const order: string[] = []
    const waiters: Array<Promise<Held>> = []
    for (const name of ['w1', 'w2', 'w3', 'w4']) {
      const cl = c.client(name)
      const p = cl.coord.lock('F', { ttlMs: 2000 }).then(async held => {
        order.push(name)
        await new Promise<void>(resolve => cl.clock.setTimeout(resolve, 10))
        await held.release()
        return held
      })
      waiters.push(p)
      await c.runFor(300) // w(i) has its ticket before w(i+1) asks
    }
    t.same(order, [], `seed ${seed}: nobody is granted while the lock is held`)
    await c.settle(first.release())
    const helds = await c.settle(Promise.all(waiters))
    t.same(order, ['w1', 'w2', 'w3', 'w4'], `seed ${seed}: granted in arrival order`)
    t.ok(helds.every((h, i) => h.token > (i === 0 ? first.token : helds[i - 1].token)), `seed ${seed}: tokens increase along the queue`)
  }
})

t.test('a holder cut off from the network loses the lock only after its TTL, and its lost signal fires first', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const a = c.client('a')
    const b = c.client('b')
    const ttlMs = 1000
    const heldA = await c.settle(a.coord.lock('P', { ttlMs }))
    let lostAt: number | undefined
    heldA.lost.addEventListener('abort', () => { lostAt = c.clock.now() })
    let grantedB: number | undefined
    const pb = b.coord.lock('P', { ttlMs }).then(h => { grantedB = c.clock.now(); return h })
    await c.runFor(2000)
    t.equal(grantedB, undefined, `seed ${seed}: a renewing holder keeps the lock (2 TTLs)`)
    t.equal(lostAt, undefined, `seed ${seed}: and its lost signal does not fire`)
    t.equal(await c.settle(heldA.check()), true, `seed ${seed}: check() confirms the grant`)
    const cutAt = c.clock.now()
    a.disconnect()
    const heldB = await c.settle(pb)
    t.ok(lostAt !== undefined && lostAt > cutAt && lostAt <= cutAt + ttlMs, `seed ${seed}: lost fired within TTL of the cut (cut ${cutAt}, lost ${lostAt})`)
    t.ok(grantedB !== undefined && lostAt !== undefined && grantedB >= lostAt, `seed ${seed}: the contender was granted (${grantedB}) only after the holder's lost fired (${lostAt})`)
    t.ok(heldB.token > heldA.token, `seed ${seed}: the new token ${heldB.token} is above the old ${heldA.token}`)
    a.reconnect()
    t.equal(await c.settle(heldA.check()), false, `seed ${seed}: the old holder's check() says no`)
    t.equal(await c.settle(heldB.check()), true, `seed ${seed}: the new holder's check() says yes`)
    t.equal((await c.settle(rejection(heldA.release()))).code, 'NotHeld', `seed ${seed}: releasing the lost lock is NotHeld`)
  }
})

t.test('a paused holder wakes believing nothing; the fence refuses its write after the next holder wrote', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const a = c.client('a')
    const b = c.client('b')
    const guard = new FenceGuard()
    const heldA = await c.settle(a.coord.lock('G', { ttlMs: 500 }))
    guard.admit('file', heldA.token)
    await c.runFor(400)
    const pausedAt = c.clock.now()
    a.pause()
    const heldB = await c.settle(b.coord.lock('G', { ttlMs: 500 }))
    t.ok(c.clock.now() - pausedAt >= 500 - 500 / 3, `seed ${seed}: the takeover came ≥ TTL after the last possible renewal (${c.clock.now() - pausedAt} ms after the pause)`)
    t.equal(heldA.lost.aborted, false, `seed ${seed}: the paused holder has not noticed (its timers are frozen)`)
    guard.admit('file', heldB.token)
    a.resume()
    await c.runFor(1)
    t.equal(heldA.lost.aborted, true, `seed ${seed}: on waking its lost signal fires at once (deadline passed)`)
    const late = await rejection(Promise.resolve().then(() => { guard.admit('file', heldA.token) }))
    t.equal(late.code, 'StaleToken', `seed ${seed}: its late write with the old token is refused by the fence`)
    await c.settle(heldB.release())
  }
})

t.test('a waiter that crashes is skipped after its TTL; the one behind it gets the lock', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const [a, b, d] = ['a', 'b', 'd'].map(n => c.client(n))
    const heldA = await c.settle(a.coord.lock('W', { ttlMs: 600 }))
    void b.coord.lock('W', { ttlMs: 600 }).catch(() => {})
    await c.runFor(300)
    let grantedD: number | undefined
    const pd = d.coord.lock('W', { ttlMs: 600 }).then(h => { grantedD = c.clock.now(); return h })
    await c.runFor(300)
    b.pause()
    const releasedAt = c.clock.now()
    await c.settle(heldA.release())
    const heldD = await c.settle(pd)
    t.ok(grantedD !== undefined && grantedD - releasedAt >= 600 - 600 / 3, `seed ${seed}: d waited out the crashed waiter's lease (${(grantedD ?? 0) - releasedAt} ms)`)
    t.ok(heldD.token > heldA.token, `seed ${seed}: token increases`)
    await c.settle(heldD.release())
  }
})

t.test('lock timeout, abort, and release errors are typed; an abandoned ticket does not delay the next waiter', async t => {
  const c = recipeCluster(9)
  const [a, b, d] = ['a', 'b', 'd'].map(n => c.client(n))
  const heldA = await c.settle(a.coord.lock('T', { ttlMs: 5000 }))
  const timedOut = await c.settle(rejection(b.coord.lock('T', { ttlMs: 5000, timeoutMs: 500 })))
  t.equal(timedOut.code, 'Timeout', 'a waiter past timeoutMs gets Timeout')
  const ac = new AbortController()
  const pAbort = rejection(b.coord.lock('T', { ttlMs: 5000, signal: ac.signal }))
  await c.runFor(200)
  ac.abort()
  t.equal((await c.settle(pAbort)).code, 'Aborted', 'an aborted wait gets Aborted')
  let grantedD: number | undefined
  const pd = d.coord.lock('T', { ttlMs: 5000 }).then(h => { grantedD = c.clock.now(); return h })
  await c.runFor(300)
  const releasedAt = c.clock.now()
  await c.settle(heldA.release())
  const heldD = await c.settle(pd)
  t.ok((grantedD as number) - releasedAt < 1000, `the waiter behind two abandoned tickets was granted ${(grantedD as number) - releasedAt} ms after the release (TTL 5000)`)
  t.equal((await c.settle(rejection(heldA.release()))).code, 'NotHeld', 'a second release is NotHeld')
  t.equal(await c.settle(heldA.check()), false, 'a released grant checks false')
  await c.settle(heldD.release())
  const again = await c.settle(a.coord.lock('T', { ttlMs: 5000 }))
  t.ok(again.token > heldD.token, 'the token keeps increasing after the queue emptied')
  await c.settle(again.release())
})

t.test('under random disconnects: no grant while an earlier holder still believes it holds; tokens increase', async t => {
  for (const seed of [4, 5, 6, 7, 8, 9]) {
    const c = recipeCluster(seed)
    const clients = Array.from({ length: 4 }, (_, i) => c.client(`c${i}`))
    // Intervals during which a holder believed it held: [grant, release or lost).
    const believed: Array<{ client: string, token: bigint, from: number, to?: number }> = []
    const violations: string[] = []
    let lostLeases = 0
    let rnd = seed * 1000
    const next = (): number => { rnd = (rnd * 1103515245 + 12345) % 2147483648; return rnd / 2147483648 }
    const work = clients.map(async cl => {
      for (let round = 0; round < 4; round++) {
        let held: Held
        try {
          held = await cl.coord.lock('X', { ttlMs: 400, timeoutMs: 20_000 })
        } catch (err) {
          if ((err as { code?: string }).code === 'Timeout' || (err as { code?: string }).code === 'Unavailable') continue
          throw err
        }
        const now = c.clock.now()
        for (const b of believed) {
          if (b.to === undefined) violations.push(`${cl.name} granted ${held.token} at ${now} while ${b.client} (token ${b.token}) still believed it held`)
        }
        const interval: { client: string, token: bigint, from: number, to?: number } = { client: cl.name, token: held.token, from: now }
        believed.push(interval)
        held.lost.addEventListener('abort', () => { if (interval.to === undefined) { interval.to = c.clock.now(); lostLeases++ } })
        if (next() < 0.4) {
          cl.disconnect() // cut off while holding: the lease must run out before anyone else is granted
          await new Promise<void>(resolve => c.clock.setTimeout(resolve, 200 + next() * 800))
          cl.reconnect()
        } else {
          await new Promise<void>(resolve => cl.clock.setTimeout(resolve, next() * 100))
        }
        interval.to ??= c.clock.now() // the holder stops using the resource when it calls release
        await held.release().catch(() => {})
      }
    })
    await c.settle(Promise.all(work), 600_000)
    t.same(violations, [], `seed ${seed}: no overlapping beliefs`)
    t.ok(lostLeases > 0, `seed ${seed}: disconnects made ${lostLeases} holders lose their lease`)
    const tokens = believed.map(b => b.token)
    t.ok(tokens.length >= 8, `seed ${seed}: ${tokens.length} grants`)
    t.ok(tokens.every((tok, i) => i === 0 || tok > tokens[i - 1]), `seed ${seed}: tokens strictly increase in grant order: ${tokens.join(',')}`)
  }
})

t.test('no herd: each waiter watches only its own predecessor, and a release wakes one waiter', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const holder = c.client('holder')
    const held = await c.settle(holder.coord.lock('H', { ttlMs: 3000 }))
    const watched = new Map<string, Set<string>>()
    const waiters = ['w1', 'w2', 'w3', 'w4', 'w5'].map(name => {
      const cl = c.client(name)
      const keys = new Set<string>()
      watched.set(name, keys)
      const get = cl.api.get.bind(cl.api)
      cl.api.get = async (key, options) => { keys.add(key); return await get(key, options) }
      const watchNext = cl.api.watchNext.bind(cl.api)
      cl.api.watchNext = async (key, after, options) => { keys.add(key); return await watchNext(key, after, options) }
      return cl
    })
    const grants: string[] = []
    let releasing = false
    const pending: Array<Promise<void>> = []
    for (const cl of waiters) {
      pending.push(cl.coord.lock('H', { ttlMs: 3000 }).then(async h => {
        grants.push(cl.name)
        while (!releasing) await new Promise<void>(resolve => cl.clock.setTimeout(resolve, 50))
        await h.release()
      }))
      await c.runFor(100) // arrival order w1, w2, ...
    }
    await c.runFor(500)
    for (const keys of watched.values()) keys.clear() // from here on, the queue just waits
    await c.runFor(2000)
    const keys = [...watched.values()].map(s => [...s])
    t.ok(keys.every(k => k.length === 1), `seed ${seed}: while waiting, each waiter read one register: ${JSON.stringify(keys)}`)
    t.equal(new Set(keys.flat()).size, waiters.length, `seed ${seed}: and no two watched the same one`)
    await c.settle(held.release())
    await c.clock.runUntilCondition(() => grants.length > 0, 10_000)
    await c.runFor(500)
    t.same(grants, ['w1'], `seed ${seed}: the release woke the first waiter alone`)
    releasing = true
    await c.settle(Promise.all(pending))
    t.same(grants, ['w1', 'w2', 'w3', 'w4', 'w5'], `seed ${seed}: then the rest in order`)
  }
})
