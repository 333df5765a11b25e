"""Metadata stage: title, date, dateline, publisher, authors and language.

Each field is filled from one source after another, only while it is still empty: the
lines the clean stage set aside (header, credits, footer), then the body, then the data
files. A field no source gives stays empty: a date is never guessed and never today's.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import dateparser
import syntok.segmenter as segmenter
import yaml
from lingua import Language, LanguageDetectorBuilder

from generator import clean
from generator.config import Settings
from generator.document import Document, Removal

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

# ``SEOUL, Sept 14:``, ``MOSCOW (Reuters) -``, ``KYIV, Ukraine (AP) —`` at the start of the first paragraph.
# ``(CNN) —`` alone names the agency.
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
DATELINE = re.compile(
    rf"^(?:(?P<place>[{_UPPER}][{_UPPER}.'-]+(?: [{_UPPER}][{_UPPER}.'-]+){{0,3}})"
    r"(?:,\s*(?P<region>[A-Z][a-z]+\.?(?: [A-Z][a-z]+)?)(?=\s*[,(:—–-]))?"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[^\W\d_]{3,9}\.?))?"
    r"(?:,?\s+(?:19|20)\d{2})?"  # a press release's "BOSTON, March 5, 2024 /PRNewswire/ --"
    r"\s*(?:\((?P<agency>[A-Za-z .]+)\)|/(?P<wire>[^\W\d_][\w .-]*)/\.?)?|\((?P<lone_agency>[A-Za-z .]+)\))"
    r"\s*(?(wire)(?::|--|-|–|—)?|(?::|--|-|–|—))\s+"  # "МОСКВА, 5 марта. /ТАСС/. " needs no dash
)

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}
_MONTH_NUMBERS["sept"] = 9
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_WORD = _MONTH.replace("(?P<month>", "(?:")  # for patterns with more than one month
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_EXPLICIT_DATES = (
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"),
)
# 03/04/2024 is the 3rd of April or the 4th of March: only read when one part is over 12.
# With dots (05.03.2024) it is day first: the European way; American dates use slashes.
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})\b")
# A page that prints a date twice or a time right after it glues them: "5 Mar 20245 Mar 2024",
# "March 20, 20247:12 PM". The year is cut from what follows it.
_GLUED_YEAR = re.compile(
    rf"(?P<date>(?:\b\d{{1,2}}\s+{_MONTH_WORD},?|\b{_MONTH_WORD}\s+\d{{1,2}},?)\s+(?:19|20)\d{{2}})(?=\d)", re.I
)
# "05 mars 2024", "5 de marzo de 2024", "5. März 2024": day, month word, year, in any language.
_DAY_MONTH_YEAR_WORDS = re.compile(r"(?<!\d)\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?\s+(?:de\s+)?(?:19|20)\d{2}\b")
_DAY_MONTH = (re.compile(rf"^{_DAY}\s+{_MONTH}$", re.IGNORECASE), re.compile(rf"^{_MONTH}\s+{_DAY}$", re.IGNORECASE))
_AGO = re.compile(
    r"\b(?P<count>\d+|an?|one)\s+(?P<unit>second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b", re.IGNORECASE
)
_RELATIVE_WORDS = re.compile(r"\b(?:yesterday|today|this morning|last night)\b", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^(?:date|published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*", re.I)
# A line that opens with a date ("March 20, 2024 7:12 PM GMT Updated 2 hours ago").
_OPENS_WITH_DATE = re.compile(
    rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_WORD}|{_MONTH_WORD}\s+\d{{1,2}}\b|(?:19|20)\d{{2}}-)", re.I
)

_BYLINE_PREFIX = re.compile(
    r"^(?:by|(?:written|words|authored|submitted|interview|interviewed|story|text|analysis) by|von|par|por|authors?"
    r"|reporters?|byline)\s*:?\s+",
    re.I,
)
# "By science reporter Jane Lee": a role in lower case before the name.
_ROLE_BEFORE_NAME = re.compile(
    r"^(?:[a-z][\w-]* ){0,3}(?:reporter|correspondent|editor|writer|journalist|columnist|producer|analyst)\s+"
)
_JOB_TITLES = frozenset(["reporter", "correspondent", "editor", "writer", "columnist", "producer"])
_BYLINE_SOURCE = re.compile(r"\s+via\s+.*$", re.I)  # "Authored by Jane Doe via Substack"
_ROLE_WORDS = {
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "journalist",
    "columnist",
    "contributor",
    "producer",
    "analyst",
    "staff",
    "news",
    "desk",
    "chief",
    "senior",
    "political",
    "foreign",
    "global",
    "team",
    "agency",
    "press",
    "online",
    "in",
    "at",
    "for",
    "the",
    # labels printed in capitals under a headline that are no one's name
    "live",
    "updates",
    "breaking",
    "exclusive",
    "opinion",
    "analysis",
    "world",
    "politics",
    "video",
    "watch",
    "sport",
    "business",
    "latest",
    # desks and ranks: "Damian Carrington Environment editor"
    "environment",
    "health",
    "science",
    "technology",
    "tech",
    "economics",
    "economy",
    "education",
    "security",
    "defence",
    "defense",
    "diplomatic",
    "home",
    "affairs",
    "transport",
    "travel",
    "culture",
    "arts",
    "media",
    "legal",
    "investigations",
    "climate",
    "energy",
    "deputy",
    "associate",
    "managing",
    "executive",
    "contributing",
    "special",
    "assistant",
    "principal",
    "international",
    "national",
    "regional",
}
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|(?:de|da|van|von|der|bin|al|le|la|du)|[A-Z]\.)$")

# Capitals before a colon that label the story rather than name a place.
_NOT_PLACES = {"UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "WATCH", "LIVE", "ANALYSIS", "OPINION"}
_NOT_PLACES |= {
    "FILE",
    "FILE PHOTO",
    "PHOTO",
    "CORRECTION",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "NOTE",
    "WARNING",
    "FACT CHECK",
    "VIDEO",
    "PHOTOS",
}

# Footer and credit lines that can name the publisher (photo credits cannot: a paper prints
# agency pictures).
_PUBLISHER_LINE_REASONS = (
    clean.GLUED_CREDIT,
    clean.DATE_LINE,
    clean.BYLINE,
    clean.AROUND_HEADLINE,
    clean.SHORT_FOOTER,
    clean.AUTHOR_BIO,
    "programme schedule",
    "copyright line",
    "publishing notice",
    "reporting credits",
    "source credit",
    "social prompt",
)
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:(?:a |an |the )?[\w.'’-]+(?: [\w.'’-]+){0,5}\s+"
    r"(?:said|says|say|showed|shows|show|found|finds|reported|reports|warned|added|announced|told \w+)"
    r"(?: on \w+day| \w+day| late \w+| earlier)?"
    r"|(?:said|says|according to|reported)\b.{0,80})$"
)
# ", ending a decade of argument", ", dragged down by ...": a participle phrase after the main clause.
_PARTICIPLE_TAIL = re.compile(r",\s+[a-z]+(?:ing|ed)\b.*$")
_SUBORDINATE_OPENERS = (
    "whatever",
    "although",
    "though",
    "while",
    "whilst",
    "as",
    "after",
    "before",
    "when",
    "if",
    "despite",
    "because",
    "since",
    "amid",
    "following",
    "with",
    "in",
    "on",
    "less than",
    "more than",
    "hours after",
    "days after",
    "weeks after",
)
_SUBORDINATE_OPENING = re.compile(rf"(?:{'|'.join(_SUBORDINATE_OPENERS)})\b", re.IGNORECASE)
_TITLE_MAX_WORDS = 16
_POINTS_BACK = re.compile(r"(?:their|they|them|its|it|his|he|her|she|this|these|those|that)\b", re.IGNORECASE)


# Language -----------------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    found = _DETECTOR.detect_language_of(text[:4000]) if text.strip() else None
    return found.iso_code_639_1.name.lower() if found else None


def title_language(title: str, body_lang: str) -> str | None:
    """The title's language when it is surely not the body's (``title_lang``), else None."""
    if len(clean.words(title)) < 3:
        return None
    values = _DETECTOR.compute_language_confidence_values(title)
    if not values:
        return None
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    return code if code != body_lang and best.value >= _TITLE_LANG_CONFIDENCE else None


# Dates --------------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTH_NUMBERS.get(key) or _MONTH_NUMBERS[key[:3]]


def parse_date(text: str, settings: Settings) -> date | None:
    """An explicit calendar date in ``text``, or None. Never today's date, never a guessed day.

    Relative dates ("5 months ago", "yesterday") resolve only against a configured reference
    date (``--reference-date``), never against the clock.
    """
    cleaned = _GLUED_YEAR.sub(r"\g<date> ", _DATE_PREFIX.sub("", text.strip()))
    for pattern in _EXPLICIT_DATES:
        if match := pattern.search(cleaned):
            month = match.group("month")
            number = int(month) if month.isdigit() else _month_number(month)
            return _safe_date(int(match.group("year")), number, int(match.group("day")))  # None: no such day
    if match := _NUMERIC_DATE.search(cleaned):
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
        if a > 12 >= b or match.group("sep") == ".":
            return _safe_date(year, b, a)
        if b > 12 >= a:
            return _safe_date(year, a, b)
        return None
    if match := _AGO.search(cleaned):
        return _ago(match, settings.reference_date)
    if _RELATIVE_WORDS.search(cleaned):
        return None
    return _parse_other_language(cleaned)


def _parse_other_language(text: str) -> date | None:
    """Full dates in other languages ("20 juin 2024"); a date without a day or year is refused."""
    if found := _DAY_MONTH_YEAR_WORDS.search(text):
        text = found.group()  # "Publié le 05 mars 2024 à 15h45, modifié le ...": the date alone
    has_day = re.search(r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])(?!\d)", text)
    if not re.search(r"\b(?:19|20)\d{2}\b", text) or not has_day or len(text) > 60:
        return None
    parsed = dateparser.parse(
        text,
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


def _ago(match: re.Match[str], reference: date | None) -> date | None:
    if reference is None:
        return None
    count_text = match.group("count").lower()
    count = 1 if count_text in ("a", "an", "one") else int(count_text)
    unit = match.group("unit").lower()
    if unit in ("second", "minute", "min", "hour", "hr"):
        return reference
    if unit in ("day", "week"):
        return reference - timedelta(days=count * (7 if unit == "week" else 1))
    months = count * (12 if unit == "year" else 1)
    year, month = divmod(reference.year * 12 + reference.month - 1 - months, 12)
    return date(year, month + 1, min(reference.day, calendar.monthrange(year, month + 1)[1]))


def dateline_day(when: str, reference: date | None) -> date | None:
    """``Sept 14`` as a date: only when the year is known, as the last such day up to the reference."""
    match = next((m for pattern in _DAY_MONTH if (m := pattern.match(when.strip()))), None)
    if match is None or reference is None:
        return None
    month, day = _month_number(match.group("month")), int(match.group("day"))
    for year in (reference.year, reference.year - 1):
        found = _safe_date(year, month, day)
        if found and found <= reference:
            return found
    return None


def _date(doc: Document, dateline_when: str | None, settings: Settings) -> date | None:
    given = source_front_matter(doc).get("date")
    if isinstance(given, date):
        return given
    lines = [str(given)] if given else []
    lines += [r.text for r in doc.removals if r.reason == clean.DATE_LINE]
    lines += [r.text for r in doc.removals if r.reason == "timestamp line" or clean.is_date_line(r.text)]
    lines += [r.text for r in doc.removals if _OPENS_WITH_DATE.match(r.text) and len(clean.words(r.text)) <= 12]
    # A date in another language ("20 juin 2024") is a short line by the headline.
    lines += [
        r.text
        for r in doc.removals
        if r.reason == clean.AROUND_HEADLINE
        and len(clean.words(r.text)) <= 6
        and re.search(r"\b(?:19|20)\d{2}\b", r.text)
    ]
    # Last, a full date anywhere in a line by the headline ("TOI Desk / Updated: Mar 05, 2024, 15:45 IST").
    lines += [
        r.text
        for r in doc.removals
        if r.reason.startswith("header:") and r.reason != clean.HEADLINE and len(clean.words(r.text)) <= 20
    ]
    for text in lines:
        if found := parse_date(text, settings):
            return found
    if dateline_when and (found := dateline_day(dateline_when, settings.reference_date)):
        return found
    for removal in doc.removals:
        if removal.reason == "time-ago counter" and (found := parse_date(removal.text, settings)):
            return found
    return None


# Title --------------------------------------------------------------------------------


def generated_title(first_paragraph: str) -> str:
    """A headline from the lead sentence, made only by cutting words, never adding any.

    The dateline and a trailing attribution (", analysts said") go; a long sentence that
    opens with a subordinate clause ("Whatever ..., their relationship is ...") keeps its
    main clause.
    """
    text = DATELINE.sub("", first_paragraph, count=1)
    lead = clean.split_glued(text)[0] if text.strip() else ""
    first = next(iter(next(iter(segmenter.analyze(lead)), [])), None)  # syntok knows "U.S." is no sentence end
    if first:
        lead = lead[first[0].offset : first[-1].offset + len(first[-1].value)]
    lead = lead.strip().rstrip(".!?").strip()
    lead = _ATTRIBUTION_TAIL.sub("", lead).strip()
    if len(clean.words(lead)) > _TITLE_MAX_WORDS and _SUBORDINATE_OPENING.match(lead):
        _, comma, rest = lead.partition(", ")
        # "their relationship is ..." alone would not say whose: then the whole sentence stays.
        if comma and len(clean.words(rest)) >= 4 and not _POINTS_BACK.match(rest):
            lead = rest
    tail = _PARTICIPLE_TAIL.search(lead)
    if len(clean.words(lead)) > _TITLE_MAX_WORDS and tail and len(clean.words(lead[: tail.start()])) >= 6:
        lead = lead[: tail.start()]
    if len(clean.words(lead)) > _TITLE_MAX_WORDS * 2:
        # Still a long sentence: its first clause, when that clause has a verb-sized length.
        first_clause = re.split(r",\s+|\s+(?:but|while|as|and)\s+", lead, maxsplit=1)[0]
        if len(clean.words(first_clause)) >= 5:
            lead = first_clause
    return lead[:1].upper() + lead[1:]


def source_front_matter(doc: Document) -> dict[str, object]:
    """The keys of a YAML block the source opened with; text values only, anything odd ignored."""
    block = "\n".join(r.text for r in doc.removals if r.reason == clean.SOURCE_FRONT_MATTER)
    try:
        loaded = yaml.safe_load(block.strip().strip("-.").strip() or "{}")
    except yaml.YAMLError:
        return {}
    return {str(k).lower(): v for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _title(doc: Document) -> tuple[str, bool]:
    given = source_front_matter(doc).get("title")
    if isinstance(given, str) and given.strip():
        return " ".join(given.split()), False
    headline = next((r.text for r in doc.removals if r.reason == clean.HEADLINE), None)
    if headline:
        return re.sub(r"^#{1,6}\s+", "", headline), False  # a Markdown heading mark is not part of it
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    return generated_title(first), True


# Authors and publisher ----------------------------------------------------------------


def _name_case(name: str) -> str:
    """``KATIE DAVIS`` -> ``Katie Davis``; names already in mixed case stay as written."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())


