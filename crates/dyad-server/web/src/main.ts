// The dashboard: filters at the top drive every view; brushing the timeline narrows the period
// of the map, the dyad network and the event table; a table row opens its article.
import "./style.css";
import { fetchApi, get, isTokenLike, onUnauthorized, query, setToken, token, Unauthorized, type Article, type Dyad, type EventRow, type EventsPage, type Health, type Params,
  type Place, type Timeline } from "./api";
import { renderArticle } from "./article";
import { byId, el } from "./dom";
import { renderMap } from "./map";
import { renderNetwork } from "./network";
import { renderTable } from "./table";
import { renderTimeline, type Range } from "./timeline";

/** Rows per table page; `?page_size=N` in the page's address changes it (1–1000). */
const PAGE = (() => {
  const n = Number(new URLSearchParams(location.search).get("page_size"));
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 50;
})();

interface State {
  from: string; to: string; actor: string; country: string; root: string; quad: string; q: string; by: string;
  /** Set by clicking a network edge. */
  dyad: [string, string] | null;
  /** Set by clicking a map circle. */
  placeCountry: string;
  /** Set by brushing the timeline. */
  period: Range | null;
  /** Cursors of the pages before the current one; the current page's cursor is last. */
  cursors: (string | null)[];
  next: string | null;
}

const state: State = {
  from: "", to: "", actor: "", country: "", root: "", quad: "", q: "", by: "month",
  dyad: null, placeCountry: "", period: null, cursors: [null], next: null,
};

const form = byId<HTMLFormElement>("filters");
const errorBox = byId("error");

function showError(e: unknown): void {
  // A 401 asks for the token (see askForToken); it is not an error to show.
  if (e instanceof Unauthorized) return;
  errorBox.hidden = false;
  errorBox.textContent = e instanceof Error ? e.message : String(e);
}

/** The date range the map, network and table use: the brushed period within the filters. */
function range(): { from: string; to: string } {
  if (state.period) return { from: state.period[0], to: state.period[1] };
  return { from: state.from, to: state.to };
}

function eventFilters(): Params {
  return {
    ...range(),
    actor: state.actor, country: state.country, root: state.root, quad: state.quad, q: state.q,
    source: state.dyad?.[0], target: state.dyad?.[1], place_country: state.placeCountry,
  };
}

/** Each view keeps a counter so a slow, outdated answer never overwrites a newer one. */
const generation: Record<string, number> = {};
async function latest<T>(view: string, load: () => Promise<T>, draw: (t: T) => void | Promise<void>): Promise<void> {
  const g = (generation[view] = (generation[view] ?? 0) + 1);
  const box = document.getElementById(view);
  box?.classList.add("loading");
  try {
    const t = await load();
    if (g === generation[view]) await draw(t);
  } catch (e) {
    if (g === generation[view]) showError(e);
  } finally {
    if (g === generation[view]) box?.classList.remove("loading");
  }
}

function loadTimeline(): Promise<void> {
  // Every filter but the brushed period, which the timeline shows in context.
  const params = { ...eventFilters(), from: state.from, to: state.to, by: state.by };
  return latest("timeline", () => get<Timeline>("/api/timeline", params), (t) => {
    const box = byId("timeline");
    renderTimeline(box, t, state.period, (r) => {
      state.period = r;
      updateLabels();
      loadPeriodViews();
    });
    // What is drawn, for tests and for anyone reading the page's source.
    box.dataset.query = query(params);
  });
}

function loadMap(): Promise<void> {
  return latest("map", () => get<{ places: Place[] }>("/api/places", eventFilters()),
    (p) => renderMap(byId("map"), p.places, (country) => {
      state.placeCountry = country;
      refresh(false);
    }));
}

function loadNetwork(): Promise<void> {
  return latest("network", () => get<{ dyads: Dyad[] }>("/api/dyads", { ...eventFilters(), limit: 30 }),
    (d) => renderNetwork(byId("network"), d.dyads, (s, t) => {
      state.dyad = [s, t];
      refresh(true);
    }));
}

