//! The HTTP side: axum routes for docs/quota-api.md (HTTP/1.1 and h2c), bearer-token
//! check, one JSON log line per call on stderr, metrics. Multi-budget reserve is here (one
//! engine call per budget, rollback of earlier holds on a refusal); every counter lives in
//! Redis, so any replica can serve any call. Knows no Lua and no key names.

use std::future::Future;
use std::io::Write as _;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

use crate::api::{self, ErrorBody, ErrorDetail, FieldError};
use crate::engine::{Engine, EngineError, Held};
use crate::metrics::Metrics;
use crate::slot::Expiry;

/// The shared state of every request.
pub struct App {
    pub engine: Engine,
    pub metrics: Metrics,
    token_digest: [u8; 32],
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl App {
    pub fn new(engine: Engine, token: &str) -> App {
        App {
            engine,
            metrics: Metrics::default(),
            token_digest: digest(token.as_bytes()),
        }
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return false;
        };
        let Some(token) = value.as_bytes().strip_prefix(b"Bearer ") else {
            return false;
        };
        // Digests compared, so the time taken says nothing about the token's bytes.
        digest(token) == self.token_digest
    }
}

/// Why a call did not answer 200.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("missing or wrong bearer token")]
    Unauthorized,
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("{0}")]
    Internal(String),
}

impl CallError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            CallError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "unauthorized"),
            CallError::Invalid(_) => (StatusCode::BAD_REQUEST, "invalid_request", "invalid"),
            CallError::Engine(EngineError::Unavailable(_)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "redis_unavailable",
                "redis_unavailable",
            ),
            CallError::Engine(_) | CallError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal")
            }
        }
    }

    fn response(&self) -> Response {
        let (status, code, _) = self.parts();
        let field = match self {
            CallError::Invalid(e) => Some(e.field.clone()),
            _ => None,
        };
        let message = match self {
            CallError::Invalid(e) => e.message.clone(),
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail { code, message, field },
        };
        json_response(status, &body)
    }
}

fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal").into_response(),
    }
}

fn now_unix() -> Result<u64, CallError> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| CallError::Internal("the clock is before 1970".to_owned()))
}

/// A finished call: its answer, the outcome label and the reservation id for the log.
struct Done {
    body: Response,
    outcome: &'static str,
}

