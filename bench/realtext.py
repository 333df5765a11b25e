"""Cleaning on real pages: trafilatura-eval's snippets, from the HTML and from a text dump.

    python -m bench realtext                 every page, ours and the peers, dev and eval halves
    python -m bench realtext --no-peers      ours only (faster)
    python -m bench realtext --json FILE     the figures as JSON too

``../shared/benchmarks/trafilatura-eval``: 884 archived pages, each with snippets that belong to
the main text (``with``) and snippets that must not be in it (``without``). Every page is scored
twice: as HTML given to the generator, and as the text a scraper or a copy-paste gives (html-text's
layout-guessing conversion, one block per line) given to the generator as a ``.txt``.

Figures per input form and method, counted over snippets the way trafilatura's own evaluation
counts them (a ``with`` snippet found is a true positive, missed a false negative; a ``without``
snippet found is a false positive, absent a true negative), after whitespace is normalised on both
sides: ``kept`` (story kept: recall), ``removed`` (furniture removed: true negatives over
``without`` snippets), ``precision``, ``recall``, ``f1``.

Methods: ours (``generator.pipeline.process_bytes``; the body is the kept paragraphs); peers
measured in the same run on the same pages: trafilatura (HTML), jusText (HTML, the packaged stop
list of the page's language), readability-lxml (HTML, its summary as text); for text dumps the
"do nothing" baseline (every line kept).

Pages are split into halves by the sha1 of the file name (first hex digit 0-7: dev, 8-f: eval):
anything learned (``bench/train_lines.py``) is learned on dev only, and eval shows whether it holds.
The gate scores ours on a fixed subset of both halves against ``bench/floors.yml`` (``realtext:``).
If ``bench.excerpts`` exists (hand-annotated news excerpts), its figures join the table and gate.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench.common import Drop, below_floors, benchmarks_dir, missing, report_drops, run_generator

DATASET = "trafilatura-eval"
HOW_TO_GET = (
    "copy tests/eval/ and tests/evaldata.json of github.com/adbar/trafilatura (commit e90b0ef5) to "
    "../shared/benchmarks/trafilatura-eval/{pages/,evaldata.json}"
)
FORMS = ("html", "text")
METHODS = {
    "html": ("ours", "trafilatura", "justext", "readability"),
    "text": ("ours", "keep-all"),
}
METRICS = ("kept", "removed", "precision", "recall", "f1")
# The gate's pages: a fixed share of both halves, picked by the second hex digit of the sha1.
GATE_DIGITS = "0123"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Page:
    url: str
    file: str
    with_: tuple[str, ...]
    without: tuple[str, ...]

    @property
    def digest(self) -> str:
        return hashlib.sha1(self.file.encode("utf-8")).hexdigest()

    @property
    def half(self) -> str:
        return "dev" if self.digest[0] in "01234567" else "eval"


def dataset_dir() -> Path:
    return benchmarks_dir() / DATASET


def load_pages(root: Path | None = None) -> list[Page] | None:
    root = root or dataset_dir()
    if not (root / "evaldata.json").is_file():
        return None
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = [
        Page(url, entry["file"], tuple(entry.get("with") or ()), tuple(entry.get("without") or ()))
        for url, entry in data.items()
        if (root / "pages" / entry["file"]).is_file()
    ]
    return sorted(pages, key=lambda page: page.file)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# -- inputs --------------------------------------------------------------------------------


def html_of(raw: bytes) -> str:
    """The page's HTML as text, charset handled (trafilatura's decoder: meta charset, then detection)."""
    from trafilatura.utils import decode_file

    return decode_file(raw)


def text_dump(raw: bytes) -> str:
    """What a scraper or a copy-paste gives: html-text's visible text, one block per line."""
    import html_text

    text = html_text.extract_text(html_of(raw), guess_layout=True)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


# -- methods -------------------------------------------------------------------------------


def ours(raw: bytes, name: str, quick: bool = False) -> str:
    """The generator's cleaned body; ``quick``: decode and clean only (the body is final after clean)."""
    from generator.errors import SourceError

    try:
        doc = _until_clean(raw, name) if quick else run_generator(raw, name)
    except SourceError:
        return ""
    return "\n".join(p.text for p in doc.paragraphs)


def _until_clean(raw: bytes, name: str):
    from bench.common import settings
    from generator import clean, decode
    from generator.document import Document

    doc = decode.run(Document(source=name, source_sha256="", raw=raw), settings())
    return clean.run(doc, settings())


