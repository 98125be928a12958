/**
 * The checks of the register workloads (W1, W6) over a recorded history:
 *
 *   - the CAS-chain check (linear time; complete for chordkv's register, whose writes carry
 *     unique writeIds and whose versions grow by one per write);
 *   - the WGL/Lowe linearizability search against `versionedRegisterModel` (a second,
 *     independent opinion; 'unknown' after its time budget is a note, not a violation);
 *   - nothing acknowledged lost: per key, the final read's version is at least the highest
 *     version any acknowledged write produced (the linearizability checks imply it; this says
 *     it in one line a person can read).
 */
import { chainFromOperations, checkCasChain, explainChain } from '../checker/cas-chain.ts'
import { pairOperations } from '../checker/history.ts'
import type { HistoryEvent, Invocation, Operation } from '../checker/history.ts'
import { versionedRegisterModel } from '../checker/model.ts'
import { toBigInt } from '../checker/value.ts'
import { checkOperations, explain } from '../checker/wgl.ts'

export interface CheckReport {
  readonly violations: string[]
  readonly notes: string[]
  readonly stats: OpStats
}

export interface OpStats {
  readonly ops: number
  readonly ok: number
  readonly fail: number
  readonly info: number
  /** `f:status` → count, e.g. `put:ok`. */
  readonly byKind: Record<string, number>
}

export function opStats (ops: ReadonlyArray<Operation<Invocation>>): OpStats {
  const byKind: Record<string, number> = {}
  let ok = 0; let fail = 0; let info = 0
  for (const op of ops) {
    const mismatch = op.status === 'ok' && (op.output as { mismatch?: unknown } | null)?.mismatch === true
    const k = `${op.f}:${mismatch ? 'mismatch' : op.status}`
    byKind[k] = (byKind[k] ?? 0) + 1
    if (op.status === 'ok') ok++
    else if (op.status === 'fail') fail++
    else info++
  }
  return { ops: ops.length, ok, fail, info, byKind }
}

export interface RegisterCheckOptions {
  /** Budget of the WGL search, ms (default 60 s). */
  readonly wglTimeoutMs?: number
  /** Final reads per key: the events index from which on operations are final reads. */
  readonly finalReadsFrom?: number
}

export function checkRegisterHistory (events: readonly HistoryEvent[], options: RegisterCheckOptions = {}): CheckReport {
  const violations: string[] = []
  const notes: string[] = []
  const ops = pairOperations(events)
  const stats = opStats(ops)
  if (stats.ok === 0) violations.push('no operation succeeded: the run proves nothing (is the cluster reachable?)')

  const chain = checkCasChain(chainFromOperations(ops))
  if (chain.ok === false) violations.push(`CAS-chain check: ${explainChain(chain)}`)
  else if (chain.ok === 'unknown') notes.push(`CAS-chain check could not decide: ${chain.reason}`)
  else notes.push(explainChain(chain))

  const model = versionedRegisterModel()
  const wgl = checkOperations(model, ops, { timeoutMs: options.wglTimeoutMs ?? 60_000 })
  if (wgl.ok === false) violations.push(`linearizability (WGL): ${explain(wgl, model)}`)
  else if (wgl.ok === 'unknown') notes.push(`WGL search gave up after ${Math.round(wgl.elapsedMs)} ms (${wgl.checkedKeys}/${wgl.keys} keys checked); the CAS-chain check decides`)
  else notes.push(`WGL: linearizable (${wgl.keys} key(s), ${Math.round(wgl.elapsedMs)} ms)`)

  if (options.finalReadsFrom !== undefined) {
    const from = options.finalReadsFrom
    const keys = new Set(ops.map(op => op.key).filter((k): k is string => k !== undefined))
    for (const key of [...keys].sort()) {
      let highestAcked = 0n
      for (const op of ops) {
        if (op.key !== key || op.f !== 'put' || op.status !== 'ok') continue
        const v = toBigInt(op.output)
        if (v !== undefined && v > highestAcked) highestAcked = v
      }
      const finals = ops.filter(op => op.key === key && op.f === 'get' && op.status === 'ok' && (op.invokeIndex ?? 0) >= from)
      if (finals.length === 0) {
        violations.push(`key ${key}: no final read succeeded after the faults healed (availability)`)
        continue
      }
      const seen = toBigInt((finals[finals.length - 1].output as { version?: unknown }).version) ?? 0n
      if (seen < highestAcked) violations.push(`key ${key}: acknowledged write lost — the final read is at version ${seen}, an acknowledged write produced version ${highestAcked}`)
    }
  }
  return { violations, notes, stats }
}
