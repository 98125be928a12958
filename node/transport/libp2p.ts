/**
 * The Transport seam over libp2p: TCP, noise, yamux (DESIGN.md §3).
 *
 * Requests to a peer ride ONE long-lived outbound stream per (peer, protocol), opened lazily
 * and multiplexed with request ids: each message is an Envelope (node/protocol/envelope.proto)
 * in a length-prefixed frame, and responses may come back in any order. A new stream per
 * request costs ~4x the latency of a reused one here, which is why (DESIGN.md §3).
 *
 * Under the streams, lean-wire.ts removes two per-message costs of the stack: yamux grants
 * window only at half the window (not after every frame), and a noise message leaves in one
 * socket write (not two): one socket write per message sent where upstream makes four.
 *
 * Inbound, every stream of a registered protocol is a session that reads frames in a loop and
 * runs handlers concurrently (bounded per stream). Nothing untrusted reaches a handler without
 * passing the codec's validation, and no error escapes into libp2p: bad payloads are answered
 * with a typed ERROR envelope, broken framing closes only that stream.
 */
import { setMaxListeners } from 'node:events'
import { preSharedKey } from '@libp2p/pnet'
import { createLibp2p } from 'libp2p'
import type { ConnectionManagerInit } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { defaultLogger } from '@libp2p/logger'
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { ComponentLogger, Connection, Libp2p, Logger, PeerId, PrivateKey, Stream, StreamMessageEvent } from '@libp2p/interface'
import { Envelope } from '../protocol/envelope.js'
import { Uint8ArrayList } from 'uint8arraylist'
import { encodeFrame, FrameDecoder } from '../protocol/framing.ts'
import { leanNoise, windowUpdateAtHalf } from './lean-wire.ts'
import { BadMessageError, RemoteError, TimeoutError, TooLargeError, UnreachableError, errorCode } from './errors.ts'
import type { Codec, Handler, PeerAddress, RequestOptions, Transport } from './types.ts'

/** Deadline of a request when the caller gives none, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5_000
/** Bytes an envelope may add around its payload (id, kind, error code and message, deadline). */
export const ENVELOPE_OVERHEAD_BYTES = 1_024
/** Hard cap on any frame, whatever a codec allows, in bytes. */
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024 + ENVELOPE_OVERHEAD_BYTES
/** Handler calls running at once for one inbound stream; beyond it the stream is paused. */
export const MAX_IN_FLIGHT_PER_STREAM = 256
/** Concurrent inbound (and outbound) streams of one protocol on one connection. */
export const MAX_STREAMS_PER_CONNECTION = 1_024
/** Bytes queued for sending on one stream before it is reset (a peer that never reads). */
export const MAX_WRITE_BUFFER_BYTES = 16 * 1024 * 1024
/** Longest deadline a requester may ask a handler to run for, in milliseconds. */
export const MAX_HANDLER_DEADLINE_MS = 10 * 60 * 1_000
/** Longest error message sent back to a requester, in characters. */
const MAX_ERROR_MESSAGE_CHARS = 512
/** Longest error code accepted from a remote peer (errors.ts errorCode uses the same bound). */
const MAX_ERROR_CODE_CHARS = 64

export interface Libp2pTransportInit {
  /** Multiaddrs to listen on. Default ['/ip4/127.0.0.1/tcp/0']. */
  listen?: string[]
  /** The peer's identity. Default: a new Ed25519 key. */
  privateKey?: PrivateKey
  /** Request deadline when the caller gives none, in milliseconds. Default 5000. */
  defaultTimeoutMs?: number
  /**
   * Hard cap on a frame in bytes. The cap of a protocol is codec.maxMessageBytes plus
   * ENVELOPE_OVERHEAD_BYTES, never more than this. Default 4 MiB + 1 KiB.
   */
  maxFrameBytes?: number
  /** Default @libp2p/logger defaultLogger(); components are named 'chordkv:transport…'. */
  logger?: ComponentLogger
  /**
   * Passed to libp2p. By default inboundConnectionThreshold is raised from libp2p's 5 to 100
   * connections per second per host: a testnet starts many peers on one address.
   */
  connectionManager?: ConnectionManagerInit
  /**
   * A libp2p private-network swarm key (the `/key/swarm/psk/1.0.0/` file format, as
   * `chordkv swarm-key` writes it): only peers holding the same key can connect at all.
   */
  swarmKey?: Uint8Array
}

