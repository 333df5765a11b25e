"""Shared fixtures: the project's settings and a way to run the stages on a text."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import Settings, load_settings
from generator.document import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "raw"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(ROOT, ROOT / "content" / "data")


def run_stages(
    raw: bytes | str, settings: Settings, until: str | None = None, reference_date: date | None = None
) -> Document:
    """Run the per-document stages on ``raw`` (up to and including ``until``)."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if reference_date is not None:
        settings = Settings(settings.root, settings.data, reference_date, settings.build_time)
    doc = Document(source="test.txt", source_sha256=hashlib.sha256(data).hexdigest(), raw=data)
    for name, stage in pipeline.STAGES:
        doc = stage(doc, settings)
        if name == until:
            break
    return doc


@pytest.fixture(scope="session")
def seed_docs(settings: Settings) -> dict[str, Document]:
    """The five seed sources through every per-document stage, by file name."""
    return {path.name: pipeline.process(path, settings) for path in pipeline.raw_files(SEEDS)}
