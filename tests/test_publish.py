"""The publish edge: a build killed at any instant leaves content/ and site/ old or new, the next
build finishes it, one build runs at a time, and I/O failures are one line.

The kills are real SIGKILLs of a build subprocess at seeded random moments of the publish, which
``NEWSDOSSIER_PUBLISH_STEP_PAUSE`` stretches and announces step by step on stderr.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator import cli, merge, pipeline, publish, write
from generator.errors import BuildError
from tests.conftest import ROOT
from tests.test_build import _environment, build, built, copy_project, tree  # noqa: F401  (built: a fixture)

STEP_PAUSE = 0.2  # seconds at each step of a real build's publish
SMALL_STEP_PAUSE = 0.02  # and of the switch on small trees
STEPS = 6  # sync, journal, content/ exchange, site/ exchange, journal removal, done
KILL_TIMEOUT_SECONDS = 120
LEFTOVERS = (f"{publish.CONTENT_STAGING}*", f"{publish.SITE_STAGING}*", f"{publish.JOURNAL_FILE}*")


def trees(root: Path) -> dict[str, dict[str, bytes]]:
    return {folder: tree(root / folder) for folder in ("content", "site")}


def leftovers(root: Path) -> list[str]:
    return sorted(path.name for pattern in LEFTOVERS for path in root.glob(pattern))


# --- the switch on small trees: many seeded kills -----------------------------------------------------

OLD_CONTENT = {
    "raw/a.txt": "the raw source",
    "articles/a.md": "title: generated before\n",
    f"articles/{merge.GENERATED_DIR}/a.json": '{"title": "generated before"}',
    "articles/stale.md": "an article the build retires",
    "index.md": "home before",
}
NEW_CONTENT = {
    "raw/a.txt": "the raw source",
    "articles/a.md": "title: generated after\n",
    f"articles/{merge.GENERATED_DIR}/a.json": '{"title": "generated after"}',
    "articles/new.md": "an article the build adds",
    "index.md": "home after",
}
OLD_SITE, NEW_SITE = {"index.html": "site before"}, {"index.html": "site after", "new.html": "a new page"}

# One build's publish of NEW_CONTENT and NEW_SITE, as build.build does it, in its own process.
SWITCH_SCRIPT = """
import json, sys, tempfile, types
from pathlib import Path
from generator import publish, write
root, new_content, new_site, mode = Path(sys.argv[1]), *map(json.loads, sys.argv[2:4]), sys.argv[4]
if mode == "two-renames":  # a system without renameat2: the fallback the journal completes
    publish.ctypes = types.SimpleNamespace(CDLL=lambda *args, **kwargs: object())
with publish.interruptible():
    try:
        with publish.staged_content(root / "content") as staged:
            for name in staged.original:
                (staged.path / name).unlink()
            for name, text in new_content.items():
                (staged.path / name).parent.mkdir(parents=True, exist_ok=True)
                write.write_atomic(staged.path / name, text)  # as the build writes: a new file, never into one
            rendered = staged.adopt(Path(tempfile.mkdtemp(prefix=publish.SITE_STAGING, dir=root)))
            for name, text in new_site.items():
                (rendered / name).write_text(text)
            publish.switch(root, staged, root / "content", rendered, root / "site")
    except publish.Interrupted as exc:
        print(f"interrupted {exc.name} published={exc.published}", flush=True)
