"""Explainer (corpus-wide): the treaty-history page, every statement backed by a citation.

The instruments and what they committed the parties to come from ``content/data/treaties.yml``,
each fact with its external reference. The coverage is mined for the sentences that speak of
an instrument: a sentence with a treaty word ("treaty", "pact", "the deal was signed", "mutual
defence", "UN Charter") is matched against each instrument's ``match`` rules (years, keywords,
a period for unnamed references such as "the deal"). A matched sentence becomes a citation:
article file, paragraph anchor and the sentence verbatim from the article as written on disk
(so a contributor's edit never leaves a citation pointing at text that is gone). Treaty-word
sentences that no instrument claims are returned as uncurated mentions for the build report.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator import markdown_text, site_info, write
from generator.articles import Article
from generator.config import Settings, as_date
from generator.errors import DataFileError
from generator.text import sentence_spans

# Words that make a sentence speak of an agreement. "Strong" ones always do; "weak" ones
# ("a secret arms deal", "breaching major agreements") only with a cue that an agreement
# between parties is meant: it was signed, reached, replaced, or names a known instrument.
_STRONG = re.compile(
    r"\b(treat(?:y|ies)|pacts?|accords?|declarations?)\b|\bmutual[- ](?:defen[cs]e|assistance|aid)\b|"
    r"\bU\.?N\.? Charter\b",
    re.IGNORECASE,
)
_WEAK = re.compile(r"\b(deal|agreement|alliance|partnership)s?\b", re.IGNORECASE)
_CUE = re.compile(
    r"\b(sign(?:ed|ing|s)?|ratif\w*|reached|conclu\w*|discarded|replaced|obligat\w*|form(?:ed|ing)|"
    r"invok\w*|clause|expired|lapsed|scrapped|annulled)\b",
    re.IGNORECASE,
)
_WEB_ADDRESS = re.compile(r"^https?://[^\s()<>]+$")
_ANY_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = list(calendar.month_name)[1:]


@dataclass(frozen=True, slots=True)
class Citation:
    """One sentence of one article, verbatim, and the paragraph it stands in."""

    file: str  # article file name under articles/
    anchor: str  # paragraph id in that article, e.g. ``p-27``
    text: str
    title: str
    publisher: str | None
    date: date | None
    date_text: str


@dataclass(frozen=True, slots=True)
class Instrument:
    """A treaty or declaration of the data file, with the coverage that cites it."""

    data: dict[str, Any]
    citations: tuple[Citation, ...] = ()

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass(frozen=True, slots=True)
class TimelineItem:
    date: str  # ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: sortable as text
    label: str  # the date as a reader reads it
    text: str
    kind: str  # ``treaty`` (a milestone of an instrument) or ``event`` (an event of the coverage)
    instrument: str = ""  # id of the instrument, for a link to its section
    ref: str = ""  # external reference of a milestone
    link: str = ""  # page of an event of the coverage


@dataclass(frozen=True, slots=True)
class Explainer:
    instruments: tuple[Instrument, ...]
    timeline: tuple[TimelineItem, ...]
    uncurated: tuple[Citation, ...] = field(default=())
    first_year: int = 0
    last_year: int = 0


# -- data ---------------------------------------------------------------------------------


def _patterns(values: Iterable[Any], treaty_id: str, key: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for value in values:
        try:
            compiled.append(re.compile(str(value), re.IGNORECASE))
        except re.error as exc:
            raise DataFileError(
                f"treaties.yml: {treaty_id}: bad {key} pattern {value!r} ({exc}); fix the file"
            ) from exc
    return tuple(compiled)


@dataclass(frozen=True, slots=True)
class _Rules:
    """The ``match`` block of one instrument, compiled."""

    years: tuple[str, ...]
    keywords: tuple[re.Pattern[str], ...]
    require: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    period: tuple[date | None, date | None] | None

    def names(self, sentence: str) -> bool:
        """True when the sentence names this instrument (its year or a keyword)."""
        if any(p.search(sentence) for p in self.exclude):
            return False
        if self.require and not any(p.search(sentence) for p in self.require):
            return False
        found_year = any(re.search(rf"\b{year}\b", sentence) for year in self.years)
        return found_year or any(p.search(sentence) for p in self.keywords)

    def covers(self, when: date | None, sentence: str) -> bool:
        """True when coverage of ``when`` saying "the deal" means this instrument."""
        if self.period is None or when is None or any(p.search(sentence) for p in self.exclude):
            return False
        start, end = self.period
        return (start is None or start <= when) and (end is None or when <= end)


def _rules(item: dict[str, Any]) -> _Rules:
    treaty_id = str(item.get("id"))
    match = item.get("match") or {}
    if not isinstance(match, dict):
        raise DataFileError(f"treaties.yml: {treaty_id}: 'match' must be a mapping; fix the file")
    period = match.get("period")
    span = None
    if isinstance(period, dict):
        span = (as_date(period.get("from")), as_date(period.get("to")))
    return _Rules(
        years=tuple(str(y) for y in match.get("years") or []),
        keywords=_patterns(match.get("keywords") or [], treaty_id, "keywords"),
        require=_patterns(match.get("require") or [], treaty_id, "require"),
        exclude=_patterns(match.get("exclude") or [], treaty_id, "exclude"),
        period=span,
    )


def instruments_of(settings: Settings) -> list[dict[str, Any]]:
    """The instruments of the data file in date order, each checked for what the page needs."""
    items = []
    for number, item in enumerate(settings.data.treaties, 1):
        missing = [key for key in ("id", "name", "signed") if not item.get(key)]
        if missing:
            raise DataFileError(f"treaties.yml: treaty {number} lacks {', '.join(missing)}; fix the file")
        if as_date(item["signed"]) is None:
            raise DataFileError(f"treaties.yml: {item['id']}: 'signed' is not a YYYY-MM-DD date; fix the file")
        for fact in [*(item.get("facts") or []), *(item.get("milestones") or []), {"ref": item.get("reference")}]:
            if fact.get("ref") and not _WEB_ADDRESS.match(str(fact["ref"])):
                raise DataFileError(f"treaties.yml: {item['id']}: reference {fact['ref']!r} is not an http(s) address")
        items.append(item)
    return sorted(items, key=lambda item: (as_date(item["signed"]), str(item["id"])))


# -- mining -------------------------------------------------------------------------------


def is_mention(sentence: str, named: bool = False) -> bool:
    """Does the sentence speak of an agreement between parties?"""
    if _STRONG.search(sentence):
        return True
    return bool(_WEAK.search(sentence)) and (named or bool(_CUE.search(sentence)))


def _event_dates(entries: list[Article]) -> dict[str, date]:
    """The first date of each event of the coverage, from its dated articles."""
    found: dict[str, date] = {}
    for entry in entries:
        if entry.event and entry.date:
            found[entry.event] = min(found.get(entry.event, entry.date), entry.date)
    return found


def article_sentences(entry: Article) -> list[tuple[str, str]]:
    """(paragraph anchor, sentence) of an article as written: each sentence verbatim in its paragraph."""
    found = []
    for anchor, text in markdown_text.anchored_paragraphs(entry.body):
        for start, end in sentence_spans(text):
            piece = text[start:end].strip()
            if piece:
                found.append((anchor, piece))
    return found


def mine(entries: list[Article], settings: Settings) -> tuple[dict[str, list[Citation]], list[Citation]]:
    """Citations by instrument id, and the treaty-word sentences no instrument claims."""
    items = instruments_of(settings)
    rules = {str(item["id"]): _rules(item) for item in items}
    event_dates = _event_dates(entries)
    cited: dict[str, list[Citation]] = {str(item["id"]): [] for item in items}
    uncurated: list[Citation] = []
    for entry in sorted(entries, key=lambda e: (e.date or date.max, e.file)):
        when = entry.date or event_dates.get(entry.event or "")
        seen: set[str] = set()
        for anchor, sentence in article_sentences(entry):
            named = [key for key, rule in rules.items() if rule.names(sentence)]
            if sentence in seen or not is_mention(sentence, bool(named)):
                continue
            seen.add(sentence)
            if not named and not _ANY_YEAR.search(sentence):
                named = [key for key, rule in rules.items() if rule.covers(when, sentence)]
            citation = Citation(entry.file, anchor, sentence, entry.title, entry.publisher, entry.date, entry.date_text)
            for key in named:
                cited[key].append(citation)
            if not named:
                uncurated.append(citation)
    return cited, uncurated


# -- the page -----------------------------------------------------------------------------


def date_label(value: str) -> str:
    """``1961-07-06`` as "6 July 1961", ``2024-10`` as "October 2024", ``1995`` as "1995"."""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


_DATE_TEXT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _timeline(items: list[dict[str, Any]], entries: list[Article]) -> list[TimelineItem]:
    timeline = []
    for item in items:
        for milestone in item.get("milestones") or [{"date": str(item["signed"]), "text": "Signed"}]:
            when = str(milestone.get("date", ""))
            if not _DATE_TEXT.match(when):
                raise DataFileError(f"treaties.yml: {item['id']}: milestone date {when!r} is not YYYY[-MM[-DD]]")
            text = f"{item.get('short_name') or item['name']}: {milestone.get('text', '')}".rstrip(": ")
            timeline.append(
                TimelineItem(when, date_label(when), text, "treaty", str(item["id"]), str(milestone.get("ref") or ""))
            )
    for event, first in sorted(_event_dates(entries).items(), key=lambda pair: (pair[1], pair[0])):
        count = sum(1 for e in entries if e.event == event)
        text = f"{event} ({count} article{'s' if count != 1 else ''} in this dossier)"
        link = f"index.md#{re.sub(r'[^a-z0-9]+', '-', event.lower()).strip('-')}"
        timeline.append(TimelineItem(first.isoformat(), date_label(first.isoformat()), text, "event", link=link))
    return sorted(timeline, key=lambda t: (t.date, t.kind, t.text))


def build(entries: list[Article], settings: Settings) -> Explainer:
    items = instruments_of(settings)
    cited, uncurated = mine(entries, settings)
    timeline = _timeline(items, entries)
    years = [int(t.date[:4]) for t in timeline]
    return Explainer(
        instruments=tuple(Instrument(item, tuple(cited[str(item["id"])])) for item in items),
        timeline=tuple(timeline),
        uncurated=tuple(uncurated),
        first_year=min(years, default=0),
        last_year=max(years, default=0),
    )


def _span(item: dict[str, Any], first: int, last: int, timeline: tuple[TimelineItem, ...]) -> dict[str, Any]:
    """Where an instrument's life sits on the chart, as percentages of the years shown."""
    years = sorted(int(t.date[:4]) for t in timeline if t.instrument == str(item["id"])) or [first]
    open_ended = str(item.get("status", "")).lower() == "in force"
    stop = last + 1 if open_ended else years[-1] + 1
    shown = max(last + 1 - first, 1)
    label = f"{years[0]}–" if open_ended else f"{years[0]}–{years[-1]}" if years[-1] != years[0] else str(years[0])
    return {
        "left": round(100 * (years[0] - first) / shown, 2),
        "width": round(100 * (stop - years[0]) / shown, 2),
        "label": label,
        "open": open_ended,
    }


