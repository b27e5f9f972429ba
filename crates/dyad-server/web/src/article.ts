// The article view: the text with its actors, events, places, dates and quotes highlighted.
// The text is split at every span boundary and each piece goes in as a text node, so nothing
// in an article (a <script> included) is ever parsed as HTML.
import type { Article, DocEvent } from "./api";
import { el } from "./dom";
import { byteToIndex } from "./utf8";

type Kind = "actor" | "event" | "place" | "date" | "quote";

interface Mark { kind: Kind; start: number; end: number; label: string; event?: DocEvent; key: number }

function describeEvent(e: DocEvent): string {
  const who = `${e.source}${e.target ? ` → ${e.target}` : ""}`;
  return `event ${e.cameo}${e.negated ? " (negated)" : ""} ${who} · rule ${e.rule}`;
}

/** The article's spans, in JavaScript string indices. Spans that are empty or out of range are dropped. */
export function marks(a: Article): Mark[] {
  const at = byteToIndex(a.text);
  const out: Mark[] = [];
  let key = 0;
  const add = (kind: Kind, s: { start: number; end: number }, label: string, event?: DocEvent) => {
    const start = at(s.start);
    const end = at(s.end);
    if (end > start) out.push({ kind, start, end, label, event, key: key++ });
  };
  for (const x of a.actors ?? []) add("actor", x, `actor ${x.code}${x.entity ? ` (${x.entity})` : ""}`);
  for (const x of a.events ?? []) add("event", x, describeEvent(x), x);
  for (const x of a.places ?? []) add("place", x, `place ${x.name}${x.country ? ` (${x.country})` : ""}`);
  for (const x of a.dates ?? []) add("date", x, `date ${x.date}`);
  for (const x of a.quotes ?? []) add("quote", x, `quote${x.speaker ? ` by ${x.speaker}` : ""}`);
  return out;
}

export function renderArticle(
  a: Article,
  focusEventId: number | null,
  parts: { title: HTMLElement; meta: HTMLElement; text: HTMLElement; events: HTMLOListElement },
): void {
  parts.title.textContent = a.title || a.id;
  const meta = [a.date, a.source, a.id].filter((x): x is string => !!x);
  parts.meta.replaceChildren(document.createTextNode(meta.join(" · ")));
  if (a.url && /^https?:\/\//i.test(a.url)) {
    parts.meta.append(document.createTextNode(" · "));
    parts.meta.append(el("a", { href: a.url, rel: "noopener noreferrer", target: "_blank" }, "original"));
  }

  const ms = marks(a);
  const cuts = new Set<number>([0, a.text.length]);
  for (const m of ms) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const bounds = [...cuts].sort((x, y) => x - y);
  parts.text.replaceChildren();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = bounds[i];
    const e = bounds[i + 1];
    const piece = a.text.slice(s, e);
    const over = ms.filter((m) => m.start <= s && m.end >= e);
    if (over.length === 0) {
      parts.text.append(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(over.map((m) => m.kind))];
    const span = el("span", { class: `hl ${kinds.join(" ")}`, title: over.map((m) => m.label).join("\n") });
    const evs = over.filter((m) => m.event).map((m) => String(m.key));
    if (evs.length) span.setAttribute("data-events", evs.join(" "));
    span.textContent = piece;
    parts.text.append(span);
  }

  // The event list, each with its rule; clicking one (or its words) marks both.
  parts.events.replaceChildren();
  const evMarks = ms.filter((m) => m.event);
  const select = (key: string) => {
    for (const s of parts.text.querySelectorAll<HTMLElement>("span.active")) s.classList.remove("active");
    for (const li of parts.events.querySelectorAll<HTMLElement>("li.active")) li.classList.remove("active");
    const spans = [...parts.text.querySelectorAll<HTMLElement>("span[data-events]")]
      .filter((s) => (s.dataset.events ?? "").split(" ").includes(key));
    for (const s of spans) s.classList.add("active");
    parts.events.querySelector<HTMLElement>(`li[data-key="${key}"]`)?.classList.add("active");
    spans[0]?.scrollIntoView({ block: "nearest" });
  };
  for (const m of evMarks) {
    const e = m.event as DocEvent;
    const li = el("li", { "data-key": String(m.key), tabindex: "0" });
    if (e.id !== null) li.setAttribute("data-event-id", String(e.id));
    li.append(el("code", {}, e.cameo));
    li.append(document.createTextNode(` ${e.source}${e.target ? ` → ${e.target}` : ""}${e.negated ? " (negated)" : ""} — “${a.text.slice(m.start, m.end)}” `));
    li.append(el("span", { class: "rule" }, `rule ${e.rule}`));
    li.addEventListener("click", () => select(String(m.key)));
    li.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") select(String(m.key));
    });
    parts.events.append(li);
  }
  if (evMarks.length === 0) parts.events.append(el("li", { class: "muted" }, "No events were coded in this article."));
  parts.text.onclick = (ev) => {
    const t = (ev.target as HTMLElement).closest<HTMLElement>("span[data-events]");
    const key = t?.dataset.events?.split(" ")[0];
    if (key) select(key);
  };
  const focus = focusEventId === null ? undefined : evMarks.find((m) => m.event?.id === focusEventId);
  if (focus) select(String(focus.key));
}
