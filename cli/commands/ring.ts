/**
 * `chordkv ring`: the whole ring as a table (vnode, owner peer, arc share, keys), per-peer
 * totals and the imbalance figures; as JSON, as an SVG picture or as an HTML page. From a
 * live ring (every peer of a testnet, one peer's admin HTTP, or a client's ring view over
 * libp2p) or from a simulated ring (no network).
 */
import { writeFile } from 'node:fs/promises'
import { hashToId, idToHex } from '../../ring/id.ts'
import type { RingJson } from '../../node/chord/ring-json.ts'
import { modelFromJson, modelFromRingAnswers, modelJson, ringModel, summarize, type RingModel, type RingModelJson, type RingSummary } from '../../node/http/ring-model.ts'
import { escapeXml, renderRingSvg, shortPeer } from '../../node/http/ring-svg.ts'
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_OK, UsageError, UserError } from '../errors.ts'
import { adminOptions, adminOptionsHelp, adminTargets, getJson, table, type AdminTargets } from './admin-common.ts'
import { printJson } from './kv-common.ts'

/** Keys a simulated ring counts per vnode (hashes of key-0, key-1, …) unless --keys says otherwise. */
export const DEFAULT_SIMULATED_KEYS = 10_000

const usage = `Usage: chordkv ring (--testnet FILE | --http HOST:PORT… | --peer MA…) [options]
       chordkv ring --simulate [--peers N] [--vnodes V] [--seed S] [--keys K] [options]

Prints the whole ring: one row per vnode (id, owner peer, the share of the circle it owns,
the keys it is primary for), then one row per peer, then the imbalance: max/mean keys per
peer (and max/mean share of the circle). With --testnet every serving peer's /ring is read;
with one --http address that peer walks the ring (keys are then known for it only); with
--peer the client library's ring view is used (no key counts).
--simulate builds the ring in the simulator (real Chord code, virtual time, no network)
and counts K hashed keys (key-0, key-1, …) per vnode.

Options:
${adminOptionsHelp}
  --svg FILE         also write the ring as an SVG picture to FILE
  --html FILE        also write an HTML page (picture and tables) to FILE
  --fingers ID       in the picture, draw the fingers of the vnode whose id starts with ID
  --simulate         a simulated ring instead of a live one
  --peers N          simulated peers (default 16)
  --vnodes V         simulated vnodes per peer (default 8)
  --seed S           simulation seed (default 1)
  --keys K           simulated keys to count (default ${DEFAULT_SIMULATED_KEYS})

Examples:
  chordkv ring --testnet testnet.json
  chordkv ring --testnet testnet.json --svg ring.svg --html ring.html
  chordkv ring --http 127.0.0.1:8001 --json
  chordkv ring --simulate --peers 64 --vnodes 16 --svg ring-64x16.svg

Exit codes: 0 ok, 1 the ring could not be read, 2 usage error.`

const options = {
  ...adminOptions,
  svg: { type: 'string' },
  html: { type: 'string' },
  fingers: { type: 'string' },
  simulate: { type: 'boolean' },
  peers: { type: 'string' },
  vnodes: { type: 'string' },
  seed: { type: 'string' },
  keys: { type: 'string' }
} as const

