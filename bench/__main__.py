"""``python -m bench COMMAND``: the project's evaluations on real text, and its speed benchmark.

    python -m bench realtext     cleaning and metadata on real pages (trafilatura-eval, annotated excerpts)
    python -m bench quotes       quote attribution on PolNeAR and the annotated excerpts
    python -m bench summaries    ROUGE against human highlights, next to lead-3 and LexRank
    python -m bench gate         the deterministic part of all three, against bench/floors.yml (CI)
    python -m bench speed        build time, rebuilds, site size and search at 100 to 3,000 articles
    python -m bench screenshots  every page type at 1280 and 390 px, light and dark, to look at

Each evaluation scores every dataset that is present and says which are missing and how to get
them. Figures below their floor in ``bench/floors.yml`` make the command exit 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from bench.common import ensure_importable

# name -> module; each module has ``add_arguments(parser)`` and ``run(args) -> int``.
COMMANDS = {
    "realtext": "bench.realtext",
    "quotes": "bench.quotes",
    "summaries": "bench.summaries",
    "gate": "bench.gate",
    "speed": "bench.speed",
    "screenshots": "bench.screenshots",
}


def main(argv: list[str] | None = None) -> int:
    ensure_importable()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = {}
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # an evaluation not written yet
        modules[name] = module
        sub = commands.add_parser(name, help=(module.__doc__ or name).strip().splitlines()[0])
        module.add_arguments(sub)
    args = parser.parse_args(argv)
    return modules[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
