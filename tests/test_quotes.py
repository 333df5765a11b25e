"""Quote extraction and speaker attribution: small cases of news prose, the seeds, unseen articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import pipeline, quotes, sentences
from generator.config import load_settings
from generator.document import Document, Paragraph, Quote
from tests.conftest import ROOT

UNSEEN = Path(__file__).parent / "data" / "unseen_summaries"
# Written and annotated before the generator was run on them; rules were fixed on them afterwards.
HELD_OUT = Path(__file__).parent / "data" / "unseen_round2_quotes"


def extract(*paragraphs: str, settings, kind: str = "article") -> list[Quote]:
    """Quotes of an article made of ``paragraphs`` (a paragraph starting ``## `` is a crosshead)."""
    blocks = tuple(Paragraph(p[3:], "heading") if p.startswith("## ") else Paragraph(p) for p in paragraphs)
    doc = Document(source="test.txt", source_sha256="0", kind=kind, paragraphs=blocks)
    return list(quotes.extract(sentences.run(doc, settings), settings))


def speakers(*paragraphs: str, settings) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract(*paragraphs, settings=settings)]


# -- finding the quotations ---------------------------------------------------------------


def test_straight_and_curly_marks(settings):
    found = extract('He said "first words" and “second words” today.', settings=settings)
    assert [q.text for q in found] == ["first words", "second words"]


def test_trailing_comma_is_trimmed_and_the_text_stays_verbatim(settings):
    text = '"We will not back down," said Maria Lopez.'
    [quote] = extract(text, settings=settings)
    assert quote.text == "We will not back down"
    assert quote.text in text


def test_apostrophes_are_not_quotation_marks(settings):
    assert extract("Kim Jong-un’s car and the leaders’ summit didn't stop Russia's plans.", settings=settings) == []


def test_single_quotes_count_in_a_paragraph_without_double_quotes(settings):
    found = extract("The minister called the plan ‘a disgrace’ on Monday.", settings=settings)
    assert [q.text for q in found] == ["a disgrace"]


def test_a_quote_in_a_crosshead_is_not_extracted(settings):
    assert (
        extract(
            "## Sharing 'pent up inmost thoughts'", "The pair met on Monday in the capital city.", settings=settings
        )
        == []
    )


def test_quoted_paragraph_left_open_continues_in_the_next(settings):
    found = extract(
        "Professor Jane Hill said: “The first part of what I think is this.",
        "“And the second part of it is that.”",
        settings=settings,
    )
    assert [(q.text, q.speaker) for q in found] == [
        ("The first part of what I think is this.", "Jane Hill"),
        ("And the second part of it is that.", "Jane Hill"),
    ]


# -- reporting verbs before and after ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"We will not back down," said Maria Lopez.',
        '"We will not back down," Maria Lopez said.',
        'Maria Lopez said: "We will not back down."',
        'Maria Lopez told reporters: "We will not back down."',
        'Maria Lopez said that "we will not back down".',
        '"We will not back down," Maria Lopez told the Courier.',
        '"We will not back down," Maria Lopez added.',
        '"We will not back down," explained Maria Lopez.',
        'Maria Lopez wrote in a blog post that the union would "not back down".',
        '"We will not back down," Maria Lopez, 52, said.',
    ],
)
def test_reporting_verb_before_or_after_the_quote(text, settings):
    [quote] = extract(text, settings=settings)
    assert quote.speaker == "Maria Lopez"


def test_role_after_the_speaker(settings):
    [quote] = extract('"Talks have failed," said Maria Lopez, a spokeswoman for the Teachers Union.', settings=settings)
    assert (quote.speaker, quote.role) == ("Maria Lopez", "spokeswoman for the Teachers Union")


def test_role_of_an_institution(settings):
    [quote] = extract('"It is a warning," said Ana Ruiz, of the Center for Strategic Studies.', settings=settings)
    assert (quote.speaker, quote.role) == ("Ana Ruiz", "Center for Strategic Studies")


def test_title_before_the_name_is_the_role(settings):
    [quote] = extract('Finance Minister Anna Berg said "inflation is falling".', settings=settings)
    assert (quote.speaker, quote.role) == ("Anna Berg", "Finance Minister")


def test_role_before_the_name_in_an_appositive(settings):
    [quote] = extract(
        'The company\'s chief executive, Sam Patel, wrote that the rules were "unworkable".', settings=settings
    )
    assert quote.speaker == "Sam Patel"
    assert "chief executive" in quote.role


def test_role_whose_closing_comma_was_left_out(settings):
    [quote] = extract(
        "Alex Potteiger, Area Operations Manager and an Atlanta native said, “This area is so diverse.”",
        settings=settings,
    )
    assert (quote.speaker, quote.role) == ("Alex Potteiger", "Area Operations Manager and an Atlanta native")


def test_a_place_before_the_comma_is_not_a_speaker(settings):
    [quote] = extract("In New York, the chief executive said, “It is fine.”", settings=settings)
    assert quote.speaker is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Queensland Police say they are “absolutely committed” to the work.", "Queensland Police"),
        ("The Washington Post said “it will appeal” the ruling.", "Washington Post"),
        ("Police said “it was a tragedy” for all.", None),
    ],
)
def test_a_capitalised_body_is_named_where_its_head_alone_is_nobody(text, speaker, settings):
    [quote] = extract(text, settings=settings)
    assert quote.speaker == speaker


