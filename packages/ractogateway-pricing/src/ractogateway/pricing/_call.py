"""``Call``: one LLM call as every recorder reads it — named once, made safe once, priced once.

A call's values are stated once, in ``Call``; ``make_call`` is the one place they are made
safe (``Sanitizer``'s rules) and priced. The tracer's span builder, its GenAI metrics, its
in-memory rows and the Prometheus recorder all read a ``Call`` by field name. The kit helper
(``ractogateway.telemetry.Telemetry``) builds one per call and hands the same record to
both recorders; ``record_chat_span``, ``record_embed_span`` and ``record_request`` build one
from their keywords.

Adding a field to a call touches ``Call``, its rule in ``make_call`` and the readers that
use it (``Call.__doc__`` lists them per field).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, NoReturn

from ractogateway.pricing._cost import billed_usd, cost_usd
from ractogateway.pricing._counts import MAX_LATENCY_MS, MAX_TEXT
from ractogateway.pricing._model import SERVICE_TIERS, ModelPricing, service_tier
from ractogateway.pricing._sanitize import Sanitizer, shown

__all__ = [
    "CACHE_HITS",
    "DROP_REASONS",
    "DURATION_BUCKETS_S",
    "OPERATIONS",
    "STATUSES",
    "Call",
    "Lookup",
    "SafeValues",
    "error_name",
    "made_safe",
    "make_call",
    "priced",
]

#: ``operation`` of a chat call, a streamed chat call and an embedding call.
OPERATIONS = ("chat", "stream", "embed")
STATUSES = ("ok", "error")
CACHE_HITS = ("exact", "semantic", "miss")
#: The latency buckets (s) of both the Prometheus histogram and the GenAI duration metrics:
#: the OpenTelemetry GenAI semantic conventions' advice, 0.01 s doubling to 81.92 s.
DURATION_BUCKETS_S = (
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
)  # fmt: skip
#: Why a tracer drops spans: the ``reason`` of its drop listeners and of
#: ``ractogateway_dropped_spans_total``.
DROP_REASONS = ("queue_full", "export_failed", "shutdown")

#: A price table's resolver: model id -> its price, or None if unknown.
Lookup = Callable[[str], "ModelPricing | None"]

_INF = math.inf
_ZERO = 0  # the int 0 CPython keeps: zero parts are tested by identity (make_call)
#: Label tuples a sanitiser remembers as safe, with their price (then new ones are checked
#: on every call, as before).
_MAX_KNOWN = 4096
_MAX_LATENCY_S = MAX_LATENCY_MS / 1000
#: Counts up to this are checked inline: it is CPython's largest one-digit ("compact") int, and
#: compact ints compare in a few instructions (``MAX_COUNT``, or 2**30, in a few hundred);
#: larger ones, up to ``MAX_COUNT``, take the slow path.
_SMALL = 2**30 - 1
_MISS = "miss"  # the usual cache_hit, tested by identity before the tuple
_NO_TOOLS = ()  # the empty tuple CPython keeps: no tools, tested by identity
_KNOWN_CACHE_HITS = frozenset(CACHE_HITS)


#: A call's fields, in the order ``make_call`` takes them (``cost_usd`` is computed there).
_FIELDS = (
    "operation",
    "provider",
    "model",
    "status",
    "error_type",
    "latency_ms",
    "latency_s",
    "end_ns",
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "cache_write_long_tokens",
    "reasoning_tokens",
    "cost_usd",
    "cache_hit",
    "tool_calls",
    "tools",
    "time_to_first_token_ms",
    "response_model",
    "response_id",
    "finish_reasons",
    "service_tier",
    "region",
    "server_tool_requests",
)


class _Values:
    """The slots of a ``Call``, writable while ``make_call`` fills them (see ``Call``)."""

    __slots__ = _FIELDS

    operation: str
    provider: str
    model: str
    status: str
    error_type: str | None
    latency_ms: float
    latency_s: float
    end_ns: int
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    cache_write_long_tokens: int
    reasoning_tokens: int
    cost_usd: float | None
    cache_hit: str
    tool_calls: int
    tools: Sequence[Any]
    time_to_first_token_ms: float | None
    response_model: str | None
    response_id: str | None
    finish_reasons: tuple[str, ...]
    service_tier: str | None
    region: str | None
    server_tool_requests: tuple[tuple[str, int], ...]


class Call(_Values):
    """One LLM call, sanitised and priced. Built by ``make_call`` only; read by name.

    Readers: S = the span (``ractogateway.tracing._attributes.span_attributes``), G = the
    GenAI client metrics, R = the in-memory ``SpanRecord``, P = the Prometheus recorder.

    Attributes:
        operation: ``"chat"``, ``"stream"`` or ``"embed"`` (a metrics-only record may hold
            another label value). S G R P
        provider: ``"openai"``, ``"anthropic"``, ``"google"`` or another provider. S G R P
        model: The model id the caller requested. S G R P
        status: ``"ok"`` or ``"error"`` (a metrics-only record may hold another). S G R P
        error_type: The exception class name of a failed call, else None. S G R
        latency_ms: The call's latency in milliseconds. S R
        latency_s: The same in seconds (each as measured in that unit). G P
        end_ns: When the call ended (``time.time_ns()``); the span ends then. S R
        input_tokens: Every prompt token, cached ones included. S G R P
        output_tokens: Every billed output token, reasoning included. S G R P
        cache_read_tokens: Part of ``input_tokens`` read from the prompt cache. S R P
        cache_write_tokens: Part of ``input_tokens`` written to the prompt cache. S R P
        cache_write_long_tokens: Part of ``cache_write_tokens`` with long retention. S R P
        reasoning_tokens: Part of ``output_tokens`` that is reasoning. S R P
        cost_usd: The call's cost at its prices, or None if its model has no price. S R P
        cache_hit: ``"exact"``, ``"semantic"`` or ``"miss"`` (the gateway's cache). S R
        tool_calls: How many tool calls the response made. S R
        tools: The tool calls as given (objects with ``.name``, dicts, names). P
        time_to_first_token_ms: Time to the first streamed token, or None. S G R
        response_model: The model id the response named, or None. S G R
        response_id: The response's id, or None. S R
        finish_reasons: Why generation stopped, per choice. S R
        service_tier: The service tier the call was served at (None: standard).
        region: Where the call was processed, when it is billed by region (None: global).
        server_tool_requests: Requests of server-side tools, ``((tool, count), ...)``.

    Immutable: assigning a field raises ``AttributeError``. It is a slotted class rather
    than a ``NamedTuple`` because its readers run on every call: CPython reads a slot in a
    third of the time it reads a named tuple's field (callgrind: 70 against 250
    instructions), and ``make_call`` fills the slots of a writable ``_Values`` and only then
    makes it a ``Call`` (a ``__class__`` assignment between two classes of one layout).
    """

    __slots__ = ()

    #: The fields, in the order ``make_call`` takes them (``cost_usd`` is computed there).
    _fields = _FIELDS

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"Call is immutable; use _replace({name}=...)")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("Call is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def _asdict(self) -> dict[str, Any]:
        """The fields as a dict, in order."""
        return dict(zip(self._fields, self._values(), strict=True))

    def _replace(self, **changes: Any) -> Call:
        """A copy with the fields in ``changes`` replaced (the caller keeps them safe)."""
        unknown = changes.keys() - set(self._fields)
        if unknown:
            raise TypeError(f"Call has no field(s) {sorted(unknown)}")
        return _filled({**self._asdict(), **changes})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Call):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(tuple(map(repr, self._values())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._asdict().items())
        return f"Call({fields})"


def _filled(fields: dict[str, Any]) -> Call:
    """A ``Call`` of ``fields`` (every one, already safe): the slow way, for ``_replace``."""
    values = _Values()
    for name, value in fields.items():
        setattr(values, name, value)
    values.__class__ = Call
    return values  # type: ignore[return-value]  # it is a Call now


def make_call(  # noqa: PLR0912, PLR0915, PLR0917 - one pass, positional (keywords: +0.8 µs)
    sanitizer: Sanitizer,
    lookup: Lookup,
    operation: Any,
    provider: Any,
    model: Any,
    status: Any,
    error_type: Any,
    latency_ms: Any,
    latency_s: Any,
    end_ns: int,
    input_tokens: Any,
    output_tokens: Any,
    cache_read_tokens: Any,
    cache_write_tokens: Any,
    cache_write_long_tokens: Any,
    reasoning_tokens: Any,
    cache_hit: Any,
    tool_calls: Any,
    tools: Any,
    time_to_first_token_ms: Any,
    response_model: Any,
    response_id: Any,
    finish_reasons: Any,
    service_tier: Any = None,
    region: Any = None,
    server_tool_requests: Any = None,
    /,
) -> Call:
    """Return the ``Call`` of these values, made safe and priced; never raises on bad values.

    The values come positionally, in ``Call``'s field order (without ``cost_usd``, which
    is computed here): a call with twenty keywords costs CPython 0.8 µs, as much as the
    rest of this function, and this runs on every recorded call. A test ties the
    parameters to the fields by name.

    Give the latency in the unit it was measured in and None for the other (``latency_ms``
    or ``latency_s``). ``tool_calls`` is their count, or None for ``len(tools)``. The
    common case is checked inline; any other value goes through ``made_safe`` (each kind
    of problem logged once by ``sanitizer``):

    - ``provider``, ``model``, ``operation``, ``status``: a non-empty str (else
      ``str(value)`` or ``"unknown"``), valid UTF-8 of at most 256 characters;
    - latency: a finite number >= 0 and below about 31 years, else 0;
    - counts: ints in 0..2**63 - 1 (floats truncated), else 0; parts clamped to their
      wholes (``clamp_parts``);
    - ``cache_hit``: one of ``CACHE_HITS``, else ``"miss"``; ``error_type``: a str, or an
      exception class or instance (its class name);
    - ``time_to_first_token_ms``: a finite number >= 0, else not recorded;
    - the response's strings: made safe, or dropped when not strings.

    The cost is the price at ``end_ns`` (dated prices, context tiers, every part at its
    rate) of ``response_model`` when ``lookup`` knows it, else of ``model``, at the call's
    ``service_tier`` and ``region`` with its ``server_tool_requests`` (``_billed``).
    """
    # The labels and the price of a label tuple seen before: one dict hit (``_labels``).
    key = (lookup, operation, provider, model, status, response_model)
    try:
        pricing = sanitizer.known[key]
    except (KeyError, TypeError):  # first sight, or an unhashable value
        operation, provider, model, status, response_model, pricing = _labels(
            sanitizer, lookup, operation, provider, model, status, response_model
        )
    if latency_ms is None:
        latency = latency_s
        fine = type(latency) is float and 0.0 <= latency <= _MAX_LATENCY_S
    else:
        latency = latency_ms
        fine = type(latency) is float and 0.0 <= latency <= MAX_LATENCY_MS
    if tool_calls is None:
        if type(tools) is not list and type(tools) is not tuple:
            tools = sanitizer.tool_calls(tools)
        tool_calls = len(tools)
    # The common case, checked inline (tests/tracing/test_sanitize.py checks that the slow
    # path agrees on every input). Parts that are all the int 0 (CPython keeps one) skip
    # their type and range tests; any other value takes them.
    if not (
        fine
        and type(input_tokens) is int
        and type(output_tokens) is int
        and type(tool_calls) is int
        and 0 <= input_tokens <= _SMALL
        and 0 <= output_tokens <= _SMALL
        and 0 <= tool_calls <= _SMALL
        and (
            (
                cache_read_tokens is _ZERO
                and cache_write_tokens is _ZERO
                and cache_write_long_tokens is _ZERO
                and reasoning_tokens is _ZERO
            )
            or (
                type(cache_read_tokens) is int
                and type(cache_write_tokens) is int
                and type(cache_write_long_tokens) is int
                and type(reasoning_tokens) is int
                and cache_read_tokens >= 0
                and cache_write_tokens >= cache_write_long_tokens >= 0
                and input_tokens >= cache_read_tokens + cache_write_tokens
                and output_tokens >= reasoning_tokens >= 0
            )
        )
        and (cache_hit is _MISS or cache_hit in CACHE_HITS)  # a tuple: any value may be tested
        and (tools is _NO_TOOLS or type(tools) is list or type(tools) is tuple)
        and (
            time_to_first_token_ms is None
            or (type(time_to_first_token_ms) is float and 0.0 <= time_to_first_token_ms < _INF)
        )
    ):
        safe = made_safe(
            sanitizer,
            provider=provider,
            model=model,
            operation=operation,
            status=status,
            latency_ms=latency_ms,
            latency_s=latency_s,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cache_read_tokens=cache_read_tokens,
            cache_write_tokens=cache_write_tokens,
            cache_write_long_tokens=cache_write_long_tokens,
            reasoning_tokens=reasoning_tokens,
            cache_hit=cache_hit,
            tool_calls=tool_calls,
            tools=tools,
            time_to_first_token_ms=time_to_first_token_ms,
        )
        latency, tools, tool_calls = safe.latency, safe.tools, safe.tool_calls
        input_tokens, output_tokens = safe.input_tokens, safe.output_tokens
        cache_read_tokens, cache_write_tokens = safe.cache_read_tokens, safe.cache_write_tokens
        cache_write_long_tokens = safe.cache_write_long_tokens
        reasoning_tokens = safe.reasoning_tokens
        cache_hit = safe.cache_hit
        time_to_first_token_ms = safe.time_to_first_token_ms
    if error_type is not None:
        error_type = error_name(sanitizer, error_type)
    if response_id is None and finish_reasons is None:
        finish_reasons = ()
    else:
        response_id = sanitizer.text("response_id", response_id)
        finish_reasons = sanitizer.texts("finish_reasons", finish_reasons)
    plain = service_tier is None and region is None and server_tool_requests is None
    if plain:
        server_tool_requests = ()
    else:
        service_tier = sanitizer.text("service_tier", service_tier)
        region = sanitizer.text("region", region)
        server_tool_requests = _requests(sanitizer, server_tool_requests)
    # The slots, filled in place (no call layer, no tuple of 25), then made a Call. (Calling
    # the class costs 400 instructions less than ``object.__new__(_Values)``.)
    call = _Values()
    call.operation = operation
    call.provider = provider
    call.model = model
    call.status = status
    call.error_type = error_type
    if latency_ms is None:
        call.latency_s = latency
        call.latency_ms = latency * 1000.0
    else:
        call.latency_ms = latency
        call.latency_s = latency / 1000.0
    call.end_ns = end_ns
    call.input_tokens = input_tokens
    call.output_tokens = output_tokens
    call.cache_read_tokens = cache_read_tokens
    call.cache_write_tokens = cache_write_tokens
    call.cache_write_long_tokens = cache_write_long_tokens
    call.reasoning_tokens = reasoning_tokens
    # A simple price (no tiers, no dated changes) of a call without parts is cost_usd's
    # first case, written here: the function call would cost as much again.
    call.cost_usd = (
        None
        if pricing is None
        else (input_tokens * pricing.input_per_million + output_tokens * pricing.output_per_million)
        / 1_000_000
        if plain
        and pricing._simple
        and not (cache_read_tokens or cache_write_tokens or reasoning_tokens)
        else cost_usd(
            pricing,
            input_tokens,
            output_tokens,
            cache_read_tokens,
            cache_write_tokens,
            cache_write_long_tokens,
            reasoning_tokens,
            end_ns / 1e9,
        )
        if plain
        else _billed(
            sanitizer,
            pricing,
            service_tier,
            region,
            server_tool_requests,
            input_tokens,
            output_tokens,
            cache_read_tokens,
            cache_write_tokens,
            cache_write_long_tokens,
            reasoning_tokens,
            end_ns / 1e9,
        )
    )
    call.cache_hit = cache_hit
    call.tool_calls = tool_calls
    call.tools = tools
    call.time_to_first_token_ms = time_to_first_token_ms
    call.response_model = response_model
    call.response_id = response_id
    call.finish_reasons = finish_reasons
    call.service_tier = service_tier
    call.region = region
    call.server_tool_requests = server_tool_requests
    call.__class__ = Call
    return call  # type: ignore[return-value]  # it is a Call now


def _labels(  # noqa: PLR0917 - make_call's labels, in its order
    sanitizer: Sanitizer,
    lookup: Lookup,
    operation: object,
    provider: object,
    model: object,
    status: object,
    response_model: object,
) -> tuple[str, str, str, str, str | None, ModelPricing | None]:
    """A call's labels made safe, and its price: ``make_call``'s path for a new label tuple.

    The price is the response's model's when ``lookup`` knows it, else the requested
    model's. A tuple whose every value was already safe is remembered, with its price, in
    ``sanitizer.known`` (bounded), so its next call costs one dict hit.
    """
    safe = (
        sanitizer.label("operation", operation),
        sanitizer.label("provider", provider),
        sanitizer.label("model", model),
        sanitizer.label("status", status),
        None if response_model is None else sanitizer.text("response_model", response_model),
    )
    pricing = price_of(lookup, safe[2], safe[4])
    given = (operation, provider, model, status, response_model)
    if len(sanitizer.known) < _MAX_KNOWN and all(
        value is original for value, original in zip(safe, given, strict=True)
    ):
        key = (lookup, *given)
        sanitizer.known[key] = pricing
    return (*safe, pricing)


class SafeValues(NamedTuple):
    """What ``made_safe`` makes of the values ``make_call``'s inline check did not pass."""

    provider: str
    model: str
    operation: str
    status: str
    latency: float
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    cache_write_long_tokens: int
    reasoning_tokens: int
    cache_hit: str
    tool_calls: int
    tools: Sequence[Any]
    time_to_first_token_ms: float | None


