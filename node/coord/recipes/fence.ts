/**
 * The resource side of fencing (Kleppmann, "How to do distributed locking"; Chubby's
 * sequencers): a lock alone never gives mutual exclusion in real time — a holder can pause
 * (GC, swap, a stopped VM) past its lease and wake up believing it still holds. The resource
 * it writes to must therefore remember the highest token it accepted and refuse lower ones.
 *
 * FenceGuard does that in memory for resources that live in one process. A resource kept
 * elsewhere must do the same check atomically with the write (e.g. a conditional write on a
 * stored token); the guard is the model of that check.
 */
import { InvalidInputError, StaleTokenError } from './errors.ts'

export class FenceGuard {
  private readonly highest = new Map<string, bigint>()

  /**
   * Accepts `token` for `resource` if no higher token was accepted before (equal is fine: the
   * same holder writing again), and remembers it; throws StaleTokenError otherwise.
   * Call it atomically with the write it protects.
   */
  admit (resource: string, token: bigint): void {
    if (typeof token !== 'bigint' || token < 0n) throw new InvalidInputError('InvalidArgument', 'a fencing token is a bigint ≥ 0')
    const seen = this.highest.get(resource)
    if (seen !== undefined && token < seen) {
      throw new StaleTokenError(`token ${token} for ${JSON.stringify(resource)} is older than ${seen}, already accepted`, token, seen)
    }
    this.highest.set(resource, token)
  }

  /** Runs `write` only if `token` is admitted; the check and the start of the write are one step. */
  async guarded<T> (resource: string, token: bigint, write: () => Promise<T> | T): Promise<T> {
    this.admit(resource, token)
    return await write()
  }

  /** Highest token accepted for `resource` (undefined: none yet). */
  highestFor (resource: string): bigint | undefined {
    return this.highest.get(resource)
  }
}
