/**
 * The linearizability checker (jepsen/checker/wgl.ts) judged on hand-written histories whose
 * verdict is known: each linearizable one must be accepted, each non-linearizable one
 * rejected. Times are abstract ticks; `return` absent means info (indeterminate).
 */
import t from 'tap'
import type { Test } from 'tap'
import {
  casRegisterModel, checkOperations, explain, makeOperations, mutexModel, registerModel, setModel,
  versionedRegisterModel, UNKNOWN, bruteForceLinearizable, describeOperation
} from '../../jepsen/checker/index.ts'
import type { CheckResult, Invocation, Model, Operation, OperationSpec } from '../../jepsen/checker/index.ts'


function check<S> (model: Model<S>, specs: readonly OperationSpec[]): { ops: Array<Operation<Invocation>>, result: CheckResult<S, Invocation, unknown> } {
  const ops = makeOperations(specs)
  return { ops, result: checkOperations(model, ops, { timeoutMs: 10_000 }) }
}

const historyText = (ops: readonly Operation[]): string => ops.map(o => `  ${describeOperation(o)}`).join('\n')

/** Asserts the verdict, agreeing with the brute-force checker; prints history and counterexample otherwise. */
function expectVerdict<S> (t: Test, model: Model<S>, specs: readonly OperationSpec[], linearizable: boolean, name: string): CheckResult<S, Invocation, unknown> {
  const { ops, result } = check(model, specs)
  const ok = result.ok === linearizable
  t.ok(ok, name, ok ? {} : { diagnostic: true, history: historyText(ops), report: explain(result, model) })
  if (ops.length <= 8) t.equal(bruteForceLinearizable(model, ops), linearizable, `${name} (brute force agrees)`)
  return result
}

const accepts = <S>(t: Test, model: Model<S>, specs: readonly OperationSpec[], name: string): CheckResult<S, Invocation, unknown> => expectVerdict(t, model, specs, true, name)
const rejects = <S>(t: Test, model: Model<S>, specs: readonly OperationSpec[], name: string): CheckResult<S, Invocation, unknown> => expectVerdict(t, model, specs, false, name)

t.test('register: sequential and overlapping histories that have a linearization are accepted', async t => {
  const reg = registerModel()
  accepts(t, reg, [], 'the empty history')
  accepts(t, reg, [{ f: 'read', output: null, call: 0, return: 1 }], 'a read of a never-written register sees null')
  accepts(t, reg, [
    { f: 'write', value: 1, call: 0, return: 10 },
    { f: 'read', output: 1, call: 20, return: 30 },
    { f: 'write', value: 2, call: 40, return: 50 },
    { f: 'read', output: 2, call: 60, return: 70 }
  ], 'sequential writes and reads')
  accepts(t, reg, [
    { f: 'write', value: 1, call: 0, return: 100 },
    { f: 'read', output: null, call: 10, return: 20 },
    { f: 'read', output: 1, call: 30, return: 40 }
  ], 'reads during a write may see the old value, then the new one')
  accepts(t, reg, [
    { f: 'write', value: 1, call: 0, return: 10 },
    { f: 'read', output: 1, call: 10, return: 20 },
    { f: 'write', value: 2, call: 20, return: 30 },
    { f: 'read', output: 1, call: 30, return: 40 }
  ], 'equal times are concurrent: a read starting at the instant a write returns may precede it')
})

t.test('a stale read after a completed write is rejected', async t => {
  const r = rejects(t, registerModel(), [
    { f: 'write', value: 1, call: 0, return: 10 },
    { f: 'write', value: 2, call: 20, return: 30 },
    { f: 'read', output: 1, call: 40, return: 50 }
  ], 'read of 1 after write 2 completed')
  if (r.ok === false) {
    t.equal(r.counterexample.blocked.id, 2, 'the counterexample names the stale read')
    t.equal(r.partial.linearized.length, 2, 'both writes linearize; the read cannot follow')
    t.same(r.partial.state, 2)
    t.match(explain(r, registerModel()), /NOT linearizable/)
  }
})