/** Counters since the transport started. */
export interface TransportStats {
  /** Outbound streams opened (one per peer and protocol while it stays up). */
  streamsOpened: number
  /** Inbound streams accepted by a registered handler. */
  streamsAccepted: number
  /** Requests sent to remote peers (not counting requests to this peer). */
  requestsSent: number
  /** Requests that got no answer before their deadline. */
  requestsTimedOut: number
  /** Inbound requests passed to a handler. */
  requestsHandled: number
  /** Inbound frames rejected: bad envelope, bad payload, too large, broken framing. */
  badFrames: number
}

export interface Libp2pTransport extends Transport {
  readonly libp2p: Libp2p
  /** Dials a multiaddr (with or without /p2p/ suffix) and returns the peer's address. Throws UnreachableError. */
  connect (multiaddr: string, options?: { timeoutMs?: number }): Promise<PeerAddress>
  stats (): TransportStats
  stop (): Promise<void>
}

/** Starts a libp2p host listening on init.listen and returns the transport over it. */
export async function createLibp2pTransport (init: Libp2pTransportInit = {}): Promise<Libp2pTransport> {
  const logger = init.logger ?? defaultLogger()
  const libp2p = await createLibp2p({
    privateKey: init.privateKey ?? await generateKeyPair('Ed25519'),
    addresses: { listen: init.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [leanNoise()],
    streamMuxers: [yamux()],
    connectionManager: { inboundConnectionThreshold: 100, ...init.connectionManager },
    ...(init.swarmKey !== undefined ? { connectionProtector: preSharedKey({ psk: init.swarmKey }) } : {}),
    logger
  })
  return new Libp2pTransportImpl(libp2p, logger, init)
}

/** The other end of one request while it waits: the channel calls exactly one of these. */
interface Exchange {
  respond (payload: Uint8Array): void
  fail (err: Error): void
}

interface Registration {
  readonly codec: Codec<unknown, unknown>
  readonly handler: Handler<unknown, unknown>
  readonly sessions: Set<InboundSession>
}

class Libp2pTransportImpl implements Libp2pTransport {
  readonly libp2p: Libp2p
  private readonly log: Logger
  private readonly logger: ComponentLogger
  private readonly defaultTimeoutMs: number
  private readonly maxFrameBytes: number
  private readonly channels = new Map<string, OutboundChannel>()
  private readonly opening = new Map<string, Promise<OutboundChannel>>()
  private readonly registrations = new Map<string, Registration>()
  private readonly stopController = new AbortController()
  private readonly selfPeerId: string
  private cachedSelf: PeerAddress | undefined
  readonly counters: TransportStats = {
    streamsOpened: 0, streamsAccepted: 0, requestsSent: 0, requestsTimedOut: 0, requestsHandled: 0, badFrames: 0
  }

  constructor (libp2p: Libp2p, logger: ComponentLogger, init: Libp2pTransportInit) {
    this.libp2p = libp2p
    this.logger = logger
    this.log = logger.forComponent('chordkv:transport')
    this.selfPeerId = libp2p.peerId.toString()
    this.defaultTimeoutMs = positive(init.defaultTimeoutMs, DEFAULT_TIMEOUT_MS, 'defaultTimeoutMs')
    this.maxFrameBytes = positive(init.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES, 'maxFrameBytes')
    // Every stream being opened and every connect() listens on it.
    setMaxListeners(Infinity, this.stopController.signal)
    libp2p.addEventListener('self:peer:update', () => { this.cachedSelf = undefined })
  }

  get self (): PeerAddress {
    if (this.cachedSelf == null) {
      const peerId = this.selfPeerId
      const addrs = this.libp2p.getMultiaddrs().map(ma => withPeerId(ma, peerId).toString())
      this.cachedSelf = { peerId, addrs }
    }
    return this.cachedSelf
  }

  stats (): TransportStats {
    return { ...this.counters }
  }

  // ---- requesting ----

  async request<Req, Res> (to: PeerAddress, codec: Codec<Req, Res>, req: Req, options: RequestOptions = {}): Promise<Res> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`)
    const signal = options.signal
    if (signal?.aborted === true) throw abortReason(signal)
    if (this.stopController.signal.aborted) throw new UnreachableError('transport is stopped')
    const payload = codec.encodeRequest(req)
    if (payload.length > codec.maxMessageBytes) {
      throw new TooLargeError(`${codec.protocol} request is ${payload.length} bytes, more than ${codec.maxMessageBytes}`)
    }
    const deadline = performance.now() + timeoutMs

    return await new Promise<Res>((resolve, reject) => {
      let settled = false
      let cancel: (() => void) | undefined
      const settle = (): boolean => {
        if (settled) return false
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        cancel?.()
        return true
      }
      const fail = (err: Error): void => { if (settle()) reject(err) }
      const onAbort = (): void => { if (signal != null) fail(abortReason(signal)) }
      const timer = setTimeout(() => {
        if (settled) return
        this.counters.requestsTimedOut++
        fail(new TimeoutError(`${codec.protocol} request to ${to.peerId} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
      signal?.addEventListener('abort', onAbort, { once: true })

      const exchange: Exchange = {
        respond: bytes => {
          if (!settle()) return
          try {
            resolve(decodeResponse(codec, bytes))
          } catch (err) {
            reject(err)
          }
        },
        fail
      }

      const track = (forget: () => void): void => {
        if (settled) forget()
        else cancel = forget
      }
      if (to.peerId === this.selfPeerId) {
        track(this.serveLocally(codec.protocol, payload, exchange))
        return
      }
      this.channelFor(to, codec).then(channel => {
        if (settled) return
        this.counters.requestsSent++
        track(channel.start(payload, Math.ceil(deadline - performance.now()), exchange))
      }, fail)
    })
  }

  /**
   * A request to this very peer (vnodes of one peer talk to each other): served by the local
   * handler with the same encode/decode round trip and error mapping as a remote one.
   */
  private serveLocally (protocol: string, payload: Uint8Array, exchange: Exchange): () => void {
    const registration = this.registrations.get(protocol)
    if (registration == null) {
      exchange.fail(new UnreachableError(`this peer has no handler for ${protocol}`))
      return () => {}
    }
    const controller = new AbortController()
    const from = this.selfPeerId
    void (async () => {
      let response: Uint8Array
      try {
        const req = registration.codec.decodeRequest(payload)
        const res = await registration.handler(req, { from, signal: controller.signal })
        response = encodeResponse(registration.codec, res)
      } catch (err) {
        exchange.fail(new RemoteError(errorCode(err), errorMessage(err)))
        return
      }
      exchange.respond(response)
    })()
    // Called when the request settles: at its deadline, on abort, or after the answer.
    return () => { controller.abort(new TimeoutError('the request ended')) }
  }

  /** The open channel to (peer, protocol), opening one if needed; concurrent callers share it. */
  private async channelFor (to: PeerAddress, codec: Codec<unknown, unknown>): Promise<OutboundChannel> {
    const protocol = codec.protocol
    const key = `${to.peerId} ${protocol}`
    const existing = this.channels.get(key)
    if (existing?.usable === true) return existing
    let opening = this.opening.get(key)
    if (opening == null) {
      opening = this.openChannel(key, to, protocol, this.frameCap(codec)).finally(() => { this.opening.delete(key) })
      this.opening.set(key, opening)
    }
    return await opening
  }

  private async openChannel (key: string, to: PeerAddress, protocol: string, maxFrameBytes: number): Promise<OutboundChannel> {
    let peerId: PeerId
    try {
      peerId = peerIdFromString(to.peerId)
    } catch {
      throw new UnreachableError(`invalid peer id ${JSON.stringify(to.peerId.slice(0, 80))}`)
    }
    const addrs = dialableAddrs(to)
    // The stream is shared by every request that comes along, so it is opened under its own
    // deadline rather than under the first request's.
    const signal = AbortSignal.any([AbortSignal.timeout(this.defaultTimeoutMs), this.stopController.signal])
    let stream: Stream
    try {
      const connection = await this.libp2p.dial(addrs.length > 0 ? addrs : peerId, { signal })
      stream = await connection.newStream(protocol, { signal, maxOutboundStreams: MAX_STREAMS_PER_CONNECTION })
    } catch (err) {
      throw new UnreachableError(`cannot open ${protocol} to ${to.peerId}: ${errorMessage(err)}`)
    }
    if (this.stopController.signal.aborted) {
      stream.abort(new Error('transport stopped'))
      throw new UnreachableError('transport is stopped')
    }
    this.counters.streamsOpened++
    windowUpdateAtHalf(stream)
    const channel = new OutboundChannel(stream, maxFrameBytes, this.logger.forComponent('chordkv:transport:outbound'), () => {
      if (this.channels.get(key) === channel) this.channels.delete(key)
    })
    this.channels.set(key, channel)
    return channel
  }

  /** Largest frame accepted for a protocol: its codec's cap plus the envelope, within maxFrameBytes. */
  private frameCap (codec: Codec<unknown, unknown>): number {
    return Math.min(this.maxFrameBytes, codec.maxMessageBytes + ENVELOPE_OVERHEAD_BYTES)
  }

  // ---- serving ----

  async handle<Req, Res> (codec: Codec<Req, Res>, handler: Handler<Req, Res>): Promise<void> {
    const protocol = codec.protocol
    if (this.registrations.has(protocol)) throw new Error(`a handler for ${protocol} is already registered`)
    const registration: Registration = {
      codec: codec as Codec<unknown, unknown>,
      handler: handler as Handler<unknown, unknown>,
      sessions: new Set()
    }
    this.registrations.set(protocol, registration)
    try {
      await this.libp2p.handle(protocol, (stream, connection) => { this.accept(registration, stream, connection) }, {
        maxInboundStreams: MAX_STREAMS_PER_CONNECTION,
        maxOutboundStreams: MAX_STREAMS_PER_CONNECTION
      })
    } catch (err) {
      this.registrations.delete(protocol)
      throw err
    }
  }

  async unhandle (protocol: string): Promise<void> {
    const registration = this.registrations.get(protocol)
    this.registrations.delete(protocol)
    await this.libp2p.unhandle(protocol)
    for (const session of registration?.sessions ?? []) session.abort(new Error(`${protocol} is no longer served`))
  }

  /** libp2p calls this for each inbound stream; it must never throw. */
  private accept (registration: Registration, stream: Stream, connection: Connection): void {
    try {
      if (this.registrations.get(registration.codec.protocol) !== registration) {
        stream.abort(new Error('protocol no longer served'))
        return
      }
      this.counters.streamsAccepted++
      windowUpdateAtHalf(stream)
      const session = new InboundSession(stream, connection.remotePeer.toString(), registration, {
        maxFrameBytes: this.frameCap(registration.codec),
        defaultTimeoutMs: this.defaultTimeoutMs,
        counters: this.counters,
        log: this.logger.forComponent('chordkv:transport:inbound'),
        onClose: () => { registration.sessions.delete(session) }
      })
      registration.sessions.add(session)
    } catch (err) {
      this.log.error('accepting a %s stream failed - %e', registration.codec.protocol, err)
      try { stream.abort(err as Error) } catch {}
    }
  }

  // ---- connecting and stopping ----

  async connect (address: string, options: { timeoutMs?: number } = {}): Promise<PeerAddress> {
    let ma: Multiaddr
    try {
      ma = multiaddr(address)
    } catch (err) {
      throw new UnreachableError(`invalid multiaddr ${JSON.stringify(address.slice(0, 200))}: ${errorMessage(err)}`)
    }
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopController.signal])
    let connection: Connection
    try {
      connection = await this.libp2p.dial(ma, { signal })
    } catch (err) {
      const why = signal.aborted ? `no connection within ${timeoutMs} ms` : errorMessage(err)
      throw new UnreachableError(`cannot connect to ${address}: ${why}`)
    }
    const peerId = connection.remotePeer.toString()
    return { peerId, addrs: [withPeerId(ma, peerId).toString()] }
  }

  async stop (): Promise<void> {
    if (this.stopController.signal.aborted) return
    this.stopController.abort(new UnreachableError('transport stopped'))
    for (const channel of this.channels.values()) channel.close(new UnreachableError('transport stopped'))
    this.channels.clear()
    for (const registration of this.registrations.values()) {
      for (const session of registration.sessions) session.abort(new Error('transport stopped'))
    }
    await this.libp2p.stop()
  }
}

