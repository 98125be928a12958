/**
 * The checker of a jobs run. A job is **successfully completed** when all of these hold:
 *   1. stored: the job's register, read linearizably after the run, holds a `done` record;
 *   2. correct: its result equals SHA-256 iterated k times over the payload the producer
 *      submitted, recomputed here (not the payload the record claims);
 *   3. fenced by the latest token: the token the result was written under is the job's latest
 *      claim token: the last entry of the register's append-only claim log, and no lower than
 *      any claim a worker was acknowledged (from the workers' histories);
 *   4. on time: the producer saw the job done within the run's deadline.
 *
 * Independently of success, it counts jobs run more than once (executions by several claims:
 * allowed, reported) and results written with a stale token, which must be 0. A store is
 * stale when it committed (ok in the history) although, before it was invoked, a claim with a
 * higher token had been acknowledged (linearizability orders the two), or when its token is not
 * the token of the result finally stored (two results committed for one job).
 */
import type { CoordEntry } from '../node/coord/api.ts'
import type { History, JobOp } from './history.ts'
import type { JobSpec, SeenDone } from './producer.ts'
import { decodeRecord, expectedResult, type JobRecord } from './record.ts'

export type FailureReason = 'not stored' | 'unreadable' | 'wrong result' | 'not the latest token' | 'not seen done in time'

export interface JobFailure {
  readonly job: number
  readonly reasons: readonly FailureReason[]
  /** Details for a person: the state found, tokens. */
  readonly detail: string
}

export interface StaleWrite {
  readonly job: number
  readonly worker: string
  readonly token: bigint
  readonly why: string
}

export interface CheckReport {
  readonly jobs: number
  readonly completed: number
  readonly failures: readonly JobFailure[]
  /** Jobs whose computation started under more than one claim. */
  readonly runMoreThanOnce: number
  /** Executions in all (≥ jobs completed). */
  readonly executions: number
  /** Jobs claimed more than once (takeovers), from the claim logs. */
  readonly takenOver: number
  readonly staleWrites: readonly StaleWrite[]
  /** Operations whose outcome stayed unknown (info), by type. */
  readonly unknownOps: Readonly<Record<string, number>>
  readonly ok: boolean
}

export interface CheckInput {
  readonly jobs: readonly JobSpec[]
  /** The registers after the run (undefined: could not be read). */
  readonly final: ReadonlyMap<number, CoordEntry | undefined>
  readonly seenDone: ReadonlyMap<number, SeenDone>
  /** The deadline on the run's clock. */
  readonly deadlineAt: number
  readonly history: History
  /** Recompute results (default expectedResult); tests of the checker may count calls. */
  readonly recompute?: (payload: string, k: number) => string
}

export function checkRun (input: CheckInput): CheckReport {
  const recompute = input.recompute ?? expectedResult
  const opsByJob = new Map<number, JobOp[]>()
  for (const op of input.history.ops) {
    const list = opsByJob.get(op.job) ?? []
    list.push(op)
    opsByJob.set(op.job, list)
  }
  const executionsByJob = new Map<number, Set<bigint>>()
  for (const e of input.history.executions) {
    const set = executionsByJob.get(e.job) ?? new Set<bigint>()
    set.add(e.token)
    executionsByJob.set(e.job, set)
  }

  const failures: JobFailure[] = []
  const staleWrites: StaleWrite[] = []
  let takenOver = 0
  for (const job of input.jobs) {
    const reasons: FailureReason[] = []
    const ops = opsByJob.get(job.id) ?? []
    const ackedClaims = ops.filter(o => o.type === 'claim' && o.outcome === 'ok')
    const maxAckedClaim = ackedClaims.reduce((m, o) => (o.token > m ? o.token : m), 0n)
    const entry = input.final.get(job.id)
    let record: JobRecord | undefined
    let detail = ''
    if (entry === undefined) {
      reasons.push('unreadable')
      detail = 'the register could not be read after the run'
    } else if (entry.value === null) {
      reasons.push('not stored')
      detail = `register empty at version ${entry.version}`
    } else {
      try {
        record = decodeRecord(entry.value)
      } catch (err) {
        reasons.push('unreadable')
        detail = (err as Error).message
      }
    }
    if (record !== undefined) {
      if (record.state !== 'pending' && record.claims.length > 1) takenOver++
      if (record.state !== 'done') {
        reasons.push('not stored')
        detail = `state ${record.state} at version ${entry?.version}`
      } else {
        if (record.result !== recompute(job.payload, job.k)) reasons.push('wrong result')
        const lastClaim = record.claims[record.claims.length - 1].token
        const ackedMissing = ackedClaims.filter(o => !record.claims.some(c => c.token === o.token && c.worker === o.worker))
        if (record.token !== lastClaim || record.token < maxAckedClaim || ackedMissing.length > 0) reasons.push('not the latest token')
        detail = `done by ${record.worker} under token ${record.token}; claims ${record.claims.map(c => `${c.token}:${c.worker}`).join(',')}; highest acknowledged claim ${maxAckedClaim}`
      }
    }
    const seen = input.seenDone.get(job.id)
    if (seen === undefined || seen.at > input.deadlineAt) reasons.push('not seen done in time')
    if (reasons.length > 0) failures.push({ job: job.id, reasons, detail })

    // Stale writes, from the history: an acknowledged store under token t invoked after a
    // claim with a higher token had been acknowledged, or not the result finally stored.
    for (const store of ops.filter(o => o.type === 'store' && o.outcome === 'ok')) {
      const newer = ackedClaims.find(c => c.token > store.token && c.completedAt < store.invokedAt)
      if (newer !== undefined) staleWrites.push({ job: job.id, worker: store.worker, token: store.token, why: `claim ${newer.token} by ${newer.worker} was acknowledged before this store began` })
      else if (record?.state === 'done' && record.token !== store.token) staleWrites.push({ job: job.id, worker: store.worker, token: store.token, why: `the stored result is under token ${record.token}` })
    }
  }

  const unknownOps: Record<string, number> = {}
  for (const op of input.history.ops) if (op.outcome === 'info') unknownOps[op.type] = (unknownOps[op.type] ?? 0) + 1
  const runMoreThanOnce = [...executionsByJob.values()].filter(s => s.size > 1).length
  return {
    jobs: input.jobs.length,
    completed: input.jobs.length - failures.length,
    failures,
    runMoreThanOnce,
    executions: input.history.executions.length,
    takenOver,
    staleWrites,
    unknownOps,
    ok: failures.length === 0 && staleWrites.length === 0
  }
}

/** `1000/1000 jobs completed`, or that line followed by what failed and why (at most `limit` lines). */
export function describeReport (report: CheckReport, limit = 20): string {
  const lines = [`${report.completed}/${report.jobs} jobs completed`]
  lines.push(`run more than once: ${report.runMoreThanOnce} (taken over: ${report.takenOver}, executions: ${report.executions}); results written with a stale token: ${report.staleWrites.length}`)
  const unknown = Object.entries(report.unknownOps)
  if (unknown.length > 0) lines.push(`operations with unknown outcome: ${unknown.map(([k, n]) => `${k} ${n}`).join(', ')}`)
  for (const f of report.failures.slice(0, limit)) lines.push(`  job ${f.job}: ${f.reasons.join(', ')}${f.detail === '' ? '' : ` (${f.detail})`}`)
  if (report.failures.length > limit) lines.push(`  … and ${report.failures.length - limit} more`)
  for (const s of report.staleWrites.slice(0, limit)) lines.push(`  stale write: job ${s.job} by ${s.worker} under token ${s.token}: ${s.why}`)
  return lines.join('\n')
}
