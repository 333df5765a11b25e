"""MkDocs hooks: the thin layer between the generated Markdown and the Material theme.

Kept small on purpose (MkDocs 1.x is the last of its line): it leaves out of the site the
articles that cannot be read or that break the front-matter contract, prepares values the
article template shows, from the page's own front matter and text, and passes the HTML of every
page through an allow-list (nh3), since articles come from pull requests: no
script, event handler, ``javascript:``/``data:`` link, style or outside image survives.
"""

from __future__ import annotations

import html
import logging
import math
import os
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import nh3
from jinja2 import ChoiceLoader, DictLoader
from markupsafe import Markup
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from generator import articles, event_pages, markdown_text, page_reuse, pages, pipeline, search_index, site
from generator.config import load_data, load_settings
from generator.errors import DataFileError

WORDS_PER_MINUTE = 230
LEAD_PARAGRAPHS = 2  # what a reader sees first of the story, on a phone as well
ARTICLES_DIR = "articles"
OTHER_COVERAGE = 5  # other articles of its event an article page lists; its event page lists all
log = logging.getLogger("mkdocs.hooks.generator")
_SHOWN_AS_TEXT = ("title", "publisher", "dateline", "event", "description")


# Every page's HTML is passed through the allow-list: articles come from pull requests, and the
# generated pages carry words from data files (site.yml's intro) that pull requests edit too.
# No img, area or map: a picture from elsewhere is a request off the reader's machine.
ALLOWED_TAGS = (nh3.ALLOWED_TAGS | {"section"}) - {"img", "area", "map"}
ALLOWED_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items() if tag in ALLOWED_TAGS} | {
    "*": {"id", "class", "title", "lang", "dir", "role", "aria-label", "style"},
    "time": {"datetime"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Material's own elements have ids such as __config and __search: a page may not take them.
_PAGE_ID = re.compile(r"^[^\s_]\S*$")


def _attribute(tag: str, name: str, value: str) -> str | None:
    return None if name == "id" and not _PAGE_ID.match(value) else value


def sanitize(content: str) -> str:
    """The HTML of a person's page with only the allow-listed tags, attributes and URL schemes
    (relative links and anchors pass); scripts and styles go with their text."""
    return nh3.clean(
        content,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        strip_comments=False,
        url_schemes=ALLOWED_SCHEMES,
        filter_style_properties={"left", "width"},
    )


def _escape(value: Any) -> Any:
    """Material prints these values without escaping; a title may contain ``<script>``. As Markup,
    the theme's autoescaping templates (theme/partials/article.html) do not escape them twice."""
    return Markup(html.escape(value, quote=True)) if isinstance(value, str) else value


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


# Set by ``python -m generator serve``: before each rebuild the index pages follow the articles.
SERVE_ENVIRONMENT = "NEWSDOSSIER_SERVE"


def on_pre_build(config):
    """While serving, an edited article changes the home, quotes and tag pages too, not only its
    own page (``build`` writes those pages itself, in its copy of content/)."""
    if not os.environ.get(SERVE_ENVIRONMENT):
        return
    docs = Path(config["docs_dir"])
    root = Path(config["config_file_path"]).parent
    try:
        settings = load_settings(root, docs / "data")
        written = pipeline.refresh_index_pages(docs, settings)
    except DataFileError as exc:
        log.warning(f"{exc}; the index pages are left as they were")
        return
    for path in written:
        log.info(f"index page updated: {settings.relative(path)}")


def on_files(files, config):
    """An article that cannot be read or breaks the front-matter contract is not published (MkDocs
    would show its raw YAML as text, Material its list as a headline), nor any page that is not
    UTF-8 or whose front matter breaks the YAML limits (MkDocs would stop or hang at it).

    The build reports it (file, line, what is wrong) and leaves it out of the index pages; this
    says so at info level only, so that a build does not print the same problem twice. The
    articles read here are also all the cross-page work of the site, done once: each article's
    nearest coverage of its event and its event's page.
    """
    docs = Path(config["docs_dir"]).resolve()
    for file in list(files):
        # A link a pull request adds (content/raw/x.txt -> /etc/passwd) would be copied into site/.
        in_docs = file.src_dir is not None and Path(file.src_dir).resolve() == docs  # not the theme's files
        if in_docs and file.abs_src_path and not Path(file.abs_src_path).resolve().is_relative_to(docs):
            log.warning(f"{file.src_uri}: a link to a file outside {docs.name}/; left out of the site")
            files.remove(file)
        elif in_docs and not file.is_documentation_page() and not file.inclusion.is_excluded():
            _publish_safely(file, files)
    readable: list[tuple[Any, articles.Article]] = []
    for file in list(files.documentation_pages()):
        path = Path(file.abs_src_path)
        try:
            if Path(file.src_uri).parent.as_posix() != ARTICLES_DIR:
                # MkDocs reads every page as UTF-8 and its front matter without limits: a page that
                # is not UTF-8 would stop the build, an alias bomb hang it.
                articles.read(path, front_matter_required=False)
                continue
            article = articles.read(path)
            errors = articles.errors_of(article)
        except articles.Unreadable as exc:
            # The build itself reports an article; another page is said here, once.
            say = log.info if Path(file.src_uri).parent.as_posix() == ARTICLES_DIR else log.warning
            say(f"{file.src_uri}:{exc.line}: {exc.part}: {exc.what}; left out of the site")
            files.remove(file)
            continue
        if errors:
            log.info(f"{file.src_uri}:{errors[0].line}: {errors[0].key}: {errors[0].what}; left out of the site")
            files.remove(file)
            continue
        readable.append((file, article))
    _COVERAGE.clear()
    _COVERAGE.update(_nearest_coverage(readable, files))
    # The tag pages' names as the build wrote them (distinct slugs need every article's tags).
    _TAG_SLUGS.clear()
    _TAG_SLUGS.update(pages.tag_slugs([article for _, article in readable]))
    page_reuse.start([(file.src_uri, file.url) for file in files.documentation_pages()], config)
    return files


def on_env(env, config, files):
    """The template of a reused page (page_reuse): the HTML kept from the last build, as it is."""
    env.loader = ChoiceLoader([env.loader, DictLoader({page_reuse.TEMPLATE: f"{{{{ {page_reuse.CONTEXT_KEY} }}}}"})])
    return env


def _publish_safely(file, files) -> None:
    """A file a pull request added that could run in a reader's browser (HTML, SVG, JavaScript)
    is left out (the build and check name it); a raw source is published as plain text."""
    why = site.refused_file(file.src_uri, Path(file.abs_src_path))
    if why:
        log.info(f"{file.src_uri}: {why}")
        files.remove(file)
    elif site.published_raw(file.src_uri) != file.src_uri and file.src_uri.startswith(f"{site.RAW_DIR}/"):
        files.remove(file)
        files.append(File(file.src_uri, file.src_dir, file.dest_dir, False, dest_uri=site.published_raw(file.src_uri)))


# Per article page (by source path under docs/): the event's page and its nearest other coverage.
_COVERAGE: dict[str, dict[str, Any]] = {}
_TAG_SLUGS: dict[str, str] = {}


def _nearest_coverage(readable: list[tuple[Any, articles.Article]], files) -> dict[str, dict[str, Any]]:
    by_event: dict[str, list[tuple[Any, articles.Article]]] = {}
    for file, article in readable:
        if isinstance(article.event, str) and article.event:
            by_event.setdefault(article.event, []).append((file, article))
    pages = event_pages.event_files(by_event)
    coverage: dict[str, dict[str, Any]] = {}
    for event, members in by_event.items():
        page = files.get_file_from_path(f"{event_pages.EVENTS_DIR}/{pages[event]}")
        members.sort(key=lambda m: (m[1].date or date.max, m[1].title, m[0].url))
        for position, (file, _) in enumerate(members):
            # The nearest in the event's date order, earlier and later alike: a constant-size list.
            start = max(0, min(position - OTHER_COVERAGE // 2, len(members) - OTHER_COVERAGE - 1))
            nearby = [m for m in members[start : start + OTHER_COVERAGE + 1] if m[0] is not file]
            coverage[file.src_uri] = {
                "event_url": page.url if page else None,
                "event_count": len(members),
                "other_coverage": [_listed(other_file, other) for other_file, other in nearby[:OTHER_COVERAGE]],
            }
    return coverage


def _listed(file, article: articles.Article) -> dict[str, Any]:
    return {
        "title": _escape(article.title),
        "url": file.url,
        "publisher": _escape(article.publisher),
        "lang": pages.title_lang(article) or None,
        "date": _escape(f"{article.date:%-d %B %Y}" if article.date else "undated"),
    }


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = _prepared(markdown, page)
    # A page that names its title in its front matter (every article, every generated page) can
    # be reused: rendering it does not give it its title. Its Markdown then has nothing to render.
    if page.meta.get("title") and page_reuse.lookup(page.file.src_uri, markdown, page.meta):
        page.meta["template"] = page_reuse.TEMPLATE
        return ""
    return markdown


def _prepared(markdown: str, page) -> str:
    """The page's front matter as the theme shows it: escaped, the contract's keys only, and the
    values the article template reads, including the cross-page ones of ``on_files``."""
    meta = page.meta
    # No page picks its own template: a missing one stops MkDocs, another one shows raw values.
    meta.pop("template", None)
    for key in _SHOWN_AS_TEXT:
        meta[key] = _escape(meta.get(key))
    if isinstance(meta.get("tags"), list):
        meta["tags"] = [_escape(str(tag)) for tag in meta["tags"]]
    if not meta.get("source"):
        page.edit_url = None  # a generated page (home, quotes, tags): an edit there would be overwritten
        return markdown
    # Only the contract's keys reach the theme: MkDocs and Material read others (template, hide,
    # author, icon, status...), which a pull request must not set.
    for key in [key for key in meta if key not in articles.CONTRACT]:
        del meta[key]
    if isinstance(meta.get("tags"), list):
        # Each tag links to its own page (pages.tag_pages), not to a listing of every article.
        meta["tag_links"] = [
            {"name": tag, "url": f"tags/{_TAG_SLUGS[tag.unescape()]}.html"}
            for tag in meta["tags"]
            if tag.unescape() in _TAG_SLUGS
        ]
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
    meta.update(_COVERAGE.get(page.file.src_uri, {}))
    meta["raw_url"] = site.published_raw(str(article.source).removeprefix("content/"))
    if article.summary and not meta.get("description"):
        meta["description"] = _escape(article.one_line)
    return markdown


def on_page_content(html_text: str, page, config, files) -> str:
    """Every page through the allow-list (the generated pages come out the same, bar spacing);
    then each summary sentence of the story's opening marked in its paragraph (escaped as
    Python-Markdown escapes text; a sentence whose Markdown renders otherwise stays unmarked).
    A reused page gets its content as kept."""
    kept = page_reuse.reused(page.file.src_uri)
    if kept is not None:
        page.toc = kept.toc
        return kept.content
    html_text = sanitize(html_text)
    for sentence in page.meta.get("brief_in_lead") or ():
        shown = html.escape(sentence, quote=False)
        html_text = html_text.replace(shown, f'<mark class="dossier-brief-mark">{shown}</mark>', 1)
    return html_text


def on_page_context(context, page, config, nav):
    kept = page_reuse.reused(page.file.src_uri)
    if kept is not None:
        context[page_reuse.CONTEXT_KEY] = Markup(kept.output)
    return context


@event_priority(-100)  # the page as written to site/, after every plugin
def on_post_page(output: str, page, config) -> str:
    page_reuse.keep(page.file.src_uri, page.content, page.toc, output)
    return output


def on_template_context(context, template_name, config):
    """404.html opens from disk too: with no published address its assets are found relative to
    it, not at /assets/ of the file system."""
    if template_name == "404.html" and not config.get("site_url"):
        context["base_url"] = "."
        context["extra_css"] = [f"./{path}" for path in config["extra_css"]]
        context["extra_javascript"] = [f"./{script}" for script in config["extra_javascript"]]
    return context


@event_priority(-200)  # after Material's search plugin wrote its index and the offline plugin copied it
def on_post_build(config):
    """The search index, prebuilt and shipped once (generator/search_index.py); the published
    feed's links made absolute."""
    worker = resources.files("generator").joinpath("templates/search_worker.js").read_text("utf-8")
    search_index.write(Path(config["site_dir"]), worker)
    _absolute_feed_links(config)


def _absolute_feed_links(config) -> None:
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
