"""Entities stage: canonical entity names as tags, from the aliases of the data file.

``content/data/entities.yml`` lists each entity with its kind and aliases; a source that
writes "Kim Jong-un", "Kim Jong Un", "KIM JONG UN" or the transcript's "Ken Jong" is counted
for the one canonical name, and a near spelling of a person's name ("Kim Jong-unn") is
matched fuzzily. Three guards keep tags honest:

- a name inside a longer name is not a mention: "Kim" in "Duyeon Kim" or "Kim Il Sung Square";
- an alias listed under ``weak_aliases`` (a bare surname such as "Kim") counts only in a text
  that also names the entity in full;
- only the entities an article is about become tags: named in the title or the lead, quoted,
  or mentioned often enough for their kind (a country named once in passing is not a tag).

Capitalised names that recur in a text but that the data file does not know are noted for
the build report, so that a contributor can add them. The ones the article is about (named in
the title or the lead, and at least twice in all) also become tags, after the curated ones, so
that a corpus nobody curated yet still has tags: "Starmer" counts for the "Keir Starmer" the
same text names in full, and a title word ("Prime Minister Rishi Sunak") is not part of a name.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from generator import config
from generator.config import Settings
from generator.document import Document
from generator.metadata import DATELINE

# How many mentions make an entity of each kind a tag, when the title and lead do not name it.
MIN_MENTIONS = {"person": 2, "place": 1, "organisation": 2, "country": 2, "topic": 2}
MAX_TAGS = 10
FUZZY_MIN_RATIO = 90  # rapidfuzz ratio of a near spelling to a person's alias, 0-100
MIN_UNKNOWN_MENTIONS = 2
MAX_DERIVED_TAGS = 5  # names no data file knows, made tags (after the curated ones)
# Words that may stand before a name without making it part of a longer name.
_TITLES = frozenset(
    [
        "President",
        "Prime",
        "Minister",
        "Premier",
        "Chairman",
        "Leader",
        "General",
        "Secretary",
        "Professor",
        "Prof",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Comrade",
        "Senator",
        "Ambassador",
        "King",
        "Queen",
        "Sir",
        "Lady",
        "Lord",
        "Chancellor",
        "Foreign",
        "Defence",
        "Defense",
        "Deputy",
        "Vice",
        "Supreme",
        "Russian",
        "Korean",
        "North",
        "South",
        "American",
        "Chinese",
        "Ukrainian",
    ]
)
# Capitalised words that open sentences rather than names (for the unknown-names report).
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "And",
        "But",
        "Or",
        "In",
        "On",
        "At",
        "As",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "During",
        "Of",
        "For",
        "To",
        "By",
        "From",
        "With",
        "This",
        "That",
        "These",
        "Those",
        "Their",
        "His",
        "Her",
        "Its",
        "Our",
        "We",
        "They",
        "He",
        "She",
        "It",
        "I",
        "You",
        "Both",
        "Also",
        "Despite",
        "Upon",
        "Already",
        "Following",
    ]
    + list(calendar.day_name)
    + list(calendar.month_name)[1:]
)
_NAME_TOKEN = r"[A-Z][a-z]+(?:[-'’][A-Za-z]+)*"
_CANDIDATE = re.compile(rf"(?<![\w-]){_NAME_TOKEN}(?:[ -]{_NAME_TOKEN}){{1,3}}(?![\w-])")
# Longer runs for derived tags, so that "British Prime Minister Rishi Sunak" keeps its name whole.
_LONG_CANDIDATE = re.compile(rf"(?<![\w-]){_NAME_TOKEN}(?:[ -]{_NAME_TOKEN}){{1,6}}(?![\w-])")


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


def _entities(settings: Settings) -> tuple[Entity, ...]:
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


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a longer capitalised name ("Duyeon Kim", "Kim Il Sung")?"""
    after = _WORD_AFTER.match(text[end : end + 40])
    if after and after.group(1) not in _TITLES and not text[end : end + 40].startswith(" -"):
        return True
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    if before and before.group(1) not in _TITLES:
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
    entities = _entities(settings)
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for name, alias, weak, pattern in _alias_patterns(entities):
        for match in pattern.finditer(text):
            start, end = match.span()
            if not free(start, end) or not _same_case(match.group(0), alias):
                continue
            if " " not in alias and "-" not in alias and _inside_longer_name(text, start, end):
                continue
            taken.append((start, end))
            found.append(Mention(name, start, end, weak))
    targets = _fuzzy_targets(entities)
    for match in _CANDIDATE.finditer(text):
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
    for canonical_name, alias, weak, pattern in _alias_patterns(_entities(settings)):
        if not weak and pattern.fullmatch(name) and _same_case(name, alias):
            return canonical_name
    return _fuzzy(name, _fuzzy_targets(_entities(settings))) if _CANDIDATE.fullmatch(name) else None


