/**
 * The seams of the Jepsen-style harness: a Backend is a cluster the harness can talk to
 * (logical clients with the coordination register API) and hurt (the nemesis's faults). Two
 * exist: `process` (peers as OS processes on 127.0.0.1 through testnet/, clients through
 * `connect().coord`) and `sim` (real CASPaxos acceptors and proposers on the simulated network
 * in virtual time, node/transport/sim.ts). Workloads and the nemesis see only this interface.
 */
import type { CoordApi } from '../../node/coord/api.ts'
import type { Clock } from '../../node/transport/types.ts'

/** Faults a nemesis can inject; a backend lists those it can do. */
export type FaultKind =
  /** kill -9 a peer, later restart it with its identity and data. */
  | 'kill-restart'
  /** kill -9 a peer, later restart it with its data dir wiped (see the backend for identity). */
  | 'kill-restart-empty'
  /** SIGSTOP a peer for 0.5–3 × TTL, then SIGCONT. */
  | 'pause'
  /** A new empty peer joins, then a random peer leaves gracefully. */
  | 'churn'

export const ALL_FAULTS: readonly FaultKind[] = ['kill-restart', 'kill-restart-empty', 'pause', 'churn']

export interface Backend {
  readonly kind: 'sim' | 'process'
  /** The clock every timestamp, think time and fault duration uses (virtual in sim). */
  readonly clock: Clock
  /** The faults this backend can inject. */
  readonly faults: readonly FaultKind[]
  /**
   * Runs `work` to completion. The simulator moves virtual time while it waits; the process
   * backend simply awaits.
   */
  drive: <T>(work: Promise<T>, maxMs: number) => Promise<T>
  /**
   * A logical client: a CoordApi of its own (its own proposer in sim, its own libp2p
   * connection in process mode, re-established after errors).
   */
  client: (name: string) => Promise<HarnessClient>
  /** Slots of the peers that run now (paused ones included). */
  liveSlots: () => number[]
  /** Slots of the peers that are up and not paused. */
  servingSlots: () => number[]
  /** Slots whose peers hold the coordination group now, when the backend can tell. */
  groupSlots: () => Promise<number[] | undefined>
  kill: (slot: number) => Promise<void>
  /** Restarts a killed peer with its identity and data. */
  restart: (slot: number) => Promise<void>
  /** Restarts a killed peer with its data wiped. */
  restartEmpty: (slot: number) => Promise<void>
  pause: (slot: number) => Promise<void>
  resume: (slot: number) => Promise<void>
  /** A new empty peer joins; resolves to its slot. */
  join: () => Promise<number>
  /** The peer leaves gracefully. */
  leave: (slot: number) => Promise<void>
  /**
   * Waits until the cluster has absorbed the last membership change (ring consistent, the
   * coordination group reconfigured), or `timeoutMs` passed. Resolves to whether it settled.
   */
  settle: (timeoutMs: number) => Promise<boolean>
  /** Why the last settle() did not settle, when the backend can tell. */
  settleProblem?: () => string | undefined
  /** The lease/session TTL the cluster uses, in ms (pauses last 0.5–3 × this). */
  readonly ttlMs: number
  /** A description of the backend for reports (peers, group size, identities on restart-empty). */
  describe: () => string
  close: () => Promise<void>
}

export interface HarnessClient {
  /** The CoordApi to use now for user registers (a reconnect replaces it). */
  readonly api: CoordApi
  /**
   * The raw register API under the recipes (reserved prefixes allowed), for workloads that run
   * the recipes themselves (W2).
   */
  readonly registers: CoordApi
  /** Called after an operation failed in a way that may mean the connection is bad. */
  reset: () => Promise<void>
  close: () => Promise<void>
}

/** One line of the nemesis log (JSONL artifact); `time` on the history's clock. */
export interface NemesisEvent {
  readonly time: number
  readonly phase: 'start' | 'end' | 'note'
  readonly action: string
  readonly slot?: number
  readonly detail?: string
  readonly error?: string
}

/** The harness itself was misused or cannot run (not a finding about the system under test). */
export class HarnessError extends Error {
  override readonly name = 'HarnessError'
}