def byline_names(text: str, publisher_names: set[str]) -> list[str]:
    """The people of a byline: ``by Jane Doe and John Roe, BBC News`` -> [Jane Doe, John Roe]."""
    text = re.sub(clean.MARKDOWN_EMPHASIS, "", text).strip()
    text = _BYLINE_SOURCE.sub("", _ROLE_BEFORE_NAME.sub("", _BYLINE_PREFIX.sub("", text)))
    for publisher in sorted(publisher_names, key=len, reverse=True):
        text = re.sub(rf"[\s,|–—-]*\b{re.escape(publisher)}\s*$", "", text, flags=re.I)
        text = re.sub(rf"^{re.escape(publisher)}\b", "", text, flags=re.I)  # "BBC Wales health correspondent"
    names = []
    for part in re.split(r",\s*|\s+(?:and|&|und|et|y)\s+|\s*[|/]\s*", text):
        name = _leading_name(_name_case(part.strip(" .;:")))
        if name and name not in names:
            names.append(name)
    return names


def _leading_name(text: str) -> str | None:
    """The name at the start of ``Ben Quinn Political correspondent``: words up to the role."""
    taken = []
    role = None
    for word in text.split():
        if not _NAME_WORD.match(word) or word.lower().strip(".") in _ROLE_WORDS:
            role = word.lower().strip(".")
            break
        taken.append(word)
    # "Kate Devlin Whitehall Editor": a capitalised word before the job title is its desk.
    if role in _JOB_TITLES and len(taken) >= 3:
        taken.pop()
    return " ".join(taken) if 1 < len(taken) <= 4 else None


