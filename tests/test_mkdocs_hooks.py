"""The MkDocs hooks: what reaches a page from a person's Markdown is allow-listed HTML."""

from __future__ import annotations

import pytest

from generator.mkdocs_hooks import sanitize


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<p>Text <script>alert(1)</script>end</p>", "<p>Text end</p>"),
        ('<p><img src="x" onerror="alert(1)">x</p>', "<p>x</p>"),
        ("<svg onload=alert(1)><circle/></svg>", ""),
        ('<p><a href="javascript:alert(1)">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<p><a href="&#x6A;avascript:alert(1)">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<p><a href="data:text/html,x">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
        ('<p onclick="alert(1)" id="p-1" class="lead">x</p>', '<p id="p-1" class="lead">x</p>'),
        ('<p id="__config">x</p>', "<p>x</p>"),  # Material's own element ids are not a page's
        ('<p style="background:url(http://198.51.100.7/x);left:5%">x</p>', '<p style="left:5%">x</p>'),
        ('<iframe src="https://example.org"></iframe><p>x</p>', "<p>x</p>"),
        ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
        ('<details open ontoggle="alert(1)"><summary>s</summary></details>', "<details><summary>s</summary></details>"),
    ],
)
def test_a_page_keeps_only_allow_listed_html(html: str, kept: str):
    assert sanitize(html) == kept


def test_links_and_anchors_of_the_site_survive():
    html = '<p id="p-2"><a href="../tags/moskva.html#tag:x">t</a> <a href="https://example.org/a?b=1&amp;c=2">e</a></p>'
    assert sanitize(html) == (
        '<p id="p-2"><a href="../tags/moskva.html#tag:x" rel="noopener noreferrer">t</a> '
        '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">e</a></p>'
    )
