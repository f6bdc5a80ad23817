//! Costs in nano-dollars from token counts and per-token prices: the worst case reserved
//! before a request, and the cost of the usage a provider reported.
//! Pure integer arithmetic; rounds up.

use crate::money;
use crate::prices::Rates;
use crate::usage::Usage;

/// Worst-case cost: every input token at the dearest input price (a cache write can cost
/// more than plain input), output at the dearer of the output and reasoning price.
pub fn worst_cost(rates: &Rates, input: u64, output: u64) -> u64 {
    let input_rate = rates.input.max(rates.cache_write.unwrap_or(0));
    let output_rate = rates.output.max(rates.reasoning.unwrap_or(0));
    money::cost_nanos_ceil_sum([(input, input_rate), (output, output_rate)])
}

/// The cost of reported usage: uncached input, cache reads and writes, output, reasoning.
/// `Usage` is normalised: `input_tokens` is the whole prompt, cache counts are parts of
/// it; `reasoning_tokens` is a part of `output_tokens`.
pub fn usage_cost(rates: &Rates, u: &Usage) -> u64 {
    let cached = u.cached_input_tokens.min(u.input_tokens);
    let written = u.cache_write_tokens.min(u.input_tokens.saturating_sub(cached));
    let plain_input = u.input_tokens.saturating_sub(cached).saturating_sub(written);
    let (plain_output, reasoning, reasoning_rate) = match rates.reasoning {
        Some(rate) => (
            u.output_tokens.saturating_sub(u.reasoning_tokens),
            u.reasoning_tokens.min(u.output_tokens),
            rate,
        ),
        None => (u.output_tokens, 0, rates.output),
    };
    money::cost_nanos_ceil_sum([
        (plain_input, rates.input),
        (cached, rates.cached_input.unwrap_or(rates.input)),
        (written, rates.cache_write.unwrap_or(rates.input)),
        (plain_output, rates.output),
        (reasoning, reasoning_rate),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates() -> Rates {
        // $2.50 / $1.25 cached / $3.75 write / $10 output per million tokens, in picos per token.
        Rates {
            input: 2_500_000,
            cached_input: Some(1_250_000),
            cache_write: Some(3_750_000),
            output: 10_000_000,
            reasoning: None,
        }
    }

    #[test]
    fn cache_reads_and_writes_are_priced_separately() {
        let u = Usage {
            input_tokens: 1000,
            cached_input_tokens: 400,
            cache_write_tokens: 100,
            output_tokens: 10,
            ..Usage::default()
        };
        // 500 * 2.5e-6 + 400 * 1.25e-6 + 100 * 3.75e-6 + 10 * 1e-5 = 0.00125 + 0.0005 + 0.000375 + 0.0001
        assert_eq!(usage_cost(&rates(), &u), 2_225_000);
    }

    #[test]
    fn worst_case_is_at_least_any_reported_usage_within_the_caps() {
        let r = rates();
        let worst = worst_cost(&r, 1000, 10);
        for (cached, written) in [(0, 0), (500, 0), (1000, 0), (0, 1000), (300, 700)] {
            let u = Usage {
                input_tokens: 1000,
                cached_input_tokens: cached,
                cache_write_tokens: written,
                output_tokens: 10,
                ..Usage::default()
            };
            assert!(usage_cost(&r, &u) <= worst);
        }
    }
}
