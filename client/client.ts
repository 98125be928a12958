/**
 * The KV client behind `connect()` (client/index.ts): a ring view, and every operation sent
 * straight to the peer hosting its key's primary (DESIGN.md §6).
 *
 * Routing. Ops go to the first live peer of the key's replica set in the current view,
 * primary first. A peer that is not the primary forwards the op and names the real owner in
 * its answer; when that owner is not the peer asked, the view is stale and a new one is
 * fetched in the background. A WrongOwner or NotMember error means nothing was applied: the
 * client refetches the view and tries again. Fetches are shared and rate-limited
 * (minRefreshIntervalMs), so a burst of stale answers costs one fetch.
 *
 * Failures. A peer that does not answer (dial refused, deadline passed) is marked suspect and
 * tried last for SUSPECT_MS.
 * - Reads (get, gets, gat, multi-get) are idempotent: they move on to the next replica, which
 *   answers from its own copy. Its hit is taken; its miss is not, alone (see read()).
 * - Writes are retried on another peer only when they were certainly not sent: the client
 *   dials the target before sending, and only a failed dial moves the write elsewhere. A
 *   write that was sent and then timed out, lost its connection, or reached fewer than W
 *   copies is reported as OutcomeUnknownError and never retried (a second append or incr
 *   would apply twice).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import type { GetHit, KvOpName, KvRequest, KvResponse, ViewVnode } from '../node/kv/messages.ts'
import { KvErrorCode, MAX_FORWARD_HOPS } from '../node/kv/messages.ts'
import type { Codec, PeerAddress } from '../node/transport/types.ts'
import { hashToId } from '../ring/id.ts'
import type { RingView } from '../ring/view.ts'
import { MAX_VIEW_SOURCES, SUSPECT_MS, VIEW_TIMEOUT_FACTOR } from './constants.ts'
import {
  BadKeyError, ClientClosedError, NonNumericError, OutcomeUnknownError, ProtocolError, ServerError,
  TimeoutError, TooLargeError, UnavailableError
} from './errors.ts'
import { Routing } from './routing.ts'
import { randomUUID } from 'node:crypto'
import { ClientCoord, RemoteCoordApi } from './coord.ts'
import { systemClock } from '../node/transport/clock.ts'
import { ensureConnected, type ClientTransport } from './transport.ts'
import type { CasOutcome, Client, ClientStats, Item, StoreOptions, Value } from './types.ts'
import { checkCas, checkDelta, checkFlags, checkKey, checkKeys, chunks, preview, ttlToExptime, valueBytes } from './validate.ts'

export interface ClientComponents {
  readonly transport: ClientTransport
  readonly codec: Codec<KvRequest, KvResponse>
  readonly logger: ComponentLogger
  /** Uniform in [0, 1): which peers of the view are asked for a new view. Default Math.random. */
  readonly random?: () => number
  /** Coordination API (default: a RemoteCoordApi over this client's transport and ring view). */
  readonly coord?: ClientCoord
}

export interface ClientInit {
  readonly bootstrap: readonly string[]
  readonly timeoutMs: number
  readonly retries: number
  readonly m: number
  readonly minRefreshIntervalMs: number
}

type Mutated = Extract<KvResponse, { type: 'mutated' }>
type MutateFields = Omit<Extract<KvRequest, { type: 'mutate' }>, 'type' | 'op' | 'key' | 'hops'>

/** Remote codes that mean the op was refused before anything was applied, sent back as these errors. */
const REFUSALS: Readonly<Record<string, new (message: string) => Error>> = {
  [KvErrorCode.BadKey]: BadKeyError,
  [KvErrorCode.TooLarge]: TooLargeError,
  [KvErrorCode.NonNumeric]: NonNumericError
}

