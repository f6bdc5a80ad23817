#!/usr/bin/env python3
"""Generate the oracle token-count fixtures under tests/fixtures/tokens/ with Python tiktoken.

Run it through scripts/gen_token_fixtures.sh, which makes a throwaway venv with a pinned
tiktoken and passes --require-tiktoken. Outputs:

  tests/fixtures/tokens/text.json  plain-text cases, counted with enc.encode_ordinary(text)
  tests/fixtures/tokens/chat.json  Chat Completions request bodies, counted with the OpenAI
                                   cookbook's num_tokens_from_messages / num_tokens_for_tools

Offline vocabulary: Python tiktoken downloads its BPE files and caches them in
TIKTOKEN_CACHE_DIR under sha1(url).hex. This machine cannot reach that host, so we copy the
same files that the tiktoken-rs crate ships (assets/{cl100k,o200k}_base.tiktoken) into a
private cache dir under those names. The URLs and sha256 `expected_hash` values are read
from the installed tiktoken_ext.openai_public (never hard-coded here). We check sha256
ourselves before copying, and tiktoken checks it again when loading; any network read is
made to fail, so if an encoding loads, its vocabulary is byte-for-byte OpenAI's published one.

Text format (shared with tests/token_oracle.rs): a case's "text" is either a JSON string,
or {"parts": [PART, ...]} whose expansion is the concatenation of its parts, where a PART is
a string or {"repeat": STRING, "times": N} (STRING repeated N times). Long inputs are stored
that way to keep the file small.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "tests" / "fixtures" / "tokens"
ENCODINGS = ("cl100k_base", "o200k_base")


# ---------------------------------------------------------------------------------------
# Offline vocabulary set-up
# ---------------------------------------------------------------------------------------


def tiktoken_rs_assets() -> tuple[str, Path]:
    """(version, assets dir) of the tiktoken-rs crate this repo's Cargo.lock resolves to."""
    try:
        out = subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--manifest-path", str(REPO / "Cargo.toml")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for pkg in json.loads(out)["packages"]:
            if pkg["name"] == "tiktoken-rs":
                return pkg["version"], Path(pkg["manifest_path"]).parent / "assets"
    except (OSError, subprocess.CalledProcessError, KeyError, ValueError) as e:
        print(f"cargo metadata failed ({e}); falling back to a registry glob", file=sys.stderr)
    home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    found = sorted(glob.glob(str(home / "registry" / "src" / "*" / "tiktoken-rs-*" / "assets")))
    if not found:
        sys.exit("cannot find the tiktoken-rs crate sources (run `cargo fetch` first)")
    assets = Path(found[-1])
    return assets.parent.name.removeprefix("tiktoken-rs-"), assets


def openai_public_sources() -> dict[str, tuple[str, str]]:
    """{encoding: (url, expected_sha256)} as the installed tiktoken_ext.openai_public has them."""
    import tiktoken_ext.openai_public as op

    captured: dict[str, tuple[str, str]] = {}
    real = op.load_tiktoken_bpe

    for name in ENCODINGS:

        def capture(url, expected_hash=None, _name=name):
            captured[_name] = (url, expected_hash)
            return {}

        op.load_tiktoken_bpe = capture
        try:
            getattr(op, name)()
        finally:
            op.load_tiktoken_bpe = real
        if not captured.get(name, (None, None))[1]:
            sys.exit(f"tiktoken_ext.openai_public.{name} has no expected_hash; refusing to trust it")
    return captured


def prepare_offline_cache(cache_dir: Path) -> dict:
    rs_version, assets = tiktoken_rs_assets()
    sources = openai_public_sources()
    cache_dir.mkdir(parents=True, exist_ok=True)
    provenance = {}
    for name, (url, expected) in sources.items():
        src = assets / f"{name}.tiktoken"
        data = src.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            sys.exit(f"{src}: sha256 {actual} != tiktoken's expected_hash {expected} for {url}")
        key = hashlib.sha1(url.encode()).hexdigest()
        shutil.copyfile(src, cache_dir / key)
        provenance[name] = {"url": url, "sha256": expected, "cache_file": key}
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)

    # No downloads: if the cache were somehow rejected, fail instead of reaching out.
    import tiktoken.load

    def no_network(blobpath):
        raise RuntimeError(f"network access disabled in fixture generation: {blobpath}")

    tiktoken.load.read_file = no_network
    return {"tiktoken_rs_version": rs_version, "files": provenance}


# ---------------------------------------------------------------------------------------
# Text cases
# ---------------------------------------------------------------------------------------


def rep(s: str, times: int) -> dict:
    return {"repeat": s, "times": times}


