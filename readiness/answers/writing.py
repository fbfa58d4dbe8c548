"""Writing an answer file: the format `readiness.answers` reads back unchanged."""

from __future__ import annotations

from typing import Any

from readiness import yamlio
from readiness.model import Answer, AnswerSet, RetiredAnswer

SAVED_NOTE = "# Saved by `readiness assess` after every answer; resume with --resume, or score it.\n"
SET_ASIDE_NOTE = (
    "# set_aside: answers to questions your route no longer asks; they are not scored, and come\n"
    "# back as the suggested answer if the route returns to them.\n"
)
RETIRED_NOTE = (
    "# retired: answers to questions an earlier version of the bank asked and this one dropped;\n"
    "# kept with the question and the reason, listed in reports, never scored.\n"
)


def dump_answers(answer_set: AnswerSet, header: str = SAVED_NOTE) -> str:
    """An answer set as the YAML of an answer file, opened by `header` (comment lines)."""
    data: dict[str, Any] = {
        "bank": answer_set.bank,
        "bank_version": answer_set.bank_version,
        "bank_digest": answer_set.bank_digest,
    }
    if answer_set.partnership:
        data["partnership"] = {"name": answer_set.partnership.name, "councils": list(answer_set.partnership.councils)}
    if answer_set.respondent:
        data["respondent"] = answer_set.respondent.model_dump(exclude_none=True)
    data["answers"] = {qid: _plain(answer) for qid, answer in answer_set.answers.items()}
    if answer_set.set_aside:
        data["set_aside"] = {qid: _plain(answer) for qid, answer in answer_set.set_aside.items()}
        header += SET_ASIDE_NOTE
    if answer_set.retired:
        data["retired"] = {key: _retired(entry) for key, entry in answer_set.retired.items()}
        header += RETIRED_NOTE
    return header + yamlio.dump(data)


def _plain(answer: Answer) -> Any:
    value = list(answer.value) if isinstance(answer.value, tuple) else answer.value
    return {"value": value, "note": answer.note} if answer.note else value


def _retired(entry: RetiredAnswer) -> dict[str, Any]:
    kept = {"value": entry.value, "question": entry.question, "version": entry.version, "why": entry.why}
    return kept | ({"note": entry.note} if entry.note else {})
