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
 * The coordination group is whatever the daemon chooses; this backend cannot see it (no admin
 * endpoint names it yet), so W6 replaces every peer, which replaces every group member. A
 * membership change counts as settled once the ring is consistent and a further TTL passed.
 *
 * Until the client exposes `coord`, `ProcessBackend.start` throws a HarnessError saying so.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { connect } from '../../client/index.ts'
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

export class ProcessBackend implements Backend {
  readonly kind = 'process' as const
  readonly clock = systemClock
  readonly faults: readonly FaultKind[] = ['kill-restart', 'kill-restart-empty', 'pause', 'churn']
  readonly ttlMs: number
  private readonly testnet: Testnet
  private readonly options: ProcessBackendOptions
  private readonly random: () => number
  private readonly clients = new Set<Client>()

  private constructor (testnet: Testnet, options: ProcessBackendOptions) {
    this.testnet = testnet
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
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress })
    })
    const backend = new ProcessBackend(testnet, options)
    try {
      const probe = await backend.connectSomewhere()
      const has = coordOf(probe) !== undefined
      await probe.close().catch(() => {})
      backend.clients.delete(probe)
      if (!has) throw new HarnessError('connect().coord is missing: the coordination API is not wired into the client yet (issue 8); use --backend sim')
    } catch (err) {
      await testnet.stop()
      throw err
    }
    return backend
  }

  describe (): string {
    return `process: ${this.testnet.peers.length} peer slots on 127.0.0.1 (state in ${this.testnet.stateDir}), restart-empty keeps the ${this.options.restartEmptyIdentity === 'new' ? 'data dir AND key wiped (new identity)' : 'identity (key file), data dir wiped'}`
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

  async groupSlots (): Promise<undefined> {
    return undefined
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
    try {
      await this.testnet.waitConsistent(timeoutMs)
    } catch {
      return false
    }
    // No endpoint tells when the coordination group has been reconfigured: give it a TTL.
    await new Promise(resolve => setTimeout(resolve, this.ttlMs))
    return true
  }

  async close (): Promise<void> {
    await Promise.all([...this.clients].map(async c => { await c.close().catch(() => {}) }))
    this.clients.clear()
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
