"""Command line: ``python -m generator normalize|build|check``.

Exit codes: 0 fine, 1 problems found in the content or sources, 2 bad usage or a build that
could not run. Only this module turns exceptions into messages and exit codes.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from generator import pipeline, site
from generator.config import load_settings
from generator.errors import BuildError, DataFileError

OK, PROBLEMS, USAGE = 0, 1, 2


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current folder)")
    common.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    normalize = commands.add_parser(
        "normalize", parents=[common], help="turn a folder of raw texts into front-matter Markdown"
    )
    normalize.add_argument("--raw", type=Path, required=True, help="folder of raw source files")
    normalize.add_argument("--out", type=Path, required=True, help="folder for the Markdown articles")
    normalize.add_argument("--data", type=Path, help="data folder (default: ROOT/content/data)")
    normalize.add_argument("--reference-date", type=_date, help="resolve '5 months ago' against this date")

    build = commands.add_parser(
        "build", parents=[common], help="normalise content/raw, write the index pages, build site/"
    )
    build.add_argument("--reference-date", type=_date, help="resolve '5 months ago' against this date")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def _say(quiet: bool):
    def progress(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr)

    return progress


def _normalize(args: argparse.Namespace) -> int:
    if not args.raw.is_dir():
        print(f"{args.raw}: not a folder of raw sources; pass --raw DIR", file=sys.stderr)
        return USAGE
    data_dir = args.data or args.root / "content" / "data"
    settings = load_settings(args.root, data_dir, args.reference_date)
    result = pipeline.normalize(args.raw, args.out, settings, _say(args.quiet))
    for error in result.errors:
        print(error, file=sys.stderr)
    _say(args.quiet)(
        f"{len(result.documents)} articles ({len(result.written)} written, {len(result.unchanged)} unchanged), "
        f"{len(result.errors)} sources skipped"
    )
    return PROBLEMS if result.errors else OK


def _build(args: argparse.Namespace) -> int:
    root = args.root
    content = root / "content"
    settings = load_settings(root, content / "data", args.reference_date)
    progress = _say(args.quiet)
    result = pipeline.normalize(content / "raw", content / "articles", settings, progress)
    for error in result.errors:
        print(error, file=sys.stderr)
    pipeline.write_index_pages(content, content / "articles", settings)
    latest = max((d.date for d in result.documents if d.date), default=None)
    progress("building site/ with MkDocs")
    site.build_site(root / "mkdocs.yml", root / "site", latest, strict=args.strict)
    progress(f"site/ built: {len(result.documents)} articles, {len(result.errors)} sources skipped")
    return PROBLEMS if result.errors and args.strict else OK


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return USAGE if exc.code else OK
    handlers = {"normalize": _normalize, "build": _build}
    try:
        return handlers[args.command](args)
    except DataFileError as exc:
        print(f"{exc}", file=sys.stderr)
        return PROBLEMS
    except BuildError as exc:
        print(f"{exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("interrupted; files already written are complete, site/ is unchanged", file=sys.stderr)
        return USAGE
