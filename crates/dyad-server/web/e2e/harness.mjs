// Starts what the end-to-end tests drive: a temporary store made by `dyad ingest` from the
// invented articles in fixtures/, `dyad serve` on a free loopback port, and Debian's Chromium
// through playwright-core. Nothing is built here: DYAD_BIN (default target/debug/dyad of the
// workspace) must exist. DYAD_URL=http://127.0.0.1:PORT/ skips the store and the server and
// drives a server that is already running (for work on the dashboard with dev/mock-server.mjs).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const web = resolve(here, "..");
export const artifacts = join(here, "artifacts");
export const fixtures = join(here, "fixtures");

/** Chromium's flags on this machine: no sandbox as root, and no background connections, which
 * the closed network refuses. */
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-dev-shm-usage",
];

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitForHealth(base, child, logs, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`dyad serve exited (${child.exitCode}):\n${logs.join("")}`);
    try {
      const r = await fetch(new URL("api/health", base));
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`dyad serve did not answer /api/health within ${ms} ms:\n${logs.join("")}`);
}

/**
 * Starts the store, the server and the browser; `stop()` ends them and removes the store.
 * `serveArgs` are added to `dyad serve`'s arguments (`["--close-reads"]`, say); `token`, when
 * given, is written to a token file the server is started with (`--token-file`, mode 0600).
 */
export async function start({ serveArgs = [], token = null } = {}) {
  mkdirSync(artifacts, { recursive: true });
  let base = process.env.DYAD_URL;
  let child = null;
  let dir = null;
  const logs = [];
  if (!base) {
    const bin = resolve(web, process.env.DYAD_BIN ?? "../../../target/debug/dyad");
    if (!existsSync(bin)) throw new Error(`no dyad binary at ${bin}: run \`cargo build -p dyad-cli\` or set DYAD_BIN`);
    dir = mkdtempSync(join(tmpdir(), "dyad-e2e-"));
    const db = join(dir, "events.db");
    execFileSync(bin, ["ingest", "--db", db, "--keep-text", "--progress-every", "0", join(fixtures, "articles.jsonl")],
      { stdio: ["ignore", "pipe", "pipe"] });
    const port = await freePort();
    base = `http://127.0.0.1:${port}/`;
    const args = ["serve", "--db", db, "--addr", `127.0.0.1:${port}`, ...serveArgs];
    if (token !== null) {
      const file = join(dir, "token");
      writeFileSync(file, `${token}\n`, { mode: 0o600 });
      args.push("--token-file", file);
    }
    child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => logs.push(String(d)));
    child.stderr.on("data", (d) => logs.push(String(d)));
  }
  try {
    await waitForHealth(base, child, logs);
  } catch (e) {
    child?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    base,
    browser,
    logs,
    async stop() {
      await browser.close().catch(() => {});
      if (child && child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => {
          const t = setTimeout(() => { child.kill("SIGKILL"); r(); }, 5000);
          child.once("exit", () => { clearTimeout(t); r(); });
        });
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new page that records console errors, uncaught exceptions and failed requests, and that
 * enforces `Content-Security-Policy: default-src 'self'` on the page even when the server sends
 * none, so the dashboard is tested under the policy it promises to work with.
 */
export async function openPage(env) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const served = {}; // the page's headers as the server sent them
  await page.route((url) => url.pathname === "/" || url.pathname === "/index.html", async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    Object.assign(served, headers);
    if (!headers["content-security-policy"]) headers["content-security-policy"] = "default-src 'self'";
    await route.fulfill({ response, headers });
  });
  return { page, problems, context, served };
}

/** Waits until every view has answered and drawn. */
export async function settled(page) {
  await page.waitForFunction(() =>
    document.querySelectorAll(".loading").length === 0 &&
    document.querySelector("#timeline svg") !== null &&
    document.querySelector("#map svg") !== null &&
    document.querySelector("#network svg") !== null &&
    document.querySelector("#events tbody tr") !== null, null, { timeout: 20_000 });
}
