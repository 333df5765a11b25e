"""Transcript stage: for a text the clean stage found to be speech, drop fillers and stutters,
and restore sentences and paragraphs by rules (no model is available offline).

Sentence cuts are chosen for the whole run at once (dynamic programming over the word
gaps): a cut scores well before a discourse marker ("so", "I mean", "and then", "but"),
a courtesy ("thank you"), a question opener ("what is", "do you") or a new clause's
subject ("we saw", "it was", "the owner was"), and badly after a function word ("that",
"the", "to"), which can never end a sentence, or inside a noun phrase or a relative clause.
Sentence length adds a soft penalty outside 6-24 words (14 for a question). Only words are
cut and joined: the text's words stay, in order; a capital and a full stop, or a question
mark after a question opener, mark each sentence. A question and the answer after it start
paragraphs of their own, as does a speaker label ("Q:", "JANE SMITH:") or a caption's ">>".

Measured on tests/data/transcripts (eleven raw/reference pairs; police_appeal and
radio_phonein were written after the rules and scored before any tuning on them: F1 0.32 ->
0.58): sentence-start F1 0.34 -> 0.56 (precision 0.59 -> 0.74), question F1 0.00 -> 0.65,
paragraph F1 0.32 -> 0.47. ``python -m tests.test_transcript`` prints the scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.config import Settings
from generator.document import Document, Paragraph
from generator.lexicon import Lexicon, compiled
from generator.speech import RUN_WORDS, SPEAKER_LABEL, TERMINATOR, bare, filler, function_words
from generator.text import number_paragraphs

# A run of one to four words said twice in a row: "there were there were", "the the", "it it".
_STUTTER = re.compile(r"(?<![\w’'-])((?:[\w’'-]+\s+){0,3}[\w’'-]+)(?:\s+\1)+(?![\w’'-])", re.IGNORECASE)
# A false start before a contraction: "it it’s", "we we’re", "and they and they’re".
_FALSE_START = re.compile(r"(?<![\w’'-])((?:\w+\s+){0,2}\w+)\s+(?=\1[’']\w+(?![\w’'-]))", re.IGNORECASE)
# Words said twice on purpose: "he had had enough", "that that was".
_REAL_DOUBLES = {"had", "that", "bye", "no", "yes", "very", "many", "really", "so"}
# ">>" marks a change of speaker in broadcast closed captions.
_TURN_MARK = re.compile(r"\s*>>+\s*")
# "[Speaker 2]" inside a run of text: a new turn starts there.
_INLINE_SPEAKER = re.compile(r"\s+(?=\[(?i:speaker) \d+\])")
# A transcriber's note: "[laughter]", "(applause)", "[inaudible]". Kept, and a sentence ends after it.
_ANNOTATION = re.compile(r"^[\[(][A-Za-z][^\])]*[\])][.,]?$")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "do so", "I think so": "so" ends what was said.
_SO_VERBS = _word_set("do does did done doing think thought hope hoped say said believe guess suppose")
# "so far", "so much": not a marker. "but also": not a new thought.
_NOT_MARKERS = {
    "so": {"far", "much", "many", "that", "to", "long", "called", "on"},
    "but": {"also", "not"},
    "thanks": {"to"},
    "now": {"that"},
}
# Pronouns that are a subject whatever follows; "this", "these", "there" only before a verb.
_PERSONAL = _word_set("i we he she they you it")
_DETERMINERS = _word_set("the a an this these those our my their his her its your")
# "this morning is there ...": a time adverbial, not a subject.
_TIME_NOUNS = _word_set("morning afternoon evening night day week month year time weekend")
_PARTICLES = _word_set("out up off down")
_ADVERBS = _word_set("just really actually also still never always already only even probably")
# Question openers: a wh-word before an auxiliary ("what is", "how are"), or an auxiliary
# before its subject ("do you", "is there", "will the").
_WH = _word_set("what why how where when who which")
# After a noun, "who" and "which" open a relative clause ("a researcher who has"), not a question.
_RELATIVE_WH = _word_set("who which")
# Auxiliaries that, before a subject, open a question even after a noun: "... region do you expect".
_QUESTION_AUXILIARIES = _word_set("do does did will would can could should")
_HOW_OPENERS = _word_set("much many long often far")
_QUESTION_SUBJECTS = _word_set("you we they he she it there i")
_INVERTING = _word_set("do does did will would can could should have has are is was were")
# Words that, opening a sentence, come before the question: "and what is", "so how much"
# (and "I mean", "you know").
_LEAD_INS = _word_set("and so but well now okay then")
# Courtesies that open or close a turn of speech.
_COURTESY_ENDS: tuple[tuple[str, ...], ...] = (
    ("thank", "you"),
    ("thanks", "very", "much"),
    ("you", "very", "much"),
    ("good", "morning"),
    ("good", "afternoon"),
    ("good", "evening"),
)
_ADDRESSEES = _word_set("everyone everybody all")


@dataclass(frozen=True, slots=True)
class _Words:
    """The lexicon's lists of speech, as this module reads them."""

    filler: re.Pattern[str]
    function_words: frozenset[str]  # a sentence never ends on them
    continuers: frozenset[str]  # they continue the sentence before them: a cut just before them is poor
    markers: tuple[tuple[str, float], ...]  # discourse markers that open a new thought, with how strongly
    subjects: frozenset[str]
    auxiliaries: frozenset[str]
    clause_verbs: frozenset[str]  # "I think we need", "Russia has said they"
    relative_heads: frozenset[str]  # "the people we spoke to": a relative clause, not a sentence


