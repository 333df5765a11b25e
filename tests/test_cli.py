"""The command line: every command explains itself, and bad usage exits 2."""

from __future__ import annotations

import pytest

from generator import cli


@pytest.mark.parametrize("command", ["normalize", "build", "check", "serve"])
def test_every_command_has_help(command: str, capsys):
    assert cli.main([command, "--help"]) == 0
    assert "usage: python -m generator" in capsys.readouterr().out


def test_an_unknown_command_is_bad_usage(capsys):
    assert cli.main(["publish"]) == 2


def test_normalize_without_a_raw_folder_is_bad_usage(tmp_path, capsys):
    assert cli.main(["normalize", "--raw", str(tmp_path / "none"), "--out", str(tmp_path / "out")]) == 2
    assert "not a folder of raw sources" in capsys.readouterr().err
