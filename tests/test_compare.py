"""The partnership view: ratings by council, divergences, cross-council checks, the verdict,
mismatched inputs, and the golden report of the example partnership."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.answers import load_answers
from readiness.cli import app
from readiness.compare import compare
from readiness.errors import AnswerError
from readiness.loading import load_bank
from readiness.model import Answer, AnswerSet, Partnership, Respondent
from readiness.render.comparison import comparison_to_dict, render_comparison_markdown

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "examples" / "partnership").glob("*.yaml"))
BANK = load_bank()
runner = CliRunner()


def example_sets() -> list[AnswerSet]:
    sets = []
    for path in FILES:
        answers = load_answers(path, BANK).answers
        sets.append(answers.model_copy(update={"source": f"examples/partnership/{path.name}"}))
    return sets


def test_example_partnership_has_two_councils_with_two_respondents_each() -> None:
    """The example is what the issue asks for: two councils, two or more respondents from each."""
    councils = [load_answers(f, BANK).answers.respondent.council for f in FILES]  # type: ignore[union-attr]
    assert sorted(councils.count(c) for c in set(councils)) == [2, 2]


def test_golden_markdown(golden: Callable[[str, str], None]) -> None:
    """The comparison of the example partnership, exactly."""
    result = compare(BANK, example_sets())
    golden("partnership.md", render_comparison_markdown(result, datetime.date(2026, 1, 15)))


def test_what_the_example_shows() -> None:
    """Council ratings take the most cautious respondent; the partnership the weaker council."""
    result = compare(BANK, example_sets())
    trust = next(d for d in result.domains if d.id == "trust")
    assert trust.by_council == {"Kingsmoor District Council": "green", "Wexley Borough Council": "red"}
    assert trust.partnership == "red"
    assert [f.rule.id for f in result.inconsistencies] == [
        "time_over_promised",
        "savings_over_promised",
        "both_expect_to_employ",
        "merger_expectations_differ",
    ]
    first = result.divergences[0]
    assert (first.question, first.kind, first.spread) == ("leaders_trust", "risk", 4)
    assert result.paths["merger_mandate"] == ["P. Dlamini", "K. Ashworth"]
    assert result.verdict == "not_ready"


def test_json_contract() -> None:
    """councils, domains (with the rating per council), divergences and the verdict."""
    data = json.loads(json.dumps(comparison_to_dict(compare(BANK, example_sets()))))
    assert [c["name"] for c in data["councils"]] == ["Kingsmoor District Council", "Wexley Borough Council"]
    assert set(data["domains"][0]["by_council"]) == {"Kingsmoor District Council", "Wexley Borough Council"}
    divergence = data["divergences"][0]
    assert set(divergence) >= {"question", "answers", "spread"}
    assert divergence["answers"]["M. Ferris"] == "strained"
    assert data["verdict"] == "not_ready"


# The opening questions, which offer no "don't know": every respondent answers them
SCOPE = {"arrangement": "ceo_and_team", "main_aim": "strategic", "num_councils": "two"}


def person(
    council: str,
    name: str,
    answers: dict[str, object],
    partnership: str = "A and B",
    councils: tuple[str, ...] = ("A Council", "B Council"),
) -> AnswerSet:
    return AnswerSet(
        bank=BANK.id,
        bank_version=BANK.version,
        partnership=Partnership(name=partnership, councils=councils),
        respondent=Respondent(name=name, council=council, role="leader"),
        answers={k: Answer(v) for k, v in {**SCOPE, **answers}.items()},  # type: ignore[arg-type]
        source=f"{name}.yaml",
    )


def test_sum_over_uses_each_councils_mean() -> None:
    """Two respondents of one council count once (their mean); at exactly 100 % nothing clashes."""
    sets = [
        person("A Council", "a1", {"sla_in_place": "no", "time_share": 40}),
        person("A Council", "a2", {"sla_in_place": "no", "time_share": 60}),
        person("B Council", "b1", {"sla_in_place": "no", "time_share": 50}),
    ]
    assert [f.rule.id for f in compare(BANK, sets).inconsistencies] == []
    sets[2] = person("B Council", "b1", {"sla_in_place": "no", "time_share": 51})
    [found] = compare(BANK, sets).inconsistencies
    assert found.detail == (
        "A Council 50, B Council 51: 101 in all, against at most 100; "
        "a council's figure is the average of its respondents' answers"
    )


def test_dont_know_against_a_firm_answer_is_its_own_kind() -> None:
    """One respondent firm, another unsure, risks otherwise close: listed as 'unknown'."""
    sets = [
        person("A Council", "a", {"arrangement": "shared_ceo", "main_aim": "resilience", "resilience_gaps": "unknown"}),
        person("B Council", "b", {"arrangement": "shared_ceo", "main_aim": "resilience"}),
    ]
    kinds = {(d.question, d.kind) for d in compare(BANK, sets).divergences}
    assert ("resilience_gaps", "unknown") not in kinds  # b never answered it either: both unknown
    sets[1] = person(
        "B Council",
        "b",
        {
            "arrangement": "shared_ceo",
            "main_aim": "resilience",
            "resilience_gaps": BANK.questions["resilience_gaps"].options[0].value,
        },
    )
    kinds = {(d.question, d.kind) for d in compare(BANK, sets).divergences}
    assert ("resilience_gaps", "unknown") in kinds


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        ([person("A Council", "a", {}), person("A Council", "b", {})], "every file is from the same council"),
        ([person("A Council", "a", {}), person("B Council", "b", {}, partnership="C and D")], "different partnerships"),
        ([person("A Council", "a", {}), person("Z Council", "b", {})], "'Z Council' is not one of the partnership"),
        (
            [person("A Council", "a", {}), person("B Council", "b", {}, councils=("b council", "C", "a council"))],
            "^b.yaml: error: lists the councils b council, C, a council, but a.yaml lists A Council, B Council "
            r"\(give every file of the partnership the same councils\)$",
        ),
    ],
)
def test_mismatched_inputs_are_refused(sets: list[AnswerSet], message: str) -> None:
    """A single council, two partnerships, an unknown council or two lists of councils: a clear error."""
    with pytest.raises(AnswerError, match=message):
        compare(BANK, sets)


def test_councils_spelt_differently_are_one_council_in_the_first_files_words() -> None:
    """Case and spacing do not make another council; the report uses the first file's spelling."""
    sets = [
        person("A Council", "a", {}),
        person("b  COUNCIL", "b", {}, councils=("a council", "B Council")),
    ]
    comparison = compare(BANK, sets)
    assert comparison.councils == ["A Council", "B Council"]
    assert [m.council for m in comparison.members] == ["A Council", "B Council"]
    assert all(set(d.by_council) == {"A Council", "B Council"} for d in comparison.domains)


