"""Griffe extension: read a Google-style ``Example:`` section as ``Examples:``.

The packages' docstrings use ``Example:`` (as Napoleon allows); griffe reads only
``Examples:`` as code examples and renders ``Example:`` as Markdown, where doctest
output such as ``[('llm.chat', 812.0, True)]`` looks like a link.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)


class ExampleSections(Extension):
    """Rename ``Example:`` section headers to ``Examples:`` before docstrings are parsed."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        """Rewrite the docstring of every object as it is loaded."""
        if obj.docstring is not None:
            obj.docstring.value = _EXAMPLE.sub(r"\1Examples:", obj.docstring.value)
