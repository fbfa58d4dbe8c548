"""Hostile input, second pass: planted symlinks and shared folders, bytes that are not UTF-8,
error paths that used to reach Python's default handler, and input that used to be taken
without a word. Table cases hold to the same rules as `test_hostile` (no traceback, no
"internal error", no control character printed, `unchanged` files unchanged); what needs a real
process (signals, closed streams, encodings, limits) runs the command in a subprocess."""

from __future__ import annotations

import functools
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import test_hostile as hostile
from conftest import write_tree
from readiness.controls import has_controls

Case = hostile.Case
MIXED = hostile.MIXED
ROOT = hostile.ROOT
EXAMPLES = ROOT / "examples"
OPENING = hostile.OPENING
MINI_BANK = hostile._mini_bank()

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files, signals and limits")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"READINESS_NO_CACHE": "1", "LC_ALL": "C.UTF-8", **extra})
    return env


def readiness(
    *args: str | bytes, stdin: bytes = b"", cwd: Path | None = None, env: dict[str, str] | None = None, **popen: object
) -> subprocess.CompletedProcess[bytes]:
    """The command as a user runs it, in its own process."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "readiness", *args],
        input=stdin,
        cwd=cwd,
        env=env or _env(),
        timeout=120,
        **streams,
    )


def _clean(done: subprocess.CompletedProcess[bytes]) -> str:
    """stderr, checked for what must never be there."""
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    return err


# --- (b) bytes that are not UTF-8, lone surrogates, XML-illegal characters ---------------------

SURROGATE_NOTE_JSON = (
    '{"bank": "shared-management", "answers": {"arrangement": "shared_ceo", "main_aim": "savings", '
    '"num_councils": "two", "local_drive": {"value": "both_councils", "note": "x\\ufffey\\udfffz\\u202eq"}}}'
)


def _note_kept(here: Path, stdout: str) -> None:
    assert '"note": "x\ufffdy\ufffdz\ufffdq"' in stdout


def _docx_opens(here: Path, _: str) -> None:
    import zipfile

    import docx

    docx.Document(str(here / "n.docx"))  # opens
    with zipfile.ZipFile(here / "n.docx") as document:
        assert "x\ufffdy\ufffdz" in document.read("word/document.xml").decode("utf-8")


CASES = [
    Case(
        "2 a JSON note with a \\udfff escape, U+FFFE and a bidi override, as json",
        ["score", "n.json", "--format", "json"],
        0,
        "",
        files={"n.json": SURROGATE_NOTE_JSON},
        check=_note_kept,
    ),
    Case(
        "2 the same note, as markdown",
        ["score", "n.json"],
        0,
        "",
        files={"n.json": SURROGATE_NOTE_JSON},
        check=lambda here, out: "x\ufffdy\ufffdz\ufffdq" in out,
    ),
    Case(
        "2 the same note, as csv",
        ["score", "n.json", "--format", "csv"],
        0,
        "",
        files={"n.json": SURROGATE_NOTE_JSON},
    ),
    Case(
        "14 U+FFFE and U+FFFF reach a Word document as U+FFFD",
        ["score", "n.json", "--format", "docx", "-o", "n.docx"],
        0,
        "wrote n.docx\n",
        files={"n.json": SURROGATE_NOTE_JSON},
        check=_docx_opens,
    ),
]


@posix
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_second_pass_hostile_input(case: Case, in_tmp: Path) -> None:
    """The case's exit code and message, and the rules every input is held to."""
    _run_case(case, in_tmp)


def _run_case(case: Case, here: Path) -> None:
    write_tree(here, case.files)
    if case.setup:
        case.setup(here)
    before = {name: (here / name).read_bytes() for name in case.unchanged}
    result = hostile.runner.invoke(hostile.app, case.argv, input=case.stdin)
    assert result.exit_code == case.code, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert not has_controls(result.stdout), "a control character reached stdout"
    assert not has_controls(result.stderr), "a control character reached stderr"
    if case.stderr is not None:
        assert hostile._matches(case.stderr, result.stderr), result.stderr
    for name, content in before.items():
        assert (here / name).read_bytes() == content, f"{name} was changed"
    if case.check:
        assert case.check(here, result.stdout) is not False


@posix
def test_a_note_typed_with_a_byte_that_is_not_utf8_is_saved(tmp_path: Path) -> None:
    """Case 2: `caf\\xe9` typed in a note at a C.UTF-8 terminal: saved with U+FFFD, and the report written."""
    done = readiness(
        "assess",
        "--bank",
        "bank",
        "--answers",
        "a.yaml",
        stdin=OPENING.encode() + b"1; caf\xe9\n1\n1\n",
        cwd=_mini(tmp_path),
    )
    _clean(done)
    assert done.returncode == 0
    assert "note: caf\ufffd" in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "a.md").exists()


