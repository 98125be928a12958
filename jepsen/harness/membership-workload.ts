/**
 * W5 — group membership (node/coord/recipes/membership.ts: join with a TTL, members, reaper).
 *
 * Six clients join one group (`m0`..`m5`) and keep their membership alive; two observers read
 * `members()` all along. The nemesis "kills" two members at random times — their clocks (every
 * renewal timer) freeze for good, as a SIGKILLed client's would — while the peers' faults run.
 * Members reap each other (the recipe), and the coordination group's driver peer runs a
 * GroupReaper too (CoordService, in both backends), so a group whose members are all dead is
 * still cleaned up.
 *
 * Checked:
 *   - a live member is never removed: no snapshot that began after its join returned lacks it,
 *     and its `lost` never fires;
 *   - a killed member is removed: the final snapshot (taken once 3 × TTL passed after the last
 *     kill) lacks it; the report gives the longest time from a kill to the first snapshot
 *     without the member.
 * History operations on key `group/<name>`: `join` (ok), `members` (ok → ids), `lost`.
 */
import { Coord } from '../../node/coord/recipes/index.ts'
import type { HistoryEvent } from '../checker/history.ts'
import { PausableClock } from './workload-common.ts'
import { sleep } from '../../node/transport/clock.ts'
import type { WorkloadOptions } from './workload-common.ts'
import { outcomeOfError } from './register-client.ts'
import type { HarnessClient, NemesisEvent } from './types.ts'

/** `clients`: members first, then up to 2 observers. */
export interface MembershipWorkloadOptions extends WorkloadOptions {
  readonly groupName: string
  readonly ttlMs: number
  readonly log: (event: Omit<NemesisEvent, 'time'>) => void
  /** Members to kill (default 2). */
  readonly kills?: number
}

export interface MembershipRunResult {
  /** Member id → when it was killed (backend clock, history time base). */
  readonly killedAt: Map<string, number>
  readonly members: readonly string[]
}

export async function runMembershipWorkload (o: MembershipWorkloadOptions, timeBase: number): Promise<MembershipRunResult> {
  const key = `group/${o.groupName}`
  const clock = o.backend.clock
  const observerCount = Math.min(2, Math.max(0, o.clients.length - 2))
  const memberClients = o.clients.slice(0, o.clients.length - observerCount)
  const observers = o.clients.slice(memberClients.length)
  const clocks = memberClients.map(() => new PausableClock(clock))
  const ids = memberClients.map((_, i) => `m${i}`)
  const killedAt = new Map<string, number>()
  let lastKill = -Infinity
  let ended = false

  // Join everyone first (retrying until each join is acknowledged).
  await Promise.all(memberClients.map(async (hc, i) => {
    const random = o.random(i + 1)
    const coord = new Coord({ api: hc.registers, clock: clocks[i], random, clientId: ids[i] })
    for (let attempt = 0; attempt < 40; attempt++) {
      // After an unknown outcome the next attempt joins under a new id: an earlier attempt that
      // did join has no handle renewing it (the reaper ends it; it is not checked as live).
      if (attempt > 0) ids[i] = `m${i}.${attempt}`
      const join = o.recorder.invoke(6000 + i + attempt * 100, 'join', ids[i], key)
      try {
        const m = await coord.join(o.groupName, ids[i], ids[i], { ttlMs: o.ttlMs })
        join.ok(true)
        const id = ids[i]
        m.lost.addEventListener('abort', () => {
          if (killedAt.has(id) || ended) return
          const lost = o.recorder.invoke(6500 + i, 'lost', id, key)
          lost.ok(String((m.lost.reason as Error | undefined)?.message ?? 'lost'))
        }, { once: true })
        return
      } catch (err) {
        if (outcomeOfError(err) === 'fail') join.fail(null, (err as Error).message)
        else join.info(null, (err as Error).message)
        await hc.reset()
        await sleep(clock, 100 + random() * 200)
      }
    }
  }))

  const killer = (async () => {
    const random = o.random(0)
    const alive = ids.map((_, i) => i)
    for (let k = 0; k < (o.kills ?? 2) && alive.length > 0; k++) {
      await sleep(clock, o.ttlMs * (1 + random() * 2))
      if (o.stop()) return
      const victim = alive.splice(Math.floor(random() * alive.length), 1)[0]
      clocks[victim].pause()
      killedAt.set(ids[victim], clock.now() - timeBase)
      lastKill = clock.now()
      o.log({ phase: 'note', action: 'kill-client', detail: ids[victim] })
    }
  })()

  const observe = async (hc: HarnessClient, i: number, untilDone: () => boolean): Promise<void> => {
    const coord = new Coord({ api: hc.registers, clock, random: o.random(200 + i), clientId: `obs${i}` })
    let process = 7000 + i
    while (!untilDone()) {
      const read = o.recorder.invoke(process, 'members', null, key)
      try {
        const snap = await coord.members(o.groupName)
        read.ok(snap.members.map(m => m.id).sort())
      } catch (err) {
        if (outcomeOfError(err) === 'fail') read.fail(null, (err as Error).message)
        else { read.info(null, (err as Error).message); process += 100 }
        await hc.reset()
      }
      await sleep(clock, 50 + o.random(300 + i)() * 150)
    }
  }
  // Observers run until the workload time is over and 3 TTLs passed after the last kill.
  const done = (): boolean => o.stop() && clock.now() >= lastKill + 3 * o.ttlMs
  await Promise.all([killer, ...observers.map(async (hc, i) => { await observe(hc, i, done) })])
  // One final snapshot by the first observer (or member client).
  const finalClient = observers[0] ?? o.clients[0]
  const coord = new Coord({ api: finalClient.registers, clock, random: o.random(400), clientId: 'final' })
  for (let attempt = 0; attempt < 40; attempt++) {
    const read = o.recorder.invoke(7900 + attempt, 'members', 'final', key)
    try {
      const snap = await coord.members(o.groupName)
      read.ok(snap.members.map(m => m.id).sort())
      break
    } catch (err) {
      read.info(null, (err as Error).message)
      await finalClient.reset()
      await sleep(clock, 250)
    }
  }
  // The members stop renewing (a clean end: their clocks freeze, nothing is left running).
  ended = true
  for (const c of clocks) c.pause()
  return { killedAt, members: ids }
}

