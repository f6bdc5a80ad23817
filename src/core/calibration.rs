//! Learned token-count multipliers for models without a public tokenizer: the ratio of
//! the provider's reported input tokens to our raw encoding count, summed per model in
//! shared data (so every worker learns from every response). Bounded: one small value
//! per calibrated model name, and only names from the price table are used as keys.
//! Pure: uses the `SharedStore` trait; no host calls, no clock.

use crate::store::{CAS_CREATE, SharedStore, StoreError};

const PREFIX: &str = "tollgate/v1/cal/";
/// Raw tokens observed before the learned ratio replaces the configured multiplier.
pub const MIN_OBSERVED_TOKENS: u64 = 2_000;
/// Past this many raw tokens both sums are halved: recent traffic weighs more.
const DECAY_AT: u64 = 1 << 32;
const MAX_ATTEMPTS: u32 = 64;
/// Learned multipliers are clamped to [0.5, 4.0] (in permille).
const MIN_PERMILLE: u64 = 500;
const MAX_PERMILLE: u64 = 4_000;

fn decode(bytes: &[u8]) -> (u64, u64) {
    let read = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map(u64::from_le_bytes)
            .unwrap_or(0)
    };
    (read(0), read(8))
}

fn encode(reported: u64, raw: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    out.extend_from_slice(&reported.to_le_bytes());
    out.extend_from_slice(&raw.to_le_bytes());
    out
}

/// The learned multiplier (permille) for `key`, once enough was observed.
pub fn learned_permille(store: &dyn SharedStore, key: &str) -> Option<u64> {
    let (value, _) = store.get(&format!("{PREFIX}{key}")).ok()?;
    let (reported, raw) = decode(&value?);
    if raw < MIN_OBSERVED_TOKENS {
        return None;
    }
    let permille = u128::from(reported) * 1000 / u128::from(raw);
    Some(
        u64::try_from(permille)
            .unwrap_or(MAX_PERMILLE)
            .clamp(MIN_PERMILLE, MAX_PERMILLE),
    )
}

/// Adds one observation: the provider reported `reported` input tokens where our
/// encoding counted `raw`.
pub fn observe(store: &dyn SharedStore, key: &str, reported: u64, raw: u64) -> Result<(), StoreError> {
    if raw == 0 {
        return Ok(());
    }
    let key = format!("{PREFIX}{key}");
    for _ in 0..MAX_ATTEMPTS {
        let (value, cas) = store.get(&key)?;
        let (mut sum_reported, mut sum_raw) = value.as_deref().map(decode).unwrap_or((0, 0));
        sum_reported = sum_reported.saturating_add(reported);
        sum_raw = sum_raw.saturating_add(raw);
        if sum_raw > DECAY_AT {
            sum_reported /= 2;
            sum_raw /= 2;
        }
        match store.set(&key, &encode(sum_reported, sum_raw), Some(cas.unwrap_or(CAS_CREATE))) {
            Ok(()) => return Ok(()),
            Err(StoreError::CasMismatch) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::CasMismatch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemStore;

    #[test]
    fn learns_the_ratio_after_enough_tokens() -> Result<(), StoreError> {
        let store = MemStore::new();
        assert_eq!(learned_permille(&store, "claude-x"), None);
        observe(&store, "claude-x", 1300, 1000)?;
        assert_eq!(learned_permille(&store, "claude-x"), None);
        observe(&store, "claude-x", 1200, 1000)?;
        assert_eq!(learned_permille(&store, "claude-x"), Some(1250));
        Ok(())
    }

    #[test]
    fn learned_values_are_clamped() -> Result<(), StoreError> {
        let store = MemStore::new();
        observe(&store, "m", 100_000, 2_000)?;
        assert_eq!(learned_permille(&store, "m"), Some(MAX_PERMILLE));
        Ok(())
    }
}
