/**
 * chordkv's client library, the package's main export:
 *
 *   import { connect } from 'chordkv'
 *   const db = await connect({ bootstrap: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…'] })
 *   await db.set('greeting', 'hello', { ttl: 60 })
 *   console.log(await db.getString('greeting'))
 *   await db.close()
 *
 * The client is a libp2p node that listens on nothing and never joins the ring: it fetches a
 * ring view from a bootstrap peer and sends every operation straight to the key's primary.
 * What counts as an error, and which errors may leave a write applied: client/errors.ts.
 */
import { defaultLogger } from '@libp2p/logger'
import { kvCodec } from '../node/protocol/kv-codec.ts'
import { createLibp2pTransport } from '../node/transport/libp2p.ts'
import { DEFAULT_M } from '../ring/id.ts'
import { openClient } from './client.ts'
import { DEFAULT_MIN_REFRESH_INTERVAL_MS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './constants.ts'
import { libp2pClientTransport } from './transport.ts'

import type { Client, ConnectOptions } from './types.ts'

export type { CasOutcome, Client, ClientStats, ConnectOptions, Item, StoreOptions, Value } from './types.ts'
export type { ViewVnode } from '../node/kv/messages.ts'
export type { RingView, RingVnode } from '../ring/view.ts'
export {
  BadKeyError, ClientClosedError, ClientError, NonNumericError, OutcomeUnknownError, ProtocolError, ServerError,
  TimeoutError, TooLargeError, UnavailableError
} from './errors.ts'
export type { OutcomeUnknownCode } from './errors.ts'
export { ClientCoord, RemoteCoordApi } from './coord.ts'
export type { CoordApi, CoordEntry, PutResult, WatchBatch } from '../node/coord/api.ts'
export { CoordError } from '../node/coord/errors.ts'
export { CoordErrorCode } from '../node/coord/messages.ts'
export { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../node/kv/messages.ts'

/**
 * Connects to a ring through the first bootstrap address that gives a ring view. Throws
 * UnavailableError when none does, RangeError for bad options.
 */
export async function connect (options: ConnectOptions): Promise<Client> {
  if (options == null || !Array.isArray(options.bootstrap) || options.bootstrap.length === 0) {
    throw new RangeError('connect needs bootstrap: at least one multiaddr of a ring member')
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const m = options.m ?? DEFAULT_M
  const logger = options.logger ?? defaultLogger()
  const codec = kvCodec(m)
  // Listening on nothing: the client only dials, and peers answer on the streams it opens.
  const transport = await createLibp2pTransport({ listen: [], defaultTimeoutMs: timeoutMs, logger, ...(options.swarmKey !== undefined ? { swarmKey: options.swarmKey } : {}) })
  return await openClient({ transport: libp2pClientTransport(transport), codec, logger }, {
    bootstrap: options.bootstrap,
    timeoutMs,
    retries: options.retries ?? DEFAULT_RETRIES,
    m,
    minRefreshIntervalMs: options.minRefreshIntervalMs ?? DEFAULT_MIN_REFRESH_INTERVAL_MS
  })
}

