// tacitus dashboard: a small single-page app over the JSON API (no framework, no network beyond this server).
// Safety rule: text from the store is only ever set with textContent / text nodes, never as HTML.
import { QUAD_NAMES, colorFor, countryPaths, keyLabel, network, timeline, worldMap } from "./charts.js";

const FILTER_KEYS = ["actor", "recipient", "country", "category", "status", "since", "until", "place", "q",
  "quad", "bbox", "cluster", "article", "sector", "mode"];
const state = { health: null, world: null, tokenKey: "tacitus-token" };
const view = () => document.getElementById("view");

// --- DOM helpers -------------------------------------------------------------------------------
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "onclick") el.addEventListener("click", v);
    else if (k === "onsubmit") el.addEventListener("submit", v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const panel = (title, ...body) => h("section", { class: "panel" }, h("h2", {}, ...[].concat(title)), ...body);

// --- routing and filters -----------------------------------------------------------------------
function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, qs] = raw.split("?");
  return { path, params: new URLSearchParams(qs || "") };
}

function filtersFrom(params) {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) for (const v of params.getAll(k)) if (v) out.append(k, v);
  return out;
}

function link(path, params) {
  const qs = params && params.toString();
  return "#" + path + (qs ? "?" + qs : "");
}

function withFilter(params, changes) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    p.delete(k);
    if (v !== null && v !== undefined && v !== "") p.set(k, v);
  }
  return p;
}

function fillForm(params) {
  const form = document.getElementById("filters");
  for (const el of form.elements) {
    if (!el.name) continue;
    el.value = params.get(el.name) || "";
  }
}

function formFilters(base) {
  const form = document.getElementById("filters");
  const p = new URLSearchParams(base);
  for (const el of form.elements) {
    if (!el.name) continue;
    p.delete(el.name);
    if (el.value.trim()) p.set(el.name, el.value.trim());
  }
  return filtersFrom(p);
}

// A period ("2024-03", "2024", "2024-03-04", week Monday) as since/until days.
function periodRange(period, interval) {
  if (interval === "year") return [`${period}-01-01`, `${period}-12-31`];
  if (interval === "month") {
    const [y, m] = period.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [`${period}-01`, `${period}-${String(last).padStart(2, "0")}`];
  }
  if (interval === "week") {
    const d = new Date(period + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 6);
    return [period, d.toISOString().slice(0, 10)];
  }
  return [period, period];
}

// --- API ---------------------------------------------------------------------------------------
async function api(path, params, options = {}) {
  const url = "/api" + path + (params && params.toString() ? "?" + params : "");
  const res = await fetch(url, options);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  if (!res.ok) {
    const err = new Error((body && body.error && body.error.message) || res.statusText);
    err.code = body && body.error && body.error.code;
    err.detail = body && body.error && body.error.detail;
    throw err;
  }
  return body;
}

