/** A 4-peer testnet for the jobs scenario tests, stopped at teardown. */
import { startTestnet, type Testnet } from '../../testnet/index.ts'

/**
 * Fixed ports (a random base), so a restarted peer comes back at the addresses the clients
 * know: with ephemeral ports a client whose every known address went stale cannot find the
 * ring again (see the jobs section of benchmarks/README.md).
 */
export async function testnet4 (t: { teardown: (fn: () => Promise<void>) => void }): Promise<Testnet> {
  const basePort = 10_000 + Math.floor(Math.random() * 7_000) * 3 // below the ephemeral port range (32768–60999)
  const testnet = await startTestnet({ peers: 4, basePort, childStderr: 'ignore', control: false, startTimeoutMs: 120_000, consistentTimeoutMs: 300_000 })
  t.teardown(async () => { await testnet.stop() })
  return testnet
}

