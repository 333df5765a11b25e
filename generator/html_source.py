"""An HTML page as a source: its main text and what its markup says about it, read with trafilatura.

A raw file is an HTML page when it opens (after a BOM, blanks, an XML declaration or comments) with
a doctype or an ``<html>``/``<head>``/``<body>`` tag. A fragment of text with a few tags in it is
no page: the clean stage reads it as its visible text.

The page's charset is the one its markup declares, else the one the bytes read as (trafilatura's
decoder). The result is text: a front-matter block (``title``, ``date``, ``authors``,
``publisher``: only what the markup gives, never a guess from the URL) and then the main text,
one block per line, comments left out. Anything that still looks like a tag is dropped from
every line: markup or script of the page never reaches the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.errors import SourceError

_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b|<body\b)",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Page:
    text: str  # front-matter block, then the main text
    encoding: str
    title: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None


def is_html(raw: bytes) -> bool:
    return bool(_SNIFF.match(raw[:4096]))


def _plain(text: str | None) -> str:
    """One line of text: tags out, whitespace runs as one space."""
    return " ".join(_TAG.sub(" ", text or "").split())


def _encoding(raw: bytes) -> str:
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:8192], re.IGNORECASE)
    return declared.group(1).decode("ascii").lower() if declared else "utf-8"


def read(raw: bytes, source: str) -> Page | None:
    """The page's main text and metadata; None when trafilatura finds no main text."""
    import trafilatura
    from trafilatura.utils import decode_file

    html = decode_file(raw)
    if not isinstance(html, str) or not html.strip():
        raise SourceError(source, "decode", "the HTML page does not read as text")
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None or not (found.text or "").strip():
        return None
    body = [line for line in (_plain(line) for line in found.text.splitlines()) if line]
    if not body:
        return None
    title = _plain(found.title) or None
    date = found.date if isinstance(found.date, str) and _DATE.match(found.date) else None
    authors = tuple(name for name in (_plain(n) for n in re.split(r";", found.author or "")) if name)
    publisher = _plain(found.sitename) or None
    header = {
        key: value
        for key, value in (("title", title), ("date", date), ("authors", list(authors)), ("publisher", publisher))
        if value
    }
    block = []
    if header:
        dumped = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=10**6)
        block = ["---", *dumped.splitlines(), "---"]
        if title:
            block.append(title)  # the headline line, where the clean stage looks for it
    return Page("\n".join(block + body) + "\n", _encoding(raw), title, date, authors, publisher)
