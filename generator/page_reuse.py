"""Pages MkDocs rendered before, reused: after one edit, only the pages that changed are rendered.

MkDocs renders every page on every build; at thousands of articles that is most of a rebuild
after one edit, although nearly every page comes out as before. A page's HTML is a function of
the site's frame (the configuration, theme, hooks, build time, navigation and the list of pages,
which every page's links and menus are made from) and of the page itself (its Markdown and its
front matter as the hooks prepared it, which holds the cross-page values they add: the event's
nearest coverage, the tag pages' names). ``generator/mkdocs_hooks.py`` keys each page by both; a
page met again with the same key gets the HTML kept last time, through a template that prints
it, and MkDocs does everything else as usual (the search plugin still reads the page's content,
the sitemap still lists it), so the site is byte for byte what rendering it again would give.

Only a build (``generator/build.py``) turns this on, with its cache; ``serve`` and a plain
``mkdocs build`` render every page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.cache import Cache

TEMPLATE = "dossier-reused.html"  # prints the kept HTML as it is (the hooks add it to the theme's templates)
CONTEXT_KEY = "dossier_reused_html"
_KIND = "pages"


@dataclass(frozen=True, slots=True)
class Rendered:
    content: str  # the page's body HTML, as the hooks left it (the search plugin indexes it)
    toc: Any  # its table of contents (the search plugin links sections with it)
    output: str  # the whole page, as written to site/


@dataclass
class _Build:
    cache: Cache
    frame: str  # the key of everything outside the pages that shows in them
    keys: dict[str, str]  # page (source path) -> its key, for the pages met in this build
    reused: dict[str, Rendered]
    rendered: int = 0


_build: _Build | None = None


@contextlib.contextmanager
def reusing(cache: Cache, frame: str) -> Iterator[None]:
    """Within this block, MkDocs (through the hooks) reuses the pages kept in ``cache``."""
    global _build
    _build = _Build(cache, frame, {}, {})
    try:
        yield
    finally:
        _build = None


def start(pages: list[tuple[str, str]], site_config: dict[str, Any]) -> None:
    """The frame of this site: the pages there are and their addresses, and what the hooks set
    in the configuration from the content (the site's name, the navigation)."""
    if _build is None:
        return
    named = [site_config.get(key) for key in ("site_name", "site_description", "nav")]
    shown = repr((sorted(pages), named))
    _build.frame = _build.cache.key("page frame", _build.frame, shown)


def lookup(page: str, markdown: str, meta: dict[str, Any]) -> Rendered | None:
    """The HTML kept for ``page`` when its Markdown and prepared front matter are what they
    were; None (render it) otherwise, or when reuse is off."""
    if _build is None:
        return None
    key = _build.cache.key("page", _build.frame, page, markdown, repr(sorted(meta.items(), key=lambda kv: kv[0])))
    _build.keys[page] = key
    found = _build.cache.get(_KIND, key)
    if isinstance(found, Rendered):
        _build.reused[page] = found
        return found
    return None


def reused(page: str) -> Rendered | None:
    return _build.reused.get(page) if _build else None


def keep(page: str, content: str, toc: Any, output: str) -> None:
    """Keep a page rendered in full, under the key ``lookup`` gave it."""
    if _build is None or page not in _build.keys or page in _build.reused:
        return
    _build.rendered += 1
    _build.cache.put(_KIND, _build.keys[page], Rendered(content, toc, output))


def counts() -> tuple[int, int]:
    """(pages rendered, pages reused) in this build so far."""
    return (_build.rendered, len(_build.reused)) if _build else (0, 0)
