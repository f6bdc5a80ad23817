//! Runaway-agent guards: sessions (given or derived), iteration caps, near-duplicate and
//! cyclic turns, stalls, context limits and spend circuit breakers. Configuration types,
//! their compiled form, and the checks the engine calls. Every termination says why, with
//! evidence. Pure: state only through the `SharedStore` trait; time comes in as `now`.

pub mod breaker;
pub mod fingerprint;
pub mod session;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use self::breaker::{Breaker, Thresholds, Trip};
use self::session::{Detectors, Findings, Session, TurnFacts};
use crate::api::Turn;
use crate::attributes::Attributes;
use crate::reply::ErrorCode;
use crate::store::SharedStore;
use crate::table::{Table, TableError};
use crate::vocab::{ConfigError, Kind, ScopeAttr, thousandths};
use crate::windows;

// ---------------------------------------------------------------------------
// Configuration as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionsFile {
    /// Attributes that name a session, e.g. `[{"header": "x-session-id"}]`.
    #[serde(default = "default_session_key")]
    pub key: Vec<ScopeAttr>,
    /// Derive a session id when the client sends none: from `derive_scope` (e.g. the
    /// user) plus a hash of the system prompt and the first user message.
    #[serde(default)]
    pub derive: bool,
    #[serde(default)]
    pub derive_scope: Vec<ScopeAttr>,
    #[serde(default = "default_idle")]
    pub idle_seconds: u64,
    #[serde(default = "default_session_slots")]
    pub slots: u32,
}

fn default_session_key() -> Vec<ScopeAttr> {
    vec![ScopeAttr::Header("x-session-id".into())]
}
fn default_idle() -> u64 {
    1800
}
fn default_session_slots() -> u32 {
    16_384
}

