/**
 * The coordination recipes on the CoordApi register interface: keys with versions and
 * watches, configuration documents, locks with fencing tokens, leader election and group
 * membership. `new Coord({ api, clock, clientId })` is what `db.coord` exposes.
 *
 * Register layout (reserved prefixes; docs/coordination-recipes.md):
 *   kv/<key>                 user keys of get/put/delete/watch and config documents
 *   lock/<name>              a lock's ticket dispenser;  lock-slot/<i>/<name>  its tickets
 *   elect-lock/<name>, elect-slot/<i>/<name>  an election's lease (the lock recipe)
 *   elect/<name>             an election's leader record (term, value)
 *   group/<name>             a group's member list
 * Safety never depends on clocks; clocks only decide when a silent lease holder is ended.
 */
import type { CoordApi, PutResult } from '../api.ts'
import { MAX_REGISTER_BYTES } from '../messages.ts'
import type { Clock } from '../../transport/types.ts'
import {
  DEFAULT_DRIFT_EPSILON, MAX_META_BYTES, WriteIds, checkName, nonce, checkTtl, checkVersion, decodeJson, encodeJson, toBytes
} from './common.ts'
import type { RecipeContext } from './common.ts'
import { InvalidInputError } from './errors.ts'
import { campaign, currentLeader, observeLeader } from './election.ts'
import type { CampaignOptions, LeaderRecord, Leadership } from './election.ts'
import { LOCK_KEYS, acquireLock } from './lock.ts'
import type { Held, LockOptions } from './lock.ts'
import { joinGroup, readMembers, watchGroup } from './membership.ts'
import type { Membership, MembersSnapshot } from './membership.ts'
import { watchRegister } from './watch.ts'
import type { WatchEvent } from './watch.ts'

export { FenceGuard } from './fence.ts'
export { GroupReaper, reapExpired } from './membership.ts'
export type { GroupReaperInit, Member, Membership, MembersSnapshot } from './membership.ts'
export type { Held, LockOptions } from './lock.ts'
export type { CampaignOptions, LeaderRecord, Leadership } from './election.ts'
export type { WatchEvent } from './watch.ts'
export * from './errors.ts'
export {
  DEFAULT_DRIFT_EPSILON, MAX_GROUP_MEMBERS, MAX_LOCK_QUEUE, MAX_META_BYTES, MAX_NAME_BYTES, MAX_TTL_MS, MIN_TTL_MS
} from './common.ts'

export interface CoordInit {
  readonly api: CoordApi
  /** Monotonic time and timers (lease renewal and expiry only). */
  readonly clock: Clock
  /** Uniform [0, 1) for renewal jitter (default Math.random). */
  readonly random?: () => number
  /** Id of this client (prefix of its write ids and lease owners, each made unique with a random nonce); ≤ 64 characters. */
  readonly clientId: string
  /** Clock-rate allowance ε (default DEFAULT_DRIFT_EPSILON = 0.1). */
  readonly driftEpsilon?: number
}

export interface KeyEntry {
  /** null: never written, or deleted. */
  readonly value: Uint8Array | null
  /** 0n: never written. */
  readonly version: bigint
}

export interface ConfigEntry<T> {
  /** The parsed document; null when the key holds none. */
  readonly value: T | null
  readonly version: bigint
}

export type ConfigEvent<T> =
  | { readonly type: 'put' | 'resync', readonly value: T | null, readonly version: bigint }
  | { readonly type: 'delete', readonly value: null, readonly version: bigint }

export const userKey = (key: string): string => `kv/${key}`

export class Coord {
  private readonly api: CoordApi
  private readonly clock: Clock
  private readonly random: () => number
  private readonly clientId: string
  private readonly writeIds: WriteIds
  private readonly epsilon: number
  private owners = 0

