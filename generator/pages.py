"""Index pages (corpus-wide): the home page timeline, the quotes page and the tags page.

They are built from the articles as written (front matter read back from disk), so a
contributor's edit to a title or a speaker shows on every page that lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator import markdown_text, write

SITE_TITLE = "Putin and Kim: a news dossier"
INTRO = (
    "Coverage of the meetings between Vladimir Putin and Kim Jong Un, normalised from raw "
    "sources: each article with its summary, key quotes and tags, grouped by event."
)


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    file: str  # file name under articles/
    meta: dict[str, Any]
    body: str = ""  # the Markdown body, for paragraph anchors

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.file)

    @property
    def date(self) -> date | None:
        value = self.meta.get("date")
        return value if isinstance(value, date) else None

    @property
    def date_text(self) -> str:
        return f"{self.date:%-d %B %Y}" if self.date else "undated"

    @property
    def publisher(self) -> str | None:
        return self.meta.get("publisher")

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind") or "article")

    @property
    def one_line(self) -> str:
        summary = self.meta.get("summary") or []
        return str(summary[0]) if summary else ""


def anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def _sort_key(entry: ArticleEntry) -> tuple:
    return (entry.date or date.max, entry.title, entry.file)


def home_page(entries: list[ArticleEntry]) -> str:
    events: dict[str, list[ArticleEntry]] = {}
    for entry in sorted(entries, key=_sort_key):
        events.setdefault(str(entry.meta.get("event") or "Other coverage"), []).append(entry)

    def first_date(item: tuple[str, list[ArticleEntry]]) -> tuple:
        dated = [e.date for e in item[1] if e.date]
        return (min(dated) if dated else date.max, item[0])

    timeline = []
    for name, articles in sorted(events.items(), key=first_date):
        dated = sorted(e.date for e in articles if e.date)
        label = f"{dated[0]:%B %Y}" if dated else "Undated"
        timeline.append({"name": name, "anchor": anchor(name), "label_date": label, "articles": articles})
    return write.render_page("index.md.j2", site_title=SITE_TITLE, intro=INTRO, events=timeline)


def quotes_page(entries: list[ArticleEntry]) -> str:
    by_speaker: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=_sort_key):
        for quote in entry.meta.get("quotes") or []:
            if not isinstance(quote, dict) or not quote.get("text"):
                continue
            speaker = quote.get("speaker") or "Unattributed"
            group = by_speaker.setdefault(speaker, {"speaker": speaker, "role": quote.get("role"), "quotes": {}})
            key = re.sub(r"\W+", " ", str(quote["text"]).lower()).strip()
            item = group["quotes"].setdefault(key, {"text": quote["text"], "sources": []})
            paragraphs = markdown_text.anchored_paragraphs(entry.body)
            found = markdown_text.anchor_of(str(quote["text"]), paragraphs)
            source = {"title": entry.title, "file": entry.file, "anchor": found or ""}
            if all(s["file"] != entry.file for s in item["sources"]):
                item["sources"].append(source)
    groups = [
        {
            "speaker": g["speaker"],
            "role": g["role"],
            "anchor": anchor(g["speaker"]),
            "quotes": list(g["quotes"].values()),
        }
        for g in sorted(by_speaker.values(), key=lambda g: (g["speaker"] == "Unattributed", g["speaker"]))
    ]
    return write.render_page("quotes.md.j2", groups=groups)


def tags_page() -> str:
    return write.render_page("tags.md.j2")
