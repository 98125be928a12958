/**
 * One compare-and-set on a job register with every outcome told apart, so that nobody counts
 * an operation done on an unknown outcome:
 *   ok        applied (the put said so, or a linearizable read after an unknown outcome found
 *             our writeId: the register's changes are idempotent by writeId);
 *   mismatch  not applied by this call or not known to be: the register is elsewhere (`current`);
 *             `known: false` when the outcome was unknown and the register has moved on since
 *             (our write may have been applied and then overwritten);
 *   failed    definitely not applied (Unavailable, or a read after an unknown outcome still
 *             found the register at ifVersion: a CASPaxos read commits that state, so our write
 *             can no longer be chosen);
 *   unknown   still unknown (the read-backs failed too).
 */
import type { CoordApi, CoordEntry } from '../node/coord/api.ts'

export type CasOutcome =
  | { readonly kind: 'ok', readonly version: bigint }
  | { readonly kind: 'mismatch', readonly current: CoordEntry, readonly known: boolean }
  | { readonly kind: 'failed', readonly reason: string }
  | { readonly kind: 'unknown', readonly reason: string }

/** Linearizable reads tried after an unknown outcome before giving up as `unknown`. */
export const READ_BACK_ATTEMPTS = 3

function codeOf (err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : (err as Error | null)?.name ?? 'Error'
}

function messageOf (err: unknown): string {
  return `${codeOf(err)}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300)
}

export async function casRegister (coord: CoordApi, key: string, value: Uint8Array, ifVersion: bigint, writeId: string): Promise<CasOutcome> {
  try {
    const r = await coord.put(key, value, { ifVersion, writeId })
    if (r.ok) return { kind: 'ok', version: r.version }
    if (r.current.writeId === writeId) return { kind: 'ok', version: r.current.version }
    return { kind: 'mismatch', current: r.current, known: true }
  } catch (err) {
    const code = codeOf(err)
    // Definitely not applied. Anything else (Indeterminate, a transport timeout, a lost
    // connection, an error we do not know) may have been applied: find out by reading.
    if (code === 'Unavailable' || code === 'BadRequest' || code === 'TooLarge') return { kind: 'failed', reason: messageOf(err) }
    let reason = messageOf(err)
    for (let i = 0; i < READ_BACK_ATTEMPTS; i++) {
      try {
        const current = await coord.get(key)
        if (current.writeId === writeId) return { kind: 'ok', version: current.version }
        if (current.version === ifVersion) return { kind: 'failed', reason: `not applied (${reason})` }
        return { kind: 'mismatch', current, known: false }
      } catch (readErr) {
        reason = `${reason}; read back: ${messageOf(readErr)}`.slice(0, 600)
      }
    }
    return { kind: 'unknown', reason }
  }
}

export { codeOf, messageOf }
