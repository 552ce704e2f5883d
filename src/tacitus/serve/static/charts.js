// tacitus dashboard charts: stacked timeline, map with clustered points, actor network.
// Plain SVG built with DOM calls: every label is set as text, never parsed as markup.

const SVG = "http://www.w3.org/2000/svg";

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === "onclick") el.addEventListener("click", v);
    else el.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    el.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return el;
}

export const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict", 0: "unknown" };
export const QUAD_COLORS = { 1: "#4c9a6a", 2: "#1f7a4d", 3: "#d9822b", 4: "#b8322a", 0: "#8a8f95" };
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];

export function colorFor(by, key, keys) {
  if (by === "quad") return QUAD_COLORS[key] || "#8a8f95";
  const i = keys.indexOf(key);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
}

export function keyLabel(by, key) {
  return by === "quad" ? `${key} ${QUAD_NAMES[key] || ""}`.trim() : String(key);
}

// Stacked bars: series [{period, key, n}] -> SVG. onPick(period, key) when a segment is clicked.
export function timeline(series, { by = "quad", onPick } = {}) {
  const periods = [...new Set(series.map((d) => d.period))].sort();
  const keys = [...new Set(series.map((d) => d.key))].sort();
  const W = 760, H = 220, L = 44, B = 34, T = 8, R = 8;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart timeline", role: "img", "aria-label": "Timeline of events" });
  if (!periods.length) {
    svg.append(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No dated events match these filters."));
    return { svg, keys };
  }
  const totals = {};
  for (const d of series) totals[d.period] = (totals[d.period] || 0) + d.n;
  const max = Math.max(...Object.values(totals), 1);
  const bw = (W - L - R) / periods.length;
  const y = (v) => T + (H - T - B) * (1 - v / max);
  for (const t of niceTicks(max)) {
    svg.append(s("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), stroke: "#e3e6e9" }));
    svg.append(s("text", { x: L - 4, y: y(t) + 4, "text-anchor": "end" }, t.toLocaleString()));
  }
  const byPeriod = {};
  for (const d of series) (byPeriod[d.period] ||= []).push(d);
  periods.forEach((p, i) => {
    let acc = 0;
    for (const d of (byPeriod[p] || []).sort((a, b) => keys.indexOf(a.key) - keys.indexOf(b.key))) {
      const y0 = y(acc), y1 = y(acc + d.n);
      acc += d.n;
      const rect = s("rect", {
        class: "bar", x: L + i * bw + 0.5, y: y1, width: Math.max(bw - 1, 0.5), height: Math.max(y0 - y1, 0.5),
        fill: colorFor(by, d.key, keys), "data-period": p, "data-key": d.key,
        onclick: () => onPick && onPick(p, d.key),
      });
      rect.append(s("title", {}, `${p} · ${keyLabel(by, d.key)}: ${d.n.toLocaleString()}`));
      svg.append(rect);
    }
  });
  const every = Math.ceil(periods.length / 12);
  periods.forEach((p, i) => {
    if (i % every === 0) svg.append(s("text", { x: L + i * bw + bw / 2, y: H - B + 14, "text-anchor": "middle" }, p));
  });
  return { svg, keys };
}

function niceTicks(max) {
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  const n = max / step;
  const inc = n > 5 ? step * 2 : n > 2 ? step : step / 2;
  const out = [];
  for (let v = 0; v <= max; v += Math.max(inc, 1)) out.push(Math.round(v));
  return out;
}

// --- map ----------------------------------------------------------------------------------------
const MW = 960, MH = 480;
// How many of the network's actors have their name written next to them.
const NET_LABELS = 14;
const px = (lon) => ((lon + 180) / 360) * MW;
const py = (lat) => ((90 - lat) / 180) * MH;

function decodeArcs(topo) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  return topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
}

function ringPath(indexes, arcs) {
  const pts = [];
  for (const i of indexes) {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    a.forEach((p, k) => { if (k > 0 || !pts.length) pts.push(p); });
  }
  let d = "", prev = null;
  for (const [lon, lat] of pts) {
    // Break the ring where it jumps across the antimeridian rather than drawing a line across the map.
    const cmd = !prev || Math.abs(lon - prev[0]) > 180 ? "M" : "L";
    d += `${cmd}${px(lon).toFixed(1)},${py(lat).toFixed(1)}`;
    prev = [lon, lat];
  }
  return d + "Z";
}

export function countryPaths(topo) {
  const arcs = decodeArcs(topo);
  return topo.objects.countries.geometries.map((g) => {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    return { name: (g.properties && g.properties.name) || "", d: polys.map((rings) => rings.map((r) => ringPath(r, arcs)).join("")).join("") };
  });
}

// An SVG world map with points clustered on a screen grid that follows the zoom.
// onPick(bbox) gets [minLon, minLat, maxLon, maxLat] of a clicked cluster; onPoint(id) a single event.
export function worldMap(paths, points, { onPick, onPoint } = {}) {
  const wrap = document.createElement("div");
  wrap.className = "map-wrap";
  const svg = s("svg", { viewBox: `0 0 ${MW} ${MH}`, class: "map", role: "img", "aria-label": "Map of events" });
  const world = s("g", { class: "world" });
  const land = s("g", { class: "countries" });
  for (const c of paths) {
    const p = s("path", { d: c.d, class: "land" });
    p.append(s("title", {}, c.name));
    land.append(p);
  }
  const layer = s("g", { class: "points" });
  world.append(land, layer);
  svg.append(world);
  let k = 1, ox = 0, oy = 0;

  function draw() {
    world.setAttribute("transform", `translate(${ox},${oy}) scale(${k})`);
    layer.replaceChildren();
    const cell = 28 / k; // cluster cell: 28 screen units at any zoom
    const cells = new Map();
    for (const p of points) {
      const x = px(p.lon), y = py(p.lat);
      const key = `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { n: 0, x: 0, y: 0, pts: [] }));
      c.n += 1; c.x += x; c.y += y; c.pts.push(p);
    }
    for (const c of cells.values()) {
      const cx = c.x / c.n, cy = c.y / c.n;
      if (c.n === 1) {
        const p = c.pts[0];
        const dot = s("circle", { class: "pt", cx, cy, r: 4 / k, "data-id": p.id, onclick: () => onPoint && onPoint(p.id) });
        dot.append(s("title", {}, `${p.category} · ${p.place_name || ""} · ${p.day || ""}`));
        layer.append(dot);
        continue;
      }
      const lons = c.pts.map((p) => p.lon), lats = c.pts.map((p) => p.lat);
      const bbox = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      const g = s("g", { class: "cl" });
      const r = (6 + Math.min(14, Math.sqrt(c.n) * 1.5)) / k;
      const circle = s("circle", { class: "pt cluster", cx, cy, r, "data-n": c.n, onclick: () => onPick && onPick(bbox) });
      circle.append(s("title", {}, `${c.n} events: click to list them`));
      g.append(circle, s("text", { x: cx, y: cy + 3.5 / k, "text-anchor": "middle", "font-size": 10 / k }, String(c.n)));
      layer.append(g);
    }
  }

  function zoomAt(f, cx = MW / 2, cy = MH / 2) {
    const nk = Math.min(40, Math.max(1, k * f));
    ox = cx - ((cx - ox) * nk) / k;
    oy = cy - ((cy - oy) * nk) / k;
    k = nk;
    if (k === 1) { ox = 0; oy = 0; }
    draw();
  }
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(e.deltaY < 0 ? 1.5 : 1 / 1.5, ((e.clientX - r.left) / r.width) * MW, ((e.clientY - r.top) / r.height) * MH);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, ox, oy }; });
  window.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    ox = drag.ox + ((e.clientX - drag.x) / r.width) * MW;
    oy = drag.oy + ((e.clientY - drag.y) / r.height) * MH;
    draw();
  });
  const tools = document.createElement("div");
  tools.className = "map-tools";
  for (const [label, f] of [["+", 2], ["−", 0.5]]) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.title = f > 1 ? "Zoom in" : "Zoom out";
    b.addEventListener("click", () => zoomAt(f));
    tools.append(b);
  }
  wrap.append(svg, tools);
  draw();
  wrap.zoomAt = zoomAt;
  return wrap;
}

// --- network ------------------------------------------------------------------------------------
// A small force-directed layout, run to rest before drawing (deterministic: nodes start on a circle).
export function network(data, { onPick } = {}) {
  const W = 620, H = 420;
  const nodes = data.nodes.map((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(data.nodes.length, 1);
    return { ...n, x: W / 2 + Math.cos(a) * W * 0.35, y: H / 2 + Math.sin(a) * H * 0.35, vx: 0, vy: 0 };
  });
  const index = new Map(nodes.map((n) => [n.id, n]));
  const edges = data.edges.map((e) => ({ ...e, a: index.get(e.source), b: index.get(e.target) })).filter((e) => e.a && e.b);
  for (let it = 0; it < 300; it++) {
    const alpha = 1 - it / 300;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = b.x - a.x, dy = b.y - a.y;
        const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = (1800 / d2) * alpha;
        const d = Math.sqrt(d2);
        dx /= d; dy /= d;
        a.vx -= dx * f; a.vy -= dy * f; b.vx += dx * f; b.vy += dy * f;
      }
    }
    for (const e of edges) {
      const dx = e.b.x - e.a.x, dy = e.b.y - e.a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = ((d - 70) / d) * 0.05 * alpha;
      e.a.vx += dx * f; e.a.vy += dy * f; e.b.vx -= dx * f; e.b.vy -= dy * f;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.004 * alpha; n.vy += (H / 2 - n.y) * 0.004 * alpha;
      n.x = Math.min(W - 20, Math.max(20, n.x + n.vx)); n.y = Math.min(H - 12, Math.max(12, n.y + n.vy));
      n.vx *= 0.6; n.vy *= 0.6;
    }
  }
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart net", role: "img", "aria-label": "Network of actors" });
  if (!nodes.length) {
    svg.append(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No actor-recipient pairs match these filters."));
    return svg;
  }
  const maxN = Math.max(...edges.map((e) => e.n), 1);
  for (const e of edges) {
    const line = s("line", { class: "edge", x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y, "stroke-width": 1 + (4 * e.n) / maxN });
    line.append(s("title", {}, `${e.source} → ${e.target}: ${e.n}`));
    svg.append(line);
  }
  const maxNode = Math.max(...nodes.map((n) => n.n), 1);
  const countries = [...new Set(nodes.map((n) => n.country || ""))].sort();
  // Names are written next to the most connected actors only (the others have theirs on hover):
  // forty labels on a small panel overlap into noise.
  const labelled = new Set(nodes.slice().sort((a, b) => b.n - a.n).slice(0, NET_LABELS).map((n) => n.id));
  for (const n of nodes) {
    const c = s("circle", {
      class: "node", cx: n.x, cy: n.y, r: 4 + (8 * n.n) / maxNode, fill: PALETTE[countries.indexOf(n.country || "") % PALETTE.length],
      "data-name": n.id, onclick: () => onPick && onPick(n.id),
    });
    c.append(s("title", {}, `${n.id} (${n.country || "?"} ${n.sector || ""}): ${n.n}`));
    svg.append(c);
    if (labelled.has(n.id)) svg.append(s("text", { x: n.x + 8, y: n.y + 3 }, n.id.length > 24 ? n.id.slice(0, 23) + "…" : n.id));
  }
  return svg;
}