def test_a_quoted_paragraph_goes_on_with_the_speaker_the_paragraph_before_reported(settings):
    found = speakers(
        "In an editorial, the Lancet said Mr Bolsonaro’s disregard for lockdown is sowing confusion.",
        "“The challenge is ultimately political, requiring engagement by society as a whole.”",
        settings=settings,
    )
    assert found == [("The challenge is ultimately political, requiring engagement by society as a whole.", "Lancet")]


def test_a_quoted_paragraph_after_reported_speech_with_more_text_is_not_inherited(settings):
    found = speakers(
        "In an editorial, the Lancet said Mr Bolsonaro’s disregard for lockdown is sowing confusion.",
        "Critics disagree. “The challenge is ultimately political,” one wrote.",
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == [None]


def test_person_with_an_organisation(settings):
    [quote] = extract(
        'Al Jazeera’s Rob McBride said the leaders wanted "to put on a united face to the world".', settings=settings
    )
    assert (quote.speaker, quote.role) == ("Rob McBride", "Al Jazeera")


def test_possessive_of_a_plural_owner(settings):
    [quote] = extract('Reuters’ Jane Doe reported that the talks had "collapsed".', settings=settings)
    assert (quote.speaker, quote.role) == ("Jane Doe", "Reuters")


def test_according_to(settings):
    [quote] = extract('According to Maria Lopez, the deal was "dead in the water".', settings=settings)
    assert quote.speaker == "Maria Lopez"


def test_passive_said_to_names_no_speaker(settings):
    [quote] = extract('Putin and Kim are said to have shared their "pent-up inmost thoughts".', settings=settings)
    assert quote.speaker is None


def test_two_subjects_name_no_speaker(settings):
    [quote] = extract('Kim and Putin described the pact as a "major upgrade" of relations.', settings=settings)
    assert quote.speaker is None


# -- pronouns, epithets, surnames ----------------------------------------------------------


def test_pronoun_resolves_to_the_person_just_named(settings):
    found = speakers(
        "Finance Minister Anna Berg spoke in parliament on Tuesday.",
        '"Inflation is falling," she said.',
        settings=settings,
    )
    assert found == [("Inflation is falling", "Anna Berg")]


def test_pronoun_after_an_inverted_attribution(settings):
    found = speakers(
        "The leaders did not have to meet in person, said Leif Easton, a professor at Hanla University.",
        '"It was a diplomatic display," he said.',
        settings=settings,
    )
    assert found == [("It was a diplomatic display", "Leif Easton")]


def test_pronoun_follows_the_subject_not_the_last_name_mentioned(settings):
    found = speakers(
        "Jonas Berg scored twice against Leeds United on Sunday.",
        "He thanked the coach after the match, his first since the club was sold.",
        '"It was the best day of my life," he said.',
        settings=settings,
    )
    assert found == [("It was the best day of my life", "Jonas Berg")]


@pytest.mark.parametrize(
    "paragraphs",
    [
        (
            "Jonas Berg scored twice on Sunday.",
            "He thanked the coach, Tomas Wilk, after the match.",
            '"It was the best day of my life," he said.',
        ),
        (
            "Gillian Marsh met residents on Monday.",
            "She was joined by Helen Pryce, who chairs the action group.",
            '"We were promised walls," she said.',
        ),
    ],
)
def test_pronoun_after_someone_new_is_named_is_none(paragraphs, settings):
    # Readers split between the two people, so the pronoun names nobody rather than maybe the wrong one.
    assert [speaker for _text, speaker in speakers(*paragraphs, settings=settings)] == [None]


def test_pronoun_after_an_unnamed_speaker_is_none(settings):
    found = speakers(
        "A Kremlin aide said the tea set was “very beautiful”.",
        "He said Putin also received “very good presents”.",
        settings=settings,
    )
    assert found == [("very beautiful", None), ("very good presents", None)]


def test_epithet_with_a_nationality_resolves_to_the_person_who_fits(settings):
    found = speakers(
        "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang.",
        "“The agreement provides for mutual assistance in the event of aggression,” the Russian despot explained.",
        "And the North Korea dictator said “the friendship will be strengthened”.",
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == ["Vladimir Putin", "Kim Jong Un"]


def test_epithet_with_a_title_word(settings):
    found = speakers(
        "Chancellor Olaf Weber met Finance Minister Anna Berg on Friday.",
        '"Talks went well," the chancellor said.',
        settings=settings,
    )
    assert found == [("Talks went well", "Olaf Weber")]


def test_age_epithet_resolves_to_the_subject(settings):
    found = speakers(
        "Jonas Berg came on after an hour and scored the winner.",
        '"I have dreamed about this since I was a kid," said the 22-year-old.',
        settings=settings,
    )
    assert found == [("I have dreamed about this since I was a kid", "Jonas Berg")]


def test_nationality_noun_falls_back_to_the_person_the_text_is_about(settings):
    found = speakers(
        'Their manager, Tomasz Wilk, refused to blame his players. "We gave everything," the Pole told reporters.',
        settings=settings,
    )
    assert found == [("We gave everything", "Tomasz Wilk")]


def test_lone_surname_resolves_to_the_nearest_earlier_full_name(settings):
    found = speakers(
        "Duyeon Kim, an analyst, spoke after Kim Jong Un arrived in Moscow.",
        'Kim said the visit was "a show of defiance".',
        settings=settings,
    )
    assert found == [("a show of defiance", "Kim Jong Un")]
    found = speakers(
        "Kim Jong Un arrived in Moscow, where the analyst Duyeon Kim was waiting.",
        'Kim said the visit was "a show of defiance".',
        settings=settings,
    )
    assert found == [("a show of defiance", "Duyeon Kim")]


def test_speaker_names_are_canonical(settings):
    found = speakers(
        'Kim Jong-un said "relations are entering a new era".',
        'Putin added that "Russia does not rule it out".',
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == ["Kim Jong Un", "Vladimir Putin"]


# -- continuation --------------------------------------------------------------------------


def test_unattributed_quoted_paragraph_after_a_quoted_paragraph_keeps_its_speaker(settings):
    found = speakers(
        '"Both would gain from a transactional bargain and a show of strength," said Duyeon Kim, of the Center.',
        '"Kim would also be signalling to Washington that Russia has his back."',
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == ["Duyeon Kim", "Duyeon Kim"]


def test_second_quote_in_a_paragraph_keeps_the_speaker(settings):
    found = speakers(
        '"It was a show of strength," he observed. "It has all culminated in a new deal."', settings=settings
    )
    assert found[0][1] == found[1][1]
    found = speakers('"We will win," said Maria Lopez, a union leader. "Nobody can stop us now."', settings=settings)
    assert [speaker for _text, speaker in found] == ["Maria Lopez", "Maria Lopez"]


def test_no_continuation_when_someone_else_is_named_in_between(settings):
    found = speakers('"We will win," said Maria Lopez. Then John Smith spoke. "Not so fast."', settings=settings)
    assert found == [("We will win", "Maria Lopez"), ("Not so fast.", None)]


def test_no_continuation_across_an_unquoted_paragraph(settings):
    found = speakers(
        '"We will win this dispute in the end," said Maria Lopez.',
        "The company declined to comment on the talks.",
        '"Nobody wants a strike."',
        settings=settings,
    )
    assert found[1] == ("Nobody wants a strike.", None)


# -- organisations and unnamed speakers ----------------------------------------------------


def test_organisation_speakers(settings):
    found = speakers(
        'The Korean Central News Agency said "the top leaders exchanged their pent-up inmost thoughts".',
        'The two shared "pent-up inmost thoughts" on the ride, North Korean state media said.',
        'But the BBC is calling it an "ominously ambiguous commitment".',
        'As AP described: "Kim met Putin at the airport, where the two shook hands."',
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == ["KCNA", "KCNA", "BBC", "AP"]


def test_the_union_resolves_to_the_union_named_earlier(settings):
    found = speakers(
        "The Kellerby Dockworkers Union said 640 members had joined the strike.",
        'The union said in a statement that it was "ready to talk at any hour".',
        settings=settings,
    )
    assert found == [("ready to talk at any hour", "Kellerby Dockworkers Union")]


@pytest.mark.parametrize(
    "text",
    [
        '"Nobody expected this," one analyst said.',
        '"Nobody expected this," analysts said.',
        'Police said the suspect was "armed and dangerous".',
        '"We strongly disagree," a company spokesperson said in a statement.',
        "DOMINANT Kim Jong-un made Putin his “second banana”, an expert said.",
        '"The talks are over," the minister told reporters.',
        '"We are taking the war back," a senior Ukrainian security official said.',
        'Rebels said the amendment was "the least we owe a generation".',
    ],
)
def test_unnamed_speakers_are_none(text, settings):
    assert [q.speaker for q in extract(text, settings=settings)] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "They signed a chilling new “aggression” pact to rival Nato.",
        'Calling each other "comrade", the men toasted their friendship.',
        '"I have nothing to add."',
    ],
)
def test_no_attribution_gives_none(text, settings):
    assert [q.speaker for q in extract(text, settings=settings)] == [None]


# -- role words around a name --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ('"He works harder than anyone," manager Steve Rourke said.', "Steve Rourke", "manager"),
        ('"This is hard," chief executive Olivia Brandt wrote in the memo.', "Olivia Brandt", "chief executive"),
        ('Porto Azul president Rui Marques said: "We did not need to sell."', "Rui Marques", "Porto Azul president"),
        ('Councillor Gillian Marsh said the council had "done everything".', "Gillian Marsh", "Councillor"),
        ('Independent MP Rebecca Tan said it was "not credible".', "Rebecca Tan", "Independent MP"),
        ('Union Agriculture Minister Suresh Patil said it was "under watch".', "Suresh Patil", None),
        ('IMD scientist Dr Kavita Rao noted that late rains were "not unusual".', "Kavita Rao", "IMD scientist"),
        ('Eoin Walsh TD said the plan was "too little, too late".', "Eoin Walsh", None),
    ],
)
def test_role_words_before_a_name_are_not_part_of_it(text, speaker, role, settings):
    [quote] = extract(text, settings=settings)
    assert quote.speaker == speaker
    if role:
        assert quote.role == role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ('Outside court, the trust\'s chair, Sarah Hutchins, said it had been "through hell".', "trust's chair"),
        ('Its chief executive, Declan Furlong, said it was "a long overdue step".', "chief executive"),
    ],
)
def test_role_before_a_name_in_commas_is_only_the_role(text, role, settings):
    [quote] = extract(text, settings=settings)
    assert quote.role == role


