// The part of a decision the shared fixtures compare (tests/fixtures/decisions/*.json),
// with the wall-clock parts masked: RFC 3339 times, RateLimit `t=` and Retry-After.
// Browser-safe (no Node imports): also used by the wasm-bindgen browser tests.
// tests/e2e/test_decisions.py builds the same view from Envoy's answer.

/** The fixed clock of the browser and Node checks (Envoy uses its own; times are masked). */
export const NOW = 1_800_000_000;

const TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g;

export function mask(value) {
  if (typeof value === "string") return value.replace(TIME, "<time>");
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
  }
  return value;
}

/** Response headers that carry the decision. */
export function decisionHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers || {}).sort()) {
    const n = name.toLowerCase();
    if (n.startsWith("x-tollgate-") || n.startsWith("ratelimit") || n === "x-should-retry") {
      out[n] = n === "ratelimit" ? value.replace(/;t=\d+/, ";t=<t>") : value;
    } else if (n === "retry-after") {
      out[n] = "<t>";
    }
  }
  return out;
}

export function view(estimate) {
  const allowed = estimate.verdict === "allow";
  const rejected = estimate.verdict === "reject";
  return mask({
    verdict: estimate.verdict,
    status: rejected ? estimate.status : null,
    rule: rejected ? estimate.rule : null,
    error_code: rejected ? estimate.error_code : null,
    error: rejected ? estimate.error : null,
    routed_model: allowed ? estimate.routed_model : null,
    route: allowed ? estimate.route : null,
    input_tokens: allowed ? estimate.input_tokens : null,
    input_exact: allowed ? estimate.input_exact : null,
    reserved_tokens: allowed ? estimate.reserved_tokens : null,
    reserved_usd: allowed ? estimate.reserved_usd : null,
    headers: estimate.verdict === "pass" ? {} : decisionHeaders(estimate.headers),
  });
}


/** JSON text of the view of an estimate, for exact comparison. */
export function viewJson(estimate) {
  return JSON.stringify(view(estimate));
}
