"""Text helpers every stage may use: words, glued sentences, quotation spans, the sentences
of one paragraph, and whether a sentence stands on its own.

They live beneath the stages so that no stage reaches into another for them. Every offset
they return is into the string they were given, so callers can slice verbatim text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import syntok.segmenter as segmenter

from generator.document import Paragraph
from generator.lexicon import Lexicon, compiled

# Chinese, Japanese and Korean-hanja text has no spaces: two characters count as a word.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+")
# Emphasis marks of text pasted from Markdown ("**By Lena Novak**").
MARKDOWN_EMPHASIS = r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)"


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return max(len(words(text)), len(_CJK.findall(text)) // 2)


def split_glued(text: str) -> list[str]:
    """Cut a run-on paragraph where a sentence end touches the next capital: ``said.Calling``.

    A straight quote after the full stop closes a quotation when one is open, so
    ``Security."Kim`` cuts after the quote, and ``said."Putin`` (no quote open) before it.
    """
    pieces, start, quote_open = [], 0, False
    for i, char in enumerate(text):
        if char == '"':
            quote_open = not quote_open
        if char not in ".!?" or i + 1 >= len(text) or not (text[i - 1].islower() or text[i - 1].isdigit()):
            continue
        cut = i + 1
        if text[cut] in "”’" or (text[cut] == '"' and quote_open):
            cut += 1
        if cut < len(text) and (text[cut].isupper() or text[cut] in '"“‘'):
            pieces.append(text[start:cut].strip())
            start = cut
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def number_paragraphs(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """Anchors ``p-1``, ``p-2``... for text paragraphs, in order; headings get none."""
    numbered, count = [], 0
    for paragraph in paragraphs:
        if paragraph.kind == "text":
            count += 1
            numbered.append(Paragraph(paragraph.text, paragraph.kind, f"p-{count}"))
        else:
            numbered.append(Paragraph(paragraph.text, paragraph.kind, ""))
    return tuple(numbered)


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The patterns built from the lexicon's words."""

    title_end: re.Pattern[str]  # "He met Dr." : syntok's cut after an abbreviation
    dependent_start: re.Pattern[str]  # openers that point back to what the summary's reader has not seen
    broken_end: re.Pattern[str]  # a sentence cut in the middle of a phrase


def _build(lexicon: Lexicon) -> _Patterns:
    return _Patterns(
        title_end=re.compile(rf"(?:^|\s)(?:{lexicon.alternation('abbreviations')})\.$"),
        dependent_start=re.compile(rf"^(?:{lexicon.alternation('dependent_openers')})\b|^(?:[\"“‘'])", re.IGNORECASE),
        broken_end=re.compile(rf"\b(?:{lexicon.alternation('broken_end_words')})[.!?]?$", re.IGNORECASE),
    )


_patterns = compiled(_build)


def broken_end(lexicon: Lexicon | None = None) -> re.Pattern[str]:
    """A restored transcript sentence cut in the middle of a phrase ends on a word that cannot end one."""
    return _patterns(lexicon).broken_end


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


def _inner_quotation(text: str, i: int) -> int | None:
    """The closing mark of a short ``“…”`` opening at ``i`` inside a quotation written with the same
    marks, when another ``”`` follows to close the outer one; else None."""
    close = text.find("”", i + 1)
    if close < 0 or len(text[i + 1 : close].split()) > 6 or "”" not in text[close + 1 :]:
        return None
    return close


def _misused_opener(text: str, i: int) -> bool:
    """A closing mark ``”`` written where a quotation opens (``infrastructure.”Once again…,” Aoun
    said``): glued to the word after it, not to one before it, with a ``”`` ahead to close it."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return after.isalnum() and not before.isalnum() and "”" in text[i + 2 :]


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
            elif char == "”" and _misused_opener(text, i):
                open_at, width, closer = i, 1, "”"
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
        elif char == "“" and closer == "”" and (inner := _inner_quotation(text, i)):
            i = inner  # “... what he calls “hell” than ...”: a short quotation inside, same marks
        elif char == '"' and closer == "”" and _closes(text, i) and "”" not in text[i + 1 :]:
            spans.append((open_at + width, i, True))  # “…" : a keyboard's straight mark closes a curly one
            open_at = None
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


# French typography spaces its guillemets: syntok does not end a sentence at 'les délais ». Ainsi'.
_SPACED_GUILLEMET_END = re.compile(r"\s»\s?[.!?…](?=\s+[«\"“A-ZÀ-ÖØ-Þ])")


def _raw_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            if not sentence:
                continue
            last = sentence[-1]
            start, end = sentence[0].offset, last.offset + len(last.value)
            for match in _SPACED_GUILLEMET_END.finditer(text, start, end):
                spans.append((start, match.end()))
                start = len(text) - len(text[match.end() :].lstrip())
            spans.append((start, end))
    return spans


def sentence_spans(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph."""
    closed = [(start, end) for start, end, done in quotation_spans(text) if done]
    title_end = _patterns(lexicon).title_end
    spans: list[tuple[int, int]] = []
    for start, end in _raw_spans(text):
        if spans:
            previous_start, previous_end = spans[-1]
            inside_quote = any(q_start < start <= q_end for q_start, q_end in closed)
            after_title = bool(title_end.search(text[previous_start:previous_end]))
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
        found.extend(block[start:end].strip() for start, end in sentence_spans(block))
    return [s for s in found if s]


_MIN_WORDS, _MAX_WORDS = 8, 60
_REPORTING_ONLY = re.compile(r"\b(?:added|continued|went on)\s*[:,]", re.IGNORECASE)
_FURNITURE = re.compile(
    r"\[/?caption\]|^(?:photo|image|picture|credit|source|related|read more|see also|watch|listen|sign up|"
    r"subscribe|click|advertisement)\b\s*:?|getty images|\bclick here\b|\bshutterstock\b",
    re.IGNORECASE,
)
# "Kim Jong Yong it was a handshake": a restored sentence that begins with the end of the last one.
NAME_THEN_PRONOUN = re.compile(r"^[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s+(?:it|he|she|they|we|i|you)\b")


def is_candidate(sentence: str, lexicon: Lexicon | None = None) -> bool:
    patterns = _patterns(lexicon)
    word_count = len(sentence.split())
    return (
        _MIN_WORDS <= word_count <= _MAX_WORDS
        and not sentence.rstrip("”’\"' ").endswith("?")
        and not sentence.rstrip().endswith(":")
        and not patterns.dependent_start.search(sentence)
        and not _REPORTING_ONLY.search(sentence)
        and not _FURNITURE.search(sentence)
        and not patterns.broken_end.search(sentence.rstrip())
        and not NAME_THEN_PRONOUN.match(sentence)
        and all(closed for _start, _end, closed in quotation_spans(sentence))
        and sentence[0].isupper()
    )
