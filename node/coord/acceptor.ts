/**
 * A CASPaxos acceptor: for each register key, the highest ballot promised and the last state
 * accepted. It answers prepare and accept exactly as Rystsov's paper says, and persists its
 * slot (with a storage, e.g. under --data-dir) before answering, so a restarted acceptor never
 * forgets a promise.
 *
 * Group mode (`self` given): the acceptor serves one coordination group and holds that group's
 * configuration (epoch, members). It answers prepare and accept only when the request's epoch
 * is its own and it is a member of that configuration under its own incarnation; otherwise it
 * answers `status` with `mismatch` and its configuration, so the proposer refreshes. It moves
 * to a newer configuration only through `adopt` (a configuration chosen by consensus in the
 * epoch before it, see reconfig.ts). Its incarnation is drawn when its state starts empty, so a
 * peer that lost its data is never counted as the acceptor it used to be.
 *
 * Standalone mode (no `self`): a single fixed configuration at epoch 0 (simulator tests of
 * the proposer and recipes).
 */
import { randomUUID } from 'node:crypto'
import { compareBallots } from './ballot.ts'
import { CoordError } from './errors.ts'
import { CoordErrorCode, MAX_LIST_KEYS } from './messages.ts'
import type { Ballot, CoordRequest, CoordResponse, GroupConfig, RegisterState } from './messages.ts'

export interface AcceptorSlot {
  readonly promised: Ballot | null
  readonly accepted: { readonly ballot: Ballot, readonly state: RegisterState } | null
}

/** Durable acceptor state (storage.ts keeps it in a file). Writes complete before answers. */
export interface AcceptorStorage {
  saveSlot: (key: string, slot: AcceptorSlot) => Promise<void>
  saveConfig: (config: GroupConfig) => Promise<void>
}

export interface AcceptorInit {
  /** This peer's id: group mode (see above). Absent: standalone at epoch 0. */
  readonly self?: string
  /** The incarnation of the state below (absent: a new one, the state is empty). */
  readonly incarnation?: string
  readonly config?: GroupConfig | null
  /** Slots loaded from storage at start. */
  readonly slots?: Iterable<[string, AcceptorSlot]>
  readonly storage?: AcceptorStorage
  /** Shorthand for a storage that only saves slots (standalone mode). */
  readonly persist?: (key: string, slot: AcceptorSlot) => Promise<void> | void
}

const EMPTY: AcceptorSlot = { promised: null, accepted: null }

type KeyedRequest = Extract<CoordRequest, { type: 'prepare' | 'accept' }>
type Status = Extract<CoordResponse, { type: 'status' }>

export class Acceptor {
  readonly incarnation: string
  private readonly self: string | undefined
  private readonly slots: Map<string, AcceptorSlot>
  private readonly storage: AcceptorStorage | undefined
  private current: GroupConfig | null
  /** Per-key chain so two requests for one key never interleave around the persist await. */
  private readonly queues = new Map<string, Promise<unknown>>()
  private configQueue: Promise<unknown> = Promise.resolve()

  constructor (init: AcceptorInit = {}) {
    this.self = init.self
    this.incarnation = init.incarnation ?? randomUUID()
    this.slots = new Map(init.slots ?? [])
    const persist = init.persist
    this.storage = init.storage ?? (persist === undefined ? undefined : { saveSlot: async (key, slot) => { await persist(key, slot) }, saveConfig: async () => {} })
    this.current = init.config ?? null
  }

  /** The slot held for `key` (for tests, state transfer and inspection). */
  slot (key: string): AcceptorSlot {
    return this.slots.get(key) ?? EMPTY
  }

  /** The configuration this acceptor is at (null: none yet). */
  config (): GroupConfig | null {
    return this.current
  }

  /** True when this acceptor is a member of its own configuration under its incarnation. */
  isMember (): boolean {
    if (this.self === undefined) return true
    return this.current?.members.some(m => m.peerId === this.self && m.incarnation === this.incarnation) ?? false
  }

  status (mismatch = false): Status {
    return { type: 'status', config: this.current, incarnation: this.incarnation, mismatch }
  }

  async handle (req: CoordRequest): Promise<CoordResponse> {
    switch (req.type) {
      case 'prepare':
      case 'accept':
        return await this.keyed(req)
      case 'adopt':
        return await this.adopt(req.config)
      case 'status':
        return this.status()
      case 'listKeys':
        return this.listKeys(req.after, req.limit)
      default:
        throw new CoordError(CoordErrorCode.BadRequest, `an acceptor does not serve ${req.type}`)
    }
  }

  /** Moves to `config` when it is newer than the current one; answers the resulting status. */
  async adopt (config: GroupConfig): Promise<Status> {
    if (this.self === undefined) throw new CoordError(CoordErrorCode.BadRequest, 'a standalone acceptor has a fixed configuration')
    const run = this.configQueue.then(async () => {
      if (this.current !== null && config.epoch <= this.current.epoch) return this.status()
      if (this.storage !== undefined) await this.storage.saveConfig(config)
      this.current = config
      return this.status()
    })
    this.configQueue = run.catch(() => {})
    return await run
  }

  private listKeys (after: string, limit: number): CoordResponse {
    const keys = [...this.slots.keys()].filter(k => k > after).sort()
    const n = Math.min(limit, MAX_LIST_KEYS)
    return { type: 'keys', keys: keys.slice(0, n), more: keys.length > n }
  }

  private epochOk (epoch: bigint): boolean {
    if (this.self === undefined) return epoch === 0n
    return this.current !== null && this.current.epoch === epoch && this.isMember()
  }

  private async keyed (req: KeyedRequest): Promise<CoordResponse> {
    if (!this.epochOk(req.epoch)) return this.status(true)
    const before = this.queues.get(req.key) ?? Promise.resolve()
    const run = before.then(async () => {
      // The configuration may have moved on while this request waited for the key.
      if (!this.epochOk(req.epoch)) return this.status(true)
      return await this.step(req)
    })
    const tail = run.catch(() => {})
    this.queues.set(req.key, tail)
    void tail.then(() => { if (this.queues.get(req.key) === tail) this.queues.delete(req.key) })
    return await run
  }

  private async step (req: KeyedRequest): Promise<CoordResponse> {
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
    if (this.storage !== undefined) await this.storage.saveSlot(key, slot)
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
