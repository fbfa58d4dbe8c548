"""Reading banks and answer files safely, with every error pointing at a file and a line."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from readiness import yamlio
from readiness.errors import BankError, Diagnostic, ReadinessError
from readiness.gc_pause import paused_gc
from readiness.model import (
    Action,
    Bank,
    BankHeader,
    Broken,
    Flag,
    Locator,
    Question,
    QuestionFile,
    Source,
)

BANK_FILE_LIMIT = 4 * 1024 * 1024
ANSWER_FILE_LIMIT = 1024 * 1024

M = TypeVar("M", bound=BaseModel)


def builtin_bank_dir() -> Path:
    """The bank shipped with the package (or, in a source checkout, the project's own). The
    package is always a folder of files here (the bank is read through paths), so its files sit
    beside this module."""
    shipped = Path(__file__).parent / "_bank"
    if (shipped / "questions").is_dir():
        return shipped
    return Path(__file__).resolve().parents[1]


BANK_DIR_HINT = "point --bank at a directory holding questions/ and seeds/"
"""How a bank directory is usually named; callers that take it another way say so instead."""


def load_bank(directory: str | os.PathLike[str] | None = None, *, hint: str = BANK_DIR_HINT) -> Bank:
    """Load and shape-check a bank directory holding `questions/` and `seeds/`; `hint` is the
    remedy given when `directory` is no bank (it names the way the directory was given)."""
    reading = read_bank(directory, hint=hint)
    if reading.diagnostics or reading.bank is None:
        raise BankError(reading.diagnostics)
    return reading.bank


class BankReading(NamedTuple):
    """A bank as far as it could be read: every shape problem, and the bank built from what
    passed (None when the files cannot make one), with what failed listed in `broken`."""

    bank: Bank | None
    diagnostics: list[Diagnostic]
    broken: Broken = Broken()


def read_bank(directory: str | os.PathLike[str] | None = None, *, hint: str = BANK_DIR_HINT) -> BankReading:
    """Read a bank directory, collecting shape problems instead of stopping at them, so that
    `validate` can check the graph of what loaded in the same run. A directory that is no bank
    still raises BankError."""
    root = Path(directory) if directory is not None else builtin_bank_dir()
    questions_dir, seeds_dir = root / "questions", root / "seeds"
    if not (questions_dir / "bank.yaml").is_file():
        problem = "no questions/bank.yaml here" if root.is_dir() else "no such directory"
        raise BankError.at(str(root), f"{problem} ({hint})")
    diagnostics: list[Diagnostic] = []
    stage_paths = [p for p in _yaml_files(questions_dir) if p.name != "bank.yaml"]
    seed_paths = _yaml_files(seeds_dir)
    broken = _BrokenParts()
    with paused_gc():
        header = _load_model(questions_dir / "bank.yaml", BankHeader, diagnostics)
        stages = [stage for p in stage_paths if (stage := _load_stage(p, diagnostics, broken))]
        sources = [source for p in seed_paths if (source := _load_source(p, diagnostics, broken))]
        if header is None or broken.unreadable:
            return BankReading(None, sorted(diagnostics))
        assembler = _Assembler(header)
        bank = assembler.build(stages, sources, [questions_dir / "bank.yaml", *stage_paths, *seed_paths])
        bank.read_from(str(root))
    return BankReading(bank, sorted(diagnostics + assembler.diagnostics), broken.frozen())


def _yaml_files(directory: Path) -> list[Path]:
    """The YAML files of a bank directory, in name order."""
    if not directory.is_dir():
        place = f"beside {directory.parent / 'questions'}" if directory.name == "seeds" else "here"
        raise BankError.at(
            str(directory), f"no {directory.name}/ directory {place} (a bank holds questions/ and seeds/)"
        )
    try:
        # anything named .yaml but a directory is read, so a FIFO, an unreadable file or a symlink
        # loop is an error rather than a file silently left out of a "sound" bank
        return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
    except OSError as exc:
        raise BankError.at(
            str(directory), f"cannot read the directory: {exc.strerror} (check its permissions)"
        ) from None


class _Loaded(NamedTuple, Generic[M]):
    path: Path
    model: M
    source_map: yamlio.SourceMap
    positions: dict[str, list[int]] | None = None  # where salvaged items stood in the file

    def position(self, key: str, index: int) -> int:
        return self.positions[key][index] if self.positions else index


def _load_model(path: Path, model: type[M], diagnostics: list[Diagnostic]) -> _Loaded[M] | None:
    """Parse and validate one file; problems are added to `diagnostics`."""
    document = _read(path, diagnostics)
    return _validate(path, model, *document, diagnostics) if document else None


def _read(path: Path, diagnostics: list[Diagnostic]) -> tuple[dict[str, Any], yamlio.SourceMap] | None:
    """The mapping a file holds, with its source map; None (and a diagnostic) when it holds none."""
    try:
        text = yamlio.read_text(str(path), BANK_FILE_LIMIT, BankError)
        data, source_map = yamlio.parse(text, str(path), BankError)
    except ReadinessError as exc:
        diagnostics.extend(exc.diagnostics)
        return None
    if not isinstance(data, dict):
        diagnostics.append(
            Diagnostic(
                str(path),
                1,
                1,
                "error",
                "expected a mapping of keys to values (start the file with a key, as `id:` or `domain:`)",
            )
        )
        return None
    return data, source_map


def _validate(
    path: Path, model: type[M], data: dict[str, Any], source_map: yamlio.SourceMap, diagnostics: list[Diagnostic]
) -> _Loaded[M] | None:
    try:
        return _Loaded(path, model.model_validate(data), source_map)
    except ValidationError as exc:
        diagnostics.extend(pydantic_diagnostics(exc, str(path), data, source_map))
        return None


class _BrokenParts:
    """Collects what the files that failed their shape check declare (see model.Broken)."""

    def __init__(self) -> None:
        self.unreadable = False  # a file held no mapping at all: what it declares is unknown
        self.questions: set[str] = set()
        self.domains: set[str] = set()
        self.sources: set[str] = set()
        self.citations: set[str] = set()

    def add(self, key: str, item: Any, domain: Any) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            self.unreadable = True  # an item without an id: what refers to it cannot be told apart
            return
        if key == "questions":
            self.questions.add(item["id"])
        if key == "questions" and isinstance(item.get("domain", domain), str):
            self.domains.add(item.get("domain", domain))
        cites = item.get("cites")
        self.citations.update(c for c in (cites if isinstance(cites, list) else [cites]) if isinstance(c, str))

    def frozen(self) -> Broken:
        return Broken(*map(frozenset, (self.questions, self.domains, self.sources, self.citations)))


_ITEM_MODELS: tuple[tuple[str, type[Question] | type[Flag] | type[Action]], ...] = (
    ("questions", Question),
    ("flags", Flag),
    ("actions", Action),
)


_FILE_KEYS = frozenset({"domain", "questions", "flags", "actions"})


def _load_stage(path: Path, diagnostics: list[Diagnostic], broken: _BrokenParts) -> _Loaded[QuestionFile] | None:
    """A question file; when it fails its shape check, the items that pass on their own are
    kept (for the graph checks) and the others noted in `broken`."""
    document = _read(path, diagnostics)
    if document is None:
        broken.unreadable = True
        return None
    loaded = _validate(path, QuestionFile, *document, diagnostics)
    return loaded if loaded is not None else _salvage(path, *document, broken)


def _salvage(
    path: Path, data: dict[str, Any], source_map: yamlio.SourceMap, broken: _BrokenParts
) -> _Loaded[QuestionFile] | None:
    """The items of a question file that pass their shape check on their own."""
    if not _FILE_KEYS.issuperset(data) or not all(isinstance(data.get(k, []), list) for k, _ in _ITEM_MODELS):
        broken.unreadable = True  # items under a misspelt key, or not a list: what they declare is unknown
        return None
    domain = data.get("domain")
    kept: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    for key, model in _ITEM_MODELS:
        items = data.get(key)
        kept[key], positions[key] = [], []
        for i, item in enumerate(items if isinstance(items, list) else []):
            full = {"domain": domain, **item} if isinstance(item, dict) and isinstance(domain, str) else item
            try:
                kept[key].append(model.model_validate(full))
                positions[key].append(i)
            except ValidationError:
                broken.add(key, item, domain)
    salvaged = QuestionFile.model_construct(
        domain=domain if isinstance(domain, str) else None,
        questions=tuple(kept["questions"]),
        flags=tuple(kept["flags"]),
        actions=tuple(kept["actions"]),
    )
    return _Loaded(path, salvaged, source_map, positions)


def _load_source(path: Path, diagnostics: list[Diagnostic], broken: _BrokenParts) -> _Loaded[Source] | None:
    """A source file; when it fails its shape check, its id is noted in `broken`."""
    document = _read(path, diagnostics)
    if document is None:
        broken.unreadable = True
        return None
    loaded = _validate(path, Source, *document, diagnostics)
    if loaded is None and isinstance(document[0].get("id"), str):
        broken.sources.add(document[0]["id"])
    elif loaded is None:
        broken.unreadable = True  # a source without an id: its citations cannot be told apart
    return loaded


class _Assembler:
    """Puts the validated files together into one Bank, refusing ids used twice."""

    def __init__(self, header: _Loaded[BankHeader]) -> None:
        self.header = header
        self.diagnostics: list[Diagnostic] = []
        self.first: dict[tuple[str, str], str] = {}
        self.places: list[tuple[str, str, str, yamlio.SourceMap, tuple[str | int, ...]]] = []

    def claim(self, kind: str, item_id: str, loaded: _Loaded[Any], prefix: tuple[str | int, ...]) -> bool:
        line, col = loaded.source_map.locate(prefix)
        first = self.first.get((kind, item_id))
        if first is not None:
            message = f"{kind} id '{item_id}' is used twice (first at {first}; rename one)"
            self.diagnostics.append(Diagnostic(str(loaded.path), line, col, "error", message))
            return False
        self.first[(kind, item_id)] = f"{loaded.path}:{line}"
        self.places.append((kind, item_id, str(loaded.path), loaded.source_map, prefix))
        return True

    def build(
        self, stages: Sequence[_Loaded[QuestionFile]], sources: Sequence[_Loaded[Source]], files: Sequence[Path]
    ) -> Bank:
        questions: dict[str, Question] = {}
        flags: list[Flag] = []
        actions: list[Action] = []
        for stage in stages:
            model = stage.model
            questions.update(
                (q.id, q)
                for i, q in enumerate(model.questions)
                if self.claim("question", q.id, stage, ("questions", stage.position("questions", i)))
            )
            flags += [
                f
                for i, f in enumerate(model.flags)
                if self.claim("flag", f.id, stage, ("flags", stage.position("flags", i)))
            ]
            actions += [
                a
                for i, a in enumerate(model.actions)
                if self.claim("action", a.id, stage, ("actions", stage.position("actions", i)))
            ]
        registry: dict[str, Source] = {}
        for loaded in sources:
            if self.claim("source", loaded.model.id, loaded, ()):
                registry[loaded.model.id] = loaded.model
            for i, finding in enumerate(loaded.model.findings):
                self.claim("finding", f"{loaded.model.id}.{finding.id}", loaded, ("findings", i))
        bank = Bank(
            header=self.header.model,
            questions=questions,
            flags=tuple(flags),
            actions=tuple(actions),
            sources=registry,
            digest=_digest(files),
        )
        bank.place("bank", self.header.model.id, str(self.header.path), self.header.source_map, ())
        for place in self.places:
            bank.place(*place)
        return bank


def _digest(paths: Sequence[Path]) -> str:
    """A short hash of the bank's files, so answers can say which bank they were given against."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: (p.parent.name, p.name)):
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- turning pydantic errors into located, readable diagnostics ---------------------------------

_ITEM_NAMES = {
    "questions": "question",
    "flags": "flag",
    "actions": "action",
    "findings": "finding",
    "domains": "domain",
    "options": "option",
    "next": "route",
    "bands": "band",
    "answers": "answer",
}


def pydantic_diagnostics(exc: ValidationError, path: str, data: Any, source_map: Locator) -> list[Diagnostic]:
    """One diagnostic per pydantic error, at the line its location points at."""
    result = []
    for error in exc.errors(include_url=False):
        loc = _data_loc(error["loc"], data)
        line, col = source_map.locate(loc)
        result.append(Diagnostic(path, line, col, "error", _message(error, loc, data)))
    return result


def _data_loc(loc: Sequence[Any], data: Any) -> tuple[str | int, ...]:
    """Keep the parts of a pydantic location that exist in the data (dropping union branch names);
    the last part stays, since a missing key is named there."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        child = _child(node, part)
        if child is not _ABSENT or (i == len(loc) - 1 and isinstance(part, str) and isinstance(node, dict)):
            out.append(part)
            node = child
    return tuple(out)


_ABSENT = object()


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _ABSENT


def _message(error: Any, loc: tuple[str | int, ...], data: Any) -> str:
    kind = error["type"]
    text = str(error["msg"]).removeprefix("Value error, ")
    text = text[:1].lower() + text[1:]
    if kind in ("missing", "extra_forbidden") and loc:
        where = _describe(loc[:-1], data)
        problem = (
            f"'{loc[-1]}' is missing (add it)"
            if kind == "missing"
            else f"unknown key '{loc[-1]}' (remove it, or check its spelling)"
        )
        return f"{where}: {problem}" if where else problem
    if kind == "string_type" and isinstance(error.get("input"), bool):
        text += " (quote it: YAML reads a bare yes, no, on or off as true or false)"
    if kind == "string_pattern_mismatch":
        text += " (ids use lower-case letters, digits and _; source ids use - instead of _)"
    if kind in _FIXES and not text.endswith(")"):
        text += f" ({_FIXES[kind]})"
    where = _describe(loc, data)
    return f"{where}: {text}" if where else text


# How to fix the errors pydantic words without a remedy, by error type
_FIXES = {
    "literal_error": "use one of those",
    "enum": "use one of those",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "int_from_float": "write a whole number",
    "float_parsing": "write a number",
    "float_type": "write a number",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "string_type": "quote it, to keep it as text",
    "string_too_short": "fill it in",
    "string_too_long": "shorten it",
    "too_short": "add the missing items",
    "too_long": "remove some items",
    "dict_type": "write it as key: value lines",
    "model_type": "write it as key: value lines",
    "list_type": "write it as a list, one '- item' per line",
    "tuple_type": "write it as a list, one '- item' per line",
    "greater_than": "raise the number",
    "greater_than_equal": "raise the number",
    "less_than": "lower the number",
    "less_than_equal": "lower the number",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
}


def _describe(loc: tuple[str | int, ...], data: Any) -> str:
    """Name the place of an error by ids: "question 'q1', option 'yes', risk"."""
    parts: list[str] = []
    node = data
    i = 0
    while i < len(loc):
        part, following = loc[i], loc[i + 1] if i + 1 < len(loc) else None
        child = _child(node, part)
        if isinstance(part, str) and isinstance(following, int) and isinstance(child, list):
            item = _child(child, following)
            ident = item.get("id", item.get("value")) if isinstance(item, dict) else None
            if isinstance(ident, bool):
                ident = "yes" if ident else "no"
            label = _ITEM_NAMES.get(part, part)
            named = isinstance(ident, str | int)
            parts.append(f"{label} '{ident}'" if named else f"{label} {following + 1}")
            node, i = item, i + 2
        else:
            # a number in a list is a position (counted from 1); in a mapping it is a key, as written
            parts.append(
                str(part) if isinstance(part, str) else f"item {part + 1}" if isinstance(node, list) else f"key {part}"
            )
            node, i = child, i + 1
    return ", ".join(parts)
