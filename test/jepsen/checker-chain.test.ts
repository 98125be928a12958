/**
 * The linear-time CAS-chain check (jepsen/checker/cas-chain.ts): each kind of violation on a
 * minimal history, acceptance of chains that are fine, and agreement with the WGL search on
 * versioned-register histories.
 */
import t from 'tap'
import type { Test } from 'tap'
import { checkCasChain, chainFromOperations, explainChain, makeOperations } from '../../jepsen/checker/index.ts'
import type { ChainOp, ChainRead, ChainResult, ChainViolationKind, ChainWrite, OperationSpec } from '../../jepsen/checker/index.ts'

const write = (writeId: string, call: number, ret: number | undefined, extra: Partial<ChainWrite> = {}): ChainWrite => ({
  kind: 'write', writeId, status: ret === undefined ? 'info' : 'ok', call, return: ret ?? Infinity, ...extra
})
const read = (writeId: string | null | undefined, version: bigint | undefined, call: number, ret: number, extra: Partial<ChainRead> = {}): ChainRead => ({
  kind: 'read', ...(writeId === undefined ? {} : { writeId }), ...(version === undefined ? {} : { version }), call, return: ret, ...extra
})

function expectOk (t: Test, ops: readonly ChainOp[], name: string): void {
  const r = checkCasChain(ops)
  t.equal(r.ok, true, name, r.ok === true ? {} : { diagnostic: true, report: explainChain(r) })
}

function expectViolation (t: Test, ops: readonly ChainOp[], kind: ChainViolationKind, name: string): ChainResult {
  const r = checkCasChain(ops)
  const kinds = r.ok === false ? r.violations.map(v => v.kind) : []
  t.ok(kinds.includes(kind), name, kinds.includes(kind) ? {} : { diagnostic: true, want: kind, report: explainChain(r) })
  return r
}

t.test('a chain of versions read in real-time order is accepted', async t => {
  expectOk(t, [], 'no operations')
  expectOk(t, [read(null, 0n, 0, 5)], 'a read of the initial register')
  expectOk(t, [
    write('a', 0, 10, { version: 1n, value: 'A' }),
    read('a', 1n, 20, 30, { value: 'A' }),
    write('b', 25, 40, { version: 2n, prev: 'a', ifVersion: 1n }),
    read('a', 1n, 26, 35),
    read('b', 2n, 36, 50),
    write('c', 60, undefined),
    read('c', 3n, 70, 80)
  ], 'writes, reads concurrent with the next write, and an info write a read resolved')
  expectOk(t, [
    write('a', 0, 10, { version: 1n }),
    write('lost', 5, undefined),
    write('c', 20, 30, { version: 3n })
  ], 'an info write nobody saw fills the version in between')
  expectOk(t, [
    write('a', 0, 10, { prev: null }),
    write('b', 20, 30, { prev: 'a' }),
    read('b', undefined, 40, 50)
  ], 'prev links alone place the writes')
})

t.test('duplicate write ids, values never written, and failed writes that were seen are violations', async t => {
  expectViolation(t, [write('a', 0, 10, { version: 1n }), write('a', 20, 30, { version: 2n })], 'duplicate-write-id', 'two writes with one writeId')
  expectViolation(t, [write('a', 0, 10, { version: 1n }), read('zz', 1n, 20, 30)], 'unknown-write', 'a read of a writeId nobody wrote')
  expectViolation(t, [write('a', 0, 10, { version: 1n, prev: 'zz' })], 'unknown-write', 'a write replaced a writeId nobody wrote')
  expectViolation(t, [write('a', 0, 10, { status: 'fail' }), read('a', 1n, 20, 30)], 'failed-write-observed', 'a read saw a write that failed')
  expectViolation(t, [write('a', 0, 10, { version: 1n, value: 'A' }), read('a', 1n, 20, 30, { value: 'B' })], 'value-mismatch', 'a read saw another value under the writeId')
  expectViolation(t, [read(null, undefined, 0, 10, { value: 'X' })], 'value-mismatch', 'the initial register has no value')
})

