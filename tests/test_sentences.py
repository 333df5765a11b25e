"""Sentence splitting: abbreviations, datelines, quotations, transcripts; always verbatim."""

from __future__ import annotations

import pytest

from generator import sentences
from generator.document import Document, Paragraph
from generator.text import quotation_spans, sentence_spans, sentences_of


def pieces(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. and Prof. Smith met in Sept. last year. He said so.", 2),
        ("He met Dr. No at 4 p.m. on Monday. Then he left.", 2),
        ("The U.N. said it would act. The U.S. disagreed.", 2),
        ("Kim Jong-un met Gen. Smith Jr. in Washington, D.C. on Monday. It went well.", 2),
        ("It rose 2.5 per cent. Analysts (e.g. Smith) agree.", 2),
    ],
)
def test_abbreviations_do_not_end_sentences(text, expected):
    assert len(pieces(text)) == expected


def test_a_quotation_spanning_sentences_stays_in_one_sentence():
    text = '"We will win. We are strong," he said. "Nobody can stop us."'
    assert pieces(text) == ['"We will win. We are strong," he said.', '"Nobody can stop us."']


def test_a_sentence_ends_after_spaced_french_guillemets():
    text = "Il a répondu « non ». Ainsi s'est exprimé le maire. « Nous verrons ! » Puis il est parti."
    assert pieces(text) == [
        "Il a répondu « non ».",
        "Ainsi s'est exprimé le maire.",
        "« Nous verrons ! » Puis il est parti.",
    ]


def test_a_quotation_left_open_at_the_paragraph_end_does_not_glue_the_rest():
    text = "Professor Bucy said: “What looks like a welcome is a dance. It is about dominance. It is awkward."
    assert len(pieces(text)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Is it clay?" Menon asked. It may be.', ['"Is it clay?" Menon asked.', "It may be."]),
        ("“Where does it come from?” Mrs Gill said.", ["“Where does it come from?” Mrs Gill said."]),
        (
            '"Stop!" The crowd surged forward as the gates gave way.',
            ['"Stop!"', "The crowd surged forward as the gates gave way."],
        ),
    ],
)
def test_a_quoted_question_keeps_its_short_attribution(text, expected):
    assert sentences_of(text) == expected


def test_quotation_spans_pair_marks_and_ignore_apostrophes():
    text = "Kim’s aide said “it was fine” and the ‘leaders’ summit’ didn't matter."
    assert [text[s:e] for s, e, _closed in quotation_spans(text)] == ["it was fine"]
    assert quotation_spans("“Open to the end of the paragraph.") == [(1, 34, False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A keyboard's straight mark closing a curly one.
        ('The UK is “not going back to austerity", Boris Johnson has said.', ["not going back to austerity"]),
        # A closing mark glued to the first word, where the quotation opens.
        ("It hit sites.”Once again, we are the target,” Aoun said.", ["Once again, we are the target,"]),
        # A short quotation inside one written with the same marks.
        ("“I’d go to what he calls “hell” first,” she said.", ["I’d go to what he calls “hell” first,"]),
        # Two quotations in a row are not one with another inside.
        ("“One,” he said. “Two.”", ["One,", "Two."]),
    ],
)
def test_quotation_spans_survive_keyboard_slips(text, expected):
    assert [text[s:e] for s, e, _closed in quotation_spans(text)] == expected


def test_dateline_is_not_part_of_the_lead_sentence(settings):
    doc = Document(
        source="t",
        source_sha256="0",
        paragraphs=(
            Paragraph("SEOUL, Sept 14: Whatever emerges, analysts said. Calling each other comrade, they met."),
        ),
    )
    found = sentences.run(doc, settings).sentences
    assert [s.text for s in found] == ["Whatever emerges, analysts said.", "Calling each other comrade, they met."]


def test_every_sentence_is_a_verbatim_slice_of_its_paragraph(seed_docs):
    for name, doc in seed_docs.items():
        assert doc.sentences, name
        for sentence in doc.sentences:
            text = doc.paragraphs[sentence.paragraph].text
            assert text[sentence.start : sentence.start + len(sentence.text)] == sentence.text, name


def test_transcript_sentences_are_the_restored_ones(seed_docs):
    doc = seed_docs["000_0982db6d20d8ea7a.txt"]
    assert doc.kind == "transcript"
    assert len(doc.sentences) >= 20
    assert all(s.text[-1] in ".!?" for s in doc.sentences)
