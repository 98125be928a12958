/**
 * How fast the checkers are on histories the size of a Jepsen run: 2,000 operations over 5
 * keys from 8 clients (some crashing: info operations) must check within 10 s — in practice
 * tens of milliseconds. Bounds are generous (shared CI machines); measured times are printed.
 */
import t from 'tap'
import { chainFromOperations, checkCasChain, checkOperations, explain, explainChain, pairOperations } from '../../jepsen/checker/index.ts'
import type { HistoryEvent, Model } from '../../jepsen/checker/index.ts'
import { casRegisterWorkload, registerWorkload, seededRandom, simulateHistory, versionedRegisterWorkload } from '../../jepsen/checker/simulate.ts'
import type { Workload } from '../../jepsen/checker/simulate.ts'

const BOUND_MS = 10_000
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4']

const workloads: Array<[string, Workload<unknown>]> = [
  ['register', registerWorkload() as Workload<unknown>],
  ['cas-register', casRegisterWorkload() as Workload<unknown>],
  ['versioned register', versionedRegisterWorkload() as Workload<unknown>]
]

function history (workload: Workload<unknown>, seed: number, ops: number, keys: readonly string[]): HistoryEvent[] {
  return simulateHistory(workload, { ops, processes: 8, keys, random: seededRandom(seed), crashRate: 0.01, failRate: 0.05, maxTickGap: 3 })
}

/** A read no write explains, after everything else (the worst place: the whole key is searched first). */
function plantUnwrittenRead (events: readonly HistoryEvent[], model: Model<unknown>, f: string): HistoryEvent[] {
  const end = events.reduce((m, e) => Math.max(m, Number(e.time)), 0)
  const value = f === 'get' ? { value: 'never-written', version: 1n } : 'never-written'
  void model
  return [
    ...events,
    { process: 'planted', type: 'invoke', f, key: 'k0', value: null, time: end + 1 },
    { process: 'planted', type: 'ok', f, key: 'k0', value, time: end + 2 }
  ]
}

for (const [name, workload] of workloads) {
  t.test(`${name}: 2,000 operations, 5 keys, 8 clients check in under 10 s`, async t => {
    const seed = 2000
    const ops = pairOperations(history(workload, seed, 2000, KEYS))
    const info = ops.filter(o => o.status === 'info').length
    const result = checkOperations(workload.model, ops, { timeoutMs: BOUND_MS * 3 })
    t.comment(`${name}: ${ops.length} operations (${info} info), linearizable: ${String(result.ok)} in ${result.elapsedMs.toFixed(1)} ms (seed ${seed})`)
    t.equal(result.ok, true, 'linearizable', result.ok === true ? {} : { diagnostic: true, report: explain(result, workload.model) })
    t.ok(result.elapsedMs < BOUND_MS, `checked in ${result.elapsedMs.toFixed(0)} ms`)

    const f = name === 'versioned register' ? 'get' : 'read'
    const bad = pairOperations(plantUnwrittenRead(history(workload, seed, 2000, KEYS), workload.model, f))
    const rejected = checkOperations(workload.model, bad, { timeoutMs: BOUND_MS * 3 })
    t.comment(`${name}: with a read of a value never written at the end: ${String(rejected.ok)} in ${rejected.elapsedMs.toFixed(1)} ms`)
    t.equal(rejected.ok, false, 'the planted violation is found')
    t.ok(rejected.elapsedMs < BOUND_MS, `found in ${rejected.elapsedMs.toFixed(0)} ms`)
  })
}

t.test('thousands of operations on one key check in seconds', async t => {
  for (const [name, workload] of workloads) {
    const seed = 5000
    const ops = pairOperations(history(workload, seed, 5000, ['k']))
    const result = checkOperations(workload.model, ops, { timeoutMs: BOUND_MS * 3 })
    t.comment(`${name}: 5,000 operations on one key (${ops.filter(o => o.status === 'info').length} info): ${String(result.ok)} in ${result.elapsedMs.toFixed(1)} ms`)
    t.equal(result.ok, true, `${name} is linearizable`)
    t.ok(result.elapsedMs < BOUND_MS, `${name} checked in ${result.elapsedMs.toFixed(0)} ms`)
  }
})

t.test('the CAS-chain check is linear: 20,000 operations in well under a second', async t => {
  const workload = versionedRegisterWorkload() as Workload<unknown>
  const events = simulateHistory(workload, { ops: 20_000, processes: 8, keys: KEYS, random: seededRandom(20_000), crashRate: 0.01, failRate: 0.05 })
  const chain = chainFromOperations(pairOperations(events))
  const started = performance.now()
  const result = checkCasChain(chain)
  const elapsedMs = performance.now() - started
  t.comment(`CAS chain: ${chain.length} operations, ${String(result.ok)} in ${elapsedMs.toFixed(1)} ms`)
  t.equal(result.ok, true, explainChain(result))
  t.ok(elapsedMs < BOUND_MS / 5, `checked in ${elapsedMs.toFixed(0)} ms`)
})
