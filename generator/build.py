"""The build as a library function, read top to bottom: gather → write → render → publish.

Everything happens in a copy of ``content/`` and a folder beside ``site/``; ``content/`` and
``site/`` change only in the last step, once all of it worked, in one journaled switch
(``publish``), so a failed, killed or ``--strict``-refused build leaves each old or new. What
the build could go on from (a source skipped, an article that cannot be read, an edit
conflict) comes back as data in ``Built``; what stops it (MkDocs failing, a data file it
cannot use) is raised. Only ``cli`` prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from generator import articles, cache, merge, page_reuse, pipeline, publish, site
from generator.config import Settings
from generator.errors import Problem

ARTICLES_DIR = "articles"
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Built:
    documents: int  # articles generated from the raw sources
    problems: tuple[Problem, ...] = ()  # in the sources or the content: the build exits 1
    conflicts: tuple[merge.Conflict, ...] = ()  # edits kept although their source changed
    kept: dict[str, tuple[str, ...]] = field(default_factory=dict)  # fields kept from people's edits, by file
    published: bool = False  # content/ and site/ updated; False when --strict refused
    changed: tuple[Path, ...] = ()  # files of content/ the build wrote or removed
    skipped: tuple[Path, ...] = ()  # files of content/ saved while the build ran, left as saved
    renamed: tuple[tuple[Path, Path], ...] = ()  # (old, new) articles of content/ renamed after their title


def _quiet(message: str) -> None:
    pass


def build_time(settings: Settings, entries: list[articles.Article]) -> datetime:
    """SOURCE_DATE_EPOCH as the settings give it, else the newest date as published (a
    contributor may have corrected one), else 1970: never the clock, so two builds agree."""
    if settings.build_time is not None:
        return settings.build_time
    latest = max((entry.date for entry in entries if entry.date), default=date(1970, 1, 1))
    return datetime.combine(latest, datetime.min.time(), tzinfo=UTC)


def _one_line_per_file(normalized: list[Problem], unreadable: list[Problem]) -> tuple[Problem, ...]:
    """The merge and the index pages both meet an article that cannot be read: say it once, with
    what happens to it in the whole build."""
    left_out = {(p.path, p.line, p.what) for p in unreadable}
    return (*(p for p in normalized if (p.path, p.line, p.what) not in left_out), *unreadable)


def _unpublished(staged: Path, settings: Settings) -> tuple[Problem, ...]:
    """The files of content/ the site leaves out because they could run in a reader's browser."""
    shown = settings.relative(settings.root / "content")
    return tuple(Problem(f"{shown}/{path}", 1, "site", why, "remove it") for path, why in site.refused_files(staged))


def build(
    root: Path,
    settings: Settings,
    config_file: Path,
    strict: bool = False,
    overwrite_edits: bool = False,
    progress: Progress = _quiet,
    jobs: int = 1,
) -> Built:
    """Normalise ``root/content/raw``, write the index pages, build ``root/site`` with MkDocs.

    ``strict``: any problem or edit conflict stops the build before anything is published.
    ``jobs``: worker processes for the per-source stages. What an earlier build computed from
    the same inputs is reused from ``root/.cache`` (generator.cache).
    """
    content = root / "content"
    store = cache.Cache(root, cache.fingerprint(content / "data", settings))
    shown_articles = content / ARTICLES_DIR
    # One build at a time, after finishing what a killed one left; then a copy to work in.
    with publish.exclusive_build(root, progress), publish.staged_content(content) as staged:
        # Gather and write, in the copy: the articles (merged with people's edits), then the
        # index pages from the articles as written, without those that cannot be read.
        staged_articles = staged.path / ARTICLES_DIR
        normalized = pipeline.normalize(
            content / "raw", staged_articles, settings, progress, overwrite_edits, shown_articles, store, jobs
        )
        entries, unreadable = articles.read_all(staged_articles, settings.relative(shown_articles))
        pipeline.write_index_pages(staged.path, entries, settings, store)
        problems = _one_line_per_file(normalized.problems, unreadable) + _unpublished(staged.path, settings)
        renamed = tuple((shown_articles / old.name, shown_articles / new.name) for old, new in normalized.renamed)
        result = Built(
            len(normalized.documents), problems, tuple(normalized.conflicts), dict(normalized.kept), renamed=renamed
        )
        if strict and (problems or normalized.conflicts):
            return result

        # Render: MkDocs builds the copy into a folder beside site/ (it leaves out what cannot be read).
        when = build_time(settings, entries)
        frame = cache.frame_key(store, config_file, when.isoformat(), strict)
        site_key = cache.site_key(store, frame, staged.path)
        rendered = None
        if not cache.site_is_current(store, site_key, root / "site"):
            progress("building site/ with MkDocs")
            # Pages whose Markdown and frame are as before are not rendered again (page_reuse).
            with page_reuse.reusing(store, frame):
                rendered = staged.adopt(site.stage_site(config_file, root / "site", when, strict, staged.path))
                again, reused = page_reuse.counts()
            progress(f"MkDocs rendered {again} pages and reused {reused} unchanged ones")

        # Publish, now that everything is built: one journaled switch of content/ and site/.
        changed, skipped = publish.switch(root, staged, content, rendered, root / "site")
        if rendered is not None:
            cache.remember_site(store, site_key, root / "site")
        store.prune()
    return replace(result, published=True, changed=tuple(changed), skipped=tuple(skipped))
