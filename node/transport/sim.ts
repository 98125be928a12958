/**
 * An in-memory network in virtual time, for tests and the simulator. The same protocol objects
 * that run over libp2p run here; a run is deterministic given the seed of its Random.
 *
 * Time only moves when the owner calls `clock.run*()`: events (timers, message deliveries) are
 * kept in one heap ordered by (time, sequence). Event times are whole milliseconds, and all
 * events of one millisecond run before the promise continuations they trigger are drained
 * (through setImmediate), so async protocol code runs unchanged and in a repeatable order.
 */
import { errorCode, RemoteError, TimeoutError, TooLargeError, UnreachableError } from './errors.ts'
import type { Clock, Codec, Handler, PeerAddress, Random, RequestOptions, TimerHandle, Transport } from './types.ts'

interface SimEvent {
  readonly at: number
  readonly seq: number
  readonly fn: () => void
  cancelled: boolean
}

/** A binary min-heap of events by (at, seq). */
class EventHeap {
  private readonly items: SimEvent[] = []

  get size (): number {
    return this.items.length
  }

  peek (): SimEvent | undefined {
    return this.items[0]
  }

  push (ev: SimEvent): void {
    const a = this.items
    a.push(ev)
    let i = a.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(a[i], a[parent])) break
      ;[a[i], a[parent]] = [a[parent], a[i]]
      i = parent
    }
  }

  pop (): SimEvent | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length > 0 && last !== undefined) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && before(a[l], a[m])) m = l
        if (r < a.length && before(a[r], a[m])) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m], a[i]]
        i = m
      }
    }
    return top
  }
}

function before (x: SimEvent, y: SimEvent): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq)
}

const drainMicrotasks = async (): Promise<void> => { await new Promise<void>(resolve => { setImmediate(resolve) }) }

export class VirtualClock implements Clock {
  private time = 0
  private seq = 0
  private readonly heap = new EventHeap()
  /** Events run so far. */
  eventsRun = 0

  now (): number {
    return this.time
  }

  setTimeout (fn: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : 0
    const ev: SimEvent = { at: this.time + delay, seq: this.seq++, fn, cancelled: false }
    this.heap.push(ev)
    return ev
  }

  clearTimeout (handle: TimerHandle): void {
    if (handle !== undefined && handle !== null) (handle as SimEvent).cancelled = true
  }

  /** Runs every event due at or before `until`, then leaves the clock at `until`. */
  async runUntil (until: number, stop?: () => boolean): Promise<void> {
    await drainMicrotasks()
    for (;;) {
      if (stop?.() === true) return
      const next = this.heap.peek()
      if (next === undefined || next.at > until) break
      this.time = next.at
      while (this.heap.peek()?.at === this.time) {
        const ev = this.heap.pop() as SimEvent
        if (ev.cancelled) continue
        this.eventsRun++
        ev.fn()
      }
      await drainMicrotasks()
    }
    if (until > this.time) this.time = until
  }

  async runFor (ms: number): Promise<void> {
    await this.runUntil(this.time + ms)
  }

  /**
   * Runs until `condition()` holds, checking it every `checkEveryMs` of virtual time (0: after
   * every millisecond of events); gives up after `maxMs`. Returns whether the condition held.
   */
  async runUntilCondition (condition: () => boolean, maxMs: number, checkEveryMs: number = 0): Promise<boolean> {
    const deadline = this.time + maxMs
    if (condition()) return true
    if (checkEveryMs <= 0) {
      await this.runUntil(deadline, condition)
      return condition()
    }
    while (this.time < deadline) {
      await this.runUntil(Math.min(deadline, this.time + checkEveryMs))
      if (condition()) return true
    }
    return false
  }

  /** Runs the clock until `promise` settles (or `maxMs` pass), then returns its outcome. */
  async settle<T> (promise: Promise<T>, maxMs: number = 600_000): Promise<T> {
    let settled = false
    const watched = promise.finally(() => { settled = true })
    watched.catch(() => {})
    await this.runUntilCondition(() => settled, maxMs)
    if (!settled) throw new TimeoutError(`promise did not settle within ${maxMs} ms of virtual time`)
    return await watched
  }
}

export interface SimNetworkInit {
  readonly clock: VirtualClock
  readonly random: Random
  /** One-way latency of a message, in ms (default: uniform in [1, 5)). */
  readonly latencyMs?: (from: string, to: string) => number
  /** Encode and decode every message with its codec, as on the wire (slower; default false). */
  readonly encode?: boolean
  /** Default request deadline, in ms. */
  readonly defaultTimeoutMs?: number
}

/** Traffic counters of the whole network. */
export interface SimNetworkStats {
  requests: number
  responses: number
  failures: number
}

