"""Articles as a hostile contributor would write them in a pull request.

The attack matrix is generated here (no stored files): front matter of the wrong type or shape,
YAML bombs, tags and odd characters, sources outside content/raw/, bodies with raw HTML and
script links. For every attack: no traceback, ``check`` names the file and the line, ``build``
leaves a broken article out (exit 1) or renders it with nothing live; and in Chromium no page
of the built site opens a dialog or makes a request off the machine.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from generator import articles, cli, pipeline
from tests.conftest import ROOT
from tests.test_hostile_input import ActiveContent
from tests.test_site_e2e import CHROMIUM, CHROMIUM_ARGS, copy_project

SENTENCE = "The council approved the new flood barrier on Tuesday after a long debate."
QUOTE = "We will protect four thousand homes."
BODY = f"\n{SENTENCE} Work starts in spring.\n{{: #p-1 }}\n\nCouncil leader Tudor Evans said: “{QUOTE}”\n{{: #p-2 }}\n"
# The front matter of a valid article, key by key as YAML lines (each key on one line).
VALID = {
    "title": "title: Council approves flood barrier",
    "date": "date: 2024-06-20",
    "publisher": "publisher: The Coastal Courier",
    "authors": "authors: [Jane Smith]",
    "dateline": "dateline: PLYMOUTH",
    "lang": "lang: en",
    "kind": "kind: article",
    "summary": f"summary: ['{SENTENCE}']",
    "quotes": f"quotes: [{{text: '{QUOTE}', speaker: Tudor Evans, role: council leader, callout: true}}]",
    "tags": "tags: [Plymouth]",
    "event": "event: null",
    "source": "source: content/raw/hostile.txt",
    "source_sha256": "source_sha256: " + "a" * 64,
}
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n" for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB_PAGE = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB


@dataclass(frozen=True)
class Attack:
    """One hostile article: its front-matter lines (``VALID`` with ``change``), the line check
    must name and what it must say there, and whether the build leaves the article out."""

    name: str
    change: dict[str, str | None]  # key -> its YAML line(s) instead (None: drop the key)
    line: int | None  # file line check names (None: nothing is wrong)
    says: str  # words of check's message at that line
    left_out: bool = True
    body: str = BODY
    raw: bytes | None = None  # the whole file, for attacks below the YAML

    def text(self) -> str:
        own = VALID | {"source": f"source: content/raw/{self.name}.txt"}  # one raw file each: no duplicates
        lines = [self.change.get(key, line) for key, line in own.items()]
        lines += [line for key, line in self.change.items() if key not in VALID]
        return "---\n" + "\n".join(line for line in lines if line is not None) + "\n---\n" + self.body

    def file_bytes(self) -> bytes:
        return self.raw if self.raw is not None else self.text().encode("utf-8")


def line_of(key: str) -> int:
    return list(VALID).index(key) + 2


SCRIPT = "<script>alert(1)</script>"
FRONT_MATTER_ATTACKS = [
    Attack("title-list", {"title": f'title: ["{SCRIPT}"]'}, line_of("title"), "title: wrong value: list"),
    Attack("event-list", {"event": f'event: ["{SCRIPT}"]'}, line_of("event"), "event: wrong value: list"),
    Attack("dateline-list", {"dateline": f"dateline: ['{SCRIPT}']"}, line_of("dateline"), "dateline: wrong value"),
    Attack("summary-dict", {"summary": "summary: {a: 1}"}, line_of("summary"), "summary: wrong value: dict"),
    Attack("tags-int", {"tags": "tags: 5"}, line_of("tags"), "tags: wrong value: int 5"),
    Attack("publisher-dict", {"publisher": "publisher: {k: v}"}, line_of("publisher"), "publisher: wrong value"),
    Attack("authors-text", {"authors": "authors: Jane"}, line_of("authors"), "authors: wrong value: str"),
    Attack("tag-nested", {"tags": "tags: [[Plymouth]]"}, line_of("tags"), "tags: wrong value: list"),
    Attack(
        "speaker-list",
        {"quotes": f"quotes: [{{text: '{QUOTE}', speaker: ['{SCRIPT}'], role: null}}]"},
        line_of("quotes"),
        "quotes[0].speaker: wrong value",
    ),
    Attack("quote-text", {"quotes": "quotes: ['just text']"}, line_of("quotes"), "quotes[0]: not a mapping"),
    Attack("date-word", {"date": "date: yesterday"}, line_of("date"), "date: wrong value: str 'yesterday'"),
    Attack("date-impossible", {"date": "date: 2024-13-45"}, line_of("date"), "date: wrong value: str"),
    Attack("kind-essay", {"kind": "kind: essay"}, line_of("kind"), "kind: wrong value"),
    Attack("source-js", {"source": "source: javascript:alert(2)"}, line_of("source"), "source: wrong value"),
    Attack(
        "source-quote",
        {"source": """source: 'content/raw/x" onmouseover="alert(3)" y="'"""},
        line_of("source"),
        "source: wrong value",
    ),
    Attack("source-passwd", {"source": "source: /etc/passwd"}, line_of("source"), "source: wrong value"),
    Attack("source-parent", {"source": "source: content/raw/../../etc/passwd"}, line_of("source"), "source: wrong"),
    Attack(
        "source-data",
        {"source": "source: 'data:text/html,<script>alert(1)</script>'"},
        line_of("source"),
        "source: wrong value",
    ),
    Attack("title-huge", {"title": "title: " + "A" * 5000}, line_of("title"), "title: wrong value"),
    Attack("title-newline", {"title": 'title: "Two\\nlines"'}, line_of("title"), "title: wrong value"),
    Attack("title-nul", {"title": 'title: "a\\0b"'}, line_of("title"), "title: wrong value"),
    Attack("title-bidi", {"title": 'title: "abc\\u202edcba"'}, line_of("title"), "title: wrong value"),
    Attack("front-huge", {"notes": "notes: " + "x" * 70_000}, 2, "over the limit"),
    Attack(
        "alias-bomb",
        {"title": BOMB_PAGE + "title: Bomb"},
        2,
        "anchors and aliases",
    ),
    Attack(
        "alias-small",
        {"publisher": "publisher: &p Courier", "dateline": "dateline: *p"},
        line_of("publisher"),
        "anchors and aliases",
    ),
    Attack("deep-nesting", {"tags": "tags: [[[[[[[[[[[[1]]]]]]]]]]]]"}, line_of("tags"), "nested more than"),
    Attack(
        "python-tag",
        {"title": "title: !!python/object/apply:os.system ['echo owned']"},
        line_of("title"),
        "could not determine a constructor",
    ),
    Attack("binary-tag", {"title": "title: !!binary aGVsbG8="}, line_of("title"), "title: wrong value: bytes"),
    Attack("set-tag", {"tags": "tags: !!set {a, b}"}, line_of("tags"), "tags: wrong value: set"),
    Attack(
        "duplicate-key",
        {"dateline": "dateline: PLYMOUTH\ntitle: Second title"},
        line_of("dateline") + 1,
        "duplicate key 'title'",
    ),
    Attack("list-key", {"kind": "kind: article\n? [a, b]\n: c"}, line_of("kind") + 1, "not a plain name"),
    Attack("yaml-error", {"dateline": "dateline: SEOUL: Korea"}, line_of("dateline"), "not valid YAML"),
    Attack("unclosed-quote", {"tags": "tags: ['Plymouth"}, line_of("tags"), "not valid YAML"),
    Attack("tab-indent", {"quotes": f"quotes:\n\t- text: '{QUOTE}'"}, line_of("quotes") + 1, "not valid YAML"),
    Attack("control-char", {"title": "title: a\x07b"}, line_of("title"), "not valid YAML"),
    Attack("not-mapping", {key: None for key in VALID} | {"x": "- a\n- b"}, 2, "not a mapping"),
    Attack("latin-1", {}, 2, "not UTF-8", raw=b"---\ntitle: Caf\xe9\n---\nText.\n"),
    Attack("no-front-matter", {}, 1, "front matter: missing", raw=BODY.encode()),
    # Wrong-looking but harmless: reported (a warning) and rendered with the key ignored.
    Attack("misspelt-key", {"titel": "titel: Council approves"}, len(VALID) + 2, "titel: unknown key", False),
    Attack("template-key", {"template": "template: ../../../../etc/passwd"}, len(VALID) + 2, "unknown key", False),
    Attack("author-key", {"author": """author: '"><script>alert(1)</script>'"""}, len(VALID) + 2, "unknown", False),
    Attack("description-list", {"description": f"description: ['{SCRIPT}']"}, len(VALID) + 2, "unknown", False),
    Attack("byte-order-mark", {}, None, "", False, raw=b"\xef\xbb\xbf" + Attack("bom", {}, None, "").text().encode()),
    # Text that looks like markup is text: valid, and shown escaped on every page.
    Attack("html-title", {"title": "title: '<img src=x onerror=alert(1)> Council'"}, None, "", False),
    Attack(
        "html-speaker",
        {
            "quotes": f"quotes: [{{text: '{QUOTE}', speaker: '<svg onload=alert(1)>', "
            "role: '\"><script>alert(1)</script>', callout: true}]"
        },
        None,
        "",
        False,
    ),
    Attack("html-tags", {"tags": "tags: ['<script>alert(1)</script>', 'Москва', '서울', 'a\"b']"}, None, "", False),
    Attack("html-event", {"event": "event: '</a><script>alert(1)</script>'"}, None, "", False),
    Attack("html-publisher", {"publisher": "publisher: '<iframe src=javascript:alert(1)>'"}, None, "", False),
]


def body_attack(name: str, markup: str, says: str, below: int = 0) -> Attack:
    """An article whose body holds ``markup`` as its third paragraph, reported ``below`` lines
    under the paragraph's first (the closing '---' is line len(VALID) + 2, BODY takes 7 more)."""
    return Attack(f"body-{name}", {}, len(VALID) + 10 + below, says, False, body=BODY + f"\n{markup}\n")


