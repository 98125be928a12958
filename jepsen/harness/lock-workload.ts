/**
 * W2 — a lock and a fenced resource (Kleppmann's fencing; Chubby's sequencers).
 *
 * Logical clients loop over the lock recipe (node/coord/recipes/, `Coord.lock(name, { ttlMs })`):
 * acquire, write to the resource 1–3 times with the grant's fencing token, release. The resource
 * is the model of a storage service that fences: it accepts a write iff its token is not below
 * the highest accepted so far (FenceGuard semantics), and logs every attempt independently of
 * the guard, so the check does not trust the code it checks.
 *
 * The nemesis adds "SIGSTOP a lock-holding client past its TTL": the client's clock (every
 * timer of its lock recipe: renewals, the lost deadline) and its own loop freeze for 1.5–3 ×
 * TTL; on waking it writes at once with its old token, as a process resumed from a GC pause
 * would, before it notices the lease is gone. The peers' faults of W1 run alongside.
 *
 * Checked (each a violation when broken):
 *   - tokens are unique: no two granted acquisitions hold the same token;
 *   - tokens increase in real time: a grant acquired after another grant's acquire returned
 *     has a larger token;
 *   - the resource never accepted a lower token after a higher one (its accepted log is
 *     non-decreasing in token order);
 *   - no two holders wrote under one token (a token belongs to one client).
 * Recorded in the history as `acquire` (ok → token), `write` (ok → accepted true/false) and
 * `release` operations on key `lock/<name>`.
 */
import { Coord } from '../../node/coord/recipes/index.ts'
import type { Held } from '../../node/coord/recipes/index.ts'
import type { HistoryEvent } from '../checker/history.ts'
import { outcomeOfError } from './register-client.ts'
import { PausableClock, describeError, pauseClients } from './workload-common.ts'
import { sleep } from '../../node/transport/clock.ts'
import type { PausableClient, WorkloadOptions } from './workload-common.ts'
import type { HarnessClient, NemesisEvent } from './types.ts'

export interface ResourceWrite {
  readonly time: number
  readonly client: string
  readonly token: bigint
  readonly accepted: boolean
}

/**
 * The fenced resource: accepts a write iff its token is ≥ the highest accepted so far.
 * `fencing: false` accepts every write (a storage that ignores tokens: the negative control).
 */
export class FencedResource {
  readonly log: ResourceWrite[] = []
  private highest: bigint | undefined
  private readonly fencing: boolean

  constructor (options: { fencing?: boolean } = {}) {
    this.fencing = options.fencing ?? true
  }

  write (time: number, client: string, token: bigint): boolean {
    const accepted = !this.fencing || this.highest === undefined || token >= this.highest
    if (accepted && (this.highest === undefined || token > this.highest)) this.highest = token
    this.log.push({ time, client, token, accepted })
    return accepted
  }
}

export interface LockWorkloadOptions extends WorkloadOptions {
  readonly lockName: string
  readonly ttlMs: number
  readonly log: (event: Omit<NemesisEvent, 'time'>) => void
  readonly opTimeoutMs: number
  /** false: the resource ignores tokens (negative control; default true). */
  readonly fencing?: boolean
}

interface LockClientState extends PausableClient {
  holding: boolean
}

