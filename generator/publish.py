"""The publish edge: one build at a time, everything staged, then one recorded switch.

A build works in folders beside ``content/`` and ``site/`` (``.content.building-*`` holds the
copy of ``content/`` it generates into, ``.site.building-*`` the site MkDocs renders). Once
both are complete, ``switch`` makes them durable (one ``syncfs``, not an fsync per file),
writes a journal naming what moves where, exchanges each folder with the one in place
(``renameat2(RENAME_EXCHANGE)``: at every instant there is a ``content/`` and a ``site/``, old
or new) and removes the journal. A build killed at any instant therefore leaves each of
``content/`` and ``site/`` old or new; the next build (``recover``, under the lock) finishes
what a journal names and removes the staging folders a killed build left.

People's work: a file of ``content/`` saved while the build ran is carried into the new tree
as saved, never overwritten; an article and its merge record under ``.generated/`` travel
together, so the record always describes the article beside it (a stale generated title is
never taken for a person's edit).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from generator import write
from generator.errors import BuildError
from generator.merge import GENERATED_DIR

LOCK_FILE = ".build.lock"
JOURNAL_FILE = ".build-journal.json"
CONTENT_STAGING = ".content.building-"
SITE_STAGING = ".site.building-"  # site.stage_site's prefix, beside site/
RETIRED_SUFFIX = ".old"  # where the old tree goes when the folders cannot be exchanged in one call
# Tests only: seconds to pause at each step of the switch, and a line on stderr as each starts,
# so that a test can kill the build at a known moment of the publish.
STEP_PAUSE_VARIABLE = "NEWSDOSSIER_PUBLISH_STEP_PAUSE"

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGINT; ``published`` when it came during the switch, which was finished first."""

    def __init__(self, name: str, published: bool = False):
        self.name, self.published = name, published
        super().__init__(name)


# --- one build at a time ------------------------------------------------------------------


@contextmanager
def exclusive(root: Path) -> Iterator[None]:
    """Hold the project's build lock (an flock on ROOT/.build.lock, released when the process
    ends however it ends); raise BuildError naming the holder if another build has it."""
    path = root / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError(describe(exc, root)) from exc
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build is running (pid {_holder(descriptor)}); wait for it to end and build again"
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock; the file stays, so no two builds lock two files


@contextmanager
def exclusive_build(root: Path, progress: Callable[[str], None]) -> Iterator[None]:
    """The lock, then what a killed build left finished or removed, then a check that the folders
    the build replaces may be changed: everything a build does before it starts working."""
    with exclusive(root):
        note = recover(root)
        if note:
            progress(note)
        check_writable(root, [root / "content", root / "site"])
        yield


def _holder(descriptor: int) -> str:
    """The pid the running build wrote; it writes it just after locking, so wait a moment for it."""
    for _ in range(50):
        pid = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
        if pid:
            return pid
        time.sleep(0.02)
    return "unknown"


# --- SIGTERM and SIGINT ---------------------------------------------------------------------

_deferred: list[str] | None = None  # signals received during the switch, delivered after it


def _on_signal(number: int, _frame: object) -> None:
    name = signal.Signals(number).name
    if _deferred is not None:
        _deferred.append(name)
        return
    raise Interrupted(name)


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGINT raise ``Interrupted``, so the staging folders are removed on the way out
    (the main thread of a command only: Python delivers signals there)."""
    previous = {number: signal.signal(number, _on_signal) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Finish the switch before a signal stops the build: half a switch is what the journal is
    for, but there is no reason to leave one when the process is still running."""
    global _deferred
    _deferred = []
    try:
        yield
    finally:
        received, _deferred = _deferred, None
    if received:
        raise Interrupted(received[0], published=True)


# --- I/O failures as one line -----------------------------------------------------------------

_STAGED_CONTENT = re.compile(rf"{re.escape(CONTENT_STAGING)}[^/]+/")
_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EROFS: "the file system is read-only; build in a writable copy",
    errno.EACCES: "permission denied; make it writable (chmod u+w) and build again",
    errno.EPERM: "permission denied; make it writable (chmod u+w) and build again",
    errno.ENOENT: "it vanished while the build ran; build again",
}


