"""Quotes stage: direct quotations with their speaker and role, by rules for news prose.

A quotation is text between quotation marks (``text.quotation_spans`` decides where
they open and close). A quoted paragraph left open at its end goes on in the next paragraph
(news style), which opens with a quotation mark again; each paragraph's part is its own
quote, so that every quote is a verbatim slice of one paragraph.

The speaker is found by rules, tried in order for each quote:

1. a reporting verb right after the closing mark: ``"...," said Duyeon Kim, of the Center...``,
   ``"...," he said``, ``"...," the Russian despot explained``;
2. the nearest ``SPEAKER VERB`` before the quote in the same sentence: ``Professor Bucy said:
   "..."``, ``Kim said he gave Putin his "..."``, ``the BBC is calling it an "..."``;
3. an attribution closing the sentence after the quote: ``..."pent-up inmost thoughts" on the
   ride, North Korean state media said.``, or ``according to ...`` anywhere in it;
4. the quote before it: an unattributed quoted paragraph after a quoted paragraph, or a
   second quote in a paragraph with no other name in between, keeps its speaker.

A speaker phrase resolves to a canonical name (``content/data/entities.yml`` aliases), a
pronoun to the person the text is about (the last speaker or sentence subject), an epithet
("the North Korea dictator") to the nearest earlier person who fits it, and a lone surname
("Kim") to the nearest earlier full name that has it. Role words before a name ("Porto Azul
president Rui Marques", "chief executive Olivia Brandt"), an employer after it ("... of the
University of Arizona") and letters after it ("KC", "TD") are its role, not its name; "a
spokesperson for X" is X speaking. Unnamed speakers ("an expert said", "analysts said", "a
senior official"), groups ("Residents of ..."), documents ("the filing said") and compound
subjects give None, as does a quote nobody is said to have said, and so does "she said" once
someone new has been named since the person the text was about: either reading is common, and
a wrong speaker is worse than none.

Callouts are the 1-3 most telling full-sentence quotes of an article, attributed ones first.
A transcript has no quotation marks: its quotes are the most quotable sentences of the turns a
speaker label names ("JANE SMITH: ..."), and none when no turn is labelled with a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from generator import names
from generator.config import Entity, Settings, Vocabulary
from generator.document import Document, Quote, Sentence
from generator.lexicon import Lexicon, compiled
from generator.text import broken_end, is_candidate, quotation_spans

_MASK = "\x1f"
_MARKS = " '\"“”‘’«»„.,"  # what may stand around a quotation that fills its sentence


@cache
def _verbs(cue_verbs: frozenset[str]) -> str:
    """The reporting verbs (``cue_verbs`` of the vocabulary), longer phrases first ("wrote in", "wrote")."""
    return "|".join(re.escape(w) for w in sorted(cue_verbs, key=lambda w: (-len(w), w)))


_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|it|widely|often|commonly)\s+(?:\w+ly\s+)?$")
_LEADING_JUNK = re.compile(r"^(?:and|but|so|meanwhile|however|then|now|still|yet|also|later|earlier)\b[,]?\s*", re.I)
_PRONOUNS = {"he", "she", "it", "they", "i", "we", "you"}
# The lists that grow are data: reporting verbs, role words, organisation and place words, anonymous
# heads, demonyms in generator/defaults/vocabulary.yml (settings.data.vocabulary); words that are
# never names, honorifics, name particles, clause breaks... in generator/defaults/lexicon.yml
# (settings.data.lexicon, built into ``_Words`` once per lexicon).
_CAP = r"[A-Z][\w’'.\-]*"
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)(?:[’']s|(?<=s)[’'])\s+(?P<rest>[A-Z].*)$")
_AGE = re.compile(r"^\d{1,3}$|^\d{1,3}-year-old$")
_ROLE_LEAD = re.compile(
    r"^(?:who\s+(?:is|was)\s+(?:an?\s+|the\s+)?|who\s+(?:works|worked|serves|served)\s+(?:as\s+(?:an?\s+)?|in\s+|at\s+|for\s+)?|"
    r"who\s+|(?:now|formerly)\s+(?:an?\s+|the\s+)?|a\s+|an\s+|the\s+|of\s+the\s+|of\s+|from\s+the\s+|from\s+|at\s+the\s+|at\s+)",
    re.IGNORECASE,
)
_DEFINITE = r"the|this|that|these|those"


@dataclass(frozen=True, slots=True)
class _Words:
    """quotes.py's word lists from the lexicon, and the patterns built from them."""

    not_names: frozenset[str]  # capitalised words that are never part of a name
    time_words: frozenset[str]  # "Fiscal Year", "Q3": a phrase with one is a time expression, no name
    seasons: frozenset[str]  # "Spring": a time expression only when the whole phrase is
    honorifics: frozenset[str]
    particles: frozenset[str]  # "von", "da", "bin": lower case inside a name
    non_subject: frozenset[str]  # words that cannot stand in a speaker phrase
    intro: frozenset[str]  # words a sentence opens with before its subject
    links: frozenset[str]  # words between the capitalised words of a name: particles, "of", "the"
    adverb: str  # what may stand between a speaker and the verb
    trailers: frozenset[str]  # lower-case words after an inverted verb's name: "said Smith in ..."
    place_lead: re.Pattern[str]  # "at the", "à la": the capitalised words after it are a place
    back_references: frozenset[str]  # "Así", "Ainsi": a sentence opening so names the quotation's speaker
    name_run: re.Pattern[str]
    clause_break: re.Pattern[str]
    role_clause: re.Pattern[str]
    determiner: re.Pattern[str]
    indefinite: re.Pattern[str]
    quotable: re.Pattern[str]


def _build_words(lexicon: Lexicon) -> _Words:
    particles = lexicon.words("name_particles")
    indefinite = lexicon.alternation("indefinite_determiners")
    return _Words(
        not_names=lexicon.words("not_names"),
        time_words=lexicon.words("time_words"),
        seasons=lexicon.words("season_words"),
        honorifics=lexicon.words("honorifics"),
        particles=particles,
        non_subject=lexicon.words("non_subject_words"),
        intro=lexicon.words("sentence_intro_words"),
        links=particles | {"of", "for", "the"},
        adverb=rf"(?:{lexicon.alternation('speech_adverbs')})",
        trailers=lexicon.words("speaker_trailers"),
        back_references=lexicon.words("quote_back_references"),
        place_lead=re.compile(
            rf"\b(?:{lexicon.alternation('place_lead_words')})\s+(?:(?:the|la|le|les|l[’']|der|dem|den|el|los)\s*)?$",
            re.IGNORECASE,
        ),
        name_run=re.compile(rf"{_CAP}(?:\s+(?:(?:{lexicon.alternation('name_particles')})\s+)?{_CAP})*"),
        clause_break=re.compile(rf"[;:()\[\]—–]|\s-\s|,|\b(?:{lexicon.alternation('clause_breaks')})\b", re.IGNORECASE),
        role_clause=re.compile(rf"^who\s+(?:{lexicon.alternation('role_clause_verbs')})\b", re.IGNORECASE),
        determiner=re.compile(rf"^(?:{_DEFINITE}|{indefinite})\s+", re.I),
        indefinite=re.compile(rf"^(?:{indefinite})\s+", re.I),
        quotable=re.compile(rf"\b(?:{lexicon.alternation('quotable_words')})\b", re.IGNORECASE),
    )


_words = compiled(_build_words)


def _note_title(party: _Party, title: str, state: _State) -> None:
    words = [w for w in title.split() if w.lower().strip(".") not in state.words.honorifics]
    if words and not party.title and not all(w.lower() in state.vocab.demonyms for w in words):
        party.title = " ".join(words)


_ROLE_START = re.compile(
    r"^(?:who\s|a\s|an\s|the\s|of\s|from\s|at\s|now\s|formerly\s|[\w-]+(?:\s+[\w-]+)?\s+(?:of|at|for|with)\s|[A-Z][\w-]+\s+[A-Z])"
)
# "Tupou, asked whether ..., replied": an aside between a name and its verb that says nothing of the role.
_ASIDE = re.compile(r"^(?:asked|pressed|speaking|writing|responding|reached|contacted|interviewed|questioned)\b")
# "A spokesperson for Kingsmere Hospitals NHS Trust said": the organisation speaks.
_SPOKESPERSON = re.compile(
    r"^(?:an?|the)\s+(?:spokesperson|spokesman|spokeswoman|representative)\s+(?:for|of|at)\s+(?P<org>[A-Z].*|the\s+[A-Z].*)$",
    re.IGNORECASE,
)
# Capitalised words that open a phrase but never a speaker's name.
_NOT_SPEAKERS = {"about", "more", "top", "almost", "nearly", "around", "roughly", "only", "just", "most", "few"}
_MIN_CALLOUT_WORDS = 8
_MAX_CALLOUTS = 3


