/**
 * The jobs workload on real CASPaxos over a simulated network in virtual time: claims, lease
 * renewal and takeover, fenced stores and the checker, deterministic by seed.
 */
import t from 'tap'
import { seededRandom } from '../../node/transport/clock.ts'
import { simCoordCluster } from '../coord/cluster.ts'
import { describeReport } from '../../jobs/checker.ts'
import { decodeRecord, expectedResult, jobKey } from '../../jobs/record.ts'
import { runJobs, type RunJobsInit } from '../../jobs/run.ts'
import type { JobWorker } from '../../jobs/worker.ts'

const immediate = async (): Promise<void> => {}

function baseRun (seed: number, overrides: Partial<RunJobsInit> = {}, cluster = simCoordCluster(seed, 3)): { run: Promise<Awaited<ReturnType<typeof runJobs>>>, cluster: ReturnType<typeof simCoordCluster> } {
  const producer = cluster.client('producer')
  const clients = new Map<number, ReturnType<typeof cluster.client>>()
  const run = runJobs({
    clock: cluster.clock,
    random: seededRandom(seed),
    runId: `sim${seed}`,
    jobs: 20,
    workers: 3,
    coordFor: i => {
      const c = cluster.client(`w${i}`)
      clients.set(i, c)
      return c
    },
    producerCoord: producer,
    k: 50,
    leaseMs: 1_000,
    deadlineMs: 120_000,
    pause: immediate,
    ...overrides
  })
  return { run, cluster }
}

t.test('every job completes once, with the right result, under its only claim', async t => {
  const { run, cluster } = baseRun(1)
  const result = await cluster.clock.settle(run, 600_000)
  t.equal(result.report.completed, 20, describeReport(result.report))
  t.same(result.report.failures, [])
  t.same(result.report.staleWrites, [], 'no result written with a stale token')
  t.equal(result.report.takenOver, 0, 'no lease ran out: nobody took a job over')
  t.equal(result.workers.reduce((n, w) => n + w.stored, 0), 20, 'each job stored exactly once')
  t.ok(result.storedByWorker.every(n => n > 0), `every worker stored some jobs: ${result.storedByWorker.join(',')}`)
  t.equal(result.completedPerSecond.reduce((a, b) => a + b, 0), 20, 'the per-second series counts every stored result')
})

t.test('a worker killed mid-job loses its lease; another takes the job over and completes it', async t => {
  let victim: JobWorker | undefined
  let victimJob: number | undefined
  const cluster = simCoordCluster(2, 3)
  const { run } = baseRun(2, {
    onWorker: (w, i) => { if (i === 0) victim = w },
    // Worker 0 holds its first job 5 s before storing; 100 ms into that it is killed (and its
    // connection cut), as kill -9 would.
    stallBeforeStoreMs: (worker, job) => {
      if (worker !== 0 || victimJob !== undefined) return 0
      victimJob = job
      cluster.clock.setTimeout(() => { victim?.kill(); cluster.network.crash('client-w0') }, 100)
      return 5_000
    }
  }, cluster)
  const result = await cluster.clock.settle(run, 600_000)
  t.equal(result.report.completed, 20, describeReport(result.report))
  t.same(result.report.staleWrites, [])
  t.ok(result.report.takenOver >= 1, `job 0 was taken over (${result.report.takenOver} takeovers)`)
  t.equal(result.workers[0].killed, true)
  t.equal(result.workers[0].stored, 0, 'the killed worker stored nothing')
  const final = result.history.ops.filter(o => o.job === victimJob && o.type === 'store' && o.outcome === 'ok')
  t.equal(final.length, 1, `job ${victimJob} was stored once`)
  t.not(final[0].worker, result.workers[0].id, 'by another worker')
})