  constructor (init: CoordInit) {
    if (typeof init.clientId !== 'string' || init.clientId.length === 0 || init.clientId.length > 64 || !init.clientId.isWellFormed() || /[\u0000-\u001f\u007f-\u009f]/.test(init.clientId)) {
      throw new InvalidInputError('InvalidArgument', 'clientId must be 1..64 characters of text without control characters')
    }
    const eps = init.driftEpsilon ?? DEFAULT_DRIFT_EPSILON
    if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0 || eps > 10) throw new InvalidInputError('InvalidArgument', 'driftEpsilon must be a number in [0, 10]')
    this.api = init.api
    this.clock = init.clock
    this.random = init.random ?? Math.random
    this.clientId = init.clientId
    this.writeIds = new WriteIds(init.clientId, this.random)
    this.epsilon = eps
  }

  // ---- keys ----

  /** Linearizable read (or one replica's, maybe stale, with `stale`). */
  async get (key: string, options: { stale?: boolean } = {}): Promise<KeyEntry> {
    const e = await this.api.get(userKey(checkName(key, 'key')), { stale: options.stale === true })
    return { value: e.value, version: e.version }
  }

  /** Writes (null deletes); with ifVersion a compare-and-set whose mismatch is an answer. */
  async put (key: string, value: Uint8Array | string | null, options: { ifVersion?: bigint } = {}): Promise<PutResult> {
    checkName(key, 'key')
    const ifVersion = checkVersion(options.ifVersion, 'ifVersion')
    const bytes = value === null ? null : toBytes(value, MAX_REGISTER_BYTES, 'value')
    return await this.api.put(userKey(key), bytes, { ifVersion, writeId: this.writeIds.next() })
  }

  async delete (key: string, options: { ifVersion?: bigint } = {}): Promise<PutResult> {
    return await this.put(key, null, options)
  }

  /**
   * Events of `key` after version `from` (default: the current version), in order, each once;
   * `resync` with the current value when the versions in between are gone. Ends when `signal` fires.
   */
  watch (key: string, options: { from?: bigint, signal?: AbortSignal } = {}): AsyncIterable<WatchEvent> {
    checkName(key, 'key')
    const from = checkVersion(options.from, 'from')
    return watchRegister(this.api, this.clock, userKey(key), key, { from, signal: options.signal })
  }

  // ---- configuration documents (one JSON document per key) ----

  async getConfig<T = unknown> (key: string): Promise<ConfigEntry<T>> {
    const e = await this.get(key)
    return { value: decodeJson(userKey(key), e.value) as T | null, version: e.version }
  }

  /** Replaces the document (compare-and-set with ifVersion: read, change, write back). */
  async setConfig (key: string, doc: unknown, options: { ifVersion?: bigint } = {}): Promise<PutResult> {
    checkName(key, 'key')
    let bytes: Uint8Array
    try {
      bytes = encodeJson(doc)
    } catch (err) {
      throw new InvalidInputError('TooLarge', (err as Error).message)
    }
    return await this.put(key, bytes, options)
  }

  /** The document at every change after `from`; a value that is not JSON ends the iteration with Corrupt. */
  async * watchConfig<T = unknown> (key: string, options: { from?: bigint, signal?: AbortSignal } = {}): AsyncGenerator<ConfigEvent<T>, void, undefined> {
    for await (const e of this.watch(key, options)) {
      if (e.type === 'delete') yield { type: 'delete', value: null, version: e.version }
      else yield { type: e.type, value: decodeJson(userKey(key), e.value) as T | null, version: e.version }
    }
  }

  // ---- locks ----

  /** Waits for lock `name` (FIFO); the grant renews itself every TTL/3 until release() or lost. */
  async lock (name: string, options: LockOptions): Promise<Held> {
    checkName(name, 'lock name')
    const ttlMs = checkTtl(options?.ttlMs)
    this.checkTimeout(options.timeoutMs)
    return await acquireLock(this.recipeContext(), LOCK_KEYS, name, { ...options, ttlMs })
  }

  // ---- election ----

  async campaign (name: string, value: Uint8Array | string, options: CampaignOptions): Promise<Leadership> {
    checkName(name, 'election name')
    const bytes = toBytes(value, MAX_META_BYTES, 'election value')
    const ttlMs = checkTtl(options?.ttlMs)
    this.checkTimeout(options.timeoutMs)
    return await campaign(this.recipeContext(), name, bytes, { ...options, ttlMs })
  }

  async leader (name: string): Promise<LeaderRecord | null> {
    return await currentLeader(this.api, this.clock, checkName(name, 'election name'))
  }

  observe (name: string, options: { signal?: AbortSignal } = {}): AsyncIterable<LeaderRecord | null> {
    return observeLeader(this.api, this.clock, checkName(name, 'election name'), options)
  }

  // ---- membership ----

  async join (group: string, id: string, meta: Uint8Array | string, options: { ttlMs: number }): Promise<Membership> {
    checkName(group, 'group name')
    checkName(id, 'member id')
    const bytes = toBytes(meta, MAX_META_BYTES, 'member meta')
    const ttlMs = checkTtl(options?.ttlMs)
    return await joinGroup(this.recipeContext(), group, id, bytes, ttlMs)
  }

  async members (group: string): Promise<MembersSnapshot> {
    return await readMembers(this.api, this.clock, checkName(group, 'group name'))
  }

  watchMembers (group: string, options: { signal?: AbortSignal } = {}): AsyncIterable<MembersSnapshot> {
    return watchGroup(this.api, this.clock, checkName(group, 'group name'), options)
  }

  private checkTimeout (timeoutMs: unknown): void {
    if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0)) {
      throw new InvalidInputError('InvalidArgument', 'timeoutMs must be a finite number ≥ 0')
    }
  }

  private recipeContext (): RecipeContext {
    return {
      api: this.api,
      clock: this.clock,
      random: this.random,
      writeIds: this.writeIds,
      epsilon: this.epsilon,
      newOwner: () => `${this.clientId}#${++this.owners}.${nonce(this.random)}`
    }
  }
}
