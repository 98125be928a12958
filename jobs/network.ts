/**
 * A jobs run over a real ring: one client (connect()) for the producer and checker and one per
 * worker, worker i bootstrapped through peer i mod P first (so the workers enter the ring
 * through different peers), all on the system clock. The client library is loaded only here, so
 * the simulator tests of jobs/ never load libp2p.
 */
import { randomBytes } from 'node:crypto'
import type { Client } from '../client/index.ts'
import { systemClock, systemRandom } from '../node/transport/clock.ts'
import { runJobs, type RunJobsInit, type RunResult } from './run.ts'

export interface RingJobsInit extends Omit<RunJobsInit, 'clock' | 'random' | 'coordFor' | 'producerCoord' | 'runId'> {
  /** Multiaddrs of each ring peer (one list per peer). */
  readonly peers: ReadonlyArray<readonly string[]>
  readonly runId?: string
  /** Deadline of one request, ms (client default when absent). */
  readonly timeoutMs?: number
  readonly swarmKey?: Uint8Array
}

/** A fresh run id: the time and some randomness, so two runs never share registers. */
export function newRunId (): string {
  return `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
}

/** Bootstrap list for worker i: peer i's addresses first, then everyone else's. */
export function bootstrapFor (peers: ReadonlyArray<readonly string[]>, i: number): string[] {
  const n = peers.length
  return Array.from({ length: n }, (_, j) => peers[(i + j) % n]).flat()
}

export async function runJobsOnRing (init: RingJobsInit): Promise<RunResult> {
  if (init.peers.length === 0 || init.peers.every(p => p.length === 0)) throw new RangeError('no ring peer to connect to')
  const { connect } = await import('../client/index.ts')
  const options = (i: number): Parameters<typeof connect>[0] => ({
    bootstrap: bootstrapFor(init.peers, i),
    ...(init.timeoutMs !== undefined ? { timeoutMs: init.timeoutMs } : {}),
    ...(init.swarmKey !== undefined ? { swarmKey: init.swarmKey } : {})
  })
  const clients: Client[] = []
  try {
    const producer = await connect(options(0))
    clients.push(producer)
    for (let i = 0; i < init.workers; i++) clients.push(await connect(options(i)))
    return await runJobs({
      ...init,
      runId: init.runId ?? newRunId(),
      clock: systemClock,
      random: systemRandom,
      producerCoord: producer.coord,
      coordFor: i => clients[i + 1].coord
    })
  } finally {
    await Promise.allSettled(clients.map(async c => { await c.close() }))
  }
}
