/**
 * The producer: submits the jobs (one register each, created by CAS on version 0, so a run id
 * used twice is refused rather than overwritten) and then watches them, recording when it first
 * saw each one done. "Seen done by the producer within the deadline" is part of the definition
 * of a successfully completed job (checker.ts).
 */
import type { CoordApi } from '../node/coord/api.ts'
import type { Clock, Random } from '../node/transport/types.ts'
import { casRegister } from './cas.ts'
import { decodeRecord, encodeRecord, jobKey, type DoneRecord } from './record.ts'

export interface JobSpec {
  readonly id: number
  readonly payload: string
  readonly k: number
}

/** J jobs with random 16-byte hex payloads. */
export function makeJobs (count: number, k: number, random: Random): JobSpec[] {
  return Array.from({ length: count }, (_, id) => ({
    id,
    k,
    payload: Array.from({ length: 16 }, () => Math.floor(random() * 256).toString(16).padStart(2, '0')).join('')
  }))
}

/** The producer's own view of a job that is done. */
export interface SeenDone {
  /** ms on the run's clock when the producer first read it done. */
  readonly at: number
  readonly record: DoneRecord
}

export interface ProducerInit {
  readonly coord: CoordApi
  readonly clock: Clock
  readonly runId: string
  readonly jobs: readonly JobSpec[]
  /** Registers written at once while submitting (default 8). */
  readonly concurrency?: number
  /** Registers read at once while watching (default 4). */
  readonly watchConcurrency?: number
  /** Pause between two sweeps over the unfinished jobs, ms (default 500). */
  readonly sweepMs?: number
  /** Wait after a failed operation, ms (default 100). */
  readonly retryMs?: number
  /** The workers' hint registers (WorkerInit.hintKey): which jobs to read first. */
  readonly hintKeys?: readonly string[]
  /** Jobs nobody hinted read per sweep (default 8): the producer finds every job without hints too. */
  readonly sweepBatch?: number
  /** Submit the last `jobs` jobs only once `until` resolves (e.g. after an upgrade). */
  readonly holdBack?: { readonly jobs: number, readonly until: Promise<void> }
}

/** The job's register already holds something that is not this producer's job. */
export class JobConflictError extends Error {
  override readonly name = 'JobConflictError'
  readonly code = 'JobConflict'
}

export class Producer {
  /** ms on the clock when each job's submission was acknowledged. */
  readonly submittedAt = new Map<number, number>()
  readonly seenDone = new Map<number, SeenDone>()
  private readonly init: ProducerInit

  constructor (init: ProducerInit) {
    this.init = init
  }

  private async sleep (ms: number): Promise<void> {
    await new Promise<void>(resolve => { this.init.clock.setTimeout(resolve, ms) })
  }

  private async pool (items: readonly JobSpec[], fn: (job: JobSpec) => Promise<void>, signal?: AbortSignal, lanes = this.init.concurrency ?? 8): Promise<void> {
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < items.length && signal?.aborted !== true) await fn(items[next++])
    }
    await Promise.all(Array.from({ length: Math.min(items.length, lanes) }, lane))
  }

  /** Submits every job; resolves when each submission is known to be applied. */
  async submit (signal?: AbortSignal): Promise<void> {
    const held = Math.min(this.init.jobs.length, this.init.holdBack?.jobs ?? 0)
    const first = this.init.jobs.slice(0, this.init.jobs.length - held)
    await this.submitAll(first, signal)
    if (held > 0 && signal?.aborted !== true) {
      const aborted = new Promise<void>(resolve => { signal?.addEventListener('abort', () => { resolve() }, { once: true }) })
      await Promise.race([this.init.holdBack?.until, aborted])
      await this.submitAll(this.init.jobs.slice(this.init.jobs.length - held), signal)
    }
  }

  private async submitAll (jobs: readonly JobSpec[], signal?: AbortSignal): Promise<void> {
    await this.pool(jobs, async job => {
      const key = jobKey(this.init.runId, job.id)
      const value = encodeRecord({ state: 'pending', payload: job.payload, k: job.k })
      const writeId = `producer/${this.init.runId}/${job.id}`
      while (signal?.aborted !== true) {
        const r = await casRegister(this.init.coord, key, value, 0n, writeId)
        if (r.kind === 'ok') break
        if (r.kind === 'mismatch') {
          // Our write may have been applied and the job moved on by a worker since (after an
          // unknown outcome, or when the coordination service retried our put internally after
          // a partial accept): it is ours when the register carries our payload.
          const ours = r.current.value !== null && (() => {
            try { return decodeRecord(r.current.value).payload === job.payload } catch { return false }
          })()
          if (ours) break
          throw new JobConflictError(`${key} already holds another job (version ${r.current.version}): use a new run id`)
        }
        await this.sleep(this.init.retryMs ?? 100)
      }
      if (signal?.aborted !== true) this.submittedAt.set(job.id, this.init.clock.now())
    }, signal)
  }

  /**
   * Watches the jobs not yet seen done until all are, or the clock reaches `deadlineAt`. Each
   * sweep reads the workers' hint registers, then, linearizably, every open job a worker hinted
   * as stored plus a batch of the others in turn (so a job is found even when its worker died
   * before publishing its hint). A hint is only a reason to read: a job counts as seen done when
   * its own register, read linearizably, says so.
   */
  async watch (deadlineAt: number, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
    const { clock, jobs } = this.init
    const byId = new Map(jobs.map(j => [j.id, j]))
    let cursor = 0
    while (this.seenDone.size < jobs.length && clock.now() < deadlineAt && signal?.aborted !== true) {
      const hinted = new Set<number>()
      for (const key of this.init.hintKeys ?? []) {
        try {
          const entry = await this.init.coord.get(key)
          if (entry.value === null) continue
          const ids: unknown = JSON.parse(new TextDecoder().decode(entry.value))
          if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'number' && byId.has(id) && !this.seenDone.has(id)) hinted.add(id)
        } catch {
          // Unreadable or malformed hints: the sweep still finds the jobs.
        }
      }
      const open = jobs.filter(j => !this.seenDone.has(j.id) && this.submittedAt.has(j.id))
      const unhinted = open.filter(j => !hinted.has(j.id))
      const batch = Math.min(unhinted.length, this.init.sweepBatch ?? 8)
      const toRead = [...open.filter(j => hinted.has(j.id)), ...Array.from({ length: batch }, (_, i) => unhinted[(cursor + i) % unhinted.length])]
      cursor += batch
      await this.pool(toRead, async job => {
        if (clock.now() >= deadlineAt) return
        try {
          const entry = await this.init.coord.get(jobKey(this.init.runId, job.id))
          if (entry.value === null) return
          const record = decodeRecord(entry.value)
          if (record.state === 'done' && clock.now() <= deadlineAt && !this.seenDone.has(job.id)) {
            this.seenDone.set(job.id, { at: clock.now(), record })
            onProgress?.(this.seenDone.size, jobs.length)
          }
        } catch {
          // Unreachable, unknown or malformed: look again at the next sweep.
        }
      }, signal, this.init.watchConcurrency ?? 4)
      if (this.seenDone.size < jobs.length) await this.sleep(Math.max(1, Math.min(this.init.sweepMs ?? 500, deadlineAt - clock.now())))
    }
  }
}
