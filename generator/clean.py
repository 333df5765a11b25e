"""Clean stage: decoded text to body paragraphs, with every dropped line recorded.

Lines above the body (headline, date line, byline, programme schedule) are removed from the
body with a ``header:`` reason; the metadata stage reads them back from ``removals``.
Page furniture is removed by the boilerplate patterns of the data files and by generic
shape rules (short lines around the body, captions next to photo credits, credits glued to
a last sentence); short title-like lines followed by text are crossheads; a body printed
twice appears once. An HTML page is read as its visible text first. Lines hard-wrapped at
a fixed width are joined back into paragraphs; lists inside the story stay as text; an
author's bio line, a press release's "About" section and what follows "###" go. Every
removal carries its reason, so the build report shows why each line went.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from generator import line_model
from generator.config import BoilerplateRule, Settings
from generator.dates import is_date_line
from generator.document import Document, Paragraph, Removal, Role
from generator.lexicon import Lexicon, compiled
from generator.speech import CAPTION_TIMING, join_caption_cues, looks_like_transcript
from generator.text import MARKDOWN_EMPHASIS, number_paragraphs, split_glued, word_count, words

HEADLINE = "header: headline"
DATE_LINE = "header: date line"
BYLINE = "header: byline"
AROUND_HEADLINE = "header: short line around the headline (section name, label)"
REPEATED_HEADLINE = "repeated headline"
CAPTION = "photo caption (next to a photo credit)"
ALT_TEXT = "picture alt text (repeated in the caption under it)"
CAPTION_LIKE = "caption-like line inside the body (no sentence end, too long for a crosshead)"
SHORT_IN_BODY = "short line inside the body (no sentence, not followed by text)"
SHORT_FOOTER = "short line after the body"
DUPLICATE = "duplicate paragraph"
RUN_ON_COPY = "run-on copy of earlier paragraphs"
GLUED_CREDIT = "credit line glued to the end of a paragraph"
SOURCE_FRONT_MATTER = "header: the source's own front matter (read as metadata)"
AUTHOR_BIO = "author's biography line"
ABOUT_SECTION = "'About' section of a press release"
AFTER_END_MARK = "after the end mark (###, -30-)"
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")

_SENTENCE_END = re.compile(r"[.!?…:;。！？：；][\"'”’»)\]」』]*$")
_FULL_STOP_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
_MARKDOWN_EMPHASIS = re.compile(MARKDOWN_EMPHASIS)
# "Ben Quinn Political correspondent", "Jane Doe, Senior Reporter": a name, then a role.
_NAME_ROLE = re.compile(
    r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2},? (?:[\w-]+ ){0,3}"
    r"(?i:correspondent|editor|reporter|writer|journalist|columnist|contributor|producer|analyst)s?\b.{0,60}$"
)
# "Jon Craig" on one line, "Chief political correspondent" on the next.
_NAME_LINE = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}$")
_ROLE_LINE = re.compile(
    r"^(?:[\w-]+ ){0,3}(?i:correspondent|editor|reporter|writer|journalist|columnist|contributor|producer|analyst)s?\b"
)
_CAPS_NAME = re.compile(r"^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){1,3}$")
# An agency credit in capitals glued after the last sentence: ``he said. REUTERS``.
_TRAILING_CAPS = re.compile(r"(?<=[.!?\"”’)])\s+(?P<credit>\(?[A-Z][A-Z&]+(?:[ /][A-Z][A-Z&]+){0,2}\)?)$")
_TRAILING_NAME = re.compile(r"(?<=[.!?\"”’)])\s+(?P<credit>[A-Za-z][\w .&-]{1,40})$")


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The patterns built from the lexicon's words."""

    byline: re.Pattern[str]  # "By Lena Novak | March 5, 2024", "Words by ...", "Author: ..."
    stamped_date: re.Pattern[str]  # "Desk / Updated: Mar 05, 2024"
    opens_with_date: re.Pattern[str]  # "Mar 5, 2024 - Politics & Policy": a line that opens with a full date
    html_tag: re.Pattern[str]
    names_line: re.Pattern[str]  # "María Sosa Troya", "Jane Roe, Sam Doe", "Jane Roe and Sam Doe": names alone
    # Words after which a short line cannot end: such a line is a fragment, not a crosshead.
    dangling: frozenset[str]
    teaser_link: re.Pattern[str]  # "Find out more" on its own line: the blurb above it is a promo


