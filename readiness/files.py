"""Writing files so that a crash or a kill never leaves half a file behind."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from readiness.errors import ReadinessError


@contextmanager
def atomic_open(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file to write that appears at `path` only once it is complete: it is written
    beside `path` under a temporary name and renamed into place (rename is atomic)."""
    target = Path(path)
    if target.is_dir():
        raise ReadinessError.at(str(target), "is a directory (name a file to write)")
    try:
        handle, temporary = _create_beside(target)
    except OSError as exc:
        raise ReadinessError.at(
            str(target), f"cannot write here: {exc.strerror} (check that the directory exists and is writable)"
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            if target.exists():  # a replacement keeps the permissions of what it replaces
                os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ReadinessError.at(str(target), f"cannot write the file: {exc.strerror} (check the path)") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _create_beside(target: Path) -> tuple[int, str]:
    """A new, empty temporary file in the target's directory. It is created with the mode a
    plain open would give (0666 less the umask), unlike mkstemp's owner-only 0600."""
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace the file at `path` with `data` (text, or the bytes of a Word document), all or nothing."""
    with atomic_open(path) as out:
        if isinstance(data, bytes):
            out.buffer.write(data)
        else:
            out.write(data)


def fresh_path(path: Path) -> Path:
    """`path` if nothing is there yet, otherwise the first free `name-2.ext`, `name-3.ext`, ..."""
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate
