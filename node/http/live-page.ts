/**
 * GET / of the admin server: a live page of the ring, plain HTML + SVG + JavaScript in one
 * document (no build step, no external resources). Every second it reads GET /ring/all and
 * redraws: the identifier circle with one dot per vnode coloured by its peer, the arc each
 * vnode owns, keys per peer as bars, the imbalance figures; vnodes fade in and out as peers
 * join and leave, and a log lists who came and went. Clicking a dot shows that vnode's
 * fingers as chords and its details.
 *
 * A peer keeps its colour while the page is open, however many others come and go.
 */

export const LIVE_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chordkv ring</title>
<style>
:root { --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --panel: #f9fafb; --ok: #059669; --bad: #dc2626; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
header { display: flex; align-items: baseline; gap: 16px; padding: 18px 28px 10px; border-bottom: 1px solid var(--line); }
header h1 { font-size: 20px; margin: 0; }
header .sub { color: var(--muted); font-size: 13px; }
#status { margin-left: auto; font-size: 12px; color: var(--muted); display: flex; align-items: center; gap: 6px; }
#status i { width: 9px; height: 9px; border-radius: 50%; background: var(--ok); display: inline-block; }
#status.stale i { background: var(--bad); }
main { display: grid; grid-template-columns: minmax(420px, 640px) minmax(340px, 1fr); gap: 8px 28px; padding: 12px 28px 28px; align-items: start; }
#ring { width: 100%; height: auto; display: block; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin-bottom: 16px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.card b { display: block; font-size: 20px; }
.card span { color: var(--muted); font-size: 12px; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 14px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th { text-align: right; color: var(--muted); font-weight: 600; padding: 2px 6px; }
th:first-child, td:first-child { text-align: left; }
td { padding: 2px 6px; text-align: right; white-space: nowrap; }
td.peer { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
td.bar { width: 42%; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.track { position: relative; height: 10px; background: #f3f4f6; border-radius: 3px; }
.fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 3px; transition: width .6s ease; }
.mean { position: absolute; top: -3px; bottom: -3px; border-left: 1px dashed var(--ink); }
tr.new td { animation: flash 1.6s ease-out; }
@keyframes flash { from { background: #fef3c7; } to { background: transparent; } }
#selected { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; font-size: 12.5px; min-height: 44px; }
#selected code { font-size: 11.5px; word-break: break-all; }
#log { list-style: none; padding: 0; margin: 0; font-size: 12.5px; max-height: 160px; overflow: auto; }
#log li { padding: 1px 0; color: #374151; }
#log time { color: var(--muted); margin-right: 6px; font-variant-numeric: tabular-nums; }
svg .vnode { stroke: #fff; stroke-width: 1.5; cursor: pointer; transition: cx .6s ease, cy .6s ease, r .3s ease; }
svg .vnode.enter { animation: enter .8s ease-out; }
svg .vnode.leave { animation: leave .7s ease-in forwards; pointer-events: none; }
svg .vnode.chosen { stroke: var(--ink); stroke-width: 2.5; }
svg .arc { fill: none; stroke-width: 16; stroke-opacity: .9; }
svg .finger { fill: none; stroke: var(--ink); stroke-width: 1.3; stroke-opacity: .6; }
svg .finger-end { fill: none; stroke: var(--ink); stroke-width: 1.5; }
svg .figure { paint-order: stroke; stroke: #fff; stroke-width: 6px; stroke-linejoin: round; }
@keyframes enter { from { opacity: 0; r: 14; } to { opacity: 1; } }
@keyframes leave { to { opacity: 0; r: 14; } }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>
  <h1>chordkv ring</h1>
  <span class="sub" id="sub">connecting…</span>
  <span id="status"><i></i><span id="updated">—</span></span>
</header>
<main>
  <svg id="ring" viewBox="0 0 640 640" role="img" aria-label="the ring">
    <circle cx="320" cy="320" r="250" fill="none" stroke="#d1d5db" stroke-width="1.5"></circle>
    <g id="ticks"></g>
    <g id="arcs"></g>
    <g id="fingers"></g>
    <g id="dots"></g>
    <text id="figure" class="figure" x="320" y="318" text-anchor="middle" font-size="42" font-weight="700" fill="#111827">–</text>
    <text id="figure-label" class="figure" x="320" y="344" text-anchor="middle" font-size="13" fill="#6b7280">max / mean keys per peer</text>
    <text id="figure-arc" class="figure" x="320" y="364" text-anchor="middle" font-size="12" fill="#6b7280"></text>
  </svg>
  <section>
    <div class="cards">
      <div class="card"><b id="c-peers">–</b><span>peers</span></div>
      <div class="card"><b id="c-vnodes">–</b><span>vnodes</span></div>
      <div class="card"><b id="c-keys">–</b><span>keys</span></div>
      <div class="card"><b id="c-imbalance">–</b><span>max/mean keys</span></div>
    </div>
    <h2>Keys per peer</h2>
    <table>
      <thead><tr><th>peer</th><th>vnodes</th><th>arc</th><th>keys</th><th></th></tr></thead>
      <tbody id="peers"></tbody>
    </table>
    <h2>Selected vnode</h2>
    <div id="selected">Click a dot on the ring to see that vnode's fingers.</div>
    <h2>Changes</h2>
    <ul id="log"></ul>
  </section>
</main>
<script>
"use strict";
const NS = "http://www.w3.org/2000/svg";
const CX = 320, CY = 320, R = 250, ARC_R = 272;
const $ = id => document.getElementById(id);
const dots = new Map();        // vnode id -> circle
let known = null;              // peer ids of the previous update
let chosen = null;             // chosen vnode id
let last = null;               // last answer

// A colour per peer, kept while the page is open: the first answer's peers get colours a
// golden angle apart in name order, later ones the next free ones (same scheme as /ring.svg).
const colours = new Map();
let nextColour = 0;
function colourAt(i) {
  const hue = Math.round((i * 137.508 + 210) % 360);
  return "hsl(" + hue + " 68% " + [46, 38, 56][i % 3] + "%)";
}
function assignColours(peerIds) {
  for (const p of [...peerIds].sort((a, b) => a.localeCompare(b, "en", { numeric: true }))) {
    if (!colours.has(p)) colours.set(p, colourAt(nextColour++));
  }
}
function colour(peerId) { return colours.get(peerId) || "#9ca3af"; }
const short = p => p.length > 12 ? "…" + p.slice(-8) : p;
const pct = x => (x * 100).toFixed(x < 0.1 ? 2 : 1) + "%";
// Angle of a hex id: its first 13 hex digits are plenty for a picture; 0 at the top, clockwise.
function angle(hex) { return parseInt(hex.slice(0, 13), 16) / Math.pow(16, 13) * 2 * Math.PI - Math.PI / 2; }
function at(r, a) { return [CX + r * Math.cos(a), CY + r * Math.sin(a)]; }
function arc(r, a0, a1) {
  let sweep = a1 - a0;
  while (sweep <= 0) sweep += 2 * Math.PI;
  if (sweep >= 2 * Math.PI - 1e-9) {
    const [x0, y0] = at(r, a0), [x1, y1] = at(r, a0 + Math.PI);
    return "M" + x0 + " " + y0 + "A" + r + " " + r + " 0 1 1 " + x1 + " " + y1 + "A" + r + " " + r + " 0 1 1 " + x0 + " " + y0;
  }
  const [x0, y0] = at(r, a0), [x1, y1] = at(r, a1);
  return "M" + x0.toFixed(2) + " " + y0.toFixed(2) + "A" + r + " " + r + " 0 " + (sweep > Math.PI ? 1 : 0) + " 1 " + x1.toFixed(2) + " " + y1.toFixed(2);
}
function el(name, attrs) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  return e;
}
function log(text) {
  const li = document.createElement("li");
  const t = document.createElement("time");
  t.textContent = new Date().toLocaleTimeString();
  li.append(t, text);
  $("log").prepend(li);
  while ($("log").children.length > 50) $("log").lastChild.remove();
}

for (let q = 0; q < 4; q++) {
  const a = -Math.PI / 2 + q * Math.PI / 2, [x0, y0] = at(R - 8, a), [x1, y1] = at(R + 8, a);
  $("ticks").append(el("line", { x1: x0, y1: y0, x2: x1, y2: y1, stroke: "#9ca3af" }));
}

function render(ring) {
  last = ring;
  assignColours(ring.peers.map(p => p.peerId));
  const n = ring.vnodes.length;
  const dotR = Math.max(2.5, Math.min(7, 420 / Math.max(1, n)));
  // Arcs: redrawn whole, they are cheap.
  const arcs = $("arcs");
  arcs.replaceChildren();
  ring.vnodes.forEach((v, i) => {
    const pred = ring.vnodes[(i - 1 + n) % n];
    const path = el("path", { class: "arc", d: arc(ARC_R, angle(pred.id), angle(v.id)), stroke: colour(v.peerId) });
    const title = el("title", {});
    title.textContent = short(v.peerId) + " owns " + pct(v.arcShare);
    path.append(title);
    arcs.append(path);
  });
  // Dots: keyed by vnode id, so joins fade in and leaves fade out.
  const seen = new Set();
  for (const v of ring.vnodes) {
    seen.add(v.id);
    const [x, y] = at(R, angle(v.id));
    let dot = dots.get(v.id);
    if (dot === undefined) {
      dot = el("circle", { class: "vnode" + (known === null ? "" : " enter"), "data-id": v.id });
      dot.addEventListener("click", () => choose(dot.getAttribute("data-id")));
      dot.append(el("title", {}));
      dots.set(v.id, dot);
      $("dots").append(dot);
    }
    dot.setAttribute("cx", x.toFixed(2));
    dot.setAttribute("cy", y.toFixed(2));
    dot.setAttribute("r", dotR);
    dot.setAttribute("fill", colour(v.peerId));
    dot.setAttribute("data-peer", v.peerId);
    dot.classList.toggle("chosen", v.id === chosen);
    dot.firstChild.textContent = "vnode " + v.id.slice(0, 12) + "… of " + short(v.peerId) + ": " + pct(v.arcShare) + (v.keys === null ? "" : ", " + v.keys + " keys");
  }
  for (const [id, dot] of dots) {
    if (seen.has(id)) continue;
    dots.delete(id);
    dot.classList.add("leave");
    setTimeout(() => dot.remove(), 700);
  }

  // Peers: joins and leaves go to the log.
  const peerIds = ring.peers.map(p => p.peerId);
  if (known !== null) {
    for (const p of peerIds) if (!known.has(p)) log("peer " + short(p) + " joined");
    for (const p of known) if (!peerIds.includes(p)) log("peer " + short(p) + " left");
  }
  const fresh = known === null ? new Set() : new Set(peerIds.filter(p => !known.has(p)));
  known = new Set(peerIds);

  const keys = ring.totalKeys;
  const maxKeys = Math.max(1, ...ring.peers.map(p => p.keys || 0));
  const mean = keys === null || ring.peers.length === 0 ? null : keys / ring.peers.length;
  const rows = [...ring.peers].sort((a, b) => a.peerId.localeCompare(b.peerId, "en", { numeric: true })).map(p => {
    const tr = document.createElement("tr");
    if (fresh.has(p.peerId)) tr.className = "new";
    const self = p.peerId === ring.self ? " (this peer)" : "";
    const width = p.keys === null ? 0 : p.keys / maxKeys * 100;
    tr.innerHTML = '<td class="peer"><span class="swatch"></span></td><td></td><td></td><td></td>' +
      '<td class="bar"><div class="track"><div class="fill"></div>' + (mean === null ? "" : '<div class="mean"></div>') + "</div></td>";
    tr.querySelector(".swatch").style.background = colour(p.peerId);
    tr.cells[0].append(short(p.peerId) + self);
    tr.cells[0].title = p.peerId;
    tr.cells[1].textContent = p.vnodes;
    tr.cells[2].textContent = pct(p.arcShare);
    tr.cells[3].textContent = p.keys === null ? "?" : p.keys;
    const fill = tr.querySelector(".fill");
    fill.style.width = width + "%";
    fill.style.background = colour(p.peerId);
    const meanMark = tr.querySelector(".mean");
    if (meanMark !== null) meanMark.style.left = (mean / maxKeys * 100) + "%";
    return tr;
  });
  $("peers").replaceChildren(...rows);

  $("c-peers").textContent = ring.peers.length;
  $("c-vnodes").textContent = n;
  $("c-keys").textContent = keys === null ? "?" : keys;
  $("c-imbalance").textContent = ring.keyImbalance === null ? "–" : ring.keyImbalance.toFixed(2);
  $("figure").textContent = (ring.keyImbalance ?? ring.arcImbalance).toFixed(2);
  $("figure-label").textContent = ring.keyImbalance === null ? "max / mean arc per peer" : "max / mean keys per peer";
  $("figure-arc").textContent = ring.keyImbalance === null ? "" : "arc: " + ring.arcImbalance.toFixed(2);
  $("sub").textContent = ring.source;
  drawFingers();
}

function choose(id) {
  chosen = chosen === id ? null : id;
  for (const [vid, dot] of dots) dot.classList.toggle("chosen", vid === chosen);
  drawFingers();
}

function drawFingers() {
  const g = $("fingers");
  g.replaceChildren();
  const box = $("selected");
  const v = chosen === null || last === null ? undefined : last.vnodes.find(x => x.id === chosen);
  if (v === undefined) {
    if (chosen !== null) box.textContent = "That vnode has left the ring.";
    return;
  }
  const a0 = angle(v.id), [x0, y0] = at(R, a0);
  const fingers = v.fingers || [];
  for (const f of fingers) {
    const [x1, y1] = at(R, angle(f));
    // Bend each chord toward the centre, less for near fingers, so short ones stay short.
    const qx = CX + ((x0 + x1) / 2 - CX) * 0.4, qy = CY + ((y0 + y1) / 2 - CY) * 0.4;
    g.append(el("path", { class: "finger", d: "M" + x0 + " " + y0 + "Q" + qx + " " + qy + " " + x1 + " " + y1 }));
    g.append(el("circle", { class: "finger-end", cx: x1, cy: y1, r: 9 }));
  }
  box.innerHTML = "";
  const lines = [
    ["vnode", v.id], ["peer", v.peerId], ["owns", pct(v.arcShare) + " of the circle"],
    ["keys", v.keys === null ? "unknown" : String(v.keys)],
    ["fingers", fingers.length === 0 ? "none known" : fingers.length + " distinct: " + fingers.map(f => f.slice(0, 8)).join(" ")]
  ];
  for (const [k, val] of lines) {
    const div = document.createElement("div");
    const b = document.createElement("b");
    b.textContent = k + " ";
    const code = document.createElement("code");
    code.textContent = val;
    div.append(b, code);
    box.append(div);
  }
}

let failing = false;
async function tick() {
  try {
    const res = await fetch("ring/all", { cache: "no-store" });
    if (!res.ok) throw new Error("HTTP " + res.status);
    render(await res.json());
    $("status").classList.remove("stale");
    $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    if (failing) log("the peer answers again");
    failing = false;
  } catch (err) {
    $("status").classList.add("stale");
    $("updated").textContent = "no answer: " + err.message;
    if (!failing) log("the peer does not answer: " + err.message);
    failing = true;
  } finally {
    setTimeout(tick, 1000);
  }
}
log("watching the ring; it refreshes every second");
tick();
</script>
</body>
</html>
`
