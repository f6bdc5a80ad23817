// countTokens speed of the tollgate web build vs gpt-tokenizer, js-tiktoken and npm tiktoken,
// in the same Node run, on realistic chat bodies and on 100 KB of one repeated character.
// Each library runs in a worker with a time limit per case. A benchmark, not a test.
// Usage: node examples/web/bench/bench.mjs [BENCHMARK.md]   (make bench-web)
import { Worker } from "node:worker_threads";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const OUT = process.argv[2];
const LIMIT_MS = Number(process.env.BENCH_LIMIT_MS || 25000);
const pkgVersion = (name) => JSON.parse(readFileSync(path.join(REPO, "examples/web/node_modules", name, "package.json"), "utf8")).version;

// Realistic chat text: the message contents of the repository's tiktoken-checked chat and
// text fixtures (English, code, JSON, CJK, emoji), joined into bodies of growing size.
const chat = JSON.parse(readFileSync(path.join(REPO, "tests/fixtures/tokens/chat.json"), "utf8")).cases;
const textCases = JSON.parse(readFileSync(path.join(REPO, "tests/fixtures/tokens/text.json"), "utf8")).cases;
const pieces = [
  ...chat.flatMap((c) => (c.request.messages || []).map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)))),
  ...textCases.map((c) => c.text).filter((t) => typeof t === "string" && t.length < 5000),
].filter((t) => !/(.)\1{40}/su.test(t)); // long runs of one character are the adversarial cases below
const corpus = pieces.join("\n\n");
const body = (bytes) => { let s = ""; while (s.length < bytes) s += corpus; return s.slice(0, bytes); };
const CASES = [
  { name: "chat body 2 KB", text: body(2_000), repeat: 50 },
  { name: "chat body 20 KB", text: body(20_000), repeat: 20 },
  { name: "chat body 100 KB", text: body(100_000), repeat: 5 },
  { name: "100 KB of 'a'", text: "a".repeat(100_000), repeat: 1 },
  { name: "100 KB of spaces", text: " ".repeat(100_000), repeat: 1 },
];
// BENCH_LIBS=tollgate (a comma list) runs only those libraries; tollgate is always first.
const ONLY = process.env.BENCH_LIBS ? new Set(["tollgate", ...process.env.BENCH_LIBS.split(",")]) : null;
const ALL_LIBS = [
  ["tollgate", `tollgate web (core::bpe, wasm)`],
  ["gpt-tokenizer", `gpt-tokenizer ${pkgVersion("gpt-tokenizer")} (JS)`],
  ["js-tiktoken", `js-tiktoken ${pkgVersion("js-tiktoken")} (JS)`],
  ["tiktoken", `tiktoken ${pkgVersion("tiktoken")} (npm, wasm)`],
];
const LIBS = ALL_LIBS.filter(([lib]) => !ONLY || ONLY.has(lib));

/** One worker per case, so a case that is stopped does not take the later ones with it. */
async function run(lib, encoding) {
  const results = [];
  let init = null;
  for (const c of CASES) {
    const r = await runCase(lib, encoding, c);
    init ??= r.init;
    results.push(r.results[0] ?? null);
  }
  return { init, results };
}

function runCase(lib, encoding, c) {
  return new Promise((resolve) => {
    const results = [null];
    let init = null;
    const w = new Worker(new URL("./worker.mjs", import.meta.url), {
      workerData: { lib, encoding, texts: [c.text], repeat: [c.repeat], repo: REPO },
      resourceLimits: { maxOldGenerationSizeMb: 4096 },
    });
    let timer;
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => { w.terminate(); resolve({ init, results, timedOut: true }); }, LIMIT_MS); };
    arm();
    w.on("message", (m) => {
      init = m.init;
      if (m.done) { clearTimeout(timer); w.terminate(); resolve({ init, results }); return; }
      results[m.index] = m;
      arm();
    });
    w.on("error", (e) => { clearTimeout(timer); results[0] = { error: String(e).slice(0, 80) }; resolve({ init, results }); });
  });
}