function loadTable(): Promise<void> {
  const cursor = state.cursors[state.cursors.length - 1];
  const params = { ...eventFilters(), limit: PAGE, cursor };
  return latest("events", () => get<EventsPage>("/api/events", params), (page) => {
    byId("events").dataset.query = query(params);
    state.next = page.next_cursor;
    renderTable(byId<HTMLTableElement>("events").tBodies[0], page.events, openEvent);
    byId<HTMLButtonElement>("prev").disabled = state.cursors.length <= 1;
    byId<HTMLButtonElement>("next").disabled = !state.next;
    const n = state.cursors.length;
    byId("page-label").textContent = `page ${n} · ${page.events.length} events shown`;
  });
}

function loadPeriodViews(): void {
  state.cursors = [null];
  byId<HTMLAnchorElement>("csv").href = `/api/events${query({ ...eventFilters(), format: "csv", limit: 1000 })}`;
  void loadMap();
  void loadNetwork();
  void loadTable();
}

function refresh(withTimeline: boolean): void {
  // Until the token is given every read would be refused.
  if (locked) return;
  errorBox.hidden = true;
  updateLabels();
  if (withTimeline) void loadTimeline();
  loadPeriodViews();
}

function updateLabels(): void {
  byId("period-label").textContent = state.period ? `selected ${state.period[0]} – ${state.period[1]}` : "";
  const chips = byId("chips");
  chips.replaceChildren();
  const chip = (text: string, clear: () => void, withTimeline: boolean) => {
    const b = el("button", { type: "button", class: "chip", title: "remove this filter" }, `${text} ×`);
    b.addEventListener("click", () => {
      clear();
      refresh(withTimeline);
    });
    chips.append(b);
  };
  if (state.period) chip(`period ${state.period[0]} – ${state.period[1]}`, () => (state.period = null), true);
  if (state.dyad) chip(`dyad ${state.dyad[0]} → ${state.dyad[1]}`, () => (state.dyad = null), true);
  if (state.placeCountry) chip(`place in ${state.placeCountry}`, () => (state.placeCountry = ""), false);
}

function readForm(): void {
  const f = new FormData(form);
  const v = (k: string) => String(f.get(k) ?? "").trim();
  state.from = v("from");
  state.to = v("to");
  state.actor = v("actor").toUpperCase();
  state.country = v("country").toUpperCase();
  state.root = v("root");
  state.quad = v("quad");
  state.q = v("q");
  state.by = v("by") || "month";
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  readForm();
  state.period = null;
  refresh(true);
});
form.addEventListener("change", (e) => {
  // Selects apply at once; text fields on Enter or Apply.
  if ((e.target as HTMLElement).tagName === "SELECT") form.requestSubmit();
});
form.addEventListener("reset", () => {
  setTimeout(() => {
    readForm();
    state.period = null;
    state.dyad = null;
    state.placeCountry = "";
    refresh(true);
  });
});
byId("next").addEventListener("click", () => {
  if (!state.next) return;
  state.cursors.push(state.next);
  void loadTable();
});
byId("prev").addEventListener("click", () => {
  if (state.cursors.length <= 1) return;
  state.cursors.pop();
  void loadTable();
});

// The article view lives in the URL fragment (#doc=ID&event=N), so Back closes it and a link
// to one article works.
function openEvent(row: EventRow): void {
  location.hash = query({ doc: row.doc_id, event: row.id }).slice(1);
}

const article = byId("article");
let articleGen = 0;
async function showArticleFromHash(): Promise<void> {
  const h = new URLSearchParams(location.hash.slice(1));
  const doc = h.get("doc");
  const gen = ++articleGen;
  if (!doc) {
    article.hidden = true;
    document.body.classList.remove("reading");
    return;
  }
  const ev = Number(h.get("event"));
  const parts = {
    title: byId("article-title"), meta: byId("article-meta"), text: byId("article-text"),
    events: byId<HTMLOListElement>("article-events"),
  };
  parts.title.textContent = "loading…";
  parts.meta.textContent = "";
  parts.text.replaceChildren();
  parts.events.replaceChildren();
  article.hidden = false;
  document.body.classList.add("reading");
  try {
    const a = await get<Article>(`/api/documents/${encodeURIComponent(doc)}`);
    if (gen !== articleGen) return;
    renderArticle(a, Number.isFinite(ev) && h.has("event") ? ev : null, parts);
    if (!a.text) parts.text.textContent = "(The store keeps no text for this article: ingest with --keep-text.)";
    article.setAttribute("data-doc-id", a.id);
  } catch (e) {
    if (gen === articleGen) parts.title.textContent = e instanceof Error ? e.message : String(e);
  }
}
function closeArticle(): void {
  history.pushState(null, "", location.pathname + location.search);
  void showArticleFromHash();
}
byId("article-close").addEventListener("click", closeArticle);
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !article.hidden) closeArticle();
});
window.addEventListener("hashchange", () => void showArticleFromHash());