def _build(lexicon: Lexicon) -> _Patterns:
    months = lexicon.alternation("months")
    one_name = rf"[A-ZÀ-Þ][a-zß-ÿ'’-]+(?: (?:(?:{lexicon.alternation('name_particles')}) )?[A-ZÀ-Þ][a-zß-ÿ'’-]+){{1,3}}"
    return _Patterns(
        byline=re.compile(
            rf"^(?:{lexicon.alternation('byline_prefixes')})"
            r"\s+(?P<names>[^\d|]{3,120}?)(?:\s*[|•·]\s*.{0,60})?$"
            r"|^(?:author|reporter|byline)s?:\s*\S.{2,120}$",
            re.IGNORECASE,
        ),
        stamped_date=re.compile(
            r"\b(?:updated|published|posted)\b:?\s*(?:on\s+)?(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?,?\s+)?(?:\w+day,?\s+)?"
            rf"(?:\d{{1,2}}\s+(?:{months})\b|(?:{months})\.?\s+\d{{1,2}}\b|\d{{4}}-\d{{2}}-\d{{2}})",
            re.IGNORECASE,
        ),
        opens_with_date=re.compile(
            rf"^(?:\w+day,?\s+)?(?:\d{{1,2}}\s+(?:{months})\.?,?\s+\d{{4}}|(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}})"
            r"(?:\s*[-–—|·,]\s*.{0,60})?$",
            re.IGNORECASE,
        ),
        html_tag=re.compile(rf"</?(?:{lexicon.alternation('html_tags')})\b[^>]*>", re.I),
        names_line=re.compile(rf"^{one_name}(?:(?:, | and | & ){one_name}){{0,3}}$"),
        dangling=lexicon.words("dangling_words"),
        teaser_link=re.compile("|".join(f"(?:{entry})" for entry in lexicon.lists["teaser_links"]), re.I),
    )


_patterns = compiled(_build)
# A list item inside the story: "- Refunds within seven days", "• A ban on fees", "2) Cash".
_LIST_ITEM = re.compile(r"^(?:[-–•*·▪●◦]|\d{1,2}[.)])\s+\S")
_LIST_ITEM_MARKER = re.compile(r"^(?:[-–•*·▪●◦]|\d{1,2}[.)])\s+")
_LIST_MAX_ITEMS = 12
# "###" or "-30-" ends a press release or wire story; what follows is contacts and notes.
_END_MARK = re.compile(r"^(?:#\s*){3}$|^-\s*30\s*-$|^-?\s*ends?\s*-$", re.IGNORECASE)
# "About Northwind Robotics" over "Northwind Robotics builds ...": a press release's company blurb.
_ABOUT = re.compile(r"^About (?P<name>[A-Z][\w&.'’-]*(?: [\w&.'’-]+){0,6})$")
# "Ana Ley covers the subway.", "Jane Doe is a reporter covering ...": a note on the author.
_AUTHOR_BIO = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}) (?:covers|reports on|writes about|is an? (?:[\w-]+ ){0,4}"
    r"(?:reporter|correspondent|writer|editor|journalist|columnist|producer))\b"
)
# Lines hard-wrapped at a fixed width (email, wire copy) are re-joined into paragraphs.
_WRAP_MIN_WIDTH, _WRAP_MAX_WIDTH = 40, 80
# A crosshead is short; a longer unpunctuated line is a caption, unless a byline follows it
# (a second story's headline inside the page).
_CROSSHEAD_MAX_WORDS, _HEADLINE_MAX_WORDS = 8, 16


_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "article", "section", "tr", "blockquote"}
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "svg"}


class _TextOfHtml(HTMLParser):
    """The visible text of an HTML page, one block element per line; scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """A page saved as HTML read as its text; a title in ``<title>`` or ``<h1>`` stays a line."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    body = "\n".join(line for line in lines if line)
    if title and not re.search(r"<h1\b", text, re.I):
        body = " ".join(html.unescape(title.group(1)).split()) + "\n" + body
    return body


