/**
 * ring/: the pure Chord mathematics (no I/O, no timers, no imports outside ring/).
 * See DESIGN.md §2–3.
 */
export {
  DEFAULT_M, MAX_M, checkM, ringSize, idBytes, hashToId, add, sub, distance,
  inHalfOpen, inOpen, compareClockwise, idToHex, hexToId, idToBytes, bytesToId
} from './id.ts'
export type { HasId } from './id.ts'
export { fingerStart, fingerStarts, closestPreceding, closestPrecedingList, distinctFingers } from './fingers.ts'
export { mergeSuccessorList, sortClockwiseFrom, successorListFromView } from './successors.ts'
export {
  TOKEN_STRATEGIES, vnodeId, vnodeIds, balancedVnodeIds, allocateVnodeIds,
  primaryIndexOf, primaryOf, replicaSet
} from './placement.ts'
export type { Vnode, TokenStrategy } from './placement.ts'
export { RingView } from './view.ts'
export type { RingVnode } from './view.ts'
