"""The MkDocs hook: an article page lists a bounded number of its event's nearest articles."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from generator import event_pages, mkdocs_hooks


def _files(docs: Path, count: int) -> Files:
    (docs / "articles").mkdir(parents=True)
    (docs / "events").mkdir()
    (docs / "events" / "flood.md").write_text("# Flood\n")
    listed = [File("events/flood.md", str(docs), str(docs / "site"), use_directory_urls=False)]
    for day in range(1, count + 1):
        name = f"articles/day-{day:02d}.md"
        front = f"---\ntitle: Day {day}\ndate: 2024-03-{day:02d}\nevent: Flood\nsource: content/raw/{day}.txt\n---\n"
        (docs / name).write_text(front + "Text.\n")
        listed.append(File(name, str(docs), str(docs / "site"), use_directory_urls=False))
    return Files(listed)


def test_an_article_lists_its_nearest_coverage_and_links_its_event_page(tmp_path: Path):
    files = mkdocs_hooks.on_files(_files(tmp_path, 12), {})
    middle = mkdocs_hooks._COVERAGE["articles/day-06.md"]
    shown = [item["title"] for item in middle["other_coverage"]]
    assert shown == ["Day 4", "Day 5", "Day 7", "Day 8", "Day 9"]
    assert (middle["event_url"], middle["event_count"]) == ("events/flood.html", 12)
    first = mkdocs_hooks._COVERAGE["articles/day-01.md"]
    assert [item["title"] for item in first["other_coverage"]] == ["Day 2", "Day 3", "Day 4", "Day 5", "Day 6"]
    assert len(files.documentation_pages()) == 13
    assert event_pages.event_files(["Flood"]) == {"Flood": "flood.md"}
