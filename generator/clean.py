"""Clean stage: decoded text to body paragraphs, with every dropped line recorded.

Lines above the body (headline, date line, byline, programme schedule) are removed from the
body with a ``header:`` reason; the metadata stage reads them back from ``removals``.
Page furniture is removed by the boilerplate patterns of the data files and by generic
shape rules; a body printed twice appears once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import transcript
from generator.config import Settings
from generator.document import Document, Paragraph, Removal

HEADLINE = "header: headline"
DATE_LINE = "header: date line"
BYLINE = "header: byline"
ABOVE_HEADLINE = "header: short line above the headline (programme schedule, section name)"
REPEATED_HEADLINE = "repeated headline"
CREDIT = "photo credit"
SHORT_FOOTER = "short line after the body"
DUPLICATE = "duplicate paragraph"
RUN_ON_COPY = "run-on copy of earlier paragraphs"

_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_WORD = re.compile(r"\w+")
_BYLINE = re.compile(r"^(?:by|written by|words by|von|par|por)\s+(?P<names>[^\d]{3,120})$", re.IGNORECASE)
_CAPS_NAME = re.compile(r"^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){1,3}$")
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_LINE = re.compile(
    r"^(?:(?:date|published|posted|updated|last updated)\s*:?\s*)?"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    r"(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm)?(?:\s*[A-Z]{2,5})?)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_prose(text: str) -> bool:
    """A line that reads as story text: long enough, or a full punctuated sentence."""
    count = len(words(text))
    return count >= 14 or (count >= 6 and bool(_SENTENCE_END.search(text)))


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text.strip()))


def boilerplate_reason(text: str, settings: Settings) -> str | None:
    for rule in settings.data.boilerplate:
        if rule.pattern.fullmatch(text):
            return rule.reason
    return None


def _key(text: str) -> str:
    return " ".join(words(text.lower()))


def _split_header(lines: list[Line], settings: Settings) -> tuple[list[Removal], list[Line]]:
    """Classify the lines above the first prose line; return removals and the remaining lines."""
    # Headlines are long but carry no full stop; the body starts at the first punctuated prose.
    start = next(
        (i for i, line in enumerate(lines) if is_prose(line.text) and _SENTENCE_END.search(line.text)),
        None,
    )
    if start is None:  # unpunctuated speech: the body starts at the first long run of words
        start = next((i for i, line in enumerate(lines) if len(words(line.text)) >= 40), len(lines))
    header, rest = lines[:start], lines[start:]
    removals: list[Removal] = []
    headline: Line | None = None
    candidates = [
        line
        for line in header
        if not is_date_line(line.text)
        and not _BYLINE.match(line.text)
        and not boilerplate_reason(line.text, settings)
        and len(words(line.text)) >= 3
    ]
    if candidates:
        # The headline is the last substantial line above the body; anything shorter above
        # it is a section name or a programme schedule.
        headline = max(candidates, key=lambda line: (len(words(line.text)) >= 5, line.number))
    for line in header:
        if line is headline:
            removals.append(Removal(line.number, line.text, HEADLINE))
        elif is_date_line(line.text):
            removals.append(Removal(line.number, line.text, DATE_LINE))
        elif _BYLINE.match(line.text) or (headline and line.number > headline.number and _CAPS_NAME.match(line.text)):
            removals.append(Removal(line.number, line.text, BYLINE))
        elif headline and _key(line.text) == _key(headline.text):
            removals.append(Removal(line.number, line.text, REPEATED_HEADLINE))
        elif reason := boilerplate_reason(line.text, settings):
            removals.append(Removal(line.number, line.text, reason))
        else:
            removals.append(Removal(line.number, line.text, ABOVE_HEADLINE))
    if headline and rest and _key(rest[0].text) == _key(headline.text):
        removals.append(Removal(rest[0].number, rest[0].text, REPEATED_HEADLINE))
        rest = rest[1:]
    return removals, rest


def _classify_body(lines: list[Line], settings: Settings) -> tuple[list[Removal], list[tuple[Line, str]]]:
    """Drop furniture inside and after the body; tell text lines from crossheads."""
    removals: list[Removal] = []
    kept: list[tuple[Line, str]] = []
    last_prose = max((i for i, line in enumerate(lines) if is_prose(line.text)), default=-1)
    for i, line in enumerate(lines):
        text = line.text
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        if reason := boilerplate_reason(text, settings):
            removals.append(Removal(line.number, text, reason))
        elif _BYLINE.match(text):
            removals.append(Removal(line.number, text, BYLINE))
        elif is_prose(text):
            kept.append((line, "text"))
        elif following.rstrip().endswith("[/caption]") or len(words(text)) <= 2 and not _SENTENCE_END.search(text):
            removals.append(Removal(line.number, text, CREDIT if i < last_prose else SHORT_FOOTER))
        elif i > last_prose:
            removals.append(Removal(line.number, text, SHORT_FOOTER))
        elif _SENTENCE_END.search(text) and not text.endswith(":"):
            kept.append((line, "text"))
        else:
            kept.append((line, "heading"))
    return removals, kept


def _deduplicate(blocks: list[tuple[Line, str]]) -> tuple[list[Removal], list[tuple[Line, str]]]:
    """One copy of each paragraph; a run-on paragraph made of earlier ones is merged into them.

    Scraped pages often print the body twice: once in paragraphs, once glued into one run.
    The paragraphed copy is the better-formed one, but the run-on copy can hold paragraphs
    the first copy lost; those are kept, in the place the run-on copy gives them.
    """
    removals: list[Removal] = []
    result: list[tuple[Line, str]] = []
    seen: set[str] = set()
    for line, kind in blocks:
        key = _key(line.text)
        if key in seen:
            removals.append(Removal(line.number, line.text, DUPLICATE))
            continue
        contained = [(j, blk) for j, blk in enumerate(result) if blk[1] == "text" and _key(blk[0].text) in key]
        if kind == "text" and len(contained) >= 2:
            removals.append(Removal(line.number, line.text, RUN_ON_COPY))
            result = _merge_run_on(result, line)
            seen.update(_key(blk[0].text) for blk in result)
            continue
        seen.add(key)
        result.append((line, kind))
    return removals, result


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


def _merge_run_on(result: list[tuple[Line, str]], run_on: Line) -> list[tuple[Line, str]]:
    """Insert the pieces of a run-on copy that the paragraphed copy lacks, in order."""
    merged = list(result)
    cursor = -1  # index of the paragraph the last matched piece belongs to
    for piece in split_glued(run_on.text):
        key = _key(piece)
        if not key:
            continue
        match = next(
            (
                i
                for i, (line, kind) in enumerate(merged)
                if kind == "text" and (known := _key(line.text)) and (known in key or key in known)
            ),
            None,
        )
        if match is None:
            cursor += 1
            merged.insert(cursor, (Line(run_on.number, piece), "text"))
        else:
            cursor = match
    return merged


def run(doc: Document, settings: Settings) -> Document:
    lines = [Line(n, raw.strip()) for n, raw in enumerate(doc.text.splitlines(), 1) if raw.strip()]
    header_removals, rest = _split_header(lines, settings)
    body_removals, blocks = _classify_body(rest, settings)
    duplicate_removals, blocks = _deduplicate(blocks)
    paragraphs = tuple(Paragraph(text=line.text, kind=kind) for line, kind in blocks)
    removals = tuple(sorted(header_removals + body_removals + duplicate_removals, key=lambda r: r.line))
    doc = doc.with_(removals=removals, paragraphs=paragraphs)
    if transcript.looks_like_transcript(doc.paragraphs):
        doc = doc.with_(kind="transcript", paragraphs=transcript.restore(doc.paragraphs))
    return doc.with_(paragraphs=number_paragraphs(doc.paragraphs))


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
