/**
 * A CASPaxos proposer (Rystsov, "CASPaxos: Replicated State Machines without logs", 2018):
 * applies a change function to a register kept by a group of 2F + 1 acceptors.
 *
 *   1. prepare(ballot) to every acceptor; a quorum of promises gives the current state (the
 *      one accepted at the highest ballot, or the empty register);
 *   2. accept(ballot, change(state)) to every acceptor; a quorum of accepts commits it.
 *
 * Conflicts (a higher ballot seen) retry with a higher ballot after a random backoff. Outcomes
 * are reported honestly: Unavailable only when the new state was never sent for acceptance
 * (definitely not applied), Indeterminate when an accept may have reached a quorum.
 * Change functions must be idempotent by writeId (register.ts), because a retry can find the
 * state its own earlier, partly accepted attempt left behind.
 */
import { compareBallots } from './ballot.ts'
import { CoordError, StaleConfigError } from './errors.ts'
import { CoordErrorCode } from './messages.ts'
import type { Ballot, CoordRequest, CoordResponse, GroupConfig, RegisterState } from './messages.ts'
import type { Clock, Codec, PeerAddress, Random, Transport } from '../transport/types.ts'

/** True when every promise names the same accepted ballot, or none accepted anything. */
function quorumAgrees (promises: readonly Promise1[]): boolean {
  const first = promises[0]?.accepted ?? null
  return promises.every(p => p.accepted === null ? first === null : first !== null && compareBallots(p.accepted.ballot, first.ballot) === 0)
}

/** The empty register: never written. */
export const EMPTY_REGISTER: RegisterState = { value: null, version: 0n, writeId: '' }

/** Acceptors of one key at one configuration epoch. */
export interface AcceptorGroup {
  readonly epoch: bigint
  readonly acceptors: readonly PeerAddress[]
}

/**
 * Computes the next state from the current one. Throwing a CoordError aborts the change: the
 * current state is committed unchanged (so the decision was made on a chosen state) and the
 * error is rethrown.
 */
export type ChangeFunction = (current: RegisterState) => RegisterState

export interface ProposerComponents {
  readonly transport: Transport
  readonly clock: Clock
  readonly random: Random
  readonly codec: Codec<CoordRequest, CoordResponse>
  /** Unique id of this proposer (the peer id): the tie-breaker of its ballots. */
  readonly id: string
}

export interface ProposerInit {
  /** Deadline of one request to one acceptor, in ms (default 1000). */
  readonly timeoutMs?: number
  /** Rounds tried before giving up on conflicts (default 30). */
  readonly maxAttempts?: number
  /** Base of the randomized exponential backoff after a conflict, in ms (default 10). */
  readonly backoffMs?: number
}

export interface ProposerStats {
  rounds: number
  conflicts: number
  committed: number
}

type Promise1 = Extract<CoordResponse, { type: 'promise' }>

interface RoundResult<T> {
  readonly good: T[]
  readonly conflicts: Ballot[]
  readonly failures: unknown[]
  /** Configurations named by acceptors that refused the request's epoch. */
  readonly configs: GroupConfig[]
}

export class Proposer {
  readonly stats: ProposerStats = { rounds: 0, conflicts: 0, committed: 0 }
  private readonly transport: Transport
  private readonly clock: Clock
  private readonly random: Random
  private readonly codec: Codec<CoordRequest, CoordResponse>
  private readonly id: string
  private readonly timeoutMs: number
  private readonly maxAttempts: number
  private readonly backoffMs: number
  /** Highest ballot counter used or seen; ballots only go up. */
  private counter = 0n

  constructor (components: ProposerComponents, init: ProposerInit = {}) {
    this.transport = components.transport
    this.clock = components.clock
    this.random = components.random
    this.codec = components.codec
    this.id = components.id
    this.timeoutMs = init.timeoutMs ?? 1000
    this.maxAttempts = init.maxAttempts ?? 30
    this.backoffMs = init.backoffMs ?? 10
  }

