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


_RAN_OUT = {
    "ENOSPC": ("the disk is full", "free some space, or write somewhere else"),
    "EDQUOT": ("the disk quota is used up", "free some space, or write somewhere else"),
    "EFBIG": ("the file size limit was reached", "raise it: ulimit -f"),
    "EMFILE": ("too many files are open", "raise the limit, ulimit -n, or name fewer files at once"),
    "ENFILE": ("the system has too many files open", "close some programs, or name fewer files at once"),
    "ENOMEM": ("out of memory", "raise the memory limit, ulimit -v, or name fewer files at once"),
    "EIO": ("the device gave an input/output error", "check the disk"),
}


def ran_out(exc: BaseException) -> str | None:
    """What of the user's environment ran out, and what to do, for an error that is no fault of
    the input nor of ours (a full disk, a limit set by ulimit); None for any other error."""
    if isinstance(exc, MemoryError) or (isinstance(exc, ImportError) and _no_room_to_load(exc)):
        return "out of memory (raise the memory limit, ulimit -v, or name fewer files at once)"
    import errno

    name = errno.errorcode.get(exc.errno or 0, "") if isinstance(exc, OSError) else ""
    if name not in _RAN_OUT:
        return None
    what, hint = _RAN_OUT[name]
    return f"{what} ({hint})"


def _no_room_to_load(exc: ImportError) -> bool:
    # a compiled module that cannot be mapped into memory (ulimit -v) fails to import in these words
    return any(words in str(exc) for words in ("failed to map segment", "Cannot allocate memory"))