@dataclass(eq=False)
class _Party:
    """A person or organisation the article names."""

    name: str  # canonical name
    kind: str  # "person" or "organisation"
    tokens: frozenset[str]
    descriptor: str = ""  # lower-case words that describe it: titles, roles, nationality
    role: str | None = None  # the role the text gives it, for display
    title: str | None = None  # a title before the name ("Finance Minister"), when the text gives no role
    clause_role: str | None = None  # "led the study": what a "who ..." clause says the person does


@dataclass
class _Speaker:
    party: _Party | None = None
    anonymous_role: str | None = None  # "Kremlin aide" for "A Kremlin aide said"

    @property
    def name(self) -> str | None:
        return self.party.name if self.party else None


_NOBODY = _Speaker()  # an unnamed speaker: "an expert said", "analysts said"


@dataclass
class _State:
    settings: Settings
    parties: dict[str, _Party] = field(default_factory=dict)
    mentions: list[_Party] = field(default_factory=list)  # in text order
    focus: _Speaker | None = None  # who the text is about: the referent of "he said"
    people_at_focus: int = 0  # how many people the text had named when the focus was set
    last_org: _Party | None = None
    numbered: frozenset[str] = frozenset()  # capitalised phrases the text writes before a number

    @property
    def vocab(self) -> Vocabulary:
        return self.settings.data.vocabulary

    @property
    def words(self) -> _Words:
        return _words(self.settings.data.lexicon)

    def set_focus(self, speaker: _Speaker) -> None:
        self.focus = speaker
        self.people_at_focus = len(self.people())

    def people(self) -> list[_Party]:
        return [p for p in self.parties.values() if p.kind == "person"]

    def focus_is_contested(self) -> bool:
        """Whether someone new was named after the focus: "Marsh met residents. She was joined by
        Helen Pryce. '...,' she said." could be either woman, so "she" names nobody."""
        focus = self.focus.party if self.focus else None
        return any(p is not focus for p in self.people()[self.people_at_focus :])

    # -- parties ---------------------------------------------------------------------
    def party(self, name: str, kind: str) -> _Party:
        if kind == "person" and name.split() and name.split()[-1] in self.vocab.post_nominals:
            name = _split_title(name, self.vocab)[1]
        canonical = names.canonical(name, self.settings) or name
        found = self.parties.get(canonical)
        if found is None:
            entry = _entity(canonical, self.settings)
            kind = _kind_of(entry, kind)
            descriptor = f"{entry.role or ''} {entry.kind or ''}" if entry else ""
            tokens = {t for n in (name, canonical) for t in re.split(r"[\s-]+", n) if t}
            found = _Party(canonical, kind, frozenset(tokens), descriptor.lower())
            self.parties[canonical] = found
        else:
            found.tokens = found.tokens | {t for t in re.split(r"[\s-]+", name) if t}
        return found

    def mention(self, party: _Party) -> None:
        self.mentions.append(party)
        if party.kind == "organisation":
            self.last_org = party

    def describe(self, party: _Party, words: str, role: str | None = None) -> None:
        party.descriptor += " " + words.lower()
        if role and not party.role:
            party.role = role

    def describe_role(self, party: _Party, appositive: str) -> None:
        """A role from an appositive: "a professor at ...", "of the Center ...", "who leads ..." ."""
        text = appositive.strip(" ,.;:")
        age = re.match(r"^(\d{1,3})(?:-year-old)?(?:,\s*|$)", text)
        if age:  # "54", or "54, who lost her home": the age, then what follows it
            party.descriptor += f" {age.group(1)}-year-old"
            text = text[age.end() :]
            if not text:
                return
        if re.match(r"^who\s", text, re.IGNORECASE):
            if self.words.role_clause.match(text):
                party.descriptor += " " + text.lower()
                party.clause_role = party.clause_role or _clean_role(text)
            elif re.match(
                r"^who\s+(?:is|was|works|worked|serves|served)\s+(?:an?\s|the\s|as\s|in\s|at\s|for\s)", text, re.I
            ):
                self.describe(party, text, _clean_role(text))
            return
        self.describe(party, text, _clean_role(text))


def _entity(name: str, settings: Settings) -> Entity | None:
    return next((e for e in settings.data.entities if e.name == name), None)


def _kind_of(entry: Entity | None, guess: str) -> str:
    if entry and entry.kind in ("organisation", "country", "place"):
        return "organisation"
    if entry and entry.kind == "person":
        return "person"
    return guess


# -- names ------------------------------------------------------------------------------


def _is_org_name(name: str, vocab: Vocabulary) -> bool:
    words = [w.strip(".,’'").lower() for w in name.split()]
    return (
        any(w in vocab.org_words for w in words)
        or (len(words) == 1 and name.isupper() and len(name) >= 2)
        or any(w.isupper() and len(w) >= 3 for w in name.split())
    )


def _split_title(name: str, vocab: Vocabulary) -> tuple[str, str]:
    """("Finance Minister", "Anna Berg") from "Finance Minister Anna Berg"; post-nominals go too."""
    words = name.split()
    while len(words) > 2 and words[-1].strip(",") in vocab.post_nominals:
        words = words[:-1]
    cut = 0
    for i, word in enumerate(words[:-1]):
        if word.lower().strip(",") in vocab.title_words or word.lower() in vocab.demonyms:
            cut = i + 1
    if cut and words[cut].lower() in ("of", "de", "von"):
        return "", " ".join(words)  # "Princess of Wales", "Duke of Sussex": the style is the name
    return " ".join(words[:cut]), " ".join(words[cut:])


def _titled_name(np: str, state: _State) -> tuple[str, str] | None:
    """(role words, name) for a person named after a role: "chief executive Olivia Brandt",
    "Porto Azul president Rui Marques", "Sinn Féin's housing spokesperson Eoin Walsh TD"; None when
    ``np`` does not end in such a name. The name is the capitalised run after the last word that
    cannot be part of a name (lower case, a title, an acronym, a possessive)."""
    words, vocab = np.split(), state.vocab
    while len(words) > 2 and words[-1].strip(",") in vocab.post_nominals:
        words = words[:-1]
    cut = len(words)
    while cut > 0:
        word = words[cut - 1]
        plain = word.strip(".,")
        part_of_name = (
            word[:1].isupper()
            and plain.lower() not in vocab.title_words
            and not (plain.isupper() and len(plain) > 1)
            and not re.search(r"[’']s?$", plain)
        ) or (plain.lower() in state.words.particles and cut < len(words))
        if not part_of_name:
            break
        cut -= 1
    if 0 < cut < len(words) - 2 and {"for", "of"} & set(words[:cut]):
        cut = len(words) - 2  # "Minister for (Foreign) Affairs Simon Harris": the portfolio is part of the title
    name = " ".join(words[cut:])
    if (
        cut == 0
        or not 2 <= len(words) - cut <= 4
        or not _person_like(name, state)
        or not _role_words(words[:cut], state)
    ):
        return None
    return " ".join(words[:cut]), name


