/**
 * The coordination service of one peer (`/chordkv/coord/1.0.0`): an acceptor of the ring's
 * coordination group, a proposer for the clients it serves, and the driver that changes the
 * group's membership one acceptor at a time as peers come and go (docs/coordination.md).
 *
 * One group for the whole ring. Every coordination register lives in one group of
 * `replicas` (2F + 1, default 3) acceptors. Per-key groups taken from the ring's replica sets
 * would need a safe first configuration for every key, and the ring cannot give one: during a
 * join or a crash two peers can disagree about a key's replica set, and two disjoint sets
 * would both accept epoch-1 writes. One group has one first configuration: the peer that
 * creates the ring (genesis) starts it with itself, and it grows from there by consensus.
 * The ring only proposes members (live peers it knows of); safety never depends on it.
 *
 * Reconfiguration (reconfigure()): the group's configuration is itself a register,
 * CONFIG_KEY, holding {epoch, members, prev, rescanned}. One step E → E + 1 adds or removes
 * one member:
 *   1. CAS CONFIG_KEY at epoch E to {E + 1, M', prev: M, rescanned: false} (only one successor
 *      of E can be chosen);
 *   2. adopt: every acceptor of M ∪ M' is told; the step goes on only when so many members of
 *      M have moved that no majority of M can answer at epoch E any more;
 *   3. rescan: every register is read and re-written (the identity change) at E + 1, so what
 *      was chosen in E now sits on a majority of M' (without it, replacing members one by one
 *      loses data);
 *   4. CAS CONFIG_KEY at E + 1 to rescanned: true; only then may the next step start.
 * Majorities of two configurations that differ by one member always intersect, so proposers
 * at E and E + 1 running side by side during steps 2–3 stay safe.
 */
import { randomUUID } from 'node:crypto'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { Acceptor, type AcceptorStorage } from './acceptor.ts'
import { AlreadyAppliedError, CoordError, StaleConfigError, VersionMismatchError } from './errors.ts'
import { CoordErrorCode, MAX_LIST_KEYS, MAX_WATCH_EVENTS, MAX_WATCH_WAIT_MS } from './messages.ts'
import type { CoordRequest, CoordResponse, GroupConfig, GroupMember, RegisterState } from './messages.ts'
import { EMPTY_REGISTER, Proposer, type AcceptorGroup, type ChangeFunction } from './proposer.ts'
import { entryOf, eventsAfter, putChange } from './register.ts'
import { configFrom, configJson, membersFrom, membersJson } from './storage.ts'
import type { CoordApi } from './api.ts'
import { GroupReaper } from './recipes/membership.ts'
import type { Clock, Codec, PeerAddress, Random, RequestContext, Transport } from '../transport/types.ts'

/** The register holding the group's configuration (clients cannot name it). */
export const CONFIG_KEY = '$coord/config'
/** Register keys under this prefix are the service's own. */
export const RESERVED_PREFIX = '$coord/'

export interface CoordServiceComponents {
  readonly transport: Transport
  readonly clock: Clock
  readonly random: Random
  readonly codec: Codec<CoordRequest, CoordResponse>
  readonly logger: ComponentLogger
  /** Live peers the ring knows of, nearest first: the members the group may add. */
  readonly candidates: () => readonly PeerAddress[]
}

export interface CoordServiceInit {
  /** Acceptors in the group at rest (2F + 1; default 3). */
  readonly replicas?: number
  /** This peer created the ring: start the group with itself when it has no configuration. */
  readonly genesis?: boolean
  /** Durable acceptor state (with --data-dir) and what it held at start. */
  readonly storage?: AcceptorStorage
  readonly loaded?: { incarnation: string, config: GroupConfig | null, slots: Map<string, import('./acceptor.ts').AcceptorSlot> }
  /** Period of membership checks and reconfiguration steps, ms (default 1000). */
  readonly tickMs?: number
  /** A member silent this long is replaced, ms (default 10000). */
  readonly suspectMs?: number
  /** Deadline of one request to one acceptor, ms (default 5000: a quorum answers long before). */
  readonly rpcTimeoutMs?: number
  /** Poll interval of watches, ms (default 100). */
  readonly watchPollMs?: number
}