@posix
def test_a_file_name_that_is_not_utf8_is_scored_alone_and_in_a_batch(tmp_path: Path) -> None:
    """Case 2: a file named `caf\\xe9.yaml` is scored to stdout, into a folder and as csv; its name shows U+FFFD."""
    name = b"caf\xe9.yaml"
    (tmp_path / os.fsdecode(name)).write_text(MIXED, encoding="utf-8")
    alone = readiness("score", name, cwd=tmp_path)
    _clean(alone)
    assert alone.returncode == 0
    assert "caf\ufffd.yaml" in alone.stdout.decode("utf-8")
    batch = readiness("score", name, str(EXAMPLES / "fragile.yaml"), "-o", "out", cwd=tmp_path)
    assert _clean(batch) == "wrote 2 reports and summary.md to out\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["caf.md", "fragile.md", "summary.md"]
    table = readiness("score", name, str(EXAMPLES / "fragile.yaml"), "--format", "csv", cwd=tmp_path)
    _clean(table)
    assert table.stdout.decode("utf-8").count("\n") == 3


@posix
@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "cp1252"])
@pytest.mark.parametrize("command", [["sources"], ["score", str(EXAMPLES / "mixed.yaml")], ["assess"]])
def test_a_narrow_terminal_encoding_shows_stand_ins(encoding: str, command: list[str], tmp_path: Path) -> None:
    """Case 11: PYTHONIOENCODING=latin-1 (ascii, cp1252): what the encoding lacks is shown as `?`."""
    done = readiness(*command, stdin=OPENING.encode(), cwd=tmp_path, env=_env(PYTHONIOENCODING=encoding))
    _clean(done)
    assert done.returncode in (0, 1)
    assert done.stdout


def _mini(here: Path) -> Path:
    write_tree(here, {f"bank/{name}": text for name, text in hostile.MINI.items()})
    return here


# --- (c) error paths ------------------------------------------------------------------------


@posix
def test_a_full_stdout_says_the_disk_is_full() -> None:
    """Case 12: `sources > /dev/full` is the user's environment, not a bug: one line."""
    with open("/dev/full", "wb") as full:
        done = readiness("sources", stdout=full)
    assert done.stderr.decode() == "readiness: error: the disk is full (free some space, or write somewhere else)\n"
    assert done.returncode == 1


@posix
@pytest.mark.parametrize("command", [["validate"], ["sources"], ["score", str(EXAMPLES / "mixed.yaml")]])
def test_a_closed_stdout_is_no_traceback(command: list[str]) -> None:
    """Case 13: `readiness validate >&-`: the output is lost, quietly, and the exit code stands."""
    done = readiness(*command, stdout=None, preexec_fn=lambda: os.close(1))
    assert _clean(done) == ""
    assert done.returncode == 0


@posix
def test_a_closed_stdin_means_nobody_to_interview(tmp_path: Path) -> None:
    """Case 13: `readiness assess <&-` says there is nobody to interview."""
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "assess"],
        stdin=None,
        capture_output=True,
        cwd=tmp_path,
        env=_env(),
        preexec_fn=lambda: os.close(0),
        timeout=60,
    )
    assert _clean(done).startswith("readiness: no terminal and nothing to read")
    assert done.returncode == 1


# --- (a) how paths are opened ---------------------------------------------------------------


@posix
def test_a_symlink_planted_as_the_lock_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    """Case 1: `.readiness-answers.yaml.lock -> ~/t.txt` in a shared folder: refused, t.txt and the link kept."""
    precious = tmp_path / "t.txt"
    precious.write_text("precious\n")
    shared = tmp_path / "sh"
    shared.mkdir(mode=0o777)
    (shared / ".readiness-answers.yaml.lock").symlink_to(precious)
    done = readiness("assess", stdin=b"x\n", cwd=shared)
    assert _clean(done) == (
        f"readiness-answers.yaml: error: cannot lock the answers file: its lock {shared}/.readiness-answers.yaml.lock "
        "is a symlink (remove it, if no interview is running)\n"
    )
    assert precious.read_text() == "precious\n"
    assert (shared / ".readiness-answers.yaml.lock").is_symlink()


@posix
def test_a_hard_link_planted_as_the_lock_is_refused_and_never_truncated(tmp_path: Path) -> None:
    """Case 1: a lock file with two names is not ours to write: refused, its other name unchanged."""
    from readiness.errors import ReadinessError
    from readiness.locks import interview_lock

    precious = tmp_path / "t.txt"
    precious.write_text("precious\n")
    os.link(precious, tmp_path / ".a.yaml.lock")
    with (
        pytest.raises(ReadinessError, match="is not a regular file of yours with one name"),
        interview_lock(tmp_path / "a.yaml"),
    ):
        pass  # pragma: no cover
    assert precious.read_text() == "precious\n"
    assert (tmp_path / ".a.yaml.lock").exists()


@posix
def test_two_interviews_through_two_hard_links_are_one_too_many(tmp_path: Path) -> None:
    """Case 7: the lock is by device and inode, so a second name of the same file is refused."""
    from readiness.errors import ReadinessError
    from readiness.locks import interview_lock

    (tmp_path / "h1.yaml").write_text(MIXED)
    os.link(tmp_path / "h1.yaml", tmp_path / "h2.yaml")
    refused = pytest.raises(ReadinessError, match=r"in use by another interview \(under another of its names\)")
    with interview_lock(tmp_path / "h1.yaml"), refused, interview_lock(tmp_path / "h2.yaml"):
        pass  # pragma: no cover
    with interview_lock(tmp_path / "h2.yaml"):
        pass  # free once the first is done
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h1.yaml", "h2.yaml"]


