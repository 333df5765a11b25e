"""``python -m generator check``: validate content the way a reviewer of a pull request would.

Every rule runs on every file before anything is reported (a bad file lists all its
problems at once), one line per problem::

    content/articles/x.md:12: error: summary[1]: not found in the article's text; expected ...

Checks: the front-matter contract of articles (``articles.CONTRACT``), summary sentences and
quotes that are not in the body, speakers the body never names, internal links and anchors,
duplicate sources and anchors, tags and events that the data files do not name (warnings), and
the data files under ``content/data``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify

from generator import articles, markdown_text, merge, pipeline, site
from generator.config import load_data
from generator.errors import DataFileError, DataProblem

ERROR, WARNING = "error", "warning"
ARTICLES_DIR = "articles"
DATA_DIR = "data"
_SKIPPED_DIRS = {"raw", DATA_DIR}

_LINK = re.compile(r"(?<![\\!])\[(?:[^\]\\]|\\.)*\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ATTR_ID = re.compile(r"\{\s*:?[^}]*?#(?P<id>[\w-]+)[^}]*\}")
_HTML_ID = re.compile(r"\bid=[\"'](?P<id>[^\"']+)[\"']")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# What a body may not hold (the site strips it; check names it): raw HTML, a link whose address is
# not http(s), mailto, relative or an anchor, a picture from anywhere, attributes beyond an id or class.
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])[^>]*>?|<!--|<![A-Za-z\[]|<\?")
_TARGETS = re.compile(
    r"\]\(\s*(?P<inline><[^>]*>|[^)\s]*)"  # [text](target)
    r"|^\s{0,3}\[[^\]]+\]:\s*(?P<reference><[^>]*>|\S+)"  # [label]: target
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>"  # <scheme:...>
)
_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")
_ATTRIBUTES = re.compile(r"\{[^}]*?\b(?P<name>[A-Za-z_:][\w:.-]*)\s*=")
_ALLOWED_SCHEMES = ("http", "https", "mailto")
_BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str
    line: int
    severity: str
    key: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        expected = f"; expected {self.expected}" if self.expected else ""
        return f"{self.path}:{self.line}: {self.severity}: {self.key}: {self.message}{expected}"


@dataclass
class Page:
    """One Markdown file as the checks see it."""

    path: Path
    shown: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    lines: dict[tuple, int] = field(default_factory=dict)  # key path -> file line
    readable: bool = True

    def line(self, *key: Any) -> int:
        """The line of a key (or of its nearest parent that has one)."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

    @property
    def is_article(self) -> bool:
        return self.path.parent.name == ARTICLES_DIR

    @cached_property
    def anchors(self) -> set[str]:
        found: set[str] = set()
        in_fence = False
        for line in self.body.splitlines():
            if _FENCE.match(line):
                in_fence = not in_fence
            if in_fence:
                continue
            found.update(m.group("id") for m in _ATTR_ID.finditer(line))
            found.update(m.group("id") for m in _HTML_ID.finditer(line))
            heading = _HEADING.match(line)
            if heading and not _ATTR_ID.search(heading.group("text")):
                found.add(slugify(markdown_text.plain(heading.group("text")), "-"))
        return found


# ---------------------------------------------------------------- reading


def read_page(path: Path, shown: str, problems: list[Problem]) -> Page:
    """The page at ``path`` as ``articles`` reads it; an article must have front matter."""
    is_article = path.parent.name == ARTICLES_DIR
    try:
        article = articles.read(path, front_matter_required=is_article)
    except articles.NoFrontMatter as exc:
        # Reported, and the rest is still checked: the contract then lists every key it lacks.
        problems.append(Problem(shown, exc.line, ERROR, exc.part, exc.what, exc.expected))
        article = articles.read(path, front_matter_required=False)
    except articles.Unreadable as exc:
        problems.append(Problem(shown, exc.line, ERROR, exc.part, exc.what, exc.expected))
        return Page(path, shown, readable=False)
    return Page(path, shown, article.meta, article.body, article.body_line, article.lines)


# ---------------------------------------------------------------- the front-matter contract


def check_contract(page: Page) -> Iterable[Problem]:
    for found in articles.contract_problems(page.meta, page.lines):
        yield Problem(page.shown, found.line, ERROR if found.error else WARNING, found.key, found.what, found.expected)
    summary = page.meta.get("summary")
    if isinstance(summary, list) and not 2 <= len(summary) <= 4 and articles.is_str_list(summary):
        yield Problem(page.shown, page.line("summary"), WARNING, "summary", f"{len(summary)} sentences", "2 to 4")


def _squash(text: str) -> str:
    return " ".join(text.split())