def _build(lexicon: Lexicon) -> _Words:
    return _Words(
        filler=filler(lexicon),
        function_words=function_words(lexicon),
        continuers=lexicon.words("continuers"),
        markers=tuple(lexicon.numbers("discourse_markers").items()),
        subjects=lexicon.words("subjects"),
        auxiliaries=lexicon.words("auxiliaries"),
        clause_verbs=lexicon.words("clause_verbs"),
        relative_heads=lexicon.words("relative_heads"),
    )


_words = compiled(_build)
# Adjective endings: the noun they describe follows, so a cut after them is poor.
_ADJECTIVE_END = re.compile(r"(?:al|ic|ive|ous|ful|lar|ent|ant|ible|able|less|ish|ian|ese)$")
# Verb endings: the object follows ("create an alternative", "promote peace").
_VERB_END = re.compile(r"(?:ate|ize|ise|ify|ote)$")
_MIN_WORDS, _SOFT_MIN, _SOFT_MAX, _MAX_WORDS = 2, 6, 24, 80
# A gap where a sentence must not end; finite, so that a run with no allowed gap within
# _MAX_WORDS is still cut (at its least bad place) rather than left as one endless sentence.
_FORBIDDEN = -100.0
_PARAGRAPH_WORDS, _PARAGRAPH_MAX_WORDS = 70, 130
# Each sentence costs a little, so that a cut needs a reason.
_SENTENCE_COST = 1.0
_QUESTION_MAX = 14


def drop_fillers(text: str, lexicon: Lexicon | None = None) -> str:
    """Remove fillers (um, uh, er) and stutters (``there were there were``, ``the the``)."""
    text = _words(lexicon).filler.sub("", text)
    previous = None
    while previous != text:  # "it it it’s": the stutter first, then the false start
        previous, text = text, _STUTTER.sub(_keep_once, _FALSE_START.sub("", text))
    return re.sub(r"\s{2,}", " ", text).strip()


def _keep_once(match: re.Match[str]) -> str:
    said = match.group(1)
    return match.group(0) if said.lower() in _REAL_DOUBLES else said


def _marker_strength(lowered: list[str], index: int, lists: _Words) -> float:
    if lowered[index] == "so" and index and lowered[index - 1] in _SO_VERBS:
        return 0.0  # "he will do so", "I think so"
    for marker, strength in lists.markers:
        parts = marker.split()
        if lowered[index : index + len(parts)] == parts:
            following = lowered[index + len(parts)] if index + len(parts) < len(lowered) else ""
            if following in _NOT_MARKERS.get(marker, set()) or following in ("and", "or"):
                return 0.0
            return strength
    return 0.0