export interface CoordServiceStats {
  clientOps: number
  reconfigurations: number
  rescannedKeys: number
  staleConfigRetries: number
}

interface ConfigRecord {
  readonly config: GroupConfig
  readonly prev: readonly GroupMember[]
  readonly rescanned: boolean
}

interface Seen {
  lastOk: number
  incarnation: string
  epoch: bigint | null
  member: boolean
}

const enc = new TextEncoder()
const dec = new TextDecoder()

export class CoordService {
  readonly acceptor: Acceptor
  readonly proposer: Proposer
  readonly stats: CoordServiceStats = { clientOps: 0, reconfigurations: 0, rescannedKeys: 0, staleConfigRetries: 0 }
  private readonly c: CoordServiceComponents
  private readonly log: Logger
  private readonly self: PeerAddress
  private readonly replicas: number
  private readonly genesis: boolean
  private readonly tickMs: number
  private readonly suspectMs: number
  private readonly rpcTimeoutMs: number
  private readonly watchPollMs: number
  /** The newest configuration seen (the acceptor's own, or one a peer named). */
  private known: GroupConfig | null
  /** Committed states this peer saw, for { stale: true } reads. */
  private readonly committed = new Map<string, RegisterState>()
  private readonly seen = new Map<string, Seen>()
  private timer: unknown = null
  private running = false
  private ticking = false
  private readonly startedAt: number
  /** Removes crashed members of membership groups (recipes/membership.ts); run by the driver. */
  private readonly reaper: GroupReaper
  private lastReap = 0
  /** The epoch whose step this peer, driving, last saw finished (rescanned); null: none. */
  private steady: bigint | null = null
  /** Keys already re-written by the rescan of `epoch`. */
  private rescanned: { epoch: bigint, keys: Set<string> } = { epoch: -1n, keys: new Set() }
  /** CoordApi over this service, for in-process recipes (the reaper). */
  readonly api: CoordApi

  constructor (components: CoordServiceComponents, init: CoordServiceInit = {}) {
    this.c = components
    this.log = components.logger.forComponent('chordkv:coord')
    this.self = components.transport.self
    this.replicas = init.replicas ?? 3
    if (!Number.isInteger(this.replicas) || this.replicas < 1 || this.replicas > 7) throw new RangeError(`coord replicas must be 1..7, got ${this.replicas}`)
    this.genesis = init.genesis ?? false
    this.tickMs = init.tickMs ?? 1000
    this.suspectMs = init.suspectMs ?? 10_000
    this.rpcTimeoutMs = init.rpcTimeoutMs ?? 5000
    this.watchPollMs = init.watchPollMs ?? 100
    this.acceptor = new Acceptor({
      self: this.self.peerId,
      ...(init.loaded !== undefined ? { incarnation: init.loaded.incarnation, config: init.loaded.config, slots: init.loaded.slots } : {}),
      ...(init.storage !== undefined ? { storage: init.storage } : {})
    })
    this.known = this.acceptor.config()
    this.proposer = new Proposer({ transport: components.transport, clock: components.clock, random: components.random, codec: components.codec, id: this.self.peerId }, { timeoutMs: this.rpcTimeoutMs })
    this.startedAt = components.clock.now()
    this.api = {
      get: async key => entryOf(await this.get(key)),
      put: async (key, value, options = {}) => await this.put(key, value, options.ifVersion ?? null, options.writeId ?? randomUUID()),
      watchNext: async (key, after, options = {}) => await this.watch(key, after, Math.min(options.waitMs ?? 10_000, MAX_WATCH_WAIT_MS))
    }
    this.reaper = new GroupReaper({ api: this.api, clock: components.clock, writerId: `reaper-${this.self.peerId.slice(-12)}` })
  }

