/**
 * Locks: leases with fencing tokens and a FIFO queue without herd effect, on CoordApi
 * registers only (compare-and-set by version). The shape is ZooKeeper's lock recipe — take a
 * sequence number, wait for your predecessor alone — with leases in place of sessions.
 *
 * Registers of lock `name` (prefixes are parameters, so election reuses the recipe):
 *   `<dispenser>/<name>`  {"n":"<last ticket issued>","f":"<floor>"}: every ticket below f has ended
 *   `<slots>/<i>/<name>`  i = ticket mod MAX_LOCK_QUEUE; the state of the ticket q living there:
 *                         {"q":"<ticket>","s":"w|h|r|a|x","o":"<owner>","t":<ttlMs>,"g":0|1}
 *                         w waiting, h holding, r released, a abandoned (timed out / aborted),
 *                         x expired by its successor (g: 1 if it was holding).
 *
 * Acquire: (1) take ticket k by CAS on the dispenser (refused with QueueFull when k − f ≥
 * MAX_LOCK_QUEUE, which also guarantees that slot k mod Q's previous ticket k − Q has ended);
 * (2) create slot k (state w) by CAS; (3) walk down j = k−1, k−2, …: a slot that ended without
 * holding (a, x with g 0) is skipped; one that ended after holding (r, x with g 1), a ticket
 * below the floor, or a slot already reused by a later ticket means every ticket below has
 * ended: k may hold. A live slot (w, h) — or a ticket whose slot is not created yet — is
 * polled (that one register alone: no herd) until it ends, or until its version stayed
 * the same for TTL·(1+ε) on our own monotonic clock, when we end it by CAS (x).
 * (4) CAS our slot w → h: granted; token = k.
 *
 * Why tokens strictly increase: a slot's end states are terminal, so "every ticket below k has
 * ended" is stable once seen; hence grants happen in ticket order, and tickets come from one
 * linearizable register whose version never goes back (across epochs and restarts).
 * Every participant renews its own slot by CAS every TTL/3 (the version bump is the heartbeat);
 * a CAS that finds the slot ended means the lease is gone. Clocks decide only when to end a
 * silent participant (liveness); who holds is decided by CAS alone (safety).
 */
import type { CoordApi, CoordEntry } from '../api.ts'
import type { TimerHandle } from '../../transport/types.ts'
import {
  MAX_LOCK_QUEUE, aborted, RENEWALS_PER_TTL, abortError, bigField, casPut, decodeJson, encodeJson, getRetrying,
  isTransient, objectDoc, sleep, stringField
} from './common.ts'
import type { RecipeContext } from './common.ts'
import { CapacityError, CorruptStateError, LockNotHeldError, RecipeTimeoutError } from './errors.ts'

export interface LockKeys {
  readonly dispenser: (name: string) => string
  readonly slot: (index: bigint, name: string) => string
}

export const LOCK_KEYS: LockKeys = {
  dispenser: name => `lock/${name}`,
  slot: (index, name) => `lock-slot/${index}/${name}`
}

export interface LockOptions {
  readonly ttlMs: number
  readonly signal?: AbortSignal
  /** Give up waiting after this long (Timeout error); default: wait until granted or aborted. */
  readonly timeoutMs?: number
}

/** A granted lock. `token` is its fencing token; send it with every write to the protected resource. */
export interface Held {
  readonly name: string
  readonly token: bigint
  /** Fires at the conservative local deadline: last confirmed renewal's send time + TTL. */
  readonly lost: AbortSignal
  /** Linearizable: is this grant still the lock's current one (and not lost locally)? */
  check: () => Promise<boolean>
  /** Ends the grant; NotHeld error when it was released before or already lost. */
  release: () => Promise<void>
}

type SlotState = 'w' | 'h' | 'r' | 'a' | 'x'

interface SlotDoc {
  readonly q: bigint
  readonly s: SlotState
  readonly o: string
  readonly t: number
  readonly g: boolean
}

function slotJson (d: SlotDoc): unknown {
  return { q: d.q.toString(), s: d.s, o: d.o, t: d.t, g: d.g ? 1 : 0 }
}

