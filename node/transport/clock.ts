import type { Clock, Random, TimerHandle } from './types.ts'

/** The real clock: performance.now() and unref'd Node timers (they never keep a process alive). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout (fn: () => void, ms: number): TimerHandle {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clearTimeout (handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  }
}

/** Waits `ms` of `clock`'s time (returns at once for ms <= 0). */
export async function sleep (clock: Clock, ms: number): Promise<void> {
  if (ms <= 0) return
  await new Promise<void>(resolve => clock.setTimeout(resolve, ms))
}

/** Math.random, for the daemon. */
export const systemRandom: Random = Math.random

/**
 * A small seeded PRNG (mulberry32): deterministic streams for the simulator and tests.
 * Not cryptographic.
 */
export function seededRandom (seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
