/**
 * Watches on one register as an async iterable of committed versions, in version order, never
 * duplicated, resumable from a version; an explicit `resync` when the history needed is gone
 * (then the event carries the current value, as etcd answers a compacted revision).
 */
import type { CoordApi } from '../api.ts'
import type { Clock } from '../../transport/types.ts'
import { aborted, isTransient, sleep } from './common.ts'

export type WatchEvent =
  | { readonly type: 'put', readonly key: string, readonly value: Uint8Array, readonly version: bigint }
  | { readonly type: 'delete', readonly key: string, readonly value: null, readonly version: bigint }
  /** Versions between the last one delivered and this one are gone; this is the current state. */
  | { readonly type: 'resync', readonly key: string, readonly value: Uint8Array | null, readonly version: bigint }

export interface RegisterWatchOptions {
  /** The last version the caller has: events start after it. Default: the current version. */
  readonly from?: bigint
  /** Ends the iteration (quietly) when it fires. */
  readonly signal?: AbortSignal
  /** Wait of one watchNext call, ms (default 10 s). */
  readonly pollWaitMs?: number
}

/**
 * Iterates the versions of register `registerKey` after `from`, reporting them under `key`.
 * Transient failures (Unavailable, Indeterminate) are retried with backoff: after a disconnect
 * the watch resumes from the last version it delivered, so nothing is skipped or repeated.
 */
export async function * watchRegister (api: CoordApi, clock: Clock, registerKey: string, key: string, options: RegisterWatchOptions = {}): AsyncGenerator<WatchEvent, void, undefined> {
  const { signal } = options
  let after = options.from
  let failures = 0
  while (after === undefined) {
    if (aborted(signal)) return
    try {
      after = (await api.get(registerKey)).version
    } catch (err) {
      if (!isTransient(err)) throw err
      if (!await pause(clock, ++failures, signal)) return
    }
  }
  for (;;) {
    if (aborted(signal)) return
    let batch
    try {
      batch = await api.watchNext(registerKey, after, { waitMs: options.pollWaitMs ?? 10_000, signal })
      failures = 0
    } catch (err) {
      if (aborted(signal)) return
      if (!isTransient(err)) throw err
      if (!await pause(clock, ++failures, signal)) return
      continue
    }
    if (batch.resync) {
      const current = batch.events.at(-1)
      if (current !== undefined && current.version > after) {
        after = current.version
        yield { type: 'resync', key, value: current.value, version: current.version }
      }
      continue
    }
    for (const e of batch.events) {
      if (e.version <= after) continue // never deliver a version twice
      if (e.version !== after + 1n) {
        // A gap the API did not flag: report it honestly as a resync with the newest entry.
        const current = batch.events.at(-1) ?? e
        after = current.version
        yield { type: 'resync', key, value: current.value, version: current.version }
        break
      }
      after = e.version
      yield e.value === null
        ? { type: 'delete', key, value: null, version: e.version }
        : { type: 'put', key, value: e.value, version: e.version }
    }
  }
}

/** Backoff after the n-th consecutive failure; false when aborted meanwhile. */
async function pause (clock: Clock, n: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(clock, Math.min(2000, 25 * 2 ** Math.min(n, 7)), signal)
    return true
  } catch {
    return false
  }
}
