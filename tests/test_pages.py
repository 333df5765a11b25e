"""Index pages at scale and the feed: bounded pages, one date per event, no invented dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

from generator import pages
from generator.articles import Article


def article(n: int, event: str = "E", dated: bool = True, tags: tuple[str, ...] = ("Topic",)) -> Article:
    meta = {
        "title": f"Story {n:04}",
        "date": date(2020, 1, 1) + timedelta(days=n) if dated else None,
        "publisher": "Wire",
        "event": event,
        "tags": list(tags),
        "summary": [f"Sentence of story {n}."],
    }
    return Article.of(f"story-{n:04}.md", meta)


def test_a_tag_with_many_articles_runs_on_to_pages_of_bounded_size_newest_first():
    written = pages.tag_pages([article(n) for n in range(450)], ())
    assert sorted(written) == ["topic--2.md", "topic--3.md", "topic.md"]
    counts = [len(re.findall(r"^- \[", text, re.M)) for text in written.values()]
    assert max(counts) <= pages.PAGE_ARTICLES and sum(counts) == 450
    first = written["topic.md"]
    assert first.index("Story 0449") < first.index("Story 0448") and "Story 0001" not in first
    assert "](topic--3.md)" in first and 'aria-current="page"' in first


def test_the_home_page_keeps_the_newest_events_and_links_the_older_periods():
    entries = [article(n, event=f"Event {n // 50:02}") for n in range(600)]
    written = pages.home_pages(entries)
    assert set(written) == {"index.md", "timeline-2.md", "timeline-3.md"}
    counts = {name: text.count("](articles/") for name, text in written.items()}
    assert max(counts.values()) <= pages.PAGE_ARTICLES and sum(counts.values()) == 600
    assert "Event 11" in written["index.md"] and "Event 00" in written["timeline-3.md"]
    assert "](timeline-2.md)" in written["index.md"] and "title: Coverage, " in written["timeline-2.md"]


def test_a_small_dossier_has_one_home_page_without_a_pager():
    written = pages.home_pages([article(1), article(2)])
    assert list(written) == ["index.md"] and "dossier-pager" not in written["index.md"]


def test_an_event_shows_its_date_once_when_all_its_articles_share_it():
    same_day = [Article.of(f"{n}.md", {"title": f"T{n}", "date": date(2024, 6, 20), "event": "Summit"}) for n in (1, 2)]
    page = pages.home_page(same_day)
    assert page.count("20 June 2024") == 1


def test_the_feed_gives_an_undated_article_no_date_of_its_own():
    feed = pages.feed([article(1), article(2, dated=False)])
    entries = re.findall(r"<entry>(.*?)</entry>", feed, re.S)
    undated = next(e for e in entries if "Story 0002" in e)
    dated = next(e for e in entries if "Story 0001" in e)
    assert "<published>" not in undated and "<published>2020-01-02T00:00:00Z</published>" in dated
    assert '<?xml-stylesheet type="text/css"' in feed


def test_the_feed_page_links_the_atom_file_and_lists_its_articles():
    page = pages.feed_page([article(1)])
    assert "](feed.xml)" in page and "[Story 0001](articles/story-0001.md)" in page


def test_the_feed_and_its_page_hold_the_newest_articles_only():
    entries = [article(n) for n in range(pages.FEED_ENTRIES + 50)]
    feed, page = pages.feed(entries), pages.feed_page(entries)
    assert feed.count("<entry>") == pages.FEED_ENTRIES and page.count("\n- [") == pages.FEED_ENTRIES
    assert "Story 0149" in feed and "Story 0000" not in feed
