/**
 * The ring as a standalone SVG picture (GET /ring.svg, `chordkv ring --svg`): the identifier
 * circle with one dot per vnode coloured by its physical peer, the arc each vnode owns drawn
 * outside the circle in the same colour, a legend with each peer's vnodes, share of the
 * circle and keys as bars, and the imbalance figure (max/mean keys per peer). Optionally the
 * fingers of one vnode as chords. A pure function of a RingModel: no I/O.
 */
import { idToHex, ringSize } from '../../ring/id.ts'
import { summarize, type RingModel, type RingSummary } from './ring-model.ts'

export interface RingSvgOptions {
  /** Draw the fingers of the vnode with this id. */
  readonly fingersOf?: bigint
  readonly title?: string
}

/** The colour of the i-th of n peers: hues a golden angle apart, so neighbours in the legend differ. */
export function peerColour (i: number): string {
  const hue = Math.round((i * 137.508 + 210) % 360)
  const lightness = [46, 38, 56][i % 3]
  return `hsl(${hue} 68% ${lightness}%)`
}

/** XML text and attribute escaping. */
export function escapeXml (text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
}

/** The last 8 characters of a peer id (what tables show). */
export function shortPeer (peerId: string): string {
  return peerId.length > 12 ? `…${peerId.slice(-8)}` : peerId
}

const fmt = (n: number, digits = 1): string => (Math.round(n * 10 ** digits) / 10 ** digits).toFixed(digits)
const pct = (share: number): string => `${fmt(share * 100, share < 0.1 ? 2 : 1)}%`

/** Angle of an id on the circle, radians, 0 at the top, clockwise. */
function angleOf (id: bigint, m: number): number {
  // Top 53 bits are plenty for a picture.
  const size = ringSize(m)
  const shift = m > 52 ? BigInt(m - 52) : 0n
  return (Number(id >> shift) / Number(size >> shift)) * 2 * Math.PI - Math.PI / 2
}

function point (cx: number, cy: number, r: number, angle: number): [number, number] {
  return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)]
}

const xy = ([x, y]: [number, number]): string => `${x.toFixed(2)} ${y.toFixed(2)}`

/** An arc of the circle from angle a0 clockwise to a1 as an SVG path. */
function arcPath (cx: number, cy: number, r: number, a0: number, a1: number): string {
  let sweep = a1 - a0
  while (sweep <= 0) sweep += 2 * Math.PI
  if (sweep >= 2 * Math.PI - 1e-9) {
    // A whole circle: two half arcs.
    const mid = a0 + Math.PI
    return `M ${xy(point(cx, cy, r, a0))} A ${r} ${r} 0 1 1 ${xy(point(cx, cy, r, mid))} A ${r} ${r} 0 1 1 ${xy(point(cx, cy, r, a0))}`
  }
  return `M ${xy(point(cx, cy, r, a0))} A ${r} ${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${xy(point(cx, cy, r, a1))}`
}

