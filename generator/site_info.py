"""The dossier's own words: site title, home-page intro and description, from ``site.yml``.

``content/data/site.yml`` names the corpus (``title``, ``intro``, ``description``, and the
``explainer_title``, ``explainer_intro`` and ``explainer_description`` of the treaty page); the packaged
``generator/defaults/site.yml`` gives neutral words for what it leaves out. Without a curated
title, the site is named after the people the coverage is most about (the most-used person tags),
so that a new corpus never shows another corpus's title.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import PACKAGE_DEFAULTS, parse_yaml
from generator.errors import DataFileError

FILE_NAME = "site.yml"
KEYS = ("title", "intro", "description", "explainer_title", "explainer_intro", "explainer_description")
FALLBACK_TITLE = "A news dossier"


@dataclass(frozen=True, slots=True)
class SiteInfo:
    title: str | None = None  # None: named after the coverage (see ``resolve_title``)
    intro: str = ""
    description: str = ""
    # The treaty-history page, when content/data/treaties.yml curates instruments.
    explainer_title: str = "Treaty history"
    explainer_intro: str = ""
    explainer_description: str = ""


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    loaded = parse_yaml(path) or {}
    if not isinstance(loaded, dict):
        raise DataFileError(f"{path}: expected a mapping with {', '.join(KEYS)}; fix the file")
    for key, value in loaded.items():
        if key not in KEYS:
            raise DataFileError(f"{path}: unknown key {key!r} (expected {', '.join(KEYS)}); fix the file")
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise DataFileError(f"{path}: {key} must be a line of text or null; fix the file")
    return {key: " ".join(value.split()) for key, value in loaded.items() if value is not None}


def load(data_dir: Path | None) -> SiteInfo:
    """The packaged defaults, overridden key by key by the corpus's ``site.yml``."""
    values = _read(PACKAGE_DEFAULTS / FILE_NAME)
    if data_dir is not None:
        values |= _read(data_dir / FILE_NAME)
    return SiteInfo(title=values.pop("title", None), **values)


def resolve_title(info: SiteInfo, tags_by_article: list[list[str]], people: set[str]) -> str:
    """The curated title, else "A and B: a news dossier" after the two people most articles are tagged with.

    ``people``: the names known to be persons (curated as such, or quoted as speakers).
    """
    if info.title:
        return info.title
    counts: Counter[str] = Counter()
    for tags in tags_by_article:
        counts.update({str(t) for t in tags if str(t).strip()})
    ranked = sorted((n for n, c in counts.items() if c >= 2 and n in people), key=lambda n: (-counts[n], n))
    if len(ranked) >= 2:
        return f"{ranked[0]} and {ranked[1]}: a news dossier"
    if ranked:
        return f"{ranked[0]}: a news dossier"
    return FALLBACK_TITLE