fn log_line(op: &str, id: Option<&str>, outcome: &str, status: u16, ms: f64, error: Option<String>) {
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let line = serde_json::json!({
        "ts_ms": ts, "op": op, "id": id, "outcome": outcome, "status": status,
        "ms": (ms * 1000.0).round() / 1000.0, "error": error,
    });
    // A closed stderr must not take the service down: the write's error is dropped.
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Runs one call: token check, the op, metrics, the log line.
async fn run<F>(app: &App, op: &'static str, headers: &HeaderMap, id: Option<String>, f: F) -> Response
where
    F: Future<Output = Result<Done, CallError>>,
{
    let start = Instant::now();
    let result = if app.authorized(headers) {
        f.await
    } else {
        Err(CallError::Unauthorized)
    };
    let elapsed = start.elapsed();
    let ms = elapsed.as_secs_f64() * 1000.0;
    match result {
        Ok(done) => {
            app.metrics.record(op, done.outcome, elapsed);
            log_line(op, id.as_deref(), done.outcome, 200, ms, None);
            done.body
        }
        Err(e) => {
            let (status, _, outcome) = e.parts();
            if matches!(e, CallError::Engine(_)) {
                app.metrics.redis_error();
            }
            app.metrics.record(op, outcome, elapsed);
            log_line(op, id.as_deref(), outcome, status.as_u16(), ms, Some(e.to_string()));
            e.response()
        }
    }
}

/// The id for the log line, read leniently (the real check comes with the op).
fn peek_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Peek {
        id: Option<String>,
    }
    serde_json::from_slice::<Peek>(body).ok().and_then(|p| p.id)
}

fn ok<T: Serialize>(body: &T, outcome: &'static str) -> Done {
    Done {
        body: json_response(StatusCode::OK, body),
        outcome,
    }
}

async fn reserve(app: &App, body: &[u8]) -> Result<Done, CallError> {
    let r = api::parse::<api::ReserveWire>(body)?.check(now_unix()?)?;
    let engine = &app.engine;
    let mut answers = Vec::with_capacity(r.budgets.len());
    let mut taken: Vec<usize> = Vec::new();
    let mut refused_by = None;
    for (i, b) in r.budgets.iter().enumerate() {
        let outcome = engine.reserve(&b.slot, &r.id, b.amount, b.limit, r.hold_ms).await;
        let (held, totals) = match outcome {
            Ok(x) => x,
            Err(e) => {
                // Give back what this call took; holds that cannot be released expire.
                for &j in &taken {
                    if let Some(tb) = r.budgets.get(j) {
                        let _ = engine.settle(&tb.slot, &r.id, 0, false).await;
                    }
                }
                return Err(e.into());
            }
        };
        let admitted = held != Held::Refused;
        if matches!(held, Held::New | Held::Already) {
            taken.push(i);
        }
        answers.push(api::ReserveBudgetAnswer {
            slot: b.slot.encode(),
            admitted,
            limit: b.limit,
            used: totals.used,
            held: totals.held,
            reset_at: b.reset_at,
        });
        if !admitted {
            refused_by = Some(i);
            break;
        }
    }
    if let Some(refused) = refused_by {
        for &j in &taken {
            let (Some(tb), Some(answer)) = (r.budgets.get(j), answers.get_mut(j)) else {
                continue;
            };
            let (_, totals) = engine.settle(&tb.slot, &r.id, 0, false).await?;
            answer.used = totals.used;
            answer.held = totals.held;
        }
        // The budgets after the refusing one were not asked to hold: their read-out says
        // whether they would have admitted.
        for b in r.budgets.iter().skip(refused + 1) {
            let (totals, _) = engine.readout(&b.slot).await?;
            let fits = totals.used.saturating_add(totals.held).saturating_add(b.amount) <= b.limit;
            answers.push(api::ReserveBudgetAnswer {
                slot: b.slot.encode(),
                admitted: fits,
                limit: b.limit,
                used: totals.used,
                held: totals.held,
                reset_at: b.reset_at,
            });
        }
    }
    let answer = api::ReserveAnswer {
        id: r.id,
        admitted: refused_by.is_none(),
        refused_by,
        budgets: answers,
    };
    let outcome = if answer.admitted { "admitted" } else { "refused" };
    Ok(ok(&answer, outcome))
}

async fn settle_all(app: &App, s: api::Settle) -> Result<Done, CallError> {
    let mut budgets = Vec::with_capacity(s.charges.len());
    for (text, slot, amount) in s.charges {
        let (already, totals) = app.engine.settle(&slot, &s.id, amount, true).await?;
        budgets.push(api::SettleBudgetAnswer {
            slot: text,
            used: totals.used,
            held: totals.held,
            already_settled: already,
        });
    }
    Ok(ok(&api::SettleAnswer { id: s.id, budgets }, "ok"))
}

async fn settle(app: &App, body: &[u8]) -> Result<Done, CallError> {
    let s = api::parse::<api::SettleWire>(body)?.check()?;
    settle_all(app, s).await
}

async fn release(app: &App, body: &[u8]) -> Result<Done, CallError> {
    let s = api::parse::<api::ReleaseWire>(body)?.check()?;
    settle_all(app, s).await
}

async fn renew(app: &App, body: &[u8]) -> Result<Done, CallError> {
    let r = api::parse::<api::RenewWire>(body)?.check()?;
    let mut renewed = Vec::with_capacity(r.slots.len());
    for slot in &r.slots {
        renewed.push(app.engine.renew(slot, &r.id, r.hold_ms).await?);
    }
    Ok(ok(&api::RenewAnswer { id: r.id, renewed }, "ok"))
}

async fn readout(app: &App, body: &[u8]) -> Result<Done, CallError> {
    let lookups = api::parse::<api::ReadoutWire>(body)?.check(now_unix()?, true)?;
    let mut budgets = Vec::with_capacity(lookups.len());
    for l in lookups {
        let (totals, latest) = app.engine.readout(&l.slot).await?;
        let reset_at = match (l.slot.expiry, latest) {
            (Expiry::Idle(_), Some(t)) => t,
            _ => l.reset_at,
        };
        budgets.push(api::ReadoutBudgetAnswer {
            slot: l.slot.encode(),
            limit: l.limit,
            used: totals.used,
            held: totals.held,
            reset_at,
        });
    }
    Ok(ok(&api::ReadoutAnswer { budgets }, "ok"))
}

async fn reset(app: &App, body: &[u8]) -> Result<Done, CallError> {
    let lookups = api::parse::<api::ReadoutWire>(body)?.check(now_unix()?, false)?;
    let mut n = 0;
    for l in lookups {
        if app.engine.reset(&l.slot).await? {
            n += 1;
        }
    }
    Ok(ok(&api::ResetAnswer { reset: n }, "ok"))
}

/// An axum handler around one op: the body's id for the log, then `run`.
macro_rules! route {
    ($handler:ident, $op:literal, $f:ident) => {
        async fn $handler(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
            let id = peek_id(&body);
            run(&app, $op, &headers, id, $f(&app, &body)).await
        }
    };
}

route!(reserve_route, "reserve", reserve);
route!(settle_route, "settle", settle);
route!(release_route, "release", release);
route!(renew_route, "renew", renew);
route!(readout_route, "readout", readout);
route!(reset_route, "reset", reset);

async fn healthz(State(app): State<Arc<App>>) -> Response {
    match app.engine.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            app.metrics.redis_error();
            (StatusCode::SERVICE_UNAVAILABLE, format!("{e}")).into_response()
        }
    }
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
    let body = Body::from(app.metrics.render());
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        body,
    )
        .into_response()
}

/// The routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/v1/reserve", post(reserve_route))
        .route("/v1/settle", post(settle_route))
        .route("/v1/release", post(release_route))
        .route("/v1/renew", post(renew_route))
        .route("/v1/readout", post(readout_route))
        .route("/v1/reset", post(reset_route))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(app)
}

/// Serves HTTP/1.1 and h2c (prior knowledge) on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}
