"""Sentences stage: split each text paragraph into sentences with their offsets.

syntok handles most abbreviations (Sept., U.S., Prof.); a cut after a title that syntok
misses ("Dr. No") is joined again, pieces it cuts inside a quotation that closes later in
the same paragraph are joined again, and a dateline (``SEOUL, Sept 14:``) is not part of
the lead sentence. A quotation that is still open at the end of its paragraph (news style:
the quote goes on in the next paragraph) does not glue the rest of the paragraph into one
sentence. Every sentence is a verbatim slice of its paragraph.

``quotation_spans`` is the one place that decides where quotation marks open and close; the
quotes stage uses it too.
"""

from __future__ import annotations

import re

import syntok.segmenter as segmenter

from generator.config import Settings
from generator.document import Document, Sentence
from generator.metadata import DATELINE

# Titles that syntok sometimes ends a sentence on ("He met Dr. | No at 4 p.m.").
_TITLE_END = re.compile(
    r"(?:^|\s)(?:Dr|Mr|Mrs|Ms|Mx|Prof|Gen|Lt|Col|Capt|Sgt|Sen|Rep|Gov|Rev|Hon|St|Mt|Jr|Sr|No|Nos|Art|Vol|Fig)\.$"
)
_ASKED_END = re.compile(r"[?!][”’\"']$")
_SHORT_ATTRIBUTION = re.compile(r"[^\W\d][^\s\"“”!?]*(?:\s+[^\s\"“”!?]+){0,5}(?<=\.)")
# Opening mark -> the marks that close it. Double marks: “…” (also „…“ and „…” in German and
# Polish), «…» (and »…« in German and Danish), 「…」 and 『…』; single marks: ‘…’ and ‚…‘ (German).
_DOUBLE_PAIRS = {"“": "”", "„": "“”", "«": "»", "»": "«", "「": "」", "『": "』"}
_SINGLE_PAIRS = {"‘": "’", "‚": "‘’"}
_DOUBLE_MARKS = '"' + "".join(_DOUBLE_PAIRS) + "".join(_DOUBLE_PAIRS.values())
# Characters after which a straight or single mark opens a quotation rather than closing one.
_OPENS_AFTER = set(" \t\n([{—–-/:;,") | set(_DOUBLE_PAIRS)


def _opens(text: str, i: int, width: int = 1) -> bool:
    """A straight or single mark at ``i`` in opening position: after a space or start, before a word."""
    before = text[i - 1] if i else " "
    after = text[i + width] if i + width < len(text) else " "
    return before in _OPENS_AFTER and not after.isspace()


def _closes(text: str, i: int, width: int = 1) -> bool:
    """A straight or single mark at ``i`` in closing position: after a word, before a non-letter."""
    before = text[i - 1] if i else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and not after.isalnum()


def quotation_spans(text: str) -> list[tuple[int, int, bool]]:
    """Quotations of one paragraph as (start, end, closed): ``text[start:end]`` is the quoted
    text without its marks; ``closed`` is False for a quotation still open at the paragraph end.

    Curly, angle and corner marks pair explicitly (“…”, „…“, «…», »…«, 「…」); straight double
    quotes and doubled apostrophes (``''…''``, a typewriter habit of some US papers) pair by
    position (an opening mark follows a space or the start). Single quotes (‘…’, ‚…‘ or '…')
    count only in a paragraph with no double quotation marks, where they are not apostrophes
    (``Jong-un’s``, ``don't``). Quotations do not nest: marks inside an open quotation are part
    of its text.
    """
    has_double = any(c in text for c in _DOUBLE_MARKS) or "''" in text
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    width = 1  # of the opening mark
    closer = ""
    i = 0
    while i < len(text):
        char = text[i]
        if open_at is None:
            if text.startswith("''", i) and _opens(text, i, 2) and text[i + 2 : i + 3] != "'":
                open_at, width, closer = i, 2, "''"
                i += 2
                continue
            if char in _DOUBLE_PAIRS and not (char == "»" and "«" not in text[i + 1 :]):
                open_at, width, closer = i, 1, _DOUBLE_PAIRS[char]
            elif char == '"' and _opens(text, i):
                open_at, width, closer = i, 1, '"'
            elif not has_double and char in _SINGLE_PAIRS and _opens(text, i):
                open_at, width, closer = i, 1, _SINGLE_PAIRS[char]
            elif not has_double and char == "'" and _opens(text, i) and re.search(r"\w'(?!\w)", text[i + 1 :]):
                open_at, width, closer = i, 1, "'"  # (with no closing mark ahead, an apostrophe: '90s)
        elif closer == "''":
            if text.startswith("'" * 3, i) and _closes(text, i + 1, 2):
                i += 1  # ''...'Fox and Friends,''' : the single mark inside closes first
            if text.startswith("''", i) and _closes(text, i, 2):
                spans.append((open_at + width, i, True))
                open_at = None
                i += 2
                continue
        elif char in closer and (closer not in ("'", "’", "‘’") or _closes(text, i)):
            if closer == '"' and not _closes(text, i) and _opens(text, i):
                # ``"word "next`` cannot close here; treat as a stray mark and go on.
                i += 1
                continue
            spans.append((open_at + width, i, True))
            open_at = None
        i += 1
    if open_at is not None and open_at + width < len(text):
        spans.append((open_at + width, len(text), False))
    return spans


def _raw_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            if not sentence:
                continue
            last = sentence[-1]
            spans.append((sentence[0].offset, last.offset + len(last.value)))
    return spans


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph."""
    closed = [(start, end) for start, end, done in quotation_spans(text) if done]
    spans: list[tuple[int, int]] = []
    for start, end in _raw_spans(text):
        if spans:
            previous_start, previous_end = spans[-1]
            inside_quote = any(q_start < start <= q_end for q_start, q_end in closed)
            after_title = bool(_TITLE_END.search(text[previous_start:previous_end]))
            # '"Is it clay?" Menon asked.': a quoted question or exclamation and its short attribution.
            attribution = bool(
                _ASKED_END.search(text[previous_start:previous_end]) and _SHORT_ATTRIBUTION.fullmatch(text[start:end])
            )
            if inside_quote or after_title or attribution:
                spans[-1] = (previous_start, end)
                continue
        spans.append((start, end))
    return spans


def sentences_of(text: str) -> list[str]:
    """The sentences of ``text`` as strings (a paragraph at a time)."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        found.extend(block[start:end].strip() for start, end in split(block))
    return [s for s in found if s]


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