/**
 * One long-lived outbound stream with its requests in flight. Responses are matched by id;
 * an unknown id (a response that arrived after its deadline) is dropped.
 */
class OutboundChannel {
  private readonly stream: Stream
  private readonly out: FrameBatcher
  private readonly pending = new Map<number, Exchange>()
  private readonly decoder: FrameDecoder
  private readonly log: Logger
  private readonly onClosed: () => void
  private nextId = 1
  private closed = false

  constructor (stream: Stream, maxFrameBytes: number, log: Logger, onClosed: () => void) {
    this.stream = stream
    this.decoder = new FrameDecoder(maxFrameBytes)
    this.log = log
    this.onClosed = onClosed
    this.out = new FrameBatcher(stream, err => { this.close(new UnreachableError(`cannot write to stream: ${errorMessage(err)}`)) })
    stream.maxWriteBufferLength = MAX_WRITE_BUFFER_BYTES
    stream.addEventListener('message', evt => { this.onMessage(evt) })
    stream.addEventListener('close', evt => {
      this.close(new UnreachableError(`stream to ${stream.protocol} peer closed${evt.error != null ? `: ${evt.error.message}` : ''}`))
    })
    // The responder will write nothing more: whatever is pending can never be answered.
    stream.addEventListener('remoteCloseWrite', () => { this.close(new UnreachableError('peer closed the stream')) })
  }

