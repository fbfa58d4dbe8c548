"""One interview at a time per answers file: an advisory lock held for the interview's life.

The lock is taken on a small file beside the answers (`.NAME.lock`), not on the answers file
itself: every save renames a new file into place, and a lock on the replaced one would guard
nothing. The lock file holds the pid of the interview, so a second one can say who has it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from readiness.errors import ReadinessError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: interviews are not guarded against each other
    fcntl = None  # type: ignore[assignment]


def lock_path(answers: Path) -> Path:
    """Where the lock of an answers file lives: beside the file a symlink leads to, so two
    names for one file share one lock."""
    real = Path(os.path.realpath(answers))
    return real.with_name(f".{real.name}.lock")


@contextmanager
def interview_lock(answers: Path) -> Iterator[None]:
    """Hold the lock of `answers` until the block ends; raise a ReadinessError naming the
    process that holds it already. The kernel releases it if the process dies (even kill -9)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(answers)
    handle = _take(path, answers)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # while still held, so no one can have taken the old inode
        os.close(handle)


def _take(path: Path, answers: Path) -> int:
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ReadinessError.at(
                str(answers), f"cannot lock the answers file: {exc.strerror} (check the directory is writable)"
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(handle)
            raise ReadinessError.at(
                str(answers),
                f"is in use by another interview (process {holder}); finish or stop that one first, "
                "or save to another file with --answers",
            ) from None
        if _still_there(handle, path):
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
            return handle
        os.close(handle)  # the holder removed it as we opened it: take the new one


def _still_there(handle: int, path: Path) -> bool:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (found.st_dev, found.st_ino) == (held.st_dev, held.st_ino)