function authHeaders() {
  const t = sessionStorage.getItem(state.tokenKey);
  return t ? { Authorization: "Bearer " + t } : {};
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

function showError(target, err) {
  target.replaceChildren(h("p", { class: "error" }, `Error: ${err.message}`));
}

// --- shared renderers --------------------------------------------------------------------------
const entNames = (list) => (list || []).map((e) => e.name || e.entity_text).filter(Boolean);
function entityLinks(list) {
  const names = entNames(list);
  if (!names.length) return h("span", { class: "muted" }, "—");
  return h("span", {}, ...names.flatMap((n, i) => [i ? ", " : "", h("a", { href: link("/actor", new URLSearchParams({ name: n })) }, n)]));
}
const quadTag = (ev) => h("span", { class: `tag q${ev.quad_code || 0}`, title: QUAD_NAMES[ev.quad_code || 0] }, ev.event);
const statusTag = (st) => h("span", { class: `st-${st}` }, st);

const COLUMNS = [
  ["Date", (e) => e.date || e.published || ""],
  ["Category", (e) => e.event],
  ["Status", (e) => e.status],
  ["Actor", (e) => entNames(e.actor).join(", ")],
  ["Recipient", (e) => entNames(e.recipient).join(", ")],
  ["Place", (e) => (e.event_loc && (e.event_loc.resolved_place || e.event_loc.extracted_place)) || ""],
  ["Publisher", (e) => e.publisher || ""],
];

// A sortable table of events with a "more" button that follows the cursor.
function eventTable(params, { limit = 50 } = {}) {
  const box = h("div", { class: "event-table" });
  const rows = [];
  let cursor = null, sortCol = 0, desc = true;
  const tbody = h("tbody");
  const head = h("tr", {}, ...COLUMNS.map(([name], i) => h("th", {
    dataset: { col: String(i) }, onclick: () => { desc = sortCol === i ? !desc : false; sortCol = i; render(); },
  }, name)));
  const more = h("button", { type: "button", class: "more", onclick: () => load() }, "More");
  const note = h("span", { class: "muted" });
  box.append(h("table", { id: "events" }, h("thead", {}, head), tbody), h("div", { class: "row" }, more, note));

  function render() {
    // Dates are TIMEX3 values ("2024-06", "2024-W23-WE"): the server's order (by the day each
    // one starts on, newest first) is the date order, so the Date column keeps or reverses it.
    const get = COLUMNS[sortCol][1];
    const sorted = sortCol === 0 ? (desc ? rows.slice() : rows.slice().reverse())
      : rows.slice().sort((a, b) => String(get(a)).localeCompare(String(get(b))) * (desc ? -1 : 1));
    head.querySelectorAll("th").forEach((th, i) => { th.className = i === sortCol ? (desc ? "sorted desc" : "sorted") : ""; });
    tbody.replaceChildren(...sorted.map((e) => h("tr", { dataset: { id: e.id } },
      h("td", {}, h("a", { href: link("/event/" + encodeURIComponent(e.id)) }, e.date || e.published || "undated")),
      h("td", {}, quadTag(e)),
      h("td", {}, statusTag(e.status)),
      h("td", {}, entityLinks(e.actor)),
      h("td", {}, entityLinks(e.recipient)),
      h("td", {}, COLUMNS[5][1](e)),
      h("td", {}, e.publisher || ""),
    )));
    if (!rows.length) tbody.append(h("tr", {}, h("td", { colspan: COLUMNS.length, class: "muted" }, "No events match these filters.")));
  }

  async function load() {
    const p = new URLSearchParams(params);
    p.set("limit", String(limit));
    p.set("order", "desc");
    if (cursor) p.set("cursor", cursor);
    more.disabled = true;
    try {
      const page = await api("/events", p);
      rows.push(...page.events);
      cursor = page.next_cursor;
      more.hidden = !cursor;
      note.textContent = `${rows.length} shown${cursor ? "" : " (all)"}`;
      render();
    } catch (err) {
      showError(box, err);
    } finally {
      more.disabled = false;
    }
  }
  box.ready = load();
  return box;
}

function filterSummary(params) {
  const parts = [];
  for (const [k, v] of params) parts.push(`${k}=${v}`);
  return parts.length ? parts.join(" · ") : "all events";
}

// --- views -------------------------------------------------------------------------------------
async function dashboardView(params) {
  const filters = filtersFrom(params);
  const by = params.get("by") || "quad";
  const interval = params.get("interval") || "month";
  const root = view();
  const timelineBox = h("div", { id: "timeline" });
  const mapBox = h("div", { id: "map" });
  const netBox = h("div", { id: "network" });
  const totalsBox = h("div", { class: "totals", id: "totals" });
  const switcher = h("span", { class: "tools" },
    ...["quad", "category", "status"].map((b) => h("a", { href: link("/", withFilter(params, { by: b })), class: b === by ? "active" : "" }, ` by ${b} `)),
    " | ",
    ...["week", "month", "year"].map((iv) => h("a", { href: link("/", withFilter(params, { interval: iv })) }, ` ${iv} `)));
  const table = eventTable(filters, { limit: 25 });
  root.replaceChildren(
    panel(["Overview", h("span", { class: "tools muted" }, filterSummary(filters))], totalsBox),
    h("div", { class: "grid" },
      h("div", {},
        panel(["Timeline", h("span", { class: "muted" }, "(occurred and ongoing, unless a status is chosen)"), switcher], timelineBox),
        panel(["Events", h("span", { class: "tools" }, h("a", { href: link("/events", filters) }, "open full table"),
          " · ", h("a", { href: "/api/export?" + new URLSearchParams([...filters, ["format", "csv"]]) }, "CSV"),
          " · ", h("a", { href: "/api/export?" + new URLSearchParams([...filters, ["format", "jsonl"]]) }, "JSONL"),
          " · ", h("a", { href: "/api/export?" + new URLSearchParams([...filters, ["format", "parquet"]]) }, "Parquet"))], table)),
      h("div", {},
        panel(["Map", h("span", { class: "tools muted" }, "latest 2,000 located events; click a cluster")], mapBox),
        panel(["Network", h("span", { class: "tools muted" }, "actor → recipient, latest 2,000 events")], netBox))),
  );

  const tparams = new URLSearchParams(filters);
  tparams.set("interval", interval);
  tparams.set("by", by);
  const jobs = [
    api("/stats/timeline", tparams).then((data) => {
      const { svg, keys } = timeline(data.series, {
        by, onPick: (period, key) => {
          const [since, until] = periodRange(period, interval);
          const target = withFilter(filters, { since, until, [by === "none" ? "x" : by]: key });
          if (!filters.has("status") && by !== "status") {
            for (const st of state.health.analytic_statuses) target.append("status", st);  // what the bar counted
          }
          location.hash = link("/events", target);
        },
      });
      const legend = h("div", { class: "legend" }, ...keys.map((k) => {
        const sw = h("i");
        sw.style.background = colorFor(by, k, keys);
        return h("span", {}, sw, keyLabel(by, k));
      }));
      timelineBox.replaceChildren(svg, legend);
    }).catch((e) => showError(timelineBox, e)),
    Promise.all([loadWorld(), api("/map", withFilter(filters, { limit: "2000" }))]).then(([paths, data]) => {
      const m = worldMap(paths, data.points, {
        onPick: (bbox) => { location.hash = link("/events", withFilter(filters, { bbox: bbox.map((v) => v.toFixed(3)).join(",") })); },
        onPoint: (id) => { location.hash = link("/event/" + encodeURIComponent(id)); },
      });
      mapBox.replaceChildren(m, h("p", { class: "muted" }, `${data.points.length.toLocaleString()} events on the map`));
    }).catch((e) => showError(mapBox, e)),
    api("/network", withFilter(filters, { sample: "2000", limit: "40" })).then((data) => {
      netBox.replaceChildren(network(data, { onPick: (name) => { location.hash = link("/actor", new URLSearchParams({ name })); } }),
        h("p", { class: "muted" }, `${data.edges.length} links among ${data.sampled.toLocaleString()} recent events`));
    }).catch((e) => showError(netBox, e)),
    api("/stats/totals").then((t) => {
      totalsBox.replaceChildren(
        h("div", {}, h("b", {}, t.events.toLocaleString()), "events stored"),
        ...Object.entries(t.by_status).slice(0, 6).map(([st, n]) => h("div", {},
          h("b", {}, n.toLocaleString()), h("a", { href: link("/events", withFilter(filters, { status: st })) }, st))));
    }).catch((e) => showError(totalsBox, e)),
    table.ready,
  ];
  await Promise.all(jobs);
}

async function loadWorld() {
  if (!state.world) {
    state.world = fetch("/static/world-110m.json").then((r) => r.json()).then(countryPaths);
  }
  return state.world;
}

async function eventsView(params) {
  const filters = filtersFrom(params);
  const table = eventTable(filters, { limit: 100 });
  const count = h("span", { class: "muted", id: "count" });
  view().replaceChildren(panel(["Events", h("span", { class: "tools muted" }, filterSummary(filters))], count, table));
  api("/events/count", filters).then((c) => { count.textContent = `${c.count.toLocaleString()} matching events`; }).catch(() => {});
  await table.ready;
}

// The article text with the evidence sentence marked and every field's span inside it.
function highlighted(text, sentence, spans, { start = 0, end = text.length } = {}) {
  const out = h("div", { class: "article-text" });
  const cuts = new Set([start, end]);
  if (sentence) { cuts.add(sentence[0]); cuts.add(sentence[1]); }
  for (const sp of spans) { cuts.add(sp.start); cuts.add(sp.end); }
  const points = [...cuts].filter((x) => x >= start && x <= end).sort((a, b) => a - b);
  let current = null, currentEnd = -1;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const fields = spans.filter((sp) => sp.start <= a && sp.end >= b).map((sp) => sp.field);
    let node = document.createTextNode(piece);
    if (fields.length) {
      node = h("span", { class: "span " + [...new Set(fields)].map((f) => "f-" + f).join(" "), title: [...new Set(fields)].join(", ") }, piece);
    }
    const inSentence = sentence && a >= sentence[0] && b <= sentence[1];
    if (inSentence) {
      if (!current || currentEnd !== sentence[1]) {
        current = h("mark", { class: "evidence", id: "evidence" });
        currentEnd = sentence[1];
        out.append(current);
      }
      current.append(node);
    } else {
      out.append(node);
    }
  }
  return out;
}

