//! The service's configuration from flags with environment fallbacks (flag wins). Reads
//! the token file; opens no socket and no Redis connection.

use std::time::Duration;

use crate::engine::Target;

pub const USAGE: &str = "tollgate-quota: the quota service of tollgate's global budgets (Redis)

usage: tollgate-quota [flags]
  --listen ADDR          where to serve HTTP/1.1 and h2c   [TOLLGATE_QUOTA_LISTEN, 127.0.0.1:8081]
  --redis URL            one Redis (or Valkey)             [TOLLGATE_QUOTA_REDIS, redis://127.0.0.1:6379/]
  --redis-cluster URLS   Redis Cluster seed nodes, comma-separated [TOLLGATE_QUOTA_REDIS_CLUSTER]
  --token-file PATH      the filter's bearer token         [or the token itself in TOLLGATE_QUOTA_TOKEN]
  --redis-scripts        run EVALSHA scripts instead of Redis Functions [TOLLGATE_QUOTA_REDIS_SCRIPTS=1]
  --redis-timeout-ms N   bound on one Redis op             [TOLLGATE_QUOTA_REDIS_TIMEOUT_MS, 1000]
  --redis-ca-file PATH   PEM CA to verify a rediss:// server with, instead of the
                         public roots (a managed Redis's private CA) [TOLLGATE_QUOTA_REDIS_CA_FILE]
  --help                 this text
A token is required: the service refuses to start without one.";

/// Everything the service needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub listen: String,
    pub target: Target,
    pub token: String,
    pub force_scripts: bool,
    pub redis_timeout: Duration,
    /// A PEM CA for `rediss://` servers (else the public roots).
    pub redis_ca: Option<Vec<u8>>,
}

/// Why the service cannot start.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} needs a value")]
    MissingValue(String),
    #[error("unknown flag `{0}` (see --help)")]
    UnknownFlag(String),
    #[error("no token: give --token-file PATH or set TOLLGATE_QUOTA_TOKEN")]
    NoToken,
    #[error("cannot read the token file {0}: {1}")]
    TokenFile(String, String),
    #[error("give --redis or --redis-cluster, not both")]
    BothTargets,
    #[error("--redis-cluster names no node")]
    NoClusterNodes,
    #[error("--redis-timeout-ms must be a whole number of milliseconds from 1 to 60000")]
    Timeout,
    #[error("cannot read the Redis CA file {0}: {1}")]
    CaFile(String, String),
    #[error("help")]
    Help,
}

/// Parses `args` (without the program name); `env` reads an environment variable.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let mut listen = None;
    let mut redis = None;
    let mut cluster = None;
    let mut token_file = None;
    let mut scripts = false;
    let mut timeout = None;
    let mut ca_file = None;
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| ConfigError::MissingValue(name.to_owned()));
        match flag.as_str() {
            "--listen" => listen = Some(value("--listen")?),
            "--redis" => redis = Some(value("--redis")?),
            "--redis-cluster" => cluster = Some(value("--redis-cluster")?),
            "--token-file" => token_file = Some(value("--token-file")?),
            "--redis-timeout-ms" => timeout = Some(value("--redis-timeout-ms")?),
            "--redis-ca-file" => ca_file = Some(value("--redis-ca-file")?),
            "--redis-scripts" => scripts = true,
            "--help" | "-h" => return Err(ConfigError::Help),
            other => return Err(ConfigError::UnknownFlag(other.to_owned())),
        }
    }
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let listen = nonempty(listen)
        .or_else(|| nonempty(env("TOLLGATE_QUOTA_LISTEN")))
        .unwrap_or_else(|| "127.0.0.1:8081".to_owned());
    let (redis, cluster) = match (nonempty(redis), nonempty(cluster)) {
        (None, None) => (
            nonempty(env("TOLLGATE_QUOTA_REDIS")),
            nonempty(env("TOLLGATE_QUOTA_REDIS_CLUSTER")),
        ),
        flags => flags,
    };
    let target = match (redis, cluster) {
        (Some(_), Some(_)) => return Err(ConfigError::BothTargets),
        (Some(url), None) => Target::Single(url),
        (None, Some(nodes)) => {
            let nodes: Vec<String> = nodes
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if nodes.is_empty() {
                return Err(ConfigError::NoClusterNodes);
            }
            Target::Cluster(nodes)
        }
        (None, None) => Target::Single("redis://127.0.0.1:6379/".to_owned()),
    };
    let token = match nonempty(token_file) {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| ConfigError::TokenFile(path.clone(), e.to_string()))?
            .trim()
            .to_owned(),
        None => env("TOLLGATE_QUOTA_TOKEN").unwrap_or_default().trim().to_owned(),
    };
    if token.is_empty() {
        return Err(ConfigError::NoToken);
    }
    let redis_ca = match nonempty(ca_file).or_else(|| nonempty(env("TOLLGATE_QUOTA_REDIS_CA_FILE"))) {
        Some(path) => Some(std::fs::read(&path).map_err(|e| ConfigError::CaFile(path.clone(), e.to_string()))?),
        None => None,
    };
    let scripts = scripts || env("TOLLGATE_QUOTA_REDIS_SCRIPTS").is_some_and(|v| v == "1" || v == "true");
    let timeout_ms = match timeout.or_else(|| nonempty(env("TOLLGATE_QUOTA_REDIS_TIMEOUT_MS"))) {
        Some(t) => t.trim().parse::<u64>().map_err(|_| ConfigError::Timeout)?,
        None => 1000,
    };
    if !(1..=60_000).contains(&timeout_ms) {
        return Err(ConfigError::Timeout);
    }
    Ok(Config {
        listen,
        target,
        token,
        force_scripts: scripts,
        redis_timeout: Duration::from_millis(timeout_ms),
        redis_ca,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_env_and_refusals() {
        let no_env = |_: &str| None;
        assert_eq!(parse(args(&[]), no_env), Err(ConfigError::NoToken));
        let env = |k: &str| match k {
            "TOLLGATE_QUOTA_TOKEN" => Some("t0k\n".to_owned()),
            "TOLLGATE_QUOTA_REDIS_CLUSTER" => Some("redis://a:1, redis://b:2".to_owned()),
            _ => None,
        };
        let c = parse(args(&["--listen", "0.0.0.0:9"]), env).unwrap();
        assert_eq!(c.token, "t0k");
        assert_eq!(c.listen, "0.0.0.0:9");
        assert_eq!(
            c.target,
            Target::Cluster(vec!["redis://a:1".to_owned(), "redis://b:2".to_owned()])
        );
        let c = parse(args(&["--redis", "redis://x/"]), env).unwrap();
        assert_eq!(c.target, Target::Single("redis://x/".to_owned()));
        assert_eq!(
            parse(args(&["--redis", "redis://x/", "--redis-cluster", "redis://y"]), env),
            Err(ConfigError::BothTargets)
        );
        assert_eq!(
            parse(args(&["--listen"]), env),
            Err(ConfigError::MissingValue("--listen".into()))
        );
    }
}
