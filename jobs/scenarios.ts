/**
 * The fault scenarios of the jobs workload on a testnet of OS processes (issue 9): jobs run
 * through the client library while a nemesis kills -9 and restarts peers, stops and starts a
 * peer, kills a whole host (zone) at once, or upgrades every peer in turn. Each returns the
 * checked run and its events, on the run's time axis, for the plots.
 *
 * Used by benchmarks/faults.ts (full forms) and test/jobs/testnet.test.ts (quick forms).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { seededRandom } from '../node/transport/clock.ts'
import type { Testnet, UpgradeOptions } from '../testnet/index.ts'
import { runJobsOnRing } from './network.ts'
import type { RunEvent, RunResult } from './run.ts'

export interface ScenarioInit {
  readonly jobs: number
  readonly workers: number
  readonly k: number
  readonly deadlineMs: number
  readonly leaseMs?: number
  readonly timeoutMs?: number
  readonly seed?: number
  readonly onProgress?: (done: number, total: number) => void
  /** Each nemesis event as it happens (label, ms of the system clock). */
  readonly onEvent?: (label: string) => void
  /** Submit the last `jobs` jobs only once `until` resolves. */
  readonly holdBack?: { readonly jobs: number, readonly until: Promise<void> }
}

export interface ScenarioResult {
  readonly result: RunResult
  /** Nemesis events, ms since the run started. */
  readonly events: RunEvent[]
  /** Most peers down at once. */
  readonly maxDown: number
}

interface NemesisContext {
  readonly signal: AbortSignal
  mark: (label: string) => void
  random: () => number
}

/** Waits ms unless the signal aborts first; resolves to whether it waited the whole time. */
async function pause (ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal })
    return true
  } catch {
    return false
  }
}

async function withNemesis (testnet: Testnet, init: ScenarioInit, nemesis: (ctx: NemesisContext) => Promise<void>): Promise<Omit<ScenarioResult, 'maxDown'>> {
  const marks: Array<{ at: number, label: string }> = []
  const stop = new AbortController()
  const ctx: NemesisContext = {
    signal: stop.signal,
    mark: label => { marks.push({ at: performance.now(), label }); init.onEvent?.(label) },
    random: seededRandom(init.seed ?? 1)
  }
  let nemesisError: unknown
  const running = nemesis(ctx).catch(err => { nemesisError = err })
  let result: RunResult
  try {
    result = await runJobsOnRing({
      peers: testnet.peers.map(p => p.multiaddrs),
      jobs: init.jobs,
      workers: init.workers,
      k: init.k,
      deadlineMs: init.deadlineMs,
      ...(init.leaseMs !== undefined ? { leaseMs: init.leaseMs } : {}),
      ...(init.timeoutMs !== undefined ? { timeoutMs: init.timeoutMs } : {}),
      ...(init.onProgress !== undefined ? { onProgress: init.onProgress } : {}),
      ...(init.holdBack !== undefined ? { holdBack: init.holdBack } : {})
    })
  } finally {
    stop.abort()
    await running
  }
  if (nemesisError !== undefined) throw nemesisError
  return { result, events: marks.map(m => ({ atMs: Math.round(m.at - result.startedAt), label: m.label })) }
}

function upSlots (testnet: Testnet): number[] {
  return testnet.peers.map(p => p.index).filter(i => testnet.state(i) === 'up')
}

export interface PeerFailureInit extends ScenarioInit {
  /** Time between two faults, ms. */
  readonly intervalMs: number
  /** How long a peer stays down, ms. */
  readonly downMs: number
  /** 'kill': SIGKILL then restart; 'stop': graceful stop then start. */
  readonly mode: 'kill' | 'stop'
  /** Faults at most (default: until the jobs are done). */
  readonly maxFaults?: number
  /** Wait before the first fault, ms (default intervalMs). */
  readonly firstAfterMs?: number
}

/**
 * Scenario 2: every intervalMs a random serving peer is killed with SIGKILL (or stopped
 * gracefully) and restarted downMs later with its identity and data. One peer down at a time,
 * so never more than r − 1 (r ≥ 2).
 */
export async function peerFailures (testnet: Testnet, init: PeerFailureInit): Promise<ScenarioResult> {
  let down = 0
  let maxDown = 0
  const run = await withNemesis(testnet, init, async ({ signal, mark, random }) => {
    let faults = 0
    let wait = init.firstAfterMs ?? init.intervalMs
    while (faults < (init.maxFaults ?? Infinity) && await pause(wait, signal)) {
      wait = init.intervalMs
      const candidates = upSlots(testnet)
      if (candidates.length < 2) continue
      const victim = candidates[Math.floor(random() * candidates.length)]
      faults++
      mark(`${init.mode === 'kill' ? 'kill -9' : 'stop'} ${victim}`)
      if (init.mode === 'kill') await testnet.kill(victim)
      else await testnet.stopPeer(victim)
      maxDown = Math.max(maxDown, ++down)
      // The peer comes back even when the run is over: the testnet is left whole.
      await pause(init.downMs, new AbortController().signal)
      mark(`restart ${victim}`)
      await testnet.restart(victim)
      down--
    }
  })
  return { ...run, maxDown }
}

