//! Per-session agent state and the detectors that read it: iteration count, near-duplicate
//! turns, the assistant repeating its recent answers, tool-call cycles (call and result),
//! repeated tool results (or a rotation of the same few answering one call), failures
//! recurring between varied attempts (until the failing call itself succeeds; more patiently for
//! a client backing off), cycles of exchanges without tools, and context that grows while
//! nothing new arrives; fresh data (a new call answered in the same shape with new numbers, a
//! poll whose numbers moved) and a draft revised on a new request count as progress, and a poll
//! of pending work gets one more turn. The weak signals need the assistant's side to stop
//! progressing too: the same call advanced to the next item and answered by new data, or a new
//! substantial answer, stops the growth stall; the same receipt for a new call succeeding is not
//! a repeated result; a failure word deep in a plain-text report recurs only for the same call
//! retried; a measurement named after a failure (`"unavailable": 3`) is not one. A failure's
//! ids are masked (the same failure for each new lead or pod recurs); a tool cycle needs what
//! came back to come round in every round counted, a changed screen being a new observation;
//! the next item by number is the same call advanced. A failure that names its exception
//! with a message is that exception wherever it stands in the report; a cycle's calls may
//! differ only by an id (the same order offered to drivers A, B, C and A again), and what came
//! back is compared with ids masked (a receipt's new message id is the same receipt); an
//! answer in new words restating one recent answer's figures (three or more) repeats it. A
//! failure is the same failure only for the same target (a verdict naming nothing is read with
//! the line after it; a failure word deep in a report recurs for the same call on the same
//! target); a call naming an item never named before is a batch moving on; the same
//! clarification asked in new words and answered the same way is the assistant repeating
//! itself. A cycle of the same calls whose results differ only by ids and digits (a revision
//! counter, a timestamp, a seat count ticking) is a cycle when the assistant says again, word
//! for word, what it said a round earlier; a poller reports what moved, or says nothing. In a
//! longer round (open, read, close, read) where the assistant speaks in some turns only, every
//! turn it speaks repeating the turn a round earlier (in half the turns at least) counts the
//! same; a silent turn is no evidence either way. Without tools, an answer going back to an
//! older draft (most of it again, no new figure) after drafts unlike it repeats that draft.
//! A failure word counted as none (`UVM_ERROR :    0`) is a passing run's summary, and a
//! one-line JSON status naming failures only as counts (`{"failed": 2, "errors": 0}`) is a
//! measurement, as a pretty-printed one's member is. A short question (nothing else said, no
//! new figure, a term of the last asks in it) answered by the user restating the same reply
//! is the same clarification asked again, however it is paraphrased. The same call advanced
//! to the next cursor, answered by new records, is pagination, not a near-duplicate turn; a
//! cycle each of whose rounds names an item of the user's own list not named in the recent
//! rounds (purge and verify the next listed page) is a batch walking its items, not a loop.
//! A reworded question answered by the user giving back the term it asks about, as in the
//! previous reply, is the same clarification answered the same way. A poll of something
//! suspended or paused (held by someone else) waits like pending work; the same call's report
//! grown by new records naming no failure, every old line kept, is news, not the failure word
//! of an old record recurring. A lookup of the next item (one call whose only argument is an
//! id never named before, answered about that id) is a batch, not a near-duplicate turn. A
//! one-line JSON result with `"ok": false` (or `"success": false`) states a failure, read with
//! the call's own argument values masked: the same check refusing the same file under a new
//! name is the same failure. A clarification asks wherever its question mark stands in its
//! last line (`…first or second edition? The rules differ.`), not only at its end.
//! Without tools, the user pressing the same point in new words (a short reply every term of
//! which they said in one of their last few replies, not the words of one of them again) at an answer
//! made mostly of its last two answers' terms, with no new figure, is the assistant repeating
//! itself: neither side brings anything new.
//! One fixed-size record per session in a bounded table; a session expires after its idle time.
//! Pure: no clock (the caller passes `now`), no I/O; state comes in and goes out through
//! `Table`.

use serde_json::{Map, Value};

use super::fingerprint::{self, MINHASH_LEN, MinHash};
use crate::table::{Reader, Record};

const SEQ: usize = 12;
/// The call's own argument values masked in a refusal's signature, at most (`refused_field`).
const OWN_VALUES: usize = 16;
/// Failure signatures remembered (one per turn with tool results).
const FAILS: usize = 12;
/// Words of the Bloom filter of the previous turn's line hashes (64 bits each: 8192 bits,
/// about 1 % false matches at 600 lines, 15 % at 2000).
const LINES: usize = 128;
/// A message without tools of at least this many words is a paste (a log, a page).
const PASTE_WORDS: usize = 200;
/// The assistant's recent answers remembered (a rotation of rewordings is a repeat).
const ANSWERS: usize = 4;
/// The assistant repeating a recent answer in this many of its last `REPEAT_WINDOW`
/// answers is a loop signal on its own, whatever the user or tools send.
const REPEATS: u32 = 3;
const REPEAT_WINDOW: u32 = 5;
/// At most this many terms in a short question asked again (`clarified_again`).
const SHORT_QUESTION: u32 = 16;
/// At most this many words (and terms) in each message of a hand-off repeated (`clarified_again`).
const HANDOFF_TERMS: u32 = 32;
/// Sampled shingle hashes of recent tool results remembered per session.
const SEEN: usize = 256;
/// An assistant answer of at least this many words…
const ASSISTANT_WORDS: usize = 20;
/// …less similar (thousandths) than this to its previous answer is progress.
const ASSISTANT_NEW: u64 = 500;
/// …at least this similar (thousandths) to an older one, unlike the last, goes back to it.
const ASSISTANT_REVISIT: u64 = 600;
/// More failures a client backing off is given before `repeated_failure` (see `observe`).
const BACKOFF_PATIENCE: u32 = 2;
/// Distinct tool results remembered for the same call repeated byte for byte: a rotation of
/// the same few answers to it is the same result again.
const ANSWERED: usize = 4;
/// Words of the Bloom filter of the numbers in the previous turn's tool results (1024 bits).
const NUMBERS: usize = 16;
/// A result with at least this many values (words holding a digit) that were not in the
/// previous one brings new data (a page of rows), not recycled text under a new title.
const NEW_NUMBERS: usize = 8;
/// An answer restating at least this many figures, all of one recent answer's, repeats it.
const FIGURES: u32 = 3;
/// Words of the Bloom filter of the items (ids) the session's calls named (256 bits; cleared
/// when half full).
const ITEMS: usize = 4;
/// Words of the Bloom filters of the words of a message (256 bits).
const WORDS: usize = 4;
/// The user's last replies without tools remembered (`replied`, newest last): a reply saying
/// nothing that was not in one of them brings nothing new.
const REPLIES: usize = 4;
/// An answer at least this share (tenths) of whose terms were in the assistant's last two
/// answers, no new figure among them, says nothing new (`pressed_again`).
const OLD_TERMS_TENTHS: u32 = 4;
/// Words of the Bloom filter of the items the user's messages named (512 bits).
const LISTED: usize = 8;
/// 64-bit words of the Bloom filter of the last report's lines (`note_report`), and the
/// most lines a report may have to be judged.
const REPORT: usize = 32;
const REPORT_LINES: usize = 64;

/// One session's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub digest: [u8; 16],
    pub expires_at: u64,
    pub turns: u32,
    pub dup_streak: u32,
    pub last_new: Option<MinHash>,
    /// The assistant's last answers (newest last; all zero: none).
    pub answers: [MinHash; ANSWERS],
    /// One bit per recent turn (newest lowest): the assistant repeated a recent answer.
    pub answer_repeats: u32,
    pub tool_seq: [u64; SEQ],
    /// What came back for each call of `tool_seq`.
    pub result_seq: [u64; SEQ],
    pub tool_seq_len: u32,
    /// Seconds between the previous request and the one before it.
    pub last_gap: u64,
    /// The latest tool calls hashed with ids masked and digits dropped (the same call for
    /// the next item hashes alike; byte for byte they are the last of `raw_seq`).
    pub last_call: u64,
    pub result_hash: u64,
    pub result_repeat: u32,
    pub seen: [u32; SEEN],
    pub seen_len: u32,
    pub last_input: u64,
    pub growth_streak: u32,
    /// Failure signatures of the last turns with tool results (0: no failure).
    pub fails: [u64; FAILS],
    /// Bloom filter of the lines of the previous turn's new text.
    pub prev_lines: [u64; LINES],
    /// The last distinct results (volatile tokens masked) of the call repeated byte for byte.
    pub answered: [u64; ANSWERED],
    /// Raw hashes (arguments byte for byte) of the calls of `tool_seq`.
    pub raw_seq: [u64; SEQ],
    /// The latest tool results hashed with every long number masked (their shape).
    pub result_shape: u64,
    /// What came back for each call of `tool_seq` with only volatile tokens masked (a
    /// successful result whose numbers moved differs); a failure as in `result_seq`.
    pub moved_seq: [u64; SEQ],
    /// One past the time of the last turn with a failing tool result (0: none yet), and how
    /// long after the failing turn before it it came.
    pub fail_at: u64,
    pub fail_gap: u64,
    /// Exchanges of the turns without tools (the assistant's answer and the message after it,
    /// volatile tokens masked), newest last.
    pub text_seq: [u64; SEQ],
    pub text_seq_len: u32,
    /// Exact hashes (digits dropped, volatile tokens masked) of the answers of `answers`.
    pub answer_exact: [u64; ANSWERS],
    /// Bloom filter of the values (words holding a digit) of the last turn's tool results.
    pub prev_numbers: [u64; NUMBERS],
    /// The figures (numbers) of the answers of `answers`, a 64-bit Bloom filter each.
    pub answer_figures: [u64; ANSWERS],
    /// Bloom filter of the items (ids given as an argument's whole value) the calls named.
    pub items: [u64; ITEMS],
    /// Bloom filters of the words (`word_bits`) of the assistant's last two answers without
    /// tools (newest last), and of the messages that followed the last `REPLIES` of them
    /// (newest last).
    pub asked: [[u64; WORDS]; 2],
    pub replied: [[u64; WORDS]; REPLIES],
    /// The words (terms without a digit) of each reply of `replied`, as an order-free hash (a
    /// reply made again word for word, figures aside, is a request again, not pressing a point).
    pub reply_words: [u64; REPLIES],
    /// What came back for each call of `tool_seq` with ids masked and every digit dropped,
    /// whether or not it was new.
    pub plain_seq: [u64; SEQ],
    /// The assistant's text at each call of `tool_seq` (volatile tokens masked; 0: none).
    pub said_seq: [u64; SEQ],
    /// One bit per call of `tool_seq` (newest lowest): a call never made before (byte for
    /// byte, among `raw_seq`), succeeding, that names an item of the user's list not named
    /// by the calls of `named_seq`.
    pub walked: u32,
    /// Bloom filter of the items (`item_tokens`: URLs, paths, ids) the user's messages named.
    pub listed: [u64; LISTED],
    /// For each call of `tool_seq`, the item of the user's list it named first (0: none).
    pub named_seq: [u64; SEQ],
    /// The last report holding a failure word only deep in it (a docket, a ledger): its call
    /// (raw hash; 0: none), a Bloom filter of its lines and how many lines it had.
    pub report_call: u64,
    pub report_lines: [u64; REPORT],
    pub report_len: u32,
    /// The first id (`id_tokens`) never named before that the user's last message (the one the
    /// assistant answers next) named — the next item of a batch (0: none).
    pub asked_item: u64,
}

impl Record for Session {
    const SIZE: usize = 16
        + 8
        + 4
        + 4
        + 4 * MINHASH_LEN * (1 + ANSWERS)
        + 4
        + 16 * SEQ
        + 4
        + 8
        + 8
        + 8
        + 4
        + 4 * SEEN
        + 4
        + 8
        + 4
        + 8 * FAILS
        + 8 * LINES
        + 8 * ANSWERED
        + 8 * SEQ
        + 8
        + 8 * SEQ
        + 16
        + 8 * SEQ
        + 4
        + 8 * ANSWERS
        + 8 * NUMBERS
        + 8 * ANSWERS
        + 8 * ITEMS
        + 8 * WORDS * (2 + REPLIES)
        + 16 * SEQ
        + 4
        + 8 * LISTED
        + 8 * SEQ
        + 8
        + 8 * REPORT
        + 4
        + 8
        + 8 * REPLIES;

    fn digest(&self) -> [u8; 16] {
        self.digest
    }

    fn fresh(digest: [u8; 16], now: u64) -> Session {
        Session {
            digest,
            expires_at: now,
            turns: 0,
            dup_streak: 0,
            last_new: None,
            answers: [[0; MINHASH_LEN]; ANSWERS],
            answer_repeats: 0,
            tool_seq: [0; SEQ],
            result_seq: [0; SEQ],
            tool_seq_len: 0,
            last_gap: 0,
            last_call: 0,
            result_hash: 0,
            result_repeat: 0,
            seen: [0; SEEN],
            seen_len: 0,
            last_input: 0,
            growth_streak: 0,
            fails: [0; FAILS],
            prev_lines: [0; LINES],
            answered: [0; ANSWERED],
            raw_seq: [0; SEQ],
            result_shape: 0,
            moved_seq: [0; SEQ],
            fail_at: 0,
            fail_gap: 0,
            text_seq: [0; SEQ],
            text_seq_len: 0,
            answer_exact: [0; ANSWERS],
            prev_numbers: [0; NUMBERS],
            answer_figures: [0; ANSWERS],
            items: [0; ITEMS],
            asked: [[0; WORDS]; 2],
            replied: [[0; WORDS]; REPLIES],
            plain_seq: [0; SEQ],
            said_seq: [0; SEQ],
            walked: 0,
            listed: [0; LISTED],
            named_seq: [0; SEQ],
            report_call: 0,
            report_lines: [0; REPORT],
            report_len: 0,
            asked_item: 0,
            reply_words: [0; REPLIES],
        }
    }

    fn reusable(&self, now: u64) -> bool {
        self.expires_at <= now
    }

    fn expires_at(&self) -> Option<u64> {
        Some(self.expires_at)
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.digest);
        out.extend_from_slice(&self.expires_at.to_le_bytes());
        out.extend_from_slice(&self.turns.to_le_bytes());
        out.extend_from_slice(&self.dup_streak.to_le_bytes());
        for v in self.last_new.unwrap_or([0; MINHASH_LEN]) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in self.answers.iter().flatten() {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.answer_repeats.to_le_bytes());
        for v in self.tool_seq.iter().chain(&self.result_seq) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.tool_seq_len.to_le_bytes());
        out.extend_from_slice(&self.last_gap.to_le_bytes());
        out.extend_from_slice(&self.last_call.to_le_bytes());
        out.extend_from_slice(&self.result_hash.to_le_bytes());
        out.extend_from_slice(&self.result_repeat.to_le_bytes());
        for v in &self.seen {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.seen_len.to_le_bytes());
        out.extend_from_slice(&self.last_input.to_le_bytes());
        out.extend_from_slice(&self.growth_streak.to_le_bytes());
        for v in self.fails {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in self.prev_lines.iter().chain(&self.answered).chain(&self.raw_seq) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.result_shape.to_le_bytes());
        for v in &self.moved_seq {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.fail_at.to_le_bytes());
        out.extend_from_slice(&self.fail_gap.to_le_bytes());
        for v in &self.text_seq {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.text_seq_len.to_le_bytes());
        for v in &self.answer_exact {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in self
            .prev_numbers
            .iter()
            .chain(&self.answer_figures)
            .chain(&self.items)
            .chain(self.asked.iter().flatten())
            .chain(self.replied.iter().flatten())
            .chain(&self.plain_seq)
            .chain(&self.said_seq)
        {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.walked.to_le_bytes());
        for v in self.listed.iter().chain(&self.named_seq) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.report_call.to_le_bytes());
        for v in &self.report_lines {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.report_len.to_le_bytes());
        out.extend_from_slice(&self.asked_item.to_le_bytes());
        for v in &self.reply_words {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    fn decode(bytes: &[u8]) -> Option<Session> {
        let mut r = Reader::new(bytes);
        let digest = r.take16()?;
        let expires_at = r.u64()?;
        let turns = r.u32()?;
        let dup_streak = r.u32()?;
        let mut last = [0u32; MINHASH_LEN];
        for v in last.iter_mut() {
            *v = r.u32()?;
        }
        let mut answers = [[0u32; MINHASH_LEN]; ANSWERS];
        for v in answers.iter_mut().flatten() {
            *v = r.u32()?;
        }
        let answer_repeats = r.u32()?;
        let mut tool_seq = [0u64; SEQ];
        for v in tool_seq.iter_mut() {
            *v = r.u64()?;
        }
        let mut result_seq = [0u64; SEQ];
        for v in result_seq.iter_mut() {
            *v = r.u64()?;
        }
        let tool_seq_len = r.u32()?;
        let last_gap = r.u64()?;
        let last_call = r.u64()?;
        let result_hash = r.u64()?;
        let result_repeat = r.u32()?;
        let mut seen = [0u32; SEEN];
        for v in seen.iter_mut() {
            *v = r.u32()?;
        }
        let seen_len = r.u32()?;
        let last_input = r.u64()?;
        let growth_streak = r.u32()?;
        let mut fails = [0u64; FAILS];
        for v in fails.iter_mut() {
            *v = r.u64()?;
        }
        let mut prev_lines = [0u64; LINES];
        for v in prev_lines.iter_mut() {
            *v = r.u64()?;
        }
        let mut answered = [0u64; ANSWERED];
        for v in answered.iter_mut() {
            *v = r.u64()?;
        }
        let mut raw_seq = [0u64; SEQ];
        for v in raw_seq.iter_mut() {
            *v = r.u64()?;
        }
        let result_shape = r.u64()?;
        let mut moved_seq = [0u64; SEQ];
        for v in moved_seq.iter_mut() {
            *v = r.u64()?;
        }
        let fail_at = r.u64()?;
        let fail_gap = r.u64()?;
        let mut text_seq = [0u64; SEQ];
        for v in text_seq.iter_mut() {
            *v = r.u64()?;
        }
        let text_seq_len = r.u32()?;
        let mut answer_exact = [0u64; ANSWERS];
        for v in answer_exact.iter_mut() {
            *v = r.u64()?;
        }
        let mut prev_numbers = [0u64; NUMBERS];
        for v in prev_numbers.iter_mut() {
            *v = r.u64()?;
        }
        let mut answer_figures = [0u64; ANSWERS];
        for v in answer_figures.iter_mut() {
            *v = r.u64()?;
        }
        let mut items = [0u64; ITEMS];
        for v in items.iter_mut() {
            *v = r.u64()?;
        }
        let mut asked = [[0u64; WORDS]; 2];
        for v in asked.iter_mut().flatten() {
            *v = r.u64()?;
        }
        let mut replied = [[0u64; WORDS]; REPLIES];
        for v in replied.iter_mut().flatten() {
            *v = r.u64()?;
        }
        let mut plain_seq = [0u64; SEQ];
        for v in plain_seq.iter_mut() {
            *v = r.u64()?;
        }
        let mut said_seq = [0u64; SEQ];
        for v in said_seq.iter_mut() {
            *v = r.u64()?;
        }
        let walked = r.u32()?;
        let mut listed = [0u64; LISTED];
        for v in listed.iter_mut() {
            *v = r.u64()?;
        }
        let mut named_seq = [0u64; SEQ];
        for v in named_seq.iter_mut() {
            *v = r.u64()?;
        }
        let report_call = r.u64()?;
        let mut report_lines = [0u64; REPORT];
        for v in report_lines.iter_mut() {
            *v = r.u64()?;
        }
        let report_len = r.u32()?;
        let asked_item = r.u64()?;
        let mut reply_words = [0u64; REPLIES];
        for v in reply_words.iter_mut() {
            *v = r.u64()?;
        }
        Some(Session {
            digest,
            expires_at,
            turns,
            dup_streak,
            last_new: (last != [0; MINHASH_LEN]).then_some(last),
            answers,
            answer_repeats,
            tool_seq,
            result_seq,
            tool_seq_len,
            last_gap,
            last_call,
            result_hash,
            result_repeat,
            seen,
            seen_len,
            last_input,
            growth_streak,
            fails,
            prev_lines,
            answered,
            raw_seq,
            result_shape,
            moved_seq,
            fail_at,
            fail_gap,
            text_seq,
            text_seq_len,
            answer_exact,
            prev_numbers,
            answer_figures,
            items,
            asked,
            replied,
            plain_seq,
            said_seq,
            walked,
            listed,
            named_seq,
            report_call,
            report_lines,
            report_len,
            asked_item,
            reply_words,
        })
    }
}

/// Detector settings (compiled from the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detectors {
    /// Similarity (thousandths) at or above which two turns are near-identical.
    pub similarity: u64,
    /// Near-identical turns in a row that make a loop (0 = off).
    pub duplicate_turns: u32,
    /// Longest tool-call cycle looked for, and how many times it must repeat (0 = off).
    pub cycle_max_period: u32,
    pub cycle_repeats: u32,
    /// The same tool result this many times in a row is a stall (0 = off).
    pub same_result: u32,
    /// Prompt growing this many turns while tools bring nothing new is a stall (0 = off).
    pub growth_turns: u32,
    /// A tool result this similar (thousandths) to a recent one brings nothing new.
    pub novelty_similarity: u64,
    /// The same failure signature in this many of the last `failure_window` turns with
    /// tool results is a stall, however the attempts vary (0 = off).
    pub failure_repeats: u32,
    pub failure_window: u32,
}

/// What one turn looks like to the detectors.
#[derive(Debug, Clone, Default)]
pub struct TurnFacts {
    pub new_text: String,
    pub tool_calls: Vec<(String, String)>,
    pub tool_results: Vec<String>,
    /// The assistant's latest text: new output is progress, repeated output a loop signal.
    pub assistant_text: String,
    pub input_tokens: u64,
}

/// Findings for one turn (all detectors run; the caller decides).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    pub turn: u32,
    /// (similarity, turns in a row) when near-duplicates reach the threshold.
    pub duplicate: Option<(u64, u32)>,
    /// (period, repeats) of a tool-call cycle.
    pub cycle: Option<(u32, u32)>,
    /// (period, repeats) of a cycle of exchanges without tools: the same answers to the same
    /// messages coming round again (a user cycling "stop", "cancel the timer"…).
    pub exchange_cycle: Option<(u32, u32)>,
    /// Times in a row the same tool result came back.
    pub same_result: Option<u32>,
    /// (times, window): the assistant gave an answer near-identical to one of its recent
    /// answers, or restated one's figures in new words, in `times` of its last `window` turns.
    pub repeated_answer: Option<(u32, u32)>,
    /// Turns in a row the prompt grew while tools brought nothing new.
    pub growth_stall: Option<u32>,
    /// (times, window, the failure's first line) when one failure keeps recurring.
    pub repeated_failure: Option<(u32, u32, String)>,
    /// Prompt growth since the previous turn.
    pub growth: u64,
    pub previous_input: u64,
}