/// Whether a guard acts on what it finds (`enforce`) or only reports what it would have
/// done (`shadow`: a metric, a log line, an alert and an `x-tollgate-shadow` response
/// header; the request goes through unchanged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Enforce,
    Shadow,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    #[serde(default)]
    pub soft: Option<u32>,
    #[serde(default)]
    pub hard: Option<u32>,
    #[serde(default)]
    pub mode: Option<Mode>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NearDuplicateFile {
    /// Decimal text, e.g. "0.9".
    #[serde(default)]
    pub similarity: Option<Box<RawValue>>,
    #[serde(default = "three")]
    pub turns: u32,
    #[serde(default = "soft")]
    pub kind: Kind,
    #[serde(default)]
    pub mode: Option<Mode>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CyclesFile {
    #[serde(default = "six")]
    pub max_period: u32,
    #[serde(default = "three")]
    pub repeats: u32,
    #[serde(default = "soft")]
    pub kind: Kind,
    #[serde(default)]
    pub mode: Option<Mode>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StallFile {
    #[serde(default = "three")]
    pub same_tool_result: u32,
    #[serde(default = "five")]
    pub growth_turns: u32,
    #[serde(default)]
    pub novelty_similarity: Option<Box<RawValue>>,
    /// The same failure this many times within the last `failure_window` turns with tool
    /// results (0 turns it off).
    #[serde(default = "four")]
    pub failure_repeats: u32,
    #[serde(default = "eight")]
    pub failure_window: u32,
    #[serde(default = "soft")]
    pub kind: Kind,
    #[serde(default)]
    pub mode: Option<Mode>,
}

fn three() -> u32 {
    3
}
fn four() -> u32 {
    4
}
fn five() -> u32 {
    5
}
fn six() -> u32 {
    6
}
fn eight() -> u32 {
    8
}
/// Until the held-out false-positive rate is 0, the loop and stall detectors only warn
/// unless a configuration asks for `"kind": "hard"` (see the README's guard section).
fn soft() -> Kind {
    Kind::Soft
}

/// The `loops` section. Serialised only to merge a profile over it (`profiles`).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoopsFile {
    /// `shadow` puts every guard in shadow mode: the session guards (iterations, loops,
    /// stalls), the context checks (`context.mode`) and the breakers; a guard's own `mode`
    /// overrides it.
    #[serde(default)]
    pub mode: Option<Mode>,
    #[serde(default)]
    pub iterations: Option<Levels>,
    #[serde(default)]
    pub near_duplicate: Option<NearDuplicateFile>,
    #[serde(default)]
    pub cycles: Option<CyclesFile>,
    #[serde(default)]
    pub stall: Option<StallFile>,
    /// Per-feature (per-agent) settings, chosen per request by an attribute.
    #[serde(default, skip_serializing)]
    pub profiles: Option<ProfilesFile>,
}

/// `loops.profiles`: `by` names the attributes whose value picks a profile (several are
/// joined with `/`), `values` maps a value to any subset of the `loops` settings (modes,
/// kinds, thresholds; `null` turns a detector off), merged over the section's own. A
/// request whose value names no profile runs with the section's settings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilesFile {
    pub by: Vec<ScopeAttr>,
    pub values: BTreeMap<String, Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextFile {
    /// `shadow`: the window check, `max_input_tokens` and the growth alert only report
    /// what they would have done (default: `loops.mode`).
    #[serde(default)]
    pub mode: Option<Mode>,
    /// Reject a request whose input plus output cap exceeds the model's context window.
    #[serde(default = "yes")]
    pub enforce_window: bool,
    /// Hard cap on the input tokens of any one request in a session.
    #[serde(default)]
    pub max_input_tokens: Option<u64>,
    /// Warn when a session's prompt grows by more than this many tokens in one turn.
    #[serde(default)]
    pub growth_alert_tokens: Option<u64>,
    /// Opt-in sliding window (defeats the provider's prompt caching; see the README).
    #[serde(default)]
    pub trim: Option<TrimFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrimFile {
    /// Trim requests whose input is above this many tokens…
    pub above_tokens: u64,
    /// …down to this many (default: `above_tokens`).
    #[serde(default)]
    pub to_tokens: Option<u64>,
    /// Messages containing this text are never dropped.
    #[serde(default = "default_pin")]
    pub pin_marker: String,
}

fn default_pin() -> String {
    "[tollgate:pin]".into()
}

/// The compiled sliding window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrimWindow {
    pub above_tokens: u64,
    pub to_tokens: u64,
    pub pin_marker: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakerFile {
    pub name: String,
    #[serde(default)]
    pub scope: Vec<ScopeAttr>,
    /// A breaker per model too.
    #[serde(default)]
    pub per_model: bool,
    #[serde(default = "ten")]
    pub request_multiple: u64,
    #[serde(default = "three_u64")]
    pub rate_multiple: u64,
    #[serde(default = "nine_hundred")]
    pub window_seconds: u64,
    #[serde(default = "hour")]
    pub baseline_seconds: u64,
    #[serde(default = "twenty")]
    pub min_requests: u64,
    #[serde(default = "five_minutes")]
    pub cooldown_seconds: u64,
    #[serde(default = "breaker_slots")]
    pub slots: u32,
    /// Default: `loops.mode`.
    #[serde(default)]
    pub mode: Option<Mode>,
}

fn ten() -> u64 {
    10
}
fn three_u64() -> u64 {
    3
}
fn nine_hundred() -> u64 {
    900
}
fn hour() -> u64 {
    3600
}
fn twenty() -> u64 {
    20
}
fn five_minutes() -> u64 {
    300
}
fn breaker_slots() -> u32 {
    1024
}

// ---------------------------------------------------------------------------
// Compiled.

#[derive(Debug, Clone)]
pub struct SessionsConfig {
    pub key: Vec<ScopeAttr>,
    pub derive: bool,
    pub derive_scope: Vec<ScopeAttr>,
    pub idle_seconds: u64,
    table: Table,
}

#[derive(Debug, Clone)]
pub struct BreakerConfig {
    pub name: String,
    pub scope: Vec<ScopeAttr>,
    pub per_model: bool,
    pub thresholds: Thresholds,
    pub shadow: bool,
    table: Table,
}

#[derive(Debug, Clone)]
pub struct Guards {
    pub sessions: Option<SessionsConfig>,
    /// The `loops` section's own settings: a request that names no profile runs with them.
    pub loops: LoopGuards,
    pub profiles: Option<Profiles>,
    pub enforce_window: bool,
    pub max_input_tokens: Option<u64>,
    pub growth_alert_tokens: Option<u64>,
    /// The context checks (window, input cap, growth alert) only report (`context.mode`).
    pub context_shadow: bool,
    pub trim: Option<TrimWindow>,
    pub breakers: Vec<BreakerConfig>,
}

/// The session-guard settings one request runs with: the `loops` section's, or a
/// profile's merged over them (compiled once, at start).
#[derive(Debug, Clone)]
pub struct LoopGuards {
    /// The profile's name; `None` for the section's own settings.
    pub profile: Option<String>,
    pub iterations_soft: Option<u32>,
    pub iterations_hard: Option<u32>,
    pub detectors: Detectors,
    pub duplicate_kind: Kind,
    pub cycle_kind: Kind,
    pub stall_kind: Kind,
    /// Which session guards run in shadow mode.
    pub shadow: ShadowSet,
}

/// The compiled `loops.profiles`.
#[derive(Debug, Clone)]
pub struct Profiles {
    pub by: Vec<ScopeAttr>,
    pub values: BTreeMap<String, LoopGuards>,
}

/// The session guards in shadow mode: they report what they would have done, and the
/// request goes on unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShadowSet {
    pub iterations: bool,
    pub duplicate: bool,
    pub cycle: bool,
    pub stall: bool,
}

/// The deepest a profile's settings nest (`loops.profiles.values.<name>.<detector>.<field>`).
const PROFILE_DEPTH: usize = 4;

/// `patch` merged over `base`: objects member by member, anything else replaced.
fn merge(base: &mut Value, patch: &Value, depth: usize) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) if depth > 0 => {
            for (k, v) in p {
                match b.get_mut(k) {
                    Some(slot) => merge(slot, v, depth - 1),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn err(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError::Field {
        path: path.into(),
        message: message.into(),
    }
}

/// "0.9" -> 900 (thousandths), within 0..=1.
fn parse_share(raw: Option<&RawValue>, default: u64, path: &str) -> Result<u64, ConfigError> {
    let Some(raw) = raw else { return Ok(default) };
    let text = raw.get().trim().trim_matches('"');
    thousandths(text).filter(|v| *v <= 1000).ok_or_else(|| {
        err(
            path,
            format!("`{text}` is not a decimal between 0 and 1 with at most 3 decimals"),
        )
    })
}

impl Guards {
    pub fn compile(
        sessions: Option<SessionsFile>,
        loops: Option<LoopsFile>,
        context: Option<ContextFile>,
        breakers: Vec<BreakerFile>,
    ) -> Result<Guards, ConfigError> {
        let sessions = match sessions {
            None => None,
            Some(s) => {
                if s.idle_seconds == 0 {
                    return Err(err("sessions.idle_seconds", "must be at least 1"));
                }
                if s.slots == 0 || s.slots > 1 << 22 {
                    return Err(err("sessions.slots", "must be between 1 and 4194304"));
                }
                if s.key.is_empty() && !s.derive {
                    return Err(err("sessions.key", "needs at least one attribute, or `derive: true`"));
                }
                Some(SessionsConfig {
                    key: s.key,
                    derive: s.derive,
                    derive_scope: s.derive_scope,
                    idle_seconds: s.idle_seconds,
                    // v3: the session record changed (recent answers, a Bloom filter of the
                    // previous lines); records of an older layout are never read as new.
                    // v13: the id the user's last message named first (`asked_item`).
                    table: Table::new("tollgate/v15/s/", s.slots, 2).two_choices().evicting(),
                })
            }
        };
        // With sessions, loop detection is on with defaults unless configured.
        // Safe defaults: the detectors warn (soft) unless a configuration says "hard".
        let mut loops = loops.unwrap_or_else(LoopsFile::soft_defaults);
        let global = loops.mode.unwrap_or_default();
        let base = LoopGuards::compile(&loops, None, "loops")?;
        let profiles = match loops.profiles.take() {
            None => None,
            Some(p) => Some(Profiles::compile(p, &loops)?),
        };
        let context = context.unwrap_or(ContextFile {
            mode: None,
            enforce_window: true,
            max_input_tokens: None,
            growth_alert_tokens: None,
            trim: None,
        });
        let trim = match context.trim {
            None => None,
            Some(t) => {
                let to = t.to_tokens.unwrap_or(t.above_tokens);
                if t.above_tokens == 0 || to == 0 || to > t.above_tokens {
                    return Err(err("context.trim.to_tokens", "needs 0 < to_tokens <= above_tokens"));
                }
                if t.pin_marker.is_empty() {
                    return Err(err("context.trim.pin_marker", "must not be empty"));
                }
                Some(TrimWindow {
                    above_tokens: t.above_tokens,
                    to_tokens: to,
                    pin_marker: t.pin_marker,
                })
            }
        };
        let mut compiled = Vec::new();
        for (i, b) in breakers.into_iter().enumerate() {
            let at = |f: &str| format!("breakers[{i}].{f}");
            if b.name.is_empty() {
                return Err(err(at("name"), "must not be empty"));
            }
            if b.window_seconds < 60 || b.baseline_seconds <= b.window_seconds || b.baseline_seconds > 63 * 60 {
                return Err(err(
                    at("baseline_seconds"),
                    "needs 60 <= window_seconds < baseline_seconds <= 3780",
                ));
            }
            if b.request_multiple < 2 || b.rate_multiple < 2 {
                return Err(err(at("request_multiple"), "multiples must be at least 2"));
            }
            compiled.push(BreakerConfig {
                table: Table::new(&format!("tollgate/v1/b{i}/"), b.slots.max(1), 1),
                name: b.name,
                scope: b.scope,
                per_model: b.per_model,
                shadow: b.mode.unwrap_or(global) == Mode::Shadow,
                thresholds: Thresholds {
                    request_multiple: b.request_multiple,
                    rate_multiple: b.rate_multiple,
                    window_minutes: b.window_seconds / 60,
                    baseline_minutes: b.baseline_seconds / 60,
                    min_requests: b.min_requests,
                    cooldown_seconds: b.cooldown_seconds,
                },
            });
        }
        Ok(Guards {
            sessions,
            loops: base,
            profiles,
            enforce_window: context.enforce_window,
            max_input_tokens: context.max_input_tokens,
            growth_alert_tokens: context.growth_alert_tokens,
            context_shadow: context.mode.unwrap_or(global) == Mode::Shadow,
            trim,
            breakers: compiled,
        })
    }
}

impl LoopsFile {
    /// The section a configuration with sessions and no `loops` gets: every detector on,
    /// warning only.
    fn soft_defaults() -> LoopsFile {
        LoopsFile {
            mode: None,
            iterations: None,
            near_duplicate: Some(NearDuplicateFile {
                similarity: None,
                turns: 3,
                kind: Kind::Soft,
                mode: None,
            }),
            cycles: Some(CyclesFile {
                max_period: 6,
                repeats: 3,
                kind: Kind::Soft,
                mode: None,
            }),
            stall: Some(StallFile {
                same_tool_result: 3,
                growth_turns: 5,
                novelty_similarity: None,
                failure_repeats: 4,
                failure_window: 8,
                kind: Kind::Soft,
                mode: None,
            }),
            profiles: None,
        }
    }
}

impl LoopGuards {
    /// Compiles a `loops` section (or a profile merged over one); `at` prefixes the
    /// fields an error names (`loops`, `loops.profiles.values.<name>`).
    fn compile(loops: &LoopsFile, profile: Option<String>, at: &str) -> Result<LoopGuards, ConfigError> {
        let field = |f: &str| format!("{at}.{f}");
        let global = loops.mode.unwrap_or_default();
        let shadow_of = |own: Option<Mode>| own.unwrap_or(global) == Mode::Shadow;
        let shadow = ShadowSet {
            iterations: shadow_of(loops.iterations.as_ref().and_then(|l| l.mode)),
            duplicate: shadow_of(loops.near_duplicate.as_ref().and_then(|d| d.mode)),
            cycle: shadow_of(loops.cycles.as_ref().and_then(|c| c.mode)),
            stall: shadow_of(loops.stall.as_ref().and_then(|s| s.mode)),
        };
        let (iterations_soft, iterations_hard) = match &loops.iterations {
            Some(l) => (l.soft, l.hard),
            None => (None, None),
        };
        let mut detectors = Detectors {
            similarity: 900,
            duplicate_turns: 0,
            cycle_max_period: 0,
            cycle_repeats: 0,
            same_result: 0,
            growth_turns: 0,
            novelty_similarity: 800,
            failure_repeats: 0,
            failure_window: 8,
        };
        let (mut duplicate_kind, mut cycle_kind, mut stall_kind) = (Kind::Soft, Kind::Soft, Kind::Soft);
        if let Some(d) = &loops.near_duplicate {
            detectors.similarity = parse_share(d.similarity.as_deref(), 900, &field("near_duplicate.similarity"))?;
            if d.turns < 2 {
                return Err(err(field("near_duplicate.turns"), "must be at least 2"));
            }
            detectors.duplicate_turns = d.turns;
            duplicate_kind = d.kind;
        }
        if let Some(c) = &loops.cycles {
            if !(2..=6).contains(&c.max_period) {
                return Err(err(field("cycles.max_period"), "must be between 2 and 6"));
            }
            if !(2..=6).contains(&c.repeats) {
                return Err(err(field("cycles.repeats"), "must be between 2 and 6"));
            }
            detectors.cycle_max_period = c.max_period;
            detectors.cycle_repeats = c.repeats;
            cycle_kind = c.kind;
        }
        if let Some(s) = &loops.stall {
            detectors.same_result = s.same_tool_result;
            detectors.growth_turns = s.growth_turns;
            detectors.novelty_similarity =
                parse_share(s.novelty_similarity.as_deref(), 800, &field("stall.novelty_similarity"))?;
            if !(1..=12).contains(&s.failure_window) || s.failure_repeats > s.failure_window {
                return Err(err(
                    field("stall.failure_window"),
                    "must be between 1 and 12, and at least failure_repeats",
                ));
            }
            detectors.failure_repeats = s.failure_repeats;
            detectors.failure_window = s.failure_window;
            stall_kind = s.kind;
        }
        if let (Some(soft), Some(hard)) = (iterations_soft, iterations_hard) {
            if soft >= hard {
                return Err(err(field("iterations.soft"), "must be below `hard`"));
            }
        }
        Ok(LoopGuards {
            profile,
            iterations_soft,
            iterations_hard,
            detectors,
            duplicate_kind,
            cycle_kind,
            stall_kind,
            shadow,
        })
    }
}

impl Profiles {
    /// Each profile merged over the section's settings and compiled, once.
    fn compile(file: ProfilesFile, base: &LoopsFile) -> Result<Profiles, ConfigError> {
        if file.by.is_empty() {
            return Err(err("loops.profiles.by", "needs at least one attribute"));
        }
        for (j, attr) in file.by.iter().enumerate() {
            let empty = match attr {
                ScopeAttr::Header(h) => h.is_empty(),
                ScopeAttr::Property(p) => p.is_empty(),
                ScopeAttr::Model => false,
                ScopeAttr::BodyUser => {
                    return Err(err(
                        format!("loops.profiles.by[{j}]"),
                        "`body_user` cannot pick a profile",
                    ));
                }
            };
            if empty {
                return Err(err(format!("loops.profiles.by[{j}]"), "must not be empty"));
            }
        }
        if file.values.is_empty() {
            return Err(err("loops.profiles.values", "needs at least one profile"));
        }
        let base = serde_json::to_value(base).map_err(|e| err("loops", e.to_string()))?;
        let mut values = BTreeMap::new();
        for (name, patch) in file.values {
            let at = format!("loops.profiles.values.{name}");
            if name.is_empty() || name.len() > 64 {
                return Err(err(at, "a profile's name must be 1-64 characters"));
            }
            if !patch.is_object() {
                return Err(err(at, "must be an object of `loops` settings"));
            }
            if patch.get("profiles").is_some() {
                return Err(err(format!("{at}.profiles"), "profiles do not nest"));
            }
            let mut merged = base.clone();
            merge(&mut merged, &patch, PROFILE_DEPTH);
            // Read back as a `loops` section: the same field names, types and limits.
            let text = merged.to_string();
            let mut de = serde_json::Deserializer::from_str(&text);
            let file: LoopsFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let path = e.path().to_string();
                let path = if path == "." || path.is_empty() {
                    at.clone()
                } else {
                    format!("{at}.{path}")
                };
                err(path, e.inner().to_string())
            })?;
            let compiled = LoopGuards::compile(&file, Some(name.clone()), &at)?;
            values.insert(name, compiled);
        }
        Ok(Profiles { by: file.by, values })
    }
}

// ---------------------------------------------------------------------------
// Checks.

/// A session this request belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionId {
    pub id: String,
    pub derived: bool,
}