function parseSlot (key: string, value: Uint8Array | null): SlotDoc | null {
  const raw = decodeJson(key, value)
  if (raw === null) return null
  const doc = objectDoc(key, raw)
  const s = doc.s
  if (s !== 'w' && s !== 'h' && s !== 'r' && s !== 'a' && s !== 'x') throw new CorruptStateError(key, 'bad slot state')
  const t = doc.t
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0) throw new CorruptStateError(key, 'bad ttl')
  return { q: bigField(key, doc, 'q'), s, o: stringField(key, doc, 'o'), t, g: doc.g === 1 }
}

function parseDispenser (key: string, value: Uint8Array | null): { n: bigint, f: bigint } {
  const raw = decodeJson(key, value)
  if (raw === null) return { n: 0n, f: 1n }
  const doc = objectDoc(key, raw)
  return { n: bigField(key, doc, 'n'), f: bigField(key, doc, 'f') }
}

const Q = BigInt(MAX_LOCK_QUEUE)
/** A waiter polls its predecessor's slot TTL/POLLS_PER_TTL apart, within [MIN_POLL_MS, MAX_POLL_MS]. */
const POLLS_PER_TTL = 10
const MIN_POLL_MS = 20
const MAX_POLL_MS = 250

/**
 * One participant's slot, renewed by CAS every TTL/3 while waiting and while holding. Writes to
 * the slot are serialized (one CAS at a time, each on the version the previous one made).
 */
class SlotLease {
  readonly key: string
  readonly lostController = new AbortController()
  doc: SlotDoc
  private version: bigint
  private readonly ctx: RecipeContext
  private chain: Promise<unknown> = Promise.resolve()
  private renewTimer: TimerHandle | undefined
  private lostTimer: TimerHandle | undefined
  private stopped = false

  constructor (ctx: RecipeContext, key: string, doc: SlotDoc, version: bigint, sentAt: number) {
    this.ctx = ctx
    this.key = key
    this.doc = doc
    this.version = version
    this.confirmed(sentAt)
    this.scheduleRenewal()
  }

  get lost (): AbortSignal {
    return this.lostController.signal
  }

  /**
   * CAS the slot to `next(current doc)` on the version we last wrote; false when it was ended
   * by someone else (the lease is lost) or was lost already.
   */
  async write (next: (doc: SlotDoc) => SlotDoc, force = false): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      if (this.lost.aborted && !force) return false
      const doc = next(this.doc)
      const sentAt = this.ctx.clock.now()
      const r = await casPut(this.ctx.api, this.ctx.clock, this.key, encodeJson(slotJson(doc)), this.version, this.ctx.writeIds.next())
      if (!r.ok) {
        this.markLost('the lease was ended by a contender (its slot changed under us)')
        return false
      }
      this.version = r.version
      this.doc = doc
      if (!this.lost.aborted && !this.stopped) this.confirmed(sentAt)
      return true
    }
    const result = this.chain.then(run, run)
    this.chain = result.catch(() => {})
    return await result
  }

  /** Stops renewing (the slot is left as it is). */
  stop (): void {
    this.stopped = true
    this.ctx.clock.clearTimeout(this.renewTimer)
    this.ctx.clock.clearTimeout(this.lostTimer)
  }

  markLost (why: string): void {
    if (this.lost.aborted) return
    this.stop()
    this.lostController.abort(new LockNotHeldError(why))
  }

  /** A write sent at `sentAt` is confirmed: the lease runs until sentAt + TTL (the earliest it can have been applied). */
  private confirmed (sentAt: number): void {
    this.ctx.clock.clearTimeout(this.lostTimer)
    const deadline = sentAt + this.doc.t
    this.lostTimer = this.ctx.clock.setTimeout(() => { this.markLost('the lease expired before a renewal was confirmed') }, deadline - this.ctx.clock.now())
  }

  private scheduleRenewal (): void {
    if (this.stopped) return
    const periodMs = this.doc.t / RENEWALS_PER_TTL
    this.renewTimer = this.ctx.clock.setTimeout(() => {
      if (this.stopped) return
      this.write(doc => doc).catch(() => {}).finally(() => { this.scheduleRenewal() })
    }, periodMs * (0.9 + 0.1 * this.ctx.random()))
  }
}

/** Why the walk must start over with a new ticket (our slot was ended while we waited). */
class Restart extends Error {}

