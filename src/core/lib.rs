//! tollgate-core, the host-free core: everything that decides (parse, route, count, price,
//! guard, reserve, settle, the per-request state machine). It must not touch proxy-wasm,
//! wasm-bindgen, the clock or any I/O — neither is in its dependency graph; time and the
//! counter store come in as values. See docs/architecture.md.

// Tests may index, unwrap and panic; the filter itself may not (see the workspace lints).
#![cfg_attr(
    test,
    allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod api;
pub mod attributes;
pub mod bpe;
pub mod calibration;
pub mod config;
pub mod corpus;
pub mod count_cache;
pub mod engine;
pub mod flow;
pub mod gemma;
pub mod global;
pub mod guards;
pub mod images;
pub mod json_raw;
pub mod money;
pub mod observe;
pub mod offline;
pub mod prefix_cache;
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