@posix
def test_a_save_keeps_a_hard_link_whole(tmp_path: Path) -> None:
    """Case 7: a file with two names is written in place, so both names keep reading the new answers."""
    from readiness.files import write_atomic

    (tmp_path / "h1.yaml").write_text("old\n")
    os.link(tmp_path / "h1.yaml", tmp_path / "h2.yaml")
    write_atomic(tmp_path / "h1.yaml", "new\n")
    assert (tmp_path / "h2.yaml").read_text() == "new\n"
    assert os.stat(tmp_path / "h1.yaml").st_ino == os.stat(tmp_path / "h2.yaml").st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h1.yaml", "h2.yaml"], "a temporary was left"


@posix
def test_a_bind_mounted_file_is_written_in_place_when_it_cannot_be_renamed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case 22: rename fails with EBUSY (a single file bind-mounted into place): the complete copy is
    written into the file itself, and the answer is not lost."""
    import errno

    from readiness import files

    def busy(source: str, target: object) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy")

    (tmp_path / "a.yaml").write_text("old\n")
    monkeypatch.setattr(files.os, "replace", busy)
    files.write_atomic(tmp_path / "a.yaml", "new\n")
    assert (tmp_path / "a.yaml").read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def _mini_answers(council: str) -> str:
    return (
        "bank: mini\npartnership: {name: P, councils: [A, B]}\n"
        f"respondent: {{council: {council}, role: leader}}\nanswers: {{q1: 'yes'}}\n"
    )


def _theirs(here: Path) -> None:
    (here / "theirs.txt").write_text("theirs\n")
    (here / "out").mkdir(mode=0o1777)
    os.symlink(here / "theirs.txt", here / "out" / "a.md")


def _only_b_written(here: Path, _: str) -> None:
    assert (here / "theirs.txt").read_text() == "theirs\n"
    assert (here / "out" / "a.md").is_symlink()
    assert (here / "out" / "b.md").is_file()


def _dangling_default(here: Path) -> None:
    os.symlink(here / "elsewhere" / "new.yaml", here / "readiness-answers.yaml")
    (here / "elsewhere").mkdir()


def _nothing_elsewhere(here: Path, _: str) -> None:
    assert not (here / "elsewhere" / "new.yaml").exists()
    assert (here / "readiness-answers-2.yaml").is_file()


PATH_CASES = [
    Case(
        "5 a symlink planted in a sticky batch folder is refused, the rest written",
        ["score", "a.yaml", "b.yaml", "-o", "out"],
        1,
        "out/a.md: error: is a symlink, and a report is never written through one here (remove it, or write "
        "elsewhere)\nwrote 1 report and summary.md to out\n",
        files={"a.yaml": MIXED, "b.yaml": MIXED},
        setup=_theirs,
        check=_only_b_written,
    ),
    Case(
        "5 a symlink where the summary goes stops the batch before it starts",
        ["score", "a.yaml", "b.yaml", "-o", "out"],
        1,
        "out/summary.md: error: is a symlink, and a report is never written through one here (remove it, or "
        "write elsewhere)\n",
        files={"a.yaml": MIXED, "b.yaml": MIXED, "theirs.txt": "theirs\n", "out/keep": ""},
        setup=lambda here: os.symlink(here / "theirs.txt", here / "out" / "summary.md"),
        unchanged=("theirs.txt",),
    ),
    Case(
        "5 a dangling symlink as the default answers name is passed over",
        ["assess", "--bank", "bank"],
        0,
        "",
        files=MINI_BANK,
        stdin=OPENING + "1\n1\n1\n",
        setup=_dangling_default,
        check=_nothing_elsewhere,
    ),
    Case(
        "6 a report over the bank's own file",
        ["score", "a.yaml", "--bank", "bank", "-o", "bank/questions/bank.yaml"],
        1,
        "bank/questions/bank.yaml: error: is in the bank's folder bank/questions: an output never goes among the "
        "bank's files (write it somewhere else)\n",
        files={**MINI_BANK, "a.yaml": "bank: mini\nanswers: {q1: 'yes'}\n"},
        unchanged=("bank/questions/bank.yaml",),
    ),
    Case(
        "6 a new report among the bank's questions",
        ["score", "a.yaml", "--bank", "bank", "-o", "bank/questions/new.yaml"],
        1,
        "bank/questions/new.yaml: error: is in the bank's folder bank/questions: an output never goes among the "
        "bank's files (write it somewhere else)\n",
        files={**MINI_BANK, "a.yaml": "bank: mini\nanswers: {q1: 'yes'}\n"},
        check=lambda here, _: not (here / "bank/questions/new.yaml").exists(),
    ),
    Case(
        "6 compare over a file of the bank",
        ["compare", "k.yaml", "w.yaml", "--bank", "bank", "-o", "bank/questions/20-service.yaml"],
        1,
        "bank/questions/20-service.yaml: error: is in the bank's folder bank/questions: an output never goes among "
        "the bank's files (write it somewhere else)\n",
        files={**MINI_BANK, "k.yaml": _mini_answers("A"), "w.yaml": _mini_answers("B")},
        unchanged=("bank/questions/20-service.yaml",),
    ),
    Case(
        "6 assess with its report over a seed",
        ["assess", "--bank", "bank", "--report", "bank/seeds/src.yaml"],
        1,
        "bank/seeds/src.yaml: error: is in the bank's folder bank/seeds: an output never goes among the bank's "
        "files (write it somewhere else)\n",
        files=MINI_BANK,
        stdin="x\n",
        unchanged=("bank/seeds/src.yaml",),
    ),
    Case(
        "8 -o reports/ for one report names a folder, not a file",
        ["score", "a.yaml", "-o", "reports/"],
        1,
        "reports/: error: names a folder (it ends with /), but one report goes to a file (name a file, e.g. "
        "report.md)\n",
        files={"a.yaml": MIXED},
        check=lambda here, _: not (here / "reports").exists(),
    ),
    Case(
        "8 -o reports/ for several reports makes the folder",
        ["score", "a.yaml", "b.yaml", "-o", "reports/"],
        0,
        "wrote 2 reports and summary.md to reports\n",
        files={"a.yaml": MIXED, "b.yaml": MIXED},
        check=lambda here, _: (here / "reports" / "summary.md").is_file(),
    ),
    Case(
        "21 /proc/kmsg is refused, not read for ever",
        ["score", "/proc/kmsg"],
        1,
        "/proc/kmsg: error: is a file of the kernel (under /proc or /sys), not an answer file (name a regular file)\n",
    ),
    Case(
        "21 /proc/self/status is refused too",
        ["score", "/proc/self/status"],
        1,
        "/proc/self/status: error: is a file of the kernel (under /proc or /sys), not an answer file (name a "
        "regular file)\n",
    ),
]


@posix
@pytest.mark.parametrize("case", PATH_CASES, ids=[case.name for case in PATH_CASES])
def test_paths_are_opened_safely(case: Case, in_tmp: Path) -> None:
    """The case's exit code and message, and the rules every input is held to."""
    _run_case(case, in_tmp)


