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

import re
from collections import Counter

from rapidfuzz import fuzz

from generator.config import Settings
from generator.dates import without_dateline
from generator.document import Document
from generator.lexicon import Lexicon
from generator.names import (
    CANDIDATE,
    FUZZY_MIN_RATIO,
    NAME_TOKEN,
    canonical,
    known_entities,
    lowered_aliases,
    mentions,
)

# How many mentions make an entity of each kind a tag, when the title and lead do not name it.
MIN_MENTIONS = {"person": 2, "place": 1, "organisation": 2, "country": 2, "topic": 2}
MAX_TAGS = 10
MIN_UNKNOWN_MENTIONS = 2
MAX_DERIVED_TAGS = 5  # names no data file knows, made tags (after the curated ones)
# Longer runs for derived tags, so that "British Prime Minister Rishi Sunak" keeps its name whole.
_LONG_CANDIDATE = re.compile(rf"(?<![\w-]){NAME_TOKEN}(?:[ -]{NAME_TOKEN}){{1,6}}(?![\w-])")


def _body_without_dateline(doc: Document, settings: Settings) -> tuple[str, str]:
    """(lead paragraph, rest of the body); a dateline ("SEOUL, Sept 14:") names where, not whom."""
    texts = [p.text for p in doc.paragraphs if p.kind == "text"]
    if not texts:
        return "", ""
    lead = without_dateline(texts[0], settings.data.lexicon)
    return lead, "\n\n".join(texts[1:])


def select_tags(doc: Document, settings: Settings) -> tuple[str, ...]:
    """The entities the article is about, in data-file order."""
    lead, rest = _body_without_dateline(doc, settings)
    in_title = {m.name for m in mentions(doc.title, settings)}
    in_lead = {m.name for m in mentions(lead, settings)}
    counts = Counter(m.name for m in mentions(lead + "\n\n" + rest, settings))
    speakers = {q.speaker for q in doc.quotes if q.speaker}
    kinds = {e.name: e.kind for e in known_entities(settings)}
    chosen = [
        name
        for name in set(counts) | in_title
        if name in in_title | in_lead | speakers or counts[name] >= MIN_MENTIONS.get(kinds.get(name, ""), 2)
    ]
    score = {name: counts[name] + 3 * (name in in_title) + 2 * (name in in_lead) for name in chosen}
    top = set(sorted(chosen, key=lambda name: (-score[name], name))[:MAX_TAGS])
    return tuple(e.name for e in known_entities(settings) if e.name in top)


_POSSESSIVE = re.compile(r"[’']s$")


def _name_forms(text: str, start: int, words: list[str], lexicon: Lexicon) -> list[list[str]]:
    """The name(s) a capitalised run may stand for: title words ("Prime Minister", "Sir") and
    a possessive's owner ("Britain's Labour Party") cut off; at a sentence start, also without
    its first word ("Later Maria Gonzalez")."""
    for index, word in enumerate(words):
        if _POSSESSIVE.search(word):
            words = words[index + 1 :]
            break
    titles = lexicon.words("titles_before_names")
    cut = max((i + 1 for i, w in enumerate(words) if w in titles), default=0)
    words = words[cut:]
    while words and words[0] in lexicon.words("sentence_openers"):
        words = words[1:]
    head = text[:start].rstrip()
    at_start = cut == 0 and (not head or head[-1] in '.!?:;"“”')
    return [words, words[1:]] if at_start else [words]


def _full_names(text: str, known: list[tuple[int, int]], lexicon: Lexicon) -> Counter[str]:
    """Capitalised names of two words or more in ``text``, outside the spans of known entities."""
    counts: Counter[str] = Counter()
    for match in _LONG_CANDIDATE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in known):
            continue
        for form in _name_forms(text, start, match.group(0).split(), lexicon):
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
    first, rest = _body_without_dateline(doc, settings)
    body = first + "\n\n" + rest
    lead = "\n\n".join(body.split("\n\n")[:2])
    known = [(m.start, m.end) for m in mentions(body, settings)]
    full = _full_names(body, known, settings.data.lexicon)
    aliases = lowered_aliases(settings)
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
    aliases = lowered_aliases(settings)
    counts: Counter[str] = Counter()
    not_names = settings.data.lexicon.words("sentence_openers") | settings.data.lexicon.words("titles_before_names")
    for match in CANDIDATE.finditer(text):
        start, end = match.span()
        words = match.group(0).split()
        while words and words[0] in not_names:
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
    named = tuple(m.name for m in mentions(doc.title + "\n" + doc.body_text, settings))
    doc = doc.with_(tags=curated + tuple(derived), mentions=named)
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
