"""Metadata stage: title, date, dateline, publisher, authors and language.

Each field is filled from one source after another, only while it is still empty: the
lines the clean stage set aside (header, credits, footer), then the body, then the data
files. A field no source gives stays empty: a date is never guessed and never today's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import syntok.segmenter as segmenter
import yaml
from lingua import Language, LanguageDetectorBuilder

from generator.config import Settings
from generator.dates import dateline_day, find_dateline, is_date_line, opens_with_date, parse_date, without_dateline
from generator.document import Document, Removal, Role
from generator.lexicon import Lexicon, compiled, packaged
from generator.text import MARKDOWN_EMPHASIS, split_glued, words

_LANGUAGES = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.GERMAN,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.POLISH,
    Language.KOREAN,
    Language.JAPANESE,
    Language.CHINESE,
    Language.ARABIC,
)
_DETECTOR = LanguageDetectorBuilder.from_languages(*_LANGUAGES).with_low_accuracy_mode().build()
# A short title is named in another language than the body only when the detector is sure.
_TITLE_LANG_CONFIDENCE = 0.6

# "By science reporter Jane Lee": a role in lower case before the name.
_ROLE_BEFORE_NAME = re.compile(
    r"^(?:[a-z][\w-]* ){0,3}(?:reporter|correspondent|editor|writer|journalist|columnist|producer|analyst)\s+"
)
_JOB_TITLES = frozenset(["reporter", "correspondent", "editor", "writer", "columnist", "producer"])
_BYLINE_SOURCE = re.compile(r"\s+via\s+.*$", re.I)  # "Authored by Jane Doe via Substack"

# Footer and credit lines that can name the publisher (photo credits cannot: a paper prints
# agency pictures).
_PUBLISHER_LINE_ROLES = frozenset(
    {
        Role.CREDIT,
        Role.DATE,
        Role.BYLINE,
        Role.AROUND_HEADLINE,
        Role.FOOTER,
        Role.AUTHOR_BIO,
        Role.COPYRIGHT,
        Role.PUBLISHER_NOTE,
    }
)
# Lines of the header other than the headline: a full date anywhere in them is the article's.
_HEADER_ROLES = frozenset({Role.DATE, Role.BYLINE, Role.AROUND_HEADLINE, Role.SOURCE_FRONT_MATTER})
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:(?:a |an |the )?[\w.'’-]+(?: [\w.'’-]+){0,5}\s+"
    r"(?:said|says|say|showed|shows|show|found|finds|reported|reports|warned|added|announced|told \w+)"
    r"(?: on \w+day| \w+day| late \w+| earlier)?"
    r"|(?:said|says|according to|reported)\b.{0,80})$"
)
# ", ending a decade of argument", ", dragged down by ...": a participle phrase after the main clause.
_PARTICIPLE_TAIL = re.compile(r",\s+[a-z]+(?:ing|ed)\b.*$")


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The patterns built from the lexicon's words."""

    byline_prefix: re.Pattern[str]  # "By", "Words by", "Authors:"
    subordinate_opening: re.Pattern[str]  # "After ...", "Less than ...": a lead that opens with a clause
    name_word: re.Pattern[str]  # a word of a name in a byline: "Jane", "da", "J."


def _build(lexicon: Lexicon) -> _Patterns:
    return _Patterns(
        byline_prefix=re.compile(
            rf"^(?:{lexicon.alternation('byline_prefixes')}|authors?|reporters?|byline)\s*:?\s+", re.I
        ),
        subordinate_opening=re.compile(rf"(?:{lexicon.alternation('subordinate_openers')})\b", re.IGNORECASE),
        name_word=re.compile(rf"^(?:[A-Z][\w'’.-]*|(?:{lexicon.alternation('name_particles')})|[A-Z]\.)$"),
    )


_patterns = compiled(_build)
_TITLE_MAX_WORDS = 16
_POINTS_BACK = re.compile(r"(?:their|they|them|its|it|his|he|her|she|this|these|those|that)\b", re.IGNORECASE)


# Language -----------------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    found = _DETECTOR.detect_language_of(text[:4000]) if text.strip() else None
    return found.iso_code_639_1.name.lower() if found else None


def title_language(title: str, body_lang: str) -> str | None:
    """The title's language when it is surely not the body's (``title_lang``), else None."""
    if len(words(title)) < 3:
        return None
    values = _DETECTOR.compute_language_confidence_values(title)
    if not values:
        return None
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    return code if code != body_lang and best.value >= _TITLE_LANG_CONFIDENCE else None


# Dates --------------------------------------------------------------------------------


