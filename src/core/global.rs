//! Global budgets: the `global` block of the configuration, and the filter's side of the
//! quota service's wire contract (`docs/quota-api.md`): the reserve call a request asks
//! for, the answer as it came back, and the settle and release calls that follow.
//! Pure data and JSON (serde): sends nothing, reads no clock; the flow turns these into
//! `Effect::Call`s and the adapter makes the calls.

use serde::{Deserialize, Serialize};

use crate::config::{ConfigError, WindowFile, field_error};

/// The `global` block as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalFile {
    /// The Envoy cluster of the quota service (defined in Envoy's configuration).
    pub cluster: String,
    /// The `:authority` to send (default: the cluster name).
    #[serde(default)]
    pub authority: Option<String>,
    /// The bearer token the service expects.
    pub token: String,
    /// How long a reserve call may take before the failure policy applies.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// A reserve that got no answer is sent once more this many times (reserve is
    /// idempotent by reservation id, so a retry never holds twice).
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Leases: a reserve holds `percent` of the limit more than its request needs, and
    /// this VM admits later requests against it for `seconds` without a call.
    #[serde(default)]
    pub lease: Option<LeaseFile>,
    /// How long a global hold lives in Redis if it is never settled (an Envoy killed
    /// mid-request): the longest request this filter expects.
    #[serde(default = "default_hold_seconds")]
    pub hold_seconds: u64,
    /// A settle or release is sent at most this many times (waiting 200 ms, doubling up
    /// to 10 s, between attempts) before it is counted as lost (its hold then expires in
    /// Redis and its usage is not charged).
    #[serde(default = "default_settle_attempts")]
    pub settle_attempts: u32,
}

/// `global.lease` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaseFile {
    /// A lease's size, in percent of each hard budget's limit (1 to 50).
    pub percent: u64,
    /// How long a lease admits requests (1 to 300 seconds).
    pub seconds: u64,
}

/// A compiled `global.lease`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub percent: u64,
    pub seconds: u64,
}

fn default_timeout_ms() -> u64 {
    500
}
fn default_retries() -> u32 {
    1
}
fn default_hold_seconds() -> u64 {
    900
}
fn default_settle_attempts() -> u32 {
    10
}

/// The compiled `global` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Global {
    pub cluster: String,
    pub authority: String,
    pub token: String,
    pub timeout_ms: u64,
    pub retries: u32,
    pub hold_seconds: u64,
    pub settle_attempts: u32,
    pub lease: Option<Lease>,
}

impl Global {
    pub fn compile(file: Option<GlobalFile>) -> Result<Option<Global>, ConfigError> {
        let Some(f) = file else {
            return Ok(None);
        };
        if f.cluster.is_empty() {
            return Err(field_error("global.cluster", "must name an Envoy cluster"));
        }
        if f.token.is_empty() || !f.token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(field_error("global.token", "must be printable ASCII without spaces"));
        }
        if !(1..=60_000).contains(&f.timeout_ms) {
            return Err(field_error("global.timeout_ms", "must be between 1 and 60000"));
        }
        if f.retries > 3 {
            return Err(field_error("global.retries", "must be at most 3"));
        }
        if !(1..=86_400).contains(&f.hold_seconds) {
            return Err(field_error("global.hold_seconds", "must be between 1 and 86400"));
        }
        if !(1..=20).contains(&f.settle_attempts) {
            return Err(field_error("global.settle_attempts", "must be between 1 and 20"));
        }
        let lease = match f.lease {
            None => None,
            Some(l) if !(1..=50).contains(&l.percent) => {
                return Err(field_error("global.lease.percent", "must be between 1 and 50"));
            }
            Some(l) if !(1..=300).contains(&l.seconds) => {
                return Err(field_error("global.lease.seconds", "must be between 1 and 300"));
            }
            Some(l) if l.seconds >= f.hold_seconds => {
                return Err(field_error(
                    "global.lease.seconds",
                    "must be shorter than global.hold_seconds (the lease's hold must outlive it)",
                ));
            }
            Some(l) => Some(Lease {
                percent: l.percent,
                seconds: l.seconds,
            }),
        };
        Ok(Some(Global {
            lease,
            authority: f.authority.unwrap_or_else(|| f.cluster.clone()),
            cluster: f.cluster,
            token: f.token,
            timeout_ms: f.timeout_ms,
            retries: f.retries,
            hold_seconds: f.hold_seconds,
            settle_attempts: f.settle_attempts,
        }))
    }

    /// The headers of a call to `path`.
    pub fn request_headers(&self, path: &str) -> Vec<(String, String)> {
        vec![
            (":method".into(), "POST".into()),
            (":path".into(), path.into()),
            (":authority".into(), self.authority.clone()),
            ("content-type".into(), "application/json".into()),
            ("authorization".into(), format!("Bearer {}", self.token)),
            // Envoy itself retries a call whose replica failed (after a backoff of 25 ms
            // doubling to 250 ms): every call is idempotent (reserve and settle by id). Ten
            // retries, not three: a retry is not steered away from the host that failed, and
            // on a loaded Envoy a dead replica keeps being picked until its ejection reaches
            // every worker (measured: 3 retries lost calls under load when one of two
            // replicas was killed; the call's timeout still bounds the whole).
            (
                "x-envoy-retry-on".into(),
                "connect-failure,refused-stream,reset,5xx".into(),
            ),
            ("x-envoy-max-retries".into(), "10".into()),
        ]
    }
}

