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
 *
 * Beyond WGL/Lowe, each a restriction that keeps at least one linearization whenever there
 * is one (so the answer is exact; tested against brute force):
 *   - info operations in the memo by dominance: a configuration that used fewer of them, with
 *     the same ok operations and state, covers one that used more (see makeMemo);
 *   - an info operation that would change nothing is not linearized there;
 *   - twins (same input, output and status, nested no later in time) are linearized in order;
 *   - a legal read-only operation (Model.readOnly) is the only branch at its level;
 *   - ordering only: ok candidates before info ones, info ones by what they explain; and
 *     first rounds that allow at most 1, 2, 3 info operations back to back under a step
 *     budget — a linearization found there is one, and only the full round says "no".
 */
import type { HistoryEvent, Invocation, Operation } from './history.ts'
import { describeOperation as describeOp, pairOperations } from './history.ts'
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

/** A bounded round that ran out of steps: neither a linearization nor a verdict. */
const GAVE_UP = { ok: false } as const

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

/** `checkOperations` on a Jepsen-style history: pairs its events first (HistoryError if it cannot). */
export function checkHistory<S> (model: Model<S, Invocation>, events: readonly HistoryEvent[], options: CheckOptions = {}): CheckResult<S, Invocation, unknown> {
  return checkOperations(model, pairOperations(events), options)
}

/** One call or return in the search's linked list. */
interface Entry {
  /** Index of the operation in the partition's `live` array. */
  readonly op: number
  readonly isCall: boolean
  readonly time: number
  /** The operation is indeterminate (info): optional, and it never returns. */
  readonly info: boolean
  /** Its bit: in the set of ok operations linearized, or in the set of info operations. */
  readonly slot: number
  /**
   * The slot of this operation's twin (same status, input and output, called and returned no
   * later), which must be linearized first; -1 when it has none.
   */
  twin: number
  /** Position in time order, for reports. */
  order: number
  /** For an ok call: its return. */
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

/** Every bit of `a` is in `b`. */
function subset (a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & ~b[i]) !== 0) return false
  return true
}

/**
 * The configurations already explored: (ok operations linearized, state) → the sets of info
 * operations linearized with them. Lowe's memo, widened for info operations by dominance:
 * a configuration that linearized a subset of another's info operations, with the same ok
 * operations and state, can do everything the other can (info operations never constrain
 * what may come next), so once it was explored the other need not be. Each list is kept an
 * antichain. Without info operations this is exactly Porcupine's (bitset, state) cache.
 * `add` answers false when the configuration is covered by one explored already.
 */
type Memo<S> = (okBits: string, state: S, stateHash: string, infoBits: Uint32Array) => boolean

function makeMemo<S, I, O> (model: Model<S, I, O>, hasInfo: boolean): Memo<S> {
  const equal = model.hash === undefined ? model.equal : undefined
  if (!hasInfo && equal === undefined) {
    const seen = new Set<string>()
    return (okBits, _state, stateHash) => {
      // okBits has a fixed length per partition, so the concatenation is unambiguous.
      const key = okBits + stateHash
      if (seen.has(key)) return false
      seen.add(key)
      return true
    }
  }
  const seen = new Map<string, Array<{ state: S, infoSets: Uint32Array[] }>>()
  return (okBits, state, stateHash, infoBits) => {
    const key = equal === undefined ? okBits + stateHash : okBits
    let bucket = seen.get(key)
    if (bucket === undefined) seen.set(key, bucket = [])
    const slot = equal === undefined ? bucket[0] : bucket.find(b => equal(b.state, state))
    if (slot === undefined) {
      bucket.push({ state, infoSets: [infoBits.slice()] })
      return true
    }
    for (const explored of slot.infoSets) if (subset(explored, infoBits)) return false
    slot.infoSets = slot.infoSets.filter(explored => !subset(infoBits, explored))
    slot.infoSets.push(infoBits.slice())
    return true
  }
}

/** Longest runs of back-to-back info operations in the bounded rounds tried before the full search. */
const BOUNDED_INFO_RUNS = [1, 2, 3]

/** Search steps per operation a bounded round may take before giving way to the next. */
const BOUNDED_ROUND_STEPS_PER_OPERATION = 300

/** How many search steps between clock reads. */
const STEPS_PER_DEADLINE_CHECK = 1024

