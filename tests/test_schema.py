"""The shape rule that keeps a data file's regular expression from backtracking without end."""

from __future__ import annotations

import pytest

from generator.schema import backtracking

SLOW = ["(a+)+$", "(a|aa)+$", "(.*a){20}", r"(\w+\s?)*$", "^(a?){30}a{30}$", "(?=(a+)+)b", "(x+x+)+y"]
LINEAR = [r"listen (live|again) on (lbc|global player).{0,60}", "(ab)+", "a+b*", r"(\w+\s+){0,3}", "(yes|no)+"]


@pytest.mark.parametrize("text", SLOW)
def test_a_nested_repeat_or_ambiguous_alternatives_are_named(text: str):
    assert backtracking(text) in ("a repeat inside a repeated group", "alternatives inside a repeated group")


@pytest.mark.parametrize("text", LINEAR)
def test_patterns_that_match_one_way_pass(text: str):
    assert backtracking(text) is None