t.test('a lost update is rejected', async t => {
  rejects(t, registerModel(), [
    { f: 'write', value: 1, call: 0, return: 10 },
    { f: 'read', output: null, call: 20, return: 30 }
  ], 'an acknowledged write, then a read of the initial value')
  rejects(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 1], output: true, call: 0, return: 10 },
    { f: 'cas', value: [1, 2], output: true, call: 20, return: 30 },
    { f: 'read', output: 1, call: 40, return: 50 }
  ], 'two increments by cas, then a read that lost the second')
  rejects(t, versionedRegisterModel(), [
    { f: 'put', value: { value: 'a', ifVersion: 0, writeId: 'w1' }, output: 1, call: 0, return: 10 },
    { f: 'put', value: { value: 'b', ifVersion: 1, writeId: 'w2' }, output: 2, call: 20, return: 30 },
    { f: 'get', output: { value: 'a', version: 1, writeId: 'w1' }, call: 40, return: 50 }
  ], 'versioned register: a get after two acknowledged puts sees the first')
})

t.test('two successful cas from the same expected value are rejected', async t => {
  rejects(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 1], output: true, call: 0, return: 100 },
    { f: 'cas', value: [0, 2], output: true, call: 0, return: 100 }
  ], 'concurrent cas 0→1 and cas 0→2 both succeed')
  accepts(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 1], output: true, call: 0, return: 100 },
    { f: 'cas', value: [0, 2], output: true, call: 0, return: 100 },
    { f: 'write', value: 0, call: 0, return: 100 }
  ], 'control: a concurrent write of 0 between them explains both')
  rejects(t, versionedRegisterModel(), [
    { f: 'put', value: { value: 'a', ifVersion: 0, writeId: 'w1' }, output: 1, call: 0, return: 100 },
    { f: 'put', value: { value: 'b', ifVersion: 0, writeId: 'w2' }, output: 1, call: 0, return: 100 }
  ], 'two create-only puts both succeed')
  rejects(t, versionedRegisterModel(), [
    { f: 'put', value: { value: 'a', writeId: 'w1' }, output: 1, call: 0, return: 10 },
    { f: 'put', value: { value: 'b', ifVersion: 1, writeId: 'w2' }, output: 2, call: 20, return: 100 },
    { f: 'put', value: { value: 'c', ifVersion: 1, writeId: 'w3' }, output: 2, call: 20, return: 100 }
  ], 'two puts ifVersion 1 both return version 2')
  accepts(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 1], output: true, call: 0, return: 100 },
    { f: 'cas', value: [0, 2], output: false, call: 0, return: 100 }
  ], 'one cas wins, the other reports it found another value (ok false)')
  accepts(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 1], output: true, call: 0, return: 100 },
    { f: 'cas', value: [0, 2], status: 'fail', call: 0, return: 100 },
    { f: 'read', output: 1, call: 200, return: 210 }
  ], 'a cas that completed as fail is dropped: it did not happen')
  rejects(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 2], output: false, call: 0, return: 10 }
  ], 'a cas reporting a mismatch when the register held the expected value')
})

t.test('a read of a value never written is rejected', async t => {
  rejects(t, registerModel(), [
    { f: 'write', value: 1, call: 0, return: 100 },
    { f: 'write', value: 2, call: 0, return: 100 },
    { f: 'read', output: 3, call: 0, return: 100 }
  ], 'read of 3 among writes of 1 and 2')
  rejects(t, setModel(), [
    { f: 'add', value: 1, call: 0, return: 10 },
    { f: 'read', output: [1, 2], call: 20, return: 30 }
  ], 'set: a read that sees an element never added')
  rejects(t, versionedRegisterModel(), [
    { f: 'get', output: { value: 'x', version: 1 }, call: 0, return: 10 }
  ], 'versioned register: a get of version 1 nobody wrote')
})

