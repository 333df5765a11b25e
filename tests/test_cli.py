"""The command line: every command explains itself, and bad usage exits 2."""

from __future__ import annotations

import re

import pytest

from generator import cli

COMMANDS = ["normalize", "build", "check", "serve"]


def _listed_commands(capsys, monkeypatch) -> dict[str, str]:
    """Each command of ``--help``'s list with the words it is listed with."""
    monkeypatch.setenv("COLUMNS", "200")  # no help text wrapped
    assert cli.main(["--help"]) == 0
    listing = capsys.readouterr().out
    # A long name has its words on the next line.
    return dict(re.findall(r"^ {4}(\w+)\s+(\S.*)$", listing, re.MULTILINE))


def test_the_command_list_is_exactly_the_commands(capsys, monkeypatch):
    assert sorted(_listed_commands(capsys, monkeypatch)) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys, monkeypatch):
    listed = _listed_commands(capsys, monkeypatch).get(command, "")
    assert len(listed.split()) >= 3, f"{command} has no help of its own in --help: {listed!r}"
    monkeypatch.setenv("COLUMNS", "200")
    assert cli.main([command, "--help"]) == 0
    own = capsys.readouterr().out
    assert f"usage: python -m generator {command}" in own
    assert listed in own  # argparse prints "usage" even for a command with no help: its words must show


def test_an_unknown_command_is_bad_usage(capsys):
    assert cli.main(["publish"]) == 2


def test_normalize_without_a_raw_folder_is_bad_usage(tmp_path, capsys):
    assert cli.main(["normalize", "--raw", str(tmp_path / "none"), "--out", str(tmp_path / "out")]) == 2
    assert "not a folder of raw sources" in capsys.readouterr().err
