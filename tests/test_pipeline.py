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