t.test('forks and inconsistent versions are violations', async t => {
  expectViolation(t, [write('a', 0, 10, { version: 1n }), write('b', 0, 10, { version: 1n })], 'fork', 'two writes produced version 1')
  expectViolation(t, [write('a', 0, 10, { prev: null }), write('b', 20, 30, { prev: 'a' }), write('c', 20, 30, { prev: 'a' })], 'fork', 'two writes replaced the same write')
  expectViolation(t, [write('a', 0, 10, { version: 1n }), write('b', 20, 30, { version: 3n, prev: 'a' })], 'version-mismatch', 'a write skipped a version past its predecessor')
  expectViolation(t, [write('a', 0, 10, { version: 1n }), read('a', 2n, 20, 30)], 'version-mismatch', 'a read saw a write at another version')
  expectViolation(t, [write('a', 0, 10, { version: 1n }), write('b', 20, 30, { version: 3n, ifVersion: 1n })], 'version-mismatch', 'a conditional write produced a version other than ifVersion + 1')
  expectViolation(t, [read(null, 4n, 0, 10)], 'version-mismatch', 'the initial register is version 0')
  expectViolation(t, [write('a', 0, 10, { version: 1n }), write('c', 20, 30, { version: 3n })], 'missing-version', 'version 2 has no writer')
  expectViolation(t, [read(undefined, 2n, 0, 10)], 'missing-version', 'a read of a version nobody produced')
})

t.test('real time: a read cannot see a write invoked after it returned, nor a value older than a completed write', async t => {
  const r = expectViolation(t, [read('a', 1n, 0, 10), write('a', 20, 30, { version: 1n })], 'real-time', 'a read saw a write invoked after it returned')
  if (r.ok === false) t.match(r.violations[0].message, /returned at 10/)
  expectViolation(t, [
    write('a', 0, 10, { version: 1n }),
    write('b', 20, 30, { version: 2n }),
    read('a', 1n, 40, 50)
  ], 'real-time', 'a stale read after the next write completed')
  expectViolation(t, [
    write('a', 20, 30, { version: 1n }),
    write('b', 0, 10, { version: 2n })
  ], 'real-time', 'version 2 completed before version 1 was invoked')
  expectViolation(t, [
    write('a', 0, 10, { version: 1n }),
    read('b', 2n, 20, 30),
    read('a', 1n, 40, 50),
    write('b', 15, 100, { version: 2n })
  ], 'real-time', 'a read of the new version, then a later read of the old one')
  expectOk(t, [
    write('a', 0, 10, { version: 1n }),
    read('a', 1n, 10, 20),
    write('b', 10, 20, { version: 2n }),
    read('a', 1n, 20, 25)
  ], 'equal times are concurrent')
})

t.test('versioned register operations convert to the chain view', async t => {
  const specs: OperationSpec[] = [
    { f: 'put', key: 'k', value: { value: 'A', ifVersion: 0, writeId: 'w1' }, output: 1n, call: 0, return: 10 },
    { f: 'put', key: 'k', value: { value: 'B', ifVersion: 0, writeId: 'w2' }, output: { mismatch: true, version: 1n }, call: 5, return: 15 },
    { f: 'put', key: 'k', value: { value: 'C', ifVersion: 0, writeId: 'w3' }, status: 'fail', call: 5, return: 15 },
    { f: 'get', key: 'k', output: { value: 'A', version: 1n, writeId: 'w1' }, call: 20, return: 30 },
    { f: 'delete', key: 'k', value: { writeId: 'w4' }, call: 40 },
    { f: 'get', key: 'k', output: { value: null, version: 2n, writeId: 'w4' }, call: 50, return: 60 },
    { f: 'get', key: 'k', call: 70 }
  ]
  const chain = chainFromOperations(makeOperations(specs))
  t.same(chain.map(c => c.kind === 'write' ? `${c.writeId}:${c.status}` : `read:${String(c.writeId)}`), ['w1:ok', 'w3:fail', 'read:w1', 'w4:info', 'read:w4'])
  expectOk(t, chain, 'put, a mismatch, a failed put, get, an indeterminate delete a get resolved')
  t.throws(() => chainFromOperations(makeOperations([{ f: 'put', value: { value: 1 }, output: 1, call: 0, return: 1 }])), TypeError, 'a put needs a writeId')
  t.throws(() => chainFromOperations(makeOperations([{ f: 'cas', value: [1, 2], call: 0, return: 1 }])), TypeError)
  const unknown = checkCasChain([write('a', 0, 10, { prev: null }), write('x', 0, undefined), write('b', 20, 30, { prev: 'x' })])
  t.equal(unknown.ok, 'unknown', 'a committed info write with no version and no prev chain cannot be placed')
})
