"""Hostile input, as a table anyone can extend: each case names the files it starts from, the
command, and what must come out. Every case also holds to the rules that hold for all input:
no traceback, no "internal error", no control character in anything printed, and every file
listed in `unchanged` exactly as it was.

To add a case, append a `Case` to CASES. Paths are relative to a fresh directory the command
runs in; `setup` may make what plain text cannot (FIFOs, symlinks, modes)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MINI, write_tree
from readiness.cli import app
from readiness.controls import has_controls

ROOT = Path(__file__).resolve().parents[1]
MIXED = (ROOT / "examples" / "mixed.yaml").read_text(encoding="utf-8")
KINGSMOOR = (ROOT / "examples" / "partnership" / "kingsmoor-leader.yaml").read_text(encoding="utf-8")
WEXLEY = (ROOT / "examples" / "partnership" / "wexley-leader.yaml").read_text(encoding="utf-8")
OPENING = "A. Officer\nNorth and South\nNorth DC, South BC\n2\n4\n\n"
CSV_HEAD = "partnership,councils,council,role,arrangement,main_aim,num_councils"
CSV_ROW = "P,A;B,A,leader,shared_ceo,savings,two"

TOO_LARGE = (
    "huge.yaml:2:27: error: answer to 'annual_savings': the number is too large (no answer needs one beyond 10^15)\n"
)
runner = CliRunner()


@dataclass(frozen=True)
class Case:
    """One hostile input and what the tool must do with it."""

    name: str
    argv: list[str]
    code: int
    stderr: str | None = None
    """The whole of stderr, when it matters; `...` at the end matches any rest."""
    files: dict[str, str] = field(default_factory=dict)
    stdin: str = ""
    unchanged: tuple[str, ...] = ()
    setup: Callable[[Path], None] | None = None
    check: Callable[[Path, str], None] | None = None
    """Called with the directory and stdout after the command."""


def _link(name: str, to: str) -> Callable[[Path], None]:
    return lambda here: os.symlink(to, here / name)


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda here: os.mkfifo(here / name)


def _read_only(name: str) -> Callable[[Path], None]:
    def make(here: Path) -> None:
        (here / name).write_text("keep me\n")
        (here / name).chmod(0o444)

    return make


def _hard_link(name: str, to: str) -> Callable[[Path], None]:
    return lambda here: os.link(here / to, here / name)


def _mini_bank(edits: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """The test bank under bank/, with text replaced in its files ({file: (old, new)})."""
    files = dict(MINI)
    for name, (old, new) in (edits or {}).items():
        files[name] = files[name].replace(old, new, 1)
    return {f"bank/{name}": text for name, text in files.items()}


def _is_link_to_report(here: Path, _: str) -> None:
    assert (here / "out-link.md").is_symlink()
    assert (here / "target.md").read_text().startswith("# Readiness report")


def _answers_in_target(here: Path, _: str) -> None:
    assert (here / "link.yaml").is_symlink()
    assert "q1: 'yes'" in (here / "real.yaml").read_text()


def _still_a_device(here: Path, _: str) -> None:
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def _reports_beside_inputs(here: Path, _: str) -> None:
    assert sorted(p.name for p in (here / "jd").iterdir()) == [
        "a-2.json",
        "a.json",
        "b-2.json",
        "b.json",
        "summary.json",
    ]


def _no_controls_in_report(here: Path, _: str) -> None:
    assert not has_controls((here / "out.md").read_text())


def _both_scored(here: Path, _: str) -> None:
    assert (here / "out" / "a.md").exists()
    assert "huge.yaml" in (here / "out" / "summary.md").read_text()


def _named_as_typed(here: Path, stdout: str) -> None:
    assert "Saved 0 answers to notes[draft].yaml. To carry on later:" in stdout


def _semicolons_read(here: Path, stdout: str) -> None:
    assert stdout.startswith("# Readiness report: P\n")


CONTROLS = r"\e[2J\e]0;owned\a\x9b31m\e]8;;http://x\e\\link\e]8;;\e\\"  # YAML escapes: ESC, BEL, CSI
HOSTILE_NAMES = (
    "bank: shared-management\n"
    f'bank_digest: "{CONTROLS}"\n'
    f'partnership: {{name: "P{CONTROLS}", councils: ["A{CONTROLS}", B]}}\n'
    f'respondent: {{name: "R{CONTROLS}", council: "A{CONTROLS}", role: leader}}\n'
    "answers:\n  arrangement: shared_ceo\n  main_aim: savings\n  num_councils: two\n"
    f'  local_drive: {{value: both_councils, note: "n{CONTROLS}"}}\n'
)

CASES = [
    # 1. an output never replaces an input
    Case(
        "score over its input",
        ["score", "a.yaml", "-o", "a.yaml"],
        1,
        "a.yaml: error: is the input a.yaml: an output never replaces an input (write it somewhere else)\n",
        files={"a.yaml": MIXED},
        unchanged=("a.yaml",),
    ),
    Case(
        "score over its input through a symlink and ..",
        ["score", "a.yaml", "-o", "sub/../link.yaml"],
        1,
        "sub/../link.yaml: error: is the input a.yaml: an output never replaces an input (write it somewhere else)\n",
        files={"a.yaml": MIXED, "sub/keep": ""},
        setup=_link("link.yaml", "a.yaml"),
        unchanged=("a.yaml",),
    ),
    Case(
        "score over its input through a hard link",
        ["score", "a.yaml", "-o", "hard.yaml"],
        1,
        "hard.yaml: error: is the input a.yaml: an output never replaces an input (write it somewhere else)\n",
        files={"a.yaml": MIXED},
        setup=_hard_link("hard.yaml", "a.yaml"),
        unchanged=("a.yaml",),
    ),
    Case(
        "csv table over its input csv",
        ["score", "g.csv", "--format", "csv", "-o", "g.csv"],
        1,
        "g.csv: error: is the input g.csv: an output never replaces an input (write it somewhere else)\n",
        files={"g.csv": f"{CSV_HEAD}\n{CSV_ROW}\n{CSV_ROW}\n"},
        unchanged=("g.csv",),
    ),
    Case(
        "compare over one of its inputs",
        ["compare", "k.yaml", "w.yaml", "-o", "w.yaml"],
        1,
        "w.yaml: error: is the input w.yaml: an output never replaces an input (write it somewhere else)\n",
        files={"k.yaml": KINGSMOOR, "w.yaml": WEXLEY},
        unchanged=("k.yaml", "w.yaml"),
    ),
    Case(
        "assess with the report on the answers",
        ["assess", "--answers", "s.yaml", "--report", "s.yaml"],
        1,
        "s.yaml: error: is the input s.yaml: an output never replaces an input (write it somewhere else)\n",
        stdin=OPENING,
    ),
    Case(
        "a json batch into the directory of its inputs",
        ["score", "jd/a.json", "jd/b.json", "--format", "json", "-o", "jd"],
        0,
        "wrote 2 reports and summary.json to jd\n",
        files={
            "jd/a.json": '{"bank": "shared-management", "answers": {"arrangement": "shared_ceo", '
            '"main_aim": "savings", "num_councils": "two"}}',
            "jd/b.json": '{"bank": "shared-management", "answers": {"arrangement": "shared_ceo", '
            '"main_aim": "savings", "num_councils": "two"}}',
        },
        unchanged=("jd/a.json", "jd/b.json"),
        check=_reports_beside_inputs,
    ),
    # 3. and 4. special files, read-only files, symlinks
    Case(
        "a device is written, never replaced",
        ["score", "a.yaml", "-o", "/dev/null"],
        0,
        "wrote /dev/null\n",
        files={"a.yaml": MIXED},
        check=_still_a_device,
    ),
    Case(
        "a FIFO nobody reads is refused, not waited on",
        ["score", "a.yaml", "-o", "f.md"],
        1,
        "f.md: error: cannot write to it: nothing is reading it (name a regular file, or - for stdout)\n",
        files={"a.yaml": MIXED},
        setup=_fifo("f.md"),
    ),
    Case(
        "a read-only report is refused",
        ["score", "a.yaml", "-o", "ro.md"],
        1,
        "ro.md: error: is read-only (make it writable, or choose another path)\n",
        files={"a.yaml": MIXED},
        setup=_read_only("ro.md"),
        unchanged=("ro.md",),
    ),
    Case(
        "a read-only answers file is refused before the interview",
        ["assess", "--answers", "ro.yaml", "--resume"],
        1,
        "ro.yaml: error: is read-only (make it writable, or choose another path)\n",
        setup=_read_only("ro.yaml"),
        stdin="1\n",
        unchanged=("ro.yaml",),
    ),
    Case(
        "a symlinked report is written through to its target",
        ["score", "a.yaml", "-o", "out-link.md"],
        0,
        "wrote out-link.md\n",
        files={"a.yaml": MIXED},
        setup=_link("out-link.md", "target.md"),
        check=_is_link_to_report,
    ),
    Case(
        "a symlinked answers file keeps every answer in its target",
        ["assess", "--bank", "bank", "--answers", "link.yaml"],
        0,
        "",
        files=_mini_bank(),
        setup=_link("link.yaml", "real.yaml"),
        stdin=OPENING + "1\n1\n1\n",
        check=_answers_in_target,
    ),
    Case("- is stdout", ["score", "a.yaml", "-o", "-"], 0, "", files={"a.yaml": MIXED}),
    # 7. numbers beyond reason
    Case(
        "a 310-digit integer",
        ["score", "huge.yaml"],
        1,
        TOO_LARGE,
        files={"huge.yaml": "bank: shared-management\nanswers: {annual_savings: " + "9" * 310 + "}\n"},
    ),
    Case(
        "a 310-digit integer in a batch stops only its own file",
        ["score", "a.yaml", "huge.yaml", "-o", "out"],
        1,
        TOO_LARGE + "wrote 1 report and summary.md to out\n",
        files={"a.yaml": MIXED, "huge.yaml": "bank: shared-management\nanswers: {annual_savings: " + "9" * 310 + "}\n"},
        check=_both_scored,
    ),
    # 9. files that are not files
    Case(
        "a FIFO as an answer file",
        ["score", "f.yaml"],
        1,
        "f.yaml: error: is a FIFO (named pipe), not a regular file (name a regular file)\n",
        setup=_fifo("f.yaml"),
    ),
    Case(
        "a FIFO in a CSV batch",
        ["score", "f.csv", "--format", "csv"],
        1,
        "f.csv: error: is a FIFO (named pipe), not a regular file (name a regular file)\n",
        setup=_fifo("f.csv"),
    ),
    Case(
        "a FIFO for graph --answers",
        ["graph", "--answers", "f.yaml"],
        1,
        "f.yaml: error: is a FIFO (named pipe), not a regular file (name a regular file)\n",
        setup=_fifo("f.yaml"),
    ),
    Case(
        "a FIFO in a bank",
        ["validate", "bank"],
        1,
        "",
        files=_mini_bank(),
        setup=_fifo("bank/questions/30-more.yaml"),
        check=lambda here, out: out.startswith(
            "bank/questions/30-more.yaml: error: is a FIFO (named pipe), not a regular file"
        ),
    ),
    Case(
        "a symlink loop in a bank",
        ["validate", "bank"],
        1,
        "",
        files=_mini_bank(),
        setup=_link("bank/seeds/loop.yaml", "loop.yaml"),
        check=lambda here, out: "bank/seeds/loop.yaml: error: cannot read the file: Too many levels" in out,
    ),
    # 10. rich markup in what users name and type
    Case(
        "markup in the answers file's name",
        ["assess", "--answers", "notes[draft].yaml"],
        1,
        "readiness: input ended before the interview was finished\n",
        stdin="A. Officer\n",
        check=_named_as_typed,
    ),
    Case(
        "markup in a domain title",
        ["assess", "--bank", "bank", "--answers", "a.yaml"],
        0,
        "",
        files=_mini_bank({"questions/bank.yaml": ("title: Trust,", "title: 'Trust [/] [bold]x',")}),
        stdin=OPENING + "1\n1\n1\n",
    ),
    # 12. control codes
    Case(
        "control codes in every name, a note and the digest",
        ["score", "c.yaml", "-o", "out.md"],
        0,
        "c.yaml:2:14: warning: answers were saved against another copy of bank 'shared-management' 3.0 (digest "
        "␛[2J␛]0;owned␇�31m␛]8;;http://x␛\\link␛]8;;␛\\, now ...",
        files={"c.yaml": HOSTILE_NAMES},
        check=_no_controls_in_report,
    ),
    Case(
        "control codes to stdout, as json", ["score", "c.yaml", "--format", "json"], 0, files={"c.yaml": HOSTILE_NAMES}
    ),
    Case("control codes in a file name", ["score", "\x1b[2Jx.yaml"], 1, "␛[2Jx.yaml: error: cannot read the file: ..."),
    # the smaller points
    Case(
        "a CSV separated by semicolons",
        ["score", "s.csv"],
        0,
        "",
        files={"s.csv": f'{CSV_HEAD.replace(",", ";")}\nP;"A;B";A;leader;shared_ceo;savings;two\n'},
        check=_semicolons_read,
    ),
    Case(
        "a CSV separated by tabs",
        ["score", "t.csv"],
        0,
        "",
        files={"t.csv": f"{CSV_HEAD.replace(',', chr(9))}\nP\tA;B\tA\tleader\tshared_ceo\tsavings\ttwo\n"},
        check=_semicolons_read,
    ),
    Case(
        "a value under a column with no name",
        ["score", "b.csv", "--format", "csv"],
        1,
        "b.csv:2:8: error: column 8 has no name in the first row, yet this row has 'oops' in it (name the column, "
        "or clear the cell)\n",
        files={"b.csv": f"{CSV_HEAD},\n{CSV_ROW},oops\n"},
    ),
    Case(
        "a short row",
        ["score", "short.csv", "--format", "csv"],
        0,
        "short.csv:2:8: warning: this row has 7 cells but the header names 8 columns; the missing ones count as "
        "blank (check the export)\n",
        files={"short.csv": f"{CSV_HEAD},local_drive\n{CSV_ROW}\n"},
    ),
    Case(
        "a name of zero-width characters",
        ["score", "z.yaml"],
        1,
        "z.yaml:2:20: error: respondent, name: has nothing visible in it (type a name)\n",
        files={"z.yaml": 'bank: shared-management\nrespondent: {name: "\u200b\u200d", council: A, role: leader}\n'},
    ),
    Case(
        "a long list with no alias is not told to remove aliases",
        ["score", "long.yaml"],
        1,
        "long.yaml:2:200007: error: file holds too many values (is this the right file? split it if it is)\n",
        files={"long.yaml": "bank: shared-management\nanswers: {x: [" + "0," * 100_001 + "0]}\n"},
    ),
    Case(
        "a numbered key is named as written",
        ["score", "k.yaml"],
        1,
        "k.yaml:2:43: error: respondent, key 7: keys should be strings\n",
        files={"k.yaml": "bank: shared-management\nrespondent: {council: A, role: leader, 7: x}\n"},
    ),
    Case(
        "one file named three times gives one report",
        ["score", "a.yaml", "a.yaml", "./a.yaml", "-o", "out"],
        0,
        "readiness: warning: 2 files named more than once; each is scored once\nwrote 1 report and summary.md to out\n",
        files={"a.yaml": MIXED},
        check=lambda here, out: sorted(p.name for p in (here / "out").iterdir()) == ["a.md", "summary.md"],
    ),
]


def _matches(expected: str, actual: str) -> bool:
    if expected.endswith("..."):
        return actual.startswith(expected[:-3])
    return actual == expected


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, symlinks and modes are POSIX")
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case: Case, in_tmp: Path) -> None:
    """The case's exit code and message, and the rules every input is held to."""
    write_tree(in_tmp, case.files)
    if case.setup:
        case.setup(in_tmp)
    before = {name: (in_tmp / name).read_bytes() for name in case.unchanged}
    result = runner.invoke(app, case.argv, input=case.stdin)
    assert result.exit_code == case.code, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert not has_controls(result.stdout), "a control character reached stdout"
    assert not has_controls(result.stderr), "a control character reached stderr"
    if case.stderr is not None:
        assert _matches(case.stderr, result.stderr), result.stderr
    for name, content in before.items():
        assert (in_tmp / name).read_bytes() == content, f"{name} was changed"
    if case.check:
        assert case.check(in_tmp, result.stdout) is not False
