"""The exceptions of the generator, and the problem record a build reports.

Stages raise ``SourceError`` for one bad input file (the build logs it and goes on);
``DataFileError`` for a contributor data file that cannot be used; ``BuildError`` when
the site cannot be produced. The library turns what it can go on from into ``Problem``
records; only ``cli`` prints them and turns them into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input file, and what the build did about it."""

    path: str  # relative to the project root, as in every message
    line: int | None  # 1-based line in that file; None when the problem is the file as a whole
    stage: str  # the step that found it: decode, clean, ..., article
    what: str  # what is wrong
    action: str  # what happens now ("skipped", "left out of the site; fix it and rebuild")

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.stage}: {self.what}; {self.action}"


class GeneratorError(Exception):
    """Base of every error the generator reports to a user."""


class SourceError(GeneratorError):
    """A raw source cannot be turned into an article; raised by decode and the pipeline."""

    def __init__(self, path: str, stage: str, problem: str, action: str = "skipped"):
        self.path, self.stage, self.problem, self.action = path, stage, problem, action
        super().__init__(str(self.as_problem()))

    def as_problem(self) -> Problem:
        return Problem(self.path, None, self.stage, self.problem, self.action)


@dataclass(frozen=True, slots=True, order=True)
class DataProblem:
    """One problem of a data file, where a contributor finds it.

    ``key`` is where in the file: ``events[1].start`` inside an entry, a top-level key such as
    ``title``, or empty for the file as a whole (not YAML, not a mapping). ``expected`` says what
    would be right; the loader stops on any problem, so what happens now is always "fix the file".
    """

    path: str  # relative to the project root when inside it
    line: int
    key: str
    what: str
    expected: str = ""

    @property
    def in_entry(self) -> bool:
        """Inside one entry of a list (``events[1].start``), not about the file or a top-level key."""
        return "[" in self.key

    def __str__(self) -> str:
        key = f"{self.key}: " if self.key else ""
        expected = f", expected {self.expected}" if self.expected else ""
        return f"{self.path}:{self.line}: {key}{self.what}{expected}; fix the file"


class DataFileError(GeneratorError):
    """Data files under content/data/ (or packaged defaults) are malformed; raised by config and site_info.

    ``problems`` holds every problem found, one line each in the message."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class BuildError(GeneratorError):
    """MkDocs or the site swap failed; the previous site/ is kept."""
