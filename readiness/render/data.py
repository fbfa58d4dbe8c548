"""The assessment as data: the JSON contract of DESIGN §5, and one CSV row per answer file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from readiness.model import Bank
from readiness.scoring import Assessment, DomainResult, QuestionResult


def to_dict(a: Assessment) -> dict[str, Any]:
    """Everything the markdown report says, as plain data (the `score --format json` contract)."""
    bank = a.bank
    partnership = a.partnership
    respondent = a.respondent
    return {
        "bank": {"id": bank.id, "version": bank.version, "digest": bank.digest},
        "answers_file": a.answers.source or None,
        "partnership": {"name": partnership.name, "councils": list(partnership.councils)} if partnership else None,
        "respondent": respondent.model_dump() if respondent else None,
        "verdict": a.verdict,
        "score": a.score,
        "confidence": a.confidence,
        "domains": [_domain(d) for d in a.domains],
        "flags": [
            {"id": f.id, "severity": f.severity, "domain": f.domain, "says": f.says, "cites": list(f.cites)}
            for f in a.flags
        ],
        "actions": [
            {"id": x.id, "priority": x.priority, "domain": x.domain, "do": x.do, "cites": list(x.cites)}
            for x in a.actions
        ],
        "path": a.path,
        "answers": [_step(bank, s) for s in a.steps],
        "ignored": a.ignored,
        "sources": _sources(bank, a.cited()),
    }


def _domain(d: DomainResult) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "rating": d.rating,
        "rated_by": d.rated_by,
        "score": d.score,
        "best_possible": d.least,
        "points": d.points,
        "most_points": d.most,
        "weight": d.weight,
        "confidence": d.confidence,
        "answered": d.answered,
        "unknown": d.unknown,
    }


def _step(bank: Bank, step: QuestionResult) -> dict[str, Any]:
    question = bank.questions[step.id]
    return {
        "question": step.id,
        "domain": step.domain,
        "value": list(step.value) if isinstance(step.value, tuple) else step.value,
        "answer": question.answer_text(step.value, step.missing),
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
    """The columns of the batch CSV: who answered, the verdict, then score and rating per domain."""
    columns = ["file", "partnership", "council", "role", "verdict", "score", "confidence", "critical_flags", "warnings"]
    for domain in bank.header.domains:
        columns += [f"{domain.id}_score", f"{domain.id}_rating"]
    return columns


def csv_safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(a: Assessment) -> list[str]:
    partnership = csv_safe(a.partnership.name) if a.partnership else ""
    council = csv_safe(a.respondent.council) if a.respondent else ""
    role = a.respondent.role if a.respondent else ""
    critical = sum(1 for f in a.flags if f.severity == "critical")
    row = [
        csv_safe(a.answers.source),
        partnership,
        council,
        role,
        a.verdict,
        f"{a.score:g}",
        f"{a.confidence:g}",
        str(critical),
        str(len(a.flags) - critical),
    ]
    for domain in a.domains:
        row += [f"{domain.score:g}", domain.rating]
    return row


def render_csv(bank: Bank, assessments: Iterable[Assessment]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(bank))
    writer.writerows(csv_row(a) for a in assessments)
    return out.getvalue()
