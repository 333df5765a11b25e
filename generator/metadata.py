"""Metadata stage: title, date, dateline, publisher, authors and language.

Each field is filled from one source after another, only while it is still empty: the
lines the clean stage set aside (header, credits, footer), then the body, then the data
files. A field no source gives stays empty: a date is never guessed and never today's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import syntok.segmenter as segmenter
import yaml
from lingua import Language, LanguageDetectorBuilder

from generator import line_model
from generator.config import Settings
from generator.dates import Dateline, dateline_day, find_dateline, is_date_line, parse_date, without_dateline
from generator.document import Document, Paragraph, Removal, Role
from generator.lexicon import Lexicon, compiled, packaged
from generator.text import MARKDOWN_EMPHASIS, number_paragraphs, split_glued, word_count, words

_LANGUAGES = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.GERMAN,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.POLISH,
    Language.KOREAN,
    Language.JAPANESE,
    Language.CHINESE,
    Language.ARABIC,
)
_DETECTOR = LanguageDetectorBuilder.from_languages(*_LANGUAGES).with_low_accuracy_mode().build()
# A short title is named in another language than the body only when the detector is sure.
_TITLE_LANG_CONFIDENCE = 0.6

# "By science reporter Jane Lee": a role in lower case before the name.
_ROLE_BEFORE_NAME = re.compile(
    r"^(?:[a-z][\w-]* ){0,3}(?:reporter|correspondent|editor|writer|journalist|columnist|producer|analyst)\s+"
)
_JOB_TITLES = frozenset(["reporter", "correspondent", "editor", "writer", "columnist", "producer"])
_BYLINE_SOURCE = re.compile(r"\s+via\s+.*$", re.I)  # "Authored by Jane Doe via Substack"

# Footer and credit lines that can name the publisher (photo credits cannot: a paper prints
# agency pictures).
_PUBLISHER_LINE_ROLES = frozenset(
    {
        Role.CREDIT,
        Role.DATE,
        Role.BYLINE,
        Role.AROUND_HEADLINE,
        Role.FOOTER,
        Role.AUTHOR_BIO,
        Role.COPYRIGHT,
        Role.PUBLISHER_NOTE,
    }
)
# Lines of the header other than the headline: a full date anywhere in them is the article's.
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:(?:a |an |the )?[\w.'’-]+(?: [\w.'’-]+){0,5}\s+"
    r"(?:said|says|say|showed|shows|show|found|finds|reported|reports|warned|added|announced|told \w+)"
    r"(?: on \w+day| \w+day| late \w+| earlier)?"
    r"|(?:said|says|according to|reported)\b.{0,80})$"
)


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The patterns built from the lexicon's words."""

    byline_prefix: re.Pattern[str]  # "By", "Words by", "Authors:"
    subordinate_opening: re.Pattern[str]  # "After ...", "Less than ...": a lead that opens with a clause
    name_word: re.Pattern[str]  # a word of a name in a byline: "Jane", "da", "J."
    title_punctuation_break: re.Pattern[str]  # where a long lead sentence may be cut for a title: ", " " - "
    title_word_break: re.Pattern[str]  # failing that, before "while", "as"
    title_phrase_break: re.Pattern[str]  # failing that, before a preposition: "on", "for"


def _build(lexicon: Lexicon) -> _Patterns:
    return _Patterns(
        # Repeated: a CMS that adds its own "By" to a byline that has one gives "By By Justin Phillips".
        byline_prefix=re.compile(
            rf"^(?:(?:{lexicon.alternation('byline_prefixes')}|authors?|reporters?|byline)\s*:?\s+)+", re.I
        ),
        subordinate_opening=re.compile(rf"(?:{lexicon.alternation('subordinate_openers')})\b", re.IGNORECASE),
        name_word=re.compile(rf"^(?:[A-Z][\w'’.-]*|(?:{lexicon.alternation('name_particles')})|[A-Z]\.)$"),
        title_punctuation_break=re.compile(r"[,;]\s|\s[–—-]\s"),
        title_word_break=re.compile(rf"\s(?=(?:{lexicon.alternation('title_clause_breaks')})\s)", re.IGNORECASE),
        title_phrase_break=re.compile(rf"\s(?=(?:{lexicon.alternation('title_phrase_breaks')})\s)", re.IGNORECASE),
    )


_patterns = compiled(_build)


