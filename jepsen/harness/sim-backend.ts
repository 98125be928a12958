/**
 * The simulator backend: peers are real CASPaxos Acceptors (node/coord/acceptor.ts) on the
 * simulated network (node/transport/sim.ts, every message through the coord codec), logical
 * clients are real Proposers behind LocalCoordApi, and time is virtual — so a 60 s run takes a
 * few seconds of wall time and every run is reproducible from its seed.
 *
 * Faults, modelled on what the process backend does to OS processes:
 *   - kill -9: the peer's transport goes down; its acceptor object (memory) is dropped. Its
 *     "disk" keeps every slot the acceptor persisted before answering, as --data-dir would.
 *   - restart with data: a new Acceptor loaded from the disk, same identity.
 *   - restart empty: disk wiped and a NEW identity (`peer-3~2`): a peer whose acceptor state is
 *     gone must not vote as the acceptor it was (that would forget promises), so it comes back
 *     as a stranger and the group replaces the old member with it (below).
 *   - pause (SIGSTOP): requests to the peer wait, unanswered, until resume (SIGCONT); the
 *     clients' deadlines run out meanwhile, exactly as with a stopped process.
 *   - join / graceful leave: a leaving group member is replaced before it goes.
 *
 * The coordination group: `groupSize` (3) of the peers. Changing it is this harness's own
 * model of CASPaxos membership change (Rystsov 2018, §3), one acceptor at a time, so W6 can run
 * before the daemon's reconfiguration exists:
 *   1. expand: members ∪ {new} (majority quorums of 2F+2 intersect those of 2F+1);
 *   2. drain: wait until no operation that started under an older configuration is in flight
 *      ("every proposer uses the new configuration");
 *   3. rescan: an identity change (a linearizable read) of every key ever used, so each key's
 *      latest value sits on a quorum of the expanded group;
 *   4. shrink: members ∖ {old}, drain again.
 * `skipRescan: true` leaves step 3 out — the known way to lose data by replacing acceptors one
 * by one (DESIGN.md §5), which the tests use to show the W6 check catches data loss.
 */
import { Acceptor } from '../../node/coord/acceptor.ts'
import type { AcceptorSlot } from '../../node/coord/acceptor.ts'
import type { CoordApi, CoordEntry, CoordGetOptions, CoordPutOptions, CoordWatchOptions, PutResult, WatchBatch } from '../../node/coord/api.ts'
import { LocalCoordApi } from '../../node/coord/local-api.ts'
import { Proposer } from '../../node/coord/proposer.ts'
import type { AcceptorGroup } from '../../node/coord/proposer.ts'
import { readRegister } from '../../node/coord/register.ts'
import { coordCodec } from '../../node/protocol/coord-codec.ts'
import { seededRandom } from '../../node/transport/clock.ts'
import { SimNetwork, VirtualClock } from '../../node/transport/sim.ts'
import type { SimTransport } from '../../node/transport/sim.ts'
import type { PeerAddress } from '../../node/transport/types.ts'
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
  /** Deadline of one proposer request to one acceptor, ms (default 200). */
  readonly requestTimeoutMs?: number
  /** Session/lease TTL the nemesis scales pauses by, ms (default 1000). */
  readonly ttlMs?: number
  /**
   * Proposer rounds of a client's WRITE before giving up on conflicts (default: the Proposer's
   * own, 30). 1 = a write whose round conflicted is reported, never retried (Indeterminate once
   * an accept went out): what the Proposer must do until a retry can recognise its own earlier
   * write (see jepsen/README.md, "What it found"). Reads keep the default retries.
   */
  readonly proposerMaxAttempts?: number
  /** Leave out the rescan step of reconfiguration (unsafe on purpose; tests only). */
  readonly skipRescan?: boolean
}

type SlotState = 'up' | 'paused' | 'down' | 'left'

