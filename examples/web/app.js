// The demo page: composes a request, calls the package's `estimate` (the gateway's own
// decision), `countTokens`/`tokenBoundaries` (highlighting) and `priceTokens`, and renders
// them. Display only: every number comes from the WebAssembly core. No network at run time.
import init, { estimate, countTokens, tokenBoundaries, priceTokens, pricedModels } from "./pkg/web/tollgate.js";

const $ = (id) => document.getElementById(id);
// Current models of each provider (names from the built-in price table, data/prices.json).
const DEFAULT_MODELS = ["gpt-5.5", "gpt-5.4-mini", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "claude-opus-5-5", "claude-sonnet-5-5",
  "claude-haiku-5-5", "gemini-3.5-flash", "gemini-3.5-flash-lite", "gemini-3.1-pro-preview"];
const CHECKED = new Set(["gpt-5.5", "gpt-5.4-mini", "claude-sonnet-5-5", "gemini-3.5-flash"]);
const HIGHLIGHT_LIMIT = 20000;

const SAMPLE_CONFIG = {
  default_max_output_tokens: 1024,
  budgets: [
    { name: "user-daily", scope: [{ header: "x-user-id" }], window: "day", limit: { usd: "5.00" }, kind: "hard" },
    { name: "per-request", window: "request", limit: { tokens: 32000 }, kind: "hard" },
  ],
  routing: [
    { name: "save-when-low", when: { model: ["gpt-5.5"], budget_below_percent: { budget: "user-daily", percent: 10 } }, model: "gpt-5.4-mini" },
  ],
};

const QUESTION = "Our checkout service times out under load. Here is the trace summary: p99 latency 4.2 s, " +
  "DB pool exhausted at 200 connections, retries amplify traffic 3x. What should we change first, and why?";
const EXAMPLES = {
  openai: { model: "gpt-5.5", messages: [
    { role: "system", content: "You are a senior site reliability engineer. Answer concisely." },
    { role: "user", content: QUESTION }], max_completion_tokens: 800 },
  anthropic: { model: "claude-sonnet-5-5", max_tokens: 800, system: "You are a senior site reliability engineer. Answer concisely.",
    messages: [{ role: "user", content: QUESTION }] },
  gemini: { systemInstruction: { parts: [{ text: "You are a senior site reliability engineer. Answer concisely." }] },
    contents: [{ role: "user", parts: [{ text: QUESTION }] }], generationConfig: { maxOutputTokens: 800 } },
  text: QUESTION,
};

const GEMINI_MODEL = "gemini-3.5-flash";

function pathFor(shape, model) {
  if (shape === "anthropic") return "/v1/messages";
  if (shape === "gemini") return `/v1beta/models/${model || GEMINI_MODEL}:generateContent`;
  if (shape === "text") return null;
  return "/v1/chat/completions";
}

/** The text a person wrote, for highlighting and for the text-only fallback. */
function textOf(body) {
  if (typeof body === "string") return body;
  const parts = [];
  const push = (c) => {
    if (typeof c === "string") parts.push(c);
    else if (Array.isArray(c)) c.forEach((p) => push(p && (p.text ?? p.content ?? "")));
  };
  if (body.system) push(body.system);
  for (const m of body.messages || []) push(m.content);
  if (body.systemInstruction) push(body.systemInstruction.parts);
  for (const c of body.contents || []) push(c.parts);
  if (body.prompt) push(body.prompt);
  if (body.input) push(body.input);
  return parts.join("\n");
}

function headersFromText(text) {
  const out = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

function selectedModels() {
  return [...document.querySelectorAll("#models input:checked")].map((i) => i.value);
}

function addModel(name, checked) {
  if (!name || document.querySelector(`#models input[value="${CSS.escape(name)}"]`)) return;
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.value = name;
  box.checked = checked;
  box.addEventListener("change", update);
  label.append(box, " ", name);
  $("models").append(label);
}

/** The request as an envelope (or plain text), from the textarea and the shape. */
function currentRequest() {
  const shape = $("shape").value;
  const raw = $("request").value;
  const headers = headersFromText($("headers").value);
  if (shape === "text") return { request: raw, text: raw, headers };
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return { request: raw, text: raw, headers }; // not JSON: plain text
  }
  if (body && typeof body === "object" && typeof body.path === "string") {
    return { request: { ...body, headers: { ...headers, ...(body.headers || {}) } }, text: textOf(body.body || {}) };
  }
  return { request: { path: pathFor(shape, body.model), headers, body }, text: textOf(body) };
}

const fmtUsd = (usd) => {
  const n = Number(usd);
  if (n === 0) return "$0";
  return n < 0.01 ? `$${n.toPrecision(3)}` : `$${n.toFixed(n < 100 ? 4 : 2)}`;
};

function renderTokens(text, model, config) {
  const box = $("tokens");
  box.textContent = "";
  const shown = text.slice(0, HIGHLIGHT_LIMIT);
  const ends = tokenBoundaries(shown, model, config);
  let at = 0;
  const frag = document.createDocumentFragment();
  for (const end of ends) {
    const span = document.createElement("span");
    span.textContent = shown.slice(at, end);
    frag.append(span);
    at = end;
  }
  box.append(frag);
  if (text.length > HIGHLIGHT_LIMIT) box.append(document.createTextNode(` … (${text.length - HIGHLIGHT_LIMIT} more characters counted, not highlighted)`));
  const c = countTokens(text, model, config);
  $("token-count").textContent = `${c.tokens} tokens of text for ${model} (${c.exact ? "exact" : `estimated, ×${c.multiplier}`}, ${c.encoding})`;
}

