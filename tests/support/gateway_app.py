"""A WSGI gateway for the gunicorn tests: each request records one LLM call (run by gunicorn).

``GET /call?provider=openai&model=gpt-4o&input=100&output=10&latency=0.25`` records that call
with a ``GatewayMetricsMiddleware`` (in multiprocess mode under gunicorn) and answers ``ok``;
every parameter has a default. ``GET /hang`` records its call too, then writes the worker's
pid to the file named by ``GATEWAY_HANG_FILE`` and sleeps, so a test can SIGKILL a worker
that holds a request (and whose files hold that one call). Imported by gunicorn's workers
(``gateway_app:app``), never by pytest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs

from ractogateway.metrics import GatewayMetricsMiddleware

metrics = GatewayMetricsMiddleware()


def app(environ: dict[str, object], start_response: Callable[..., object]) -> Iterable[bytes]:
    """Record the call the query describes; ``/hang`` then holds the worker (see above)."""
    query = {key: values[0] for key, values in parse_qs(str(environ["QUERY_STRING"])).items()}
    metrics.record_request(
        provider=query.get("provider", "openai"),
        model=query.get("model", "gpt-4o"),
        operation="chat",
        status="ok",
        latency_s=float(query.get("latency", "0.25")),
        input_tokens=int(query.get("input", "100")),
        output_tokens=int(query.get("output", "10")),
    )
    if environ.get("PATH_INFO") == "/hang":
        Path(os.environ["GATEWAY_HANG_FILE"]).write_text(str(os.getpid()))
        time.sleep(60)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
    return [b"ok\n"]
