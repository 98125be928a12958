/** Tunables of the local store. Every number says its unit. */

/** Default memory cap of one peer's store, in bytes (`--memory`, memcached's default -m 64). */
export const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024

/**
 * How long a tombstone (a delete, or an expired item) is kept, in ms. It must outlive the time
 * replicas need to exchange it (replication + a few anti-entropy rounds): a replica that still
 * holds the old value after the tombstone is gone would bring the value back.
 */
export const DEFAULT_TOMBSTONE_TTL_MS = 10 * 60 * 1000

/**
 * Bytes charged per held key on top of its key and value bytes, so that `--memory` bounds the
 * real heap and not just the payload. Measured on Node 24 / V8 with 100k entries (8-byte and
 * 1000-byte values alike): ~470 bytes of heap per entry beyond key and value — ~230 for the
 * Uint8Array and its ArrayBuffer, the rest the entry, its Map slot, the Item and Version objects
 * and two bigints. memcached charges its ~50-byte item header the same way; ours is larger
 * because a JS object graph is.
 */
export const ITEM_OVERHEAD_BYTES = 480

/** memcached's largest key, in bytes (protocol.txt). Keys are validated by the caller. */
export const MAX_KEY_BYTES = 250

/** Largest value, in bytes (memcached's default item size limit, -I 1m). */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024

/** memcached exptime: values up to this many seconds (30 days) are relative, larger are absolute unix seconds. */
export const MAX_RELATIVE_EXPTIME_S = 60 * 60 * 24 * 30

/** Bits of the logical counter in a packed HLC (the low bits; the high 48 are wall ms). */
export const HLC_LOGICAL_BITS = 16

/** Anti-entropy buckets per digest when the caller does not say (key id mod buckets). */
export const DEFAULT_DIGEST_BUCKETS = 256

/** The log is compacted when it is larger than this many bytes ... */
export const COMPACT_MIN_LOG_BYTES = 4 * 1024 * 1024
/** ... and larger than this many times the bytes of the records it would keep. */
export const COMPACT_LOG_RATIO = 2

/** Period of the background fsync of the log, in ms; sync() forces one at once. */
export const DEFAULT_FSYNC_INTERVAL_MS = 50