def test_cli_compare_and_errors(tmp_path: Path) -> None:
    """The command: markdown to a file, JSON to stdout, and exit 1 for one council only."""
    target = tmp_path / "partnership.md"
    result = runner.invoke(app, ["compare", *map(str, FILES), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("# Partnership comparison: Kingsmoor and Wexley")
    result = runner.invoke(app, ["compare", *map(str, FILES), "--format", "json"])
    assert json.loads(result.stdout)["verdict"] == "not_ready"
    kingsmoor = [str(f) for f in FILES if "kingsmoor" in f.name]
    result = runner.invoke(app, ["compare", *kingsmoor])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{kingsmoor[0]}: error: every file is from the same council")
    newer = tmp_path / "newer.yaml"
    newer.write_text(re.sub(r"bank_version: .*", 'bank_version: "9.0"', FILES[0].read_text(), count=1))
    result = runner.invoke(app, ["compare", str(newer), str(FILES[2])])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{newer}:3:15: error: these answers were given against version 9.0 of bank")
    assert "score them with version 9.0 of the bank (--bank DIR) or a newer readiness" in result.stderr


def test_nobody_expecting_to_employ_is_a_clash() -> None:
    """Each council answering 'the other council' leaves the shared chief executive without an employer."""
    route = {"arrangement": "ceo_and_team", "employing_model": "s113"}
    sets = [
        person("A Council", "a", {**route, "employer": "other_council"}),
        person("B Council", "b", {**route, "employer": "other_council"}),
    ]
    found = [(f.rule.id, f.detail) for f in compare(BANK, sets).inconsistencies]
    assert found == [("nobody_expects_to_employ", "no council answered with its own name")]
    sets[1] = person("B Council", "b", {**route, "employer": "this_council"})
    assert [f.rule.id for f in compare(BANK, sets).inconsistencies] == []
