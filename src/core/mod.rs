//! The host-free core: everything that decides. It must not touch proxy-wasm,
//! wasm-bindgen, the clock or any I/O; time and the counter store come in as values.

pub mod api;
pub mod attributes;
pub mod calibration;
pub mod config;
pub mod engine;
pub mod flow;
pub mod gemma;
pub mod guards;
pub mod images;
pub mod json_raw;
pub mod money;
pub mod observe;
pub mod offline;
pub mod prices;
pub mod reply;
pub mod sse;
pub mod store;
pub mod table;
pub mod token_error;
pub mod tokens;
pub mod usage;
pub mod vocab;
pub mod windows;