/** A key's operations, arranged for the search; shared by its rounds. */
interface SearchSpace<S, I, O> {
  readonly model: Model<S, I, O>
  readonly key: string | undefined
  /** The operations searched (fail left out), in call order. */
  readonly live: ReadonlyArray<Operation<I, O>>
  readonly mustLinearize: number
  readonly infoCount: number
  /** The list of calls and returns; every search leaves it as it found it. */
  readonly head: Entry
  readonly callOf: readonly Entry[]
  readonly okBits: Uint32Array
  readonly infoBits: Uint32Array
  readonly okKey: () => string
  readonly hash: (state: S) => string
  readonly equal: ((a: S, b: S) => boolean) | undefined
  readonly deadline: number
  /** By index in `live`: an ok operation the model says changes no state. */
  readonly readOnly: readonly boolean[]
}

function checkPartition<S, I, O> (model: Model<S, I, O>, part: ReadonlyArray<Operation<I, O>>, deadline: number): PartitionResult<S, I, O> {
  const live = part.filter(op => op.status !== 'fail').sort((a, b) => a.call - b.call || a.id - b.id)
  const key = part[0]?.key
  const mustLinearize = live.reduce((n, op) => n + (op.status === 'ok' ? 1 : 0), 0)
  if (mustLinearize === 0) return { ok: true }

  // The entry list, in time order; at equal times calls first (concurrent), then by operation.
  const entries: Entry[] = []
  const callOf: Entry[] = []
  let okCount = 0
  let infoCount = 0
  // Twins: operations A and B with the same status, input and output, where A was called
  // and returned no later than B, can swap linearization points (A takes B's, B takes A's:
  // both stay inside their intervals), so only orders with A before B are searched. Each
  // operation is paired with the last earlier-called one of its kind, when that one returned
  // no later.
  const lastOfKind = new Map<string, number>()
  live.forEach((op, i) => {
    const info = op.status === 'info'
    const call: Entry = { op: i, isCall: true, time: op.call, info, slot: info ? infoCount++ : okCount++, twin: -1, order: 0, match: null, prev: null, next: null }
    callOf.push(call)
    entries.push(call)
    const kind = `${op.status}|${canonical(op.input)}|${info ? '' : canonical(op.output)}`
    const before = lastOfKind.get(kind)
    if (before !== undefined && live[before].return <= op.return) call.twin = callOf[before].slot
    lastOfKind.set(kind, i)
    if (!info) {
      const ret: Entry = { op: i, isCall: false, time: op.return, info, slot: call.slot, twin: -1, order: 0, match: null, prev: null, next: null }
      call.match = ret
      entries.push(ret)
    }
  })
  entries.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.op - b.op : a.isCall ? -1 : 1))
  const head: Entry = { op: -1, isCall: false, time: -Infinity, info: false, slot: -1, twin: -1, order: -1, match: null, prev: null, next: null }
  let last = head
  entries.forEach((e, i) => {
    e.order = i
    e.prev = last
    last.next = e
    last = e
  })

  const okBits = new Uint32Array(Math.ceil(okCount / 32))
  const okBitsView = new Uint16Array(okBits.buffer)
  const okKey = (): string => String.fromCharCode.apply(null, okBitsView as unknown as number[])
  const infoBits = new Uint32Array(Math.ceil(infoCount / 32))
  const equal = model.hash === undefined ? model.equal : undefined
  const hash = equal === undefined ? (model.hash ?? canonical) : () => ''

  const space: SearchSpace<S, I, O> = {
    model, key, live, mustLinearize, infoCount, head, callOf, okBits, infoBits, okKey, hash, equal, deadline,
    readOnly: live.map(op => op.status === 'ok' && model.readOnly?.(op.input, op.output as O) === true)
  }

  // Iterative deepening on the longest run of info operations linearized back to back: most
  // histories need runs of one or two, and bounding runs stops a search from trying every
  // subset of the pending info operations wherever it backtracks. A bounded round that
  // succeeds found a linearization; failure is only ever reported by the unbounded round.
  // Bounded rounds get a step budget, so on a history that is not linearizable (where only the
  // full search can say so) they cost a fraction of the full search.
  if (infoCount > 0) {
    for (const maxInfoRun of BOUNDED_INFO_RUNS) {
      const bounded = search(space, maxInfoRun, BOUNDED_ROUND_STEPS_PER_OPERATION * live.length + 100_000)
      if (bounded.ok !== false) return bounded // a linearization, or out of time
    }
  }
  return search(space, Infinity, Infinity) as PartitionResult<S, I, O>
}

