"""Entities: canonical names from aliases and near spellings, and only the top ones as tags."""

from __future__ import annotations

import pytest

from generator import entities
from tests.conftest import run_stages


def names(text: str, settings) -> list[str]:
    return [m.name for m in entities.mentions(text, settings)]


@pytest.mark.parametrize(
    "text",
    [
        "Kim Jong Un arrived.",
        "Kim Jong-un arrived.",
        "KIM JONG UN arrived.",
        "when Trump met Kim Jong Yong it was a handshake",
        "Ken Jong rolled out literally the red carpet",
        "Kim Jong-unnn arrived.",  # a near spelling, matched fuzzily
    ],
)
def test_spellings_of_kim_jong_un(text, settings):
    assert "Kim Jong Un" in names(text, settings)


def test_kim_inside_another_name_is_not_kim_jong_un(settings):
    text = "Kim Jong Un spoke. Duyeon Kim said so, at Kim Il Sung Square, and Kim Kardashian did not."
    assert names(text, settings).count("Kim Jong Un") == 1
    assert "Duyeon Kim" in names(text, settings)


def test_a_bare_surname_counts_only_with_the_full_name(settings):
    assert "Kim Jong Un" not in names("Kim said he would come.", settings)
    assert names("Kim Jong Un came. Kim said he would.", settings).count("Kim Jong Un") == 2


def test_short_aliases_keep_their_case(settings):
    assert "United States" not in names("Let us go.", settings)
    assert "United States" in names("The US said no.", settings)
    assert "Vladimir Putin" in names("PUTIN and Kim met.", settings)


def test_a_different_kim_is_not_matched_fuzzily(settings):
    assert "Kim Jong Un" not in names("Kim Jong Gyu signed the protocol.", settings)


def test_canonical_names_speakers(settings):
    assert entities.canonical("Kim Jong-un", settings) == "Kim Jong Un"
    assert entities.canonical("Professor Bucy", settings) == "Erik Bucy"
    assert entities.canonical("Jane Nobody", settings) is None


def test_tags_are_the_top_entities_not_every_country_named_once(settings):
    doc = run_stages(
        "Putin and Kim Jong Un meet again\n\n"
        "Vladimir Putin met Kim Jong Un in Pyongyang on Wednesday. Putin praised Kim.\n\n"
        "Japan was not mentioned again. Putin left on Thursday.\n",
        settings,
    )
    assert "Vladimir Putin" in doc.tags and "Kim Jong Un" in doc.tags
    assert "Japan" not in doc.tags


def test_seed_tags_use_canonical_names_whatever_the_spelling(seed_docs):
    transcript = seed_docs["000_0982db6d20d8ea7a.txt"]
    assert {"Vladimir Putin", "Kim Jong Un"} <= set(transcript.tags)
    reuters = seed_docs["002_e6166dfe722375d4.txt"]
    assert "Duyeon Kim" in reuters.tags and "China" not in reuters.tags


def test_a_recurring_unknown_name_is_reported(settings):
    doc = run_stages(
        "Talks in the capital\n\nMaria Gonzalez met the minister. Later Maria Gonzalez said the talks went well.\n",
        settings,
    )
    assert any("'Maria Gonzalez' is named 2 times" in note for note in doc.notes)
