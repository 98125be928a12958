/**
 * Works around a protons-runtime 8.0.1 bug: `Writer.uint64` (and `int64`, which calls it)
 * encodes every value in [2^31, 2^32) wrongly (its number-to-LongBits path), so such a
 * version, delta or counter would not survive the wire. Values up to 2^53 - 1 are written
 * with the runtime's own `uint64Number` encoder instead (correct over that whole range);
 * larger ones keep the original path, which is correct there. The wire format is unchanged:
 * a plain protobuf varint. Imported for its effect by every codec (common.ts); checked by
 * test/transport/uint64.test.ts.
 */
import { writer } from 'protons-runtime'

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

interface PatchableWriter {
  uint64 (value: bigint): unknown
  uint64Number (value: number): unknown
  chordkvUint64Fix?: boolean
}

const prototype = Object.getPrototypeOf(writer()) as PatchableWriter
if (prototype.chordkvUint64Fix !== true) {
  const original = prototype.uint64
  prototype.uint64 = function (this: PatchableWriter, value: bigint) {
    return value >= 0n && value <= MAX_SAFE ? this.uint64Number(Number(value)) : original.call(this, value)
  }
  prototype.chordkvUint64Fix = true
}
