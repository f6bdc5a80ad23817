//! The Envoy adapter (proxy-wasm 0.2): translates host callbacks into core calls and
//! core verdicts into host actions. Holds no policy: every decision is the core's.
//! Must not be compiled into the browser build; must never touch request headers after
//! they were continued (the SDK panics on the host's BadArgument, which aborts the VM).
//! Built for wasm32 only (natively the crate is empty).
#![cfg(target_arch = "wasm32")]

mod host;

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::{Duration, UNIX_EPOCH};

use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel};

use host::{CapturedHeaders, FLUSH_PERIOD_MS, HostMetrics, SharedData, log, response_header};
use tollgate_core::config::Policy;
use tollgate_core::engine::{Engine, InFlight, Metric, Metrics};
use tollgate_core::flow::{Effect, Head, Host, Level, Next, Output, RequestFlow};
use tollgate_core::global::{Call, CallKind};

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root { engine: None, metrics: Rc::new(HostMetrics::define()), pending: HashMap::new(), in_flight: Rc::new(RefCell::new(InFlight::new())), last_renewal: 0, settles: Rc::new(RefCell::new(VecDeque::new())) }) });
}}

struct Root {
    engine: Option<Rc<Engine>>,
    metrics: Rc<HostMetrics>,
    /// Calls in flight from the root context.
    pending: HashMap<u32, RootCall>,
    /// This VM's admitted requests and their holds, renewed on the tick.
    in_flight: Rc<RefCell<InFlight>>,
    last_renewal: u64,
    /// Settle and release calls to the quota service, queued by requests (which may end
    /// before an answer could reach them) and sent from here on the tick.
    settles: Rc<RefCell<VecDeque<Queued>>>,
}

/// A settle or release call, how often it was sent, and when it may go again (unix ms).
struct Queued {
    call: Call,
    attempts: u32,
    due_ms: u64,
}

/// The wait before the next attempt after `attempts` failed ones: 200 ms doubling, at most
/// 10 s (a replica that died is ejected by Envoy's health checks in the meantime).
fn backoff_ms(attempts: u32) -> u64 {
    100u64.saturating_mul(1u64 << attempts.min(7)).min(10_000)
}

/// The host's clock in unix milliseconds.
fn unix_ms(context: &dyn Context) -> u64 {
    context
        .get_current_time()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

enum RootCall {
    /// A webhook call: the alert key.
    Webhook(String),
    Settle(Queued),
}

impl Root {
    /// Sends the queued settle and release calls.
    fn send_settles(&mut self, engine: &Engine) {
        let Some(global) = engine.policy.global.as_ref() else {
            return;
        };
        let now = unix_ms(self);
        let queued: Vec<Queued> = {
            let mut all = self.settles.borrow_mut();
            let (due, later): (Vec<Queued>, Vec<Queued>) = all.drain(..).partition(|q| q.due_ms <= now);
            all.extend(later);
            due
        };
        for q in queued {
            let headers = global.request_headers(q.call.path);
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            match self.dispatch_http_call(
                &global.cluster,
                headers,
                Some(&q.call.body),
                vec![],
                Duration::from_millis(global.timeout_ms.max(1000)),
            ) {
                Ok(token) => {
                    self.pending.insert(token, RootCall::Settle(q));
                }
                Err(status) => self.settle_failed(q, &format!("not sent: {status:?}"), global.settle_attempts),
            }
        }
    }

    /// A settle call failed: queued again, or given up (its holds expire in Redis).
    fn settle_failed(&mut self, q: Queued, why: &str, attempts: u32) {
        if q.attempts + 1 < attempts {
            self.metrics.add(Metric::GlobalSettleRetries, 1);
            let due_ms = unix_ms(self).saturating_add(backoff_ms(q.attempts + 1));
            self.settles.borrow_mut().push_back(Queued {
                call: q.call,
                attempts: q.attempts + 1,
                due_ms,
            });
        } else {
            self.metrics.add(Metric::GlobalSettlesLost, 1);
            log(
                LogLevel::Error,
                &format!(
                    "tollgate: quota service {} lost after {} attempts ({why}); its holds expire by themselves",
                    q.call.path,
                    q.attempts + 1
                ),
            );
        }
    }
}

impl Context for Root {
    /// The VM ends (a new configuration, Envoy draining): the metric changes still in the
    /// VM go to Envoy.
    fn on_done(&mut self) -> bool {
        self.metrics.flush();
        true
    }

    fn on_http_call_response(&mut self, token: u32, _headers: usize, _body: usize, _trailers: usize) {
        let status = self.get_http_call_response_header(":status").unwrap_or_default();
        let key = match self.pending.remove(&token) {
            Some(RootCall::Webhook(key)) => key,
            Some(RootCall::Settle(q)) => {
                if !status.starts_with('2') {
                    let attempts = self
                        .engine
                        .as_ref()
                        .and_then(|e| e.policy.global.as_ref())
                        .map_or(1, |g| g.settle_attempts);
                    let why = if status.is_empty() {
                        "no response".to_string()
                    } else {
                        format!("status {status}")
                    };
                    self.settle_failed(q, &why, attempts);
                }
                return;
            }
            None => String::new(),
        };
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
                let tick = if engine.policy.global.is_some() {
                    // Settles of global budgets leave soon after their request ends (a
                    // request's context cannot send them: its calls die with it).
                    Duration::from_millis(20)
                } else if engine.policy.alerts.as_ref().is_some_and(|a| a.webhook.is_some()) {
                    Duration::from_millis(500)
                } else {
                    Duration::from_secs(engine.renewal_period_seconds())
                };
                // The metrics summed in the VM reach Envoy on the tick.
                self.set_tick_period(tick.min(Duration::from_millis(FLUSH_PERIOD_MS)));
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
            settles: self.settles.clone(),
            headers: CapturedHeaders::default(),
            flow: RequestFlow::new(context_id),
            headers_continued: false,
            reserve_call: None,
            body_size: 0,
        }))
    }

    /// Hands the VM's metric changes to Envoy, renews the holds of requests still in flight,
    /// and sends queued alerts to the webhook (from the root context, which outlives
    /// requests).
    fn on_tick(&mut self) {
        self.metrics.flush();
        if let Some(engine) = self.engine.clone() {
            let now = unix_seconds(self);
            if now >= self.last_renewal.saturating_add(engine.renewal_period_seconds()) {
                self.last_renewal = now;
                self.in_flight
                    .borrow_mut()
                    .renew_due(&engine, now, &SharedData, self.metrics.as_ref());
            }
            // Leases past their time settle what their requests used.
            let ended = self.in_flight.borrow_mut().leases.expired(now);
            self.settles.borrow_mut().extend(ended.into_iter().map(|call| Queued {
                call,
                attempts: 0,
                due_ms: 0,
            }));
            self.send_settles(&engine);
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
                    self.pending.insert(token, RootCall::Webhook(alert.key));
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
    /// The VM's queue of settle calls (sent by the root context).
    settles: Rc<RefCell<VecDeque<Queued>>>,
    headers: CapturedHeaders,
    flow: RequestFlow,
    /// The request headers went upstream (a later header change is refused by the host).
    headers_continued: bool,
    /// The token of the reserve call this request waits for.
    reserve_call: Option<u32>,
    /// The request body's buffered size (a body replaced after the quota service's
    /// answer replaces all of it).
    body_size: usize,
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
                Effect::Call(call) => self.call(call),
            }
        }
        match out.next {
            Next::Continue => Action::Continue,
            Next::Pause => Action::Pause,
        }
    }
}

