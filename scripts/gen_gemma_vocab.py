#!/usr/bin/env python3
"""Pre-process the Gemma 3 SentencePiece model into data/gemma3.vocab for src/core/gemma.rs.

    scripts/gen_gemma_vocab.py [MODEL] [OUT]

MODEL defaults to the copy shipped in the gemini-tokenizer 0.2.0 crate sources in the local
cargo registry (`cargo fetch --manifest-path scripts/gemini-oracle/Cargo.toml` puts it there);
OUT defaults to data/gemma3.vocab. Standard library only.

The model is a protobuf (sentencepiece_model.proto). Counting tokens needs only the piece
strings, which ones are user-defined (matched greedily before BPE, never merged) and the
merge priority. The script checks every property src/core/gemma.rs relies on and refuses
to write otherwise:

  * trainer_spec.model_type == BPE, byte_fallback on, treat_whitespace_as_suffix off;
  * normalizer "identity" with no precompiled charsmap, add_dummy_prefix off,
    remove_extra_whitespaces off, escape_whitespaces on (so normalisation is exactly
    "replace ' ' with U+2581");
  * no UNUSED pieces (no BPE resegmentation), 256 BYTE pieces;
  * NORMAL pieces' scores strictly decrease in model order, the first is 0 (-0.0) and
    USER_DEFINED scores are 0: so comparing scores is comparing positions, with the first
    NORMAL piece tying the USER_DEFINED ones (gemma.rs uses key 0 for both, -i otherwise).

Output format (all integers little-endian):
  b"TGGEMMA3" | u32 n_normal | u32 n_user_defined |
  n_normal NORMAL pieces in model order, then the USER_DEFINED pieces, each as u8 len + UTF-8
"""

import glob
import hashlib
import os
import struct
import sys

MODEL_SHA256 = "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c"
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6


def varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def fields(b):
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        f, wire = key >> 3, key & 7
        if wire == 0:
            v, i = varint(b, i)
        elif wire == 1:
            v, i = b[i : i + 8], i + 8
        elif wire == 5:
            v, i = b[i : i + 4], i + 4
        elif wire == 2:
            n, i = varint(b, i)
            v, i = b[i : i + n], i + n
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield f, v


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 1:
        model = sys.argv[1]
    else:
        pattern = os.path.expanduser(
            "~/.cargo/registry/src/*/gemini-tokenizer-0.2.0/resources/gemma3_cleaned_262144_v2.spiece.model"
        )
        found = sorted(glob.glob(pattern))
        if not found:
            sys.exit(f"no model at {pattern}; run cargo fetch --manifest-path scripts/gemini-oracle/Cargo.toml")
        model = found[0]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "data", "gemma3.vocab")

    raw = open(model, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != MODEL_SHA256:
        sys.exit(f"{model}: sha256 {digest}, expected {MODEL_SHA256}")

    pieces, trainer, normalizer = [], {}, {}
    for f, v in fields(raw):
        if f == 1:
            p = {"score": 0.0, "type": NORMAL}
            for f2, v2 in fields(v):
                if f2 == 1:
                    p["piece"] = v2.decode("utf-8")
                elif f2 == 2:
                    p["score"] = struct.unpack("<f", v2)[0]
                elif f2 == 3:
                    p["type"] = v2
            pieces.append(p)
        elif f == 2:
            trainer = dict(fields(v))
        elif f == 3:
            normalizer = dict(fields(v))

    def check(cond, what):
        if not cond:
            sys.exit(f"unexpected model property: {what}")

    check(len(pieces) == 262144, f"{len(pieces)} pieces")
    check(trainer.get(3) == 2, "trainer_spec.model_type is not BPE")
    check(trainer.get(35) == 1, "byte_fallback is off")
    check(trainer.get(24, 0) == 0, "treat_whitespace_as_suffix is on")
    check(normalizer.get(1) == b"identity", "normalizer is not identity")
    check(normalizer.get(2, b"") == b"", "precompiled_charsmap is not empty")
    check(normalizer.get(3, 1) == 0, "add_dummy_prefix is on")
    check(normalizer.get(4, 1) == 0, "remove_extra_whitespaces is on")
    check(normalizer.get(5, 1) == 1, "escape_whitespaces is off")
    types = [p["type"] for p in pieces]
    check(types.count(UNUSED) == 0, "UNUSED pieces present")
    check(types.count(BYTE) == 256, "not 256 byte pieces")
    check(types.count(UNKNOWN) == 1, "not one unknown piece")

    normal = [p for p in pieces if p["type"] == NORMAL]
    user = [p for p in pieces if p["type"] == USER_DEFINED]
    check(normal[0]["score"] == 0.0, "first NORMAL piece's score is not 0")
    for i in range(1, len(normal)):
        check(normal[i]["score"] < normal[i - 1]["score"], f"NORMAL scores not strictly decreasing at #{i}")
    for p in user:
        check(p["score"] == 0.0, f"USER_DEFINED {p['piece']!r} has score {p['score']}")
    seen = set()
    blob = bytearray(b"TGGEMMA3" + struct.pack("<II", len(normal), len(user)))
    for p in normal + user:
        b = p["piece"].encode("utf-8")
        check(0 < len(b) < 256, f"piece length {len(b)}")
        check(b not in seen, f"duplicate piece {b!r}")
        seen.add(b)
        blob += bytes([len(b)]) + b
    with open(out, "wb") as fh:
        fh.write(blob)
    print(f"{out}: {len(normal)} normal + {len(user)} user-defined pieces, {len(blob)} bytes (model sha256 {digest})")


if __name__ == "__main__":
    main()