def _opens_question(lowered: list[str], index: int) -> bool:
    """A wh-word before an auxiliary ("what is", "how much"), or an inverted auxiliary ("do you")."""
    here = lowered[index]
    following = lowered[index + 1] if index + 1 < len(lowered) else ""
    if here in _WH:
        return following in _INVERTING or (here == "how" and following in _HOW_OPENERS)
    return here in _INVERTING and (
        following in _QUESTION_SUBJECTS or (here in _QUESTION_AUXILIARIES and following == "the")
    )


def _is_question(tokens: list[str]) -> bool:
    lowered = [bare(t) for t in tokens]
    start = 0
    while start < len(lowered) - 2:
        if lowered[start] in _LEAD_INS:
            start += 1
        elif lowered[start : start + 2] in (["i", "mean"], ["you", "know"]):
            start += 2
        else:
            break
    return _opens_question(lowered, start) or lowered[start : start + 3] == ["do", "you", "think"]


def _subject_score(lowered: list[str], index: int, lists: _Words) -> float:
    """How surely the word at ``index`` opens a new clause as its subject: "we saw", "it was"."""
    here = lowered[index]
    following = lowered[index + 1] if index + 1 < len(lowered) else ""
    if here in _DETERMINERS and lowered[index - 1] not in _TIME_NOUNS:  # "by Monday morning the river was"
        for length in (1, 2):  # a noun phrase and its auxiliary: "the owner was", "the two-year yields have"
            noun_phrase = lowered[index + 1 : index + 1 + length]
            verb = lowered[index + 1 + length] if index + 1 + length < len(lowered) else ""
            if verb in lists.auxiliaries and not any(
                w in lists.function_words or w in _TIME_NOUNS for w in noun_phrase
            ):
                return 1.5
    if not following or here not in lists.subjects:
        return 0.0
    if here in _PERSONAL:
        ends_open = following in lists.function_words and following not in lists.auxiliaries
        if (here, following) == ("you", "know") or ends_open:
            return 0.0
        if here == "it" and not (
            following in lists.auxiliaries or following in _ADVERBS or following.endswith(("s", "ed"))
        ):
            return 0.0  # "it" opens a clause only before its verb: "it was", "it turned", not "albeit polite"
        score = 1.5 if here == "it" else 2.0
    elif here in ("this", "these", "there"):
        if following not in lists.auxiliaries:
            return 0.0
        score = 1.5
    else:  # a contraction: "it’s", "we’re"
        score = 2.0
    if index >= 2 and lowered[index - 2] in lists.relative_heads:
        score -= 2.0  # "the people we spoke to", "a home they can afford": a relative clause
    return score


def _after_courtesy(lowered: list[str], index: int) -> bool:
    """Just after "thank you", "good morning everyone", "thank you all so much"."""
    end = index - 1 if lowered[index - 1] in _ADDRESSEES else index
    if any(end >= len(p) and tuple(lowered[end - len(p) : end]) == p for p in _COURTESY_ENDS):
        return True
    return lowered[index - 2 : index] in (["so", "much"], ["very", "much"]) and bool(
        {"thank", "thanks"} & set(lowered[max(0, index - 5) : index - 2])
    )


