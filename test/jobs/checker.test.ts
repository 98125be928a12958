/**
 * The checker must catch what it is there to catch: each clause of "successfully completed"
 * and stale-token writes, on hand-made final states and histories.
 */
import t from 'tap'
import type { CoordEntry } from '../../node/coord/api.ts'
import { checkRun, describeReport, type CheckInput } from '../../jobs/checker.ts'
import type { JobOp } from '../../jobs/history.ts'
import { decodeRecord, encodeRecord, expectedResult, JobRecordError, type DoneRecord } from '../../jobs/record.ts'

const job = { id: 0, payload: 'abc', k: 3 }
const right = expectedResult('abc', 3)

function done (over: Partial<DoneRecord> = {}): CoordEntry {
  const record: DoneRecord = { state: 'done', payload: 'abc', k: 3, worker: 'w1', token: 4n, result: right, claims: [{ token: 2n, worker: 'w0' }, { token: 4n, worker: 'w1' }], ...over }
  return { value: encodeRecord(record), version: 5n, writeId: 'x' }
}

function op (o: Partial<JobOp> & Pick<JobOp, 'worker' | 'type' | 'outcome' | 'token' | 'invokedAt' | 'completedAt'>): JobOp {
  return { job: 0, ...o }
}

const goodOps: JobOp[] = [
  op({ worker: 'w0', type: 'claim', outcome: 'ok', token: 2n, invokedAt: 0, completedAt: 10 }),
  op({ worker: 'w1', type: 'claim', outcome: 'ok', token: 4n, invokedAt: 100, completedAt: 110 }),
  op({ worker: 'w1', type: 'store', outcome: 'ok', token: 4n, invokedAt: 120, completedAt: 130 }),
  op({ worker: 'w0', type: 'store', outcome: 'fail', token: 2n, invokedAt: 140, completedAt: 150 })
]

function input (over: Partial<CheckInput> = {}): CheckInput {
  return {
    jobs: [job],
    final: new Map([[0, done()]]),
    seenDone: new Map([[0, { at: 200, record: decodeRecord(done().value as Uint8Array) as DoneRecord }]]),
    deadlineAt: 1000,
    history: { ops: goodOps, executions: [{ worker: 'w0', job: 0, token: 2n, at: 10 }, { worker: 'w1', job: 0, token: 4n, at: 110 }] },
    ...over
  }
}

t.test('a job taken over and stored under the latest token is completed; the second run is counted', async t => {
  const r = checkRun(input())
  t.equal(r.completed, 1, describeReport(r))
  t.ok(r.ok)
  t.equal(r.runMoreThanOnce, 1)
  t.equal(r.takenOver, 1)
  t.same(r.staleWrites, [])
  t.match(describeReport(r), /^1\/1 jobs completed/)
})

t.test('a wrong result fails the job', async t => {
  const r = checkRun(input({ final: new Map([[0, done({ result: expectedResult('abd', 3) })]]) }))
  t.same(r.failures.map(f => f.reasons), [['wrong result']])
  t.notOk(r.ok)
})

t.test('a result under an older claim\'s token fails the job', async t => {
  const r = checkRun(input({ final: new Map([[0, done({ token: 2n, worker: 'w0' })]]) }))
  t.same(r.failures.map(f => f.reasons), [['not the latest token']])
  t.equal(r.staleWrites.length, 1, 'the acknowledged store under token 4 is not the stored result')
})

t.test('an acknowledged claim missing from the claim log fails the job', async t => {
  const ops = [...goodOps, op({ worker: 'w2', type: 'claim', outcome: 'ok', token: 7n, invokedAt: 300, completedAt: 310 })]
  const r = checkRun(input({ history: { ops, executions: [] } }))
  t.same(r.failures.map(f => f.reasons), [['not the latest token']])
})

t.test('a store acknowledged after a newer claim was acknowledged is a stale write', async t => {
  const ops = [...goodOps, op({ worker: 'w0', type: 'store', outcome: 'ok', token: 2n, invokedAt: 115, completedAt: 125 })]
  const r = checkRun(input({ history: { ops, executions: [] } }))
  t.equal(r.staleWrites.length, 1, describeReport(r))
  t.match(r.staleWrites[0].why, /claim 4 by w1 was acknowledged before/)
  t.notOk(r.ok)
})

t.test('not stored, not seen in time, unreadable: each is a failure with its reason', async t => {
  const pending: CoordEntry = { value: encodeRecord({ state: 'pending', payload: 'abc', k: 3 }), version: 1n, writeId: 'p' }
  t.same(checkRun(input({ final: new Map([[0, pending]]) })).failures[0].reasons, ['not stored'])
  t.same(checkRun(input({ deadlineAt: 100 })).failures[0].reasons, ['not seen done in time'])
  t.same(checkRun(input({ seenDone: new Map() })).failures[0].reasons, ['not seen done in time'])
  t.same(checkRun(input({ final: new Map([[0, undefined]]) })).failures[0].reasons, ['unreadable'])
  const garbage: CoordEntry = { value: new TextEncoder().encode('{"state":"done"'), version: 3n, writeId: 'g' }
  t.same(checkRun(input({ final: new Map([[0, garbage]]) })).failures[0].reasons, ['unreadable'])
})

t.test('unknown outcomes are reported, never counted as done', async t => {
  const ops = [...goodOps, op({ worker: 'w0', type: 'renew', outcome: 'info', token: 2n, invokedAt: 50, completedAt: 90, reason: 'Indeterminate' })]
  const r = checkRun(input({ history: { ops, executions: [] } }))
  t.same(r.unknownOps, { renew: 1 })
  t.match(describeReport(r), /unknown outcome: renew 1/)
})

t.test('records from the network are validated', async t => {
  const enc = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o))
  const bad: unknown[] = [
    'nope', [], { state: 'pending', payload: 1, k: 1 }, { state: 'pending', payload: 'x', k: 0 },
    { state: 'pending', payload: 'x'.repeat(5000), k: 1 }, { state: 'weird', payload: 'x', k: 1 },
    { state: 'claimed', payload: 'x', k: 1, worker: 'w', token: '3', leaseMs: 10, renewals: 0, claims: [{ token: '2', worker: 'w' }] },
    { state: 'claimed', payload: 'x', k: 1, worker: 'w', token: '-3', leaseMs: 10, renewals: 0, claims: [{ token: '-3', worker: 'w' }] },
    { state: 'done', payload: 'x', k: 1, worker: 'w', token: '3', result: 'zz', claims: [{ token: '3', worker: 'w' }] },
    { state: 'done', payload: 'x', k: 1, worker: 'w', token: '3', result: right, claims: [] }
  ]
  for (const b of bad) t.throws(() => decodeRecord(enc(b)), JobRecordError, JSON.stringify(b).slice(0, 80))
  t.throws(() => decodeRecord(new Uint8Array([0xff, 0xfe])), JobRecordError, 'not UTF-8')
  const ok = { state: 'claimed', payload: 'x', k: 1, worker: 'w', token: '3', leaseMs: 10, renewals: 0, claims: [{ token: '3', worker: 'w' }] }
  t.same(decodeRecord(enc(ok)), { ...ok, token: 3n, claims: [{ token: 3n, worker: 'w' }] })
})

t.test('the expected result is SHA-256 iterated k times', async t => {
  const { createHash } = await import('node:crypto')
  const once = createHash('sha256').update('abc').digest()
  const twice = createHash('sha256').update(once).digest('hex')
  t.equal(expectedResult('abc', 2), twice)
  t.equal(expectedResult('abc', 1), once.toString('hex'))
})
