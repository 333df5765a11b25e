"""The MkDocs edge: build the site into a temporary folder and swap it in on success.

A build generates into a copy of ``content/`` (``staged_content``), runs MkDocs on that copy
into a folder beside ``site/`` (``stage_site``), and only then writes the changed content
files back (``publish_content``) and swaps the new site in (``swap_site``). A failed or
interrupted build therefore leaves the previous ``content/`` and ``site/`` as they were.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator import write
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


def swap_site(staging: Path, site_dir: Path) -> None:
    """Put a staged build in place of ``site_dir`` with two renames."""
    site_dir = site_dir.resolve()
    retired = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class StagedContent:
    path: Path  # the copy to generate and build in
    original: dict[str, str]  # sha256 of every file of content/ when it was copied, by relative path


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@contextmanager
def staged_content(content_dir: Path) -> Iterator[StagedContent]:
    """A throw-away copy of ``content_dir`` to generate and build in; removed afterwards."""
    staging = Path(tempfile.mkdtemp(prefix="newsdossier-content-"))
    try:
        copy = staging / content_dir.name
        shutil.copytree(content_dir, copy, symlinks=True)
        yield StagedContent(copy, _tree_hashes(copy))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish_content(staged: StagedContent, content_dir: Path) -> tuple[list[Path], list[Path]]:
    """Carry what the build added, changed or removed in the copy over to ``content_dir``.

    Returns (changed, skipped): a file that someone saved in ``content_dir`` while the build
    ran is skipped, never overwritten or removed; the next build merges it.
    """
    changed, skipped = [], []
    now = _tree_hashes(staged.path)
    for name in sorted(set(now) | set(staged.original)):
        if now.get(name) == staged.original.get(name):
            continue
        target = content_dir / name
        on_disk = hashlib.sha256(target.read_bytes()).hexdigest() if target.is_file() else None
        if on_disk != staged.original.get(name):
            skipped.append(target)
        elif name not in now:
            target.unlink()
            changed.append(target)
        elif write.write_bytes_atomic(target, (staged.path / name).read_bytes()):
            changed.append(target)
    return changed, skipped
