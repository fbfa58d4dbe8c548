"""Writing files so that a crash or a kill never leaves half a file behind, and no write ever
lands on a file the command reads, a read-only file, or a device."""

from __future__ import annotations

import atexit
import errno
import os
import re
import secrets
import signal
import socket
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from readiness.errors import AnswerError, ReadinessError, ran_out

_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:40] or "host"
_STALE = re.compile(r"^\..*\.readiness-(?P<host>[A-Za-z0-9]*)-(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")
_SWEPT: set[str] = set()
_SPECIAL_PLACE = re.compile(r"^/(dev/(stdout|stderr|fd/\d+)$|proc/)")


@contextmanager
def atomic_open(path: str | os.PathLike[str], *, follow_links: bool = True) -> Iterator[TextIO]:
    """A text file to write that appears at `path` only once it is complete: it is written
    beside `path` under a temporary name and renamed into place (rename is atomic).

    A symlink is written through (its target is replaced, the link kept), unless `follow_links`
    is false (a report among others in an output folder, where anyone may have planted one):
    then a symlink is refused. A device, FIFO or anything else that is not a regular file is
    written to directly, never renamed over; a read-only file is refused. A file with several
    names (hard links), or one that cannot be renamed over (a single file bind-mounted into
    place), is written in place once a complete copy is safely on disk, so it keeps its names."""
    target = Path(path)
    if str(path).endswith(("/", os.sep)):
        raise ReadinessError.at(str(target), "names a directory (it ends with /): name a file to write")
    if not follow_links:
        refuse_link(target)
    # renamed over the name itself, not what a link planted there later would lead to
    real = Path(os.path.realpath(target)) if follow_links else Path(os.path.realpath(target.parent)) / target.name
    found = _stat(target)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise ReadinessError.at(str(target), "is a directory (name a file to write)")
    if (found is not None and not stat.S_ISREG(found.st_mode)) or _special_place(target, real):
        with _direct(target) as out:
            yield out
        return
    if found is not None:
        refuse_read_only(target, found)
    with _replacing(target, real, found) as out:
        yield out


def refuse_link(path: Path) -> None:
    """Refuse a symlink where a report among others goes (a shared folder anyone can plant one in)."""
    if os.path.islink(path):
        raise ReadinessError.at(
            str(path), "is a symlink, and a report is never written through one here (remove it, or write elsewhere)"
        )


