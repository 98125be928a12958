/**
 * Shared plumbing of the benchmarks: flags (--quick, --seed), latency statistics, a progress
 * line on stderr, a plain table on stdout, and results written under benchmarks/results/
 * (benchmarks/results/quick/ for --quick runs; see resultsDir).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'results')

export interface BenchFlags {
  readonly quick: boolean
  readonly seed: number
}

export function benchFlags (argv: readonly string[] = process.argv.slice(2)): BenchFlags {
  const { values } = parseArgs({ args: [...argv], options: { quick: { type: 'boolean' }, seed: { type: 'string' } }, strict: false })
  return { quick: values.quick === true, seed: Number(values.seed ?? 1) }
}

/** The q-quantile (0..1) of a sample, by nearest rank; NaN when empty. */
export function quantile (sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]
}

export function latencySummary (samplesMs: number[]): { p50: number, p99: number, mean: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b)
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), mean }
}

/** A progress line rewritten in place on a TTY, plain lines otherwise. */
export function progress (message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`)
  else process.stderr.write(message + '\n')
}

export function endProgress (): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
}

/** Prints rows as an aligned plain-text table. */
export function printTable (headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): void {
  const cells = [headers.map(String), ...rows.map(r => r.map(v => (typeof v === 'number' ? formatNumber(v) : String(v))))]
  const widths = headers.map((_, i) => Math.max(...cells.map(r => r[i]?.length ?? 0)))
  for (const [k, r] of cells.entries()) {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    if (k === 0) console.log(widths.map(w => '-'.repeat(w)).join('  '))
  }
}

export function formatNumber (v: number): string {
  if (!Number.isFinite(v)) return '-'
  if (Number.isInteger(v)) return String(v)
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3)
}

/**
 * Where results go: $CHORDKV_BENCH_RESULTS when set (the smoke test points it at a temporary
 * directory); otherwise benchmarks/results/quick/ for --quick runs, so a smoke run never
 * overwrites the checked-in figures of a full run; otherwise benchmarks/results/.
 */
export function resultsDir (argv: readonly string[] = process.argv.slice(2)): string {
  const override = process.env.CHORDKV_BENCH_RESULTS
  if (override !== undefined && override !== '') return resolve(override)
  return benchFlags(argv).quick ? join(RESULTS_DIR, 'quick') : RESULTS_DIR
}

/** Writes <results>/<name>.json and, when given, <name>.svg (see resultsDir); returns their paths. */
export function writeResults (name: string, json: unknown, svg?: string): string[] {
  const dir = resultsDir()
  mkdirSync(dir, { recursive: true })
  const written = [join(dir, `${name}.json`)]
  writeFileSync(written[0], JSON.stringify(json, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n')
  if (svg !== undefined) written.push(writeSvg(name, svg))
  return written
}

/** Writes one more figure, <results>/<name>.svg; returns its path. */
export function writeSvg (name: string, svg: string): string {
  const dir = resultsDir()
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.svg`)
  writeFileSync(path, svg)
  return path
}

/** Mean, median, 99th percentile, min and max of a sample (nearest rank); NaN when empty. */
export function distribution (values: readonly number[]): { mean: number, p50: number, p99: number, min: number, max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = sorted.length === 0 ? NaN : sorted.reduce((a, b) => a + b, 0) / sorted.length
  return { mean, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN }
}

/** Machine facts recorded with every result: timings depend on them. */
export function machine (): { cpus: number, node: string, platform: string } {
  return { cpus: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` }
}
