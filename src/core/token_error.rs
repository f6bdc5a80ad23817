//! The one error of counting tokens, shared by the OpenAI encodings (`tokens`) and the
//! Gemma 3 tokenizer (`gemma`) so neither depends on the other. Pure.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TokenError {
    #[error("encoding {0} failed to load")]
    EncodingLoad(&'static str),
    #[error("unknown encoding `{0}` (known: cl100k_base, o200k_base)")]
    UnknownEncoding(String),
}
