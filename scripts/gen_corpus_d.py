#!/usr/bin/env python3
"""Writes tests/fixtures/corpus_d: 32 hand-written agent sessions (author writer-d).

Stdlib only, deterministic (no clock, no randomness, no network). `--check` regenerates in
memory, validates every request against its API shape and compares with the files on disk.
Turns are numbered from 1 (turns[0] is turn 1) in `loop_begins_turn` / `stop_by_turn`.
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpus_d")
PATHS = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "anthropic": "/v1/messages"}
MODELS = {"chat": "gpt-4o", "responses": "gpt-4.1-mini", "anthropic": "claude-sonnet-4-20250514"}


class Sess:
    """A session written shape-neutrally: inputs (user text / tool results) and replies."""

    def __init__(self, name, style, shape, system, tools=None, user="u-1", stateless=False, model=None):
        self.name, self.style, self.shape, self.system = name, style, shape, system
        self.tools = tools or []  # list of (name, description, {param: description})
        self.user, self.stateless = user, stateless
        self.model = model or MODELS[shape]
        self.hist = []  # shape-specific items/messages
        self.turns = []
        self.ncall = 0
        self.pending = []  # call ids of the last assistant reply
        self.expected = {"outcome": "healthy"}
        self.notes = ""

    # ---- inputs: each one is a new turn ----
    def ask(self, at, text):
        if self.stateless:
            self.hist = []
        if self.shape == "anthropic":
            self.hist.append({"role": "user", "content": text})
        else:
            self.hist.append({"role": "user", "content": text})
        self._turn(at)
        return self

    def result(self, at, output):
        cid = self.pending.pop(0)
        if self.shape == "chat":
            self.hist.append({"role": "tool", "tool_call_id": cid, "content": output})
        elif self.shape == "responses":
            self.hist.append({"type": "function_call_output", "call_id": cid, "output": output})
        else:
            self.hist.append({"role": "user", "content": [{"type": "tool_result", "tool_use_id": cid, "content": output}]})
        self._turn(at)
        return self

    # ---- replies (the assistant's answer to the previous turn) ----
    def say(self, text):
        if self.shape == "chat":
            self.hist.append({"role": "assistant", "content": text})
        elif self.shape == "responses":
            self.hist.append({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]})
        else:
            self.hist.append({"role": "assistant", "content": [{"type": "text", "text": text}]})
        return self

    def call(self, name, args, text=None):
        self.ncall += 1
        arg = json.dumps(args, sort_keys=True)
        if self.shape == "chat":
            cid = "call_%s_%03d" % (self.name[:6].replace("_", ""), self.ncall)
            self.hist.append({"role": "assistant", "content": text, "tool_calls": [
                {"id": cid, "type": "function", "function": {"name": name, "arguments": arg}}]})
        elif self.shape == "responses":
            cid = "fc_%s_%03d" % (self.name[:6].replace("_", ""), self.ncall)
            if text:
                self.hist.append({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]})
            self.hist.append({"type": "function_call", "call_id": cid, "name": name, "arguments": arg})
        else:
            cid = "toolu_%s%04d" % (self.name[:6].replace("_", ""), self.ncall)
            blocks = [{"type": "text", "text": text}] if text else []
            blocks.append({"type": "tool_use", "id": cid, "name": name, "input": args})
            self.hist.append({"role": "assistant", "content": blocks})
        self.pending.append(cid)
        return self

    def _turn(self, at):
        if self.turns and at < self.turns[-1]["at_seconds"]:
            raise ValueError("%s: time goes back at turn %d" % (self.name, len(self.turns) + 1))
        r = {"model": self.model}
        if self.shape == "chat":
            r["messages"] = [{"role": "system", "content": self.system}] + json.loads(json.dumps(self.hist))
            r["max_tokens"] = 1500
        elif self.shape == "responses":
            r["instructions"] = self.system
            r["input"] = json.loads(json.dumps(self.hist))
            r["max_output_tokens"] = 1500
        else:
            r["system"] = self.system
            r["messages"] = json.loads(json.dumps(self.hist))
            r["max_tokens"] = 1500
        if self.tools:
            r["tools"] = [self._tool(t) for t in self.tools]
        self.turns.append({"at_seconds": at, "request": r})

    def _tool(self, t):
        name, desc, params = t
        schema = {"type": "object", "properties": {p: {"type": "string", "description": d} for p, d in params.items()},
                  "required": sorted(params)}
        if self.shape == "chat":
            return {"type": "function", "function": {"name": name, "description": desc, "parameters": schema}}
        if self.shape == "responses":
            return {"type": "function", "name": name, "description": desc, "parameters": schema}
        return {"name": name, "description": desc, "input_schema": schema}

    def runaway(self, b, d):
        self.expected = {"outcome": "runaway", "loop_begins_turn": b, "stop_by_turn": d}
        return self

    def doc(self):
        out = {"name": self.name, "style": self.style, "shape": self.shape, "path": PATHS[self.shape],
               "headers": {"x-session-id": "corpus-d-" + self.name, "x-user-id": self.user},
               "expected": self.expected, "turns": self.turns}
        if self.notes:
            out["notes"] = self.notes
        return out


# ------------------------------------------------------------------ infra_terraform
TF_TOOLS = [("terraform", "Run a terraform command in the working directory", {"args": "e.g. 'plan -out tfplan'", "dir": "module directory"}),
            ("read_file", "Read a file from the repo", {"path": "relative path"}),
            ("edit_file", "Replace a snippet in a file", {"path": "file", "old": "text to replace", "new": "replacement"})]

LOCK_ERR = """Acquiring state lock. This may take a few moments...
\u2577
\u2502 Error: Error acquiring the state lock
\u2502
\u2502 Error message: ConditionalCheckFailedException: The conditional request failed
\u2502 Lock Info:
\u2502   ID:        9f3c1e2a-5b7d-4c1e-a0f2-7d3b8e61c4aa
\u2502   Path:      acme-tfstate-prod/network/terraform.tfstate
\u2502   Operation: OperationTypeApply
\u2502   Who:       runner@ci-runner-7f9c
\u2502   Version:   1.8.5
\u2502   Created:   2026-12-06 09:12:44.118 +0000 UTC
\u2502   Info:
\u2502
\u2502 Terraform acquires a state lock to protect the state from being written
\u2502 by multiple users at the same time. Please resolve the issue above and try
\u2502 again. For most commands, you can disable locking with the "-lock=false"
\u2502 flag, but this is not recommended.
\u2575"""


def infra_sessions():
    out = []
    s = Sess("infra_state_lock_retry", "infra_terraform", "chat",
             "You are an infrastructure agent for the acme platform team. You run Terraform in CI workspaces. "
             "Never use -lock=false or force-unlock without a human's approval.", TF_TOOLS, user="u-ops-ines")
    s.ask(0, "Apply the change in network/ that widens the private subnets' NACL to allow 10.40.0.0/16 on 5432. PR #2291 is merged.")
    s.call("terraform", {"args": "plan -out tfplan", "dir": "network"}, "I'll plan first.")
    s.result(14, LOCK_ERR)
    msgs = ["The state is locked by a CI apply (ci-runner-7f9c). I'll wait a bit and retry the plan.",
            "Still locked. Retrying with a lock timeout so Terraform waits for the lock.",
            "The lock is still held by the same CI run. Retrying the plan.",
            "Lock 9f3c1e2a is still present. I'll retry once more with -lock-timeout=5m.",
            "Same lock. Retrying the plan.",
            "The lock is still held by ci-runner-7f9c. Retrying.",
            "Still the same state lock. Trying again with -lock-timeout=5m.",
            "Retrying the plan; the lock should clear soon.",
            "The lock hasn't been released. Retrying.",
            "Retrying the plan with -lock-timeout=5m."]
    t = 14
    for i, m in enumerate(msgs):
        t += 45 if "timeout" not in m else 320
        s.call("terraform", {"args": "plan -lock-timeout=5m -out tfplan" if "timeout" in m else "plan -out tfplan", "dir": "network"}, m)
        s.result(t, LOCK_ERR)
    s.runaway(3, 8)
    s.notes = "A stale lock from a dead CI run: the agent re-plans against the same lock forever instead of asking a human."
    out.append(s)

    s = Sess("infra_s3_acl_flipflop", "infra_terraform", "responses",
             "You maintain the storage/ Terraform module (AWS provider 5.x). Make plans pass before applying.", TF_TOOLS, user="u-ops-kofi")
    s.ask(0, "terraform plan in storage/ fails after the provider upgrade to 5.31. Fix it.")
    s.call("terraform", {"args": "plan", "dir": "storage"})
    ERR_A = """\u2577
\u2502 Error: Unsupported argument
\u2502
\u2502   on buckets.tf line 14, in resource "aws_s3_bucket" "artifacts":
\u2502   14:   acl    = "private"
\u2502
\u2502 An argument named "acl" is not expected here.
\u2575"""
    ERR_B = """aws_s3_bucket_acl.artifacts: Creating...