  async start (): Promise<void> {
    await this.c.transport.handle(this.c.codec, async (req, ctx) => await this.handle(req, ctx))
    this.running = true
    this.schedule(0)
  }

  /** Creates the group with this peer alone (the peer that creates the ring). */
  async createGroup (): Promise<void> {
    if (this.acceptor.config() !== null) return
    const config: GroupConfig = { epoch: 1n, members: [{ peerId: this.self.peerId, incarnation: this.acceptor.incarnation, addrs: [...this.self.addrs] }] }
    await this.acceptor.adopt(config)
    this.learn(config)
    this.log('created the coordination group at epoch 1')
  }

  async stop (): Promise<void> {
    this.running = false
    if (this.timer !== null) this.c.clock.clearTimeout(this.timer)
    this.timer = null
    await this.c.transport.unhandle(this.c.codec.protocol).catch(() => {})
  }

  /** The newest configuration this peer knows of (null: none yet). */
  config (): GroupConfig | null {
    return this.known
  }

  /**
   * The epoch whose reconfiguration step this peer last saw complete while driving (its rescan
   * done, no step under way), or null. Equal to config().epoch on the driver of a group at rest.
   */
  steadyEpoch (): bigint | null {
    return this.steady
  }

  // ------------------------------------------------------------------ requests

  async handle (req: CoordRequest, _ctx?: RequestContext): Promise<CoordResponse> {
    switch (req.type) {
      case 'prepare':
      case 'accept':
      case 'adopt':
      case 'status':
      case 'listKeys': {
        const res = await this.acceptor.handle(req)
        if (req.type === 'adopt') this.learn(req.config)
        return res
      }
      case 'get':
        checkClientKey(req.key)
        return { type: 'entry', state: entryOf(await this.get(req.key, req.stale)) }
      case 'put': {
        checkClientKey(req.key)
        const res = await this.put(req.key, req.value, req.ifVersion, req.writeId)
        return res.ok ? { type: 'put', ok: true, version: res.version } : { type: 'put', ok: false, current: entryOf(res.current) }
      }
      case 'watch': {
        checkClientKey(req.key)
        const batch = await this.watch(req.key, req.after, Math.min(req.waitMs, MAX_WATCH_WAIT_MS))
        return { type: 'watch', events: batch.events, resync: batch.resync }
      }
    }
  }

  async get (key: string, stale = false): Promise<RegisterState> {
    this.stats.clientOps++
    if (stale) {
      const cached = this.committed.get(key)
      if (cached !== undefined) return cached
    }
    return await this.run(key, current => current)
  }

  async put (key: string, value: Uint8Array | null, ifVersion: bigint | null, writeId: string): Promise<{ ok: true, version: bigint } | { ok: false, current: RegisterState }> {
    this.stats.clientOps++
    const change = putChange(value, { writeId, ...(ifVersion !== null ? { ifVersion } : {}) })
    try {
      const state = await this.run(key, change)
      return { ok: true, version: state.version }
    } catch (err) {
      if (err instanceof AlreadyAppliedError) return { ok: true, version: err.version }
      if (err instanceof VersionMismatchError) {
        this.remember(key, err.current)
        return { ok: false, current: entryOf(err.current) }
      }
      throw err
    }
  }

  /**
   * Waits (polling linearizable reads) until `key` is past `after`, at most `waitMs`; answers
   * the versions after `after` from the register's history, or a resync when it no longer
   * reaches back that far.
   */
  async watch (key: string, after: bigint, waitMs: number): Promise<{ events: RegisterState[], resync: boolean }> {
    const deadline = this.c.clock.now() + waitMs
    for (;;) {
      const current = await this.run(key, s => s)
      if (current.version > after) return eventsAfter(current, after, MAX_WATCH_EVENTS)
      const left = deadline - this.c.clock.now()
      if (left <= 0 || !this.running) return { events: [], resync: false }
      await this.sleep(Math.min(this.watchPollMs, left))
    }
  }