export async function acquireLock (ctx: RecipeContext, keys: LockKeys, name: string, options: LockOptions): Promise<Held> {
  const { clock } = ctx
  const ttlMs = options.ttlMs
  const deadline = options.timeoutMs === undefined ? Infinity : clock.now() + options.timeoutMs
  for (;;) {
    if (aborted(options.signal)) throw abortError(options.signal)
    if (clock.now() >= deadline) throw new RecipeTimeoutError(`lock ${JSON.stringify(name)} not granted within ${options.timeoutMs} ms`)
    const { seq, floor } = await takeTicket(ctx, keys, name)
    const lease = await createSlot(ctx, keys, name, seq, ttlMs)
    if (lease === null) continue // a successor ended our ticket before we created its slot
    try {
      await waitForPredecessors(ctx, keys, name, seq, floor, lease, deadline, options)
      const granted = await lease.write(doc => ({ ...doc, s: 'h' }))
      if (!granted) throw new Restart()
    } catch (err) {
      lease.stop()
      // End our ticket (best effort) so the next waiter does not wait out its TTL; a CAS that
      // finds the slot already ended by our successor changes nothing.
      void lease.write(doc => ({ ...doc, s: 'a' }), true).catch(() => {})
      if (err instanceof Restart) continue
      throw err
    }
    void advanceFloor(ctx, keys, name, seq).catch(() => {})
    return heldHandle(ctx, name, seq, lease)
  }
}

async function takeTicket (ctx: RecipeContext, keys: LockKeys, name: string): Promise<{ seq: bigint, floor: bigint }> {
  const key = keys.dispenser(name)
  let entry = await getRetrying(ctx.api, ctx.clock, key)
  for (;;) {
    const { n, f } = parseDispenser(key, entry.value)
    const seq = n + 1n
    if (seq - f >= Q) throw new CapacityError('QueueFull', `lock ${JSON.stringify(name)} has ${MAX_LOCK_QUEUE} tickets outstanding`)
    const r = await casPut(ctx.api, ctx.clock, key, encodeJson({ n: seq.toString(), f: f.toString() }), entry.version, ctx.writeIds.next())
    if (r.ok) return { seq, floor: f }
    entry = r.current
  }
}

async function createSlot (ctx: RecipeContext, keys: LockKeys, name: string, seq: bigint, ttlMs: number): Promise<SlotLease | null> {
  const key = keys.slot(seq % Q, name)
  let entry = await getRetrying(ctx.api, ctx.clock, key)
  const doc: SlotDoc = { q: seq, s: 'w', o: ctx.newOwner(), t: ttlMs, g: false }
  for (;;) {
    const old = parseSlot(key, entry.value)
    if (old !== null && old.q >= seq) return null // ended by our successor while we were slow
    const sentAt = ctx.clock.now()
    const r = await casPut(ctx.api, ctx.clock, key, encodeJson(slotJson(doc)), entry.version, ctx.writeIds.next())
    if (r.ok) return new SlotLease(ctx, key, doc, r.version, sentAt)
    entry = r.current
  }
}

type Standing =
  | { readonly kind: 'allBelowEnded' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'live', readonly doc: SlotDoc | null }

/** What slot entry `entry` says about ticket j. */
function standingOf (key: string, entry: CoordEntry, j: bigint): Standing {
  const doc = parseSlot(key, entry.value)
  if (doc === null || doc.q < j) return { kind: 'live', doc: null } // ticket j's slot not created yet
  if (doc.q > j) return { kind: 'allBelowEnded' } // reused by a later ticket: j < that ticket's floor
  if (doc.s === 'r' || (doc.s === 'x' && doc.g)) return { kind: 'allBelowEnded' } // j held, so all below had ended
  if (doc.s === 'a' || doc.s === 'x') return { kind: 'skip' }
  return { kind: 'live', doc }
}