/** Connects: fetches a first ring view through the bootstrap addresses, tried in turn. */
export async function openClient (components: ClientComponents, init: ClientInit): Promise<KvClient> {
  let client: KvClient
  try {
    client = new KvClient(components, init)
  } catch (err) {
    await components.transport.stop()
    throw err
  }
  try {
    await client.refreshRing()
  } catch (err) {
    await client.close()
    throw err
  }
  return client
}

export class KvClient implements Client {
  readonly coord: ClientCoord
  private readonly transport: ClientTransport
  private readonly codec: Codec<KvRequest, KvResponse>
  private readonly log: Logger
  private readonly random: () => number
  private readonly bootstrap: readonly string[]
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly m: number
  private readonly minRefreshIntervalMs: number
  private readonly closer = new AbortController()
  private readonly counters: ClientStats = { requests: 0, redirects: 0, viewRefreshes: 0, retries: 0, fallbackReads: 0 }
  /** Peers that failed to answer, with when (performance.now() ms). */
  private readonly suspects = new Map<string, number>()
  private routing: Routing | undefined
  private refreshing: Promise<boolean> | undefined
  private lastRefreshAt = -Infinity
  private closed = false

  constructor (components: ClientComponents, init: ClientInit) {
    this.transport = components.transport
    this.codec = components.codec
    this.log = components.logger.forComponent('chordkv:client')
    this.random = components.random ?? Math.random
    this.coord = components.coord ?? new ClientCoord({
      api: new RemoteCoordApi({ transport: components.transport, timeoutMs: init.timeoutMs, peers: () => ringPeers(this) }),
      clock: systemClock,
      clientId: `client-${randomUUID()}`
    })
    if (init.bootstrap.length === 0) throw new RangeError('bootstrap must list at least one multiaddr')
    if (!(init.timeoutMs > 0) || !Number.isFinite(init.timeoutMs)) throw new RangeError(`timeoutMs must be a positive number, got ${init.timeoutMs}`)
    if (!Number.isInteger(init.retries) || init.retries < 0) throw new RangeError(`retries must be an integer >= 0, got ${init.retries}`)
    if (!(init.minRefreshIntervalMs >= 0)) throw new RangeError(`minRefreshIntervalMs must be >= 0, got ${init.minRefreshIntervalMs}`)
    this.bootstrap = [...init.bootstrap]
    this.timeoutMs = init.timeoutMs
    this.retries = init.retries
    this.m = init.m
    this.minRefreshIntervalMs = init.minRefreshIntervalMs
  }

  // ---- reads ----

  async get (key: string): Promise<Uint8Array | undefined> {
    return (await this.readOne(key, undefined))?.value
  }

  async getString (key: string): Promise<string | undefined> {
    const value = await this.get(key)
    return value === undefined ? undefined : new TextDecoder().decode(value)
  }

  async gets (key: string): Promise<Item | undefined> {
    return await this.readOne(key, undefined)
  }

  async gat (key: string, ttl: number): Promise<Uint8Array | undefined> {
    return (await this.readOne(key, ttlToExptime(ttl)))?.value
  }

  async gats (key: string, ttl: number): Promise<Item | undefined> {
    return await this.readOne(key, ttlToExptime(ttl))
  }

  private async readOne (key: string, touchExptime: number | undefined): Promise<Item | undefined> {
    checkKey(key)
    const req: KvRequest = touchExptime === undefined
      ? { type: 'get', keys: [key], hops: 0 }
      : { type: 'get', keys: [key], touchExptime, hops: 0 }
    return await this.read<Item>(key, req, res => {
      const hit = valuesOf(res).find(h => h.key === key)
      return hit === undefined ? undefined : itemOf(hit)
    })
  }

