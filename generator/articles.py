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
- ``contract_problems``: every value of the front matter checked for type and shape, with its
  line. ``check`` reports them; the build and the MkDocs hooks leave out an article with an error,
  so no page ever renders a list where a headline belongs.

Articles are edited by anyone who opens a pull request, so the YAML is read with limits: a
front matter of at most ``MAX_FRONT_MATTER`` characters, nested at most ``MAX_DEPTH`` deep, no
anchors or aliases (an alias bomb expands to gigabytes), no duplicate keys, text keys only.
python-frontmatter was considered as the reader: it loads YAML in one call, with no node tree,
so it could give neither the line of every key nor these limits before anything is built.
"""

from __future__ import annotations

import copy
import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem
from generator.schema import LOADER, describe

# Closed by '---' or, as MkDocs also reads it, '...': both split a file where MkDocs does.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
MAX_FRONT_MATTER = 65_536  # characters: the longest generated front matter is a few thousand
MAX_DEPTH = 4  # the contract's deepest value is a quote's field: quotes -> item -> key
MAX_LINE_VALUE = 500  # characters of a one-line value (title, name, tag, place)
MAX_TEXT_VALUE = 20_000  # characters of a sentence or quote
# Markdown that Python-Markdown takes quadratic time or unbounded recursion over (20,000 '[' in a
# paragraph: minutes; lists nested 250 deep: RecursionError): a body stays well inside these.
MAX_BODY = 6_000_000  # characters: above the largest raw source (decode.MAX_BYTES) an article is made from
MAX_BRACKETS = 500  # '[' in one paragraph (500 take 0.1 s to parse)
MAX_INDENT = 40  # columns of leading space: lists and quotes nested ten deep
MAX_QUOTE_MARKS = 10  # '>' at the start of a line
MAX_ADMONITIONS = 100  # '!!!' / '???' lines
_INDENT = re.compile(r"^[ \t]*")
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# A raw file of content/raw/ by name: no folder, no dot file, nothing a URL or an attribute would read.
_RAW_SOURCE = re.compile(r"^content/raw/(?![.])[^/\\\x00-\x1f\x7f\"'<>`&?#%:;]+$")
_ISO_639_1 = re.compile(r"^[a-z]{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
YAML_HINT = "valid YAML: quote a value that contains ': ' or starts with a quote, '[', '{', '&', '*' or '#'"


# ---------------------------------------------------------------- the front-matter contract


def is_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_line(value: Any) -> bool:
    """One line of text of reasonable length, with no control characters."""
    return is_str(value) and len(value) <= MAX_LINE_VALUE and "\n" not in value and not _CONTROL.search(value)


def is_text(value: Any) -> bool:
    """A sentence or paragraph: text of bounded length, with no control characters."""
    return is_str(value) and len(value) <= MAX_TEXT_VALUE and not _CONTROL.search(value)


def is_optional_line(value: Any) -> bool:
    return value is None or is_line(value)


def is_line_list(value: Any) -> bool:
    return isinstance(value, list) and all(is_line(item) for item in value)


def is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(is_text(item) for item in value)


def is_raw_source(value: Any) -> bool:
    return isinstance(value, str) and bool(_RAW_SOURCE.match(value)) and "/../" not in value + "/"


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
    "title": Key(True, is_line, f"a non-empty headline on one line (at most {MAX_LINE_VALUE} characters)"),
    "title_generated": Key(False, lambda v: isinstance(v, bool), "true or false"),
    "title_lang": Key(
        False, lambda v: v is None or (isinstance(v, str) and bool(_ISO_639_1.match(v))), "an ISO 639-1 code"
    ),
    "date": Key(True, _is_date, "a date written YYYY-MM-DD, or null when the text gives none"),
    "publisher": Key(True, is_optional_line, "a publisher name, or null"),
    "authors": Key(True, is_line_list, "a list of names (may be empty: [])"),
    "dateline": Key(True, is_optional_line, "a place name such as SEOUL, or null"),
    "lang": Key(True, lambda v: isinstance(v, str) and bool(_ISO_639_1.match(v)), "an ISO 639-1 code such as en"),
    "kind": Key(True, lambda v: v in ("article", "transcript"), "article or transcript"),
    "summary": Key(True, is_text_list, "a list of sentences from the text"),
    "quotes": Key(True, lambda v: isinstance(v, list), "a list of {text, speaker, role}"),
    "tags": Key(True, is_line_list, "a list of names"),
    "event": Key(True, is_optional_line, "an event name from content/data/events.yml, or null"),
    "source": Key(True, is_raw_source, "the path of a raw file in content/raw/, e.g. content/raw/001_example.txt"),
    "source_sha256": Key(True, lambda v: isinstance(v, str) and bool(_SHA256.match(v)), "64 lowercase hex digits"),
}
QUOTE_KEYS: dict[str, Key] = {
    "text": Key(True, is_text, "the quoted words, verbatim from the text"),
    "speaker": Key(True, is_optional_line, "a name, or null when the text does not say who"),
    "role": Key(True, is_optional_line, "a role or organisation, or null"),
    "callout": Key(False, lambda v: isinstance(v, bool), "true or false"),
}
REQUIRED = tuple(key for key, spec in CONTRACT.items() if spec.required)


class _Loader(LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, except that a date that does not exist (2024-13-45) stays text, for the
    contract to refuse at its line (PyYAML raises it from datetime, with no mark)."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


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
        """The first summary sentence that says more than the headline: a headline generated from
        the lead is part of the lead's sentence, and a list that printed both would say it twice."""
        title = _comparable(self.title)
        return next((s for s in self.summary if title not in _comparable(s) and _comparable(s) not in title), "")


