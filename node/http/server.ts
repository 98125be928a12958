/**
 * The admin HTTP server of one peer (node:http, no framework).
 *
 *   GET /health → 200 {"ok":true,"peerId","members","vnodes","uptimeMs",...} once every vnode
 *                 is a ring member, 503 with "ok":false before (and after a leave started).
 *   GET /ring   → this peer's own Chord state, ids as zero-padded hex (see RingJson).
 *   GET /stats  → counters: {"store": memcached-named stats, "kv": moved keys/bytes, repairs,
 *                 quorum failures, "chord": stabilize rounds, lookups, hops, "transport": libp2p
 *                 requests sent/handled and streams, "ops": KV operations}.
 *   GET /metrics → Prometheus text format (node/metrics).
 *   GET /lookup?key=K → {"key","keyId","owner":{"id","peerId"},"replicas":[…],"hops"}: a ring
 *                 lookup from this peer; replicas from a view of the whole ring.
 *   GET /ring/all → the whole ring as this peer gathers it (ring-model.ts RingModelJson, plus
 *                 "self" and "http": each peer's admin address): a ring walk, then each peer's
 *                 keys and fingers over the admin protocol.
 *   GET /ring.svg[?fingers=HEX] → that ring as an SVG picture (ring-svg.ts).
 *   GET /       → the live ring page (live-page.ts): HTML + SVG + JS polling /ring/all.
 *
 * Unknown paths answer 404, other methods 405, all with a JSON body. The handler never
 * throws: a failing peer accessor is answered 500 and logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { idToHex } from '../../ring/id.ts'
import { ringJson } from '../chord/ring-json.ts'
import { modelJson, type RingModel } from './ring-model.ts'
import { renderRingSvg } from './ring-svg.ts'
import { LIVE_PAGE_HTML } from './live-page.ts'
import type { PeerSnapshot } from '../chord/types.ts'

/** What the admin server needs from a peer. */
export interface AdminPeer {
  /** `ok` is true once the peer serves (every vnode is a member); other fields are added to /health. */
  health (): { readonly ok: boolean, readonly [field: string]: unknown }
  snapshot (): PeerSnapshot
  /** Keys stored by vnode `index` (absent until the KV layer exists: 0). */
  keysPerVnode? (index: number): number
  /** Counters for GET /stats: { store, kv, chord, ops } (memcached names for the store). */
  stats? (): Record<string, unknown>
  /** GET /metrics: the exposition text and its content type. */
  metrics? (): Promise<{ readonly contentType: string, readonly text: string }>
  /** GET /lookup?key=: where the key lives. Rejects with a `code` of 'BadKey' for a key the ring refuses. */
  lookup? (key: string): Promise<LookupAnswer>
  /** GET /ring/all and /ring.svg: the whole ring and where each peer's admin HTTP is. */
  ringAll? (): Promise<{ readonly model: RingModel, readonly http: ReadonlyMap<string, string | null> }>
}

/** A vnode in a lookup answer: id as zero-padded hex and its peer. */
export interface VnodeRefJson {
  readonly id: string
  readonly peerId: string
}

/** The body of GET /lookup. */
export interface LookupAnswer {
  readonly key: string
  readonly keyId: string
  readonly owner: VnodeRefJson
  /** The key's replica set, primary first (r vnodes on distinct peers). */
  readonly replicas: VnodeRefJson[]
  /** Remote peers asked by the lookup (0: this peer knew the owner). */
  readonly hops: number
}

/** A route: answers the request (may be async; a rejection is answered 500, or 400 for a `code` of 'BadKey'/'BadRequest'). */
type Route = (res: ServerResponse, url: URL) => void | Promise<void>

export interface AdminServerInit {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string
  /** TCP port; 0 picks a free one. */
  readonly port: number
  readonly peer: AdminPeer
  readonly logger?: ComponentLogger
}

export interface AdminServer {
  readonly host: string
  readonly port: number
  close (): Promise<void>
}

/** JSON has no bigints: counters that are bigints go out as decimal numbers when safe, else strings. */
function bigintReplacer (_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
}

function send (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, replacer?: (key: string, value: unknown) => unknown): void {
  const bytes = Buffer.from(JSON.stringify(body, replacer) + '\n')
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    'cache-control': 'no-store',
    ...headers
  })
  res.end(bytes)
}

