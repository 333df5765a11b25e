"""The quotes page: grouped by speaker, each quote once with all its sources."""

from __future__ import annotations

from datetime import date

from generator import pages
from generator.articles import Article
from generator.config import Entity


def entry(file: str, quotes: list[dict], body: str = "", publisher: str = "Wire", day: int = 1) -> Article:
    meta = {"title": file.removesuffix(".md").title(), "date": date(2024, 6, day), "publisher": publisher}
    return Article.of(file, meta | {"quotes": quotes}, body)


def test_near_identical_quotes_from_two_sources_are_shown_once_with_both():
    page = pages.quotes_page(
        [
            entry("a.md", [{"text": "pent-up inmost thoughts", "speaker": "KCNA", "role": None}]),
            entry("b.md", [{"text": "Pent up, inmost thoughts", "speaker": None, "role": None}], day=2),
        ]
    )
    assert page.count("inmost thoughts") == 1
    assert "articles/a.md" in page and "articles/b.md" in page
    assert "## KCNA" in page and "Speaker not named" not in page


def test_a_fragment_joins_the_full_quote_it_is_part_of():
    page = pages.quotes_page(
        [
            entry("a.md", [{"text": "pent-up inmost thoughts", "speaker": "KCNA", "role": None}]),
            entry(
                "b.md",
                [{"text": "the top leaders exchanged their pent-up inmost thoughts", "speaker": "KCNA", "role": None}],
                day=2,
            ),
        ]
    )
    assert page.count("inmost thoughts") == 1
    assert "the top leaders exchanged their pent-up inmost thoughts" in page


def test_different_speakers_are_not_merged():
    page = pages.quotes_page(
        [
            entry("a.md", [{"text": "a new era of relations", "speaker": "Vladimir Putin", "role": None}]),
            entry("b.md", [{"text": "a new era of relations", "speaker": "Kim Jong Un", "role": None}]),
        ]
    )
    assert page.count("a new era of relations") == 2


def test_groups_by_speaker_named_first_with_role_and_links_to_the_paragraph():
    body = 'He said "We will win this dispute in the end, whatever it takes."\n{: #p-3 }\n'
    page = pages.quotes_page(
        [
            entry("a.md", [{"text": "aggression", "speaker": None, "role": None}]),
            entry(
                "b.md",
                [
                    {
                        "text": "We will win this dispute in the end, whatever it takes.",
                        "speaker": "Maria Lopez",
                        "role": "union leader",
                    }
                ],
                body=body,
            ),
        ]
    )
    assert page.index("## Maria Lopez") < page.index("## Speaker not named")
    assert "*union leader*" in page
    assert "articles/b.md#p-3" in page
    assert "**In brief:**" in page  # the one-word scare quote is listed compactly
    assert "> “We will win this dispute" in page


def test_a_quote_text_cannot_inject_markup():
    page = pages.quotes_page([entry("a.md", [{"text": "<script>alert(1)</script> [x](y)", "speaker": "X Y"}])])
    assert "<script>" not in page


def test_a_one_word_fragment_joins_the_same_speakers_phrase_and_shows_its_sentence():
    body = 'Putin called it a "breakthrough document" on Wednesday. Later he spoke of a "breakthrough".\n{: #p-1 }\n'
    quotes = [{"text": "breakthrough document", "speaker": "Vladimir Putin"}, {"text": "breakthrough", "speaker": None}]
    page = pages.quotes_page([entry("a.md", quotes, body)])
    assert page.count("**“breakthrough") == 1 and "“breakthrough”" not in page
    assert 'in: <span class="dossier-context">Putin called it a "breakthrough document" on Wednesday.</span>' in page
    assert "Speaker not named" not in page


def test_quotes_spelt_apart_are_merged():
    page = pages.quotes_page(
        [
            entry("a.md", [{"text": "fiery friendship", "speaker": "Kim Jong Un"}]),
            entry("b.md", [{"text": "firey friendship", "speaker": "Kim Jong Un"}], day=2),
        ]
    )
    assert page.count("friendship”") == 1 and "articles/b.md" in page


def test_an_organisation_speaker_is_marked_as_one():
    page = pages.quotes_page(
        [entry("a.md", [{"text": "exchanged their thoughts", "speaker": "KCNA"}])], (Entity("KCNA", "organisation"),)
    )
    assert "## KCNA" in page and "*Organisation*" in page


def test_a_long_quotes_page_runs_on_to_further_pages_that_all_list_every_speaker():
    many = [
        entry(f"a{i}.md", [{"text": f"Words number {i} of a long speech", "speaker": f"Speaker {i:04}"}])
        for i in range(900)
    ]
    written = pages.quotes_pages(many)
    assert sorted(written) == ["quotes-2.md", "quotes-3.md", "quotes.md"]
    assert all(text.count("\n> “") <= pages.PAGE_QUOTES for text in written.values())
    assert "](quotes-3.md#speaker-0899)" in written["quotes.md"] and "](#speaker-0899)" in written["quotes-3.md"]
