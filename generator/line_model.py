"""A learned judgement on each line of a text: story or page furniture.

The rules of ``generator.clean`` know the shapes the project has seen; on real pages nobody here
wrote, the field's answer is a classifier over shallow features of each line (boilerpipe: word
count, text density, position, neighbours; jusText: stop-word density in the page's language).
This module computes those features and scores them with a small model trained by
``bench/train_lines.py`` on the dev half of trafilatura-eval's pages as text dumps, shipped as
JSON in ``generator/defaults/line_model.json`` (gradient-boosted trees: thresholds and leaf
values, read without pickle; the same input gives the same answer on every machine).

The clean stage asks it once per document (``judge``): a line the rules kept but the model is
sure is furniture goes, with the model's reason; the data-file boilerplate patterns stay
overrides either way. Stop words are jusText's packaged lists; the page's language is the list
that covers most of its words. The model also carries a learnt vocabulary (word -> log-odds of
story: "newsletter", "abonnieren", "kommentare" lean furniture), stop words left out.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from generator.document import Removal
from generator.text import words as _words

MODEL_FILE = Path(__file__).parent / "defaults" / "line_model.json"
# The body trafilatura extracted from an HTML page is judged by a model of its own (trained without
# the saved pages of bench/excerpts, which teach a plain-text model to cut what trafilatura keeps well).
EXTRACTED_MODEL_FILE = Path(__file__).parent / "defaults" / "line_model_extracted.json"
REASON = "page furniture (line model)"
# The generic shape rules of the clean stage whose removals the model may overturn.
RESCUABLE = frozenset(
    {
        "short line inside the body (no sentence, not followed by text)",
        "short line after the body",
        "caption-like line inside the body (no sentence end, too long for a crosshead)",
    }
)

_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*(?:\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
_SEPARATOR = re.compile(r"\s[|•·»›/>]\s|^[|•·»›>]|[|•·»›]$")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|de|org|net|fr|html?)\b|@\w|#\w")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved|alle rechte", re.IGNORECASE)
_LIST_MARK = re.compile(r"^(?:[-–•*·▪●◦]|\d{1,2}[.)])\s+\S")
_DIGIT = re.compile(r"\d")

BASE = (
    "log_words",
    "log_chars",
    "ends_sentence",
    "sentence_ends_per_word",
    "commas_per_word",
    "digit_share",
    "upper_share",
    "capitalised_share",
    "stop_density",
    "separators",
    "urlish",
    "copyright",
    "list_mark",
    "ends_colon",
    "repeated",
    "long_word_share",
)
CONTEXT = ("log_words", "stop_density", "ends_sentence")
FEATURES = (
    *BASE,
    *(f"prev_{name}" for name in CONTEXT),
    *(f"next_{name}" for name in CONTEXT),
    *(f"prev2_{name}" for name in CONTEXT),
    *(f"next2_{name}" for name in CONTEXT),
    "window_log_words",
    "window_stop_density",
    "window_ends_sentence",
    "position",
    "words_before_share",
    "words_after_share",
    "lines",
    "doc_stop_density",
    "recurring",
    "window_recurring",
    # Where the line stands against the story's long lines (a short last sentence after the story
    # is not a footer because it is last; a line between two story lines is inside the story).
    "prose",
    "prose_before",
    "prose_after",
    "lines_since_prose",
    "lines_until_prose",
    "between_prose",
    "complete_sentence",
    "title_case",
    "occurrences",
    "stop_gap",
    # The words' own evidence: each word's log-odds of story against furniture on the training
    # pages ("newsletter", "abonnieren", "cookies" lean furniture), mean and most furniture-like.
    "vocabulary",
    "vocabulary_min",
    "window_vocabulary",
)
STORY_SHAPED_FACTOR = 0.5  # a story-shaped line goes only below this share of the threshold
FOLLOWS_STORY_FACTOR = 0.2  # ... and a sentence that follows a kept story line, below this share
LIST_RUN = 3  # marked items in a row that make a list the model judges as one block
PROSE_WORDS = 12  # a line this long that ends a sentence in the page's stop-word density is story-like


def line_key(text: str) -> str:
    """The hashed, case- and space-normalised form of a line, as the model's list of recurring lines
    holds it (hashes, not text: the pages it was counted on are other people's)."""
    return hashlib.sha1(" ".join(text.split()).lower().encode("utf-8")).hexdigest()[:12]


@cache
def _stop_words() -> dict[str, frozenset[str]]:
    """jusText's packaged stop lists, by language name (empty when jusText is not installed)."""
    try:
        import justext
    except ImportError:  # pragma: no cover - jusText is a dependency
        return {}
    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}


