"""Real OTLP receivers for the tests, shared by the tracing and meta-package test folders.

``OtlpGrpcReceiver`` implements the OTLP TraceService and MetricsService over gRPC and
``OtlpHttpReceiver`` accepts ``POST /v1/traces`` and ``/v1/metrics``; both listen on 127.0.0.1
(port 0), decode the official ``opentelemetry-proto`` messages into ``ReceivedSpan`` and
``ReceivedMetric`` objects, expose ``.endpoint`` and the thread-safe ``.spans`` and
``.metrics`` (``.store`` and ``.metric_store`` to wait on), keep each span export request as
received (``.requests``), and stop with ``.stop()``.
``port=`` binds a given port instead, so a test can stop a receiver and start another where it
was (a collector restarted). The protobuf and gRPC modules are imported only when a receiver
is built, so this module imports in every matrix cell.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import grpc
    from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
        ExportMetricsServiceRequest,
    )
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )
    from opentelemetry.proto.common.v1.common_pb2 import AnyValue

_T = TypeVar("_T")


@dataclass(frozen=True)
class ReceivedSpan:
    """A span as a receiver decoded it (the same shape for every transport)."""

    name: str
    kind: str
    start_ns: int
    end_ns: int
    attributes: dict[str, Any]
    resource: dict[str, Any]
    scope: str
    status_code: str
    status_message: str
    trace_id: int
    span_id: int
    parent_span_id: int | None


@dataclass(frozen=True)
class ReceivedPoint:
    """One histogram data point as a receiver decoded it."""

    attributes: dict[str, Any]
    count: int
    sum: float
    bucket_counts: tuple[int, ...]
    explicit_bounds: tuple[float, ...]
    min: float
    max: float


@dataclass(frozen=True)
class ReceivedMetric:
    """A histogram metric of one export request, as a receiver decoded it."""

    name: str
    unit: str
    description: str
    temporality: str
    points: tuple[ReceivedPoint, ...]
    resource: dict[str, Any]
    scope: str


class Store(Generic[_T]):
    """A thread-safe list of what a receiver decoded, that tests can wait on."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._items: list[_T] = []

    def add(self, items: Sequence[_T]) -> None:
        with self._changed:
            self._items.extend(items)
            self._changed.notify_all()

    @property
    def spans(self) -> list[_T]:
        """A snapshot of what arrived so far."""
        with self._changed:
            return list(self._items)

    def wait_for(self, count: int, timeout_s: float = 20.0) -> list[_T]:
        """Wait until ``count`` items arrived (or the timeout); return the snapshot."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._items) >= count, timeout_s)
            return list(self._items)


SpanStore = Store[ReceivedSpan]
MetricStore = Store[ReceivedMetric]


def _any_value(value: AnyValue) -> object:
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return tuple(_any_value(item) for item in value.array_value.values)
    if kind == "kvlist_value":
        return {item.key: _any_value(item.value) for item in value.kvlist_value.values}
    return None if kind is None else getattr(value, kind)


def decode_request(request: ExportTraceServiceRequest) -> list[ReceivedSpan]:
    """Flatten an OTLP ``ExportTraceServiceRequest`` into ``ReceivedSpan`` objects."""
    from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

    decoded = []
    for resource_spans in request.resource_spans:
        resource = {kv.key: _any_value(kv.value) for kv in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                decoded.append(
                    ReceivedSpan(
                        name=span.name,
                        kind=Span.SpanKind.Name(span.kind).removeprefix("SPAN_KIND_"),
                        start_ns=span.start_time_unix_nano,
                        end_ns=span.end_time_unix_nano,
                        attributes={kv.key: _any_value(kv.value) for kv in span.attributes},
                        resource=resource,
                        scope=scope_spans.scope.name,
                        status_code=Status.StatusCode.Name(span.status.code).removeprefix(
                            "STATUS_CODE_"
                        ),
                        status_message=span.status.message,
                        trace_id=int.from_bytes(span.trace_id, "big"),
                        span_id=int.from_bytes(span.span_id, "big"),
                        parent_span_id=int.from_bytes(span.parent_span_id, "big") or None,
                    )
                )
    return decoded


def decode_metrics(request: ExportMetricsServiceRequest) -> list[ReceivedMetric]:
    """Flatten an OTLP ``ExportMetricsServiceRequest``'s histograms into ``ReceivedMetric``s."""
    from opentelemetry.proto.metrics.v1.metrics_pb2 import AggregationTemporality

    decoded = []
    for resource_metrics in request.resource_metrics:
        resource = {kv.key: _any_value(kv.value) for kv in resource_metrics.resource.attributes}
        for scope_metrics in resource_metrics.scope_metrics:
            for metric in scope_metrics.metrics:
                assert metric.WhichOneof("data") == "histogram", metric.name
                histogram = metric.histogram
                decoded.append(
                    ReceivedMetric(
                        name=metric.name,
                        unit=metric.unit,
                        description=metric.description,
                        temporality=AggregationTemporality.Name(
                            histogram.aggregation_temporality
                        ).removeprefix("AGGREGATION_TEMPORALITY_"),
                        points=tuple(
                            ReceivedPoint(
                                attributes={kv.key: _any_value(kv.value) for kv in p.attributes},
                                count=p.count,
                                sum=p.sum,
                                bucket_counts=tuple(p.bucket_counts),
                                explicit_bounds=tuple(p.explicit_bounds),
                                min=p.min,
                                max=p.max,
                            )
                            for p in histogram.data_points
                        ),
                        resource=resource,
                        scope=scope_metrics.scope.name,
                    )
                )
    return decoded