t.test('a worker paused past its lease cannot store its result: the fence rejects it', async t => {
  const { run, cluster } = baseRun(3, {
    jobs: 6,
    workers: 2,
    // Worker 0 stalls 4 leases on every job before storing, renewals stopped: its claim is
    // taken over by worker 1, and its store must be refused when it wakes.
    stallBeforeStoreMs: worker => (worker === 0 ? 4_000 : 0),
    drainMs: 10_000 // the run waits for the slow worker to wake and be refused
  })
  const result = await cluster.clock.settle(run, 600_000)
  t.equal(result.report.completed, 6, describeReport(result.report))
  t.same(result.report.staleWrites, [], 'no result written with a stale token')
  t.ok(result.workers[0].claims >= 1, 'the slow worker did claim jobs')
  t.equal(result.workers[0].stored, 0, 'none of its results committed')
  t.ok(result.workers[0].lost >= 1, `it saw its claims lost (${result.workers[0].lost})`)
  const refused = result.history.ops.filter(o => o.worker === result.workers[0].id && o.type === 'store')
  t.ok(refused.length >= 1 && refused.every(o => o.outcome !== 'ok'), 'its store attempts were refused by the CAS')
  t.ok(result.report.runMoreThanOnce >= 1, `jobs were run more than once (${result.report.runMoreThanOnce}), which is allowed and counted`)
  for (const job of result.jobs) {
    const stored = result.history.ops.find(o => o.job === job.id && o.type === 'store' && o.outcome === 'ok')
    t.ok(stored !== undefined, `job ${job.id} stored`)
  }
  t.equal(expectedResult(result.jobs[0].payload, 50).length, 64)
})

t.test('long jobs keep their lease by renewing: no takeover although a job outlasts the lease', async t => {
  const { run, cluster } = baseRun(4, {
    jobs: 4,
    workers: 2,
    // Each compute slice takes 200 ms of virtual time, so a job outlasts its lease.
    pause: async () => { await new Promise<void>(resolve => { cluster.clock.setTimeout(resolve, 200) }) },
    k: 20_000 // 10 slices of 2,000 iterations, 200 ms of virtual time each: 2 s a job, 2 leases
  })
  const result = await cluster.clock.settle(run, 600_000)
  t.equal(result.report.completed, 4, describeReport(result.report))
  t.equal(result.report.takenOver, 0, 'no takeover: renewals kept every claim alive')
  t.ok(result.history.ops.filter(o => o.type === 'renew' && o.outcome === 'ok').length >= 4, 'claims were renewed')
  t.same(result.report.staleWrites, [])
})

t.test('an acceptor crash during the run: jobs still complete (2 of 3 acceptors are a quorum)', async t => {
  const { run, cluster } = baseRun(5, { jobs: 15 })
  const crash = (async () => {
    await new Promise<void>(resolve => { cluster.clock.setTimeout(resolve, 300) })
    cluster.network.crash(cluster.group.acceptors[2].peerId)
  })()
  const [result] = await cluster.clock.settle(Promise.all([run, crash]), 600_000)
  t.equal(result.report.completed, 15, describeReport(result.report))
  t.same(result.report.staleWrites, [])
})

t.test('without a quorum nothing is counted done: jobs fail with reasons, nothing is faked', async t => {
  const { run, cluster } = baseRun(6, { jobs: 5, deadlineMs: 5_000 })
  const crash = (async () => {
    await new Promise<void>(resolve => { cluster.clock.setTimeout(resolve, 1) })
    cluster.network.crash(cluster.group.acceptors[1].peerId)
    cluster.network.crash(cluster.group.acceptors[2].peerId)
  })()
  const [result] = await cluster.clock.settle(Promise.all([run, crash]), 600_000)
  t.equal(result.report.completed, 0, 'no job can complete without a quorum')
  t.equal(result.report.failures.length, 5)
  t.ok(result.report.failures.every(f => f.reasons.includes('not seen done in time')), describeReport(result.report))
  t.notOk(result.report.ok)
})

t.test('same seed, same run', async t => {
  const a = baseRun(7, { jobs: 8 })
  const ra = await a.cluster.clock.settle(a.run, 600_000)
  const b = baseRun(7, { jobs: 8 })
  const rb = await b.cluster.clock.settle(b.run, 600_000)
  t.same(ra.history.ops.map(o => `${o.worker}:${o.job}:${o.type}:${o.outcome}:${o.completedAt}`), rb.history.ops.map(o => `${o.worker}:${o.job}:${o.type}:${o.outcome}:${o.completedAt}`))
})
