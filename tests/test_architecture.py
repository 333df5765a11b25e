"""The shape of the package: stages meet only through the Document and the shared layer."""

from __future__ import annotations

import ast
import re
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


# The word lists that grow with corpora live in generator/defaults/lexicon.yml (and the other data
# files), not in code.
MAX_WORDS_IN_CODE = 14
# A word of some language; snake_case names (feature or field names: "log_words") are code, not words.
_A_WORD = re.compile(r"[^\W\d_][^\W_'’.-]*(?:['’.-][^\W_]*)*(?: [^\W\d_][^\W_'’.-]*(?:['’.-][^\W_]*)*)*")
_ALTERNATIVE = re.compile(r"(?:\?:)?[^\W\d_][\w'’-]*(?:(?: |\\s\+?)[^\W\d_][\w'’-]*)*\??")


def _alternation_words(pattern: str) -> int:
    """The most plain words in one alternation of ``pattern`` (``said|says|told`` has 3)."""
    best, groups = 0, [[""]]
    escaped = False
    for char in pattern:
        if escaped:
            groups[-1][-1] += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            groups.append([""])
        elif char == ")" and len(groups) > 1:
            best = max(best, sum(1 for part in groups.pop() if _ALTERNATIVE.fullmatch(part)))
            groups[-1][-1] += "(…)"
        elif char == "|":
            groups[-1].append("")
        else:
            groups[-1][-1] += char
    return max([best] + [sum(1 for part in parts if _ALTERNATIVE.fullmatch(part)) for parts in groups])


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            found.add(id(body[0].value))
    return found


def word_lists_in_code(source: str) -> list[tuple[int, str]]:
    """(line, what) for each literal collection of many words or regex alternation of many words."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            # a tuple of pairs counts its first elements: (("and then", 3.0), ...)
            items = [e.elts[0] if isinstance(e, ast.Tuple) and e.elts else e for e in node.elts]
            count = sum(
                1
                for e in items
                if isinstance(e, ast.Constant) and isinstance(e.value, str) and _A_WORD.fullmatch(e.value)
            )
            if count > MAX_WORDS_IN_CODE:
                found.append((node.lineno, f"a literal collection of {count} words"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            tokens = node.value.split()
            if len(tokens) > MAX_WORDS_IN_CODE and all(_A_WORD.fullmatch(t) for t in tokens):
                found.append((node.lineno, f"a string of {len(tokens)} words"))  # _word_set("a b c ...")
            elif "|" in node.value and (count := _alternation_words(node.value)) > MAX_WORDS_IN_CODE:
                found.append((node.lineno, f"a regex alternation of {count} words"))
    return sorted(found)


def test_no_growing_word_list_is_left_in_code():
    problems = [
        f"{path.relative_to(GENERATOR.parent)}:{line}: {what}; move it to generator/defaults/lexicon.yml"
        for path in sorted(GENERATOR.rglob("*.py"))
        for line, what in word_lists_in_code(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_the_word_list_check_finds_lists_alternations_and_word_strings():
    words = [f"w{letter}" for letter in "abcdefghijklmnop"]
    source = (
        f"A = {words!r}\n"
        f"B = re.compile(r'\\b(?:{'|'.join(words)})\\b')\n"
        f"C = frozenset('{' '.join(words)}'.split())\n"
        f"D = {tuple((word, 1.0) for word in words)!r}\n"
        f"E = {words[:MAX_WORDS_IN_CODE]!r}\n"
    )
    assert [line for line, _what in word_lists_in_code(source)] == [1, 2, 3, 4]
