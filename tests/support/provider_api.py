"""A local stand-in for the OpenAI, Anthropic and Gemini HTTP APIs, for the providers' SDKs.

``ProviderApi`` is a threaded HTTP server on 127.0.0.1 that the official ``openai``,
``anthropic`` and ``google-genai`` clients talk to (``base_url=api.url``): a test queues the
answer to the next request with ``api.reply(path, body)`` (JSON) or ``api.stream(path,
events)`` (server-sent events, as each provider frames them), makes the SDK call, and reads
the request the SDK really sent in ``api.requests``. ``api.fail(path, status, body)`` queues a
provider error instead (the provider's error JSON with an HTTP error status), and
``ProviderApi(delay_s=...)`` makes every answer wait that long first, as a provider takes
time to answer. A request for another path, or a second request with nothing queued, is
answered 400 with the reason, and the reason is kept in ``api.errors`` so the test can fail
on it. The payloads themselves are checked against the SDKs' own types by
``provider_payloads.validate`` before they are queued.

Only the standard library at import time: every cell imports tests/support.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["ProviderApi", "Request"]


@dataclass(frozen=True)
class Request:
    """One request an SDK sent: its path (query string included) and its JSON body."""

    path: str
    body: dict[str, Any]


@dataclass
class _Answer:
    path: str
    body: dict[str, Any] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    #: SSE framing: "openai" (data lines, then [DONE]), "named" (event: + data:, Anthropic and
    #: the OpenAI Responses API) or "gemini" (data lines, CRLF-separated, no terminator).
    framing: str = "openai"
    status: int = 200


class ProviderApi:
    """The local provider API (see the module docstring); ``close()`` stops it."""

    def __init__(self, *, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.requests: list[Request] = []
        self.errors: list[str] = []
        self._answers: list[_Answer] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                api._answer(self, Request(self.path, body))

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # shutdown() waits for the serving loop's next poll: 0.05 s, not the default 0.5 s.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply(self, path: str, body: dict[str, Any]) -> None:
        """Answer the next request, which must be a POST to ``path``, with the JSON ``body``."""
        with self._lock:
            self._answers.append(_Answer(path, body=body))

    def stream(self, path: str, events: list[dict[str, Any]], framing: str) -> None:
        """Answer the next request to ``path`` with ``events`` as server-sent events."""
        assert framing in ("openai", "named", "gemini"), framing
        with self._lock:
            self._answers.append(_Answer(path, events=events, framing=framing))

    def fail(self, path: str, status: int, body: dict[str, Any]) -> None:
        """Answer the next request to ``path`` with the error ``body`` and HTTP ``status``."""
        assert status >= 400, status
        with self._lock:
            self._answers.append(_Answer(path, body=body, status=status))

    def close(self) -> None:
        """Stop the server and its thread."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def _answer(self, handler: BaseHTTPRequestHandler, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            answer = self._answers.pop(0) if self._answers else None
        path = request.path.split("?")[0]
        if answer is None or answer.path != path:
            expected = None if answer is None else answer.path
            reason = f"unexpected request {request.path} (queued: {expected})"
            self.errors.append(reason)
            self._send(handler, 400, "application/json", json.dumps({"error": reason}).encode())
            return
        if self.delay_s:
            time.sleep(self.delay_s)
        if answer.body is not None:
            body = json.dumps(answer.body).encode()
            self._send(handler, answer.status, "application/json", body)
            return
        self._send(handler, 200, "text/event-stream", _frame(answer.events, answer.framing))

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, kind: str, data: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


def _frame(events: list[dict[str, Any]], framing: str) -> bytes:
    """Frame ``events`` as the provider's server-sent events."""
    if framing == "named":
        text = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)
    elif framing == "gemini":
        text = "".join(f"data: {json.dumps(e)}\r\n\r\n" for e in events)
    else:
        text = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    return text.encode()
