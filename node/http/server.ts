/**
 * The admin HTTP server of one peer (node:http, no framework).
 *
 *   GET /health → 200 {"ok":true,"peerId","members","vnodes","uptimeMs",...} once every vnode
 *                 is a ring member, 503 with "ok":false before (and after a leave started).
 *   GET /ring   → this peer's own Chord state, ids as zero-padded hex (see RingJson).
 *   GET /stats  → counters: {"store": memcached-named stats, "kv": moved keys/bytes, repairs,
 *                 quorum failures, "chord": stabilize rounds, lookups, hops}.
 *
 * Unknown paths answer 404, other methods 405, all with a JSON body. The handler never
 * throws: a failing peer accessor is answered 500 and logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { ringJson } from '../chord/ring-json.ts'
import type { PeerSnapshot } from '../chord/types.ts'

/** What the admin server needs from a peer. */
export interface AdminPeer {
  /** `ok` is true once the peer serves (every vnode is a member); other fields are added to /health. */
  health (): { readonly ok: boolean, readonly [field: string]: unknown }
  snapshot (): PeerSnapshot
  /** Keys stored by vnode `index` (absent until the KV layer exists: 0). */
  keysPerVnode? (index: number): number
  /** Counters for GET /stats: { store, kv, chord } (memcached names for the store). */
  stats? (): Record<string, unknown>
}

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

  const routes: Record<string, (res: ServerResponse) => void> = {
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
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const path = new URL(req.url ?? '/', 'http://admin').pathname
      const route = Object.hasOwn(routes, path) ? routes[path] : undefined
      if (route === undefined) {
        send(res, 404, { error: 'not found', path })
      } else if (req.method !== 'GET') {
        send(res, 405, { error: 'method not allowed', method: req.method, allow: ['GET'] }, { allow: 'GET' })
      } else {
        route(res)
      }
    } catch (err) {
      log?.error('%s %s failed: %e', req.method, req.url, err)
      try {
        if (!res.headersSent) send(res, 500, { error: 'internal error' })
        else res.destroy()
      } catch {
        res.destroy()
      }
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
