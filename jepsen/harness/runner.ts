/**
 * One Jepsen-style run: logical clients run a workload against a Backend while the nemesis
 * hurts it, every operation recorded (invoke + ok/fail/info, monotonic time); then the faults
 * heal, final reads run, and the history is checked. When a check fails (or when asked), the
 * history and the nemesis log are written as JSONL artifacts and their directory is reported.
 *
 * Workloads:
 *   - w1: compare-and-set registers on a few keys, checked linearizable (CAS chain + WGL);
 *   - w2: a lock and a fenced resource (lock-workload.ts), clients paused past their TTL;
 *   - w3: leader election (election-workload.ts): one leader per term, terms increase;
 *   - w4: config watch (watch-workload.ts): versions in order, no duplicates, committed values, convergence;
 *   - w5: membership (membership-workload.ts): killed members removed, live ones never;
 *   - w6: w1's clients on "hot" keys while every coordination group member is replaced, one
 *         at a time, by a new empty peer; "cold" keys written once at the start and read only
 *         at the end (nothing but the reconfiguration's state transfer carries them over):
 *         nothing acknowledged may be lost, and the whole history must be linearizable.
 * Seeded: the workload and the nemesis draw from PRNG streams derived from `seed` (with the
 * simulator backend, the whole run replays from it).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { formatHistory, formatLine, HistoryRecorder } from '../checker/history.ts'
import type { HistoryEvent } from '../checker/history.ts'
import { seededRandom, sleep } from '../../node/transport/clock.ts'
import type { Random } from '../../node/transport/types.ts'
import { checkRegisterHistory, opStats } from './check.ts'
import { pairOperations } from '../checker/history.ts'
import { checkLockRun, FencedResource, runLockWorkload } from './lock-workload.ts'
import { checkElectionRun, runElectionWorkload } from './election-workload.ts'
import { checkWatchRun, runWatchWorkload, WATCHERS } from './watch-workload.ts'
import type { WatchRunResult } from './watch-workload.ts'
import { checkMembershipRun, runMembershipWorkload } from './membership-workload.ts'
import type { MembershipRunResult } from './membership-workload.ts'
import type { OpStats } from './check.ts'
import { rollingReplacement, runNemesis } from './nemesis.ts'
import { RecordingRegisterClient } from './register-client.ts'
import type { Backend, FaultKind, HarnessClient, NemesisEvent } from './types.ts'
import { HarnessError } from './types.ts'

export type WorkloadName = 'w1' | 'w2' | 'w3' | 'w4' | 'w5' | 'w6'
export const WORKLOADS: readonly WorkloadName[] = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6']

export interface RunOptions {
  readonly workload: WorkloadName
  readonly seed: number
  /** How long clients run, ms (w6 runs on until every member is replaced). */
  readonly timeMs: number
  /** Logical clients (default 8). */
  readonly clients?: number
  /** Registers the clients share (default 3). */
  readonly keys?: number
  /** w6: registers written once at the start, read at the end (default 4). */
  readonly coldKeys?: number
  /** Faults of the nemesis (default: w1 every fault the backend has, w6 none besides the replacement). */
  readonly faults?: readonly FaultKind[]
  /** Think time between two operations of a client, ms (default [0, 20]). */
  readonly thinkMs?: readonly [number, number]
  /** Harness deadline of one operation, ms (default 10 s): past it the op is info. */
  readonly opTimeoutMs?: number
  /** Quiet time between faults, ms (default [1000, 3000]). */
  readonly quietMs?: readonly [number, number]
  /** How long a killed peer stays down, ms (default [1000, 4000]). */
  readonly downMs?: readonly [number, number]
  /** Budget of the WGL search, ms (default 60 s). */
  readonly wglTimeoutMs?: number
  /** w5: members to kill (default 2 of 6). */
  readonly kills?: number
  /** w2: false makes the resource ignore tokens (the negative control; default true). */
  readonly fencing?: boolean
  /** Longest wait for the cluster to absorb a membership change, ms (default 60 s). */
  readonly settleMs?: number
  /** Where run directories go (default test-artifacts/jepsen under the repository). */
  readonly artifactsDir?: string
  /** Save history and nemesis log: on failure (default), always or never. */
  readonly saveArtifacts?: 'on-failure' | 'always' | 'never'
  /** Progress lines. */
  readonly onProgress?: (line: string) => void
}

