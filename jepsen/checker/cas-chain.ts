/**
 * The linear-time check for registers whose writes carry unique ids (chordkv's coordination
 * register: `{ value, version, writeId }`, node/coord/register.ts). Knowing which write every
 * read saw and the order of the writes turns linearizability from a search into one sweep
 * (Gibbons & Korach 1997: with the reads-from relation and the write order given, checking a
 * register is polynomial).
 *
 * Input, per key: writes (ok, info or fail; each with a unique `writeId`, and for ok writes
 * the `version` it produced and/or the `prev` writeId it replaced) and ok reads (the
 * `writeId` and/or `version` they saw; writeId null or '' and version 0 is the initial,
 * never-written register). The version of a write is its position in the chain; version 0 is
 * the initial register.
 *
 * What is checked, and reported as a violation:
 *   1. `duplicate-write-id`: two writes carry the same writeId (the ids are not unique, so
 *      nothing below can be trusted).
 *   2. `unknown-write`: a read saw, or a write replaced, a writeId no write carries — a value
 *      never written.
 *   3. `failed-write-observed`: a read saw, or a write replaced, a write that failed (fail
 *      means it never took effect).
 *   4. `version-mismatch`: the version facts disagree — a read saw writeId x at a version other
 *      than x's own, a write's version is not its predecessor's + 1 or (conditional writes)
 *      not its ifVersion + 1, the initial register at a version other than 0.
 *   5. `fork`: two writes took the same version, or replaced the same predecessor: the
 *      committed writes do not form one chain.
 *   6. `value-mismatch`: a read saw writeId x but a value other than x's value.
 *   7. `missing-version`: a version below the highest seen was produced by no known write,
 *      and no indeterminate write nobody saw is left to have produced it.
 *   8. `real-time`: no linearization respects real time. With the chain fixed, the order
 *      must be: write v1, the reads of v1 (any order among them), write v2, reads of v2, ...
 *      A sweep places each operation at the earliest instant at or after everything before
 *      it and its own call; an operation placed after its return cannot be placed at all.
 *      This catches, among others, a read that completed before the write it saw was
 *      invoked, a read that began after a write completed but saw an older version, and a
 *      write that completed before its predecessor was invoked.
 * Indeterminate writes that no read saw and no write replaced may never have happened; they
 * are used, earliest call first, only to fill versions nobody saw (7) — any version, their
 * ifVersion unchecked, so a gap can hide a violation but never invent one. Committed info
 * writes return at +∞. Equal times count as concurrent, as in wgl.ts.
 *
 * Together, 1–8 passing means the key's history is linearizable as a versioned register
 * whose versions grow by exactly 1 per write. When positions cannot be derived (a committed
 * write with no version and no chain of `prev` to version 0) the answer is 'unknown'.
 */
import type { Invocation, Operation } from './history.ts'
import { describeOperation } from './history.ts'
import { canonical, toBigInt, valueEqual } from './value.ts'

export interface ChainWrite {
  readonly kind: 'write'
  readonly key?: string
  readonly writeId: string
  readonly status: 'ok' | 'info' | 'fail'
  readonly call: number
  /** Infinity for info. */
  readonly return: number
  /** The version this write produced (known for ok writes that report it). */
  readonly version?: bigint
  /** The writeId this write replaced; null for the initial register. */
  readonly prev?: string | null
  /** A conditional write's expected version: if it took effect, it produced ifVersion + 1. */
  readonly ifVersion?: bigint
  /** The value written, when value checks are wanted. */
  readonly value?: unknown
  /** The operation this came from, for reports. */
  readonly op?: Operation
}

export interface ChainRead {
  readonly kind: 'read'
  readonly key?: string
  readonly call: number
  readonly return: number
  /** The writeId seen; null or '' for the initial register. */
  readonly writeId?: string | null
  readonly version?: bigint
  readonly value?: unknown
  readonly op?: Operation
}

export type ChainOp = ChainWrite | ChainRead

export type ChainViolationKind =
  | 'duplicate-write-id' | 'unknown-write' | 'failed-write-observed' | 'version-mismatch'
  | 'fork' | 'value-mismatch' | 'missing-version' | 'real-time'

export interface ChainViolation {
  readonly kind: ChainViolationKind
  readonly key: string | undefined
  readonly message: string
  readonly ops: readonly ChainOp[]
}

