/**
 * Jepsen-style histories: every operation is recorded as an `invoke` event and, later, one
 * completion by the same process —
 *
 *   - `ok`:   it happened, and `value` is its result;
 *   - `fail`: it definitely did not happen (no effect, ever);
 *   - `info`: indeterminate — it may have taken effect at any instant after its invoke, or
 *             never. Its completion time is +∞ and its result unknown. As in Jepsen, a process
 *             that got `info` should continue under a new process id; an invoke with no
 *             completion at the end of a history counts as `info`.
 *
 * `pairOperations` turns events into operations (invoke + completion), the unit the checkers
 * work on, and `parseHistory`/`formatHistory` read and write a history as JSONL, one event a
 * line (bigints as `{"$bigint":"12"}`, bytes as `{"$bytes":"0a0b"}`).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { canonical } from './value.ts'

export type Process = number | string
export type EventType = 'invoke' | 'ok' | 'fail' | 'info'

/** One line of a history. `time` is monotonic (ns or ms; one unit per history). */
export interface HistoryEvent {
  readonly process: Process
  readonly type: EventType
  readonly f: string
  readonly key?: string
  readonly value?: unknown
  readonly time: number | bigint
  /** Position in the history; `pairOperations` uses the array position when absent. */
  readonly index?: number
  /** Why a `fail` or `info` happened (an error name), for people reading the history. */
  readonly error?: string
}

/** The output of an operation whose outcome is unknown (an `info` completion). */
export const UNKNOWN: unique symbol = Symbol.for('chordkv.jepsen.unknown')
export type Unknown = typeof UNKNOWN

/** What a process asked for: the invoke's `f` and `value` (the model's input for Jepsen histories). */
export interface Invocation<V = unknown> {
  readonly f: string
  readonly value: V
}

export type OpStatus = 'ok' | 'fail' | 'info'

/**
 * One operation: an invoke paired with its completion. `call` and `return` are the invoke
 * and completion times; `return` is Infinity for `info` (it may take effect at any time after
 * `call`, or never), and `output` is UNKNOWN then.
 */
export interface Operation<I = unknown, O = unknown> {
  /** Position among the operations of its history, in invoke order. */
  readonly id: number
  readonly process: Process
  readonly f: string
  readonly key?: string
  readonly input: I
  readonly output: O | Unknown
  readonly call: number
  readonly return: number
  readonly status: OpStatus
  /** Index of the invoke and completion events in the history (completion absent for a never-completed invoke). */
  readonly invokeIndex?: number
  readonly completionIndex?: number
  readonly error?: string
}

/** A history that cannot be paired: a completion without invoke, a double invoke, time running backwards. */
export class HistoryError extends Error {
  override readonly name = 'HistoryError'
}

/**
 * Pairs each invoke with the next event of the same process, which must complete it (same
 * `f`). Operations come out in invoke order; the input of each is `{ f, value }` of its invoke,
 * the output the completion's `value` (UNKNOWN for info). bigint times are rebased to the
 * earliest event and made numbers (exact for 104 days of nanoseconds).
 */
