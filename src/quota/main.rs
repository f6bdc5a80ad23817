//! The `tollgate-quota` binary: reads the configuration, starts the engine and serves until
//! SIGTERM or Ctrl-C. All the logic lives in the library.

use std::io::Write as _;
use std::process::ExitCode;

use tollgate_quota::config::{self, ConfigError};

fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match config::parse(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(ConfigError::Help) => {
            say(config::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            say(&format!("tollgate-quota: {e}"));
            return ExitCode::from(2);
        }
    };
    let app = match tollgate_quota::start(&config).await {
        Ok(app) => app,
        Err(e) => {
            say(&format!("tollgate-quota: {e}"));
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&config.listen).await {
        Ok(l) => l,
        Err(e) => {
            say(&format!("tollgate-quota: cannot listen on {}: {e}", config.listen));
            return ExitCode::from(2);
        }
    };
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    say(&serde_json::json!({
        "msg": "listening", "addr": addr,
        "redis_mode": if app.engine.uses_scripts() { "scripts" } else { "functions" },
    })
    .to_string());
    if let Err(e) = tollgate_quota::server::serve(listener, app, shutdown()).await {
        say(&format!("tollgate-quota: {e}"));
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
