"""The treaty-history explainer: mining the coverage for citations, and the page it makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import articles, explainer, markdown_text, pipeline
from generator.articles import Article
from generator.config import Settings
from tests.conftest import SEEDS

SEED_1961 = "North Korea and the former Soviet Union signed a treaty in 1961"
SEED_2000 = "The deal was discarded after the collapse of the USSR and replaced in 2000"
SEED_2024 = "The chilling deal includes a breakthrough mutual defence clause"


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory: pytest.TempPathFactory, settings) -> Path:
    content = tmp_path_factory.mktemp("content")
    result = pipeline.normalize(SEEDS, content / "articles", settings)
    assert result.problems == []
    pipeline.write_index_pages(content, articles.read_all(content / "articles", "articles")[0], settings)
    return content


@pytest.fixture(scope="module")
def seed_explainer(seed_project: Path, settings) -> explainer.Explainer:
    return explainer.build(articles.read_all(seed_project / "articles", "articles")[0], settings)


def _cited(result: explainer.Explainer, instrument: str) -> list[explainer.Citation]:
    return next(i for i in result.instruments if i.id == instrument).citations


@pytest.mark.parametrize(
    ("instrument", "sentence"),
    [
        ("ussr-dprk-1961", SEED_1961),
        ("ussr-dprk-1961", SEED_2000),
        ("russia-dprk-2000", SEED_2000),
        ("russia-dprk-2024", SEED_2024),
    ],
)
def test_the_seed_sentences_are_cited_under_their_treaty(seed_explainer, instrument, sentence):
    assert any(c.text.startswith(sentence) for c in _cited(seed_explainer, instrument))


def test_every_citation_is_verbatim_in_the_paragraph_it_links_to(seed_project: Path, seed_explainer):
    citations = [c for i in seed_explainer.instruments for c in i.citations]
    assert len(citations) >= 10
    for citation in citations:
        body = (seed_project / "articles" / citation.file).read_text(encoding="utf-8").split("---", 2)[2]
        paragraphs = dict(markdown_text.anchored_paragraphs(body))
        assert citation.text in paragraphs[citation.anchor], citation


def test_undated_coverage_of_the_2024_summit_speaks_of_the_2024_treaty(seed_explainer):
    # The Sun's article is undated; its event dates it, so "the pact" is the 2024 treaty.
    assert any("comprehensive strategic partnership" in c.text for c in _cited(seed_explainer, "russia-dprk-2024"))


def test_an_arms_deal_is_not_a_treaty_and_a_chinese_treaty_is_not_the_soviet_one(settings):
    body = (
        "If they wanted a secret arms deal, they did not have to meet.\n{: #p-1 }\n\n"
        "China and North Korea signed a treaty in 1961 that is still in force.\n{: #p-2 }\n"
    )
    entry = Article.of("a.md", {"title": "T"}, body)
    cited, uncurated = explainer.mine([entry], settings)
    assert cited["ussr-dprk-1961"] == []
    assert [c.anchor for c in uncurated] == ["p-2"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They signed a pact.", True),
        ("The deal was reached on Wednesday.", True),
        ("It invokes the UN Charter.", True),
        ("Deliveries breach major agreements.", False),
        ("A good deal of rain fell.", False),
    ],
)
def test_what_counts_as_speaking_of_an_agreement(sentence, expected, settings):
    assert explainer.is_mention(sentence, lexicon=settings.data.lexicon) is expected


def test_a_new_raw_article_about_the_1961_treaty_joins_the_explainer(tmp_path: Path, settings):
    # A project of its own, so that every source is a file of content/raw/ as the contract wants.
    settings = Settings(tmp_path, settings.data, settings.reference_date, settings.build_time)
    raw = tmp_path / "content" / "raw"
    shutil.copytree(SEEDS, raw)
    sentence = "Moscow and Pyongyang first promised each other military help in a 1961 treaty of alliance."
    (raw / "900_new.txt").write_text(
        "Old allies meet again\n\nThursday, June 20, 2024\n\n"
        f"{sentence} Historians say the old pact mattered little after 1991.\n\n"
        "The new agreement is wider, officials said on Thursday in a statement.\n",
        encoding="utf-8",
    )
    content = tmp_path / "content"
    pipeline.normalize(raw, content / "articles", settings)
    pipeline.write_index_pages(content, articles.read_all(content / "articles", "articles")[0], settings)
    page = (content / "explainer.md").read_text(encoding="utf-8")
    section_1961 = page.split("{ #ussr-dprk-1961 }")[1].split("{ #russia-dprk-2000 }")[0]
    assert markdown_text.escape(sentence) in section_1961
    assert "articles/old-allies-meet-again.md#p-" in section_1961


def test_text_is_escaped_on_the_page(settings):
    entry = Article.of(
        "x.md", {"title": "<script>alert(1)</script>"}, "The <b>1961</b> *treaty* was signed.\n{: #p-1 }\n"
    )
    page = explainer.render(explainer.build([entry], settings))
    assert "<script>" not in page and "<b>" not in page
    assert "\\*treaty\\*" in page


def test_the_page_has_a_timeline_a_comparison_table_and_references(seed_project: Path):
    page = (seed_project / "explainer.md").read_text(encoding="utf-8")
    for year in ("1961", "2000", "2024"):
        assert f'<time datetime="{year}' in page
    assert "| Instrument | Signed | Automatic military assistance |" in page
    assert "[reference](https://" in page
    assert "*(unverified: no public reference found)*" in page


def test_the_build_report_lists_uncurated_mentions(seed_project: Path):
    report = (seed_project / ".report" / "explainer.json").read_text(encoding="utf-8")
    assert '"uncurated_mentions"' in report and '"ussr-dprk-1961": 2' in report


def test_a_bad_reference_in_the_data_file_is_refused(tmp_path):
    from generator.config import load_data
    from generator.errors import DataFileError

    (tmp_path / "treaties.yml").write_text(
        "treaties:\n  - {id: x, name: X, signed: 2000-01-01, facts: [{text: t, ref: 'javascript:alert(1)'}]}\n"
    )
    with pytest.raises(DataFileError, match="not an http"):  # refused when loaded, before any page is built
        load_data(tmp_path)
