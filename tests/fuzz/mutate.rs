//! The mutation engine: a deterministic PRNG and byte-level and JSON-aware mutations
//! (bit flips, inserts, deletes, duplicated ranges, splices between seeds, dictionary
//! tokens, duplicated members, deep nesting, huge numbers, long strings, invalid UTF-8,
//! truncation). Knows nothing of tollgate; touches only the buffers it is given.

use serde_json::{Map, Value};

/// SplitMix64: small, fast, and the same sequence on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A size biased towards small values: `1..=max`.
    pub fn small(&mut self, max: usize) -> usize {
        let bits = self.below(usize::BITS as usize - max.max(1).leading_zeros() as usize + 1);
        (1 + self.below(1usize << bits)).min(max.max(1))
    }
}

const INTERESTING_BYTES: &[u8] = b"\0\x01\x7f\x80\xff\"\\{}[],:0-+.eE \t\n\r/u";

/// Tokens that make JSON, SSE and HTTP parsers take unusual paths.
const TOKENS: &[&[u8]] = &[
    b"{}",
    b"[]",
    b"null",
    b"true",
    b"false",
    b"\"\"",
    b"0",
    b"-0",
    b"-1",
    b"1e999",
    b"-1e999",
    b"1.5",
    b"1E+2",
    b"18446744073709551615",
    b"18446744073709551616",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"99999999999999999999999999999999",
    b"0.000000000000000000001",
    b"\"\\u0000\"",
    b"\"\\ud800\"",
    b"\"\\udc00\\ud800\"",
    b"\"\\uD83D\\uDE00\"",
    b"\\u",
    b"\xff",
    b"\xc3",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\n\n",
    b"\r\r",
    b"data: ",
    b"data: [DONE]\n\n",
    b"event: ",
    b"id: ",
    b"retry: 1\n",
    b": comment\n",
    b"data: {}\n\n",
    b"\"usage\":",
    b"\"model\":",
    b"\"stream\":true",
    b"\"n\":",
    b"\"type\":",
    b"\"text\":",
    b"\"content\":",
    b"%",
    b"%2F",
    b"%ff",
    b"?",
    b"&",
    b"=",
    b"Bearer ",
    b"bearer ",
    b"\xe2\x80\x83",
    b"\xe3\x80\x80",
];

pub struct Mutator {
    /// Keys and string values seen in the seeds (field names to splice in).
    pub dict: Vec<Vec<u8>>,
    pub max_len: usize,
}

impl Mutator {
    pub fn new(seeds: &[&[u8]], max_len: usize) -> Mutator {
        let mut dict: Vec<Vec<u8>> = Vec::new();
        for s in seeds {
            if let Ok(v) = serde_json::from_slice::<Value>(s) {
                collect_keys(&v, &mut dict, 0);
            }
        }
        dict.sort();
        dict.dedup();
        dict.truncate(4096);
        Mutator { dict, max_len }
    }

    /// Applies 1..=`rounds` random mutations to `data`; `others` are same-kind inputs
    /// to splice from. Returns whether a mutation made deep nesting (a stack risk).
    pub fn mutate(&self, rng: &mut Rng, data: &mut Vec<u8>, others: &[&[u8]], rounds: usize) -> bool {
        let mut deep = false;
        for _ in 0..rng.small(rounds) {
            deep |= self.once(rng, data, others);
        }
        if data.len() > self.max_len {
            data.truncate(self.max_len);
        }
        deep
    }

