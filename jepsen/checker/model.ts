/**
 * Sequential specifications for the linearizability checker, as in Porcupine: a model is an
 * initial state and a step function. `step(state, input, output)` says whether `output` is a
 * result the object could have given for `input` in `state`, and the state after it.
 *
 * Indeterminate operations (`info`) reach `step` with `output === UNKNOWN`: the model then
 * answers for "this operation took effect here, with whatever result it had". The checker
 * itself handles "it never took effect" (it may leave an info operation out entirely), so a
 * model never needs to.
 *
 * Values are compared with `valueEqual` (canonical text; null and undefined both mean "no
 * value"). The shipped models take Jepsen-style inputs `{ f, value }` (history.ts).
 */
import { UNKNOWN } from './history.ts'
import type { Invocation, Operation, Unknown } from './history.ts'
import { canonical, toBigInt, valueEqual } from './value.ts'

export { UNKNOWN }
export type { Unknown }

export interface StepResult<S> {
  readonly ok: boolean
  readonly state: S
}

export interface Model<S, I = Invocation, O = unknown> {
  init: () => S
  step: (state: S, input: I, output: O | Unknown) => StepResult<S>
  /** State equality; default: equal hashes. */
  equal?: (a: S, b: S) => boolean
  /** A text that is equal for equal states (the memo key); default: `canonical(state)`. */
  hash?: (state: S) => string
  /**
   * True when an operation with this input and (known) output leaves every state it is legal
   * in unchanged — a read, a cas that reports it found another value. Optional; it lets the
   * search take such operations greedily (a partial-order reduction). Never true for an
   * operation that can change some state.
   */
  readOnly?: (input: I, output: O) => boolean
  /** Independent sub-histories (P-compositionality); default: by `op.key`. */
  partition?: (ops: ReadonlyArray<Operation<I, O>>) => Array<Array<Operation<I, O>>>
  /** One operation, for reports. */
  describeOperation?: (op: Operation<I, O>) => string
  /** One state, for reports. */
  describeState?: (state: S) => string
}

const reject = <S>(state: S): StepResult<S> => ({ ok: false, state })
const accept = <S>(state: S): StepResult<S> => ({ ok: true, state })

/** Groups operations by `key` (operations without a key form one group), in first-seen order. */
export function partitionByKey<I, O> (ops: ReadonlyArray<Operation<I, O>>): Array<Array<Operation<I, O>>> {
  const groups = new Map<string | undefined, Array<Operation<I, O>>>()
  for (const op of ops) {
    let g = groups.get(op.key)
    if (g === undefined) groups.set(op.key, g = [])
    g.push(op)
  }
  return [...groups.values()]
}

function unsupported (f: string, model: string): never {
  throw new TypeError(`the ${model} model has no operation ${JSON.stringify(f)}`)
}

/**
 * A read/write register (Jepsen's `register`).
 *   - `{ f: 'write', value: v }`: always legal; the register holds v. Its output is ignored.
 *   - `{ f: 'read' }` → v: legal iff v equals the value held.
 * The initial value is `initial` (default null: a read of a never-written register returns
 * null or undefined).
 */
export function registerModel (initial: unknown = null): Model<unknown> {
  return {
    init: () => initial,
    step (state, input, output) {
      switch (input.f) {
        case 'write': return accept(input.value)
        case 'read': return output === UNKNOWN || valueEqual(output, state) ? accept(state) : reject(state)
        default: return unsupported(input.f, 'register')
      }
    },
    readOnly: input => input.f === 'read',
    hash: canonical,
    describeState: canonical
  }
}

/**
 * A compare-and-set register (Jepsen's `cas-register`, Knossos and Porcupine semantics).
 *   - read and write as in `registerModel`;
 *   - `{ f: 'cas', value: [expected, next] }` → ok: the register held `expected` and now holds
 *     `next`. An ok output of exactly `false` records a cas that found another value (legal
 *     iff the register did not hold `expected`; nothing changes). A cas that failed as a
 *     `fail` event is dropped by the checker like every `fail`: it did not happen.
 *   - an indeterminate cas takes effect iff the register held `expected`.
 */
