/**
 * `npm run bench:all`: every benchmark in turn, each as its own process (a crash or a leaked
 * timer in one cannot affect the next), with a summary of exit codes and wall times at the end.
 *
 *   npm run bench:all -- --quick          # the CI smoke: every benchmark's quick mode, < 3 minutes
 *   npm run bench:all                     # full runs (tens of minutes)
 *   npm run bench:all -- --quick --only balance,movement --seed 7
 *
 * --quick and --seed are passed on. Results go where each benchmark writes them
 * (benchmarks/results/quick/ for quick runs, or $CHORDKV_BENCH_RESULTS); the summary is also
 * written there as all.json. Exit code: 0 when every benchmark exited 0, 1 otherwise, 2 on a
 * bad --only.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { benchFlags, machine, printTable, writeResults } from './lib/report.ts'

const here = dirname(fileURLToPath(import.meta.url))

/** The benchmarks, cheapest first; optional ones run only when their file exists. */
const BENCHMARKS: ReadonlyArray<{ readonly name: string, readonly optional?: boolean }> = [
  { name: 'balance' },
  { name: 'movement' },
  { name: 'hops' },
  { name: 'kv' },
  { name: 'churn' },
  { name: 'coord' },
  { name: 'kad' },
  { name: 'memcached', optional: true }
]

const flags = benchFlags()
const { values } = parseArgs({ args: process.argv.slice(2), options: { only: { type: 'string' } }, strict: false })
const only = typeof values.only === 'string' ? values.only.split(',').map(s => s.trim()).filter(s => s !== '') : undefined
const unknown = (only ?? []).filter(name => !BENCHMARKS.some(b => b.name === name))
if (unknown.length > 0) {
  console.error(`bench:all: unknown benchmark ${unknown.join(', ')}; expected some of ${BENCHMARKS.map(b => b.name).join(', ')}`)
  process.exit(2)
}

const passOn = [...(flags.quick ? ['--quick'] : []), '--seed', String(flags.seed)]
const runs: Array<{ name: string, exitCode: number | null, signal: string | null, seconds: number, skipped?: string }> = []
const started = performance.now()
for (const bench of BENCHMARKS) {
  if (only !== undefined && !only.includes(bench.name)) continue
  const file = join(here, `${bench.name}.ts`)
  if (!existsSync(file)) {
    if (bench.optional === true) runs.push({ name: bench.name, exitCode: null, signal: null, seconds: 0, skipped: 'not present' })
    else runs.push({ name: bench.name, exitCode: 1, signal: null, seconds: 0, skipped: `${file} is missing` })
    continue
  }
  console.log(`\n=== bench:${bench.name}${flags.quick ? ' --quick' : ''} ===`)
  const t0 = performance.now()
  const child = spawn(process.execPath, [file, ...passOn], { stdio: 'inherit' })
  const [exitCode, signal] = await new Promise<[number | null, string | null]>(resolve => {
    child.once('exit', (code, sig) => { resolve([code, sig]) })
    child.once('error', () => { resolve([1, null]) })
  })
  runs.push({ name: bench.name, exitCode, signal, seconds: (performance.now() - t0) / 1000 })
}

const totalSeconds = (performance.now() - started) / 1000
console.log('\n=== bench:all summary ===')
printTable(['benchmark', 'exit', 'seconds'], runs.map(r => [r.name, r.skipped ?? (r.signal ?? String(r.exitCode)), r.seconds]))
console.log(`total ${totalSeconds.toFixed(1)} s`)
writeResults('all', { benchmark: 'all', quick: flags.quick, seed: flags.seed, machine: machine(), totalSeconds, runs })
const failed = runs.filter(r => r.exitCode !== 0 && !(r.skipped !== undefined && r.exitCode === null))
process.exit(failed.length === 0 ? 0 : 1)
