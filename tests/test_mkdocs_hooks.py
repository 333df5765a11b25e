"""The MkDocs hooks: what reaches a page from a person's Markdown is allow-listed HTML; an article
page lists a bounded number of its event's nearest articles; the article's "In brief", the feed's
published links, the 404 page's assets."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File, Files

from generator import event_pages, mkdocs_hooks, pages
from generator.articles import Article
from generator.mkdocs_hooks import sanitize


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<p>Text <script>alert(1)</script>end</p>", "<p>Text end</p>"),
        ('<p><img src="x" onerror="alert(1)">x</p>', "<p>x</p>"),
        ("<svg onload=alert(1)><circle/></svg>", ""),
        ('<p><a href="javascript:alert(1)">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<p><a href="&#x6A;avascript:alert(1)">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<p><a href="data:text/html,x">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<p onclick="alert(1)" id="p-1" class="lead">x</p>', '<p id="p-1" class="lead">x</p>'),
        ('<p id="__config">x</p>', "<p>x</p>"),  # Material's own element ids are not a page's
        ('<p style="background:url(http://198.51.100.7/x);left:5%">x</p>', '<p style="left:5%">x</p>'),
        ('<iframe src="https://example.org"></iframe><p>x</p>', "<p>x</p>"),
        ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
        ('<details open ontoggle="alert(1)"><summary>s</summary></details>', "<details><summary>s</summary></details>"),
    ],
)
def test_a_page_keeps_only_allow_listed_html(html: str, kept: str):
    assert sanitize(html) == kept


def test_links_and_anchors_of_the_site_survive():
    html = '<p id="p-2"><a href="../tags/moskva.html#tag:x">t</a> <a href="https://example.org/a?b=1&amp;c=2">e</a></p>'
    assert sanitize(html) == (
        '<p id="p-2"><a href="../tags/moskva.html#tag:x" rel="noopener noreferrer">t</a> '
        '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">e</a></p>'
    )


def _files(docs: Path, count: int) -> Files:
    (docs / "articles").mkdir(parents=True)
    (docs / "events").mkdir()
    (docs / "events" / "flood.md").write_text("# Flood\n")
    listed = [File("events/flood.md", str(docs), str(docs / "site"), use_directory_urls=False)]
    for day in range(1, count + 1):
        name = f"articles/day-{day:02d}.md"
        front = (  # a whole article of the contract: the hook leaves out one that is not
            f"---\ntitle: Day {day}\ndate: 2024-03-{day:02d}\npublisher: null\nauthors: []\ndateline: null\n"
            f"lang: en\nkind: article\nsummary: [Text.]\nquotes: []\ntags: []\nevent: Flood\n"
            f"source: content/raw/{day}.txt\nsource_sha256: '{day:064x}'\n---\n"
        )
        (docs / name).write_text(front + "Text.\n")
        listed.append(File(name, str(docs), str(docs / "site"), use_directory_urls=False))
    return Files(listed)


def test_an_article_lists_its_nearest_coverage_and_links_its_event_page(tmp_path: Path):
    files = mkdocs_hooks.on_files(_files(tmp_path, 12), {"docs_dir": str(tmp_path)})
    middle = mkdocs_hooks._COVERAGE["articles/day-06.md"]
    shown = [item["title"] for item in middle["other_coverage"]]
    assert shown == ["Day 4", "Day 5", "Day 7", "Day 8", "Day 9"]
    assert (middle["event_url"], middle["event_count"]) == ("events/flood.html", 12)
    first = mkdocs_hooks._COVERAGE["articles/day-01.md"]
    assert [item["title"] for item in first["other_coverage"]] == ["Day 2", "Day 3", "Day 4", "Day 5", "Day 6"]
    assert len(files.documentation_pages()) == 13
    assert event_pages.event_files(["Flood"]) == {"Flood": "flood.md"}


BODY = "Lead one. Lead two.\n{: #p-1 }\n\nSecond paragraph.\n{: #p-2 }\n\nLater, a finding.\n{: #p-3 }\n"


def _page(summary: list[str]) -> SimpleNamespace:
    meta = {"title": "T", "source": "content/raw/x.txt", "summary": summary, "quotes": [], "tags": ["A b"]}
    return SimpleNamespace(meta=meta, file=SimpleNamespace(src_uri="articles/t.md"), edit_url="x")


def test_a_summary_sentence_of_the_opening_is_marked_in_place_and_the_rest_listed_in_brief(monkeypatch):
    monkeypatch.setattr(mkdocs_hooks, "_TAG_SLUGS", {"A b": "a-b"})  # as on_files found the tag pages
    page = _page(["Lead one.", "Later, a finding."])
    mkdocs_hooks.on_page_markdown(BODY, page, None, None)
    assert [s["text"] for s in page.meta["brief"]] == ["Later, a finding."]
    assert page.meta["brief_in_lead"] == ["Lead one."]
    shown = mkdocs_hooks.on_page_content("<p>Lead one. Lead two.</p>", page, None, None)
    assert shown == '<p><mark class="dossier-brief-mark">Lead one.</mark> Lead two.</p>'
    assert page.meta["tag_links"] == [{"name": "A b", "url": "tags/a-b.html"}]


def test_the_published_feed_links_by_absolute_address_and_the_local_one_stays_relative(tmp_path):
    entry = Article.of("a.md", {"title": "A", "summary": ["S."]})
    (tmp_path / "feed.xml").write_text(pages.feed([entry]), encoding="utf-8")
    mkdocs_hooks._absolute_feed_links({"site_url": None, "site_dir": str(tmp_path)})
    assert 'href="articles/a.html"' in (tmp_path / "feed.xml").read_text(encoding="utf-8")
    mkdocs_hooks._absolute_feed_links({"site_url": "https://example.org/dossier/", "site_dir": str(tmp_path)})
    feed = (tmp_path / "feed.xml").read_text(encoding="utf-8")
    assert 'href="https://example.org/dossier/articles/a.html"' in feed
    assert 'href="https://example.org/dossier/feed.xml"' in feed and 'href="articles/' not in feed


def test_the_not_found_page_finds_its_assets_beside_it_when_no_address_is_known():
    config = {"site_url": None, "extra_css": ["assets/x.css"], "extra_javascript": []}
    context = mkdocs_hooks.on_template_context({"base_url": "/"}, "404.html", config)
    assert context["base_url"] == "." and context["extra_css"] == ["./assets/x.css"]
    published = mkdocs_hooks.on_template_context({"base_url": "/"}, "404.html", config | {"site_url": "https://e.org/"})
    assert published["base_url"] == "/"