  async getMany (keys: Iterable<string>): Promise<Map<string, Item>> {
    const wanted = checkKeys(keys)
    this.checkOpen()
    const found = new Map<string, Item>()
    /** Peers that failed in this op: not asked again for any key. */
    const failed = new Set<string>()
    /** Per key, the replicas whose own copy missed it (see read()). */
    const missedBy = new Map<string, Set<string>>()
    let pending = wanted
    let last: Error | undefined
    let timedOut = false
    for (let attempt = 0; attempt <= this.retries && pending.length > 0; attempt++) {
      if (attempt > 0) this.counters.retries++
      // Keys by the peer to ask, and whether it is their primary or a fallback replica.
      const groups = new Map<string, { target: PeerAddress, fallback: boolean, keys: string[] }>()
      const unroutable: string[] = []
      for (const key of pending) {
        const keyId = keyIdOf(key, this.m)
        const missed = missedBy.get(key)
        const target = this.liveCandidates(keyId, p => failed.has(p) || missed?.has(p) === true)[0]
        if (target === undefined) {
          unroutable.push(key)
          continue
        }
        const fallback = !this.isPrimary(target, keyId)
        const groupKey = `${target.peerId} ${fallback}`
        let group = groups.get(groupKey)
        if (group === undefined) groups.set(groupKey, group = { target, fallback, keys: [] })
        group.keys.push(key)
      }
      if (groups.size === 0) {
        if (!await this.refreshQuietly()) break
        continue
      }
      let redirected = false
      /** Reads `chunk` from `target`; resolves with the keys still to read. */
      const readChunk = async (target: PeerAddress, fallback: boolean, chunk: string[]): Promise<string[]> => {
        let res: KvResponse
        try {
          const req: KvRequest = { type: 'get', keys: chunk, hops: 0 }
          res = await this.send(target, fallback ? ownCopyOnly(req) : req)
        } catch (err) {
          if (this.closed) throw new ClientClosedError('the client was closed', { cause: err })
          // The values would not fit one answer (8 MiB): ask for each half. One key always fits.
          if (isAnswerTooLarge(err) && chunk.length > 1) {
            const half = Math.ceil(chunk.length / 2)
            return (await Promise.all([readChunk(target, fallback, chunk.slice(0, half)), readChunk(target, fallback, chunk.slice(half))])).flat()
          }
          if (isRedirect(err)) {
            redirected = true
          } else if (isPeerFailure(err)) {
            timedOut ||= isTimeout(err)
            failed.add(target.peerId)
            this.peerFailed(target.peerId, err)
          } else {
            throw readFailure(err)
          }
          last = err as Error
          return chunk
        }
        this.answered(target, res)
        const asked = new Set(chunk)
        for (const hit of valuesOf(res)) {
          if (!asked.has(hit.key)) continue
          found.set(hit.key, itemOf(hit))
          if (fallback) this.counters.fallbackReads++
        }
        if (!fallback) return []
        // Misses of a replica's own copy settle a key only once a majority of copies missed it.
        return chunk.filter(key => {
          if (found.has(key)) return false
          let missed = missedBy.get(key)
          if (missed === undefined) missedBy.set(key, missed = new Set())
          missed.add(target.peerId)
          return missed.size < this.missesToConclude()
        })
      }
      const leftOver = await Promise.all([...groups.values()].flatMap(({ target, fallback, keys: groupKeys }) =>
        chunks(groupKeys).map(async chunk => await readChunk(target, fallback, chunk))))
      pending = [...leftOver.flat(), ...unroutable]
      if (redirected) await this.refreshQuietly()
    }
    if (pending.length > 0) throw this.unreadable(`${pending.length} of ${wanted.length} keys`, timedOut, last)
    // In the order asked, whatever order the answers came in.
    return new Map(wanted.filter(k => found.has(k)).map(k => [k, found.get(k) as Item]))
  }

  // ---- writes ----

  async set (key: string, value: Value, options: StoreOptions = {}): Promise<void> {
    const res = await this.mutate('set', key, this.storeFields(key, value, options))
    expectStatus(res, 'set', ['STORED'])
  }

  async add (key: string, value: Value, options: StoreOptions = {}): Promise<boolean> {
    const res = await this.mutate('add', key, this.storeFields(key, value, options))
    return expectStatus(res, 'add', ['STORED', 'NOT_STORED']) === 'STORED'
  }