_TIME_WORDS = {"last", "next", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night"}


def _role_words(words: list[str], state: _State) -> bool:
    """Whether ``words`` can be a role before a name: not "Putin and", "the summit in Pyongyang"."""
    lowered = [w.lower().strip(".,") for w in words]
    if lowered[:1] in (["the"], ["a"], ["an"]):
        lowered = lowered[1:]
    return (
        0 < len(lowered) <= 6
        and lowered[-1] not in state.words.not_names | {"of", "for", "or", "nor"}
        and not (set(lowered) - {"of", "for"}) & (state.words.non_subject | state.words.not_names | _TIME_WORDS)
    )


def _person_with_role(np: str, state: _State) -> _Speaker | None:
    """The person a phrase names with a role around the name: "manager Steve Rourke",
    "Planetary geologist Ravi Menon of the University of Arizona"; None for any other phrase."""
    employer = None
    of = re.match(r"^(?P<person>.+?)\s+of\s+(?P<org>(?:the\s+)?[A-Z][^,;]*)$", np)
    if of and not _titled_name(np, state):  # not "Bank of England Governor Andrew Bailey"
        np, employer = of.group("person"), state.words.determiner.sub("", of.group("org"))
    titled = _titled_name(np, state)
    title, name = titled if titled else _split_title(np, state.vocab)
    capitalised = all(w[:1].isupper() or w in state.words.particles for w in name.split())
    if (
        not (title or employer)
        or (title and not _role_words(title.split(), state))
        or not capitalised
        or not _person_like(name, state)
        or names.canonical(np, state.settings)
    ):
        return None  # "a senior Ukrainian security official", "the summit in Pyongyang Kim Jong Un"
    party = state.party(name, "person")
    title = state.words.determiner.sub("", title)
    owner = re.fullmatch(r"(?P<owner>.+?)(?:[’']s|(?<=s)[’'])", title)
    if owner:  # "Al Jazeera’s Rob McBride": whom the person works for
        state.describe(party, owner.group("owner"), owner.group("owner"))
    elif title:
        state.describe(party, title)
        _note_title(party, title, state)
    if employer:
        role = f"{party.title}, {employer}" if party.title else employer
        state.describe(party, employer, role)
    return _Speaker(party)


# A number right after a capitalised phrase ("Phase 3", "Route 66"), not a year (a campaign: "Sanders
# 2016"; "Fiscal Year 2016" is a time expression anyway), a score, a time or a decimal ("Federer 6-4",
# "Smith 10:30", "Brent 84.5").
_NUMBER_AFTER = re.compile(r"\s+(?!(?:1[89]|20)\d\d\b)\d+\b(?!\s*[-–:.,/]\s*\d)")


def numbered_phrases(texts: list[str], state: _State) -> frozenset[str]:
    """The capitalised phrases ``texts`` write only ever right before a number: a phase, a route, a
    programme ("Phase 3", "Route 66"), never a person's name. A name also written without one is
    kept: poll figures follow candidates' names ("Trump 35, Cruz 20")."""
    numbered: set[str] = set()
    bare: set[str] = set()
    for text in texts:
        for match in state.words.name_run.finditer(text):
            words = match.group(0).split()
            while words and words[0].lower() in state.words.not_names:
                words = words[1:]
            key = " ".join(words).casefold()
            (numbered if _NUMBER_AFTER.match(text, match.end()) else bare).add(key)
    return frozenset(numbered - bare)


def _time_or_numbered(name: str, state: _State) -> bool:
    """Whether ``name`` is a calendar or fiscal expression, or a phrase the text writes before a
    number: "Fiscal Year", "Spring", "Q3", "Vision" (of "Vision 2030"). None of them is a speaker."""
    lowered = [w.lower().strip(".,’'") for w in name.split()]
    words = state.words
    if not lowered or name.casefold() in state.numbered or any(w in words.time_words for w in lowered):
        return True
    # "Spring", "In Spring"; a pronoun or a month alone is read by other stages.
    return any(w in words.seasons for w in lowered) and all(w in words.seasons | words.not_names for w in lowered)


def _person_like(name: str, state: _State, aged: bool = False) -> bool:
    """Whether ``name`` looks like a person's name; ``aged`` ("Linda Park, 54,") lets place words in."""
    words, vocab, not_names = name.split(), state.vocab, state.words.not_names
    lowered = [w.lower().strip(".,’'") for w in words]
    if not 2 <= len(words) <= 4 or lowered[0] in not_names or _time_or_numbered(name, state):
        return False
    places = frozenset() if aged else vocab.place_words
    if any(w in vocab.org_words or w in places or w in not_names or w in vocab.demonyms for w in lowered):
        return False
    return not any(w.isupper() and len(w) > 1 and not re.fullmatch(r"[A-Z]\.", w) for w in words)  # "K. Venkatesh"


def _known_kind(name: str, settings: Settings) -> str | None:
    canonical = names.canonical(name, settings)
    if canonical is None:
        return None
    entry = _entity(canonical, settings)
    return _kind_of(entry, "person") if entry else None


def _mentions_in(text: str, state: _State, record: bool = True) -> list[tuple[int, _Party]]:
    """The people and organisations named in ``text`` (quotations masked), in order.

    A lone surname counts as a mention of the nearest earlier person who has it.
    """
    found: list[tuple[int, _Party]] = []
    vocab = state.vocab
    for match in state.words.name_run.finditer(text):
        run = re.sub(r"[’']s$", "", match.group(0)).rstrip(".’'")
        after = text[match.end() : match.end() + 20].lower()
        following = re.match(r"\s*([a-z]+)", after)
        if following and following.group(1) in vocab.place_words | vocab.org_words | vocab.anonymous_heads:
            continue  # "Kim Il Sung square", "state media", "Consumer groups"
        words = run.split()
        offset = match.start()
        while words and words[0].lower().strip(".,") in state.words.not_names:
            offset += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        run = " ".join(words)
        kind = _known_kind(run, state.settings)
        title, bare = _split_title(run, vocab)
        if kind is None and bare != run:
            kind = _known_kind(bare, state.settings)
        party = None
        aged = bool(re.match(r"\s*,\s*(?:aged\s+)?\d{1,3},", text[match.end() : match.end() + 12]))
        at_place = state.words.place_lead.search(text[max(0, offset - 16) : offset])
        if kind == "person" or (kind is None and not at_place and _person_like(bare, state, aged)):
            party = state.party(bare, "person")
            if title and record:
                state.describe(party, title)
                _note_title(party, title, state)
        elif kind is None and len(words) == 1 and words[0].lower() not in vocab.demonyms:
            party = _resolve_surname(words[0], state)
        elif kind == "organisation" or (kind is None and len(words) >= 2 and _is_org_name(run, vocab)):
            party = state.party(run, "organisation")
        if party is None:
            continue
        if record and party.kind == "person":
            lead_role = _ROLE_BEFORE.search(text[max(0, match.start() - 60) : match.start()])
            if lead_role and text[match.end() : match.end() + 1] == ",":  # "their captain, Kwame Asante,"
                role = re.sub(r"^(?:the|their|his|her|its)\s+", "", lead_role.group("role"), flags=re.I)
                state.describe(party, role, role)
            before = text[max(0, match.start() - 40) : match.start()]
            modifier = re.search(r"((?:[A-Z][\w-]+\s+){0,2}[a-z]+)\s*$", before)
            if modifier and modifier.group(1).split()[-1].lower() in vocab.title_words | vocab.epithets:
                state.describe(party, modifier.group(1))
        if record:
            state.mention(party)
        found.append((offset, party))
    return found


def _record_mentions(text: str, state: _State) -> None:
    _mentions_in(text, state)


# -- speaker phrases ---------------------------------------------------------------------


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip(" ,.;:")
    role = _ROLE_LEAD.sub("", role).strip(" ,.;:")
    return role or None


def _geo_words(modifiers: list[str], settings: Settings) -> list[str]:
    """Country names a modifier phrase points at: "North Korea", "Russian" -> "russia"."""
    found = []
    phrase = " ".join(modifiers)
    for demonym, country in sorted(settings.data.vocabulary.demonyms.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(demonym)}\b", phrase.lower()):
            found.append(country)
            phrase = re.sub(rf"\b{re.escape(demonym)}\b", " ", phrase, flags=re.I)
    for run in _words(settings.data.lexicon).name_run.findall(phrase):
        canonical = names.canonical(run, settings)
        found.append((canonical or run).lower())
    return found


def _has_country(party: _Party, vocab: Vocabulary) -> bool:
    described = (party.descriptor + " " + (party.role or "")).lower()
    countries = set(vocab.demonyms) | set(vocab.demonyms.values()) | set(vocab.nationality_nouns.values())
    return any(re.search(rf"\b{re.escape(c)}\b", described) for c in countries)


def _fits(party: _Party, geo: list[str]) -> bool:
    described = (party.descriptor + " " + (party.role or "") + " " + party.name).lower()
    return all(country in described or country.split()[-1] in described for country in geo)


def _resolve_epithet(np: str, state: _State) -> _Speaker:
    """ "the Russian despot" -> the nearest earlier person that fits."""
    words = state.words.determiner.sub("", np).split()
    head = words[-1].lower() if words else ""
    modifiers = [w for w in words[:-1]]
    org_head = head in state.vocab.org_words
    geo = _geo_words([m for m in modifiers if m[:1].isupper()], state.settings)
    if head in state.vocab.nationality_nouns:  # "the Pole told reporters"
        geo.append(state.vocab.nationality_nouns[head])
    kind = "organisation" if org_head else "person"
    candidates: list[_Party] = []
    for party in reversed(state.mentions):
        if party.kind == kind and party not in candidates:
            candidates.append(party)
    if state.focus and state.focus.party and state.focus.party.kind == kind:
        focus = state.focus.party
        candidates.sort(key=lambda p: p is not focus)  # stable: the focus first, then by recency
    strong = [p for p in candidates if _fits(p, geo) and head in (p.descriptor + " " + p.name.lower())]
    if strong:
        return _Speaker(strong[0])
    if geo:
        weak = [p for p in candidates if _fits(p, geo)]
        if weak:
            return _Speaker(weak[0])
        # Nobody is known to fit; the person the text is about may, if nothing says otherwise.
        focus = state.focus.party if state.focus else None
        if focus and focus.kind == kind and not _has_country(focus, state.vocab):
            return _Speaker(focus)
        return _NOBODY
    if org_head:
        return _NOBODY
    # Nothing links the description to anyone ("the woman said"): the person the text is about, when
    # nobody new was named since; otherwise nobody (a wrong speaker is worse than none).
    focus = state.focus.party if state.focus else None
    if focus is not None and focus.kind == kind and candidates[:1] == [focus] and not state.focus_is_contested():
        return _Speaker(focus)
    return _NOBODY


def _resolve_surname(token: str, state: _State) -> _Party | None:
    for party in reversed(state.mentions):
        if token in party.tokens and party.kind == "person":
            return party
    return None


def _resolve_name(np: str, state: _State) -> _Speaker | None:
    """A phrase of capitalised words: a person, an organisation, or a person with a title or employer."""
    role = None
    possessive = _POSSESSIVE.match(np)
    if possessive and all(w.lower() in state.vocab.org_words for w in possessive.group("rest").split()):
        possessive = None  # "Irish Property Owners’ Association": one name
    if possessive and not state.words.determiner.match(np):
        owner, rest = possessive.group("owner"), possessive.group("rest")
        title, bare = _split_title(rest, state.vocab)
        role = f"{owner}’s {title}" if title else owner
        np = bare
    np = state.words.determiner.sub("", np)
    if not np or not np[0].isupper() or np.split()[0].lower() in _NOT_SPEAKERS:
        return None  # "About four in 10 said", "More from Jones:", "Top Sanders aides said"
    kind = _known_kind(np, state.settings)
    if kind is None and _time_or_numbered(np, state):
        return None  # "Fiscal Year 2016 ... said": a time expression the text gives, never a speaker
    rank = _split_title(np, state.vocab)[0]
    rank = len(rank.split()) == 1 and len(rank.strip(".")) <= 4 and len(np.split()) == 2  # "DCI Kerr"
    if kind is None and _is_org_name(np, state.vocab) and not rank:
        kind = "organisation"
    title, bare = _split_title(np, state.vocab) if kind != "organisation" else ("", np)
    if kind is None and bare != np:
        kind = _known_kind(bare, state.settings)
        np = bare if kind else np
    if kind is None and title:
        np = bare
    if kind == "organisation" or (kind is None and _is_org_name(np, state.vocab)):
        party = state.party(np, "organisation")
    elif len(np.split()) == 1 and (kind is None or not names.canonical(np, state.settings)):
        party = _resolve_surname(np, state) or state.party(np, "person")
    else:
        party = state.party(np, "person")
    if title:
        state.describe(party, title, None)
        _note_title(party, title, state)
    if role:
        state.describe(party, role, role)
    return _Speaker(party)


def _resolve(np: str, state: _State, appositive: str | None = None) -> _Speaker | None:
    """The speaker a phrase names; None when the phrase is not a speaker at all."""
    np = _LEADING_JUNK.sub("", np.strip(" ,")).strip()
    np = re.sub(r"(?<=[a-z]{2})\.$", "", np)  # "said Maria Lopez." ends a sentence, not a name
    np = re.sub(rf"(?:\s+{state.words.adverb})+$", "", np).strip()
    if _MASK in np:  # '"...," Twitter said': the words after the quotation
        np = np.rsplit(_MASK, 1)[1].strip(" ,'\"”’»")
    if not np:
        return None
    group = re.match(r"^(?:the\s+)?[\w-]+(?=\s+of\s)", np, re.IGNORECASE)
    if group and group.group(0).split()[-1].lower() in state.vocab.anonymous_heads:
        return _NOBODY  # "Residents of Ashby Vale": a group, nobody in particular
    spokesperson = _SPOKESPERSON.match(np)
    if spokesperson:
        organisation = state.words.determiner.sub("", spokesperson.group("org"))
        if _is_org_name(organisation, state.vocab) or _known_kind(organisation, state.settings) == "organisation":
            return _Speaker(state.party(organisation, "organisation"))
    with_role = _person_with_role(np, state)
    if with_role is not None:
        if appositive:
            state.describe_role(with_role.party, appositive)
        return with_role
    if not _plausible(np, state.settings):
        return None
    lowered = np.lower()
    if lowered in _PRONOUNS:
        if lowered in ("he", "she"):
            person = state.focus and (state.focus.party is None or state.focus.party.kind == "person")
            return state.focus if person and not state.focus_is_contested() else _NOBODY
        focus = state.focus.party if state.focus else None
        if lowered == "it" and state.last_org and focus is state.last_org:  # the body that just spoke
            return _Speaker(state.last_org)
        return _NOBODY
    # "Department of Health and Social Care" is one body; "Putin and Kim" are two.
    one_body = _is_org_name(np, state.vocab) and re.search(r"\bof\s+[^,]*\band\s+[A-Z]", np)
    compound = re.search(rf"[A-Z][\w-]*\s+and\s+(?:{_CAP})", np) or re.search(r"\b(?:both|and|or)\b", lowered)
    if compound and not one_body:
        return _NOBODY  # "Putin and Kim described...": two speakers, none in particular
    anonymous = lowered.split()[-1] in state.vocab.anonymous_heads and not _named_body(np, state)
    if anonymous and not names.canonical(state.words.determiner.sub("", np), state.settings):
        caps = [w for w in np.split()[1:] if w[:1].isupper()]
        return _Speaker(None, anonymous_role=np if caps and not state.words.determiner.match(np) else None)
    # A known alias written in lower case: "North Korean state media said".
    canonical = names.canonical(state.words.determiner.sub("", np), state.settings)
    if canonical:
        speaker = _resolve_name(canonical, state)
    elif np[0].isupper() and not state.words.determiner.match(np):
        speaker = _resolve_name(np, state)
    else:
        rest = state.words.determiner.sub("", np)
        head = rest.split()[-1].lower() if rest.split() else ""
        caps = state.words.name_run.findall(rest)
        if rest.lower() in state.vocab.nationality_nouns:
            speaker = _resolve_epithet(np, state)
        elif (
            rest
            and rest[0].isupper()
            and (_is_org_name(rest, state.vocab) or rest.isupper() or len(rest.split()) <= 4)
            and (
                head not in state.vocab.title_words
                and not head.endswith("year-old")
                and head not in state.vocab.epithets | {"tyrant", "leader", "man", "woman", "star", "veteran"}
                and rest.split()[-1][:1].isupper()
            )
        ):  # "the BBC", "The Korean Central News Agency", "the European Commission"
            speaker = _resolve_name(rest, state)
        elif state.words.indefinite.match(np) or head in state.vocab.anonymous_heads:
            role = rest if caps else None
            speaker = _Speaker(None, anonymous_role=role)
        else:
            speaker = _resolve_epithet(np, state)
    if speaker and speaker.party and appositive:
        state.describe_role(speaker.party, appositive)
    return speaker


def _named_body(np: str, state: _State) -> bool:
    """``Queensland Police``, ``the Washington Post``: a head that alone names nobody ("police
    said") but that, capitalised after a name, is the name of one body."""
    words = state.words.determiner.sub("", np).split()
    return len(words) >= 2 and words[-1].lower() in state.vocab.org_words and all(w[:1].isupper() for w in words)


def _inside_name_of(text: str, match: re.Match) -> bool:
    """Whether a clause break is the "and" of a name like "Department of Health and Social Care"."""
    return (
        match.group(0) == "and"
        and bool(re.search(r"\b[A-Z][\w-]*\s+of\s+(?:[A-Z][\w-]*\s+)*$", text[: match.start()]))
        and text[match.end() :].lstrip()[:1].isupper()
    )


def _np_before(text: str, state: _State) -> tuple[str, str | None] | None:
    """The subject phrase at the end of ``text`` (the words before a verb) and an appositive.

    ``Bucy, who works at Texas Tech University,`` gives ("Bucy", "who works at ...").
    ``..., the two leaders did not have to meet in person,`` (before an inverted ``said X``)
    gives None: the speaker comes after that verb.
    """
    stripped = text.rstrip()
    appositive = None
    if stripped.endswith(","):
        body = stripped[:-1]
        cut = body.rfind(",")
        candidate = body[cut + 1 :].strip() if cut > 0 else ""
        if _NAME_ONLY.match(candidate) and cut > 0:
            # "The company's chief executive, Sam Patel, wrote": the name, with the role before it.
            breaks = state.words.clause_break.finditer(body[:cut])
            role_start = max([0] + [m.end() for m in breaks if m.group(0) != ","])
            role = body[role_start:cut].split(",")[-1].strip()  # not "Outside court," before it
            if role and len(role.split()) <= 8 and not re.search(r"[.!?]", role):
                return candidate, re.sub(r"^(?:the|a|an|its|his|her|their)\s+", "", role, flags=re.I)
            return None
        named = body[:cut].split(",")[-1].strip()
        aside = _ASIDE.match(candidate) and re.fullmatch(rf"{_CAP}(?:\s+{_CAP}){{0,3}}", named)
        if not (_ROLE_START.match(candidate) or _AGE.match(candidate) or aside) or len(candidate.split()) > 16:
            return None
        appositive = None if aside else candidate
        stripped = body[:cut]
    else:
        unclosed = _unclosed_appositive(stripped, state)
        if unclosed:
            return unclosed
    pieces = [m.end() for m in state.words.clause_break.finditer(stripped) if not _inside_name_of(stripped, m)]
    start = pieces[-1] if pieces else 0
    pair = re.search(rf"(?:^|\s)({_CAP}(?:\s+{_CAP})*)\s+(?:and|&)\s*$", stripped[:start])
    if pair and stripped[start:].strip()[:1].isupper():
        start = pair.start(1)  # "Kim and Putin described": both of them, so nobody in particular
    phrase = stripped[start:].strip()
    if not phrase:
        return None
    if appositive and not (phrase[0].isupper() and len(phrase.split()) <= (9 if " of " in phrase else 5)):
        return None
    return phrase, appositive


def _unclosed_appositive(text: str, state: _State) -> tuple[str, str] | None:
    """``Alex Potteiger, Area Operations Manager and an Atlanta native said``: a full name and a
    role whose closing comma was left out, so the words before the verb are the role, not the
    speaker. Only when the name opens its clause and the role holds a title word."""
    cut = text.rfind(",")
    if cut <= 0:
        return None
    role, before = text[cut + 1 :].strip(), text[:cut]
    breaks = [m.end() for m in state.words.clause_break.finditer(before) if m.group(0) != ","]
    name = before[max([0, *breaks]) :].split(",")[-1].strip()
    words = [w.lower().strip(".,") for w in role.split()]
    if (
        _NAME_ONLY.match(name)
        and _person_like(name, state)
        and not _NAME_ONLY.match(role)
        and 0 < len(words) <= 10
        and any(w in state.vocab.title_words for w in words)
        and not re.search(r"[.!?;:]", role)
    ):
        return name, re.sub(r"^(?:the|a|an|its|his|her|their)\s+", "", role, flags=re.I)
    return None


_ROLE_BEFORE = re.compile(
    r"(?:^|[.;:]\s+|,\s+)(?P<role>(?:[A-Z][\w’'-]*[’']s|[Tt]heir|[Hh]is|[Hh]er|[Ii]ts|[Tt]he)\s+[a-z][a-z\s-]{2,40}),\s*$"
)
_NAME_ONLY = re.compile(rf"^{_CAP}(?:\s+{_CAP}){{1,3}}$")


def _plausible(np: str, settings: Settings) -> bool:
    """Whether ``np`` can be a speaker: a pronoun, a name, "the Russian despot", "analysts"."""
    words, known = np.split(), _words(settings.data.lexicon)
    if not words or len(words) > 8:
        return False
    lowered = [w.lower().strip(",.") for w in words]
    if len(words) == 1 and lowered[0] in _PRONOUNS:
        return True
    if names.canonical(known.determiner.sub("", np), settings):
        return True
    if known.determiner.match(np):
        rest = lowered[1:]
        return bool(rest) and not any(w in known.non_subject for w in rest)
    heads = settings.data.vocabulary.anonymous_heads
    if words[0][:1].isupper():
        tail = [w for w, low in zip(words, lowered, strict=True) if not w[:1].isupper() and low not in known.links]
        if not tail:
            return True
        # "South Korean officials", "North Korean state media": names, then a plural head.
        return len(tail) <= 2 and words[-1] in tail and lowered[-1] in heads | {"state"}
    return len(words) <= 3 and lowered[-1] in heads and not any(w in known.non_subject for w in lowered)


def _subject_verbs(text: str, state: _State) -> list[tuple[int, int, _Speaker]]:
    """(start, end, speaker) for each ``SPEAKER VERB`` in ``text`` (a masked sentence part)."""
    found = []
    for verb in _rx(state).verb.finditer(text):
        before = text[: verb.start()]
        word = verb.group(0)
        if (
            word in ("said", "called", "described", "dubbed", "reported")
            and _PASSIVE.search(before)
            and not re.search(r"\b(?:has|have|had)\s+$", before)
        ):
            continue  # "are said to have", "is called"
        if word.endswith("ing") and before.rstrip().endswith(","):
            continue  # "..., calling it a ...": the subject is the sentence's, found on its own
        if word.endswith("ing") and not re.search(r"\b(?:is|are|was|were|been|be)\s+(?:\w+\s+)?$", before):
            continue  # "Calling each other..." opens a clause, it names no speaker
        parsed = _np_before(before, state)
        if parsed is None:
            continue
        np, appositive = parsed
        speaker = _resolve(np, state, appositive)
        if speaker is not None:
            found.append((verb.start(), verb.end(), speaker))
    return found


# Not the full stop of a title: "said Rep. Jim Clyburn", "said Mr. Burman".
_TITLE_ABBREVIATIONS = ("Rep", "Sen", "Gov", "Mr", "Mrs", "Ms", "Dr", "Lt", "Gen", "Sgt", "Col", "Capt", "Rev", "St")
_NOT_TITLE_DOT = "".join(rf"(?<!\b{t})" for t in _TITLE_ABBREVIATIONS)
_TITLE_DOT = "(?:" + "|".join(rf"(?<=\b{t})" for t in _TITLE_ABBREVIATIONS) + r")\."  # "adviser to Mr. Obama"


@dataclass(frozen=True)
class _Patterns:
    verb: re.Pattern[str]
    after_verb_np: re.Pattern[str]
    after_np_verb: re.Pattern[str]
    sentence_end_attribution: re.Pattern[str]
    sentence_end_verb_first: re.Pattern[str]
    after_verb_name: re.Pattern[str]
    verb_alone: re.Pattern[str]


@cache
def _compiled(verbs: str, adverb: str) -> _Patterns:
    return _Patterns(
        verb=re.compile(rf"\b(?:{verbs})\b"),
        after_verb_np=re.compile(
            rf"^\s*[,.!?]?\s*(?:{verbs})\s+(?P<np>(?:the\s+|an?\s+)?[\w’'.\-]+(?:\s+[\w’'.\-]+){{0,5}}?)"
            rf"(?P<role>\s*,\s*(?:[^.;{_MASK}“”\"]|{_TITLE_DOT}){{3,200}}?)?\s*(?:{_NOT_TITLE_DOT}[.;!?]|$|,\s*(?:adding|who|in|on|at|when)\b)"
        ),
        after_np_verb=re.compile(
            rf"^\s*[,.!?]?\s*(?P<np>(?:[\w’'.\-]+\s+){{0,6}}?[\w’'.\-]+)(?P<role>,\s*[^,.;{_MASK}]{{3,100}},)?"
            rf"(?:\s+{adverb})*\s+(?:{verbs})\b"
        ),
        sentence_end_attribution=re.compile(
            rf",\s*(?P<np>(?:[\w’'.\-]+\s+){{0,6}}?[\w’'.\-]+)(?:\s+{adverb})*\s+(?:{verbs})"
            r"(?:\s+(?:on|in|at|last|this|to|during)\b[^,.;]*)?\s*[.!?]?\s*$"
        ),
        after_verb_name=re.compile(
            rf"^\s*[,.!?]?\s*(?:{verbs})\s+(?P<np>{_CAP}(?:\s+{_CAP}){{0,3}})"
            rf"(?:\s*(?:[.;,(]|$)|\s+(?P<next>[^\W\d_A-Z][\w]*)\b)"
        ),
        verb_alone=re.compile(rf"^\s*,\s*(?:{verbs})\s*(?:[,.;]|$)"),
        sentence_end_verb_first=re.compile(
            rf",\s*(?:{verbs})\s+(?P<np>(?:the\s+|an?\s+)?[A-Z][\w’'.\-]*(?:\s+[\w’'.\-]+){{0,5}}?)"
            rf"(?P<role>,\s*[^.;{_MASK}]{{3,120}}?)?\s*[.!?]?\s*$"
        ),
    )


def _rx(state: _State) -> _Patterns:
    return _compiled(_verbs(state.vocab.cue_verbs), state.words.adverb)


_ACCORDING = re.compile(
    rf"\b(?i:according to|selon|laut|según|secondo|segundo)\s+(?P<np>[^,.;{_MASK}]{{2,80}}?)\s*(?:[,.;]|$)"
)


# '... "a constant distraction" and that teachers had told her ...': the sentence goes on, no attribution.
_SUBORDINATE = re.compile(r"^(?:(?:and|but|or)\s+)?(?:that|which|who|because|if|when|while|whereas|although)\b", re.I)


def _named_in_apposition(np: str, role: str | None, state: _State) -> _Speaker | None:
    """ "the assailant, John McGraw," or "a spokesman, Tom Reed,": the name the description is given."""
    name = (role or "").strip(" ,")
    if not _NAME_ONLY.match(name) or not (state.words.determiner.match(np) or np[:1].islower()):
        return None
    speaker = _resolve(name, state, np)
    return speaker if speaker is not None and speaker.party is not None and speaker.party.kind == "person" else None


# '"...” ― Pamela Padilla': a dash and the name after the quotation (vox pops, epigraphs).
_DASH_NAME = re.compile(rf"^\s*[,.]?\s*[―—–]\s*(?P<np>{_CAP}(?:\s+{_CAP}){{0,3}})\s*(?:[,.(]|$)")
# '", a-t-il ajouté', '», a-t-elle assuré', '", ajoute-t-il': French puts the pronoun after the verb.
_FRENCH_INVERSION = re.compile(r"^\s*[,.]?\s*(?:a-t-(?P<a>il|elle)\s+\w+|\w+-t-(?P<b>il|elle))\b")


def _signed(tail: str, state: _State) -> _Speaker | None:
    """The name a dash puts after a quotation (``tail``: the paragraph after the closing mark),
    even where the quotation ends its sentence ('...this low?” ― Jacklyn Ashley')."""
    dash = _DASH_NAME.match(tail)
    speaker = _resolve(dash.group("np"), state) if dash else None
    return speaker if speaker is not None and speaker.party is not None else None


# '"PENCE: Well, look, ...': a transcript quoted with its speaker labels, the label in capitals.
_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z’'.-]+(?:\s[A-Z][A-Z’'.-]+){0,2}):\s")
# Capitalised labels that name no one: "UPDATE:", "BREAKING:", "EDITOR'S NOTE:".
_NOT_LABELS = {"UPDATE", "BREAKING", "NOTE", "WATCH", "READ", "VIDEO", "PHOTOS", "EXCLUSIVE", "Q", "A"}