@dataclass(frozen=True, slots=True)
class HeaderPatterns:
    """The lexicon's patterns for scoring header lines, each compiled on its own."""

    not_headline: tuple[re.Pattern[str], ...]  # menus, prompts, labels: never the headline
    headline_prefix: tuple[re.Pattern[str], ...]  # cut from a headline's start: " date 2022-05-11 "
    headline_kicker: tuple[re.Pattern[str], ...]  # "LIVE COVERAGE: ": a label the headline keeps
    date_context: tuple[re.Pattern[str], ...]  # "Published:", "publié le": a publication date
    not_date_context: tuple[re.Pattern[str], ...]  # comments, captions: no publication date
    byline_prefix: tuple[re.Pattern[str], ...]  # "By", "Edited by", "Von"
    byline_tail: tuple[re.Pattern[str], ...]  # a date after the names: "Jane Doe Mon, Jun 17"
    provider_label: tuple[re.Pattern[str], ...]  # "News provided by": the name under it is a company's


def _build_header(lexicon: Lexicon) -> HeaderPatterns:
    def each(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(entry, re.IGNORECASE) for entry in lexicon.lists[key])

    return HeaderPatterns(
        not_headline=each("not_headline"),
        headline_prefix=each("headline_prefixes"),
        headline_kicker=each("headline_kickers"),
        date_context=each("date_labels"),
        not_date_context=each("not_date_labels"),
        byline_prefix=(_patterns(lexicon).byline_prefix,),
        byline_tail=each("byline_tails"),
        provider_label=each("provider_labels"),
    )


_header = compiled(_build_header)
# A generated headline is a headline's length: a lead sentence longer than _TITLE_LONG_WORDS is cut
# at a clause boundary to _TITLE_MAX_WORDS or fewer, keeping a clause that still says something (a
# subject and a verb: five words or more). A sentence of 15 or 16 words stays whole: cutting it
# would often leave only its opening phrase ("Después de dos elecciones en un año").
_TITLE_MAX_WORDS = 14
_TITLE_LONG_WORDS = 16
_TITLE_MIN_WORDS = 5


# Language -----------------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    found = _DETECTOR.detect_language_of(text[:4000]) if text.strip() else None
    return found.iso_code_639_1.name.lower() if found else None


def title_language(title: str, body_lang: str) -> str | None:
    """The title's language when it is surely not the body's (``title_lang``), else None."""
    if len(words(title)) < 3:
        return None
    values = _DETECTOR.compute_language_confidence_values(title)
    if not values:
        return None
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    return code if code != body_lang and best.value >= _TITLE_LANG_CONFIDENCE else None


# The header: the lines before the lead, with what clean said each was ------------------


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """One non-empty line of the decoded text, with the role clean gave it (None: kept in the body)."""

    number: int  # 1-based line number in the decoded text
    index: int  # position among the non-empty lines
    text: str
    role: Role | None
    glued: Role | None = None  # a role clean cut from the end of this line ("... (REUTERS)")


# A lead paragraph is long: the header is every line before it.
_LEAD_WORDS = 25
_LEAD_CHARS = 150
_HEADER_MAX_LINES = 25
_LEAD_LONG_WORDS = 40
_SHORT_LEAD_WORDS = 12


def text_lines(doc: Document) -> list[HeaderLine]:
    """Every non-empty line of the text, each with the role of the removal that took it whole."""
    whole: dict[int, Role] = {}
    glued: dict[int, Role] = {}
    lines = [(n, " ".join(raw.split())) for n, raw in enumerate(doc.text.splitlines(), 1) if raw.strip()]
    by_number = dict(lines)
    for removal in doc.removals:
        if removal.reason == line_model.REASON:
            # What the line model pruned is judged here as the rules left it: the page's metadata
            # does not hang on a body judgement learnt from other pages.
            continue
        text = " ".join(removal.text.split())
        line = by_number.get(removal.line, "")
        if text == line or (removal.role is not Role.CREDIT and text and line.startswith(text)):
            whole.setdefault(removal.line, removal.role)
        elif text:
            glued.setdefault(removal.line, removal.role)
    return [HeaderLine(n, i, text, whole.get(n), glued.get(n)) for i, (n, text) in enumerate(lines)]


def lead_index(lines: list[HeaderLine], patterns: HeaderPatterns, paragraphs: tuple[Paragraph, ...] = ()) -> int:
    """The index of the first long line the body kept (the lead), or the number of lines.

    A long headline is no lead: the lead ends as a sentence does, or runs far longer. A line
    that opens a paragraph of hard-wrapped text is as long as its paragraph."""
    starts = {" ".join(p.text.split()[:8]): " ".join(p.text.split()) for p in paragraphs if p.kind == "text"}
    for line in lines:
        text = starts.get(" ".join(line.text.split()[:8]), line.text) if line.role is None else line.text
        if len(text) < len(line.text):
            text = line.text
        count = word_count(text)
        if line.role is not None or (count < _LEAD_WORDS and len(text) < _LEAD_CHARS):
            continue
        if headline_text(line.text, patterns) != line.text.strip():
            continue  # " date 2022-05-11 Headline", "Home / News / Headline"
        if text.rstrip().endswith((".", "!", "?", ":", '"', "”", "»", "’")) or count >= _LEAD_LONG_WORDS:
            return line.index
    # A short text: the first kept line that is a full sentence of some length.
    for line in lines:
        if line.role is None and word_count(line.text) >= _SHORT_LEAD_WORDS and line.text.rstrip().endswith("."):
            return line.index
    return len(lines)


