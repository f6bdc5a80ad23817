//! Shared by the quota service's tests: real `redis-server` processes on free ports (one
//! Redis, or a 3-master Redis Cluster made with `redis-cli --cluster create`), the service
//! in-process on port 0, an HTTP client (HTTP/1.1 or h2c), and a plain Redis client to read
//! the keys back (the oracle). Stops what it started by pid on drop.
#![allow(dead_code)]

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use tollgate_quota::config::Config;
use tollgate_quota::engine::Target;

pub const TOKEN: &str = "test-token-0123456789";

pub fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Whether the Redis answering on `port` is the process `pid` (not another test's server
/// that got the same port first).
fn answers_as(port: u16, pid: u32) -> bool {
    let client = redis::Client::open(format!("redis://127.0.0.1:{port}/")).unwrap();
    let Ok(mut c) = client.get_connection_with_timeout(Duration::from_millis(200)) else {
        return false;
    };
    let info: String = redis::cmd("INFO").arg("server").query(&mut c).unwrap_or_default();
    info.lines().any(|l| l.trim() == format!("process_id:{pid}"))
}

/// One `redis-server` process.
pub struct RedisServer {
    pub port: u16,
    child: Option<Child>,
    pub dir: PathBuf,
    extra: Vec<String>,
}

impl RedisServer {
    /// A throwaway Redis on a free port (another is tried if the port was taken meanwhile).
    pub fn start(dir: &Path) -> RedisServer {
        Self::start_with(dir, &[])
    }

    pub fn start_with(dir: &Path, extra: &[&str]) -> RedisServer {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        for _ in 0..10 {
            let port = free_port();
            let mut s = RedisServer {
                port,
                child: None,
                dir: dir.to_path_buf(),
                extra: extra.clone(),
            };
            if s.spawn() {
                return s;
            }
        }
        panic!("could not start redis-server");
    }

    fn spawn(&mut self) -> bool {
        let mut cmd = Command::new("redis-server");
        cmd.args([
            "--port",
            &self.port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .arg("--dir")
        .arg(&self.dir)
        .args(&self.extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("redis-server (make redis installs it)");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return false; // exited: most likely the port was taken
            }
            if answers_as(self.port, child.id()) {
                self.child = Some(child);
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    /// SIGKILL, as a crash.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts again on the same port (its data is gone: no persistence).
    pub fn restart(&mut self) {
        self.stop();
        for _ in 0..50 {
            if self.spawn() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("could not restart redis-server on {}", self.port);
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub fn conn(&self) -> redis::Connection {
        redis::Client::open(self.url()).unwrap().get_connection().unwrap()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Three masters, no replicas, all 16 384 slots assigned.
pub struct RedisCluster {
    pub nodes: Vec<RedisServer>,
}

impl RedisCluster {
    pub fn start(dir: &Path) -> RedisCluster {
        let mut nodes = Vec::new();
        for i in 0..3 {
            let d = dir.join(format!("node{i}"));
            std::fs::create_dir_all(&d).unwrap();
            nodes.push(RedisServer::start_with(
                &d,
                &[
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "5000",
                ],
            ));
        }
        let addrs: Vec<String> = nodes.iter().map(|n| format!("127.0.0.1:{}", n.port)).collect();
        let out = Command::new("redis-cli")
            .arg("--cluster")
            .arg("create")
            .args(&addrs)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .output()
            .expect("redis-cli");
        assert!(
            out.status.success(),
            "cluster create: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = nodes.iter().all(|n| {
                let info: String = redis::cmd("CLUSTER")
                    .arg("INFO")
                    .query(&mut n.conn())
                    .unwrap_or_default();
                info.contains("cluster_state:ok")
            });
            if ok {
                break;
            }
            assert!(Instant::now() < deadline, "cluster_state never became ok");
            std::thread::sleep(Duration::from_millis(100));
        }
        RedisCluster { nodes }
    }

    pub fn urls(&self) -> Vec<String> {
        self.nodes.iter().map(RedisServer::url).collect()
    }

    /// The port of the master that owns `key` (asked of the cluster: CLUSTER KEYSLOT, SLOTS).
    pub fn owner(&self, key: &str) -> u16 {
        let mut c = self.nodes[0].conn();
        let slot: i64 = redis::cmd("CLUSTER").arg("KEYSLOT").arg(key).query(&mut c).unwrap();
        let slots: Vec<redis::Value> = redis::cmd("CLUSTER").arg("SLOTS").query(&mut c).unwrap();
        for range in slots {
            let redis::Value::Array(parts) = range else { continue };
            let lo: i64 = redis::from_redis_value(parts[0].clone()).unwrap();
            let hi: i64 = redis::from_redis_value(parts[1].clone()).unwrap();
            if (lo..=hi).contains(&slot) {
                let redis::Value::Array(master) = &parts[2] else {
                    panic!("CLUSTER SLOTS shape")
                };
                let port: i64 = redis::from_redis_value(master[1].clone()).unwrap();
                return port as u16;
            }
        }
        panic!("slot {slot} unowned")
    }

    /// A plain connection to the node on `port`.
    pub fn node_conn(&self, port: u16) -> redis::Connection {
        self.nodes.iter().find(|n| n.port == port).unwrap().conn()
    }
}

/// The service, in-process, on 127.0.0.1 and a port the OS chose.
pub struct Service {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Service {
    pub async fn start(target: Target, force_scripts: bool) -> Service {
        Self::start_with_ca(target, force_scripts, None).await
    }

    /// `ca`: the PEM CA a `rediss://` target is verified with.
    pub async fn start_with_ca(target: Target, force_scripts: bool, ca: Option<Vec<u8>>) -> Service {
        let config = Config {
            listen: "127.0.0.1:0".to_owned(),
            target,
            token: TOKEN.to_owned(),
            force_scripts,
            redis_timeout: Duration::from_millis(1000),
            redis_ca: ca,
        };
        let app = tollgate_quota::start(&config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(tollgate_quota::server::serve(listener, app, async move {
            let _ = rx.await;
        }));
        Service { base, stop: Some(tx) }
    }

    pub async fn single(redis: &RedisServer) -> Service {
        Self::start(Target::Single(redis.url()), false).await
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// An HTTP client: HTTP/1.1, or HTTP/2 with prior knowledge (h2c).
#[derive(Clone)]
pub struct Http {
    client: Arc<Client<HttpConnector, Full<Bytes>>>,
    pub base: String,
}

impl Http {
    pub fn new(base: &str) -> Http {
        let client = Client::builder(TokioExecutor::new()).build_http();
        Http {
            client: Arc::new(client),
            base: base.to_owned(),
        }
    }

    pub fn h2c(base: &str) -> Http {
        let client = Client::builder(TokioExecutor::new()).http2_only(true).build_http();
        Http {
            client: Arc::new(client),
            base: base.to_owned(),
        }
    }

    /// (status, body text) of a request; `token` None sends no authorization header.
    pub async fn raw(&self, method: &str, path: &str, body: &str, token: Option<&str>) -> (u16, String, String) {
        let mut req = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        req = req.header("content-type", "application/json");
        let req = req.body(Full::new(Bytes::from(body.to_owned()))).unwrap();
        let resp = self.client.request(req).await.unwrap();
        let status = resp.status().as_u16();
        let version = format!("{:?}", resp.version());
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned(), version)
    }

    /// POST a JSON body with the right token: (status, parsed answer).
    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let (s, text, _) = self.raw("POST", path, &body.to_string(), Some(TOKEN)).await;
        (s, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}

/// The Redis key names of a slot, from the layout the README documents:
/// slot `v1.<f|i><n>.<tag>` -> `tollgate:{<tag>}:used|holds|amounts|settled`.
pub fn keys_of(slot: &str) -> [String; 4] {
    let mut parts = slot.splitn(3, '.');
    assert_eq!(parts.next(), Some("v1"));
    parts.next().unwrap();
    let tag = parts.next().unwrap();
    let base = format!("tollgate:{{{tag}}}");
    [
        format!("{base}:used"),
        format!("{base}:holds"),
        format!("{base}:amounts"),
        format!("{base}:settled"),
    ]
}

/// Redis's own counters of a slot: (used, holds in the zset, sum of the holds' amounts).
pub fn redis_state(c: &mut redis::Connection, slot: &str) -> (u64, u64, u64) {
    let k = keys_of(slot);
    let used: Option<u64> = redis::cmd("GET").arg(&k[0]).query(c).unwrap();
    let holds: u64 = redis::cmd("ZCARD").arg(&k[1]).query(c).unwrap();
    let amounts: std::collections::HashMap<String, u64> = redis::cmd("HGETALL").arg(&k[2]).query(c).unwrap();
    let held: u64 = amounts
        .iter()
        .filter(|(id, _)| id.as_str() != "*")
        .map(|(_, a)| a)
        .sum();
    // The running total the Lua keeps must equal the sum of the holds' own amounts.
    assert_eq!(
        amounts.get("*").copied().unwrap_or(0),
        held,
        "held total drifted: {amounts:?}"
    );
    (used.unwrap_or(0), holds, held)
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}
