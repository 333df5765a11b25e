"""Cleaning and metadata on hand-annotated real news excerpts (bench/excerpts/), next to date peers.

The texts are other people's pages, kept in the git-ignored ``bench/data/excerpts/`` (see
``bench/excerpts/manifest.yml`` for where each came from and ``bench/fetch_excerpts.py`` to check a
copy); the annotations in ``bench/excerpts/annotations.yml`` are the project's own, made by hand.

``evaluate()`` runs the generator on every present text and scores, per dataset:

- ``furniture_removed``: share of the annotated furniture lines absent from the cleaned body;
- ``story_kept``: share of the annotated story sentences present in the cleaned body;
- ``dates``, ``titles``, ``publishers``, ``bylines``, ``datelines``: share of texts right
  (a null gold value is right only when the generator gives nothing);
- ``peer_datefinder_dates``, ``peer_dateparser_dates``: the first date datefinder (strict) and
  dateparser's ``search_dates`` (strict parsing) find in the same raw text, scored the same way.

Datasets: ``excerpts`` (every text) and ``excerpts-nonen`` (the texts not in English).

``quote_cases()`` yields ``(file name, quote annotation)`` for the quote-attribution benchmark.

    .venv/bin/python -m bench.excerpts [-v] [--half dev|check]
        a table; -v also lists every miss per text; --half keeps the dev texts (number NNN even)
        or the check texts (odd): develop on dev, report check as the honest estimate
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import yaml

from bench.common import ROOT, ensure_importable, missing, run_generator

ANNOTATIONS = ROOT / "bench" / "excerpts" / "annotations.yml"
MANIFEST = ROOT / "bench" / "excerpts" / "manifest.yml"
DATA = ROOT / "bench" / "data" / "excerpts"
HOW_TO_GET = (
    f"save the texts listed in {MANIFEST.relative_to(ROOT)} into {DATA.relative_to(ROOT)}/ "
    "(see bench/excerpts/README.md; `python bench/fetch_excerpts.py` says what is missing)"
)
SHORT_LINE = 20  # furniture shorter than this counts as present only as a whole line of the body
TITLE_FUZZ = 90.0  # rapidfuzz ratio (0-100) at or above which a headline counts as right

METRICS = ("furniture_removed", "story_kept", "dates", "titles", "publishers", "bylines", "datelines")
PEERS = ("peer_datefinder_dates", "peer_dateparser_dates")


@cache
def annotations() -> tuple[dict, ...]:
    data = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8")) or []
    return tuple(data)


def quote_cases() -> Iterator[tuple[str, dict]]:
    """Every annotated quote as ``(text file name, {text, speaker, role, type})``.

    The text itself is ``bench/data/excerpts/<file name>`` when present."""
    for ann in annotations():
        for quote in ann.get("quotes") or ():
            yield ann["file"], dict(quote)


# --- normalisation -------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)


def norm(text: str) -> str:
    """Compare text the way a reader would: typographic quotes, dashes and spaces folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def norm_key(text: str | None) -> str:
    """A loose key for names (publishers, bylines, datelines): case and punctuation folded."""
    if not text:
        return ""
    text = norm(text).casefold()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^\w]+", " ", text).strip()


# --- scoring one document ------------------------------------------------------------------


@dataclass
class Result:
    file: str
    lang: str
    kind: str
    gold_date: date | None = None
    failed: str = ""  # the generator's error, if it raised
    furniture: list[tuple[str, bool]] = field(default_factory=list)  # (line, removed)
    story: list[tuple[str, bool]] = field(default_factory=list)  # (sentence, kept)
    fields: dict[str, tuple[bool, object, object]] = field(default_factory=dict)  # metric -> (right, got, gold)


def _body(doc) -> tuple[str, set[str], list[str]]:
    paragraphs = [norm(p.text) for p in doc.paragraphs]
    lines = {norm(line) for p in doc.paragraphs for line in p.text.split("\n")}
    lines |= set(paragraphs)
    return " \n ".join(paragraphs), lines, paragraphs


def furniture_present(line: str, body: str, lines: set[str], paragraphs: list[str]) -> bool:
    line = norm(line)
    if not line:
        return False
    if line in lines:
        return True
    if len(line) >= SHORT_LINE:
        return line in body
    # a short line glued to a neighbour when the cleaner joined lines into one paragraph
    return any(p.startswith(line + " ") or p.endswith(" " + line) for p in paragraphs)


