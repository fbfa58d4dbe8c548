"""The summary of a batch: one line per answer set, with its verdict and domain ratings."""

from __future__ import annotations

import json
from typing import Any

from readiness.model import Bank
from readiness.render.common import VERDICT_WORDS, rating_words, role_words
from readiness.render.escape import md
from readiness.scoring import Assessment


def summary_row(a: Assessment) -> dict[str, Any]:
    """What the summary shows of one assessment (small: it crosses from a worker process)."""
    return {
        "answers": a.answers.source,
        "partnership": a.partnership.name if a.partnership else None,
        "council": a.respondent.council if a.respondent else None,
        "role": a.respondent.role if a.respondent else None,
        "verdict": a.verdict,
        "score": a.score,
        "confidence": a.confidence,
        "critical_flags": sum(1 for f in a.flags if f.severity == "critical"),
        "ratings": {d.id: d.rating for d in a.domains},
    }


def render_summary(
    bank: Bank, rows: list[dict[str, Any]], not_scored: dict[str, list[str]], as_json: bool = False
) -> str:
    """The batch at a glance: a row per report, then the answer sets that could not be scored
    (`not_scored` maps each to its problems), so the summary alone tells the whole story."""
    if as_json:
        failed = [{"answers": source, "problems": problems} for source, problems in not_scored.items()]
        data = {"bank": {"id": bank.id, "version": bank.version}, "reports": rows, "not_scored": failed}
        return json.dumps(data, indent=2) + "\n"
    domains = bank.header.domains
    lines = [
        f"# Readiness summary: {len(rows)} answer set{'s' * (len(rows) != 1)}",
        "",
        f"Question bank `{bank.id}` version {md(bank.version)}. Domains: "
        + "; ".join(f"{i}. {md(d.title)}" for i, d in enumerate(domains, 1)),
        "",
        "| Report | Partnership | Council | Role | Verdict | Score | "
        + " | ".join(str(i) for i in range(1, len(domains) + 1))
        + " |",
        "|---|---|---|---|---|---:|" + "---|" * len(domains),
    ]
    for row in rows:
        ratings = " | ".join(rating_words(row["ratings"][d.id]) for d in domains)
        lines.append(
            f"| [{md(row['report'])}]({row['report']}) | {md(row['partnership'] or '')} | {md(row['council'] or '')} | "
            f"{md(role_words(row['role'] or ''))} | {VERDICT_WORDS[row['verdict']]} | {row['score']:.1f} | {ratings} |"
        )
    if not_scored:
        lines += ["", f"## Not scored ({len(not_scored)})", ""]
        lines += [f"- {md(source)}: {md('; '.join(problems))}" for source, problems in not_scored.items()]
    return "\n".join(lines) + "\n"