@cache
def _languages_of_word() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for name, words in _stop_words().items():
        for word in words:
            index.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in index.items()}


def stop_list(tokens: list[str]) -> frozenset[str]:
    """The stop list that covers most of the text's words (ties: the first name in order)."""
    index = _languages_of_word()
    votes: Counter[str] = Counter()
    for token in tokens:
        votes.update(index.get(token, ()))
    if not votes:
        return frozenset()
    best = max(sorted(votes), key=lambda name: votes[name])
    return _stop_words()[best]


def _base(text: str, tokens: list[str], stops: frozenset[str], counts: Counter[str]) -> list[float]:
    words = max(1, len(tokens))
    letters = _LETTER.findall(text)
    raw_words = text.split()
    return [
        math.log1p(len(tokens)),
        math.log1p(len(text)),
        float(bool(_ENDS_SENTENCE.search(text))),
        len(_SENTENCE_END.findall(text)) / words,
        text.count(",") / words,
        len(_DIGIT.findall(text)) / max(1, len(text)),
        sum(1 for c in letters if c.isupper()) / max(1, len(letters)),
        sum(1 for w in raw_words if w[:1].isupper()) / max(1, len(raw_words)),
        sum(1 for t in tokens if t in stops) / words,
        float(len(_SEPARATOR.findall(text))),
        float(bool(_URLISH.search(text))),
        float(bool(_COPYRIGHT.search(text))),
        float(bool(_LIST_MARK.match(text))),
        float(text.rstrip().endswith(":")),
        float(counts[" ".join(text.split()).lower()] > 1),
        sum(1 for t in tokens if len(t) >= 7) / words,
    ]


_COMPLETE = re.compile(r"^[\"'“‘«„(]?[^\W\d_].*[.!?…。！？][\"'”’»)]*$")
_SMALL_WORDS = 4  # words this short or shorter are not counted by the title-case share


def _is_prose(tokens: list[str], own: list[float], has_stops: bool) -> bool:
    return (
        len(tokens) >= PROSE_WORDS
        and own[BASE.index("ends_sentence")] > 0
        and (not has_stops or own[BASE.index("stop_density")] >= 0.15)
    )


def _title_case(text: str) -> float:
    """The share of the longer words that open with a capital (menus, link lists, headlines)."""
    long_words = [w for w in text.split() if len(w) > _SMALL_WORDS and w[:1].isalpha()]
    return sum(1 for w in long_words if w[:1].isupper()) / len(long_words) if long_words else 0.0


def _placement(i: int, prose: list[bool], prose_lines: list[int], n: int) -> list[float]:
    at = bisect.bisect_left(prose_lines, i)
    before = at
    after = len(prose_lines) - at - (1 if prose[i] else 0)
    since = i - prose_lines[at - 1] if at > 0 else n + 1
    nxt = bisect.bisect_right(prose_lines, i)
    until = prose_lines[nxt] - i if nxt < len(prose_lines) else n + 1
    return [
        float(prose[i]),
        math.log1p(before),
        math.log1p(after),
        math.log1p(since),
        math.log1p(until),
        float(before > 0 and after > 0),
    ]


def word_tokens(text: str) -> list[str]:
    return _words(text.lower())


def vocabulary_words(tokens: list[str]) -> list[str]:
    """The tokens the vocabulary weighs: words of three letters or more, no digits, and no stop word
    of any language (those tell the page's language, which the stop-word features already read;
    weighed, the training pages' mix of languages would make a whole language lean one way)."""
    stops = _languages_of_word()
    return [t for t in tokens if len(t) >= 3 and t not in stops and not _DIGIT.search(t) and "_" not in t]


