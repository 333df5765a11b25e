"""The prebuilt search index: what readers search, in the format lunr.js loads, shipped once."""

from __future__ import annotations

import json
from pathlib import Path

from lunr.index import Index
from lunr.query import Query

from generator import search_index

MATERIAL_INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+"},
    "docs": [
        {"location": "index.html", "title": "Home", "text": "<p>Every flood article</p>"},
        {"location": "quotes.html", "title": "Quotes", "text": "<p>“The flood came fast”</p>"},
        {"location": "tags/flood.html", "title": "Flood", "text": "<p>flood</p>"},
        {"location": "explainer.html", "title": "Treaty history", "text": "<p>A flood treaty of 1961</p>"},
        {"location": "articles/river.html", "title": "River <b>bursts</b>", "text": "<p>The flood &amp; the rain</p>"},
        {"location": "articles/river.html#aftermath", "title": "Aftermath", "text": "<p>Rebuilding bridges</p>"},
        {"location": "articles/vote.html", "title": "Council vote", "text": "<p>The budget passed</p></script>"},
    ],
}


def _payload(scripts: list[str]) -> dict:
    """The JSON the worker joins from the parts' scripts."""
    prefix = "self.__dossierIndex = {text: "
    pieces = []
    for number, script in enumerate(scripts, start=1):
        assert script.startswith(prefix)
        literal, last = script[len(prefix) :].rsplit(", last: ", 1)
        assert last.startswith("true" if number == len(scripts) else "false")
        pieces.append(json.loads(literal))
    return json.loads("".join(pieces))


def test_the_index_holds_the_articles_first_then_the_explainer_and_no_listing_pages():
    payload = _payload(search_index.build(MATERIAL_INDEX))
    assert [doc["location"] for doc in payload["docs"]] == [
        "articles/river.html",
        "articles/vote.html",
        "explainer.html",
    ]
    index = Index.load(payload["index"])
    found = [payload["docs"][int(hit["ref"])]["location"] for hit in index.search("flood")]
    assert sorted(found) == ["articles/river.html", "explainer.html"]
    assert [payload["docs"][int(hit["ref"])]["location"] for hit in index.search("bridges")] == ["articles/river.html"]


def test_shown_text_is_escaped_plain_text_and_cannot_close_the_script():
    scripts = search_index.build(MATERIAL_INDEX)
    assert not any("</script>" in script for script in scripts)
    river = _payload(scripts)["docs"][0]
    assert (river["title"], river["text"]) == ("River bursts", "The flood &amp; the rain Rebuilding bridges")


def test_the_site_ships_the_index_once(tmp_path: Path):
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "search_index.json").write_text(json.dumps(MATERIAL_INDEX), encoding="utf-8")
    search_index.write(tmp_path, "/* worker */")
    assert json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    assert "river" not in (folder / "search_index.js").read_text(encoding="utf-8")
    assert "articles/river.html" in (folder / search_index.INDEX_PART.format(1)).read_text(encoding="utf-8")
    assert "lunr" in (folder / search_index.WORKER_SCRIPT).read_text(encoding="utf-8")


def test_a_word_typed_in_part_or_in_full_finds_its_article():
    payload = _payload(search_index.build(MATERIAL_INDEX))
    index = Index.load(payload["index"])
    for typed in ("rebuil", "rebuilding"):
        hits = index.query(index.create_query().term(typed, wildcard=Query.WILDCARD_TRAILING, use_pipeline=False))
        assert [payload["docs"][int(hit["ref"])]["location"] for hit in hits] == ["articles/river.html"], typed


def test_a_large_index_comes_in_parts_the_page_reads_one_at_a_time(monkeypatch):
    monkeypatch.setattr(search_index, "PART_CHARS", 200)
    scripts = search_index.build(MATERIAL_INDEX)
    assert len(scripts) > 3 and all(len(script) < 400 for script in scripts)
    assert [doc["location"] for doc in _payload(scripts)["docs"]][0] == "articles/river.html"


def test_the_index_is_the_one_lunr_makes_from_the_texts_themselves():
    """The words are split before lunr sees them (for speed): the index must not change."""
    from lunr import lunr
    from lunr.builder import Builder
    from lunr.stop_word_filter import stop_word_filter
    from lunr.trimmer import trimmer

    texts = ["Flood-hit İstanbul\xa0streets, the “rain” & straße", "  Rebuilding\tbridges -- again ", ""]
    pages = [{"location": f"articles/{n}.html", "title": t, "text": t} for n, t in enumerate(texts)]
    payload = _payload(search_index.build({"docs": pages}))
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter)
    fields = [{"field_name": "title", "boost": search_index.TITLE_BOOST}, "text"]
    documents = [{"id": str(n), "title": t.strip(), "text": " ".join(t.split())} for n, t in enumerate(texts)]
    assert payload["index"] == lunr(builder=builder, ref="id", fields=fields, documents=documents).serialize()
