"""Answer files that outlive an edition of the bank: every 1.0 file of the project's history
carried to the current version, `readiness migrate`, the properties of a migration, and what
`validate` proves of a bank's history."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import write_tree
from readiness.answers import load_answers
from readiness.answers.migrate import carry
from readiness.answers.versions import freeze, history_of
from readiness.cli import app
from readiness.loading import load_bank
from readiness.model import Bank

runner = CliRunner()
HISTORY = sorted((Path(__file__).parent / "history" / "1.0").glob("*.yaml"))
MakeBank = Callable[..., Path]


@pytest.fixture(scope="module")
def builtin() -> Bank:
    return load_bank()


def answered(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [qid for qid, raw in (data.get("answers") or {}).items() if raw is not None]


def test_history_holds_the_files_of_every_draft() -> None:
    """The fixtures are the files they claim to be: all say 1.0, and some fit only a draft."""
    assert len(HISTORY) == 38
    assert all(yaml.safe_load(p.read_text())["bank_version"] == "1.0" for p in HISTORY)


@pytest.mark.parametrize("path", HISTORY, ids=lambda p: p.stem)
def test_every_1_0_file_scores_under_the_current_bank(path: Path, tmp_path: Path, builtin: Bank) -> None:
    """Exit 0, one line saying how the file was carried, and every answer counted once."""
    result = runner.invoke(app, ["score", str(path), "--output", str(tmp_path / "report.md")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if not line.startswith("wrote ")]
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: bank 1.0 → {builtin.version}: ")
    carried = load_answers(path, builtin).carried
    assert carried is not None
    counted = carried.carried + carried.mapped + carried.dropped
    assert sorted(counted) == sorted(answered(path))


@pytest.mark.parametrize("path", HISTORY[::6], ids=lambda p: p.stem)
def test_a_migrated_file_scores_as_the_original(path: Path, tmp_path: Path) -> None:
    """`readiness migrate` writes what scores to the same result, and the retired answers with it."""
    migrated = tmp_path / "migrated.yaml"
    result = runner.invoke(app, ["migrate", str(path), "--output", str(migrated)])
    assert result.exit_code == 0, result.output
    before = runner.invoke(app, ["score", str(path), "--format", "json"]).stdout
    after = runner.invoke(app, ["score", str(migrated), "--format", "json"])
    assert after.stderr == f"wrote {migrated}\n" or "bank" not in after.stderr  # read as the current version
    assert _without_file(json.loads(after.stdout)) == _without_file(json.loads(before))
    data = yaml.safe_load(migrated.read_text(encoding="utf-8"))
    dropped = load_answers(path, load_bank()).carried.dropped  # type: ignore[union-attr]
    assert set(dropped) <= set(data.get("retired", {}))


def _without_file(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key != "answers_file"}


def test_migrate_never_writes_over_an_input(tmp_path: Path) -> None:
    target = tmp_path / "old.yaml"
    target.write_text(HISTORY[0].read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["migrate", str(target), "--output", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == HISTORY[0].read_text(encoding="utf-8")


def test_migrate_several_files_needs_a_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["migrate", str(HISTORY[0]), str(HISTORY[1]), "--output", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert "several files need --output DIR" in result.stderr
    result = runner.invoke(app, ["migrate", str(HISTORY[0]), str(HISTORY[1]), "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([HISTORY[0].name, HISTORY[1].name])


# --- properties ---------------------------------------------------------------------------------


def _old_answers(bank: Bank) -> st.SearchStrategy[dict[str, Any]]:
    """Any answer set of version 1.0 as its manifest allows: options, don't know, numbers, text."""
    manifest = history_of(bank).manifests["1.0"][0]

    def answer(question: Any) -> st.SearchStrategy[Any]:
        kinds = [st.just("unknown")] if question.unknown else []
        if question.type == "multi":
            kinds.append(st.lists(st.sampled_from(question.options), min_size=1, unique=True))
        elif question.options:
            kinds.append(st.sampled_from(question.options))
        elif question.type in ("number", "scale"):
            kinds.append(st.integers(0, 100))
        else:
            kinds.append(st.text(max_size=20))
        value = st.one_of(kinds)
        return st.one_of(value, st.builds(lambda v, n: {"value": v, "note": n}, value, st.text(min_size=1, max_size=8)))

    questions = sorted(manifest.questions.items())
    return st.lists(st.sampled_from(questions), unique_by=lambda q: q[0], max_size=40).flatmap(
        lambda chosen: st.fixed_dictionaries({qid: answer(q) for qid, q in chosen})
    )


