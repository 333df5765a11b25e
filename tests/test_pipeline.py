from pathlib import Path

from generator import articles, pipeline
from tests.conftest import SEEDS


def test_normalize_writes_one_article_per_source_with_the_contract(tmp_path: Path, settings):
    result = pipeline.normalize(SEEDS, tmp_path, settings)
    assert result.problems == []
    written = sorted(tmp_path.glob("*.md"))
    assert len(written) == len(pipeline.raw_files(SEEDS))
    for path in written:
        meta = articles.read(path).meta
        assert [key for key in articles.REQUIRED if key not in meta] == [], path.name
        assert meta["source"].startswith("content/raw/")
        assert meta["kind"] in ("article", "transcript")


def test_a_bad_source_is_reported_by_name_and_the_others_are_written(tmp_path: Path, settings):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (raw / "good.txt").write_text("A Headline Here\n\n" + "The council voted on Tuesday to build a new bridge. " * 5)
    result = pipeline.normalize(raw, tmp_path / "out", settings)
    assert len(result.documents) == 1
    assert any("empty.txt: decode: the file is empty" in str(e) for e in result.problems)
    assert any("binary.txt" in str(e) for e in result.problems)


def _quoting(file: str, speaker: str, text: str) -> articles.Article:
    meta = {"title": file, "quotes": [{"text": text, "speaker": speaker, "role": None}]}
    return articles.Article.of(file, meta, f"\n“{text},” said {speaker}.\n{{: #p-1 }}\n")


def _speaker_headings(folder: Path, entries: list[articles.Article], settings) -> list[str]:
    """The speakers' headings of the quotes page the build writes for ``entries``."""
    pipeline.write_index_pages(folder, entries, settings)
    return [line for line in (folder / "quotes.md").read_text(encoding="utf-8").splitlines() if line[:3] == "## "]


def test_a_speaker_corrected_to_an_alias_or_a_surname_stays_one_person_on_the_quotes_page(tmp_path: Path, settings):
    entries = [
        _quoting("a.md", "Vladimir Putin", "We signed a breakthrough document today"),
        _quoting("b.md", "Putin", "Our friendship is unbreakable and lasting"),
        _quoting("c.md", "Kim Jong Un", "The strongest treaty ever signed by us"),
        _quoting("d.md", "Kim Jong-un", "A new era of alliance begins now"),
    ]
    assert _speaker_headings(tmp_path, entries, settings) == [
        "## Kim Jong Un { #kim-jong-un }",
        "## Vladimir Putin { #vladimir-putin }",
    ]


def test_a_name_given_family_name_first_in_one_quote_is_the_same_person(tmp_path: Path, settings):
    entries = [
        _quoting("a.md", "Duyeon Kim", "Russia has his back in Northeast Asia"),
        _quoting("b.md", "Duyeon Kim", "Both would gain from a transactional bargain"),
        _quoting("c.md", "Kim Duyeon", "The display is meant as a warning to rivals"),
        _quoting("d.md", "Kim Jong Un", "A new era of alliance begins now"),
    ]
    assert _speaker_headings(tmp_path, entries, settings) == [
        "## Duyeon Kim { #duyeon-kim }",
        "## Kim Jong Un { #kim-jong-un }",
    ]
