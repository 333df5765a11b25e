"""The line model: a small data file, read without pickle, the same answer every time."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest

from generator import line_model
from tests.conftest import run_stages

STORY = [
    "The harbour council voted on Thursday to build a new sea wall along the eastern quay, after two "
    "winters of flooding left shops on the front closed for weeks.",
    "The wall will cost £4.2 million and take two years to build, the council's engineer told members, "
    "and work is due to start in the autumn once the fishing season ends.",
    "Residents welcomed the decision but asked the council to keep the footpath open while the work goes "
    "on and to publish the timetable early.",
]
PAGE = ["Home", "News", "Sport", "Weather", "Harbour council backs new sea wall", *STORY, "Share", "Impressum"]


@pytest.mark.parametrize("path", [line_model.MODEL_FILE, line_model.EXTRACTED_MODEL_FILE])
def test_the_models_are_small_json_files_whose_features_are_the_modules(path):
    assert path.stat().st_size < 1_000_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == line_model.FEATURES
    assert 0 < data["extracted_threshold"] < data["threshold"] < data["rescue"] <= 1
    assert all(len(key) == 12 for key in data["recurring"])  # hashes of lines, never their text


def test_story_lines_score_high_and_menu_lines_low_every_time():
    first = line_model.probabilities(PAGE)
    assert first == line_model.probabilities(PAGE)
    story = [p for line, p in zip(PAGE, first, strict=True) if line in STORY]
    assert min(story) > max(first[:4]) and min(story) > first[-1]
    assert all(not furniture for line, furniture in zip(PAGE, line_model.furniture(PAGE), strict=True) if line in STORY)


def test_the_model_never_empties_a_document(settings):
    doc = run_stages("Council vote\n\n" + STORY[0] + "\n", settings, until="clean")
    assert doc.body_text == STORY[0]


def test_placement_features_read_the_lines_against_the_story():
    page = ["Menu", STORY[0], "Share this", STORY[1], "The vote was unanimous.", "Impressum"]
    rows = line_model.features(page)
    at = {name: line_model.FEATURES.index(name) for name in ("prose", "between_prose", "prose_after", "title_case")}
    assert [row[at["prose"]] for row in rows] == [0.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    assert rows[2][at["between_prose"]] == 1.0 and rows[0][at["between_prose"]] == 0.0
    assert rows[4][at["prose_after"]] == 0.0 and rows[0][at["prose_after"]] > 0
    assert line_model.features(["Sign In To Your Account"])[0][at["title_case"]] == 1.0


def test_a_long_last_sentence_after_furniture_stays(settings):
    # The last line of a live page, after its timestamps: a complete sentence as long as the story's.
    last = (
        "The forecasters expect the river to fall below the flood mark by Friday morning, according to the "
        "figures published by the agency."
    )
    raw = "Harbour council backs new sea wall\n\n" + "\n\n".join([*STORY, "Share", "Updated 14:40", "13:58", last])
    doc = run_stages(raw + "\n", settings, until="clean")
    assert last in doc.body_text and "Updated 14:40" not in doc.body_text


class _ByLength(line_model.Model):
    """A stand-in model that finds a line of four words or more story and a shorter one furniture."""

    def probability(self, row: list[float]) -> float:
        return 0.9 if row[line_model.FEATURES.index("log_words")] > math.log(4) else 0.01


def _pruned(texts: list[str], extracted: bool, headings: frozenset[str] = frozenset()) -> list[str]:
    model = _ByLength(line_model.FEATURES, (), 0.0, 0.1, threshold=0.09, rescue=0.95, recurring={})
    lines = [SimpleNamespace(number=n, text=text) for n, text in enumerate(texts, 1)]
    blocks = [(line, "heading" if line.text in headings else "text") for line in lines]
    _, kept = line_model.prune(lines, blocks, [], model=model, extracted=extracted)
    return [line.text for line, _ in kept]


def test_a_heading_goes_with_the_furniture_it_labelled():
    widget = ["Kommentar hinzufügen", "Name", "E-Mail"]  # the rules took its label for a crosshead
    kept = _pruned(
        ["What happens next", *STORY, *widget], extracted=False, headings=frozenset(widget[:1] + ["What happens next"])
    )
    assert kept == ["What happens next", *STORY]


def test_a_list_stays_or_goes_as_one_block():
    features = ["- A concrete wall along the eastern quay", "- Flood gates", "- New drains under the front"]
    related = ["- Ferry fares rise", "- Lifeboat crew honoured", "- Harbour car park charges to rise again"]
    kept = _pruned([*STORY, *features, STORY[0], "More stories", *related], extracted=False)
    assert "- Flood gates" in kept  # a short item of a list of long ones
    assert not set(related) & set(kept)  # the one long headline goes with the short ones
    # An extractor's choice of main text: the ingredients stay when one of them reads like story.
    ingredients = ["- 300 grams butter", "- 6 eggs", "- 2 teaspoons of baking powder"]
    assert set(ingredients) <= set(_pruned([*STORY, *ingredients, STORY[1]], extracted=True))
    assert not set(ingredients) & set(_pruned([*STORY, *ingredients, STORY[1]], extracted=False))


def test_the_words_a_line_holds_weigh_in_but_stop_words_do_not():
    at = line_model.FEATURES.index("vocabulary"), line_model.FEATURES.index("vocabulary_min")
    weights = {"newsletter": -4.0, "harbour": 1.0}
    promo, story = line_model.features(["The newsletter", "The harbour"], vocabulary=weights)
    assert (promo[at[0]], promo[at[1]]) == (-4.0, -4.0)  # "the" is a stop word: not weighed
    assert (story[at[0]], story[at[1]]) == (1.0, 1.0)
    assert line_model.vocabulary_words(["the", "und", "les", "newsletter", "2024", "abc_def"]) == ["newsletter"]
    shipped = line_model.load().vocabulary
    assert shipped["newsletter"] < 0 and not {"the", "und", "der", "les"} & set(shipped)


def test_a_newsletter_prompt_under_a_german_story_goes(settings):
    # The same shape as the dev pages' prompts, written here: a complete sentence the rules keep.
    story = [
        "Der Stadtrat hat am Donnerstag beschlossen, am östlichen Kai eine neue Ufermauer zu bauen, nachdem "
        "zwei Winter mit Hochwasser die Geschäfte an der Promenade wochenlang geschlossen hielten.",
        "Die Mauer soll 4,2 Millionen Euro kosten und in zwei Jahren fertig sein, sagte der Ingenieur der "
        "Stadt, und die Arbeiten sollen im Herbst beginnen, wenn die Fangsaison endet.",
    ]
    prompt = "Abonnieren Sie unseren kostenlosen Newsletter und verpassen Sie keine Artikel mehr."
    raw = "Stadtrat beschließt neue Ufermauer\n\n" + "\n\n".join([*story, prompt, "Impressum"])
    doc = run_stages(raw + "\n", settings, until="clean")
    assert prompt not in doc.body_text and all(line in doc.body_text for line in story)


def test_a_short_sentence_that_carries_the_story_on_stays():
    # The model finds "Nobody was hurt." furniture-like (short, last before the share buttons); after a
    # line it keeps as story, a sentence needs it to be far surer.
    class _Unsure(line_model.Model):
        def probability(self, row: list[float]) -> float:
            return 0.9 if row[line_model.FEATURES.index("log_words")] > math.log(6) else 0.05

    model = _Unsure(line_model.FEATURES, (), 0.0, 0.1, threshold=0.1, rescue=0.95, recurring={})
    texts = [*STORY, "Nobody was hurt.", "Share", "Tweet"]
    lines = [SimpleNamespace(number=n, text=text) for n, text in enumerate(texts, 1)]
    _, kept = line_model.prune(lines, [(line, "text") for line in lines], [], model=model)
    assert [line.text for line, _ in kept] == [*STORY, "Nobody was hurt."]


def test_a_lone_sentence_the_model_doubts_leaves_the_rules_judgement_standing():
    # A page whose rules kept one short sentence (a blog's "Create a free website." footer): the
    # model has no story around it to weigh, and never empties the document.
    assert _pruned(["Site built free."], extracted=False) == ["Site built free."]
