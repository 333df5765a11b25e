"""Metadata stage: title, date, dateline, publisher, authors and language.

Each field is filled from one source after another, only while it is still empty: the
header lines the clean stage set aside, then the body, then the data files.
"""

from __future__ import annotations

import re
from datetime import date

import dateparser
from lingua import Language, LanguageDetectorBuilder

from generator import clean
from generator.config import Settings
from generator.document import Document

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

# ``SEOUL, Sept 14:`` or ``MOSCOW (Reuters) -`` at the start of the first paragraph.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,30}?)(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<agency>[A-Za-z .]+)\))?\s*(?::|-|–|—)\s+"
)
_BYLINE_NAMES = re.compile(r"^(?:by|written by|words by)\s+", re.IGNORECASE)
_ROLE_SPLIT = re.compile(r",\s*|\s+(?:and|&)\s+")
_TITLE_CLAUSE = re.compile(r"^(?P<clause>.+?)(?:,\s+(?:analysts|experts|officials|sources)\s+said)?[.!?]?$")


def detect_language(text: str) -> str | None:
    found = _DETECTOR.detect_language_of(text[:4000]) if text.strip() else None
    return found.iso_code_639_1.name.lower() if found else None


def parse_date(text: str, settings: Settings) -> date | None:
    """An explicit calendar date, or None. Never today's date, never a guessed day."""
    settings_dict = {"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if settings.reference_date:
        from datetime import datetime

        settings_dict["RELATIVE_BASE"] = datetime.combine(settings.reference_date, datetime.min.time())
    cleaned = re.sub(r"^(?:date|published|posted|updated|last updated)\s*:?\s*", "", text.strip(), flags=re.I)
    if not settings.reference_date and re.search(r"\bago\b|yesterday|today", cleaned, re.I):
        return None
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings_dict)
    return parsed.date() if parsed else None


def _title(doc: Document) -> tuple[str, bool]:
    headline = next((r.text for r in doc.removals if r.reason == clean.HEADLINE), None)
    if headline:
        return headline, False
    # No headline line: the lead sentence's main clause, without the attribution tail.
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    first = DATELINE.sub("", first, count=1)
    lead = re.split(r"(?<=[.!?])\s+|(?<=[a-z][.!?])(?=[A-Z])", first, maxsplit=1)[0]
    clause = _TITLE_CLAUSE.match(lead.strip())
    title = clause.group("clause") if clause else lead
    return title.strip(), True


def _authors(doc: Document) -> tuple[str, ...]:
    names: list[str] = []
    for removal in doc.removals:
        if removal.reason != clean.BYLINE:
            continue
        text = _BYLINE_NAMES.sub("", removal.text).strip()
        # "Katie Davis, Senior Foreign Reporter": the name is before the first comma.
        name = _ROLE_SPLIT.split(text)[0].strip()
        if name.isupper():
            name = name.title()
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _publisher(doc: Document, settings: Settings) -> str | None:
    """From the data file's patterns, searched in the lines around the body."""
    header = [r.text for r in doc.removals if r.reason.startswith("header")]
    tail = doc.text.strip().splitlines()[-3:]
    haystack = "\n".join(header + tail + [doc.paragraphs[-1].text if doc.paragraphs else ""])
    for entry in settings.data.publishers:
        for pattern in entry.get("match", []):
            if re.search(pattern, haystack, re.IGNORECASE | re.MULTILINE):
                return str(entry["name"])
    return None


def run(doc: Document, settings: Settings) -> Document:
    title, generated = _title(doc)
    body = doc.body_text
    lang = detect_language(body) or "en"
    title_lang = detect_language(title)
    dated = next((r.text for r in doc.removals if r.reason == clean.DATE_LINE), None)
    published = parse_date(dated, settings) if dated else None
    dateline = None
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    match = DATELINE.match(first)
    if match:
        dateline = match.group("place").strip()
    return doc.with_(
        title=title,
        title_generated=generated,
        title_lang=title_lang if title_lang and title_lang != lang else None,
        lang=lang,
        date=published,
        dateline=dateline,
        authors=_authors(doc),
        publisher=_publisher(doc, settings),
    )
