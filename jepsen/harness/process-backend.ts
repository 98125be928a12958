/**
 * The process backend: 5 chordkv peers as OS processes on 127.0.0.1, each with a key file and
 * a --data-dir (testnet/index.ts startTestnet), and logical clients through the client
 * library's coordination API (`connect({ bootstrap }).coord`, a CoordApi over libp2p to one
 * peer). Faults are real: kill -9 (SIGKILL), SIGSTOP/SIGCONT, graceful leave (SIGTERM), joins.
 *
 * Restart empty: the slot's `data/` directory is deleted while the peer is dead, then the peer
 * is restarted with its key file — the SAME identity with no acceptor state (the hard case:
 * the daemon must not vote as the acceptor it was). `restartEmptyIdentity: 'new'` deletes the
 * key file too, so the peer comes back as a stranger.
 *
 * The coordination group is the daemon's (node/coord/service.ts): the backend asks the peers
 * for it with the coord protocol's `status` request (from a libp2p host of its own), so W6
 * replaces exactly the group's members, and a membership change counts as settled once the ring
 * is consistent and the group again has `coordReplicas` members, each a serving peer at the
 * incarnation it runs now (a peer restarted empty has a new incarnation: its old seat is dead).
 *
 * If the client has no `coord`, `ProcessBackend.start` throws a HarnessError saying so.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { connect } from '../../client/index.ts'
import type { GroupConfig } from '../../node/coord/messages.ts'
import { coordCodec } from '../../node/protocol/coord-codec.ts'
import { createLibp2pTransport } from '../../node/transport/libp2p.ts'
import type { Libp2pTransport } from '../../node/transport/libp2p.ts'
import type { Client } from '../../client/index.ts'
import type { CoordApi } from '../../node/coord/api.ts'
import { seededRandom, systemClock } from '../../node/transport/clock.ts'
import { startTestnet } from '../../testnet/index.ts'
import type { Testnet } from '../../testnet/index.ts'
import { HarnessError } from './types.ts'
import type { Backend, FaultKind, HarnessClient } from './types.ts'

export interface ProcessBackendOptions {
  readonly seed: number
  /** Peers at the start (default 5). */
  readonly peers?: number
  /** Vnodes per peer (default 4: a small ring starts and settles faster). */
  readonly vnodes?: number
  /** The daemon's lease TTL the nemesis scales pauses by, ms (default 2000). */
  readonly ttlMs?: number
  /** Client request deadline, ms (default 5000). */
  readonly requestTimeoutMs?: number
  readonly restartEmptyIdentity?: 'keep' | 'new'
  /** How long a peer may take to start, and the ring to become consistent, ms (default 120 s). */
  readonly startTimeoutMs?: number
  /** Acceptors in the daemon's coordination group (its default: 3). */
  readonly coordReplicas?: number
  readonly onProgress?: (line: string) => void
}

const RECONNECT_ATTEMPTS = 20
const RECONNECT_PAUSE_MS = 200

/** The client's coordination API, if this build of the client has one. */
export function coordOf (client: Client): CoordApi | undefined {
  const coord = (client as unknown as { coord?: unknown }).coord
  if (coord !== null && typeof coord === 'object' && typeof (coord as CoordApi).get === 'function' && typeof (coord as CoordApi).put === 'function') return coord as CoordApi
  return undefined
}

/** The raw register API under the client's recipes (`coord.registers`), when it has one. */
function registersOf (client: Client): CoordApi | undefined {
  const registers = (coordOf(client) as { registers?: unknown } | undefined)?.registers
  return registers !== null && typeof registers === 'object' && typeof (registers as CoordApi).put === 'function' ? registers as CoordApi : undefined
}

export class ProcessBackend implements Backend {
  readonly kind = 'process' as const
  readonly clock = systemClock
  readonly faults: readonly FaultKind[] = ['kill-restart', 'kill-restart-empty', 'pause', 'churn']
  readonly ttlMs: number
  private readonly testnet: Testnet
  private readonly options: ProcessBackendOptions
  private readonly random: () => number
  private readonly clients = new Set<Client>()
  private readonly inspector: Libp2pTransport
  private lastSettleProblem: string | undefined
  private readonly codec = coordCodec()

