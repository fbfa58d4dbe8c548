"""The error hierarchy of the core: exceptions carry diagnostics and never print."""

from __future__ import annotations

from typing import Literal, NamedTuple, Self

from readiness.controls import visible

Severity = Literal["error", "warning", "note"]
"""A note tells what was done (a file carried from an earlier version), not what is wrong."""


class Diagnostic(NamedTuple):
    """One problem found in a file, with where it is and how to fix it."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        # one line, however hostile the file's name or the value quoted: no control reaches a terminal
        said = self.message if self.severity == "note" else f"{self.severity}: {self.message}"
        return visible(f"{where}: {said}", keep="")


class ReadinessError(Exception):
    """Base of every error the core raises for bad input."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = in_reading_order(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, path: str, message: str, line: int = 0, col: int = 0) -> Self:
        """One error in one file, at an optional line and column."""
        return cls([Diagnostic(path, line, col or (1 if line else 0), "error", message)])


def in_reading_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Files in the order their first problem was found (the order the user named them), and
    each file's problems by line, so the output never depends on where the files live."""
    first_seen: dict[str, int] = {}
    for diagnostic in diagnostics:
        first_seen.setdefault(diagnostic.path, len(first_seen))
    return sorted(diagnostics, key=lambda d: (first_seen[d.path], d.line, d.col, d.severity, d.message))


class BankError(ReadinessError):
    """The question bank or the source registry is malformed or unsound."""


class AnswerError(ReadinessError):
    """An answer file cannot be read or does not fit the bank."""