    fn once(&self, rng: &mut Rng, data: &mut Vec<u8>, others: &[&[u8]]) -> bool {
        let len = data.len();
        match rng.below(20) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = *rng.pick(INTERESTING_BYTES);
            }
            2 => {
                let at = rng.below(len + 1);
                let n = rng.small(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(at..at, bytes);
            }
            3 if len > 0 => {
                let at = rng.below(len);
                let n = rng.small((len - at).min(len / 4 + 1));
                data.drain(at..at + n);
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let n = rng.small((len - from).min(256));
                let piece = data[from..from + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, piece);
            }
            5 | 6 if !others.is_empty() => {
                let other = *rng.pick(others);
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let n = rng.small((other.len() - from).min(1024));
                    let piece = other[from..from + n].to_vec();
                    let at = rng.below(len + 1);
                    if rng.chance(2) {
                        let end = (at + rng.small(64)).min(len);
                        data.splice(at..end, piece);
                    } else {
                        data.splice(at..at, piece);
                    }
                }
            }
            7 => {
                let at = rng.below(len + 1);
                let tok = rng.pick(TOKENS).to_vec();
                data.splice(at..at, tok);
            }
            8 if !self.dict.is_empty() => {
                let at = rng.below(len + 1);
                let mut tok = b"\"".to_vec();
                tok.extend_from_slice(rng.pick::<Vec<u8>>(&self.dict));
                tok.extend_from_slice(if rng.chance(2) { b"\":" } else { b"\"" });
                data.splice(at..at, tok);
            }
            9 if len > 0 => {
                data.truncate(rng.below(len));
            }
            10 => {
                // Deep nesting at a random point.
                let depth = if rng.chance(8) {
                    1 + rng.below(20_000)
                } else {
                    1 + rng.below(200)
                };
                let (open, close): (&[u8], &[u8]) = match rng.below(3) {
                    0 => (b"[", b"]"),
                    1 => (b"{\"a\":", b"}"),
                    _ => (b"[{\"x\":[", b"]}]"),
                };
                let mut piece = open.repeat(depth);
                piece.extend_from_slice(b"1");
                piece.extend_from_slice(&close.repeat(depth));
                let at = rng.below(len + 1);
                data.splice(at..at, piece);
                return depth > 120;
            }
            11 => {
                // A long string or run of spaces.
                let n = if rng.chance(16) {
                    rng.below(40_000)
                } else {
                    rng.below(2_000)
                };
                let ch: &[u8] = match rng.below(5) {
                    0 => b" ",
                    1 => b"a",
                    2 => "é".as_bytes(),
                    3 => "\u{1F600}".as_bytes(),
                    _ => b"\\n",
                };
                let at = rng.below(len + 1);
                data.splice(at..at, ch.repeat(n));
            }
            12..=16 => return self.json_mutation(rng, data, others),
            _ => {
                // Replace a number-looking run with an extreme one.
                if let Some(at) = find_digit(rng, data) {
                    let end = at
                        + data[at..]
                            .iter()
                            .take_while(|b| b.is_ascii_digit() || b"+-.eE".contains(b))
                            .count();
                    let tok = rng.pick(&TOKENS[6..19]).to_vec();
                    data.splice(at..end, tok);
                }
            }
        }
        false
    }

    /// Parses `data` as JSON, changes one node, writes it back (maybe duplicating a
    /// member). Leaves `data` alone when it is not JSON.
    fn json_mutation(&self, rng: &mut Rng, data: &mut Vec<u8>, others: &[&[u8]]) -> bool {
        let Ok(mut v) = serde_json::from_slice::<Value>(data) else {
            return false;
        };
        let donor = if others.is_empty() {
            None
        } else {
            serde_json::from_slice::<Value>(rng.pick::<&[u8]>(others)).ok()
        };
        let mut deep = false;
        let op = rng.below(9);
        {
            let node = random_node(rng, &mut v);
            match op {
                0 => *node = random_scalar(rng),
                1 => {
                    if let Some(d) = donor.as_ref() {
                        *node = random_subtree(rng, d).clone();
                    }
                }
                2 => {
                    if let Value::Object(m) = node {
                        if !m.is_empty() {
                            let i = rng.below(m.len());
                            let k = m.keys().nth(i).cloned().unwrap_or_default();
                            m.shift_remove(&k);
                        }
                    } else if let Value::Array(a) = node {
                        if !a.is_empty() {
                            a.remove(rng.below(a.len()));
                        }
                    }
                }
                3 => {
                    let key = if self.dict.is_empty() {
                        "x".to_string()
                    } else {
                        String::from_utf8_lossy(rng.pick::<Vec<u8>>(&self.dict)).into_owned()
                    };
                    let val = match donor.as_ref() {
                        Some(d) if rng.chance(2) => random_subtree(rng, d).clone(),
                        _ => random_scalar(rng),
                    };
                    if let Value::Object(m) = node {
                        m.insert(key, val);
                    } else if let Value::Array(a) = node {
                        let at = rng.below(a.len() + 1);
                        a.insert(at, val);
                    }
                }
                4 => {
                    let inner = node.take();
                    *node = if rng.chance(2) {
                        Value::Array(vec![inner])
                    } else {
                        let mut m = Map::new();
                        m.insert("text".into(), inner);
                        Value::Object(m)
                    };
                }
                5 => {
                    if let Value::Array(a) = node {
                        if let Some(x) = a.first().cloned() {
                            let n = rng.small(64);
                            for _ in 0..n {
                                a.push(x.clone());
                            }
                        }
                    }
                }
                6 => {
                    let max = if rng.chance(8) { 5_000 } else { 100 };
                    let depth = 1 + rng.below(max);
                    let mut inner = node.take();
                    for _ in 0..depth {
                        inner = Value::Array(vec![inner]);
                    }
                    *node = inner;
                    deep = depth > 120;
                }
                _ => {}
            }
        }
        let mut out = Vec::with_capacity(data.len() + 16);
        let dup = if op >= 7 { 1 + rng.below(4) } else { 0 };
        let pretty = rng.chance(2);
        write_json(rng, &v, &mut out, dup, pretty);
        *data = out;
        deep
    }
}

