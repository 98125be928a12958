/**
 * chordkv's Jepsen-style checkers: histories (invoke + completion), sequential models, the
 * WGL/Lowe linearizability search, and the linear-time CAS-chain check.
 */
export * from './history.ts'
export * from './model.ts'
export * from './wgl.ts'
export * from './cas-chain.ts'
export { bruteForceLinearizable } from './brute-force.ts'
export { canonical, valueEqual } from './value.ts'
