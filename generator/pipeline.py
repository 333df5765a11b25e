"""The pipeline, read top to bottom: read the sources, run the stages, write the results.

Gather first (every source read and processed, corpus-wide stages run), then write, so that
cross-document work sees the whole corpus and a failure before writing changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import (
    articles,
    clean,
    decode,
    entities,
    events,
    explainer,
    merge,
    metadata,
    pages,
    quotes,
    sentences,
    site_info,
    summary,
    transcript,
    write,
)
from generator.config import Entity, Settings
from generator.document import Document
from generator.errors import Problem, SourceError

Stage = Callable[[Document, Settings], Document]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("decode", decode.run),
    ("clean", clean.run),
    ("transcript", transcript.run),
    ("metadata", metadata.run),
    ("sentences", sentences.run),
    ("summary", summary.run),
    ("quotes", quotes.run),
    ("entities", entities.run),
)
REPORT_DIR = ".report"
TAG_DIR = "tags"
_SOURCE_LINE = re.compile(r"^source:[ \t]*(\S+)[ \t]*$", re.MULTILINE)


@dataclass
class Result:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # sources skipped, articles left as they are
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    conflicts: list[merge.Conflict] = field(default_factory=list)
    kept: dict[str, tuple[str, ...]] = field(default_factory=dict)  # fields kept from a person's edit, by file


Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


def raw_files(raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def process(path: Path, settings: Settings) -> Document:
    """Run every per-document stage on one raw file; SourceError names what went wrong."""
    return process_bytes(path.read_bytes(), settings.relative(path), settings)


def process_bytes(raw: bytes, source: str, settings: Settings) -> Document:
    """Every per-document stage on the bytes of one source named ``source`` (also used by bench/)."""
    doc = Document(source=source, source_sha256=hashlib.sha256(raw).hexdigest(), raw=raw)
    for name, stage in STAGES:
        try:
            doc = stage(doc, settings)
        except SourceError:
            raise
        except Exception as exc:  # a bug must not stop the other files; it is reported by name
            raise SourceError(doc.source, name, f"unexpected {type(exc).__name__}: {exc}") from exc
    if not any(p.kind == "text" for p in doc.paragraphs):
        raise SourceError(doc.source, "clean", "no story text left after cleaning")
    return doc


def existing_articles(out_dir: Path) -> dict[str, Path]:
    """Articles already in ``out_dir`` by the raw source they came from."""
    found: dict[str, Path] = {}
    for path in sorted(out_dir.glob("*.md")) if out_dir.is_dir() else []:
        try:
            source = articles.read(path).source
        except articles.Unreadable:  # reported when it is merged; its source line keeps it matched
            match = _SOURCE_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
            source = match.group(1).strip("'\"") if match else None
        if source is not None:
            found.setdefault(source, path)
    return found


def assign_paths(docs: list[Document], out_dir: Path) -> dict[str, Path]:
    """A stable file per source: the file it already has, else a new slug of its title."""
    known = existing_articles(out_dir)
    # Every existing file name is taken, so that a new article never overwrites any file.
    taken = {path.name for path in out_dir.glob("*.md")} if out_dir.is_dir() else set()
    paths: dict[str, Path] = {}
    for doc in docs:
        if doc.source in known:
            paths[doc.source] = known[doc.source]
            continue
        slug = write.slugify(doc.title, Path(doc.source).stem)
        name, number = f"{slug}.md", 2
        while name in taken:
            name, number = f"{slug}-{number}.md", number + 1
        taken.add(name)
        paths[doc.source] = out_dir / name
    return paths


def report(doc: Document) -> str:
    return (
        json.dumps(
            {
                "source": doc.source,
                "encoding": doc.encoding,
                "kind": doc.kind,
                "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in doc.removals],
                "notes": list(doc.notes),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def normalize(
    raw_dir: Path,
    out_dir: Path,
    settings: Settings,
    progress: Progress = _quiet,
    overwrite_edits: bool = False,
    shown_as: Path | None = None,
) -> Result:
    """``shown_as``: the folder to name in messages when ``out_dir`` is a working copy of it."""
    result = Result()
    files = raw_files(raw_dir)
    # Gather: every source through the stages, then the corpus-wide stages.
    for number, path in enumerate(files, 1):
        progress(f"[{number}/{len(files)}] {settings.relative(path)}")
        try:
            result.documents.append(process(path, settings))
        except SourceError as exc:
            result.problems.append(exc.as_problem())
    result.documents = events.assign(result.documents, settings)
    # Write, now that everything is gathered: first render and merge every file with the
    # person's edits, then write them all, so that a failure while rendering writes nothing.
    paths = assign_paths(result.documents, out_dir)
    outputs: dict[Path, str] = {}
    for doc in result.documents:
        path = paths[doc.source]
        shown = settings.relative((shown_as or out_dir) / path.name)
        try:
            merged = merge.merge_file(path, write.front_matter(doc), write.render_body(doc), shown, overwrite_edits)
        except articles.Unreadable as exc:
            result.problems.append(exc.problem(shown, "left as it is, fix it and rebuild"))
            continue
        result.conflicts.extend(merged.conflicts)
        if merged.kept:
            result.kept[shown] = merged.kept
        outputs[path] = merged.text
        outputs[merge.record_path(path)] = merged.record
        outputs[out_dir / REPORT_DIR / f"{path.stem}.json"] = report(doc)
    for path, text in outputs.items():
        changed = write.write_atomic(path, text)
        if path.parent == out_dir:
            (result.written if changed else result.unchanged).append(path)
    return result


def _speakers(entries: list[articles.Article]) -> set[str]:
    return {quote.speaker for entry in entries for quote in entry.quotes if quote.speaker}


def known_entities(entries: list[articles.Article], settings: Settings) -> tuple[Entity, ...]:
    """The curated entities, and the quoted speakers nobody curated as people (for the tag pages)."""
    curated = settings.data.entities
    names = {e.name for e in curated}
    return curated + tuple(Entity(name=s, kind="person") for s in sorted(_speakers(entries)) if s not in names)


def site_title(entries: list[articles.Article], site: site_info.SiteInfo, settings: Settings) -> str:
    """The curated title, else one after the people the coverage is most about."""
    people = {e.name for e in known_entities(entries, settings) if e.kind == "person"}
    tags = [list(entry.tags) for entry in entries]
    return site_info.resolve_title(site, tags, people)


def write_index_pages(content_dir: Path, entries: list[articles.Article], settings: Settings) -> list[Path]:
    """The home, quotes, tags, treaty-history pages and the feed, from the readable articles."""
    treaty_history = explainer.build(entries, settings)
    site = settings.data.site
    title = site_title(entries, site, settings)
    known = known_entities(entries, settings)
    written = []
    home = pages.home_pages(entries, settings.data.events, site, title, bool(treaty_history.instruments))
    quotes = pages.quotes_pages(entries, known)
    # Pages beyond the first of a long index; one the coverage no longer fills goes.
    for stale in sorted([*content_dir.glob("timeline-*.md"), *content_dir.glob("quotes-*.md")]):
        if stale.name not in home and stale.name not in quotes:
            stale.unlink()
    for name, text in (
        *home.items(),
        *quotes.items(),
        ("tags.md", pages.tags_page(entries, known)),
        ("explainer.md", explainer.render(treaty_history, site)),
        ("feed.xml", pages.feed(entries, title)),
        ("feed.md", pages.feed_page(entries)),
    ):
        if write.write_atomic(content_dir / name, text):
            written.append(content_dir / name)
    # content/tags/ holds one generated page per tag; a tag no article has any more loses its page.
    tag_dir = content_dir / TAG_DIR
    tag_pages = pages.tag_pages(entries, known)
    for stale in sorted(tag_dir.glob("*.md")) if tag_dir.is_dir() else []:
        if stale.name not in tag_pages:
            stale.unlink()
    for name, text in tag_pages.items():
        if write.write_atomic(tag_dir / name, text):
            written.append(tag_dir / name)
    report_text = json.dumps(explainer.report(treaty_history), indent=2, ensure_ascii=False) + "\n"
    write.write_atomic(content_dir / REPORT_DIR / "explainer.json", report_text)
    return written