export function pairOperations (events: readonly HistoryEvent[]): Array<Operation<Invocation>> {
  const times = normaliseTimes(events)
  const pending = new Map<Process, number>()
  const completionOf = new Map<number, number>()
  for (let i = 0; i < events.length; i++) {
    const e = events[i]
    if (e.type === 'invoke') {
      const open = pending.get(e.process)
      if (open !== undefined) {
        throw new HistoryError(`process ${String(e.process)} invoked ${e.f} (event ${indexOf(events, i)}) before completing ${events[open].f} (event ${indexOf(events, open)})`)
      }
      pending.set(e.process, i)
    } else if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') {
      const open = pending.get(e.process)
      if (open === undefined) throw new HistoryError(`process ${String(e.process)} completed ${e.f} (event ${indexOf(events, i)}) without an invoke`)
      if (events[open].f !== e.f) {
        throw new HistoryError(`process ${String(e.process)} invoked ${events[open].f} (event ${indexOf(events, open)}) but completed ${e.f} (event ${indexOf(events, i)})`)
      }
      if (times[i] < times[open]) throw new HistoryError(`event ${indexOf(events, i)} completes before its invoke (time ${times[i]} < ${times[open]})`)
      pending.delete(e.process)
      completionOf.set(open, i)
    } else {
      throw new HistoryError(`event ${indexOf(events, i)} has unknown type ${String((e as { type: unknown }).type)}`)
    }
  }
  const ops: Array<Operation<Invocation>> = []
  for (let i = 0; i < events.length; i++) {
    const invoke = events[i]
    if (invoke.type !== 'invoke') continue
    const c = completionOf.get(i)
    const done = c === undefined ? undefined : events[c]
    const status: OpStatus = done === undefined ? 'info' : (done.type as OpStatus)
    const key = invoke.key ?? done?.key
    const error = done?.error
    ops.push({
      id: ops.length,
      process: invoke.process,
      f: invoke.f,
      ...(key === undefined ? {} : { key }),
      input: { f: invoke.f, value: invoke.value },
      output: status === 'info' ? UNKNOWN : done?.value,
      call: times[i],
      return: status === 'info' ? Infinity : times[c as number],
      status,
      invokeIndex: indexOf(events, i),
      ...(c === undefined ? {} : { completionIndex: indexOf(events, c) }),
      ...(error === undefined ? {} : { error })
    })
  }
  return ops
}

function indexOf (events: readonly HistoryEvent[], i: number): number {
  return events[i].index ?? i
}

function normaliseTimes (events: readonly HistoryEvent[]): number[] {
  if (!events.some(e => typeof e.time === 'bigint')) {
    return events.map((e, i) => {
      if (typeof e.time !== 'number' || Number.isNaN(e.time)) throw new HistoryError(`event ${indexOf(events, i)} has no time`)
      return e.time
    })
  }
  const big = events.map(e => typeof e.time === 'bigint' ? e.time : BigInt(Math.round(e.time)))
  const min = big.reduce((a, b) => (b < a ? b : a), big[0])
  return big.map(t => Number(t - min))
}

/**
 * Records a history as it happens, with a monotonic clock (default: process.hrtime in ns,
 * counted from the recorder's creation). `invoke` returns the handle that completes it.
 */
export class HistoryRecorder {
  readonly events: HistoryEvent[] = []
  private readonly clock: () => number

  constructor (components: { readonly clock?: () => number } = {}) {
    if (components.clock !== undefined) {
      this.clock = components.clock
    } else {
      const start = process.hrtime.bigint()
      this.clock = () => Number(process.hrtime.bigint() - start)
    }
  }

  invoke (process: Process, f: string, value?: unknown, key?: string): Completion {
    this.push({ process, type: 'invoke', f, value, key })
    let done = false
    const complete = (type: EventType, value?: unknown, error?: string): void => {
      if (done) throw new HistoryError(`process ${String(process)} completed ${f} twice`)
      done = true
      this.push({ process, type, f, value, key, error })
    }
    return {
      ok: value => { complete('ok', value) },
      fail: (value, error) => { complete('fail', value, error) },
      info: (value, error) => { complete('info', value, error) }
    }
  }

  private push (e: { process: Process, type: EventType, f: string, value?: unknown, key?: string, error?: string }): void {
    const event: HistoryEvent = {
      process: e.process,
      type: e.type,
      f: e.f,
      ...(e.key === undefined ? {} : { key: e.key }),
      value: e.value ?? null,
      time: this.clock(),
      index: this.events.length,
      ...(e.error === undefined ? {} : { error: e.error })
    }
    this.events.push(event)
  }
}

export interface Completion {
  ok: (value?: unknown) => void
  fail: (value?: unknown, error?: string) => void
  info: (value?: unknown, error?: string) => void
}

function encode (_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() }
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') }
  if (value === UNKNOWN) return { $unknown: true }
  if (value === Infinity) return { $infinity: true }
  return value
}

function decode (_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>
    const keys = Object.keys(o)
    if (keys.length === 1) {
      if (typeof o.$bigint === 'string') return BigInt(o.$bigint)
      if (typeof o.$bytes === 'string') return Uint8Array.from(Buffer.from(o.$bytes, 'hex'))
      if (o.$unknown === true) return UNKNOWN
      if (o.$infinity === true) return Infinity
    }
  }
  return value
}