export type ChainResult =
  | { readonly ok: true, readonly keys: number, readonly writes: number, readonly reads: number }
  | { readonly ok: false, readonly violations: readonly ChainViolation[] }
  | { readonly ok: 'unknown', readonly reason: string }

/** At most this many violations are reported per key (later ones tend to be consequences). */
const MAX_VIOLATIONS_PER_KEY = 20

/** Checks every key's chain; see the module comment for exactly what is checked. */
export function checkCasChain (ops: readonly ChainOp[]): ChainResult {
  const byKey = new Map<string | undefined, ChainOp[]>()
  for (const op of ops) {
    let g = byKey.get(op.key)
    if (g === undefined) byKey.set(op.key, g = [])
    g.push(op)
  }
  const violations: ChainViolation[] = []
  let writes = 0
  let reads = 0
  for (const [key, group] of byKey) {
    const r = checkKey(key, group)
    if (typeof r === 'string') return { ok: 'unknown', reason: r }
    violations.push(...r.violations)
    writes += r.writes
    reads += r.reads
  }
  return violations.length > 0 ? { ok: false, violations } : { ok: true, keys: byKey.size, writes, reads }
}

const isInitial = (writeId: string | null | undefined): boolean => writeId === null || writeId === ''

function checkKey (key: string | undefined, ops: readonly ChainOp[]): string | { violations: ChainViolation[], writes: number, reads: number } {
  const violations: ChainViolation[] = []
  const violate = (kind: ChainViolationKind, message: string, ...involved: ChainOp[]): void => {
    if (violations.length < MAX_VIOLATIONS_PER_KEY) violations.push({ kind, key, message, ops: involved })
  }
  const name = (op: ChainOp): string => op.op !== undefined
    ? describeOperation(op.op)
    : op.kind === 'write' ? `write ${op.writeId} (${op.status}) [${op.call}, ${op.return}]` : `read of ${op.writeId ?? `version ${String(op.version)}`} [${op.call}, ${op.return}]`

  const writes = ops.filter((o): o is ChainWrite => o.kind === 'write')
  const reads = ops.filter((o): o is ChainRead => o.kind === 'read')
  for (const w of writes) {
    if (isInitial(w.writeId)) throw new TypeError('a write needs a non-empty writeId')
    if (w.status === 'ok' && w.version === undefined && w.prev === undefined) throw new TypeError(`ok write ${w.writeId} records neither the version it produced nor the write it replaced`)
    if (w.status === 'info' && w.return !== Infinity) throw new TypeError(`info write ${w.writeId} must return at Infinity`)
  }
  for (const r of reads) {
    if (r.writeId === undefined && r.version === undefined) throw new TypeError('a read records neither the writeId nor the version it saw')
  }

  // 1. Unique ids.
  const byId = new Map<string, ChainWrite>()
  for (const w of writes) {
    const other = byId.get(w.writeId)
    if (other !== undefined) violate('duplicate-write-id', `two writes carry writeId ${JSON.stringify(w.writeId)}`, other, w)
    else byId.set(w.writeId, w)
  }
  if (violations.length > 0) return { violations, writes: 0, reads: 0 }

  // 2–4. Which writes took effect, and at which versions.
  const committed = new Set<ChainWrite>()
  const version = new Map<ChainWrite, bigint>()
  const why = new Map<ChainWrite, string>()
  /** Records "w is at version v" (`reason` says who says so); false when it was known already. */
  const setVersion = (w: ChainWrite, v: bigint, reason: string, ...involved: ChainOp[]): boolean => {
    const known = version.get(w)
    if (known === undefined) { version.set(w, v); why.set(w, reason); return true }
    if (known !== v) {
      violate('version-mismatch', `write ${JSON.stringify(w.writeId)} is at version ${known} (${why.get(w) ?? ''}) and at version ${v} (${reason})`, w, ...involved)
    }
    return false
  }
  const resolve = (writeId: string, by: ChainOp, what: string): ChainWrite | undefined => {
    const w = byId.get(writeId)
    if (w === undefined) { violate('unknown-write', `${name(by)} ${what} ${JSON.stringify(writeId)}, which no write wrote`, by); return undefined }
    if (w.status === 'fail') { violate('failed-write-observed', `${name(by)} ${what} ${JSON.stringify(writeId)}, a write that failed`, w, by); return undefined }
    committed.add(w)
    return w
  }
  for (const w of writes) {
    if (w.status === 'ok') committed.add(w)
    if (w.status !== 'fail' && w.version !== undefined) setVersion(w, w.version, 'its result')
  }
  const successors = new Map<string, ChainWrite[]>() // by prev writeId; '' for the initial register
  for (const w of writes) {
    if (w.status === 'fail' || w.prev === undefined) continue
    if (!isInitial(w.prev)) resolve(w.prev as string, w, 'replaced')
    const p = isInitial(w.prev) ? '' : w.prev as string
    let s = successors.get(p)
    if (s === undefined) successors.set(p, s = [])
    s.push(w)
  }
  const readOf = new Map<ChainRead, ChainWrite | null>() // null: the initial register
  for (const r of reads) {
    if (r.writeId === undefined) continue
    if (isInitial(r.writeId)) {
      readOf.set(r, null)
      if (r.version !== undefined && r.version !== 0n) violate('version-mismatch', `${name(r)} saw the initial register at version ${r.version}, not 0`, r)
      if (r.value !== undefined && !valueEqual(r.value, null)) violate('value-mismatch', `${name(r)} saw the initial register with value ${canonical(r.value)}`, r)
      continue
    }
    const w = resolve(r.writeId as string, r, 'saw')
    if (w === undefined) continue
    readOf.set(r, w)
    if (r.version !== undefined) setVersion(w, r.version, `${name(r)} saw it there`, r)
    if (r.value !== undefined && w.value !== undefined && !valueEqual(r.value, w.value)) {
      violate('value-mismatch', `${name(r)} saw ${JSON.stringify(w.writeId)} with value ${canonical(r.value)}, but it wrote ${canonical(w.value)}`, w, r)
    }
  }
  // prev links: one successor per write (5), successor version = predecessor version + 1 (4).
  for (const [p, next] of successors) {
    const live = next.filter(w => committed.has(w))
    if (live.length > 1) violate('fork', `${live.length} writes replaced ${p === '' ? 'the initial register' : JSON.stringify(p)}: ${live.map(w => JSON.stringify(w.writeId)).join(', ')}`, ...live)
  }
  for (const w of committed) {
    if (w.ifVersion !== undefined) setVersion(w, w.ifVersion + 1n, `it took effect with ifVersion ${w.ifVersion}`)
  }
  const predecessor = (w: ChainWrite): ChainWrite | null | undefined => w.prev === undefined ? undefined : isInitial(w.prev) ? null : byId.get(w.prev as string)
  const queue = [...version.keys()]
  for (const w of successors.get('') ?? []) if (committed.has(w) && setVersion(w, 1n, 'it replaced the initial register')) queue.push(w)
  for (let i = 0; i < queue.length; i++) {
    const w = queue[i]
    const v = version.get(w) as bigint
    const p = predecessor(w)
    if (p !== undefined && p !== null && p.status !== 'fail' && setVersion(p, v - 1n, `${JSON.stringify(w.writeId)}, at ${v}, replaced it`, w)) queue.push(p)
    for (const s of successors.get(w.writeId) ?? []) {
      if (committed.has(s) && setVersion(s, v + 1n, `it replaced ${JSON.stringify(w.writeId)}, at ${v}`, w)) queue.push(s)
    }
  }
  if (violations.length > 0) return { violations, writes: committed.size, reads: reads.length }

  // 5. One write per version.
  const chain = new Map<bigint, ChainWrite>()
  let top = 0n
  for (const w of committed) {
    const v = version.get(w)
    if (v === undefined) return `write ${JSON.stringify(w.writeId)} took effect but its version cannot be derived (record versions)`
    if (v < 1n) { violate('version-mismatch', `write ${JSON.stringify(w.writeId)} is at version ${v}; writes start at 1`, w); continue }
    const other = chain.get(v)
    if (other !== undefined) violate('fork', `writes ${JSON.stringify(other.writeId)} and ${JSON.stringify(w.writeId)} both produced version ${v}`, other, w)
    else chain.set(v, w)
    if (v > top) top = v
  }
  const readsAt = new Map<bigint, ChainRead[]>()
  for (const r of reads) {
    const w = readOf.get(r)
    const v = w === undefined ? r.version as bigint : w === null ? 0n : version.get(w) as bigint
    if (v < 0n) { violate('version-mismatch', `${name(r)} saw version ${v}`, r); continue }
    let g = readsAt.get(v)
    if (g === undefined) readsAt.set(v, g = [])
    g.push(r)
    if (v > top) top = v
  }
  if (violations.length > 0) return { violations, writes: committed.size, reads: reads.length }

  // 7–8. The sweep, in version order, placing each operation as early as it can go.
  const spare = writes.filter(w => w.status === 'info' && !committed.has(w)).sort((a, b) => a.call - b.call)
  let nextSpare = 0
  let t = -Infinity
  let cause: ChainOp | undefined
  const place = (op: ChainOp, what: string): number => {
    const at = Math.max(t, op.call)
    if (at > op.return) {
      violate('real-time', `${what} ${name(op)} returned at ${op.return}, but must take effect after ${cause === undefined ? 'its call' : name(cause)}, which takes effect no earlier than ${t}`,
        ...(cause === undefined ? [op] : [cause, op]))
      return op.return
    }
    return at
  }
  for (let v = 0n; v <= top; v++) {
    if (v > 0n) {
      let w = chain.get(v)
      if (w === undefined) {
        w = spare[nextSpare++]
        if (w === undefined) {
          violate('missing-version', `version ${v} was produced by no known write (highest version seen: ${top})`, ...(readsAt.get(v) ?? []))
          continue
        }
      }
      t = place(w, `write of version ${v}`)
      cause = w
    }
    let end = t
    let endCause = cause
    for (const r of readsAt.get(v) ?? []) {
      const at = place(r, `read of version ${v}`)
      if (at > end) { end = at; endCause = r }
    }
    t = end
    cause = endCause
  }
  return { violations, writes: committed.size, reads: reads.length }
}