impl Session {
    /// Records a turn and reports what the detectors see.
    pub fn observe(&mut self, facts: &TurnFacts, d: &Detectors, now: u64, idle: u64) -> Findings {
        if self.expires_at <= now && self.turns > 0 {
            *self = Session::fresh(self.digest, now);
        }
        // A retry spaced at least 1.5 times as far from the previous request as that one
        // was from its own is backing off: a client pacing its retries. Repeats then wait
        // for the failure count (`repeated_failure`) instead of stopping at once.
        let gap = if self.turns > 0 {
            now.saturating_sub(self.expires_at.saturating_sub(idle))
        } else {
            0
        };
        let backing_off = self.last_gap > 0 && gap * 2 >= self.last_gap * 3;
        self.last_gap = gap;
        self.expires_at = now.saturating_add(idle);
        self.turns = self.turns.saturating_add(1);
        let mut f = Findings {
            turn: self.turns,
            previous_input: self.last_input,
            ..Findings::default()
        };

        // Near-duplicate "new content": the trailing user/tool text and the assistant's
        // latest tool calls with their arguments. The assistant's own output is evidence
        // too: a substantial answer unlike its previous one is progress (a "continue"
        // answered by new text), whatever the user/tool side repeats.
        let mut new_content = self.novel_lines(&facts.new_text);
        for (name, args) in &facts.tool_calls {
            new_content.push('\n');
            new_content.push_str(name);
            new_content.push(' ');
            new_content.push_str(args);
        }
        // Only volatile tokens (timestamps, ids, durations) are masked: numbers that change
        // (a fresh page of rows, a moving count) are what is new in the turn.
        let fp = fingerprint::minhash_volatile(&new_content);
        let similarity = match (fp, self.last_new) {
            (Some(a), Some(b)) => Some(fingerprint::similarity(&a, &b)),
            _ => None,
        };
        // The assistant's answer against its recent ones: unlike all of them is progress,
        // near-identical to one of them (the same text, or a rotation of rewordings) is
        // the assistant repeating itself.
        let said = fingerprint::word_count(&facts.assistant_text);
        let assistant_fp = (said >= ASSISTANT_WORDS)
            .then(|| fingerprint::minhash(&facts.assistant_text))
            .flatten();
        // (Its similarity to each recent answer, oldest first, computed once.)
        let mut alike = [None::<u64>; ANSWERS];
        if let Some(a) = assistant_fp {
            for (s, b) in alike.iter_mut().zip(&self.answers) {
                *s = (*b != [0; MINHASH_LEN]).then(|| fingerprint::similarity(&a, b));
            }
        }
        let closest = alike.iter().flatten().max().copied();
        let assistant_progress = closest.is_some_and(|s| s < ASSISTANT_NEW);
        // Near-identical is a repeat when it is the same answer again (numbers and volatile
        // tokens aside: a "v7" for a "v3"), or nearly the same answer to nearly the same
        // message; a draft revised on a new request (one phrase changed, the rest resent)
        // is the work progressing.
        let exact = assistant_fp.map(|_| {
            let words: String = facts.assistant_text.chars().filter(|c| !c.is_ascii_digit()).collect();
            fingerprint::exact_volatile(&words)
        });
        let said_again = exact.is_some_and(|h| h != 0 && self.answer_exact.contains(&h));
        let asked_again = similarity.is_some_and(|s| s >= d.similarity);
        // A paraphrase rewords, it does not change the facts: an answer whose figures (at
        // least FIGURES numbers) are all among those of one recent answer restates it.
        let (figures, count) = assistant_fp.map_or((0, 0), |_| figures_of(&facts.assistant_text));
        // (A near-identical answer is judged as above: a revised draft keeps its figures.)
        let same_figures = count >= FIGURES
            && closest.is_some_and(|s| s < ASSISTANT_NEW)
            && self.answer_figures.iter().any(|b| *b != 0 && figures & b == figures);
        // Without tools, an answer going back to an older draft (most of it again, a line
        // added: an apology above it, no figure the older one did not have) after drafts
        // unlike it, and unlike the last one, is the assistant rotating through what it
        // already said — not a revision of the last draft, nor a report of new figures in a
        // template that happens to match an older report more than the last.
        let went_back = facts.tool_calls.is_empty()
            && facts.tool_results.is_empty()
            && alike.last().copied().flatten().is_some_and(|s| s < ASSISTANT_NEW)
            && alike
                .iter()
                .zip(&self.answer_figures)
                .take(ANSWERS - 1)
                .any(|(s, b)| s.is_some_and(|s| s >= ASSISTANT_REVISIT) && figures & b == figures);
        // The same clarification asked again, in new words, and answered again the same way:
        // without tools, the assistant's answer is a question most of whose words (names,
        // figures, the terms asked about) were in its last two answers, and the reply restates
        // the previous reply (at least half its words) with a word of the question — the user
        // giving the same fact back, not a checklist of new questions answered with new facts.
        let answer_words = said;
        let clarified_again = facts.tool_calls.is_empty() && facts.tool_results.is_empty() && {
            // (Its last line of two words or more: a content part's type tag may follow. A
            // question may be followed by its reason on that line: `…first or second? The
            // rules differ.` asks.)
            let question = facts
                .assistant_text
                .lines()
                .rev()
                .find(|l| l.split_whitespace().nth(1).is_some())
                .is_some_and(|l| l.trim_end().ends_with('?') || l.contains("? "));
            let mut asked = [0u64; WORDS];
            let (mut words, mut before, mut new_figures) = (0u32, 0u32, 0u32);
            for_each_term(&facts.assistant_text, |h, figure| {
                if bloom_add(&mut asked, h) {
                    let known = self.asked.iter().any(|f| bloom_has(f, h));
                    words += 1;
                    before += u32::from(known);
                    new_figures += u32::from(figure && !known);
                }
            });
            let mut replied = [0u64; WORDS];
            let (mut said, mut same, mut about, mut echoed, mut insisted) = (0u32, 0u32, 0u32, 0u32, 0u32);
            let earlier = self.replied;
            let earlier_words = self.reply_words;
            let mut reply_words = 0u64;
            let previous = earlier.last().copied().unwrap_or_default();
            for_each_term(&facts.new_text, |h, figure| {
                if bloom_add(&mut replied, h) {
                    said += 1;
                    if !figure {
                        reply_words = reply_words.wrapping_add(h);
                    }
                    let again = bloom_has(&previous, h);
                    let asked_about = bloom_has(&asked, h);
                    same += u32::from(again);
                    about += u32::from(asked_about);
                    echoed += u32::from(again && asked_about);
                    insisted += u32::from(earlier.iter().any(|f| bloom_has(f, h)));
                }
            });
            self.asked.rotate_left(1);
            if let Some(last) = self.asked.last_mut() {
                *last = asked;
            }
            self.replied.rotate_left(1);
            self.reply_words.rotate_left(1);
            if let (Some(last), Some(last_words)) = (self.replied.last_mut(), self.reply_words.last_mut()) {
                *last = replied;
                *last_words = reply_words;
            }
            // (A question holding a figure its last answers did not — a new phone number, a new
            // date to confirm — asks about something new: a checklist, not the same question.)
            let restated = said > 0 && same * 2 >= said;
            // (The user giving back the term the question asks about, as in the previous reply —
            // `Biscuit.`, then `It's Biscuit. I said that.` — restates it, however the rest of
            // the reply varies.)
            let reworded = question
                && words >= 4
                && before * 2 >= words
                && new_figures == 0
                && (restated || echoed > 0)
                && about > 0;
            // A short question (a few terms, nothing else said, no new figure, a term of the last
            // asks in it) answered by the user restating the same reply of two terms or more is
            // the same clarification not taken in, however the question is paraphrased: a
            // checklist's answers bring new facts, and an assistant with something to offer says
            // more than a question.
            let unheard = question
                && (3..=SHORT_QUESTION).contains(&words)
                && before > 0
                && new_figures == 0
                && said >= 2
                && restated;
            // Two agents handing the same thing back and forth, each rewording: the answer says
            // again what its last two answers said (no new figure, most of its terms) and the
            // reply restates the previous reply — neither side brings anything.
            // (Short messages both, in words and in terms: a long paste, a resent document or a
            // draft revised phrase by phrase says again much of what it said by construction.)
            let handed_back = answer_words <= HANDOFF_TERMS as usize
                && fingerprint::word_count(&facts.new_text) <= HANDOFF_TERMS as usize
                && (4..=HANDOFF_TERMS).contains(&words)
                && before * 4 >= words * 3
                && new_figures == 0
                && (3..=HANDOFF_TERMS).contains(&said)
                && restated
                && echoed > 0;
            // The user pressing the same point again, in new words: a short reply every term of
            // which the user said in one of their last REPLIES replies (`No, not the crash. The
            // sailing trip.`, then `Please, the sailing trip!`), to an answer most of whose terms
            // were in the assistant's last two answers, bringing no new figure — the same draft
            // reworded and rejected for the same reason, the same question asked again and
            // answered with the same fact. Neither side brings anything new. (A revised draft
            // answers a reply bringing a new request; a new question brings its own terms; an
            // answer of more than HANDOFF_TERMS terms — a continuation, a long draft — says much
            // of its vocabulary again by construction; a reply with the very words of one of the
            // last replies, figures aside — `continue`, a command re-issued in a rotation under a
            // new clock — is a request made again, judged by whether the answer moves on, and by
            // the exchange cycle.)
            let pressed_again = (4..=HANDOFF_TERMS).contains(&words)
                && before * 10 >= words * OLD_TERMS_TENTHS
                && new_figures == 0
                && fingerprint::word_count(&facts.new_text) <= HANDOFF_TERMS as usize
                && insisted == said
                && !earlier_words.contains(&reply_words);
            reworded || unheard || handed_back || pressed_again
        };
        // An answer to a message that named an item never named before (the next student's
        // submission, `S-40121`, under the same instructions) is about that item: the same
        // findings, the same score, the same feedback for another item are a batch's answers,
        // not the assistant repeating itself.
        // (An answer naming another id — the first call's scorecard, `CALL-60311`, again when
        // the next call, `CALL-60318`, was asked for — is about that item, not the new one.)
        let about_new_item = self.asked_item != 0 && {
            let mut other = false;
            id_tokens(&facts.assistant_text, |h| other = other || h != self.asked_item);
            !other
        };
        self.asked_item = 0;
        if facts.tool_calls.is_empty() && facts.tool_results.is_empty() && facts.new_text.len() <= 4096 {
            id_tokens(&facts.new_text, |h| {
                if self.asked_item == 0 && !bloom_has(&self.listed, h) {
                    self.asked_item = h;
                }
            });
        }
        let assistant_repeats = !about_new_item
            && (closest.is_some_and(|s| s >= d.similarity) && (said_again || asked_again)
                || went_back
                || same_figures
                || clarified_again);
        if let (Some(a), Some(h)) = (assistant_fp, exact) {
            self.answers.rotate_left(1);
            self.answer_exact.rotate_left(1);
            self.answer_figures.rotate_left(1);
            if let (Some(last), Some(last_exact), Some(last_figures)) = (
                self.answers.last_mut(),
                self.answer_exact.last_mut(),
                self.answer_figures.last_mut(),
            ) {
                *last = a;
                *last_exact = h;
                *last_figures = figures;
            }
        }
        self.answer_repeats = (self.answer_repeats << 1) | u32::from(assistant_repeats);
        let window = self.answer_repeats & ((1 << REPEAT_WINDOW) - 1);
        if d.duplicate_turns > 1 && assistant_repeats && window.count_ones() >= REPEATS {
            f.repeated_answer = Some((window.count_ones(), REPEAT_WINDOW));
        }
        self.last_new = fp;
        // The same call polled again while its result says the work is still pending (a job
        // queued, checks waiting for a runner): waiting once more is normal, so the
        // repetition detectors give it one more turn.
        // The turn's calls, byte for byte, and their hash (read by the detectors below).
        let calls = joined_calls(facts);
        let raw_call = fingerprint::fnv(calls.as_bytes());
        let waiting = !facts.tool_calls.is_empty()
            && self.raw_seq.last() == Some(&raw_call)
            && facts.tool_results.iter().any(|r| reports_pending(r));
        let patience = u32::from(waiting);

        // The items (URLs, paths, ids) the user's own messages name: a batch's list.
        if facts.tool_results.is_empty() && facts.new_text.len() <= 4096 {
            item_tokens(&facts.new_text, |h| {
                bloom_add(&mut self.listed, h);
            });
        }

        // Which tool results bring anything new (remembered for the growth stall below).
        let novel_results = self.note_results(&facts.tool_results, d);

        // Tool-call cycles (A→B→A→B…): a call and what came back, numbers dropped, a result
        // that brings nothing new (the same error in a longer log) standing for itself.
        // The same calls bringing new results (next page, read page) are progress.
        let mut same_call = false;
        // A call not among the recent ones, byte for byte (a new cursor, another region).
        let mut new_call = false;
        // The last call advanced to the next item (byte for byte never made before, the same
        // once ids and numbers are masked), succeeding with new data: a result unlike the
        // recent ones (volatile tokens masked) with NEW_NUMBERS values (ids, amounts) the last
        // one did not have — the next cursor's page of rows, not recycled text under a new
        // title.
        let mut acted_anew = false;
        let mut next_item = false;
        // How many values of this turn's results were not in the last turn's results.
        let new_numbers = self.note_numbers(&facts.tool_results);
        // Whether a result of the turn reports a failure, and whether one states it plainly
        // (leads with it, names an exception, or sets a field to it) rather than mentioning
        // a failure word deep in a report (a configuration's `exec-timeout` line).
        // (Each result's signature is read once per turn and used below again.)
        let signatures: Vec<Option<(u64, String, u64, bool)>> = facts
            .tool_results
            .iter()
            .enumerate()
            .map(|(i, r)| failure_signature(call_of(facts, i), r))
            .collect();
        let (failed, failed_plainly) = signatures.iter().fold((false, false), |(any, plain), s| match s {
            Some((_, _, _, strong)) => (true, plain || *strong),
            None => (any, plain),
        });
        if !facts.tool_calls.is_empty() {
            // Byte for byte (ids and numbers kept): polling the same thing.
            same_call = self.raw_seq.last() == Some(&raw_call);
            new_call = !self.raw_seq.contains(&raw_call);
            let mut came_back = String::new();
            // What came back, ids masked and digits dropped, however little of it was new (a
            // cycle whose results only tick, below).
            let mut plain = String::new();
            for (r, new) in facts.tool_results.iter().zip(&novel_results) {
                // Ids masked before the digits go (a message id `c4ca4238a0b92382` is not a
                // new word `ccaab` each time).
                let text = without_ids_or_digits(r);
                came_back.push('\u{1e}');
                came_back.push_str(if *new { &text } else { "(nothing new)" });
                plain.push('\u{1e}');
                plain.push_str(&text);
            }
            let plain = fingerprint::exact(&plain);
            let said = fingerprint::exact_volatile(&facts.assistant_text);
            self.raw_seq.rotate_left(1);
            if let Some(last) = self.raw_seq.last_mut() {
                *last = raw_call;
            }
            // Ids masked and every digit dropped: the same call for the next item (a document
            // number, a page, a cursor).
            let item = fingerprint::exact(&without_ids_or_digits(&calls));
            let call = fingerprint::exact(&calls);
            let came_back = fingerprint::exact(&came_back);
            // Successful results compared with only volatile tokens masked: a poll whose
            // numbers moved (a ready count, a latency) came back with something new. A
            // failure is the same failure whatever its numbers say.
            let moved = if failed {
                came_back
            } else {
                fingerprint::exact_volatile(&facts.tool_results.join("\u{1e}"))
            };
            // The same action advanced to the next item (only its ids and numbers changed:
            // the next cursor, the next invoice, document 3 after document 2) — not another
            // action (another URL, a reworded query), which is no evidence of progress by
            // itself.
            let advanced = item == self.last_call;
            self.last_call = item;
            // A batch walks its items: a call naming an item (an id given as an argument's
            // whole value: `CAT-0602`, `acc-ewr-02`) never named before in the session,
            // succeeding, is the work moving on to the next one, however alike the results
            // look (a switch's configuration after the last one's, the same glossary above
            // each segment's matches).
            // The string values of the turn's call arguments, parsed once for both readers.
            let values = argument_values(facts);
            next_item = self.note_items(&values) && !failed_plainly;
            acted_anew =
                new_call && advanced && !failed && new_numbers >= NEW_NUMBERS && !self.moved_seq.contains(&moved);
            self.tool_seq.rotate_left(1);
            self.result_seq.rotate_left(1);
            self.moved_seq.rotate_left(1);
            self.plain_seq.rotate_left(1);
            self.said_seq.rotate_left(1);
            if let (Some(p), Some(s)) = (self.plain_seq.last_mut(), self.said_seq.last_mut()) {
                *p = plain;
                *s = said;
            }
            if let (Some(c), Some(r), Some(m)) = (
                self.tool_seq.last_mut(),
                self.result_seq.last_mut(),
                self.moved_seq.last_mut(),
            ) {
                *c = call;
                *r = came_back;
                *m = moved;
            }
            self.tool_seq_len = (self.tool_seq_len + 1).min(SEQ as u32);
            // A batch walking the user's list: this call names an item the user listed (a URL,
            // a path, an id) that no call of the recent rounds named.
            let named = self.listed_item(&values);
            self.named_seq.rotate_left(1);
            if let Some(last) = self.named_seq.last_mut() {
                *last = named;
            }
            self.walked = (self.walked << 1) | u32::from(new_call && !failed && named != 0);
            f.cycle = self.find_cycle(d);
        }

        // Near-duplicate turns in a row. The same call advanced to the next cursor or page,
        // answered by new records (values the last page did not have, a result unlike the
        // recent ones) is pagination however alike two pages of a log look: it does not
        // extend the streak. Nor does a lookup of the next item answered about it (one call
        // whose only argument is an id never named before, succeeding): a batch of lookups.
        let looked_up = next_item && looks_up_item(facts);
        match similarity {
            Some(s) if s >= d.similarity && !assistant_progress && !acted_anew && !looked_up => {
                self.dup_streak = self.dup_streak.saturating_add(1)
            }
            _ => self.dup_streak = 0,
        }
        if d.duplicate_turns > 1 && self.dup_streak + 1 >= d.duplicate_turns + patience && !backing_off {
            f.duplicate = Some((similarity.unwrap_or(1000), self.dup_streak + 1));
        }

        // The same tool result again and again, compared with only volatile tokens masked
        // (timestamps, ids, durations): numbers that moved are progress (the same summary
        // for another region, a count that grew). The same call byte for byte answered by a
        // rotation of the same few results (a hand-off returned with one of the same notes)
        // is the same result again. The same call answered differently than last time and
        // unlike its recent answers (a status whose states or counts moved) is progress.
        let mut polled_change = false;
        // A new call answered by a result of the same shape as the last one (equal with its
        // long numbers masked) whose numbers changed: fresh data (the next page by cursor,
        // the same summary for another region), progress however much boilerplate it shares
        // with what came before. A differently worded answer to a reworded call is not this.
        let mut fresh_data = false;
        if !facts.tool_results.is_empty() {
            let h = fingerprint::exact_volatile(&facts.tool_results.join("\n"));
            let rotated = same_call && h != 0 && self.answered.contains(&h);
            let shape = fingerprint::exact(&facts.tool_results.join("\n"));
            fresh_data = new_call && h != self.result_hash && shape == self.result_shape && !rotated;
            self.result_shape = shape;
            polled_change = same_call && h != self.result_hash && !rotated;
            // The same receipt (ids and times masked) for a call never made before, succeeding
            // (the next item of a batch posted) is the work moving on: only the whole exchange
            // repeating — the same call, or a failure, coming back the same — is a repeat.
            let moved_on = new_call && !failed;
            if (h == self.result_hash || rotated) && !moved_on {
                self.result_repeat = self.result_repeat.saturating_add(1);
            } else {
                self.result_repeat = 1;
            }
            self.result_hash = h;
            if !same_call {
                self.answered = [0; ANSWERED];
            }
            if !self.answered.contains(&h) {
                self.answered.rotate_left(1);
                if let Some(last) = self.answered.last_mut() {
                    *last = h;
                }
            }
            if d.same_result > 1 && self.result_repeat >= d.same_result + patience && !backing_off {
                f.same_result = Some(self.result_repeat);
            }
        }

        // The same failure of a tool recurring within a window, not necessarily in a row,
        // since the failing call last succeeded (a retry that eventually works is not a
        // stall; another call of the same tool working — a restart between two identical
        // log checks — is not that retry working).
        if !facts.tool_results.is_empty() {
            let tool = |i: usize| call_of(facts, i);
            // The same call's report grown by new records, every old line kept and no new line
            // naming a failure (a docket with new filings, one of its old entries reading
            // "Failure to State a Claim"): the poll brought news; the failure word is history.
            let grew_quietly = self.note_report(facts, raw_call, &signatures);
            // Fresh data (a page of log rows that mention failures) is not a failure report.
            let failure = facts
                .tool_results
                .iter()
                .zip(&signatures)
                .filter(|(r, _)| !(fresh_data && fingerprint::word_count(r) >= PASTE_WORDS))
                .find_map(|(_, s)| s.as_ref().map(|(h, line, mark, _)| (*h, line.clone(), *mark)))
                .filter(|_| !grew_quietly);
            let success = signatures
                .iter()
                .position(|s| s.is_none() || grew_quietly)
                .map(|i| success_mark(tool(i)));
            self.fails.rotate_left(1);
            if let Some(last) = self.fails.last_mut() {
                *last = failure.as_ref().map(|(h, _, _)| *h).or(success).unwrap_or(0);
            }
            if let Some((h, line, tool_mark)) = failure {
                // Failures spaced further and further apart (at least 1.25 times the previous
                // spacing, as a rate limit's growing retry-after asks): a client backing off.
                // (`fail_at` is one past the time: 0 is none.)
                let since_last = now.saturating_add(1).saturating_sub(self.fail_at);
                let backing_off = self.fail_gap > 0 && since_last.saturating_mul(4) >= self.fail_gap.saturating_mul(5);
                self.fail_gap = if self.fail_at > 0 { since_last } else { 0 };
                self.fail_at = now.saturating_add(1);
                let window = (d.failure_window as usize).clamp(1, FAILS);
                let recent = self.fails.get(FAILS - window..).unwrap_or_default();
                let since = recent.iter().rposition(|x| *x == tool_mark).map_or(0, |i| i + 1);
                let times = recent
                    .get(since..)
                    .unwrap_or_default()
                    .iter()
                    .filter(|x| **x == h)
                    .count() as u32;
                // A client backing off (each retry spaced further out, as a rate limit's
                // growing retry-after asks) costs little per minute and often gets through:
                // it is given BACKOFF_PATIENCE more failures before the stall is called.
                let needed = if backing_off {
                    d.failure_repeats.saturating_add(BACKOFF_PATIENCE)
                } else {
                    d.failure_repeats
                };
                if d.failure_repeats > 1 && times >= needed {
                    f.repeated_failure = Some((times, window as u32, line));
                }
            }
        }

        // Exchanges without tools: the assistant's answer and the message that follows it.
        // One already seen among the recent ones brings nothing new; the same exchanges
        // coming round in a cycle are a loop.
        let mut repeated_exchange = false;
        if facts.tool_calls.is_empty() && facts.tool_results.is_empty() {
            let exchange =
                fingerprint::exact_volatile(&format!("{}\n\u{1e}\n{}", facts.assistant_text, facts.new_text));
            let len = self.text_seq_len as usize;
            repeated_exchange = exchange != 0 && self.text_seq.get(SEQ - len..).is_some_and(|r| r.contains(&exchange));
            self.text_seq.rotate_left(1);
            if let Some(last) = self.text_seq.last_mut() {
                *last = exchange;
            }
            self.text_seq_len = (self.text_seq_len + 1).min(SEQ as u32);
            let len = self.text_seq_len as usize;
            f.exchange_cycle = self
                .text_seq
                .get(SEQ - len..)
                .and_then(|seq| cycle_in(seq, d, |_, _| true));
        }

        // Context growing while tools bring nothing new (and a repeated call nothing else).
        // Without tools, a pasted block (a log, a page) stands for the tool result: pasting
        // the same errors again in a longer log grows the context without novelty; a short
        // message (a question, "continue") is judged by the other detectors.
        f.growth = facts.input_tokens.saturating_sub(self.last_input);
        let grew = self.turns > 1 && facts.input_tokens > self.last_input;
        // The paste must add to the context (a stateless client resending one document
        // replaces it: its context does not grow by the paste).
        let pasted = facts.tool_results.is_empty() && facts.tool_calls.is_empty() && {
            let words = fingerprint::word_count(&facts.new_text);
            words >= PASTE_WORDS && f.growth >= words as u64 / 2
        };
        let (evidence, novel) = if pasted {
            let text = std::slice::from_ref(&facts.new_text);
            (true, self.note_results(text, d).iter().any(|n| *n))
        } else {
            (!facts.tool_results.is_empty(), novel_results.iter().any(|n| *n))
        };
        // Growth without novelty is a weak signal: the assistant advancing its call to the next
        // item answered by a result never seen (the next cursor, the next invoice) or
        // answering with substantial new text is progress whatever the context repeats.
        let acted = acted_anew || next_item || assistant_progress;
        let novel = novel || fresh_data || acted;
        // A turn without tools that repeats a recent exchange brings nothing either way: it
        // neither grows the streak nor resets it (an agent re-searching between the same
        // "keep going" and the same answer).
        if grew && evidence && !novel && !polled_change {
            self.growth_streak = self.growth_streak.saturating_add(1);
        } else if novel || polled_change || (!evidence && !repeated_exchange) {
            self.growth_streak = 0;
        }
        if d.growth_turns > 0 && self.growth_streak >= d.growth_turns {
            f.growth_stall = Some(self.growth_streak);
        }
        self.last_input = facts.input_tokens;
        f
    }

    /// What is new in this turn's text: its lines that were not in the previous turn's
    /// (so a large block resent every turn does not drown a new question), or all of it
    /// when nothing or everything repeats. Remembers this turn's lines.
    fn novel_lines(&mut self, text: &str) -> String {
        let lines: Vec<(&str, u64)> = text
            .lines()
            .map(|l| (l, fingerprint::exact_volatile(l)))
            .filter(|(_, h)| *h != 0)
            .collect();
        let bits = |h: u64| [h % (64 * LINES as u64), (h >> 32) % (64 * LINES as u64)];
        let known = |filter: &[u64; LINES], h: u64| {
            bits(h)
                .iter()
                .all(|b| filter.get((b / 64) as usize).is_some_and(|w| w & (1 << (b % 64)) != 0))
        };
        let fresh: Vec<&str> = lines
            .iter()
            .filter(|(_, h)| !known(&self.prev_lines, *h))
            .map(|(l, _)| *l)
            .collect();
        self.prev_lines = [0; LINES];
        for (_, h) in &lines {
            for b in bits(*h) {
                if let Some(w) = self.prev_lines.get_mut((b / 64) as usize) {
                    *w |= 1 << (b % 64);
                }
            }
        }
        if fresh.is_empty() || fresh.len() == lines.len() {
            text.to_string()
        } else {
            fresh.join("\n")
        }
    }

    /// For a turn of one call whose one result holds a failure word only deep in it (not
    /// leading, not in a field, no exception named), whether that result is the report the
    /// same call (byte for byte) brought last time grown: every line of it kept (as many
    /// known lines at least), new lines added, none of them holding a failure word. Remembers
    /// such a report (at most REPORT_LINES lines; a longer one is forgotten: no judgement).
    /// `call`: the turn's calls hashed byte for byte.
    fn note_report(&mut self, facts: &TurnFacts, call: u64, signatures: &[Option<(u64, String, u64, bool)>]) -> bool {
        // (`signatures` has one entry per result.)
        let ([_], [result], [Some((_, _, _, false))]) =
            (facts.tool_calls.as_slice(), facts.tool_results.as_slice(), signatures)
        else {
            return false;
        };
        let same_call = self.report_call == call;
        let mut filter = [0u64; REPORT];
        let (mut lines, mut kept, mut added, mut failing) = (0u32, 0u32, 0u32, false);
        let mut lower = String::new();
        for line in result.lines().map(str::trim).filter(|l| !l.is_empty()) {
            lines += 1;
            if lines as usize > REPORT_LINES {
                self.report_call = 0;
                return false;
            }
            let h = fingerprint::exact_volatile(line);
            if same_call && bloom_has(&self.report_lines, h) {
                kept += 1;
            } else {
                added += 1;
                failing = failing || holds_mark(line, &mut lower);
            }
            bloom_add(&mut filter, h);
        }
        let grew = same_call && kept >= self.report_len && added > 0 && !failing;
        self.report_call = call;
        self.report_lines = filter;
        self.report_len = lines;
        grew
    }

    /// Whether the turn's call argument values (`argument_values`) name an item (a whole value
    /// that is an id: letters and digits mixed, six characters or more, not a path or an
    /// address) that no call of the session named before; remembers the items named.
    fn note_items(&mut self, values: &[String]) -> bool {
        let mut new = false;
        for value in values {
            if is_id(value) {
                new |= bloom_add(&mut self.items, fingerprint::fnv(value.as_bytes()));
            }
        }
        if self.items.iter().map(|w| w.count_ones()).sum::<u32>() > 32 * ITEMS as u32 {
            self.items = [0; ITEMS];
        }
        new
    }

