"""The MkDocs edge: build the site into a folder beside ``site/``, leaving ``site/`` untouched.

A build generates into a copy of ``content/`` (``publish.staged_content``), runs MkDocs on
that copy into a folder beside ``site/`` (``stage_site``), and only then switches both into
place (``publish.switch``). A failed or killed build leaves ``content/`` and ``site/`` old or new.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from generator.errors import BuildError


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


def stage_site(
    config_file: Path, site_dir: Path, build_time: datetime, strict: bool = False, docs_dir: Path | None = None
) -> Path:
    """Build the site into a new folder beside ``site_dir`` and return it; ``site_dir`` is untouched."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    overrides = {"docs_dir": str(docs_dir)} if docs_dir is not None else {}
    epoch = str(int(build_time.timestamp()))
    try:
        with _environment(SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING=os.environ.get("NO_MKDOCS_2_WARNING", "1")):
            config = load_config(str(config_file), site_dir=str(staging), strict=strict, **overrides)
            build(config)
    except (MkDocsException, OSError, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{config_file}: mkdocs: {exc}; the previous site/ is kept") from exc
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
