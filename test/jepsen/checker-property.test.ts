/**
 * Property tests for the checkers against histories linearizable by construction
 * (jepsen/checker/simulate.ts) and one-operation mutations of them:
 *   - the WGL search accepts every simulated history;
 *   - on small histories (≤ 7 operations) it agrees with the brute-force checker, mutated or
 *     not, and never throws;
 *   - violations planted into random histories (stale read, double cas, lost update, a value
 *     never written) are always rejected;
 *   - on versioned-register histories without info operations the CAS-chain check and the
 *     WGL search agree.
 * A failing property prints fast-check's seed, the history as JSONL and the checker's report.
 */
import t from 'tap'
import fc from 'fast-check'
import {
  UNKNOWN, bruteForceLinearizable, chainFromOperations, checkCasChain, checkOperations, explain, explainChain,
  formatHistory, pairOperations
} from '../../jepsen/checker/index.ts'
import type { HistoryEvent, Invocation, Model, Operation } from '../../jepsen/checker/index.ts'
import {
  casRegisterWorkload, registerWorkload, seededRandom, simulateHistory, versionedRegisterWorkload
} from '../../jepsen/checker/simulate.ts'
import type { Workload } from '../../jepsen/checker/simulate.ts'

const RUNS = 150
const SMALL_RUNS = 600

type Kind = 'register' | 'cas-register' | 'versioned'
const workloadOf = (kind: Kind, mismatchAs: 'fail' | 'ok' | 'either' = 'either'): Workload<unknown> => (
  kind === 'register' ? registerWorkload(4) : kind === 'cas-register' ? casRegisterWorkload(4) : versionedRegisterWorkload(4, mismatchAs)
) as Workload<unknown>

interface SimParams {
  readonly kind: Kind
  readonly seed: number
  readonly ops: number
  readonly processes: number
  readonly keys: number
  readonly crashRate: number
  readonly failRate: number
  readonly maxTickGap: number
}

const simParams = (maxOps: number, kinds: readonly Kind[] = ['register', 'cas-register', 'versioned'], crash = true): fc.Arbitrary<SimParams> => fc.record({
  kind: fc.constantFrom(...kinds),
  seed: fc.nat(),
  ops: fc.integer({ min: 1, max: maxOps }),
  processes: fc.integer({ min: 1, max: 8 }),
  keys: fc.integer({ min: 1, max: 3 }),
  crashRate: crash ? fc.constantFrom(0, 0.03, 0.15) : fc.constant(0),
  failRate: fc.constantFrom(0, 0.1),
  maxTickGap: fc.integer({ min: 0, max: 3 })
})

function simulate (p: SimParams, mismatchAs?: 'fail' | 'ok' | 'either'): { model: Model<unknown>, events: HistoryEvent[] } {
  const workload = workloadOf(p.kind, mismatchAs)
  const events = simulateHistory(workload, {
    ops: p.ops,
    processes: p.processes,
    keys: ['x', 'y', 'z'].slice(0, p.keys),
    random: seededRandom(p.seed),
    crashRate: p.crashRate,
    failRate: p.failRate,
    maxTickGap: p.maxTickGap
  })
  return { model: workload.model, events }
}

/** Thrown inside a property so fast-check's report carries the history and the verdict. */
function failure (what: string, ops: ReadonlyArray<Operation<Invocation>>, report: string): Error {
  const lines = ops.map(o => JSON.stringify({ ...o, output: o.output === UNKNOWN ? '?' : o.output, return: o.return === Infinity ? '∞' : o.return }, (_k, v: unknown) => typeof v === 'bigint' ? `${v}n` : v))
  return new Error(`${what}\n--- operations ---\n${lines.join('\n')}\n--- report ---\n${report}`)
}

/** Replaces the operation at `index` by one with a different output (or, for blind writes, input). */
function mutate (ops: ReadonlyArray<Operation<Invocation>>, index: number, choice: number): Array<Operation<Invocation>> {
  const op = ops[index]
  const other = (v: unknown): number | null => {
    const candidates = [null, 0, 1, 2, 3, 9].filter(x => x !== v && !(x === null && (v === null || v === undefined)))
    return candidates[choice % candidates.length]
  }
  let changed: Operation<Invocation>
  switch (op.f) {
    case 'read': changed = { ...op, output: other(op.output) }; break
    case 'write': changed = { ...op, input: { f: 'write', value: other(op.input.value) }, output: op.status === 'ok' ? op.output : UNKNOWN }; break
    case 'cas': {
      const [expected, next] = op.input.value as [unknown, unknown]
      changed = choice % 2 === 0 && op.status === 'ok'
        ? { ...op, output: op.output === false }
        : { ...op, input: { f: 'cas', value: [other(expected), next] } }
      break
    }
    case 'get': {
      const o = op.output as { value: unknown, version: bigint, writeId: string }
      const c = choice % 3
      changed = { ...op, output: c === 0 ? { ...o, version: o.version + 1n } : c === 1 ? { ...o, value: other(o.value) } : { ...o, version: o.version > 0n ? o.version - 1n : 2n } }
      break
    }
    default: { // put, delete
      const v = op.output as unknown
      changed = typeof v === 'bigint'
        ? { ...op, output: choice % 2 === 0 ? v + 1n : v - 1n }
        : { ...op, input: { f: op.f, value: { ...(op.input.value as object), value: other((op.input.value as { value?: unknown }).value) } } }
    }
  }
  return ops.map((o, i) => i === index ? changed : o)
}

