"""The typed, immutable record that flows through the stages.

Every field exists from the start with an empty default, so no stage has to ask whether
an earlier one ran. A stage returns a new document with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    """What a line the cleaner removed *was*, for the stages after clean (metadata reads the
    headline, dates, bylines, credits and copyrights from these). A boilerplate entry names its
    role in ``boilerplate.yml``; the human-readable ``reason`` is free text and never matched on."""

    FURNITURE = "furniture"  # page leftovers with nothing to read from them
    HEADLINE = "headline"
    AROUND_HEADLINE = "around_headline"  # a short label next to the headline (section, kicker)
    DATE = "date"  # a line that is a date
    TIMESTAMP = "timestamp"  # "Updated 14:05 GMT, 20 June 2024"
    TIME_AGO = "time_ago"  # "5 months ago"
    BYLINE = "byline"
    CREDIT = "credit"  # photo or agency credit ("REUTERS/Kim Hong-Ji")
    COPYRIGHT = "copyright"  # "© The Coastal Courier 2025"
    SOURCE_FRONT_MATTER = "source_front_matter"  # the source's own YAML-looking header
    PHOTO_CREDIT = "photo_credit"  # a picture's credit: names the photo agency, never the publisher
    PUBLISHER_NOTE = "publisher_note"  # programme schedule, publishing notice, reporting credits
    RELATED_LINK = "related_link"  # "Read more:" (the linked headline under it goes with it)
    FOOTER = "footer"  # a short line after the body ("BBC News", "Follow us")
    AUTHOR_BIO = "author_bio"  # "Ana Ley covers the subway."


@dataclass(frozen=True, slots=True)
class Removal:
    """A line the cleaner dropped, with the rule that dropped it (for the build report)."""

    line: int  # 1-based line number in the decoded text
    text: str
    reason: str  # shown in the build report; free text
    role: Role = Role.FURNITURE


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of the cleaned body. ``kind`` is ``text`` or ``heading`` (a crosshead)."""

    text: str
    kind: str = "text"
    anchor: str = ""  # stable id in the article page, e.g. ``p-3``; set by the clean stage


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    paragraph: int  # index into Document.paragraphs
    start: int  # character offset inside that paragraph's text


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None = None
    role: str | None = None
    paragraph: int = 0
    callout: bool = False  # a full-sentence quote worth showing as a key-quote callout


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # path of the raw file relative to the project root; identity in every message
    source_sha256: str
    raw: bytes = b""
    text: str = ""  # decoded text
    encoding: str = ""
    # The extractor that already chose the main text (decode: "trafilatura" for an HTML page), or "":
    # the clean stage then trusts that choice and removes only what it is sure is furniture.
    extracted_by: str = ""
    removals: tuple[Removal, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    # How many paragraphs open the body as its standfirst: the short paragraph right under the
    # headline that a newsroom writes to sum the story up (a deck, or a lede standing alone).
    standfirst: int = 0
    kind: str = "article"
    title: str = ""
    title_generated: bool = False
    title_lang: str | None = None
    date: date | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    lang: str = "en"
    sentences: tuple[Sentence, ...] = ()
    summary: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    tags: tuple[str, ...] = ()
    # The curated entities the title and text name, once per mention, in text order (the entities
    # stage finds them per source; events then groups and names by them without searching again).
    mentions: tuple[str, ...] = ()
    event: str | None = None
    notes: tuple[str, ...] = field(default=())  # warnings for the build report

    def with_(self, **changes) -> Document:
        return replace(self, **changes)

    @property
    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def note(self, message: str) -> Document:
        return replace(self, notes=self.notes + (message,))
