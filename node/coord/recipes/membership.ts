/**
 * Group membership with ephemeral members. Two kinds of register:
 *   `group/<name>`                    {"m":[{"i":"<id>","m":"<base64 meta>","n":"<incarnation>","t":<ttlMs>}, ...]}
 *                                     the member list: changes only on join, leave and removal,
 *                                     so watchers are not woken by heartbeats
 *   `group-hb/<len>:<incarnation>/<name>`  {"h":<heartbeat>,"s":"live|left|removed"}
 *                                     one per join (incarnation = `<clientId>#<n>`, unique), the
 *                                     member's lease: only the member writes it while live
 * A member renews by CAS on its heartbeat register every TTL/3 (no contention between members).
 * A reaper (a member now and then, and a GroupReaper that every peer runs for its groups)
 * remembers when it first saw each heartbeat version on its own monotonic clock; once a version
 * stood still for TTL·(1+ε) it ends the lease by CAS on that very version (s: removed) — which
 * fails if the member renewed meanwhile — and then drops the member from the list by CAS.
 * A member whose renewal finds its register changed under it knows it was removed (lost).
 * A member that renews within TTL is never removed: the CAS on the seen version would fail.
 */
import type { CoordApi, CoordEntry } from '../api.ts'
import { MAX_REGISTER_BYTES } from '../messages.ts'
import type { Clock, TimerHandle } from '../../transport/types.ts'
import {
  DEFAULT_DRIFT_EPSILON, MAX_GROUP_MEMBERS, RENEWALS_PER_TTL, WriteIds, base64, casPut, decodeJson, encodeJson, fromBase64,
  getRetrying, objectDoc, stringField
} from './common.ts'
import type { RecipeContext } from './common.ts'
import { CapacityError, CorruptStateError, MembershipError } from './errors.ts'
import { watchRegister } from './watch.ts'

export const groupKey = (name: string): string => `group/${name}`
export const heartbeatKey = (incarnation: string, name: string): string => `group-hb/${incarnation.length}:${incarnation}/${name}`

interface MemberEntry {
  readonly i: string
  readonly m: string
  readonly n: string
  readonly t: number
}

type HeartbeatState = 'live' | 'left' | 'removed'

export interface Member {
  readonly id: string
  readonly meta: Uint8Array
}

export interface MembersSnapshot {
  /** Version of the group register this snapshot was read at. */
  readonly version: bigint
  readonly members: readonly Member[]
}

export interface Membership {
  readonly group: string
  readonly id: string
  /** Fires when the membership is lost: removed by a reaper, or not renewed within TTL. */
  readonly lost: AbortSignal
  /** Leaves the group; NotMember when it was lost or left before. */
  leave: () => Promise<void>
}

function parseGroup (key: string, value: Uint8Array | null): MemberEntry[] {
  const raw = decodeJson(key, value)
  if (raw === null) return []
  const doc = objectDoc(key, raw)
  if (!Array.isArray(doc.m)) throw new CorruptStateError(key, 'members is not a list')
  return doc.m.map((x: unknown) => {
    const e = objectDoc(key, x)
    if (typeof e.t !== 'number' || !Number.isSafeInteger(e.t) || e.t < 0) throw new CorruptStateError(key, 'bad member ttl')
    return { i: stringField(key, e, 'i'), m: stringField(key, e, 'm'), n: stringField(key, e, 'n'), t: e.t }
  })
}

function parseHeartbeat (key: string, value: Uint8Array | null): { h: number, s: HeartbeatState } | null {
  const raw = decodeJson(key, value)
  if (raw === null) return null
  const doc = objectDoc(key, raw)
  const s = doc.s
  if (typeof doc.h !== 'number' || !Number.isSafeInteger(doc.h) || (s !== 'live' && s !== 'left' && s !== 'removed')) throw new CorruptStateError(key, 'bad heartbeat')
  return { h: doc.h, s }
}

const utf8 = new TextEncoder()

