/** Network helpers shared by tests. */
import { createServer } from 'node:net'

/** A loopback TCP port nobody listens on (it was free a moment ago). */
export async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise(resolve => server.close(resolve))
  return port
}
