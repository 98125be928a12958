/**
 * Linearizability checking by the Wing & Gong search with Lowe's memoisation (Lowe 2017,
 * "Testing for linearizability"), shaped as in Porcupine (Athalye): a model is init + step,
 * and the history is first split into independent parts (P-compositionality: Herlihy & Wing
 * 1990, §3.3 — a history is linearizable iff each object's sub-history is), one per key.
 *
 * The search keeps the history's calls and returns as one doubly linked list in time order.
 * At any point the candidates for "the next operation to take effect" are the calls that
 * come before the first remaining return (no unlinearized operation finished before they
 * began). Linearizing one "lifts" its call and return out of the list; backtracking
 * "unlifts" them back in place. The memo holds every (set of linearized operations, model
 * state) pair already reached, so each is explored once (Lowe's cache; Porcupine's
 * `cache` keyed by bitset and state).
 *
 * Conventions:
 *   - `fail` operations are dropped: they did not happen.
 *   - `info` operations have no return in the list: they may be linearized at any point
 *     after their call, or never. The search succeeds once every `ok` operation is
 *     linearized, whatever info operations remain.
 *   - Equal times count as concurrent (at the same instant, calls sort before returns), so
 *     a coarse clock can hide an ordering but never invents a violation.
 */
import type { Operation } from './history.ts'
import { describeOperation as describeOp } from './history.ts'
import type { Model } from './model.ts'
import { partitionByKey } from './model.ts'
import { canonical } from './value.ts'

export interface CheckOptions {
  /** Give up (ok: 'unknown') after this long, over all keys; default: no limit. */
  readonly timeoutMs?: number
  /** Check keys independently (default true). False checks the whole history as one object. */
  readonly partition?: boolean
}

export interface LinearizedStep<S, I, O> {
  readonly op: Operation<I, O>
  /** The model state right after `op` took effect. */
  readonly state: S
}

/** The longest linearization the search found for the failing key. */
export interface PartialLinearization<S, I, O> {
  readonly key: string | undefined
  /** Operations in linearization order, each with the state after it. */
  readonly linearized: ReadonlyArray<LinearizedStep<S, I, O>>
  /** The state after the last of them (the initial state when none). */
  readonly state: S
}

/** Why the failing key's history is not linearizable, at the deepest point the search reached. */
export interface Counterexample<S, I, O> {
  readonly key: string | undefined
  /**
   * The operation that had to take effect next — of those not linearized, the one that
   * returned first — and could not, nor could any candidate lead to a linearization.
   */
  readonly blocked: Operation<I, O>
  /**
   * The operations that could have been linearized at that point (invoked before `blocked`
   * returned), with whether the model allows each from the state reached.
   */
  readonly candidates: ReadonlyArray<{ readonly op: Operation<I, O>, readonly legal: boolean }>
  /** Every checked operation of the key (fail operations left out), in call order. */
  readonly ops: ReadonlyArray<Operation<I, O>>
}

export type CheckResult<S, I, O> =
  | { readonly ok: true, readonly keys: number, readonly elapsedMs: number }
  | {
    readonly ok: false
    readonly key: string | undefined
    readonly partial: PartialLinearization<S, I, O>
    readonly counterexample: Counterexample<S, I, O>
    readonly elapsedMs: number
  }
  | { readonly ok: 'unknown', readonly reason: 'timeout', readonly keys: number, readonly checkedKeys: number, readonly elapsedMs: number }

/** The outcome for one key. */
type PartitionResult<S, I, O> =
  | { ok: true }
  | { ok: false, partial: PartialLinearization<S, I, O>, counterexample: Counterexample<S, I, O> }
  | { ok: 'unknown' }

/**
 * Whether `ops` is linearizable with respect to `model`. Keys are checked one by one (each
 * independently); the first key found not linearizable ends the check. A timeout answers
 * 'unknown' unless some key was already found not linearizable.
 */
export function checkOperations<S, I, O> (model: Model<S, I, O>, ops: ReadonlyArray<Operation<I, O>>, options: CheckOptions = {}): CheckResult<S, I, O> {
  const started = performance.now()
  const deadline = options.timeoutMs === undefined ? Infinity : started + options.timeoutMs
  for (const op of ops) {
    if (!(op.return >= op.call)) throw new RangeError(`operation ${op.id} returns before its call (${op.call} > ${op.return})`)
    if (op.status === 'info' && op.return !== Infinity) throw new RangeError(`info operation ${op.id} must return at Infinity`)
  }
  const parts = options.partition === false ? [[...ops]] : (model.partition ?? partitionByKey)(ops)
  let checked = 0
  for (const part of parts) {
    const r = checkPartition(model, part, deadline)
    const elapsedMs = performance.now() - started
    if (r.ok === false) return { ok: false, key: r.partial.key, partial: r.partial, counterexample: r.counterexample, elapsedMs }
    if (r.ok === 'unknown') return { ok: 'unknown', reason: 'timeout', keys: parts.length, checkedKeys: checked, elapsedMs }
    checked++
  }
  return { ok: true, keys: parts.length, elapsedMs: performance.now() - started }
}