/** One JSON line (bigints, bytes, UNKNOWN and Infinity tagged so `parseLine` restores them). */
export function formatLine (value: unknown): string {
  return JSON.stringify(value, encode)
}

export function parseLine (line: string): unknown {
  return JSON.parse(line, decode)
}

/** A history as JSONL: one event a line, newline-terminated. */
export function formatHistory (events: readonly HistoryEvent[]): string {
  return events.map(e => formatLine(e) + '\n').join('')
}

/** Parses JSONL (blank lines ignored). Throws HistoryError naming the line that is not an event. */
export function parseHistory (text: string): HistoryEvent[] {
  const events: HistoryEvent[] = []
  const lines = text.split('\n')
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim()
    if (line === '') continue
    let e: unknown
    try {
      e = parseLine(line)
    } catch (err) {
      throw new HistoryError(`line ${n + 1}: ${(err as Error).message}`)
    }
    const problem = eventProblem(e)
    if (problem !== undefined) throw new HistoryError(`line ${n + 1}: ${problem}`)
    events.push(e as HistoryEvent)
  }
  return events
}

function eventProblem (e: unknown): string | undefined {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return 'not an object'
  const o = e as Record<string, unknown>
  if (typeof o.process !== 'number' && typeof o.process !== 'string') return 'process is not a number or string'
  if (o.type !== 'invoke' && o.type !== 'ok' && o.type !== 'fail' && o.type !== 'info') return `type ${JSON.stringify(o.type)} is not invoke, ok, fail or info`
  if (typeof o.f !== 'string') return 'f is not a string'
  if (typeof o.time !== 'number' && typeof o.time !== 'bigint') return 'time is not a number'
  if (o.key !== undefined && typeof o.key !== 'string') return 'key is not a string'
  return undefined
}

export function readHistoryFile (path: string): HistoryEvent[] {
  return parseHistory(readFileSync(path, 'utf8'))
}

export function writeHistoryFile (path: string, events: readonly HistoryEvent[]): void {
  writeFileSync(path, formatHistory(events))
}

/** `p3 cas(k1, [1,2]) → ok true  [10, 20]` — one operation for people reading a report. */
export function describeOperation (op: Operation): string {
  const input = isInvocation(op.input) && op.input.f === op.f ? op.input.value : op.input
  const args = [op.key, input === undefined || input === null ? undefined : canonical(input)].filter(a => a !== undefined).join(', ')
  const outcome = op.status === 'ok' ? `ok ${canonical(op.output)}` : op.status
  const ret = op.return === Infinity ? '∞' : String(op.return)
  return `#${op.id} p${String(op.process)} ${op.f}(${args}) → ${outcome}  [${op.call}, ${ret}]`
}

function isInvocation (x: unknown): x is Invocation {
  return x !== null && typeof x === 'object' && typeof (x as Invocation).f === 'string' && 'value' in x
}

/** One operation of a hand-written history (`makeOperations`). */
export interface OperationSpec {
  readonly process?: Process
  readonly f: string
  readonly key?: string
  /** The invoke's value (the input). */
  readonly value?: unknown
  /** The ok completion's value. */
  readonly output?: unknown
  readonly call: number
  /** Absent for info. */
  readonly return?: number
  /** Default: 'ok', or 'info' when `return` is absent. */
  readonly status?: OpStatus
}

/** Operations from compact specs, ids in the given order; processes default to the position. */
export function makeOperations (specs: readonly OperationSpec[]): Array<Operation<Invocation>> {
  return specs.map((s, id) => {
    const status = s.status ?? (s.return === undefined ? 'info' : 'ok')
    if (status !== 'info' && s.return === undefined) throw new HistoryError(`operation ${id} is ${status} but has no return time`)
    return {
      id,
      process: s.process ?? id,
      f: s.f,
      ...(s.key === undefined ? {} : { key: s.key }),
      input: { f: s.f, value: s.value ?? null },
      output: status === 'info' ? UNKNOWN : s.output,
      call: s.call,
      return: status === 'info' ? Infinity : s.return as number,
      status
    }
  })
}
