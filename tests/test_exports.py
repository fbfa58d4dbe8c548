"""Exports of the form from KoboToolbox and ODK Central, scored like the answer files they came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from form_banks import EXAMPLES_DIR
from form_exports import central_csv, kobo_csv
from readiness.answers import load_answer_sets, load_answers, read_csv_answers
from readiness.errors import AnswerError
from readiness.loading import load_bank
from readiness.scoring import Scorer

BANK = load_bank()
EXAMPLES = ["mixed", "fragile", "well-prepared"]


def _outcome(answers: object) -> tuple[object, ...]:
    result = Scorer(BANK).score(answers)  # type: ignore[arg-type]
    return (result.verdict, tuple((d.id, d.low, d.high, d.bands) for d in result.domains), result.score_range)


def _sorted(values: dict[str, object]) -> dict[str, object]:
    """Answers with each multi answer's options in one order (a 0/1 column per option keeps the form's)."""
    return {q: tuple(sorted(v)) if isinstance(v, tuple) else v for q, v in values.items()}


def _example(name: str) -> object:
    return load_answers(EXAMPLES_DIR / f"{name}.yaml", BANK).answers


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("kind", ["kobo", "kobo-options-only", "kobo-summary-only", "central"])
def test_an_export_of_each_example_scores_as_its_file(tmp_path: Path, name: str, kind: str) -> None:
    answers = _example(name)
    text = {
        "kobo": lambda: kobo_csv(BANK, [answers]),  # type: ignore[list-item]
        "kobo-options-only": lambda: kobo_csv(BANK, [answers], summary=False),  # type: ignore[list-item]
        "kobo-summary-only": lambda: kobo_csv(BANK, [answers], split=False),  # type: ignore[list-item]
        "central": lambda: central_csv(BANK, [answers]),  # type: ignore[list-item]
    }[kind]()
    export = tmp_path / f"{kind}.csv"
    export.write_text(text, encoding="utf-8")
    [loaded] = load_answer_sets([export], BANK)
    assert loaded.warnings == []
    assert _sorted(loaded.answers.values()) == _sorted(answers.values())  # type: ignore[attr-defined]
    assert loaded.answers.respondent == answers.respondent  # type: ignore[attr-defined]
    assert loaded.answers.partnership == answers.partnership  # type: ignore[attr-defined]
    assert loaded.answers.bank_version == BANK.version
    assert _outcome(loaded.answers) == _outcome(answers)


def test_an_xlsx_export_scores_as_its_csv(tmp_path: Path) -> None:
    import csv

    from openpyxl import Workbook

    sets = [_example(name) for name in EXAMPLES]
    rows = list(csv.reader(kobo_csv(BANK, sets).splitlines(), delimiter=";"))  # type: ignore[arg-type]
    book = Workbook()
    for row in rows:
        book.active.append([int(c) if c.isdigit() else (c or None) for c in row])
    book.save(tmp_path / "kobo.xlsx")
    loaded = load_answer_sets([tmp_path / "kobo.xlsx"], BANK)
    assert [_outcome(item.answers) for item in loaded] == [_outcome(a) for a in sets]


KOBO_BY_HAND = """\
start;end;bank_version;about/respondent;about/council;about/role;scope/arrangement;scope/main_aim;_uuid;_submission_time;__version__;_index
2026-01-05;2026-01-05;2.0;A. Person;Kingsmoor DC;leader;shared_ceo;;u-1;2026-01-05T10:00:00;vX1;1
2026-01-05;2026-01-05;2.0;B. Person;Wexley BC;councillor;nothing;savings;u-2;2026-01-05T10:00:00;vX1;2
"""

CENTRAL_BY_HAND = """\
SubmissionDate,about-respondent,about-council,about-role,scope-arrangement,scope-main_aim,meta-instanceID,KEY,FormVersion
2026-01-05T10:00:00.000Z,A. Person,Kingsmoor DC,leader,shared_ceo,,uuid:1,uuid:1,2.0-488631cbc4ab
2026-01-05T10:00:00.000Z,B. Person,Wexley BC,nobody,shared_ceo,savings,uuid:2,uuid:2,2.0-488631cbc4ab
"""


def test_a_kobo_export_written_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "kobo.csv"
    path.write_text(KOBO_BY_HAND, encoding="utf-8")
    first, second = list(read_csv_answers(path, BANK))
    assert not isinstance(first, AnswerError)
    assert first.answers.values() == {"arrangement": "shared_ceo"}
    assert first.answers.source == f"{path}:2"
    assert isinstance(second, AnswerError)
    [problem] = second.diagnostics
    assert (problem.line, problem.col) == (3, 7)
    assert "'nothing' is not one of its options" in problem.message


def test_a_central_export_written_by_hand_names_the_bad_row_and_scores_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "central.csv"
    path.write_text(CENTRAL_BY_HAND, encoding="utf-8")
    first, second = list(read_csv_answers(path, BANK))
    assert not isinstance(first, AnswerError)
    assert first.answers.values() == {"arrangement": "shared_ceo"}
    assert first.answers.bank_version == BANK.version  # a 2.0 submission, carried to the current version
    assert first.carried is not None
    assert first.carried.from_version == "2.0"
    assert isinstance(second, AnswerError)
    [problem] = second.diagnostics
    assert (problem.line, problem.col) == (3, 4)
    assert "role" in problem.message


def test_titles_that_start_with_the_question_id_map_by_it(tmp_path: Path) -> None:
    path = tmp_path / "forms.csv"
    path.write_text(
        "ID,Start time,[council] Your council,[role] Your role,[arrangement] What is to be shared?\n"
        "1,2026-01-05,Kingsmoor DC,leader,shared_ceo\n",
        encoding="utf-8",
    )
    [loaded] = load_answer_sets([path], BANK)
    assert loaded.answers.values() == {"arrangement": "shared_ceo"}
    assert loaded.answers.respondent is not None
    assert loaded.answers.respondent.role == "leader"


def test_a_plain_csv_is_still_read_by_the_plain_reader(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("council,role,arrangement,unheard_of\nK,leader,shared_ceo,x\n", encoding="utf-8")
    with pytest.raises(AnswerError, match="column 'unheard_of' is neither"):
        load_answer_sets([path], BANK)


def test_compare_reads_an_export_of_the_partnership_as_its_files(tmp_path: Path) -> None:
    from readiness.compare import compare
    from readiness.render.comparison import render_comparison_json

    files = sorted((EXAMPLES_DIR / "partnership").glob("*.yaml"))
    sets = [load_answers(path, BANK).answers for path in files]
    export = tmp_path / "central.csv"
    export.write_text(central_csv(BANK, sets), encoding="utf-8")
    from_export = compare(BANK, [item.answers for item in load_answer_sets([export], BANK)])
    from_files = compare(BANK, sets)
    assert _without_sources(render_comparison_json(from_export)) == _without_sources(render_comparison_json(from_files))


def _without_sources(text: str) -> str:
    """The comparison with the names of the answer sets left out (an export's rows are named by row)."""
    import json

    data = json.loads(text)

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("source", "answers_file", "label", "file")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return json.dumps(strip(data), sort_keys=True)


def test_a_broken_xlsx_is_one_line_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "export.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(AnswerError) as caught:
        load_answer_sets([broken], BANK)
    [problem] = caught.value.diagnostics
    assert problem.path == str(broken)
    assert "not readable as an XLSX workbook" in problem.message
    assert "\n" not in str(problem)


def test_a_council_not_of_the_partnership_is_named_at_its_column(tmp_path: Path) -> None:
    path = tmp_path / "kobo.csv"
    path.write_text(
        "partnership;councils;about/respondent;about/council;about/role;scope/arrangement;_uuid\n"
        'K and W;"Kingsmoor DC; Wexley BC";A. Person;Elsewhere DC;leader;shared_ceo;u-1\n',
        encoding="utf-8",
    )
    [problem] = next(iter(read_csv_answers(path, BANK))).diagnostics  # type: ignore[union-attr]
    assert (problem.line, problem.col) == (2, 4)
    assert "'Elsewhere DC' is not one of Kingsmoor DC, Wexley BC" in problem.message


def test_the_group_a_respondent_gives_in_the_form_reaches_the_answer_set(tmp_path: Path) -> None:
    """The form's optional group question, as `compare --by group` reads it."""
    path = tmp_path / "kobo.csv"
    path.write_text(
        KOBO_BY_HAND.replace("about/role;", "about/role;about/group;")
        .replace(";leader;", ";leader;Opposition;")
        .replace(";councillor;", ";councillor;;"),
        encoding="utf-8",
    )
    first, _ = list(read_csv_answers(path, BANK))
    assert not isinstance(first, AnswerError)
    assert first.answers.respondent is not None
    assert first.answers.respondent.group == "Opposition"
