import t from 'tap'
import type { LeaderRecord, Leadership } from '../../node/coord/recipes/index.ts'
import { recipeCluster, rejection, text } from './recipes-util.ts'

const SEEDS = [1, 2, 3]

t.test('one leader per term, terms increase, observers never see a term go back', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    const observer = c.client('observer')
    const seen: Array<LeaderRecord | null> = []
    const ac = new AbortController()
    const observing = (async () => {
      for await (const r of observer.coord.observe('E', { signal: ac.signal })) seen.push(r)
    })()
    const terms: Array<{ who: string, term: bigint, at: number }> = []
    let leaders = 0
    const overlaps: string[] = []
    const candidates = ['a', 'b', 'c', 'd'].map(n => c.client(n))
    await c.settle(Promise.all(candidates.map(async (cl, i) => {
      for (let round = 0; round < 3; round++) {
        const lead = await cl.coord.campaign('E', `${cl.name}-${round}`, { ttlMs: 1000 })
        if (leaders !== 0) overlaps.push(`${cl.name} became leader while another led`)
        leaders++
        terms.push({ who: cl.name, term: lead.term, at: c.clock.now() })
        const now = await cl.coord.leader('E')
        if (now?.term !== lead.term || text(now.value) !== `${cl.name}-${round}`) overlaps.push(`leader() during term ${lead.term} answered ${String(now?.term)}`)
        await lead.proclaim(`${cl.name}-${round}-again`)
        await new Promise<void>(resolve => cl.clock.setTimeout(resolve, 20 + i * 5))
        leaders--
        await lead.resign()
      }
    })))
    await c.runFor(500)
    ac.abort()
    await c.settle(observing)
    t.same(overlaps, [], `seed ${seed}: one leader at a time, and leader() names it`)
    t.equal(terms.length, 12, `seed ${seed}: 12 terms`)
    t.ok(terms.every((x, i) => i === 0 || x.term > terms[i - 1].term), `seed ${seed}: terms strictly increase: ${terms.map(x => x.term).join(',')}`)
    const observed = seen.filter(r => r !== null).map(r => (r as LeaderRecord).term)
    t.ok(observed.length >= 2, `seed ${seed}: the observer saw ${observed.length} records`)
    t.ok(observed.every((x, i) => i === 0 || x >= observed[i - 1]), `seed ${seed}: observed terms never decrease: ${observed.join(',')}`)
    t.equal(await c.settle(observer.coord.leader('E')), null, `seed ${seed}: after the last resign there is no leader`)
  }
})

t.test('a deposed leader cannot proclaim: its stale term is refused by the register', async t => {
  for (const seed of SEEDS) {
    const c = recipeCluster(seed)
    // a's clock runs at a third of real speed, far beyond the ε = 0.1 the recipes allow for:
    // its lease outlives what the others wait, so it still believes it leads when b wins.
    const a = c.client('a', 1 / 3)
    const b = c.client('b')
    const leadA: Leadership = await c.settle(a.coord.campaign('S', 'a', { ttlMs: 500 }))
    a.disconnect() // its renewals stop reaching the register
    const leadB = await c.settle(b.coord.campaign('S', 'b', { ttlMs: 500 }))
    t.ok(leadB.term > leadA.term, `seed ${seed}: the new term ${leadB.term} is above ${leadA.term}`)
    a.reconnect()
    t.equal(leadA.lost.aborted, false, `seed ${seed}: the old leader (slow clock) has not noticed`)
    const stale = await c.settle(rejection(leadA.proclaim('a-again')))
    t.equal(stale.code, 'StaleTerm', `seed ${seed}: proclaim with the stale term is StaleTerm`)
    t.equal((stale as { currentTerm?: bigint }).currentTerm, leadB.term, `seed ${seed}: the error names the current term`)
    const now = await c.settle(b.coord.leader('S'))
    t.equal(text(now?.value ?? null), 'b', `seed ${seed}: the register still holds the new leader's value`)
    t.equal((await c.settle(rejection(leadA.resign()))).code, 'StaleTerm', `seed ${seed}: resign of a stale term is StaleTerm`)
    t.equal(leadA.lost.aborted, true, `seed ${seed}: after its renewal found the slot ended, lost has fired`)
    await c.settle(leadB.proclaim('b2'))
    t.equal(text((await c.settle(b.coord.leader('S')))?.value ?? null), 'b2', `seed ${seed}: the current leader proclaims`)
    await c.settle(leadB.resign())
    t.equal((await c.settle(rejection(leadB.proclaim('late')))).code, 'StaleTerm', `seed ${seed}: proclaim after resign is StaleTerm`)
  }
})

t.test('a frozen leader is replaced only after its TTL; leader() then names the new one', async t => {
  const c = recipeCluster(8)
  const a = c.client('a')
  const b = c.client('b')
  const leadA = await c.settle(a.coord.campaign('C', 'a', { ttlMs: 400 }))
  a.pause()
  const start = c.clock.now()
  const leadB = await c.settle(b.coord.campaign('C', 'b', { ttlMs: 400 }))
  t.ok(c.clock.now() - start >= 400 - 400 / 3, `b won ${c.clock.now() - start} ms after a froze`)
  t.ok(leadB.term > leadA.term)
  t.equal(text((await c.settle(b.coord.leader('C')))?.value ?? null), 'b')
  await c.settle(leadB.resign())
})
