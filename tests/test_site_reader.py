"""What a reader sees, in headless Chromium at a desktop and a phone width: the story first,
no sideways scrolling, the dark scheme, a feed link, and no serious accessibility fault.

Builds the embedded corpus once (the fixtures of test_site_e2e) and reads every page type
from disk, as the offline reader opens it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from generator import articles
from tests.test_site_e2e import browser, project  # noqa: F401 (fixtures)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIOUS = {"serious", "critical"}


def _article(root: Path, kind: str) -> str:
    files = sorted((root / "content" / "articles").glob("*.md"))
    return next(f"articles/{p.stem}.html" for p in files if articles.read(p).meta.get("kind") == kind)


def page_types(root: Path) -> dict[str, str]:
    tags = sorted((root / "site" / "tags").glob("*.html"))
    return {
        "home": "index.html",
        "article": _article(root, "article"),
        "transcript": _article(root, "transcript"),
        "explainer": "explainer.html",
        "quotes": "quotes.html",
        "tags": "tags.html",
        "tag": f"tags/{tags[0].name}",
        "feed": "feed.html",
        "not found": "404.html",
    }


def open_page(browser, root: Path, path: str, viewport: dict, scheme: str = "light"):  # noqa: F811
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.goto((root / "site" / path).as_uri())
    return context, page


@pytest.mark.parametrize("kind", ["article", "transcript"])
def test_the_story_starts_within_the_first_screen_of_a_phone(project, browser, kind):  # noqa: F811
    context, page = open_page(browser, project, _article(project, kind), PHONE)
    first_paragraph = page.locator(".dossier-body p").first
    top = first_paragraph.evaluate("p => p.getBoundingClientRect().top")
    context.close()
    assert top < PHONE["height"] * 0.75, f"the story starts {top:.0f} px down"


def test_key_quotes_come_after_the_story_and_fold_away(project, browser):  # noqa: F811
    context, page = open_page(browser, project, _article(project, "article"), PHONE)
    quotes = page.locator("details.dossier-quotes")
    assert quotes.count() == 1
    order = page.evaluate(
        "() => document.querySelector('.dossier-body').compareDocumentPosition("
        "document.querySelector('.dossier-quotes')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    quotes.locator("summary").click()
    hidden = not quotes.locator("blockquote").first.is_visible()
    context.close()
    assert order and hidden


def test_no_page_scrolls_sideways_on_a_phone(project, browser):  # noqa: F811
    wide = {}
    for name, path in page_types(project).items():
        context, page = open_page(browser, project, path, PHONE)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        context.close()
        if width > PHONE["width"]:
            wide[name] = width
    assert wide == {}


@pytest.mark.parametrize("scheme, expected", [("light", "default"), ("dark", "slate")])
def test_the_colour_scheme_follows_the_system_setting(project, browser, scheme, expected):  # noqa: F811
    context, page = open_page(browser, project, "index.html", DESKTOP, scheme)
    applied = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    context.close()
    assert applied == expected
    channels = [int(c) for c in background.removeprefix("rgb(").removesuffix(")").split(",")[:3]]
    assert (sum(channels) < 200) == (scheme == "dark"), background


def test_every_page_names_the_feed_and_the_feed_page_links_it(project, browser):  # noqa: F811
    for name, path in page_types(project).items():
        context, page = open_page(browser, project, path, DESKTOP)
        link = page.locator('link[rel="alternate"][type="application/atom+xml"]')
        assert link.count() == 1, name
        target = page.evaluate("() => document.querySelector('link[type=\"application/atom+xml\"]').href")
        context.close()
        assert Path(target.removeprefix("file://")) == project / "site" / "feed.xml", (name, target)
    context, page = open_page(browser, project, "feed.html", DESKTOP)
    assert page.locator('a[href="feed.xml"]').count() >= 1
    context.close()


def test_a_headline_in_another_language_says_which(project, browser):  # noqa: F811
    transcript = _article(project, "transcript")
    context, page = open_page(browser, project, transcript, DESKTOP)
    page_lang = page.evaluate("() => document.documentElement.lang")
    heading_lang = page.locator(".dossier-header h1").get_attribute("lang")
    context.close()
    assert page_lang == "en" and heading_lang == "fr"
    context, page = open_page(browser, project, "index.html", DESKTOP)
    home_link = page.locator(f'a[href="{transcript}"]').get_attribute("lang")
    context.close()
    assert home_link == "fr"


def test_the_not_found_page_is_styled_from_disk(project, browser):  # noqa: F811
    context, page = open_page(browser, project, "404.html", DESKTOP)
    header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position")
    logo = page.evaluate("() => document.querySelector('.md-logo img, .md-logo svg')?.getBoundingClientRect().width")
    context.close()
    assert header in ("sticky", "fixed") and logo and logo < 60


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_no_serious_accessibility_violation_on_any_page_type(project, browser, viewport):  # noqa: F811
    axe = Axe()
    found = {}
    for name, path in page_types(project).items():
        for scheme in ("light", "dark"):
            context, page = open_page(browser, project, path, viewport, scheme)
            results = axe.run(page).response["violations"]
            context.close()
            serious = [
                f"{v['id']}: {len(v['nodes'])} × {v['nodes'][0]['target']}" for v in results if v["impact"] in SERIOUS
            ]
            if serious:
                found[f"{name} ({scheme})"] = serious
    assert found == {}
