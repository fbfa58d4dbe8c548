"""Keeping terminal control characters out of everything we print, write or render.

A file or a keyboard can carry ESC, BEL and the other C0/C1 controls; printed raw they can clear
a screen, retitle a window or hide a link. Every such character is shown as a visible stand-in
instead: C0 and DEL as their Unicode control pictures (ESC as ␛), C1 as the replacement
character. The stand-ins are ordinary text, so JSON, CSV, YAML and markdown stay valid.

The same rule covers what no output can carry: a lone surrogate (a byte that was not UTF-8,
typed at a terminal or in a file name, or a `\\udfff` escape in JSON) and the non-characters
U+FFFE and U+FFFF (which XML, and so a Word document, refuses) become the replacement character
U+FFFD; the bidirectional controls (U+202A-U+202E, U+2066-U+2069, which can make text read
backwards) become U+FFFD too. Everything else of the text is kept.
"""

from __future__ import annotations

import re

_C0 = {code: chr(0x2400 + code) for code in range(0x20)}
_OTHERS = {0x7F: "\u2421", **dict.fromkeys(range(128, 160), "\ufffd")}
_UNWRITABLE = {
    **dict.fromkeys((0xFFFE, 0xFFFF), "\ufffd"),  # non-characters XML refuses
    **dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), "\ufffd"),  # bidi embeddings, overrides, isolates
}
_SURROGATES = re.compile("[\ud800-\udfff]")  # lone ones: no encoder writes them
_TABLE = {**_C0, **_OTHERS, **_UNWRITABLE}
_TABLES: dict[str, dict[int, str]] = {}
_FINDERS: dict[str, re.Pattern[str]] = {}

LINES = "\n\t"
"""What multi-line text (a note, a report) keeps: newline and tab, where they belong."""


def visible(text: str, keep: str = LINES) -> str:
    """`text` with every C0/C1 control character but those in `keep` replaced by a visible
    stand-in. Idempotent, and cheap for text that has none (the usual case)."""
    if text.isprintable() or not _has_control(text, keep):
        return text
    table = _TABLES.get(keep)
    if table is None:
        table = _TABLES[keep] = {code: mark for code, mark in _TABLE.items() if chr(code) not in keep}
    return _SURROGATES.sub("\ufffd", text.translate(table))


def _has_control(text: str, keep: str) -> bool:
    # isprintable() is also False for spaces other than ' ' and for unassigned code points, which
    # are left alone: only controls are a danger to a terminal. One regular expression per `keep`
    # (a report is tens of thousands of characters: a loop over them in Python shows in start-up)
    finder = _FINDERS.get(keep)
    if finder is None:
        wanted = "".join(re.escape(chr(code)) for code in _C0.keys() | _OTHERS.keys() if chr(code) not in keep)
        finder = _FINDERS[keep] = re.compile(f"[{wanted}\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
    return finder.search(text) is not None


def has_controls(text: str, keep: str = LINES) -> bool:
    """Whether `text` holds a control character other than those in `keep` (for tests and checks)."""
    return _has_control(text, keep)
