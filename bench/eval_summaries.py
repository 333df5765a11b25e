"""Score the generated summaries against human summaries with ROUGE, next to baselines.

    python bench/eval_summaries.py            # table of ROUGE-1/2/L F1 per method and set

Sets: the five seed articles (``content/raw``, references in
``tests/data/reference_summaries.yml``), the unseen articles (``tests/data/unseen_summaries``,
each ``NAME.txt`` with its ``NAME.yml``), and a second, held-out set
(``tests/data/unseen_round2_quotes``, same layout) written before the generator was run on it.
All references were written by hand for the project. Methods, all on the same cleaned
sentences (``generator.sentences``):

- ``ours``: ``generator.summary.select``;
- ``lead-3``: the first three sentences;
- ``lexrank`` and ``textrank``: sumy's, three sentences, with a tokenizer of our own (sumy's
  stock tokenizer needs NLTK data that is not installed): ``generator.sentences`` for
  sentences and a regular expression for words.

ROUGE is rouge-score's, with the Porter stemmer, F1, averaged over the articles of a set.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import pipeline, summary  # noqa: E402
from generator.config import Settings, load_settings  # noqa: E402
from generator.document import Document  # noqa: E402
from generator.text import sentences_of  # noqa: E402

SEEDS = ROOT / "content" / "raw"
SEED_REFERENCES = ROOT / "tests" / "data" / "reference_summaries.yml"
UNSEEN = ROOT / "tests" / "data" / "unseen_summaries"
HELD_OUT = ROOT / "tests" / "data" / "unseen_round2_quotes"
METRICS = ("rouge1", "rouge2", "rougeL")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Case:
    name: str
    doc: Document
    reference: list[str]


def settings() -> Settings:
    return load_settings(ROOT, ROOT / "content" / "data")


def seed_cases(config: Settings) -> list[Case]:
    references = yaml.safe_load(SEED_REFERENCES.read_text(encoding="utf-8"))["summaries"]
    return [
        Case(path.name, pipeline.process(path, config), list(references[path.name]))
        for path in pipeline.raw_files(SEEDS)
        if path.name in references
    ]


def unseen_cases(config: Settings, folder: Path = UNSEEN) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.txt")):
        annotation = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))
        cases.append(Case(path.name, pipeline.process(path, config), list(annotation["summary"])))
    return cases


# -- methods -------------------------------------------------------------------------------


def ours(doc: Document) -> list[str]:
    chosen = summary.select(list(doc.sentences), transcript=doc.kind == "transcript", paragraphs=doc.paragraphs)
    return [s.text for s in chosen]


def lead3(doc: Document) -> list[str]:
    return [s.text for s in doc.sentences[:3]]


class Tokenizer:
    """sumy's tokenizer interface, without NLTK data: our sentence splitter and a word regex."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(sentences_of(text))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


def _sumy(doc: Document, summarizer_class, count: int = 3) -> list[str]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.utils import get_stop_words

    text = "\n\n".join(p.text for p in doc.paragraphs if p.kind == "text")
    parser = PlaintextParser.from_string(text, Tokenizer())
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(parser.document, count)]


def lexrank(doc: Document) -> list[str]:
    from sumy.summarizers.lex_rank import LexRankSummarizer

    return _sumy(doc, LexRankSummarizer)


def textrank(doc: Document) -> list[str]:
    from sumy.summarizers.text_rank import TextRankSummarizer

    return _sumy(doc, TextRankSummarizer)


METHODS = {"ours": ours, "lead-3": lead3, "lexrank": lexrank, "textrank": textrank}


# -- scoring -------------------------------------------------------------------------------


def score(cases: list[Case], method) -> dict[str, float]:
    """Mean ROUGE F1 of ``method`` over ``cases``."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    totals = dict.fromkeys(METRICS, 0.0)
    for case in cases:
        result = scorer.score(" ".join(case.reference), " ".join(method(case.doc)))
        for metric in METRICS:
            totals[metric] += result[metric].fmeasure
    return {metric: totals[metric] / max(1, len(cases)) for metric in METRICS}


def table(sets: dict[str, list[Case]], methods: dict) -> str:
    lines = [f"{'set':<9} {'method':<10} {'R-1':>6} {'R-2':>6} {'R-L':>6}  articles"]
    for set_name, cases in sets.items():
        for name, method in methods.items():
            result = score(cases, method)
            lines.append(
                f"{set_name:<9} {name:<10} {result['rouge1']:6.3f} {result['rouge2']:6.3f} "
                f"{result['rougeL']:6.3f}  {len(cases)}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each article's summaries too")
    args = parser.parse_args(argv)
    config = settings()
    seeds, unseen, held_out = seed_cases(config), unseen_cases(config), unseen_cases(config, HELD_OUT)
    everything = seeds + unseen + held_out
    print(table({"seeds": seeds, "unseen": unseen, "held-out": held_out, "all": everything}, METHODS))
    if args.show:
        for case in everything:
            print(f"\n== {case.name}")
            for name, method in METHODS.items():
                print(f"  [{name}]")
                for sentence in method(case.doc):
                    print(f"    - {sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
