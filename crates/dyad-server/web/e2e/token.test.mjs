// The dashboard against `dyad serve --close-reads`: every read needs the token, the dashboard's
// files do not. The page must ask for the token, keep it for the tab only (sessionStorage) and
// send it as `Authorization: Bearer ...`.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { artifacts, openPage, settled, start } from "./harness.mjs";

const TOKEN = randomBytes(24).toString("hex");

/** The prompt is shown, with a message when `refused` says so. */
async function prompted(page) {
  await page.waitForSelector("#token-form", { state: "visible" });
  assert.equal(await page.isVisible("#events"), false, "no data shown while locked");
}

async function enter(page, token) {
  await page.fill("#token-input", token);
  await page.press("#token-input", "Enter");
}

/** Problems other than the 401s a test provoked on purpose. */
const unexpected = (problems) => problems.filter((p) => !/\b401\b/.test(p));

describe("dashboard with closed reads", () => {
  let env;
  before(async () => {
    env = await start({ serveArgs: ["--close-reads"], token: TOKEN });
  });
  after(async () => {
    await env?.stop();
  });

  test("the API refuses reads without the token; the page itself loads", async () => {
    const api = await fetch(new URL("api/events?limit=1", env.base));
    assert.equal(api.status, 401);
    assert.equal(api.headers.get("www-authenticate"), "Bearer");
    const ok = await fetch(new URL("api/events?limit=1", env.base), { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200);
    assert.equal((await fetch(env.base)).status, 200);
  });

  test("asks for the token, refuses a wrong one, keeps the right one for the tab and shows the data", async () => {
    const { page, problems, context } = await openPage(env);
    try {
      await page.goto(env.base);
      await prompted(page);
      // An accessible prompt: a labelled password field, focused, described by the help text.
      assert.equal(await page.getAttribute("#token-input", "type"), "password");
      assert.equal(await page.$eval("#token-input", (i) => i.labels?.[0]?.textContent?.trim()), "Access token");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "token-input");
      assert.match(await page.getAttribute("#token-input", "aria-describedby"), /token-help/);
      assert.match(await page.textContent("#status"), /access token/);
      await page.screenshot({ path: join(artifacts, "token-prompt.png") });

      // A wrong token is refused, said so in an alert, and not kept.
      await enter(page, "not-the-token-0123456789");
      await page.waitForSelector("#token-error", { state: "visible" });
      assert.match(await page.textContent("#token-error"), /refused/);
      assert.equal(await page.getAttribute("#token-error", "role"), "alert");
      assert.equal(await page.evaluate(() => sessionStorage.length), 0);

      // The right one unlocks every view.
      await enter(page, TOKEN);
      await settled(page);
      assert.equal(await page.isVisible("#token-form"), false);
      assert.ok(Number(await page.getAttribute("#timeline svg", "data-total")) > 0, "the timeline counts events");
      assert.ok((await page.$$("#events tbody tr[data-event-id]")).length > 0, "event rows listed");
      assert.match(await page.textContent("#status"), /events from \d+ documents/);
      assert.equal(await page.evaluate(() => sessionStorage.getItem("dyad-token")), TOKEN);
      assert.equal(await page.evaluate(() => localStorage.length), 0, "nothing in localStorage");
      // Not fullPage: that resizes the page, whose resize handler then redraws every view and
      // the reload below would abort those requests.
      await page.screenshot({ path: join(artifacts, "token-unlocked.png") });

      // A reload in the same tab keeps it; the API saw the header, so nothing was refused.
      await page.reload();
      await settled(page);
      assert.equal(await page.isVisible("#token-form"), false);
      assert.deepEqual(problems, [], "no request was refused");
    } finally {
      await context.close();
    }
  });

  test("the token goes with the article view and the CSV; a refused token asks again", async () => {
    const { page, problems, context } = await openPage(env);
    try {
      // Another tab (context) starts without the token.
      await page.goto(env.base);
      await prompted(page);
      await enter(page, TOKEN);
      await settled(page);

      // The article view reads /api/documents/{id} with the token.
      await page.click("#events tbody tr[data-event-id]");
      await page.waitForSelector("#article-text span.hl");
      assert.ok((await page.getAttribute("#article", "data-doc-id")) !== null);
      await page.keyboard.press("Escape");
      await page.waitForSelector("#article", { state: "hidden" });

      // The CSV link cannot carry a header: the page fetches it with the token and saves it.
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
      const csv = readFileSync(await download.path(), "utf8");
      assert.match(csv, /^id,date,source_code,/);
      assert.ok(csv.trim().split("\n").length > 1, "rows after the header");
      assert.deepEqual(problems, []);

      // The server no longer accepts the token the tab holds (as after a restart with another
      // token file): the next reads get 401, and the page asks again.
      await page.evaluate(() => sessionStorage.setItem("dyad-token", "a-token-the-server-never-had"));
      await page.selectOption("select[name=root]", "19");
      await prompted(page);
      assert.match(await page.textContent("#token-error"), /refused/);
      assert.equal(await page.evaluate(() => sessionStorage.getItem("dyad-token")), null, "the refused token is dropped");
      assert.equal(await page.isVisible("#error"), false, "a 401 is a prompt, not an error");
      assert.ok(problems.some((p) => /HTTP 401/.test(p)), "the reads were refused");
      assert.deepEqual(unexpected(problems), []);

      // Entered again, the same filters are drawn.
      await enter(page, TOKEN);
      await page.waitForFunction(() => (document.querySelector("#events")?.getAttribute("data-query") ?? "").includes("root=19"));
      await settled(page);
      const before = problems.length;

      // "Forget token" locks the tab again.
      assert.equal(await page.isVisible("#token-forget"), true);
      await page.click("#token-forget");
      await prompted(page);
      assert.equal(await page.evaluate(() => sessionStorage.getItem("dyad-token")), null);
      assert.equal(problems.length, before, "forgetting makes no request");
      assert.deepEqual(unexpected(problems), []);
    } finally {
      await context.close();
    }
  });
});
