/**
 * The quick form of the jobs rolling-upgrade scenario over real OS processes and libp2p
 * (issue 9): 100 jobs through a rolling upgrade of every peer of a 4-peer testnet. Asserts that
 * every job completed correctly and that no result was written under a stale token.
 */
import t from 'tap'
import { describeReport } from '../../jobs/checker.ts'
import { rollingUpgrade } from '../../jobs/scenarios.ts'
import { testnet4 } from './testnet.ts'

// Testnets of OS processes on a loaded 2-core machine: far beyond tap's default 300 s per file.
t.setTimeout(900_000)

t.test('100 jobs through a rolling upgrade of every peer of a 4-peer testnet: 100/100, upgraded peers served work', async t => {
  const testnet = await testnet4(t)
  const run = await rollingUpgrade(testnet, {
    // 60 jobs run while the peers are replaced one by one; 40 more are submitted once every
    // peer runs the new build, so they are certainly served by upgraded peers.
    jobs: 100, workers: 4, k: 2_000, deadlineMs: 180_000, leaseMs: 3_000,
    startAfterMs: 0, jobsAfterUpgrade: 40
  })
  const { result } = run
  t.equal(result.report.completed, 100, describeReport(result.report))
  t.same(result.report.staleWrites, [], 'no result written with a stale token')
  t.equal(run.upgraded.length, 4, `every peer was upgraded: ${JSON.stringify(run.upgraded)}`)
  t.ok(run.storedAfterFirstUpgrade > 0, `${run.storedAfterFirstUpgrade} results committed after the first upgraded peer served`)
  t.ok(run.storedAfterLastUpgrade >= 40, `${run.storedAfterLastUpgrade} results committed once every peer ran the new build (all coordination requests then go to upgraded peers)`)
})