interface SimSlot {
  readonly index: number
  /** Transport id; changes when the peer restarts empty. */
  id: string
  /** Every id this slot has had. */
  readonly ids: string[]
  incarnation: number
  state: SlotState
  /** Bumped at every kill and start: work of an earlier life must not touch the disk. */
  life: number
  disk: Map<string, AcceptorSlot>
  transport?: SimTransport
  resumeWaiters: Array<() => void>
}

interface GroupConfig {
  readonly generation: number
  readonly members: readonly string[]
}

const DRAIN_POLL_MS = 5
/** A watch polls with a linearizable read this often (LocalCoordApi's 50 ms starves writers of one key). */
const WATCH_POLL_MS = 250
const DRAIN_MAX_MS = 120_000
const RESCAN_ATTEMPTS = 200

export class SimBackend implements Backend {
  readonly kind = 'sim' as const
  readonly clock: VirtualClock
  readonly network: SimNetwork
  readonly faults: readonly FaultKind[] = ['kill-restart', 'kill-restart-empty', 'pause', 'churn']
  readonly ttlMs: number
  private readonly options: SimBackendOptions
  private readonly random: () => number
  private readonly codec = coordCodec()
  private readonly slots: SimSlot[] = []
  private config: GroupConfig
  private readonly inflight = new Map<number, number>()
  private readonly keys = new Set<string>()
  private reconfiguring: Promise<void> = Promise.resolve()
  private pendingReconfigs = 0
  private readonly managerProposer: Proposer
  /** Reconfigurations done, for reports and tests. */
  readonly reconfigurations: Array<{ removed: string, added: string, at: number }> = []

  constructor (options: SimBackendOptions) {
    this.options = options
    this.clock = new VirtualClock()
    this.random = seededRandom(options.seed)
    const [lo, hi] = options.latencyMs ?? [1, 10]
    this.network = new SimNetwork({ clock: this.clock, random: this.random, encode: true, latencyMs: () => lo + this.random() * (hi - lo) })
    this.ttlMs = options.ttlMs ?? 1000
    const peers = options.peers ?? 5
    const groupSize = options.groupSize ?? 3
    if (!Number.isInteger(peers) || peers < 1) throw new RangeError(`peers must be a positive integer, got ${peers}`)
    if (!Number.isInteger(groupSize) || groupSize < 1 || groupSize > peers) throw new RangeError(`the group needs 1 to ${peers} members, got ${groupSize}`)
    for (let i = 0; i < peers; i++) this.startSlot(this.newSlot())
    this.config = { generation: 0, members: this.slots.slice(0, groupSize).map(s => s.id) }
    // The rescan only reads (identity changes): retrying its conflicts is always safe.
    this.managerProposer = this.newProposer('harness-reconfig', {})
  }

  describe (): string {
    return `sim: ${this.slots.length} peers, group of ${this.config.members.length} (${this.config.members.join(', ')}), restart-empty = new identity${this.options.skipRescan === true ? ', reconfiguration WITHOUT rescan' : ''}`
  }

  async drive<T> (work: Promise<T>, maxMs: number): Promise<T> {
    return await this.clock.settle(work, maxMs)
  }

  async client (name: string): Promise<HarnessClient> {
    let writes = 0
    const newWriteId = (): string => `${name}-auto-${++writes}`
    const writer = new LocalCoordApi({ proposer: this.newProposer(`client-${name}`), group: () => this.group(), clock: this.clock, newWriteId, watchPollMs: WATCH_POLL_MS })
    // Reads (identity changes) are always safe to retry: they use the Proposer's own retries
    // even when `proposerMaxAttempts` limits the writes'.
    const reader = this.options.proposerMaxAttempts === undefined
      ? writer
      : new LocalCoordApi({ proposer: this.newProposer(`client-${name}-reads`, {}), group: () => this.group(), clock: this.clock, newWriteId, watchPollMs: WATCH_POLL_MS })
    const api = this.tracked({
      get: async (key, options) => await reader.get(key, options),
      put: async (key, value, options) => await writer.put(key, value, options),
      watchNext: async (key, after, options) => await reader.watchNext(key, after, options)
    })
    return { api, registers: api, reset: async () => {}, close: async () => {} }
  }

