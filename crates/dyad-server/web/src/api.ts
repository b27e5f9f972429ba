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
/** `documents`, `events` and the rest are left out when reads need the token and none (or a
 * wrong one) was sent. */
export interface Health {
  status: string; version: string; documents?: number; events?: number;
  schema_version?: number; memory_index?: number | null;
}
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

/** A 401: the server's reads need the access token (`dyad serve --close-reads`) and it was
 * missing or wrong. The page asks for it instead of showing an error. */
export class Unauthorized extends ApiError {}

// The access token. Kept in sessionStorage (this tab only, gone when the tab is closed; never
// localStorage, which would keep it on disk indefinitely), with a copy in memory for browsers
// whose storage is disabled.
const TOKEN_KEY = "dyad-token";
let memoryToken: string | null = null;

export function token(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

export function setToken(t: string | null): void {
  memoryToken = t;
  try {
    if (t === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, t);
  } catch {
    // Storage disabled: the token lives in this page only.
  }
}

/** What `dyad serve` accepts as a token: printable ASCII without spaces (and it is sent in a
 * header, where anything else would make `fetch` throw). */
export function isTokenLike(t: string): boolean {
  return /^[\x21-\x7e]+$/.test(t);
}

/** Called on every 401 with the token the refused request carried (null when none). */
let unauthorized: (sent: string | null) => void = () => {};
export function onUnauthorized(f: (sent: string | null) => void): void {
  unauthorized = f;
}

/** `fetch` with the token, as `Authorization: Bearer ...`, the header the server checks. A 401
 * is reported to the `onUnauthorized` handler and thrown as `Unauthorized`. */
export async function fetchApi(url: string, accept = "application/json"): Promise<Response> {
  const sent = token();
  const headers: Record<string, string> = { Accept: accept };
  if (sent) headers.Authorization = `Bearer ${sent}`;
  const res = await fetch(url, { headers });
  if (res.status === 401) {
    unauthorized(sent);
    throw new Unauthorized(`${url.split("?")[0]}: this server needs its access token`);
  }
  return res;
}

export async function get<T>(path: string, params: Params = {}): Promise<T> {
  const url = path + query(params);
  const res = await fetchApi(url);
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