export interface RunResult {
  readonly ok: boolean
  readonly workload: WorkloadName
  readonly seed: number
  readonly backend: string
  /** Safety: what the checks found wrong in the history. */
  readonly violations: string[]
  /**
   * Liveness: what kept the run from doing what its workload claims (W6: a member that was
   * never replaced). Also fails the run, but says nothing against the history.
   */
  readonly incomplete: string[]
  readonly notes: string[]
  readonly stats: OpStats
  readonly history: HistoryEvent[]
  readonly nemesis: NemesisEvent[]
  /** The directory holding history.jsonl, nemesis.jsonl and report.txt, when saved. */
  readonly artifacts?: string
  /** Length of the run on the backend's clock, ms. */
  readonly elapsedMs: number
}

export const DEFAULT_ARTIFACTS_DIR = resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'jepsen')

const FINAL_READ_ATTEMPTS = 40
/** A logical client reconnects after this many operations in a row without an ok. */
const RESET_AFTER_FAILURES = 3

export async function runJepsen (backend: Backend, options: RunOptions): Promise<RunResult> {
  if (!(options.timeMs > 0)) throw new RangeError(`time must be positive, got ${options.timeMs}`)
  const clientCount = options.clients ?? 8
  if (!Number.isInteger(clientCount) || clientCount < 1) throw new RangeError(`clients must be a positive integer, got ${clientCount}`)
  const progress = options.onProgress ?? (() => {})
  const clock = backend.clock
  const started = clock.now()
  const recorder = new HistoryRecorder({ clock: () => clock.now() - started })
  const nemesisLog: NemesisEvent[] = []
  const log = (e: Omit<NemesisEvent, 'time'>): void => {
    const event = { time: clock.now() - started, ...e }
    nemesisLog.push(event)
    progress(`nemesis ${event.phase} ${event.action}${event.slot === undefined ? '' : ` ${event.slot}`}${event.error === undefined ? '' : ` failed: ${event.error}`}`)
  }
  const hotKeys = Array.from({ length: options.keys ?? 3 }, (_, i) => `jepsen-${options.workload}-k${i}`)
  const coldKeys = options.workload === 'w6' ? Array.from({ length: options.coldKeys ?? 4 }, (_, i) => `jepsen-w6-cold${i}`) : []
  const opTimeoutMs = options.opTimeoutMs ?? 10_000
  /** The peers' fault nemesis (one seed for every workload). */
  const startNemesis = async (faults: readonly FaultKind[], endAt: number): Promise<void> => {
    await runNemesis(backend, {
      faults,
      random: seededRandom(options.seed * 104729 + 7),
      log,
      quietMs: options.quietMs,
      downMs: options.downMs,
      ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs })
    }, endAt)
  }
  const harnessClients: HarnessClient[] = []
  let finalReadsFrom = 0
  /** What kept the run from doing what its workload claims (W6: every member replaced). */
  const incomplete: string[] = []

  let resource: FencedResource | undefined
  let watchRun: WatchRunResult | undefined
  let membershipRun: MembershipRunResult | undefined
  const runRecipeWorkload = async (): Promise<void> => {
    for (let i = 0; i < clientCount; i++) harnessClients.push(await backend.client(`c${i}`))
    const endAt = clock.now() + options.timeMs
    const stop = (): boolean => clock.now() >= endAt
    const nemesis = startNemesis(options.faults ?? backend.faults, endAt).then(() => undefined, (err: unknown) => err)
    if (options.workload === 'w5') {
      membershipRun = await runMembershipWorkload({
        backend,
        recorder,
        clients: harnessClients,
        groupName: 'jepsen-w5',
        ttlMs: backend.ttlMs,
        random: stream => seededRandom(options.seed * 7919 + 1700 + stream),
        stop,
        log,
        ...(options.kills === undefined ? {} : { kills: options.kills })
      }, started)
    } else if (options.workload === 'w4') {
      watchRun = await runWatchWorkload({
        backend,
        recorder,
        clients: harnessClients,
        configKey: 'jepsen-w4-config',
        random: stream => seededRandom(options.seed * 7919 + 1300 + stream),
        stop
      })
    } else if (options.workload === 'w3') {
      await runElectionWorkload({
        backend,
        recorder,
        clients: harnessClients,
        observers: Math.min(2, Math.max(0, clientCount - 2)),
        electionName: 'jepsen-w3',
        ttlMs: backend.ttlMs,
        random: stream => seededRandom(options.seed * 7919 + 900 + stream),
        stop,
        log,
        opTimeoutMs
      })
    } else {
      resource = await runLockWorkload({
        backend,
        recorder,
        clients: harnessClients,
        lockName: 'jepsen-w2',
        ttlMs: backend.ttlMs,
        random: stream => seededRandom(options.seed * 7919 + 500 + stream),
        stop,
        log,
        opTimeoutMs,
        ...(options.fencing === undefined ? {} : { fencing: options.fencing })
      })
    }
    const nemesisError = await nemesis
    if (nemesisError !== undefined) log({ phase: 'note', action: 'nemesis-failed', error: (nemesisError as Error).message })
  }

  const main = async (): Promise<void> => {
    if (options.workload === 'w2' || options.workload === 'w3' || options.workload === 'w4' || options.workload === 'w5') {
      await runRecipeWorkload()
      return
    }
    for (let i = 0; i < clientCount; i++) harnessClients.push(await backend.client(`c${i}`))
    const recording = harnessClients.map((hc, i) => new RecordingRegisterClient(() => hc.api, {
      recorder, clock, firstProcess: i, processStride: clientCount + 1, opTimeoutMs
    }))

    if (coldKeys.length > 0) {
      // Written once, before any fault; retried (under fresh write ids) until acknowledged.
      for (const key of coldKeys) {
        for (let attempt = 1; ; attempt++) {
          const writeId = `cold-${key}-${attempt}`
          const r = await recording[0].put(key, writeId, writeId)
          if (r.status === 'ok') break
          if (attempt >= FINAL_READ_ATTEMPTS) throw new HarnessError(`could not write ${key} before the faults: ${String((r as { error?: unknown }).error)}`)
          await harnessClients[0].reset()
        }
      }
    }

    const endAt = clock.now() + options.timeMs
    let replacementDone = options.workload !== 'w6'
    const stop = (): boolean => clock.now() >= endAt && replacementDone
    const clientsDone = Promise.all(recording.map(async (rc, i) =>
      await clientLoop(rc, harnessClients[i], `c${i}`, hotKeys, seededRandom(options.seed * 7919 + i + 1), options.thinkMs ?? [0, 20], clock, stop)))

    let nemesisDone: Promise<unknown>
    if (options.workload === 'w6') {
      nemesisDone = (async () => {
        await sleep(clock, Math.min(1000, options.timeMs / 10))
        try {
          const replaced = await rollingReplacement(backend, { log, ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }) })
          log({ phase: 'note', action: 'rolling-replacement', detail: `replaced slots ${replaced.join(', ')}` })
          const left = (await backend.groupSlots())?.filter(s => replaced.includes(s)) ?? []
          if (left.length > 0) incomplete.push(`slots ${left.join(', ')} are still group members after the rolling replacement`)
        } catch (err) {
          incomplete.push(`the rolling replacement did not complete: ${(err as Error).message}`)
          throw err
        } finally {
          replacementDone = true
        }
      })()
      if ((options.faults ?? []).length > 0) {
        const extra = startNemesis(options.faults ?? [], endAt)
        nemesisDone = Promise.all([nemesisDone, extra])
      }
    } else {
      nemesisDone = startNemesis(options.faults ?? backend.faults, endAt)
    }
    // A failed nemesis must still let the clients finish (and the history be checked).
    const nemesisOutcome = nemesisDone.then(() => undefined, (err: unknown) => err)
    await clientsDone
    const nemesisError = await nemesisOutcome
    if (nemesisError !== undefined) log({ phase: 'note', action: 'nemesis-failed', error: (nemesisError as Error).message })
    progress(`workload done at ${Math.round(clock.now() - started)} ms; healing and final reads`)
    if (!await backend.settle(60_000)) log({ phase: 'note', action: 'settle', error: 'the cluster did not settle in 60 s before the final reads' })

    finalReadsFrom = recorder.events.length
    // Final reads by a client that never saw a fault: every key, retried until one succeeds.
    const reader = await backend.client('final')
    harnessClients.push(reader)
    const finalClient = new RecordingRegisterClient(() => reader.api, { recorder, clock, firstProcess: 10_000, processStride: 1, opTimeoutMs })
    for (const key of [...hotKeys, ...coldKeys]) {
      for (let attempt = 1; attempt <= FINAL_READ_ATTEMPTS; attempt++) {
        const r = await finalClient.get(key)
        if (r.status === 'ok') break
        await reader.reset()
        await sleep(clock, 250)
      }
    }
  }

  // Virtual time in the simulator: generous bounds, the run ends on its own well before.
  const budgetMs = options.timeMs * 10 + 600_000
  let harnessError: unknown
  try {
    await backend.drive(main(), budgetMs)
  } catch (err) {
    harnessError = err
  } finally {
    await Promise.all(harnessClients.map(async c => { await c.close().catch(() => {}) }))
  }
  const elapsedMs = clock.now() - started

  const history = recorder.events
  const report = options.workload === 'w2'
    ? { ...checkLockRun(history, resource ?? new FencedResource()), stats: opStats(pairOperations(history)) }
    : options.workload === 'w3'
      ? { ...checkElectionRun(history), stats: opStats(pairOperations(history)) }
      : options.workload === 'w5'
        ? { ...checkMembershipRun(history, membershipRun ?? { killedAt: new Map(), members: [] }), stats: opStats(pairOperations(history)) }
        : options.workload === 'w4'
        ? { ...checkWatchRun(history, watchRun ?? { finalVersion: undefined, lastSeen: new Map() }, Math.min(WATCHERS, Math.max(0, clientCount - 2))), stats: opStats(pairOperations(history)) }
        : checkRegisterHistory(history, { wglTimeoutMs: options.wglTimeoutMs, finalReadsFrom })
  const violations = [...report.violations]
  if (harnessError !== undefined) incomplete.unshift(`the run did not complete: ${(harnessError as Error).message}`)
  const ok = violations.length === 0 && incomplete.length === 0
  const result: RunResult = {
    ok,
    workload: options.workload,
    seed: options.seed,
    backend: backend.describe(),
    violations,
    incomplete,
    notes: report.notes,
    stats: report.stats,
    history,
    nemesis: nemesisLog,
    elapsedMs
  }
  const save = options.saveArtifacts ?? 'on-failure'
  if (save === 'always' || (save === 'on-failure' && !ok)) {
    const dir = saveArtifacts(result, options.artifactsDir ?? DEFAULT_ARTIFACTS_DIR)
    return { ...result, artifacts: dir }
  }
  return result
}

