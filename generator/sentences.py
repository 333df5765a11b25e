"""Sentences stage: split each text paragraph into sentences with their offsets.

syntok handles abbreviations (Sept., U.S., Prof.); pieces it cuts inside an open quotation
are joined again, and a dateline (``SEOUL, Sept 14:``) is not part of the lead sentence.
Every sentence is a verbatim slice of its paragraph.
"""

from __future__ import annotations

import syntok.segmenter as segmenter

from generator.config import Settings
from generator.document import Document, Sentence
from generator.metadata import DATELINE

_OPENING, _CLOSING = "“‘«", "”’»"


def _quote_balance(text: str) -> int:
    """Open quotations left at the end of ``text`` (straight quotes counted by parity)."""
    curly = sum(text.count(c) for c in "“«") - sum(text.count(c) for c in "”»")
    return curly + text.count('"') % 2


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph."""
    spans: list[tuple[int, int]] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            start = sentence[0].offset
            last = sentence[-1]
            end = last.offset + len(last.value)
            if spans and _quote_balance(text[spans[-1][0] : spans[-1][1]]) > 0:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def run(doc: Document, settings: Settings) -> Document:
    found: list[Sentence] = []
    first_text = True
    for index, paragraph in enumerate(doc.paragraphs):
        if paragraph.kind != "text":
            continue
        text = paragraph.text
        skip = 0
        if first_text:
            match = DATELINE.match(text)
            skip = match.end() if match else 0
            first_text = False
        for start, end in split(text[skip:]):
            piece = text[skip + start : skip + end].strip()
            if piece:
                found.append(Sentence(piece, index, text.index(piece, skip + start)))
    return doc.with_(sentences=tuple(found))
