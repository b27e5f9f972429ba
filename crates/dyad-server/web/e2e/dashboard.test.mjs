// The dashboard as a person uses it, in headless Chromium against `dyad serve` on loopback.
// Screenshots go to e2e/artifacts/.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { join } from "node:path";
import { artifacts, openPage, settled, start } from "./harness.mjs";

/** Waits until the timeline and the table were drawn from a query containing `param`. */
async function drawn(page, param) {
  await page.waitForFunction((p) =>
    (document.querySelector("#timeline")?.getAttribute("data-query") ?? "").includes(p) &&
    (document.querySelector("#events")?.getAttribute("data-query") ?? "").includes(p), param, { timeout: 20_000 });
  await settled(page);
}

/**
 * The marked runs of one kind in the article view (adjacent pieces joined), as the page shows
 * them, and as the API's byte offsets say they should be.
 */
async function runs(page, kind, doc) {
  const shown = await page.$$eval("#article-text", ([box], k) => {
    const out = [];
    let cur = null;
    for (const n of box.childNodes) {
      if (n.nodeType === 1 && n.classList.contains(k)) cur = (cur ?? "") + n.textContent;
      else if (cur !== null) { out.push(cur); cur = null; }
    }
    if (cur !== null) out.push(cur);
    return out;
  }, kind);
  const bytes = Buffer.from(doc.text, "utf8");
  const spans = [...doc[`${kind}s`]].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const merged = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  return { shown, expected: merged.map((s) => bytes.subarray(s.start, s.end).toString("utf8")) };
}

const total = (page) => page.getAttribute("#timeline svg", "data-total").then(Number);
const rows = (page) => page.$$eval("#events tbody tr[data-event-id]", (trs) => trs.map((tr) => ({
  id: tr.getAttribute("data-event-id"),
  doc: tr.getAttribute("data-doc-id"),
  date: tr.cells[0].textContent,
  actors: `${tr.cells[1].textContent} ${tr.cells[2].textContent}`,
  evidence: tr.cells[6].textContent,
})));

