"""Events stage (corpus-wide): articles grouped into the events they cover.

``content/data/events.yml`` names events with a date range and the words that identify them;
an article dated inside the range, or undated but naming the event's words, belongs to it.
Dated articles no curated event claims are grouped by month.
"""

from __future__ import annotations

import re
from datetime import date

from generator.config import Settings
from generator.document import Document


def _as_date(value: object) -> date | None:
    return value if isinstance(value, date) else date.fromisoformat(str(value)) if value else None


def _curated_event(doc: Document, settings: Settings) -> str | None:
    text = doc.title + "\n" + doc.body_text
    for event in settings.data.events:
        start, end = _as_date(event.get("start")), _as_date(event.get("end"))
        if doc.date and start and end:
            if start <= doc.date <= end:
                return str(event["name"])
            continue
        words = event.get("match", [])
        if not doc.date and words and all(re.search(w, text, re.IGNORECASE) for w in words):
            return str(event["name"])
    return None


def assign(docs: list[Document], settings: Settings) -> list[Document]:
    assigned = []
    for doc in docs:
        event = _curated_event(doc, settings)
        if event is None and doc.date:
            event = f"{doc.date:%Y-%m} coverage"
        assigned.append(doc.with_(event=event))
    return assigned
