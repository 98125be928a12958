/**
 * Test harness of the coordination recipes: a Coord per client on simCoordCluster, with a
 * client that can be paused (its timers held back and its network down, as in a long GC
 * pause or a stopped VM) and resumed.
 */
import { LocalCoordApi } from '../../node/coord/local-api.ts'
import { Proposer } from '../../node/coord/proposer.ts'
import { Coord } from '../../node/coord/recipes/index.ts'
import { coordCodec } from '../../node/protocol/coord-codec.ts'
import { seededRandom } from '../../node/transport/clock.ts'
import type { SimTransport, VirtualClock } from '../../node/transport/sim.ts'
import type { Clock, TimerHandle } from '../../node/transport/types.ts'
import { simCoordCluster } from './cluster.ts'
import type { SimCoordCluster } from './cluster.ts'

interface PausableTimer { inner: TimerHandle, fn: () => void, cancelled: boolean }

/**
 * A process's view of a VirtualClock: while paused, its timers that come due wait for resume().
 * `rate` < 1 makes it run slow (a clock drifting beyond the recipes' ε allowance).
 */
export class PausableClock implements Clock {
  private readonly inner: VirtualClock
  private readonly rate: number
  private paused = false
  private deferred: PausableTimer[] = []

  constructor (inner: VirtualClock, rate = 1) {
    this.inner = inner
    this.rate = rate
  }

  now (): number {
    return this.inner.now() * this.rate
  }

  setTimeout (fn: () => void, ms: number): TimerHandle {
    ms = ms / this.rate
    const timer: PausableTimer = { inner: undefined, fn, cancelled: false }
    timer.inner = this.inner.setTimeout(() => {
      if (timer.cancelled) return
      if (this.paused) this.deferred.push(timer)
      else fn()
    }, ms)
    return timer
  }

  clearTimeout (handle: TimerHandle): void {
    if (handle === undefined || handle === null) return
    const timer = handle as PausableTimer
    timer.cancelled = true
    this.inner.clearTimeout(timer.inner)
  }

  pause (): void {
    this.paused = true
  }

  resume (): void {
    this.paused = false
    const due = this.deferred
    this.deferred = []
    for (const t of due) if (!t.cancelled) t.fn()
  }
}

export interface TestClient {
  readonly name: string
  readonly coord: Coord
  readonly api: LocalCoordApi
  readonly clock: PausableClock
  readonly transport: SimTransport
  /** Network down and timers held: the process is frozen. */
  pause: () => void
  resume: () => void
  /** Network down only (a partition of this client from every acceptor). */
  disconnect: () => void
  reconnect: () => void
}

export interface RecipeCluster {
  readonly seed: number
  readonly sim: SimCoordCluster
  readonly clock: VirtualClock
  /** `rate`: speed of the client's clock relative to real (virtual) time. */
  client: (name: string, rate?: number) => TestClient
  /** Runs virtual time until `p` settles (fails after maxMs). */
  settle: <T>(p: Promise<T>, maxMs?: number) => Promise<T>
  runFor: (ms: number) => Promise<void>
}

export function recipeCluster (seed: number, n = 3): RecipeCluster {
  const sim = simCoordCluster(seed, n)
  const random = seededRandom(seed * 7919 + 1)
  const codec = coordCodec()
  return {
    seed,
    sim,
    clock: sim.clock,
    client: (name: string, rate = 1) => {
      const clock = new PausableClock(sim.clock, rate)
      const transport = sim.network.createTransport(`client-${name}`)
      const proposer = new Proposer({ transport, clock, random, codec, id: `client-${name}` }, { timeoutMs: 200 })
      let writes = 0
      const api = new LocalCoordApi({ proposer, group: () => sim.group, clock, newWriteId: () => `${name}-w${++writes}` })
      const coord = new Coord({ api, clock, random, clientId: name })
      return {
        name,
        coord,
        api,
        clock,
        transport,
        pause: () => { transport.down = true; clock.pause() },
        resume: () => { transport.down = false; clock.resume() },
        disconnect: () => { transport.down = true },
        reconnect: () => { transport.down = false }
      }
    },
    settle: async <T>(p: Promise<T>, maxMs = 600_000) => await sim.clock.settle(p, maxMs),
    runFor: async (ms: number) => { await sim.clock.runFor(ms) }
  }
}

/** Rejection of `p` (fails the test's expectations when it resolves). */
export async function rejection (p: Promise<unknown>): Promise<{ code?: string, name?: string, message?: string }> {
  try {
    await p
  } catch (err) {
    return err as { code?: string }
  }
  return { code: 'RESOLVED' }
}

export const text = (b: Uint8Array | null): string | null => b === null ? null : new TextDecoder().decode(b)