/** One logical client: random gets, compare-and-sets on the version it last saw, and blind puts. */
async function clientLoop (rc: RecordingRegisterClient, hc: HarnessClient, name: string, keys: readonly string[], random: Random,
  thinkMs: readonly [number, number], clock: Backend['clock'], stop: () => boolean): Promise<void> {
  const lastSeen = new Map<string, bigint>()
  let writes = 0
  let failures = 0
  while (!stop()) {
    const key = keys[Math.floor(random() * keys.length)]
    const dice = random()
    let outcome
    if (dice < 0.4) {
      outcome = await rc.get(key)
      if (outcome.status === 'ok') lastSeen.set(key, outcome.value.version)
    } else {
      // The value is the writeId, so every read names the write it saw.
      const writeId = `${name}-${++writes}`
      const ifVersion = dice < 0.9 ? (lastSeen.get(key) ?? 0n) : undefined
      outcome = await rc.put(key, writeId, writeId, ifVersion)
      if (outcome.status === 'ok') lastSeen.set(key, outcome.value.ok ? outcome.value.version : outcome.value.current.version)
    }
    // The client library fails over between peers itself; reconnecting after every unknown
    // outcome only adds dials to a loaded cluster. Reconnect after a run of failures.
    failures = outcome.status === 'ok' ? 0 : failures + 1
    if (failures >= RESET_AFTER_FAILURES) {
      failures = 0
      await hc.reset()
    }
    await sleep(clock, thinkMs[0] + random() * (thinkMs[1] - thinkMs[0]))
  }
}


