//! A no-op proxy-wasm filter, the ceiling any wasm filter in Envoy's V8 reaches on a
//! machine (issue 12, `scripts/bench_envoy.py --ceilings`): built to
//! target/wasm32-wasip1/release/examples/noop.wasm by
//! `cargo build --target wasm32-wasip1 --release -p tollgate-envoy --example noop`.
//! Its plugin configuration is a list of words saying how much of tollgate's shape it
//! copies: none: `Continue` from every callback; `buffer`: the request body buffered
//! until its end (`StopIterationAndBuffer`, as tollgate does); `read`: and read with
//! `get_http_request_body`; `response`: the response body read chunk by chunk too.
//! To price single host calls, `props=N`, `metrics=N`, `shared=N`, `time=N`,
//! `headers=N` make N `set_property` calls (distinct names), N metric increments, N
//! shared-data reads of a ~200-byte value, N clock reads, N reads of the request header
//! map per request (once, at the end of the request body).
//! Knows nothing of tollgate: no core, no policy, no metrics.
#![cfg(target_arch = "wasm32")]

use proxy_wasm::hostcalls;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel, MapType, MetricType};

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Warn);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Root::default()) });
}}

#[derive(Default, Clone, Copy)]
struct Mode {
    buffer: bool,
    read: bool,
    response: bool,
    props: u32,
    metrics: u32,
    shared: u32,
    time: u32,
    headers: u32,
    metric_id: u32,
}

const PROPS: [&str; 20] = [
    "noop_p0", "noop_p1", "noop_p2", "noop_p3", "noop_p4", "noop_p5", "noop_p6", "noop_p7", "noop_p8", "noop_p9",
    "noop_p10", "noop_p11", "noop_p12", "noop_p13", "noop_p14", "noop_p15", "noop_p16", "noop_p17", "noop_p18",
    "noop_p19",
];

impl Mode {
    /// The priced host calls, made once per request.
    fn host_calls(&self, context: &dyn Context) {
        for i in 0..self.props {
            let name = PROPS.get(i as usize % PROPS.len()).copied().unwrap_or("noop_p");
            let _ = hostcalls::set_property(vec![name], Some(b"some-value-1234"));
        }
        for _ in 0..self.metrics {
            let _ = hostcalls::increment_metric(self.metric_id, 1);
        }
        for _ in 0..self.shared {
            std::hint::black_box(hostcalls::get_shared_data("noop_shared").ok());
        }
        for _ in 0..self.time {
            std::hint::black_box(context.get_current_time());
        }
        for _ in 0..self.headers {
            std::hint::black_box(hostcalls::get_map_bytes(MapType::HttpRequestHeaders).ok());
        }
    }
}

#[derive(Default)]
struct Root {
    mode: Mode,
}

impl Context for Root {}

impl RootContext for Root {
    fn on_configure(&mut self, _size: usize) -> bool {
        let config = self.get_plugin_configuration().unwrap_or_default();
        let text = String::from_utf8_lossy(&config);
        for word in text.split(|c: char| c == ',' || c.is_whitespace()) {
            let (key, n) = word.split_once('=').unwrap_or((word, "0"));
            let n = n.parse().unwrap_or(0);
            match key {
                "buffer" => self.mode.buffer = true,
                "read" => self.mode.read = true,
                "response" => self.mode.response = true,
                "props" => self.mode.props = n,
                "metrics" => self.mode.metrics = n,
                "shared" => self.mode.shared = n,
                "time" => self.mode.time = n,
                "headers" => self.mode.headers = n,
                _ => {}
            }
        }
        self.mode.metric_id = hostcalls::define_metric(MetricType::Counter, "noop_requests").unwrap_or(0);
        if self.mode.shared > 0 {
            let _ = hostcalls::set_shared_data("noop_shared", Some(&[7u8; 200]), None);
        }
        true
    }

    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(Noop { mode: self.mode }))
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }
}

struct Noop {
    mode: Mode,
}

impl Context for Noop {}

impl HttpContext for Noop {
    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        if !self.mode.buffer {
            return Action::Continue;
        }
        if !end_of_stream {
            return Action::Pause;
        }
        if self.mode.read {
            let body = self.get_http_request_body(0, body_size).unwrap_or_default();
            std::hint::black_box(body);
        }
        self.mode.host_calls(self);
        Action::Continue
    }

    fn on_http_response_body(&mut self, body_size: usize, _end_of_stream: bool) -> Action {
        if self.mode.response {
            let chunk = self.get_http_response_body(0, body_size).unwrap_or_default();
            std::hint::black_box(chunk);
        }
        Action::Continue
    }
}
