/**
 * The client's CoordApi (node/coord/api.ts) over `/chordkv/coord/1.0.0`: any ring peer serves
 * coordination requests by running CASPaxos in the ring's coordination group, so the client
 * asks one peer and moves on to another when it cannot reach it.
 *
 * Outcomes are never guessed. Reads and watches are retried on another peer. A put is moved to
 * another peer only when it certainly was not sent (the dial failed before sending); a put that
 * was sent and then lost its connection or deadline is an Indeterminate CoordError: read the
 * key and look for the writeId to learn whether it applied.
 */
import { randomUUID } from 'node:crypto'
import type { CoordApi, CoordEntry, CoordGetOptions, CoordPutOptions, CoordWatchOptions, PutResult, WatchBatch } from '../node/coord/api.ts'
import { CoordError } from '../node/coord/errors.ts'
import { CoordErrorCode, MAX_WATCH_WAIT_MS } from '../node/coord/messages.ts'
import type { CoordRequest, CoordResponse } from '../node/coord/messages.ts'
import { coordCodec, registerKeyProblem } from '../node/protocol/coord-codec.ts'
import type { PeerAddress } from '../node/transport/types.ts'
import type { ClientTransport } from './transport.ts'
import { Coord, userKey, type CoordInit } from '../node/coord/recipes/index.ts'

export interface RemoteCoordInit {
  readonly transport: ClientTransport
  /** Peers to ask, in preference order (the client's ring view; refreshed by the caller). */
  readonly peers: () => readonly PeerAddress[]
  readonly timeoutMs: number
}

/** A peer's answers given to the caller as they are (Unavailable is retried on another peer). */
const PASSED_ON = new Set<string>([CoordErrorCode.Indeterminate, CoordErrorCode.BadRequest, CoordErrorCode.TooLarge, CoordErrorCode.VersionMismatch])

export class RemoteCoordApi implements CoordApi {
  private readonly init: RemoteCoordInit
  private readonly codec = coordCodec()
  /** Highest version seen per key: { stale: true } reads never go back in time. */
  private readonly seen = new Map<string, bigint>()
  private next = 0

  constructor (init: RemoteCoordInit) {
    this.init = init
  }

  async get (key: string, options: CoordGetOptions = {}): Promise<CoordEntry> {
    checkKey(key)
    let res = await this.ask({ type: 'get', key, stale: options.stale === true }, true, this.init.timeoutMs)
    if (res.type !== 'entry') throw unexpected(res)
    if (options.stale === true && res.state.version < (this.seen.get(key) ?? 0n)) {
      res = await this.ask({ type: 'get', key, stale: false }, true, this.init.timeoutMs)
      if (res.type !== 'entry') throw unexpected(res)
    }
    this.note(key, res.state.version)
    return res.state
  }

  async put (key: string, value: Uint8Array | null, options: CoordPutOptions = {}): Promise<PutResult> {
    checkKey(key)
    const writeId = options.writeId ?? randomUUID()
    const res = await this.ask({ type: 'put', key, value, ifVersion: options.ifVersion ?? null, writeId }, false, this.init.timeoutMs)
    if (res.type !== 'put') throw unexpected(res)
    if (res.ok) {
      this.note(key, res.version)
      return { ok: true, version: res.version }
    }
    this.note(key, res.current.version)
    return { ok: false, current: res.current }
  }

  async watchNext (key: string, after: bigint, options: CoordWatchOptions = {}): Promise<WatchBatch> {
    checkKey(key)
    const asked = options.waitMs ?? 10_000
    if (typeof asked !== 'number' || Number.isNaN(asked)) throw new CoordError(CoordErrorCode.BadRequest, 'watch waitMs must be a number of milliseconds')
    // The wire carries whole milliseconds; recipes compute waits from clock readings (fractions).
    const waitMs = Math.max(0, Math.min(Math.ceil(asked), MAX_WATCH_WAIT_MS))
    options.signal?.throwIfAborted()
    const res = await this.ask({ type: 'watch', key, after, waitMs }, true, waitMs + this.init.timeoutMs, options.signal)
    if (res.type !== 'watch') throw unexpected(res)
    for (const e of res.events) this.note(key, e.version)
    return { events: res.events, resync: res.resync }
  }