@posix
def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Case 8: XDG_CACHE_HOME=rel would make folders wherever one runs; the XDG spec says ignore it."""
    from readiness.bankcache import cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", "rel")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "readiness"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "abs"))
    assert cache_dir() == tmp_path / "abs" / "readiness"


# --- (c) signals, limits ----------------------------------------------------------------------


def _batch_in_progress(tmp_path: Path, files: int = 600) -> tuple[subprocess.Popen[bytes], Path]:
    for i in range(files):
        (tmp_path / f"a{i}.yaml").write_text(MIXED, encoding="utf-8")
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [sys.executable, "-m", "readiness", "score", *(f"a{i}.yaml" for i in range(files)), "-o", "out"],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job is
    )
    deadline = time.monotonic() + 60
    while not (out.is_dir() and len(os.listdir(out)) > 20) and time.monotonic() < deadline:
        time.sleep(0.02)
    return batch, out


@posix
@pytest.mark.parametrize(("how", "code"), [("ctrl-c", 130), ("sigterm", 143)])
def test_a_parallel_batch_stopped_ends_quietly(how: str, code: int, tmp_path: Path) -> None:
    """Case 10: Ctrl-C (SIGINT to the whole process group) or SIGTERM to the parent: one line or none,
    no traceback from any worker, no temporary left, no worker left running."""
    batch, out = _batch_in_progress(tmp_path)
    if how == "ctrl-c":
        os.killpg(batch.pid, signal.SIGINT)
    else:
        os.kill(batch.pid, signal.SIGTERM)
    _, err = batch.communicate(timeout=60)
    text = err.decode()
    assert "Traceback" not in text, text
    assert "Error" not in text, text
    assert text in ("", "interrupted\n")
    assert batch.returncode == code
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(batch.pid, 0)  # no worker outlived the parent


def _limit(kind: int, value: int) -> hostile.Callable[[], None]:
    return lambda: resource.setrlimit(kind, (value, value))


@posix
def test_too_few_file_descriptors_is_one_line(tmp_path: Path) -> None:
    """Case 12: `ulimit -n 12` with 100 files says what ran out, not "internal error"."""
    for i in range(100):
        (tmp_path / f"a{i}.yaml").write_text(MIXED, encoding="utf-8")
    names = [f"a{i}.yaml" for i in range(100)]
    done = readiness("score", *names, "-o", "out", cwd=tmp_path, preexec_fn=_limit(resource.RLIMIT_NOFILE, 12))
    assert _clean(done) == (
        "readiness: error: too many files are open (raise the limit, ulimit -n, or name fewer files at once)\n"
    )
    assert done.returncode == 1


@posix
def test_the_file_size_limit_is_one_line(tmp_path: Path) -> None:
    """Case 12: `ulimit -f 10` stops the write with a message, not a silent kill, and leaves no temporary."""
    done = readiness(
        "score",
        str(EXAMPLES / "mixed.yaml"),
        "-o",
        "big.md",
        cwd=tmp_path,
        preexec_fn=_limit(resource.RLIMIT_FSIZE, 10 * 1024),
    )
    assert (
        _clean(done) == "big.md: error: cannot write the file: the file size limit was reached (raise it: ulimit -f)\n"
    )
    assert done.returncode == 1
    assert os.listdir(tmp_path) == []


@posix
def test_a_full_disk_at_the_start_of_an_interview_leaves_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case 12: the lock's pid cannot be written (the disk is full): one line, and no `.a.yaml.lock` left."""
    import errno

    from readiness import locks
    from readiness.errors import ReadinessError

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(locks.os, "pwrite", full)
    with pytest.raises(ReadinessError) as refused, locks.interview_lock(tmp_path / "a.yaml"):
        pass  # pragma: no cover
    assert str(refused.value) == (
        f"{tmp_path}/a.yaml: error: cannot lock the answers file: the disk is full (free some space, or write "
        "somewhere else)"
    )
    assert os.listdir(tmp_path) == []


