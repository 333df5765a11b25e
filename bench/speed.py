"""Speed at scale: full, no-op and one-edit builds, site size, search in a browser, next to Material.

    python -m bench speed --sizes 100,1000,3000 --out bench/data/speed.json

For each size, a project of that many made-up sources (``bench/corpus.py``) is built with
``python -m generator build`` in a fresh folder, then rebuilt with nothing changed, then with one
source edited; the same Markdown is built by a plain Material site with every page in the
navigation; search is timed in headless Chromium from disk and over http; and sumy's LexRank
summarises the same articles. Figures are for one run on the machine at hand: compare them with
each other (the same run), not with another machine's. The table goes to stdout, the figures as
JSON to ``--out`` (by size). Columns:

- ``total_s``, ``ms_per_article``: the clean build, process start to exit (``--jobs``: the cores);
- ``normalise_ms_per_article``: from the first source processed to MkDocs starting (the
  per-source stages, events, writing, index pages), per article; ``mkdocs_s``: the rest;
- ``noop_s``, ``edit_one_s``: the rebuilds; ``peak_rss_mb``: the build's largest process;
- ``site_bytes_per_article``, ``index_bytes``: site/ by article (the theme's files and the index
  pages included), the search index files; ``article_page_bytes``: an article's page, on average;
- ``search_ms_*``: navigation start to the first result, the query typed as soon as the search
  box takes input; ``longest_task_ms_*``: the longest main-thread task (``longtask``) meanwhile;
- ``naive_material_s``: ``mkdocs build`` of the articles alone, Material, every page in the nav;
- ``sumy_lexrank_ms_per_article``: LexRank, 3 sentences, on the articles' paragraphs.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import ROOT, ensure_importable
from bench.corpus import write_corpus

EPOCH = "1700000000"
# The search probe as data: what to click to open the search, where to type, what a result is.
# Kept generic so that a new search engine in the theme needs new selectors here, not new code.
SEARCH = {
    "open": "label[for='__search']",
    "input": "input[data-md-component='search-query'], input[type='search']",
    "result": ".md-search-result__item, [data-search-result]",
    "query": "turbine foundations",
    "index_files": ["search/*"],  # the search index as shipped, relative to site/
}
SEARCH_RUNS = 3  # the median of this many cold page loads
LEXRANK_SAMPLE = 200  # articles summarised by LexRank (the per-article cost is the mean)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
COLUMNS = (
    ("total_s", "{:.1f}"), ("ms_per_article", "{:.0f}"), ("normalise_ms_per_article", "{:.0f}"),
    ("mkdocs_s", "{:.1f}"), ("noop_s", "{:.1f}"), ("edit_one_s", "{:.1f}"), ("peak_rss_mb", "{:.0f}"),
    ("site_bytes_per_article", "{:,.0f}"), ("article_page_bytes", "{:,.0f}"), ("index_bytes", "{:,.0f}"),
    ("search_ms_file", "{:.0f}"), ("search_ms_http", "{:.0f}"), ("longest_task_ms_file", "{:.0f}"),
    ("longest_task_ms_http", "{:.0f}"), ("naive_material_s", "{:.1f}"), ("sumy_lexrank_ms_per_article", "{:.1f}"),
)  # fmt: skip
_PEAK = re.compile(r"^peak-rss-kb (\d+)$", re.MULTILINE)
# Timing and the longest task, recorded inside the page from navigation start (performance.now()).
_PROBE_SCRIPT = """
window.__probe = {longest: 0, first: null};
try {
  new PerformanceObserver(list => { for (const e of list.getEntries())
    window.__probe.longest = Math.max(window.__probe.longest, e.duration); })
    .observe({type: 'longtask', buffered: true});
} catch (e) {}
new MutationObserver(() => {
  if (window.__probe.first === null && document.querySelector(RESULT)) window.__probe.first = performance.now();
}).observe(document, {childList: true, subtree: true});
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default="100,1000", help="numbers of articles, comma-separated")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="passed to the build")
    parser.add_argument("--keep", type=Path, help="keep the generated projects under this folder")