def find(text: str, settings: Settings) -> tuple[str, ...]:
    """Canonical names of the entities mentioned in ``text``, in data-file order."""
    named = {m.name for m in mentions(text, settings)}
    return tuple(e.name for e in _entities(settings) if e.name in named)


def _body_without_dateline(doc: Document) -> tuple[str, str]:
    """(lead paragraph, rest of the body); a dateline ("SEOUL, Sept 14:") names where, not whom."""
    texts = [p.text for p in doc.paragraphs if p.kind == "text"]
    if not texts:
        return "", ""
    lead = DATELINE.sub("", texts[0], count=1)
    return lead, "\n\n".join(texts[1:])


def select_tags(doc: Document, settings: Settings) -> tuple[str, ...]:
    """The entities the article is about, in data-file order."""
    lead, rest = _body_without_dateline(doc)
    in_title = {m.name for m in mentions(doc.title, settings)}
    in_lead = {m.name for m in mentions(lead, settings)}
    counts = Counter(m.name for m in mentions(lead + "\n\n" + rest, settings))
    speakers = {q.speaker for q in doc.quotes if q.speaker}
    kinds = {e.name: e.kind for e in _entities(settings)}
    chosen = [
        name
        for name in set(counts) | in_title
        if name in in_title | in_lead | speakers or counts[name] >= MIN_MENTIONS.get(kinds.get(name, ""), 2)
    ]
    score = {name: counts[name] + 3 * (name in in_title) + 2 * (name in in_lead) for name in chosen}
    top = set(sorted(chosen, key=lambda name: (-score[name], name))[:MAX_TAGS])
    return tuple(e.name for e in _entities(settings) if e.name in top)


_POSSESSIVE = re.compile(r"[’']s$")


def _name_forms(text: str, start: int, words: list[str]) -> list[list[str]]:
    """The name(s) a capitalised run may stand for: title words ("Prime Minister", "Sir") and
    a possessive's owner ("Britain's Labour Party") cut off; at a sentence start, also without
    its first word ("Later Maria Gonzalez")."""
    for index, word in enumerate(words):
        if _POSSESSIVE.search(word):
            words = words[index + 1 :]
            break
    cut = max((i + 1 for i, w in enumerate(words) if w in _TITLES), default=0)
    words = words[cut:]
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    head = text[:start].rstrip()
    at_start = cut == 0 and (not head or head[-1] in '.!?:;"“”')
    return [words, words[1:]] if at_start else [words]


def _full_names(text: str, known: list[tuple[int, int]]) -> Counter[str]:
    """Capitalised names of two words or more in ``text``, outside the spans of known entities."""
    counts: Counter[str] = Counter()
    for match in _LONG_CANDIDATE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in known):
            continue
        for form in _name_forms(text, start, match.group(0).split()):
            if len(form) >= 2:
                counts[" ".join(form)] += 1
    return counts


def _word_count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


