"""Banks already proven sound, kept in the user's cache directory, so that a command run again on
the same bank skips parsing and checking it. An entry is plain JSON (never code), found only by
the digest of the bank's files and of this package's code, and checked for damage before use."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from readiness import yamlio
from readiness.errors import BankError, ReadinessError
from readiness.gc_pause import paused_gc
from readiness.loading import BANK_FILE_LIMIT, builtin_bank_dir, load_bank
from readiness.model import Bank, Locator

if TYPE_CHECKING:
    from readiness.bounds import Bounds

DISABLE = "READINESS_NO_CACHE"
"""Set (to anything but empty or 0) to neither read nor write the cache."""
FORMAT = 2
"""Raised when the layout of an entry changes, so that older entries are ignored."""


def load_checked_bank(directory: str | os.PathLike[str] | None = None, *, checked: bool = True) -> Bank:
    """The bank in `directory` (default: the built-in one). With `checked`, a bank that fails the
    static checks is refused (BankError). A bank proven before, with the same files under the
    same code, is read back from the cache instead of being parsed and checked again."""
    root = Path(directory) if directory is not None else builtin_bank_dir()
    with paused_gc(keep=True):  # one pause over loading (and checking); the bank lives until exit
        key = _key(root) if _enabled() else None
        bank = _read(root, key) if key else None
        if bank is None:
            bank = _prove(root, checked)
            if key and checked and _key(root) == key:  # not edited while it was being loaded
                _write(root, key, bank)
    bank.read_from(str(root))
    return bank


def _prove(root: Path, checked: bool) -> Bank:
    bank = load_bank(root)
    if checked:
        from readiness.checks import check_bank  # only a bank not proven before needs the checks

        errors = [d for d in check_bank(bank) if d.severity == "error"]
        if errors:
            raise BankError(sorted(errors))
    return bank


def _enabled() -> bool:
    return os.environ.get(DISABLE, "") in ("", "0")


def cache_dir() -> Path:
    """Where entries are kept: $XDG_CACHE_HOME/readiness, else ~/.cache/readiness."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "readiness"


def entry_path(root: Path) -> Path:
    """One entry per bank directory, so editing a bank replaces its entry rather than adding one."""
    where = hashlib.sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:24]
    return cache_dir() / f"bank-{where}.json"


# --- the key: what a proven bank depends on -------------------------------------------------------


