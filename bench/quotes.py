"""Quote attribution on PolNeAR (train and dev): found / right / wrong / none per source type.

    python -m bench quotes [--split train|dev|both] [--limit N] [--show KIND] [--json PATH]

The gold side is read from the corpus's brat standoff (``<split>/attributions/*.ann``), one
annotator file per article: the first by file name (a deterministic choice). A gold quotation
is a quoted segment of the article (text between quotation marks, found here, independently of
the generator) that lies mostly inside a Content span of an Attribution relation; its source is
that relation's Source span, classified as

- ``named``: the head of the source phrase is a proper name ("Donald Trump", "Sen. Ted Cruz
  (R-Texas)", "The New York Post", "Trump campaign manager Kellyanne Conway");
- ``pronoun``: he / she / they / I / we / it ...;
- ``descriptive``: anything else ("the CNN host", "a campaign spokesman", "sources").

The generator runs on the article text; each of its quotes is placed in the article by its text
(a verbatim slice of a paragraph) and aligned to the gold quotation it overlaps most (at least
half of the shorter of the two). A gold quotation is *found* when a generator quote is aligned
to it, and then

- ``right``: the speaker matches the gold source: for named sources, the speaker and the gold
  name share the surname (or are fuzzy-equal, for organisations); for pronoun and descriptive
  sources, the speaker matches the antecedent, taken to be the nearest preceding gold *named*
  source of the article (compatible: he/she need a person). This antecedent is a heuristic of
  the harness, not gold coreference, so for those two types ``attributed`` (non-null speaker)
  vs ``none`` is the robust figure;
- ``wrong``: a different speaker;
- ``none``: no speaker (for descriptive sources with no named antecedent, none is right);
  A descriptive source with a name in apposition ("the assailant, John McGraw,") is judged
  against that name;
- ``short``: right, but the speaker is a single word where the article gives a fuller name.

``spurious`` counts generator quotes with a speaker that match no gold quotation, per 100 gold
quotations. The headline figure is dev named-source quotations right / wrong / none.

``--split excerpts`` (part of ``all``) scores the hand-annotated real excerpts
(``bench.excerpts.quote_cases()``, texts in the git-ignored ``bench/data/excerpts/``, absent in CI):
each annotated quote is found when a generator quote's text contains it or lies inside it, then
right (the same party as the annotated speaker, or no speaker when the annotation has none),
wrong or none, per the annotation's type.

``gate()`` scores the dev split against ``bench/floors.yml`` (``quotes: polnear-dev:``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from bench.common import below_floors, benchmarks_dir, missing, report_drops, run_generator

DATASET = "polnear"
TYPES = ("named", "descriptive", "pronoun")
PRONOUNS = {
    "he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "us", "me", "his", "their", "its",
    "himself", "herself", "themselves", "who", "whom", "which", "that", "one", "this",
}  # fmt: skip
_HEAD_SKIP = {"jr", "jr.", "sr", "sr.", "ii", "iii"}
_ORG_HINT = {
    "campaign", "committee", "news", "post", "times", "journal", "poll", "party", "house", "department",
    "office", "agency", "association", "foundation", "institute", "university", "network", "cnn", "fox",
    "msnbc", "nbc", "abc", "cbs", "reuters", "press", "magazine", "center", "council", "group", "inc.",
    "politico", "breitbart", "bloomberg", "fbi", "gop", "dnc", "rnc", "pac", "super", "court", "senate",
    "congress", "administration", "report", "statement", "survey", "study", "tribune", "globe", "daily",
}  # fmt: skip
_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", "‘": "’", "「": "」"}


@dataclass
class Gold:
    start: int
    end: int
    source: str
    source_start: int
    kind: str  # named / descriptive / pronoun
    name: str | None = None  # the proper name of a named source
    antecedent: str | None = None  # for pronoun / descriptive: the nearest preceding named source
    matched: object = None  # the generator quote aligned to it
    speaker: str | None = None


@dataclass
class Counts:
    quotations: int = 0
    found: int = 0
    right: int = 0
    wrong: int = 0
    none: int = 0
    attributed: int = 0
    short: int = 0

    def add(self, other: Counts) -> None:
        for key in vars(self):
            setattr(self, key, getattr(self, key) + getattr(other, key))


@dataclass
class Result:
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    spurious: int = 0
    generator_quotes: int = 0
    articles: int = 0
    failed: int = 0
    cases: list[dict] = field(default_factory=list)


# -- gold ----------------------------------------------------------------------------------


def article_files(split_dir: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) per article: the first annotator file by name, a deterministic choice."""
    pairs = []
    annotations = sorted((split_dir / "attributions").glob("*.ann"))
    chosen: dict[str, Path] = {}
    for ann in annotations:
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    for stem, ann in sorted(chosen.items()):
        text = split_dir / "text" / f"{stem}.txt"
        if text.is_file():
            pairs.append((text, ann))
    return pairs