def describe(exc: OSError, root: Path) -> str:
    """One line for an OSError: the path as the project knows it (the real ``content/``, not the
    copy the build works in), what happened, what to do."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        source, _copy, why = exc.args[0][0]  # copytree gathers one (source, copy, reason) per file
        path, reason = str(source), str(why)
        if "No such file" in reason:
            reason += "; it vanished while the build ran; build again"
    else:
        path = exc.filename if exc.filename is not None else str(root)
        advice = _ADVICE.get(exc.errno or 0, "build again once that is fixed")
        reason = f"{exc.strerror or exc}; {advice}"
    shown = _STAGED_CONTENT.sub("", os.fspath(path))
    with suppress(ValueError):
        shown = Path(shown).relative_to(root).as_posix()
    return f"{shown}: {reason}"


def check_writable(root: Path, folders: list[Path]) -> None:
    """Refuse before any work when a folder the build replaces may not be changed."""
    for folder in [root, *folders]:
        if folder.exists() and not os.access(folder, os.W_OK):
            shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
            raise BuildError(
                f"{shown}: not writable; make it writable (chmod -R u+w {shown}) or build in a writable copy; "
                "nothing was changed"
            )


# --- staging -------------------------------------------------------------------------------------


# A file's sha256 by what its status says of it (device, inode, size, modification and change
# times): the staged copy shares its files with content/ (hard links), so the build hashes each
# file once, not once per look. Any write to a file changes its change time; a replaced file is
# another inode.
Hashes = dict[tuple[int, ...], str]


def _tree_hashes(folder: Path, known: Hashes | None = None) -> dict[str, str]:
    known = {} if known is None else known
    found = {}
    for path in sorted(folder.rglob("*")):
        status = path.stat(follow_symlinks=False)
        if not stat.S_ISREG(status.st_mode):
            continue
        key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        if key not in known:
            known[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        found[path.relative_to(folder).as_posix()] = known[key]
    return found


def _link_or_copy(source: str, target: str) -> None:
    """The staged copy of a file: a hard link (nothing is copied; the build only ever replaces a
    file, write.write_atomic, so the original is never written through it), else a copy."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


@dataclass(slots=True)
class Staged:
    path: Path  # the copy of content/ to generate and build in
    original: dict[str, str]  # sha256 of every file of content/ when it was copied, by relative path
    folders: list[Path] = field(default_factory=list)  # staging folders to remove when the build ends
    hashes: Hashes = field(default_factory=dict)  # every file hashed in this build (_tree_hashes)

    def adopt(self, folder: Path) -> Path:
        """Remove ``folder`` (the rendered site) with the copy when the build ends."""
        self.folders.append(folder)
        return folder


@contextmanager
def staged_content(content_dir: Path) -> Iterator[Staged]:
    """A copy of ``content_dir`` beside it (same file system, so it can be renamed into place);
    removed with every adopted folder afterwards, unless a journal still names them. Its files
    are hard links to those of ``content_dir``: what the build changes it replaces
    (``write.write_atomic``), never writes into, so ``content_dir`` stays as it was."""
    journal = content_dir.absolute().parent / JOURNAL_FILE  # in the project root, as ``switch`` writes it
    content_dir = content_dir.resolve()
    wrapper = Path(tempfile.mkdtemp(prefix=CONTENT_STAGING, dir=content_dir.parent))
    staged = Staged(wrapper / content_dir.name, {}, [wrapper])
    try:
        shutil.copytree(content_dir, staged.path, symlinks=True, copy_function=_link_or_copy)
        staged.original = _tree_hashes(staged.path, staged.hashes)
        yield staged
    finally:
        if not journal.exists():
            for folder in staged.folders:
                _remove(folder)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(folder.with_name(folder.name + RETIRED_SUFFIX), ignore_errors=True)


# --- the switch ----------------------------------------------------------------------------------


def _step(name: str) -> None:
    pause = os.environ.get(STEP_PAUSE_VARIABLE)
    if pause:
        print(f"publish step: {name}", file=sys.stderr, flush=True)
        time.sleep(float(pause))


def sync(folder: Path) -> None:
    """Make everything written so far durable, once for the whole file system (syncfs), rather
    than an fsync per file: nothing is in place before the journal names it."""
    libc = ctypes.CDLL(None, use_errno=True)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if not hasattr(libc, "syncfs") or libc.syncfs(descriptor) != 0:
            os.sync()
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _inode(path: Path) -> int | None:
    try:
        return path.stat(follow_symlinks=False).st_ino
    except FileNotFoundError:
        return None


def _exchange(new: Path, target: Path) -> None:
    """Put ``new`` at ``target`` and the old ``target`` at ``new``, in one rename where the
    system has one; else two renames (old tree to ``new``.old), which the journal completes."""
    if os.path.lexists(target):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if not hasattr(libc, "renameat2"):
                raise OSError(errno.ENOSYS, "no renameat2")
            if libc.renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE):
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code), str(target))
        except OSError as exc:
            if exc.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
                raise
            os.rename(target, new.with_name(new.name + RETIRED_SUFFIX))
            _step("site or content retired, new one not yet in place")
            os.rename(new, target)
    else:  # the first build, or the two-rename fallback killed between its renames
        os.rename(new, target)
    _sync_folder(target.parent)


def _unit(name: str) -> set[str]:
    """An article and its merge record are one unit: both new, or both as they were."""
    parts = name.split("/")
    if len(parts) >= 2 and parts[-1].endswith(".md") and GENERATED_DIR not in parts:
        return {name, "/".join([*parts[:-1], GENERATED_DIR, parts[-1][:-3] + ".json"])}
    if len(parts) >= 3 and parts[-2] == GENERATED_DIR and parts[-1].endswith(".json"):
        return {name, "/".join([*parts[:-2], parts[-1][:-5] + ".md"])}
    return {name}


