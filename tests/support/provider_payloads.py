"""Check a canned provider payload against the provider SDK's own types, strictly.

``validate(kind, payload)`` parses ``payload`` (the JSON the local ``ProviderApi`` will send)
with the installed SDK's type for ``kind`` and fails on anything that type does not declare:
the SDKs' pydantic models accept unknown fields silently (OpenAI's and Anthropic's keep them
as extras, which are looked for here; google-genai forbids them), so a misspelt field would
otherwise reach the code under test unnoticed. The payloads therefore cannot drift from the
API the SDKs describe. The SDKs are imported when a payload is checked.
"""

from __future__ import annotations

from typing import Any

__all__ = ["KINDS", "validate"]


def _type(kind: str) -> Any:
    """The SDK type (or union, via a pydantic TypeAdapter) of one kind of payload."""
    from pydantic import TypeAdapter

    if kind.startswith("openai."):
        from typing import Literal

        from openai.types import CreateEmbeddingResponse, ErrorObject
        from openai.types.chat import ChatCompletion, ChatCompletionChunk
        from openai.types.responses import Response, ResponseStreamEvent

        return {
            # An error answer's body: {"error": {...}} (the SDK types the inner object).
            "openai.error": TypeAdapter(dict[Literal["error"], ErrorObject]),
            "openai.chat": ChatCompletion,
            "openai.chunk": ChatCompletionChunk,
            "openai.response": Response,
            "openai.response_event": TypeAdapter(ResponseStreamEvent),
            "openai.embeddings": CreateEmbeddingResponse,
        }[kind]
    if kind.startswith("anthropic."):
        from anthropic.types import ErrorResponse, Message, RawMessageStreamEvent

        return {
            "anthropic.error": ErrorResponse,
            "anthropic.message": Message,
            "anthropic.event": TypeAdapter(RawMessageStreamEvent),
        }[kind]
    from google.genai import types

    return {
        "gemini.content": types.GenerateContentResponse,
        "gemini.embed": types.EmbedContentResponse,
    }[kind]


KINDS = (
    "openai.error",
    "openai.chat",
    "openai.chunk",
    "openai.response",
    "openai.response_event",
    "openai.embeddings",
    "anthropic.error",
    "anthropic.message",
    "anthropic.event",
    "gemini.content",
    "gemini.embed",
)


def _extras(value: object, where: str) -> list[str]:
    """The undeclared fields anywhere in a parsed value, as dotted paths."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        found = [f"{where}.{name}" for name in value.model_extra or {}]
        for name in type(value).model_fields:
            found += _extras(getattr(value, name), f"{where}.{name}")
        return found
    if isinstance(value, (list, tuple)):
        return [path for i, item in enumerate(value) for path in _extras(item, f"{where}[{i}]")]
    if isinstance(value, dict):
        return [path for k, item in value.items() for path in _extras(item, f"{where}.{k}")]
    return []


def validate(kind: str, payload: dict[str, Any]) -> object:
    """Parse ``payload`` as the SDK's type for ``kind``; fail on undeclared fields.

    Returns:
        The parsed SDK object.

    Raises:
        pydantic.ValidationError: the payload does not match the type.
        AssertionError: the payload has fields the type does not declare.
    """
    parser = _type(kind)
    parsed = (
        parser.validate_python(payload)
        if hasattr(parser, "validate_python")
        else parser.model_validate(payload)
    )
    extras = _extras(parsed, kind)
    assert not extras, f"fields the SDK's {kind} type does not declare: {extras}"
    return parsed
