"""Tool calls as the kits pass them: objects with a ``name``, dicts with "name", or names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

__all__ = ["ToolCall", "ToolCallLike", "tool_name"]


class ToolCall(Protocol):
    """What the metrics read from a tool call (e.g. the SDK's ``ToolCallResult``): its name."""

    @property
    def name(self) -> str:
        """The name of the called tool."""
        ...


#: A tool call as ``record_request(tool_calls=...)`` accepts it.
ToolCallLike = ToolCall | Mapping[str, object] | str


def tool_name(call: object) -> str | None:
    """Return the tool name of ``call``, or None if it has no usable (non-empty str) name."""
    if isinstance(call, str):
        name: object = call
    elif isinstance(call, Mapping):
        name = call.get("name")
    else:
        name = getattr(call, "name", None)
    return name if isinstance(name, str) and name else None