  liveSlots (): number[] {
    return this.slots.filter(s => s.state === 'up' || s.state === 'paused').map(s => s.index)
  }

  servingSlots (): number[] {
    return this.slots.filter(s => s.state === 'up').map(s => s.index)
  }

  async groupSlots (): Promise<number[]> {
    return this.config.members.map(id => this.slotById(id).index)
  }

  async kill (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'up' && s.state !== 'paused') throw new HarnessError(`cannot kill peer ${slot}: it is ${s.state}`)
    this.network.crash(s.id)
    s.life++
    s.state = 'down'
    this.release(s)
  }

  async restart (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'down') throw new HarnessError(`cannot restart peer ${slot}: it is ${s.state}`)
    this.startSlot(s)
  }

  async restartEmpty (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'down') throw new HarnessError(`cannot restart peer ${slot} empty: it is ${s.state}`)
    const oldId = s.id
    s.disk = new Map()
    s.incarnation++
    s.id = `peer-${s.index}~${s.incarnation}`
    s.ids.push(s.id)
    this.startSlot(s)
    if (this.config.members.includes(oldId)) await this.replaceMember(oldId, s.id)
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
    this.release(s)
  }

  async join (): Promise<number> {
    const s = this.newSlot()
    this.startSlot(s)
    return s.index
  }

  async leave (slot: number): Promise<void> {
    const s = this.slotAt(slot)
    if (s.state !== 'up') throw new HarnessError(`cannot leave with peer ${slot}: it is ${s.state}`)
    if (this.config.members.includes(s.id)) {
      // The newest serving non-member takes the seat (in a rolling replacement: the peer that just joined).
      const spare = [...this.slots].reverse().find(o => o.state === 'up' && !this.config.members.includes(o.id))
      if (spare === undefined) throw new HarnessError(`peer ${slot} holds a group seat and no serving peer can take it`)
      await this.replaceMember(s.id, spare.id)
    }
    this.network.crash(s.id)
    s.life++
    s.state = 'left'
  }

  async settle (timeoutMs: number): Promise<boolean> {
    const deadline = this.clock.now() + timeoutMs
    while (this.pendingReconfigs > 0) {
      if (this.clock.now() >= deadline) return false
      await this.sleep(DRAIN_POLL_MS)
    }
    return true
  }

  async close (): Promise<void> {}

  /** The current group, as clients use it. */
  group (): AcceptorGroup {
    return { epoch: 0n, acceptors: this.config.members.map(id => this.address(id)) }
  }

  /**
   * Replaces group member `oldId` by `newId`: expand, drain, rescan, shrink, drain (see the
   * module comment). Reconfigurations run one at a time.
   */
  replaceMember (oldId: string, newId: string): Promise<void> {
    this.pendingReconfigs++
    const run = this.reconfiguring.then(async () => {
      if (!this.config.members.includes(oldId)) throw new HarnessError(`${oldId} is not a group member`)
      if (this.config.members.includes(newId)) throw new HarnessError(`${newId} is a group member already`)
      this.setMembers([...this.config.members, newId])
      await this.drain()
      if (this.options.skipRescan !== true) await this.rescan()
      this.setMembers(this.config.members.filter(id => id !== oldId))
      await this.drain()
      this.reconfigurations.push({ removed: oldId, added: newId, at: this.clock.now() })
    }).finally(() => { this.pendingReconfigs-- })
    this.reconfiguring = run.catch(() => {})
    return run
  }

  private setMembers (members: string[]): void {
    this.config = { generation: this.config.generation + 1, members }
  }

  private async drain (): Promise<void> {
    const deadline = this.clock.now() + DRAIN_MAX_MS
    const current = this.config.generation
    const older = (): boolean => [...this.inflight].some(([gen, n]) => gen < current && n > 0)
    while (older()) {
      if (this.clock.now() >= deadline) throw new HarnessError(`operations of an older group configuration still in flight after ${DRAIN_MAX_MS} ms`)
      await this.sleep(DRAIN_POLL_MS)
    }
  }

  /** A linearizable read of every key ever used, under the current (expanded) group. */
  private async rescan (): Promise<void> {
    for (const key of [...this.keys].sort()) {
      for (let attempt = 1; ; attempt++) {
        try {
          await readRegister(this.managerProposer, key, this.group())
          break
        } catch (err) {
          if (attempt >= RESCAN_ATTEMPTS) throw new HarnessError(`rescan of ${JSON.stringify(key)} failed ${attempt} times: ${(err as Error).message}`)
          await this.sleep(20 + this.random() * 200)
        }
      }
    }
  }

  /** A CoordApi that counts its operations in flight per group generation (for the drain). */
  private tracked (inner: CoordApi): CoordApi {
    const track = async <T>(key: string, op: () => Promise<T>): Promise<T> => {
      this.keys.add(key)
      const gen = this.config.generation
      this.inflight.set(gen, (this.inflight.get(gen) ?? 0) + 1)
      try {
        // LocalCoordApi reads group() synchronously inside op(): same generation as counted.
        return await op()
      } finally {
        this.inflight.set(gen, (this.inflight.get(gen) ?? 1) - 1)
      }
    }
    return {
      get: async (key: string, options?: CoordGetOptions): Promise<CoordEntry> => await track(key, async () => await inner.get(key, options)),
      put: async (key: string, value: Uint8Array | null, options?: CoordPutOptions): Promise<PutResult> => await track(key, async () => await inner.put(key, value, options)),
      watchNext: async (key: string, after: bigint, options?: CoordWatchOptions): Promise<WatchBatch> => await track(key, async () => await inner.watchNext(key, after, options))
    }
  }

  private newSlot (): SimSlot {
    const index = this.slots.length
    const slot: SimSlot = { index, id: `peer-${index}`, ids: [`peer-${index}`], incarnation: 0, state: 'down', life: 0, disk: new Map(), resumeWaiters: [] }
    this.slots.push(slot)
    return slot
  }

  private startSlot (slot: SimSlot): void {
    slot.life++
    const life = slot.life
    const disk = slot.disk
    const acceptor = new Acceptor({
      slots: disk,
      // Written before the answer leaves (the acceptor awaits persist), as with --data-dir.
      persist: (key, value) => {
        if (slot.life !== life) throw new HarnessError('a killed acceptor cannot write')
        disk.set(key, value)
      }
    })
    const transport = this.network.createTransport(slot.id)
    void transport.handle(this.codec, async req => {
      while (slot.state === 'paused' && slot.life === life) await new Promise<void>(resolve => { slot.resumeWaiters.push(resolve) })
      if (slot.life !== life) throw new HarnessError('the peer was killed')
      return await acceptor.handle(req)
    })
    slot.transport = transport
    slot.state = 'up'
  }

  private release (slot: SimSlot): void {
    const waiters = slot.resumeWaiters.splice(0)
    for (const wake of waiters) wake()
  }

  private newProposer (id: string, init: { maxAttempts?: number } = this.options.proposerMaxAttempts === undefined ? {} : { maxAttempts: this.options.proposerMaxAttempts }): Proposer {
    return new Proposer({ transport: this.network.createTransport(id), clock: this.clock, random: this.random, codec: this.codec, id }, {
      timeoutMs: this.options.requestTimeoutMs ?? 200,
      ...init
    })
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
    const s = this.slots.find(o => o.ids.includes(id))
    if (s === undefined) throw new HarnessError(`no peer has id ${id}`)
    return s
  }

  private async sleep (ms: number): Promise<void> {
    await new Promise<void>(resolve => this.clock.setTimeout(resolve, ms))
  }
}
