"""Spoken-text repair for the clean stage: detect a transcript, drop fillers and stutters,
and restore sentences and paragraphs by rules (no model is available offline).
"""

from __future__ import annotations

import re

from generator.document import Paragraph

_TERMINATOR = re.compile(r"[.!?](?:\s|$)")
_FILLER = re.compile(r"\b(?:um+|uh+|erm+|er|uh-huh|hmm+|mm+)\b[,.]?\s*", re.IGNORECASE)
# A run of one to four words said twice in a row: "there were there were", "the the".
_STUTTER = re.compile(r"\b((?:[\w’']+\s+){0,3}[\w’']+)(?:\s+\1\b)+", re.IGNORECASE)
# Words that open a new thought in speech; a sentence is cut before them once long enough.
_OPENERS = (
    "so",
    "and so",
    "but",
    "and then",
    "now",
    "i mean",
    "i think",
    "i would say",
    "you know",
    "well",
    "because",
    "and again",
    "again",
    "then",
    "at the same time",
    "the signals",
    "what",
    "which means",
    "it was",
    "it's",
    "this is",
    "there is",
    "there was",
    "there were",
    "we saw",
    "we can see",
    "you can see",
    "they have",
    "they're",
    "both",
    "and i think",
    "the deepening",
    "the big questions",
    "putin",
    "kim",
    "he",
    "she",
    "they",
    "we",
    "i",
)
_MIN_WORDS, _MAX_WORDS = 10, 32
_PARAGRAPH_SENTENCES = 5


def looks_like_transcript(paragraphs: tuple[Paragraph, ...]) -> bool:
    """Long stretches of speech with almost no sentence punctuation."""
    text = " ".join(p.text for p in paragraphs if p.kind == "text")
    word_count = len(text.split())
    if word_count < 120:
        return False
    terminators = len(_TERMINATOR.findall(text)) + 1
    return word_count / terminators > 60


def drop_fillers(text: str) -> str:
    text = _FILLER.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _STUTTER.sub(r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _starts_thought(tokens: list[str], index: int) -> bool:
    ahead = " ".join(tokens[index : index + 4]).lower()
    return any(ahead == opener or ahead.startswith(opener + " ") for opener in _OPENERS)


def split_sentences(text: str) -> list[str]:
    """Cut unpunctuated speech into sentences at discourse markers, within length bounds."""
    tokens = text.split()
    sentences, current = [], []
    for index, token in enumerate(tokens):
        long_enough = len(current) >= _MIN_WORDS and _starts_thought(tokens, index)
        if current and (long_enough or len(current) >= _MAX_WORDS and _starts_thought(tokens, index)):
            sentences.append(current)
            current = []
        current.append(token)
        if len(current) >= _MAX_WORDS * 2:  # no marker in sight: cut anyway
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return [_punctuate(words) for words in sentences]


def _punctuate(words: list[str]) -> str:
    sentence = " ".join(words).strip(" ,")
    sentence = sentence[0].upper() + sentence[1:]
    return sentence if sentence[-1] in ".!?" else sentence + "."


def restore(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    restored: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.kind != "text":
            restored.append(paragraph)
            continue
        sentences = split_sentences(drop_fillers(paragraph.text))
        for start in range(0, len(sentences), _PARAGRAPH_SENTENCES):
            restored.append(Paragraph(" ".join(sentences[start : start + _PARAGRAPH_SENTENCES])))
    return tuple(restored)
