/**
 * Small SVG charts for benchmark reports: grouped bars and lines, with axes, a legend and a
 * title. No dependencies; the output is a standalone, well-formed SVG document.
 */

export interface Series {
  readonly name: string
  /** One value per category (bars) or per x (lines). */
  readonly values: readonly number[]
  /** Lines only: draw dashed (for reference curves such as ½·log2 N). */
  readonly dashed?: boolean
}

export interface ChartInit {
  readonly title: string
  readonly yLabel: string
  readonly xLabel?: string
  /** Category labels (bars) or x values (lines). */
  readonly categories: readonly string[]
  readonly series: readonly Series[]
  /** Optional horizontal reference lines. */
  readonly references?: ReadonlyArray<{ readonly label: string, readonly value: number }>
  readonly width?: number
  readonly height?: number
  /** 'log': a base-10 axis over the decades the positive values span (non-positive values are not drawn). Default 'linear'. */
  readonly yScale?: 'linear' | 'log'
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']

export function escapeXml (s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at or above max. */
export function niceMax (max: number): number {
  if (!(max > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p
  return 10 * p
}

function frame (init: ChartInit, body: (plot: { x0: number, y0: number, w: number, h: number, y: (v: number) => number }) => string): string {
  const width = init.width ?? 760
  const height = init.height ?? 420
  const m = { left: 70, right: 180, top: 40, bottom: 55 }
  const w = width - m.left - m.right
  const h = height - m.top - m.bottom
  const all = [...init.series.flatMap(s => s.values), ...(init.references ?? []).map(r => r.value)].filter(Number.isFinite)
  let y: (v: number) => number
  let ticks: number[]
  if (init.yScale === 'log') {
    const positive = all.filter(v => v > 0)
    const lo = positive.length === 0 ? 0 : Math.floor(Math.log10(Math.min(...positive)))
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive, 10 ** (lo + 1)))))
    y = v => m.top + h - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * h
    // Two decades or fewer: 1, 2 and 5 times each power of ten, else the powers alone.
    const steps = hi - lo <= 2 ? [1, 2, 5] : [1]
    ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i))
      .flatMap(p => steps.map(k => k * p))
      .filter(t => t <= 10 ** hi)
  } else {
    const top = niceMax(Math.max(0, ...all))
    y = v => m.top + h - (Math.max(0, v) / top) * h
    ticks = Array.from({ length: 6 }, (_, i) => (top * i) / 5)
  }
  const fmt = (v: number): string => (v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : v > 0 && v < 0.01 ? v.toExponential(0) : `${+v.toFixed(2)}`)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${m.left}" y="22" font-size="15" font-weight="bold">${escapeXml(init.title)}</text>`
  ]
  for (const t of ticks) {
    parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end" fill="#555">${fmt(t)}</text>`)
  }
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + h}" stroke="#333"/>`)
  parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" stroke="#333"/>`)
  parts.push(`<text transform="translate(16 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">${escapeXml(init.yLabel)}</text>`)
  if (init.xLabel !== undefined) parts.push(`<text x="${m.left + w / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(init.xLabel)}</text>`)
  parts.push(body({ x0: m.left, y0: m.top, w, h, y }))
  ;(init.references ?? []).forEach((r, i) => {
    parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y(r.value)}" y2="${y(r.value)}" stroke="#c00" stroke-dasharray="5 4"/>`)
    // Labels alternate right and left so that two close lines stay readable.
    const right = i % 2 === 0
    parts.push(`<text x="${right ? m.left + w - 4 : m.left + 4}" y="${y(r.value) - 4}" text-anchor="${right ? 'end' : 'start'}" fill="#c00">${escapeXml(r.label)}</text>`)
  })
  init.series.forEach((s, i) => {
    const ly = m.top + 10 + i * 18
    parts.push(`<rect x="${m.left + w + 16}" y="${ly - 9}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`)
    parts.push(`<text x="${m.left + w + 34}" y="${ly + 1}">${escapeXml(s.name)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}

/** Grouped bars: one group per category, one bar per series. */
export function barChart (init: ChartInit): string {
  return frame(init, ({ x0, y0, w, h, y }) => {
    const out: string[] = []
    const groups = init.categories.length
    const groupW = w / Math.max(1, groups)
    const barW = (groupW * 0.8) / Math.max(1, init.series.length)
    init.categories.forEach((c, g) => {
      const gx = x0 + g * groupW + groupW * 0.1
      init.series.forEach((s, i) => {
        const v = s.values[g]
        if (!Number.isFinite(v) || (init.yScale === 'log' && v <= 0)) return
        out.push(`<rect x="${(gx + i * barW).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(y0 + h - y(v)).toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeXml(`${s.name} ${c}: ${v}`)}</title></rect>`)
      })
      out.push(`<text x="${(gx + groupW * 0.4).toFixed(1)}" y="${y0 + h + 16}" text-anchor="middle">${escapeXml(c)}</text>`)
    })
    return out.join('\n')
  })
}

