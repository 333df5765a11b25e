"""The pipeline, read top to bottom: read the sources, run the stages, write the results.

Gather first (every source read and processed, corpus-wide stages run), then write, so that
cross-document work sees the whole corpus and a failure before writing changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator import (
    articles,
    clean,
    decode,
    entities,
    event_pages,
    events,
    explainer,
    merge,
    metadata,
    names,
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
    renamed: list[tuple[Path, Path]] = field(default_factory=list)  # (old, new) articles, after a changed title
    removed: list[Path] = field(default_factory=list)  # records of articles that are gone or renamed


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
    taken |= {f"{stem}.md" for stem in redirect_targets(out_dir)}  # an old URL keeps pointing where it did
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


_REDIRECT_TARGET = re.compile(r'http-equiv="refresh" content="0; url=(?P<stem>[\w-]+)\.html"')


def redirect_targets(out_dir: Path) -> dict[str, str]:
    """The pages left at the names of renamed articles: old name -> the name they send on to."""
    found = {}
    for page in sorted(out_dir.glob("*.html")):
        if match := _REDIRECT_TARGET.search(page.read_text("utf-8", errors="replace")):
            found[page.stem] = match["stem"]
    return found


def redirect_page(title: str, target: Path) -> str:
    """An old article URL, sent on to the new one: a meta refresh (it works from file:// too,
    where no server can redirect) and a link for whoever has it switched off."""
    shown = html.escape(title, quote=True)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {shown}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target.stem}.html">\n'
        f'<link rel="canonical" href="{target.stem}.html">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f'<p>This article has moved: <a href="{target.stem}.html">{shown}</a>.</p>\n</body>\n</html>\n'
    )


_REDIRECT_TITLE = re.compile(r"<title>Moved: (?P<title>[^<]*)</title>")


def is_redirect_page(text: str) -> bool:
    """Whether ``text`` is exactly a page ``redirect_page`` writes: a pull request that edits one
    (a script, a refresh to javascript:) makes it some other HTML, which the site leaves out."""
    target, title = _REDIRECT_TARGET.search(text), _REDIRECT_TITLE.search(text)
    return bool(target and title) and text == redirect_page(html.unescape(title["title"]), Path(target["stem"]))


def _title_path(path: Path, title: Any, taken: set[str]) -> Path:
    """The file a retitled article moves to: its path when the name already fits the title."""
    slug = write.slugify(title if isinstance(title, str) else "", path.stem)
    if path.stem == slug or re.fullmatch(rf"{re.escape(slug)}-\d+", path.stem):
        return path
    name, number = f"{slug}.md", 2
    while name in taken:
        name, number = f"{slug}-{number}.md", number + 1
    return path.with_name(name)


def _rename(old: Path, new: Path, title: Any, outputs: dict[Path, str], out_dir: Path) -> list[Path]:
    """Move an article's outputs to ``new``; its old name becomes a redirect page, and redirects
    that pointed at the old name point at the new one. Returns the files to remove."""
    for path in (old, merge.record_path(old), out_dir / REPORT_DIR / f"{old.stem}.json"):
        text = outputs.pop(path, None)
        target = new if path == old else path.with_name(path.name.replace(old.stem, new.stem, 1))
        if text is not None:
            outputs[target] = text
    shown_title = title if isinstance(title, str) else new.stem
    for stem, target in redirect_targets(out_dir).items():
        if target == old.stem and stem != new.stem:
            outputs[out_dir / f"{stem}.html"] = redirect_page(shown_title, new)
    outputs[old.with_suffix(".html")] = redirect_page(shown_title, new)
    stale = new.with_suffix(".html")  # a redirect at the new name (renamed back): the article takes it
    return [old, *([stale] if stale.is_file() else [])]


def orphan_records(out_dir: Path) -> list[Path]:
    """Records (``.generated/``, ``.report/``) of articles that no longer exist: a file renamed by
    hand or deleted. Its record was adopted under the new name, when there is one."""
    articles_now = {path.stem for path in out_dir.glob("*.md")}
    records = [*out_dir.glob(f"{merge.GENERATED_DIR}/*.json"), *out_dir.glob(f"{REPORT_DIR}/*.json")]
    return sorted(path for path in records if path.stem not in articles_now)


def _follow_hand_rename(orphan: Path, paths: dict[str, Path], out_dir: Path) -> None:
    """Redirects to the name an article had before someone renamed its file by hand lead to its
    new name (the orphan record says which source it was)."""
    record = merge.load_record(orphan) if orphan.parent.name == merge.GENERATED_DIR else None
    now = paths.get(record.get("source")) if record else None
    if now is None or not now.is_file():
        return
    for stem, target in redirect_targets(out_dir).items():
        if target == orphan.stem:
            title = articles.parse(now.read_text(encoding="utf-8"), now.name).meta.get("title")
            write.write_atomic(out_dir / f"{stem}.html", redirect_page(str(title or now.stem), now))


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
    for unnamable in [path for path in files if not articles.is_raw_source(f"content/raw/{path.name}")]:
        # Its article could not name it as its source (a quote or '<' in an address, a newline in a line).
        files.remove(unnamable)
        shown = unnamable.name.encode("unicode_escape").decode("ascii")
        result.problems.append(
            Problem(
                f"{settings.relative(raw_dir)}/{shown}",
                None,
                "decode",
                "a file name with a character an address or a line cannot hold "
                "(\" ' < > & ? # % : ; ` or a control character)",
                "skipped; rename it",
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
    removed: list[Path] = []
    on_disk = {p.name for p in out_dir.glob("*.md")} if out_dir.is_dir() else set()
    taken = {path.name for path in paths.values()} | on_disk
    redirects = redirect_targets(out_dir)
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
        title = articles.parse(merged.text, shown).meta.get("title") if merged.title_changed else None
        # A name is free if no article has it and no redirect sends another article's old URL there.
        elsewhere = {f"{stem}.md" for stem, target in redirects.items() if target != path.stem}
        new_path = _title_path(path, title, (taken | elsewhere) - {path.name}) if merged.title_changed else path
        if new_path != path:
            taken.add(new_path.name)
            removed += _rename(path, new_path, title, outputs, out_dir)
            result.renamed.append((path, new_path))
            if shown in result.kept:
                result.kept[settings.relative((shown_as or out_dir) / new_path.name)] = result.kept.pop(shown)
    for path, text in outputs.items():
        changed = write.write_atomic(path, text)
        if path.parent == out_dir and path.suffix == ".md":
            (result.written if changed else result.unchanged).append(path)
    for path in removed:
        path.unlink(missing_ok=True)
    for path in orphan_records(out_dir):
        _follow_hand_rename(path, paths, out_dir)
        path.unlink()
        result.removed.append(path)
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


def one_name_per_speaker(entries: list[articles.Article], settings: Settings) -> list[articles.Article]:
    """Every speaker under their canonical name, so that one corrected quote ("Putin", "Kim
    Jong-un") does not list a person twice: an alias or near spelling of entities.yml, the same
    words in another order ("Kim Duyeon", "Duyeon Kim": family name first or last) under the
    spelling most quotes give, or a lone surname that ends exactly one full name among the speakers."""
    named = {speaker: names.canonical(speaker, settings) or speaker for speaker in _speakers(entries)}
    quoted = Counter(named[q.speaker] for entry in entries for q in entry.quotes if q.speaker)
    by_words: dict[frozenset[str], list[str]] = {}
    for name in sorted(set(named.values())):
        if len(name.split()) > 1:
            by_words.setdefault(frozenset(name.casefold().split()), []).append(name)
    spelling = {name: max(group, key=lambda n: (quoted[n], n)) for group in by_words.values() for name in group}
    named = {speaker: spelling.get(name, name) for speaker, name in named.items()}
    full_names = set(named.values())
    for speaker, name in named.items():
        if name == speaker and len(speaker.split()) == 1:
            ending = [f for f in full_names if len(f.split()) > 1 and f.split()[-1].casefold() == speaker.casefold()]
            named[speaker] = ending[0] if len(ending) == 1 else speaker
    return [
        replace(entry, quotes=tuple(replace(q, speaker=named.get(q.speaker, q.speaker)) for q in entry.quotes))
        for entry in entries
    ]


def _sentences(settings: Settings, cache: Cache | None) -> explainer.Sentences:
    """Each article's sentences as the explainer mines them, kept by the article's text: after an
    edit only the edited article is split again."""

    def split(entry: articles.Article) -> list[tuple[str, str]]:
        compute = functools.partial(explainer.article_sentences, entry, settings.data.lexicon)
        return compute() if cache is None else cache.computed("sentences", cache.key("sentences", entry.body), compute)

    return split


def index_pages(entries: list[articles.Article], settings: Settings, cache: Cache | None = None) -> dict[str, str]:
    """The home, quotes, tags, treaty-history pages, the feed and the explainer's report, by path
    under content/, from the readable articles (``cache``: what earlier builds computed)."""
    entries = one_name_per_speaker(entries, settings)
    treaty_history = explainer.build(entries, settings, _sentences(settings, cache))
    site = settings.data.site
    title = site_title(entries, site, settings)
    known = known_entities(entries, settings)
    generated = {
        **pages.home_pages(entries, settings.data.events, site, title, bool(treaty_history.instruments)),
        **pages.quotes_pages(entries, known),
        "tags.md": pages.tags_page(entries, known),
        "explainer.md": explainer.render(treaty_history, site),
        "feed.xml": pages.feed(entries, title),
        "feed.md": pages.feed_page(entries),
    }
    # content/tags/ holds the generated pages of each tag.
    generated |= {f"{TAG_DIR}/{name}": text for name, text in pages.tag_pages(entries, known).items()}
    # content/events/ likewise: a page (or a few) per event, none for an event no article is in.
    generated |= {f"{event_pages.EVENTS_DIR}/{name}": text for name, text in event_pages.event_pages(entries).items()}
    report_text = json.dumps(explainer.report(treaty_history), indent=2, ensure_ascii=False) + "\n"
    return generated | {f"{REPORT_DIR}/explainer.json": report_text}


def write_index_pages(
    content_dir: Path, entries: list[articles.Article], settings: Settings, cache: Cache | None = None
) -> list[Path]:
    """Write ``index_pages`` into ``content_dir`` (the last build's, when the articles as written
    are the same)."""
    if cache is None:
        generated = index_pages(entries, settings)
    else:
        key = cache.key("index pages", tree_digest(content_dir / ARTICLES_DIR))
        generated = cache.computed("corpus", key, lambda: index_pages(entries, settings, cache))
    # A page the coverage no longer fills goes: a tag or event no article has any more, the pages
    # beyond the first of a shorter home timeline or quotes list.
    paged = [*content_dir.glob("timeline-*.md"), *content_dir.glob("quotes-*.md")]
    for folder in (TAG_DIR, event_pages.EVENTS_DIR):
        paged += (content_dir / folder).glob("*.md") if (content_dir / folder).is_dir() else []
    for stale in sorted(paged):
        if stale.relative_to(content_dir).as_posix() not in generated:
            stale.unlink()
    written = []
    for name, text in generated.items():
        if write.write_atomic(content_dir / name, text) and not name.startswith(REPORT_DIR):
            written.append(content_dir / name)
    return written


def refresh_index_pages(content_dir: Path, settings: Settings) -> list[Path]:
    """The index pages made again from the articles as they are now in ``content_dir`` (``serve``
    runs this before each rebuild, so a saved article shows on the home, quotes and tag pages)."""
    entries, _unreadable = articles.read_all(content_dir / "articles", settings.relative(content_dir / "articles"))
    return write_index_pages(content_dir, entries, settings)