def _authors(doc: Document, settings: Settings) -> tuple[str, ...]:
    publisher_names = {str(entry.get("name", "")) for entry in settings.data.publishers}
    given = source_front_matter(doc)
    listed = given.get("authors", given.get("author"))
    names: list[str] = [str(n) for n in (listed if isinstance(listed, list) else [listed]) if isinstance(n, str) and n]
    for removal in doc.removals:
        if removal.reason == clean.BYLINE:
            names += [name for name in byline_names(removal.text, publisher_names) if name not in names]
    return tuple(names)


def _matches(patterns: object, text: str) -> bool:
    return isinstance(patterns, list) and any(
        re.search(str(pattern), text, re.IGNORECASE | re.MULTILINE) for pattern in patterns
    )


def _publisher(doc: Document, authors: tuple[str, ...], agency: str | None, settings: Settings) -> str | None:
    """From credit, header and footer lines, then staff bylines, then the body's self-references.

    Each publisher of the data files has ``match`` patterns (its name, programmes, credit
    lines), ``bylines`` (its staff) and ``mentions`` (phrases only its own pieces use,
    like "told The Sun").
    """
    entries = settings.data.publishers
    given = source_front_matter(doc).get("publisher")  # an HTML page's site name, a source's own header
    if isinstance(given, str) and given.strip():
        return next((str(e["name"]) for e in entries if _matches(e.get("match"), given)), " ".join(given.split()))
    credits = [r.text for r in doc.removals if r.reason == clean.GLUED_CREDIT]
    if agency:
        credits.append(f"({agency})")
    lines = [r.text for r in doc.removals if _is_publisher_line(r)]
    for haystack in ("\n".join(credits), "\n".join(lines)):
        for entry in entries:
            if haystack and _matches(entry.get("match"), haystack):
                return str(entry["name"])
    copyrights = [r.text for r in doc.removals if r.reason == "copyright line"]
    for entry in entries:  # "Copyright 2024 NPR": the name itself in a copyright line
        name = re.escape(str(entry.get("name", "")))
        if any(re.search(rf"\b{name}\b", line, re.IGNORECASE) for line in copyrights):
            return str(entry["name"])
    bylines = [r.text for r in doc.removals if r.reason == clean.BYLINE]
    for entry in entries:  # "By Ashley Strickland, CNN"
        name = re.escape(str(entry.get("name", "")))
        if any(re.search(rf"[,|–—-]\s*{name}\s*$", line, re.IGNORECASE) for line in bylines):
            return str(entry["name"])
    for entry in entries:
        staff = {str(name).lower() for name in entry.get("bylines") or []}
        if staff & {name.lower() for name in authors}:
            return str(entry["name"])
    body = doc.body_text
    for entry in entries:
        if _matches(entry.get("mentions"), body):
            return str(entry["name"])
    return None


def _is_publisher_line(removal: Removal) -> bool:
    return removal.reason in _PUBLISHER_LINE_REASONS


# The stage ----------------------------------------------------------------------------


def run(doc: Document, settings: Settings) -> Document:
    title, generated = _title(doc)
    lang = detect_language(doc.body_text) or "en"
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    match = DATELINE.match(first)
    if match and (match.group("place") or "").upper() in _NOT_PLACES:
        match = None
    authors = _authors(doc, settings)
    return doc.with_(
        title=title,
        title_generated=generated,
        title_lang=title_language(title, lang),
        lang=lang,
        date=_date(doc, match.group("when") if match else None, settings),
        dateline=match.group("place") if match else None,
        authors=authors,
        publisher=_publisher(
            doc, authors, match and (match["agency"] or match["lone_agency"] or match["wire"]), settings
        ),
    )
