"""Transcripts: detected, fillers and stutters dropped, sentences cut at sensible places."""

from __future__ import annotations

import re

import pytest

from generator import transcript
from generator.document import Paragraph
from tests.conftest import run_stages

# Unpunctuated speech of two voices, as an auto-caption tool writes it.
SPEECH = (
    "well thank you for having me um so the the flooding started on Sunday night and by Monday morning "
    "the river was already over the wall uh I mean we had never seen anything like it in the town "
    "there were there were cars floating down the high street and people on the roofs waiting for the boats "
    "and then the fire service arrived with two boats and started taking people out of the houses one by one "
    "I think the council did what it could but the defences were built for a smaller flood and it it "
    "showed so now the question is who pays for the repairs and how quickly the shops can open again "
    "but you know the insurers have already said that they will look at every claim and the government "
    "has promised a fund for the worst hit streets at the same time people are angry because they were "
    "told the wall would hold and it did not hold so they want answers from the agency and from the "
    "minister who visited on Tuesday and promised that the money would arrive within a month"
)


def sentences_of(paragraphs) -> list[str]:
    return [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p.text)]


def test_speech_is_detected_as_a_transcript_and_an_article_is_not():
    assert transcript.looks_like_transcript((Paragraph(SPEECH),))
    article = " ".join(["The river rose two metres overnight, officials said."] * 30)
    assert not transcript.looks_like_transcript((Paragraph(article),))
    assert not transcript.looks_like_transcript((Paragraph("too short to tell um uh"),))


def test_labelled_speaker_turns_are_a_transcript():
    turns = tuple(
        Paragraph(f"{speaker}: {line}")
        for speaker, line in [
            ("HOST", "Welcome back to the programme, tonight we are talking about the floods in the north."),
            ("JANE SMITH", "Thank you. It has been a terrible week for the town and for the people who live there."),
            ("HOST", "What did the council get wrong, in your view, when the warnings first came in on Sunday?"),
            ("JANE SMITH", "They waited too long to open the shelters, and the sandbags arrived far too late."),
        ]
        * 2
    )
    assert transcript.looks_like_transcript(turns)


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("um so we went", "so we went"),
        ("it was uh quite a day", "it was quite a day"),
        ("er the council erm decided", "the council decided"),
        ("there were there were cars", "there were cars"),
        ("the the river", "the river"),
        ("and it it showed", "and it showed"),
        ("it it’s made worse", "it’s made worse"),
        ("we we’re going", "we’re going"),
        ("hugely hugely emphatic", "hugely emphatic"),
        ("he had had enough", "he had had enough"),
        ("he said that that was wrong", "he said that that was wrong"),
        ("the umbrella and the erratic errand", "the umbrella and the erratic errand"),
        ("Uhuru Kenyatta spoke", "Uhuru Kenyatta spoke"),
    ],
)
def test_fillers_and_stutters_go_and_real_words_stay(said, cleaned):
    assert transcript.drop_fillers(said) == cleaned


def test_no_sentence_ends_on_a_function_word():
    for sentence in transcript.split_sentences(transcript.drop_fillers(SPEECH)):
        last = sentence.rstrip(".").split()[-1].lower()
        assert last not in transcript._FUNCTION_WORDS, sentence


def test_sentences_start_at_discourse_markers_and_keep_every_word_in_order():
    text = transcript.drop_fillers(SPEECH)
    sentences = transcript.split_sentences(text)
    assert 8 <= len(sentences) <= 20
    assert all(s[0].isupper() and s.endswith(".") for s in sentences)
    starts = {" ".join(s.split()[:2]).lower() for s in sentences}
    assert {"i mean", "and then", "i think"} <= starts
    # Only capitals and full stops were added: the words are the speaker's, in order.
    assert " ".join(sentences).lower().replace(".", "") == text.lower()


def test_a_name_is_never_cut_in_two():
    text = "we watched as the leaders met " * 3 + "and Kim Jong Un shook hands with the visiting President Putin " * 3
    for sentence in transcript.split_sentences(text):
        assert not sentence.startswith(("Jong", "Un ", "Putin")), sentence


def test_restored_paragraphs_are_readable_lengths():
    paragraphs = transcript.restore((Paragraph(SPEECH),))
    assert len(paragraphs) >= 2
    assert all(len(p.text.split()) <= 140 for p in paragraphs)


def test_a_punctuated_transcript_keeps_its_sentences():
    text = "HOST: Welcome back, um, to the programme. JANE: Thank you, it is, uh, good to be here."
    (restored,) = transcript.restore((Paragraph(text),))
    assert restored.text == "HOST: Welcome back, to the programme. JANE: Thank you, it is, good to be here."


def test_the_seed_transcript(seed_docs):
    doc = seed_docs["000_0982db6d20d8ea7a.txt"]
    assert doc.kind == "transcript"
    assert any(note.startswith("transcript: ") and "words dropped" in note for note in doc.notes)
    body = doc.body_text
    for gone in [" um ", " uh ", "there were there were", " it it ", "the the ", " is is "]:
        assert gone not in body.lower(), gone
    sentences = sentences_of(doc.paragraphs)
    assert len(sentences) >= 30
    for sentence in sentences:
        assert sentence.rstrip(".").split()[-1].lower() not in transcript._FUNCTION_WORDS, sentence
    assert "the normal Power battles that. We" not in body
    assert len(doc.paragraphs) >= 5


def test_a_transcript_source_comes_out_as_kind_transcript(settings):
    doc = run_stages("Flood town counts the cost\n\n" + SPEECH, settings, until="metadata")
    assert doc.kind == "transcript"
    assert doc.title == "Flood town counts the cost"
    assert " um " not in doc.body_text


def test_a_run_without_any_good_gap_is_still_cut_into_sentences():
    run = "and then of the to a " * 40  # every gap follows a function word
    sentences = transcript.split_sentences(run.strip())
    assert len(sentences) > 1
    assert all(len(s.split()) <= 60 for s in sentences)
