/**
 * W4 — config watch (node/coord/recipes/watch.ts through `Coord.watch`).
 *
 * Two writers put documents `<writer>-<n>` into one config key while the peers' nemesis runs;
 * the other clients watch it from version 0. When the writers stop, a linearizable read gives
 * the final version and every watcher must reach it (convergence deadline: 30 s on the
 * backend's clock).
 *
 * Checked, per watcher:
 *   - versions strictly increase: no duplicate, nothing out of order;
 *   - without a `resync`, versions are consecutive (nothing skipped silently);
 *   - each event carries the committed value of its version: the value the acknowledged put
 *     that produced that version wrote, or (for a version no acknowledged put claims) a value
 *     some unacknowledged put wrote — never a value acknowledged at another version;
 *   - watchers agree: two watchers never saw different values for one version;
 *   - convergence: every watcher's last version is the final version, or later only by puts
 *     whose outcome was unknown (still in flight when the final read ran).
 * History operations on key `kv/<key>`: `put` (ok → version) and `event` (ok → { type, version, value }).
 */
import { Coord } from '../../node/coord/recipes/index.ts'
import type { HistoryEvent } from '../checker/history.ts'
import { outcomeOfError } from './register-client.ts'
import { sleep } from '../../node/transport/clock.ts'
import type { WorkloadOptions } from './workload-common.ts'
import type { HarnessClient } from './types.ts'

/** `clients`: the first two write; the next WATCHERS watch. */
export interface WatchWorkloadOptions extends WorkloadOptions {
  readonly configKey: string
  /** How long watchers may take to reach the final version, ms (default 30 s). */
  readonly convergeMs?: number
}

const decoder = new TextDecoder()
/** Watchers at most (each polls the register; more would only add contention). */
export const WATCHERS = 3

export interface WatchRunResult {
  /** The version a linearizable read saw after the writers stopped (undefined: no read succeeded). */
  readonly finalVersion: bigint | undefined
  /** Per watcher, the last version it delivered. */
  readonly lastSeen: Map<string, bigint>
}

export async function runWatchWorkload (o: WatchWorkloadOptions): Promise<WatchRunResult> {
  const key = `kv/${o.configKey}`
  const clock = o.backend.clock
  const writers = o.clients.slice(0, Math.min(2, o.clients.length - 1))
  const watchers = o.clients.slice(writers.length, writers.length + WATCHERS)
  const stride = o.clients.length + 1
  const lastSeen = new Map<string, bigint>()
  const abort = new AbortController()

  const writer = async (hc: HarnessClient, i: number): Promise<void> => {
    const random = o.random(i + 1)
    let process = 4000 + i
    let n = 0
    while (!o.stop()) {
      const coord = new Coord({ api: hc.registers, clock, random, clientId: `wr${i}` })
      const value = `wr${i}-${++n}`
      const put = o.recorder.invoke(process, 'put', value, key)
      try {
        const r = await coord.put(o.configKey, value)
        if (r.ok) put.ok(r.version)
        else put.fail(null, 'mismatch on an unconditional put')
      } catch (err) {
        if (outcomeOfError(err) === 'fail') put.fail(null, (err as Error).message)
        else { put.info(null, (err as Error).message); process += stride }
        await hc.reset()
      }
      await sleep(clock, 20 + random() * 150)
    }
  }

  const watcher = async (hc: HarnessClient, i: number): Promise<void> => {
    const name = `wa${i}`
    const coord = new Coord({ api: hc.registers, clock, random: o.random(50 + i), clientId: name })
    const process = 5000 + i
    try {
      for await (const e of coord.watch(o.configKey, { from: 0n, signal: abort.signal })) {
        const event = o.recorder.invoke(process, 'event', name, key)
        event.ok({ type: e.type, version: e.version, value: e.value === null ? null : decoder.decode(e.value) })
        lastSeen.set(name, e.version)
      }
    } catch (err) {
      if (!abort.signal.aborted) {
        const event = o.recorder.invoke(process, 'event', name, key)
        event.fail(null, `the watch ended: ${(err as Error).message}`)
      }
    }
  }

  const watching = watchers.map(watcher)
  await Promise.all(writers.map(writer))
  // The final version, by a linearizable read (retried while the cluster settles).
  let finalVersion: bigint | undefined
  const reader = new Coord({ api: o.clients[0].registers, clock, random: o.random(99), clientId: 'final' })
  for (let attempt = 0; attempt < 40 && finalVersion === undefined; attempt++) {
    const get = o.recorder.invoke(9000 + attempt, 'get', null, key)
    try {
      const e = await reader.get(o.configKey)
      get.ok({ version: e.version, value: e.value === null ? null : decoder.decode(e.value) })
      finalVersion = e.version
    } catch (err) {
      get.info(null, (err as Error).message)
      await o.clients[0].reset()
      await sleep(clock, 250)
    }
  }
  const deadline = clock.now() + (o.convergeMs ?? 30_000)
  const converged = (): boolean => finalVersion !== undefined && watchers.every((_, i) => (lastSeen.get(`wa${i}`) ?? -1n) >= finalVersion!)
  while (!converged() && clock.now() < deadline) await sleep(clock, 50)
  abort.abort()
  await Promise.all(watching)
  return { finalVersion, lastSeen }
}

