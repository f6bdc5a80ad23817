//! The Redis engine: one connection (a single Redis through a reconnecting connection
//! manager, or a Redis Cluster), the Lua library `tollgate` loaded with FUNCTION LOAD
//! REPLACE (again when Redis answers `Function not found`, e.g. after a restart without
//! persistence), or the same Lua run as one EVALSHA script where FUNCTION is not allowed.
//! One call here is one atomic op on one slot; it knows nothing of HTTP.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::ClusterClient;
use redis::cluster_async::ClusterConnection;
use redis::{ErrorKind, RedisError, ServerErrorKind};
use tokio::sync::Mutex;

use crate::slot::Slot;

const LUA_BODY: &str = include_str!("tollgate.lua");
const LIBRARY_HEADER: &str = "#!lua name=tollgate\n";
// Explicit registrations: the library's load-time sandbox has no `pairs`.
const LIBRARY_FOOTER: &str = "
redis.register_function('tollgate_reserve', ops.reserve)
redis.register_function('tollgate_settle', ops.settle)
redis.register_function('tollgate_renew', ops.renew)
redis.register_function('tollgate_readout', ops.readout)
redis.register_function('tollgate_reset', ops.reset)
";
const SCRIPT_FOOTER: &str = "\nlocal op = ops[ARGV[1]]\nif not op then\n  \
    return redis.error_reply('ERR tollgate: unknown op')\nend\nlocal args = {}\n\
    for i = 2, #ARGV do\n  args[i - 1] = ARGV[i]\nend\nreturn op(KEYS, args)\n";

/// The Function library's source (`FUNCTION LOAD REPLACE`).
pub fn library_source() -> String {
    format!("{LIBRARY_HEADER}{LUA_BODY}{LIBRARY_FOOTER}")
}

/// The same ops as one script: `EVALSHA sha 4 keys… op args…`.
pub fn script_source() -> String {
    format!("{LUA_BODY}{SCRIPT_FOOTER}")
}

/// Where Redis is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Single(String),
    Cluster(Vec<String>),
}

/// Why an op did not complete.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Redis (or the cluster) cannot be reached or is not serving: a 503.
    #[error("redis unavailable: {0}")]
    Unavailable(String),
    /// Redis answered with an error or an unexpected reply: a 500.
    #[error("redis error: {0}")]
    Redis(String),
    /// The target cannot even be configured (a bad URL): refuse to start.
    #[error("redis configuration: {0}")]
    Config(String),
}

fn classify(e: &RedisError) -> EngineError {
    let internal = matches!(
        e.kind(),
        ErrorKind::Server(
            ServerErrorKind::ResponseError
                | ServerErrorKind::ExecAbort
                | ServerErrorKind::NoScript
                | ServerErrorKind::CrossSlot
                | ServerErrorKind::NoPerm
        ) | ErrorKind::Parse
            | ErrorKind::UnexpectedReturnType
            | ErrorKind::Extension
            | ErrorKind::InvalidClientConfig
    );
    if internal {
        EngineError::Redis(e.to_string())
    } else {
        EngineError::Unavailable(e.to_string())
    }
}

fn function_missing(e: &RedisError) -> bool {
    e.kind() == ErrorKind::Server(ServerErrorKind::ResponseError)
        && e.detail().is_some_and(|d| d.contains("Function not found"))
}

/// FCALL itself is not allowed: an ACL without it, or a server without Functions.
fn functions_refused(e: &RedisError) -> bool {
    e.kind() == ErrorKind::Server(ServerErrorKind::NoPerm)
        || (e.kind() == ErrorKind::Server(ServerErrorKind::ResponseError)
            && e.detail().is_some_and(|d| d.contains("unknown command")))
}

enum Conn {
    Single(ConnectionManager),
    /// Connected on first use and kept (the cluster connection reconnects by itself).
    Cluster(Box<(ClusterClient, Mutex<Option<ClusterConnection>>)>),
}

/// The engine: cheap to share behind an `Arc`.
pub struct Engine {
    conn: Conn,
    /// Functions are not allowed (forced, or FUNCTION LOAD was refused): run scripts.
    scripts: AtomicBool,
    script: redis::Script,
    timeout: Duration,
}

/// One reserve's answer for one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Held now.
    New,
    /// This id already holds in this slot (a retried reserve).
    Already,
    /// This id was already settled in this slot.
    Settled,
    /// used + held + amount > limit.
    Refused,
}

/// Counters of one slot after an op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub used: u64,
    pub held: u64,
}