class OtlpGrpcReceiver:
    """An OTLP/gRPC TraceService on 127.0.0.1 that decodes every export it receives."""

    def __init__(self, port: int = 0) -> None:
        import grpc
        from opentelemetry.proto.collector.metrics.v1 import (
            metrics_service_pb2,
            metrics_service_pb2_grpc,
        )
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

        self.store = SpanStore()
        self.metric_store = MetricStore()
        self.requests: list[ExportTraceServiceRequest] = []
        store = self.store
        metric_store = self.metric_store
        requests = self.requests

        class TraceService(trace_service_pb2_grpc.TraceServiceServicer):
            def Export(  # noqa: N802 - the generated service's method name
                self, request: ExportTraceServiceRequest, context: grpc.ServicerContext
            ) -> trace_service_pb2.ExportTraceServiceResponse:
                requests.append(request)
                store.add(decode_request(request))
                return trace_service_pb2.ExportTraceServiceResponse()

        class MetricsService(metrics_service_pb2_grpc.MetricsServiceServicer):
            def Export(  # noqa: N802 - the generated service's method name
                self, request: ExportMetricsServiceRequest, context: grpc.ServicerContext
            ) -> metrics_service_pb2.ExportMetricsServiceResponse:
                metric_store.add(decode_metrics(request))
                return metrics_service_pb2.ExportMetricsServiceResponse()

        self._executor = ThreadPoolExecutor(max_workers=4)
        self._server = grpc.server(self._executor)
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(  # type: ignore[no-untyped-call]
            TraceService(), self._server
        )
        metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(  # type: ignore[no-untyped-call]
            MetricsService(), self._server
        )
        port = self._server.add_insecure_port(f"127.0.0.1:{port}")
        self._server.start()
        self.endpoint = f"http://127.0.0.1:{port}"

    @property
    def spans(self) -> list[ReceivedSpan]:
        return self.store.spans

    @property
    def metrics(self) -> list[ReceivedMetric]:
        return self.metric_store.spans

    def stop(self) -> None:
        self._server.stop(grace=None).wait()
        self._executor.shutdown(wait=True)


class OtlpHttpReceiver:
    """An OTLP/HTTP receiver on 127.0.0.1: ``POST /v1/traces`` with a protobuf body."""

    def __init__(self, port: int = 0) -> None:
        from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
            ExportMetricsServiceRequest,
            ExportMetricsServiceResponse,
        )
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
            ExportTraceServiceRequest,
            ExportTraceServiceResponse,
        )

        self.store = SpanStore()
        self.metric_store = MetricStore()
        self.requests: list[ExportTraceServiceRequest] = []
        self.paths: list[str] = []
        receiver = self
        replies = {
            "/v1/traces": ExportTraceServiceResponse().SerializeToString(),
            "/v1/metrics": ExportMetricsServiceResponse().SerializeToString(),
        }

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.paths.append(self.path)
                reply = replies.get(self.path)
                if reply is None:
                    self.send_error(404)
                    return
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path == "/v1/traces":
                    spans = ExportTraceServiceRequest.FromString(body)
                    receiver.requests.append(spans)
                    receiver.store.add(decode_request(spans))
                else:
                    request = ExportMetricsServiceRequest.FromString(body)
                    receiver.metric_store.add(decode_metrics(request))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep the test output quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def spans(self) -> list[ReceivedSpan]:
        return self.store.spans

    @property
    def metrics(self) -> list[ReceivedMetric]:
        return self.metric_store.spans

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