def looks_like_html(text: str, lexicon: Lexicon) -> bool:
    return len(_patterns(lexicon).html_tag.findall(text[:20000])) >= 3


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at, or None.

    Wrapped text: most long lines end just short of one width, and most of those end
    mid-sentence (a paragraph per line ends each line on a full stop). A headline or a
    link may run past the width.
    """
    long_lines = [line for line in lines if len(line) > 20]
    wrappable = [line for line in long_lines if len(line) <= _WRAP_MAX_WIDTH]
    if len(wrappable) < 5 or len(long_lines) - len(wrappable) > max(2, len(long_lines) // 10):
        return None
    width = max(len(line) for line in wrappable)
    full = [line for line in wrappable if len(line) >= width - 12]
    mid_sentence = sum(1 for line in full if not _SENTENCE_END.search(line))
    wrapped = len(full) >= 0.5 * len(wrappable) and mid_sentence >= 0.5 * len(full)
    return width if wrapped and width >= _WRAP_MIN_WIDTH else None


def text_lines(text: str, lexicon: Lexicon | None = None) -> list[Line]:
    """The non-blank lines, stripped; the lines of a hard-wrapped paragraph joined into one.

    A line was wrapped when the next line's first word would not have fitted on it; a line
    that ends short of the width ends its paragraph, even with no blank line after it.
    """
    raw = [line.strip() for line in text.splitlines()]
    width = _wrap_width(raw)
    paragraphs: list[tuple[int, list[str]]] = []  # first line number, the lines joined into it
    for index, line in enumerate(raw):
        if not line:
            continue
        previous = raw[index - 1] if index else ""
        wrapped = width is not None and 0 < len(previous) <= width < len(previous) + 1 + len(line.split()[0])
        if paragraphs and not _LIST_ITEM.match(line) and (wrapped or _continues(paragraphs[-1][1][-1], line, lexicon)):
            paragraphs[-1][1].append(line)
        else:
            paragraphs.append((index + 1, [line]))
    return [Line(number, " ".join(parts)) for number, parts in paragraphs]


# A story sentence a page or a copy-paste broke over a blank line: the first part stops mid-sentence
# (no end punctuation, several words), the rest opens in lower case with a few words of its own.
_OPEN_END = re.compile(r"[\w,]$")
_LOWER_START = re.compile(r"^[a-zà-ÿ]")
_FRAGMENT_MIN_WORDS, _FRAGMENT_LONG_WORDS = 5, 12


def _continues(before: str, line: str, lexicon: Lexicon | None) -> bool:
    """Whether ``line`` is the rest of the sentence ``before`` leaves open (never a byline: "by Jane Doe")."""
    return (
        bool(_OPEN_END.search(before) and _LOWER_START.match(line))
        and len(before.split()) >= _FRAGMENT_MIN_WORDS
        and (
            word_count(line) >= _FRAGMENT_LONG_WORDS
            or (word_count(line) >= _FRAGMENT_MIN_WORDS and bool(_SENTENCE_END.search(line)))
        )
        and lexicon is not None
        and not _is_byline(line, lexicon)
    )


def speech_or_text_lines(text: str, lexicon: Lexicon) -> tuple[list[Line], list[Removal]]:
    """The lines to clean: caption cues joined into runs of speech, or prose with hard wraps joined.

    Captions (timing lines, or one short unpunctuated cue per line) are joined by the transcript
    rules, which know cues; anything else by ``text_lines``, which knows wrapped paragraphs.
    """
    numbered = [(n, raw.strip()) for n, raw in enumerate(text.splitlines(), 1) if raw.strip()]
    cue_removals, joined = join_caption_cues(numbered, lexicon)
    runs = tuple(Paragraph(line) for _, line in joined)
    if joined != numbered and (cue_removals or looks_like_transcript(runs, lexicon)):
        return [Line(n, line) for n, line in joined], [Removal(n, line, why) for n, line, why in cue_removals]
    return text_lines(text, lexicon), []


def is_prose(text: str) -> bool:
    """A line that reads as story text: long enough, or a full punctuated sentence."""
    count = word_count(text)
    return count >= 14 or (count >= 6 and bool(_SENTENCE_END.search(text)))


def boilerplate_rule(text: str, settings: Settings) -> BoilerplateRule | None:
    """The first data-file rule whose pattern the line matches, with or without a list marker."""
    unmarked = _LIST_ITEM_MARKER.sub("", text)
    candidates = (text,) if unmarked == text else (text, unmarked)
    for rule in settings.data.boilerplate:
        if any(rule.pattern.fullmatch(candidate) for candidate in candidates):
            return rule
    return None


def _is_byline(text: str, lexicon: Lexicon) -> bool:
    text = _MARKDOWN_EMPHASIS.sub("", text)  # "**By Lena Novak**" pasted from Markdown
    return bool(_patterns(lexicon).byline.match(text) or _NAME_ROLE.match(text))


def _key(text: str) -> str:
    return " ".join(words(text.lower()))


def _body_start(lines: list[Line], settings: Settings) -> int:
    """Index of the first line of story text.

    Headlines are long but carry no full stop; the body starts at the first punctuated
    prose line, or at a line too long to be a headline. A short first line that asks or
    exclaims (``Is this the end?``), or that a date line or byline follows, is still a
    headline even with its punctuation.
    """
    lexicon = settings.data.lexicon
    for i, line in enumerate(lines):
        count = word_count(line.text)
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        headline_marks = (
            line.text.endswith(("?", "!")) or is_date_line(following, lexicon) or _is_byline(following, lexicon)
        )
        if i == 0 and count <= 20 and following and headline_marks:
            continue
        if (is_prose(line.text) and _SENTENCE_END.search(line.text)) or count >= 25:
            return i
    # unpunctuated speech: the body starts at the first long run of words
    return next((i for i, line in enumerate(lines) if len(words(line.text)) >= 40), len(lines))


def _split_header(lines: list[Line], settings: Settings) -> tuple[list[Removal], list[Line], set[int]]:
    """Classify the lines above the first prose line.

    Returns the removals, the remaining lines, and the numbers of the standfirst lines
    right under the headline (kept as text even without a full stop).
    """
    lexicon = settings.data.lexicon
    start = _body_start(lines, settings)
    header, rest = lines[:start], lines[start:]
    removals: list[Removal] = []
    kept: list[Line] = []  # a standfirst under the headline is story text
    standfirst: list[Line] = []
    candidates = [
        line
        for line in header
        if not _is_dated(line.text, lexicon)
        and not _is_byline(line.text, lexicon)
        and not boilerplate_rule(line.text, settings)
        and word_count(line.text) >= 3
    ]
    # The headline is the first line of headline length; a short line before it is a
    # section name, one after it a label.
    headline = max(candidates, key=lambda line: (word_count(line.text) >= 5, -line.number), default=None)
    for index, line in enumerate(header):
        following = header[index + 1].text if index + 1 < len(header) else ""
        above = header[index - 1] if index else None
        if line is headline:
            removals.append(Removal(line.number, line.text, HEADLINE, Role.HEADLINE))
        elif _is_dated(line.text, lexicon):
            removals.append(Removal(line.number, line.text, DATE_LINE, Role.DATE))
        elif headline and _key(line.text) == _key(headline.text):
            removals.append(Removal(line.number, line.text, REPEATED_HEADLINE))
        elif rule := boilerplate_rule(line.text, settings):
            removals.append(Removal(line.number, line.text, rule.reason, rule.role))
        elif (
            _is_byline(line.text, lexicon)
            or (headline and line.number > headline.number and _CAPS_NAME.match(line.text))
            or (_NAME_LINE.match(line.text) and _is_role_line(following))
            or (headline and _is_name_over_date(line, following, above, headline, lexicon))
            or _is_role_line(line.text)
        ):
            removals.append(Removal(line.number, line.text, BYLINE, Role.BYLINE))
        elif headline and line.number > headline.number and len(words(line.text)) >= 8:
            kept.append(line)  # standfirst
            if above is headline or (standfirst and above is standfirst[-1]):
                standfirst.append(line)  # right under the headline: story text even unpunctuated
        else:
            removals.append(Removal(line.number, line.text, AROUND_HEADLINE, Role.AROUND_HEADLINE))
    if headline and rest and _key(rest[0].text) == _key(headline.text):
        removals.append(Removal(rest[0].number, rest[0].text, REPEATED_HEADLINE))
        rest = rest[1:]
    return removals, kept + rest, {line.number for line in standfirst}


def _split_front_matter(lines: list[Line]) -> tuple[list[Removal], list[Line]]:
    """A source exported from another site may open with its own ``---`` YAML block."""
    if not lines or lines[0].text != "---":
        return [], lines
    end = next((i for i, line in enumerate(lines[1:40], 1) if line.text in ("---", "...")), None)
    if end is None or not all(
        _FRONT_MATTER_KEY.match(line.text) or line.text.startswith("- ") for line in lines[1:end]
    ):
        return [], lines
    removals = [
        Removal(line.number, line.text, SOURCE_FRONT_MATTER, Role.SOURCE_FRONT_MATTER) for line in lines[: end + 1]
    ]
    return removals, lines[end + 1 :]


def _is_name_over_date(line: Line, following: str, above: Line | None, headline: Line, lexicon: Lexicon) -> bool:
    """ "María Sosa Troya" alone over the date line, under the headline or standfirst: a byline without "By".

    Under a short label ("News provided by") the name is a company's, not an author's.
    """
    return (
        bool(_patterns(lexicon).names_line.match(line.text))
        and _is_dated(following, lexicon)
        and above is not None
        and (above is headline or (above.number > headline.number and len(words(above.text)) >= 8))
    )


def _is_dated(text: str, lexicon: Lexicon) -> bool:
    """A date line, or a header line that carries a stamped date ("Desk / Updated: Mar 05, 2024")."""
    patterns = _patterns(lexicon)
    return is_date_line(text, lexicon) or bool(
        patterns.stamped_date.search(text) or patterns.opens_with_date.match(text)
    )


def _is_role_line(text: str) -> bool:
    return bool(_ROLE_LINE.match(text)) and word_count(text) <= 8


def _is_crosshead(text: str, lexicon: Lexicon, max_words: int = _CROSSHEAD_MAX_WORDS) -> bool:
    """A heading inside the body: short, starts like a title, ends on a full word."""
    found = words(text)
    return (
        0 < len(found) <= max_words
        and (text[0].isupper() or text[0].isdigit() or text[0] in "'‘\"“")
        and not text.endswith((",", "-", "–", "—", "|", "/"))
        and found[-1].lower() not in _patterns(lexicon).dangling
    )


def _classify_body(
    lines: list[Line],
    settings: Settings,
    bylines: list[str] = (),
    standfirst: set[int] = frozenset(),
    extracted: bool = False,
) -> tuple[list[Removal], list[tuple[Line, str]]]:
    """Drop furniture inside and after the body; tell text lines from crossheads.

    ``bylines``: the header's byline lines, so that a note on their author is known as one;
    ``standfirst``: numbers of the lines under the headline that are story text;
    ``extracted``: an extractor (trafilatura) already chose these lines as the page's main text, so
    the generic shape rules (short, unpunctuated lines: list items, table cells, verse) keep them;
    the data-file patterns, dates, bylines and captions by their credits still go.
    """
    lexicon = settings.data.lexicon
    reasons: dict[int, tuple[str, Role]] = {}  # line index -> why it goes, and what it was
    first_prose = next((i for i, line in enumerate(lines) if is_prose(line.text)), len(lines))
    end_mark = next((i for i, line in enumerate(lines) if i > first_prose and _END_MARK.match(line.text)), None)
    if end_mark is not None:
        reasons |= dict.fromkeys(range(end_mark, len(lines)), (AFTER_END_MARK, Role.FURNITURE))
    for i, line in enumerate(lines):
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        if i in reasons:
            continue
        if rule := boilerplate_rule(line.text, settings):
            reasons[i] = (rule.reason, rule.role)
            if rule.role is Role.RELATED_LINK and following and _is_linked_headline(line.text, following):
                reasons[i + 1] = (rule.reason, rule.role)  # the linked headline under "Read more:"
        elif (about := _ABOUT.match(line.text)) and following.startswith(about.group("name").split()[0]):
            reasons[i] = reasons[i + 1] = (ABOUT_SECTION, Role.FURNITURE)
        elif (bio := _AUTHOR_BIO.match(line.text)) and (
            any(
                bio["name"] in byline
                for byline in [*bylines, *(lines[j].text for j in reasons if reasons[j][1] is Role.BYLINE)]
            )
            or _names_a_publisher(line.text, settings)
        ):
            reasons[i] = (AUTHOR_BIO, Role.AUTHOR_BIO)
        elif _NAME_LINE.match(line.text) and _is_role_line(following):
            reasons[i] = reasons[i + 1] = (BYLINE, Role.BYLINE)
        elif is_date_line(line.text, lexicon):
            reasons[i] = (DATE_LINE, Role.DATE)
        elif _is_byline(line.text, lexicon) and len(words(line.text)) <= 12 and not _FULL_STOP_END.search(line.text):
            reasons[i] = (BYLINE, Role.BYLINE)
    # A caption sits next to its credit line (above or below) and is not story text; nor is the
    # picture's alt text printed above a caption that repeats it and adds the credit. A credit line
    # that holds its caption ("Fiona Shields ... in the Guardian office. Photograph: Alicia Canter")
    # has no caption beside it: the line under it may be the standfirst.
    for i in [i for i, (_, role) in reasons.items() if role is Role.PHOTO_CREDIT]:
        if i > 0 and i - 1 not in reasons and _repeated_in(lines[i - 1].text, lines[i].text):
            reasons[i - 1] = (ALT_TEXT, Role.FURNITURE)
            continue
        if len(words(lines[i].text)) > _BARE_CREDIT_WORDS:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(lines) and j not in reasons and _looks_like_caption(lines[j].text):
                reasons[j] = (CAPTION, Role.FURNITURE)
                break
    last_prose = max((i for i, line in enumerate(lines) if i not in reasons and is_prose(line.text)), default=-1)
    removals: list[Removal] = []
    kept: list[tuple[Line, str]] = []
    for i, line in enumerate(lines):
        text = line.text
        if i in reasons:
            removals.append(Removal(line.number, text, *reasons[i]))
        elif is_prose(text) or line.number in standfirst or (i < last_prose and _in_list(lines, i, reasons)):
            kept.append((line, "text"))
        elif i > last_prose and not extracted:
            removals.append(Removal(line.number, text, SHORT_FOOTER, Role.FOOTER))
        elif _SENTENCE_END.search(text) and not text.endswith(":") and len(words(text)) >= 3:
            kept.append((line, "text"))
        elif (_is_crosshead(text, lexicon) and _next_is_prose(lines, i, reasons)) or (
            _is_crosshead(text, lexicon, _HEADLINE_MAX_WORDS)
            and reasons.get(i + 1, ("", None))[1] is Role.BYLINE  # a second headline
        ):
            kept.append((line, "heading"))
        elif extracted or (i < last_prose and _introduces_list(lines, i, reasons)):
            kept.append((line, "text"))
        elif _is_crosshead(text, lexicon, _HEADLINE_MAX_WORDS) and _next_is_prose(lines, i, reasons):
            removals.append(Removal(line.number, text, CAPTION_LIKE))
        else:
            removals.append(Removal(line.number, text, SHORT_IN_BODY))
    return removals, kept


def _names_a_publisher(text: str, settings: Settings) -> bool:
    """ "... is a politics reporter for Fox News Digital.": the bio names a publisher of the data files."""
    return any(
        re.search(rf"\b(?:for|at|with)\s+(?:the\s+)?{re.escape(entry.name)}\b", text, re.IGNORECASE)
        for entry in settings.data.publishers
    )


def _is_linked_headline(label: str, following: str) -> bool:
    """The line under "Read more:" or "More on this story" is the linked story's headline."""
    if label.endswith(":"):
        return word_count(following) <= 15
    return word_count(label) <= 5 and 5 <= word_count(following) <= 15 and not following.endswith(".")