def _stat(path: Path) -> os.stat_result | None:
    """What is at `path` (following symlinks), or None when nothing is."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReadinessError.at(str(path), f"cannot write here: {exc.strerror} (check the path)") from None


def _special_place(target: Path, real: Path) -> bool:
    # /dev/stdout and /proc/self/fd/N name whatever the shell connected, even a regular file that
    # the shell holds open: renaming over it would write beside the stream, not into it
    return any(_SPECIAL_PLACE.match(str(p.absolute())) for p in (target, real))


def refuse_read_only(path: Path, found: os.stat_result | None = None) -> None:
    """Refuse a file its owner has made read-only (even for root, who could write it anyway)."""
    found = found or _stat(path)
    if found is None or not stat.S_ISREG(found.st_mode):
        return
    if not found.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise ReadinessError.at(str(path), "is read-only (make it writable, or choose another path)")


@contextmanager
def _direct(target: Path) -> Iterator[TextIO]:
    """Write into a device or a FIFO as it is. A FIFO nobody reads is refused, not waited on."""
    try:
        handle = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
        os.set_blocking(handle, True)
    except OSError as exc:
        why = "nothing is reading it" if exc.errno == errno.ENXIO else exc.strerror  # a FIFO without a reader
        raise ReadinessError.at(
            str(target), f"cannot write to it: {why} (name a regular file, or - for stdout)"
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
    except BrokenPipeError:
        raise  # /dev/stdout into a reader that has gone: the command line ends quietly, as for stdout
    except OSError as exc:
        why = ran_out(exc) or f"{exc.strerror} (name a regular file)"
        raise ReadinessError.at(str(target), f"cannot write to it: {why}") from None


@contextmanager
def _replacing(target: Path, real: Path, found: os.stat_result | None) -> Iterator[TextIO]:
    # Ctrl-C and SIGTERM are held back while the temporary is created and noted as pending (a
    # note that the exit removes, should the interrupt land where no `except` below can see it)
    held = _hold_stop_signals()
    try:
        handle, temporary = _create_beside(real)
    except OSError as exc:
        _release(held)
        why = ran_out(exc) or f"{exc.strerror} (check that the directory exists and is writable)"
        raise ReadinessError.at(str(target), f"cannot write here: {why}") from None
    except BaseException:
        _release(held)
        raise
    try:
        _release(held)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            if found is not None:  # a replacement keeps the permissions and owner of what it replaces
                _same_owner_and_mode(temporary, found)
            yield out
            out.flush()
            os.fsync(out.fileno())
        if found is not None and found.st_nlink > 1:
            _write_in_place(temporary, real)
        else:
            _rename_into_place(temporary, real)
        _PENDING.pop(temporary, None)
    except OSError as exc:
        _remove_pending(temporary)
        why = ran_out(exc) or f"{exc.strerror} (check the path)"
        raise ReadinessError.at(str(target), f"cannot write the file: {why}") from None
    except BaseException:
        _remove_pending(temporary)
        raise


_PENDING: dict[str, int] = {}
"""The temporaries created and not yet renamed into place or removed, with the process that made
each (a forked worker inherits the parent's and must leave them alone)."""


def _remove_pending(temporary: str) -> None:
    Path(temporary).unlink(missing_ok=True)
    _PENDING.pop(temporary, None)


@atexit.register
def _remove_all_pending() -> None:
    """At exit, whatever an interrupt left half-written (a Ctrl-C between a `with` taking a file
    and its body starting is seen by no handler of ours)."""
    for temporary, maker in list(_PENDING.items()):
        if maker == os.getpid():
            _remove_pending(temporary)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _hold_stop_signals() -> set[int | signal.Signals] | None:
    """Hold Ctrl-C and SIGTERM back (they are delivered on release), where the system allows it."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _release(held: set[int | signal.Signals] | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _rename_into_place(temporary: str, real: Path) -> None:
    try:
        os.replace(temporary, real)
    except OSError as exc:
        if exc.errno != errno.EBUSY:  # a single file bind-mounted into place cannot be renamed over
            raise
        _write_in_place(temporary, real)


def _write_in_place(temporary: str, real: Path) -> None:
    """Copy the complete, synced temporary into the file itself, then remove the temporary."""
    with open(temporary, "rb") as source, open(real, "r+b") as out:
        data = source.read()
        out.write(data)
        out.truncate(len(data))
        out.flush()
        os.fsync(out.fileno())
    os.unlink(temporary)


def _same_owner_and_mode(temporary: str, found: os.stat_result) -> None:
    os.chmod(temporary, stat.S_IMODE(found.st_mode))
    if (found.st_uid, found.st_gid) != (os.geteuid(), os.getegid()):
        # only root (or a group member) may; otherwise the file becomes the writer's, as any editor's would
        with suppress(OSError):
            os.chown(temporary, found.st_uid, found.st_gid)


def _create_beside(target: Path) -> tuple[int, str]:
    """A new, empty temporary file in the target's directory, named so that a later run can tell
    it was ours and whether its writer is gone. It is created with the mode a plain open would
    give (0666 less the umask), unlike mkstemp's owner-only 0600."""
    sweep_stale_temporaries(target.parent)
    for _ in range(100):
        tag = f"readiness-{_HOST}-{os.getpid()}-{secrets.token_hex(4)}"
        name = str(target.parent / f".{target.name[:120]}.{tag}.tmp")
        # Noted before it exists. Holding signals back does not stop one that another thread of
        # the process (a pool's) receives: its handler then raises here as soon as `os.open`
        # returns, the file made but its handle never seen, and only this note can remove it.
        _PENDING[name] = os.getpid()
        try:
            handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            _PENDING.pop(name, None)  # not ours: never removed on our behalf
            continue
        return handle, name
    raise FileExistsError(f"no free temporary name beside {target}")


def sweep_stale_temporaries(directory: Path) -> list[Path]:
    """Remove the temporaries a killed run of ours left in `directory` (once per directory and
    process): those named by this host for a process that no longer exists."""
    key = os.path.realpath(directory)
    if key in _SWEPT:
        return []
    _SWEPT.add(key)
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    for name in names:
        found = _STALE.match(name)
        if found and found["host"] == _HOST and not _alive(int(found["pid"])):
            try:
                (directory / name).unlink()
                removed.append(directory / name)
            except OSError:
                pass  # another run got there first, or we may not: either way not ours to fuss over
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, follow_links: bool = True) -> None:
    """Replace the file at `path` with `data` (text, or the bytes of a Word document), all or nothing."""
    with atomic_open(path, follow_links=follow_links) as out:
        if isinstance(data, bytes):
            out.buffer.write(data)
        else:
            out.write(data)