def _cut_scores(tokens: list[str], lists: _Words) -> list[float]:
    """Score of a sentence cut before each token (index 0 and the end are free)."""
    lowered = [bare(t) for t in tokens]
    scores = [0.0] * (len(tokens) + 1)
    for index in range(1, len(tokens)):
        before, here = lowered[index - 1], lowered[index]
        after_courtesy = _after_courtesy(lowered, index)
        if (
            not after_courtesy
            and (
                before in lists.function_words
                or tokens[index - 1].endswith(("-", "’", "'"))
                or (re.search(r"[’']\w+$", before) and not before.endswith(("n’t", "n't")))  # "they’d", "Kim’s"
                or (len(before) == 1 and before not in "i")  # a broken-off word: "a p battle"
                or (tokens[index - 1][:1].isupper() and tokens[index][:1].isupper() and here != "i")  # a name
                or (before in lists.clause_verbs and index >= 2 and lowered[index - 2] in lists.subjects)  # "I think"
                or (before in lists.clause_verbs and here in lists.subjects)  # "has said they ..."
                or (before == "it" and index >= 2 and lowered[index - 2] in lists.function_words)  # "that it"
                or (before in _INVERTING and here in _QUESTION_SUBJECTS)  # "do you"
            )
        ):
            scores[index] = _FORBIDDEN
            continue
        score = max(_marker_strength(lowered, index, lists), _subject_score(lowered, index, lists))
        if _opens_question(lowered, index) and here not in _RELATIVE_WH and lowered[index + 1] != "the":
            score = max(score, 2.5 if here in _WH or here in ("do", "does", "did") else 1.5)
        if not score:
            # A noun phrase may open a sentence ("the market read that"); a bare word seldom does.
            score = -4.0 if here in lists.continuers else -2.5 if here in _DETERMINERS else -3.0
        if after_courtesy:
            score += 2.5  # a courtesy closes what was said: "... thank you. Now ...", "Good morning everyone. I am ..."
        if index >= 2 and lowered[index - 2] == "to":
            score -= 2.0  # "to promote ...": an infinitive wants its object
        progressive = before.endswith("ing") and index >= 2 and lowered[index - 2] in lists.auxiliaries
        if before.endswith("ly") or progressive or before in lists.clause_verbs or before in _PARTICLES:
            # An adverb modifies what follows; "was throwing", "throwing out", a said-verb: an object follows.
            score -= 1.0
        elif _ADJECTIVE_END.search(before) or "-" in before or _VERB_END.search(before):
            score -= 1.0  # "a common problem", "a us-led world order", "create an alternative"
        if _ANNOTATION.match(tokens[index]):
            score = -4.0  # a note stays with what it is about: "... win the election [applause]"
        elif _ANNOTATION.match(tokens[index - 1]):
            score = max(score, 2.0)
        if tokens[index - 1].endswith((",", ";", ":")):
            score += 1.0
        scores[index] = score
    return scores


def _length_cost(count: int, question: bool) -> float:
    if question and count > _QUESTION_MAX:
        return (count - _QUESTION_MAX) * 0.3  # a spoken question is short; a long one missed a cut
    if count < _SOFT_MIN:
        return (_SOFT_MIN - count) * 0.6
    if count > _SOFT_MAX:
        return (count - _SOFT_MAX) * 0.1
    return 0.0