export function checkMembershipRun (events: readonly HistoryEvent[], run: MembershipRunResult): { violations: string[], notes: string[] } {
  const violations: string[] = []
  const open = new Map<string | number, HistoryEvent>()
  const joinedAt = new Map<string, number>()
  const snapshots: Array<{ call: number, ret: number, ids: string[], final: boolean }> = []
  for (const e of events) {
    if (e.type === 'invoke') { open.set(e.process, e); continue }
    const inv = open.get(e.process)
    open.delete(e.process)
    if (inv === undefined || e.type !== 'ok') continue
    if (e.f === 'join') joinedAt.set(String(inv.value), Number(e.time))
    else if (e.f === 'members') snapshots.push({ call: Number(inv.time), ret: Number(e.time), ids: e.value as string[], final: inv.value === 'final' })
    else if (e.f === 'lost') violations.push(`live member ${String(inv.value)} lost its membership at ${Number(e.time)}: ${String(e.value)}`)
  }
  for (const id of run.members) {
    const joined = joinedAt.get(id)
    if (joined === undefined) { violations.push(`member ${id} never joined: the run proves nothing about it`); continue }
    const killed = run.killedAt.get(id)
    const missing = snapshots.find(s => s.call > joined && (killed === undefined || s.ret < killed) && !s.ids.includes(id))
    if (missing !== undefined) violations.push(`live member ${id} (joined at ${joined}) is missing from a snapshot taken at [${missing.call}, ${missing.ret}]: ${JSON.stringify(missing.ids)}`)
  }
  const final = snapshots.filter(s => s.final).at(-1)
  let slowest = 0
  if (final === undefined) violations.push('no final snapshot succeeded')
  else {
    for (const [id, at] of run.killedAt) {
      if (final.ids.includes(id)) violations.push(`killed member ${id} (killed at ${Math.round(at)}) is still listed at the end (${Math.round(final.call)})`)
      const gone = snapshots.find(s => s.call > at && !s.ids.includes(id))
      if (gone !== undefined) slowest = Math.max(slowest, gone.ret - at)
    }
  }
  return { violations, notes: [`${joinedAt.size} members joined, ${run.killedAt.size} killed, ${snapshots.length} snapshots; slowest removal seen ${Math.round(slowest)} ms after the kill`] }
}
