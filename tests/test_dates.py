"""Dates and the one dateline definition every stage uses."""

from __future__ import annotations

from datetime import date

from generator.dates import dateline_day, find_dateline, is_date_line, parse_date, without_dateline


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


# Shapes learned from real pages (bench/excerpts dev half); the texts here are the project's own.


def test_wire_datelines_in_title_case_with_a_lower_case_agency_and_the_german_full_stop():
    assert find_dateline("Lisbon: The harbour authority closed two piers on Monday.").place == "Lisbon"
    found = find_dateline("Kenora, June 3: Volunteers rebuilt the dock in a weekend.")
    assert (found.place, found.when) == ("Kenora", "June 3")
    found = find_dateline("MADRID dpa | Die Regierung kündigte neue Regeln an.")
    assert (found.place, found.agency) == ("MADRID", "dpa")
    german = "Hamburg. Der Senat hat am Montag beschlossen, die Brücke zu sanieren."
    assert find_dateline(german, lang="de").place == "Hamburg"
    assert find_dateline("Hamburg. The senate decided on Monday.") is None  # only German papers write it so
    assert find_dateline("Summary: The council voted to close the library.") is None


def test_dates_glued_to_a_site_name_written_without_a_space_or_day_first():
    from generator.config import Settings

    settings = Settings()
    assert parse_date("KTV14-03-2023", settings) == date(2023, 3, 14)
    assert parse_date("09 March,2024 10:15 AM IST | Pune | Staff", settings) == date(2024, 3, 9)
    assert parse_date("4/06/2019", settings) is None  # 4 June or 6 April: unknown in English
    assert parse_date("4/06/2019", settings, day_first=True) == date(2019, 6, 4)
