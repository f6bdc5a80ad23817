#!/usr/bin/env python3
"""Writes N recorded chat requests (tollgate's traffic JSON lines) for `make bench-cli`:
typical chat bodies — a system prompt, a growing conversation of 2–12 messages of prose —
from 200 users in 4 features, each conversation a session, a request every ~2 s, with
the provider's usage recorded. Deterministic (seeded)."""
import json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(16)
words = ("the a budget request model token cost user agent session report data query table "
         "summary plan review deploy error retry cache answer question context window limit "
         "price invoice customer order shipping refund policy draft email meeting note").split()
def sentence(k):
    return " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."
system = "You are a helpful assistant for an online shop. Answer briefly and cite the policy."
convs = {}
t = 1_796_083_200
out = sys.stdout
for i in range(n):
    user = f"u{rng.randrange(200):03d}"
    conv = convs.get(user)
    if conv is None or len(conv) >= 12:
        conv = [{"role": "system", "content": system}]
        convs[user] = conv
        conv_id = f"{user}-{i}"
        convs[user + "#id"] = conv_id
    conv.append({"role": "user", "content": " ".join(sentence(rng.randrange(8, 20)) for _ in range(rng.randrange(1, 4)))})
    body = {"model": rng.choice(["gpt-4o", "gpt-4o-mini"]), "messages": list(conv), "max_tokens": 400}
    t += rng.randrange(0, 4)
    prompt = sum(len(m["content"]) for m in conv) // 4 + 3 * len(conv)
    completion = rng.randrange(20, 300)
    rec = {"ts": t, "method": "POST", "path": "/v1/chat/completions",
           "headers": {"x-user-id": user, "x-feature": f"f{int(user[1:]) % 4}",
                       "x-session-id": convs[user + "#id"]},
           "body": body, "status": 200,
           "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                     "total_tokens": prompt + completion}}
    out.write(json.dumps(rec) + "\n")
    conv.append({"role": "assistant", "content": sentence(rng.randrange(10, 30))})