/** One call or return in the search's linked list. */
interface Entry {
  /** Index of the operation in the partition's `live` array. */
  readonly op: number
  readonly isCall: boolean
  readonly time: number
  /** Position in time order (ties broken as sorted), for reports. */
  order: number
  /** For a call: its return (null for info operations, which never return). */
  match: Entry | null
  prev: Entry | null
  next: Entry | null
}

/** Takes a call (and its return) out of the list: Lowe's lift. */
function lift (call: Entry): void {
  ;(call.prev as Entry).next = call.next
  if (call.next !== null) call.next.prev = call.prev
  const ret = call.match
  if (ret !== null) {
    ;(ret.prev as Entry).next = ret.next
    if (ret.next !== null) ret.next.prev = ret.prev
  }
}

/** Puts a lifted call back where it was; entries are unlifted in reverse order of lifting. */
function unlift (call: Entry): void {
  const ret = call.match
  if (ret !== null) {
    ;(ret.prev as Entry).next = ret
    if (ret.next !== null) ret.next.prev = ret
  }
  ;(call.prev as Entry).next = call
  if (call.next !== null) call.next.prev = call
}

/** The (linearized set, state) pairs already explored. */
interface Memo<S> {
  /** Adds the pair; false when it was there already. */
  add: (bits: string, state: S) => boolean
}

function makeMemo<S, I, O> (model: Model<S, I, O>): Memo<S> {
  if (model.hash === undefined && model.equal !== undefined) {
    const equal = model.equal
    const seen = new Map<string, S[]>()
    return {
      add (bits, state) {
        const bucket = seen.get(bits)
        if (bucket === undefined) { seen.set(bits, [state]); return true }
        if (bucket.some(s => equal(s, state))) return false
        bucket.push(state)
        return true
      }
    }
  }
  const hash = model.hash ?? canonical
  const seen = new Set<string>()
  return {
    add (bits, state) {
      // bits has a fixed length per partition, so the concatenation is unambiguous.
      const key = bits + hash(state)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    }
  }
}

/** How many search steps between clock reads. */
const STEPS_PER_DEADLINE_CHECK = 1024

function checkPartition<S, I, O> (model: Model<S, I, O>, part: ReadonlyArray<Operation<I, O>>, deadline: number): PartitionResult<S, I, O> {
  const live = part.filter(op => op.status !== 'fail').sort((a, b) => a.call - b.call || a.id - b.id)
  const key = part[0]?.key
  const mustLinearize = live.reduce((n, op) => n + (op.status === 'ok' ? 1 : 0), 0)
  if (mustLinearize === 0) return { ok: true }

  // The entry list, in time order; at equal times calls first (concurrent), then by operation.
  const entries: Entry[] = []
  const callOf: Entry[] = []
  live.forEach((op, i) => {
    const call: Entry = { op: i, isCall: true, time: op.call, order: 0, match: null, prev: null, next: null }
    callOf.push(call)
    entries.push(call)
    if (op.status === 'ok') {
      const ret: Entry = { op: i, isCall: false, time: op.return, order: 0, match: null, prev: null, next: null }
      call.match = ret
      entries.push(ret)
    }
  })
  entries.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.op - b.op : a.isCall ? -1 : 1))
  const head: Entry = { op: -1, isCall: false, time: -Infinity, order: -1, match: null, prev: null, next: null }
  let last = head
  entries.forEach((e, i) => {
    e.order = i
    e.prev = last
    last.next = e
    last = e
  })

  const words = Math.ceil(live.length / 32)
  const linearized = new Uint32Array(words)
  const bitsView = new Uint16Array(linearized.buffer)
  const bitsKey = (): string => String.fromCharCode.apply(null, bitsView as unknown as number[])
  const memo = makeMemo(model)

  // The search stack: the calls linearized, in order, and the model state after each.
  const stackCalls: Entry[] = []
  const stackStates: S[] = []
  const initial = model.init()
  let state = initial
  let done = 0 // ok operations linearized

  // The deepest linearization reached. Its first `bestValid` steps are also the stack's, so
  // a new deepest point copies only what changed since (linear in search steps overall).
  const bestCalls: Entry[] = []
  const bestStates: S[] = []
  let bestValid = 0

  let entry = head.next
  let steps = 0
  while (true) {
    if (done === mustLinearize) return { ok: true }
    if ((++steps & (STEPS_PER_DEADLINE_CHECK - 1)) === 0 && performance.now() > deadline) return { ok: 'unknown' }
    if (entry !== null && entry.isCall) {
      const op = live[entry.op]
      const r = model.step(state, op.input, op.output)
      if (r.ok) {
        const word = entry.op >>> 5
        const bit = 1 << (entry.op & 31)
        linearized[word] |= bit
        if (memo.add(bitsKey(), r.state)) {
          stackCalls.push(entry)
          stackStates.push(r.state)
          state = r.state
          if (entry.match !== null) done++
          lift(entry)
          if (stackCalls.length > bestCalls.length) {
            for (let i = bestValid; i < stackCalls.length; i++) {
              bestCalls[i] = stackCalls[i]
              bestStates[i] = stackStates[i]
            }
            bestValid = stackCalls.length
          }
          entry = head.next
          continue
        }
        linearized[word] &= ~bit
      }
      entry = entry.next
    } else {
      // A return (or the end): its operation had to be linearized by now, and no candidate
      // left leads anywhere. Undo the most recent choice and try the next candidate after it.
      if (stackCalls.length === 0) break
      const call = stackCalls.pop() as Entry
      stackStates.pop()
      if (stackCalls.length < bestValid) bestValid = stackCalls.length
      state = stackStates.length === 0 ? initial : stackStates[stackStates.length - 1]
      linearized[call.op >>> 5] &= ~(1 << (call.op & 31))
      if (call.match !== null) done--
      unlift(call)
      entry = call.next
    }
  }
  return failure(model, key, live, initial, bestCalls, bestStates, callOf)
}

