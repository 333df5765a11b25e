"""Index pages (corpus-wide): the home page timeline, the quotes page and the tags page.

They are built from the articles as written (front matter read back from disk), so a
contributor's edit to a title or a speaker shows on every page that lists it.
"""

from __future__ import annotations

import json
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


def _date_range(dates: list[date]) -> str:
    if not dates:
        return "Undated"
    first, last = min(dates), max(dates)
    if first == last:
        return f"{first:%-d %B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last:%-d %B %Y}"
    return f"{first:%-d %B %Y} – {last:%-d %B %Y}"


def home_page(entries: list[ArticleEntry], curated_events: tuple[dict[str, Any], ...] = ()) -> str:
    """The events of the coverage as a timeline, oldest first, each with its articles."""
    places = {str(e["name"]): str(e.get("place") or "") for e in curated_events if e.get("name")}
    events: dict[str, list[ArticleEntry]] = {}
    for entry in sorted(entries, key=_sort_key):
        events.setdefault(str(entry.meta.get("event") or "Other coverage"), []).append(entry)

    def first_date(item: tuple[str, list[ArticleEntry]]) -> tuple:
        dated = [e.date for e in item[1] if e.date]
        return (min(dated) if dated else date.max, item[0])

    timeline = []
    for name, articles in sorted(events.items(), key=first_date):
        dated = sorted(e.date for e in articles if e.date)
        timeline.append(
            {
                "name": name,
                "anchor": anchor(name),
                "label_date": f"{dated[0]:%B %Y}" if dated else "Undated",
                "range": _date_range(dated),
                "place": places.get(name, ""),
                "count": len(articles),
                "publishers": sorted({e.publisher for e in articles if e.publisher}),
                "articles": articles,
            }
        )
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


KIND_HEADINGS = {
    "person": "People",
    "organisation": "Organisations",
    "country": "Countries",
    "place": "Places",
    "topic": "Topics",
}


def tag_slug(name: str) -> str:
    return write.slugify(name, "tag")


def tag_pages(entries: list[ArticleEntry], known: tuple[dict[str, Any], ...]) -> dict[str, str]:
    """A page per tag (file name under tags/ to its Markdown), each a Material tags listing."""
    kinds = {str(e["name"]): e for e in known if e.get("name")}
    found: dict[str, int] = {}
    for entry in entries:
        for tag in entry.meta.get("tags") or []:
            found[str(tag)] = found.get(str(tag), 0) + 1
    written: dict[str, str] = {}
    for name in sorted(found):
        if "--" in name or "\n" in name:  # would break the listing's HTML comment
            continue
        entity = kinds.get(name, {})
        written[f"{tag_slug(name)}.md"] = write.render_page(
            "tag.md.j2",
            name=name,
            kind=str(entity.get("kind") or ""),
            role=str(entity.get("role") or ""),
            count=found[name],
            listing=json.dumps({"include": [name]}, ensure_ascii=False),
        )
    return written


def tags_page(entries: list[ArticleEntry], known: tuple[dict[str, Any], ...]) -> str:
    """The tag index: every tag in use by kind, with its article count, linking to its page."""
    kinds = {str(e["name"]): str(e.get("kind") or "") for e in known if e.get("name")}
    counts: dict[str, int] = {}
    for entry in entries:
        for tag in entry.meta.get("tags") or []:
            counts[str(tag)] = counts.get(str(tag), 0) + 1
    groups: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        if "--" in name or "\n" in name:
            continue
        heading = KIND_HEADINGS.get(kinds.get(name, ""), "Other tags")
        groups.setdefault(heading, []).append({"name": name, "slug": tag_slug(name), "count": counts[name]})
    order = [*KIND_HEADINGS.values(), "Other tags"]
    return write.render_page("tags.md.j2", groups=[(h, groups[h]) for h in order if h in groups])


def _xml_text(text: str) -> str:
    """Text without the control characters XML 1.0 forbids."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


def feed(entries: list[ArticleEntry], site_title: str = SITE_TITLE) -> str:
    """An Atom feed of the articles, newest first; an undated one takes its event's first date."""
    event_dates: dict[str, date] = {}
    for entry in entries:
        event = str(entry.meta.get("event") or "")
        if event and entry.date:
            event_dates[event] = min(event_dates.get(event, entry.date), entry.date)
    latest = max((e.date for e in entries if e.date), default=date(1970, 1, 1))
    items = []
    for entry in entries:
        when = entry.date or event_dates.get(str(entry.meta.get("event") or "")) or latest
        items.append(
            {
                "title": _xml_text(entry.title),
                "link": "articles/" + entry.file.removesuffix(".md") + ".html",
                "id": f"tag:newsdossier.invalid,{when.isoformat()}:{entry.file}",
                "updated": f"{when.isoformat()}T00:00:00Z",
                "summary": _xml_text(entry.one_line),
                "publisher": _xml_text(str(entry.publisher or "")),
                "tags": [_xml_text(str(t)) for t in entry.meta.get("tags") or []],
            }
        )
    items.sort(key=lambda item: (item["updated"], item["link"]), reverse=True)
    return write.render_page(
        "feed.xml.j2", title=_xml_text(site_title), updated=f"{latest.isoformat()}T00:00:00Z", items=items
    )