  /**
   * Applies `change` to `key` in the current configuration, following newer configurations
   * named by acceptors. The change must be idempotent by writeId (register.ts).
   */
  async run (key: string, change: ChangeFunction): Promise<RegisterState> {
    let sentAccept = false
    for (let attempt = 0; attempt < 8; attempt++) {
      const config = await this.currentConfig()
      try {
        const state = await this.proposer.change(key, this.groupOf(config), change)
        this.remember(key, state)
        return state
      } catch (err) {
        if (!(err instanceof StaleConfigError)) {
          // Every member this peer knows may be gone: ask the ring for a newer configuration once.
          if (attempt === 0 && err instanceof CoordError && err.code === CoordErrorCode.Unavailable && !sentAccept) {
            await this.discover()
            if (this.known !== null && this.known.epoch > config.epoch) continue
          }
          if (sentAccept && err instanceof CoordError && err.code === CoordErrorCode.Unavailable) {
            throw new CoordError(CoordErrorCode.Indeterminate, `the change of ${JSON.stringify(key)} may or may not have been applied: ${err.message}`)
          }
          throw err
        }
        this.stats.staleConfigRetries++
        sentAccept ||= err.sentAccept
        this.learn(err.config)
      }
    }
    const code = sentAccept ? CoordErrorCode.Indeterminate : CoordErrorCode.Unavailable
    throw new CoordError(code, `the coordination group kept changing while ${JSON.stringify(key)} was being written`)
  }

  private remember (key: string, state: RegisterState): void {
    const had = this.committed.get(key)
    if (had === undefined || had.version <= state.version) this.committed.set(key, state)
  }

  /** The configuration to propose in; asks peers when this one knows none. */
  private async currentConfig (): Promise<GroupConfig> {
    if (this.known === null) await this.discover()
    if (this.known === null) throw new CoordError(CoordErrorCode.Unavailable, 'the coordination group is not known to this peer yet')
    return this.known
  }

  private learn (config: GroupConfig): void {
    if (this.known === null || config.epoch > this.known.epoch) this.known = config
  }

  /** Asks every candidate peer for its configuration; keeps the newest. */
  private async discover (): Promise<void> {
    const peers = this.c.candidates().filter(p => p.peerId !== this.self.peerId).slice(0, 16)
    await Promise.all(peers.map(async peer => {
      const status = await this.status(peer)
      if (status?.config != null) this.learn(status.config)
    }))
  }

  private async status (peer: PeerAddress): Promise<Extract<CoordResponse, { type: 'status' }> | null> {
    if (peer.peerId === this.self.peerId) return this.acceptor.status()
    try {
      const res = await this.c.transport.request(peer, this.c.codec, { type: 'status' }, { timeoutMs: this.rpcTimeoutMs })
      return res.type === 'status' ? res : null
    } catch {
      return null
    }
  }

  // ------------------------------------------------------------------ membership

  private schedule (ms: number): void {
    if (!this.running) return
    this.timer = this.c.clock.setTimeout(() => { void this.tick() }, ms)
  }

  private async tick (): Promise<void> {
    if (this.ticking || !this.running) return
    this.ticking = true
    try {
      if (this.genesis && this.acceptor.config() === null && this.known === null) await this.createGroup()
      if (this.known === null || !this.acceptor.isMember()) await this.discover()
      await this.reconfigure()
      if (this.isDriver() && this.c.clock.now() - this.lastReap >= 500) {
        this.lastReap = this.c.clock.now()
        await this.reapGroups()
      }
    } catch (err) {
      this.log('coordination tick failed: %s', (err as Error).message)
    } finally {
      this.ticking = false
      this.schedule(this.tickMs * (0.75 + this.c.random() * 0.5))
    }
  }

  /** Pings every member and candidate; records who answered, with which incarnation and epoch. */
  private async probe (peers: readonly PeerAddress[]): Promise<void> {
    const now = this.c.clock.now()
    await Promise.all(peers.map(async peer => {
      const status = await this.status(peer)
      if (status === null) return
      if (status.config !== null) this.learn(status.config)
      this.seen.set(peer.peerId, {
        lastOk: now,
        incarnation: status.incarnation,
        epoch: status.config?.epoch ?? null,
        member: status.config?.members.some(m => m.peerId === peer.peerId && m.incarnation === status.incarnation) ?? false
      })
    }))
  }