def expand(text) -> str:
    """Same rule as tests/token_oracle.rs: a string, or {"parts": [...]}."""
    if isinstance(text, str):
        return text
    out = []
    for part in text["parts"]:
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(part["repeat"] * part["times"])
    return "".join(out)


def parts(*ps) -> dict:
    return {"parts": list(ps)}


PROSE_LONG = """The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times; it was the age of wisdom, it was the age of foolishness.

In the second paragraph we talk about budgets. A team that spends $12,345.67 per month on inference wants to know, before a request leaves the building, whether it will blow the budget. "Estimate first," she said, "then decide."

Finally, a third paragraph with contractions: we're, they've, I'd, you'll, it's, don't, can't, won't — and an ellipsis… plus some "smart quotes" and ‘single ones’.
"""

PROSE_ESSAY = (
    "Token budgets are a simple idea with sharp edges. A proxy sees the request body, counts "
    "what it can, estimates what it cannot, and compares the total to what the tenant may "
    "still spend. Counting must be exact where it can be, because over-counting rejects good "
    "requests and under-counting lets runaway loops through.\n\n"
    "Consider a chat request with a long system prompt, a dozen turns of history, and a tool "
    "definition or two. Each string is tokenized; each message adds a few framing tokens; the "
    "reply is primed. None of it is hard, but all of it must agree with the provider's bill.\n\n"
    "That is why these fixtures exist: they were produced by OpenAI's own tokenizer library, "
    "and the Rust implementation must match them token for token.\n"
)

PY_CODE = '''import json
from dataclasses import dataclass


@dataclass
class Budget:
    tenant: str
    limit_usd: float
    spent_usd: float = 0.0

    def remaining(self) -> float:
        return max(0.0, self.limit_usd - self.spent_usd)


def load(path: str) -> list[Budget]:
    with open(path, encoding="utf-8") as f:
        return [Budget(**row) for row in json.load(f)]


if __name__ == "__main__":
    for b in load("budgets.json"):
        print(f"{b.tenant:>12}: ${b.remaining():,.2f} left")
'''

RUST_CODE = '''use std::collections::HashMap;

/// Remaining budget per tenant, in micro-dollars.
pub fn remaining(limits: &HashMap<String, u64>, spent: &HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut out: Vec<_> = limits
        .iter()
        .map(|(t, &l)| (t.clone(), l.saturating_sub(*spent.get(t).unwrap_or(&0))))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn it_works() {
        assert_eq!(2 + 2, 4);
    }
}
'''

JS_CODE = '''// Count requests per model and print the top three.
const counts = new Map();
for (const req of requests) {
  counts.set(req.model, (counts.get(req.model) ?? 0) + 1);
}
const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
console.log(`top models: ${top.map(([m, n]) => `${m}=${n}`).join(", ")}`);
export default async function handler(req, res) {
  const body = await req.json();
  return res.status(200).json({ ok: true, tokens: body?.usage?.total_tokens ?? null });
}
'''

SQL_CODE = '''SELECT t.tenant_id,
       SUM(u.input_tokens)  AS input_tokens,
       SUM(u.output_tokens) AS output_tokens,
       ROUND(SUM(u.cost_usd)::numeric, 4) AS cost
  FROM usage u
  JOIN tenants t ON t.id = u.tenant_id
 WHERE u.created_at >= NOW() - INTERVAL '30 days'
   AND u.model IN ('gpt-4o', 'gpt-4o-mini')
 GROUP BY t.tenant_id
HAVING SUM(u.cost_usd) > 100
 ORDER BY cost DESC
 LIMIT 20;
'''

SHELL_CODE = '''#!/usr/bin/env bash
set -euo pipefail
for f in "$@"; do
  if [[ -f "$f" ]]; then
    n=$(wc -l < "$f")
    printf '%-40s %8d\\n' "$f" "$n"
  else
    echo "missing: $f" >&2; exit 1
  fi
done | sort -k2 -n -r | head -n 10
curl -sS -X POST -H 'Content-Type: application/json' -d '{"a":1}' "$URL" | jq '.data[] | .id'
'''

HTML_CODE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Budget &amp; Usage</title></head>
<body>
  <div class="card" id="main" data-tenant='acme'>
    <p>Spent: <strong>$42.00</strong> of $100.00</p>
  </div>
  <script>document.getElementById("main").hidden = false;</script>
