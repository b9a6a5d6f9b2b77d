"""The official OTLP span exporters with a fast span encoder in place of ``encode_spans``.

The official OTLP span exporters spend most of an export in ``encode_spans``
(opentelemetry-exporter-otlp-proto-common), which builds a protobuf object per span, per
attribute and per value: about 100 µs for one of our spans, against about 2 µs to parse the
finished request from its bytes. ``encode`` writes the request's protobuf wire format
directly and parses it back into the same ``ExportTraceServiceRequest``, so the exporters get
the message they expect; everything else (channel, TLS, headers, compression, retries,
timeouts, environment variables) stays the official exporters'.

What ``encode`` writes decodes to a message equal to ``encode_spans``' for the same spans
(tests/tracing/test_otlp.py, property tests over random spans): each resource and scope, in
first-seen order, is encoded by ``encode_spans`` itself (once, then reused), and each span
field as ``encode_spans`` sets it. A batch holding anything else (events, links, an attribute
value that is not a str, bool, int64, float or a tuple or list of those, a string that is not
valid UTF-8) is handed to ``encode_spans`` whole.

``fast_exporter_class`` subclasses an official exporter class, rebinding the methods that
call the module-level ``encode_spans`` to call ``encode`` instead (the borrowed names are in
``_borrowed``); for OTLP/HTTP, which serializes the request at once, ``encode_serialized``
hands it the bytes without the parse. Where an exporter release has no such method, the
official class is used as it is, with one warning.
"""

from __future__ import annotations

import importlib
import types
from struct import Struct
from typing import TYPE_CHECKING, Any, cast

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.trace import SpanKind, StatusCode

from ractogateway.tracing._borrowed import Borrowed, BorrowedNameError, fall_back

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from opentelemetry.sdk.trace import ReadableSpan
    from opentelemetry.sdk.trace.export import SpanExporter

__all__ = ["Encoded", "encode", "encode_bytes", "encode_serialized", "fast_exporter_class"]

_DOUBLE = Struct("<d").pack
_FIXED64 = Struct("<Q").pack
_BYTE = tuple(bytes((n,)) for n in range(128))
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
#: Entries kept per cache before it starts afresh (values of a gateway repeat: models, ...).
_CACHE_SIZE = 4096
#: Span flags: the parent's remoteness is known (always), the parent is remote.
_HAS_IS_REMOTE, _IS_REMOTE = 0x100, 0x200
#: A span's flags field (tag 16, fixed32), by flags.
_FLAGS = {
    flags: b"\x85\x01" + flags.to_bytes(4, "little")
    for flags in (_HAS_IS_REMOTE, _HAS_IS_REMOTE | _IS_REMOTE)
}
#: A span's kind field (tag 6): the API's SpanKind.INTERNAL is 0, OTLP's 1, and so on.
_KINDS = {kind: b"\x30" + bytes((kind.value + 1,)) for kind in SpanKind}
#: A span's status field (tag 15) without a message, by code (UNSET, the default, left out).
_CODES = {
    code: b"\x7a\x02\x18" + bytes((code.value,)) if code.value else b"\x7a\x00"
    for code in StatusCode
}


def _varint(n: int) -> bytes:
    """A non-negative int as a protobuf varint."""
    if n < 0x80:
        return _BYTE[n]
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _field(tag: bytes, payload: bytes) -> bytes:
    """A length-delimited field: tag, length, payload."""
    size = len(payload)
    return tag + (_BYTE[size] if size < 0x80 else _varint(size)) + payload


class _Unsupported(Exception):  # noqa: N818 - a signal, not an error
    """A span ``encode`` does not write itself: the batch goes to ``encode_spans``."""


def _scalar(value: object) -> bytes:
    """An ``AnyValue`` holding a str, bool, int64 or float (exactly those types)."""
    kind = type(value)
    if kind is str:
        return _field(b"\x0a", cast("str", value).encode())
    if kind is bool:
        return b"\x10\x01" if value else b"\x10\x00"
    if kind is int:
        number = cast("int", value)
        if not _INT64_MIN <= number <= _INT64_MAX:
            raise _Unsupported
        return b"\x18" + _varint(number if number >= 0 else number + (1 << 64))
    if kind is float:
        return b"\x21" + _DOUBLE(value)
    raise _Unsupported