BODY_ATTACKS = [
    body_attack("script", SCRIPT, "raw HTML '<script>'"),
    body_attack("img-onerror", "<img src=x onerror=alert(1)>", "raw HTML '<img"),
    body_attack("svg-onload", "<svg onload=alert(1)>", "raw HTML '<svg"),
    body_attack("iframe", '<iframe src="javascript:alert(1)"></iframe>', "raw HTML '<iframe"),
    body_attack("details", "<details open ontoggle=alert(1)>x</details>", "raw HTML '<details"),
    body_attack("a-entity", '<a href="&#x6A;avascript:alert(1)">x</a>', "raw HTML '<a"),
    body_attack("style", "<style>body{background:url(http://198.51.100.7/x)}</style>", "raw HTML '<style"),
    body_attack("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "raw HTML"),
    body_attack("md-in-html", '<div markdown="1" onmouseover="alert(1)">x</div>', "raw HTML '<div"),
    body_attack("comment", "<!-- <script>alert(1)</script> -->", "raw HTML '<!--'"),
    body_attack("js-link", "[x](javascript:alert(1))", "a javascript: address"),
    body_attack("js-link-case", "[x](JaVaScRiPt:alert(1))", "a javascript: address"),
    body_attack("js-link-entity", "[x](javascript&#58;alert(1))", "a javascript: address"),
    body_attack("js-link-angle", "[x](<javascript:alert(1)>)", "a javascript: address"),
    body_attack("data-link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "a data: address"),
    body_attack("vbscript-link", "[x](vbscript:msgbox(1))", "a vbscript: address"),
    body_attack("autolink", "<javascript:alert(1)>", "a javascript: address"),
    body_attack("reference-link", "[x][evil]\n\n[evil]: javascript:alert(1)", "a javascript: address", 2),
    body_attack("image", "![x](http://198.51.100.7/track.png)", "an image"),
    body_attack("attr-list", 'Text.\n{: onclick="alert(1)" }', "an attribute onclick=", 1),
    body_attack("attr-style", 'Text.\n{: style="background:url(http://198.51.100.7/x)" }', "attribute style=", 1),
    body_attack("clobber-id", '<p id="__config">x</p>', "raw HTML '<p"),
]
# Markdown that would take Python-Markdown minutes (brackets) or a RecursionError (deep lists):
# the article is left out, named at the paragraph or line.
SLOW_BODIES = [
    Attack("slow-brackets", {}, len(VALID) + 10, "over 500 '[' in one paragraph", body=BODY + "\n" + "[" * 20_000),
    Attack("slow-links", {}, len(VALID) + 10, "'[' in one paragraph", body=BODY + "\n" + "[a](" * 5000),
    Attack(
        "deep-list",
        {},
        len(VALID) + 21,
        "a line indented 44 columns",
        body=BODY + "\n" + "".join("    " * i + "1. x\n" for i in range(300)),
    ),
    Attack("deep-quote", {}, len(VALID) + 10, "a quote nested 500 deep", body=BODY + "\n" + ">" * 500 + " x"),
    Attack("admonitions", {}, len(VALID) + 3, "5000 '!!!' blocks", body=BODY + "\n" + "!!! note\n" * 5000),
]
# Values that are fine as text but end the feed's XML, a script of the search index, or a date format.
EDGE_VALUES = [
    Attack("cdata-title", {"title": f"title: 'Barrier ]]> </script>{SCRIPT} &amp; {{{{ x }}}}'"}, None, "", False),
    Attack("year-one", {"date": "date: 0001-01-01"}, None, "", False),
    Attack("year-max", {"date": "date: 9999-12-31"}, None, "", False),
    Attack("date-time-zone", {"date": "date: 2024-06-20T23:30:00-05:00"}, line_of("date"), "date: wrong value"),
]
ATTACKS = FRONT_MATTER_ATTACKS + BODY_ATTACKS + SLOW_BODIES + EDGE_VALUES

# Files a pull request adds beside the articles, under content/: each would be copied into site/
# as it is and run its script when a reader opened it. Build and check name each at line 1.
LIVE_FILES = {
    "evil.html": f"<html><body>{SCRIPT}</body></html>",
    "assets/evil.js": "alert(1)",
    "assets/images/evil.svg": f'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">{SCRIPT}</svg>',
    "articles/evil.xhtml": f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{SCRIPT}</body></html>',
    "tags/evil.htm": SCRIPT,
    "evil.xml": '<x><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></x>',
    "events/no-suffix": SCRIPT,
    # A rename's redirect page, edited: a refresh to javascript: and a script (the build's own pass).
    "articles/moved.html": '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">' + SCRIPT,
}
# A raw source saved as a web page: read as a source, published as text (its "Raw source" link).
RAW_PAGE = "<html><head><title>x</title><script>alert(1)</script></head><body><p>" + " ".join([SENTENCE] * 3)
# Raw file names an article's source (an address and a YAML line) cannot hold: skipped, named.
UNNAMABLE_RAW = ['quote"name.txt', "angle<b>.txt", "new\nline.txt", "amp&hash#.txt"]
# A page a contributor adds: raw HTML, a pymdownx snippet line (not enabled: text), Jinja, theme keys.
CONTRIBUTED_PAGE = (
    "---\nhide: [navigation, toc]\nstatus: new\ntitle: '{{ config.extra }}'\n---\n\n# Page\n\n{% raw %} {{ 7 * 7 }}\n\n"
    f'{SCRIPT}\n\n--8<-- "/etc/passwd"\n\n[x](javascript:alert(1)) <javascript:alert(1)>\n'
)
# site.yml's words reach the title of every page and the home page's intro (Markdown).
SITE_TITLE = "</title><script>alert(1)</script> {{ config }}"
SITE_INTRO = f"{SCRIPT} [x](javascript:alert(1)) <img src=http://203.0.113.9/x.png>"


def run(*argv: str) -> tuple[int, str]:
    """``cli.main`` with its stdout and stderr: an uncaught exception fails the test as it is."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(list(argv))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile-articles"))
    folder = root / "content" / "articles"
    for attack in ATTACKS:
        (folder / f"{attack.name}.md").write_bytes(attack.file_bytes())
    # Links a pull request can add: a raw "source" that is /etc/passwd, an asset outside the project.
    (root / "content" / "raw" / "passwd.txt").symlink_to("/etc/passwd")
    (root / "content" / "assets" / "host.txt").symlink_to(Path("../../../../../../../../etc/hostname"))
    # Pages beside the articles: one picks a template that does not exist (in YAML, and in the
    # MultiMarkdown meta lines MkDocs also reads) and holds a script; one has a bomb in its front matter.
    (root / "content" / "other.md").write_text(
        f"---\ntemplate: missing.html\ntitle: '<img src=x onerror=alert(1)>'\n---\n\n# Other\n\n{SCRIPT}\n"
    )
    (root / "content" / "meta-lines.md").write_text(f"template: missing.html\ntitle: {SCRIPT}\n\n# Lines\n")
    (root / "content" / "notes.md").write_text("---\n" + BOMB_PAGE + "---\n\n# Notes\n", encoding="utf-8")
    for name, text in LIVE_FILES.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    (root / "content" / "raw" / "saved-page.html").write_text(RAW_PAGE, encoding="utf-8")
    for name in UNNAMABLE_RAW:
        (root / "content" / "raw" / name).write_text(SENTENCE, encoding="utf-8")
    (root / "content" / "contributed.md").write_text(CONTRIBUTED_PAGE, encoding="utf-8")
    site_yml = root / "content" / "data" / "site.yml"
    words = yaml.safe_load(site_yml.read_text(encoding="utf-8")) | {"title": SITE_TITLE, "intro": SITE_INTRO}
    site_yml.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    # A contributor points a seed's article at another raw file: it stays that seed's one article.
    seed = sorted(folder.glob("putin-*.md"))[0]
    seed.write_text(seed.read_text(encoding="utf-8").replace("source: content/raw/", "source: content/raw/x"))
    return root


SEED_SOURCES = sorted(f"content/raw/{path.name}" for path in (ROOT / "content" / "raw").iterdir())


@pytest.fixture(scope="module")
def checked(project: Path) -> tuple[int, list[str]]:
    code, output = run("check", "--root", str(project), str(project / "content"))
    return code, output.splitlines()


@pytest.fixture(scope="module")
def built(project: Path, checked) -> tuple[int, str]:
    return run("build", "--root", str(project), "--quiet")


@pytest.mark.parametrize("attack", [a for a in ATTACKS if a.line is not None], ids=lambda a: a.name)
def test_check_names_the_file_and_line_of_every_attack(checked, attack: Attack):
    code, lines = checked
    assert code == 1
    prefix = f"content/articles/{attack.name}.md:{attack.line}: "
    assert any(line.startswith(prefix) and attack.says in line for line in lines), [
        line for line in lines if f"/{attack.name}.md:" in line
    ]


def test_check_says_nothing_is_wrong_with_text_that_only_looks_like_markup(checked):
    _, lines = checked
    for attack in ATTACKS:
        if attack.line is None:
            errors = [line for line in lines if f"/{attack.name}.md:" in line and ": error: " in line]
            # The markup speaker is no name the text gives: check says so, and the page shows it as text.
            unnamed = attack.name == "html-speaker"
            errors = [e for e in errors if not (unnamed and "is not named in the article's text" in e)]
            assert [e for e in errors if "no such raw file" not in e] == [], attack.name


def test_no_attack_makes_a_traceback_and_every_message_is_one_line(checked, built):
    _, lines = checked
    code, output = built
    assert code == 1
    for line in [*lines, *output.splitlines()]:
        assert "Traceback" not in line and 'File "' not in line
    assert lines[-1].endswith(" warnings") and " errors, " in lines[-1]


def test_links_to_files_outside_the_project_are_named_and_not_published(project, checked, built):
    _, lines = checked
    assert (
        "content/raw/passwd.txt:1: error: source: a link to a file outside content/raw/; expected a file, not a link"
        in (lines)
    )
    assert "content/raw/passwd.txt: decode: a link to a file outside the raw folder; skipped" in built[1].splitlines()
    site = project / "site"
    assert not (site / "raw" / "passwd.txt").exists() and not (site / "assets" / "host.txt").exists()
    assert not any("root:x:0:0" in path.read_text(errors="replace") for path in site.rglob("*") if path.is_file())


@pytest.mark.parametrize("name", sorted(LIVE_FILES))
def test_a_file_that_could_run_script_is_named_at_its_line_and_not_published(project, checked, built, name):
    _, lines = checked
    assert any(line.startswith(f"content/{name}:1: error: file: a ") and "could run script" in line for line in lines)
    assert any(line.startswith(f"content/{name}:1: site: a ") for line in built[1].splitlines()), built[1]
    assert not (project / "site" / name).exists()


def test_a_raw_web_page_is_published_as_text_and_its_article_links_the_text(project, built):
    raw = project / "site" / "raw"
    assert not (raw / "saved-page.html").exists()
    assert (raw / "saved-page.html.txt").read_text(encoding="utf-8") == RAW_PAGE
    linking = [page for page in (project / "site" / "articles").glob("*.html") if "raw/saved-page" in page.read_text()]
    assert len(linking) == 1
    assert 'class="dossier-source" href="../raw/saved-page.html.txt"' in linking[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", UNNAMABLE_RAW)
def test_a_raw_file_name_no_address_can_hold_is_named_on_one_line_and_skipped(project, built, name):
    shown = name.encode("unicode_escape").decode("ascii")
    assert any(line.startswith(f"content/raw/{shown}: decode: a file name with a ") for line in built[1].splitlines())
    written = (project / "content" / "articles").glob("*.md")
    assert not any(f"content/raw/{name}" in path.read_text(encoding="utf-8", errors="replace") for path in written)


def test_a_contributed_page_shows_its_markup_snippets_and_jinja_as_text(project, checked, built):
    _, lines = checked
    page = (project / "site" / "contributed.html").read_text(encoding="utf-8")
    assert "md-content" in page and "root:x:0:0" not in page
    assert "{{ config.extra }}" in page and "{% raw %} {{ 7 * 7 }}" in page  # no template ran on its words
    assert '--8&lt;-- "/etc/passwd"' in page or "--8&lt;-- &quot;/etc/passwd&quot;" in page


def test_the_site_words_of_a_pull_request_show_as_text(project, built):
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Home - &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; {{ config }}</title>" in home
    assert "<img" not in home and 'href="javascript:' not in home and "alert(1)</script>" not in home


def test_the_feed_stays_well_formed_xml_and_the_search_index_scripts_end_where_they_should(project, built):
    feed = ElementTree.parse(project / "site" / "feed.xml").getroot()
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed]
    assert "Barrier ]]> </script><script>alert(1)</script> &amp; {{ x }}" in titles
    for part in (project / "site" / "search").glob("*.js"):
        assert "</script" not in part.read_text(encoding="utf-8").lower(), part


def test_a_page_cannot_choose_its_template(project, built):
    for name in ("other", "meta-lines"):
        assert "md-content" in (project / "site" / f"{name}.html").read_text(encoding="utf-8")


def test_a_page_with_a_yaml_bomb_is_named_and_left_out(project, checked, built):
    _, lines = checked
    assert (
        "content/notes.md:2: error: front matter: YAML anchors and aliases (&name, *name) are not allowed"
        in "\n".join(lines)
    )
    assert not (project / "site" / "notes.html").exists()


def test_build_leaves_out_each_broken_article_naming_its_line(project, built):
    _, output = built
    site = project / "site" / "articles"
    for attack in ATTACKS:
        page = site / f"{attack.name}.html"
        if attack.left_out:
            assert not page.exists(), attack.name
            assert any(line.startswith(f"content/articles/{attack.name}.md:") for line in output.splitlines()), (
                attack.name
            )
        else:
            assert page.exists(), attack.name


def test_no_page_holds_a_script_handler_or_script_link(project, built):
    pages = sorted((project / "site").rglob("*.html"))
    rendered = [attack for attack in ATTACKS if not attack.left_out]
    assert len(pages) > len(rendered) + 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parser = ActiveContent()
        parser.feed(html)
        assert parser.found == [], page
        lowered = html.lower()
        assert "data:text/html" not in lowered and "198.51.100.7" not in lowered, page
        assert html.count('id="__config"') <= 1, page  # the page's own, not a body's


def test_markup_in_values_shows_as_text(project, built):
    title = (project / "site" / "articles" / "html-title.html").read_text(encoding="utf-8")
    assert "<h1>&lt;img src=x onerror=alert(1)&gt; Council</h1>" in title
    speaker = (project / "site" / "articles" / "html-speaker.html").read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(1)&gt;, &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in speaker
    bom = (project / "site" / "articles" / "byte-order-mark.html").read_text(encoding="utf-8")
    assert "<h1>Council approves flood barrier</h1>" in bom  # the mark is not the start of the text
    misspelt = (project / "site" / "articles" / "template-key.html").read_text(encoding="utf-8")
    assert "dossier-article" in misspelt  # the theme's own template, whatever `template:` said


def test_unicode_tags_get_pages_of_their_own(project, built):
    tags = project / "content" / "tags"
    assert (tags / "moskva.md").is_file() and (tags / "seoul.md").is_file()
    assert "# Москва" in (tags / "moskva.md").read_text(encoding="utf-8")


def test_a_changed_source_does_not_make_a_second_article(project, built):
    hostile = {f"{attack.name}.md" for attack in ATTACKS}
    seeds = [p for p in (project / "content" / "articles").glob("*.md") if p.name not in hostile]
    seeds = [p for p in seeds if "source: content/raw/saved-page.html" not in p.read_text(encoding="utf-8")]
    # Still one article per seed, and the edited one names its own raw file again.
    assert sorted(articles.read(path).source for path in seeds) == SEED_SOURCES


def test_in_a_browser_no_page_opens_a_dialog_or_leaves_the_machine(project, built):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    site = project / "site"
    dialogs: list[str] = []
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))

        def route(request_route) -> None:
            url = request_route.request.url
            if url.startswith(("file://", "data:", "blob:", "about:")):
                request_route.continue_()
            else:
                outside.append(url)
                request_route.abort()

        page.route("**/*", route)
        # Every file a browser would run a script in (a refused one that got through included).
        runnable = {".html", ".htm", ".svg", ".xhtml", ".xml"}
        for html in sorted(path for path in site.rglob("*") if path.suffix in runnable):
            if pipeline.is_redirect_page(html.read_text(encoding="utf-8", errors="replace")):
                continue  # the build's own redirect (its target is visited), whose refresh would cut the next visit
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            # Hover and focus everything, so that an event handler that got through would fire.
            page.evaluate(
                """() => { for (const el of document.querySelectorAll('body *')) {
                    for (const type of ['mouseover', 'focus', 'toggle', 'error']) {
                        el.dispatchEvent(new Event(type)); } } }"""
            )
        browser.close()
    assert dialogs == []
    assert outside == []


def test_seed_content_checks_clean_of_body_problems():
    """The generator's own articles pass the body rules: nothing it writes is flagged."""
    code, output = run("check", "--root", str(ROOT), str(ROOT / "content" / "articles"))
    assert ": body: " not in output and ": link: " not in output, output
    assert code == 0, output


def test_counts_are_singular_for_one(tmp_path: Path):
    folder = tmp_path / "content" / "articles"
    folder.mkdir(parents=True)
    (tmp_path / "content" / "raw").mkdir()
    for name in ("one", "two"):
        (tmp_path / "content" / "raw" / f"{name}.txt").write_text(SENTENCE, encoding="utf-8")
    # One error (kind), one warning (a summary of one sentence).
    (folder / "one.md").write_text(Attack("one", {"kind": "kind: essay"}, None, "").text(), encoding="utf-8")
    assert run("check", "--root", str(tmp_path), str(folder))[1].splitlines()[-1] == "1 error, 1 warning"
    (folder / "two.md").write_text(Attack("two", {"kind": "kind: x", "titel": "titel: x"}, None, "").text())
    assert run("check", "--root", str(tmp_path), str(folder))[1].splitlines()[-1] == "2 errors, 3 warnings"


# Data files a pull request edits, with a regular expression Python's matcher would take minutes
# or longer on one line of a raw file ('a' * 40 + '!'): refused at load, named at its line.
BACKTRACKING = [
    ("boilerplate.yml", "  - {pattern: '(a+)+$', reason: x}\n", "boilerplate[1].pattern: regular expression"),
    ("publishers.yml", "  - {name: X, match: ['(a|ab)*c']}\n", "publishers[3].match[0]: regular expression"),
    ("lexicon.yml", "fillers: ['(.*a){20}']\n", "fillers entry 1: pattern '(.*a){20}' has a repeat"),
]


@pytest.mark.parametrize(("file", "added", "says"), BACKTRACKING, ids=[case[0] for case in BACKTRACKING])
def test_a_data_regex_that_backtracks_without_end_is_refused_at_its_line(tmp_path: Path, file: str, added: str, says):
    root = copy_project(tmp_path)
    data = root / "content" / "data" / file
    data.write_text(data.read_text(encoding="utf-8") + added, encoding="utf-8")
    line = len(data.read_text(encoding="utf-8").splitlines())
    (root / "content" / "raw" / "zz-slow.txt").write_text(f"Title\n\n{'a' * 40}!\n\n{SENTENCE}\n", encoding="utf-8")
    code, output = run("check", "--root", str(root), str(root / "content"))
    assert code == 1 and output.startswith(f"content/data/{file}:{line}: error: ") and says in output, output
    code, output = run("build", "--root", str(root), "--quiet")
    assert code == 1 and output.startswith(f"content/data/{file}:{line}: ") and says in output, output
    assert len(output.splitlines()) == 1
    assert not (root / "site").exists()


def _previous_site(root: Path) -> Path:
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous", encoding="utf-8")
    return root / "site" / "index.html"


def test_a_link_to_a_folder_is_one_line_and_the_previous_site_is_kept(tmp_path: Path):
    """content/loop/up -> .. would have MkDocs walk loop/up/loop/up/... until the system refuses."""
    root = copy_project(tmp_path)
    (root / "content" / "loop").mkdir()
    (root / "content" / "loop" / "up").symlink_to("..")
    previous = _previous_site(root)
    code, output = run("build", "--root", str(root), "--quiet")
    assert code == 2
    assert output.splitlines()[-1] == (
        "content/loop/up: a link to a folder; content/ may hold no folder links, remove it; the previous site/ is kept"
    )
    assert previous.read_text(encoding="utf-8") == "previous"
    assert sorted(path.name for path in root.iterdir() if ".building-" in path.name) == []


def test_an_exception_in_mkdocs_or_a_hook_is_one_line_naming_the_page(tmp_path: Path):
    root = copy_project(tmp_path)
    (root / "failing_hook.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if page.file.src_uri.startswith('articles/'):\n"
        "        raise RuntimeError('boom')\n"
        "    return markdown\n",
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - failing_hook.py\n"), encoding="utf-8"
    )
    previous = _previous_site(root)
    code, output = run("build", "--root", str(root), "--quiet")
    assert code == 2
    first = sorted((root / "content" / "articles").glob("*.md"))[0].name
    assert output.splitlines() == [
        f"content/articles/{first}: mkdocs stopped: RuntimeError: boom; the previous site/ is kept (report it as a bug)"
    ]
    assert previous.read_text(encoding="utf-8") == "previous"


@pytest.mark.parametrize("file", ["entities.yml", "lexicon.yml", "site.yml"])
def test_an_alias_bomb_in_a_data_file_is_refused_at_its_line(tmp_path: Path, file: str):
    """Nine aliases of nine aliases, eight deep: 43 million values that check walked for minutes."""
    root = copy_project(tmp_path)
    data = root / "content" / "data" / file
    data.write_text(BOMB_PAGE + data.read_text(encoding="utf-8"), encoding="utf-8")
    says = "YAML anchors and aliases (&name, *name) are not allowed"
    code, output = run("check", "--root", str(root), str(root / "content"))
    assert code == 1 and output.splitlines()[0].startswith(f"content/data/{file}:1: error: data: {says}"), output
    code, output = run("build", "--root", str(root), "--quiet")
    assert code == 1
    assert output.splitlines() == [f"content/data/{file}:1: {says}, expected every value written out; fix the file"]
