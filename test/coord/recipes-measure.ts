/**
 * Lock latencies of the recipes in the simulator (not a test: prints figures).
 * Run: npx node test/coord/recipes-measure.ts
 * 3 acceptors, 1–10 ms one-way latency, virtual time, seeds 1–5.
 */
import { recipeCluster } from './recipes-util.ts'
const acq: number[] = []; const handoff: number[] = []; const takeover: number[] = []
for (const seed of [1, 2, 3, 4, 5]) {
  const c = recipeCluster(seed)
  const a = c.client('a'); const b = c.client('b')
  for (let i = 0; i < 10; i++) {
    const t0 = c.clock.now(); const h = await c.settle(a.coord.lock('m', { ttlMs: 1000 })); acq.push(c.clock.now() - t0); await c.settle(h.release())
  }
  for (let i = 0; i < 5; i++) {
    const h = await c.settle(a.coord.lock('m', { ttlMs: 1000 }))
    let got = 0
    const p = b.coord.lock('m', { ttlMs: 1000 }).then(x => { got = c.clock.now(); return x })
    await c.runFor(500)
    const r0 = c.clock.now(); await c.settle(h.release()); const hb = await c.settle(p); handoff.push(got - r0); await c.settle(hb.release())
  }
  const h = await c.settle(a.coord.lock('m', { ttlMs: 1000 }))
  await c.runFor(300)
  const p = b.coord.lock('m', { ttlMs: 1000 })
  await c.runFor(300)
  const t0 = c.clock.now(); a.disconnect(); await c.settle(p); takeover.push(c.clock.now() - t0); void h
}
const q = (xs: number[], p: number) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))] }
console.log(`uncontended acquire (virtual ms, 1-10 ms one-way latency): p50 ${q(acq, 0.5)} p90 ${q(acq, 0.9)} n=${acq.length}`)
console.log(`handoff release->next grant: p50 ${q(handoff, 0.5)} p90 ${q(handoff, 0.9)} n=${handoff.length}`)
console.log(`takeover after holder cut off (TTL 1000, eps 0.1): ${takeover.join(', ')}`)