def made_safe(
    sanitizer: Sanitizer,
    *,
    provider: object,
    model: object,
    operation: object,
    status: object,
    latency_ms: object = None,
    latency_s: object = None,
    input_tokens: object,
    output_tokens: object,
    cache_read_tokens: object,
    cache_write_tokens: object,
    cache_write_long_tokens: object,
    reasoning_tokens: object,
    cache_hit: object,
    tool_calls: object,
    tools: object,
    time_to_first_token_ms: object,
) -> SafeValues:
    """The slow path of ``make_call``: every value made safe by its rule, each logged once."""
    inputs = sanitizer.count("input_tokens", input_tokens)
    outputs = sanitizer.count("output_tokens", output_tokens)
    read, write, write_long, reasoning = sanitizer.parts(
        inputs,
        outputs,
        cache_read_tokens,
        cache_write_tokens,
        cache_write_long_tokens,
        reasoning_tokens,
    )
    return SafeValues(
        provider=sanitizer.label("provider", provider),
        model=sanitizer.label("model", model),
        operation=sanitizer.label("operation", operation),
        status=sanitizer.label("status", status),
        latency=(
            _latency(sanitizer, "latency_s", latency_s)
            if latency_ms is None
            else _latency(sanitizer, "latency_ms", latency_ms)
        ),
        input_tokens=inputs,
        output_tokens=outputs,
        cache_read_tokens=read,
        cache_write_tokens=write,
        cache_write_long_tokens=write_long,
        reasoning_tokens=reasoning,
        cache_hit=sanitizer.choice("cache_hit", cache_hit, _KNOWN_CACHE_HITS, "miss"),
        tool_calls=sanitizer.count("tool_calls", tool_calls),
        tools=tools if type(tools) is list or type(tools) is tuple else sanitizer.tool_calls(tools),
        time_to_first_token_ms=_time_to_first_token(sanitizer, time_to_first_token_ms),
    )


