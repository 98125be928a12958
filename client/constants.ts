/** Tunables of the client library. Every number says its unit. */

/** Deadline of one request to one peer, in ms (an operation may make several, see retries). */
export const DEFAULT_TIMEOUT_MS = 5_000

/**
 * Further attempts an operation may make after its first one: to the next replica (reads),
 * to another peer after a dial failure (writes), or after refreshing a stale ring view.
 */
export const DEFAULT_RETRIES = 3

/** Least time between two ring view fetches, in ms: a burst of stale answers costs one fetch. */
export const DEFAULT_MIN_REFRESH_INTERVAL_MS = 100

/**
 * How long a peer that failed to answer is tried last, in ms: while its successor takes over,
 * reads go to the other replicas first instead of waiting for it to time out each time.
 */
export const SUSPECT_MS = 10_000

/** Peers of the current view asked for a new view before falling back to the bootstrap addresses. */
export const MAX_VIEW_SOURCES = 4

/** memcached: an exptime up to 30 days (in seconds) is relative; larger ones are absolute Unix times. */
export const MAX_RELATIVE_TTL_S = 60 * 60 * 24 * 30

/** A ringView request may take this many times the request deadline (the peer may have to walk the ring first). */
export const VIEW_TIMEOUT_FACTOR = 3