  get usable (): boolean {
    return !this.closed && this.stream.status === 'open' && this.stream.writeStatus === 'writable'
  }

  /** Sends one request; returns the function that forgets it (deadline, abort). */
  start (payload: Uint8Array, timeoutMs: number, exchange: Exchange): () => void {
    if (!this.usable) {
      exchange.fail(new UnreachableError('stream closed'))
      return () => {}
    }
    const id = this.nextId++
    this.pending.set(id, exchange)
    const frame = encodeFrame(Envelope.encode({
      id,
      kind: Envelope.Kind.REQUEST,
      payload: payload as Uint8Array<ArrayBuffer>,
      timeoutMs: Math.max(1, Math.min(timeoutMs, MAX_HANDLER_DEADLINE_MS))
    }))
    this.out.push(frame)
    return () => { this.pending.delete(id) }
  }

  /** Fails everything pending with `err` and releases the stream. Idempotent. */
  close (err: Error): void {
    if (this.closed) return
    this.closed = true
    this.onClosed()
    const pending = [...this.pending.values()]
    this.pending.clear()
    for (const exchange of pending) exchange.fail(err)
    if (this.stream.status === 'open') this.stream.abort(err)
  }

  private onMessage (evt: StreamMessageEvent): void {
    if (this.closed) return
    this.decoder.push(evt.data)
    try {
      for (let frame = this.decoder.next(); frame != null; frame = this.decoder.next()) this.onFrame(frame)
    } catch (err) {
      this.log('broken framing from %s - %e', this.stream.protocol, err)
      this.close(new UnreachableError(`peer broke the framing: ${errorMessage(err)}`))
    }
  }

