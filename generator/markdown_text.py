"""Plain text in and out of Markdown: what the generator writes must render as the words.

Source text can hold ``<script>``, ``*stars*``, ``[brackets]`` or ``{{ braces }}``. Escaping
them keeps the page showing exactly the text, and never running it; ``plain`` undoes the
escaping so that checks compare summary sentences with the text a reader sees.
"""

from __future__ import annotations

import html
import re

_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~])")
_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+=.)])(?=\s|$)")
_ESCAPED = re.compile(r"\\([\\`*_\[\]{}#|~+\-=>.)])")
_ATTR_LINE = re.compile(r"^\{:[^}]*\}\s*$", re.MULTILINE)


def escape(text: str) -> str:
    text = html.escape(_SPECIAL.sub(r"\\\1", text), quote=False)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def plain(markdown_text: str) -> str:
    """The text of generated Markdown, with escapes and attribute lines removed."""
    text = _ATTR_LINE.sub("", markdown_text)
    text = _ESCAPED.sub(r"\1", text)
    return html.unescape(text)


_ANCHORED_BLOCK = re.compile(r"^(?P<text>.+?)\n\{:\s*#(?P<anchor>[\w-]+)\s*\}\s*$", re.MULTILINE | re.DOTALL)


def anchored_paragraphs(markdown_text: str) -> list[tuple[str, str]]:
    """(anchor, plain text) of each paragraph that carries an ``{: #id }`` line."""
    found = []
    for block in re.split(r"\n\s*\n", markdown_text):
        match = _ANCHORED_BLOCK.match(block.strip())
        if match:
            found.append((match.group("anchor"), plain(match.group("text"))))
    return found


def _squash(text: str) -> str:
    return " ".join(text.split())


def anchor_of(text: str, paragraphs: list[tuple[str, str]]) -> str | None:
    """The anchor of the first paragraph holding ``text`` verbatim (spacing aside), or None."""
    needle = _squash(text)
    return next((anchor for anchor, body in paragraphs if needle and needle in _squash(body)), None)