/** Writes history.jsonl, nemesis.jsonl and report.txt into a new run directory; returns it. */
export function saveArtifacts (result: RunResult, baseDir: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const dir = join(baseDir, `${result.workload}-seed${result.seed}-${stamp}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'history.jsonl'), formatHistory(result.history))
  writeFileSync(join(dir, 'nemesis.jsonl'), result.nemesis.map(e => formatLine(e) + '\n').join(''))
  writeFileSync(join(dir, 'report.txt'), formatReport(result) + '\n')
  return dir
}

/** A report for people: verdict, backend, counts, violations, notes. */
export function formatReport (result: RunResult): string {
  const lines = [
    `${result.ok ? 'PASS' : 'FAIL'} ${result.workload} seed ${result.seed} — ${result.violations.length} violation(s)${result.incomplete.length > 0 ? `, incomplete (${result.incomplete.length})` : ''}`,
    `backend: ${result.backend}`,
    `run: ${Math.round(result.elapsedMs)} ms on the backend's clock; ${result.stats.ops} operations (${result.stats.ok} ok, ${result.stats.fail} fail, ${result.stats.info} info); ${result.nemesis.filter(e => e.phase === 'start').length} nemesis actions`,
    `by kind: ${Object.entries(result.stats.byKind).sort().map(([k, n]) => `${k} ${n}`).join(', ')}`,
    ...result.violations.map(v => `VIOLATION: ${v}`),
    ...result.incomplete.map(v => `INCOMPLETE: ${v}`),
    ...result.notes.map(n => `note: ${n}`)
  ]
  if (result.artifacts !== undefined) lines.push(`artifacts: ${result.artifacts}`)
  return lines.join('\n')
}
