/**
 * Two per-message costs of the libp2p stack, removed without changing a byte's meaning on the
 * wire. Between busy peers (a memcached port forwarding sets, a primary replicating them) they
 * were most of the transport's CPU: under 16 concurrent sets on an in-process 4-peer ring,
 * socket writes were 18 % of all samples, yamux window updates 13 % and noise's length decoder
 * 6.5 % (docs/architecture.md, "Transport").
 *
 * - **Yamux window updates at half the window.** `@libp2p/yamux` 8 answers every data frame
 *   with a window update: one more yamux frame, noise message and socket write per message
 *   received. go-yamux, rust-yamux and py-libp2p send one only when half the receive window
 *   has been consumed; `windowUpdateAtHalf` does the same on the streams this transport opens
 *   and accepts. Flow control is unchanged (the sender may still have at most one window in
 *   flight); a window that is never refilled below half can never stall a sender.
 * - **One write per noise message.** `@chainsafe/libp2p-noise` 17 hands TCP each message as
 *   two buffers, its 2-byte length and its ciphertext, and `@libp2p/tcp` writes each buffer to
 *   the socket on its own: two syscalls per message. `leanNoise` puts the two in one buffer.
 *   Its length decoder also throws (and catches) a RangeError at the end of every chunk
 *   received; `leanNoise` reads the lengths without throwing.
 *
 * Both reach into fields the packages do not export. Each checks the shape it relies on and,
 * when a new version of a package has changed it, leaves that object as it is (logged once):
 * the stack then works as upstream wrote it, only slower.
 */
import { noise } from '@chainsafe/libp2p-noise'
import type { ComponentLogger, ConnectionEncrypter, MessageStream, SecuredConnection, Stream } from '@libp2p/interface'
import { YamuxStream } from '@libp2p/yamux/stream'
import { Uint8ArrayList } from 'uint8arraylist'

/** Noise's longest plaintext per message (65535 minus the 16-byte tag). */
const NOISE_MAX_PLAINTEXT = 65_535 - 16
/** Noise's own bound on received bytes waiting for the end of a message. */
const NOISE_MAX_BUFFERED = 16 * 1024 * 1024
/** The yamux stream state in which no window update may be sent (upstream's StreamState.Paused). */
const YAMUX_PAUSED = 5

type Noise = ReturnType<typeof noise>
type NoiseInit = Parameters<typeof noise>[0]

/** `noise()` whose secured connections send each message as one buffer and decode lengths without throwing. */
export function leanNoise (init?: NoiseInit): Noise {
  const factory = noise(init)
  return (components: Parameters<Noise>[0]) => {
    const inner = factory(components)
    const log = (components as { logger?: ComponentLogger }).logger?.forComponent('chordkv:transport:lean-wire')
    let warned = false
    const lean = (secured: SecuredConnection): SecuredConnection => {
      if (!leanNoiseConnection(secured.connection) && !warned) {
        warned = true
        log?.error('@chainsafe/libp2p-noise has changed shape: its connections are left as they are (two socket writes per message)')
      }
      return secured
    }
    const outer: ConnectionEncrypter = Object.create(inner)
    outer.secureInbound = async (connection, options) => lean(await inner.secureInbound(connection, options))
    outer.secureOutbound = async (connection, options) => lean(await inner.secureOutbound(connection, options))
    return outer as ReturnType<Noise>
  }
}

/** The fields of noise 17's EncryptedMessageStream that leanNoise relies on. */
interface NoiseConnection {
  stream: { send: (data: Uint8Array) => boolean }
  handshake: { encrypt: (plaintext: Uint8Array | Uint8ArrayList) => Uint8Array | Uint8ArrayList }
  decoder: { decode: (buf: Uint8Array | Uint8ArrayList) => Iterable<Uint8ArrayList> }
  metrics?: { encryptedPackets: { increment: () => void } }
  sendData: (data: Uint8ArrayList) => { sentBytes: number, canSendMore: boolean }
}

/** Replaces `connection`'s sendData and length decoder; false (and nothing changed) if it is not noise 17's. */
export function leanNoiseConnection (connection: MessageStream): boolean {
  const c = connection as unknown as Partial<NoiseConnection>
  if (typeof c.sendData !== 'function' || typeof c.stream?.send !== 'function' ||
    typeof c.handshake?.encrypt !== 'function' || typeof c.decoder?.decode !== 'function') return false
  const noiseConnection = c as NoiseConnection
  noiseConnection.sendData = data => ({ sentBytes: data.byteLength, canSendMore: noiseConnection.stream.send(encryptMessages(noiseConnection, data)) })
  noiseConnection.decoder = new Uint16LengthDecoder()
  return true
}

