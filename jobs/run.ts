/**
 * One jobs run: a producer submits J jobs, W workers (each with its own CoordApi, e.g. a client
 * connected to a different peer) claim and compute them, the producer watches them finish, and
 * after the run every register is read once more and the checker judges the run.
 *
 * Works on any CoordApi and any Clock: the CLI and the benchmarks run it over the network with
 * the system clock, the tests over a simulated CASPaxos cluster in virtual time.
 */
import type { CoordApi, CoordEntry } from '../node/coord/api.ts'
import type { Clock, Random } from '../node/transport/types.ts'
import { checkRun, type CheckReport } from './checker.ts'
import { newHistory, type History } from './history.ts'
import { makeJobs, Producer, type JobSpec } from './producer.ts'
import { jobKey } from './record.ts'
import { DEFAULT_LEASE_MS, JobWorker, type WorkerSummary } from './worker.ts'

export interface RunEvent {
  /** ms since the run started. */
  readonly atMs: number
  readonly label: string
}

export interface RunJobsInit {
  readonly clock: Clock
  readonly random: Random
  /** Unique per run: part of every register key. */
  readonly runId: string
  readonly jobs: number
  /** Workers; worker i uses coordFor(i). */
  readonly workers: number
  readonly coordFor: (worker: number) => CoordApi
  /** The producer's and checker's CoordApi. */
  readonly producerCoord: CoordApi
  /** SHA-256 iterations per job. */
  readonly k: number
  readonly leaseMs?: number
  readonly epsilon?: number
  /** The run's deadline, ms after its start: jobs the producer has not seen done by then fail. */
  readonly deadlineMs: number
  /** Yield between compute slices (see WorkerInit.pause). */
  readonly pause?: () => Promise<void>
  /** Registers the producer reads or writes at once. */
  readonly producerConcurrency?: number
  readonly sweepMs?: number
  readonly retryMs?: number
  /** Submit the last `jobs` jobs only once `until` resolves. */
  readonly holdBack?: { readonly jobs: number, readonly until: Promise<void> }
  /**
   * After the producer has seen every job done (or the deadline passed), how long workers may
   * take to notice and stop on their own before they are killed, ms (default 2 leases).
   */
  readonly drainMs?: number
  readonly onProgress?: (done: number, total: number) => void
  /** Called with each worker once it is created (fault injection can kill it). */
  readonly onWorker?: (worker: JobWorker, index: number) => void
  /** Per-worker options for tests (e.g. stalls). */
  readonly stallBeforeStoreMs?: (worker: number, job: number) => number
}

export interface RunResult {
  readonly runId: string
  /** The clock's time when the run started (event times are relative to it). */
  readonly startedAt: number
  readonly jobs: readonly JobSpec[]
  readonly report: CheckReport
  readonly history: History
  readonly workers: readonly WorkerSummary[]
  /** ms from the start until the producer saw the last job done (or the deadline). */
  readonly durationMs: number
  /** Results committed in each second of the run (from the workers' acknowledged stores). */
  readonly completedPerSecond: number[]
  /** Jobs the producer saw done in each second of the run. */
  readonly seenPerSecond: number[]
  /** Jobs stored by each worker index. */
  readonly storedByWorker: number[]
  /** ms since the start at which each result was committed, in order. */
  readonly storedAtMs: number[]
}

/** Counts of `times` (ms since the start) per one-second bucket, over [0, durationMs]. */
export function perSecond (times: readonly number[], durationMs: number): number[] {
  const buckets = new Array<number>(Math.max(1, Math.ceil(durationMs / 1000))).fill(0)
  for (const t of times) {
    const i = Math.min(buckets.length - 1, Math.max(0, Math.floor(t / 1000)))
    buckets[i]++
  }
  return buckets
}

export async function runJobs (init: RunJobsInit): Promise<RunResult> {
  const { clock } = init
  const t0 = clock.now()
  const jobs = makeJobs(init.jobs, init.k, init.random)
  const history = newHistory()
  const storedAt: number[] = []
  const storedByWorker = new Array<number>(init.workers).fill(0)
  const workerIds = Array.from({ length: init.workers }, (_, i) => `w${i}-${init.runId}`.slice(0, 64))
  const hintKey = (i: number): string => `jobs/${init.runId}/hints/${i}`
  const producer = new Producer({ coord: init.producerCoord, clock, runId: init.runId, jobs, concurrency: init.producerConcurrency, sweepMs: init.sweepMs, retryMs: init.retryMs, holdBack: init.holdBack, hintKeys: workerIds.map((_, i) => hintKey(i)) })
  const workers = Array.from({ length: init.workers }, (_, i) => new JobWorker({
    id: workerIds[i],
    hintKey: hintKey(i),
    coord: init.coordFor(i),
    clock,
    runId: init.runId,
    jobs: init.jobs,
    startAt: Math.floor((i * init.jobs) / init.workers),
    history,
    leaseMs: init.leaseMs,
    epsilon: init.epsilon,
    retryMs: init.retryMs,
    pause: init.pause,
    onStored: (_job, at) => { storedAt.push(at - t0); storedByWorker[i]++ },
    stallBeforeStoreMs: init.stallBeforeStoreMs === undefined ? undefined : job => init.stallBeforeStoreMs?.(i, job) ?? 0
  }))
  workers.forEach((w, i) => init.onWorker?.(w, i))
  const deadlineAt = t0 + init.deadlineMs
  const running = workers.map(async w => await w.run())
  const stopSubmitting = new AbortController()
  const submitting = producer.submit(stopSubmitting.signal)
  let durationMs: number
  try {
    await Promise.all([
      producer.watch(deadlineAt, init.onProgress, stopSubmitting.signal).finally(() => { stopSubmitting.abort() }),
      // A submission that fails (e.g. the run id is taken) ends the run at once.
      submitting.catch(err => { stopSubmitting.abort(); throw err })
    ])
    durationMs = clock.now() - t0
  } catch (err) {
    stopSubmitting.abort()
    for (const w of workers) w.kill()
    await Promise.allSettled(running)
    throw err
  }
  let drained = false
  const all = Promise.all(running).finally(() => { drained = true })
  const drainTimer = clock.setTimeout(() => { for (const w of workers) w.kill() }, init.drainMs ?? 2 * (init.leaseMs ?? DEFAULT_LEASE_MS))
  const summaries = await all
  if (drained) clock.clearTimeout(drainTimer)

  // The final state of every register, read linearizably (retried: a fault may still be healing).
  const final = new Map<number, CoordEntry | undefined>()
  let next = 0
  await Promise.all(Array.from({ length: Math.min(jobs.length, init.producerConcurrency ?? 8) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]
      let entry: CoordEntry | undefined
      for (let attempt = 0; attempt < 5 && entry === undefined; attempt++) {
        try {
          entry = await init.producerCoord.get(jobKey(init.runId, job.id))
        } catch {
          await new Promise<void>(resolve => { clock.setTimeout(resolve, init.retryMs ?? 200) })
        }
      }
      final.set(job.id, entry)
    }
  }))
  const seen = new Map([...producer.seenDone].map(([id, s]) => [id, { ...s, at: s.at - t0 }]))
  const report = checkRun({ jobs, final, seenDone: seen, deadlineAt: init.deadlineMs, history })
  return {
    runId: init.runId,
    startedAt: t0,
    jobs,
    report,
    history,
    workers: summaries,
    durationMs,
    completedPerSecond: perSecond(storedAt, durationMs),
    seenPerSecond: perSecond([...seen.values()].map(s => s.at), durationMs),
    storedByWorker,
    storedAtMs: [...storedAt].sort((a, b) => a - b)
  }
}
