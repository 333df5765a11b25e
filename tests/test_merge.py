"""Edit preservation: a contributor's edits survive regeneration, field by field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import articles, merge, pipeline
from generator.config import Settings

RAW = """Council Approves New Bridge Over the River Tamar

By Jane Smith, City Reporter

PLYMOUTH, March 3: The city council voted on Tuesday to build a new bridge across the river, ending a decade \
of debate about traffic in the city centre.

"This bridge will change how people move through Plymouth for fifty years," said council leader Tudor Evans. \
The project is expected to cost 40 million pounds and take three years to complete.

Opponents argued that the money should be spent on buses instead. "We have asked for better buses for years and \
nobody listened," said Mary Jones, a spokeswoman for the Plymouth Bus Users Group.

Construction will start next spring, and the old ferry service will keep running until Vladimir Putin opens it.
"""


@pytest.fixture
def project(tmp_path: Path, settings: Settings) -> tuple[Path, Path, Settings]:
    raw, out = tmp_path / "raw", tmp_path / "articles"
    raw.mkdir()
    (raw / "001_bridge.txt").write_text(RAW, encoding="utf-8")
    local = Settings(tmp_path, settings.data, settings.reference_date, settings.build_time)
    pipeline.normalize(raw, out, local)
    return raw, out, local


def _article(out: Path) -> Path:
    (path,) = out.glob("*.md")
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_body(path: Path, old: str, new: str) -> None:
    """Like ``_edit``, in the body only (the sentence may also be in the front matter's summary)."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    assert sep and old in body, old
    path.write_text(head + sep + body.replace(old, new, 1), encoding="utf-8")


def _add_tag(path: Path, tag: str) -> None:
    text = path.read_text(encoding="utf-8")
    if "\ntags: []\n" in text:
        _edit(path, "\ntags: []\n", f"\ntags:\n- {tag}\n")
    else:
        _edit(path, "\ntags:\n", f"\ntags:\n- {tag}\n")


def test_the_generator_keeps_a_record_beside_the_articles_that_mkdocs_does_not_publish(project):
    _, out, _ = project
    article = _article(out)
    record = json.loads(merge.record_path(article).read_text(encoding="utf-8"))
    assert record["source"] == "raw/001_bridge.txt"
    assert set(record["fields"]) >= {"title", "summary", "quotes", "tags"}
    assert len(record["body"]) == 4
    assert merge.record_path(article).parent.name.startswith(".")  # MkDocs skips dot folders
    assert "generated" not in articles.read(article).meta


def test_every_edit_survives_and_untouched_fields_follow_the_generator(project):
    raw, out, settings = project
    article = _article(out)
    _edit(article, "title: Council Approves New Bridge Over the River Tamar", "title: Tamar bridge approved")
    _edit(
        article,
        "- The project is expected to cost 40 million pounds and take three years to complete.",
        "- Opponents argued that the money should be spent on buses instead.",
    )
    _edit(
        article,
        "  speaker: Tudor Evans\n  role: council leader",
        "  speaker: Tudor Evans\n  role: Leader of the council",
    )
    _add_tag(article, "Plymouth")
    _edit_body(article, "Construction will start next spring", "Building work will start next spring")
    # The generator changes too (a newer publisher list, say): an untouched field must follow it.
    record_file = merge.record_path(article)
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["fields"]["publisher"] = merge.fingerprint("Old Publisher")
    record_file.write_text(json.dumps(record), encoding="utf-8")
    _edit(article, "publisher: null", "publisher: Old Publisher")

    result = pipeline.normalize(raw, out, settings)

    assert not article.exists()  # renamed after its new title
    article = out / "tamar-bridge-approved.md"
    meta = articles.read(article).meta
    body = articles.read(article).body
    assert meta["title"] == "Tamar bridge approved"
    assert meta["summary"][1] == "Opponents argued that the money should be spent on buses instead."
    assert meta["quotes"][0]["role"] == "Leader of the council"
    assert "Plymouth" in meta["tags"]
    assert "Building work will start next spring" in body
    assert meta["publisher"] is None  # untouched: follows the generator
    assert meta["authors"] == ["Jane Smith"]
    assert "The city council voted on Tuesday" in body
    assert result.conflicts == []
    assert set(result.kept[f"articles/{article.name}"]) == {"title", "summary", "quotes", "tags", "body"}


def test_an_untouched_paragraph_follows_the_generator_while_an_edited_one_is_kept():
    base_body = "\nFirst.\n{: #p-1 }\n\nSecond.\n{: #p-2 }\n"
    meta = {"title": "T", "source": "raw/a.txt", "source_sha256": "a" * 64}
    base = json.loads(merge.record(meta, base_body))
    current = articles.join(meta, "\nFirst, edited.\n{: #p-1 }\n\nSecond.\n{: #p-2 }\n")
    new_body = "\nFirst.\n{: #p-1 }\n\nSecond, improved by the generator.\n{: #p-2 }\n"
    merged = merge.merge(meta, new_body, current, base, "a.md")
    body = articles.parse(merged.text, "a.md").body
    assert "First, edited." in body
    assert "Second, improved by the generator." in body
    assert merged.kept == ("body",)


def test_a_changed_source_under_an_edited_summary_keeps_the_persons_text_and_reports_a_conflict(project):
    raw, out, settings = project
    article = _article(out)
    mine = "- The council will build a bridge, says our reporter."
    _edit(article, "- The project is expected to cost 40 million pounds and take three years to complete.", mine)
    source = raw / "001_bridge.txt"
    source.write_text(
        RAW.replace("cost 40 million pounds and take three years", "cost 55 million pounds and take four years"),
        encoding="utf-8",
    )

    result = pipeline.normalize(raw, out, settings)

    meta = articles.read(article).meta
    assert meta["summary"][1] == mine[2:]
    assert "55 million pounds" in articles.read(article).body  # the untouched body follows the source
    (conflict,) = result.conflicts
    assert conflict.field == "summary"
    assert mine[2:] in conflict.yours
    assert any("55 million" in sentence for sentence in conflict.generated)
    line = str(conflict)
    assert line.startswith("articles/") and ": conflict: summary:" in line and "55 million" in line


def test_strict_normalize_exits_1_on_a_conflict(project, capsys):
    from generator import cli

    raw, out, settings = project
    article = _article(out)
    _edit(article, "- The project is expected to cost", "- Edited: the project is expected to cost")
    (raw / "001_bridge.txt").write_text(RAW.replace("40 million", "45 million"), encoding="utf-8")
    argv = ["normalize", "--raw", str(raw), "--out", str(out), "--root", str(settings.root), "-q", "--strict"]
    assert cli.main(argv) == 1
    assert ": conflict: summary:" in capsys.readouterr().err


def test_a_deleted_article_is_regenerated(project):
    raw, out, settings = project
    article = _article(out)
    before = article.read_bytes()
    article.unlink()
    pipeline.normalize(raw, out, settings)
    assert article.read_bytes() == before


def test_a_rebuild_without_changes_leaves_the_persons_file_byte_for_byte(project):
    raw, out, settings = project
    article = _article(out)
    _edit(article, "title: Council Approves", "# checked by the desk\ntitle:   Council Approves")
    edited = article.read_bytes()
    result = pipeline.normalize(raw, out, settings)
    assert article.read_bytes() == edited
    assert result.written == []


def test_editing_a_generated_title_drops_its_generated_flag():
    meta = {"title": "Lead sentence as title", "title_generated": True, "source": "raw/a.txt", "source_sha256": "0"}
    base = json.loads(merge.record(meta, "\nText.\n"))
    current = articles.join(meta | {"title": "A real headline"}, "\nText.\n")
    merged = merge.merge(meta, "\nText.\n", current, base, "a.md")
    result = articles.parse(merged.text, "a.md").meta
    assert result["title"] == "A real headline"
    assert "title_generated" not in result


def test_without_a_record_every_difference_counts_as_an_edit(project):
    raw, out, settings = project
    article = _article(out)
    shutil.rmtree(out / merge.GENERATED_DIR)
    _edit(article, "dateline: PLYMOUTH", "dateline: Plymouth")
    pipeline.normalize(raw, out, settings)
    assert articles.read(article).meta["dateline"] == "Plymouth"
    assert merge.record_path(article).is_file()


def test_overwrite_edits_regenerates_on_purpose(project):
    raw, out, settings = project
    article = _article(out)
    _edit(article, "dateline: PLYMOUTH", "dateline: Plymouth")
    pipeline.normalize(raw, out, settings, overwrite_edits=True)
    assert articles.read(article).meta["dateline"] == "PLYMOUTH"


def test_an_article_with_broken_front_matter_is_left_alone_and_reported(project):
    raw, out, settings = project
    article = _article(out)
    _edit(article, "dateline: PLYMOUTH", "dateline: PLYMOUTH: UK")
    broken = article.read_bytes()
    result = pipeline.normalize(raw, out, settings)
    assert article.read_bytes() == broken
    assert sorted(out.glob("*.md")) == [article]  # no second article for the same source
    assert any(article.name in error and "not valid YAML" in error for error in map(str, result.problems))


def _quotes_article(quotes: list[dict]) -> dict:
    return {"title": "T", "quotes": quotes, "source": "raw/a.txt", "source_sha256": "a" * 64}


def test_quotes_merge_one_by_one_so_a_corrected_speaker_does_not_freeze_the_others():
    first = {"text": "We will build it.", "speaker": None, "role": None}
    second = {"text": "Nobody listened.", "speaker": None, "role": None}
    third = {"text": "A quote the person deletes.", "speaker": None, "role": None}
    generated_before = _quotes_article([first, second, third])
    base = json.loads(merge.record(generated_before, "\nText.\n"))
    corrected = first | {"speaker": "Tudor Evans", "role": "council leader"}
    added = {"text": "A quote the person adds.", "speaker": "Ann Lee", "role": None}
    current = articles.join(_quotes_article([corrected, second, added]), "\nText.\n")
    improved = second | {"speaker": "Mary Jones"}
    fresh = {"text": "A quote the generator finds now.", "speaker": None, "role": None}
    generated_now = _quotes_article([first, improved, third, fresh])

    merged = merge.merge(generated_now, "\nText.\n", current, base, "a.md")

    quotes = articles.parse(merged.text, "a.md").meta
    assert quotes["quotes"] == [corrected, improved, fresh, added]
    assert merged.kept == ("quotes",)
    assert merged.conflicts == ()


def test_a_quote_edited_under_a_changed_source_is_a_conflict_naming_the_quote():
    quote = {"text": "We will build it.", "speaker": None, "role": None}
    base = json.loads(merge.record(_quotes_article([quote]), "\nText.\n"))
    current = articles.join(_quotes_article([quote | {"speaker": "Tudor Evans"}]), "\nText.\n")
    generated_now = _quotes_article([quote | {"speaker": "Mary Jones"}]) | {"source_sha256": "b" * 64}
    merged = merge.merge(generated_now, "\nText.\n", current, base, "a.md")
    (conflict,) = merged.conflicts
    assert (conflict.field, conflict.yours["speaker"], conflict.generated["speaker"]) == (
        "quotes[0]",
        "Tudor Evans",
        "Mary Jones",
    )
    assert articles.parse(merged.text, "a.md").meta["quotes"][0]["speaker"] == "Tudor Evans"


def test_a_record_left_by_another_source_is_not_used(project):
    raw, out, settings = project
    article = _article(out)
    record_file = merge.record_path(article)
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record_file.write_text(json.dumps(record | {"source": "raw/some_other.txt"}), encoding="utf-8")
    _edit(article, "dateline: PLYMOUTH", "dateline: Plymouth")
    # With that record, "PLYMOUTH" would look untouched and be regenerated; without it the edit is kept.
    pipeline.normalize(raw, out, settings)
    assert articles.read(article).meta["dateline"] == "Plymouth"


def test_a_renamed_article_keeps_its_edits_and_still_follows_the_generator(project):
    raw, out, settings = project
    article = _article(out)
    renamed = out / "tamar-bridge.md"
    article.rename(renamed)
    _edit(renamed, "dateline: PLYMOUTH", "dateline: Plymouth")
    _edit(renamed, "- Jane Smith", "- Someone Else")
    record_file = merge.record_path(article)
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["fields"]["authors"] = merge.fingerprint(["Someone Else"])  # as if the generator had made that
    record_file.write_text(json.dumps(record), encoding="utf-8")

    pipeline.normalize(raw, out, settings)

    assert sorted(out.glob("*.md")) == [renamed]
    meta = articles.read(renamed).meta
    assert meta["dateline"] == "Plymouth"  # edited: kept
    assert meta["authors"] == ["Jane Smith"]  # untouched since the last generation: follows the generator
    assert merge.record_path(renamed).is_file()


def test_a_rewritten_paragraph_carries_its_summary_sentence_and_quote_along(project):
    raw, out, settings = project
    article = _article(out)
    before = articles.read(article).meta
    assert "The project is expected to cost 40 million pounds and take three years to complete." in before["summary"]
    _edit_body(article, "cost 40 million pounds and take three years", "cost 45 million pounds and take four years")
    _edit_body(article, "for fifty years,", "for five decades,")

    pipeline.normalize(raw, out, settings)

    after = articles.read(article)
    assert "The project is expected to cost 45 million pounds and take four years to complete." in after.meta["summary"]
    assert len(after.meta["summary"]) == len(before["summary"])
    (quote,) = [q for q in after.meta["quotes"] if q["speaker"] == "Tudor Evans"]
    assert quote["text"] == "This bridge will change how people move through Plymouth for five decades"
    body = " ".join(after.body.split())
    assert all(sentence in body for sentence in after.meta["summary"])
    # The carried summary is the generator's now: a later build keeps it and calls nothing an edit.
    again = pipeline.normalize(raw, out, settings)
    assert set(again.kept[f"articles/{article.name}"]) == {"body"}
    assert articles.read(article).meta == after.meta


def test_a_summary_the_person_edited_stays_theirs_when_they_rewrite_its_paragraph(project):
    raw, out, settings = project
    article = _article(out)
    mine = "- The council will build a bridge, says our reporter."
    _edit(article, "- The project is expected to cost 40 million pounds and take three years to complete.", mine)
    _edit_body(article, "cost 40 million pounds", "cost 45 million pounds")
    pipeline.normalize(raw, out, settings)
    assert "The council will build a bridge, says our reporter." in articles.read(article).meta["summary"]


def test_records_of_an_article_renamed_by_hand_follow_it_and_leave_no_orphan(project):
    raw, out, settings = project
    article = _article(out)
    _edit(article, "title: Council Approves New Bridge Over the River Tamar", "title: Tamar bridge approved")
    pipeline.normalize(raw, out, settings)
    named = out / "tamar-bridge-approved.md"
    by_hand = named.rename(out / "bridge.md")
    result = pipeline.normalize(raw, out, settings)
    assert sorted(p.name for p in out.glob("*.md")) == ["bridge.md"]  # a name chosen by hand is kept
    for folder in (merge.GENERATED_DIR, pipeline.REPORT_DIR):
        assert sorted(p.name for p in (out / folder).glob("*.json")) == ["bridge.json"]
    assert {p.name for p in result.removed} == {"tamar-bridge-approved.json"}
    assert articles.read(by_hand).meta["title"] == "Tamar bridge approved"
    # The first rename left a page at the first name: it leads to where the article is now.
    assert 'content="0; url=bridge.html"' in (out / f"{article.stem}.html").read_text(encoding="utf-8")
