//! Incremental Server-Sent Events reader: turns body chunks (split anywhere, even inside
//! a line or a multi-byte UTF-8 character) into complete events, each keeping its exact
//! raw bytes so it can be forwarded unchanged or dropped as a whole.
//! Pure: no I/O, no clock, no host calls, no proxy-wasm; knows nothing of LLM APIs.
//!
//! Parsing follows the WHATWG "event stream interpretation": lines end in `\r\n`, `\n` or
//! `\r`; a blank line ends a block; `:`-lines are comments; `field` without a colon has an
//! empty value; one space after the colon is dropped; a leading UTF-8 BOM is ignored.
//!
//! Framing guarantee: every input byte belongs to exactly one emitted [`SseEvent::raw`]
//! or to the bytes returned by [`SseReader::finish`], in order, and where a block ends
//! does not depend on how the input was chunked. A block that holds only comments or a
//! stray blank line is still emitted (with [`SseEvent::has_data`] false) so its bytes are
//! not lost.

use thiserror::Error;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why the reader stopped.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SseError {
    /// One block (event) grew past the configured maximum. The reader is now failed;
    /// [`SseReader::take_unparsed`] returns the bytes it still holds.
    #[error("SSE event larger than {limit} bytes")]
    EventTooLarge { limit: usize },
    /// `feed` was called after an error.
    #[error("SSE reader already failed")]
    Failed,
}

/// One block of the stream, terminated by a blank line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The exact bytes of the block, from the end of the previous block up to and
    /// including the line ending of the blank line that terminated it.
    pub raw: Vec<u8>,
    /// The last `event:` field, if any and not empty.
    pub event: Option<String>,
    /// All `data:` values joined with `\n` (no trailing `\n`).
    pub data: String,
    /// Whether at least one `data` field was present (a browser dispatches only then).
    pub has_data: bool,
    /// The last `id:` field (ignored if it contains NUL).
    pub id: Option<String>,
    /// The last valid `retry:` field.
    pub retry: Option<u64>,
}

/// What is left at end of stream.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseTail {
    /// Blocks that turned out complete at end of stream (their last line ended in a lone
    /// `\r`, which could only be told apart from `\r\n` once the stream ended).
    pub events: Vec<SseEvent>,
    /// Bytes of an unterminated block (no blank line before the end). Forward unchanged.
    pub partial: Vec<u8>,
    /// `partial` read as if it had been terminated, when it holds an `event` or `data`
    /// field (a browser would discard it; a usage reader may still want to look).
    pub partial_event: Option<SseEvent>,
}

/// Fields of the block being read.
#[derive(Debug, Default)]
struct Fields {
    event: Option<String>,
    data: String,
    has_data: bool,
    id: Option<String>,
    retry: Option<u64>,
}

impl Fields {
    fn into_event(self, raw: Vec<u8>) -> SseEvent {
        SseEvent {
            raw,
            event: self.event,
            data: self.data,
            has_data: self.has_data,
            id: self.id,
            retry: self.retry,
        }
    }

    fn apply_line(&mut self, line: &[u8]) {
        if line.first() == Some(&b':') {
            return; // comment
        }
        let text = String::from_utf8_lossy(line);
        let (name, value) = match text.split_once(':') {
            Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_ref(), ""),
        };
        match name {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => {
                self.event = if value.is_empty() { None } else { Some(value.to_owned()) };
            }
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
    }
}

/// Incremental SSE reader with a bound on the size of one block.
#[derive(Debug)]
pub struct SseReader {
    max_event_bytes: usize,
    /// Raw bytes of the current block (from its start) plus unscanned input.
    buf: Vec<u8>,
    /// Bytes of `buf` already split into lines and applied to `fields`.
    scanned: usize,
    /// Bytes of `buf` from `scanned` on already searched for a line ending (none found),
    /// so a long line fed in small pieces is not searched again and again.
    searched: usize,
    fields: Fields,
    /// No line has been completed yet: the first line may start with a BOM.
    at_start: bool,
    failed: bool,
}

impl SseReader {
    /// A reader that fails when one block exceeds `max_event_bytes` (at least 1).
    pub fn new(max_event_bytes: usize) -> Self {
        SseReader {
            max_event_bytes: max_event_bytes.max(1),
            buf: Vec::new(),
            scanned: 0,
            searched: 0,
            fields: Fields::default(),
            at_start: true,
            failed: false,
        }
    }

