//! Integer money: exact decimal-text parsing, cost arithmetic and formatting.
//!
//! Units: prices are **pico-dollars per token** (1 pico = 1e-12 USD, [`Picos`]);
//! counters, budgets and costs are **nano-dollars** (1 nano = 1e-9 USD, [`Nanos`]).
//! No float ever touches an amount: decimal text ("2.5e-06", "12.50") is scaled
//! by moving the decimal point over its digits, and costs use `u128` products
//! rounded up once to nanos (the customer is never under-charged by rounding).
//!
//! Pure: no I/O, no clock, no host calls, no allocation beyond error/format strings.
//! It must not touch proxy-wasm, the counter store or price data (see `prices`).

use thiserror::Error;

/// Pico-dollars (1e-12 USD). Prices are picos per token.
pub type Picos = u64;
/// Nano-dollars (1e-9 USD). Costs, counters and budget limits.
pub type Nanos = u64;

/// Picos in one nano.
pub const PICOS_PER_NANO: u64 = 1_000;
/// Nanos in one US dollar.
pub const NANOS_PER_USD: u64 = 1_000_000_000;
/// Picos in one US dollar.
pub const PICOS_PER_USD: u64 = 1_000_000_000_000;

/// Longest input echoed back in an error message.
const MAX_ECHO: usize = 64;

/// Why a decimal amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    /// The text was empty.
    #[error("empty amount")]
    Empty,
    /// A leading minus sign: amounts are never negative.
    #[error("negative amount {0:?}")]
    Negative(String),
    /// Not a plain finite decimal (garbage, NaN, inf, hex, whitespace …).
    #[error("{0:?} is not a decimal number")]
    Invalid(String),
    /// Too large for a `u64` in the target unit.
    #[error("amount {0:?} is too large")]
    Overflow(String),
    /// Finer than the target unit allows (use a `_ceil` variant to round up).
    #[error("amount {text:?} is finer than one {unit}")]
    TooPrecise {
        /// The text given (shortened if long).
        text: String,
        /// The unit it was converted to, e.g. "pico-dollar".
        unit: &'static str,
    },
}

/// How to treat digits finer than the target unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rounding {
    Exact,
    Ceil,
}

fn echo(text: &str) -> String {
    if text.len() <= MAX_ECHO {
        return text.to_owned();
    }
    let mut end = MAX_ECHO;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text.get(..end).unwrap_or_default())
}

