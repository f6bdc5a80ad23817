// The Node entry of the package against the shared decision fixtures, plus the API's
// contract (errors, counts, boundaries, costs). Run: node --test examples/web/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO, NOW, fixtures, view } from "./view.mjs";

const require = createRequire(import.meta.url);
const tg = require(path.join(REPO, "examples/web/pkg/node/tollgate.js"));

for (const f of fixtures()) {
  test(`decision fixture ${f.name}`, () => {
    assert.ok(f.expect, `${f.file} has no expect (work it out by hand; see examples/web/scripts/expect.mjs)`);
    const got = tg.estimate(f.request, f.config, f.state ?? null, { now: NOW });
    assert.deepEqual(view(got), f.expect);
  });
}

test("the fixtures cover the Anthropic and Gemini shapes, with hand-worked expectations", () => {
  const all = fixtures();
  const anthropic = all.filter((f) => f.request.path === "/v1/messages");
  const gemini = all.filter((f) => /\/models\/[^/]+:(stream)?[gG]enerateContent/.test(f.request.path));
  for (const [shape, list] of [["Anthropic", anthropic], ["Gemini", gemini]]) {
    assert.ok(list.some((f) => f.expect.verdict === "allow"), `${shape}: an admitted request`);
    assert.ok(list.some((f) => f.expect.verdict === "reject"), `${shape}: a rejection in the provider's shape`);
  }
  // Every expectation is worked out by hand from the prices and the oracles' counts, and says how.
  for (const f of all) assert.ok(Array.isArray(f.derivation) && f.derivation.length, `${f.file}: no derivation`);
});

test("every fixture is also checked in the browser (src/web/browser_tests.rs)", () => {
  const rs = readFileSync(path.join(REPO, "src/web/browser_tests.rs"), "utf8");
  for (const f of fixtures()) assert.ok(rs.includes(`decisions/${f.file}`), `${f.file} missing from browser_tests.rs`);
});

test("configuration errors throw the filter's message", () => {
  assert.throws(
    () => tg.estimate({ path: "/v1/chat/completions", body: {} }, { budgets: [{ name: "x", window: "fortnight", limit: { tokens: 1 }, kind: "hard" }] }),
    (e) => e instanceof Error && /^tollgate: invalid configuration at `budgets\[0\]\.window`: unknown variant `fortnight`/.test(e.message),
  );
  assert.throws(() => tg.countTokens("hi", "gpt-4o", "{not json"), (e) => /^tollgate: invalid configuration at `\(root\)`/.test(e.message));
  assert.throws(() => tg.estimate("hi", {}, { counters: [{ budget: "nope", used: 1 }] }), /no budget named `nope`/);
});

test("countTokens: exact for OpenAI encodings and Gemini, estimated for Claude", () => {
  assert.deepEqual(tg.countTokens("hello world", "gpt-4o"), { model: "gpt-4o", tokens: 2, exact: true, encoding: "o200k_base", multiplier: "1" });
  assert.equal(tg.countTokens("hello world", "gpt-4").encoding, "cl100k_base");
  // Gemini: the Gemma 3 vocabulary; 11 pieces in Google's compute_tokens sample.
  assert.deepEqual(tg.countTokens("What's the longest word in the English language?", "gemini-2.5-flash"),
    { model: "gemini-2.5-flash", tokens: 11, exact: true, encoding: "gemma3", multiplier: "1" });
  assert.equal(tg.countTokens("hello world", "gemini-3.5-flash").exact, true);
  const c = tg.countTokens("hello world", "claude-sonnet-5-5");
  assert.equal(c.exact, false);
  assert.equal(c.multiplier, "1.25");
  assert.equal(c.tokens, 3);
});

test("tokenBoundaries cover the string in UTF-16 offsets", () => {
  const text = "naïve 🎉 tokens, 漢字 too";
  const ends = Array.from(tg.tokenBoundaries(text, "gpt-4o"));
  assert.equal(ends.at(-1), text.length);
  for (let i = 1; i < ends.length; i++) assert.ok(ends[i] > ends[i - 1]);
  assert.ok(ends.length >= tg.countTokens(text, "gpt-4o").tokens - 4);
});

test("tokenBoundaries for Gemini: the Gemma 3 pieces", () => {
  // Google's compute_tokens sample: What ' s ▁the ▁longest ▁word ▁in ▁the ▁English ▁language ?
  const text = "What's the longest word in the English language?";
  assert.deepEqual(Array.from(tg.tokenBoundaries(text, "gemini-2.5-flash")), [4, 5, 6, 10, 18, 23, 26, 30, 38, 47, 48]);
  const mixed = "naïve 🎉 tokens, 漢字 too";
  const ends = Array.from(tg.tokenBoundaries(mixed, "gemini-3.5-flash"));
  assert.equal(ends.at(-1), mixed.length);
  for (let i = 1; i < ends.length; i++) assert.ok(ends[i] > ends[i - 1]);
});

test("estimate: plain text takes its headers from options.headers", () => {
  const cfg = { budgets: [{ name: "user-daily", scope: [{ header: "x-user-id" }], window: "day", limit: { usd: "5" }, kind: "hard" }] };
  const bare = tg.estimate("Explain BPE tokenization.", cfg, null, { now: NOW, model: "gpt-4o" });
  assert.equal(bare.verdict, "reject");
  assert.equal(bare.error_code, "missing_scope_attribute");
  const r = tg.estimate("Explain BPE tokenization.", cfg, null, { now: NOW, model: "gpt-4o", headers: { "X-User-Id": "alice" } });
  assert.equal(r.verdict, "allow", JSON.stringify(r.error));
  assert.match(r.headers["ratelimit"], /^"user-daily";/);
});

test("100 KB of one character is counted fast", () => {
  const t0 = performance.now();
  const n = tg.countTokens("a".repeat(100_000), "gpt-4o").tokens;
  assert.ok(n > 1000);
  assert.ok(performance.now() - t0 < 5000);
});

test("estimate: plain text, costs side by side, rewritten body", () => {
  const r = tg.estimate("Explain BPE tokenization in one paragraph.", {}, null, {
    now: NOW, models: ["gpt-4o", "gpt-4o-mini", "claude-sonnet-5-5"], output_tokens: 500,
  });
  assert.equal(r.verdict, "allow");
  assert.equal(r.path, "/v1/completions");
  assert.equal(r.costs.length, 3);
  const [big, mini, claude] = r.costs;
  assert.ok(big.ok && mini.ok && claude.ok, JSON.stringify(r.costs));
  assert.equal(big.output_tokens, 500);
  assert.ok(big.total_nanos > mini.total_nanos);
  assert.equal(claude.input_exact, false);
  const chat = tg.estimate({ path: "/v1/chat/completions", body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } }, {}, null, { now: NOW });
  assert.match(chat.rewritten_body, /"max_completion_tokens":4096/);
});

test("state in USD: used_usd preloads nano-dollars", () => {
  const cfg = { budgets: [{ name: "team", scope: [{ header: "x-team" }], window: "month", limit: { usd: "1" }, kind: "hard" }] };
  const req = { path: "/v1/chat/completions", headers: { "x-team": "red" }, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], max_tokens: 100 } };
  assert.equal(tg.estimate(req, cfg, { counters: [{ budget: "team", key: ["red"], used_usd: "0.5" }] }, { now: NOW }).verdict, "allow");
  const r = tg.estimate(req, cfg, { counters: [{ budget: "team", key: ["red"], used_usd: "0.9999" }] }, { now: NOW });
  assert.equal(r.verdict, "reject");
  assert.equal(r.error.error.tollgate.used, "0.9999");
});