  async replace (key: string, value: Value, options: StoreOptions = {}): Promise<boolean> {
    const res = await this.mutate('replace', key, this.storeFields(key, value, options))
    return expectStatus(res, 'replace', ['STORED', 'NOT_STORED']) === 'STORED'
  }

  async append (key: string, value: Value): Promise<boolean> {
    const res = await this.mutate('append', key, { value: valueBytes(value, key) })
    return expectStatus(res, 'append', ['STORED', 'NOT_STORED']) === 'STORED'
  }

  async prepend (key: string, value: Value): Promise<boolean> {
    const res = await this.mutate('prepend', key, { value: valueBytes(value, key) })
    return expectStatus(res, 'prepend', ['STORED', 'NOT_STORED']) === 'STORED'
  }

  async cas (key: string, value: Value, cas: bigint, options: StoreOptions = {}): Promise<CasOutcome> {
    const fields = { ...this.storeFields(key, value, options), cas: checkCas(cas) }
    const res = await this.mutate('cas', key, fields)
    const status = expectStatus(res, 'cas', ['STORED', 'EXISTS', 'NOT_FOUND'])
    return status === 'STORED' ? 'stored' : status === 'EXISTS' ? 'exists' : 'not_found'
  }

  async delete (key: string): Promise<boolean> {
    const res = await this.mutate('delete', key, {})
    return expectStatus(res, 'delete', ['DELETED', 'NOT_FOUND']) === 'DELETED'
  }

  async incr (key: string, delta: bigint | number = 1n): Promise<bigint | undefined> {
    return await this.arithmetic('incr', key, delta)
  }

  async decr (key: string, delta: bigint | number = 1n): Promise<bigint | undefined> {
    return await this.arithmetic('decr', key, delta)
  }

  private async arithmetic (op: 'incr' | 'decr', key: string, delta: bigint | number): Promise<bigint | undefined> {
    const res = await this.mutate(op, key, { delta: checkDelta(delta) })
    if (res.status === 'NOT_FOUND') return undefined
    if (res.value === undefined) throw new ProtocolError('BadResponse', `${op} of ${preview(key)} was answered ${res.status} without a value`)
    return res.value
  }

  async touch (key: string, ttl: number): Promise<boolean> {
    const res = await this.mutate('touch', key, { exptime: ttlToExptime(ttl) })
    return expectStatus(res, 'touch', ['TOUCHED', 'NOT_FOUND']) === 'TOUCHED'
  }

  private storeFields (key: string, value: Value, options: StoreOptions): MutateFields {
    return { value: valueBytes(value, key), flags: checkFlags(options.flags), exptime: ttlToExptime(options.ttl) }
  }

  private async mutate (op: KvOpName, key: string, fields: MutateFields): Promise<Mutated> {
    checkKey(key)
    const req: KvRequest = { type: 'mutate', op, key, ...fields, hops: 0 }
    return await this.write(key, req, res => {
      if (res.type !== 'mutated') throw new ProtocolError('BadResponse', `a ${op} was answered with a ${res.type} message`)
      return res
    })
  }

  // ---- the ring view ----

  ring (): RingView<ViewVnode> {
    if (this.routing === undefined) throw new ClientClosedError('the client has no ring view (it is closed)')
    return this.routing.view
  }

  async refreshRing (): Promise<RingView<ViewVnode>> {
    this.checkOpen()
    await this.refresh()
    return this.ring()
  }

  stats (): ClientStats {
    return { ...this.counters }
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.closer.abort(new ClientClosedError('the client is closed'))
    await this.transport.stop()
  }

  /**
   * Test hook: route by this ringView answer from now on (e.g. a deliberately stale one).
   * Returns whether the view changed.
   */
  adoptView (answer: Extract<KvResponse, { type: 'ringView' }>): boolean {
    return this.adopt(Routing.from(answer, this.m))
  }