t.test('concurrent operations whose every interleaving is valid are accepted', async t => {
  accepts(t, registerModel(0), [
    { f: 'write', value: 1, call: 0, return: 100 },
    { f: 'write', value: 2, call: 0, return: 100 },
    { f: 'read', output: 2, call: 10, return: 20 },
    { f: 'read', output: 1, call: 30, return: 40 },
    { f: 'read', output: 0, call: 0, return: 5 }
  ], 'writes 1 and 2 overlap reads of 0, 2 then 1')
  rejects(t, registerModel(0), [
    { f: 'write', value: 1, call: 0, return: 100 },
    { f: 'write', value: 2, call: 0, return: 100 },
    { f: 'read', output: 2, call: 10, return: 20 },
    { f: 'read', output: 1, call: 30, return: 40 },
    { f: 'read', output: 2, call: 50, return: 60 }
  ], 'but reads of 2, 1, 2 need one of the writes to happen twice')
  accepts(t, casRegisterModel(0), [
    { process: 0, f: 'cas', value: [0, 1], output: true, call: 0, return: 50 },
    { process: 1, f: 'cas', value: [1, 2], output: true, call: 0, return: 50 },
    { process: 2, f: 'cas', value: [2, 3], output: true, call: 0, return: 50 },
    { process: 3, f: 'read', output: 3, call: 60, return: 70 }
  ], 'three concurrent cas that chain in one order only')
})

t.test('an info operation is linearized when a later read needs it, never before its call', async t => {
  accepts(t, registerModel(), [
    { f: 'write', value: 1, call: 0 },
    { f: 'read', output: 1, call: 50, return: 60 }
  ], 'an indeterminate write explains a later read of its value')
  accepts(t, registerModel(), [
    { f: 'read', output: null, call: 0, return: 10 },
    { f: 'write', value: 1, call: 5 },
    { f: 'read', output: 1, call: 1000, return: 1010 },
    { f: 'read', output: 1, call: 2000, return: 2010 }
  ], 'it may take effect long after its call')
  rejects(t, registerModel(), [
    { f: 'read', output: 1, call: 0, return: 10 },
    { f: 'write', value: 1, call: 20 }
  ], 'a read that returned before the info write was invoked cannot see it')
  rejects(t, registerModel(), [
    { f: 'write', value: 1, call: 0 },
    { f: 'read', output: 1, call: 10, return: 20 },
    { f: 'write', value: 2, call: 30, return: 40 },
    { f: 'read', output: 1, call: 50, return: 60 }
  ], 'an info write takes effect at most once')
  accepts(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 1], call: 0 },
    { f: 'cas', value: [1, 2], output: true, call: 10, return: 20 }
  ], 'an indeterminate cas explains a later cas that expected its value')
  accepts(t, versionedRegisterModel(), [
    { f: 'put', value: { value: 'a', writeId: 'w1' }, call: 0 },
    { f: 'get', output: { value: 'a', version: 1, writeId: 'w1' }, call: 10, return: 20 }
  ], 'versioned register: a timed-out put resolved by a read of its writeId')
})

t.test('an info operation that no linearization can include is left out', async t => {
  accepts(t, registerModel(), [
    { f: 'write', value: 9, call: 0 },
    { f: 'read', output: null, call: 10, return: 20 },
    { f: 'read', output: null, call: 30, return: 40 }
  ], 'an indeterminate write nobody saw (it may never have happened)')
  accepts(t, casRegisterModel(0), [
    { f: 'cas', value: [0, 5], call: 0 },
    { f: 'write', value: 1, call: 10, return: 20 },
    { f: 'read', output: 1, call: 30, return: 40 }
  ], 'an indeterminate cas that lost')
  // A model where an indeterminate operation can never take effect: only leaving it out works.
  const counter: Model<number> = {
    init: () => 0,
    step (n, input, output) {
      if (input.f === 'incr') return output === UNKNOWN ? { ok: false, state: n } : { ok: true, state: n + 1 }
      return { ok: output === n, state: n }
    }
  }
  accepts(t, counter, [
    { f: 'incr', call: 0 },
    { f: 'incr', call: 0, return: 10 },
    { f: 'read', output: 1, call: 20, return: 30 }
  ], 'an info operation whose every placement is illegal is dropped')
  accepts(t, counter, [{ f: 'incr', call: 0 }, { f: 'incr', call: 1 }], 'a history of info operations only')
})

