"""Summaries: what may be picked, how many, in which order, and a floor against lead-3."""

from __future__ import annotations

import numpy as np
import pytest

from bench import eval_summaries
from generator import sentences, summary
from generator.document import Document, Paragraph, Sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "He added that the talks would go on for at least another week or two.",
        "But the company said it would not change its plans for the coming year.",
        '"We will win this one in the end, whatever happens," said Maria Lopez.',
        "So should you change what you drink in the morning before you go to work?",
        "Vladimir Putin and Kim Jong-un have signed a new chilling pact in Pyongyang[/caption]",
        "Photo: Getty Images shows the two leaders at the airport in Pyongyang on Wednesday.",
        "Read more: Kellerby port expansion plan approved by the council on Monday night.",
        "The expert Jane Hill said: “What looks like a welcome is really a dance to determine dominance.",
        "This is a fascinating almost reverse take on the normal Power battles that.",
        "Kim Jong Yong it was a handshake it was quite close body language.",
        "Too short to say much.",
    ],
)
def test_sentences_that_cannot_stand_alone_are_not_candidates(sentence):
    assert not summary.is_candidate(sentence)


def test_a_plain_news_sentence_is_a_candidate():
    assert summary.is_candidate("The council voted on Tuesday to build a new bridge over the river.")


def test_summary_is_two_to_four_sentences_in_text_order(seed_docs):
    for name, doc in seed_docs.items():
        assert 2 <= len(doc.summary) <= 4, name
        positions = [next(i for i, s in enumerate(doc.sentences) if s.text == text) for text in doc.summary]
        assert positions == sorted(positions), name


def test_summary_never_picks_a_dependent_sentence(seed_docs, settings):
    for doc in seed_docs.values():
        for text in doc.summary:
            assert summary.is_candidate(text), text
    # The lines above hold by construction (select keeps only candidates); here the first and
    # most central sentences lean on what came before, so a summary that let them in would show it.
    dependent = (
        "He added that the council would vote on the new bridge over the river Arden on Tuesday.",
        "But the council said the new bridge over the river Arden would cost about 40 million pounds.",
    )
    standalone = (
        "The council will vote on Tuesday on a new bridge over the river Arden, officials said.",
        "Residents have campaigned for a second crossing over the river Arden for more than a decade.",
        "Work on the new bridge over the river Arden would start in the spring if the council agrees.",
    )
    picked = _summary_of(dependent[0], standalone[0], dependent[1], *standalone[1:], settings=settings)
    assert picked and set(picked) <= set(standalone), picked


def test_no_two_summary_sentences_say_the_same_thing():
    texts = [
        "The council voted on Tuesday to build a new bridge over the river Arden.",
        "The council voted on Tuesday to build a new bridge over the river Arden, officials said.",
        "Work on the bridge will start in the spring and cost about 40 million pounds.",
        "Residents have campaigned for a second crossing for more than a decade now.",
    ]
    chosen = [s.text for s in summary.select([Sentence(t, i, 0) for i, t in enumerate(texts)])]
    assert not (texts[0] in chosen and texts[1] in chosen)


def _summary_of(*paragraphs: str, settings) -> tuple[str, ...]:
    doc = Document(source="t.txt", source_sha256="0", paragraphs=tuple(Paragraph(p) for p in paragraphs))
    return summary.run(sentences.run(doc, settings), settings).summary


_NEWS = (
    "The Minister for Housing confirmed on Wednesday that rent controls will be extended to every county in June.",
    "Landlords' groups said the decision would push more small investors to sell their properties this year.",
    "Tenants' charities welcomed the decision but said it would do little for households facing eviction.",
)


def test_the_middle_of_a_running_quotation_is_not_picked(settings):
    running = (
        '"We looked at this carefully over the winter. The evidence from the board is that rent controls '
        "have slowed rent inflation in every county where they apply, and the Minister for Housing wants every "
        "renter to have that protection."
    )
    picked = _summary_of(_NEWS[0], running, *_NEWS[1:], settings=settings)
    assert not any("The evidence from the board" in text for text in picked)
    assert picked


def test_an_interviews_questions_and_answers_are_not_picked(settings):
    answer = (
        "A: The Minister for Housing has extended rent controls to every county because rents in "
        "every county rose faster than wages this year."
    )
    picked = _summary_of(
        _NEWS[0], "Q: Why did the rent controls change this year?", answer, *_NEWS[1:], settings=settings
    )
    assert not any("rose faster than wages" in text for text in picked)
    assert picked


@pytest.fixture(scope="module")
def unseen(settings):
    return eval_summaries.unseen_cases(settings)