fn find_digit(rng: &mut Rng, data: &[u8]) -> Option<usize> {
    if data.is_empty() {
        return None;
    }
    let start = rng.below(data.len());
    let rel = data[start..].iter().position(u8::is_ascii_digit)?;
    let mut at = start + rel;
    while at > 0 && data[at - 1].is_ascii_digit() {
        at -= 1;
    }
    Some(at)
}

fn collect_keys(v: &Value, out: &mut Vec<Vec<u8>>, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.as_bytes().to_vec());
                collect_keys(x, out, depth + 1);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_keys(x, out, depth + 1)),
        Value::String(s) if s.len() <= 32 => out.push(s.as_bytes().to_vec()),
        _ => {}
    }
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::from(rng.next()),
        3 => Value::from(-(rng.below(1000) as i64)),
        4 => Value::from(u64::MAX),
        5 => serde_json::json!(1.5e300),
        6 => Value::String(String::new()),
        7 => Value::String("x".repeat(rng.small(5000))),
        8 => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    }
}

/// A random node, reached by random descent.
fn random_node<'a>(rng: &mut Rng, v: &'a mut Value) -> &'a mut Value {
    let stop = rng.chance(4);
    let len = match &*v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if stop || len == 0 {
        return v;
    }
    let i = rng.below(len);
    match v {
        Value::Object(m) => match m.values_mut().nth(i) {
            Some(child) => random_node(rng, child),
            None => unreachable!(),
        },
        Value::Array(a) => random_node(rng, &mut a[i]),
        _ => unreachable!(),
    }
}

fn random_subtree<'a>(rng: &mut Rng, v: &'a Value) -> &'a Value {
    let len = match v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if len == 0 || rng.chance(3) {
        return v;
    }
    let i = rng.below(len);
    match v {
        Value::Object(m) => random_subtree(rng, m.values().nth(i).unwrap_or(v)),
        Value::Array(a) => random_subtree(rng, &a[i]),
        _ => v,
    }
}

/// Serialises `v`; `dup` members of random objects are written twice (a duplicate key
/// serde's `Value` cannot hold); `pretty` adds whitespace between tokens.
fn write_json(rng: &mut Rng, v: &Value, out: &mut Vec<u8>, mut dup: usize, pretty: bool) {
    // Iterative over a stack to survive deep nesting.
    enum Step<'a> {
        Value(&'a Value),
        Raw(&'static [u8]),
        Key(&'a str),
    }
    let mut stack = vec![Step::Value(v)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Raw(b) => out.extend_from_slice(b),
            Step::Key(k) => {
                out.extend_from_slice(serde_json::to_string(k).unwrap_or_default().as_bytes());
                out.extend_from_slice(if pretty { b": " } else { b":" });
            }
            Step::Value(Value::Object(m)) => {
                out.push(b'{');
                stack.push(Step::Raw(b"}"));
                let mut members: Vec<(&String, &Value)> = m.iter().collect();
                if dup > 0 && !members.is_empty() && rng.chance(2) {
                    dup -= 1;
                    let i = rng.below(members.len());
                    let at = rng.below(members.len() + 1);
                    members.insert(at, members[i]);
                }
                for (n, (k, x)) in members.iter().enumerate().rev() {
                    stack.push(Step::Value(x));
                    stack.push(Step::Key(k));
                    if n > 0 {
                        stack.push(Step::Raw(if pretty { b", " } else { b"," }));
                    }
                }
            }
            Step::Value(Value::Array(a)) => {
                out.push(b'[');
                stack.push(Step::Raw(b"]"));
                for (n, x) in a.iter().enumerate().rev() {
                    stack.push(Step::Value(x));
                    if n > 0 {
                        stack.push(Step::Raw(b","));
                    }
                }
            }
            Step::Value(scalar) => {
                out.extend_from_slice(serde_json::to_string(scalar).unwrap_or_default().as_bytes());
            }
        }
    }
}
