"""HTML pages as sources: read with trafilatura, metadata from the markup, no markup on the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import html_source
from tests.conftest import run_stages

PAGE = (Path(__file__).parent / "data" / "html" / "harbour-council.html").read_bytes()


@pytest.fixture(scope="module")
def doc(settings):
    return run_stages(PAGE, settings)


def test_a_page_is_sniffed_as_html_and_a_fragment_with_tags_is_not():
    assert html_source.is_html(PAGE)
    assert html_source.is_html(b"\xef\xbb\xbf  <!-- saved -->\n<HTML><body><p>x</p></body></HTML>")
    assert not html_source.is_html(b"<script>alert(1)</script> Council <b>approves</b> barrier\n\nText.")
    assert not html_source.is_html(b"The site's <html> tag was broken, the developer said.")


def test_the_main_text_is_kept_and_the_furniture_is_not(doc):
    body = doc.body_text
    assert body.startswith("The harbour council voted on Thursday")
    assert "This wall is overdue." in body and "publish the timetable early." in body
    for furniture in ("Home", "Sport", "cookies", "Most read", "Ferry timetable", "newsletter", "All rights"):
        assert furniture not in body, furniture


def test_the_declared_charset_is_read(doc):
    assert doc.encoding == "windows-1252"
    assert "£4.2 million" in doc.body_text and "council’s engineer" in doc.body_text


def test_metadata_comes_from_the_markup(doc):
    assert doc.title == "Harbour council backs new sea wall"
    assert str(doc.date) == "2025-03-14"
    assert doc.authors == ("Mari Lindqvist",)
    assert doc.publisher == "The Coastal Courier"
    assert not doc.title_generated


def test_no_markup_or_script_reaches_the_text(doc):
    everything = doc.text + doc.body_text + doc.title
    for fragment in ("<script", "<p>", "tracker", "trackPageView", "document.write", "injected", "<", ">"):
        assert fragment not in everything, fragment
    assert any("HTML" in note for note in doc.notes)


def test_a_page_without_markup_metadata_has_none_invented(settings):
    page = (
        b"<!doctype html><html><body><article>"
        + b"".join(
            b"<p>" + line.encode() + b"</p>"
            for line in (
                "The ferry company said on Monday it would add two sailings a day from June onwards.",
                "Passengers had complained for months about queues at the terminal in the mornings.",
                "The company said the extra sailings would run until the end of September at least.",
            )
        )
        + b"</article></body></html>"
    )
    doc = run_stages(page, settings)
    assert doc.date is None and doc.authors == () and doc.publisher is None
    assert doc.body_text.startswith("The ferry company said on Monday")