def _carry(bank: Bank, version: str, answers: dict[str, Any], retired: dict[str, Any] | None = None) -> Any:
    return carry(bank, version, answers, {}, retired or {}, "answers.yaml", lambda loc: (0, 0))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_migration_loses_nothing_it_does_not_list_and_is_idempotent(data: st.DataObject) -> None:
    """Every old answer is carried, mapped or retired (retired ones kept under `retired`), and
    carrying the result again changes nothing."""
    bank = load_bank()
    old = data.draw(_old_answers(bank))
    once = _carry(bank, "1.0", old)
    assert sorted(once.carried + once.mapped + once.dropped) == sorted(old)
    assert len(set(once.carried) | set(once.mapped) | set(once.dropped)) == len(old)
    assert set(once.dropped) <= {key.split("@")[0] for key in once.retired}
    for qid in once.carried:
        assert once.answers[qid] == old[qid]
    twice = _carry(bank, bank.version, once.answers, once.retired)
    assert twice.answers == once.answers
    assert twice.retired == once.retired
    assert not twice.mapped
    assert not twice.dropped


# --- what validate proves of a history --------------------------------------------------------

MANIFEST_1_0 = """\
bank: mini
version: "1.0"
questions:
  q1: {type: yes_no, text: Trust?, options: ["yes", "no"]}
  q2: {type: scale, text: How strained?}
  q3: {type: choice, text: Agreement?, options: [full, partly, none, draft, pending]}
  q4: {type: number, text: Miles?}
  q5: {type: choice, text: Dropped later, options: [a, b]}
"""

MIGRATION = """\
from: "1.0"
to: "2.0"
steps:
  - question: q3
    options: {draft: partly, pending: ~}
    why: Pending agreements are asked again.
  - question: q5
    retire: Dropped in 2.0.
"""


@pytest.fixture
def history_bank(make_bank: MakeBank) -> Callable[..., Path]:
    """The mini bank at version 2.0 with a sound history from 1.0."""

    def make() -> Path:
        root = make_bank(edit={"questions/bank.yaml": ('version: "1.0"', 'version: "2.0"')})
        frozen = freeze(load_bank(root))
        parts = {
            "versions/1.0.yaml": MANIFEST_1_0,
            "versions/2.0.yaml": frozen,
            "migrations/1.0-to-2.0.yaml": MIGRATION,
        }
        return write_tree(root / "questions", parts).parent

    return make


def validate(root: Path) -> list[str]:
    result = runner.invoke(app, ["validate", str(root)])
    return [line for line in result.stdout.splitlines() if ": error: " in line]


def test_a_sound_history_validates(history_bank: Callable[..., Path]) -> None:
    assert validate(history_bank()) == []


def test_validate_catches_a_step_that_forgets_an_option(history_bank: Callable[..., Path]) -> None:
    root = history_bank()
    (root / "questions/migrations/1.0-to-2.0.yaml").write_text(MIGRATION.replace(", pending: ~", ""))
    [error] = validate(root)
    assert error.startswith(f"{root}/questions/migrations/1.0-to-2.0.yaml:4:5: error: the step forgets option pending")


