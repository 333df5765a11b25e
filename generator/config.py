"""Settings and data files.

Generic patterns (boilerplate lines, publishers, the word lists of quote attribution) ship in
``generator/defaults/``; a corpus adds its own in ``content/data/`` (same file names), which
contributors extend. Lists in the two are concatenated, packaged entries first; the words of
``vocabulary.yml`` are added to the packaged ones. Corpus-specific curation (entities, events,
treaties) lives only in ``content/data/``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from generator.document import Role
from generator.errors import DataFileError

PACKAGE_DEFAULTS = Path(__file__).parent / "defaults"
DATA_FILES = ("boilerplate", "publishers", "entities", "events", "treaties")
# vocabulary.yml: word lists (and word -> country mappings) of quote attribution, not a list of entries.
VOCABULARY_LISTS = ("anonymous_heads", "org_words", "place_words", "title_words", "post_nominals", "epithets")
VOCABULARY_MAPPINGS = ("demonyms", "nationality_nouns")
_CASED = ("post_nominals",)  # matched as written; every other word is lower-cased


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    pattern: re.Pattern[str]
    reason: str  # for people, in the build report
    role: Role = Role.FURNITURE  # for the stages: what the line was


def _no_words() -> MappingProxyType[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists of generator/defaults/vocabulary.yml plus the corpus's additions."""

    anonymous_heads: frozenset[str] = frozenset()  # "analysts said", "the filing said": nobody named
    org_words: frozenset[str] = frozenset()  # "Porto Azul Rovers", "Ministry of Defence"
    place_words: frozenset[str] = frozenset()  # "Kim Il Sung Square"
    title_words: frozenset[str] = frozenset()  # role words before a name: "Evacuee Greg Hollis"
    post_nominals: frozenset[str] = frozenset()  # "Fiona Lam KC"
    epithets: frozenset[str] = frozenset()  # "the Russian despot"
    demonyms: MappingProxyType[str, str] = field(default_factory=_no_words)  # "russian" -> "russia"
    nationality_nouns: MappingProxyType[str, str] = field(default_factory=_no_words)  # "pole" -> "poland"


METADATA_KEYS = ("not_headline", "headline_prefix", "date_context", "not_date_context", "byline_prefix", "byline_tail")


@dataclass(frozen=True, slots=True)
class MetadataPatterns:
    """The patterns of generator/defaults/metadata.yml plus the corpus's additions, compiled once."""

    not_headline: tuple[re.Pattern[str], ...] = ()  # menus, prompts, labels: never the headline
    headline_prefix: tuple[re.Pattern[str], ...] = ()  # cut from a headline's start: " date 2022-05-11 "
    date_context: tuple[re.Pattern[str], ...] = ()  # "Published:", "publié le": a publication date
    not_date_context: tuple[re.Pattern[str], ...] = ()  # comments, captions: no publication date
    byline_prefix: tuple[re.Pattern[str], ...] = ()  # "By", "Edited by", "Von"
    byline_tail: tuple[re.Pattern[str], ...] = ()  # a date after the names: "Jane Doe Mon, Jun 17"


