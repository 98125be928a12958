/**
 * Versions: a hybrid logical clock timestamp plus the id of the writing peer. They order
 * writes for last-writer-wins and double as the memcached CAS unique.
 *
 * Kulkarni, Demirbas et al., "Logical Physical Clocks and Consistent Snapshots in Globally
 * Distributed Databases" (2014). An HLC timestamp is (l, c): l the largest wall time seen, c a
 * counter that orders events sharing l. Packed as one u64, (l << 16) | c, the paper's rules
 * reduce to max(): a local event takes max(last + 1, wallMs << 16) and a received timestamp m
 * moves last to max(last, m). `last + 1` overflowing c into l is exactly "advance the ms when
 * the counter is full", so the clock never stalls.
 */
import { createHash } from 'node:crypto'
import { HLC_LOGICAL_BITS } from './constants.ts'
import { StoreError } from './errors.ts'

export interface Version {
  /** u64: (physical ms << 16n) | logical counter. */
  readonly hlc: bigint
  /** u32 id of the writing peer (writerId of its peer id). */
  readonly writer: number
}

const U64_MAX = (1n << 64n) - 1n
const LOGICAL = BigInt(HLC_LOGICAL_BITS)
const LOGICAL_MASK = (1n << LOGICAL) - 1n
const PHYSICAL_MAX_MS = 2 ** (64 - HLC_LOGICAL_BITS) - 1

/** Negative when a is older than b, 0 when equal, positive when newer: hlc first, then writer. */
export function compareVersions (a: Version, b: Version): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1
  if (a.writer !== b.writer) return a.writer < b.writer ? -1 : 1
  return 0
}

/** a is strictly newer than b. */
export function isNewer (a: Version, b: Version): boolean {
  return compareVersions(a, b) > 0
}

/**
 * The memcached CAS unique of a version: its hlc. Unique per key as long as two primaries
 * never issue the same hlc for the same key (each primary's HLC is strictly increasing and
 * moves past every version it stores, so only a concurrent write on two primaries during churn
 * can collide); the tie-break by writer keeps last-writer-wins deterministic even then.
 */
export function casUnique (v: Version): bigint {
  return v.hlc
}

/** The wall-clock part of a version, in ms since the Unix epoch. */
export function physicalMs (v: Version): number {
  return Number(v.hlc >> LOGICAL)
}

/** The logical counter of a version. */
export function logicalOf (v: Version): number {
  return Number(v.hlc & LOGICAL_MASK)
}

/** Packs wall ms and a logical counter into an hlc (for tests and decoding). */
export function packHlc (physicalMs: number, logical: number = 0): bigint {
  return (BigInt(physicalMs) << LOGICAL) | BigInt(logical)
}

/** True when v is a well-formed version: hlc a u64, writer a u32. */
export function isVersion (v: unknown): v is Version {
  if (typeof v !== 'object' || v === null) return false
  const { hlc, writer } = v as { hlc: unknown, writer: unknown }
  return typeof hlc === 'bigint' && hlc >= 0n && hlc <= U64_MAX &&
    typeof writer === 'number' && Number.isInteger(writer) && writer >= 0 && writer <= 0xffffffff
}

/** A 32-bit id of a peer for Version.writer: the first 4 bytes of SHA-256(peerId), big-endian. */
export function writerId (peerId: string): number {
  return createHash('sha256').update(peerId).digest().readUInt32BE(0)
}

export interface HybridLogicalClockInit {
  /** Wall time in ms since the Unix epoch (Date.now in the daemon; a fake in tests). */
  readonly now: () => number
  /** This peer's writer id (see writerId). */
  readonly writer: number
}

/**
 * One peer's hybrid logical clock. next() is strictly increasing whatever the wall clock does
 * (it may jump backwards: NTP steps, a VM restored); observe() moves the clock past a version
 * received from another peer, so a write that follows a read of v gets a version newer than v.
 *
 * There is no bound on how far ahead a received version may be (the paper's epsilon): a peer
 * whose wall clock is far ahead drags everyone's hlc with it. Callers that want a bound compare
 * physicalMs(v) with their own wall clock before observing.
 */
export class HybridLogicalClock {
  readonly writer: number
  private readonly now: () => number
  private last = 0n

  constructor (init: HybridLogicalClockInit) {
    if (!Number.isInteger(init.writer) || init.writer < 0 || init.writer > 0xffffffff) {
      throw new RangeError(`writer must be a u32, got ${init.writer}`)
    }
    this.writer = init.writer
    this.now = init.now
  }

  /** A version newer than every version this clock issued or observed. */
  next (): Version {
    const wall = this.wallHlc()
    const candidate = this.last + 1n
    if (candidate > U64_MAX) throw new StoreError('ClockExhausted', 'the hybrid logical clock reached 2^64 - 1')
    this.last = wall > candidate ? wall : candidate
    return { hlc: this.last, writer: this.writer }
  }

  /** Moves the clock past v: every later next() is newer than v. */
  observe (v: Version): void {
    if (v.hlc > this.last) this.last = v.hlc
  }

  /** The last hlc issued or observed (0n before any). */
  peek (): bigint {
    return this.last
  }

  private wallHlc (): bigint {
    const ms = Math.floor(this.now())
    // A wall clock before 1970 or past the 48-bit range (year 10889) contributes nothing;
    // the logical part keeps the clock moving.
    if (!(ms > 0) || ms > PHYSICAL_MAX_MS) return 0n
    return BigInt(ms) << LOGICAL
  }
}