@posix
def test_a_full_disk_when_saving_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Case 12: a save that meets a full disk names it, and leaves the old file as it was."""
    import errno

    from readiness import files
    from readiness.errors import ReadinessError

    (tmp_path / "a.yaml").write_text("old\n")

    def full(handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(ReadinessError, match=r"cannot write the file: the disk is full \(free some space"):
        files.write_atomic(tmp_path / "a.yaml", "new\n")
    assert (tmp_path / "a.yaml").read_text() == "old\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


@posix
def test_ctrl_c_while_starting_is_never_a_traceback(tmp_path: Path) -> None:
    """Case 15: Ctrl-C at any moment of the first half second (while modules are imported)."""
    for delay in (0.03, 0.05, 0.08, 0.1, 0.12, 0.14, 0.16, 0.2, 0.25, 0.3, 0.45):
        started = subprocess.Popen(
            [sys.executable, "-m", "readiness", "sources"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_env(),
            cwd=tmp_path,
        )
        time.sleep(delay)
        started.send_signal(signal.SIGINT)
        _, err = started.communicate(timeout=60)
        if b"Traceback" in err and b"/readiness/" not in err.split(b"Traceback", 1)[1].split(b"KeyboardInterrupt")[0]:
            continue  # the interpreter was still starting (runpy, site): no code of ours had run yet
        assert "Traceback" not in err.decode(), (delay, err.decode())
        assert started.returncode in (0, 130, -signal.SIGINT), (delay, started.returncode)


# --- input that used to be taken without a word ----------------------------------------------


@functools.cache
def _builtin_bank() -> hostile.Any:
    from readiness.loading import builtin_bank_dir, load_bank

    return load_bank(builtin_bank_dir())


@pytest.fixture(scope="module")
def builtin() -> hostile.Any:
    return _builtin_bank()


@pytest.mark.parametrize(("written", "value"), [("010", 10), ("020", 16 + 4), ("007", 7), ("1_0", 10), ("0", 0)])
def test_a_leading_zero_is_decimal_in_a_yaml_file(
    written: str, value: int, tmp_path: Path, builtin: hostile.Any
) -> None:
    """Case 3: `payback_years: 010` is ten, as typed or in a CSV, not YAML 1.1's octal eight."""
    from readiness.answers import load_answers

    (tmp_path / "a.yaml").write_text(MIXED.replace("payback_years: 3", f"payback_years: {written}"))
    assert load_answers(tmp_path / "a.yaml", builtin).answers.answers["payback_years"].value == value


def test_a_leading_zero_is_decimal_typed_in_csv_and_json(tmp_path: Path, builtin: hostile.Any) -> None:
    """Case 3: the same 010 read from every way in gives the same ten."""
    from readiness.answers import load_answers, read_answer, read_csv_answers

    assert read_answer(builtin, "payback_years", "010") == (10, None)
    (tmp_path / "a.csv").write_text(f"{hostile.CSV_HEAD},payback_years\n{hostile.CSV_ROW},010\n")
    [row] = read_csv_answers(tmp_path / "a.csv", builtin)
    assert not isinstance(row, Exception)
    assert row.answers.answers["payback_years"].value == 10
    (tmp_path / "a.json").write_text('{"bank": "shared-management", "answers": {"payback_years": "010"}}')
    assert load_answers(tmp_path / "a.json", builtin).answers.answers["payback_years"].value == 10


def _bank_with(old: str, new: str, name: str = "questions/10-trust.yaml") -> dict[str, str]:
    return hostile._mini_bank({name: (old, new)})


