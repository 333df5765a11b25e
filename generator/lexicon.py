"""The lexicon: every word list that grows with corpora, read from data, compiled once.

The packaged lists live in ``generator/defaults/lexicon.yml``; a corpus adds its own words
under the same keys in ``content/data/lexicon.yml`` (packaged words first, so that a regex
alternation keeps its order). Both are validated from the YAML node tree when loaded, so that
each problem names the file, the line and the key. A stage reads the lists from
``settings.data.lexicon``; it builds its regexes from them once per lexicon (``compiled``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import yaml

from generator.errors import DataFileError, DataProblem
from generator.schema import PACKAGE_DEFAULTS, backtracking, compose, shown

FILE = "lexicon.yml"

# How each key's entries are read. ``words`` are lower-cased and matched in any case; ``cased``
# words are matched as written; ``patterns`` are regex fragments (checked to compile); ``months``
# maps a month word to its number, ``weights`` a phrase to a number. A new list is one line here
# and one key in lexicon.yml.
WORDS, CASED, PATTERNS, MONTHS, WEIGHTS = "words", "cased", "patterns", "months", "weights"
_VALUED = (MONTHS, WEIGHTS)  # mappings of word: number; the others are lists
KEYS = MappingProxyType(
    {
        "function_words": WORDS,
        "fillers": PATTERNS,
        "months": MONTHS,
        "story_labels": CASED,
        "titles_before_names": CASED,
        "sentence_openers": CASED,
        "byline_prefixes": WORDS,
        "byline_words": WORDS,
        "dangling_words": WORDS,
        "subordinate_openers": WORDS,
        "html_tags": PATTERNS,
        "continuers": WORDS,
        "discourse_markers": WEIGHTS,
        "subjects": WORDS,
        "auxiliaries": WORDS,
        "clause_verbs": WORDS,
        "relative_heads": WORDS,
        "abbreviations": CASED,
        "dependent_openers": WORDS,
        "broken_end_words": WORDS,
        "agreement_words": PATTERNS,
        "loose_agreement_words": PATTERNS,
        "agreement_cues": PATTERNS,
        "not_names": WORDS,
        "time_words": WORDS,
        "season_words": WORDS,
        "honorifics": WORDS,
        "name_particles": WORDS,
        "non_subject_words": WORDS,
        "sentence_intro_words": WORDS,
        "speech_adverbs": PATTERNS,
        "clause_breaks": WORDS,
        "title_clause_breaks": WORDS,
        "title_phrase_breaks": WORDS,
        "speaker_trailers": WORDS,
        "place_lead_words": WORDS,
        "quote_back_references": WORDS,
        "role_clause_verbs": WORDS,
        "quotable_words": WORDS,
        "indefinite_determiners": WORDS,
        "not_headline": PATTERNS,
        "headline_prefixes": PATTERNS,
        "headline_kickers": PATTERNS,
        "teaser_links": PATTERNS,
        "date_labels": PATTERNS,
        "not_date_labels": PATTERNS,
        "byline_tails": PATTERNS,
        "provider_labels": PATTERNS,
    }
)

_STR, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, for ``compiled``
class Lexicon:
    """Each key's entries in file order, as a set, and as a regex alternation; a mapping's numbers."""

    lists: MappingProxyType[str, tuple[str, ...]]
    sets: MappingProxyType[str, frozenset[str]]
    alternations: MappingProxyType[str, str]
    values: MappingProxyType[str, MappingProxyType[str, float]]

    def words(self, key: str) -> frozenset[str]:
        return self.sets[key]

    def numbers(self, key: str) -> MappingProxyType[str, float]:
        """A mapping's words with their numbers, in file order (``months``: 1 to 12)."""
        return self.values[key]

    def alternation(self, key: str) -> str:
        """The entries as one regex alternation, in file order (words escaped, patterns as written)."""
        return self.alternations[key]


_Found = dict[str, list[tuple[str, float]]]  # each key's entries, with their number in a mapping (else 0)