def test_unseen_set_is_large_enough(unseen):
    assert len(unseen) >= 3


@pytest.fixture(scope="module")
def held_out(settings):
    return eval_summaries.unseen_cases(settings, eval_summaries.HELD_OUT)


def test_ours_scores_at_least_lead3_in_rouge1_on_unseen_articles(unseen):
    ours = eval_summaries.score(unseen, eval_summaries.ours)["rouge1"]
    lead3 = eval_summaries.score(unseen, eval_summaries.lead3)["rouge1"]
    assert ours >= lead3, (ours, lead3)


def test_ours_scores_at_least_lead3_in_rouge1_on_held_out_articles(held_out):
    assert len(held_out) >= 10
    ours = eval_summaries.score(held_out, eval_summaries.ours)["rouge1"]
    lead3 = eval_summaries.score(held_out, eval_summaries.lead3)["rouge1"]
    assert ours >= lead3, (ours, lead3)


# -- the learnt scorer (defaults/summary_model.json, bench/train_summary.py) -----------------


def test_the_weights_file_is_plain_json_matching_the_features():
    import json

    from generator.config import PACKAGE_DEFAULTS

    weights = json.loads((PACKAGE_DEFAULTS / "summary_model.json").read_text(encoding="utf-8"))
    assert weights["features"] == list(summary.FEATURES)
    for key in ("mean", "scale", "coef"):
        assert len(weights[key]) == len(summary.FEATURES)
    assert all(value > 0 for value in weights["scale"])
    selection = weights["selection"]
    assert 2 <= selection["min_sentences"] <= selection["max_sentences"] <= 4
    assert summary.model() is summary.model()  # read once


_STORY = (
    "The Minister for Housing confirmed on Wednesday that rent controls will be extended to every county in June.",
    "Landlords' groups said the decision would push many small investors to sell their properties this year.",
    "Tenants' charities welcomed the decision but said it would do little for households facing eviction now.",
    "The controls were first tried in three counties in 2021, where rents rose by less than two per cent.",
    "A review by the housing board found that fewer new homes were offered for rent in those three counties.",
    "The opposition said it would vote against the extension when the bill comes before parliament next month.",
    "Officials expect the bill to pass with the support of two smaller parties in the governing coalition.",
    "Rents across the country rose by an average of nine per cent last year, the fastest rise in two decades.",
    "The Minister is due to publish the full details of the scheme at a press conference on Friday morning.",
)


def test_the_lede_opens_a_news_summary(settings):
    picked = _summary_of(*_STORY, settings=settings)
    assert picked[0] == _STORY[0]
    assert 2 <= len(picked) <= 4


def test_the_summary_stops_near_the_target_length(settings):
    picked = _summary_of(*_STORY, settings=settings)
    target = summary.model()["selection"]["target_words"]
    words = [len(text.split()) for text in picked]
    assert sum(words[:-1]) < target  # the last sentence was added while still short of the target
    assert len(picked) < len(_STORY)


def test_a_caption_left_in_the_body_is_not_picked(settings):
    caption = "Rent fears: Tenants queue outside the housing office in the capital on Wednesday morning (pictured)"
    label = "Packed meeting: Tenants and landlords argue about rent controls at the town hall last night"
    picked = _summary_of(_STORY[0], caption, label, *_STORY[1:], settings=settings)
    assert caption not in picked and label not in picked
    assert picked


def test_a_deck_that_opens_on_a_label_opens_the_summary(settings):
    deck = "Rent fears: Tenants in the capital face rises of a fifth as the council ends its cap on rents."
    picked = _summary_of(deck, *_STORY, settings=settings)
    assert picked[0] == deck
    assert deck not in _summary_of(_STORY[0], deck, *_STORY[1:], settings=settings)  # later: a caption's label


def test_an_unpunctuated_paragraph_after_the_first_counts_as_a_caption(settings):
    caption = "Tenants queue outside the housing office in the capital on Wednesday as the new rules are announced"
    picked = _summary_of(_STORY[0], caption, *_STORY[1:], settings=settings)
    assert caption not in picked


def test_a_transcript_is_scored_by_substance_not_position():
    weights = summary.model()
    rows = np.array([[1.0, 1.0, 0.0, 3.0, 0.4, 1.0, 1.0, 0.0, 0.1, 0.0, 0.0]])
    later = rows.copy()
    later[0, [summary.FEATURES.index(n) for n in ("first", "position", "relative", "lead")]] = [0.0, 0.05, 0.9, 0.1]
    assert summary.scores(rows, weights, transcript=True)[0] == pytest.approx(
        summary.scores(later, weights, transcript=True)[0]
    )
    assert summary.scores(rows, weights)[0] != pytest.approx(summary.scores(later, weights)[0])