_TABLE_KEYS = ("automatic_assistance", "consultation", "un_charter", "duration", "status")


def _view(item: dict[str, Any]) -> dict[str, Any]:
    """An instrument with every key the page shows; what the data file leaves out reads "unverified"."""
    facts = [
        {"text": str(f.get("text", "")), "ref": str(f.get("ref") or ""), "verified": f.get("verified") is not False}
        for f in item.get("facts") or []
        if f.get("text")
    ]
    return {
        "name": str(item["name"]),
        "short_name": str(item.get("short_name") or item["name"]),
        "parties": [str(p) for p in item.get("parties") or []],
        "place": str(item.get("place") or ""),
        "ending": str(item.get("ending") or ""),
        "reference": str(item.get("reference") or ""),
        "facts": [f | {"verified": f["verified"] and bool(f["ref"])} for f in facts],
    } | {key: str(item.get(key) or "unverified") for key in _TABLE_KEYS}


def render(explainer: Explainer, site: site_info.SiteInfo | None = None) -> str:
    """The page; ``site`` gives its heading and intro (content/data/site.yml, else neutral words)."""
    first, last = explainer.first_year, explainer.last_year
    width = max(last + 1 - first, 1)
    ticks = sorted({first, last, *range((first // 10 + 1) * 10, last + 1, 10)})
    instruments = [
        {
            "data": _view(inst.data),
            "id": inst.id,
            "citations": inst.citations,
            "signed_label": date_label(str(as_date(inst.data["signed"]))),
            "span": _span(inst.data, first, last, explainer.timeline),
        }
        for inst in explainer.instruments
    ]
    return write.render_page(
        "explainer.md.j2",
        instruments=instruments,
        timeline=explainer.timeline,
        ticks=[{"year": year, "left": round(100 * (year - first) / width, 2)} for year in ticks],
        events=[
            {"item": t, "left": round(100 * (int(t.date[:4]) - first + 0.5) / width, 2)}
            for t in explainer.timeline
            if t.kind == "event"
        ],
        first_year=first,
        last_year=last,
        site=site or site_info.load(None),
    )


def report(explainer: Explainer) -> dict[str, Any]:
    """What the build report says: citations per instrument, and mentions nobody curated."""
    return {
        "instruments": {inst.id: len(inst.citations) for inst in explainer.instruments},
        "uncurated_mentions": [{"file": c.file, "anchor": c.anchor, "sentence": c.text} for c in explainer.uncurated],
    }