def _in_list(lines: list[Line], index: int, reasons: dict[int, tuple[str, Role]]) -> bool:
    """A list item of the story.

    Marked ("- ", "• ", "2. "), next to another item or under a line ending in a colon; or
    unmarked, in a run of short lines right under such a line ("Key points:") that stays.
    """
    if _LIST_ITEM.match(lines[index].text):
        neighbours = [lines[j].text for j in (index - 1, index + 1) if 0 <= j < len(lines)]
        return any(_LIST_ITEM.match(text) for text in neighbours) or (index > 0 and lines[index - 1].text.endswith(":"))
    if not _unmarked_item(lines[index].text):
        return False
    start = index  # walk up the run of items, at most a list's length (a page of fragments is no list)
    while start > 0 and index - start < _LIST_MAX_ITEMS and _unmarked_item(lines[start - 1].text):
        start -= 1
    intro = start - 1
    within_reach = start - 1 >= index - _LIST_MAX_ITEMS
    return intro >= 0 and within_reach and intro not in reasons and lines[intro].text.endswith(":")


def _unmarked_item(text: str) -> bool:
    return not is_prose(text) and word_count(text) >= 3 and text[0].isupper() and not text.endswith(":")


def _introduces_list(lines: list[Line], index: int, reasons: dict[int, tuple[str, Role]]) -> bool:
    """ "The new rules require:" over the list it introduces."""
    return lines[index].text.endswith(":") and index + 1 < len(lines) and _in_list(lines, index + 1, reasons)


