import { DEFAULT_M } from '../../ring/id.ts'
import { zoneProblem } from './messages.ts'
import type { ChordOptions } from './types.ts'

/** Default replication factor r. */
export const DEFAULT_REPLICAS = 3
/** Default number of vnodes per physical peer. */
export const DEFAULT_VNODES = 8
/** Successor lists are never longer than this many entries, whatever the options say. */
export const MAX_SUCCESSOR_LIST = 32
/** Candidates a findSuccessor step returns when it is not done. */
export const LOOKUP_CANDIDATES = 4
/**
 * Zones a zoned vnode's successor list must span (its own included) when the ring has them:
 * enough for every replica set to hold a copy outside the primary's zone.
 */
export const MIN_SUCCESSOR_ZONES = 2
/** Jitter applied to every maintenance period: the period is multiplied by 1 ± this. */
export const MAINTENANCE_JITTER = 0.25

/**
 * Successor list length: max(r, ceil(log2 N)) + 1 with N estimated at 64 peers, never less
 * than r + 1. Lists are further extended (up to MAX_SUCCESSOR_LIST) until they span r + 1
 * distinct physical peers, so replica sets can be drawn from them.
 */
export function defaultSuccessorListLength (replicas: number): number {
  return Math.max(replicas, 6) + 1
}

export function chordOptions (init: Partial<ChordOptions> = {}): ChordOptions {
  const replicas = init.replicas ?? DEFAULT_REPLICAS
  const options: ChordOptions = {
    m: DEFAULT_M,
    vnodes: DEFAULT_VNODES,
    replicas,
    successorListLength: defaultSuccessorListLength(replicas),
    stabilizeIntervalMs: 500,
    fixFingersIntervalMs: 500,
    fingersPerRound: 1,
    checkPredecessorIntervalMs: 1000,
    rpcTimeoutMs: 2000,
    maxLookupHops: 64,
    ...init
  }
  if (!Number.isInteger(options.vnodes) || options.vnodes < 1 || options.vnodes > 1024) {
    throw new RangeError(`vnodes must be an integer in [1, 1024], got ${options.vnodes}`)
  }
  if (!Number.isInteger(options.replicas) || options.replicas < 1 || options.replicas > 16) {
    throw new RangeError(`replicas must be an integer in [1, 16], got ${options.replicas}`)
  }
  if (!Number.isInteger(options.successorListLength) || options.successorListLength < options.replicas + 1 ||
      options.successorListLength > MAX_SUCCESSOR_LIST) {
    throw new RangeError(`successor list length must be in [r + 1, ${MAX_SUCCESSOR_LIST}], got ${options.successorListLength}`)
  }
  if (options.zone !== undefined) {
    const problem = zoneProblem(options.zone)
    if (problem !== null) throw new RangeError(problem)
  }
  for (const k of ['stabilizeIntervalMs', 'fixFingersIntervalMs', 'checkPredecessorIntervalMs', 'rpcTimeoutMs'] as const) {
    if (!(options[k] > 0)) throw new RangeError(`${k} must be positive, got ${options[k]}`)
  }
  return options
}