class _Encoder:
    """Writes spans as protobuf; caches what repeats (keys, str, int and bool values, envelopes)."""

    def __init__(self) -> None:
        #: (key, value) -> the whole KeyValue field, for str and int values (bools apart:
        #: True == 1); key -> the KeyValue field up to a double's 8 bytes, for floats.
        self._values: dict[tuple[str, object], bytes] = {}
        self._bools: dict[tuple[str, bool], bytes] = {}
        self._floats: dict[str, bytes] = {}
        self._envelopes: dict[tuple[int, int], tuple[object, object, bytes, bytes]] = {}

    def _attribute(self, key: str, value: object) -> bytes:
        """One ``KeyValue`` field (tag 9 of a span), cached where its value repeats."""
        if type(key) is not str:
            raise _Unsupported
        head = _field(b"\x0a", key.encode())
        kind = type(value)
        if kind is float:
            prefix = _field(b"\x4a", head + b"\x12\x09\x21" + _DOUBLE(0.0))[:-8]
            if len(self._floats) < _CACHE_SIZE:
                self._floats[key] = prefix
            return prefix + _DOUBLE(value)
        if kind is tuple or kind is list:
            items = b"".join([_field(b"\x0a", _scalar(item)) for item in value])  # type: ignore[attr-defined]
            return _field(b"\x4a", head + _field(b"\x12", _field(b"\x2a", items)))
        encoded = _field(b"\x4a", head + _field(b"\x12", _scalar(value)))
        cache = self._bools if kind is bool else self._values
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[(key, value)] = encoded  # type: ignore[index]
        return encoded

    def _attributes(self, attributes: Mapping[str, object], parts: list[bytes]) -> None:
        """Append the ``KeyValue`` fields of ``attributes`` to ``parts``."""
        values, bools, floats = self._values, self._bools, self._floats
        for key, value in attributes.items():
            kind = type(value)
            if kind is float:
                prefix = floats.get(key)
                encoded = None if prefix is None else prefix + _DOUBLE(value)
            elif kind is bool:
                encoded = bools.get((key, value))  # type: ignore[arg-type]
            else:
                encoded = values.get((key, value)) if kind is str or kind is int else None
            parts.append(encoded or self._attribute(key, value))

    def span(self, span: ReadableSpan) -> bytes:
        """One ``Span`` field of a ``ScopeSpans``, as ``encode_spans`` fills it."""
        if span.events or span.links:
            raise _Unsupported
        context = span.context
        parent = span.parent
        parts = [
            b"\x0a\x10",
            context.trace_id.to_bytes(16, "big"),
            b"\x12\x08",
            context.span_id.to_bytes(8, "big"),
        ]
        state = context.trace_state
        if state:
            parts.append(_field(b"\x1a", ",".join([f"{k}={v}" for k, v in state.items()]).encode()))
        flags = _HAS_IS_REMOTE
        if parent is not None:
            parts += (b"\x22\x08", parent.span_id.to_bytes(8, "big"))
            if parent.is_remote:
                flags |= _IS_REMOTE
        name = span.name
        if name:
            parts.append(_field(b"\x2a", name.encode()))
        parts.append(_KINDS[span.kind])
        start, end = span.start_time, span.end_time
        if start:
            parts += (b"\x39", _FIXED64(start))
        if end:
            parts += (b"\x41", _FIXED64(end))
        attributes = span.attributes
        if attributes:
            self._attributes(attributes, parts)
        for tag, count in (
            (b"\x50", span.dropped_attributes),
            (b"\x60", span.dropped_events),
            (b"\x70", span.dropped_links),
        ):
            if count:
                parts += (tag, _varint(count))
        status = span.status
        code, message = status.status_code, status.description
        if message:
            parts.append(_field(b"\x7a", _CODES[code][2:] + _field(b"\x12", message.encode())))
        else:
            parts.append(_CODES[code])
        parts.append(_FLAGS[flags])
        body = b"".join(parts)
        size = len(body)
        return b"\x12" + (_BYTE[size] if size < 0x80 else _varint(size)) + body

    def envelope(self, span: ReadableSpan) -> tuple[bytes, bytes]:
        """A span's ``ResourceSpans`` and ``ScopeSpans`` without spans, by ``encode_spans``."""
        resource, scope = span.resource, span.instrumentation_scope or None
        key = (id(resource), id(scope))
        found = self._envelopes.get(key)
        if found is not None and found[0] is resource and found[1] is scope:
            return found[2], found[3]
        (resource_spans,) = encode_spans([span]).resource_spans
        (scope_spans,) = resource_spans.scope_spans
        scope_spans.ClearField("spans")
        scope_part = scope_spans.SerializeToString()
        resource_spans.ClearField("scope_spans")
        resource_part = resource_spans.SerializeToString()
        if len(self._envelopes) >= 64:
            self._envelopes.clear()
        self._envelopes[key] = (resource, scope, resource_part, scope_part)
        return resource_part, scope_part

    def request(self, spans: Sequence[ReadableSpan]) -> bytes:
        """The serialized ``ExportTraceServiceRequest``, grouped as ``encode_spans`` groups.

        By resource, then scope, each in first-seen order (by equality, as dict keys); a run
        of spans with the same resource and scope objects skips the look-ups.
        """
        groups: dict[object, dict[object, tuple[ReadableSpan, list[bytes]]]] = {}
        last: tuple[object, object, list[bytes]] = (None, None, [])
        span_bytes = self.span
        for span in spans:
            resource, scope = span.resource, span.instrumentation_scope or None
            if resource is not last[0] or scope is not last[1] or resource is None:
                by_scope = groups.setdefault(resource, {})
                if scope not in by_scope:
                    by_scope[scope] = (span, [])
                last = (resource, scope, by_scope[scope][1])
            last[2].append(span_bytes(span))
        out = []
        for by_scope in groups.values():
            resource_part = b""
            scopes = []
            for first, encoded in by_scope.values():
                resource_part, scope_part = self.envelope(first)
                scopes.append(_field(b"\x12", scope_part + b"".join(encoded)))
            out.append(_field(b"\x0a", resource_part + b"".join(scopes)))
        return b"".join(out)


