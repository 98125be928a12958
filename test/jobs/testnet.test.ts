/**
 * The quick forms of the jobs fault scenarios over real OS processes and libp2p (issue 9):
 * 100 jobs on 4 peers with one kill -9 and restart, and 100 jobs through a rolling upgrade of
 * every peer. Each asserts that every job completed correctly (checker.ts: stored, right result,
 * latest token, seen in time) and that no result was written under a stale token.
 */
import t from 'tap'
import { describeReport } from '../../jobs/checker.ts'
import { peerFailures, rollingUpgrade } from '../../jobs/scenarios.ts'
import { startTestnet, type Testnet } from '../../testnet/index.ts'

/**
 * Fixed ports (a random base), so a restarted peer comes back at the addresses the clients
 * know: with ephemeral ports a client whose every known address went stale cannot find the
 * ring again (see the jobs section of benchmarks/README.md).
 */
async function testnet4 (t: { teardown: (fn: () => Promise<void>) => void }): Promise<Testnet> {
  const basePort = 20_000 + Math.floor(Math.random() * 13_000) * 3
  const testnet = await startTestnet({ peers: 4, basePort, childStderr: 'ignore', control: false, startTimeoutMs: 120_000, consistentTimeoutMs: 300_000 })
  t.teardown(async () => { await testnet.stop() })
  return testnet
}

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
