// One measurement in its own worker (so a slow library can be stopped): loads one
// tokenizer, counts the given texts, reports init time, per-text best-of-N times and counts.
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import path from "node:path";

const { lib, encoding, texts, repeat, repo } = workerData;
let instance = null; // tollgate's WebAssembly instance
const extra = {}; // tollgate: module load and first-use times (ms), linear memory (bytes)
const require = createRequire(path.join(repo, "examples/web/package.json"));

async function load() {
  const model = encoding === "o200k_base" ? "gpt-4o" : "gpt-4";
  switch (lib) {
    case "tollgate": {
      // Keep the instance, to read its linear memory (the package does not export it).
      const Instance = WebAssembly.Instance;
      WebAssembly.Instance = function (m, i) { instance = new Instance(m, i); return instance; };
      const l0 = performance.now();
      const tg = require(path.join(repo, "examples/web/pkg/node/tollgate.js"));
      WebAssembly.Instance = Instance;
      extra.load = performance.now() - l0;
      tg.countTokens("", model, null); // the default configuration, without the encoding
      const f0 = performance.now();
      tg.countTokens("warm up", model, null); // the encoding's first use
      extra.first = performance.now() - f0;
      tg.countTokens("warm up", model === "gpt-4o" ? "gpt-4" : "gpt-4o", null); // both OpenAI encodings in use
      extra.memoryAfterLoad = instance.exports.memory.buffer.byteLength;
      return (t) => tg.countTokens(t, model, null).tokens;
    }
    case "gpt-tokenizer": {
      const m = await import(`gpt-tokenizer/encoding/${encoding}`);
      // Special-token text counted as ordinary text, as tollgate and tiktoken's encode_ordinary do.
      const opts = { allowedSpecial: new Set(), disallowedSpecial: new Set() };
      m.encode("warm up", opts);
      return (t) => m.encode(t, opts).length;
    }
    case "js-tiktoken": {
      const { Tiktoken } = require("js-tiktoken/lite");
      const ranks = require(`js-tiktoken/ranks/${encoding}`);
      const enc = new Tiktoken(ranks.default ?? ranks);
      enc.encode("warm up", [], []);
      return (t) => enc.encode(t, [], []).length;
    }
    case "tiktoken": {
      const { get_encoding } = require("tiktoken");
      const enc = get_encoding(encoding);
      enc.encode_ordinary("warm up");
      return (t) => enc.encode_ordinary(t).length;
    }
  }
  throw new Error(`unknown lib ${lib}`);
}

const t0 = performance.now();
const count = await load();
const init = performance.now() - t0;
for (const [i, text] of texts.entries()) {
  // Warm-up: V8 runs wasm (and JS) first in a baseline tier and optimises hot functions
  // in the background, so a fast case is counted untimed until 300 ms have passed. A first
  // call slower than that is the measurement itself (as before: no second slow call).
  // A text over 256 KB (tollgate's 1 MB runs) is first warmed on its first 64 KB.
  if (text.length > 262144) {
    const p0 = performance.now();
    do count(text.slice(0, 65536)); while (performance.now() - p0 < 300);
  }
  const w0 = performance.now();
  let tokens = count(text);
  let best = performance.now() - w0;
  if (best < 300) {
    while (performance.now() - w0 < 300) count(text);
    best = Infinity;
  }
  for (let r = best < Infinity ? 1 : 0; r < repeat[i]; r++) {
    const s = performance.now();
    tokens = count(text);
    best = Math.min(best, performance.now() - s);
  }
  if (instance) extra.memory = instance.exports.memory.buffer.byteLength;
  parentPort.postMessage({ index: i, ms: best, tokens, init, bytes: Buffer.byteLength(text), ...extra });
}
parentPort.postMessage({ done: true, init, ...extra });
