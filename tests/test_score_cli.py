"""`readiness score` and `readiness template` from the command line: single files, batches,
CSV exports, and every kind of broken or hostile answer file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app
from readiness.render.escape import md

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def test_one_file_to_stdout() -> None:
    """One answer file: the markdown report on stdout, exit 0."""
    result = runner.invoke(app, ["score", str(EXAMPLES / "fragile.yaml")])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Readiness report: Brackenmoor and Saltfleet\n")
    assert "**Verdict: ✖ Not ready.**" in result.stdout


def test_one_file_to_a_named_path(tmp_path: Path) -> None:
    """--output FILE is written (replacing what was there) and named on stderr."""
    target = tmp_path / "report.json"
    target.write_text("old")
    result = runner.invoke(app, ["score", str(EXAMPLES / "mixed.yaml"), "--format", "json", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {target}\n"
    assert json.loads(target.read_text())["verdict"] == "ready_with_conditions"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_many_files_into_a_directory(tmp_path: Path) -> None:
    """Several files: one report each plus a summary, in the named directory."""
    files = [str(EXAMPLES / f"{n}.yaml") for n in ("well-prepared", "mixed", "fragile")]
    result = runner.invoke(app, ["score", *files, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "fragile.md",
        "mixed.md",
        "summary.md",
        "well-prepared.md",
    ]
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "| [mixed.md](mixed.md) | Harrowdale and Easterby |" in summary


@pytest.mark.parametrize("format", ["markdown", "json"])
def test_the_summary_lists_what_could_not_be_scored(tmp_path: Path, format: str) -> None:
    """Bad files go to stderr and into the summary, so the summary alone accounts for every file."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: shared-management\nanswers: {leaders_trust: maybe}\n")
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    files = [str(EXAMPLES / "mixed.yaml"), str(broken), str(empty)]
    result = runner.invoke(app, ["score", *files, "--format", format, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 3  # two problems, then what was written
    problem = (
        "line 2: answer to 'leaders_trust': 'maybe' is not one of its options (strong, workable, strained, unknown)"
    )
    if format == "json":
        data = json.loads((tmp_path / "out" / "summary.json").read_text())
        assert [r["report"] for r in data["reports"]] == ["mixed.json"]
        assert data["not_scored"][0] == {"answers": str(broken), "problems": [problem]}
        assert [f["answers"] for f in data["not_scored"]] == [str(broken), str(empty)]
    else:
        summary = (tmp_path / "out" / "summary.md").read_text()
        assert "\n## Not scored (2)\n\n- " in summary
        assert summary.count("\n- ") == 2
        assert md(problem) in summary


def test_an_empty_folder_or_a_missing_file_is_named(tmp_path: Path) -> None:
    """Files are taken as text and the reader says what is wrong, as for any bad file."""
    empty = "is a folder that holds no answer files"
    for path, problem in ((tmp_path, empty), (tmp_path / "gone.yaml", "")):
        result = runner.invoke(app, ["score", str(path)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"{path}: error: {problem}")
        assert len(result.stderr.splitlines()) == 1


def test_many_files_need_an_output_directory() -> None:
    """Without --output there is nowhere to put several reports: a usage error."""
    result = runner.invoke(app, ["score", str(EXAMPLES / "mixed.yaml"), str(EXAMPLES / "fragile.yaml")])
    assert result.exit_code == 2
    assert result.stderr == (
        "readiness: several answer sets need --output DIR for their reports (or use --format csv for one table)\n"
    )


def test_csv_table_with_a_bad_file_in_the_batch(tmp_path: Path) -> None:
    """Bad files are listed on stderr, the good ones still scored; exit 1 at the end."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: shared-management\nanswers: {nonsense: 1}\n")
    files = [str(EXAMPLES / "mixed.yaml"), str(bad), str(EXAMPLES / "fragile.yaml")]
    result = runner.invoke(app, ["score", *files, "--format", "csv"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith(f"{EXAMPLES / 'mixed.yaml'},Harrowdale and Easterby,")
    assert lines[2].split(",")[5] == "not_ready"
    assert result.stderr == (
        f"{bad}:2:21: error: answer to 'nonsense', which is no question of bank 'shared-management' 3.0 "
        "(check the id; `readiness template` lists the questions)\n"
    )


def test_a_folder_is_scored_as_its_answer_files(tmp_path: Path) -> None:
    """A folder stands for the answer files in it, in name order; reports go elsewhere, and a
    JSON report (which the next run would read as answers) is never written among them."""
    folder = tmp_path / "answers"
    folder.mkdir()
    for name in ("mixed.yaml", "fragile.yaml"):
        (folder / name).write_text((EXAMPLES / name).read_text())
    (folder / "minutes.docx").write_bytes(b"not answers")
    result = runner.invoke(app, ["score", str(folder), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [row.split(",")[0] for row in result.stdout.splitlines()[1:]] == [
        str(folder / "fragile.yaml"),
        str(folder / "mixed.yaml"),
    ]
    result = runner.invoke(app, ["score", str(folder), "-o", str(tmp_path / "reports")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["fragile.md", "mixed.md", "summary.md"]
    result = runner.invoke(app, ["score", str(folder), "--format", "json", "-o", str(folder)])
    assert result.exit_code == 1
    assert "is in the folder of answers" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["fragile.yaml", "minutes.docx", "mixed.yaml"]


def test_csv_export_of_many_respondents(tmp_path: Path) -> None:
    """A spreadsheet export, one respondent a row, scores a row each; bad rows are named by line."""
    export = tmp_path / "survey.csv"
    export.write_text(
        "partnership,councils,respondent,council,role,arrangement,main_aim,num_councils,leaders_trust\n"
        "North and South,North DC;South BC,A. One,North DC,leader,ceo_and_team,resilience,two,strong\n"
        "North and South,North DC;South BC,B. Two,South BC,councillor,ceo_and_team,savings,two,maybe\n"
        ",,,,,,,,\n"
        "North and South,North DC;South BC,C. Three,South BC,chief_executive,shared_ceo,vacancy,two,unknown\n"
    )
    result = runner.invoke(app, ["score", str(export), "--format", "csv"])
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == [f"{export}:2", f"{export}:5"]
    assert result.stderr.startswith(
        f"{export}:3:9: error: answer to 'leaders_trust': 'maybe' is not one of its options"
    )


def test_csv_rows_get_reports_named_after_the_respondent(tmp_path: Path) -> None:
    """Each row's report is named by a slug of the respondent's name and council; two rows that
    slug alike get distinct names, and a row without a name falls back to its council."""
    export = tmp_path / "survey.csv"
    export.write_text(
        "partnership,councils,respondent,council,role,arrangement,main_aim,num_councils\n"
        "N and S,North DC;South BC,Siân O'Neill,North DC,leader,ceo_and_team,resilience,two\n"
        "N and S,North DC;South BC,sian o neill,North DC,leader,ceo_and_team,resilience,two\n"
        "N and S,North DC;South BC,,South BC,councillor,ceo_and_team,savings,two\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(export), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote 3 reports and summary.md to {tmp_path / 'out'}\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "sian-o-neill-north-dc-2.md",
        "sian-o-neill-north-dc.md",
        "south-bc.md",
        "summary.md",
    ]
    assert "(sian-o-neill-north-dc.md)" in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")


def test_csv_export_with_an_unknown_column(tmp_path: Path) -> None:
    """A column that is neither a field nor a question is named, with its position."""
    export = tmp_path / "survey.csv"
    export.write_text("partnership,colour\nX,red\n")
    result = runner.invoke(app, ["score", str(export), "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{export}:1:2: error: column 'colour' is neither a respondent field nor a question"
    )


ONE_ROW = (
    "partnership,councils,respondent,council,role,arrangement,main_aim,num_councils\n"
    "North and South,North DC;South BC,A. One,North DC,leader,ceo_and_team,strategic,two\n"
)


@pytest.mark.parametrize(
    ("text", "code", "stderr"),
    [
        (ONE_ROW, 0, ""),
        (ONE_ROW.splitlines()[0] + "\n", 1, ": error: the CSV names its columns but has no respondents"),
        ("", 1, ": error: the CSV is empty (the first row names the columns)"),
        (ONE_ROW + ONE_ROW.splitlines()[1] + "\n", 2, "readiness: several answer sets need --output DIR"),
    ],
    ids=["one-row", "header-only", "empty", "two-rows"],
)
def test_a_csv_of_one_respondent_is_one_report(tmp_path: Path, text: str, code: int, stderr: str) -> None:
    """A one-row export reads like a single answer file; a broken one says what is wrong with it."""
    export = tmp_path / "survey.csv"
    export.write_text(text)
    result = runner.invoke(app, ["score", str(export)])
    assert result.exit_code == code
    assert result.stdout.startswith("# Readiness report: North and South") == (code == 0)
    where = "" if code != 1 else str(export)
    assert result.stderr.startswith(where + stderr)


HOSTILE = {
    "unknown_question.yaml": ("bank: shared-management\nanswers: {no_such_question: yes}\n", ":2:"),
    "bad_option.yaml": ("bank: shared-management\nanswers: {arrangement: a_merger}\n", "is not one of its options"),
    "wrong_type.yaml": ("bank: shared-management\nanswers: {payback_years: lots}\n", "expected a number"),
    "other_bank.yaml": ("bank: another-bank\nanswers: {}\n", "these answers are for bank 'another-bank'"),
    "not_mapping.yaml": ("- just\n- a list\n", "expected a mapping"),
    "syntax.yaml": ("bank: [unclosed\n", "YAML syntax"),
    "junk.yaml": (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary data"),
    "alias_bomb.yaml": (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
        "aliases (*name) are not allowed",
    ),
    "python_tag.yaml": (
        "bank: !!python/object/apply:os.system [echo owned]\n",
        "tag '!!python/object/apply:os.system'",
    ),
    "empty.yaml": ("", "the file is empty"),
    "huge.yaml": ("bank: shared-management\n#" + "x" * (1024 * 1024 + 10) + "\n", "over the limit of 1,048,576"),
    "bad.json": ('{"bank": "shared-management", "answers": {', "JSON syntax"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_broken_and_hostile_answer_files(tmp_path: Path, name: str) -> None:
    """Each gets exit 1 and one line naming the file, quickly, and no traceback."""
    content, expected = HOSTILE[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    started = time.perf_counter()
    result = runner.invoke(app, ["score", str(path)])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(str(path))
    assert expected in line
    assert elapsed < 2, "a hostile file must be refused quickly"  # safety bound, not a benchmark


def test_template_names_what_must_be_answered_and_scores_once_filled(tmp_path: Path) -> None:
    """Blank, the template is refused for the opening questions that offer no "don't know";
    with those filled in, it scores (everything else counting as don't know)."""
    result = runner.invoke(app, ["template"])
    assert result.exit_code == 0
    assert result.stdout.count('# required: there is no "don\'t know"') == 3
    blank = tmp_path / "answers.yaml"
    blank.write_text(result.stdout)
    scored = runner.invoke(app, ["score", str(blank), "--format", "json"])
    assert scored.exit_code == 1
    assert scored.stderr.splitlines() == [
        f"{blank}:25:3: warning: no question is answered yet (fill in the answers; `readiness template` lists them)",
        f"{blank}: error: 'arrangement', 'main_aim', 'num_councils' are on the path but not answered, and they "
        'offer no "don\'t know" (answer them; `readiness template` lists the options)',
    ]
    filled = (
        result.stdout.replace("  name:         # the partnership", "  name: Test Partnership  # the")
        .replace("  councils: []", "  councils: [One DC, Two BC]")
        .replace("  council:      #", "  council: One DC #")
        .replace("  role:         #", "  role: leader #")
        .replace("\n  arrangement:\n", "\n  arrangement: ceo_and_team\n")
        .replace("\n  main_aim:\n", "\n  main_aim: strategic\n")
        .replace("\n  num_councils:\n", "\n  num_councils: two\n")
    )
    blank.write_text(filled)
    scored = runner.invoke(app, ["score", str(blank), "--format", "json"])
    assert scored.exit_code == 0, scored.stderr
    data = json.loads(scored.stdout)
    assert data["partnership"] == {"name": "Test Partnership", "councils": ["One DC", "Two BC"]}
    assert data["answers"][0] == {**data["answers"][0], "question": "arrangement", "value": "ceo_and_team"}


def test_template_lists_every_question_once() -> None:
    """Every question of the bank appears exactly once as a key to fill in."""
    from readiness.loading import load_bank

    text = runner.invoke(app, ["template"]).stdout
    lines = [line.strip() for line in text.split("answers:\n", 1)[1].splitlines()]
    keys = [line.rstrip(":") for line in lines if line.endswith(":") and not line.startswith("#")]
    assert sorted(keys) == sorted(load_bank().questions)
