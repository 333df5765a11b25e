"""The write stage: a document as an article that meets the contract, rendered text that shows
as the words, file names, and writes that are atomic and only when something changed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator import articles, check, write
from generator.document import Document, Paragraph, Quote

DOC = Document(
    source="content/raw/001_bridge.txt",
    source_sha256="a" * 64,
    title="Tamar bridge approved",
    lang="en",
    paragraphs=(Paragraph("Crossing", kind="heading"), Paragraph("We will build it, he said <script>.", anchor="p-1")),
    summary=("We will build it, he said <script>.",),
    quotes=(Quote("We will build it", "Tudor Evans", "council leader"), Quote("build", callout=True)),
)


def test_front_matter_follows_the_contract_in_its_order():
    meta = write.front_matter(DOC)
    assert list(meta) == [key for key in articles.CONTRACT if key in meta]
    assert set(articles.REQUIRED) <= set(meta)
    assert "title_generated" not in meta and "title_lang" not in meta  # optional keys only when set
    assert meta["quotes"] == [
        {"text": "We will build it", "speaker": "Tudor Evans", "role": "council leader"},
        {"text": "build", "speaker": None, "role": None, "callout": True},
    ]


def test_a_generated_title_and_a_title_in_another_language_are_marked():
    meta = write.front_matter(DOC.with_(title_generated=True, title_lang="fr"))
    assert (meta["title_generated"], meta["title_lang"]) == (True, "fr")
    assert list(meta)[:4] == ["title", "title_generated", "title_lang", "date"]


def test_a_written_seed_article_passes_the_contract_check(seed_docs, tmp_path: Path):
    for name, doc in seed_docs.items():
        path = tmp_path / "articles" / f"{Path(name).stem}.md"
        write.write_atomic(path, articles.join(write.front_matter(doc), write.render_body(doc)))
        page = check.read_page(path, name, problems := [])
        assert problems == [] and list(check.check_contract(page)) == [], name


def test_the_body_shows_the_text_as_words_with_paragraph_anchors():
    body = write.render_body(DOC)
    assert "## Crossing\n" in body
    assert "We will build it, he said &lt;script&gt;.\n{: #p-1 }\n" in body


def test_slugs_are_ascii_short_and_never_empty():
    assert write.slugify("Kim et Poutine à Pyongyang!", "x") == "kim-et-poutine-a-pyongyang"
    assert len(write.slugify("word " * 40, "x")) <= 72 and not write.slugify("word " * 40, "x").endswith("-")
    assert write.slugify("¿¡…!", "001_Source") == "001-source"
    assert write.slugify("", "") == "article"


def test_a_write_is_atomic_and_only_when_the_text_changed(tmp_path: Path):
    path = tmp_path / "deep" / "a.md"
    assert write.write_atomic(path, "one\n") is True
    assert write.write_atomic(path, "one\n") is False
    assert write.write_atomic(path, "two\n") is True
    assert path.read_text(encoding="utf-8") == "two\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md"]  # no temporary file left


def test_writes_are_not_fsynced_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The publish makes the staged tree durable once (publish.sync): an fsync per file is only cost.
    synced = []
    monkeypatch.setattr(os, "fsync", synced.append)
    assert write.write_atomic(tmp_path / "a.md", "text")
    assert synced == [] and (tmp_path / "a.md").read_text() == "text"


def test_slugs_of_any_script_are_readable_and_distinct():
    assert write.slugify("Москва", "tag") == "moskva"
    assert write.slugify("서울", "tag") == "seoul"
    assert write.slugify("Путин и Ким подписали договор", "x") == "putin-i-kim-podpisali-dogovor"
    assert write.slugify("東京で首脳会談", "x") == "dong-jing-teshou-noy-hui-tan"
    assert write.slugify("Москва", "tag") != write.slugify("서울", "tag")


def test_names_that_slug_alike_get_distinct_slugs_the_same_in_every_build():
    names = ["Moskva", "Москва", "MOSKVA", "Seoul"]
    slugs = write.unique_slugs(names, "tag")
    assert slugs == {"MOSKVA": "moskva", "Moskva": "moskva-2", "Seoul": "seoul", "Москва": "moskva-3"}
    assert write.unique_slugs(list(reversed(names)), "tag") == slugs
