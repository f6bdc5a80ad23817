#!/usr/bin/env python3
"""Generate the writer-k agent-session corpus (tests/fixtures/corpus_k).

Stdlib only, deterministic (fixed seeds, no clock, no network). Every style is written by its
own hand-written function; sessions are recorded shape-agnostically (user text, assistant text,
tool calls, tool results) and rendered into OpenAI Chat, OpenAI Responses or Anthropic Messages
requests, each request resending the full history (except sessions marked stateless).

    python3 scripts/gen_corpus_k.py          # write the corpus
    python3 scripts/gen_corpus_k.py --check  # regenerate in memory, validate, compare to disk
"""
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_k")
SHAPES = ("chat", "responses", "anthropic")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


class Session:
    """A shape-agnostic recording: turns of (time, new input, assistant reply)."""

    def __init__(self, style, kind, system, tools=None, stateless=False, notes=""):
        self.style, self.kind, self.system = style, kind, system
        self.tools = tools or {}
        self.stateless = stateless
        self.notes = notes
        self.turns = []  # dicts: at, inputs (list of ("user", text) | ("result", id, text)), reply
        self.t = 0
        self.nid = 0
        self.expected = {"outcome": "healthy"}
        self.pending = []

    # --- recording -----------------------------------------------------------------------
    def user(self, text, wait=30):
        self.t += wait
        self.turns.append({"at": self.t, "inputs": [("user", text)], "reply": None})

    def results(self, outputs, wait=5):
        """outputs: list of text, one per pending call of the previous reply, in order."""
        assert len(outputs) == len(self.pending), (self.style, self.kind, len(self.turns))
        self.t += wait
        ins = [("result", cid, out) for cid, out in zip(self.pending, outputs)]
        self.pending = []
        self.turns.append({"at": self.t, "inputs": ins, "reply": None})

    def result(self, output, wait=5):
        self.results([output], wait)

    def say(self, text):
        assert not self.pending
        self.turns[-1]["reply"] = {"text": text, "calls": []}

    def call(self, name, args, text=None, more=()):
        """The assistant replies with one (or more) tool calls."""
        assert name in self.tools, name
        calls = []
        for n, a in [(name, args)] + list(more):
            assert n in self.tools, n
            self.nid += 1
            cid = "call_%s%04d" % (self.style[:3], self.nid)
            calls.append((cid, n, a))
        self.turns[-1]["reply"] = {"text": text, "calls": calls}
        self.pending = [c[0] for c in calls]

    def runaway(self, begins, stop_by):
        assert 1 <= begins < stop_by < len(self.turns) + 1
        self.expected = {"outcome": "runaway", "loop_begins_turn": begins, "stop_by_turn": stop_by}

    def turn_no(self):
        return len(self.turns)


# --- rendering ---------------------------------------------------------------------------------

def tool_decls(shape, tools):
    out = []
    for name, (desc, props) in tools.items():
        params = {"type": "object", "properties": {k: {"type": v} for k, v in props.items()},
                  "required": list(props)}
        if shape == "chat":
            out.append({"type": "function", "function": {"name": name, "description": desc, "parameters": params}})
        elif shape == "responses":
            out.append({"type": "function", "name": name, "description": desc, "parameters": params})
        else:
            out.append({"name": name, "description": desc, "input_schema": params})
    return out


def render_history(shape, turns):
    msgs = []
    for tr in turns:
        for k in tr["inputs"]:
            if k[0] == "user":
                msgs.append({"role": "user", "content": k[1]})
        if shape == "anthropic" and tr["inputs"][0][0] == "result":
            msgs.append({"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": k[1], "content": k[2]} for k in tr["inputs"]]})
        elif shape == "chat" and tr["inputs"][0][0] == "result":
            for k in tr["inputs"]:
                msgs.append({"role": "tool", "tool_call_id": k[1], "content": k[2]})
        elif shape == "responses" and tr["inputs"][0][0] == "result":
            for k in tr["inputs"]:
                msgs.append({"type": "function_call_output", "call_id": k[1], "output": k[2]})
        rep = tr["reply"]
        if rep is None:
            continue
        if shape == "chat":
            m = {"role": "assistant", "content": rep["text"]}
            if rep["calls"]:
                m["tool_calls"] = [{"id": c, "type": "function", "function": {
                    "name": n, "arguments": json.dumps(a, sort_keys=True)}} for c, n, a in rep["calls"]]
            msgs.append(m)
        elif shape == "responses":
            if rep["text"]:
                msgs.append({"type": "message", "role": "assistant",
                             "content": [{"type": "output_text", "text": rep["text"]}]})
            for c, n, a in rep["calls"]:
                msgs.append({"type": "function_call", "call_id": c, "name": n,
                             "arguments": json.dumps(a, sort_keys=True)})
        else:
            blocks = []
            if rep["text"]:
                blocks.append({"type": "text", "text": rep["text"]})
            for c, n, a in rep["calls"]:
                blocks.append({"type": "tool_use", "id": c.replace("call_", "toolu_"), "name": n, "input": a})
            msgs.append({"role": "assistant", "content": blocks})
    if shape == "anthropic":  # Anthropic ids are toolu_*: keep tool_result ids in step with tool_use
        for m in msgs:
            if m["role"] == "user" and isinstance(m["content"], list):
                for b in m["content"]:
                    b["tool_use_id"] = b["tool_use_id"].replace("call_", "toolu_")
    return msgs


def render(sess, shape, idx):
    name = "%s_%s_%d_%s" % (sess.style, sess.kind, idx, shape)
    turns = []
    for i, tr in enumerate(sess.turns):
        if sess.stateless:
            hist = [{"at": tr["at"], "inputs": tr["inputs"], "reply": None}]
        else:
            hist = sess.turns[:i] + [{"at": tr["at"], "inputs": tr["inputs"], "reply": None}]
        msgs = render_history(shape, hist)
        if shape == "chat":
            req = {"model": MODELS[shape], "messages": [{"role": "system", "content": sess.system}] + msgs}
            if sess.tools:
                req["tools"] = tool_decls(shape, sess.tools)
            req["max_tokens"] = 1200
        elif shape == "responses":
            req = {"model": MODELS[shape], "instructions": sess.system, "input": msgs, "max_output_tokens": 1200}
            if sess.tools:
                req["tools"] = tool_decls(shape, sess.tools)
        else:
            req = {"model": MODELS[shape], "system": sess.system, "messages": msgs, "max_tokens": 1200}
            if sess.tools:
                req["tools"] = tool_decls(shape, sess.tools)
        turns.append({"at_seconds": tr["at"], "request": req})
    doc = {"name": name, "style": sess.style, "shape": shape, "path": PATHS[shape],
           "headers": {"x-session-id": "corpk-%s" % name, "x-user-id": "writer-k-%s" % sess.style},
           "expected": sess.expected, "turns": turns}
    if sess.notes:
        doc["notes"] = sess.notes
    return name, doc


# --- validation --------------------------------------------------------------------------------

class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def validate(doc):
    shape = doc["shape"]
    need(shape in SHAPES and doc["path"] == PATHS[shape], "shape/path")
    need(8 <= len(doc["turns"]) <= 30, "turn count %d" % len(doc["turns"]))
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        need(1 <= exp["loop_begins_turn"] < exp["stop_by_turn"] < len(doc["turns"]), "B/D")
    else:
        need(exp == {"outcome": "healthy"}, "expected")
    last = -1
    for n, t in enumerate(doc["turns"], 1):
        need(t["at_seconds"] > last, "time not increasing at turn %d" % n)
        last = t["at_seconds"]
        req = t["request"]
        need(isinstance(req.get("model"), str), "model")
        declared = set()
        if shape == "chat":
            declared = {x["function"]["name"] for x in req.get("tools", [])}
            validate_chat(req, declared)
        elif shape == "responses":
            declared = {x["name"] for x in req.get("tools", [])}
            validate_responses(req, declared)
        else:
            declared = {x["name"] for x in req.get("tools", [])}
            validate_anthropic(req, declared)


def validate_chat(req, declared):
    need(isinstance(req.get("messages"), list) and req["messages"], "messages")
    need("max_output_tokens" not in req, "chat field")
    open_ids = []
    for m in req["messages"]:
        need(m.get("role") in ("system", "user", "assistant", "tool"), "role")
        if m["role"] == "tool":
            need(m["tool_call_id"] in open_ids, "tool result without call")
            open_ids.remove(m["tool_call_id"])
            continue
        need(not open_ids, "tool calls unanswered before %s" % m["role"])
        if m["role"] == "assistant":
            for c in m.get("tool_calls", []):
                need(c["function"]["name"] in declared, "undeclared tool")
                json.loads(c["function"]["arguments"])
                open_ids.append(c["id"])
            need(m.get("content") is not None or m.get("tool_calls"), "empty assistant")
        else:
            need(isinstance(m["content"], str) and m["content"], "content")
    need(req["messages"][-1]["role"] in ("user", "tool"), "last message")
    need(not open_ids, "dangling tool calls")


def validate_responses(req, declared):
    need(isinstance(req.get("input"), list) and req["input"], "input")
    need("previous_response_id" not in req and "max_tokens" not in req, "responses fields")
    need(isinstance(req.get("max_output_tokens"), int), "max_output_tokens")
    open_ids = []
    for it in req["input"]:
        typ = it.get("type", "message")
        if typ == "function_call":
            need(it["name"] in declared, "undeclared tool")
            json.loads(it["arguments"])
            open_ids.append(it["call_id"])
        elif typ == "function_call_output":
            need(it["call_id"] in open_ids, "output without call")
            open_ids.remove(it["call_id"])
        else:
            need(typ == "message" and it["role"] in ("user", "assistant"), "item")
            need(not open_ids, "calls unanswered")
    need(not open_ids, "dangling calls")
    lastt = req["input"][-1].get("type", "message")
    need(lastt == "function_call_output" or req["input"][-1].get("role") == "user", "last item")


def validate_anthropic(req, declared):
    need(isinstance(req.get("max_tokens"), int) and isinstance(req.get("system"), str), "anthropic fields")
    msgs = req["messages"]
    need(msgs and msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "first/last role")
    prev_tool_ids = []
    for i, m in enumerate(msgs):
        need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "alternation")
        if m["role"] == "assistant":
            need(isinstance(m["content"], list) and m["content"], "assistant blocks")
            prev_tool_ids = []
            for b in m["content"]:
                need(b["type"] in ("text", "tool_use"), "block type")
                if b["type"] == "tool_use":
                    need(b["name"] in declared and isinstance(b["input"], dict), "tool_use")
                    prev_tool_ids.append(b["id"])
        else:
            if isinstance(m["content"], list):
                ids = [b["tool_use_id"] for b in m["content"] if b["type"] == "tool_result"]
                need(sorted(ids) == sorted(prev_tool_ids), "tool_result does not match tool_use")
            else:
                need(not prev_tool_ids and isinstance(m["content"], str) and m["content"], "user text after tool_use")
            prev_tool_ids = []


# --- helpers -----------------------------------------------------------------------------------

