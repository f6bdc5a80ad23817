//! Faults and the binary: Redis killed -> 503 `redis_unavailable` (and /healthz 503), then
//! recovery once Redis is back (empty, so the Lua library is loaded again); the
//! `tollgate-quota` binary refuses to start without a token and serves HTTP/1.1 and h2c.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod quota_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quota_support::*;
use serde_json::{Value, json};

fn reserve_body(id: &str) -> Value {
    json!({"id": id, "hold_seconds": 60,
           "budgets": [{"counter": "user\u{1f}user=alice", "window": "day", "limit": 1000, "amount": 10}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_is_503_then_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let mut redis = RedisServer::start(dir.path());
    let service = Service::single(&redis).await;
    let http = Http::new(&service.base);
    let (status, a) = http.post("/v1/reserve", &reserve_body("r1")).await;
    assert_eq!(status, 200, "{a}");

    redis.stop();
    let (status, a) = http.post("/v1/reserve", &reserve_body("r2")).await;
    assert_eq!(status, 503, "{a}");
    assert_eq!(a["error"]["code"], "redis_unavailable");
    let (status, _, _) = http.raw("GET", "/healthz", "", None).await;
    assert_eq!(status, 503);
    let slot = "v1.f4102444800.YQ.d.47481";
    let (status, a) = http
        .post(
            "/v1/settle",
            &json!({"id": "r1", "charges": [{"slot": slot, "amount": 1}]}),
        )
        .await;
    assert_eq!((status, &a["error"]["code"]), (503, &json!("redis_unavailable")));
    let (_, metrics, _) = http.raw("GET", "/metrics", "", None).await;
    assert!(
        metrics.contains("tollgate_quota_calls_total{op=\"reserve\",outcome=\"redis_unavailable\"} 1"),
        "{metrics}"
    );
    assert!(!metrics.contains("tollgate_quota_redis_errors_total 0"), "{metrics}");

    // Back, empty (no persistence): the Function library is gone and is loaded again.
    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(15);
    let answer = loop {
        let (status, a) = http.post("/v1/reserve", &reserve_body("r3")).await;
        if status == 200 {
            break a;
        }
        assert!(Instant::now() < deadline, "no recovery: {status} {a}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(answer["admitted"], true);
    let slot = answer["budgets"][0]["slot"].as_str().unwrap().to_owned();
    assert_eq!(redis_state(&mut redis.conn(), &slot), (0, 1, 10));
    let libs: Vec<redis::Value> = redis::cmd("FUNCTION").arg("LIST").query(&mut redis.conn()).unwrap();
    assert_eq!(libs.len(), 1, "the library was loaded again");
    let (status, _, _) = http.raw("GET", "/healthz", "", None).await;
    assert_eq!(status, 200);
}

const BIN: &str = env!("CARGO_BIN_EXE_tollgate-quota");

#[test]
fn binary_refuses_to_start_without_a_token() {
    let out = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0"])
        .env_remove("TOLLGATE_QUOTA_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no token"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("token");
    std::fs::write(&empty, "\n").unwrap();
    let out = Command::new(BIN)
        .arg("--token-file")
        .arg(&empty)
        .env("TOLLGATE_QUOTA_TOKEN", "ignored-when-a-file-is-named")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_serves_http1_and_h2c_with_a_token_file() {
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path());
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--redis", &redis.url()])
        .arg("--token-file")
        .arg(&token_file)
        .env_remove("TOLLGATE_QUOTA_TOKEN")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["redis_mode"], "functions");
    let base = format!("http://{}", first["addr"].as_str().unwrap());
    let log = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<String>>());

    let (status, a, version) = Http::h2c(&base)
        .raw("POST", "/v1/reserve", &reserve_body("b1").to_string(), Some(TOKEN))
        .await;
    assert_eq!((status, version.as_str()), (200, "HTTP/2.0"), "{a}");
    let (status, _, version) = Http::new(&base)
        .raw("POST", "/v1/reserve", &reserve_body("b2").to_string(), None)
        .await;
    assert_eq!((status, version.as_str()), (401, "HTTP/1.1"));

    // SIGTERM: a graceful stop, and one JSON log line per call.
    Command::new("kill").arg(child.id().to_string()).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let log = log.join().unwrap();
    let calls: Vec<Value> = log
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .collect();
    assert_eq!(calls.len(), 2, "{log:?}");
    assert_eq!(
        (&calls[0]["op"], &calls[0]["id"], &calls[0]["outcome"]),
        (&json!("reserve"), &json!("b1"), &json!("admitted"))
    );
    assert_eq!(calls[1]["outcome"], "unauthorized");
    assert!(calls[0]["ms"].as_f64().is_some());
}

/// Someone flushes the Functions (or a failover to a node without them): the next call loads
/// the library again and succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flushed_library_is_loaded_again() {
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path());
    let service = Service::single(&redis).await;
    let http = Http::new(&service.base);
    assert_eq!(http.post("/v1/reserve", &reserve_body("r1")).await.0, 200);
    let _: () = redis::cmd("FUNCTION").arg("FLUSH").query(&mut redis.conn()).unwrap();
    let (status, a) = http.post("/v1/reserve", &reserve_body("r2")).await;
    assert_eq!(status, 200, "{a}");
    let slot = a["budgets"][0]["slot"].as_str().unwrap().to_owned();
    assert_eq!(redis_state(&mut redis.conn(), &slot), (0, 2, 20));
}

/// With AOF (`appendfsync always` here), a restarted Redis still has the counters and holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_survive_a_restart_with_aof() {
    let dir = tempfile::tempdir().unwrap();
    let mut redis = RedisServer::start_with(dir.path(), &["--appendonly", "yes", "--appendfsync", "always"]);
    let service = Service::single(&redis).await;
    let http = Http::new(&service.base);
    let (_, a) = http.post("/v1/reserve", &reserve_body("r1")).await;
    let slot = a["budgets"][0]["slot"].as_str().unwrap().to_owned();
    http.post(
        "/v1/settle",
        &json!({"id": "r1", "charges": [{"slot": slot, "amount": 7}]}),
    )
    .await;
    http.post("/v1/reserve", &reserve_body("r2")).await;
    redis.restart();
    assert_eq!(redis_state(&mut redis.conn(), &slot), (7, 1, 10));
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, a) = http
            .post(
                "/v1/settle",
                &json!({"id": "r1", "charges": [{"slot": slot, "amount": 7}]}),
            )
            .await;
        if status == 200 {
            assert_eq!(a["budgets"][0]["already_settled"], true, "{a}");
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {status} {a}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(redis_state(&mut redis.conn(), &slot), (7, 1, 10));
}

/// A Redis that speaks TLS only on its TLS port (a managed Redis): `rediss://` with the
/// server's CA given works end to end; the same server without that CA (public roots
/// only) is refused — the certificate is really checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rediss_with_a_private_ca_works_and_an_untrusted_server_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tls = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/tls");
    let (cert, key) = (format!("{tls}/redis-cert.pem"), format!("{tls}/redis-key.pem"));
    let tls_port = free_port().to_string();
    let redis = RedisServer::start_with(
        dir.path(),
        &[
            "--tls-port",
            &tls_port,
            "--tls-cert-file",
            &cert,
            "--tls-key-file",
            &key,
            "--tls-auth-clients",
            "no",
        ],
    );
    let url = format!("rediss://localhost:{tls_port}/");
    let ca = std::fs::read(&cert).unwrap();
    let service = Service::start_with_ca(tollgate_quota::engine::Target::Single(url.clone()), false, Some(ca)).await;
    let http = Http::new(&service.base);
    let (status, a) = http.post("/v1/reserve", &reserve_body("tls-1")).await;
    assert_eq!(status, 200, "{a}");
    // Redis's own state, read on its plain port.
    let slot = a["budgets"][0]["slot"].as_str().unwrap().to_owned();
    let (used, holds, held) = redis_state(&mut redis.conn(), &slot);
    assert_eq!((used, holds, held), (0, 1, 10));

    let untrusted = Service::start(tollgate_quota::engine::Target::Single(url), false).await;
    let (status, b) = Http::new(&untrusted.base)
        .post("/v1/reserve", &reserve_body("tls-2"))
        .await;
    assert_eq!(status, 503, "{b}");
}