def _vocabulary(tokens: list[str], weights: Mapping[str, float]) -> tuple[float, float]:
    scored = [weights.get(t, 0.0) for t in vocabulary_words(tokens)]
    return (sum(scored) / len(scored), min(scored)) if scored else (0.0, 0.0)


def features(
    lines: list[str],
    recurring: Callable[[str], int] = lambda key: 0,
    vocabulary: Mapping[str, float] = MappingProxyType({}),
) -> list[list[float]]:
    """One row of ``FEATURES`` per line; ``recurring``: on how many other sources a line (by
    ``line_key``) was seen; ``vocabulary``: word -> log-odds of story."""
    tokens = [word_tokens(line) for line in lines]
    stops = stop_list([t for line in tokens for t in line])
    counts = Counter(" ".join(line.split()).lower() for line in lines)
    base = [_base(line, line_tokens, stops, counts) for line, line_tokens in zip(lines, tokens, strict=True)]
    index = {name: BASE.index(name) for name in CONTEXT}
    empty = [0.0] * len(BASE)
    total_words = max(1, sum(len(t) for t in tokens))
    all_stop = sum(1 for line in tokens for t in line if t in stops) / total_words
    rows = []
    before = 0
    n = len(lines)
    seen = [math.log1p(recurring(line_key(line))) for line in lines]
    prose = [_is_prose(tokens[i], base[i], bool(stops)) for i in range(n)]
    prose_lines = [i for i in range(n) if prose[i]]
    prose_stop = sum(base[i][BASE.index("stop_density")] for i in prose_lines) / max(1, len(prose_lines))
    words = [_vocabulary(t, vocabulary) for t in tokens]
    for i, own in enumerate(base):
        row = list(own)
        for offset in (-1, 1, -2, 2):
            other = base[i + offset] if 0 <= i + offset < n else empty
            row += [other[index[name]] for name in CONTEXT]
        window = [base[j] for j in range(max(0, i - 3), min(n, i + 4))]
        row += [sum(w[index[name]] for w in window) / len(window) for name in CONTEXT]
        after = total_words - before - len(tokens[i])
        row += [i / max(1, n - 1), before / total_words, after / total_words, math.log1p(n), all_stop]
        row += [seen[i], sum(seen[max(0, i - 3) : i + 4]) / len(window)]
        row += _placement(i, prose, prose_lines, n)
        row += [
            float(bool(_COMPLETE.match(lines[i].strip())) and len(tokens[i]) >= 4),
            _title_case(lines[i]),
            math.log1p(counts[" ".join(lines[i].split()).lower()] - 1),
            abs(own[BASE.index("stop_density")] - prose_stop) if prose_lines else 1.0,
            *words[i],
            sum(mean for mean, _ in words[max(0, i - 3) : i + 4]) / len(window),
        ]
        before += len(tokens[i])
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    trees: tuple[dict, ...]  # each: feature, threshold, left, right, value (arrays, -1 = leaf)
    base_score: float
    learning_rate: float
    threshold: float  # a kept line whose story probability is below this is furniture
    rescue: float  # a line only the shape rules dropped, at or above this, is story
    recurring: dict[str, int]  # line_key -> number of training sources the line was seen on (3 or more)
    vocabulary: dict[str, float] = field(default_factory=dict)  # word -> log-odds of story (training pages)
    # The threshold for a text an extractor already chose as main text (an HTML page read with
    # trafilatura): only a line the model is very sure of goes.
    extracted_threshold: float = 0.0

    def probability(self, row: list[float]) -> float:
        score = self.base_score
        for tree in self.trees:
            node = 0
            while tree["left"][node] != -1:
                node = (
                    tree["left"][node] if row[tree["feature"][node]] <= tree["threshold"][node] else tree["right"][node]
                )
            score += self.learning_rate * tree["value"][node]
        return 1.0 / (1.0 + math.exp(-score))


