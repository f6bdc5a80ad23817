//! The Envoy adapter (proxy-wasm 0.2): translates host callbacks into core calls and
//! core verdicts into host actions. Holds no policy: every decision is the core's.
//! Must not be compiled into the browser build; must never touch request headers after
//! they were continued (the SDK panics on the host's BadArgument, which aborts the VM).
//! Built for wasm32 only (natively the crate is empty).
#![cfg(target_arch = "wasm32")]

mod host;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, UNIX_EPOCH};

use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel};

use host::{CapturedHeaders, HostMetrics, SharedData, log, response_header};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Engine, InFlight};
use tollgate_core::flow::{Effect, Head, Host, Level, Next, Output, RequestFlow};

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root { engine: None, metrics: Rc::new(HostMetrics::define()), pending: HashMap::new(), in_flight: Rc::new(RefCell::new(InFlight::new())), last_renewal: 0 }) });
}}

struct Root {
    engine: Option<Rc<Engine>>,
    metrics: Rc<HostMetrics>,
    /// Webhook calls in flight: token → alert key.
    pending: HashMap<u32, String>,
    /// This VM's admitted requests and their holds, renewed on the tick.
    in_flight: Rc<RefCell<InFlight>>,
    last_renewal: u64,
}

impl Context for Root {
    fn on_http_call_response(&mut self, token: u32, _headers: usize, _body: usize, _trailers: usize) {
        let key = self.pending.remove(&token).unwrap_or_default();
        let status = self.get_http_call_response_header(":status").unwrap_or_default();
        if status.starts_with('2') {
            self.metrics.webhook("sent");
        } else {
            self.metrics.webhook("failed");
            let status = if status.is_empty() {
                "no response (timeout or reset)".to_string()
            } else {
                format!("status {status}")
            };
            log(
                LogLevel::Error,
                &format!("tollgate: alert webhook failed for `{key}`: {status}"),
            );
        }
    }
}

impl RootContext for Root {
    fn on_configure(&mut self, _size: usize) -> bool {
        let bytes = self.get_plugin_configuration().unwrap_or_default();
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                log(
                    LogLevel::Critical,
                    "tollgate: plugin configuration is not UTF-8; refusing to start",
                );
                return false;
            }
        };
        match Policy::from_json(&text) {
            Ok(policy) => {
                log(
                    LogLevel::Info,
                    &format!(
                        "tollgate: configured: {} budgets, {} routing rules, {} priced models, hold_request_headers={}",
                        policy.budgets.len(),
                        policy.routing.len(),
                        policy.prices.len(),
                        policy.hold_request_headers
                    ),
                );
                let engine = Engine::new(policy);
                if let Some(warning) = engine.note_start(&SharedData, unix_seconds(self)) {
                    log(LogLevel::Warn, &warning);
                }
                // The tick renews the holds of long requests, and sends queued alerts.
                let tick = if engine.policy.alerts.as_ref().is_some_and(|a| a.webhook.is_some()) {
                    Duration::from_millis(500)
                } else {
                    Duration::from_secs(engine.renewal_period_seconds())
                };
                self.set_tick_period(tick);
                self.engine = Some(Rc::new(engine));
                true
            }
            Err(e) => {
                log(LogLevel::Critical, &format!("tollgate: {e}; refusing to start"));
                false
            }
        }
    }

    fn create_http_context(&self, context_id: u32) -> Option<Box<dyn HttpContext>> {
        let engine = self.engine.clone()?;
        Some(Box::new(Filter {
            engine,
            metrics: self.metrics.clone(),
            in_flight: self.in_flight.clone(),
            headers: CapturedHeaders::default(),
            flow: RequestFlow::new(context_id),
            headers_continued: false,
        }))
    }

    /// Renews the holds of requests still in flight, and sends queued alerts to the
    /// webhook (from the root context, which outlives requests).
    fn on_tick(&mut self) {
        if let Some(engine) = self.engine.clone() {
            let now = unix_seconds(self);
            if now >= self.last_renewal.saturating_add(engine.renewal_period_seconds()) {
                self.last_renewal = now;
                self.in_flight
                    .borrow_mut()
                    .renew_due(&engine, now, &SharedData, self.metrics.as_ref());
            }
        }
        let Some(hook) = self
            .engine
            .as_ref()
            .and_then(|e| e.policy.alerts.as_ref())
            .and_then(|a| a.webhook.clone())
        else {
            return;
        };
        let queued = self.metrics.alerts.borrow_mut().drain();
        let headers = hook.request_headers();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        for alert in queued {
            match self.dispatch_http_call(
                &hook.cluster,
                headers.clone(),
                Some(&alert.webhook_body()),
                vec![],
                Duration::from_millis(hook.timeout_ms),
            ) {
                Ok(token) => {
                    self.pending.insert(token, alert.key);
                }
                Err(status) => {
                    self.metrics.webhook("failed");
                    log(
                        LogLevel::Error,
                        &format!(
                            "tollgate: alert webhook to cluster `{}` could not be sent for `{}`: {status:?}",
                            hook.cluster, alert.key
                        ),
                    );
                }
            }
        }
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }
}