def _environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    return environment | {"SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


def make_project(root: Path, size: int) -> None:
    """A project as a person starts one: configuration, theme, hooks, data files, raw sources."""
    (root / "content").mkdir(parents=True)
    for folder in ("data", "assets"):
        shutil.copytree(ROOT / "content" / folder, root / "content" / folder)
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "generator").mkdir()
    shutil.copy(ROOT / "generator" / "mkdocs_hooks.py", root / "generator" / "mkdocs_hooks.py")
    write_corpus(root / "content" / "raw", size)


def timed_build(root: Path, jobs: int) -> dict[str, float]:
    """One ``python -m generator build``: wall time, when MkDocs started, peak memory."""
    command = ["/usr/bin/time", "-f", "peak-rss-kb %M", sys.executable, "-m", "generator", "build"]
    command += ["--root", str(root), "--jobs", str(jobs), "--verbose"]  # --verbose: says when MkDocs starts
    start = time.perf_counter()
    first_source = mkdocs_start = None
    process = subprocess.Popen(command, cwd=ROOT, env=_environment(), stderr=subprocess.PIPE, text=True)
    lines = []
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)
        if first_source is None and line.startswith("[1/"):
            first_source = time.perf_counter()
        if line.startswith("building site/ with MkDocs"):
            mkdocs_start = time.perf_counter()
    code = process.wait()
    end = time.perf_counter()
    if code not in (0, 1):  # 1: problems in some sources, reported and built around
        raise SystemExit(f"build of {root} failed:\n{''.join(lines[-20:])}")
    peak = _PEAK.search("".join(lines))
    return {
        "total_s": end - start,
        "normalise_s": ((mkdocs_start or end) - (first_source or start)),
        "mkdocs_s": end - mkdocs_start if mkdocs_start else 0.0,
        "peak_rss_mb": int(peak.group(1)) / 1024 if peak else float("nan"),
    }


def edit_one_source(root: Path) -> None:
    sources = sorted((root / "content" / "raw").iterdir())
    edited = sources[len(sources) // 2]
    with edited.open("a", encoding="utf-8") as stream:
        stream.write("\nA late correction: the meeting was moved to the following Tuesday.\n")


def naive_material(articles_dir: Path, work: Path) -> float:
    """``mkdocs build`` of the same articles with Material and search, every page in the nav."""
    docs = work / "docs"
    shutil.copytree(articles_dir, docs, ignore=shutil.ignore_patterns(".*"))
    (docs / "index.md").write_text("# Index\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text(
        "site_name: plain\ntheme: {name: material, font: false}\nplugins: [search]\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml")]
    start = time.perf_counter()
    subprocess.run(command, cwd=work, env=_environment(), check=True, capture_output=True)
    return time.perf_counter() - start


def lexrank_ms_per_article(articles_dir: Path) -> float:
    ensure_importable()
    from bench.eval_summaries import lexrank
    from generator import articles
    from generator.document import Document, Paragraph

    paths = sorted(articles_dir.glob("*.md"))[:LEXRANK_SAMPLE]
    docs = []
    for path in paths:
        body = articles.read(path).body
        paragraphs = [Paragraph(block.strip()) for block in body.split("\n\n") if block.strip()]
        docs.append(Document(source=path.name, source_sha256="", paragraphs=tuple(paragraphs)))
    start = time.perf_counter()
    for doc in docs:
        lexrank(doc)
    return (time.perf_counter() - start) * 1000 / max(len(docs), 1)


@functools.cache
def _playwright():
    from playwright.sync_api import sync_playwright

    return sync_playwright().start()