/** A simulated ring: peers × vnodes real ChordPeers converged in virtual time, K hashed keys counted. */
export async function simulatedModel (peers: number, vnodes: number, seed: number, keys: number): Promise<RingModel> {
  const { Simulation } = await import('../../node/sim/simulation.ts')
  const sim = new Simulation({ seed, chord: { vnodes, replicas: Math.min(3, peers), stabilizeIntervalMs: 500 } })
  try {
    await sim.addPeer()
    // Join in waves, each through peers already on the ring (as the testnet does).
    while (sim.peers.size < peers) await sim.addPeers(Math.min(sim.peers.size, peers - sim.peers.size))
    if (!await sim.converge(600_000)) throw new UserError(`the simulated ring of ${peers} peers did not converge (seed ${seed})`)
    await sim.runFor(5_000) // let fix_fingers fill the finger tables
    const m = 160
    const snapshots = sim.snapshots()
    const all = snapshots.flatMap(s => s.vnodes.map(v => ({ id: v.id, peerId: s.peerId, index: v.index, fingers: v.fingers.map(f => f.id) })))
    const base = ringModel(m, all.map(v => ({ ...v, keys: 0 })), `simulated ring (seed ${seed}, ${keys} hashed keys)`)
    const counts = new Map<bigint, number>()
    const ids = base.vnodes.map(v => v.id)
    for (let i = 0; i < keys; i++) {
      const keyId = hashToId(`key-${i}`, m)
      // The primary: first vnode at or after the key id, wrapping.
      let lo = 0
      let hi = ids.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (ids[mid] < keyId) lo = mid + 1
        else hi = mid
      }
      const owner = ids[lo === ids.length ? 0 : lo]
      counts.set(owner, (counts.get(owner) ?? 0) + 1)
    }
    return ringModel(m, base.vnodes.map(v => ({ ...v, keys: counts.get(v.id) ?? 0 })), base.source)
  } finally {
    await sim.stopAll()
  }
}

/** The live ring the targets name. */
export async function liveModel (targets: AdminTargets): Promise<RingModel> {
  if (targets.http.length > 1) {
    const answers = await Promise.all(targets.http.map(async address => await getJson<RingJson>(address, '/ring', targets.timeoutMs)))
    return modelFromRingAnswers(answers, targets.testnet !== undefined ? `testnet ${targets.testnet}` : `${answers.length} peers`)
  }
  if (targets.http.length === 1) {
    const json = await getJson<RingModelJson>(targets.http[0], '/ring/all', targets.timeoutMs)
    try {
      return modelFromJson(json)
    } catch (err) {
      throw new UserError(`${targets.http[0]}/ring/all answered ${(err as Error).message}`)
    }
  }
  const { connect } = await import('../../client/index.ts')
  let db
  try {
    db = await connect({ bootstrap: targets.peers, timeoutMs: targets.timeoutMs })
  } catch (err) {
    throw new UserError(`cannot reach the ring: ${(err as Error).message}`)
  }
  try {
    const view = db.ring()
    return ringModel(view.m, view.vnodes.map(v => ({ id: v.id, peerId: v.peerId, keys: null })), 'client ring view (no key counts over libp2p)')
  } finally {
    await db.close()
  }
}

