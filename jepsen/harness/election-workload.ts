/**
 * W3 — leader election (node/coord/recipes/election.ts: campaign, proclaim, resign, leader).
 *
 * Candidates loop: campaign (→ a term), proclaim 1–3 values `<candidate>@<term>#<n>`, resign.
 * Observers read `leader(name)` (linearizable) all along. Candidates are paused past their TTL
 * now and then (workload-common.ts PausableClock), so leases are lost and taken over mid-term;
 * a woken leader proclaims at once and must be refused (StaleTerm) once a newer term exists.
 *
 * Checked:
 *   - one leader per term: no two campaigns won the same term;
 *   - terms increase: a campaign that began after another had won has a larger term;
 *   - observations are leaders: every value an observer read for term t was proclaimed (or
 *     campaigned) by the candidate that won t, in term t;
 *   - observed terms never go back: an observation that began after another observation
 *     returned shows a term at least as large.
 * History operations on key `elect/<name>`: `campaign` (ok → term), `proclaim` (ok/fail),
 * `resign`, `leader` (ok → { term, value } or null).
 */
import { Coord } from '../../node/coord/recipes/index.ts'
import type { Leadership } from '../../node/coord/recipes/index.ts'
import type { HistoryEvent } from '../checker/history.ts'
import { outcomeOfError } from './register-client.ts'
import { PausableClock, describeError, pauseClients } from './workload-common.ts'
import { sleep } from '../../node/transport/clock.ts'
import type { WorkloadOptions } from './workload-common.ts'
import type { HarnessClient, NemesisEvent } from './types.ts'

/** `clients`: candidates first, then `observers` observers. */
export interface ElectionWorkloadOptions extends WorkloadOptions {
  readonly observers: number
  readonly electionName: string
  readonly ttlMs: number
  readonly log: (event: Omit<NemesisEvent, 'time'>) => void
  readonly opTimeoutMs: number
}

const decoder = new TextDecoder()

export async function runElectionWorkload (o: ElectionWorkloadOptions): Promise<void> {
  const key = `elect/${o.electionName}`
  const stride = o.clients.length + 1
  const candidates = o.clients.slice(0, Math.max(1, o.clients.length - o.observers))
  const observers = o.clients.slice(candidates.length)
  const leading: Array<{ name: string, clock: PausableClock, pauses: number, leading: boolean }> = []

  const candidate = async (hc: HarnessClient, i: number): Promise<void> => {
    const random = o.random(i + 1)
    const clock = new PausableClock(o.backend.clock)
    const me = { name: `e${i}`, clock, pauses: 0, leading: false }
    leading.push(me)
    let process = 2000 + i
    let round = 0
    while (!o.stop()) {
      round++
      const coord = new Coord({ api: hc.registers, clock, random, clientId: `${me.name}-r${round}` })
      const won = o.recorder.invoke(process, 'campaign', me.name, key)
      let leadership: Leadership
      try {
        leadership = await coord.campaign(o.electionName, `${me.name}@?#0`, { ttlMs: o.ttlMs, timeoutMs: Math.max(o.opTimeoutMs, 5 * o.ttlMs) })
        won.ok(leadership.term)
      } catch (err) {
        if (outcomeOfError(err) === 'fail' || (err as { name?: unknown }).name === 'RecipeTimeoutError') won.fail(null, describeError(err))
        else { won.info(null, describeError(err)); process += stride }
        await hc.reset()
        await sleep(o.backend.clock, 50 + random() * 200)
        continue
      }
      me.leading = true
      const pausesAtWin = me.pauses
      const proclaims = 1 + Math.floor(random() * 3)
      for (let n = 1; n <= proclaims + 1; n++) {
        await clock.gate()
        // The extra proclaim is the one a leader woken from a pause was about to send.
        if (n > proclaims && me.pauses === pausesAtWin) break
        const value = `${me.name}@${leadership.term}#${n}`
        const p = o.recorder.invoke(process, 'proclaim', value, key)
        try {
          await leadership.proclaim(value)
          p.ok(true)
        } catch (err) {
          const code = (err as { code?: unknown }).code
          if (code === 'StaleTerm' || outcomeOfError(err) === 'fail') p.fail(null, describeError(err))
          else { p.info(null, describeError(err)); process += stride }
          break
        }
        await sleep(clock, random() * o.ttlMs / 3)
      }
      me.leading = false
      const r = o.recorder.invoke(process, 'resign', me.name, key)
      try {
        await leadership.resign()
        r.ok(true)
      } catch (err) {
        const code = (err as { code?: unknown }).code
        if (code === 'StaleTerm' || code === 'NotHeld' || outcomeOfError(err) === 'fail') r.fail(null, describeError(err))
        else { r.info(null, describeError(err)); process += stride }
      }
      await sleep(o.backend.clock, random() * o.ttlMs / 2)
    }
  }

  const observer = async (hc: HarnessClient, i: number): Promise<void> => {
    const random = o.random(100 + i)
    let process = 3000 + i
    const coord = new Coord({ api: hc.registers, clock: o.backend.clock, random, clientId: `obs${i}` })
    while (!o.stop()) {
      const read = o.recorder.invoke(process, 'leader', null, key)
      try {
        const record = await coord.leader(o.electionName)
        read.ok(record === null ? null : { term: record.term, value: record.value === null ? null : decoder.decode(record.value) })
      } catch (err) {
        if (outcomeOfError(err) === 'fail') read.fail(null, describeError(err))
        else { read.info(null, describeError(err)); process += stride }
      }
      await sleep(o.backend.clock, 20 + random() * 100)
    }
  }

  await Promise.all([...candidates.map(candidate), ...observers.map(observer), pauseClients(o, () => leading.filter(c => c.leading))])
}