export function casRegisterModel (initial: unknown = null): Model<unknown> {
  return {
    init: () => initial,
    step (state, input, output) {
      switch (input.f) {
        case 'write': return accept(input.value)
        case 'read': return output === UNKNOWN || valueEqual(output, state) ? accept(state) : reject(state)
        case 'cas': {
          const [expected, next] = casArgs(input.value)
          const matches = valueEqual(state, expected)
          if (output === UNKNOWN) return accept(matches ? next : state)
          if (output === false) return matches ? reject(state) : accept(state)
          return matches ? accept(next) : reject(state)
        }
        default: return unsupported(input.f, 'cas-register')
      }
    },
    readOnly: (input, output) => input.f === 'read' || (input.f === 'cas' && output === false),
    hash: canonical,
    describeState: canonical
  }
}

function casArgs (value: unknown): [unknown, unknown] {
  if (Array.isArray(value) && value.length === 2) return [value[0], value[1]]
  if (value !== null && typeof value === 'object' && 'expected' in value && 'next' in value) {
    const v = value as { expected: unknown, next: unknown }
    return [v.expected, v.next]
  }
  throw new TypeError(`a cas takes [expected, next], got ${canonical(value)}`)
}

/** The state of chordkv's coordination register (node/coord/messages.ts RegisterState). */
export interface VersionedState {
  readonly value: unknown
  readonly version: bigint
  readonly writeId: string
}

/**
 * chordkv's coordination register (node/coord/register.ts): `{ value, version, writeId }`,
 * initially `{ null, 0, '' }`. Versions may be numbers, bigints or decimal strings.
 *
 *   - `{ f: 'put', value: { value, ifVersion?, writeId? } }` → the new version (or an object
 *     with `version`, e.g. the RegisterState the put returned). Legal iff ifVersion is absent
 *     or equals the current version (ifVersion 0 = create only: the register was never
 *     written), and the output version is the current version + 1; the register then holds
 *     value, version + 1, writeId. Exception, as in putChange: a put whose writeId is
 *     already the register's (a retry of a write that was chosen) changes nothing and returns
 *     the current version.
 *     A put recorded as ok with output `{ mismatch: true, version? }` (VersionMismatch as a
 *     result) is legal iff ifVersion differs from the current version (and `version`, when
 *     given, is the current version); nothing changes.
 *   - `{ f: 'delete', value: { ifVersion?, writeId? } }`: a put of null (the version grows).
 *   - `{ f: 'get' }` → `{ value, version, writeId? }`: legal iff value and version are the
 *     register's, and writeId too when the output has one.
 *   - indeterminate puts and deletes take effect iff their ifVersion matches.
 * Stale reads (`{ stale: true }`) are not linearizable and must not be given to this model.
 */
export function versionedRegisterModel (): Model<VersionedState> {
  return {
    init: () => ({ value: null, version: 0n, writeId: '' }),
    step (state, input, output) {
      switch (input.f) {
        case 'get': {
          if (output === UNKNOWN) return accept(state)
          const o = (output ?? {}) as { value?: unknown, version?: unknown, writeId?: unknown }
          const ok = toBigInt(o.version) === state.version && valueEqual(o.value, state.value) &&
            (o.writeId === undefined || o.writeId === null || o.writeId === state.writeId)
          return ok ? accept(state) : reject(state)
        }
        case 'put':
        case 'delete': {
          const args = (input.value ?? {}) as { value?: unknown, ifVersion?: unknown, writeId?: unknown }
          const value = input.f === 'delete' ? null : args.value
          const writeId = typeof args.writeId === 'string' ? args.writeId : undefined
          const ifVersion = args.ifVersion === undefined || args.ifVersion === null ? undefined : toBigInt(args.ifVersion)
          if (args.ifVersion !== undefined && args.ifVersion !== null && ifVersion === undefined) throw new TypeError(`ifVersion ${canonical(args.ifVersion)} is not an integer`)
          const retry = writeId !== undefined && writeId !== '' && writeId === state.writeId
          const applies = !retry && (ifVersion === undefined || ifVersion === state.version)
          const next: VersionedState = applies ? { value, version: state.version + 1n, writeId: writeId ?? '' } : state
          if (output === UNKNOWN) return accept(next)
          if (output !== null && typeof output === 'object' && (output as { mismatch?: unknown }).mismatch === true) {
            const seen = (output as { version?: unknown }).version
            const ok = !retry && ifVersion !== undefined && ifVersion !== state.version && (seen === undefined || toBigInt(seen) === state.version)
            return ok ? accept(state) : reject(state)
          }
          const version = toBigInt(output !== null && typeof output === 'object' ? (output as { version?: unknown }).version : output)
          if (retry) return version === state.version ? accept(state) : reject(state)
          return applies && version === next.version ? accept(next) : reject(state)
        }
        default: return unsupported(input.f, 'versioned-register')
      }
    },
    readOnly: (input, output) => input.f === 'get' ||
      (output !== null && typeof output === 'object' && (output as { mismatch?: unknown }).mismatch === true),
    hash: s => `${s.version}|${s.writeId}|${canonical(s.value)}`,
    describeState: s => `{value: ${canonical(s.value)}, version: ${s.version}${s.writeId === '' ? '' : `, writeId: ${JSON.stringify(s.writeId)}`}}`
  }
}

