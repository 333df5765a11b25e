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
from generator.cache import Cache, corpus_stage, merged_file, process_sources, tree_digest
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
ARTICLES_DIR = "articles"
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


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def raw_files(raw_dir: Path) -> list[Path]:
    """The sources of ``raw_dir``: its files, and links to files inside it (a link a pull request
    adds to /etc/passwd or a key file is not a source: ``outside_links``)."""
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(".") and _inside(p, raw_dir))


def outside_links(raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.iterdir() if p.is_symlink() and not _inside(p, raw_dir))


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
    """Articles already in ``out_dir`` by the raw source they came from: the source the generator
    recorded for the file (a ``source:`` edited by hand does not make it another source's), else
    the one its front matter names."""
    found: dict[str, Path] = {}
    for path in sorted(out_dir.glob("*.md")) if out_dir.is_dir() else []:
        base = merge.load_record(merge.record_path(path))
        source = base.get("source") if base is not None and isinstance(base.get("source"), str) else None
        if source is None:
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
    cache: Cache | None = None,
    jobs: int = 1,
) -> Result:
    """``shown_as``: the folder to name in messages when ``out_dir`` is a working copy of it;
    ``cache``: the results of earlier builds to reuse; ``jobs``: worker processes for the sources."""
    result = Result()
    files = raw_files(raw_dir)
    for link in outside_links(raw_dir):
        result.problems.append(
            Problem(
                f"{settings.relative(raw_dir)}/{link.name}",
                None,
                "decode",
                "a link to a file outside the raw folder",
                "skipped",
            )
        )
    # Gather: every source through the stages, then the corpus-wide stages.
    for processed in process_sources(files, settings, process, cache, jobs, progress):
        (result.problems if isinstance(processed, Problem) else result.documents).append(processed)
    result.documents = corpus_stage(cache, "events", result.documents, events.assign, settings)
    # Write, now that everything is gathered: first render and merge every file with the
    # person's edits, then write them all, so that a failure while rendering writes nothing.
    paths = assign_paths(result.documents, out_dir)
    outputs: dict[Path, str] = {}
    for doc in result.documents:
        path = paths[doc.source]
        shown = settings.relative((shown_as or out_dir) / path.name)
        try:
            front_matter, body = write.front_matter(doc), write.render_body(doc)
            merged = merged_file(cache, path, front_matter, body, shown, overwrite_edits)
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


def index_pages(entries: list[articles.Article], settings: Settings) -> dict[str, str]:
    """The home, quotes, tags, treaty-history pages, the feed and the explainer's report, by path
    under content/, from the readable articles."""
    treaty_history = explainer.build(entries, settings)
    site = settings.data.site
    title = site_title(entries, site, settings)
    known = known_entities(entries, settings)
    generated = {
        "index.md": pages.home_page(entries, settings.data.events, site, title, bool(treaty_history.instruments)),
        "quotes.md": pages.quotes_page(entries),
        "tags.md": pages.tags_page(entries, known),
        "explainer.md": explainer.render(treaty_history, site),
        "feed.xml": pages.feed(entries, title),
    }
    # content/tags/ holds one generated page per tag.
    generated |= {f"{TAG_DIR}/{name}": text for name, text in pages.tag_pages(entries, known).items()}
    report_text = json.dumps(explainer.report(treaty_history), indent=2, ensure_ascii=False) + "\n"
    return generated | {f"{REPORT_DIR}/explainer.json": report_text}


def write_index_pages(
    content_dir: Path, entries: list[articles.Article], settings: Settings, cache: Cache | None = None
) -> list[Path]:
    """Write ``index_pages`` into ``content_dir`` (the last build's, when the articles as written
    are the same); a tag no article has any more loses its page."""
    if cache is None:
        generated = index_pages(entries, settings)
    else:
        key = cache.key("index pages", tree_digest(content_dir / ARTICLES_DIR))
        generated = cache.computed("corpus", key, lambda: index_pages(entries, settings))
    tag_dir = content_dir / TAG_DIR
    for stale in sorted(tag_dir.glob("*.md")) if tag_dir.is_dir() else []:
        if f"{TAG_DIR}/{stale.name}" not in generated:
            stale.unlink()
    written = []
    for name, text in generated.items():
        if write.write_atomic(content_dir / name, text) and not name.startswith(REPORT_DIR):
            written.append(content_dir / name)
    return written
