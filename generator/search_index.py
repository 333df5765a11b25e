"""The site's search index, built once at build time (lunr, the format lunr.js loads directly).

Material builds its lunr index in the reader's browser from every page's text: at a thousand
articles that is a second and more of work, and from ``file://`` (where Material's worker runs in
an iframe on the page's own thread) the page freezes meanwhile. Here the index is built by the
``lunr`` package when the site is, over what readers search: the articles, then the treaty
history; not the home, quotes, tags or event pages, which only list articles. The page loads
it in parts with script tags (which work from disk, where fetch does not) and hands them to a
real worker made from ``dossier_worker.js`` (``content/assets/javascripts/dossier-search.js``
does that; over http the worker loads the parts itself), so neither parsing nor searching
runs on the page's thread. The index is shipped once: Material's own
``search_index.json`` and its ``file://`` copy ``search_index.js`` keep only their settings.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from lunr import lunr
from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.trimmer import trimmer

SEARCH_DIR = "search"
INDEX_PART = "dossier_index.{}.js"  # the index and the shown text of each result: one JSON string, in parts
PART_CHARS = 500_000  # a part is read in one task of the page: small enough never to freeze it
WORKER_SCRIPT = "dossier_worker.js"  # lunr.js and the worker's code, as one string
ARTICLES = "articles/"
OTHER_PAGES = ("explainer.html",)  # searched too; the worker lists them after the articles
SNIPPET_CHARS = 240  # text shown under a result's title
TITLE_BOOST = 10


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _pages(material_docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per searched page (Material has one per section), articles first, by location."""
    pages: dict[str, dict[str, Any]] = {}
    for entry in material_docs:
        location = str(entry.get("location", ""))
        page = location.split("#", 1)[0]
        if not (page.startswith(ARTICLES) or page in OTHER_PAGES):
            continue
        found = pages.setdefault(page, {"location": page, "title": "", "texts": []})
        if "#" not in location:
            found["title"] = _plain(str(entry.get("title", "")))
        found["texts"].append(_plain(str(entry.get("text", ""))))
    return sorted(pages.values(), key=lambda p: (not p["location"].startswith(ARTICLES), p["location"]))


class _WordsBuilder(Builder):
    """lunr's builder, given each field as its words (``_words``) and making the same index:
    lunr's own ``add`` runs its tokenizer, which copies a metadata mapping for every word, most
    of the time the index takes. The rest is lunr's ``add`` as it is (no metadata is kept)."""

    def add(self, doc: dict[str, Any], attributes: dict[str, Any] | None = None) -> None:
        assert not self.metadata_whitelist  # what lunr's add would record per word
        ref = str(doc[self._ref])
        self._documents[ref] = attributes or {}
        self.document_count += 1
        for name in self._fields:
            terms = self.pipeline.run([Token(word, {}) for word in doc[name]], name)
            field_ref = str(FieldRef(ref, name))
            counts: defaultdict[str, int] = defaultdict(int)
            self.field_term_frequencies[field_ref] = counts
            self.field_lengths[field_ref] = len(terms)
            for term in map(str, terms):
                counts[term] += 1
                if term not in self.inverted_index:
                    self.inverted_index[term] = {field: {} for field in self._fields} | {"_index": self.term_index}
                    self.term_index += 1
                self.inverted_index[term][name].setdefault(ref, defaultdict(list))


_SEPARATORS = re.compile(f"[{re.escape(SEPARATOR_CHARS)}]+")


def _words(text: str) -> list[str]:
    """The words lunr's tokenizer makes of ``text`` (lower case, split where it splits), made
    ten times faster by one regular expression than by its loop over each character; given as a
    list, lunr takes them as they are, and the index is the same."""
    return [word for word in _SEPARATORS.split(text.lower()) if word]


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def build(material_index: dict[str, Any]) -> list[str]:
    """The scripts of the index's parts (``dossier_index.1.js``, ...) from the index Material wrote
    (its config and page texts). Each sets ``__dossierIndex`` to its piece of the JSON text and
    says whether it is the last; the worker joins them."""
    pages = _pages(material_index.get("docs", []))
    documents = [
        {"id": str(number), "title": page["title"], "text": " ".join(t for t in page["texts"] if t)}
        for number, page in enumerate(pages)
    ]
    # No stemmer, as in Material's own index: the worker matches each word typed as a prefix
    # ("absol" finds "absolutely"), which a stemmed index would miss.
    builder = _WordsBuilder()
    builder.pipeline.add(trimmer, stop_word_filter)
    index = lunr(
        builder=builder,
        ref="id",
        fields=[{"field_name": "title", "boost": TITLE_BOOST}, "text"],
        documents=[{"id": doc["id"], "title": _words(doc["title"]), "text": _words(doc["text"])} for doc in documents],
    )
    shown = [
        # Escaped here: the worker puts these into the results as HTML, with <mark> around matches.
        {"location": page["location"], "title": html.escape(doc["title"]), "text": html.escape(_snippet(doc["text"]))}
        for page, doc in zip(pages, documents, strict=True)
    ]
    payload = json.dumps({"index": index.serialize(), "docs": shown}, ensure_ascii=False, separators=(",", ":"))
    pieces = [payload[start : start + PART_CHARS] for start in range(0, len(payload), PART_CHARS)]
    return [
        f"self.__dossierIndex = {{text: {_script_string(piece)}, last: {str(n == len(pieces)).lower()}}};\n"
        for n, piece in enumerate(pieces, start=1)
    ]


def _script_string(text: str) -> str:
    """``text`` as a JavaScript string literal that cannot end its <script> or the line early."""
    literal = json.dumps(text, ensure_ascii=False)
    return literal.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def worker_script(worker_code: str) -> str:
    """The text of ``dossier_worker.js``: lunr.js (from MkDocs' own copy) and the worker's code."""
    lunr_js = resources.files("mkdocs.contrib.search").joinpath("templates/search/lunr.js").read_text("utf-8")
    return f"self.__dossierWorker = {_script_string(lunr_js + chr(10) + worker_code)};\n"


def settings_only(material_index: dict[str, Any]) -> str:
    """Material's index without its pages: its search box still reads the settings from it."""
    return json.dumps({"config": material_index.get("config", {}), "docs": []}, separators=(",", ":"))


def write(site_dir: Path, worker_code: str) -> None:
    """Replace Material's index in ``site_dir`` by the prebuilt one (once, for disk and http)."""
    folder = site_dir / SEARCH_DIR
    material_file = folder / "search_index.json"
    if not material_file.is_file():
        return
    material_index = json.loads(material_file.read_text(encoding="utf-8"))
    for number, part in enumerate(build(material_index), start=1):
        (folder / INDEX_PART.format(number)).write_text(part, encoding="utf-8")
    (folder / WORKER_SCRIPT).write_text(worker_script(worker_code), encoding="utf-8")
    stub = settings_only(material_index)
    material_file.write_text(stub, encoding="utf-8")
    (folder / "search_index.js").write_text(f"var __index = {stub}", encoding="utf-8")