/** The SVG document. */
export function renderRingSvg (model: RingModel, options: RingSvgOptions = {}, summary: RingSummary = summarize(model)): string {
  // Natural order (peer-2 before peer-10), which also fixes the colours.
  const peers = [...summary.peers].sort((a, b) => a.peerId.localeCompare(b.peerId, 'en', { numeric: true }))
  const colourOf = new Map(peers.map((p, i) => [p.peerId, peerColour(i)]))
  const n = model.vnodes.length

  // Layout: header, the circle on the left, the legend on the right.
  const headerH = 84
  const circleBox = 640
  const cx = 24 + circleBox / 2
  const cy = headerH + circleBox / 2
  const r = 236
  const arcR = r + 22
  const legendX = 24 + circleBox + 24
  const rowH = peers.length <= 24 ? 22 : peers.length <= 48 ? 16 : 12
  const legendFont = rowH >= 22 ? 13 : rowH >= 16 ? 11.5 : 9.5
  const legendTop = headerH + 56
  const width = legendX + 400
  const height = Math.max(headerH + circleBox + 24, legendTop + peers.length * rowH + 64)
  const dotR = Math.max(2.2, Math.min(6.5, 520 / Math.max(1, n)))

  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img">`)
  const title = options.title ?? 'chordkv ring'
  const keysText = summary.totalKeys === null ? 'keys: only partly known' : `${summary.totalKeys} keys`
  out.push(`<title>${escapeXml(`${title}: ${peers.length} peers, ${n} vnodes, ${keysText}`)}</title>`)
  out.push('<style>.vnode{stroke:#fff;stroke-width:1.5}.arc{fill:none;stroke-linecap:butt}.muted{fill:#6b7280}.legend text{dominant-baseline:middle}</style>')
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`)

  // Header.
  out.push(`<text x="24" y="40" font-size="22" font-weight="700" fill="#111827">${escapeXml(title)}</text>`)
  out.push(`<text x="24" y="64" font-size="13" class="muted">${escapeXml(`${model.source} · ${peers.length} peers · ${n} vnodes · ${keysText}`)}</text>`)

  // The circle, arcs, then dots on top.
  out.push('<g class="ring">')
  out.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#d1d5db" stroke-width="1.5"/>`)
  for (let tick = 0; tick < 4; tick++) {
    const a = -Math.PI / 2 + tick * Math.PI / 2
    const [x0, y0] = point(cx, cy, r - 8, a)
    const [x1, y1] = point(cx, cy, r + 8, a)
    out.push(`<line x1="${x0.toFixed(2)}" y1="${y0.toFixed(2)}" x2="${x1.toFixed(2)}" y2="${y1.toFixed(2)}" stroke="#9ca3af" stroke-width="1"/>`)
  }
  const [lx, ly] = point(cx, cy, r - 22, -Math.PI / 2)
  out.push(`<text x="${lx.toFixed(2)}" y="${(ly + 4).toFixed(2)}" font-size="10" text-anchor="middle" class="muted">0</text>`)
  out.push('</g>')

  out.push('<g class="arcs">')
  model.vnodes.forEach((v, i) => {
    const pred = model.vnodes[(i - 1 + n) % n]
    const path = arcPath(cx, cy, arcR, angleOf(pred.id, model.m), angleOf(v.id, model.m))
    out.push(`<path class="arc" d="${path}" stroke="${colourOf.get(v.peerId)}" stroke-width="16" stroke-opacity="0.9"><title>${escapeXml(`${shortPeer(v.peerId)} owns ${pct(summary.arcShares[i])} of the circle up to ${idToHex(v.id, model.m).slice(0, 10)}…`)}</title></path>`)
  })
  // Thin white separators where ownership changes hands.
  model.vnodes.forEach(v => {
    const a = angleOf(v.id, model.m)
    const [x0, y0] = point(cx, cy, arcR - 9, a)
    const [x1, y1] = point(cx, cy, arcR + 9, a)
    out.push(`<line x1="${x0.toFixed(2)}" y1="${y0.toFixed(2)}" x2="${x1.toFixed(2)}" y2="${y1.toFixed(2)}" stroke="#fff" stroke-width="${n > 256 ? 0.5 : 1}"/>`)
  })
  out.push('</g>')

  if (options.fingersOf !== undefined) {
    const from = model.vnodes.find(v => v.id === options.fingersOf)
    if (from?.fingers !== undefined) {
      const a0 = angleOf(from.id, model.m)
      const [x0, y0] = point(cx, cy, r, a0)
      out.push('<g class="fingers">')
      for (const f of from.fingers) {
        const [x1, y1] = point(cx, cy, r, angleOf(f, model.m))
        // Bent toward the centre, less for near fingers.
        const qx = cx + ((x0 + x1) / 2 - cx) * 0.4
        const qy = cy + ((y0 + y1) / 2 - cy) * 0.4
        out.push(`<path d="M ${x0.toFixed(2)} ${y0.toFixed(2)} Q ${qx.toFixed(2)} ${qy.toFixed(2)} ${x1.toFixed(2)} ${y1.toFixed(2)}" fill="none" stroke="#111827" stroke-width="1.2" stroke-opacity="0.55"/>`)
      }
      out.push('</g>')
    }
  }

  out.push('<g class="vnodes">')
  model.vnodes.forEach((v, i) => {
    const [x, y] = point(cx, cy, r, angleOf(v.id, model.m))
    const label = `vnode ${idToHex(v.id, model.m).slice(0, 12)}… of ${v.peerId}${v.index !== undefined ? ` (#${v.index})` : ''}: ${pct(summary.arcShares[i])} of the circle${v.keys !== null ? `, ${v.keys} keys` : ''}`
    out.push(`<circle class="vnode" cx="${x.toFixed(2)}" cy="${y.toFixed(2)}" r="${dotR.toFixed(2)}" fill="${colourOf.get(v.peerId)}" data-peer="${escapeXml(v.peerId)}" data-id="${idToHex(v.id, model.m)}"><title>${escapeXml(label)}</title></circle>`)
  })
  out.push('</g>')

  // Centre: the imbalance figure.
  const figure = summary.keyImbalance ?? summary.arcImbalance
  const figureLabel = summary.keyImbalance !== null ? 'max / mean keys per peer' : 'max / mean arc per peer'
  out.push(`<text x="${cx}" y="${cy - 6}" font-size="40" font-weight="700" text-anchor="middle" fill="#111827">${fmt(figure, 2)}</text>`)
  out.push(`<text x="${cx}" y="${cy + 20}" font-size="13" text-anchor="middle" class="muted">${escapeXml(figureLabel)}</text>`)
  if (summary.keyImbalance !== null) {
    out.push(`<text x="${cx}" y="${cy + 40}" font-size="12" text-anchor="middle" class="muted">${escapeXml(`arc: ${fmt(summary.arcImbalance, 2)}`)}</text>`)
  }

  // Legend.
  const maxKeys = Math.max(1, ...peers.map(p => p.keys ?? 0))
  const meanKeys = summary.totalKeys !== null && peers.length > 0 ? summary.totalKeys / peers.length : null
  const barX = legendX + 178
  const barW = 150
  out.push(`<g class="legend" font-size="${legendFont}">`)
  out.push(`<text x="${legendX}" y="${legendTop - 30}" font-size="14" font-weight="700" fill="#111827">peers</text>`)
  const head = (x: number, text: string, anchor = 'start'): string => `<text x="${x}" y="${legendTop - 10}" font-size="11" class="muted" text-anchor="${anchor}">${text}</text>`
  out.push(head(legendX + 18, 'peer'), head(legendX + 120, 'vnodes', 'end'), head(legendX + 168, 'arc', 'end'), head(barX, 'keys'))
  peers.forEach((p, i) => {
    const y = legendTop + i * rowH + rowH / 2
    const colour = colourOf.get(p.peerId)!
    const sw = Math.min(12, rowH - 4)
    out.push(`<g data-peer="${escapeXml(p.peerId)}"><title>${escapeXml(`${p.peerId}: ${p.vnodes} vnodes, ${pct(p.arcShare)} of the circle${p.keys !== null ? `, ${p.keys} keys` : ''}`)}</title>`)
    out.push(`<rect x="${legendX}" y="${(y - sw / 2).toFixed(2)}" width="${sw}" height="${sw}" rx="2" fill="${colour}"/>`)
    out.push(`<text x="${legendX + 18}" y="${y.toFixed(2)}" fill="#111827" font-family="ui-monospace, SFMono-Regular, Menlo, monospace">${escapeXml(shortPeer(p.peerId))}</text>`)
    out.push(`<text x="${legendX + 120}" y="${y.toFixed(2)}" text-anchor="end" fill="#374151">${p.vnodes}</text>`)
    out.push(`<text x="${legendX + 168}" y="${y.toFixed(2)}" text-anchor="end" fill="#374151">${pct(p.arcShare)}</text>`)
    const bh = Math.max(4, rowH - 8)
    out.push(`<rect x="${barX}" y="${(y - bh / 2).toFixed(2)}" width="${barW}" height="${bh}" rx="2" fill="#f3f4f6"/>`)
    if (p.keys !== null) {
      out.push(`<rect x="${barX}" y="${(y - bh / 2).toFixed(2)}" width="${((p.keys / maxKeys) * barW).toFixed(2)}" height="${bh}" rx="2" fill="${colour}"/>`)
    }
    out.push(`<text x="${barX + barW + 8}" y="${y.toFixed(2)}" fill="#374151">${p.keys === null ? '?' : p.keys}</text></g>`)
  })
  if (meanKeys !== null && summary.totalKeys! > 0) {
    const mx = barX + (meanKeys / maxKeys) * barW
    const y0 = legendTop - 4
    const y1 = legendTop + peers.length * rowH + 4
    out.push(`<line x1="${mx.toFixed(2)}" y1="${y0}" x2="${mx.toFixed(2)}" y2="${y1}" stroke="#111827" stroke-width="1" stroke-dasharray="3 3"/>`)
    out.push(`<text x="${mx.toFixed(2)}" y="${y1 + 12}" font-size="10" text-anchor="middle" class="muted">mean ${fmt(meanKeys, 1)}</text>`)
  }
  out.push('</g>')
  out.push('</svg>')
  return out.join('\n') + '\n'
}