def _any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)


# Dates --------------------------------------------------------------------------------

_DATE_ROLES = frozenset({Role.DATE, Role.TIMESTAMP})
_SENTENCE_WORDS = 12  # a date inside a sentence this long is the story's or a caption's, not the page's


def _date_score(
    line: HeaderLine, header_end: int, headline_index: int | None, patterns: HeaderPatterns
) -> float | None:
    """How surely the date in ``line`` is the publication date; None when it is not one."""
    labelled = _any(patterns.date_context, line.text)
    bare = is_date_line(line.text) or (
        word_count(line.text) <= _BARE_DATE_WORDS and parse_date(line.text, _NO_SETTINGS, day_first=True) is not None
    )
    if _any(patterns.not_date_context, line.text) and not labelled:
        return None  # a comment's or a caption's date
    in_header = line.index < header_end
    if not (in_header or labelled or line.role in _DATE_ROLES):
        return None
    if word_count(line.text) > _SENTENCE_WORDS and not labelled and line.role not in _DATE_ROLES:
        return None  # "... on May 11, 2022, the army said": a date the story tells
    if bare and not labelled and headline_index is not None and line.index < headline_index - 1:
        return None  # a masthead's today: above the headline, with a label or a menu between
    score = 1.0 if in_header else 0.0
    score += 3.0 * (line.role in _DATE_ROLES) + 3.0 * labelled + 2.0 * bare
    return score - 0.05 * line.index


def _date(
    doc: Document,
    lines: list[HeaderLine],
    header_end: int,
    headline_index: int | None,
    dateline: Dateline | None,
    settings: Settings,
    day_first: bool,
) -> date | None:
    """The best-scored date line, then a dateline's day with a year the text gives, then "ago"."""
    given = source_front_matter(doc).get("date")
    if isinstance(given, date):
        return given
    if given and (found := parse_date(str(given), settings, day_first)):
        return found
    patterns = _header(settings.data.lexicon)
    best: tuple[float, date] | None = None
    for line in lines:
        if line.role is Role.TIME_AGO:
            continue
        score = _date_score(line, header_end, headline_index, patterns)
        if score is None or (best and score <= best[0]):
            continue
        if found := parse_date(line.text, settings, day_first):
            best = (score, found)
    if best:
        return best[1]
    if dateline and dateline.when:
        if found := _dateline_with_year(
            dateline.when, [line for line in lines if line.role is Role.COPYRIGHT], settings
        ):
            return found
        if found := dateline_day(dateline.when, settings.reference_date, settings.data.lexicon):
            return found
    for removal in doc.removals:
        if removal.role is Role.TIME_AGO and (found := parse_date(removal.text, settings)):
            return found
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _dateline_with_year(when: str, lines: list[HeaderLine], settings: Settings) -> date | None:
    """``TOKYO, December 5 /TASS/`` with the one year the copyright lines name; never today's, and
    never a year the story mentions ("cases rose in 2023" is no publication year)."""
    years = {year for line in lines for year in _YEAR.findall(line.text)}
    if len(years) != 1:
        return None
    return parse_date(f"{when} {years.pop()}", settings)


# Title --------------------------------------------------------------------------------


def generated_title(first_paragraph: str, lexicon: Lexicon | None = None) -> str:
    """A headline from the lead sentence, made only by cutting words, never adding any.

    The dateline and a trailing attribution (", analysts said") go; a sentence too long for a
    headline that opens with a subordinate clause ("Whatever ..., their relationship is ...")
    keeps its main clause; one still too long keeps its opening clauses, cut at a clause
    boundary (a comma, a dash, "while", "as"), never mid-phrase.
    """
    text = without_dateline(first_paragraph, lexicon)
    lead = split_glued(text)[0] if text.strip() else ""
    first = next(iter(next(iter(segmenter.analyze(lead)), [])), None)  # syntok knows "U.S." is no sentence end
    if first:
        lead = lead[first[0].offset : first[-1].offset + len(first[-1].value)]
    lead = lead.strip().rstrip(".!?").strip()
    lead = _ATTRIBUTION_TAIL.sub("", lead).strip()
    if len(words(lead)) > _TITLE_LONG_WORDS and _patterns(lexicon).subordinate_opening.match(lead):
        _, comma, rest = lead.partition(", ")
        # The main clause, even one that says "their" for names the opening gave: a 30-word
        # headline is worse, and the story under it says whose.
        if comma and len(words(rest)) >= _TITLE_MIN_WORDS - 1:
            lead = rest
    if len(words(lead)) > _TITLE_LONG_WORDS:
        lead = _opening_clauses(lead, lexicon)
    return lead[:1].upper() + lead[1:]