  private onFrame (frame: Uint8Array): void {
    let envelope: Envelope
    try {
      envelope = Envelope.decode(frame)
    } catch (err) {
      this.log('dropping an undecodable response envelope - %e', err)
      return
    }
    const exchange = this.pending.get(envelope.id)
    if (exchange == null) return // answered after its deadline or abort
    this.pending.delete(envelope.id)
    if (envelope.kind === Envelope.Kind.RESPONSE) {
      exchange.respond(envelope.payload)
    } else if (envelope.kind === Envelope.Kind.ERROR) {
      const code = envelope.errorCode.length > 0 && envelope.errorCode.length <= MAX_ERROR_CODE_CHARS ? envelope.errorCode : 'Internal'
      exchange.fail(new RemoteError(code, envelope.errorMessage.slice(0, MAX_ERROR_MESSAGE_CHARS)))
    } else {
      exchange.fail(new BadMessageError('peer answered with a REQUEST envelope'))
    }
  }
}

/**
 * The frames written to one stream in one turn of the event loop, sent as one: one yamux
 * frame, one noise message and one socket write instead of one of each per frame. Between two
 * busy peers (a memcached port forwarding sets, a primary replicating them) the per-message
 * cost of that stack is a large share of the peers' CPU (socket writes alone were 12 % of a
 * 4-peer ring's under 16 concurrent sets). Frames go out in order, at the end of the
 * turn (setImmediate), so a frame waits at most for the rest of the turn's I/O callbacks.
 */