/// Why a guard stops (or warns about) a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Termination {
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
    pub soft: bool,
    /// Found by a guard in shadow mode: reported, never acted on.
    pub shadow: bool,
}

/// What the session guards found for one request.
#[derive(Debug, Clone, Default)]
pub struct SessionReport {
    pub stop: Option<Termination>,
    pub warnings: Vec<Termination>,
    /// What guards in shadow mode would have done (`soft` false: would have stopped).
    pub shadow: Vec<Termination>,
    pub findings: Findings,
    /// The session record as read and as this turn left it, so that recording the turn
    /// does not run the detectors again when the record has not changed since.
    pub observed: Option<Observed>,
}

/// A session record before and after one turn was observed on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    before: Session,
    after: Session,
}

fn attr_value(attr: &ScopeAttr, attrs: &dyn Attributes, model: &str) -> Option<String> {
    match attr {
        ScopeAttr::Header(name) => attrs.header(name),
        ScopeAttr::Property(path) => attrs.property(path),
        ScopeAttr::Model => Some(model.to_string()),
        ScopeAttr::BodyUser => None,
    }
    .filter(|v| !v.is_empty())
}

fn session_key(session: &SessionId) -> String {
    format!("s\u{1f}{}", session.id)
}

fn turn_facts(turn: &Turn, input_tokens: u64) -> TurnFacts {
    TurnFacts {
        new_text: turn.new_text.clone(),
        tool_calls: turn.tool_calls.clone(),
        tool_results: turn.tool_results.clone(),
        assistant_text: turn.assistant_text.clone(),
        input_tokens,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Guards {
    /// The session-guard settings of a request: the profile its attributes name, else the
    /// `loops` section's own (a lookup; nothing is merged per request).
    pub fn loops_for(&self, attrs: &dyn Attributes, model: &str) -> &LoopGuards {
        let Some(p) = &self.profiles else {
            return &self.loops;
        };
        let found = match p.by.as_slice() {
            [one] => attr_value(one, attrs, model).and_then(|v| p.values.get(&v)),
            many => {
                let values: Option<Vec<String>> = many.iter().map(|a| attr_value(a, attrs, model)).collect();
                values.and_then(|v| p.values.get(&v.join("/")))
            }
        };
        found.unwrap_or(&self.loops)
    }

    /// The settings of a profile named by [`loops_for`](Self::loops_for) (`None`: the
    /// section's own).
    pub fn profile(&self, name: Option<&str>) -> &LoopGuards {
        name.and_then(|n| self.profiles.as_ref()?.values.get(n))
            .unwrap_or(&self.loops)
    }

    /// The session of a request: the configured key, or a derived id.
    pub fn session_id(&self, attrs: &dyn Attributes, model: &str, turn: &Turn) -> Option<SessionId> {
        let s = self.sessions.as_ref()?;
        let given: Option<Vec<String>> = s.key.iter().map(|a| attr_value(a, attrs, model)).collect();
        if let Some(values) = given.filter(|v| !v.is_empty()) {
            return Some(SessionId {
                id: values.join("\u{1f}"),
                derived: false,
            });
        }
        if !s.derive || turn.session_seed.is_empty() {
            return None;
        }
        let mut h = Sha256::new();
        for a in &s.derive_scope {
            h.update(attr_value(a, attrs, model).unwrap_or_default().as_bytes());
            h.update([0x1f]);
        }
        h.update(turn.session_seed.as_bytes());
        let digest = h.finalize();
        Some(SessionId {
            id: format!("derived-{}", hex(digest.get(..8).unwrap_or_default())),
            derived: true,
        })
    }

    /// Records this turn in the session (once its verdict is known: the request was
    /// admitted, or a session guard stopped it).
    #[allow(clippy::too_many_arguments)]
    pub fn record_session(
        &self,
        store: &dyn SharedStore,
        session: &SessionId,
        turn: &Turn,
        input_tokens: u64,
        now: u64,
        observed: Option<&Observed>,
        loops: &LoopGuards,
    ) -> Result<(), TableError> {
        let Some(s) = &self.sessions else {
            return Ok(());
        };
        let facts = turn_facts(turn, input_tokens);
        s.table
            .update::<Session, _>(store, &session_key(session), now, true, |rec| {
                // The record the check observed, unchanged since: the same turn on the same
                // record at the same time leaves the same record (`observe` is a function
                // of them), so it is written without running the detectors again.
                match observed {
                    Some(o) if *rec == o.before => *rec = o.after.clone(),
                    _ => {
                        rec.observe(&facts, &loops.detectors, now, s.idle_seconds);
                    }
                }
            })?;
        Ok(())
    }

    /// Runs the detectors on this turn as if it were recorded; changes nothing (see
    /// [`record_session`](Self::record_session)).
    pub fn check_session(
        &self,
        store: &dyn SharedStore,
        session: &SessionId,
        turn: &Turn,
        input_tokens: u64,
        now: u64,
        loops: &LoopGuards,
    ) -> Result<SessionReport, TableError> {
        let Some(s) = &self.sessions else {
            return Ok(SessionReport::default());
        };
        let facts = turn_facts(turn, input_tokens);
        let key = session_key(session);
        let mut record = s
            .table
            .read::<Session>(store, &key)?
            .unwrap_or_else(|| <Session as crate::table::Record>::fresh(crate::table::digest_of(&key), now));
        let before = record.clone();
        let findings = record.observe(&facts, &loops.detectors, now, s.idle_seconds);
        let mut report = SessionReport {
            findings: findings.clone(),
            observed: Some(Observed { before, after: record }),
            ..SessionReport::default()
        };
        let sid = &session.id;
        let push = |mut t: Termination, (kind, shadow): (Kind, bool), report: &mut SessionReport| {
            // Every finding names the profile it was judged with.
            if let (Some(name), Some(d)) = (&loops.profile, t.details.as_object_mut()) {
                d.insert("profile".into(), json!(name));
            }
            if shadow {
                report.shadow.push(Termination {
                    soft: kind == Kind::Soft,
                    shadow: true,
                    ..t
                });
            } else if kind == Kind::Hard && report.stop.is_none() {
                report.stop = Some(t);
            } else {
                report.warnings.push(Termination { soft: true, ..t });
            }
        };
        if let Some(hard) = loops.iterations_hard.filter(|h| findings.turn > *h) {
            push(
                Termination {
                    code: ErrorCode::IterationLimit,
                    message: format!(
                        "tollgate: session `{sid}` reached its iteration limit: this is call {} of at most {hard}; start a new session or raise loops.iterations.hard",
                        findings.turn
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "limit": hard}),
                    soft: false,
                    shadow: false,
                },
                (Kind::Hard, loops.shadow.iterations),
                &mut report,
            );
        } else if let Some(soft) = loops.iterations_soft.filter(|s| findings.turn > *s) {
            push(
                Termination {
                    code: ErrorCode::IterationLimit,
                    message: format!(
                        "session {sid}: call {} is over the soft iteration limit {soft}",
                        findings.turn
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "limit": soft}),
                    soft: true,
                    shadow: false,
                },
                (Kind::Soft, loops.shadow.iterations),
                &mut report,
            );
        }
        if let Some((similarity, turns)) = findings.duplicate {
            push(
                Termination {
                    code: ErrorCode::LoopDetected,
                    message: format!(
                        "tollgate: loop detected in session `{sid}`: {turns} turns in a row are near-identical (similarity {}.{:03}); the agent is repeating itself — change the approach, ask the user, or start a new session",
                        similarity / 1000,
                        similarity % 1000
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "detector": "near_duplicate", "similarity": format!("{}.{:03}", similarity / 1000, similarity % 1000), "repeated_turns": turns}),
                    soft: false,
                    shadow: false,
                },
                (loops.duplicate_kind, loops.shadow.duplicate),
                &mut report,
            );
        }
        if let Some((times, window)) = findings.repeated_answer {
            push(
                Termination {
                    code: ErrorCode::LoopDetected,
                    message: format!(
                        "tollgate: loop detected in session `{sid}`: the assistant repeated one of its recent answers (near-identical, or the same figures reworded) in {times} of its last {window} turns, whatever was asked; change the approach, ask the user, or start a new session"
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "detector": "repeated_answer", "times": times, "window": window}),
                    soft: false,
                    shadow: false,
                },
                (loops.duplicate_kind, loops.shadow.duplicate),
                &mut report,
            );
        }
        if let Some((period, repeats)) = findings.exchange_cycle {
            push(
                Termination {
                    code: ErrorCode::LoopDetected,
                    message: format!(
                        "tollgate: loop detected in session `{sid}`: the same {period} messages get the same {period} answers, in a cycle repeated {repeats} times; change the request or start a new session"
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "detector": "exchange_cycle", "period": period, "repeats": repeats}),
                    soft: false,
                    shadow: false,
                },
                (loops.cycle_kind, loops.shadow.cycle),
                &mut report,
            );
        }
        if let Some((period, repeats)) = findings.cycle {
            push(
                Termination {
                    code: ErrorCode::LoopDetected,
                    message: format!(
                        "tollgate: loop detected in session `{sid}`: the same {period} tool calls repeat in a cycle {repeats} times; break the cycle or start a new session"
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "detector": "tool_cycle", "period": period, "repeats": repeats}),
                    soft: false,
                    shadow: false,
                },
                (loops.cycle_kind, loops.shadow.cycle),
                &mut report,
            );
        }
        if let Some(times) = findings.same_result {
            push(
                Termination {
                    code: ErrorCode::ProgressStalled,
                    message: format!(
                        "tollgate: progress stalled in session `{sid}`: the same tool result came back {times} times in a row; the agent is not making progress — fix the cause or stop"
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "detector": "same_tool_result", "repeated": times}),
                    soft: false,
                    shadow: false,
                },
                (loops.stall_kind, loops.shadow.stall),
                &mut report,
            );
        }
        if let Some((times, window, line)) = &findings.repeated_failure {
            push(
                Termination {
                    code: ErrorCode::ProgressStalled,
                    message: format!(
                        "tollgate: progress stalled in session `{sid}`: the same failure came back {times} times in the last {window} tool turns while the attempts varied (`{line}`); fix the cause or stop"
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "detector": "repeated_failure", "times": times, "window": window, "failure": line}),
                    soft: false,
                    shadow: false,
                },
                (loops.stall_kind, loops.shadow.stall),
                &mut report,
            );
        }
        if let Some(turns) = findings.growth_stall {
            push(
                Termination {
                    code: ErrorCode::ProgressStalled,
                    message: format!(
                        "tollgate: progress stalled in session `{sid}`: the prompt grew for {turns} turns while the tool results (or, without tools, the pasted text) brought nothing new ({} tokens now); summarise or stop",
                        input_tokens
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "detector": "context_growth_without_progress", "turns": turns, "input_tokens": input_tokens}),
                    soft: false,
                    shadow: false,
                },
                (loops.stall_kind, loops.shadow.stall),
                &mut report,
            );
        }
        if let Some(limit) = self.max_input_tokens.filter(|l| input_tokens > *l) {
            push(
                Termination {
                    code: ErrorCode::ContextLimit,
                    message: format!(
                        "tollgate: session `{sid}` sends {input_tokens} input tokens in one request, above the cap of {limit}; trim or summarise the context"
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "input_tokens": input_tokens, "limit": limit}),
                    soft: false,
                    shadow: false,
                },
                (Kind::Hard, self.context_shadow),
                &mut report,
            );
        }
        if let Some(alert) = self
            .growth_alert_tokens
            .filter(|a| findings.turn > 1 && findings.growth > *a)
        {
            push(
                Termination {
                    code: ErrorCode::ContextLimit,
                    message: format!(
                        "session {sid}: context grew by {} tokens in one turn (alert above {alert})",
                        findings.growth
                    ),
                    details: json!({"session": sid, "turn": findings.turn, "growth": findings.growth, "alert": alert}),
                    soft: true,
                    shadow: false,
                },
                (Kind::Soft, self.context_shadow),
                &mut report,
            );
        }
        Ok(report)
    }

    /// The breaker keys that apply to a request.
    pub fn breaker_keys(&self, attrs: &dyn Attributes, model: &str) -> Vec<(usize, String)> {
        let mut keys = Vec::new();
        for (i, b) in self.breakers.iter().enumerate() {
            let values: Option<Vec<String>> = b.scope.iter().map(|a| attr_value(a, attrs, model)).collect();
            let Some(mut values) = values else { continue };
            if b.per_model {
                values.push(model.to_string());
            }
            keys.push((i, values.join("\u{1f}")));
        }
        keys
    }

    /// Checks (and records) a request of reserved cost `cost` against its breakers.
    pub fn check_breakers(
        &self,
        store: &dyn SharedStore,
        keys: &[(usize, String)],
        cost: u64,
        now: u64,
    ) -> Result<Option<Termination>, TableError> {
        for (i, key) in keys {
            let Some(b) = self.breakers.get(*i) else { continue };
            let trip = b
                .table
                .update::<Breaker, _>(store, key, now, true, |rec| rec.check(cost, &b.thresholds, now))?
                .flatten();
            let Some(trip) = trip else { continue };
            let shown = key.replace('\u{1f}', "/");
            let (why, evidence, until) = match trip {
                Trip::Open { until, reason } => (
                    reason.describe().to_string(),
                    json!({"opened_for": reason.name()}),
                    until,
                ),
                Trip::Request { cost, baseline_average } => (
                    format!(
                        "this request's worst-case cost (${}) is over {}x the baseline average (${})",
                        crate::money::format_nanos_usd(cost),
                        b.thresholds.request_multiple,
                        crate::money::format_nanos_usd(baseline_average)
                    ),
                    json!({"trigger": "request_cost", "cost_usd": crate::money::format_nanos_usd(cost), "baseline_average_usd": crate::money::format_nanos_usd(baseline_average), "multiple": b.thresholds.request_multiple}),
                    now + b.thresholds.cooldown_seconds,
                ),
                Trip::Rate {
                    recent_per_minute,
                    baseline_per_minute,
                } => (
                    format!(
                        "recent spend (${}/min) is over {}x the baseline (${}/min)",
                        crate::money::format_nanos_usd(recent_per_minute),
                        b.thresholds.rate_multiple,
                        crate::money::format_nanos_usd(baseline_per_minute)
                    ),
                    json!({"trigger": "spend_rate", "recent_usd_per_minute": crate::money::format_nanos_usd(recent_per_minute), "baseline_usd_per_minute": crate::money::format_nanos_usd(baseline_per_minute), "multiple": b.thresholds.rate_multiple}),
                    now + b.thresholds.cooldown_seconds,
                ),
            };
            return Ok(Some(Termination {
                code: ErrorCode::CircuitOpen,
                message: format!(
                    "tollgate: circuit `{}` for `{shown}` is open: {why}; it closes at {} or when an operator resets it",
                    b.name,
                    windows::rfc3339(until)
                ),
                details: json!({"breaker": b.name, "key": shown, "evidence": evidence, "closes_at": windows::rfc3339(until)}),
                soft: false,
                shadow: b.shadow,
            }));
        }
        Ok(None)
    }

    /// Counts an admitted request's worst-case cost in its breakers' baselines (after the
    /// verdict: a request refused later never inflates them).
    pub fn record_breakers(
        &self,
        store: &dyn SharedStore,
        keys: &[(usize, String)],
        cost: u64,
        now: u64,
    ) -> Result<(), TableError> {
        self.update_breakers(store, keys, now, true, |rec| rec.record(cost, now))
    }

    /// Adds settled spend to the request's breakers.
    pub fn settle_breakers(
        &self,
        store: &dyn SharedStore,
        keys: &[(usize, String)],
        nanos: u64,
        now: u64,
    ) -> Result<(), TableError> {
        self.update_breakers(store, keys, now, false, |rec| rec.spend(nanos, now))
    }

    /// Runs `change` on each of the request's breaker records (created when `create`).
    fn update_breakers(
        &self,
        store: &dyn SharedStore,
        keys: &[(usize, String)],
        now: u64,
        create: bool,
        mut change: impl FnMut(&mut Breaker),
    ) -> Result<(), TableError> {
        for (i, key) in keys {
            if let Some(b) = self.breakers.get(*i) {
                b.table.update::<Breaker, _>(store, key, now, create, &mut change)?;
            }
        }
        Ok(())
    }

    /// Closes a breaker (operator reset). Returns whether it existed.
    pub fn reset_breaker(&self, store: &dyn SharedStore, name: &str, key: &str, now: u64) -> Result<bool, TableError> {
        let Some(b) = self.breakers.iter().find(|b| b.name == name) else {
            return Ok(false);
        };
        Ok(b.table
            .update::<Breaker, _>(store, key, now, false, |rec| rec.reset())?
            .is_some())
    }
}
