/**
 * The backends by name, for the CLI and the tests. The process backend is loaded only when
 * asked for (it brings libp2p and the testnet).
 */
import { SimBackend } from './sim-backend.ts'
import type { Backend } from './types.ts'

export type BackendName = 'process' | 'sim'
export const BACKENDS: readonly BackendName[] = ['process', 'sim']

export interface BackendOptions {
  readonly seed: number
  /** sim: proposer rounds before giving up on a conflict (default: the Proposer's, 30). */
  readonly proposerMaxAttempts?: number
  readonly onProgress?: (line: string) => void
}

export async function createBackend (name: BackendName, options: BackendOptions): Promise<Backend> {
  if (name === 'sim') return new SimBackend({ seed: options.seed, ...(options.proposerMaxAttempts === undefined ? {} : { proposerMaxAttempts: options.proposerMaxAttempts }) })
  const { ProcessBackend } = await import('./process-backend.ts')
  return await ProcessBackend.start({ seed: options.seed, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) })
}