/** The W3 checks (module comment). */
export function checkElectionRun (events: readonly HistoryEvent[]): { violations: string[], notes: string[] } {
  const violations: string[] = []
  const open = new Map<string | number, HistoryEvent>()
  const wins: Array<{ who: string, term: bigint, call: number, ret: number }> = []
  const proclaimed = new Map<string, bigint>() // value → term it was proclaimed in (by its winner)
  const reads: Array<{ call: number, ret: number, term: bigint | null, value: string | null }> = []
  for (const e of events) {
    if (e.type === 'invoke') { open.set(e.process, e); continue }
    const inv = open.get(e.process)
    open.delete(e.process)
    if (inv === undefined || e.type !== 'ok') continue
    const call = Number(inv.time)
    const ret = Number(e.time)
    if (e.f === 'campaign') wins.push({ who: String(inv.value), term: BigInt(e.value as bigint), call, ret })
    else if (e.f === 'proclaim') {
      const m = /^(.*)@(\d+)#\d+$/.exec(String(inv.value))
      if (m !== null) proclaimed.set(String(inv.value), BigInt(m[2]))
    } else if (e.f === 'leader') {
      const v = e.value as { term: bigint, value: string | null } | null
      reads.push({ call, ret, term: v === null ? null : BigInt(v.term), value: v?.value ?? null })
    }
  }
  const winnerOf = new Map<bigint, string>()
  for (const w of wins) {
    const other = winnerOf.get(w.term)
    if (other !== undefined) violations.push(`two leaders for term ${w.term}: ${other} and ${w.who}`)
    winnerOf.set(w.term, w.who)
  }
  for (const b of wins) {
    const a = wins.find(a => a.ret < b.call && a.term >= b.term)
    if (a !== undefined) violations.push(`terms went back: ${a.who} won term ${a.term} (returned at ${a.ret}) before ${b.who} campaigned (at ${b.call}) and won term ${b.term}`)
  }
  for (const r of reads) {
    if (r.term === null || r.value === null) continue
    const m = /^(.*)@(\d+|\?)#\d+$/.exec(r.value)
    if (m === null) { violations.push(`an observer read ${JSON.stringify(r.value)} for term ${r.term}, which no candidate wrote`); continue }
    const winner = winnerOf.get(r.term)
    if (winner !== undefined && winner !== m[1]) violations.push(`an observer read ${JSON.stringify(r.value)} as the leader of term ${r.term}, which ${winner} won`)
    if (m[2] !== '?' && BigInt(m[2]) !== r.term) violations.push(`an observer read ${JSON.stringify(r.value)} (proclaimed in term ${m[2]}) as the value of term ${r.term}`)
  }
  const sortedByReturn = reads.filter(r => r.term !== null).sort((a, b) => a.ret - b.ret)
  for (const b of reads) {
    if (b.term === null) continue
    const a = sortedByReturn.find(a => a.ret < b.call && (a.term as bigint) > (b.term as bigint))
    if (a !== undefined) violations.push(`observed terms went back: term ${a.term} was read (returned at ${a.ret}) before a read that began at ${b.call} saw term ${b.term}`)
  }
  if (wins.length === 0) violations.push('no campaign was ever won: the run proves nothing')
  const staleRefused = events.filter(e => e.type === 'fail' && e.f === 'proclaim' && /StaleTerm/.test(e.error ?? '')).length
  return { violations, notes: [`${wins.length} terms won, ${proclaimed.size} values proclaimed, ${reads.length} leader reads, ${staleRefused} stale proclaims refused`] }
}
