"""Making user-typed text safe inside markdown: it can neither break a table nor add markup."""

from __future__ import annotations

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Only characters that act mid-line: the text never starts a line (list markers cannot apply)
_MARKUP = "\\`*_{}[]#|~"
_SAFE = str.maketrans({**_HTML, **{ch: "\\" + ch for ch in _MARKUP}})


def md(text: object) -> str:
    """One line of literal text: HTML characters as entities, markdown characters backslashed."""
    return " ".join(str(text).split()).translate(_SAFE)
