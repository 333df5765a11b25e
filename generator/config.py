"""Settings and data files.

Generic patterns (boilerplate lines, publishers, the word lists of quote attribution) ship in
``generator/defaults/``; a corpus adds its own in ``content/data/`` (same file names), which
contributors extend. Lists in the two are concatenated, packaged entries first; the words of
``vocabulary.yml`` are added to the packaged ones, and so are those of ``lexicon.yml`` (the other
stages' word lists, read by ``generator.lexicon``). Corpus-specific curation (entities, events,
treaties) lives only in ``content/data/``.

Each file has one model below (``generator.schema`` validates it against the YAML node tree);
loading reads every file, packaged and corpus, and raises one ``DataFileError`` with every
problem of every file, so that a contributor fixes them in one round. What loads is typed and
frozen, with its patterns compiled: no stage re-checks or re-compiles a data file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator

from generator import site_info
from generator.document import Role
from generator.errors import DataFileError, DataProblem
from generator.lexicon import FILE as LEXICON_FILE
from generator.lexicon import Lexicon, lexicon_of, packaged, read_lexicon
from generator.schema import PACKAGE_DEFAULTS, Day, Text, compose, pattern, problem, read_file, record, shown

# vocabulary.yml: word lists (and word -> country mappings) of quote attribution, not a list of entries.
VOCABULARY_LISTS = (
    "anonymous_heads", "org_words", "place_words", "title_words", "post_nominals", "epithets", "cue_verbs",
)  # fmt: skip
VOCABULARY_MAPPINGS = ("demonyms", "nationality_nouns")
_CASED = ("post_nominals",)  # matched as written; every other word is lower-cased
ENTITY_KINDS = ("person", "organisation", "place", "country", "topic")

# -- the records of the data files, one model per file ----------------------------------------
# Each field's description is what a problem message says is expected there.

BoilerplatePattern = Annotated[re.Pattern[str], BeforeValidator(pattern(re.IGNORECASE))]
# Publishers' patterns are searched in blocks of several lines: ^ and $ are those of a line.
PublisherPattern = Annotated[re.Pattern[str], BeforeValidator(pattern(re.IGNORECASE | re.MULTILINE))]
TreatyPattern = Annotated[re.Pattern[str], BeforeValidator(pattern(re.IGNORECASE))]
_WEB_ADDRESS = re.compile(r"^https?://[^\s()<>]+$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _web_address(value: str) -> str:
    if not _WEB_ADDRESS.match(value):
        raise problem("web_address", f"reference {value!r} is not an http(s) address", "an http(s) address")
    return value


WebAddress = Annotated[Text, AfterValidator(_web_address)]


def _partial_date(value: Any) -> Any:
    """'1995', '2024-10' or '2024-06-19' (an unquoted date too): a milestone is as precise as its reference."""
    text = value.isoformat() if isinstance(value, date) else value
    if not isinstance(text, str) or not _PARTIAL_DATE.match(text):
        raise problem("partial_date", f"milestone date {value!r} is not YYYY[-MM[-DD]]")
    return text


def _none_is_empty(value: Any) -> Any:
    return () if value is None else value  # "entities:" with nothing under it yet


def _entries(model: Any, description: str) -> Any:
    return Annotated[tuple[model, ...], BeforeValidator(_none_is_empty), Field(description=description)]


@record
class BoilerplateRule:
    pattern: BoilerplatePattern = Field(description="a regular expression matched against a whole line")
    reason: Text = Field("boilerplate pattern", description="words for the build report")
    role: Role = Field(Role.FURNITURE, description=f"one of {', '.join(Role)}")


@record
class Publisher:
    name: Text = Field(description="the publisher's name")
    match: tuple[PublisherPattern, ...] = Field(description="a list of regular expressions")
    bylines: tuple[Text, ...] = Field((), description="a list of staff names")
    mentions: tuple[PublisherPattern, ...] = Field((), description="a list of regular expressions")
    own_prompts: tuple[PublisherPattern, ...] = Field(
        (), description="a list of regular expressions: the site's own prompts among the furniture"
    )


@record
class Entity:
    name: Text = Field(description="the canonical name, used as tag and speaker")
    kind: Literal[ENTITY_KINDS] | None = Field(None, description=" or ".join(ENTITY_KINDS))
    role: Text | None = Field(None, description="a role or organisation, or null")
    aliases: tuple[Text, ...] = Field((), description="a list of other spellings")
    weak_aliases: tuple[Text, ...] = Field((), description="a list of spellings that count only next to the name")


@record
class Event:
    name: Text = Field(description="the event's name")
    start: Day = Field(description="a date written YYYY-MM-DD")
    end: Day = Field(description="a date written YYYY-MM-DD")
    place: Text | None = Field(None, description="a place, or null")
    sources: tuple[Text, ...] = Field((), description="a list of raw files (content/raw/...)")

    @field_validator("end")
    @classmethod
    def _not_before_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise problem("date_order", "before start", "an end on or after the start")
        return end


@record
class Period:
    from_: Day | None = Field(None, alias="from", description="a date written YYYY-MM-DD")
    to: Day | None = Field(None, description="a date written YYYY-MM-DD")


@record
class TreatyMatch:
    years: tuple[int, ...] = Field((), description="a list of years")
    keywords: tuple[TreatyPattern, ...] = Field((), description="a list of regular expressions")
    require: tuple[TreatyPattern, ...] = Field((), description="a list of regular expressions")
    exclude: tuple[TreatyPattern, ...] = Field((), description="a list of regular expressions")
    period: Period | None = Field(None, description="a mapping with from and to")


@record
class Milestone:
    date: Annotated[str, BeforeValidator(_partial_date)] = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    text: Text = Field(description="what happened")
    ref: WebAddress | None = Field(None, description="an http(s) address")


@record
class Fact:
    text: Text = Field(description="one sentence")
    ref: WebAddress | None = Field(None, description="an http(s) address")
    verified: bool = Field(True, description="true or false")


@record
class Treaty:
    id: Text = Field(description="a short id, used as the page anchor")
    name: Text = Field(description="the instrument's full name")
    short_name: Text | None = Field(None, description="a short name, or null")
    parties: tuple[Text, ...] = Field((), description="a list of names")
    signed: Day = Field(description="a date written YYYY-MM-DD")
    place: Text | None = Field(None, description="a place, or null")
    milestones: tuple[Milestone, ...] = Field((), description="a list of {date, text, ref}")
    status: Text | None = Field(None, description="text, or null")
    automatic_assistance: Text | None = Field(None, description="text, or null")
    consultation: Text | None = Field(None, description="text, or null")
    un_charter: Text | None = Field(None, description="text, or null")
    duration: Text | None = Field(None, description="text, or null")
    facts: tuple[Fact, ...] = Field((), description="a list of {text, ref, verified}")
    ending: Text | None = Field(None, description="text, or null")
    reference: WebAddress | None = Field(None, description="an http(s) address")
    match: TreatyMatch = Field(TreatyMatch(), description="a mapping of years, keywords, require, exclude, period")


@record
class _BoilerplateFile:
    boilerplate: _entries(BoilerplateRule, "a list of {pattern, reason, role}") = ()


@record
class _PublishersFile:
    publishers: _entries(Publisher, "a list of publishers") = ()


@record
class _EntitiesFile:
    entities: _entries(Entity, "a list of entities") = ()


@record
class _EventsFile:
    events: _entries(Event, "a list of events") = ()


@record
class _TreatiesFile:
    treaties: _entries(Treaty, "a list of treaties") = ()


# Data files of entries: packaged ones first, then the corpus's (same file names).
DATA_FILES: dict[str, type] = {
    "boilerplate": _BoilerplateFile,
    "publishers": _PublishersFile,
    "entities": _EntitiesFile,
    "events": _EventsFile,
    "treaties": _TreatiesFile,
}


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
    cue_verbs: frozenset[str] = frozenset()  # reporting verbs: "barked", "proclaimed", "tweeting"
    demonyms: MappingProxyType[str, str] = field(default_factory=_no_words)  # "russian" -> "russia"
    nationality_nouns: MappingProxyType[str, str] = field(default_factory=_no_words)  # "pole" -> "poland"


@dataclass(frozen=True, slots=True)
class Data:
    """Everything read from the data files, validated and compiled once."""

    boilerplate: tuple[BoilerplateRule, ...] = ()
    publishers: tuple[Publisher, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    treaties: tuple[Treaty, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    site: site_info.SiteInfo = field(default_factory=site_info.SiteInfo)
    lexicon: Lexicon = field(default_factory=packaged)  # lexicon.yml: the word lists of the stages


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path = field(default_factory=Path.cwd)
    data: Data = field(default_factory=Data)
    # Relative dates ("5 months ago") resolve against this, never against today's clock.
    reference_date: date | None = None
    # Build time for reproducible output, from SOURCE_DATE_EPOCH; None when it is not set (the
    # build then takes the newest article date, never the clock).
    build_time: datetime | None = None

    def relative(self, path: Path) -> str:
        """A path as shown in messages and front matter: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


