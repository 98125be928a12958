/**
 * Group membership with ephemeral members, in one register per group:
 *   `group/<name>`  {"m":[{"i":"<id>","m":"<base64 meta>","n":"<incarnation>","h":<heartbeat>,"t":<ttlMs>}, ...]}
 * A member renews by CAS every TTL/3, bumping its own heartbeat h. A reaper (any member, or a
 * peer running GroupReaper for every group it knows) remembers when it first saw each member's
 * current heartbeat on its own monotonic clock and removes, by CAS on the version it read, a
 * member whose heartbeat stayed the same for TTL·(1+ε). A member that renews in time is never
 * removed: its renewal changes the version, so the reaper's CAS fails and it looks again.
 * One register keeps the snapshot consistent (one version for the whole list); its size bounds
 * the group (MAX_GROUP_MEMBERS and MAX_REGISTER_BYTES, GroupFull beyond).
 */
import type { CoordApi, CoordEntry } from '../api.ts'
import { MAX_REGISTER_BYTES } from '../messages.ts'
import type { Clock, TimerHandle } from '../../transport/types.ts'
import {
  DEFAULT_DRIFT_EPSILON, MAX_GROUP_MEMBERS, RENEWALS_PER_TTL, WriteIds, base64, casPut, decodeJson, fromBase64,
  getRetrying, objectDoc, stringField
} from './common.ts'
import { CapacityError, CorruptStateError, MembershipError } from './errors.ts'
import { watchRegister } from './watch.ts'

export const groupKey = (name: string): string => `group/${name}`

interface MemberEntry {
  readonly i: string
  readonly m: string
  readonly n: string
  readonly h: number
  readonly t: number
}

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
  /** Leaves the group; NotMember when it was lost before. */
  leave: () => Promise<void>
}