def test_choose_skips_a_repeat_and_keeps_two_to_four_in_text_order():
    similarity = np.eye(5)
    similarity[0, 1] = similarity[1, 0] = 0.9  # 1 repeats 0
    settings = {"target_words": 1000, "overshoot": 1000, "redundancy": 0.5, "min_sentences": 2, "max_sentences": 4}
    chosen = summary.choose([0, 1, 2, 3, 4], np.array([5.0, 4.0, 3.0, 2.0, 1.0]), similarity, [20] * 5, settings)
    assert chosen == [0, 2, 3, 4]
    short = {**settings, "target_words": 30}
    assert summary.choose([0, 1, 2, 3, 4], np.array([1.0, 2.0, 3.0, 4.0, 5.0]), similarity, [20] * 5, short) == [3, 4]


def test_choose_with_mmr_prefers_a_sentence_that_adds_something():
    similarity = np.eye(4)
    similarity[0, 1] = similarity[1, 0] = 0.4  # under the repeat threshold, but close to 0
    settings = {"target_words": 40, "overshoot": 1000, "redundancy": 0.5, "min_sentences": 2, "max_sentences": 4}
    score = np.array([5.0, 4.0, 3.9, 1.0])
    assert summary.choose([0, 1, 2, 3], score, similarity, [20] * 4, settings) == [0, 1]
    assert summary.choose([0, 1, 2, 3], score, similarity, [20] * 4, {**settings, "mmr": 1.0}) == [0, 2]


def test_choose_forces_the_lede_only_when_it_is_long_enough():
    similarity = np.eye(4)
    settings = {"target_words": 40, "overshoot": 1000, "redundancy": 0.5, "min_sentences": 2, "max_sentences": 4}
    score, counts = np.array([0.0, 3.0, 2.0, 1.0]), [8, 20, 20, 20]
    forced = {**settings, "keep_first": True}
    assert summary.choose([0, 1, 2, 3], score, similarity, counts, forced) == [0, 1, 2]
    assert summary.choose([0, 1, 2, 3], score, similarity, counts, {**forced, "lede_min_words": 10}) == [1, 2]


def test_the_training_fit_is_deterministic():
    from bench import train_summary

    rng = np.random.default_rng(0)
    items = []
    for _ in range(4):
        rows = rng.random((8, len(summary.FEATURES)))
        labels = {"greedy": (rows[:, 1] > 0.5).astype(float), "soft": rows[:, 1] * 0.8}
        items.append({"candidates": list(range(8)), "rows": rows, "labels": labels})
    assert train_summary.fit(items, 0.1) == train_summary.fit(items, 0.1)
    assert train_summary.fit(items, 0.1, labelling="soft") == train_summary.fit(items, 0.1, labelling="soft")
    assert train_summary.fit(items, 0.1, ("position",))["coef"][summary.FEATURES.index("first")] == 0.0


def test_the_summary_data_file_is_validated():
    import pydantic

    with pytest.raises(pydantic.ValidationError):
        summary.SummaryData(caption_label_max_words=0)
    with pytest.raises(pydantic.ValidationError):
        summary.SummaryData(furniture_pattern=["x"])  # misspelt key
    assert summary.is_furniture("Scroll down for video of the launch")


def test_a_transcript_summary_takes_what_is_said_before_talk_about_the_talk(seed_docs):
    doc = seed_docs["000_0982db6d20d8ea7a.txt"]
    assert any(not summary.is_spoken_filler(s) for s in doc.summary)
    assert not any("eye contact" in s for s in doc.summary)


def test_the_standfirst_under_a_headline_opens_the_summary_whole_and_little_follows(settings):
    # A two-sentence deck: the summary is the deck (it sums the story up already), even where its
    # first sentence opens on a word that elsewhere refers back.
    deck = (
        "Since 2001, the council has sent tenants who fall behind on rent straight to the courts.",
        "Today a settlement ends the practice in every county.",
    )
    doc = Document(
        source="t.txt",
        source_sha256="0",
        paragraphs=(Paragraph(" ".join(deck)), *(Paragraph(p) for p in _STORY)),
        standfirst=1,
    )
    assert summary.run(sentences.run(doc, settings), settings).summary == deck
    # A one-sentence standfirst gets one sentence more, to make two.
    doc = doc.with_(paragraphs=(Paragraph(deck[1]), *(Paragraph(p) for p in _STORY)))
    picked = summary.run(sentences.run(doc, settings), settings).summary
    assert picked[0] == deck[1] and len(picked) == 2
