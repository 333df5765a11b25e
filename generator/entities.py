"""Entities stage: canonical entity names as tags, from the aliases of the data file.

``content/data/entities.yml`` lists each entity with its kind and aliases; a source that
writes "Kim Jong-un", "Kim Jong Un" or "Kim Jong Yong" is tagged with the one canonical name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.config import Settings
from generator.document import Document


@lru_cache(maxsize=8)
def _alias_patterns(entities: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    for name, aliases in entities:
        for alias in sorted({name, *aliases}, key=len, reverse=True):
            escaped = re.escape(alias).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
            patterns.append((name, re.compile(rf"(?<![\w-]){escaped}(?![\w-])")))
    return tuple(patterns)


def canonical(name: str, settings: Settings) -> str | None:
    """The canonical name an alias stands for, or None when the data file does not know it."""
    for canonical_name, pattern in _alias_patterns(_hashable(settings)):
        if pattern.fullmatch(name.strip()):
            return canonical_name
    return None


def _hashable(settings: Settings) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((e["name"], tuple(e.get("aliases", []))) for e in settings.data.entities if "name" in e)


def find(text: str, settings: Settings) -> tuple[str, ...]:
    """Canonical names of the entities mentioned in ``text``, in data-file order."""
    found = []
    for canonical_name, pattern in _alias_patterns(_hashable(settings)):
        if canonical_name not in found and pattern.search(text):
            found.append(canonical_name)
    return tuple(found)


def run(doc: Document, settings: Settings) -> Document:
    return doc.with_(tags=find(doc.title + "\n" + doc.body_text, settings))
