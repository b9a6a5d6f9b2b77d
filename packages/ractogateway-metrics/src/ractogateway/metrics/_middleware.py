"""``GatewayMetricsMiddleware``: records LLM requests as Prometheus metrics.

The record path is lean: the label children of a (provider, model, operation, status) are
bound once and kept in a dict, so a repeated call costs one dict hit plus the increments.
Everything that is not the fast case (a new label tuple, a bad value) takes a slow path
that sanitises, caps the label values and logs once.

``prometheus_client`` is imported when the first middleware is built, not with this module:
importing it costs about five times the rest of ``import ractogateway.metrics``, and it
picks its multiprocess storage for good when first imported, by ``PROMETHEUS_MULTIPROC_DIR``
(so a process may import this module and set the variable later, up to construction).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from time import monotonic, time_ns
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ractogateway.metrics._borrowed import Add, adder, observer
from ractogateway.metrics._labels import (
    DEFAULT_MAX_LABEL_VALUES,
    OTHER,
    UNKNOWN,
    check_max_label_values,
)
from ractogateway.metrics._log import LOGGER
from ractogateway.metrics._tools import ToolCallLike, tool_name
from ractogateway.pricing._shared import (
    DROP_REASONS,
    MAX_TEXT,
    PriceResolver,
    Sanitizer,
    make_call,
    shown,
)

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry
    from prometheus_client.metrics import Counter, Histogram

    from ractogateway.metrics._definitions import MetricSet
    from ractogateway.pricing import ModelPricing
    from ractogateway.pricing._shared import Call, Lookup

__all__ = ["EXEMPLAR_INTERVAL_S", "GatewayMetricsMiddleware", "SpanContextLike"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class SpanContextLike(Protocol):
    """What ``record_request(span_context=...)`` reads: an OpenTelemetry ``SpanContext``."""

    @property
    def trace_id(self) -> int:
        """The trace's 128-bit id."""
        ...

    @property
    def span_id(self) -> int:
        """The span's 64-bit id."""
        ...


#: Seconds between two exemplars of one latency bucket of one series.
EXEMPLAR_INTERVAL_S = 1.0
#: ``ractogateway_dropped_spans_total``'s reasons (``ractogateway.tracing``'s drop reasons).
_DROP_REASONS = frozenset(DROP_REASONS)


class _Series:
    """The children of one (provider, model, operation, status), bound once.

    Each child is kept as the function that adds to it (``_borrowed.adder`` /
    ``observer``); the request counter and the histogram also as themselves, for a request
    that carries an exemplar. The token parts and the cost are bound when first needed, so
    a model without cached tokens shows no such series, and an unpriced model no cost.
    """

    __slots__ = (
        "add_input",
        "add_output",
        "add_request",
        "cache_read",
        "cache_write",
        "cache_write_long",
        "cost",
        "duration",
        "exemplar_due",
        "model",
        "observe",
        "provider",
        "reasoning",
        "requests",
        "unpriced",
    )

    def __init__(self, metrics: MetricSet, labels: tuple[str, str, str, str]) -> None:
        from ractogateway.metrics._definitions import DURATION_BUCKETS_SECONDS

        provider, model, operation, _status = labels
        #: Per latency bucket (+Inf last), when the next exemplar may be set (monotonic s).
        self.exemplar_due = [0.0] * (len(DURATION_BUCKETS_SECONDS) + 1)
        self.provider = provider
        self.model = model
        self.requests: Counter = metrics.requests.labels(*labels)
        self.duration: Histogram = metrics.duration.labels(provider, model, operation)
        self.add_request = adder(self.requests)
        self.observe = observer(self.duration)
        self.add_input = adder(metrics.tokens.labels(provider, model, "input"))
        self.add_output = adder(metrics.tokens.labels(provider, model, "output"))
        self.cache_read: Add | None = None
        self.cache_write: Add | None = None
        self.cache_write_long: Add | None = None
        self.reasoning: Add | None = None
        self.cost: Add | None = None
        self.unpriced: Add | None = None