def search_probe(url: str) -> tuple[float, float]:
    """(ms from navigation start to the first result, longest main-thread task in ms), median of runs."""
    browser = _playwright().chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    firsts, longest = [], []
    try:
        for _ in range(SEARCH_RUNS):
            context = browser.new_context()  # cold: nothing cached from the run before
            page = context.new_page()
            page.add_init_script(_PROBE_SCRIPT.replace("RESULT", json.dumps(SEARCH["result"])))
            page.goto(url, wait_until="commit")
            opener = page.locator(SEARCH["open"]).first
            box = page.locator(SEARCH["input"]).first
            box.wait_for(state="attached")
            while not box.is_visible():  # a narrow layout hides the box behind a button
                if opener.is_visible():
                    opener.click()
                page.wait_for_timeout(5)
            box.press_sequentially(SEARCH["query"])
            page.wait_for_function("window.__probe.first !== null", timeout=60_000)
            page.wait_for_timeout(300)  # a task still running when the result shows is counted whole
            probe = page.evaluate("window.__probe")
            firsts.append(probe["first"])
            longest.append(probe["longest"])
            context.close()
    finally:
        browser.close()
    return statistics.median(firsts), statistics.median(longest)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the name the base class gives it)
        pass


def search_over_http(site_dir: Path) -> tuple[float, float]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        return search_probe(f"http://127.0.0.1:{server.server_address[1]}/index.html")
    finally:
        server.shutdown()


def _bytes(folder: Path, patterns: list[str]) -> int:
    return sum(path.stat().st_size for pattern in patterns for path in folder.glob(pattern) if path.is_file())


def measure(size: int, work: Path, jobs: int) -> dict[str, float]:
    root = work / "project"
    make_project(root, size)
    clean = timed_build(root, jobs)
    noop = timed_build(root, jobs)
    edit_one_source(root)
    edited = timed_build(root, jobs)
    site_dir = root / "site"
    site_bytes = _bytes(site_dir, ["**/*"])
    search_file, longest_file = search_probe((site_dir / "index.html").as_uri())
    search_http, longest_http = search_over_http(site_dir)
    return {
        "total_s": clean["total_s"],
        "ms_per_article": clean["total_s"] * 1000 / size,
        "normalise_ms_per_article": clean["normalise_s"] * 1000 / size,
        "mkdocs_s": clean["mkdocs_s"],
        "noop_s": noop["total_s"],
        "edit_one_s": edited["total_s"],
        "peak_rss_mb": max(clean["peak_rss_mb"], noop["peak_rss_mb"], edited["peak_rss_mb"]),
        "site_bytes_per_article": site_bytes / size,
        "article_page_bytes": _bytes(site_dir, ["articles/*.html"]) / size,
        "index_bytes": _bytes(site_dir, SEARCH["index_files"]),
        "search_ms_file": search_file,
        "search_ms_http": search_http,
        "longest_task_ms_file": longest_file,
        "longest_task_ms_http": longest_http,
        "naive_material_s": naive_material(root / "content" / "articles", work / "plain"),
        "sumy_lexrank_ms_per_article": lexrank_ms_per_article(root / "content" / "articles"),
    }


def table(results: dict[int, dict[str, float]]) -> str:
    header = ["articles", *(name for name, _ in COLUMNS)]
    rows = [[f"{size:,}", *(form.format(figures[name]) for name, form in COLUMNS)] for size, figures in results.items()]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *rows]]
    return "\n".join([lines[0], "-+-".join("-" * width for width in widths), *lines[1:]])


def run(args: argparse.Namespace) -> int:
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    results: dict[int, dict[str, float]] = {}
    load = os.getloadavg()[0]
    for size in sizes:
        print(f"{size} articles: building (load average {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
        if args.keep:
            work = args.keep / str(size)
            shutil.rmtree(work, ignore_errors=True)
            results[size] = measure(size, work, args.jobs)
        else:
            with tempfile.TemporaryDirectory(prefix="newsdossier-speed-") as scratch:
                results[size] = measure(size, Path(scratch), args.jobs)
        if args.out:  # after each size, so that a long run keeps what it measured
            args.out.parent.mkdir(parents=True, exist_ok=True)
            report = {"cores": os.cpu_count(), "jobs": args.jobs, "load_average_at_start": load, "sizes": results}
            args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    now = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, --jobs {args.jobs}, load average {load:.1f} at the start, {now:.1f} at the end")
    return 0