def _labelled(quoted: str, state: _State) -> _Speaker | None:
    """The speaker label opening a quoted transcript turn, as a name ("PENCE" -> "Mike Pence")."""
    label = _LABEL.match(quoted)
    if not label or any(w.strip(".’'") in _NOT_LABELS for w in label.group("label").split()):
        return None
    speaker = _resolve(label.group("label").title(), state)
    return speaker if speaker is not None and speaker.party is not None else None


def _after_quote(after: str, state: _State) -> _Speaker | None:
    """Attribution right after the closing mark: ``," said X, ROLE.`` or ``," X said.``"""
    if _FRENCH_INVERSION.match(after):
        return _resolve("he", state)
    match = _rx(state).after_verb_np.match(after)
    if match and not match.group("np").lower().startswith(("that", "to ", "it ", "in ", "on ", "at ")):
        np = match.group("np")
        if np.split()[0].lower() not in ("reporters", "journalists", "him", "her", "them", "us", "me"):
            speaker = _named_in_apposition(np, match.group("role"), state) or _resolve(np, state, match.group("role"))
            if speaker is not None:
                return speaker
    named = _rx(state).after_verb_name.match(after)
    if named and (not named.group("next") or named.group("next").lower() in state.words.trailers):
        # '"...," said Smith in a statement', '", sagte Steinmeier dem Tagesspiegel', '", sagte Ströbele (Grüne)'
        speaker = _resolve(named.group("np"), state)
        if speaker is not None and speaker.party is not None:
            return speaker
    if _rx(state).verb_alone.match(after):  # '», ha insistido, despejando ...': the subject is dropped
        return _resolve("he", state)
    match = _rx(state).after_np_verb.match(after)
    if match and not _SUBORDINATE.match(match.group("np")):
        role = match.group("role")
        named = _named_in_apposition(match.group("np"), role, state)
        return named or _resolve(match.group("np"), state, role.rstrip(",") if role else None)
    return None


