// Prints, for every decision fixture, what the Node entry decides next to the fixture's
// `expect`, and lists the fields that differ. A review aid only: it never writes the
// fixtures. Expectations are worked out by hand from the prices (data/prices.json) and the
// oracles' token counts (Python tiktoken: tests/fixtures/tokens/{text,chat}.json; Google's
// sentencepiece: tests/fixtures/tokens/gemini.json), with the arithmetic in the fixture's
// `derivation`; then Node, headless Chromium and the real Envoy (tests/e2e/test_decisions.py)
// must each reproduce them.
// Usage: node examples/web/scripts/expect.mjs [fixture-name ...]
import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { REPO, NOW, fixtures, view } from "../test/view.mjs";

const require = createRequire(import.meta.url);
const tg = require(path.join(REPO, "examples/web/pkg/node/tollgate.js"));
const only = process.argv.slice(2);
let differ = 0;
for (const f of fixtures()) {
  if (only.length && !only.includes(f.name)) continue;
  const got = view(tg.estimate(f.request, f.config, f.state ?? null, { now: NOW }));
  const fields = Object.keys(got).filter((k) => !isDeepStrictEqual(got[k], f.expect?.[k]));
  if (fields.length) differ++;
  console.log(`${fields.length ? "DIFF" : "same"} ${f.name}${fields.length ? `: ${fields.join(", ")}` : ""}`);
  for (const k of fields) console.log(`  ${k}: expect ${JSON.stringify(f.expect?.[k])}\n  ${" ".repeat(k.length)}  node   ${JSON.stringify(got[k])}`);
}
process.exit(differ ? 1 : 0);