function renderDecision(r) {
  const v = $("verdict");
  v.dataset.verdict = r.verdict;
  v.textContent = { allow: "allowed", reject: `rejected (${r.status})`, pass: "passed uncounted", not_ours: "not on a tollgate route" }[r.verdict];
  const rows = [
    ["routed model", r.routed_model ? `${r.routed_model}${r.route ? ` (rule ${r.route}, asked for ${r.requested_model})` : ""}` : null],
    ["deciding rule", r.rule],
    ["error code", r.error_code],
    ["message", r.message],
    ["input tokens", r.input_tokens != null ? `${r.input_tokens} (${r.input_exact ? "exact" : "estimated"})` : null],
    ["output cap", r.output_cap],
    ["reserved", r.reserved_tokens != null ? `${r.reserved_tokens} tokens, $${r.reserved_usd}` : null],
    ["warnings", r.warnings.length ? r.warnings.join("; ") : null],
    ["ratelimit", r.headers.ratelimit || null],
    ["passed because", r.pass_reason],
  ];
  const dl = $("decision");
  dl.textContent = "";
  for (const [k, val] of rows) {
    if (val == null || val === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = String(val);
    dd.dataset.field = k;
    dl.append(dt, dd);
  }
}

function renderCosts(r, text, config, perDay, outputTokens) {
  const tbody = document.querySelector("#costs tbody");
  tbody.textContent = "";
  const lines = [];
  for (const c of r.costs) {
    let row = c;
    let note = "";
    if (!c.ok) {
      // The gateway cannot judge this shape for this model: price the bare text instead.
      const count = countTokens(text, c.model, config);
      const q = priceTokens(c.model, count.tokens, outputTokens ?? 1024, config);
      if (!q) { lines.push([c.model, "—", "—", "—", c.error || "no price", "—"]); continue; }
      row = { ...q, input_tokens: count.tokens, input_exact: count.exact };
      note = " (text only)";
    }
    const month = Number(row.total_usd) * perDay * 30;
    lines.push([c.model, `${row.input_tokens}${row.input_exact ? "" : " ~"}${note}`, fmtUsd(row.input_usd), fmtUsd(row.output_usd),
      fmtUsd(row.total_usd), fmtUsd(month)]);
  }
  for (const cells of lines) {
    const tr = document.createElement("tr");
    if (cells[0] === r.routed_model) tr.className = "routed";
    for (const cell of cells) {
      const td = document.createElement("td");
      td.textContent = cell;
      tr.append(td);
    }
    tbody.append(tr);
  }
  const routed = r.costs.find((c) => c.model === r.routed_model && c.ok) || r.costs.find((c) => c.ok);
  $("projection").textContent = routed
    ? `At ${perDay} requests a day on ${routed.model}: ${fmtUsd(Number(routed.total_usd) * perDay * 30)} a month (${routed.output_tokens} output tokens each).`
    : "";
}

/** Empties every result, so nothing of an earlier run stays on screen after an error. */
function clearResults() {
  $("verdict").dataset.verdict = "";
  $("verdict").textContent = "—";
  for (const id of ["decision", "tokens", "token-count", "projection"]) $(id).textContent = "";
  document.querySelector("#costs tbody").textContent = "";
}

function update() {
  $("error").textContent = "";
  clearResults();
  try {
    const config = $("config").value.trim() || "{}";
    const stateText = $("state").value.trim();
    const { request, text, headers } = currentRequest();
    const models = selectedModels();
    const outputTokens = $("output-tokens").value === "" ? undefined : Number($("output-tokens").value);
    const perDay = Number($("per-day").value) || 0;
    // Plain text has no envelope: its headers (budget scopes, routing) go in the options.
    const r = estimate(request, config, stateText || null, { models, output_tokens: outputTokens,
      model: models[0], headers: headers || {} });
    renderDecision(r);
    renderTokens(text, r.routed_model || models[0] || "gpt-4o", config);
    renderCosts(r, text, config, perDay, outputTokens);
    document.body.dataset.ready = "1";
  } catch (e) {
    clearResults();
    $("error").textContent = e.message || String(e);
    document.body.dataset.ready = "1";
  }
}

function compose() {
  const ex = EXAMPLES[$("shape").value];
  $("request").value = typeof ex === "string" ? ex : JSON.stringify(ex, null, 2);
  update();
}

let timer;
const soon = () => { clearTimeout(timer); timer = setTimeout(update, 150); };

async function main() {
  await init();
  const priced = new Set(pricedModels(null));
  for (const m of DEFAULT_MODELS) if (priced.has(m)) addModel(m, CHECKED.has(m));
  $("config").value = JSON.stringify(SAMPLE_CONFIG, null, 2);
  $("status").textContent = `tollgate ${"core"} loaded: ${priced.size} priced models; everything runs locally.`;
  for (const id of ["request", "headers", "config", "state", "per-day", "output-tokens"]) $(id).addEventListener("input", soon);
  $("shape").addEventListener("change", compose);
  $("compose").addEventListener("click", compose);
  $("add-model").addEventListener("click", () => { addModel($("custom-model").value.trim(), true); update(); });
  $("config-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (file) { $("config").value = await file.text(); update(); }
  });
  compose();
}

main().catch((e) => { $("status").textContent = `failed to load: ${e.message || e}`; });