  /**
   * Fetches a new view and adopts it; resolves whether it differs from the old one. One fetch
   * at a time (callers share it), and none sooner than minRefreshIntervalMs after the last.
   */
  private async refresh (): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const waitMs = this.lastRefreshAt + this.minRefreshIntervalMs - performance.now()
        if (waitMs > 0) await sleep(waitMs, undefined, { signal: this.closer.signal })
        return this.adopt(await this.fetchRouting())
      } finally {
        this.lastRefreshAt = performance.now()
        this.refreshing = undefined
      }
    })()
    return await this.refreshing
  }

  /** refresh() for callers that go on with the old view when no peer gives a new one. */
  private async refreshQuietly (): Promise<boolean> {
    try {
      return await this.refresh()
    } catch (err) {
      if (this.closed) throw new ClientClosedError('the client was closed', { cause: err })
      this.log('refreshing the ring view failed - %s', (err as Error).message)
      return false
    }
  }

  /** A refresh in the background (the op that noticed a stale view already has its answer). */
  private refreshSoon (): void {
    if (this.closed || this.refreshing !== undefined) return
    this.refresh().catch(err => {
      if (!this.closed) this.log('background ring view refresh failed - %s', (err as Error).message)
    })
  }

  private adopt (routing: Routing): boolean {
    const changed = this.routing === undefined || !routing.sameRingAs(this.routing)
    this.routing = routing
    if (changed) this.log('ring view: %d vnodes on %d peers, r = %d', routing.view.size, routing.addresses.size, routing.replicas)
    return changed
  }

  /**
   * A ring view from up to MAX_VIEW_SOURCES peers of the current view (unsuspected ones, in
   * random order), then from the bootstrap addresses in turn.
   */
  private async fetchRouting (): Promise<Routing> {
    const reasons: string[] = []
    const routing = this.routing
    if (routing !== undefined) {
      const peers = shuffle(routing.view.peers().filter(p => !this.isSuspect(p)), this.random).slice(0, MAX_VIEW_SOURCES)
      for (const peerId of peers) {
        try {
          return await this.askView(routing.addresses.get(peerId) as PeerAddress)
        } catch (err) {
          this.checkOpen()
          if (isPeerFailure(err)) this.peerFailed(peerId, err)
          reasons.push(`${peerId}: ${(err as Error).message}`)
        }
      }
    }
    for (const multiaddr of this.bootstrap) {
      try {
        return await this.askView(await this.transport.connect(multiaddr, { timeoutMs: this.timeoutMs }))
      } catch (err) {
        this.checkOpen()
        reasons.push(`${multiaddr}: ${(err as Error).message}`)
      }
    }
    throw new UnavailableError(`no peer gave a ring view (${reasons.join('; ')})`)
  }

  private async askView (peer: PeerAddress): Promise<Routing> {
    // A peer without a recent walk of the ring answers after one: N·v hops in a row.
    const res = await this.send(peer, { type: 'ringView' }, this.timeoutMs * VIEW_TIMEOUT_FACTOR)
    if (res.type !== 'ringView') throw new ProtocolError('BadResponse', `a ringView request was answered with a ${res.type} message`)
    const routing = Routing.from(res, this.m)
    this.counters.viewRefreshes++
    this.suspects.delete(peer.peerId)
    return routing
  }

  // ---- sending ----

  /**
   * An idempotent read of `key`: the replicas in turn, primary first (suspects last), until
   * one answers; after a redirect error the view is refreshed and the op tried again.
   *
   * The primary's answer (asked normally: it forwards if it is not the owner after all) is
   * final. A fallback replica answers from its own copy: a hit is final (maybe stale, as reads
   * during churn may be), but a miss is not, since that peer may have just become a replica
   * and not have received its copies yet. Misses settle the read only once a majority of the
   * replica set missed; otherwise the read fails rather than say "not found" wrongly.
   */
  private async read<T> (key: string, req: KvRequest, accept: (res: KvResponse) => T | undefined): Promise<T | undefined> {
    this.checkOpen()
    const keyId = keyIdOf(key, this.m)
    const failed = new Set<string>()
    let misses = 0
    let last: Error | undefined
    let timedOut = false
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) this.counters.retries++
      const target = await this.nextTarget(keyId, failed)
      if (target === undefined) break
      const authoritative = this.isPrimary(target, keyId)
      let res: KvResponse
      try {
        res = await this.send(target, authoritative ? req : ownCopyOnly(req))
      } catch (err) {
        if (this.closed) throw new ClientClosedError('the client was closed', { cause: err })
        last = err as Error
        if (isRedirect(err)) {
          await this.refreshQuietly()
        } else if (isPeerFailure(err)) {
          timedOut ||= isTimeout(err)
          failed.add(target.peerId)
          this.peerFailed(target.peerId, err)
        } else {
          throw readFailure(err)
        }
        continue
      }
      this.answered(target, res)
      const result = accept(res)
      if (authoritative) return result
      if (result !== undefined) {
        this.counters.fallbackReads++
        return result
      }
      failed.add(target.peerId)
      if (++misses >= this.missesToConclude()) return undefined
    }
    throw this.unreadable(preview(key), timedOut, last)
  }

  /** Own-copy misses from distinct replicas that settle a fallback read as "not stored": a majority of r. */
  private missesToConclude (): number {
    return Math.floor((this.routing?.replicas ?? 1) / 2) + 1
  }

  /**
   * A write for `key`: to the first replica (primary first, suspects last) that can be dialed.
   * Once sent it is never sent again, except after an error that says nothing was applied.
   */
  private async write<T> (key: string, req: KvRequest, accept: (res: KvResponse) => T): Promise<T> {
    this.checkOpen()
    const keyId = keyIdOf(key, this.m)
    const failed = new Set<string>()
    let last: Error | undefined
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) this.counters.retries++
      const target = await this.nextTarget(keyId, failed)
      if (target === undefined) break
      try {
        await ensureConnected(this.transport, target, this.timeoutMs)
      } catch (err) {
        this.checkOpen()
        // Nothing was sent: trying the next replica is safe.
        last = err as Error
        failed.add(target.peerId)
        this.peerFailed(target.peerId, err)
        continue
      }
      let res: KvResponse
      try {
        res = await this.send(target, req)
      } catch (err) {
        if (isRedirect(err) && !this.closed) {
          last = err as Error
          await this.refreshQuietly()
          continue
        }
        if (isPeerFailure(err)) this.peerFailed(target.peerId, err)
        throw this.writeFailure(err, key, target)
      }
      this.answered(target, res)
      return accept(res)
    }
    throw new UnavailableError(`no peer could take the write of ${preview(key)} (nothing was applied)${last !== undefined ? `: ${last.message}` : ''}`, { cause: last })
  }

  private async send (target: PeerAddress, req: KvRequest, timeoutMs: number = this.timeoutMs): Promise<KvResponse> {
    this.checkOpen()
    this.counters.requests++
    return await this.transport.request(target, this.codec, req, { timeoutMs, signal: this.closer.signal })
  }

  /**
   * The first peer of keyId's replica set not failed in this op, unsuspected peers first.
   * When all have failed, one view refresh may bring new ones.
   */
  private async nextTarget (keyId: bigint, failed: ReadonlySet<string>): Promise<PeerAddress | undefined> {
    const excluded = (peerId: string): boolean => failed.has(peerId)
    const target = this.liveCandidates(keyId, excluded)[0]
    if (target !== undefined) return target
    if (!await this.refreshQuietly()) return undefined
    return this.liveCandidates(keyId, excluded)[0]
  }

  /** keyId's replica set in the current view without the excluded peers, unsuspected peers first. */
  private liveCandidates (keyId: bigint, excluded: (peerId: string) => boolean): PeerAddress[] {
    const candidates = (this.routing?.candidates(keyId) ?? []).filter(p => !excluded(p.peerId))
    // Stable: the replica order holds among unsuspected peers and among suspects.
    return [...candidates.filter(p => !this.isSuspect(p.peerId)), ...candidates.filter(p => this.isSuspect(p.peerId))]
  }

  /** Whether `peer` hosts keyId's primary in the current view. */
  private isPrimary (peer: PeerAddress, keyId: bigint): boolean {
    return this.routing?.primary(keyId).peerId === peer.peerId
  }

  private isSuspect (peerId: string): boolean {
    const since = this.suspects.get(peerId)
    if (since === undefined) return false
    if (performance.now() - since < SUSPECT_MS) return true
    this.suspects.delete(peerId)
    return false
  }

  private peerFailed (peerId: string, err: unknown): void {
    this.log('peer %s failed - %s', peerId, (err as Error).message)
    this.suspects.set(peerId, performance.now())
    this.refreshSoon()
  }

  /** An answer from `target`: it is alive; an owner other than it means our view is stale. */
  private answered (target: PeerAddress, res: KvResponse): void {
    this.suspects.delete(target.peerId)
    const owner = res.type === 'mutated' || res.type === 'values' ? res.owner : ''
    if (owner !== '' && owner !== target.peerId) {
      this.counters.redirects++
      this.log('%s forwarded to %s: refreshing the ring view', target.peerId, owner)
      this.refreshSoon()
    }
  }

  /** The error of a write that was sent: typed when the peer refused it, else outcome unknown. */
  private writeFailure (err: unknown, key: string, target: PeerAddress): Error {
    const e = err as Error & { code?: string }
    if (e.name === 'RemoteError') {
      const Refusal = REFUSALS[e.code as string]
      if (Refusal !== undefined) return new Refusal(e.message)
      if (e.code === 'BadRequest' || e.code === 'BadMessage') return new ProtocolError(e.code, `the peer refused the request: ${e.message}`, { cause: err })
      if (e.code === KvErrorCode.Unavailable) {
        return new OutcomeUnknownError('Unavailable', `the write of ${preview(key)} reached fewer copies than the write quorum: ${e.message}`, { cause: err })
      }
      if (e.code === 'Timeout' || e.code === 'Unreachable') {
        return new OutcomeUnknownError('Timeout', `the write of ${preview(key)} was forwarded and got no answer: ${e.message}`, { cause: err })
      }
      return new OutcomeUnknownError('ServerError', `the write of ${preview(key)} failed on ${target.peerId} (${e.code ?? 'Internal'}): ${e.message}`, { cause: err })
    }
    if (this.closed) return new OutcomeUnknownError('Timeout', `the client was closed while the write of ${preview(key)} was in flight`, { cause: err })
    if (e.name === 'TimeoutError' || e.name === 'UnreachableError') {
      return new OutcomeUnknownError('Timeout', `the write of ${preview(key)} to ${target.peerId} got no answer: ${e.message}`, { cause: err })
    }
    // A too-large request is refused by the transport before it is sent.
    if (e.name === 'TooLargeError') return new TooLargeError(e.message)
    if (e instanceof RangeError || e instanceof TypeError) return e
    return new OutcomeUnknownError('ServerError', `the write of ${preview(key)} to ${target.peerId} failed: ${e.message}`, { cause: err })
  }

  private unreadable (what: string, timedOut: boolean, last: Error | undefined): Error {
    const why = last !== undefined ? `: ${last.message}` : ''
    return timedOut
      ? new TimeoutError(`no replica of ${what} answered within ${this.timeoutMs} ms${why}`, { cause: last })
      : new UnavailableError(`no replica of ${what} could be reached${why}`, { cause: last })
  }

  private checkOpen (): void {
    if (this.closed) throw new ClientClosedError('the client is closed')
  }
}

