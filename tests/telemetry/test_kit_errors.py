"""``Telemetry`` when things go wrong: errors recorded and re-raised, recorders that fail."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable, Generator

import pytest

from ractogateway.telemetry import GatewayMetricsMiddleware, RactoTracer, Telemetry

REQUESTS = "ractogateway_requests_total"


def _provider_fails() -> None:
    raise ConnectionResetError("provider went away")


def test_an_exception_is_recorded_as_an_error_and_re_raised_unchanged(
    telemetry: Telemetry,
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    total: Callable[..., float],
) -> None:
    with (  # noqa: PT012 - the whole block is the subject
        pytest.raises(ConnectionResetError) as raised,
        telemetry.chat(provider="openai", model="gpt-4o") as call,
    ):
        call.usage(input_tokens=10)
        _provider_fails()
    # The same exception, its traceback still ending where it was raised.
    assert str(raised.value) == "provider went away"
    frames = traceback.extract_tb(raised.value.__traceback__)
    assert frames[-1].name == "_provider_fails"
    assert raised.value.__context__ is None
    (span,) = tracer.spans
    assert (span.status, span.error_type) == ("error", "ConnectionResetError")
    assert total(metrics.generate_latest(), REQUESTS, status="error") == 1


@pytest.mark.parametrize("error", [KeyboardInterrupt, SystemExit])
def test_base_exceptions_are_recorded_with_their_class_name_and_re_raised(
    telemetry: Telemetry, tracer: RactoTracer, error: type[BaseException]
) -> None:
    instance = error()
    with pytest.raises(error) as raised, telemetry.chat(provider="openai", model="gpt-4o"):
        raise instance
    assert raised.value is instance
    (span,) = tracer.spans
    assert (span.status, span.error_type) == ("error", error.__name__)


def test_a_stream_closed_early_by_its_consumer_is_not_an_error(
    telemetry: Telemetry, tracer: RactoTracer
) -> None:
    def stream() -> Generator[str, None, None]:
        with telemetry.stream(provider="openai", model="gpt-4o") as call:
            for word in ("one", "two", "three"):
                call.first_token()
                yield word

    chunks = stream()
    assert next(chunks) == "one"
    chunks.close()  # the consumer stops reading: GeneratorExit inside the block
    (span,) = tracer.spans
    assert (span.operation, span.status, span.error_type) == ("stream", "ok", None)


def test_a_cancelled_task_is_recorded_as_cancelled_and_re_raised(
    telemetry: Telemetry, tracer: RactoTracer
) -> None:
    started = asyncio.Event()

    async def kit_call() -> None:
        async with telemetry.stream(provider="openai", model="gpt-4o"):
            started.set()
            await asyncio.sleep(10)

    async def main() -> None:
        task = asyncio.create_task(kit_call())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    (span,) = tracer.spans
    assert (span.status, span.error_type) == ("error", "CancelledError")


class BrokenRecorder:
    """A recorder whose every method fails, as a faulty custom one might."""

    def _fail(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("recorder is broken")

    record_chat_span = record_embed_span = _fail
    record_request = record_cache_hit = record_cache_miss = _fail


@pytest.mark.usefixtures("fresh_warnings")
def test_a_failing_recorder_never_reaches_the_kit_and_is_logged_once(
    tracer: RactoTracer,
    metrics: GatewayMetricsMiddleware,
    caplog: pytest.LogCaptureFixture,
    total: Callable[..., float],
) -> None:
    broken = BrokenRecorder()
    with caplog.at_level(logging.WARNING, logger="ractogateway.telemetry"):
        for telemetry in (
            Telemetry(tracer=broken, metrics=metrics),  # type: ignore[arg-type]
            Telemetry(tracer=tracer, metrics=broken),  # type: ignore[arg-type]
        ):
            for _ in range(3):
                with telemetry.chat(provider="openai", model="gpt-4o") as call:
                    call.cache_hit("exact")
                    call.cache_miss("semantic")
                with telemetry.embed(provider="openai", model="text-embedding-3-small"):
                    pass
    # The healthy recorder of each pair still recorded every call.
    assert total(metrics.generate_latest(), REQUESTS) == 6
    assert len(tracer.spans) == 6
    messages = [r.getMessage() for r in caplog.records if r.name == "ractogateway.telemetry"]
    assert len([m for m in messages if "the tracer raised RuntimeError" in m]) == 1
    assert len([m for m in messages if "the metrics raised RuntimeError" in m]) == 1


def test_swapped_or_wrong_recorders_fail_fast(
    tracer: RactoTracer, metrics: GatewayMetricsMiddleware
) -> None:
    with pytest.raises(TypeError, match="tracer= must be a RactoTracer or None"):
        Telemetry(tracer=metrics)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="metrics= must be a GatewayMetricsMiddleware or None"):
        Telemetry(metrics=tracer)  # type: ignore[arg-type]