  private alive (member: GroupMember): boolean {
    const seen = this.seen.get(member.peerId)
    if (seen === undefined) return this.c.clock.now() - this.startedAt < this.suspectMs
    if (seen.incarnation !== member.incarnation) return false // restarted without its state
    return this.c.clock.now() - seen.lastOk < this.suspectMs
  }

  /** This peer drives the group: the first live member of its configuration. */
  private isDriver (): boolean {
    const config = this.acceptor.config()
    if (config === null || !this.acceptor.isMember()) return false
    return config.members.find(m => this.alive(m))?.peerId === this.self.peerId
  }

  /** Sweeps every membership group this acceptor holds (crashed members leave after ≥ TTL). */
  protected async reapGroups (): Promise<void> {
    let after = 'group/'
    for (;;) {
      const page = await this.acceptor.handle({ type: 'listKeys', epoch: 0n, after, limit: MAX_LIST_KEYS })
      if (page.type !== 'keys') return
      // Keys are sorted: the group/ keys come first after 'group/', then the page ends them.
      const groups = page.keys.filter(k => k.startsWith('group/'))
      for (const key of groups) await this.reaper.sweep(key.slice('group/'.length)).catch(() => {})
      if (!page.more || groups.length < page.keys.length) return
      after = page.keys[page.keys.length - 1]
    }
  }

  /** One step of the reconfiguration protocol (see the file comment), if one is due. */
  async reconfigure (): Promise<void> {
    const mine = this.acceptor.config()
    if (mine === null || !this.acceptor.isMember()) return
    const config = this.known !== null && this.known.epoch > mine.epoch ? this.known : mine
    const candidates = this.c.candidates().filter(p => !config.members.some(m => m.peerId === p.peerId))
    await this.probe([...config.members.filter(m => m.peerId !== this.self.peerId).map(m => this.addressOf(m)), ...candidates.slice(0, 8)])
    this.seen.set(this.self.peerId, { lastOk: this.c.clock.now(), incarnation: this.acceptor.incarnation, epoch: mine.epoch, member: true })
    // The driver: the first member (by peer id) that is alive. Others wait; CAS keeps two
    // drivers from choosing two different next configurations anyway.
    const driver = config.members.find(m => this.alive(m))
    if (driver?.peerId !== this.self.peerId) return

    const record = await this.readRecord(config)
    // Steps 2–4 of an unfinished step.
    if (!record.rescanned) {
      await this.finishStep(record)
      return
    }
    // Lagging members catch up (configurations are chosen, adopting one is always safe).
    for (const m of record.config.members) {
      const seen = this.seen.get(m.peerId)
      if (seen !== undefined && seen.incarnation === m.incarnation && (seen.epoch ?? -1n) < record.config.epoch) {
        await this.adoptAt(m, record.config)
      }
    }
    this.steady = record.config.epoch
    const next = this.nextConfig(record.config, candidates)
    if (next === null) return
    const written = await this.writeRecord(record.config, { config: next, prev: record.config.members, rescanned: false })
    if (!written) return
    this.stats.reconfigurations++
    this.log('coordination group epoch %s → %s', record.config.epoch, next.epoch)
    await this.finishStep({ config: next, prev: record.config.members, rescanned: false })
  }

  /** Steps 2–4: adopt, rescan, mark the record rescanned (the next step may then start). */
  private async finishStep (record: ConfigRecord): Promise<void> {
    if (!(await this.ensureAdopted(record))) return
    await this.rescan(record.config, record.prev)
    if (await this.writeRecord(record.config, { ...record, rescanned: true })) {
      this.steady = record.config.epoch
      this.log('coordination group at epoch %s: %s', record.config.epoch, record.config.members.map(m => m.peerId).join(', '))
    }
  }

