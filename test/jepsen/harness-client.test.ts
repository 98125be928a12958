/**
 * The harness's recording client and outcome mapping, on real CASPaxos over the simulated
 * network (test/coord/cluster.ts): every operation becomes invoke + ok/fail/info as the
 * checkers expect; and the `npm run jepsen` command line.
 */
import { spawnSync } from 'node:child_process'
import t from 'tap'
import { pairOperations } from '../../jepsen/checker/history.ts'
import type { HistoryEvent } from '../../jepsen/checker/history.ts'
import { HistoryRecorder } from '../../jepsen/checker/history.ts'
import { versionedRegisterModel } from '../../jepsen/checker/model.ts'
import { checkOperations } from '../../jepsen/checker/wgl.ts'
import { outcomeOfError, RecordingRegisterClient } from '../../jepsen/harness/register-client.ts'
import { checkWatchRun } from '../../jepsen/harness/watch-workload.ts'
import { CoordError } from '../../node/coord/errors.ts'
import { simCoordCluster } from '../coord/cluster.ts'

t.test('outcome mapping: only errors that prove no effect are fail', async t => {
  t.equal(outcomeOfError(new CoordError('Unavailable', 'no quorum')), 'fail', 'CoordError Unavailable: definitely not applied')
  t.equal(outcomeOfError(new CoordError('EpochMismatch', 'other epoch')), 'fail', 'EpochMismatch: the proposer sent no accept')
  t.equal(outcomeOfError(new CoordError('Indeterminate', 'maybe')), 'info', 'Indeterminate: unknown')
  t.equal(outcomeOfError(Object.assign(new Error('x'), { name: 'OutcomeUnknownError', code: 'Unavailable' })), 'info',
    "the KV client's OutcomeUnknownError is unknown even with code Unavailable")
  t.equal(outcomeOfError(Object.assign(new Error('x'), { name: 'TimeoutError', code: 'Timeout' })), 'info', 'a timeout is unknown')
  t.equal(outcomeOfError(new Error('connection reset')), 'info', 'an unexpected error is unknown')
  t.equal(outcomeOfError(undefined), 'info', 'a non-error rejection is unknown')
})

t.test('a recording client writes the history the checkers read', async t => {
  const cluster = simCoordCluster(5, 3)
  const recorder = new HistoryRecorder({ clock: () => cluster.clock.now() })
  const client = new RecordingRegisterClient(() => cluster.client('a'), { recorder, clock: cluster.clock, firstProcess: 0, processStride: 10, opTimeoutMs: 5_000 })
  await cluster.clock.settle((async () => {
    const created = await client.put('k', 'w1', 'w1', 0n)
    t.same(created.status === 'ok' && created.value, { ok: true, version: 1n }, 'create-only put commits version 1')
    const again = await client.put('k', 'w2', 'w2', 0n)
    t.same(again.status === 'ok' && again.value.ok, false, 'a second create-only put is refused with the current entry')
    const read = await client.get('k')
    t.equal(read.status === 'ok' && read.value.writeId, 'w1', 'the read names the write it saw')
    cluster.network.crash('acceptor-0')
    cluster.network.crash('acceptor-1')
    const down = await client.get('k')
    t.equal(down.status, 'fail', 'a read without a quorum is fail (Unavailable: nothing applied)')
  })())
  const events = recorder.events
  t.same(events.map(e => `${e.type} ${e.f}`), ['invoke put', 'ok put', 'invoke put', 'ok put', 'invoke get', 'ok get', 'invoke get', 'fail get'])
  t.same(events[3].value, { mismatch: true, version: 1n }, 'a refused compare-and-set is recorded as an answer with the version found')
  t.same(events[5].value, { value: 'w1', version: 1n, writeId: 'w1' }, 'a read is recorded as value, version and writeId')
  t.equal(checkOperations(versionedRegisterModel(), pairOperations(events)).ok, true, 'the history is linearizable for versionedRegisterModel')
})

t.test('an operation past the harness deadline is info, and the client moves to a new process id', async t => {
  // 1 ms of harness deadline against 50–60 ms messages.
  const slow = simCoordCluster(6, 3, { latencyMs: [50, 60] })
  const recorder = new HistoryRecorder({ clock: () => slow.clock.now() })
  const client = new RecordingRegisterClient(() => slow.client('b'), { recorder, clock: slow.clock, firstProcess: 3, processStride: 10, opTimeoutMs: 1 })
  await slow.clock.settle((async () => {
    const r = await client.put('k', 'x', 'x-1')
    t.equal(r.status, 'info', 'no answer within the deadline: unknown outcome')
  })())
  t.equal(client.currentProcess, 13, 'the next operation runs as a new process (3 + stride 10)')
  t.same(recorder.events.map(e => `${e.process} ${e.type}`), ['3 invoke', '3 info'])
  t.match(recorder.events[1].error, /HarnessTimeout/, 'the info event says why')
})

t.test('npm run jepsen: usage errors exit 2, a passing simulator run exits 0', async t => {
  const cli = new URL('../../jepsen/harness/cli.ts', import.meta.url).pathname
  const bad = spawnSync(process.execPath, [cli, '--workload', 'w9'], { encoding: 'utf8' })
  t.equal(bad.status, 2, 'unknown workload: exit 2')
  t.match(bad.stderr, /unknown workload "w9"/)
  const ok = spawnSync(process.execPath, [cli, '--backend', 'sim', '--workload', 'w1', '--time', '3', '--seed', '4', '--quiet', '--save-artifacts', 'never'], { encoding: 'utf8', timeout: 120_000 })
  t.equal(ok.status, 0, `a 3 s simulated W1 run passes (stderr: ${ok.stderr.slice(0, 500)})`)
  t.match(ok.stdout, /^PASS w1 seed 4 — 0 violation\(s\)/m, 'the report starts with the verdict')
})

t.test('W4 convergence: a watcher may end past the final read only by a put whose outcome was unknown', async t => {
  const k = 'kv/c'
  let time = 0
  const op = (process: number, f: string, value: unknown, type: 'ok' | 'info', result?: unknown): HistoryEvent[] => [
    { process, type: 'invoke', f, key: k, value, time: time++ },
    ...(type === 'info' && result === undefined ? [] : [{ process, type, f, key: k, value: result, time: time++ }])
  ]
  const event = (watcher: string, version: bigint, value: string): HistoryEvent[] => op(50, 'event', watcher, 'ok', { type: 'put', version, value })
  const base = [...op(1, 'put', 'a', 'ok', 1n), ...event('wa0', 1n, 'a')]
  const inFlight = [...base, ...op(2, 'put', 'b', 'info'), ...event('wa0', 2n, 'b')]
  t.same(checkWatchRun(inFlight, { finalVersion: 1n, lastSeen: new Map([['wa0', 2n]]) }, 1).violations, [],
    'version 2 after a final read at 1, carrying a put that never completed: converged')
  const acknowledged = [...base, ...op(2, 'put', 'b', 'ok', 2n), ...event('wa0', 2n, 'b')]
  t.match(checkWatchRun(acknowledged, { finalVersion: 1n, lastSeen: new Map([['wa0', 2n]]) }, 1).violations.join('\n'),
    /after the final read's 1, carried "b", not the value of a put whose outcome was unknown/, 'an acknowledged put the final read missed is a violation')
  t.match(checkWatchRun(base, { finalVersion: 2n, lastSeen: new Map([['wa0', 1n]]) }, 1).violations.join('\n'),
    /watcher wa0 did not converge: its last version is 1, the register is at 2/, 'a watcher behind the final read did not converge')
})
