/**
 * Histories that are linearizable by construction, for testing checkers: a seeded scheduler
 * runs logical processes against one sequential object per key. Each operation is invoked,
 * later takes effect at one instant (its linearization point, where the sequential object
 * computes its result), and later still completes — so every history produced has a
 * linearization: the order of those instants. Processes may crash (`info`) before or after
 * their operation took effect, and continue under a new process id, as in Jepsen.
 */
import type { HistoryEvent, Invocation, Process } from './history.ts'
import type { Model } from './model.ts'
import { casRegisterModel, registerModel, versionedRegisterModel } from './model.ts'
import type { VersionedState } from './model.ts'
import { valueEqual } from './value.ts'

/** A sequential object: how to run an input, and which inputs to try. */
export interface Workload<S> {
  readonly model: Model<S>
  /** Runs `input` in `state`: the new state and the output; `fail` means "refused, no effect". */
  readonly apply: (state: S, input: Invocation) => { state: S, output: unknown, fail?: boolean }
  /** A random input. `next()` is uniform in [0, 1). */
  readonly input: (next: () => number) => Invocation
}

export interface SimulateOptions {
  /** Operations to invoke in all. */
  readonly ops: number
  /** Concurrent logical processes (clients). */
  readonly processes: number
  /** Keys, each an independent object. Default ['x']. */
  readonly keys?: readonly string[]
  /** The seeded random source, uniform in [0, 1). */
  readonly random: () => number
  /** Chance that a process crashes at a scheduling step where it holds an operation (its op becomes info). Default 0. */
  readonly crashRate?: number
  /** Chance that a pending operation is refused (fail, no effect) instead of taking effect. Default 0. */
  readonly failRate?: number
  /** Largest clock advance between two events; 0 allows equal times (concurrent). Default 3. */
  readonly maxTickGap?: number
}

/** mulberry32: a tiny seeded PRNG, enough for scheduling. */
export function seededRandom (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Slot {
  process: Process
  phase: 'idle' | 'invoked' | 'applied'
  f: string
  key: string
  output: unknown
  fail: boolean
}

/** A history (events) that is linearizable for `workload.model` by construction. */
export function simulateHistory<S> (workload: Workload<S>, options: SimulateOptions): HistoryEvent[] {
  const { random, processes } = options
  const keys = options.keys ?? ['x']
  const crashRate = options.crashRate ?? 0
  const failRate = options.failRate ?? 0
  const maxTickGap = options.maxTickGap ?? 3
  const states = new Map<string, S>(keys.map(k => [k, workload.model.init()]))
  const slots: Slot[] = Array.from({ length: processes }, (_, i) => ({ process: i, phase: 'idle', f: '', key: '', output: null, fail: false }))
  let nextProcess = processes
  const events: HistoryEvent[] = []
  let time = 0
  let invoked = 0
  const emit = (slot: Slot, type: HistoryEvent['type'], value: unknown): void => {
    time += Math.floor(random() * (maxTickGap + 1))
    events.push({ process: slot.process, type, f: slot.f, key: slot.key, value, time, index: events.length })
  }
  while (invoked < options.ops || slots.some(s => s.phase !== 'idle')) {
    const slot = slots[Math.floor(random() * processes)]
    if (slot.phase === 'idle') {
      if (invoked >= options.ops) continue
      invoked++
      const input = workload.input(random)
      slot.f = input.f
      slot.key = keys[Math.floor(random() * keys.length)]
      slot.phase = 'invoked'
      emit(slot, 'invoke', input.value)
      ;(slot as Slot & { input: Invocation }).input = input
      continue
    }
    if (random() < crashRate) {
      emit(slot, 'info', null)
      slot.process = nextProcess++
      slot.phase = 'idle'
      continue
    }
    if (slot.phase === 'invoked') {
      if (random() < failRate) {
        emit(slot, 'fail', null)
        slot.phase = 'idle'
        continue
      }
      // The linearization point: the operation takes effect now, on the sequential object.
      const input = (slot as Slot & { input: Invocation }).input
      const r = workload.apply(states.get(slot.key) as S, input)
      if (r.fail !== true) states.set(slot.key, r.state)
      slot.output = r.output
      slot.fail = r.fail === true
      slot.phase = 'applied'
      continue
    }
    emit(slot, slot.fail ? 'fail' : 'ok', slot.output)
    slot.phase = 'idle'
  }
  return events
}

/** Values 0..values-1, so reads often see a value more than one write wrote. */
export function registerWorkload (values = 5): Workload<unknown> {
  return {
    model: registerModel(),
    apply: (state, input) => input.f === 'read' ? { state, output: state } : { state: input.value, output: input.value },
    input: next => next() < 0.5 ? { f: 'read', value: null } : { f: 'write', value: Math.floor(next() * values) }
  }
}

/** Jepsen's cas-register workload; a cas that finds another value completes as fail (Jepsen) or as ok false. */
export function casRegisterWorkload (values = 5): Workload<unknown> {
  return {
    model: casRegisterModel(),
    apply (state, input) {
      if (input.f === 'read') return { state, output: state }
      if (input.f === 'write') return { state: input.value, output: input.value }
      const [expected, next] = input.value as [unknown, unknown]
      if (valueEqual(state, expected)) return { state: next, output: true }
      return (expected as number) % 2 === 0 ? { state, output: false } : { state, output: null, fail: true }
    },
    input (next) {
      const r = next()
      const v = (): number => Math.floor(next() * values)
      if (r < 0.4) return { f: 'read', value: null }
      if (r < 0.6) return { f: 'write', value: v() }
      return { f: 'cas', value: [v(), v()] }
    }
  }
}

/**
 * chordkv's coordination register: puts with unique writeIds, half of them conditional on a
 * guessed version; a version mismatch completes as fail, as ok `{ mismatch: true, version }`,
 * or either (`mismatchAs`, default 'either').
 */
export function versionedRegisterWorkload (values = 5, mismatchAs: 'fail' | 'ok' | 'either' = 'either'): Workload<VersionedState> {
  let writes = 0
  return {
    model: versionedRegisterModel(),
    apply (state, input) {
      if (input.f === 'get') return { state, output: { ...state } }
      const args = input.value as { value?: unknown, ifVersion?: bigint, writeId: string }
      if (args.ifVersion !== undefined && args.ifVersion !== state.version) {
        const asOk = mismatchAs === 'ok' || (mismatchAs === 'either' && args.ifVersion % 2n === 0n)
        return asOk ? { state, output: { mismatch: true, version: state.version } } : { state, output: null, fail: true }
      }
      const next = { value: input.f === 'delete' ? null : args.value, version: state.version + 1n, writeId: args.writeId }
      return { state: next, output: next.version }
    },
    input (next) {
      const r = next()
      if (r < 0.45) return { f: 'get', value: null }
      const writeId = `w${++writes}`
      const ifVersion = next() < 0.5 ? BigInt(Math.floor(next() * 4)) : undefined
      const cond = ifVersion === undefined ? {} : { ifVersion }
      if (r < 0.5) return { f: 'delete', value: { writeId, ...cond } }
      return { f: 'put', value: { value: Math.floor(next() * values), writeId, ...cond } }
    }
  }
}