def _opening_clauses(sentence: str, lexicon: Lexicon | None) -> str:
    """The longest run of ``sentence``'s opening clauses that fits a headline; when even the first
    clause is longer, that clause; ``sentence`` itself when it has no clause boundary.

    Punctuation ends a clause more surely than a word does ("such as" is no boundary): a
    conjunction is a cut only when no comma or dash gives one that fits, a preposition (the end
    of a phrase, not of a clause) only when no conjunction does. A cut inside quotation marks,
    or one that leaves a fragment too short to say anything, is no candidate."""
    patterns = _patterns(lexicon)
    candidates: list[str] = []
    for pattern in (patterns.title_punctuation_break, patterns.title_word_break, patterns.title_phrase_break):
        candidates += [
            cut
            for match in pattern.finditer(sentence)
            if len(words(cut := sentence[: match.start()].rstrip(" ,;:–—-"))) >= _TITLE_MIN_WORDS
            and _balanced_quotes(cut)
        ]
        fitting = sorted((cut for cut in candidates if len(words(cut)) <= _TITLE_MAX_WORDS), key=len)
        if fitting:
            return fitting[-1]
    return min(candidates, key=len) if candidates else sentence


def _balanced_quotes(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def source_front_matter(doc: Document) -> dict[str, object]:
    """The keys of a YAML block the source opened with; text values only, anything odd ignored."""
    block = "\n".join(r.text for r in doc.removals if r.role is Role.SOURCE_FRONT_MATTER)
    try:
        loaded = yaml.safe_load(block.strip().strip("-.").strip() or "{}")
    except yaml.YAMLError:
        return {}
    return {str(k).lower(): v for k, v in loaded.items()} if isinstance(loaded, dict) else {}


_KICKER = re.compile(r"^(?P<kicker>[A-ZÄÖÜÀ-Þ]{4,})(?=[A-ZÄÖÜÀ-Þ][a-zäöüßà-ÿ])")  # "REGIERUNGKanzler ..."
_INNER_SENTENCE_END = re.compile(r"[a-zà-ÿ]{2}[.!?]\s+[A-ZÀ-Þ]")
_NUMBERED = re.compile(r"^\d+[.)]\s")
_HEADLINE_THRESHOLD = 3.0
# Lines that are metadata of another kind, never a headline.
_NOT_TITLE_ROLES = frozenset(
    {
        Role.DATE,
        Role.TIMESTAMP,
        Role.TIME_AGO,
        Role.CREDIT,
        Role.PHOTO_CREDIT,
        Role.COPYRIGHT,
        Role.RELATED_LINK,
        Role.AUTHOR_BIO,
        Role.SOURCE_FRONT_MATTER,
    }
)


def headline_text(text: str, patterns: HeaderPatterns) -> str:
    """A header line as a headline: a Markdown mark, a date prefix, a breadcrumb, a kicker cut."""
    text = re.sub(r"^#{1,6}\s+", "", text.strip())
    for _ in range(3):
        before = text
        for pattern in patterns.headline_prefix:
            text = pattern.sub("", text, count=1).strip()
        if text == before:
            break
    return _KICKER.sub("", text)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in words(text) if len(w) >= 4}


def _title_case_share(text: str) -> float:
    """The share of the longer words after the first that start with a capital."""
    long = [w for w in words(text)[1:] if len(w) > 3 and not w.isdigit()]
    return sum(w[0].isupper() for w in long) / len(long) if long else 0.0


