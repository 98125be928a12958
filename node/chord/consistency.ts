/**
 * Is the ring that a set of peers describe correct? A pure check over the peers' `GET /ring`
 * answers (ring-json.ts), used by the simulator, the testnet and tests.
 *
 * The live vnodes are the union of all answers, sorted by id. The ring is consistent when
 * every vnode is a member, its successors[0] is the next live vnode clockwise and its
 * predecessor the previous one (and, where peer ids are given, they name the peer that
 * actually hosts that vnode). With `fullSuccessorLists`, every successor list must also be
 * exactly the next vnodes clockwise, as far as the ring is long.
 */

/** The part of a vnode in GET /ring that the check reads. */
export interface RingVnode {
  readonly index: number
  readonly id: string
  readonly predecessor: string | null
  readonly predecessorPeer?: string | null
  readonly successors: readonly string[]
  readonly successorPeers?: readonly string[]
  readonly member?: boolean
}

/** The part of a GET /ring answer that the check reads. */
export interface RingAnswer {
  readonly peerId: string
  readonly m: number
  readonly vnodes: readonly RingVnode[]
}

export interface ConsistencyOptions {
  /** Each peer must host exactly this many vnodes. */
  readonly vnodesPerPeer?: number
  /** Check whole successor lists, not only successors[0]. */
  readonly fullSuccessorLists?: boolean
}

interface Located { readonly vnode: RingVnode, readonly peerId: string }

const short = (hex: string): string => hex.length > 12 ? hex.slice(0, 12) + '…' : hex

/** The problems with the ring described by `answers`; empty when it is consistent. */
export function ringProblems (answers: readonly RingAnswer[], options: ConsistencyOptions = {}): string[] {
  const problems: string[] = []
  if (answers.length === 0) return ['no peer answered']

  const ms = new Set(answers.map(a => a.m))
  if (ms.size > 1) problems.push(`peers disagree on m: ${[...ms].join(', ')}`)
  const width = Math.ceil(answers[0].m / 4)

  const seenPeers = new Set<string>()
  const byId = new Map<string, Located>()
  for (const answer of answers) {
    if (seenPeers.has(answer.peerId)) problems.push(`peer ${answer.peerId} answered twice`)
    seenPeers.add(answer.peerId)
    if (options.vnodesPerPeer !== undefined && answer.vnodes.length !== options.vnodesPerPeer) {
      problems.push(`peer ${answer.peerId} hosts ${answer.vnodes.length} vnodes, expected ${options.vnodesPerPeer}`)
    }
    for (const vnode of answer.vnodes) {
      const id = vnode.id.toLowerCase()
      if (id.length !== width || !/^[0-9a-f]+$/.test(id)) {
        problems.push(`peer ${answer.peerId} vnode ${vnode.index} has a malformed id ${JSON.stringify(vnode.id)}`)
        continue
      }
      const other = byId.get(id)
      if (other !== undefined) {
        problems.push(`vnode id ${short(id)} is hosted twice (${other.peerId}#${other.vnode.index} and ${answer.peerId}#${vnode.index})`)
        continue
      }
      byId.set(id, { vnode, peerId: answer.peerId })
    }
  }

  // Equal-width lower-case hex sorts like the numbers it encodes.
  const ring = [...byId.keys()].sort()
  const n = ring.length
  ring.forEach((id, k) => {
    const { vnode, peerId } = byId.get(id)!
    const name = `vnode ${short(id)} (${peerId}#${vnode.index})`
    if (vnode.member === false) problems.push(`${name} is not a member yet`)

    const next = ring[(k + 1) % n]
    const successor = vnode.successors[0]?.toLowerCase()
    if (successor === undefined) {
      problems.push(`${name} has no successor, expected ${short(next)}`)
    } else if (successor !== next) {
      problems.push(`${name} has successor ${short(successor)}${byId.has(successor) ? '' : ' (not a live vnode)'}, expected ${short(next)}`)
    } else if (vnode.successorPeers?.[0] !== undefined && vnode.successorPeers[0] !== byId.get(next)!.peerId) {
      problems.push(`${name} names peer ${vnode.successorPeers[0]} for its successor ${short(next)}, which is hosted by ${byId.get(next)!.peerId}`)
    }

    const previous = ring[(k - 1 + n) % n]
    const predecessor = vnode.predecessor?.toLowerCase() ?? null
    if (predecessor === null) {
      problems.push(`${name} has no predecessor, expected ${short(previous)}`)
    } else if (predecessor !== previous) {
      problems.push(`${name} has predecessor ${short(predecessor)}${byId.has(predecessor) ? '' : ' (not a live vnode)'}, expected ${short(previous)}`)
    } else if (vnode.predecessorPeer != null && vnode.predecessorPeer !== byId.get(previous)!.peerId) {
      problems.push(`${name} names peer ${vnode.predecessorPeer} for its predecessor ${short(previous)}, which is hosted by ${byId.get(previous)!.peerId}`)
    }

    if (options.fullSuccessorLists === true) {
      const expected = Array.from({ length: Math.min(vnode.successors.length, n) }, (_, i) => ring[(k + 1 + i) % n])
      const actual = vnode.successors.slice(0, expected.length).map(s => s.toLowerCase())
      const wrong = actual.findIndex((s, i) => s !== expected[i])
      if (wrong > 0) {
        problems.push(`${name} has successors[${wrong}] = ${short(actual[wrong])}, expected ${short(expected[wrong])}`)
      }
    }
  })
  return problems
}
