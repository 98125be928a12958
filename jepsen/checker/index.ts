/**
 * chordkv's Jepsen-style checkers: histories (invoke + completion), sequential models, the
 * WGL/Lowe linearizability search, the linear-time CAS-chain check, a brute-force reference
 * checker and a simulator of histories linearizable by construction (for tests).
 */
export * from './history.ts'
export * from './model.ts'
export * from './wgl.ts'
export * from './cas-chain.ts'
export { bruteForceLinearizable } from './brute-force.ts'
export * from './simulate.ts'
export { canonical, valueEqual } from './value.ts'