export class SimNetwork {
  readonly clock: VirtualClock
  readonly stats: SimNetworkStats = { requests: 0, responses: 0, failures: 0 }
  /** Requests sent, by sending peer id. */
  readonly sentBy = new Map<string, number>()
  private readonly random: Random
  private readonly latency: (from: string, to: string) => number
  private readonly encode: boolean
  private readonly defaultTimeoutMs: number
  private readonly transports = new Map<string, SimTransport>()

  constructor (init: SimNetworkInit) {
    this.clock = init.clock
    this.random = init.random
    this.latency = init.latencyMs ?? (() => 1 + this.random() * 4)
    this.encode = init.encode ?? false
    this.defaultTimeoutMs = init.defaultTimeoutMs ?? 2000
  }

  /** A transport for `peerId`, replacing any earlier one (a restart). */
  createTransport (peerId: string): SimTransport {
    const t = new SimTransport(this, peerId)
    this.transports.set(peerId, t)
    return t
  }

  /** The peer stops answering: its connections are refused and its own requests fail. */
  crash (peerId: string): void {
    const t = this.transports.get(peerId)
    if (t !== undefined) t.down = true
  }

  /** @internal */
  deliver<Req, Res> (from: SimTransport, to: PeerAddress, codec: Codec<Req, Res>, req: Req, options: RequestOptions = {}): Promise<Res> {
    const { promise, resolve, reject } = Promise.withResolvers<Res>()
    if (from.down) {
      reject(new UnreachableError('this peer is down'))
      return promise
    }
    this.stats.requests++
    this.sentBy.set(from.self.peerId, (this.sentBy.get(from.self.peerId) ?? 0) + 1)
    let done = false
    const finish = (fn: () => void): void => {
      if (done) return
      done = true
      this.clock.clearTimeout(deadline)
      fn()
    }
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs
    const deadline = this.clock.setTimeout(() => {
      this.stats.failures++
      finish(() => { reject(new TimeoutError(`request to ${to.peerId} timed out after ${timeoutMs} ms`)) })
    }, timeoutMs)
    options.signal?.addEventListener('abort', () => { finish(() => { reject(options.signal?.reason) }) }, { once: true })
    const there = this.latency(from.self.peerId, to.peerId)
    const back = this.latency(to.peerId, from.self.peerId)
    const reply = (fn: () => void): void => {
      this.clock.setTimeout(() => {
        if (from.down) return
        this.stats.responses++
        finish(fn)
      }, back)
    }
    this.clock.setTimeout(() => {
      const target = this.transports.get(to.peerId)
      const handler = target?.handlerFor(codec.protocol)
      if (target === undefined || target.down || handler === undefined) {
        this.stats.failures++
        reply(() => { reject(new UnreachableError(`${to.peerId} refused the connection`)) })
        return
      }
      let wireReq: Req
      try {
        wireReq = this.encode ? codec.decodeRequest(this.checkSize(codec, codec.encodeRequest(req))) : req
      } catch (err) {
        reply(() => { reject(new RemoteError(errorCode(err), (err as Error).message)) })
        return
      }
      const controller = new AbortController()
      const ctx = { from: from.self.peerId, signal: controller.signal }
      handler(wireReq, ctx).then(res => {
        if (target.down) return
        let wireRes: Res
        try {
          wireRes = this.encode ? codec.decodeResponse(this.checkSize(codec, codec.encodeResponse(res))) : res
        } catch (err) {
          reply(() => { reject(err) })
          return
        }
        reply(() => { resolve(wireRes) })
      }, err => {
        if (target.down) return
        reply(() => { reject(new RemoteError(errorCode(err), (err as Error).message)) })
      })
    }, there)
    return promise
  }

  private checkSize<Req, Res> (codec: Codec<Req, Res>, bytes: Uint8Array): Uint8Array {
    if (bytes.length > codec.maxMessageBytes) throw new TooLargeError(`message of ${bytes.length} bytes exceeds ${codec.maxMessageBytes}`)
    return bytes
  }
}

export class SimTransport implements Transport {
  readonly self: PeerAddress
  down = false
  private readonly network: SimNetwork
  private readonly handlers = new Map<string, Handler<any, any>>()

  constructor (network: SimNetwork, peerId: string) {
    this.network = network
    this.self = { peerId, addrs: [] }
  }

  async request<Req, Res> (to: PeerAddress, codec: Codec<Req, Res>, req: Req, options?: RequestOptions): Promise<Res> {
    return await this.network.deliver(this, to, codec, req, options)
  }

  async handle<Req, Res> (codec: Codec<Req, Res>, handler: Handler<Req, Res>): Promise<void> {
    this.handlers.set(codec.protocol, handler)
  }

  async unhandle (protocol: string): Promise<void> {
    this.handlers.delete(protocol)
  }

  /** @internal */
  handlerFor (protocol: string): Handler<any, any> | undefined {
    return this.handlers.get(protocol)
  }
}