/// Parses `text` as a non-negative decimal (`digits[.digits][(e|E)[+-]digits]`,
/// optional leading `+`, `.5` and `5.` accepted) and returns
/// `(value × 10^pow10 as an integer, rounded_up)`.
fn scale_decimal(text: &str, pow10: u32, rounding: Rounding, unit: &'static str) -> Result<(u64, bool), MoneyError> {
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    match bytes.first() {
        Some(b'-') => return Err(MoneyError::Negative(echo(text))),
        Some(b'+') => pos = 1,
        _ => {}
    }
    let invalid = || MoneyError::Invalid(echo(text));

    // Mantissa: significant digits (leading zeros dropped) and how many of the
    // mantissa digits were after the point.
    let mut digits: Vec<u8> = Vec::new();
    let mut frac_len: i64 = 0;
    let mut seen_digit = false;
    let mut seen_point = false;
    while let Some(&b) = bytes.get(pos) {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                if seen_point {
                    frac_len = frac_len.saturating_add(1);
                }
                if !(digits.is_empty() && b == b'0') {
                    digits.push(b - b'0');
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        pos += 1;
    }
    if !seen_digit {
        return Err(invalid());
    }

    // Exponent. Huge exponents are clamped: they overflow or underflow anyway.
    let mut exp: i64 = 0;
    if let Some(&(b'e' | b'E')) = bytes.get(pos) {
        pos += 1;
        let mut negative = false;
        match bytes.get(pos) {
            Some(b'-') => {
                negative = true;
                pos += 1;
            }
            Some(b'+') => pos += 1,
            _ => {}
        }
        let start = pos;
        while let Some(&b) = bytes.get(pos) {
            if !b.is_ascii_digit() {
                break;
            }
            exp = (exp * 10 + i64::from(b - b'0')).min(1_000_000);
            pos += 1;
        }
        if pos == start {
            return Err(invalid());
        }
        if negative {
            exp = -exp;
        }
    }
    if pos != bytes.len() {
        return Err(invalid());
    }

    // Zero in any spelling ("0", "0.000", "0e-99").
    while digits.last() == Some(&0) {
        digits.pop();
        frac_len -= 1;
    }
    if digits.is_empty() {
        return Ok((0, false));
    }

    // value = digits × 10^(exp − frac_len); scaled = digits × 10^shift.
    let shift = exp - frac_len + i64::from(pow10);
    let len = i64::try_from(digits.len()).map_err(|_| invalid())?;
    let int_len = len + shift; // digits before the point of the scaled value
    if int_len > 20 {
        return Err(MoneyError::Overflow(echo(text)));
    }
    let mut value: u128 = 0;
    let mut rounded = false;
    if shift >= 0 {
        for &d in &digits {
            value = value * 10 + u128::from(d);
        }
        for _ in 0..shift {
            value *= 10;
        }
    } else {
        // The last digit is nonzero, so dropping any digit loses precision.
        let keep = usize::try_from(int_len.max(0)).map_err(|_| invalid())?;
        for &d in digits.iter().take(keep) {
            value = value * 10 + u128::from(d);
        }
        match rounding {
            Rounding::Exact => {
                return Err(MoneyError::TooPrecise { text: echo(text), unit });
            }
            Rounding::Ceil => {
                value += 1;
                rounded = true;
            }
        }
    }
    u64::try_from(value)
        .map(|v| (v, rounded))
        .map_err(|_| MoneyError::Overflow(echo(text)))
}

/// Exact USD decimal text → pico-dollars ("2.5e-06" → 2_500_000).
/// Errors on negatives, NaN/inf/garbage, overflow, and on anything finer than
/// one pico ([`MoneyError::TooPrecise`]).
pub fn parse_usd_decimal_to_picos(text: &str) -> Result<Picos, MoneyError> {
    scale_decimal(text, 12, Rounding::Exact, "pico-dollar").map(|(v, _)| v)
}

/// Like [`parse_usd_decimal_to_picos`] but rounds a value finer than one pico
/// UP to the next pico. Returns `(picos, rounded)`, `rounded` telling whether
/// the value was not exact.
pub fn parse_usd_decimal_to_picos_ceil(text: &str) -> Result<(Picos, bool), MoneyError> {
    scale_decimal(text, 12, Rounding::Ceil, "pico-dollar")
}

/// Exact USD decimal text → nano-dollars ("12.50" → 12_500_000_000), for
/// budget limits. Anything finer than one nano is an error.
pub fn parse_usd_decimal_to_nanos(text: &str) -> Result<Nanos, MoneyError> {
    scale_decimal(text, 9, Rounding::Exact, "nano-dollar").map(|(v, _)| v)
}

/// Exact "USD per million tokens" decimal text → pico-dollars per token
/// ("2.50" → 2_500_000): the decimal is multiplied by 10^6 as text.
pub fn parse_usd_per_mtok_to_picos(text: &str) -> Result<Picos, MoneyError> {
    scale_decimal(text, 6, Rounding::Exact, "pico-dollar per token").map(|(v, _)| v)
}

/// Like [`parse_usd_per_mtok_to_picos`] but rounds up; returns `(picos, rounded)`.
pub fn parse_usd_per_mtok_to_picos_ceil(text: &str) -> Result<(Picos, bool), MoneyError> {
    scale_decimal(text, 6, Rounding::Ceil, "pico-dollar per token")
}

fn picos_to_nanos_ceil(picos: u128) -> Nanos {
    let nanos = picos.div_ceil(u128::from(PICOS_PER_NANO));
    u64::try_from(nanos).unwrap_or(u64::MAX)
}

/// Cost of `tokens` at `picos_per_token`, in nanos, rounded UP; saturates at
/// `u64::MAX` (never wraps).
pub fn cost_nanos_ceil(tokens: u64, picos_per_token: Picos) -> Nanos {
    picos_to_nanos_ceil(u128::from(tokens) * u128::from(picos_per_token))
}

/// Sum of several `(tokens, picos_per_token)` terms, added exactly in picos and
/// rounded UP to nanos once (so n terms cost at most 1 nano of rounding, not n).
/// Saturates at `u64::MAX`.
pub fn cost_nanos_ceil_sum<I>(terms: I) -> Nanos
where
    I: IntoIterator<Item = (u64, Picos)>,
{
    let total = terms.into_iter().fold(0u128, |acc, (tokens, price)| {
        acc.saturating_add(u128::from(tokens) * u128::from(price))
    });
    picos_to_nanos_ceil(total)
}

fn format_scaled(value: u64, unit_per_usd: u64, width: usize) -> String {
    let whole = value / unit_per_usd;
    let frac = value % unit_per_usd;
    let mut whole_digits = itoa::Buffer::new();
    let whole = whole_digits.format(whole);
    if frac == 0 {
        return whole.to_string();
    }
    let mut frac_digits = itoa::Buffer::new();
    let frac = frac_digits.format(frac);
    let mut out = String::with_capacity(whole.len() + 1 + width);
    out.push_str(whole);
    out.push('.');
    // Zero-padded to the unit's width, trailing zeros dropped.
    for _ in frac.len()..width {
        out.push('0');
    }
    out.push_str(frac.trim_end_matches('0'));
    out
}

/// Exact USD decimal for nanos, without trailing zeros:
/// 123_456 → "0.000123456", 12_500_000_000 → "12.5", 0 → "0".
pub fn format_nanos_usd(nanos: Nanos) -> String {
    format_scaled(nanos, NANOS_PER_USD, 9)
}

/// Exact USD decimal for picos, without trailing zeros: 2_500_000 → "0.0000025".
pub fn format_picos_usd(picos: Picos) -> String {
    format_scaled(picos, PICOS_PER_USD, 12)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn picos(t: &str) -> Result<u64, MoneyError> {
        parse_usd_decimal_to_picos(t)
    }

    #[test]
    fn picos_exact_examples() {
        assert_eq!(picos("2.5e-06"), Ok(2_500_000));
        assert_eq!(picos("0.000003"), Ok(3_000_000));
        assert_eq!(picos("1.25E-7"), Ok(125_000));
        assert_eq!(picos("3"), Ok(3_000_000_000_000));
        assert_eq!(picos("0"), Ok(0));
        assert_eq!(picos("1e-5"), Ok(10_000_000));
        assert_eq!(picos("1e-12"), Ok(1));
        assert_eq!(picos("1E-12"), Ok(1));
        assert_eq!(picos("0.000000000001"), Ok(1));
        assert_eq!(picos("1.0e-12"), Ok(1));
        assert_eq!(picos("10e-13"), Ok(1));
        assert_eq!(picos("+4.13e-07"), Ok(413_000));
        assert_eq!(picos("1.5e+1"), Ok(15_000_000_000_000));
        assert_eq!(picos("1.5e1"), Ok(15_000_000_000_000));
        assert_eq!(picos(".5"), Ok(500_000_000_000));
        assert_eq!(picos("5."), Ok(5_000_000_000_000));
        assert_eq!(picos("00012.5000"), Ok(12_500_000_000_000));
        assert_eq!(picos("0.0"), Ok(0));
        assert_eq!(picos("0e-999999999999999999999"), Ok(0));
        assert_eq!(picos("0e999999999999999999999"), Ok(0));
        assert_eq!(picos("0.0000000000000000000000"), Ok(0));
    }

    #[test]
    fn picos_errors() {
        assert_eq!(picos(""), Err(MoneyError::Empty));
        assert!(matches!(picos("-1"), Err(MoneyError::Negative(_))));
        assert!(matches!(picos("-0"), Err(MoneyError::Negative(_))));
        for bad in [
            "NaN", "nan", "inf", "Infinity", "-inf", "+", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "1_000", "0x10",
            "1,5", "1e5.5", "++1", "1-", "1ee5", "\"1\"", "١",
        ] {
            let r = picos(bad);
            assert!(
                matches!(r, Err(MoneyError::Invalid(_)) | Err(MoneyError::Negative(_))),
                "{bad:?} gave {r:?}"
            );
        }
        assert!(matches!(picos("1e-13"), Err(MoneyError::TooPrecise { .. })));
        assert!(matches!(picos("0.0000000000015"), Err(MoneyError::TooPrecise { .. })));
        assert!(matches!(
            picos("1e-99999999999999999"),
            Err(MoneyError::TooPrecise { .. })
        ));
        // u64::MAX picos = 18446744.073709551615 USD
        assert_eq!(picos("18446744.073709551615"), Ok(u64::MAX));
        assert!(matches!(picos("18446744.073709551616"), Err(MoneyError::Overflow(_))));
        assert!(matches!(picos("1e8"), Err(MoneyError::Overflow(_))));
        assert!(matches!(picos("1e99999999999999999999"), Err(MoneyError::Overflow(_))));
        assert!(matches!(
            picos("123456789012345678901234567890"),
            Err(MoneyError::Overflow(_))
        ));
    }

    #[test]
    fn error_messages_are_short_and_say_the_unit() {
        let long = format!("1e-{}", "9".repeat(500));
        let msg = picos(&long).unwrap_err().to_string();
        assert!(msg.len() < 120, "{msg}");
        assert!(msg.contains("pico-dollar"), "{msg}");
        let msg = parse_usd_decimal_to_nanos("0.0000000001").unwrap_err().to_string();
        assert!(msg.contains("nano-dollar"), "{msg}");
        // Multibyte text is cut on a char boundary.
        let s = "é".repeat(100);
        assert!(matches!(picos(&s), Err(MoneyError::Invalid(_))));
    }

    #[test]
    fn picos_ceil() {
        assert_eq!(parse_usd_decimal_to_picos_ceil("2.5e-06"), Ok((2_500_000, false)));
        assert_eq!(parse_usd_decimal_to_picos_ceil("1e-13"), Ok((1, true)));
        assert_eq!(parse_usd_decimal_to_picos_ceil("1.0000000000001e-12"), Ok((2, true)));
        assert_eq!(parse_usd_decimal_to_picos_ceil("0.0000000000015"), Ok((2, true)));
        assert_eq!(parse_usd_decimal_to_picos_ceil("1e-99999"), Ok((1, true)));
        assert_eq!(parse_usd_decimal_to_picos_ceil("0"), Ok((0, false)));
        assert!(matches!(
            parse_usd_decimal_to_picos_ceil("18446744.0737095516151"),
            Err(MoneyError::Overflow(_))
        ));
        assert_eq!(
            parse_usd_decimal_to_picos_ceil("18446744.0737095516141"),
            Ok((u64::MAX, true))
        );
        assert!(matches!(
            parse_usd_decimal_to_picos_ceil("x"),
            Err(MoneyError::Invalid(_))
        ));
    }

    #[test]
    fn nanos() {
        assert_eq!(parse_usd_decimal_to_nanos("12.50"), Ok(12_500_000_000));
        assert_eq!(parse_usd_decimal_to_nanos("0.000000001"), Ok(1));
        assert_eq!(parse_usd_decimal_to_nanos("100"), Ok(100 * NANOS_PER_USD));
        assert_eq!(parse_usd_decimal_to_nanos("18446744073.709551615"), Ok(u64::MAX));
        assert!(matches!(
            parse_usd_decimal_to_nanos("18446744073.709551616"),
            Err(MoneyError::Overflow(_))
        ));
        assert!(matches!(
            parse_usd_decimal_to_nanos("0.0000000001"),
            Err(MoneyError::TooPrecise {
                unit: "nano-dollar",
                ..
            })
        ));
        assert!(matches!(parse_usd_decimal_to_nanos("-5"), Err(MoneyError::Negative(_))));
    }

    #[test]
    fn per_mtok() {
        assert_eq!(parse_usd_per_mtok_to_picos("2.50"), Ok(2_500_000));
        assert_eq!(parse_usd_per_mtok_to_picos("2.5"), Ok(2_500_000));
        assert_eq!(parse_usd_per_mtok_to_picos("0.075"), Ok(75_000));
        assert_eq!(parse_usd_per_mtok_to_picos("15"), Ok(15_000_000));
        assert_eq!(parse_usd_per_mtok_to_picos("0.000001"), Ok(1));
        assert!(matches!(
            parse_usd_per_mtok_to_picos("0.0000001"),
            Err(MoneyError::TooPrecise { .. })
        ));
        assert_eq!(parse_usd_per_mtok_to_picos_ceil("0.0000001"), Ok((1, true)));
    }

    /// Property: formatting picos/nanos as decimal and parsing back is the identity.
    #[test]
    fn roundtrip_property() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut samples: Vec<u64> = vec![0, 1, 9, 10, 999, 1000, 1001, u64::MAX, u64::MAX - 1];
        for _ in 0..5000 {
            // xorshift64
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            samples.push(x);
            samples.push(x >> (x % 64));
        }
        for &v in &samples {
            assert_eq!(picos(&format_picos_usd(v)), Ok(v), "picos {v}");
            assert_eq!(parse_usd_decimal_to_nanos(&format_nanos_usd(v)), Ok(v), "nanos {v}");
            // The same value in scientific notation: "<v>e-12".
            assert_eq!(picos(&format!("{v}e-12")), Ok(v));
            assert_eq!(picos(&format!("{v}0e-13")), Ok(v));
            assert_eq!(parse_usd_decimal_to_nanos(&format!("{v}E-9")), Ok(v));
        }
    }

    /// Property: ceil parsing of "<n>e-13" is ceil(n / 10), and exact parsing fails
    /// exactly when n is not a multiple of 10.
    #[test]
    fn ceil_property() {
        for n in 0u64..5000 {
            let text = format!("{n}e-13");
            let expect = n.div_ceil(10);
            assert_eq!(
                parse_usd_decimal_to_picos_ceil(&text),
                Ok((expect, n % 10 != 0)),
                "{text}"
            );
            assert_eq!(picos(&text).is_ok(), n % 10 == 0, "{text}");
        }
    }

    #[test]
    fn cost_rounding() {
        assert_eq!(cost_nanos_ceil(0, 2_500_000), 0);
        assert_eq!(cost_nanos_ceil(1, 0), 0);
        assert_eq!(cost_nanos_ceil(1, 1), 1);
        assert_eq!(cost_nanos_ceil(1, 1000), 1);
        assert_eq!(cost_nanos_ceil(1, 1001), 2);
        // 1M tokens of gpt-4o input at 2.5e-06 USD = 2.5 USD.
        assert_eq!(cost_nanos_ceil(1_000_000, 2_500_000), 2_500_000_000);
        assert_eq!(cost_nanos_ceil(u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(cost_nanos_ceil(u64::MAX, 1000), u64::MAX);
        assert_eq!(cost_nanos_ceil(u64::MAX, 1001), u64::MAX);
    }

    #[test]
    fn cost_sum_rounds_once() {
        // 3 terms of 1 pico each: 3 picos → 1 nano (not 3).
        assert_eq!(cost_nanos_ceil_sum([(1, 1), (1, 1), (1, 1)]), 1);
        assert_eq!(cost_nanos_ceil_sum(Vec::<(u64, u64)>::new()), 0);
        assert_eq!(cost_nanos_ceil_sum([(1000, 1_250_000), (10, 10_000_000)]), 1_350_000);
        assert_eq!(
            cost_nanos_ceil_sum([(u64::MAX, u64::MAX), (u64::MAX, u64::MAX)]),
            u64::MAX
        );
    }

    /// Property: the rounded sum is never below the exact cost, at most one nano
    /// above it, and never above the sum of individually rounded terms.
    #[test]
    fn cost_sum_property() {
        let mut x: u64 = 12345;
        for _ in 0..2000 {
            let mut terms = Vec::new();
            for _ in 0..4 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                terms.push((x % 3_000_000, (x >> 32) % 100_000_000));
            }
            let exact: u128 = terms.iter().map(|&(t, p)| u128::from(t) * u128::from(p)).sum();
            let sum = u128::from(cost_nanos_ceil_sum(terms.iter().copied()));
            assert!(sum * 1000 >= exact);
            assert!(sum * 1000 < exact + 1000);
            let separate: u128 = terms.iter().map(|&(t, p)| u128::from(cost_nanos_ceil(t, p))).sum();
            assert!(sum <= separate);
        }
    }

    #[test]
    fn formatting() {
        assert_eq!(format_nanos_usd(0), "0");
        assert_eq!(format_nanos_usd(123_456), "0.000123456");
        assert_eq!(format_nanos_usd(12_500_000_000), "12.5");
        assert_eq!(format_nanos_usd(1), "0.000000001");
        assert_eq!(format_nanos_usd(NANOS_PER_USD), "1");
        assert_eq!(format_nanos_usd(u64::MAX), "18446744073.709551615");
        assert_eq!(format_picos_usd(2_500_000), "0.0000025");
        assert_eq!(format_picos_usd(1), "0.000000000001");
        assert_eq!(format_picos_usd(u64::MAX), "18446744.073709551615");
    }
}
