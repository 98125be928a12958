/**
 * The control endpoint of a running testnet: HTTP on 127.0.0.1 (an ephemeral port), named
 * with a random token in the descriptor, so `chordkv testnet ctl …` (and scripts) can drive
 * the testnet another process started.
 *
 *   POST /ctl  {"argv":["kill","3"]}  → 200 {"ok":true,"output":"killed peer 3 (…)"}
 *                                      400 {"ok":false,"usage":true,"error":"…"}   malformed command
 *                                      409 {"ok":false,"error":"…"}                 the testnet could not
 *   GET /descriptor                    → the descriptor
 *
 * Every request needs `authorization: Bearer <token>`: the token is in the descriptor file,
 * which only its owner can read, so other local users cannot drive the testnet.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { runTestnetCommand, TestnetUsageError, type CommandContext } from './commands.ts'
import type { Testnet, TestnetDescriptor } from './index.ts'

/** Largest control request body, in bytes. */
const MAX_BODY_BYTES = 64 * 1024

export interface ControlServer {
  readonly url: string
  readonly token: string
  close (): Promise<void>
}

export interface ControlServerInit {
  readonly testnet: Testnet
  /** Context of the commands run through the endpoint (e.g. the live status table). */
  readonly context?: () => CommandContext
  /** Each command run through the endpoint, as its words (for the testnet's own log). */
  readonly onCommand?: (argv: readonly string[]) => void
}

function send (res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body) + '\n')
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length), 'cache-control': 'no-store' })
  res.end(bytes)
}

async function readBody (req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new TestnetUsageError(`the request is larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function isArgv (value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= 64 && value.every(w => typeof w === 'string' && w.length <= 1024)
}

export async function startControlServer (init: ControlServerInit): Promise<ControlServer> {
  const token = randomBytes(16).toString('hex')
  const expected = Buffer.from(`Bearer ${token}`)
  const authorized = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
  const inFlight = new Set<AbortController>()

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://control').pathname
      if (!authorized(req)) { send(res, 401, { ok: false, error: 'missing or wrong control token (see the descriptor)' }); return }
      if (path === '/descriptor' && req.method === 'GET') { send(res, 200, init.testnet.descriptor()); return }
      if (path !== '/ctl') { send(res, 404, { ok: false, error: 'not found' }); return }
      if (req.method !== 'POST') { send(res, 405, { ok: false, error: 'method not allowed' }); return }
      const aborter = new AbortController()
      inFlight.add(aborter)
      // A client that hangs up (Ctrl-C on a long churn) ends the command.
      res.on('close', () => { if (!res.writableFinished) aborter.abort(new Error('the control client went away')) })
      try {
        let argv: unknown
        try {
          argv = (JSON.parse(await readBody(req)) as { argv?: unknown } | null)?.argv
        } catch (err) {
          throw err instanceof TestnetUsageError ? err : new TestnetUsageError('the request body is not JSON')
        }
        if (!isArgv(argv)) throw new TestnetUsageError('the request body must be {"argv":["command","arg",…]}')
        init.onCommand?.(argv)
        const output = await runTestnetCommand(init.testnet, argv, { ...init.context?.(), signal: aborter.signal })
        send(res, 200, { ok: true, output })
      } catch (err) {
        const usage = err instanceof TestnetUsageError
        send(res, usage ? 400 : 409, { ok: false, ...(usage ? { usage: true } : {}), error: (err as Error).message })
      } finally {
        inFlight.delete(aborter)
      }
    })()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close () {
      closing ??= new Promise<void>(resolve => {
        for (const aborter of inFlight) aborter.abort(new Error('the testnet is stopping'))
        server.close(() => { resolve() })
        server.closeAllConnections()
      })
      return closing
    }
  }
}

/** What a control request answered. */
export interface ControlAnswer {
  readonly ok: boolean
  readonly output?: string
  readonly error?: string
  readonly usage?: boolean
}

/** Sends one command to the testnet a descriptor names. Throws Error when it cannot be reached. */
export async function sendControlCommand (descriptor: Pick<TestnetDescriptor, 'control'>, argv: readonly string[], signal?: AbortSignal): Promise<ControlAnswer> {
  if (descriptor.control === null || descriptor.control === undefined) throw new Error('the descriptor names no control endpoint (the testnet runs without one)')
  let res: Response
  try {
    res = await fetch(`${descriptor.control.url}/ctl`, {
      method: 'POST',
      headers: { authorization: `Bearer ${descriptor.control.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv }),
      signal
    })
  } catch (err) {
    throw new Error(`cannot reach the testnet at ${descriptor.control.url} (is it still running?): ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`)
  }
  const body = await res.json().catch(() => undefined) as ControlAnswer | undefined
  if (body === undefined || typeof body.ok !== 'boolean') throw new Error(`the testnet answered HTTP ${res.status} without a control answer`)
  return body
}