  private note (key: string, version: bigint): void {
    if ((this.seen.get(key) ?? -1n) < version) this.seen.set(key, version)
  }

  /**
   * Sends `req` to one peer after another. `retryAfterSend`: safe to repeat (reads); writes
   * move on only when the dial failed, before anything was sent.
   */
  private async ask (req: CoordRequest, retryAfterSend: boolean, timeoutMs: number, signal?: AbortSignal): Promise<CoordResponse> {
    const peers = this.init.peers()
    if (peers.length === 0) throw new CoordError(CoordErrorCode.Unavailable, 'no ring peer to ask')
    const start = this.next++ % peers.length
    let last: unknown
    for (let i = 0; i < Math.min(peers.length, 4); i++) {
      const peer = peers[(start + i) % peers.length]
      if (!this.init.transport.isConnected(peer.peerId)) {
        try {
          const addr = peer.addrs[0]
          if (addr === undefined) throw new Error('no address')
          await this.init.transport.connect(addr.includes('/p2p/') ? addr : `${addr}/p2p/${peer.peerId}`, { timeoutMs: this.init.timeoutMs })
        } catch (err) {
          last = err
          continue // not sent: any operation may move on
        }
      }
      try {
        return await this.init.transport.request(peer, this.codec, req, { timeoutMs, ...(signal !== undefined ? { signal } : {}) })
      } catch (err) {
        signal?.throwIfAborted()
        const code = (err as { code?: unknown }).code
        if (typeof code === 'string' && (err as Error).name === 'RemoteError') {
          // The peer decided nothing was applied: another peer may get through.
          if (code === CoordErrorCode.Unavailable) { last = err; continue }
          if (PASSED_ON.has(code)) throw new CoordError(code, (err as Error).message)
        }
        if (!retryAfterSend) {
          throw new CoordError(CoordErrorCode.Indeterminate, `the write may or may not have been applied (${(err as Error).message}); read the key and look for writeId ${(req as { writeId?: string }).writeId ?? ''}`)
        }
        last = err
      }
    }
    throw new CoordError(CoordErrorCode.Unavailable, `no peer could serve the request: ${(last as Error | undefined)?.message ?? 'unknown'}`)
  }
}

function checkKey (key: string): void {
  const problem = registerKeyProblem(key)
  if (problem !== null) throw new CoordError(CoordErrorCode.BadRequest, `bad coordination key: ${problem}`)
}

function unexpected (res: CoordResponse): CoordError {
  return new CoordError(CoordErrorCode.BadRequest, `unexpected ${res.type} answer`)
}

/**
 * `db.coord`: the recipes (locks, election, membership, config documents, watches) plus the
 * CoordApi calls on the same user keys, with write ids and watchNext for callers that resolve
 * Indeterminate writes themselves (the jobs workload, the Jepsen harness).
 */
export class ClientCoord extends Coord implements CoordApi {
  /** The raw register API (reserved prefixes included), for tools and tests. */
  readonly registers: CoordApi

  constructor (init: CoordInit) {
    super(init)
    this.registers = init.api
  }

  override async get (key: string, options: CoordGetOptions = {}): Promise<CoordEntry> {
    checkUserKey(key)
    return await this.registers.get(userKey(key), options)
  }

  override async put (key: string, value: Uint8Array | string | null, options: CoordPutOptions = {}): Promise<PutResult> {
    checkUserKey(key)
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value
    if (options.writeId === undefined) return await super.put(key, bytes, options.ifVersion !== undefined ? { ifVersion: options.ifVersion } : {})
    return await this.registers.put(userKey(key), bytes, options)
  }

  async watchNext (key: string, after: bigint, options: CoordWatchOptions = {}): Promise<WatchBatch> {
    checkUserKey(key)
    return await this.registers.watchNext(userKey(key), after, options)
  }
}

function checkUserKey (key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new CoordError(CoordErrorCode.BadRequest, 'a coordination key must be a non-empty string')
  checkKey(userKey(key))
}