  /** Add one live candidate while short of `replicas` live members, else drop one dead or surplus member. */
  private nextConfig (config: GroupConfig, candidates: readonly PeerAddress[]): GroupConfig | null {
    const dead = config.members.filter(m => !this.alive(m))
    const live = config.members.length - dead.length
    const epoch = config.epoch + 1n
    if (live < this.replicas) {
      for (const c of candidates) {
        const seen = this.seen.get(c.peerId)
        if (seen === undefined || this.c.clock.now() - seen.lastOk > this.tickMs * 2) continue
        const member: GroupMember = { peerId: c.peerId, incarnation: seen.incarnation, addrs: [...c.addrs] }
        return { epoch, members: [...config.members, member].sort(byPeerId) }
      }
    }
    if (dead.length > 0 && config.members.length > 1) {
      return { epoch, members: config.members.filter(m => m !== dead[0]) }
    }
    if (live > this.replicas) {
      const drop = [...config.members].reverse().find(m => m.peerId !== this.self.peerId)
      if (drop !== undefined) return { epoch, members: config.members.filter(m => m !== drop) }
    }
    return null
  }

  /** Tells every member of the step; true once no majority of the previous members can still answer at the old epoch. */
  private async ensureAdopted (record: ConfigRecord): Promise<boolean> {
    const all = new Map<string, GroupMember>()
    for (const m of [...record.prev, ...record.config.members]) all.set(m.peerId, m)
    await this.acceptor.adopt(record.config)
    this.learn(record.config)
    let moved = 0
    await Promise.all([...all.values()].map(async m => {
      const ok = await this.adoptAt(m, record.config)
      if (ok && record.prev.some(p => p.peerId === m.peerId)) moved++
    }))
    const n = record.prev.length
    const needed = n - (Math.floor(n / 2) + 1) + 1
    return moved >= needed
  }

  private async adoptAt (member: GroupMember, config: GroupConfig): Promise<boolean> {
    if (member.peerId === this.self.peerId) {
      const s = await this.acceptor.adopt(config)
      return (s.config?.epoch ?? -1n) >= config.epoch
    }
    try {
      const res = await this.c.transport.request(this.addressOf(member), this.c.codec, { type: 'adopt', config }, { timeoutMs: this.rpcTimeoutMs })
      return res.type === 'status' && (res.config?.epoch ?? -1n) >= config.epoch
    } catch {
      return false
    }
  }

  /**
   * Re-writes every register (the identity change) in `config`: the rescan. Keys are listed
   * from the members of both configurations; every value chosen before sits on a majority of
   * `prev`, so the listing must have reached enough of `prev` to meet every such majority.
   */
  protected async rescan (config: GroupConfig, prev: readonly GroupMember[]): Promise<void> {
    const keys = new Set<string>()
    const sources = new Map<string, GroupMember>()
    for (const m of [...prev, ...config.members]) sources.set(m.peerId, m)
    let listedPrev = 0
    await Promise.all([...sources.values()].map(async m => {
      let after = ''
      for (let page = 0; page < 10_000; page++) {
        let res: CoordResponse
        try {
          res = m.peerId === this.self.peerId
            ? await this.acceptor.handle({ type: 'listKeys', epoch: config.epoch, after, limit: MAX_LIST_KEYS })
            : await this.c.transport.request(this.addressOf(m), this.c.codec, { type: 'listKeys', epoch: config.epoch, after, limit: MAX_LIST_KEYS }, { timeoutMs: this.rpcTimeoutMs * 2 })
        } catch {
          return
        }
        if (res.type !== 'keys') return
        for (const k of res.keys) keys.add(k)
        if (!res.more || res.keys.length === 0) {
          if (prev.some(p => p.peerId === m.peerId)) listedPrev++
          return
        }
        after = res.keys[res.keys.length - 1]
      }
    }))
    const needed = prev.length - (Math.floor(prev.length / 2) + 1) + 1
    if (listedPrev < needed) throw new CoordError(CoordErrorCode.Unavailable, `rescan listed ${listedPrev} of the ${prev.length} previous members, needs ${needed}`)
    keys.delete(CONFIG_KEY)
    // Progress survives a failed tick: a key re-written at this epoch stays done (no proposer
    // can write at the old epoch any more, see ensureAdopted).
    if (this.rescanned.epoch !== config.epoch) this.rescanned = { epoch: config.epoch, keys: new Set() }
    const done = this.rescanned.keys
    for (const key of [...keys].sort()) {
      if (done.has(key)) continue
      for (let attempt = 0; ; attempt++) {
        try {
          await this.proposer.change(key, this.groupOf(config), s => s)
          break
        } catch (err) {
          if (err instanceof StaleConfigError || attempt >= 4 || !this.running) throw err
          await this.sleep(50 * 2 ** attempt * (0.5 + this.c.random()))
        }
      }
      done.add(key)
      this.stats.rescannedKeys++
    }
  }

