// Node helpers for the decision fixtures; the compared view itself is in view_core.js.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export { NOW, mask, decisionHeaders, view } from "./view_core.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const FIXTURES = path.join(REPO, "tests/fixtures/decisions");

export function fixtures() {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ file: f, name: f.replace(/\.json$/, ""), ...JSON.parse(readFileSync(path.join(FIXTURES, f), "utf8")) }));
}
