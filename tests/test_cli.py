"""The command line: every command explains itself, and bad usage exits 2."""

from __future__ import annotations

import re
import shutil

import pytest

from generator import articles, cli, mkdocs_hooks
from tests.conftest import ROOT

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


def test_the_console_script_calls_itself_by_its_name(capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["/project/.venv/bin/newsdossier", "build", "--help"])
    assert cli.main(["build", "--help"]) == 0
    assert "usage: newsdossier build" in capsys.readouterr().out


def test_serve_prints_its_url_takes_a_port_and_refreshes_the_index_pages_before_a_rebuild(
    tmp_path, capsys, monkeypatch
):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("raw"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    title = articles.read(article).meta["title"]
    article.write_text(article.read_text(encoding="utf-8").replace(f"title: {title}\n", "title: Saved while serving\n"))
    served = {}

    def mkdocs_serve(config_file, livereload, watch_theme, dev_addr):
        served["address"] = dev_addr
        # What MkDocs does before each (re)build: run the hooks of mkdocs.yml.
        mkdocs_hooks.on_pre_build({"docs_dir": str(root / "content"), "config_file_path": config_file})

    monkeypatch.setattr("mkdocs.commands.serve.serve", mkdocs_serve)
    monkeypatch.setenv(mkdocs_hooks.SERVE_ENVIRONMENT, "")  # restored afterwards
    monkeypatch.chdir(tmp_path)
    assert cli.main(["serve", "--root", str(root), "--port", "8123"]) == 0
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out
    assert served["address"] == "127.0.0.1:8123"
    assert "Saved while serving" in (root / "content" / "index.md").read_text(encoding="utf-8")