function parseGroup (key: string, value: Uint8Array | null): MemberEntry[] {
  const raw = decodeJson(key, value)
  if (raw === null) return []
  const doc = objectDoc(key, raw)
  if (!Array.isArray(doc.m)) throw new CorruptStateError(key, 'members is not a list')
  return doc.m.map((x: unknown) => {
    const e = objectDoc(key, x)
    if (typeof e.h !== 'number' || !Number.isSafeInteger(e.h) || typeof e.t !== 'number' || !Number.isSafeInteger(e.t)) {
      throw new CorruptStateError(key, 'bad member entry')
    }
    return { i: stringField(key, e, 'i'), m: stringField(key, e, 'm'), n: stringField(key, e, 'n'), h: e.h, t: e.t }
  })
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

export interface GroupReaperInit {
  readonly api: CoordApi
  readonly clock: Clock
  /** Clock-rate allowance (default DEFAULT_DRIFT_EPSILON). */
  readonly epsilon?: number
  /** Prefix of this reaper's write ids (default 'reaper'). */
  readonly writerId?: string
}

/**
 * Removes members whose heartbeat this reaper saw unchanged for TTL·(1+ε) of its own time.
 * Stateful (it must see a heartbeat stay still), so keep one per process and call `sweep`
 * for each group at least every TTL (or `start` it). Safe to run in many places at once.
 */
export class GroupReaper {
  private readonly api: CoordApi
  private readonly clock: Clock
  private readonly epsilon: number
  private readonly writeIds: WriteIds
  /** group → (id + incarnation) → heartbeat seen and when it was first seen. */
  private readonly seen = new Map<string, Map<string, { h: number, at: number }>>()
  private timer: TimerHandle | undefined
  private running = false

  constructor (init: GroupReaperInit) {
    this.api = init.api
    this.clock = init.clock
    this.epsilon = init.epsilon ?? DEFAULT_DRIFT_EPSILON
    this.writeIds = new WriteIds(init.writerId ?? 'reaper')
  }

  /** Records what a read of the group register showed (called by sweep, and by members on each renewal). */
  observe (group: string, entry: CoordEntry): void {
    const now = this.clock.now()
    const members = parseGroup(groupKey(group), entry.value)
    const before = this.seen.get(group) ?? new Map<string, { h: number, at: number }>()
    const after = new Map<string, { h: number, at: number }>()
    for (const m of members) {
      const k = `${m.i}\n${m.n}`
      const old = before.get(k)
      after.set(k, old !== undefined && old.h === m.h ? old : { h: m.h, at: now })
    }
    this.seen.set(group, after)
  }

  /** Ids of members of `entry` this reaper may remove now. */
  private due (group: string, entry: CoordEntry): MemberEntry[] {
    const seen = this.seen.get(group)
    if (seen === undefined) return []
    const now = this.clock.now()
    return parseGroup(groupKey(group), entry.value).filter(m => {
      const s = seen.get(`${m.i}\n${m.n}`)
      return s !== undefined && s.h === m.h && now >= s.at + m.t * (1 + this.epsilon)
    })
  }

  /** Reads `group`, removes the members due, answers their ids (empty when none or on a lost race). */
  async sweep (group: string, entry?: CoordEntry): Promise<string[]> {
    const key = groupKey(group)
    let current = entry ?? await this.api.get(key)
    for (let attempt = 0; attempt < 3; attempt++) {
      this.observe(group, current)
      const due = this.due(group, current)
      if (due.length === 0) return []
      const keep = parseGroup(key, current.value).filter(m => !due.some(d => d.i === m.i && d.n === m.n && d.h === m.h))
      const r = await casPut(this.api, this.clock, key, encodeGroup(group, keep), current.version, this.writeIds.next())
      if (r.ok) {
        this.observe(group, { value: encodeGroup(group, keep), version: r.version, writeId: '' })
        return due.map(d => d.i)
      }
      current = r.current
    }
    return []
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

  /** Forget a group's observations (e.g. when the peer no longer serves it). */
  forget (group: string): void {
    this.seen.delete(group)
  }
}

/**
 * One sweep with a given reaper: `reapExpired(reaper, group)` ≡ `reaper.sweep(group)`. The
 * reaper must be long-lived: a member is removed only after this reaper watched its heartbeat
 * stand still for TTL·(1+ε).
 */
export async function reapExpired (reaper: GroupReaper, group: string): Promise<string[]> {
  return await reaper.sweep(group)
}

export interface MembershipContext {
  readonly api: CoordApi
  readonly clock: Clock
  readonly random: () => number
  readonly writeIds: WriteIds
  readonly epsilon: number
  readonly newOwner: () => string
}

export async function joinGroup (ctx: MembershipContext, group: string, id: string, meta: Uint8Array, ttlMs: number): Promise<Membership> {
  const { api, clock } = ctx
  const key = groupKey(group)
  const incarnation = ctx.newOwner()
  const reaper = new GroupReaper({ api, clock, epsilon: ctx.epsilon, writerId: `${incarnation}.reap` })
  let entry = await getRetrying(api, clock, key)
  let sentAt: number
  for (;;) {
    const members = parseGroup(key, entry.value)
    if (members.some(m => m.i === id)) throw new MembershipError('MemberExists', `${JSON.stringify(id)} is already a member of group ${JSON.stringify(group)}`)
    const next = [...members, { i: id, m: base64(meta), n: incarnation, h: 0, t: ttlMs }]
    sentAt = clock.now()
    const r = await casPut(api, clock, key, encodeGroup(group, next), entry.version, ctx.writeIds.next())
    if (r.ok) break
    entry = r.current
  }
  const lost = new AbortController()
  let renewTimer: TimerHandle | undefined
  let lostTimer: TimerHandle | undefined
  let left = false
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
  /** One CAS on the group register that maps our entry; retried on contention with other members. */
  let chain: Promise<unknown> = Promise.resolve()
  const update = async (change: (mine: MemberEntry, all: MemberEntry[]) => MemberEntry[]): Promise<'ok' | 'gone'> => {
    const run = async (): Promise<'ok' | 'gone'> => {
      let current = await getRetrying(api, clock, key)
      for (let attempt = 0; attempt < 20; attempt++) {
        const members = parseGroup(key, current.value)
        const mine = members.find(m => m.i === id && m.n === incarnation)
        if (mine === undefined) return 'gone'
        const at = clock.now()
        const written = encodeGroup(group, change(mine, members))
        const r = await casPut(api, clock, key, written, current.version, ctx.writeIds.next())
        if (r.ok) {
          if (!lost.signal.aborted && !left) confirmed(at)
          // Members reap each other as they go: a member sees the group at every renewal.
          await reaper.sweep(group, { value: written, version: r.version, writeId: '' }).catch(() => {})
          return 'ok'
        }
        current = r.current
      }
      throw new Error('renewal kept losing races')
    }
    const result = chain.then(run, run)
    chain = result.catch(() => {})
    return await result
  }
  const scheduleRenewal = (): void => {
    renewTimer = clock.setTimeout(() => {
      if (lost.signal.aborted || left) return
      update((mine, all) => all.map(m => m === mine ? { ...m, h: m.h + 1 } : m))
        .then(r => { if (r === 'gone') markLost('removed from the group (expired)') }, () => {})
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
      const r = await update((mine, all) => all.filter(m => m !== mine))
      if (wasLost || r === 'gone') throw new MembershipError('NotMember', `${JSON.stringify(id)} was no longer a member of group ${JSON.stringify(group)}`)
    }
  }
}

export async function readMembers (api: CoordApi, clock: Clock, group: string): Promise<MembersSnapshot> {
  const key = groupKey(group)
  return snapshotOf(key, await getRetrying(api, clock, key))
}

/**
 * The member list now and at every change of who is in it (heartbeats alone are not reported).
 * Yields the current snapshot first.
 */
export async function * watchGroup (api: CoordApi, clock: Clock, group: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<MembersSnapshot, void, undefined> {
  const key = groupKey(group)
  const first = await getRetrying(api, clock, key)
  let last = snapshotOf(key, first)
  yield last
  for await (const e of watchRegister(api, clock, key, group, { from: first.version, signal: options.signal })) {
    const snap = snapshotOf(key, { value: e.value, version: e.version, writeId: '' })
    if (sameMembers(last, snap)) continue
    last = snap
    yield snap
  }
}

function sameMembers (a: MembersSnapshot, b: MembersSnapshot): boolean {
  if (a.members.length !== b.members.length) return false
  return a.members.every((m, i) => m.id === b.members[i].id && Buffer.from(m.meta).equals(Buffer.from(b.members[i].meta)))
}