def check_verbatim(page: Page) -> Iterable[Problem]:
    """Summary sentences and quotes must be words of the article's own text."""
    body = _squash(markdown_text.plain(page.body))
    summary = page.meta.get("summary")
    for index, sentence in enumerate(summary if articles.is_str_list(summary) else []):
        if _squash(sentence) not in body:
            yield Problem(
                page.shown,
                page.line("summary", index),
                ERROR,
                f"summary[{index}]",
                f"not found in the article's text: {sentence[:80]!r}",
                "a sentence copied from the body (edit both together)",
            )
    quotes = page.meta.get("quotes")
    for index, quote in enumerate(quotes if isinstance(quotes, list) else []):
        text = quote.get("text") if isinstance(quote, dict) else None
        if articles.is_str(text) and _squash(text) not in body:
            yield Problem(
                page.shown,
                page.line("quotes", index, "text"),
                ERROR,
                f"quotes[{index}].text",
                f"not found in the article's text: {text[:80]!r}",
                "the quoted words exactly as the body has them",
            )


def check_source(page: Page, root: Path) -> Iterable[Problem]:
    source = page.meta.get("source")
    if articles.is_raw_source(source) and not (root / source).is_file():
        yield Problem(
            page.shown, page.line("source"), ERROR, "source", f"no such raw file: {source}", "a path under content/raw/"
        )


@dataclass(frozen=True, slots=True)
class Known:
    """Names the data files define: what tags and events of articles are checked against."""

    canonical: dict[str, str] = field(default_factory=dict)  # casefolded name or alias -> canonical name
    names: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical name -> its names and aliases


def _generated(page: Page) -> dict[str, Any]:
    """What the generator wrote for this article last (its base record), or {} when there is none."""
    record = merge.load_record(merge.record_path(page.path))
    return record if record is not None and record.get("source") == page.meta.get("source") else {}


def check_names(page: Page, known: Known) -> Iterable[Problem]:
    """Tags and events the data files do not know, when a person wrote them: the generator's own
    (tags after recurring names, events after their month and place) are reported by the build."""
    generated = _generated(page)
    generated_tags = set(generated.get("tags") or []) if isinstance(generated.get("tags"), list) else set()
    tags = page.meta.get("tags")
    for index, tag in enumerate(tags if known.names and articles.is_str_list(tags) else []):
        if tag in known.names or tag in generated_tags:
            continue
        better = known.canonical.get(tag.casefold())
        hint = f"the canonical name {better!r}" if better else "a name from content/data/entities.yml (or add it there)"
        yield Problem(page.shown, page.line("tags", index), WARNING, f"tags[{index}]", f"unknown tag {tag!r}", hint)
    event = page.meta.get("event")
    as_generated = merge.fingerprint(event) == (generated.get("fields") or {}).get("event")
    if known.events and articles.is_str(event) and event not in known.events and not as_generated:
        yield Problem(
            page.shown,
            page.line("event"),
            WARNING,
            "event",
            f"unknown event {event!r}",
            "a name from content/data/events.yml (or add it there), or null",
        )


def _words(value: str) -> str:
    """Lower-case words with single spaces: "Kim Jong-un" and "kim jong un" read the same."""
    return " " + " ".join(re.findall(r"\w+", value.casefold())) + " "


def check_speakers(page: Page, known: Known) -> Iterable[Problem]:
    """A quote's speaker must be someone the text names: in full, by an alias of the data files,
    or by surname ("Putin" for Vladimir Putin). Anyone else is a guess; the contract says null."""
    text = _words(markdown_text.plain(page.body))
    quotes = page.meta.get("quotes")
    # With the data files broken (reported already) the aliases are unknown: no guessing either way.
    for index, quote in enumerate(quotes if isinstance(quotes, list) and known.aliases else []):
        speaker = quote.get("speaker") if isinstance(quote, dict) else None
        if not articles.is_str(speaker) or not speaker.strip():
            continue
        canonical = known.canonical.get(speaker.casefold(), speaker)
        names = {speaker, *known.aliases.get(canonical, (canonical,))}
        surnames = {words.split()[-1] for name in names if len((words := _words(name)).split()) > 1}
        if any(_words(name) in text for name in names) or any(f" {s} " in text for s in surnames if len(s) > 2):
            continue
        yield Problem(
            page.shown,
            page.line("quotes", index, "speaker"),
            ERROR,
            f"quotes[{index}].speaker",
            f"{speaker!r} is not named in the article's text",
            "a person or body the text names, or null when it does not say who spoke",
        )


# ---------------------------------------------------------------- links and anchors


def _body_lines(page: Page) -> Iterable[tuple[int, str]]:
    in_fence = False
    for number, line in enumerate(page.body.splitlines(), page.body_line):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            yield number, re.sub(r"`[^`]*`", "", line)


