"""ROUGE against human highlights (Daily Mail), next to lead-3 and LexRank, per half.

    python -m bench summaries            # the table; exit 1 when a figure is under its floor
    python -m bench summaries --show     # each story's summaries too

Each story of ``bench/summaries_manifest.yml`` (in the git-ignored ``bench/data/dailymail/``;
``python bench/fetch_dailymail.py`` says how to get them) is split into its article and its
``@highlight`` lines. The article goes to the generator as a raw ``.txt`` (every stage, as a user's
file would), and its summary is scored with rouge-score (ROUGE-1/2/L F1, Porter stemmer) against the
highlights joined. lead-3 and sumy's LexRank (3 sentences, our own tokenizer: no NLTK data) work
on the same cleaned sentences. ``words`` is the mean summary length in words (the highlights' own
mean is on the ``highlights`` row). The project's own written sets (``bench/eval_summaries.py``)
follow as a regression section.

``gate()`` scores the ``check`` half against ``summaries:`` in ``bench/floors.yml``. The Daily Mail
stories are not in ``../shared``, so on CI (where only ``../shared`` is present) the folder is absent,
``gate()`` returns None and the real-data gate skips summaries.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.common import ROOT, below_floors, ensure_importable, missing, report_drops, run_generator

MANIFEST = ROOT / "bench" / "summaries_manifest.yml"
DATA = ROOT / "bench" / "data" / "dailymail"
EXCERPT_ANNOTATIONS = ROOT / "bench" / "excerpts" / "annotations.yml"
EXCERPT_DATA = ROOT / "bench" / "data" / "excerpts"
METRICS = ("rouge1", "rouge2", "rougeL")
HALVES = ("dev", "check")


@dataclass(frozen=True)
class Story:
    name: str
    half: str
    article: str
    highlights: list[str]


def parse_story(text: str) -> tuple[str, list[str]]:
    """The article (paragraphs before the first ``@highlight``) and the highlights of a ``.story``."""
    article, _sep, rest = text.partition("@highlight")
    highlights = [line.strip() for line in rest.split("@highlight") for line in line.splitlines() if line.strip()]
    return article.strip() + "\n", highlights


def stories(half: str | None = None) -> list[Story]:
    """The stories present (all halves, or one); [] when the folder is absent."""
    if not DATA.is_dir():
        return []
    found = []
    for entry in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["stories"]:
        path = DATA / Path(entry["path"]).name
        if not path.is_file() or (half and entry["half"] != half):
            continue
        article, highlights = parse_story(path.read_text(encoding="utf-8"))
        found.append(Story(path.stem, entry["half"], article, highlights))
    return found


def standfirst_stories(removed: bool = True) -> list[Story]:
    """The hand-annotated real excerpts with a ``standfirst:`` (bench/excerpts/annotations.yml), the
    standfirst as the reference. ``removed``: the article is the saved text with the standfirst's line
    removed (so the summary cannot just copy it); else the text as saved, as a user would give it
    (the summary should recognise the deck). [] when the texts are absent (as on CI)."""
    if not EXCERPT_DATA.is_dir():
        return []
    found = []
    for entry in yaml.safe_load(EXCERPT_ANNOTATIONS.read_text(encoding="utf-8")) or []:
        standfirst = (entry.get("standfirst") or "").strip()
        path = EXCERPT_DATA / entry["file"]
        if not standfirst or not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if line.strip() != standfirst]
        if len(kept) == len(lines):
            continue  # the annotation is not a whole line of this copy: not a fair case
        half = "standfirst" if removed else "deck-in"
        found.append(Story(path.stem, half, "\n".join(kept if removed else lines) + "\n", [standfirst]))
    return found


def document(story: Story):
    return run_generator(story.article.encode("utf-8"), story.name + ".txt")


# -- methods, each Document -> list of sentences --------------------------------------------


def ours(doc) -> list[str]:
    return list(doc.summary)


def lead3(doc) -> list[str]:
    return [s.text for s in doc.sentences[:3]]


def lexrank(doc) -> list[str]:
    ensure_importable()
    from bench import eval_summaries

    return eval_summaries.lexrank(doc)


METHODS = {"ours": ours, "lead-3": lead3, "lexrank": lexrank}


def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def figures(pairs: list[tuple[list[str], list[str]]]) -> dict[str, float]:
    """Mean ROUGE F1 and mean length in words of (summary, highlights) pairs."""
    scorer = _scorer()
    totals = dict.fromkeys((*METRICS, "words"), 0.0)
    for summary, highlights in pairs:
        result = scorer.score(" ".join(highlights), " ".join(summary))
        for metric in METRICS:
            totals[metric] += result[metric].fmeasure
        totals["words"] += len(" ".join(summary).split())
    return {key: value / max(1, len(pairs)) for key, value in totals.items()}


def evaluate(half: str | None, chosen: list[Story] | None = None) -> dict[str, dict[str, float]] | None:
    """Figures per method on one half, or on the stories given (None when there is none)."""
    chosen = stories(half) if chosen is None else chosen
    if not chosen:
        return None
    docs = [(document(s), s) for s in chosen]
    table = {name: figures([(method(doc), s.highlights) for doc, s in docs]) for name, method in METHODS.items()}
    table["highlights"] = {"words": sum(len(" ".join(s.highlights).split()) for s in chosen) / len(chosen)}
    table["_count"] = {"stories": float(len(chosen))}
    return table


def _format(name: str, table: dict) -> list[str]:
    count = int(table["_count"]["stories"])
    lines = []
    for method, row in table.items():
        if method.startswith("_"):
            continue
        scores = " ".join(f"{row[m] * 100:6.1f}" if m in row else f"{'':>6}" for m in METRICS)
        lines.append(f"{name:<10} {method:<11} {scores} {row['words']:6.1f}  {count}")
    return lines


def add_arguments(parser) -> None:
    parser.add_argument("--show", action="store_true", help="print each story's summaries too")
    parser.add_argument("--no-regression", action="store_true", help="skip the project's own written sets")


def run(args) -> int:
    ensure_importable()
    if not DATA.is_dir() or not any(DATA.glob("*.story")):
        missing("dailymail", "run `python bench/fetch_dailymail.py --git-dir DIR` (see bench/summaries_manifest.yml)")
    print(f"{'half':<10} {'method':<11} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'words':>6}  stories")
    drops = []
    for half in HALVES:
        table = evaluate(half)
        if table is None:
            continue
        print("\n".join(_format(half, table)))
        drops += below_floors("summaries", f"dailymail-{half}", {k: v for k, v in table["ours"].items()})
    for removed, name in ((True, "excerpts-standfirst"), (False, "excerpts-deck-in")):
        table = evaluate(None, standfirst_stories(removed))
        if table is None:
            missing(name, "save the texts of bench/excerpts/manifest.yml into bench/data/excerpts/")
            break
        print("\n".join(_format("standfirst" if removed else "deck-in", table)))
        drops += below_floors("summaries", name, table["ours"])
    if args.show:
        for story in [*stories(), *standfirst_stories()]:
            doc = document(story)
            print(f"\n== {story.name} ({story.half})")
            print("  [highlights]\n" + "\n".join(f"    - {h}" for h in story.highlights))
            for name, method in METHODS.items():
                print(f"  [{name}]\n" + "\n".join(f"    - {s}" for s in method(doc)))
    if not args.no_regression:
        from bench import eval_summaries

        config = eval_summaries.settings()
        sets = {
            "seeds": eval_summaries.seed_cases(config),
            "unseen": eval_summaries.unseen_cases(config),
            "held-out": eval_summaries.unseen_cases(config, eval_summaries.HELD_OUT),
        }
        print("\nregression: the project's own written sets (bench/eval_summaries.py)")
        print(eval_summaries.table(sets, {k: eval_summaries.METHODS[k] for k in ("ours", "lead-3", "lexrank")}))
    return report_drops(drops)


def gate():
    """The check half against its floors; None when the Daily Mail stories are absent (as on CI)."""
    ensure_importable()
    table = evaluate("check")
    if table is None:
        print("summaries: bench/data/dailymail is absent (not in ../shared); not checked", file=sys.stderr)
        return None
    return below_floors("summaries", "dailymail-check", table["ours"])
