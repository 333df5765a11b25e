"""What every evaluation shares: where the real data lies, running the generator on one text,
and the floors a figure must not drop below.

Real data is other people's text: it is read where it lies (``../shared/benchmarks/`` beside the
project, or ``$NEWSDOSSIER_SHARED/benchmarks``) or from git-ignored folders under ``bench/``
filled by the fetch steps the manifests describe. Nothing of it is committed.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FLOORS_FILE = ROOT / "bench" / "floors.yml"


def ensure_importable() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSDOSSIER_SHARED") or ROOT.parent / "shared")


def benchmarks_dir() -> Path:
    return shared_dir() / "benchmarks"


def missing(dataset: str, how_to_get: str) -> None:
    """Say that a dataset is absent and how to get it (the evaluation goes on without it)."""
    print(f"{dataset}: missing; {how_to_get}", file=sys.stderr)


@cache
def settings():
    """The generator's settings with the packaged defaults only: no corpus's own data files."""
    ensure_importable()
    from generator.config import load_settings

    return load_settings(ROOT, None)


def run_generator(raw: bytes, name: str):
    """The generator's per-document stages on one text; returns the Document (raises SourceError)."""
    ensure_importable()
    from generator import pipeline

    return pipeline.process_bytes(raw, name, settings())


@dataclass(frozen=True)
class Drop:
    bench: str
    dataset: str
    metric: str
    value: float
    floor: float

    def __str__(self) -> str:
        return f"{self.bench}/{self.dataset}: {self.metric} = {self.value:.4f}, below its floor {self.floor:.4f}"


def floors() -> dict:
    if not FLOORS_FILE.is_file():
        return {}
    return yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8")) or {}


def below_floors(bench: str, dataset: str, figures: dict[str, float]) -> list[Drop]:
    """Every figure under its pinned floor (``floors.yml``: bench -> dataset -> metric -> floor).

    A figure with no floor passes; a floor whose figure was not measured is not checked here."""
    pinned = floors().get(bench, {}).get(dataset, {})
    return [
        Drop(bench, dataset, metric, figures[metric], float(floor))
        for metric, floor in sorted(pinned.items())
        if metric in figures and figures[metric] < float(floor)
    ]


def report_drops(drops: list[Drop]) -> int:
    for drop in drops:
        print(f"FLOOR: {drop}", file=sys.stderr)
    return 1 if drops else 0
