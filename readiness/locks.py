"""One interview at a time per answers file: an advisory lock held for the interview's life.

The lock is taken on a small file beside the answers (`.NAME.lock`), not on the answers file
itself: every save renames a new file into place, and a lock on the replaced one would guard
nothing. The lock file holds the pid of the interview, so a second one can say who has it.

The answers file as it was when the interview began is locked too (by its device and inode), so
two interviews of one file under two names (hard links) cannot both run. The lock file is opened
without following a symlink; one that is not a regular file of the user's own, with one name,
is refused and never written, truncated or removed."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from readiness.errors import ReadinessError, ran_out

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: interviews are not guarded against each other
    fcntl = None  # type: ignore[assignment]

_OPEN = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


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
        file_handle = _lock_the_file(answers)
    except BaseException:
        _release(path, handle)
        raise
    try:
        yield
    finally:
        if file_handle is not None:
            os.close(file_handle)
        _release(path, handle)


def _release(path: Path, handle: int) -> None:
    # removed while still held, so no one can have taken the old inode; and only if the name
    # still leads to the file we locked (never what someone put there since)
    with suppress(OSError):
        if _still_there(handle, path):
            path.unlink()
    os.close(handle)


def _take(path: Path, answers: Path) -> int:
    while True:
        handle = _open_lock(path, answers)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(handle)
            raise _in_use(answers, f"process {holder}") from None
        if _still_there(handle, path):
            try:
                os.ftruncate(handle, 0)  # ours: a regular file of this user's with one name
                os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
            except OSError as exc:
                _release(path, handle)
                raise _cannot_lock(answers, exc) from None
            return handle
        os.close(handle)  # the holder removed it as we opened it: take the new one


def _open_lock(path: Path, answers: Path) -> int:
    try:
        handle = os.open(path, _OPEN, 0o644)
    except OSError as exc:
        if os.path.islink(path):
            raise ReadinessError.at(
                str(answers),
                f"cannot lock the answers file: its lock {path} is a symlink (remove it, if no interview is running)",
            ) from None
        raise _cannot_lock(answers, exc) from None
    found = os.fstat(handle)
    if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1 or found.st_uid != os.geteuid():
        os.close(handle)
        raise ReadinessError.at(
            str(answers),
            f"cannot lock the answers file: its lock {path} is not a regular file of yours with one name "
            "(remove it, if no interview is running)",
        )
    return handle


def _lock_the_file(answers: Path) -> int | None:
    """A lock on the answers file itself, as it is now: whichever of its names (hard links) a
    second interview is given, it finds this one. None when there is no file yet."""
    try:
        handle = os.open(answers, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise _in_use(answers, "under another of its names") from None
    except OSError:  # a file system without flock: the lock beside it still guards this name
        os.close(handle)
        return None
    return handle


def _in_use(answers: Path, holder: str) -> ReadinessError:
    return ReadinessError.at(
        str(answers),
        f"is in use by another interview ({holder}); finish or stop that one first, "
        "or save to another file with --answers",
    )


def _cannot_lock(answers: Path, exc: OSError) -> ReadinessError:
    why = ran_out(exc) or f"{exc.strerror} (check the directory is writable)"
    return ReadinessError.at(str(answers), f"cannot lock the answers file: {why}")


def _still_there(handle: int, path: Path) -> bool:
    try:
        found = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (found.st_dev, found.st_ino) == (held.st_dev, held.st_ino)
