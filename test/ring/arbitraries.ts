/**
 * Shared fast-check arbitraries and brute-force models for the ring tests. The models use
 * only modular arithmetic over whole arrays (no binary search, no interval helpers), so they
 * are independent of the code under test.
 */
import fc from 'fast-check'

export interface TestVnode {
  readonly id: bigint
  readonly peerId: string
  readonly index: number
}

/** Runs per property; the whole ring suite must stay fast. */
export const RUNS = 200

export function idIn (m: number): fc.Arbitrary<bigint> {
  return fc.bigInt({ min: 0n, max: (1n << BigInt(m)) - 1n })
}

/** Clockwise distance from `from` to `to` in a 2^m ring, by plain modular arithmetic. */
export function cw (from: bigint, to: bigint, m: number): bigint {
  const size = 1n << BigInt(m)
  return (((to - from) % size) + size) % size
}

/**
 * A ring of vnodes (ids distinct, ascending) hosted by up to `maxPeers` physical peers with
 * several vnodes each; small m makes adjacent ids, wrap-around and full arcs likely.
 */
export function ringArb (m: number, { minVnodes = 1, maxVnodes = 40, maxPeers = 8 } = {}): fc.Arbitrary<TestVnode[]> {
  return fc.uniqueArray(
    fc.record({ id: idIn(m), peer: fc.integer({ min: 0, max: maxPeers - 1 }) }),
    { minLength: minVnodes, maxLength: maxVnodes, selector: v => v.id }
  ).map(entries => {
    const perPeer = new Map<number, number>()
    return entries
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map(({ id, peer }) => {
        const index = perPeer.get(peer) ?? 0
        perPeer.set(peer, index + 1)
        return { id, peerId: `p${peer}`, index }
      })
  })
}

/** Model of the primary: the vnode at the smallest clockwise distance (0 allowed) from keyId. */
export function modelPrimary<T extends { readonly id: bigint }> (keyId: bigint, vnodes: readonly T[], m: number): T | undefined {
  let best: T | undefined
  for (const v of vnodes) {
    if (best === undefined || cw(keyId, v.id, m) < cw(keyId, best.id, m)) best = v
  }
  return best
}

/** Model of the replica set without zones: vnodes by distance from keyId, first of each peer, r of them. */
export function modelReplicas<T extends { readonly id: bigint, readonly peerId: string }> (keyId: bigint, vnodes: readonly T[], r: number, m: number): T[] {
  const byDistance = [...vnodes].sort((a, b) => {
    const da = cw(keyId, a.id, m)
    const db = cw(keyId, b.id, m)
    return da < db ? -1 : da > db ? 1 : 0
  })
  const chosen: T[] = []
  for (const v of byDistance) {
    if (chosen.length < r && !chosen.some(c => c.peerId === v.peerId)) chosen.push(v)
  }
  return chosen
}

/** max/mean of a list of shares. */
export function maxOverMean (values: readonly number[]): number {
  const mean = values.reduce((s, x) => s + x, 0) / values.length
  return Math.max(...values) / mean
}