/// Where a budget's counters live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BudgetStore {
    /// This Envoy's shared data (per Envoy process).
    #[default]
    Local,
    /// The quota service (one counter across every Envoy), and what to do without it.
    Global(OnUnavailable),
}

impl BudgetStore {
    pub fn is_global(self) -> bool {
        matches!(self, BudgetStore::Global(_))
    }
}

/// A global budget's failure policy: what a request gets when the quota service does
/// not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnUnavailable {
    /// Refuse with a provider-shaped 503: no spend the budget cannot see.
    Closed,
    /// Admit, counted in a metric and a warning header: the budget is not enforced.
    Open,
    /// Enforce this percentage of the limit in this Envoy's shared data until the
    /// service is back.
    Local { share_percent: u64 },
}

/// `"store"` as written.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StoreFile {
    #[default]
    Local,
    Global,
}

/// `"on_unavailable"` as written.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnUnavailableFile {
    #[default]
    Closed,
    Open,
    Local,
}

/// Compiles a budget's `store`, `on_unavailable` and `local_share_percent` (`at` names
/// the budget's fields in errors).
pub fn compile_store(
    store: StoreFile,
    on_unavailable: Option<OnUnavailableFile>,
    share: Option<u64>,
    window_is_request: bool,
    have_global: bool,
    at: &dyn Fn(&str) -> String,
) -> Result<BudgetStore, ConfigError> {
    match store {
        StoreFile::Local => {
            if on_unavailable.is_some() || share.is_some() {
                return Err(field_error(
                    at("on_unavailable"),
                    "only a budget with \"store\": \"global\" has a failure policy",
                ));
            }
            Ok(BudgetStore::Local)
        }
        StoreFile::Global => {
            if !have_global {
                return Err(field_error(
                    at("store"),
                    "a global budget needs the top-level `global` block (the quota service's cluster)",
                ));
            }
            if window_is_request {
                return Err(field_error(
                    at("store"),
                    "a per-request budget has no counter to share; use a window",
                ));
            }
            let policy = match (on_unavailable.unwrap_or_default(), share) {
                (OnUnavailableFile::Local, Some(p)) if (1..=100).contains(&p) => {
                    OnUnavailable::Local { share_percent: p }
                }
                (OnUnavailableFile::Local, _) => {
                    return Err(field_error(
                        at("local_share_percent"),
                        "\"on_unavailable\": \"local\" needs a share of the limit between 1 and 100",
                    ));
                }
                (_, Some(_)) => {
                    return Err(field_error(
                        at("local_share_percent"),
                        "only \"on_unavailable\": \"local\" takes a share",
                    ));
                }
                (OnUnavailableFile::Closed, None) => OnUnavailable::Closed,
                (OnUnavailableFile::Open, None) => OnUnavailable::Open,
            };
            Ok(BudgetStore::Global(policy))
        }
    }
}

