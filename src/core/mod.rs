//! The host-free core: everything that decides. It must not touch proxy-wasm,
//! wasm-bindgen, the clock or any I/O; time and the counter store come in as values.

pub mod api;
pub mod money;
pub mod prices;
pub mod sse;
pub mod tokens;
pub mod usage;