def title_right(got: str, generated: bool, gold: str | None) -> bool:
    if gold is None:
        return not got or generated
    if not got:
        return False
    from rapidfuzz import fuzz

    a, b = norm(got).casefold().rstrip(" .:"), norm(gold).casefold().rstrip(" .:")
    return a == b or fuzz.ratio(a, b) >= TITLE_FUZZ


def publisher_right(got: str | None, gold: str | None, alternatives: list[str]) -> bool:
    accepted = {norm_key(x) for x in [gold, *alternatives] if x}
    if not got:
        return gold is None
    return norm_key(got) in accepted


def bylines_right(got: tuple[str, ...], gold: list[str]) -> bool:
    return {norm_key(a) for a in got if a} == {norm_key(a) for a in gold}


def dateline_right(got: str | None, gold: str | None) -> bool:
    if not gold or not got:
        return not gold and not got
    # "ZION, Illinois" and "ZION" name the same place; the part before the first comma decides
    return norm_key(got) == norm_key(gold) or norm_key(got.split(",")[0]) == norm_key(gold.split(",")[0])


def gold_date(ann: dict) -> date | None:
    value = ann.get("date")
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def date_right(got: date | None, gold: date | None) -> bool:
    return got == gold


def score_document(ann: dict, raw: bytes) -> Result:
    result = Result(ann["file"], ann.get("lang", "en"), ann.get("kind", ""), gold_date(ann))
    try:
        doc = run_generator(raw, f"bench/data/excerpts/{ann['file']}")
    except Exception as exc:  # SourceError, or a bug: scored as a miss on every count
        result.failed = f"{type(exc).__name__}: {exc}"
        result.furniture = [(line, False) for line in ann.get("furniture") or ()]
        result.story = [(s, False) for s in ann.get("story") or ()]
        for metric in METRICS[2:]:
            result.fields[metric] = (False, None, None)
        return result
    body, lines, paragraphs = _body(doc)
    result.furniture = [
        (line, not furniture_present(line, body, lines, paragraphs)) for line in ann.get("furniture") or ()
    ]
    result.story = [(s, norm(s) in body) for s in ann.get("story") or ()]
    gold = gold_date(ann)
    result.fields = {
        "dates": (date_right(doc.date, gold), doc.date, gold),
        "titles": (title_right(doc.title, doc.title_generated, ann.get("title")), doc.title, ann.get("title")),
        "publishers": (
            publisher_right(doc.publisher, ann.get("publisher"), ann.get("publisher_alternatives") or []),
            doc.publisher,
            ann.get("publisher"),
        ),
        "bylines": (bylines_right(doc.authors, ann.get("authors") or []), list(doc.authors), ann.get("authors")),
        "datelines": (dateline_right(doc.dateline, ann.get("dateline")), doc.dateline, ann.get("dateline")),
    }
    return result


# --- peers -------------------------------------------------------------------------------


def peer_datefinder(text: str) -> date | None:
    import datefinder

    try:
        for found in datefinder.find_dates(text, strict=True):
            return found.date()
    except Exception:  # the library raises on some inputs; that is a miss, not a crash
        return None
    return None


def peer_dateparser(text: str) -> date | None:
    from dateparser.search import search_dates

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(text, settings={"STRICT_PARSING": True})
    except Exception:
        return None
    return found[0][1].date() if found else None


# --- the evaluation ----------------------------------------------------------------------


HALVES = ("dev", "check")


def in_half(file: str, half: str | None) -> bool:
    """``dev``: texts whose number NNN is even; ``check``: odd; None: every text."""
    if half is None:
        return True
    number = int(file[:3])
    return (number % 2 == 0) == (half == "dev")


def present(half: str | None = None) -> list[tuple[dict, bytes]]:
    if not DATA.is_dir():
        return []
    return [
        (ann, (DATA / ann["file"]).read_bytes())
        for ann in annotations()
        if (DATA / ann["file"]).is_file() and in_half(ann["file"], half)
    ]


def run_all(half: str | None = None) -> list[tuple[Result, dict[str, tuple[bool, date | None]]]]:
    """Every present text (of one half, if named): the generator's result and the peers' date verdicts."""
    ensure_importable()
    out = []
    for ann, raw in present(half):
        result = score_document(ann, raw)
        text = raw.decode("utf-8", errors="replace")
        gold = gold_date(ann)
        found = {"peer_datefinder_dates": peer_datefinder(text), "peer_dateparser_dates": peer_dateparser(text)}
        peers = {name: (date_right(got, gold), got) for name, got in found.items()}
        out.append((result, peers))
    return out


