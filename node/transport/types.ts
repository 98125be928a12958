/**
 * The seam between protocol logic and the network. `node/chord`, `node/kv` and `node/coord`
 * only ever see these interfaces; `libp2p.ts` implements them over libp2p streams and
 * `sim.ts` over an in-memory network with virtual time, so the same protocol objects run in
 * the daemon and in the simulator.
 */

/** How to reach a physical peer: its libp2p peer id (string form) and dialable multiaddrs. */
export interface PeerAddress {
  readonly peerId: string
  /** Multiaddrs as strings (may be empty when the transport already knows how to reach it). */
  readonly addrs: readonly string[]
}

/**
 * A request/response protocol: its libp2p protocol id and how its messages become bytes.
 * decode* functions validate shapes and sizes and throw a BadMessageError on bad input.
 */
export interface Codec<Req, Res> {
  /** e.g. '/chordkv/ring/1.0.0' */
  readonly protocol: string
  /** Largest encoded request or response accepted, in bytes. */
  readonly maxMessageBytes: number
  encodeRequest (req: Req): Uint8Array
  decodeRequest (bytes: Uint8Array): Req
  encodeResponse (res: Res): Uint8Array
  decodeResponse (bytes: Uint8Array): Res
}

export interface RequestContext {
  /** Peer id of the requester (authenticated by noise over libp2p). */
  readonly from: string
  /** Aborted when the requester's deadline passes or the connection closes. */
  readonly signal: AbortSignal
}

/**
 * Serves one request. A thrown error that has a string `code` (see errors.ts) is sent back to
 * the requester as a typed error; anything else is answered as code 'Internal'. A handler
 * never crashes the transport.
 */
export type Handler<Req, Res> = (req: Req, ctx: RequestContext) => Promise<Res>

export interface RequestOptions {
  /** Deadline for the whole request, in milliseconds. Transports have a default. */
  readonly timeoutMs?: number
  readonly signal?: AbortSignal
}

export interface Transport {
  /** This peer's own address. */
  readonly self: PeerAddress
  /**
   * Sends one request and waits for its response.
   * Rejects with TimeoutError, UnreachableError (cannot dial / connection lost),
   * RemoteError (the peer answered a typed error, see `code`) or BadMessageError.
   */
  request<Req, Res> (to: PeerAddress, codec: Codec<Req, Res>, req: Req, options?: RequestOptions): Promise<Res>
  /** Registers the handler for codec.protocol (one handler per protocol). */
  handle<Req, Res> (codec: Codec<Req, Res>, handler: Handler<Req, Res>): Promise<void>
  unhandle (protocol: string): Promise<void>
}

/** Opaque timer handle returned by Clock.setTimeout. */
export type TimerHandle = unknown

/** Time as the protocol sees it: wall-clock-free, monotonic milliseconds. */
export interface Clock {
  /** Monotonic milliseconds since an arbitrary origin. */
  now (): number
  setTimeout (fn: () => void, ms: number): TimerHandle
  clearTimeout (handle: TimerHandle): void
}

/** A source of uniform numbers in [0, 1); seeded in the simulator. */
export type Random = () => number
