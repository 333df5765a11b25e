"""The MkDocs hooks: the article's "In brief", the feed's published links, the 404 page's assets."""

from __future__ import annotations

from types import SimpleNamespace

from generator import mkdocs_hooks, pages
from generator.articles import Article

BODY = "Lead one. Lead two.\n{: #p-1 }\n\nSecond paragraph.\n{: #p-2 }\n\nLater, a finding.\n{: #p-3 }\n"


def _page(summary: list[str]) -> SimpleNamespace:
    meta = {"title": "T", "source": "content/raw/x.txt", "summary": summary, "quotes": [], "tags": ["A b"]}
    return SimpleNamespace(meta=meta, file=SimpleNamespace(src_uri="articles/t.md"), edit_url="x")


def test_a_summary_sentence_of_the_opening_is_marked_in_place_and_the_rest_listed_in_brief():
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
    mkdocs_hooks.on_post_build({"site_url": None, "site_dir": str(tmp_path)})
    assert 'href="articles/a.html"' in (tmp_path / "feed.xml").read_text(encoding="utf-8")
    mkdocs_hooks.on_post_build({"site_url": "https://example.org/dossier/", "site_dir": str(tmp_path)})
    feed = (tmp_path / "feed.xml").read_text(encoding="utf-8")
    assert 'href="https://example.org/dossier/articles/a.html"' in feed
    assert 'href="https://example.org/dossier/feed.xml"' in feed and 'href="articles/' not in feed


def test_the_not_found_page_finds_its_assets_beside_it_when_no_address_is_known():
    config = {"site_url": None, "extra_css": ["assets/x.css"], "extra_javascript": []}
    context = mkdocs_hooks.on_template_context({"base_url": "/"}, "404.html", config)
    assert context["base_url"] == "." and context["extra_css"] == ["./assets/x.css"]
    published = mkdocs_hooks.on_template_context({"base_url": "/"}, "404.html", config | {"site_url": "https://e.org/"})
    assert published["base_url"] == "/"
