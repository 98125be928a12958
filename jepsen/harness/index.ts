/**
 * chordkv's Jepsen-style harness: backends (OS processes or the simulator), a nemesis,
 * recorded register workloads and their checks. See jepsen/README.md.
 */
export * from './types.ts'
export * from './register-client.ts'
export * from './nemesis.ts'
export * from './check.ts'
export * from './runner.ts'
export * from './backends.ts'
export { SimBackend } from './sim-backend.ts'
export type { SimBackendOptions } from './sim-backend.ts'
export * from './lock-workload.ts'
export * from './election-workload.ts'
export * from './watch-workload.ts'
export * from './membership-workload.ts'
export { ProcessBackend, coordOf } from './process-backend.ts'
export type { ProcessBackendOptions } from './process-backend.ts'
