/**
 * A job worker: scans the run's job registers, claims a pending job by compare-and-set (the
 * version the claim commits is its fencing token), computes the result while renewing its lease
 * (each renewal is another CAS, so the register's version keeps moving while the holder lives),
 * and stores the result by CAS on the version it last committed: a result can only commit while
 * the claim is still the job's latest.
 *
 * Takeover: a claimed job whose register version this worker has seen unchanged for
 * leaseMs·(1 + ε), measured on its own monotonic clock from the moment it first saw that
 * version, is claimed again (CAS on that version). No clocks are compared across machines: the
 * rule only needs this worker's clock to run no faster than (1 + ε) times the holder's.
 *
 * Every coordination operation goes through casRegister (cas.ts), which never reports an
 * unknown outcome as done, and is recorded in the history for the checker.
 */
import type { CoordApi, CoordEntry } from '../node/coord/api.ts'
import type { Clock, TimerHandle } from '../node/transport/types.ts'
import { casRegister, messageOf, type CasOutcome } from './cas.ts'
import type { History, OpType } from './history.ts'
import { computeResult, decodeRecord, encodeRecord, jobKey, MAX_CLAIMS, type ClaimedRecord, type DoneRecord, type JobRecord } from './record.ts'

/** Most job ids one hint register lists (the newest; 8 KiB of JSON or so). */
export const MAX_HINTED_JOBS = 1_500
/** Default lease of a claim, ms. */
export const DEFAULT_LEASE_MS = 3_000
/** Default ε of the takeover rule. */
export const DEFAULT_EPSILON = 0.5

export interface WorkerInit {
  /** Unique per worker incarnation (at most 64 characters). */
  readonly id: string
  readonly coord: CoordApi
  readonly clock: Clock
  readonly runId: string
  /** Jobs are numbered 0 … jobs − 1. */
  readonly jobs: number
  /** Where in the job list this worker starts scanning (spreads workers over the jobs). */
  readonly startAt?: number
  readonly history: History
  readonly leaseMs?: number
  readonly epsilon?: number
  /** Renewal period, ms (default leaseMs / 3). */
  readonly renewEveryMs?: number
  /** Wait after a pass that found nothing to do, ms (default leaseMs / 4). */
  readonly idleMs?: number
  /** Wait after a failed coordination operation, ms (default 100). */
  readonly retryMs?: number
  /** Yield between compute slices (default: setImmediate, so renewals run during long jobs). */
  readonly pause?: () => Promise<void>
  /** Scan with { stale: true } reads (default false: a peer answers those from what it last committed itself, which can stay behind; claims and stores are CASes either way). */
  readonly staleScans?: boolean
  /**
   * Register where this worker publishes the ids of the jobs it stored (cumulative, at most once
   * per hintEveryMs): a hint that tells the producer which jobs to read, never trusted as proof.
   */
  readonly hintKey?: string
  /** Least time between two hint writes, ms (default 1000). */
  readonly hintEveryMs?: number
  /** Called when this worker's result for a job is committed (ms on the clock). */
  readonly onStored?: (job: number, at: number) => void
  /**
   * Fault injection for tests: stall this long (ms, on the clock) after computing job `job` and
   * before storing, with renewals stopped, as a process paused by a GC or SIGSTOP would.
   */
  readonly stallBeforeStoreMs?: (job: number) => number
}

export interface WorkerSummary {
  readonly id: string
  readonly stored: number
  readonly claims: number
  /** Jobs this worker claimed but lost before storing (its lease passed to another worker). */
  readonly lost: number
  readonly killed: boolean
}

const defaultPause = async (): Promise<void> => { await new Promise<void>(resolve => { setImmediate(resolve) }) }

class Killed extends Error {
  override readonly name = 'Killed'
}