export async function startAdminServer (init: AdminServerInit): Promise<AdminServer> {
  const { peer } = init
  const host = init.host ?? '127.0.0.1'
  const log: Logger | undefined = init.logger?.forComponent('chordkv:http')
  const startedAt = performance.now()

  const page = Buffer.from(LIVE_PAGE_HTML)
  const routes: Record<string, Route> = {
    '/': res => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(page.length),
        'cache-control': 'no-store',
        // Everything is inline; nothing else may load or be sent anywhere but this peer.
        'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'",
        'x-content-type-options': 'nosniff'
      })
      res.end(page)
    },
    '/health': res => {
      const snapshot = peer.snapshot()
      const health = peer.health()
      send(res, health.ok ? 200 : 503, {
        peerId: snapshot.peerId,
        members: snapshot.vnodes.filter(v => v.member).length,
        vnodes: snapshot.vnodes.length,
        uptimeMs: Math.round(performance.now() - startedAt),
        ...health,
        ok: health.ok
      })
    },
    '/ring': res => {
      send(res, 200, ringJson(peer.snapshot(), peer.keysPerVnode?.bind(peer)))
    },
    '/stats': res => {
      send(res, 200, { peerId: peer.snapshot().peerId, ...(peer.stats?.() ?? {}) }, {}, bigintReplacer)
    },
    '/metrics': async res => {
      if (peer.metrics === undefined) { send(res, 404, { error: 'this peer has no metrics' }); return }
      const { contentType, text } = await peer.metrics()
      const bytes = Buffer.from(text)
      res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length), 'cache-control': 'no-store' })
      res.end(bytes)
    },
    '/ring/all': async res => {
      if (peer.ringAll === undefined) { send(res, 404, { error: 'this peer cannot gather the ring' }); return }
      const { model, http } = await peer.ringAll()
      send(res, 200, { ...modelJson(model), self: peer.snapshot().peerId, http: Object.fromEntries(http) })
    },
    '/ring.svg': async (res, url) => {
      if (peer.ringAll === undefined) { send(res, 404, { error: 'this peer cannot gather the ring' }); return }
      const { model } = await peer.ringAll()
      const prefix = (url.searchParams.get('fingers') ?? '').toLowerCase()
      const chosen = /^[0-9a-f]{1,64}$/.test(prefix) ? model.vnodes.find(v => idToHex(v.id, model.m).startsWith(prefix)) : undefined
      const bytes = Buffer.from(renderRingSvg(model, { ...(chosen !== undefined ? { fingersOf: chosen.id } : {}) }))
      res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'content-length': String(bytes.length), 'cache-control': 'no-store' })
      res.end(bytes)
    },
    '/lookup': async (res, url) => {
      const key = url.searchParams.get('key')
      if (key === null || key === '') { send(res, 400, { error: 'give the key as /lookup?key=KEY' }); return }
      if (peer.lookup === undefined) { send(res, 404, { error: 'this peer cannot look keys up' }); return }
      send(res, 200, await peer.lookup(key))
    }
  }

  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown): void => {
    const code = (err as { code?: unknown } | null)?.code
    const badInput = code === 'BadKey' || code === 'BadRequest'
    if (!badInput) log?.error('%s %s failed: %e', req.method, req.url, err)
    try {
      if (!res.headersSent) send(res, badInput ? 400 : 500, badInput ? { error: (err as Error).message, code } : { error: 'internal error' })
      else res.destroy()
    } catch {
      res.destroy()
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const url = new URL(req.url ?? '/', 'http://admin')
      const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined
      if (route === undefined) {
        send(res, 404, { error: 'not found', path: url.pathname })
      } else if (req.method !== 'GET') {
        send(res, 405, { error: 'method not allowed', method: req.method, allow: ['GET'] }, { allow: 'GET' })
      } else {
        const done = route(res, url)
        if (done instanceof Promise) done.catch(err => { fail(req, res, err) })
      }
    } catch (err) {
      fail(req, res, err)
    }
  }

  const server = createServer(onRequest)
  // A bad client (malformed request line, reset connection) must not take the server down.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => { reject(err) }
    server.once('error', onError)
    server.listen(init.port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
  server.on('error', err => { log?.error('admin server error: %e', err) })
  const address = server.address() as AddressInfo
  log?.('admin HTTP on %s:%d', address.address, address.port)

  let closing: Promise<void> | undefined
  return {
    host: address.address,
    port: address.port,
    close () {
      closing ??= new Promise<void>(resolve => {
        server.close(() => { resolve() })
        server.closeAllConnections()
      })
      return closing
    }
  }
}
