//! The Envoy adapter (proxy-wasm). Translates host callbacks to core calls; holds no policy.
