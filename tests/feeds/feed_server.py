#!/usr/bin/env python3
"""A feed server for the aggregator's tests: real HTTP on loopback.

Usage: feed_server.py DIR  -- serves DIR's files, prints "PORT <n>" once it
listens, and runs until its standard input closes (so it never outlives the
test that started it).

  /feed/NAME          DIR/NAME as application/rss+xml, with an ETag; answers
                      304 to a matching If-None-Match (conditional GET)
  /wrong-type/NAME    the same, sent as text/html (a common mistake)
  /gzip/NAME          the same, gzip-encoded
  /redirect/N/NAME    N redirects (relative Location), then /feed/NAME
  /loop               a redirect loop
  /slow               sends a little, then nothing for a minute
  /huge               50 MB of feed, streamed without a Content-Length
  /status/CODE        an empty answer with that status
  /requests           how many requests each path got (JSON), for the tests
"""
import gzip
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = sys.argv[1]
COUNTS = {}
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def count(self):
        with LOCK:
            COUNTS[self.path] = COUNTS.get(self.path, 0) + 1

    def send_body(self, status, body, ctype="application/rss+xml", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def serve_file(self, name, ctype, encode=False):
        path = os.path.join(ROOT, os.path.basename(name))
        if not os.path.isfile(path):
            return self.send_body(404, b"not found", "text/plain")
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = [("ETag", etag), ("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT")]
        if encode:
            data = gzip.compress(data)
            headers.append(("Content-Encoding", "gzip"))
        self.send_body(200, data, ctype, headers)

    def do_GET(self):
        self.count()
        parts = self.path.split("?")[0].strip("/").split("/")
        kind = parts[0]
        if kind == "feed" and len(parts) == 2:
            return self.serve_file(parts[1], "application/rss+xml")
        if kind == "wrong-type" and len(parts) == 2:
            return self.serve_file(parts[1], "text/html; charset=utf-8")
        if kind == "gzip" and len(parts) == 2:
            return self.serve_file(parts[1], "application/xml", encode=True)
        if kind == "redirect" and len(parts) == 3:
            n = int(parts[1])
            target = "../%d/%s" % (n - 1, parts[2]) if n > 1 else "/feed/" + parts[2]
            return self.send_body(302, b"", "text/plain", [("Location", target)])
        if kind == "loop":
            return self.send_body(302, b"", "text/plain", [("Location", "/loop")])
        if kind == "slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                self.wfile.write(b"<rss version='2.0'><channel>")
                self.wfile.flush()
                for _ in range(600):
                    time.sleep(0.1)
                    if stopping.is_set():
                        break
            except OSError:
                pass
            self.close_connection = True
            return
        if kind == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<item><title>filler</title><link>http://huge.example/</link></item>" * 1000
            sent = 0
            try:
                self.wfile.write(b"%x\r\n%s\r\n" % (28, b"<rss version='2.0'><channel>"))
                while sent < 50 * 1024 * 1024:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            self.close_connection = True
            return
        if kind == "status" and len(parts) == 2:
            return self.send_body(int(parts[1]), b"", "text/plain")
        if kind == "requests":
            with LOCK:
                body = json.dumps(COUNTS).encode()
            return self.send_body(200, body, "application/json")
        self.send_body(404, b"not found", "text/plain")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


stopping = threading.Event()
server = Server(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("PORT %d" % server.server_address[1], flush=True)
sys.stdin.read()  # until the test closes our standard input (or exits)
stopping.set()
server.shutdown()
