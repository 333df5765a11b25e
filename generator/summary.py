"""Summary stage: 2-4 sentences chosen from the text, shown in text order.

Each candidate sentence gets a score from a small logistic regression over a handful of features
(where it stands, how long it is, how central it is to the text, how much of it is quotation,
whether it looks like a caption, ...). The weights are data, ``defaults/summary_model.json``,
learnt by ``bench/train_summary.py`` from the dev half of the Daily Mail stories (labels: the
sentences a greedy ROUGE oracle picks against the human highlights). The best-scored sentences
are taken, skipping one that repeats a pick, until the summary holds about as many words as
human highlights do (at least two sentences, at most four), and are shown in text order.

Sentences a reader could not understand alone are not candidates: captions, credits and links,
picture furniture, questions to the reader, sentences that start mid-thought ("He added...", a
restored transcript sentence cut after "the"), sentences that open a quotation they do not close,
and speech rather than the reporter's account: sentences inside a quotation of their paragraph
(the middle of a quote that runs on) and an interview's questions and answers. A transcript is
summarised by substance: the position features are set to their average, so only what a
sentence says counts. ``bench/summaries.py`` scores the result against human highlights.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from typing import Annotated

import numpy as np
from pydantic import BeforeValidator, Field

from generator.config import Settings
from generator.document import Document, Paragraph, Sentence
from generator.errors import DataFileError
from generator.lexicon import Lexicon
from generator.schema import PACKAGE_DEFAULTS, Text, pattern, read_file, record
from generator.text import broken_end, is_candidate, quotation_spans

__all__ = ["FEATURES", "MAX_SENTENCES", "analyse", "is_candidate", "run", "select"]

_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|me|my|we|we['’](?:re|ve|d|ll)|us|our)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|you['’](?:re|ve|d|ll))\b", re.IGNORECASE)
_INTERVIEW_TURN = re.compile(r"^[QA][:.]\s")
_SURNAME_START = re.compile(r"^(?P<name>[A-Z][a-z][\w’'-]+)\s+[a-z]")
_NUMBER = re.compile(r"\d")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_MIN_SPOKEN_WORDS = 15
_DAMPING = 0.85

# The scorer's inputs, in the order of the weights in summary_model.json.
FEATURES = (
    "first",  # the text's first sentence
    "position",  # 1 / (1 + index)
    "relative",  # index / sentence count
    "length",  # log of the word count
    "centroid",  # cosine similarity to the whole text (TF-IDF)
    "centrality",  # PageRank over the sentences' similarity graph, 1 for the most central
    "lead",  # cosine similarity to the first sentence
    "numbers",  # share of words with a digit
    "names",  # share of capitalised words after the first
    "quoted",  # share of characters inside quotation marks
    "personal",  # first or second person outside quotation marks, or a surname-only opening
)
_POSITIONAL = ("first", "position", "relative", "lead")


FurniturePattern = Annotated[re.Pattern[str], BeforeValidator(pattern(re.IGNORECASE))]


@record
class SummaryData:
    """defaults/summary.yml: picture furniture and the shape of a caption's label."""

    furniture_patterns: tuple[FurniturePattern, ...] = Field((), description="a list of regular expressions")
    caption_label_max_words: int = Field(4, ge=1, description="a whole number of words, at least 1")
    label_reporting_verbs: tuple[Text, ...] = Field((), description="a list of verbs")
    spoken_filler_patterns: tuple[FurniturePattern, ...] = Field((), description="a list of regular expressions")


@cache
def _data() -> dict:
    """defaults/summary.yml, validated, with its caption label compiled."""
    loaded, problems = read_file(SummaryData, PACKAGE_DEFAULTS / "summary.yml", None)
    if problems:
        raise DataFileError(problems)
    loaded = loaded or SummaryData()
    verbs = "|".join(map(re.escape, loaded.label_reporting_verbs))
    words = loaded.caption_label_max_words
    return {
        "_furniture": loaded.furniture_patterns,
        "_spoken_filler": loaded.spoken_filler_patterns,
        "_label": re.compile(rf"^(?P<label>[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){{0,{words - 1}}}):\s+\S"),
        "_verbs": re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE) if verbs else None,
    }


@cache
def model() -> dict:
    """defaults/summary_model.json, the scorer: features, mean, scale, coef, intercept, and the
    selection's settings (target words, redundancy, 2-4 sentences)."""
    weights = json.loads((PACKAGE_DEFAULTS / "summary_model.json").read_text(encoding="utf-8"))
    if tuple(weights["features"]) != FEATURES:
        raise ValueError("summary_model.json does not match summary.FEATURES; rerun bench/train_summary.py")
    return weights


def is_furniture(sentence: str) -> bool:
    """Picture or video furniture: "... (pictured)", "Scroll down for video"."""
    return any(pattern.search(sentence) for pattern in _data()["_furniture"])


