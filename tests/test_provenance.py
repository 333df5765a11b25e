"""Provenance: every summary sentence and quote is verbatim in the cleaned body, and links to
the paragraph it came from in the written Markdown (the anchors the article page uses)."""

from __future__ import annotations

from types import SimpleNamespace

from generator import articles, markdown_text, mkdocs_hooks, write


def test_summary_sentences_and_quotes_are_verbatim_in_the_body(seed_docs):
    for name, doc in seed_docs.items():
        body = doc.body_text
        for sentence in doc.summary:
            assert sentence in body, (name, sentence)
        for quote in doc.quotes:
            assert quote.text in body, (name, quote.text)
            assert quote.text in doc.paragraphs[quote.paragraph].text, (name, quote.text)


def test_every_summary_sentence_and_callout_links_to_its_paragraph(seed_docs):
    for name, doc in seed_docs.items():
        text = articles.join(write.front_matter(doc), write.render_body(doc))
        post = articles.parse(text, f"{name}.md")
        page = SimpleNamespace(meta=dict(post.meta), file=SimpleNamespace(src_uri=f"articles/{post.file}"))
        mkdocs_hooks.on_page_markdown(post.body, page, None, None)
        paragraphs = dict(markdown_text.anchored_paragraphs(post.body))
        assert len(page.meta["summary_links"]) == len(doc.summary), name
        for link in page.meta["summary_links"]:
            assert link["anchor"], (name, link["text"])
            assert link["text"] in paragraphs[link["anchor"]], (name, link["text"])
        assert page.meta["callouts"] or post.meta.get("kind") == "transcript", name  # no labelled speakers: no quotes
        for callout in page.meta["callouts"]:
            assert callout["anchor"], (name, callout["text"])
            assert callout["text"] in paragraphs[callout["anchor"]], (name, callout["text"])
