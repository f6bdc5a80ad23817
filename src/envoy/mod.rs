//! The Envoy adapter (proxy-wasm 0.2): translates host callbacks into core calls and
//! core verdicts into host actions. Holds no policy: every decision is the core's.
//! Must not be compiled into the browser build; must never touch request headers after
//! they were continued (the SDK panics on the host's BadArgument, which aborts the VM).

mod host;

use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, UNIX_EPOCH};

use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel};

use crate::core::config::Policy;
use crate::core::engine::{BodyVerdict, Destination, Engine, HeadVerdict, Metric, RequestHead, Ticket};
use crate::core::reply::Reply;
use crate::core::usage::ResponseObserver;
use host::{CapturedHeaders, HostMetrics, SharedData, log, response_header};

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Info);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root { engine: None, metrics: Rc::new(HostMetrics::define()), pending: HashMap::new() }) });
}}

struct Root {
    engine: Option<Rc<Engine>>,
    metrics: Rc<HostMetrics>,
    /// Webhook calls in flight: token → alert key.
    pending: HashMap<u32, String>,
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
                if policy.alerts.as_ref().is_some_and(|a| a.webhook.is_some()) {
                    self.set_tick_period(Duration::from_millis(500));
                }
                self.engine = Some(Rc::new(Engine::new(policy)));
                true
            }
            Err(e) => {
                log(LogLevel::Critical, &format!("tollgate: {e}; refusing to start"));
                false
            }
        }
    }

    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        let engine = self.engine.clone()?;
        Some(Box::new(Filter {
            engine,
            metrics: self.metrics.clone(),
            headers: CapturedHeaders::default(),
            destination: None,
            path: String::new(),
            headers_continued: false,
            state: State::Idle,
            status: 0,
            observer: None,
            response_complete: false,
        }))
    }

    /// Sends queued alerts to the webhook (from the root context, which outlives requests).
    fn on_tick(&mut self) {
        let Some(hook) = self
            .engine
            .as_ref()
            .and_then(|e| e.policy.alerts.as_ref())
            .and_then(|a| a.webhook.clone())
        else {
            return;
        };
        let queued: Vec<_> = self.metrics.alerts.borrow_mut().drain(..).collect();
        for alert in queued {
            let body = serde_json::json!({"kind": alert.kind, "key": alert.key, "message": alert.message, "details": alert.details, "at": crate::core::windows::rfc3339(alert.at)}).to_string();
            let authority = hook.authority.clone().unwrap_or_else(|| hook.cluster.clone());
            let mut headers: Vec<(&str, &str)> = vec![
                (":method", "POST"),
                (":path", &hook.path),
                (":authority", &authority),
                ("content-type", "application/json"),
            ];
            for (k, v) in &hook.headers {
                headers.push((k.as_str(), v.as_str()));
            }
            match self.dispatch_http_call(
                &hook.cluster,
                headers,
                Some(body.as_bytes()),
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

enum State {
    /// Not ours, passed uncounted, or finished.
    Idle,
    /// Buffering the request body.
    Reading,
    /// We answered locally.
    Rejected,
    /// Forwarded with reservations to settle.
    Admitted {
        ticket: Box<Ticket>,
        response_headers: Vec<(String, String)>,
    },
}

struct Filter {
    engine: Rc<Engine>,
    metrics: Rc<HostMetrics>,
    headers: CapturedHeaders,
    destination: Option<Box<Destination>>,
    path: String,
    headers_continued: bool,
    state: State,
    status: u32,
    observer: Option<ResponseObserver>,
    response_complete: bool,
}

impl Filter {
    fn now(&self) -> u64 {
        self.get_current_time()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }

    fn reply(&mut self, reply: &Reply) -> Action {
        let headers: Vec<(&str, &str)> = reply.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.send_http_response(reply.status, headers, Some(&reply.body));
        self.state = State::Rejected;
        Action::Pause
    }

    /// Carries out the core's verdict on a body it could not judge: reject, or pass uncounted.
    fn unjudged(&mut self, verdict: BodyVerdict) -> Action {
        match verdict {
            BodyVerdict::Reject(reply) => {
                self.metrics.add_metric(Metric::RequestsRejected, 1);
                self.reply(&reply)
            }
            _ => {
                self.metrics.add_metric(Metric::RequestsUncounted, 1);
                self.state = State::Idle;
                Action::Continue
            }
        }
    }

    fn settle(&mut self) {
        let state = std::mem::replace(&mut self.state, State::Idle);
        if let State::Admitted { ticket, .. } = state {
            let outcome = self
                .engine
                .conclude(&ticket, self.status, self.observer.as_ref(), self.response_complete);
            let report = self
                .engine
                .settle(&ticket, &outcome, self.now(), &SharedData, self.metrics.as_ref());
            if report.over_reservation {
                log(
                    LogLevel::Info,
                    &format!(
                        "tollgate: usage above reservation for model {}: {} tokens settled, {} reserved",
                        ticket.model, report.tokens, ticket.reserved_tokens
                    ),
                );
            }
        }
    }
}

impl Context for Filter {}

impl HttpContext for Filter {
    fn on_http_request_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        self.headers = CapturedHeaders::capture_request();
        let method = self.headers.get(":method").unwrap_or_default();
        let path = self.headers.get(":path").unwrap_or_default();
        let now = self.now();
        let content_encoding = self.headers.get("content-encoding");
        let content_length = self.headers.get("content-length").and_then(|v| v.trim().parse().ok());
        if let Some(reply) = self.engine.admin(
            &method,
            &path,
            self.headers.get("authorization").as_deref(),
            now,
            &SharedData,
        ) {
            return self.reply(&reply);
        }
        let head = RequestHead {
            method: &method,
            path: &path,
            content_encoding: content_encoding.as_deref(),
            content_length,
            has_body: !end_of_stream,
        };
        match self.engine.on_head(&head) {
            HeadVerdict::NotOurs => Action::Continue,
            HeadVerdict::PassUncounted(reason) => {
                self.metrics.add_metric(Metric::RequestsUncounted, 1);
                if reason == "unknown_endpoint" {
                    self.metrics.add_metric(Metric::UnknownEndpointPassed, 1);
                }
                Action::Continue
            }
            HeadVerdict::Reject(reply) => {
                self.metrics.add_metric(Metric::RequestsRejected, 1);
                self.reply(&reply)
            }
            HeadVerdict::ReadBody(mut destination) => {
                // Path-model APIs (Gemini) are routed now: a path can change only here.
                self.engine
                    .route_on_head(&mut destination, &path, &self.headers, now, &SharedData);
                if let Some(route) = &destination.head_route {
                    self.set_http_request_header(":path", Some(&route.path));
                    self.path = route.path.clone();
                } else {
                    self.path = path.clone();
                }
                self.destination = Some(destination);
                self.state = State::Reading;
                // The filter must read the response: ask for it uncompressed.
                self.set_http_request_header("accept-encoding", Some("identity"));
                if self.engine.policy.hold_request_headers {
                    Action::Pause
                } else {
                    // The body may be rewritten after these headers are gone.
                    self.set_http_request_header("content-length", None);
                    self.headers_continued = true;
                    Action::Continue
                }
            }
        }
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        if !matches!(self.state, State::Reading) {
            return Action::Continue;
        }
        let Some(destination) = self.destination.take() else {
            return Action::Continue;
        };
        if body_size as u64 > self.engine.policy.max_body_bytes {
            let verdict = self.engine.body_too_large(&destination);
            return self.unjudged(verdict);
        }
        if !end_of_stream {
            self.destination = Some(destination);
            return Action::Pause;
        }
        let body = self.get_http_request_body(0, body_size).unwrap_or_default();
        let now = self.now();
        let verdict = self.engine.decide(
            &destination,
            &self.path,
            &body,
            &self.headers,
            now,
            &SharedData,
            self.metrics.as_ref(),
        );
        match verdict {
            BodyVerdict::Reject(reply) => self.reply(&reply),
            BodyVerdict::PassUncounted(reason) => {
                log(
                    LogLevel::Warn,
                    &format!("tollgate: request passed uncounted ({reason})"),
                );
                self.state = State::Idle;
                Action::Continue
            }
            BodyVerdict::Forward(admission) => {
                let admission = *admission;
                if let Some(new_body) = &admission.body {
                    self.set_http_request_body(0, body_size, new_body);
                    if !self.headers_continued {
                        self.set_http_request_header("content-length", Some(&new_body.len().to_string()));
                    }
                }
                if let Some(new_path) = admission.path.as_ref().filter(|p| **p != self.path) {
                    if self.headers_continued {
                        log(
                            LogLevel::Warn,
                            "tollgate: the path cannot change once the headers were forwarded",
                        );
                    } else {
                        self.set_http_request_header(":path", Some(new_path));
                    }
                }
                for warning in &admission.warnings {
                    log(LogLevel::Warn, &format!("tollgate: soft limit: {warning}"));
                }
                self.state = State::Admitted {
                    ticket: Box::new(admission.ticket),
                    response_headers: admission.response_headers,
                };
                Action::Continue
            }
        }
    }

    fn on_http_request_trailers(&mut self, _num_trailers: usize) -> Action {
        // The body's end never came as end_of_stream: judge nothing half-read.
        let Some(destination) = self.destination.take().filter(|_| matches!(self.state, State::Reading)) else {
            return Action::Continue;
        };
        let verdict = self.engine.trailers_not_supported(&destination);
        self.unjudged(verdict)
    }

    fn on_http_response_headers(&mut self, _num_headers: usize, end_of_stream: bool) -> Action {
        let State::Admitted {
            ticket,
            response_headers,
        } = &self.state
        else {
            return Action::Continue;
        };
        self.status = response_header(":status")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0);
        let content_type = response_header("content-type");
        let content_encoding = response_header("content-encoding");
        let plan = self
            .engine
            .on_response_head(ticket, content_type.as_deref(), content_encoding.as_deref());
        let headers = response_headers.clone();
        if plan.observer.is_none() {
            log(
                LogLevel::Warn,
                "tollgate: response is compressed; usage cannot be read, the reservation is charged",
            );
        }
        self.observer = plan.observer;
        if plan.remove_content_length {
            self.set_http_response_header("content-length", None);
        }
        for (name, value) in &headers {
            self.add_http_response_header(name, value);
        }
        if end_of_stream {
            self.response_complete = true;
            self.settle();
        }
        Action::Continue
    }

    fn on_http_response_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        if !matches!(self.state, State::Admitted { .. }) {
            return Action::Continue;
        }
        if self.observer.is_some() {
            let chunk = self.get_http_response_body(0, body_size).unwrap_or_default();
            let Some(observer) = self.observer.as_mut() else {
                return Action::Continue;
            };
            let mut out = match observer.feed(&chunk) {
                Ok(out) => out,
                Err(e) => {
                    log(LogLevel::Warn, &format!("tollgate: response not readable: {e}"));
                    chunk.clone()
                }
            };
            if end_of_stream {
                out.extend_from_slice(&observer.finish());
            }
            if out != chunk {
                self.set_http_response_body(0, body_size, &out);
            }
        }
        if end_of_stream {
            self.response_complete = true;
            self.settle();
        }
        Action::Continue
    }

    fn on_log(&mut self) {
        // A response that never completed (reset, client gone): settle what was relayed.
        if matches!(self.state, State::Admitted { .. }) {
            if let Some(observer) = self.observer.as_mut() {
                let _ = observer.finish();
            }
            self.settle();
        }
    }
}
