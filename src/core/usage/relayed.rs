//! Bounded record of the output text already relayed to the client (deltas of a stream),
//! so a broken stream can still be charged for what the client received.
//! Pure: no I/O, no clock, no host calls; knows nothing of APIs or tokenizers.

/// Text relayed so far: the first `cap` bytes (cut on a char boundary) and exact totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelayedText {
    text: String,
    cap: usize,
    chars: u64,
    bytes: u64,
}

impl RelayedText {
    /// Keeps at most `cap` bytes of text; counts everything.
    pub fn new(cap: usize) -> Self {
        RelayedText {
            text: String::new(),
            cap,
            chars: 0,
            bytes: 0,
        }
    }

    /// Appends one delta.
    pub fn push(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        self.chars = self
            .chars
            .saturating_add(u64::try_from(piece.chars().count()).unwrap_or(u64::MAX));
        self.bytes = self
            .bytes
            .saturating_add(u64::try_from(piece.len()).unwrap_or(u64::MAX));
        let room = self.cap.saturating_sub(self.text.len());
        if room == 0 {
            return;
        }
        if piece.len() <= room {
            self.text.push_str(piece);
            return;
        }
        let mut cut = room;
        while cut > 0 && !piece.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(head) = piece.get(..cut) {
            self.text.push_str(head);
        }
    }

    /// The kept text (a prefix of everything relayed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Characters relayed in total (kept or not).
    pub fn chars(&self) -> u64 {
        self.chars
    }

    /// UTF-8 bytes relayed in total (kept or not).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Whether `text()` is shorter than what was relayed.
    pub fn is_truncated(&self) -> bool {
        u64::try_from(self.text.len()).unwrap_or(u64::MAX) < self.bytes
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn caps_on_char_boundary_and_keeps_counts() {
        let mut r = RelayedText::new(5);
        r.push("ab");
        r.push("cé世x");
        assert_eq!(r.text(), "abcé");
        assert_eq!(r.chars(), 6);
        assert_eq!(r.bytes(), 2 + 1 + 2 + 3 + 1);
        assert!(r.is_truncated());
        r.push("more");
        assert_eq!(r.text(), "abcé");
        assert_eq!(r.chars(), 10);
    }

    #[test]
    fn zero_cap_counts_only() {
        let mut r = RelayedText::new(0);
        r.push("hello");
        assert_eq!(r.text(), "");
        assert_eq!(r.chars(), 5);
    }
}
