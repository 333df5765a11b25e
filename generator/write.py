"""Write stage: documents to front-matter Markdown (as ``articles.join`` lays it out), and every
file write of the generator.

Rendering goes through the Jinja2 templates in ``generator/templates``. Writes are atomic
(a temporary file in the same folder, then a rename), so an interrupted run never leaves a
half-written article. They are not fsynced one by one: a build writes into a staged copy that
``publish`` makes durable once before switching it in, and ``normalize`` syncs once at its end.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from slugify import slugify as python_slugify

from generator import articles, markdown_text
from generator.document import Document

TEMPLATES = Path(__file__).parent / "templates"
_SLUG_LENGTH = 72


def _yaml_scalar(value: Any) -> str:
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip().removesuffix("\n...")
    )


@cache  # one environment, so that each template is compiled once per process, not once per page
def template_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Every value is HTML-escaped unless a filter made it safe for where it goes: ``md`` for
        # Markdown text (escaped for HTML and Markdown both), ``yaml`` for a front-matter scalar.
        autoescape=True,
    )
    env.filters["md"] = lambda value: Markup(markdown_text.escape(str(value)))
    env.filters["yaml"] = lambda value: Markup(_yaml_scalar(value))
    return env


def slugify(text: str, fallback: str) -> str:
    """A file name for ``text`` in lowercase ASCII, transliterated (Москва: moskva, 서울: seoul,
    東京: dong-jing), so that names in any script get distinct, readable slugs; ``fallback``
    when nothing is left (punctuation only)."""
    return (
        python_slugify(text, max_length=_SLUG_LENGTH, word_boundary=True)
        or python_slugify(fallback, max_length=_SLUG_LENGTH, word_boundary=True)
        or "article"
    )


def unique_slugs(names: list[str], fallback: str) -> dict[str, str]:
    """A slug per name, distinct even where two names transliterate alike ('Moskva', 'Москва'):
    names in sorted order, a later one taking the first free ``-2``, ``-3``, ... (the same names
    give the same slugs in every build)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        slug = base = slugify(name, fallback)
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs


def front_matter(doc: Document) -> dict[str, Any]:
    """The front matter of a document, in the contract's key order (articles.CONTRACT)."""
    values: dict[str, Any] = {
        "title": doc.title,
        "title_generated": doc.title_generated,
        "title_lang": doc.title_lang,
        "date": doc.date,
        "publisher": doc.publisher,
        "authors": list(doc.authors),
        "dateline": doc.dateline,
        "lang": doc.lang,
        "kind": doc.kind,
        "summary": list(doc.summary),
        "quotes": [
            {"text": q.text, "speaker": q.speaker, "role": q.role} | ({"callout": True} if q.callout else {})
            for q in doc.quotes
        ],
        "tags": list(doc.tags),
        "event": doc.event,
        "source": doc.source,
        "source_sha256": doc.source_sha256,
    }
    return {key: values[key] for key, spec in articles.CONTRACT.items() if spec.required or values[key]}


def render_body(doc: Document) -> str:
    return template_environment().get_template("article.md.j2").render(paragraphs=doc.paragraphs)


def render_page(template_name: str, **context: Any) -> str:
    return template_environment().get_template(template_name).render(**context)


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` via a temporary file and rename; False if it was already so."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
