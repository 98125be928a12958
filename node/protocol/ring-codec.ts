/**
 * The ring protocol's codec: node/chord/messages.ts plain objects <-> ring.proto bytes.
 *
 * Everything that arrives is untrusted, so decoding validates the whole shape before any
 * value reaches the Chord layer: exactly one known message type, required fields present,
 * ids exactly idBytes(m) bytes and < 2^m, peer ids and multiaddrs non-empty and within their
 * byte caps, bounded list lengths and total size. Any violation is a BadMessageError (or a
 * TooLargeError for the total size) naming the offending field.
 */
import { checkM } from '../../ring/id.ts'
import { BadMessageError } from '../transport/errors.ts'
import { MAX_EXCLUDED_PEERS, MAX_NODE_REFS, MAX_PEER_ID_BYTES, MAX_RING_MESSAGE_BYTES, RING_PROTOCOL, zoneProblem } from '../chord/messages.ts'
import type { NodeRef, RingRequest, RingResponse } from '../chord/messages.ts'
import type { Codec } from '../transport/types.ts'
import { RingRequest as WireRequest, RingResponse as WireResponse } from './ring.js'
import type { NodeRef as WireNodeRef } from './ring.js'
import { checkEncodedSize, decodeWire, IdCodec, nodeProblem, utf8Length } from './common.ts'

/** The codec for RING_PROTOCOL on an m-bit ring. Throws RangeError for an invalid m. */
export function ringCodec (m: number): Codec<RingRequest, RingResponse> {
  checkM(m)
  const ids = new IdCodec(m)
  return {
    protocol: RING_PROTOCOL,
    maxMessageBytes: MAX_RING_MESSAGE_BYTES,
    encodeRequest: req => checkSize(WireRequest.encode(requestToWire(req, ids)), 'request'),
    decodeRequest: bytes => requestFromWire(decodeRing(bytes, WireRequest.decode, 'request'), ids),
    encodeResponse: res => checkSize(WireResponse.encode(responseToWire(res, ids)), 'response'),
    decodeResponse: bytes => responseFromWire(decodeRing(bytes, WireResponse.decode, 'response'), ids)
  }
}

const checkSize = (bytes: Uint8Array, what: string): Uint8Array => checkEncodedSize(bytes, MAX_RING_MESSAGE_BYTES, `ring ${what}`)
const decodeRing = <T>(bytes: Uint8Array, decode: (b: Uint8Array) => T, what: string): T => decodeWire(bytes, decode, MAX_RING_MESSAGE_BYTES, `ring ${what}`)

// ---- requests ----

function requestToWire (req: RingRequest, ids: IdCodec): WireRequest {
  switch (req.type) {
    case 'ping':
      return { ping: req.target === undefined ? {} : { target: ids.encode(req.target, 'ping.target') } }
    case 'vnodes':
      return { vnodes: {} }
    case 'getState':
      return { getState: { target: ids.encode(req.target, 'getState.target') } }
    case 'notify':
      return {
        notify: {
          target: ids.encode(req.target, 'notify.target'),
          candidate: nodeToWire(req.candidate, ids, 'notify.candidate')
        }
      }
    case 'findSuccessor': {
      const exclude = [...(req.exclude ?? [])]
      const problem = excludeProblem(exclude)
      if (problem != null) throw new RangeError(problem)
      return { findSuccessor: { key: ids.encode(req.key, 'findSuccessor.key'), exclude } }
    }
    case 'leaving':
      return {
        leaving: {
          target: ids.encode(req.target, 'leaving.target'),
          leaver: nodeToWire(req.leaver, ids, 'leaving.leaver'),
          predecessor: req.predecessor === null ? undefined : nodeToWire(req.predecessor, ids, 'leaving.predecessor'),
          successors: nodesToWire(req.successors, ids, 'leaving.successors')
        }
      }
    default:
      throw new RangeError(`unknown ring request type ${JSON.stringify((req as { type: unknown }).type)}`)
  }
}

function requestFromWire (w: WireRequest, ids: IdCodec): RingRequest {
  if (w.ping != null) {
    return w.ping.target === undefined
      ? { type: 'ping' }
      : { type: 'ping', target: ids.decode(w.ping.target, 'ping.target') }
  }
  if (w.vnodes != null) return { type: 'vnodes' }
  if (w.getState != null) return { type: 'getState', target: ids.decode(w.getState.target, 'getState.target') }
  if (w.notify != null) {
    return {
      type: 'notify',
      target: ids.decode(w.notify.target, 'notify.target'),
      candidate: requiredNode(w.notify.candidate, ids, 'notify.candidate')
    }
  }
  if (w.findSuccessor != null) {
    const key = ids.decode(w.findSuccessor.key, 'findSuccessor.key')
    const exclude = w.findSuccessor.exclude
    const problem = excludeProblem(exclude)
    if (problem != null) throw new BadMessageError(problem)
    return exclude.length > 0 ? { type: 'findSuccessor', key, exclude } : { type: 'findSuccessor', key }
  }
  if (w.leaving != null) {
    return {
      type: 'leaving',
      target: ids.decode(w.leaving.target, 'leaving.target'),
      leaver: requiredNode(w.leaving.leaver, ids, 'leaving.leaver'),
      predecessor: w.leaving.predecessor == null ? null : nodeFromWire(w.leaving.predecessor, ids, 'leaving.predecessor'),
      successors: nodesFromWire(w.leaving.successors, ids, 'leaving.successors')
    }
  }
  throw new BadMessageError('ring request has no known type')
}

