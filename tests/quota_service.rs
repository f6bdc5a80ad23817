//! The quota service's semantics against a real redis-server (tests/quota_support): reserve,
//! settle, release, renew, readout, reset; refusal at the limit and rollback of earlier
//! budgets; idempotency; hold expiry; key TTLs; validation; auth; h2c; the EVALSHA mode.
//! The oracle is Redis's own state, read with a plain client.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod quota_support;

use quota_support::*;
use serde_json::{Value, json};

const ALICE: &str = "user-daily\u{1f}user=alice";
const ORG: &str = "org-hourly\u{1f}org=acme";

struct Env {
    _dir: tempfile::TempDir,
    redis: RedisServer,
    _service: Service,
    http: Http,
}

async fn env_with(scripts: bool) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path());
    let service = Service::start(tollgate_quota::engine::Target::Single(redis.url()), scripts).await;
    let http = Http::new(&service.base);
    Env {
        _dir: dir,
        redis,
        _service: service,
        http,
    }
}

async fn env() -> Env {
    env_with(false).await
}

fn budget(counter: &str, window: Value, limit: u64, amount: u64) -> Value {
    json!({"counter": counter, "window": window, "limit": limit, "amount": amount})
}

async fn reserve(http: &Http, id: &str, hold: u64, budgets: Vec<Value>) -> Value {
    let (status, body) = http
        .post(
            "/v1/reserve",
            &json!({"id": id, "hold_seconds": hold, "budgets": budgets}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn slot(answer: &Value, i: usize) -> String {
    answer["budgets"][i]["slot"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reserve_holds_and_refuses_at_the_limit() {
    let e = env().await;
    let mut c = e.redis.conn();
    let a = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 600)]).await;
    assert_eq!(a["admitted"], true);
    assert_eq!(a["refused_by"], Value::Null);
    let s = slot(&a, 0);
    assert_eq!(redis_state(&mut c, &s), (0, 1, 600));
    assert_eq!(
        (a["budgets"][0]["used"].as_u64(), a["budgets"][0]["held"].as_u64()),
        (Some(0), Some(600))
    );

    // 600 + 401 > 1000: refused, nothing held.
    let b = reserve(&e.http, "r2", 300, vec![budget(ALICE, json!("day"), 1000, 401)]).await;
    assert_eq!(b["admitted"], false);
    assert_eq!(b["refused_by"], 0);
    assert_eq!(b["budgets"][0]["admitted"], false);
    assert_eq!(redis_state(&mut c, &s), (0, 1, 600));

    // 600 + 400 == 1000: admitted (the limit itself is allowed).
    let d = reserve(&e.http, "r3", 300, vec![budget(ALICE, json!("day"), 1000, 400)]).await;
    assert_eq!(d["admitted"], true);
    assert_eq!(redis_state(&mut c, &s), (0, 2, 1000));
    let z = reserve(&e.http, "r4", 300, vec![budget(ALICE, json!("day"), 1000, 1)]).await;
    assert_eq!(z["admitted"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusal_rolls_back_earlier_budgets() {
    let e = env().await;
    let mut c = e.redis.conn();
    let first = reserve(
        &e.http,
        "r1",
        300,
        vec![
            budget(ORG, json!({"seconds": 3600}), 5000, 600),
            budget(ALICE, json!("day"), 1000, 600),
        ],
    )
    .await;
    assert_eq!(first["admitted"], true);
    let (org, alice) = (slot(&first, 0), slot(&first, 1));
    assert_eq!(redis_state(&mut c, &org), (0, 1, 600));

    // The org budget holds, then alice's refuses: the org hold is given back.
    let refused = reserve(
        &e.http,
        "r2",
        300,
        vec![
            budget(ORG, json!({"seconds": 3600}), 5000, 100),
            budget(ALICE, json!("day"), 1000, 500),
            budget("third", json!("minute"), 10, 1),
        ],
    )
    .await;
    assert_eq!(refused["admitted"], false);
    assert_eq!(refused["refused_by"], 1);
    assert_eq!(refused["budgets"].as_array().unwrap().len(), 3);
    assert_eq!(redis_state(&mut c, &org), (0, 1, 600));
    assert_eq!(refused["budgets"][0]["held"], 600);
    assert_eq!(redis_state(&mut c, &alice), (0, 1, 600));
    // The third budget was never asked to hold.
    assert_eq!(redis_state(&mut c, &slot(&refused, 2)), (0, 0, 0));

    // The rollback did not mark r2 as settled: once it fits, the same id holds.
    let retry = reserve(
        &e.http,
        "r2",
        300,
        vec![
            budget(ORG, json!({"seconds": 3600}), 5000, 100),
            budget(ALICE, json!("day"), 1000, 300),
        ],
    )
    .await;
    assert_eq!(retry["admitted"], true);
    assert_eq!(redis_state(&mut c, &org), (0, 2, 700));
    assert_eq!(redis_state(&mut c, &alice), (0, 2, 900));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reserve_and_settle_are_idempotent() {
    let e = env().await;
    let mut c = e.redis.conn();
    let a = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 600)]).await;
    let s = slot(&a, 0);
    // A retried reserve does not hold twice.
    let again = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 600)]).await;
    assert_eq!(again["admitted"], true);
    assert_eq!(redis_state(&mut c, &s), (0, 1, 600));

    let settle = json!({"id": "r1", "charges": [{"slot": s, "amount": 450}]});
    let (st, first) = e.http.post("/v1/settle", &settle).await;
    assert_eq!(st, 200, "{first}");
    assert_eq!(first["budgets"][0]["already_settled"], false);
    assert_eq!(first["budgets"][0]["used"], 450);
    assert_eq!(redis_state(&mut c, &s), (450, 0, 0));
    let (_, second) = e.http.post("/v1/settle", &settle).await;
    assert_eq!(second["budgets"][0]["already_settled"], true);
    assert_eq!(redis_state(&mut c, &s), (450, 0, 0));
    // A release after the settle changes nothing either.
    let (_, rel) = e.http.post("/v1/release", &json!({"id": "r1", "slots": [s]})).await;
    assert_eq!(rel["budgets"][0]["already_settled"], true);
    // Nor does a late retry of the reserve.
    let late = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 600)]).await;
    assert_eq!(late["admitted"], true);
    assert_eq!(redis_state(&mut c, &s), (450, 0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settle_charges_usage_and_release_frees() {
    let e = env().await;
    let mut c = e.redis.conn();
    let a = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 300)]).await;
    let b = reserve(&e.http, "r2", 300, vec![budget(ALICE, json!("day"), 1000, 300)]).await;
    let s = slot(&a, 0);
    assert_eq!(slot(&b, 0), s);
    assert_eq!(redis_state(&mut c, &s), (0, 2, 600));
    let (_, rel) = e.http.post("/v1/release", &json!({"id": "r2", "slots": [s]})).await;
    assert_eq!(rel["budgets"][0]["held"], 300);
    assert_eq!(redis_state(&mut c, &s), (0, 1, 300));
    // Usage above the hold is still charged: it is real.
    let (_, st) = e
        .http
        .post(
            "/v1/settle",
            &json!({"id": "r1", "charges": [{"slot": s, "amount": 350}]}),
        )
        .await;
    assert_eq!(st["budgets"][0]["used"], 350);
    assert_eq!(redis_state(&mut c, &s), (350, 0, 0));
    // A settle whose hold is gone (expired, or never made here) still charges.
    let (_, st) = e
        .http
        .post(
            "/v1/settle",
            &json!({"id": "r9", "charges": [{"slot": s, "amount": 5}]}),
        )
        .await;
    assert_eq!(st["budgets"][0]["already_settled"], false);
    assert_eq!(redis_state(&mut c, &s), (355, 0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renew_moves_the_deadline() {
    let e = env().await;
    let mut c = e.redis.conn();
    let a = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 300)]).await;
    let s = slot(&a, 0);
    let holds = &keys_of(&s)[1];
    let before: f64 = redis::cmd("ZSCORE").arg(holds).arg("r1").query(&mut c).unwrap();
    let (_, r) = e
        .http
        .post("/v1/renew", &json!({"id": "r1", "slots": [s], "hold_seconds": 3000}))
        .await;
    assert_eq!(r["renewed"], json!([true]));
    let after: f64 = redis::cmd("ZSCORE").arg(holds).arg("r1").query(&mut c).unwrap();
    let moved = after - before;
    assert!(
        (2_690_000.0..=2_710_000.0).contains(&moved),
        "deadline moved by {moved} ms"
    );
    let (_, r) = e
        .http
        .post("/v1/renew", &json!({"id": "nope", "slots": [s], "hold_seconds": 30}))
        .await;
    assert_eq!(r["renewed"], json!([false]));
    // A renewed hold of 1 s expires after 1 s.
    e.http
        .post("/v1/renew", &json!({"id": "r1", "slots": [s], "hold_seconds": 1}))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let (_, r) = e
        .http
        .post("/v1/renew", &json!({"id": "r1", "slots": [s], "hold_seconds": 30}))
        .await;
    assert_eq!(r["renewed"], json!([false]));
    assert_eq!(redis_state(&mut c, &s), (0, 0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readout_and_reset() {
    let e = env().await;
    let mut c = e.redis.conn();
    let a = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 300)]).await;
    let s = slot(&a, 0);
    e.http
        .post(
            "/v1/settle",
            &json!({"id": "r1", "charges": [{"slot": s, "amount": 120}]}),
        )
        .await;
    reserve(&e.http, "r2", 300, vec![budget(ALICE, json!("day"), 1000, 200)]).await;
    let (st, out) = e
        .http
        .post(
            "/v1/readout",
            &json!({"budgets": [{"counter": ALICE, "window": "day", "limit": 1000}]}),
        )
        .await;
    assert_eq!(st, 200, "{out}");
    let day_end = (now() / 86_400 + 1) * 86_400;
    assert_eq!(
        out["budgets"][0],
        json!({"slot": s, "limit": 1000, "used": 120, "held": 200, "reset_at": day_end})
    );
    let (st, r) = e
        .http
        .post("/v1/reset", &json!({"budgets": [{"counter": ALICE, "window": "day"}]}))
        .await;
    assert_eq!((st, r), (200, json!({"reset": 1})));
    let exists: u64 = redis::cmd("EXISTS").arg(&keys_of(&s)[..]).query(&mut c).unwrap();
    assert_eq!(exists, 0);
    let (_, r) = e
        .http
        .post("/v1/reset", &json!({"budgets": [{"counter": ALICE, "window": "day"}]}))
        .await;
    assert_eq!(r, json!({"reset": 0}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn holds_expire_and_the_counter_is_exact_again() {
    let e = env().await;
    let mut c = e.redis.conn();
    let a = reserve(&e.http, "crashed", 1, vec![budget(ALICE, json!("day"), 1000, 1000)]).await;
    assert_eq!(a["admitted"], true);
    let s = slot(&a, 0);
    assert_eq!(
        reserve(&e.http, "r2", 1, vec![budget(ALICE, json!("day"), 1000, 10)]).await["admitted"],
        false
    );
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let b = reserve(&e.http, "r3", 300, vec![budget(ALICE, json!("day"), 1000, 1000)]).await;
    assert_eq!(b["admitted"], true);
    assert_eq!(redis_state(&mut c, &s), (0, 1, 1000));
    let ids: Vec<String> = redis::cmd("ZRANGE")
        .arg(&keys_of(&s)[1])
        .arg(0)
        .arg(-1)
        .query(&mut c)
        .unwrap();
    assert_eq!(ids, vec!["r3".to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_have_a_ttl() {
    let e = env().await;
    let mut c = e.redis.conn();
    let a = reserve(
        &e.http,
        "r1",
        300,
        vec![
            budget(ALICE, json!("day"), 1000, 10),
            budget("session\u{1f}s=1", json!({"session_idle_seconds": 600}), 1000, 10),
        ],
    )
    .await;
    let (day, session) = (slot(&a, 0), slot(&a, 1));
    e.http
        .post(
            "/v1/settle",
            &json!({"id": "r1", "charges": [{"slot": day, "amount": 5}, {"slot": session, "amount": 5}]}),
        )
        .await;
    let day_end = (now() / 86_400 + 1) * 86_400;
    // An empty zset is no key at all (the holds, once settled): -2. Every key there is expires.
    let [used, holds, amounts, settled] = keys_of(&day);
    let at: i64 = redis::cmd("EXPIRETIME").arg(&holds).query(&mut c).unwrap();
    assert_eq!(at, -2);
    for k in [used, amounts, settled] {
        let at: i64 = redis::cmd("EXPIRETIME").arg(&k).query(&mut c).unwrap();
        assert_eq!(at, day_end as i64 + 300, "{k}");
    }
    let [used, _, amounts, settled] = keys_of(&session);
    for k in [used, amounts, settled] {
        let ttl: i64 = redis::cmd("TTL").arg(&k).query(&mut c).unwrap();
        assert!((598..=600).contains(&ttl), "{k}: ttl {ttl}");
    }
    // Session idle 5 s, hold 300 s: the open hold keeps the session alive; settling it brings
    // the idle deadline back to now + 5 s.
    let idle = json!({"session_idle_seconds": 5});
    let h = reserve(&e.http, "r3", 300, vec![budget("session\u{1f}s=2", idle, 1000, 10)]).await;
    let hs = slot(&h, 0);
    for k in [&keys_of(&hs)[1], &keys_of(&hs)[2]] {
        let ttl: i64 = redis::cmd("TTL").arg(k).query(&mut c).unwrap();
        assert!((298..=301).contains(&ttl), "{k}: ttl {ttl}");
    }
    e.http
        .post(
            "/v1/settle",
            &json!({"id": "r3", "charges": [{"slot": hs, "amount": 5}]}),
        )
        .await;
    for k in [&keys_of(&hs)[0], &keys_of(&hs)[2], &keys_of(&hs)[3]] {
        let ttl: i64 = redis::cmd("TTL").arg(k).query(&mut c).unwrap();
        assert!((3..=5).contains(&ttl), "{k}: ttl {ttl}");
    }
    // While a hold is open its zset expires with the rest.
    let b = reserve(&e.http, "r2", 300, vec![budget(ALICE, json!("day"), 1000, 10)]).await;
    assert_eq!(slot(&b, 0), day);
    let at: i64 = redis::cmd("EXPIRETIME").arg(&keys_of(&day)[1]).query(&mut c).unwrap();
    assert_eq!(at, day_end as i64 + 300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_names_the_field() {
    let e = env().await;
    let ok_budget = budget(ALICE, json!("day"), 10, 1);
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/v1/reserve", json!({"hold_seconds": 5, "budgets": [ok_budget]}), "id"),
        (
            "/v1/reserve",
            json!({"id": "a b", "hold_seconds": 5, "budgets": [ok_budget]}),
            "id",
        ),
        (
            "/v1/reserve",
            json!({"id": "x".repeat(129), "hold_seconds": 5, "budgets": [ok_budget]}),
            "id",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 0, "budgets": [ok_budget]}),
            "hold_seconds",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 86401, "budgets": [ok_budget]}),
            "hold_seconds",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": "5", "budgets": [ok_budget]}),
            "hold_seconds",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": []}),
            "budgets",
        ),
        ("/v1/reserve", json!({"id": "a", "hold_seconds": 5}), "budgets"),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [{"window": "day", "limit": 1, "amount": 1}]}),
            "budgets[0].counter",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [budget(&"c".repeat(513), json!("day"), 1, 1)]}),
            "budgets[0].counter",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [ok_budget, budget("c", json!("week"), 1, 1)]}),
            "budgets[1].window",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [budget("c", json!("request"), 1, 1)]}),
            "budgets[0].window",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [budget("c", json!({"seconds": 0}), 1, 1)]}),
            "budgets[0].window",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [{"counter": "c", "window": "day", "limit": -1, "amount": 1}]}),
            "budgets[0].limit",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [{"counter": "c", "window": "day", "limit": 1}]}),
            "budgets[0].amount",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [budget("c", json!("day"), 1, 1u64 << 53)]}),
            "budgets[0].amount",
        ),
        (
            "/v1/reserve",
            json!({"id": "a", "hold_seconds": 5, "budgets": [ok_budget, ok_budget]}),
            "budgets[1]",
        ),
        (
            "/v1/settle",
            json!({"id": "a", "charges": [{"slot": "v1.f1.bogus", "amount": 1}]}),
            "charges[0].slot",
        ),
        (
            "/v1/settle",
            json!({"id": "a", "charges": [{"slot": "v1.f1.YQ.d.1"}]}),
            "charges[0].amount",
        ),
        ("/v1/settle", json!({"id": "a"}), "charges"),
        ("/v1/release", json!({"id": "a", "slots": ["x"]}), "slots[0]"),
        (
            "/v1/renew",
            json!({"id": "a", "slots": ["v1.f1.YQ.d.1"]}),
            "hold_seconds",
        ),
        (
            "/v1/readout",
            json!({"budgets": [{"counter": "c", "window": "day"}]}),
            "budgets[0].limit",
        ),
        ("/v1/reset", json!({"budgets": [{"counter": "c"}]}), "budgets[0].window"),
    ];
    for (path, body, field) in cases {
        let (status, answer) = e.http.post(path, &body).await;
        assert_eq!(status, 400, "{path} {body}: {answer}");
        assert_eq!(answer["error"]["code"], "invalid_request", "{answer}");
        assert_eq!(answer["error"]["field"], field, "{path} {body}: {answer}");
        assert!(answer["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (status, text, _) = e.http.raw("POST", "/v1/reserve", "{not json", Some(TOKEN)).await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["error"]["field"], "body");
    // Nothing was written.
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut e.redis.conn()).unwrap();
    assert!(keys.is_empty(), "{keys:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_token_is_401() {
    let e = env().await;
    let body = json!({"id": "a", "hold_seconds": 5, "budgets": [budget(ALICE, json!("day"), 10, 1)]}).to_string();
    for token in [None, Some("wrong"), Some("")] {
        let (status, text, _) = e.http.raw("POST", "/v1/reserve", &body, token).await;
        assert_eq!(status, 401, "{token:?}");
        let answer: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(answer["error"]["code"], "unauthorized");
    }
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut e.redis.conn()).unwrap();
    assert!(keys.is_empty(), "{keys:?}");
    let (status, _, _) = e.http.raw("POST", "/v1/reserve", &body, Some(TOKEN)).await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h2c_prior_knowledge_health_and_metrics() {
    let e = env().await;
    let h2 = Http::h2c(&e.http.base);
    let body = json!({"id": "a", "hold_seconds": 5, "budgets": [budget(ALICE, json!("day"), 10, 1)]}).to_string();
    let (status, _, version) = h2.raw("POST", "/v1/reserve", &body, Some(TOKEN)).await;
    assert_eq!((status, version.as_str()), (200, "HTTP/2.0"));
    let (status, text, _) = h2.raw("GET", "/healthz", "", None).await;
    assert_eq!((status, text.as_str()), (200, "ok"));
    e.http.raw("POST", "/v1/reserve", &body, Some("bad")).await;
    let (status, text, version) = e.http.raw("GET", "/metrics", "", None).await;
    assert_eq!((status, version.as_str()), (200, "HTTP/1.1"));
    assert!(
        text.contains("tollgate_quota_calls_total{op=\"reserve\",outcome=\"admitted\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("tollgate_quota_calls_total{op=\"reserve\",outcome=\"unauthorized\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("tollgate_quota_call_seconds_count{op=\"reserve\"} 2"),
        "{text}"
    );
    assert!(text.contains("tollgate_quota_redis_errors_total 0"), "{text}");
}

/// The EVALSHA fallback keeps the same semantics and loads no Function.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripts_mode_has_the_same_semantics() {
    let e = env_with(true).await;
    let mut c = e.redis.conn();
    let a = reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 600)]).await;
    let s = slot(&a, 0);
    reserve(&e.http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 600)]).await;
    assert_eq!(
        reserve(&e.http, "r2", 300, vec![budget(ALICE, json!("day"), 1000, 401)]).await["admitted"],
        false
    );
    assert_eq!(redis_state(&mut c, &s), (0, 1, 600));
    let settle = json!({"id": "r1", "charges": [{"slot": s, "amount": 450}]});
    e.http.post("/v1/settle", &settle).await;
    let (_, again) = e.http.post("/v1/settle", &settle).await;
    assert_eq!(again["budgets"][0]["already_settled"], true);
    assert_eq!(redis_state(&mut c, &s), (450, 0, 0));
    let libs: Vec<redis::Value> = redis::cmd("FUNCTION").arg("LIST").query(&mut c).unwrap();
    assert!(libs.is_empty());
}

