"""Atomic writes: all or nothing, with the permissions a plain write would have given; never over
an input, a read-only file or a device; symlinks written through; stale temporaries swept."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness import files
from readiness.errors import ReadinessError
from readiness.files import Inputs, atomic_open, fresh_path, write_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_users_default_permissions(tmp_path: Path, umask_022: None) -> None:
    """Not the owner-only mode of the temporary file it was written as."""
    write_atomic(tmp_path / "report.md", "# Report\n")
    assert mode(tmp_path / "report.md") == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert (target.read_text(), mode(target)) == ("new\n", 0o640)


def test_a_failure_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("complete\n")

    def killed_midway() -> None:
        with atomic_open(target) as out:
            out.write("half")
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        killed_midway()
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    assert target.read_text() == "complete\n"


def test_a_directory_is_not_replaced(tmp_path: Path) -> None:
    with pytest.raises(ReadinessError, match="is a directory"):
        write_atomic(tmp_path, "x")


def test_fresh_path_counts_up(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("")
    (tmp_path / "a-2.md").write_text("")
    assert fresh_path(tmp_path / "a.md") == tmp_path / "a-3.md"
    assert fresh_path(tmp_path / "b.md") == tmp_path / "b.md"


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    """The link stays a link and its target gets the text (not a new file replacing the link)."""
    (tmp_path / "target.yaml").write_text("old\n")
    (tmp_path / "link.yaml").symlink_to("target.yaml")
    write_atomic(tmp_path / "link.yaml", "new\n")
    assert (tmp_path / "link.yaml").is_symlink()
    assert (tmp_path / "target.yaml").read_text() == "new\n"


def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("keep\n")
    target.chmod(0o444)
    with pytest.raises(ReadinessError, match="is read-only"):
        write_atomic(target, "new\n")
    assert target.read_text() == "keep\n"


def test_a_device_is_written_to_not_renamed_over() -> None:
    write_atomic("/dev/null", "nothing\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_with_a_reader_gets_the_text(tmp_path: Path) -> None:
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    time.sleep(0.2)  # let cat open the FIFO first
    write_atomic(fifo, "through the pipe\n")
    assert reader.communicate(timeout=5)[0] == "through the pipe\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_without_a_reader_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f")
    with pytest.raises(ReadinessError, match="nothing is reading it"):
        write_atomic(tmp_path / "f", "x")


def test_temporaries_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    """A temporary named by a process that is gone is removed by the next write into its
    directory; one of a live process, and files not of our naming, are left alone."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    host = files._HOST
    stale = tmp_path / f".a.md.readiness-{host}-{gone.pid}-0123abcd.tmp"
    live = tmp_path / f".b.md.readiness-{host}-{os.getpid()}-0123abcd.tmp"
    other = tmp_path / ".c.md.0123abcd.tmp"
    for path in (stale, live, other):
        path.write_text("half")
    write_atomic(tmp_path / "report.md", "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "report.md"])


def test_inputs_are_known_by_every_name(tmp_path: Path) -> None:
    """The same file through a symlink, `..` or a hard link is the same input."""
    answers = tmp_path / "a.yaml"
    answers.write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.yaml").symlink_to("a.yaml")
    os.link(answers, tmp_path / "hard.yaml")
    inputs = Inputs([answers])
    for name in ("link.yaml", "sub/../a.yaml", "hard.yaml"):
        assert inputs.which(tmp_path / name) == str(answers)
    assert inputs.which(tmp_path / "report.md") is None
    with pytest.raises(ReadinessError, match=r"is the input .*a.yaml: an output never replaces an input"):
        inputs.refuse(tmp_path / "link.yaml")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to someone else")
def test_root_replacing_a_file_keeps_its_owner(tmp_path: Path) -> None:
    """Root writing a council officer's report leaves it theirs, as it was."""
    target = tmp_path / "report.md"
    target.write_text("old\n")
    os.chown(target, 1234, 1234)
    write_atomic(target, "new\n")
    assert (target.stat().st_uid, target.stat().st_gid) == (1234, 1234)
