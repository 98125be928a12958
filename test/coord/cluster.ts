/**
 * A coordination cluster on the simulated network for tests: n acceptors, and a CoordApi per
 * client (each its own Proposer), all real CASPaxos through the coord codec.
 */
import { Acceptor } from '../../node/coord/acceptor.ts'
import { LocalCoordApi } from '../../node/coord/local-api.ts'
import { Proposer } from '../../node/coord/proposer.ts'
import type { AcceptorGroup } from '../../node/coord/proposer.ts'
import { coordCodec } from '../../node/protocol/coord-codec.ts'
import { seededRandom } from '../../node/transport/clock.ts'
import { SimNetwork, VirtualClock } from '../../node/transport/sim.ts'

export interface SimCoordCluster {
  readonly clock: VirtualClock
  readonly network: SimNetwork
  readonly group: AcceptorGroup
  readonly acceptors: Acceptor[]
  /** A new proposer on its own transport named `id`. */
  proposer: (id: string) => Proposer
  /** A new client with its own proposer and a seeded write-id sequence. */
  client: (name: string) => LocalCoordApi
}

export function simCoordCluster (seed: number, n = 3, options: { latencyMs?: [number, number], timeoutMs?: number } = {}): SimCoordCluster {
  const clock = new VirtualClock()
  const random = seededRandom(seed)
  const [lo, hi] = options.latencyMs ?? [1, 10]
  const network = new SimNetwork({ clock, random, encode: true, latencyMs: () => lo + random() * (hi - lo) })
  const codec = coordCodec()
  const acceptors: Acceptor[] = []
  const addrs = []
  for (let i = 0; i < n; i++) {
    const transport = network.createTransport(`acceptor-${i}`)
    const acceptor = new Acceptor()
    void transport.handle(codec, async req => await acceptor.handle(req))
    acceptors.push(acceptor)
    addrs.push(transport.self)
  }
  const group: AcceptorGroup = { epoch: 0n, acceptors: addrs }
  const proposer = (id: string): Proposer => new Proposer({ transport: network.createTransport(id), clock, random, codec, id }, { timeoutMs: options.timeoutMs ?? 200 })
  return {
    clock,
    network,
    group,
    acceptors,
    proposer,
    client: (name: string) => {
      let writes = 0
      return new LocalCoordApi({ proposer: proposer(`client-${name}`), group: () => group, clock, newWriteId: () => `${name}-${++writes}` })
    }
  }
}
