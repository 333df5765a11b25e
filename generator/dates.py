"""Dates and datelines, for every stage that reads them.

``parse_date`` reads an explicit calendar date and never guesses one; ``is_date_line`` tells a
line that is only a date; ``find_dateline`` is the one definition of a dateline (``SEOUL,
Sept 14:``, ``MOSCOW (Reuters) -``), so that metadata, sentences, entities and events agree on
where it ends and what it names.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

import dateparser

from generator.config import Settings
from generator.lexicon import Lexicon, compiled, packaged

# ``SEOUL, Sept 14:``, ``MOSCOW (Reuters) -``, ``KYIV, Ukraine (AP) —`` at the start of the first paragraph.
# ``(CNN) —`` alone names the agency.
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_DATELINE = re.compile(
    rf"^(?:(?P<place>[{_UPPER}][{_UPPER}.'-]+(?: [{_UPPER}][{_UPPER}.'-]+){{0,3}})"
    r"(?:,\s*(?P<region>[A-Z][a-z]+\.?(?: [A-Z][a-z]+)?)(?=\s*[,(:—–-]))?"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[^\W\d_]{3,9}\.?))?"
    r"(?:,?\s+(?:19|20)\d{2})?"  # a press release's "BOSTON, March 5, 2024 /PRNewswire/ --"
    r"\s*(?:\((?P<agency>[A-Za-z .]+)\)|/(?P<wire>[^\W\d_][\w .-]*)/\.?)?|\((?P<lone_agency>[A-Za-z .]+)\))"
    r"\s*(?(wire)(?::|--|-|–|—)?|(?::|--|-|–|—))\s+"  # "МОСКВА, 5 марта. /ТАСС/. " needs no dash
)
# "Doha: ...", "Palestine, May 11: ...": a place in title case before a colon.
_TITLE_CASE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?)"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[^\W\d_]{3,9}\.?))?:\s+(?=[\"“A-Z0-9])"
)
# "BERLIN afp | ...": capitals, an agency's short name in lower case, a bar.
_AGENCY_BAR_DATELINE = re.compile(
    rf"^(?P<place>[{_UPPER}][{_UPPER}.'-]+(?: [{_UPPER}][{_UPPER}.'-]+){{0,2}})\s+"
    r"(?P<agency>[a-z]{2,5})\s*\|\s+"
)
# German papers open with the place and a full stop: "Berlin. Einerseits ..." (only read for German).
_FULL_STOP_DATELINE = re.compile(r"^(?P<place>[A-ZÄÖÜ][a-zäöüß]{2,}(?:[ -][A-ZÄÖÜ][a-zäöüß]+)?)\.\s+(?=[A-ZÄÖÜ„\"])")
_FULL_STOP_LANGS = frozenset({"de"})

_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# 03/04/2024 is the 3rd of April or the 4th of March: only read when one part is over 12, or
# when the page's language writes the day first (``day_first``: every language but English).
# With dots or dashes (05.03.2024, 28-02-2025) it is day first: the European way; American dates
# use slashes. A site name may be glued before it ("CBC28-02-2025").
_NUMERIC_DATE = re.compile(r"(?<!\d)(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})\b")
# "05 mars 2024", "5 de marzo de 2024", "5. März 2024": day, month word, year, in any language.
_DAY_MONTH_YEAR_WORDS = re.compile(r"(?<!\d)\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?\s+(?:de\s+)?(?:19|20)\d{2}\b")
_AGO = re.compile(
    r"\b(?P<count>\d+|an?|one)\s+(?P<unit>second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b", re.IGNORECASE
)
_RELATIVE_WORDS = re.compile(r"\b(?:yesterday|today|this morning|last night)\b", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^(?:date|published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*", re.I)


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The patterns that name months, built from the lexicon's ``months``."""

    explicit_dates: tuple[re.Pattern[str], ...]
    # A page that prints a date twice or a time right after it glues them: "5 Mar 20245 Mar 2024",
    # "March 20, 20247:12 PM". The year is cut from what follows it.
    glued_year: re.Pattern[str]
    day_month: tuple[re.Pattern[str], ...]
    # A line that opens with a date ("March 20, 2024 7:12 PM GMT Updated 2 hours ago").
    opens_with_date: re.Pattern[str]
    date_line: re.Pattern[str]


def _build(lexicon: Lexicon) -> _Patterns:
    months = lexicon.alternation("months")
    month = rf"(?P<month>{months})\.?"
    month_word = rf"(?:{months})\.?"  # for patterns with more than one month
    return _Patterns(
        explicit_dates=(
            re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
            re.compile(r"\b(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),
            re.compile(rf"\b{_DAY}\s+(?:of\s+)?{month}(?:,\s*|\s+){_YEAR}\b", re.IGNORECASE),  # "06 February,2026"
            re.compile(rf"\b{month}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
            re.compile(r"(?P<year>(?:19|20)\d{2})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"),
        ),
        glued_year=re.compile(
            rf"(?P<date>(?:\b\d{{1,2}}\s+{month_word},?|\b{month_word}\s+\d{{1,2}},?)\s+(?:19|20)\d{{2}})(?=\d)", re.I
        ),
        day_month=(
            re.compile(rf"^{_DAY}\s+{month}$", re.IGNORECASE),
            re.compile(rf"^{month}\s+{_DAY}$", re.IGNORECASE),
        ),
        opens_with_date=re.compile(
            rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{month_word}|{month_word}\s+\d{{1,2}}\b|(?:19|20)\d{{2}}-)", re.I
        ),
        date_line=re.compile(
            r"^(?:[A-ZÀ-Þ][\w.'’]+(?: [\w.'’]+){0,3}\s+[-–—|/]\s+)?"  # a place first: "Madrid - 05 mar 2024"
            r"(?:(?:date|published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*)?"
            r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
            r"(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?"
            rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{months})\.?,?\s+\d{{4}}"
            rf"|(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
            r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
            r"|\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일](?:\s*\d{1,2}\s*[時时시]\s*\d{1,2}\s*[分분])?)"
            r"(?:(?:,|\s+[-–—|/])?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:,?\s*\(?[A-Z]{2,5}\)?)?)?\s*$",
            re.IGNORECASE,
        ),
    )


