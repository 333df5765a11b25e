"""Screenshots of the built site as a reader sees it, to look at before a change lands.

    python -m bench screenshots --out bench/data/shots        # after `make site`

Every page type (home, an article, the transcript, the treaty history, quotes, a tag page, a
search with its results) at 1280 and 390 px wide, in the light and the dark scheme, opened from
disk in headless Chromium: ``<page>-<width>-<scheme>.png``, the first screen of each (the
article on a phone also in full, to see where the story starts). Nothing is asserted here; the
browser tests assert the layout facts. The pages are found by what they are, not by name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.common import ROOT
from bench.speed import CHROMIUM, CHROMIUM_FLAGS, SEARCH

WIDTHS = {1280: 800, 390: 844}  # width -> height of the first screen
SCHEMES = ("light", "dark")
QUERY = "treaty"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "data" / "shots", help="folder for the PNGs")


def _pages(site: Path) -> dict[str, Path]:
    """One page of each type: the transcript is the article whose page says so, the other article
    the first that is not a transcript; the tag page the first of tags/."""
    found = {"home": site / "index.html", "explainer": site / "explainer.html", "quotes": site / "quotes.html"}
    for page in sorted((site / "articles").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a renamed article's old address
        kind = "transcript" if "Video transcript" in text else "article"
        found.setdefault(kind, page)
    found["tag"] = next(iter(sorted((site / "tags").glob("*.html"))))
    return {name: path for name, path in found.items() if path.is_file()}


def run(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    pages = _pages(args.site.resolve())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for width, height in WIDTHS.items():
            for scheme in SCHEMES:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(path.as_uri())
                    page.screenshot(path=args.out / f"{name}-{width}-{scheme}.png")
                    if name == "article" and width < 600:
                        page.screenshot(path=args.out / f"{name}-{width}-{scheme}-full.png", full_page=True)
                page.goto(pages["home"].as_uri())
                box = page.locator(SEARCH["input"]).first
                if not box.is_visible():  # a narrow layout hides the box behind a button
                    page.locator(SEARCH["open"]).first.click()
                box.press_sequentially(QUERY)
                page.wait_for_selector(SEARCH["result"], timeout=10_000)
                page.wait_for_timeout(500)  # the search panel slides in on a phone
                page.screenshot(path=args.out / f"search-{width}-{scheme}.png")
                context.close()
        browser.close()
    print(f"{len(list(args.out.glob('*.png')))} screenshots in {args.out}")
    return 0
