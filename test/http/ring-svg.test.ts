/**
 * The ring picture (node/http/ring-svg.ts): well-formed XML with one dot per vnode, one legend
 * row per peer, the imbalance figure as max/mean keys per peer; and GET /ring.svg serving it.
 */
import t from 'tap'
import { XMLValidator } from 'fast-xml-parser'
import { startAdminServer, type AdminPeer } from '../../node/http/server.ts'
import { ringModel, summarize, type ModelVnode } from '../../node/http/ring-model.ts'
import { renderRingSvg } from '../../node/http/ring-svg.ts'
import { vnodeIds } from '../../ring/placement.ts'

/** peers × vnodes at their daemon ids, keys 10·(peer index + 1) per vnode. */
function model (peers: number, vnodes: number, name = (i: number) => `peer-${i}`) {
  const all: ModelVnode[] = []
  for (let p = 0; p < peers; p++) {
    vnodeIds(name(p), vnodes).forEach((id, index) => all.push({ id, peerId: name(p), index, keys: 10 * (p + 1), fingers: [] }))
  }
  return ringModel(160, all, 'test ring')
}

const count = (svg: string, pattern: RegExp): number => svg.match(pattern)?.length ?? 0

t.test('the SVG is well-formed XML with one mark per vnode and one legend row per peer', async t => {
  for (const [peers, vnodes] of [[1, 1], [3, 4], [64, 16]]) {
    const m = model(peers, vnodes)
    const svg = renderRingSvg(m)
    t.equal(XMLValidator.validate(svg), true, `${peers} × ${vnodes}: well-formed`)
    t.equal(count(svg, /<circle class="vnode"/g), peers * vnodes, `${peers} × ${vnodes}: one dot per vnode`)
    t.equal(count(svg, /<path class="arc"/g), peers * vnodes, 'one ownership arc per vnode')
    t.equal(count(svg, /<g data-peer=/g), peers, 'one legend row per peer')
  }
})

t.test('the imbalance figure is max/mean keys per peer', async t => {
  const m = model(3, 4)
  const summary = summarize(m)
  t.equal(summary.totalKeys, 4 * (10 + 20 + 30))
  t.equal(summary.keyImbalance, 120 / 80, 'max 120 over mean 80')
  t.match(renderRingSvg(m), />1\.50<\/text>\n<text[^>]*>max \/ mean keys per peer</)
  const unknown = ringModel(160, m.vnodes.map((v, i) => i === 0 ? { ...v, keys: null } : v), 'partly known')
  t.equal(summarize(unknown).keyImbalance, null, 'unknown keys give no key figure')
  t.match(renderRingSvg(unknown), /max \/ mean arc per peer/)
})

t.test('peer ids are escaped and fingers are drawn for the chosen vnode', async t => {
  const m = model(2, 2, i => `<peer & "${i}">`)
  const withFingers = ringModel(160, m.vnodes.map((v, i) => i === 0 ? { ...v, fingers: [m.vnodes[1].id, m.vnodes[2].id] } : v), 'fingers')
  const svg = renderRingSvg(withFingers, { fingersOf: withFingers.vnodes[0].id })
  t.equal(XMLValidator.validate(svg), true)
  t.notMatch(svg, /<peer &/)
  t.equal(count(svg.slice(svg.indexOf('<g class="fingers">')), /<path d="M/g), 2, 'one chord per finger')
})

t.test('GET /ring.svg serves the picture of the ring the peer gathers', async t => {
  const m = model(3, 4)
  const peer: AdminPeer = {
    health: () => ({ ok: true }),
    snapshot: () => ({ peerId: 'peer-0', m: 160, vnodes: [] }),
    ringAll: async () => ({ model: m, http: new Map([['peer-0', '127.0.0.1:1']]) })
  }
  const server = await startAdminServer({ port: 0, peer })
  t.teardown(() => server.close())
  const res = await fetch(`http://127.0.0.1:${server.port}/ring.svg`)
  t.equal(res.status, 200)
  t.match(res.headers.get('content-type'), /^image\/svg\+xml/)
  const svg = await res.text()
  t.equal(XMLValidator.validate(svg), true)
  t.equal(count(svg, /<circle class="vnode"/g), 12)
  const all = await (await fetch(`http://127.0.0.1:${server.port}/ring/all`)).json()
  t.match(all, { m: 160, self: 'peer-0', totalKeys: 240, http: { 'peer-0': '127.0.0.1:1' } })
  t.equal(all.vnodes.length, 12)
})
