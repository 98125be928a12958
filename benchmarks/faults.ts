/**
 * `npm run bench:faults`: the jobs workload (jobs/) on testnets of OS processes under faults,
 * each scenario checked (every job completed, no result under a stale token) and plotted as
 * throughput over time with its events marked.
 *
 *   peer-kill      J jobs on P peers; every --interval-s a random peer is killed with SIGKILL
 *                  and restarted --down-s later (one down at a time: never more than r − 1)
 *   peer-stop      100 jobs while one peer is stopped gracefully and started again
 *   host-kill      J jobs on 9 peers in 3 zones ("hosts"); a whole host is killed at once and
 *                  restarted, host after host
 *   upgrade        J jobs through a rolling upgrade of every peer to a separate build
 *                  (scripts/build-upgrade.ts --copy: other files, another build id); the last
 *                  10 % of the jobs are submitted once every peer runs the new build
 *
 *   npm run bench:faults                          # J = 1000, P = 8
 *   npm run bench:faults -- --quick               # J = 100, P = 4 (smoke)
 *   npm run bench:faults -- --only peer-kill,upgrade --jobs 500
 *
 * Writes benchmarks/results/faults.json and faults-<scenario>.svg (quick runs: results/quick/).
 * Peers listen on fixed ports (a random base) so that restarted peers come back at the
 * addresses clients know.
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { describeReport } from '../jobs/checker.ts'
import { throughputJson, throughputSvg } from '../jobs/plot.ts'
import { hostFailures, peerFailures, rollingUpgrade, type ScenarioResult } from '../jobs/scenarios.ts'
import { buildUpgrade } from '../scripts/build-upgrade.ts'
import { startTestnet, type Testnet, type TestnetOptions } from '../testnet/index.ts'
import { benchFlags, endProgress, machine, printTable, progress, writeResults, writeSvg } from './lib/report.ts'

const flags = benchFlags()
/** Other work on this machine changes every figure: recorded with the results. */
const loadAtStart = loadavg()
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: 'boolean' },
    seed: { type: 'string' },
    only: { type: 'string' },
    jobs: { type: 'string' },
    peers: { type: 'string' },
    workers: { type: 'string' },
    k: { type: 'string' },
    'interval-s': { type: 'string' },
    'down-s': { type: 'string' }
  },
  strict: true
})

const SCENARIOS = ['peer-kill', 'peer-stop', 'host-kill', 'upgrade'] as const
type Scenario = typeof SCENARIOS[number]
const only = values.only === undefined ? [...SCENARIOS] : values.only.split(',').map(s => s.trim())
for (const s of only) if (!(SCENARIOS as readonly string[]).includes(s)) throw new RangeError(`unknown scenario ${s}; known: ${SCENARIOS.join(', ')}`)
const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v))
const J = num(values.jobs, flags.quick ? 100 : 1000)
const P = num(values.peers, flags.quick ? 4 : 8)
const W = num(values.workers, flags.quick ? 4 : 8)
const K = num(values.k, 10_000)
const intervalMs = num(values['interval-s'], flags.quick ? 4 : 6) * 1000
const downMs = num(values['down-s'], flags.quick ? 2 : 3) * 1000
const deadlineMs = 900_000

interface Row {
  readonly scenario: Scenario
  readonly peers: number
  readonly jobs: number
  readonly completed: number
  readonly staleWrites: number
  readonly runMoreThanOnce: number
  readonly takenOver: number
  readonly seconds: number
  readonly jobsPerSecond: number
  readonly faults: number
  readonly maxDown: number
  readonly extra?: Record<string, unknown>
}

async function withTestnet<T> (options: TestnetOptions, fn: (testnet: Testnet) => Promise<T>): Promise<T> {
  const basePort = 10_000 + Math.floor(Math.random() * 7_000) * 3 // below the ephemeral port range (32768–60999)
  // Generous start deadlines: this machine's 2 cores are shared and its load swings widely.
  const testnet = await startTestnet({ basePort, childStderr: 'ignore', control: false, startTimeoutMs: 120_000, consistentTimeoutMs: 300_000, ...options })
  try {
    return await fn(testnet)
  } finally {
    await testnet.stop()
  }
}

const common = (scenario: string) => ({
  workers: W,
  k: K,
  deadlineMs,
  seed: flags.seed,
  onProgress: (done: number, total: number) => { progress(`${scenario}: ${done}/${total} jobs`) },
  onEvent: (label: string) => { progress(`${scenario}: ${label}`) }
})

