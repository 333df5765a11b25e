"""The built site: explainer citations land on their paragraphs, tag pages, events, feed, descriptions."""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import cli
from tests.conftest import ROOT

PROJECT_PARTS = ("content", "theme", "generator", "mkdocs.yml")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__", ".report"))
        else:
            shutil.copy2(source, root / part)
    assert cli.main(["build", "--root", str(root), "--quiet"]) == 0
    return root / "site"


def _article_pages(site: Path) -> list[Path]:
    """The article pages, not the pages that redirect an article's old address to its new one."""
    return [p for p in sorted((site / "articles").glob("*.html")) if 'http-equiv="refresh"' not in p.read_text()]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _paragraph(page: str, anchor: str) -> str:
    match = re.search(rf'<p id="{re.escape(anchor)}"[^>]*>(.*?)</p>', page, re.DOTALL)
    assert match, anchor
    return _text(match.group(1))


def test_explainer_citations_land_on_the_paragraph_holding_the_sentence(site: Path):
    page = (site / "explainer.html").read_text(encoding="utf-8")
    links = re.findall(r'<li>“(.*?)”\s*<small><a href="(articles/[^"#]+)#([^"]+)"', page, re.DOTALL)
    assert len(links) >= 10
    for sentence, target, anchor in links:
        assert _text(sentence) in _paragraph((site / target).read_text(encoding="utf-8"), anchor)
    cited = " ".join(_text(s) for s, _t, _a in links)
    assert "North Korea and the former Soviet Union signed a treaty in 1961" in cited
    assert "The deal was discarded after the collapse of the USSR and replaced in 2000" in cited
    assert "mutual defence clause" in cited


def test_explainer_shows_the_timeline_and_the_comparison_table(site: Path):
    page = (site / "explainer.html").read_text(encoding="utf-8")
    for year in ("1961", "2000", "2024"):
        assert re.search(rf'<time datetime="{year}[^"]*">', page)
    assert "<table>" in page and "Automatic military assistance" in page
    assert "<script" not in page.split('<article class="md-content__inner')[1].split("</article>")[0]
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="explainer.html"' in nav


def test_the_home_page_shows_the_two_summits_with_their_articles(site: Path):
    page = (site / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="dossier-event">(.*?)</section>', page, re.DOTALL)
    assert [re.search(r"<h2[^>]*>(.*?)</h2>", s).group(1) for s in sections] == [
        "2023-09 Vostochny summit",
        "2024-06 Pyongyang summit",
    ]
    assert sections[0].count('href="articles/') == 1 and sections[1].count('href="articles/') == 4


@pytest.mark.parametrize("tag", ["vladimir-putin", "kim-jong-un"])
def test_tag_pages_list_every_article_whatever_the_spelling(site: Path, tag: str):
    page = (site / "tags" / f"{tag}.html").read_text(encoding="utf-8")
    listed = set(re.findall(r'href="\.\./articles/([^"]+)"', page))
    assert listed == {p.name for p in _article_pages(site)}


def test_article_pages_list_other_coverage_of_their_event(site: Path):
    page = (site / "articles" / "putin-kim-sign-pact-vowing-mutual-defense-if-attacked.html").read_text(
        encoding="utf-8"
    )
    other = page.split("Other coverage of this event")[1].split("</ul>")[0]
    assert other.count("<li>") == 3 and "putin-kim-sign-pact" not in other


def test_an_article_page_links_its_event_page_which_lists_every_article_of_the_event(site: Path):
    page = (site / "articles" / "putin-kim-sign-pact-vowing-mutual-defense-if-attacked.html").read_text(
        encoding="utf-8"
    )
    assert 'href="../events/2024-06-pyongyang-summit.html"' in page
    event = (site / "events" / "2024-06-pyongyang-summit.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'href="\.\./articles/([^"#]+)"', event))) == 4


def test_the_feed_is_atom_with_every_article(site: Path):
    root = ET.parse(site / "feed.xml").getroot()
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(list(_article_pages(site)))
    for entry in entries:
        link = entry.find("{http://www.w3.org/2005/Atom}link").get("href")
        assert (site / link).is_file()


def test_article_pages_carry_a_meta_description_from_the_summary(site: Path):
    for path in _article_pages(site):
        assert re.search(r'<meta name="description" content="[^"]{20,}">', path.read_text(encoding="utf-8")), path
