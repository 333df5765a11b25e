"""Command line: ``newsdossier normalize|build|check|serve`` (or ``python -m generator …``).

Exit codes: 0 fine, 1 problems found in the content or sources, 2 bad usage or a build that
could not run. Only this module turns exceptions into messages and exit codes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import BuildError, DataFileError, Problem

if TYPE_CHECKING:
    from generator import build
    from generator.merge import Conflict

# The commands import the generator (numpy, pydantic, the stages' models) when they run, so that
# ``--help`` and a usage error answer at once.

OK, PROBLEMS, USAGE = 0, 1, 2
OFFLINE_CONFIG, ONLINE_CONFIG = "mkdocs.yml", "mkdocs.online.yml"


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {value!r}")
    return int(value)


CONSOLE_SCRIPT = "newsdossier"  # [project.scripts] of pyproject.toml


def _program() -> str:
    """The name the person typed: the console script, or the module."""
    return CONSOLE_SCRIPT if Path(sys.argv[0]).name == CONSOLE_SCRIPT else "python -m generator"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current folder)")
    common.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser = argparse.ArgumentParser(prog=_program(), description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_command(name: str, text: str) -> argparse.ArgumentParser:
        # The same words in the list of commands and at the top of the command's own --help.
        return commands.add_parser(name, parents=[common], help=text, description=text)

    normalize = add_command("normalize", "turn a folder of raw texts into front-matter Markdown")
    normalize.add_argument("--raw", type=Path, required=True, help="folder of raw source files")
    normalize.add_argument("--out", type=Path, required=True, help="folder for the Markdown articles")
    normalize.add_argument("--data", type=Path, help="data folder (default: ROOT/content/data)")
    normalize.add_argument("--reference-date", type=_date, help="resolve '5 months ago' against this date")

    build = add_command("build", "normalise content/raw, write the index pages, build site/")
    build.add_argument("--reference-date", type=_date, help="resolve '5 months ago' against this date")
    build.add_argument("--strict", action="store_true", help="treat warnings and edit conflicts as errors")

    build.add_argument(
        "-v", "--verbose", action="store_true", help="also say which source is read and which edits are kept"
    )
    build.add_argument(
        "--online", action="store_true", help=f"use {ONLINE_CONFIG} (edit links to the repository; GitHub calls)"
    )
    for command in (normalize, build):
        command.add_argument(
            "--jobs",
            type=_jobs,
            default=os.cpu_count() or 1,
            metavar="N",
            help="worker processes for the per-source stages (default: the machine's cores)",
        )
        command.add_argument(
            "--overwrite-edits", action="store_true", help="discard people's edits to articles and regenerate them"
        )
    normalize.add_argument("--strict", action="store_true", help="exit 1 when an edit conflicts with a changed source")

    check_command = add_command("check", "validate content: front matter, quotes, links, data files")
    check_command.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: content/)"
    )

    serve = add_command("serve", "preview the site with live reload (mkdocs serve)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.add_argument("--port", type=int, help="port to serve on, on the --dev-addr host (default: 8000)")
    serve.add_argument("--online", action="store_true", help=f"use {ONLINE_CONFIG}")
    return parser


def _say(quiet: bool):
    def progress(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr)

    return progress


def _report(
    problems: Sequence[Problem], conflicts: Sequence[Conflict], kept: dict[str, tuple[str, ...]], progress
) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    for conflict in conflicts:
        print(conflict, file=sys.stderr)
    for shown, fields in kept.items():
        progress(f"{shown}: kept edits: {', '.join(fields)}")


def _exit_code(problems: Sequence[Problem], conflicts: Sequence[object], strict: bool) -> int:
    """The one rule of normalize and build: a problem in the sources or content is exit 1, and so
    is an edit conflict (or a file saved during a build) under --strict."""
    return PROBLEMS if problems or (conflicts and strict) else OK


def _normalize(args: argparse.Namespace) -> int:
    if not args.raw.is_dir():
        print(f"{args.raw}: not a folder of raw sources; pass --raw DIR", file=sys.stderr)
        return USAGE
    from generator import pipeline, publish
    from generator.config import load_settings

    data_dir = args.data or args.root / "content" / "data"
    settings = load_settings(args.root, data_dir, args.reference_date)
    progress = _say(args.quiet)
    with publish.exclusive(args.root.resolve()):  # not while a build of the same project runs
        result = pipeline.normalize(args.raw, args.out, settings, progress, args.overwrite_edits, jobs=args.jobs)
        if args.out.is_dir():
            publish.sync(args.out)  # once for every file written, not one fsync each
    _report(result.problems, result.conflicts, result.kept, progress)
    progress(
        f"{len(result.documents)} articles ({len(result.written)} written, {len(result.unchanged)} unchanged), "
        f"{len(result.problems)} problems, {len(result.conflicts)} edit conflicts"
    )
    return _exit_code(result.problems, result.conflicts, args.strict)


def _config_file(root: Path, online: bool) -> Path:
    config_file = root / (ONLINE_CONFIG if online else OFFLINE_CONFIG)
    if not config_file.is_file():
        raise BuildError(f"{config_file}: no such MkDocs configuration; run from the project root or pass --root")
    if online and not os.environ.get("SITE_REPO_URL"):
        raise BuildError(f"{config_file}: the edit links need SITE_REPO_URL=https://github.com/OWNER/REPO; set it")
    return config_file


def _build(args: argparse.Namespace) -> int:
    from generator import build
    from generator.config import load_settings

    root = args.root.resolve()
    config_file = _config_file(root, args.online)
    settings = load_settings(root, root / "content" / "data", args.reference_date)
    # By default a build names only what it changed; --verbose tells its steps too.
    progress = _say(args.quiet or not args.verbose)
    built = build.build(root, settings, config_file, args.strict, args.overwrite_edits, progress, args.jobs)
    _report(built.problems, built.conflicts, built.kept, progress)
    for path in built.skipped:
        print(f"{settings.relative(path)}: changed while the build ran; left as saved, build again", file=sys.stderr)
    if not built.published:
        print(
            f"--strict: {len(built.problems)} problems, {len(built.conflicts)} edit conflicts; "
            "nothing published, content/ and site/ are as they were",
            file=sys.stderr,
        )
    elif not args.quiet:
        for line in changes(built, settings.relative):
            print(line, file=sys.stderr)
    return _exit_code(built.problems, built.conflicts + built.skipped, args.strict)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def changes(built: build.Built, relative) -> list[str]:
    """What the build did to content/, one line per file: written, renamed, removed. An article's
    own records (``.generated/``, ``.report/``) go with it unsaid; nothing changed, nothing said."""
    renamed = dict(built.renamed)
    moved_to = set(renamed.values())
    changed = {path for path in built.changed if path not in renamed and path not in moved_to}
    articles_changed = {path.stem for path in (*changed, *moved_to) if path.suffix == ".md"}
    articles_changed |= {path.stem for path in renamed}
    lines = [f"renamed {relative(old)} -> {relative(new)} (the old address leads to it)" for old, new in built.renamed]
    for path in sorted(changed):
        is_record = path.parent.name.startswith(".") and path.suffix == ".json"
        old_address = path.suffix == ".html" and path.with_suffix(".md") in renamed
        if (is_record and path.stem in articles_changed) or old_address:
            continue
        lines.append(f"{'wrote' if path.exists() else 'removed'} {relative(path)}")
    return lines


def _check(args: argparse.Namespace) -> int:
    from generator import check

    root = args.root.resolve()
    problems = check.check_paths(args.paths or [root / "content"], root)
    for problem in problems:
        print(problem)
    errors = sum(problem.severity == "error" for problem in problems)
    if not args.quiet:
        print(f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')}", file=sys.stderr)
    return PROBLEMS if errors else OK


def _serve(args: argparse.Namespace) -> int:
    """MkDocs' live-reload server on content/ as it is: an edited article shows on save."""
    from mkdocs.commands.serve import serve

    from generator import mkdocs_hooks

    config_file = _config_file(args.root.resolve(), args.online)
    host, _, port = args.dev_addr.rpartition(":")
    address = f"{host or '127.0.0.1'}:{args.port or port or 8000}"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ[mkdocs_hooks.SERVE_ENVIRONMENT] = "1"
    os.chdir(config_file.parent)  # the hook and theme paths in mkdocs.yml are relative to it
    # MkDocs says what it rebuilds and why through logging; show that, without its debug detail.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.INFO)
    print(f"serving the site on http://{address}/ (saving a file under content/ rebuilds it; Ctrl-C stops)", flush=True)
    try:
        serve(str(config_file), livereload=True, watch_theme=True, dev_addr=address)
    finally:  # a later build in the same process logs as before, not into this stream
        mkdocs_log.removeHandler(handler)
        mkdocs_log.setLevel(level)
    return OK


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return USAGE if exc.code else OK
    handlers = {"normalize": _normalize, "build": _build, "check": _check, "serve": _serve}
    try:
        if args.command not in ("build", "normalize"):  # they write; the others stop on Ctrl-C as usual
            return handlers[args.command](args)
        from generator import publish

        with publish.interruptible():
            return handlers[args.command](args)
    except DataFileError as exc:
        print(f"{exc}", file=sys.stderr)
        return PROBLEMS
    except BuildError as exc:
        print(f"{exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:  # a folder not writable, the disk full, a file gone during the run
        from generator import publish

        published = "; nothing was published" if args.command == "build" else ""
        print(f"{publish.describe(exc, args.root.resolve())}{published}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt as exc:
        print(_interrupted(args.command, exc), file=sys.stderr)
        return USAGE


def _interrupted(command: str, exc: KeyboardInterrupt) -> str:
    from generator import publish

    name = exc.name if isinstance(exc, publish.Interrupted) else "SIGINT"
    if command == "normalize":
        return f"interrupted ({name}); every article written is whole; run normalize again to finish"
    if command != "build":
        return f"interrupted ({name})"
    if isinstance(exc, publish.Interrupted) and exc.published:
        return f"interrupted ({name}) after publishing; content/ and site/ are this build's"
    return f"interrupted ({name}); staging folders removed, content/ and site/ are as they were before this build"
