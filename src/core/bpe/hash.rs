//! The byte-string hash of `core::bpe`'s lookup tables (built at an encoding's first use and
//! probed per piece; build.rs includes this file to place every token), also the key hash of
//! the per-VM memos (`count_cache`, `prefix_cache`), where a collision costs only a miss.
//! Pure arithmetic; must not touch anything else.

/// A 64-bit hash of a token's bytes (FxHash-style over 8-byte words, then a final mix).
#[inline]
pub fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(w);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        let mut buf = [0u8; 8];
        for (b, t) in buf.iter_mut().zip(tail) {
            *b = *t;
        }
        h = (h.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 29)
}

/// A hash of two byte strings as one key (each one's length is part of its hash, so where
/// one ends is too). For the memos; build.rs, which includes this file, does not use it.
#[allow(dead_code)]
#[inline]
pub fn hash_pair(a: &[u8], b: &[u8]) -> u64 {
    hash(a).rotate_left(29).wrapping_mul(0x94D0_49BB_1331_11EB) ^ hash(b)
}
