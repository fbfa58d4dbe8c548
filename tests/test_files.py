"""Atomic writes: all or nothing, with the permissions a plain write would have given."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.errors import ReadinessError
from readiness.files import atomic_open, fresh_path, write_atomic


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
