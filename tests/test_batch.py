"""Batch scoring: one answer set's failure, expected or not, is that set's outcome and never the
batch's; a CSV is read and scored a row at a time; results keep the order of the input."""

from __future__ import annotations

import functools
from pathlib import Path

from readiness.batch import PARALLEL_FROM, score_many
from readiness.loading import load_bank
from readiness.model import Bank
from readiness.scoring import Assessment

ROOT = Path(__file__).resolve().parents[1]
MIXED = ROOT / "examples" / "mixed.yaml"
CSV_HEAD = "partnership,councils,council,role,arrangement,main_aim,num_councils\n"


@functools.cache
def bank() -> Bank:
    return load_bank()


def csv_of(tmp_path: Path, rows: int) -> str:
    path = tmp_path / "many.csv"
    path.write_text(CSV_HEAD + "".join(f"P{i},A;B,A,leader,shared_ceo,savings,two\n" for i in range(rows)))
    return str(path)


def test_an_unexpected_error_stays_with_its_answer_set(tmp_path: Path) -> None:
    """A bug met while scoring one set (here a renderer that fails on one partnership) is that
    set's problem, named as an internal error; the sets before and after are scored."""

    def render(assessment: Assessment) -> str:
        if assessment.answers.partnership and assessment.answers.partnership.name == "P1":
            raise OverflowError("cannot convert float infinity to integer")
        return "ok"

    outcomes = list(score_many(bank(), [csv_of(tmp_path, 3)], render))
    assert [o.result for o in outcomes] == ["ok", None, "ok"]
    [problem] = outcomes[1].problems
    assert problem.path.endswith("many.csv:3")
    assert problem.message.startswith("could not be scored: internal error OverflowError: cannot convert")


def test_a_csv_is_scored_a_row_at_a_time(tmp_path: Path) -> None:
    """The first report comes back before the second row is scored: nothing waits for the
    whole file, so memory does not grow with the number of rows."""
    rendered = 0

    def render(assessment: Assessment) -> int:
        nonlocal rendered
        rendered += 1
        return rendered

    outcomes = score_many(bank(), [csv_of(tmp_path, 50)], render)
    assert next(outcomes).result == 1
    assert rendered == 1
    assert len(list(outcomes)) == 49


def test_worker_processes_keep_the_order_with_a_csv_among_the_files(tmp_path: Path) -> None:
    """Files go to workers, the CSV is read in place: the outcomes come back in input order."""
    files = [str(MIXED)] * PARALLEL_FROM
    paths = [*files[:10], csv_of(tmp_path, 3), *files[10:]]
    outcomes = list(score_many(bank(), paths, lambda a: a.answers.source, workers=2))
    sources = [o.result for o in outcomes]
    assert sources[:10] == [str(MIXED)] * 10
    assert sources[10:13] == [f"{tmp_path / 'many.csv'}:{line}" for line in (2, 3, 4)]
    assert sources[13:] == [str(MIXED)] * (PARALLEL_FROM - 10)
    assert all(not o.problems for o in outcomes)