async function eventView(id) {
  const root = view();
  root.replaceChildren(h("p", { class: "muted" }, "Loading event…"));
  let data;
  try {
    data = await api("/events/" + encodeURIComponent(id));
  } catch (err) {
    return showError(root, err);
  }
  const ev = data.event, art = data.article, evd = ev.evidence;
  const loc = ev.event_loc;
  const fields = h("dl", { class: "fields" },
    h("dt", {}, "Category"), h("dd", {}, quadTag(ev), ` ${ev.mode || ""} · CAMEO ${ev.cameo || "—"} · quad ${ev.quad_code || "—"}`),
    h("dt", {}, "Status"), h("dd", {}, statusTag(ev.status), ev.historical ? " (historical)" : ""),
    h("dt", {}, "Actor"), h("dd", {}, entityLinks(ev.actor)),
    h("dt", {}, "Recipient"), h("dd", {}, entityLinks(ev.recipient)),
    h("dt", {}, "When"), h("dd", {}, ev.date ? `${ev.date} (${ev.when.precision})` : `undated (published ${ev.published || "?"})`),
    h("dt", {}, "Where"), h("dd", {}, loc ? `${loc.resolved_place || loc.extracted_place} ${loc.country_code || ""} ${loc.lat != null ? `(${loc.lat}, ${loc.lon})` : ""}` : "—"),
    h("dt", {}, "Figures"), h("dd", {}, (ev.size || []).map((sz) => `${sz.kind}: ${sz.text || sz.min}`).join("; ") || "—"),
    h("dt", {}, "Cluster"), h("dd", {}, ev.cluster ? h("a", { href: link("/events", new URLSearchParams({ cluster: ev.cluster })) }, ev.cluster) : "—",
      ev.sources ? ` · ${ev.sources} independent sources` : ""),
    h("dt", {}, "Confidence"), h("dd", {}, String(ev.confidence)),
  );
  const chain = h("ol", { class: "chain", id: "chain" }, ...(ev.attribution || []).map((a) => h("li", {},
    h("b", {}, a.speaker), ` (${a.kind}${a.cue ? ", " + a.cue : ""})`)));
  const spansList = h("table", { id: "spans" }, h("thead", {}, h("tr", {}, h("th", {}, "Field"), h("th", {}, "Text"), h("th", {}, "Offsets"))),
    h("tbody", {}, ...data.spans.map((sp) => h("tr", {}, h("td", {}, h("span", { class: "span f-" + sp.field }, sp.field)), h("td", {}, sp.text || ""), h("td", { class: "muted" }, `${sp.start}–${sp.end}`)))));
  let context = h("p", { class: "muted" }, "The article is not in the store.");
  if (art && evd) {
    context = highlighted(art.text, [evd.sentence_start, evd.sentence_end], data.spans);
  } else if (evd) {
    context = h("div", { class: "article-text" }, h("mark", { class: "evidence", id: "evidence" }, evd.sentence));
  }
  root.replaceChildren(
    panel([h("span", { id: "event-title" }, `${ev.event}: ${entNames(ev.actor).join(", ") || "?"} → ${entNames(ev.recipient).join(", ") || "?"}`)], fields),
    panel("Evidence", context),
    panel("Attribution chain", chain, h("p", { class: "muted" }, "From the original speaker to the publisher.")),
    panel("Field spans", spansList),
    panel("Article", art ? h("p", {}, h("a", { href: link("/article/" + encodeURIComponent(art.id)) }, art.title || art.id),
      ` · ${art.source || ""} · ${art.published || ""}`) : h("p", { class: "muted" }, "—")),
  );
  document.getElementById("evidence")?.scrollIntoView({ block: "center" });
}