/** Whether the API can be read: `locked` when its reads need the token and it was not given
 * or was refused (`/api/health` then answers without the counts). */
async function loadHealth(): Promise<"open" | "locked" | "failed"> {
  try {
    const h = await get<Health>("/api/health");
    if (h.events === undefined || h.documents === undefined) return "locked";
    byId("status").textContent = `${h.events.toLocaleString("en")} events from ${h.documents.toLocaleString("en")} documents · dyad ${h.version}`;
    return "open";
  } catch (e) {
    if (e instanceof Unauthorized) return "locked";
    byId("status").textContent = "API unreachable";
    showError(e);
    return "failed";
  }
}

// Servers with closed reads (`dyad serve --close-reads`, or not on loopback) answer 401 without
// the token: the page asks for it, keeps it in sessionStorage and sends it as
// `Authorization: Bearer ...` (see api.ts).
const tokenForm = byId<HTMLFormElement>("token-form");
const tokenInput = byId<HTMLInputElement>("token-input");
const tokenError = byId("token-error");
const forget = byId<HTMLButtonElement>("token-forget");
let locked = false;

function askForToken(message: string): void {
  locked = true;
  document.body.classList.add("locked");
  errorBox.hidden = true;
  forget.hidden = true;
  tokenError.textContent = message;
  tokenError.hidden = message === "";
  byId("status").textContent = "reads need the access token";
  const wasHidden = tokenForm.hidden;
  tokenForm.hidden = false;
  // Focus moves to the field once, when the prompt appears, not on every refused request.
  if (wasHidden || message) {
    tokenInput.focus();
    tokenInput.select();
  }
}

function unlocked(): void {
  locked = false;
  document.body.classList.remove("locked");
  tokenForm.hidden = true;
  tokenError.hidden = true;
  tokenInput.value = "";
  forget.hidden = token() === null;
}

onUnauthorized((sent) => {
  // A request sent before a new token was entered must not discard the new one.
  if (sent !== null && sent === token()) setToken(null);
  if (!locked) askForToken(sent === null ? "" : "The server refused the token. Enter it again.");
});

tokenForm.addEventListener("submit", (e) => {
  e.preventDefault();
  const t = tokenInput.value.trim();
  if (!isTokenLike(t)) {
    askForToken("A token is printable characters without spaces.");
    return;
  }
  setToken(t);
  void loadHealth().then((h) => {
    if (h === "locked") {
      setToken(null);
      askForToken("The server refused this token.");
      return;
    }
    unlocked();
    refresh(true);
    void showArticleFromHash();
  });
});

forget.addEventListener("click", () => {
  setToken(null);
  askForToken("");
});

// A plain link cannot send the token: with one, the CSV is fetched with it and saved from memory.
byId<HTMLAnchorElement>("csv").addEventListener("click", (e) => {
  if (token() === null) return;
  e.preventDefault();
  const href = (e.currentTarget as HTMLAnchorElement).href;
  void (async () => {
    try {
      const res = await fetchApi(href, "text/csv");
      if (!res.ok) throw new Error(`CSV: ${res.status} ${res.statusText}`);
      const url = URL.createObjectURL(await res.blob());
      const a = el("a", { href: url, download: "events.csv" });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      showError(err);
    }
  })();
});

let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => refresh(true), 250);
});

readForm();
void loadHealth().then((h) => {
  if (h === "locked") {
    // A token kept from earlier in this tab that no longer works is dropped.
    const stale = token() !== null;
    setToken(null);
    askForToken(stale ? "The server refused the stored token. Enter it again." : "");
    return;
  }
  forget.hidden = token() === null;
  refresh(true);
  void showArticleFromHash();
});
