"""Put the Daily Mail stories of ``bench/summaries_manifest.yml`` in ``bench/data/dailymail/`` (git-ignored).

    python bench/fetch_dailymail.py                       # check what is there against the manifest
    python bench/fetch_dailymail.py --git-dir DIR         # copy them out of a local git copy of the repository

The stories are other people's text and are never committed; the manifest holds only their names,
the repository and commit they come from, and their sha256. ``--git-dir`` takes the git directory of
a clone (or a mirror) of the manifest's repository and runs ``git show COMMIT:PATH`` for each story.
The selection rule (which stories, and why these) is written in the manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "bench" / "summaries_manifest.yml"
DATA = ROOT / "bench" / "data" / "dailymail"


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def check(stories: list[dict]) -> list[str]:
    """The problems with what is in ``DATA``: missing files and files whose sha256 differs."""
    problems = []
    for story in stories:
        path = DATA / Path(story["path"]).name
        if not path.is_file():
            problems.append(f"missing: {path.name}")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != story["sha256"]:
            problems.append(f"sha256 differs: {path.name}")
    return problems


def copy_from_git(git_dir: Path, commit: str, stories: list[dict]) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for story in stories:
        blob = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{commit}:{story['path']}"],
            check=True,
            capture_output=True,
        ).stdout
        (DATA / Path(story["path"]).name).write_bytes(blob)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", type=Path, help="git directory of a local copy of the manifest's repository")
    args = parser.parse_args(argv)
    data = manifest()
    if args.git_dir:
        copy_from_git(args.git_dir, data["commit"], data["stories"])
    problems = check(data["stories"])
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(data['stories']) - len(problems)} of {len(data['stories'])} stories present and intact in {DATA}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
