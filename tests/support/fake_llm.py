"""A local fake OpenAI-compatible chat server for tests: scripted replies, no model, no network.

It speaks just enough of POST /v1/chat/completions (plain JSON, and `"stream": true` as
server-sent events) for langchain-openai to talk to it, and each test scripts what comes back:
a fixed text, a delay, an HTTP error, or a body that is not JSON. Every request body is kept so a
test can check what was sent, or that nothing was.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted response."""

    text: str = ""
    delay: float = 0.0  # seconds before anything is sent
    status: int = 200  # anything else sends an OpenAI-style error body
    body: bytes | None = None  # sent as-is with status 200 (garbage, wrong shape)
    chunk_delay: float = 0.0  # seconds between streamed pieces
    pieces: list[str] | None = None  # how the text is streamed; default: word by word


class FakeLLM:
    """`with FakeLLM() as llm:` → a server at `llm.url` ("http://127.0.0.1:<port>/v1")."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._script: list[Reply] = [Reply("")]
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # a short poll interval so that stop() returns at once instead of after 0.5 s
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    # -- control ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply | str) -> None:
        """Queue replies; the last one is repeated for any further request."""
        with self._lock:
            self._script = [r if isinstance(r, Reply) else Reply(r) for r in replies] or [Reply("")]

    def _next(self) -> Reply:
        with self._lock:
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def start(self) -> "FakeLLM":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers sleeping on a scripted delay
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeLLM":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- HTTP ---------------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # the connection closes after each reply: no framing

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except json.JSONDecodeError:
                    body = {}
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found"}})
                    return
                fake.requests.append(body)
                reply = fake._next()
                if reply.delay and fake._stop.wait(reply.delay):
                    return
                try:
                    if reply.status != 200:
                        self._json(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                    elif reply.body is not None:
                        self._raw(200, reply.body)
                    elif body.get("stream"):
                        self._stream(body, reply)
                    else:
                        self._json(200, _completion(body, reply.text))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to clean up

            def _raw(self, status: int, data: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _json(self, status: int, obj: Any) -> None:
                self._raw(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"))

            def _stream(self, body: dict[str, Any], reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                pieces = reply.pieces if reply.pieces is not None else _words(reply.text)
                self._event(_chunk(body, {"role": "assistant", "content": ""}))
                for piece in pieces:
                    if reply.chunk_delay and fake._stop.wait(reply.chunk_delay):
                        return
                    self._event(_chunk(body, {"content": piece}))
                self._event(_chunk(body, {}, finish="stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, obj: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n\n")
                self.wfile.flush()

        return Handler


def _words(text: str) -> list[str]:
    """Split text into streamed pieces that concatenate back to it exactly."""
    out: list[str] = []
    for i, word in enumerate(text.split(" ")):
        out.append(word if i == 0 else " " + word)
    return [p for p in out if p]


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
