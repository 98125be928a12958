/**
 * The simulator backend: every peer runs the daemon's own CoordService (acceptor, proposer and
 * the one-member-at-a-time reconfiguration of node/coord/service.ts) on the simulated network
 * (node/transport/sim.ts, every message through the coord codec), and logical clients use the
 * client library's RemoteCoordApi, so a run exercises the same code as the process backend, in
 * virtual time: a 60 s run takes seconds of wall time and replays from its seed.
 *
 * Faults, modelled on what the process backend does to OS processes:
 *   - kill -9: the peer's transport goes down and its service is dropped. Its "disk" keeps what
 *     the acceptor persisted before answering (incarnation, configuration, slots), as
 *     --data-dir does.
 *   - restart with data: a new CoordService loaded from the disk, same identity.
 *   - restart empty: disk wiped, same identity: the acceptor draws a new incarnation, so the
 *     group does not count it as the member it was, and the driver replaces it.
 *   - pause (SIGSTOP): the peer's requests, answers and timers wait until resume (SIGCONT);
 *     deadlines elsewhere run out meanwhile, as with a stopped process.
 *   - join / graceful leave: a peer starts / stops; the group replaces a departed member once
 *     it is silent for `suspectMs`, as the daemon does.
 *
 * `rescan: false` runs the services without the rescan step of reconfiguration — the known way
 * to lose data by replacing acceptors one by one (DESIGN.md §5) — and `reapGroups: false`
 * without the driver's membership reaper; the tests use them as negative controls, to show the
 * checks catch what those steps prevent.
 */
import type { ComponentLogger } from '@libp2p/interface'
import { defaultLogger } from '@libp2p/logger'
import { RemoteCoordApi } from '../../client/coord.ts'
import type { ClientTransport } from '../../client/transport.ts'
import type { AcceptorSlot } from '../../node/coord/acceptor.ts'
import type { GroupConfig, GroupMember } from '../../node/coord/messages.ts'
import { CoordService } from '../../node/coord/service.ts'
import type { CoordServiceComponents, CoordServiceInit } from '../../node/coord/service.ts'
import { coordCodec } from '../../node/protocol/coord-codec.ts'
import { UnreachableError } from '../../node/transport/errors.ts'
import { seededRandom, sleep } from '../../node/transport/clock.ts'
import { SimNetwork, VirtualClock } from '../../node/transport/sim.ts'
import type { Clock, Codec, PeerAddress, RequestOptions, TimerHandle, Transport } from '../../node/transport/types.ts'
import { HarnessError } from './types.ts'
import type { Backend, FaultKind, HarnessClient } from './types.ts'

export interface SimBackendOptions {
  readonly seed: number
  /** Peers at the start (default 5). */
  readonly peers?: number
  /** Acceptors in the coordination group (default 3). */
  readonly groupSize?: number
  /** One-way message latency range, ms (default [1, 10]). */
  readonly latencyMs?: readonly [number, number]
  /** Deadline of one request between peers, ms (default 200). */
  readonly requestTimeoutMs?: number
  /**
   * Deadline of a client's request to a peer, ms (default TTL / 4: a lease renewal sent to a
   * paused peer must give up and try another peer well within the TTL).
   */
  readonly clientTimeoutMs?: number
  /** Session/lease TTL the nemesis scales pauses by, ms (default 1000). */
  readonly ttlMs?: number
  /** false: reconfiguration leaves out the rescan (unsafe on purpose; tests only). */
  readonly rescan?: boolean
  /** false: the driver does not reap crashed members of membership groups (tests only). */
  readonly reapGroups?: boolean
}

type SlotState = 'up' | 'paused' | 'down' | 'left'

/** What a peer's --data-dir would hold. */
interface Disk {
  incarnation: string | null
  config: GroupConfig | null
  readonly slots: Map<string, AcceptorSlot>
}