/**
 * The chain view of a versioned-register history (the inputs and outputs of
 * `versionedRegisterModel`): `put`/`delete` ops with `value.writeId`, ok outputs the new
 * version (or `{ version, prev? }`); `get` ops with ok outputs `{ value, version, writeId }`.
 * Puts answered `{ mismatch: true }` and gets that did not complete ok are left out (they
 * changed nothing and saw nothing).
 */
export function chainFromOperations (ops: ReadonlyArray<Operation<Invocation>>): ChainOp[] {
  const out: ChainOp[] = []
  for (const op of ops) {
    const keyed = op.key === undefined ? {} : { key: op.key }
    if (op.f === 'put' || op.f === 'delete') {
      const args = (op.input.value ?? {}) as { value?: unknown, writeId?: unknown, ifVersion?: unknown }
      const ifVersion = args.ifVersion === undefined || args.ifVersion === null ? undefined : toBigInt(args.ifVersion)
      if (typeof args.writeId !== 'string' || args.writeId === '') throw new TypeError(`operation ${op.id} (${op.f}) has no writeId`)
      const output = op.output as unknown
      const obj = output !== null && typeof output === 'object' ? output as { mismatch?: unknown, version?: unknown, prev?: unknown } : undefined
      if (op.status === 'ok' && obj?.mismatch === true) continue
      const v = op.status === 'ok' ? toBigInt(obj !== undefined ? obj.version : output) : undefined
      const prev = obj !== undefined && (typeof obj.prev === 'string' || obj.prev === null) ? { prev: obj.prev } : {}
      out.push({
        kind: 'write',
        ...keyed,
        writeId: args.writeId,
        status: op.status,
        call: op.call,
        return: op.return,
        ...(v === undefined ? {} : { version: v }),
        ...prev,
        ...(ifVersion === undefined ? {} : { ifVersion }),
        value: op.f === 'delete' ? null : args.value,
        op: op as Operation
      })
    } else if (op.f === 'get') {
      if (op.status !== 'ok') continue
      const o = (op.output ?? {}) as { value?: unknown, version?: unknown, writeId?: unknown }
      const v = toBigInt(o.version)
      out.push({
        kind: 'read',
        ...keyed,
        call: op.call,
        return: op.return,
        ...(typeof o.writeId === 'string' || o.writeId === null ? { writeId: o.writeId } : {}),
        ...(v === undefined ? {} : { version: v }),
        value: o.value ?? null,
        op: op as Operation
      })
    } else {
      throw new TypeError(`operation ${op.id}: the CAS-chain check knows put, delete and get, not ${op.f}`)
    }
  }
  return out
}

/** A report for people, one violation a paragraph. */
export function explainChain (result: ChainResult): string {
  if (result.ok === true) return `CAS chain ok: ${result.keys} key(s), ${result.writes} committed write(s), ${result.reads} read(s)`
  if (result.ok === 'unknown') return `CAS chain unknown: ${result.reason}`
  return result.violations.map(v => `${v.kind} (key ${JSON.stringify(v.key ?? null)}): ${v.message}`).join('\n')
}
