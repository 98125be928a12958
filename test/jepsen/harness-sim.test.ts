/**
 * The Jepsen-style harness end to end on the simulator backend: every peer runs the daemon's
 * CoordService (acceptor, proposer, reconfiguration) on the simulated network, clients use the
 * client library's RemoteCoordApi, virtual time, real faults (kill -9 with and without data,
 * pauses, churn, rolling replacement of the coordination group). Each run prints its seed and,
 * when it fails, the report and the artifacts directory (history + nemesis log as JSONL).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { pairOperations, parseHistory, parseLine } from '../../jepsen/checker/history.ts'
import { SimBackend } from '../../jepsen/harness/sim-backend.ts'
import { formatHistory } from '../../jepsen/checker/history.ts'
import { formatReport, runJepsen } from '../../jepsen/harness/runner.ts'
import type { RunResult } from '../../jepsen/harness/runner.ts'

// Simulated runs are light (about 25 s of CPU in all) but a loaded machine stretches wall time.
t.setTimeout(900_000)
const artifactsDir = mkdtempSync(join(tmpdir(), 'chordkv-jepsen-test-'))
t.teardown(() => { rmSync(artifactsDir, { recursive: true, force: true }) })

const explainRun = (r: RunResult): string => `seed ${r.seed}:\n${formatReport(r).slice(0, 4000)}`

t.test('W1: CAS registers stay linearizable under kill -9, restart empty, SIGSTOP and churn', async t => {
  const seed = 11
  const backend = await SimBackend.start({ seed })
  const epoch0 = backend.groupEpoch()
  // The WGL search gives up on keys with hundreds of unknown writes; the CAS-chain check decides those.
  const r = await runJepsen(backend, { workload: 'w1', seed, timeMs: 12_000, artifactsDir, wglTimeoutMs: 3000, quietMs: [300, 800], downMs: [500, 1500] })
  t.ok(r.ok, `zero violations — ${explainRun(r)}`)
  t.ok(r.stats.ok > 150, `seed ${seed}: ${r.stats.ok} operations succeeded (the run tested something)`)
  const actions = new Set(r.nemesis.filter(e => e.phase === 'start').map(e => e.action))
  for (const action of ['kill', 'restart', 'restart-empty', 'pause', 'resume']) t.ok(actions.has(action), `seed ${seed}: the nemesis did ${action} (did: ${[...actions].join(', ')})`)
  t.ok(backend.groupEpoch() > epoch0, `seed ${seed}: the group reconfigured under the faults (epoch ${epoch0} → ${backend.groupEpoch()})`)
  t.ok(r.stats.info > 0, `seed ${seed}: faults made some outcomes unknown (${r.stats.info} info), and the checker took them as possibly applied`)
})

t.test('W6: replacing every group member by an empty peer loses nothing acknowledged', async t => {
  const seed = 3
  const backend = await SimBackend.start({ seed })
  const before = await backend.groupSlots()
  const epoch0 = backend.groupEpoch()
  const r = await runJepsen(backend, { workload: 'w6', seed, timeMs: 10_000, artifactsDir, wglTimeoutMs: 3000 })
  t.ok(r.ok, `zero violations — ${explainRun(r)}`)
  const after = await backend.groupSlots()
  t.same(after.filter(s => before.includes(s)), [], `seed ${seed}: no original member is left in the group (before ${before.join(',')}, after ${after.join(',')})`)
  t.ok(backend.groupEpoch() - epoch0 >= BigInt(2 * before.length), `seed ${seed}: an add and a remove step per replaced member (epoch ${epoch0} → ${backend.groupEpoch()})`)
  const coldReads = r.history.filter(e => e.type === 'ok' && e.f === 'get' && e.key?.includes('cold') === true)
  t.ok(coldReads.length >= 4 && coldReads.every(e => (e.value as { version: bigint }).version === 1n),
    `seed ${seed}: every key written once before the replacement reads back at version 1 at the end`)
})

t.test('W6 without the rescan step: the harness reports the lost writes and saves the artifacts', async t => {
  const seed = 3
  const backend = await SimBackend.start({ seed, rescan: false })
  const r = await runJepsen(backend, { workload: 'w6', seed, timeMs: 4_000, artifactsDir, wglTimeoutMs: 3000 })
  t.notOk(r.ok, `seed ${seed}: replacing acceptors one by one without copying state loses data, and the check sees it`)
  t.ok(r.violations.some(v => v.includes('acknowledged write lost')), `seed ${seed}: a lost acknowledged write is named — ${r.violations.map(v => v.slice(0, 200)).join(' | ')}`)
  t.ok(r.artifacts !== undefined, 'a failing run saves its artifacts')
  const history = parseHistory(readFileSync(join(r.artifacts!, 'history.jsonl'), 'utf8'))
  t.equal(history.length, r.history.length, 'history.jsonl holds every event')
  t.equal(pairOperations(history).length, r.stats.ops, 'and pairs into the operations checked')
  const nemesis = readFileSync(join(r.artifacts!, 'nemesis.jsonl'), 'utf8').trim().split('\n').map(l => parseLine(l) as { action: string })
  t.ok(nemesis.some(e => e.action === 'leave'), 'nemesis.jsonl records the replacement steps')
  t.match(readFileSync(join(r.artifacts!, 'report.txt'), 'utf8'), /^FAIL w6 seed 3/, 'report.txt starts with the verdict')
})

t.test('W2: fencing tokens are unique and increase, and the resource refuses a woken holder\'s stale token', async t => {
  const seed = 1
  const r = await runJepsen(await SimBackend.start({ seed }), { workload: 'w2', seed, timeMs: 14_000, artifactsDir })
  t.ok(r.ok, `zero violations — ${explainRun(r)}`)
  t.ok((r.stats.byKind['acquire:ok'] ?? 0) > 10, `seed ${seed}: ${r.stats.byKind['acquire:ok']} grants`)
  t.ok(r.nemesis.some(e => e.action === 'pause-client'), `seed ${seed}: a lock holder was paused past its TTL`)
  const refused = Number(/(\d+) stale writes refused/.exec(r.notes.join(' '))?.[1] ?? 0)
  t.ok(refused > 0, `seed ${seed}: a holder woken after losing its lease wrote with its old token and was refused (${refused} times)`)
})

t.test('W2 against a resource that ignores tokens: the check reports the stale write it accepted', async t => {
  const seed = 1
  const r = await runJepsen(await SimBackend.start({ seed }), { workload: 'w2', seed, timeMs: 12_000, fencing: false, artifactsDir, faults: [] })
  t.notOk(r.ok, `seed ${seed}: the unfenced resource was caught`)
  t.ok(r.violations.some(v => /the resource accepted token \d+ .* after token \d+/.test(v)), `named: ${r.violations.slice(0, 2).join(' | ').slice(0, 400)}`)
})

t.test('W3: one leader per term, terms increase, observers see only leaders, a woken leader is refused', async t => {
  const seed = 2
  const r = await runJepsen(await SimBackend.start({ seed }), { workload: 'w3', seed, timeMs: 14_000, artifactsDir })
  t.ok(r.ok, `zero violations — ${explainRun(r)}`)
  t.ok((r.stats.byKind['campaign:ok'] ?? 0) > 5, `seed ${seed}: ${r.stats.byKind['campaign:ok']} terms won`)
  t.ok((r.stats.byKind['leader:ok'] ?? 0) > 50, `seed ${seed}: ${r.stats.byKind['leader:ok']} leader reads checked`)
  const refused = Number(/(\d+) stale proclaims refused/.exec(r.notes.join(' '))?.[1] ?? 0)
  t.ok(refused > 0, `seed ${seed}: a leader woken after losing its lease was refused (${refused} times)`)
})

t.test('W4: watchers see every committed version once, in order, with its value, and converge', async t => {
  const seed = 2
  const r = await runJepsen(await SimBackend.start({ seed }), { workload: 'w4', seed, timeMs: 10_000, artifactsDir })
  t.ok(r.ok, `zero violations — ${explainRun(r)}`)
  t.ok((r.stats.byKind['put:ok'] ?? 0) > 10, `seed ${seed}: ${r.stats.byKind['put:ok']} acknowledged puts`)
  t.ok((r.stats.byKind['event:ok'] ?? 0) > 30, `seed ${seed}: ${r.stats.byKind['event:ok']} watch events checked`)
})

t.test('W5: a killed member is removed after its TTL, a live member never is', async t => {
  const seed = 1
  const r = await runJepsen(await SimBackend.start({ seed }), { workload: 'w5', seed, timeMs: 9_000, artifactsDir })
  t.ok(r.ok, `zero violations — ${explainRun(r)}`)
  t.equal(r.nemesis.filter(e => e.action === 'kill-client').length, 2, `seed ${seed}: two members were killed`)
  t.ok((r.stats.byKind['members:ok'] ?? 0) > 50, `seed ${seed}: ${r.stats.byKind['members:ok']} snapshots checked`)
})

t.test('W5, every member killed: removed by the group reaper, and still listed without one', async t => {
  const seed = 1
  const reaped = await runJepsen(await SimBackend.start({ seed }), { workload: 'w5', seed, timeMs: 10_000, kills: 6, faults: [], artifactsDir })
  t.ok(reaped.ok, `with a reaper, a group of dead members is emptied — ${explainRun(reaped)}`)
  const left = await runJepsen(await SimBackend.start({ seed, reapGroups: false }), { workload: 'w5', seed, timeMs: 10_000, kills: 6, faults: [], artifactsDir })
  t.notOk(left.ok, `seed ${seed}: without one (no live member left to reap), the check fails`)
  t.ok(left.violations.filter(v => /killed member .* is still listed/.test(v)).length >= 1, `killed members named: ${left.violations.join(' | ').slice(0, 400)}`)
})

t.test('a run replays from its seed: same seed, same history and nemesis log', async t => {
  const run = async (): Promise<RunResult> => await runJepsen(await SimBackend.start({ seed: 21 }), { workload: 'w1', seed: 21, timeMs: 3_000, saveArtifacts: 'never', wglTimeoutMs: 3000 })
  const [a, b] = [await run(), await run()]
  t.ok(a.history.length > 100, `seed 21: ${a.history.length} events`)
  t.equal(formatHistory(a.history), formatHistory(b.history), 'identical histories')
  t.same(a.nemesis, b.nemesis, 'identical nemesis logs')
})