@cache
def load(path: Path = MODEL_FILE) -> Model | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: its features are not this module's; retrain with bench/train_lines.py")
    return Model(
        tuple(data["features"]),
        tuple(data["trees"]),
        float(data["base_score"]),
        float(data["learning_rate"]),
        float(data["threshold"]),
        float(data.get("rescue", 2.0)),
        dict(data.get("recurring", {})),
        dict(data.get("vocabulary", {})),
        float(data.get("extracted_threshold", 0.0)),
    )


def probabilities(lines: list[str], model: Model | None = None) -> list[float]:
    """Each line's probability of being story text (1.0 for every line when no model is shipped)."""
    model = model or load()
    if model is None or not lines:
        return [1.0] * len(lines)
    rows = features(lines, lambda key: model.recurring.get(key, 0), model.vocabulary)
    return [model.probability(row) for row in rows]


def furniture(lines: list[str], model: Model | None = None) -> list[bool]:
    """Which lines the model judges furniture."""
    model = model or load()
    if model is None:
        return [False] * len(lines)
    return [p < model.threshold for p in probabilities(lines, model)]


def _as_lists(scores: dict[int, float], lines: list, extracted: bool) -> dict[int, float]:
    """A run of marked list items is judged whole: a product's feature list keeps its short items
    ("- Fixer Aluminiumstock") along with the long ones, and a list of related headlines goes
    together, the one that reads like the story with it. A plain text's list is judged by its median
    item; a list the extractor already chose as the page's main text, by its most story-like item
    (a recipe's ingredients are as short as a menu's entries)."""
    judge = max if extracted else statistics.median
    run: list[int] = []
    for line in [*lines, None]:
        if line is not None and _LIST_MARK.match(line.text):
            run.append(line.number)
            continue
        if len(run) >= LIST_RUN:
            scores |= dict.fromkeys(run, judge(scores[number] for number in run))
        run = []
    return scores


STORY_LIST_ITEMS = 12  # a story's list is this long at most ("Key points:" and its items)
_ITEM_WORDS = 15


def _story_lists(
    lines: list,
    blocks: list[tuple],
    removals: list[Removal],
    story_shaped: set[int],
    scores: dict[int, float],
    keep: float,
) -> set[int]:
    """Numbers of the lines of lists inside the story: a run of short lines (or marked items) right
    under a line that introduces them (ending in a colon, or a crosshead) with the story going on
    right after, in a sentence the model keeps ("The new rules require:" / "- Refunds within seven
    days" / "Airlines said ..."). An introduction a data-file pattern removed ("Read more:") makes
    no story list, and a menu has no story sentence after it; judged item by item, a story's list
    reads as one."""
    position = {line.number: i for i, line in enumerate(lines)}
    shape_dropped = {removal.line for removal in removals if removal.reason in RESCUABLE}
    kinds = {line.number: kind for line, kind in blocks}
    found: set[int] = set()
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and blocks[end][1] == "text" and _is_item(blocks[end][0], story_shaped):
            end += 1
        if index == end:
            index += 1
            continue
        at = position.get(blocks[index][0].number, 0)
        intro = lines[at - 1] if at > 0 else None
        after = blocks[end][0] if end < len(blocks) else None
        introduced = (
            intro is not None
            and (intro.number in kinds or intro.number in shape_dropped)
            and (kinds.get(intro.number) == "heading" or _introduces(intro.text))
        )
        story_after = after is not None and after.number in story_shaped and scores.get(after.number, 0.0) >= keep
        if introduced and story_after and end - index <= STORY_LIST_ITEMS:
            found |= {blocks[j][0].number for j in range(index, end)} | {intro.number}
        index = end
    return found


def _introduces(text: str) -> bool:
    """ "Key points:", or a Markdown crosshead ("## What the plan includes")."""
    return text.rstrip().endswith(":") or text.startswith("#")


def _is_item(line, story_shaped: set[int]) -> bool:
    text = line.text.strip()
    return bool(_LIST_MARK.match(text)) or (
        line.number not in story_shaped and not text.endswith(":") and len(text.split()) <= _ITEM_WORDS
    )