interface SimSlot {
  readonly index: number
  readonly id: string
  state: SlotState
  /** Bumped at every kill and start: work of an earlier life must not touch the disk. */
  life: number
  /** Restarts without data so far (names the next incarnation). */
  wipes: number
  disk: Disk
  service?: CoordService
  resumeWaiters: Array<() => void>
}

/** A CoordService whose unsafe steps can be switched off for the negative controls. */
class SimCoordService extends CoordService {
  private readonly withRescan: boolean
  private readonly withReaper: boolean
  constructor (components: CoordServiceComponents, init: CoordServiceInit, withRescan: boolean, withReaper: boolean) {
    super(components, init)
    this.withRescan = withRescan
    this.withReaper = withReaper
  }

  protected override async rescan (config: GroupConfig, prev: readonly GroupMember[]): Promise<void> {
    if (this.withRescan) await super.rescan(config, prev)
  }

  protected override async reapGroups (): Promise<void> {
    if (this.withReaper) await super.reapGroups()
  }
}

const SETTLE_POLL_MS = 20
const TICK_MS = 200
const SUSPECT_MS = 1000
const FORM_MS = 60_000

export class SimBackend implements Backend {
  readonly kind = 'sim' as const
  readonly clock: VirtualClock
  readonly network: SimNetwork
  readonly faults: readonly FaultKind[] = ['kill-restart', 'kill-restart-empty', 'pause', 'churn']
  readonly ttlMs: number
  private readonly options: SimBackendOptions
  private readonly random: () => number
  private readonly codec = coordCodec()
  private readonly logger: ComponentLogger = defaultLogger()
  private readonly slots: SimSlot[] = []
  private readonly groupSize: number

  private constructor (options: SimBackendOptions) {
    this.options = options
    this.clock = new VirtualClock()
    this.random = seededRandom(options.seed)
    const [lo, hi] = options.latencyMs ?? [1, 10]
    this.network = new SimNetwork({ clock: this.clock, random: this.random, encode: true, latencyMs: () => lo + this.random() * (hi - lo) })
    this.ttlMs = options.ttlMs ?? 1000
    this.groupSize = options.groupSize ?? 3
  }

  /** Starts the peers (the first creates the group) and waits until the group has its members. */
  static async start (options: SimBackendOptions): Promise<SimBackend> {
    const backend = new SimBackend(options)
    const peers = options.peers ?? 5
    if (!Number.isInteger(peers) || peers < 1) throw new RangeError(`peers must be a positive integer, got ${peers}`)
    if (!Number.isInteger(backend.groupSize) || backend.groupSize < 1 || backend.groupSize > peers) throw new RangeError(`the group needs 1 to ${peers} members, got ${backend.groupSize}`)
    for (let i = 0; i < peers; i++) backend.startSlot(backend.newSlot(), i === 0)
    if (!await backend.drive(backend.settle(FORM_MS), FORM_MS * 2)) throw new HarnessError(`the coordination group did not form: ${backend.settleProblem() ?? ''}`)
    return backend
  }

  describe (): string {
    const off = [this.options.rescan === false ? 'WITHOUT rescan' : '', this.options.reapGroups === false ? 'WITHOUT group reaper' : ''].filter(s => s !== '')
    return `sim: ${this.slots.length} peers running CoordService, group of ${this.groupSize} (${this.newestConfig()?.members.map(m => m.peerId).join(', ') ?? 'none'}), restart-empty = same identity, new incarnation${off.length > 0 ? `, ${off.join(', ')}` : ''}`
  }

  async drive<T> (work: Promise<T>, maxMs: number): Promise<T> {
    return await this.clock.settle(work, maxMs)
  }

  async client (name: string): Promise<HarnessClient> {
    const transport = this.network.createTransport(`client-${name}`)
    const live = (peerId: string): boolean => this.slots.some(s => s.id === peerId && (s.state === 'up' || s.state === 'paused'))
    // A dial succeeds iff the peer's process runs (a paused one accepts and then does not answer).
    const clientTransport: ClientTransport = {
      request: async (to, codec, req, options) => await transport.request(to, codec, req, options),
      connect: async multiaddr => { throw new UnreachableError(`${multiaddr}: the peer is not running`) },
      isConnected: live,
      stop: async () => {}
    }
    const api = new RemoteCoordApi({
      transport: clientTransport,
      timeoutMs: this.options.clientTimeoutMs ?? this.ttlMs / 4,
      peers: () => this.slots.filter(s => s.state !== 'left').map(s => this.address(s.id))
    })
    return { api, registers: api, reset: async () => {}, close: async () => {} }
  }

