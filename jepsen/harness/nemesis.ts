/**
 * The nemesis: faults injected one at a time, each bounded in time and healed before the next
 * (a killed peer is restarted, a paused one resumed), so at most one peer is hurt at once and
 * a group of 3 always keeps a quorum once the fault heals. Every action is logged (start and
 * end, on the history's clock) for the JSONL nemesis artifact.
 *
 *   kill-restart        kill -9, hold 1–4 s, restart with identity and data
 *   kill-restart-empty  kill -9, hold, restart with the data dir wiped, wait for the group
 *   pause               SIGSTOP for 0.5–3 × TTL, then SIGCONT
 *   churn               a new empty peer joins; then a peer (not the newcomer) leaves gracefully
 *
 * `rollingReplacement` (W6) replaces every member of the coordination group, one at a time,
 * by a new empty peer: join, settle, graceful leave of the old member, settle.
 */
import { sleep } from '../../node/transport/clock.ts'
import type { Random } from '../../node/transport/types.ts'
import type { Backend, FaultKind, NemesisEvent } from './types.ts'

export interface NemesisOptions {
  readonly faults: readonly FaultKind[]
  readonly random: Random
  /** Appends one event to the nemesis log. */
  readonly log: (event: Omit<NemesisEvent, 'time'>) => void
  /** Quiet time between two faults, ms (default [1000, 3000]). */
  readonly quietMs?: readonly [number, number]
  /** How long a killed peer stays down, ms (default [1000, 4000]). */
  readonly downMs?: readonly [number, number]
  /** Longest wait for the cluster to absorb a membership change, ms (default 60 s). */
  readonly settleMs?: number
  /** The cluster must keep at least this many serving peers (churn never goes below; default 4). */
  readonly minServing?: number
}

const between = (random: Random, [lo, hi]: readonly [number, number]): number => lo + random() * (hi - lo)


async function settleOrThrow (backend: Backend, settleMs: number): Promise<void> {
  if (await backend.settle(settleMs)) return
  const why = backend.settleProblem?.()
  throw new Error(`not settled after ${settleMs} ms${why === undefined || why === '' ? '' : `: ${why}`}`)
}

/** Runs faults until the clock reaches `endAt` (the fault under way still heals). */
export async function runNemesis (backend: Backend, options: NemesisOptions, endAt: number): Promise<void> {
  const faults = options.faults.filter(f => backend.faults.includes(f))
  if (faults.length === 0) return
  const { random, log } = options
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const settleMs = options.settleMs ?? 60_000
  // Faults come from a shuffled bag, refilled when empty: every kind within each len(faults) actions.
  const bag: FaultKind[] = []
  for (;;) {
    await sleep(backend.clock, Math.min(between(random, options.quietMs ?? [1000, 3000]), endAt - backend.clock.now()))
    if (backend.clock.now() >= endAt) return
    if (bag.length === 0) {
      bag.push(...faults)
      for (let i = bag.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [bag[i], bag[j]] = [bag[j], bag[i]]
      }
    }
    const fault = bag.pop() as FaultKind
    const serving = backend.servingSlots()
    if (serving.length === 0) return
    // Hurt a group member most of the time: that is where the interesting failures are.
    const group = (await backend.groupSlots())?.filter(s => serving.includes(s)) ?? []
    const victim = group.length > 0 && random() < 0.7 ? pick(group) : pick(serving)
    const act = async (action: string, slot: number | undefined, fn: () => Promise<unknown>, detail?: string): Promise<boolean> => {
      log({ phase: 'start', action, ...(slot === undefined ? {} : { slot }), ...(detail === undefined ? {} : { detail }) })
      try {
        const result = await fn()
        log({ phase: 'end', action, ...(typeof result === 'number' ? { slot: result } : slot === undefined ? {} : { slot }) })
        return true
      } catch (err) {
        log({ phase: 'end', action, ...(slot === undefined ? {} : { slot }), error: (err as Error).message })
        return false
      }
    }
    switch (fault) {
      case 'kill-restart':
      case 'kill-restart-empty': {
        if (!await act('kill', victim, async () => { await backend.kill(victim) })) break
        await sleep(backend.clock, between(random, options.downMs ?? [1000, 4000]))
        if (fault === 'kill-restart') {
          await act('restart', victim, async () => { await backend.restart(victim) })
        } else {
          await act('restart-empty', victim, async () => { await backend.restartEmpty(victim) })
          await act('settle', undefined, async () => { await settleOrThrow(backend, settleMs) })
        }
        break
      }
      case 'pause': {
        const holdMs = between(random, [0.5 * backend.ttlMs, 3 * backend.ttlMs])
        if (!await act('pause', victim, async () => { await backend.pause(victim) }, `for ${Math.round(holdMs)} ms`)) break
        await sleep(backend.clock, holdMs)
        await act('resume', victim, async () => { await backend.resume(victim) })
        break
      }
      case 'churn': {
        let joined: number | undefined
        await act('join', undefined, async () => { joined = await backend.join(); return joined })
        await act('settle', undefined, async () => { await settleOrThrow(backend, settleMs) })
        const candidates = backend.servingSlots().filter(s => s !== joined)
        if (candidates.length + (joined === undefined ? 0 : 1) <= (options.minServing ?? 4)) break
        const leaver = pick(candidates)
        await act('leave', leaver, async () => { await backend.leave(leaver) })
        await act('settle', undefined, async () => { await settleOrThrow(backend, settleMs) })
        break
      }
    }
  }
}

export interface RollingReplacementOptions {
  readonly log: NemesisOptions['log']
  /** Time between two replacements, ms (default 1000). */
  readonly gapMs?: number
  readonly settleMs?: number
}

/**
 * Replaces every member of the coordination group (every peer, when the backend cannot tell
 * the group) by a new empty peer, one at a time. Returns the slots replaced.
 */
export async function rollingReplacement (backend: Backend, options: RollingReplacementOptions): Promise<number[]> {
  const settleMs = options.settleMs ?? 60_000
  const original = (await backend.groupSlots()) ?? backend.servingSlots()
  options.log({ phase: 'note', action: 'rolling-replacement', detail: `replacing slots ${original.join(', ')}` })
  const replaced: number[] = []
  for (const old of original) {
    const step = async (action: string, slot: number | undefined, fn: () => Promise<unknown>): Promise<unknown> => {
      options.log({ phase: 'start', action, ...(slot === undefined ? {} : { slot }) })
      try {
        const result = await fn()
        options.log({ phase: 'end', action, ...(typeof result === 'number' ? { slot: result } : slot === undefined ? {} : { slot }) })
        return result
      } catch (err) {
        options.log({ phase: 'end', action, ...(slot === undefined ? {} : { slot }), error: (err as Error).message })
        throw err
      }
    }
    await step('join', undefined, async () => await backend.join())
    await step('settle', undefined, async () => { await settleOrThrow(backend, settleMs) })
    await step('leave', old, async () => { await backend.leave(old) })
    await step('settle', undefined, async () => { await settleOrThrow(backend, settleMs) })
    replaced.push(old)
    await sleep(backend.clock, options.gapMs ?? 1000)
  }
  return replaced
}