fn nonneg(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Engine {
    /// Builds the clients (no connection yet: the first op or `prepare` connects).
    /// `ca`: a PEM CA to verify `rediss://` servers with (else the public roots).
    pub fn new(
        target: &Target,
        force_scripts: bool,
        timeout: Duration,
        ca: Option<&[u8]>,
    ) -> Result<Engine, EngineError> {
        let certs = || redis::TlsCertificates {
            client_tls: None,
            root_cert: ca.map(<[u8]>::to_vec),
        };
        let conn = match target {
            Target::Single(url) => {
                let client = match ca {
                    Some(_) => redis::Client::build_with_tls(url.as_str(), certs()),
                    None => redis::Client::open(url.as_str()),
                }
                .map_err(|e| EngineError::Config(e.to_string()))?;
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(timeout))
                    .set_response_timeout(Some(timeout))
                    .set_number_of_retries(1)
                    .set_max_delay(Duration::from_millis(500));
                Conn::Single(
                    ConnectionManager::new_lazy_with_config(client, config)
                        .map_err(|e| EngineError::Config(e.to_string()))?,
                )
            }
            Target::Cluster(nodes) => {
                let mut builder = ClusterClient::builder(nodes.iter().map(String::as_str));
                if ca.is_some() {
                    builder = builder.certs(certs());
                }
                let client = builder
                    .connection_timeout(timeout)
                    .response_timeout(timeout)
                    .retries(2)
                    .build()
                    .map_err(|e| EngineError::Config(e.to_string()))?;
                Conn::Cluster(Box::new((client, Mutex::new(None))))
            }
        };
        Ok(Engine {
            conn,
            scripts: AtomicBool::new(force_scripts),
            script: redis::Script::new(&script_source()),
            timeout,
        })
    }

    /// Whether the engine runs EVALSHA scripts rather than Functions.
    pub fn uses_scripts(&self) -> bool {
        self.scripts.load(Ordering::Relaxed)
    }

    /// Loads the library (at start). A server that refuses FUNCTION LOAD (an old or managed
    /// Redis) switches the engine to scripts; an unreachable one is left for the first op.
    pub async fn prepare(&self) -> Result<(), EngineError> {
        if self.uses_scripts() {
            return Ok(());
        }
        match self.load_library().await {
            Err(EngineError::Redis(why)) => {
                self.fall_back_to_scripts(&why);
                Ok(())
            }
            other => other,
        }
    }

    async fn with_timeout<T>(
        &self,
        f: impl std::future::Future<Output = Result<T, EngineError>>,
    ) -> Result<T, EngineError> {
        tokio::time::timeout(self.timeout, f)
            .await
            .map_err(|_| EngineError::Unavailable("timed out".to_owned()))?
    }

    async fn cluster_conn(
        client: &ClusterClient,
        slot: &Mutex<Option<ClusterConnection>>,
    ) -> Result<ClusterConnection, EngineError> {
        let mut guard = slot.lock().await;
        if let Some(c) = guard.as_ref() {
            return Ok(c.clone());
        }
        let c = client.get_async_connection().await.map_err(|e| classify(&e))?;
        *guard = Some(c.clone());
        Ok(c)
    }

    async fn query<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Result<T, RawError> {
        match &self.conn {
            Conn::Single(m) => {
                let mut c = m.clone();
                cmd.query_async(&mut c).await.map_err(RawError::Redis)
            }
            Conn::Cluster(cluster) => {
                let (client, slot) = &**cluster;
                let mut c = Self::cluster_conn(client, slot).await.map_err(RawError::Engine)?;
                cmd.query_async(&mut c).await.map_err(RawError::Redis)
            }
        }
    }

    async fn invoke<T: redis::FromRedisValue>(&self, inv: &redis::ScriptInvocation<'_>) -> Result<T, RawError> {
        async fn run<T: redis::FromRedisValue, C: ConnectionLike>(
            inv: &redis::ScriptInvocation<'_>,
            c: &mut C,
        ) -> Result<T, RawError> {
            inv.invoke_async(c).await.map_err(RawError::Redis)
        }
        match &self.conn {
            Conn::Single(m) => run(inv, &mut m.clone()).await,
            Conn::Cluster(cluster) => {
                let (client, slot) = &**cluster;
                let mut c = Self::cluster_conn(client, slot).await.map_err(RawError::Engine)?;
                run(inv, &mut c).await
            }
        }
    }

    /// FUNCTION LOAD REPLACE (on every master of a cluster).
    pub async fn load_library(&self) -> Result<(), EngineError> {
        let mut cmd = redis::cmd("FUNCTION");
        cmd.arg("LOAD").arg("REPLACE").arg(library_source());
        self.with_timeout(async {
            match self.query::<redis::Value>(&cmd).await {
                Ok(_) => Ok(()),
                Err(e) => Err(e.into_engine()),
            }
        })
        .await
    }

    /// Runs `op` on one slot: FCALL tollgate_<op> (reloading the library once if Redis
    /// lost it), or the script.
    async fn call<T: redis::FromRedisValue>(&self, op: &str, slot: &Slot, args: &[String]) -> Result<T, EngineError> {
        let keys = slot.keys();
        let (kind, value) = slot.expiry.lua_args();
        let script = || async {
            let mut inv = self.script.prepare_invoke();
            inv.key(&keys[..]).arg(op).arg(kind).arg(value).arg(args);
            self.invoke(&inv).await.map_err(RawError::into_engine)
        };
        self.with_timeout(async {
            if self.uses_scripts() {
                return script().await;
            }
            let mut cmd = redis::cmd("FCALL");
            cmd.arg(format!("tollgate_{op}"))
                .arg(keys.len())
                .arg(&keys[..])
                .arg(kind)
                .arg(value)
                .arg(args);
            match self.query(&cmd).await {
                Err(RawError::Redis(e)) if function_missing(&e) => match self.load_library().await {
                    Ok(()) => self.query(&cmd).await.map_err(RawError::into_engine),
                    // FUNCTION LOAD refused (ACLs, a managed Redis): the same Lua as a script.
                    Err(EngineError::Redis(why)) => {
                        self.fall_back_to_scripts(&why);
                        script().await
                    }
                    Err(e) => Err(e),
                },
                Err(RawError::Redis(e)) if functions_refused(&e) => {
                    self.fall_back_to_scripts(&e.to_string());
                    script().await
                }
                other => other.map_err(RawError::into_engine),
            }
        })
        .await
    }

    fn fall_back_to_scripts(&self, why: &str) {
        self.scripts.store(true, Ordering::Relaxed);
        let line = serde_json::json!({"msg": "Redis Functions refused: running EVALSHA scripts", "why": why});
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    /// Holds `amount` in `slot` for `id` unless used + held + amount > limit.
    pub async fn reserve(
        &self,
        slot: &Slot,
        id: &str,
        amount: u64,
        limit: u64,
        hold_ms: u64,
    ) -> Result<(Held, Totals), EngineError> {
        let args = [
            id.to_owned(),
            amount.to_string(),
            limit.to_string(),
            hold_ms.to_string(),
        ];
        let (status, used, held): (i64, i64, i64) = self.call("reserve", slot, &args).await?;
        let verdict = match status {
            1 => Held::New,
            2 => Held::Already,
            3 => Held::Settled,
            _ => Held::Refused,
        };
        Ok((
            verdict,
            Totals {
                used: nonneg(used),
                held: nonneg(held),
            },
        ))
    }

    /// Drops `id`'s hold and charges `amount`; `mark` remembers `id` as settled (false: the
    /// rollback of a refused reserve). Returns whether it was settled before.
    pub async fn settle(&self, slot: &Slot, id: &str, amount: u64, mark: bool) -> Result<(bool, Totals), EngineError> {
        let args = [
            id.to_owned(),
            amount.to_string(),
            if mark { "1" } else { "0" }.to_owned(),
        ];
        let (already, used, held): (i64, i64, i64) = self.call("settle", slot, &args).await?;
        Ok((
            already == 1,
            Totals {
                used: nonneg(used),
                held: nonneg(held),
            },
        ))
    }

    /// Moves `id`'s hold deadline to now + hold_ms; false when the hold was gone.
    pub async fn renew(&self, slot: &Slot, id: &str, hold_ms: u64) -> Result<bool, EngineError> {
        let args = [id.to_owned(), hold_ms.to_string()];
        let moved: i64 = self.call("renew", slot, &args).await?;
        Ok(moved == 1)
    }

    /// The slot's counters and its keys' latest expiry (unix s; None when it has no key).
    pub async fn readout(&self, slot: &Slot) -> Result<(Totals, Option<u64>), EngineError> {
        let (used, held, latest): (i64, i64, i64) = self.call("readout", slot, &[]).await?;
        let latest = u64::try_from(latest).ok();
        Ok((
            Totals {
                used: nonneg(used),
                held: nonneg(held),
            },
            latest,
        ))
    }

    /// Deletes the slot's keys; true when it had any.
    pub async fn reset(&self, slot: &Slot) -> Result<bool, EngineError> {
        let n: i64 = self.call("reset", slot, &[]).await?;
        Ok(n == 1)
    }

    /// PING (on one node of a cluster).
    pub async fn ping(&self) -> Result<(), EngineError> {
        let cmd = redis::cmd("PING");
        self.with_timeout(async {
            self.query::<String>(&cmd)
                .await
                .map(|_| ())
                .map_err(RawError::into_engine)
        })
        .await
    }
}

enum RawError {
    Redis(RedisError),
    Engine(EngineError),
}

impl RawError {
    fn into_engine(self) -> EngineError {
        match self {
            RawError::Redis(e) => classify(&e),
            RawError::Engine(e) => e,
        }
    }
}