@dataclass(frozen=True, slots=True)
class Data:
    """Everything read from the data files, validated and compiled once."""

    boilerplate: tuple[BoilerplateRule, ...] = ()
    publishers: tuple[dict[str, Any], ...] = ()
    entities: tuple[dict[str, Any], ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    treaties: tuple[dict[str, Any], ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    metadata: MetadataPatterns = field(default_factory=MetadataPatterns)


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


def parse_yaml(path: Path, parse: Any = yaml.safe_load) -> Any:
    """``parse`` (safe_load or compose) of a data file's text, with a one-line error naming the file."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DataFileError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)}); fix the file") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 text; save it as UTF-8") from exc


def read_yaml_list(path: Path, key: str) -> list[dict[str, Any]]:
    """The list under ``key`` of a YAML data file; a missing file is an empty list."""
    if not path.is_file():
        return []
    loaded = parse_yaml(path) or {}
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
        role = item.get("role", Role.FURNITURE.value)
        if not isinstance(role, str) or role not in {known.value for known in Role}:
            known = ", ".join(Role)
            raise DataFileError(
                f"{path}: boilerplate entry {number}: unknown role {role!r} (known: {known}); fix the file"
            )
        rules.append(BoilerplateRule(compiled, str(reason or "boilerplate pattern"), Role(role)))
    return tuple(rules)


_STR, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"


def _word(node: yaml.Node, path: Path, where: str, cased: bool) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
        shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        raise DataFileError(
            f"{path}:{node.start_mark.line + 1}: {where}: {shown} is not a word; write words as text "
            "(quote 'no', 'on', 'yes', 'null' and numbers); fix the file"
        )
    return node.value.strip() if cased else node.value.strip().lower()


def read_vocabulary(path: Path) -> dict[str, list[str] | list[tuple[str, str]]]:
    """The word lists and word mappings of a vocabulary file, in file order; a missing file has none.

    Read from the YAML node tree, so that each error names the file, the line and the key."""
    found: dict[str, list[str] | list[tuple[str, str]]] = {}
    if not path.is_file():
        return found
    root = parse_yaml(path, yaml.compose)
    if root is None:
        return found
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(f"{path}:{root.start_mark.line + 1}: expected a mapping of word lists; fix the file")
    for key_node, value in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
        line = key_node.start_mark.line + 1
        if key in found:
            raise DataFileError(f"{path}:{line}: {key} appears twice; fix the file")
        if isinstance(value, yaml.ScalarNode) and value.tag == _NULL and key in VOCABULARY_LISTS + VOCABULARY_MAPPINGS:
            found[key] = []  # "title_words:" with nothing under it yet
        elif key in VOCABULARY_LISTS:
            if not isinstance(value, yaml.SequenceNode):
                raise DataFileError(f"{path}:{line}: {key}: expected a list of words, like [a, b]; fix the file")
            found[key] = [_word(item, path, f"{key} entry {i}", key in _CASED) for i, item in enumerate(value.value, 1)]
        elif key in VOCABULARY_MAPPINGS:
            if not isinstance(value, yaml.MappingNode):
                raise DataFileError(
                    f"{path}:{line}: {key}: expected a mapping of word: country, like {{belarusian: belarus}}; "
                    "fix the file"
                )
            found[key] = [(_word(k, path, key, False), _word(v, path, key, False)) for k, v in value.value]
        else:
            known = ", ".join(VOCABULARY_LISTS + VOCABULARY_MAPPINGS)
            raise DataFileError(f"{path}:{line}: unknown key {key!r} (known: {known}); fix the file")
    return found


def load_vocabulary(data_dir: Path | None) -> Vocabulary:
    """The packaged vocabulary with the corpus's words added."""
    parts = [read_vocabulary(PACKAGE_DEFAULTS / "vocabulary.yml")]
    if data_dir is not None:
        parts.append(read_vocabulary(data_dir / "vocabulary.yml"))
    words: dict[str, Any] = {}
    for key in VOCABULARY_LISTS:
        words[key] = frozenset(word for part in parts for word in part.get(key, ()))
    for key in VOCABULARY_MAPPINGS:
        words[key] = MappingProxyType(dict(pair for part in parts for pair in part.get(key, ())))
    return Vocabulary(**words)


def read_metadata_patterns(path: Path) -> dict[str, list[re.Pattern[str]]]:
    """The pattern lists of a metadata.yml, each compiled; every problem names the file and line."""
    found: dict[str, list[re.Pattern[str]]] = {}
    if not path.is_file():
        return found
    root = parse_yaml(path, yaml.compose)
    if root is None:
        return found
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(f"{path}:{root.start_mark.line + 1}: expected a mapping of pattern lists; fix the file")
    for key_node, value in root.value:
        key, line = key_node.value, key_node.start_mark.line + 1
        if key not in METADATA_KEYS:
            raise DataFileError(f"{path}:{line}: unknown key {key!r} (known: {', '.join(METADATA_KEYS)}); fix the file")
        if key in found:
            raise DataFileError(f"{path}:{line}: {key} appears twice; fix the file")
        if not isinstance(value, yaml.SequenceNode):
            raise DataFileError(f"{path}:{line}: {key}: expected a list of patterns; fix the file")
        patterns = []
        for item in value.value:
            text = _word(item, path, key, cased=True)
            try:
                patterns.append(re.compile(text, re.IGNORECASE))
            except re.error as exc:
                raise DataFileError(f"{path}:{item.start_mark.line + 1}: {key}: {text!r}: {exc}; fix the file") from exc
        found[key] = patterns
    return found


def load_metadata_patterns(data_dir: Path | None) -> MetadataPatterns:
    parts = [read_metadata_patterns(PACKAGE_DEFAULTS / "metadata.yml")]
    if data_dir is not None:
        parts.append(read_metadata_patterns(data_dir / "metadata.yml"))
    return MetadataPatterns(**{key: tuple(p for part in parts for p in part.get(key, ())) for key in METADATA_KEYS})


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
        vocabulary=load_vocabulary(data_dir),
        metadata=load_metadata_patterns(data_dir),
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