/** Runs the W2 clients and the client-pause nemesis until `stop()`; returns the resource. */
export async function runLockWorkload (o: LockWorkloadOptions): Promise<FencedResource> {
  const resource = new FencedResource({ fencing: o.fencing ?? true })
  const key = `lock/${o.lockName}`
  const states: LockClientState[] = []
  const stride = o.clients.length + 1

  const clientLoop = async (hc: HarnessClient, i: number): Promise<void> => {
    const random = o.random(i + 1)
    const clock = new PausableClock(o.backend.clock)
    const state: LockClientState = { name: `l${i}`, clock, holding: false, pauses: 0 }
    states.push(state)
    let process = 1000 + i
    let round = 0
    while (!o.stop()) {
      round++
      // A fresh Coord per round on the client's current connection (it may have reconnected).
      const coord = new Coord({ api: hc.registers, clock, random, clientId: `${state.name}-r${round}` })
      const acquire = o.recorder.invoke(process, 'acquire', state.name, key)
      let held: Held
      try {
        held = await coord.lock(o.lockName, { ttlMs: o.ttlMs, timeoutMs: Math.max(o.opTimeoutMs, 5 * o.ttlMs) })
        acquire.ok(held.token)
      } catch (err) {
        const outcome = outcomeOfError(err)
        if (outcome === 'fail' || (err as { name?: unknown }).name === 'RecipeTimeoutError') acquire.fail(null, describeError(err))
        else { acquire.info(null, describeError(err)); process += stride }
        await hc.reset()
        await sleep(o.backend.clock, 50 + random() * 200)
        continue
      }
      state.holding = true
      const pausesAtGrant = state.pauses
      const writes = 1 + Math.floor(random() * 3)
      for (let w = 0; w < writes; w++) {
        const pausedBefore = state.pauses
        await clock.gate()
        // A careful client checks the lease first; one that has just woken from a pause does
        // not (it was between its check and its write): only fencing stops it.
        if (held.lost.aborted && state.pauses === pausedBefore) break
        const write = o.recorder.invoke(process, 'write', held.token.toString(), key)
        write.ok(resource.write(o.backend.clock.now(), state.name, held.token))
        await sleep(clock, random() * o.ttlMs / 4)
      }
      // A client paused while holding writes once more on waking: the write it was about to do.
      await clock.gate()
      if (state.pauses !== pausesAtGrant) {
        const write = o.recorder.invoke(process, 'write', held.token.toString(), key)
        write.ok(resource.write(o.backend.clock.now(), state.name, held.token))
      }
      state.holding = false
      const release = o.recorder.invoke(process, 'release', state.name, key)
      try {
        await held.release()
        release.ok(true)
      } catch (err) {
        // NotHeld: the lease was lost (expired while paused); the release did nothing.
        const e = err as { name?: unknown, code?: unknown }
        if (e.name === 'LockNotHeldError' || e.code === 'NotHeld' || outcomeOfError(err) === 'fail') release.fail(null, describeError(err))
        else { release.info(null, describeError(err)); process += stride }
      }
      await sleep(o.backend.clock, random() * o.ttlMs / 2)
    }
  }

  await Promise.all([...o.clients.map(clientLoop), pauseClients(o, () => states.filter(s => s.holding))])
  return resource
}

export interface LockCheck {
  readonly violations: string[]
  readonly notes: string[]
}

/** The W2 checks over the history and the resource's log (module comment). */
export function checkLockRun (events: readonly HistoryEvent[], resource: FencedResource): LockCheck {
  const violations: string[] = []
  const notes: string[] = []
  // Granted acquisitions: invoke time, completion time, token.
  const open = new Map<string | number, { call: number, client: unknown }>()
  const grants: Array<{ call: number, ret: number, token: bigint, client: unknown }> = []
  for (const e of events) {
    if (e.f !== 'acquire') continue
    const time = Number(e.time)
    if (e.type === 'invoke') open.set(e.process, { call: time, client: e.value })
    else {
      const inv = open.get(e.process)
      open.delete(e.process)
      if (e.type === 'ok' && inv !== undefined) grants.push({ call: inv.call, ret: time, token: BigInt(e.value as bigint), client: inv.client })
    }
  }
  const byToken = new Map<bigint, typeof grants[number]>()
  for (const g of grants) {
    const other = byToken.get(g.token)
    if (other !== undefined) violations.push(`token ${g.token} granted twice: to ${String(other.client)} at [${other.call}, ${other.ret}] and to ${String(g.client)} at [${g.call}, ${g.ret}]`)
    else byToken.set(g.token, g)
  }
  const sorted = [...grants].sort((a, b) => a.ret - b.ret)
  for (const b of grants) {
    // Every grant that returned before b was invoked must have a smaller token.
    const earlier = sorted.filter(a => a.ret < b.call && a.token >= b.token)
    if (earlier.length > 0) {
      const a = earlier[0]
      violations.push(`token order: ${String(a.client)} got token ${a.token} (acquire returned at ${a.ret}) before ${String(b.client)} asked (at ${b.call}) and got the smaller-or-equal token ${b.token}`)
    }
  }
  let highest: ResourceWrite | undefined
  const writers = new Map<bigint, string>()
  for (const w of resource.log) {
    if (!w.accepted) continue
    if (highest !== undefined && w.token < highest.token) violations.push(`the resource accepted token ${w.token} from ${w.client} at ${w.time} after token ${highest.token} from ${highest.client}`)
    if (highest === undefined || w.token > highest.token) highest = w
    const owner = writers.get(w.token)
    if (owner !== undefined && owner !== w.client) violations.push(`token ${w.token} was used by ${owner} and ${w.client}`)
    writers.set(w.token, w.client)
  }
  const refused = resource.log.filter(w => !w.accepted).length
  notes.push(`${grants.length} grants, ${resource.log.length - refused} writes accepted, ${refused} stale writes refused by fencing`)
  if (grants.length === 0) violations.push('no lock was ever granted: the run proves nothing')
  return { violations, notes }
}
