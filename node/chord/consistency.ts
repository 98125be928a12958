/**
 * Is the ring that a set of peers describe correct? A pure check over snapshots (what
 * `GET /ring` serves), used by the simulator, the tests and the testnet.
 *
 * Correct means: over all live member vnodes sorted by id, every vnode's first successor is
 * the next id clockwise and its predecessor the previous one.
 */
import { idToHex } from '../../ring/id.ts'
import type { PeerSnapshot } from './types.ts'

export interface RingCheckOptions {
  /** Stop after this many problems (default 20). */
  readonly maxProblems?: number
}

/** Problems with the ring described by `peers`, as sentences; empty when the ring is correct. */
export function ringProblems (peers: readonly PeerSnapshot[], options: RingCheckOptions = {}): string[] {
  const max = options.maxProblems ?? 20
  const problems: string[] = []
  const m = peers[0]?.m ?? 160
  const hex = (id: bigint): string => idToHex(id, m).slice(0, 12)
  const vnodes = peers.flatMap(p => p.vnodes.map(v => ({ ...v, peerId: p.peerId })))
  for (const v of vnodes) {
    if (!v.member && problems.length < max) problems.push(`vnode ${hex(v.id)} of ${v.peerId} is not a member yet`)
  }
  const members = vnodes.filter(v => v.member).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (let i = 0; i < members.length && problems.length < max; i++) {
    const v = members[i]
    if (i > 0 && members[i - 1].id === v.id) {
      problems.push(`vnode id ${hex(v.id)} appears twice`)
      continue
    }
    const next = members[(i + 1) % members.length]
    const prev = members[(i - 1 + members.length) % members.length]
    const succ = v.successors[0]
    if (succ?.id !== next.id) {
      problems.push(`vnode ${hex(v.id)}: successor is ${succ === undefined ? 'missing' : hex(succ.id)}, should be ${hex(next.id)}`)
    }
    if (v.predecessor?.id !== prev.id && problems.length < max) {
      problems.push(`vnode ${hex(v.id)}: predecessor is ${v.predecessor === null ? 'null' : hex(v.predecessor.id)}, should be ${hex(prev.id)}`)
    }
  }
  return problems
}