def _headline_score(
    line: HeaderLine,
    text: str,
    lead_words: set[str],
    after_meta: bool,
    repeated: bool,
    patterns: HeaderPatterns,
    over_meta: bool = False,
) -> float | None:
    """How much ``text`` (line ``line`` cleaned) reads as the headline; None when it cannot be."""
    count = word_count(text)
    if line.role in _NOT_TITLE_ROLES or count < 3 or count > 35:
        return None
    unlabelled = text
    for kicker in patterns.headline_kicker:
        unlabelled = kicker.sub("", unlabelled, count=1)
    if _any(patterns.not_headline, unlabelled) or _any(patterns.byline_prefix, text):
        return None
    if is_date_line(text) or _NUMBERED.match(text) or _INNER_SENTENCE_END.search(text.rstrip(".!?")):
        return None
    if count <= _BARE_DATE_WORDS and parse_date(text, _NO_SETTINGS, day_first=True):
        return None  # "29 de marzo de 2024": a date, in any language
    if line.role is None and text.endswith(".") and _title_case_share(text) < _SENTENCE_CASE_SHARE:
        return None  # a sentence the body kept, in sentence case: the lead, however short
    score = {Role.HEADLINE: 3.0, Role.BYLINE: -1.0, Role.FURNITURE: -0.5}.get(line.role, 0.0)  # type: ignore[arg-type]
    score += 2.0 if 5 <= count <= 30 else 0.5
    score += 2.0 * _title_case_share(text)
    if text.endswith("."):
        score -= 1.0
    elif text.endswith((",", ";", ":")):
        score -= 2.0
    own = _content_words(text)
    if own:
        score += 3.0 * len(own & lead_words) / len(own)
    score += 1.0 * repeated - 2.0 * after_meta + _OVER_META * over_meta
    if text.isupper():
        score -= 0.5
    return score


def _caption_pair(text: str, others: list[str], patterns: HeaderPatterns) -> bool:
    """A line printed twice, once with a credit glued on ("... Yolanda DíazEFE"): a caption. A copy
    that the headline patterns cut back to the same line ("... turmoil 150 150 admin", an image's
    size and uploader) carries no credit."""
    # Strictly longer: of two different lines of one length, min and max would both return ``text``.
    return any(
        len(other) != len(text)
        and (a := min(text, other, key=len))
        and (b := max(text, other, key=len)).startswith(a)
        and word_count(b[len(a) :]) <= _CREDIT_WORDS
        and headline_text(b, patterns) != headline_text(a, patterns)
        for other in others
    )


_CREDIT_WORDS = 3


def choose_headline(
    lines: list[HeaderLine], header_end: int, patterns: HeaderPatterns
) -> tuple[str, HeaderLine] | None:
    """The header line that scores best as the headline, or None when none reads as one."""
    lead = " ".join(line.text for line in lines[header_end : header_end + 2])
    lead_words = _content_words(lead)
    later = [" ".join(line.text.split()).casefold() for line in lines[header_end:]]
    header = lines[: min(header_end, _HEADER_MAX_LINES)]
    cleaned = [headline_text(line.text, patterns) for line in header]
    best: tuple[float, str, HeaderLine] | None = None
    after_byline = False
    rank = 0  # how many lines that read as a headline came before
    inherited = False  # clean's headline was furniture: the line right under it is likely the headline
    for i, (line, text) in enumerate(zip(header, cleaned, strict=True)):
        cut = text.rstrip(";,:… ")
        if _caption_pair(line.text, [other.text for other in header], patterns):
            continue
        # A cut headline ("... Say Sources;") that a later line gives whole is no candidate.
        if any(len(other) > len(cut) and other.startswith(cut) for other in cleaned[i + 1 :]):
            continue
        key = text.casefold()
        repeated = any(key and key in other for other in later) or key in (o.casefold() for o in cleaned[i + 1 :])
        over_meta = any(_is_meta(below, patterns) for below in header[i + 1 : i + 1 + _OVER_META_LINES])
        score = _headline_score(line, text, lead_words, after_byline, repeated, patterns, over_meta)
        if score is not None:
            score += _INHERITED * (inherited and not text.endswith("."))  # a full stop ends a lead, not a headline
            rank += score >= _HEADLINE_THRESHOLD
            score -= _RANK_PENALTY * (rank - (score >= _HEADLINE_THRESHOLD))
            if best is None or score > best[0]:
                best = (score, text, line)
        if line.role is Role.BYLINE or _any(patterns.byline_prefix, line.text):
            after_byline = True
        inherited = score is None and line.role is Role.HEADLINE  # only the very next line inherits
    if best is None or best[0] < _HEADLINE_THRESHOLD:
        return None
    return best[1], best[2]


def _is_meta(line: HeaderLine, patterns: HeaderPatterns) -> bool:
    """A byline or a date line: what a news page prints right under its headline."""
    return line.role in _META_ROLES or _any(patterns.byline_prefix, line.text)


_META_ROLES = frozenset({Role.BYLINE, Role.DATE, Role.TIMESTAMP})
# A headline sits over its byline and date ("LIVE COVERAGE: ..." / "Blake Antrobus" / "by" / "25th Jul
# 2018"): a line with one among the next few lines is weighed up.
_OVER_META = 1.0
_OVER_META_LINES = 3
_RANK_PENALTY = 0.5
_SENTENCE_CASE_SHARE = 0.7  # below this share of capitalised words, a line ending in "." reads as a sentence
_INHERITED = 1.5
_BARE_DATE_WORDS = 6
_NO_SETTINGS = Settings()  # parse_date reads no setting for a full date (only "ago" needs one)