impl Filter {
    /// Makes a call to the quota service: a reserve from this request (its answer comes
    /// back to `on_http_call_response`), a settle through the VM's queue.
    fn call(&mut self, call: Call) {
        let Some(global) = self.engine.policy.global.as_ref() else {
            return;
        };
        if call.kind == CallKind::Settle {
            self.settles.borrow_mut().push_back(Queued {
                call,
                attempts: 0,
                due_ms: 0,
            });
            return;
        }
        let headers = global.request_headers(call.path);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        match self.dispatch_http_call(
            &global.cluster,
            headers,
            Some(&call.body),
            vec![],
            Duration::from_millis(global.timeout_ms),
        ) {
            Ok(token) => self.reserve_call = Some(token),
            Err(status) => {
                log(
                    LogLevel::Warn,
                    &format!(
                        "tollgate: quota service call to cluster `{}` not sent: {status:?}",
                        global.cluster
                    ),
                );
                self.answer(None, &[]);
            }
        }
    }

    /// Feeds the quota service's answer to the flow and resumes the request if it goes on.
    fn answer(&mut self, status: Option<u32>, body: &[u8]) {
        let out = self.step(|flow, engine, host| flow.global_answer(engine, host, status, body));
        let size = self.body_size;
        if self.apply(out, size) == Action::Continue {
            self.resume_http_request();
        }
    }
}

impl Context for Filter {
    fn on_http_call_response(&mut self, token: u32, _headers: usize, body_size: usize, _trailers: usize) {
        if self.reserve_call != Some(token) || !self.flow.asking() {
            return;
        }
        self.reserve_call = None;
        let status = self
            .get_http_call_response_header(":status")
            .and_then(|s| s.trim().parse().ok());
        let body = self.get_http_call_response_body(0, body_size).unwrap_or_default();
        self.answer(status, &body);
    }
}

impl HttpContext for Filter {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.headers = CapturedHeaders::capture_request();
        let method = self.headers.get(":method").unwrap_or_default();
        let path = self.headers.get(":path").unwrap_or_default();
        let content_encoding = self.headers.get("content-encoding");
        let content_length = self.headers.get("content-length").and_then(|v| v.trim().parse().ok());
        let authorization = self.headers.get("authorization");
        let request_id = self.headers.get("x-request-id").unwrap_or_else(|| {
            let nanos = self
                .get_current_time()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("t{nanos}")
        });
        let head = Head {
            request_id: Some(&request_id),
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
        self.body_size = body_size;
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
        // Only an admitted request reads its response (the flow ignores the others).
        if !self.flow.in_flight() {
            return Action::Continue;
        }
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
        if !self.flow.in_flight() {
            return Action::Continue;
        }
        let out = self.step(|flow, engine, host| {
            flow.response_chunk(engine, host, end_of_stream, || host::response_body(body_size))
        });
        self.apply(out, body_size)
    }

    fn on_log(&mut self) {
        // Settled already (or never admitted): nothing to end, no property to read.
        if !self.flow.in_flight() {
            return;
        }
        let reached = host::upstream_reached();
        let out = self.step(|flow, engine, host| flow.end(engine, host, reached));
        let _ = self.apply(out, 0);
    }
}
