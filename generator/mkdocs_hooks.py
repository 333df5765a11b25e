"""MkDocs hooks: the thin layer between the generated Markdown and the Material theme.

Kept small on purpose (MkDocs 1.x is the last of its line): it leaves out of the site the
articles that cannot be read, and prepares values the article template shows, from the page's
own front matter and text.
"""

from __future__ import annotations

import html
import logging
import math
import re
from pathlib import Path
from typing import Any

from generator import articles, markdown_text, pages
from generator.config import load_data
from generator.errors import DataFileError

WORDS_PER_MINUTE = 230
LEAD_PARAGRAPHS = 2  # what a reader sees first of the story, on a phone as well
ARTICLES_DIR = "articles"
log = logging.getLogger("mkdocs.hooks.generator")
_SHOWN_AS_TEXT = ("title", "publisher", "dateline", "event", "description")


def _escape(value: Any) -> Any:
    """Material prints these values without escaping; a title may contain ``<script>``."""
    return html.escape(value, quote=True) if isinstance(value, str) else value


EXPLAINER = "explainer.md"


def _no_markup(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _without(nav: Any, target: str) -> Any:
    """The nav of mkdocs.yml without the entries that point at ``target``."""
    if isinstance(nav, list):
        kept = [_without(item, target) for item in nav]
        return [item for item in kept if item is not None]
    if isinstance(nav, dict):
        kept = {title: _without(value, target) for title, value in nav.items()}
        return {title: value for title, value in kept.items() if value is not None} or None
    return None if nav == target else nav


def on_config(config):
    """The dossier's title and description as the home page names them (from content/data/site.yml
    or the coverage), and no treaty-history entry in the navigation when no treaty is curated."""
    docs = Path(config["docs_dir"])
    home = docs / "index.md"
    if home.is_file():
        try:
            meta = articles.read(home, front_matter_required=False).meta
        except articles.Unreadable as exc:  # only by hand: the build writes this page
            log.warning(f"{home}: {exc}; the site name stays as mkdocs.yml gives it")
            meta = {}
        # Material prints these mostly as they are (a tooltip escapes them again): no markup may
        # pass, and a bare "&" shows right in both.
        if isinstance(meta.get("site_name"), str) and meta["site_name"].strip():
            config["site_name"] = _no_markup(meta["site_name"])
        if isinstance(meta.get("description"), str) and meta["description"].strip():
            config["site_description"] = _no_markup(meta["description"])
    try:
        treaties = load_data(docs / "data").treaties
    except DataFileError as exc:  # the build refuses such data before it gets here; `serve` does not
        log.warning(f"{exc}; the treaty-history page stays in the navigation")
        return config
    if not treaties and config.get("nav"):
        config["nav"] = _without(config["nav"], EXPLAINER)
    return config


def on_files(files, config):
    """An article that cannot be read is not published: MkDocs would show its raw YAML as text.

    The build reports it (file, line, what is wrong) and leaves it out of the index pages; this
    says so at info level only, so that a build does not print the same problem twice.
    """
    for file in list(files.documentation_pages()):
        if Path(file.src_uri).parent.as_posix() != ARTICLES_DIR:
            continue
        try:
            articles.read(Path(file.abs_src_path))
        except articles.Unreadable as exc:
            log.info(f"{file.src_uri}: {exc}; left out of the site")
            files.remove(file)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    meta = page.meta
    for key in _SHOWN_AS_TEXT:
        meta[key] = _escape(meta.get(key))
    if isinstance(meta.get("tags"), list):
        # Each tag links to its own page (pages.tag_pages), not to a listing of every article.
        meta["tag_links"] = [
            {"name": _escape(str(tag)), "url": f"tags/{pages.tag_slug(str(tag))}.html"} for tag in meta["tags"]
        ]
        meta["tags"] = [_escape(str(tag)) for tag in meta["tags"]]
    if not meta.get("source"):
        page.edit_url = None  # a generated page (home, quotes, tags): an edit there would be overwritten
        return markdown
    # An article has no headings worth a table of contents; give its text the room.
    meta.setdefault("hide", ["navigation", "toc"])
    article = articles.Article.of(page.file.src_uri, meta, markdown)
    paragraphs = markdown_text.anchored_paragraphs(markdown)
    meta["summary_links"] = [
        {"text": sentence, "anchor": markdown_text.anchor_of(sentence, paragraphs)} for sentence in article.summary
    ]
    # The story follows the headline at once: a summary sentence of its opening paragraphs is
    # marked where it stands (on_page_content) rather than shown twice; "In brief" lists the rest.
    lead = {anchor for anchor, _ in paragraphs[:LEAD_PARAGRAPHS]}
    meta["brief"] = [s for s in meta["summary_links"] if s["anchor"] and s["anchor"] not in lead]
    meta["brief_in_lead"] = [s["text"] for s in meta["summary_links"] if s["anchor"] in lead]
    meta["callouts"] = [
        {
            "text": q.text,
            "speaker": q.speaker,
            "role": q.role,
            "anchor": markdown_text.anchor_of(q.text, paragraphs),
        }
        for q in article.quotes
        if q.callout
    ][:3]
    words = len(markdown_text.plain(markdown).split())
    meta["reading_minutes"] = max(1, math.ceil(words / WORDS_PER_MINUTE))
    meta["byline"] = ", ".join(article.authors)
    if article.summary and not meta.get("description"):
        meta["description"] = _escape(article.one_line)
    return markdown


def on_page_content(html_text: str, page, config, files) -> str:
    """Each summary sentence of the story's opening, marked in its paragraph (escaped as
    Python-Markdown escapes text; a sentence whose Markdown renders otherwise stays unmarked)."""
    for sentence in page.meta.get("brief_in_lead") or ():
        shown = html.escape(sentence, quote=False)
        html_text = html_text.replace(shown, f'<mark class="dossier-brief-mark">{shown}</mark>', 1)
    return html_text


def on_template_context(context, template_name, config):
    """404.html opens from disk too: with no published address its assets are found relative to
    it, not at /assets/ of the file system."""
    if template_name == "404.html" and not config.get("site_url"):
        context["base_url"] = "."
        context["extra_css"] = [f"./{path}" for path in config["extra_css"]]
        context["extra_javascript"] = [f"./{script}" for script in config["extra_javascript"]]
    return context


def on_post_build(config):
    """The published feed names its pages by absolute address (a feed reader fetches feed.xml
    alone); without a site address, links stay relative so the site opens from disk."""
    site_url = config.get("site_url")
    feed = Path(config["site_dir"]) / "feed.xml"
    if not site_url or not feed.is_file():
        return
    base = str(site_url).rstrip("/") + "/"
    text = feed.read_text(encoding="utf-8")
    text = re.sub(r'(<link rel="[a-z]+" type="[^"]+" href=")(?![a-z]+:)', lambda m: m.group(1) + base, text)
    feed.write_text(text, encoding="utf-8")


def on_env(env, config, files):
    """Every article page learns the other articles of its event (all pages are read by now)."""
    articles = [f.page for f in files.documentation_pages() if f.page and f.page.meta.get("source")]
    for page in articles:
        event = page.meta.get("event")
        others = [p for p in articles if p is not page and event and p.meta.get("event") == event]
        others.sort(key=lambda p: (str(p.meta.get("date") or "9999"), str(p.meta.get("title")), p.url))
        # Title and publisher were escaped in on_page_markdown; the date is made text here.
        page.meta["other_coverage"] = [
            {
                "title": p.meta.get("title"),
                "url": p.url,
                "publisher": p.meta.get("publisher"),
                "lang": p.meta.get("title_lang"),
                "date": _escape(
                    f"{p.meta['date']:%-d %B %Y}" if hasattr(p.meta.get("date"), "strftime") else "undated"
                ),
            }
            for p in others
        ]
    return env
