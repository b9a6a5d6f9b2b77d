"""The limits of a recorded count and how the parts of a call's tokens fit their wholes.

One statement of each, with no imports at all: the response reader (``_usage``), the
sanitiser of the ``record_*`` paths (``_sanitize``) and the call record (``_call``) use them.
"""

from __future__ import annotations

__all__ = ["MAX_COUNT", "MAX_LATENCY_MS", "MAX_TEXT", "clamp_parts"]

#: The largest count recorded: an OTLP int attribute is an int64, and a larger value would
#: fail a whole export batch; a larger count becomes 0.
MAX_COUNT = 2**63 - 1
#: The longest string recorded as a label value or a span attribute (model, provider, error
#: type, tool name, response id...); a longer one is cut to this many characters. One huge
#: value would otherwise make a huge exposition or an export request over its size limit.
MAX_TEXT = 256
#: The longest latency recorded (about 31 years); a longer one becomes 0: a span that long
#: would start before 1970, and a negative start time fails the whole export batch.
MAX_LATENCY_MS = 1e12


def clamp_parts(  # noqa: PLR0917 - the counts of a call, in Usage's order
    input_tokens: int,
    output_tokens: int,
    cache_read_tokens: int,
    cache_write_tokens: int,
    cache_write_long_tokens: int,
    reasoning_tokens: int,
) -> tuple[int, int, int, int]:
    """Return the parts clamped to their wholes: cache read, write, long write, reasoning.

    Cached tokens are part of the input, the read part first (so a read and write that add
    up to more than ``input_tokens`` lose from the write); the long-retention writes are a
    part of the writes and the reasoning a part of the output. Counts must be ints >= 0.
    """
    read = min(cache_read_tokens, input_tokens)
    write = min(cache_write_tokens, input_tokens - read)
    return (
        read,
        write,
        min(cache_write_long_tokens, write),
        min(reasoning_tokens, output_tokens),
    )