def _title(
    doc: Document, lines: list[HeaderLine], header_end: int, settings: Settings
) -> tuple[str, bool, HeaderLine | None]:
    given = source_front_matter(doc).get("title")
    if isinstance(given, str) and given.strip():
        return " ".join(given.split()), False, None
    if chosen := choose_headline(lines, header_end, _header(settings.data.lexicon)):
        return chosen[0], False, chosen[1]
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    # A dump's " date 2022-05-11 " prefix or a breadcrumb before the lead is no part of the title.
    return generated_title(headline_text(first, _header(settings.data.lexicon)), settings.data.lexicon), True, None


# Authors and publisher ----------------------------------------------------------------


def _name_case(name: str) -> str:
    """``KATIE DAVIS`` -> ``Katie Davis``; names already in mixed case stay as written."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())


def byline_names(text: str, publisher_names: set[str], lexicon: Lexicon | None = None) -> list[str]:
    """The people of a byline: ``by Jane Doe and John Roe, BBC News`` -> [Jane Doe, John Roe]."""
    text = re.sub(MARKDOWN_EMPHASIS, "", text).strip()
    text = _BYLINE_SOURCE.sub("", _ROLE_BEFORE_NAME.sub("", _patterns(lexicon).byline_prefix.sub("", text)))
    for publisher in sorted(publisher_names, key=len, reverse=True):
        text = re.sub(rf"[\s,|–—-]*\b{re.escape(publisher)}\s*$", "", text, flags=re.I)
        text = re.sub(rf"^{re.escape(publisher)}\b", "", text, flags=re.I)  # "BBC Wales health correspondent"
    names = []
    for part in re.split(r",\s*|\s+(?:and|&|und|et|y)\s+|\s*[|/]\s*", text):
        name = _leading_name(_name_case(part.strip(" .;:")), lexicon or packaged())
        if name and name not in names:
            names.append(name)
    return names


def _leading_name(text: str, lexicon: Lexicon) -> str | None:
    """The name at the start of ``Ben Quinn Political correspondent``: words up to the role."""
    taken = []
    role = None
    not_names = lexicon.words("byline_words")
    for word in text.split():
        if not _patterns(lexicon).name_word.match(word) or word.lower().strip(".") in not_names:
            role = word.lower().strip(".")
            break
        taken.append(word)
    # "Kate Devlin Whitehall Editor": a capitalised word before the job title is its desk.
    if role in _JOB_TITLES and len(taken) >= 3:
        taken.pop()
    return " ".join(taken) if 1 < len(taken) <= 4 else None


_BARE_NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,3}$")


def _bare_names(text: str, publisher_names: set[str], lexicon: Lexicon) -> list[str]:
    """``Mary-Ann Russon`` alone on a line by the header: a byline without "By"."""
    if not _BARE_NAME.match(text) or text.isupper():
        return []
    name = _leading_name(text, lexicon)
    return [name] if name == text and text.lower() not in {p.lower() for p in publisher_names} else []


def _authors(
    doc: Document,
    lines: list[HeaderLine],
    header_end: int,
    title: str,
    headline_index: int | None,
    settings: Settings,
) -> tuple[str, ...]:
    """The source's own list, then byline lines, then header lines that open with "Edited by" or
    hold a bare name (a name line that recurs below is a caption's, not a byline)."""
    publisher_names = {entry.name for entry in settings.data.publishers}
    patterns = _header(settings.data.lexicon)
    given = source_front_matter(doc)
    listed = given.get("authors", given.get("author"))
    names: list[str] = [str(n) for n in (listed if isinstance(listed, list) else [listed]) if isinstance(n, str) and n]
    taken = {removal.line for removal in doc.removals if removal.role is Role.BYLINE}
    for removal in doc.removals:
        if removal.role is Role.BYLINE and headline_text(removal.text, patterns) != title:
            names += [
                name for name in byline_names(removal.text, publisher_names, settings.data.lexicon) if name not in names
            ]
    if names:
        return tuple(names)
    header = lines[: min(header_end, _HEADER_MAX_LINES)]
    for line, above in zip(header, [None, *header], strict=False):
        if line.number in taken or line.role in _NOT_TITLE_ROLES or headline_text(line.text, patterns) == title:
            continue
        if above is not None and _any(patterns.provider_label, above.text):
            continue  # "News provided by" over "Northwind Robotics": the company that issued the release
        if _any(patterns.not_headline, line.text):
            continue  # a menu: "Local Govt | National News"
        text = re.sub(r"^[-–—•*]+\s*", "", line.text)
        if any(pattern.match(text) for pattern in patterns.byline_prefix):
            for prefix in patterns.byline_prefix:
                text = prefix.sub("", text, count=1)
            found = byline_names(_without_tail(text, patterns), publisher_names, settings.data.lexicon)
        elif _caption_pair(line.text, [other.text for other in header], patterns):
            continue  # the same names again with a credit: a caption
        elif headline_index is not None and line.index < headline_index:
            continue  # a bare name line follows the headline; above it, "Sección Local" is a label
        else:
            bare = _without_tail(text, patterns)
            if bare != text and not _dated_tail(text[len(bare) :]):
                continue  # "Temps de Lecture 3 min.": no names before a date
            parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|&|und|et|y)\s+", bare) if p.strip()]
            found = [n for part in parts for n in _bare_names(part, publisher_names, settings.data.lexicon)]
            if len(found) != len(parts):
                continue
        names += [name for name in found if name not in names]
    return tuple(names)