// ---- helpers ----

/**
 * A read sent to a replica because the primary failed or is suspect: the replica answers from
 * its own copy instead of forwarding to the primary (the KV service serves a get locally at
 * MAX_FORWARD_HOPS), so a paused primary costs one timeout, not one per replica and per read.
 * The copy may be stale, as any read during churn may be (README, the guarantee).
 */
function ownCopyOnly (req: KvRequest): KvRequest {
  return req.type === 'get' ? { ...req, hops: MAX_FORWARD_HOPS } : req
}

function keyIdOf (key: string, m: number): bigint {
  return hashToId(key, m)
}

function itemOf (hit: GetHit): Item {
  return { value: hit.value, flags: hit.flags, cas: hit.cas }
}

function valuesOf (res: KvResponse): readonly GetHit[] {
  if (res.type !== 'values') throw new ProtocolError('BadResponse', `a get was answered with a ${res.type} message`)
  return res.hits
}

function expectStatus<S extends Mutated['status']> (res: Mutated, op: string, allowed: readonly S[]): S {
  if (!(allowed as readonly string[]).includes(res.status)) {
    throw new ProtocolError('BadResponse', `${op} was answered ${res.status}`)
  }
  return res.status as S
}

/** The peer says the op went nowhere (not the owner, not on the ring): nothing was applied. */
function isRedirect (err: unknown): boolean {
  const e = err as { name?: string, code?: string }
  return e?.name === 'RemoteError' && (e.code === KvErrorCode.WrongOwner || e.code === KvErrorCode.NotMember)
}