class _Reader:
    """The entries of one lexicon file, and every problem of it, each at its node's line."""

    def __init__(self, name: str, packaged: bool = False) -> None:
        self.name = name
        self.packaged = packaged  # generator/defaults: reviewed with the code
        self.problems: list[DataProblem] = []

    def report(self, node: yaml.Node, key: str, what: str) -> None:
        self.problems.append(DataProblem(self.name, node.start_mark.line + 1, key, what))

    def entry(self, node: yaml.Node, key: str, number: int) -> str | None:
        where = f"{key} entry {number}"
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
            shown_value = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            self.report(node, where, f"{shown_value} is not a word; write words as text (quote 'no', 'on', numbers)")
            return None
        text = node.value.strip()
        if KEYS[key] == PATTERNS:
            try:
                re.compile(text)
            except re.error as exc:
                self.report(node, where, f"bad pattern {text!r} ({exc})")
                return None
            slow = None if self.packaged else backtracking(text)
            if slow:  # the stages join these into alternations matched on every line
                self.report(node, where, f"pattern {text!r} has {slow}; write it unnested")
                return None
        return text.lower() if KEYS[key] in (WORDS, *_VALUED) else text

    def number(self, node: yaml.Node, key: str, number: int) -> float | None:
        months = KEYS[key] == MONTHS
        tags = (_INT,) if months else (_INT, _FLOAT)
        if not isinstance(node, yaml.ScalarNode) or node.tag not in tags or (months and not 1 <= int(node.value) <= 12):
            shown_value = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            wanted = "a month number from 1 to 12" if months else "a number"
            self.report(node, f"{key} entry {number}", f"{shown_value} is not {wanted}")
            return None
        return int(node.value) if months else float(node.value)

    def value(self, key: str, key_node: yaml.Node, value: yaml.Node) -> list[tuple[str, float]] | None:
        if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:
            return []  # "fillers:" with nothing under it yet
        if KEYS[key] in _VALUED:
            if not isinstance(value, yaml.MappingNode):
                self.report(key_node, key, "expected a mapping of word: number, like {sept: 9}")
                return None
            pairs = [(self.entry(k, key, i), self.number(v, key, i)) for i, (k, v) in enumerate(value.value, 1)]
            return [(word, number) for word, number in pairs if word is not None and number is not None]
        if not isinstance(value, yaml.SequenceNode):
            self.report(key_node, key, "expected a list of words, like [a, b]")
            return None
        words = [self.entry(item, key, i) for i, item in enumerate(value.value, 1)]
        return [(word, 0) for word in words if word is not None]


def read_lexicon(path: Path, root: Path | None = None) -> tuple[_Found, list[DataProblem]]:
    """Each key's entries in file order, and every problem of the file; a missing file has none.

    Read from the YAML node tree, so that each problem names the file, the line and the key."""
    found: _Found = {}
    reader = _Reader(shown(path, root), path.resolve().is_relative_to(PACKAGE_DEFAULTS.resolve()))
    node, problems = compose(path, reader.name)
    if node is None:
        return found, problems
    if not isinstance(node, yaml.MappingNode):
        reader.report(node, "", "expected a mapping of word lists")
        return found, reader.problems
    for key_node, value in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
        if key not in KEYS:
            reader.report(key_node, str(key), f"unknown key (known: {', '.join(KEYS)})")
        elif key in found:
            reader.report(key_node, key, "appears twice")
        elif (entries := reader.value(key, key_node, value)) is not None:
            found[key] = entries
    return found, reader.problems


def _alternation(key: str, entries: tuple[str, ...]) -> str:
    return "|".join(entries if KEYS[key] == PATTERNS else map(re.escape, entries))


def lexicon_of(parts: list[_Found]) -> Lexicon:
    """The packaged entries with the corpus's appended (a word both name counts once; in a mapping,
    the corpus's number wins), compiled into sets and alternations."""
    lists = {key: tuple(dict.fromkeys(word for part in parts for word, _ in part.get(key, ()))) for key in KEYS}
    values = {
        key: MappingProxyType({word: number for part in parts for word, number in part.get(key, ())})
        for key, kind in KEYS.items()
        if kind in _VALUED
    }
    return Lexicon(
        lists=MappingProxyType(lists),
        sets=MappingProxyType({key: frozenset(entries) for key, entries in lists.items()}),
        alternations=MappingProxyType({key: _alternation(key, entries) for key, entries in lists.items()}),
        values=MappingProxyType(values),
    )


def load_lexicon(data_dir: Path | None, root: Path | None = None) -> Lexicon:
    """The packaged lexicon with the corpus's words; ``DataFileError`` with every problem of both files.

    ``config.load_data`` reads the files the same way, with the problems of the other data files."""
    folders = [PACKAGE_DEFAULTS] if data_dir is None else [PACKAGE_DEFAULTS, data_dir]
    parts, problems = [], []
    for folder in folders:
        part, found = read_lexicon(folder / FILE, root)
        parts.append(part)
        problems += found
    if problems:
        raise DataFileError(problems)
    return lexicon_of(parts)


@functools.cache
def packaged() -> Lexicon:
    """The packaged lexicon alone: for settings built without a corpus, and for helpers called
    outside a build (the packaged files do not change while the program runs)."""
    return load_lexicon(None)


T = TypeVar("T")


def compiled(build: Callable[[Lexicon], T]) -> Callable[[Lexicon | None], T]:
    """``build`` (a module's regexes from the lexicon) run once per lexicon; None is the packaged one.

    The last few lexicons are kept: one per loaded data dir, as ``load_settings`` makes them."""
    cached = functools.lru_cache(maxsize=8)(build)

    def patterns(lexicon: Lexicon | None) -> T:
        return cached(lexicon if lexicon is not None else packaged())

    return patterns