function failure<S, I, O> (model: Model<S, I, O>, key: string | undefined, live: ReadonlyArray<Operation<I, O>>, initial: S,
  bestCalls: readonly Entry[], bestStates: readonly S[], callOf: readonly Entry[]): PartitionResult<S, I, O> {
  const state = bestStates.length === 0 ? initial : bestStates[bestStates.length - 1]
  const isLinearized = new Set(bestCalls.map(e => e.op))
  // The op that had to go next: the earliest return among the ok operations not linearized.
  let blockedReturn: Entry | undefined
  for (let i = 0; i < live.length; i++) {
    const ret = callOf[i].match
    if (isLinearized.has(i) || ret === null) continue
    if (blockedReturn === undefined || ret.order < blockedReturn.order) blockedReturn = ret
  }
  const blocked = blockedReturn as Entry
  const candidates = live
    .filter((_, i) => !isLinearized.has(i) && callOf[i].order < blocked.order)
    .map(op => ({ op, legal: model.step(state, op.input, op.output).ok }))
  return {
    ok: false,
    partial: { key, linearized: bestCalls.map((e, i) => ({ op: live[e.op], state: bestStates[i] })), state },
    counterexample: { key, blocked: live[blocked.op], candidates, ops: live }
  }
}

/** A report for people: what failed, the longest linearization found, and why it stops. */
export function explain<S, I, O> (result: CheckResult<S, I, O>, model: Model<S, I, O>): string {
  if (result.ok === true) return `linearizable: ${result.keys} key(s) checked in ${result.elapsedMs.toFixed(0)} ms`
  if (result.ok === 'unknown') return `unknown: timed out after ${result.elapsedMs.toFixed(0)} ms with ${result.checkedKeys} of ${result.keys} key(s) checked`
  const op = (o: Operation<I, O>): string => model.describeOperation?.(o) ?? describeOp(o as Operation)
  const st = (s: S): string => model.describeState?.(s) ?? canonical(s)
  const { partial, counterexample: cx } = result
  const lines = [`NOT linearizable: key ${result.key === undefined ? '(none)' : JSON.stringify(result.key)}`]
  lines.push(`longest linearization found: ${partial.linearized.length} of ${cx.ops.length} operation(s), from ${st(model.init())}`)
  for (const s of partial.linearized) lines.push(`  ${op(s.op)}   ⇒ ${st(s.state)}`)
  lines.push(`then ${op(cx.blocked)} had to take effect, but from ${st(partial.state)} no order of these explains it:`)
  for (const c of cx.candidates) lines.push(`  ${c.legal ? 'allowed  ' : 'illegal  '} ${op(c.op)}`)
  lines.push(`all operations of the key (call order):`)
  for (const o of cx.ops) lines.push(`  ${op(o)}`)
  return lines.join('\n')
}