def _sentence_attribution(after: str, state: _State) -> _Speaker | None:
    """An attribution closing the sentence: ``..., North Korean state media said.``"""
    match = _rx(state).sentence_end_verb_first.search(after)
    if match:
        speaker = _resolve(match.group("np"), state, match.group("role"))
        if speaker is not None:
            return speaker
    match = _rx(state).sentence_end_attribution.search(after)
    if match:
        return _resolve(match.group("np"), state)
    return None


def _named_next(masked: str, bounds: list[tuple[int, int]], end: int, state: _State) -> _Speaker | None:
    """``«...». Así de tajante se ha mostrado la portavoz del Ejecutivo, Isabel Rodríguez, ...``: a
    quotation that is its own sentence, then a sentence opening on a word that points back at it and
    naming a person: that person said it."""
    following = next(((b, e) for b, e in bounds if b >= end), None)
    if following is None:
        return None
    sentence = masked[following[0] : following[1]].strip()
    opening = sentence.split(maxsplit=1)[0].strip(",").lower() if sentence else ""
    if opening not in state.words.back_references:
        return None
    people = [party for _, party in _mentions_in(sentence, state, record=False) if party.kind == "person"]
    return _Speaker(people[0]) if people else None


def _according_to(text: str, state: _State) -> _Speaker | None:
    match = _ACCORDING.search(text)
    return _resolve(match.group("np"), state) if match else None


