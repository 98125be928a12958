/**
 * Histories (jepsen/checker/history.ts): invokes pair with the next completion of the same
 * process, info and never-completed operations return at +∞, JSONL round-trips every value
 * the coordination layer records (bigint versions, bytes).
 */
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  HistoryRecorder, UNKNOWN, checkHistory, checkOperations, formatHistory, pairOperations, parseHistory,
  readHistoryFile, registerModel, writeHistoryFile, describeOperation
} from '../../jepsen/checker/index.ts'
import type { HistoryEvent } from '../../jepsen/checker/index.ts'

t.test('invokes pair with their completions; info and unfinished operations return at +∞', async t => {
  const events: HistoryEvent[] = [
    { process: 0, type: 'invoke', f: 'write', key: 'k', value: 1, time: 0 },
    { process: 1, type: 'invoke', f: 'read', key: 'k', value: null, time: 1 },
    { process: 0, type: 'ok', f: 'write', key: 'k', value: 1, time: 2 },
    { process: 1, type: 'ok', f: 'read', key: 'k', value: 1, time: 3 },
    { process: 2, type: 'invoke', f: 'write', key: 'k', value: 2, time: 4 },
    { process: 3, type: 'invoke', f: 'write', key: 'k', value: 3, time: 5 },
    { process: 2, type: 'info', f: 'write', key: 'k', value: 2, time: 6, error: 'Indeterminate' },
    { process: 0, type: 'invoke', f: 'write', key: 'k', value: 4, time: 7 },
    { process: 0, type: 'fail', f: 'write', key: 'k', value: 4, time: 8, error: 'Unavailable' }
  ]
  const ops = pairOperations(events)
  t.equal(ops.length, 5)
  t.same(ops.map(o => [o.f, o.status, o.call, o.return]), [
    ['write', 'ok', 0, 2], ['read', 'ok', 1, 3], ['write', 'info', 4, Infinity], ['write', 'info', 5, Infinity], ['write', 'fail', 7, 8]
  ])
  t.same(ops[1].input, { f: 'read', value: null })
  t.equal(ops[1].output, 1)
  t.equal(ops[2].output, UNKNOWN, 'an info result is unknown, whatever value the event carries')
  t.equal(ops[2].error, 'Indeterminate')
  t.equal(ops[3].completionIndex, undefined, 'never completed')
  t.same(ops.map(o => o.id), [0, 1, 2, 3, 4])
  t.equal(checkOperations(registerModel(), ops).ok, true)
  t.match(describeOperation(ops[2]), /p2 write\(k, 2\) → info {2}\[4, ∞\]/)
})

t.test('checkHistory pairs and checks a JSONL history in one call', async t => {
  const text = [
    '{"process":0,"type":"invoke","f":"write","key":"k","value":1,"time":0}',
    '{"process":0,"type":"ok","f":"write","key":"k","value":1,"time":5}',
    '{"process":1,"type":"invoke","f":"read","key":"k","value":null,"time":10}',
    '{"process":1,"type":"ok","f":"read","key":"k","value":0,"time":15}'
  ].join('\n')
  const result = checkHistory(registerModel(0), parseHistory(text))
  t.equal(result.ok, false, 'a read of 0 after the write of 1 completed')
  t.equal(checkHistory(registerModel(0), parseHistory(text.replace('"value":0,"time":15', '"value":1,"time":15'))).ok, true)
})

t.test('bigint times are rebased to the first event', async t => {
  const base = 10n ** 18n
  const ops = pairOperations([
    { process: 'a', type: 'invoke', f: 'read', time: base + 5n },
    { process: 'a', type: 'ok', f: 'read', value: null, time: base + 9n }
  ])
  t.equal(ops[0].call, 0)
  t.equal(ops[0].return, 4)
})

t.test('histories that cannot be paired are refused with HistoryError', async t => {
  const e = (process: number, type: HistoryEvent['type'], f: string, time: number): HistoryEvent => ({ process, type, f, time })
  t.throws(() => pairOperations([e(0, 'ok', 'read', 0)]), { name: 'HistoryError', message: /without an invoke/ })
  t.throws(() => pairOperations([e(0, 'invoke', 'read', 0), e(0, 'invoke', 'write', 1)]), { name: 'HistoryError', message: /before completing/ })
  t.throws(() => pairOperations([e(0, 'invoke', 'read', 0), e(0, 'ok', 'write', 1)]), { name: 'HistoryError', message: /but completed/ })
  t.throws(() => pairOperations([e(0, 'invoke', 'read', 5), e(0, 'ok', 'read', 1)]), { name: 'HistoryError', message: /before its invoke/ })
})

t.test('JSONL round-trips events with bigints and bytes, and names a bad line', async t => {
  const events: HistoryEvent[] = [
    { process: 0, type: 'invoke', f: 'put', key: 'k', value: { value: new Uint8Array([1, 2, 255]), ifVersion: 0n, writeId: 'w1' }, time: 0, index: 0 },
    { process: 0, type: 'ok', f: 'put', key: 'k', value: 1n, time: 7, index: 1 }
  ]
  const text = formatHistory(events)
  t.equal(text.split('\n').length, 3, 'one line per event, newline-terminated')
  t.same(parseHistory(text), events)
  const dir = mkdtempSync(join(tmpdir(), 'chordkv-history-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  writeHistoryFile(join(dir, 'h.jsonl'), events)
  t.same(readHistoryFile(join(dir, 'h.jsonl')), events)
  t.throws(() => parseHistory('{"process":0,"type":"invoke","f":"read","time":0}\n{"process":0,"type":"done","f":"read","time":1}\n'), { name: 'HistoryError', message: /line 2/ })
  t.throws(() => parseHistory('not json'), { name: 'HistoryError', message: /line 1/ })
})

t.test('the recorder stamps events with a monotonic clock and completes each once', async t => {
  let now = 100
  const recorder = new HistoryRecorder({ clock: () => now++ })
  const w = recorder.invoke(0, 'write', 1, 'k')
  const r = recorder.invoke(1, 'read', null, 'k')
  w.ok()
  r.info(undefined, 'Indeterminate')
  t.throws(() => { w.ok() }, { name: 'HistoryError' })
  t.same(recorder.events.map(e => [e.process, e.type, e.time, e.index]), [[0, 'invoke', 100, 0], [1, 'invoke', 101, 1], [0, 'ok', 102, 2], [1, 'info', 103, 3]])
  const ops = pairOperations(recorder.events)
  t.same(ops.map(o => o.status), ['ok', 'info'])
  const real = new HistoryRecorder()
  real.invoke(0, 'read').ok(null)
  t.ok((real.events[1].time as number) >= (real.events[0].time as number), 'the default clock never runs backwards')
})
