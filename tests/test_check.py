"""``python -m generator check``: one clear line per problem, with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import check, cli
from generator.config import load_data
from generator.errors import DataFileError
from tests.conftest import ROOT

GOOD = ROOT / "content" / "articles"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the shipped content to break (raw sources stay where they are: the root is the repo)."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy, ignore=shutil.ignore_patterns("raw"))
    return copy


def _article(content: Path) -> Path:
    return sorted((content / "articles").glob("*.md"))[0]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def _run(capsys, *paths: Path) -> tuple[int, list[str]]:
    code = cli.main(["check", "--root", str(ROOT), "-q", *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


def test_the_shipped_content_passes(capsys):
    code, lines = _run(capsys)
    assert [line for line in lines if ": error: " in line] == []
    assert code == 0


def test_each_broken_file_gets_one_clear_line_with_file_and_line(content: Path, capsys):
    articles = content / "articles"
    original = _article(content)
    (articles / "bad-yaml.md").write_text("---\ntitle: Colons: break YAML\ndate: 2024-01-01\n---\n\nText.\n")
    typed = articles / "wrong-types.md"
    shutil.copy(original, typed)
    _replace(typed, "\nlang: ", "\nlang: [en]\nold_lang: ")
    _replace(typed, "\nkind: ", "\nkind: essay\nold_kind: ")
    untitled = articles / "untitled.md"
    shutil.copy(original, untitled)
    title_line = next(line for line in untitled.read_text().splitlines() if line.startswith("title:"))
    _replace(untitled, title_line + "\n", "")
    misquoted = articles / "misquoted.md"
    shutil.copy(original, misquoted)
    _replace(
        misquoted,
        "\nquotes:",
        "\nquotes:\n- text: Words nobody ever said in this article\n  speaker: null\n  role: null\nold_quotes:",
    )
    (content / "links.md").write_text(
        "# Links\n\nSee [gone](articles/no-such-article.md) and [x](quotes.md#nowhere).\n"
    )

    code, lines = _run(capsys, content)

    assert code == 1
    expected = {
        f"{articles}/bad-yaml.md:2: error: front matter: not valid YAML",
        f"{typed}:{_line_of(typed, 'lang:')}: error: lang: wrong value: list ['en']; expected an ISO 639-1 code",
        f"{typed}:{_line_of(typed, 'kind:')}: error: kind: wrong value: str 'essay'; expected article or transcript",
        f"{untitled}:1: error: title: missing; expected a non-empty headline",
        f"{misquoted}:{_line_of(misquoted, '- text: Words nobody')}: error: quotes[0].text: not found in the article",
        f"{content}/links.md:3: error: link: no such file: articles/no-such-article.md",
        f"{content}/links.md:3: error: link: no anchor #nowhere in quotes.md",
    }
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    # The copies share their source with the original article: reported too, on the source line.
    assert any(": error: source: duplicate: " in line for line in lines)
    assert all(": error: " in line or ": warning: " in line for line in lines)


def test_a_summary_sentence_that_is_not_in_the_body_is_an_error(content: Path, capsys):
    article = _article(content)
    _replace(article, "\nsummary:", "\nsummary:\n- An invented sentence.\nold_summary:")
    code, lines = _run(capsys, article)
    assert code == 1
    assert [line for line in lines if ": error: " in line] == [
        f"{article}:{_line_of(article, '- An invented sentence.')}: error: summary[0]: not found in the article's "
        "text: 'An invented sentence.'; expected a sentence copied from the body (edit both together)"
    ]


def test_an_anchor_that_the_article_has_is_a_good_link(content: Path, capsys):
    (content / "links.md").write_text(f"# Links\n\n[first paragraph](articles/{_article(content).name}#p-1)\n")
    assert _run(capsys, content / "links.md") == (0, [])


def test_unknown_tags_are_warnings_that_name_the_canonical_spelling(content: Path, capsys):
    article = _article(content)
    _replace(article, "tags:\n", "tags:\n- putin\n- Atlantis\n")
    code, lines = _run(capsys, article)
    assert code == 0
    putin_line = _line_of(article, "- putin")
    warning = (
        f"{article}:{putin_line}: warning: tags[0]: unknown tag 'putin'; expected the canonical name 'Vladimir Putin'"
    )
    assert warning in lines
    assert any("warning: tags[1]: unknown tag 'Atlantis'" in line for line in lines)


def test_a_broken_data_file_is_reported_with_its_line(content: Path, capsys):
    events = content / "data" / "events.yml"
    events.write_text("events:\n  - name: A\n    start: [2024\n")
    code, lines = _run(capsys, content)
    assert code == 1
    assert any(line.startswith(f"{events}:") and ": error: data: not valid YAML" in line for line in lines), lines


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title_words: lifeguard\n", 1, "title_words: expected a list of words"),
        ("# roles\ntitle_words: [lifeguard, no]\n", 2, "title_words entry 2: 'no' is not a word"),
        ("org_words: [cooperative]\ntitle_word: [lifeguard]\n", 2, "unknown key 'title_word'"),
        ("demonyms: [belarusian]\n", 1, "demonyms: expected a mapping of word: country"),
        ("epithets: [autocrat\n", 2, "not valid YAML"),
    ],
)
def test_a_bad_vocabulary_file_is_one_line_naming_the_file_and_line(content: Path, capsys, text, line, message):
    vocabulary = content / "data" / "vocabulary.yml"
    vocabulary.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_data(content / "data")
    assert str(raised.value).startswith(f"{vocabulary}:{line}: ")
    assert message in str(raised.value) and "\n" not in str(raised.value)
    code, lines = _run(capsys, content)
    assert code == 1
    assert [entry for entry in lines if ": error: " in entry] == [
        f"{vocabulary}:{line}: error: data: {str(raised.value).split(': ', 1)[1].removesuffix('; fix the file')}; "
        "expected a valid data file"
    ]


def test_a_data_file_of_the_wrong_shape_is_an_error(content: Path):
    (content / "data" / "entities.yml").write_text("entities: {name: Putin}\n")
    problems = check.check_paths([content], ROOT)
    assert [p.key for p in problems if p.severity == "error"] == ["data"]


def test_a_duplicate_paragraph_anchor_is_an_error(content: Path):
    article = _article(content)
    _replace(article, "{: #p-2 }", "{: #p-1 }")
    problems = check.check_paths([article], ROOT)
    assert [(p.key, p.message) for p in problems if p.severity == "error"] == [
        ("anchor", f"#p-1 is used twice (first on line {_line_of(article, '{: #p-1 }')})")
    ]


def test_a_missing_path_is_reported(tmp_path: Path, capsys):
    code, lines = _run(capsys, tmp_path / "nope")
    assert code == 1
    assert lines == [f"{tmp_path}/nope:1: error: path: does not exist; expected a file or folder"]


def test_bad_usage_exits_2(capsys):
    assert cli.main(["check", "--no-such-option"]) == 2


def test_data_entries_are_checked_against_their_schema_with_lines(content: Path):
    events = content / "data" / "events.yml"
    events.write_text(
        "events:\n"
        "  - name: Summit\n"
        "    start: 2024-06-20\n"
        "    end: 2024-06-01\n"
        "  - start: June 2024\n"
        "    end: 2024-06-30\n"
        "    match: ['(unclosed']\n"
    )
    entities = content / "data" / "entities.yml"
    entities.write_text("entities:\n  - {name: Vladimir Putin, aliases: [Putin]}\n  - {name: Putin, kind: wizard}\n")
    problems = [str(p) for p in check.check_paths([content / "data"], ROOT)]
    assert problems == [
        f"{entities}:3: error: entities[1].kind: wrong value: str 'wizard'; expected "
        "person or organisation or place or country or topic",
        f"{entities}:3: warning: entities[1]: 'Putin' also names entry 0; "
        "expected each name and alias in one entry only",
        f"{events}:4: error: events[0].end: before start; expected an end on or after the start",
        f"{events}:5: error: events[1].name: missing; expected the event's name",
        f"{events}:5: error: events[1].start: wrong value: str 'June 2024'; expected a date written YYYY-MM-DD",
        f"{events}:7: error: events[1].match: unknown key; expected one of name, start, end, place, sources",
    ]


def test_an_unknown_event_is_a_warning(content: Path, capsys):
    article = _article(content)
    text = article.read_text(encoding="utf-8")
    event_line = next(line for line in text.splitlines() if line.startswith("event:"))
    _replace(article, event_line, "event: The 1999 moon landing")
    code, lines = _run(capsys, article)
    assert code == 0
    assert (
        f"{article}:{_line_of(article, 'event:')}: warning: event: unknown event 'The 1999 moon landing'; "
        "expected a name from content/data/events.yml (or add it there), or null"
    ) in lines


def test_a_body_with_markup_or_script_links_is_named_line_by_line(content: Path, capsys):
    article = _article(content)
    text = article.read_text(encoding="utf-8")
    first = text.count("\n") + 1  # the first added line
    added = [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1)) and [y](https://example.org) and [z](#p-1)",
        "![pixel](http://198.51.100.7/p.png)",
        'Text.{: onmouseover="alert(1)" }',
        "`<b>` in code is fine",
    ]
    article.write_text(text + "\n".join(added) + "\n", encoding="utf-8")
    _, lines = _run(capsys, article)
    found = [line.removeprefix(str(article)) for line in lines if line.startswith(str(article))]
    assert found == [
        f":{first}: error: body: raw HTML '</script>' (the site strips it); expected Markdown only: **bold**, "
        "[text](https://...), a blank line between paragraphs",
        f":{first}: error: body: raw HTML '<script>' (the site strips it); expected Markdown only: **bold**, "
        "[text](https://...), a blank line between paragraphs",
        f":{first + 1}: error: link: a javascript: address 'javascript:alert(1' (the site drops it); expected an "
        "http(s) address, a relative path or an #anchor",
        f":{first + 2}: error: body: an image (the site shows none: no request leaves a reader's machine); "
        "expected text",
        f":{first + 3}: error: body: an attribute onmouseover= in an attribute list (the site strips it); expected "
        "{: #id } or {: .class } only",
    ]


def test_a_speaker_the_text_never_names_is_an_error_on_the_speakers_line(content: Path, capsys):
    article = content / "articles" / "putin-kim-sign-pact-vowing-mutual-defense-if-attacked.md"
    _replace(article, "- text: aggression\n  speaker: null", "- text: aggression\n  speaker: Sergei Lavrov")
    # Named otherwise: by another spelling of the full name, by surname, by an alias of entities.yml.
    _replace(article, "  speaker: Kim Jong Un\n", "  speaker: Kim Jong-un\n")
    _replace(article, "  speaker: Vladimir Putin\n", "  speaker: President Putin\n")
    code, lines = _run(capsys, content)
    line = next(n for n, text in enumerate(article.read_text().splitlines(), 1) if "Sergei Lavrov" in text)
    speaker_lines = [text for text in lines if ".speaker:" in text]
    assert speaker_lines == [
        f"{article}:{line}: error: quotes[5].speaker: 'Sergei Lavrov' is not named in the "
        "article's text; expected a person or body the text names, or null when it does not say who spoke"
    ]
    assert code == 1


def test_an_article_that_is_not_valid_yaml_is_one_error_not_one_per_link_into_it(content: Path, capsys):
    broken = content / "articles" / "putin-kim-sign-pact-vowing-mutual-defense-if-attacked.md"
    assert "articles/putin-kim-sign-pact" in (content / "quotes.md").read_text(encoding="utf-8")  # linked from there
    _replace(broken, "lang: en\n", "lang: [en\n")
    code, lines = _run(capsys, content)
    errors = [line for line in lines if ": error: " in line]
    assert code == 1
    assert errors == [f"{broken}:{_line_of(broken, 'lang: [en')}: error: " + errors[0].split(": error: ", 1)[1]]
    assert "not valid YAML" in errors[0]
