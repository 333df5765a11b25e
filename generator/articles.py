"""The one reader and writer of ``content/articles/*.md``, and the front-matter contract.

An article is YAML front matter between ``---`` lines, then a Markdown body. Everything that
reads one (the merge of people's edits, ``check``, the index pages, the explainer, the MkDocs
hooks) goes through ``parse``/``read`` here, and everything that writes one through ``join``,
so there is one idea of what an article is:

- ``CONTRACT``: the keys other tools rely on (BRIEF.md's table), stated once; ``write`` emits
  them in this order and ``check`` validates them against it.
- ``Article``: the typed, frozen record of one file as written, with the line of every key.
- ``Unreadable``: a file that is not an article (not UTF-8, no front matter, broken YAML, not a
  mapping), with the line to fix. Callers report it; nothing reads it as empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem
from generator.schema import LOADER

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*\n", re.DOTALL)
_ISO_639_1 = re.compile(r"^[a-z]{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
YAML_HINT = "valid YAML: quote a value that contains ': ' or starts with a quote, '[', '{', '&', '*' or '#'"


# ---------------------------------------------------------------- the front-matter contract


def is_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_optional_str(value: Any) -> bool:
    return value is None or is_str(value)


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(is_str(item) for item in value)


def _is_date(value: Any) -> bool:
    return value is None or (isinstance(value, date) and not isinstance(value, datetime))


@dataclass(frozen=True, slots=True)
class Key:
    """One key of the contract: whether every article has it, its test, and what is expected."""

    required: bool
    test: Callable[[Any], bool]
    expected: str


# In the order ``write`` emits them; an optional key is written only when it has a value.
CONTRACT: dict[str, Key] = {
    "title": Key(True, is_str, "a non-empty headline"),
    "title_generated": Key(False, lambda v: isinstance(v, bool), "true or false"),
    "title_lang": Key(
        False, lambda v: v is None or (isinstance(v, str) and bool(_ISO_639_1.match(v))), "an ISO 639-1 code"
    ),
    "date": Key(True, _is_date, "a date written YYYY-MM-DD, or null when the text gives none"),
    "publisher": Key(True, is_optional_str, "a publisher name, or null"),
    "authors": Key(True, is_str_list, "a list of names (may be empty: [])"),
    "dateline": Key(True, is_optional_str, "a place name such as SEOUL, or null"),
    "lang": Key(True, lambda v: isinstance(v, str) and bool(_ISO_639_1.match(v)), "an ISO 639-1 code such as en"),
    "kind": Key(True, lambda v: v in ("article", "transcript"), "article or transcript"),
    "summary": Key(True, is_str_list, "a list of sentences from the text"),
    "quotes": Key(True, lambda v: isinstance(v, list), "a list of {text, speaker, role}"),
    "tags": Key(True, is_str_list, "a list of names"),
    "event": Key(True, is_optional_str, "an event name from content/data/events.yml, or null"),
    "source": Key(True, is_str, "the path of the raw file, e.g. content/raw/001_example.txt"),
    "source_sha256": Key(True, lambda v: isinstance(v, str) and bool(_SHA256.match(v)), "64 lowercase hex digits"),
}
QUOTE_KEYS: dict[str, Key] = {
    "text": Key(True, is_str, "the quoted words, verbatim from the text"),
    "speaker": Key(True, is_optional_str, "a name, or null when the text does not say who"),
    "role": Key(True, is_optional_str, "a role or organisation, or null"),
    "callout": Key(False, lambda v: isinstance(v, bool), "true or false"),
}
REQUIRED = tuple(key for key, spec in CONTRACT.items() if spec.required)


# ---------------------------------------------------------------- the record


class Unreadable(Exception):
    """A file that cannot be read as an article: where, which part, what, and what would do."""

    def __init__(self, line: int, part: str, what: str, expected: str):
        self.line, self.part, self.what, self.expected = line, part, what, expected
        super().__init__(f"line {line}: {part}: {what}")

    def problem(self, shown: str, action: str) -> Problem:
        return Problem(shown, self.line, "article", f"{self.part}: {self.what}", action)


class NoFrontMatter(Unreadable):
    """Nothing between '---' lines at the top: the whole file would be read as body."""

    def __init__(self) -> None:
        super().__init__(1, "front matter", "missing", "YAML between '---' lines at the top of the file")


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quote as an article's front matter gives it."""

    text: str
    speaker: str | None = None
    role: str | None = None
    callout: bool = False


def _optional_text(value: Any) -> str | None:
    return str(value) if value else None


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