# -- extraction --------------------------------------------------------------------------


@dataclass
class _Found:
    text: str
    paragraph: int
    start: int
    speaker: _Speaker | None
    opens_paragraph: bool
    closed: bool
    sentence_end: int = 0


def _mask(text: str, spans: list[tuple[int, int, bool]]) -> str:
    chars = list(text)
    for start, end, _closed in spans:
        for i in range(start, end):
            chars[i] = _MASK
    return "".join(chars)


def _quote_text(text: str, start: int, end: int) -> str:
    quoted = text[start:end].strip()
    trimmed = quoted.rstrip(" ,;")
    return trimmed if trimmed else quoted


def _sentence_bounds(doc: Document) -> dict[int, list[tuple[int, int]]]:
    """Each paragraph's sentences as (start, end) offsets, from the sentences stage."""
    bounds: dict[int, list[tuple[int, int]]] = {}
    for sentence in doc.sentences:
        bounds.setdefault(sentence.paragraph, []).append((sentence.start, sentence.start + len(sentence.text)))
    return bounds


def _focus_from(masked: str, state: _State) -> None:
    """Move the focus to the person a sentence opens with, or to the speaker it names."""
    opens_with_pronoun = re.match(r"^\W*(?:(?:and|but|so|then)\s+)?(?:he|she)\b", masked, re.IGNORECASE)
    for offset, party in [] if opens_with_pronoun else _mentions_in(masked, state, record=False):
        if len(masked[:offset].split()) > 8:
            break
        if party.kind != "person":
            continue
        rest = masked[offset:]
        if re.match(rf"{_CAP}(?:\s+{_CAP})*\s+(?:and|&)\s+{_CAP}", rest) or re.search(r"\band\s+$", masked[:offset]):
            break  # "Putin and Kim bonded": a pair is not the one "he" will refer to
        state.set_focus(_Speaker(party))
        break
    found = _subject_verbs(masked, state)
    attributions = [a for a in found if a[2].party is not None or a[2].anonymous_role]
    attributions += [a for a in found if a[2] is _NOBODY]
    if attributions:
        state.set_focus(sorted(attributions, key=lambda a: a[0])[-1][2])
        return
    verb_first = _rx(state).sentence_end_verb_first.search(masked)
    if verb_first:
        speaker = _resolve(verb_first.group("np"), state, verb_first.group("role"))
        if speaker is not None:
            state.set_focus(speaker)


