/**
 * The conformance suite (conformance.ts) against the memcached port of a chordkv peer: a
 * 2-peer in-process ring with r = 2, so about half the keys have their primary on the other
 * peer and every command is routed through the ring.
 */
import t from 'tap'
import { conformanceSuite } from './conformance.ts'
import { startRingTarget } from './harness.ts'

const target = await startRingTarget()
t.teardown(async () => { await target.stop() })
conformanceSuite(t, target, { timed: true })
