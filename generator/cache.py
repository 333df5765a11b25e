"""Incremental builds: what a build computed, kept in ``ROOT/.cache/`` by the hash of its inputs.

Every entry is named by a key that hashes everything its value depends on: the generator's own
code and version, the data files, the settings that reach the stages, and the entry's own inputs
(a source's bytes, the list of sources, the articles as written, the files MkDocs reads). A key
that matches therefore stands for a result a clean build would compute again byte for byte, and
an edit anywhere upstream changes the key rather than serving a stale value. The folder is
git-ignored and safe to delete: a build without it computes everything and fills it again; a
build removes the entries it no longer uses, so the folder holds one corpus's worth.

Per-source results (every per-document stage on one raw file) are computed in a process pool of
``jobs`` workers when more than one source needs it; results are gathered in file order, so the
output does not depend on the number of workers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import articles, merge
from generator.config import Settings
from generator.document import Document
from generator.errors import Problem, SourceError

CACHE_DIR = ".cache"
GENERATOR_DIR = Path(__file__).resolve().parent
# The packages whose versions change what the build writes.
_ENVIRONMENT = re.compile(r"!ENV\s*\[?\s*([A-Z_][A-Z0-9_]*)")  # variables a MkDocs configuration reads
_RENDERERS = ("newsdossier", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml")
Process = Callable[[Path, Settings], Document]
Progress = Callable[[str], None]


def _digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: parts cannot run together
    return hasher.hexdigest()


def tree_digest(folder: Path, skip: Iterable[str] = ("__pycache__",)) -> str:
    """One hash of every file under ``folder`` (relative names and bytes), leaving out the folders
    named in ``skip`` (compiled Python) wherever they are."""
    skipped = set(skip)
    parts: list[bytes | str] = []
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in skipped)
        where = Path(top)
        for name in sorted(files):
            parts += [(where / name).relative_to(folder).as_posix(), (where / name).read_bytes()]
    return _digest(*parts)


def _versions() -> str:
    found = []
    for package in _RENDERERS:
        try:
            found.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} absent")
    return ";".join(found)


def fingerprint(data_dir: Path, settings: Settings) -> str:
    """What every result depends on: the generator's code, templates and packaged data, the
    versions of what renders, the corpus's data files, and the settings that reach the stages
    (not the project's folder: sources are named relative to it, and a moved project keeps its cache)."""
    code = tree_digest(GENERATOR_DIR)
    return _digest(code, _versions(), tree_digest(data_dir), str(settings.reference_date))


def _write_entry(path: Path, data: bytes) -> None:
    """Atomic (a reader sees the old entry or the new one) but not synced: an entry lost to a
    crash is computed again, so it is not worth an fsync per entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Cache:
    """The entries of one build, under ``root/.cache``; ``fingerprint`` is part of every key."""

    def __init__(self, root: Path, fingerprint: str):
        self.folder = root / CACHE_DIR
        self.fingerprint = fingerprint
        self.used: set[Path] = set()

    def key(self, *parts: bytes | str) -> str:
        return _digest(self.fingerprint, *parts)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any | None:
        path = self._path(kind, key)
        self.used.add(path)
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None  # absent, or written by another generator: computed again

    def put(self, kind: str, key: str, value: Any) -> None:
        path = self._path(kind, key)
        self.used.add(path)
        with contextlib.suppress(OSError):  # a cache that cannot be written only makes the next build slower
            _write_entry(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def computed(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, else ``compute()``, kept for the next build."""
        value = self.get(kind, key)
        if value is None:
            value = compute()
            self.put(kind, key, value)
        return value

    def prune(self) -> None:
        """Remove the entries this build did not use (other corpora, older generators), of the
        kinds it used: a kind it had no use for (MkDocs skipped, the index pages reused whole)
        is kept for the next build that needs it."""
        kinds = {path.parent for path in self.used}
        for path in self.folder.glob("*/*.pickle") if self.folder.is_dir() else []:
            if path.parent in kinds and path not in self.used:
                path.unlink(missing_ok=True)


# ---------------------------------------------------------------- per-source results

_worker: tuple[Process, Settings] | None = None  # set before the pool forks; workers inherit it


def _process_one(path: Path) -> Document | Problem:
    assert _worker is not None
    process, settings = _worker
    try:
        return process(path, settings)
    except SourceError as exc:
        return exc.as_problem()


def process_sources(
    files: list[Path], settings: Settings, process: Process, cache: Cache | None, jobs: int, progress: Progress
) -> list[Document | Problem]:
    """``process`` on every file, in file order: a cached result where its key matches, else
    computed (in ``jobs`` worker processes when more than one file needs it) and kept."""
    global _worker
    keys = [cache.key("source", settings.relative(path), path.read_bytes()) if cache else "" for path in files]
    results: list[Document | Problem | None] = [cache.get("sources", key) if cache else None for key in keys]
    missing = [index for index, result in enumerate(results) if result is None]
    if len(files) - len(missing):
        progress(f"{len(files) - len(missing)} of {len(files)} sources unchanged since the last build")
    _worker = (process, settings)
    try:
        if jobs > 1 and len(missing) > 1:
            # fork: the workers inherit the settings (compiled patterns, read-only mappings) as loaded.
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=min(jobs, len(missing)), mp_context=context) as pool:
                computed = pool.map(_process_one, [files[i] for i in missing], chunksize=4)
                for done, (index, result) in enumerate(zip(missing, computed, strict=True), 1):
                    progress(f"[{done}/{len(missing)}] {settings.relative(files[index])}")
                    results[index] = result
        else:
            for done, index in enumerate(missing, 1):
                progress(f"[{done}/{len(missing)}] {settings.relative(files[index])}")
                results[index] = _process_one(files[index])
    finally:
        _worker = None
    if cache:
        for index in missing:
            cache.put("sources", keys[index], results[index])
    return [result for result in results if result is not None]


