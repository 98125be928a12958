/**
 * Length-prefixed framing: each frame is its length as an unsigned LEB128 varint followed by
 * that many bytes (the same wire format as it-length-prefixed). Sans-I/O: the decoder is fed
 * chunks as they arrive and hands back complete frames; it never holds more than one frame
 * plus one chunk, and it refuses a length prefix above its cap before buffering the body.
 */
import { Uint8ArrayList } from 'uint8arraylist'
import { BadMessageError, TooLargeError } from '../transport/errors.ts'

/** A varint longer than this cannot describe a frame we would accept (2^35 > any cap). */
const MAX_VARINT_BYTES = 5

/** Bytes of the unsigned varint encoding of n (n a non-negative safe integer). */
export function varintLength (n: number): number {
  let length = 1
  while (n >= 0x80) {
    n = Math.floor(n / 128)
    length++
  }
  return length
}

/** One frame: varint(body.length) ‖ body, as a single buffer. */
export function encodeFrame (body: Uint8Array): Uint8Array {
  const out = new Uint8Array(varintLength(body.length) + body.length)
  let n = body.length
  let i = 0
  while (n >= 0x80) {
    out[i++] = (n & 0x7f) | 0x80
    n = Math.floor(n / 128)
  }
  out[i++] = n
  out.set(body, i)
  return out
}

/**
 * Incremental frame decoder. `push` chunks, then call `next` until it returns null.
 * `next` throws TooLargeError for a length prefix above `maxFrameBytes` and BadMessageError
 * for a malformed prefix; the stream is unusable after either (framing is lost).
 */
export class FrameDecoder {
  readonly maxFrameBytes: number
  private readonly buffer = new Uint8ArrayList()
  /** Body length of the frame being assembled, once its prefix has been read. */
  private bodyLength = -1

  constructor (maxFrameBytes: number) {
    this.maxFrameBytes = maxFrameBytes
  }

  /** Bytes buffered and not yet returned as frames. */
  get bufferedBytes (): number {
    return this.buffer.byteLength
  }

  push (chunk: Uint8Array | Uint8ArrayList): void {
    this.buffer.append(chunk)
  }

  next (): Uint8Array | null {
    if (this.bodyLength < 0) {
      const prefix = this.readPrefix()
      if (prefix == null) return null
      this.bodyLength = prefix
    }
    if (this.buffer.byteLength < this.bodyLength) return null
    const body = this.buffer.subarray(0, this.bodyLength)
    this.buffer.consume(this.bodyLength)
    this.bodyLength = -1
    return body
  }

  /** The next length prefix, consumed; null until all of its bytes have arrived. */
  private readPrefix (): number | null {
    let value = 0
    const available = Math.min(this.buffer.byteLength, MAX_VARINT_BYTES)
    for (let i = 0; i < available; i++) {
      const byte = this.buffer.get(i)
      value += (byte & 0x7f) * 2 ** (7 * i)
      if ((byte & 0x80) === 0) {
        if (i > 0 && byte === 0) throw new BadMessageError('frame length prefix is not minimally encoded')
        if (value > this.maxFrameBytes) {
          throw new TooLargeError(`frame of ${value} bytes exceeds the limit of ${this.maxFrameBytes}`)
        }
        this.buffer.consume(i + 1)
        return value
      }
    }
    if (available === MAX_VARINT_BYTES) {
      throw new TooLargeError(`frame length prefix longer than ${MAX_VARINT_BYTES} bytes exceeds the limit of ${this.maxFrameBytes}`)
    }
    // An incomplete prefix that already exceeds the cap need not wait for its last byte.
    if (value > this.maxFrameBytes) {
      throw new TooLargeError(`frame of more than ${value} bytes exceeds the limit of ${this.maxFrameBytes}`)
    }
    return null
  }
}