def derived_counts(doc: Document, settings: Settings) -> dict[str, int]:
    """Names the data file does not know that the article is about, with their number of mentions:
    named in the title or the lead (its first two paragraphs: a standfirst may come first), and at
    least twice in all (the bare surname of a name given in full counts for it)."""
    if doc.lang != "en":  # capitalised nouns and sentence openers of other languages are no names
        return {}
    first, rest = _body_without_dateline(doc)
    body = first + "\n\n" + rest
    lead = "\n\n".join(body.split("\n\n")[:2])
    known = [(m.start, m.end) for m in mentions(body, settings)]
    full = _full_names(body, known)
    aliases = [alias.lower() for _n, alias, _w, _p in _alias_patterns(_entities(settings))]
    excluded = {a.lower() for a in doc.authors} | {str(doc.publisher or "").lower()}
    names = [
        name
        for name in full
        if name.lower() not in excluded
        and canonical(name, settings) is None
        and not any(fuzz.ratio(name.lower(), alias) >= FUZZY_MIN_RATIO for alias in aliases)
    ]
    # "Barrier Reef" is "Great Barrier Reef" with its first word cut at a sentence start.
    names = [name for name in names if not any(other.endswith(" " + name) for other in names)]
    # A surname stands for the one name it ends ("Starmer" for "Keir Starmer"), unless two share it.
    last_words = Counter(name.split()[-1] for name in names)
    score: dict[str, int] = {}
    counts: dict[str, int] = {}
    for name in names:
        surname = name.split()[-1]
        short = surname if last_words[surname] == 1 and len(surname) > 2 else None
        count = full[name] + (_word_count(short, body) - _word_count(name, body) if short else 0)
        in_title = any(_word_count(form, doc.title) for form in filter(None, (name, short)))
        in_lead = any(_word_count(form, lead) for form in filter(None, (name, short)))
        count += in_title
        if (in_title or in_lead) and count >= MIN_MENTIONS["person"]:
            score[name] = count + 3 * in_title + 2 * in_lead
            counts[name] = count
    return {name: counts[name] for name in sorted(score, key=lambda name: (-score[name], name))[:MAX_DERIVED_TAGS]}


def derived_tags(doc: Document, settings: Settings) -> tuple[str, ...]:
    """The names of ``derived_counts``, the likeliest first."""
    return tuple(derived_counts(doc, settings))


def unknown_names(text: str, settings: Settings) -> list[tuple[str, int]]:
    """Capitalised multi-word names that recur in ``text`` but no entity or alias covers."""
    known = [(m.start, m.end) for m in mentions(text, settings)]
    aliases = [alias.lower() for _n, alias, _w, _p in _alias_patterns(_entities(settings))]
    counts: Counter[str] = Counter()
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        words = match.group(0).split()
        while words and words[0] in _NOT_NAMES | _TITLES:
            words.pop(0)
        if len(words) < 2 or any(s < end and start < e for s, e in known):
            continue
        head = text[:start].rstrip()
        # A capital at a sentence start proves nothing: "Later Maria Gonzalez" counts for "Maria Gonzalez".
        forms = [words, words[1:]] if not head or head[-1] in '.!?:;"“”' else [words]
        for form in forms:
            name = " ".join(form)
            if len(form) >= 2 and not any(fuzz.ratio(name.lower(), alias) >= FUZZY_MIN_RATIO for alias in aliases):
                counts[name] += 1
    return sorted(((n, c) for n, c in counts.items() if c >= MIN_UNKNOWN_MENTIONS), key=lambda p: (-p[1], p[0]))


def run(doc: Document, settings: Settings) -> Document:
    curated = select_tags(doc, settings)
    found = derived_counts(doc, settings)
    derived = [name for name in found if name not in curated][: max(0, MAX_TAGS - len(curated))]
    doc = doc.with_(tags=curated + tuple(derived))
    for name in derived:
        doc = doc.note(
            f"entities: '{name}' is named {found[name]} times but is not in entities.yml; "
            "tagged as a recurring name, add it there to curate it"
        )
    for name, count in unknown_names(doc.title + "\n\n" + doc.body_text, settings):
        if name in derived:
            continue
        doc = doc.note(f"entities: '{name}' is named {count} times but is not in entities.yml; add it if it matters")
    return doc
