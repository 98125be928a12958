/**
 * What the recipe workloads (W2–W5) share: their common options, the pausable client clock (a
 * SIGSTOPped client process), the client-pause nemesis, sleeping on a clock and describing an
 * error for the history.
 */
import type { HistoryRecorder } from '../checker/history.ts'
import { sleep } from '../../node/transport/clock.ts'
import type { Clock, Random, TimerHandle } from '../../node/transport/types.ts'
import type { Backend, HarnessClient, NemesisEvent } from './types.ts'

/** Options every workload takes. */
export interface WorkloadOptions {
  readonly backend: Backend
  readonly recorder: HistoryRecorder
  readonly clients: readonly HarnessClient[]
  readonly random: (stream: number) => Random
  readonly stop: () => boolean
}

/** `Name(code): message` (message cut to 200 characters), for a history event's error. */
export function describeError (err: unknown): string {
  const e = err as { name?: unknown, code?: unknown, message?: unknown } | null
  return `${typeof e?.name === 'string' ? e.name : 'Error'}${typeof e?.code === 'string' ? `(${e.code})` : ''}: ${typeof e?.message === 'string' ? e.message.slice(0, 200) : ''}`
}

/**
 * A clock whose timers do not fire while paused (they fire on resume): a stopped process's
 * timers. `now()` keeps running, as the real clock does while a process is stopped.
 */
export class PausableClock implements Clock {
  private readonly base: Clock
  private paused = false
  private readonly deferred: Array<() => void> = []
  private readonly waiters: Array<() => void> = []

  constructor (base: Clock) {
    this.base = base
  }

  now (): number { return this.base.now() }

  setTimeout (fn: () => void, ms: number): TimerHandle {
    return this.base.setTimeout(() => {
      if (this.paused) this.deferred.push(fn)
      else fn()
    }, ms)
  }

  clearTimeout (handle: TimerHandle): void {
    this.base.clearTimeout(handle)
  }

  get isPaused (): boolean { return this.paused }

  pause (): void { this.paused = true }

  resume (): void {
    this.paused = false
    for (const fn of this.deferred.splice(0)) fn()
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** Resolves at once when running, else on resume (the client's own code stops here). */
  async gate (): Promise<void> {
    if (!this.paused) return
    await new Promise<void>(resolve => { this.waiters.push(resolve) })
  }
}

/** A client the pause nemesis may stop. */
export interface PausableClient {
  readonly name: string
  readonly clock: PausableClock
  /** Pauses so far (bumped when one starts). */
  pauses: number
}

/**
 * The client-pause nemesis: every 2–5 TTL, the first moment one of the clients `eligible` picks
 * (not already paused) exists, one of them is paused for 1.5–3 TTL — past its lease, as a GC pause or SIGSTOP would — until
 * `stop()`. Each pause is logged as a `pause-client` start/end pair.
 */
export async function pauseClients (
  o: { readonly backend: Backend, readonly random: (stream: number) => Random, readonly stop: () => boolean, readonly ttlMs: number, readonly log: (event: Omit<NemesisEvent, 'time'>) => void },
  eligible: () => readonly PausableClient[]
): Promise<void> {
  const random = o.random(0)
  while (!o.stop()) {
    await sleep(o.backend.clock, o.ttlMs * (2 + random() * 3))
    if (o.stop()) return
    // Wait for a client to pick (a lock holder, a leader): holding spells can be short, and an
    // instant sampled blindly often finds none.
    let candidates = eligible().filter(c => !c.clock.isPaused)
    while (candidates.length === 0 && !o.stop()) {
      await sleep(o.backend.clock, o.ttlMs / 20)
      candidates = eligible().filter(c => !c.clock.isPaused)
    }
    if (candidates.length === 0) return
    const victim = candidates[Math.floor(random() * candidates.length)]
    const holdMs = o.ttlMs * (1.5 + random() * 1.5)
    o.log({ phase: 'start', action: 'pause-client', detail: `${victim.name} for ${Math.round(holdMs)} ms` })
    victim.pauses++
    victim.clock.pause()
    await sleep(o.backend.clock, holdMs)
    victim.clock.resume()
    o.log({ phase: 'end', action: 'pause-client', detail: victim.name })
  }
}
