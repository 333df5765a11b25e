"""The dossier's own words: site title, home-page intro and description, from ``site.yml``.

``content/data/site.yml`` names the corpus (``title``, ``intro``, ``description``, and the
``explainer_title``, ``explainer_intro`` and ``explainer_description`` of the treaty page); the packaged
``generator/defaults/site.yml`` gives neutral words for what it leaves out. Without a curated
title, the site is named after the people the coverage is most about (the most-used person tags),
so that a new corpus never shows another corpus's title.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from generator.errors import DataFileError, DataProblem
from generator.schema import PACKAGE_DEFAULTS, Text, read_file, record

FILE_NAME = "site.yml"
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


# YAML's folded text (">-") keeps line breaks of a long value; shown as one line of text.
Line = Annotated[Text | None, AfterValidator(lambda value: " ".join(value.split()) if value else value)]
_LINE = "a line of text or null"


@record
class _SiteFile:
    """site.yml; a key left out or null keeps the packaged words."""

    title: Line = Field(None, description=_LINE)
    intro: Line = Field(None, description=_LINE)
    description: Line = Field(None, description=_LINE)
    explainer_title: Line = Field(None, description=_LINE)
    explainer_intro: Line = Field(None, description=_LINE)
    explainer_description: Line = Field(None, description=_LINE)


def read(data_dir: Path | None, root: Path | None = None) -> tuple[SiteInfo, list[DataProblem]]:
    """The packaged defaults overridden key by key by the corpus's ``site.yml``, and every problem of both."""
    values: dict[str, str] = {}
    problems: list[DataProblem] = []
    for path in [PACKAGE_DEFAULTS / FILE_NAME] + ([] if data_dir is None else [data_dir / FILE_NAME]):
        words, found = read_file(_SiteFile, path, root)
        problems += found
        if words is not None:
            values |= {key: value for key, value in dataclasses.asdict(words).items() if value is not None}
    return SiteInfo(title=values.pop("title", None), **values), problems


def load(data_dir: Path | None) -> SiteInfo:
    """The dossier's words (see ``read``); raises ``DataFileError`` naming every problem."""
    info, problems = read(data_dir)
    if problems:
        raise DataFileError(problems)
    return info


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
