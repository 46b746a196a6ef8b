#!/usr/bin/env python3
"""A demo receiver for keyhound's lifecycle events: verifies the Standard Webhooks signature, drops repeats by
webhook-id, prints each event on one line. Usage: KEYHOUND_WEBHOOK_SECRET=whsec_... webhook-receiver.py [PORT]"""
import base64, hashlib, hmac, json, os, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = base64.b64decode(os.environ["KEYHOUND_WEBHOOK_SECRET"].removeprefix("whsec_"))
seen = set()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        msg_id, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "")
        want = base64.b64encode(hmac.new(SECRET, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest())
        given = [s.split(",", 1)[1].encode() for s in self.headers.get("webhook-signature", "").split() if "," in s]
        if not any(hmac.compare_digest(want, g) for g in given):
            self.send_response(401), self.end_headers()
            print("rejected: bad signature", flush=True)
            return
        if msg_id not in seen:
            seen.add(msg_id)
            e = json.loads(body)
            d = e["data"]
            print(f"{e['type']:28} key={d['key']['id'] if d.get('key') else '-'} owner={d['owner']['type']}:"
                  f"{d['owner']['id']} verified-signature webhook-id={msg_id}", flush=True)
        self.send_response(204), self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8901), Handler).serve_forever()