/**
 * A set of values (Jepsen's `set` workload, checked linearizably).
 *   - `{ f: 'add', value: x }`, `{ f: 'remove', value: x }`: always legal; outputs ignored.
 *   - `{ f: 'read' }` → the elements (an array, any order, duplicates ignored): legal iff
 *     they are exactly the set's.
 *   - `{ f: 'contains', value: x }` → boolean.
 */
export function setModel (): Model<readonly string[]> {
  // State: sorted canonical texts of the elements.
  const insert = (s: readonly string[], x: string): readonly string[] => s.includes(x) ? s : [...s, x].sort()
  return {
    init: () => [],
    step (state, input, output) {
      switch (input.f) {
        case 'add': return accept(insert(state, canonical(input.value)))
        case 'remove': {
          const x = canonical(input.value)
          return accept(state.filter(e => e !== x))
        }
        case 'read': {
          if (output === UNKNOWN) return accept(state)
          if (!Array.isArray(output)) return reject(state)
          const seen = [...new Set(output.map(canonical))].sort()
          return seen.length === state.length && seen.every((x, i) => x === state[i]) ? accept(state) : reject(state)
        }
        case 'contains': {
          if (output === UNKNOWN) return accept(state)
          return output === state.includes(canonical(input.value)) ? accept(state) : reject(state)
        }
        default: return unsupported(input.f, 'set')
      }
    },
    readOnly: input => input.f === 'read' || input.f === 'contains',
    hash: s => s.join(','),
    describeState: s => `#{${s.join(', ')}}`
  }
}

export interface MutexState {
  /** canonical(owner) of the holder, '' when free. */
  readonly holder: string
  /** The largest fencing token granted so far (-1 before any). */
  readonly lastToken: bigint
}

/**
 * A mutex with optional owners and fencing tokens (Knossos's `mutex`, extended). No leases:
 * a lock that expires by time is not a sequential object — record an expiry as a `release`
 * by the old owner, or check leases with a fencing-token check instead.
 *   - `{ f: 'acquire', value: owner? }` → ok: legal iff free; the owner (null if not given)
 *     holds it. An output that is a number/bigint is the fencing token: it must exceed every
 *     token granted before. Output `false` records a try-lock that found it held (legal iff
 *     held).
 *   - `{ f: 'release', value: owner? }` → ok: legal iff held (by this owner when one is
 *     given); it becomes free. Output `false`: a release that found it not held by the owner.
 *   - indeterminate acquires take effect iff free; releases iff held by the owner.
 */
export function mutexModel (): Model<MutexState> {
  const FREE = ''
  return {
    init: () => ({ holder: FREE, lastToken: -1n }),
    step (state, input, output) {
      const owner = canonical(input.value)
      switch (input.f) {
        case 'acquire': {
          const free = state.holder === FREE
          if (output === UNKNOWN) return accept(free ? { ...state, holder: owner } : state)
          if (output === false) return free ? reject(state) : accept(state)
          if (!free) return reject(state)
          const token = typeof output === 'boolean' ? undefined : toBigInt(output)
          if (token !== undefined && token <= state.lastToken) return reject(state)
          return accept({ holder: owner, lastToken: token ?? state.lastToken })
        }
        case 'release': {
          const mine = state.holder !== FREE && (input.value === undefined || input.value === null || state.holder === owner)
          if (output === UNKNOWN) return accept(mine ? { ...state, holder: FREE } : state)
          if (output === false) return mine ? reject(state) : accept(state)
          return mine ? accept({ ...state, holder: FREE }) : reject(state)
        }
        default: return unsupported(input.f, 'mutex')
      }
    },
    readOnly: (_input, output) => output === false,
    hash: s => `${s.holder}|${s.lastToken}`,
    describeState: s => `${s.holder === FREE ? 'free' : `held by ${s.holder}`}, last token ${s.lastToken}`
  }
}
