/**
 * `npm run bench:capacity`: jobs completed per second against the number of peers N.
 *
 * For each N a fresh testnet (OS processes; --in-process-sizes: all peers inside this process)
 * runs the jobs workload (jobs/): J jobs of k SHA-256 iterations, W workers each entering the
 * ring through a different peer, the checker judging the run. Reported per N: jobs/s, jobs that
 * failed or missed the deadline (the knee: where they start to), runs more than once, stale
 * writes (must be 0), the time to start the ring.
 *
 *   npm run bench:capacity                                  # N = 1, 2, 4, 8, 16, 32
 *   npm run bench:capacity -- --quick                       # N = 1, 2, 4 with 60 jobs (smoke)
 *   npm run bench:capacity -- --sizes 4,8 --in-process-sizes 64 --jobs 300 --deadline-s 120
 *   npm run bench:capacity -- --sizes 2,4 --merge    # re-measure some N, keep the other rows
 *
 * Writes benchmarks/results/capacity.json and capacity.svg (quick runs: results/quick/).
 */
import { loadavg } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { describeReport } from '../jobs/checker.ts'
import { runJobsOnRing } from '../jobs/network.ts'
import { startTestnet } from '../testnet/index.ts'
import { benchFlags, endProgress, machine, printTable, progress, resultsDir, writeResults } from './lib/report.ts'
import { lineChart } from './lib/svg.ts'

const flags = benchFlags()
/** Other work on this machine changes every figure: recorded with the results. */
const loadAtStart = loadavg()
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: 'boolean' },
    seed: { type: 'string' },
    sizes: { type: 'string' },
    'in-process-sizes': { type: 'string' },
    jobs: { type: 'string' },
    workers: { type: 'string' },
    k: { type: 'string' },
    'deadline-s': { type: 'string' },
    merge: { type: 'boolean' }
  },
  strict: true
})
const list = (v: string | undefined, d: number[]): number[] => (v === undefined ? d : v === '' ? [] : v.split(',').map(Number))
const sizes = list(values.sizes, flags.quick ? [1, 2, 4] : [1, 2, 4, 8, 16, 32])
const inProcessSizes = list(values['in-process-sizes'], [])
const J = Number(values.jobs ?? (flags.quick ? 60 : 300))
const W = Number(values.workers ?? 8)
const K = Number(values.k ?? 10_000)
const deadlineMs = Number(values['deadline-s'] ?? (flags.quick ? 120 : 180)) * 1000

interface Row {
  readonly peers: number
  readonly inProcess: boolean
  readonly jobs: number
  readonly completed: number
  readonly failed: number
  readonly jobsPerSecond: number
  readonly seconds: number
  readonly startSeconds: number
  readonly runMoreThanOnce: number
  readonly staleWrites: number
  readonly failures?: Record<string, number>
  readonly error?: string
}

const rows: Row[] = []
for (const [n, inProcess] of [...sizes.map(n => [n, false] as const), ...inProcessSizes.map(n => [n, true] as const)]) {
  const started = performance.now()
  progress(`N = ${n}${inProcess ? ' (in-process)' : ''}: starting the testnet`)
  let testnet
  try {
    testnet = await startTestnet({ peers: n, inProcess, childStderr: 'ignore', control: false, replicas: Math.min(3, n), consistentTimeoutMs: 300_000, startTimeoutMs: 120_000 })
  } catch (err) {
    endProgress()
    rows.push({ peers: n, inProcess, jobs: J, completed: 0, failed: J, jobsPerSecond: 0, seconds: 0, startSeconds: (performance.now() - started) / 1000, runMoreThanOnce: 0, staleWrites: 0, error: `the testnet did not start: ${(err as Error).message.slice(0, 300)}` })
    continue
  }
  const startSeconds = (performance.now() - started) / 1000
  try {
    const result = await runJobsOnRing({
      peers: testnet.peers.map(p => p.multiaddrs),
      jobs: J,
      workers: W,
      k: K,
      deadlineMs,
      onProgress: (done, total) => { progress(`N = ${n}: ${done}/${total} jobs`) }
    })
    endProgress()
    console.error(`N = ${n}: ${describeReport(result.report, 5)}`)
    const failures: Record<string, number> = {}
    for (const f of result.report.failures) for (const r of f.reasons) failures[r] = (failures[r] ?? 0) + 1
    rows.push({
      peers: n,
      inProcess,
      jobs: J,
      completed: result.report.completed,
      failed: result.report.failures.length,
      jobsPerSecond: result.report.completed / Math.max(0.001, result.durationMs / 1000),
      seconds: result.durationMs / 1000,
      startSeconds,
      runMoreThanOnce: result.report.runMoreThanOnce,
      staleWrites: result.report.staleWrites.length,
      failures
    })
  } catch (err) {
    endProgress()
    rows.push({ peers: n, inProcess, jobs: J, completed: 0, failed: J, jobsPerSecond: 0, seconds: 0, startSeconds, runMoreThanOnce: 0, staleWrites: 0, error: (err as Error).message.slice(0, 300) })
  } finally {
    await testnet.stop()
  }
}

if (values.merge === true) {
  // Keep the rows of the last run for the N not measured now.
  try {
    const last = JSON.parse(readFileSync(join(resultsDir(), 'capacity.json'), 'utf8')) as { rows?: Row[] }
    for (const old of last.rows ?? []) if (!rows.some(r => r.peers === old.peers && r.inProcess === old.inProcess)) rows.push(old)
    rows.sort((a, b) => Number(a.inProcess) - Number(b.inProcess) || a.peers - b.peers)
  } catch {
    // No earlier results: nothing to merge.
  }
}

printTable(['N', 'mode', 'completed', 'failed', 'jobs/s', 'run s', 'start s', 'run >1', 'stale writes'],
  rows.map(r => [r.peers, r.inProcess ? 'in-process' : 'processes', `${r.completed}/${r.jobs}`, r.failed, r.jobsPerSecond, r.seconds, r.startSeconds, r.runMoreThanOnce, r.staleWrites]))
for (const r of rows) if (r.error !== undefined) console.log(`N = ${r.peers}: ${r.error}`)
const svg = lineChart({
  title: `jobs completed per second vs peers (${J} jobs, ${W} workers, k = ${K})`,
  yLabel: 'jobs completed per second',
  xLabel: 'peers (N)',
  categories: rows.map(r => `${r.peers}${r.inProcess ? '*' : ''}`),
  series: [
    { name: 'jobs/s', values: rows.map(r => r.jobsPerSecond) },
    { name: 'failed or late jobs', values: rows.map(r => r.failed), dashed: true }
  ]
})
const written = writeResults('capacity', { machine: machine(), loadAverage: { atStart: loadAtStart, atEnd: loadavg() }, params: { jobs: J, workers: W, k: K, deadlineMs, sizes, inProcessSizes }, rows }, svg)
console.log(`\nwritten: ${written.join(', ')}`)
process.exitCode = rows.every(r => r.error === undefined && r.staleWrites === 0) ? 0 : 1