/** The group document, or GroupFull when it would not fit one register. */
function encodeGroup (group: string, members: readonly MemberEntry[]): Uint8Array {
  if (members.length > MAX_GROUP_MEMBERS) throw new CapacityError('GroupFull', `group ${JSON.stringify(group)} has ${MAX_GROUP_MEMBERS} members already`)
  const bytes = utf8.encode(JSON.stringify({ m: members }))
  if (bytes.length > MAX_REGISTER_BYTES) throw new CapacityError('GroupFull', `group ${JSON.stringify(group)} would take ${bytes.length} bytes, more than one register (${MAX_REGISTER_BYTES})`)
  return bytes
}

export function snapshotOf (key: string, entry: CoordEntry): MembersSnapshot {
  return { version: entry.version, members: parseGroup(key, entry.value).map(e => ({ id: e.i, meta: fromBase64(key, e.m) })) }
}

/** Drops the members whose incarnation is in `gone` from the list, by CAS (retried on contention). */
async function dropFromList (api: CoordApi, clock: Clock, writeIds: WriteIds, group: string, gone: ReadonlySet<string>): Promise<void> {
  const key = groupKey(group)
  let entry = await getRetrying(api, clock, key)
  for (let attempt = 0; attempt < 20; attempt++) {
    const members = parseGroup(key, entry.value)
    const keep = members.filter(m => !gone.has(m.n))
    if (keep.length === members.length) return
    const r = await casPut(api, clock, key, encodeGroup(group, keep), entry.version, writeIds.next())
    if (r.ok) return
    entry = r.current
  }
}

export interface GroupReaperInit {
  readonly api: CoordApi
  readonly clock: Clock
  /** Clock-rate allowance (default DEFAULT_DRIFT_EPSILON). */
  readonly epsilon?: number
  /** Prefix of this reaper's write ids (default 'reaper'; a random nonce is added). */
  readonly writerId?: string
  /** Uniform [0, 1) for the write-id nonce (default Math.random). */
  readonly random?: () => number
}

/**
 * Removes members whose heartbeat this reaper saw stand still for TTL·(1+ε) of its own time.
 * Stateful (it must watch a heartbeat stand still), so keep one per process and sweep each
 * group at least every TTL/2 (or `start` it). Safe to run in many places at once.
 * A sweep costs one read of the list and one of each member's heartbeat.
 */
export class GroupReaper {
  private readonly api: CoordApi
  private readonly clock: Clock
  private readonly epsilon: number
  private readonly writeIds: WriteIds
  /** group → incarnation → heartbeat version seen and when it was first seen. */
  private readonly seen = new Map<string, Map<string, { version: bigint, at: number }>>()
  /** group → members listed at the last sweep. */
  private readonly sizes = new Map<string, number>()
  private timer: TimerHandle | undefined
  private running = false

  constructor (init: GroupReaperInit) {
    this.api = init.api
    this.clock = init.clock
    this.epsilon = init.epsilon ?? DEFAULT_DRIFT_EPSILON
    this.writeIds = new WriteIds(init.writerId ?? 'reaper', init.random)
  }

  /** Reads `group` and its heartbeats, removes the members due; answers the ids removed. */
  async sweep (group: string): Promise<string[]> {
    const members = parseGroup(groupKey(group), (await this.api.get(groupKey(group))).value)
    const before = this.seen.get(group) ?? new Map<string, { version: bigint, at: number }>()
    const after = new Map<string, { version: bigint, at: number }>()
    const gone = new Set<string>()
    const removed: string[] = []
    for (const m of members) {
      const key = heartbeatKey(m.n, group)
      // Maybe stale, on purpose: a linearizable read is a CASPaxos round that would pre-empt the
      // member's renewal; a removal is a CAS on the version seen, which fails if it moved.
      const hb = await this.api.get(key, { stale: true })
      const now = this.clock.now()
      const state = parseHeartbeat(key, hb.value)
      if (state !== null && state.s !== 'live') { gone.add(m.n); continue } // ended, but still listed
      const old = before.get(m.n)
      const seen = old !== undefined && old.version === hb.version ? old : { version: hb.version, at: now }
      after.set(m.n, seen)
      if (now < seen.at + m.t * (1 + this.epsilon)) continue
      // Silent for TTL·(1+ε) of our time: end its lease on the very version we saw.
      const r = await casPut(this.api, this.clock, key, encodeJson({ h: state?.h ?? 0, s: 'removed' }), hb.version, this.writeIds.next())
      if (r.ok) {
        gone.add(m.n)
        removed.push(m.i)
      } else {
        after.set(m.n, { version: r.current.version, at: this.clock.now() })
      }
    }
    this.seen.set(group, after)
    this.sizes.set(group, members.length)
    if (gone.size > 0) await dropFromList(this.api, this.clock, this.writeIds, group, gone)
    return removed
  }

