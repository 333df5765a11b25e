"""Canonical names: the entities of the data files, their aliases, and where a text mentions them.

Every stage that resolves a name ("Kim Jong-un", "KIM JONG UN", a near spelling) to the one
canonical name of ``entities.yml`` asks here: tags, quote speakers, event places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from generator import config
from generator.config import Settings

FUZZY_MIN_RATIO = 90  # rapidfuzz ratio of a near spelling to a person's alias, 0-100
NAME_TOKEN = r"[A-Z][a-z]+(?:[-'’][A-Za-z]+)*"
CANDIDATE = re.compile(rf"(?<![\w-]){NAME_TOKEN}(?:[ -]{NAME_TOKEN}){{1,3}}(?![\w-])")


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    kind: str
    aliases: tuple[str, ...]
    weak_aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # canonical name
    start: int
    end: int
    weak: bool = False  # matched through a weak alias


_ENTITY_CACHE: dict[int, tuple[object, tuple[Entity, ...]]] = {}


def known_entities(settings: Settings) -> tuple[Entity, ...]:
    """The data file's entities as records, built once per loaded data (this is on the hot path)."""
    raw = settings.data.entities
    cached = _ENTITY_CACHE.get(id(raw))
    if cached is not None and cached[0] is raw:  # the entry holds ``raw``, so its id cannot be reused
        return cached[1]
    if len(_ENTITY_CACHE) > 8:
        _ENTITY_CACHE.clear()
    built = _build_entities(raw)
    _ENTITY_CACHE[id(raw)] = (raw, built)
    return built


def _build_entities(raw: tuple[config.Entity, ...]) -> tuple[Entity, ...]:
    return tuple(Entity(e.name, e.kind or "topic", e.aliases, e.weak_aliases) for e in raw)


def _alias_regex(alias: str) -> re.Pattern[str]:
    escaped = re.escape(alias).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
    return re.compile(rf"(?<![\w-]){escaped}(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=8)
def _alias_patterns(entities: tuple[Entity, ...]) -> tuple[tuple[str, str, bool, re.Pattern[str]], ...]:
    """(canonical name, alias, weak, pattern), longest alias first so that longer names win."""
    rows = []
    for entity in entities:
        for alias in {entity.name, *entity.aliases}:
            rows.append((entity.name, alias, False))
        for alias in entity.weak_aliases:
            rows.append((entity.name, alias, True))
    rows.sort(key=lambda row: (-len(row[1]), row[1], row[0]))
    return tuple((name, alias, weak, _alias_regex(alias)) for name, alias, weak in rows)


def _same_case(found: str, alias: str) -> bool:
    """ "US" is not "us" nor "Us"; "Putin" is "PUTIN"; a lower-case alias (a topic) matches any case."""
    if not alias[:1].isupper():
        return True
    if not found[:1].isupper():
        return False
    return len(alias) > 3 or found == alias or found == found.upper()


_WORD_AFTER = re.compile(r"^[ -]([A-Z][\w'’-]*)")
_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ -]$")


def _inside_longer_name(text: str, start: int, end: int, titles: frozenset[str]) -> bool:
    """Is ``text[start:end]`` part of a longer capitalised name ("Duyeon Kim", "Kim Il Sung")?

    ``titles`` (the lexicon's ``titles_before_names``) may stand next to a name without being part of it."""
    after = _WORD_AFTER.match(text[end : end + 40])
    if after and after.group(1) not in titles and not text[end : end + 40].startswith(" -"):
        return True
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    if before and before.group(1) not in titles:
        head = text[max(0, start - 40) : start - len(before.group(0))].rstrip()
        sentence_start = not head or head[-1] in '.!?:;"“”\n'
        return not sentence_start
    return False


def _fuzzy_targets(entities: tuple[Entity, ...]) -> list[tuple[str, str]]:
    return [
        (entity.name, alias)
        for entity in entities
        if entity.kind == "person"
        for alias in (entity.name, *entity.aliases)
        if len(alias) >= 6 and " " in alias.replace("-", " ")
    ]


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s-]+", name.lower()) if t]


def _fuzzy(candidate: str, targets: list[tuple[str, str]]) -> str | None:
    """The person a near spelling stands for: same number of words, close enough overall."""
    words = _tokens(candidate)
    best: tuple[float, str] | None = None
    for name, alias in targets:
        alias_words = _tokens(alias)
        if len(alias_words) != len(words) or words[0][0] != alias_words[0][0]:
            continue
        score = fuzz.ratio(" ".join(words), " ".join(alias_words))
        if score >= FUZZY_MIN_RATIO and (best is None or score > best[0]):
            best = (score, name)
    return best[1] if best else None


def mentions(text: str, settings: Settings) -> list[Mention]:
    """Every mention of a known entity in ``text``, longest names first, never overlapping."""
    entities = known_entities(settings)
    titles = settings.data.lexicon.words("titles_before_names")
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for name, alias, weak, pattern in _alias_patterns(entities):
        for match in pattern.finditer(text):
            start, end = match.span()
            if not free(start, end) or not _same_case(match.group(0), alias):
                continue
            if " " not in alias and "-" not in alias and _inside_longer_name(text, start, end, titles):
                continue
            taken.append((start, end))
            found.append(Mention(name, start, end, weak))
    targets = _fuzzy_targets(entities)
    for match in CANDIDATE.finditer(text):
        start, end = match.span()
        if free(start, end):
            name = _fuzzy(match.group(0), targets)
            if name:
                taken.append((start, end))
                found.append(Mention(name, start, end))
    # A weak alias ("Kim") counts only where the entity is also named in full.
    named_in_full = {m.name for m in found if not m.weak}
    return sorted((m for m in found if not m.weak or m.name in named_in_full), key=lambda m: m.start)


def canonical(name: str, settings: Settings) -> str | None:
    """The canonical name an alias (or a near spelling of a person's name) stands for, or None.

    A weak alias ("Kim") is ambiguous on its own and resolves only in context, never here.
    """
    name = name.strip()
    for canonical_name, alias, weak, pattern in _alias_patterns(known_entities(settings)):
        if not weak and pattern.fullmatch(name) and _same_case(name, alias):
            return canonical_name
    return _fuzzy(name, _fuzzy_targets(known_entities(settings))) if CANDIDATE.fullmatch(name) else None


def lowered_aliases(settings: Settings) -> list[str]:
    """Every alias of the data file's entities, weak ones too, in lower case (to tell a new name from a known one)."""
    return [alias.lower() for _name, alias, _weak, _pattern in _alias_patterns(known_entities(settings))]


def find(text: str, settings: Settings) -> tuple[str, ...]:
    """Canonical names of the entities mentioned in ``text``, in data-file order."""
    named = {m.name for m in mentions(text, settings)}
    return tuple(e.name for e in known_entities(settings) if e.name in named)
