#!/usr/bin/env python3
"""Records LLM traffic for `tollgate simulate` (standard library only): a small reverse
proxy put between the clients and the provider (or in front of Envoy) that forwards every
request unchanged and appends one JSON line per request to a file:

    {"ts": UNIX_SECONDS, "method": "POST", "path": "/v1/chat/completions",
     "headers": {...}, "body": {...}, "status": 200, "usage": {...}}

    python3 scripts/record_traffic.py --listen 127.0.0.1:8081 \\
        --upstream https://api.openai.com --out traffic.jsonl

`usage` is the provider's own usage object (OpenAI/Responses `usage`, Anthropic `usage`
with the stream's `message_delta` output, Gemini `usageMetadata`), read from the JSON
body or the last SSE event that carries one. Secrets are not recorded: `authorization`,
`x-api-key`, `x-goog-api-key`, `api-key` and cookies are dropped. Responses are relayed
after they are complete (streams are buffered), so use it to record, not in production.
"""
import argparse, http.server, json, threading, time, urllib.error, urllib.request

SECRET = {"authorization", "x-api-key", "x-goog-api-key", "api-key", "cookie", "proxy-authorization"}
HOP = {"host", "connection", "content-length", "transfer-encoding", "accept-encoding", "keep-alive"}
lock = threading.Lock()


def usage_of(data: bytes):
    def pick(doc):
        if not isinstance(doc, dict):
            return None
        if "usageMetadata" in doc:
            return doc["usageMetadata"]
        for holder in (doc, doc.get("response") or {}, doc.get("message") or {}):
            if isinstance(holder, dict) and isinstance(holder.get("usage"), dict):
                return holder["usage"]
        return None
    try:
        return pick(json.loads(data))
    except ValueError:
        pass
    found, merged = None, {}
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith("data:"):
            try:
                u = pick(json.loads(line[5:].strip()))
            except ValueError:
                continue
            if u:
                merged.update(u)  # Anthropic: message_start input, message_delta output
                found = merged
    return found


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        n = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(n) if n else b""
        ts = int(time.time())
        req = urllib.request.Request(self.server.upstream + self.path, data=body or None, method=self.command)
        for k, v in self.headers.items():
            if k.lower() not in HOP:
                req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=600) as r:
                status, rheaders, data = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, rheaders, data = e.code, e.headers, e.read()
        self.send_response(status)
        for k, v in rheaders.items():
            if k.lower() not in HOP:
                self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        try:
            recorded_body = json.loads(body) if body else None
        except ValueError:
            recorded_body = body.decode("utf-8", "replace")
        line = {"ts": ts, "method": self.command, "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()
                            if k.lower() not in SECRET and k.lower() not in HOP},
                "body": recorded_body, "status": status, "usage": usage_of(data)}
        with lock, open(self.server.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")

    do_PUT = do_POST

    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listen", default="127.0.0.1:8081")
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    host, port = a.listen.rsplit(":", 1)
    srv = http.server.ThreadingHTTPServer((host, int(port)), Proxy)
    srv.upstream, srv.out = a.upstream.rstrip("/"), a.out
    print(f"recording {a.listen} -> {a.upstream} into {a.out}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
