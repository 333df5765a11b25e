"""Summary stage: 2-4 sentences chosen from the text, shown in text order.

Graph centrality (PageRank over TF-IDF cosine similarity between sentences) with a prior
favouring early sentences, then a redundancy check so that two picks do not say the same
thing. Sentences a reader could not understand alone are not candidates.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.config import Settings
from generator.document import Document, Sentence

_MIN_WORDS, _MAX_WORDS = 8, 60
# Openers that point back to something the reader has not seen in the summary.
_DEPENDENT_START = re.compile(
    r"^(?:he|she|they|it|this|that|these|those|his|her|their|its|but|and|or|so|also|however|"
    r"meanwhile|still|yet|then|there|here|such|which|who|both)\b|^(?:[\"“‘'])",
    re.IGNORECASE,
)
_REPORTING_ONLY = re.compile(r"\b(?:added|continued|went on)\s*[:,]", re.IGNORECASE)
_REDUNDANT = 0.5
_DAMPING = 0.85


def is_candidate(sentence: str) -> bool:
    word_count = len(sentence.split())
    return (
        _MIN_WORDS <= word_count <= _MAX_WORDS
        and not sentence.rstrip("”’\"' ").endswith("?")
        and not sentence.rstrip().endswith(":")
        and not _DEPENDENT_START.search(sentence)
        and not _REPORTING_ONLY.search(sentence)
        and "[/caption]" not in sentence
        and sentence[0].isupper()
    )


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


def select(sentences: list[Sentence]) -> list[Sentence]:
    """The summary sentences, in text order; fewer than two candidates gives what there is."""
    candidates = [s for s in sentences if is_candidate(s.text)]
    if len(candidates) <= 2:
        return candidates
    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform([s.text for s in sentences])
    similarity = (vectors @ vectors.T).toarray()
    centrality = _centrality(similarity)
    centrality = centrality / centrality.max()
    # News puts the point first: a prior that halves a sentence's weight by the tenth.
    position = np.array([1.0 / (1.0 + i / 10.0) for i in range(len(sentences))])
    scores = 0.5 * centrality + 0.5 * position
    index_of = {id(s): i for i, s in enumerate(sentences)}
    ranked = sorted(candidates, key=lambda s: (-scores[index_of[id(s)]], index_of[id(s)]))
    chosen: list[Sentence] = []
    for sentence in ranked:
        i = index_of[id(sentence)]
        if all(similarity[i, index_of[id(other)]] < _REDUNDANT for other in chosen):
            chosen.append(sentence)
        if len(chosen) == summary_size(len(sentences)):
            break
    return sorted(chosen, key=lambda s: index_of[id(s)])


def run(doc: Document, settings: Settings) -> Document:
    return doc.with_(summary=tuple(s.text for s in select(list(doc.sentences))))
