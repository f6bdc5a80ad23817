//! Helpers for hosts that decide away from Envoy (the browser/Node build, tools): preload
//! budget counters from a read-out, count a bare text for a model the way the engine
//! counts it, price a token count, and split a text into its tokens for display.
//! Pure: works on the `Policy`, the `Engine`'s ledger and a `SharedStore` it is given;
//! no clock, no I/O, no host code.

use thiserror::Error;

use crate::config::{Limit, Policy};
use crate::engine::Engine;
use crate::engine::cost::worst_cost;
use crate::store::{Check, Hold, Ledger, LedgerError, SharedStore};
use crate::tokens::{Encoding, TokenError};
use crate::windows;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PreloadError {
    #[error("state: no budget named `{0}` in the configuration")]
    UnknownBudget(String),
    #[error("state: budget `{budget}` has {want} scope attributes, the counter key has {got}")]
    KeyLength { budget: String, want: usize, got: usize },
    #[error("state: budget `{0}` is per request and has no counter")]
    NoCounter(String),
    #[error("state: counter of budget `{budget}`: {error}")]
    Ledger { budget: String, error: LedgerError },
    #[error("state: budget `{budget}` counts tokens; use `{field}` without `_usd`")]
    UsdForTokens { budget: String, field: &'static str },
    #[error("state: `{field}_usd` of `{budget}`: {error}")]
    Usd {
        budget: String,
        field: &'static str,
        error: String,
    },
}

/// A budget read-out to preload — the admin API's counters, as the web estimator and the
/// command line take them: `{"counters": [{"budget", "key", "used" | "used_usd",
/// "reserved" | "reserved_usd"}]}`.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readout {
    #[serde(default)]
    pub counters: Vec<ReadoutCounter>,
}

/// One counter of a [`Readout`]; amounts in tokens, or USD (decimal text) for USD budgets.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadoutCounter {
    pub budget: String,
    #[serde(default)]
    pub key: Vec<String>,
    #[serde(default)]
    pub used: Option<u64>,
    #[serde(default)]
    pub used_usd: Option<String>,
    /// `held` is the quota service's name for it (`POST /v1/readout`).
    #[serde(default, alias = "held")]
    pub reserved: Option<u64>,
    #[serde(default)]
    pub reserved_usd: Option<String>,
}

impl ReadoutCounter {
    /// (used, reserved) in the budget's unit: tokens, or nano-dollars for USD budgets.
    pub fn amounts(&self, policy: &Policy) -> Result<(u64, u64), PreloadError> {
        let usd_budget = budget_unit(policy, &self.budget) == Some("usd");
        let amount = |field: &'static str, usd: &Option<String>, plain: Option<u64>| -> Result<u64, PreloadError> {
            match usd {
                None => Ok(plain.unwrap_or(0)),
                Some(_) if !usd_budget => Err(PreloadError::UsdForTokens {
                    budget: self.budget.clone(),
                    field,
                }),
                Some(t) => crate::money::parse_usd_decimal_to_nanos(t.trim()).map_err(|e| PreloadError::Usd {
                    budget: self.budget.clone(),
                    field,
                    error: e.to_string(),
                }),
            }
        };
        Ok((
            amount("used", &self.used_usd, self.used)?,
            amount("reserved", &self.reserved_usd, self.reserved)?,
        ))
    }
}

/// Preloads every counter of a read-out (see [`preload_counter`]).
pub fn preload_readout(
    engine: &Engine,
    readout: &Readout,
    now: u64,
    store: &dyn SharedStore,
) -> Result<(), PreloadError> {
    for c in &readout.counters {
        let (used, reserved) = c.amounts(&engine.policy)?;
        preload_counter(engine, &c.budget, &c.key, used, reserved, now, store)?;
    }
    Ok(())
}

/// The counter key of a budget for the given scope values: the engine's own composer
/// (budget name, then each scope value, separated by U+001F). A missing attribute under
/// `on_missing: "shared"` is the value `"\u{1}shared"`.
pub use crate::engine::compose_key as counter_key;