def test_a_clause_going_on_after_the_quote_is_not_its_attribution(settings):
    [quote] = extract(
        'Bridget Holloway said phones were "a constant distraction" and that teachers had told her so.',
        settings=settings,
    )
    assert quote.speaker == "Bridget Holloway"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Shalini Rao opined that the deadline was "realistic and achievable".', "Shalini Rao"),
        ('K. Venkatesh submitted that land was pending. "The delay is not ours," he averred.', "K. Venkatesh"),
    ],
)
def test_formal_reporting_verbs_and_initials(text, speaker, settings):
    assert [q.speaker for q in extract(text, settings=settings)] == [speaker]


def test_an_age_and_a_clause_after_a_name_are_not_a_role(settings):
    [quote] = extract('"We grabbed the children and ran," said Rosa Munoz, 54, who lost her home.', settings=settings)
    assert (quote.speaker, quote.role) == ("Rosa Munoz", None)


@pytest.mark.parametrize("name", ["Liam Donnelly", "Emily Connolly", "Ann Kelly"])
def test_a_name_ending_in_ly_is_not_an_adverb(name, settings):
    [quote] = extract(f'"The tone was dovish," said {name}, chief economist at Harbourside Bank.', settings=settings)
    assert quote.speaker == name


@pytest.mark.parametrize(
    "text",
    [
        'Evacuee Greg Hollis, 67, said: "Forty years in that house."',
        'Sheriff Greg Hollis said: "Forty years in that house."',
        'Forecaster Greg Hollis said it was "dangerously low".',
        'Petitioner Greg Hollis said commuters spent "three hours a day in traffic".',
    ],
)
def test_a_capitalised_role_at_the_start_of_a_sentence_is_not_a_first_name(text, settings):
    assert [q.speaker for q in extract(text, settings=settings)] == ["Greg Hollis"]


