//! tollgate: an LLM cost-control filter.
//!
//! `core` decides (parse, route, count, price, reserve, settle) and knows nothing of
//! its host: no proxy-wasm, no wasm-bindgen, no clock, no I/O. `envoy` is the thin
//! proxy-wasm adapter, compiled only with the `envoy` feature.

// Tests may index, unwrap and panic; the filter itself may not (see Cargo.toml lints).
#![cfg_attr(
    test,
    allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod core;

#[cfg(all(feature = "envoy", target_arch = "wasm32"))]
mod envoy;

#[cfg(all(feature = "web", target_arch = "wasm32"))]
mod web;
