"""The exceptions of the generator.

Stages raise ``SourceError`` for one bad input file (the build logs it and goes on);
``DataFileError`` for a contributor data file that cannot be used; ``BuildError`` when
the site cannot be produced. Only ``cli`` turns them into messages and exit codes.
"""


class GeneratorError(Exception):
    """Base of every error the generator reports to a user."""


class SourceError(GeneratorError):
    """A raw source cannot be turned into an article; raised by decode and the pipeline."""

    def __init__(self, path: str, stage: str, problem: str, action: str = "skipped"):
        self.path, self.stage, self.problem, self.action = path, stage, problem, action
        super().__init__(f"{path}: {stage}: {problem}; {action}")


class DataFileError(GeneratorError):
    """A file under content/data/ (or a packaged default) is malformed; raised by config."""


class BuildError(GeneratorError):
    """MkDocs or the site swap failed; the previous site/ is kept."""