def _date(doc: Document, dateline_when: str | None, settings: Settings) -> date | None:
    given = source_front_matter(doc).get("date")
    if isinstance(given, date):
        return given
    lines = [str(given)] if given else []
    lines += [r.text for r in doc.removals if r.role is Role.DATE]
    lines += [r.text for r in doc.removals if r.role is Role.TIMESTAMP or is_date_line(r.text, settings.data.lexicon)]
    lines += [
        r.text for r in doc.removals if opens_with_date(r.text, settings.data.lexicon) and len(words(r.text)) <= 12
    ]
    # A date in another language ("20 juin 2024") is a short line by the headline.
    lines += [
        r.text
        for r in doc.removals
        if r.role is Role.AROUND_HEADLINE and len(words(r.text)) <= 6 and re.search(r"\b(?:19|20)\d{2}\b", r.text)
    ]
    # Last, a full date anywhere in a line by the headline ("TOI Desk / Updated: Mar 05, 2024, 15:45 IST").
    lines += [r.text for r in doc.removals if r.role in _HEADER_ROLES and len(words(r.text)) <= 20]
    for text in lines:
        if found := parse_date(text, settings):
            return found
    if dateline_when and (found := dateline_day(dateline_when, settings.reference_date, settings.data.lexicon)):
        return found
    for removal in doc.removals:
        if removal.role is Role.TIME_AGO and (found := parse_date(removal.text, settings)):
            return found
    return None


# Title --------------------------------------------------------------------------------


def generated_title(first_paragraph: str, lexicon: Lexicon | None = None) -> str:
    """A headline from the lead sentence, made only by cutting words, never adding any.

    The dateline and a trailing attribution (", analysts said") go; a long sentence that
    opens with a subordinate clause ("Whatever ..., their relationship is ...") keeps its
    main clause.
    """
    text = without_dateline(first_paragraph, lexicon)
    lead = split_glued(text)[0] if text.strip() else ""
    first = next(iter(next(iter(segmenter.analyze(lead)), [])), None)  # syntok knows "U.S." is no sentence end
    if first:
        lead = lead[first[0].offset : first[-1].offset + len(first[-1].value)]
    lead = lead.strip().rstrip(".!?").strip()
    lead = _ATTRIBUTION_TAIL.sub("", lead).strip()
    if len(words(lead)) > _TITLE_MAX_WORDS and _patterns(lexicon).subordinate_opening.match(lead):
        _, comma, rest = lead.partition(", ")
        # "their relationship is ..." alone would not say whose: then the whole sentence stays.
        if comma and len(words(rest)) >= 4 and not _POINTS_BACK.match(rest):
            lead = rest
    tail = _PARTICIPLE_TAIL.search(lead)
    if len(words(lead)) > _TITLE_MAX_WORDS and tail and len(words(lead[: tail.start()])) >= 6:
        lead = lead[: tail.start()]
    if len(words(lead)) > _TITLE_MAX_WORDS * 2:
        # Still a long sentence: its first clause, when that clause has a verb-sized length.
        first_clause = re.split(r",\s+|\s+(?:but|while|as|and)\s+", lead, maxsplit=1)[0]
        if len(words(first_clause)) >= 5:
            lead = first_clause
    return lead[:1].upper() + lead[1:]