async function waitForPredecessors (ctx: RecipeContext, keys: LockKeys, name: string, seq: bigint, floor: bigint, lease: SlotLease, deadline: number, options: LockOptions): Promise<void> {
  const { api, clock } = ctx
  let j = seq - 1n
  let entry: CoordEntry | null = null
  let seenAt = 0
  for (;;) {
    if (lease.lost.aborted) throw new Restart()
    if (aborted(options.signal)) throw abortError(options.signal)
    if (clock.now() >= deadline) throw new RecipeTimeoutError(`lock ${JSON.stringify(name)} not granted within ${options.timeoutMs} ms`)
    if (j < floor || j < 1n) return
    const key = keys.slot(j % Q, name)
    if (entry === null) {
      entry = await getRetrying(api, clock, key)
      seenAt = clock.now()
    }
    const standing = standingOf(key, entry, j)
    if (standing.kind === 'allBelowEnded') return
    if (standing.kind === 'skip') { j--; entry = null; continue }
    const ttl = standing.doc?.t ?? options.ttlMs
    const expiresAt = seenAt + ttl * (1 + ctx.epsilon)
    if (clock.now() >= expiresAt) {
      // Silent for TTL·(1+ε) of our own time: end it. The CAS fails if it renewed meanwhile.
      const ended: SlotDoc = { q: j, s: 'x', o: standing.doc?.o ?? '', t: ttl, g: standing.doc?.s === 'h' }
      try {
        const r = await casPut(api, clock, key, encodeJson(slotJson(ended)), entry.version, ctx.writeIds.next())
        entry = r.ok ? { value: encodeJson(slotJson(ended)), version: r.version, writeId: '' } : r.current
        seenAt = clock.now()
      } catch (err) {
        if (!isTransient(err)) throw err
        await sleep(clock, 50 + 50 * ctx.random()).catch(() => {})
        entry = null
      }
      continue
    }
    // Poll the predecessor's slot alone, TTL/10 apart: a linearizable read is a full CASPaxos
    // round that pre-empts the very renewals it waits for, and the API's 50 ms watch polls
    // starved a live holder's renewals in simulation. (Stale reads would be cheaper, but a
    // peer's cache of a register others write through other peers can stay old for a whole
    // TTL, which would delay every hand-over by that much.)
    const pollMs = Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, ttl / POLLS_PER_TTL))
    try {
      await sleep(clock, Math.min(pollMs, Math.max(1, Math.min(expiresAt, deadline) - clock.now())), combine(options.signal, lease.lost))
      const seen = await api.get(key)
      if (seen.version > entry.version) {
        entry = seen
        seenAt = clock.now()
      }
    } catch (err) {
      if (lease.lost.aborted) throw new Restart()
      if (aborted(options.signal)) throw abortError(options.signal)
      if (!isTransient(err)) throw err
      // A peer that is down fails at once: back off so the loop waits in time, not in a spin.
      await sleep(clock, 50 + 50 * ctx.random()).catch(() => {})
    }
  }
}

function combine (a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a === undefined ? b : AbortSignal.any([a, b])
}

async function advanceFloor (ctx: RecipeContext, keys: LockKeys, name: string, seq: bigint): Promise<void> {
  const key = keys.dispenser(name)
  let entry = await getRetrying(ctx.api, ctx.clock, key)
  for (let i = 0; i < 10; i++) {
    const { n, f } = parseDispenser(key, entry.value)
    if (f >= seq) return
    const r = await casPut(ctx.api, ctx.clock, key, encodeJson({ n: n.toString(), f: seq.toString() }), entry.version, ctx.writeIds.next())
    if (r.ok) return
    entry = r.current
  }
}

function heldHandle (ctx: RecipeContext, name: string, token: bigint, lease: SlotLease): Held {
  let released = false
  return {
    name,
    token,
    lost: lease.lost,
    check: async () => {
      if (lease.lost.aborted || released) return false
      const entry = await ctx.api.get(lease.key)
      const doc = parseSlot(lease.key, entry.value)
      return doc !== null && doc.q === token && doc.s === 'h' && doc.o === lease.doc.o && !lease.lost.aborted
    },
    release: async () => {
      if (released) throw new LockNotHeldError(`lock ${JSON.stringify(name)} (token ${token}) was already released`)
      released = true
      const wasLost = lease.lost.aborted
      lease.stop()
      if (wasLost) {
        // Still try to end the slot, so the next waiter need not wait out the TTL.
        await lease.write(doc => ({ ...doc, s: 'r' }), true).catch(() => {})
        throw new LockNotHeldError(`lock ${JSON.stringify(name)} (token ${token}) was lost before release`)
      }
      const ok = await lease.write(doc => ({ ...doc, s: 'r' }))
      if (!ok) throw new LockNotHeldError(`lock ${JSON.stringify(name)} (token ${token}) was ended by a contender before release`)
    }
  }
}
