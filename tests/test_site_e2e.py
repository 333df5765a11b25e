"""End to end: build the site from a copy of the project, then read it in headless Chromium,
from disk (file://) and over http://127.0.0.1, recording every request the pages make.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator import articles, cli
from tests.conftest import ROOT


def _chromium() -> Path:
    """Debian's chromium (what `make test` installs), or a Chromium-family browser already present."""
    named = os.environ.get("CHROMIUM_PATH")
    found = [named] if named else []
    found += ["/usr/bin/chromium"] + [shutil.which(n) or "" for n in ("chromium", "chromium-browser", "google-chrome")]
    return next((Path(p) for p in found if p and Path(p).exists()), Path("/usr/bin/chromium"))


CHROMIUM = _chromium()
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_PARTS = ("content", "theme", "generator", "mkdocs.yml")


def copy_project(target: Path) -> Path:
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project"))
    assert cli.main(["build", "--root", str(root), "--quiet"]) == 0
    return root


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(project / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def word_in_one_article_only(content: Path) -> tuple[str, str]:
    """A word whose stem occurs in exactly one page of the site, and that article's file name."""
    pages = {path: path.read_text(encoding="utf-8").lower() for path in content.rglob("*.md")}
    files = sorted(p for p in pages if p.parent.name == "articles")
    for article in files:
        body = articles.parse(pages[article], article.name).body
        for word in sorted(set(re.findall(r"\b[a-z]{9,}\b", body))):
            stem = word[:7]
            if all(stem not in text for path, text in pages.items() if path != article):
                return word, article.stem
    raise AssertionError("no word unique to one article")


def search(page, word: str) -> list[str]:
    page.locator("input.md-search__input").click()
    page.keyboard.type(word, delay=20)  # Material searches on key events, not on a set value
    page.wait_for_function(
        "() => /matching|No matching/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=20_000,
    )
    links = page.locator(".md-search-result__item > .md-search-result__link")
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def allowed(url: str, origin: str) -> bool:
    return url.startswith(("file://", "data:", "blob:", "about:")) or url.startswith(origin)


@pytest.mark.parametrize("mode", ["file", "http"])
def test_search_finds_the_one_article_and_no_request_leaves_the_machine(project, server, browser, mode):
    word, article = word_in_one_article_only(project / "content")
    origin = server if mode == "http" else "file://"
    start = f"{server}/index.html" if mode == "http" else (project / "site" / "index.html").as_uri()
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(start)
    assert page.locator("h1").first.inner_text().strip()
    hits = search(page, word)
    context.close()
    assert hits, f"searching {word!r} found nothing"
    assert {Path(urlsplit(href).path).stem for href in hits} == {article}, (word, hits)
    outside = [url for url in requests if not allowed(url, origin)]
    assert outside == [], outside


def test_search_from_disk_lists_articles_not_the_quotes_or_tag_pages(project, browser):
    page = browser.new_page()
    page.goto((project / "site" / "index.html").as_uri())
    hits = search(page, "putin")  # on every article, on the quotes page and a tag page
    page.close()
    folders = [urlsplit(href).path.split("/")[-2] for href in hits]
    pages = [Path(urlsplit(href).path).name for href in hits]
    assert folders[0] == "articles" and "tags" not in folders and "quotes.html" not in pages, hits
    assert folders == sorted(folders, key=lambda folder: folder != "articles"), "articles first"


def test_article_page_shows_header_summary_callouts_tags_and_source(project, server, browser):
    files = sorted((project / "content" / "articles").glob("*.md"))
    post = next(articles.read(p).meta for p in files if articles.read(p).meta.get("publisher") == "Reuters")
    name = next(p.stem for p in files if articles.read(p).meta.get("publisher") == "Reuters")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/articles/{name}.html")
    header = page.locator(".dossier-header")
    assert post["title"][:40] in header.inner_text()
    assert "Reuters" in page.locator(".dossier-meta").inner_text()
    # Each summary sentence is either linked from "In brief" to its paragraph or, being in the
    # opening the reader sees first, marked where it stands: never shown twice.
    brief_links = page.locator(".dossier-brief a")
    marked = page.locator(".dossier-body mark.dossier-brief-mark")
    assert brief_links.count() + marked.count() == len(post["summary"]) >= 2
    for i in range(brief_links.count()):
        target = brief_links.nth(i).get_attribute("href")
        assert re.fullmatch(r"#p-\d+", target)
        assert brief_links.nth(i).inner_text() in page.locator(target).inner_text()
    shown = [marked.nth(i).inner_text() for i in range(marked.count())]
    assert all(sentence in post["summary"] for sentence in shown), shown
    assert page.locator(".dossier-callout").count() >= 1
    assert page.locator(".md-tag").count() >= 2
    raw_link = page.locator("a.dossier-source").get_attribute("href")
    response = page.request.get(f"{server}/articles/{raw_link}")
    assert response.ok and "Putin" in response.text()
    context.close()
