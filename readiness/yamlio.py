"""Safe YAML reading that remembers the line and column of every value.

Only the safe loader is used (the C one when PyYAML has it). The node tree is turned into plain
data here, so duplicate keys, non-standard tags and alias expansion can be refused with a
position, and every value's position is kept in a `SourceMap` for later error messages.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor

from readiness.errors import ReadinessError, ran_out
from readiness.gc_pause import paused_gc

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, remembering how it resolved short plain scalars: a bank repeats the same
    keys and words thousands of times, and resolving each runs several regular expressions."""

    _resolved: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any, _scalar: Any = yaml.ScalarNode) -> Any:
        if kind is _scalar and implicit[0] is True:
            tag = self._resolved.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 32 and len(self._resolved) < 50_000:
                    self._resolved[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


Loc = tuple[str | int, ...]

MAX_DEPTH = 64
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_INT = _TAG + "int"
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*$")
_MAX_DIGITS = 400
"""Beyond this a number is no answer (and Python refuses to read one past 4,300 digits)."""
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


class SourceMap:
    """Maps a path into the data (keys and list indices) to a 1-based (line, column)."""

    def __init__(self) -> None:
        self.marks: dict[Loc, tuple[int, int]] = {}

    def locate(self, loc: Sequence[object]) -> tuple[int, int]:
        """The position of `loc`, or of its nearest ancestor that exists in the file."""
        parts: list[str | int] = []
        best = self.marks.get((), (1, 1))
        for part in loc:
            if not isinstance(part, str | int):
                continue
            candidate = (*parts, part)
            if candidate in self.marks:
                parts.append(part)
                best = self.marks[candidate]
        return best


def open_regular(path: str, limit: int, error: type[ReadinessError]) -> int:
    """A descriptor open for reading `path`, refused when it is not a regular file (a FIFO would
    hang the read, a device never end), is too large, or cannot be read."""
    try:
        # non-blocking, so that opening a FIFO returns at once and can be refused
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise error.at(path, "is a directory, not a file (name a file)") from None
    except OSError as exc:
        raise error.at(path, f"cannot read the file: {_why(exc)}") from None
    found = os.fstat(handle)
    problem = None
    if stat.S_ISDIR(found.st_mode):
        problem = "is a directory, not a file (name a file)"
    elif not stat.S_ISREG(found.st_mode):
        problem = f"is {_kind(found.st_mode)}, not a regular file (name a regular file)"
    elif _kernel_file(path):
        problem = "is a file of the kernel (under /proc or /sys), not an answer file (name a regular file)"
    elif found.st_size > limit:
        problem = f"file is {found.st_size:,} bytes, over the limit of {limit:,} (is this the right file?)"
    if problem:
        os.close(handle)
        raise error.at(path, problem)
    return handle  # left non-blocking: no read of what passes for a regular file can hang


def _kernel_file(path: str) -> bool:
    # they pass for regular files, yet /proc/kmsg blocks for ever and others never end
    real = os.path.realpath(path)
    return real.startswith(("/proc/", "/sys/"))


def _why(exc: OSError) -> str:
    return ran_out(exc) or f"{exc.strerror} (check the path)"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_text(path: str, limit: int, error: type[ReadinessError]) -> str:
    """The file's text, refused when it is not a regular file, too large, unreadable or not UTF-8."""
    handle = open_regular(path, limit, error)
    try:
        with open(handle, "rb") as stream:
            raw = stream.read(limit + 1)
    except BlockingIOError:
        raise error.at(path, "has nothing to read yet, so is no regular file (name a regular file)") from None
    except OSError as exc:
        raise error.at(path, f"cannot read the file: {_why(exc)}") from None
    if len(raw) > limit:  # it grew since it was opened
        raise error.at(path, f"file is over the limit of {limit:,} bytes (is this the right file?)")
    if (other := other_encoding(raw)) is not None:
        raise error.at(path, other)
    if b"\x00" in raw:
        raise error.at(path, "file holds binary data, not YAML text (pass a YAML, JSON or CSV file)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error.at(path, NOT_UTF8, line, 1) from None


NOT_UTF8 = "file is not UTF-8 text (save it as UTF-8; from Windows-1252: iconv -f cp1252 -t utf-8 FILE)"


def other_encoding(start: bytes) -> str | None:
    """What to say of a file in UTF-16 or UTF-32 (a byte-order mark, or a zero byte beside every
    ASCII letter), which would otherwise pass for binary data."""
    for marks, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if start.startswith(marks):
            return _convert(name)
    head = start[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and 0 not in head[::2]:
        return _convert("UTF-16")
    if len(head) >= 4 and head[::2].count(0) > len(head) // 4 and 0 not in head[1::2]:
        return _convert("UTF-16")
    return None


def _convert(name: str) -> str:
    return f"file is {name} text, not UTF-8 (save it as UTF-8, or convert it: iconv -f {name} -t UTF-8 FILE)"


def parse(
    text: str,
    path: str,
    error: type[ReadinessError],
    *,
    allow_aliases: bool = True,
    max_nodes: int = 500_000,
) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and a `SourceMap`."""
    try:
        with paused_gc():
            node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise error.at(path, f"YAML syntax: {problem} (fix the syntax at this point)", line, col) from None
    except yaml.YAMLError as exc:
        raise error.at(path, f"not readable as YAML: {_one_line(exc)} (check the file is YAML text)") from None
    except RecursionError:
        raise error.at(path, f"nested more than {MAX_DEPTH} levels deep (flatten the file)") from None
    source_map = SourceMap()
    if node is None:
        return None, source_map
    return _Builder(path, error, source_map, allow_aliases, max_nodes).build(node, (), 0), source_map


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, checking as it goes."""

    def __init__(
        self,
        path: str,
        error: type[ReadinessError],
        source_map: SourceMap,
        allow_aliases: bool,
        max_nodes: int,
    ) -> None:
        self.path = path
        self.error = error
        self.marks = source_map.marks
        self.allow_aliases = allow_aliases
        self.budget = max_nodes
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()

    def fail(self, node: yaml.Node, message: str) -> ReadinessError:
        return self.error.at(self.path, message, node.start_mark.line + 1, node.start_mark.column + 1)

    def too_many(self) -> str:
        if self.allow_aliases:  # aliases are what usually make a file expand so far
            return "file expands to too many values (remove aliases or split the file)"
        return "file holds too many values (is this the right file? split it if it is)"

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.fail(node, self.too_many())
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep (flatten the file)")
        if not self.allow_aliases:
            if id(node) in self.seen:
                raise self.fail(node, "aliases (*name) are not allowed here (write the value out in full)")
            self.seen.add(id(node))
        mark = node.start_mark
        self.marks[loc] = (mark.line + 1, mark.column + 1)
        kind = type(node)
        if kind is yaml.MappingNode:
            return self.build_mapping(node, loc, depth)
        if kind is yaml.SequenceNode:
            self.check_tag(node, _TAG + "seq")
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self.build_scalar(node)

    def build_mapping(self, node: yaml.Node, loc: Loc, depth: int) -> dict[Any, Any]:
        self.check_tag(node, _TAG + "map")
        result: dict[Any, Any] = {}
        marks = self.marks
        plain = yaml.ScalarNode
        for key_node, value_node in node.value:
            if type(key_node) is not plain:
                raise self.fail(key_node, "a key must be a plain word, not a list or mapping (write the key as a word)")
            key = key_node.value if key_node.tag == _STR else self.build_scalar(key_node)
            if isinstance(key, bool):  # a bare yes/no key is meant as the word
                key = "yes" if key else "no"
            if key in result:
                raise self.duplicate(node, key_node, key)
            if type(value_node) is plain and value_node.tag == _STR:
                # the common case, inlined: these files are mostly plain strings
                if not self.allow_aliases:
                    if id(value_node) in self.seen:
                        raise self.fail(
                            value_node, "aliases (*name) are not allowed here (write the value out in full)"
                        )
                    self.seen.add(id(value_node))
                self.budget -= 1
                mark = value_node.start_mark
                marks[(*loc, key)] = (mark.line + 1, mark.column + 1)
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result

    def duplicate(self, node: yaml.Node, key_node: yaml.Node, key: Any) -> ReadinessError:
        first = next(k for k, _ in node.value if k.value == key_node.value)
        line = first.start_mark.line + 1
        return self.fail(key_node, f"duplicate key '{key}' (first at line {line}; keep one of them)")

    def build_scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR:
            return node.value
        self.check_tag(node, *_SCALAR_TAGS)
        if node.tag == _INT:
            if not _DECIMAL.match(node.value):
                return node.value  # YAML 1.1 reads 1:30, 0x1F and 0o17 as numbers; nobody means that here
            return self.decimal(node)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            raise self.fail(
                node, f"cannot read '{node.value[:40]}': {_one_line(exc)} (quote it to keep it as text)"
            ) from None

    def decimal(self, node: yaml.Node) -> int:
        """A whole number as people write it: 010 is ten (YAML 1.1 would read it as octal 8, where
        a typed or spreadsheet answer of 010 is ten)."""
        digits = node.value.replace("_", "")
        if len(digits.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
            raise self.fail(node, f"a number of {len(digits):,} digits is far beyond any answer (check the value)")
        return int(digits)

    def check_tag(self, node: yaml.Node, *allowed: str) -> None:
        if node.tag not in allowed:
            tag = node.tag.replace(_TAG, "!!")
            raise self.fail(node, f"tag '{tag}' is not allowed (remove it; only plain YAML values are accepted)")


Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    """YAML text that `parse` reads back as the same data (block style, keys in order)."""
    text: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    if yaml.load(text, Loader=Loader) != data:  # YAML folds NEL, LS and PS unless they are escaped
        text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=False, width=100)
    return text
