"""Incremental builds (generator/cache.py): a rebuild reuses ``.cache/`` and writes exactly what a
clean build writes; ``--jobs`` changes nothing but the time; the cache is safe to delete or spoil."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cache
from generator.config import load_settings
from tests.conftest import ROOT
from tests.test_build import _environment, build, copy_project, tree

EDITED_SOURCE = "content/raw/002_e6166dfe722375d4.txt"
ADDED_PARAGRAPH = "\n\nThe two delegations met again on Thursday to discuss rail links between the countries.\n"


def assert_same_output(first: Path, second: Path) -> None:
    for folder in ("content", "site"):
        mine, theirs = tree(first / folder), tree(second / folder)
        assert sorted(mine) == sorted(theirs), folder
        assert [name for name in mine if mine[name] != theirs[name]] == [], folder


def clean_copy(source: Path, target: Path) -> Path:
    """The project as a person has it before any build: raw sources and data, nothing generated."""
    root = copy_project(target)
    shutil.rmtree(root / "content" / "raw")
    shutil.copytree(source / "content" / "raw", root / "content" / "raw")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cached")
    root = copy_project(folder / "project")
    done = build(root, folder, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert (root / ".cache" / "sources").is_dir()
    return root


def test_a_rebuild_with_nothing_changed_reuses_everything_and_changes_nothing(built: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    before = {name: path.stat().st_mtime_ns for name, path in _files(root / "site").items()}
    done = build(root, tmp_path)
    assert done.returncode == 0, done.stderr
    assert_same_output(built, root)
    # MkDocs did not run: not one file of site/ was written again.
    assert {name: path.stat().st_mtime_ns for name, path in _files(root / "site").items()} == before


def test_a_rebuild_after_one_edited_source_equals_a_clean_build(built: Path, tmp_path: Path):
    root = tmp_path / "incremental" / "project"
    shutil.copytree(built, root, symlinks=True)
    edited = root / EDITED_SOURCE
    edited.write_text(edited.read_text(encoding="utf-8") + ADDED_PARAGRAPH, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--verbose"],
        cwd=ROOT, env=_environment(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # MkDocs rendered again only what the edit changed; the other pages' HTML was reused.
    rendered, reused = map(int, re.search(r"MkDocs rendered (\d+) pages and reused (\d+)", done.stderr).groups())
    assert 0 < rendered < reused
    assert "rail links" in (root / "site" / "articles").joinpath(_article_of(root, EDITED_SOURCE)).read_text()

    clean = clean_copy(root, tmp_path / "clean" / "project")
    done = build(clean, tmp_path, "--jobs", "2")  # and the worker count changes nothing
    assert done.returncode == 0, done.stderr
    assert_same_output(root, clean)


def test_a_deleted_or_spoilt_cache_is_computed_again(built: Path, tmp_path: Path):
    spoilt = tmp_path / "spoilt" / "project"
    shutil.copytree(built, spoilt, symlinks=True)
    entries = sorted((spoilt / ".cache").glob("*/*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    (spoilt / "site" / "index.html").write_text("changed by hand")
    deleted = tmp_path / "deleted" / "project"
    shutil.copytree(built, deleted, symlinks=True)
    shutil.rmtree(deleted / ".cache")
    for root in (spoilt, deleted):
        done = build(root, tmp_path)
        assert done.returncode == 0, done.stderr
        assert_same_output(built, root)


def test_the_fingerprint_changes_with_a_data_file(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    data = root / "content" / "data"
    settings = load_settings(root, data)
    before = cache.fingerprint(data, settings)
    assert cache.fingerprint(data, settings) == before
    with (data / "entities.yml").open("a", encoding="utf-8") as stream:
        stream.write("\n# a contributor's note\n")
    assert cache.fingerprint(data, settings) != before


def test_a_site_changed_since_it_was_built_is_not_current(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("built")
    kept = cache.Cache(tmp_path, "fingerprint")
    cache.remember_site(kept, "key", site)
    assert cache.site_is_current(kept, "key", site)
    assert not cache.site_is_current(kept, "other key", site)
    (site / "extra.html").write_text("added by hand")
    assert not cache.site_is_current(kept, "key", site)


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _article_of(root: Path, source: str) -> str:
    for path in sorted((root / "content" / "articles").glob("*.md")):
        if f"source: {source}" in path.read_text(encoding="utf-8"):
            return path.with_suffix(".html").name
    raise AssertionError(f"no article of {source}")
