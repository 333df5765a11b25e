"""Dates and the one dateline definition every stage uses."""

from __future__ import annotations

from datetime import date

from generator.dates import dateline_day, find_dateline, is_date_line, without_dateline


def test_a_dateline_names_its_place_day_and_agency_and_where_the_story_starts():
    text = "SEOUL, Sept 14 (Reuters) - North Korea's leader left Russia."
    found = find_dateline(text)
    assert (found.place, found.when, found.agency) == ("SEOUL", "Sept 14", "Reuters")
    assert text[found.end :] == "North Korea's leader left Russia."


def test_a_story_label_is_no_dateline_for_any_stage():
    text = "BREAKING: The city council voted to close the library."
    assert find_dateline(text) is None
    assert without_dateline(text) == text


def test_date_lines_and_dateline_days():
    assert is_date_line("Thursday, June 20, 2024") and not is_date_line("June was hot in 2024, they said")
    assert dateline_day("Sept 14", date(2023, 9, 20)) == date(2023, 9, 14)
    assert dateline_day("Sept 14", None) is None