FIVE_THOUSAND = "9" * 5000
LONG_VERSION = "v" * 1_000_000
AFTER_MIXED = MIXED.count("\n") + 2
"""The line of the first entry of a section added at the end of the mixed example."""
SILENT_CASES = [
    Case(
        "9 an empty bank_version is no version, and resume carries on",
        ["assess", "--bank", "bank", "--answers", "a.yaml", "--resume"],
        0,
        "",
        files={
            **MINI_BANK,
            "a.yaml": 'bank: mini\nbank_version: ""\npartnership: {name: P, councils: [A, B]}\n'
            "respondent: {council: A, role: leader}\nanswers: {q1: 'yes'}\n",
        },
        stdin="1\n3\n",
    ),
    Case(
        "16 a band limit of .nan is refused where it is written",
        ["validate", "bank"],
        1,
        "",
        files=_bank_with("bands: [{upto: 2, risk: 4}", "bands: [{upto: .nan, risk: 4}"),
        check=lambda here, out: out.startswith(
            "bank/questions/10-trust.yaml:21:18: error: question 'q2', band 1, upto: input should be a finite "
            "number (write a number: .nan and .inf match no answer)\n"
        ),
    ),
    Case(
        "16 a max of .inf is refused too",
        ["validate", "bank"],
        1,
        "",
        files=_bank_with("max: 5", "max: .inf"),
        check=lambda here, out: "question 'q2', max: input should be a finite number" in out,
    ),
    Case(
        "17 a right-to-left override in a name never reaches the report raw",
        ["score", "r.yaml", "--format", "json"],
        0,
        "",
        files={"r.yaml": MIXED.replace("name: ", "name: \u202eevil ", 1)},
        check=lambda here, out: "\u202e" not in out and "\ufffdevil" in out,
    ),
    Case(
        "18 a 1 MB bank_version is cut where a message quotes it",
        ["score", "v.yaml"],
        0,
        f"v.yaml: bank {'v' * 60}… → 3.0: 78 answers carried, 0 mapped, 0 retired; the file says {'v' * 60}…, but "
        "its answers are to the questions of 3.0\n",
        files={"v.yaml": MIXED.replace('bank_version: "3.0"', f"bank_version: {LONG_VERSION}", 1)},
    ),
    Case(
        "18 a 1 MB bank id is cut too",
        ["score", "b.yaml"],
        1,
        "b.yaml:1:7: error: these answers are for bank '" + "b" * 60 + "…', not 'shared-management' (use --bank "
        "to point at the bank they were given against)\n",
        files={"b.yaml": "bank: " + "b" * 1_000_000 + "\nanswers: {}\n"},
    ),
    Case(
        "19 a set_aside answer to a question also answered is dropped with a warning",
        ["score", "s.yaml"],
        0,
        f"s.yaml:{AFTER_MIXED}:18: warning: set_aside: 'payback_years' is answered under answers too; that answer "
        "counts and this one is dropped (remove one)\n",
        files={"s.yaml": MIXED + "set_aside:\n  payback_years: 4\n"},
    ),
    Case(
        "19 a set_aside answer to no question is a warning, since scoring ignores set_aside",
        ["score", "s.yaml"],
        0,
        f"s.yaml:{AFTER_MIXED}:21: warning: set_aside: answer to 'no_such_question', which is no question of bank "
        "'shared-management' 3.0 (check the id; `readiness template` lists the questions); it is left out (correct "
        "or remove it)\n",
        files={"s.yaml": MIXED + "set_aside:\n  no_such_question: 4\n"},
    ),
    Case(
        "20 a javascript: url in a seed is refused",
        ["validate", "bank"],
        1,
        "",
        files=hostile._mini_bank(
            {"seeds/src.yaml": ("outlet: The Journal\n", 'outlet: The Journal\nurl: "javascript:alert(1)"\n')}
        ),
        check=lambda here, out: out.startswith(
            "bank/seeds/src.yaml:6:6: error: url: the url must be a web address starting with https:// or http:// "
            "(correct it, or remove it)\n"
        ),
    ),
    Case(
        "22 a UTF-16 answer file is named as UTF-16, not binary data",
        ["score", "u.yaml"],
        1,
        "u.yaml: error: file is UTF-16 text, not UTF-8 (save it as UTF-8, or convert it: iconv -f UTF-16 -t UTF-8 "
        "FILE)\n",
        setup=lambda here: (here / "u.yaml").write_bytes(MIXED.encode("utf-16")),
    ),
    Case(
        "22 a UTF-16 CSV without a byte-order mark too",
        ["score", "u.csv"],
        1,
        "u.csv: error: file is UTF-16 text, not UTF-8 (save it as UTF-8, or convert it: iconv -f UTF-16 -t UTF-8 "
        "FILE)\n",
        setup=lambda here: (here / "u.csv").write_bytes(f"{hostile.CSV_HEAD}\n{hostile.CSV_ROW}\n".encode("utf-16-le")),
    ),
    Case(
        "22 a cp1252 byte in a long CSV is reported at its own line",
        ["score", "w.csv", "--format", "csv", "-o", "w-out.csv"],
        1,
        "w.csv:3002:1: error: file is not UTF-8 text (save it as UTF-8; from Windows-1252: iconv -f cp1252 -t "
        "utf-8 FILE)\nwrote w-out.csv\n",
        setup=lambda here: (here / "w.csv").write_bytes(
            f"{hostile.CSV_HEAD}\n{(hostile.CSV_ROW + chr(10)) * 3000}".encode()
            + "Caf\xe9,A;B,A,leader,shared_ceo,savings,two\n".encode("cp1252")
        ),
    ),
    Case(
        "22 a 5,000-digit integer in YAML says so, not sys.set_int_max_str_digits",
        ["score", "l.yaml"],
        1,
        "l.yaml:2:27: error: a number of 5,000 digits is far beyond any answer (check the value)\n",
        files={"l.yaml": f"bank: shared-management\nanswers: {{annual_savings: {FIVE_THOUSAND}}}\n"},
    ),
    Case(
        "22 a 5,000-digit integer in JSON too",
        ["score", "l.json"],
        1,
        "l.json: error: a number of 5,000 digits is far beyond any answer (check the value)\n",
        files={"l.json": f'{{"bank": "shared-management", "answers": {{"annual_savings": {FIVE_THOUSAND}}}}}'},
    ),
]


@posix
@pytest.mark.parametrize("case", SILENT_CASES, ids=[case.name for case in SILENT_CASES])
def test_input_once_taken_silently(case: Case, in_tmp: Path) -> None:
    """The case's exit code and message, and the rules every input is held to."""
    _run_case(case, in_tmp)


