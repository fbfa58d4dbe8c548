"""readiness: a flow decision map for councils weighing up a shared chief executive or shared
management team. The library API is loaded on first use, so the command line starts fast."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported: until `main` runs, Ctrl-C would be a traceback
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_bank": "readiness.loading",
    "builtin_bank_dir": "readiness.loading",
    "load_answers": "readiness.answers",
    "check_bank": "readiness.checks",
    "walk": "readiness.engine",
    "score": "readiness.scoring",
    "Scorer": "readiness.scoring",
    "compare": "readiness.compare",
    "ReadinessError": "readiness.errors",
    "BankError": "readiness.errors",
    "AnswerError": "readiness.errors",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'readiness' has no attribute {name!r}")