_BARE_CREDIT_WORDS = 10  # "Photograph: Alicia Canter/The Guardian"; a longer credit line holds its caption


def _repeated_in(text: str, caption: str) -> bool:
    """``A crane lifts the toolbox.`` above ``A crane lifts the toolbox.Credit: Nine News``; the alt
    text may differ from the caption in case and punctuation ("Head of Photography and Picture
    Editor" over "head of photography, and picture editor")."""
    opening = text.rstrip(" .")
    if len(words(opening)) < 3 or len(caption) <= len(opening) + 3:
        return False
    if caption.startswith(opening):
        return True
    bare = _key(opening).split()
    return _key(caption).split()[: len(bare)] == bare and len(bare) >= 6


def _looks_like_caption(text: str) -> bool:
    return not _FULL_STOP_END.search(text) and len(words(text)) < 40


def _next_is_prose(lines: list[Line], index: int, reasons: dict[int, tuple[str, Role]]) -> bool:
    """The next line that stays (skipping bylines and furniture) is story text."""
    following = next((line for j, line in enumerate(lines[index + 1 :], index + 1) if j not in reasons), None)
    return following is not None and is_prose(following.text)


def _strip_glued_credits(lines: list[Line], settings: Settings) -> tuple[list[Removal], list[Line]]:
    """Cut an agency credit glued after a paragraph's last sentence (``said. REUTERS``, ``decade. CNN``).

    A credit in capitals, or a known publisher's name in any case (``said. Reuters``, from the
    publishers data file); only where what is left is a sentence of story text.
    """
    names = {entry.name.lower() for entry in settings.data.publishers}
    removals: list[Removal] = []
    result: list[Line] = []
    for line in lines:
        match = _TRAILING_CAPS.search(line.text)
        if match is None:
            tail = _TRAILING_NAME.search(line.text)
            match = tail if tail and tail.group("credit").strip().lower() in names else None
        if match and is_prose(line.text[: match.start()].rstrip()):
            removals.append(Removal(line.number, match.group("credit"), GLUED_CREDIT, Role.CREDIT))
            line = Line(line.number, line.text[: match.start()].rstrip())
        result.append(line)
    return removals, result