  /** Applies `change` to register `key` kept by `group`; resolves with the committed state. */
  async change (key: string, group: AcceptorGroup, change: ChangeFunction): Promise<RegisterState> {
    const n = group.acceptors.length
    if (n === 0) throw new CoordError(CoordErrorCode.Unavailable, `no acceptors for ${JSON.stringify(key)}`)
    const quorum = Math.floor(n / 2) + 1
    let sentAccept = false
    let lastFailure: unknown
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      // Randomized backoff, capped low: an uncapped exponential one lets a proposer that lost a
      // few rounds starve while others keep committing.
      if (attempt > 0) await this.sleep(this.random() * this.backoffMs * 2 ** Math.min(attempt, 4))
      this.stats.rounds++
      const ballot: Ballot = { counter: ++this.counter, proposer: this.id }
      const phase1 = await this.round<Promise1>(group, quorum, { type: 'prepare', key, epoch: group.epoch, ballot }, 'promise')
      if (phase1.good.length < quorum) {
        this.throwIfStale(key, group, phase1.configs, sentAccept)
        if (this.absorbConflicts(phase1.conflicts)) continue
        lastFailure = phase1.failures[0]
        break
      }
      let current = EMPTY_REGISTER
      let highest: Ballot | null = null
      for (const p of phase1.good) {
        if (p.accepted !== null && (highest === null || compareBallots(p.accepted.ballot, highest) > 0)) {
          highest = p.accepted.ballot
          current = p.accepted.state
        }
      }
      let next: RegisterState
      let abort: unknown
      try {
        next = change(current)
      } catch (err) {
        if (!(err instanceof CoordError)) throw err
        // Commit what we read before answering from it, so the refusal is linearizable too.
        abort = err
        next = current
      }
      const identity = next === current
      // Nothing to change, and every promise of the quorum names the same accepted ballot (or
      // none): that state is already chosen on this quorum, and our promises keep any lower
      // ballot from being chosen after it, so it is what a committed identity round would
      // give, without the accept round (reads, refusals and the reconfiguration's rescan,
      // which under write contention would otherwise keep losing its accept round).
      if (identity && quorumAgrees(phase1.good)) {
        this.stats.committed++
        if (abort !== undefined) throw abort
        return current
      }
      if (!identity) sentAccept = true
      const phase2 = await this.round(group, quorum, { type: 'accept', key, epoch: group.epoch, ballot, state: next }, 'accepted')
      if (phase2.good.length >= quorum) {
        this.stats.committed++
        // A change that refuses after an earlier round's accept went out must itself know that
        // accept was not chosen (putChange checks the register's history, else Indeterminate).
        if (abort !== undefined) throw abort
        return next
      }
      this.throwIfStale(key, group, phase2.configs, sentAccept)
      if (this.absorbConflicts(phase2.conflicts)) continue
      lastFailure = phase2.failures[0]
      break
    }
    const why = (lastFailure as Error | undefined)?.message ?? `still conflicting after ${this.maxAttempts} rounds`
    if (sentAccept) throw new CoordError(CoordErrorCode.Indeterminate, `the change of ${JSON.stringify(key)} may or may not have been applied: ${why}`)
    if ((lastFailure as CoordError | undefined)?.code === CoordErrorCode.EpochMismatch) throw lastFailure
    throw new CoordError(CoordErrorCode.Unavailable, `no quorum for ${JSON.stringify(key)}: ${why}`)
  }

  /** A quorum failed and some acceptor is at a newer configuration: the caller must retry there. */
  private throwIfStale (key: string, group: AcceptorGroup, configs: readonly GroupConfig[], sentAccept: boolean): void {
    let newest: GroupConfig | null = null
    for (const c of configs) if (c.epoch > group.epoch && (newest === null || c.epoch > newest.epoch)) newest = c
    if (newest !== null) {
      throw new StaleConfigError(`${JSON.stringify(key)}: the group moved from epoch ${group.epoch} to ${newest.epoch}`, newest, sentAccept)
    }
  }

  /** Moves our counter past every conflicting ballot; true when there was one (retry). */
  private absorbConflicts (conflicts: readonly Ballot[]): boolean {
    if (conflicts.length === 0) return false
    this.stats.conflicts++
    for (const b of conflicts) if (b.counter > this.counter) this.counter = b.counter
    return true
  }

  /**
   * Sends `req` to every acceptor; resolves as soon as a quorum answered `want`, or when a
   * quorum can no longer be reached.
   */
  private async round<T extends CoordResponse> (group: AcceptorGroup, quorum: number, req: CoordRequest, want: T['type']): Promise<RoundResult<T>> {
    const result: RoundResult<T> = { good: [], conflicts: [], failures: [], configs: [] }
    const n = group.acceptors.length
    return await new Promise(resolve => {
      let settled = 0
      let done = false
      const check = (): void => {
        if (done) return
        if (result.good.length >= quorum || result.good.length + (n - settled) < quorum) {
          done = true
          resolve(result)
        }
      }
      for (const acceptor of group.acceptors) {
        this.transport.request(acceptor, this.codec, req, { timeoutMs: this.timeoutMs }).then(res => {
          if (res.type === want) result.good.push(res as T)
          else if (res.type === 'conflict') result.conflicts.push(res.promised)
          else if (res.type === 'status' && res.mismatch) {
            if (res.config !== null) result.configs.push(res.config)
            result.failures.push(new CoordError(CoordErrorCode.EpochMismatch, `acceptor ${acceptor.peerId} is at epoch ${res.config?.epoch ?? 'none'} (or not a member), the request at ${group.epoch}`))
          } else result.failures.push(new CoordError(CoordErrorCode.BadRequest, `unexpected ${res.type}`))
        }, err => {
          result.failures.push(err)
        }).finally(() => {
          settled++
          check()
        })
      }
    })
  }

  private async sleep (ms: number): Promise<void> {
    await new Promise<void>(resolve => this.clock.setTimeout(resolve, ms))
  }
}