/** The W4 checks (module comment). */
export function checkWatchRun (events: readonly HistoryEvent[], run: WatchRunResult, watchers: number): { violations: string[], notes: string[] } {
  const violations: string[] = []
  const open = new Map<string | number, HistoryEvent>()
  const committed = new Map<bigint, string>() // version → value of the acknowledged put
  const acknowledgedAt = new Map<string, bigint>() // value → version
  const unacknowledged = new Set<string>()
  const seen = new Map<string, Array<{ type: string, version: bigint, value: string | null }>>()
  for (const e of events) {
    if (e.type === 'invoke') { open.set(e.process, e); continue }
    const inv = open.get(e.process)
    open.delete(e.process)
    if (inv === undefined) continue
    if (e.f === 'put') {
      if (e.type === 'ok') {
        const v = BigInt(e.value as bigint)
        committed.set(v, String(inv.value))
        acknowledgedAt.set(String(inv.value), v)
      } else if (e.type === 'info') unacknowledged.add(String(inv.value))
    } else if (e.f === 'event') {
      if (e.type === 'fail') { violations.push(`watcher ${String(inv.value)}: ${e.error ?? 'the watch failed'}`); continue }
      const v = e.value as { type: string, version: bigint, value: string | null }
      const list = seen.get(String(inv.value)) ?? []
      list.push({ type: v.type, version: BigInt(v.version), value: v.value })
      seen.set(String(inv.value), list)
    }
  }
  // Invokes never completed count as unacknowledged puts too.
  for (const inv of open.values()) if (inv.f === 'put') unacknowledged.add(String(inv.value))
  const valueAt = new Map<bigint, { value: string | null, watcher: string }>()
  let resyncs = 0
  let delivered = 0
  for (const [watcher, list] of seen) {
    let last = 0n
    for (const e of list) {
      delivered++
      if (e.type === 'resync') resyncs++
      if (e.version <= last) violations.push(`watcher ${watcher}: version ${e.version} after ${last} (duplicate or out of order)`)
      else if (e.type !== 'resync' && e.version !== last + 1n) violations.push(`watcher ${watcher}: skipped from ${last} to ${e.version} without a resync`)
      last = e.version > last ? e.version : last
      const expected = committed.get(e.version)
      if (expected !== undefined && e.value !== expected) violations.push(`watcher ${watcher}: version ${e.version} carried ${JSON.stringify(e.value)}, but the acknowledged put of that version wrote ${JSON.stringify(expected)}`)
      if (expected === undefined && e.value !== null) {
        const at = acknowledgedAt.get(e.value)
        if (at !== undefined) violations.push(`watcher ${watcher}: version ${e.version} carried ${JSON.stringify(e.value)}, which was acknowledged at version ${at}`)
        else if (!unacknowledged.has(e.value)) violations.push(`watcher ${watcher}: version ${e.version} carried ${JSON.stringify(e.value)}, which no put wrote`)
      }
      const other = valueAt.get(e.version)
      if (other !== undefined && other.value !== e.value) violations.push(`watchers ${other.watcher} and ${watcher} saw different values at version ${e.version}: ${JSON.stringify(other.value)} and ${JSON.stringify(e.value)}`)
      else valueAt.set(e.version, { value: e.value, watcher })
    }
  }
  if (run.finalVersion === undefined) violations.push('no final read succeeded: convergence could not be checked')
  else {
    for (let i = 0; i < watchers; i++) {
      // A watcher that saw nothing is at version 0: converged iff the register was never written.
      const last = run.lastSeen.get(`wa${i}`) ?? 0n
      // Beyond the final read's version only a put whose outcome was unknown may have landed
      // (it was still in flight, or retried by a peer, when the read ran); each such event's
      // value was checked against the unacknowledged puts above.
      if (last < run.finalVersion) violations.push(`watcher wa${i} did not converge: its last version is ${last}, the register is at ${run.finalVersion}`)
      for (const e of seen.get(`wa${i}`) ?? []) {
        if (e.version > run.finalVersion && (e.value === null || !unacknowledged.has(e.value))) {
          violations.push(`watcher wa${i}: version ${e.version}, after the final read's ${run.finalVersion}, carried ${JSON.stringify(e.value)}, not the value of a put whose outcome was unknown`)
        }
      }
    }
  }
  if (committed.size === 0) violations.push('no put was acknowledged: the run proves nothing')
  return { violations, notes: [`${committed.size} acknowledged puts, final version ${run.finalVersion ?? '?'}, ${delivered} events delivered to ${seen.size} watchers (${resyncs} resyncs)`] }
}