  /** Sweeps every group `groups()` names every `intervalMs` until stop(); errors are retried next round. */
  start (groups: () => Iterable<string>, intervalMs = 1000): void {
    if (this.running) return
    this.running = true
    const round = async (): Promise<void> => {
      for (const g of groups()) {
        if (!this.running) return
        await this.sweep(g).catch(() => {})
      }
    }
    const tick = (): void => {
      if (!this.running) return
      void round().finally(() => { if (this.running) this.timer = this.clock.setTimeout(tick, intervalMs) })
    }
    tick()
  }

  stop (): void {
    this.running = false
    this.clock.clearTimeout(this.timer)
  }

  /** Forgets a group's observations (e.g. when this peer no longer serves it). */
  forget (group: string): void {
    this.seen.delete(group)
    this.sizes.delete(group)
  }

  /** Members listed at the last sweep of `group` (undefined before the first). */
  lastSize (group: string): number | undefined {
    return this.sizes.get(group)
  }
}

/**
 * One sweep: `reapExpired(reaper, group)` ≡ `reaper.sweep(group)`. The reaper must be
 * long-lived: it removes a member only after it watched its heartbeat stand still for TTL·(1+ε).
 */
export async function reapExpired (reaper: GroupReaper, group: string): Promise<string[]> {
  return await reaper.sweep(group)
}

