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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator import markdown_text, site_info, write
from generator.articles import Article
from generator.config import Milestone, Settings, Treaty
from generator.lexicon import Lexicon, compiled
from generator.text import sentence_spans


@dataclass(frozen=True, slots=True)
class _Words:
    """Words that make a sentence speak of an agreement (the lexicon's lists). "Strong" ones always
    do; "weak" ones ("a secret arms deal", "breaching major agreements") only with a cue that an
    agreement between parties is meant: it was signed, reached, replaced, or names a known instrument."""

    strong: re.Pattern[str]
    weak: re.Pattern[str]
    cue: re.Pattern[str]


def _build(lexicon: Lexicon) -> _Words:
    return _Words(
        strong=re.compile(rf"\b(?:{lexicon.alternation('agreement_words')})\b", re.IGNORECASE),
        weak=re.compile(rf"\b(?:{lexicon.alternation('loose_agreement_words')})s?\b", re.IGNORECASE),
        cue=re.compile(rf"\b(?:{lexicon.alternation('agreement_cues')})\b", re.IGNORECASE),
    )


_words = compiled(_build)
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

    data: Treaty
    citations: tuple[Citation, ...] = ()

    @property
    def id(self) -> str:
        return self.data.id


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


def _rules(item: Treaty) -> _Rules:
    match = item.match
    period = (match.period.from_, match.period.to) if match.period else None
    return _Rules(tuple(str(y) for y in match.years), match.keywords, match.require, match.exclude, period)


def instruments_of(settings: Settings) -> list[Treaty]:
    """The instruments of the data file (validated when loaded) in date order."""
    return sorted(settings.data.treaties, key=lambda item: (item.signed, item.id))


# -- mining -------------------------------------------------------------------------------


def is_mention(sentence: str, named: bool = False, lexicon: Lexicon | None = None) -> bool:
    """Does the sentence speak of an agreement between parties?"""
    words = _words(lexicon)
    if words.strong.search(sentence):
        return True
    return bool(words.weak.search(sentence)) and (named or bool(words.cue.search(sentence)))


def _event_dates(entries: list[Article]) -> dict[str, date]:
    """The first date of each event of the coverage, from its dated articles."""
    found: dict[str, date] = {}
    for entry in entries:
        if entry.event and entry.date:
            found[entry.event] = min(found.get(entry.event, entry.date), entry.date)
    return found


def article_sentences(entry: Article, lexicon: Lexicon) -> list[tuple[str, str]]:
    """(paragraph anchor, sentence) of an article as written that may speak of an agreement, each
    verbatim in its paragraph: the sentences of the paragraphs with an agreement word (``is_mention``
    needs one; splitting every paragraph of thousands of articles would be most of the work)."""
    words = _words(lexicon)
    found = []
    for anchor, text in markdown_text.anchored_paragraphs(entry.body):
        if not (words.strong.search(text) or words.weak.search(text)):
            continue
        for start, end in sentence_spans(text, lexicon):
            piece = text[start:end].strip()
            if piece:
                found.append((anchor, piece))
    return found


Sentences = Callable[[Article], list[tuple[str, str]]]


def mine(
    entries: list[Article], settings: Settings, sentences: Sentences | None = None
) -> tuple[dict[str, list[Citation]], list[Citation]]:
    """Citations by instrument id, and the treaty-word sentences no instrument claims.
    ``sentences``: ``article_sentences`` as the build remembers it for articles it split before."""
    split = sentences or (lambda entry: article_sentences(entry, settings.data.lexicon))
    items = instruments_of(settings)
    rules = {item.id: _rules(item) for item in items}
    event_dates = _event_dates(entries)
    cited: dict[str, list[Citation]] = {item.id: [] for item in items}
    uncurated: list[Citation] = []
    for entry in sorted(entries, key=lambda e: (e.date or date.max, e.file)):
        when = entry.date or event_dates.get(entry.event or "")
        seen: set[str] = set()
        for anchor, sentence in split(entry):
            named = [key for key, rule in rules.items() if rule.names(sentence)]
            if sentence in seen or not is_mention(sentence, bool(named), settings.data.lexicon):
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


def _timeline(items: list[Treaty], entries: list[Article]) -> list[TimelineItem]:
    timeline = []
    for item in items:
        for milestone in item.milestones or [Milestone(date=item.signed.isoformat(), text="Signed")]:
            text = f"{item.short_name or item.name}: {milestone.text}".rstrip(": ")
            timeline.append(
                TimelineItem(milestone.date, date_label(milestone.date), text, "treaty", item.id, milestone.ref or "")
            )
    for event, first in sorted(_event_dates(entries).items(), key=lambda pair: (pair[1], pair[0])):
        count = sum(1 for e in entries if e.event == event)
        text = f"{event} ({count} article{'s' if count != 1 else ''} in this dossier)"
        link = f"index.md#{re.sub(r'[^a-z0-9]+', '-', event.lower()).strip('-')}"
        timeline.append(TimelineItem(first.isoformat(), date_label(first.isoformat()), text, "event", link=link))
    return sorted(timeline, key=lambda t: (t.date, t.kind, t.text))


def build(entries: list[Article], settings: Settings, sentences: Sentences | None = None) -> Explainer:
    items = instruments_of(settings)
    cited, uncurated = mine(entries, settings, sentences)
    timeline = _timeline(items, entries)
    years = [int(t.date[:4]) for t in timeline]
    return Explainer(
        instruments=tuple(Instrument(item, tuple(cited[item.id])) for item in items),
        timeline=tuple(timeline),
        uncurated=tuple(uncurated),
        first_year=min(years, default=0),
        last_year=max(years, default=0),
    )


def _span(item: Treaty, first: int, last: int, timeline: tuple[TimelineItem, ...]) -> dict[str, Any]:
    """Where an instrument's life sits on the chart, as percentages of the years shown."""
    years = sorted(int(t.date[:4]) for t in timeline if t.instrument == item.id) or [first]
    open_ended = (item.status or "").lower() == "in force"
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


def _view(item: Treaty) -> dict[str, Any]:
    """An instrument with every key the page shows; what the data file leaves out reads "unverified"."""
    return {
        "name": item.name,
        "short_name": item.short_name or item.name,
        "parties": list(item.parties),
        "place": item.place or "",
        "ending": item.ending or "",
        "reference": item.reference or "",
        "facts": [{"text": f.text, "ref": f.ref or "", "verified": f.verified and bool(f.ref)} for f in item.facts],
    } | {key: getattr(item, key) or "unverified" for key in _TABLE_KEYS}


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
            "signed_label": date_label(inst.data.signed.isoformat()),
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
