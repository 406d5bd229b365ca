// Browser test of `contested serve`, run by test_browser.py:
//   node board.mjs BASE_URL ARTIFACT_DIR      (env CONTESTED_TOKEN: the server's write token)
// Drives Debian's chromium (never a downloaded browser) through playwright-core: opens the
// claims board for Panjshir, clicks an event on the map, checks the highlighted quote,
// uploads a hostile article through the form and checks that nothing in it runs.
// Screenshots go to ARTIFACT_DIR. Exit code 0 = every check passed.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, out] = process.argv.slice(2);
const token = process.env.CONTESTED_TOKEN || "";
const executablePath = process.env.CONTESTED_CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const HOSTILE = [
  "Fighting in Panjshir <script>alert(1)</script> continued on Thursday, the Taliban said.",
  "",
  "\"We hold every pass \"><img src=x onerror=alert(1)>, and the enemy failed <script>alert(1)</script>,\" " +
    "NRF spokesman Ali Maisam Nazary told Reuters.",
].join("\n");

const checks = [];
function check(ok, what) {
  checks.push({ ok: Boolean(ok), what });
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) throw new Error(`check failed: ${what}`);
}

mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), "contested-chromium-"));
const dialogs = [];
const offsite = [];
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: FLAGS, viewport: { width: 1400, height: 1000 },
  });
  context.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const page = context.pages()[0] || (await context.newPage());
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("about:")) offsite.push(url);
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.setDefaultTimeout(20000);

  // 1. The claims board for Panjshir.
  const t0 = Date.now();
  await page.goto(`${base}/board?place=Panjshir`, { waitUntil: "load" });
  console.log(`board loaded in ${Date.now() - t0} ms`);
  check((await page.textContent("h1")).includes("Panjshir"), "board title names Panjshir");
  check(await page.locator(".claim").count() > 0, "board shows claim cards");
  check(await page.locator(".claim mark.hl-content").count() > 0, "claims carry a highlighted quote");
  await page.screenshot({ path: join(out, "board.png"), fullPage: true });

  // Zoom the map with the wheel: the view narrows, and double-click restores it.
  const svg = page.locator("figure.map svg").first();
  const before = Number((await svg.getAttribute("viewBox")).split(" ")[2]);
  await svg.hover();
  await page.mouse.wheel(0, -300);
  const zoomed = Number((await svg.getAttribute("viewBox")).split(" ")[2]);
  check(zoomed < before, `wheel zooms the map (${before.toFixed(1)}° → ${zoomed.toFixed(1)}°)`);
  await svg.dblclick({ position: { x: 5, y: 5 } });

  // 2. Click an event on the map: the panel opens with the event, its sources and quotes.
  const markers = page.locator("a.marker");
  check(await markers.count() > 0, "map shows event markers");
  await markers.last().click(); // drawn last, so never under another marker
  const panel = page.locator("#map-panel");
  await panel.locator("h3").waitFor({ state: "visible" });
  check(await panel.locator("ul.sources li").count() > 0, "event panel lists its sources");
  const quote = panel.locator("mark.hl-content").first();
  await quote.waitFor({ state: "visible" });
  const quoted = (await quote.textContent()).trim();
  check(quoted.length > 3, `event panel highlights a quote: "${quoted.slice(0, 60)}"`);
  const context_ = (await quote.evaluate((m) => m.closest("blockquote").textContent)).trim();
  check(context_.includes(quoted) && context_.length > quoted.length, "the quote is shown within its sentence");
  await page.screenshot({ path: join(out, "board-map-panel.png"), fullPage: false });

  // 3. Follow a source to the article view: facts highlighted in the text.
  await panel.locator("ul.sources li a").first().click();
  await page.waitForSelector(".article-text");
  check(await page.locator(".article-text .hl").count() > 0, "article text has highlighted facts");
  await page.screenshot({ path: join(out, "article.png"), fullPage: true });

  // 4. Timeline.
  await page.goto(`${base}/timeline`);
  check(await page.locator("table.events tbody tr").count() > 0, "timeline lists events");
  await page.screenshot({ path: join(out, "timeline.png"), fullPage: true });

  // 5. Paste a hostile article into the upload form; nothing in it may run.
  await page.goto(`${base}/upload`);
  await page.fill("input[name=title]", "Hostile <script>alert(1)</script>");
  await page.fill("input[name=outlet]", "\"><img src=x onerror=alert(1)>");
  await page.fill("input[name=published]", "2021-09-03");
  await page.fill("textarea[name=text]", HOSTILE);
  await page.fill("#token", token);
  await Promise.all([
    page.waitForURL(/\/articles\/[0-9a-f]+$/, { timeout: 60000 }),
    page.click("form#upload button[type=submit]"),
  ]);
  await page.waitForSelector(".article-text");
  const text = await page.textContent(".article-text");
  check(text.includes("<script>alert(1)</script>"), "hostile markup is shown as text");
  check(await page.locator(".article-text img, .article-text script, main img").count() === 0,
    "no element was injected by the article");
  await page.screenshot({ path: join(out, "hostile-article.png"), fullPage: true });
  for (const path of ["/board?place=Panjshir", "/timeline", "/articles", "/map"]) {
    await page.goto(base + path, { waitUntil: "load" });
    check(await page.locator("main img").count() === 0, `no injected image on ${path}`);
  }
  await page.waitForTimeout(300);
  check(dialogs.length === 0, `no alert or dialog fired (${dialogs.length})`);
  check(errors.length === 0, `no script errors (${errors.join("; ")})`);
  check(offsite.length === 0, `no request left the server (${offsite.join(", ")})`);
} catch (err) {
  console.error(String(err && err.stack ? err.stack : err));
  process.exitCode = 1;
  const page = context && context.pages()[0];
  if (page) await page.screenshot({ path: join(out, "failure.png"), fullPage: true }).catch(() => {});
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${checks.filter((c) => c.ok).length}/${checks.length} checks passed`);
