"""Event pages (corpus-wide): one page per event under ``content/events/``, its articles by date.

An article page shows only the few articles of its event nearest to it in time and links here
(generator/mkdocs_hooks.py), so that no page grows with its event; the event's page lists every
article, ``PAGE_SIZE`` to a page, so that a long-running event is read a page at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from generator import write
from generator.articles import Article

EVENTS_DIR = "events"
PAGE_SIZE = 50  # articles listed on one page of an event


def event_files(names: Iterable[str]) -> dict[str, str]:
    """Each event's first page (file name under events/), by event name: its slug, numbered
    when two names make the same slug ("2024-06 coverage (2)" and "2024-06 coverage 2")."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        slug = base = write.slugify(name, "event")
        number = 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        taken.add(slug)
        files[name] = f"{slug}.md"
    return files


def _page_file(first: str, number: int) -> str:
    return first if number == 1 else first.removesuffix(".md") + f"-page-{number}.md"


def _date_range(dates: list[date]) -> str:
    if not dates:
        return "Undated"
    first, last = min(dates), max(dates)
    return f"{first:%-d %B %Y}" if first == last else f"{first:%-d %B %Y} – {last:%-d %B %Y}"


def event_pages(entries: list[Article]) -> dict[str, str]:
    """The pages of every event (file name under events/ to its Markdown)."""
    by_event: dict[str, list[Article]] = {}
    for entry in sorted(entries, key=lambda e: (e.date or date.max, e.title, e.file)):
        if entry.event:
            by_event.setdefault(entry.event, []).append(entry)
    files = event_files(by_event)
    written: dict[str, str] = {}
    for name, articles in by_event.items():
        chunks = [articles[start : start + PAGE_SIZE] for start in range(0, len(articles), PAGE_SIZE)]
        pages = [_page_file(files[name], number) for number in range(1, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, start=1):
            written[pages[number - 1]] = write.render_page(
                "event.md.j2",
                name=name,
                range=_date_range([e.date for e in articles if e.date]),
                count=len(articles),
                publishers=sorted({e.publisher for e in articles if e.publisher}),
                articles=chunk,
                number=number,
                pages=pages,
            )
    return written