_FILLER_PENALTY = 100.0  # log-odds: past any other candidate's score


def is_spoken_filler(sentence: str) -> bool:
    """A transcript sentence that hedges or fills ("you know", "I mean", "So ..."): no news told."""
    return any(p.search(sentence) for p in _data()["_spoken_filler"])


def _caption_label(sentence: str) -> bool:
    data = _data()
    label = data["_label"].match(sentence)
    return bool(label and not (data["_verbs"] and data["_verbs"].search(label.group("label"))))


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


def _eligible(
    i: int, sentences: list[Sentence], paragraphs: tuple[Paragraph, ...], transcript: bool, lexicon: Lexicon | None
) -> bool:
    sentence = sentences[i]
    if i and broken_end(lexicon).search(sentences[i - 1].text.rstrip()):
        return False  # the sentence before was cut mid-phrase, so this one starts mid-thought
    return (
        is_candidate(sentence.text, lexicon)
        and not (transcript and len(sentence.text.split()) < _MIN_SPOKEN_WORDS)
        and not _speech(sentence, paragraphs)
        and (transcript or not _caption(sentence, paragraphs))
    )


def _caption(sentence: Sentence, paragraphs: tuple[Paragraph, ...]) -> bool:
    """Picture furniture in a news text: a furniture pattern, a caption's label ("Wowing LA: ..."), or
    an unpunctuated paragraph after the first (a caption left in the body)."""
    if is_furniture(sentence.text):
        return True
    # A deck may open on a label of its own ("Enttäuschung statt Aufbruch: Der rüde Umgang ..."): the
    # text's first sentence is no caption.
    if _caption_label(sentence.text) and (sentence.paragraph, sentence.start) != (0, 0):
        return True
    if not 0 < sentence.paragraph < len(paragraphs):
        return False
    paragraph = paragraphs[sentence.paragraph]
    return paragraph.kind == "text" and not _TERMINAL.search(paragraph.text)


def _personal(sentence: Sentence, unquoted: str, text_before: str, transcript: bool) -> bool:
    if not transcript and (_FIRST_PERSON.search(unquoted) or _SECOND_PERSON.search(unquoted)):
        return True  # "Every cookbook I owned...": someone speaking, not the news told
    surname = _SURNAME_START.match(sentence.text)
    # "Okafor said...": introduced by full name earlier, not in this sentence
    return bool(surname and re.search(rf"\b[A-Z][\w’'-]+\s+{re.escape(surname.group('name'))}\b", text_before))


