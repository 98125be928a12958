/**
 * The benchmarks' CI smoke: `bench:all --quick` as a subprocess, then each benchmark's JSON
 * checked for the fields its README section and figure rely on. It checks that the benchmarks
 * run and report, not their timings or how good the figures are.
 */
import t from 'tap'
import type { Test } from 'tap'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const out = mkdtempSync(join(tmpdir(), 'chordkv-bench-smoke-'))
t.teardown(() => { rmSync(out, { recursive: true, force: true }) })

type Json = Record<string, any>
const read = (name: string): Json => JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as Json

/** Every key of `fields` is present in `obj` with a value of that typeof (or null when allowed). */
function hasFields (t: Test, what: string, obj: Json | undefined, fields: Record<string, string>): void {
  for (const [field, type] of Object.entries(fields)) {
    const value = obj?.[field]
    const ok = type.split('|').some(ty => (ty === 'null' ? value === null : ty === 'array' ? Array.isArray(value) : typeof value === ty))
    t.ok(ok, `${what}.${field} is ${type}`, { found: value })
  }
}

const started = Date.now()
const run = await new Promise<{ code: number | null, output: string }>(resolve => {
  const child = spawn(process.execPath, [join(root, 'benchmarks', 'all.ts'), '--quick', '--seed', '1'], {
    cwd: root,
    env: { ...process.env, CHORDKV_BENCH_RESULTS: out },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.on('exit', code => { resolve({ code, output }) })
})
const seconds = (Date.now() - started) / 1000

t.test('bench:all --quick exits 0 and every benchmark in it exits 0', async t => {
  t.equal(run.code, 0, `exit code 0 (${seconds.toFixed(0)} s)`, { output: run.output.slice(-4000) })
  const all = read('all')
  t.equal(all.quick, true)
  for (const r of all.runs as Json[]) {
    if (r.skipped === 'not present') continue
    t.equal(r.exitCode, 0, `bench:${r.name as string} exited 0 after ${(r.seconds as number).toFixed(1)} s`)
  }
  t.same((all.runs as Json[]).map(r => r.name).filter(n => n !== 'memcached'), ['balance', 'movement', 'hops', 'kv', 'churn', 'coord', 'kad'], 'every benchmark ran')
  t.comment(`bench:all --quick took ${seconds.toFixed(1)} s`)
})

t.test('bench:movement --quick reports ring, reference and live movement', async t => {
  const m = read('movement')
  hasFields(t, 'movement', m, { benchmark: 'string', quick: 'boolean', keys: 'number', replicas: 'number', trials: 'number', ring: 'array', references: 'array', live: 'array' })
  t.ok(m.ring.length > 0 && m.references.length > 0 && m.live.length > 0, 'each section has rows')
  hasFields(t, 'movement.ring[0]', m.ring[0], {
    strategy: 'string', peers: 'number', vnodes: 'number', event: 'string', ideal: 'number',
    primaryFraction: 'number', copyFraction: 'number', primaryOverIdeal: 'number', primaryOverIdealWorst: 'number', copiesOverIdeal: 'number'
  })
  t.same([...new Set((m.references as Json[]).map(r => r.scheme))].sort(), ['jump', 'mod-N', 'rendezvous'])
  t.same([...new Set((m.ring as Json[]).map(r => r.event))].sort(), ['crash', 'join', 'leave'])
  hasFields(t, 'movement.live[0]', m.live[0], {
    event: 'string', predictedPrimaries: 'number', predictedCopies: 'number', copiesAppeared: 'number', keysTransferred: 'number', agree: 'boolean'
  })
  t.ok(existsSync(join(out, 'movement.svg')), 'movement.svg written')
})

t.test('bench:hops --quick reports simulator and testnet hops', async t => {
  const h = read('hops')
  hasFields(t, 'hops', h, { benchmark: 'string', quick: 'boolean', simulator: 'array', series: 'array', testnet: 'array' })
  t.ok(h.simulator.length > 0, 'simulator rows')
  for (const c of h.simulator as Json[]) {
    hasFields(t, `hops.simulator[v=${c.vnodes as number},N=${c.peers as number}]`, c, { vnodes: 'number', peers: 'number', mean: 'number', p50: 'number', p99: 'number', halfLog2N: 'number', failed: 'number', wrong: 'number' })
  }
  t.same([...new Set((h.simulator as Json[]).map(c => c.vnodes))].sort((a, b) => a - b), [1, 16], 'v = 1 and v = 16')
  hasFields(t, 'hops.testnet[0]', h.testnet[0], { peers: 'number', lookups: 'number', mean: 'number', simMean: 'number' })
  t.ok(existsSync(join(out, 'hops.svg')), 'hops.svg written')
})

t.test('bench:balance --quick reports max/mean and p99/mean per strategy and ketama', async t => {
  const b = read('balance')
  hasFields(t, 'balance', b, { benchmark: 'string', quick: 'boolean', keys: 'number', cells: 'array' })
  t.same([...new Set((b.cells as Json[]).map(c => c.scheme))].sort(), ['balanced', 'hashed', 'ketama'])
  for (const c of (b.cells as Json[]).slice(0, 3)) {
    hasFields(t, `balance.cells[${c.scheme as string}]`, c.share, { maxOverMean: 'number', p99OverMean: 'number' })
    hasFields(t, `balance.cells[${c.scheme as string}]`, c.keys, { maxOverMean: 'number', p99OverMean: 'number' })
  }
  t.ok(existsSync(join(out, 'balance.svg')), 'balance.svg written')
})

t.test('bench:kv --quick reports ops/s and latency per cell', async t => {
  const k = read('kv')
  hasFields(t, 'kv', k, { benchmark: 'string', quick: 'boolean', cells: 'array' })
  hasFields(t, 'kv.cells[0]', k.cells[0], { peers: 'number', op: 'string', opsPerSec: 'number', p50Ms: 'number', p99Ms: 'number', errors: 'number' })
})

t.test('bench:churn --quick reports the testnet and simulator under churn', async t => {
  const c = read('churn')
  hasFields(t, 'churn', c, { benchmark: 'string', quick: 'boolean', seed: 'number', targets: 'object', testnet: 'object', simulator: 'object' })
  hasFields(t, 'churn.testnet', c.testnet, { peers: 'number', events: 'array', overTime: 'array', ops: 'object', final: 'object', movedVsIdeal: 'object', repairMs: 'object', idleMessages: 'object', churnMessages: 'object' })
  hasFields(t, 'churn.testnet.ops', c.testnet?.ops, { ops: 'number', successRate: 'number', p50Ms: 'number', p99Ms: 'number' })
  hasFields(t, 'churn.testnet.final', c.testnet?.final, { keys: 'number', lost: 'number', current: 'number' })
  t.ok(c.testnet?.events.length > 0, 'the testnet churned')
  t.ok(c.testnet?.ops.ops > 0 && c.testnet?.final.keys > 0, 'the workload ran and every key was read back')
  hasFields(t, 'churn.simulator', c.simulator, { peers: 'number', departures: 'object', arrivals: 'number', ops: 'object', lookups: 'object', final: 'object', movedVsIdeal: 'number', repairMs: 'object' })
  hasFields(t, 'churn.simulator.final', c.simulator?.final, { keys: 'number', lost: 'number' })
  t.ok(existsSync(join(out, 'churn.svg')) && existsSync(join(out, 'churn-sim.svg')), 'churn.svg and churn-sim.svg written')
})

t.test('bench:coord --quick reports CAS, lock and watch cells, and no check failed', async t => {
  const c = read('coord')
  hasFields(t, 'coord', c, { benchmark: 'string', quick: 'boolean', seed: 'number', peers: 'number', groupSize: 'number', failures: 'array', cas: 'array', locks: 'array', watches: 'array' })
  t.same(c.failures, [], 'no check failed (versions vs successful CASes, fencing tokens, watch duplicates)')
  for (const x of c.cas as Json[]) hasFields(t, `coord.cas[${x.clients as number} ${x.keys as string}]`, x, { clients: 'number', casPerSec: 'number', successRate: 'number', conflictRate: 'number', casP50Ms: 'number', casP99Ms: 'number', errors: 'number' })
  t.ok((c.cas as Json[]).some(x => x.keys === 'shared') && (c.cas as Json[]).every(x => x.successes > 0), 'a shared-key cell, and every cell made progress')
  for (const l of c.locks as Json[]) {
    hasFields(t, `coord.locks[${l.contenders as number}]`, l, { contenders: 'number', cycles: 'number', cyclesPerSec: 'number', acquireP50Ms: 'number', tokensStrictlyIncreasing: 'boolean' })
    t.ok(l.cycles > 0 && l.tokensStrictlyIncreasing === true, `lock with ${l.contenders as number} contenders granted, tokens increasing`)
  }
  for (const w of c.watches as Json[]) hasFields(t, `coord.watches[${w.phase as string}]`, w, { watchers: 'number', delivered: 'number', p50Ms: 'number', p99Ms: 'number', skipped: 'number', duplicates: 'number' })
  t.ok(existsSync(join(out, 'coord.svg')) && existsSync(join(out, 'coord-latency.svg')), 'coord.svg and coord-latency.svg written')
})

t.test('bench:kad --quick reports both systems, each op, with latency, success, messages and memory', async t => {
  const k = read('kad')
  hasFields(t, 'kad', k, { benchmark: 'string', quick: 'boolean', seed: 'number', sizes: 'array', speedups: 'object', failures: 'array', sizesReport: 'array', cells: 'array' })
  t.same(k.failures, [], 'no run failed')
  t.same([...new Set((k.cells as Json[]).map(c => `${c.system as string} ${c.op as string} ${c.mode as string}`))].sort(), [
    'chordkv get from peers', 'chordkv get via client', 'chordkv put from peers', 'chordkv put via client',
    'kad-dht get first value', 'kad-dht get full query', 'kad-dht put put to K closest'
  ])
  for (const c of k.cells as Json[]) {
    hasFields(t, `kad.cells[${c.system as string} ${c.op as string} ${c.mode as string}]`, c, { peers: 'number', ops: 'number', successRate: 'number', p50Ms: 'number', p99Ms: 'number', opMessagesPerOp: 'number', allMessagesPerOp: 'number' })
    t.ok(c.successRate > 0, `${c.system as string} ${c.op as string} ${c.mode as string}: some operations succeeded`)
  }
  for (const r of k.sizesReport as Json[]) hasFields(t, `kad.sizesReport[${r.system as string}]`, r, { peers: 'number', heapBytesPerPeer: 'number', idleMessagesPerSecondPerPeer: 'number' })
  t.ok(existsSync(join(out, 'kad.svg')) && existsSync(join(out, 'kad-put.svg')), 'kad.svg and kad-put.svg written')
})

t.test('bench:memcached --quick writes its JSON when it exists', async t => {
  if (!existsSync(join(root, 'benchmarks', 'memcached.ts'))) {
    t.pass('benchmarks/memcached.ts is not there yet: nothing to check')
    return
  }
  hasFields(t, 'memcached', read('memcached'), { quick: 'boolean' })
})