def _drop_teasers(
    lines: list[Line], blocks: list[tuple[Line, str]], lexicon: Lexicon
) -> tuple[list[Removal], list[tuple[Line, str]]]:
    """A short kept line between furniture and a bare "Find out more" goes, and the label if kept."""
    label = _patterns(lexicon).teaser_link
    filled = [line for line in lines if line.text.strip()]
    labelled = {line.number for line in filled if label.match(line.text.strip())}
    story = {line.number for line, kind in blocks if kind == "text"}
    # A story paragraph can sit over such a label too: a blurb is one only under what is not story
    # (the promo's heading, a removed prompt), "Got a TV Licence?" over "You need one to ...".
    teasers = {
        filled[i - 1].number
        for i, line in enumerate(filled)
        if i >= 2 and line.number in labelled and filled[i - 2].number not in story
    }
    if not teasers:
        return [], blocks
    removals, kept = [], []
    for line, kind in blocks:
        if line.number in labelled or (
            line.number in teasers and kind == "text" and len(words(line.text)) <= _TEASER_MAX_WORDS
        ):
            removals.append(Removal(line.number, line.text, TEASER, Role.FURNITURE))
        else:
            kept.append((line, kind))
    if not any(kind == "text" for _, kind in kept):
        return [], blocks  # a page of nothing but teasers keeps them: there is no other story
    return removals, kept


