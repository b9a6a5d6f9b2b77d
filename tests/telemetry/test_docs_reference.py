"""docs/reference/index.md lists every public name, each linked to where its page renders it.

The public names are the ``__all__`` of every facade (the four leaves and the meta-package)
and of the pytest plugin. A name added to one of them without a row in the index fails here,
so the reference cannot drift from the code; ``mkdocs build --strict`` (``nox -s docs``)
then checks that each link's anchor exists in the built site.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference"
INDEX = REFERENCE / "index.md"
#: Every module whose ``__all__`` is public API.
PUBLIC_MODULES = (
    "ractogateway.pricing",
    "ractogateway.tracing",
    "ractogateway.metrics",
    "ractogateway.telemetry",
    "ractogateway.telemetry.pytest_plugin",
)
#: In every facade's ``__all__``; the index names it in a sentence, not in a linked row.
VERSION = "__version__"
#: A linked row of the index: [`name`](page.md#anchor).
LINK = re.compile(r"\[`(?P<name>[^`]+)`\]\((?P<page>[\w-]+\.md)#(?P<anchor>[^)\s]+)\)")
#: A mkdocstrings directive: ``::: dotted.path``.
DIRECTIVE = re.compile(r"^:::\s+(?P<path>[\w.]+)\s*$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$", re.MULTILINE)

PUBLIC_NAMES = sorted(
    {
        (module, name)
        for module in PUBLIC_MODULES
        for name in importlib.import_module(module).__all__
    }
)


def _links() -> dict[str, tuple[str, str]]:
    """Return each name the index links, with the page and anchor it links to."""
    return {
        match["name"]: (match["page"], match["anchor"])
        for match in LINK.finditer(INDEX.read_text(encoding="utf-8"))
    }


def _slug(title: str) -> str:
    """The anchor Python-Markdown's toc gives a heading (its default slugify)."""
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", title).strip().lower())


def _resolve(path: str) -> object:
    """Import the object a ``::: dotted.path`` directive renders."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(("module", "name"), PUBLIC_NAMES)
def test_the_index_names_every_public_name(module: str, name: str) -> None:
    assert f"`{name}`" in INDEX.read_text(encoding="utf-8"), (
        f"{module}.{name} is public (in __all__) but docs/reference/index.md does not list it"
    )


@pytest.mark.parametrize(("module", "name"), [(m, n) for m, n in PUBLIC_NAMES if n != VERSION])
def test_each_name_links_to_a_page_that_renders_it(module: str, name: str) -> None:
    links = _links()
    assert name in links, f"docs/reference/index.md has no [`{name}`](page.md#anchor) row"
    page, anchor = links[name]
    text = (REFERENCE / page).read_text(encoding="utf-8")
    rendered = {match["path"] for match in DIRECTIVE.finditer(text)}
    headings = {_slug(match["title"]) for match in HEADING.finditer(text)}
    if anchor in rendered:
        # The directive renders this very object, whichever public path it names.
        assert _resolve(anchor) is getattr(importlib.import_module(module), name)
    else:
        assert anchor in headings, f"{page} neither renders ::: {anchor} nor has that heading"
        assert _slug(name) == anchor


def test_the_index_links_nothing_that_is_not_public() -> None:
    public = {name for _module, name in PUBLIC_NAMES}
    assert set(_links()) - public == set()
