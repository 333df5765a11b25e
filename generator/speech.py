"""What speech looks like, for the clean stage that must tell it from prose and the transcript
stage that repairs it: caption files (SRT, WebVTT, one short cue a line), fillers, speaker
labels, and long runs with almost no sentence punctuation.
"""

from __future__ import annotations

import re

from generator.document import Paragraph
from generator.lexicon import Lexicon, compiled, packaged

# A sentence's end: its mark, any closing quotation mark or bracket, then a space, the end, or a
# capital glued on (``on Lebanon.The health ministry``: a scraped page's lost space).
TERMINATOR = re.compile(r"[.!?][\"'”’»)]*(?:\s|$|(?=[A-Z“\"]))")

# ``NAME: words``, ``Speaker 2:``, ``Name (00:01:23):`` or ``[Speaker 2]`` at the start of a
# paragraph: a labelled speaker turn.
SPEAKER_LABEL = re.compile(
    r"^(?:(?:[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}|(?i:speaker) \d+|Q|A)(?: \(\d[\d:]*\))?:"
    r"|\[(?i:speaker) \d+\]:?)\s"
)


def _filler(lexicon: Lexicon) -> re.Pattern[str]:
    """A hesitation sound of the lexicon's ``fillers`` ("um", "uhh", "erm") with what follows it."""
    return re.compile(rf"(?<![\w’'-])(?:{lexicon.alternation('fillers')})(?![\w’'-])[,.]?\s*", re.IGNORECASE)


filler = compiled(_filler)


def function_words(lexicon: Lexicon | None = None) -> frozenset[str]:
    """Words a sentence never ends on: articles, prepositions, conjunctions, auxiliaries, pronouns
    that need a verb, determiners (the lexicon's ``function_words``)."""
    return (lexicon or packaged()).words("function_words")


# A line at least this long is a run of speech or prose; shorter ones are list items, verse, cues.
RUN_WORDS = 25


def bare(token: str) -> str:
    return token.lower().strip(',;:.!?"“”‘’()')


# Caption files (SRT, WebVTT): a cue's timing line, its number, the file's header.
_CUE_TIMING = re.compile(r"^\d[\d:.,]*\s*-->\s*\d")
_CUE_NUMBER = re.compile(r"^\d+$")
_CAPTION_HEADER = re.compile(r"^(?:WEBVTT\b|(?:Kind|Language):\s)")
_CUE_WORDS = 15
CAPTION_TIMING = "caption timing, cue number or header"
REPEATED_CUE = "caption line repeated by the next cue"


def join_caption_cues(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str]]]:
    """Numbered lines of a caption file (SRT, WebVTT, or one short cue a line) with the timing
    lines dropped and the cues of a run joined into one line; other text as it was. Lines
    hard-wrapped mid-sentence look the same and are joined the same way, back into paragraphs.
    Returns the dropped lines (number, text, reason) and the lines kept."""
    timing = {n for n, text in lines if _CUE_TIMING.match(text) or _CAPTION_HEADER.match(text)}
    numbers = {n for n, text in lines if _CUE_NUMBER.match(text) and n + 1 in timing}
    texts = [(n, text) for n, text in lines if n not in timing and n not in numbers]
    cues = [t for _, t in texts if 0 < len(t.split()) <= _CUE_WORDS and not re.search(r"[.!?:]$", t)]
    words = sum(len(t.split()) for t in cues)
    ends_open = sum(1 for t in cues if bare(t.split()[-1]) in function_words(lexicon))  # a cue cut mid-phrase
    fillers = sum(len(filler(lexicon).findall(t)) for t in cues)
    is_captions = sum(1 for _, text in lines if _CUE_TIMING.match(text)) >= 3 or (
        len(cues) >= 8 and len(cues) >= 0.7 * len(texts) and (ends_open >= 0.2 * len(cues) or fillers * 100 >= words)
    )
    if not is_captions:
        return [], lines
    dropped = [(n, text, CAPTION_TIMING) for n, text in lines if n in timing or n in numbers]
    kept: list[tuple[int, str]] = []
    last_cue, last_number, bridged = "", 0, False
    for number, text in lines:
        if number in timing or number in numbers:
            bridged = True
            continue
        short = len(text.split()) <= _CUE_WORDS
        is_cue = short and not re.search(r"[.!?:]$", text)
        # A short line continues the run before it when it follows on the next line or after
        # timing lines only; a blank line ends the run.
        follows = last_cue and (number == last_number + 1 or bridged)
        if is_cue and follows and text == last_cue:
            dropped.append((number, text, REPEATED_CUE))
        elif short and follows:
            kept[-1] = (kept[-1][0], f"{kept[-1][1]} {text}")
        else:
            kept.append((number, text))
        last_cue, last_number, bridged = (text if short else ""), number, False
    return sorted(dropped), kept


def looks_like_transcript(paragraphs: tuple[Paragraph, ...], lexicon: Lexicon | None = None) -> bool:
    """Long stretches of speech with almost no sentence punctuation, or labelled speaker turns.
    Short lines without full stops (a list, verse, caption cues) count only with fillers."""
    texts = [p.text for p in paragraphs if p.kind == "text"]
    text = " ".join(texts)
    word_count = len(text.split())
    if word_count < 120:
        return False
    fillers = len(filler(lexicon).findall(text))
    labels = {m.group(0) for t in texts if (m := SPEAKER_LABEL.match(t))}
    labelled = sum(1 for t in texts if SPEAKER_LABEL.match(t))
    if len(labels) >= 2 and labelled * 2 >= len(texts):
        return True
    turn_marks = text.count(">>")
    if turn_marks >= 3 and word_count <= turn_marks * 200:
        return True
    runs = " ".join(t for t in texts if len(t.split()) >= RUN_WORDS)
    if len(runs.split()) * 2 < word_count:  # mostly short lines
        return word_count / (len(TERMINATOR.findall(text)) + 1) > 60 and fillers * 100 >= word_count
    words_per_sentence = len(runs.split()) / (len(TERMINATOR.findall(runs)) + 1)
    return words_per_sentence > 60 or (words_per_sentence > 30 and fillers * 200 >= word_count)
