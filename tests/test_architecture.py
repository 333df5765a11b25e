"""The shape of the package: stages meet only through the Document and the shared layer."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
STAGES = {"decode", "clean", "transcript", "metadata", "sentences", "summary", "quotes", "entities", "events"}
STAGES |= {"explainer"}


def _stage_of(module: str) -> str | None:
    """The stage a dotted module name belongs to (``generator.quotes.names`` -> ``quotes``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "generator" and parts[1] in STAGES else None


def _imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            # "from generator import clean" names the module in the alias
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_no_stage_module_imports_another_stage():
    problems = []
    for path in sorted(GENERATOR.rglob("*.py")):
        own = _stage_of("generator." + ".".join(path.relative_to(GENERATOR).with_suffix("").parts))
        if own is None:
            continue
        for line, module in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            other = _stage_of(module)
            if other and other != own:
                problems.append(f"{path.relative_to(GENERATOR.parent)}:{line}: {own} imports {other}")
    assert problems == []


def test_the_walk_finds_an_import_of_another_stage(tmp_path):
    tree = ast.parse("from generator import clean\nfrom generator.metadata import DATELINE\n")
    assert {_stage_of(module) for _line, module in _imported_modules(tree)} >= {"clean", "metadata"}