class FrameBatcher {
  private readonly stream: Stream
  private readonly onError: (err: unknown) => void
  private frames: Uint8Array[] = []

  constructor (stream: Stream, onError: (err: unknown) => void) {
    this.stream = stream
    this.onError = onError
  }

  push (frame: Uint8Array): void {
    this.frames.push(frame)
    if (this.frames.length === 1) setImmediate(() => { this.flush() })
  }

  /** Sends what is queued now (before the stream is closed). */
  flush (): void {
    const frames = this.frames
    this.frames = []
    if (frames.length === 0) return
    if (this.stream.writeStatus !== 'writable') {
      this.onError(new Error(`the stream is ${this.stream.writeStatus}`))
      return
    }
    try {
      this.stream.send(frames.length === 1 ? frames[0] : new Uint8ArrayList(...frames))
    } catch (err) {
      this.onError(err)
    }
  }
}

interface SessionInit {
  readonly maxFrameBytes: number
  readonly defaultTimeoutMs: number
  readonly counters: TransportStats
  readonly log: Logger
  /** Called once when the stream is gone. */
  readonly onClose: () => void
}

/**
 * One inbound stream: frames in, handler calls run concurrently (at most
 * MAX_IN_FLIGHT_PER_STREAM; beyond that the stream is paused, which stops yamux from
 * granting the peer more window), one RESPONSE or ERROR out per request.
 */
class InboundSession {
  private readonly stream: Stream
  private readonly out: FrameBatcher
  private readonly from: string
  private readonly registration: Registration
  private readonly init: SessionInit
  private readonly decoder: FrameDecoder
  /** Handler calls running, each with the function that ends it (frees its slot, clears its timer). */
  private readonly inFlight = new Map<AbortController, () => void>()
  private paused = false
  private remoteDone = false
  private closed = false
  private badFrames = 0
  private onClose: () => void

  constructor (stream: Stream, from: string, registration: Registration, init: SessionInit) {
    this.stream = stream
    this.from = from
    this.registration = registration
    this.init = init
    this.onClose = init.onClose
    this.decoder = new FrameDecoder(init.maxFrameBytes)
    this.out = new FrameBatcher(stream, err => { init.log('cannot answer on %s stream - %e', registration.codec.protocol, err) })
    stream.maxWriteBufferLength = MAX_WRITE_BUFFER_BYTES
    stream.addEventListener('message', evt => { this.guard(() => { this.decoder.push(evt.data); this.pump() }) })
    stream.addEventListener('remoteCloseWrite', () => { this.guard(() => { this.remoteDone = true; this.pump() }) })
    stream.addEventListener('close', () => { this.guard(() => { this.onStreamClosed() }) })
  }

  abort (err: Error): void {
    this.guard(() => {
      if (this.stream.status === 'open') this.stream.abort(err)
      this.onStreamClosed()
    })
  }