def test_validate_catches_a_target_that_does_not_exist(history_bank: Callable[..., Path]) -> None:
    root = history_bank()
    (root / "questions/migrations/1.0-to-2.0.yaml").write_text(
        MIGRATION.replace("    retire: Dropped in 2.0.\n", "    rename: q9\n")
    )
    [error] = validate(root)
    assert (
        error
        == f"{root}/questions/migrations/1.0-to-2.0.yaml:8:13: error: 'q9' is no question of version 2.0 (check the id)"
    )


def test_validate_catches_a_gap_in_the_chain(history_bank: Callable[..., Path]) -> None:
    root = history_bank()
    (root / "questions/versions/0.9.yaml").write_text(MANIFEST_1_0.replace('"1.0"', '"0.9"'))
    [error] = validate(root)
    assert error == (
        f"{root}/questions/versions/0.9.yaml:2:10: error: no migration leads on from version 0.9 to 2.0 "
        "(add questions/migrations/0.9-to-NEXT.yaml)"
    )


def test_validate_catches_a_released_version_edited_in_place(history_bank: Callable[..., Path]) -> None:
    """An option renamed in the bank without a new version breaks the files of that version."""
    root = history_bank()
    service = root / "questions/20-service.yaml"
    service.write_text(service.read_text().replace("{value: none,", "{value: nothing,"))
    errors = validate(root)
    assert any("question 'q3' no longer has none (a released version never changes" in e for e in errors)
    assert any("option nothing of 'q3' is not in the frozen manifest of 2.0" in e for e in errors)


def test_a_corrupt_manifest_names_its_file_and_line(history_bank: Callable[..., Path]) -> None:
    root = history_bank()
    (root / "questions/versions/1.0.yaml").write_text(MANIFEST_1_0.replace("type: scale", "type: slider"))
    [error] = [e for e in validate(root) if e.startswith(f"{root}/questions/versions/")]
    assert error.startswith(f"{root}/questions/versions/1.0.yaml:5:14: error: questions, q2, type: input should be")


def test_compare_reads_old_and_new_files_together(tmp_path: Path) -> None:
    """A partnership whose councils answered a year apart, on two versions: each old file is
    carried (one line each) and the comparison asks one set of questions."""
    old = [
        p for p in HISTORY if p.name.startswith("kingsmoor-") and "-74e15f7" not in p.name and "-cbfc5ec" not in p.name
    ]
    new = sorted((Path(__file__).parents[1] / "examples" / "partnership").glob("wexley-*.yaml"))
    result = runner.invoke(app, ["compare", *map(str, old + new), "--format", "json"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if " → " in line]
    assert len(notes) == len(old) == 2
    assert json.loads(result.stdout)["bank"]["version"] == load_bank().version


def test_resume_of_an_old_file_keeps_its_retired_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interview carries the file on in the current version and keeps what it retired."""
    monkeypatch.chdir(tmp_path)
    source = next(p for p in HISTORY if p.name == "mixed-1c3b1b3.yaml")
    (tmp_path / "a.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["assess", "--answers", "a.yaml", "--resume"], input="1\n" * 120)
    assert "a.yaml: bank 1.0 → " in result.output
    saved = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    assert saved["bank_version"] == load_bank().version
    assert set(load_answers(source, load_bank()).carried.dropped) <= set(saved["retired"])  # type: ignore[union-attr]
    assert saved["retired"]["sla_review"]["version"] == "1.0"


def test_reports_list_retired_answers_in_an_appendix() -> None:
    source = next(p for p in HISTORY if p.name == "mixed-1c3b1b3.yaml")
    markdown = runner.invoke(app, ["score", str(source)]).stdout
    appendix = markdown.split("## Appendix F. Answers to questions this version no longer asks", 1)[1]
    assert (
        "How will the seats on the joint appointments committee be shared? Answered: equal\\_only (version 1.0)."
        in appendix
    )
    data = json.loads(runner.invoke(app, ["score", str(source), "--format", "json"]).stdout)
    assert {r["id"] for r in data["retired"]} == set(load_answers(source, load_bank()).carried.dropped)  # type: ignore[union-attr]