# ---------------------------------------------------------------- corpus-wide results


def _changes(before: Document, after: Document) -> dict[str, Any]:
    return {
        field.name: getattr(after, field.name)
        for field in dataclasses.fields(Document)
        if getattr(after, field.name) != getattr(before, field.name)
    }


def corpus_stage(
    cache: Cache | None,
    name: str,
    docs: list[Document],
    stage: Callable[[list[Document], Settings], list[Document]],
    settings: Settings,
) -> list[Document]:
    """A corpus-wide stage on ``docs`` as ``process_sources`` gave them, or what it changed in each
    document the last time it saw the same ones (kept as the changed fields only). Such a document
    is a function of its source's name and bytes under the fingerprint, so those stand for it."""
    if cache is None:
        return stage(docs, settings)
    key = cache.key(name, *(part for doc in docs for part in (doc.source, doc.source_sha256)))
    changes = cache.get("corpus", key)
    if changes is None or len(changes) != len(docs):
        after = stage(docs, settings)
        if len(after) != len(docs):
            return after  # a stage that adds or drops documents is not kept
        changes = [_changes(b, a) for b, a in zip(docs, after, strict=True)]
        cache.put("corpus", key, changes)
    return [doc.with_(**change) if change else doc for doc, change in zip(docs, changes, strict=True)]


def merged_file(
    cache: Cache | None, path: Path, meta: dict[str, Any], body: str, shown: str, overwrite: bool
) -> merge.Merged:
    """``merge.merge_file``, or its result the last time it met the same generated article, the
    same file on disk and the same base record (rendering the YAML is most of a no-op rebuild)."""
    if cache is None:
        return merge.merge_file(path, meta, body, shown, overwrite)
    current = None if overwrite or not path.is_file() else articles.read_text(path)
    base = merge.find_record(path, meta.get("source")) if current is not None else None
    key = cache.key("merge", repr(meta), body, repr(current), repr(base), shown)
    return cache.computed("merged", key, lambda: merge.merge(meta, body, current, base, shown))


# ---------------------------------------------------------------- the MkDocs build


def _site_listing(site_dir: Path) -> list[list]:
    return [
        [path.relative_to(site_dir).as_posix(), path.stat().st_size, path.stat().st_mtime_ns]
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()
    ]


def frame_key(cache: Cache, config_file: Path, build_time: str, strict: bool) -> str:
    """What MkDocs reads besides the Markdown: its configuration, the theme overrides and hooks
    beside it, the environment variables the configuration names, the build time and strictness
    (the generator's code is in every key)."""
    project = config_file.parent
    config = config_file.read_bytes()
    variables = sorted(set(_ENVIRONMENT.findall(config.decode("utf-8", errors="replace"))))
    return cache.key(
        "frame",
        config,
        json.dumps({name: os.environ.get(name) for name in variables}),
        tree_digest(project / "theme"),
        tree_digest(project / "generator"),
        build_time,
        str(strict),
    )


def site_key(cache: Cache, frame: str, docs_dir: Path) -> str:
    """Everything MkDocs reads: the frame (``frame_key``) and the Markdown it renders."""
    return cache.key("site", frame, tree_digest(docs_dir))


def site_is_current(cache: Cache, key: str, site_dir: Path) -> bool:
    """True when ``site_dir`` is exactly what MkDocs built from the inputs ``key`` stands for."""
    try:
        recorded = json.loads((cache.folder / "site.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded.get("key") == key and site_dir.is_dir() and recorded.get("files") == _site_listing(site_dir)


def remember_site(cache: Cache, key: str, site_dir: Path) -> None:
    record = {"key": key, "files": _site_listing(site_dir)}
    with contextlib.suppress(OSError):
        _write_entry(cache.folder / "site.json", (json.dumps(record) + "\n").encode("utf-8"))