export interface HostFailureInit extends ScenarioInit {
  readonly intervalMs: number
  readonly downMs: number
  readonly maxFaults?: number
  readonly firstAfterMs?: number
}

/**
 * Scenario 3: every intervalMs all peers of one zone ("host") are killed at once with SIGKILL
 * and restarted together downMs later; zones are taken in turn.
 */
export async function hostFailures (testnet: Testnet, init: HostFailureInit): Promise<ScenarioResult> {
  if (testnet.zones.length < 2) throw new RangeError('a host failure scenario needs a testnet with at least 2 zones')
  let maxDown = 0
  const run = await withNemesis(testnet, init, async ({ signal, mark }) => {
    let faults = 0
    let wait = init.firstAfterMs ?? init.intervalMs
    while (faults < (init.maxFaults ?? Infinity) && await pause(wait, signal)) {
      wait = init.intervalMs
      const zone = testnet.zones[faults % testnet.zones.length]
      faults++
      mark(`kill host ${zone}`)
      const killed = await testnet.killZone(zone)
      maxDown = Math.max(maxDown, killed.length)
      await pause(init.downMs, new AbortController().signal)
      mark(`restart host ${zone}`)
      await testnet.restartZone(zone)
    }
  })
  return { ...run, maxDown }
}

export interface UpgradeScenarioInit extends Omit<ScenarioInit, 'holdBack'> {
  /** Wait after the start before upgrading, ms. */
  readonly startAfterMs: number
  /** Jobs submitted only once the upgrade is over (so they certainly run on upgraded peers; default 0). */
  readonly jobsAfterUpgrade?: number
  readonly upgrade?: Omit<UpgradeOptions, 'onStep' | 'signal'>
}

export interface UpgradeScenarioResult extends ScenarioResult {
  /** Slots replaced, in order, with when each was serving its new build again (ms since the run start). */
  readonly upgraded: ReadonlyArray<{ readonly index: number, readonly from: string | null, readonly to: string | null, readonly servingAtMs: number | null }>
  /** Results committed after the first upgraded peer served again / after the last one did. */
  readonly storedAfterFirstUpgrade: number
  readonly storedAfterLastUpgrade: number
  /** Whether the upgrade finished before the run did. */
  readonly upgradeFinished: boolean
}

/** Scenario 4: a rolling upgrade of every serving peer while the jobs run. */
export async function rollingUpgrade (testnet: Testnet, init: UpgradeScenarioInit): Promise<UpgradeScenarioResult> {
  const serving = new Map<number, number>()
  let report: Awaited<ReturnType<Testnet['upgrade']>> | undefined
  const upgraded = Promise.withResolvers<void>()
  const holdBack = (init.jobsAfterUpgrade ?? 0) > 0 ? { jobs: init.jobsAfterUpgrade ?? 0, until: upgraded.promise } : undefined
  const run = await withNemesis(testnet, { ...init, ...(holdBack !== undefined ? { holdBack } : {}) }, async ({ mark }) => {
    try {
      await sleep(init.startAfterMs)
      mark('upgrade starts')
      report = await testnet.upgrade({
        ...init.upgrade,
        onStep: step => {
          if (step.phase === 'leaving') mark(`upgrade ${step.index}`)
          if (step.phase === 'consistent') serving.set(step.index, performance.now())
        }
      })
      mark('upgrade done')
    } finally {
      upgraded.resolve()
    }
  })
  const startedAt = run.result.startedAt
  const servingAt = [...serving.values()].map(t => t - startedAt)
  const first = servingAt.length === 0 ? Infinity : Math.min(...servingAt)
  const last = servingAt.length === 0 ? Infinity : Math.max(...servingAt)
  const slots = (report?.upgraded ?? []).map(u => ({ index: u.index, from: u.from, to: u.to, servingAtMs: serving.has(u.index) ? Math.round((serving.get(u.index) as number) - startedAt) : null }))
  return {
    ...run,
    maxDown: 1,
    upgraded: slots,
    storedAfterFirstUpgrade: run.result.storedAtMs.filter(t => t > first).length,
    storedAfterLastUpgrade: run.result.storedAtMs.filter(t => t > last).length,
    upgradeFinished: report !== undefined && last <= run.result.durationMs
  }
}