t.test('every simulated history (linearizable by construction) is accepted', async t => {
  fc.assert(fc.property(simParams(80), p => {
    const { model, events } = simulate(p)
    const ops = pairOperations(events)
    const result = checkOperations(model, ops, { timeoutMs: 20_000 })
    if (result.ok !== true) throw failure(`${p.kind}: rejected a linearizable history`, ops, explain(result, model) + '\n' + formatHistory(events))
  }), { numRuns: RUNS })
  t.pass('no counterexample')
})

t.test('on small histories, mutated or not, the search agrees with brute force and never throws', async t => {
  let mutated = 0
  let rejected = 0
  fc.assert(fc.property(simParams(7), fc.boolean(), fc.nat(), fc.nat(), (p, doMutate, which, choice) => {
    const { model, events } = simulate(p)
    let ops = pairOperations(events)
    const mutable = ops.filter(o => o.status !== 'fail' && (o.status === 'ok' || o.f !== 'read') && !(o.status === 'info' && o.f === 'get'))
    if (doMutate && mutable.length > 0) {
      ops = mutate(ops, mutable[which % mutable.length].id, choice)
      mutated++
    }
    const result = checkOperations(model, ops, { timeoutMs: 20_000 })
    const brute = bruteForceLinearizable(model, ops)
    if (result.ok === 'unknown') throw failure('timed out on a tiny history', ops, explain(result, model))
    if (result.ok !== brute) throw failure(`${p.kind}: search says ${String(result.ok)}, brute force says ${String(brute)}`, ops, explain(result, model))
    if (doMutate && !brute) rejected++
  }), { numRuns: SMALL_RUNS })
  t.comment(`${mutated} mutated histories, ${rejected} of them not linearizable`)
  t.ok(rejected > 0, 'some mutations break linearizability')
})

/** The end of a history: the latest call or return, so appended operations come after everything. */
const endOf = (events: readonly HistoryEvent[]): number => events.reduce((m, e) => Math.max(m, Number(e.time)), 0)

function append (events: readonly HistoryEvent[], ops: ReadonlyArray<{ f: string, value?: unknown, output?: unknown, call: number, return: number }>): HistoryEvent[] {
  const out = [...events]
  ops.forEach((o, i) => {
    const process = `planted-${i}`
    out.push({ process, type: 'invoke', f: o.f, key: 'x', value: o.value ?? null, time: o.call })
    out.push({ process, type: 'ok', f: o.f, key: 'x', value: o.output ?? null, time: o.return })
  })
  return out.sort((a, b) => Number(a.time) - Number(b.time)).map((e, index) => ({ ...e, index }))
}

function expectRejected (model: Model<unknown>, events: HistoryEvent[], what: string): void {
  const ops = pairOperations(events)
  const result = checkOperations(model, ops, { timeoutMs: 20_000 })
  if (result.ok !== false) throw failure(`${what}: not rejected`, ops, explain(result, model) + '\n' + formatHistory(events))
  if (result.key !== 'x') throw failure(`${what}: rejected key ${String(result.key)}, not x`, ops, explain(result, model))
}

