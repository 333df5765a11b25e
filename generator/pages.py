"""Index pages (corpus-wide): the home page timeline, the quotes page and the tags page.

They are built from the articles as written (front matter read back from disk), so a
contributor's edit to a title or a speaker shows on every page that lists it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from generator import markdown_text, site_info, write
from generator.articles import Article
from generator.config import Entity, Event

SITE_TITLE = site_info.FALLBACK_TITLE  # the title of a dossier that names none (see site_info)


def anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


_LANG_CODE = re.compile(r"^[a-z]{2}$")
# The most articles (home, a tag) or quotes one index page lists: with thousands of articles,
# the rest goes to further pages, so that a page stays quick to load and to search.
PAGE_ARTICLES = 200
PAGE_QUOTES = 400
FEED_ENTRIES = 100  # the newest articles, as feed readers expect; the site lists them all


def chunks(items: list, size: Callable[[Any], int], limit: int) -> list[list]:
    """``items`` in order, cut into runs of at most ``limit`` in total ``size`` (an item larger
    than ``limit`` makes a run alone); always at least one run."""
    runs: list[list] = [[]]
    total = 0
    for item in items:
        if runs[-1] and total + size(item) > limit:
            runs.append([])
            total = 0
        runs[-1].append(item)
        total += size(item)
    return runs


def page_name(stem: str, number: int, separator: str = "-") -> str:
    """``stem.md`` for the first page, ``stem-N.md`` after it (a tag's pages take "--", which
    no tag's own slug contains)."""
    return f"{stem}.md" if number == 1 else f"{stem}{separator}{number}.md"


def title_lang(entry: Article) -> str:
    """The headline's language when it differs from the text's (a `lang` attribute), else ""."""
    code = entry.meta.get("title_lang")
    return code if isinstance(code, str) and _LANG_CODE.match(code) and code != entry.meta.get("lang") else ""


def _sort_key(entry: Article) -> tuple:
    return (entry.date or date.max, entry.title, entry.file)


def _date_range(dates: list[date]) -> str:
    if not dates:
        return "Undated"
    first, last = min(dates), max(dates)
    if first == last:
        return f"{first:%-d %B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last:%-d %B %Y}"
    return f"{first:%-d %B %Y} – {last:%-d %B %Y}"


def home_pages(
    entries: list[Article],
    curated_events: tuple[Event, ...] = (),
    site: site_info.SiteInfo | None = None,
    title: str | None = None,
    explainer: bool = True,
) -> dict[str, str]:
    """The events of the coverage as a timeline, oldest first, each with its articles: file
    name to Markdown, ``index.md`` with the newest events, ``timeline-N.md`` with older ones.

    ``site``: the dossier's own words (title, intro); ``title``: the title when ``site`` names
    none; ``explainer``: whether the treaty-history page has anything to show (else no button).
    """
    site = site or site_info.SiteInfo()
    places = {e.name: e.place or "" for e in curated_events}
    events: dict[str, list[Article]] = {}
    for entry in sorted(entries, key=_sort_key):
        events.setdefault(entry.event or "Other coverage", []).append(entry)

    def first_date(item: tuple[str, list[Article]]) -> tuple:
        dated = [e.date for e in item[1] if e.date]
        return (min(dated) if dated else date.max, item[0])

    timeline = []
    for name, articles in sorted(events.items(), key=first_date):
        dated = sorted(e.date for e in articles if e.date)
        timeline.append(
            {
                "name": name,
                "anchor": anchor(name),
                "one_day": len(set(dated)) == 1,
                "range": _date_range(dated),
                "dates": dated,
                "place": places.get(name, ""),
                "count": len(articles),
                "publishers": sorted({e.publisher for e in articles if e.publisher}),
                "articles": articles,
            }
        )
    # Newest events on the home page; older ones on pages of their own, each of bounded size.
    runs = list(reversed(chunks(timeline, lambda event: event["count"], PAGE_ARTICLES)))
    names = [page_name("index" if n == 1 else "timeline", n) for n in range(1, len(runs) + 1)]
    pager = [
        {"file": name, "label": _date_range([d for event in run for d in event["dates"]])}
        for name, run in zip(names, runs, strict=True)
    ]
    return {
        name: write.render_page(
            "index.md.j2",
            site_title=site.title or title or SITE_TITLE,
            intro=site.intro,
            description=site.description,
            explainer=explainer,
            events=run,
            pager=pager if len(runs) > 1 else [],
            current=name,
            title_lang=title_lang,
        )
        for name, run in zip(names, runs, strict=True)
    }


def home_page(entries: list[Article], *args: Any, **kwargs: Any) -> str:
    """The home page alone (``home_pages`` gives the older pages too)."""
    return home_pages(entries, *args, **kwargs)["index.md"]


_FULL_QUOTE_WORDS = 8
_SHORT_TITLE = 70


def quote_key(text: str) -> str:
    """Near-identical quotes share a key: case, punctuation and spacing aside ("pent-up" = "pent up")."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def _is_fragment(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return len(text.split()) < _FULL_QUOTE_WORDS or not first.isupper()


def _short(title: str) -> str:
    return title if len(title) <= _SHORT_TITLE else title[: _SHORT_TITLE - 1].rsplit(" ", 1)[0] + "…"


@dataclass
class _Reported:
    text: str
    speaker: str | None
    roles: list[str]
    sources: list[dict[str, str]]
    first: int = 0  # position of its first report, for a stable order
    key: str = field(init=False)  # quote_key(text), which every comparison reads

    def __post_init__(self) -> None:
        self.key = quote_key(self.text)

    @property
    def role(self) -> str | None:
        return max(set(self.roles), key=lambda r: (self.roles.count(r), -self.roles.index(r))) if self.roles else None


_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’']?\s+(?=[“\"‘'(]?[A-Z0-9])")


def _sentence_with(fragment: str, paragraphs: list[tuple[str, str]]) -> str:
    """The sentence of the text that a quoted fragment stands in, so that "breakthrough" is
    read with what was said around it ("" when the text cannot be found)."""
    for _, body in paragraphs:
        text = markdown_text.plain(body)
        if fragment in text:
            return next((s.strip() for s in _SENTENCE_END.split(text) if fragment in s), "")
    return ""


def _gather(entries: list[Article]) -> list[_Reported]:
    """Every quote once, with all the articles that report it."""
    reported: list[_Reported] = []
    for entry in sorted(entries, key=_sort_key):
        paragraphs = markdown_text.anchored_paragraphs(entry.body)
        details = [entry.publisher, entry.date_text if entry.date else None]
        if entry.kind == "transcript":
            details.append("video transcript")
        for quote in entry.quotes:
            if not quote.text.strip():
                continue
            text = quote.text
            source = {
                "title": _short(entry.title),
                "lang": title_lang(entry),
                "sentence": _sentence_with(text, paragraphs) if _is_fragment(text) else "",
                "file": entry.file,
                "anchor": markdown_text.anchor_of(text, paragraphs) or "",
                "detail": ", ".join(x for x in details if x),
            }
            roles = [quote.role] if quote.role else []
            reported.append(_Reported(text, quote.speaker, roles, [source], len(reported)))
    return _merge(reported)


_NEAR_SAME = 92  # rapidfuzz ratio (0-100) above which two reports are the same words, spelt apart


def _same_quote(short: _Reported, long: _Reported) -> bool:
    """``short`` is ``long`` reported again: the same or nearly the same words ("fiery" and
    "firey"), or a part of them, by the same speaker or with the speaker unknown on one side.
    A part shorter than three words is merged only into a short phrase or the same speaker's
    words ("breakthrough" into "breakthrough document"), not into any sentence holding it."""
    if short.speaker and long.speaker and short.speaker != long.speaker:
        return False
    if short.key == long.key or fuzz.ratio(short.key, long.key) >= _NEAR_SAME:
        return True
    if f" {short.key} " not in f" {long.key} ":
        return False
    return (
        len(short.key.split()) >= 3
        or len(long.key.split()) < _FULL_QUOTE_WORDS
        or bool(short.speaker and short.speaker == long.speaker)
    )


_RAREST_WORDS = 3  # a report is compared with the quotes that share one of its rarest words
_SHORT_PHRASE = 2  # words: such a phrase is compared with every other short one too


def _merge(reported: list[_Reported]) -> list[_Reported]:
    """Every report in the first quote it is the same as (``_same_quote``), in the order the
    quotes were met. Not compared with every quote (thousands of articles): only with those that
    could be the same, the ones that share one of its rarest words (a part holds all its words,
    the same words spelt apart all but one or two) or, for a phrase of a word or two, the other
    short phrases ("fiery" and "firey" share none)."""
    frequency = Counter(word for item in reported for word in set(item.key.split()))
    merged: list[_Reported] = []
    by_word: dict[str, list[int]] = {}
    by_key: dict[str, int] = {}
    short: list[int] = []
    # Longest first, so that a fragment finds the full quote it is part of.
    for item in sorted(reported, key=lambda r: (-len(r.key), r.first)):
        words = set(item.key.split())
        rarest = sorted(words, key=lambda word: (frequency[word], word))[:_RAREST_WORDS]
        candidates = {number for word in rarest for number in by_word.get(word, ())}
        candidates.update(short if len(words) <= _SHORT_PHRASE else ())
        candidates.update([by_key[item.key]] if item.key in by_key else ())
        home = next((merged[n] for n in sorted(candidates) if _same_quote(item, merged[n])), None)
        if home is None:
            for word in words:
                by_word.setdefault(word, []).append(len(merged))
            if len(words) <= _SHORT_PHRASE:
                short.append(len(merged))
            by_key.setdefault(item.key, len(merged))
            merged.append(item)
            continue
        home.speaker = home.speaker or item.speaker
        home.roles += item.roles
        home.first = min(home.first, item.first)
        for source in item.sources:
            if all(s["file"] != source["file"] for s in home.sources):
                home.sources.append(source)
    return sorted(merged, key=lambda r: r.first)


SPEAKER_KINDS = {"organisation": "Organisation", "document": "Document", "agency": "Agency"}


def quotes_page(entries: list[Article], known: tuple[Entity, ...] = ()) -> str:
    """The first quotes page alone (``quotes_pages`` gives the further pages too)."""
    return quotes_pages(entries, known)["quotes.md"]


def quotes_pages(entries: list[Article], known: tuple[Entity, ...] = ()) -> dict[str, str]:
    """Quotes grouped by speaker (named speakers A-Z, then the unnamed), each quote once; a
    speaker that is an organisation, agency or document says so, so it is not read as a person.
    File name to Markdown: speakers run on to ``quotes-N.md`` past PAGE_QUOTES quotes, and every
    page lists all the speakers, each linking to the page that holds them."""
    kinds = {e.name: SPEAKER_KINDS.get(e.kind or "", "") for e in known}
    by_speaker: dict[str, list[_Reported]] = {}
    for item in _gather(entries):
        by_speaker.setdefault(item.speaker or "", []).append(item)
    groups = []
    for speaker, items in sorted(by_speaker.items(), key=lambda kv: (kv[0] == "", kv[0].lower())):
        roles = [role for item in items for role in item.roles]
        name = speaker or "Speaker not named"
        shown = [{"text": i.text, "sources": i.sources, "role": None if speaker else i.role} for i in items]
        groups.append(
            {
                "speaker": name,
                "kind": kinds.get(speaker, ""),
                "anchor": anchor(name),
                "role": max(set(roles), key=lambda r: (roles.count(r), -roles.index(r))) if roles and speaker else None,
                "count": len(items),
                "quotes": [q for q in shown if not _is_fragment(q["text"])],
                "fragments": [q for q in shown if _is_fragment(q["text"])],
            }
        )
    runs = chunks(groups, lambda group: group["count"], PAGE_QUOTES)
    names = [page_name("quotes", n) for n in range(1, len(runs) + 1)]
    for name, run in zip(names, runs, strict=True):
        for group in run:
            group["page"] = name
    return {
        name: write.render_page("quotes.md.j2", groups=run, speakers=groups, current=name, number=n)
        for n, (name, run) in enumerate(zip(names, runs, strict=True), start=1)
    }


KIND_HEADINGS = {
    "person": "People",
    "organisation": "Organisations",
    "country": "Countries",
    "place": "Places",
    "topic": "Topics",
}


def tag_slugs(entries: list[Article]) -> dict[str, str]:
    """The file name (without .md) of every tag's page, distinct for distinct names."""
    return write.unique_slugs([tag for entry in entries for tag in entry.tags], "tag")


def tag_pages(entries: list[Article], known: tuple[Entity, ...]) -> dict[str, str]:
    """The pages of each tag (file name under tags/ to its Markdown): its articles newest first,
    PAGE_ARTICLES to a page."""
    kinds = {e.name: e for e in known}
    found: dict[str, int] = {}
    for entry in entries:
        for tag in entry.tags:
            found[tag] = found.get(tag, 0) + 1
    slugs = tag_slugs(entries)
    written: dict[str, str] = {}
    for name in sorted(found):
        if "--" in name or "\n" in name:  # would break the listing's HTML comment
            continue
        entity = kinds.get(name)
        newest_first = sorted(
            (e for e in entries if name in e.tags), key=lambda e: (e.date or date.min, e.title), reverse=True
        )
        runs = chunks(newest_first, lambda _: 1, PAGE_ARTICLES)
        files = [page_name(slugs[name], n, "--") for n in range(1, len(runs) + 1)]
        pager = [
            {"file": file, "label": _date_range([e.date for e in run if e.date])}
            for file, run in zip(files, runs, strict=True)
        ]
        for file, run in zip(files, runs, strict=True):
            written[file] = write.render_page(
                "tag.md.j2",
                name=name,
                kind=(entity.kind if entity else None) or "",
                role=(entity.role if entity else None) or "",
                count=found[name],
                articles=run,
                pager=pager if len(runs) > 1 else [],
                current=file,
                title_lang=title_lang,
            )
    return written


def tags_page(entries: list[Article], known: tuple[Entity, ...]) -> str:
    """The tag index: every tag in use by kind, with its article count, linking to its page."""
    kinds = {e.name: e.kind or "" for e in known}
    counts: dict[str, int] = {}
    for entry in entries:
        for tag in entry.tags:
            counts[tag] = counts.get(tag, 0) + 1
    slugs = tag_slugs(entries)
    groups: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        if "--" in name or "\n" in name:
            continue
        heading = KIND_HEADINGS.get(kinds.get(name, ""), "Other tags")
        groups.setdefault(heading, []).append({"name": name, "slug": slugs[name], "count": counts[name]})
    order = [*KIND_HEADINGS.values(), "Other tags"]
    return write.render_page("tags.md.j2", groups=[(h, groups[h]) for h in order if h in groups])


def _xml_text(text: str) -> str:
    """Text without the control characters XML 1.0 forbids."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


def _feed_items(entries: list[Article]) -> tuple[list[dict[str, Any]], date]:
    """The feed's newest FEED_ENTRIES entries, dated ones newest first, then the undated; and
    the newest date.

    Atom wants an ``updated`` time on every entry: an undated article takes the feed's own (the
    newest date of the coverage), and only a dated one says when it was ``published``.
    """
    latest = max((e.date for e in entries if e.date), default=date(1970, 1, 1))
    items = []
    for entry in entries:
        when = entry.date or latest
        items.append(
            {
                "title": _xml_text(entry.title),
                "lang": title_lang(entry),
                "link": "articles/" + entry.file.removesuffix(".md") + ".html",
                "id": f"tag:newsdossier.invalid,{(entry.date or date(1970, 1, 1)).isoformat()}:{entry.file}",
                "published": f"{entry.date.isoformat()}T00:00:00Z" if entry.date else None,
                "updated": f"{when.isoformat()}T00:00:00Z",
                "summary": _xml_text(entry.one_line),
                "publisher": _xml_text(str(entry.publisher or "")),
                "detail": " · ".join(x for x in (entry.publisher, entry.date_text if entry.date else None) if x),
                "tags": [_xml_text(t) for t in entry.tags],
            }
        )
    items.sort(key=lambda item: (item["published"] or "", item["link"]), reverse=True)
    return items[:FEED_ENTRIES], latest


def feed(entries: list[Article], site_title: str = SITE_TITLE) -> str:
    """An Atom feed of the articles (relative links: mkdocs_hooks makes them absolute when the
    site's address is known)."""
    items, latest = _feed_items(entries)
    return write.render_page(
        "feed.xml.j2", title=_xml_text(site_title), updated=f"{latest.isoformat()}T00:00:00Z", items=items
    )


def feed_page(entries: list[Article]) -> str:
    """The page the Feed tab opens: what the feed is, its link, and what it holds now."""
    items, _ = _feed_items(entries)
    for item in items:
        item["link"] = item["link"].removesuffix(".html") + ".md"
    return write.render_page("feed.md.j2", items=items)