def _carry_saves(saved_in: Path, into: Path, original: dict[str, str], known: Hashes | None) -> set[str]:
    """Copy what people saved in ``saved_in`` since the build copied it (changed, added or
    deleted files, with the other half of their unit) into ``into``; returns the saved names."""
    now = _tree_hashes(saved_in, known)
    saved = {name for name in set(now) | set(original) if now.get(name) != original.get(name)}
    for name in sorted(set().union(*map(_unit, saved)) if saved else ()):
        source, target = saved_in / name, into / name
        if source.is_file():
            write.write_bytes_atomic(target, source.read_bytes())
        else:
            target.unlink(missing_ok=True)
    return saved


def _finish(root: Path, journal: dict, known: Hashes | None = None) -> set[str]:
    """Bring ``content/`` and ``site/`` to what the journal names; safe to run again at any point.
    ``known``: the files the build hashed already."""
    content, staged = root / journal["content"], root / journal["staged_content"]
    new_content = journal["staged_content_inode"]
    saved: set[str] = set()
    # A staged tree that is gone (removed by hand) cannot be switched in: what is in place stays.
    if _inode(content) != new_content and staged.is_dir():
        if content.exists():
            saved |= _carry_saves(content, staged, journal["original"], known)
        _step("content/ exchange")
        _exchange(staged, content)
    for old in (staged, staged.with_name(staged.name + RETIRED_SUFFIX)):
        if old.is_dir() and _inode(old) != new_content:  # a save that came just before the exchange
            saved |= _carry_saves(old, content, journal["original"], known)
    if journal["staged_site"] is None:  # MkDocs was skipped: the site in place is this build's
        return saved
    site_dir, rendered = root / journal["site"], root / journal["staged_site"]
    if _inode(site_dir) != journal["staged_site_inode"] and rendered.is_dir():
        _step("site/ exchange")
        _exchange(rendered, site_dir)
    return saved


def _write_journal(root: Path, journal: dict) -> None:
    path = root / JOURNAL_FILE
    handle, temporary = tempfile.mkstemp(dir=root, prefix=f"{JOURNAL_FILE}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(journal, stream, indent=1, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(root)


def _end_journal(root: Path) -> None:
    sync(root)  # the carried saves and renames are durable before the journal stops naming them
    (root / JOURNAL_FILE).unlink()
    _sync_folder(root)


def switch(
    root: Path, staged: Staged, content_dir: Path, rendered: Path | None, site_dir: Path
) -> tuple[list[Path], list[Path]]:
    """Publish the staged content and the rendered site together; returns (changed, skipped)
    files of ``content_dir``: skipped ones were saved while the build ran and are kept as saved.
    ``rendered`` is None when the site in place is already this build's (the cache said so)."""
    root, content_dir, site_dir = root.resolve(), content_dir.resolve(), site_dir.resolve()
    now = _tree_hashes(staged.path, staged.hashes)
    differing = {name for name in set(now) | set(staged.original) if now.get(name) != staged.original.get(name)}
    _step("sync the staged trees")
    sync(root)
    journal = {  # paths relative to the project, which may have moved when the next build reads them
        "content": os.path.relpath(content_dir, root),
        "staged_content": os.path.relpath(staged.path, root),
        "staged_content_inode": _inode(staged.path),
        "site": os.path.relpath(site_dir, root),
        "staged_site": None if rendered is None else os.path.relpath(rendered, root),
        "staged_site_inode": None if rendered is None else _inode(rendered),
        "original": staged.original,
    }
    with _signals_deferred():
        _step("journal")
        _write_journal(root, journal)
        try:
            saved = _finish(root, journal, staged.hashes)
            _step("journal removal")
            _end_journal(root)
        except OSError as exc:
            raise BuildError(f"{describe(exc, root)}; the next build finishes publishing this one") from exc
    _step("done")
    changed = [content_dir / name for name in sorted(differing - saved)]
    return changed, [content_dir / name for name in sorted(saved)]


def recover(root: Path) -> str | None:
    """Under the lock, before a build: finish the publish a journal names, then remove what
    killed builds left. Returns a line saying what was finished, or None."""
    root = root.resolve()
    path = root / JOURNAL_FILE
    note = None
    if path.exists():
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise BuildError(
                f"{JOURNAL_FILE}: not a publish journal ({exc}); remove it and the {CONTENT_STAGING}* and "
                f"{SITE_STAGING}* folders, then build again"
            ) from exc
        try:
            _finish(root, journal)
            _end_journal(root)
        except OSError as exc:
            raise BuildError(f"{describe(exc, root)}; fix that and build again to finish publishing") from exc
        note = f"finished publishing an interrupted build ({JOURNAL_FILE})"
    for leftover in [*root.glob(f"{CONTENT_STAGING}*"), *root.glob(f"{SITE_STAGING}*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    for temporary in root.glob(f"{JOURNAL_FILE}.*.tmp"):
        temporary.unlink(missing_ok=True)
    return note