async function articleView(id) {
  const root = view();
  let a;
  try {
    a = await api("/articles/" + encodeURIComponent(id));
  } catch (err) {
    return showError(root, err);
  }
  const text = h("div", { class: "article-text", id: "article-text" });
  let pos = 0;
  const evs = a.events.filter((e) => e.sentence_start != null).sort((x, y) => x.sentence_start - y.sentence_start);
  for (const e of evs) {
    if (e.sentence_start < pos) continue;
    text.append(a.text.slice(pos, e.sentence_start));
    const mark = h("mark", { class: "event-sentence", title: `${e.category} (${e.status})` });
    const t = e.trigger;
    if (t && t.start >= e.sentence_start && t.end <= e.sentence_end) {
      mark.append(a.text.slice(e.sentence_start, t.start),
        h("a", { class: "span f-trigger", href: link("/event/" + encodeURIComponent(e.id)) }, a.text.slice(t.start, t.end)),
        a.text.slice(t.end, e.sentence_end));
    } else {
      mark.append(a.text.slice(e.sentence_start, e.sentence_end));
    }
    text.append(mark);
    pos = e.sentence_end;
  }
  text.append(a.text.slice(pos));
  root.replaceChildren(
    panel(h("span", { id: "article-title" }, a.title || "(untitled)"),
      h("p", { class: "muted" }, [a.source, a.published, a.language].filter(Boolean).join(" · "),
        a.url ? " · " : "", a.url ? h("a", { href: a.url, rel: "noopener noreferrer nofollow" }, "original") : ""),
      a.source_notes.length ? h("p", { class: "muted" }, "Notes: " + a.source_notes.join("; ")) : "",
      text),
    panel("Events in this article", h("ul", {}, ...a.events.map((e) => h("li", {},
      h("a", { href: link("/event/" + encodeURIComponent(e.id)) }, `${e.category}`), ` · ${e.status} · ${e.date || "undated"}`)))),
  );
}

