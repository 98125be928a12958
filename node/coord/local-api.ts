/**
 * CoordApi over an in-process Proposer and one acceptor group: what a peer runs for the
 * clients it serves, and what simulator tests of the recipes run on (real CASPaxos rounds over
 * a simulated network, no stand-in).
 *
 * Watches poll with linearizable reads: a version seen is committed, and the versions before
 * it come from the register's bounded history (a resync when it no longer reaches back).
 */
import { randomUUID } from 'node:crypto'
import type { CoordApi, CoordEntry, CoordGetOptions, CoordPutOptions, CoordWatchOptions, PutResult, WatchBatch } from './api.ts'
import { VersionMismatchError } from './errors.ts'
import type { AcceptorGroup, Proposer } from './proposer.ts'
import { entryOf, eventsAfter, putRegister, readRegister } from './register.ts'
import { MAX_WATCH_EVENTS } from './messages.ts'
import type { Clock } from '../transport/types.ts'

export interface LocalCoordApiInit {
  readonly proposer: Proposer
  /** The group to use now (called per operation, so a reconfiguration is picked up). */
  readonly group: () => AcceptorGroup
  readonly clock: Clock
  /** Poll interval of watches, ms (default 50). */
  readonly watchPollMs?: number
  /** Unique write ids (default crypto.randomUUID). */
  readonly newWriteId?: () => string
}

export class LocalCoordApi implements CoordApi {
  private readonly init: LocalCoordApiInit

  constructor (init: LocalCoordApiInit) {
    this.init = init
  }

  async get (key: string, _options: CoordGetOptions = {}): Promise<CoordEntry> {
    return entryOf(await readRegister(this.init.proposer, key, this.init.group()))
  }

  async put (key: string, value: Uint8Array | null, options: CoordPutOptions = {}): Promise<PutResult> {
    const writeId = options.writeId ?? (this.init.newWriteId ?? randomUUID)()
    try {
      const state = await putRegister(this.init.proposer, key, this.init.group(), value, { writeId, ifVersion: options.ifVersion })
      return { ok: true, version: state.version }
    } catch (err) {
      if (err instanceof VersionMismatchError) return { ok: false, current: entryOf(err.current) }
      throw err
    }
  }

  async watchNext (key: string, after: bigint, options: CoordWatchOptions = {}): Promise<WatchBatch> {
    const deadline = this.init.clock.now() + (options.waitMs ?? 10_000)
    for (;;) {
      options.signal?.throwIfAborted()
      const current = await readRegister(this.init.proposer, key, this.init.group())
      if (current.version > after) return eventsAfter(current, after, MAX_WATCH_EVENTS)
      if (this.init.clock.now() >= deadline) return { events: [], resync: false }
      await new Promise<void>(resolve => this.init.clock.setTimeout(resolve, Math.min(this.init.watchPollMs ?? 50, Math.max(1, deadline - this.init.clock.now()))))
    }
  }
}
