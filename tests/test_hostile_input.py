"""Bad input gets a clear one-line message or a correct page: never a crash, never a script
that runs in the reader's browser, never an overwritten file.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import articles, cli
from tests.test_site_e2e import copy_project

STORY = (
    "The regional council approved the new flood barrier on Tuesday after a long debate. "
    "Engineers said the barrier would protect about four thousand homes along the river. "
    "Work is expected to start in the spring and to last two years, officials said.\n\n"
    "Residents welcomed the decision but asked for more information about road closures.\n"
)
HOSTILE = {
    "html-js.txt": "<script>alert('headline')</script> Council <b>approves</b> barrier\n\n"
    "<img src=x onerror=alert(1)> " + STORY + '\n<script>document.title="owned"</script> It ends here.\n',
    "tag-in-prose.txt": "Hackers hit the council website\n\n"
    + STORY.replace(
        "after a long debate.", "after a long debate. The attackers typed <script>alert(2)</script> into a form."
    ),
    "yaml-first.txt": "---\ntitle: Injected title\ndate: 1999-01-01\n---\n\n" + STORY,
    "jinja.txt": "Council {{ config.site_name }} {% raw %} barrier vote\n\n" + STORY.replace("Tuesday", "{{ 7*7 }}"),
    "markdown.txt": "# Council [approves](javascript:alert(1)) barrier\n\n* star line\n\n" + STORY,
    "clash-a.txt": "Council approves flood barrier\n\n" + STORY,
    "clash-b.txt": "Council approves flood barrier\n\n" + STORY.replace("four", "five"),
    "empty.txt": "",
    "binary.txt": bytes(range(256)) * 64,
    "utf16.txt": ("Council approves barrier in UTF-16\n\n" + STORY).encode("utf-16"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    raw = root / "content" / "raw"
    shutil.rmtree(root / "content" / "articles")
    for name, text in HOSTILE.items():
        (raw / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    import contextlib
    import io

    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        code = cli.main(["build", "--root", str(root), "--quiet"])
    return root, code, errors.getvalue()


def test_unreadable_sources_get_one_line_each_naming_the_file(built):
    _, code, errors = built
    assert code == 1  # skipped sources are problems in the sources: exit 1, as for normalize
    lines = errors.strip().splitlines()
    assert any(line.startswith("content/raw/empty.txt: decode:") for line in lines), lines
    assert any(line.startswith("content/raw/binary.txt: decode:") for line in lines), lines
    assert len(lines) == 2, lines


class ActiveContent(HTMLParser):
    """Collects what a browser would run: script bodies, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and ("alert" in data or "owned" in data):
            self.found.append(data[:80])


def test_no_script_from_a_source_reaches_a_page(built):
    root, _, _ = built
    pages = list((root / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser = ActiveContent()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page


def test_hostile_sources_render_their_text_literally(built):
    root, _, _ = built
    by_source = {articles.read(p).meta["source"]: p for p in (root / "content" / "articles").glob("*.md")}
    # A page of HTML is read as its visible text: tags and scripts are gone, words stay.
    html_source = articles.read(by_source["content/raw/html-js.txt"])
    assert html_source.meta["title"] == "Council approves barrier"
    assert "owned" not in html_source.body and "Residents welcomed the decision" in html_source.body
    # A tag quoted inside prose is text, and shows as text.
    prose = root / "site" / "articles" / (by_source["content/raw/tag-in-prose.txt"].stem + ".html")
    assert "typed &lt;script&gt;alert(2)&lt;/script&gt; into a form" in prose.read_text(encoding="utf-8")
    jinja = articles.read(by_source["content/raw/jinja.txt"]).meta
    jinja_html = (root / "site" / "articles" / (by_source["content/raw/jinja.txt"].stem + ".html")).read_text()
    assert "{{ 7*7 }}" in jinja_html and "49" not in jinja_html
    assert "{{ config.site_name }}" in jinja["title"]
    yaml_first = articles.read(by_source["content/raw/yaml-first.txt"])
    # A source that arrives with its own front matter: its keys are read as metadata, not as text.
    assert yaml_first.meta["title"] == "Injected title"
    assert "title:" not in yaml_first.body


def test_clashing_titles_get_distinct_files_and_utf16_is_read(built):
    root, _, _ = built
    metas = [articles.read(p).meta for p in (root / "content" / "articles").glob("*.md")]
    sources = sorted(m["source"] for m in metas)
    assert "content/raw/clash-a.txt" in sources and "content/raw/clash-b.txt" in sources
    assert len({m["source"] for m in metas}) == len(metas) == len(HOSTILE) - 2 + 5
    utf16 = next(m for m in metas if m["source"].endswith("utf16.txt"))
    assert utf16["title"] == "Council approves barrier in UTF-16"


def test_a_huge_text_is_summarised_from_its_opening(settings, monkeypatch):
    """A pasted book must not make the similarity graph quadratic in its whole length."""
    from generator import summary
    from generator.document import Document, Sentence

    sentences = tuple(
        Sentence(f"The council discussed item number {i} of the long agenda on Tuesday evening.", i, 0)
        for i in range(summary.MAX_SENTENCES * 5)
    )
    graph_sizes = []
    select = summary.select
    monkeypatch.setattr(summary, "select", lambda given, **kw: graph_sizes.append(len(given)) or select(given, **kw))
    doc = summary.run(Document(source="huge.txt", source_sha256="0", sentences=sentences), settings)
    assert graph_sizes == [summary.MAX_SENTENCES]
    assert 2 <= len(doc.summary) <= 4
    assert set(doc.summary) <= {s.text for s in sentences[: summary.MAX_SENTENCES]}