// ---------------------------------------------------------------------------
// The wire contract.

pub const RESERVE_PATH: &str = "/v1/reserve";
pub const SETTLE_PATH: &str = "/v1/settle";
pub const RELEASE_PATH: &str = "/v1/release";
pub const READOUT_PATH: &str = "/v1/readout";

/// One budget of a reserve call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskBudget {
    /// The budget's index in the policy (not sent).
    #[serde(skip)]
    pub budget: usize,
    pub counter: String,
    pub window: WindowFile,
    pub limit: u64,
    /// The request's amount plus `extra`.
    pub amount: u64,
    /// The lease's room beyond the request (not sent: part of `amount`).
    #[serde(skip)]
    pub extra: u64,
}

/// What an admission needs from the quota service before it can decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlobalAsk {
    pub id: String,
    pub hold_seconds: u64,
    pub budgets: Vec<AskBudget>,
}

impl GlobalAsk {
    pub fn body(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Whether it asks for a lease's room beyond the request.
    pub fn has_extra(&self) -> bool {
        self.budgets.iter().any(|b| b.extra > 0)
    }

    /// The same ask for the request alone (a lease refused near the limit), under a new id.
    pub fn without_extra(&self) -> GlobalAsk {
        let mut ask = self.without_extra_same_id();
        ask.id.push_str(".r");
        ask
    }

    /// The same ask for the request alone.
    pub fn without_extra_same_id(&self) -> GlobalAsk {
        let mut ask = self.clone();
        for b in &mut ask.budgets {
            b.amount = b.amount.saturating_sub(b.extra);
            b.extra = 0;
        }
        ask
    }
}

/// One budget's state in a reserve answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct SlotState {
    pub slot: String,
    pub admitted: bool,
    pub limit: u64,
    pub used: u64,
    pub held: u64,
    pub reset_at: u64,
}

/// A reserve answer as the service sent it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Reserved {
    pub id: String,
    pub admitted: bool,
    #[serde(default)]
    pub refused_by: Option<usize>,
    pub budgets: Vec<SlotState>,
}

/// What came back for a reserve call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalAnswer {
    Reserved(Reserved),
    /// No answer, an error status, or an answer that does not fit the ask: the failure
    /// policies apply. The text says which.
    Unavailable(String),
}

impl GlobalAnswer {
    /// Reads a reserve answer: `status` is `None` when the call got no response
    /// (timeout, connection refused).
    pub fn read(ask: &GlobalAsk, status: Option<u32>, body: &[u8]) -> GlobalAnswer {
        match status {
            None => {
                GlobalAnswer::Unavailable("no response from the quota service (timeout or connection failure)".into())
            }
            Some(200) => match serde_json::from_slice::<Reserved>(body) {
                Ok(r) if r.id == ask.id && r.budgets.len() == ask.budgets.len() => GlobalAnswer::Reserved(r),
                Ok(_) => GlobalAnswer::Unavailable("the quota service answered for another reservation".into()),
                Err(e) => GlobalAnswer::Unavailable(format!("the quota service's answer is not readable: {e}")),
            },
            Some(s) => GlobalAnswer::Unavailable(format!("the quota service answered {s}")),
        }
    }

    /// Whether the answer holds something in Redis that must be settled or released.
    pub fn holds(&self) -> bool {
        matches!(self, GlobalAnswer::Reserved(r) if r.admitted)
    }
}

/// One counter's state in a read-out answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReadoutAnswer {
    pub used: u64,
    pub held: u64,
    pub reset_at: u64,
}

impl ReadoutAnswer {
    pub fn read(status: Option<u32>, body: &[u8]) -> Result<ReadoutAnswer, String> {
        #[derive(Deserialize)]
        struct Body {
            budgets: Vec<ReadoutAnswer>,
        }
        match status {
            Some(200) => serde_json::from_slice::<Body>(body)
                .map_err(|e| format!("unreadable answer: {e}"))?
                .budgets
                .into_iter()
                .next()
                .ok_or_else(|| "an empty answer".to_string()),
            Some(s) => Err(format!("status {s}")),
            None => Err("no response (timeout or connection failure)".into()),
        }
    }
}