_WEEKDAY_OR_YEAR = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?!\d)|^\W*(?:\w+\s+)?[^\W\d_]{3,}\.?,?\s+(?:\d|[^\W\d_]{3,}\s+\d)"
)


def _dated_tail(cut: str) -> bool:
    """Whether what a byline's tail pattern cut is a date: a full one, or "Mon, Jun 17"."""
    return parse_date(cut, _NO_SETTINGS, day_first=True) is not None or bool(_WEEKDAY_OR_YEAR.search(cut))


def _without_tail(text: str, patterns: HeaderPatterns) -> str:
    for pattern in patterns.byline_tail:
        text = pattern.sub("", text, count=1)
    return text.strip(" ,")


_MARKER_PUNCTUATION = re.compile(r"^[\s>»|•·:–—-]+|[\s|•·:–—-]+$")


def _publisher(
    doc: Document,
    lines: list[HeaderLine],
    header_end: int,
    title: str,
    authors: tuple[str, ...],
    agency: str | None,
    settings: Settings,
) -> str | None:
    """From credit, header and footer lines, then staff bylines, then the body's self-references.

    Each publisher of the data files has ``match`` patterns (its name, programmes, credit
    lines), ``bylines`` (its staff) and ``mentions`` (phrases only its own pieces use,
    like "told The Sun"). A credit glued to a line above the lead is a photo's, never searched.
    """
    entries = settings.data.publishers
    given = source_front_matter(doc).get("publisher")  # an HTML page's site name, a source's own header
    if isinstance(given, str) and given.strip():
        return next((e.name for e in entries if _any(e.match, given)), " ".join(given.split()))
    # Above the lead (when there is one), a credit cut from a line's end is a caption's.
    header_numbers = {line.number for line in lines[: header_end + 1]} if header_end < len(lines) else set()
    photo = {r for r in doc.removals if r.role is Role.CREDIT and r.line in header_numbers and _glued_at(lines, r)}
    credits = [r.text for r in doc.removals if r.role is Role.CREDIT and r not in photo]
    if agency:
        credits.append(f"({agency})")
    marked = [_MARKER_PUNCTUATION.sub("", r.text) for r in doc.removals if _is_publisher_line(r) and r not in photo]
    # Short header lines the body kept or clean dropped as furniture: "THE TIMES OF INDIA | Sep 22".
    header = [
        _MARKER_PUNCTUATION.sub("", line.text)
        for line in lines[: max(header_end, _PUBLISHER_WINDOW)]
        if line.role not in _NOT_PUBLISHER_ROLES
        and line.glued not in _NOT_PUBLISHER_ROLES
        and (line.index < header_end or line.role is not None)
        and word_count(line.text) <= _PUBLISHER_LINE_WORDS
        and line.text != title
    ]
    for haystack in ("\n".join(credits), "\n".join(marked), "\n".join(header)):
        for entry in entries:
            if haystack and _any(entry.match, haystack):
                return entry.name
    copyrights = [r.text for r in doc.removals if r.role is Role.COPYRIGHT]
    for entry in entries:  # "Copyright 2024 NPR": the name itself in a copyright line
        name = re.escape(entry.name)
        if any(re.search(rf"\b{name}\b", line, re.IGNORECASE) for line in copyrights):
            return entry.name
    bylines = [r.text for r in doc.removals if r.role is Role.BYLINE]
    for entry in entries:  # "By Ashley Strickland, CNN"
        name = re.escape(entry.name)
        if any(re.search(rf"[,|–—-]\s*{name}\s*$", line, re.IGNORECASE) for line in bylines):
            return entry.name
    for entry in entries:
        staff = {name.lower() for name in entry.bylines}
        if staff & {name.lower() for name in authors}:
            return entry.name
    furniture = [r.text for r in doc.removals if r.role is Role.FURNITURE and word_count(r.text) <= 20]
    for entry in entries:  # "Sign up for Guardian Australia's newsletters": the site's own prompt
        if furniture and _any(entry.own_prompts, "\n".join(furniture)):
            return entry.name
    body = doc.body_text
    for entry in entries:
        if _any(entry.mentions, body):
            return entry.name
    # No known publisher: the holder a copyright line names ("© The Coastal Courier 2025").
    return next((holder for text in copyrights if (holder := copyright_holder(text))), None)