_STR, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"


def _word(node: yaml.Node, where: str, cased: bool, report: Any) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
        shown_value = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        report(
            node,
            where,
            f"{shown_value} is not a word; write words as text (quote 'no', 'on', 'yes', 'null' and numbers)",
        )
        return None
    return node.value.strip() if cased else node.value.strip().lower()


def read_vocabulary(path: Path, root: Path | None = None) -> tuple[dict[str, list[Any]], list[DataProblem]]:
    """The word lists and word mappings of a vocabulary file in file order, and every problem of it.

    Read from the YAML node tree, so that each problem names the file, the line and the key. A
    missing file has no words."""
    found: dict[str, list[Any]] = {}
    name = shown(path, root)
    root_node, problems = compose(path, name)
    if root_node is None:
        return found, problems

    def report(node: yaml.Node, key: str, what: str) -> None:
        problems.append(DataProblem(name, node.start_mark.line + 1, key, what))

    if not isinstance(root_node, yaml.MappingNode):
        report(root_node, "", "expected a mapping of word lists")
        return found, problems
    known = VOCABULARY_LISTS + VOCABULARY_MAPPINGS
    for key_node, value in root_node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
        if key in found:
            report(key_node, key, "appears twice")
        elif isinstance(value, yaml.ScalarNode) and value.tag == _NULL and key in known:
            found[key] = []  # "title_words:" with nothing under it yet
        elif key in VOCABULARY_LISTS:
            if not isinstance(value, yaml.SequenceNode):
                report(key_node, key, "expected a list of words, like [a, b]")
                continue
            words = [_word(item, f"{key} entry {i}", key in _CASED, report) for i, item in enumerate(value.value, 1)]
            found[key] = [word for word in words if word is not None]
        elif key in VOCABULARY_MAPPINGS:
            if not isinstance(value, yaml.MappingNode):
                report(key_node, key, "expected a mapping of word: country, like {belarusian: belarus}")
                continue
            pairs = [(_word(k, key, False, report), _word(v, key, False, report)) for k, v in value.value]
            found[key] = [(k, v) for k, v in pairs if k is not None and v is not None]
        else:
            report(key_node, "", f"unknown key {key!r} (known: {', '.join(known)})")
    return found, problems