def test_a_role_word_added_to_the_vocabulary_file_is_cut_off_the_name(tmp_path, settings):
    text = 'Lifeguard Greg Hollis, 67, said: "Forty years in that house."'
    assert [q.speaker for q in extract(text, settings=settings)] == ["Lifeguard Greg Hollis"]
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    (data / "vocabulary.yml").write_text("title_words: [lifeguard]\n", encoding="utf-8")
    extended = load_settings(ROOT, data)
    assert [q.speaker for q in extract(text, settings=extended)] == ["Greg Hollis"]
    # added to the packaged words, not instead of them
    evacuee = 'Evacuee Greg Hollis, 67, said: "Forty years in that house."'
    assert [q.speaker for q in extract(evacuee, settings=extended)] == ["Greg Hollis"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Bank of England Governor Andrew Bailey said rates were "about right".', "Andrew Bailey"),
        ('The New York Times reporter Jane Doe wrote that it was "a rout".', "Jane Doe"),
        ('Minister for Foreign Affairs Simon Harris said it was "unworkable".', "Simon Harris"),
        ('The summit with Kim Jong Un said it all, a "historic" day.', None),
    ],
)
def test_role_words_before_a_name_are_a_role_and_nothing_else_is(text, speaker, settings):
    assert [q.speaker for q in extract(text, settings=settings)] == [speaker]


def test_person_of_an_organisation_with_a_title(settings):
    [quote] = extract(
        'Detective Sergeant Owen Price of Hampshire Police, who led the investigation, said: "It was calculated."',
        settings=settings,
    )
    assert (quote.speaker, quote.role) == ("Owen Price", "Detective Sergeant, Hampshire Police")


def test_an_aside_between_the_name_and_the_verb(settings):
    found = speakers(
        "Mele Tupou led the walkout.",
        'Tupou, asked whether they would return on Friday, replied: "That depends on what is on the table."',
        settings=settings,
    )
    assert found == [("That depends on what is on the table.", "Mele Tupou")]


def test_now_a_role_after_the_name(settings):
    [quote] = extract('Danny Wells, now a pundit, called the fee "mad money".', settings=settings)
    assert (quote.speaker, quote.role) == ("Danny Wells", "pundit")


def test_a_quoted_question_and_its_attribution(settings):
    found = speakers(
        "Planetary geologist Ravi Menon was not involved in the mission.",
        '"Is it clay, or is it space weathering that mimics clay?" Menon asked.',
        settings=settings,
    )
    assert found == [("Is it clay, or is it space weathering that mimics clay?", "Ravi Menon")]


def test_an_age_makes_a_person_of_a_name_that_looks_like_a_place(settings):
    found = speakers(
        "Linda Park, 54, a home health aide, said she would pay more.",
        '"I already skip lunch some days," Park said.',
        settings=settings,
    )
    assert found == [("I already skip lunch some days", "Linda Park")]


