"""Text helpers shared by the stages."""

from __future__ import annotations

from generator.document import Paragraph
from generator.text import number_paragraphs, sentence_spans, split_glued, word_count


def test_glued_sentences_are_cut_where_a_sentence_end_touches_a_capital():
    assert split_glued('he said.Calling it "a win."Kim left.') == ["he said.", 'Calling it "a win."', "Kim left."]


def test_sentences_of_a_paragraph_are_verbatim_slices():
    text = "He met Dr. No at noon. They talked."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["He met Dr. No at noon.", "They talked."]


def test_words_count_cjk_text_by_characters():
    assert word_count("the summit in Pyongyang") == 4
    assert word_count("金正恩委员长会见普京") == 5


def test_text_paragraphs_are_numbered_and_headings_are_not():
    numbered = number_paragraphs((Paragraph("One."), Paragraph("Head", "heading"), Paragraph("Two.")))
    assert [p.anchor for p in numbered] == ["p-1", "", "p-2"]
