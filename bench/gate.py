"""The real-data gate of CI: the deterministic part of every evaluation, against bench/floors.yml.

Each evaluation module offers ``gate() -> list[Drop] | None`` (None: its data is absent). The gate
fails when any figure drops below its floor, and says clearly when ``../shared`` is absent.
"""

from __future__ import annotations

import importlib
import sys

from bench.common import benchmarks_dir, report_drops

GATED = ("bench.realtext", "bench.quotes", "bench.summaries")


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    if not benchmarks_dir().is_dir():
        print(
            f"real-data gate: {benchmarks_dir()} is absent; copy ../shared/ beside the project "
            "(or set NEWSDOSSIER_SHARED) to run it. Nothing was checked.",
            file=sys.stderr,
        )
        return 0
    drops = []
    for module_name in GATED:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found = module.gate()
        if found is None:
            print(f"{module_name}: its data is absent; not checked", file=sys.stderr)
            continue
        drops += found
    status = report_drops(drops)
    print("real-data gate: " + ("FAILED" if status else "every figure at or above its floor"), file=sys.stderr)
    return status