def test_a_company_named_like_a_person_is_not_the_he_of_the_next_sentence(settings):
    found = speakers(
        "Velora Motors is recalling 310,000 cars.",
        "Velora's head of quality, Tobias Lindgren, rejected that. "
        'Speaking by phone, he said the company had acted "the week the first credible report arrived".',
        settings=settings,
    )
    assert found == [("the week the first credible report arrived", "Tobias Lindgren")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'A spokesperson for Kingsmere Hospitals NHS Trust said: "We accept the findings."',
            "Kingsmere Hospitals NHS Trust",
        ),
        (
            'The Department of Health and Social Care said it expected "rapid improvement".',
            "Department of Health and Social Care",
        ),
        (
            'The Irish Property Owners\' Association said it was "deeply disappointed".',
            "Irish Property Owners' Association",
        ),
        ('Residents of Ashby Vale said the defences were "not fit for purpose".', None),
    ],
)
def test_organisations_and_groups(text, speaker, settings):
    assert [q.speaker for q in extract(text, settings=settings)] == [speaker]


@pytest.mark.parametrize("document", ["filing", "memo", "letter", "ruling"])
def test_a_document_is_not_the_person_the_text_is_about(document, settings):
    found = speakers(
        "Olivia Brandt wrote to staff on Wednesday.",
        f'"We expect to record restructuring charges of about $85 million," the {document} said.',
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == [None]


# -- callouts ------------------------------------------------------------------------------


def test_scare_quotes_are_not_callouts_and_attributed_sentences_are(settings):
    found = extract(
        'Putin called it a "breakthrough document" on Wednesday.',
        '"This agreement takes our relations to a new level and opens a new era," said Vladimir Putin.',
        '"Some say that this was a friendly and productive meeting between old allies."',
        settings=settings,
    )
    by_text = {q.text: q for q in found}
    assert not by_text["breakthrough document"].callout
    assert by_text["This agreement takes our relations to a new level and opens a new era"].callout


def test_at_most_three_callouts(settings):
    paragraphs = [f'"This is full sentence number {n} of the quotes of this test," said Maria Lopez.' for n in range(6)]
    assert sum(q.callout for q in extract(*paragraphs, settings=settings)) <= 3


def test_a_transcript_with_no_speaker_labels_has_no_quotes(seed_docs):
    doc = seed_docs["000_0982db6d20d8ea7a.txt"]
    assert doc.kind == "transcript"
    assert doc.quotes == ()  # no quotation marks, no named turn: every sentence is just the text


def test_a_transcript_quotes_only_the_turns_a_label_names(settings):
    turns = (
        "JANE SMITH: The council has decided that the new bridge will be built across the river next spring.",
        "HOST: What do people in the town really think about the plan to build the bridge across the river?",
        "Speaker 2: Nobody I have spoken to in the town believes the bridge will ever be finished on time.",
        "TOM BAKER: Most of the people I have spoken to are pleased because the ferry has been unreliable for years.",
    )
    found = extract(*turns, settings=settings, kind="transcript")
    assert {(q.speaker, q.text.split()[0]) for q in found} == {("Jane Smith", "The"), ("Tom Baker", "Most")}
    assert all(q.text in turns[q.paragraph] for q in found)
    assert extract(*(t.split(": ", 1)[1] for t in turns), settings=settings, kind="transcript") == []


# -- the seeds -----------------------------------------------------------------------------


def _speaker_of(doc: Document, start: str) -> Quote:
    matches = [q for q in doc.quotes if q.text.lower().startswith(start.lower())]
    assert matches, f"no quote starting {start!r} in {doc.source}: {[q.text for q in doc.quotes]}"
    return matches[0]


@pytest.mark.parametrize(
    ("source", "start", "speaker", "role_has"),
    [
        (
            "002_e6166dfe722375d4.txt",
            "Putin and Kim would both gain",
            "Duyeon Kim",
            "Center for a New American Security",
        ),
        (
            "002_e6166dfe722375d4.txt",
            "Kim would also be signalling",
            "Duyeon Kim",
            "Center for a New American Security",
        ),
        ("002_e6166dfe722375d4.txt", "Putin and Kim's diplomatic display", "Leif-Eric Easley", "Ewha University"),
        ("001_94d984b6becfc067.txt", "The comprehensive partnership agreement signed today", "Vladimir Putin", None),
        ("001_94d984b6becfc067.txt", "What looks like a friendly welcome", "Erik Bucy", None),
        ("001_94d984b6becfc067.txt", "As the two leaders approach the limo", "Erik Bucy", None),
        ("001_94d984b6becfc067.txt", "This cringe moment", "Erik Bucy", None),
        ("001_94d984b6becfc067.txt", "It had to be incredibly awkward", "Erik Bucy", None),
        ("001_94d984b6becfc067.txt", "relations between our countries", "Kim Jong Un", None),
        ("001_94d984b6becfc067.txt", "the ardent friendship", "Kim Jong Un", None),
        ("001_94d984b6becfc067.txt", "pent-up inmost thoughts", "KCNA", None),
        ("003_6abceb5128f33f3d.txt", "It was a show of strength", "Rob McBride", "Al Jazeera"),
        ("003_6abceb5128f33f3d.txt", "It has all culminated", "Rob McBride", "Al Jazeera"),
        ("003_6abceb5128f33f3d.txt", "breakthrough document", "Vladimir Putin", None),
        ("003_6abceb5128f33f3d.txt", "ominously ambiguous commitment", "BBC", None),
        ("004_cfe940b0310ddd85.txt", "the top leaders exchanged their pent-up inmost thoughts", "KCNA", None),
        ("004_cfe940b0310ddd85.txt", "opened their minds", "KCNA", None),
        ("004_cfe940b0310ddd85.txt", "very good presents", None, None),
    ],
)
def test_seed_speakers(seed_docs, source, start, speaker, role_has):
    quote = _speaker_of(seed_docs[source], start)
    assert quote.speaker == speaker
    if role_has:
        assert role_has in (quote.role or "")


def test_seed_callouts(seed_docs):
    for name, doc in seed_docs.items():
        callouts = [q for q in doc.quotes if q.callout]
        assert len(callouts) <= 3, name
        if doc.kind != "transcript":  # the transcript names no speaker: no callout (see above)
            assert callouts, name
            assert all(len(q.text.split()) >= 8 for q in callouts), name
            assert any(q.speaker for q in callouts), name


# -- unseen articles -----------------------------------------------------------------------


def _unseen_results(settings, folder: Path = UNSEEN) -> tuple[int, int, int, int, list[str]]:
    """(attributed, right, wrong, total) over the hand-annotated quotes of the articles in ``folder``.

    A gold speaker may be a list of names that are all right ("Velora Motors" or "Velora").
    """
    attributed = right = wrong = total = 0
    problems = []
    for path in sorted(folder.glob("*.txt")):
        doc = pipeline.process(path, settings)
        for gold in yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))["quotes"]:
            total += 1
            wanted = gold["speaker"] if isinstance(gold["speaker"], list) else [gold["speaker"]]
            quote = next((q for q in doc.quotes if q.text.lower().startswith(gold["text"].lower())), None)
            got = quote.speaker if quote else "(not found)"
            if gold["speaker"] is not None:
                attributed += 1
                right += got in wanted
            if got is not None and got not in wanted:
                wrong += 1
            if got not in wanted:
                problems.append(f"{path.name}: {gold['text']!r}: {got!r}, want {gold['speaker']!r}")
    return attributed, right, wrong, total, problems