_COPYRIGHT_MARKS = re.compile(
    r"©|\(c\)|\bcopyright\b|\ball rights reserved\b\.?|\bprovided by\b|\b(19|20)\d\d(\s*[-–]\s*(19|20)?\d\d)?\b",
    re.IGNORECASE,
)
_COMPANY_SUFFIX = re.compile(r"[\s,]+(ltd|limited|inc|llc|plc|gmbh|pvt|pty|s\.?a)\.?$", re.IGNORECASE)
_HOLDER_JOINERS = frozenset({"of", "the", "and", "&", "de", "la", "le", "du", "der", "die", "del", "el"})
_HOLDER_MAX_WORDS = 6


def copyright_holder(text: str) -> str | None:
    """The name a copyright line gives as the holder, or None when what is left reads as no name.

    Photo credits ("© abr68/Fotolia.com") and sentences are no holder: every word of a name is
    capitalised but for a few joiners ("Times of Suriname")."""
    if "/" in text or "@" in text:
        return None
    rest = _COPYRIGHT_MARKS.sub(" ", text)
    rest = _COMPANY_SUFFIX.sub("", " ".join(rest.split()).strip(" .,;:|-–—"))
    tokens = rest.split()
    if not 1 <= len(tokens) <= _HOLDER_MAX_WORDS or not tokens[0][0].isupper():
        return None
    if not all(t[0].isupper() or t[0].isdigit() or t.lower() in _HOLDER_JOINERS for t in tokens):
        return None
    return rest


_PUBLISHER_WINDOW = 15  # furniture lines this near the top can name the site ("News18.com")
_PUBLISHER_LINE_WORDS = 25
_NOT_PUBLISHER_ROLES = frozenset({Role.PHOTO_CREDIT, Role.CREDIT, Role.RELATED_LINK, Role.HEADLINE})


def _glued_at(lines: list[HeaderLine], removal: Removal) -> bool:
    """Whether ``removal`` was cut from the end of a longer line (a caption's credit)."""
    return any(line.number == removal.line and line.glued is removal.role for line in lines)


def _is_publisher_line(removal: Removal) -> bool:
    return removal.role in _PUBLISHER_LINE_ROLES


def _dateline(doc: Document, lang: str, settings: Settings) -> Dateline | None:
    """The dateline of the first paragraph that has one, up to the lead (a caption may come first)."""
    for paragraph in (p for p in doc.paragraphs if p.kind == "text"):
        if found := find_dateline(paragraph.text, settings.data.lexicon, lang, speech=doc.kind == "transcript"):
            return found
        if word_count(paragraph.text) >= _LEAD_WORDS or len(paragraph.text) >= _LEAD_CHARS:
            return None
    return None


def _without_headline(doc: Document, headline: HeaderLine | None) -> Document:
    """A headline chosen from a line the body kept leaves the body: it is the title now."""
    if headline is None or headline.role is not None:
        return doc
    kept = [p for p in doc.paragraphs if p.text != headline.text]
    if len(kept) == len(doc.paragraphs) or not kept:
        return doc
    removal = Removal(headline.number, headline.text, "header: headline (scored)", Role.HEADLINE)
    return doc.with_(paragraphs=number_paragraphs(tuple(kept)), removals=(*doc.removals, removal))


# The stage ----------------------------------------------------------------------------


def run(doc: Document, settings: Settings) -> Document:
    lines = text_lines(doc)
    header_end = lead_index(lines, _header(settings.data.lexicon), doc.paragraphs)
    lang = detect_language(doc.body_text) or "en"
    title, generated, headline = _title(doc, lines, header_end, settings)
    headline_index = headline.index if headline else next((x.index for x in lines if x.role is Role.HEADLINE), None)
    dateline = _dateline(doc, lang, settings)
    authors = _authors(doc, lines, header_end, title, headline_index, settings)
    when = _date(doc, lines, header_end, headline_index, dateline, settings, day_first=lang != "en")
    publisher = _publisher(doc, lines, header_end, title, authors, dateline.agency if dateline else None, settings)
    return _without_headline(doc, headline).with_(
        title=title,
        title_generated=generated,
        title_lang=title_language(title, lang),
        lang=lang,
        date=when,
        dateline=dateline.place if dateline else None,
        authors=authors,
        publisher=publisher,
    )