  /** Event listeners run inside libp2p, timers and promise callbacks: nothing may escape. */
  private guard (fn: () => void): void {
    try {
      fn()
    } catch (err) {
      this.init.log.error('inbound %s session failed - %e', this.registration.codec.protocol, err)
      try { this.stream.abort(err as Error) } catch {}
      this.onStreamClosed()
    }
  }

  /** Dispatches buffered frames while there is room for more handler calls. */
  private pump (): void {
    while (!this.closed && this.inFlight.size < MAX_IN_FLIGHT_PER_STREAM) {
      let frame: Uint8Array | null
      try {
        frame = this.decoder.next()
      } catch (err) {
        // The length prefix is broken or oversize: the frame boundary is lost, so no later
        // byte on this stream can be trusted. Only this stream goes; the peer serves on.
        this.noteBadFrame(err)
        this.stream.abort(err as Error)
        this.onStreamClosed()
        return
      }
      if (frame == null) break
      this.onFrame(frame)
    }
    const full = this.inFlight.size >= MAX_IN_FLIGHT_PER_STREAM
    if (full && !this.paused && this.stream.readStatus === 'readable') {
      this.paused = true
      this.stream.pause()
    } else if (!full && this.paused) {
      this.paused = false
      if (this.stream.readStatus === 'paused') this.stream.resume()
    }
    this.maybeFinish()
  }

  private onFrame (frame: Uint8Array): void {
    const codec = this.registration.codec
    let envelope: Envelope
    try {
      envelope = Envelope.decode(frame)
    } catch (err) {
      this.noteBadFrame(err)
      this.reply({ id: 0, kind: Envelope.Kind.ERROR, errorCode: 'BadMessage', errorMessage: `malformed envelope: ${errorMessage(err)}` })
      return
    }
    const id = envelope.id
    if (envelope.kind !== Envelope.Kind.REQUEST) {
      this.noteBadFrame(new BadMessageError(`a ${envelope.kind} envelope where a REQUEST was expected`))
      this.replyError(id, new BadMessageError(`expected a REQUEST envelope, got ${envelope.kind}`))
      return
    }
    if (envelope.payload.length > codec.maxMessageBytes) {
      const err = new TooLargeError(`${codec.protocol} request is ${envelope.payload.length} bytes, more than ${codec.maxMessageBytes}`)
      this.noteBadFrame(err)
      this.replyError(id, err)
      return
    }
    let req: unknown
    try {
      req = codec.decodeRequest(envelope.payload)
    } catch (err) {
      const typed = (err as Error).name === 'TooLargeError' ? err as Error : new BadMessageError(errorMessage(err))
      this.noteBadFrame(typed)
      this.replyError(id, typed)
      return
    }
    this.run(id, req, envelope.timeoutMs)
  }

