"""A deterministic scaled corpus for the speed benchmark, generated from made-up word lists.

``write_corpus(folder, size)`` writes ``size`` distinct raw sources: articles from eight
fictional outlets about eight fictional storylines, in bursts of coverage spread over about two
and a half years, with varied date lines, bylines, datelines, quotes and crossheads; about one
in twelve is a labelled transcript and one in fourteen an undated piece. Article ``i`` depends
only on ``i``, so the corpus of 100 is the first 100 of the corpus of 1,000 and per-article
figures compare like with like. The words come from ``bench/corpus_words.yml``: nobody's text.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS_FILE = Path(__file__).with_name("corpus_words.yml")
FIRST_DAY = date(2023, 1, 2)
SPAN_DAYS = 900  # dates spread over about two and a half years
BURSTS_PER_STORYLINE = 24  # runs of coverage of one storyline
TRANSCRIPT_EVERY, UNDATED_EVERY = 12, 14
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth")


@cache
def _words() -> dict[str, Any]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


class _Writer:
    """The slot values of one source: one person, place, storyline and day, chosen by its number."""

    def __init__(self, number: int):
        words = _words()
        self.rng = random.Random(f"newsdossier-speed-corpus-{number}")
        self.number = number
        self.outlet = self.rng.choice(words["outlets"])
        self.story = self.rng.choice(words["storylines"])
        burst = random.Random(f"{self.story['topic']}-{self.rng.randrange(BURSTS_PER_STORYLINE)}")
        self.day = FIRST_DAY + timedelta(days=burst.randrange(SPAN_DAYS) + self.rng.randrange(4))
        self.people = [
            f"{self.rng.choice(words['first_names'])} {self.rng.choice(words['surnames'])}" for _ in range(3)
        ]

    def fill(self, template: str) -> str:
        words, rng = _words(), self.rng
        values = {
            "org": self.story["org"],
            "topic": self.story["topic"],
            "thing": rng.choice(self.story["things"]),
            "verb": rng.choice(words["verbs"]),
            "weekday": rng.choice(words["weekdays"]),
            "month": rng.choice(words["months"]),
            "place": rng.choice(words["places"]),
            "person": rng.choice(self.people),
            "role": rng.choice(words["roles"]),
            "ordinal": rng.choice(_ORDINALS),
            "count": f"{rng.randrange(40, 9000):,}",
            "count2": str(rng.randrange(2, 12)),
            "money": str(rng.randrange(3, 900)),
            "percent": str(rng.randrange(5, 60)),
        }
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def date_line(self) -> str:
        day = self.day
        forms = (
            f"{day.day} {day:%B %Y}",
            f"{day:%A, %B} {day.day}, {day.year}",
            f"Updated {self.rng.randrange(6, 23):02d}:{self.rng.randrange(60):02d} GMT, {day.day} {day:%B %Y}",
            f"Published {day.isoformat()}",
        )
        return self.rng.choice(forms)

    def body(self) -> list[str]:
        words, rng = _words(), self.rng
        place = rng.choice(words["places"])
        opener = self.fill(rng.choice(words["openers"]))
        if rng.random() < 0.5:
            opener = f"{place.upper()}, {self.day:%B} {self.day.day} ({self.outlet['wire']}) - {opener}"
        paragraphs = [opener]
        for _ in range(rng.randrange(6, 13)):
            if rng.random() < 0.3:
                paragraphs.append(self.fill(rng.choice(words["quotes"])))
            else:
                chosen = rng.sample(words["sentences"], rng.randrange(1, 4))
                paragraphs.append(" ".join(self.fill(template) for template in chosen))
            if rng.random() < 0.08:
                paragraphs.append(self.fill(rng.choice(words["crossheads"])))
        return paragraphs

    def headline(self) -> str:
        thing = self.rng.choice(self.story["things"])
        place = self.rng.choice(_words()["places"])
        return f"{place} {self.story['topic']}: {self.story['org'][4:]} and the {thing} (report {self.number})"

    def article(self, dated: bool) -> str:
        lines = [self.headline(), ""]
        lines += [self.date_line() if dated else f"{self.rng.randrange(2, 11)} months ago", ""]
        if self.rng.random() < 0.7:
            lines += [f"By {self.people[0]}", ""]
        for paragraph in self.body():
            lines += [paragraph, ""]
        lines.append(f"© {self.outlet['name']} {self.day.year}")
        return "\n".join(lines) + "\n"

    def transcript(self) -> str:
        words = _words()
        speakers = ["MODERATOR", *(person.split()[1].upper() for person in self.people)]
        place = self.rng.choice(words["places"])
        lines = [f"Briefing on the {self.story['topic']} in {place} (transcript {self.number})", ""]
        for turn in range(self.rng.randrange(10, 18)):
            template = self.rng.choice(words["transcript_lines"])
            lines.append(self.fill(template.replace("{speaker}", speakers[turn % len(speakers)])))
        return "\n".join(lines) + "\n"


def source_text(number: int) -> str:
    writer = _Writer(number)
    if number % TRANSCRIPT_EVERY == TRANSCRIPT_EVERY - 1:
        return writer.transcript()
    return writer.article(dated=number % UNDATED_EVERY != UNDATED_EVERY - 1)


def write_corpus(folder: Path, size: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(size):
        path = folder / f"{number:05d}_speed.txt"
        path.write_text(source_text(number), encoding="utf-8")
        paths.append(path)
    return paths