def test_a_set_aside_twin_of_an_answer_is_named(tmp_path: Path, builtin: hostile.Any) -> None:
    """Case 19: the warning says which answer counts; the unknown id is a warning, not a refusal."""
    from readiness.answers import load_answers

    (tmp_path / "s.yaml").write_text(MIXED + "set_aside:\n  payback_years: 4\n  no_such: 1\n")
    loaded = load_answers(tmp_path / "s.yaml", builtin)
    messages = [str(w) for w in loaded.warnings]
    assert any("set_aside: 'payback_years' is answered under answers too; that answer counts" in m for m in messages)
    assert any("set_aside: answer to 'no_such', which is no question" in m and "it is left out" in m for m in messages)
    assert loaded.answers.set_aside == {}
    assert loaded.answers.answers["payback_years"].value == 3


def test_councils_spelled_with_invisible_characters_are_one_council(builtin: hostile.Any, tmp_path: Path) -> None:
    """Case 17: "Wexley Borough Council" with a zero-width space, a soft hyphen or full-width letters is the
    same council to `compare` (NFKC, invisible characters removed)."""
    from readiness.answers import load_answer_sets
    from readiness.compare import compare
    from readiness.model import name_key

    assert name_key("North\u200b DC") == name_key("north dc") == name_key("Nor\u00adth DC") == name_key("Ｎorth DC")
    (tmp_path / "k.yaml").write_text(hostile.KINGSMOOR)
    (tmp_path / "w.yaml").write_text(
        hostile.WEXLEY.replace("- Wexley Borough Council", "- Wex\u00adley\u200b Borough Council").replace(
            "council: Wexley Borough Council", "council: Ｗexley Borough Council"
        )
    )
    loaded = load_answer_sets([tmp_path / "k.yaml", tmp_path / "w.yaml"], builtin)
    comparison = compare(builtin, [item.answers for item in loaded])
    assert len(comparison.councils) == 2


