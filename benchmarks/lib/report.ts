/**
 * Shared plumbing of the benchmarks: flags (--quick, --seed), latency statistics, a progress
 * line on stderr, a plain table on stdout, and results written under benchmarks/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
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

/** Writes benchmarks/results/<name>.json and, when given, <name>.svg; returns their paths. */
export function writeResults (name: string, json: unknown, svg?: string): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const written = [join(RESULTS_DIR, `${name}.json`)]
  writeFileSync(written[0], JSON.stringify(json, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n')
  if (svg !== undefined) {
    written.push(join(RESULTS_DIR, `${name}.svg`))
    writeFileSync(written[1], svg)
  }
  return written
}