def _scheme(target: str) -> str | None:
    """The scheme of a link as a browser reads it (entities decoded, spaces and controls dropped)."""
    address = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(target.strip("<>")))
    scheme = _SCHEME.match(address)
    return scheme.group(0)[:-1].lower() if scheme else None


def check_body(page: Page) -> Iterable[Problem]:
    """What an article's body may not hold: it is not rendered live, and a contributor should know."""
    article = articles.Article.of(page.path.name, page.meta, page.body, page.body_line, page.lines)
    for found in articles.body_problems(article):
        yield Problem(page.shown, found.line, ERROR, found.key, found.what, found.expected)
    for number, line in _body_lines(page):
        if _BODY_CONTROL.search(line):
            yield Problem(page.shown, number, ERROR, "body", "a control character", "plain text")
        for match in _RAW_HTML.finditer(line):
            yield Problem(
                page.shown,
                number,
                ERROR,
                "body",
                f"raw HTML {match.group(0)[:40]!r} (the site strips it)",
                "Markdown only: **bold**, [text](https://...), a blank line between paragraphs",
            )
        for match in _TARGETS.finditer(line):
            target = match.group("inline") or match.group("reference") or match.group("auto") or ""
            scheme = _scheme(target)
            if scheme is not None and scheme not in _ALLOWED_SCHEMES:
                yield Problem(
                    page.shown,
                    number,
                    ERROR,
                    "link",
                    f"a {scheme}: address {target[:40]!r} (the site drops it)",
                    "an http(s) address, a relative path or an #anchor",
                )
        if _IMAGE.search(line):
            yield Problem(
                page.shown,
                number,
                ERROR,
                "body",
                "an image (the site shows none: no request leaves a reader's machine)",
                "text",
            )
        for match in _ATTRIBUTES.finditer(line):
            yield Problem(
                page.shown,
                number,
                ERROR,
                "body",
                f"an attribute {match.group('name')}= in an attribute list (the site strips it)",
                "{: #id } or {: .class } only",
            )


def check_links(page: Page, pages: dict[Path, Page]) -> Iterable[Problem]:
    for number, line in _body_lines(page):
        for match in _LINK.finditer(line):
            target = match.group("target").strip("<>")
            if _SCHEME.match(target) or target.startswith("/"):
                continue
            file_part, _, anchor = target.partition("#")
            destination = (page.path.parent / file_part).resolve() if file_part else page.path.resolve()
            if file_part and not destination.exists():
                yield Problem(
                    page.shown, number, ERROR, "link", f"no such file: {target}", "a path relative to this file"
                )
                continue
            if not anchor or destination.suffix != ".md":
                continue
            linked = pages.get(destination) or _loose_page(destination)
            # A page that cannot be read has its own error; its anchors are not known, not missing.
            if linked is not None and linked.readable and anchor not in linked.anchors:
                yield Problem(
                    page.shown,
                    number,
                    ERROR,
                    "link",
                    f"no anchor #{anchor} in {file_part or 'this page'}",
                    "an id the page has, such as #p-1 for its first paragraph",
                )


def _loose_page(path: Path) -> Page | None:
    """A linked page outside the checked paths, read only for its anchors."""
    if not path.is_file():
        return None
    return read_page(path, str(path), [])


def check_duplicate_anchors(page: Page) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for number, line in _body_lines(page):
        for match in _ATTR_ID.finditer(line):
            anchor = match.group("id")
            if anchor in seen:
                yield Problem(
                    page.shown,
                    number,
                    ERROR,
                    "anchor",
                    f"#{anchor} is used twice (first on line {seen[anchor]})",
                    "each paragraph id once per page",
                )
            seen.setdefault(anchor, number)


def check_corpus(pages: list[Page]) -> Iterable[Problem]:
    """Two articles for one source, or file names that differ only in case."""
    by_source: dict[str, Page] = {}
    by_name: dict[tuple[Path, str], Page] = {}
    for page in pages:
        source = page.meta.get("source")
        if articles.is_str(source):
            if source in by_source:
                first = by_source[source]
                yield Problem(
                    page.shown,
                    page.line("source"),
                    ERROR,
                    "source",
                    f"duplicate: {first.shown} is made from {source} too",
                    "one article per raw source; delete one",
                )
            by_source.setdefault(source, page)
        slug = (page.path.parent, page.path.name.casefold())
        if slug in by_name:
            yield Problem(
                page.shown,
                1,
                ERROR,
                "slug",
                f"same file name as {by_name[slug].shown} apart from case",
                "file names unique ignoring case",
            )
        by_name.setdefault(slug, page)


# ---------------------------------------------------------------- data files