async function articlesView(params) {
  const root = view();
  const list = h("tbody");
  const more = h("button", { type: "button" }, "More");
  let cursor = null;
  async function load() {
    const p = new URLSearchParams({ limit: "50" });
    if (params.get("q")) p.set("q", params.get("q"));
    if (cursor) p.set("cursor", cursor);
    const page = await api("/articles", p);
    for (const a of page.articles) {
      list.append(h("tr", {}, h("td", {}, a.published || ""), h("td", {}, h("a", { href: link("/article/" + encodeURIComponent(a.id)) }, a.title || a.id)),
        h("td", {}, a.source || ""), h("td", {}, String(a.n_events))));
    }
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }
  more.addEventListener("click", load);
  root.replaceChildren(panel("Articles", h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Published"), h("th", {}, "Title"), h("th", {}, "Source"), h("th", {}, "Events"))), list), more));
  await load();
}

async function actorsView(params) {
  const root = view();
  const data = await api("/actors", new URLSearchParams({ limit: "100", ...(params.get("q") ? { q: params.get("q") } : {}) }));
  root.replaceChildren(panel("Actors", h("table", {},
    h("thead", {}, h("tr", {}, h("th", {}, "Actor"), h("th", {}, "Country"), h("th", {}, "Sector"), h("th", {}, "As actor"), h("th", {}, "As recipient"))),
    h("tbody", {}, ...data.actors.map((a) => h("tr", {},
      h("td", {}, h("a", { href: link("/actor", new URLSearchParams({ name: a.name })) }, a.name)),
      h("td", {}, a.country || ""), h("td", {}, a.sector || ""), h("td", {}, String(a.n_actor)), h("td", {}, String(a.n_recipient))))))));
}

async function actorView(params) {
  const name = params.get("name") || "";
  const root = view();
  const q = new URLSearchParams({ name });
  let prof;
  try {
    prof = await api("/actors/profile", q);
  } catch (err) {
    return showError(root, err);
  }
  const [cp, tl] = await Promise.all([api("/actors/counterparts", q), api("/actors/timeline", q)]);
  const series = tl.series.map((d) => ({ period: d.period, key: d.role, n: d.n }));
  const { svg } = timeline(series, {
    by: "role", onPick: (period, role) => {
      const [since, until] = periodRange(period, "month");
      location.hash = link("/events", new URLSearchParams({ [role]: name, since, until }));
    },
  });
  root.replaceChildren(
    panel(h("span", { id: "actor-name" }, prof.name), h("dl", { class: "fields" },
      h("dt", {}, "As actor"), h("dd", {}, h("a", { href: link("/events", new URLSearchParams({ actor: name })) }, String(prof.n_actor))),
      h("dt", {}, "As recipient"), h("dd", {}, h("a", { href: link("/events", new URLSearchParams({ recipient: name })) }, String(prof.n_recipient))),
      h("dt", {}, "Countries"), h("dd", {}, Object.keys(prof.countries).join(", ") || "—"),
      h("dt", {}, "Sectors"), h("dd", {}, Object.keys(prof.sectors).join(", ") || "—"),
      h("dt", {}, "Offices"), h("dd", {}, prof.offices.join("; ") || "—"),
      h("dt", {}, "Wikidata"), h("dd", {}, prof.kb_ids.join(", ") || "—"),
      h("dt", {}, "Active"), h("dd", {}, `${prof.first_day || "?"} – ${prof.last_day || "?"}`),
      h("dt", {}, "Categories"), h("dd", {}, Object.entries(prof.categories).map(([c, n]) => `${c} ${n}`).join(", ")))),
    panel("Timeline (all statuses, by role)", svg),
    panel("Counterparts", h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Counterpart"), h("th", {}, "Country"), h("th", {}, "Acts on them"), h("th", {}, "Acted on by them"))),
      h("tbody", {}, ...cp.counterparts.map((c) => h("tr", {},
        h("td", {}, h("a", { href: link("/actor", new URLSearchParams({ name: c.name })) }, c.name)), h("td", {}, c.country || ""),
        h("td", {}, String(c.as_actor)), h("td", {}, String(c.as_recipient))))))),
  );
}

async function watchlistsView(params) {
  const root = view();
  const filters = filtersFrom(params);
  const msg = h("p", { class: "muted", id: "wl-msg" });
  const token = h("input", { type: "password", id: "wl-token", placeholder: "server token", value: sessionStorage.getItem(state.tokenKey) || "" });
  const name = h("input", { id: "wl-name", placeholder: "name", required: true, maxlength: "100" });
  const hook = h("input", { id: "wl-webhook", placeholder: "https://… (optional)", size: "30" });
  const form = h("form", {
    class: "row", onsubmit: async (e) => {
      e.preventDefault();
      sessionStorage.setItem(state.tokenKey, token.value);
      const body = { name: name.value, filters: Object.fromEntries([...filters.keys()].map((k) => [k, ["category", "status", "mode", "quad"].includes(k) ? filters.getAll(k) : filters.get(k)])) };
      if (hook.value) body.webhook = hook.value;
      try {
        await api("/watchlists", null, { method: "POST", headers: { "Content-Type": "application/json", ...authHeaders() }, body: JSON.stringify(body) });
        await watchlistsView(params);
        document.getElementById("wl-msg").textContent = "Saved.";
        markReady();
      } catch (err) {
        msg.textContent = "Not saved: " + err.message;
        markReady();
      }
    },
  }, h("label", {}, "Token ", token), h("label", {}, "Name ", name), h("label", {}, "Webhook ", hook),
    h("button", { type: "submit", id: "wl-save" }, "Save"), h("span", { class: "muted" }, "filters: " + filterSummary(filters)));
  const [wl, al] = await Promise.all([api("/watchlists"), api("/alerts", new URLSearchParams({ limit: "50" }))]);
  const rows = wl.watchlists.map((w) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(w.filters)) for (const x of [].concat(v)) p.append(k, String(x));
    const del = h("button", { type: "button", onclick: async () => {
      try {
        await api("/watchlists/" + w.id, null, { method: "DELETE", headers: authHeaders() });
        await watchlistsView(params);
        markReady();
      } catch (err) { msg.textContent = "Not deleted: " + err.message; }
    } }, "Delete");
    return h("tr", {}, h("td", {}, h("a", { href: link("/events", p) }, w.name)), h("td", {}, filterSummary(p)), h("td", {}, w.webhook || "—"), h("td", {}, del));
  });
  root.replaceChildren(
    panel("Save the current filters as a watchlist", form, msg),
    panel("Watchlists", h("table", { id: "watchlists" }, h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Filters"), h("th", {}, "Webhook"), h("th", {}, ""))), h("tbody", {}, ...rows))),
    panel("Alert log", h("table", { id: "alerts" }, h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "Watchlist"), h("th", {}, "Events"), h("th", {}, "Delivery"))),
      h("tbody", {}, ...al.alerts.map((a) => h("tr", {}, h("td", {}, a.created_at), h("td", {}, a.watchlist),
        h("td", {}, ...a.event_ids.slice(0, 5).flatMap((id, i) => [i ? ", " : "", h("a", { href: link("/event/" + encodeURIComponent(id)) }, id.slice(0, 9))]), a.n_events > 5 ? ` +${a.n_events - 5}` : ""),
        h("td", {}, a.delivery + (a.error ? ": " + a.error : ""))))))),
  );
}