@dataclass(frozen=True, slots=True)
class Article:
    """One article as written: its front matter (``meta``, exactly as YAML reads it, for the merge
    and the checks) and the typed values every index page reads (lenient: ``check`` is what
    holds a file to the contract; a page shows what there is)."""

    file: str  # the file name under articles/, its identity in links
    meta: dict[str, Any]
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    lines: dict[tuple, int] = field(default_factory=dict)  # key path -> file line
    title: str = ""
    date: date | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    kind: str = "article"
    summary: tuple[str, ...] = ()
    quotes: tuple[Quoted, ...] = ()
    tags: tuple[str, ...] = ()
    event: str | None = None
    source: str | None = None

    @classmethod
    def of(
        cls, file: str, meta: dict[str, Any], body: str = "", body_line: int = 1, lines: dict | None = None
    ) -> Article:
        quotes = meta.get("quotes") if isinstance(meta.get("quotes"), list) else []
        when = meta.get("date")
        return cls(
            file,
            meta,
            body,
            body_line,
            lines or {},
            title=str(meta.get("title") or file),
            date=when if isinstance(when, date) else None,
            publisher=_optional_text(meta.get("publisher")),
            authors=_texts(meta.get("authors")),
            kind=str(meta.get("kind") or "article"),
            summary=_texts(meta.get("summary")),
            quotes=tuple(
                Quoted(
                    str(q.get("text") or ""),
                    _optional_text(q.get("speaker")),
                    _optional_text(q.get("role")),
                    bool(q.get("callout")),
                )
                for q in quotes
                if isinstance(q, dict)
            ),
            tags=_texts(meta.get("tags")),
            event=_optional_text(meta.get("event")),
            source=meta["source"] if isinstance(meta.get("source"), str) else None,
        )

    @property
    def date_text(self) -> str:
        return f"{self.date:%-d %B %Y}" if self.date else "undated"

    @property
    def one_line(self) -> str:
        return self.summary[0] if self.summary else ""


# ---------------------------------------------------------------- reading


def key_lines(node: yaml.Node | None, offset: int, prefix: tuple = ()) -> dict[tuple, int]:
    """File line of every key and list item of a composed YAML node (``offset``: line of its first line)."""
    lines: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*prefix, key_node.value)
            lines[key] = key_node.start_mark.line + offset
            lines |= key_lines(value_node, offset, key)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*prefix, index)
            lines[key] = item.start_mark.line + offset
            lines |= key_lines(item, offset, key)
    return lines


def parse(text: str, file: str, front_matter_required: bool = True) -> Article:
    """The article in ``text``; Unreadable says why not. A page that may go without front matter
    (an index page under ``check``) is read as all body when it has none."""
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        if front_matter_required:
            raise NoFrontMatter
        return Article.of(file, {}, text)
    front = match.group("yaml") or ""
    body_line = text[: match.end()].count("\n") + 1
    # One parse gives both the values and the line of every key.
    loader = LOADER(front)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 2024-13-45
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc).strip()
        line = mark.line + 2 if mark else 1  # + 2: the opening '---' and 1-based
        raise Unreadable(line, "front matter", f"not valid YAML ({problem})", YAML_HINT) from exc
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Unreadable(2, "front matter", "not a mapping", "'key: value' lines")
    return Article.of(file, meta, text[match.end() :], body_line, key_lines(node, 2))


def read_text(path: Path) -> str:
    """The text of a file with its line ends as ``\n`` (as ``Path.read_text`` gives them)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Unreadable(line, "file", "not UTF-8 text", "a file saved as UTF-8") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(path: Path, front_matter_required: bool = True) -> Article:
    return parse(read_text(path), path.name, front_matter_required)


LEFT_OUT = "left as it is and out of the index pages and the site; fix it and rebuild"


def read_all(folder: Path, shown_as: str) -> tuple[list[Article], list[Problem]]:
    """Every article of ``folder`` by file name, and a problem for each that cannot be read
    (``shown_as``: the folder as messages name it)."""
    found, problems = [], []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            found.append(read(path))
        except Unreadable as exc:
            problems.append(exc.problem(f"{shown_as}/{path.name}", LEFT_OUT))
    return found, problems


# ---------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    """YAML with dates as ``YYYY-MM-DD`` and long strings on one line."""


_Dumper.add_representer(
    date, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())
)


def dump_front_matter(meta: dict[str, Any]) -> str:
    return yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)


def join(meta: dict[str, Any], body: str) -> str:
    """The text of an article: ``meta`` as front matter above ``body``."""
    return f"---\n{dump_front_matter(meta)}---\n{body}"
