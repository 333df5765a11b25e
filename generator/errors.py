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


class DataFileError(GeneratorError):
    """A file under content/data/ (or a packaged default) is malformed; raised by config."""


class BuildError(GeneratorError):
    """MkDocs or the site swap failed; the previous site/ is kept."""