</body>
</html>
"""

JSON_NESTED = {
    "model": "gpt-4o",
    "tenant": {"id": "acme-42", "tags": ["prod", "eu-west-1"], "limits": {"daily_usd": 250.0, "rpm": 600}},
    "history": [
        {"ts": "2026-01-01T00:00:00Z", "tokens": {"in": 1234, "out": 567}, "ok": True},
        {"ts": "2026-01-02T12:30:45.123Z", "tokens": {"in": 0, "out": 0}, "ok": False, "error": None},
    ],
    "nested": {"a": {"b": {"c": {"d": {"e": [1, [2, [3, [4, [5]]]]]}}}}},
}

JSON_ESCAPES = {
    "quote": 'She said "hi"',
    "backslash": "C:\\Users\\me\\file.txt",
    "newline": "line1\nline2\r\nline3\ttabbed",
    "unicode": "caf\u00e9 \u2603 \U0001F600",
    "control": "\u0001\u001f",
    "slash": "a/b</script>",
}


def text_cases() -> list[dict]:
    c: list[tuple[str, str, object]] = []

    def add(category, name, text):
        c.append((category, name, text))

    # --- prose --------------------------------------------------------------------------
    add("prose", "empty", "")
    add("prose", "single_word", "hello")
    add("prose", "hello_world", "hello world")
    add("prose", "pangram", "The quick brown fox jumps over the lazy dog.")
    add("prose", "sentence_question", "How many tokens does this sentence use, exactly?")
    add("prose", "contractions", "I'm sure you're right, but they'd've said it's what we'll do; don't you THINK'S odd?")
    add("prose", "uppercase", "THIS IS A SENTENCE WRITTEN ENTIRELY IN CAPITAL LETTERS FOR EMPHASIS.")
    add("prose", "multi_paragraph", PROSE_LONG)
    add("prose", "essay", PROSE_ESSAY)
    add("prose", "essay_x20", parts(rep(PROSE_ESSAY, 20)))
    add("prose", "punctuation_heavy", "Wait... what?! (Really?) [Yes.] {No!} -- 'maybe'; \"definitely\": ok/ok\\ok.")
    add("prose", "markdown", "# Title\n\n- item one\n- item **two**\n  - nested `code`\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")

    # --- code ---------------------------------------------------------------------------
    add("code", "python", PY_CODE)
    add("code", "rust", RUST_CODE)
    add("code", "javascript", JS_CODE)
    add("code", "sql", SQL_CODE)
    add("code", "shell", SHELL_CODE)
    add("code", "html", HTML_CODE)
    add("code", "regex", r"^(?P<user>[\w.+-]+)@(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)\s*$|\d{3}-\d{4}")
    add("code", "python_x50", parts(rep(PY_CODE, 50)))
    add("code", "minified_js", "!function(e,t){\"object\"==typeof exports?module.exports=t():e.x=t()}(this,function(){return{a:1,b:[2,3],c:function(n){return n*2}}});")

    # --- json ---------------------------------------------------------------------------
    add("json", "pretty_nested", json.dumps(JSON_NESTED, indent=2))
    add("json", "minified_nested", json.dumps(JSON_NESTED, separators=(",", ":")))
    add("json", "escapes_ascii", json.dumps(JSON_ESCAPES))
    add("json", "escapes_raw_unicode", json.dumps(JSON_ESCAPES, ensure_ascii=False, indent=4))
    add("json", "array_of_numbers", json.dumps(list(range(0, 300, 7))))
    add("json", "empty_structures", '{"a":{},"b":[],"c":"","d":null,"e":[{}],"f":[[]]}')
    add("json", "tab_indented", json.dumps(JSON_NESTED, indent="\t"))
    add("json", "deeply_nested_brackets", parts(rep("[", 200), rep("]", 200)))
    add("json", "chat_request_body", json.dumps({
        "model": "gpt-4o-mini",
        "messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Hi!"}],
        "temperature": 0.2, "max_tokens": 256, "stream": True,
    }))

    # --- cjk ----------------------------------------------------------------------------
    add("cjk", "chinese_simplified", "我们需要在请求离开网关之前估算令牌数量，以免超出预算。今天天气很好，我们去公园散步吧。")
    add("cjk", "chinese_traditional", "機器學習模型的計費方式是根據輸入與輸出的詞元數量。請確認您的用量。")
    add("cjk", "japanese_mixed", "お誕生日おめでとう！今日はトークンの数を数えます。カタカナとひらがなと漢字が混ざっています。")
    add("cjk", "japanese_halfwidth_katakana", "ｶﾀｶﾅ ﾊﾝｶｸ ﾃｽﾄ ｺﾝﾆﾁﾊ")
    add("cjk", "korean", "안녕하세요. 토큰 수를 정확하게 세는 것은 비용 관리에 중요합니다. 감사합니다!")
    add("cjk", "fullwidth_latin_digits", "ＡＢＣ　ｄｅｆ　１２３４５　！？")
    add("cjk", "chinese_x100", parts(rep("人工智能正在改变世界。", 100)))
    add("cjk", "cjk_punctuation", "「こんにちは」『世界』【注意】〈テスト〉《书名》，。、；：？！")

    # --- emoji --------------------------------------------------------------------------
    add("emoji", "simple", "I love pizza 🍕 and tacos 🌮 😀😃😄")
    add("emoji", "zwj_family", "👨‍👩‍👧‍👦 family, 👩‍💻 technologist, 🏳️‍🌈 flag, 🧑🏽‍🚀 astronaut")
    add("emoji", "flags", "🇺🇸🇬🇧🇯🇵🇩🇪🇫🇷🇧🇷🇮🇳🇺🇦 🏴󠁧󠁢󠁳󠁣󠁴󠁿")
    add("emoji", "skin_tones", "👍👍🏻👍🏼👍🏽👍🏾👍🏿 👋🏿 🤝🏼")
    add("emoji", "keycaps_and_variation", "1️⃣ 2️⃣ #️⃣ ❤️ ❤ ☺️ ✔︎")
    add("emoji", "emoji_run_x500", parts(rep("🔥", 500)))

    # --- mixed_script -------------------------------------------------------------------
    add("mixed_script", "arabic", "مرحبا بالعالم! كم عدد الرموز في هذه الجملة العربية؟")
    add("mixed_script", "hebrew", "שלום עולם, זוהי בדיקה של ספירת אסימונים.")
    add("mixed_script", "hindi", "नमस्ते दुनिया! यह एक परीक्षण वाक्य है जिसमें कई शब्द हैं।")
    add("mixed_script", "cyrillic", "Привет, мир! Съешь же ещё этих мягких французских булок, да выпей чаю.")
    add("mixed_script", "thai", "สวัสดีครับ ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ")
    add("mixed_script", "greek", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Γειά σου Κόσμε!")
    add("mixed_script", "bengali_tamil_georgian", "আমি বাংলায় গান গাই। வணக்கம் உலகம். გამარჯობა მსოფლიო.")
    add("mixed_script", "code_switching", "The meeting 会议 is at 3pm — встреча в 15:00, الاجتماع الساعة 3, बैठक 3 बजे 🕒.")
    add("mixed_script", "bidi_marks", "abc \u200fשלום\u200e def \u202eevil\u202c ghi")
    add("mixed_script", "vietnamese", "Tiếng Việt có nhiều dấu thanh: à á ả ã ạ, ơ ư đ.")

    # --- whitespace ---------------------------------------------------------------------
    add("whitespace", "single_space", " ")
    add("whitespace", "spaces_2", "  ")
    add("whitespace", "spaces_17", " " * 17)
    add("whitespace", "spaces_10000", parts(rep(" ", 10000)))
    add("whitespace", "word_then_spaces_then_word", "a" + " " * 40 + "b")
    add("whitespace", "trailing_spaces", "trailing spaces   ")
    add("whitespace", "leading_spaces", "     leading spaces")
    add("whitespace", "tabs", "\tone\t\ttwo\t\t\tthree\t")
    add("whitespace", "crlf_lines", "line one\r\nline two\r\n\r\nline four\r\n")
    add("whitespace", "newlines_only", "\n\n\n\n\n")
    add("whitespace", "mixed_ws", " \t \n \r\n\t\t  \n")
    add("whitespace", "unicode_spaces", "a\u00a0b\u2002c\u2003d\u2009e\u3000f\u202fg\u205fh")
    add("whitespace", "newlines_10000", parts(rep("\n", 10000)))
    add("whitespace", "indented_blank_lines", "def f():\n    \n    return 1\n        \n")

    # --- numbers ------------------------------------------------------------------------
    add("numbers", "integers", "0 1 12 123 1234 12345 123456 1234567 12345678901234567890")
    add("numbers", "decimals_and_signs", "-3.14159 +2.71828 1e10 6.022e23 -0.0 .5 5. 1_000_000")
    add("numbers", "money_and_percent", "$1,234.56 €99,99 ¥10000 £0.01 45% 99.9%")
    add("numbers", "dates_times", "2026-11-28T11:19:24+00:00 28/11/2026 11:19 pm, 1970-01-01")
    add("numbers", "phone_and_ids", "+1 (555) 010-9999, UUID 123e4567-e89b-12d3-a456-426614174000")
    add("numbers", "long_digit_run", parts(rep("0123456789", 1000)))
    add("numbers", "non_ascii_digits", "٠١٢٣٤٥٦٧٨٩ ०१२३४५६७८९ ௧௨௩ Ⅻ ½ ²³")

    # --- special_tokens (counted as plain text with encode_ordinary) --------------------
    add("special_tokens", "endoftext", "<|endoftext|>")
    add("special_tokens", "endoftext_in_sentence", "Hello<|endoftext|>world <|endoftext|> again")
    add("special_tokens", "chatml", "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    add("special_tokens", "fim", "<|fim_prefix|>def f(x):<|fim_suffix|>    return y<|fim_middle|>")
    add("special_tokens", "endofprompt", "<|endofprompt|>")
    add("special_tokens", "harmony_like", "<|start|>assistant<|channel|>final<|message|>ok<|end|>")
    add("special_tokens", "near_misses", "<|endoftext| <endoftext> |endoftext| < |endoftext| > <||>")

    # --- combining ----------------------------------------------------------------------
    add("combining", "nfc_vs_nfd", "caf\u00e9 vs cafe\u0301, na\u00efve vs nai\u0308ve")
    add("combining", "zalgo", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O\u0342\u030c\u030c\u0358\u0328\u0335\u0339\u033b\u031d\u0333")
    add("combining", "stacked_marks_x200", parts("e", rep("\u0301", 200)))
    add("combining", "hangul_jamo_decomposed", "\u1112\u1161\u11ab\u1100\u1173\u11af")
    add("combining", "devanagari_conjuncts", "क्षत्रिय श्री द्व्यक्षर")
    add("combining", "variation_and_zw", "a\u200bb\u200cc\u200dd\ufe0fe\u2060f\ufeffg")

    # --- long_words ---------------------------------------------------------------------
    add("long_words", "antidisestablishmentarianism", "antidisestablishmentarianism")
    add("long_words", "pneumono", "pneumonoultramicroscopicsilicovolcanoconiosis")
    add("long_words", "german_compound", "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft")
    add("long_words", "a_100000", parts(rep("a", 100000)))
    add("long_words", "ab_50000", parts(rep("ab", 50000)))
    add("long_words", "base64_blob", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
    add("long_words", "hex_digest", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    add("long_words", "camel_case_identifier", "AbstractSingletonProxyFactoryBeanConfigurationManagerImplementation")
    add("long_words", "snake_case_x300", parts(rep("token_budget_", 300)))

    # --- urls ---------------------------------------------------------------------------
    add("urls", "https_query", "https://api.example.com/v1/chat/completions?model=gpt-4o&stream=true#frag")
    add("urls", "percent_encoded", "https://example.org/search?q=%E4%BD%A0%E5%A5%BD%20world&lang=zh-CN")
    add("urls", "idn_and_path", "https://bücher.example/straße/über?x=ü and mailto:someone@example.com")
    add("urls", "list_of_links", "\n".join(f"- https://docs.example.com/guide/section-{i}/page.html" for i in range(1, 21)))
    add("urls", "data_uri", "data:text/plain;base64,SGVsbG8sIFdvcmxkIQ==")

    # --- control_chars ------------------------------------------------------------------
    add("control_chars", "nul_and_bell", "a\u0000b\u0007c\u001bd")
    add("control_chars", "bom_prefix", "\ufeffhello with BOM")
    add("control_chars", "del_and_c1", "x\u007fy\u0085z\u009fw")
    add("control_chars", "private_use_and_astral", "\ue000\uf8ff \U000f0000 \U0001d400\U0001d401 \U00010348")
    add("control_chars", "replacement_char", "bad \ufffd byte \ufffd\ufffd")

    # --- mixed (realistic prompt-shaped text) -------------------------------------------
    add("mixed", "prompt_with_code_and_json", (
        "You are a helpful assistant. Summarize the following function and its output:\n\n```python\n"
        + PY_CODE + "```\n\nOutput:\n```json\n" + json.dumps(JSON_NESTED, indent=2) + "\n```\n"
        "Answer in English and 日本語. 🙏"
    ))
    add("mixed", "log_lines", "\n".join(
        f"2026-11-28T11:{i:02d}:00Z INFO tollgate: tenant=acme model=gpt-4o in={i*37} out={i*11} cost_usd=0.{i:04d}"
        for i in range(30)
    ))

    names = set()
    out = []
    for category, name, text in c:
        if name in names:
            sys.exit(f"duplicate case name {name}")
        names.add(name)
        out.append({"name": name, "category": category, "text": text})
    return out


# ---------------------------------------------------------------------------------------
# Chat cases: OpenAI cookbook, "How to count tokens with tiktoken"
# (examples/How_to_count_tokens_with_tiktoken.ipynb in openai/openai-cookbook), sections 6
# and 7. The two functions below follow the cookbook's num_tokens_from_messages and
# num_tokens_for_tools step for step; only the warnings are dropped.
# ---------------------------------------------------------------------------------------


def num_tokens_from_messages(messages, model="gpt-4o-mini-2024-07-18"):
    """Return the number of tokens used by a list of messages (cookbook section 6)."""
    import tiktoken

    try:
        encoding = tiktoken.encoding_for_model(model)
    except KeyError:
        encoding = tiktoken.get_encoding("o200k_base")
    if model in {
        "gpt-3.5-turbo-0125",
        "gpt-4-0314",
        "gpt-4-32k-0314",
        "gpt-4-0613",
        "gpt-4-32k-0613",
        "gpt-4o-mini-2024-07-18",
        "gpt-4o-2024-08-06",
    }:
        tokens_per_message = 3
        tokens_per_name = 1
    elif "gpt-3.5-turbo" in model:
        return num_tokens_from_messages(messages, model="gpt-3.5-turbo-0125")
    elif "gpt-4o-mini" in model:
        return num_tokens_from_messages(messages, model="gpt-4o-mini-2024-07-18")
    elif "gpt-4o" in model:
        return num_tokens_from_messages(messages, model="gpt-4o-2024-08-06")
    elif "gpt-4" in model:
        return num_tokens_from_messages(messages, model="gpt-4-0613")
    else:
        raise NotImplementedError(f"num_tokens_from_messages() is not implemented for model {model}.")
    num_tokens = 0
    for message in messages:
        num_tokens += tokens_per_message
        for key, value in message.items():
            num_tokens += len(encoding.encode(value))
            if key == "name":
                num_tokens += tokens_per_name
    num_tokens += 3  # every reply is primed with <|start|>assistant<|message|>
    return num_tokens


def num_tokens_for_tools(functions, messages, model):
    """Messages plus tool definitions (cookbook section 7)."""
    import tiktoken

    if model in ["gpt-4o", "gpt-4o-mini"]:
        func_init, prop_init, prop_key, enum_init, enum_item, func_end = 7, 3, 3, -3, 3, 12
    elif model in ["gpt-3.5-turbo", "gpt-4"]:
        func_init, prop_init, prop_key, enum_init, enum_item, func_end = 10, 3, 3, -3, 3, 12
    else:
        raise NotImplementedError(f"num_tokens_for_tools() is not implemented for model {model}.")

    try:
        encoding = tiktoken.encoding_for_model(model)
    except KeyError:
        encoding = tiktoken.get_encoding("o200k_base")

    func_token_count = 0
    if len(functions) > 0:
        for f in functions:
            func_token_count += func_init  # start of each function
            function = f["function"]
            f_name = function["name"]
            f_desc = function["description"]
            if f_desc.endswith("."):
                f_desc = f_desc[:-1]
            line = f_name + ":" + f_desc
            func_token_count += len(encoding.encode(line))  # name and description
            if len(function["parameters"]["properties"]) > 0:
                func_token_count += prop_init  # start of the properties
                for key in list(function["parameters"]["properties"].keys()):
                    func_token_count += prop_key  # each property
                    p_name = key
                    p_type = function["parameters"]["properties"][key]["type"]
                    p_desc = function["parameters"]["properties"][key]["description"]
                    if "enum" in function["parameters"]["properties"][key].keys():
                        func_token_count += enum_init  # property has an enum list
                        for item in function["parameters"]["properties"][key]["enum"]:
                            func_token_count += enum_item
                            func_token_count += len(encoding.encode(item))
                    if p_desc.endswith("."):
                        p_desc = p_desc[:-1]
                    line = f"{p_name}:{p_type}:{p_desc}"
                    func_token_count += len(encoding.encode(line))
        func_token_count += func_end

    messages_token_count = num_tokens_from_messages(messages, model)
    return messages_token_count + func_token_count, messages_token_count, func_token_count


def tool(name, desc, props: dict, required=None) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": desc,
            "parameters": {"type": "object", "properties": props, "required": required or []},
        },
    }


WEATHER_TOOL = tool(
    "get_current_weather",
    "Get the current weather in a given location",
    {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "description": "The unit of temperature to return", "enum": ["celsius", "fahrenheit"]},
    },
    ["location"],
)

SEARCH_TOOL = tool(
    "search_documents",
    "Search the knowledge base and return the most relevant passages.",
    {
        "query": {"type": "string", "description": "Free-text search query."},
        "top_k": {"type": "integer", "description": "How many passages to return"},
        "language": {"type": "string", "description": "Result language.", "enum": ["en", "de", "ja", "zh-CN"]},
        "include_archived": {"type": "boolean", "description": "Whether archived documents are searched"},
    },
    ["query"],
)

NO_PROPS_TOOL = tool("get_server_time", "Return the current server time in UTC.", {})

ORDER_TOOL = tool(
    "create_order",
    "Create a purchase order for a tenant",
    {
        "tenant_id": {"type": "string", "description": "Tenant identifier."},
        "priority": {"type": "string", "description": "Order priority", "enum": ["low", "normal", "high", "urgent"]},
        "currency": {"type": "string", "description": "ISO 4217 currency code.", "enum": ["USD", "EUR", "JPY"]},
        "amount": {"type": "number", "description": "Order amount in the given currency"},
    },
    ["tenant_id", "amount"],
)

MULTILINGUAL_TOOL = tool(
    "traducir_texto",
    "Traduce un texto al idioma indicado. 翻訳します。",
    {
        "texto": {"type": "string", "description": "El texto a traducir."},
        "idioma": {"type": "string", "description": "Idioma de destino", "enum": ["español", "日本語", "русский", "العربية"]},
    },
    ["texto", "idioma"],
)

SYSTEM = "You are a helpful assistant."
CORPORATE = [
    {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
    {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
    {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
    {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
    {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
    {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."},
]


def chat_cases() -> list[dict]:
    models = ["gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-3.5-turbo"]
    specs: list[tuple[str, dict]] = []

    def add(name, request):
        specs.append((name, request))

    for m in models:
        add(f"single_user_{m}", {"model": m, "messages": [{"role": "user", "content": "Hello!"}]})
        add(f"cookbook_corporate_names_{m}", {"model": m, "messages": CORPORATE, "temperature": 0, "max_tokens": 1})
        add(f"cookbook_weather_tool_{m}", {
            "model": m,
            "messages": [
                {"role": "system", "content": "You are a helpful assistant that can answer to questions about the weather."},
                {"role": "user", "content": "What's the weather like in San Francisco?"},
            ],
            "tools": [WEATHER_TOOL],
            "temperature": 0,
        })
        add(f"multi_turn_multilingual_{m}", {
            "model": m,
            "messages": [
                {"role": "system", "content": "Réponds dans la langue de l'utilisateur. 用用户的语言回答。"},
                {"role": "user", "content": "こんにちは！東京の天気はどうですか？"},
                {"role": "assistant", "content": "こんにちは！今日の東京は晴れで、最高気温は22度です。☀️"},
                {"role": "user", "content": "Спасибо! А завтра? مرحبا 👋🏽"},
            ],
            "max_tokens": 200,
        })

    extra = [
        ("system_user_assistant_gpt-4o", {
            "model": "gpt-4o",
            "messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": "Write a haiku about token budgets."},
                {"role": "assistant", "content": "Counting every word,\nthe proxy guards the wallet—\nsilence costs nothing."},
                {"role": "user", "content": "Now one about latency."},
            ],
            "temperature": 0.7,
            "stream": True,
        }),
        ("empty_content_gpt-4o-mini", {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": ""}, {"role": "user", "content": ""}]}),
        ("name_on_user_gpt-4", {"model": "gpt-4", "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "name": "alice", "content": "Hi, I'm Alice."},
            {"role": "user", "name": "bob_the_builder_42", "content": "And I'm Bob."},
        ]}),
        ("code_in_content_gpt-4o", {"model": "gpt-4o", "messages": [
            {"role": "system", "content": "You review Rust code."},
            {"role": "user", "content": "Review this:\n```rust\n" + RUST_CODE + "```"},
        ], "max_completion_tokens": 1024}),
        ("json_in_content_gpt-3.5-turbo", {"model": "gpt-3.5-turbo", "messages": [
            {"role": "user", "content": "Validate this JSON:\n" + json.dumps(JSON_NESTED, indent=2)},
        ], "response_format": {"type": "json_object"}}),
        ("long_system_prompt_gpt-4o-mini", {"model": "gpt-4o-mini", "messages": [
            {"role": "system", "content": PROSE_ESSAY * 5},
            {"role": "user", "content": "Summarize the above in one sentence."},
        ]}),
        ("search_tool_gpt-4o", {"model": "gpt-4o", "messages": [
            {"role": "user", "content": "Find our refund policy in German."},
        ], "tools": [SEARCH_TOOL], "tool_choice": "auto"}),
        ("two_tools_gpt-4o-mini", {"model": "gpt-4o-mini", "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "Order 3 widgets for acme, urgent, in EUR, and tell me the weather in Paris."},
        ], "tools": [ORDER_TOOL, WEATHER_TOOL]}),
        ("three_tools_gpt-4", {"model": "gpt-4", "messages": [
            {"role": "user", "content": "What time is it on the server, and what's the weather in Boston?"},
        ], "tools": [NO_PROPS_TOOL, WEATHER_TOOL, SEARCH_TOOL]}),
        ("tool_without_properties_gpt-3.5-turbo", {"model": "gpt-3.5-turbo", "messages": [
            {"role": "user", "content": "What time is it?"},
        ], "tools": [NO_PROPS_TOOL]}),
        ("multilingual_tool_gpt-4o", {"model": "gpt-4o", "messages": [
            {"role": "system", "content": "Eres un traductor."},
            {"role": "user", "name": "usuario_1", "content": "Traduce «buenos días» al japonés."},
        ], "tools": [MULTILINGUAL_TOOL]}),
        ("enum_tool_gpt-3.5-turbo", {"model": "gpt-3.5-turbo", "messages": [
            {"role": "user", "content": "Place a low-priority order of 10 USD for tenant t-1."},
        ], "tools": [ORDER_TOOL], "temperature": 0}),
        ("emoji_and_whitespace_gpt-4o-mini", {"model": "gpt-4o-mini", "messages": [
            {"role": "user", "content": "  👨‍👩‍👧‍👦  \n\n\t🇯🇵🇺🇸  trailing   "},
        ]}),
        ("many_turns_gpt-4", {"model": "gpt-4", "messages": [{"role": "system", "content": SYSTEM}] + [
            {"role": "user" if i % 2 == 0 else "assistant", "content": f"Turn {i}: the number is {i * 17}."}
            for i in range(20)
        ]}),
    ]
    for name, req in extra:
        add(name, req)

    out = []
    names = set()
    for name, req in specs:
        if name in names:
            sys.exit(f"duplicate chat case {name}")
        names.add(name)
        model = req["model"]
        tools = req.get("tools", [])
        total, msg_tokens, tool_tokens = num_tokens_for_tools(tools, req["messages"], model)
        import tiktoken

        out.append({
            "name": name,
            "model": model,
            "encoding": tiktoken.encoding_for_model(model).name,
            "request": req,
            "cookbook_input_tokens": total,
            "cookbook_breakdown": {"messages": msg_tokens, "tools": tool_tokens},
        })
    return out


# ---------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--require-tiktoken", required=True, help="exact tiktoken version that must be installed")
    ap.add_argument("--cache-dir", default=str(REPO / ".cache" / "tiktoken-cache"))
    ap.add_argument("--out-dir", default=str(OUT_DIR))
    args = ap.parse_args()

    provenance = prepare_offline_cache(Path(args.cache_dir))

    import tiktoken

    if tiktoken.__version__ != args.require_tiktoken:
        sys.exit(f"tiktoken {tiktoken.__version__} installed, {args.require_tiktoken} required")

    encs = {name: tiktoken.get_encoding(name) for name in ENCODINGS}

    header = {
        "generator": "scripts/gen_token_fixtures.sh (scripts/gen_token_fixtures.py)",
        "tiktoken_version": tiktoken.__version__,
        "python_version": sys.version.split()[0],
        "vocabulary": (
            "Python tiktoken cannot download its BPE files here; the generator copied the "
            f"identical files shipped in the tiktoken-rs {provenance['tiktoken_rs_version']} crate "
            "(assets/*.tiktoken) into a private TIKTOKEN_CACHE_DIR under sha1(url) names, with "
            "network reads disabled. tiktoken verified each file against the sha256 "
            "expected_hash in tiktoken_ext.openai_public, so the vocabularies are OpenAI's."
        ),
        "vocabulary_files": provenance["files"],
    }

    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    cases = text_cases()
    for case in cases:
        s = expand(case["text"])
        for name, enc in encs.items():
            case[name] = len(enc.encode_ordinary(s))
    text_doc = dict(header)
    text_doc["count_method"] = "len(enc.encode_ordinary(text)); special-token text is counted as plain text"
    text_doc["text_format"] = (
        'a JSON string, or {"parts": [PART, ...]} = concatenation of the parts, where PART is a '
        'string or {"repeat": STRING, "times": N} = STRING repeated N times'
    )
    text_doc["cases"] = cases
    (out_dir / "text.json").write_text(json.dumps(text_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    chats = chat_cases()
    chat_doc = dict(header)
    chat_doc["count_method"] = (
        "OpenAI cookbook 'How to count tokens with tiktoken': num_tokens_from_messages (3 tokens per "
        "message, every string value of a message encoded including the role, +1 per name, +3 reply "
        "priming) plus num_tokens_for_tools (gpt-4o/gpt-4o-mini: func_init=7; gpt-4/gpt-3.5-turbo: "
        "func_init=10; prop_init=3, prop_key=3, enum_init=-3, enum_item=3, func_end=12 once per "
        "request; trailing '.' of descriptions stripped). Encoded with enc.encode (no special-token "
        "text occurs in these cases). cookbook_breakdown splits the total into messages and tools."
    )
    chat_doc["cases"] = chats
    (out_dir / "chat.json").write_text(json.dumps(chat_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    cats: dict[str, int] = {}
    for case in cases:
        cats[case["category"]] = cats.get(case["category"], 0) + 1
    print(f"tiktoken {tiktoken.__version__}: {len(cases)} text cases {cats}, {len(chats)} chat cases")


if __name__ == "__main__":
    main()
