"""Kept for compatibility: ``ractogateway.telemetry._models``, a module path of 0.2.1.

The RactoGateway SDK 0.2.1 defined ``ModelPricing`` and ``SpanRecord`` here, and some 0.2.1
users imported them from this path. They are now aliases of the names at
``ractogateway.telemetry`` (the very same classes, from ``ractogateway.pricing`` and
``ractogateway.tracing``), and installing ``ractogateway-telemetry`` over the SDK replaces
the SDK's file. ``SpanRecord`` (which loads pydantic) is imported at its first use, as at
``ractogateway.telemetry``, so importing this module costs nothing beyond
``ractogateway.telemetry`` itself. New code imports from ``ractogateway.telemetry``.

Examples:
    >>> import ractogateway.telemetry
    >>> from ractogateway.telemetry._models import ModelPricing, SpanRecord
    >>> (ModelPricing, SpanRecord) == (
    ...     ractogateway.telemetry.ModelPricing, ractogateway.telemetry.SpanRecord)
    True
"""

from ractogateway.pricing import ModelPricing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ractogateway.tracing import SpanRecord

__all__ = ["ModelPricing", "SpanRecord"]


def __getattr__(name: str) -> object:
    """Import ``SpanRecord`` at its first use (the very same class as in the facade)."""
    if name != "SpanRecord":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ractogateway.tracing import SpanRecord

    globals()[name] = SpanRecord
    return SpanRecord
