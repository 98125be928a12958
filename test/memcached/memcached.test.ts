/**
 * The conformance suite (conformance.ts) against a real memcached (Debian's package, 1.6.18
 * in bookworm), started here on a free loopback port: proves the suite says what memcached
 * does. Installs memcached with apt-get when it is missing and we are root; skips otherwise.
 */
import t from 'tap'
import { conformanceSuite } from './conformance.ts'
import { findMemcached, startMemcachedTarget } from './harness.ts'

const found = findMemcached()
if ('skip' in found) {
  t.pass(`skipped: real memcached is not available: ${found.skip}`, { skip: found.skip })
} else {
  const target = await startMemcachedTarget(found.path)
  t.teardown(async () => { await target.stop() })
  conformanceSuite(t, target, { timed: true })
}
