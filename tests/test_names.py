"""Canonical names from the aliases of the data file."""

from __future__ import annotations

from generator import names


def test_an_alias_and_a_near_spelling_resolve_to_the_canonical_name(settings):
    assert names.canonical("Kim Jong-un", settings) == "Kim Jong Un"
    assert names.canonical("Jane Nobody", settings) is None


def test_a_name_inside_a_longer_name_is_no_mention(settings):
    found = names.find("Duyeon Kim said Kim Jong Un met Vladimir Putin.", settings)
    assert "Kim Jong Un" in found and "Vladimir Putin" in found
    assert [m.name for m in names.mentions("Duyeon Kim spoke.", settings)] == ["Duyeon Kim"]  # not Kim Jong Un