t.test('planted violations are always rejected', async t => {
  t.test('a read of a value never written, anywhere after its call', async () => {
    fc.assert(fc.property(simParams(60, ['register', 'cas-register']), fc.nat(), (p, where) => {
      const { model, events } = simulate(p)
      const at = where % (endOf(events) + 1)
      expectRejected(model, append(events, [{ f: 'read', output: 'never-written', call: at, return: at + 1 }]), 'read of a value never written')
    }), { numRuns: RUNS })
  })
  t.test('a stale read after a completed write (no crashed clients)', async () => {
    fc.assert(fc.property(simParams(60, ['register', 'cas-register'], false), fc.nat(), (p, pick) => {
      const { model, events } = simulate(p)
      const written = [null, ...events.filter(e => e.type === 'ok' && e.f === 'write').map(e => e.value)]
      const T = endOf(events)
      expectRejected(model, append(events, [
        { f: 'write', value: 'Z', call: T + 1, return: T + 2 },
        { f: 'read', output: written[pick % written.length], call: T + 3, return: T + 4 }
      ]), 'stale read')
    }), { numRuns: RUNS })
  })
  t.test('two successful cas from the same expected value (no crashed clients)', async () => {
    fc.assert(fc.property(simParams(60, ['cas-register'], false), fc.boolean(), (p, concurrent) => {
      const { model, events } = simulate(p)
      const T = endOf(events)
      expectRejected(model, append(events, [
        { f: 'write', value: 'Z', call: T + 1, return: T + 2 },
        { f: 'cas', value: ['Z', 'A'], output: true, call: T + 3, return: concurrent ? T + 10 : T + 4 },
        { f: 'cas', value: ['Z', 'B'], output: true, call: concurrent ? T + 3 : T + 5, return: T + 10 }
      ]), 'double cas')
    }), { numRuns: RUNS })
  })
  t.test('a lost update and a stale get on the versioned register (no crashed clients)', async () => {
    fc.assert(fc.property(simParams(60, ['versioned'], false), fc.boolean(), (p, stale) => {
      const { model, events } = simulate(p)
      // Every acknowledged put or delete of x bumped x's version by one, whatever the order.
      const ops = pairOperations(events)
      const n = BigInt(ops.filter(o => o.key === 'x' && o.status === 'ok' && (o.f === 'put' || o.f === 'delete') && typeof o.output === 'bigint').length)
      const T = endOf(events)
      const planted: Array<{ f: string, value: unknown, output: unknown, call: number, return: number }> = [
        { f: 'put', value: { value: 'Z', writeId: 'barrier' }, output: n + 1n, call: T + 1, return: T + 2 }
      ]
      if (stale) {
        planted.push({ f: 'put', value: { value: 'Y', writeId: 'next' }, output: n + 2n, call: T + 3, return: T + 4 })
        planted.push({ f: 'get', value: null, output: { value: 'Z', version: n + 1n, writeId: 'barrier' }, call: T + 5, return: T + 6 })
      } else {
        planted.push({ f: 'put', value: { value: 'A', ifVersion: n + 1n, writeId: 'l1' }, output: n + 2n, call: T + 3, return: T + 6 })
        planted.push({ f: 'put', value: { value: 'B', ifVersion: n + 1n, writeId: 'l2' }, output: n + 2n, call: T + 3, return: T + 6 })
      }
      const history = append(events, planted)
      expectRejected(model, history, stale ? 'stale get' : 'lost update')
      const chain = checkCasChain(chainFromOperations(pairOperations(history)))
      if (chain.ok !== false) throw failure('the CAS-chain check missed it', pairOperations(history), explainChain(chain))
    }), { numRuns: RUNS })
  })
})

t.test('on versioned histories without info operations the CAS-chain check agrees with the search', async t => {
  let disagreements = 0
  let rejected = 0
  fc.assert(fc.property(simParams(40, ['versioned'], false), fc.boolean(), fc.nat(), fc.nat(), (p, doMutate, which, choice) => {
    const { model, events } = simulate(p, 'fail')
    let ops = pairOperations(events)
    const mutable = ops.filter(o => o.status === 'ok')
    if (doMutate && mutable.length > 0) ops = mutate(ops, mutable[which % mutable.length].id, choice)
    const wgl = checkOperations(model, ops, { timeoutMs: 20_000 })
    const chain = checkCasChain(chainFromOperations(ops))
    if (wgl.ok === 'unknown' || chain.ok === 'unknown') throw failure('no verdict', ops, explain(wgl, model) + '\n' + explainChain(chain))
    if (wgl.ok !== chain.ok) {
      disagreements++
      throw failure(`search says ${String(wgl.ok)}, CAS chain says ${String(chain.ok)}`, ops, explain(wgl, model) + '\n' + explainChain(chain))
    }
    if (!chain.ok) rejected++
  }), { numRuns: RUNS * 2 })
  t.equal(disagreements, 0)
  t.comment(`${rejected} histories rejected by both`)
})

t.test('the CAS-chain check accepts every simulated versioned history, crashes included', async t => {
  fc.assert(fc.property(simParams(80, ['versioned']), p => {
    const { events } = simulate(p)
    const ops = pairOperations(events)
    const chain = checkCasChain(chainFromOperations(ops))
    if (chain.ok !== true) throw failure('CAS chain rejected a linearizable history', ops, explainChain(chain))
  }), { numRuns: RUNS })
  t.pass('no counterexample')
})
