"""The benchmarked calls: their arguments and the statements every implementation runs.

One statement per scenario is compiled into the timing loop of each implementation, with
the implementation's own objects bound to the names it uses: same calls, same arguments.
Stdlib only.
"""

from __future__ import annotations

PROVIDER = "openai"
MODEL = "gpt-4o"
ALIAS_MODEL = "openai/gpt-4o-2024-08-06"
UNKNOWN_MODEL = "acme-llm-7b"
EMBED_MODEL = "text-embedding-3-small"
#: S4: the model id each scenario prices.
S4_MODELS = {"S4-known": MODEL, "S4-alias": ALIAS_MODEL, "S4-unknown": UNKNOWN_MODEL}
INPUT_TOKENS = 1200
OUTPUT_TOKENS = 300
LATENCY_MS = 420.0
LATENCY_S = LATENCY_MS / 1000
TOOL_NAME = "get_weather"
#: gpt-4o list price, USD per 1M tokens (input, output), for the minimum's plain dict.
GPT_4O_PRICE = (2.5, 10.0)

#: S6: this many priced models, each recorded once per status.
S6_MODELS = tuple(f"bench-model-{index:03d}" for index in range(150))
S6_STATUSES = ("ok", "error")
#: S6 models' price (USD per 1M tokens, input and output).
S6_PRICE = (1.0, 2.0)


class ToolCall:
    """What a kit passes in ``tool_calls=``: an object with ``id``, ``name`` and ``arguments``."""

    __slots__ = ("arguments", "id", "name")

    def __init__(self, name: str) -> None:
        self.id = "call_0"
        self.name = name
        self.arguments: dict[str, object] = {"city": "Paris"}


TOOL_CALLS = [ToolCall(TOOL_NAME)]

CHAT_SPAN = (
    f"record_chat_span(provider={PROVIDER!r}, model={MODEL!r}, latency_ms={LATENCY_MS!r},"
    f" input_tokens={INPUT_TOKENS}, output_tokens={OUTPUT_TOKENS}, tool_calls=1)"
)
EMBED_SPAN = (
    f"record_embed_span(provider={PROVIDER!r}, model={EMBED_MODEL!r}, latency_ms={LATENCY_MS!r},"
    f" input_tokens={INPUT_TOKENS})"
)
RECORD_REQUEST = (
    f"record_request(provider={PROVIDER!r}, model={MODEL!r}, operation='chat', status='ok',"
    f" latency_s={LATENCY_S!r}, input_tokens={INPUT_TOKENS}, output_tokens={OUTPUT_TOKENS},"
    " tool_calls=tool_calls)"
)
COMPUTE_COST = f"compute_cost(model, {INPUT_TOKENS}, {OUTPUT_TOKENS})"
GENERATE_LATEST = "generate_latest()"

#: A kit call as the kits of the earlier release make it: time the call, record both.
KIT_DIRECT = f"""\
start = perf_counter()
latency_s = perf_counter() - start
record_chat_span(provider={PROVIDER!r}, model={MODEL!r}, latency_ms=latency_s * 1000.0,
                 input_tokens={INPUT_TOKENS}, output_tokens={OUTPUT_TOKENS}, tool_calls=1)
record_request(provider={PROVIDER!r}, model={MODEL!r}, operation='chat', status='ok',
               latency_s=latency_s, input_tokens={INPUT_TOKENS}, output_tokens={OUTPUT_TOKENS},
               tool_calls=tool_calls)"""

#: The same kit call through the ``Telemetry`` helper of the meta-package (DESIGN.md section 6).
KIT_HELPER = f"""\
with chat(provider={PROVIDER!r}, model={MODEL!r}) as call:
    call.usage(input_tokens={INPUT_TOKENS}, output_tokens={OUTPUT_TOKENS})
    call.tool_calls(tool_calls)"""