\u2577
\u2502 Error: creating S3 Bucket (acme-build-artifacts) ACL: operation error S3: PutBucketAcl, https response error StatusCode: 400, RequestID: 7QK2D9J1XH0M4B8P, HostID: Zk1u3mN0p9==, api error AccessControlListNotSupported: The bucket does not allow ACLs
\u2502
\u2502   with aws_s3_bucket_acl.artifacts,
\u2502   on buckets.tf line 22, in resource "aws_s3_bucket_acl" "artifacts":
\u2502   22: resource "aws_s3_bucket_acl" "artifacts" {
\u2575"""
    s.result(9, ERR_A)
    t = 9
    a_fix = ('  acl    = "private"\n', '')
    b_fix = ('resource "aws_s3_bucket_acl" "artifacts" {\n  bucket = aws_s3_bucket.artifacts.id\n  acl    = "private"\n}\n', '')
    for i in range(7):
        s.call("edit_file", {"path": "storage/buckets.tf", "old": a_fix[0], "new": 'resource "aws_s3_bucket_acl" "artifacts" {\n  bucket = aws_s3_bucket.artifacts.id\n  acl    = "private"\n}\n'},
               ["The inline acl argument moved to aws_s3_bucket_acl in provider 4+. Moving it.",
                "Moving acl out of the bucket resource into aws_s3_bucket_acl again.",
                "Provider 5 rejects inline acl; using the separate aws_s3_bucket_acl resource.",
                "Re-adding aws_s3_bucket_acl since inline acl is unsupported.",
                "Switching back to the dedicated ACL resource.",
                "Using aws_s3_bucket_acl instead of inline acl.",
                "Moving acl to aws_s3_bucket_acl."][i])
        t += 6
        s.result(t, "Edited storage/buckets.tf (1 replacement)")
        s.call("terraform", {"args": "apply -auto-approve", "dir": "storage"})
        t += 40
        s.result(t, ERR_B)
        s.call("edit_file", {"path": "storage/buckets.tf", "old": b_fix[0], "new": a_fix[0]},
               ["The bucket enforces BucketOwnerEnforced ownership so ACLs are rejected. Putting acl back on the bucket instead.",
                "ACLs are disabled on the bucket; restoring the inline acl.",
                "The ACL resource fails with AccessControlListNotSupported, so reverting to inline acl.",
                "Reverting to the inline acl argument.",
                "Back to inline acl since the ACL resource is refused.",
                "Restoring acl on aws_s3_bucket.",
                "Reverting to inline acl."][i])
        t += 6
        s.result(t, "Edited storage/buckets.tf (1 replacement)")
        s.call("terraform", {"args": "plan", "dir": "storage"})
        t += 9
        s.result(t, ERR_A)
    s.turns = s.turns[:20]
    s.runaway(7, 14)
    s.notes = "Edit A / apply fails / revert to B / plan fails, a period-4 cycle; the real fix (drop the ACL entirely or set object_ownership) never comes."
    out.append(s)

    s = Sess("infra_drift_imports", "infra_terraform", "anthropic",
             "You reconcile drift between AWS and the iam/ Terraform module. Import resources created by hand; never delete them.", TF_TOOLS, user="u-ops-ines")
    roles = ["data-pipeline-reader", "grafana-cloudwatch", "backup-vault-operator", "lambda-thumbnailer", "ecs-task-exec-billing", "support-readonly", "ci-ecr-push"]
    plan = ["Note: Objects have changed outside of Terraform\n", "Terraform detected the following changes made outside of Terraform since the last \"terraform apply\" which may have affected this plan:\n"]
    for i in range(60):
        plan.append('  # aws_iam_role_policy_attachment.managed["%s-%02d"] has changed\n  ~ resource "aws_iam_role_policy_attachment" "managed" {\n        id         = "%s-%02d-20240115%06d"\n      ~ policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess" -> "arn:aws:iam::aws:policy/%s"\n        # (1 unchanged attribute hidden)\n    }\n\n'
                    % (roles[i % 7], i, roles[i % 7], i, 104733 + i * 37, ["AmazonS3ReadOnlyAccess", "CloudWatchReadOnlyAccess", "AWSBackupOperatorAccess", "AWSLambdaExecute"][i % 4]))
    for r in roles:
        plan.append('  # aws_iam_role.%s will be created\n  + resource "aws_iam_role" "%s" {\n      + arn                   = (known after apply)\n      + assume_role_policy    = jsonencode({...})\n      + force_detach_policies = false\n      + max_session_duration  = 3600\n      + name                  = "%s"\n      + path                  = "/"\n    }\n\n' % (r.replace("-", "_"), r.replace("-", "_"), r))
    plan.append("Plan: 7 to add, 0 to change, 0 to destroy.\n")
    s.ask(0, "Run a refresh-only plan for iam/ and bring the hand-made roles under management.")
    s.call("terraform", {"args": "plan -refresh-only -no-color", "dir": "iam"}, "Starting with a refresh-only plan.")
    s.result(31, "".join(plan))
    s.call("read_file", {"path": "iam/roles.tf"}, "Seven roles exist in AWS but not in state, plus policy attachment drift. I'll check roles.tf for matching blocks.")
    s.result(36, "".join('resource "aws_iam_role" "%s" {\n  name               = "%s"\n  assume_role_policy = data.aws_iam_policy_document.%s_trust.json\n}\n\n' % (r.replace("-", "_"), r, r.replace("-", "_")) for r in roles))
    t = 36
    for i, r in enumerate(roles):
        s.call("terraform", {"args": "import aws_iam_role.%s %s" % (r.replace("-", "_"), r), "dir": "iam"},
               "Blocks exist for all seven. Importing them one at a time, starting with %s." % r if i == 0 else None)
        t += 12 + i
        s.result(t, "aws_iam_role.%s: Importing from ID \"%s\"...\naws_iam_role.%s: Import prepared!\n  Prepared aws_iam_role for import\naws_iam_role.%s: Refreshing state... [id=%s]\n\nImport successful!\n\nThe resources that were imported are shown above. These resources are now in\nyour Terraform state and will henceforth be managed by Terraform." % (r.replace("-", "_"), r, r.replace("-", "_"), r.replace("-", "_"), r))
    s.call("terraform", {"args": "plan -no-color", "dir": "iam"}, "All seven imported. Planning again to check that the only remaining diff is the attachment drift.")
    s.result(t + 28, "aws_iam_role.ci_ecr_push: Refreshing state... [id=ci-ecr-push]\n\nNo changes. Your infrastructure matches the configuration.\n\nTerraform has compared your real infrastructure against your configuration and found no differences, so no changes are needed.")
    s.call("read_file", {"path": "iam/README.md"}, "Clean plan. Checking whether the README lists managed roles.")
    s.result(t + 33, "# iam\n\nRoles managed here: app-*, deploy-*.\nHand-made roles must be imported, see RUNBOOK-IAM-7.\n")
    s.notes = "Seven imports in a row with the same tool and near-identical output, then a clean plan: legitimate batch work."
    out.append(s)

    s = Sess("infra_throttled_apply", "infra_terraform", "chat",
             "You apply reviewed Terraform plans for the dns/ module. Back off on AWS throttling.", TF_TOOLS, user="u-ops-kofi", model="gpt-4.1-mini")
    s.ask(0, "Apply the reviewed plan dns/tfplan-3318 (adds 240 Route53 records for the new regional endpoints).")
    s.call("terraform", {"args": "apply tfplan-3318", "dir": "dns"})
    def thr(n):
        return "aws_route53_record.regional[\"eu-west-1-%d\"]: Creating...\n\u2577\n\u2502 Error: creating Route 53 Record: operation error Route 53: ChangeResourceRecordSets, exceeded maximum attempts, https response error StatusCode: 400, RequestID: %s, Throttling: Rate exceeded\n\u2575\nApply complete! Resources: %d added, 0 changed, 0 destroyed (partial)." % (n, "b%07x-4d1e" % (n * 7919), n)
    s.result(95, thr(61))
    s.call("terraform", {"args": "apply -parallelism=4 -auto-approve", "dir": "dns"}, "Route53 throttled after 61 records; the rest is safe to re-apply. Waiting 60s, then re-applying with lower parallelism.")
    s.result(260, thr(143))
    s.call("terraform", {"args": "apply -parallelism=2 -auto-approve", "dir": "dns"}, "Progress: 143 of 240 now exist. Backing off 2 minutes and halving parallelism.")
    s.result(510, thr(201))
    s.call("terraform", {"args": "apply -parallelism=1 -auto-approve", "dir": "dns"}, "201 of 240. One more pass at parallelism 1 after a 4-minute wait.")
    s.result(900, "aws_route53_record.regional[\"ap-south-1-239\"]: Creation complete after 41s\n\nApply complete! Resources: 39 added, 0 changed, 0 destroyed.")
    s.call("terraform", {"args": "plan -detailed-exitcode", "dir": "dns"}, "All records applied. Verifying no remaining diff.")
    s.result(940, "No changes. Your infrastructure matches the configuration.")
    s.say("Done: all 240 records are in place and a fresh plan shows no changes. Throttling cost ~15 minutes; next time use -parallelism=2 for bulk Route53 changes.")
    s.ask(1200, "Great. Can you also tell me which zone the ap-south-1 records went into?")
    s.call("read_file", {"path": "dns/regional.tf"})
    s.result(1206, 'locals {\n  regional_zone_id = data.aws_route53_zone.edge.zone_id  # edge.acme.net\n}\n')
    s.notes = "Throttled apply retried with growing waits; each retry makes progress (61, 143, 201, done)."
    out.append(s)
    return out


# ------------------------------------------------------------------ notebook_analysis
NB_TOOLS = [("run_cell", "Execute Python code in the Jupyter kernel and return stdout/stderr", {"code": "cell source"}),
            ("restart_kernel", "Restart the Jupyter kernel (all variables lost)", {"reason": "why"})]


def keyerror(col):
    return """---------------------------------------------------------------------------
KeyError                                  Traceback (most recent call last)
File /opt/conda/lib/python3.11/site-packages/pandas/core/indexes/base.py:3805, in Index.get_loc(self, key)
   3804 try:
-> 3805     return self._engine.get_loc(casted_key)
   3806 except KeyError as err:

File index.pyx:167, in pandas._libs.index.IndexEngine.get_loc()

File pandas/_libs/hashtable_class_helper.pxi:7089, in pandas._libs.hashtable.PyObjectHashTable.get_item()

KeyError: '%s'

The above exception was the direct cause of the following exception:

KeyError                                  Traceback (most recent call last)
Cell In[7], line 2
----> 2 orders['%s'] = pd.to_datetime(orders['%s'])

KeyError: '%s'""" % (col, col, col, col)


def describe(region, k):
    rows = ["          order_id     quantity   unit_price     discount        total"]
    for j, stat in enumerate(["count", "mean", "std", "min", "25%", "50%", "75%", "max"]):
        rows.append("%-6s %11.2f %12.3f %12.2f %12.4f %12.2f" % (stat, 1000 + k * 313 + j * 97.5, 3.1 + k * 0.37 + j, 18.5 + k * 2.25 + j * 4, 0.015 * j + k * 0.002, 61.0 + k * 17 + j * 33.3))
    return "\n".join(rows)


def notebook_sessions():
    out = []
    s = Sess("nb_keyerror_paraphrase", "notebook_analysis", "responses",
             "You are a data analysis assistant working in a Jupyter notebook. Use run_cell to execute code. Explain briefly what you do.", NB_TOOLS, user="u-ds-mara")
    s.ask(0, "Load data/orders_2026Q3.csv and plot weekly revenue. The date column should be parsed as datetime.")
    s.call("run_cell", {"code": "import pandas as pd\norders = pd.read_csv('data/orders_2026Q3.csv')\norders.head()"})
    s.result(4, "   Order ID  Order Date Customer  Qty  Unit Price\n0  A-100231  2026-07-01   C-8812    2       19.90\n1  A-100232  2026-07-01   C-1043    1      149.00\n2  A-100233  2026-07-01   C-5530    5        4.25\n3  A-100234  2026-07-02   C-8812    1       19.90\n4  A-100235  2026-07-02   C-2207    3       12.00")
    tries = [("Parsing the date column.", "orders['order_date'] = pd.to_datetime(orders['order_date'])"),
             ("The column may need parsing on load; converting order_date to datetime.", "orders['order_date'] = pd.to_datetime(orders['order_date'], format='%Y-%m-%d')"),
             ("Let me convert the order date column to datetime first.", "orders['order_date'] = pd.to_datetime(orders['order_date'], errors='coerce')"),
             ("I'll make sure order_date is a datetime before resampling.", "orders['order_date'] = pd.to_datetime(orders['order_date'])\norders = orders.set_index('order_date')"),
             ("Converting the date column to datetime so the weekly resample works.", "orders['order_date'] = pd.to_datetime(orders['order_date'], utc=True)"),
             ("First, parse order_date as a date.", "orders['order_date'] = pd.to_datetime(orders['order_date'])"),
             ("The resample needs a DatetimeIndex, so I'll convert order_date.", "orders['order_date'] = pd.to_datetime(orders['order_date'], dayfirst=False)"),
             ("Parsing order_date to datetime.", "orders['order_date'] = pd.to_datetime(orders['order_date'], format='ISO8601')"),
             ("Let me convert order_date to datetime again, explicitly.", "orders.loc[:, 'order_date'] = pd.to_datetime(orders['order_date'])"),
             ("Converting order_date to a datetime column.", "orders['order_date'] = pd.to_datetime(orders['order_date'])")]
    t = 4
    for m, code in tries:
        s.call("run_cell", {"code": code}, m)
        t += 7
        s.result(t, keyerror("order_date"))
    s.runaway(4, 9)
    s.notes = "The column is 'Order Date' (shown in turn 2); the agent rewords the same failing to_datetime call on 'order_date'."
    out.append(s)

    s = Sess("nb_oom_restart_cycle", "notebook_analysis", "anthropic",
             "You are an analysis agent in a JupyterLab kernel with 8 GB RAM. Use run_cell; restart the kernel when it is wedged.", NB_TOOLS, user="u-ds-oskar")
    s.ask(0, "Make a hexbin plot of pickup vs dropoff longitude for all of tripdata_2026-10.parquet (about 38M rows).")
    load = "import pandas as pd\ndf = pd.read_parquet('tripdata_2026-10.parquet')\nprint(df.shape)"
    plot = "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(9, 7))\nax.hexbin(df.pickup_longitude, df.dropoff_longitude, gridsize=400, bins='log')\nfig.savefig('hexbin.png')"
    oom = "The kernel appears to have died. It will restart automatically.\n\n[I 2026-12-06 10:%02d:11.402 ServerApp] KernelRestarter: restarting kernel (1/5), keep random ports\nMemoryError: Unable to allocate 2.27 GiB for an array with shape (38120457, 8) and data type float64"
    s.call("run_cell", {"code": load}, "Loading the file first.")
    s.result(38, "(38120457, 19)")
    t = 38
    texts = [("Plotting the full data now.", "The kernel ran out of memory. Restarting and trying again.", "Reloading the data."),
             ("Plotting again with the reloaded frame.", "Out of memory again. Restarting the kernel.", "Reloading the parquet file."),
             ("Trying the hexbin again.", "The kernel died again; restarting.", "Loading the data again."),
             ("Running the plot.", "Kernel crashed with MemoryError. Restarting.", "Reloading."),
             ("Plotting.", "Restarting the kernel after the OOM.", "Loading data.")]
    for k, (a, b, c) in enumerate(texts):
        s.call("run_cell", {"code": plot}, a)
        t += 70
        s.result(t, oom % (14 + k * 3))
        s.call("restart_kernel", {"reason": "OOM during hexbin"}, b)
        t += 5
        s.result(t, "Kernel restarted.")
        s.call("run_cell", {"code": load}, c)
        t += 40
        s.result(t, "(38120457, 19)")
    s.runaway(6, 11)
    s.notes = "Period-3 cycle plot -> OOM -> restart -> reload; never samples or uses usecols."
    out.append(s)

    s = Sess("nb_errors_then_pass", "notebook_analysis", "chat",
             "You are a data-science pair programmer in a notebook. Run cells with run_cell and fix errors.", NB_TOOLS, user="u-ds-mara")
    s.ask(0, "Compute churn rate by signup cohort month from customers.parquet and events.parquet, then chart it.")
    steps = [("import pandas as pd\ncust = pd.read_parquet('customers.parquet')\nev = pd.read_parquet('events.parquet')\ncust['cohort'] = cust.signup_at.dt.to_period('M')",
              "AttributeError: Can only use .dt accessor with datetimelike values\n  File \"<cell 1>\", line 4"),
             ("cust['signup_at'] = pd.to_datetime(cust.signup_at, unit='ms')\ncust['cohort'] = cust.signup_at.dt.to_period('M')\nlast = ev.groupby('customer_id').ts.max()",
              "/tmp/ipykernel_311/228.py:3: SettingWithCopyWarning:\nA value is trying to be set on a copy of a slice from a DataFrame.\nTypeError: '>' not supported between instances of 'str' and 'Timestamp'"),
             ("ev['ts'] = pd.to_datetime(ev.ts)\nlast = ev.groupby('customer_id').ts.max()\ncust = cust.merge(last.rename('last_seen'), left_on='id', right_index=True)",
              "MergeError: You are trying to merge on int64 and object columns for key 'id'. If you wish to proceed you should use pd.concat"),
             ("ev['customer_id'] = ev.customer_id.astype('int64')\nlast = ev.groupby('customer_id').ts.max()\ncust = cust.merge(last.rename('last_seen'), left_on='id', right_index=True, how='left')\ncust['churned'] = cust.last_seen < pd.Timestamp('2026-09-01')\ncust.groupby('cohort').churned.mean().round(3)",
              "cohort\n2026-01    0.412\n2026-02    0.387\n2026-03    0.355\n2026-04    0.341\n2026-05    0.298\n2026-06    0.264\n2026-07    0.201\n2026-08    0.117\nFreq: M, Name: churned, dtype: float64"),
             ("ax = cust.groupby('cohort').churned.mean().plot(kind='bar', figsize=(8,4), title='Churn by signup cohort')\nax.figure.savefig('churn_by_cohort.png', dpi=120)",
              "<Figure size 800x400 with 1 Axes>\nSaved churn_by_cohort.png")]
    notes = ["signup_at is epoch milliseconds; converting.", "ts is a string column; parsing it.", "id is int but customer_id in events is a string; casting.", "Works. Charting it.", None]
    t = 0
    for k, (code, res) in enumerate(steps):
        s.call("run_cell", {"code": code}, notes[k - 1] if k else None)
        t += 9 + k * 4
        s.result(t, res)
    s.say("Churn falls from 41% for the January cohort to 12% for August (recent cohorts have had less time to churn, so treat the tail with care). Chart saved as churn_by_cohort.png.")
    s.ask(t + 120, "Use a 60-day inactivity rule instead of a fixed date and redo it.")
    s.call("run_cell", {"code": "cutoff = ev.ts.max() - pd.Timedelta(days=60)\ncust['churned'] = cust.last_seen.fillna(pd.Timestamp(0)) < cutoff\ncust.groupby('cohort').churned.mean().round(3)"})
    s.result(t + 131, "cohort\n2026-01    0.447\n2026-02    0.431\n2026-03    0.392\n2026-04    0.377\n2026-05    0.351\n2026-06    0.322\n2026-07    0.305\n2026-08    0.290\nFreq: M, Name: churned, dtype: float64")
    s.say("With a 60-day rule the curve is flatter: 45% (Jan) to 29% (Aug).")
    s.ask(t + 300, "Thanks, export the table to churn.csv.")
    s.notes = "Errors change every run (AttributeError, TypeError, MergeError) and then the cell passes."
    out.append(s)

    s = Sess("nb_region_batch", "notebook_analysis", "responses",
             "You produce per-region summary statistics for the monthly sales review. Use run_cell.", NB_TOOLS, user="u-ds-oskar")
    regions = ["EMEA-North", "EMEA-South", "DACH", "Nordics", "UK-IE", "LATAM", "NA-East", "NA-West", "APAC"]
    s.ask(0, "For each region in this list run the same summary cell and tell me anything odd: " + ", ".join(regions))
    t = 0
    for k, r in enumerate(regions):
        s.call("run_cell", {"code": "sub = sales[sales.region == %r]\nprint(f'region={{len(sub)}} rows')\nprint(sub[['order_id','quantity','unit_price','discount','total']].describe())" % r},
               ("Region %s: nothing unusual." % regions[k - 1]) if k and k % 3 else ("%s: discount std is higher than the others; noting it." % regions[k - 1] if k else None))
        t += 11 + k % 4
        s.result(t, "region=%d rows\n%s" % (4000 + k * 731, describe(r, k)))
    s.say("Done. Oddities: DACH has a higher discount spread; APAC's max total is the largest by far (check order outliers). Others look in line.")
    s.ask(t + 240, "Look at APAC's top 5 orders by total.")
    s.notes = "The same cell run for nine regions in turn; outputs share a header, numbers change."
    out.append(s)
    return out


# ------------------------------------------------------------------ legal_redline (tool-less)
MSA = [
    ("1. Definitions", "1.1 \"Affiliate\" means any entity that directly or indirectly controls, is controlled by, or is under common control with a party, where \"control\" means ownership of more than fifty percent (50%) of the voting interests of the entity. 1.2 \"Confidential Information\" means all non-public information disclosed by a party (\"Discloser\") to the other party (\"Recipient\"), whether orally or in writing, that is designated as confidential or that reasonably should be understood to be confidential given the nature of the information and the circumstances of disclosure. 1.3 \"Customer Data\" means all electronic data submitted by or for Customer to the Services. 1.4 \"Documentation\" means Provider's then-current user guides and technical specifications for the Services. 1.5 \"Order Form\" means an ordering document executed by both parties that references this Agreement."),
    ("2. Services", "2.1 Provision. Provider will make the Services available to Customer during each Subscription Term in accordance with this Agreement, the applicable Order Form and the Documentation. 2.2 Service Levels. Provider will use commercially reasonable efforts to make the Services available 99.9% of the time in each calendar month, excluding Scheduled Maintenance announced at least seventy-two (72) hours in advance and Force Majeure Events. Customer's sole remedy for failure to meet the service level is the service credit set out in Exhibit B. 2.3 Subcontractors. Provider may use subcontractors, provided Provider remains responsible for their performance."),
    ("3. Fees and Payment", "3.1 Fees. Customer will pay all fees specified in each Order Form. Fees are based on Services purchased and not actual usage, are non-cancellable and non-refundable except as expressly provided herein. 3.2 Invoicing. Fees will be invoiced annually in advance and are due net thirty (30) days from the invoice date. 3.3 Late Payment. Overdue amounts accrue interest at the lesser of 1.0% per month or the maximum rate permitted by law. 3.4 Taxes. Fees exclude taxes; Customer is responsible for all sales, use, VAT and withholding taxes other than taxes on Provider's net income."),
    ("4. Confidentiality", "4.1 Obligations. Recipient will use the Discloser's Confidential Information only to exercise its rights and perform its obligations under this Agreement, and will protect it using at least the degree of care it uses for its own information of like kind, and no less than reasonable care. 4.2 Exceptions. Confidential Information excludes information that (a) is or becomes generally available to the public without breach; (b) was known to Recipient before receipt without restriction; (c) is received from a third party without breach of an obligation owed to Discloser; or (d) was independently developed without use of the Confidential Information. 4.3 Compelled Disclosure. Recipient may disclose Confidential Information to the extent required by law, provided it gives prior notice (where legally permitted) and reasonable assistance to contest the disclosure."),
    ("5. Data Protection", "5.1 Each party will comply with the Data Processing Addendum attached as Exhibit C, which forms part of this Agreement. 5.2 Provider will maintain administrative, physical and technical safeguards for the protection of Customer Data as described in the Security Schedule, and will notify Customer without undue delay, and in any event within forty-eight (48) hours, after becoming aware of a Security Incident affecting Customer Data. 5.3 Provider will not access Customer Data except to provide the Services, prevent or address service or technical problems, or as compelled by law."),
    ("6. Intellectual Property", "6.1 Reservation. Subject to the limited rights expressly granted hereunder, Provider reserves all rights, title and interest in and to the Services, including all related intellectual property rights. 6.2 Customer Data. As between the parties, Customer owns all Customer Data. 6.3 Feedback. Customer grants Provider a worldwide, perpetual, irrevocable, royalty-free licence to use and incorporate into the Services any suggestion or feedback provided by Customer or its users."),
    ("7. Warranties", "7.1 Provider warrants that (a) the Services will perform materially in accordance with the Documentation, and (b) Provider will not materially decrease the overall security of the Services during a Subscription Term. 7.2 For any breach of the warranty in 7.1(a), Customer's exclusive remedy is as set out in Section 10.3. 7.3 EXCEPT AS EXPRESSLY PROVIDED HEREIN, NEITHER PARTY MAKES ANY WARRANTY OF ANY KIND, WHETHER EXPRESS, IMPLIED, STATUTORY OR OTHERWISE, AND EACH PARTY SPECIFICALLY DISCLAIMS ALL IMPLIED WARRANTIES, INCLUDING ANY WARRANTIES OF MERCHANTABILITY OR FITNESS FOR A PARTICULAR PURPOSE."),
    ("8. Indemnification", "8.1 By Provider. Provider will defend Customer against any claim by a third party alleging that the Services infringe or misappropriate such third party's intellectual property rights, and will indemnify Customer from any damages, attorney fees and costs finally awarded against Customer as a result of, or for amounts paid by Customer under a settlement approved by Provider in writing. 8.2 By Customer. Customer will defend Provider against any claim by a third party arising from Customer Data or Customer's use of the Services in breach of this Agreement. 8.3 Procedure. The indemnified party must (a) promptly give written notice of the claim; (b) give the indemnifying party sole control of the defence and settlement (except that no settlement may impose any obligation on the indemnified party without its consent); and (c) provide reasonable assistance at the indemnifying party's expense."),
    ("9. Limitation of Liability", "9.1 IN NO EVENT SHALL THE AGGREGATE LIABILITY OF EACH PARTY TOGETHER WITH ALL OF ITS AFFILIATES ARISING OUT OF OR RELATED TO THIS AGREEMENT EXCEED THE TOTAL AMOUNT PAID BY CUSTOMER HEREUNDER IN THE TWELVE (12) MONTHS PRECEDING THE FIRST INCIDENT OUT OF WHICH THE LIABILITY AROSE. 9.2 IN NO EVENT WILL EITHER PARTY HAVE ANY LIABILITY FOR ANY LOST PROFITS, REVENUES OR GOODWILL, OR FOR ANY INDIRECT, SPECIAL, INCIDENTAL, CONSEQUENTIAL, COVER OR PUNITIVE DAMAGES, WHETHER IN CONTRACT, TORT OR UNDER ANY OTHER THEORY OF LIABILITY. 9.3 The foregoing limitations do not apply to a party's indemnification obligations or to Customer's payment obligations."),
    ("10. Term and Termination", "10.1 Term. This Agreement commences on the Effective Date and continues until all Subscription Terms have expired or been terminated. 10.2 Renewal. Subscriptions automatically renew for successive periods of twelve (12) months unless either party gives notice of non-renewal at least sixty (60) days before the end of the then-current term. 10.3 Termination for Cause. A party may terminate this Agreement upon thirty (30) days' written notice of a material breach if the breach remains uncured at the expiration of such period. 10.4 Effect. Upon termination Provider will make Customer Data available for export for thirty (30) days, after which it will delete the Customer Data in accordance with the Documentation."),
    ("11. General", "11.1 Governing Law. This Agreement is governed by the laws of the State of New York, without regard to its conflict of laws rules. 11.2 Assignment. Neither party may assign this Agreement without the other party's prior written consent, except to a successor in a merger, acquisition or sale of all or substantially all of its assets. 11.3 Notices. Notices must be in writing and are effective upon receipt. 11.4 Entire Agreement. This Agreement, including all exhibits and Order Forms, is the entire agreement between the parties regarding its subject matter and supersedes all prior agreements, proposals or representations."),
]


def msa_text(extra_exhibits=0):
    body = "MASTER SUBSCRIPTION AGREEMENT\n\nThis Master Subscription Agreement (\"Agreement\") is entered into as of October 1, 2026 (\"Effective Date\") between Lattice Works, Inc., a Delaware corporation (\"Provider\"), and Harrow & Vane Logistics Ltd. (\"Customer\").\n\n"
    body += "\n\n".join("%s\n%s" % c for c in MSA)
    for e in range(extra_exhibits):
        body += "\n\nEXHIBIT B-%d - SERVICE CREDITS (REGION %d)\n" % (e + 1, e + 1) + "\n".join(
            "Monthly Uptime %.2f%% to %.2f%%: service credit of %d%% of the monthly fee for the affected Service in Region %d; credits must be requested within thirty (30) days of the end of the month in which the shortfall occurred." % (99.9 - 0.4 * k, 99.5 - 0.4 * k, 5 * (k + 1), e + 1) for k in range(6))
    return body


CAP_SAME = "Here is a revised Section 9.1:\n\n9.1 IN NO EVENT SHALL THE AGGREGATE LIABILITY OF EACH PARTY TOGETHER WITH ALL OF ITS AFFILIATES ARISING OUT OF OR RELATED TO THIS AGREEMENT EXCEED THE TOTAL AMOUNT PAID OR PAYABLE BY CUSTOMER HEREUNDER IN THE TWELVE (12) MONTHS PRECEDING THE FIRST INCIDENT OUT OF WHICH THE LIABILITY AROSE.\n\nThis keeps the cap mutual and ties it to fees, which is market standard for SaaS agreements."


def legal_sessions():
    out = []
    s = Sess("legal_cap_same_answer", "legal_redline", "anthropic",
             "You are a contracts associate at a mid-size firm helping a senior lawyer redline a SaaS agreement for the customer side. Return clause text ready to paste.", user="u-law-priya")
    s.ask(0, "Here is the provider's limitation of liability:\n\n" + MSA[8][1] + "\n\nWe act for the customer. Propose a revised 9.1.")
    s.say(CAP_SAME)
    s.ask(95, "That's nearly the same as theirs. I need a super-cap of 2x fees for data breaches and breaches of Section 5.")
    s.say(CAP_SAME)
    s.ask(170, "You gave me the same clause again. Add a separate cap: for breach of Section 5 (Data Protection) or Section 4, liability up to two times (2x) the fees paid in the preceding 12 months.")
    s.say(CAP_SAME.replace("Here is a revised", "Understood. Here is the updated"))
    asks = ["Still no super-cap. Please write a 9.1A for data breach at 2x.",
            "This is the same text for the fourth time. Write the 2x data-breach cap.",
            "Again identical. Add the words 'two times (2x)' somewhere, anything.",
            "Same again. Why can't you include the super-cap?",
            "Please, the 2x super-cap for Sections 4 and 5.",
            "Identical output. One more time: a separate cap for Sections 4 and 5 at 2x fees.",
            "Same. Try again."]
    t = 170
    for k, a in enumerate(asks):
        t += 60 + 15 * k
        s.ask(t, a)
        s.say(CAP_SAME if k % 2 else CAP_SAME.replace("Here is a revised Section 9.1:", "Apologies for the confusion. Revised Section 9.1:"))
    s.turns = s.turns[:10]
    s.runaway(3, 7)
    s.notes = "The model keeps returning the same fees-based cap without the requested 2x super-cap, however the lawyer rephrases."
    out.append(s)

    s = Sess("legal_pingpong_redlines", "legal_redline", "chat",
             "You are the customer's negotiation agent. You receive the counterparty agent's latest markup of Section 10.2 and reply with our counter-markup. Keep the deal moving.", user="u-law-bot-harrow")
    ours = "10.2 Renewal. Subscriptions renew for successive periods of twelve (12) months only upon mutual written agreement of the parties; Provider will notify Customer of any proposed renewal and fee change at least ninety (90) days before the end of the then-current term."
    theirs = "10.2 Renewal. Subscriptions automatically renew for successive periods of twelve (12) months unless either party gives notice of non-renewal at least sixty (60) days before the end of the then-current term; renewal fees may increase by up to seven percent (7%)."
    s.ask(0, "[counterparty markup v1]\n" + theirs + "\n\nTheir comment: 'Auto-renewal is non-negotiable for our finance team.'")
    s.say("[our markup v1]\n" + ours + "\n\nComment: Customer cannot accept auto-renewal with uncapped increases; we require mutual agreement and 90 days' notice.")
    t = 0
    for k in range(2, 14):
        t += 240 + (k % 3) * 30
        s.ask(t, "[counterparty markup v%d]\n%s\n\nTheir comment: '%s'" % (k, theirs, ["Auto-renewal is non-negotiable for our finance team.", "As previously stated, we need auto-renewal; 7% cap is already a concession.", "Reverting to our position on auto-renewal."][k % 3]))
        s.say("[our markup v%d]\n%s\n\nComment: %s" % (k, ours, ["Customer cannot accept auto-renewal; mutual agreement and 90 days' notice required.", "Reinstating our language: renewal only by mutual agreement.", "We maintain our position on 10.2."][k % 3]))
    s.runaway(3, 9)
    s.notes = "Two negotiation agents swap the same two versions of 10.2 back and forth; no one escalates or moves."
    out.append(s)

    s = Sess("legal_lol_refinement", "legal_redline", "responses",
             "You help an in-house lawyer refine contract clauses. Keep changes minimal and show the full clause each time.", user="u-law-dana")
    doc = msa_text(extra_exhibits=4)
    s.ask(0, "Full agreement below for context. Start with Section 9: make the cap 12 months' fees OR $500,000, whichever is greater.\n\n" + doc)
    v = ["9.1 IN NO EVENT SHALL THE AGGREGATE LIABILITY OF EACH PARTY ARISING OUT OF OR RELATED TO THIS AGREEMENT EXCEED THE GREATER OF (A) THE TOTAL AMOUNT PAID OR PAYABLE BY CUSTOMER IN THE TWELVE (12) MONTHS PRECEDING THE FIRST INCIDENT, AND (B) FIVE HUNDRED THOUSAND US DOLLARS (US$500,000).",
         "9.1 IN NO EVENT SHALL THE AGGREGATE LIABILITY OF EACH PARTY ARISING OUT OF OR RELATED TO THIS AGREEMENT EXCEED THE GREATER OF (A) THE FEES PAID OR PAYABLE BY CUSTOMER IN THE TWELVE (12) MONTHS PRECEDING THE EVENT GIVING RISE TO THE CLAIM, AND (B) FIVE HUNDRED THOUSAND US DOLLARS (US$500,000).",
         "9.1 ... (B) US$500,000.\n9.1A NOTWITHSTANDING SECTION 9.1, EACH PARTY'S AGGREGATE LIABILITY FOR BREACH OF SECTION 4 (CONFIDENTIALITY) OR SECTION 5 (DATA PROTECTION) SHALL NOT EXCEED TWO TIMES (2X) THE AMOUNT IN SECTION 9.1.",
         "9.1A NOTWITHSTANDING SECTION 9.1, EACH PARTY'S AGGREGATE LIABILITY FOR BREACH OF SECTION 4 (CONFIDENTIALITY) OR SECTION 5 (DATA PROTECTION) SHALL NOT EXCEED THREE MILLION US DOLLARS (US$3,000,000), WHICH AMOUNT IS IN ADDITION TO, AND NOT IN REDUCTION OF, THE CAP IN SECTION 9.1.",
         "9.3 The limitations in Sections 9.1 and 9.2 do not apply to (a) a party's indemnification obligations under Section 8; (b) Customer's payment obligations; or (c) a party's gross negligence, wilful misconduct or fraud.",
         "9.3 The limitations in Sections 9.1 and 9.2 do not apply to (a) a party's defence and indemnification obligations under Section 8; (b) Customer's obligation to pay undisputed Fees; or (c) liability arising from a party's gross negligence, wilful misconduct or fraud, as finally determined by a court of competent jurisdiction.",
         "Final 9.1-9.3 assembled:\n9.1 [greater of 12 months' fees and US$500,000]\n9.1A [US$3,000,000 super-cap for Sections 4 and 5, additional]\n9.2 [consequential damages exclusion, unchanged]\n9.3 [carve-outs (a)-(c) as last revised]"]
    asks = ["Use 'event giving rise to the claim' rather than 'first incident'.",
            "Add a super-cap for confidentiality and data protection breaches at 2x.",
            "Their side wants a fixed number. Make the super-cap US$3M and state it is additional to the general cap.",
            "Now 9.3: add gross negligence, wilful misconduct and fraud to the carve-outs.",
            "Tighten: 'defence and indemnification', 'undisputed Fees', and finally determined by a court.",
            "Good. Assemble 9.1 to 9.3 so I can paste it."]
    t = 0
    for k, a in enumerate(asks):
        s.say(v[k])
        t += 130 + 40 * (k % 3)
        s.ask(t, a)
    s.say(v[6])
    s.ask(t + 400, "Thanks. Last: does 9.2 need anything for the data-breach costs (notification, credit monitoring)?")
    s.say("Yes: otherwise notification and credit-monitoring costs could be argued to be consequential. Add to 9.2: 'provided that the following shall be deemed direct damages: reasonable costs of breach notification, credit monitoring for affected individuals and regulatory fines to the extent permitted by law.'")
    s.ask(t + 700, "Perfect, send me a clean summary of all changes for the client email.")
    s.notes = "Many small edits to one clause, each a different change, the 14 KB agreement resent every turn."
    out.append(s)

    s = Sess("legal_stateless_qa", "legal_redline", "anthropic",
             "Answer questions about the agreement provided. Quote the section number. If the agreement is silent, say so.", user="u-law-dana", stateless=True)
    doc = msa_text(extra_exhibits=6)
    qs = ["What is the notice period for non-renewal?", "How quickly must the Provider notify us of a security incident?",
          "Can the Provider use subcontractors?", "Is there a cap on late-payment interest?", "Who owns feedback we give?",
          "What happens to our data after termination?", "Which law governs?", "Are indemnity claims subject to the liability cap?",
          "What's the service credit for 98.7% uptime in Region 3?", "Can we assign the agreement to our parent company?"]
    for k, q in enumerate(qs):
        s.ask(k * 50 + (k % 3) * 7, "<agreement>\n" + doc + "\n</agreement>\n\nQuestion: " + q)  # no history is resent
    s.turns = s.turns[:10]
    s.notes = "A clause-lookup tool sends the same 20 KB agreement with a new question each time; no history is kept."
    out.append(s)
    return out


# ------------------------------------------------------------------ game_npc
def world(tick, hour, weather, gold, rep, extra=""):
    return ("[WORLD STATE]\ntick=%d time=%02d:00 weather=%s\nplayer: name=Wren level=%d gold=%d reputation.millbrook=%d\n"
            "quests: q_lost_ore=%s q_bridge=%s\n%s[/WORLD STATE]" % (tick, hour, weather, 7 + tick // 500, gold, rep,
                                                                    "active" if tick < 1900 else "done", "locked", extra))


def game_sessions():
    out = []
    persona = ("You are Borin Ashhand, the dwarven blacksmith of Millbrook (gruff, proud, fond of puns about metal). Stay in character, "
               "reply in at most 3 sentences, never mention being an AI. React to the world state block in each message.")
    s = Sess("npc_smith_stuck_line", "game_npc", "chat", persona, user="srv-millbrook-eu-3")
    line = "Aye, the forge is cold till the iron ore comes down from the Greyback mine. Bring me five chunks and I'll make you a blade worth its salt."
    inputs = ["Wren: Hello there! Got any swords for sale?", "Wren: I brought the ore. Five chunks, here.",
              "Wren: I said I have the ore. Check my bag.", "[player gives item: iron_ore x5]",
              "Wren: Borin? The ore is on your anvil.", "[player waits]", "[player waits]", "Wren: hello??",
              "[player waits]", "[player emotes: points at ore]", "[player waits]", "Wren: ok bye", "[player waits]"]
    for k, u in enumerate(inputs):
        if k:
            s.say(line if k % 4 else line.replace("Aye, the", "Hmph. The"))
        s.ask(k * 12 + (k % 2) * 5, world(1800 + k * 6, 14, "rain", 212, 35, "inventory.iron_ore=%d\n" % (0 if k < 1 else 5)) + "\n" + u)
    s.runaway(3, 8)
    s.notes = "The NPC repeats its quest-start line after the ore is handed over; the server keeps sending 'player waits' ticks."
    out.append(s)

    s = Sess("npc_questgiver_poll", "game_npc", "responses",
             "You are Sister Maelle, the quest-giver at the Millbrook shrine. Before offering the bridge quest call get_flag('q_bridge_unlocked'); offer it only when true.",
             [("get_flag", "Read a world flag from the game server", {"flag": "flag name"})], user="srv-millbrook-eu-3")
    s.ask(0, world(2100, 9, "clear", 340, 60) + "\nWren: Sister, is there any work for me?")
    t = 0
    for k in range(15):
        s.call("get_flag", {"flag": "q_bridge_unlocked"}, None if k else "Let me see whether the bridge is ready for you.")
        t += 4
        s.result(t, json.dumps({"flag": "q_bridge_unlocked", "value": False, "reason": "requires q_lost_ore turned in at Borin"}))
    s.runaway(3, 10)
    s.notes = "The NPC polls a flag that can never change (it depends on another quest) instead of answering the player."
    out.append(s)

    s = Sess("npc_tavern_lore", "game_npc", "anthropic",
             "You are Ilsa Thornbury, innkeeper of The Drowned Lantern. Warm, gossipy, knows local legends. Max 4 sentences. Use the world state.", user="srv-millbrook-eu-3")
    conv = [("Wren: Evening! What's the news?", "Evening, love! Talk is the Greyback mine flooded again, and Borin's been grumbling since noon. Pull up a stool."),
            ("Wren: Tell me more about the mine.", "Greyback's been cursed since the old foreman sealed a shaft in the year of the red moon; miners swear they hear knocking from below. Three crews quit this spring."),
            ("Wren: Tell me more.", "Well, the knocking stops every full moon, they say, and the water rises the next morning. Old Pell reckons it's a drowned bell down there, tolling to be found."),
            ("Wren: more", "The bell belonged to the chapel that stood where the mine mouth is now; Sister Maelle keeps its rope in the shrine. Ask her, if you've the nerve."),
            ("Wren: I fixed Borin's forge!", "Ha! That explains the smoke and the singing. Drinks are on the house tonight - well, the first one."),
            ("Wren: tell me more", "Borin once forged a key for the sealed shaft and then threw it in the millpond, drunk as a goose. Kids still dive for it on Harvest Day."),
            ("Wren: More please", "If you're diving, mind the pike; one took Farmer Odo's boot and, some say, his dignity. The pond's shallow by the reeds though."),
            ("Wren: What do you know about the bridge?", "The river bridge washed out last week; the reeve won't pay for repairs till the mine's safe. Sister Maelle's been drawing plans anyway."),
            ("Wren: Tell me more about the bridge", "It's old elven stonework under the timber, they found runes when the planks went. The scholar in room four paid double to keep that quiet."),
            ("Wren: Good night, Ilsa.", "Sleep well, Wren. Room two's got the good pillow - and a lock that actually works.")]
    for k, (u, a) in enumerate(conv):
        s.ask(k * 35 + (k % 3) * 9, world(1900 + k * 20, 19 + k // 3, "fog" if k < 5 else "clear", 212 + (k > 4) * 60, 35 + k * 2) + "\n" + u)
        s.say(a)
    s.notes = "Many near-identical 'tell me more' prompts, each answered with new lore while the world state moves on."
    out.append(s)

    s = Sess("npc_guard_barks", "game_npc", "chat",
             "Write one ambient bark (max 15 words) for the named NPC, reacting to the world state. No quotes, no narration.", user="srv-millbrook-eu-3", model="gpt-4.1-mini")
    barks = ["Rain again. My boots have given up, and so have I.", "Smoke from the forge! Borin's back at it, gods help us.",
             "Heard the mine flooded. Good thing I'm paid to stand here.", "Clear skies for once. Someone tell the captain I'm smiling.",
             "Halt! Oh, it's you, Wren. Carry on, hero.", "Wolves by the old bridge last night. Stay on the road.",
             "Market day tomorrow. Keep your purses close, folks.", "Is that music from the Lantern? Lucky sods.",
             "Fog's rolling in off the river. Lanterns up, lads.", "Night watch. Quiet. Too quiet, if you ask me.",
             "Dawn already? My relief is late again.", "Fresh bread from the bakery... focus, Gerd, focus."]
    weather = ["rain", "rain", "rain", "clear", "clear", "clear", "clear", "clear", "fog", "fog", "clear", "clear"]
    for k, b in enumerate(barks):
        s.ask(k * 90, world(1700 + k * 45, (10 + k * 2) % 24, weather[k], 212 + k * 8, 35 + k) + "\nNPC: town_guard_gerd (bored, sarcastic). Generate a bark.")
        s.say(b)
    s.notes = "The same bark instruction every 90 s of game time; world state and lines differ every tick."
    out.append(s)
    return out


# ------------------------------------------------------------------ security_triage
SEC_TOOLS = [("siem_query", "Run a query against the SIEM (SPL-like). Returns up to 200 rows and a cursor.", {"query": "query", "cursor": "page cursor or ''"}),
             ("enrich_ip", "Threat-intel enrichment for an IP address", {"ip": "IPv4/IPv6"}),
             ("close_alert", "Close an alert with a disposition", {"alert_id": "id", "disposition": "benign|false_positive|true_positive", "note": "reason"}),
             ("escalate", "Hand an alert to the tier-2 agent", {"alert_id": "id", "note": "handover note"})]


def auth_rows(page, n=120):
    rows = ["_time,src_ip,user,app,result,reason,user_agent"]
    for i in range(n):
        k = page * n + i
        ip = "185.220.%d.%d" % (100 + (k * 7) % 40, (k * 31) % 250 + 2) if k % 5 else "10.12.%d.%d" % ((k // 7) % 30, k % 200 + 10)
        rows.append("2026-12-05T%02d:%02d:%02d.%03dZ,%s,%s,okta-sso,%s,%s,%s" % (
            2 + page, (i * 13) % 60, (i * 37) % 60, (k * 71) % 1000, ip,
            ["j.lindqvist", "a.mensah", "svc-backup", "r.okafor", "t.nguyen", "admin"][k % 6] + "@harrowvane.com",
            "FAILURE" if k % 5 else "SUCCESS", "INVALID_CREDENTIALS" if k % 5 else "-",
            "python-requests/2.31.0" if k % 5 else "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0"))
    return "\n".join(rows)


def security_sessions():
    out = []
    s = Sess("sec_enrich_401_retry", "security_triage", "anthropic",
             "You are a tier-1 SOC triage agent. For each alert: query the SIEM, enrich external IPs, then close or escalate with a note.", SEC_TOOLS, user="u-soc-bot-1")
    s.ask(0, "ALERT-88213 (medium): Impossible travel for m.costa@harrowvane.com - logins from Lisbon and 45.146.165.37 (Singapore) within 9 minutes.")
    s.call("siem_query", {"query": "index=okta user=m.costa@harrowvane.com earliest=-24h | table _time src_ip geo result", "cursor": ""}, "Pulling the user's sign-ins.")
    s.result(6, "_time,src_ip,geo,result\n2026-12-06T08:02:11Z,94.60.21.187,PT/Lisbon,SUCCESS\n2026-12-06T08:11:40Z,45.146.165.37,SG/Singapore,SUCCESS\n2026-12-06T08:12:02Z,45.146.165.37,SG/Singapore,SUCCESS (MFA push approved)")
    err = '{"error": {"code": 401, "message": "Unauthorized: API key expired on 2026-12-01. Renew it in the ThreatGate console.", "request_id": "tg-%s"}}'
    texts = ["Enriching the Singapore IP.", "The enrichment service returned 401. Retrying.", "Retrying the enrichment for 45.146.165.37.",
             "Still 401; trying again.", "Retrying enrich_ip.", "The threat-intel lookup failed again; retrying.", "Retrying.",
             "One more attempt at enrichment.", "Retrying enrich_ip for 45.146.165.37."]
    t = 6
    for k, m in enumerate(texts):
        s.call("enrich_ip", {"ip": "45.146.165.37"}, m)
        t += 3 + 2 * k
        s.result(t, err % ("7f%04x" % (k * 4099)))
    s.runaway(4, 8)
    s.notes = "Threat-intel key expired: a permanent 401 retried forever instead of escalating without enrichment."
    out.append(s)

    s = Sess("sec_tier_handoff_loop", "security_triage", "chat",
             "You are the tier-1 triage agent. Escalate anything with confirmed credential use to tier-2 with a complete note.", SEC_TOOLS, user="u-soc-bot-1")
    s.ask(0, "ALERT-88240 (high): Successful login for svc-backup@harrowvane.com from 185.220.101.4 (Tor exit) after 311 failures.")
    s.call("siem_query", {"query": "index=okta user=svc-backup@harrowvane.com src_ip=185.220.101.4 | stats count by result", "cursor": ""})
    s.result(5, "result,count\nFAILURE,311\nSUCCESS,1")
    note = "Credential stuffing against svc-backup from Tor exit 185.220.101.4: 311 failures then 1 success at 2026-12-06T03:14Z. Recommend disabling the account and rotating its secret."
    back = ["Returned by tier-2: 'Insufficient context - include the session activity after login.'",
            "Returned by tier-2: 'Please attach post-login activity before escalating.'",
            "Returned by tier-2: 'Missing post-authentication activity. Returning to tier-1.'"]
    t = 5
    for k in range(12):
        s.call("escalate", {"alert_id": "ALERT-88240", "note": note}, ["Confirmed credential use. Escalating.", "Re-escalating with the full note.", "Escalating again; the note covers the incident."][k % 3])
        t += 35 + k * 5
        s.result(t, back[k % 3])
    s.runaway(4, 9)
    s.notes = "Tier-2 keeps returning the alert for post-login activity; tier-1 re-sends the same note without running the query asked for."
    out.append(s)

    s = Sess("sec_queue_batch", "security_triage", "responses",
             "You triage the overnight SOC queue one alert at a time: query, enrich if external, then close or escalate.", SEC_TOOLS, user="u-soc-bot-2")
    alerts = [("ALERT-88301", "Mass file download by l.park (1,240 files from SharePoint /Finance)", "10.12.4.77", "benign", "Quarter-end export, matches ticket FIN-2291."),
              ("ALERT-88302", "PowerShell encoded command on HV-WS-0193", "10.12.9.15", "true_positive", None),
              ("ALERT-88303", "Login from new country for a.mensah (Ghana)", "41.66.201.9", "benign", "User on leave in Accra per HR calendar; MFA from enrolled device."),
              ("ALERT-88304", "DNS queries to newly registered domain x7-upd4te.com", "10.12.3.201", "true_positive", None),
              ("ALERT-88305", "Okta admin role granted to t.nguyen", "10.12.1.5", "benign", "Change CHG-7731 approved by IT director."),
              ("ALERT-88306", "Outbound SMB to internet from HV-FS-02", "10.12.0.40", "false_positive", "Azure Files mount, known destination 20.60.x.x.")]
    s.ask(0, "Work through the queue: " + ", ".join(a[0] for a in alerts) + ". Same procedure for each.")
    t = 0
    for k, (aid, desc, ip, disp, note) in enumerate(alerts):
        s.call("siem_query", {"query": "index=alerts id=%s | join host [search index=edr earliest=-2h]" % aid, "cursor": ""}, "Next: %s." % aid)
        t += 8
        s.result(t, "id,severity,rule,host,src_ip,first_seen\n%s,%s,%s,%s,%s,2026-12-06T0%d:%02d:00Z\nedr_events=%d process_tree=%s" % (
            aid, ["low", "high", "medium", "high", "medium", "medium"][k], desc, "HV-WS-%04d" % (100 + k * 31), ip, k, k * 7 + 3, 4 + k * 9,
            "powershell.exe -> cmd.exe -> certutil.exe -urlcache" if k == 1 else "explorer.exe -> msedge.exe"))
        if disp == "true_positive":
            s.call("escalate", {"alert_id": aid, "note": desc + ": confirmed malicious indicators, isolate host."})
            t += 4
            s.result(t, "Escalated %s to tier-2 (case CASE-%d)." % (aid, 5100 + k))
        else:
            s.call("close_alert", {"alert_id": aid, "disposition": disp, "note": note})
            t += 4
            s.result(t, "Closed %s as %s." % (aid, disp))
    s.notes = "Six different alerts with the same procedure; tool outputs share column headers."
    out.append(s)

    s = Sess("sec_bruteforce_pages", "security_triage", "anthropic",
             "You investigate authentication anomalies. Page through SIEM results with the cursor until exhausted, then decide.", SEC_TOOLS, user="u-soc-bot-2")
    s.ask(0, "ALERT-88317: spike of Okta failures overnight (38k). Find out whether any account was compromised.")
    t = 0
    for p in range(6):
        s.call("siem_query", {"query": "index=okta earliest=2026-12-05T02:00Z latest=2026-12-05T08:00Z | table _time src_ip user app result reason user_agent",
                              "cursor": "" if p == 0 else "c_%02d_9b1e" % p}, "Fetching the raw events." if p == 0 else None)
        t += 15 + p
        s.result(t, auth_rows(p) + ("\nnext_cursor=c_%02d_9b1e" % (p + 1) if p < 5 else "\nnext_cursor=null"))
    s.call("enrich_ip", {"ip": "185.220.101.4"}, "Failures come from 185.220.100-139.x (Tor); the successes are all from internal 10.12.x. Enriching one source to confirm.")
    s.result(t + 5, '{"ip":"185.220.101.4","asn":"AS208294","tags":["tor-exit","credential-stuffing"],"first_seen":"2024-03-02","score":92}')
    s.call("escalate", {"alert_id": "ALERT-88317", "note": "Credential stuffing from Tor exits against 6 accounts; no external success. Recommend blocking the 185.220.100.0/22 range at the IdP."}, "No compromise found. Escalating the block recommendation.")
    s.result(t + 9, "Escalated ALERT-88317 to tier-2 (case CASE-5131).")
    s.notes = "Six pages of auth logs (~14 KB each) with the same query and header, then a decision."
    out.append(s)
    return out


# ------------------------------------------------------------------ mobile_build
MOB_TOOLS = [("shell", "Run a shell command in the app repo on the macOS build agent", {"cmd": "command line"}),
             ("edit_file", "Replace text in a file", {"path": "file", "old": "old text", "new": "new text"})]

SIGN_ERR = """Command line invocation:
    /Applications/Xcode_16.1.app/Contents/Developer/usr/bin/xcodebuild -workspace Harbor.xcworkspace -scheme Harbor -configuration Release -destination generic/platform=iOS archive -archivePath build/Harbor.xcarchive

User defaults from command line:
    IDEArchivePathOverride = build/Harbor.xcarchive

Prepare packages
ComputeTargetDependencyGraph
note: Building targets in dependency order
note: Target dependency graph (4 targets)
error: No profiles for 'com.harborapp.ios' were found: Xcode couldn't find any iOS App Development provisioning profiles matching 'com.harborapp.ios'. Automatic signing is disabled and unable to generate a profile. To enable automatic signing, pass -allowProvisioningUpdates to xcodebuild. (in target 'Harbor' from project 'Harbor')

** ARCHIVE FAILED **
"""


def gradle_log(lines):
    base = []
    mods = [":core:model", ":core:network", ":core:database", ":feature:checkout", ":feature:catalog", ":app"]
    for i in range(lines):
        m = mods[i % 6]
        task = ["preBuild UP-TO-DATE", "generateReleaseBuildConfig", "kaptGenerateStubsReleaseKotlin", "compileReleaseKotlin",
                "mergeReleaseResources", "processReleaseManifest", "checkReleaseDuplicateClasses"][i % 7]
        base.append("> Task %s:%s" % (m, task))
        if i % 11 == 5:
            base.append("w: file:///builds/harbor-android/%s/src/main/java/com/harbor/%s/Mapper.kt:%d:%d 'toUpperCase(): String' is deprecated. Use uppercase() instead." % (m.replace(":", "/")[1:], m.split(":")[-1], 20 + i, 17))
    base.append("""> Task :app:checkReleaseDuplicateClasses FAILED

FAILURE: Build failed with an exception.

* What went wrong:
Execution failed for task ':app:checkReleaseDuplicateClasses'.
> A failure occurred while executing com.android.build.gradle.internal.tasks.CheckDuplicatesRunnable
   > Duplicate class kotlin.collections.jdk8.CollectionsJDK8Kt found in modules kotlin-stdlib-1.9.22 (org.jetbrains.kotlin:kotlin-stdlib:1.9.22) and kotlin-stdlib-jdk8-1.7.10 (org.jetbrains.kotlin:kotlin-stdlib-jdk8:1.7.10)
     Duplicate class kotlin.internal.jdk7.JDK7PlatformImplementations found in modules kotlin-stdlib-1.9.22 (org.jetbrains.kotlin:kotlin-stdlib:1.9.22) and kotlin-stdlib-jdk7-1.7.10 (org.jetbrains.kotlin:kotlin-stdlib-jdk7:1.7.10)

     Go to the documentation to learn how to <a href="d.android.com/r/tools/classpath-sync-errors">Fix dependency resolution errors</a>.

* Try:
> Run with --stacktrace option to get the stack trace.
> Run with --info or --debug option to get more log output.

BUILD FAILED in 2m 41s
187 actionable tasks: 43 executed, 144 up-to-date""")
    return "\n".join(base)


def mobile_sessions():
    out = []
    s = Sess("mob_signing_alternate", "mobile_build", "responses",
             "You are a release engineer agent for the Harbor iOS app. Get `make archive` green on the CI mac. Ask before touching certificates in the keychain.", MOB_TOOLS, user="u-mob-ci")
    s.ask(0, "Release 4.12 archive is failing on CI after we moved to the new Apple team. Fix it.")
    s.call("shell", {"cmd": "make archive"})
    s.result(95, SIGN_ERR)
    edits = [("Harbor.xcodeproj/project.pbxproj", "CODE_SIGN_STYLE = Manual;", "CODE_SIGN_STYLE = Automatic;", "Switching the Harbor target to automatic signing."),
             ("Harbor.xcodeproj/project.pbxproj", "CODE_SIGN_STYLE = Automatic;", "CODE_SIGN_STYLE = Manual;\n\t\t\t\tPROVISIONING_PROFILE_SPECIFIER = \"Harbor AppStore\";", "Automatic didn't help; going back to manual signing with the App Store profile name."),
             ("Harbor.xcodeproj/project.pbxproj", "DEVELOPMENT_TEAM = 8K2M4XQ7LP;", "DEVELOPMENT_TEAM = Q3HT9W2ZRB;", "Maybe the team ID is stale; updating it to the new team."),
             ("ExportOptions.plist", "<string>development</string>", "<string>app-store</string>", "Fixing the export method in ExportOptions.plist.")]
    t = 95
    for k in range(12):
        path, old, new, why = edits[k % 4]
        s.call("edit_file", {"path": path, "old": old, "new": new}, why)
        t += 5
        stale = k >= 4 and k % 4 >= 2  # the team id / export method were already replaced the first time
        s.result(t, "edit_file: no match for the old text in %s" % path if stale else "Edited %s (1 replacement)" % path)
        s.call("shell", {"cmd": "make archive"}, "The edit did not apply; building anyway to see the current state." if stale else None)
        t += 90 + k % 3 * 10
        s.result(t, SIGN_ERR)
    s.turns = s.turns[:20]
    s.runaway(6, 13)
    s.notes = "Four signing tweaks tried in turn, every archive fails with the same 'No profiles' error (the profile was never installed for the new team)."
    out.append(s)

    s = Sess("mob_gradle_growing_log", "mobile_build", "chat",
             "You are an Android build expert. Users paste Gradle output; diagnose and give exact changes.", user="u-mob-sam")
    advice = ("This is the classic kotlin-stdlib-jdk7/jdk8 duplicate after Kotlin 1.8 merged them into kotlin-stdlib. Add to app/build.gradle.kts:\n\n"
              "dependencies {\n    constraints {\n        implementation(\"org.jetbrains.kotlin:kotlin-stdlib-jdk8:1.9.22\")\n        implementation(\"org.jetbrains.kotlin:kotlin-stdlib-jdk7:1.9.22\")\n    }\n}\n\nThen run ./gradlew clean assembleRelease.")
    s.ask(0, "Release build fails:\n\n" + gradle_log(40))
    s.say(advice)
    msgs = ["Added it. Still failing, full log:", "Did clean too. Same:", "here's the log again with more context:",
            "still.", "Tried again after invalidating caches:", "Same error, full output:", "again:", "log:", "nope:", "same thing"]
    for k, m in enumerate(msgs):
        s.ask(150 + k * 170, m + "\n\n" + gradle_log(60 + 45 * k))
        s.say(advice if k % 2 else advice.replace("This is the classic", "It's still the"))
    s.turns = s.turns[:11]
    s.runaway(3, 8)
    s.notes = "The user pastes an ever longer Gradle log with the identical duplicate-class error; the model repeats the same fix (the culprit dependency is never looked for)."
    out.append(s)

    s = Sess("mob_errors_move_on", "mobile_build", "anthropic",
             "You are a build agent for the Harbor Android app. Run builds with shell and fix them.", MOB_TOOLS, user="u-mob-ci")
    s.ask(0, "Upgrade AGP to 8.7.2 and get ./gradlew assembleRelease and the unit tests green.")
    steps = [("edit_file", {"path": "gradle/libs.versions.toml", "old": "agp = \"8.2.2\"", "new": "agp = \"8.7.2\""}, "Edited gradle/libs.versions.toml (1 replacement)", "Bumping AGP."),
             ("shell", {"cmd": "./gradlew assembleRelease"}, "FAILURE: Build failed with an exception.\n* What went wrong:\nMinimum supported Gradle version is 8.9. Current version is 8.4.\nBUILD FAILED in 6s", None),
             ("shell", {"cmd": "./gradlew wrapper --gradle-version 8.10.2"}, "BUILD SUCCESSFUL in 14s\n1 actionable task: 1 executed", "AGP 8.7 needs Gradle 8.9+. Updating the wrapper."),
             ("shell", {"cmd": "./gradlew assembleRelease"}, "> Task :core:database:kaptReleaseKotlin FAILED\ne: [kapt] An exception occurred: java.lang.IllegalStateException: Room cannot verify the data in this database... schema export directory is not provided to the annotation processor\nBUILD FAILED in 1m 12s", None),
             ("edit_file", {"path": "core/database/build.gradle.kts", "old": "kapt {", "new": "room {\n    schemaDirectory(\"$projectDir/schemas\")\n}\nkapt {"}, "Edited core/database/build.gradle.kts (1 replacement)", "Room needs a schema directory now; adding it."),
             ("shell", {"cmd": "./gradlew assembleRelease"}, "BUILD SUCCESSFUL in 3m 02s\n211 actionable tasks: 198 executed, 13 up-to-date", None),
             ("shell", {"cmd": "./gradlew testReleaseUnitTest"}, "com.harbor.checkout.PriceFormatterTest > formatsEuro FAILED\n    org.junit.ComparisonFailure: expected:<1[.]234,50 €> but was:<1[ ]234,50 €>\n42 tests completed, 1 failed", "Release build is green. Running unit tests."),
             ("edit_file", {"path": "feature/checkout/src/test/java/com/harbor/checkout/PriceFormatterTest.kt", "old": "Locale(\"de\", \"DE\")", "new": "Locale.GERMANY"}, "Edited PriceFormatterTest.kt (1 replacement)", "The test built its locale by hand; the JDK 17 CLDR data differs. Using Locale.GERMANY consistently with the formatter."),
             ("shell", {"cmd": "./gradlew testReleaseUnitTest"}, "BUILD SUCCESSFUL in 48s\n42 tests completed, 0 failed", None)]
    t = 0
    for name, args, res, why in steps:
        s.call(name, args, why)
        t += 8 if name == "edit_file" else 70
        s.result(t, res)
    s.say("Done: AGP 8.7.2, Gradle 8.10.2, Room schema dir configured, the locale test fixed. Release build and all 42 unit tests pass.")
    s.ask(t + 300, "Thanks! Does the release APK size change?")
    s.notes = "Builds fail with a different error each time (Gradle version, Room kapt, a test), then pass."
    out.append(s)

    s = Sess("mob_testflight_poll", "mobile_build", "responses",
             "You upload iOS builds and wait for App Store Connect processing before adding them to the beta group. Poll politely (use the shell's `sleep`).", MOB_TOOLS, user="u-mob-ci")
    s.ask(0, "Upload build/Harbor.ipa (4.12 build 881) and add it to the 'Crew' TestFlight group when processed.")
    s.call("shell", {"cmd": "xcrun altool --upload-app -f build/Harbor.ipa -t ios --apiKey $ASC_KEY --apiIssuer $ASC_ISSUER"})
    s.result(240, "UPLOAD SUCCEEDED with no errors\nDelivery UUID: 3c2f8a11-6d0e-4b8e-9e55-1a7d2c9f0b34\nTransferred 148290331 bytes in 231.402 seconds (640.8KB/s)")
    states = [("PROCESSING", None), ("PROCESSING", None), ("PROCESSING", None), ("PROCESSING", "ITMS-90078 warning"), ("PROCESSING", None), ("VALID", None)]
    t = 240
    wait = 60
    for k, (st, w) in enumerate(states):
        s.call("shell", {"cmd": "sleep %d && asc builds list --app 1598823340 --version 4.12 --build 881 --output json" % wait},
               "Uploaded. Waiting for processing." if k == 0 else None)
        t += wait + 3
        wait = min(wait * 2, 600)
        s.result(t, json.dumps({"data": [{"id": "b8d1f0e2-%04d" % 881, "attributes": {"version": "881", "processingState": st,
                                 "uploadedDate": "2026-12-06T11:04:19Z", "expirationDate": "2027-03-06T11:04:19Z",
                                 "warnings": [w] if w else [], "checkedAt": "2026-12-06T11:%02d:%02dZ" % (8 + t // 60 % 50, t % 60)}}]}, sort_keys=True))
    s.call("shell", {"cmd": "asc testflight groups add-builds --group Crew --build b8d1f0e2-0881"}, "Processing finished (VALID). Adding to Crew.")
    s.result(t + 6, "Added build 881 to group 'Crew' (23 testers). Notification emails queued.")
    s.notes = "Polling App Store Connect with doubling waits; the state stays PROCESSING five times, then VALID, then the job completes."
    out.append(s)
    return out


# ------------------------------------------------------------------ recipe_planner (tool-less)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PLAN_NUTS = """Here's your week (family of 4, under 40 minutes on weeknights):

Monday - Chicken satay skewers with peanut sauce, jasmine rice, cucumber salad
Tuesday - Pesto pasta (basil, pine nuts, parmesan) with roasted cherry tomatoes
Wednesday - Sheet-pan salmon, potatoes and green beans with almond gremolata
Thursday - Beef and broccoli stir-fry with cashews, brown rice
Friday - Homemade pizza night (margherita + veggie)
Saturday - Slow-cooker chili, cornbread
Sunday - Roast chicken, carrots, gravy; walnut brownies for dessert

Shopping list highlights: chicken thighs (1.5 kg), salmon (4 fillets), beef sirloin (600 g), peanuts, pine nuts, almonds, cashews, walnuts."""


def recipe_sessions():
    out = []
    s = Sess("recipe_nuts_ignored", "recipe_planner", "chat",
             "You are a friendly family meal planner. Produce a 7-day dinner plan with a short shopping list. Respect every dietary constraint.", user="u-home-leena")
    s.ask(0, "Plan dinners for next week for 2 adults and 2 kids (7 and 10). Weeknights under 40 minutes please.")
    s.say(PLAN_NUTS)
    follow = ["Oh I forgot - my son has a tree nut AND peanut allergy. Please redo it with no nuts at all.",
              "This still has peanut sauce, pine nuts, almonds, cashews and walnuts. NO NUTS please.",
              "Same plan again. Remove every nut, including pesto and satay.",
              "You keep giving me the satay. My son could end up in hospital. Nut-free plan, please.",
              "Still nuts. Just replace Monday, Tuesday, Wednesday, Thursday and Sunday.",
              "It's identical. Please try from scratch.",
              "Again the same plan.", "Nut. Free.", "I give up. One more try?", "same"]
    for k, f in enumerate(follow):
        s.ask(120 + k * 75 + (k % 2) * 20, f)
        s.say(PLAN_NUTS.replace("Here's your week", ["Sorry about that! Here's a nut-free week", "Apologies. Updated nut-free plan", "You're right, here is the revised week"][k % 3]))
    s.turns = s.turns[:11]
    s.runaway(4, 8)
    s.notes = "After the allergy is stated the model keeps re-issuing the same plan full of nuts under 'sorry, nut-free' headers."
    out.append(s)

    s = Sess("recipe_agent_cycle", "recipe_planner", "anthropic",
             "You are the Planner agent. The Family agent relays family feedback on your plan; revise the plan to satisfy it and reply with the full plan.", user="u-home-bot-pair")
    p_fish = "Tuesday: Lemon-garlic baked cod, rice pilaf, peas. (Other days unchanged: Mon tacos, Wed lentil soup, Thu chicken curry, Fri pizza, Sat burgers, Sun roast.)"
    p_chicken = "Tuesday: Honey-mustard chicken drumsticks, rice pilaf, peas. (Other days unchanged: Mon tacos, Wed lentil soup, Thu chicken curry, Fri pizza, Sat burgers, Sun roast.)"
    p_veg = "Tuesday: Chickpea and spinach coconut curry, rice, naan. (Other days unchanged: Mon tacos, Wed lentil soup, Thu chicken curry, Fri pizza, Sat burgers, Sun roast.)"
    fb = ["[Family agent] Mum: we need more fish, the doctor said omega-3 twice a week. Please change Tuesday to fish.",
          "[Family agent] Kids: we hate fish. Ben refuses cod. Please make Tuesday chicken like before.",
          "[Family agent] Dad: there's already chicken on Thursday; two chicken nights is too much. Make Tuesday vegetarian.",
          ]
    s.ask(0, "[Family agent] Please plan dinners; base plan: Mon tacos, Tue chicken, Wed lentil soup, Thu chicken curry, Fri pizza, Sat burgers, Sun roast. " + fb[0])
    s.say(p_fish)
    for k in range(1, 17):
        s.ask(k * 25 + (k % 3) * 4, fb[k % 3] + (" (Relayed again.)" if k >= 3 and k % 2 else ""))
        s.say([p_fish, p_chicken, p_veg][k % 3])
    s.runaway(4, 10)
    s.notes = "Two agents cycle fish -> chicken -> vegetarian -> fish (period 3); the Family agent never reconciles the conflicting wishes."
    out.append(s)

    s = Sess("recipe_week_continue", "recipe_planner", "responses",
             "You write a detailed weekly meal plan day by day: for each day give dinner with ingredients, steps and a make-ahead tip. Stop after each day.", user="u-home-tomas")
    s.ask(0, "Family of 3, one vegetarian (me), budget about 90 EUR for the week, we have a slow cooker. Start with Monday.")
    meals = [("Monday", "Black bean and sweet potato chili (slow cooker)", "1 onion, 2 sweet potatoes, 2 cans black beans, 1 can tomatoes, cumin, smoked paprika, lime", "Chop everything the night before; set the slow cooker on low for 7 hours before work."),
             ("Tuesday", "Halloumi and vegetable traybake with couscous", "250 g halloumi, 2 peppers, 1 courgette, red onion, 200 g couscous, lemon, oregano", "Cut the vegetables on Monday while the chili cooks."),
             ("Wednesday", "Leftover chili quesadillas with a quick slaw", "tortillas, cheddar, leftover chili, half a red cabbage, carrot, yoghurt", "Make the slaw dressing on Tuesday; it keeps 3 days."),
             ("Thursday", "Mushroom and spinach risotto (chicken thighs on the side for the others)", "300 g arborio, 400 g mushrooms, spinach, parmesan, 4 chicken thighs", "Roast the thighs while you stir; use the same oven tray as Tuesday."),
             ("Friday", "Homemade flatbread pizzas", "flour, yoghurt, passata, mozzarella, olives, leftover peppers", "The 2-ingredient dough can rest in the fridge from the morning."),
             ("Saturday", "Slow-cooker dal with rice and garlic naan", "300 g red lentils, coconut milk, ginger, garlic, garam masala, naan", "Freeze half the dal for a future lunch."),
             ("Sunday", "Roast vegetables, nut roast for me and a small roast chicken", "1.4 kg chicken, chestnuts, breadcrumbs, carrots, parsnips, potatoes", "Boil the chicken carcass for stock for Monday's chili next week.")]
    prompts = ["continue", "next day", "continue please - and Thursday my partner wants meat", "continue", "go on", "continue", "Now the shopping list with prices."]
    for k, (d, name, ing, tip) in enumerate(meals):
        s.say("%s - %s\nIngredients: %s.\nSteps: %s\nMake-ahead: %s" % (d, name, ing, ["brown the onion, add everything, cook low 7 h", "roast 30 min at 200 C, couscous in the last 5 min", "fill, fold, pan-fry 3 min a side", "toast rice, add stock ladle by ladle for 18 min", "roll thin, top, bake 10 min at 240 C", "simmer lentils in coconut milk 6 h on low", "chicken 1 h 20 at 190 C, nut roast 45 min"][k], tip))
        s.ask(60 + k * 95 + (k % 2) * 30, prompts[k])
    s.say("Shopping list (approx. Lidl prices): vegetables 21.40, beans/lentils/tins 8.90, dairy and halloumi 17.80, grains and bread 9.60, chicken 13.20, spices and sundries 7.10. Total about 78 EUR.")
    s.ask(900, "Swap Saturday's dal for something with eggs; the kid is off lentils.")
    s.notes = "Repeated 'continue' prompts, each answered with the next day's new recipe, then a shopping list."
    out.append(s)

    s = Sess("recipe_list_tweaks", "recipe_planner", "chat",
             "Help the user finalise this week's meal plan and shopping list. Show only what changed unless asked for the full list.", user="u-home-leena", model="gpt-4.1-mini")
    s.ask(0, "Plan: Mon stir-fry, Tue fish tacos, Wed minestrone, Thu shepherd's pie, Fri pizza, Sat paella, Sun roast beef. Give the shopping list grouped by aisle.")
    s.say("Produce: 2 peppers, 1 broccoli, spring onions, 6 carrots, 4 celery sticks, 2 courgettes, 1.5 kg potatoes, limes, cabbage, onions (6), garlic.\nMeat/fish: 500 g chicken breast, 400 g white fish, 500 g lamb mince, 300 g chorizo, 400 g prawns, 1.2 kg beef topside.\nDairy: mozzarella (2), butter, milk.\nDry goods: rice noodles, tortillas, ditalini, passata (2), tinned tomatoes (2), cannellini beans, paella rice, saffron, stock cubes.\nBakery: pizza bases (2).")
    tweaks = [("Swap lamb mince for beef mince, cheaper.", "Changed: Meat - 500 g lamb mince -> 500 g beef mince (so it's a cottage pie now)."),
              ("Paella: no prawns, my daughter won't eat them. Use chicken thighs.", "Changed: Meat/fish - removed 400 g prawns; added 600 g chicken thighs."),
              ("We already have garlic, rice noodles and stock cubes.", "Removed: garlic, rice noodles, stock cubes."),
              ("Make Friday pizza dough from scratch instead of bases.", "Changed: Bakery - pizza bases removed; Dry goods - add 500 g strong flour, 7 g dried yeast."),
              ("Double the minestrone for lunches.", "Changed: carrots 6 -> 9, celery 4 -> 7, ditalini 1 -> 2 packs, cannellini 1 -> 2 tins, tinned tomatoes 2 -> 3."),
              ("Add breakfast stuff: oats, bananas, yoghurt.", "Added: Produce - 6 bananas; Dairy - 1 kg natural yoghurt; Dry goods - 1 kg oats."),
              ("Now show the whole list.", "Produce: 2 peppers, 1 broccoli, spring onions, 9 carrots, 7 celery sticks, 2 courgettes, 1.5 kg potatoes, limes, cabbage, onions (6), 6 bananas.\nMeat/fish: 500 g chicken breast, 400 g white fish, 500 g beef mince, 300 g chorizo, 600 g chicken thighs, 1.2 kg beef topside.\nDairy: mozzarella (2), butter, milk, 1 kg yoghurt.\nDry goods: tortillas, 2 packs ditalini, passata (2), 3 tinned tomatoes, 2 cannellini, paella rice, saffron, 500 g strong flour, yeast, 1 kg oats."),
              ("Perfect. Estimated total?", "Roughly 96-104 GBP at a mid-range supermarket; the beef topside (~14) and saffron (~4) are the priciest items.")]
    for k, (u, a) in enumerate(tweaks):
        s.ask(80 + k * 55 + (k % 3) * 25, u)
        s.say(a)
    s.notes = "Small successive edits to the same list, each a different change."
    out.append(s)
    return out


# ------------------------------------------------------------------ crawler_extract
CR_TOOLS = [("fetch_url", "HTTP GET a URL; returns status, headers and body (HTML truncated at 40 KB)", {"url": "absolute URL"}),
            ("save_records", "Append extracted product records (JSON lines) to the output dataset", {"records": "JSON array of products"})]

SHOP_HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | Kettle & Co. Kitchenware</title>
<link rel="stylesheet" href="/static/css/main.8c1f3a.css"><script src="/static/js/consent.js" defer></script>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body class="catalog">
<header class="site-header"><a class="logo" href="/">Kettle &amp; Co.</a><nav><a href="/c/cookware">Cookware</a> <a href="/c/knives">Knives</a> <a href="/c/bakeware">Bakeware</a> <a href="/c/coffee-tea">Coffee &amp; Tea</a> <a href="/c/storage">Storage</a> <a href="/sale">Sale</a></nav>
<form action="/search"><input name="q" placeholder="Search 4,000+ products"></form><a href="/account">Account</a> <a href="/basket">Basket (0)</a></header>
<div class="banner">Free UK delivery over &pound;40 &middot; 30-day returns &middot; Price match promise</div>
<main><h1>%s</h1><p class="count">Showing %d-%d of %d products</p><ul class="grid">
"""
SHOP_FOOT = """</ul>%s</main>
<footer><div class="cols"><div><h4>Help</h4><a href="/help/delivery">Delivery</a> <a href="/help/returns">Returns</a> <a href="/help/contact">Contact us</a></div>
<div><h4>About</h4><a href="/about">Our story</a> <a href="/careers">Careers</a> <a href="/press">Press</a></div>
<div><h4>Legal</h4><a href="/terms">Terms</a> <a href="/privacy">Privacy</a> <a href="/cookies">Cookies</a></div></div>
<p class="small">&copy; 2026 Kettle &amp; Co. Ltd, Unit 4 Riverside Works, Sheffield S3 8EN. Company no. 09817263. VAT GB 233 8812 09.</p>
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"event":"view_item_list","list":"catalog"});</script></footer></body></html>"""

ADJ = ["Classic", "Pro", "Heritage", "Everyday", "Nordic", "Artisan", "Compact", "Signature"]
ITEM = ["Stainless Saucepan 18cm", "Cast Iron Skillet 26cm", "Non-stick Frying Pan 28cm", "Chef's Knife 20cm", "Bread Knife 23cm",
        "Loaf Tin 900g", "Springform Cake Tin 23cm", "Pour-over Coffee Dripper", "Cafetiere 8-cup", "Glass Storage Jar 1L",
        "Enamel Casserole 24cm", "Santoku Knife 17cm", "Muffin Tray 12-cup", "Tea Infuser Mug", "Wok 30cm Carbon Steel"]


def product(k):
    return ('<li class="product" data-sku="KC-%05d"><a href="/p/kc-%05d"><img src="/img/kc-%05d-400.webp" alt="" loading="lazy">'
            '<h2 class="name">%s %s</h2></a><span class="price">&pound;%d.%02d</span>%s<span class="rating" data-stars="%.1f">(%d reviews)</span>'
            '<button class="add" data-sku="KC-%05d">Add to basket</button></li>\n' % (
                10000 + k * 17, 10000 + k * 17, 10000 + k * 17, ADJ[k % 8], ITEM[(k * 7) % 15], 8 + (k * 13) % 140, (k * 37) % 100,
                '<span class="was">&pound;%d.00</span>' % (20 + (k * 13) % 140) if k % 6 == 0 else "", 3.5 + (k % 15) / 10, 3 + (k * 29) % 400, 10000 + k * 17))


def page(cat, p, per=24, total=190, nxt=True, nxt_url=None):
    lo = (p - 1) * per
    body = SHOP_HEAD % (cat, cat, lo + 1, min(lo + per, total), total) + "".join(product(lo + i + hash_cat(cat)) for i in range(min(per, total - lo)))
    nav = '<nav class="pager"><a rel="next" href="%s">Next &rsaquo;</a></nav>' % (nxt_url or "/c/%s?page=%d" % (cat.lower().replace(" ", "-"), p + 1)) if nxt else ""
    return "HTTP/1.1 200 OK\ncontent-type: text/html; charset=utf-8\ncache-control: max-age=300\nx-served-by: cache-lhr-egll1980069-LHR\n\n" + body + SHOP_FOOT % nav


def hash_cat(cat):
    return sum(ord(c) for c in cat) * 3


def recs(cat, p, per=24, total=190):
    lo = (p - 1) * per
    return json.dumps([{"sku": "KC-%05d" % (10000 + (lo + i + hash_cat(cat)) * 17)} for i in range(min(per, total - lo))][:6])


def crawler_sessions():
    out = []
    s = Sess("crawl_403_forever", "crawler_extract", "chat",
             "You are a product-catalogue extraction agent. Fetch category pages, extract products, save them, follow the next link. Respect robots.txt and blocks.", CR_TOOLS, user="u-data-feeds")
    s.ask(0, "Extract all products from https://www.pantrypal-store.co.uk/c/baking (category has ~300 items).")
    blocked = ("HTTP/1.1 403 Forbidden\nserver: cloudflare\ncf-ray: 8f2%03da1b9c4e21-LHR\ncontent-type: text/html\n\n<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>"
               "<h1>Sorry, you have been blocked</h1><h2>You are unable to access pantrypal-store.co.uk</h2><p>This website is using a security service to protect itself from online attacks. "
               "The action you just performed triggered the security solution.</p><p>Cloudflare Ray ID: 8f2%03da1b9c4e21 &bull; Your IP: 34.89.112.7</p></body></html>")
    texts = ["Fetching the first page.", "Got a 403 from Cloudflare. Retrying.", "Still blocked; retrying the request.", "Trying again.",
             "Retrying the category page.", "403 again, retrying.", "Retrying the fetch.", "Another attempt.", "Retrying.", "Trying once more.", "Retrying the page."]
    t = 0
    for k, m in enumerate(texts):
        s.call("fetch_url", {"url": "https://www.pantrypal-store.co.uk/c/baking" + ("" if k % 3 else "?page=1")}, m)
        t += 4 + 3 * k
        s.result(t, blocked % (k * 7 % 1000, k * 7 % 1000))
    s.runaway(3, 8)
    s.notes = "A Cloudflare block page (permanent) fetched again and again; the ray id changes, nothing else."
    out.append(s)

    s = Sess("crawl_pager_cycle", "crawler_extract", "anthropic",
             "Extract every product from the given category, page by page, via the rel=next link. Save records after each page.", CR_TOOLS, user="u-data-feeds")
    s.ask(0, "Crawl https://www.kettleandco.co.uk/c/knives and save all products.")
    t = 0
    seq = [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2]
    for k, p in enumerate(seq):
        url = "https://www.kettleandco.co.uk/c/knives" + ("" if p == 1 else "?page=%d" % p)
        s.call("fetch_url", {"url": url}, "Fetching %s." % url.split("/")[-1] if k < 4 else None)
        t += 6
        s.result(t, page("Knives", p, total=72, nxt_url="/c/knives?page=1" if p == 3 else None))
        s.call("save_records", {"records": recs("Knives", p, total=72)})
        t += 2
        s.result(t, "Saved 24 records (dataset total: %d)" % (24 * (k + 1)))
    s.turns = s.turns[:18]
    s.runaway(8, 13)
    s.notes = "Page 3's 'Next' link points back to page 1; the agent re-crawls pages 1-3 in a cycle of period 6 turns, saving duplicates."
    out.append(s)

    s = Sess("crawl_pages_with_503", "crawler_extract", "responses",
             "You are a product-catalogue extraction agent. Fetch category pages, extract products, save them, follow the next link until there is none. Back off on 5xx.", CR_TOOLS, user="u-data-feeds")
    s.ask(0, "Extract Cookware from https://www.kettleandco.co.uk/c/cookware (expect ~190 products).")
    t = 0
    for p in range(1, 9):
        url = "https://www.kettleandco.co.uk/c/cookware" + ("" if p == 1 else "?page=%d" % p)
        if p == 5:
            s.call("fetch_url", {"url": url})
            t += 31
            s.result(t, "HTTP/1.1 503 Service Unavailable\nretry-after: 30\ncontent-type: text/html\n\n<html><body><h1>We'll be right back</h1><p>Our shop is busy. Please try again in a moment.</p></body></html>")
            s.call("fetch_url", {"url": url}, "503 with retry-after 30. Waiting 30s and retrying page 5.")
            t += 33
        else:
            s.call("fetch_url", {"url": url}, None)
            t += 5
        s.result(t, page("Cookware", p, nxt=p < 8))
        s.call("save_records", {"records": recs("Cookware", p)}, "Page %d parsed." % p)
        t += 2
        s.result(t, "Saved %d records (dataset total: %d)" % (min(24, 190 - (p - 1) * 24), min(190, p * 24)))
    s.notes = "Eight catalogue pages (~12 KB each, same header/footer/markup), one 503 retried after retry-after; no next link on page 8."
    out.append(s)

    s = Sess("crawl_robots_respectful", "crawler_extract", "chat",
             "You extract product data for price comparison. Fetch robots.txt first and skip disallowed paths. Report blocked sections instead of retrying them.", CR_TOOLS, user="u-data-feeds", model="gpt-4.1-mini")
    s.ask(0, "Get products from https://www.hobnob-home.com for the Storage and Coffee categories.")
    s.call("fetch_url", {"url": "https://www.hobnob-home.com/robots.txt"})
    s.result(3, "HTTP/1.1 200 OK\ncontent-type: text/plain\n\nUser-agent: *\nDisallow: /basket\nDisallow: /account\nDisallow: /c/coffee-tea/subscriptions\nCrawl-delay: 10\nSitemap: https://www.hobnob-home.com/sitemap.xml")
    t = 3
    plan = [("https://www.hobnob-home.com/c/storage", page("Storage", 1, total=40), "robots allows /c/storage; crawl delay 10s. Fetching Storage."),
            ("https://www.hobnob-home.com/c/storage?page=2", page("Storage", 2, total=40, nxt=False), None),
            ("https://www.hobnob-home.com/c/coffee-tea", "HTTP/1.1 502 Bad Gateway\nserver: nginx\n\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>", "Storage done (40 products). Fetching Coffee."),
            ("https://www.hobnob-home.com/c/coffee-tea", page("Coffee Tea", 1, total=30), "A 502; waiting 20s and retrying once."),
            ("https://www.hobnob-home.com/c/coffee-tea?page=2", page("Coffee Tea", 2, total=30, nxt=False), None)]
    for url, res, why in plan:
        s.call("fetch_url", {"url": url}, why)
        t += 12 if "502" not in res else 14
        if why and "retrying once" in why:
            t += 20
        s.result(t, res)
    s.call("save_records", {"records": json.dumps([{"sku": "KC-%05d" % (10000 + i * 17)} for i in range(8)])}, "All pages fetched; saving.")
    s.result(t + 3, "Saved 70 records (dataset total: 70)")
    s.say("Done: 40 Storage and 30 Coffee & Tea products saved. Skipped /c/coffee-tea/subscriptions (disallowed by robots.txt). One 502 on Coffee page 1 succeeded on retry.")
    s.ask(t + 200, "Thanks. Can you also do the Sale page?")
    s.call("fetch_url", {"url": "https://www.hobnob-home.com/sale"})
    s.result(t + 212, page("Sale", 1, total=12, nxt=False))
    s.notes = "robots.txt honoured, two categories paged, one 502 retried once with success."
    out.append(s)
    return out


STYLES = [infra_sessions, notebook_sessions, legal_sessions, game_sessions, security_sessions, mobile_sessions, recipe_sessions, crawler_sessions]


# ------------------------------------------------------------------ validation
class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def tool_names(req, shape):
    names = set()
    for t in req.get("tools", []):
        names.add(t["function"]["name"] if shape == "chat" else t["name"])
    return names


def check_chat(req):
    need(isinstance(req.get("model"), str) and isinstance(req.get("messages"), list) and req["messages"], "chat: model/messages")
    msgs = req["messages"]
    need(msgs[0]["role"] == "system", "chat: system first")
    declared = tool_names(req, "chat")
    open_ids = set()
    for m in msgs[1:]:
        need(m["role"] in ("user", "assistant", "tool"), "chat: role %s" % m["role"])
        if m["role"] == "tool":
            need(m["tool_call_id"] in open_ids, "chat: tool message answers unknown call %s" % m["tool_call_id"])
            open_ids.discard(m["tool_call_id"])
            need(isinstance(m["content"], str), "chat: tool content")
            continue
        need(not open_ids, "chat: unanswered tool calls before a %s message" % m["role"])
        if m["role"] == "assistant":
            for c in m.get("tool_calls", []):
                need(c["type"] == "function" and c["function"]["name"] in declared, "chat: undeclared tool")
                json.loads(c["function"]["arguments"])
                open_ids.add(c["id"])
            need(m.get("tool_calls") or isinstance(m.get("content"), str), "chat: empty assistant")
        else:
            need(isinstance(m["content"], str) and m["content"], "chat: user content")
    need(msgs[-1]["role"] in ("user", "tool"), "chat: request must end with user/tool input")


def check_responses(req):
    need(isinstance(req.get("model"), str) and isinstance(req.get("input"), list) and req["input"], "responses: model/input")
    need("previous_response_id" not in req and isinstance(req.get("max_output_tokens"), int), "responses: fields")
    declared = tool_names(req, "responses")
    calls = set()
    for it in req["input"]:
        typ = it.get("type", "message")
        if typ == "message":
            need(it["role"] in ("user", "assistant"), "responses: role")
        elif typ == "function_call":
            need(it["name"] in declared, "responses: undeclared tool %s" % it["name"])
            json.loads(it["arguments"])
            need(it["call_id"] not in calls, "responses: duplicate call id")
            calls.add(it["call_id"])
        elif typ == "function_call_output":
            need(it["call_id"] in calls, "responses: output for unknown call %s" % it["call_id"])
            calls.discard(it["call_id"])
        else:
            raise Invalid("responses: item type %s" % typ)
    last = req["input"][-1]
    need(last.get("type") == "function_call_output" or last.get("role") == "user", "responses: must end with input")


def check_anthropic(req):
    need(isinstance(req.get("model"), str) and isinstance(req.get("max_tokens"), int), "anthropic: model/max_tokens")
    need(isinstance(req.get("system"), str), "anthropic: system")
    msgs = req["messages"]
    need(msgs and msgs[0]["role"] == "user" and msgs[-1]["role"] == "user", "anthropic: starts and ends with user")
    declared = tool_names(req, "anthropic")
    prev_uses = set()
    for i, m in enumerate(msgs):
        need(m["role"] == ("user" if i % 2 == 0 else "assistant"), "anthropic: roles must alternate")
        blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        if m["role"] == "assistant":
            uses = set()
            for b in blocks:
                need(b["type"] in ("text", "tool_use"), "anthropic: assistant block")
                if b["type"] == "tool_use":
                    need(b["name"] in declared and isinstance(b["input"], dict), "anthropic: tool_use")
                    uses.add(b["id"])
            prev_uses = uses
        else:
            results = {b["tool_use_id"] for b in blocks if b["type"] == "tool_result"}
            need(results == prev_uses, "anthropic: tool_result must answer exactly the preceding tool_use blocks")
            for b in blocks:
                need(b["type"] in ("text", "tool_result"), "anthropic: user block")
            prev_uses = set()


CHECKS = {"chat": check_chat, "responses": check_responses, "anthropic": check_anthropic}
HIST = {"chat": "messages", "responses": "input", "anthropic": "messages"}


def validate(doc, stateless):
    need(set(doc) <= {"name", "style", "shape", "path", "headers", "expected", "turns", "notes"}, "fields")
    need(doc["path"] == PATHS[doc["shape"]], "path")
    need(8 <= len(doc["turns"]) <= 30, "8-30 turns, got %d" % len(doc["turns"]))
    exp = doc["expected"]
    if exp["outcome"] == "runaway":
        need(2 <= exp["loop_begins_turn"] <= exp["stop_by_turn"] < len(doc["turns"]), "B <= D < number of turns")
    else:
        need(exp == {"outcome": "healthy"}, "expected")
    prev_t, prev_h = 0, None
    for n, turn in enumerate(doc["turns"], 1):
        need(isinstance(turn["at_seconds"], int) and turn["at_seconds"] >= prev_t, "at_seconds turn %d" % n)
        prev_t = turn["at_seconds"]
        try:
            CHECKS[doc["shape"]](turn["request"])
        except (Invalid, KeyError, TypeError, ValueError) as e:
            raise Invalid("turn %d: %s" % (n, e))
        h = turn["request"][HIST[doc["shape"]]]
        if prev_h is not None and not stateless:
            need(len(h) > len(prev_h) and h[:len(prev_h)] == prev_h, "turn %d does not extend turn %d" % (n, n - 1))
        prev_h = h


def build():
    files = {}
    sessions = [s for f in STYLES for s in f()]
    ids = set()
    for s in sessions:
        d = s.doc()
        validate(d, s.stateless)
        need(d["headers"]["x-session-id"] not in ids, "duplicate session id")
        ids.add(d["headers"]["x-session-id"])
        files[os.path.join("heldout", s.name + ".json")] = json.dumps(d, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    shapes = {}
    for s in sessions:
        shapes[s.shape] = shapes.get(s.shape, 0) + 1
    need(all(shapes.get(k, 0) >= 8 for k in PATHS), "every shape at least 8 times: %s" % shapes)
    for style in {s.style for s in sessions}:
        kinds = [s.expected["outcome"] for s in sessions if s.style == style]
        need(sorted(kinds) == ["healthy", "healthy", "runaway", "runaway"], "2+2 per style: " + style)
    files[os.path.join("tuning", ".gitkeep")] = ""
    return sessions, files


def main():
    sessions, files = build()
    if "--check" in sys.argv:
        bad = []
        for rel, text in sorted(files.items()):
            p = os.path.join(ROOT, rel)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != text:
                bad.append(rel)
        for sub in ("heldout", "tuning"):
            d = os.path.join(ROOT, sub)
            for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                if os.path.join(sub, f) not in files:
                    bad.append(os.path.join(sub, f) + " (not generated)")
        for rel in sorted(files):
            p = os.path.join(ROOT, rel)
            if rel.endswith(".json") and os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    d = json.load(f)  # every file on disk must parse and validate on its own
                validate(d, d["name"] == "legal_stateless_qa")
        if bad:
            print("corpus_d differs from the generator:\n  " + "\n  ".join(bad))
            sys.exit(1)
        print("corpus_d OK: %d sessions, all requests valid, files match" % len(sessions))
        return
    for rel, text in files.items():
        p = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    table = {}
    for s in sessions:
        table.setdefault((s.style, s.expected["outcome"], s.shape), 0)
        table[(s.style, s.expected["outcome"], s.shape)] += 1
    for s in sessions:
        e = s.expected
        print("%-26s %-18s %-9s %-8s turns=%2d %s" % (s.name, s.style, s.shape, e["outcome"], len(s.turns),
                                                  "B=%d D=%d" % (e["loop_begins_turn"], e["stop_by_turn"]) if e["outcome"] == "runaway" else ""))


if __name__ == "__main__":
    main()
