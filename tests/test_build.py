"""``python -m generator build``: reproducible, and all-or-nothing for content/ and site/.

Every test works on a copy of the project in a temporary folder (``--root``), never on the repo.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import articles, cli, merge
from tests.conftest import ROOT

KILL_TIMEOUT_SECONDS = 60


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "content", target / "content", ignore=shutil.ignore_patterns(".report"))
    shutil.copytree(ROOT / "theme", target / "theme")
    for name in ("mkdocs.yml", "mkdocs.online.yml"):
        shutil.copy(ROOT / name, target / name)
    (target / "generator").mkdir()
    shutil.copy(ROOT / "generator" / "mkdocs_hooks.py", target / "generator" / "mkdocs_hooks.py")
    return target


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _environment(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    # Leftovers of a killed build land in the test's own folder.
    return environment | {"TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def build(root: Path, tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "-q", *options]
    return subprocess.run(command, cwd=ROOT, env=_environment(tmp_path), capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project copy built once; tests that change it take their own copy of it."""
    folder = tmp_path_factory.mktemp("built")
    root = copy_project(folder / "project")
    done = build(root, folder)
    assert done.returncode == 0, done.stderr
    return root


def test_two_builds_of_the_same_input_are_byte_identical(built: Path, tmp_path: Path):
    other = copy_project(tmp_path / "elsewhere" / "project")
    done = build(other, tmp_path)
    assert done.returncode == 0, done.stderr
    for folder in ("content", "site"):
        first, second = tree(built / folder), tree(other / folder)
        assert sorted(first) == sorted(second)
        differing = [name for name in first if first[name] != second[name]]
        assert differing == [], folder
    assert {"sitemap.xml.gz", "search/search_index.json", "search/search_index.js"} <= set(tree(built / "site"))