export class JobWorker {
  readonly id: string
  private readonly init: WorkerInit
  private readonly clock: Clock
  private readonly leaseMs: number
  private readonly epsilon: number
  private readonly controller = new AbortController()
  private readonly timers = new Set<TimerHandle>()
  private stored = 0
  private claims = 0
  private lost = 0
  private readonly storedJobs: number[] = []
  private hintsWritten = 0
  private hinting = false

  constructor (init: WorkerInit) {
    if (init.id.length === 0 || init.id.length > 64) throw new RangeError('a worker id is 1 to 64 characters')
    this.init = init
    this.id = init.id
    this.clock = init.clock
    this.leaseMs = init.leaseMs ?? DEFAULT_LEASE_MS
    this.epsilon = init.epsilon ?? DEFAULT_EPSILON
  }

  /** Stops the worker at once, as a crash would: no more operations, no more renewals. */
  kill (): void {
    this.controller.abort(new Killed('worker killed'))
    for (const t of this.timers) this.clock.clearTimeout(t)
    this.timers.clear()
  }

  get killed (): boolean {
    return this.controller.signal.aborted
  }

  /** Works until every job is seen done (or the worker is killed). */
  async run (): Promise<WorkerSummary> {
    const { jobs } = this.init
    const start = ((this.init.startAt ?? 0) % Math.max(1, jobs) + jobs) % Math.max(1, jobs)
    const order = Array.from({ length: jobs }, (_, i) => (start + i) % jobs)
    const doneSeen = new Set<number>()
    /** Claimed jobs of others: the version first seen and when (this worker's clock). */
    const observed = new Map<number, { version: bigint, since: number }>()
    try {
      while (doneSeen.size < jobs && !this.killed) {
        let worked = false
        for (const job of order) {
          if (this.killed) break
          if (doneSeen.has(job)) continue
          const entry = await this.read(job)
          if (entry === undefined) continue
          if (entry.version === 0n) continue // not submitted yet
          const record = this.decode(entry)
          if (record === undefined) {
            doneSeen.add(job) // not a job record: nothing a worker can do with it
            continue
          }
          if (record.state === 'done') {
            doneSeen.add(job)
            observed.delete(job)
            continue
          }
          if (record.state === 'claimed') {
            const seen = observed.get(job)
            const now = this.clock.now()
            if (seen === undefined || seen.version !== entry.version) {
              observed.set(job, { version: entry.version, since: now })
              continue
            }
            if (now - seen.since < record.leaseMs * (1 + this.epsilon)) continue
          }
          observed.delete(job)
          const outcome = await this.claimAndRun(job, entry, record)
          if (outcome === 'done') {
            doneSeen.add(job)
            worked = true
          } else if (typeof outcome === 'object') observed.set(job, { version: outcome.current, since: this.clock.now() })
          else if (outcome !== 'skipped') worked = true
        }
        if (!worked && doneSeen.size < jobs) await this.sleep(this.init.idleMs ?? this.leaseMs / 4)
      }
    } catch (err) {
      if (!(err instanceof Killed) && !this.killed) throw err
    }
    return { id: this.id, stored: this.stored, claims: this.claims, lost: this.lost, killed: this.killed }
  }

  private noteStored (job: number): void {
    this.stored++
    this.storedJobs.push(job)
    this.init.onStored?.(job, this.clock.now())
    if (this.init.hintKey !== undefined && !this.hinting) void this.publishHints(this.init.hintKey)
  }

  /** Writes the stored job ids until the register has them all; one write in flight at a time. */
  private async publishHints (key: string): Promise<void> {
    this.hinting = true
    try {
      while (this.hintsWritten < this.storedJobs.length && !this.killed) {
        const count = this.storedJobs.length
        const value = new TextEncoder().encode(JSON.stringify(this.storedJobs.slice(-MAX_HINTED_JOBS)))
        try {
          await this.init.coord.put(key, value, { writeId: `${this.id}/h${count}` })
          this.hintsWritten = count
        } catch {
          // Best effort: the producer also sweeps the jobs nobody hinted.
        }
        await this.sleep(this.init.hintEveryMs ?? 1_000)
      }
    } catch {
      // killed
    } finally {
      this.hinting = false
    }
  }