TEASER = "a teaser over a bare call to action (Find out more)"
_TEASER_MAX_WORDS = 40


def _deduplicate(blocks: list[tuple[Line, str]]) -> tuple[list[Removal], list[tuple[Line, str]]]:
    """One copy of each paragraph; a run-on paragraph made of others is merged into them.

    Scraped pages often print the body twice: once in paragraphs, once glued into one run
    (before or after the paragraphed copy). The paragraphed copy is the better-formed one,
    but the run-on copy can hold sentences the paragraphed copy lost; those are kept, in
    the place the run-on copy gives them.
    """
    keys = [_key(line.text) if kind == "text" else "" for line, kind in blocks]
    # Only a paragraph far longer than most can be a copy of several (keeps this linear on big files).
    lengths = sorted(len(key) for key in keys if key)
    floor = max(300, 2 * lengths[len(lengths) // 2]) if lengths else 0
    run_ons = {i for i, key in enumerate(keys) if len(key) >= floor and _contains_others(key, keys) >= 2}
    removals: list[Removal] = []
    result: list[tuple[Line, str]] = []
    seen: set[str] = set()
    for i, (line, kind) in enumerate(blocks):
        key = keys[i] or "heading: " + _key(line.text)
        if i in run_ons:
            removals.append(Removal(line.number, line.text, RUN_ON_COPY))
        elif key in seen:
            removals.append(Removal(line.number, line.text, DUPLICATE))
        else:
            seen.add(key)
            result.append((line, kind))
    for i in sorted(run_ons):
        result = _merge_run_on(result, blocks[i][0])
    return removals, result


def _contains_others(key: str, keys: list[str]) -> int:
    """How many other (shorter) paragraphs are found whole inside this one."""
    return sum(1 for other in keys if other and len(other) < len(key) and other in key)


def _merge_run_on(result: list[tuple[Line, str]], run_on: Line) -> list[tuple[Line, str]]:
    """Insert the pieces of a run-on copy that the paragraphed copy lacks, in order."""
    merged = list(result)
    cursor = -1  # index of the paragraph the last matched piece belongs to
    for piece in split_glued(run_on.text):
        key = _key(piece)
        if not key:
            continue
        match = next(
            (
                i
                for i, (line, kind) in enumerate(merged)
                if kind == "text" and (known := _key(line.text)) and (known in key or key in known)
            ),
            None,
        )
        if match is None:
            cursor += 1
            merged.insert(cursor, (Line(run_on.number, piece), "text"))
        else:
            cursor = match
    return merged


def run(doc: Document, settings: Settings, model: line_model.Model | None = None) -> Document:
    """The cleaned body and what was removed; ``model``: the line model to judge with (the shipped
    one when None; ``bench/train_lines.py`` passes its own while it chooses thresholds)."""
    if looks_like_html(doc.text, settings.data.lexicon):
        doc = doc.with_(text=html_to_text(doc.text)).note(
            "the source is HTML: read as its visible text, scripts dropped"
        )
    lines, cue_removals = speech_or_text_lines(doc.text, settings.data.lexicon)
    front_matter, lines = _split_front_matter(lines)
    front_matter += cue_removals
    header_removals, rest, standfirst = _split_header(lines, settings)
    header_removals = front_matter + header_removals
    credit_removals, rest = _strip_glued_credits(rest, settings)
    bylines = [removal.text for removal in header_removals if removal.role is Role.BYLINE]
    extracted = bool(doc.extracted_by)
    body_removals, blocks = _classify_body(rest, settings, bylines, standfirst, extracted)
    if not cue_removals:  # timed captions are speech: the transcript rules judge them
        body_removals, blocks = line_model.prune(
            lines, blocks, body_removals, standfirst, model=model, extracted=extracted
        )
    teaser_removals, blocks = _drop_teasers(lines, blocks, settings.data.lexicon)
    body_removals += teaser_removals
    duplicate_removals, blocks = _deduplicate(blocks)
    paragraphs = tuple(Paragraph(text=line.text, kind=kind) for line, kind in blocks if line.text)
    removals = header_removals + body_removals + credit_removals + duplicate_removals
    doc = doc.with_(removals=tuple(sorted(removals, key=lambda r: r.line)), paragraphs=paragraphs)
    run_on_lines = {r.line for r in duplicate_removals if r.reason == RUN_ON_COPY}
    if kept := sum(1 for line, _ in blocks if line.number in run_on_lines):
        doc = doc.note(f"kept {kept} sentence(s) found only in the run-on copy, in the place it gives them")
    # Timed captions are speech, punctuated or not; the transcript stage repairs what is speech.
    timed = any(removal.reason == CAPTION_TIMING for removal in cue_removals)
    if timed or looks_like_transcript(doc.paragraphs, settings.data.lexicon):
        doc = doc.with_(kind="transcript")
    else:
        doc = doc.with_(standfirst=_standfirst(doc.paragraphs, header_removals))
    return doc.with_(paragraphs=number_paragraphs(doc.paragraphs))


# A standfirst sums the story up in a sentence or two; a first paragraph longer than this is the
# story itself, and one shorter a label or a fragment.
_STANDFIRST_WORDS = (5, 60)
# An unpunctuated standfirst ("The premier defends her record as a political underdog") reads as
# prose: at least this share of its words are stop words of its language, where a menu left in
# the body ("Kalender Ergebnisse News Live") has next to none.
_STANDFIRST_STOP_SHARE = 0.2


def _standfirst(paragraphs: tuple[Paragraph, ...], header_removals: list[Removal]) -> int:
    """How many opening paragraphs are the standfirst (0 or 1): with a headline in the text, the
    first paragraph under it when it is short prose (a deck, or a lede written to stand alone) and
    the story goes on after it. Without a headline (a wire story's body, a pasted article) the
    opening is only the lede, and the summary weighs it as such."""
    if not any(removal.role is Role.HEADLINE for removal in header_removals):
        return 0
    if not paragraphs or paragraphs[0].kind != "text" or sum(p.kind == "text" for p in paragraphs) < 2:
        return 0
    text = paragraphs[0].text
    least, most = _STANDFIRST_WORDS
    if not least <= word_count(text) <= most:
        return 0
    if _SENTENCE_END.search(text) and not text.endswith(":"):
        return 1
    tokens = [token.lower() for token in words(text)]
    stops = line_model.stop_list(tokens)
    return int(sum(token in stops for token in tokens) >= _STANDFIRST_STOP_SHARE * len(tokens))