/** The peer (or the peer it forwarded to) did not answer: for a read, another replica may. */
function isPeerFailure (err: unknown): boolean {
  const e = err as { name?: string, code?: string }
  if (e?.name === 'TimeoutError' || e?.name === 'UnreachableError') return true
  return e?.name === 'RemoteError' && (e.code === 'Timeout' || e.code === 'Unreachable' || e.code === KvErrorCode.Unavailable)
}

/** A multi-get whose answer would exceed the message cap (the peer says TooLarge). */
function isAnswerTooLarge (err: unknown): boolean {
  const e = err as { name?: string, code?: string }
  return (e?.name === 'RemoteError' && e.code === KvErrorCode.TooLarge) || e?.name === 'TooLargeError'
}

function isTimeout (err: unknown): boolean {
  const e = err as { name?: string, code?: string }
  return e?.name === 'TimeoutError' || (e?.name === 'RemoteError' && e.code === 'Timeout')
}

/** The error of a read that got a definite answer other than a value. */
function readFailure (err: unknown): Error {
  const e = err as Error & { code?: string }
  if (e.name === 'RemoteError') {
    const Refusal = REFUSALS[e.code as string]
    if (Refusal !== undefined) return new Refusal(e.message)
    if (e.code === 'BadRequest' || e.code === 'BadMessage') return new ProtocolError(e.code, `the peer refused the request: ${e.message}`, { cause: err })
    return new ServerError(e.code ?? 'Internal', `the peer failed: ${e.message}`, { cause: err })
  }
  if (e.name === 'BadMessageError') return new ProtocolError('BadMessage', `the peer's answer did not decode: ${e.message}`, { cause: err })
  if (e.name === 'TooLargeError') return new TooLargeError(e.message)
  return e
}

/** Fisher–Yates on a copy. */
function shuffle<T> (items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** The distinct peers of a client's ring view (none before the first view). */
function ringPeers (client: KvClient): PeerAddress[] {
  let vnodes: readonly ViewVnode[]
  try {
    vnodes = client.ring().vnodes
  } catch {
    return []
  }
  const out = new Map<string, PeerAddress>()
  for (const v of vnodes) if (!out.has(v.peerId)) out.set(v.peerId, { peerId: v.peerId, addrs: v.addrs })
  return [...out.values()]
}