def test_a_rebuild_changes_nothing(built: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    before = {folder: tree(root / folder) for folder in ("content", "site")}
    done = build(root, tmp_path)
    assert done.returncode == 0, done.stderr
    assert {folder: tree(root / folder) for folder in ("content", "site")} == before


def _change_the_sources(root: Path) -> None:
    """Give the build real work: a changed raw source and a deleted article."""
    raw = sorted((root / "content" / "raw").glob("*.txt"))[0]
    raw.write_bytes(raw.read_bytes() + b"\n\nA paragraph added to the source after the last build, to be published.\n")
    sorted((root / "content" / "articles").glob("*.md"))[-1].unlink()


def test_a_build_killed_while_mkdocs_runs_leaves_content_and_site_as_they_were(built: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    _change_the_sources(root)
    before = {folder: tree(root / folder) for folder in ("content", "site")}
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "-q"]
    process = subprocess.Popen(command, cwd=ROOT, env=_environment(tmp_path), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + KILL_TIMEOUT_SECONDS
    while not list(root.glob(".site.building-*")) and time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before MkDocs started"
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert {folder: tree(root / folder) for folder in ("content", "site")} == before
    # The next build completes the work.
    done = build(root, tmp_path)
    assert done.returncode == 0, done.stderr
    assert tree(root / "content") != before["content"]


def test_a_failing_mkdocs_build_leaves_content_and_site_as_they_were(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    import mkdocs.commands.build
    from mkdocs.exceptions import Abort

    root = tmp_path / "project"
    shutil.copytree(built, root)
    _change_the_sources(root)
    before = {folder: tree(root / folder) for folder in ("content", "site")}

    def half_a_build(config, **_options):
        Path(config["site_dir"], "index.html").write_text("half written")
        raise Abort("the theme exploded")

    monkeypatch.setattr(mkdocs.commands.build, "build", half_a_build)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert cli.main(["build", "--root", str(root), "-q"]) == 2
    assert "the theme exploded; the previous site/ is kept" in capsys.readouterr().err
    assert {folder: tree(root / folder) for folder in ("content", "site")} == before
    assert list(root.glob(".site.*")) == []


def test_a_fixed_headline_renames_the_article_and_the_old_address_leads_to_it(built: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    post = articles.read(article).meta
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace(f"title: {post['title']}\n", "title: A headline fixed by a contributor\n", 1))
    command = [sys.executable, "-m", "generator", "build", "--root", str(root)]
    done = subprocess.run(command, cwd=ROOT, env=_environment(tmp_path), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    renamed = root / "content" / "articles" / "a-headline-fixed-by-a-contributor.md"
    assert not article.exists() and articles.read(renamed).meta["title"] == "A headline fixed by a contributor"
    lines = done.stderr.splitlines()
    assert f"renamed content/articles/{article.name} -> content/articles/{renamed.name}" in lines[0]
    assert "wrote content/index.md" in lines
    assert not any(".generated" in line or ".report" in line for line in lines)  # they go with the article
    page = (root / "site" / "articles" / f"{renamed.stem}.html").read_text(encoding="utf-8")
    assert "A headline fixed by a contributor" in page
    assert "A headline fixed by a contributor" in (root / "site" / "index.html").read_text(encoding="utf-8")
    old_address = (root / "site" / "articles" / f"{article.stem}.html").read_text(encoding="utf-8")
    assert f'http-equiv="refresh" content="0; url={renamed.stem}.html"' in old_address
    records = [root / "content" / "articles" / folder for folder in (merge.GENERATED_DIR, ".report")]
    assert all((folder / f"{renamed.stem}.json").is_file() for folder in records)
    assert not any((folder / f"{article.stem}.json").exists() for folder in records)
    assert not (root / "site" / "articles" / merge.GENERATED_DIR).exists()
    # Readable by a web server or link checker running as another user (mkdtemp makes 0700).
    assert {oct(p.stat().st_mode & 0o777) for p in (root / "site").rglob("*") if p.is_dir()} == {"0o755"}
    assert {oct(p.stat().st_mode & 0o777) for p in (root / "site").rglob("*") if p.is_file()} == {"0o644"}
    assert (root / "site").stat().st_mode & 0o777 == 0o755
    again = subprocess.run(command, cwd=ROOT, env=_environment(tmp_path), capture_output=True, text=True, check=False)
    assert (again.returncode, again.stderr) == (0, "")  # nothing changed, nothing said


def test_the_offline_build_makes_no_github_calls_and_the_online_one_has_edit_links(built: Path, tmp_path: Path):
    offline = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert "github.com" not in offline and "md-source" not in offline
    root = tmp_path / "project"
    shutil.copytree(built, root)
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "-q", "--online"]
    environment = _environment(tmp_path) | {"SITE_REPO_URL": "https://github.com/example/dossier"}
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    page = (root / "site" / "articles" / f"{article.stem}.html").read_text(encoding="utf-8")
    assert f"https://github.com/example/dossier/edit/main/content/articles/{article.name}" in page
    assert "/edit/" not in (root / "site" / "quotes.html").read_text(encoding="utf-8")  # generated: not to edit


def test_the_online_build_says_what_it_needs(built: Path, capsys, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SITE_REPO_URL", raising=False)
    assert cli.main(["build", "--root", str(built), "-q", "--online"]) == 2
    assert "SITE_REPO_URL=https://github.com/OWNER/REPO" in capsys.readouterr().err


def test_a_conflict_is_reported_by_the_build_with_the_real_file_name(built: Path, tmp_path: Path):
    from tests.test_merge import RAW

    root = tmp_path / "project"
    shutil.copytree(built, root)
    for path in (root / "content" / "raw").glob("*.txt"):
        path.unlink()
    for path in (root / "content" / "articles").glob("*.md"):
        path.unlink()
    source = root / "content" / "raw" / "001_bridge.txt"
    source.write_text(RAW, encoding="utf-8")
    assert build(root, tmp_path).returncode == 0
    (article,) = (root / "content" / "articles").glob("*.md")
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\nsummary:\n", "\nsummary:\n- Our own summary sentence.\n", 1), encoding="utf-8")
    source.write_text(RAW.replace("40 million", "45 million"), encoding="utf-8")

    done = build(root, tmp_path, "--strict")

    assert done.returncode == 1
    assert f"content/articles/{article.name}: conflict: summary: the raw source changed under your edit" in done.stderr
    assert "Our own summary sentence." in articles.read(article).meta["summary"]


def _break_front_matter(article: Path) -> int:
    """Make one line of the article's front matter invalid YAML; returns that line's number."""
    lines = article.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("lang: ")) + 1
    lines[number - 1] += ": broken"  # "lang: en: broken": a mapping value where none may be
    article.write_text("\n".join(lines), encoding="utf-8")
    return number


def test_an_article_with_broken_front_matter_is_named_left_out_everywhere_and_the_others_build(
    built: Path, tmp_path: Path
):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    files = sorted((root / "content" / "articles").glob("*.md"))
    broken = next(path for path in files if articles.read(path).quotes)  # one the quotes page lists
    line = _break_front_matter(broken)
    as_written = broken.read_bytes()

    done = build(root, tmp_path)

    assert done.returncode == 1, done.stderr
    expected = f"content/articles/{broken.name}:{line}: article: front matter: not valid YAML"
    problems = [text for text in done.stderr.splitlines() if broken.name in text]
    assert len(problems) == 1 and problems[0].startswith(expected), done.stderr
    assert "left as it is and out of the index pages and the site" in problems[0]
    assert broken.read_bytes() == as_written  # the person's file is theirs to fix
    content = root / "content"
    for page in [content / "index.md", content / "quotes.md", content / "tags.md", content / "feed.xml"]:
        assert broken.stem not in page.read_text(encoding="utf-8"), page.name
    site_dir = root / "site"
    assert not (site_dir / "articles" / f"{broken.stem}.html").exists()
    mentions = [name for name, data in tree(site_dir).items() if f"{broken.stem}.html".encode() in data]
    assert mentions == []  # no link, search entry, feed item or sitemap entry
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    for other in (path for path in files if path != broken):
        assert (site_dir / "articles" / f"{other.stem}.html").is_file()
        assert f"articles/{other.stem}.html" in home


def test_strict_refuses_before_anything_is_published(built: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    _change_the_sources(root)
    _break_front_matter(sorted((root / "content" / "articles").glob("*.md"))[0])
    before = {folder: tree(root / folder) for folder in ("content", "site")}

    done = build(root, tmp_path, "--strict")

    assert done.returncode == 1
    assert "--strict: 1 problems, 0 edit conflicts; nothing published" in done.stderr
    assert {folder: tree(root / folder) for folder in ("content", "site")} == before


def test_the_build_is_a_library_call_whose_time_comes_from_its_settings(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from datetime import UTC, datetime

    from generator import build as build_module
    from generator.config import Settings, load_settings

    root = tmp_path / "project"
    shutil.copytree(built, root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    loaded = load_settings(root, root / "content" / "data")
    when = datetime(2031, 2, 3, tzinfo=UTC)
    settings = Settings(loaded.root, loaded.data, loaded.reference_date, build_time=when)

    result = build_module.build(root, settings, root / "mkdocs.yml")

    assert result.published and result.problems == () and result.documents == 5
    gzip_header = (root / "site" / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(gzip_header[4:8], "little") == int(when.timestamp())  # MkDocs' build time
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set for MkDocs only, not for the rest of the process
