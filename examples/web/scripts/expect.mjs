// Prints (or with --write, stores) the `expect` of every decision fixture as the Node
// entry decides it. Expectations are then checked independently against the real Envoy
// (tests/e2e/test_decisions.py) and the browser build: review the diff before committing.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { REPO, NOW, FIXTURES, fixtures, view } from "../test/view.mjs";

const require = createRequire(import.meta.url);
const tg = require(path.join(REPO, "examples/web/pkg/node/tollgate.js"));
const write = process.argv.includes("--write");
for (const f of fixtures()) {
  const file = path.join(FIXTURES, f.file);
  const data = JSON.parse(readFileSync(file, "utf8"));
  data.expect = view(tg.estimate(f.request, f.config, f.state ?? null, { now: NOW }));
  if (write) writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  else console.log(f.name, JSON.stringify(data.expect));
}
