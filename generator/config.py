"""Settings and data files.

Generic patterns (boilerplate lines, publishers) ship in ``generator/defaults/``; a corpus
adds its own in ``content/data/`` (same file names), which contributors extend. Lists in
the two are concatenated, packaged entries first. Corpus-specific curation (entities,
events, treaties) lives only in ``content/data/``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataFileError

PACKAGE_DEFAULTS = Path(__file__).parent / "defaults"
DATA_FILES = ("boilerplate", "publishers", "entities", "events", "treaties")


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    pattern: re.Pattern[str]
    reason: str


@dataclass(frozen=True, slots=True)
class Data:
    """Everything read from the data files, validated and compiled once."""

    boilerplate: tuple[BoilerplateRule, ...] = ()
    publishers: tuple[dict[str, Any], ...] = ()
    entities: tuple[dict[str, Any], ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    treaties: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path = field(default_factory=Path.cwd)
    data: Data = field(default_factory=Data)
    # Relative dates ("5 months ago") resolve against this, never against today's clock.
    reference_date: date | None = None
    # Build time for reproducible output; from SOURCE_DATE_EPOCH.
    build_time: datetime = datetime(1970, 1, 1, tzinfo=UTC)

    def relative(self, path: Path) -> str:
        """A path as shown in messages and front matter: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def read_yaml_list(path: Path, key: str) -> list[dict[str, Any]]:
    """The list under ``key`` of a YAML data file; a missing file is an empty list."""
    if not path.is_file():
        return []
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DataFileError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)}); fix the file") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 text; save it as UTF-8") from exc
    if not isinstance(loaded, dict) or not isinstance(loaded.get(key, []), list):
        raise DataFileError(f"{path}: expected a mapping with a list under '{key}'; fix the file")
    items = loaded.get(key) or []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise DataFileError(f"{path}: {key} entry {number} is not a mapping; fix the file")
    return items


def _compile_boilerplate(items: list[dict[str, Any]], path: str) -> tuple[BoilerplateRule, ...]:
    rules = []
    for number, item in enumerate(items, 1):
        pattern, reason = item.get("pattern"), item.get("reason")
        if not isinstance(pattern, str) or not pattern:
            raise DataFileError(f"{path}: boilerplate entry {number} needs a 'pattern' string")
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise DataFileError(f"{path}: boilerplate entry {number}: bad pattern {pattern!r} ({exc})") from exc
        rules.append(BoilerplateRule(compiled, str(reason or "boilerplate pattern")))
    return tuple(rules)


def load_data(data_dir: Path | None) -> Data:
    loaded: dict[str, list[dict[str, Any]]] = {}
    for name in DATA_FILES:
        items = read_yaml_list(PACKAGE_DEFAULTS / f"{name}.yml", name)
        if data_dir is not None:
            items += read_yaml_list(data_dir / f"{name}.yml", name)
        loaded[name] = items
    return Data(
        boilerplate=_compile_boilerplate(loaded["boilerplate"], "boilerplate.yml"),
        publishers=tuple(loaded["publishers"]),
        entities=tuple(loaded["entities"]),
        events=tuple(loaded["events"]),
        treaties=tuple(loaded["treaties"]),
    )


def as_date(value: Any) -> date | None:
    """A date from a data-file value: a YAML date, an ISO string, or None when it is neither."""
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def build_time_from_env() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def load_settings(root: Path, data_dir: Path | None, reference_date: date | None = None) -> Settings:
    return Settings(
        root=root,
        data=load_data(data_dir),
        reference_date=reference_date,
        build_time=build_time_from_env(),
    )
