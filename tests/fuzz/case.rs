//! One fuzz input: a target name, a few `key=value` settings and one or more byte parts,
//! stored as a single file (a header line, then the parts back to back) so a crashing
//! input can be saved, committed under tests/fixtures/fuzz/ and replayed as it was.
//! Touches nothing but its own bytes.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub target: String,
    /// Settings of the target (which API, status, chunking seed…), in order.
    pub meta: Vec<(String, String)>,
    pub parts: Vec<Vec<u8>>,
}

impl Case {
    pub fn new(target: &str, meta: &[(&str, &str)], parts: Vec<Vec<u8>>) -> Case {
        Case {
            target: target.to_string(),
            meta: meta.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            parts,
        }
    }

    pub fn get(&self, key: &str) -> &str {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn set(&mut self, key: &str, value: &str) {
        match self.meta.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value.to_string(),
            None => self.meta.push((key.to_string(), value.to_string())),
        }
    }

    pub fn part(&self, i: usize) -> &[u8] {
        self.parts.get(i).map(Vec::as_slice).unwrap_or_default()
    }

    /// `fuzz-case target=NAME k=v ... lens=a,b\n` then the parts. Values hold no spaces.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut head = format!("fuzz-case target={}", self.target);
        for (k, v) in &self.meta {
            let _ = write!(head, " {k}={v}");
        }
        let lens: Vec<String> = self.parts.iter().map(|p| p.len().to_string()).collect();
        let _ = writeln!(head, " lens={}", lens.join(","));
        let mut out = head.into_bytes();
        for p in &self.parts {
            out.extend_from_slice(p);
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Case, String> {
        let nl = bytes.iter().position(|&b| b == b'\n').ok_or("no header line")?;
        let head = std::str::from_utf8(&bytes[..nl]).map_err(|e| e.to_string())?;
        let mut words = head.split(' ');
        if words.next() != Some("fuzz-case") {
            return Err("not a fuzz case (header must start with `fuzz-case`)".into());
        }
        let mut target = None;
        let mut meta = Vec::new();
        let mut lens = Vec::new();
        for w in words {
            let (k, v) = w.split_once('=').ok_or_else(|| format!("bad header word {w:?}"))?;
            match k {
                "target" => target = Some(v.to_string()),
                "lens" => {
                    for n in v.split(',').filter(|n| !n.is_empty()) {
                        lens.push(n.parse::<usize>().map_err(|e| e.to_string())?);
                    }
                }
                _ => meta.push((k.to_string(), v.to_string())),
            }
        }
        let mut rest = &bytes[nl + 1..];
        let mut parts = Vec::new();
        for n in lens {
            if n > rest.len() {
                return Err("parts shorter than their lengths".into());
            }
            let (p, r) = rest.split_at(n);
            parts.push(p.to_vec());
            rest = r;
        }
        Ok(Case {
            target: target.ok_or("no target")?,
            meta,
            parts,
        })
    }

    /// A stable short hash of the case (file names, chunking seeds).
    pub fn hash(&self) -> u64 {
        fnv(&self.to_bytes())
    }
}

pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
