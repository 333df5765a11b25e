"""Summary stage: 2-4 sentences chosen from the text, shown in text order.

Graph centrality (PageRank over TF-IDF cosine similarity between sentences) with a prior
favouring early sentences, then a redundancy check so that two picks do not say the same
thing. Sentences a reader could not understand alone are not candidates: captions, credits
and links, questions to the reader, sentences that start mid-thought ("He added...", a
restored transcript sentence cut after "the"), sentences that open a quotation they do not
close, and speech rather than the reporter's account: sentences inside a quotation of their
paragraph (the middle of a quote that runs on) and an interview's questions and answers.
A sentence that names someone by surname only, that is mostly a quotation, or that speaks in
the first person outside quotation marks (in a news text) counts for less. ``bench/eval_summaries.py`` scores
the result against human summaries.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.config import Settings
from generator.document import Document, Paragraph, Sentence
from generator.lexicon import Lexicon
from generator.text import broken_end, is_candidate, quotation_spans

_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|me|my|we|we['’](?:re|ve|d|ll)|us|our)\b")
_INTERVIEW_TURN = re.compile(r"^[QA][:.]\s")
_SURNAME_START = re.compile(r"^(?P<name>[A-Z][a-z][\w’'-]+)\s+[a-z]")
_REDUNDANT = 0.5
_NEWS_PRIOR, _SPOKEN_PRIOR = 0.5, 0.2
_MIN_SPOKEN_WORDS = 15
_DAMPING = 0.85


def _weight(
    sentence: Sentence, previous: Sentence | None, text_before: str, transcript: bool, lexicon: Lexicon | None
) -> float:
    """A factor below 1 for sentences that lean on their context."""
    weight = 1.0
    if previous is not None and broken_end(lexicon).search(previous.text.rstrip()):
        return 0.0  # the sentence before was cut mid-phrase, so this one starts mid-thought
    spans = quotation_spans(sentence.text)
    quoted = sum(end - start for start, end, _closed in spans)
    if quoted > 0.5 * len(sentence.text):
        weight *= 0.7
    if not transcript and _FIRST_PERSON.search(_unquoted(sentence.text, spans)):
        weight *= 0.6  # "Every cookbook I owned...": someone speaking, not the news told
    surname = _SURNAME_START.match(sentence.text)
    if surname and re.search(rf"\b[A-Z][\w’'-]+\s+{re.escape(surname.group('name'))}\b", text_before):
        weight *= 0.6  # "Okafor said...": introduced by full name earlier, not in this sentence
    return weight


def _unquoted(text: str, spans: list[tuple[int, int, bool]]) -> str:
    kept, cursor = [], 0
    for start, end, _closed in spans:
        kept.append(text[cursor:start])
        cursor = end
    return "".join(kept) + text[cursor:]


def _speech(sentence: Sentence, paragraphs: tuple[Paragraph, ...]) -> bool:
    """Whether the sentence is someone speaking: inside a quotation of its paragraph (a quote that
    runs on), or in an interview's question or answer ("Q: ...", "A: ...")."""
    if not 0 <= sentence.paragraph < len(paragraphs):
        return False
    text = paragraphs[sentence.paragraph].text
    if _INTERVIEW_TURN.match(text):
        return True
    start = sentence.start
    end = start + len(sentence.text)
    return any(q_start <= start and end <= q_end for q_start, q_end, _ in quotation_spans(text))


def _centrality(similarity: np.ndarray) -> np.ndarray:
    matrix = similarity.copy()
    np.fill_diagonal(matrix, 0.0)
    totals = matrix.sum(axis=1, keepdims=True)
    totals[totals == 0] = 1.0
    transition = matrix / totals
    size = len(matrix)
    scores = np.full(size, 1.0 / size)
    for _ in range(100):
        updated = (1 - _DAMPING) / size + _DAMPING * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-9:
            break
        scores = updated
    return scores


def summary_size(sentence_count: int) -> int:
    return 2 if sentence_count < 8 else 3 if sentence_count < 40 else 4


def select(
    sentences: list[Sentence],
    transcript: bool = False,
    paragraphs: tuple[Paragraph, ...] = (),
    lexicon: Lexicon | None = None,
) -> list[Sentence]:
    """The summary sentences, in text order; fewer than two candidates gives what there is.

    ``paragraphs`` (the document's) let a sentence inside a running quotation be told apart.

    Speech does not put its point first the way news copy does: for a transcript the position
    prior is weaker, and short restored sentences (often fragments) are not candidates.
    """
    weights = {}
    for i, sentence in enumerate(sentences):
        if (
            is_candidate(sentence.text, lexicon)
            and not (transcript and len(sentence.text.split()) < _MIN_SPOKEN_WORDS)
            and not _speech(sentence, paragraphs)
        ):
            before = " ".join(s.text for s in sentences[:i])
            weights[id(sentence)] = _weight(sentence, sentences[i - 1] if i else None, before, transcript, lexicon)
    candidates = [s for s in sentences if weights.get(id(s), 0.0) > 0.0]
    if len(candidates) <= 2:
        return candidates
    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform([s.text for s in sentences])
    similarity = (vectors @ vectors.T).toarray()
    centrality = _centrality(similarity)
    centrality = centrality / centrality.max()
    # News puts the point first: a prior that halves a sentence's weight by the tenth.
    position = np.array([1.0 / (1.0 + i / 10.0) for i in range(len(sentences))])
    prior = _SPOKEN_PRIOR if transcript else _NEWS_PRIOR
    scores = (1 - prior) * centrality + prior * position
    index_of = {id(s): i for i, s in enumerate(sentences)}
    ranked = sorted(candidates, key=lambda s: (-scores[index_of[id(s)]] * weights[id(s)], index_of[id(s)]))
    chosen: list[Sentence] = []
    for sentence in ranked:
        i = index_of[id(sentence)]
        if all(similarity[i, index_of[id(other)]] < _REDUNDANT for other in chosen):
            chosen.append(sentence)
        if len(chosen) == summary_size(len(sentences)):
            break
    return sorted(chosen, key=lambda s: index_of[id(s)])


# A summary comes from the opening of a text; past this many sentences the similarity graph
# (quadratic in size) would cost minutes and gigabytes on a pasted book, for nothing.
MAX_SENTENCES = 400


def run(doc: Document, settings: Settings) -> Document:
    chosen = select(
        list(doc.sentences[:MAX_SENTENCES]),
        transcript=doc.kind == "transcript",
        paragraphs=doc.paragraphs,
        lexicon=settings.data.lexicon,
    )
    return doc.with_(summary=tuple(s.text for s in chosen))
