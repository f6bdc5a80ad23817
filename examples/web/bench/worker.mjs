// One measurement in its own worker (so a slow library can be stopped): loads one
// tokenizer, counts the given texts, reports init time, per-text best-of-N times and counts.
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import path from "node:path";

const { lib, encoding, texts, repeat, repo } = workerData;
const require = createRequire(path.join(repo, "examples/web/package.json"));

async function load() {
  const model = encoding === "o200k_base" ? "gpt-4o" : "gpt-4";
  switch (lib) {
    case "tollgate": {
      const tg = require(path.join(repo, "examples/web/pkg/node/tollgate.js"));
      tg.countTokens("warm up", model, null); // loads the encoding
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
  let best = Infinity;
  let tokens = 0;
  for (let r = 0; r < repeat[i]; r++) {
    const s = performance.now();
    tokens = count(text);
    best = Math.min(best, performance.now() - s);
  }
  parentPort.postMessage({ index: i, ms: best, tokens, init });
}
parentPort.postMessage({ done: true, init });