def _attribute(before: str, after: str, closed: bool, state: _State) -> _Speaker | None:
    """The speaker the sentence around one quote names (rules 1-3 of the module text)."""
    speaker = _after_quote(after, state) if closed else None
    if speaker is None:
        attributions = _subject_verbs(before, state)
        if attributions and not _SENTENCE_STOP.search(before[attributions[-1][1] :]):
            speaker = attributions[-1][2]
    if speaker is None and closed:
        speaker = _sentence_attribution(after, state)
    if speaker is None:
        speaker = _according_to(before + " " + after, state)
    if speaker is None and (inverted := _SAID_FIRST.search(before)):
        speaker = _resolve(inverted.group("np"), state)
    return speaker


# 'Said Comey, "..."': the verb first, opening the sentence.
_SAID_FIRST = re.compile(rf"^\W*Said\s+(?P<np>{_CAP}(?:\s+{_CAP}){{0,3}}),\s*$")


# A full stop that ends a sentence, not one of "U.S." or "Mr.".
_SENTENCE_STOP = re.compile(r"(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bSt)(?<!\bJr)[.!?]\s")
# A party and state after a US politician's name: "Harry Reid (D-Nev.)", "Mitch McConnell, R-Ky.,".
_AFFILIATION = re.compile(
    r"\s\((?:[DRI]|[DRI]-[A-Z][\w.]*|[A-Z][a-z]{0,3}\.?-[A-Z][\w.]*)\)|(?<=[a-z]),\s[DRI]-[A-Z][a-z]{0,4}\.?,"
)
_SUBJECT = re.compile(rf"^(?P<np>(?:{_CAP}\s+){{0,6}}{_CAP})(?P<appositive>,[^,{_MASK}]{{2,90}},)?\s+(?=[a-z])")
_INTRO = re.compile(rf"^(?P<word>[A-Za-z]+)\b[^.;:!?{_MASK}]{{0,120}}?,\s+(?=[A-Z])")


def _sentence_subject(before: str, state: _State) -> _Speaker | None:
    """The subject of a sentence that says someone spoke, for a quote inside it:
    ``Clinton celebrated in Florida, declaring it "another super Tuesday"``, ``Blackwell pointed to
    ..., noting that he has "..."``. The subject opens the sentence (after an introductory phrase at
    most) and is the only one named before the reporting verb; anything less clear names nobody."""
    text = before.rstrip()
    verbs = [v for v in _rx(state).verb.finditer(text) if not _PASSIVE.search(text[: v.start()])]
    if text.endswith(":"):  # "In a Fox interview later that day, Trump went even further: ..."
        verbs.append(re.search(r":$", text))
    if not verbs:
        return None
    head = _LEADING_JUNK.sub("", text)
    skipped = len(text) - len(head)
    starts = [0]
    intro = _INTRO.match(head)
    if intro and intro.group("word").lower() in state.words.intro:
        # "Speaking in Salem, New Hampshire, Trump went after Bush": the subject after the last comma.
        starts = sorted(
            (m.end() for m in re.finditer(r",\s+(?=[A-Z])", head) if m.end() < verbs[0].start() - skipped),
            reverse=True,
        )
    subject = None
    for start in starts:
        subject = _SUBJECT.match(head[start:])
        if subject:
            skipped += start
            break
    if subject is None:
        return None
    np = subject.group("np")
    if np.split()[0].lower() in state.words.not_names - {"he", "she"}:
        return None
    first_verb = next((v for v in verbs if v.start() >= skipped + subject.end()), None)
    if first_verb is None:
        return None
    # Nobody else may be named between the subject and the verb ("Trump said Cruz called it ...").
    between = text[skipped + subject.end() : first_verb.start()]
    if _SENTENCE_STOP.search(between):
        return None
    for found in state.words.name_run.finditer(between):
        run = found.group(0)
        if re.search(r"[’']s?$", run):
            continue  # "Blackwell pointed to Cruz’s record, noting ...": an owner, not a subject
        if re.search(r"\b(?:in|at|from|near|outside)\s+(?:the\s+)?$", between[: found.start()]):
            continue  # "Carson took the stage at the Grand Hotel in Baltimore and called it ...": a place
        words = [w.strip(".,’'") for w in run.split()]
        if any(w.lower() not in state.words.not_names | state.vocab.title_words for w in words):
            return None
    speaker = _resolve(np, state, None)
    if speaker is None or speaker is _NOBODY:
        return speaker
    return speaker if speaker.party is not None or speaker.anonymous_role else None


def _introduces(masked: str, bounds: list[tuple[int, int]], state: _State) -> _Speaker | None:
    """The speaker a quote-free paragraph ends by introducing: ``Soerens argued that:``."""
    if not masked.rstrip().endswith(":") or not bounds:
        return None
    last = masked[bounds[-1][0] : bounds[-1][1]].rstrip().rstrip(":")
    last = re.sub(r"\s+(?:that|this|the following)$", "", last)
    attributions = _subject_verbs(last, state)
    return attributions[-1][2] if attributions and attributions[-1][2].party else None


def _reports(masked: str, bounds: list[tuple[int, int]], state: _State) -> _Speaker | None:
    """The speaker a quote-free paragraph ends by reporting: ``In an editorial, the Lancet said
    Mr Bolsonaro's disregard ... is sowing confusion.`` In news style a paragraph that is only a
    quotation, right after it, goes on in that speaker's words."""
    if not bounds:
        return None
    attributions = _subject_verbs(masked[bounds[-1][0] : bounds[-1][1]], state)
    return attributions[0][2] if len(attributions) == 1 and attributions[0][2].party else None


def _extract(doc: Document, settings: Settings) -> list[_Found]:
    state = _State(settings)
    state.numbered = numbered_phrases([p.text for p in doc.paragraphs], state)
    found: list[_Found] = []
    previous_paragraph: list[_Found] = []
    introduced: _Speaker | None = None  # "Soerens argued:" closing the paragraph before
    reported: _Speaker | None = None  # "the Lancet said Mr Bolsonaro ..." closing the paragraph before
    sentence_bounds = _sentence_bounds(doc)
    for index, paragraph in enumerate(doc.paragraphs):
        if paragraph.kind != "text":
            previous_paragraph = []
            # "The New York Times reports:" alone on its line reads as a heading, yet introduces the quote below.
            introduced = _introduces(paragraph.text, [(0, len(paragraph.text))], state)
            reported = None
            continue
        text = paragraph.text
        spans = [s for s in quotation_spans(text) if text[s[0] : s[1]].strip(" ,.;:")]
        masked = _AFFILIATION.sub(lambda m: " " * len(m.group(0)), _mask(text, spans))
        bounds = sentence_bounds.get(index) or [(0, len(text))]
        here: list[_Found] = []
        cursor = 0  # where mentions have been recorded up to
        owner = [max([0] + [i for i, (b, _e) in enumerate(bounds) if b <= start - 1]) for start, _e, _c in spans]
        for number, (b_start, b_end) in enumerate(bounds):
            in_sentence = [span for span, k in zip(spans, owner, strict=True) if k == number]
            if not in_sentence:
                # A sentence without quotations still moves the focus ("..., said Leif-Eric Easley").
                if cursor < b_end:
                    _record_mentions(masked[cursor:b_end], state)
                    cursor = b_end
                _focus_from(masked[b_start:b_end], state)
                continue
            for start, end, closed in in_sentence:
                mark = 2 if text[max(0, start - 2) : start] == "''" else 1  # ''…'' marks are two wide
                s_end = next((e for _b, e in bounds if e >= end + (mark if closed else 0)), len(text))
                before = masked[b_start : start - mark]
                after = masked[end + mark : s_end] if closed else ""
                if closed and not after.strip() and text[end - 1 : end] in "?!":
                    # '"...cozy up to Bush?" Lichtman said about ...': the sentence broke after the
                    # question mark, and its attribution opens the next sentence.
                    s_end = next((e for b, e in bounds if b >= end + mark), s_end)
                    after = masked[end + mark : s_end]
                if cursor < start - mark:
                    _record_mentions(masked[cursor : start - mark], state)
                    cursor = start - mark
                opens = not text[: start - mark].strip()
                speaker = _labelled(text[start:end], state) if opens else None
                if speaker is None and closed:
                    speaker = _signed(masked[end + mark :], state)
                if speaker is None:
                    speaker = _attribute(before, after, closed, state)
                if speaker is None:
                    speaker = _sentence_subject(before, state)
                if speaker is None and closed and not before.strip(_MARKS) and not after.strip(_MARKS + ";"):
                    speaker = _named_next(masked, bounds, s_end, state)
                if speaker is None:
                    alone = opens and not masked.replace(_MASK, "").strip(_MARKS)
                    speaker = _inherited(here, previous_paragraph, masked, start, opens or alone, state, alone)
                if speaker is None and opens and not here and not previous_paragraph:
                    speaker = introduced or (reported if alone else None)
                item = _Found(_quote_text(text, start, end), index, start, speaker, opens, closed, s_end)
                here.append(item)
                if speaker is not None:
                    state.set_focus(speaker)
                else:
                    _focus_from(before, state)
                if closed and after:
                    _record_mentions(after, state)
                    cursor = max(cursor, s_end)
        _record_mentions(masked[cursor:], state)
        found.extend(here)
        previous_paragraph = here
        introduced = _introduces(masked, bounds, state) if not here else None
        reported = _reports(masked, bounds, state) if not here else None
    # Each speaker carries the role the text gives it anywhere in the article.
    for item in found:
        party = item.speaker.party if item.speaker else None
        if party and not party.role:
            entry = _entity(party.name, settings)
            party.role = party.title or party.clause_role or (entry.role if entry else None)
    return found