def priced(call: Call, lookup: Lookup, sanitizer: Sanitizer | None = None) -> Call:
    """Return ``call`` priced with another price table's ``lookup`` (as ``make_call`` does).

    ``sanitizer`` logs an unknown service tier (once); None: not logged (it was when the
    call was made).
    """
    pricing = price_of(lookup, call.model, call.response_model)
    return call._replace(
        cost_usd=None
        if pricing is None
        else _billed(
            sanitizer,
            pricing,
            call.service_tier,
            call.region,
            call.server_tool_requests,
            call.input_tokens,
            call.output_tokens,
            call.cache_read_tokens,
            call.cache_write_tokens,
            call.cache_write_long_tokens,
            call.reasoning_tokens,
            call.end_ns / 1e9,
        )
    )


def _billed(  # noqa: PLR0917 - make_call's values, in its order
    sanitizer: Sanitizer | None,
    pricing: ModelPricing,
    tier: str | None,
    region: str | None,
    requests: tuple[tuple[str, int], ...],
    input_tokens: int,
    output_tokens: int,
    cache_read_tokens: int,
    cache_write_tokens: int,
    cache_write_long_tokens: int,
    reasoning_tokens: int,
    at: float,
) -> float:
    """The cost of a call at its service tier and region, with its server-tool requests.

    A tier that names no known one (``SERVICE_TIERS``, or the standard names) is billed at
    the standard price and logged once: the call is still recorded and counted.
    """
    try:
        known = service_tier(tier)
    except ValueError:
        known = None
        if sanitizer is not None:
            sanitizer.warn_once(
                "unknown-service_tier",
                f"service_tier={shown(tier)} is not a tier the prices know"
                f" {list(SERVICE_TIERS)}; billed at the standard price",
            )
    return billed_usd(
        pricing,
        known,
        region,
        requests,
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        cache_write_long_tokens,
        reasoning_tokens,
        at,
    )