"""


def _small_project(root: Path) -> Path:
    for folder, files in (("content", OLD_CONTENT), ("site", OLD_SITE)):
        for name, text in files.items():
            (root / folder / name).parent.mkdir(parents=True, exist_ok=True)
            (root / folder / name).write_text(text)
    return root


def _as_bytes(files: dict[str, str]) -> dict[str, bytes]:
    return {name: text.encode() for name, text in sorted(files.items())}


def _start_switch(root: Path, mode: str = "exchange") -> subprocess.Popen:
    command = [sys.executable, "-c", SWITCH_SCRIPT, str(root), json.dumps(NEW_CONTENT), json.dumps(NEW_SITE), mode]
    environment = os.environ | {"PYTHONPATH": str(ROOT), publish.STEP_PAUSE_VARIABLE: str(SMALL_STEP_PAUSE)}
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_the_publish(process: subprocess.Popen) -> None:
    line = process.stderr.readline()
    assert line.startswith("publish step:"), line + process.stderr.read()


def _kill_at_a_random_moment(process: subprocess.Popen, seed: int, pause: float) -> None:
    """SIGKILL during a step of the publish the seed picks (each step pauses ``pause`` seconds
    before its work), at a random moment of it: timed from the build's own report of its steps,
    so a slow machine moves the kills with the build."""
    choice = random.Random(seed)
    step, moment = seed % STEPS, choice.uniform(0, 1.5 * pause)  # past the pause: during the work
    _wait_for_the_publish(process)
    for _ in range(step):
        if not process.stderr.readline():
            break  # the build ended: the kill finds it done
    time.sleep(moment)
    process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("mode", ["exchange", "two-renames"])
def test_a_switch_killed_at_random_moments_leaves_old_or_new_and_the_next_build_finishes_it(tmp_path: Path, mode: str):
    old = {"content": _as_bytes(OLD_CONTENT), "site": _as_bytes(OLD_SITE)}
    new = {"content": _as_bytes(NEW_CONTENT), "site": _as_bytes(NEW_SITE)}
    seen = set()
    for seed in range(8):
        root = _small_project(tmp_path / f"{mode}-{seed}")
        process = _start_switch(root, mode)
        _kill_at_a_random_moment(process, seed, SMALL_STEP_PAUSE)
        after_kill = trees(root)
        if mode == "exchange":  # each folder is whole at every instant
            for folder in ("content", "site"):
                assert after_kill[folder] in (old[folder], new[folder]), (seed, folder)
        committed = (root / publish.JOURNAL_FILE).exists()
        publish.recover(root)
        assert trees(root) == (new if committed or after_kill == new else old), seed
        assert leftovers(root) == [], seed
        seen.add("new" if trees(root) == new else "old")
    assert seen == {"old", "new"}  # the seeds hit both sides of the journal


def test_a_switch_keeps_what_a_person_saved_meanwhile_with_its_merge_record(tmp_path: Path):
    root = _small_project(tmp_path)
    content = root / "content"
    with publish.staged_content(content) as staged:
        for name, text in NEW_CONTENT.items():
            (staged.path / name).parent.mkdir(parents=True, exist_ok=True)
            write.write_atomic(staged.path / name, text)  # as the build writes: a new file, never into one
        (staged.path / "articles" / "stale.md").unlink()
        (content / "articles" / "a.md").write_text("title: fixed by a person during the build\n")
        (content / "raw" / "b.txt").write_text("a source added during the build")
        rendered = staged.adopt(Path(tempfile.mkdtemp(prefix=publish.SITE_STAGING, dir=root)))
        (rendered / "index.html").write_text("site after")
        changed, skipped = publish.switch(root, staged, content, rendered, root / "site")
    assert (content / "articles" / "a.md").read_text() == "title: fixed by a person during the build\n"
    # The record stays the one of the article the person edited: the next build merges the two.
    assert (content / "articles" / merge.GENERATED_DIR / "a.json").read_text() == '{"title": "generated before"}'
    assert (content / "raw" / "b.txt").read_text() == "a source added during the build"
    assert (content / "index.md").read_text() == "home after"
    assert not (content / "articles" / "stale.md").exists()
    assert (root / "site" / "index.html").read_text() == "site after"
    assert skipped == [content / "articles" / "a.md", content / "raw" / "b.txt"]
    assert changed == [
        content / "articles" / merge.GENERATED_DIR / "a.json",
        content / "articles" / "new.md",
        content / "articles" / "stale.md",
        content / "index.md",
    ]
    assert leftovers(root) == []


def test_sigterm_during_the_switch_finishes_it_then_stops(tmp_path: Path):
    root = _small_project(tmp_path)
    process = _start_switch(root)
    _wait_for_the_publish(process)
    while "journal" not in process.stderr.readline():
        pass
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=KILL_TIMEOUT_SECONDS)
    assert out == "interrupted SIGTERM published=True\n"
    assert trees(root) == {"content": _as_bytes(NEW_CONTENT), "site": _as_bytes(NEW_SITE)}
    assert leftovers(root) == []


def test_a_failure_inside_the_switch_is_finished_by_the_next_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = _small_project(tmp_path)
    real_exchange = publish._exchange

    def disk_full_at_the_site(new: Path, target: Path) -> None:
        if target.name == "site":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_exchange(new, target)

    monkeypatch.setattr(publish, "_exchange", disk_full_at_the_site)
    expected = "site: No space left on device; the disk is full; .*the next build finishes"
    with pytest.raises(BuildError, match=expected), publish.staged_content(root / "content") as staged:
        write.write_atomic(staged.path / "index.md", "home after")
        rendered = staged.adopt(Path(tempfile.mkdtemp(prefix=publish.SITE_STAGING, dir=root)))
        (rendered / "index.html").write_text("site after")
        publish.switch(root, staged, root / "content", rendered, root / "site")
    assert (root / publish.JOURNAL_FILE).exists() and (root / "content" / "index.md").read_text() == "home after"
    monkeypatch.setattr(publish, "_exchange", real_exchange)
    assert publish.recover(root) == f"finished publishing an interrupted build ({publish.JOURNAL_FILE})"
    assert (root / "site" / "index.html").read_text() == "site after"
    assert leftovers(root) == []


def test_a_full_disk_while_writing_the_journal_leaves_everything_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    root = _small_project(tmp_path)
    before = trees(root)

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(publish.json, "dump", no_space)
    with pytest.raises(OSError), publish.staged_content(root / "content") as staged:
        write.write_atomic(staged.path / "index.md", "home after")
        rendered = staged.adopt(Path(tempfile.mkdtemp(prefix=publish.SITE_STAGING, dir=root)))
        publish.switch(root, staged, root / "content", rendered, root / "site")
    assert trees(root) == before
    assert leftovers(root) == []


# --- real builds ----------------------------------------------------------------------------------------


def _change_the_sources(root: Path) -> None:
    """Real work for the build, including a generated title that changes: a stale one kept from
    the old tree would be taken for a person's edit, and the next build would differ."""
    article = next(
        p for p in sorted((root / "content" / "articles").glob("*.md")) if "title_generated" in p.read_text()
    )
    raw = root / next(line for line in article.read_text().splitlines() if line.startswith("source: "))[8:]
    raw.write_text(raw.read_text().replace("their deepening relationship", "their growing relationship", 1))
    assert "growing relationship" in raw.read_text()
    sorted((root / "content" / "articles").glob("*.md"))[-1].unlink()