def _comparable(text: str) -> str:
    """``text`` for containment: case, quotation marks and punctuation runs ignored."""
    return " ".join(re.sub(r"[^\w\s]+", " ", text.casefold()).split())


# ---------------------------------------------------------------- reading


def key_lines(node: yaml.Node | None, offset: int, prefix: tuple = ()) -> dict[tuple, int]:
    """File line of every key and list item of a composed YAML node (``offset``: line of its first line)."""
    lines: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*prefix, key_node.value)
            lines.setdefault(key, key_node.start_mark.line + offset)
            lines |= {k: v for k, v in key_lines(value_node, offset, key).items() if k not in lines}
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*prefix, index)
            lines[key] = item.start_mark.line + offset
            lines |= key_lines(item, offset, key)
    return lines


def _check_events(front: str) -> None:
    """Unreadable for what the YAML may not use, found from the parser's events before any value is
    built: anchors and aliases (an alias bomb expands exponentially), and nesting past MAX_DEPTH."""
    if len(front) > MAX_FRONT_MATTER:
        raise Unreadable(
            2, "front matter", f"{len(front):,} characters, over the limit of {MAX_FRONT_MATTER:,}", "a short header"
        )
    depth = 0
    for event in yaml.parse(front, Loader=LOADER):
        line = event.start_mark.line + 2
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Unreadable(
                line,
                "front matter",
                "YAML anchors and aliases (&name, *name) are not allowed",
                "every value written out",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Unreadable(
                    line, "front matter", f"nested more than {MAX_DEPTH} levels deep", "the contract's shape"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_keys(node: yaml.Node | None, offset: int) -> None:
    """Unreadable for a key that is not text, or a key written twice in one mapping (YAML would
    silently keep the last)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise Unreadable(line, "front matter", "a key that is not a plain name", "'name: value'")
            if key_node.value in seen:
                what = f"duplicate key {key_node.value!r} (first on line {seen[key_node.value]})"
                raise Unreadable(line, "front matter", what, "each key once")
            seen[key_node.value] = line
            _check_keys(value_node, offset)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_keys(item, offset)


def _error_line(exc: yaml.YAMLError, front: str) -> int:
    """The line of a YAML error: where the problem is, unless a quote or bracket was left open
    (YAML notices on a later line, or at the end of the text): then where it was opened."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses: no mark, a position
        return front[: exc.position].count("\n") + 2
    problem, context = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    left_open = any(word in str(getattr(exc, "context", "") or "") for word in ("flow", "quoted"))
    if problem is not None and context is not None and (left_open or problem.index >= len(front.rstrip())):
        problem = context
    mark = problem or context
    last = len(front.rstrip().splitlines()) + 1  # never past the front matter's last line
    return min(mark.line + 2, last) if mark else 2  # + 2: the opening '---' and 1-based


def parse(text: str, file: str, front_matter_required: bool = True) -> Article:
    """The article in ``text``; Unreadable says why not. A page that may go without front matter
    (an index page under ``check``) is read as all body when it has none."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        if front_matter_required:
            raise NoFrontMatter
        return Article.of(file, {}, text)
    front = match.group("yaml") or ""
    body_line = text[: match.end()].count("\n") + 1
    # One parse gives both the values and the line of every key, after a pass over its events.
    loader = _Loader(front)
    try:
        _check_events(front)
        node = loader.get_single_node()
        _check_keys(node, 2)
        meta = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # TypeError: a value YAML cannot hash as a key
        problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc).strip().splitlines()[0]
        line = _error_line(exc, front) if isinstance(exc, yaml.YAMLError) else 2
        raise Unreadable(line, "front matter", f"not valid YAML ({problem})", YAML_HINT) from exc
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Unreadable(2, "front matter", "not a mapping", "'key: value' lines")
    return Article.of(file, meta, text[match.end() :], body_line, key_lines(node, 2))


# ---------------------------------------------------------------- the contract, checked


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One value of a front matter that the contract refuses (an error) or does not know (a warning)."""

    line: int
    key: str
    what: str
    expected: str
    error: bool = True


def _line(lines: dict[tuple, int], *key: Any) -> int:
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return 1


def contract_problems(meta: dict[str, Any], lines: dict[tuple, int]) -> list[FieldProblem]:
    """Every value of ``meta`` checked against CONTRACT and QUOTE_KEYS, with its line; keys the
    contract does not name are warnings (a misspelt ``titel:``), since MkDocs never sees them."""
    found = []
    for key, spec in CONTRACT.items():
        if key not in meta:
            if spec.required:
                found.append(FieldProblem(1, key, "missing", spec.expected))
        elif not spec.test(meta[key]):
            found.append(FieldProblem(_line(lines, key), key, f"wrong value: {describe(meta[key])}", spec.expected))
    for key in meta:
        if key not in CONTRACT:
            found.append(FieldProblem(_line(lines, key), str(key)[:60], "unknown key", _known(key, CONTRACT), False))
    for index, quote in enumerate(meta.get("quotes") if isinstance(meta.get("quotes"), list) else []):
        where = f"quotes[{index}]"
        if not isinstance(quote, dict):
            found.append(FieldProblem(_line(lines, "quotes", index), where, "not a mapping", "text, speaker, role"))
            continue
        for key, spec in QUOTE_KEYS.items():
            if key not in quote:
                if spec.required:
                    found.append(
                        FieldProblem(_line(lines, "quotes", index), f"{where}.{key}", "missing", spec.expected)
                    )
            elif not spec.test(quote[key]):
                line = _line(lines, "quotes", index, key)
                found.append(
                    FieldProblem(line, f"{where}.{key}", f"wrong value: {describe(quote[key])}", spec.expected)
                )
        for key in quote:
            if key not in QUOTE_KEYS:
                line = _line(lines, "quotes", index, key)
                found.append(FieldProblem(line, f"{where}.{key}", "unknown key", _known(key, QUOTE_KEYS), error=False))
    return found


def _known(key: Any, keys: dict[str, Key]) -> str:
    close = difflib.get_close_matches(str(key), keys, n=1)
    return f"{close[0]!r}" if close else f"one of {', '.join(keys)}"


def body_problems(article: Article) -> list[FieldProblem]:
    """A body that Markdown would take minutes or a recursion error to render, at its first line."""
    body, first = article.body, article.body_line
    if len(body) > MAX_BODY:
        return [
            FieldProblem(first, "body", f"{len(body):,} characters, over the limit of {MAX_BODY:,}", "a shorter text")
        ]
    found, start, brackets = [], first, 0
    deep: dict[str, FieldProblem] = {}
    admonitions = len(_ADMONITION.findall(body))
    if admonitions > MAX_ADMONITIONS:
        found.append(FieldProblem(first, "body", f"{admonitions} '!!!' blocks", f"at most {MAX_ADMONITIONS}"))
    for number, line in enumerate(body.split("\n"), first):
        if not line.strip():
            start, brackets = number + 1, 0
            continue
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            found.append(FieldProblem(start, "body", f"over {MAX_BRACKETS} '[' in one paragraph", "fewer brackets"))
            brackets = -(10**9)  # once per paragraph
        indent = len(_INDENT.match(line).group(0).expandtabs(4))
        if indent > MAX_INDENT:
            what = f"a line indented {indent} columns (lists nested that deep break Markdown)"
            deep.setdefault("indent", FieldProblem(number, "body", what, f"at most {MAX_INDENT}"))
        marks = _QUOTE_MARKS.match(line)
        if marks and marks.group(0).count(">") > MAX_QUOTE_MARKS:
            what = f"a quote nested {marks.group(0).count('>')} deep"
            deep.setdefault("quote", FieldProblem(number, "body", what, f"at most {MAX_QUOTE_MARKS} '>'"))
    return found + list(deep.values())  # the first line of each kind: one is enough to fix them all


def errors_of(article: Article) -> list[FieldProblem]:
    """The errors that keep an article out of the site: its contract, and a body Markdown cannot
    render in reasonable time."""
    return [problem for problem in contract_problems(article.meta, article.lines) if problem.error] + body_problems(
        article
    )


def read_text(path: Path) -> str:
    """The text of a file with its line ends as ``\n`` (as ``Path.read_text`` gives them)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Unreadable(line, "file", "not UTF-8 text", "a file saved as UTF-8") from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read(path: Path, front_matter_required: bool = True) -> Article:
    """The article in the file at ``path``. A build reads each article twice (for the index pages,
    then in MkDocs' hooks): the second reading of the same text is not parsed again."""
    article = _parsed(read_text(path), path.name, front_matter_required)
    # Its own front matter: whoever reads it may change what they were given.
    return replace(article, meta=copy.deepcopy(article.meta))


_parsed = functools.lru_cache(maxsize=8192)(parse)  # a build's worth of articles and pages


LEFT_OUT = "left as it is and out of the index pages and the site; fix it and rebuild"


def read_all(folder: Path, shown_as: str) -> tuple[list[Article], list[Problem]]:
    """Every article of ``folder`` by file name, and a problem for each that cannot be read
    (``shown_as``: the folder as messages name it)."""
    found, problems = [], []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        shown = f"{shown_as}/{path.name}"
        try:
            article = read(path)
        except Unreadable as exc:
            problems.append(exc.problem(shown, LEFT_OUT))
            continue
        errors = errors_of(article)
        problems += [
            Problem(shown, e.line, "article", f"{e.key}: {e.what}; expected {e.expected}", LEFT_OUT) for e in errors
        ]
        if not errors:
            found.append(article)
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