def price_of(lookup: Lookup, model: str, response_model: str | None) -> ModelPricing | None:
    """The price of a call: its response's model's when ``lookup`` knows it, else ``model``'s.

    A response often names a dated snapshot with a price of its own.
    """
    pricing = None if response_model is None else lookup(response_model)
    return lookup(model) if pricing is None else pricing


def _latency(sanitizer: Sanitizer, name: str, value: object) -> float:
    """A latency made safe: a finite number >= 0 below ``MAX_LATENCY_MS``, else 0."""
    latency = sanitizer.number(name, value)
    bound = MAX_LATENCY_MS if name == "latency_ms" else _MAX_LATENCY_S
    if latency > bound:
        sanitizer.warn_once(f"huge-{name}", f"{name}={shown(value)} is above {bound:g}; using 0")
        return 0.0
    return latency


def _time_to_first_token(sanitizer: Sanitizer, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number >= 0:
            return number
    sanitizer.warn_once(
        "bad-time_to_first_token_ms",
        f"time_to_first_token_ms={shown(value)} is not a finite number >= 0; not recorded",
    )
    return None


def error_name(sanitizer: Sanitizer, value: object) -> str | None:
    """Return the error type as a class name (made safe), or None for None/empty."""
    if value is None:
        return None
    if type(value) is str and value:
        return (
            value
            if len(value) <= MAX_TEXT and value.isascii()
            else sanitizer.safe("error_type", value)
        )
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, BaseException):
        return type(value).__name__
    name = sanitizer.label("error_type", value, "")
    return name or None


def _requests(sanitizer: Sanitizer, value: object) -> tuple[tuple[str, int], ...]:
    """Server-side tool requests as ``((tool, count), ...)``, from a mapping or pairs."""
    if value is None:
        return ()
    pairs = value.items() if isinstance(value, Mapping) else value
    try:
        found = tuple(
            (sanitizer.label("server_tool", tool), sanitizer.count("server_tool_requests", count))
            for tool, count in pairs  # type: ignore[attr-defined]
        )
    except (TypeError, ValueError):
        sanitizer.warn_once(
            "bad-server_tool_requests",
            f"server_tool_requests of type {type(value).__name__} is not a mapping of tool"
            " names to counts; not recorded",
        )
        return ()
    return tuple(pair for pair in found if pair[1])