def prune(
    lines: list,
    blocks: list[tuple],
    removals: list[Removal],
    protected: set[int] | frozenset[int] = frozenset(),
    model: Model | None = None,
    extracted: bool = False,
) -> tuple[list[Removal], list[tuple]]:
    """The clean stage's judgement of the body, with the model's added: ``(removals, blocks)``.

    ``lines``: every line of the document (``.number``, ``.text``), the context the features read;
    ``blocks``: the ``(line, kind)`` the rules kept; ``removals``: what the rules dropped from the body;
    ``protected``: numbers of lines the rules know are story (the standfirst).
    A kept line the model is sure is furniture goes (``REASON``), and so does a heading whose
    section is gone; a line that only the generic shape rules dropped
    (``RESCUABLE``: short, unpunctuated) and that the model is sure is story comes back as text.
    Every other removal (data-file patterns, headers, bylines, duplicates) stands.
    """
    model = model or load(EXTRACTED_MODEL_FILE if extracted else MODEL_FILE)
    if model is None or not blocks:
        return removals, blocks
    threshold = model.extracted_threshold if extracted else model.threshold
    rows = features([line.text for line in lines], lambda key: model.recurring.get(key, 0), model.vocabulary)
    scores = {line.number: model.probability(row) for line, row in zip(lines, rows, strict=True)}
    scores = _as_lists(scores, lines, extracted)
    # A complete sentence as long as the story's lines needs the model to be twice as sure.
    prose, complete = FEATURES.index("prose"), FEATURES.index("complete_sentence")
    story_shaped = {line.number for line, row in zip(lines, rows, strict=True) if row[prose] and row[complete]}
    by_number = {line.number: line for line in lines}
    protected = set(protected) | _story_lists(
        lines, blocks, removals, story_shaped, scores, threshold * STORY_SHAPED_FACTOR
    )
    kept_removals: list[Removal] = []
    kept: list[tuple] = []
    for removal in removals:
        if removal.reason in RESCUABLE and scores.get(removal.line, 0.0) >= model.rescue and removal.line in by_number:
            kept.append((by_number[removal.line], "text"))
        else:
            kept_removals.append(removal)
    after_story = False  # the block before this one stayed, as text
    for index, (line, kind) in enumerate(blocks):
        # A sentence right after a line the model keeps as story carries the story on ("Nobody was
        # hurt." after the fire's cause): it needs the model to be surer still.
        follows_story = after_story and bool(_COMPLETE.match(line.text.strip()))
        after_story = False
        factor = FOLLOWS_STORY_FACTOR if follows_story else STORY_SHAPED_FACTOR if line.number in story_shaped else 1.0
        if kind == "text" and line.number not in protected and scores.get(line.number, 1.0) < threshold * factor:
            # Inside the story (the kept lines on both sides are story to the model) a line stays.
            # So does a sentence that opens the body right over the story ("AMENDMENTS have been made
            # to the council's bridge policy." under a share counter).
            around = [blocks[j][0].number for j in (index - 1, index + 1) if 0 <= j < len(blocks)]
            opens_story = index == 0 and bool(_COMPLETE.match(line.text.strip()))
            if (len(around) < 2 and not opens_story) or min((scores.get(n, 0.0) for n in around), default=0.0) < 0.5:
                kept_removals.append(Removal(line.number, line.text, REASON))
                continue
        kept.append((line, kind))
        after_story = kind == "text"
    if not any(kind == "text" for _, kind in kept):
        return removals, blocks  # the model never empties a document: the rules' judgement stands
    kept.sort(key=lambda block: block[0].number)
    with_headings: list[tuple] = []
    for index, (line, kind) in enumerate(kept):
        # A heading whose section the model removed ("Kommentieren" over the comment widget, "TEMAS
        # RELACIONADOS" over links) labelled furniture: it goes with it.
        heads_nothing = index + 1 == len(kept) or kept[index + 1][1] != "text"
        if kind == "heading" and line.number not in protected and heads_nothing:
            kept_removals.append(Removal(line.number, line.text, REASON))
            continue
        with_headings.append((line, kind))
    return kept_removals, with_headings