def fresh_path(path: Path) -> Path:
    """`path` if nothing is there yet, otherwise the first free `name-2.ext`, `name-3.ext`, ...
    A symlink, even one that leads nowhere, is something there: a name chosen for the user is
    never one that someone else's link makes write elsewhere."""
    if not os.path.lexists(path):
        return path
    n = 2
    while os.path.lexists(candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")):
        n += 1
    return candidate


ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
"""How the answer files in a folder of answers are named: YAML and JSON files, CSV and XLSX tables."""


def answer_files_in(folder: str) -> list[str]:
    """The answer files directly in `folder`, sorted by name: YAML, JSON, CSV and XLSX files,
    leaving out hidden ones (an interview's lock, a half-written report's temporary) and
    subfolders. Refused when it holds none, since a folder given for answers that turns out
    to hold none is a mistake worth naming."""
    try:
        found = _answer_files(folder)
    except OSError as exc:
        raise AnswerError.at(folder, f"cannot be read as a folder: {exc.strerror or exc}") from None
    if not found:
        kinds = ", ".join(ANSWER_SUFFIXES)
        raise AnswerError.at(folder, f"is a folder that holds no answer files (name a folder of {kinds} files)")
    return found


def _answer_files(folder: str | os.PathLike[str]) -> list[str]:
    with os.scandir(folder) as entries:
        return sorted(
            entry.path
            for entry in entries
            if entry.name.lower().endswith(ANSWER_SUFFIXES) and not entry.name.startswith(".") and entry.is_file()
        )


class Inputs:
    """The files a command reads, so that no output of it is ever written over one of them,
    whichever symlink, `..` or hard link leads there. A folder given for its answer files
    stands for each of them, as it does for the reading."""

    def __init__(
        self, paths: Iterable[str | os.PathLike[str]] = (), bank: str | os.PathLike[str] | None = None
    ) -> None:
        self.names: dict[str, str] = {}
        self.inodes: dict[tuple[int, int], str] = {}
        self.folders: dict[str, str] = {}
        self.answer_folders: dict[str, str] = {}
        """Folders given for their answer files: an output named like one, written there, would
        be read as an answer file by the next run."""
        self.of_bank: set[str] = set()
        for path in paths:
            self.add(path)
        if bank is not None:
            self.add_bank(bank)

    def add_bank(self, bank: str | os.PathLike[str]) -> None:
        """The bank's own files, and its questions/ and seeds/ folders: an output written among
        them would become part of the bank."""
        for part in ("questions", "seeds"):
            folder = Path(bank) / part
            self.folders.setdefault(os.path.realpath(folder), str(folder))
            with suppress(OSError):
                for entry in os.scandir(folder):
                    if entry.is_dir():  # refused as part of the folder (and not a folder of answers)
                        continue
                    self.add(entry.path)
                    self.of_bank.add(entry.path)

    def add(self, path: str | os.PathLike[str]) -> None:
        self.names.setdefault(os.path.realpath(path), str(path))
        try:
            found = os.stat(path)
        except OSError:
            return
        if stat.S_ISREG(found.st_mode):
            self.inodes.setdefault((found.st_dev, found.st_ino), str(path))
        elif stat.S_ISDIR(found.st_mode):  # a folder of answers: it, and each answer file in it
            self.answer_folders.setdefault(os.path.realpath(path), str(path))
            with suppress(OSError):
                for name in _answer_files(path):
                    self.add(name)

    def which(self, output: str | os.PathLike[str]) -> str | None:
        """The input that `output` would write over, if any."""
        real = os.path.realpath(output)
        same = self.names.get(real)
        if same is not None:
            return same
        for folder, shown in self.folders.items():
            if real.startswith(folder + os.sep):
                return shown
        if real.lower().endswith(ANSWER_SUFFIXES) and os.path.dirname(real) in self.answer_folders:
            return self.answer_folders[os.path.dirname(real)]
        try:
            found = os.stat(output)
        except OSError:
            return None
        return self.inodes.get((found.st_dev, found.st_ino))

    def refuse(self, output: str | os.PathLike[str]) -> None:
        """Raise when `output` is one of the inputs."""
        same = self.which(output)
        if same is not None and (same in self.of_bank or same in self.folders.values()):
            where = same if same in self.folders.values() else os.path.dirname(same)
            raise ReadinessError.at(
                str(output),
                f"is in the bank's folder {where}: an output never goes among the bank's files (write it "
                "somewhere else)",
            )
        if same is not None and same in self.answer_folders.values():
            problem = "is the folder of answers" if os.path.isdir(output) else "is in the folder of answers"
            raise ReadinessError.at(
                str(output),
                f"{problem} {same}: the next run would read it as an answer file (write it somewhere else)",
            )
        if same is not None:
            raise ReadinessError.at(
                str(output), f"is the input {same}: an output never replaces an input (write it somewhere else)"
            )