def split_sentences(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Cut unpunctuated speech into sentences at the best-scoring gaps (see module doc)."""
    tokens = text.split()
    if not tokens:
        return []
    scores = _cut_scores(tokens, _words(lexicon))
    count = len(tokens)
    questions = [_is_question(tokens[start : start + 6]) for start in range(count)]
    best = [float("-inf")] * (count + 1)
    back = [0] * (count + 1)
    best[0] = 0.0
    for end in range(1, count + 1):
        cut_score = 0.0 if end == count else scores[end]
        for start in range(max(0, end - _MAX_WORDS), end - _MIN_WORDS + 1 if end - _MIN_WORDS >= 0 else 0):
            if best[start] == float("-inf"):
                continue
            value = best[start] + cut_score - _length_cost(end - start, questions[start]) - _SENTENCE_COST
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
    words = [re.sub(r"^i(?=$|[’']\w+$)", "I", token) for token in tokens]
    sentence = " ".join(words).strip(" ,;")
    sentence = sentence[0].upper() + sentence[1:]
    if sentence[-1] in ".!?":
        return sentence
    return sentence + ("?" if _is_question(tokens) else ".")


def _paragraphs(sentences: list[str], labelled: bool, lists: _Words) -> list[str]:
    """Group sentences into paragraphs of about 70-130 words, starting a new one at a marker;
    unless a label names the speaker, a question and the answer after it get paragraphs of
    their own (a change of speaker)."""
    paragraphs: list[list[str]] = [[]]
    size = 0
    after_question = False
    for sentence in sentences:
        lowered = [bare(t) for t in sentence.split()]
        opens_thought = _marker_strength(lowered, 0, lists) >= 2.0
        new_turn = not labelled and (after_question or sentence.endswith("?") or lowered[:1] in (["thanks"], ["thank"]))
        if paragraphs[-1] and (
            new_turn or size >= _PARAGRAPH_MAX_WORDS or (size >= _PARAGRAPH_WORDS and opens_thought)
        ):
            paragraphs.append([])
            size = 0
        paragraphs[-1].append(sentence)
        size += len(lowered)
        after_question = sentence.endswith("?")
    return [" ".join(group) for group in paragraphs if group]


def _restore_speech(text: str, labelled: bool, lexicon: Lexicon | None) -> list[str]:
    """One paragraph of speech, without its speaker label, as restored paragraphs."""
    words = len(text.split())
    terminators = len(TERMINATOR.findall(text + " "))
    if terminators and words / (terminators + 1) <= 30:  # already punctuated speech: paragraphs only
        return _paragraphs(re.split(r"(?<=[.!?])\s+", text), labelled, _words(lexicon))
    return _paragraphs(split_sentences(text, lexicon), labelled, _words(lexicon))


def _turns(paragraphs: tuple[Paragraph, ...]) -> list[tuple[Paragraph, bool]]:
    """Paragraphs split at caption turn marks (">>", dropped) and before inline speaker labels
    ("[Speaker 2]", kept), each part flagged as a speaker's turn."""
    turns: list[tuple[Paragraph, bool]] = []
    for paragraph in paragraphs:
        parts = [p for part in _TURN_MARK.split(paragraph.text) for p in _INLINE_SPEAKER.split(part) if p]
        if paragraph.kind == "text" and len(parts) > 1:
            turns.extend((Paragraph(part), True) for part in parts)
        else:
            turns.append((paragraph, False))
    return turns


def _join_cues(turns: list[tuple[Paragraph, bool]]) -> list[tuple[Paragraph, bool]]:
    """Consecutive short unpunctuated lines (caption cues) joined into one run of speech."""
    joined: list[tuple[Paragraph, bool]] = []
    for paragraph, turn in turns:
        cue = (
            not turn
            and paragraph.kind == "text"
            and len(paragraph.text.split()) < RUN_WORDS
            and not TERMINATOR.search(paragraph.text + " ")
            and not SPEAKER_LABEL.match(paragraph.text)
        )
        previous = joined[-1][0] if joined else None
        if cue and previous and previous.kind == "text" and previous.text[-1:] not in ".!?":
            joined[-1] = (Paragraph(f"{previous.text} {paragraph.text}"), joined[-1][1])
        else:
            joined.append((paragraph, turn))
    return joined


def restore(paragraphs: tuple[Paragraph, ...], lexicon: Lexicon | None = None) -> tuple[Paragraph, ...]:
    """Fillers and stutters out; unpunctuated runs cut into sentences and paragraphs; a
    speaker label ("Q:", "JANE SMITH:") stays at the start of its turn, a caption's ">>"
    becomes the start of a paragraph."""
    restored: list[Paragraph] = []
    for paragraph, turn in _join_cues(_turns(paragraphs)):
        if paragraph.kind != "text":
            restored.append(paragraph)
            continue
        label = match.group(0) if (match := SPEAKER_LABEL.match(paragraph.text)) else ""
        text = drop_fillers(paragraph.text[len(label) :], lexicon)
        if not text:
            continue
        groups = _restore_speech(text, bool(label) or turn, lexicon)
        groups[0] = label + groups[0]
        restored.extend(Paragraph(group) for group in groups)
    return tuple(restored)


def run(doc: Document, settings: Settings) -> Document:
    """A transcript's sentences and paragraphs restored; an article passes unchanged."""
    if doc.kind != "transcript":
        return doc
    restored = restore(doc.paragraphs, settings.data.lexicon)
    dropped = len(doc.body_text.split()) - sum(len(p.text.split()) for p in restored)
    return doc.with_(paragraphs=number_paragraphs(restored)).note(
        f"transcript: {dropped} filler and repeated words dropped; sentences and paragraphs restored by rules"
    )
