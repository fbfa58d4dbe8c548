"""Making user-typed text safe inside markdown: it can neither break a table nor add markup."""

from __future__ import annotations

import re

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Only characters that act mid-line: the text never starts a line (list markers cannot apply)
_MARKUP = re.compile(r"([\\`*_{}\[\]#|~])")


def md(text: object) -> str:
    """One line of literal text: HTML characters as entities, markdown characters backslashed."""
    flat = " ".join(str(text).split())
    flat = "".join(_HTML.get(ch, ch) for ch in flat)
    return _MARKUP.sub(r"\\\1", flat)