_ENCODER = _Encoder()


def encode_bytes(spans: Sequence[ReadableSpan]) -> bytes:
    """``encode_spans(spans).SerializeToString()``, in meaning, at a fraction of its cost."""
    try:
        return _ENCODER.request(spans)
    except Exception:  # _Unsupported, or a span unlike the SDK's: the official encoder decides
        return encode_spans(spans).SerializeToString()


def encode(spans: Sequence[ReadableSpan]) -> ExportTraceServiceRequest:
    """What ``encode_spans(spans)`` returns (an equal message), built from ``encode_bytes``."""
    try:
        data = _ENCODER.request(spans)
    except Exception:  # as in encode_bytes
        return encode_spans(spans)
    return ExportTraceServiceRequest.FromString(data)


class Encoded:
    """A request ``encode_bytes`` wrote, for an exporter that only serializes it (OTLP/HTTP).

    ``SerializeToString`` and ``SerializePartialToString`` return those bytes as they are;
    any other attribute is the ``ExportTraceServiceRequest`` parsed from them (once), so code
    that reads the request finds the official message.
    """

    __slots__ = ("_data", "_message")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._message: ExportTraceServiceRequest | None = None

    def SerializeToString(self, **_options: object) -> bytes:  # noqa: N802 - protobuf's name
        """The request's bytes (already in field order: nothing to make deterministic)."""
        return self._data

    SerializePartialToString = SerializeToString

    def __getattr__(self, name: str) -> Any:
        if self._message is None:
            self._message = ExportTraceServiceRequest.FromString(self._data)
        return getattr(self._message, name)


def encode_serialized(spans: Sequence[ReadableSpan]) -> Encoded | ExportTraceServiceRequest:
    """``encode`` for exporters that serialize the request at once: no parse, no serialize."""
    try:
        return Encoded(_ENCODER.request(spans))
    except Exception:  # as in encode_bytes
        return encode_spans(spans)


def _rebound(function: Callable[..., Any], encoder: Callable[..., object]) -> Callable[..., Any]:
    """``function`` with ``encoder`` in place of its module's ``encode_spans``."""
    scope = dict(function.__globals__)
    scope["encode_spans"] = encoder
    rebound = types.FunctionType(
        function.__code__, scope, function.__name__, function.__defaults__, function.__closure__
    )
    rebound.__kwdefaults__ = function.__kwdefaults__
    rebound.__doc__ = function.__doc__
    return rebound


def fast_exporter_class(
    official: type[SpanExporter], entry: Borrowed, encoder: Callable[..., object] = encode
) -> type[SpanExporter]:
    """``official`` with ``encoder`` in place of ``encode_spans``; ``official`` if it cannot be.

    ``entry`` names the exporter module's ``encode_spans``: the methods of ``official`` that
    call it (``export``, ``_translate_data`` or ``_serialize_spans``, by release) are rebound.
    ``encoder`` is ``encode`` (a message, as the gRPC stub needs) or ``encode_serialized``
    (for an exporter that serializes the request at once, OTLP/HTTP). Never raises: where that
    name is missing or not the official encoder, or no method calls it, ``official`` is
    returned and one warning logged.
    """
    try:
        module = importlib.import_module(entry.owner)
        if getattr(module, entry.name, None) is not encode_spans:
            raise BorrowedNameError(entry, "is not the official encode_spans")
        methods = {
            name: function
            for name, function in vars(official).items()
            if isinstance(function, types.FunctionType) and entry.name in function.__code__.co_names
        }
        if not methods:
            raise BorrowedNameError(entry, f"is not called by {official.__name__}'s methods")
    except Exception as error:  # BorrowedNameError, or anything an exporter release raises
        fall_back(str(error) if isinstance(error, BorrowedNameError) else repr(error), _OFFICIAL)
        return official
    body: dict[str, object] = {
        name: _rebound(function, encoder) for name, function in methods.items()
    }
    body["__doc__"] = official.__doc__
    body["__module__"] = __name__
    return type(official.__name__, (official,), body)


_OFFICIAL = "spans are encoded by the exporter's own encode_spans (the same bytes, slower)"
