/**
 * What a jobs run leaves behind: per-second throughput as JSON and an SVG plot of it over time,
 * with events (kill, restart, upgrade step) marked on the time axis.
 */
import { timeSeriesChart } from '../benchmarks/lib/svg.ts'
import type { RunEvent, RunResult } from './run.ts'

export interface ThroughputJson {
  readonly runId: string
  readonly jobs: number
  readonly completed: number
  readonly durationMs: number
  /** Results committed in second i of the run. */
  readonly completedPerSecond: readonly number[]
  /** Jobs the producer first saw done in second i. */
  readonly seenPerSecond: readonly number[]
  readonly events: readonly RunEvent[]
  readonly runMoreThanOnce: number
  readonly takenOver: number
  readonly staleWrites: number
  readonly storedByWorker: readonly number[]
  readonly failures: ReadonlyArray<{ job: number, reasons: readonly string[], detail: string }>
}

export function throughputJson (result: RunResult, events: readonly RunEvent[] = []): ThroughputJson {
  return {
    runId: result.runId,
    jobs: result.report.jobs,
    completed: result.report.completed,
    durationMs: Math.round(result.durationMs),
    completedPerSecond: result.completedPerSecond,
    seenPerSecond: result.seenPerSecond,
    events,
    runMoreThanOnce: result.report.runMoreThanOnce,
    takenOver: result.report.takenOver,
    staleWrites: result.report.staleWrites.length,
    storedByWorker: result.storedByWorker,
    failures: result.report.failures.map(f => ({ job: f.job, reasons: f.reasons, detail: f.detail }))
  }
}

export function throughputSvg (result: RunResult, title: string, events: readonly RunEvent[] = []): string {
  const x = result.completedPerSecond.map((_, i) => i + 0.5)
  return timeSeriesChart({
    title,
    yLabel: 'jobs completed per second',
    xLabel: 'seconds since the start of the run',
    x,
    series: [
      { name: 'results stored/s', values: result.completedPerSecond },
      { name: 'seen by producer/s', values: result.seenPerSecond, dashed: true }
    ],
    events: events.map(e => ({ at: e.atMs / 1000, label: e.label }))
  })
}
