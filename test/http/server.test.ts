import t from 'tap'
import { connect } from 'node:net'
import { startAdminServer, type AdminPeer } from '../../node/http/server.ts'
import type { RingJson } from '../../node/chord/ring-json.ts'
import type { PeerSnapshot, VnodeSnapshot } from '../../node/chord/types.ts'
import type { NodeRef } from '../../node/chord/messages.ts'

const ref = (id: bigint, peerId: string): NodeRef => ({ id, peerId, addrs: [] })

function vnode (index: number, id: bigint, member: boolean): VnodeSnapshot {
  return {
    index,
    id,
    predecessor: index === 0 ? null : ref(id - 1n, 'peer-B'),
    successors: [ref(id + 1n, 'peer-B'), ref(id + 2n, 'peer-C')],
    fingers: [ref(id + 1n, 'peer-B')],
    member
  }
}

/** A stand-in peer whose membership the test flips. */
function fakePeer (members: boolean[]): AdminPeer & { members: boolean[], broken: boolean } {
  const peer = {
    members,
    broken: false,
    health () { return { ok: peer.members.every(Boolean) } },
    snapshot (): PeerSnapshot {
      if (peer.broken) throw new Error('snapshot exploded')
      return { peerId: 'peer-A', m: 160, vnodes: peer.members.map((m, i) => vnode(i, BigInt(i * 1000 + 5), m)) }
    },
    keysPerVnode: (index: number) => index * 10
  }
  return peer
}

async function get (port: number, path: string, method = 'GET'): Promise<{ status: number, body: any, headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method })
  const text = await res.text()
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers }
}

t.test('/health is 503 until every vnode is a member, then 200 with member counts', async t => {
  const peer = fakePeer([true, false])
  const server = await startAdminServer({ host: '127.0.0.1', port: 0, peer })
  t.teardown(() => server.close())
  t.equal(server.host, '127.0.0.1')
  t.ok(server.port > 0, 'ephemeral port is reported')

  const before = await get(server.port, '/health')
  t.equal(before.status, 503)
  t.equal(before.body.ok, false)
  t.equal(before.body.members, 1)
  t.equal(before.body.vnodes, 2)

  peer.members = [true, true]
  const after = await get(server.port, '/health')
  t.equal(after.status, 200)
  t.match(after.body, { ok: true, peerId: 'peer-A', members: 2, vnodes: 2 })
  t.type(after.body.uptimeMs, 'number')
  t.match(after.headers.get('content-type'), /application\/json/)
})

t.test('/ring serves the snapshot as zero-padded hex with parallel peer ids', async t => {
  const server = await startAdminServer({ port: 0, peer: fakePeer([true, true]) })
  t.teardown(() => server.close())
  const { status, body } = await get(server.port, '/ring?ignored=1')
  t.equal(status, 200)
  const ring = body as RingJson
  t.equal(ring.peerId, 'peer-A')
  t.equal(ring.m, 160)
  t.equal(ring.vnodes.length, 2)
  const [v0, v1] = ring.vnodes
  t.equal(v0.id, '5'.padStart(40, '0'))
  t.equal(v0.id.length, 40, '160 bits are 40 hex digits')
  t.equal(v0.predecessor, null)
  t.equal(v0.predecessorPeer, null)
  t.same(v0.successors, ['6'.padStart(40, '0'), '7'.padStart(40, '0')])
  t.same(v0.successorPeers, ['peer-B', 'peer-C'])
  t.same(v0.fingers, ['6'.padStart(40, '0')])
  t.same(v0.fingerPeers, ['peer-B'])
  t.equal(v0.member, true)
  t.equal(v0.keys, 0)
  t.equal(v1.index, 1)
  t.equal(v1.predecessor, (1004n).toString(16).padStart(40, '0'))
  t.equal(v1.predecessorPeer, 'peer-B')
  t.equal(v1.keys, 10, 'keys come from keysPerVnode')
})

t.test('keys default to 0 without keysPerVnode', async t => {
  const { keysPerVnode: _, ...peer } = fakePeer([true])
  const server = await startAdminServer({ port: 0, peer })
  t.teardown(() => server.close())
  t.equal((await get(server.port, '/ring')).body.vnodes[0].keys, 0)
})

t.test('unknown paths are 404 and other methods 405, both JSON', async t => {
  const server = await startAdminServer({ port: 0, peer: fakePeer([true]) })
  t.teardown(() => server.close())
  const missing = await get(server.port, '/nope')
  t.equal(missing.status, 404)
  t.equal(missing.body.error, 'not found')
  const post = await get(server.port, '/ring', 'POST')
  t.equal(post.status, 405)
  t.equal(post.headers.get('allow'), 'GET')
  t.equal(post.body.error, 'method not allowed')
})

t.test('a throwing peer gives 500 and the server keeps serving', async t => {
  const peer = fakePeer([true])
  const server = await startAdminServer({ port: 0, peer })
  t.teardown(() => server.close())
  peer.broken = true
  const failed = await get(server.port, '/ring')
  t.equal(failed.status, 500)
  t.equal(failed.body.error, 'internal error')
  peer.broken = false
  t.equal((await get(server.port, '/ring')).status, 200)
})

t.test('a malformed request gets 400 and the server keeps serving', async t => {
  const server = await startAdminServer({ port: 0, peer: fakePeer([true]) })
  t.teardown(() => server.close())
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => { socket.write('NOT HTTP AT ALL\r\n\r\n') })
    let data = ''
    socket.on('data', chunk => { data += String(chunk) })
    socket.on('end', () => { resolve(data) })
    socket.on('error', reject)
  })
  t.match(reply, /^HTTP\/1\.1 400/)
  t.equal((await get(server.port, '/health')).status, 200)
})

t.test('close() frees the port even with a keep-alive connection open', async t => {
  const server = await startAdminServer({ port: 0, peer: fakePeer([true]) })
  await get(server.port, '/health')
  await server.close()
  await server.close()
  await t.rejects(fetch(`http://127.0.0.1:${server.port}/health`))
})

t.test('a port in use rejects startAdminServer', async t => {
  const first = await startAdminServer({ port: 0, peer: fakePeer([true]) })
  t.teardown(() => first.close())
  await t.rejects(startAdminServer({ port: first.port, peer: fakePeer([true]) }), { code: 'EADDRINUSE' })
})
