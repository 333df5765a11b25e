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

from generator.errors import DataFileError

PACKAGE_DEFAULTS = Path(__file__).parent / "defaults"
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


def _problem(path: Path, node: yaml.Node, key: str, what: str) -> DataFileError:
    return DataFileError(f"{path}:{node.start_mark.line + 1}: {key}: {what}; fix the file")


def _entry(node: yaml.Node, path: Path, key: str, number: int) -> str:
    where = f"{key} entry {number}"
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
        shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        raise _problem(path, node, where, f"{shown} is not a word; write words as text (quote 'no', 'on', numbers)")
    text = node.value.strip()
    if KEYS[key] == PATTERNS:
        try:
            re.compile(text)
        except re.error as exc:
            raise _problem(path, node, where, f"bad pattern {text!r} ({exc})") from exc
    return text.lower() if KEYS[key] in (WORDS, *_VALUED) else text


def _number(node: yaml.Node, path: Path, key: str, number: int) -> float:
    months = KEYS[key] == MONTHS
    tags = (_INT,) if months else (_INT, _FLOAT)
    if not isinstance(node, yaml.ScalarNode) or node.tag not in tags or (months and not 1 <= int(node.value) <= 12):
        shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        wanted = "a month number from 1 to 12" if months else "a number"
        raise _problem(path, node, f"{key} entry {number}", f"{shown} is not {wanted}")
    return int(node.value) if months else float(node.value)


def read_lexicon(path: Path) -> dict[str, list[tuple[str, float]]]:
    """Each key's entries (with their number in a mapping, else 0) in file order; a missing file has none."""
    found: dict[str, list[tuple[str, float]]] = {}
    if not path.is_file():
        return found
    from generator.config import parse_yaml  # config imports this module to build Settings

    root = parse_yaml(path, yaml.compose)
    if root is None:
        return found
    if not isinstance(root, yaml.MappingNode):
        raise _problem(path, root, "lexicon", "expected a mapping of word lists")
    for key_node, value in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
        if key not in KEYS:
            raise _problem(path, key_node, str(key), f"unknown key (known: {', '.join(KEYS)})")
        if key in found:
            raise _problem(path, key_node, key, "appears twice")
        if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:
            found[key] = []  # "fillers:" with nothing under it yet
        elif KEYS[key] in _VALUED:
            if not isinstance(value, yaml.MappingNode):
                raise _problem(path, key_node, key, "expected a mapping of word: number, like {sept: 9}")
            found[key] = [
                (_entry(k, path, key, i), _number(v, path, key, i)) for i, (k, v) in enumerate(value.value, 1)
            ]
        elif not isinstance(value, yaml.SequenceNode):
            raise _problem(path, key_node, key, "expected a list of words, like [a, b]")
        else:
            found[key] = [(_entry(item, path, key, i), 0) for i, item in enumerate(value.value, 1)]
    return found


def _alternation(key: str, entries: tuple[str, ...]) -> str:
    return "|".join(entries if KEYS[key] == PATTERNS else map(re.escape, entries))


def load_lexicon(data_dir: Path | None) -> Lexicon:
    """The packaged lexicon with the corpus's words appended (a word both name counts once; in a
    mapping, the corpus's number wins)."""
    parts = [read_lexicon(PACKAGE_DEFAULTS / FILE)]
    if data_dir is not None:
        parts.append(read_lexicon(data_dir / FILE))
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
