/**
 * The conformance suite (conformance.ts) against the memcached port of a 1-peer ring with
 * r = 1: every key's primary is local and has no replicas, so commands take the port's
 * synchronous fast path (KvService.mutateNow / getNow) wherever nothing earlier on their key is
 * pending. ring.test.ts runs the same suite where every command goes through the ring.
 */
import t from 'tap'
import { conformanceSuite } from './conformance.ts'
import { startRingTarget } from './harness.ts'

const target = await startRingTarget(1, 1)
t.teardown(async () => { await target.stop() })
conformanceSuite(t, target, { timed: true })
