"""Another corpus on another topic, with nothing curated: title, tags, events and explainer still make sense."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator import articles, check, cli, entities, events, explainer, mkdocs_hooks, pages, site_info
from generator.articles import Article
from generator.config import load_settings
from generator.errors import DataFileError
from tests.conftest import ROOT, run_stages
from tests.test_site_e2e import copy_project

ELECTION = ROOT / "tests" / "data" / "topic_election"

STORY = """Drenched Sunak fires starting gun as Starmer promises change

Peter Walker Deputy political editor
Wed 22 May 2024 18.31 BST

Rishi Sunak has called a general election for 4 July, making the announcement outside No 10.

Keir Starmer, speaking from central London an hour later, said a vote for Labour was a vote for stability. \
"It's time for change," the Labour leader said.

Starmer will launch the campaign in Gillingham on Thursday. Sunak's aides said the timing reflected falling \
inflation. The Liberal Democrats, led by Ed Davey, said the election was welcome.
"""


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory):
    """Settings with empty entities, events and treaties files (packaged boilerplate and publishers only)."""
    data = tmp_path_factory.mktemp("data")
    for name in ("entities", "events", "treaties"):
        (data / f"{name}.yml").write_text(f"{name}: []\n", encoding="utf-8")
    return load_settings(data.parent, data)


def test_recurring_names_of_the_title_and_lead_become_tags(bare):
    doc = run_stages(STORY, bare)
    # "Starmer" and "Sunak" count for the full names; Ed Davey is named once, in passing.
    assert doc.tags == ("Keir Starmer", "Rishi Sunak")
    # Still reported as uncurated names, for a contributor to add to entities.yml.
    assert any("'Keir Starmer'" in note and "not in entities.yml" in note for note in doc.notes)


def test_title_words_and_possessives_are_not_part_of_a_name(bare):
    text = (
        "British Prime Minister Rishi Sunak called an election.\n\n"
        "Britain's Labour Party leads. Sunak said so. The Labour Party agreed."
    )
    doc = run_stages(text, bare)
    assert "Rishi Sunak" in doc.tags
    assert "Labour Party" in doc.tags
    assert not any(tag.startswith(("British", "Britain")) for tag in doc.tags)


def test_a_name_cut_at_a_sentence_start_is_the_full_name(bare):
    text = "Reef bleaching spreads\n\nGreat Barrier Reef corals are bleaching. The Great Barrier Reef is vast."
    assert run_stages(text, bare).tags == ("Great Barrier Reef",)


def test_no_names_are_derived_from_a_text_in_another_language(bare):
    text = "Streik bei der Bahn\n\nDie Gewerkschaft streikt. Die Gewerkschaft fordert mehr Geld, sagte sie am Montag."
    assert run_stages(text, bare).tags == ()


def test_curated_entities_come_first_and_are_not_derived_again(settings):
    text = (
        "Putin meets Rishi Sunak\n\n"
        "Vladimir Putin met Rishi Sunak in Moscow on Tuesday.\n\n"
        'Sunak said the talks were frank. "We spoke," Vladimir Putin said.'
    )
    doc = run_stages(text, settings)
    assert doc.tags[0] == "Vladimir Putin"
    assert "Rishi Sunak" in doc.tags
    assert doc.tags.index("Rishi Sunak") > doc.tags.index("Vladimir Putin")


def test_the_byline_is_not_a_tag(bare):
    assert "Peter Walker" not in run_stages(STORY, bare).tags
    assert entities.derived_tags(run_stages("Nothing\n\nno names here at all.", bare), bare) == ()


def test_an_event_without_curated_places_is_named_after_its_datelines(bare):
    text = "LONDON, May 22 (Reuters) - Rishi Sunak called an election on Wednesday, May 22, 2024.\n\nMore text here."
    doc = run_stages(text, bare).with_(date=date(2024, 5, 22))
    [named] = events.assign([doc], bare)
    assert named.event == "2024-05 London coverage"


def test_a_wire_dateline_without_year_takes_the_year_of_its_event(bare):
    wire = run_stages("LONDON, May 22 (Reuters) - Rishi Sunak called an election.\n\nSunak spoke outside.", bare)
    assert wire.date is None
    other = run_stages("Sunak calls election\n\n22 May 2024\n\nRishi Sunak called an election. Sunak spoke.", bare)
    assert other.date == date(2024, 5, 22)
    placed = {d.source: d for d in events.assign([wire.with_(source="wire.txt"), other], bare)}
    assert placed["wire.txt"].date == date(2024, 5, 22)
    assert placed["wire.txt"].event == placed["test.txt"].event
    assert any("dateline" in note for note in placed["wire.txt"].notes)
    # A day far from the event's coverage is not guessed.
    far = run_stages("LONDON, Jan 3 (Reuters) - Rishi Sunak called an election.\n\nSunak spoke outside.", bare)
    [far_placed, _] = events.assign([far.with_(source="far.txt"), other], bare)
    assert far_placed.date is None


def test_site_yml_defaults_override_and_validation(tmp_path):
    info = site_info.load(tmp_path)
    assert info.title is None and "news coverage" in info.intro.lower()
    (tmp_path / "site.yml").write_text("title: Election 2024\nintro: >-\n  Two\n  lines.\n", encoding="utf-8")
    info = site_info.load(tmp_path)
    assert (info.title, info.intro) == ("Election 2024", "Two lines.")
    assert info.description  # the packaged one
    for bad in ("titel: x\n", "title: [a, b]\n", "- a list\n", "title: 'unclosed\n"):
        (tmp_path / "site.yml").write_text(bad, encoding="utf-8")
        with pytest.raises(DataFileError, match="site.yml"):
            site_info.load(tmp_path)


def test_check_reports_a_bad_site_yml(tmp_path):
    data = tmp_path / "content" / "data"
    data.mkdir(parents=True)
    (data / "site.yml").write_text("titel: x\n", encoding="utf-8")
    problems = check.check_paths([tmp_path / "content"], tmp_path)
    assert any(p.path == "content/data/site.yml" and p.severity == "error" for p in problems)


def test_an_untitled_dossier_is_named_after_its_most_tagged_people():
    info = site_info.SiteInfo()
    tags = [["Keir Starmer", "Labour Party"], ["Keir Starmer", "Rishi Sunak"], ["Rishi Sunak", "Labour Party"]]
    people = {"Keir Starmer", "Rishi Sunak"}
    assert site_info.resolve_title(info, tags, people) == "Keir Starmer and Rishi Sunak: a news dossier"
    assert site_info.resolve_title(info, tags[:1], people) == site_info.FALLBACK_TITLE
    assert site_info.resolve_title(site_info.SiteInfo(title="Mine"), tags, people) == "Mine"


def test_home_page_leaves_out_the_treaty_button_when_nothing_is_curated():
    entry = Article.of("a.md", {"title": "A", "event": "2024-05 London coverage"})
    page = pages.home_page([entry], (), site_info.SiteInfo("Election 2024", "Intro words."), explainer=False)
    assert "# Election 2024" in page and "Intro words." in page and "site_name: Election 2024" in page
    assert "explainer.md" not in page and "Putin" not in page


def test_empty_explainer_says_how_to_add_instruments(bare):
    entry = Article.of("a.md", {"title": "A", "date": date(2024, 5, 22), "event": "E"})
    page = explainer.render(explainer.build([entry], bare))
    assert "No treaty" in page and "content/data/treaties.yml" in page
    assert "Moscow" not in page and "How they compare" not in page


def test_a_curated_explainer_takes_its_heading_and_intro_from_site_yml(settings, tmp_path):
    entry = Article.of("a.md", {"title": "A", "date": date(2024, 6, 19), "event": "E"})
    built = explainer.build([entry], settings)
    neutral = explainer.render(built, site_info.load(None))
    assert "# Treaty history, " in neutral and "Moscow and Pyongyang" not in neutral.split("## Timeline")[0]
    (tmp_path / "site.yml").write_text("explainer_title: Climate accords\nexplainer_intro: Two **accords**.\n")
    page = explainer.render(built, site_info.load(tmp_path))
    assert "# Climate accords, " in page and "\nTwo **accords**.\n" in page


def test_hook_takes_the_title_from_the_home_page_and_drops_an_empty_explainer(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "treaties.yml").write_text("treaties: []\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("---\ntitle: Home\nsite_name: Election 2024\n---\n", encoding="utf-8")
    config = {
        "docs_dir": str(tmp_path),
        "site_name": "A news dossier",
        "nav": [{"Home": "index.md"}, {"Treaty history": "explainer.md"}, {"Quotes": "quotes.md"}],
    }
    config = mkdocs_hooks.on_config(config)
    assert config["site_name"] == "Election 2024"
    (tmp_path / "index.md").write_text("---\nsite_name: Vote & <count>\n---\n", encoding="utf-8")
    assert mkdocs_hooks.on_config({"docs_dir": str(tmp_path)})["site_name"] == "Vote & &lt;count&gt;"
    assert config["nav"] == [{"Home": "index.md"}, {"Quotes": "quotes.md"}]


@pytest.fixture(scope="module")
def election(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("election"))
    content = root / "content"
    for name in ("raw", "articles", "tags"):
        shutil.rmtree(content / name, ignore_errors=True)
    shutil.copytree(ELECTION, content / "raw", ignore=shutil.ignore_patterns("*.md"))
    for name in ("index.md", "quotes.md", "tags.md", "explainer.md", "feed.xml"):
        (content / name).unlink(missing_ok=True)
    (content / "data" / "site.yml").unlink()
    for name in ("entities", "events", "treaties"):
        (content / "data" / f"{name}.yml").write_text(f"{name}: []\n", encoding="utf-8")
    assert cli.main(["build", "--root", str(root), "--quiet"]) == 0
    return root


def test_another_topic_builds_a_site_of_its_own(election):
    content, site = election / "content", election / "site"
    metas = [articles.read(p).meta for p in sorted((content / "articles").glob("*.md"))]
    assert all(a["tags"] for a in metas)
    assert {a["event"] for a in metas} >= {"2024-05 London coverage"}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Keir Starmer and Rishi Sunak: a news dossier" in home
    assert "Putin" not in home and "Treaty history" not in home
    assert (content / "tags" / "keir-starmer.md").is_file()
    # Quoted speakers nobody curated are listed as people, not as "other tags".
    people = (content / "tags.md").read_text(encoding="utf-8").split("## People", 1)[1].split("##", 1)[0]
    assert "Keir Starmer" in people and "Rishi Sunak" in people


def test_check_is_quiet_about_generated_tags_but_not_added_ones(election):
    root = election
    data = root / "content" / "data" / "entities.yml"
    data.write_text(yaml.safe_dump({"entities": [{"name": "Labour", "kind": "organisation"}]}), encoding="utf-8")
    try:
        assert check.check_paths([root / "content"], root) == []
        article = next((root / "content" / "articles").glob("rishi-sunak-calls*.md"))
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("tags:\n", "tags:\n- Made Up Name\n", 1), encoding="utf-8")
        problems = check.check_paths([root / "content"], root)
        assert [p.message for p in problems] == ["unknown tag 'Made Up Name'"]
        article.write_text(text, encoding="utf-8")
    finally:
        data.write_text("entities: []\n", encoding="utf-8")