def trafilatura_body(raw: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(raw, url=url) or ""


_JUSTEXT_NAMES = {
    "bokmal": "Norwegian_Bokmal",
    "nynorsk": "Norwegian_Nynorsk",
}


@cache
def _detector():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def justext_language(html: str, text: str) -> str:
    """The jusText stop list of the page's language: the page's lang attribute, else lingua's guess."""
    import justext

    available = set(justext.get_stoplists())
    from lingua import Language

    by_code = {}
    for language in Language.all():
        name = _JUSTEXT_NAMES.get(language.name.lower(), language.name.capitalize())
        if name in available:
            by_code[language.iso_code_639_1.name.lower()] = name
    declared = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", html[:5000])
    if declared and declared.group(1).lower() in by_code:
        return by_code[declared.group(1).lower()]
    guessed = _detector().detect_language_of(text[:5000])
    if guessed is not None and guessed.iso_code_639_1.name.lower() in by_code:
        return by_code[guessed.iso_code_639_1.name.lower()]
    return "English"


def justext_body(html: str, text: str) -> str:
    import justext

    try:
        blocks = justext.justext(html, justext.get_stoplist(justext_language(html, text)))
    except Exception:  # an empty or unparsable page: jusText keeps nothing
        return ""
    return "\n".join(block.text for block in blocks if not block.is_boilerplate)


def readability_body(html: str) -> str:
    import html_text
    from readability import Document

    try:
        return html_text.extract_text(Document(html).summary(html_partial=True), guess_layout=True)
    except Exception:
        return ""


def outputs_of(job: tuple[str, str, bool, bool]) -> dict[str, dict[str, str]]:
    """Every method's body for one page: form -> method -> text."""
    path, url, peers, quick = job
    raw = Path(path).read_bytes()
    stem = Path(path).stem
    dump = text_dump(raw)
    found = {
        "html": {"ours": ours(raw, f"{stem}.html", quick)},
        "text": {"ours": ours(dump.encode("utf-8"), f"{stem}.txt", quick)},
    }
    if peers:
        html = html_of(raw)
        found["html"]["trafilatura"] = trafilatura_body(raw, url)
        found["html"]["justext"] = justext_body(html, dump)
        found["html"]["readability"] = readability_body(html)
        found["text"]["keep-all"] = dump
    return found


# -- scoring -------------------------------------------------------------------------------


def counts(page: Page, body: str) -> tuple[int, int, int, int]:
    """true positives, false negatives, false positives, true negatives (trafilatura's eval)."""
    text = normalise(body)
    found = [normalise(snippet) in text for snippet in page.with_]
    leaked = [normalise(snippet) in text for snippet in page.without]
    return sum(found), len(found) - sum(found), sum(leaked), len(leaked) - sum(leaked)


def figures(totals: tuple[int, int, int, int]) -> dict[str, float]:
    tp, fn, fp, tn = totals
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "kept": recall,
        "removed": tn / (tn + fp) if tn + fp else 0.0,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }


def score(pages: list[Page], outputs: dict[str, dict[str, dict[str, str]]]) -> dict[str, dict[str, float]]:
    """``"<form>/<method>/<half>"`` -> figures, halves ``dev``, ``eval`` and ``all``."""
    result: dict[str, dict[str, float]] = {}
    for form in FORMS:
        methods = sorted({m for page in pages for m in outputs[page.file][form]}, key=METHODS[form].index)
        for method in methods:
            for half in ("dev", "eval", "all"):
                chosen = [p for p in pages if half in ("all", p.half)]
                if not chosen:
                    continue
                sums = [0, 0, 0, 0]
                for page in chosen:
                    for k, value in enumerate(counts(page, outputs[page.file][form][method])):
                        sums[k] += value
                result[f"{form}/{method}/{half}"] = figures(tuple(sums)) | {"pages": float(len(chosen))}
    return result


def measure(pages: list[Page], peers: bool, jobs: int = 2, quick: bool = False) -> dict[str, dict[str, dict[str, str]]]:
    root = dataset_dir() / "pages"
    work = [(str(root / page.file), page.url, peers, quick) for page in pages]
    if jobs <= 1:
        results = map(outputs_of, work)
    else:
        pool = ProcessPoolExecutor(jobs)
        results = pool.map(outputs_of, work, chunksize=4)
    found = {page.file: result for page, result in zip(pages, results, strict=True)}
    if jobs > 1:
        pool.shutdown()
    return found