/** `data` as noise messages ([2-byte length][ciphertext], each at most 64 KiB) in one buffer. */
function encryptMessages (connection: NoiseConnection, data: Uint8ArrayList): Uint8Array {
  const sealed: Array<Uint8Array | Uint8ArrayList> = []
  let total = 0
  for (let start = 0; start < data.byteLength; start += NOISE_MAX_PLAINTEXT) {
    const end = Math.min(start + NOISE_MAX_PLAINTEXT, data.byteLength)
    const ciphertext = connection.handshake.encrypt(data.sublist(start, end))
    connection.metrics?.encryptedPackets.increment()
    sealed.push(ciphertext)
    total += 2 + ciphertext.byteLength
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const ciphertext of sealed) {
    out[at] = ciphertext.byteLength >> 8
    out[at + 1] = ciphertext.byteLength & 0xff
    at += 2
    for (const chunk of ciphertext instanceof Uint8Array ? [ciphertext] : ciphertext) {
      out.set(chunk, at)
      at += chunk.byteLength
    }
  }
  return out
}

/** Noise's framing on the receiving side: [2-byte big-endian length][message], no exceptions on short input. */
export class Uint16LengthDecoder {
  private readonly buffer = new Uint8ArrayList()

  /** The whole messages received so far, in order (noise iterates the result). */
  decode (buf: Uint8Array | Uint8ArrayList): Uint8ArrayList[] {
    this.buffer.append(buf)
    if (this.buffer.byteLength > NOISE_MAX_BUFFERED) {
      throw new RangeError(`Buffer length limit exceeded - ${this.buffer.byteLength}/${NOISE_MAX_BUFFERED}`)
    }
    const messages: Uint8ArrayList[] = []
    while (this.buffer.byteLength >= 2) {
      const length = (this.buffer.get(0) << 8) | this.buffer.get(1)
      if (this.buffer.byteLength < 2 + length) break
      const message = this.buffer.sublist(2, 2 + length)
      this.buffer.consume(2 + length)
      if (length > 0) messages.push(message)
    }
    return messages
  }
}

/** The yamux fields windowUpdateAtHalf uses (private in @libp2p/yamux 8's typings). */
interface YamuxWindow {
  state: number
  recvWindow: number
  recvWindowCapacity: number
  maxStreamWindowSize: number
  epochStart: number
  getSendFlags: () => number
  getRTT: () => number
  sendFrame: (header: { type: number, flag: number, streamID: number, length: number }) => boolean
  streamId: number
  sendWindowUpdate: () => void
}

/** Yamux's frame type of a window update (FrameType.WindowUpdate). */
const YAMUX_WINDOW_UPDATE = 1

/**
 * Makes a yamux stream grant more window only when half of it is used (or a flag must go
 * out), as go-yamux does; true if `stream` is a yamux stream of the expected shape.
 */
export function windowUpdateAtHalf (stream: Stream): boolean {
  if (!(stream instanceof YamuxStream)) return false
  const s = stream as unknown as YamuxWindow
  if (typeof s.getSendFlags !== 'function' || typeof s.getRTT !== 'function' || typeof s.sendFrame !== 'function' ||
    typeof s.recvWindow !== 'number' || typeof s.recvWindowCapacity !== 'number' || typeof s.maxStreamWindowSize !== 'number') return false
  s.sendWindowUpdate = function (this: YamuxWindow): void {
    if (this.state === YAMUX_PAUSED) {
      // As upstream: the epoch restarts when the reader resumes.
      this.epochStart = Date.now()
      return
    }
    const flags = this.getSendFlags()
    if (flags === 0 && this.recvWindowCapacity * 2 > this.recvWindow) return
    const now = Date.now()
    const rtt = this.getRTT()
    // Upstream's auto-tuning, evaluated once per update: a window used up within four round
    // trips doubles, up to the configured maximum.
    if (flags === 0 && rtt > -1 && now - this.epochStart <= rtt * 4) {
      this.recvWindow = Math.min(this.recvWindow * 2, this.maxStreamWindowSize)
    }
    const delta = this.recvWindow - this.recvWindowCapacity
    this.recvWindowCapacity = this.recvWindow
    this.epochStart = now
    this.sendFrame({ type: YAMUX_WINDOW_UPDATE, flag: flags, streamID: this.streamId, length: delta })
  }
  return true
}