/** An info operation ready to be linearized at some level, with the state it leads to. */
interface InfoChoice<S> {
  readonly call: Entry
  readonly next: S
  readonly nextHash: string
}

/** One step of the search stack. */
interface Frame<S> {
  readonly call: Entry
  /** The model state (and its hash) after `call`. */
  readonly state: S
  readonly hash: string
  /** Info operations linearized back to back, this one included. */
  readonly infoRun: number
  /** The only branch tried at its level (a read-only operation): undoing it undoes the level. */
  readonly forced: boolean
  /** For an info step: the level's ordered info choices, and this one's position among them. */
  readonly choices?: ReadonlyArray<InfoChoice<S>>
  readonly choice?: number
}

/**
 * One depth-first search over linearizations, with info operations linearized at most
 * `maxInfoRun` back to back, giving up (GAVE_UP) after about `maxSteps` steps.
 *
 * At each level: first a read-only operation, if one is legal (the only branch: see below);
 * else the ok operations that may go next, in call order; then the info operations that may,
 * ordered by `infoChoices`.
 */
function search<S, I, O> (space: SearchSpace<S, I, O>, maxInfoRun: number, maxSteps: number): PartitionResult<S, I, O> | typeof GAVE_UP {
  const { model, key, live, mustLinearize, infoCount, head, callOf, okBits, infoBits, okKey, hash, equal, deadline, readOnly } = space
  const bitsOf = (e: Entry): Uint32Array => e.info ? infoBits : okBits
  const initial = model.init()
  const initialHash = hash(initial)
  const memo = makeMemo(model, infoCount > 0)
  const stack: Array<Frame<S>> = []
  let state = initial
  let stateHash = initialHash
  let done = 0 // ok operations linearized
  let infoRun = 0

  // The deepest linearization reached. Its first `bestValid` steps are also the stack's, so
  // a new deepest point copies only what changed since (linear in search steps overall).
  const best: Array<Frame<S>> = []
  let bestValid = 0

  const push = (frame: Frame<S>): void => {
    stack.push(frame)
    infoRun = frame.infoRun
    state = frame.state
    stateHash = frame.hash
    if (!frame.call.info) done++
    lift(frame.call)
    if (stack.length > best.length) {
      for (let i = bestValid; i < stack.length; i++) best[i] = stack[i]
      bestValid = stack.length
    }
  }
  const pop = (): Frame<S> => {
    const frame = stack.pop() as Frame<S>
    if (stack.length < bestValid) bestValid = stack.length
    const below = stack.length === 0 ? undefined : stack[stack.length - 1]
    infoRun = below?.infoRun ?? 0
    state = below === undefined ? initial : below.state
    stateHash = below === undefined ? initialHash : below.hash
    const call = frame.call
    bitsOf(call)[call.slot >>> 5] &= ~(1 << (call.slot & 31))
    if (!call.info) done--
    unlift(call)
    return frame
  }
  const waitsForTwin = (e: Entry): boolean => e.twin >= 0 && (bitsOf(e)[e.twin >>> 5] & (1 << (e.twin & 31))) === 0
  const unchanged = (next: S, nextHash: string): boolean => equal === undefined ? nextHash === stateHash : equal(next, state)
  /** Marks `call` linearized; false (and unmarked) when that configuration was explored already. */
  const mark = (call: Entry, next: S, nextHash: string): boolean => {
    const bits = bitsOf(call)
    bits[call.slot >>> 5] |= 1 << (call.slot & 31)
    if (memo(okKey(), next, nextHash, infoBits)) return true
    bits[call.slot >>> 5] &= ~(1 << (call.slot & 31))
    return false
  }
  /** Reads of the current level's candidates that `next` would make legal. */
  const enablesRead = (next: S): boolean => {
    for (let e = head.next; e !== null && e.isCall; e = e.next) {
      if (!readOnly[e.op] || waitsForTwin(e)) continue
      const op = live[e.op]
      if (model.step(next, op.input, op.output).ok) return true
    }
    return false
  }
  /**
   * The info operations that may go next at this level, in the order to try them: first
   * those after which a pending read becomes legal (a read says which of several writes took
   * effect), then those that make some ok candidate legal, then the rest; latest call first
   * within each, since the info operations pending longest are the likeliest never to have
   * taken effect (a client that crashed before its request got anywhere). An info operation
   * that changes nothing here is left out: leaving it for later dominates.
   */
  const infoChoices = (): Array<InfoChoice<S>> => {
    const tiers: Array<Array<InfoChoice<S>>> = [[], [], []]
    const okCandidates: Entry[] = []
    let e = head.next
    for (; e !== null && e.isCall; e = e.next) if (!e.info && !waitsForTwin(e)) okCandidates.push(e)
    for (let c = e === null ? lastEntry(head) : e.prev; c !== null && c !== head; c = c.prev) {
      if (!c.info || waitsForTwin(c)) continue
      const op = live[c.op]
      const r = model.step(state, op.input, op.output)
      if (!r.ok) continue
      const h = hash(r.state)
      if (unchanged(r.state, h)) continue
      const choice = { call: c, next: r.state, nextHash: h }
      if (enablesRead(r.state)) tiers[0].push(choice)
      else if (okCandidates.some(o => model.step(r.state, live[o.op].input, live[o.op].output).ok)) tiers[1].push(choice)
      else tiers[2].push(choice)
    }
    return [...tiers[0], ...tiers[1], ...tiers[2]]
  }

  let entry: Entry | null = head.next // the next ok candidate to try at this level
  let choices: ReadonlyArray<InfoChoice<S>> | undefined // this level's info choices, once the ok ones are exhausted
  let choice = 0
  let newLevel = true
  let steps = 0
  const descend = (): void => {
    entry = head.next
    choices = undefined
    newLevel = true
  }
  while (true) {
    if (done === mustLinearize) return { ok: true }
    if ((++steps & (STEPS_PER_DEADLINE_CHECK - 1)) === 0) {
      if (performance.now() > deadline) return { ok: 'unknown' }
      if (steps > maxSteps) {
        while (stack.length > 0) pop() // leave the list and bitsets as they were, for the next round
        return GAVE_UP
      }
    }
    let deadEnd = false
    if (newLevel) {
      newLevel = false
      // Partial-order reduction: a candidate read-only operation (model.readOnly) that is
      // legal here can be moved to the front of any linearization from here — nothing before
      // it in real time is pending, and taking it out of its place changes no state. So it is
      // the only branch tried at this level, and if its configuration was explored already,
      // this level is a dead end.
      for (let e = head.next; e !== null && e.isCall; e = e.next) {
        if (!readOnly[e.op] || waitsForTwin(e)) continue
        const op = live[e.op]
        const r = model.step(state, op.input, op.output)
        if (!r.ok) continue
        const h = hash(r.state)
        if (mark(e, r.state, h)) {
          push({ call: e, state: r.state, hash: h, infoRun: 0, forced: true })
          descend()
        } else {
          deadEnd = true
        }
        break
      }
      if (newLevel) continue
    }
    if (!deadEnd && choices === undefined && entry !== null && entry.isCall) {
      const current: Entry = entry
      entry = current.next
      if (current.info || waitsForTwin(current)) continue
      const op = live[current.op]
      const r = model.step(state, op.input, op.output)
      if (!r.ok) continue
      const h = hash(r.state)
      if (mark(current, r.state, h)) {
        push({ call: current, state: r.state, hash: h, infoRun: 0, forced: false })
        descend()
      }
      continue
    }
    if (!deadEnd && choices === undefined && infoCount > 0 && infoRun < maxInfoRun) {
      choices = infoChoices()
      choice = 0
      steps += choices.length // building them stepped the model for each
    }
    if (!deadEnd && choices !== undefined && choice < choices.length) {
      const c = choices[choice]
      if (mark(c.call, c.next, c.nextHash)) {
        push({ call: c.call, state: c.next, hash: c.nextHash, infoRun: infoRun + 1, forced: false, choices, choice })
        descend()
      } else {
        choice++
      }
      continue
    }
    // No candidate left at this level leads anywhere. Undo the most recent choice and try the
    // next one at its level; a forced choice had no alternatives, so undo the one before it too.
    let undone: Frame<S> | undefined
    while (stack.length > 0) {
      undone = pop()
      if (!undone.forced) break
    }
    if (undone === undefined || undone.forced) break
    if (undone.call.info) {
      entry = null
      choices = undone.choices
      choice = (undone.choice as number) + 1
    } else {
      entry = undone.call.next
      choices = undefined
    }
  }
  return failure(model, key, live, initial, best.map(f => f.call), best.map(f => f.state), callOf)
}

/** The last entry of the list (head when it is empty). */
function lastEntry (head: Entry): Entry {
  let e = head
  while (e.next !== null) e = e.next
  return e
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