    /// The first item of the user's list (an argument's whole value that the user's messages
    /// named) that this turn's calls name and that no call of `named_seq` named; 0 if none.
    fn listed_item(&self, values: &[String]) -> u64 {
        values
            .iter()
            .filter(|value| is_item(value))
            .map(|value| fingerprint::fnv(value.as_bytes()).max(1))
            .find(|h| bloom_has(&self.listed, *h) && !self.named_seq.contains(h))
            .unwrap_or(0)
    }

    /// How many distinct values (words holding a digit: amounts, counts, ids) of these tool
    /// results were not among the last results' values; remembers these results' values
    /// (when there are any results). A page of new rows has many (its ids, its amounts); the
    /// same page under a new title or request id, a handful.
    fn note_numbers(&mut self, results: &[String]) -> usize {
        if results.is_empty() {
            return 0;
        }
        let mut numbers: Vec<u64> = results
            .iter()
            .flat_map(|r| {
                r.split(|c: char| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            '"' | '\'' | ',' | ';' | ':' | '/' | '(' | ')' | '[' | ']' | '{' | '}' | '='
                        )
                })
            })
            .filter(|w| w.bytes().any(|b| b.is_ascii_digit()))
            .map(|w| fingerprint::fnv(w.as_bytes()))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let bits = |h: u64| [h % (64 * NUMBERS as u64), (h >> 32) % (64 * NUMBERS as u64)];
        let known = |filter: &[u64; NUMBERS], h: u64| {
            bits(h)
                .iter()
                .all(|b| filter.get((b / 64) as usize).is_some_and(|w| w & (1 << (b % 64)) != 0))
        };
        let new = numbers.iter().filter(|h| !known(&self.prev_numbers, **h)).count();
        self.prev_numbers = [0; NUMBERS];
        for h in numbers {
            for b in bits(h) {
                if let Some(w) = self.prev_numbers.get_mut((b / 64) as usize) {
                    *w |= 1 << (b % 64);
                }
            }
        }
        new
    }

    /// Whether each of these tool results brings anything new: a result is new when more than
    /// `1 - novelty_similarity` of its sampled shingles were not seen in recent results.
    /// Short results (too few samples to judge) count as new. Remembers them.
    fn note_results(&mut self, results: &[String], d: &Detectors) -> Vec<bool> {
        let mut novel = Vec::with_capacity(results.len());
        for text in results {
            let samples = fingerprint::sampled_shingles(text);
            let known = self.seen.get(..self.seen_len as usize).unwrap_or_default();
            let seen = samples.iter().filter(|h| known.contains(h)).count() as u64;
            let total = samples.len() as u64;
            novel.push(total < 4 || seen * 1000 < total * d.novelty_similarity);
            for h in samples {
                if self.seen.get(..self.seen_len as usize).unwrap_or_default().contains(&h) {
                    continue;
                }
                if (self.seen_len as usize) < SEEN {
                    if let Some(slot) = self.seen.get_mut(self.seen_len as usize) {
                        *slot = h;
                    }
                    self.seen_len += 1;
                } else {
                    // Full: forget the oldest.
                    self.seen.rotate_left(1);
                    if let Some(last) = self.seen.last_mut() {
                        *last = h;
                    }
                }
            }
        }
        novel
    }

    /// A cycle of 2 or 3 calls must repeat `cycle_repeats` times; a longer one (up to
    /// `cycle_max_period`, at most 6) twice; either way with the same results in its last
    /// two rounds.
    fn find_cycle(&self, d: &Detectors) -> Option<(u32, u32)> {
        let len = self.tool_seq_len as usize;
        let seq = self.tool_seq.get(SEQ - len..)?;
        let raw = self.raw_seq.get(SEQ - len..)?;
        let nothing_new = nothing_new();
        let also = |period: usize, repeats: usize| {
            // What came back repeats in every round counted, as the calls do: the first time
            // an action leaves the screen as it was is one failed attempt, not a loop. A
            // result that brings nothing new matches whatever came back a round earlier (the
            // same page fetched again was new the first time only).
            let need = period * repeats;
            let (Some(results), Some(moved)) = (self.result_seq.get(SEQ - need..), self.moved_seq.get(SEQ - need..))
            else {
                return false;
            };
            // A successful result that brought nothing new must still be the same (volatile
            // tokens masked) as a round earlier: a screen or page that changed (the next rows
            // of a list under the same toolbar, the next page of a wizard) is a new
            // observation, however much of it was seen before.
            let same = (period..need).all(|i| {
                if results.get(i) == Some(&nothing_new) {
                    moved.get(i) == Some(&nothing_new) || moved.get(i) == moved.get(i - period)
                } else {
                    results.get(i) == results.get(i - period)
                }
            });
            // A round in which every call came back successful with moved numbers (a rollout
            // polled: ready count and latency both move) is progress, not a cycle: at least
            // one call must have brought back the same thing, or nothing new, or a failure.
            let stuck = (need - period..need)
                .any(|i| moved.get(i) == moved.get(i - period) || results.get(i) == Some(&nothing_new));
            // A cycle whose results only tick (a revision counter, a timestamp, a seat count):
            // the calls made again byte for byte, what came back the same once ids and digits
            // are dropped, and the assistant saying again, word for word, what it said a round
            // earlier (in three of four turns at least: one line of a round reworded) — its
            // side stalled too. A dashboard polled round after round has the assistant
            // reporting what moved (new figures, new words) every round, or saying nothing.
            let ticking = || {
                let (Some(plain), Some(said)) = (self.plain_seq.get(SEQ - need..), self.said_seq.get(SEQ - need..))
                else {
                    return false;
                };
                let again = |s: &[u64], i: usize| s.get(i).is_some_and(|x| *x != 0 && s.get(i - period) == Some(x));
                let said_again = (period..need).filter(|i| again(said, *i)).count();
                // A longer round (open, read, close, read) has the assistant speaking in some
                // of its turns only: every turn in which it spoke repeating, word for word,
                // the turn a round earlier, in half the turns of the window at least, is its
                // side stalled as well (a silent turn is no evidence either way).
                let spoke = (period..need).filter(|i| said.get(*i).is_some_and(|x| *x != 0)).count();
                let stalled =
                    said_again * 4 >= (need - period) * 3 || (said_again == spoke && spoke * 2 >= need - period);
                (period..need).all(|i| again(plain, i)) && stalled
            };
            // A batch walks its items: every round of the cycle making a call never made
            // before (byte for byte, within the calls remembered: the next product page purged
            // and verified) is the work moving on, however alike its receipts and header dumps
            // look. A cycle coming back to a call it made (the same order offered to driver A
            // again) is not.
            // (`walked` holds the newest call in its lowest bit; round 0 is the newest.)
            let batch = || (0..repeats).all(|r| (self.walked >> (r * period)) & ((1 << period) - 1) != 0);
            // A cycle whose rounds fail the same way: the calls made again byte for byte, what
            // came back the same once ids and digits are dropped (a new lease token, an attempt
            // counter ticking), and the same failure (`fails`) in every round — the action
            // refused each round as the round before (`lease expired`). A dashboard polled
            // round after round does not fail in each round.
            let failing = || {
                let (Some(plain), Some(fails)) = (
                    self.plain_seq.get(SEQ - need..),
                    self.fails.get(FAILS.saturating_sub(need)..),
                ) else {
                    return false;
                };
                let again = (period..need).all(|i| {
                    plain
                        .get(i)
                        .is_some_and(|x| *x != 0 && plain.get(i - period) == Some(x))
                });
                let round = |r: usize| fails.get(r * period..(r + 1) * period).unwrap_or_default();
                again
                    && fails.len() == need
                    && round(0)
                        .iter()
                        .filter(|h| **h != 0 && **h & SUCCESS_BIT == 0)
                        .any(|h| (1..repeats).all(|r| round(r).contains(h)))
            };
            ((same && stuck) || ticking() || failing()) && !batch()
        };
        // The calls of a round told apart byte for byte too: offering one order to driver A,
        // B, C and back to A is a cycle though the calls differ only by an id.
        cycle_in(seq, d, also).or_else(|| cycle_in(raw, d, also))
    }
}

/// A cycle at the end of `seq`: of 2 or 3 entries repeating `cycle_repeats` times, or of a
/// longer period (up to `cycle_max_period`, at most 6) twice, not all its entries alike, and
/// `also(period, repeats)` holding.
fn cycle_in(seq: &[u64], d: &Detectors, also: impl Fn(usize, usize) -> bool) -> Option<(u32, u32)> {
    if d.cycle_repeats < 2 {
        return None;
    }
    let len = seq.len();
    for period in 2..=(d.cycle_max_period as usize).min(SEQ / 2) {
        // Periods above 3 (a fix/revert or hand-off round of 4-6 identical calls) are
        // specific enough after two rounds.
        let repeats = if period > 3 { 2 } else { d.cycle_repeats as usize };
        let repeats = repeats.min(SEQ / period).max(2);
        let need = period * repeats;
        if need > len {
            continue;
        }
        let tail = seq.get(len - need..)?;
        let periodic = (period..need).all(|i| tail.get(i) == tail.get(i - period));
        let block = tail.get(..period)?;
        let varied = block.iter().any(|x| Some(x) != block.first());
        if periodic && varied && also(period, repeats) {
            return Some((period as u32, repeats as u32));
        }
    }
    None
}

/// The words that mark a line of a tool result as a failure (matched lower-cased).
const MARKS: [&str; 14] = [
    "error",
    "fail",
    "exception",
    "traceback",
    "denied",
    "unavailable",
    "timed out",
    "timeout",
    "refused",
    "not found",
    "crash",
    "forbidden",
    "unauthorized",
    "backoff",
];

/// The endings a failure word takes and stays the failure (`errors`, `failed`, `failure`,
/// `crashes`, `timeouts`).
const INFLECTIONS: [&str; 7] = ["s", "es", "ed", "d", "ing", "ure", "ures"];

/// Whether `text` holds a failure word (`MARKS`), compared lower-cased in `buf` (an ASCII
/// text is lower-cased into the reused buffer; `to_lowercase` for the others).
fn holds_mark(text: &str, buf: &mut String) -> bool {
    buf.clear();
    if text.is_ascii() {
        buf.push_str(text);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&text.to_lowercase());
    }
    MARKS.iter().any(|m| buf.contains(m))
}

/// Whether `text` states a failure word (`holds_mark`) other than as a part of a compound
/// name: a failure word whose last letter is lower-case and is followed at once by an
/// upper-case letter continues a camel-case name (`testLoginErrorBanner`, `CrashLogger.dll`,
/// `UnauthorizedAccessTests`) — a test or a plugin named after what it handles, not a failure,
/// unless the name labels a value (`UnavailableNodes:node-c[01-16]`: a field). An exception's name ends with its failure word (`ConnectionRefusedError`, `TimeoutException`)
/// and an upper-case word (`ERRORS`) is a word: both still state a failure. A text that is not
/// ASCII is read as `holds_mark` reads it.
fn states_mark(text: &str, buf: &mut String) -> bool {
    if !holds_mark(text, buf) {
        return false;
    }
    if !text.is_ascii() {
        return true;
    }
    let bytes = text.as_bytes();
    MARKS.iter().any(|m| {
        buf.match_indices(m).any(|(at, _)| {
            let end = at + m.len();
            let named = bytes.get(end - 1).is_some_and(u8::is_ascii_lowercase)
                && bytes.get(end).is_some_and(u8::is_ascii_uppercase);
            // A name labelling a value (`UnavailableNodes:node-c[01-16]`, `ErrorCode=7`) is a
            // field stating the failure.
            let labels = || {
                let rest = bytes.get(end..).unwrap_or_default();
                let after = rest.iter().position(|b| !b.is_ascii_alphanumeric() && *b != b'_');
                after
                    .and_then(|i| rest.get(i))
                    .is_some_and(|b| matches!(b, b':' | b'='))
            };
            // A failure word running on in lower-case letters that are no inflection of it
            // (`firebase_crashlytics`, `exceptional`) is another word, not the failure.
            let word_goes_on = || {
                let rest = bytes.get(end..).unwrap_or_default();
                let run = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
                run > 0 && !INFLECTIONS.iter().any(|s| rest.get(..run) == Some(s.as_bytes()))
            };
            (!named || labels()) && !word_goes_on()
        })
    })
}

/// The signature of a tool result that reports a failure: its first non-empty line and its
/// first line naming the failure, every digit dropped (so retry counts, restart counts,
/// durations and delays do not hide a recurrence), hashed; `None` for a result that does
/// not look like a failure. Also the failure's line as shown, the call's success mark, and
/// whether the result states the failure plainly (leads with it, names an exception, or sets
/// a field to it) rather than mentioning a failure word deep in a report.
fn failure_signature((tool, args): (&str, &str), result: &str) -> Option<(u64, String, u64, bool)> {
    // A measurement named after a failure (`"error_rate_percent": 0.09`, `"unavailable": 3`)
    // is a number reported, not a failure: a line that is one member with a number, boolean
    // or null value is never the failing line.
    let mut lower = String::new();
    // A JSON object result is parsed once: a structured result stating its failure in a field
    // is read by its fields (`refused_field`), whatever failure words its reason holds; a
    // command's output wrapped in one (`{"exit_code": 1, "output": "==> Linting …\n[ERROR] …"}`)
    // is read by the lines of its text (`unwrapped`), as the same output unwrapped would be; a
    // compact status on one line naming failures only as measurements is no failure
    // (`measures_only`, read here from the same parse: the line reader need not parse it again).
    let parsed = result
        .trim_start()
        .starts_with('{')
        .then(|| serde_json::from_str::<Value>(result).ok())
        .flatten();
    let mut unwrapped_text = None;
    let mut whole_line = None;
    if let Some(object @ Value::Object(members)) = &parsed {
        if let Some(refused) = refused_field((tool, args), members) {
            return Some(refused);
        }
        unwrapped_text = unwrapped(members);
        if unwrapped_text.is_none() && !result.trim().contains('\n') {
            if measures_only(object, &mut lower) {
                return None;
            }
            whole_line = Some(result.trim());
        }
    }
    let mut marked = |l: &str| {
        states_mark(l, &mut lower)
            && !is_measurement(l)
            && !counts_none(l)
            && (whole_line == Some(l) || !json_line_measures_only(l, &mut lower))
    };
    let result = unwrapped_text.as_deref().unwrap_or(result);
    let mut lines = result.lines().map(str::trim);
    let failing = lines.find(|l| marked(l))?;
    // A failing line that states only a verdict (`RESULT: FAIL`, `Build failed`) names no
    // target: what failed is the report's next line (cue 88 overlapping, then cue 140 too
    // long, is another failure each time, not the same one recurring).
    let detail = (failing.split_whitespace().count() <= 2)
        .then(|| lines.find(|l| !l.is_empty()))
        .flatten()
        .unwrap_or_default();
    // A report that names an exception with its message (`E   ImportError: cannot import
    // name …`), wherever it stands (after a command's echo naming `--…-errors`, an install
    // log), states the failure itself: the failing line, and the same failure whatever
    // attempt brought it.
    let named = result
        .lines()
        .map(str::trim)
        .find(|l| names_exception(l) || tagged_error(l));
    let failing = named.unwrap_or(failing);
    let line = result.lines().map(str::trim).find(|l| !l.is_empty())?;
    let shown: String = if named.is_none() && !detail.is_empty() {
        format!(
            "{} … {}",
            failing.chars().take(40).collect::<String>(),
            detail.chars().take(80).collect::<String>()
        )
    } else if line == failing {
        line.chars().take(120).collect()
    } else {
        format!(
            "{} … {}",
            line.chars().take(40).collect::<String>(),
            failing.chars().take(80).collect::<String>()
        )
    };
    if let Some(named) = named {
        let h = fingerprint::exact(&format!("{tool} {}", without_ids_or_digits(named))) & !SUCCESS_BIT;
        return (h != 0).then_some((h, shown, success_mark((tool, args)), true));
    }
    // Ids (words mixing letters and digits: a lead, a pod, a trace) are masked before the
    // digits are dropped: the same failure for the next lead or in a new pod recurs.
    let stripped = without_ids_or_digits(&format!("{line}\n{failing}\n{detail}"));
    // A result that leads with its failure (`ERROR: column … does not exist`, a traceback,
    // `403 Forbidden`) or states it in a field is the same failure whatever call of the tool
    // brought it: the agent varying its attempts. A failure word further down a plain-text
    // report that leads with something else (a linter's banner and its rule table, a build
    // log) is weaker evidence: it recurs only for the same call retried on the same target
    // (`target_of`: a window of 400 ms, then 600, is the same run varied) — another file
    // linted, another check whose report shares a header, another switch's configuration
    // (`acc-ewr-02` after `acc-ewr-01`), is another task: a failure is the same failure only
    // for the same target.
    let key = fingerprint::exact(&format!("{tool} {stripped}"));
    // A failure stated in a field of a structured result (`"severity": "ERROR"`) leads too.
    let member = failing.starts_with('"') && failing.contains("\":");
    let strong = line == failing || member;
    let key = if strong { key } else { key ^ target_of(args) };
    let h = key & !SUCCESS_BIT;
    (h != 0).then_some((h, shown, success_mark((tool, args)), strong))
}

/// The members whose `false` is a verdict on the call: it was not done (`"ok": false`,
/// `"accepted": false`, `"compliant": false`), or a lookup found nothing (`"found": false`,
/// the structured form of the `not found` a plain-text result states: round 17). A structured
/// result states its failure in such a field, whatever words its reason is given in.
const VERDICTS: [&str; 8] = [
    "ok",
    "success",
    "accepted",
    "approved",
    "allowed",
    "compliant",
    "valid",
    "found",
];

/// The one-word values a member of a structured result takes to say the call was refused
/// (`"status": "REJECTED"`, `"status": "DISMISSED"`, `"result": "FAIL"`, `"status":
/// "conflict"`; round 17: `"status": "AMBIGUOUS"`, a lookup that could not resolve what it
/// was asked), compared lower-cased: the system answering no, with its reason alongside.
const REFUSALS: [&str; 10] = [
    "ambiguous",
    "rejected",
    "denied",
    "dismissed",
    "declined",
    "refused",
    "failed",
    "fail",
    "conflict",
    "blocked",
];

/// Whether a member of a structured result states that the call was refused: a verdict
/// member (`VERDICTS`) set to `false`, or a member whose whole value is a refusal word
/// (`REFUSALS`).
fn refuses((name, value): (&String, &Value)) -> bool {
    match value {
        Value::Bool(false) => VERDICTS.iter().any(|v| name.eq_ignore_ascii_case(v)),
        Value::String(s) => REFUSALS.iter().any(|r| s.trim().eq_ignore_ascii_case(r)),
        _ => false,
    }
}

/// The signature of a JSON object result that states its failure in a field (`refuses`:
/// `{"plan_id": "PLN-0118", "status": "REJECTED", "reasons": […], "evaluated_at": …}`): the
/// result with every occurrence of the call's own string argument values masked
/// (both parsed: the same check failing for the same file under a new name, the same refusal
/// for another slot the call asked for, is the same failure), ids masked and digits dropped (a
/// new plan id, event id or time each attempt), members in name order; stated plainly. The
/// system giving the same reason under a new id is the same failure. `None` for any other
/// result.
fn refused_field((tool, args): (&str, &str), members: &Map<String, Value>) -> Option<(u64, String, u64, bool)> {
    if !members.iter().any(refuses) {
        return None;
    }
    let arguments = serde_json::from_str::<Value>(args).unwrap_or(Value::Null);
    let mut own = Vec::new();
    strings_in(&arguments, &mut own);
    own.retain(|v| v.len() >= 4);
    // (At most OWN_VALUES of them: the masking stays linear in the result's size.)
    own.truncate(OWN_VALUES);
    let mut result = Value::Object(members.clone());
    let shown = result.to_string().chars().take(120).collect();
    mask_strings(&mut result, &own);
    let h = fingerprint::exact(&format!("{tool} {}", without_ids_or_digits(&result.to_string()))) & !SUCCESS_BIT;
    (h != 0).then_some((h, shown, success_mark((tool, args)), true))
}

/// The text of a JSON object that wraps a multi-line text (a command's output, a log: a
/// string member holding a line break), one line per member in the order written: a
/// multi-line string as its own lines, any other member as `"name": value` (so a member
/// that measures — `"exit_code": 1` — is read as a measurement). `None` for an object
/// wrapping no multi-line text (a record, read as it is written).
fn unwrapped(members: &Map<String, Value>) -> Option<String> {
    if !members.values().any(|v| v.as_str().is_some_and(|s| s.contains('\n'))) {
        return None;
    }
    let mut out = String::new();
    for (name, value) in members {
        match value {
            Value::String(s) if s.contains('\n') => out.push_str(s),
            _ => out.push_str(&format!("{}: {value}", Value::String(name.clone()))),
        }
        out.push('\n');
    }
    Some(out)
}

/// The string values in a parsed JSON value, at any depth (member names aside).
fn strings_in<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| strings_in(v, out)),
        Value::Object(members) => members.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}

/// `value` with every occurrence of one of `own` in a string value replaced by `#` (a value
/// that is the argument, or echoes it inside a longer text: a geocoder's `"query": "400 Elm
/// Street, Fairhaven"` for the arguments `400 Elm Street` and `Fairhaven`), and every object's
/// members in name order (the same object whatever order they were written in), at any depth.
fn mask_strings(value: &mut Value, own: &[&str]) {
    match value {
        Value::String(s) => {
            for o in own {
                if s.contains(o) {
                    *s = s.replace(o, "#");
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask_strings(v, own)),
        Value::Object(members) => {
            members.sort_keys();
            members.values_mut().for_each(|v| mask_strings(v, own));
        }
        _ => {}
    }
}

/// What a call acts on: its arguments' words holding a letter (names, paths, hosts, `acc-ewr-01`
/// and `acc-ewr-02` told apart), hashed; bare numbers (a window, a retry delay, a count) are
/// how an attempt varies, not what it targets.
fn target_of(args: &str) -> u64 {
    let mut h = fingerprint::fnv(b"target");
    for word in args.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ':' | '{' | '}' | '[' | ']')) {
        if word.chars().any(char::is_alphabetic) {
            h = (h ^ fingerprint::fnv(word.as_bytes())).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Calls `f` with the hash of each term of a short text (at most 4 KB; none for a longer
/// one) and whether it holds a digit: a run of letters and digits of four characters or
/// more, or holding a digit, lower-cased (ASCII) — the names, figures and terms a message is
/// about.
fn for_each_term(text: &str, mut f: impl FnMut(u64, bool)) {
    if text.len() > 4096 {
        return;
    }
    for run in text.split(|c: char| !c.is_alphanumeric()) {
        let figure = run.bytes().any(|b| b.is_ascii_digit());
        if run.len() >= 4 || figure {
            let mut h = 0xcbf2_9ce4_8422_2325u64;
            for b in run.bytes() {
                h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
            }
            f(h, figure);
        }
    }
}

/// Whether a word can name an item of a batch: four characters or more, holding a digit or
/// one of `/ - _ .` besides letters (a URL, a path, an id, a host), no whitespace.
fn is_item(word: &str) -> bool {
    word.len() >= 4
        && word.len() <= 256
        && !word.contains(char::is_whitespace)
        && word.chars().any(char::is_alphabetic)
        && word
            .bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'_' | b'.'))
}

/// Calls `f` with the hash of each item (`is_item`) of a message: its words split at
/// whitespace, quotes, commas and brackets, a trailing `.` or `:` dropped.
fn item_tokens(text: &str, mut f: impl FnMut(u64)) {
    let split =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ',' | ';' | '(' | ')' | '[' | ']' | '<' | '>');
    for word in text.split(split) {
        let word = word.trim_end_matches(['.', ':']);
        if is_item(word) {
            f(fingerprint::fnv(word.as_bytes()).max(1));
        }
    }
}

/// Whether a word is an id: six characters or more mixing letters and digits, nothing but them
/// and `-` or `_` (`S-40121`, `MSKU7734127`, `acc-ewr-02`).
fn is_id(word: &str) -> bool {
    word.len() >= 6
        && word.bytes().any(|b| b.is_ascii_digit())
        && word.chars().any(char::is_alphabetic)
        && word.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
}

/// Calls `f` with the hash of each id of a message (an item, `item_tokens`, of six characters
/// or more mixing letters and digits, nothing but them and `-` or `_`: `S-40121`, `MSKU7734127`,
/// as `note_items` reads the ids calls name) — not a setting (`tick=1806`) nor a hyphenated word.
fn id_tokens(text: &str, mut f: impl FnMut(u64)) {
    let split =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ',' | ';' | '(' | ')' | '[' | ']' | '<' | '>');
    for word in text.split(split) {
        let word = word.trim_end_matches(['.', ':']);
        if is_id(word) {
            f(fingerprint::fnv(word.as_bytes()).max(1));
        }
    }
}

/// The two bits of `h` in a Bloom filter of `n` words (256 bits for `WORDS`).
fn bloom_bits(h: u64, n: usize) -> [u64; 2] {
    let n = 64 * n as u64;
    [h % n, (h >> 32) % n]
}

/// Whether `h` is in the filter (or a false match).
fn bloom_has<const N: usize>(filter: &[u64; N], h: u64) -> bool {
    bloom_bits(h, N)
        .iter()
        .all(|b| filter.get((b / 64) as usize).is_some_and(|w| w & (1 << (b % 64)) != 0))
}

/// Adds `h` to the filter; whether it was not there yet.
fn bloom_add<const N: usize>(filter: &mut [u64; N], h: u64) -> bool {
    let new = !bloom_has(filter, h);
    for b in bloom_bits(h, N) {
        if let Some(w) = filter.get_mut((b / 64) as usize) {
            *w |= 1 << (b % 64);
        }
    }
    new
}