/// Sets a budget counter to `used` (and `reserved` live reservations) in the current
/// window at `now`, as if earlier requests had spent it: the same counter
/// `Engine::read_budget(budget, key_values, now, store)` reads and `decide` checks.
/// Amounts are in the budget's unit: tokens, or nano-dollars for USD limits.
pub fn preload_counter(
    engine: &Engine,
    budget: &str,
    key_values: &[String],
    used: u64,
    reserved: u64,
    now: u64,
    store: &dyn SharedStore,
) -> Result<(), PreloadError> {
    let b = engine
        .policy
        .budgets
        .iter()
        .find(|b| b.name == budget)
        .ok_or_else(|| PreloadError::UnknownBudget(budget.to_string()))?;
    if b.scope.len() != key_values.len() {
        return Err(PreloadError::KeyLength {
            budget: budget.to_string(),
            want: b.scope.len(),
            got: key_values.len(),
        });
    }
    let pos = windows::position(b.window, now).ok_or_else(|| PreloadError::NoCounter(budget.to_string()))?;
    let key = counter_key(&b.name, key_values);
    let ledger: &Ledger = engine.ledger();
    let wrap = |error| PreloadError::Ledger {
        budget: budget.to_string(),
        error,
    };
    if used > 0 {
        // Settling a hold of nothing charges `used` to the counter (creating it).
        ledger.settle(store, &key, &Hold::NONE, used, pos, now).map_err(wrap)?;
    }
    if reserved > 0 {
        ledger
            .reserve(store, &key, pos, now, reserved, Check::None)
            .map_err(wrap)?;
    }
    Ok(())
}

/// The unit of a budget's counter: `"tokens"` or `"usd"` (nano-dollars in counters).
pub fn budget_unit(policy: &Policy, budget: &str) -> Option<&'static str> {
    policy.budgets.iter().find(|b| b.name == budget).map(|b| match b.limit {
        Limit::Tokens(_) => "tokens",
        Limit::Nanos(_) => "usd",
    })
}

/// A bare text counted for a model as the engine counts a request's text: with the
/// model's exact encoding, or (models without a public tokenizer) an OpenAI encoding
/// times the configured multiplier, rounded up. No chat framing, no safety margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextCount {
    pub tokens: u64,
    pub exact: bool,
    pub encoding: Encoding,
    /// Thousandths applied to the raw count (1000 when exact).
    pub multiplier_permille: u64,
}

pub fn count_text(policy: &Policy, model: &str, text: &str) -> Result<TextCount, TokenError> {
    match policy.estimator_for(model) {
        Some(e) => {
            let raw = e.encoding.count(text)?;
            let scaled =
                u64::try_from((u128::from(raw) * u128::from(e.multiplier_permille)).div_ceil(1000)).unwrap_or(u64::MAX);
            Ok(TextCount {
                tokens: scaled,
                exact: false,
                encoding: e.encoding,
                multiplier_permille: e.multiplier_permille,
            })
        }
        None => {
            let encoding = policy.encoding_for(model);
            // Gemini's own vocabulary (Gemma 3) is exact, whatever the provider is called.
            let exact = encoding == Encoding::Gemma3
                || policy.prices.lookup(model).is_none_or(|p| {
                    matches!(
                        p.provider.as_str(),
                        "openai" | "azure" | "text-completion-openai" | "custom"
                    )
                })
                || policy.encodings.iter().any(|(p, _)| model.starts_with(p.as_str()));
            Ok(TextCount {
                tokens: encoding.count(text)?,
                exact,
                encoding,
                multiplier_permille: 1000,
            })
        }
    }
}

