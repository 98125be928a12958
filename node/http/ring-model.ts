/**
 * The whole ring as the visualizer and `chordkv ring` show it: every vnode with its owner
 * peer, the arc of the circle it owns, its keys and (when known) its fingers. Built from the
 * GET /ring answers of every peer (a testnet), from one peer's ring walk, or from a
 * simulation; summarized per peer with the imbalance figures.
 */
import { hexToId, idToHex } from '../../ring/id.ts'
import { RingView } from '../../ring/view.ts'
import type { RingJson } from '../chord/ring-json.ts'

export interface ModelVnode {
  readonly id: bigint
  readonly peerId: string
  /** Its index on its peer, when known. */
  readonly index?: number
  /** Keys it is primary for; null when not known (another peer's vnode seen from a walk). */
  readonly keys: number | null
  /** Distinct finger targets, when known. */
  readonly fingers?: readonly bigint[]
}

export interface RingModel {
  readonly m: number
  /** The vnodes, ascending by id. */
  readonly vnodes: readonly ModelVnode[]
  /** Where the picture comes from, e.g. "testnet of 8 peers" or "simulation (seed 1)". */
  readonly source: string
}

export interface PeerSummary {
  readonly peerId: string
  readonly vnodes: number
  /** Fraction of the circle its vnodes own. */
  readonly arcShare: number
  /** Keys it is primary for; null when not known. */
  readonly keys: number | null
}

export interface RingSummary {
  /** By peer id. */
  readonly peers: readonly PeerSummary[]
  /** Arc share of each vnode, parallel to model.vnodes. */
  readonly arcShares: readonly number[]
  readonly totalKeys: number | null
  /** max/mean keys per peer; null when keys are not known for every peer or there are none. */
  readonly keyImbalance: number | null
  /** max/mean arc share per peer (1 = perfectly even). */
  readonly arcImbalance: number
}

/** A model of vnodes in any order (sorted here; duplicate ids keep the first). */
export function ringModel (m: number, vnodes: Iterable<ModelVnode>, source: string): RingModel {
  const byId = new Map<bigint, ModelVnode>()
  for (const v of vnodes) if (!byId.has(v.id)) byId.set(v.id, v)
  return { m, vnodes: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), source }
}

/** The model of a ring described by every peer's GET /ring (a peer's answer covers its own vnodes only). */
export function modelFromRingAnswers (answers: readonly RingJson[], source: string): RingModel {
  const m = answers[0]?.m ?? 160
  const vnodes: ModelVnode[] = []
  for (const answer of answers) {
    for (const v of answer.vnodes) {
      if (!v.member) continue
      vnodes.push({ id: hexToId(v.id, m), peerId: answer.peerId, index: v.index, keys: v.keys, fingers: v.fingers.map(f => hexToId(f, m)) })
    }
  }
  return ringModel(m, vnodes, source)
}

/** Per-peer shares and keys, and the imbalance figures. */
export function summarize (model: RingModel): RingSummary {
  const view = RingView.from(model.vnodes.map(v => ({ id: v.id, peerId: v.peerId })), model.m)
  const arcShares = model.vnodes.map(v => view.arcShare(v))
  const shares = view.sharesByPeer()
  const peers: PeerSummary[] = [...shares].map(([peerId, arcShare]) => {
    const own = model.vnodes.filter(v => v.peerId === peerId)
    const keys = own.some(v => v.keys === null) ? null : own.reduce((n, v) => n + (v.keys ?? 0), 0)
    return { peerId, vnodes: own.length, arcShare, keys }
  })
  const known = peers.every(p => p.keys !== null)
  const totalKeys = known ? peers.reduce((n, p) => n + (p.keys ?? 0), 0) : null
  const keyImbalance = totalKeys !== null && totalKeys > 0 ? Math.max(...peers.map(p => p.keys ?? 0)) / (totalKeys / peers.length) : null
  const arcImbalance = peers.length === 0 ? 1 : Math.max(...peers.map(p => p.arcShare)) * peers.length
  return { peers, arcShares, totalKeys, keyImbalance, arcImbalance }
}

/** The model and its summary as JSON (ids as zero-padded hex): the body of GET /ring/all and `chordkv ring --json`. */
export function modelJson (model: RingModel, summary: RingSummary = summarize(model)): RingModelJson {
  return {
    m: model.m,
    source: model.source,
    vnodes: model.vnodes.map((v, i) => ({
      id: idToHex(v.id, model.m),
      peerId: v.peerId,
      ...(v.index !== undefined ? { index: v.index } : {}),
      arcShare: summary.arcShares[i],
      keys: v.keys,
      ...(v.fingers !== undefined ? { fingers: v.fingers.map(f => idToHex(f, model.m)) } : {})
    })),
    peers: summary.peers.map(p => ({ ...p })),
    totalKeys: summary.totalKeys,
    keyImbalance: summary.keyImbalance,
    arcImbalance: summary.arcImbalance
  }
}

export interface RingModelJson {
  readonly m: number
  readonly source: string
  readonly vnodes: Array<{ id: string, peerId: string, index?: number, arcShare: number, keys: number | null, fingers?: string[] }>
  readonly peers: PeerSummary[]
  readonly totalKeys: number | null
  readonly keyImbalance: number | null
  readonly arcImbalance: number
}

/** A model back from its JSON (GET /ring/all); throws Error on a malformed body. */
export function modelFromJson (json: RingModelJson): RingModel {
  if (json === null || typeof json !== 'object' || !Number.isInteger(json.m) || !Array.isArray(json.vnodes)) throw new Error('not a ring model (m and vnodes expected)')
  return ringModel(json.m, json.vnodes.map(v => ({
    id: hexToId(v.id, json.m),
    peerId: v.peerId,
    ...(v.index !== undefined ? { index: v.index } : {}),
    keys: typeof v.keys === 'number' ? v.keys : null,
    ...(Array.isArray(v.fingers) ? { fingers: v.fingers.map(f => hexToId(f, json.m)) } : {})
  })), json.source)
}
