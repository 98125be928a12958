/**
 * What workers record of their coordination operations, Jepsen-style: every claim, renewal and
 * store with its outcome (`ok` applied, `fail` not applied, `info` unknown) and when it was
 * invoked and completed on the worker's clock. The checker judges the run from these and from
 * the registers' final state, independently of what the workers believed.
 */

export type OpType = 'claim' | 'renew' | 'store'
export type OpOutcome = 'ok' | 'fail' | 'info'

export interface JobOp {
  readonly worker: string
  readonly job: number
  readonly type: OpType
  readonly outcome: OpOutcome
  /** The fencing token the operation ran under (a claim: the token it asked for). */
  readonly token: bigint
  /** ms on the run's clock. */
  readonly invokedAt: number
  readonly completedAt: number
  /** For `fail`/`info`: why. */
  readonly reason?: string
}

/** A worker started computing job `job` under `token` (counts executions). */
export interface JobExecution {
  readonly worker: string
  readonly job: number
  readonly token: bigint
  readonly at: number
}

export interface History {
  readonly ops: JobOp[]
  readonly executions: JobExecution[]
}

export function newHistory (): History {
  return { ops: [], executions: [] }
}