def _inherited(
    here: list[_Found],
    previous: list[_Found],
    masked: str,
    start: int,
    opens: bool,
    state: _State,
    alone: bool = False,
) -> _Speaker | None:
    """The speaker of the quote this one continues, if any; ``alone``: the paragraph is only this
    quotation, which in news style goes on with the speaker of the paragraph before."""
    if here:
        last = here[-1]
        if last.speaker is None:
            return None
        if not masked[last.sentence_end : start - 1].strip(" '\"“‘«„"):
            return last.speaker  # only the last quote's own attribution stands between them
        between = masked[last.start : start - 1].replace(_MASK, " ")
        between = re.sub(rf"\btold\s+(?:the\s+)?{_CAP}(?:\s+{_CAP})*", " ", between)  # the listener
        own = set(last.speaker.party.tokens) if last.speaker.party else set()
        for run in state.words.name_run.findall(between):
            words = [w.strip(".,’'") for w in run.split()]
            others = state.words.not_names | state.vocab.title_words
            words = [w for w in words if w.lower() not in others and w not in own]
            if words:
                return None  # someone else is named between the two quotes
        return last.speaker
    if opens and previous:
        last = previous[-1]
        if last.speaker is not None and (not last.closed or len(last.text.split()) >= 5 or alone):
            return last.speaker
    return None


def _is_full_sentence(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return bool(first) and (first.isupper() or first.isdigit())


def _callout_score(quote: _Found, salience: float) -> float:
    words = len(quote.text.split())
    named = quote.speaker is not None and quote.speaker.party is not None
    length = 1.0 if 12 <= words <= 45 else 0.6 if words <= 70 else 0.2
    return 2.0 * named + 1.0 * _is_full_sentence(quote.text) + length + salience


def _salience(texts: list[str], body: str) -> list[float]:
    """How much each text shares the article's vocabulary (cosine with the whole body, 0-1)."""
    if not texts:
        return []
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([body, *texts])
    except ValueError:
        return [0.0] * len(texts)
    similarity = (vectors[1:] @ vectors[0].T).toarray().ravel()
    return [float(s) for s in similarity]


def choose_callouts(found: list[_Found], body: str) -> set[int]:
    """Indexes of the 1-3 callouts: long quotes, full sentences first, attributed first."""
    eligible = [i for i, q in enumerate(found) if len(q.text.split()) >= _MIN_CALLOUT_WORDS]
    full = [i for i in eligible if _is_full_sentence(found[i].text)]
    pool = full if len(full) >= 2 else eligible
    salience = dict(zip(pool, _salience([found[i].text for i in pool], body), strict=True))
    ranked = sorted(pool, key=lambda i: (-_callout_score(found[i], salience[i]), i))
    chosen: list[int] = []
    per_speaker: dict[str | None, int] = {}
    for i in ranked:
        name = found[i].speaker.name if found[i].speaker else None
        if per_speaker.get(name, 0) >= 2:
            continue
        chosen.append(i)
        per_speaker[name] = per_speaker.get(name, 0) + 1
        if len(chosen) == _MAX_CALLOUTS:
            break
    return set(chosen)


def pull_quotes(doc: Document, settings: Settings) -> tuple[Quote, ...]:
    """A transcript's 2-3 most quotable sentences of the turns a speaker label names ("JANE SMITH:
    ..."), each with that speaker; none when no turn is labelled with a name. A transcript has
    no quotation marks: an unlabelled sentence is no one's quote, only a line of the text."""
    speakers = _named_turns(doc)
    items = [
        Sentence(s.text[label.end() :] if (label := _NAMED_LABEL.match(s.text)) else s.text, s.paragraph, s.start)
        for s in doc.sentences
        if s.paragraph in speakers
    ]
    words, broken = _words(settings.data.lexicon), broken_end(settings.data.lexicon)

    def quotable(position: int, strict: bool) -> bool:
        text = items[position].text
        if not 12 <= len(text.split()) <= 40 or not text[:1].isupper():
            return False
        if not strict:
            return not broken.search(text)
        previous = items[position - 1].text if position else ""
        return (
            text not in doc.summary
            and is_candidate(text)
            and not re.search(r"\s[A-Z][\w’'-]*[.!?]?$", text)  # cut on a name: "...minister Chason."
            and not (previous and broken.search(previous))  # starts mid-thought
        )

    # Restored speech can be rough: when too few sentences pass the strict test, take the looser one.
    candidates = [s for i, s in enumerate(items) if quotable(i, strict=True)]
    if len(candidates) < 2:
        candidates += [s for i, s in enumerate(items) if s not in candidates and quotable(i, strict=False)]
    if not candidates:
        return ()
    salience = _salience([s.text for s in candidates], doc.body_text)
    scored = sorted(
        zip(candidates, salience, strict=True),
        key=lambda pair: (
            -(
                pair[1]
                + 0.15 * min(3, len(words.quotable.findall(pair[0].text)))
                - 0.01 * abs(len(pair[0].text.split()) - 22)
            )
        ),
    )
    picked = sorted((s for s, _ in scored[: min(3, max(2, len(candidates) // 8))]), key=items.index)
    return tuple(Quote(s.text, speakers[s.paragraph], None, s.paragraph, callout=True) for s in picked)


# "JANE SMITH:", "Jane Smith (00:01:23):": a turn labelled with a person's name. One word ("HOST:",
# "PUTIN:") or "Speaker 2" may be a role or a number: no speaker the text names.
_NAMED_LABEL = re.compile(r"^([A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){1,3})(?: \(\d[\d:]*\))?:\s+")


def _named_turns(doc: Document) -> dict[int, str]:
    """The paragraphs that open with a named speaker label, with the name as the text writes it
    (``JANE SMITH`` as ``Jane Smith``)."""
    named = {}
    for index, paragraph in enumerate(doc.paragraphs):
        if paragraph.kind == "text" and (label := _NAMED_LABEL.match(paragraph.text)):
            name = label.group(1)
            named[index] = " ".join(w.capitalize() for w in name.split()) if name.isupper() else name
    return named


def extract(doc: Document, settings: Settings) -> tuple[Quote, ...]:
    found = _extract(doc, settings)
    if not found and doc.kind == "transcript":
        return pull_quotes(doc, settings)
    callouts = choose_callouts(found, doc.body_text)
    quotes = []
    for i, item in enumerate(found):
        speaker = item.speaker
        name = speaker.name if speaker else None
        role = speaker.party.role if speaker and speaker.party else (speaker.anonymous_role if speaker else None)
        quotes.append(Quote(item.text, name, role, item.paragraph, callout=i in callouts))
    return tuple(quotes)


def run(doc: Document, settings: Settings) -> Document:
    return doc.with_(quotes=extract(doc, settings))
