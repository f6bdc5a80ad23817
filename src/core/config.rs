//! The filter's JSON configuration: serde types (unknown fields rejected) compiled once
//! into a typed `Policy`. An invalid configuration is an error naming the field.
//! Pure: parses text it is given; reads no files and no host state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::api::{ParseOptions, UnknownInputs, WorstCases};
use crate::count_cache::CacheLimits;
use crate::global::{BudgetStore, Global, GlobalFile, OnUnavailableFile, StoreFile, compile_store};
use crate::guards::{BreakerFile, ContextFile, Guards, LoopsFile, SessionsFile};
use crate::json_raw::JsonLimits;
use crate::money;
use crate::observe::{Alerts, AlertsFile, Observe, ObserveFile};
use crate::prefix_cache::PrefixLimits;
use crate::prices::{PriceOverride, PriceTable};
use crate::tokens::Encoding;
pub use crate::vocab::{ConfigError, Kind, ScopeAttr, model_matches, thousandths};

pub(crate) fn field_error(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError::Field {
        path: path.into(),
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------
// The configuration as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Hold the request headers until the body is read (needs Envoy's
    /// `allow_on_headers_stop_iteration: true`; not available under Istio).
    #[serde(default)]
    pub hold_request_headers: bool,
    #[serde(default = "defaults::max_body_bytes")]
    pub max_body_bytes: u64,
    #[serde(default)]
    pub on_unjudgeable: PassOrReject,
    #[serde(default)]
    pub unknown_model: UnknownModelFile,
    #[serde(default = "defaults::default_max_output_tokens")]
    pub default_max_output_tokens: u64,
    #[serde(default = "defaults::min_output_tokens")]
    pub min_output_tokens: u64,
    #[serde(default)]
    pub on_hard_limit: OnHardLimit,
    #[serde(default = "defaults::yes")]
    pub response_headers: bool,
    #[serde(default = "defaults::reservation_ttl_seconds")]
    pub reservation_ttl_seconds: u64,
    #[serde(default = "defaults::estimate_margin_percent")]
    pub estimate_margin_percent: u64,
    #[serde(default)]
    pub counters: CountersFile,
    /// The per-VM memo of message token counts (`count_cache`).
    #[serde(default)]
    pub count_cache: CountCacheFile,
    /// The per-VM memo of recent bodies, to read a resent history only from where it
    /// changed (`prefix_cache`).
    #[serde(default)]
    pub prefix_cache: PrefixCacheFile,
    #[serde(default = "defaults::routes")]
    pub routes: Vec<RouteFile>,
    #[serde(default)]
    pub encodings: BTreeMap<String, String>,
    /// Models without a public tokenizer: counted with an OpenAI encoding times a
    /// multiplier (then learned from reported usage). Checked before the built-in rules.
    #[serde(default)]
    pub estimators: Vec<EstimatorFile>,
    #[serde(default)]
    pub responses: ResponsesFile,
    #[serde(default)]
    pub prices: BTreeMap<String, PriceOverride>,
    #[serde(default)]
    pub routing: Vec<RoutingRuleFile>,
    #[serde(default)]
    pub budgets: Vec<BudgetFile>,
    #[serde(default)]
    pub sessions: Option<SessionsFile>,
    #[serde(default)]
    pub loops: Option<LoopsFile>,
    #[serde(default)]
    pub context: Option<ContextFile>,
    #[serde(default)]
    pub breakers: Vec<BreakerFile>,
    #[serde(default)]
    pub admin: Option<AdminFile>,
    /// Metric labels and access-log attribution.
    #[serde(default)]
    pub metrics: Option<ObserveFile>,
    #[serde(default)]
    pub alerts: Option<AlertsFile>,
    /// Bounds on the work one request body may cost (beyond them: a 400).
    #[serde(default)]
    pub json_limits: JsonLimitsFile,
    /// Tokens reserved, per API, for inputs whose size the body does not show.
    #[serde(default)]
    pub unknown_inputs: UnknownInputsFile,
    /// The quota service that keeps the counters of budgets with `"store": "global"`.
    #[serde(default)]
    pub global: Option<GlobalFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonLimitsFile {
    #[serde(default = "defaults::max_depth")]
    pub max_depth: usize,
    #[serde(default = "defaults::max_members")]
    pub max_members: usize,
    #[serde(default = "defaults::max_nodes")]
    pub max_nodes: usize,
}

impl Default for JsonLimitsFile {
    fn default() -> Self {
        JsonLimitsFile {
            max_depth: defaults::max_depth(),
            max_members: defaults::max_members(),
            max_nodes: defaults::max_nodes(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnknownInputsFile {
    #[serde(default)]
    pub openai_chat: WorstCasesFile,
    #[serde(default)]
    pub openai_responses: WorstCasesFile,
    #[serde(default)]
    pub anthropic: WorstCasesFile,
    #[serde(default)]
    pub gemini: WorstCasesFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorstCasesFile {
    #[serde(default = "defaults::file_tokens")]
    pub file_tokens: u64,
    #[serde(default = "defaults::audio_tokens")]
    pub audio_tokens: u64,
    #[serde(default = "defaults::mcp_server_tokens")]
    pub mcp_server_tokens: u64,
    #[serde(default = "defaults::unknown_part_tokens")]
    pub unknown_part_tokens: u64,
}

impl Default for WorstCasesFile {
    fn default() -> Self {
        WorstCasesFile {
            file_tokens: defaults::file_tokens(),
            audio_tokens: defaults::audio_tokens(),
            mcp_server_tokens: defaults::mcp_server_tokens(),
            unknown_part_tokens: defaults::unknown_part_tokens(),
        }
    }
}

/// Most tokens a worst case may name.
const MAX_WORST_CASE_TOKENS: u64 = 10_000_000;

impl WorstCasesFile {
    fn compile(self, at: &str) -> Result<WorstCases, ConfigError> {
        for (name, value) in [
            ("file_tokens", self.file_tokens),
            ("audio_tokens", self.audio_tokens),
            ("mcp_server_tokens", self.mcp_server_tokens),
            ("unknown_part_tokens", self.unknown_part_tokens),
        ] {
            if value > MAX_WORST_CASE_TOKENS {
                return Err(field_error(
                    format!("unknown_inputs.{at}.{name}"),
                    format!("must be at most {MAX_WORST_CASE_TOKENS}"),
                ));
            }
        }
        Ok(WorstCases {
            file_tokens: self.file_tokens,
            audio_tokens: self.audio_tokens,
            mcp_server_tokens: self.mcp_server_tokens,
            unknown_part_tokens: self.unknown_part_tokens,
        })
    }
}

impl JsonLimitsFile {
    fn compile(self) -> Result<JsonLimits, ConfigError> {
        if !(2..=100).contains(&self.max_depth) {
            return Err(field_error("json_limits.max_depth", "must be between 2 and 100"));
        }
        if !(1..=1_000_000).contains(&self.max_members) {
            return Err(field_error("json_limits.max_members", "must be between 1 and 1000000"));
        }
        if !(1..=50_000_000).contains(&self.max_nodes) {
            return Err(field_error("json_limits.max_nodes", "must be between 1 and 50000000"));
        }
        Ok(JsonLimits {
            max_depth: self.max_depth,
            max_members: self.max_members,
            max_nodes: self.max_nodes,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminFile {
    /// Requests under this path go to tollgate's admin API (never upstream).
    #[serde(default = "defaults::admin_prefix")]
    pub path_prefix: String,
    /// `Authorization: Bearer <token>` required on every admin request.
    pub bearer_token: String,
}

#[derive(Debug, Clone)]
pub struct Admin {
    pub path_prefix: String,
    pub bearer_token: String,
}

mod defaults {
    use super::{CacheLimits, JsonLimits, PrefixLimits, RouteFile, WorstCases};
    pub fn count_cache_entries() -> usize {
        CacheLimits::DEFAULT.entries
    }
    pub fn count_cache_bytes() -> usize {
        CacheLimits::DEFAULT.bytes
    }
    pub fn prefix_cache_entries() -> usize {
        PrefixLimits::DEFAULT.entries
    }
    pub fn prefix_cache_bytes() -> usize {
        PrefixLimits::DEFAULT.bytes
    }
    pub fn max_depth() -> usize {
        JsonLimits::DEFAULT.max_depth
    }
    pub fn max_members() -> usize {
        JsonLimits::DEFAULT.max_members
    }
    pub fn max_nodes() -> usize {
        JsonLimits::DEFAULT.max_nodes
    }
    pub fn file_tokens() -> u64 {
        WorstCases::DEFAULT.file_tokens
    }
    pub fn audio_tokens() -> u64 {
        WorstCases::DEFAULT.audio_tokens
    }
    pub fn mcp_server_tokens() -> u64 {
        WorstCases::DEFAULT.mcp_server_tokens
    }
    pub fn unknown_part_tokens() -> u64 {
        WorstCases::DEFAULT.unknown_part_tokens
    }
    pub fn max_body_bytes() -> u64 {
        1_000_000
    }
    pub fn default_max_output_tokens() -> u64 {
        4096
    }
    pub fn min_output_tokens() -> u64 {
        16
    }
    pub fn reservation_ttl_seconds() -> u64 {
        600
    }
    pub fn estimate_margin_percent() -> u64 {
        10
    }
    pub fn yes() -> bool {
        true
    }
    pub fn slots() -> u32 {
        65_536
    }
    pub fn routes() -> Vec<RouteFile> {
        vec![RouteFile {
            path_prefix: "/".into(),
            unknown_endpoints: super::PassOrReject::Reject,
            deployments: Default::default(),
        }]
    }
    pub fn admin_prefix() -> String {
        "/tollgate/".into()
    }
    pub fn estimator_encoding() -> String {
        "o200k_base".into()
    }
    pub fn context_ttl_seconds() -> u64 {
        86_400
    }
    pub fn context_slots() -> u32 {
        65_536
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum PassOrReject {
    #[default]
    Reject,
    Pass,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum OnHardLimit {
    #[default]
    Reject,
    LowerOutputCap,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnknownModelFile {
    #[default]
    Reject,
    PriceAs(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountersFile {
    #[serde(default = "defaults::slots")]
    pub slots: u32,
    #[serde(default)]
    pub on_full: PassOrReject,
}

/// `count_cache`: bounds of the per-VM memo of message counts; `entries: 0` turns it off.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountCacheFile {
    #[serde(default = "defaults::count_cache_entries")]
    pub entries: usize,
    #[serde(default = "defaults::count_cache_bytes")]
    pub bytes: usize,
}

/// `prefix_cache`: bounds of the per-VM memo of recent bodies; `entries: 0` turns it off.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixCacheFile {
    #[serde(default = "defaults::prefix_cache_entries")]
    pub entries: usize,
    #[serde(default = "defaults::prefix_cache_bytes")]
    pub bytes: usize,
}

impl Default for PrefixCacheFile {
    fn default() -> Self {
        PrefixCacheFile {
            entries: defaults::prefix_cache_entries(),
            bytes: defaults::prefix_cache_bytes(),
        }
    }
}

impl Default for CountCacheFile {
    fn default() -> Self {
        CountCacheFile {
            entries: defaults::count_cache_entries(),
            bytes: defaults::count_cache_bytes(),
        }
    }
}

impl Default for CountersFile {
    fn default() -> Self {
        CountersFile {
            slots: defaults::slots(),
            on_full: PassOrReject::Reject,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteFile {
    pub path_prefix: String,
    #[serde(default)]
    pub unknown_endpoints: PassOrReject,
    /// Azure OpenAI: deployment name (in the path) -> model, for prices and budgets.
    #[serde(default)]
    pub deployments: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimatorFile {
    pub models: Vec<String>,
    #[serde(default = "defaults::estimator_encoding")]
    pub encoding: String,
    /// Decimal text, e.g. "1.25".
    pub multiplier: Box<RawValue>,
    #[serde(default = "defaults::yes")]
    pub calibrate: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsesFile {
    /// What to do when `previous_response_id` names a response this gateway has not seen.
    #[serde(default)]
    pub unknown_previous_response: UnknownPrevious,
    /// How long a response's context size is remembered.
    #[serde(default = "defaults::context_ttl_seconds")]
    pub context_ttl_seconds: u64,
    /// How many response ids are remembered (bounded table).
    #[serde(default = "defaults::context_slots")]
    pub context_slots: u32,
}

impl Default for ResponsesFile {
    fn default() -> Self {
        ResponsesFile {
            unknown_previous_response: UnknownPrevious::default(),
            context_ttl_seconds: defaults::context_ttl_seconds(),
            context_slots: defaults::context_slots(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnknownPrevious {
    #[default]
    Reject,
    /// Reserve this many tokens for the unseen server-side context.
    ReserveTokens(u64),
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum WindowFile {
    Request,
    Minute,
    Hour,
    Day,
    Month,
    Seconds(u64),
    SessionIdleSeconds(u64),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitFile {
    Tokens(u64),
    /// USD as a JSON number or string, read exactly from its decimal text.
    Usd(Box<RawValue>),
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnMissing {
    Reject,
    Shared,
    Skip,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetFile {
    pub name: String,
    #[serde(default)]
    pub scope: Vec<ScopeAttr>,
    pub window: WindowFile,
    pub limit: LimitFile,
    pub kind: Kind,
    /// Default: reject for hard budgets, skip for soft ones.
    #[serde(default)]
    pub on_missing: Option<OnMissing>,
    /// Only requests for these (routed) models count; `*` at the end matches a prefix.
    #[serde(default)]
    pub models: Vec<String>,
    /// `local` (this Envoy's shared data) or `global` (the quota service).
    #[serde(default)]
    pub store: StoreFile,
    /// A global budget without its service: `closed` (503), `open` (admit, warn) or
    /// `local` (enforce `local_share_percent` of the limit in this Envoy).
    #[serde(default)]
    pub on_unavailable: Option<OnUnavailableFile>,
    #[serde(default)]
    pub local_share_percent: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingRuleFile {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub when: WhenFile,
    pub model: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenFile {
    /// The requested model is one of these (`*` at the end matches a prefix).
    #[serde(default)]
    pub model: Vec<String>,
    #[serde(default)]
    pub header: Option<HeaderMatch>,
    #[serde(default)]
    pub budget_below_percent: Option<BudgetShare>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderMatch {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetShare {
    pub budget: String,
    pub percent: u64,
}

// ---------------------------------------------------------------------------
// The compiled policy.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Request,
    Minute,
    Hour,
    Day,
    Month,
    Seconds(u64),
    SessionIdle(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Tokens(u64),
    Nanos(u64),
}

#[derive(Debug, Clone)]
pub struct Budget {
    pub name: String,
    pub scope: Vec<ScopeAttr>,
    pub window: Window,
    pub limit: Limit,
    pub kind: Kind,
    pub on_missing: OnMissing,
    pub models: Vec<String>,
    pub store: BudgetStore,
}

#[derive(Debug, Clone)]
pub struct RoutingRule {
    pub name: String,
    pub models: Vec<String>,
    pub header: Option<HeaderMatch>,
    pub budget_below: Option<(usize, u64)>,
    pub target: String,
}

#[derive(Debug, Clone)]
pub enum UnknownModel {
    Reject,
    PriceAs(String),
}

#[derive(Debug, Clone)]
pub struct Route {
    pub path_prefix: String,
    pub unknown_endpoints: PassOrReject,
    pub deployments: BTreeMap<String, String>,
}

/// How a model's input is counted when it has no public tokenizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimator {
    pub models: Vec<String>,
    pub encoding: Encoding,
    /// Thousandths: 1250 = x1.25.
    pub multiplier_permille: u64,
    pub calibrate: bool,
}

/// Built-in estimators (before calibration). Claude has no public tokenizer: o200k_base
/// times 1.25, then learned from reported usage. (Gemini is counted exactly: Gemma 3.)
pub fn builtin_estimators() -> Vec<Estimator> {
    vec![Estimator {
        models: ["claude-*", "anthropic/*", "anthropic.claude-*"]
            .iter()
            .map(|m| m.to_string())
            .collect(),
        encoding: Encoding::O200kBase,
        multiplier_permille: 1250,
        calibrate: true,
    }]
}

/// Gemini models are counted exactly with the Gemma 3 vocabulary.
pub fn is_gemini_model(model: &str) -> bool {
    ["gemini-*", "gemini/*", "models/gemini-*", "vertex_ai/gemini-*"]
        .iter()
        .any(|p| model_matches(p, model))
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub hold_request_headers: bool,
    pub max_body_bytes: u64,
    pub on_unjudgeable: PassOrReject,
    pub unknown_model: UnknownModel,
    pub default_max_output_tokens: u64,
    pub min_output_tokens: u64,
    pub on_hard_limit: OnHardLimit,
    pub response_headers: bool,
    pub reservation_ttl_seconds: u64,
    pub estimate_margin_percent: u64,
    pub counter_slots: u32,
    pub on_counters_full: PassOrReject,
    /// Bounds of the per-VM memo of message token counts.
    pub count_cache: CacheLimits,
    /// Bounds of the per-VM memo of recent bodies.
    pub prefix_cache: PrefixLimits,
    pub routes: Vec<Route>,
    pub encodings: Vec<(String, Encoding)>,
    pub estimators: Vec<Estimator>,
    pub unknown_previous_response: UnknownPrevious,
    pub context_ttl_seconds: u64,
    pub context_slots: u32,
    pub prices: PriceTable,
    pub routing: Vec<RoutingRule>,
    pub budgets: Vec<Budget>,
    pub guards: Guards,
    pub admin: Option<Admin>,
    pub observe: Observe,
    pub alerts: Option<Alerts>,
    /// JSON limits and worst cases for inputs of unknown size, for the API parsers.
    pub parse: ParseOptions,
    /// The quota service of global budgets.
    pub global: Option<Global>,
}

/// "1.25" -> 1250 (thousandths), within 0.1..=10.
fn parse_permille(text: &str) -> Option<u64> {
    thousandths(text).filter(|p| (100..=10_000).contains(p))
}

impl Policy {
    pub fn from_json(text: &str) -> Result<Policy, ConfigError> {
        let text = if text.trim().is_empty() { "{}" } else { text };
        let mut de = serde_json::Deserializer::from_str(text);
        let file: ConfigFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            field_error(
                if path == "." || path == "?" || path.is_empty() {
                    "(root)".to_string()
                } else {
                    path
                },
                e.inner().to_string(),
            )
        })?;
        de.end().map_err(|e| field_error("(root)", e.to_string()))?;
        Policy::compile(file)
    }

    pub fn compile(file: ConfigFile) -> Result<Policy, ConfigError> {
        if file.max_body_bytes == 0 || file.max_body_bytes > 64 * 1024 * 1024 {
            return Err(field_error("max_body_bytes", "must be between 1 and 67108864"));
        }
        if file.default_max_output_tokens == 0 {
            return Err(field_error("default_max_output_tokens", "must be at least 1"));
        }
        if file.reservation_ttl_seconds == 0 {
            return Err(field_error("reservation_ttl_seconds", "must be at least 1"));
        }
        if file.estimate_margin_percent > 1000 {
            return Err(field_error("estimate_margin_percent", "must be at most 1000"));
        }
        if file.count_cache.entries > 1 << 20 {
            return Err(field_error(
                "count_cache.entries",
                "must be at most 1048576 (0 turns the memo off)",
            ));
        }
        if file.count_cache.bytes > 256 << 20 {
            return Err(field_error("count_cache.bytes", "must be at most 268435456"));
        }
        if file.prefix_cache.entries > 1 << 16 {
            return Err(field_error(
                "prefix_cache.entries",
                "must be at most 65536 (0 turns the memo off)",
            ));
        }
        if file.prefix_cache.bytes > 256 << 20 {
            return Err(field_error("prefix_cache.bytes", "must be at most 268435456"));
        }
        if file.counters.slots == 0 || file.counters.slots > 1 << 24 {
            return Err(field_error("counters.slots", "must be between 1 and 16777216"));
        }
        if file.routes.is_empty() {
            return Err(field_error("routes", "must list at least one route"));
        }
        for (i, r) in file.routes.iter().enumerate() {
            if !r.path_prefix.starts_with('/') {
                return Err(field_error(format!("routes[{i}].path_prefix"), "must start with `/`"));
            }
        }
        let mut encodings = Vec::new();
        for (prefix, name) in &file.encodings {
            let encoding =
                Encoding::from_name(name).map_err(|e| field_error(format!("encodings.{prefix}"), e.to_string()))?;
            encodings.push((prefix.clone(), encoding));
        }
        // Longest prefix first.
        encodings.sort_by_key(|e| std::cmp::Reverse(e.0.len()));

        let mut estimators = Vec::new();
        for (i, e) in file.estimators.into_iter().enumerate() {
            let at = |f: &str| format!("estimators[{i}].{f}");
            if e.models.is_empty() {
                return Err(field_error(at("models"), "must list at least one model pattern"));
            }
            let encoding =
                Encoding::from_name(&e.encoding).map_err(|err| field_error(at("encoding"), err.to_string()))?;
            let text = e.multiplier.get().trim().trim_matches('"');
            let permille = parse_permille(text).ok_or_else(|| {
                field_error(
                    at("multiplier"),
                    format!("`{text}` is not a decimal between 0.1 and 10 with at most 3 decimals"),
                )
            })?;
            estimators.push(Estimator {
                models: e.models,
                encoding,
                multiplier_permille: permille,
                calibrate: e.calibrate,
            });
        }
        estimators.extend(builtin_estimators());
        if file.responses.context_ttl_seconds == 0 {
            return Err(field_error("responses.context_ttl_seconds", "must be at least 1"));
        }
        if file.responses.context_slots == 0 || file.responses.context_slots > 1 << 24 {
            return Err(field_error("responses.context_slots", "must be between 1 and 16777216"));
        }

        let parse = ParseOptions {
            json: file.json_limits.compile()?,
            unknown: UnknownInputs {
                openai_chat: file.unknown_inputs.openai_chat.compile("openai_chat")?,
                openai_responses: file.unknown_inputs.openai_responses.compile("openai_responses")?,
                anthropic: file.unknown_inputs.anthropic.compile("anthropic")?,
                gemini: file.unknown_inputs.gemini.compile("gemini")?,
            },
        };
        let guards = Guards::compile(file.sessions, file.loops, file.context, file.breakers)?;
        let alerts = Alerts::compile(file.alerts)?;
        let admin = match file.admin {
            None => None,
            Some(a) => {
                if !a.path_prefix.starts_with('/') || !a.path_prefix.ends_with('/') {
                    return Err(field_error("admin.path_prefix", "must start and end with `/`"));
                }
                if a.bearer_token.len() < 16 {
                    return Err(field_error("admin.bearer_token", "must be at least 16 characters"));
                }
                Some(Admin {
                    path_prefix: a.path_prefix,
                    bearer_token: a.bearer_token,
                })
            }
        };

        let overrides: Vec<(String, PriceOverride)> = file.prices.into_iter().collect();
        let prices = PriceTable::builtin()
            .and_then(|t| t.with_overrides(&overrides))
            .map_err(|e| field_error("prices", e.to_string()))?;

        let observe = Observe::compile(file.metrics, &prices)?;

        let unknown_model = match file.unknown_model {
            UnknownModelFile::Reject => UnknownModel::Reject,
            UnknownModelFile::PriceAs(model) => {
                if prices.lookup(&model).is_none() {
                    return Err(field_error(
                        "unknown_model.price_as",
                        format!("model `{model}` has no price"),
                    ));
                }
                UnknownModel::PriceAs(model)
            }
        };

        let global = Global::compile(file.global)?;
        let mut budgets: Vec<Budget> = Vec::new();
        for (i, b) in file.budgets.into_iter().enumerate() {
            let at = |field: &str| format!("budgets[{i}].{field}");
            if b.name.is_empty()
                || b.name.len() > 64
                || !b.name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                return Err(field_error(at("name"), "must be 1-64 characters of [A-Za-z0-9-_.]"));
            }
            if budgets.iter().any(|x| x.name == b.name) {
                return Err(field_error(at("name"), format!("duplicate budget name `{}`", b.name)));
            }
            let window = match b.window {
                WindowFile::Request => Window::Request,
                WindowFile::Minute => Window::Minute,
                WindowFile::Hour => Window::Hour,
                WindowFile::Day => Window::Day,
                WindowFile::Month => Window::Month,
                WindowFile::Seconds(0) | WindowFile::SessionIdleSeconds(0) => {
                    return Err(field_error(at("window"), "seconds must be at least 1"));
                }
                WindowFile::Seconds(s) => Window::Seconds(s),
                WindowFile::SessionIdleSeconds(s) => Window::SessionIdle(s),
            };
            let limit = match b.limit {
                LimitFile::Tokens(0) => {
                    return Err(field_error(at("limit.tokens"), "must be at least 1"));
                }
                LimitFile::Tokens(t) => Limit::Tokens(t),
                LimitFile::Usd(raw) => {
                    let text = raw.get().trim().trim_matches('"');
                    let nanos = money::parse_usd_decimal_to_nanos(text)
                        .map_err(|e| field_error(at("limit.usd"), e.to_string()))?;
                    if nanos == 0 {
                        return Err(field_error(at("limit.usd"), "must be more than zero"));
                    }
                    Limit::Nanos(nanos)
                }
            };
            for (j, attr) in b.scope.iter().enumerate() {
                match attr {
                    ScopeAttr::Header(h) if h.is_empty() => {
                        return Err(field_error(at(&format!("scope[{j}].header")), "must not be empty"));
                    }
                    ScopeAttr::Property(p) if p.is_empty() => {
                        return Err(field_error(at(&format!("scope[{j}].property")), "must not be empty"));
                    }
                    _ => {}
                }
            }
            let on_missing = b.on_missing.unwrap_or(match b.kind {
                Kind::Hard => OnMissing::Reject,
                Kind::Soft => OnMissing::Skip,
            });
            let store = compile_store(
                b.store,
                b.on_unavailable,
                b.local_share_percent,
                window == Window::Request,
                global.is_some(),
                &at,
            )?;
            budgets.push(Budget {
                name: b.name,
                scope: b.scope,
                window,
                limit,
                kind: b.kind,
                on_missing,
                models: b.models,
                store,
            });
        }

        let mut routing = Vec::new();
        for (i, r) in file.routing.into_iter().enumerate() {
            let budget_below = match r.when.budget_below_percent {
                Some(share) => {
                    let Some(index) = budgets.iter().position(|b| b.name == share.budget) else {
                        return Err(field_error(
                            format!("routing[{i}].when.budget_below_percent.budget"),
                            format!("no budget named `{}`", share.budget),
                        ));
                    };
                    if share.percent > 100 {
                        return Err(field_error(
                            format!("routing[{i}].when.budget_below_percent.percent"),
                            "must be 0-100",
                        ));
                    }
                    Some((index, share.percent))
                }
                None => None,
            };
            if r.model.is_empty() {
                return Err(field_error(format!("routing[{i}].model"), "must not be empty"));
            }
            routing.push(RoutingRule {
                name: r.name.unwrap_or_else(|| format!("routing[{i}]")),
                models: r.when.model,
                header: r.when.header.map(|h| HeaderMatch {
                    name: h.name.to_ascii_lowercase(),
                    value: h.value,
                }),
                budget_below,
                target: r.model,
            });
        }

        Ok(Policy {
            hold_request_headers: file.hold_request_headers,
            max_body_bytes: file.max_body_bytes,
            on_unjudgeable: file.on_unjudgeable,
            unknown_model,
            default_max_output_tokens: file.default_max_output_tokens,
            min_output_tokens: file.min_output_tokens,
            on_hard_limit: file.on_hard_limit,
            response_headers: file.response_headers,
            reservation_ttl_seconds: file.reservation_ttl_seconds,
            estimate_margin_percent: file.estimate_margin_percent,
            counter_slots: file.counters.slots,
            count_cache: CacheLimits {
                entries: file.count_cache.entries,
                bytes: file.count_cache.bytes,
            },
            prefix_cache: PrefixLimits {
                entries: file.prefix_cache.entries,
                bytes: file.prefix_cache.bytes,
            },
            on_counters_full: file.counters.on_full,
            routes: file
                .routes
                .into_iter()
                .map(|r| Route {
                    path_prefix: r.path_prefix,
                    unknown_endpoints: r.unknown_endpoints,
                    deployments: r.deployments,
                })
                .collect(),
            encodings,
            estimators,
            unknown_previous_response: file.responses.unknown_previous_response,
            context_ttl_seconds: file.responses.context_ttl_seconds,
            context_slots: file.responses.context_slots,
            prices,
            routing,
            budgets,
            guards,
            admin,
            observe,
            alerts,
            parse,
            global,
        })
    }

    /// The policy as the offline tools (the command line, the web estimator) run it:
    /// they have no quota service, so every budget counts in their own store — a global
    /// budget's counter is the one preloaded from a read-out of the service.
    pub fn offline(mut self) -> Policy {
        for b in &mut self.budgets {
            b.store = BudgetStore::Local;
        }
        self.global = None;
        self
    }

    /// The estimator for a model without a public tokenizer, if one matches.
    pub fn estimator_for(&self, model: &str) -> Option<&Estimator> {
        if self
            .encodings
            .iter()
            .any(|(prefix, _)| model.starts_with(prefix.as_str()))
        {
            return None;
        }
        self.estimators
            .iter()
            .find(|e| e.models.iter().any(|p| model_matches(p, model)))
    }

    /// The encoding for a model: a configured prefix first, then Gemma 3 for Gemini, else
    /// OpenAI's mapping.
    pub fn encoding_for(&self, model: &str) -> Encoding {
        self.encodings
            .iter()
            .find(|(prefix, _)| model.starts_with(prefix.as_str()))
            .map(|(_, e)| *e)
            .unwrap_or_else(|| {
                if is_gemini_model(model) {
                    Encoding::Gemma3
                } else {
                    Encoding::for_openai_model(model)
                }
            })
    }
}

impl From<Window> for WindowFile {
    /// The window in the configuration's own form (the quota service's wire form).
    fn from(w: Window) -> WindowFile {
        match w {
            Window::Request => WindowFile::Request,
            Window::Minute => WindowFile::Minute,
            Window::Hour => WindowFile::Hour,
            Window::Day => WindowFile::Day,
            Window::Month => WindowFile::Month,
            Window::Seconds(s) => WindowFile::Seconds(s),
            Window::SessionIdle(s) => WindowFile::SessionIdleSeconds(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match Policy::from_json(text) {
            Ok(_) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn empty_config_is_valid() {
        assert_eq!(err(""), "ok");
        assert_eq!(err("{}"), "ok");
    }

    #[test]
    fn errors_name_the_field() {
        assert!(
            err(r#"{"budgetz": []}"#).contains("budgetz"),
            "{}",
            err(r#"{"budgetz": []}"#)
        );
        let e = err(r#"{"budgets":[{"name":"a","window":"fortnight","limit":{"tokens":1},"kind":"hard"}]}"#);
        assert!(e.contains("budgets[0].window"), "{e}");
        let e = err(r#"{"budgets":[{"name":"a","window":"day","limit":{"usd":"-1"},"kind":"hard"}]}"#);
        assert!(e.contains("budgets[0].limit.usd"), "{e}");
        let e = err(r#"{"budgets":[{"name":"a","window":"day","limit":{"tokens":1},"kind":"hard","extra":1}]}"#);
        assert!(e.contains("budgets[0]") && e.contains("extra"), "{e}");
        let e = err(r#"{"encodings":{"gpt":"p50k"}}"#);
        assert!(e.contains("encodings.gpt"), "{e}");
        let e = err(r#"{"routing":[{"when":{"budget_below_percent":{"budget":"nope","percent":20}},"model":"m"}]}"#);
        assert!(e.contains("routing[0].when.budget_below_percent.budget"), "{e}");
        let e = err(r#"{"budgets":[{"name":"a","window":{"seconds":0},"limit":{"tokens":1},"kind":"hard"}]}"#);
        assert!(e.contains("budgets[0].window"), "{e}");
        // Found by the fuzzer: an empty key at the root gave an empty field name.
        let e = err(r#"{"": 1}"#);
        assert!(e.starts_with("invalid configuration at `(root)`"), "{e}");
    }

    #[test]
    fn a_full_config_compiles() -> Result<(), ConfigError> {
        let p = Policy::from_json(
            r#"{"default_max_output_tokens":256,"budgets":[
              {"name":"s","scope":[{"header":"x-session-id"}],"window":{"session_idle_seconds":600},"limit":{"usd":"0.02"},"kind":"hard"},
              {"name":"u","scope":[{"header":"x-user-id"},"model"],"window":"day","limit":{"usd":1.5},"kind":"soft"},
              {"name":"j","scope":[{"property":["metadata","filter_metadata","jwt","sub"]}],"window":{"seconds":5},"limit":{"tokens":10},"kind":"hard","on_missing":"shared"}],
             "routing":[{"when":{"model":["fast"]},"model":"gpt-4o-mini"}],
             "encodings":{"my-":"cl100k_base"}}"#,
        )?;
        assert_eq!(p.budgets.len(), 3);
        assert_eq!(p.budgets[0].limit, Limit::Nanos(20_000_000));
        assert_eq!(p.budgets[1].limit, Limit::Nanos(1_500_000_000));
        assert_eq!(p.budgets[0].on_missing, OnMissing::Reject);
        assert_eq!(p.budgets[1].on_missing, OnMissing::Skip);
        assert_eq!(p.encoding_for("my-model"), Encoding::Cl100kBase);
        Ok(())
    }
}