def figures(rows: list[tuple[Result, dict[str, tuple[bool, date | None]]]]) -> dict[str, float]:
    if not rows:
        return {}
    furniture = [removed for r, _ in rows for _, removed in r.furniture]
    story = [kept for r, _ in rows for _, kept in r.story]
    out = {
        "furniture_removed": sum(furniture) / len(furniture) if furniture else 1.0,
        "story_kept": sum(story) / len(story) if story else 1.0,
    }
    for metric in METRICS[2:]:
        out[metric] = sum(r.fields[metric][0] for r, _ in rows) / len(rows)
    for peer in PEERS:
        out[peer] = sum(p[peer][0] for _, p in rows) / len(rows)
    # the same date verdicts split by whether the text gives a publication date at all
    given = [(r, p) for r, p in rows if r.gold_date is not None]
    absent = [(r, p) for r, p in rows if r.gold_date is None]
    for suffix, part in (("_when_given", given), ("_when_absent", absent)):
        if part:
            out["dates" + suffix] = sum(r.fields["dates"][0] for r, _ in part) / len(part)
            for peer in PEERS:
                out[peer + suffix] = sum(p[peer][0] for _, p in part) / len(part)
    out["texts"] = float(len(rows))
    out["failed"] = float(sum(bool(r.failed) for r, _ in rows))
    return out


def evaluate(half: str | None = None) -> dict[str, dict[str, float]]:
    """Dataset name -> metric -> value; {} (and a message on stderr) when the texts are absent."""
    if not DATA.is_dir() or not any(DATA.glob("[0-9][0-9][0-9]_*.txt")):
        missing("excerpts", HOW_TO_GET)
        return {}
    rows = run_all(half)
    absent = sum(in_half(ann["file"], half) for ann in annotations()) - len(rows)
    if absent:
        print(f"excerpts: {absent} of {len(annotations())} annotated texts absent; {HOW_TO_GET}", file=sys.stderr)
    result = {"excerpts": figures(rows)}
    nonen = [row for row in rows if row[0].lang != "en"]
    if nonen:
        result["excerpts-nonen"] = figures(nonen)
    return {name: values for name, values in result.items() if values}


def _table(results: dict[str, dict[str, float]]) -> str:
    names = list(results)
    metrics = (
        list(METRICS)
        + list(PEERS)
        + [name + suffix for suffix in ("_when_given", "_when_absent") for name in ("dates", *PEERS)]
        + ["texts", "failed"]
    )
    width = max(len(m) for m in metrics)
    lines = [f"{'metric':<{width}}  " + "  ".join(f"{n:>15}" for n in names)]
    for metric in metrics:
        cells = []
        for name in names:
            value = results[name].get(metric)
            if value is None:
                cells.append(f"{'-':>15}")
            elif metric in ("texts", "failed"):
                cells.append(f"{int(value):>15d}")
            else:
                cells.append(f"{value:>15.3f}")
        lines.append(f"{metric:<{width}}  " + "  ".join(cells))
    return "\n".join(lines)


def _misses(rows) -> str:
    out = []
    for result, peers in rows:
        notes = []
        if result.failed:
            notes.append(f"  FAILED: {result.failed}")
        notes += [f"  furniture kept: {line!r}" for line, removed in result.furniture if not removed]
        notes += [f"  story lost: {s!r}" for s, kept in result.story if not kept]
        for metric, (right, got, gold) in result.fields.items():
            if not right and not result.failed:
                notes.append(f"  {metric}: got {got!r}, gold {gold!r}")
        notes += [
            f"  {peer}: got {got!r}, gold {result.gold_date!r}" for peer, (right, got) in peers.items() if not right
        ]
        if notes:
            out.append(f"{result.file} ({result.kind}, {result.lang})\n" + "\n".join(notes))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.excerpts", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss per text")
    parser.add_argument("--half", choices=HALVES, help="dev: texts numbered even (develop here); check: odd")
    args = parser.parse_args(argv)
    if args.verbose:
        rows = run_all(args.half)
        if not rows:
            missing("excerpts", HOW_TO_GET)
            return 0
        print(_misses(rows))
        results = {"excerpts": figures(rows)}
        nonen = [row for row in rows if row[0].lang != "en"]
        if nonen:
            results["excerpts-nonen"] = figures(nonen)
    else:
        results = evaluate(args.half)
    if results:
        print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