const pct = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`
const ratio = (x: number | null): string => x === null ? 'n/a' : x.toFixed(2)

/** The text output: vnodes, peers, imbalance. */
export function ringText (model: RingModel, summary: RingSummary): string {
  const vnodeRows = [['vnode', 'id', 'peer', 'arc', 'keys'], ...model.vnodes.map((v, i) => [
    v.index === undefined ? '-' : String(v.index),
    idToHex(v.id, model.m).slice(0, 16) + '…',
    shortPeer(v.peerId),
    pct(summary.arcShares[i]),
    v.keys === null ? '-' : String(v.keys)
  ])]
  const peerRows = [['peer', 'vnodes', 'arc', 'keys'], ...summary.peers.map(p => [p.peerId, String(p.vnodes), pct(p.arcShare), p.keys === null ? '-' : String(p.keys)])]
  return [
    table(vnodeRows, new Set([0, 3, 4])),
    '',
    table(peerRows, new Set([1, 2, 3])),
    '',
    `${summary.peers.length} peers, ${model.vnodes.length} vnodes, ${summary.totalKeys ?? 'unknown'} keys; ` +
      `imbalance (max/mean per peer): keys ${ratio(summary.keyImbalance)}, arc ${ratio(summary.arcImbalance)}`
  ].join('\n')
}

/** A standalone HTML page: the picture, then the peer and vnode tables. */
export function ringHtml (model: RingModel, summary: RingSummary, svg: string): string {
  const peerRows = summary.peers.map(p => `<tr><td><code>${escapeXml(p.peerId)}</code></td><td>${p.vnodes}</td><td>${pct(p.arcShare)}</td><td>${p.keys ?? '-'}</td></tr>`).join('\n')
  const vnodeRows = model.vnodes.map((v, i) => `<tr><td><code>${idToHex(v.id, model.m)}</code></td><td><code>${escapeXml(shortPeer(v.peerId))}</code></td><td>${pct(summary.arcShares[i])}</td><td>${v.keys ?? '-'}</td></tr>`).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chordkv ring</title>
<style>
body{font:14px/1.45 ui-sans-serif,system-ui,sans-serif;margin:24px;color:#111827}
table{border-collapse:collapse;margin:12px 0 28px}td,th{padding:3px 10px;border-bottom:1px solid #e5e7eb;text-align:right}
td:first-child,th:first-child{text-align:left}th{color:#6b7280;font-weight:600}code{font-size:12px}
svg{max-width:100%;height:auto}
</style></head><body>
${svg}
<p>${escapeXml(model.source)}: ${summary.peers.length} peers, ${model.vnodes.length} vnodes, ${summary.totalKeys ?? 'unknown'} keys.
Imbalance (max/mean per peer): keys <b>${ratio(summary.keyImbalance)}</b>, arc <b>${ratio(summary.arcImbalance)}</b>.</p>
<h2>Peers</h2>
<table><tr><th>peer</th><th>vnodes</th><th>arc</th><th>keys</th></tr>
${peerRows}
</table>
<h2>Vnodes</h2>
<table><tr><th>id</th><th>peer</th><th>arc</th><th>keys</th></tr>
${vnodeRows}
</table>
</body></html>
`
}

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, options, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  let model: RingModel
  if (values.simulate === true) {
    if (values.testnet !== undefined || values.http !== undefined || values.peer !== undefined) throw new UsageError('--simulate takes no --testnet, --http or --peer')
    model = await simulatedModel(
      intOption(values.peers, 'peers', 1, 2048) ?? 16,
      intOption(values.vnodes, 'vnodes', 1, 256) ?? 8,
      intOption(values.seed, 'seed', 0, 2 ** 31) ?? 1,
      intOption(values.keys, 'keys', 0, 10_000_000) ?? DEFAULT_SIMULATED_KEYS
    )
  } else {
    if (values.peers !== undefined || values.vnodes !== undefined || values.seed !== undefined || values.keys !== undefined) {
      throw new UsageError('--peers, --vnodes, --seed and --keys go with --simulate')
    }
    model = await liveModel(await adminTargets(values))
  }
  if (model.vnodes.length === 0) throw new UserError('the ring has no member vnodes')
  const summary = summarize(model)

  let fingersOf: bigint | undefined
  if (values.fingers !== undefined) {
    const prefix = values.fingers.toLowerCase()
    const match = model.vnodes.filter(v => idToHex(v.id, model.m).startsWith(prefix))
    if (!/^[0-9a-f]+$/.test(prefix) || match.length !== 1) throw new UsageError(`--fingers must be the start of exactly one vnode id (hex), got ${JSON.stringify(values.fingers)} (${match.length} match)`)
    fingersOf = match[0].id
  }
  if (values.svg !== undefined || values.html !== undefined) {
    const svg = renderRingSvg(model, { fingersOf }, summary)
    try {
      if (values.svg !== undefined) await writeFile(values.svg, svg)
      if (values.html !== undefined) await writeFile(values.html, ringHtml(model, summary, svg))
    } catch (err) {
      throw new UserError(`cannot write the picture: ${(err as Error).message}`)
    }
  }
  if (values.json === true) printJson(modelJson(model, summary) as unknown as Record<string, unknown>)
  else process.stdout.write(ringText(model, summary) + '\n')
  return EXIT_OK
}

export const ring: Command = {
  name: 'ring',
  summary: 'print the ring: vnodes, owners, arc shares, keys; --svg/--html pictures',
  usage,
  run
}
