"""Sentences stage: split each text paragraph into sentences with their offsets.

The splitting rules (syntok, titles it misses, quotations it cuts) are ``text.sentence_spans``,
shared with the stages that need the sentences of a paragraph of their own. Here the dateline
(``SEOUL, Sept 14:``) is cut from the lead sentence, as ``dates.find_dateline`` defines it.
Every sentence is a verbatim slice of its paragraph.
"""

from __future__ import annotations

from generator.config import Settings
from generator.dates import find_dateline
from generator.document import Document, Sentence
from generator.text import sentence_spans


def run(doc: Document, settings: Settings) -> Document:
    found: list[Sentence] = []
    first_text = True
    for index, paragraph in enumerate(doc.paragraphs):
        if paragraph.kind != "text":
            continue
        text = paragraph.text
        skip = 0
        if first_text:
            dateline = find_dateline(text, settings.data.lexicon)
            skip = dateline.end if dateline else 0
            first_text = False
        for start, end in sentence_spans(text[skip:], settings.data.lexicon):
            piece = text[skip + start : skip + end].strip()
            if piece:
                found.append(Sentence(piece, index, text.index(piece, skip + start)))
    return doc.with_(sentences=tuple(found))
