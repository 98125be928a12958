/**
 * `npm run bench:kv`: get and set through the client library against testnets of 1, 4 and 8
 * peer processes on this machine, 100-byte values, one operation at a time and 16 in flight.
 * Prints a table, writes benchmarks/results/kv.json and kv.svg.
 *
 *   npm run bench:kv              # full: 3000 ops per cell
 *   npm run bench:kv -- --quick   # smoke: 200 ops per cell, 1 and 4 peers
 */
import { connect } from '../client/index.ts'
import { startTestnet } from '../testnet/index.ts'
import { barChart } from './lib/svg.ts'
import { benchFlags, endProgress, latencySummary, printTable, progress, writeResults } from './lib/report.ts'

interface Cell {
  peers: number
  replicas: number
  op: 'set' | 'get'
  concurrency: number
  ops: number
  opsPerSec: number
  p50Ms: number
  p99Ms: number
  errors: number
}

const flags = benchFlags()
const sizes = flags.quick ? [1, 4] : [1, 4, 8]
const opsPerCell = flags.quick ? 200 : 3000
const value = new Uint8Array(100).fill(0x61)

/** Runs `total` operations with `concurrency` in flight; returns wall time and per-op latencies. */
async function drive (total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<{ seconds: number, latencies: number[], errors: number }> {
  const latencies: number[] = []
  let next = 0
  let errors = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++
      const t0 = performance.now()
      try {
        await op(i)
        latencies.push(performance.now() - t0)
      } catch {
        errors++
      }
    }
  }))
  return { seconds: (performance.now() - started) / 1000, latencies, errors }
}

const cells: Cell[] = []
for (const peers of sizes) {
  const replicas = Math.min(3, peers)
  progress(`bench:kv: starting a testnet of ${peers} peers (r = ${replicas})`)
  const testnet = await startTestnet({ peers, replicas, vnodes: 8, childStderr: 'ignore' })
  try {
    const db = await connect({ bootstrap: testnet.peers.map(p => p.multiaddrs[0]) })
    try {
      for (let i = 0; i < 50; i++) await db.set(`warm-${i}`, value) // dial every peer once
      for (const concurrency of [1, 16]) {
        for (const op of ['set', 'get'] as const) {
          progress(`bench:kv: ${peers} peers, ${op}, ${concurrency} in flight`)
          const run = await drive(opsPerCell, concurrency, async i => {
            const key = `key-${i % 1000}`
            return op === 'set' ? await db.set(key, value) : await db.get(key)
          })
          const lat = latencySummary(run.latencies)
          cells.push({ peers, replicas, op, concurrency, ops: opsPerCell, opsPerSec: run.latencies.length / run.seconds, p50Ms: lat.p50, p99Ms: lat.p99, errors: run.errors })
        }
      }
    } finally {
      await db.close()
    }
  } finally {
    await testnet.stop()
  }
}
endProgress()

printTable(['peers', 'r', 'op', 'in flight', 'ops/s', 'p50 ms', 'p99 ms', 'errors'],
  cells.map(c => [c.peers, c.replicas, c.op, c.concurrency, c.opsPerSec, c.p50Ms, c.p99Ms, c.errors]))

const categories = sizes.map(n => `${n} peer${n === 1 ? '' : 's'}`)
const series = (['set', 'get'] as const).flatMap(op => [1, 16].map(c => ({
  name: `${op}, ${c} in flight`,
  values: sizes.map(n => cells.find(x => x.peers === n && x.op === op && x.concurrency === c)?.opsPerSec ?? NaN)
})))
const svg = barChart({ title: 'chordkv through the client: ops/s (100-byte values)', yLabel: 'operations per second', xLabel: 'testnet size (r = min(3, peers), W = 2)', categories, series })
const files = writeResults('kv', { benchmark: 'kv', quick: flags.quick, valueBytes: value.length, opsPerCell, machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, cells }, svg)
console.log(`\nwrote ${files.join(', ')}`)