class GatewayMetricsMiddleware:
    """Prometheus metrics middleware: pass as ``metrics=`` to any developer kit.

    One middleware may serve several kits. Middlewares on the same registry share its
    collectors; on different registries they never interfere.

    Args:
        price_table: Entries that override or extend the built-in pricing table.
        registry: The ``prometheus_client.CollectorRegistry`` to register on; None (the
            default) means the global ``prometheus_client.REGISTRY``. Pass an isolated
            registry in tests.
        max_label_values: Cap on the distinct values of each label that callers supply
            (``model`` and ``tool_name`` above all) in the registry; later values are
            recorded as ``"other"`` and a warning is logged once.

    Raises:
        TypeError: ``registry`` is not a ``CollectorRegistry``, or ``price_table`` is not a
            table of ``ModelPricing``.
        ValueError: ``max_label_values`` is not an int >= 1, or the registry already holds
            a metric of the same name that this package did not create.
    """

    def __init__(
        self,
        *,
        price_table: Mapping[str, ModelPricing] | None = None,
        registry: CollectorRegistry | None = None,
        max_label_values: int = DEFAULT_MAX_LABEL_VALUES,
    ) -> None:
        # prometheus_client and what builds on it: imported here (module docstring says why).
        from prometheus_client import REGISTRY, CollectorRegistry

        from ractogateway.metrics._definitions import DURATION_BUCKETS_SECONDS, metrics_for
        from ractogateway.metrics._exposition import multiprocess_dir, records_in_memory

        self._limit = check_max_label_values(max_label_values)
        self._bounds = DURATION_BUCKETS_SECONDS  # the exemplars' buckets
        if registry is None:
            registry = REGISTRY
        elif not isinstance(registry, CollectorRegistry):
            raise TypeError(
                f"registry must be a prometheus_client.CollectorRegistry or None, got {registry!r}"
            )
        self._lookup: Lookup = PriceResolver(price_table).lookup
        self._sanitizer = Sanitizer(LOGGER)
        self._registry: CollectorRegistry = registry
        self._metrics: MetricSet = metrics_for(registry)
        self._series: dict[tuple[str, str, str, str], _Series] = {}
        self._tools: dict[str, Add] = {}
        self._cache_hits: dict[object, Counter] = {}
        self._cache_misses: dict[object, Counter] = {}
        if multiprocess_dir() is not None and records_in_memory():
            self._sanitizer.warn_once(
                "multiprocess-late",
                "PROMETHEUS_MULTIPROC_DIR is set but prometheus_client was imported before it"
                " was: this process's records stay in memory and are missing from the"
                " aggregated view; set the variable before the process starts",
            )

    def record_request(
        self,
        *,
        provider: str,
        model: str,
        operation: str,
        status: str,
        latency_s: float,
        input_tokens: int = 0,
        output_tokens: int = 0,
        tool_calls: Iterable[ToolCallLike] | None = None,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        cache_write_long_tokens: int = 0,
        reasoning_tokens: int = 0,
        response_model: str | None = None,
        span_context: SpanContextLike | None = None,
        service_tier: str | None = None,
        region: str | None = None,
        server_tool_requests: Mapping[str, int] | None = None,
    ) -> None:
        """Record metrics for a completed LLM request. Never raises.

        Bad values (negative or NaN latency or tokens, None labels) are sanitised and
        logged once at WARNING on the ``ractogateway.metrics`` logger.

        Args:
            provider: ``"openai"``, ``"google"`` or ``"anthropic"``.
            model: Model identifier; priced with the middleware's price table.
            operation: ``"chat"``, ``"stream"`` or ``"embed"``.
            status: ``"ok"`` or ``"error"``.
            latency_s: Request wall-clock latency in seconds.
            input_tokens: Prompt tokens consumed, cached ones included.
            output_tokens: Completion tokens produced.
            tool_calls: Tool calls of the response: objects with a ``name`` (the SDK's
                ``ToolCallResult``), dicts with ``"name"``, or names.
            cache_read_tokens: Part of ``input_tokens`` read from the prompt cache.
            cache_write_tokens: Part of ``input_tokens`` written to the prompt cache.
            cache_write_long_tokens: Part of ``cache_write_tokens`` written with long
                retention (Anthropic's 1-hour, OpenAI's 12-hour cache).
            reasoning_tokens: Part of ``output_tokens`` that is reasoning (thinking).
            response_model: The model id the response named (often a dated snapshot):
                priced when the price table has it, else ``model``. Labels keep ``model``.
            span_context: The call's span (what ``RactoTracer.record_chat_span`` returns, or
                any object with int ``trace_id`` and ``span_id``): the request's increment
                and duration observation carry it as an exemplar (``trace_id``,
                ``span_id``, in hex), served in the OpenMetrics format.
            service_tier: The tier the call was served at (the response's
                ``service_tier``; ``"batch"`` for a Batch API call; ``"fast"`` for
                Anthropic's fast mode): priced at that tier's variant (an unknown tier:
                the standard price, logged once).
            region: Where the call was processed when billed by region (Anthropic's
                ``inference_geo``, OpenAI's regional processing): the uplift applies.
            server_tool_requests: Server-side tool requests, ``{"web_search": 2}``,
                priced per request.

        The cost is the price now (dated prices), at the call's context tier. Each part is
        counted under its own ``token_type`` (``cache_read``, ``cache_write``,
        ``cache_write_long``, ``reasoning``) and stays inside ``input`` or ``output``.
        """
        try:
            self._record_call(
                make_call(  # positional, in Call's order (make_call says why)
                    self._sanitizer,
                    self._lookup,
                    operation,
                    provider,
                    model,
                    status,
                    None,
                    None,
                    latency_s,
                    time_ns(),
                    input_tokens,
                    output_tokens,
                    cache_read_tokens,
                    cache_write_tokens,
                    cache_write_long_tokens,
                    reasoning_tokens,
                    "miss",
                    None,
                    () if tool_calls is None else tool_calls,
                    None,
                    response_model,
                    None,
                    None,
                    service_tier,
                    region,
                    server_tool_requests,
                ),
                span_context,
            )
        except Exception as error:  # telemetry never raises into the caller
            self._dropped(error)

    def _record_call(self, call: Call, span_context: object = None) -> None:  # noqa: PLR0912
        """Record a call already made safe and priced (see ``record_request``).

        The internal entry point of ``record_request`` and of the kit helper
        (``ractogateway.telemetry.Telemetry``), which builds one ``Call`` for both
        recorders; ``span_context`` (any object with int ``trace_id`` and ``span_id``)
        gives the exemplar.
        """
        # One pass: a branch per part a call may lack (a helper per branch: a call each).
        key = (call.provider, call.model, call.operation, call.status)
        series = self._series.get(key)
        if series is None:
            series = self._bind(key)
        latency_s = call.latency_s
        exemplar = None
        if span_context is not None:  # inline: the kit links every call to its span
            bucket = bisect_left(self._bounds, latency_s)
            now = monotonic()
            if now >= series.exemplar_due[bucket]:  # the bucket is due an exemplar
                exemplar = self._exemplar(series, bucket, now, span_context)
        if exemplar is None:
            series.add_request(1)
            series.observe(latency_s)
        else:
            series.requests.inc(1, exemplar)
            series.duration.observe(latency_s, exemplar)
        if call.input_tokens:
            series.add_input(call.input_tokens)
        if call.output_tokens:
            series.add_output(call.output_tokens)
        if call.cache_read_tokens or call.cache_write_tokens or call.reasoning_tokens:
            self._count_parts(series, call)
        cost = call.cost_usd
        if cost is None:
            add = series.unpriced
            if add is None:
                add = series.unpriced = adder(self._metrics.unpriced.labels(series.model))
            add(1)
        else:
            add = series.cost
            if add is None:
                add = series.cost = adder(self._metrics.cost.labels(series.provider, series.model))
            add(cost)
        if call.tools:
            self._record_tools(call.tools)

    def _dropped(self, error: Exception) -> None:
        """Log (once per type) that a request was not recorded; never raises."""
        self._sanitizer.warn_once(
            "record_request", f"record_request dropped ({type(error).__name__})"
        )

    def record_usage_missing(self, *, provider: str, model: str, operation: str) -> None:
        """Count a request whose response reported no token usage. Never raises.

        Increments ``ractogateway_usage_missing_total``: such a request was recorded with 0
        tokens and $0, so its tokens and cost are missing from the other series. The kit
        helper calls it, e.g. for an OpenAI stream without ``include_usage``.
        """
        try:
            self._metrics.usage_missing.labels(
                self._label("provider", provider),
                self._label("model", model),
                self._label("operation", operation),
            ).inc()
        except Exception as error:  # telemetry never raises into the caller
            self._sanitizer.warn_once(
                "record_usage_missing", f"record_usage_missing dropped ({type(error).__name__})"
            )

    def record_dropped_spans(self, count: int = 1, reason: str = "queue_full") -> None:
        """Add ``count`` to ``ractogateway_dropped_spans_total{reason=...}``. Never raises.

        The kit helper (``ractogateway.telemetry.Telemetry``) adds it as its tracer's drop
        listener, so what ``RactoTracer.dropped_spans`` counts is also scraped.

        Args:
            count: Spans dropped; a value that is not a positive int is ignored.
            reason: ``"queue_full"``, ``"export_failed"`` or ``"shutdown"``; another value
                is ignored.
        """
        if type(count) is int and count > 0 and reason in _DROP_REASONS:
            self._metrics.dropped_spans.labels(reason).inc(count)
        else:
            self._sanitizer.warn_once(
                "record_dropped_spans",
                "record_dropped_spans ignored a call whose count is not a positive int or"
                " whose reason is not one of queue_full, export_failed, shutdown",
            )

    def record_cache_hit(self, cache_type: str) -> None:
        """Increment ``ractogateway_cache_hits_total``. Never raises.

        Args:
            cache_type: ``"exact"`` or ``"semantic"``.
        """
        self._count_cache(self._cache_hits, self._metrics.cache_hits, cache_type)

    def record_cache_miss(self, cache_type: str) -> None:
        """Increment ``ractogateway_cache_misses_total``. Never raises.

        Args:
            cache_type: ``"exact"`` or ``"semantic"``.
        """
        self._count_cache(self._cache_misses, self._metrics.cache_misses, cache_type)

    def generate_latest(self) -> str:
        """Return the current metrics in the Prometheus text exposition format (UTF-8 str).

        With ``PROMETHEUS_MULTIPROC_DIR`` set, this is the aggregate of every process that
        writes to that directory, whatever the registry.

        Raises:
            ValueError: ``PROMETHEUS_MULTIPROC_DIR`` is set but is not a directory.
        """
        from ractogateway.metrics._exposition import render

        return render(self._registry)

    # Slow paths: a first sight of a label tuple, bad values, cached tokens, tool calls.

    def _label(self, name: str, value: object) -> str:
        """Return the label value to record for a caller's ``value`` of label ``name``."""
        text = value if type(value) is str and value else self._sanitizer.label(name, value)
        if not (len(text) <= MAX_TEXT and text.isascii()):
            text = self._sanitizer.safe(name, text)  # valid UTF-8, bounded
        if self._metrics.caps[name].admit(text, self._limit):
            return text
        self._sanitizer.warn_once(
            f"cap-{name}",
            f"label {name!r} reached max_label_values={self._limit} distinct values;"
            f" new values such as {shown(text)} are recorded as {OTHER!r}",
        )
        return OTHER

    def _exemplar(
        self, series: _Series, bucket: int, now: float, span_context: object
    ) -> dict[str, str] | None:
        """The exemplar of ``span_context`` for a latency ``bucket`` due one (at ``now``).

        A bucket of a series takes one exemplar per ``EXEMPLAR_INTERVAL_S``: prometheus-client
        keeps only the latest per bucket (what a scrape reads), and setting one costs about
        ten times the observation. Ids that are not valid are logged once and give none.
        """
        trace_id = getattr(span_context, "trace_id", None)
        span_id = getattr(span_context, "span_id", None)
        if (
            type(trace_id) is int
            and type(span_id) is int
            and 0 < trace_id < 2**128
            and 0 < span_id < 2**64
        ):
            series.exemplar_due[bucket] = now + EXEMPLAR_INTERVAL_S
            return {"trace_id": f"{trace_id:032x}", "span_id": f"{span_id:016x}"}
        self._sanitizer.warn_once(
            "span_context",
            f"span_context of type {type(span_context).__name__} has no valid int trace_id and"
            " span_id; the request was recorded without an exemplar",
        )
        return None

    def _remember(self, cache: dict[_K, _V], key: _K, value: _V) -> None:
        """Keep ``value`` under ``key`` unless the cache is full or ``key`` is unhashable.

        The caches are keyed by what callers pass, so they are bounded too: past the bound
        a new key takes the slow path on every call, and records stay right.
        """
        if len(cache) < 16 * self._limit + 256:
            try:
                cache[key] = value
            except TypeError:
                return

    def _bind(self, key: tuple[str, str, str, str]) -> _Series:
        """Bind the children of a (safe) label tuple seen for the first time (capped)."""
        provider, model, operation, status = key
        labels = (
            self._label("provider", provider),
            self._label("model", model),
            self._label("operation", operation),
            self._label("status", status),
        )
        series = _Series(self._metrics, labels)
        self._remember(self._series, key, series)
        return series

    def _count_parts(self, series: _Series, call: Call) -> None:
        """Count the parts of the call's tokens, each under its own ``token_type``."""
        # Tests, not a loop over (slot, count) pairs: this runs on every call with parts.
        if call.cache_read_tokens:
            self._count_part(series, "cache_read", call.cache_read_tokens)
        if call.cache_write_tokens:
            self._count_part(series, "cache_write", call.cache_write_tokens)
            if call.cache_write_long_tokens:
                self._count_part(series, "cache_write_long", call.cache_write_long_tokens)
        if call.reasoning_tokens:
            self._count_part(series, "reasoning", call.reasoning_tokens)

    def _count_part(self, series: _Series, token_type: str, count: int) -> None:
        """Add ``count`` to the series' ``token_type`` child (its slot of the same name)."""
        add: Add | None = getattr(series, token_type)
        if add is None:
            add = adder(self._metrics.tokens.labels(series.provider, series.model, token_type))
            setattr(series, token_type, add)
        add(count)

    def _record_tools(self, calls: Sequence[Any]) -> None:
        """Count each tool call (the record's list of them) under its sanitised, capped name."""
        tools = self._tools
        for call in calls:
            # A bound name (a str, a dict's "name", an object's .name): one dict hit.
            name = call.get("name") if type(call) is dict else getattr(call, "name", call)
            add = tools.get(name) if type(name) is str else None
            if add is None:
                add = self._bind_tool(call)
            add(1)

    def _bind_tool(self, call: object) -> Add:
        """Return the adder of the child for a tool call whose name is not bound yet."""
        name = tool_name(call)
        if name is None:
            self._sanitizer.warn_once(
                "bad-tool_call",
                f"a tool call of type {type(call).__name__} has no name (a str, a dict with"
                f" 'name' or an object with a str .name); counted as tool_name={UNKNOWN!r}",
            )
            name = UNKNOWN
        add = self._tools.get(name)
        if add is None:
            add = adder(self._metrics.tool_calls.labels(self._label("tool_name", name)))
            self._remember(self._tools, name, add)
        return add

    def _count_cache(
        self, cache: dict[object, Counter], metric: Counter, cache_type: object
    ) -> None:
        """Increment ``metric`` (cache hits or misses) for ``cache_type``; never raise."""
        try:
            try:
                child = cache[cache_type]
            except (KeyError, TypeError):
                child = metric.labels(self._label("cache_type", cache_type))
                self._remember(cache, cache_type, child)
            child.inc()
        except Exception as error:  # telemetry never raises into the caller
            self._sanitizer.warn_once(
                "record_cache", f"a cache hit/miss record was dropped ({type(error).__name__})"
            )