def analyse(
    sentences: list[Sentence],
    transcript: bool = False,
    paragraphs: tuple[Paragraph, ...] = (),
    lexicon: Lexicon | None = None,
) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The candidates' indices, their feature rows (``FEATURES``) and the sentences' similarity matrix."""
    candidates = [i for i in range(len(sentences)) if _eligible(i, sentences, paragraphs, transcript, lexicon)]
    if not candidates:
        return [], np.zeros((0, len(FEATURES))), np.zeros((0, 0))
    from sklearn.feature_extraction.text import TfidfVectorizer  # 1-2 s to import: only when a build needs it

    texts = [s.text for s in sentences]
    try:
        vectors = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no word at all
        return candidates, np.zeros((len(candidates), len(FEATURES))), np.zeros((len(texts), len(texts)))
    similarity = (vectors @ vectors.T).toarray()
    centrality = _centrality(similarity)
    centrality = centrality / max(centrality.max(), 1e-12)
    centroid = np.asarray(vectors.sum(axis=0)).ravel()
    centroid_norm = np.linalg.norm(centroid) or 1.0
    to_centroid = np.asarray(vectors @ centroid).ravel() / centroid_norm
    rows = []
    count = len(sentences)
    for i in candidates:
        sentence = sentences[i]
        text = sentence.text
        words = text.split()
        spans = quotation_spans(text)
        quoted = sum(end - start for start, end, _closed in spans) / max(1, len(text))
        unquoted = _unquoted(text, spans)
        before = " ".join(texts[max(0, i - 40) : i])
        rows.append(
            [
                float(i == 0),
                1.0 / (1.0 + i),
                i / count,
                math.log(len(words)),
                float(to_centroid[i]),
                float(centrality[i]),
                float(similarity[i, 0]),
                sum(bool(_NUMBER.search(w)) for w in words) / len(words),
                sum(w[:1].isupper() for w in words[1:]) / max(1, len(words) - 1),
                quoted,
                float(_personal(sentence, unquoted, before, transcript)),
            ]
        )
    return candidates, np.array(rows), similarity


def scores(rows: np.ndarray, weights: dict, transcript: bool = False) -> np.ndarray:
    """The scorer's log-odds for feature rows; a transcript's position features count as average."""
    if not len(rows):
        return np.zeros(0)
    standard = (rows - np.array(weights["mean"])) / np.array(weights["scale"])
    if transcript:
        for name in _POSITIONAL:
            standard[:, FEATURES.index(name)] = 0.0
    return standard @ np.array(weights["coef"]) + float(weights["intercept"])


def choose(
    candidates: list[int],
    score: np.ndarray,
    similarity: np.ndarray,
    word_counts: list[int],
    settings: dict,
    opening: tuple[int, ...] = (),
) -> list[int]:
    """Best scores first, no repeat, until the words reach the target (2 to 4 sentences); text order.

    Each pick is the candidate of best score less ``mmr`` times its greatest similarity to a sentence
    already picked (maximal marginal relevance; the penalty in units of the score's spread over the
    candidates), so a sentence that says again what is picked gives way. A lede of at least
    ``lede_min_words`` words opens the summary when ``keep_first`` is set. ``opening``: the sentences
    of the text's standfirst, which open the summary whole; it sums the story up already, so only
    what reaches the least count of sentences is added to it.
    """
    target, redundant = settings["target_words"], settings["redundancy"]
    least, most = settings["min_sentences"], settings["max_sentences"]
    mmr = float(settings.get("mmr", 0.0))
    spread = float(np.std(score)) if len(score) > 1 else 0.0
    penalty = mmr * (spread or 1.0)
    remaining = list(range(len(candidates)))
    chosen: list[int] = []
    words = 0
    lede = bool(settings.get("keep_first") and candidates and candidates[0] == 0)
    if opening:
        chosen = list(opening[:most])
        remaining = [k for k in remaining if candidates[k] not in chosen]
        target = 0
    elif lede and word_counts[0] >= settings.get("lede_min_words", 0):
        remaining.remove(0)
        chosen.append(0)  # the lede (or the deck) opens the summary
        words += word_counts[0]

    def value(k: int) -> tuple[float, int]:
        i = candidates[k]
        overlap = max((similarity[i, j] for j in chosen), default=0.0)
        return (score[k] - penalty * overlap, -i)

    while remaining and len(chosen) < most and not (len(chosen) >= least and words >= target):
        k = max(remaining, key=value)
        remaining.remove(k)
        i = candidates[k]
        if any(similarity[i, j] >= redundant for j in chosen):
            continue
        if len(chosen) >= least and words + word_counts[i] > target + settings["overshoot"]:
            continue  # would run well past the target: try a shorter one
        chosen.append(i)
        words += word_counts[i]
    return sorted(chosen)


def select(
    sentences: list[Sentence],
    transcript: bool = False,
    paragraphs: tuple[Paragraph, ...] = (),
    lexicon: Lexicon | None = None,
    standfirst: int = 0,
) -> list[Sentence]:
    """The summary sentences, in text order; fewer than two candidates gives what there is.

    ``paragraphs`` (the document's) let a sentence inside a running quotation, and a caption, be told
    apart. For a transcript the position features do not count, and short restored sentences (often
    fragments) and talk about the talk ("you know", "So ...") is picked only when nothing else is left.
    ``standfirst``: how many opening paragraphs are the standfirst (``Document.standfirst``); its
    sentences that could stand alone open the summary.
    """
    candidates, rows, similarity = analyse(sentences, transcript, paragraphs, lexicon)
    # The standfirst was written to stand alone: its sentences need not pass the candidates' tests
    # ("Since 2001, the county..." opens on a word that elsewhere refers back), only not be furniture.
    opening = tuple(i for i, s in enumerate(sentences) if s.paragraph < standfirst and not is_furniture(s.text))
    weights = model()
    if len(candidates) <= 2:
        if not opening:
            return [sentences[i] for i in candidates]
        least, most = weights["selection"]["min_sentences"], weights["selection"]["max_sentences"]
        picked = list(opening[:most])
        picked += [i for i in candidates if i not in picked][: max(0, least - len(picked))]
        return [sentences[i] for i in sorted(picked)]
    score = scores(rows, weights, transcript)
    if transcript:  # talk about the talk comes last: only to reach two sentences when little else is left
        score = score - _FILLER_PENALTY * np.array([is_spoken_filler(sentences[i].text) for i in candidates])
    word_counts = [len(s.text.split()) for s in sentences]
    chosen = choose(candidates, score, similarity, word_counts, weights["selection"], opening)
    return [sentences[i] for i in chosen]


# A summary comes from the opening of a text; past this many sentences the similarity graph
# (quadratic in size) would cost minutes and gigabytes on a pasted book, for nothing.
MAX_SENTENCES = 400


def run(doc: Document, settings: Settings) -> Document:
    chosen = select(
        list(doc.sentences[:MAX_SENTENCES]),
        transcript=doc.kind == "transcript",
        paragraphs=doc.paragraphs,
        lexicon=settings.data.lexicon,
        standfirst=doc.standfirst,
    )
    return doc.with_(summary=tuple(s.text for s in chosen))