export async function joinGroup (ctx: RecipeContext, group: string, id: string, meta: Uint8Array, ttlMs: number): Promise<Membership> {
  const { api, clock } = ctx
  const key = groupKey(group)
  let entry = await getRetrying(api, clock, key)
  if (parseGroup(key, entry.value).some(m => m.i === id)) throw new MembershipError('MemberExists', `${JSON.stringify(id)} is already a member of group ${JSON.stringify(group)}`)
  // The lease first, then the listing: a reaper never sees a listed member without a heartbeat.
  // Incarnations carry a random nonce; one already used (astronomically unlikely) is skipped.
  let incarnation = ''
  let hbKey = ''
  let sentAt = 0
  let hbVersion = -1n
  for (let attempt = 0; attempt < 5 && hbVersion < 0n; attempt++) {
    incarnation = ctx.newOwner()
    hbKey = heartbeatKey(incarnation, group)
    sentAt = clock.now()
    const created = await casPut(api, clock, hbKey, encodeJson({ h: 0, s: 'live' }), 0n, ctx.writeIds.next())
    if (created.ok) hbVersion = created.version
  }
  if (hbVersion < 0n) throw new CorruptStateError(hbKey, 'every fresh incarnation found its heartbeat register written')
  let heartbeat = 0
  let listedWith = 1
  try {
    for (;;) {
      const members = parseGroup(key, entry.value)
      if (members.some(m => m.i === id)) throw new MembershipError('MemberExists', `${JSON.stringify(id)} is already a member of group ${JSON.stringify(group)}`)
      const r = await casPut(api, clock, key, encodeGroup(group, [...members, { i: id, m: base64(meta), n: incarnation, t: ttlMs }]), entry.version, ctx.writeIds.next())
      if (r.ok) { listedWith = members.length + 1; break }
      entry = r.current
    }
  } catch (err) {
    void casPut(api, clock, hbKey, encodeJson({ h: 0, s: 'left' }), hbVersion, ctx.writeIds.next()).catch(() => {})
    throw err
  }
  const reaper = new GroupReaper({ api, clock, epsilon: ctx.epsilon, writerId: `${incarnation}.reap`, random: ctx.random })
  const lost = new AbortController()
  let renewTimer: TimerHandle | undefined
  let lostTimer: TimerHandle | undefined
  let left = false
  let chain: Promise<unknown> = Promise.resolve()
  const markLost = (why: string): void => {
    if (lost.signal.aborted) return
    clock.clearTimeout(renewTimer)
    clock.clearTimeout(lostTimer)
    lost.abort(new MembershipError('NotMember', why))
  }
  const confirmed = (at: number): void => {
    clock.clearTimeout(lostTimer)
    lostTimer = clock.setTimeout(() => { markLost(`not renewed within ${ttlMs} ms`) }, at + ttlMs - clock.now())
  }
  confirmed(sentAt)
  /** One CAS on our heartbeat register (serialized); false when someone else changed it (removed). */
  const writeHeartbeat = async (s: HeartbeatState): Promise<boolean> => {
    const run = async (): Promise<boolean> => {
      const at = clock.now()
      const r = await casPut(api, clock, hbKey, encodeJson({ h: heartbeat + 1, s }), hbVersion, ctx.writeIds.next())
      if (!r.ok) return false
      heartbeat++
      hbVersion = r.version
      if (s === 'live' && !lost.signal.aborted && !left) confirmed(at)
      return true
    }
    const result = chain.then(run, run)
    chain = result.catch(() => {})
    return await result
  }
  let renewals = 0
  let sweeping = false
  const scheduleRenewal = (): void => {
    renewTimer = clock.setTimeout(() => {
      if (lost.signal.aborted || left) return
      writeHeartbeat('live')
        .then(async ok => {
          if (!ok) { markLost('removed from the group (its lease was ended)'); return }
          // Members reap each other too, beside (never in the way of) renewals: every other
          // renewal with probability 1/N, so about one sweep of the group per TTL·2/3 in all
          // (each sweep reads every heartbeat, and reads compete with the renewals).
          const size = reaper.lastSize(group) ?? listedWith
          if (++renewals % 2 === 0 && !sweeping && ctx.random() < 1 / Math.max(1, size)) {
            sweeping = true
            void reaper.sweep(group).catch(() => {}).finally(() => { sweeping = false })
          }
        }, () => {})
        .finally(() => { if (!lost.signal.aborted && !left) scheduleRenewal() })
    }, (ttlMs / RENEWALS_PER_TTL) * (0.9 + 0.1 * ctx.random()))
  }
  scheduleRenewal()
  return {
    group,
    id,
    lost: lost.signal,
    leave: async () => {
      if (left) throw new MembershipError('NotMember', `${JSON.stringify(id)} already left group ${JSON.stringify(group)}`)
      left = true
      clock.clearTimeout(renewTimer)
      clock.clearTimeout(lostTimer)
      const wasLost = lost.signal.aborted
      const ended = wasLost ? false : await writeHeartbeat('left')
      // Drop the listing either way (a removed member may still be listed for a moment).
      await dropFromList(api, clock, ctx.writeIds, group, new Set([incarnation]))
      if (!ended) throw new MembershipError('NotMember', `${JSON.stringify(id)} was no longer a member of group ${JSON.stringify(group)}`)
    }
  }
}

export async function readMembers (api: CoordApi, clock: Clock, group: string): Promise<MembersSnapshot> {
  const key = groupKey(group)
  return snapshotOf(key, await getRetrying(api, clock, key))
}

/** The member list now (first) and at every change, with its version. */
export async function * watchGroup (api: CoordApi, clock: Clock, group: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<MembersSnapshot, void, undefined> {
  const key = groupKey(group)
  const first = await getRetrying(api, clock, key)
  yield snapshotOf(key, first)
  for await (const e of watchRegister(api, clock, key, group, { from: first.version, signal: options.signal })) {
    yield snapshotOf(key, { value: e.value, version: e.version, writeId: '' })
  }
}
