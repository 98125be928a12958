/**
 * Pieces shared by the protocol codecs (ring-codec.ts, kv-codec.ts): fixed-width id bytes,
 * peer id and multiaddr checks, and the size-capped protobuf decode that turns every failure
 * into a BadMessageError (or a TooLargeError for the total size).
 *
 * Conventions: a `...Problem` function returns what is wrong with a value, or null; codecs
 * throw it as a BadMessageError when decoding (untrusted input) and as a RangeError when
 * encoding (a bug of the caller).
 */
import './uint64-fix.ts'
import { bytesToId, idBytes, idToBytes, ringSize } from '../../ring/id.ts'
import { BadMessageError, TooLargeError } from '../transport/errors.ts'
import { MAX_ADDR_BYTES, MAX_ADDRS, MAX_PEER_ID_BYTES } from '../chord/messages.ts'


/** The length of a string in UTF-8 bytes. */
export function utf8Length (s: string): number {
  // Buffer.byteLength counts without encoding (a lone surrogate counts 3 bytes, as U+FFFD).
  return Buffer.byteLength(s, 'utf8')
}

/** Ids <-> their fixed-width big-endian bytes for one m (m is assumed valid, see checkM). */
export class IdCodec {
  readonly m: number
  readonly bytes: number
  readonly limit: bigint

  constructor (m: number) {
    this.m = m
    this.bytes = idBytes(m)
    this.limit = ringSize(m)
  }

  /** Throws RangeError: sending an id outside [0, 2^m) is a bug of the caller, not bad input. */
  encode (id: bigint, field: string): Uint8Array<ArrayBuffer> {
    if (typeof id !== 'bigint' || id < 0n || id >= this.limit) {
      throw new RangeError(`${field}: id ${String(id)} is not in [0, 2^${this.m})`)
    }
    return idToBytes(id, this.m) as Uint8Array<ArrayBuffer>
  }

  decode (bytes: Uint8Array | undefined, field: string): bigint {
    if (bytes == null || bytes.length === 0) throw new BadMessageError(`${field}: missing id`)
    if (bytes.length !== this.bytes) {
      throw new BadMessageError(`${field}: an id is ${this.bytes} bytes, got ${bytes.length}`)
    }
    try {
      return bytesToId(bytes, this.m)
    } catch {
      throw new BadMessageError(`${field}: id does not fit in ${this.m} bits`)
    }
  }
}

/** What is wrong with a peer id (string form, non-empty, at most MAX_PEER_ID_BYTES), or null. */
export function peerIdProblem (peerId: string, field: string): string | null {
  if (typeof peerId !== 'string') return `${field}: not a string`
  const bytes = utf8Length(peerId)
  if (bytes === 0) return `${field}: missing`
  if (bytes > MAX_PEER_ID_BYTES) return `${field}: ${bytes} bytes, more than ${MAX_PEER_ID_BYTES}`
  return null
}

/** What is wrong with a node's peer id and addresses, or null; shared by both directions. */
export function nodeProblem (peerId: string, addrs: readonly string[], field: string): string | null {
  const problem = peerIdProblem(peerId, `${field}.peerId`)
  if (problem != null) return problem
  if (addrs.length > MAX_ADDRS) return `${field}.addrs: ${addrs.length} addresses, more than ${MAX_ADDRS}`
  for (let i = 0; i < addrs.length; i++) {
    if (typeof addrs[i] !== 'string') return `${field}.addrs[${i}]: not a string`
    const addrBytes = utf8Length(addrs[i])
    if (addrBytes === 0) return `${field}.addrs[${i}]: empty`
    if (addrBytes > MAX_ADDR_BYTES) return `${field}.addrs[${i}]: ${addrBytes} bytes, more than ${MAX_ADDR_BYTES}`
  }
  return null
}

/** Returns encoded bytes, or throws TooLargeError when they exceed `max`; `what` e.g. 'ring request'. */
export function checkEncodedSize (bytes: Uint8Array, max: number, what: string): Uint8Array {
  if (bytes.length > max) throw new TooLargeError(`${what} is ${bytes.length} bytes, more than ${max}`)
  return bytes
}

/**
 * Decodes protobuf bytes of at most `max` bytes: TooLargeError above it, BadMessageError for
 * anything the protons decoder rejects (including a repeated field over a decode limit).
 */
export function decodeWire<T> (bytes: Uint8Array, decode: (b: Uint8Array) => T, max: number, what: string): T {
  if (bytes.length > max) throw new TooLargeError(`${what} is ${bytes.length} bytes, more than ${max}`)
  try {
    return decode(bytes)
  } catch (err) {
    const { name, message } = err as Error
    if (name === 'MaxLengthError') throw new BadMessageError(`${what}: ${message}`)
    throw new BadMessageError(`${what} is not valid protobuf: ${message}`)
  }
}