  liveSlots (): number[] {
    return this.slots.filter(s => s.state === 'up' || s.state === 'paused').map(s => s.index)
  }

  servingSlots (): number[] {
    return this.slots.filter(s => s.state === 'up').map(s => s.index)
  }

  /** The newest configuration epoch any running peer knows (each step of a reconfiguration adds one). */
  groupEpoch (): bigint {
    return this.newestConfig()?.epoch ?? 0n
  }

  async groupSlots (): Promise<number[]> {
    return this.newestConfig()?.members.map(m => this.slotById(m.peerId).index) ?? []
  }

  async kill (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'up' && s.state !== 'paused') throw new HarnessError(`cannot kill peer ${slot}: it is ${s.state}`)
    this.stopSlot(s, 'down')
  }

  async restart (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'down') throw new HarnessError(`cannot restart peer ${slot}: it is ${s.state}`)
    this.startSlot(s, false)
  }

  async restartEmpty (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'down') throw new HarnessError(`cannot restart peer ${slot} empty: it is ${s.state}`)
    s.disk = emptyDisk()
    s.wipes++
    this.startSlot(s, false)
  }

  async pause (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'up') throw new HarnessError(`cannot pause peer ${slot}: it is ${s.state}`)
    s.state = 'paused'
  }

  async resume (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'paused') throw new HarnessError(`cannot resume peer ${slot}: it is ${s.state}`)
    s.state = 'up'
    release(s)
  }

  async join (): Promise<number> {
    const s = this.newSlot()
    this.startSlot(s, false)
    return s.index
  }

  async leave (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'up') throw new HarnessError(`cannot leave with peer ${slot}: it is ${s.state}`)
    this.stopSlot(s, 'left')
  }

  /** Settled: every serving peer knows the newest configuration, which has the group's size, only serving members, and a finished step. */
  async settle (timeoutMs: number): Promise<boolean> {
    const deadline = this.clock.now() + timeoutMs
    while (this.settleProblem() !== undefined) {
      if (this.clock.now() >= deadline) return false
      await sleep(this.clock, SETTLE_POLL_MS)
    }
    return true
  }

  settleProblem (): string | undefined {
    const config = this.newestConfig()
    if (config === null) return 'no peer has a group configuration'
    const serving = this.slots.filter(s => s.state === 'up')
    const notServing = config.members.filter(m => !serving.some(s => s.id === m.peerId))
    if (notServing.length > 0) return `epoch ${config.epoch}: members not serving: ${notServing.map(m => m.peerId).join(', ')}`
    if (config.members.length !== Math.min(this.groupSize, serving.length)) return `epoch ${config.epoch}: ${config.members.length} members, not ${this.groupSize}`
    if (!serving.some(s => s.service?.steadyEpoch() === config.epoch)) return `epoch ${config.epoch}: its step (adopt, rescan) is not finished`
    const behind = serving.filter(s => s.service?.config()?.epoch !== config.epoch)
    if (behind.length > 0) return `epoch ${config.epoch}: not known yet to ${behind.map(s => s.id).join(', ')}`
    return undefined
  }

  async close (): Promise<void> {
    for (const s of this.slots) if (s.service !== undefined) await s.service.stop()
  }

  private newestConfig (): GroupConfig | null {
    let newest: GroupConfig | null = null
    for (const s of this.slots) {
      const c = s.state === 'up' || s.state === 'paused' ? s.service?.config() ?? null : null
      if (c !== null && (newest === null || c.epoch > newest.epoch)) newest = c
    }
    return newest
  }

  private newSlot (): SimSlot {
    const index = this.slots.length
    const slot: SimSlot = { index, id: `peer-${index}`, state: 'down', life: 0, wipes: 0, disk: emptyDisk(), resumeWaiters: [] }
    this.slots.push(slot)
    return slot
  }

  private startSlot (slot: SimSlot, genesis: boolean): void {
    slot.life++
    const life = slot.life
    const disk = slot.disk
    const alive = (): void => { if (slot.life !== life) throw new HarnessError(`peer ${slot.id} was killed`) }
    // Everything the peer does waits while it is paused, and stops when it is killed.
    const gate = async (): Promise<void> => {
      while (slot.state === 'paused' && slot.life === life) await new Promise<void>(resolve => { slot.resumeWaiters.push(resolve) })
      alive()
    }
    disk.incarnation ??= `${slot.id}#${slot.wipes}`
    const service = new SimCoordService({
      transport: gatedTransport(this.network.createTransport(slot.id), gate),
      clock: gatedClock(this.clock, gate),
      random: seededRandom(this.options.seed * 1000 + slot.index * 31 + life),
      codec: this.codec,
      logger: this.logger,
      candidates: () => this.slots.filter(s => s !== slot && s.state === 'up').map(s => this.address(s.id))
    }, {
      genesis,
      replicas: this.groupSize,
      tickMs: TICK_MS,
      suspectMs: SUSPECT_MS,
      rpcTimeoutMs: this.options.requestTimeoutMs ?? 200,
      loaded: { incarnation: disk.incarnation, config: disk.config, slots: new Map(disk.slots) },
      // Written before the answer leaves, as with --data-dir.
      storage: {
        saveSlot: async (key, value) => { alive(); disk.slots.set(key, value) },
        saveConfig: async config => { alive(); disk.config = config }
      }
    }, this.options.rescan !== false, this.options.reapGroups !== false)
    slot.service = service
    slot.state = 'up'
    void service.start()
  }

  private stopSlot (slot: SimSlot, state: 'down' | 'left'): void {
    this.network.crash(slot.id)
    slot.life++
    slot.state = state
    release(slot)
    const service = slot.service
    slot.service = undefined
    void service?.stop()
  }

  private address (id: string): PeerAddress {
    return { peerId: id, addrs: [] }
  }

  private slotAt (index: number): SimSlot {
    const s = this.slots[index]
    if (s === undefined) throw new RangeError(`no peer ${index} (peers are 0 to ${this.slots.length - 1})`)
    return s
  }

  private slotById (id: string): SimSlot {
    const s = this.slots.find(o => o.id === id)
    if (s === undefined) throw new HarnessError(`no peer has id ${id}`)
    return s
  }
}

function emptyDisk (): Disk {
  return { incarnation: null, config: null, slots: new Map() }
}

function release (slot: SimSlot): void {
  for (const wake of slot.resumeWaiters.splice(0)) wake()
}

/** The peer's transport, with every request it sends or serves held at `gate`. */
function gatedTransport (inner: Transport, gate: () => Promise<void>): Transport {
  return {
    self: inner.self,
    request: async <Req, Res>(to: PeerAddress, codec: Codec<Req, Res>, req: Req, options?: RequestOptions): Promise<Res> => {
      await gate()
      return await inner.request(to, codec, req, options)
    },
    handle: async (codec, handler) => {
      await inner.handle(codec, async (req, ctx) => {
        await gate()
        return await handler(req, ctx)
      })
    },
    unhandle: async protocol => { await inner.unhandle(protocol) }
  }
}

/** The peer's clock: its timers fire only when it runs (a stopped process runs none). */
function gatedClock (inner: Clock, gate: () => Promise<void>): Clock {
  return {
    now: () => inner.now(),
    setTimeout: (fn: () => void, ms: number): TimerHandle => inner.setTimeout(() => { gate().then(fn, () => {}) }, ms),
    clearTimeout: handle => { inner.clearTimeout(handle) }
  }
}
