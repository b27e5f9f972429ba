// Types and fetchers for the JSON API (docs/api.md). Every value that comes from the API is
// rendered with textContent or attributes, never parsed as HTML.

export interface ActorRef { code: string; country: string | null; text: string }
export interface EventRow {
  id: number;
  date: string | null;
  source: ActorRef;
  target: ActorRef | null;
  cameo: string;
  cameo_root: string;
  quad_class: number;
  goldstein: number;
  plover: { type: string; mode: string | null } | null;
  negated: boolean;
  place: { name: string; country: string | null; lat: number; lon: number } | null;
  evidence: string;
  num_mentions: number;
  num_sources: number;
  num_articles: number;
  doc_id: string;
  rule: string;
}
export interface EventsPage { events: EventRow[]; next_cursor: string | null }
export interface Period { period: string; events: number; quad: number[]; goldstein_sum: number; goldstein_mean: number }
export interface Timeline { by: string; periods: Period[] }
export interface Dyad { source: string; target: string; events: number; goldstein_mean: number; quad: number[] }
export interface Place { name: string; country: string | null; lat: number; lon: number; events: number; goldstein_mean: number }
export interface Health { status: string; version: string; documents: number; events: number }
export interface Span { start: number; end: number }
export interface DocActor extends Span { code: string; country: string | null; entity: string | null }
export interface DocEvent extends Span {
  id: number | null; event_id: string; cameo: string; rule: string;
  source: string; target: string | null; negated: boolean;
}
export interface DocPlace extends Span { name: string; country: string | null; lat: number | null; lon: number | null }
export interface DocDate extends Span { date: string }
export interface DocQuote extends Span { speaker: string | null }
export interface Article {
  id: string; title: string | null; date: string | null; url: string | null; source: string | null;
  text: string;
  actors: DocActor[]; events: DocEvent[]; places: DocPlace[]; dates: DocDate[]; quotes: DocQuote[];
}

/** Query parameters; empty values are left out. */
export type Params = Record<string, string | number | null | undefined>;

export function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** An API error, with the server's JSON error message when it sent one. */
export class ApiError extends Error {}

export async function get<T>(path: string, params: Params = {}): Promise<T> {
  const url = path + query(params);
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body && body.error && body.error.message) message = `${res.status}: ${body.error.message}`;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(`${path}: ${message}`);
  }
  return (await res.json()) as T;
}