def parse_ann(path: Path) -> list[tuple[tuple[int, int, str] | None, list[tuple[int, int]]]]:
    """(source span, content spans) of each Attribution relation."""
    spans: dict[str, tuple[str, int, int, str]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, *offsets = parts[1].split()
            try:
                start, end = int(offsets[0]), int(offsets[-1])
            except (ValueError, IndexError):
                continue
            spans[parts[0]] = (kind, start, end, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    found = []
    for relation in relations:
        source_id = relation.get("Source") or relation.get("source")
        source = spans.get(source_id) if source_id else None
        contents = [spans[v] for k, v in relation.items() if k.lower().startswith("content") and v in spans]
        found.append(
            (
                (source[1], source[2], source[3]) if source else None,
                [(c[1], c[2]) for c in contents],
            )
        )
    return found


def quoted_segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text between quotation marks, paragraph by paragraph (independent of
    the generator: curly pairs, straight marks by alternation; a mark left open runs to the end
    of its paragraph). Two keyboard slips pair too: “…" (a straight mark closing a curly one)
    and ”…” (a closing mark glued to the first word, opening)."""
    segments = []
    for block in re.finditer(r"[^\n]+", text):
        line, base = block.group(0), block.start()
        i, n = 0, len(line)
        while i < n:
            char = line[i]
            if line.startswith("''", i):  # doubled apostrophes, as some US papers print quotes
                j = line.find("''", i + 2)
                end = j if j >= 0 else n
                if end - i > 2:
                    segments.append((base + i + 2, base + end))
                i = end + 2
                continue
            glued = char == "”" and line[i + 1 : i + 2].isalnum() and not line[i - 1 : i].isalnum()
            if char in _OPEN_CLOSE and char != "‘" or char == '"' or glued:
                closer = "”" if glued else _OPEN_CLOSE.get(char, '"')
                j = line.find(closer, i + 1)
                if char in "„“" and j < 0:
                    j = line.find("”" if char == "„" else '"', i + 1)
                end = j if j >= 0 else n
                if end - i > 1:
                    segments.append((base + i + 1, base + end))
                i = end + 1
                continue
            i += 1
    return segments


def _clean_source(source: str) -> str:
    source = re.sub(r"\([^)]*\)", " ", source)
    source = source.split(",")[0]
    source = re.sub(r"[’']s\b", "", source)
    return " ".join(source.split())


def source_kind(source: str) -> tuple[str, str | None]:
    """("named", name) / ("pronoun", None) / ("descriptive", None) for a gold source phrase."""
    phrase = _clean_source(source)
    words = phrase.split()
    if not words:
        return "descriptive", None
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun", None
    head_index = len(words) - 1
    while head_index > 0 and words[head_index].lower().strip(".") in _HEAD_SKIP:
        head_index -= 1
    head = words[head_index]
    if head[:1].isupper() and head.lower() not in PRONOUNS:
        run = [head]
        k = head_index - 1
        while k >= 0 and (words[k][:1].isupper() or words[k].lower() in ("de", "van", "von", "of", "la")):
            run.insert(0, words[k])
            k -= 1
        while run and run[0].lower() in ("the", "a", "of"):
            run = run[1:]
        return "named", " ".join(run)
    return "descriptive", None


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-.]+", name.lower().replace("’", "'")) if t and t not in ("the", "'s")]


def _person_like(name: str) -> bool:
    return not any(t in _ORG_HINT for t in _tokens(name))


def same_party(speaker: str, gold: str) -> bool:
    """Whether a generator speaker names the gold source: shared surname, or fuzzy-equal."""
    ours, theirs = _tokens(speaker), _tokens(gold)
    if not ours or not theirs:
        return False
    if ours[-1] == theirs[-1] or ours[-1] in theirs and len(theirs) > 1 and _person_like(gold):
        return True
    if len(theirs) == 1 and theirs[0] in ours and _person_like(speaker):  # "Xi" for "Xi Jinping"
        return True
    a, b = " ".join(ours), " ".join(theirs)
    return SequenceMatcher(None, a, b).ratio() >= 0.8 or (len(b) >= 4 and (a in b or b in a))


# A description with the name in apposition: "the White House spokesman, Josh Earnest,".
_APPOSITIVE_NAME = re.compile(r"^[^,]*\b[a-z][\w-]*\s*,\s*(?P<name>(?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*)\s*,?\s*$")


def gold_quotations(text: str, ann: Path) -> list[Gold]:
    relations = parse_ann(ann)
    found = []
    for start, end in quoted_segments(text):
        if not text[start:end].strip(" ,.;:"):
            continue
        best = None
        for source, contents in relations:
            inside = sum(max(0, min(end, ce) - max(start, cs)) for cs, ce in contents)
            if inside >= 0.5 * (end - start) and (best is None or inside > best[0]):
                best = (inside, source)
        if best is None or best[1] is None:
            continue
        s_start, _s_end, s_text = best[1]
        kind, name = source_kind(s_text)
        found.append(Gold(start, end, s_text, s_start, kind, name))
    named = sorted((g.source_start, g.name) for g in found if g.kind == "named")
    named += sorted(
        (s[0], source_kind(s[2])[1])
        for s, _c in relations
        if s and source_kind(s[2])[0] == "named" and (s[0], source_kind(s[2])[1]) not in named
    )
    named.sort()
    for gold in found:
        if gold.kind == "named":
            continue
        person = gold.kind == "pronoun" and gold.source.lower() in ("he", "she", "him", "her", "i")
        earlier = [n for s, n in named if s < gold.source_start and n and (not person or _person_like(n))]
        gold.antecedent = earlier[-1] if earlier else None
        appositive = _APPOSITIVE_NAME.search(gold.source)
        if gold.kind == "descriptive" and appositive:  # "the assailant, John McGraw,": the text names them
            gold.antecedent = appositive.group("name")
    return found


# -- the generator's side ---------------------------------------------------------------------


def placed_quotes(doc, text: str) -> list[tuple[int, int, object]]:
    """Each generator quote as (start, end, quote) in the article text."""
    placed = []
    paragraph_at: dict[int, int] = {}
    cursor = 0
    for index, paragraph in enumerate(doc.paragraphs):
        at = text.find(paragraph.text, cursor)
        if at < 0:
            at = text.find(paragraph.text)
        if at >= 0:
            paragraph_at[index] = at
            cursor = at + len(paragraph.text)
    searched: dict[int, int] = {}
    for quote in doc.quotes:
        base = paragraph_at.get(quote.paragraph)
        if base is None:
            at = text.find(quote.text)
            if at >= 0:
                placed.append((at, at + len(quote.text), quote))
            continue
        body = doc.paragraphs[quote.paragraph].text
        offset = body.find(quote.text, searched.get(quote.paragraph, 0))
        if offset < 0:
            offset = body.find(quote.text)
        if offset < 0:
            continue
        searched[quote.paragraph] = offset + 1
        placed.append((base + offset, base + offset + len(quote.text), quote))
    return placed


def fullest_name(text: str, surname: str) -> str:
    """The longest capitalised run of the article ending in ``surname``."""
    runs = re.findall(rf"(?:[A-Z][\w’'.\-]*\s+){{0,3}}{re.escape(surname)}\b", text)
    return max(runs, key=len) if runs else surname


def score_article(text: str, ann: Path, result: Result, name: str, keep_cases: bool = False) -> None:
    golds = gold_quotations(text, ann)
    try:
        doc = run_generator(text.encode("utf-8"), name)
    except Exception as exc:  # noqa: BLE001 - a failed article is counted, not fatal
        print(f"{name}: generator failed: {exc}", file=sys.stderr)
        result.failed += 1
        doc = None
    result.articles += 1
    placed = placed_quotes(doc, text) if doc else []
    result.generator_quotes += len(placed)
    matched_quotes: set[int] = set()
    for gold in golds:
        best, best_overlap = None, 0
        for k, (start, end, _quote) in enumerate(placed):
            overlap = max(0, min(end, gold.end) - max(start, gold.start))
            if overlap >= 0.5 * min(end - start, gold.end - gold.start) and overlap > best_overlap:
                best, best_overlap = k, overlap
        counts = result.by_type[gold.kind]
        counts.quotations += 1
        verdict = "missed"
        if best is not None:
            matched_quotes.add(best)
            speaker = placed[best][2].speaker
            counts.found += 1
            target = gold.name if gold.kind == "named" else gold.antecedent
            if speaker is None:
                counts.none += 1
                verdict = "none"
            else:
                counts.attributed += 1
                if target and same_party(speaker, target):
                    counts.right += 1
                    verdict = "right"
                    surname = target.split()[-1]
                    if len(speaker.split()) == 1 and len(fullest_name(text, surname).split()) > 1:
                        counts.short += 1
                else:
                    counts.wrong += 1
                    verdict = "wrong"
            gold.speaker = speaker
        if keep_cases:
            result.cases.append(
                {
                    "article": name,
                    "kind": gold.kind,
                    "verdict": verdict,
                    "quote": text[gold.start : gold.end][:120],
                    "gold": gold.source,
                    "target": gold.name if gold.kind == "named" else gold.antecedent,
                    "speaker": gold.speaker,
                    "context": text[max(0, min(gold.start, gold.source_start) - 150) : gold.end + 150],
                }
            )
    for k, (start, end, quote) in enumerate(placed):
        if k in matched_quotes or quote.speaker is None:
            continue
        overlapping = any(max(0, min(end, g.end) - max(start, g.start)) > 0 for g in golds)
        if not overlapping:
            result.spurious += 1
            if keep_cases:
                result.cases.append(
                    {
                        "article": name,
                        "kind": "spurious",
                        "verdict": "spurious",
                        "quote": quote.text[:120],
                        "speaker": quote.speaker,
                        "context": text[max(0, start - 200) : end + 150],
                    }
                )


def evaluate(split: str, limit: int | None = None, keep_cases: bool = False) -> Result | None:
    split_dir = benchmarks_dir() / DATASET / split
    if not (split_dir / "text").is_dir():
        missing(f"{DATASET}-{split}", f"expected at {split_dir} (see ../shared/benchmarks/README.md)")
        return None
    result = Result()
    for text_path, ann in article_files(split_dir)[:limit]:
        text = text_path.read_text(encoding="utf-8")
        score_article(text, ann, result, f"{split}/{text_path.name}", keep_cases)
    return result


def _folded(text: str) -> str:
    from bench.excerpts import norm

    return norm(text).lower().strip(" .,;:!?'\"")


def evaluate_excerpts() -> Result | None:
    """The annotated real excerpts' quotes: right / wrong / none per type (see the module text)."""
    from bench.excerpts import DATA, HOW_TO_GET, quote_cases

    cases = list(quote_cases())
    if not DATA.is_dir() or not any((DATA / name).is_file() for name, _ in cases):
        missing("excerpts", HOW_TO_GET)
        return None
    result = Result()
    docs: dict[str, object] = {}
    for name, case in cases:
        if name not in docs:
            path = DATA / name
            docs[name] = run_generator(path.read_bytes(), name) if path.is_file() else None
            result.articles += 1
            result.generator_quotes += len(docs[name].quotes) if docs[name] else 0
        doc = docs[name]
        counts = result.by_type[case.get("type") or "named"]
        counts.quotations += 1
        gold = _folded(case["text"])
        matched = [
            q
            for q in (doc.quotes if doc else ())
            if len(_folded(q.text)) >= 3 and (gold in _folded(q.text) or _folded(q.text) in gold)
        ]
        if not matched:
            continue
        # The quote that is the annotated one, else the longest that holds it or that it holds
        # (the same words can stand in a later, longer quote: "absolutely committed").
        quote = max(matched, key=lambda q: (_folded(q.text) == gold, len(q.text)))
        counts.found += 1
        expected = case.get("speaker")
        if quote.speaker is None:
            counts.right += expected is None
            counts.none += expected is not None
        else:
            counts.attributed += 1
            if expected and same_party(quote.speaker, expected):
                counts.right += 1
            else:
                counts.wrong += 1
    return result


def figures(result: Result) -> dict[str, float]:
    """The gated figures (higher is better)."""
    named = result.by_type["named"]
    total = sum(c.quotations for c in result.by_type.values())
    everything = Counts()
    for counts in result.by_type.values():
        everything.add(counts)
    return {
        "named_found": named.found / max(1, named.quotations),
        "named_right": named.right / max(1, named.quotations),
        "named_not_wrong": 1 - named.wrong / max(1, named.quotations),
        "all_found": everything.found / max(1, total),
        "pronoun_attributed": result.by_type["pronoun"].attributed / max(1, result.by_type["pronoun"].quotations),
        "not_spurious": 1 - result.spurious / max(1, total),
    }


def table(split: str, result: Result) -> str:
    lines = [
        f"PolNeAR {split}: {result.articles} articles, {result.generator_quotes} generator quotes"
        + (f", {result.failed} failed" if result.failed else ""),
        f"  {'source':<12} {'quotes':>6} {'found':>6} {'right':>12} {'wrong':>11} {'none':>12} "
        f"{'attrib':>7} {'short':>6}",
    ]
    everything = Counts()
    for kind in TYPES:
        c = result.by_type[kind]
        everything.add(c)
        lines.append(_row(kind, c))
    lines.append(_row("all", everything))
    per100 = 100 * result.spurious / max(1, everything.quotations)
    lines.append(f"  spurious attributions: {result.spurious} ({per100:.1f} per 100 quotations)")
    return "\n".join(lines)


def _row(label: str, c: Counts) -> str:
    n = max(1, c.quotations)
    return (
        f"  {label:<12} {c.quotations:>6} {c.found:>6} {c.right:>5} {100 * c.right / n:>5.1f}% "
        f"{c.wrong:>4} {100 * c.wrong / n:>5.1f}% {c.none:>5} {100 * c.none / n:>5.1f}% {c.attributed:>7} {c.short:>6}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--split",
        choices=("train", "dev", "excerpts", "both", "all"),
        default="all",
        help="both: train and dev; all: train, dev and the real excerpts",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each split")
    parser.add_argument("--json", type=Path, default=None, help="write every case (git-ignored path!)")


def run(args: argparse.Namespace) -> int:
    splits = {"both": ("train", "dev"), "all": ("train", "dev", "excerpts")}.get(args.split, (args.split,))
    drops = []
    cases = []
    for split in splits:
        started = time.perf_counter()
        if split == "excerpts":
            result = evaluate_excerpts()
            if result is not None:
                print(table(split, result).replace("PolNeAR excerpts", "Real excerpts", 1))
            continue
        result = evaluate(split, args.limit, keep_cases=args.json is not None)
        if result is None:
            continue
        print(table(split, result))
        print(f"  ({time.perf_counter() - started:.1f} s)")
        cases += [dict(case, split=split) for case in result.cases]
        if split == "dev" and args.limit is None:
            named = result.by_type["named"]
            n = max(1, named.quotations)
            print(
                f"HEADLINE dev named-source quotations: right {100 * named.right / n:.1f}% / "
                f"wrong {100 * named.wrong / n:.1f}% / none {100 * named.none / n:.1f}% (of {named.quotations})"
            )
            drops += below_floors("quotes", f"{DATASET}-dev", figures(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(cases, indent=1, ensure_ascii=False), encoding="utf-8")
    return report_drops(drops)


def gate():
    result = evaluate("dev")
    if result is None:
        return None
    return below_floors("quotes", f"{DATASET}-dev", figures(result))
