"""The lexicon: packaged word lists, a corpus's additions, and the errors of a bad file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, run_stages

from generator import cli, metadata, transcript
from generator.config import Settings, load_data, load_settings
from generator.document import Paragraph
from generator.errors import DataFileError
from generator.lexicon import FILE, KEYS, PACKAGE_DEFAULTS, load_lexicon, read_lexicon

SPEECH = "so innit we went down to the river and innit the water was high"


def _data_dir(tmp_path: Path, text: str) -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / FILE).write_text(text, encoding="utf-8")
    return data


def _settings_with(settings: Settings, data: Path) -> Settings:
    lexicon = load_lexicon(data)
    return Settings(settings.root, replace(settings.data, lexicon=lexicon), settings.reference_date)


def test_the_packaged_file_validates_and_fills_every_key():
    found, problems = read_lexicon(PACKAGE_DEFAULTS / FILE)
    assert problems == []
    assert set(found) == set(KEYS)
    assert all(found[key] for key in KEYS)


def test_a_missing_corpus_file_adds_nothing(tmp_path: Path):
    assert load_lexicon(tmp_path).lists == load_lexicon(None).lists


def test_a_filler_added_in_content_data_is_dropped_from_a_transcript(tmp_path: Path):
    lexicon = load_lexicon(_data_dir(tmp_path, "fillers:\n  - innit\n"))
    assert "innit" in transcript.drop_fillers(SPEECH)
    assert "innit" not in transcript.drop_fillers(SPEECH, lexicon)
    (restored,) = transcript.restore((Paragraph(SPEECH),), lexicon)
    assert "innit" not in restored.text.lower()


def test_a_byline_prefix_added_in_content_data_is_read(tmp_path: Path, settings: Settings):
    corpus = _settings_with(settings, _data_dir(tmp_path, "byline_prefixes: [reported by]\n"))
    assert metadata.byline_names("Reported by Jane Doe", set()) != ["Jane Doe"]
    assert metadata.byline_names("Reported by Jane Doe", set(), corpus.data.lexicon) == ["Jane Doe"]
    raw = (
        "Council votes for bridge\n\nReported by Jane Doe\n\nThe council voted on Tuesday to build a new bridge "
        "over the river, officials said. It will open in 2026 and cost far less than the old plan.\n"
    )
    assert run_stages(raw, settings, until="metadata").authors == ()
    assert run_stages(raw, corpus, until="metadata").authors == ("Jane Doe",)


def test_corpus_words_come_after_the_packaged_ones(tmp_path: Path):
    lexicon = load_lexicon(_data_dir(tmp_path, "byline_prefixes: [reported by, by]\n"))
    assert lexicon.lists["byline_prefixes"][-1] == "reported by"
    assert lexicon.lists["byline_prefixes"].count("by") == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# additions\nfilers: [innit]\n", 2, "filers: unknown key (known: function_words, fillers,"),
        ("fillers: innit\n", 1, "fillers: expected a list of words, like [a, b]"),
        ("fillers:\n  - innit\n  - 5\n", 3, "fillers entry 2: '5' is not a word"),
        ("fillers:\n  - [innit]\n", 2, "fillers entry 1: a list or mapping is not a word"),
        ("fillers: ['(innit']\n", 1, "fillers entry 1: bad pattern '(innit'"),
        ("months: [sept]\n", 1, "months: expected a mapping of word: number"),
        ("months:\n  sept: 13\n", 2, "months entry 1: '13' is not a month number from 1 to 12"),
        ("discourse_markers:\n  innit: lots\n", 2, "discourse_markers entry 1: 'lots' is not a number"),
        ("fillers: [innit]\nfillers: [like]\n", 2, "fillers: appears twice"),
        ("- innit\n", 1, "expected a mapping of word lists"),
    ],
)
def test_a_bad_lexicon_names_file_line_and_key(tmp_path: Path, text: str, line: int, message: str):
    data = _data_dir(tmp_path, text)
    with pytest.raises(DataFileError) as raised:
        load_settings(tmp_path, data)
    assert str(raised.value).startswith(f"data/{FILE}:{line}: {message}")  # named from the project root
    assert str(raised.value).endswith("; fix the file") and "\n" not in str(raised.value)


def test_check_reports_a_bad_lexicon_with_its_line(tmp_path: Path, capsys):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / FILE).write_text("fillers: [innit]\nbyline_prefix: [reported by]\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load_data(content / "data")
    code = cli.main(["check", "--root", str(ROOT), "-q", str(content)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert any(f"{content / 'data' / FILE}:2: error: data: byline_prefix: unknown key" in entry for entry in lines)


def test_every_problem_of_the_file_is_reported_at_once(tmp_path: Path):
    data = _data_dir(tmp_path, "fillers: [innit, 5]\nbyline_prefix: [reported by]\nmonths: {sept: 13}\n")
    with pytest.raises(DataFileError) as raised:
        load_settings(tmp_path, data)
    assert [(p.line, p.key) for p in raised.value.problems] == [
        (1, "fillers entry 2"),
        (2, "byline_prefix"),
        (3, "months entry 1"),
    ]