t.test('a model with equal and no hash is memoised by equality', async t => {
  const reg = registerModel(0)
  const byEquality: Model<unknown> = { init: reg.init, step: reg.step, equal: (a, b) => a === b }
  accepts(t, byEquality, [
    { f: 'write', value: 1, call: 0, return: 100 },
    { f: 'write', value: 2, call: 0 },
    { f: 'read', output: 2, call: 10, return: 20 },
    { f: 'read', output: 1, call: 30, return: 40 }
  ], 'concurrent and indeterminate writes explain the reads')
  rejects(t, byEquality, [
    { f: 'write', value: 1, call: 0, return: 100 },
    { f: 'write', value: 2, call: 0 },
    { f: 'read', output: 2, call: 10, return: 20 },
    { f: 'read', output: 1, call: 30, return: 40 },
    { f: 'read', output: 2, call: 50, return: 60 }
  ], 'but not a write taking effect twice')
})

t.test('keys are checked independently and the failing key is named', async t => {
  const reg = registerModel()
  accepts(t, reg, [
    { f: 'write', key: 'a', value: 1, call: 0, return: 10 },
    { f: 'write', key: 'b', value: 2, call: 0, return: 10 },
    { f: 'read', key: 'a', output: 1, call: 20, return: 30 },
    { f: 'read', key: 'b', output: 2, call: 20, return: 30 }
  ], 'two keys, each consistent')
  const r = rejects(t, reg, [
    { f: 'write', key: 'a', value: 1, call: 0, return: 10 },
    { f: 'write', key: 'b', value: 2, call: 0, return: 10 },
    { f: 'read', key: 'a', output: 1, call: 20, return: 30 },
    { f: 'read', key: 'b', output: 1, call: 20, return: 30 }
  ], 'key b reads the value written to key a')
  if (r.ok === false) {
    t.equal(r.key, 'b')
    t.ok(r.counterexample.ops.every(o => o.key === 'b'), 'the counterexample holds only key b')
  }
  const whole = checkOperations(reg, makeOperations([
    { f: 'write', key: 'a', value: 1, call: 0, return: 10 },
    { f: 'read', key: 'b', output: 1, call: 20, return: 30 }
  ]), { partition: false })
  t.equal(whole.ok, true, 'partition: false checks the history as one object')
})

t.test('versioned register: conditional puts, create-only, retries, deletes, mismatches', async t => {
  const vr = versionedRegisterModel()
  accepts(t, vr, [
    { f: 'put', value: { value: 'a', ifVersion: 0, writeId: 'w1' }, output: 1, call: 0, return: 10 },
    { f: 'put', value: { value: 'b', ifVersion: 1n, writeId: 'w2' }, output: { value: 'b', version: 2n, writeId: 'w2' }, call: 20, return: 30 },
    { f: 'get', output: { value: 'b', version: 2n, writeId: 'w2' }, call: 40, return: 50 },
    { f: 'delete', value: { writeId: 'w3' }, output: '3', call: 60, return: 70 },
    { f: 'get', output: { value: null, version: 3 }, call: 80, return: 90 }
  ], 'create, cas, get, delete, get: versions grow by one per write')
  rejects(t, vr, [
    { f: 'put', value: { value: 'a', writeId: 'w1' }, output: 1, call: 0, return: 10 },
    { f: 'put', value: { value: 'b', ifVersion: 0, writeId: 'w2' }, output: 2, call: 20, return: 30 }
  ], 'ifVersion 0 is create only: it cannot succeed on a written register')
  rejects(t, vr, [
    { f: 'put', value: { value: 'a', writeId: 'w1' }, output: 2, call: 0, return: 10 }
  ], 'a put must produce version + 1')
  accepts(t, vr, [
    { f: 'put', value: { value: 'a', writeId: 'w1' }, output: 1, call: 0, return: 10 },
    { f: 'put', value: { value: 'b', ifVersion: 0, writeId: 'w2' }, output: { mismatch: true, version: 1 }, call: 20, return: 30 }
  ], 'a VersionMismatch recorded as a result is checked, and changes nothing')
  rejects(t, vr, [
    { f: 'put', value: { value: 'b', ifVersion: 0, writeId: 'w2' }, output: { mismatch: true }, call: 20, return: 30 }
  ], 'a VersionMismatch when the version did match')
  accepts(t, vr, [
    { f: 'put', value: { value: 'a', writeId: 'w1' }, call: 0 },
    { f: 'put', value: { value: 'a', writeId: 'w1' }, output: 1, call: 10, return: 20 },
    { f: 'get', output: { value: 'a', version: 1, writeId: 'w1' }, call: 30, return: 40 }
  ], 'a retry finding its own writeId changes nothing and returns the current version')
  rejects(t, vr, [
    { f: 'put', value: { value: 'a', writeId: 'w1' }, output: 1, call: 0, return: 10 },
    { f: 'get', output: { value: 'a', version: 1, writeId: 'w9' }, call: 20, return: 30 }
  ], 'a get that reports another writeId')
})

