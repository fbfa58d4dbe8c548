"""The assessment as data: the JSON of `score --format json`, and one CSV row per answer file
(its columns are listed in the README's CSV table)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from readiness.model import Bank, Respondent
from readiness.priorities import FindOut, Risk
from readiness.render import brief
from readiness.scoring import ActionResult, Assessment, DomainResult, QuestionResult


def to_dict(a: Assessment) -> dict[str, Any]:
    """Everything the markdown report says, as plain data (the `score --format json` contract)."""
    bank = a.bank
    partnership = a.partnership
    respondent = a.respondent
    return {
        "bank": {"id": bank.id, "version": bank.version, "digest": bank.digest},
        "answers_file": a.answers.source or None,
        "partnership": {"name": partnership.name, "councils": list(partnership.councils)} if partnership else None,
        "respondent": _respondent(respondent) if respondent else None,
        "verdict": a.verdict,
        "verdict_range": list(a.verdict_range) if a.verdict_range else None,
        "score": a.score,
        "score_range": list(a.score_range),
        "confidence": a.confidence,
        "domains": [_domain(d) for d in a.domains],
        "flags": [
            {
                "id": f.id,
                "severity": f.severity,
                "status": f.status,
                "domain": f.domain,
                "says": f.says,
                "because": list(f.because),
                "cites": list(f.cites),
            }
            for f in a.flags
        ],
        "top_risks": [_risk(a, r) for r in a.top_risks],
        "settled": [{"question": s.id, "answer": brief.settled_line(a, s)[1], "risk": s.risk} for s in a.settled],
        "find_out": [_find_out(a, item) for item in a.find_out],
        "actions": [_action(x) for x in a.actions],
        "possible_actions": [_action(x) for x in a.possible_actions],
        "path": a.path,
        "answers": [_step(bank, s, brief.own_council(a)) for s in a.steps],
        "ignored": a.ignored,
        "retired": [
            {"id": key, "value": r.value, "note": r.note, "question": r.question, "version": r.version, "why": r.why}
            for key, r in a.answers.retired.items()
        ],
        "sources": _sources(bank, a.cited()),
    }


def _domain(d: DomainResult) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "rating": d.rating,
        "rated_by": d.rated_by,
        "score": d.score,
        "range": list(d.range),
        "points": [d.low, d.high],
        "most_points": d.most,
        "weight": d.weight,
        "confidence": d.confidence,
        "answered": d.answered,
        "unknown": d.unknown,
        "rests_on": list(d.rests_on),
    }


def _action(x: ActionResult) -> dict[str, Any]:
    return {
        "id": x.id,
        "priority": x.priority,
        "status": x.status,
        "domain": x.domain,
        "do": x.do,
        "because": list(x.because),
        "cites": list(x.cites),
    }


def _risk(a: Assessment, r: Risk) -> dict[str, Any]:
    line = brief.risk_line(a, r)
    return {
        "kind": r.kind,
        "id": r.id,
        "domain": r.domain,
        "severity": r.severity,
        "risk": r.risk,
        "says": r.says,
        "answer": line.answer or line.shown,
        "because": list(r.because),
        "cites": list(r.cites),
    }


def _find_out(a: Assessment, item: FindOut) -> dict[str, Any]:
    question = a.bank.questions[item.question]
    return {
        "question": item.question,
        "domain": item.domain,
        "text": question.text,
        "could_move": brief.could_move(a, item),
        "moves_verdict": item.moves_verdict,
        "moves_ratings": list(item.moves),
        "gap": item.gap,
        "answers": [
            {
                "value": list(w.value) if isinstance(w.value, tuple) else w.value,
                "answer": question.answer_text(w.value),  # type: ignore[arg-type]
                "verdict_range": [w.best, w.worst],
                "ratings": dict(w.ratings),
            }
            for w in item.answers
        ],
        "cites": list(question.cites),
    }


def _step(bank: Bank, step: QuestionResult, council: str | None) -> dict[str, Any]:
    question = bank.questions[step.id]
    return {
        "question": step.id,
        "domain": step.domain,
        "value": list(step.value) if isinstance(step.value, tuple) else step.value,
        "answer": question.answer_text(step.value, step.missing, council),
        "risk": step.risk,
        "unknown": step.unknown,
        "missing": step.missing,
        "note": step.note,
        "cites": list(question.cites),
    }


def _sources(bank: Bank, cited: list[str]) -> list[dict[str, Any]]:
    used: dict[str, list[str]] = {}
    for citation in cited:
        source_id, _, finding_id = citation.partition(".")
        used.setdefault(source_id, []).append(finding_id)
    result = []
    for source_id in sorted(used):
        source = bank.sources[source_id]
        findings = [f for f in source.findings if f.id in used[source_id]]
        result.append(
            {
                "id": source.id,
                "title": source.title,
                "author": source.author,
                "outlet": source.outlet,
                "date": source.date,
                "url": source.url,
                "findings": [{"id": f.id, "locator": f.locator, "claim": f.claim} for f in findings],
            }
        )
    return result


def render_json(a: Assessment) -> str:
    return json.dumps(to_dict(a), indent=2, ensure_ascii=False) + "\n"


def csv_header(bank: Bank) -> list[str]:
    """The columns of the batch CSV: who answered, the verdict, then score and rating per domain
    (README.md, "The CSV table", says what each holds; `confidence` is the share, 0 to 1, of the
    questions on the respondent's path that have a firm answer)."""
    columns = ["file", "partnership", "respondent", "council", "role", "verdict", "verdict_best", "verdict_worst"]
    columns += ["score"]
    columns += ["score_high", "confidence", "critical_flags", "warnings", "possible_critical_flags"]
    for domain in bank.header.domains:
        columns += [f"{domain.id}_score", f"{domain.id}_score_high", f"{domain.id}_rating"]
    return columns


def csv_safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(a: Assessment) -> list[str]:
    partnership = csv_safe(a.partnership.name) if a.partnership else ""
    council = csv_safe(a.respondent.council) if a.respondent else ""
    name = csv_safe(a.respondent.name or "") if a.respondent else ""
    role = a.respondent.role if a.respondent else ""
    critical = sum(1 for f in a.raised if f.severity == "critical")
    possible = sum(1 for f in a.possible if f.severity == "critical")
    row = [
        csv_safe(a.answers.source),
        partnership,
        name,
        council,
        role,
        a.verdict,
        a.best,
        a.worst,
        f"{a.score:g}",
        f"{a.score_range[1]:g}",
        f"{a.confidence:g}",
        str(critical),
        str(len(a.raised) - critical),
        str(possible),
    ]
    for domain in a.domains:
        row += [f"{domain.range[0]:g}", f"{domain.range[1]:g}", domain.rating]
    return row


def render_csv(bank: Bank, assessments: Iterable[Assessment]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(bank))
    writer.writerows(csv_row(a) for a in assessments)
    return out.getvalue()


def _respondent(respondent: Respondent) -> dict[str, Any]:
    """The respondent's fields, the group only when one is given (the contract's fields stay as they were)."""
    return respondent.model_dump(exclude={"group"} if respondent.group is None else None)
