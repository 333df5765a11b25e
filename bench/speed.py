"""Speed benchmark: the generator against the tools a user would otherwise reach for.

Reported as ratios measured in the same run on the same machine, never as absolute
timings to compare across machines:

- normalise (every per-document stage) vs. `mkdocs build` of the same number of pages: how
  much the generator adds to rendering the site at all;
- our sentence stage (syntok + quote repair) vs. pysbd, a popular rule-based splitter, on
  the same paragraphs.

Usage: python bench/speed.py [--copies N]   (the embedded corpus, repeated N times)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import pipeline  # noqa: E402
from generator.config import load_settings  # noqa: E402
from generator.text import sentence_spans  # noqa: E402


def best_of(runs: int, action) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def make_corpus(target: Path, copies: int) -> None:
    target.mkdir(parents=True)
    for copy in range(copies):
        for path in pipeline.raw_files(ROOT / "content" / "raw"):
            shutil.copy(path, target / f"{copy:04d}_{path.name}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--copies", type=int, default=20, help="times the seed corpus is repeated")
    parser.add_argument("--runs", type=int, default=3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args())


def run(args: argparse.Namespace) -> int:
    settings = load_settings(ROOT, ROOT / "content" / "data")

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        make_corpus(work / "raw", args.copies)
        count = len(pipeline.raw_files(work / "raw"))
        pipeline.normalize(work / "raw", work / "warm", settings)  # load models and caches once

        def normalise() -> None:
            shutil.rmtree(work / "out", ignore_errors=True)
            pipeline.normalize(work / "raw", work / "out", settings)

        ours = best_of(args.runs, normalise)

        # The same pages through a plain MkDocs build (Material, search), no generator.
        docs = work / "plain" / "docs"
        docs.mkdir(parents=True)
        for path in (work / "out").glob("*.md"):
            shutil.copy(path, docs / path.name)
        (docs / "index.md").write_text("# Index\n")
        (work / "plain" / "mkdocs.yml").write_text(
            "site_name: plain\ntheme: {name: material, font: false}\nplugins: [search]\n"
        )

        def plain_mkdocs() -> None:
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            build(load_config(str(work / "plain" / "mkdocs.yml"), site_dir=str(work / "plain" / "site")))

        mkdocs_time = best_of(args.runs, plain_mkdocs)

        paragraphs = [
            p.text
            for doc in pipeline.normalize(work / "raw", work / "out", settings).documents
            for p in doc.paragraphs
            if p.kind == "text"
        ]
        import pysbd

        splitter = pysbd.Segmenter(language="en", clean=False)
        ours_split = best_of(args.runs, lambda: [sentence_spans(text) for text in paragraphs])
        pysbd_split = best_of(args.runs, lambda: [splitter.segment(text) for text in paragraphs])

    print(f"corpus: {count} raw sources, {len(paragraphs)} paragraphs; best of {args.runs} runs")
    print(
        f"normalise: {ours / count * 1000:.1f} ms/article; plain mkdocs build: {mkdocs_time / count * 1000:.1f} ms/page"
    )
    print(f"  ratio normalise / mkdocs build = {ours / mkdocs_time:.2f}")
    print(f"sentence split: ours {ours_split * 1000:.0f} ms, pysbd {pysbd_split * 1000:.0f} ms")
    print(f"  ratio ours / pysbd = {ours_split / pysbd_split:.2f} (below 1 = faster)")
    print(f"  median paragraph length: {statistics.median(len(p) for p in paragraphs):.0f} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
