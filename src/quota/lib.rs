//! tollgate's quota service (`tollgate-quota`): the global store of the filter's budgets.
//! Stateless: every counter, hold and settlement lives in Redis, so any replica serves any
//! call. The contract with the filter is docs/quota-api.md. Modules: `config` (flags),
//! `api` (wire format and validation), `slot` (slot strings and key names), `engine`
//! (Redis and the Lua library), `server` (HTTP), `metrics`. No filter code lives here.

pub mod api;
pub mod config;
pub mod engine;
pub mod metrics;
pub mod server;
pub mod slot;

use std::sync::Arc;

/// Builds the engine, loads the Lua library (if Redis answers) and the shared state.
pub async fn start(config: &config::Config) -> Result<Arc<server::App>, engine::EngineError> {
    let engine = engine::Engine::new(
        &config.target,
        config.force_scripts,
        config.redis_timeout,
        config.redis_ca.as_deref(),
    )?;
    match engine.prepare().await {
        Ok(()) => {}
        // Redis is not there yet: the first op loads the library when it is.
        Err(engine::EngineError::Unavailable(_)) => {}
        Err(e) => return Err(e),
    }
    Ok(Arc::new(server::App::new(engine, &config.token)))
}