def _data_problem(problem: DataProblem) -> Problem:
    """A problem the data-file loader found, as check shows it.

    Inside an entry it is named by its key like a front-matter problem (``events[1].start``);
    a problem of the file as a whole, or of a top-level key, is the file's ``data`` problem."""
    if problem.in_entry:
        return Problem(problem.path, problem.line, ERROR, problem.key, problem.what, problem.expected)
    message = f"{problem.key}: {problem.what}" if problem.key else problem.what
    return Problem(problem.path, problem.line, ERROR, "data", message, problem.expected or "a valid data file")


def check_data(data_dir: Path, root: Path) -> tuple[list[Problem], Known]:
    """Problems of the data files (the loader's own validation), and the names they define."""
    problems = list(check_duplicate_aliases(data_dir / "entities.yml", root))
    try:
        data = load_data(data_dir, root)
    except DataFileError as exc:
        return problems + [_data_problem(problem) for problem in exc.problems], Known()
    canonical: dict[str, str] = {}
    for entity in data.entities:
        for alias in [entity.name, *entity.aliases]:
            canonical.setdefault(alias.casefold(), entity.name)
    events = frozenset(event.name for event in data.events)
    aliases = {entity.name: (entity.name, *entity.aliases) for entity in data.entities}
    return problems, Known(canonical, frozenset(canonical.values()), events, aliases)


def check_duplicate_aliases(path: Path, root: Path) -> Iterable[Problem]:
    """A name or alias that two entities claim (a warning: the first entry wins), read as written."""
    if not path.is_file():
        return
    try:
        text = path.read_text(encoding="utf-8")
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=articles.LOADER)):
            return  # perhaps an alias bomb, billions of values to walk: the loader refuses it
        entries = (yaml.load(text, Loader=articles.LOADER) or {}).get("entities") or []
        lines = articles.key_lines(yaml.compose(text, Loader=articles.LOADER), 1)
    except (yaml.YAMLError, UnicodeDecodeError, AttributeError):
        return  # not a file of entries: the loader reports what is wrong with it
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        aliases = entry.get("aliases") if isinstance(entry.get("aliases"), list) else []
        for alias in [entry.get("name"), *aliases]:
            key = str(alias).casefold()
            if key in seen and seen[key] != index:
                yield Problem(
                    _shown(path, root),
                    lines.get(("entities", index), 1),
                    WARNING,
                    f"entities[{index}]",
                    f"{alias!r} also names entry {seen[key]}",
                    "each name and alias in one entry only",
                )
            seen.setdefault(key, index)


# ---------------------------------------------------------------- entry point


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _markdown_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    found = []
    for candidate in sorted(path.rglob("*.md")):
        parts = candidate.relative_to(path).parts[:-1]
        if any(part.startswith(".") or part in _SKIPPED_DIRS for part in parts):
            continue
        found.append(candidate)
    return found


def _data_dir(paths: list[Path], root: Path) -> Path:
    for path in paths:
        if path.is_dir() and path.name == DATA_DIR:
            return path
        if path.is_dir() and (path / DATA_DIR).is_dir():
            return path / DATA_DIR
        if path.is_file() and path.parent.name == DATA_DIR:
            return path.parent
    return root / "content" / DATA_DIR


def check_paths(paths: list[Path], root: Path) -> list[Problem]:
    """Every problem of the Markdown files under ``paths`` (files or folders), sorted by file and line."""
    problems: list[Problem] = []
    data_problems, known = check_data(_data_dir(paths, root), root)
    problems += data_problems
    files = sorted({file.resolve() for path in paths for file in _markdown_files(path)})
    for path in paths:
        if not path.exists():
            problems.append(Problem(_shown(path, root), 1, ERROR, "path", "does not exist", "a file or folder"))
    raw = root / "content" / "raw"
    for link in pipeline.outside_links(raw) if raw.is_dir() else []:
        where = f"{_shown(raw, root)}/{link.name}"
        problems.append(
            Problem(where, 1, ERROR, "source", "a link to a file outside content/raw/", "a file, not a link")
        )
    content = root / "content"
    for path in paths:
        if path.is_dir() and path.resolve().is_relative_to(content.resolve()):
            for src_uri, why in site.refused_files(content):
                where = f"{_shown(content, root)}/{src_uri}"
                if (content / src_uri).resolve().is_relative_to(path.resolve()):
                    problems.append(Problem(where, 1, ERROR, "file", why))
    pages = {file: read_page(file, _shown(file, root), problems) for file in files}
    articles = [page for page in pages.values() if page.is_article and page.readable]
    for page in pages.values():
        if not page.readable:
            continue
        if page.is_article:
            problems += check_contract(page)
            problems += check_verbatim(page)
            problems += check_source(page, root)
            problems += check_names(page, known)
            problems += check_body(page)
            problems += check_speakers(page, known)
        problems += check_links(page, pages)
        problems += check_duplicate_anchors(page)
    problems += check_corpus(articles)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.severity, p.key, p.message))
