// A stand-in for `dyad serve`, for working on the dashboard without the Rust server:
//   node dev/mock-server.mjs [articles.jsonl] [port]
// It codes the articles with `dyad annotate` (DYAD_BIN), keeps everything in memory and answers
// the API routes the dashboard uses, in the shapes of docs/api.md, under the same CSP as the
// real server. Not used by the tests, which run against the real `dyad serve`.
import { execFileSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, "..");
const assets = resolve(web, "../assets");
const bin = process.env.DYAD_BIN ?? resolve(web, "../../../target/debug/dyad");
const input = process.argv[2] ?? join(web, "e2e/fixtures/articles.jsonl");
const port = Number(process.argv[3] ?? 8099);

const docs = execFileSync(bin, ["annotate", input], { encoding: "utf8", maxBuffer: 1 << 28 })
  .split("\n").filter(Boolean).map((l) => JSON.parse(l));
const events = [];
for (const d of docs) {
  for (const e of d.events) {
    const actor = (a) => a && { code: a.code, country: a.country ?? null, text: a.text };
    events.push({
      id: events.length + 1, date: e.date ?? d.date ?? null, source: actor(e.source), target: actor(e.target),
      cameo: e.cameo, cameo_root: e.cameo_root, quad_class: e.quad_class, goldstein: e.goldstein,
      plover: e.plover?.type ? { type: e.plover.type, mode: e.plover.mode ?? null } : null,
      negated: e.negated, place: e.location ? { name: e.location.name, country: e.location.country ?? null, lat: e.location.lat, lon: e.location.lon } : null,
      evidence: e.evidence.text, num_mentions: 1, num_sources: 1, num_articles: 1, doc_id: d.id, rule: e.rule,
      _event_id: e.event_id, _span: e.evidence,
    });
  }
}

function filtered(p) {
  const pre = (code, x) => !x || (code ?? "").startsWith(x);
  return events.filter((e) =>
    (!p.get("from") || (e.date ?? "") >= p.get("from")) && (!p.get("to") || (e.date ?? "") <= p.get("to")) &&
    pre(e.source.code, p.get("source")) && (!p.get("target") || pre(e.target?.code, p.get("target"))) &&
    (!p.get("actor") || pre(e.source.code, p.get("actor")) || pre(e.target?.code, p.get("actor"))) &&
    (!p.get("country") || e.source.country === p.get("country") || e.target?.country === p.get("country")) &&
    pre(e.cameo, p.get("cameo")) && (!p.get("root") || e.cameo_root === p.get("root")) &&
    (!p.get("quad") || String(e.quad_class) === p.get("quad")) &&
    (!p.get("place_country") || e.place?.country === p.get("place_country")) &&
    (!p.get("q") || e.evidence.toLowerCase().includes(p.get("q").toLowerCase())))
    .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || b.id - a.id);
}

function isoWeek(date) {
  const d = new Date(date + "T00:00:00Z");
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const y = d.getUTCFullYear();
  const w = 1 + Math.round((d - new Date(Date.UTC(y, 0, 4))) / 604800000 - 3 / 7 + ((new Date(Date.UTC(y, 0, 4)).getUTCDay() + 6) % 7) / 7);
  return `${y}-W${String(w).padStart(2, "0")}`;
}

function group(list, key) {
  const m = new Map();
  for (const e of list) {
    const k = key(e);
    if (k === null) continue;
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(e);
  }
  return m;
}
const mean = (l) => l.reduce((s, e) => s + e.goldstein, 0) / Math.max(1, l.length);
const quads = (l) => [1, 2, 3, 4].map((q) => l.filter((e) => e.quad_class === q).length);

function api(url) {
  const p = url.searchParams;
  const path = url.pathname;
  if (path === "/api/health") return { status: "ok", version: "mock", schema_version: 0, documents: docs.length, events: events.length };
  if (path === "/api/events") {
    const all = filtered(p);
    const at = Number(p.get("cursor") ?? 0);
    const limit = Math.min(1000, Number(p.get("limit") ?? 100));
    return { events: all.slice(at, at + limit).map(({ _event_id, _span, ...e }) => e), next_cursor: at + limit < all.length ? String(at + limit) : null };
  }
  if (path === "/api/timeline") {
    const by = p.get("by") ?? "month";
    const [s, t] = (p.get("dyad") ?? "").split("-");
    const list = filtered(p).filter((e) => !s || (e.source.country === s && e.target?.country === t));
    const g = group(list, (e) => e.date ? (by === "day" ? e.date : by === "week" ? isoWeek(e.date) : e.date.slice(0, 7)) : null);
    return { by, periods: [...g.entries()].sort().map(([period, l]) => ({ period, events: l.length, quad: quads(l), goldstein_sum: l.reduce((a, e) => a + e.goldstein, 0), goldstein_mean: mean(l) })) };
  }
  if (path === "/api/dyads") {
    const g = group(filtered(p), (e) => e.source.country && e.target?.country ? `${e.source.country}-${e.target.country}` : null);
    return { dyads: [...g.entries()].map(([k, l]) => ({ source: k.split("-")[0], target: k.split("-")[1], events: l.length, goldstein_mean: mean(l), quad: quads(l) })).sort((a, b) => b.events - a.events).slice(0, Number(p.get("limit") ?? 20)) };
  }
  if (path === "/api/places") {
    const g = group(filtered(p).filter((e) => e.place), (e) => `${e.place.name}|${e.place.lat}|${e.place.lon}`);
    return { places: [...g.values()].map((l) => ({ ...l[0].place, events: l.length, goldstein_mean: mean(l) })) };
  }
  const m = /^\/api\/documents\/(.+)$/.exec(path);
  if (m) {
    const d = docs.find((x) => x.id === decodeURIComponent(m[1]));
    if (!d) return null;
    return {
      id: d.id, title: d.title ?? null, date: d.date ?? null, url: d.url ?? null, source: d.source ?? null, text: d.text,
      actors: d.actors.map((a) => ({ start: a.start, end: a.end, code: a.code, country: a.country ?? null, entity: a.entity ?? null })),
      events: d.events.map((e) => ({ start: e.evidence.start, end: e.evidence.end, id: events.find((x) => x._event_id === e.event_id)?.id ?? null, event_id: e.event_id, cameo: e.cameo, rule: e.rule, source: e.source.code, target: e.target?.code ?? null, negated: e.negated })),
      places: d.places.map((x) => ({ start: x.start, end: x.end, name: x.name, country: x.country ?? null, lat: x.lat ?? null, lon: x.lon ?? null })),
      dates: d.dates.map((x) => ({ start: x.start, end: x.end, date: x.value })),
      quotes: d.quotes.map((x) => ({ start: x.start, end: x.end, speaker: x.speaker?.entity ?? x.speaker?.text ?? null })),
    };
  }
  return null;
}

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };
createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  res.setHeader("Content-Security-Policy", "default-src 'self'");
  if (url.pathname.startsWith("/api/")) {
    const body = api(url);
    res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body ?? { error: { code: "not_found", message: "no such thing" } }));
    return;
  }
  const file = join(assets, url.pathname === "/" ? "index.html" : url.pathname);
  if (!file.startsWith(assets) || !existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
}).listen(port, "127.0.0.1", () => console.log(`mock dyad on http://127.0.0.1:${port}/ (${docs.length} documents, ${events.length} events)`));