def _key(root: Path) -> str | None:
    """A digest of the bank's files and of the code that reads and checks them; None when the
    files cannot be listed or read (the ordinary loader then says what is wrong), or when the
    package's sources cannot be read to tell one version of the checks from another."""
    code = _code_digest()
    if code is None:
        return None
    try:
        digest = hashlib.sha256(code)
        for folder in ("questions", "seeds"):  # every file the loader reads, and no other
            for path in sorted(p for p in (root / folder).iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
                content = path.read_bytes()
                digest.update(f"{folder}/{path.name}\0{len(content)}\0".encode())
                digest.update(content)
    except OSError:
        return None
    return digest.hexdigest()


@functools.cache
def _code_digest() -> bytes | None:
    """This package's code (a changed check must check again), the cache format, and the
    versions of the libraries that parse and validate a bank (and whether the C loader does).
    A module counts by its size and time of change, the test Python applies to its own .pyc
    files: reading every source on each start would cost more than the cache saves."""
    import pydantic
    import yaml

    digest = hashlib.sha256(f"{FORMAT}\0{pydantic.VERSION}\0{yaml.__version__}\0".encode())
    digest.update(yamlio.Loader.__mro__[1].__name__.encode())
    try:
        modules = sorted(_modules(os.path.dirname(__file__), ""))
    except OSError:
        return None
    for name, size, changed in modules:
        digest.update(f"{name}\0{size}\0{changed}\0".encode())
    return digest.digest() if modules else None


def _modules(folder: str, prefix: str) -> Iterator[tuple[str, int, int]]:
    """Each .py file under `folder`: its path within the package, its size and its time of change."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                yield from _modules(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                status = entry.stat()
                yield f"{prefix}{entry.name}", status.st_size, status.st_mtime_ns


# --- reading and writing an entry ---------------------------------------------------------------


def _read(root: Path, key: str) -> Bank | None:
    """The bank of the entry for `root` if it is whole and was made for exactly `key`; else None."""
    try:
        raw = entry_path(root).read_bytes()
        header, _, payload = raw.partition(b"\n")
        seal = json.loads(header)
        if seal != {"key": key, "sha256": hashlib.sha256(payload).hexdigest()}:
            return None  # another bank, other code, or a damaged entry
        entry = json.loads(payload)
        bank: Bank = revive(Bank, entry["bank"])
        bank.derived("bounds", _bounds_reader(entry["bounds"], bank))
        for relative, items in entry["origins"].items():
            path = str(root / relative)
            locator = _Reparsed(path)
            for kind, item_id, prefix in items:
                bank.place(kind, item_id, path, locator, tuple(prefix))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # unreadable or malformed: rebuilt from the files
    return bank


def _write(root: Path, key: str, bank: Bank) -> None:
    """Store the entry atomically (a reader sees the old entry or the new, never a part); a cache
    that cannot be written is no error, just slower."""
    import tempfile  # here: only a bank not proven before is written

    target = entry_path(root)
    try:
        data = _entry(root, bank)
        header = json.dumps({"key": key, "sha256": hashlib.sha256(data).hexdigest()}).encode()
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header + b"\n" + data)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError):  # ValueError: an item placed outside the bank directory
        pass


def _entry(root: Path, bank: Bank) -> bytes:
    """The bank as JSON, with where each item was read from, by file (as a path within the bank)."""
    origins: dict[str, list[Any]] = {}
    for (kind, item_id), (path, _, prefix) in bank._origins.items():
        relative = Path(path).relative_to(root).as_posix()
        origins.setdefault(relative, []).append([kind, item_id, list(prefix)])
    # python mode, not json: pydantic's JSON mode would write an infinite float as null
    payload = {
        "bank": bank.model_dump(by_alias=True, exclude_unset=True),
        "bounds": _bounds_entry(bank),
        "origins": origins,
    }
    return json.dumps(payload).encode()


def _bounds_entry(bank: Bank) -> dict[str, Any]:
    """The bank's bounds as JSON (worked out once, when the bank is proven, not on every start)."""
    from readiness import bounds

    table = bounds.of(bank)
    return {
        "domains": table.domains,
        "order": table.order,
        "classes": {qid: [list(c) for c in classes] for qid, classes in table.classes.items()},
        **{name: getattr(table, name) for name in _BOUNDS_AS_THEY_ARE},
        "tested": {qid: list(values) for qid, values in table.tested.items()},
    }


_BOUNDS_AS_THEY_ARE = ("best", "worst", "rejoin", "depth", "routers", "looks_back", "idom", "idom_depth")


def _bounds_reader(data: Any, bank: Bank) -> Callable[[], Bounds]:
    """What reads the entry's bounds when a scorer first asks for them (the interview never
    does); bounds the entry cannot give are worked out again."""

    def read() -> Bounds:
        try:
            return _revive_bounds(data)
        except (TypeError, ValueError, KeyError, AttributeError):
            from readiness import bounds

            return bounds.sound(bank)

    return read


def _revive_bounds(data: dict[str, Any]) -> Bounds:
    """The bounds written by `_bounds_entry`, with their tuples and sets as they were."""
    from readiness import bounds

    classes = {
        qid: [bounds.AnswerClass(label, risk, tuple(targets), _as_value(v)) for label, risk, targets, v in items]
        for qid, items in data["classes"].items()
    }
    return bounds.Bounds(
        tuple(data["domains"]),
        data["order"],
        classes=classes,
        tested={qid: set(values) for qid, values in data["tested"].items()},
        **{name: data[name] for name in _BOUNDS_AS_THEY_ARE},
    )


def _as_value(value: Any) -> Any:
    """An answer as the scorer holds it: JSON has lists where a multi answer is a tuple."""
    return tuple(value) if isinstance(value, list) else value


class _Reparsed:
    """A bank file's source map, parsed again only if a message needs a line number (the cache
    holds the data, not the positions)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.parsed: Locator | None = None

    def locate(self, loc: Sequence[object]) -> tuple[int, int]:
        if self.parsed is None:
            try:
                text = yamlio.read_text(self.path, BANK_FILE_LIMIT, BankError)
                self.parsed = yamlio.parse(text, self.path, BankError)[1]
            except ReadinessError:  # the file went away or changed since: no position to give
                return (0, 0)
        return self.parsed.locate(loc)


# --- JSON back into models, without validating again -----------------------------------------------


def revive(annotation: Any, value: Any) -> Any:
    """`value` (a model dumped as JSON, by alias, unset fields left out) rebuilt as `annotation`,
    trusting that it was valid when it was dumped: tuples from lists, models from objects. The
    objects of `value` are reused for the models' fields (so `value` is spent)."""
    return _reviver(annotation)(value)


_revivers: dict[Any, Callable[[Any], Any]] = {}


def _reviver(annotation: Any) -> Callable[[Any], Any]:
    """A function rebuilding values of one annotation, made once per annotation; `_same` when a
    value comes out of JSON as it should be (then it is not even called)."""
    try:
        return _revivers[annotation]
    except KeyError:
        pass
    except TypeError:  # an unhashable annotation: not cached
        return _make_reviver(annotation)
    made = _revivers[annotation] = _make_reviver(annotation)
    return made


def _make_reviver(annotation: Any) -> Callable[[Any], Any]:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _reviver(args[0])
    if origin in (Union, UnionType):
        inner = [a for a in args if a is not NoneType]
        if len(inner) != 1:
            raise TypeError(f"cannot revive {annotation} (only X | None unions)")
        one = _reviver(inner[0])
        return _same if one is _same else lambda value: None if value is None else one(value)
    if origin is tuple:
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"cannot revive {annotation} (only tuple[X, ...])")
        item = _reviver(args[0])
        return tuple if item is _same else lambda value: tuple(map(item, value))
    if origin is dict:
        item = _reviver(args[1])
        return _same if item is _same else lambda value: {k: item(v) for k, v in value.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_reviver(annotation)
    if annotation is float:
        return float  # JSON writes 2.0 as 2.0, but a hand-made entry might not
    return _same


def _same(value: Any) -> Any:
    return value


def _model_reviver(model: type[BaseModel]) -> Callable[[Any], Any]:
    plan: list[tuple[str, str, Callable[[Any], Any], Callable[[], Any]]] = []

    def revive_model(value: dict[str, Any]) -> Any:
        if not plan:  # made on first use: models refer to themselves (a Condition's all:)
            plan.extend(_field_plan(model))
        fields: dict[str, Any] = {}
        given: set[str] = set()
        for name, key, convert, default in plan:
            if key in value:
                fields[name] = value[key] if convert is _same else convert(value[key])
                given.add(name)
            else:
                fields[name] = default()
        # What model_construct does, without its general case: the state a pickled model
        # carries, set through the pickle protocol; private attributes get their defaults
        made = model.__new__(model)
        made.__setstate__(
            {
                "__dict__": fields,
                "__pydantic_fields_set__": given,
                "__pydantic_extra__": None,
                "__pydantic_private__": None,
            }
        )
        if model.__pydantic_post_init__:
            made.model_post_init(None)
        return made

    return revive_model


def _field_plan(model: type[BaseModel]) -> Iterator[tuple[str, str, Callable[[Any], Any], Callable[[], Any]]]:
    """Per field: its name, its key in the entry, how to revive its value, and how to make the
    value of a field the entry leaves out (its default; a required one makes the entry unreadable)."""
    for name, info in model.model_fields.items():
        yield name, info.alias or name, _reviver(info.annotation), _default_of(name, info)


def _default_of(name: str, info: FieldInfo) -> Callable[[], Any]:
    if info.is_required():

        def missing() -> Any:
            raise KeyError(f"the entry leaves out the required field {name!r}")

        return missing
    if info.default_factory is None and isinstance(info.default, _IMMUTABLE):
        return functools.partial(_same, info.default)  # shared, as pydantic shares it
    return functools.partial(info.get_default, call_default_factory=True, validated_data=None)


_IMMUTABLE = (NoneType, bool, int, float, str, tuple, frozenset)
