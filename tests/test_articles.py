"""The one reader and writer of articles: front matter, the line of every key, the typed record,
and a file that cannot be read said with its line (never read as empty)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from generator import articles

ARTICLE = dedent(
    """\
    ---
    title: Tamar bridge approved
    date: 2024-06-20
    publisher: The Coastal Courier
    authors: [Jane Smith]
    summary:
    - The council approved the bridge.
    - Work starts in spring.
    quotes:
    - text: We will build it.
      speaker: Tudor Evans
      role: council leader
      callout: true
    - text: Nobody listened.
      speaker: null
      role: null
    tags: [Plymouth, Tamar]
    event: 2024-06 bridge vote
    source: content/raw/001_bridge.txt
    ---

    The council approved the bridge.
    {: #p-1 }
    """
)


def test_an_article_is_its_front_matter_its_body_and_the_line_of_every_key():
    article = articles.parse(ARTICLE, "bridge.md")
    assert article.meta["publisher"] == "The Coastal Courier"
    assert article.body == "\nThe council approved the bridge.\n{: #p-1 }\n"
    assert article.body_line == 21  # the line after the closing ---
    assert article.lines[("title",)] == 2
    assert article.lines[("summary", 1)] == 8
    assert article.lines[("quotes", 1)] == article.lines[("quotes", 1, "text")] == 14
    assert article.lines[("source",)] == 19


def test_the_record_is_typed():
    article = articles.parse(ARTICLE, "bridge.md")
    assert (article.file, article.title, article.date) == ("bridge.md", "Tamar bridge approved", date(2024, 6, 20))
    assert (article.publisher, article.authors, article.kind) == ("The Coastal Courier", ("Jane Smith",), "article")
    assert article.quotes == (
        articles.Quoted("We will build it.", "Tudor Evans", "council leader", callout=True),
        articles.Quoted("Nobody listened."),
    )
    assert article.tags == ("Plymouth", "Tamar") and article.event == "2024-06 bridge vote"
    assert article.source == "content/raw/001_bridge.txt"
    assert (article.one_line, article.date_text) == ("The council approved the bridge.", "20 June 2024")


def test_a_record_shows_what_there_is_when_values_are_missing_or_of_the_wrong_type():
    article = articles.Article.of("a.md", {"date": "yesterday", "tags": "Plymouth", "quotes": ["x", {"text": 5}]})
    assert (article.title, article.date, article.date_text) == ("a.md", None, "undated")
    assert article.tags == () and article.quotes == (articles.Quoted("5"),)
    assert article.event is None and article.source is None and article.one_line == ""


def test_the_one_line_summary_skips_a_sentence_that_repeats_the_headline():
    lead = "Whatever comes of the summit, their deepening relationship is aimed at sending their rivals a warning."
    meta = {"title": "Their deepening relationship is aimed at sending their rivals a warning", "title_generated": True}
    assert articles.Article.of("a.md", meta | {"summary": [lead, "The men toasted."]}).one_line == "The men toasted."
    assert articles.Article.of("a.md", meta | {"summary": [lead]}).one_line == ""


def test_writing_and_reading_back_give_the_same_article():
    meta = {"title": "A: colon, 'quotes' and # hash", "date": date(2024, 6, 20), "summary": ["x" * 300]}
    text = articles.join(meta, "\nBody.\n")
    assert "date: 2024-06-20\n" in text and "x" * 300 + "\n" in text  # no timestamp, no folded lines
    again = articles.parse(text, "a.md")
    assert (again.meta, again.body) == (meta, "\nBody.\n")


def test_windows_line_ends_read_as_unix_ones(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert articles.read(path) == articles.parse(ARTICLE, "a.md")


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("no front matter at all\n", 1, "front matter: missing"),
        ("---\ntitle: A\ndateline: SEOUL: Korea\n---\nBody\n", 3, "front matter: not valid YAML"),
        ("---\ntitle: [A\n---\nBody\n", 2, "front matter: not valid YAML"),
        ("---\n- a list\n- not a mapping\n---\n", 2, "front matter: not a mapping"),
        ("---\ntitle: !!python/object:os.system x\n---\n", 2, "front matter: not valid YAML"),
    ],
)
def test_a_file_that_is_not_an_article_says_which_line_to_fix(text: str, line: int, what: str):
    with pytest.raises(articles.Unreadable) as caught:
        articles.parse(text, "a.md")
    assert caught.value.line == line
    assert f"{caught.value.part}: {caught.value.what}".startswith(what)
    assert caught.value.expected


def test_a_page_that_may_go_without_front_matter_is_all_body():
    page = articles.parse("# Heading\n\nText.\n", "index.md", front_matter_required=False)
    assert (page.meta, page.body) == ({}, "# Heading\n\nText.\n")


def test_a_file_that_is_not_utf8_is_named_with_the_line_of_the_first_bad_byte(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: A\n---\nfine\ncaf\xe9\n")
    with pytest.raises(articles.Unreadable) as caught:
        articles.read(path)
    assert (caught.value.line, caught.value.what) == (5, "not UTF-8 text")


COMPLETE = ARTICLE.replace("tags:", "dateline: null\nlang: en\nkind: article\ntags:").replace(
    "---\n\n", f"source_sha256: {'a' * 64}\n---\n\n"
)


def test_reading_a_folder_returns_the_readable_and_a_problem_for_each_other(tmp_path: Path):
    (tmp_path / "good.md").write_text(COMPLETE, encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\ntitle: [A\n---\n", encoding="utf-8")
    (tmp_path / "typed.md").write_text(COMPLETE.replace("tags: [Plymouth, Tamar]", "tags: 5"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not an article", encoding="utf-8")
    found, problems = articles.read_all(tmp_path, "content/articles")
    assert [article.file for article in found] == ["good.md"]
    assert [str(problem) for problem in problems] == [
        "content/articles/bad.md:2: article: front matter: not valid YAML (did not find expected ',' or ']'); "
        "left as it is and out of the index pages and the site; fix it and rebuild",
        "content/articles/typed.md:20: article: tags: wrong value: int 5; expected a list of names; "
        "left as it is and out of the index pages and the site; fix it and rebuild",
    ]


@pytest.mark.parametrize(
    ("front", "line", "what"),
    [
        ("a: &x 1\nb: *x\n", 2, "YAML anchors and aliases (&name, *name) are not allowed"),
        ("title: A\nlist: [[[[1]]]]\n", 3, "nested more than 4 levels deep"),
        ("title: A\ndate: 2024-01-01\ntitle: B\n", 4, "duplicate key 'title' (first on line 2)"),
        ("title: A\n? [a]\n: b\n", 3, "a key that is not a plain name"),
        ("title: A\n1: b\n", 3, "a key that is not a plain name"),
        ("title: A\ntags: ['x\nevent: null\n", 3, "not valid YAML (found unexpected end of stream)"),
        ("title: A\nbell: \x07\n", 3, "not valid YAML (control characters are not allowed)"),
        ("notes: " + "x" * articles.MAX_FRONT_MATTER + "\n", 2, "65,544 characters, over the limit of 65,536"),
    ],
)
def test_yaml_is_read_with_limits_and_each_problem_at_its_own_line(front: str, line: int, what: str):
    with pytest.raises(articles.Unreadable) as caught:
        articles.parse(f"---\n{front}---\nBody\n", "a.md")
    assert (caught.value.line, caught.value.what) == (line, what)


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
        f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
        for before, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(articles.Unreadable, match="anchors and aliases"):
        articles.parse(f"---\n{bomb}---\n", "bomb.md")


def test_a_byte_order_mark_is_not_part_of_the_article(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + COMPLETE.encode())
    assert articles.read(path).meta == articles.parse(COMPLETE, "a.md").meta


def test_the_contract_checks_every_value_with_its_line():
    article = articles.parse(
        COMPLETE.replace("title: Tamar bridge approved", "title: ['<script>']")
        .replace("publisher: The Coastal Courier", "publisher: {k: v}")
        .replace("date: 2024-06-20", "date: 2024-13-45")
        .replace("source: content/raw/001_bridge.txt", "source: /etc/passwd\ntitel: x"),
        "a.md",
    )
    found = [(p.line, p.key, p.what, p.error) for p in articles.contract_problems(article.meta, article.lines)]
    assert found == [
        (2, "title", "wrong value: list ['<script>']", True),
        (3, "date", "wrong value: str '2024-13-45'", True),
        (4, "publisher", "wrong value: dict {'k': 'v'}", True),
        (22, "source", "wrong value: str '/etc/passwd'", True),
        (23, "titel", "unknown key", False),
    ]
    assert articles.errors_of(article) == [
        p for p in articles.contract_problems(article.meta, article.lines) if p.error
    ]


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("content/raw/001_bridge.txt", True),
        ("content/raw/Москва 1.txt", True),
        ("content/raw/../../etc/passwd", False),
        ("content/raw/.hidden", False),
        ("content/raw/sub/a.txt", False),
        ("/etc/passwd", False),
        ("javascript:alert(1)", False),
        ('content/raw/x" onmouseover="alert(3)" y="', False),
        ("content/raw/a.txt?x=1", False),
        ("content/raw/", False),
    ],
)
def test_a_source_is_a_file_of_content_raw(source: str, ok: bool):
    assert articles.is_raw_source(source) is ok
