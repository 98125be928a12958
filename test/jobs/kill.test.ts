/**
 * The quick form of the jobs peer-failure scenario over real OS processes and libp2p (issue 9):
 * 100 jobs on 4 peers with one kill -9 and restart. Asserts that every job completed correctly
 * (checker.ts: stored, right result, latest token, seen in time) and that no result was
 * written under a stale token.
 */
import t from 'tap'
import { describeReport } from '../../jobs/checker.ts'
import { peerFailures } from '../../jobs/scenarios.ts'
import { testnet4 } from './testnet.ts'

// Testnets of OS processes on a loaded 2-core machine: far beyond tap's default 300 s per file.
t.setTimeout(900_000)

t.test('100 jobs on 4 peers through a kill -9 and restart: 100/100 completed, no stale write', async t => {
  const testnet = await testnet4(t)
  const { result, events, maxDown } = await peerFailures(testnet, {
    jobs: 100, workers: 4, k: 2_000, deadlineMs: 120_000, leaseMs: 2_000, seed: 3,
    mode: 'kill', firstAfterMs: 1_500, intervalMs: 1_000, downMs: 2_000, maxFaults: 1
  })
  t.equal(result.report.completed, 100, describeReport(result.report))
  t.same(result.report.staleWrites, [], 'no result written with a stale token')
  t.ok(result.report.ok)
  t.same(events.map(e => e.label.split(' ')[0]), ['kill', 'restart'], `one kill -9 and one restart: ${JSON.stringify(events)}`)
  t.equal(maxDown, 1)
  t.ok(events[0].atMs < result.durationMs, 'the kill happened while jobs were running')
})