/** Lines over evenly spaced categories (x values shown as labels). */
export function lineChart (init: ChartInit): string {
  return frame(init, ({ x0, y0, w, h, y }) => {
    const out: string[] = []
    const n = init.categories.length
    const x = (i: number): number => x0 + (n <= 1 ? w / 2 : (i * w) / (n - 1))
    init.categories.forEach((c, i) => { out.push(`<text x="${x(i).toFixed(1)}" y="${y0 + h + 16}" text-anchor="middle">${escapeXml(c)}</text>`) })
    init.series.forEach((s, k) => {
      const drawn = (v: number): boolean => Number.isFinite(v) && (init.yScale !== 'log' || v > 0)
      const pts = s.values.map((v, i) => (drawn(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(p => p !== '')
      out.push(`<polyline fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="6 4"' : ''} points="${pts.join(' ')}"/>`)
      for (const p of pts) {
        const [px, py] = p.split(',')
        out.push(`<circle cx="${px}" cy="${py}" r="3" fill="${PALETTE[k % PALETTE.length]}"/>`)
      }
    })
    return out.join('\n')
  })
}

/** A moment marked on the time axis of timeSeriesChart (a kill, a restart, an upgrade step). */
export interface TimeEvent {
  /** x value (same unit as TimeChartInit.x). */
  readonly at: number
  readonly label: string
}

export interface TimeChartInit extends Omit<ChartInit, 'categories'> {
  /** x of every point (ascending, e.g. seconds since the start); series values align with it. */
  readonly x: readonly number[]
  /** Vertical markers with their labels (drawn dashed, labels staggered so close ones stay readable). */
  readonly events?: readonly TimeEvent[]
}

/** Lines over a numeric time axis, with events marked as vertical lines. */
export function timeSeriesChart (init: TimeChartInit): string {
  const xs = init.x
  const events = init.events ?? []
  const xMin = Math.min(0, ...xs.filter(Number.isFinite), ...events.map(e => e.at).filter(Number.isFinite))
  const xMax = Math.max(xMin + 1, ...xs.filter(Number.isFinite), ...events.map(e => e.at).filter(Number.isFinite))
  return frame({ ...init, categories: [] }, ({ x0, y0, w, h, y }) => {
    const out: string[] = []
    const x = (v: number): number => x0 + ((v - xMin) / (xMax - xMin)) * w
    const step = niceMax((xMax - xMin) / 8)
    for (let t = Math.ceil(xMin / step) * step; t <= xMax + 1e-9; t += step) {
      out.push(`<text x="${x(t).toFixed(1)}" y="${y0 + h + 16}" text-anchor="middle">${+t.toFixed(2)}</text>`)
    }
    events.forEach((e, i) => {
      const ex = x(e.at).toFixed(1)
      out.push(`<line x1="${ex}" x2="${ex}" y1="${y0}" y2="${y0 + h}" stroke="#888" stroke-dasharray="3 3"><title>${escapeXml(`${e.label} at ${e.at}`)}</title></line>`)
      out.push(`<text x="${ex}" y="${y0 + 10 + (i % 4) * 11}" font-size="9" fill="#555" transform="translate(2 0)">${escapeXml(e.label)}</text>`)
    })
    init.series.forEach((s, k) => {
      const pts = s.values.map((v, i) => (Number.isFinite(v) && Number.isFinite(xs[i]) ? `${x(xs[i]).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(p => p !== '')
      out.push(`<polyline fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="6 4"' : ''} points="${pts.join(' ')}"/>`)
    })
    return out.join('\n')
  })
}