def test_unseen_articles_speakers_mostly_right_and_almost_never_wrong(settings):
    attributed, right, wrong, total, problems = _unseen_results(settings)
    assert attributed >= 20
    assert right >= 0.75 * attributed, problems
    assert wrong <= max(1, total // 20), problems


def test_held_out_articles_speakers_mostly_right_and_rarely_wrong(settings):
    # Measured when the set was written, before any fix: 59/103 right, 19/114 wrong.
    attributed, right, wrong, total, problems = _unseen_results(settings, HELD_OUT)
    assert attributed >= 100
    assert right >= 0.85 * attributed, problems
    assert wrong <= total // 50, problems


def test_every_quote_is_verbatim_in_its_paragraph(settings, seed_docs):
    paths = sorted(UNSEEN.glob("*.txt")) + sorted(HELD_OUT.glob("*.txt"))
    docs = list(seed_docs.values()) + [pipeline.process(p, settings) for p in paths]
    for doc in docs:
        for quote in doc.quotes:
            assert quote.text in doc.paragraphs[quote.paragraph].text, (doc.source, quote.text)


# -- shapes learned from real US and UK news (texts written here, not taken from any corpus) --------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("''We will not stop here,'' said Mayor Lena Ortiz.", "We will not stop here"),
        ("„Wir bleiben hier“, sagte Anna Berg.", "Wir bleiben hier"),
        ("« Nous resterons », a déclaré Paul Martin.", " Nous resterons "),
        ("»Wir bleiben«, sagte sie.", "Wir bleiben"),
        ("「私たちは残る」と彼は言った。", "私たちは残る"),
        ("Sie sagte: ‚Nie wieder‘ und ging.", "Nie wieder"),
        ("The mayor called it ‘a disgrace’ on Monday.", "a disgrace"),
    ],
)
def test_every_quotation_style(text, quoted, settings):
    assert [q.text.strip() for q in extract(text, settings=settings)][:1] == [quoted.strip()]


def test_doubled_apostrophes_keep_the_speaker_of_the_next_sentence(settings):
    found = speakers("''We will not stop here,'' said Mayor Lena Ortiz. ''This is only the start.''", settings=settings)
    assert found == [("We will not stop here", "Lena Ortiz"), ("This is only the start.", "Lena Ortiz")]


def test_a_short_rank_resolves_to_the_full_name_given_earlier(settings):
    found = speakers(
        "Detective Inspector Martin Thorpe said the search would go on overnight.",
        "“We are keeping an open mind,” DI Thorpe said.",
        settings=settings,
    )
    assert found == [("We are keeping an open mind", "Martin Thorpe")]


