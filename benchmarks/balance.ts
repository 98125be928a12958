/**
 * `npm run bench:balance`: how evenly keys spread over physical peers as the vnode count grows,
 * for hashed vnode positions (what the daemon uses) and for the balanced token strategy
 * (ring/placement.ts), at N = 100 and 1000 peers; reference: ketama with its 160 points per
 * server (benchmarks/lib/ketama.ts).
 *
 * Two measures of each peer's load: its share of the circle (the load it gets as the key count
 * grows without bound: what placement decides) and its count of K actual keys (the same plus
 * sampling noise: with K/N keys per peer a perfect placement still shows max/mean above 1).
 *
 *   npm run bench:balance               # N = 100, 1000; v = 1 … 256; 1,000,000 keys
 *   npm run bench:balance -- --quick    # N = 100; 100,000 keys
 *
 * Writes benchmarks/results/balance.json and balance.svg (quick runs: results/quick/).
 */
import { parseArgs } from 'node:util'
import type { TokenStrategy } from '../ring/placement.ts'
import { RingView } from '../ring/view.ts'
import { KetamaContinuum, ketamaKeyHash } from './lib/ketama.ts'
import { buildRing, keyIds, keyNames, peerNames } from './lib/movement.ts'
import { benchFlags, endProgress, machine, printTable, progress, quantile, writeResults } from './lib/report.ts'
import { lineChart } from './lib/svg.ts'

const flags = benchFlags()
const { values: extra } = parseArgs({ args: process.argv.slice(2), options: { keys: { type: 'string' } }, strict: false })
const keyCount = Number(extra.keys ?? (flags.quick ? 100_000 : 1_000_000))
const sizes = flags.quick ? [100] : [100, 1000]
const vnodeCounts = [1, 2, 4, 8, 16, 32, 64, 128, 256]
const STRATEGIES: readonly TokenStrategy[] = ['hashed', 'balanced']
const started = performance.now()

/** max/mean and p99/mean of per-peer loads (the mean is the same whatever the unit). */
interface Spread {
  maxOverMean: number
  p99OverMean: number
}

function spread (loads: Iterable<number>): Spread {
  const sorted = [...loads].sort((a, b) => a - b)
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length
  return { maxOverMean: sorted[sorted.length - 1] / mean, p99OverMean: quantile(sorted, 0.99) / mean }
}

interface Cell {
  scheme: TokenStrategy | 'ketama'
  peers: number
  /** Vnodes (points) per peer. */
  vnodes: number
  share: Spread
  keys: Spread
  buildMs: number
}

progress(`bench:balance: hashing ${keyCount} keys`)
const keys = keyNames(flags.seed, keyCount)
const ids = keyIds(keys)
const cells: Cell[] = []
for (const n of sizes) {
  const names = peerNames(flags.seed, n)
  for (const strategy of STRATEGIES) {
    for (const v of vnodeCounts) {
      progress(`bench:balance: ${strategy}, N = ${n}, v = ${v}`)
      const t0 = performance.now()
      const view = RingView.from(buildRing(strategy, names, v))
      const buildMs = performance.now() - t0
      cells.push({ scheme: strategy, peers: n, vnodes: v, share: spread(view.sharesByPeer().values()), keys: spread(view.keyCountsByPeer(ids).values()), buildMs })
    }
  }
  progress(`bench:balance: ketama, N = ${n}`)
  const t0 = performance.now()
  const continuum = new KetamaContinuum(names)
  const buildMs = performance.now() - t0
  const counts = new Array<number>(n).fill(0)
  for (const key of keys) counts[continuum.serverIndexAt(ketamaKeyHash(key))]++
  cells.push({ scheme: 'ketama', peers: n, vnodes: 160, share: spread(continuum.shares()), keys: spread(counts), buildMs })
}
endProgress()

const f = (x: number): string => x.toFixed(3)
const find = (scheme: Cell['scheme'], n: number, v: number): Cell | undefined => cells.find(c => c.scheme === scheme && c.peers === n && c.vnodes === v)
console.log(`Load per physical peer: max/mean and p99/mean of circle shares (placement alone) and of ${keyCount} keys`)
printTable(['N', 'v', 'hashed share max', 'p99', 'keys max', 'p99', 'balanced share max', 'p99', 'keys max', 'p99'],
  sizes.flatMap(n => vnodeCounts.map(v => {
    const h = find('hashed', n, v) as Cell
    const b = find('balanced', n, v) as Cell
    return [n, v, f(h.share.maxOverMean), f(h.share.p99OverMean), f(h.keys.maxOverMean), f(h.keys.p99OverMean),
      f(b.share.maxOverMean), f(b.share.p99OverMean), f(b.keys.maxOverMean), f(b.keys.p99OverMean)]
  })))
console.log('\nketama (160 points per server, MD5):')
printTable(['N', 'share max', 'p99', 'keys max', 'p99'], sizes.map(n => {
  const k = find('ketama', n, 160) as Cell
  return [n, f(k.share.maxOverMean), f(k.share.p99OverMean), f(k.keys.maxOverMean), f(k.keys.p99OverMean)]
}))
const target = find('balanced', 100, 16)
if (target !== undefined) console.log(`\ntarget: max/mean ≤ 1.10 with the balanced strategy at v = 16: N = 100 share ${f(target.share.maxOverMean)}${sizes.includes(1000) ? `, N = 1000 share ${f((find('balanced', 1000, 16) as Cell).share.maxOverMean)}` : ''}`)

const svg = lineChart({
  title: 'Most loaded peer ÷ mean load (circle share), by vnodes per peer',
  yLabel: 'max / mean  (log scale)',
  xLabel: 'vnodes per physical peer',
  categories: vnodeCounts.map(String),
  series: sizes.flatMap(n => STRATEGIES.map(s => ({ name: `${s}, N = ${n}`, values: vnodeCounts.map(v => find(s, n, v)?.share.maxOverMean ?? NaN) }))),
  yScale: 'log',
  references: [
    ...sizes.map(n => ({ label: `ketama 160 points, N = ${n}`, value: (find('ketama', n, 160) as Cell).share.maxOverMean })),
    { label: 'target 1.10', value: 1.1 }
  ]
})
const files = writeResults('balance', {
  benchmark: 'balance',
  quick: flags.quick,
  seed: flags.seed,
  keys: keyCount,
  machine: machine(),
  wallSeconds: (performance.now() - started) / 1000,
  definitions: {
    share: 'each peer\'s fraction of the circle (sum of its arcs): its load as keys → ∞',
    keys: `each peer's count of ${keyCount} keys key-<seed>-<i> (SHA-256 ring ids; MD5 for ketama)`,
    maxOverMean: 'largest load ÷ mean load',
    p99OverMean: '99th percentile load (nearest rank) ÷ mean load'
  },
  cells
}, svg)
console.log(`\nwrote ${files.join(', ')}`)