    /// Feeds bytes; returns the blocks they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<SseEvent>, SseError> {
        let mut out = Vec::new();
        self.feed_into(bytes, &mut out)?;
        Ok(out)
    }

    /// Feeds bytes, pushing completed blocks onto `out`. On error, blocks completed
    /// before the oversized one are already in `out`; the rest is in
    /// [`take_unparsed`](Self::take_unparsed).
    pub fn feed_into(&mut self, bytes: &[u8], out: &mut Vec<SseEvent>) -> Result<(), SseError> {
        if self.failed {
            return Err(SseError::Failed);
        }
        self.buf.extend_from_slice(bytes);
        self.scan(false, out)
    }

    /// Bytes held but not emitted (the current partial block). After an error this is
    /// everything fed that was not returned as an event.
    pub fn take_unparsed(&mut self) -> Vec<u8> {
        self.scanned = 0;
        self.searched = 0;
        self.fields = Fields::default();
        std::mem::take(&mut self.buf)
    }

    /// Number of bytes currently held.
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }

    /// Ends the stream: completes a block whose last line ended in `\r`, and returns any
    /// unterminated block. The reader is empty afterwards.
    pub fn finish(&mut self) -> SseTail {
        let mut tail = SseTail::default();
        if !self.failed {
            // A size error here is impossible to act on; the bytes are returned anyway.
            let _ = self.scan(true, &mut tail.events);
        }
        let mut fields = std::mem::take(&mut self.fields);
        if !self.failed {
            // Read a last line without a line ending into the partial event.
            if let Some(rest) = self.buf.get(self.scanned..) {
                if !rest.is_empty() {
                    let line = self.strip_bom(rest).to_vec();
                    fields.apply_line(&line);
                }
            }
        }
        let partial = self.take_unparsed();
        if !partial.is_empty() && (fields.has_data || fields.event.is_some()) {
            tail.partial_event = Some(fields.into_event(partial.clone()));
        }
        tail.partial = partial;
        tail
    }

    fn strip_bom<'a>(&self, line: &'a [u8]) -> &'a [u8] {
        if self.at_start {
            line.strip_prefix(BOM).unwrap_or(line)
        } else {
            line
        }
    }

    /// Splits complete lines from `scanned` on; at `eof` a trailing `\r` ends a line.
    fn scan(&mut self, eof: bool, out: &mut Vec<SseEvent>) -> Result<(), SseError> {
        let mut block_start = 0usize;
        let mut pos = self.scanned;
        let mut search_from = self.searched.max(pos);
        let result = loop {
            let unsearched = self.buf.get(search_from..).unwrap_or_default();
            let Some(found) = unsearched.iter().position(|&b| b == b'\n' || b == b'\r') else {
                search_from = self.buf.len();
                break Ok(());
            };
            let line_end = search_from + found;
            let ending_len = match (self.buf.get(line_end), self.buf.get(line_end + 1)) {
                (Some(b'\r'), Some(b'\n')) => 2,
                (Some(b'\r'), None) if !eof => {
                    search_from = line_end; // maybe `\r\n` split: look again
                    break Ok(());
                }
                _ => 1,
            };
            let next = line_end + ending_len;
            let line = self.buf.get(pos..line_end).unwrap_or_default();
            let line = self.strip_bom(line);
            self.at_start = false;
            if line.is_empty() {
                let raw = self.buf.get(block_start..next).unwrap_or_default().to_vec();
                let fields = std::mem::take(&mut self.fields);
                if raw.len() > self.max_event_bytes {
                    self.fields = fields;
                    self.failed = true;
                    break Err(SseError::EventTooLarge {
                        limit: self.max_event_bytes,
                    });
                }
                out.push(fields.into_event(raw));
                block_start = next;
            } else {
                let line = line.to_vec();
                self.fields.apply_line(&line);
            }
            pos = next;
            search_from = next;
        };
        // Drop emitted blocks from the front of the buffer.
        self.buf.drain(..block_start.min(self.buf.len()));
        self.scanned = pos.saturating_sub(block_start);
        self.searched = search_from.saturating_sub(block_start);
        if result.is_ok() && self.buf.len() > self.max_event_bytes {
            self.failed = true;
            return Err(SseError::EventTooLarge {
                limit: self.max_event_bytes,
            });
        }
        result
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn feed_all(input: &[u8], chunk: usize) -> (Vec<SseEvent>, SseTail) {
        let mut r = SseReader::new(1 << 20);
        let mut events = Vec::new();
        for part in input.chunks(chunk.max(1)) {
            events.extend(r.feed(part).unwrap());
        }
        let tail = r.finish();
        (events, tail)
    }

    fn rejoin(events: &[SseEvent], tail: &SseTail) -> Vec<u8> {
        let mut out: Vec<u8> = events.iter().flat_map(|e| e.raw.clone()).collect();
        out.extend(tail.events.iter().flat_map(|e| e.raw.clone()));
        out.extend(&tail.partial);
        out
    }

    fn data_events(events: &[SseEvent]) -> Vec<(Option<String>, String)> {
        events
            .iter()
            .filter(|e| e.has_data)
            .map(|e| (e.event.clone(), e.data.clone()))
            .collect()
    }

    #[test]
    fn basic_events_and_raw() {
        let input = b"event: a\ndata: one\n\ndata: two\ndata: three\n\n";
        let (events, tail) = feed_all(input, 1000);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].raw, b"event: a\ndata: one\n\n");
        assert_eq!(events[0].event.as_deref(), Some("a"));
        assert_eq!(events[0].data, "one");
        assert_eq!(events[1].data, "two\nthree");
        assert!(tail.partial.is_empty());
    }

    #[test]
    fn all_line_endings_and_every_chunking() {
        let variants: [&[u8]; 3] = [
            b"event: x\ndata: 1\n\n: ping\n\ndata: 2\n\n",
            b"event: x\r\ndata: 1\r\n\r\n: ping\r\n\r\ndata: 2\r\n\r\n",
            b"event: x\rdata: 1\r\r: ping\r\rdata: 2\r\r",
        ];
        for input in variants {
            let (reference, _) = feed_all(input, input.len());
            for chunk in 1..input.len() {
                let (events, tail) = feed_all(input, chunk);
                assert_eq!(rejoin(&events, &tail), input, "chunk {chunk}");
                let mut all = events.clone();
                all.extend(tail.events.clone());
                assert_eq!(
                    data_events(&all),
                    vec![(Some("x".into()), "1".into()), (None, "2".into())]
                );
                // Block boundaries do not depend on chunking.
                let raws: Vec<_> = all.iter().map(|e| e.raw.clone()).collect();
                let mut ref_all = reference.clone();
                ref_all.extend(feed_all(input, input.len()).1.events);
                let ref_raws: Vec<_> = ref_all.iter().map(|e| e.raw.clone()).collect();
                assert_eq!(raws, ref_raws);
            }
        }
    }

    #[test]
    fn comment_only_block_is_emitted_without_data() {
        let (events, _) = feed_all(b": ping\n\n", 3);
        assert_eq!(events.len(), 1);
        assert!(!events[0].has_data);
        assert_eq!(events[0].raw, b": ping\n\n");
    }

    #[test]
    fn fields_without_values_and_space_rules() {
        let (events, _) = feed_all(b"data\ndata:\ndata:  x\nevent\nid\nretry: 15\nfoo: bar\n\n", 1);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].data, "\n\n x");
        assert_eq!(events[0].event, None);
        assert_eq!(events[0].id.as_deref(), Some(""));
        assert_eq!(events[0].retry, Some(15));
    }

    #[test]
    fn bom_is_ignored_even_when_split() {
        let input = b"\xEF\xBB\xBFdata: hi\n\n";
        for chunk in 1..input.len() {
            let (events, tail) = feed_all(input, chunk);
            assert_eq!(events[0].data, "hi");
            assert_eq!(rejoin(&events, &tail), input);
        }
        // A BOM later in the stream is not special.
        let (events, _) = feed_all(b"data: a\n\n\xEF\xBB\xBFdata: b\n\n", 2);
        assert_eq!(events.len(), 2);
        assert!(!events[1].has_data);
    }

    #[test]
    fn multibyte_utf8_split_anywhere() {
        let input = "data: héllo 世界 🦀\n\n".as_bytes();
        for chunk in 1..input.len() {
            let (events, _) = feed_all(input, chunk);
            assert_eq!(events[0].data, "héllo 世界 🦀");
        }
    }

    #[test]
    fn unterminated_tail_is_returned_and_parsed() {
        let (events, tail) = feed_all(b"data: a\n\ndata: [DONE]\n", 4);
        assert_eq!(events.len(), 1);
        assert_eq!(tail.partial, b"data: [DONE]\n");
        assert_eq!(tail.partial_event.map(|e| e.data).as_deref(), Some("[DONE]"));
        let (_, tail) = feed_all(b"data: x", 2);
        assert_eq!(tail.partial, b"data: x");
        assert_eq!(tail.partial_event.map(|e| e.data).as_deref(), Some("x"));
        let (_, tail) = feed_all(b": only a comment", 2);
        assert_eq!(tail.partial_event, None);
    }

    #[test]
    fn trailing_cr_completes_at_finish() {
        let (events, tail) = feed_all(b"data: a\r\r", 100);
        assert!(events.is_empty());
        assert_eq!(tail.events.len(), 1);
        assert_eq!(tail.events[0].data, "a");
        assert!(tail.partial.is_empty());
    }

    #[test]
    fn oversized_event_is_an_error_and_bytes_are_kept() {
        let mut r = SseReader::new(16);
        let mut out = Vec::new();
        let input = b"data: ok\n\ndata: this one is far too long\n\ndata: z\n\n";
        let err = r.feed_into(input, &mut out);
        assert_eq!(err, Err(SseError::EventTooLarge { limit: 16 }));
        assert_eq!(out.len(), 1);
        let mut rejoined = out[0].raw.clone();
        rejoined.extend(r.take_unparsed());
        assert_eq!(rejoined, input);
        assert_eq!(r.feed(b"x"), Err(SseError::Failed));
    }

    #[test]
    fn partial_block_growth_is_bounded() {
        let mut r = SseReader::new(8);
        assert!(r.feed(b"data: 1234").is_err());
        let mut r = SseReader::new(8);
        assert!(r.feed(b"data: 1").is_ok());
        assert!(r.feed(b"2").is_ok());
        assert!(r.feed(b"3").is_err());
    }
}