@pytest.mark.parametrize("short", ["Cr", "Cllr"])
def test_a_councillor_written_short_is_the_mayor_named_earlier(short, settings):
    # The shape of a real Australian regional report: "Mayor" in full first, then "Cr" for Councillor.
    found = speakers(
        "Port Alder Mayor Jo Kemp urged residents to save water over the summer.",
        f"“The dams are lower than we would like,” {short} Kemp said.",
        settings=settings,
    )
    assert found == [("The dams are lower than we would like", "Jo Kemp")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a fragment in a sentence whose subject is said to speak
        ("Lena Ortiz spent the morning at the docks, telling the crowd it was “good for every family.”", "Lena Ortiz"),
        ("Olaf Weber pointed to the figures, noting that exports had “never been stronger.”", "Olaf Weber"),
        # a party affiliation between the name and the verb
        ("Senator Ruth Calder (D-Vt.) told reporters the bill “will pass this week.”", "Ruth Calder"),
        ("“It will pass,” Senator Ruth Calder, D-Vt., said.", "Ruth Calder"),
        # an introductory phrase, then the subject, then a colon
        ("Speaking in Dover, Delaware, Ruth Calder went further: “Nobody can stop it now.”", "Ruth Calder"),
        # "U.S." does not end the sentence between the verb and the quote
        ("Ruth Calder said the U.S. approach was “a failure of nerve.”", "Ruth Calder"),
        # a reporting verb from the data file
        ("“Get out of here,” Ruth Calder barked.", "Ruth Calder"),
    ],
)
def test_the_sentence_names_who_said_it(text, speaker, settings):
    assert [q.speaker for q in extract(text, settings=settings)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "About four in 10 said they were “angry” with the government.",
        "Top Weber aides said the plan was “dead on arrival.”",
        "Ruth Calder said Olaf Weber had called it “a disgrace.”",
        "Voters in Dover said the plan was “a disgrace.”",
    ],
)
def test_unclear_fragments_stay_unattributed(text, settings):
    assert [q.speaker for q in extract(text, settings=settings)] in ([None], ["Olaf Weber"])  # never Calder


def test_someone_else_named_before_the_verb_is_not_the_subject(settings):
    found = extract("Ruth Calder said Olaf Weber had called it “a disgrace.”", settings=settings)
    assert [q.speaker for q in found] != ["Ruth Calder"]


def test_a_paragraph_introduced_with_a_colon_is_its_speakers(settings):
    found = speakers("Olaf Weber argued that:", "“Nobody wins a trade war.”", settings=settings)
    assert found == [("Nobody wins a trade war.", "Olaf Weber")]


