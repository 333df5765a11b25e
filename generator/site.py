"""The MkDocs edge: build the site into a folder beside ``site/``, leaving ``site/`` untouched.

A build generates into a copy of ``content/`` (``publish.staged_content``), runs MkDocs on
that copy into a folder beside ``site/`` (``stage_site``), and only then switches both into
place (``publish.switch``). A failed or killed build leaves ``content/`` and ``site/`` old or new.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from generator.errors import BuildError

# What a pull request may add under content/ besides Markdown pages: files a browser shows and
# never runs. An HTML, SVG, XML or JavaScript file would run its script when a reader opened it
# in site/. The scripts are the theme's own, the ones mkdocs.yml names (tests/test_site.py keeps
# the two lists the same); the feed is the build's; raw sources are published as text.
SHOWN_SUFFIXES = frozenset(
    {".txt", ".css", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2"}
)
THEME_SCRIPTS = frozenset({"assets/javascripts/dossier-search.js", "assets/javascripts/iframe-worker-shim.js"})
GENERATED_FILES = frozenset({"feed.xml"})
RAW_DIR = "raw"
REDIRECTS_DIR = "articles/"
TEXT_SUFFIX = ".txt"
NOT_PUBLISHED_DIRS = frozenset({"data"})  # mkdocs.yml's exclude_docs, with the dot-folders


def published_raw(src_uri: str) -> str:
    """Where a raw source is published: as plain text whatever its name (a saved web page stays
    words to read, not a page that runs its scripts)."""
    return src_uri if src_uri.endswith(TEXT_SUFFIX) else src_uri + TEXT_SUFFIX


def refused_file(src_uri: str, path: Path) -> str | None:
    """Why the file ``src_uri`` of content/ (not a Markdown page), at ``path``, is not published, or None."""
    from generator import pipeline  # the stages' models load only for a file that needs it

    suffix = Path(src_uri).suffix.lower()
    if src_uri.split("/", 1)[0] == RAW_DIR or src_uri in GENERATED_FILES or src_uri in THEME_SCRIPTS:
        return None
    if src_uri.startswith(REDIRECTS_DIR) and suffix == ".html" and src_uri.count("/") == 1:
        # The page a renamed article leaves at its old address, as the build wrote it, and only that.
        text = path.read_text(encoding="utf-8", errors="replace")
        if pipeline.is_redirect_page(text):
            return None
        return (
            "a .html file other than the redirect page the build writes for a renamed article "
            "could run script in a reader's browser; not published"
        )
    if suffix in SHOWN_SUFFIXES:
        return None
    kind = f"a {suffix} file" if suffix else "a file without a known type"
    return (
        f"{kind} could run script or load other sites in a reader's browser; not published "
        f"(content/ may hold Markdown pages and {' '.join(sorted(SHOWN_SUFFIXES))} files)"
    )


def refused_files(content: Path) -> list[tuple[str, str]]:
    """(path under content/, why) of every file of ``content`` that the site leaves out."""
    refused = []
    for folder, subfolders, names in os.walk(content):
        here = Path(folder).relative_to(content)
        published = (name for name in subfolders if (here / name).as_posix() not in NOT_PUBLISHED_DIRS)
        subfolders[:] = sorted(name for name in published if not name.startswith("."))
        for name in sorted(names):
            src_uri = (here / name).as_posix()
            why = None if name.endswith(".md") or name.startswith(".") else refused_file(src_uri, Path(folder) / name)
            if why:
                refused.append((src_uri, why))
    return refused


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """``values`` in os.environ for the duration of one MkDocs call, then as they were.

    MkDocs reads the build time (sitemap dates, the gzip header of sitemap.xml.gz) from
    SOURCE_DATE_EPOCH in os.environ and has no setting for it, so the variable is the only way
    in; confining it to the call keeps the rest of the process (and a library caller's next
    build) on the time its own Settings give.
    """
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _refuse_folder_links(docs: Path) -> None:
    """MkDocs follows links to folders: one pointing above itself (content/x -> ..) walks forever
    deeper until the system refuses, one pointing elsewhere publishes that folder."""
    for folder, subfolders, _ in os.walk(docs):
        for name in sorted(subfolders):
            if (Path(folder) / name).is_symlink():
                shown = (Path(folder) / name).relative_to(docs.parent).as_posix()
                raise BuildError(
                    f"{shown}: a link to a folder; content/ may hold no folder links, remove it; "
                    "the previous site/ is kept"
                )


class _FailingPage(logging.Filter):
    """The page MkDocs names ("Error reading page 'x.md': ...") as it re-raises an exception: kept
    for the build's one line, not printed as a line of its own."""

    _SAYS = re.compile(r"^Error (?:reading|building) page '(?P<page>[^']*)'")

    def __init__(self) -> None:
        super().__init__()
        self.page: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        found = self._SAYS.match(str(record.msg))
        if found:
            self.page = found["page"]
        return not found

    @contextmanager
    def watching(self) -> Iterator[None]:
        logger = logging.getLogger("mkdocs.commands.build")
        logger.addFilter(self)
        try:
            yield
        finally:
            logger.removeFilter(self)


_LAST_GZIP_TIME = 2**32 - 1


def stage_site(
    config_file: Path, site_dir: Path, build_time: datetime, strict: bool = False, docs_dir: Path | None = None
) -> Path:
    """Build the site into a new folder beside ``site_dir`` and return it; ``site_dir`` is untouched."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _refuse_folder_links(docs_dir or Path(config_file).parent / "content")
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    overrides = {"docs_dir": str(docs_dir)} if docs_dir is not None else {}
    # The gzip header of sitemap.xml.gz holds the time in 32 unsigned bits: an article dated
    # 9999-12-31 (the newest date is the build time) must not stop the build.
    epoch = str(min(max(int(build_time.timestamp()), 0), _LAST_GZIP_TIME))
    failing = _FailingPage()
    try:
        with (
            _environment(SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING=os.environ.get("NO_MKDOCS_2_WARNING", "1")),
            failing.watching(),
        ):
            config = load_config(str(config_file), site_dir=str(staging), strict=strict, **overrides)
            build(config)
    except (MkDocsException, OSError, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{config_file}: mkdocs: {exc}; the previous site/ is kept") from exc
    except Exception as exc:  # a bug in MkDocs, a plugin or a hook, met on some page: not a traceback
        shutil.rmtree(staging, ignore_errors=True)
        where = f"content/{failing.page}" if failing.page else str(config_file)
        raise BuildError(
            f"{where}: mkdocs stopped: {type(exc).__name__}: {exc}; the previous site/ is kept (report it as a bug)"
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _world_readable(staging)
    return staging


def _world_readable(folder: Path) -> None:
    """0755 folders, 0644 files: mkdtemp makes the folder 0700, and a web server or link checker
    running as another user must be able to read the site."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
