//! Image input tokens by OpenAI's published tile formula, with the image size read from
//! the header of a base64 data URL (PNG, JPEG, GIF, WebP). When the size is unknown (a
//! remote URL) the worst case for the detail level is used. Always an estimate.
//! Pure: decodes only the bytes it is given; fetches nothing.

use base64::Engine as _;

/// Tile constants: tokens per 512-px tile and the base cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileCost {
    pub base: u64,
    pub per_tile: u64,
}

impl TileCost {
    /// gpt-4o-mini bills images at its own (higher) token constants; the rest of the
    /// tile-billed family uses 85 + 170 per tile.
    pub fn for_model(model: &str) -> TileCost {
        if model.contains("gpt-4o-mini") {
            TileCost {
                base: 2833,
                per_tile: 5667,
            }
        } else {
            TileCost {
                base: 85,
                per_tile: 170,
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Low,
    High,
    Auto,
}

impl Detail {
    pub fn parse(text: Option<&str>) -> Detail {
        match text {
            Some("low") => Detail::Low,
            Some("high") => Detail::High,
            _ => Detail::Auto,
        }
    }
}

/// Tokens for an image of `size` (width, height), or the worst case when unknown.
pub fn image_tokens(size: Option<(u64, u64)>, detail: Detail, cost: TileCost) -> u64 {
    if detail == Detail::Low {
        return cost.base;
    }
    // Worst case for high/auto detail: a 768 x 2048 image gives 2 x 4 tiles.
    let (w, h) = size.unwrap_or((768, 2048));
    if w == 0 || h == 0 {
        return cost.base;
    }
    let (w, h) = fit_within(w, h, 2048);
    let (w, h) = shortest_side_at_most(w, h, 768);
    let tiles = w.div_ceil(512) * h.div_ceil(512);
    cost.base + cost.per_tile * tiles
}

fn fit_within(w: u64, h: u64, max: u64) -> (u64, u64) {
    if w <= max && h <= max {
        return (w, h);
    }
    if w >= h {
        (max, (h * max).div_ceil(w).max(1))
    } else {
        ((w * max).div_ceil(h).max(1), max)
    }
}

fn shortest_side_at_most(w: u64, h: u64, max: u64) -> (u64, u64) {
    let shortest = w.min(h);
    if shortest <= max {
        return (w, h);
    }
    ((w * max).div_ceil(shortest), (h * max).div_ceil(shortest))
}

/// The size of an image given as `data:image/...;base64,...`, read from its header.
pub fn data_url_size(url: &str) -> Option<(u64, u64)> {
    let rest = url.strip_prefix("data:")?;
    let (meta, payload) = rest.split_once(',')?;
    if !meta.ends_with(";base64") {
        return None;
    }
    // JPEG headers can sit behind large EXIF blocks; 64 KiB of base64 covers most.
    let mut head: String = payload
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .take(65536)
        .collect();
    if !head.is_ascii() {
        return None; // not base64 (and a byte-length cut could split a character)
    }
    head.truncate(head.len() - head.len() % 4);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(head.trim_end_matches('='))
        .ok()
        .or_else(|| {
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(head.trim_end_matches('='))
                .ok()
        })?;
    image_size(&bytes)
}

/// Width and height from an image file's header.
pub fn image_size(b: &[u8]) -> Option<(u64, u64)> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some((be32(b, 16)?, be32(b, 20)?));
    }
    if b.starts_with(b"GIF8") {
        return Some((le16(b, 6)?, le16(b, 8)?));
    }
    if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        return webp_size(b);
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        return jpeg_size(b);
    }
    None
}

fn be16(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at + 2)?;
    Some(u64::from(u16::from_be_bytes([*s.first()?, *s.get(1)?])))
}

fn le16(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at + 2)?;
    Some(u64::from(u16::from_le_bytes([*s.first()?, *s.get(1)?])))
}

fn be32(b: &[u8], at: usize) -> Option<u64> {
    let s: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
    Some(u64::from(u32::from_be_bytes(s)))
}

fn le24(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at + 3)?;
    Some(u64::from(*s.first()?) | u64::from(*s.get(1)?) << 8 | u64::from(*s.get(2)?) << 16)
}

fn jpeg_size(b: &[u8]) -> Option<(u64, u64)> {
    let mut at = 2usize;
    while at + 4 <= b.len() {
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let h = be16(b, at + 5)?;
            let w = be16(b, at + 7)?;
            return Some((w, h));
        }
        let len = usize::try_from(be16(b, at + 2)?).ok()?;
        at += 2 + len;
    }
    None
}

fn webp_size(b: &[u8]) -> Option<(u64, u64)> {
    match b.get(12..16)? {
        b"VP8 " => Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF)),
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some((u64::from(bits & 0x3FFF) + 1, u64::from((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_url_with_non_ascii_payload_is_unreadable_not_a_panic() {
        // Found by the fuzzer (target `requests`): the 4-byte cut landed inside `é`.
        assert_eq!(data_url_size("data:image/png;base64,iVBORw0KGgo\u{e9}"), None);
        assert_eq!(data_url_size("data:image/png;base64,\u{1F600}"), None);
    }

    const GPT4O: TileCost = TileCost {
        base: 85,
        per_tile: 170,
    };

    #[test]
    fn openai_documented_examples() {
        // OpenAI's vision guide: 1024x1024 high -> 765; 2048x4096 high -> 1105; low -> 85.
        assert_eq!(image_tokens(Some((1024, 1024)), Detail::High, GPT4O), 765);
        assert_eq!(image_tokens(Some((2048, 4096)), Detail::High, GPT4O), 1105);
        assert_eq!(image_tokens(Some((4096, 8192)), Detail::Low, GPT4O), 85);
    }

    #[test]
    fn unknown_size_is_the_worst_case() {
        let worst = image_tokens(None, Detail::Auto, GPT4O);
        for (w, h) in [
            (512, 512),
            (1024, 1024),
            (768, 2048),
            (2048, 768),
            (4000, 3000),
            (100, 9000),
        ] {
            assert!(image_tokens(Some((w, h)), Detail::High, GPT4O) <= worst, "{w}x{h}");
        }
    }

    #[test]
    fn png_header_is_read_from_a_data_url() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&1024u32.to_be_bytes());
        png.extend_from_slice(&768u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        let url = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&png)
        );
        assert_eq!(data_url_size(&url), Some((1024, 768)));
    }

    #[test]
    fn jpeg_sof_is_found_after_app_segments() {
        let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80]);
        assert_eq!(image_size(&jpg), Some((640, 480)));
    }
}
