//! One request's life as a state machine (sans-IO, in the manner of quinn-proto): the host
//! feeds it steps — request head, request body, trailers, response head, response
//! chunk, end — and carries out the effects each step returns (a local reply, a header
//! or body change, a log line) and whether to continue or pause. Every decision,
//! sequencing rule, size check and metric of a request lives here or in the engine; an
//! adapter only translates host callbacks into steps and effects into host calls.
//! Pure: no proxy-wasm, no wasm-bindgen, no clock (time comes in `Host::now`), no I/O
//! (the counter store and metrics are the narrow traits of `Host`).

pub use crate::engine::Host;
use crate::engine::{
    Asked, BodyVerdict, Destination, Engine, GlobalReadout, HeadVerdict, Metric, PassReason, RequestHead, ResponseEnd,
    Ticket,
};
use crate::global::{self, Call, GlobalAnswer, GlobalAsk};
use crate::reply::Reply;
use crate::usage::ResponseObserver;

/// How loud a log line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
}

/// One thing the host must do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Answer the request locally (the step then says `Pause`).
    Reply(Reply),
    /// Set (`Some`) or remove (`None`) a request header; only while headers are held,
    /// or in the head step itself.
    SetRequestHeader(&'static str, Option<String>),
    /// Replace the whole buffered request body.
    ReplaceRequestBody(Vec<u8>),
    RemoveResponseHeader(&'static str),
    AddResponseHeader(String, String),
    /// Replace this response chunk with these bytes.
    ReplaceResponseChunk(Vec<u8>),
    Log(Level, String),
    /// Call the quota service. A `Reserve` call's answer (or its failure) comes back
    /// through `RequestFlow::global_answer`; a `Settle` call must outlive the request
    /// (the host sends it from a context that lives as long as the VM, and retries it).
    Call(Call),
}

/// What the host returns from its callback after carrying out the effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Continue,
    Pause,
}

/// The result of one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub effects: Vec<Effect>,
    pub next: Next,
}

impl Output {
    fn go(effects: Vec<Effect>) -> Output {
        Output {
            effects,
            next: Next::Continue,
        }
    }

    fn wait(effects: Vec<Effect>) -> Output {
        Output {
            effects,
            next: Next::Pause,
        }
    }

    fn reply(reply: Reply) -> Output {
        Output::wait(vec![Effect::Reply(reply)])
    }
}

/// The request head as the host saw it.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub content_encoding: Option<&'a str>,
    pub content_length: Option<u64>,
    pub authorization: Option<&'a str>,
    /// The headers ended the stream (no body).
    pub end_of_stream: bool,
    /// The host's id of the request (Envoy's `x-request-id`), unique across hosts: the
    /// quota service's reservation id is made from it.
    pub request_id: Option<&'a str>,
}

#[derive(Debug)]
enum State {
    /// Not ours, passed uncounted, answered, or settled: nothing more to do.
    Done,
    /// Buffering the request body.
    Reading(Box<Destination>),
    /// Waiting for the quota service's answer to a reserve call.
    Asking(Box<Asking>),
    /// An admin read-out of a global budget, waiting for the quota service.
    ReadingOut(Box<GlobalReadout>),
    /// Forwarded with reservations to settle.
    Admitted(Box<Admitted>),
}

#[derive(Debug)]
struct Asking {
    destination: Box<Destination>,
    body: Vec<u8>,
    ask: GlobalAsk,
    /// Reserve calls sent so far.
    attempts: u32,
}

#[derive(Debug)]
struct Admitted {
    ticket: Ticket,
    response_headers: Vec<(String, String)>,
    warnings: Vec<String>,
    status: Option<u32>,
    observer: Option<ResponseObserver>,
    complete: bool,
}

/// An admitted request as the flow holds it: its ticket, the response headers it gets
/// (until the response head, which takes them) and its warnings.
#[derive(Debug, Clone, Copy)]
pub struct AdmittedView<'a> {
    pub ticket: &'a Ticket,
    pub response_headers: &'a [(String, String)],
    pub warnings: &'a [String],
}