/// A Redis whose ACL forbids FUNCTION and FCALL (as some managed Redis do): the service
/// falls back to EVALSHA by itself and keeps the same semantics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn functions_forbidden_falls_back_to_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path());
    let mut admin = redis.conn();
    let _: () = redis::cmd("ACL")
        .arg(
            &[
                "SETUSER",
                "limited",
                "on",
                ">pw",
                "~*",
                "+@all",
                "-function",
                "-fcall",
                "-fcall_ro",
            ][..],
        )
        .query(&mut admin)
        .unwrap();
    let url = format!("redis://limited:pw@127.0.0.1:{}/", redis.port);
    let service = Service::start(tollgate_quota::engine::Target::Single(url), false).await;
    let http = Http::new(&service.base);
    let a = reserve(&http, "r1", 300, vec![budget(ALICE, json!("day"), 1000, 600)]).await;
    assert_eq!(a["admitted"], true);
    let s = slot(&a, 0);
    assert_eq!(
        reserve(&http, "r2", 300, vec![budget(ALICE, json!("day"), 1000, 401)]).await["admitted"],
        false
    );
    let (st, _) = http
        .post(
            "/v1/settle",
            &json!({"id": "r1", "charges": [{"slot": s, "amount": 7}]}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(redis_state(&mut admin, &s), (7, 0, 0));
    let libs: Vec<redis::Value> = redis::cmd("FUNCTION").arg("LIST").query(&mut admin).unwrap();
    assert!(libs.is_empty());
}