/// A model's list price for a number of input and output tokens, in nano-dollars (rounded
/// up; the long-context tier applies when the input passes it), or `None` if the model has
/// no price. Output is priced at the dearer of output and reasoning, as reservations are.
pub fn price_tokens(policy: &Policy, model: &str, input: u64, output: u64) -> Option<PriceQuote> {
    let price = policy.prices.lookup(model)?;
    let rates = price.rates_for_prompt(input);
    Some(PriceQuote {
        input_nanos: worst_cost(&rates, input, 0),
        output_nanos: worst_cost(&rates, 0, output),
        total_nanos: worst_cost(&rates, input, output),
        input_picos_per_token: rates.input,
        output_picos_per_token: rates.output.max(rates.reasoning.unwrap_or(0)),
        provider: price.provider.clone(),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceQuote {
    pub input_nanos: u64,
    pub output_nanos: u64,
    pub total_nanos: u64,
    pub input_picos_per_token: u64,
    pub output_picos_per_token: u64,
    pub provider: String,
}

/// The end offsets (in bytes of `text`) of its tokens under `encoding`, for highlighting:
/// see [`Encoding::token_ends`] (the counting tokenizer itself, no second copy).
pub fn token_ends(encoding: Encoding, text: &str) -> Result<Vec<usize>, TokenError> {
    encoding.token_ends(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemStore;

    const NOW: u64 = 1_800_000_000;

    fn engine(json: &str) -> Engine {
        Engine::new(Policy::from_json(json).unwrap())
    }

    #[test]
    fn preloaded_counters_are_what_read_budget_reads() {
        let e = engine(
            r#"{"budgets": [{"name": "user-daily", "scope": [{"header": "x-user"}], "window": "day",
                "limit": {"tokens": 1000}, "kind": "hard"}]}"#,
        );
        let store = MemStore::new();
        let key = vec!["alice".to_string()];
        preload_counter(&e, "user-daily", &key, 700, 50, NOW, &store).unwrap();
        let (snap, pos, _) = e.read_budget("user-daily", &key, NOW, &store).unwrap();
        assert_eq!((snap.used, snap.held), (700, 50));
        assert!(pos.is_some());
        assert_eq!(
            e.read_budget("user-daily", &["bob".to_string()], NOW, &store)
                .unwrap()
                .0
                .used,
            0
        );
    }

    #[test]
    fn preload_errors_name_the_problem() {
        let e = engine(
            r#"{"budgets": [{"name": "r", "window": "request", "limit": {"tokens": 10}, "kind": "hard"},
                {"name": "d", "scope": ["model"], "window": "day", "limit": {"usd": "1"}, "kind": "hard"}]}"#,
        );
        let store = MemStore::new();
        assert_eq!(
            preload_counter(&e, "nope", &[], 1, 0, NOW, &store),
            Err(PreloadError::UnknownBudget("nope".into()))
        );
        assert!(matches!(
            preload_counter(&e, "r", &[], 1, 0, NOW, &store),
            Err(PreloadError::NoCounter(_))
        ));
        assert!(matches!(
            preload_counter(&e, "d", &[], 1, 0, NOW, &store),
            Err(PreloadError::KeyLength { want: 1, got: 0, .. })
        ));
        assert_eq!(budget_unit(&e.policy, "d"), Some("usd"));
    }

    #[test]
    fn text_counts_follow_the_models_encoding_and_estimator() {
        let p = Policy::from_json("{}").unwrap();
        let gpt = count_text(&p, "gpt-4o", "hello world").unwrap();
        assert_eq!((gpt.tokens, gpt.exact, gpt.encoding), (2, true, Encoding::O200kBase));
        let claude = count_text(&p, "claude-sonnet-5-5", "hello world").unwrap();
        assert_eq!(
            (claude.tokens, claude.exact, claude.multiplier_permille),
            (3, false, 1250)
        );
        // Gemini: the Gemma 3 vocabulary ("hello" "▁world"), exact like the engine's count.
        let gemini = count_text(&p, "gemini-2.5-flash", "hello world").unwrap();
        assert_eq!(
            (gemini.tokens, gemini.exact, gemini.encoding),
            (2, true, Encoding::Gemma3)
        );
    }

    #[test]
    fn token_ends_cover_the_text_on_char_boundaries() {
        let text = "héllo wörld 🎉🎉 naïve";
        let ends = token_ends(Encoding::O200kBase, text).unwrap();
        assert_eq!(ends.last(), Some(&text.len()));
        assert!(ends.iter().all(|e| text.is_char_boundary(*e)));
        assert!(ends.windows(2).all(|w| w[0] < w[1]));
        assert!(token_ends(Encoding::Cl100kBase, "").unwrap().is_empty());
        let gemma = token_ends(Encoding::Gemma3, text).unwrap();
        assert_eq!(gemma.last(), Some(&text.len()));
        assert!(gemma.iter().all(|e| text.is_char_boundary(*e)));
    }

    #[test]
    fn prices_quote_input_and_output() {
        let p = Policy::from_json("{}").unwrap();
        let q = price_tokens(&p, "gpt-4o", 1_000_000, 0).unwrap();
        assert_eq!(q.input_nanos, q.total_nanos);
        assert!(q.input_nanos > 0);
        assert!(price_tokens(&p, "no-such-model", 1, 1).is_none());
    }
}