async function runScenario (scenario: Scenario): Promise<{ row: Row, run: ScenarioResult }> {
  let run: ScenarioResult
  let peers = P
  let jobs = J
  let extra: Record<string, unknown> | undefined
  switch (scenario) {
    case 'peer-kill':
      run = await withTestnet({ peers }, async tn => await peerFailures(tn, { ...common(scenario), jobs, mode: 'kill', intervalMs, downMs }))
      break
    case 'peer-stop':
      jobs = 100
      run = await withTestnet({ peers }, async tn => await peerFailures(tn, { ...common(scenario), jobs, mode: 'stop', intervalMs: 2_000, downMs, maxFaults: 1 }))
      break
    case 'host-kill':
      peers = flags.quick ? 6 : 9
      run = await withTestnet({ peers, zones: 3 }, async tn => await hostFailures(tn, { ...common(scenario), jobs, intervalMs: intervalMs * 2, downMs }))
      break
    case 'upgrade': {
      const build = buildUpgrade({ mode: 'copy' })
      const up = await withTestnet({ peers }, async tn => await rollingUpgrade(tn, {
        ...common(scenario), jobs, startAfterMs: 2_000, jobsAfterUpgrade: Math.ceil(jobs / 10), upgrade: { entry: build.dir, buildId: build.buildId }
      }))
      extra = { buildId: build.buildId, upgraded: up.upgraded, storedAfterFirstUpgrade: up.storedAfterFirstUpgrade, storedAfterLastUpgrade: up.storedAfterLastUpgrade }
      run = up
      break
    }
  }
  endProgress()
  const r = run.result
  console.error(`${scenario}: ${describeReport(r.report, 10)}`)
  return {
    run,
    row: {
      scenario,
      peers,
      jobs,
      completed: r.report.completed,
      staleWrites: r.report.staleWrites.length,
      runMoreThanOnce: r.report.runMoreThanOnce,
      takenOver: r.report.takenOver,
      seconds: r.durationMs / 1000,
      jobsPerSecond: r.report.completed / Math.max(0.001, r.durationMs / 1000),
      faults: run.events.filter(e => !e.label.startsWith('restart') && !e.label.startsWith('upgrade done')).length,
      maxDown: run.maxDown,
      ...(extra !== undefined ? { extra } : {})
    }
  }
}

const rows: Row[] = []
const runs: Record<string, unknown> = {}
for (const scenario of only as Scenario[]) {
  try {
    const { row, run } = await runScenario(scenario)
    rows.push(row)
    runs[scenario] = throughputJson(run.result, run.events)
    writeSvg(`faults-${scenario}`, throughputSvg(run.result, `jobs under faults: ${scenario} (${row.completed}/${row.jobs} completed, ${row.peers} peers)`, run.events))
    // Partial results after every scenario: a long run stopped early keeps what it measured.
    writeResults('faults', { machine: machine(), loadAverage: { atStart: loadAtStart, atEnd: loadavg() }, params: { jobs: J, peers: P, workers: W, k: K, intervalMs, downMs, deadlineMs, quick: flags.quick }, rows, runs, partial: true })
  } catch (err) {
    endProgress()
    console.error(`${scenario}: failed: ${(err as Error).stack ?? String(err)}`)
    runs[scenario] = { error: String((err as Error).message ?? err).slice(0, 400) }
  }
}

printTable(['scenario', 'peers', 'jobs', 'completed', 'stale writes', 'run >1', 'taken over', 'seconds', 'jobs/s', 'faults', 'max down'],
  rows.map(r => [r.scenario, r.peers, r.jobs, `${r.completed}/${r.jobs}`, r.staleWrites, r.runMoreThanOnce, r.takenOver, r.seconds, r.jobsPerSecond, r.faults, r.maxDown]))
const written = writeResults('faults', { machine: machine(), loadAverage: { atStart: loadAtStart, atEnd: loadavg() }, params: { jobs: J, peers: P, workers: W, k: K, intervalMs, downMs, deadlineMs, quick: flags.quick }, rows, runs })
console.log(`\nwritten: ${written.join(', ')}`)
const failed = rows.filter(r => r.completed !== r.jobs || r.staleWrites > 0).length + (only.length - rows.length)
process.exitCode = failed === 0 ? 0 : 1
