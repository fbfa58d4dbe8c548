"""No C0/C1 control character from a file or a keyboard reaches a terminal or a report raw
(issue 11, point 12): one function, `controls.visible`, and a property over whatever a
respondent can type."""

from __future__ import annotations

import csv
import functools
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINI, write_tree
from helpers import examples
from readiness.answers import coerce, load_answers
from readiness.cli import app
from readiness.compare import compare
from readiness.controls import has_controls, visible
from readiness.loading import load_bank
from readiness.model import Bank, Partnership, Respondent
from readiness.render.comparison import render_comparison_json, render_comparison_markdown
from readiness.render.data import csv_row, render_json
from readiness.render.markdown import render_markdown
from readiness.scoring import Scorer
from readiness.session import Session, interpret, name_problem

runner = CliRunner()


def test_controls_become_visible_stand_ins() -> None:
    assert visible("a\x1b[2Jb\x07\x9bc\x7f") == "a␛[2Jb␇�c␡"
    assert visible("two\nlines\tand\r") == "two\nlines\tand␍"
    assert visible("one\nline", keep="") == "one␊line"
    assert visible("plain £ – ünïcode") == "plain £ – ünïcode"


@given(st.text())
def test_visible_leaves_no_control_and_is_idempotent(text: str) -> None:
    shown = visible(text)
    assert not has_controls(shown)
    assert visible(shown) == shown
    assert len(shown) == len(text)


@functools.cache
def mini() -> tuple[Path, Bank]:
    root = write_tree(Path(tempfile.mkdtemp()), MINI)
    return root, load_bank(root)


typed = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=typed, partnership=typed, council=typed, note=typed)
def test_nothing_a_respondent_types_reaches_an_output_raw(name: str, partnership: str, council: str, note: str) -> None:
    """Whatever is typed as a name, a partnership, a council or a note: the saved file, the
    markdown, JSON and CSV reports and the comparison hold no control character."""
    _, bank = mini()
    councils = [f"{council} A", f"{council} B"]
    if name_problem("name", name) or name_problem("partnership", partnership):
        return  # refused at the prompt: nothing to output
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "a.yaml"
        session = Session(bank, save_to=target)
        session.set_profile(
            Partnership(name=partnership, councils=tuple(councils)),
            Respondent(name=name, council=councils[0], role="leader"),
        )
        reply = interpret(bank.questions["q1"], f"2; {note}")
        if reply.problem:
            return
        session.answer("q1", "no", reply.note)
        assert not has_controls(target.read_text(encoding="utf-8"))
        answers = load_answers(target, bank).answers
    assessment = Scorer(bank).score(answers)
    outputs = [render_markdown(assessment), render_json(assessment)]
    rows = io.StringIO()
    csv.writer(rows, lineterminator="\n").writerow(csv_row(assessment))
    assert answers.partnership is not None
    other = answers.model_copy(
        update={"respondent": Respondent(name=name, council=answers.partnership.councils[1], role="leader")}
    )
    comparison = compare(bank, [answers, other])
    outputs += [rows.getvalue(), render_comparison_markdown(comparison), render_comparison_json(comparison)]
    for output in outputs:
        assert not has_controls(output)


@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=typed)
def test_nothing_typed_at_the_interview_is_echoed_raw(text: str) -> None:
    """The interview prints what it was given back (names in prompts, notes after answers): never raw."""
    root, _ = mini()
    with tempfile.TemporaryDirectory() as tmp:
        answers = str(Path(tmp) / "a.yaml")
        line = text.replace("\n", " ").replace("\r", " ")
        typed_in = f"{line}\nN{line}\nA{line}, B{line}\n1\n1\n1; {line}\n<\n<\n"
        result = runner.invoke(app, ["assess", "--bank", str(root), "--answers", answers], input=typed_in)
    assert "Traceback" not in result.output
    assert not has_controls(result.stdout)
    assert not has_controls(result.stderr)


def test_a_text_answer_keeps_its_lines_but_no_control() -> None:
    question = load_bank().questions["other_concerns"]
    assert coerce(question, "first\nsecond\x1b]0;title\x07") == "first\nsecond␛]0;title␇"