  private run (id: number, req: unknown, timeoutMs: number): void {
    const { codec, handler } = this.registration
    const controller = new AbortController()
    this.init.counters.requestsHandled++
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      this.inFlight.delete(controller)
      // Runs from a timer or a promise callback: a throw here would crash the process.
      if (!this.closed) this.guard(() => { this.pump() })
    }
    // The requester has given up after its deadline; the slot is freed even if the handler
    // never settles, so a hung handler cannot exhaust the stream.
    const budgetMs = timeoutMs > 0 ? Math.min(timeoutMs, MAX_HANDLER_DEADLINE_MS) : this.init.defaultTimeoutMs
    const timer = setTimeout(() => {
      controller.abort(new TimeoutError(`deadline of ${budgetMs} ms passed`))
      finish()
    }, budgetMs)
    this.inFlight.set(controller, finish)
    Promise.resolve()
      .then(async () => await handler(req, { from: this.from, signal: controller.signal }))
      .then(res => {
        if (done) return
        let payload: Uint8Array
        try {
          payload = encodeResponse(codec, res)
        } catch (err) {
          this.init.log.error('%s handler returned a response that does not encode - %e', codec.protocol, err)
          this.replyError(id, err)
          return
        }
        this.reply({ id, kind: Envelope.Kind.RESPONSE, payload: payload as Uint8Array<ArrayBuffer> })
      }, err => {
        if (!done) this.replyError(id, err)
      })
      .catch(err => { this.init.log.error('answering %s request failed - %e', codec.protocol, err) })
      .finally(finish)
  }

  private replyError (id: number, err: unknown): void {
    this.reply({ id, kind: Envelope.Kind.ERROR, errorCode: errorCode(err), errorMessage: errorMessage(err) })
  }

  private reply (envelope: Partial<Envelope>): void {
    if (this.closed || this.stream.writeStatus !== 'writable') return
    this.out.push(encodeFrame(Envelope.encode(envelope)))
  }

  /** Logged once per stream, at debug level: a garbage-spewing peer must not flood the log. */
  private noteBadFrame (err: unknown): void {
    this.init.counters.badFrames++
    if (this.badFrames++ === 0) {
      this.init.log('bad frame on %s stream from %s - %s', this.registration.codec.protocol, this.from, errorMessage(err))
    }
  }

  /**
   * The requester closed its side and every answer is out: close ours. Called at the end of
   * pump, so every complete frame has been dispatched; a partial one can never complete.
   */
  private maybeFinish (): void {
    if (!this.remoteDone || this.closed || this.inFlight.size > 0) return
    this.closed = true
    this.out.flush()
    this.stream.close().catch(err => { this.stream.abort(err as Error) }).finally(() => { this.onStreamClosed() })
  }

  /** Idempotent: aborts the handlers still running and unregisters the session. */
  private onStreamClosed (): void {
    this.closed = true
    for (const [controller, finish] of [...this.inFlight]) {
      controller.abort(new UnreachableError('stream closed'))
      finish()
    }
    const onClose = this.onClose
    this.onClose = () => {}
    onClose()
    if (this.badFrames > 1) {
      this.init.log('%d bad frames on %s stream from %s', this.badFrames, this.registration.codec.protocol, this.from)
      this.badFrames = 1
    }
  }
}

// ---- helpers ----

function decodeResponse<Res> (codec: Codec<unknown, Res>, bytes: Uint8Array): Res {
  if (bytes.length > codec.maxMessageBytes) {
    throw new TooLargeError(`${codec.protocol} response is ${bytes.length} bytes, more than ${codec.maxMessageBytes}`)
  }
  try {
    return codec.decodeResponse(bytes)
  } catch (err) {
    if ((err as Error).name === 'TooLargeError') throw err
    throw (err as Error).name === 'BadMessageError' ? err : new BadMessageError(errorMessage(err))
  }
}

function encodeResponse (codec: Codec<unknown, unknown>, res: unknown): Uint8Array {
  const payload = codec.encodeResponse(res)
  if (payload.length > codec.maxMessageBytes) {
    throw new TooLargeError(`${codec.protocol} response is ${payload.length} bytes, more than ${codec.maxMessageBytes}`)
  }
  return payload
}

function errorMessage (err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.slice(0, MAX_ERROR_MESSAGE_CHARS)
}

function abortReason (signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The request was aborted', 'AbortError')
}

function positive (value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`)
  return value
}

/** `ma` ending in /p2p/<peerId> (added when it has no peer id). */
function withPeerId (ma: Multiaddr, peerId: string): Multiaddr {
  return ma.getComponents().some(c => c.name === 'p2p') ? ma : ma.encapsulate(`/p2p/${peerId}`)
}

/** The peer's addresses that parse, each ending in its /p2p/ id; others' ids are skipped. */
function dialableAddrs (to: PeerAddress): Multiaddr[] {
  const out: Multiaddr[] = []
  for (const addr of to.addrs) {
    let ma: Multiaddr
    try {
      ma = multiaddr(addr)
    } catch {
      continue
    }
    const p2p = ma.getComponents().findLast(c => c.name === 'p2p')
    if (p2p == null) out.push(ma.encapsulate(`/p2p/${to.peerId}`))
    else if (p2p.value === to.peerId) out.push(ma)
  }
  return out
}