_patterns = compiled(_build)


def is_date_line(text: str, lexicon: Lexicon | None = None) -> bool:
    return bool(_patterns(lexicon).date_line.match(text.strip()))


def opens_with_date(text: str, lexicon: Lexicon | None = None) -> bool:
    return bool(_patterns(lexicon).opens_with_date.match(text))


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline a first paragraph opens with."""

    place: str | None  # "SEOUL"; None for an agency alone: "(CNN) —"
    when: str | None  # "Sept 14" as written; no year
    agency: str | None  # "Reuters", "CNN", a wire's "PRNewswire"
    end: int  # where the story text starts after it


def _is_speaker_label(match: re.Match[str], paragraph: str, speech: bool) -> bool:
    """Capitals and a colon alone ("MODERATOR: good morning") name who speaks, not where: always
    when lower case follows (no story opens so), and in a transcript (``speech``) whatever follows."""
    bare = not any(match.group(g) for g in ("region", "when", "agency", "wire", "lone_agency"))
    said = paragraph[match.end() :]
    return bare and match.group(0).rstrip().endswith(":") and (speech or said[:1].islower())


def find_dateline(
    paragraph: str, lexicon: Lexicon | None = None, lang: str | None = None, speech: bool = False
) -> Dateline | None:
    """The dateline at the start of ``paragraph``, or None.

    Capitals before a colon that label the story (``BREAKING:``, ``UPDATE:``) are no place: such
    an opening is no dateline, for every stage alike; nor is a speaker's label (``MODERATOR:``, see
    ``_is_speaker_label``; ``speech``: the text is a transcript). ``Doha:`` and ``BERLIN afp |``
    are read in every language; ``Berlin.`` only when ``lang`` says the text is German.
    """
    match = _DATELINE.match(paragraph)
    labels = (lexicon or packaged()).words("story_labels")
    if match is not None and _is_speaker_label(match, paragraph, speech):
        return None
    if match is not None and (match.group("place") or "").upper() not in labels:
        agency = match.group("agency") or match.group("lone_agency") or match.group("wire")
        return Dateline(match.group("place"), match.group("when"), agency, match.end())
    if match := _AGENCY_BAR_DATELINE.match(paragraph):
        return Dateline(match.group("place"), None, match.group("agency"), match.end())
    match = _TITLE_CASE_DATELINE.match(paragraph)
    if match is None and lang in _FULL_STOP_LANGS:
        match = _FULL_STOP_DATELINE.match(paragraph)
    if match is None or match.group("place").upper() in labels:
        return None
    when = match.group("when") if "when" in match.re.groupindex else None
    if speech and when is None:  # "Jane: thanks for having me" in a transcript
        return None
    return Dateline(match.group("place"), when, None, match.end())


def without_dateline(paragraph: str, lexicon: Lexicon | None = None) -> str:
    """The paragraph with its dateline cut off."""
    dateline = find_dateline(paragraph, lexicon)
    return paragraph[dateline.end :] if dateline else paragraph


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str, lexicon: Lexicon | None) -> int:
    return int((lexicon or packaged()).numbers("months")[name.lower().rstrip(".")])


def parse_date(text: str, settings: Settings, day_first: bool = False) -> date | None:
    """An explicit calendar date in ``text``, or None. Never today's date, never a guessed day.

    Relative dates ("5 months ago", "yesterday") resolve only against a configured reference
    date (``--reference-date``), never against the clock.
    """
    lexicon = settings.data.lexicon
    patterns = _patterns(lexicon)
    cleaned = patterns.glued_year.sub(r"\g<date> ", _DATE_PREFIX.sub("", text.strip()))
    for pattern in patterns.explicit_dates:
        if match := pattern.search(cleaned):
            month = match.group("month")
            number = int(month) if month.isdigit() else _month_number(month, lexicon)
            return _safe_date(int(match.group("year")), number, int(match.group("day")))  # None: no such day
    if match := _NUMERIC_DATE.search(cleaned):
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
        if a > 12 >= b or match.group("sep") in ".-" or (day_first and b <= 12):
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


def dateline_day(when: str, reference: date | None, lexicon: Lexicon | None = None) -> date | None:
    """``Sept 14`` as a date: only when the year is known, as the last such day up to the reference."""
    match = next((m for pattern in _patterns(lexicon).day_month if (m := pattern.match(when.strip()))), None)
    if match is None or reference is None:
        return None
    month, day = _month_number(match.group("month"), lexicon), int(match.group("day"))
    for year in (reference.year, reference.year - 1):
        found = _safe_date(year, month, day)
        if found and found <= reference:
            return found
    return None