def test_a_save_the_reader_would_refuse_is_asked_again(
    tmp_path: Path, builtin: hostile.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case 4: an answer that would make the file larger than `--resume` reads is not saved; the question
    is asked again saying why, and every answer before it stays on disk and reads back."""
    from readiness import session as session_module
    from readiness.answers import load_answers
    from readiness.loading import ANSWER_FILE_LIMIT
    from readiness.session import Prompt, Reply, Session, run

    session = Session(builtin, save_to=tmp_path / "a.yaml")
    big = "é" * 2000  # a note at its limit: 4,000 bytes
    asked: list[Prompt] = []

    def ask(prompt: Prompt) -> Reply:
        asked.append(prompt)
        if len(asked) > 12:
            raise KeyboardInterrupt
        question = prompt.question
        value = question.options[0].value if question.options else "unknown"
        return Reply(value=value, note="short" if prompt.problem else big)

    monkeypatch.setattr(session_module, "ANSWER_FILE_LIMIT", 20_000)  # a few long notes reach it
    with pytest.raises(KeyboardInterrupt):
        run(session, ask)
    refused = [p for p in asked if p.problem]
    assert refused, "no answer reached the limit"
    assert refused[0].problem is not None
    assert refused[0].problem.startswith("the answers file would be ")
    assert "over the 20,000 that --resume and score read (shorten this answer or its note)" in refused[0].problem
    assert (tmp_path / "a.yaml").stat().st_size <= ANSWER_FILE_LIMIT
    assert load_answers(tmp_path / "a.yaml", builtin).answers.answers


TEXT_BANK = {
    "questions/bank.yaml": hostile.MINI["questions/bank.yaml"]
    .replace("start: q1", "start: t1")
    .replace("  - {id: service, title: Service levels, purpose: Whether time is shared fairly, weight: 1}\n", ""),
    "questions/10-trust.yaml": "domain: trust\nquestions:\n- id: t1\n  text: What do the leaders say about trust?\n"
    "  help: Their words matter.\n  type: text\n  cites: [src.trust]\n  next: end\n",
    "seeds/src.yaml": hostile.MINI["seeds/src.yaml"],
}


@posix
def test_a_long_paste_into_a_text_answer_is_read_whole(tmp_path: Path) -> None:
    """Case 4: 6,000 characters pasted at a real terminal (past its 4,095-character line) are all saved."""
    import pexpect

    write_tree(tmp_path, TEXT_BANK)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "readiness", "assess", "--bank", ".", "--answers", "p.yaml"],
        cwd=str(tmp_path),
        env={**_env(), "NO_COLOR": "1", "TERM": "xterm"},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    for line in ["A. Officer", "North and South", "North DC, South BC", "1", "4", ""]:
        child.expect(r"\r\n> |^> ")
        child.sendline(line)
    child.expect(r"\r\n> |^> ")
    pasted = "x" * 5999 + "E"
    for start in range(0, len(pasted), 500):
        child.send(pasted[start : start + 500])
    child.sendline("")
    child.expect("the full report, with actions and sources, is in")
    child.expect(pexpect.EOF)
    assert f"t1: {pasted}\n" in (tmp_path / "p.yaml").read_text(encoding="utf-8")


def test_a_line_at_the_terminal_limit_without_line_editing_is_refused_saying_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Case 4: with no line editing, a line of 4,095 characters may have been cut: it is not taken."""
    from readiness.cli import interview

    term = interview.Terminal()
    term.interactive, term.editing = True, False
    monkeypatch.setattr(term.out, "input", lambda prompt: "y" * interview.TERMINAL_LINE_LIMIT)
    assert term.read() == ""
    assert "limit of 4,095 characters, so some of it may have been cut; it was not taken" in capsys.readouterr().out


# --- the property: any code points reach every output as visible text --------------------------

HOSTILE_POINTS = (
    "\ud800",  # a lone high surrogate (a \ud800 escape in JSON)
    "\udfff",
    "\udce9",  # the byte 0xE9 of Latin-1 text, as a terminal or a file name brings it in
    "\ufffe",
    "\uffff",  # non-characters XML refuses
    "\u202e",
    "\u2066",  # bidi override and isolate
    "\x1b",
    "\x07",
    "\x9b",
    "\x00",
    "\x7f",  # controls
    "\u200b",
    "\u00ad",  # zero-width space, soft hyphen
    "\n",
    "\r",
    "\t",
)
any_text = st.text(
    st.one_of(st.sampled_from(HOSTILE_POINTS), st.characters(exclude_categories=())), min_size=0, max_size=40
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def _clean_text(text: str, where: str) -> None:
    assert not RAW_CONTROL.search(text), f"a raw control or unwritable character reached {where}"
    text.encode("utf-8")  # strict: no lone surrogate


@posix
@settings(max_examples=30, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=any_text, partnership=any_text, note=any_text, text_answer=any_text, file_tail=st.binary(max_size=6))
def test_any_code_points_reach_every_output_as_visible_text(
    name: str, partnership: str, note: str, text_answer: str, file_tail: bytes, tmp_path: Path
) -> None:
    """Names, a note and a text answer of any code points (surrogates escaped in JSON, bytes that are not
    UTF-8 in the file's name) reach markdown, JSON, CSV, Word and the terminal without a crash and with
    no raw control; the interview saves them, and what it saves reads back the same."""
    import json
    import zipfile
    from io import BytesIO

    import docx

    from readiness.answers import load_answers
    from readiness.controls import visible
    from readiness.errors import AnswerError
    from readiness.render.data import csv_row, render_json
    from readiness.render.docx import render_docx
    from readiness.render.markdown import render_markdown
    from readiness.scoring import Scorer
    from readiness.session import Session

    builtin = _builtin_bank()
    data = {
        "bank": "shared-management",
        "partnership": {"name": "P" + partnership, "councils": ["A" + name, "B"]},
        "respondent": {"name": "R" + name, "council": "A" + name, "role": "leader"},
        "answers": {
            "arrangement": "shared_ceo",
            "main_aim": "savings",
            "num_councils": "two",
            "local_drive": {"value": "both_councils", "note": note or None},
            "other_concerns": "T" + text_answer,
        },
    }
    path = tmp_path / os.fsdecode(b"answers-" + file_tail.replace(b"/", b"_").replace(b"\0", b"_") + b".json")
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")  # every odd point as a \u escape
    try:
        loaded = load_answers(path, builtin)
    except AnswerError as refused:  # a name with nothing visible in it, say: refused in words
        _clean_text(str(refused), "an error message")
        return
    assessment = Scorer(builtin).score(loaded.answers)
    _clean_text(visible(render_markdown(assessment)), "markdown")
    shown = render_json(assessment)
    _clean_text(visible(shown), "json")
    assert json.loads(visible(shown))["partnership"]
    for cell in csv_row(assessment):
        _clean_text(visible(cell), "csv")
    document = render_docx(assessment)
    docx.Document(BytesIO(document))  # the XML parses
    with zipfile.ZipFile(BytesIO(document)) as archive:
        _clean_text(archive.read("word/document.xml").decode("utf-8"), "the Word document")
    printed = hostile.runner.invoke(hostile.app, ["score", str(path)])
    assert printed.exit_code == 0, printed.output
    _clean_text(printed.stdout, "the terminal")
    _clean_text(printed.stderr, "the terminal's stderr")
    session = Session.resume(builtin, loaded.answers, save_to=tmp_path / "saved.yaml")
    session.save()
    again = load_answers(tmp_path / "saved.yaml", builtin).answers
    assert {**again.answers, **again.set_aside} == loaded.answers.answers  # off the path: kept, set aside
    assert again.respondent == loaded.answers.respondent
    assert again.partnership == loaded.answers.partnership


@posix
@pytest.mark.parametrize(
    "megabytes", [16, 20, 25, 48, 60, 200]
)  # below 16 Python cannot start; 32-44 can fail inside pydantic or ast (see README)
def test_too_little_memory_is_one_line(megabytes: int, tmp_path: Path) -> None:
    """Case 12: under `ulimit -v`, wherever memory runs out (starting, importing, scoring) the user is
    told so in one line; never a traceback, never "internal error"."""
    limit = megabytes * 1024 * 1024
    done = readiness("score", str(EXAMPLES / "mixed.yaml"), cwd=tmp_path, preexec_fn=_limit(resource.RLIMIT_AS, limit))
    err = _clean(done)
    if done.returncode:
        assert err.count("\n") == 1, err
        assert "out of memory" in err, err
    else:
        assert done.stdout.startswith(b"# Readiness report")
