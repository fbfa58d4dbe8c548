"""Making user-typed text safe inside markdown and inside diagram labels: it can neither break a
table nor add markup."""

from __future__ import annotations

import unicodedata

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Only characters that act mid-line: the text never starts a line (list markers cannot apply)
_MARKUP = "\\`*_{}[]#|~"
_SAFE = str.maketrans({**_HTML, **{ch: "\\" + ch for ch in _MARKUP}})


def md(text: object) -> str:
    """One line of literal text: HTML characters as entities, markdown characters backslashed."""
    return " ".join(str(text).split()).translate(_SAFE)


# Mermaid reads `#name;` and `#123;` as entity codes; `"` ends a label, a backtick starts a
# markdown label, `<`, `>` and `&` are HTML in the rendered box. `#` comes first so that the
# codes added for the others are not escaped again.
_MERMAID_CODES = (("#", "#35;"), ('"', "#quot;"), ("&", "#38;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"))


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (and inside a markdown code fence): one line, no
    control characters, Mermaid's and HTML's special characters as entity codes."""
    flat = " ".join(without_controls(text).split())
    for char, code in _MERMAID_CODES:
        flat = flat.replace(char, code)
    return flat


def without_controls(text: str) -> str:
    """C0 and C1 control characters become spaces: they never reach a diagram raw."""
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