def table(scores: dict[str, dict[str, float]]) -> str:
    lines = [f"{'input':<5} {'method':<12} {'half':<5} {'pages':>5} " + " ".join(f"{m:>9}" for m in METRICS)]
    for key, figs in scores.items():
        form, method, half = key.split("/")
        lines.append(
            f"{form:<5} {method:<12} {half:<5} {int(figs['pages']):>5} " + " ".join(f"{figs[m]:9.3f}" for m in METRICS)
        )
    return "\n".join(lines)


def excerpts() -> dict[str, dict[str, float]] | None:
    """The hand-annotated excerpts' figures (``bench.excerpts.evaluate``), if that module exists."""
    try:
        module = importlib.import_module("bench.excerpts")
    except ModuleNotFoundError as exc:
        if exc.name != "bench.excerpts":
            raise
        return None
    return module.evaluate()


def excerpt_table(found: dict[str, dict[str, float]]) -> str:
    lines = ["annotated excerpts (bench.excerpts):"]
    for dataset, figs in found.items():
        lines.append(f"  {dataset}: " + ", ".join(f"{k} {v:.3f}" for k, v in figs.items()))
    return "\n".join(lines)


# -- commands ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-peers", action="store_true", help="ours only, no trafilatura/jusText/readability")
    parser.add_argument("--half", choices=("dev", "eval", "all"), default="all", help="pages of one half only")
    parser.add_argument("--gate-pages", action="store_true", help="the gate's subset of pages only")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument(
        "--quick", action="store_true", help="run the generator's decode and clean stages only (same bodies, faster)"
    )
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--dump", metavar="DIR", help="write every body out (debugging; keep it under bench/data/)")


def gate_pages(pages: list[Page]) -> list[Page]:
    return [page for page in pages if page.digest[1] in GATE_DIGITS]


def run(args: argparse.Namespace) -> int:
    pages = load_pages()
    drops: list[Drop] = []
    all_figures: dict[str, dict[str, float]] = {}
    if pages is None:
        missing(DATASET, HOW_TO_GET)
    else:
        if args.half != "all":
            pages = [page for page in pages if page.half == args.half]
        if args.gate_pages:
            pages = gate_pages(pages)
        start = time.perf_counter()
        outputs = measure(pages, peers=not args.no_peers, jobs=args.jobs, quick=args.quick)
        scores = score(pages, outputs)
        print(f"{DATASET}: {len(pages)} pages in {time.perf_counter() - start:.0f} s")
        print(table(scores))
        all_figures |= {f"{DATASET}/{key}": figs for key, figs in scores.items()}
        if args.dump:
            target = Path(args.dump)
            target.mkdir(parents=True, exist_ok=True)
            for file, forms in outputs.items():
                for form, methods in forms.items():
                    for method, body in methods.items():
                        (target / f"{file}.{form}.{method}.txt").write_text(body, encoding="utf-8")
        if not args.gate_pages and args.half == "all":
            drops += _drops(scores, gated=False)
    found = excerpts()
    if found:  # an empty result: bench.excerpts has said what is missing
        print(excerpt_table(found))
        all_figures |= {f"excerpts/{key}": figs for key, figs in found.items()}
        for dataset, figs in found.items():
            drops += below_floors("realtext", f"excerpts/{dataset}", figs)
    if args.json:
        Path(args.json).write_text(json.dumps(all_figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return report_drops(drops)


def _drops(scores: dict[str, dict[str, float]], gated: bool) -> list[Drop]:
    """Ours against the floors: ``trafilatura-eval`` (every page) or ``trafilatura-eval/gate``."""
    name = f"{DATASET}/gate" if gated else DATASET
    found: list[Drop] = []
    for form in FORMS:
        for half in ("dev", "eval"):
            figs = scores.get(f"{form}/ours/{half}")
            if figs:
                found += below_floors("realtext", f"{name}/{form}/{half}", figs)
    return found


def gate() -> list[Drop] | None:
    """Ours on the fixed subset (both halves, both input forms) and the excerpts, against the floors."""
    pages = load_pages()
    found = excerpts()
    if pages is None and found is None:
        missing(DATASET, HOW_TO_GET)
        return None
    drops: list[Drop] = []
    if pages is None:
        missing(DATASET, HOW_TO_GET)
    else:
        start = time.perf_counter()
        chosen = gate_pages(pages)
        scores = score(chosen, measure(chosen, peers=False))
        drops += _drops(scores, gated=True)
        print(
            f"realtext gate: {len(chosen)} pages of {DATASET} in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
        )
        print(table(scores), file=sys.stderr)
    for dataset, figs in (found or {}).items():
        drops += below_floors("realtext", f"excerpts/{dataset}", figs)
    return drops
