/**
 * Operations on coordination registers, each recorded as an invoke and one completion in a
 * Jepsen-style history (jepsen/checker/history.ts), in the form `versionedRegisterModel` and
 * the CAS-chain check read:
 *
 *   - get  → ok `{ value, version, writeId }` (value decoded as UTF-8, null when deleted/never written)
 *   - put `{ value, ifVersion?, writeId }` → ok: the new version; a compare-and-set answered
 *     `{ ok: false, current }` → ok `{ mismatch: true, version: current.version }` — recorded as
 *     an answer, not dropped as `fail`, so the checker also verifies that the refusal was right
 *     (the register really was at another version).
 *
 * Outcomes: `fail` only when the operation definitely did not happen (CoordError code
 * Unavailable, or EpochMismatch, which the proposer throws only when no accept was sent);
 * `info` for everything else (Indeterminate, timeouts, broken connections, the harness's own
 * deadline): it may have happened at any time after its invoke. A logical client that got
 * `info` continues under a new process id, as Jepsen does.
 */
import type { CoordApi, CoordEntry } from '../../node/coord/api.ts'
import type { HistoryRecorder } from '../checker/history.ts'
import type { Clock } from '../../node/transport/types.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Error codes that mean "definitely not applied". */
const DEFINITELY_NOT_APPLIED = new Set(['Unavailable', 'EpochMismatch'])

/** fail when the error proves the operation had no effect, info otherwise. */
export function outcomeOfError (err: unknown): 'fail' | 'info' {
  const e = err as { name?: unknown, code?: unknown } | null
  // The KV client's OutcomeUnknownError can carry code 'Unavailable' (fewer than W copies): unknown.
  if (e?.name === 'OutcomeUnknownError') return 'info'
  return typeof e?.code === 'string' && DEFINITELY_NOT_APPLIED.has(e.code) ? 'fail' : 'info'
}

function errorName (err: unknown): string {
  const e = err as { name?: unknown, code?: unknown, message?: unknown } | null
  const name = typeof e?.name === 'string' ? e.name : 'Error'
  const code = typeof e?.code === 'string' ? `(${e.code})` : ''
  const message = typeof e?.message === 'string' ? `: ${e.message.slice(0, 200)}` : ''
  return `${name}${code}${message}`
}

export interface RegisterClientInit {
  readonly recorder: HistoryRecorder
  readonly clock: Clock
  /** Process ids of this logical client: `first`, then first + stride after each info. */
  readonly firstProcess: number
  readonly processStride: number
  /** Harness deadline of one operation, ms: past it the operation is recorded as info. */
  readonly opTimeoutMs: number
}

export type OpOutcome<T> =
  | { readonly status: 'ok', readonly value: T }
  | { readonly status: 'fail' | 'info', readonly error: unknown }

/** A logical client: records every operation it runs on a CoordApi. */
export class RecordingRegisterClient {
  private readonly init: RegisterClientInit
  /** The CoordApi to use for the next operation (it changes when the client reconnects). */
  private readonly api: () => CoordApi
  private process: number

  constructor (api: () => CoordApi, init: RegisterClientInit) {
    this.api = api
    this.init = init
    this.process = init.firstProcess
  }

  get currentProcess (): number {
    return this.process
  }

  async get (key: string): Promise<OpOutcome<CoordEntry>> {
    const done = this.init.recorder.invoke(this.process, 'get', null, key)
    return await this.complete(this.api().get(key), done, entry => ({
      value: entry.value === null ? null : decoder.decode(entry.value),
      version: entry.version,
      writeId: entry.writeId
    }))
  }

  /**
   * Writes `value` (a string, usually equal to the writeId so reads name the write they saw),
   * compare-and-set on `ifVersion` when given.
   */
  async put (key: string, value: string | null, writeId: string, ifVersion?: bigint): Promise<OpOutcome<{ ok: true, version: bigint } | { ok: false, current: CoordEntry }>> {
    const done = this.init.recorder.invoke(this.process, 'put', { value, writeId, ...(ifVersion === undefined ? {} : { ifVersion }) }, key)
    const bytes = value === null ? null : encoder.encode(value)
    return await this.complete(this.api().put(key, bytes, { writeId, ...(ifVersion === undefined ? {} : { ifVersion }) }), done, r =>
      r.ok ? r.version : { mismatch: true, version: r.current.version })
  }

  private async complete<T> (work: Promise<T>, done: ReturnType<HistoryRecorder['invoke']>, record: (value: T) => unknown): Promise<OpOutcome<T>> {
    let timer: unknown
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = this.init.clock.setTimeout(() => { reject(Object.assign(new Error(`no answer within the harness deadline of ${this.init.opTimeoutMs} ms`), { name: 'HarnessTimeout' })) }, this.init.opTimeoutMs)
    })
    try {
      const value = await Promise.race([work, deadline])
      done.ok(record(value))
      return { status: 'ok', value }
    } catch (err) {
      const status = outcomeOfError(err)
      if (status === 'fail') {
        done.fail(null, errorName(err))
      } else {
        done.info(null, errorName(err))
        // The operation may still take effect later: this process id is retired.
        this.process += this.init.processStride
      }
      // A late rejection of the abandoned operation must not go unhandled.
      work.catch(() => {})
      return { status, error: err }
    } finally {
      this.init.clock.clearTimeout(timer as Parameters<Clock['clearTimeout']>[0])
    }
  }
}
