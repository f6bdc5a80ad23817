//! Token counting with OpenAI's BPE encodings (`core::bpe`: a build-time pool of token
//! bytes, each encoding's lookup table filled at its first use; equal to tiktoken-rs, the
//! oracle of the tests) and Gemma 3 (`core::gemma`).
//! Pure: counts text it is given; knows nothing of requests, prices or hosts.

use crate::bpe::Vocab;

/// An OpenAI BPE encoding the filter can count with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Cl100kBase,
    O200kBase,
    /// Gemini's Gemma 3 SentencePiece vocabulary (`core::gemma`).
    Gemma3,
}

pub use crate::token_error::TokenError;

/// A token count and whether it is exact. Text counted with the model's own encoding is
/// exact; framing constants, image formulas and other providers' estimates are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenCount {
    pub tokens: u64,
    pub exact: bool,
}

impl TokenCount {
    pub const ZERO_EXACT: TokenCount = TokenCount { tokens: 0, exact: true };

    pub fn exact(tokens: u64) -> Self {
        TokenCount { tokens, exact: true }
    }

    pub fn estimated(tokens: u64) -> Self {
        TokenCount { tokens, exact: false }
    }

    /// The sum is exact only if both parts are.
    pub fn plus(self, other: TokenCount) -> TokenCount {
        TokenCount {
            tokens: self.tokens.saturating_add(other.tokens),
            exact: self.exact && other.exact,
        }
    }
}

impl std::ops::Add for TokenCount {
    type Output = TokenCount;
    fn add(self, other: TokenCount) -> TokenCount {
        self.plus(other)
    }
}

impl std::iter::Sum for TokenCount {
    fn sum<I: Iterator<Item = TokenCount>>(iter: I) -> TokenCount {
        iter.fold(TokenCount::ZERO_EXACT, TokenCount::plus)
    }
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Cl100kBase => "cl100k_base",
            Encoding::O200kBase => "o200k_base",
            Encoding::Gemma3 => "gemma3",
        }
    }

    pub fn from_name(name: &str) -> Result<Encoding, TokenError> {
        match name {
            "cl100k_base" => Ok(Encoding::Cl100kBase),
            "o200k_base" => Ok(Encoding::O200kBase),
            "gemma3" => Ok(Encoding::Gemma3),
            other => Err(TokenError::UnknownEncoding(other.to_string())),
        }
    }

    /// The encoding an OpenAI-style model name uses: cl100k_base for the gpt-4 and
    /// gpt-3.5 families (not gpt-4o / gpt-4.1 / gpt-4.5), o200k_base for everything else,
    /// including unknown names.
    pub fn for_openai_model(model: &str) -> Encoding {
        let name = model.rsplit('/').next().unwrap_or(model);
        let name = name.strip_prefix("ft:").unwrap_or(name);
        let is_gpt4_classic = name == "gpt-4" || name.starts_with("gpt-4-") || name.starts_with("gpt-4-32k");
        let is_gpt35 = name.starts_with("gpt-3.5") || name.starts_with("gpt-35");
        let is_legacy_embedding = name.starts_with("text-embedding-ada-002") || name.starts_with("text-embedding-3");
        if is_gpt4_classic || is_gpt35 || is_legacy_embedding {
            Encoding::Cl100kBase
        } else {
            Encoding::O200kBase
        }
    }

    fn vocab(self) -> Result<&'static Vocab, TokenError> {
        match self {
            Encoding::Cl100kBase => Ok(&crate::bpe::CL100K),
            Encoding::O200kBase => Ok(&crate::bpe::O200K),
            Encoding::Gemma3 => Err(TokenError::EncodingLoad(self.name())),
        }
    }

    /// Whether this encoding was already loaded in this process (VM).
    pub fn is_loaded(self) -> bool {
        match self {
            Encoding::Gemma3 => crate::gemma::is_loaded(),
            // The lookup table is built at first use; this says whether the encoding was used.
            _ => LOADED.with_encoding(self),
        }
    }

    /// The end offsets (in bytes of `text`) of its tokens, for highlighting. A token that
    /// ends inside a UTF-8 character is merged with the next one, so every offset is a
    /// character boundary; the last offset is `text.len()`.
    pub fn token_ends(self, text: &str) -> Result<Vec<usize>, TokenError> {
        if self == Encoding::Gemma3 {
            return crate::gemma::token_ends(text);
        }
        let vocab = self.vocab()?;
        LOADED.mark(self);
        let mut ends = Vec::new();
        let mut at = 0usize;
        vocab.for_each_token_len(text, |len| {
            at = at.saturating_add(len).min(text.len());
            if text.is_char_boundary(at) && ends.last() != Some(&at) {
                ends.push(at);
            }
        });
        if !text.is_empty() && ends.last() != Some(&text.len()) {
            ends.push(text.len());
        }
        Ok(ends)
    }

    /// Exact number of tokens of `text` (no special tokens: their text is counted as text).
    pub fn count(self, text: &str) -> Result<u64, TokenError> {
        if text.is_empty() {
            return Ok(0);
        }
        if self == Encoding::Gemma3 {
            return crate::gemma::count(text);
        }
        let vocab = self.vocab()?;
        LOADED.mark(self);
        Ok(vocab.count(text))
    }
}

struct LoadedFlags {
    cl100k: std::sync::atomic::AtomicBool,
    o200k: std::sync::atomic::AtomicBool,
}

static LOADED: LoadedFlags = LoadedFlags {
    cl100k: std::sync::atomic::AtomicBool::new(false),
    o200k: std::sync::atomic::AtomicBool::new(false),
};

impl LoadedFlags {
    fn flag(&self, encoding: Encoding) -> &std::sync::atomic::AtomicBool {
        match encoding {
            Encoding::Cl100kBase => &self.cl100k,
            Encoding::O200kBase | Encoding::Gemma3 => &self.o200k,
        }
    }
    fn mark(&self, encoding: Encoding) {
        self.flag(encoding).store(true, std::sync::atomic::Ordering::Relaxed);
    }
    fn with_encoding(&self, encoding: Encoding) -> bool {
        self.flag(encoding).load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_map_to_encodings() {
        for m in [
            "gpt-4o",
            "gpt-4o-mini",
            "gpt-4.1",
            "gpt-5",
            "o1",
            "o3-mini",
            "o4-mini",
            "my-model",
        ] {
            assert_eq!(Encoding::for_openai_model(m), Encoding::O200kBase, "{m}");
        }
        for m in ["gpt-4", "gpt-4-turbo", "gpt-4-0613", "gpt-3.5-turbo", "gpt-35-turbo"] {
            assert_eq!(Encoding::for_openai_model(m), Encoding::Cl100kBase, "{m}");
        }
    }

    #[test]
    fn counts_are_per_encoding() -> Result<(), TokenError> {
        assert_eq!(Encoding::O200kBase.count("")?, 0);
        assert!(Encoding::Cl100kBase.count("hello world")? >= 2);
        Ok(())
    }
}
