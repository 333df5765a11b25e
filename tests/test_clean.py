"""Clean stage: page leftovers go (each with its reason), story text stays whole."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from generator import clean, pipeline
from generator.config import load_settings
from tests.conftest import ROOT, run_stages

UNSEEN = Path(__file__).parent / "data" / "unseen"

HEADLINE = "Council approves new bridge over the river after long debate"
PARAGRAPHS = [
    "The city council voted on Tuesday to build a new footbridge across the river, ending a decade of argument.",
    "Supporters said the bridge would cut journeys to the station by twenty minutes for thousands of residents.",
    "Opponents warned that the cost, estimated at 12 million pounds, could rise sharply before work begins.",
    "Construction is expected to start next spring and last about two years, the council said.",
]


def article(extra: str, position: int = 2) -> str:
    """A small article with ``extra`` inserted as a line before paragraph ``position``."""
    lines = [HEADLINE, ""] + PARAGRAPHS[:position] + [extra] + PARAGRAPHS[position:]
    return "\n".join(lines) + "\n"


def cleaned(raw: str, settings):
    return run_stages(raw, settings, until="clean")


# Lines from many publishers' pages that a reader must never see.
DROP = [
    "ARTICLE AD BOX",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Sponsored content",
    "Read Entire Article",
    "Read more",
    "Read more: Why the bridge matters",
    "Continue reading",
    "Listen to this article",
    "Listen to this article 4 min",
    "Loading audio...",
    "Play video",
    "Media caption, Residents speak about the new bridge",
    "No comments:",
    "12 comments",
    "View comments",
    "Share",
    "Share this article",
    "Share on Facebook",
    "Share on Twitter",
    "Share via Email",
    "Facebook Twitter WhatsApp Email",
    "Link copied!",
    "Sign up to our newsletter",
    "Sign up to First Edition, our free daily newsletter – every weekday morning at 7am BST",
    "Subscribe",
    "Follow us on Twitter @citynews",
    "5 months ago 4",
    "3 hours ago",
    "Updated 2 June 2024",
    "5 min read",
    "Image caption, The bridge will cross the river near the old mill",
    "Image source, Getty Images",
    "Getty Images",
    "Reuters",
    "AFP via Getty Images",
    "PA Media",
    "Photograph: Stefan Rousseau/PA",
    "The river at dusk. Photograph: Christopher Thomond/The Guardian",
    "FILE - Traffic crosses the old bridge, Jan. 5, 2024. (AP Photo/Jon Doe, File)",
    "The old bridge in 1952[/caption]",
    "© 2024 City News Ltd. All rights reserved.",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "Reporting by Jane Doe; Editing by John Roe",
    "Skip to main content",
    "We use cookies to improve your experience on our site.",
    "Most read",
    "Related Topics",
    "More on this story",
    # Wires, live pages, toolbars and other languages' furniture
    "Advertisement · Scroll to continue",
    "Purchase Licensing Rights, opens new tab",
    "This article is more than 2 years old",
    "Please turn on JavaScript to use this feature",
    "14:32 GMT",
    "Comment Gift Article Share",
    "• Share on Facebook",
    "Associated Press writer Jane Roe contributed from Cardiff, Wales.",
    "A flooded street in Cardiff, March 5, 2024. JANE ROE / AFP",
    "The flooded high street.Credit...Jane Roe for The New York Times",
    "asc/dpa",
    "Zur Merkliste hinzufügen",
    "Foto: Jane Roe / dpa",
    "Temps de Lecture 3 min.",
    "Publié le 05 mars 2024 à 15h45, modifié le 05 mars 2024 à 17h02",
    "FILE PHOTO: A ferry crosses the river in Cardiff, Wales, February 15, 2024. REUTERS/Jane Roe/File Photo",
    "—With assistance from Jane Roe.",
    "(Updates with council statement in fourth paragraph.)",
    "Find out more",
    "We're sorry, this feature is currently unavailable. We're working to restore it.",
    "09:15 (GMT) Mar 5",
    "THE RIVER GAZETTE | Mar 5, 2024, 09:15:02 GMT",
    "Volunteers fill sandbags on the quay.Credit: Jane Roe/River Gazette",
    "cardiff news today, cardiff weather, latest news cardiff, cardiff traffic, cardiff crime",
    "Your email address will not be published. Required fields are marked *",
    "Diese Website verwendet Akismet, um Spam zu reduzieren.",
    "You must be logged in to post a comment.",
    "Privacy & Cookies: This site uses cookies. By continuing to use this website, you agree to their use.",
    "Trending Posts",
    "Lea más: El puente abrirá en primavera",
    "Filed under: Cardiff, Bridges",
    # Captions that end on their credit (shapes of real wire and regional pages, written here).
    "A deputy measures the footbridge on Monday, May 10, in Cardiff. (Jane Rees/Western Mail via AP)",
    "Residents walk over the old bridge on May 11. PHOTO: AFP",
    "Ein Polizist sperrt die Brücke ab (Symbolbild).",
    "El alcalde durante la votación, este lunes.Ana Gil (EFE)",
    "Harbour Watcher 12 July 2016, 11:52",
]

# Lines that look a little like furniture but are story text.
KEEP = [
    "Photo, video and audio evidence were presented to the committee on Monday.",
    "Reporting by the local paper revealed the scale of the overspend last year.",
    "Share prices of the construction firm rose 4% after the announcement.",
    "Read the full report, the council urged residents, before the consultation closes.",
    "He pointed to the photo: a crowded ferry crossing the river in 1952.",
    "Advertising on the hoardings will help pay for the bridge, officials said.",
    "Journalists from the local paper contributed from the start, the mayor said.",
    "Publié le 5 mars, le rapport de la Cour des comptes a été largement commenté par les élus.",
    "At 14:32 GMT the first lorry crossed the temporary bridge.",
    "Find out more about the plans at the library, where the drawings are on show until May.",
    "The council, the port, the rail operator, the bus company and the chamber all backed it.",
    "Trending posts on the council's forum were mostly about parking, the mayor said.",
    "The bridge will carry 4,000 cyclists a day (Transport for Wales/Arup estimate, 2023).",
    "Work starts on March 3. PHOTOS: the council will publish the drawings next week.",
]


@pytest.mark.parametrize("line", DROP)
def test_leftover_lines_are_dropped_with_a_reason(line, settings):
    doc = cleaned(article(line), settings)
    assert line not in doc.body_text
    removed = [r for r in doc.removals if r.text == line]
    assert removed and removed[0].reason, f"{line!r} removed without a reason"
    assert [p.text for p in doc.paragraphs if p.kind == "text"] == PARAGRAPHS


@pytest.mark.parametrize("line", KEEP)
def test_story_lines_that_look_like_leftovers_are_kept(line, settings):
    doc = cleaned(article(line), settings)
    assert line in [p.text for p in doc.paragraphs]


def test_header_lines_leave_the_body_and_are_recorded(settings):
    raw = "\n".join(
        [
            "Nick Ferrari 7am - 10am",
            "World",
            HEADLINE,
            "Thursday, June 20, 2024",
            "By Jane Doe, Senior Political Reporter",
            HEADLINE,
            *PARAGRAPHS,
        ]
    )
    doc = cleaned(raw, settings)
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    reasons = {r.text: r.reason for r in doc.removals}
    assert reasons[HEADLINE] == clean.HEADLINE or reasons[HEADLINE] == clean.REPEATED_HEADLINE
    assert reasons["Thursday, June 20, 2024"] == clean.DATE_LINE
    assert reasons["By Jane Doe, Senior Political Reporter"] == clean.BYLINE
    assert reasons["Nick Ferrari 7am - 10am"] == "programme schedule"
    assert sum(1 for r in doc.removals if r.text == HEADLINE) == 2


def test_a_question_headline_is_a_headline(settings):
    doc = cleaned("Is this the end of the road for the old bridge?\n\n" + "\n\n".join(PARAGRAPHS), settings)
    assert [r.reason for r in doc.removals] == [clean.HEADLINE]
    assert doc.paragraphs[0].text == PARAGRAPHS[0]


def test_a_punctuated_headline_over_a_date_line_is_a_headline(settings):
    doc = cleaned("Council approves the new bridge.\n12 March 2024\n" + "\n".join(PARAGRAPHS), settings)
    assert [r.reason for r in doc.removals] == [clean.HEADLINE, clean.DATE_LINE]
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS


def test_a_standfirst_under_the_headline_is_kept_as_text(settings):
    standfirst = "Residents have waited a decade for a crossing that was first promised in 2014"
    doc = cleaned("\n".join([HEADLINE, standfirst, *PARAGRAPHS]), settings)
    assert doc.paragraphs[0].text == standfirst


def test_crossheads_become_headings_and_captions_next_to_credits_go(settings):
    raw = "\n".join(
        [
            HEADLINE,
            PARAGRAPHS[0],
            "What happens next",
            PARAGRAPHS[1],
            "Getty Images",
            "Campaigners gather on the old bridge",
            PARAGRAPHS[2],
            "‘A bridge too far’",
            PARAGRAPHS[3],
        ]
    )
    doc = cleaned(raw, settings)
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("text", PARAGRAPHS[0]),
        ("heading", "What happens next"),
        ("text", PARAGRAPHS[1]),
        ("text", PARAGRAPHS[2]),
        ("heading", "‘A bridge too far’"),
        ("text", PARAGRAPHS[3]),
    ]
    assert any(r.reason == clean.CAPTION and r.text.startswith("Campaigners") for r in doc.removals)


def test_a_pictures_alt_text_repeated_in_its_credited_caption_goes(settings):
    raw = "\n".join(
        [
            HEADLINE,
            PARAGRAPHS[0],
            "A crane lifts the first span onto the piers.",
            "A crane lifts the first span onto the piers.Credit: Western Mail",
            *PARAGRAPHS[1:],
        ]
    )
    doc = cleaned(raw, settings)
    assert [p.text for p in doc.paragraphs if p.kind == "text"] == PARAGRAPHS
    assert any(r.reason == clean.ALT_TEXT for r in doc.removals)


def test_a_standfirst_under_a_credit_that_holds_its_caption_stays(settings):
    # The shape of a real page: the picture's alt text (in other case and commas), the caption with
    # its credit glued on, then the standfirst, unpunctuated as decks are.
    alt = "Mayor Jane Doe, Head of Transport and Engineer John Roe on the old bridge at dawn."
    credited = "Mayor Jane Doe, head of transport, and engineer John Roe on the old bridge at dawn. Photograph: Ann Lee"
    standfirst = "The city's transport chief explains how the new crossing was planned and what it will cost"
    doc = cleaned("\n".join([HEADLINE, alt, credited, standfirst, *PARAGRAPHS]), settings)
    assert [p.text for p in doc.paragraphs if p.kind == "text"] == [standfirst, *PARAGRAPHS]
    assert any(r.reason == clean.ALT_TEXT and r.text == alt for r in doc.removals)


def test_short_lines_after_the_body_go(settings):
    doc = cleaned("\n".join([HEADLINE, *PARAGRAPHS, "Bridges", "Transport", "Local politics"]), settings)
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    assert [r.reason for r in doc.removals].count(clean.SHORT_FOOTER) == 3


@pytest.mark.parametrize("credit", ["REUTERS", "AFP", "(AP)", "Reuters", "CNN"])
def test_a_credit_glued_after_the_last_sentence_is_cut(credit, settings):
    last = PARAGRAPHS[-1]
    doc = cleaned("\n".join([HEADLINE, *PARAGRAPHS[:-1], f"{last} {credit}"]), settings)
    assert doc.paragraphs[-1].text == last
    assert any(r.reason == clean.GLUED_CREDIT and r.text == credit for r in doc.removals)


def test_capitals_at_the_end_of_a_short_line_are_not_a_credit(settings):
    doc = cleaned("\n".join([HEADLINE, *PARAGRAPHS, "Members voted to join NATO"]), settings)
    assert not any(r.reason == clean.GLUED_CREDIT for r in doc.removals)


def test_a_repeated_paragraph_appears_once(settings):
    doc = cleaned("\n".join([HEADLINE, *PARAGRAPHS, PARAGRAPHS[1]]), settings)
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    assert [r.reason for r in doc.removals if r.reason == clean.DUPLICATE] == [clean.DUPLICATE]


def test_a_run_on_copy_after_the_paragraphs_is_merged_and_keeps_its_extra_sentence(settings):
    extra = "A petition against the plan gathered 3,000 signatures."
    run_on = "".join([PARAGRAPHS[0], PARAGRAPHS[1], extra, PARAGRAPHS[2], PARAGRAPHS[3]])
    doc = cleaned("\n".join([HEADLINE, *PARAGRAPHS, run_on]), settings)
    assert [p.text for p in doc.paragraphs] == [*PARAGRAPHS[:2], extra, *PARAGRAPHS[2:]]
    assert any(r.reason == clean.RUN_ON_COPY for r in doc.removals)
    assert doc.notes == ("kept 1 sentence(s) found only in the run-on copy, in the place it gives them",)


def test_a_run_on_copy_before_the_paragraphs_is_merged_too(settings):
    lead = "CARDIFF, May 2: The long wait for a crossing is over."
    run_on = "".join([lead, *PARAGRAPHS])
    doc = cleaned("\n".join([HEADLINE, run_on, *PARAGRAPHS]), settings)
    assert [p.text for p in doc.paragraphs] == [lead, *PARAGRAPHS]


def test_the_data_file_is_extensible_and_the_report_names_the_reason(tmp_path):
    sponsor = "This story was produced in partnership with the Riverside Foundation."
    data = tmp_path / "data"
    data.mkdir()
    without = run_stages(article(sponsor), load_settings(ROOT, data), until="clean")
    assert sponsor in without.body_text  # a full sentence: kept until a contributor says otherwise
    (data / "boilerplate.yml").write_text(
        "boilerplate:\n  - {pattern: 'this story was produced in partnership with .{0,80}', reason: sponsor note}\n",
        encoding="utf-8",
    )
    doc = run_stages(article(sponsor), load_settings(ROOT, data), until="clean")
    assert sponsor not in doc.body_text
    report = json.loads(pipeline.report(doc))
    assert {"line": 5, "text": sponsor, "reason": "sponsor note"} in report["removed"]


def test_the_build_report_lists_every_removed_line(tmp_path, settings):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bridge.txt").write_text(article("Share this article"), encoding="utf-8")
    pipeline.normalize(raw, tmp_path / "out", settings)
    (report_path,) = (tmp_path / "out" / pipeline.REPORT_DIR).glob("*.json")
    removed = json.loads(report_path.read_text(encoding="utf-8"))["removed"]
    assert {"line": 5, "text": "Share this article", "reason": "share buttons"} in removed
    assert {"line": 1, "text": HEADLINE, "reason": clean.HEADLINE} in removed


# The seeds ----------------------------------------------------------------------------

SEED_LEFTOVERS = [
    "ARTICLE AD BOX",
    "[/caption]",
    "Read Entire Article",
    "Listen to this article",
    "Loading audio",
    "Nick Abbot 10pm",
    "No comments:",
    "5 months ago",
    "TYLER DURDEN",
    "REUTERS",
    "\ufffd",
]


def test_no_seed_article_shows_a_leftover(seed_docs):
    for name, doc in seed_docs.items():
        for leftover in SEED_LEFTOVERS:
            assert leftover not in doc.body_text, (name, leftover)
        assert doc.title not in [p.text for p in doc.paragraphs], name


def test_the_reuters_body_appears_once_with_the_lines_only_the_run_on_copy_had(seed_docs):
    doc = seed_docs["002_e6166dfe722375d4.txt"]
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("SEOUL, Sept 14: Whatever practical cooperation emerges")
    assert sum(t.startswith("Both Russia and North Korea have denied") for t in texts) == 1
    assert sum(t.startswith("Calling each other") for t in texts) == 1
    assert len(texts) == len(set(texts)) == 8
    assert texts[-1].endswith("he said.")


def test_the_sun_keeps_its_second_headline_as_a_crosshead(seed_docs):
    doc = seed_docs["001_94d984b6becfc067.txt"]
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert headings == ["Kim Jong-un made submissive Putin his ‘second banana’, expert says"]
    assert not any("Katie Davis" in p.text for p in doc.paragraphs)


def test_the_lbc_crossheads_are_headings(seed_docs):
    doc = seed_docs["004_cfe940b0310ddd85.txt"]
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert headings == [
        "Feeding a horse",
        "'Carpool Karaoke' drive",
        "Sharing 'pent up inmost thoughts'",
        "Exchanging gifts of dogs and paintings",
        "Waving goodbye",
    ]


# Unseen publishers --------------------------------------------------------------------

UNSEEN_LEFTOVERS = {
    "bbc_flood.txt": ["Skip to content", "Image source", "Image caption", "Advertisement", "Media caption", "Related"],
    "guardian_politics.txt": ["Share on", "Photograph:", "Sign up", "Privacy Notice", "newsletter promotion", "Reuse"],
    "ap_wildfire.txt": ["AP Photo", "Advertisement", "Copyright", "contributed to this report", "___"],
    "cnn_moon.txt": ["Link Copied", "minute read", "Sign up for", "continues below", "Updated"],
    "nyt_drones.txt": ["ADVERTISEMENT", "Supported by", "Reporting from", "June 3, 2024", "appears in print", "Share"],
    "dw_floods.txt": ["https://", "Image:", "picture alliance", "ab/wmr", "Firefighters used boats to rescue"],
    "aljazeera_truce.txt": ["News|Conflict", "Published On", "Save articles", "Source:"],
    "sky_election.txt": ["Jon Craig", "@joncraig", "trust Sky News", "Chrome", "1:23", "Read more", "What happens now"],
}
UNSEEN_KEPT = {
    "bbc_flood.txt": ['"We have never seen it come up this fast," said Margaret Hughes', "More rain is forecast"],
    "guardian_politics.txt": ["“the least we owe a generation locked out”", "One rebel MP said: “This is not"],
    "ap_wildfire.txt": ["VIÑA DEL MAR, Chile (AP) — A fast-moving wildfire", "“We grabbed the children and ran,”"],
    "cnn_moon.txt": ["(CNN) — A team of scientists", "NASA plans to land astronauts near the south pole"],
    "nyt_drones.txt": ["Kyiv has stepped up attacks", "“We are taking the war back to where it came from,”"],
    "dw_floods.txt": ["Heavy rain has caused rivers", '"The situation remains very tense,"'],
    "aljazeera_truce.txt": ["• Hamas will release 50 captives in stages.", "“This is a first step"],
    "sky_election.txt": ["The prime minister made the announcement", "Labour leader Sir Keir Starmer said"],
}


@pytest.mark.parametrize("name", sorted(UNSEEN_LEFTOVERS))
def test_unseen_articles_lose_their_leftovers_and_keep_their_text(name, settings):
    doc = run_stages((UNSEEN / name).read_bytes(), settings, until="clean")
    for leftover in UNSEEN_LEFTOVERS[name]:
        assert leftover not in doc.body_text, leftover
    for kept in UNSEEN_KEPT[name]:
        assert kept in doc.body_text, kept
    texts = [p.text for p in doc.paragraphs if p.kind == "text"]
    assert len(texts) == len(set(texts)) >= 5
    assert all(clean.is_prose(t) or t.startswith("•") for t in texts)


def test_an_html_page_is_read_as_its_visible_text_without_scripts(settings):
    raw = (
        "<html><head><title>ignored</title><script>alert('x')</script><style>p{}</style></head><body>"
        f"<h1>{HEADLINE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "<p>Share this article</p></body></html>"
    )
    doc = cleaned(raw, settings)
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    assert "alert" not in doc.text and "<" not in doc.body_text
    assert any("HTML" in note for note in doc.notes)
    assert {"share buttons", clean.HEADLINE} <= {r.reason for r in doc.removals}


def test_plain_text_that_mentions_a_tag_is_not_html(settings):
    doc = cleaned(article("The site's <p> tags were broken, the developer admitted in a long statement."), settings)
    assert not doc.notes


def test_text_without_spaces_is_story_text_too(settings):
    raw = (
        "プーチン大統領が平壌に到着\n\n"
        "プーチン大統領は19日未明、平壌の空港に到着し、金正恩総書記の出迎えを受けた。\n\n"
        "両首脳は同日、包括的戦略パートナーシップ条約に署名した。\n"
    )
    doc = cleaned(raw, settings)
    assert [p.text for p in doc.paragraphs] == raw.strip().split("\n\n")[1:]
    assert [r.reason for r in doc.removals] == [clean.HEADLINE]


# Unseen publishers, second set: each source has a .yml of what must go and what must stay.

ROUND2 = Path(__file__).parent / "data" / "unseen_round2"


def round2_expectations(name: str) -> dict:
    return yaml.safe_load((ROUND2 / f"{name}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(path.stem for path in ROUND2.glob("*.txt")))
def test_second_unseen_set_loses_its_leftovers_and_keeps_its_story(name, settings):
    expected = round2_expectations(name)
    doc = run_stages((ROUND2 / f"{name}.txt").read_bytes(), settings, until="clean")
    for leftover in expected["gone"]:
        assert leftover not in doc.body_text, leftover
    for kept in expected["kept"]:
        assert kept in doc.body_text, kept
    texts = [p.text for p in doc.paragraphs if p.kind == "text"]
    assert len(texts) == len(set(texts)) >= expected.get("min_paragraphs", 5)


WRAPPED_PARAGRAPHS = [
    "The city council voted on Tuesday to build a new footbridge across the river, ending a decade of argument "
    "over the crossing.",
    "Supporters said the bridge would cut journeys to the station by twenty minutes for thousands of residents.",
    "Opponents warned that the cost, estimated at 12 million pounds, could rise sharply before work begins.",
    "Construction is expected to start next spring and last about two years, the council said.",
]


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
@pytest.mark.parametrize("headline", ["Bridge approved after long debate", HEADLINE + " in the town hall on Tuesday"])
def test_a_hard_wrapped_text_is_joined_back_into_its_paragraphs(separator, headline, settings):
    # the second headline runs past the wrap width, as a headline may
    wrapped = separator.join(textwrap.fill(p, 72) for p in WRAPPED_PARAGRAPHS)
    doc = cleaned(f"{headline}\nBy Jane Doe\n{wrapped}\n", settings)
    assert [p.text for p in doc.paragraphs] == WRAPPED_PARAGRAPHS
    assert [r.reason for r in doc.removals] == [clean.HEADLINE, clean.BYLINE]


SHORT_PARAGRAPHS = [  # one-line paragraphs of nearly one length, as a hard wrap would leave lines
    "The city council voted on Tuesday to build a new footbridge.",
    "Supporters said the bridge would cut journeys to the station.",
    "Opponents warned that the cost could rise before work begins.",
    "Construction is expected to start next spring, officials said.",
    "The old ferry will keep running until the bridge has opened.",
]


@pytest.mark.parametrize("paragraphs", [PARAGRAPHS, SHORT_PARAGRAPHS])
def test_lines_of_one_paragraph_each_are_not_joined(paragraphs, settings):
    doc = cleaned("\n".join([HEADLINE, *paragraphs]), settings)
    assert [p.text for p in doc.paragraphs] == paragraphs


@pytest.mark.parametrize("marker", ["- ", "• ", "1. "])
def test_a_list_inside_the_story_stays_as_text(marker, settings):
    items = ["Refunds within seven business days", "Cash instead of vouchers", "A ban on seating fees"]
    raw = "\n".join([HEADLINE, PARAGRAPHS[0], "The new rules require:", *(marker + i for i in items), *PARAGRAPHS[1:]])
    doc = cleaned(raw, settings)
    assert [p.text for p in doc.paragraphs] == [
        PARAGRAPHS[0],
        "The new rules require:",
        *(marker + i for i in items),
        *PARAGRAPHS[1:],
    ]


def test_a_press_release_loses_its_about_section_and_what_follows_the_end_mark(settings):
    about = "Riverside Bridges builds footbridges for towns and cities across Europe. It was founded in 1990."
    raw = "\n".join([HEADLINE, *PARAGRAPHS, "About Riverside Bridges", about, "###", "Contact: press@example.com"])
    doc = cleaned(raw, settings)
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    reasons = {r.text: r.reason for r in doc.removals}
    assert reasons[about] == clean.ABOUT_SECTION
    assert reasons["###"] == clean.AFTER_END_MARK


def test_a_note_on_the_author_goes_but_a_sentence_about_someone_else_stays(settings):
    bio = "Jane Doe covers transport and city hall."
    other = "John Roe is a reporter who first revealed the overspend in the local paper."
    doc = cleaned("\n".join([HEADLINE, "By Jane Doe", bio, *PARAGRAPHS, other]), settings)
    assert bio not in doc.body_text
    assert other in doc.body_text
    assert {"text": bio, "reason": clean.AUTHOR_BIO} in [{"text": r.text, "reason": r.reason} for r in doc.removals]


def test_a_live_blog_loses_its_time_stamps_and_keeps_its_posts(settings):
    raw = "\n".join([HEADLINE, "14:32 GMT", PARAGRAPHS[0], "13:58 GMT", "Council leader speaks", *PARAGRAPHS[1:]])
    doc = cleaned(raw, settings)
    assert [p.text for p in doc.paragraphs if p.kind == "text"] == PARAGRAPHS
    assert "GMT" not in doc.body_text


def test_a_name_alone_over_the_date_line_is_a_byline_but_a_company_under_a_label_is_not(settings):
    standfirst = "Residents have waited a decade for a crossing that was first promised in 2014"
    doc = cleaned(
        "\n".join([HEADLINE, standfirst, "María Sosa Troya", "Cardiff - 05 mar 2024 - 15:45 CET", *PARAGRAPHS]),
        settings,
    )
    reasons = {r.text: r.reason for r in doc.removals}
    assert reasons["María Sosa Troya"] == clean.BYLINE
    assert reasons["Cardiff - 05 mar 2024 - 15:45 CET"] == clean.DATE_LINE
    doc = cleaned("\n".join([HEADLINE, "Jane Roe, Sam Doe", "Mar 5, 2024 - Local politics", *PARAGRAPHS]), settings)
    assert {r.text: r.reason for r in doc.removals}["Jane Roe, Sam Doe"] == clean.BYLINE
    doc = cleaned(
        "\n".join([HEADLINE, "News provided by", "Riverside Bridges", "05 Mar, 2024, 08:00 ET", *PARAGRAPHS]), settings
    )
    assert {r.text: r.reason for r in doc.removals}["Riverside Bridges"] != clean.BYLINE


def test_a_desk_line_with_a_stamped_date_is_a_date_line_not_a_standfirst(settings):
    line = "City News Desk / CITYNEWS.COM / Updated: Mar 05, 2024, 15:45 GMT"
    doc = cleaned("\n".join([HEADLINE, line, *PARAGRAPHS]), settings)
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    assert {r.text: r.reason for r in doc.removals}[line] == clean.DATE_LINE


def test_an_unpunctuated_standfirst_right_under_the_headline_is_story_text(settings):
    standfirst = "Residents have waited a decade for a crossing first promised in 2014"
    doc = cleaned("\n".join([HEADLINE, standfirst, "Jane Doe", "5 March 2024", *PARAGRAPHS]), settings)
    assert [p.text for p in doc.paragraphs] == [standfirst, *PARAGRAPHS]


def test_an_unmarked_list_under_a_colon_line_stays_but_linked_headlines_under_read_more_go(settings):
    items = ["The bridge will be built of steel", "Cyclists will get a separate lane", "Tolls will not be charged"]
    doc = cleaned("\n".join([HEADLINE, PARAGRAPHS[0], "Key points:", *items, *PARAGRAPHS[1:]]), settings)
    assert [p.text for p in doc.paragraphs] == [PARAGRAPHS[0], "Key points:", *items, *PARAGRAPHS[1:]]
    doc = cleaned("\n".join([HEADLINE, PARAGRAPHS[0], "Read more:", *items, *PARAGRAPHS[1:]]), settings)
    assert [p.text for p in doc.paragraphs if p.kind == "text"] == PARAGRAPHS


def test_a_bio_naming_a_known_publisher_goes_without_a_byline(settings):
    bio = "Jane Doe is a politics reporter for Reuters in London."
    doc = cleaned("\n".join([HEADLINE, *PARAGRAPHS, bio]), settings)
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    assert {r.text: r.reason for r in doc.removals}[bio] == clean.AUTHOR_BIO


# An HTML page's body comes from trafilatura, which already chose its main text: list items, table
# cells and lines of verse it kept stay, though as plain text the generic short-line rules drop them.
RECIPE_PAGE = """<!doctype html><html><head><title>Plum cake for a wet Sunday</title></head><body>
<nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav>
<article><h1>Plum cake for a wet Sunday</h1>
<p>This is the cake my grandmother baked every autumn when the plums in the garden were ripe and the
rain kept everyone indoors for the afternoon.</p>
<p>You will need the following, weighed out before you start, because the batter waits for nobody.</p>
<ul><li>500 g ripe plums</li><li>200 g soft butter</li><li>Three free-range eggs</li><li>A pinch of cinnamon</li></ul>
<p>Beat the butter with the sugar until pale, add the eggs one by one and fold in the flour gently.</p>
<p>Bake for forty minutes in a moderate oven and let it cool before you cut it into squares.</p>
</article><footer>Copyright 2025 Example Kitchen. All rights reserved.</footer></body></html>
"""


def test_a_page_extracted_by_trafilatura_keeps_the_short_lines_it_chose(settings):
    doc = run_stages(RECIPE_PAGE.encode("utf-8"), settings, until="clean")
    assert doc.extracted_by == "trafilatura"
    for item in ("500 g ripe plums", "200 g soft butter", "Three free-range eggs", "A pinch of cinnamon"):
        assert item in doc.body_text
    assert "Bake for forty minutes" in doc.body_text and "All rights reserved" not in doc.body_text


def test_the_same_short_lines_in_plain_text_are_judged_by_the_rules(settings):
    text = "Plum cake\n\n" + "\n".join(["Share", "Print", "Save"]) + "\n\n" + STORY_FOR_RULES
    doc = run_stages(text, settings, until="clean")
    assert doc.extracted_by == ""
    assert "Share" not in doc.body_text.split("\n")


STORY_FOR_RULES = (
    "This is the cake my grandmother baked every autumn when the plums in the garden were ripe and the rain "
    "kept everyone indoors.\n\nBeat the butter with the sugar until pale, add the eggs one by one and fold in "
    "the flour gently.\n"
)


def test_a_sentence_broken_over_a_blank_line_is_one_paragraph_but_a_lower_case_byline_is_not_joined(settings):
    raw = (
        "Council approves new harbour plan after long debate\n\n"
        "The council on Tuesday approved a plan for the harbour wall, ending a debate that\n\n"
        "ran for two years and split the town, the mayor's office said.\n\n"
        "Members voted eight to three after a long session in the town hall that evening.\n"
    )
    texts = [p.text for p in cleaned(raw, settings).paragraphs]
    assert "the harbour wall, ending a debate that ran for two years" in texts[0]
    byline = "Harbour plan splits the town as the council votes on it\n\nby Jane Doe, Senior Local Reporter\n\n"
    doc = cleaned(byline + raw, settings)
    assert not any("Jane Doe" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize(
    "furniture",
    [
        "Schreibe einen Kommentar Antworten abbrechen",
        "Post a Comment",
        "RIVERTOWN-Newsletter",
        "Vorschau auf den nächsten Artikel",
    ],
)
def test_comment_prompts_newsletter_labels_and_article_links_in_several_languages_are_furniture(furniture, settings):
    doc = cleaned(article(furniture), settings)
    assert furniture not in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize("label", ["Find out more", "Mehr erfahren", "En savoir plus >"])
def test_a_promo_blurb_over_a_bare_call_to_action_goes_with_it(label, settings):
    blurb = "Our weekly newsletter brings the best of the riverside to your inbox every Friday morning."
    body = cleaned(article("Sign up to our newsletter\n" + blurb + "\n" + label), settings).body_text
    assert blurb not in body
    assert label not in body
    assert all(paragraph in body for paragraph in PARAGRAPHS)


def test_a_story_paragraph_over_a_related_link_label_stays(settings):
    # "Read more" sits under story paragraphs as often as under promos on real pages: no teaser cue.
    body = cleaned(article("Read more", position=3), settings).body_text
    assert all(paragraph in body for paragraph in PARAGRAPHS)


def test_the_short_paragraph_under_a_headline_is_the_standfirst_and_a_menu_is_not(settings):
    story = (
        "The council voted on Tuesday to build a new sea wall along the eastern quay of the harbour.\n\n"
        "Work starts in spring and should take two years, the council's engineer told the meeting.\n"
    )
    deck = "The premier defends her record as a political underdog but the MPs remain unconvinced"
    headline = "Harbour council backs new sea wall\n\n"
    assert cleaned(headline + deck + "\n\n" + story, settings).standfirst == 1
    menu = "Kalender Ergebnisse Gesamtstände News Biathleten Live Videos Tickets Shop Kontakt"
    assert cleaned(headline + menu + "\n\n" + story, settings).standfirst == 0
    assert cleaned(story, settings).standfirst == 0  # no headline: the opening is only the lede
