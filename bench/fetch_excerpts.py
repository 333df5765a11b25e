"""Check (and fill) bench/data/excerpts/ against bench/excerpts/manifest.yml.

The real news excerpts were taken from a search tool's store of public web pages (corpus
"pages"), which no script can call. So this script does what a script can:

- verify every text present against the sha256 in the manifest;
- say which texts are missing or differ, with the address, corpus and query each came from,
  so that a person with the search tool can save it again (the text is the excerpt the corpus
  returns for that query and address, saved verbatim as UTF-8, its trailing newlines trimmed (a final space stays),
  with one final newline);
- with ``--from DIR``, copy in any file of DIR (searched recursively) whose sha256 is one the
  manifest lists, under the manifest's name: a copy kept elsewhere, or texts saved by hand
  under other names.

    python bench/fetch_excerpts.py [--from DIR]      exit 0 when every text is present and intact
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "bench" / "excerpts" / "manifest.yml"
DATA = ROOT / "bench" / "data" / "excerpts"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries() -> list[dict]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["texts"]


def fill_from(source: Path, wanted: dict[str, dict]) -> int:
    copied = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        entry = wanted.get(sha256(path))
        if entry is None:
            continue
        target = DATA / entry["file"]
        if target.is_file() and sha256(target) == entry["sha256"]:
            continue
        DATA.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copied += 1
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="a folder holding copies of the texts")
    args = parser.parse_args(argv)
    texts = entries()
    if args.source:
        copied = fill_from(args.source, {e["sha256"]: e for e in texts})
        print(f"copied {copied} text(s) from {args.source}")
    ok, problems = 0, []
    for entry in texts:
        path = DATA / entry["file"]
        if not path.is_file():
            problems.append(("missing", entry))
        elif sha256(path) != entry["sha256"]:
            problems.append(("differs", entry))
        else:
            ok += 1
    print(f"{ok} of {len(texts)} excerpts present and intact in {DATA.relative_to(ROOT)}/")
    for status, entry in problems:
        print(
            f"{status}: {entry['file']}\n"
            f"    from {entry['url']}\n"
            f"    search corpus {entry['corpus']!r}, query {entry['query']!r}, retrieved {entry['retrieved']}"
        )
    if problems:
        print(
            "Save each missing text with the search tool: run the query on the corpus, take the excerpt of the "
            "result at that address verbatim (UTF-8, trailing newlines trimmed but a final space kept, one final "
            "newline) and check it here again.",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
