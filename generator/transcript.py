"""Spoken-text repair for the clean stage: detect a transcript, drop fillers and stutters,
and restore sentences and paragraphs by rules (no model is available offline).

Sentence cuts are chosen for the whole run at once (dynamic programming over the word
gaps): a cut scores well before a discourse marker ("so", "I mean", "and then", "but")
or a new clause's subject, after a word that can end a clause, and badly after a
function word ("that", "the", "to"), which can never end a sentence. Sentence length
adds a soft penalty outside 8-28 words. Only words are cut and joined: the text's words
stay, in order; a capital and a full stop mark each sentence.
"""

from __future__ import annotations

import re

from generator.document import Paragraph

_TERMINATOR = re.compile(r"[.!?](?:\s|$)")
_FILLER = re.compile(r"(?<![\w’'-])(?:u+m+|u+h+|e+r+m+|e+r+|a+h+|hmm+|mm+)(?![\w’'-])[,.]?\s*", re.IGNORECASE)
# A run of one to four words said twice in a row: "there were there were", "the the", "it it".
_STUTTER = re.compile(r"(?<![\w’'-])((?:[\w’'-]+\s+){0,3}[\w’'-]+)(?:\s+\1)+(?![\w’'-])", re.IGNORECASE)
# A false start before a contraction: "it it’s", "I I’m", "we we’re".
_FALSE_START = re.compile(r"(?<![\w’'-])(\w+)\s+(?=\1[’']\w+(?![\w’'-]))", re.IGNORECASE)
# Words said twice on purpose: "he had had enough", "that that was".
_REAL_DOUBLES = {"had", "that", "bye", "no", "yes", "very", "many", "really", "so"}
# ``NAME: words`` at the start of a paragraph: a labelled speaker turn.
_SPEAKER_LABEL = re.compile(r"^(?:[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}|SPEAKER \d+|Q|A):\s")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A sentence never ends on these words: articles, prepositions, conjunctions, auxiliaries,
# pronouns that need a verb, determiners.
_FUNCTION_WORDS = _word_set(
    """a an the this that these those his her its their our my your some any every each no of to in on at
    by for with from into onto about over under than as like through between against during without
    within upon via per and or but nor so because if when while whether although though unless until
    since which who whom whose what where why how is are was were be been being am has have had will would
    shall should can could may might must not i we you he she they i’m i'm it’s it's
    we’re we're they’re they're you’re you're he’s he's she’s she's that’s that's there’s there's
    what’s what's very more most much many really quite just also even only too rather such both either
    neither kind sort lot own including regarding whose per then"""
)
# Words that usually continue the sentence before them: a cut just before them is poor.
_CONTINUERS = _word_set(
    """that of to than as which who whom whose and or nor is are was were in on at for with from by into
    about has have had will would can could should does did do"""
)
# Discourse markers that open a new thought in speech, with how strongly they do.
_MARKERS: tuple[tuple[str, float], ...] = (
    ("and i think", 4.0),
    ("i think", 3.5),
    ("i mean", 3.5),
    ("i would say", 3.5),
    ("and then", 3.0),
    ("and so", 3.0),
    ("at the same time", 3.0),
    ("so", 3.0),
    ("but", 2.5),
    ("now", 2.0),
    ("well", 1.5),
    ("and again", 2.0),
    ("again", 1.0),
    ("also", 0.5),
)
# "so far", "so much": not a marker. "but also": not a new thought.
_NOT_MARKERS = {"so": {"far", "much", "many", "that", "to", "long", "called", "on"}, "but": {"also", "not"}}
_SUBJECTS = _word_set(
    "i we he she they it there this these you it’s there’s he’s she’s they’re we’re i’m you’re i’ve we’ve"
)
# Verbs that take a clause after them: "I think we need", "Russia has said they".
_CLAUSE_VERBS = _word_set("think thought mean meant say said says know knew believe guess suppose told tell hope")
# Adjective endings: the noun they describe follows, so a cut after them is poor.
_ADJECTIVE_END = re.compile(r"(?:al|ic|ive|ous|ful|ar|ent|ant|ible|able|less|ish|ian|ese)$")
_MIN_WORDS, _SOFT_MIN, _SOFT_MAX, _MAX_WORDS = 5, 8, 28, 60
# A gap where a sentence must not end; finite, so that a run with no allowed gap within
# _MAX_WORDS is still cut (at its least bad place) rather than left as one endless sentence.
_FORBIDDEN = -100.0
_PARAGRAPH_WORDS, _PARAGRAPH_MAX_WORDS = 70, 130


def looks_like_transcript(paragraphs: tuple[Paragraph, ...]) -> bool:
    """Long stretches of speech with almost no sentence punctuation, or labelled speaker turns."""
    texts = [p.text for p in paragraphs if p.kind == "text"]
    text = " ".join(texts)
    word_count = len(text.split())
    if word_count < 120:
        return False
    words_per_sentence = word_count / (len(_TERMINATOR.findall(text)) + 1)
    fillers = len(_FILLER.findall(text))
    labels = {m.group(0) for t in texts if (m := _SPEAKER_LABEL.match(t))}
    labelled = sum(1 for t in texts if _SPEAKER_LABEL.match(t))
    return (
        words_per_sentence > 60
        or (words_per_sentence > 30 and fillers * 200 >= word_count)
        or (len(labels) >= 2 and labelled * 2 >= len(texts))
    )


