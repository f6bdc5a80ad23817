//! The operator API on a configured path, protected by a bearer token: counter read-outs
//! for a budget and scope key, and circuit-breaker resets. Answers as JSON; never reaches
//! the upstream. Pure: reads and writes only through the `SharedStore` trait.

use serde_json::{Value, json};

use super::Engine;
use super::budgets::{self, limit_value};
use crate::config::Limit;
use crate::global::Call;
use crate::money;
use crate::reply::Reply;
use crate::store::SharedStore;
use crate::store::Snapshot;
use crate::windows;

fn json_reply(status: u32, body: Value) -> Reply {
    Reply {
        code: None,
        message: String::new(),
        details: Value::Null,
        rule: String::new(),
        status,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("cache-control".into(), "no-store".into()),
        ],
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

fn error(status: u32, message: &str) -> Reply {
    json_reply(status, json!({ "error": { "message": message } }))
}

/// Decodes `%XX` and `+` in a query component.
fn decode(component: &str) -> String {
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query(path: &str) -> Vec<(String, String)> {
    let Some((_, q)) = path.split_once('?') else {
        return Vec::new();
    };
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Compares two strings in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The counter read-out's JSON answer.
fn counters_reply(
    budget: &str,
    keys: &[String],
    limit: Limit,
    snap: Snapshot,
    resets_at: Option<u64>,
    now: u64,
) -> Reply {
    let value = |n: u64| match limit {
        Limit::Tokens(_) => json!(n),
        Limit::Nanos(_) => json!(money::format_nanos_usd(n)),
    };
    let limit_n = limit_value(limit);
    json_reply(
        200,
        json!({
            "budget": budget,
            "key": keys,
            "unit": match limit { Limit::Tokens(_) => "tokens", Limit::Nanos(_) => "usd" },
            "limit": value(limit_n),
            "used": value(snap.used),
            "reserved": value(snap.held),
            "remaining": value(limit_n.saturating_sub(snap.used.saturating_add(snap.held))),
            "resets_at": resets_at.map(windows::rfc3339),
            "now": windows::rfc3339(now),
        }),
    )
}

/// A counter read-out of a global budget: the quota service must answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalReadout {
    pub budget: String,
    pub keys: Vec<String>,
    pub limit: Limit,
    pub call: Call,
}

impl Engine {
    /// The admin read-out of a global budget (a valid token, `GET counters` naming a
    /// global budget), which the quota service answers; `None` for every other request.
    pub fn admin_global_readout(&self, method: &str, path: &str, authorization: Option<&str>) -> Option<GlobalReadout> {
        let admin = self.policy.admin.as_ref()?;
        let rest = path.strip_prefix(admin.path_prefix.as_str())?;
        let token = authorization
            .and_then(|a| a.strip_prefix("Bearer ").or_else(|| a.strip_prefix("bearer ")))
            .map(str::trim)?;
        if !same_secret(token, &admin.bearer_token) || !method.eq_ignore_ascii_case("GET") {
            return None;
        }
        if rest.split('?').next() != Some("counters") {
            return None;
        }
        let params = query(rest);
        let name = params.iter().find(|(k, _)| k == "budget").map(|(_, v)| v.clone())?;
        let b = self
            .policy
            .budgets
            .iter()
            .find(|b| b.name == name && b.store.is_global())?;
        let keys: Vec<String> = params
            .iter()
            .filter(|(k, _)| k == "key")
            .map(|(_, v)| v.clone())
            .collect();
        let counter = budgets::compose_key(&b.name, &keys);
        Some(GlobalReadout {
            call: Call::readout(&counter, b.window.into(), limit_value(b.limit)),
            budget: name,
            keys,
            limit: b.limit,
        })
    }

    /// A global read-out in Istio's mode: the head cannot wait for the quota service.
    pub fn admin_global_needs_holding(&self) -> Reply {
        error(
            501,
            "tollgate admin: a global budget's read-out needs hold_request_headers; \
             read it from the quota service (POST /v1/readout)",
        )
    }

    /// The admin answer to a global read-out from the quota service's answer.
    pub fn admin_global_answer(&self, read: &GlobalReadout, status: Option<u32>, body: &[u8], now: u64) -> Reply {
        match crate::global::ReadoutAnswer::read(status, body) {
            Ok(state) => counters_reply(
                &read.budget,
                &read.keys,
                read.limit,
                Snapshot {
                    used: state.used,
                    held: state.held,
                },
                Some(state.reset_at),
                now,
            ),
            Err(why) => error(503, &format!("tollgate admin: the quota service did not answer: {why}")),
        }
    }

    /// Answers an admin request, or `None` when the path is not the admin path.
    pub fn admin(
        &self,
        method: &str,
        path: &str,
        authorization: Option<&str>,
        now: u64,
        store: &dyn SharedStore,
    ) -> Option<Reply> {
        let admin = self.policy.admin.as_ref()?;
        let rest = path.strip_prefix(admin.path_prefix.as_str())?;
        let token = authorization
            .and_then(|a| a.strip_prefix("Bearer ").or_else(|| a.strip_prefix("bearer ")))
            .map(str::trim);
        if !token.is_some_and(|t| same_secret(t, &admin.bearer_token)) {
            return Some(error(401, "tollgate admin: missing or wrong bearer token"));
        }
        let params = query(rest);
        let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let keys: Vec<String> = params
            .iter()
            .filter(|(k, _)| k == "key")
            .map(|(_, v)| v.clone())
            .collect();
        let route = rest.split('?').next().unwrap_or("");
        Some(match (method.to_ascii_uppercase().as_str(), route) {
            ("GET", "counters") => {
                let Some(budget) = param("budget") else {
                    return Some(error(400, "tollgate admin: `budget` is required"));
                };
                match self.read_budget(&budget, &keys, now, store) {
                    None => error(404, &format!("tollgate admin: no budget named `{budget}`")),
                    Some((snap, pos, limit)) => {
                        counters_reply(&budget, &keys, limit, snap, pos.map(|p| p.ends_at), now)
                    }
                }
            }
            ("POST", "breakers/reset") => {
                let Some(name) = param("breaker") else {
                    return Some(error(400, "tollgate admin: `breaker` is required"));
                };
                let key = keys.join("\u{1f}");
                match self.policy.guards.reset_breaker(store, &name, &key, now) {
                    Ok(true) => json_reply(200, json!({ "breaker": name, "key": keys, "state": "closed" })),
                    Ok(false) => error(
                        404,
                        &format!("tollgate admin: no state for breaker `{name}` and that key"),
                    ),
                    Err(e) => error(500, &format!("tollgate admin: {e}")),
                }
            }
            _ => error(
                404,
                "tollgate admin: unknown admin endpoint (GET counters, POST breakers/reset)",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_components_are_decoded() {
        assert_eq!(
            query("counters?budget=a%20b&key=x+y&key=%2F"),
            vec![
                ("budget".to_string(), "a b".to_string()),
                ("key".to_string(), "x y".to_string()),
                ("key".to_string(), "/".to_string())
            ]
        );
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