struct Filter {
    engine: Rc<Engine>,
    metrics: Rc<HostMetrics>,
    in_flight: Rc<RefCell<InFlight>>,
    headers: CapturedHeaders,
    flow: RequestFlow,
    /// The request headers went upstream (a later header change is refused by the host).
    headers_continued: bool,
}

/// The host's clock, in unix seconds (the core takes time as this value).
fn unix_seconds(context: &dyn Context) -> u64 {
    context
        .get_current_time()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Filter {
    fn now(&self) -> u64 {
        unix_seconds(self)
    }

    /// Runs one step of the request's flow with this request's host capabilities.
    fn step(&mut self, run: impl FnOnce(&mut RequestFlow, &Engine, &Host) -> Output) -> Output {
        let now = self.now();
        let host = Host {
            attrs: &self.headers,
            store: &SharedData,
            metrics: self.metrics.as_ref(),
            now,
            in_flight: Some(self.in_flight.as_ref()),
        };
        run(&mut self.flow, &self.engine, &host)
    }

    /// Carries out the effects of a step, then answers the host.
    fn apply(&mut self, out: Output, body_size: usize) -> Action {
        for effect in out.effects {
            match effect {
                Effect::Reply(reply) => {
                    let headers: Vec<(&str, &str)> =
                        reply.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    self.send_http_response(reply.status, headers, Some(&reply.body));
                }
                Effect::SetRequestHeader(name, value) => {
                    // Once continued, the host refuses header changes (the SDK would trap).
                    if !self.headers_continued {
                        self.set_http_request_header(name, value.as_deref());
                    }
                }
                Effect::ReplaceRequestBody(body) => self.set_http_request_body(0, body_size, &body),
                Effect::RemoveResponseHeader(name) => self.set_http_response_header(name, None),
                Effect::AddResponseHeader(name, value) => self.add_http_response_header(&name, &value),
                Effect::ReplaceResponseChunk(bytes) => self.set_http_response_body(0, body_size, &bytes),
                Effect::Log(Level::Info, line) => log(LogLevel::Info, &line),
                Effect::Log(Level::Warn, line) => log(LogLevel::Warn, &line),
            }
        }
        match out.next {
            Next::Continue => Action::Continue,
            Next::Pause => Action::Pause,
        }
    }
}

impl Context for Filter {}

impl HttpContext for Filter {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.headers = CapturedHeaders::capture_request();
        let method = self.headers.get(":method").unwrap_or_default();
        let path = self.headers.get(":path").unwrap_or_default();
        let content_encoding = self.headers.get("content-encoding");
        let content_length = self.headers.get("content-length").and_then(|v| v.trim().parse().ok());
        let authorization = self.headers.get("authorization");
        let head = Head {
            method: &method,
            path: &path,
            content_encoding: content_encoding.as_deref(),
            content_length,
            authorization: authorization.as_deref(),
            end_of_stream,
        };
        let out = self.step(|flow, engine, host| flow.request_head(engine, host, &head));
        let action = self.apply(out, 0);
        self.headers_continued = action == Action::Continue;
        action
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let out = self.step(|flow, engine, host| {
            flow.request_body(engine, host, body_size, end_of_stream, || host::request_body(body_size))
        });
        self.apply(out, body_size)
    }

    fn on_http_request_trailers(&mut self, _num_trailers: usize) -> Action {
        let out = self.step(|flow, engine, host| flow.request_trailers(engine, host));
        self.apply(out, 0)
    }

    fn on_http_response_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        let status = response_header(":status").and_then(|s| s.trim().parse().ok());
        let content_type = response_header("content-type");
        let content_encoding = response_header("content-encoding");
        let out = self.step(|flow, engine, host| {
            flow.response_head(
                engine,
                host,
                status,
                content_type.as_deref(),
                content_encoding.as_deref(),
                end_of_stream,
            )
        });
        self.apply(out, 0)
    }

    fn on_http_response_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let out = self.step(|flow, engine, host| {
            flow.response_chunk(engine, host, end_of_stream, || host::response_body(body_size))
        });
        self.apply(out, body_size)
    }

    fn on_log(&mut self) {
        let reached = host::upstream_reached();
        let out = self.step(|flow, engine, host| flow.end(engine, host, reached));
        let _ = self.apply(out, 0);
    }
}
