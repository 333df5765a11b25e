"""Reused pages (generator/page_reuse.py): what changes in the frame of every page is rendered
again everywhere, never served stale; outside a build nothing is reused."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator import page_reuse
from tests.conftest import ROOT
from tests.test_build import _environment, copy_project


def _build(root: Path, tmp_path: Path) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--verbose"],
        cwd=ROOT, env=_environment(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = re.search(r"MkDocs rendered (\d+) pages and reused (\d+)", done.stderr)
    assert found, done.stderr
    return int(found[1]), int(found[2])


def test_a_changed_navigation_renders_every_page_again(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    rendered, reused = _build(root, tmp_path)
    assert rendered > 0 and reused == 0
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Quotes: quotes.md", "  - Who said it: quotes.md"))
    rendered_again, reused = _build(root, tmp_path)
    assert (rendered_again, reused) == (rendered, 0)
    for page in (root / "site" / "articles").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' in text or "Who said it" in text, page.name


def test_outside_a_build_every_page_is_rendered():
    assert page_reuse.lookup("articles/a.md", "# A", {"title": "A"}) is None
    assert page_reuse.counts() == (0, 0)
