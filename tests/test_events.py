"""Events: articles grouped by date, undated ones placed by resemblance, names from the data file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from generator import events
from generator.config import Event
from generator.document import Document, Paragraph
from tests.conftest import run_stages


def test_the_seeds_fall_into_the_two_summits(seed_docs, settings):
    assigned = {d.source.rsplit("/", 1)[-1]: d.event for d in events.assign(list(seed_docs.values()), settings)}
    assert assigned["002_e6166dfe722375d4.txt"] == "2023-09 Vostochny summit"
    for name in (
        "000_0982db6d20d8ea7a.txt",
        "001_94d984b6becfc067.txt",
        "003_6abceb5128f33f3d.txt",
        "004_cfe940b0310ddd85.txt",
    ):
        assert assigned[name] == "2024-06 Pyongyang summit", name


def test_without_the_data_file_events_are_named_by_month_and_place(seed_docs, settings):
    bare = replace(settings, data=replace(settings.data, events=()))
    found = {d.event for d in events.assign(list(seed_docs.values()), bare)}
    assert found == {"2023-09 Vostochny Cosmodrome coverage", "2024-06 Pyongyang coverage"}


def _doc(source: str, text: str, when: date | None = None) -> Document:
    return Document(
        source=source,
        source_sha256="0",
        title=text.split(".")[0],
        date=when,
        paragraphs=(Paragraph(text, anchor="p-1"),),
    )


def test_undated_articles_join_the_coverage_they_resemble(settings):
    bare = replace(settings, data=replace(settings.data, events=()))
    docs = [
        _doc(
            "a", "The flood in the valley destroyed bridges and farms; rescuers waded through water.", date(2020, 1, 2)
        ),
        _doc("b", "The football final ended with a late goal and a penalty shootout.", date(2021, 5, 1)),
        _doc("c", "Rescuers in the flooded valley rebuilt bridges after the water receded."),
    ]
    result = {d.source: d.event for d in events.assign(docs, bare)}
    assert result["c"] == result["a"] != result["b"]


def test_the_data_file_pins_a_source_to_an_event(settings):
    # Dated long before both articles: only ``sources`` can put "c" there.
    pinned = (Event(name="Special", start=date(1900, 1, 1), end=date(1900, 1, 2), sources=("c",)),)
    data = replace(settings, data=replace(settings.data, events=pinned))
    docs = [_doc("a", "Flood in the valley.", date(2020, 1, 2)), _doc("c", "Flood in the valley again.")]
    assert {d.source: d.event for d in events.assign(docs, data)}["c"] == "Special"


def test_nothing_dated_leaves_articles_without_an_event(settings):
    assert [d.event for d in events.assign([_doc("a", "Words.")], settings)] == [None]


def test_a_labelled_transcript_gives_its_event_no_name_from_the_speaker_label(settings):
    bare = replace(settings, data=replace(settings.data, events=()))
    raw = (Path(__file__).parent / "data" / "transcripts" / "labelled_briefing.raw.txt").read_bytes()
    transcript = run_stages(raw, bare).with_(date=date(2024, 6, 20))
    [placed] = events.assign([transcript], bare)
    assert "moderator" not in placed.event.lower()
    assert placed.event.startswith("2024-06")


def test_an_article_a_week_on_one_story_is_not_chained_into_one_event(settings):
    bare = replace(settings, data=replace(settings.data, events=()))
    text = "The flood in the valley destroyed bridges and farms; rescuers waded through water."
    docs = [_doc(f"w{week:02d}", text, date(2020, 1, 1) + timedelta(weeks=week)) for week in range(12)]
    spans: dict[str, list[date]] = {}
    for doc in events.assign(docs, bare):
        spans.setdefault(doc.event, []).append(doc.date)
    assert len(spans) > 1
    assert all((max(d) - min(d)).days <= events.MAX_SPAN_DAYS for d in spans.values())


def test_two_stories_in_the_same_week_are_two_events(settings):
    bare = replace(settings, data=replace(settings.data, events=()))
    docs = [
        _doc("a", "The flood in the valley destroyed bridges and farms.", date(2020, 1, 2)),
        _doc("b", "The football final ended with a late goal and a penalty shootout.", date(2020, 1, 3)),
        _doc("c", "Rescuers in the flooded valley rebuilt bridges and farms.", date(2020, 1, 4)),
    ]
    result = {d.source: d.event for d in events.assign(docs, bare)}
    assert result["a"] == result["c"] != result["b"]