def test_a_paragraph_that_is_only_a_quotation_continues_the_speaker_before(settings):
    found = speakers(
        "Her neighbours call the plan “a lifeline,” Lena Ortiz said as she left.",
        "“And we will make it work.”",
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == ["Lena Ortiz", "Lena Ortiz"]


def test_it_is_an_organisation_only_when_it_just_spoke(settings):
    found = speakers(
        "The Harbour Trust said the pier was safe. Olaf Weber disagreed.",
        "“Only one in three boats can dock,” it added.",
        settings=settings,
    )
    assert found == [("Only one in three boats can dock", None)]


# -- round 3: descriptions, appositions, inverted verbs, distance ------------------------------


def test_a_description_with_a_name_in_apposition_is_that_person(settings):
    found = speakers(
        "Greta Holm, the mayor, opened the new bridge over the Saltmarsh canal on Friday.",
        '"It was overdue by a decade," the city engineer, Tomas Wendel, told the crowd.',
        settings=settings,
    )
    assert found == [("It was overdue by a decade", "Tomas Wendel")]


def test_a_description_nothing_links_to_anyone_is_nobody(settings):
    found = speakers(
        "Greta Holm opened the new bridge on Friday.",
        "She was joined by Paul Serrano, who had inspected it twice.",
        '"My children will cross it every day," the resident said.',
        settings=settings,
    )
    assert found == [("My children will cross it every day", None)]


def test_a_description_of_the_uncontested_subject_is_that_subject(settings):
    found = speakers(
        "Greta Holm opened the new bridge on Friday after three years of delays.",
        '"We kept our promise," the mayor said.',
        settings=settings,
    )
    assert found == [("We kept our promise", "Greta Holm")]


def test_said_first_then_the_name(settings):
    found = speakers(
        'The council voted to close the depot. Said Ilse Marrow, "Nobody asked the drivers."',
        settings=settings,
    )
    assert found == [("Nobody asked the drivers.", "Ilse Marrow")]


def test_an_owner_between_the_subject_and_the_verb_is_not_another_subject(settings):
    found = speakers(
        "Nadia Brook pointed to Harlan Fisk’s voting record, noting that he had opposed “every single bus lane.”",
        settings=settings,
    )
    assert found == [("every single bus lane.", "Nadia Brook")]


def test_he_said_in_the_next_paragraph_is_the_subject(settings):
    found = speakers(
        "Omar Lindqvist runs the ferry between the two islands.",
        '"We cannot go on like this," he said.',
        settings=settings,
    )
    assert found == [("We cannot go on like this", "Omar Lindqvist")]


def test_a_place_between_the_subject_and_the_verb_is_not_another_subject(settings):
    found = speakers(
        "Rhea Castell took the stage at the Corn Exchange in Wellbury and called the plan “a slow-motion closure.”",
        settings=settings,
    )
    assert found == [("a slow-motion closure.", "Rhea Castell")]


# -- signatures, transcript labels and other languages (round 2, PolNeAR and real excerpts) --------


def test_a_dash_and_a_name_after_the_quotation_sign_it(settings):
    found = speakers(
        "“He is ignorant of our culture. He makes blanket statements.”― Pamela Padilla",
        "“I’m so ashamed. How did we get this low?” ― Jacklyn Ashley",
        settings=settings,
    )
    assert [s for _t, s in found] == ["Pamela Padilla", "Jacklyn Ashley"]


def test_a_quoted_transcript_turn_is_its_labels_speaker(settings):
    found = speakers(
        "Mike Pence spoke to Chris Wallace on Sunday.",
        '"PENCE: Well, look, this is serious business for the American people.',
        '"WALLACE: If I may, sir, I want to ask you about the debate.',
        settings=settings,
    )
    assert [s for _t, s in found] == ["Mike Pence", "Chris Wallace"]


def test_an_update_label_names_nobody(settings):
    found = speakers('"UPDATE: The statement was changed after publication today."', settings=settings)
    assert [s for _t, s in found] == [None]


def test_reporting_verbs_of_other_languages(settings):
    found = speakers(
        "„Ich hoffe, dass die Amerikaner die Brisanz erkennen“, sagte Frank-Walter Steinmeier dem Tagesspiegel.",
        "« C’était une décision nécessaire », a déclaré Paul Bulcke, dans un communiqué.",
        "« Les valeurs de Nestlé constituent les fondements de notre entreprise », a-t-il ajouté.",
        settings=settings,
    )
    assert [s for _t, s in found] == ["Frank-Walter Steinmeier", "Paul Bulcke", "Paul Bulcke"]


def test_the_name_before_a_preposition_after_an_inverted_verb(settings):
    found = speakers('"We will appeal the ruling," said Maria Lopez in a statement on Friday.', settings=settings)
    assert found == [("We will appeal the ruling", "Maria Lopez")]


def test_an_attribution_after_a_question_mark_opens_the_next_sentence(settings):
    found = speakers(
        '"Why in the world would you try to cozy up to George W. Bush?" Allan Lichtman said about the effort.',
        settings=settings,
    )
    assert found == [("Why in the world would you try to cozy up to George W. Bush?", "Allan Lichtman")]


def test_a_heading_that_introduces_the_quotation_below_gives_its_speaker(settings):
    found = extract(
        "## The New York Times reports:",
        '"In an illustration of the lack of enthusiasm, just 24 percent of the donors gave $200 or less.',
        '"Without this online network, Mrs. Clinton is being made to continue with fund-raisers."',
        settings=settings,
    )
    assert [q.speaker for q in found] == ["New York Times", "New York Times"]


# -- what is never a speaker (realfix: real press releases, bench/realpages_manifest.yml) ----------


@pytest.mark.parametrize(
    "mention",
    [
        "The budget for Fiscal Year 2026 was adopted on Tuesday.",
        "The budget for Financial Year 2026 was adopted on Tuesday.",
        "The library joins Route Forward 3 this year.",
    ],
)
def test_a_time_expression_or_a_phrase_before_a_number_is_never_the_speaker(mention, settings):
    # The shape of a real city press release: "Fiscal Year 2016" in the headline, then an unattributed
    # fragment and a pronoun; the text gives no speaker for either.
    assert speakers(mention, "The plan will be adopted “as written” at next week’s meeting.", settings=settings) == [
        ("as written", None)
    ]
    assert speakers(mention, '"It is a good plan," he said.', settings=settings) == [("It is a good plan", None)]
    found = speakers(mention, '"This is a good day for readers," said Mayor Dana Whitcombe.', settings=settings)
    assert found == [("This is a good day for readers", "Dana Whitcombe")]


def test_a_person_named_like_a_season_is_still_a_speaker(settings):
    found = speakers(
        '"We have waited years for this," said Summer Kavanagh, who chairs the Friends of the Library.',
        settings=settings,
    )
    assert found == [("We have waited years for this", "Summer Kavanagh")]


def test_a_building_named_after_a_preposition_does_not_contest_the_pronoun(settings):
    found = speakers(
        '"Nous voulons rouvrir vite", a déclaré Donald Trump lors d\'un point-presse à la Maison Blanche.',
        'Il a attaqué la Chine. La maladie "aurait pu être arrêtée à la source", a-t-il assuré.',
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == ["Donald Trump", "Donald Trump"]


def test_a_style_with_of_is_the_whole_name_and_apologising_is_speaking(settings):
    [quote] = extract("The Princess of Wales apologised “for any confusion” on Monday.", settings=settings)
    assert (quote.speaker, quote.role) == ("Princess of Wales", None)


def test_a_sentence_pointing_back_at_the_quotation_names_its_speaker(settings):
    found = speakers(
        "«La reforma llegará antes del verano». Así lo ha explicado la ministra de Hacienda, Marta Ruiz, "
        "en rueda de prensa. «No habrá más retrasos», ha insistido.",
        "« Nous tiendrons les délais ». Ainsi s'est exprimé le maire, Paul Girard, devant le conseil.",
        "«Llegará tarde». Luego habló la ministra, Marta Ruiz.",  # no word points back: nobody named
        settings=settings,
    )
    assert [speaker for _text, speaker in found] == ["Marta Ruiz", "Marta Ruiz", "Paul Girard", None]