def _vocabulary(parts: list[dict[str, list[Any]]]) -> Vocabulary:
    """The packaged vocabulary with the corpus's words added."""
    words: dict[str, Any] = {}
    for key in VOCABULARY_LISTS:
        words[key] = frozenset(word for part in parts for word in part.get(key, ()))
    for key in VOCABULARY_MAPPINGS:
        words[key] = MappingProxyType(dict(pair for part in parts for pair in part.get(key, ())))
    return Vocabulary(**words)


def load_data(data_dir: Path | None, root: Path | None = None) -> Data:
    """Every data file, packaged then the corpus's, validated; every problem of every file at once.

    ``root``: the project root, that messages name files relative to. Raises ``DataFileError``."""
    folders = [PACKAGE_DEFAULTS] if data_dir is None else [PACKAGE_DEFAULTS, data_dir]
    problems: list[DataProblem] = []
    lists: dict[str, tuple[Any, ...]] = {}
    for name, model in DATA_FILES.items():
        lists[name] = ()
        for folder in folders:
            record, found = read_file(model, folder / f"{name}.yml", root)
            problems += found
            lists[name] += getattr(record, name) if record is not None else ()
    words, lexicon = [], []
    for folder in folders:
        part, found = read_vocabulary(folder / "vocabulary.yml", root)
        problems += found
        words.append(part)
        entries, found = read_lexicon(folder / LEXICON_FILE, root)
        problems += found
        lexicon.append(entries)
    site, found = site_info.read(data_dir, root)
    problems += found
    if problems:
        raise DataFileError(problems)
    return Data(**lists, vocabulary=_vocabulary(words), site=site, lexicon=lexicon_of(lexicon))


def build_time_from_env() -> datetime | None:
    """SOURCE_DATE_EPOCH as a time; settings are where the environment is read, once."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else None


def load_settings(root: Path, data_dir: Path | None, reference_date: date | None = None) -> Settings:
    return Settings(
        root=root,
        data=load_data(data_dir, root),
        reference_date=reference_date,
        build_time=build_time_from_env(),
    )
