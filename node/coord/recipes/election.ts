/**
 * Leader election (etcd's campaign / proclaim / resign / leader / observe) on the lock recipe:
 * a campaign is a lock on `elect-lock/<name>`; its fencing token is the leader's term. The
 * leader's value lives in `elect/<name>`:
 *   {"t":"<term>","v":"<base64 value>"|null}    v null: the leader of term t resigned
 * Every write to it is a CAS that first checks that the stored term is not newer than the
 * writer's, so the terms in that register never decrease and a deposed leader's proclaim is
 * refused with StaleTerm.
 */
import type { CoordApi } from '../api.ts'
import type { Clock } from '../../transport/types.ts'
import { MAX_META_BYTES, base64, bigField, casPut, decodeJson, encodeJson, fromBase64, getRetrying, objectDoc, toBytes } from './common.ts'
import type { RecipeContext, WriteIds } from './common.ts'
import { StaleTermError } from './errors.ts'
import { MAX_LOCK_QUEUE } from './common.ts'
import { acquireLock } from './lock.ts'
import type { Held, LockKeys } from './lock.ts'
import { watchRegister } from './watch.ts'

export const ELECTION_LOCK_KEYS: LockKeys = {
  dispenser: name => `elect-lock/${name}`,
  slot: (index, name) => `elect-slot/${index}/${name}`
}

export const leaderKey = (name: string): string => `elect/${name}`

export interface CampaignOptions {
  readonly ttlMs: number
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
}

export interface Leadership {
  readonly name: string
  /** The term: a fencing token, strictly increasing from one leader to the next. */
  readonly term: bigint
  /** Fires when the leadership lease is lost (see Held.lost). */
  readonly lost: AbortSignal
  /** Publishes a new value for this term; StaleTerm once a newer term exists or the lease is lost. */
  proclaim: (value: Uint8Array | string) => Promise<void>
  /** Gives up leadership: clears the value of this term and releases the lease. */
  resign: () => Promise<void>
  /** Linearizable: is this term still the current leadership? */
  check: () => Promise<boolean>
}

export interface LeaderRecord {
  readonly term: bigint
  /** The leader's value; null when the leader of `term` resigned. */
  readonly value: Uint8Array | null
  /** Version of the `elect/<name>` register this was read at. */
  readonly version: bigint
}

export function parseLeader (key: string, value: Uint8Array | null, version: bigint): LeaderRecord | null {
  const raw = decodeJson(key, value)
  if (raw === null) return null
  const doc = objectDoc(key, raw)
  return { term: bigField(key, doc, 't'), value: doc.v === null ? null : fromBase64(key, doc.v), version }
}

/**
 * Writes `value` (null: resigned) for `term` by CAS, refusing with StaleTerm when the register
 * already holds a newer term (or, for a proclaim, when this term already resigned).
 */
async function writeForTerm (api: CoordApi, clock: Clock, writeIds: WriteIds, name: string, term: bigint, value: Uint8Array | null, allowResigned: boolean): Promise<void> {
  const key = leaderKey(name)
  let entry = await getRetrying(api, clock, key)
  for (;;) {
    const current = parseLeader(key, entry.value, entry.version)
    if (current !== null && current.term > term) throw new StaleTermError(`election ${JSON.stringify(name)}: term ${term} was superseded by term ${current.term}`, current.term)
    if (current !== null && current.term === term && current.value === null && !allowResigned) {
      throw new StaleTermError(`election ${JSON.stringify(name)}: term ${term} already resigned`, current.term)
    }
    const doc = { t: term.toString(), v: value === null ? null : base64(value) }
    const r = await casPut(api, clock, key, encodeJson(doc), entry.version, writeIds.next())
    if (r.ok) return
    entry = r.current
  }
}

export async function campaign (ctx: RecipeContext, name: string, value: Uint8Array, options: CampaignOptions): Promise<Leadership> {
  const held: Held = await acquireLock(ctx, ELECTION_LOCK_KEYS, name, options)
  const term = held.token
  try {
    await writeForTerm(ctx.api, ctx.clock, ctx.writeIds, name, term, value, false)
  } catch (err) {
    await held.release().catch(() => {})
    throw err
  }
  const stale = (): StaleTermError => new StaleTermError(`election ${JSON.stringify(name)}: the lease of term ${term} was lost`, term)
  let resigned = false
  return {
    name,
    term,
    lost: held.lost,
    proclaim: async (next: Uint8Array | string) => {
      const bytes = toBytes(next, MAX_META_BYTES, 'election value')
      if (held.lost.aborted || resigned) throw stale()
      await writeForTerm(ctx.api, ctx.clock, ctx.writeIds, name, term, bytes, false)
    },
    resign: async () => {
      if (resigned) throw new StaleTermError(`election ${JSON.stringify(name)}: term ${term} already resigned`, term)
      resigned = true
      let failure: unknown
      try {
        await writeForTerm(ctx.api, ctx.clock, ctx.writeIds, name, term, null, true)
      } catch (err) {
        failure = err
      }
      try {
        await held.release()
      } catch (err) {
        failure ??= new StaleTermError(`election ${JSON.stringify(name)}: term ${term} was lost before resign (${(err as Error).message})`, term)
      }
      if (failure !== undefined) throw failure
    },
    check: async () => await held.check()
  }
}

/**
 * The current leader of `name`, or null: no term yet, the last leader resigned, or its lease
 * has visibly ended. A leader that crashed is reported until its lease is ended by the next
 * campaigner (it holds nothing once its own `lost` fired; fencing covers the gap).
 */
export async function currentLeader (api: CoordApi, clock: Clock, name: string): Promise<LeaderRecord | null> {
  const key = leaderKey(name)
  const entry = await getRetrying(api, clock, key)
  const record = parseLeader(key, entry.value, entry.version)
  if (record === null || record.value === null) return null
  const slotKey = ELECTION_LOCK_KEYS.slot(record.term % BigInt(MAX_LOCK_QUEUE), name)
  const slot = await getRetrying(api, clock, slotKey)
  const doc = decodeJson(slotKey, slot.value)
  if (doc === null) return null
  const s = objectDoc(slotKey, doc)
  return bigField(slotKey, s, 'q') === record.term && s.s === 'h' ? record : null
}

/**
 * The leader record of `name` now and at every change: terms never decrease (the register's
 * CAS guard). Yields the current record first (null when there is none yet).
 */
export async function * observeLeader (api: CoordApi, clock: Clock, name: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<LeaderRecord | null, void, undefined> {
  const key = leaderKey(name)
  const first = await getRetrying(api, clock, key)
  yield parseLeader(key, first.value, first.version)
  for await (const e of watchRegister(api, clock, key, name, { from: first.version, signal: options.signal })) {
    yield parseLeader(key, e.value, e.version)
  }
}