describe("dashboard", () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => {
    await env?.stop();
  });

  test("the page loads and draws every view without console errors", async () => {
    const { page, problems, context, served } = await openPage(env);
    try {
      await page.goto(env.base);
      assert.match(served["content-security-policy"] ?? "", /default-src 'self'/, "the server sends the page with a CSP");
      await settled(page);
      assert.ok((await total(page)) > 0, "the timeline counts events");
      assert.ok(Number(await page.getAttribute("#timeline svg", "data-periods")) >= 2, "several periods");
      assert.ok((await page.$$("#timeline g.bars rect")).length > 0, "stacked bars drawn");
      assert.ok(await page.$("#timeline path.goldstein-line"), "Goldstein line drawn");
      assert.ok((await page.$$("#map .countries path")).length > 100, "country shapes drawn");
      assert.ok((await page.$$("#network .edges path")).length > 0, "dyad edges drawn");
      assert.ok((await rows(page)).length > 0, "event rows listed");
      assert.match(await page.textContent("#status"), /events from \d+ documents/);
      await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a filter changes the chart and the table", async () => {
    const { page, problems, context } = await openPage(env);
    try {
      await page.goto(env.base);
      await settled(page);
      const before = { total: await total(page), rows: await rows(page) };
      await page.fill("input[name=country]", "irn");
      await page.press("input[name=country]", "Enter");
      await drawn(page, "country=IRN");
      const after = { total: await total(page), rows: await rows(page) };
      assert.ok(after.total > 0 && after.total < before.total, `timeline total ${before.total} -> ${after.total}`);
      assert.ok(after.rows.length > 0 && after.rows.length < before.rows.length, "fewer rows");
      for (const r of after.rows) assert.match(r.actors, /IRN/, `row ${r.id} involves Iran`);
      await page.screenshot({ path: join(artifacts, "filtered-country.png"), fullPage: true });

      // A select applies at once: root 19 (fight) within the country filter cleared.
      await page.fill("input[name=country]", "");
      await page.selectOption("select[name=root]", "19");
      await drawn(page, "root=19");
      assert.ok(!(await page.getAttribute("#timeline", "data-query")).includes("country="), "country filter cleared");
      const fights = await rows(page);
      assert.ok(fights.length > 0, "some fights");
      const ids = new Set(fights.map((r) => r.id));
      assert.ok(before.rows.some((r) => !ids.has(r.id)), "the root filter dropped rows");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("brushing the timeline narrows the other views to the period", async () => {
    const { page, problems, context } = await openPage(env);
    try {
      await page.goto(env.base);
      await settled(page);
      const all = await rows(page);
      const first = await page.$("#timeline g.bars g[data-period]");
      const period = await first.getAttribute("data-period");
      const box = await first.boundingBox();
      const y = box.y + box.height - 2;
      await page.mouse.move(box.x - 2, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, y, { steps: 4 });
      await page.mouse.move(box.x + box.width + 2, y, { steps: 4 });
      await page.mouse.up();
      await page.waitForSelector("#chips .chip");
      await settled(page);
      const narrowed = await rows(page);
      assert.ok(narrowed.length > 0 && narrowed.length < all.length, `${all.length} -> ${narrowed.length} rows`);
      for (const r of narrowed) assert.ok(r.date.startsWith(period.slice(0, 7)), `${r.date} in ${period}`);
      await page.screenshot({ path: join(artifacts, "brushed.png"), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("the table pages with next_cursor", async () => {
    const { page, problems, context } = await openPage(env);
    try {
      await page.goto(new URL("?page_size=4", env.base).href);
      await settled(page);
      const first = await rows(page);
      assert.equal(first.length, 4);
      assert.equal(await page.isDisabled("#prev"), true);
      await page.click("#next");
      await page.waitForFunction((id) => document.querySelector("#events tbody tr")?.getAttribute("data-event-id") !== id, first[0].id);
      await settled(page);
      const second = await rows(page);
      assert.ok(second.length > 0 && second.length <= 4);
      for (const r of second) assert.ok(!first.some((f) => f.id === r.id), `row ${r.id} not repeated`);
      assert.ok(second[0].date <= first[3].date, "newest first across pages");
      await page.click("#prev");
      await page.waitForFunction((id) => document.querySelector("#events tbody tr")?.getAttribute("data-event-id") === id, first[0].id);
      assert.deepEqual((await rows(page)).map((r) => r.id), first.map((r) => r.id));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("clicking an event opens its article with the spans highlighted (non-ASCII text)", async () => {
    const { page, problems, context } = await openPage(env);
    try {
      await page.goto(env.base);
      await settled(page);
      const row = (await rows(page)).find((r) => r.doc === "café-münchen");
      assert.ok(row, "an event from the non-ASCII article is listed");
      await page.click(`#events tbody tr[data-event-id="${row.id}"]`);
      await page.waitForSelector("#article-text span.hl");
      assert.equal(await page.isVisible("#article"), true);
      assert.match(await page.textContent("#article-title"), /Déjà vu in München/);
      // The clicked event's words are marked, and they are exactly its evidence: byte offsets
      // after "MÜNCHEN", "Über", "“historic”" and "Ça" were turned into string indices.
      const active = await page.$$eval("#article-text span.hl.active", (s) => s.map((x) => x.textContent).join(""));
      assert.equal(active, row.evidence);
      // Every span the API gives is marked over exactly its bytes' text.
      const doc = await (await page.request.get(new URL(`api/documents/${encodeURIComponent(row.doc)}`, env.base).href)).json();
      assert.ok(doc.actors.length > 0 && doc.places.length > 0, "the API gives actors and places");
      for (const kind of ["actor", "event", "place", "date", "quote"]) {
        const { shown, expected } = await runs(page, kind, doc);
        assert.deepEqual(shown, expected, `${kind} marks`);
      }
      const actors = (await runs(page, "actor", doc)).shown;
      for (const name of ["Germany", "Russia", "Ukraine"]) assert.ok(actors.includes(name), `${name} marked as an actor: ${actors}`);
      // Each event shows its rule, in the list and on hover.
      const listed = await page.textContent("#article-events");
      assert.match(listed, /rule \S+/);
      const title = await page.getAttribute("#article-text span.hl.active", "title");
      assert.match(title, /rule \S+/);
      await page.screenshot({ path: join(artifacts, "article.png") });

      // Quotes are marked too (another article).
      await page.evaluate(() => { location.hash = "doc=kerry-lavrov"; });
      await page.waitForFunction(() => document.querySelector("#article")?.getAttribute("data-doc-id") === "kerry-lavrov");
      const quote = await page.$$eval("#article-text span.hl.quote", (s) => s.map((x) => x.textContent).join(""));
      assert.match(quote, /frank discussion/);

      // Escape closes the view.
      await page.keyboard.press("Escape");
      await page.waitForSelector("#article", { state: "hidden" });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("an article containing <script> stays inert and its text is shown", async () => {
    const { page, problems, context } = await openPage(env);
    try {
      await page.goto(env.base);
      await settled(page);
      const row = (await rows(page)).find((r) => r.doc === "script-test");
      assert.ok(row, "an event from the <script> article is listed");
      await page.click(`#events tbody tr[data-event-id="${row.id}"]`);
      await page.waitForFunction(() => document.querySelector("#article")?.getAttribute("data-doc-id") === "script-test");
      await page.waitForSelector("#article-text span.hl");
      const text = await page.textContent("#article-text");
      assert.ok(text.includes("<script>window.__pwned=1</script>"), "the markup is shown as text");
      assert.ok((await page.textContent("#article-title")).includes("<script>"), "the title too");
      assert.equal(await page.$$eval("#article script, #events script", (s) => s.length), 0, "no script element made");
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      await page.screenshot({ path: join(artifacts, "script-article.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