t.test('mutex: one holder at a time, fencing tokens increase', async t => {
  const m = mutexModel()
  accepts(t, m, [
    { f: 'acquire', value: 'a', output: 1, call: 0, return: 10 },
    { f: 'release', value: 'a', call: 20, return: 30 },
    { f: 'acquire', value: 'b', output: 2, call: 40, return: 50 }
  ], 'acquire, release, acquire with growing tokens')
  rejects(t, m, [
    { f: 'acquire', value: 'a', call: 0, return: 10 },
    { f: 'acquire', value: 'b', call: 20, return: 30 }
  ], 'two holders at once')
  rejects(t, m, [
    { f: 'acquire', value: 'a', output: 5, call: 0, return: 10 },
    { f: 'release', value: 'a', call: 20, return: 30 },
    { f: 'acquire', value: 'b', output: 5, call: 40, return: 50 }
  ], 'a fencing token granted twice')
  rejects(t, m, [
    { f: 'acquire', value: 'a', call: 0, return: 10 },
    { f: 'release', value: 'b', call: 20, return: 30 }
  ], 'a release by someone who does not hold it')
  accepts(t, m, [
    { f: 'acquire', value: 'a', call: 0, return: 10 },
    { f: 'acquire', value: 'b', output: false, call: 20, return: 30 }
  ], 'a try-lock that finds it held')
})

t.test('set: reads see exactly the elements added and not removed', async t => {
  accepts(t, setModel(), [
    { f: 'add', value: 1, call: 0, return: 10 },
    { f: 'add', value: 2, call: 5, return: 30 },
    { f: 'read', output: [1], call: 12, return: 14 },
    { f: 'remove', value: 1, call: 40, return: 50 },
    { f: 'read', output: [2], call: 60, return: 70 },
    { f: 'contains', value: 1, output: false, call: 80, return: 90 }
  ], 'adds, removes, reads, contains')
  rejects(t, setModel(), [
    { f: 'add', value: 1, call: 0, return: 10 },
    { f: 'remove', value: 1, call: 20, return: 30 },
    { f: 'contains', value: 1, output: true, call: 40, return: 50 }
  ], 'contains an element after its removal completed')
})

t.test('a timeout answers unknown, not a verdict', async t => {
  // Many concurrent writes of distinct values and reads nobody can explain: the search space
  // is huge, so a 0 ms budget cannot finish.
  const specs: OperationSpec[] = []
  for (let i = 0; i < 14; i++) specs.push({ f: 'write', value: i, call: 0 })
  for (let i = 0; i < 200; i++) specs.push({ f: 'read', output: i % 14, call: 10 + 2 * i, return: 11 + 2 * i })
  specs.push({ f: 'read', output: 99, call: 10_000, return: 10_001 })
  const result = checkOperations(registerModel(), makeOperations(specs), { timeoutMs: 0 })
  t.equal(result.ok, 'unknown')
  if (result.ok === 'unknown') t.equal(result.reason, 'timeout')
  t.match(explain(result, registerModel()), /timed out/)
})

t.test('malformed operations are refused', async t => {
  t.throws(() => checkOperations(registerModel(), makeOperations([{ f: 'read', output: 1, call: 10, return: 5 }])), RangeError)
  t.throws(() => checkOperations(registerModel(), makeOperations([{ f: 'frobnicate', call: 0, return: 1 }])), TypeError, 'an operation the model does not know')
  t.throws(() => makeOperations([{ f: 'read', call: 0, status: 'ok' }]), { name: 'HistoryError' })
})
