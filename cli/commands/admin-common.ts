/**
 * What the admin commands (ring, stats, lookup) share: finding the peers' admin HTTP
 * addresses (--http HOST:PORT, or every serving peer of a --testnet descriptor), and GET
 * requests to them with a deadline. --peer (a libp2p multiaddr, as the KV commands take it)
 * is handled by each command through the client library, where it can be.
 */
import { readFile } from 'node:fs/promises'
import { ringOptions } from './kv-common.ts'
import { intOption, multiaddrOptions } from '../args.ts'
import { UsageError, UserError } from '../errors.ts'

/** Default deadline of one admin request, in ms. */
export const ADMIN_TIMEOUT_MS = 5000

/** --peer, --testnet, --timeout-ms, --json, --help (as the KV commands) and --http. */
export const adminOptions = {
  ...ringOptions,
  http: { type: 'string', multiple: true }
} as const

export const adminOptionsHelp = `  --testnet FILE     the descriptor of 'chordkv testnet --out FILE': every serving peer
  --http HOST:PORT   a peer's admin HTTP address, repeatable
  --peer MA          multiaddr of a ring member, repeatable (over libp2p, as the KV commands)
  --timeout-ms MS    deadline of one request, in ms (default ${ADMIN_TIMEOUT_MS})
  --json             print the result as JSON on stdout
  -h, --help         show this help`

export interface AdminTargets {
  /** Admin HTTP addresses (host:port), --http first, then the testnet's peers. */
  readonly http: readonly string[]
  /** libp2p multiaddrs given with --peer. */
  readonly peers: readonly string[]
  readonly timeoutMs: number
  readonly json: boolean
  /** The descriptor file, when given. */
  readonly testnet?: string
}

interface AdminValues {
  peer?: string[]
  testnet?: string
  http?: string[]
  'timeout-ms'?: string
  json?: boolean
}

/** A HOST:PORT (or http://HOST:PORT) argument, as host:port. */
export function httpAddress (value: string): string {
  const text = value.replace(/^http:\/\//, '').replace(/\/$/, '')
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text)
  if (match === null || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new UsageError(`--http must be HOST:PORT of a peer's admin HTTP, such as 127.0.0.1:8001, got ${JSON.stringify(value)}`)
  }
  return text
}

/** The targets the options name; throws UsageError when none is given (or `needed` says which kinds work). */
export async function adminTargets (values: AdminValues): Promise<AdminTargets> {
  const peers = multiaddrOptions(values.peer, 'peer')
  const http = (values.http ?? []).map(httpAddress)
  if (peers.length === 0 && http.length === 0 && values.testnet === undefined) {
    throw new UsageError('give --testnet FILE, --http HOST:PORT or --peer MULTIADDR')
  }
  if (values.testnet !== undefined) http.push(...await testnetHttp(values.testnet))
  return {
    http,
    peers,
    timeoutMs: intOption(values['timeout-ms'], 'timeout-ms', 1, 3_600_000) ?? ADMIN_TIMEOUT_MS,
    json: values.json === true,
    ...(values.testnet !== undefined ? { testnet: values.testnet } : {})
  }
}

/** The admin addresses of the serving peers of a testnet descriptor. */
async function testnetHttp (file: string): Promise<string[]> {
  let descriptor: unknown
  try {
    descriptor = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new UserError(`cannot read the testnet descriptor ${file}: ${(err as Error).message}`)
  }
  const peers = (descriptor as { peers?: unknown } | null)?.peers
  if (!Array.isArray(peers)) throw new UserError(`${file} is not a testnet descriptor (no "peers" list)`)
  const http = peers.map(p => (p as { http?: unknown } | null)?.http).filter((h): h is string => typeof h === 'string')
  if (http.length === 0) throw new UserError(`the testnet descriptor ${file} lists no peer with an admin address`)
  return http
}

/** GET http://address/path as JSON; throws UserError in one sentence when it fails. */
export async function getJson<T> (address: string, path: string, timeoutMs: number): Promise<T> {
  let res: Response
  try {
    res = await fetch(`http://${address}${path}`, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (err) {
    const cause = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message
    throw new UserError(`cannot reach the admin HTTP of ${address}: ${cause}`)
  }
  const body = await res.json().catch(() => undefined) as (T & { error?: string }) | undefined
  if (!res.ok) throw new UserError(`${address}${path.split('?')[0]} answered HTTP ${res.status}${body?.error !== undefined ? `: ${body.error}` : ''}`)
  if (body === undefined) throw new UserError(`${address}${path.split('?')[0]} did not answer JSON`)
  return body
}

/** An aligned text table; columns listed in `right` are right-aligned. */
export function table (rows: readonly string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map(r => (r[col] ?? '').length)))
  return rows.map((r, i) => r.map((cell, col) => right.has(col) && i > 0 ? cell.padStart(widths[col]) : cell.padEnd(widths[col])).join('  ').trimEnd()).join('\n')
}
