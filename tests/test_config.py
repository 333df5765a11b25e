"""The data files: one schema per file, every problem with its file, line and key, all at once."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from generator import cli
from generator.config import load_data
from generator.document import Role
from generator.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent


def _problems(data: Path, root: Path | None = None) -> list[str]:
    with pytest.raises(DataFileError) as raised:
        load_data(data, root)
    assert str(raised.value) == "\n".join(str(p) for p in raised.value.problems)
    return [str(problem) for problem in raised.value.problems]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_the_shipped_data_files_validate_and_load_as_typed_records():
    data = load_data(ROOT / "content" / "data", ROOT)
    assert all(isinstance(p, re.Pattern) for publisher in data.publishers for p in publisher.match)
    assert {publisher.name for publisher in data.publishers} >= {"Reuters", "LBC", "The Sun"}
    assert [event.name for event in data.events] == ["2023-09 Vostochny summit", "2024-06 Pyongyang summit"]
    assert data.treaties[0].match.exclude[0].search("in china")  # compiled case-insensitive
    assert data.site.title == "Putin and Kim: a news dossier"
    stamps = [rule for rule in data.boilerplate if rule.reason == "timestamp line"]
    assert stamps and all(rule.role is Role.TIMESTAMP for rule in stamps)
    assert data.boilerplate[0].role is Role.FURNITURE  # an entry without a role
    with pytest.raises(dataclasses.FrozenInstanceError):  # frozen records
        data.events[0].name = "x"  # type: ignore[misc]


def test_boilerplate_entries_are_numbered_within_their_own_file(data: Path):
    (data / "boilerplate.yml").write_text(
        "boilerplate:\n  - {pattern: 'fine', reason: ok}\n  - {pattern: '(unclosed', reason: broken}\n"
    )
    assert _problems(data) == [
        f"{data}/boilerplate.yml:3: boilerplate[1].pattern: bad regular expression '(unclosed' "
        "(missing ), unterminated subpattern at position 0), expected a regular expression; fix the file"
    ]


def test_boilerplate_roles_are_validated_and_carried_into_the_rule(data: Path):
    (data / "boilerplate.yml").write_text(
        "boilerplate:\n  - {pattern: 'updated .*', reason: stamp, role: timestamp}\n  - {pattern: x, role: stamp}\n"
        "  - {patern: y}\n"
    )
    problems = _problems(data)
    assert problems[0].startswith(f"{data}/boilerplate.yml:3: boilerplate[1].role: wrong value: str 'stamp', ")
    assert "expected one of furniture, headline," in problems[0]
    assert problems[1:] == [
        f"{data}/boilerplate.yml:4: boilerplate[2].patern: unknown key, expected one of pattern, reason, role; "
        "fix the file",
        f"{data}/boilerplate.yml:4: boilerplate[2].pattern: missing, expected a regular expression matched "
        "against a whole line; fix the file",
    ]
    (data / "boilerplate.yml").write_text("boilerplate:\n  - {pattern: 'updated .*', role: timestamp}\n")
    rule = load_data(data).boilerplate[-1]
    assert (rule.role, rule.reason, rule.pattern.flags & re.IGNORECASE) == (Role.TIMESTAMP, "boilerplate pattern", 2)


def test_a_file_inside_the_project_root_is_named_relative_to_it(data: Path):
    (data / "events.yml").write_text("events:\n  - {name: A, start: 2024-01-01, end: 2024-01-02, plac: X}\n")
    expected = "events.yml:2: events[0].plac: unknown key, expected one of name, start, end, place, sources; fix the "
    expected += "file"
    assert _problems(data, data.parent) == [f"data/{expected}"]
    assert _problems(data, ROOT) == [f"{data}/{expected}"]  # outside the root: as given


def test_publisher_patterns_are_compiled_at_load_and_a_bad_one_is_a_data_problem(data: Path):
    (data / "publishers.yml").write_text(
        "publishers:\n  - name: Courier\n    match: ['^the courier$', '(courier']\n    mentions: told the courier\n"
    )
    assert _problems(data) == [
        f"{data}/publishers.yml:3: publishers[0].match[1]: bad regular expression '(courier' "
        "(missing ), unterminated subpattern at position 0), expected a regular expression; fix the file",
        f"{data}/publishers.yml:4: publishers[0].mentions: wrong value: str 'told the courier', "
        "expected a list of regular expressions; fix the file",
    ]


def test_a_misspelt_entity_key_is_an_error_not_a_silent_no_op(data: Path):
    (data / "entities.yml").write_text(
        "entities:\n  - {name: Keir Starmer, kind: person, alias: [Starmer]}\n  - {name: Labour, kind: party}\n"
    )
    assert _problems(data) == [
        f"{data}/entities.yml:2: entities[0].alias: unknown key, expected one of name, kind, role, aliases, "
        "weak_aliases; fix the file",
        f"{data}/entities.yml:3: entities[1].kind: wrong value: str 'party', "
        "expected person or organisation or place or country or topic; fix the file",
    ]


def test_event_dates_are_dates_and_in_order(data: Path):
    (data / "events.yml").write_text(
        "events:\n"
        "  - {name: Summit, start: 2024-06-20, end: 2024-06-01}\n"
        "  - {name: Later, start: 2024-13-01, end: 2024-12-01, sources: content/raw/a.txt}\n"
        "  - {name: no, start: 2024-01-01, end: 2024-01-02}\n"
    )
    assert _problems(data) == [
        f"{data}/events.yml:2: events[0].end: before start, expected an end on or after the start; fix the file",
        f"{data}/events.yml:3: events[1].sources: wrong value: str 'content/raw/a.txt', "
        "expected a list of raw files (content/raw/...); fix the file",
        f"{data}/events.yml:3: events[1].start: wrong value: str '2024-13-01', "
        "expected a date written YYYY-MM-DD; fix the file",
        f"{data}/events.yml:4: events[2].name: wrong value: bool False, expected the event's name; fix the file",
    ]


def test_treaties_are_validated_when_loaded_not_when_the_page_is_built(data: Path):
    (data / "treaties.yml").write_text(
        "treaties:\n"
        "  - id: t\n"
        "    name: T\n"
        "    signed: 1961-13-06\n"
        "    milestones:\n"
        "      - {date: 'July 1961', text: Signed, ref: 'ftp://x'}\n"
        "    match:\n"
        "      keywords: ['(treaty']\n"
        "      period: {from: 2024-06-01, until: 2024-07-01}\n"
    )
    assert _problems(data) == [
        f"{data}/treaties.yml:4: treaties[0].signed: wrong value: str '1961-13-06', "
        "expected a date written YYYY-MM-DD; fix the file",
        f"{data}/treaties.yml:6: treaties[0].milestones[0].date: milestone date 'July 1961' is not YYYY[-MM[-DD]], "
        "expected YYYY, YYYY-MM or YYYY-MM-DD; fix the file",
        f"{data}/treaties.yml:6: treaties[0].milestones[0].ref: reference 'ftp://x' is not an http(s) address, "
        "expected an http(s) address; fix the file",
        f"{data}/treaties.yml:8: treaties[0].match.keywords[0]: bad regular expression '(treaty' "
        "(missing ), unterminated subpattern at position 0), expected a regular expression; fix the file",
        f"{data}/treaties.yml:9: treaties[0].match.period.until: unknown key, expected one of from, to; fix the file",
    ]


def test_site_yml_names_the_key_and_line(data: Path):
    (data / "site.yml").write_text("title: Dossier\n# the intro\nintro: [a, b]\ntitel: x\n")
    assert _problems(data) == [
        f"{data}/site.yml:3: intro: wrong value: list ['a', 'b'], expected a line of text or null; fix the file",
        f"{data}/site.yml:4: titel: unknown key, expected one of title, intro, description, explainer_title, "
        "explainer_intro, explainer_description; fix the file",
    ]


def test_every_problem_of_every_data_file_is_reported_at_once(data: Path):
    (data / "vocabulary.yml").write_text("title_words: [lifeguard, no]\nepithet: [despot]\n")
    (data / "entities.yml").write_text("entities: {name: Putin}\n")
    assert _problems(data) == [
        f"{data}/entities.yml:1: entities: wrong value: dict {{'name': 'Putin'}}, expected a list of entities; "
        "fix the file",
        f"{data}/vocabulary.yml:1: title_words entry 2: 'no' is not a word; write words as text "
        "(quote 'no', 'on', 'yes', 'null' and numbers); fix the file",
        f"{data}/vocabulary.yml:2: unknown key 'epithet' (known: anonymous_heads, org_words, place_words, "
        "title_words, post_nominals, epithets, cue_verbs, demonyms, nationality_nouns); fix the file",
    ]


def test_a_file_that_is_not_a_mapping_or_not_yaml(data: Path):
    (data / "publishers.yml").write_text("- {name: Courier, match: [courier]}\n")
    (data / "events.yml").write_text("events: [\n")
    problems = _problems(data)
    assert problems[0].startswith(f"{data}/events.yml:2: not valid YAML (")
    assert problems[1] == (
        f"{data}/publishers.yml:1: wrong value: list [{{'name': 'Courier', 'match': ['courier']}}], "
        "expected a mapping with publishers; fix the file"
    )


# -- the commands ---------------------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    """A project whose events.yml has a misspelt key and a bad date."""
    shutil.copytree(ROOT / "content" / "data", tmp_path / "content" / "data")
    shutil.copytree(ROOT / "content" / "raw", tmp_path / "content" / "raw")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content" / "data" / "events.yml").write_text(
        "events:\n  - name: Summit\n    start: 2024-06-31\n    end: 2024-07-01\n    plac: Pyongyang\n"
    )
    return tmp_path


EXPECTED = [
    "content/data/events.yml:3: events[0].start: wrong value: str '2024-06-31', "
    "expected a date written YYYY-MM-DD; fix the file",
    "content/data/events.yml:5: events[0].plac: unknown key, expected one of name, start, end, place, sources; "
    "fix the file",
]


def test_check_prints_each_data_problem_with_file_line_and_key(tmp_path: Path, capsys):
    root = _project(tmp_path)
    assert cli.main(["check", "--root", str(root), "-q", str(root / "content" / "data")]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "content/data/events.yml:3: error: events[0].start: wrong value: str '2024-06-31'; "
        "expected a date written YYYY-MM-DD",
        "content/data/events.yml:5: error: events[0].plac: unknown key; "
        "expected one of name, start, end, place, sources",
    ]
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("command", ["build", "normalize"])
def test_build_and_normalize_refuse_an_invalid_data_file_and_write_nothing(tmp_path: Path, capsys, command):
    root = _project(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    content = root / "content"
    arguments = ["--raw", str(content / "raw"), "--out", str(content / "articles")] if command == "normalize" else []
    assert cli.main([command, "--root", str(root), "--quiet", *arguments]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == EXPECTED and "Traceback" not in captured.err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