  private async readRecord (config: GroupConfig): Promise<ConfigRecord> {
    const state = await this.run(CONFIG_KEY, s => s)
    return recordFrom(state, config)
  }

  /** CAS of the configuration register, proposed at `at`; false when another driver got there first. */
  private async writeRecord (at: GroupConfig, record: ConfigRecord): Promise<boolean> {
    const value = enc.encode(JSON.stringify({ c: configJson(record.config), p: membersJson(record.prev), r: record.rescanned }))
    const writeId = `config-${record.config.epoch}-${record.rescanned ? 'r' : 'c'}-${randomUUID()}`
    try {
      await this.proposer.change(CONFIG_KEY, this.groupOf(at), current => {
        const now = recordFrom(current, at)
        // Only from the exact record the step was planned on.
        const planned = record.rescanned
          ? now.config.epoch === record.config.epoch && !now.rescanned // finishing this step
          : now.config.epoch === record.config.epoch - 1n && now.rescanned // starting the next one
        if (!planned) {
          throw new CoordError(CoordErrorCode.VersionMismatch, 'the configuration record moved')
        }
        return { value, version: current.version + 1n, writeId }
      })
      return true
    } catch (err) {
      if (err instanceof CoordError && err.code === CoordErrorCode.VersionMismatch) return false
      throw err
    }
  }

  /**
   * The acceptors of `config`, dialled at their current addresses: this peer's own, the ring's
   * for peers it knows (a restarted peer listens elsewhere), else those the configuration noted.
   */
  private groupOf (config: GroupConfig): AcceptorGroup {
    const fresh = new Map(this.c.candidates().map(p => [p.peerId, p.addrs]))
    return { epoch: config.epoch, acceptors: config.members.map(m => this.addressOf(m, fresh)) }
  }

  private addressOf (member: { peerId: string, addrs: readonly string[] }, fresh = new Map(this.c.candidates().map(p => [p.peerId, p.addrs]))): PeerAddress {
    if (member.peerId === this.self.peerId) return this.self
    return { peerId: member.peerId, addrs: [...new Set([...(fresh.get(member.peerId) ?? []), ...member.addrs])] }
  }

  private async sleep (ms: number): Promise<void> {
    await new Promise<void>(resolve => this.c.clock.setTimeout(resolve, ms))
  }
}


function byPeerId (a: GroupMember, b: GroupMember): number {
  return a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0
}

/** The record in the configuration register; the never-written register is `config` itself, finished. */
function recordFrom (state: RegisterState, fallback: GroupConfig): ConfigRecord {
  if (state === EMPTY_REGISTER || state.value === null) return { config: fallback, prev: [], rescanned: true }
  const j = JSON.parse(dec.decode(state.value)) as { c: Record<string, unknown>, p: Array<Record<string, unknown>>, r: boolean }
  return { config: configFrom(j.c), prev: membersFrom(j.p), rescanned: j.r }
}

function checkClientKey (key: string): void {
  if (key.startsWith(RESERVED_PREFIX)) throw new CoordError(CoordErrorCode.BadRequest, `keys starting with ${RESERVED_PREFIX} are reserved`)
}
