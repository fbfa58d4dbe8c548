"""A generated survey of two councils with planted patterns, at any size:

- in Kingsmoor, one councillor (the second respondent) says trust between the leaders is
  strained, which raises a critical flag; everybody else sees it as strong or workable
  (`leader_distrusts=True` moves that answer to the council's leader instead);
- in both councils, half say the shared vision is endorsed and half that there is none;
- in Kingsmoor, the administration sees the councils' priorities as close and the opposition
  as conflicting (a cross-party split);
- everything else as one of the example respondents answered it.

The answers are handed out by position, so the shares are the same at 6, 60 or 600 a council."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from readiness.engine import walk
from readiness.model import Answer, AnswerSet, Bank, Partnership, Respondent

ROOT = Path(__file__).resolve().parents[1]
BASE = yaml.safe_load((ROOT / "examples" / "partnership" / "kingsmoor-chief-executive.yaml").read_text())["answers"]
COUNCILS = ("Kingsmoor District Council", "Wexley Borough Council")
PARTNERSHIP = "Kingsmoor and Wexley"
# role and group of the respondents after the first four, in turn
CYCLE = (
    ("cabinet_member", "administration"),
    ("councillor", "administration"),
    ("councillor", "opposition"),
    ("councillor", "opposition"),
    ("councillor", "scrutiny"),
    ("other_officer", "officers"),
)
FIRST = (
    ("leader", "administration"),
    ("councillor", "opposition"),
    ("chief_executive", "officers"),
    ("statutory_officer", "officers"),
)


def name_of(council: int, i: int) -> str:
    return f"Person{'KW'[council]}{i:04d} Smithfield"


def role_and_group(i: int) -> tuple[str, str]:
    return FIRST[i] if i < len(FIRST) else CYCLE[(i - len(FIRST)) % len(CYCLE)]


def answers_for(council: int, i: int, per_council: int, leader_distrusts: bool) -> dict[str, Any]:
    _role, group = role_and_group(i)
    answers = dict(BASE)
    doubter = 0 if leader_distrusts else 1
    answers["leaders_trust"] = "strained" if (council == 0 and i == doubter) else ("strong" if i % 2 else "workable")
    answers["shared_vision"] = "endorsed" if i < per_council // 2 else "none"
    if council == 0:
        answers["priorities_align"] = {"administration": "close", "opposition": "conflicting"}.get(group, "different")
    return answers


def answer_set(bank: Bank, council: int, i: int, per_council: int, leader_distrusts: bool = False) -> AnswerSet:
    role, group = role_and_group(i)
    answers = answers_for(council, i, per_council, leader_distrusts)
    on_path = walk(bank, answers).path
    return AnswerSet(
        bank=bank.id,
        bank_version=bank.version,
        partnership=Partnership(name=PARTNERSHIP, councils=COUNCILS),
        respondent=Respondent(name=name_of(council, i), council=COUNCILS[council], role=role, group=group),  # type: ignore[arg-type]
        answers={q: Answer(answers[q]) for q in on_path if q in answers},
        source=f"survey/{'kw'[council]}{i:04d}.yaml",
    )


def survey_sets(bank: Bank, per_council: int, leader_distrusts: bool = False) -> list[AnswerSet]:
    return [answer_set(bank, c, i, per_council, leader_distrusts) for c in (0, 1) for i in range(per_council)]


def write_survey(bank: Bank, directory: Path, per_council: int, leader_distrusts: bool = False) -> list[Path]:
    """The survey as answer files, one a respondent."""
    paths = []
    for answers in survey_sets(bank, per_council, leader_distrusts):
        assert answers.respondent is not None
        assert answers.partnership is not None
        respondent = answers.respondent.model_dump(exclude_none=True)
        document = {
            "bank": answers.bank,
            "bank_version": answers.bank_version,
            "partnership": {"name": answers.partnership.name, "councils": list(answers.partnership.councils)},
            "respondent": respondent,
            "answers": {q: a.value for q, a in answers.answers.items()},
        }
        path = directory / Path(answers.source).name
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths
