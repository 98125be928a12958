/**
 * The whole ring as the admin server shows it (GET /ring/all, /ring.svg, the live page and
 * /lookup's replicas), gathered by one peer: the vnodes from a ring walk (ChordPeer.walkRing),
 * cached for a moment so a page polling every second costs one walk per second at most.
 */
import { idToHex } from '../../ring/id.ts'
import { RingView } from '../../ring/view.ts'
import type { NodeRef } from '../chord/messages.ts'

/** How long one ring walk serves later requests, in ms. */
export const RING_WALK_TTL_MS = 1000

/** A vnode of a RingView built from a walk. */
export interface WalkedVnode {
  readonly id: bigint
  readonly peerId: string
  readonly addrs: readonly string[]
  readonly zone?: string
}

/** fn memoized for ttlMs: concurrent and later callers share one call; a failed call is not kept. */
export function memoized<T> (fn: () => Promise<T>, ttlMs: number = RING_WALK_TTL_MS): () => Promise<T> {
  let cached: { at: number, value: Promise<T> } | undefined
  return async () => {
    const now = performance.now()
    if (cached === undefined || now - cached.at > ttlMs) {
      const value = fn()
      const entry = { at: now, value }
      cached = entry
      value.catch(() => { if (cached === entry) cached = undefined })
    }
    return await cached.value
  }
}

/** A ring view from walk(), memoized for ttlMs. */
export function cachedWalk (walk: () => Promise<readonly NodeRef[]>, m: number, ttlMs: number = RING_WALK_TTL_MS): () => Promise<RingView<WalkedVnode>> {
  return memoized(async () => RingView.from((await walk()).map(n => ({ id: n.id, peerId: n.peerId, addrs: n.addrs, ...(n.zone !== undefined ? { zone: n.zone } : {}) })), m), ttlMs)
}

/** Zone of a peer in a walked view ('' without one), or undefined when no vnode has a zone. */
export function zonesOf (view: RingView<WalkedVnode>): ((peerId: string) => string) | undefined {
  const zones = new Map(view.vnodes.filter(v => v.zone !== undefined).map(v => [v.peerId, v.zone as string]))
  return zones.size === 0 ? undefined : peerId => zones.get(peerId) ?? ''
}

/** A vnode reference as JSON: zero-padded hex id and its peer. */
export function refJson (vnode: { readonly id: bigint, readonly peerId: string }, m: number): { id: string, peerId: string } {
  return { id: idToHex(vnode.id, m), peerId: vnode.peerId }
}
