
# =====================================================================================
# validation, split, main
# =====================================================================================
SHAPES = ["chat", "responses", "anthropic"]


class Invalid(Exception):
    pass


def _need(cond, name, msg):
    if not cond:
        raise Invalid("%s: %s" % (name, msg))


def validate_request(name, shape, req):
    _need(isinstance(req.get("model"), str) and req["model"], name, "model")
    tools = req.get("tools", [])
    if shape == "chat":
        names = {t["function"]["name"] for t in tools if t.get("type") == "function"}
        msgs = req.get("messages")
        _need(isinstance(msgs, list) and msgs, name, "messages")
        pending = set()
        for i, m in enumerate(msgs):
            role = m.get("role")
            _need(role in ("system", "user", "assistant", "tool"), name, "role %r" % role)
            if role == "tool":
                _need(m.get("tool_call_id") in pending, name, "tool message %d without a call" % i)
                pending.discard(m["tool_call_id"])
                _need(isinstance(m.get("content"), str), name, "tool content")
                continue
            _need(not pending, name, "unanswered tool calls before message %d" % i)
            if role == "assistant":
                _need(m.get("content") is not None or m.get("tool_calls"), name, "empty assistant")
                for c in m.get("tool_calls", []):
                    _need(c["type"] == "function" and c["function"]["name"] in names, name, "undeclared tool")
                    json.loads(c["function"]["arguments"])
                    pending.add(c["id"])
            else:
                _need(isinstance(m.get("content"), str) and m["content"], name, "content")
        _need(not pending, name, "unanswered tool calls at end")
        _need(msgs[-1]["role"] in ("user", "tool"), name, "last message must be user or tool")
    elif shape == "responses":
        _need("previous_response_id" not in req, name, "previous_response_id")
        _need(isinstance(req.get("max_output_tokens"), int), name, "max_output_tokens")
        names = {t["name"] for t in tools if t.get("type") == "function"}
        items = req.get("input")
        _need(isinstance(items, list) and items, name, "input")
        pending = set()
        for i, it in enumerate(items):
            typ = it.get("type", "message")
            if typ == "function_call":
                _need(it["name"] in names, name, "undeclared tool")
                json.loads(it["arguments"])
                pending.add(it["call_id"])
            elif typ == "function_call_output":
                _need(it["call_id"] in pending, name, "output %d without a call" % i)
                pending.discard(it["call_id"])
                _need(isinstance(it.get("output"), str), name, "output")
            else:
                _need(typ == "message" and it.get("role") in ("user", "assistant"), name, "item %d" % i)
                _need(not pending, name, "unanswered calls before item %d" % i)
        _need(not pending, name, "unanswered calls at end")
        last = items[-1]
        _need(last.get("type") == "function_call_output" or last.get("role") == "user", name, "last input")
    else:
        _need(isinstance(req.get("max_tokens"), int), name, "max_tokens")
        _need(isinstance(req.get("system"), str), name, "system")
        names = {t["name"] for t in tools}
        msgs = req.get("messages")
        _need(isinstance(msgs, list) and msgs and msgs[0]["role"] == "user", name, "first message user")
        pending = set()
        for i, m in enumerate(msgs):
            _need(m["role"] == ("user" if i % 2 == 0 else "assistant"), name, "roles must alternate at %d" % i)
            c = m["content"]
            blocks = [{"type": "text", "text": c}] if isinstance(c, str) else c
            _need(blocks, name, "empty content at %d" % i)
            results = {b["tool_use_id"] for b in blocks if b["type"] == "tool_result"}
            if m["role"] == "user":
                _need(results == pending, name, "tool_result must answer the previous tool_use at %d" % i)
                pending = set()
            else:
                _need(not results, name, "tool_result in assistant")
                for b in blocks:
                    _need(b["type"] in ("text", "tool_use"), name, "block type")
                    if b["type"] == "tool_use":
                        _need(b["name"] in names and isinstance(b["input"], dict), name, "tool_use")
                        pending.add(b["id"])
        _need(msgs[-1]["role"] == "user", name, "last message must be user")


def validate(doc, seen_ids):
    name = doc["name"]
    _need(set(doc) <= {"name", "style", "shape", "path", "headers", "expected", "turns", "notes"}, name, "fields")
    _need(doc["shape"] in PATHS and doc["path"] == PATHS[doc["shape"]], name, "shape/path")
    sid = doc["headers"]["x-session-id"]
    _need(sid not in seen_ids and doc["headers"].get("x-user-id"), name, "headers")
    seen_ids.add(sid)
    turns = doc["turns"]
    _need(8 <= len(turns) <= 30, name, "8..30 turns")
    last = -1
    for t in turns:
        _need(isinstance(t["at_seconds"], int) and t["at_seconds"] >= last, name, "at_seconds")
        last = t["at_seconds"]
        validate_request(name, doc["shape"], t["request"])
    e = doc["expected"]
    if e["outcome"] == "runaway":
        _need(1 <= e["loop_begins_turn"] <= e["stop_by_turn"] < len(turns), name, "B <= D < turns")
    else:
        _need(e == {"outcome": "healthy"}, name, "expected")


STYLES = lambda: [swe_pytest, k8s_troubleshoot, sql_analyst, browser_agent, support_bot, translate_chunks,
          email_triage, code_review, etl_job_watch, doc_qa_stateless]


def build():
    """{relative path: document}. Split: each style's sessions are written in the order runaway a,
    healthy a, runaway b, healthy b; the `a` pair goes to tuning/, the `b` pair to heldout/.
    Style number i (order of STYLES) gets shapes SHAPES[(i + j) % 3] for j = 0..3."""
    files = {}
    for i, fn in enumerate(STYLES()):
        shapes = [SHAPES[(i + j) % 3] for j in range(4)]
        sessions = fn(shapes)
        assert [(x.outcome, x.variant) for x in sessions] == [
            ("runaway", "a"), ("healthy", "a"), ("runaway", "b"), ("healthy", "b")], fn.__name__
        for x in sessions:
            half = "tuning" if x.variant == "a" else "heldout"
            files["%s/%s.json" % (half, x.name)] = x.render()
    return files


def dump(doc):
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    files = build()
    seen = set()
    for rel, doc in sorted(files.items()):
        validate(doc, seen)
    if check:
        bad = []
        on_disk = set()
        for half in ("tuning", "heldout"):
            d = os.path.join(ROOT, half)
            if os.path.isdir(d):
                on_disk |= {"%s/%s" % (half, f) for f in os.listdir(d) if f.endswith(".json")}
        for rel in sorted(on_disk - set(files)):
            bad.append("extra file " + rel)
        for rel, doc in sorted(files.items()):
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p):
                bad.append("missing " + rel)
                continue
            with open(p, encoding="utf-8") as f:
                text = f.read()
            json.loads(text)
            if text != dump(doc):
                bad.append("differs " + rel)
        if bad:
            print("\n".join(bad))
            sys.exit(1)
        print("corpus_b: %d sessions match the generator and validate" % len(files))
        return
    for half in ("tuning", "heldout"):
        d = os.path.join(ROOT, half)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if f.endswith(".json"):
                os.remove(os.path.join(d, f))
    for rel, doc in sorted(files.items()):
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as f:
            f.write(dump(doc))
    print("wrote %d sessions" % len(files))


if __name__ == "__main__":
    main()
