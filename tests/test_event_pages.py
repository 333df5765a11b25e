"""Event pages: one per event, every article of it, a long event split into pages."""

from __future__ import annotations

import re
from datetime import date, timedelta

from generator import event_pages
from generator.articles import Article


def _article(number: int, event: str | None, when: date | None = None) -> Article:
    meta = {"title": f"Story {number:03d}", "date": when, "event": event, "publisher": "Harbour Herald"}
    return Article.of(f"story-{number:03d}.md", meta, "Text.")


def test_every_event_gets_a_page_listing_its_articles_and_none_for_articles_without_one():
    entries = [_article(1, "Flood"), _article(2, "Flood", date(2024, 3, 1)), _article(3, "Vote"), _article(4, None)]
    pages = event_pages.event_pages(entries)
    assert sorted(pages) == ["flood.md", "vote.md"]
    assert re.findall(r"\(\.\./articles/([^)]+)\)", pages["flood.md"]) == ["story-002.md", "story-001.md"]


def test_a_long_event_is_split_into_linked_pages_of_bounded_size():
    count = event_pages.PAGE_SIZE * 2 + 1
    first = date(2024, 1, 1)
    pages = event_pages.event_pages([_article(n, "Flood", first + timedelta(days=n)) for n in range(count)])
    assert sorted(pages) == ["flood-page-2.md", "flood-page-3.md", "flood.md"]
    listed = [re.findall(r"\(\.\./articles/([^)]+)\)", pages[name]) for name in ("flood.md", "flood-page-2.md")]
    assert [len(items) for items in listed] == [event_pages.PAGE_SIZE] * 2
    assert listed[0][0] == "story-000.md" and "[3](flood-page-3.md)" in pages["flood-page-2.md"]
    assert f"{count} articles" in pages["flood-page-3.md"]


def test_events_whose_names_make_the_same_slug_get_distinct_pages():
    files = event_pages.event_files(["2024-06 coverage (2)", "2024-06 coverage 2"])
    assert len(set(files.values())) == 2