/// The figures of a text (runs of digits and inner points: `21.4`, `2025`, `6.3`) as a
/// 64-bit Bloom filter (two bits each), and how many distinct ones it holds.
fn figures_of(text: &str) -> (u64, u32) {
    let (mut bloom, mut count) = (0u64, 0u32);
    for run in text.split(|c: char| !c.is_ascii_digit() && c != '.') {
        let run = run.trim_matches('.');
        if run.is_empty() {
            continue;
        }
        let h = fingerprint::fnv(run.as_bytes());
        let bits = (1u64 << (h % 64)) | (1u64 << ((h >> 32) % 64));
        if bloom & bits != bits {
            count += 1;
            bloom |= bits;
        }
    }
    (bloom, count)
}

/// Whether a line names an exception and its message: a word ending in `Error:` or
/// `Exception:` after a name (`ImportError:`, `java.io.IOException:`) with text after it.
fn names_exception(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.any(|w| {
        ["Error:", "Exception:"].iter().any(|s| {
            w.strip_suffix(s)
                .is_some_and(|name| name.ends_with(char::is_alphabetic))
        })
    }) && words.next().is_some()
}

/// Whether a line opens with an error level tag and says what failed after it (`[ERROR]
/// readstat-sys 0.9.2: … is DENIED by rule R-04`, `ERROR: relation "x" does not exist`): the
/// log stating its failure in so many words, wherever the line stands in it.
fn tagged_error(line: &str) -> bool {
    ["[ERROR] ", "ERROR: "].iter().any(|tag| {
        line.strip_prefix(tag)
            .is_some_and(|rest| rest.split_whitespace().nth(2).is_some())
    })
}

/// The text with every id-like word (letters and digits mixed, six characters or more:
/// `00Q8c00001Kx3aQ`, `etl-worker-7f9c8`) replaced by `#` and every other digit dropped.
/// Words are split at whitespace (each whitespace character becomes one space) and after the
/// separators `"',;()[]{}=` (kept); one pass over the text, no allocation but the output.
fn without_ids_or_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The part being read: where it starts, whether it holds an ASCII digit, a letter.
    let (mut start, mut digit, mut alpha) = (0, false, false);
    let flush = |out: &mut String, part: &str, digit: bool, alpha: bool| {
        if digit && alpha && part.len() >= 6 {
            out.push('#');
        } else if digit {
            out.extend(part.chars().filter(|c| !c.is_ascii_digit()));
        } else {
            out.push_str(part);
        }
    };
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        // (`fingerprint::separator`: whitespace or one of the separators the words split at.)
        if space || fingerprint::separator(c) {
            flush(&mut out, text.get(start..i).unwrap_or_default(), digit, alpha);
            out.push(if space { ' ' } else { c });
            (start, digit, alpha) = (i + c.len_utf8(), false, false);
        } else {
            digit |= c.is_ascii_digit();
            alpha |= c.is_alphabetic();
        }
    }
    flush(&mut out, text.get(start..).unwrap_or_default(), digit, alpha);
    out
}

/// Whether a line is one member of a JSON object whose value is a number, a boolean or null
/// (`"failed": 0,`): a measurement, whatever its name says.
fn is_measurement(line: &str) -> bool {
    let Some((key, value)) = line.trim().split_once("\":") else {
        return false;
    };
    let value = value.trim().trim_end_matches(',').trim();
    key.starts_with('"')
        && !key.get(1..).unwrap_or_default().contains('"')
        && (matches!(value, "true" | "false" | "null") || value.parse::<f64>().is_ok())
}

/// Whether a line counts a failure word as none: a name and the value zero after `:` or `=`
/// (`UVM_ERROR :    0`, `Failed: 0`, `errors=0`) — a passing run's summary, not a failure.
fn counts_none(line: &str) -> bool {
    line.rsplit_once([':', '='])
        .is_some_and(|(name, value)| !name.trim().is_empty() && value.trim().trim_end_matches(',') == "0")
}

/// Whether a line that is a whole JSON object (a compact status: `{"state": "running",
/// "failed": 2, "errors": 0}`) names failures only as measurements: every member whose name
/// holds a failure word has a number, boolean or null value (or an empty list, or an object
/// whose values are all numbers: failure buckets counted), and no string value holds one. The per-line
/// `is_measurement` of a pretty-printed result, for a result on one line. A line that is not
/// JSON is not this.
fn json_line_measures_only(line: &str, buf: &mut String) -> bool {
    // (Only a line opening with `{` is parsed.)
    line.starts_with('{') && serde_json::from_str::<Value>(line).is_ok_and(|v| v.is_object() && measures_only(&v, buf))
}

