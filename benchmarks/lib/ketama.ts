/**
 * ketama (libketama, last.fm 2007), the consistent hashing most memcached clients use, as the
 * reference for load balance: with equal weights each server gets 160 points on a 2^32 circle,
 * four from each of 40 MD5 digests. Reference only.
 *
 *   points of server s: for i in 0 … 39, d = MD5(`${s}-${i}`), the four little-endian uint32
 *                       d[0..3], d[4..7], d[8..11], d[12..15]
 *   server of key k:    the first point ≥ the little-endian uint32 of MD5(k)[0..3], wrapping
 */
import { createHash } from 'node:crypto'

/** MD5 digests per server, and points per digest (libketama with equal weights). */
export const KETAMA_HASHES_PER_SERVER = 40
export const KETAMA_POINTS_PER_HASH = 4

/** Points of one server, in digest order (4 × hashesPerServer uint32s). */
export function ketamaPoints (server: string, hashesPerServer: number = KETAMA_HASHES_PER_SERVER): number[] {
  const points: number[] = []
  for (let i = 0; i < hashesPerServer; i++) {
    const d = createHash('md5').update(`${server}-${i}`).digest()
    for (let h = 0; h < KETAMA_POINTS_PER_HASH; h++) points.push(d.readUInt32LE(4 * h))
  }
  return points
}

/** The little-endian uint32 of MD5(key)'s first four bytes: the key's position on the continuum. */
export function ketamaKeyHash (key: string | Uint8Array): number {
  return createHash('md5').update(key).digest().readUInt32LE(0)
}

export class KetamaContinuum {
  readonly servers: readonly string[]
  /** Point positions, ascending; owners[i] is the server index of positions[i]. */
  private readonly positions: Uint32Array
  private readonly owners: Uint32Array

  /** Of points at the same position, the server listed first keeps it. */
  constructor (servers: readonly string[], hashesPerServer: number = KETAMA_HASHES_PER_SERVER) {
    if (servers.length === 0) throw new RangeError('a continuum needs at least one server')
    this.servers = [...servers]
    const all: Array<[number, number]> = []
    servers.forEach((s, i) => { for (const p of ketamaPoints(s, hashesPerServer)) all.push([p, i]) })
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    const kept = all.filter((e, i) => i === 0 || e[0] !== all[i - 1][0])
    this.positions = Uint32Array.from(kept, e => e[0])
    this.owners = Uint32Array.from(kept, e => e[1])
  }

  /** Index (into servers) of the server owning continuum position `hash`: first point ≥ hash, wrapping. */
  serverIndexAt (hash: number): number {
    let lo = 0
    let hi = this.positions.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.positions[mid] < hash) lo = mid + 1
      else hi = mid
    }
    return this.owners[lo === this.positions.length ? 0 : lo]
  }

  serverOf (key: string | Uint8Array): string {
    return this.servers[this.serverIndexAt(ketamaKeyHash(key))]
  }

  /** Fraction of the 2^32 circle each server owns (arcs (previous point, point]), by server index. */
  shares (): number[] {
    const n = this.positions.length
    const arcs = new Array<number>(this.servers.length).fill(0)
    for (let i = 0; i < n; i++) {
      const pred = i === 0 ? this.positions[n - 1] - 2 ** 32 : this.positions[i - 1]
      arcs[this.owners[i]] += n === 1 ? 2 ** 32 : this.positions[i] - pred
    }
    return arcs.map(a => a / 2 ** 32)
  }
}