  private constructor (testnet: Testnet, inspector: Libp2pTransport, options: ProcessBackendOptions) {
    this.testnet = testnet
    this.inspector = inspector
    this.options = options
    this.ttlMs = options.ttlMs ?? 2000
    this.random = seededRandom(options.seed ^ 0x5eed)
  }

  /** Starts the peers and checks that the client has a coordination API. */
  static async start (options: ProcessBackendOptions): Promise<ProcessBackend> {
    const testnet = await startTestnet({
      peers: options.peers ?? 5,
      vnodes: options.vnodes ?? 4,
      persistent: true,
      control: false,
      childStderr: 'ignore',
      // A loaded 2-core machine can take far longer than the testnet's defaults to start peers.
      startTimeoutMs: options.startTimeoutMs ?? 120_000,
      consistentTimeoutMs: options.startTimeoutMs ?? 120_000,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress })
    })
    let inspector: Libp2pTransport
    try {
      inspector = await createLibp2pTransport({ listen: [] })
    } catch (err) {
      await testnet.stop()
      throw err
    }
    const backend = new ProcessBackend(testnet, inspector, options)
    try {
      const probe = await backend.connectSomewhere()
      const has = coordOf(probe) !== undefined
      await probe.close().catch(() => {})
      backend.clients.delete(probe)
      if (!has) throw new HarnessError('connect().coord is missing: the coordination API is not wired into the client yet (issue 8); use --backend sim')
    } catch (err) {
      await backend.close()
      throw err
    }
    return backend
  }

  describe (): string {
    return `process: ${this.testnet.peers.length} peer slots (group of ${this.options.coordReplicas ?? 3}) on 127.0.0.1 (state in ${this.testnet.stateDir}), restart-empty keeps the ${this.options.restartEmptyIdentity === 'new' ? 'data dir AND key wiped (new identity)' : 'identity (key file), data dir wiped'}`
  }

  async drive<T> (work: Promise<T>, _maxMs: number): Promise<T> {
    return await work
  }

  async client (_name: string): Promise<HarnessClient> {
    let current = await this.connectSomewhere()
    let api = coordOf(current)
    if (api === undefined) throw new HarnessError('connect().coord is missing')
    const backend = this
    return {
      get api () { return api as CoordApi },
      get registers () { return registersOf(current) ?? api as CoordApi },
      async reset () {
        await current.close().catch(() => {})
        backend.clients.delete(current)
        current = await backend.connectSomewhere()
        api = coordOf(current)
      },
      async close () {
        await current.close().catch(() => {})
        backend.clients.delete(current)
      }
    }
  }

  liveSlots (): number[] {
    return this.testnet.peers.map(p => p.index).filter(i => this.testnet.isAlive(i))
  }

  servingSlots (): number[] {
    return this.testnet.peers.map(p => p.index).filter(i => this.testnet.state(i) === 'up')
  }

  async groupSlots (): Promise<number[] | undefined> {
    const group = await this.groupStatus()
    if (group === undefined) return undefined
    return group.config.members.map(m => this.slotOf(m.peerId)).filter((s): s is number => s !== undefined)
  }

  /**
   * The coordination group as the serving peers report it (the highest epoch any reports), and
   * each serving peer's incarnation; undefined when no peer answers.
   */
  async groupStatus (): Promise<{ config: GroupConfig, incarnations: Map<string, string>, epochs: Map<string, bigint> } | undefined> {
    const serving = this.testnet.peers.filter(p => this.testnet.state(p.index) === 'up')
    const answers = await Promise.all(serving.map(async peer => {
      try {
        const addr = peer.multiaddrs[0]
        if (addr === undefined) return undefined
        const to = await this.inspector.connect(addr, { timeoutMs: 2000 })
        const res = await this.inspector.request(to, this.codec, { type: 'status' }, { timeoutMs: 2000 })
        return res.type === 'status' ? { peerId: peer.peerId, res } : undefined
      } catch {
        return undefined
      }
    }))
    let config: GroupConfig | undefined
    const incarnations = new Map<string, string>()
    const epochs = new Map<string, bigint>()
    for (const a of answers) {
      if (a === undefined) continue
      incarnations.set(a.peerId, a.res.incarnation)
      if (a.res.config !== null) {
        epochs.set(a.peerId, a.res.config.epoch)
        if (config === undefined || a.res.config.epoch > config.epoch) config = a.res.config
      }
    }
    return config === undefined ? undefined : { config, incarnations, epochs }
  }

  private slotOf (peerId: string): number | undefined {
    // The latest incarnation of each slot (a slot restarted with a new key has a new peer id).
    return this.testnet.peers.find(p => p.peerId === peerId)?.index
  }

  async kill (slot: number): Promise<void> { await this.testnet.kill(slot) }
  async restart (slot: number): Promise<void> { await this.testnet.restart(slot) }

  async restartEmpty (slot: number): Promise<void> {
    if (this.testnet.isAlive(slot)) throw new HarnessError(`cannot restart peer ${slot} empty: it is running`)
    const dir = join(this.testnet.stateDir, `peer-${slot}`)
    await rm(join(dir, 'data'), { recursive: true, force: true })
    if (this.options.restartEmptyIdentity === 'new') await rm(join(dir, 'peer.key'), { force: true })
    await this.testnet.restart(slot)
  }

  async pause (slot: number): Promise<void> { await this.testnet.pause(slot) }
  async resume (slot: number): Promise<void> { await this.testnet.resume(slot) }
  async join (): Promise<number> { return await this.testnet.add() }
  async leave (slot: number): Promise<void> { await this.testnet.stopPeer(slot) }

  async settle (timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    try {
      await this.testnet.waitConsistent(timeoutMs)
    } catch (err) {
      this.lastSettleProblem = (err as Error).message
      return false
    }
    const replicas = this.options.coordReplicas ?? 3
    const serving = this.servingSlots().length
    for (;;) {
      const group = await this.groupStatus()
      if (group === undefined) {
        this.lastSettleProblem = 'no serving peer reported a coordination group'
      } else {
        const members = group.config.members
        const problems = members.flatMap(m => {
          const slot = this.slotOf(m.peerId)
          if (slot === undefined || this.testnet.state(slot) !== 'up') return [`member ${m.peerId} (slot ${slot ?? '?'}) is not serving`]
          if (group.incarnations.get(m.peerId) !== m.incarnation) return [`member slot ${slot} holds its seat at incarnation ${m.incarnation} but runs ${group.incarnations.get(m.peerId) ?? '(no answer)'}`]
          if (group.epochs.get(m.peerId) !== group.config.epoch) return [`member slot ${slot} is at epoch ${group.epochs.get(m.peerId) ?? '(no answer)'}, the group at ${group.config.epoch}`]
          return []
        })
        if (members.length !== Math.min(replicas, serving)) problems.push(`the group has ${members.length} members at epoch ${group.config.epoch}, not ${Math.min(replicas, serving)}`)
        this.lastSettleProblem = problems.join('; ')
        if (problems.length === 0) return true
      }
      if (Date.now() >= deadline) return false
      await new Promise(resolve => setTimeout(resolve, 250))
    }
  }

  settleProblem (): string | undefined {
    return this.lastSettleProblem
  }

  async close (): Promise<void> {
    await Promise.all([...this.clients].map(async c => { await c.close().catch(() => {}) }))
    this.clients.clear()
    await this.inspector.stop().catch(() => {})
    await this.testnet.stop()
  }

  /** A client connected through a random serving peer; retried while peers come and go. */
  private async connectSomewhere (): Promise<Client> {
    let lastError: unknown
    for (let attempt = 0; attempt < RECONNECT_ATTEMPTS; attempt++) {
      const serving = this.testnet.peers.filter(p => this.testnet.state(p.index) === 'up')
      if (serving.length > 0) {
        const first = Math.floor(this.random() * serving.length)
        const bootstrap = serving.map((_, k) => serving[(first + k) % serving.length].multiaddrs[0]).filter(a => a !== undefined)
        try {
          const client = await connect({ bootstrap, timeoutMs: this.options.requestTimeoutMs ?? 5000 })
          this.clients.add(client)
          return client
        } catch (err) {
          lastError = err
        }
      }
      await new Promise(resolve => setTimeout(resolve, RECONNECT_PAUSE_MS))
    }
    throw new HarnessError(`could not connect to any serving peer: ${(lastError as Error | undefined)?.message ?? 'none serving'}`)
  }
}
