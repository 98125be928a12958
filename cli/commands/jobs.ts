/**
 * `chordkv jobs run`: the jobs workload against a running ring (issue 9). A producer submits
 * J jobs, W workers claim them through the coordination layer and store fenced results, and
 * the checker decides which jobs were successfully completed (README, "Jobs").
 */
import { writeFile } from 'node:fs/promises'
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK, UsageError, UserError } from '../errors.ts'
import { bootstrapOf, ringArgs } from './kv-common.ts'

const usage = `Usage: chordkv jobs run (--testnet FILE | --peer MA…) [options]

Runs the jobs workload: a producer submits J jobs (an id and a random payload each), W
workers claim them by compare-and-set on the coordination layer (the claim's register
version is its fencing token), compute SHA-256 iterated k times over the payload while
renewing their lease, and store the result by compare-and-set on their claim. A worker that
stops renewing loses the job to another after lease·(1+ε). A progress bar runs on stderr;
at the end it prints 'J/J jobs completed' (or what failed and why), writes the per-second
throughput as JSON and plots it as SVG.

A job is successfully completed when its result is stored, equals the value the checker
recomputes, was written under the job's latest claim token, and the producer saw it done
before the deadline. Jobs run more than once are counted (allowed); results written under
a stale token must be 0.

Options:
  --jobs J           jobs to run (default 1000)
  --workers W        workers, each entering the ring through a different peer (default 8)
  --k N              SHA-256 iterations per job (default 10000; more makes jobs cost more CPU)
  --lease-ms MS      lease of a claim (default 3000)
  --deadline S       seconds the run may take (default 600)
  --run-id ID        name of the run's registers (default: a fresh one)
  --out FILE         throughput JSON (default jobs.json)
  --svg FILE         throughput plot (default: --out with .svg)
  --peer MA          multiaddr of a ring member, repeatable
  --testnet FILE     the descriptor of 'chordkv testnet --out FILE'
  --timeout-ms MS    deadline of one request to a peer, in ms (default 5000)
  --json             print the checker's report as one JSON line instead of text
  -h, --help         show this help

Examples:
  chordkv jobs run --testnet testnet.json --jobs 1000 --workers 8
  chordkv jobs run --testnet testnet.json --jobs 100 --k 100000 --out slow.json

Exit codes: 0 every job completed and no stale write, 1 otherwise, 2 usage error.`

const options = {
  peer: { type: 'string', multiple: true },
  testnet: { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  jobs: { type: 'string' },
  workers: { type: 'string' },
  k: { type: 'string' },
  'lease-ms': { type: 'string' },
  deadline: { type: 'string' },
  'run-id': { type: 'string' },
  out: { type: 'string' },
  svg: { type: 'string' }
} as const

/** A progress bar on a TTY, a line every 10 % otherwise. */
function progressBar (): { update: (done: number, total: number) => void, end: () => void } {
  let lastDecile = -1
  const started = performance.now()
  return {
    update: (done, total) => {
      const seconds = (performance.now() - started) / 1000
      if (process.stderr.isTTY) {
        const width = 30
        const filled = Math.round((done / Math.max(1, total)) * width)
        process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} jobs  ${(done / Math.max(0.001, seconds)).toFixed(1)}/s  ${seconds.toFixed(0)} s`)
      } else {
        const decile = Math.floor((done / Math.max(1, total)) * 10)
        if (decile !== lastDecile) {
          lastDecile = decile
          process.stderr.write(`${done}/${total} jobs done after ${seconds.toFixed(1)} s\n`)
        }
      }
    },
    end: () => { if (process.stderr.isTTY) process.stderr.write('\n') }
  }
}

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, options, true)
  if (values.help === true || positionals[0] === 'help') {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  if (positionals[0] !== 'run') throw new UsageError(positionals.length === 0 ? 'missing subcommand: run' : `unknown subcommand ${JSON.stringify(positionals[0])}`)
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`)
  const ring = ringArgs(values)
  const jobs = intOption(values.jobs, 'jobs', 1, 1_000_000) ?? 1000
  const workers = intOption(values.workers, 'workers', 1, 1024) ?? 8
  const k = intOption(values.k, 'k', 1, 100_000_000) ?? 10_000
  const leaseMs = intOption(values['lease-ms'], 'lease-ms', 100, 3_600_000) ?? 3_000
  const deadlineS = intOption(values.deadline, 'deadline', 1, 7 * 24 * 3600) ?? 600
  const { runIdProblem } = await import('../../jobs/record.ts')
  const runId = values['run-id']
  if (runId !== undefined && runIdProblem(runId) !== null) throw new UsageError(runIdProblem(runId) as string)
  const out = values.out ?? 'jobs.json'
  const svg = values.svg ?? (out.endsWith('.json') ? out.slice(0, -5) + '.svg' : out + '.svg')

  // Peer by peer: worker i enters through peer i mod P. --peer addresses count as one peer each.
  const peers: string[][] = ring.peers.map(p => [p])
  if (ring.testnetFile !== undefined) {
    const { readFile } = await import('node:fs/promises')
    let descriptor: { peers?: Array<{ multiaddrs?: unknown } | null> } | null
    try {
      descriptor = JSON.parse(await readFile(ring.testnetFile, 'utf8'))
    } catch (err) {
      throw new UserError(`cannot read the testnet descriptor ${ring.testnetFile}: ${(err as Error).message}`)
    }
    for (const p of Array.isArray(descriptor?.peers) ? descriptor.peers : []) {
      if (Array.isArray(p?.multiaddrs)) peers.push(p.multiaddrs.filter((a): a is string => typeof a === 'string'))
    }
  }
  if (peers.flat().length === 0) await bootstrapOf(ring) // throws the usual one-sentence error

  const { runJobsOnRing } = await import('../../jobs/network.ts')
  const { describeReport } = await import('../../jobs/checker.ts')
  const { throughputJson, throughputSvg } = await import('../../jobs/plot.ts')
  const bar = progressBar()
  bar.update(0, jobs)
  let result
  try {
    result = await runJobsOnRing({
      peers, jobs, workers, k, leaseMs, deadlineMs: deadlineS * 1000,
      ...(runId !== undefined ? { runId } : {}),
      ...(ring.timeoutMs !== undefined ? { timeoutMs: ring.timeoutMs } : {}),
      onProgress: (done, total) => { bar.update(done, total) }
    })
  } catch (err) {
    bar.end()
    throw new UserError(`the jobs run failed: ${(err as Error).message}`)
  }
  bar.end()
  const json = throughputJson(result)
  await writeFile(out, JSON.stringify(json, null, 2) + '\n')
  await writeFile(svg, throughputSvg(result, `chordkv jobs: ${jobs} jobs, ${workers} workers, k = ${k}`))
  if (ring.json) {
    process.stdout.write(JSON.stringify({ ...json, ok: result.report.ok, out, svg }) + '\n')
  } else {
    process.stdout.write(describeReport(result.report) + '\n')
    process.stdout.write(`${(result.durationMs / 1000).toFixed(1)} s, ${(result.report.completed / Math.max(0.001, result.durationMs / 1000)).toFixed(1)} jobs/s; throughput in ${out}, plot in ${svg}\n`)
  }
  return result.report.ok ? EXIT_OK : EXIT_FAILED
}

export const jobs: Command = {
  name: 'jobs',
  summary: 'run the jobs workload (a job queue on the coordination layer) and check it',
  usage,
  run
}