const LONG = [
  { name: "1 MB of 'a'", text: "a".repeat(1 << 20), repeat: 1 },
  { name: "1 MB of spaces", text: " ".repeat(1 << 20), repeat: 1 },
  { name: "1 MB of newlines", text: "\n".repeat(1 << 20), repeat: 1 },
];
const summary = [];
const mbps = (m) => (m && !m.error && m.ms > 0 ? `${(m.bytes / 1e6 / (m.ms / 1e3)).toFixed(1)}` : "—");
const mib = (b) => (b == null ? "—" : `${(b / 2 ** 20).toFixed(1)} MiB`);
/** tollgate alone: the chat MB/s, its load and first-use times, memory, the 1 MB runs. */
async function tollgateSummary(encoding, chatResult) {
  const long = [];
  let m = null;
  for (const c of LONG) {
    const r = await runCase("tollgate", encoding, c);
    const x = r.results[0];
    long.push(x && !x.error ? `${fmt(x.ms)} (${mbps(x)} MB/s)` : fmt(null));
    m ??= x;
    if (x?.memory) m.memory = Math.max(m.memory ?? 0, x.memory);
  }
  const c = chatResult ?? {};
  const ms = (x) => (x == null ? "—" : fmt(x));
  return `| ${encoding} | ${mbps(chatResult)} | ${ms(c.load)} | ${ms(c.first)} | ${mib(c.memoryAfterLoad)} / ${mib(c.memory)} / ${mib(m?.memory)} | ${long.join(" | ")} |`;
}
const fmt = (ms) => (ms == null ? `> ${LIMIT_MS / 1000} s (stopped)` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);
const lines = [];
const say = (s = "") => { lines.push(s); console.log(s); };
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
say("# countTokens benchmark: tollgate web build vs JavaScript tokenizers");
say();
say(`Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version} (V8 ${process.versions.v8}).`);
say(`Date: ${new Date().toISOString().slice(0, 10)}. Command: \`make bench-web\` (node examples/web/bench/bench.mjs). Best of N runs per case after 300 ms of untimed warm-up calls (a case slower than 300 ms: its first call);`);
say(`each library and case in its own worker thread, stopped after ${LIMIT_MS / 1000} s without a result. Times are for counting only (init separate).`);
say(`Chat bodies: message and text contents of tests/fixtures/tokens (English, code, JSON, CJK, emoji; pieces with runs of one character over 40 left out), repeated and cut to size.`);
for (const encoding of ["o200k_base", "cl100k_base"]) {
  say();
  say(`## ${encoding}`);
  say();
  const runs = [];
  for (const [lib] of LIBS) runs.push(await run(lib, encoding));
  const ours = runs[0];
  say(`| case | ${LIBS.map(([, label]) => label).join(" | ")} |`);
  say(`|---|${LIBS.map(() => "---").join("|")}|`);
  say(`| init (load the encoding) | ${runs.map((r) => (r.init == null ? "—" : fmt(r.init))).join(" | ")} |`);
  for (const [i, c] of CASES.entries()) {
    const cells = runs.map((r, j) => {
      const m = r.results[i];
      if (!m) return fmt(null);
      if (m.error) return `error: ${m.error}`;
      const base = ours.results[i];
      const ratio = j === 0 || !base ? "" : ` (${(m.ms / base.ms).toFixed(1)}×)`;
      const agree = base && m.tokens !== base.tokens ? ` ⚠ ${m.tokens} tokens` : "";
      return `${fmt(m.ms)}${ratio}${agree}`;
    });
    const tokens = ours.results[i]?.tokens;
    say(`| ${c.name} (${tokens ?? "?"} tokens) | ${cells.join(" | ")} |`);
  }
  const chat = CASES.findIndex((c) => c.name === "chat body 100 KB");
  say(`| chat MB/s (100 KB body) | ${runs.map((r) => mbps(r.results[chat])).join(" | ")} |`);
  summary.push(await tollgateSummary(encoding, ours.results[chat]));
}
say();
say("Ratios are each library's time over tollgate's on the same case (above 1× = slower than tollgate).");
say("A ⚠ would mark a token count different from tollgate's; none means every library agreed.");
say();
say("## tollgate alone: MB/s, first use, memory, long runs of one character");
say();
say("First use: the first count with the encoding after the module is loaded and the default configuration compiled (module load separate).");
say("Linear memory (wasm, with both OpenAI encodings used): after loading / after the 100 KB chat body / after the 1 MB runs (memory never shrinks; a long piece needs ~20 bytes of scratch per byte). It includes the data section with all three vocabularies.");
say("The 1 MB runs are one piece each: they measure the merge of long pieces (O(n log n)), a count per run.");
say();
say(`| encoding | chat MB/s (100 KB) | module load | first use | linear memory: load / chat / 1 MB runs | ${LONG.map((c) => c.name).join(" | ")} |`);
say(`|---|---|---|---|---|${LONG.map(() => "---").join("|")}|`);
for (const s of summary) say(s);
if (OUT) writeFileSync(OUT, lines.join("\n") + "\n");