/// One request. See the module docs.
#[derive(Debug)]
pub struct RequestFlow {
    id: u32,
    state: State,
    /// The path as forwarded (routing on the head may change it).
    path: String,
    /// Istio's mode: the headers went upstream at once and cannot change any more.
    headers_continued: bool,
    /// Why the request went through uncounted, if it did.
    passed: Option<PassReason>,
    /// The host's request id (for the quota service's reservation id).
    request_id: String,
}

impl RequestFlow {
    /// `id`: the host's id of this request (unique among the VM's requests in flight).
    pub fn new(id: u32) -> RequestFlow {
        RequestFlow {
            id,
            state: State::Done,
            path: String::new(),
            headers_continued: false,
            passed: None,
            request_id: String::new(),
        }
    }

    /// Whether the request waits for the quota service.
    pub fn asking(&self) -> bool {
        matches!(self.state, State::Asking(_) | State::ReadingOut(_))
    }

    /// Whether the body is still awaited (the head was ours and judged readable).
    pub fn reading(&self) -> bool {
        matches!(self.state, State::Reading(_))
    }

    /// Why the request went through uncounted, if it did.
    pub fn passed(&self) -> Option<PassReason> {
        self.passed
    }

    /// The admitted request (until it is settled).
    pub fn admitted(&self) -> Option<AdmittedView<'_>> {
        match &self.state {
            State::Admitted(a) => Some(AdmittedView {
                ticket: &a.ticket,
                response_headers: &a.response_headers,
                warnings: &a.warnings,
            }),
            _ => None,
        }
    }

    /// Whether the request was admitted and not settled yet.
    pub fn in_flight(&self) -> bool {
        matches!(self.state, State::Admitted(_))
    }

    /// The request head: the admin API, the route, what can be judged without a body.
    pub fn request_head(&mut self, engine: &Engine, host: &Host, head: &Head) -> Output {
        if let Some(read) = engine.admin_global_readout(head.method, head.path, head.authorization) {
            if !engine.policy.hold_request_headers {
                return Output::reply(engine.admin_global_needs_holding());
            }
            let call = read.call.clone();
            self.state = State::ReadingOut(Box::new(read));
            return Output::wait(vec![Effect::Call(call)]);
        }
        if let Some(reply) = engine.admin(head.method, head.path, head.authorization, host.now, host.store) {
            return Output::reply(reply);
        }
        let verdict = engine.on_head(&RequestHead {
            method: head.method,
            path: head.path,
            content_encoding: head.content_encoding,
            content_length: head.content_length,
            has_body: !head.end_of_stream,
        });
        engine.count_head(&verdict, head.path, host.metrics);
        self.request_id = head.request_id.unwrap_or_default().to_string();
        match verdict {
            HeadVerdict::NotOurs => Output::go(vec![]),
            HeadVerdict::PassUncounted(reason) => {
                self.passed = Some(reason);
                Output::go(vec![])
            }
            HeadVerdict::Reject(reply) => Output::reply(reply),
            HeadVerdict::ReadBody(mut destination) => {
                let mut effects = Vec::new();
                // Path-model APIs (Gemini) are routed now: a path can change only here.
                engine.route_on_head(&mut destination, head.path, host);
                self.path = match &destination.head_route {
                    Some(route) => {
                        effects.push(Effect::SetRequestHeader(":path", Some(route.path.clone())));
                        route.path.clone()
                    }
                    None => head.path.to_string(),
                };
                // The filter must read the response: ask for it uncompressed.
                effects.push(Effect::SetRequestHeader("accept-encoding", Some("identity".into())));
                self.state = State::Reading(destination);
                if engine.policy.hold_request_headers {
                    Output::wait(effects)
                } else {
                    // The body may be rewritten after these headers are gone.
                    effects.push(Effect::SetRequestHeader("content-length", None));
                    self.headers_continued = true;
                    Output::go(effects)
                }
            }
        }
    }

    /// A request body callback: `size` bytes buffered so far; `read` gives them.
    pub fn request_body(
        &mut self,
        engine: &Engine,
        host: &Host,
        size: usize,
        end_of_stream: bool,
        read: impl FnOnce() -> Vec<u8>,
    ) -> Output {
        let State::Reading(destination) = std::mem::replace(&mut self.state, State::Done) else {
            return Output::go(vec![]);
        };
        if size as u64 > engine.policy.max_body_bytes {
            return self.unjudged(engine.body_too_large(&destination), host);
        }
        if !end_of_stream {
            self.state = State::Reading(destination);
            return Output::wait(vec![]);
        }
        let body = read();
        let verdict = engine.decide(&destination, &self.path, &body, host);
        self.on_verdict(host, verdict, destination, body)
    }

    /// The quota service's answer to the reserve call (`status` `None`: no response —
    /// a timeout or a connection failure — or the call could not be sent).
    pub fn global_answer(&mut self, engine: &Engine, host: &Host, status: Option<u32>, body: &[u8]) -> Output {
        let asking = match std::mem::replace(&mut self.state, State::Done) {
            State::Asking(asking) => asking,
            State::ReadingOut(read) => {
                return Output::reply(engine.admin_global_answer(&read, status, body, host.now));
            }
            other => {
                self.state = other;
                return Output::go(vec![]);
            }
        };
        let mut asking = *asking;
        let answer = GlobalAnswer::read(&asking.ask, status, body);
        let retries = engine.policy.global.as_ref().map_or(0, |g| g.retries);
        let transient = status.is_none_or(|s| s >= 500);
        if let GlobalAnswer::Unavailable(why) = &answer {
            if transient && asking.attempts <= retries {
                // Reserve is idempotent by id: a retry never holds twice.
                asking.attempts += 1;
                let call = Call::reserve(&asking.ask);
                let line = format!("tollgate: quota service: {why}; asking again");
                self.state = State::Asking(Box::new(asking));
                return Output::wait(vec![Effect::Log(Level::Warn, line), Effect::Call(call)]);
            }
            host.metrics.add(Metric::GlobalUnavailable, 1);
        }
        if let (true, Some(in_flight)) = (asking.ask.has_extra(), host.in_flight) {
            in_flight.borrow_mut().leases.answered(&asking.ask);
        }
        if let (GlobalAnswer::Reserved(reserved), Some(in_flight)) = (&answer, host.in_flight) {
            in_flight.borrow_mut().leases.observe(&asking.ask, reserved);
            // Refused with a lease's room asked on top: ask again for the request alone
            // (near the limit leases shrink to nothing).
            if !reserved.admitted && asking.ask.has_extra() {
                asking.ask = asking.ask.without_extra();
                let call = Call::reserve(&asking.ask);
                self.state = State::Asking(Box::new(asking));
                return Output::wait(vec![Effect::Call(call)]);
            }
        }
        let asked = Asked {
            ask: &asking.ask,
            answer: &answer,
        };
        let verdict = engine.decide_with(&asking.destination, &self.path, &asking.body, host, Some(asked));
        let mut out = self.on_verdict(host, verdict, asking.destination, Vec::new());
        if let GlobalAnswer::Unavailable(why) = &answer {
            out.effects.insert(
                0,
                Effect::Log(Level::Warn, format!("tollgate: quota service unavailable: {why}")),
            );
        }
        // Holds the service gave that no admitted request carries go back at once; an
        // admitted one with a lease's room on top stays as this VM's lease.
        if let GlobalAnswer::Reserved(reserved) = &answer {
            let carried = self.admitted().is_some_and(|a| a.ticket.reservation.is_some());
            if reserved.admitted && !carried {
                out.effects.push(Effect::Call(Call::release(reserved)));
            }
            let lease = engine.policy.global.as_ref().and_then(|g| g.lease);
            if let (true, true, Some(lease), Some(in_flight)) = (carried, asking.ask.has_extra(), lease, host.in_flight)
            {
                if in_flight
                    .borrow_mut()
                    .leases
                    .install(&asking.ask, reserved, host.now, lease.seconds)
                {
                    host.metrics.add(Metric::GlobalLeases, 1);
                }
            }
        }
        out
    }

    /// Carries out a body verdict.
    fn on_verdict(
        &mut self,
        host: &Host,
        verdict: BodyVerdict,
        destination: Box<Destination>,
        body: Vec<u8>,
    ) -> Output {
        match verdict {
            BodyVerdict::Reject(reply) => Output::reply(reply),
            BodyVerdict::Ask(ask) => {
                let mut ask = *ask;
                ask.id = global::reservation_id(&self.request_id, self.id);
                let call = Call::reserve(&ask);
                self.state = State::Asking(Box::new(Asking {
                    destination,
                    body,
                    ask,
                    attempts: 1,
                }));
                Output::wait(vec![Effect::Call(call)])
            }
            BodyVerdict::PassUncounted(reason) => {
                self.passed = Some(reason);
                Output::go(vec![Effect::Log(
                    Level::Warn,
                    format!("tollgate: request passed uncounted ({})", reason.as_str()),
                )])
            }
            BodyVerdict::Forward(admission) => {
                let admission = *admission;
                let mut effects = Vec::new();
                if let Some(new_body) = admission.body {
                    if !self.headers_continued {
                        effects.push(Effect::SetRequestHeader(
                            "content-length",
                            Some(new_body.len().to_string()),
                        ));
                    }
                    effects.push(Effect::ReplaceRequestBody(new_body));
                }
                if let Some(new_path) = admission.path.filter(|p| *p != self.path) {
                    if self.headers_continued {
                        effects.push(Effect::Log(
                            Level::Warn,
                            "tollgate: the path cannot change once the headers were forwarded".into(),
                        ));
                    } else {
                        effects.push(Effect::SetRequestHeader(":path", Some(new_path)));
                    }
                }
                for warning in &admission.warnings {
                    effects.push(Effect::Log(Level::Warn, format!("tollgate: soft limit: {warning}")));
                }
                for shadow in &admission.shadow {
                    effects.push(Effect::Log(Level::Info, format!("tollgate: shadow: {shadow}")));
                }
                if let Some(in_flight) = host.in_flight {
                    in_flight.borrow_mut().admit(self.id, &admission.ticket.holds);
                }
                self.state = State::Admitted(Box::new(Admitted {
                    ticket: admission.ticket,
                    response_headers: admission.response_headers,
                    warnings: admission.warnings,
                    status: None,
                    observer: None,
                    complete: false,
                }));
                Output::go(effects)
            }
        }
    }

    /// Request trailers: the body's end never came as `end_of_stream`, so a body still
    /// being read cannot be judged as a whole (LLM APIs send none).
    pub fn request_trailers(&mut self, engine: &Engine, host: &Host) -> Output {
        let State::Reading(destination) = std::mem::replace(&mut self.state, State::Done) else {
            return Output::go(vec![]);
        };
        self.unjudged(engine.trailers_not_supported(&destination), host)
    }

    /// Carries out a verdict on a body that could not be judged.
    fn unjudged(&mut self, verdict: BodyVerdict, host: &Host) -> Output {
        match verdict {
            BodyVerdict::Reject(reply) => {
                host.metrics.add(crate::engine::Metric::RequestsRejected, 1);
                Output::reply(reply)
            }
            BodyVerdict::PassUncounted(reason) => {
                self.passed = Some(reason);
                host.metrics.add(crate::engine::Metric::RequestsUncounted, 1);
                Output::go(vec![])
            }
            BodyVerdict::Forward(_) | BodyVerdict::Ask(_) => {
                host.metrics.add(crate::engine::Metric::RequestsUncounted, 1);
                Output::go(vec![])
            }
        }
    }

    /// The response head (also the head of a local reply, which is not ours to settle
    /// unless the request was admitted).
    pub fn response_head(
        &mut self,
        engine: &Engine,
        host: &Host,
        status: Option<u32>,
        content_type: Option<&str>,
        content_encoding: Option<&str>,
        end_of_stream: bool,
    ) -> Output {
        let State::Admitted(admitted) = &mut self.state else {
            return Output::go(vec![]);
        };
        admitted.status = status;
        let plan = engine.on_response_head(&admitted.ticket, content_type, content_encoding);
        let mut effects = Vec::new();
        if plan.observer.is_none() {
            effects.push(Effect::Log(
                Level::Warn,
                "tollgate: response is compressed; usage cannot be read, the reservation is charged".into(),
            ));
        }
        admitted.observer = plan.observer;
        if plan.remove_content_length {
            effects.push(Effect::RemoveResponseHeader("content-length"));
        }
        // Given once, here: the flow keeps no copy.
        for (name, value) in std::mem::take(&mut admitted.response_headers) {
            effects.push(Effect::AddResponseHeader(name, value));
        }
        if end_of_stream {
            admitted.complete = true;
            effects.extend(self.settle(engine, host, true));
        }
        Output::go(effects)
    }

    /// A response body chunk; `read` gives its bytes (read only if the response is observed).
    pub fn response_chunk(
        &mut self,
        engine: &Engine,
        host: &Host,
        end_of_stream: bool,
        read: impl FnOnce() -> Vec<u8>,
    ) -> Output {
        let State::Admitted(admitted) = &mut self.state else {
            return Output::go(vec![]);
        };
        let mut effects = Vec::new();
        if let Some(observer) = admitted.observer.as_mut() {
            let chunk = read();
            let mut out = match observer.feed(&chunk) {
                Ok(out) => out,
                Err(e) => {
                    effects.push(Effect::Log(
                        Level::Warn,
                        format!("tollgate: response not readable: {e}"),
                    ));
                    chunk.clone()
                }
            };
            if end_of_stream {
                out.extend_from_slice(&observer.finish());
            }
            if out != chunk {
                effects.push(Effect::ReplaceResponseChunk(out));
            }
        }
        if end_of_stream {
            admitted.complete = true;
            effects.extend(self.settle(engine, host, true));
        }
        Output::go(effects)
    }

    /// The request is over (the host's last callback): a response that never completed
    /// (reset, client gone) settles what it can.
    pub fn end(&mut self, engine: &Engine, host: &Host, upstream_reached: bool) -> Output {
        if let State::Admitted(admitted) = &mut self.state {
            if let Some(observer) = admitted.observer.as_mut() {
                let _ = observer.finish();
            }
        }
        Output::go(self.settle(engine, host, upstream_reached))
    }

    /// Settles an admitted request once; later calls do nothing.
    fn settle(&mut self, engine: &Engine, host: &Host, upstream_reached: bool) -> Vec<Effect> {
        let State::Admitted(admitted) = std::mem::replace(&mut self.state, State::Done) else {
            return Vec::new();
        };
        let mut admitted = *admitted;
        // The holds as renewed while the request was in flight.
        if let Some(holds) = host.in_flight.and_then(|f| f.borrow_mut().finish(self.id)) {
            admitted.ticket.holds = holds;
        }
        let end = ResponseEnd {
            status: admitted.status.filter(|s| *s > 0),
            complete: admitted.complete,
            upstream_reached: upstream_reached || admitted.status.is_some(),
        };
        let ticket = &admitted.ticket;
        let concluded = engine.conclude(ticket, end, admitted.observer.as_ref());
        let report = engine.settle(ticket, &concluded, host.now, host.store, host.metrics);
        let mut effects = Vec::new();
        if let Some(id) = ticket.reservation.as_deref().filter(|_| !report.global.is_empty()) {
            // On a lease, the usage counts into it (one call when the lease ends).
            let call = match host.in_flight {
                Some(in_flight) => {
                    let reserved: Vec<u64> = ticket
                        .holds
                        .iter()
                        .filter_map(|h| h.global.as_ref())
                        .map(|g| g.reserved)
                        .collect();
                    in_flight
                        .borrow_mut()
                        .leases
                        .settle(id, &reserved, report.global.clone(), host.now)
                }
                None => Some(Call::settle(id, report.global.clone())),
            };
            effects.extend(call.map(Effect::Call));
        }
        if report.over_reservation {
            effects.push(Effect::Log(
                Level::Info,
                format!(
                    "tollgate: usage above reservation for model {}: {} tokens settled, {} reserved",
                    ticket.model, report.tokens, ticket.reserved_tokens
                ),
            ));
        }
        effects
    }
}