def source_front_matter(doc: Document) -> dict[str, object]:
    """The keys of a YAML block the source opened with; text values only, anything odd ignored."""
    block = "\n".join(r.text for r in doc.removals if r.role is Role.SOURCE_FRONT_MATTER)
    try:
        loaded = yaml.safe_load(block.strip().strip("-.").strip() or "{}")
    except yaml.YAMLError:
        return {}
    return {str(k).lower(): v for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _title(doc: Document, lexicon: Lexicon) -> tuple[str, bool]:
    given = source_front_matter(doc).get("title")
    if isinstance(given, str) and given.strip():
        return " ".join(given.split()), False
    headline = next((r.text for r in doc.removals if r.role is Role.HEADLINE), None)
    if headline:
        return re.sub(r"^#{1,6}\s+", "", headline), False  # a Markdown heading mark is not part of it
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    return generated_title(first, lexicon), True


# Authors and publisher ----------------------------------------------------------------


def _name_case(name: str) -> str:
    """``KATIE DAVIS`` -> ``Katie Davis``; names already in mixed case stay as written."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())


def byline_names(text: str, publisher_names: set[str], lexicon: Lexicon | None = None) -> list[str]:
    """The people of a byline: ``by Jane Doe and John Roe, BBC News`` -> [Jane Doe, John Roe]."""
    text = re.sub(MARKDOWN_EMPHASIS, "", text).strip()
    text = _BYLINE_SOURCE.sub("", _ROLE_BEFORE_NAME.sub("", _patterns(lexicon).byline_prefix.sub("", text)))
    for publisher in sorted(publisher_names, key=len, reverse=True):
        text = re.sub(rf"[\s,|–—-]*\b{re.escape(publisher)}\s*$", "", text, flags=re.I)
        text = re.sub(rf"^{re.escape(publisher)}\b", "", text, flags=re.I)  # "BBC Wales health correspondent"
    names = []
    for part in re.split(r",\s*|\s+(?:and|&|und|et|y)\s+|\s*[|/]\s*", text):
        name = _leading_name(_name_case(part.strip(" .;:")), lexicon or packaged())
        if name and name not in names:
            names.append(name)
    return names


def _leading_name(text: str, lexicon: Lexicon) -> str | None:
    """The name at the start of ``Ben Quinn Political correspondent``: words up to the role."""
    taken = []
    role = None
    not_names = lexicon.words("byline_words")
    for word in text.split():
        if not _patterns(lexicon).name_word.match(word) or word.lower().strip(".") in not_names:
            role = word.lower().strip(".")
            break
        taken.append(word)
    # "Kate Devlin Whitehall Editor": a capitalised word before the job title is its desk.
    if role in _JOB_TITLES and len(taken) >= 3:
        taken.pop()
    return " ".join(taken) if 1 < len(taken) <= 4 else None


def _authors(doc: Document, settings: Settings) -> tuple[str, ...]:
    publisher_names = {entry.name for entry in settings.data.publishers}
    given = source_front_matter(doc)
    listed = given.get("authors", given.get("author"))
    names: list[str] = [str(n) for n in (listed if isinstance(listed, list) else [listed]) if isinstance(n, str) and n]
    for removal in doc.removals:
        if removal.role is Role.BYLINE:
            names += [
                name for name in byline_names(removal.text, publisher_names, settings.data.lexicon) if name not in names
            ]
    return tuple(names)


def _matches(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)


def _publisher(doc: Document, authors: tuple[str, ...], agency: str | None, settings: Settings) -> str | None:
    """From credit, header and footer lines, then staff bylines, then the body's self-references.

    Each publisher of the data files has ``match`` patterns (its name, programmes, credit
    lines), ``bylines`` (its staff) and ``mentions`` (phrases only its own pieces use,
    like "told The Sun").
    """
    entries = settings.data.publishers
    given = source_front_matter(doc).get("publisher")  # an HTML page's site name, a source's own header
    if isinstance(given, str) and given.strip():
        return next((e.name for e in entries if _matches(e.match, given)), " ".join(given.split()))
    credits = [r.text for r in doc.removals if r.role is Role.CREDIT]
    if agency:
        credits.append(f"({agency})")
    lines = [r.text for r in doc.removals if _is_publisher_line(r)]
    for haystack in ("\n".join(credits), "\n".join(lines)):
        for entry in entries:
            if haystack and _matches(entry.match, haystack):
                return entry.name
    copyrights = [r.text for r in doc.removals if r.role is Role.COPYRIGHT]
    for entry in entries:  # "Copyright 2024 NPR": the name itself in a copyright line
        name = re.escape(entry.name)
        if any(re.search(rf"\b{name}\b", line, re.IGNORECASE) for line in copyrights):
            return entry.name
    bylines = [r.text for r in doc.removals if r.role is Role.BYLINE]
    for entry in entries:  # "By Ashley Strickland, CNN"
        name = re.escape(entry.name)
        if any(re.search(rf"[,|–—-]\s*{name}\s*$", line, re.IGNORECASE) for line in bylines):
            return entry.name
    for entry in entries:
        staff = {name.lower() for name in entry.bylines}
        if staff & {name.lower() for name in authors}:
            return entry.name
    body = doc.body_text
    for entry in entries:
        if _matches(entry.mentions, body):
            return entry.name
    return None


def _is_publisher_line(removal: Removal) -> bool:
    return removal.role in _PUBLISHER_LINE_ROLES


# The stage ----------------------------------------------------------------------------


def run(doc: Document, settings: Settings) -> Document:
    title, generated = _title(doc, settings.data.lexicon)
    lang = detect_language(doc.body_text) or "en"
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    dateline = find_dateline(first, settings.data.lexicon)
    authors = _authors(doc, settings)
    return doc.with_(
        title=title,
        title_generated=generated,
        title_lang=title_language(title, lang),
        lang=lang,
        date=_date(doc, dateline.when if dateline else None, settings),
        dateline=dateline.place if dateline else None,
        authors=authors,
        publisher=_publisher(doc, authors, dateline.agency if dateline else None, settings),
    )
