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
  readonly onProgress?: (line: string) => void
}

export async function createBackend (name: BackendName, options: BackendOptions): Promise<Backend> {
  if (name === 'sim') return await SimBackend.start({ seed: options.seed })
  const { ProcessBackend } = await import('./process-backend.ts')
  return await ProcessBackend.start({ seed: options.seed, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) })
}