  private key (job: number): string {
    return jobKey(this.init.runId, job)
  }

  private async read (job: number): Promise<CoordEntry | undefined> {
    this.checkAlive()
    try {
      // Scans may read a replica's committed state (maybe stale): every decision taken on it is
      // a CAS, which fails on a stale version and answers the current one. A register that
      // looks never written is read again linearizably (a stale copy could hide a submission
      // from this worker for good).
      const stale = this.init.staleScans ?? false
      const entry = await this.init.coord.get(this.key(job), { stale })
      return stale && entry.version === 0n ? await this.init.coord.get(this.key(job)) : entry
    } catch {
      this.checkAlive()
      await this.sleep(this.init.retryMs ?? 100)
      return undefined
    }
  }

  private decode (entry: CoordEntry): JobRecord | undefined {
    if (entry.value === null) return undefined
    try {
      return decodeRecord(entry.value)
    } catch {
      return undefined
    }
  }

  private checkAlive (): void {
    if (this.killed) throw new Killed('worker killed')
  }

  private async sleep (ms: number): Promise<void> {
    this.checkAlive()
    await new Promise<void>(resolve => {
      const t = this.clock.setTimeout(() => { this.timers.delete(t); resolve() }, ms)
      this.timers.add(t)
      this.controller.signal.addEventListener('abort', () => { resolve() }, { once: true })
    })
    this.checkAlive()
  }

  /** A CAS recorded in the history. */
  private async cas (job: number, type: OpType, token: bigint, record: JobRecord, ifVersion: bigint, writeId: string): Promise<CasOutcome> {
    this.checkAlive()
    const invokedAt = this.clock.now()
    let outcome: CasOutcome
    try {
      outcome = await casRegister(this.init.coord, this.key(job), encodeRecord(record), ifVersion, writeId)
    } catch (err) {
      outcome = { kind: 'unknown', reason: messageOf(err) }
    }
    const completedAt = this.clock.now()
    const base = { worker: this.id, job, type, token, invokedAt, completedAt }
    switch (outcome.kind) {
      case 'ok': this.init.history.ops.push({ ...base, outcome: 'ok' }); break
      case 'failed': this.init.history.ops.push({ ...base, outcome: 'fail', reason: outcome.reason }); break
      case 'mismatch': this.init.history.ops.push({ ...base, outcome: outcome.known ? 'fail' : 'info', reason: `register at version ${outcome.current.version}` }); break
      case 'unknown': this.init.history.ops.push({ ...base, outcome: 'info', reason: outcome.reason }); break
    }
    return outcome
  }

  /** Whether `current` is still this worker's claim `token` (an unknown renewal of ours was applied). */
  private stillMine (current: CoordEntry, token: bigint): boolean {
    const record = this.decode(current)
    return record?.state === 'claimed' && record.worker === this.id && record.token === token
  }