// ---- responses ----

function responseToWire (res: RingResponse, ids: IdCodec): WireResponse {
  switch (res.type) {
    case 'pong':
      return { pong: {} }
    case 'ok':
      return { ok: {} }
    case 'vnodes':
      return { vnodes: { vnodes: nodesToWire(res.vnodes, ids, 'vnodes.vnodes') } }
    case 'state':
      return {
        state: {
          predecessor: res.predecessor === null ? undefined : nodeToWire(res.predecessor, ids, 'state.predecessor'),
          successors: nodesToWire(res.successors, ids, 'state.successors'),
          member: res.member
        }
      }
    case 'step':
      return { step: { done: res.done, nodes: nodesToWire(res.nodes, ids, 'step.nodes') } }
    default:
      throw new RangeError(`unknown ring response type ${JSON.stringify((res as { type: unknown }).type)}`)
  }
}

function responseFromWire (w: WireResponse, ids: IdCodec): RingResponse {
  if (w.pong != null) return { type: 'pong' }
  if (w.ok != null) return { type: 'ok' }
  if (w.vnodes != null) return { type: 'vnodes', vnodes: nodesFromWire(w.vnodes.vnodes, ids, 'vnodes.vnodes') }
  if (w.state != null) {
    return {
      type: 'state',
      predecessor: w.state.predecessor == null ? null : nodeFromWire(w.state.predecessor, ids, 'state.predecessor'),
      successors: nodesFromWire(w.state.successors, ids, 'state.successors'),
      member: w.state.member
    }
  }
  if (w.step != null) return { type: 'step', done: w.step.done, nodes: nodesFromWire(w.step.nodes, ids, 'step.nodes') }
  throw new BadMessageError('ring response has no known type')
}

// ---- node refs ----

/** What is wrong with a findSuccessor exclude list, or null. */
function excludeProblem (exclude: readonly string[]): string | null {
  if (exclude.length > MAX_EXCLUDED_PEERS) return `findSuccessor.exclude: ${exclude.length} peers, more than ${MAX_EXCLUDED_PEERS}`
  for (let i = 0; i < exclude.length; i++) {
    const bytes = utf8Length(exclude[i])
    if (bytes === 0 || bytes > MAX_PEER_ID_BYTES) return `findSuccessor.exclude[${i}]: ${bytes} bytes, not in [1, ${MAX_PEER_ID_BYTES}]`
  }
  return null
}

function nodeToWire (node: NodeRef, ids: IdCodec, field: string): WireNodeRef {
  const problem = nodeProblem(node.peerId, node.addrs, field)
  if (problem != null) throw new RangeError(problem)
  const wire: WireNodeRef = { id: ids.encode(node.id, `${field}.id`), peerId: node.peerId, addrs: [...node.addrs] }
  if (node.zone !== undefined) {
    const bad = zoneProblem(node.zone, `${field}.zone`)
    if (bad != null) throw new RangeError(bad)
    wire.zone = node.zone
  }
  return wire
}

function nodesToWire (nodes: readonly NodeRef[], ids: IdCodec, field: string): WireNodeRef[] {
  if (nodes.length > MAX_NODE_REFS) {
    throw new RangeError(`${field}: ${nodes.length} node refs, more than ${MAX_NODE_REFS}`)
  }
  return nodes.map((n, i) => nodeToWire(n, ids, `${field}[${i}]`))
}

function requiredNode (w: WireNodeRef | undefined, ids: IdCodec, field: string): NodeRef {
  if (w == null) throw new BadMessageError(`${field}: missing`)
  return nodeFromWire(w, ids, field)
}

function nodeFromWire (w: WireNodeRef, ids: IdCodec, field: string): NodeRef {
  const id = ids.decode(w.id, `${field}.id`)
  const problem = nodeProblem(w.peerId, w.addrs, field)
  if (problem != null) throw new BadMessageError(problem)
  if (w.zone === undefined) return { id, peerId: w.peerId, addrs: w.addrs }
  const bad = zoneProblem(w.zone, `${field}.zone`)
  if (bad != null) throw new BadMessageError(bad)
  return { id, peerId: w.peerId, addrs: w.addrs, zone: w.zone }
}

function nodesFromWire (ws: WireNodeRef[], ids: IdCodec, field: string): NodeRef[] {
  if (ws.length > MAX_NODE_REFS) {
    throw new BadMessageError(`${field}: ${ws.length} node refs, more than ${MAX_NODE_REFS}`)
  }
  return ws.map((w, i) => nodeFromWire(w, ids, `${field}[${i}]`))
}