// --- boot ----------------------------------------------------------------------------------------
async function route() {
  const { path, params } = parseHash();
  fillForm(params);
  document.querySelectorAll("[data-nav]").forEach((a) => a.classList.toggle("active",
    (a.dataset.nav === "dashboard" && path === "/") || path.startsWith("/" + a.dataset.nav)));
  setStatus("loading…");
  const t0 = performance.now();
  try {
    if (path === "/" || path === "") await dashboardView(params);
    else if (path === "/events") await eventsView(params);
    else if (path.startsWith("/event/")) await eventView(decodeURIComponent(path.slice(7)));
    else if (path.startsWith("/article/")) await articleView(decodeURIComponent(path.slice(9)));
    else if (path === "/articles") await articlesView(params);
    else if (path === "/actors") await actorsView(params);
    else if (path === "/actor") await actorView(params);
    else if (path === "/watchlists") await watchlistsView(params);
    else view().replaceChildren(h("p", {}, "No such page."));
    const ro = state.health && state.health.read_only ? " · read-only" : "";
    setStatus(`ready in ${Math.round(performance.now() - t0)} ms${ro}`);
  } catch (err) {
    showError(view(), err);
    setStatus("error");
  }
  markReady();
}

// Tells tests and scripts that a view has finished rendering: body[data-ready] changes each time.
let renders = 0;
function markReady() {
  renders += 1;
  document.body.dataset.ready = `${renders}-${Date.now()}`;
}

async function boot() {
  state.health = await api("/health");
  const cat = document.getElementById("f-category"), st = document.getElementById("f-status");
  for (const c of state.health.categories) cat.append(h("option", { value: c }, c));
  for (const s of state.health.statuses) st.append(h("option", { value: s }, s));
  const form = document.getElementById("filters");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const { path, params } = parseHash();
    const target = ["/", "/events"].includes(path) ? path : "/";
    const p = formFilters(params);
    for (const k of ["by", "interval"]) if (params.get(k)) p.set(k, params.get(k));
    location.hash = link(target, p);
  });
  document.getElementById("f-clear").addEventListener("click", () => { location.hash = "#/"; });
  document.getElementById("f-save").addEventListener("click", () => {
    location.hash = link("/watchlists", formFilters(parseHash().params));
  });
  window.addEventListener("hashchange", route);
  await route();
}

boot().catch((err) => { showError(view(), err); setStatus("error"); });