  /** 'done', 'lost' (claimed, then lost), 'skipped', or the register's current version when the claim found it elsewhere. */
  private async claimAndRun (job: number, entry: CoordEntry, record: JobRecord): Promise<'done' | 'lost' | 'skipped' | { current: bigint }> {
    if (record.state === 'done') return 'done'
    const token = entry.version + 1n
    const previous = record.state === 'claimed' ? record.claims : []
    if (previous.length >= MAX_CLAIMS) return 'skipped'
    const claimed: ClaimedRecord = {
      state: 'claimed', payload: record.payload, k: record.k, worker: this.id, token,
      leaseMs: this.leaseMs, renewals: 0, claims: [...previous, { token, worker: this.id }]
    }
    const claim = await this.cas(job, 'claim', token, claimed, entry.version, `${this.id}/c${job}/${token}`)
    if (claim.kind === 'mismatch') return this.decode(claim.current)?.state === 'done' ? 'done' : { current: claim.current.version }
    if (claim.kind !== 'ok') {
      await this.sleep(this.init.retryMs ?? 100)
      return 'skipped'
    }
    this.claims++
    this.init.history.executions.push({ worker: this.id, job, token, at: this.clock.now() })

    // From here on this worker holds the claim until a CAS finds the register elsewhere.
    let version = claim.version
    let renewals = 0
    let lost = false
    const jobAbort = new AbortController()
    const onKill = (): void => { jobAbort.abort() }
    this.controller.signal.addEventListener('abort', onKill, { once: true })
    let renewing: Promise<void> = Promise.resolve()
    let renewTimer: TimerHandle | undefined
    let renewalsStopped = false
    const renewEveryMs = this.init.renewEveryMs ?? this.leaseMs / 3
    const renew = async (): Promise<void> => {
      if (lost || this.killed) return
      const next: ClaimedRecord = { ...claimed, renewals: renewals + 1 }
      const r = await this.cas(job, 'renew', token, next, version, `${this.id}/r${job}/${token}/${renewals + 1}`)
      if (r.kind === 'ok') {
        version = r.version
        renewals++
      } else if (r.kind === 'mismatch') {
        if (this.stillMine(r.current, token)) version = r.current.version
        else {
          lost = true
          jobAbort.abort()
        }
      }
      // failed / unknown: try again at the next tick; the lease runs on.
    }
    const schedule = (): void => {
      if (lost || renewalsStopped || this.killed) return
      renewTimer = this.clock.setTimeout(() => {
        this.timers.delete(renewTimer)
        renewing = renewing.then(renew).catch(() => {}).finally(schedule)
      }, renewEveryMs)
      this.timers.add(renewTimer)
    }
    const stopRenewing = async (): Promise<void> => {
      renewalsStopped = true
      if (renewTimer !== undefined) {
        this.clock.clearTimeout(renewTimer)
        this.timers.delete(renewTimer)
      }
      renewTimer = undefined
      await renewing
    }
    schedule()
    try {
      let result: string
      try {
        result = await computeResult(claimed.payload, claimed.k, this.init.pause ?? defaultPause, jobAbort.signal)
      } catch (err) {
        this.checkAlive()
        if (lost) {
          this.lost++
          return 'lost'
        }
        throw err
      }
      await stopRenewing()
      const stallMs = this.init.stallBeforeStoreMs?.(job) ?? 0
      if (stallMs > 0) await this.sleep(stallMs)
      if (lost) {
        this.lost++
        return 'lost'
      }
      const done: DoneRecord = { state: 'done', payload: claimed.payload, k: claimed.k, worker: this.id, token, result, claims: claimed.claims }
      // One writeId for every attempt: a retry after an unknown outcome that was in fact applied
      // finds its own write (register changes are idempotent by writeId).
      const writeId = `${this.id}/s${job}/${token}`
      for (;;) {
        const r = await this.cas(job, 'store', token, done, version, writeId)
        if (r.kind === 'ok') {
          this.noteStored(job)
          return 'done'
        }
        if (r.kind === 'mismatch') {
          if (this.stillMine(r.current, token)) {
            version = r.current.version
            continue
          }
          if (r.current.writeId === writeId) {
            this.noteStored(job)
            return 'done'
          }
          this.lost++
          return this.decode(r.current)?.state === 'done' ? 'done' : 'lost'
        }
        // Not applied or unknown: try again; the CAS keeps a retry from committing after a takeover.
        await this.sleep(this.init.retryMs ?? 100)
      }
    } finally {
      this.controller.signal.removeEventListener('abort', onKill)
      if (renewTimer !== undefined) {
        this.clock.clearTimeout(renewTimer)
        this.timers.delete(renewTimer)
      }
    }
  }
}