def drop_fillers(text: str) -> str:
    """Remove fillers (um, uh, er) and stutters (``there were there were``, ``the the``)."""
    text = _FALSE_START.sub("", _FILLER.sub("", text))
    previous = None
    while previous != text:
        previous, text = text, _STUTTER.sub(_keep_once, text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _keep_once(match: re.Match[str]) -> str:
    said = match.group(1)
    return match.group(0) if said.lower() in _REAL_DOUBLES else said


def _bare(token: str) -> str:
    return token.lower().strip(',;:.!?"“”‘’()')


def _marker_strength(lowered: list[str], index: int) -> float:
    for marker, strength in _MARKERS:
        parts = marker.split()
        if lowered[index : index + len(parts)] == parts:
            following = lowered[index + len(parts)] if index + len(parts) < len(lowered) else ""
            if following in _NOT_MARKERS.get(marker, set()):
                return 0.0
            return strength
    return 0.0


def _cut_scores(tokens: list[str]) -> list[float]:
    """Score of a sentence cut before each token (index 0 and the end are free)."""
    lowered = [_bare(t) for t in tokens]
    scores = [0.0] * (len(tokens) + 1)
    for index in range(1, len(tokens)):
        before, here = lowered[index - 1], lowered[index]
        if (
            before in _FUNCTION_WORDS
            or tokens[index - 1].endswith(("-", "’", "'"))
            or (re.search(r"[’']\w+$", before) and not before.endswith(("n’t", "n't")))  # "they’d", "Kim’s"
            or (len(before) == 1 and before not in "i")  # a broken-off word: "a p battle"
            or (tokens[index - 1][:1].isupper() and tokens[index][:1].isupper() and here != "i")  # a name
            or (before in _CLAUSE_VERBS and index >= 2 and lowered[index - 2] in _SUBJECTS)  # "I think"
            or (before in _CLAUSE_VERBS and here in _SUBJECTS)  # "has said they ..."
            or (before == "it" and index >= 2 and lowered[index - 2] in _FUNCTION_WORDS)  # "that it"
        ):
            scores[index] = _FORBIDDEN
            continue
        score = _marker_strength(lowered, index)
        if not score:
            following = lowered[index + 1] if index + 1 < len(lowered) else ""
            if here in _SUBJECTS and following and following not in _FUNCTION_WORDS - {"is", "was", "are", "were"}:
                score = 1.0  # a new clause's subject and its verb: "we saw", "it was"
            elif here in _CONTINUERS:
                score = -3.0
            else:
                score = -2.0
        if index >= 2 and lowered[index - 2] == "to":
            score -= 2.0  # "to promote ...": an infinitive wants its object
        if before.endswith("ly") or before in _CLAUSE_VERBS:
            score -= 1.0  # an adverb usually modifies what follows; a said-verb takes a clause
        elif _ADJECTIVE_END.search(before) or "-" in before:
            score -= 1.0  # "a common problem", "a us-led world order"
        if tokens[index - 1].endswith((",", ";", ":")):
            score += 1.0
        scores[index] = score
    return scores


def _length_cost(count: int) -> float:
    if count < _SOFT_MIN:
        return (_SOFT_MIN - count) * 0.6
    if count > _SOFT_MAX:
        return (count - _SOFT_MAX) * 0.15
    return 0.0


def split_sentences(text: str) -> list[str]:
    """Cut unpunctuated speech into sentences at the best-scoring gaps (see module doc)."""
    tokens = text.split()
    if not tokens:
        return []
    scores = _cut_scores(tokens)
    count = len(tokens)
    best = [float("-inf")] * (count + 1)
    back = [0] * (count + 1)
    best[0] = 0.0
    for end in range(1, count + 1):
        cut_score = 0.0 if end == count else scores[end]
        for start in range(max(0, end - _MAX_WORDS), end - _MIN_WORDS + 1 if end - _MIN_WORDS >= 0 else 0):
            if best[start] == float("-inf"):
                continue
            value = best[start] + cut_score - _length_cost(end - start) - 1.5  # each sentence costs a little
            if value > best[end]:
                best[end], back[end] = value, start
    if best[count] == float("-inf"):  # too short to cut, or no allowed gap: one sentence
        return [_punctuate(tokens)]
    cuts, end = [], count
    while end > 0:
        cuts.append((back[end], end))
        end = back[end]
    return [_punctuate(tokens[start:end]) for start, end in reversed(cuts)]


def _punctuate(tokens: list[str]) -> str:
    sentence = " ".join("I" if token == "i" else token for token in tokens).strip(" ,;")
    sentence = sentence[0].upper() + sentence[1:]
    return sentence if sentence[-1] in ".!?" else sentence + "."


def _paragraphs(sentences: list[str]) -> list[str]:
    """Group sentences into paragraphs of about 70-130 words, starting a new one at a marker."""
    paragraphs: list[list[str]] = [[]]
    size = 0
    for sentence in sentences:
        lowered = [_bare(t) for t in sentence.split()]
        opens_thought = _marker_strength(lowered, 0) >= 2.0
        if paragraphs[-1] and (size >= _PARAGRAPH_MAX_WORDS or (size >= _PARAGRAPH_WORDS and opens_thought)):
            paragraphs.append([])
            size = 0
        paragraphs[-1].append(sentence)
        size += len(lowered)
    return [" ".join(group) for group in paragraphs if group]


def restore(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """Fillers and stutters out; unpunctuated runs cut into sentences and paragraphs."""
    restored: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.kind != "text":
            restored.append(paragraph)
            continue
        text = drop_fillers(paragraph.text)
        if not text:
            continue
        words = len(text.split())
        if words / (len(_TERMINATOR.findall(text)) + 1) <= 30:  # already punctuated speech
            restored.append(Paragraph(text))
            continue
        restored.extend(Paragraph(group) for group in _paragraphs(split_sentences(text)))
    return tuple(restored)
