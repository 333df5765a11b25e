"""Data-file validation: one schema (a ``record`` class) per file, problems located by the YAML node tree.

A data file is composed (``yaml.compose``) rather than loaded, so that every problem can name
the line of the key it is about; the node tree is then constructed into plain values and
validated by pydantic against the file's record in one pass, which reports every problem of
the file at once. Records forbid unknown keys, so a misspelt ``alias:`` is an error, not a
silent no-op.

``validate`` (a node tree against a record) and ``read_file`` (a file) are the whole mechanism;
config, site_info and any other loader of a YAML data file call them with their own record and
turn the problems into a ``DataFileError``.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from re import _constants, _parser  # the parsed shape of a data file's pattern (``backtracking``)
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BeforeValidator, ConfigDict, TypeAdapter, ValidationError, ValidationInfo
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from generator.errors import DataProblem

# libyaml's safe loader when the wheel has it: the same results, many times faster. Data files and
# articles both read through it (the same line marks as the pure-Python loader).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M")

# The packaged data files; a corpus's own are in content/data/ under the same names.
PACKAGE_DEFAULTS = Path(__file__).parent / "defaults"


def record(cls: type[M]) -> type[M]:
    """A typed, immutable record of a data file; keys it does not name are errors.

    A pydantic dataclass rather than a model: the stages treat it as the frozen dataclass it is
    (``dataclasses.replace`` included), and constructing one validates it like the loader does."""
    return dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))(cls)


def problem(kind: str, what: str, expected: str = "") -> PydanticCustomError:
    """The error a validator raises: ``what`` is wrong, and ``expected`` (else the field's description)."""
    # The expected text travels in the error's context, so that ``validate`` can show it apart.
    return PydanticCustomError(kind, what, {"schema_expected": expected})


def pattern(flags: int) -> Callable[[Any, ValidationInfo], re.Pattern[str]]:
    """A validator compiling a regular expression once, at load, with ``flags``; one from a
    pull request (not the packaged defaults) is refused if it can backtrack without end."""

    def compile_(value: Any, info: ValidationInfo) -> re.Pattern[str]:
        if isinstance(value, re.Pattern):  # a record made from another one (``dataclasses.replace``)
            return value
        if not isinstance(value, str) or not value:
            raise problem("regex", f"wrong value: {describe(value)}", "a regular expression")
        try:
            compiled = re.compile(value, flags)
        except re.error as exc:
            raise problem("regex", f"bad regular expression {value!r} ({exc})", "a regular expression") from exc
        slow = None if (info.context or {}).get(PACKAGED) else backtracking(value, flags)
        if slow:
            raise problem("regex", f"regular expression {value!r} has {slow}", _LINEAR)
        return compiled

    return compile_


PACKAGED = "packaged"  # the validation context of generator/defaults: reviewed with the code
_LINEAR = "a pattern without a repeat or alternatives inside a repeated group, e.g. '(ab)+' or 'a+b*'"
_MANY = 3  # a group repeated more times than this counts as repeated without end


def backtracking(text: str, flags: int = 0) -> str | None:
    """What in the regular expression ``text`` can take Python's matcher exponential (or
    high-polynomial) time on one line, as '(a+)+$', '(a|ab)*c' or '(.*a){20}' do; else None.

    Python's ``re`` backtracks: a repeated group whose body can match the same text in more
    than one way tries every way on a line that does not match. The rule is by shape, not by
    timing, so that one data file gives the same answer on every machine.
    """
    found: list[str] = []

    def walk(items: Any, repeated: bool) -> None:
        for op, argument in items:
            if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
                low, high, body = argument
                if repeated and high != low:
                    found.append("a repeat inside a repeated group")
                walk(body, repeated or high == _constants.MAXREPEAT or high > _MANY)
            elif op is _constants.BRANCH:
                if repeated and not _distinct_words(argument[1]):
                    found.append("alternatives inside a repeated group")
                for branch in argument[1]:
                    walk(branch, repeated)
            elif op is _constants.SUBPATTERN:
                walk(argument[-1], repeated)
            elif op in (_constants.ASSERT, _constants.ASSERT_NOT):
                walk(argument[1], repeated)

    walk(_parser.parse(text, flags), False)
    return found[0] if found else None


def _distinct_words(branches: Any) -> bool:
    """Alternatives that are plain words, none the start of another: only one can match here."""
    words = []
    for branch in branches:
        if not all(op is _constants.LITERAL for op, _ in branch):
            return False
        words.append("".join(chr(code) for _, code in branch))
    return not any(a != b and b.startswith(a) for a in words for b in words)


def _day(value: Any) -> Any:
    """A YAML date, or an ISO date written as text ('2024-06-01'); a timestamp is not a day."""
    if isinstance(value, datetime):
        raise problem("date", f"wrong value: {describe(value)}")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    raise problem("date", f"wrong value: {describe(value)}")


Day = Annotated[date, BeforeValidator(_day)]


def _text(value: Any) -> Any:
    if isinstance(value, str) and value.strip():
        return value
    raise problem("text", f"wrong value: {describe(value)}")


# Text that is not blank; YAML's no/yes/on/null and numbers are not text (quote them).
Text = Annotated[str, BeforeValidator(_text)]


def describe(value: Any) -> str:
    """A value as a message shows it: its YAML type and the start of its text."""
    if value is None:
        return "null"
    shown = value.isoformat() if isinstance(value, date) else repr(value)
    return f"{type(value).__name__} {shown[:60]}"


class _Loader(yaml.SafeLoader):
    """Safe loading, except that a date that does not exist (2024-06-31) stays text for the model to refuse."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # PyYAML raises it from datetime, with no mark to say where
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


# -- locating problems in the node tree ------------------------------------------------------


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """1-based line of the deepest node of ``loc`` the file has (the entry, for a missing key)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _fields(model: Any) -> dict[str, Any]:
    return model.__pydantic_fields__


def _model_in(annotation: Any) -> Any:
    """The record a field holds, through ``tuple[...]``, ``X | None`` and ``Annotated``."""
    if isinstance(annotation, type) and hasattr(annotation, "__pydantic_fields__"):
        return annotation
    return next((m for arg in typing.get_args(annotation) if (m := _model_in(arg))), None)


def _field_of(model: Any, loc: tuple[int | str, ...]) -> tuple[Any, Any]:
    """The field ``loc`` ends in (None for an unknown key), and the model that holds it."""
    field, holder = None, model
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        holder, field = model, _fields(model).get(part)
        if field is None:
            return None, holder
        model = _model_in(field.annotation)
    return field, holder


def _key(loc: tuple[int | str, ...]) -> str:
    """``('events', 1, 'start')`` as ``events[1].start``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _as_problem(error: Any, model: Any, node: yaml.Node | None, path: str) -> DataProblem:
    loc = tuple(error["loc"])
    line = _line_of(node, loc)
    field, holder = _field_of(model, loc)
    expected = (field.description if field is not None else "") or ""
    if error["type"] == "unexpected_keyword_argument":
        fields = _fields(holder).items() if holder is not None else ()
        known = ", ".join(info.alias or name for name, info in fields)  # as written in the file
        return DataProblem(path, line, _key(loc), "unknown key", f"one of {known}")
    if error["type"] == "missing":
        return DataProblem(path, line, _key(loc), "missing", expected)
    context = error.get("ctx") or {}
    if "schema_expected" in context:  # raised by ``problem``: its words, and what it expects (else the field's)
        return DataProblem(path, line, _key(loc), error["msg"], context["schema_expected"] or expected)
    if not loc:
        expected = f"a mapping with {', '.join(_fields(model))}"
    return DataProblem(path, line, _key(loc), f"wrong value: {describe(error['input'])}", expected)


@functools.cache
def _adapter(model: Any) -> TypeAdapter:
    return TypeAdapter(model)


def validate(
    model: type[M], node: yaml.Node | None, path: str, packaged: bool = False
) -> tuple[M | None, list[DataProblem]]:
    """The file's record, or None and every problem of the file, each with its line."""
    value = _Loader("").construct_document(node) if node is not None else {}
    try:
        context = {PACKAGED: packaged}
        return _adapter(model).validate_python(value if value is not None else {}, context=context), []
    except ValidationError as exc:
        return None, [_as_problem(error, model, node, path) for error in exc.errors()]


_NO_ALIASES = "YAML anchors and aliases (&name, *name) are not allowed"


def compose(path: Path, shown: str) -> tuple[yaml.Node | None, list[DataProblem]]:
    """The node tree of a data file (None for a missing or empty one), or the problem that stops reading it."""
    if not path.is_file():
        return None, []
    try:
        text = path.read_text(encoding="utf-8")
        # An alias bomb (nine aliases of nine aliases of ...) is a few lines that every reader of
        # the values would walk billions of times: a data file writes each value out.
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                return None, [DataProblem(shown, line, "", _NO_ALIASES, "every value written out")]
        return yaml.compose(text, Loader=LOADER), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return None, [DataProblem(shown, line, "", f"not valid YAML ({getattr(exc, 'problem', exc)})")]
    except UnicodeDecodeError:
        return None, [DataProblem(shown, 1, "", "not UTF-8 text", "a file saved as UTF-8")]


def shown(path: Path, root: Path | None) -> str:
    """A data file as messages name it: relative to the project root when inside it."""
    if root is not None and path.resolve().is_relative_to(root.resolve()):
        return path.resolve().relative_to(root.resolve()).as_posix()
    return path.as_posix()


def read_file(model: type[M], path: Path, root: Path | None) -> tuple[M | None, list[DataProblem]]:
    """A data file validated against its model: the record (None for a missing or empty file), or its problems."""
    node, problems = compose(path, shown(path, root))
    if problems or node is None:
        return None, problems
    return validate(model, node, shown(path, root), path.resolve().is_relative_to(PACKAGE_DEFAULTS.resolve()))
