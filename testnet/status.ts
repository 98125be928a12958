/**
 * The live status of a testnet's peers for its table: per slot the peer, pid, member vnodes,
 * keys it is primary for, client operations per second and state, polled from each serving
 * peer's /ring and /stats.
 */
import type { RingJson } from '../node/chord/ring-json.ts'
import type { PeerState, Testnet } from './index.ts'

/** Deadline of one status request to a peer, in ms. */
const STATUS_FETCH_TIMEOUT_MS = 1500

export interface PeerStatus {
  readonly index: number
  readonly peerId: string
  readonly pid: number | null
  readonly state: PeerState
  /** Member vnodes / vnodes, when the peer answered. */
  readonly vnodes: { readonly members: number, readonly total: number } | null
  /** Keys this peer is primary for (sum over its vnodes). */
  readonly keys: number | null
  /** Client operations per second since the previous poll. */
  readonly opsPerSec: number | null
  /** Its zone (testnet --zones) and the build id it reported at start, when known. */
  readonly zone?: string | null
  readonly build?: string | null
}

interface StatsAnswer {
  ops?: { client?: number }
}

async function getJson<T> (url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(STATUS_FETCH_TIMEOUT_MS) })
    return res.ok ? await res.json() as T : undefined
  } catch {
    return undefined
  }
}

/** The last 8 characters of a peer id: enough to tell peers apart in a table. */
export function shortId (peerId: string): string {
  return peerId.length > 12 ? `…${peerId.slice(-8)}` : peerId
}

/** Polls the peers; keeps the previous counts to turn them into rates. */
export class StatusPoller {
  private readonly testnet: Testnet
  private readonly previous = new Map<string, { at: number, ops: number }>()
  private last: PeerStatus[] = []

  constructor (testnet: Testnet) {
    this.testnet = testnet
  }

  /** The latest rows without polling. */
  get rows (): readonly PeerStatus[] {
    return this.last
  }

  async poll (): Promise<PeerStatus[]> {
    const rows = await Promise.all(this.testnet.peers.map(async (peer): Promise<PeerStatus> => {
      const state = this.testnet.state(peer.index)
      const base = { index: peer.index, peerId: peer.peerId, pid: this.testnet.isAlive(peer.index) ? peer.pid : null, state, zone: peer.zone ?? null, build: peer.build ?? null }
      // A paused peer would only make us wait for the deadline.
      if (state !== 'up') return { ...base, vnodes: null, keys: null, opsPerSec: null }
      const [ring, stats] = await Promise.all([
        getJson<RingJson>(`http://${peer.http}/ring`),
        getJson<StatsAnswer>(`http://${peer.http}/stats`)
      ])
      const now = performance.now()
      let opsPerSec: number | null = null
      const ops = stats?.ops?.client
      // Per incarnation: a restarted peer counts from zero again.
      const key = `${peer.peerId}:${peer.pid}`
      if (typeof ops === 'number') {
        const before = this.previous.get(key)
        if (before !== undefined && now > before.at) opsPerSec = Math.max(0, (ops - before.ops) / ((now - before.at) / 1000))
        this.previous.set(key, { at: now, ops })
      }
      return {
        ...base,
        vnodes: ring === undefined ? null : { members: ring.vnodes.filter(v => v.member).length, total: ring.vnodes.length },
        keys: ring === undefined ? null : ring.vnodes.reduce((n, v) => n + v.keys, 0),
        opsPerSec
      }
    }))
    this.last = rows
    return rows
  }
}

const STATE_COLOURS: Partial<Record<PeerState, string>> = {
  up: '\x1b[32m',
  starting: '\x1b[36m',
  paused: '\x1b[33m',
  leaving: '\x1b[33m',
  stopped: '\x1b[2m',
  killed: '\x1b[31m',
  crashed: '\x1b[31m',
  failed: '\x1b[31m'
}

/** The rows as an aligned table; with colour, states are coloured (for a terminal). */
export function statusTable (rows: readonly PeerStatus[], options: { readonly colour?: boolean, readonly fullIds?: boolean } = {}): string {
  // Zone and build columns only when some peer has one (a testnet with --zones, or peers that report builds).
  const zones = rows.some(r => r.zone != null)
  const builds = rows.some(r => r.build != null)
  const cells = [['#', 'peer', 'pid', 'vnodes', 'keys', 'ops/s', 'state', ...(zones ? ['zone'] : []), ...(builds ? ['build'] : [])], ...rows.map(r => [
    String(r.index),
    options.fullIds === true ? r.peerId : shortId(r.peerId),
    r.pid === null ? '-' : String(r.pid),
    r.vnodes === null ? '-' : r.vnodes.members === r.vnodes.total ? String(r.vnodes.total) : `${r.vnodes.members}/${r.vnodes.total}`,
    r.keys === null ? '-' : String(r.keys),
    r.opsPerSec === null ? '-' : r.opsPerSec >= 100 ? r.opsPerSec.toFixed(0) : r.opsPerSec.toFixed(1),
    r.state,
    ...(zones ? [r.zone ?? '-'] : []),
    ...(builds ? [r.build ?? '-'] : [])
  ])]
  const widths = cells[0].map((_, col) => Math.max(...cells.map(r => r[col].length)))
  const numeric = new Set([2, 3, 4, 5])
  return cells.map((row, i) => row.map((cell, col) => {
    const padded = numeric.has(col) && i > 0 ? cell.padStart(widths[col]) : cell.padEnd(widths[col])
    if (options.colour !== true) return padded
    if (i === 0) return `\x1b[1m${padded}\x1b[0m`
    const colour = col === 6 ? STATE_COLOURS[rows[i - 1].state] : undefined
    return colour === undefined ? padded : `${colour}${padded}\x1b[0m`
  }).join('  ').trimEnd()).join('\n')
}

/** One line summing the table up. */
export function statusSummary (rows: readonly PeerStatus[]): string {
  const up = rows.filter(r => r.state === 'up').length
  const keys = rows.reduce((n, r) => n + (r.keys ?? 0), 0)
  const ops = rows.reduce((n, r) => n + (r.opsPerSec ?? 0), 0)
  return `${up}/${rows.length} peers up, ${keys} keys, ${ops.toFixed(ops >= 100 ? 0 : 1)} ops/s`
}