/// One slot's charge in a settle call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Charge {
    pub slot: String,
    pub amount: u64,
}

/// A call the host makes to the quota service on the request's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub kind: CallKind,
    pub path: &'static str,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// The request waits for its answer (`RequestFlow::global_answer`).
    Reserve,
    /// Fire and forget, retried by the host: it must outlive the request.
    Settle,
    /// An admin read-out: the request waits for its answer (`RequestFlow::global_answer`).
    Readout,
}

impl Call {
    pub fn reserve(ask: &GlobalAsk) -> Call {
        Call {
            kind: CallKind::Reserve,
            path: RESERVE_PATH,
            body: ask.body(),
        }
    }

    pub fn settle(id: &str, charges: Vec<Charge>) -> Call {
        #[derive(Serialize)]
        struct Body<'a> {
            id: &'a str,
            charges: Vec<Charge>,
        }
        Call {
            kind: CallKind::Settle,
            path: SETTLE_PATH,
            body: serde_json::to_vec(&Body { id, charges }).unwrap_or_default(),
        }
    }

    /// Reads one counter (the admin read-out).
    pub fn readout(counter: &str, window: WindowFile, limit: u64) -> Call {
        let body = serde_json::json!({"budgets": [{"counter": counter, "window": window, "limit": limit}]});
        Call {
            kind: CallKind::Readout,
            path: READOUT_PATH,
            body: serde_json::to_vec(&body).unwrap_or_default(),
        }
    }

    /// Gives back every hold of an admitted answer (the request did not go on).
    pub fn release(reserved: &Reserved) -> Call {
        #[derive(Serialize)]
        struct Body<'a> {
            id: &'a str,
            slots: Vec<&'a str>,
        }
        let slots = reserved.budgets.iter().map(|b| b.slot.as_str()).collect();
        Call {
            kind: CallKind::Settle,
            path: RELEASE_PATH,
            body: serde_json::to_vec(&Body {
                id: &reserved.id,
                slots,
            })
            .unwrap_or_default(),
        }
    }
}

/// A reservation id the service accepts (`[A-Za-z0-9._:-]`, at most 128 bytes) made from
/// the host's request id and the VM-local request number: other bytes become `_`.
pub fn reservation_id(request_id: &str, local: u32) -> String {
    let clean: String = request_id
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._:-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{clean}.{local}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_what_the_service_accepts() {
        let id = reservation_id("4f1c7a0e-91 b2/é", 7);
        assert_eq!(id, "4f1c7a0e-91_b2__.7");
        let long = reservation_id(&"x".repeat(500), u32::MAX);
        assert!(long.len() <= 128, "{}", long.len());
    }

    #[test]
    fn an_answer_for_another_id_is_not_taken() {
        let ask = GlobalAsk {
            id: "a.1".into(),
            hold_seconds: 60,
            budgets: vec![AskBudget {
                budget: 0,
                counter: "u\u{1f}x".into(),
                window: WindowFile::Day,
                limit: 10,
                amount: 5,
                extra: 0,
            }],
        };
        let body = br#"{"id":"b.1","admitted":true,"refused_by":null,"budgets":[{"slot":"s","admitted":true,"limit":10,"used":0,"held":5,"reset_at":9}]}"#;
        assert!(matches!(
            GlobalAnswer::read(&ask, Some(200), body),
            GlobalAnswer::Unavailable(_)
        ));
        let body = br#"{"id":"a.1","admitted":true,"refused_by":null,"budgets":[{"slot":"s","admitted":true,"limit":10,"used":0,"held":5,"reset_at":9}]}"#;
        assert!(GlobalAnswer::read(&ask, Some(200), body).holds());
        assert!(matches!(
            GlobalAnswer::read(&ask, Some(503), b"{}"),
            GlobalAnswer::Unavailable(_)
        ));
        assert!(matches!(
            GlobalAnswer::read(&ask, None, b""),
            GlobalAnswer::Unavailable(_)
        ));
        let sent: serde_json::Value = serde_json::from_slice(&ask.body()).unwrap();
        assert_eq!(sent["budgets"][0]["window"], "day");
        assert!(sent["budgets"][0].get("budget").is_none());
    }
}