@pytest.fixture(scope="module")
def changed(built: Path, tmp_path_factory) -> tuple[Path, dict, dict]:  # noqa: F811  (built: a fixture)
    """A built project with changed sources, its trees, and the trees an uninterrupted build makes of it."""
    folder = tmp_path_factory.mktemp("changed")
    start = folder / "start"
    shutil.copytree(built, start)
    _change_the_sources(start)
    reference = folder / "reference"
    shutil.copytree(start, reference)
    done = build(reference, folder)
    assert done.returncode == 0, done.stderr
    assert "Their growing relationship" in (reference / "site" / "index.html").read_text(encoding="utf-8")
    return start, trees(start), trees(reference)


# The seeds pick the journal's writing (killed on either side of it) and the site/ exchange.
@pytest.mark.parametrize("seed", [1, 3])
def test_two_builds_at_once_are_serialised_and_one_killed_in_its_publish_leaves_old_or_new_trees(
    changed: tuple[Path, dict, dict], tmp_path: Path, seed: int
):
    """Two builds start together: one says the other is running and stops; the other is killed
    at a random moment of its publish; the next build makes what an uninterrupted one makes."""
    start, old, new = changed
    root = tmp_path / "project"
    shutil.copytree(start, root)
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "-q"]
    environment = _environment(tmp_path) | {publish.STEP_PAUSE_VARIABLE: str(STEP_PAUSE)}
    builds = [subprocess.Popen(command, cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    deadline = time.monotonic() + KILL_TIMEOUT_SECONDS
    while all(process.poll() is None for process in builds) and time.monotonic() < deadline:
        time.sleep(0.01)
    (refused,) = [process for process in builds if process.poll() is not None]
    (running,) = [process for process in builds if process is not refused]
    assert refused.returncode == 2
    assert (
        refused.stderr.read() == f"another build is running (pid {running.pid}); wait for it to end and build again\n"
    )

    _kill_at_a_random_moment(running, seed, STEP_PAUSE)

    after_kill = trees(root)
    for folder in ("content", "site"):
        assert after_kill[folder] in (old[folder], new[folder]), folder
    done = build(root, tmp_path)
    assert done.returncode == 0, done.stderr
    assert trees(root) == new
    assert leftovers(root) == []


def test_sigterm_during_a_build_removes_its_staging_folders_and_says_so(changed: tuple[Path, dict, dict], tmp_path):
    start, old, _new = changed
    root = tmp_path / "project"
    shutil.copytree(start, root)
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "-q"]
    process = subprocess.Popen(command, cwd=ROOT, env=_environment(tmp_path), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + KILL_TIMEOUT_SECONDS
    while not list(root.glob(f"{publish.SITE_STAGING}*")) and time.monotonic() < deadline:  # MkDocs runs
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=KILL_TIMEOUT_SECONDS)
    assert process.returncode == 2
    assert err == (
        "interrupted (SIGTERM); staging folders removed, content/ and site/ are as they were before this build\n"
    )
    assert trees(root) == old
    assert leftovers(root) == []


# --- one build at a time ----------------------------------------------------------------------------------

HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from generator import publish
with publish.exclusive(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("command", ["build", "normalize"])
def test_a_second_build_or_normalize_is_refused_while_one_runs(tmp_path: Path, capsys, command: str):
    root = _small_project(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: a dossier\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(root)],
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        before = trees(root)
        options = ["--raw", str(root / "content" / "raw"), "--out", str(root / "out")] if command == "normalize" else []
        assert cli.main([command, "--root", str(root), "-q", *options]) == 2
        assert capsys.readouterr().err == (
            f"another build is running (pid {holder.pid}); wait for it to end and build again\n"
        )
        assert trees(root) == before and not (root / "out").exists()
    finally:
        holder.kill()
        holder.wait()


# --- I/O failures: one line, exit 2, nothing half written ----------------------------------------------


def _project(built: Path, tmp_path: Path) -> Path:  # noqa: F811  (built: a fixture)
    root = tmp_path / "project"
    shutil.copytree(built, root)
    # Without the built project's cache, so that every stage runs again and meets the failure.
    shutil.rmtree(root / ".cache", ignore_errors=True)
    return root


def test_a_full_disk_is_one_line_and_changes_nothing(
    built: Path,  # noqa: F811  (a fixture)
    tmp_path: Path,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
):
    root = _project(built, tmp_path)
    sorted((root / "content" / "articles").glob("*.md"))[0].unlink()  # work for the build to write
    before = trees(root)
    real_write = write.write_bytes_atomic

    def disk_full_at_the_second_file(path: Path, data: bytes, calls: list = []) -> bool:  # noqa: B006
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(path, data)

    monkeypatch.setattr(write, "write_bytes_atomic", disk_full_at_the_second_file)
    assert cli.main(["build", "--root", str(root), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("content/articles/") and err.endswith(
        ": No space left on device; the disk is full; free some space and build again; nothing was published\n"
    )
    assert trees(root) == before
    assert leftovers(root) == []


@pytest.mark.parametrize("folder", ["content", "site", "."])
def test_a_folder_the_build_may_not_change_is_one_line_before_any_work(
    built: Path,  # noqa: F811  (a fixture)
    tmp_path: Path,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
):
    # The tests run as root, whom permissions do not stop: a read-only folder is what os.access says.
    root = _project(built, tmp_path)
    before = trees(root)
    read_only = (root / folder).resolve()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != read_only and real_access(path, mode))
    assert cli.main(["build", "--root", str(root), "-q"]) == 2
    shown = "." if folder == "." else folder
    assert capsys.readouterr().err == (
        f"{shown}: not writable; make it writable (chmod -R u+w {shown}) or build in a writable copy; "
        "nothing was changed\n"
    )
    assert trees(root) == before
    assert leftovers(root) == []


def test_a_raw_file_deleted_during_the_build_is_one_line_and_changes_nothing_else(
    built: Path,  # noqa: F811  (a fixture)
    tmp_path: Path,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
):
    root = _project(built, tmp_path)
    before = trees(root)
    raw_files = pipeline.raw_files(root / "content" / "raw")
    real_process = pipeline.process

    def deleted_under_the_build(path: Path, settings):
        if path == raw_files[1]:
            path.unlink()
        return real_process(path, settings)

    monkeypatch.setattr(pipeline, "process", deleted_under_the_build)
    assert cli.main(["build", "--root", str(root), "-q"]) == 2
    shown = raw_files[1].relative_to(root).as_posix()
    assert capsys.readouterr().err == (
        f"{shown}: No such file or directory; it vanished while the build ran; build again; nothing was published\n"
    )
    del before["content"][shown.removeprefix("content/")]
    assert trees(root) == before
    assert leftovers(root) == []


def test_the_next_build_removes_what_killed_builds_left(tmp_path: Path):
    root = _small_project(tmp_path)
    (root / f"{publish.SITE_STAGING}abc" / "assets").mkdir(parents=True)
    (root / f"{publish.CONTENT_STAGING}xyz" / "content" / "articles").mkdir(parents=True)
    (root / f"{publish.JOURNAL_FILE}.123.tmp").write_text("{")
    before = trees(root)
    assert publish.recover(root) is None
    assert leftovers(root) == [] and trees(root) == before


def test_a_journal_whose_staged_trees_were_removed_by_hand_leaves_the_folders_in_place(tmp_path: Path):
    root = _small_project(tmp_path)
    before = trees(root)
    journal = {"content": "content", "staged_content": f"{publish.CONTENT_STAGING}gone/content"}
    journal |= {"staged_content_inode": 1, "site": "site", "staged_site": f"{publish.SITE_STAGING}gone"}
    (root / publish.JOURNAL_FILE).write_text(json.dumps(journal | {"staged_site_inode": 2, "original": {}}))
    assert publish.recover(root) == f"finished publishing an interrupted build ({publish.JOURNAL_FILE})"
    assert trees(root) == before and leftovers(root) == []
