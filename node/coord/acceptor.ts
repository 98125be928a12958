/**
 * A CASPaxos acceptor: for each register key, the highest ballot promised and the last state
 * accepted. It answers prepare and accept exactly as Rystsov's paper says, and persists its
 * slot (when given a persist hook, e.g. with --data-dir) before answering, so a restarted
 * acceptor never forgets a promise.
 */
import { compareBallots } from './ballot.ts'
import { CoordError } from './errors.ts'
import { CoordErrorCode } from './messages.ts'
import type { Ballot, CoordRequest, CoordResponse, RegisterState } from './messages.ts'

export interface AcceptorSlot {
  readonly promised: Ballot | null
  readonly accepted: { readonly ballot: Ballot, readonly state: RegisterState } | null
}

export interface AcceptorInit {
  /** The configuration epoch this acceptor serves `key` at (a single configuration: 0n). */
  readonly epochOf?: (key: string) => bigint
  /** Called with the new slot before the answer leaves (durability); may be async. */
  readonly persist?: (key: string, slot: AcceptorSlot) => Promise<void> | void
  /** Slots loaded from disk at start. */
  readonly slots?: Iterable<[string, AcceptorSlot]>
}

const EMPTY: AcceptorSlot = { promised: null, accepted: null }

export class Acceptor {
  private readonly slots: Map<string, AcceptorSlot>
  private readonly epochOf: (key: string) => bigint
  private readonly persist: ((key: string, slot: AcceptorSlot) => Promise<void> | void) | undefined
  /** Per-key chain so two requests for one key never interleave around the persist await. */
  private readonly queues = new Map<string, Promise<unknown>>()

  constructor (init: AcceptorInit = {}) {
    this.slots = new Map(init.slots ?? [])
    this.epochOf = init.epochOf ?? (() => 0n)
    this.persist = init.persist
  }

  /** The slot held for `key` (for tests, state transfer and inspection). */
  slot (key: string): AcceptorSlot {
    return this.slots.get(key) ?? EMPTY
  }

  async handle (req: CoordRequest): Promise<CoordResponse> {
    const epoch = this.epochOf(req.key)
    if (req.epoch !== epoch) throw new CoordError(CoordErrorCode.EpochMismatch, `acceptor is at epoch ${epoch}, request at ${req.epoch}`)
    const before = this.queues.get(req.key) ?? Promise.resolve()
    const run = before.then(async () => await this.step(req))
    const tail = run.catch(() => {})
    this.queues.set(req.key, tail)
    void tail.then(() => { if (this.queues.get(req.key) === tail) this.queues.delete(req.key) })
    return await run
  }

  private async step (req: CoordRequest): Promise<CoordResponse> {
    const slot = this.slot(req.key)
    if (req.type === 'prepare') {
      // Rystsov §2.2: promise only above every ballot promised or accepted so far.
      if ((slot.promised !== null && compareBallots(req.ballot, slot.promised) <= 0) ||
          (slot.accepted !== null && compareBallots(req.ballot, slot.accepted.ballot) <= 0)) {
        return { type: 'conflict', promised: maxBallot(slot) }
      }
      const next: AcceptorSlot = { promised: req.ballot, accepted: slot.accepted }
      await this.save(req.key, next)
      return { type: 'promise', accepted: slot.accepted }
    }
    // accept: refuse below the promise or at/below what was accepted.
    if ((slot.promised !== null && compareBallots(req.ballot, slot.promised) < 0) ||
        (slot.accepted !== null && compareBallots(req.ballot, slot.accepted.ballot) <= 0)) {
      return { type: 'conflict', promised: maxBallot(slot) }
    }
    await this.save(req.key, { promised: req.ballot, accepted: { ballot: req.ballot, state: req.state } })
    return { type: 'accepted' }
  }

  private async save (key: string, slot: AcceptorSlot): Promise<void> {
    if (this.persist !== undefined) await this.persist(key, slot)
    this.slots.set(key, slot)
  }
}

function maxBallot (slot: AcceptorSlot): Ballot {
  const a = slot.promised
  const b = slot.accepted?.ballot ?? null
  if (a === null) return b as Ballot
  if (b === null) return a
  return compareBallots(a, b) >= 0 ? a : b
}
