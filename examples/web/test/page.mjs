// Drives the demo page (examples/web/index.html) in headless Debian Chromium with
// playwright-core: loads it from a local static server (127.0.0.1, no other network),
// reads the verdict of the composed example, pastes a request, reads the new verdict,
// checks both against the Node entry; then the Gemini example (Gemma 3 boundaries, exact
// count), plain text under the headers box, and a configuration error that must clear every
// result of the run before; and saves a screenshot.
// Usage: node examples/web/test/page.mjs [screenshot.png]
import { createServer } from "node:http";
import { readFile, mkdtemp, rm, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO } from "./view.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require(path.join(REPO, "examples/web/node_modules/playwright-core"));
const tg = require(path.join(REPO, "examples/web/pkg/node/tollgate.js"));
const ROOT = path.join(REPO, "examples/web");
const SHOT = path.resolve(process.argv[2] || path.join(REPO, "target/web-page.png"));
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".json": "application/json" };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const file = path.join(ROOT, path.normalize(decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname)));
  if (!file.startsWith(ROOT) || file.includes("node_modules")) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const profile = await mkdtemp(path.join(tmpdir(), "tollgate-chromium-"));
// A fresh profile (--user-data-dir) each run.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) { passed++; console.log(`ok   ${what}`); } else { failed++; console.error(`FAIL ${what}`); }
};
try {
  const page = await browser.newPage();
  const outside = [];
  page.on("request", (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector("body[data-ready='1']", { timeout: 60000 });

  // 1. The composed example: alice has spent $4.90 of $5 today, so gpt-5.5 is routed to gpt-5.4-mini.
  const verdict1 = await page.getAttribute("#verdict", "data-verdict");
  const routed1 = await page.textContent("#decision dd[data-field='routed model']");
  const config = await page.inputValue("#config");
  const state = await page.inputValue("#state");
  const body1 = JSON.parse(await page.inputValue("#request"));
  const node1 = tg.estimate({ path: "/v1/chat/completions", headers: { "x-user-id": "alice" }, body: body1 }, config, state, {});
  check(verdict1 === "allow" && verdict1 === node1.verdict, `composed example: verdict ${verdict1} (Node: ${node1.verdict})`);
  check(routed1.startsWith("gpt-5.4-mini") && node1.routed_model === "gpt-5.4-mini", `composed example: routed ${routed1}`);
  const rows = await page.$$eval("#costs tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  check(rows.length >= 4 && rows.every((r) => r[4].startsWith("$")), `cost table: ${rows.length} models priced`);
  const spans = await page.$$eval("#tokens span", (s) => s.length);
  check(spans > 20, `token boundaries highlighted: ${spans} tokens`);
  check(/a month/.test(await page.textContent("#projection")), "projection shown");

  // 2. Paste a request that asks for more than the per-request budget allows.
  // gpt-4o-mini: 60 000 output tokens cost $0.036, within the $0.10 left, but pass the 32 000-token per-request limit.
  const pasted = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Write the complete works of Shakespeare, annotated." }], max_tokens: 60000 };
  await page.fill("#request", JSON.stringify(pasted, null, 2));
  await page.waitForFunction(() => document.querySelector("#verdict").dataset.verdict === "reject", null, { timeout: 10000 });
  const rule = await page.textContent("#decision dd[data-field='deciding rule']");
  const node2 = tg.estimate({ path: "/v1/chat/completions", headers: { "x-user-id": "alice" }, body: pasted }, config, state, {});
  check(node2.verdict === "reject" && rule === node2.rule && rule === "per-request", `pasted request: rejected by ${rule} (Node: ${node2.rule})`);
  const message = await page.textContent("#decision dd[data-field='message']");
  check(message === node2.message, "pasted request: the filter's own message");

  // 3. The Gemini example: counted with the Gemma 3 vocabulary, exactly, with its boundaries.
  await page.selectOption("#shape", "gemini");
  await page.waitForFunction(() => document.querySelector("#verdict").dataset.verdict !== "reject", null, { timeout: 10000 });
  await page.waitForFunction(() => /Gemini|gemini/.test(document.querySelector("#token-count").textContent)
    || document.querySelector("#error").textContent !== "", null, { timeout: 10000 });
  const gError = await page.textContent("#error");
  check(gError === "", `Gemini example: no error (${gError})`);
  const gBody = JSON.parse(await page.inputValue("#request"));
  const gPath = "/v1beta/models/gemini-3.5-flash:generateContent";
  const gNode = tg.estimate({ path: gPath, headers: { "x-user-id": "alice" }, body: gBody }, config, state, {});
  const gVerdict = await page.getAttribute("#verdict", "data-verdict");
  check(gVerdict === "allow" && gNode.verdict === "allow", `Gemini example: verdict ${gVerdict} (Node: ${gNode.verdict})`);
  const gRouted = await page.textContent("#decision dd[data-field='routed model']").catch(() => "");
  check(gRouted.startsWith("gemini-3.5-flash"), `Gemini example: routed ${gRouted}`);
  const gCount = await page.textContent("#token-count");
  check(/exact, gemma3/.test(gCount), `Gemini example: ${gCount}`);
  const gSpans = await page.$$eval("#tokens span", (s) => s.length);
  const gText = gBody.systemInstruction.parts[0].text + "\n" + gBody.contents[0].parts[0].text;
  check(gSpans > 20 && gSpans === tg.tokenBoundaries(gText, "gemini-3.5-flash").length,
    `Gemini example: ${gSpans} Gemma 3 tokens highlighted`);
  const gRows = await page.$$eval("#costs tbody tr.routed td", (tds) => tds.map((t) => t.textContent));
  check(gRows[0] === "gemini-3.5-flash", `Gemini example: the routed model's cost row is marked (${gRows[0]})`);

  // 4. Plain text under the default configuration: the headers box (x-user-id: alice) scopes
  // the budget, as it does for the other shapes (it was rejected with missing_scope_attribute).
  await page.selectOption("#shape", "text");
  await page.waitForFunction(() => document.querySelector("#verdict").dataset.verdict !== "", null, { timeout: 10000 });
  const tVerdict = await page.getAttribute("#verdict", "data-verdict");
  const tCode = await page.textContent("#decision dd[data-field='error code']").catch(() => null);
  const models = await page.$$eval("#models input:checked", (i) => i.map((x) => x.value));
  const tNode = tg.estimate(await page.inputValue("#request"), config, state, { model: models[0], headers: { "x-user-id": "alice" } });
  check(tVerdict === "allow" && tNode.verdict === "allow", `plain text with headers: verdict ${tVerdict} (${tCode ?? "no error code"}; Node: ${tNode.verdict})`);

  // 5. A configuration error: the message, and nothing left of the last good run.
  await page.fill("#config", "{\"budgets\": [{\"name\": \"x\", \"window\": \"fortnight\"}]}");
  await page.waitForFunction(() => document.querySelector("#error").textContent !== "", null, { timeout: 10000 });
  const stale = await page.evaluate(() => ({
    verdict: document.querySelector("#verdict").textContent,
    decision: document.querySelectorAll("#decision dd").length,
    costs: document.querySelectorAll("#costs tbody tr").length,
    projection: document.querySelector("#projection").textContent,
    tokens: document.querySelector("#tokens").textContent,
    count: document.querySelector("#token-count").textContent,
  }));
  check(/^tollgate: invalid configuration/.test(await page.textContent("#error")), "config error: the filter's message");
  check(stale.verdict === "—" && stale.decision === 0 && stale.costs === 0 && stale.projection === "" && stale.tokens === ""
    && stale.count === "", `config error: no stale results ${JSON.stringify(stale)}`);
  await page.fill("#config", config);

  // 6. Back to an allowed request for the screenshot.
  await page.selectOption("#shape", "openai");
  await page.fill("#request", JSON.stringify(body1, null, 2));
  await page.waitForFunction(() => document.querySelector("#verdict").dataset.verdict === "allow", null, { timeout: 10000 });
  await mkdir(path.dirname(SHOT), { recursive: true });
  await page.screenshot({ path: SHOT, fullPage: true });
  console.log(`screenshot: ${SHOT}`);
  check(errors.length === 0, `no page errors ${errors.join("; ")}`);
  check(outside.length === 0, `no request left 127.0.0.1 ${outside.join(", ")}`);
} catch (e) {
  failed++;
  console.error(`FAIL ${e.stack || e}`);
} finally {
  await browser.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