/// Whether a parsed JSON value names failures only as measurements (`json_line_measures_only`).
fn measures_only(v: &Value, buf: &mut String) -> bool {
    match v {
        Value::String(s) => !holds_mark(s, buf),
        Value::Array(items) => items.iter().all(|i| measures_only(i, buf)),
        Value::Object(members) => members.iter().all(|(k, v)| {
            if holds_mark(k, buf) {
                match v {
                    Value::Null | Value::Bool(_) | Value::Number(_) => true,
                    Value::Array(items) => items.is_empty(),
                    Value::Object(counts) => counts
                        .values()
                        .all(|c| matches!(c, Value::Null | Value::Bool(_) | Value::Number(_))),
                    Value::String(_) => false,
                }
            } else {
                measures_only(v, buf)
            }
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
    }
}

/// The string values of the turn's call arguments, parsed, at any depth (names of members
/// not among them; arguments that are not JSON give none): where an item a call names is
/// looked for.
fn argument_values(facts: &TurnFacts) -> Vec<String> {
    let mut out = Vec::new();
    for (_, args) in &facts.tool_calls {
        if let Ok(value) = serde_json::from_str::<Value>(args) {
            let mut strings = Vec::new();
            strings_in(&value, &mut strings);
            out.extend(strings.into_iter().map(str::to_owned));
        }
    }
    out
}

/// Whether the turn is a lookup of one item: one call whose only argument is an id (letters
/// and digits mixed, six characters or more, as `note_items` reads it), answered by a result
/// naming that id. The call carries nothing but the item — no body, no lines to retry under
/// a new name.
fn looks_up_item(facts: &TurnFacts) -> bool {
    let ([(_, args)], [result]) = (facts.tool_calls.as_slice(), facts.tool_results.as_slice()) else {
        return false;
    };
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(args) else {
        return false;
    };
    let mut values = map.values();
    match (values.next(), values.next()) {
        (Some(Value::String(v)), None) => is_id(v) && result.contains(v.as_str()),
        _ => false,
    }
}

/// The turn's tool calls, names and arguments byte for byte.
fn joined_calls(facts: &TurnFacts) -> String {
    facts
        .tool_calls
        .iter()
        .map(|(n, a)| format!("{n}\u{1f}{a}"))
        .collect::<Vec<_>>()
        .join("\u{1e}")
}

/// Whether a tool result says the work it reports on is still pending, or held by someone
/// else until they release it (a market suspended by its supplier, a job paused): a state
/// the agent waits out.
fn reports_pending(result: &str) -> bool {
    const PENDING: [&str; 8] = [
        "pending",
        "waiting",
        "queued",
        "in progress",
        "in_progress",
        "not started",
        "suspended",
        "paused",
    ];
    let lower = result.to_lowercase();
    PENDING.iter().any(|p| lower.contains(p))
}

/// The call (tool name, arguments) that result `i` of a turn answers (empty when unknown).
fn call_of(facts: &TurnFacts, i: usize) -> (&str, &str) {
    facts
        .tool_calls
        .get(i)
        .map_or(("", ""), |(n, a)| (n.as_str(), a.as_str()))
}

const SUCCESS_BIT: u64 = 1 << 63;

/// What `result_seq` holds for the calls of a turn whose one result brought nothing new.
fn nothing_new() -> u64 {
    fingerprint::exact("\u{1e}(nothing new)")
}

/// What a call's successful result leaves in the failure window: the tool and its arguments
/// with every digit dropped (the same call retried, or the same call for the next item,
/// succeeding; not another command of the same tool).
fn success_mark((tool, args): (&str, &str)) -> u64 {
    let mut h = fingerprint::fnv(tool.as_bytes());
    for b in args.bytes().filter(|b| !b.is_ascii_digit()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h | SUCCESS_BIT
}

#[cfg(test)]
mod tests {
    /// The one-pass `without_ids_or_digits` against its definition written out (split at
    /// whitespace, join with spaces; each word split after the separators; a part with a
    /// digit and a letter and six bytes or more is `#`, else its digits dropped), over texts
    /// of every kind of whitespace, separator, digit, letter and non-ASCII character.
    #[test]
    fn ids_and_digits_are_dropped_as_defined() {
        fn defined(text: &str) -> String {
            const SEPARATORS: [char; 11] = ['"', '\'', ',', ';', '(', ')', '[', ']', '{', '}', '='];
            let mut out = String::new();
            for (i, word) in text.split(char::is_whitespace).enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                for part in word.split_inclusive(SEPARATORS) {
                    let body = part.strip_suffix(SEPARATORS).unwrap_or(part);
                    let sep = &part[body.len()..];
                    if body.bytes().any(|b| b.is_ascii_digit())
                        && body.chars().any(char::is_alphabetic)
                        && body.len() >= 6
                    {
                        out.push('#');
                    } else {
                        out.extend(body.chars().filter(|c| !c.is_ascii_digit()));
                    }
                    out.push_str(sep);
                }
            }
            out
        }
        let alphabet: Vec<char> = "aZ09 _-.:;,=\"'()[]{}\n\t\r\u{b}\u{c}\u{85}\u{a0}\u{2028}\u{3000}ÉßΣ中٣🙂#xyz"
            .chars()
            .collect();
        let mut texts: Vec<String> = vec![
            String::new(),
            "etl-worker-7f9c8 restarted 3 times (pod=api-5d8f9c7b6-x2x4q) at 10:04:17".into(),
            "ERROR 1054: Unknown column 'user_id2' in (where clause)".into(),
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in [1usize, 3, 8, 30, 200, 1500] {
            for _ in 0..60 {
                texts.push(
                    (0..len)
                        .map(|_| {
                            state ^= state << 13;
                            state ^= state >> 7;
                            state ^= state << 17;
                            alphabet[(state % alphabet.len() as u64) as usize]
                        })
                        .collect(),
                );
            }
        }
        for text in &texts {
            assert_eq!(without_ids_or_digits(text), defined(text), "{text:?}");
        }
    }

    use super::*;

    fn detectors() -> Detectors {
        Detectors {
            similarity: 900,
            duplicate_turns: 3,
            cycle_max_period: 3,
            cycle_repeats: 3,
            same_result: 3,
            growth_turns: 5,
            novelty_similarity: 800,
            failure_repeats: 4,
            failure_window: 8,
        }
    }

    fn facts(text: &str, call: Option<(&str, &str)>, result: Option<&str>, input: u64) -> TurnFacts {
        TurnFacts {
            new_text: text.into(),
            tool_calls: call
                .map(|(n, a)| vec![(n.to_string(), a.to_string())])
                .unwrap_or_default(),
            tool_results: result.map(|r| vec![r.to_string()]).unwrap_or_default(),
            assistant_text: String::new(),
            input_tokens: input,
        }
    }

    #[test]
    fn record_round_trips() {
        let mut s = Session::fresh([7; 16], 5);
        s.observe(
            &facts("hello there friend", Some(("f", "{}")), Some("ok result here"), 10),
            &detectors(),
            5,
            60,
        );
        let mut bytes = Vec::new();
        s.encode(&mut bytes);
        assert_eq!(bytes.len(), Session::SIZE);
        // (Round 15: 4 360 + 3 reply filters of 32 bytes + 4 reply-word hashes; key v15.)
        assert_eq!(Session::SIZE, 4488);
        assert_eq!(Session::decode(&bytes), Some(s));
    }

    #[test]
    fn an_abab_cycle_is_found_after_three_repeats() {
        let mut s = Session::fresh([1; 16], 0);
        let d = detectors();
        let mut found = None;
        for i in 0..8 {
            let call = if i % 2 == 0 {
                ("read_file", r#"{"path":"config.yaml"}"#)
            } else {
                ("write_file", r#"{"path":"config.yaml","text":"a: 1"}"#)
            };
            let f = s.observe(
                &facts(
                    &format!("result number {i} different words each time {}", i * 7),
                    Some(call),
                    None,
                    100 + i,
                ),
                &d,
                i,
                600,
            );
            if f.cycle.is_some() && found.is_none() {
                found = Some(i + 1);
            }
        }
        assert_eq!(found, Some(6));
    }

    /// Issue 13: a writer that keeps sending "continue" while the assistant's text moves
    /// on is not a loop; the same "continue" answered by the same text is.
    #[test]
    fn new_assistant_output_is_progress_and_repeated_output_a_loop() {
        let d = detectors();
        const WORDS: [&str; 12] = [
            "harbor", "lamp", "keeper", "radio", "storm", "gull", "tide", "rope", "letter", "night", "signal", "boat",
        ];
        // A different pseudo-random 60-word text per chapter.
        let story: Vec<String> = (0..6u64)
            .map(|c| {
                let mut x = c * 7919 + 13;
                (0..60)
                    .map(|_| {
                        x = x
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407);
                        WORDS[((x >> 33) % 12) as usize]
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let run = |texts: &[String]| {
            let mut s = Session::fresh([3; 16], 0);
            let mut first = None;
            for (i, t) in texts.iter().enumerate() {
                let f = s.observe(
                    &TurnFacts {
                        new_text: "continue".into(),
                        assistant_text: t.clone(),
                        input_tokens: 100 + i as u64 * 50,
                        ..TurnFacts::default()
                    },
                    &d,
                    i as u64,
                    600,
                );
                if f.duplicate.is_some() && first.is_none() {
                    first = Some(i + 1);
                }
            }
            first
        };
        assert_eq!(run(&story), None);
        let stuck = vec![story[0].clone(); 6];
        assert_eq!(run(&stuck), Some(3));
    }

    fn tool_turn(call: (&str, &str), result: &str, i: u64) -> TurnFacts {
        facts(result, Some(call), Some(result), 100 + i * 40)
    }

    /// Issue 13: edit -> build -> edit -> build, every edit different, every build failing
    /// the same way (never twice in a row): the failure's recurrence is a stall.
    #[test]
    fn a_failure_recurring_between_varied_attempts_is_a_stall() {
        let d = detectors();
        let mut s = Session::fresh([4; 16], 0);
        let mut first = None;
        for i in 0..12u64 {
            let f = if i % 2 == 0 {
                let patch = format!(
                    r#"{{"patch":"attempt {} uses {}"}}"#,
                    i,
                    ["u64", "i64", "usize"][(i % 3) as usize]
                );
                s.observe(&tool_turn(("edit_file", &patch), "patched the file", i), &d, i, 600)
            } else {
                let out = format!(
                    "error[E0308]: mismatched types at parse.rs:88\nbuild {i} failed after {}s",
                    20 + i
                );
                s.observe(&tool_turn(("run_build", "{}"), &out, i), &d, i, 600)
            };
            if f.repeated_failure.is_some() && first.is_none() {
                first = Some(i + 1);
            }
        }
        assert_eq!(first, Some(8), "4 failures of run_build within 8 tool turns");
    }

    /// A retry that ends in success resets the count: backoff is not a stall.
    #[test]
    fn a_retry_that_succeeds_is_not_a_stall() {
        let d = detectors();
        let mut s = Session::fresh([5; 16], 0);
        for i in 0..20u64 {
            let result = if i % 3 == 2 {
                format!("synced batch {i}")
            } else {
                format!("HTTP 503 Service Unavailable, retry after {}s", 1 << (i % 3))
            };
            let f = s.observe(&tool_turn(("sync_batch", "{}"), &result, i), &d, i, 600);
            assert_eq!(f.repeated_failure, None, "turn {}", i + 1);
        }
    }

    /// Issue 13: a fix/revert cycle of period 4 (the former limit was 3).
    #[test]
    fn a_period_four_cycle_is_found_after_two_rounds() {
        let d = Detectors {
            cycle_max_period: 6,
            failure_repeats: 0,
            ..detectors()
        };
        let calls = [
            ("edit_file", r#"{"patch":"use <="}"#),
            ("run_tests", r#"{"k":"window"}"#),
            ("edit_file", r#"{"patch":"revert to <"}"#),
            ("run_tests", r#"{"k":"window"}"#),
        ];
        let mut s = Session::fresh([6; 16], 0);
        let mut first = None;
        for i in 0..12u64 {
            let f = s.observe(
                &facts(
                    &format!("result {i} words vary here {}", i * 13),
                    Some(calls[(i % 4) as usize]),
                    None,
                    100 + i,
                ),
                &d,
                i,
                600,
            );
            if let (Some(c), None) = (f.cycle, first) {
                first = Some((i + 1, c));
            }
        }
        assert_eq!(first, Some((8, (4, 2))));
    }

    /// Issue 13: a client resending the same long document with a new question each turn
    /// is not repeating itself; resending document and question is.
    #[test]
    fn a_resent_block_does_not_drown_the_new_question() {
        const WORDS: [&str; 16] = [
            "leave", "policy", "manager", "approval", "days", "salary", "office", "travel", "claim", "receipt",
            "laptop", "badge", "training", "notice", "contract", "benefit",
        ];
        let mut x = 99u64;
        let doc: Vec<&str> = (0..400)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                WORDS[((x >> 33) % 16) as usize]
            })
            .collect();
        let doc = doc.join(" ");
        let topics = [
            "parental leave",
            "remote work",
            "expense limits",
            "travel class",
            "equipment",
            "holidays",
        ];
        let d = detectors();
        let run = |same: bool| {
            let mut s = Session::fresh([7; 16], 0);
            (0..6u64).find_map(|i| {
                let q = if same { "the notice period" } else { topics[i as usize] };
                let text = format!("{doc}\nQUESTION: what does the handbook say about {q}?");
                s.observe(&facts(&text, None, None, 900), &d, i, 600)
                    .duplicate
                    .map(|_| i + 1)
            })
        };
        assert_eq!(run(false), None);
        assert_eq!(run(true), Some(3));
    }

    /// A pseudo-random text of `n` words from a small vocabulary (seeded).
    fn words(seed: u64, n: usize) -> String {
        const W: [&str; 16] = [
            "chain",
            "rule",
            "inside",
            "outside",
            "power",
            "derivative",
            "multiply",
            "function",
            "square",
            "factor",
            "term",
            "result",
            "step",
            "first",
            "then",
            "again",
        ];
        let mut x = seed * 7919 + 17;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                W[((x >> 33) % 16) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Issue 13: a tutor rotating three rewordings of one explanation while the student
    /// rephrases the same wrong answer: no two consecutive turns alike, the assistant
    /// repeating itself all the same.
    #[test]
    fn an_assistant_rotating_its_answers_is_a_loop() {
        let d = detectors();
        let answers: Vec<String> = (0..3).map(|i| words(i, 40)).collect();
        let mut s = Session::fresh([8; 16], 0);
        let mut first = None;
        for i in 0..10u64 {
            let f = s.observe(
                &TurnFacts {
                    new_text: format!(
                        "but I still get {} for question {}",
                        ["5x", "5u^4", "x^4"][(i % 3) as usize],
                        i
                    ),
                    assistant_text: answers[(i % 3) as usize].clone(),
                    input_tokens: 100 + i * 30,
                    ..TurnFacts::default()
                },
                &d,
                i * 10,
                600,
            );
            if f.repeated_answer.is_some() && first.is_none() {
                first = Some(i + 1);
            }
        }
        // Answers 4, 5 and 6 repeat answers 1, 2 and 3.
        assert_eq!(first, Some(6));
        // New explanations every turn are progress.
        let mut s = Session::fresh([9; 16], 0);
        for i in 0..10u64 {
            let f = s.observe(
                &TurnFacts {
                    new_text: "continue".into(),
                    assistant_text: words(100 + i, 40),
                    input_tokens: 100 + i * 30,
                    ..TurnFacts::default()
                },
                &d,
                i * 10,
                600,
            );
            assert_eq!((f.repeated_answer, f.duplicate), (None, None), "turn {}", i + 1);
        }
    }

    /// Issue 13, round 9: without tools, an answer going back to an older draft (most of it
    /// again under a new first line, no figure the older one lacked) after drafts unlike it is
    /// the assistant rotating through what it already said; the same drafts carrying new
    /// figures (a report template filled in again) are not.
    #[test]
    fn an_answer_going_back_to_an_older_draft_repeats_it() {
        let d = detectors();
        let run = |figure: &dyn Fn(u64) -> u64| {
            let mut s = Session::fresh([8; 16], 0);
            (0..9u64).find_map(|i| {
                let draft = words(i % 4, 40);
                let assistant_text = if i < 4 {
                    format!("Here it is: {draft} total {}", figure(0))
                } else {
                    format!("You are right, fixing that: {draft} total {}", figure(i))
                };
                let f = s.observe(
                    &TurnFacts {
                        new_text: words(200 + i, 6),
                        assistant_text,
                        input_tokens: 100 + i * 30,
                        ..TurnFacts::default()
                    },
                    &d,
                    i * 10,
                    600,
                );
                f.repeated_answer.map(|_| i + 1)
            })
        };
        // Answers 5, 6 and 7 go back to answers 1, 2 and 3 (their words, their figure).
        assert_eq!(run(&|_| 1200), Some(7));
        // The same drafts, each time with a figure never reported before: new reports.
        assert_eq!(run(&|i| 1200 + i * 7), None);
    }

    /// Issue 13: "next page" then "read page", the same two calls every time, each page new:
    /// pagination, not a cycle. The same two calls bringing the same page back are one.
    #[test]
    fn the_same_calls_bringing_new_results_are_not_a_cycle() {
        let d = detectors();
        let run = |same_page: bool| {
            let mut s = Session::fresh([10; 16], 0);
            (0..12u64).find_map(|i| {
                let f = if i % 2 == 0 {
                    s.observe(
                        &tool_turn(("click", r#"{"target":"Next page"}"#), "Clicked. Page changed.", i),
                        &d,
                        i * 5,
                        600,
                    )
                } else {
                    let page = if same_page { words(1, 80) } else { words(i, 80) };
                    s.observe(&tool_turn(("read_page", "{}"), &page, i), &d, i * 5, 600)
                };
                f.cycle.map(|_| i + 1)
            })
        };
        assert_eq!(run(false), None);
        assert_eq!(run(true), Some(6));
    }

    /// Issue 13: the same failing retry with growing gaps (10, 20, 40 s) is a client backing
    /// off: its identical failures are not stopped until the failure count with its backoff
    /// patience; at a fixed pace the third is.
    #[test]
    fn identical_retries_backing_off_wait_for_the_failure_count() {
        let d = detectors();
        let run = |times: &[u64]| {
            let mut s = Session::fresh([11; 16], 0);
            times.iter().enumerate().find_map(|(i, at)| {
                let f = s.observe(
                    &tool_turn(
                        (
                            "run_sql",
                            r#"{"sql":"ALTER TABLE audit_log ADD COLUMN request_id uuid"}"#,
                        ),
                        "ERROR: canceling statement due to lock timeout",
                        i as u64,
                    ),
                    &d,
                    *at,
                    600,
                );
                (f.duplicate.is_some() || f.same_result.is_some() || f.repeated_failure.is_some()).then_some(i + 1)
            })
        };
        assert_eq!(run(&[0, 10, 30]), None);
        assert_eq!(run(&[0, 6, 12]), Some(3));
        // Round 3: the failure count gives a client backing off two more failures (a rate
        // limit's growing retry-after often lets the fifth or sixth through): the sixth
        // failure is counted all the same.
        assert_eq!(run(&[0, 10, 30, 70]), None);
        assert_eq!(run(&[0, 10, 30, 70, 150, 310]), Some(6));
    }

    /// Issue 13: a user pasting an ever longer log of the same error, no tools: the context
    /// grows by pastes that bring nothing new. A stateless client resending one document
    /// (its context does not grow by the paste) is not that.
    #[test]
    fn growing_pastes_without_novelty_are_a_stall_without_tools() {
        let d = detectors();
        // Twelve kinds of lines (the request log around the same exception), timestamps
        // and thread ids varying.
        let line = |i: u64| {
            let kind = i % 12;
            format!(
                "2026-11-30T09:{:02}:{:02}.000 {} --- [nio-exec-{i}] {} : {}",
                i % 60,
                (i * 7) % 60,
                if kind == 0 { "ERROR" } else { "INFO" },
                words(kind, 3),
                words(50 + kind, 14)
            )
        };
        let run = |stateless: bool| {
            let mut s = Session::fresh([12; 16], 0);
            let mut input = 0;
            (0..10u64).find_map(|t| {
                let n = if stateless { 20 } else { 20 + t * 10 };
                let paste = (0..n).map(line).collect::<Vec<_>>().join("\n");
                let text = format!("still broken, log:\n{paste}");
                input = if stateless { 9000 + t % 2 } else { input + n * 60 };
                let f = s.observe(&facts(&text, None, None, input), &d, t * 60, 6000);
                f.growth_stall.map(|_| t + 1)
            })
        };
        assert_eq!(run(false), Some(6));
        assert_eq!(run(true), None);
    }

    #[test]
    fn sessions_expire_after_idle_time() {
        let mut s = Session::fresh([1; 16], 0);
        let d = detectors();
        s.observe(&facts("a b c d", None, None, 10), &d, 0, 30);
        s.observe(&facts("a b c d", None, None, 10), &d, 10, 30);
        assert_eq!(s.turns, 2);
        let f = s.observe(&facts("a b c d", None, None, 10), &d, 100, 30);
        assert_eq!(f.turn, 1);
    }

    /// Round 2: the same summary run for region after region — one header, one layout,
    /// every number different — is a batch making progress, not the same result again; the
    /// same summary with only its timestamp and run id changed is.
    #[test]
    fn results_whose_numbers_change_are_progress() {
        let d = detectors();
        let summary = |region: u64, volatile_only: bool| {
            let n = if volatile_only { 0 } else { region };
            let mut out = format!(
                "run {} at 2026-12-0{}T10:0{}:00Z took {}ms\n          quantity   unit_price   total\n",
                [
                    "r_8f3a2b91",
                    "r_11c0d7e2",
                    "r_5d9e0a7c",
                    "r_77b1c3d4",
                    "r_0a9f8e7d",
                    "r_3c4d5e6f"
                ][region as usize],
                region + 1,
                region,
                1000 + region * 7
            );
            for (i, stat) in ["count", "mean", "std", "min", "max"].iter().enumerate() {
                let i = i as u64;
                out.push_str(&format!(
                    "{stat:<8} {}.{:03} {}.{:02} {}.{:02}\n",
                    1000 + n * 313 + i * 97,
                    100 + n * 37,
                    18 + n * 2 + i * 4,
                    50 + n * 25,
                    61 + n * 17 + i * 33,
                    10 + n * 30
                ));
            }
            out
        };
        let run = |volatile_only: bool| {
            let mut s = Session::fresh([13; 16], 0);
            (0..6u64).find_map(|i| {
                let call = format!(r#"{{"code":"describe(region == {i})"}}"#);
                let f = s.observe(
                    &tool_turn(("run_cell", &call), &summary(i, volatile_only), i),
                    &d,
                    i * 12,
                    600,
                );
                (f.same_result.is_some() || f.duplicate.is_some()).then_some(i + 1)
            })
        };
        assert_eq!(run(false), None);
        assert_eq!(run(true), Some(3));
    }

    /// Round 2: pages of a log fetched by cursor — the same query, the same header, rows of
    /// the same shape whose addresses and numbers differ — are pagination; the same page
    /// fetched again (only the request timestamp differs) is a loop.
    #[test]
    fn a_fresh_page_of_data_under_the_same_header_is_pagination() {
        let d = detectors();
        let page = |p: u64, fetched: u64| {
            let mut out = format!("fetched at 2026-12-05T0{fetched}:00:00Z\n_time,src_ip,user,result\n");
            for r in 0..60u64 {
                out.push_str(&format!(
                    "2026-12-05T0{p}:{:02}:00.000Z,185.220.{}.{},{}@example.com,okta-sso,FAILURE,INVALID_CREDENTIALS,python-requests\n",
                    r % 60,
                    100 + (r * 7 + p * 13) % 40,
                    (r * 31 + p * 57) % 250,
                    ["a.mensah", "r.okafor", "t.nguyen", "j.lind", "svc-backup", "m.ross"][(r % 6) as usize]
                ));
            }
            out
        };
        let run = |same_page: bool| {
            let mut s = Session::fresh([14; 16], 0);
            (0..6u64).find_map(|i| {
                let cursor =
                    format!(r#"{{"query":"index=auth | table _time src_ip user result","cursor":"c_{i:02}"}}"#);
                let p = if same_page { 1 } else { i + 1 };
                let f = s.observe(&tool_turn(("siem_query", &cursor), &page(p, i), i), &d, i * 15, 600);
                f.duplicate.map(|_| i + 1)
            })
        };
        assert_eq!(run(false), None);
        assert_eq!(run(true), Some(3));
    }

    /// Round 2: one call sent byte for byte every turn (a hand-off with the same note),
    /// answered by a rotation of the same three replies: never the same result twice in a
    /// row, the same results all the same.
    #[test]
    fn the_same_call_answered_by_a_rotation_of_results_is_a_stall() {
        let d = detectors();
        let replies = [
            "Returned by tier-2: 'Insufficient context - include the session activity after login.'",
            "Returned by tier-2: 'Please attach post-login activity before escalating.'",
            "Returned by tier-2: 'Missing post-authentication activity. Returning to tier-1.'",
        ];
        let run = |moving: bool| {
            let mut s = Session::fresh([15; 16], 0);
            let note = r#"{"alert":"A-1","note":"credential stuffing from a Tor exit; disable the account"}"#;
            (0..10u64).find_map(|i| {
                let reply = if moving {
                    format!("Accepted by tier-2: step {} of the playbook done", i + 1)
                } else {
                    replies[(i % 3) as usize].to_string()
                };
                let f = s.observe(&tool_turn(("escalate", note), &reply, i), &d, i * 40, 6000);
                f.same_result.map(|_| i + 1)
            })
        };
        // Replies 4 and 5 repeat replies 1 and 2: the third answer seen before.
        assert_eq!(run(false), Some(5));
        assert_eq!(run(true), None);
    }

    /// Round 2: a cycle of six calls (fetch page 1, save, fetch page 2, save, fetch page 3,
    /// save) repeated: the second round fetches pages that bring nothing new; found at the
    /// end of the second round, not the third.
    #[test]
    fn a_period_six_cycle_is_found_at_the_end_of_the_second_round() {
        let d = Detectors {
            cycle_max_period: 6,
            failure_repeats: 0,
            ..detectors()
        };
        let mut s = Session::fresh([16; 16], 0);
        let mut first = None;
        let mut total = 0;
        for i in 0..18u64 {
            let p = (i / 2) % 3;
            let (call, result) = if i % 2 == 0 {
                (
                    ("fetch_url", format!(r#"{{"url":"/c/knives?page={}"}}"#, p + 1)),
                    words(200 + p, 300),
                )
            } else {
                total += 24;
                (
                    ("save_records", format!(r#"{{"page":{}}}"#, p + 1)),
                    format!("Saved 24 records (dataset total: {total})"),
                )
            };
            let f = s.observe(&tool_turn((call.0, &call.1), &result, i), &d, i * 3, 600);
            if let (Some(c), None) = (f.cycle, first) {
                first = Some((i + 1, c));
            }
        }
        assert_eq!(first, Some((12, (6, 2))));
    }

    /// Any finding of the repetition and stall detectors (the first turn it comes at).
    fn first_flag(f: &Findings) -> bool {
        f.duplicate.is_some()
            || f.cycle.is_some()
            || f.exchange_cycle.is_some()
            || f.same_result.is_some()
            || f.repeated_answer.is_some()
            || f.growth_stall.is_some()
            || f.repeated_failure.is_some()
    }

    /// Round 3: a rollout polled — rollout status, then p99, again and again — whose ready
    /// count and latency move every poll is progress, not a tool cycle; the same two calls
    /// bringing back the same numbers (only the evaluation time moving) are one.
    #[test]
    fn a_poll_whose_numbers_move_is_not_a_cycle() {
        let d = detectors();
        let run = |moving: bool| {
            let mut s = Session::fresh([17; 16], 0);
            (0..12u64).find_map(|i| {
                let n = if moving { i / 2 } else { 0 };
                let f = if i % 2 == 0 {
                    let out = format!(
                        "Waiting for deployment \"fraud-scorer\" rollout to finish: {} of 20 updated replicas are available...",
                        3 + 4 * n
                    );
                    s.observe(
                        &tool_turn(("kubectl", r#"{"args":"rollout status deployment/fraud-scorer"}"#), &out, i),
                        &d,
                        i * 30,
                        600,
                    )
                } else {
                    let out = format!(
                        r#"{{"evaluated_at": "14:{:02}:00Z", "series": [{{"value": 2.{}}}]}}"#,
                        20 + i,
                        71 - 9 * n
                    );
                    s.observe(&tool_turn(("query_metrics", r#"{"promql":"p99"}"#), &out, i), &d, i * 30, 600)
                };
                f.cycle.map(|_| i + 1)
            })
        };
        assert_eq!(run(true), None);
        assert_eq!(run(false), Some(6));
    }

    /// Round 3: restart, logs, scale, logs, pool size, logs… — the same connection error in
    /// every log check. The restarts are another command of the same tool succeeding, not
    /// the log check succeeding: the failure keeps counting.
    #[test]
    fn another_command_of_the_same_tool_succeeding_does_not_reset_a_failure() {
        let d = detectors();
        let changes = [
            "rollout restart deployment/ledger-writer",
            "scale deployment/ledger-writer --replicas=2",
            "set env deployment/ledger-writer HIKARI_MAX_POOL=10",
        ];
        let mut s = Session::fresh([18; 16], 0);
        let mut first = None;
        for i in 0..12u64 {
            let f = if i % 2 == 0 {
                let args = format!(r#"{{"args":"{}"}}"#, changes[(i / 2 % 3) as usize]);
                s.observe(
                    &tool_turn(("kubectl", &args), "deployment.apps/ledger-writer configured", i),
                    &d,
                    i * 20,
                    600,
                )
            } else {
                let log = (0..(6 + i))
                    .map(|k| {
                        format!(
                            "2026-03-14T09:4{}:{k:02}.000Z ERROR [ledger-writer-7c9f-0] posting failed txn=tx_3fa2{k:04}\norg.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved",
                            i % 10
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let args = format!(r#"{{"args":"logs deploy/ledger-writer --tail={}"}}"#, 6 + i);
                s.observe(&tool_turn(("kubectl", &args), &log, i), &d, i * 20, 600)
            };
            if first.is_none() && f.repeated_failure.is_some() {
                first = Some(i + 1);
            }
        }
        assert_eq!(first, Some(8), "the fourth identical log check");
    }

    /// Round 3: a CRM lookup rate-limited four times, the client waiting longer each time
    /// (a growing retry-after), then through: not stopped.
    #[test]
    fn rate_limited_retries_backing_off_then_succeeding_are_not_stopped() {
        let d = detectors();
        let mut s = Session::fresh([19; 16], 0);
        let call = ("crm_lookup", r#"{"query":"priya@saffronbox.in"}"#);
        for (i, (at, wait)) in [(3u64, 2u64), (8, 4), (15, 8), (26, 16)].iter().enumerate() {
            let out = format!(
                r#"{{"error": {{"code": "rate_limited", "message": "CRM API quota exceeded", "retry_after_s": {wait}, "status": 429}}}}"#
            );
            let f = s.observe(&tool_turn(call, &out, i as u64), &d, *at, 600);
            assert!(!first_flag(&f), "retry {}: {f:?}", i + 1);
        }
        let f = s.observe(
            &tool_turn(call, r#"{"customer_id": "C-55102", "orders_blocked": 60}"#, 4),
            &d,
            45,
            600,
        );
        assert!(!first_flag(&f), "{f:?}");
    }

    /// Round 3: no tools; "stop", "turn off the alarm", "cancel the timer" said again and
    /// again, answered the same way each time (the clock in the device context moving): a
    /// cycle of exchanges. The same requests answered with new content each time are not.
    #[test]
    fn the_same_exchanges_coming_round_are_a_loop() {
        let d = detectors();
        let asks = ["stop", "turn off the alarm", "cancel the timer"];
        let answers = [
            "There's nothing playing right now.",
            "You don't have any alarms ringing.",
            "You don't have any timers set.",
        ];
        let run = |same: bool| {
            let mut s = Session::fresh([20; 16], 0);
            (0..14u64).find_map(|i| {
                let answer = if i == 0 {
                    String::new()
                } else if same {
                    answers[((i - 1) % 3) as usize].to_string()
                } else {
                    format!("{} ({})", answers[((i - 1) % 3) as usize], words(300 + i, 4))
                };
                let f = s.observe(
                    &TurnFacts {
                        new_text: format!("[18:{:02} timers: none] {}", 40 + i / 4, asks[(i % 3) as usize]),
                        assistant_text: answer,
                        input_tokens: 100 + i * 20,
                        ..TurnFacts::default()
                    },
                    &d,
                    i * 6,
                    600,
                );
                first_flag(&f).then_some((i + 1, f.exchange_cycle))
            })
        };
        // Exchanges 2-4 come round three times by turn 10.
        assert_eq!(run(true), Some((10, Some((3, 3)))));
        assert_eq!(run(false), None);
    }

    /// Round 3: reworded searches bringing back the same papers, the same abstract re-read,
    /// and between them the same "keep going" answered the same way: the repeated exchange
    /// brings nothing new and must not reset the growth stall.
    #[test]
    fn a_repeated_exchange_does_not_reset_the_growth_stall() {
        let d = detectors();
        let papers = words(400, 120);
        let abstract_ = words(401, 150);
        let mut s = Session::fresh([21; 16], 0);
        let mut input = 100;
        let mut first = None;
        for i in 0..18u64 {
            input += 300;
            let f = match i % 3 {
                0 => {
                    let q = format!(
                        r#"{{"query":"sleep restriction working memory {}"}}"#,
                        words(500 + i, 3)
                    );
                    s.observe(
                        &facts(&papers, Some(("search_papers", &q)), Some(&papers), input),
                        &d,
                        i * 8,
                        600,
                    )
                }
                1 => s.observe(
                    &facts(
                        &abstract_,
                        Some(("get_abstract", r#"{"paper_id":"W2981"}"#)),
                        Some(&abstract_),
                        input,
                    ),
                    &d,
                    i * 8,
                    600,
                ),
                _ => s.observe(
                    &TurnFacts {
                        new_text: "Keep going until you have 8.".into(),
                        assistant_text: "That paper is already in the table; I will try a differently worded search."
                            .into(),
                        input_tokens: input,
                        ..TurnFacts::default()
                    },
                    &d,
                    i * 8,
                    600,
                ),
            };
            if first.is_none() && f.growth_stall.is_some() {
                first = Some(i + 1);
            }
        }
        // Tool turns 4, 5, 7, 8, 10 bring nothing new; the exchanges at 6 and 9 repeat 3.
        assert_eq!(first, Some(10));
    }

    /// Round 3: the same check polled while its result says the job is still waiting for a
    /// runner is given one more turn than the same result with nothing pending in it.
    #[test]
    fn a_poll_of_pending_work_gets_one_more_turn() {
        let d = detectors();
        let run = |result: &str| {
            let mut s = Session::fresh([22; 16], 0);
            (0..8u64).find_map(|i| {
                let f = s.observe(
                    &tool_turn(("gh", r#"{"args":"pr checks 4420"}"#), result, i),
                    &d,
                    i * 120,
                    6000,
                );
                first_flag(&f).then_some(i + 1)
            })
        };
        let checks = "lint pass\ntypecheck pass\nunit pass\n";
        assert_eq!(
            run(&format!(
                "{checks}e2e: Waiting for a runner to pick up this job (0 online)"
            )),
            Some(4)
        );
        assert_eq!(
            run(&format!("{checks}e2e: cancelled by the runner (0 online)")),
            Some(3)
        );
    }

    /// Round 12: a market suspended by its supplier is held by someone else until they
    /// release it — a state the agent waits out, like pending work: polling it gets one
    /// more turn than the same snapshot with nothing held in it (round 11: stopped at 3,
    /// a turn before the author's loop begins).
    #[test]
    fn a_poll_of_a_suspended_market_gets_one_more_turn() {
        let d = detectors();
        let run = |status: &str| {
            let mut s = Session::fresh([23; 16], 0);
            (0..8u64).find_map(|i| {
                let result = format!(
                    r#"{{"market": "1.228810455", "event": "Leeds United v Burnley", "supplier": "FeedCo", "seq": {}, "ts": "2026-11-18T20:31:{:02}Z", "status": "{status}", "minute": "67'", "score": "1-1", "runners": [{{"name": "Leeds United", "back": 2.46, "lay": 2.52}}, {{"name": "Burnley", "back": 3.35, "lay": 3.45}}, {{"name": "The Draw", "back": 3.05, "lay": 3.15}}], "in_play": true}}"#,
                    88120 + 3 * i,
                    i * 5
                );
                let f = s.observe(
                    &tool_turn(("feed_snapshot", r#"{"market": "1.228810455"}"#), &result, i),
                    &d,
                    i * 15,
                    6000,
                );
                first_flag(&f).then_some(i + 1)
            })
        };
        assert_eq!(run("SUSPENDED_BY_SUPPLIER"), Some(4));
        // Control: the same poll with the market open and its prices frozen stops at 3.
        assert_eq!(run("OPEN"), Some(3));
    }

    /// Round 12: a docket polled, one of its old entries reading "Failure to State a Claim",
    /// new filings on every other poll: the report growing by records that name no failure,
    /// every old line kept, is the poll bringing news — the failure word is history, not the
    /// call failing again (round 11: stopped at 4, `repeated_failure`).
    #[test]
    fn a_report_growing_by_new_records_is_news_not_the_old_failure_again() {
        let d = detectors();
        let run = |new_entry: &dyn Fn(u64) -> String, turns: u64| {
            let mut s = Session::fresh([24; 16], 0);
            let mut docket = String::from(
                "U.S. District Court\nCIVIL DOCKET FOR CASE #: 1:26-cv-07114-AMS\nMeridian Cold Storage LLC v. Brightline Logistics Inc.\n\
                 Date Filed | # | Docket Text\n\
                 2026-09-02 | 1 | COMPLAINT against Brightline Logistics Inc.\n\
                 2026-10-06 | 12 | MOTION to Dismiss for Failure to State a Claim.\n\
                 2026-10-20 | 19 | MEMORANDUM OF LAW in Opposition re: 12 MOTION to Dismiss.\n",
            );
            (0..turns).find_map(|i| {
                if i % 2 == 1 {
                    docket.push_str(&new_entry(i));
                }
                let f = s.observe(
                    &tool_turn(("fetch_docket", r#"{"case_no": "1:26-cv-07114"}"#), &docket, i),
                    &d,
                    i * 1200,
                    6000,
                );
                f.repeated_failure.is_some().then_some(i + 1)
            })
        };
        let filing = |i: u64| {
            format!(
                "2026-12-07 | {} | LETTER addressed to Judge Serrano re: supplemental authority no. {i}.\n",
                30 + i
            )
        };
        assert_eq!(run(&filing, 12), None);
        // Controls: the same docket never growing, and growing by entries that name a failure,
        // still recur.
        assert_eq!(run(&|_| String::new(), 12), Some(4));
        let failing = |i: u64| format!("2026-12-07 | {} | NOTICE of failure to serve, attempt {i}.\n", 30 + i);
        assert_eq!(run(&failing, 12), Some(4));
    }

    /// Round 12: a lookup of the next item — one call whose only argument is an id never named
    /// before, answered about that id — is a batch of lookups, however alike the answers'
    /// boilerplate (a customs status per container: round 11 stopped it at 3,
    /// `near_duplicate`). The same answers to calls carrying a payload beside the new id (the
    /// same entry lines retransmitted under a new entry number), or not naming the id, are
    /// still near-duplicates.
    #[test]
    fn a_lookup_of_the_next_item_answered_about_it_is_a_batch() {
        let d = detectors();
        let boilerplate = "ACE CARGO RELEASE STATUS (Automated Commercial Environment)\n\
            Filer: Kestrel Customs Brokerage (filer code K7Q)\n\
            Importer of record: Fernhill Home Goods Inc. 84-2231907\n\
            Entry type: 01 Consumption   Port of entry: 2704 Los Angeles\n\
            Carrier: MAEU   Vessel: MAERSK SENTOSA   Voyage: 248E\n\
            Disclaimer: status reflects CBP messages received by the filer; physical release is subject to terminal availability.\n";
        let run = |args: &dyn Fn(&str) -> String, names_it: bool| {
            let mut s = Session::fresh([25; 16], 0);
            (0..8u64).find_map(|i| {
                let id = format!("MSKU77341{:02}", 20 + 7 * i);
                let shown = if names_it { id.as_str() } else { "(as requested)" };
                let result = format!(
                    "{boilerplate}Container: {shown}\nStatus: 1C RELEASED\nLast message: 2026-12-12T0{i}:1{i}Z"
                );
                let f = s.observe(&tool_turn(("customs_status", &args(&id)), &result, i), &d, i * 6, 6000);
                first_flag(&f).then_some(i + 1)
            })
        };
        let lookup = |id: &str| format!(r#"{{"ref": "{id}"}}"#);
        assert_eq!(run(&lookup, true), None);
        let payload = |id: &str| format!(r#"{{"ref": "{id}", "lines": [{{"hts": "8504.40.9580", "qty": 1200}}]}}"#);
        assert_eq!(run(&payload, true), Some(3));
        assert_eq!(run(&lookup, false), Some(3));
    }

    /// Round 12: a one-line JSON result stating its failure in a field (`"ok": false`, no
    /// failure word), the same check failing for the same scan re-uploaded under a new file
    /// name each time, is the same failure recurring (round 11: never stopped — no failure
    /// word, and the echoed file name made each result new). Control: a different check
    /// failing for each file is not one failure.
    #[test]
    fn the_same_check_refusing_a_file_under_new_names_is_one_failure() {
        let d = detectors();
        let names = [
            "bank_statement.pdf",
            "statement_v2.pdf",
            "final.pdf",
            "statement_sept.pdf",
            "kontoauszug.pdf",
            "stmt_new.pdf",
        ];
        let run = |code: &dyn Fn(usize) -> String| {
            let mut s = Session::fresh([26; 16], 0);
            names.iter().enumerate().find_map(|(i, name)| {
                let result = format!(
                    r#"{{"file": "{name}", "ok": false, "code": "{}", "detail": "effective resolution 150 dpi; minimum 300 dpi.", "pages": 3}}"#,
                    code(i)
                );
                let args = format!(r#"{{"file": "{name}", "doc_type": "bank_statement"}}"#);
                let f = s.observe(&tool_turn(("doc_check", &args), &result, i as u64), &d, i as u64 * 200, 6000);
                f.repeated_failure.is_some().then_some(i + 1)
            })
        };
        assert_eq!(run(&|_| "E_SCAN_QUALITY".into()), Some(4));
        let checks = [
            "E_SCAN_QUALITY",
            "E_NAME_MISMATCH",
            "E_DATE_RANGE",
            "E_CURRENCY",
            "E_PAGES",
            "E_STAMP",
        ];
        assert_eq!(run(&|i| checks[i].into()), None);
    }

    /// Round 16: a structured result answering no in a field (`"status": "REJECTED"`,
    /// `"accepted": false`) for the same reason each attempt, under a new request id, time
    /// and echoed slot, with its members in another order, is one failure recurring; a
    /// failure word in the reason is not needed, and an echo of the call's own slot (a
    /// period-3 rotation of slots refused for one reason) does not hide it. Controls: each
    /// attempt refused for a new reason, and each attempt confirmed, never stop.
    #[test]
    fn the_same_refusal_under_a_new_id_is_one_failure() {
        let d = detectors();
        let slots = ["dawn", "noon", "dusk", "dawn", "noon", "dusk"];
        let run = |result: &dyn Fn(usize, &str) -> String| {
            let mut s = Session::fresh([27; 16], 0);
            slots.iter().enumerate().find_map(|(i, slot)| {
                let args = format!(r#"{{"vessel": "Grey Heron", "slot": "{slot}", "note": "attempt {i}"}}"#);
                let f = s.observe(
                    &tool_turn(("book_slot", &args), &result(i, slot), i as u64),
                    &d,
                    i as u64 * 200,
                    6000,
                );
                f.repeated_failure.is_some().then_some(i + 1)
            })
        };
        let rejected = |i: usize, slot: &str| {
            let (id, at) = (4410 + i * 7, format!("2031-05-0{}T10:{:02}:00Z", i + 1, i * 9));
            if i % 2 == 0 {
                format!(
                    "{{\n  \"request\": \"RQ-{id}\",\n  \"slot\": \"{slot}\",\n  \"status\": \"REJECTED\",\n  \"reason\": \"hull length exceeds the quay's usable length\",\n  \"at\": \"{at}\"\n}}"
                )
            } else {
                format!(
                    r#"{{"at": "{at}", "status": "REJECTED", "reason": "hull length exceeds the quay's usable length", "slot": "{slot}", "request": "RQ-{id}"}}"#
                )
            }
        };
        assert_eq!(run(&rejected), Some(4));
        let held = |i: usize, slot: &str| {
            format!(
                r#"{{"slot": "{slot}", "accepted": false, "hold": "quay crane out of service", "event": "EV-{:X}"}}"#,
                0xA0F3B1 + i * 977
            )
        };
        assert_eq!(run(&held), Some(4));
        // A failure word in the field (`"error": …`) with the call's own slot echoed back.
        let refused = |i: usize, slot: &str| {
            format!(
                r#"{{"ok": false, "error": "SLOT_EMBARGO", "slot": "{slot}", "trace": "tr-{:06x}q"}}"#,
                77_001 * (i + 3)
            )
        };
        assert_eq!(run(&refused), Some(4));
        let reasons = [
            "hull length exceeds the quay's usable length",
            "draught exceeds the berth depth at low water",
            "pilot not rostered for the slot",
            "tug pair booked elsewhere",
            "berth closed for fender works",
            "reefer plugs all taken",
        ];
        let varied = |i: usize, slot: &str| {
            format!(
                r#"{{"request": "RQ-{}", "slot": "{slot}", "status": "REJECTED", "reason": "{}"}}"#,
                4410 + i,
                reasons[i]
            )
        };
        assert_eq!(run(&varied), None);
        let confirmed = |i: usize, slot: &str| {
            format!(
                r#"{{"request": "RQ-{}", "slot": "{slot}", "status": "CONFIRMED", "accepted": true}}"#,
                4410 + i
            )
        };
        assert_eq!(run(&confirmed), None);
    }

    /// Round 3: a listing revised on a new request each turn (one phrase changed, the rest
    /// resent) is the work progressing, not the assistant repeating itself; the same two
    /// counter-markups swapped back and forth (only a version number moving) are.
    #[test]
    fn a_revised_draft_is_not_a_repeated_answer() {
        let d = detectors();
        let base = words(600, 60);
        let edits = [
            "thirty centimetres",
            "noticeably lighter",
            "oven safe",
            "sears beautifully",
            "hand wash and oil",
            "lowercase seasoned",
            "final version",
            "carbon steel",
        ];
        let run = |revised: bool| {
            let mut s = Session::fresh([23; 16], 0);
            let mut draft = base.clone();
            (0..8u64).find_map(|i| {
                let (answer, ask) = if revised {
                    draft.push(' ');
                    draft.push_str(edits[i as usize]);
                    (draft.clone(), format!("please change: {}", words(700 + i, 6)))
                } else {
                    (
                        format!(
                            "[our markup v{}] {base} {}",
                            i + 1,
                            ["we maintain", "we reinstate"][(i % 2) as usize]
                        ),
                        format!("[counterparty markup v{}] {}", i + 1, words(800 + i % 2, 30)),
                    )
                };
                let f = s.observe(
                    &TurnFacts {
                        new_text: ask,
                        assistant_text: answer,
                        input_tokens: 500 + i * 200,
                        ..TurnFacts::default()
                    },
                    &d,
                    i * 60,
                    6000,
                );
                f.repeated_answer.map(|_| i + 1)
            })
        };
        assert_eq!(run(true), None);
        assert_eq!(run(false), Some(5));
    }

    /// Tool-less exchanges, one per turn — the assistant's answer and the message after it,
    /// the prompt growing 60 tokens a turn — and the first turn at which the assistant is
    /// found repeating itself.
    #[test]
    fn the_user_pressing_the_same_point_at_a_reworded_answer_is_a_repeat() {
        let run = |exchanges: &[(&str, &str)]| first_repeated_answer(exchanges.iter().copied());
        // The same opening reworded, rejected each time for the same reason in the user's own
        // (varied) words: every term of each reply was in one of the user's last replies.
        let pressed = [
            (
                "",
                "Write the opening line of my toast for Maria's wedding. Mention the sailing trip, please, not the car crash.",
            ),
            (
                "Maria and I met the day my car crashed into her garden fence, and she has been rescuing me ever since.",
                "No, not the crash. The sailing trip, please.",
            ),
            (
                "Ever since my car crashed into Maria's garden fence, she has been rescuing me; that is how we met.",
                "The sailing trip. Not the car crash.",
            ),
            (
                "The day we met, my car crashed into Maria's fence, and she has been rescuing me ever since that garden.",
                "Please, the sailing trip!",
            ),
            (
                "Maria has been rescuing me since the day my car crashed into her garden fence, which is how we met.",
                "Not the crash: the sailing trip, please. Mention the sailing.",
            ),
            (
                "My car crashed into Maria's garden fence the day we met, and she has kept rescuing me ever since.",
                "The trip. Sailing. Not the crash.",
            ),
        ];
        assert_eq!(run(&pressed), Some(5));
        // The same request again, word for word (`continue`), answered section by section: the
        // sections share the report's vocabulary, but a reply repeating the last one asks for more.
        let continued = [
            (
                "",
                "Write the incident report for the database outage: worker pool raised, connections exhausted, checkout failing, rollback.",
            ),
            (
                "Summary: checkout failed because the worker pool raised database connections past the limit.",
                "continue",
            ),
            (
                "Impact: checkout failed for customers while database connections stayed past the limit.",
                "continue",
            ),
            (
                "Cause: the worker pool change raised connections per pod, and the database limit was exceeded.",
                "continue",
            ),
            (
                "Response: the worker pool change was rolled back and database connections fell below the limit.",
                "continue",
            ),
            (
                "Follow-up: cap database connections per service so a worker pool change cannot exceed the limit.",
                "continue",
            ),
        ];
        assert_eq!(run(&continued), None, "continued");
        // A draft revised on new requests: each reply brings terms the user had not said.
        let revised = [
            ("", "Write the opening line of my toast for Maria's wedding."),
            (
                "Maria and I met the day my car crashed into her garden fence, and she has been rescuing me ever since.",
                "Lovely. Mention the sailing trip as well.",
            ),
            (
                "Maria and I met the day my car crashed into her garden fence, and on our sailing trip she rescued me again.",
                "Shorter, and name the boat: Albatross.",
            ),
            (
                "Maria met me when my car crashed into her fence; on the Albatross she rescued me again.",
                "Good. Now add her brother Tomas, who introduced us.",
            ),
            (
                "Tomas introduced us, my car crashed into Maria's fence, and on the Albatross she rescued me again.",
                "Perfect, keep that one.",
            ),
        ];
        assert_eq!(run(&revised), None, "revised");
    }

    fn first_repeated_answer<'a>(exchanges: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<usize> {
        let turns: Vec<TurnFacts> = exchanges
            .into_iter()
            .enumerate()
            .map(|(i, (asked, reply))| TurnFacts {
                new_text: reply.to_string(),
                assistant_text: asked.to_string(),
                input_tokens: 200 + i as u64 * 60,
                ..TurnFacts::default()
            })
            .collect();
        first_of(&turns, |f| f.repeated_answer.is_some())
    }

    /// The first turn (1-based) at which `pick` reports something over `turns`.
    fn first_of(turns: &[TurnFacts], pick: impl Fn(&Findings) -> bool) -> Option<usize> {
        let d = detectors();
        let mut s = Session::fresh([21; 16], 0);
        turns
            .iter()
            .enumerate()
            .find_map(|(i, t)| pick(&s.observe(t, &d, i as u64 * 30, 6000)).then_some(i + 1))
    }

    #[test]
    fn a_measurement_named_after_a_failure_is_not_a_failure() {
        // A rollout polled: its status names `unavailable` replicas and an error rate as
        // numbers that move; nothing failed.
        let poll = |i: u64, field: &str| {
            format!(
                "{{\n \"status\": \"progressing\",\n \"replicas\": {{\n  \"ready\": {},\n  {field}: {}\n }},\n \"error_rate_percent\": 0.{}\n}}",
                2 * i,
                24 - 2 * i,
                i % 7
            )
        };
        let turns = |field: &str| -> Vec<TurnFacts> {
            (0..10)
                .map(|i| tool_turn(("pipeline_status", r#"{"run":"run-88307"}"#), &poll(i, field), i))
                .collect()
        };
        assert_eq!(
            first_of(&turns("\"unavailable\""), |f| f.repeated_failure.is_some()),
            None
        );
        // The same poll whose status carries an error message is a failure recurring.
        let failing: Vec<TurnFacts> = (0..10)
            .map(|i| {
                let out = format!("{{\n \"error\": \"registry unavailable\",\n \"attempt\": {i}\n}}");
                tool_turn(("pipeline_status", r#"{"run":"run-88307"}"#), &out, i)
            })
            .collect();
        assert_eq!(first_of(&failing, |f| f.repeated_failure.is_some()), Some(4));
    }

    /// Round 10: a job polled whose one-line JSON status counts failures (`"failed": 2`,
    /// `"errors": 0`, failure buckets counted) reports numbers, as a pretty-printed status's
    /// member does; a one-line status whose field states the failure is a failure recurring.
    #[test]
    fn a_one_line_status_counting_failures_is_a_measurement() {
        let poll = |i: u64| {
            format!(
                r#"{{"run_id": "R-1207-N", "state": "running", "passed": {}, "failed": {}, "errors": 0, "queued": {}, "buckets": {{"UVM_ERROR data mismatch": {}}}}}"#,
                100 * i,
                2 * i,
                1240 - 100 * i,
                i
            )
        };
        let turns: Vec<TurnFacts> = (0..10)
            .map(|i| tool_turn(("regression_status", r#"{"run_id":"R-1207-N"}"#), &poll(i), i))
            .collect();
        assert_eq!(first_of(&turns, |f| f.repeated_failure.is_some()), None);
        for failing in [
            r#"{"run_id": "R-1207-N", "error": "lock held by batch-7", "attempt": ATTEMPT}"#,
            r#"{"run_id": "R-1207-N", "state": "failed", "attempt": ATTEMPT}"#,
            r#"{"run_id": "R-1207-N", "error": {"code": 409, "message": "locked"}, "attempt": ATTEMPT}"#,
        ] {
            let turns: Vec<TurnFacts> = (0..10)
                .map(|i| {
                    let out = failing.replace("ATTEMPT", &i.to_string());
                    tool_turn(("regression_status", r#"{"run_id":"R-1207-N"}"#), &out, i)
                })
                .collect();
            assert_eq!(first_of(&turns, |f| f.repeated_failure.is_some()), Some(4), "{failing}");
        }
    }

    /// Round 10: a simulation passing on seed after seed whose summary counts its errors as
    /// none (`UVM_ERROR :    0`) has not failed; the same summary counting one error, the
    /// same assertion failing, is a failure recurring.
    #[test]
    fn a_failure_word_counted_as_none_is_a_passing_run() {
        let report = |seed: u64, errors: u32| {
            let verdict = if errors == 0 { "TEST PASSED" } else { "TEST FAILED" };
            format!(
                "xrun(64): 23.09-s004\nUVM_INFO @ 0: reporter [RNTST] Running test orca_desc_chain_test...\nUVM_INFO orca_env.sv(88) @ 0: [CFG] channels=4 seed={seed}\n--- UVM Report Summary ---\nUVM_ERROR :    {errors}\nUVM_FATAL :    0\n{verdict}\n"
            )
        };
        let turns = |errors: u32| -> Vec<TurnFacts> {
            (0..10)
                .map(|i| {
                    let args = format!(r#"{{"test": "orca_desc_chain_test", "seed": {}}}"#, 7 * i + 1);
                    tool_turn(("run_sim", &args), &report(7 * i + 1, errors), i)
                })
                .collect()
        };
        assert_eq!(first_of(&turns(0), |f| f.repeated_failure.is_some()), None);
        assert_eq!(first_of(&turns(1), |f| f.repeated_failure.is_some()), Some(4));
    }

    #[test]
    fn the_same_receipt_for_each_new_item_is_not_a_repeated_result() {
        // A batch posted item by item: every receipt is the same once its ids and times are
        // masked; each call is new.
        let receipt = |i: u64| {
            format!(
                r#"{{"invoice_id": "INV-2026-10-05{i:02}", "status": "matched", "matched_at": "2026-11-02T10:2{i}:16Z"}}"#
            )
        };
        let batch: Vec<TurnFacts> = (0..8)
            .map(|i| {
                let args = format!(r#"{{"invoice_id": "INV-2026-10-05{i:02}"}}"#);
                tool_turn(("post_match", &args), &receipt(i), i)
            })
            .collect();
        assert_eq!(first_of(&batch, |f| f.same_result.is_some()), None);
        // The same call posted again and again, answered by the same receipt, is a repeat.
        let again: Vec<TurnFacts> = (0..8)
            .map(|i| tool_turn(("post_match", r#"{"invoice_id": "INV-2026-10-0500"}"#), &receipt(i), i))
            .collect();
        assert_eq!(first_of(&again, |f| f.same_result.is_some()), Some(3));
    }

    /// A page of ledger entries: a fixed header and `rows` rows alike but for their ids and
    /// amounts (the next cursor's page reads like the last one to a loose fingerprint).
    fn ledger_page(page: u64, rows: u64) -> String {
        let header = format!("ledger export for account freight and packaging {}", words(3, 60));
        let rows: Vec<String> = (0..rows)
            .map(|r| {
                format!(
                    r#"{{"entry_id": "JE-2026-10-{}", "vendor": "kestrel logistics", "amount_cents": {}}}"#,
                    12_000 + page * 100 + r,
                    10_000 + (page * 37 + r * 91) % 9_000
                )
            })
            .collect();
        format!("{header}\n{}", rows.join("\n"))
    }

    #[test]
    fn new_calls_bringing_new_data_are_not_a_growth_stall() {
        // Pagination: a new cursor every turn, a page of new entries every time (one row
        // more per page, so no two pages share a shape).
        let pages: Vec<TurnFacts> = (0..10)
            .map(|i| {
                let args = format!(r#"{{"cursor": "eD4sTp{}x{}"}}"#, i * 7, i);
                facts(
                    "",
                    Some(("ledger_search", &args)),
                    Some(&ledger_page(i, 4 + i)),
                    100 + i * 400,
                )
            })
            .collect();
        assert_eq!(first_of(&pages, |f| f.growth_stall.is_some()), None);
        // New calls (reworded searches) answered by the very page already read bring
        // nothing: the context grows without progress.
        let reworded: Vec<TurnFacts> = (0..10)
            .map(|i| {
                let args = format!(r#"{{"query": "{}"}}"#, words(100 + i, 4));
                facts(
                    "",
                    Some(("ledger_search", &args)),
                    Some(&ledger_page(0, 6)),
                    100 + i * 400,
                )
            })
            .collect();
        assert_eq!(first_of(&reworded, |f| f.growth_stall.is_some()), Some(6));
        // The same call advanced (a new link followed) answered by paragraphs already read
        // under a new title: few new values, no new data.
        let paragraphs: Vec<String> = (0..8).map(|k| words(300 + k, 40)).collect();
        let spiral: Vec<TurnFacts> = (0..12)
            .map(|i| {
                let url = format!(r#"{{"url": "https://blog{}.example/a{}b/post"}}"#, i, i * 13);
                let body: Vec<&str> = (0..4)
                    .map(|k| paragraphs[((i * 3 + k) % 8) as usize].as_str())
                    .collect();
                let page = format!(
                    "# post {i} - 2024-02-{:02} - {} min read\n{}",
                    i + 1,
                    i % 9,
                    body.join("\n")
                );
                facts("", Some(("fetch_url", &url)), Some(&page), 100 + i * 400)
            })
            .collect();
        assert!(first_of(&spiral, |f| f.growth_stall.is_some()).is_some());
    }

    #[test]
    fn a_new_answer_to_a_resent_instruction_block_is_progress() {
        // A batch without tools: the same long instruction block pasted with each new item,
        // the history kept, and a new answer every time.
        let block = words(77, 260);
        let turn = |i: u64, answer: &str| TurnFacts {
            new_text: format!("{block}\nitem: {}", words(500 + i, 6)),
            assistant_text: answer.to_string(),
            input_tokens: 400 + i * 420,
            ..TurnFacts::default()
        };
        const W: [&str; 24] = [
            "kettle",
            "gooseneck",
            "grinder",
            "burr",
            "scale",
            "timer",
            "dripper",
            "cone",
            "ceramic",
            "steel",
            "espresso",
            "filter",
            "bloom",
            "pour",
            "hopper",
            "dial",
            "litre",
            "spout",
            "glass",
            "paper",
            "flat",
            "ribs",
            "brew",
            "cup",
        ];
        let answer = |i: u64| -> String {
            (0..30)
                .map(|k| W[((i * 31 + k * k * 7 + k * i) % 24) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let fresh: Vec<TurnFacts> = (0..10).map(|i| turn(i, &answer(i))).collect();
        assert_eq!(first_of(&fresh, |f| f.growth_stall.is_some()), None);
        // The same answer every time is no progress.
        let same: Vec<TurnFacts> = (0..10).map(|i| turn(i, &answer(0))).collect();
        assert!(first_of(&same, |f| f.growth_stall.is_some()).is_some());
    }

    /// Round 13: a batch without tools, each message naming the next item (a student's id
    /// never named before) under the same instructions, answered with findings that recur
    /// for several items (the same score, the same feedback word for word): each answer is
    /// about its new item, not the assistant repeating itself (round 12: stopped at 5,
    /// `repeated_answer`; corpus_w `quiz_batch_recurring_flags_responses`).
    #[test]
    fn the_same_findings_for_the_next_item_of_a_batch_are_not_a_repeat() {
        const GRADES: [&str; 2] = [
            "POINTS: 4/4\nCRITERIA: met R1, R2, R3, R4; missing none\nFEEDBACK: You linked the ratio to exchange across the membrane. Add units to your example please.",
            "POINTS: 0/4\nCRITERIA: met none; missing R1, R2, R3, R4; deductions D1\nFEEDBACK: You made a start on the size and diffusion relationship. The issue is the ratio.",
        ];
        let run = |message: &dyn Fn(u64) -> String, answer: &dyn Fn(u64) -> String| {
            let turns: Vec<TurnFacts> = (0..10u64)
                .map(|i| TurnFacts {
                    new_text: message(i),
                    assistant_text: if i == 0 { String::new() } else { answer(i) },
                    input_tokens: 400 + i * 60,
                    ..TurnFacts::default()
                })
                .collect();
            first_of(&turns, |f| f.repeated_answer.is_some())
        };
        let student = |i: u64| {
            format!(
                "Grade the following submission using the rubric above. Student: {} (S-{})\nAnswer: {}",
                words(900 + i, 2),
                40118 + i,
                words(i, 12)
            )
        };
        let grade = |i: u64| GRADES[(i % 2) as usize].to_string();
        assert_eq!(run(&student, &grade), None);
        // The same answers to messages naming nothing new repeat themselves.
        assert!(run(&|_| "continue".to_string(), &grade).is_some());
        // An answer naming another item (the first one's again) is not about the new one.
        let first_again = |i: u64| format!("S-40118: {}", GRADES[(i % 2) as usize]);
        assert!(run(&student, &first_again).is_some());
    }

    /// Round 13: a period-3 cycle (take the next submission, check it, record its grade)
    /// whose record fails the same way each round (`lease expired`) while the queue hands out
    /// the same submission under a new lease token and attempt count: what came back is the
    /// same once ids and digits are dropped, and the same failure recurs in every round — a
    /// cycle, though the assistant speaks in one turn of three only (round 12: missed; corpus_w
    /// `quiz_lease_expired_cycle_anthropic`).
    #[test]
    fn a_cycle_failing_the_same_way_each_round_is_a_cycle_though_its_tokens_tick() {
        let run = |record: &dyn Fn(u64) -> String| {
            let turns: Vec<TurnFacts> = (0..15u64)
                .map(|i| {
                    let round = i / 3;
                    match i % 3 {
                        0 => tool_turn(
                            ("next_submission", r#"{"queue": "q6-q3"}"#),
                            &format!(
                                r#"{{"submission_id": "S-40117", "answer": "{}", "lease": "ls_{:x}f{round}", "attempt": {}}}"#,
                                words(5, 30),
                                0x3a91 + round * 16,
                                round + 1
                            ),
                            i,
                        ),
                        1 => tool_turn(
                            ("check_rubric", &format!(r#"{{"answer": "{}"}}"#, words(5, 30))),
                            r#"{"matched": ["R1", "R2", "R3", "R4"], "missing": []}"#,
                            i,
                        ),
                        _ => {
                            let mut t = tool_turn(
                                ("record_grade", r#"{"submission_id": "S-40117", "points": 4}"#),
                                &record(round),
                                i,
                            );
                            t.assistant_text = "All four criteria met; recording 4/4.".to_string();
                            t
                        }
                    }
                })
                .collect();
            first_of(&turns, |f| f.cycle.is_some())
        };
        let expired = |_: u64| {
            r#"{"error": "LEASE_EXPIRED", "status": 409, "message": "lease for S-40117 is no longer held"}"#.to_string()
        };
        assert!(run(&expired).is_some());
        // The record succeeding each round with a new receipt is the queue moving on.
        let recorded = |round: u64| {
            format!(
                r#"{{"recorded": true, "receipt": "rc-{}", "queue_left": {}}}"#,
                7000 + round * 37,
                40 - round
            )
        };
        assert_eq!(run(&recorded), None);
    }

    /// Round 13: two agents handing the same thing back and forth, each rewording — short
    /// messages, the assistant saying again what its last two answers said (no new figure,
    /// most of its terms), the other agent's reply restating its previous reply and giving
    /// back a term of the answer (`U14`) — is a loop, though no question is asked (round 12:
    /// caught late by the exchange cycle, or missed; corpus_t
    /// `sports_league_scheduler_runaway_handoff`, corpus_u
    /// `vaccine_cold_chain_monitor_runaway_1_responses`).
    #[test]
    fn two_agents_handing_the_same_thing_back_and_forth_is_a_loop() {
        const MINE: [&str; 4] = [
            "Moving the U14 final to Riverside field since Central stays closed on Saturday.",
            "Central is closed Saturday, so the U14 final moves to Riverside field.",
            "The U14 final goes to Riverside field; Central remains closed that Saturday.",
            "Riverside field takes the U14 final because Central is closed on Saturday.",
        ];
        const THEIRS: [&str; 4] = [
            "[venue-bot] Central is open Saturday per the permit. Moving the U14 final back to Central.",
            "[venue-bot] Per the permit Central is open on Saturday. U14 final moved back to Central.",
            "[venue-bot] The permit says Central is open Saturday; the U14 final is back at Central.",
            "[venue-bot] Central open Saturday (permit). Moving the U14 final back to Central.",
        ];
        const GAMES: [&str; 12] = [
            "U10", "U11", "U12", "U13", "U15", "U16", "U17", "U18", "U19", "U20", "U21", "U23",
        ];
        const PLACES: [&str; 12] = [
            "Hillcrest",
            "Lakeside",
            "Northgate",
            "Westbrook",
            "Fairview",
            "Oakridge",
            "Brookline",
            "Elmwood",
            "Maplewood",
            "Pinecrest",
            "Redwood",
            "Sunnyvale",
        ];
        let run = |mine: &dyn Fn(usize) -> String, theirs: &dyn Fn(usize) -> String| {
            let turns: Vec<TurnFacts> = (0..12usize)
                .map(|i| TurnFacts {
                    new_text: theirs(i),
                    assistant_text: mine(i),
                    input_tokens: 300 + i as u64 * 40,
                    ..TurnFacts::default()
                })
                .collect();
            first_of(&turns, |f| f.repeated_answer.is_some())
        };
        let found = run(&|i| MINE[i % 4].to_string(), &|i| THEIRS[i % 4].to_string());
        assert!(found.is_some_and(|t| t <= 6), "{found:?}");
        // Both sides moving on (the next game booked, the next one asked for) is the schedule
        // being built, however alike the messages are.
        let booked = |i: usize| {
            let g = i.saturating_sub(1);
            format!("Booked {} field for the {} semifinal on Saturday.", PLACES[g], GAMES[g])
        };
        let next = |i: usize| {
            format!(
                "[venue-bot] Confirmed. Next: the {} semifinal needs a field near {}.",
                GAMES[i], PLACES[i]
            )
        };
        assert_eq!(run(&booked, &next), None);
    }

    /// Round 13: a failure word inside a camel-case name (a UI test `testLoginErrorBanner`
    /// listed as started, a `CrashLogger.dll` plugin loaded) names what a test or a plugin
    /// handles; round 12 took the first such line for the failing line of every run, the same
    /// in each full-suite log, so a suite failing differently each run until it passed was
    /// stopped at 8 (`repeated_failure`; corpus_v `ios_ui_test_fixer_healthy1_anthropic`,
    /// corpus_w `mod_new_crash_each_launch_anthropic`).
    #[test]
    fn a_failure_word_inside_a_name_is_not_the_failure() {
        const FAILURES: [&str; 4] = [
            "OnboardingTests.swift:29: error: testNotificationPrompt : No matches found for Alert",
            "SearchTests.swift:63: error: testFilterSheetDismiss : Multiple matching elements found",
            "ProfileTests.swift:37: error: testEditDisplayName : XCTAssertEqual (\"Dana \") is not (\"Dana\")",
            "CartTests.swift:12: error: testQuantityStepper : Stepper value 11 exceeds 10",
        ];
        let run = |header: &str, failure: &str| {
            format!(
                "Command line invocation:\n    xcodebuild test -scheme AppUITests\n{header}\nTest Case 'testAddToCart' passed (2.1 seconds).\n{failure}\nTest Suite 'All tests' finished.\n** TEST FAILED **"
            )
        };
        let turns = |header: &str, varied: bool| -> Vec<TurnFacts> {
            (0..8u64)
                .map(|i| {
                    if i % 2 == 0 {
                        let patch = format!(r#"{{"path": "Sources/Fix{i}.swift", "patch": "{}"}}"#, words(i, 6));
                        tool_turn(("apply_patch", &patch), "{\"applied\": true}", i)
                    } else {
                        let failure = FAILURES[if varied { (i / 2) as usize % 4 } else { 0 }];
                        tool_turn(
                            ("run_ui_tests", r#"{"scheme": "AppUITests"}"#),
                            &run(header, failure),
                            i,
                        )
                    }
                })
                .collect()
        };
        for header in [
            "Test Case '-[AppUITests.LoginTests testLoginErrorBanner]' started.",
            "plugin CrashLogger.dll (00000001 CrashLogger 00001000) loaded correctly (handle 1)",
        ] {
            // Each run fails another way: the work moves on.
            assert_eq!(
                first_of(&turns(header, true), |f| f.repeated_failure.is_some()),
                None,
                "{header}"
            );
            // The same failure every run is still one failure recurring.
            assert_eq!(
                first_of(&turns(header, false), |f| f.repeated_failure.is_some()),
                Some(8),
                "{header}"
            );
        }
        // A name labelling a value states the failure in a field: a job pending on
        // `UnavailableNodes:` polled again and again recurs.
        let poll: Vec<TurnFacts> = (0..8u64)
            .map(|i| {
                let out = format!(
                    "job 90417: PENDING, reason=ReqNodeNotAvail, UnavailableNodes:node-c[01-16], queued {} min",
                    10 + 2 * i
                );
                tool_turn(("get_job", r#"{"job_id": "90417"}"#), &out, i)
            })
            .collect();
        assert!(first_of(&poll, |f| f.repeated_failure.is_some()).is_some());
    }

    #[test]
    fn a_failure_word_in_a_report_recurs_only_for_the_same_call() {
        // A linter's banner and rule table (`… error` as a severity) over a short findings
        // section that differs for each file: a different file linted is another task.
        let report = |file: &str| {
            format!(
                "i18n-lint 3.12.1 -- config: .i18nlintrc.yaml\nrules:\n  icu/syntax ........ error\n  placeholders ...... warning\n{file}: 1 finding: key settings.{file}.title"
            )
        };
        const FILES: [&str; 8] = ["de", "fr", "es", "it", "nl", "pl", "pt", "sv"];
        let each: Vec<TurnFacts> = FILES
            .iter()
            .enumerate()
            .map(|(i, f)| {
                tool_turn(
                    ("run_linter", &format!(r#"{{"path": "locales/{f}.json"}}"#)),
                    &report(f),
                    i as u64,
                )
            })
            .collect();
        assert_eq!(first_of(&each, |f| f.repeated_failure.is_some()), None);
        // The same file linted again and again is the same call failing.
        let same: Vec<TurnFacts> = (0..8)
            .map(|i| tool_turn(("run_linter", r#"{"path": "locales/de.json"}"#), &report("de"), i))
            .collect();
        assert_eq!(first_of(&same, |f| f.repeated_failure.is_some()), Some(4));
        // A result that leads with its failure recurs across varied attempts.
        let varied: Vec<TurnFacts> = (0..8)
            .map(|i| {
                let sql = format!(r#"{{"sql": "SELECT {} FROM orders"}}"#, words(i, 3));
                let out = format!(
                    "ERROR:  column \"created_at\" does not exist\nLINE 1: SELECT {}",
                    words(i, 3)
                );
                tool_turn(("run_query", &sql), &out, i)
            })
            .collect();
        assert_eq!(first_of(&varied, |f| f.repeated_failure.is_some()), Some(4));
        // So does one that states it in a field of a structured result.
        let structured: Vec<TurnFacts> = (0..8)
            .map(|i| {
                let sql = format!(r#"{{"sql": "SELECT {} FROM orders"}}"#, words(i, 3));
                let out = format!(
                    "{{\n \"ok\": false,\n \"request_id\": \"req_{i}f3a9c\",\n \"severity\": \"ERROR\",\n \"message\": \"column created_at does not exist\"\n}}"
                );
                tool_turn(("run_query", &sql), &out, i)
            })
            .collect();
        assert_eq!(first_of(&structured, |f| f.repeated_failure.is_some()), Some(4));
    }

    /// Round 5: the same failure for each new item, its ids renamed (a lead, a trace): every
    /// send refused with the same 403 while the agent takes the next lead. The ids are masked
    /// before the digits are dropped, so the failure recurs; a failure whose words change is
    /// another failure.
    #[test]
    fn the_same_failure_under_renamed_ids_recurs() {
        let run = |same: bool| {
            let turns: Vec<TurnFacts> = (0..12u64)
                .map(|i| {
                    let lead = format!("00Q8c{:05}Kx{}", 1000 + i, ["aQ", "bR", "cS", "dT", "eU", "fV"][(i % 6) as usize]);
                    if i % 2 == 0 {
                        tool_turn(
                            ("crm_next_lead", r#"{"sequence":"june"}"#),
                            &format!(r#"{{"lead_id": "{lead}", "name": "lead {i}"}}"#),
                            i,
                        )
                    } else {
                        let kind = if same { "SENDER_NOT_AUTHORIZED" } else { ["QUOTA", "BOUNCED", "SPAM_BLOCK", "INVALID_TO", "TOO_LARGE", "PAUSED"][(i / 2) as usize] };
                        let out = format!(
                            r#"{{"error": {{"code": 403, "type": "{kind}", "lead_id": "{lead}", "trace": "mx-relay-{}"}}}}"#,
                            7700 + 13 * i
                        );
                        tool_turn(("send_email", &format!(r#"{{"to_lead_id":"{lead}","body":"hello {i}"}}"#)), &out, i)
                    }
                })
                .collect();
            first_of(&turns, |f| f.repeated_failure.is_some())
        };
        assert_eq!(run(true), Some(8), "the fourth 403 within 8 tool turns");
        assert_eq!(run(false), None, "a different failure each time");
    }

    /// A screen dump: the same long chrome (toolbar, filters, tab bar) around `rows`.
    fn screen(rows: &[String]) -> String {
        let mut out = String::new();
        for k in 0..40 {
            out.push_str(&format!("<node class=\"android.widget.TextView\" resource-id=\"app:id/chrome_{k}\" text=\"toolbar filter tab item number {k}\" enabled=\"true\"/>\n"));
        }
        for r in rows {
            out.push_str(r);
            out.push('\n');
        }
        out
    }

    /// Round 5: swipe, read the screen, swipe, read… — the same two calls, the swipe
    /// acknowledged the same way, and each screen the same chrome around the next rows of a
    /// list. A screen that changed is a new observation, however much of it was seen before:
    /// not a cycle. The same screen read back every time is one.
    #[test]
    fn screens_that_change_under_the_same_chrome_are_not_a_cycle() {
        let d = detectors();
        let run = |scrolling: bool| {
            let mut s = Session::fresh([32; 16], 0);
            (0..12u64).find_map(|i| {
                let f = if i % 2 == 0 {
                    s.observe(
                        &tool_turn(
                            ("swipe", r#"{"direction":"up"}"#),
                            r#"{"ok": true, "scrolled_px": 1650}"#,
                            i,
                        ),
                        &d,
                        i * 5,
                        600,
                    )
                } else {
                    let page = if scrolling { i / 2 } else { 0 };
                    let rows: Vec<String> = (0..5)
                        .map(|r| {
                            format!(
                                "<node text=\"Order #{} · {} May · DHL · {} item(s)\"/>",
                                88410 - 9 * (5 * page + r),
                                20 - page,
                                r + 1
                            )
                        })
                        .collect();
                    s.observe(
                        &tool_turn(("read_screen", r#"{"window":"current"}"#), &screen(&rows), i),
                        &d,
                        i * 5,
                        600,
                    )
                };
                f.cycle.map(|_| i + 1)
            })
        };
        assert_eq!(run(true), None, "each screen shows the next orders");
        assert_eq!(run(false), Some(6), "the same screen every time");
    }

    /// Round 5: tap Continue, read the screen: page 1, page 2, then page 2 again and again.
    /// The calls come round from the start, but the exchange comes round only once the
    /// unchanged screen has come back in every round counted: the first tap that leaves the
    /// screen as it was is one failed attempt, not yet a loop.
    #[test]
    fn a_cycle_needs_its_results_to_come_round_in_every_round() {
        let d = detectors();
        let mut s = Session::fresh([33; 16], 0);
        let first = (0..12u64).find_map(|i| {
            let f = if i % 2 == 0 {
                s.observe(
                    &tool_turn(("tap", r#"{"target":"btn_continue"}"#), r#"{"ok": true}"#, i),
                    &d,
                    i * 5,
                    600,
                )
            } else {
                let page = if i < 2 {
                    "Welcome to the app"
                } else {
                    "Accept the terms to continue"
                };
                let rows = vec![format!("<node text=\"{page}\"/>")];
                s.observe(
                    &tool_turn(("read_screen", r#"{"window":"current"}"#), &screen(&rows), i),
                    &d,
                    i * 5,
                    600,
                )
            };
            f.cycle.map(|_| i + 1)
        });
        // Page 2 first read at turn 4, unchanged at 6 and at 8: three rounds alike at 8.
        assert_eq!(first, Some(8));
    }

    /// Round 5: documents read one by one by number (`doc_no` 1, 2, 3…), each rendered after
    /// the same long declarations page with a short new section of its own (new amounts,
    /// dates, ids). The same call for the next item (its numbers dropped) answered by new
    /// data is progress, however much of the result was seen before; the next number
    /// answered by a section already read is not.
    #[test]
    fn the_next_document_by_number_bringing_new_data_is_progress() {
        let preamble = words(500, 600);
        let run = |fresh: bool| {
            let docs: Vec<TurnFacts> = (0..10u64)
                .map(|i| {
                    let k = if fresh { i } else { 0 };
                    let section = format!(
                        "DOCUMENT {i}: {} items on 06/{:02}/2024, amounts ${}.{:02} ${}.{:02} ${}.{:02}, ref R{}-{} K{} P{} V{}",
                        3 + k,
                        1 + k,
                        100 + 37 * k,
                        k,
                        200 + 41 * k,
                        k + 1,
                        300 + 43 * k,
                        k + 2,
                        7000 + k,
                        11 * k,
                        900 + k,
                        50 + k,
                        70 + k
                    );
                    facts(
                        "",
                        Some(("get_document", &format!(r#"{{"claim_id": "CLM-24-0318902", "doc_no": {}}}"#, i + 1))),
                        Some(&format!("{preamble}\n{section}")),
                        100 + i * 1200,
                    )
                })
                .collect();
            first_of(&docs, |f| f.growth_stall.is_some())
        };
        assert_eq!(run(true), None, "each document brings its own amounts, dates and ids");
        assert_eq!(run(false), Some(6), "the same section under the next number");
    }

    /// Round 6: offering one order to driver A, B, C, then A again — the calls differ only by
    /// an id (masked in the call's hash), each refused for its own lasting reason — is a
    /// period-3 cycle; offering it to a new driver every time is not.
    #[test]
    fn a_cycle_of_calls_differing_only_by_an_id_is_a_cycle() {
        let d = detectors();
        let reasons = ["HOURS_LIMIT", "CAPACITY", "ZONE"];
        let run = |drivers: &[&str]| {
            let mut s = Session::fresh([21; 16], 0);
            (0..12usize).find_map(|i| {
                let driver = drivers.get(i).copied().unwrap_or_default();
                let args = format!(r#"{{"order": "ORD-558190", "driver": "{driver}"}}"#);
                let result = format!(
                    "{{\n  \"status\": 409,\n  \"error\": \"{}\",\n  \"driver\": \"{driver}\",\n  \"request_id\": \"asg-{}\"\n}}",
                    reasons[i % 3],
                    558_190 + 7 * i
                );
                let f = s.observe(&tool_turn(("assign_order", &args), &result, i as u64), &d, i as u64, 600);
                f.cycle.map(|c| (i + 1, c))
            })
        };
        let cycling: Vec<&str> = (0..12).map(|i| ["DRV-1184", "DRV-1420", "DRV-1577"][i % 3]).collect();
        assert_eq!(run(&cycling), Some((9, (3, 3))));
        let fresh: Vec<String> = (0..12).map(|i| format!("DRV-{}", 1184 + 37 * i)).collect();
        let fresh: Vec<&str> = fresh.iter().map(String::as_str).collect();
        assert_eq!(run(&fresh), None, "a new driver every time is a search, not a cycle");
    }

    /// Round 6: the same receipt under a new message id (`<c4ca4238a0b92382@…>`) is the same
    /// result: send a reminder, check the inbox (the same autoreply), and again, is a cycle.
    /// An inbox that brings a new reply each round is not.
    #[test]
    fn the_same_receipt_under_a_new_message_id_comes_round() {
        let d = detectors();
        let ids = [
            "cfcd208495d565ef",
            "c4ca4238a0b92382",
            "c81e728d9d4c2f63",
            "eccbc87e4b5ce2fe",
            "a87ff679a2f3e71d",
        ];
        let run = |replies: &dyn Fn(usize) -> String| {
            let mut s = Session::fresh([22; 16], 0);
            (0..10usize).find_map(|i| {
                let f = if i % 2 == 0 {
                    s.observe(
                        &tool_turn(("check_inbox", r#"{"thread": "RFQ-2026-0912"}"#), &replies(i), i as u64),
                        &d,
                        i as u64,
                        600,
                    )
                } else {
                    let receipt = format!(
                        "{{\"status\": \"sent\", \"messageId\": \"<{}@halvorsen-maritime.no>\", \"queued\": true}}",
                        ids[i / 2]
                    );
                    s.observe(
                        &tool_turn(
                            (
                                "send_email",
                                r#"{"to": "h.brandt@kestrel.de", "body": "friendly reminder"}"#,
                            ),
                            &receipt,
                            i as u64,
                        ),
                        &d,
                        i as u64,
                        600,
                    )
                };
                f.cycle.map(|_| i + 1)
            })
        };
        let autoreply = |_: usize| {
            "Thank you for your message. I am out of the office until 15 December with no access to email. \
             In urgent cases please contact our sales team, who will be glad to help you."
                .to_string()
        };
        assert_eq!(run(&autoreply), Some(6));
        let answers = [
            "Quote attached: cartons at EUR 1.12 each, delivery in two weeks from order.",
            "Sorry, one question first: do you need the cartons printed or plain brown?",
            "Revised quote: plain cartons at EUR 0.98 each, pallets included in the price.",
            "Confirmed: we can ship on Monday, invoice to follow with the delivery note.",
            "Please find the signed terms and the certificate of conformity for the board.",
        ];
        assert_eq!(
            run(&|i: usize| answers[i / 2].to_string()),
            None,
            "new replies are progress"
        );
    }

    /// Round 6: a report that names an exception with its message is the same failure
    /// whatever attempt brought it, wherever the exception stands (after a command's echo
    /// naming `--continue-on-collection-errors`, a long install log): every attempt pins
    /// another package and each log differs, the same ImportError recurs. A suite whose
    /// failures move (a new exception every run, under the same `FAILURES` heading) is not
    /// one failure recurring.
    #[test]
    fn an_exception_named_deep_in_varied_logs_recurs() {
        let d = detectors();
        let log = |i: usize, cmd: &str, exception: &str| {
            let installed: String = (0..i + 3)
                .map(|k| {
                    format!(
                        "Requirement already satisfied: pkg{k}>=1.{i} in ./.venv/lib (from line {})\n",
                        k * 7 + i
                    )
                })
                .collect();
            format!(
                "$ {cmd}\n{installed}collected {} items / 1 error\n==================== FAILURES ====================\n\
                 ledger/core/tax.py:14: in <module>\nE   {exception}\n[exit code 1]",
                360 + i
            )
        };
        let pins = [
            "Flask==2.3.3",
            "Babel==2.16.0",
            "Werkzeug==3.0.4",
            "Jinja2==3.1.3",
            "pytz==2024.2",
            "blinker==1.8.2",
        ];
        let mut s = Session::fresh([23; 16], 0);
        let buried = (0..6usize).find_map(|i| {
            let cmd = format!("pip install '{}' && pytest -q --continue-on-collection-errors", pins[i]);
            let out = log(
                i,
                &cmd,
                "ImportError: cannot import name 'soft_unicode' from 'markupsafe'",
            );
            let args = format!(r#"{{"command": "{cmd}"}}"#);
            let f = s.observe(&tool_turn(("run_shell", &args), &out, i as u64), &d, i as u64, 600);
            f.repeated_failure.map(|_| i + 1)
        });
        assert_eq!(buried, Some(4), "the fourth attempt failing with the same ImportError");
        let moving = [
            "AttributeError: module 'django.utils.timezone' has no attribute 'utc'",
            "django.core.exceptions.ImproperlyConfigured: The USE_L10N setting is removed.",
            "TypeError: SimpleTestCase.assertFormError() takes from 4 to 5 positional arguments",
            "AssertionError: '<div>' not found in '<div class=\"fieldWrapper\">'",
            "KeyError: 'currency'",
        ];
        let mut s = Session::fresh([24; 16], 0);
        let moved = (0..10usize).find_map(|i| {
            let f = if i % 2 == 0 {
                s.observe(
                    &tool_turn(
                        ("run_shell", r#"{"command": "pytest -q -n 2"}"#),
                        &log(i, "pytest -q -n 2", moving[i / 2]),
                        i as u64,
                    ),
                    &d,
                    i as u64,
                    600,
                )
            } else {
                let patch = format!(r#"{{"path": "ledger/f{i}.py", "diff": "fix {i}"}}"#);
                s.observe(
                    &tool_turn(("edit_file", &patch), "{\"applied\": true}", i as u64),
                    &d,
                    i as u64,
                    600,
                )
            };
            f.repeated_failure.map(|_| i + 1)
        });
        assert_eq!(moved, None, "each run fails differently");
    }

    /// Round 6: a paraphrase rewords, it does not change the facts. An assistant answering
    /// the same question in new words every turn, each time with the same figures (a 21.4 %
    /// rate, 22.9 % the year before, a 6.3 million release), repeats itself; answers to new
    /// questions, each with its own figures, are work.
    #[test]
    fn an_answer_reworded_around_the_same_figures_is_a_repeat() {
        let d = detectors();
        let run = |answers: &[&str]| {
            let mut s = Session::fresh([25; 16], 0);
            answers.iter().enumerate().find_map(|(i, a)| {
                let f = s.observe(
                    &TurnFacts {
                        new_text: format!("question number {i}: what about the quarter {}", i * 31),
                        assistant_text: (*a).to_string(),
                        input_tokens: 500 + 60 * i as u64,
                        ..TurnFacts::default()
                    },
                    &d,
                    i as u64 * 30,
                    1800,
                );
                f.repeated_answer.map(|_| i + 1)
            })
        };
        let reworded = [
            "The excerpt does not give a fourth-quarter effective tax rate. It only reports the full-year rate of 21.4% (22.9% a year earlier), lowered by releasing a $6.3 million valuation allowance.",
            "I cannot find any quarterly figure in this text. What it states is the annual rate for the whole year, 21.4%, against 22.9% before, the drop attributed to a $6.3 million allowance release.",
            "No quarter-only number appears anywhere. The document gives one yearly figure: 21.4% this time versus 22.9% previously, helped by $6.3 million of allowance released in Brazil.",
            "Unfortunately taxes are reported just once for the twelve months: an effective rate of 21.4% compared with 22.9%, which management explains by a $6.3 million reserve reversal.",
            "There is nothing here broken out by quarter, sorry. Annual: 21.4% (prior 22.9%), mostly because a $6.3 million Brazilian reserve was let go during the period.",
            "As said, only the full-period rate is disclosed, namely 21.4%, down from 22.9%, reflecting a $6.3 million release; a Q-level split simply is not provided in what you sent.",
        ];
        assert_eq!(run(&reworded), Some(4), "the third restatement of the same figures");
        let follow_ups = [
            "Revenue for fiscal 2025 was $1,482 million, up 6.1% from $1,397 million, with Flow Control growing fastest at 9.4% on midstream orders and aftermarket parts.",
            "Gross margin improved to 34.8% from 33.2%, helped by pricing actions of about 2.5% and lower freight costs, partly offset by wage inflation in the Monterrey plant.",
            "Operating cash flow reached $211 million against $164 million, and capital expenditure was $58 million, so free cash flow came to $153 million for the year.",
            "Net debt stood at $402 million at year end, or 1.3 times adjusted EBITDA of $309 million; the revolver has $350 million undrawn and matures in 2029.",
            "The order backlog was $618 million on September 30, of which roughly 78% is expected to ship within twelve months, compared with $571 million a year before.",
            "Headcount was 4,920 employees in 14 countries, of whom about 1,150 are covered by collective agreements, mainly in Germany, Brazil and Mexico.",
        ];
        assert_eq!(run(&follow_ups), None, "new questions answered with new figures");
    }

    /// Round 7: a verdict line that names nothing (`RESULT: FAIL`) is read with the line after
    /// it: a checker finding a new problem on each run while the agent fixes them one by one is
    /// not one failure recurring; the same problem coming back is.
    #[test]
    fn a_verdict_naming_nothing_is_read_with_the_line_after_it() {
        const PROBLEMS: [&str; 6] = [
            "cue 88  OVERLAP: ends 00:04:12,640 after cue 89 starts 00:04:12,480",
            "cue 140 CPS 23.8 > 17: 'Das ist nicht das, was wir vereinbart haben'",
            "cue 301 LINE LENGTH 51 > 42: 'Wir muessen die Faehre noch erwischen'",
            "cue 512 OFFSET +310 ms (speech onset 00:31:07,090)",
            "cue 77  THREE LINES (max 2)",
            "cue 903 EMPTY CUE",
        ];
        let check = (
            "sync_check",
            r#"{"path": "ep02_de-DE.srt", "media": "ep02_master.mov"}"#,
        );
        let run = |problem: &dyn Fn(usize) -> String| -> Vec<TurnFacts> {
            (0..12)
                .map(|i| {
                    if i % 2 == 0 {
                        tool_turn(check, &format!("RESULT: FAIL\n{}", problem(i / 2)), i as u64)
                    } else {
                        let edit = format!(r#"{{"path": "ep02_de-DE.srt", "cue": {i}, "op": "retime"}}"#);
                        tool_turn(("edit_cues", &edit), &format!("ok: cue {i} updated"), i as u64)
                    }
                })
                .collect()
        };
        let fixed_one_by_one = run(&|i| PROBLEMS[i].to_string());
        assert_eq!(first_of(&fixed_one_by_one, |f| f.repeated_failure.is_some()), None);
        // The same overlap every run (its times moving) is the same failure.
        let same = run(&|i| format!("cue 88  OVERLAP: ends 00:04:12,6{i}0 after cue 89 starts 00:04:12,480"));
        assert_eq!(first_of(&same, |f| f.repeated_failure.is_some()), Some(7));
    }

    /// Round 7: a failure word deep in a report recurs only for the same call on the same
    /// target: each switch's configuration holds `exec-timeout` (a failure word, in a setting),
    /// and auditing switch after switch is not one failure recurring. The same run with only a
    /// number varied (a window of 400 ms, then 600) is the same target.
    #[test]
    fn a_failure_word_in_each_new_targets_report_is_not_one_failure() {
        let config = |host: &str| {
            format!(
                "Building configuration...\n\nCurrent configuration : 9812 bytes\nhostname {host}\n{}\nline vty 0 15\n exec-timeout 10 0\n transport input ssh\nend",
                words(3, 40)
            )
        };
        let audit: Vec<TurnFacts> = (1..=8)
            .map(|n| {
                let host = format!("acc-ewr-0{n}");
                let args = format!(r#"{{"host": "{host}", "command": "show running-config"}}"#);
                tool_turn(("run_show", &args), &config(&host), n)
            })
            .collect();
        assert_eq!(first_of(&audit, |f| f.repeated_failure.is_some()), None);
        // The same target, its window varied, failing the same way deep in the log.
        let log = |i: u64| {
            format!(
                "autosub-align 3.4.1  run {i}\n{}\nERROR anchor solve failed: residual 2002 ms exceeds tolerance\nsummary: status=done",
                words(i, 30)
            )
        };
        let tuned: Vec<TurnFacts> = (0..8)
            .map(|i| {
                let args = format!(
                    r#"{{"path": "ep04_es-ES.srt", "op": "auto_align", "window_ms": {}}}"#,
                    300 + i * 100
                );
                tool_turn(("edit_cues", &args), &log(i), i)
            })
            .collect();
        assert_eq!(first_of(&tuned, |f| f.repeated_failure.is_some()), Some(4));
    }

    /// Round 7: a batch walks its items. A call naming an item no call named before (`CAT-0602`
    /// after `CAT-0601`) is the work moving on, however alike the results look (the same
    /// glossary above each segment's matches); the same lookups naming no item grow the
    /// context without novelty.
    #[test]
    fn a_batch_walking_new_items_is_not_a_growth_stall() {
        let header = words(40, 160);
        let run = |named: bool| -> Vec<TurnFacts> {
            (0..10u64)
                .map(|i| {
                    let source = words(200 + i, 6);
                    let args = if named {
                        format!(r#"{{"segment_id": "CAT-06{i:02}", "source": "{source}"}}"#)
                    } else {
                        format!(r#"{{"source": "{source}"}}"#)
                    };
                    let result = format!("{header}\n---- matches ----\n[88%] {}", words(300 + i, 8));
                    TurnFacts {
                        new_text: result.clone(),
                        tool_calls: vec![("tm_lookup".into(), args)],
                        tool_results: vec![result],
                        assistant_text: String::new(),
                        input_tokens: 1000 + i * 400,
                    }
                })
                .collect()
        };
        assert_eq!(first_of(&run(true), |f| f.growth_stall.is_some()), None);
        assert_eq!(first_of(&run(false), |f| f.growth_stall.is_some()), Some(6));
    }

    /// Round 10: a short question asked again in words that share little with the last ones,
    /// the user giving back the same reply each time (not what was asked: a line of a form, a
    /// whole stay), is the same clarification not taken in; an intake whose short questions
    /// get new facts, or a one-word reply ("None."), is not.
    #[test]
    fn a_short_question_answered_with_the_same_reply_is_asked_again() {
        let run = |exchanges: &[(&str, &str)]| first_repeated_answer(exchanges.iter().copied());
        let unheard = [
            ("", "Quote the freight for pallet lot 7 to Rotterdam."),
            (
                "Happy to. Is the shipment hazardous or general cargo, since the surcharge differs?",
                "It's in the manifest, section four.",
            ),
            (
                "Thanks. Could you confirm whether the cargo is classed as dangerous?",
                "As I said, manifest section four.",
            ),
            (
                "Just checking: does the cargo need a hazardous declaration?",
                "Section four of the manifest.",
            ),
            (
                "Should I treat this as general cargo or not?",
                "The manifest, section four.",
            ),
            ("Which surcharge class applies to the lot?", "Manifest, section four!"),
        ];
        assert_eq!(run(&unheard), Some(5));
        let intake = [
            ("", "Set up the new hire's laptop."),
            (
                "Which operating system should the laptop run?",
                "Windows eleven, the standard image.",
            ),
            ("Which office is the new hire based in?", "Porto, second floor."),
            (
                "Which team mailbox should be added?",
                "Support queue and billing queue.",
            ),
            ("Does the new hire need the VPN client?", "Yes, full tunnel profile."),
            ("Should the laptop get the design suite?", "No, only the office apps."),
        ];
        assert_eq!(run(&intake), None);
        let none = [
            ("", "Fill in the incident form for the forklift scrape."),
            ("Were there any injuries reported at the scene?", "None."),
            ("Was any stock damaged during the incident?", "None."),
            ("Were any witnesses present at the incident?", "None."),
            ("Were other vehicles involved in the incident?", "None."),
            ("Were any photos taken of the incident?", "None."),
        ];
        assert_eq!(run(&none), None);
    }

    /// Round 7: the same clarification asked in new words and answered the same way: without
    /// tools, a question most of whose terms the assistant's last two answers held, the reply
    /// restating the previous reply with a term of the question, in 3 of 5 turns, is the
    /// assistant repeating itself. New questions answered with new facts are an intake.
    #[test]
    fn the_same_clarification_asked_again_is_a_repeated_answer() {
        let run = |exchanges: &[(&str, &str)]| first_repeated_answer(exchanges.iter().copied());
        let same = [
            ("", "Draft the budget justification for year one."),
            (
                "Before I draft the budget: is the postdoc appointment twelve calendar months on this award, or shared with another grant?",
                "Twelve calendar months, all on this award.",
            ),
            (
                "Thanks. To be sure before I compute fringe: the postdoc is at twelve calendar months entirely on this award, correct?",
                "Yes. Twelve months, all on this award.",
            ),
            (
                "Understood. To confirm the postdoc effort before drafting: twelve calendar months, fully on this award?",
                "Yes, as I said: twelve calendar months on this award.",
            ),
            (
                "Before I write the personnel section, can you confirm the postdoc is on twelve calendar months here?",
                "Twelve months. On this award.",
            ),
        ];
        assert_eq!(run(&same), Some(5));
        let intake = [
            ("", "Book me a hotel for the conference trip."),
            (
                "Which city would you like to stay in for the conference trip?",
                "Lisbon, near the venue.",
            ),
            (
                "Which dates would you like for the conference trip hotel?",
                "March 3 to March 7.",
            ),
            (
                "What nightly budget would you like for the conference trip hotel?",
                "Under 180 euros a night.",
            ),
            (
                "Would you like breakfast included at the conference trip hotel?",
                "Yes please, with breakfast.",
            ),
            (
                "Should the conference trip hotel have a gym or a pool?",
                "A gym would be nice.",
            ),
        ];
        assert_eq!(run(&intake), None);
        let checklist = [
            ("", "Update my account details."),
            ("Is your street address 12 Main Street, is that correct?", "Correct."),
            ("Is your phone number 555-1234, is that correct?", "Correct."),
            ("Is your email john@example.com, is that correct?", "Correct."),
            ("Is your birth date 1980-03-04, is that correct?", "Correct."),
            ("Is your postcode 90210, is that correct?", "Correct."),
            ("Is your city Boston, is that correct?", "Correct."),
        ];
        assert_eq!(run(&checklist), None, "checklist");
    }

    /// Issue 13, round 8: a cycle of the same calls whose results only tick (a revision
    /// counter, a timestamp) is a cycle when the assistant says again what it said a round
    /// earlier; the same rounds with the assistant reporting the moving figures (a rollout
    /// polled), or saying nothing, are not.
    #[test]
    fn a_cycle_whose_results_only_tick_is_a_cycle_when_the_assistant_repeats_itself() {
        let d = Detectors {
            cycle_max_period: 6,
            failure_repeats: 0,
            growth_turns: 0,
            duplicate_turns: 0,
            same_result: 0,
            ..detectors()
        };
        let calls = [
            ("roof_measurements", r#"{"address":"1427 Alder Crest Dr"}"#),
            ("design_system", r#"{"panel_count":22,"strings":2}"#),
            ("design_system", r#"{"panel_count":20,"strings":2}"#),
            ("incentive_lookup", r#"{"zip":"80304","system_kw":8.2}"#),
        ];
        let said = [
            "Re-measuring the roof to see if more modules fit.",
            "South plane fits the modules. Designing them in two strings.",
            "Voltage too high. Dropping panels.",
            "Offset too low. Checking whether incentives change the target size.",
        ];
        let run = |say: &dyn Fn(u64) -> String| {
            let mut s = Session::fresh([8; 16], 0);
            (0..12u64).find_map(|i| {
                let k = (i % 4) as usize;
                let result = format!(
                    r#"{{"tool": "{}", "check": "plan {k} unchanged", "quote_revision": {}, "generated_at": "2026-11-18T10:{:02}:00Z"}}"#,
                    calls[k].0,
                    i + 3,
                    i * 3
                );
                let mut t = facts("", Some(calls[k]), Some(&result), 100 + i * 50);
                t.assistant_text = say(i);
                s.observe(&t, &d, i * 40, 600).cycle.map(|c| (i + 1, c))
            })
        };
        // The same words every round: the second round completes the cycle.
        assert_eq!(run(&|i| said[(i % 4) as usize].to_string()), Some((8, (4, 2))));
        // One line of a round reworded is still the assistant repeating itself.
        assert_eq!(
            run(&|i| if i == 4 {
                "It came back again; re-measuring.".into()
            } else {
                said[(i % 4) as usize].into()
            }),
            Some((8, (4, 2)))
        );
        // The assistant reporting what moved (the revision it reads) is a poll, not a loop.
        assert_eq!(
            run(&|i| format!("{} Revision {} read.", said[(i % 4) as usize], i + 3)),
            None
        );
        // Nor is a poller that says nothing.
        assert_eq!(run(&|_| String::new()), None);
    }

    /// Issue 13, round 9: a round of four calls (open a switch, read, close it, read) whose
    /// reads only tick, with the assistant speaking in two of its four turns and saying the
    /// same words as a round earlier each time, is a cycle: a silent turn is no evidence
    /// either way. Speaking in one turn of four, or rewording one of the two, is not enough;
    /// nor is a monitor walking two dashboards and reporting what moved.
    #[test]
    fn a_ticking_cycle_whose_assistant_speaks_in_some_turns_only_is_a_cycle_when_it_repeats_itself() {
        let d = Detectors {
            cycle_max_period: 6,
            failure_repeats: 0,
            growth_turns: 0,
            duplicate_turns: 0,
            same_result: 0,
            ..detectors()
        };
        let calls = [
            ("switch_command", r#"{"device":"RCL-12","action":"open"}"#),
            ("scada_read", r#"{"feeder":"F-7"}"#),
            ("switch_command", r#"{"device":"RCL-12","action":"close"}"#),
            ("scada_read", r#"{"feeder":"F-7"}"#),
        ];
        let said = [
            "No change. Opening the recloser again to split the feeder.",
            "",
            "Still nothing downstream. Closing it back and re-reading.",
            "",
        ];
        let run = |say: &dyn Fn(u64) -> String| {
            let mut s = Session::fresh([8; 16], 0);
            (0..12u64).find_map(|i| {
                let k = (i % 4) as usize;
                let result = format!(
                    r#"{{"tool": "{}", "state": "{}", "seq": {}, "timestamp": "2026-03-14T14:{:02}:10Z"}}"#,
                    calls[k].0,
                    if k < 2 { "open" } else { "closed" },
                    88124 + i * 3,
                    i * 2
                );
                let mut t = facts("", Some(calls[k]), Some(&result), 100 + i * 50);
                t.assistant_text = say(i);
                s.observe(&t, &d, i * 40, 600).cycle.map(|c| (i + 1, c))
            })
        };
        // The same words in every turn it speaks: the second round completes the cycle.
        assert_eq!(run(&|i| said[(i % 4) as usize].to_string()), Some((8, (4, 2))));
        // Speaking in one turn of the four only: too little said to judge.
        assert_eq!(
            run(&|i| if i % 4 == 0 { said[0].to_string() } else { String::new() }),
            None
        );
        // One of its two lines reworded in the second round: not stalled.
        assert_eq!(
            run(&|i| if i == 6 {
                "Closing it back; the east section looks different.".into()
            } else {
                said[(i % 4) as usize].into()
            }),
            None
        );
        // A monitor walking two dashboards (reads only) and reporting the figure it reads in
        // one of its two turns is a poll, not a loop.
        let monitor = |i: u64| {
            if i % 2 == 0 {
                format!("Queue depth {} on the west dashboard.", 40 + i * 7)
            } else {
                String::new()
            }
        };
        let mut s = Session::fresh([8; 16], 0);
        let dashboards = [
            ("dashboard_read", r#"{"board":"west"}"#),
            ("dashboard_read", r#"{"board":"east"}"#),
        ];
        let flagged = (0..12u64).find_map(|i| {
            let result = format!(r#"{{"board": "{}", "status": "green", "seq": {}}}"#, i % 2, 500 + i);
            let mut t = facts("", Some(dashboards[(i % 2) as usize]), Some(&result), 100 + i * 50);
            t.assistant_text = monitor(i);
            s.observe(&t, &d, i * 40, 600).cycle.map(|c| (i + 1, c))
        });
        assert_eq!(flagged, None);
    }

    /// Round 11: an audit log paged by cursor, two pages alike (the same few actors and
    /// targets shuffled) but each holding new records (new dates), is pagination; the same
    /// records under each new cursor (dates and all) is the same page again.
    #[test]
    fn the_next_cursor_bringing_new_records_is_pagination() {
        let d = detectors();
        let actors = ["deploy-bot", "k.osei", "m.lindqvist", "price-sync"];
        let targets = [
            "/",
            "/c/tents",
            "/p/summit-stove",
            "surrogate:catalog",
            "/sale/winter-boots",
        ];
        let page = |p: u64| {
            let entries: Vec<String> = (0..6u64)
                .map(|r| {
                    format!(
                        r#"{{"actor": "{}", "kind": "{}", "target": "{}", "ts": "2026-11-{:02}T{:02}:{:02}:00Z"}}"#,
                        actors[((r + p) % 4) as usize],
                        if (r + p) % 3 == 0 { "soft" } else { "hard" },
                        targets[((r * 2 + p) % 5) as usize],
                        p + 1,
                        r * 3 + p % 3,
                        (r * 7) % 60
                    )
                })
                .collect();
            format!(
                r#"{{"entries": [{}], "next_cursor": "eyJwIjo{p}fQ", "page": {p}}}"#,
                entries.join(", ")
            )
        };
        let run = |same_records: bool| {
            let mut s = Session::fresh([31; 16], 0);
            (1..9u64).find_map(|i| {
                let args = if i == 1 {
                    r#"{"since": "2026-11-01"}"#.to_string()
                } else {
                    format!(r#"{{"cursor": "eyJwIjo{}fQ", "since": "2026-11-01"}}"#, i - 1)
                };
                let mut t = tool_turn(("list_purge_log", &args), &page(if same_records { 1 } else { i }), i);
                t.assistant_text = format!("Page {}: 6 entries. Next page.", i - 1);
                s.observe(&t, &d, i * 3, 600).duplicate.map(|_| i)
            })
        };
        assert_eq!(run(false), None);
        assert_eq!(run(true), Some(4));
    }

    /// Round 11: a batch walking the list the user gave (purge a product page, check its
    /// headers, the next page: receipts and header dumps alike but for an ETag, a date, the
    /// page's own name) is not a cycle; the same rounds for items the user never listed (the
    /// agent inventing a new id for each retry) are, and so is a listed item walked again.
    #[test]
    fn a_cycle_walking_the_users_list_is_a_batch() {
        let d = detectors();
        let url = |i: u64| format!("https://www.brightwater.example/p/ridgeline-{}p-tent", i + 2);
        let headers = |i: u64| {
            format!(
                "HTTP/2 200\ncontent-type: text/html; charset=utf-8\ncache-control: public, max-age=600\n\
                 date: Mon, 07 Dec 2026 08:{:02}:00 GMT\netag: \"{:010x}\"\nage: 0\nvary: Accept-Encoding\n\
                 x-served-by: cache-ams-edge-17\nx-cache: MISS\nx-cache-hits: 0\nvia: 1.1 varnish\n\
                 strict-transport-security: max-age=31536000; includeSubDomains\nx-frame-options: SAMEORIGIN\n\
                 surrogate-key: page-ridgeline-{}p-tent catalog\nrequest: GET {} from AMS",
                i * 2,
                0x0023_db62_d975_u64 + i * 7919,
                i + 2,
                url(i)
            )
        };
        let run = |listed: bool, again: bool| {
            let mut s = Session::fresh([32; 16], 0);
            let list: Vec<String> = (0..7).map(|i| format!("- {}", url(i))).collect();
            let task = if listed {
                format!(
                    "Purge and verify each of these pages from AMS, one at a time:\n{}",
                    list.join("\n")
                )
            } else {
                "Purge and verify the tent pages from AMS, one at a time.".to_string()
            };
            s.observe(&facts(&task, None, None, 100), &d, 0, 600);
            (0..7u64).find_map(|n| {
                let i = if again { 0 } else { n };
                let purge = format!(r#"{{"soft": false, "urls": ["{}"]}}"#, url(i));
                let receipt = format!(r#"{{"purge_id": "prg-23001{n:02}", "status": "ok", "urls": 1}}"#);
                let check = format!(r#"{{"pop": "AMS", "url": "{}"}}"#, url(i));
                let turns = [
                    (tool_turn(("purge", &purge), &receipt, 2 * n), "Purging."),
                    (
                        tool_turn(("check_headers", &check), &headers(i), 2 * n + 1),
                        "Verifying.",
                    ),
                ];
                turns.into_iter().enumerate().find_map(|(k, (mut t, said))| {
                    t.assistant_text = said.into();
                    let turn = 2 * n + k as u64 + 2;
                    s.observe(&t, &d, turn * 2, 600).cycle.map(|_| turn)
                })
            })
        };
        assert_eq!(run(true, false), None);
        assert!(run(false, false).is_some());
        assert!(run(true, true).is_some());
    }

    /// Round 12: a clarification is a message that asks, wherever its question mark stands in
    /// its last line: "is this the first or the second edition? The rules differ between
    /// them." asks as much as a line ending in `?`. The same edition asked about again and
    /// answered the same way is a repeat by turn 5 (round 11 read only lines ending in `?`:
    /// never stopped here; corpus_r's referee at turn 8, a turn late). Control: the same
    /// questions answered each time with the other option are a conversation moving.
    #[test]
    fn a_question_followed_by_its_reason_still_asks() {
        let asked = [
            "",
            "Before I rule: which edition are you using? The first edition and the second edition word the clause differently.",
            "Thanks. To be sure I apply the right text: is this the first or the second edition? The contract rules differ between them.",
            "Understood. One more check before the ruling: which edition is your copy? The first edition has no free-trade clause.",
            "Thanks. To be sure I apply the right text: is this the first or the second edition? The contract rules differ between them.",
            "Just to confirm the edition: first or second? It changes the ruling on the clause.",
            "Thanks. To be sure I apply the right text: is this the first or the second edition? The contract rules differ between them.",
            "Before ruling I need the edition: is it the first or the second? The clause depends on it.",
            "Which edition is it, first or second? I want to cite the right clause.",
        ];
        let run = |replies: [&str; 9]| first_repeated_answer(asked.iter().copied().zip(replies));
        let same = [
            "Bo did a free trade at the port; does that fulfil the wool contract?",
            "Second edition. It's the one I pasted, page 14 says 2nd ed.",
            "Second edition!! It's printed on the cover. 2nd edition.",
            "SECOND. EDITION. Same as I said.",
            "2nd edition. The pasted clause is from it.",
            "Second edition, again.",
            "It's the second edition. Please just rule.",
            "second edition",
            "Second edition. Why do you keep asking?",
        ];
        assert_eq!(run(same).map(|t| t <= 5), Some(true), "{:?}", run(same));
        let moving = [
            "Bo did a free trade at the port; does that fulfil the wool contract?",
            "Second edition, the one I pasted.",
            "First, actually: the box is the old one.",
            "Second again: the rulebook inside is the reprint.",
            "First: that is what Bo owns.",
            "Second, for my copy.",
            "First, for the club copy.",
            "Second, for the tournament.",
            "First, for the house rules.",
        ];
        assert_eq!(run(moving), None);
    }

    /// Round 11: the same clarification asked again in new words, the user giving back the
    /// term the question asks about each time (`Checking.`, then `It's Checking. I said
    /// that.`) while the rest of the reply varies, is the assistant repeating itself; the
    /// same questions answered each time with the other option are a conversation moving.
    #[test]
    fn the_same_term_given_back_to_a_reworded_question_is_a_repeat() {
        let asked = [
            "",
            "The statement lists two accounts, Checking and Savings. Before I reconcile, could you confirm which account this dispute is for?",
            "Thanks! Just to be sure I apply the right rules: is this dispute for Checking or for Savings? The statement shows both.",
            "Understood. To make sure I don't mix up the entries, can you confirm which account the dispute covers, Checking or Savings?",
            "Got it. Since the statement includes two accounts, I need to confirm: which account is this dispute for?",
            "Thank you. Could you confirm whether the dispute is for Checking or Savings? Both appear on the statement.",
            "Okay. Before reconciling, please confirm which account this dispute is for - Checking or Savings?",
            "Thanks for your patience. Which of the two accounts on the statement, Checking or Savings, is this dispute for?",
            "Understood. I just need to confirm the account for this dispute: Checking or Savings?",
        ];
        let run = |replies: [&str; 9]| first_repeated_answer(asked.iter().copied().zip(replies));
        let same = [
            "I disputed a card charge from last week, can you check it?",
            "Checking. Savings isn't part of this.",
            "Checking, the everyday one. Only checking.",
            "It's Checking. I said that.",
            "CHECKING. the card charge.",
            "Checking!! the everyday account!",
            "checking",
            "Checking. Is something broken?",
            "Checking",
        ];
        assert!(run(same).is_some());
        let moving = [
            "I disputed a card charge from last week, can you check it?",
            "Checking. Savings isn't part of this.",
            "Savings, actually, sorry, the transfer came from there.",
            "Checking again: the card was charged there.",
            "Savings: the refund should go there.",
            "Checking, for the fee.",
            "Savings, for the interest.",
            "Checking, for the overdraft.",
            "Savings, for the transfer back.",
        ];
        assert_eq!(run(moving), None);
    }

    /// Round 14: a failure word running on into another word (`firebase_crashlytics`,
    /// `exceptional`) is that other word, not the failure; its inflections (`crashed`,
    /// `errors`, `failure`) still state it.
    #[test]
    fn a_failure_word_running_on_into_another_word_is_not_stated() {
        let mut buf = String::new();
        assert!(!states_mark(
            "> Task :firebase_crashlytics:preBuild UP-TO-DATE",
            &mut buf
        ));
        assert!(!states_mark("an exceptional harvest", &mut buf));
        for stated in [
            "worker crashed",
            "3 errors",
            "task failure",
            "crashes: 2",
            "request timeouts",
        ] {
            assert!(states_mark(stated, &mut buf), "{stated}");
        }
    }

    /// Round 14 (corpus_x flutter_build_fixer_runaway_2): the same build failing the same way
    /// at the end of a long log whose task list varies every run (a `firebase_crashlytics`
    /// task in a new state each time, before the real failure) is the same failure recurring
    /// between varied attempts; builds failing for a new reason each time are not.
    #[test]
    fn the_same_failure_after_a_varied_task_list_recurs() {
        let d = detectors();
        let steps = [
            "preBuild",
            "preDebugBuild",
            "compileDebugKotlin",
            "generateDebugResources",
            "bundleLibCompileToJarDebug",
            "writeDebugAarMetadata",
            "mergeDebugAssets",
            "packageDebugResources",
        ];
        let log = |i: usize, cause: &str| {
            format!(
                "Running Gradle task 'assembleDebug'...\n> Task :firebase_crashlytics:{} UP-TO-DATE\n\
                 > Task :app:preBuild\n\n* What went wrong:\n{cause}\n\n\
                 BUILD FAILED in {}s",
                steps[i % steps.len()],
                30 + i * 7
            )
        };
        let run = |causes: &[&str]| {
            let mut s = Session::fresh([31; 16], 0);
            (0..12usize).find_map(|i| {
                let f = if i % 2 == 0 {
                    let out = log(i / 2, causes[(i / 2) % causes.len()]);
                    s.observe(
                        &tool_turn(
                            ("flutter_build", r#"{"command": "flutter build apk --debug"}"#),
                            &out,
                            i as u64,
                        ),
                        &d,
                        i as u64,
                        600,
                    )
                } else {
                    let edit = format!(r#"{{"path": "android/gradle.properties", "replace": "attempt {i}"}}"#);
                    s.observe(
                        &tool_turn(("edit_file", &edit), "{\"ok\": true}", i as u64),
                        &d,
                        i as u64,
                        600,
                    )
                };
                f.repeated_failure.map(|_| i + 1)
            })
        };
        assert_eq!(
            run(&["Execution failed for task ':app:checkDebugAarMetadata'. compileSdk 34 < 35"]),
            Some(7),
            "the fourth build failing the same way"
        );
        assert_eq!(
            run(&[
                "Execution failed for task ':app:checkDebugAarMetadata'.",
                "error: could not resolve com.google.android.gms:play-services-location.",
                "error: unresolved reference registerReceiver in Plugin.kt",
                "error: duplicate class kotlin.collections.jdk8 found in modules",
                "Manifest merger failed: uses-sdk:minSdkVersion 21 cannot be smaller",
                "error: Java heap space, increase org.gradle.jvmargs",
            ]),
            None,
            "each build fails for a new reason"
        );
    }

    /// Round 14 (corpus_y license_compliance_audit_runaway_2): a line opening with an error
    /// tag (`[ERROR] readstat-sys …: … is DENIED`) states the failure wherever it stands in a
    /// report: the same denial in every scan is the same failure, whatever flags each scan ran
    /// with; a new package denied in each scan is not.
    #[test]
    fn an_error_tagged_line_deep_in_a_report_is_the_failure_whatever_the_flags() {
        let d = detectors();
        let flags = [
            "",
            "--verbose",
            "--refresh-cache",
            "--no-vendored",
            "--offline",
            "--jobs 1",
        ];
        let scan = |i: usize, denied: &str| {
            let rows: String = (0..6usize)
                .map(|k| {
                    format!(
                        "[ {}/412] crate{} 1.{}.{} MIT ok ({} ms)\n",
                        k + i,
                        (k + i) % 6,
                        k,
                        i,
                        10 + k * i
                    )
                })
                .collect();
            format!(
                "license-scan 3.4.1 ref=audit/q4 flags={}\n{rows}[ERROR] {denied}: license expression \
                 'GPL-3.0-or-later' is DENIED by rule R-04\nsummary: 411 allowed, 1 denied -> FAIL (elapsed {}.0s)",
                flags[i],
                40 + i
            )
        };
        let run = |denied: &[&str]| {
            let mut s = Session::fresh([32; 16], 0);
            (0..6usize).find_map(|i| {
                let args = format!(r#"{{"flags": "{}", "ref": "audit/q4"}}"#, flags[i]);
                let out = scan(i, denied[i % denied.len()]);
                let f = s.observe(&tool_turn(("license_scan", &args), &out, i as u64), &d, i as u64, 600);
                f.repeated_failure.map(|_| i + 1)
            })
        };
        assert_eq!(
            run(&["readstat-sys 0.9.2"]),
            Some(4),
            "the fourth scan denying the same crate"
        );
        assert_eq!(
            run(&[
                "readstat-sys 0.9.2",
                "libgit-sys 0.4.1",
                "ffmpeg-next 7.0.0",
                "gsl-rs 0.2.3",
                "fftw-sys 3.3.1",
                "mpfr-sys 1.2.0"
            ]),
            None,
            "a new crate denied in each scan"
        );
    }

    /// Round 17 (corpus_ae `helm_chart_linter_runaway_1_responses`): a linter's output wrapped
    /// in a JSON object (`{"exit_code": 1, "output": "…\n[ERROR] …"}`) fails the same way after
    /// every re-indented include, its banner lines coming and going (an `[INFO]` line shown in
    /// some runs): read as one JSON line, each variant was another failure and the loop was
    /// missed; read by the lines of its output, the `[ERROR]` line recurs. The same outputs
    /// with a different error each run are not one failure.
    #[test]
    fn a_failure_in_a_command_output_wrapped_in_json_is_read_by_its_lines() {
        let lint = |info: bool, error: &str| {
            let output = format!(
                "==> Linting charts/payments-api\n{}[ERROR] templates/deployment.yaml: {error}\n\nError: 1 chart(s) linted, 1 chart(s) failed\n",
                if info {
                    "[INFO] Chart.yaml: icon is recommended\n"
                } else {
                    ""
                }
            );
            serde_json::json!({"exit_code": 1, "output": output}).to_string()
        };
        let turns = |same: bool| -> Vec<TurnFacts> {
            (0..12u64)
                .map(|i| {
                    if i % 2 == 1 {
                        let diff = format!(
                            r#"{{"path": "templates/deployment.yaml", "diff": "nindent {}"}}"#,
                            4 + i
                        );
                        return tool_turn(("apply_patch", &diff), "patched templates/deployment.yaml", i);
                    }
                    let error = if same {
                        "unable to parse YAML: yaml: line 38: did not find expected key".to_string()
                    } else {
                        [
                            "unknown field \"podAnnotation\"",
                            "template: no template \"x.labels\"",
                            "mapping values are not allowed here",
                            "nil pointer evaluating .Values.image",
                        ][(i / 2 % 4) as usize]
                            .to_string()
                    };
                    tool_turn(
                        ("run", r#"{"cmd": "helm lint charts/payments-api"}"#),
                        &lint(i % 4 != 2, &error),
                        i,
                    )
                })
                .collect()
        };
        assert_eq!(first_of(&turns(true), |f| f.repeated_failure.is_some()), Some(7));
        assert_eq!(first_of(&turns(false), |f| f.repeated_failure.is_some()), None);
    }

    /// Round 17 (corpus_ae `insurance_fnol_intake_runaway_1_anthropic`, corpus_af
    /// `municipal_311_dispatcher_runaway_1_chat`): a lookup answering that it found nothing
    /// (`"found": false`) or could not resolve the ask (`"status": "AMBIGUOUS"`), for the same
    /// thing asked in new words each time, its answer echoing the words asked inside a longer
    /// text (`"query": "400 Elm Street, Fairhaven"`), is one failure recurring; the lookup
    /// finding what it was asked for is not a failure, and lookups answered with different
    /// candidates each time are different answers.
    #[test]
    fn a_lookup_finding_nothing_for_the_same_thing_reworded_is_one_failure() {
        let asks = [
            "400 Elm St",
            "400 Elm Street",
            "400 ELM ST",
            "400 Elm St.",
            "Elm St 400",
            "400 Elm",
        ];
        let turns = |status: &str, same_candidates: bool| -> Vec<TurnFacts> {
            asks.iter()
                .enumerate()
                .map(|(i, a)| {
                    let args = serde_json::json!({"address": a, "city": "Fairhaven"}).to_string();
                    let label = if same_candidates {
                        "NW".to_string()
                    } else {
                        format!("quadrant {}", ["N", "S", "E", "W", "NE", "SW"][i])
                    };
                    let result = serde_json::json!({
                        "status": status,
                        "query": format!("{a}, Fairhaven"),
                        "query_id": format!("gq-5d21c{i}"),
                        "candidates": [{"location_id": format!("LOC-7712{i}"), "label": format!("400 ELM ST {label}")}],
                    })
                    .to_string();
                    tool_turn(("geocode_address", &args), &result, i as u64)
                })
                .collect()
        };
        // (The third ask, `400 ELM ST`, is also the candidates' label, masked there too: another
        // signature, so the fourth of the same is the fifth ask.)
        assert_eq!(
            first_of(&turns("AMBIGUOUS", true), |f| f.repeated_failure.is_some()),
            Some(5)
        );
        assert_eq!(
            first_of(&turns("MATCHED", true), |f| f.repeated_failure.is_some()),
            None
        );
        assert_eq!(
            first_of(&turns("AMBIGUOUS", false), |f| f.repeated_failure.is_some()),
            None
        );
        let lookups: Vec<TurnFacts> = ["HLH-0448120", "HLH0448120", "HLH 0448120", "HLH-0448120", "hlh-0448120"]
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let args = serde_json::json!({"policy_number": p}).to_string();
                let result = serde_json::json!({"found": false, "matches": 0, "searched": {"policy_number": p}, "request_id": format!("lp-74019{i}")}).to_string();
                tool_turn(("lookup_policy", &args), &result, i as u64)
            })
            .collect();
        assert_eq!(first_of(&lookups, |f| f.repeated_failure.is_some()), Some(4));
    }
}