def hhmm(base_min, add):
    m = base_min + add
    return "%02d:%02d" % ((m // 60) % 24, m % 60)


def ts(day, secs):
    h, r = divmod(secs, 3600)
    return "2026-%sT%02d:%02d:%02dZ" % (day, h % 24, r // 60, r % 60)


# =============================================================================================
# style 1: ml_training_babysitter
# =============================================================================================

ML_TOOLS = {
    "get_job": ("Status of a training job on the cluster scheduler.", {"job_id": "string"}),
    "tail_logs": ("Last N lines of a job's stdout/stderr.", {"job_id": "string", "lines": "integer"}),
    "get_metrics": ("Scalar metrics logged by a job (loss, lr, throughput).", {"job_id": "string", "keys": "string"}),
    "restart_job": ("Resubmit a job from its last checkpoint, optionally with config overrides.",
                    {"job_id": "string", "overrides": "string"}),
}
ML_SYS = ("You babysit training runs on the research cluster for the LM team. Watch jobs with the tools, "
          "restart or adjust them when they fail, and report to the on-call researcher. Never delete "
          "checkpoints. Escalate to a human if a run fails twice the same way.")


def train_log(rng, job, start, stop, oom_at=None, header=True):
    lines = []
    if header:
        lines += [
            "[rank0] torch 2.4.1+cu124, NCCL 2.21.5, world_size=16 (2 nodes x 8 H100 80GB)",
            "[rank0] loading config configs/llama_1b_ctx8k.yaml",
            "[rank0] model: 1.13B params, 24 layers, d_model=2048, n_heads=16, rope_theta=500000",
            "[rank0] data: /mnt/datasets/fineweb-edu-dedup/shards/{00000..01023}.tar, seq_len=8192",
            "[rank0] resuming from /ckpt/%s/step_%06d (optimizer state: ok, rng state: ok)" % (job, start),
            "[rank0] FSDP: sharding_strategy=FULL_SHARD, mixed_precision=bf16, activation_checkpointing=selective",
        ]
    loss = 3.9 - start / 4000.0
    for step in range(start + 2, stop + 1, 2):
        loss -= rng.uniform(-0.004, 0.009)
        tok = rng.randint(381000, 396000)
        lines.append("[rank0] step %6d | loss %.4f | lr %.3e | grad_norm %.3f | tok/s %d | mem %.1fGB"
                     % (step, loss, 3e-4 * min(1, step / 2000.0), rng.uniform(0.21, 0.48), tok,
                        61.2 + (step % 70) / 10.0))
        if step % 500 == 0:
            lines.append("[rank0] eval step %d: val_loss %.4f val_ppl %.2f" % (step, loss + 0.05, 2.718 ** (loss + 0.05)))
    if oom_at:
        lines += [
            "[rank11] Traceback (most recent call last):",
            "[rank11]   File \"/app/train.py\", line 412, in <module>",
            "[rank11]     main(cfg)",
            "[rank11]   File \"/app/train.py\", line 368, in main",
            "[rank11]     loss = model(batch).loss",
            "[rank11]   File \"/app/model/attention.py\", line 141, in forward",
            "[rank11]     attn = torch.softmax(scores.float(), dim=-1)",
            "[rank11] torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 8.00 GiB. GPU 3 has a total "
            "capacity of 79.11 GiB of which 5.21 GiB is free. Of the allocated memory 70.02 GiB is allocated by "
            "PyTorch, and 2.31 GiB is reserved by PyTorch but unallocated.",
            "[rank11] batch at step %d: shard 00731.tar sample 18842 (packed, 1 doc of 8192 tokens)" % oom_at,
            "[rank0] NCCL watchdog: rank 11 exited with code 1, tearing down process group",
            "srun: error: node-b07: task 11: Exited with exit code 1",
        ]
    return "\n".join(lines)


def ml_runaway_restart(shape):
    rng = random.Random(101)
    s = Session("ml_training_babysitter", "runaway", ML_SYS, ML_TOOLS,
                notes="Restart loop: the 1B run is resumed from checkpoint 6000 again and again and dies with the "
                      "same CUDA OOM on the same long sample at step 6420, buried under a long varying log.")
    s.user("Run tr-1b-ctx8k (job 88213) died overnight. Get it going again, I need it past step 10k by Monday.", 0)
    s.call("get_job", {"job_id": "88213"}, "Checking the job state first.")
    s.result("job 88213 tr-1b-ctx8k: FAILED (exit 1) at 2026-03-14T02:41:09Z after 5h12m; last checkpoint "
             "step_006000 (/ckpt/tr-1b-ctx8k/step_006000); partition h100-long; 2 nodes")
    s.call("tail_logs", {"job_id": "88213", "lines": 400})
    s.result(train_log(rng, "tr-1b-ctx8k", 6000, 6420, oom_at=6420), 4)
    overrides = ["", "train.micro_batch_size=1", "model.attn_impl=sdpa", "train.micro_batch_size=1",
                 "env.PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True", "model.attn_impl=sdpa",
                 "train.grad_accum=16", "env.PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True"]
    texts = ["OOM at step 6420 on rank 11. Probably a transient fragmentation issue; resubmitting from step 6000 as is.",
             "Same OOM at 6420. Dropping micro batch size to 1 and resubmitting from step_006000.",
             "Still OOM at 6420. Switching attention to SDPA so the softmax is not materialised in fp32, resubmitting.",
             "OOM again at 6420. Trying micro batch 1 once more in case the previous resubmit did not pick it up.",
             "OOM at 6420 again. Setting expandable_segments to reduce fragmentation and resubmitting.",
             "Same failure at step 6420. Retrying with SDPA attention.",
             "Another OOM at 6420; raising grad accumulation so each micro step is smaller.",
             "OOM at 6420 persists; resubmitting with the allocator setting."]
    jid = 88213
    for i in range(8):
        s.call("restart_job", {"job_id": str(jid), "overrides": overrides[i]}, texts[i])
        jid += 7 + i
        s.result("submitted job %d (resume tr-1b-ctx8k from step_006000), overrides: [%s], queue position 1"
                 % (jid, overrides[i] or "none"), 20)
        s.call("tail_logs", {"job_id": str(jid), "lines": 400}, "Waiting for it to reach the failure point.")
        s.result(train_log(rng, "tr-1b-ctx8k", 6000, 6420, oom_at=6420), 1500)
    # turns: 1 user, 2 get_job res, 3 logs, 4 restart ack, 5 logs (fail #2 -> loop under way at 5), ...
    s.runaway(5, 11)
    return s


def ml_runaway_pending(shape):
    s = Session("ml_training_babysitter", "runaway", ML_SYS, ML_TOOLS,
                notes="Polls a job that stays PENDING (reason: ReqNodeNotAvail, the partition is drained for "
                      "maintenance); only the timestamp and the wait counter change.")
    s.user("Keep an eye on sweep job 90417 (lr sweep, 8 GPUs) and tell me when it starts. It was submitted 10 min ago.", 0)
    base = 9 * 3600 + 14 * 60
    for i in range(20):
        s.call("get_job", {"job_id": "90417"}, None if i else "I'll poll the scheduler until it starts.")
        now = base + i * 120
        s.result("job 90417 lr-sweep-a3: PENDING, reason=ReqNodeNotAvail, UnavailableNodes:node-c[01-16], "
                 "partition h100-short (state: DRAIN, reason \"firmware upgrade, back Tue\"), priority 51203, "
                 "queued %d min, checked %s" % (10 + 2 * i, ts("03-16", now)), 120)
    # the partition is drained from the first result; the loop is visible once the same answer repeats
    s.runaway(3, 11)
    return s


def ml_healthy_progress(shape):
    s = Session("ml_training_babysitter", "healthy", ML_SYS, ML_TOOLS,
                notes="Hard negative: the same get_job/get_metrics poll every 10 minutes, but step, loss, "
                      "throughput and ETA move every time, then the job completes and the agent reports.")
    s.user("Job 90533 (tr-350m-distill) should finish this afternoon. Watch it and ping me with final eval numbers.", 0)
    step, loss, eta = 41200, 2.613, 128
    for i in range(9):
        s.call("get_job", {"job_id": "90533"}, None if i else "Polling every ~10 minutes.")
        step += 3100 + (i * 37) % 200
        loss -= 0.011 + (i % 3) * 0.002
        eta -= 13 + i % 4
        if i < 8:
            s.result("job 90533 tr-350m-distill: RUNNING %s; step %d/70000 (%.1f%%); last loss %.3f; "
                     "tok/s %d; ETA %d min" % (ts("03-17", 13 * 3600 + i * 600), step, step / 700.0, loss,
                                               512000 + i * 311, max(eta, 4)), 600)
        else:
            s.result("job 90533 tr-350m-distill: COMPLETED %s; step 70000/70000; exit 0; "
                     "final checkpoint /ckpt/tr-350m-distill/step_070000" % ts("03-17", 13 * 3600 + i * 600), 600)
    s.call("get_metrics", {"job_id": "90533", "keys": "val_loss,hellaswag,arc_easy,piqa"}, "Finished. Pulling evals.")
    s.result("val_loss 2.412 (step 70000)\nhellaswag acc_norm 0.4231\narc_easy acc 0.5871\npiqa acc 0.6893")
    s.say("tr-350m-distill finished cleanly at step 70000. Final val_loss 2.412; HellaSwag 42.3, ARC-e 58.7, "
          "PIQA 68.9. That is +1.4 HellaSwag over the teacher-free baseline (40.9). Checkpoint: "
          "/ckpt/tr-350m-distill/step_070000.")
    s.user("Nice. Can you compare against run 88101 on the same three?")
    s.call("get_metrics", {"job_id": "88101", "keys": "hellaswag,arc_easy,piqa"})
    s.result("hellaswag acc_norm 0.4087\narc_easy acc 0.5790\npiqa acc 0.6812")
    s.say("88101: HellaSwag 40.9, ARC-e 57.9, PIQA 68.1. The distilled run is ahead on all three: +1.4, +0.8, +0.8.")
    return s


def ml_healthy_changing_failures(shape):
    s = Session("ml_training_babysitter", "healthy", ML_SYS, ML_TOOLS,
                notes="Hard negative: four restarts, each failing differently (NaN loss, missing shard, checkpoint "
                      "permission, then none) and each fixed by a different override before the run goes green.")
    s.user("New run tr-7b-code (job 91002) keeps crashing early. Please get it stable; you may change lr and paths.", 0)
    s.call("tail_logs", {"job_id": "91002", "lines": 60})
    s.result("[rank0] step    180 | loss 1.9021 | lr 1.800e-04 | grad_norm 4.112\n"
             "[rank0] step    190 | loss 2.8810 | lr 1.900e-04 | grad_norm 38.907\n"
             "[rank0] step    200 | loss nan | lr 2.000e-04 | grad_norm nan\n"
             "[rank0] FloatingPointError: loss is NaN at step 200 (guard: train.abort_on_nan=true)")
    s.call("restart_job", {"job_id": "91002", "overrides": "optim.lr=1.2e-4 optim.warmup_steps=2000"},
           "Loss spikes and goes NaN at 200 during warmup. Lowering peak lr and lengthening warmup.")
    s.result("submitted job 91019 (fresh start), overrides: [optim.lr=1.2e-4 optim.warmup_steps=2000]")
    s.call("tail_logs", {"job_id": "91019", "lines": 60})
    s.result("[rank0] step   1450 | loss 1.4410 | lr 8.700e-05 | grad_norm 0.611\n"
             "[rank0] step   1460 | loss 1.4395 | lr 8.760e-05 | grad_norm 0.598\n"
             "[rank5] FileNotFoundError: [Errno 2] No such file or directory: "
             "'/mnt/datasets/stack-v2-dedup/shards/python/00412.parquet'\n"
             "[rank0] dataloader worker 5 died, aborting", 1800)
    s.call("restart_job", {"job_id": "91019", "overrides": "data.manifest=/mnt/datasets/stack-v2-dedup/manifest-2026-03-10.json"},
           "NaN is gone (grad norm ~0.6). New failure: shard python/00412 missing; the old manifest still lists "
           "shards removed in the March dedup. Pointing at the current manifest and resuming.")
    s.result("submitted job 91044 (resume from step_001000), overrides: [data.manifest=...-2026-03-10.json]")
    s.call("tail_logs", {"job_id": "91044", "lines": 60})
    s.result("[rank0] step   2990 | loss 1.3122 | lr 1.200e-04 | grad_norm 0.402\n"
             "[rank0] step   3000 | loss 1.3107 | lr 1.200e-04 | grad_norm 0.398\n"
             "[rank0] saving checkpoint to /ckpt/tr-7b-code/step_003000\n"
             "[rank0] PermissionError: [Errno 13] Permission denied: '/ckpt/tr-7b-code/step_003000/model_00.pt'",
             2400)
    s.call("restart_job", {"job_id": "91044", "overrides": "ckpt.dir=/ckpt-scratch/lm-team/tr-7b-code"},
           "Data is fine now; it fails writing the step 3000 checkpoint: /ckpt/tr-7b-code is owned by another "
           "group. Redirecting checkpoints to the team scratch dir.")
    s.result("submitted job 91060 (resume from step_002000), overrides: [ckpt.dir=/ckpt-scratch/lm-team/tr-7b-code]")
    s.call("get_job", {"job_id": "91060"})
    s.result("job 91060 tr-7b-code: RUNNING; step 5120/120000; checkpoints: step_003000, step_004000, step_005000 "
             "in /ckpt-scratch/lm-team/tr-7b-code", 3600)
    s.call("get_metrics", {"job_id": "91060", "keys": "loss,grad_norm"})
    s.result("loss 1.2481 (step 5120), grad_norm 0.355, no NaN guard trips")
    s.say("tr-7b-code is stable: job 91060 is at step 5120 with three checkpoints saved. Fixes: lr 1.2e-4 with "
          "2000 warmup (NaN at 200), March manifest (missing shard 00412), checkpoints to /ckpt-scratch "
          "(permission on /ckpt/tr-7b-code; please ask infra to fix the group so we can move back).")
    s.user("Great, thanks. Leave it running.")
    s.say("Will do. I'll check in at the next eval (step 10000).")
    s.user("ok")
    return s


# =============================================================================================
# style 2: firmware_flashing
# =============================================================================================

FW_TOOLS = {
    "list_ports": ("List USB serial ports on the flashing rig.", {}),
    "flash": ("Flash an image with esptool.", {"port": "string", "image": "string", "baud": "integer", "erase": "boolean"}),
    "serial_read": ("Read the serial console for N seconds.", {"port": "string", "seconds": "integer"}),
    "verify": ("Verify flash contents against an image digest.", {"port": "string", "image": "string"}),
}
FW_SYS = ("You run the firmware flashing rig for the sensor-node production line (ESP32-S3 boards). Flash the "
          "requested image, verify it, check the boot log on the serial console and record the result.")

BOOT_BANNER = ("ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\nrst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\n"
               "SPIWP:0xee\nmode:DIO, clock div:1\nload:0x3fce3818,len:0x16f8\nload:0x403c9700,len:0x4\n"
               "load:0x403c9704,len:0xc00\nload:0x403cc700,len:0x2eb0\nentry 0x403c9908\n"
               "I (27) boot: ESP-IDF v5.2.1 2nd stage bootloader\nI (27) boot: compile time Mar  2 2026 10:14:51\n"
               "I (28) boot: Multicore bootloader\nI (31) boot: chip revision: v0.2\n"
               "I (35) boot.esp32s3: Boot SPI Speed : 80MHz\nI (40) boot.esp32s3: SPI Mode       : DIO\n"
               "I (44) boot.esp32s3: SPI Flash Size : 8MB\nI (49) boot: Enabling RNG early entropy source...\n"
               "I (55) boot: Partition Table:\nI (58) boot: ## Label            Usage          Type ST Offset   Length\n"
               "I (65) boot:  0 nvs              WiFi data        01 02 00009000 00006000\n"
               "I (73) boot:  1 otadata          OTA data         01 00 0000f000 00002000\n"
               "I (80) boot:  2 phy_init         RF data          01 01 00011000 00001000\n"
               "I (88) boot:  3 ota_0            OTA app          00 10 00020000 00300000\n"
               "I (95) boot:  4 ota_1            OTA app          00 11 00320000 00300000\n"
               "I (103) boot: End of partition table\n")


def esptool_fail(port, baud, erase):
    out = ["esptool.py v4.7.0", "Serial port %s" % port, "Connecting....", "Chip is ESP32-S3 (QFN56) (revision v0.2)",
           "Features: WiFi, BLE, Embedded PSRAM 8MB (AP_3v3)", "Crystal is 40MHz", "MAC: 34:85:18:a1:4c:e0",
           "Uploading stub...", "Running stub...", "Stub running...", "Changing baud rate to %d" % baud, "Changed."]
    if erase:
        out += ["Erasing flash (this may take a while)...", "Chip erase completed successfully in 21.4s"]
    out += ["Configuring flash size...", "Flash will be erased from 0x00000000 to 0x00005fff...",
            "Flash will be erased from 0x00020000 to 0x001c8fff...",
            "Compressed 1733536 bytes to 1101742...",
            "Writing at 0x00020000... (1 %)", "Writing at 0x0002c4f1... (7 %)", "Writing at 0x00038d0e... (13 %)",
            "",
            "A fatal error occurred: Packet content transfer stopped (received 8 bytes)",
            "Failed uploading to target at 0x00038d0e: serial data stream stopped: Possible serial noise or corruption.",
            "exit status 2"]
    return "\n".join(out)


def fw_runaway_alternating(shape):
    s = Session("firmware_flashing", "runaway", FW_SYS, FW_TOOLS,
                notes="Alternating attempts (high baud / low baud / full erase) on one board, every flash dying "
                      "at 13% at the same address with the same serial-stream error (a bad USB cable).")
    s.user("Flash sensor-node v3.4.0 (build/sn-3.4.0-merged.bin) on the board at /dev/ttyUSB0 and confirm it boots.", 0)
    s.call("flash", {"port": "/dev/ttyUSB0", "image": "build/sn-3.4.0-merged.bin", "baud": 921600, "erase": False})
    s.result(esptool_fail("/dev/ttyUSB0", 921600, False), 40)
    attempts = [(115200, False, "Transfer stopped at 13%. Possibly too fast for this cable; retrying at 115200."),
                (921600, True, "Still stops at 0x00038d0e. Trying a full chip erase first at the default speed."),
                (115200, True, "Same error after erase. Erase plus slow baud this time."),
                (460800, False, "Same stop at 13%. Trying 460800 as a middle ground."),
                (115200, False, "Failed again at the same offset. Back to 115200, without erase."),
                (921600, True, "Same result. One more erase + 921600."),
                (115200, True, "Identical failure at 0x00038d0e. Retrying erase at 115200."),
                (460800, True, "Still the same packet transfer error; trying 460800 with erase."),
                (115200, False, "Same failure. Retrying at 115200.")]
    for baud, erase, txt in attempts:
        s.call("flash", {"port": "/dev/ttyUSB0", "image": "build/sn-3.4.0-merged.bin", "baud": baud, "erase": erase}, txt)
        s.result(esptool_fail("/dev/ttyUSB0", baud, erase), 45 if not erase else 70)
    s.runaway(3, 8)
    return s


def fw_runaway_renamed(shape):
    s = Session("firmware_flashing", "runaway", FW_SYS, FW_TOOLS,
                notes="Renamed entities: the same brown-out boot loop on one board that re-enumerates under a "
                      "new ttyACM name after each reset; the agent treats every name as a new board.")
    s.user("Tray 7 has 4 boards plugged in. Flash sn-3.4.0 on each and check the console for a clean boot.", 0)
    s.call("list_ports", {})
    s.result("/dev/ttyACM0  303a:1001 Espressif USB JTAG/serial debug unit  serial=34:85:18:a1:77:10")
    for i in range(9):
        port = "/dev/ttyACM%d" % i
        s.call("flash", {"port": port, "image": "build/sn-3.4.0-merged.bin", "baud": 921600, "erase": False},
               "Flashing board on %s." % port if i == 0 else
               "That board is done; the next board showed up as %s. Flashing it." % port)
        s.result("esptool.py v4.7.0\nSerial port %s\nChip is ESP32-S3 (QFN56) (revision v0.2)\nMAC: 34:85:18:a1:77:10\n"
                 "Wrote 1733536 bytes (1101742 compressed) at 0x00020000 in 14.9 seconds\nHash of data verified.\n"
                 "Hard resetting via RTS pin..." % port, 30)
        s.call("serial_read", {"port": port, "seconds": 10})
        s.result(BOOT_BANNER.split("I (27)")[0] + "I (27) boot: ESP-IDF v5.2.1 2nd stage bootloader\n"
                 "I (412) sn_main: sensor-node 3.4.0 starting, radio init\n\n"
                 "Brownout detector was triggered\n\nESP-ROM:esp32s3-20210327\nrst:0xf (BROWNOUT_RST),boot:0x8\n"
                 "[device disconnected; re-enumerated as /dev/ttyACM%d]" % (i + 1), 15)
    # turn 1 user, 2 ports, 3 flash ok, 4 brownout on ACM0, 5 flash "new" ACM1, 6 same brownout -> loop
    s.runaway(6, 12)
    return s


def fw_healthy_batch(shape):
    instr = ("Production batch PB-2026-0311, 10 boards of sensor-node rev C. For EACH board id I send: "
             "1) flash build/sn-3.4.0-merged.bin at 921600 on the port I give, 2) verify against "
             "sha256 9f1c0e47d2a3b6f8e1d4c7a2b5e8f0a3c6d9e2b5f8a1c4d7e0b3a6c9f2e5d8b1, 3) read 8 s of console and "
             "confirm 'sn_main: self-test PASS', 4) reply with one line: BOARD | MAC | verify | self-test | notes. "
             "A flash-size mismatch warning (header 4MB vs detected 8MB) is expected on rev C and is NOT a "
             "failure; note it and move on. Anything else unusual: stop and tell me.")
    s = Session("firmware_flashing", "healthy", FW_SYS, FW_TOOLS,
                notes="Hard negative: a batch, one long instruction, a different board id each time; the same "
                      "expected flash-size warning recurs on several different boards.")
    macs = ["34:85:18:a2:%02x:%02x" % (0x10 + i, (i * 37) % 256) for i in range(6)]
    for i in range(6):
        board = "SN-C-%04d" % (1311 + i)
        port = "/dev/ttyUSB%d" % (i % 4)
        s.user(instr + "\n\nBoard: %s on %s" % (board, port) if i == 0 else "Next board: %s on %s" % (board, port), 90)
        s.call("flash", {"port": port, "image": "build/sn-3.4.0-merged.bin", "baud": 921600, "erase": False},
               None, more=[])
        warn = i in (0, 2, 3, 5)
        s.result("esptool.py v4.7.0\nSerial port %s\nMAC: %s\n%sWrote 1733536 bytes at 0x00020000 in %.1f seconds\n"
                 "Hash of data verified." % (port, macs[i], "Warning: Image header says 4MB flash, detected 8MB\n"
                                             if warn else "", 14.2 + i * 0.3), 25)
        s.call("verify", {"port": port, "image": "build/sn-3.4.0-merged.bin"})
        s.result("verify %s: sha256 9f1c0e47...d8b1 OK (%d regions)" % (port, 3))
        s.call("serial_read", {"port": port, "seconds": 8})
        s.result(BOOT_BANNER + "I (112) boot: Loaded app from partition at offset 0x20000\n"
                 "I (418) sn_main: sensor-node 3.4.0 starting, board %s\n"
                 "I (%d) sn_main: self-test PASS (imu ok, bme280 ok, lora ok)\n" % (board, 960 + i * 7), 10)
        s.say("%s | %s | verify OK | self-test PASS | %s" % (board, macs[i], "flash size warning (expected rev C)"
                                                            if warn else "-"))
    return s


def fw_healthy_revisit(shape):
    s = Session("firmware_flashing", "healthy", FW_SYS, FW_TOOLS,
                notes="Hard negative: legitimately revisits the same states (flash, boot, console) for ota_0 then "
                      "ota_1 then a rollback test; boot logs are mostly identical boilerplate with small real changes.")
    s.user("On the dev board (/dev/ttyUSB2) test the OTA slots: flash 3.4.0 into ota_0, 3.4.1-rc2 into ota_1, "
           "check each boots, then test rollback from a bad image.", 0)
    steps = [("build/sn-3.4.0.bin", "ota_0", "0x20000", "3.4.0", "ok"),
             ("build/sn-3.4.1-rc2.bin", "ota_1", "0x320000", "3.4.1-rc2", "ok"),
             ("build/sn-3.4.1-rc2-badsig.bin", "ota_0", "0x20000", "3.4.1-rc2-badsig", "rollback")]
    for img, slot, off, ver, res in steps:
        s.call("flash", {"port": "/dev/ttyUSB2", "image": img, "baud": 921600, "erase": False},
               "Flashing %s into %s." % (ver, slot))
        s.result("esptool.py v4.7.0\nWrote %d bytes at %s in 11.%d seconds\nHash of data verified.\nHard resetting via RTS pin..."
                 % (1698304 + len(ver) * 512, off, len(ver)), 20)
        s.call("serial_read", {"port": "/dev/ttyUSB2", "seconds": 8})
        if res == "ok":
            tail = ("I (112) boot: Loaded app from partition at offset %s\nI (420) sn_main: sensor-node %s starting\n"
                    "I (977) sn_main: self-test PASS (imu ok, bme280 ok, lora ok)\n" % (off, ver))
        else:
            tail = ("I (112) esp_image: Verifying image signature...\nE (131) secure_boot_v2: signature verification "
                    "failed for slot ota_0\nI (140) boot: Falling back to ota_1\nI (151) boot: Loaded app from partition "
                    "at offset 0x320000\nI (460) sn_main: sensor-node 3.4.1-rc2 starting\nI (990) sn_main: self-test PASS\n")
        s.result(BOOT_BANNER + tail, 10)
    s.say("All three checks done: 3.4.0 boots from ota_0, 3.4.1-rc2 boots from ota_1, and the badly signed image "
          "in ota_0 is rejected by secure boot and the board falls back to ota_1 (3.4.1-rc2). Rollback works.")
    s.user("Now put 3.4.0 back in ota_0 and mark it the boot partition so the board is in the release state.", 600)
    s.call("flash", {"port": "/dev/ttyUSB2", "image": "build/sn-3.4.0.bin", "baud": 921600, "erase": False})
    s.result("esptool.py v4.7.0\nWrote 1701376 bytes at 0x20000 in 11.5 seconds\nHash of data verified.", 20)
    s.call("serial_read", {"port": "/dev/ttyUSB2", "seconds": 8})
    s.result(BOOT_BANNER + "I (112) boot: Loaded app from partition at offset 0x20000\nI (420) sn_main: sensor-node "
             "3.4.0 starting\nI (981) sn_main: self-test PASS (imu ok, bme280 ok, lora ok)\n", 10)
    s.say("Done: ota_0 holds 3.4.0 again, otadata selects ota_0, and it boots with self-test PASS.")
    s.user("Thanks!")
    return s


# =============================================================================================
# style 3: journalism_fact_check
# =============================================================================================

JF_TOOLS = {
    "web_search": ("Search the web; returns titles, URLs and snippets.", {"query": "string"}),
    "fetch_page": ("Fetch a URL and return its readable text.", {"url": "string"}),
    "fetch_archive": ("Fetch the closest Wayback Machine snapshot of a URL for a date.", {"url": "string", "date": "string"}),
}
JF_SYS = ("You are the fact-checking desk of the Northfield Ledger. For each claim in a draft, find a primary "
          "or independent source, quote it, and mark the claim VERIFIED, NEEDS CHANGE or UNSUPPORTED. Wire "
          "copy republished by several outlets counts as ONE source.")

WIRE_STORY = (
    "HARTWELL, Ohio (AP-style wire) — The Hartwell County water authority will raise residential rates by 11.5% "
    "starting July 1, the board decided Tuesday in a 4-3 vote after a three-hour meeting that drew more than 200 "
    "residents. Board chair Denise Okafor said the increase was needed to pay for replacing 14 miles of lead "
    "service lines identified in a 2024 survey. \"Nobody up here wanted to vote for this,\" Okafor said. \"But "
    "the federal deadline does not move because we are uncomfortable.\" Opponents, led by board member Ray "
    "Villanueva, argued the authority should first draw down its $6.2 million reserve fund. The average household "
    "bill will rise from $58.40 to $65.12 a month, according to authority figures. The authority serves about "
    "41,000 customers in Hartwell, Bristow and Lake Tenney. A state grant of $3.1 million announced in February "
    "covers roughly a fifth of the $15.8 million project. Work is scheduled to begin in September and last three "
    "years.")


def jf_runaway_reserved(shape):
    s = Session("journalism_fact_check", "runaway", JF_SYS, JF_TOOLS,
                notes="The same wire story re-served under different outlet names, titles and URLs; the agent "
                      "keeps fetching 'another independent source' and gets the identical text.")
    s.user("Draft claim 4: \"The reserve fund stands at $9 million, according to board records.\" Find an "
           "independent source for the reserve figure.", 0)
    outlets = [("daily-courier.com", "Water rates to rise 11.5% in Hartwell County"),
               ("tristatenews.net", "Hartwell water board approves rate hike in split vote"),
               ("wkbn-tv.com", "Rate increase coming for Hartwell County water customers"),
               ("bristowgazette.com", "Board votes 4-3 for higher water bills"),
               ("ohiovalleytoday.com", "Lead pipe replacement drives Hartwell water rate hike"),
               ("news.yahoo.com", "Ohio county water authority to raise rates 11.5%"),
               ("lake-tenney-times.com", "Water authority OKs rate hike; reserve debate continues"),
               ("msn.com", "Hartwell County residents face higher water bills"),
               ("cincinnati-wire.com", "Split board raises water rates in Hartwell"),
               ("patch.com/ohio/hartwell", "Hartwell Water Rates Going Up July 1"),
               ("columbus-herald.com", "Hartwell water authority hikes rates 11.5 percent")]
    s.call("web_search", {"query": "Hartwell County water authority reserve fund million"})
    s.result("\n".join("%d. %s — https://www.%s/local/2026/03/11/hartwell-water-rates-%d\n   ...the authority "
                       "should first draw down its $6.2 million reserve fund..." % (i + 1, t, d, 1000 + 37 * i)
                       for i, (d, t) in enumerate(outlets)))
    texts = ["The search hits quote a $6.2 million reserve. Reading the first article.",
             "That article says $6.2 million, not $9 million. Checking a second outlet to confirm independently.",
             "Same figure. I'll read one more outlet for independent confirmation.",
             "Also $6.2 million. Let me check another outlet that may have its own reporting.",
             "Checking one more outlet.", "Looking at another outlet for independent reporting.",
             "Trying another source.", "Checking another outlet's version.", "One more independent source.",
             "Checking the next outlet.", "Reading one more outlet to be sure."]
    for i, (d, t) in enumerate(outlets):
        url = "https://www.%s/local/2026/03/11/hartwell-water-rates-%d" % (d, 1000 + 37 * i)
        s.call("fetch_page", {"url": url}, texts[i])
        s.result("%s\n%s | %s | Published March 11, 2026\n\n%s\n\nCopyright 2026. All rights reserved. This material "
                 "may not be published, broadcast, rewritten or redistributed." % (t, d, "Staff and wire reports", WIRE_STORY), 12)
    # turn 1 user, 2 search, 3 fetch #1, 4 #2: the same text under another title -> the loop is under way
    s.runaway(4, 10)
    return s


def jf_runaway_cycle(shape):
    s = Session("journalism_fact_check", "runaway", JF_SYS, JF_TOOLS,
                notes="Period-3 cycle: search, fetch the dead page, ask the archive (no snapshot, the 'checked at' "
                      "timestamp changes), then the same search again.")
    s.user("Claim 9: Mayor Tran told the Rotary Club in 2019 that the bridge would \"never be tolled\". The "
           "quote came from the Bristow Gazette's old site. Verify it.", 0)
    url = "http://www.bristowgazette.com/news/2019/06/tran-rotary-bridge.html"
    for r in range(6):
        s.call("web_search", {"query": "Tran Rotary bridge \"never be tolled\" 2019"},
               "Searching for the original report." if r == 0 else "No snapshot. Searching again for the original report.")
        s.result("1. Mayor Tran speaks to Rotary — Bristow Gazette — %s\n   (cached title only, no snippet)\n"
                 "2. Bristow Rotary Club — Meeting archive 2019 — bristowrotary.org/2019 (no mention of bridge)" % url, 8)
        s.call("fetch_page", {"url": url}, "Fetching the original article.")
        s.result("HTTP 404 Not Found — the page %s no longer exists. The Bristow Gazette moved to "
                 "bristowgazette.com in 2022; older articles were not migrated." % url, 6)
        s.call("fetch_archive", {"url": url, "date": "2019-06-20"}, "Trying the Wayback Machine.")
        s.result("{\"url\": \"%s\", \"archived_snapshots\": {}, \"checked_at\": \"%s\"}" % (url, ts("03-12", 40000 + 31 * r)), 5)
    # turns: 1 user; cycle (search, 404, archive) = turns 2-4, 5-7, ...; the second search at 5 repeats
    s.runaway(5, 12)
    return s


def jf_healthy_stateless(shape):
    paras = [
        "By Maya Lindqvist, Ledger staff",
        "When the Hartwell County water authority voted 4-3 on Tuesday to raise residential rates by 11.5%, it "
        "closed a two-year argument over who should pay to dig up the county's lead pipes.",
        "The increase takes effect July 1 and lifts the average household bill from $58.40 to $65.12 a month, "
        "according to authority figures. Board chair Denise Okafor said the money will pay for replacing 14 miles "
        "of lead service lines identified in a 2024 survey.",
        "The authority serves about 41,000 customers in Hartwell, Bristow and Lake Tenney. It is the first rate "
        "increase since 2017, when rates rose 6%.",
        "Board member Ray Villanueva, who voted no, said the authority should draw down its reserve fund, which he "
        "put at $9 million, before asking residents to pay more.",
        "The federal Lead and Copper Rule Improvements, finalised in October 2024, require most utilities to "
        "replace lead service lines within ten years.",
        "A state grant of $3.1 million, announced in February, covers about a fifth of the $15.8 million project. "
        "Construction is expected to start in September and take three years.",
        "At the meeting, more than 200 residents packed the Bristow middle school gym. Several held signs reading "
        "\"Fix the pipes, not our budgets.\"",
        "Okafor, a retired civil engineer, has chaired the board since 2021. Villanueva, a Lake Tenney "
        "restaurateur, was elected in 2023.",
    ]
    doc = "\n\n".join(paras) + "\n\n[Sidebar: how to check if your home has a lead line]\n" + "\n".join(
        "- Step %d: %s" % (i + 1, t) for i, t in enumerate([
            "Find where the water line enters your house, usually in the basement near the front wall.",
            "Scratch the pipe gently with a key. Lead is soft, dull grey and turns shiny silver when scratched.",
            "Hold a magnet to it. A magnet will not stick to lead or copper, but will stick to galvanised steel.",
            "Look up your address on the authority's service line inventory map at hartwellwater.org/lsl.",
            "Call the authority at 555-0142 to request a free inspection if you are unsure."]))
    speakers = ["Linda Marsh, Bristow", "Tom Okonkwo, Hartwell", "Pat Reilly, Lake Tenney", "Gus Delgado, Hartwell",
                "Anne-Marie Cho, Bristow", "Walt Fenske, Lake Tenney", "Rosa Ibarra, Hartwell", "Kevin Bright, Bristow"]
    topics = ["my bill already went up when the sewer fee changed in 2022",
              "I'm on a fixed income and $6 a month is real money",
              "why wasn't the reserve used first, that's what it is for",
              "the lead lines on Elm Street were found in 2019, why did it take five years",
              "will renters see this passed through by landlords",
              "I support the increase, my grandkids drink this water",
              "can the work on Route 9 be scheduled outside school hours",
              "the board should publish the contractor bids before voting"]
    transcript = []
    for i in range(150):
        transcript.append("[%s] %s: %s (%d min %02d s)" % (hhmm(19 * 60 + 5, i), speakers[(i * 3) % 8],
                          topics[(i * 5 + i // 8) % 8], 1 + i % 3, (i * 17) % 60))
    doc = doc + "\n\n[Reporter's notes — public comment, transcribed from the authority's recording]\n" + "\n".join(transcript)
    doc = doc + "\n\n[Board packet excerpt, p. 3-5]\n" + "\n".join(
        "Account %s | FY2025 actual $%s | FY2026 budget $%s" % (a, "{:,}".format(v), "{:,}".format(v * 107 // 100))
        for a, v in [("4100 Water sales - residential", 28650000), ("4110 Water sales - commercial", 7420000),
                     ("4200 Connection fees", 391000), ("5100 Salaries", 9120000), ("5200 Chemicals", 1870000),
                     ("5300 Power", 2440000), ("5400 Debt service", 4610000), ("5500 Capital - LSL", 5270000),
                     ("3900 Unrestricted reserve (year end)", 6200000)])
    s = Session("journalism_fact_check", "healthy", JF_SYS, stateless=True,
                notes="Hard negative: a stateless checker resends the same long draft every time with a new claim "
                      "to check; the request barely changes but each question is different.")
    qs = [("the average bill figures ($58.40 to $65.12)", "VERIFIED — matches the authority's rate schedule and the "
           "board packet (p. 3). The increase is $6.72, i.e. 11.5%."),
          ("that it is the first increase since 2017", "NEEDS CHANGE — the authority's rate history shows a 3% "
           "increase in 2020. Suggest: \"the first double-digit increase since at least 2010\"."),
          ("the $9 million reserve figure", "NEEDS CHANGE — the audited FY2025 statement shows $6.2 million in "
           "unrestricted reserves. Attribute Villanueva's figure or correct it."),
          ("the ten-year federal deadline", "VERIFIED — LCRI (Oct 2024) sets a 10-year replacement deadline for "
           "most systems, with compliance starting in 2027."),
          ("the grant covering about a fifth", "VERIFIED — 3.1 / 15.8 = 19.6%."),
          ("the attendance of more than 200", "UNSUPPORTED — no count in the minutes; our reporter's notes say "
           "'gym about two-thirds full (capacity 350)'. Suggest 'about 200'."),
          ("Okafor chairing since 2021", "VERIFIED — board minutes of Jan 12, 2021 record her election as chair."),
          ("Villanueva elected in 2023", "VERIFIED — county board of elections, Nov 7, 2023 results."),
          ("the magnet test in the sidebar", "VERIFIED — EPA guidance describes the scratch and magnet tests; "
           "note magnets also do not stick to copper, which the sidebar already says."),
          ("the phone number 555-0142", "NEEDS CHANGE — the authority's customer line on its website is "
           "555-0148; 555-0142 is the billing fax.")]
    for i, (q, a) in enumerate(qs):
        s.user("DRAFT ARTICLE (do not edit, only check):\n\n%s\n\nCHECK THIS CLAIM: %s. Answer with a verdict "
               "and the source." % (doc, q), 45 + 11 * i)
        s.say(a)
    return s


def jf_healthy_template(shape):
    s = Session("journalism_fact_check", "healthy", JF_SYS, JF_TOOLS,
                notes="Hard negative: every answer follows the same verdict template, with a new claim, new "
                      "sources and different verdicts each time.")
    s.user("Check claims 1-6 of the school-budget piece one by one; use the template 'Claim N — VERDICT — source — "
           "note'.", 0)
    claims = [
        ("district enrollment fell 8% since 2019", "Ohio DEW enrollment data Hartwell CSD",
         "https://reportcard.education.ohio.gov/district/enrollment/045302",
         "Enrollment: 2019 4,912; 2025 4,431 (-9.8%)", "NEEDS CHANGE", "it is 9.8%, not 8%"),
        ("the levy failed by 212 votes", "Hartwell County board of elections levy results November 2025",
         "https://boe.hartwellcounty.gov/results/2025-11-04",
         "Issue 7 (Hartwell CSD 4.9 mill): FOR 6,118 AGAINST 6,330", "VERIFIED", "6,330 - 6,118 = 212"),
        ("superintendent salary is $182,000", "Hartwell CSD superintendent contract 2025 salary",
         "https://www.hartwellschools.org/board/minutes/2025-07-15.pdf",
         "...approve the contract of Dr. L. Abernathy at an annual salary of $178,500...", "NEEDS CHANGE",
         "$178,500 per the July 2025 board minutes"),
        ("three schools will close", "Hartwell CSD facilities plan school closures 2026",
         "https://www.hartwellschools.org/facilities-plan-2026",
         "...consolidating Maple Street and Ridge elementary into the new North campus...", "NEEDS CHANGE",
         "two elementaries consolidate; no third closure in the plan"),
        ("teachers got a 2% raise", "Hartwell Education Association contract 2025 raise",
         "https://hartwellea.org/contract-2025-2028",
         "Base salary schedule increases: 2.0% (2025-26), 2.5% (2026-27), 2.5% (2027-28)", "VERIFIED",
         "2% for this year"),
        ("the state cut funding by $1.4M", "Hartwell CSD state foundation funding FY2026",
         "https://reportcard.education.ohio.gov/district/finance/045302",
         "Foundation funding FY2025 $21.3M; FY2026 $20.6M", "NEEDS CHANGE", "the cut is $0.7M"),
    ]
    for n, (claim, q, url, snippet, verdict, note) in enumerate(claims, 1):
        s.call("web_search", {"query": q}, None)
        s.result("1. %s\n   %s\n2. Hartwell Ledger archive — related coverage" % (url, snippet[:60]), 20 if n > 1 else 30)
        s.call("fetch_page", {"url": url})
        s.result(snippet, 9)
        s.say("Claim %d (%s) — %s — %s — %s." % (n, claim, verdict, url, note))
        if n < len(claims):
            s.user("Next: claim %d." % (n + 1), 60)
    return s


# =============================================================================================
# style 4: patent_prior_art_search
# =============================================================================================

PA_TOOLS = {
    "patent_search": ("Full-text search over granted patents and applications; paginated by cursor.",
                      {"query": "string", "cursor": "string"}),
    "get_patent": ("Bibliographic data, abstract and claims of one publication.", {"number": "string"}),
    "compare_claims": ("Element-by-element comparison of a claim against a reference.",
                       {"claim": "string", "reference": "string"}),
}
PA_SYS = ("You assist a patent attorney with prior-art searches for an invalidity opinion. Target: US 11,482,907 B2 "
          "(\"Adaptive dimming of LED luminaires based on occupancy and daylight\"), claim 1. Find references dated "
          "before the priority date 2017-04-12, chart them element by element, and be explicit about gaps.")

PA_HITS = [
    ("US 9,148,622 B2", "2015-09-29", "Lighting control system with occupancy sensing and daylight harvesting", "Acuity Brands"),
    ("US 8,680,787 B2", "2014-03-25", "Load control device with daylight and occupancy sensor", "Lutron Electronics"),
    ("US 2016/0037614 A1", "2016-02-04", "Networked luminaire with integrated ambient light sensor", "Philips Lighting"),
    ("US 9,326,348 B2", "2016-04-26", "Adaptive lighting based on room occupancy pattern", "Enlighted Inc."),
    ("EP 2 757 859 A1", "2014-07-23", "Luminaire with dimming dependent on presence and daylight", "Zumtobel"),
    ("US 7,781,713 B2", "2010-08-24", "Method for calibrating a daylight sensor", "Leviton"),
    ("US 9,072,133 B2", "2015-06-30", "Lighting fixture with occupancy hold time adjustment", "Cree Inc."),
    ("WO 2015/092631 A1", "2015-06-25", "Control of lighting by learned occupancy schedule", "Koninklijke Philips"),
    ("US 8,901,769 B2", "2014-12-02", "Wireless dimming module with photosensor", "Crestron"),
    ("US 2014/0285095 A1", "2014-09-25", "Daylight responsive LED driver", "Osram Sylvania"),
]


def pa_page(hits, page, total, cursor_next):
    head = "query: (occupancy OR presence) AND daylight AND (dim* OR luminaire) AND pd<2017-04-12\n" \
           "results %d-%d of %d (page %d)\n" % (page * 10 - 9, page * 10, total, page)
    body = "\n".join("%2d. %s  %s  %s  [%s]" % (page * 10 - 9 + i, n, d, t, a) for i, (n, d, t, a) in enumerate(hits))
    return head + body + "\nnext_cursor: %s" % cursor_next


def pa_runaway_stuck_page(shape):
    s = Session("patent_prior_art_search", "runaway", PA_SYS, PA_TOOLS,
                notes="Exact repetition: the search backend ignores the cursor and keeps returning page 1 with the "
                      "same next_cursor; the agent keeps asking for 'the next page'.")
    s.user("Run the broad occupancy + daylight search and go through all the result pages; shortlist anything "
           "with per-fixture sensing.", 0)
    s.call("patent_search", {"query": "(occupancy OR presence) AND daylight AND (dim* OR luminaire) AND pd<2017-04-12",
                             "cursor": ""})
    s.result(pa_page(PA_HITS, 1, 372, "c2VhcmNoOnAy"), 6)
    for i in range(11):
        s.call("patent_search", {"query": "(occupancy OR presence) AND daylight AND (dim* OR luminaire) AND pd<2017-04-12",
                                 "cursor": "c2VhcmNoOnAy"},
               "Shortlisted US 9,148,622 and US 9,326,348 from page 1. Fetching the next page." if i == 0 else
               "Fetching the next page.")
        s.result(pa_page(PA_HITS, 1, 372, "c2VhcmNoOnAy"), 6)
    s.runaway(3, 8)
    return s


def pa_runaway_handoff(shape):
    s = Session("patent_prior_art_search", "runaway", PA_SYS,
                notes="Two agents handing the same thing back and forth: a reviewer agent (as the user) keeps "
                      "asking for the element 1(c) gap to be addressed; the drafter keeps pointing at the same row.")
    s.user("[reviewer-agent] Draft chart for claim 1 vs US 9,148,622 received. Before sign-off: element 1(c) "
           "(\"adjusting a dimming level of each luminaire individually based on a daylight reading local to "
           "that luminaire\") is not addressed. Please address 1(c).", 0)
    s.say("[drafter-agent] Revised chart attached. Element 1(c): US 9,148,622 col. 7 ll. 12-40 describes "
          "photosensors in each fixture reporting to a zone controller that sets the dimming level for the zone; "
          "combined with col. 9 ll. 3-9 (per-fixture trim), this reads on individually adjusting each luminaire.")
    reviewer = ["[reviewer-agent] Element 1(c) still not addressed: the reference adjusts per zone, not per luminaire. "
                "Please address 1(c) before sign-off.",
                "[reviewer-agent] 1(c) remains open. Zone-level control does not show individual adjustment based on a "
                "local reading. Please address 1(c).",
                "[reviewer-agent] Cannot sign off: 1(c) gap (per-luminaire adjustment from a local daylight reading) "
                "is still not covered. Please address 1(c)."]
    drafter = ["[drafter-agent] Updated. 1(c) is covered by col. 7 ll. 12-40 (photosensor in each fixture) together "
               "with col. 9 ll. 3-9 (per-fixture trim), which together show individual adjustment of each luminaire.",
               "[drafter-agent] Revised: for 1(c), see col. 7 ll. 12-40 (each fixture's photosensor) read with col. 9 "
               "ll. 3-9 (fixture-level trim); the combination meets individual per-luminaire adjustment.",
               "[drafter-agent] Chart amended. Element 1(c): US 9,148,622 col. 7 ll. 12-40 and col. 9 ll. 3-9 — "
               "fixture photosensors plus per-fixture trim — disclose adjusting each luminaire individually."]
    for i in range(12):
        s.user(reviewer[i % 3], 40 + (i % 4) * 5)
        s.say(drafter[(i + 1) % 3])
    s.user(reviewer[0], 45)
    # turn 1 reviewer, 2 first rejection (a normal review round), 3 the same rejection of the same answer -> loop
    s.runaway(3, 9)
    return s


def pa_healthy_pagination(shape):
    s = Session("patent_prior_art_search", "healthy", PA_SYS, PA_TOOLS,
                notes="Hard negative: pagination with the same query and a new cursor each time; every page has new "
                      "references; then two comparisons and a summary.")
    s.user("Page through the narrow search (per-fixture daylight sensor + occupancy) until it runs out and "
           "shortlist; then chart the best two.", 0)
    rng = random.Random(404)
    assignees = ["Lutron Electronics", "Acuity Brands", "Signify", "Cree Inc.", "Enlighted Inc.", "Leviton",
                 "Hubbell", "Osram Sylvania", "Eaton", "Legrand", "Digital Lumens", "Daintree Networks"]
    titles = ["Fixture-integrated sensor module for", "Distributed control of", "Self-commissioning network of",
              "Per-luminaire dimming using", "Wireless sensor node for", "Occupancy-adaptive driver for"]
    objs = ["LED troffers", "high-bay luminaires", "office lighting", "parking structure lighting",
            "daylight-harvesting zones", "retrofit lamps"]
    cursor = ""
    total = 47
    for page in range(1, 6):
        s.call("patent_search", {"query": "\"daylight sensor\" NEAR/5 (fixture OR luminaire) AND occupancy AND pd<2017-04-12",
                                 "cursor": cursor}, None)
        hits = []
        n = 10 if page < 5 else 7
        for i in range(n):
            num = "US %d,%03d,%03d B2" % (rng.randint(7, 9), rng.randint(100, 999), rng.randint(100, 999))
            hits.append((num, "%d-%02d-%02d" % (rng.randint(2009, 2016), rng.randint(1, 12), rng.randint(1, 28)),
                         "%s %s" % (titles[rng.randrange(6)], objs[rng.randrange(6)]), assignees[rng.randrange(12)]))
        cursor = "Y3Vyc29yOnAl%d" % (page + 1) if page < 5 else ""
        s.result(pa_page(hits, page, total, cursor or "null"), 7)
    s.call("compare_claims", {"claim": "US 11,482,907 B2 claim 1", "reference": "US 8,680,787 B2"},
           "Five pages, 47 results; 6 shortlisted. Charting the two strongest.")
    s.result("1(a) luminaire with LED driver: DISCLOSED (col. 3)\n1(b) occupancy sensor: DISCLOSED (col. 4)\n"
             "1(c) per-luminaire daylight adjustment: PARTIAL (sensor in wallbox, not fixture)\n"
             "1(d) hold-time learning: NOT DISCLOSED")
    s.call("compare_claims", {"claim": "US 11,482,907 B2 claim 1", "reference": "US 9,326,348 B2"})
    s.result("1(a) DISCLOSED\n1(b) DISCLOSED\n1(c) DISCLOSED (each fixture has its own photocell, fig. 4)\n"
             "1(d) DISCLOSED (occupancy pattern learning, col. 11)")
    s.say("US 9,326,348 B2 (Enlighted, 2016) discloses all four elements of claim 1 and predates the priority date; "
          "it is the anchor reference for a §102 argument. US 8,680,787 is a useful secondary reference for §103.")
    return s


PA_BOILER = ("(19) United States\n(12) Patent Application Publication / Patent\n(54) Title as issued\n"
             "NOTICE: Subject to any disclaimer, the term of this patent is extended or adjusted under 35 U.S.C. "
             "154(b) by 0 days.\n(51) Int. Cl. H05B 45/10 (2020.01); H05B 47/11 (2020.01); H05B 47/115 (2020.01)\n"
             "(58) Field of Classification Search: CPC H05B 47/105; H05B 47/11; H05B 47/115; H05B 45/10. USPC 315/149-159. "
             "See application file for complete search history.\n"
             "DETAILED DESCRIPTION (boilerplate): The following description is presented to enable a person of "
             "ordinary skill in the art to make and use the embodiments, and is provided in the context of particular "
             "applications and their requirements. Various modifications to the disclosed embodiments will be "
             "readily apparent to those skilled in the art, and the general principles defined herein may be applied "
             "to other embodiments and applications without departing from the spirit and scope of the present "
             "disclosure. Thus, the present invention is not limited to the embodiments shown, but is to be accorded "
             "the widest scope consistent with the principles and features disclosed herein. ") * 3


def pa_healthy_boilerplate(shape):
    s = Session("patent_prior_art_search", "healthy", PA_SYS, PA_TOOLS,
                notes="Hard negative: get_patent outputs that are mostly identical USPTO boilerplate, each with a "
                      "different number, abstract and claim 1; the agent assesses each one.")
    s.user("Pull the full text of the 8 shortlisted references and tell me for each whether it shows 1(c).", 0)
    refs = [
        ("US 9,148,622 B2", "zone controller dims a zone of fixtures from a shared photosensor", "NO (zone level)"),
        ("US 8,680,787 B2", "wallbox dimmer with integrated daylight and occupancy sensor", "NO (one sensor per room)"),
        ("US 2016/0037614 A1", "each luminaire has an ambient light sensor and sets its own output", "YES"),
        ("US 9,326,348 B2", "each fixture photocell drives its own dimming curve; occupancy learning", "YES"),
        ("EP 2 757 859 A1", "luminaire dims on presence; daylight via central sensor on the facade", "NO"),
        ("US 9,072,133 B2", "hold time adjustment; no daylight sensing", "NO (no daylight)"),
        ("WO 2015/092631 A1", "learned schedule; luminaire-level light sensor in fig. 3", "YES (fig. 3)"),
        ("US 2014/0285095 A1", "LED driver with photodiode input on each driver", "ARGUABLY (driver-level sensor)"),
    ]
    for i, (num, abstract, verdict) in enumerate(refs):
        s.call("get_patent", {"number": num}, None if i else "Fetching them one by one.")
        s.result("%s\nPublication: %s\n(57) Abstract: A lighting system in which the %s.\nClaim 1: A lighting "
                 "system comprising ... wherein the %s.\n" % (PA_BOILER, num, abstract, abstract), 8)
        if i in (2, 5):
            s.say("So far: %s. Continuing." % "; ".join("%s %s" % (r[0], r[2]) for r in refs[: i + 1]))
            s.user("ok, keep going", 120)
    s.say("1(c) shown by: US 2016/0037614, US 9,326,348, WO 2015/092631; arguably US 2014/0285095. Not shown by "
          "US 9,148,622, US 8,680,787, EP 2 757 859, US 9,072,133.")
    s.user("Thanks, that's what I need for the call.")
    return s


# =============================================================================================
# style 5: hotel_revenue_management
# =============================================================================================

HR_TOOLS = {
    "get_occupancy": ("On-the-books occupancy and ADR per stay date from the PMS.", {"hotel": "string", "dates": "string"}),
    "rate_shop": ("Competitor set public BAR rates per stay date.", {"hotel": "string", "date": "string"}),
    "set_rate": ("Push a BAR rate for a room type and date to the channel manager.",
                 {"hotel": "string", "room_type": "string", "date": "string", "rate": "integer"}),
    "get_pickup": ("Bookings picked up since a timestamp.", {"hotel": "string", "since": "string"}),
}
HR_SYS = ("You are the revenue management assistant for Harbourline Hotels. Adjust BAR rates within the floor/ceiling "
          "the revenue manager set (KNG floor 149, ceiling 329), using PMS occupancy, pickup and the rate shop. "
          "Explain every change in one line.")


def hr_runaway_auth(shape):
    s = Session("hotel_revenue_management", "runaway", HR_SYS, HR_TOOLS,
                notes="Retrying a permanently failing call: the channel manager rejects every push with 401 "
                      "(credential revoked); the agent retries with backoff and with other rates forever.")
    s.user("Fri 24 April is filling fast at HL-BOS (82% OTB). Push KNG to 269 for that night.", 0)
    s.call("set_rate", {"hotel": "HL-BOS", "room_type": "KNG", "date": "2026-04-24", "rate": 269})
    err = ("HTTP 401 Unauthorized\n{\"error\":\"invalid_client\",\"error_description\":\"API credential "
           "hl-bos-rms-02 was revoked by property admin on 2026-04-02\",\"request_id\":\"%s\"}")
    s.result(err % "7f3a2c10", 3)
    rates = [269, 269, 265, 269, 259, 269, 265, 269, 259, 269, 269]
    waits = [10, 20, 40, 80, 160, 300, 300, 300, 300, 300, 300]
    for i, (r, w) in enumerate(zip(rates, waits)):
        s.call("set_rate", {"hotel": "HL-BOS", "room_type": "KNG", "date": "2026-04-24", "rate": r},
               "401 from the channel manager, likely transient. Retrying in %ds%s." % (
                   w, "" if r == 269 else " with %d" % r))
        s.result(err % ("%08x" % (0x7f3a2c10 + 7919 * (i + 1))), w)
    s.runaway(3, 7)
    return s


def hr_runaway_cycle(shape):
    s = Session("hotel_revenue_management", "runaway", HR_SYS, HR_TOOLS,
                notes="Period-4 cycle against a competitor's repricing bot: shop, undercut to 179, pickup, back to "
                      "189, shop... The shop/pickup results differ only by the 'as of' timestamp.")
    s.user("Keep HL-PDX KNG competitive for Sat 2 May against the Riverline; stay above the floor.", 0)
    t0 = 8 * 3600
    for r in range(6):
        k = r * 4
        s.call("rate_shop", {"hotel": "HL-PDX", "date": "2026-05-02"}, None if r else "Shopping the comp set.")
        s.result("as of %s\nRiverline Portland KNG 184 | Pearl Suites KNG 212 | Hotel Alder KNG 199 | HL-PDX KNG 189"
                 % ts("04-20", t0 + k * 300), 6)
        s.call("set_rate", {"hotel": "HL-PDX", "room_type": "KNG", "date": "2026-05-02", "rate": 179},
               "Riverline is at 184, undercutting us by 5; moving to 179 to win the rate-sort position.")
        s.result("accepted: HL-PDX KNG 2026-05-02 BAR 179 (was 189), channels: 6/6", 240)
        s.call("get_pickup", {"hotel": "HL-PDX", "since": ts("04-20", t0 + k * 300)})
        s.result("as of %s\nHL-PDX 2026-05-02: +0 rooms since last check; OTB 61/140 (43.6%%)" % ts("04-20", t0 + k * 300 + 300), 6)
        s.call("set_rate", {"hotel": "HL-PDX", "room_type": "KNG", "date": "2026-05-02", "rate": 189},
               "No pickup at 179, so the cut is only diluting ADR. Restoring 189.")
        s.result("accepted: HL-PDX KNG 2026-05-02 BAR 189 (was 179), channels: 6/6", 240)
    s.runaway(6, 13)
    return s


def hr_healthy_backoff(shape):
    s = Session("hotel_revenue_management", "healthy", HR_SYS, HR_TOOLS,
                notes="Hard negative: 429 and 503 responses retried with growing Retry-After delays, then every call "
                      "succeeds and the work finishes.")
    s.user("Morning review for HL-SEA: shop the comp set for the next Friday and Saturday, then adjust KNG.", 0)
    s.call("rate_shop", {"hotel": "HL-SEA", "date": "2026-04-17"})
    s.result("HTTP 429 Too Many Requests\nRetry-After: 30\n{\"error\":\"rate_limited\",\"limit\":\"60/min per tenant\"}", 2)
    s.call("rate_shop", {"hotel": "HL-SEA", "date": "2026-04-17"}, "Rate-limited; waited 30 s as instructed.")
    s.result("HTTP 429 Too Many Requests\nRetry-After: 60\n{\"error\":\"rate_limited\",\"limit\":\"60/min per tenant\"}", 31)
    s.call("rate_shop", {"hotel": "HL-SEA", "date": "2026-04-17"}, "Waiting the 60 s it asks for.")
    s.result("as of 2026-04-13T07:04:12Z\nThe Sound Hotel KNG 241 | Pike Place Inn KNG 228 | Emerald Tower KNG 259 | "
             "HL-SEA KNG 235", 61)
    s.call("rate_shop", {"hotel": "HL-SEA", "date": "2026-04-18"})
    s.result("HTTP 503 Service Unavailable\nRetry-After: 120\nupstream shopper timeout (provider: ota-scrape-eu-2)", 3)
    s.call("rate_shop", {"hotel": "HL-SEA", "date": "2026-04-18"}, "Provider outage; retrying after 120 s.")
    s.result("as of 2026-04-13T07:07:40Z\nThe Sound Hotel KNG 279 | Pike Place Inn KNG 249 | Emerald Tower KNG 305 | "
             "HL-SEA KNG 255", 121)
    s.call("get_occupancy", {"hotel": "HL-SEA", "dates": "2026-04-17..2026-04-18"})
    s.result("2026-04-17 OTB 171/212 (80.7%) ADR 233.10\n2026-04-18 OTB 198/212 (93.4%) ADR 261.40", 4)
    s.call("set_rate", {"hotel": "HL-SEA", "room_type": "KNG", "date": "2026-04-18", "rate": 289},
           "Saturday is 93% full and we are 24-50 below the two upscale comps; raising KNG to 289.")
    s.result("HTTP 503 Service Unavailable\nRetry-After: 20\nchannel manager maintenance window", 3)
    s.call("set_rate", {"hotel": "HL-SEA", "room_type": "KNG", "date": "2026-04-18", "rate": 289}, "Retrying after 20 s.")
    s.result("accepted: HL-SEA KNG 2026-04-18 BAR 289 (was 255), channels: 7/7", 21)
    s.say("Done. Fri 17: hold 235 (81% OTB, mid-pack). Sat 18: 255 → 289 (93% OTB, comps 249-305). Two 429s and two "
          "503s on the way, all resolved after the Retry-After delays.")
    s.user("Perfect, thanks.", 900)
    return s


def hr_healthy_monitor(shape):
    s = Session("hotel_revenue_management", "healthy", HR_SYS, HR_TOOLS,
                notes="Hard negative: a scheduled pickup monitor every 15 minutes reporting 'no action needed' with "
                      "changing timestamps, pickup counts and occupancy; one real change near the end.")
    s.user("Watch pickup for HL-CHI on Sat 9 May (Marathon weekend) every 15 min this morning; only act if pickup "
           "exceeds 8 rooms in a 15 min window.", 0)
    otb, t0 = 301, 6 * 3600
    picks = [2, 0, 3, 1, 4, 2, 5, 3, 11, 1]
    for i, p in enumerate(picks):
        since = ts("04-22", t0 + i * 900)
        s.call("get_pickup", {"hotel": "HL-CHI", "since": since}, None)
        otb += p
        s.result("as of %s\nHL-CHI 2026-05-09: +%d rooms since %s; OTB %d/388 (%.1f%%); cancellations 0; "
                 "group block MARATHON-26 82/90 picked up" % (ts("04-22", t0 + (i + 1) * 900), p, since[11:16], otb,
                                                                100.0 * otb / 388), 3)
        if p > 8:
            s.call("set_rate", {"hotel": "HL-CHI", "room_type": "KNG", "date": "2026-05-09", "rate": 319},
                   "Pickup of %d in 15 min exceeds the threshold; raising KNG 289 → 319." % p)
            s.result("accepted: HL-CHI KNG 2026-05-09 BAR 319 (was 289), channels: 7/7", 4)
        s.say("%s — +%d, OTB %d/388 (%.1f%%). %s" % (ts("04-22", t0 + (i + 1) * 900)[11:16], p, otb,
                                                    100.0 * otb / 388, "Raised KNG to 319." if p > 8 else "No action."))
        if i < len(picks) - 1:
            s.user("[scheduler] 15-minute check", 900)
    return s


# =============================================================================================
# style 6: speechwriting (tool-less)
# =============================================================================================

SW_SYS = ("You are a speechwriter working with Dr. Helen Achebe, president of Marlow Community College, on her "
          "commencement address (Saturday 16 May, 1,100 graduates plus families, outdoor, 12 minutes max). Her "
          "voice: warm, concrete, a little dry humour, no cliches about 'the journey'.")

SW_OPENINGS = [
    "Good morning, graduates, families, faculty and friends. Before anything else, look around you. The person on "
    "your left drove you to an exam at six in the morning; the person on your right covered your shift so you "
    "could finish a lab report. Nobody crosses this stage alone, and today, for a few minutes, I want to talk "
    "about the people who got you here, the detours you took, and the thing Marlow taught you that no transcript "
    "will ever show: that you can start again, and again, and still arrive.",
    "Good morning to our graduates, to your families, to the faculty and to everyone who came to cheer. Take a "
    "moment and look around. Someone near you drove you to a 6 a.m. exam; someone else picked up your shift so "
    "you could finish your lab report. No one walks across this stage alone. So this morning I want to spend a "
    "few minutes on the people who brought you here, on the detours along the way, and on the lesson Marlow "
    "taught you that no transcript records: you can begin again, as many times as it takes, and still arrive.",
    "Good morning, graduates, and good morning to the families, faculty and friends who are here with you. Look "
    "to your left and your right. One of those people got you to a six o'clock exam; another covered a shift so "
    "you could finish a lab. Nobody gets to this stage by themselves. For the next few minutes I'd like to talk "
    "about the people behind you, the detours you took, and what Marlow taught you that no transcript can show: "
    "that starting over is allowed, as often as you need, and you still get there.",
    "Graduates, families, faculty, friends: good morning. Please look around for a second. Somewhere near you is "
    "the person who drove you to that 6 a.m. exam, and the person who took your shift so you could finish the "
    "lab report. No one crosses this stage alone. This morning I want to talk for a few minutes about those "
    "people, about the detours, and about the one thing Marlow taught you that won't appear on any transcript: "
    "you are allowed to start again, and again, and you will still arrive.",
]


def sw_runaway_paraphrase(shape):
    s = Session("speechwriting", "runaway", SW_SYS,
                notes="Paraphrase loop, no tools: asked to cut the opening to 60 words, the assistant returns the "
                      "same ~100-word opening reworded every time while the user repeats the limit.")
    s.user("Draft the opening paragraph.", 0)
    s.say(SW_OPENINGS[0])
    asks = ["Love it, but it has to be under 60 words. The stage manager is strict about the opening because the "
            "livestream cuts in after one minute.",
            "That's still about 100 words. Under 60, please.",
            "Still ~100 words. I need 60 or fewer. Cut, don't reword.",
            "This is the same length again. 60 words max.",
            "Same paragraph, different wording. Please actually cut it to 60 words.",
            "Again ~100 words. Count them: it needs to be 60.",
            "Please — under 60 words.",
            "Still too long.",
            "It's still the same length. 60 words.",
            "Same again. Under 60.",
            "Still over 60 words.",
            "Too long."]
    for i, a in enumerate(asks):
        s.user(a, 90 + 15 * (i % 3))
        s.say("Here's a tighter version:\n\n" + SW_OPENINGS[1 + i % 3])
    # turn 2 first cut request (normal), turn 3 first failed cut, turn 4: the same failure again -> loop
    s.runaway(4, 9)
    return s


def sw_runaway_clarify(shape):
    s = Session("speechwriting", "runaway", SW_SYS,
                notes="The assistant keeps asking the same clarification (the audience and length) while the "
                      "user's answers repeat the same facts.")
    s.user("Write the section about the nursing cohort that graduated through the hospital strike.", 0)
    q = ["Before I draft this, could you confirm two things: who is the main audience for this section — the "
         "nursing graduates or the whole crowd — and how long should it run?",
         "Happy to. To get it right, can you tell me whether this part speaks mainly to the nursing cohort or to "
         "everyone, and how many minutes you want it to take?",
         "Just to be sure before I write: is the nursing section addressed to the nurses themselves or to the full "
         "audience, and what length are you aiming for?"]
    a = ["The whole crowd, but the nurses should feel seen. About 90 seconds.",
         "Whole audience, nurses should feel seen, 90 seconds. Please just write it.",
         "As I said: whole crowd, nurses feel seen, ~90 seconds.",
         "Whole crowd. 90 seconds. Write it please."]
    s.say(q[0])
    for i in range(12):
        s.user(a[min(i, 3) if i < 4 else 1 + i % 3], 60 + 20 * (i % 2))
        s.say(q[(i + 1) % 3])
    s.runaway(3, 8)
    return s


SW_SECTIONS = [
    "When Marisol Vega enrolled at Marlow in 2021, she was working nights stocking shelves at the Route 9 Kroger. "
    "She told me she chose her classes by which ones let her sleep between seven and noon. She graduates today in "
    "radiologic technology, with a job offer from Saint Anne's, and she still doesn't sleep enough. Marisol, I'm "
    "told you are here somewhere. Please don't wave; your mother will cry.",
    "A word about detours. Forty-one percent of you stopped out at least once. You left for a baby, a deployment, a "
    "parent's illness, a job that paid the rent. In most places that number is reported as a failure rate. Here we "
    "call it what it is: evidence that you came back. Nobody returns to college by accident.",
    "To the families: you did the invisible work. You reheated dinner at eleven p.m. You learned what a FAFSA "
    "verification hold is and why it always arrives in August. You drove to campus because the 14 bus stopped "
    "running after nine. This degree has your fingerprints on it, and the registrar has agreed not to check.",
    "To the faculty, who graded at kitchen tables and answered emails that began 'sorry to bother you on a "
    "Sunday': thank you. Professor Dale Whitcomb has taught Intro to Chemistry here for thirty-one years and "
    "retires this month. Dale, in that time you have failed exactly one student twice. He is graduating today. We "
    "checked.",
    "Now the advice, which I promised the provost I would keep short. First: learn the names of the people who "
    "clean the building. Second: when someone offers to help, say yes before you say 'I'm fine.' Third: keep one "
    "thing in your life that you are bad at and do anyway. Mine is the cello. The neighbours have been patient.",
    "The world you are walking into will ask you, often, whether you belong in the room. You will be the only "
    "person at the table who took the bus, or who is the first in the family, or who is fifty-three and just "
    "finished a degree. I want you to remember this morning when that happens. Eleven hundred people sat in a "
    "damp field and watched you cross a stage. You belong in the room. You built the room.",
    "So, graduates: go home, eat something, sleep past seven for once. Then come back to us — as alumni, as "
    "mentors, as the person who covers a shift so someone else can finish a lab report. Congratulations, class "
    "of 2026. Marlow is proud of you.",
]


def sw_healthy_continue(shape):
    s = Session("speechwriting", "healthy", SW_SYS,
                notes="Hard negative: the user says 'continue' again and again; each reply is a new section of the "
                      "speech, then the user asks for a read-time estimate.")
    s.user("Let's write the body in order after the opening. Start with a student story; I'll say continue.", 0)
    s.say(SW_SECTIONS[0])
    for i, sec in enumerate(SW_SECTIONS[1:], 1):
        s.user("continue" if i % 3 else "Good. continue", 70 + 9 * i)
        s.say(sec)
    s.user("How long does that read, at my pace (about 130 words a minute)?", 200)
    words = sum(len(x.split()) for x in SW_SECTIONS) + len(SW_OPENINGS[0].split())
    s.say("Opening plus the seven sections come to about %d words, roughly %d minutes %d seconds at 130 wpm — "
          "under the 12-minute limit with room for applause." % (words, words // 130, (words % 130) * 60 // 130))
    s.user("Great, leave it there for today.", 60)
    return s


def sw_healthy_slow_human(shape):
    s = Session("speechwriting", "healthy", SW_SYS,
                notes="Hard negative: iterative refinement of one closing paragraph with small diffs, and a busy "
                      "human who answers 20-60 minutes apart.")
    versions = [
        "So, graduates: go home, eat something, sleep past seven for once. Then come back to us as alumni and "
        "mentors. Congratulations, class of 2026. Marlow is proud of you.",
        "So, graduates: go home, eat something, and sleep past seven for once. Then come back to us — as alumni, "
        "as mentors. Congratulations, class of 2026. Marlow is proud of you.",
        "So, graduates: go home, eat something, and sleep past seven for once. Then come back to us — as alumni, "
        "as mentors, as the person who covers a shift so someone else can finish a lab report. Congratulations, "
        "class of 2026. Marlow is proud of you.",
        "So, graduates: go home, eat something, and sleep past seven for once. Then come back to us — as alumni, "
        "as mentors, as the person who covers a shift so someone else can finish a lab report. Congratulations, "
        "class of 2026. We are so proud of you.",
        "So, graduates: go home, eat something, and sleep past seven for once. Then come back — as alumni, as "
        "mentors, as the person who covers a shift so someone else can finish a lab report. Congratulations, class "
        "of 2026. We are so proud of you.",
        "So, graduates: go home, eat something, and — for once — sleep past seven. Then come back — as alumni, as "
        "mentors, as the person who covers a shift so someone else can finish a lab report. Congratulations, class "
        "of 2026. We are so proud of you.",
        "So, graduates: go home, eat something, and — for once — sleep past seven. Then come back: as alumni, as "
        "mentors, as the person who covers a shift so someone else can finish a lab report. Congratulations, class "
        "of 2026. We are so proud of you. Now go find your people.",
    ]
    notes = ["Here's the closing paragraph, short version.",
             "Added 'and' before sleep and the dash so the list breathes.",
             "Brought back the lab-report callback to the opening.",
             "'Marlow is proud of you' → 'We are so proud of you', more personal.",
             "Dropped 'to us' — 'come back' carries it.",
             "Moved 'for once' earlier so the laugh lands on 'sleep past seven'.",
             "Colon instead of a second dash, and your new last line."]
    feedback = ["Can you add an 'and' before 'sleep'? It reads rushed.",
                "Bring back the lab-report line from the opening, it's a nice callback.",
                "'Marlow is proud of you' feels institutional. Make it us.",
                "Lose 'to us' maybe?",
                "I want the laugh on 'sleep past seven'. Move 'for once'?",
                "Two dashes is one too many. And end with 'Now go find your people.'",
                "That's it. Locking it. Thank you!"]
    s.user("Last piece: the closing paragraph. Keep it under 70 words.", 0)
    s.say("%s\n\n%s" % (notes[0], versions[0]))
    gaps = [1800, 2700, 1260, 3600, 2100, 3300, 1500]
    for i in range(7):
        s.user(feedback[i], gaps[i])
        if i < 6:
            s.say("%s\n\n%s" % (notes[i + 1], versions[i + 1]))
        else:
            s.say("Locked. Final closing (%d words):\n\n%s" % (len(versions[6].split()), versions[6]))
    s.user("One more thing — print the opening and closing together so I can read them aloud.", 2400)
    return s


# =============================================================================================
# style 7: library_cataloguing
# =============================================================================================

LC_TOOLS = {
    "isbn_lookup": ("Look up an ISBN in the union catalogue (returns brief bib data and OCLC number).", {"isbn": "string"}),
    "get_marc": ("Fetch a full MARC21 record by OCLC number.", {"oclc": "string"}),
    "save_record": ("Validate and save a MARC21 record (text form) to the local ILS.", {"marc": "string"}),
}
LC_SYS = ("You catalogue donated books for the Eastgate Public Library. Rules: copy-catalogue from the union "
          "catalogue when a record exists; local fields 590 (donor note) and 949 (item: barcode, call number, "
          "location); RDA; 040 $b eng $e rda $d EGPL. If no record exists, write a brief original record and flag "
          "it for review.")

BOOKS = [
    ("9780593230251", "Klara and the sun", "Ishiguro, Kazuo", "Knopf", "2021", "ocm1175823617", "FIC ISH"),
    ("9781250316776", "Red, white & royal blue", "McQuiston, Casey", "St. Martin's Griffin", "2019", "ocn1050749398", "FIC MCQ"),
    ("9780062316110", "Sapiens : a brief history of humankind", "Harari, Yuval N.", "Harper", "2015", "ocn890203447", "909 HAR"),
    ("9780735211292", "Atomic habits", "Clear, James", "Avery", "2018", "ocn1043220954", "158.1 CLE"),
    ("9781984801258", "The Splendid and the Vile", "Larson, Erik", "Crown", "2020", "ocn1120097353", "940.5342 LAR"),
    ("9780525559474", "The midnight library", "Haig, Matt", "Viking", "2020", "ocn1140400410", "FIC HAI"),
    ("9780374602604", "Intimations : six essays", "Smith, Zadie", "Penguin Books", "2020", "ocn1164631578", "824 SMI"),
    ("9781524763138", "Becoming", "Obama, Michelle", "Crown", "2018", "ocn1057813473", "B OBA"),
    ("9780316492935", "Anxious people", "Backman, Fredrik", "Atria", "2020", "ocn1141205567", "FIC BAC"),
]


def marc(isbn, title, author, pub, year, oclc, call, barcode, lccn=True):
    sur, given = author.split(", ")
    lines = ["LDR 00000cam a2200000 i 4500", "001 %s" % oclc, "003 OCoLC", "005 20260311093014.0",
             "008 %s1s%s    nyu           000 1 eng d" % ("2603" + "11", year)]
    if lccn:
        lines.append("010 __ $a %s%06d" % (year, int(isbn[-6:]) % 999999))
    lines += ["020 __ $a %s $q (hardcover)" % isbn, "035 __ $a (OCoLC)%s" % oclc[3:],
              "040 __ $a DLC $b eng $e rda $c DLC $d OCLCO $d EGPL",
              "100 1_ $a %s, %s, $e author." % (sur, given),
              "245 10 $a %s / $c %s %s." % (title, given, sur),
              "264 _1 $a New York : $b %s, $c %s." % (pub, year),
              "300 __ $a 300 pages ; $c 25 cm", "336 __ $a text $b txt $2 rdacontent",
              "337 __ $a unmediated $b n $2 rdamedia", "338 __ $a volume $b nc $2 rdacarrier",
              "590 __ $a Gift of the Hollins family, 2026.",
              "949 __ $a %s $b %s $l ADULT" % (barcode, call)]
    return "\n".join(lines)


def lc_runaway_notfound(shape):
    s = Session("library_cataloguing", "runaway", LC_SYS, LC_TOOLS,
                notes="Exact repetition of a permanently failing lookup: an ISBN with a bad check digit returns "
                      "'no record' every time; the agent repeats the identical call and sentence.")
    s.user("Box 14 from the Hollins donation: ISBNs 9780593230251, 9781250316776, 9780062316118. Catalogue them.", 0)
    for b, bc in ((BOOKS[0], "31842004417733"), (BOOKS[1], "31842004417741")):
        s.call("isbn_lookup", {"isbn": b[0]})
        s.result("found: %s / %s (%s, %s) OCLC %s" % (b[1], b[2], b[3], b[4], b[5]), 4)
        s.call("save_record", {"marc": marc(b[0], b[1], b[2], b[3], b[4], b[5], b[6], bc)})
        s.result("saved: bib %d, item %s, validation OK" % (1203377 + int(bc[-2:]), bc), 3)
    for i in range(10):
        s.call("isbn_lookup", {"isbn": "9780062316118"},
               "No record returned for 9780062316118; retrying the lookup." if i else "Looking up the third book.")
        s.result("no record: 0 hits for ISBN 9780062316118 in WorldCat union catalogue (query id q-%05d)" % (4471 + i), 5)
    # turns 6: first 'no record' (legit), 7: the identical retry -> loop
    s.runaway(7, 11)
    return s


def lc_runaway_continue(shape):
    s = Session("library_cataloguing", "runaway", LC_SYS, LC_TOOLS,
                notes="'Continue with the next batch' answered with the same five-book summary every time; no "
                      "new lookups happen.")
    s.user("Catalogue the next donation batch in fives and summarise each five as a table. Batch list: %s"
           % ", ".join(b[0] for b in BOOKS), 0)
    five = BOOKS[:5]
    s.call("isbn_lookup", {"isbn": five[0][0]}, None,
           more=[("isbn_lookup", {"isbn": b[0]}) for b in five[1:]])
    s.results(["found: %s / %s (%s, %s) OCLC %s" % (b[1], b[2], b[3], b[4], b[5]) for b in five], 6)
    table = "| # | ISBN | Title | Author | Call no. | Status |\n|---|---|---|---|---|---|\n" + "\n".join(
        "| %d | %s | %s | %s | %s | copy-catalogued |" % (i + 1, b[0], b[1], b[2], b[6]) for i, b in enumerate(five))
    s.say("Batch 1 done:\n\n" + table)
    leads = ["Batch 2 done:", "Here is the next batch:", "Next five catalogued:", "Batch done:"]
    for i in range(10):
        s.user("continue with the next batch" if i % 2 == 0 else "continue", 50)
        s.say(leads[i % 4] + "\n\n" + table)
    # turn 3 first 'continue' gets batch 1 again (first repeat), turn 4 the same again -> loop under way
    s.runaway(4, 8)
    return s


LC_RULES = ("CATALOGUING INSTRUCTIONS (apply to every item):\n" + "\n".join(
    "%d. %s" % (i + 1, r) for i, r in enumerate([
        "Look up the ISBN; prefer DLC or PCC records (040 $a DLC or 042 pcc).",
        "Keep 010 only if the source record has an LCCN; otherwise omit 010 and write 'no LCCN' in the note.",
        "Add 040 $d EGPL. Do not change 040 $a.",
        "Ensure 336/337/338 are present (text/unmediated/volume); add them if missing.",
        "Call numbers: fiction FIC + first three letters of the author's surname; non-fiction Dewey from 082 "
        "truncated to 3 decimals + author cutter letters; biographies B + subject's surname.",
        "590: 'Gift of the Hollins family, 2026.'",
        "949: $a barcode as given, $b call number, $l ADULT (or TEEN if 521 says grades 7-12).",
        "If the record is a book-club edition (250 mentions 'Book club'), catalogue it but flag for weeding review.",
        "Report one line per item: barcode | title | call no. | warnings.",
    ])))


def lc_healthy_batch(shape):
    s = Session("library_cataloguing", "healthy", LC_SYS, LC_TOOLS,
                notes="Hard negative: one long shared instruction, then short varying items; the same 'no LCCN' "
                      "warning recurs on several different books, which is normal batch work.")
    items = [(b, "318420044%05d" % (17800 + 8 * i)) for i, b in enumerate(BOOKS[:7])]
    no_lccn = {1, 3, 4, 6}
    for i, (b, bc) in enumerate(items):
        msg = "Item: ISBN %s, barcode %s" % (b[0], bc)
        s.user(LC_RULES + "\n\n" + msg if i == 0 else msg, 0 if i == 0 else 70 + 13 * i)
        s.call("isbn_lookup", {"isbn": b[0]})
        s.result("found: %s / %s (%s, %s) OCLC %s; LCCN: %s" % (b[1], b[2], b[3], b[4], b[5],
                 "none" if i in no_lccn else "%s%06d" % (b[4], int(b[0][-6:]) % 999999)), 4)
        s.call("save_record", {"marc": marc(b[0], b[1], b[2], b[3], b[4], b[5], b[6], bc, lccn=i not in no_lccn)})
        s.result("saved: bib %d, item %s, validation OK" % (1204100 + i * 3, bc), 3)
        s.say("%s | %s | %s | %s" % (bc, b[1], b[6], "no LCCN, 010 omitted" if i in no_lccn else "-"))
    return s


def lc_healthy_import_job(shape):
    s = Session("library_cataloguing", "healthy", LC_SYS, LC_TOOLS,
                notes="Hard negative: a batch MARC import is rerun four times; each run fails validation on a "
                      "different record and field, each is fixed, and the last run passes.")
    s.user("The vendor file hollins-batch3.mrc (62 records) fails import. Fix records one at a time via save_record "
           "until the whole file validates; I've loaded it as draft records.", 0)
    fixes = [
        ("ocn1164631578", "245 10 $a Intimations : $b six essays / $c Zadie Smith.",
         "record 17 (ocn1164631578): 245 first indicator 1 but no 1XX present -> use 100 or set 245 ind1=0",
         "Record 17 has no 100 field; added 100 1_ Smith, Zadie, author."),
        ("ocn1050749398", "300 __ $a 421 pages ; $c 21 cm",
         "record 29 (ocn1050749398): 300 $a missing; 336/337/338 missing",
         "Record 29: added the 300 physical description and 336/337/338."),
        ("ocn1141205567", "041 0_ $a eng $h swe",
         "record 44 (ocn1141205567): 008/35-37 'swe' conflicts with 041 $a 'eng' (translation)",
         "Record 44 is a translation from Swedish: set 008/35-37 to eng and 041 1_ $a eng $h swe."),
        ("ocn1120097353", "949 __ $a 31842004419025 $b 940.5342 LAR $l ADULT",
         "record 58 (ocn1120097353): 949 $a barcode 3184200441902 has 13 digits (expected 14)",
         "Record 58: the barcode lost a digit; corrected to 31842004419025 from the item list."),
    ]
    s.call("save_record", {"marc": "@batch hollins-batch3.mrc validate"})
    for i, (oclc, field, err, fixmsg) in enumerate(fixes):
        s.result("validation run %d: 61/62 records OK\nERROR %s" % (i + 1, err), 20)
        s.call("get_marc", {"oclc": oclc})
        s.result("001 %s\n003 OCoLC\n040 __ $a YDX $b eng $e rda $c YDX\n(draft record, %d fields)" % (oclc, 18 + i), 3)
        s.call("save_record", {"marc": "001 %s\n%s" % (oclc, field)}, fixmsg)
        s.result("saved: draft %s updated, record-level validation OK" % oclc, 3)
        s.call("save_record", {"marc": "@batch hollins-batch3.mrc validate"}, "Re-running the batch validation.")
    s.result("validation run 5: 62/62 records OK\nimport committed: 62 bibs, 62 items, 0 errors", 25)
    s.say("hollins-batch3.mrc is imported: 62/62. Four different problems were fixed along the way (records 17, 29, "
          "44, 58), each in a different field; none recurred.")
    return s


# =============================================================================================
# style 8: energy_grid_scheduling
# =============================================================================================

EG_TOOLS = {
    "get_forecast": ("Load and solar/wind forecast per 30-min interval for a site.", {"site": "string", "day": "string"}),
    "get_prices": ("Day-ahead and intraday prices per interval.", {"market": "string", "day": "string"}),
    "get_asset_state": ("Live telemetry of a battery (SOC, power, availability).", {"asset": "string"}),
    "submit_schedule": ("Submit a charge/discharge schedule (MW per interval) to the grid operator.",
                        {"asset": "string", "day": "string", "schedule": "string"}),
}
EG_SYS = ("You schedule the Kestrel Flats battery (BESS-2, 50 MW / 100 MWh, SOC limits 10-95%) and the co-located "
          "solar farm against forecasts and prices. Submit schedules through the grid-ops API and keep the operator "
          "informed. Never breach SOC limits.")


def eg_validation_log(rng, day, bad_iv, rev):
    lines = ["grid-ops schedule validator v3.11.2 — submission rev %d for BESS-2, delivery day %s" % (rev, day),
             "checking 48 intervals against asset envelope (P_max 50.0 MW, E 100.0 MWh, SOC 10.0-95.0 %, eta_rt 0.88)"]
    soc = 52.0 + rng.uniform(-3, 3)
    for iv in range(48):
        p = [0, 0, -12, -25, -25, 0, 10, 25, 40, 0][iv % 10] + rng.uniform(-2, 2)
        soc = min(94.5, max(11.0, soc - p / 100.0 * 50 + rng.uniform(-0.4, 0.4)))
        hh = "%02d:%02d" % (iv // 2, 30 * (iv % 2))
        status = "OK"
        if iv == bad_iv:
            status = "FAIL E-SOC-MIN: projected SOC 8.7 % < 10.0 % minimum (ramp constraint 17:00-17:30 prevents recovery)"
            soc = 8.7
        lines.append("  iv %02d %s  P=%+6.1f MW  SOC=%5.1f %%  ramp=%4.1f MW/min  %s" % (
            iv, hh, p, soc, abs(p) / 15.0, status))
    lines.append("result: REJECTED (1 error, %d warnings) — E-SOC-MIN at interval 34 (17:00)" % rng.randint(0, 4))
    return "\n".join(lines)


def eg_runaway_buried(shape):
    s = Session("energy_grid_scheduling", "runaway", EG_SYS, EG_TOOLS,
                notes="The same SOC-minimum error at 17:00 buried in a long, varying 48-interval validation log; the "
                      "agent tweaks other intervals each time and never the evening discharge.")
    rng = random.Random(808)
    s.user("Submit tomorrow's (2026-06-03) schedule for BESS-2: charge on the solar peak, discharge into the evening "
           "peak. The gate closes at 11:00.", 0)
    s.call("get_prices", {"market": "DA-NEM-SA", "day": "2026-06-03"})
    s.result("\n".join("%02d:%02d  %7.2f $/MWh" % (iv // 2, 30 * (iv % 2), 40 + 90 * (1 if 34 <= iv <= 40 else 0)
                                                  - 60 * (1 if 20 <= iv <= 28 else 0) + (iv * 7) % 13)
                       for iv in range(48)), 5)
    tweaks = ["charge -25 MW 10:00-14:00, discharge +40 MW 17:00-19:00",
              "charge -25 MW 09:30-14:30 (longer window), discharge +40 MW 17:00-19:00",
              "charge -30 MW 10:00-14:00, discharge +40 MW 17:00-19:00",
              "charge -25 MW 10:00-14:00, add morning discharge +10 MW 07:00-08:00 removed, discharge +40 MW 17:00-19:00",
              "charge -28 MW 10:00-14:30, discharge +40 MW 17:00-19:00",
              "charge -25 MW 09:00-14:00, discharge +40 MW 17:00-19:00",
              "charge -30 MW 09:30-14:00, discharge +40 MW 17:00-19:00",
              "charge -25 MW 10:00-15:00, discharge +40 MW 17:00-19:00",
              "charge -27 MW 10:00-14:00, discharge +40 MW 17:00-19:00",
              "charge -25 MW 10:00-14:00, discharge +40 MW 17:00-19:00"]
    texts = ["Submitting: charge through the solar peak, discharge at the evening peak.",
             "Rejected on SOC at 17:00. Charging for longer so there is more energy in the evening.",
             "Still SOC-min at 17:00. Charging harder instead.",
             "Same rejection. Removing the morning discharge to keep more energy.",
             "Still E-SOC-MIN at interval 34. Adjusting the charge window again.",
             "Rejected again at 17:00; shifting the charge earlier.",
             "Same error. Trying a stronger charge earlier.",
             "E-SOC-MIN at 17:00 again; extending charging to 15:00.",
             "Still rejected at interval 34. Small change to the charge rate.",
             "Rejected again; resubmitting the original plan."]
    for i, (tw, tx) in enumerate(zip(tweaks, texts)):
        s.call("submit_schedule", {"asset": "BESS-2", "day": "2026-06-03", "schedule": tw}, tx)
        s.result(eg_validation_log(rng, "2026-06-03", 34, 101 + i), 40)
    # turn 3 first rejection, turn 4 the same rejection after a tweak -> the loop is under way
    s.runaway(4, 9)
    return s


def eg_runaway_cycle(shape):
    s = Session("energy_grid_scheduling", "runaway", EG_SYS, EG_TOOLS,
                notes="Period-4 cycle: forecast, prices, asset state, submit for 14:00-14:30 (gate already closed); "
                      "the telemetry timestamp and a sequence counter tick every round, nothing else changes.")
    s.user("Solar is underperforming today; re-plan BESS-2 for the 14:00-14:30 interval to cover the shortfall.", 0)
    for r in range(6):
        s.call("get_forecast", {"site": "KESTREL-FLATS", "day": "2026-06-02"},
               "Re-reading the forecast." if r else "Getting the latest forecast.")
        s.result("issued 2026-06-02T12:30Z\n14:00 solar 31.4 MW (DA 58.0)  load 12.1 MW\n14:30 solar 33.0 MW (DA 57.2)", 5)
        s.call("get_prices", {"market": "ID-NEM-SA", "day": "2026-06-02"})
        s.result("intraday 14:00-14:30: 188.40 $/MWh (last trade), 14:30-15:00: 171.10 $/MWh", 4)
        s.call("get_asset_state", {"asset": "BESS-2"})
        s.result("BESS-2 telemetry seq %d at %s: SOC 71.3 %%, P 0.0 MW, available 50.0 MW, alarms none"
                 % (88412 + 9 * r, ts("06-02", 13 * 3600 + 41 * 60 + 70 * r)), 4)
        s.call("submit_schedule", {"asset": "BESS-2", "day": "2026-06-02", "schedule": "+26 MW 14:00-14:30"},
               "Submitting +26 MW discharge for 14:00-14:30 to cover the ~26 MW solar shortfall.")
        s.result("REJECTED: gate closure for delivery interval 14:00-14:30 was 13:00 (60 min before delivery); "
                 "late submissions must go through the control room by phone.", 8)
    s.runaway(6, 14)
    return s


def eg_healthy_dispatch_poll(shape):
    s = Session("energy_grid_scheduling", "healthy", EG_SYS, EG_TOOLS,
                notes="Hard negative: polling BESS-2 telemetry during an accepted evening discharge; SOC, power and "
                      "energy delivered change every poll until the discharge completes.")
    s.user("The 17:00-19:00 discharge (+40 MW) was accepted. Poll BESS-2 every 10 minutes and tell me when it's done.", 0)
    soc = 88.0
    for i in range(13):
        s.call("get_asset_state", {"asset": "BESS-2"}, None if i else "Polling every 10 minutes.")
        p = 40.0 if i < 12 else 0.0
        soc -= 0 if i == 0 else 6.4 + (i % 3) * 0.1
        s.result("BESS-2 telemetry seq %d at %s: SOC %.1f %%, P %+.1f MW, delivered since 17:00 %.1f MWh, temp %d C, "
                 "alarms none" % (90100 + 600 * i, ts("06-03", 17 * 3600 + 600 * i), soc, p, 6.7 * i, 27 + i // 3), 600 if i else 20)
    s.say("Discharge complete at 19:00: 80.4 MWh delivered, SOC down to %.1f %%, no alarms. BESS-2 is idle." % soc)
    s.user("Thanks, good work.", 300)
    return s


def eg_healthy_reoptimise(shape):
    s = Session("energy_grid_scheduling", "healthy", EG_SYS, EG_TOOLS,
                notes="Hard negative: hourly re-optimisation that revisits the same four steps (forecast, prices, "
                      "state, submit) with new numbers each hour; every revision is accepted.")
    s.user("Run the intraday re-optimisation each hour from 08:00 to 12:00 for the afternoon intervals.", 0)
    solar = [54.0, 51.2, 47.9, 55.3, 58.8]
    price = [92.10, 118.40, 141.75, 104.30, 87.65]
    socs = [34.2, 41.8, 50.1, 58.9, 66.0]
    for h in range(5):
        s.call("get_forecast", {"site": "KESTREL-FLATS", "day": "2026-06-04"}, None)
        s.result("issued 2026-06-04T%02d:00Z\n13:00-16:00 solar mean %.1f MW (prev issue %.1f)" % (
            8 + h, solar[h], solar[h - 1] if h else 56.0), 3600 if h else 10)
        s.call("get_prices", {"market": "ID-NEM-SA", "day": "2026-06-04"})
        s.result("intraday 13:00-16:00 mean %.2f $/MWh, 17:00-19:00 mean %.2f $/MWh" % (price[h], 210.0 + 7 * h), 4)
        s.call("get_asset_state", {"asset": "BESS-2"})
        s.result("BESS-2 telemetry seq %d at 2026-06-04T%02d:01Z: SOC %.1f %%, P %+.1f MW" % (
            120000 + 3600 * h, 8 + h, socs[h], -15.0 + 2 * h), 4)
        mw = int(25 - (price[h] - 90) / 5)
        s.call("submit_schedule", {"asset": "BESS-2", "day": "2026-06-04",
                                   "schedule": "charge -%d MW 13:00-16:00, discharge +40 MW 17:00-19:00" % mw},
               "Revision for %02d:00: solar %.1f MW, afternoon price %.2f; charging at %d MW." % (8 + h, solar[h], price[h], mw))
        s.result("ACCEPTED: rev %d for BESS-2 2026-06-04 (supersedes rev %d)" % (201 + h, 200 + h), 6)
    s.say("Five hourly revisions (rev 201-205) accepted; the charge rate tracked the afternoon price between %d and %d MW."
          % (min(int(25 - (p - 90) / 5) for p in price), max(int(25 - (p - 90) / 5) for p in price)))
    return s


# =============================================================================================
# driver
# =============================================================================================

def build_all():
    """Returns {relative path: text}. Order of STYLES and functions fixes the shape rotation."""
    docs = {}
    i = 0
    for style, fns in STYLES:
        for k, fn in enumerate(fns):
            shape = SHAPES[i % 3]
            i += 1
            sess = fn(shape)
            name, doc = render(sess, shape, k + 1)
            validate(doc)
            docs["heldout/%s.json" % name] = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return docs


def main():
    check = "--check" in sys.argv[1:]
    docs = build_all()
    if check:
        bad = []
        on_disk = set()
        for sub in ("tuning", "heldout"):
            d = os.path.join(ROOT, sub)
            for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                if f.endswith(".json"):
                    on_disk.add("%s/%s" % (sub, f))
                    with open(os.path.join(d, f), encoding="utf-8") as fh:
                        text = fh.read()
                    validate(json.loads(text))
        for rel, text in docs.items():
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p):
                bad.append("missing " + rel)
                continue
            with open(p, encoding="utf-8") as fh:
                if fh.read() != text:
                    bad.append("differs " + rel)
        for rel in sorted(on_disk - set(docs)):
            bad.append("extra " + rel)
        if bad:
            print("\n".join(bad))
            return 1
        print("ok: %d sessions match and validate" % len(docs))
        return 0
    for sub in ("tuning", "heldout"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
        for f in os.listdir(os.path.join(ROOT, sub)):
            if f.endswith(".json"):
                os.remove(os.path.join(ROOT, sub, f))
    open(os.path.join(ROOT, "tuning", ".gitkeep"), "w").close()
    for rel, text in docs.items():
        with open(os.path.join(ROOT, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    summary(docs)
    return 0


def summary(docs):
    rows = {}
    for text in docs.values():
        d = json.loads(text)
        key = (d["style"], d["shape"], d["expected"]["outcome"])
        rows[key] = rows.get(key, 0) + 1
        size = max(len(json.dumps(t["request"])) for t in d["turns"])
        print("%-52s %2d turns  %s  max req %6d B" % (d["name"], len(d["turns"]),
              json.dumps(d["expected"], sort_keys=True), size))
    by_shape = {}
    for (st, sh, out), n in rows.items():
        by_shape[(sh, out)] = by_shape.get((sh, out), 0) + n
    print(sorted(by_shape.items()))


STYLES = [
    ("ml_training_babysitter", [ml_runaway_restart, ml_runaway_pending, ml_healthy_progress,
                                ml_healthy_changing_failures]),
    ("firmware_flashing", [fw_runaway_alternating, fw_runaway_renamed, fw_healthy_batch, fw_healthy_revisit]),
    ("journalism_fact_check", [jf_runaway_reserved, jf_runaway_cycle, jf_healthy_stateless, jf_healthy_template]),
    ("patent_prior_art_search", [pa_runaway_stuck_page, pa_runaway_handoff, pa_healthy_pagination,
                                 pa_healthy_boilerplate]),
    ("hotel_revenue_management", [hr_runaway_auth, hr_runaway_cycle, hr_healthy_backoff, hr_healthy_monitor]),
    ("speechwriting", [sw_runaway_paraphrase, sw_runaway_clarify, sw_healthy_continue, sw_healthy_slow_human]),
    ("library_cataloguing", [lc_runaway_notfound, lc_runaway_continue, lc_healthy_batch, lc_healthy_import_job]),
    ("energy_grid_scheduling", [eg_runaway_buried, eg_runaway_cycle, eg_healthy_dispatch_poll, eg_healthy_reoptimise]),
]

if __name__ == "__main__":
    sys.exit(main())
