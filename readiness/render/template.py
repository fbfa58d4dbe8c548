"""A blank answer file: every question as a comment, in the order the interview meets them."""

from __future__ import annotations

import heapq
import json

from readiness.conditions import describe
from readiness.model import ROLES, Bank, Question
from readiness.render.common import expected_number


def walk_order(bank: Bank) -> list[str]:
    """Every question, each after all that can lead to it, otherwise in file order."""
    position = {qid: i for i, qid in enumerate(bank.questions)}
    waiting = dict.fromkeys(bank.questions, 0)
    for question in bank.questions.values():
        for target in {r.goto for r in question.next} & waiting.keys():
            waiting[target] += 1
    ready = [(position[q], q) for q, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, qid = heapq.heappop(ready)
        order.append(qid)
        for target in {r.goto for r in bank.questions[qid].next} & waiting.keys():
            waiting[target] -= 1
            if waiting[target] == 0:
                heapq.heappush(ready, (position[target], target))
    return order


def render_template(bank: Bank) -> str:
    """YAML that `readiness score` accepts once the blanks are filled in."""
    lines = [
        f"# Answers for the question bank '{bank.id}' version {bank.version}: {bank.header.title}.",
        "# Fill in the answers your route reaches and leave the rest blank; then run `readiness score FILE`.",
        '# Each answer is one of the option values listed above it (or unknown for "don\'t know"); a note can',
        '# go beside it as  question_id: {value: partly, note: "why"}.',
        f"bank: {bank.id}",
        f"bank_version: {json.dumps(bank.version)}",
        f"bank_digest: {bank.digest}",
        "partnership:",
        "  name:         # the partnership, e.g. Northvale and Southmere",
        "  councils: []  # at least two, e.g. [Northvale District Council, Southmere Borough Council]",
        "respondent:",
        "  name:         # optional",
        "  council:      # one of the councils above",
        f"  role:         # {' | '.join(ROLES)}",
        "answers:",
    ]
    domains = {d.id: d.title for d in bank.header.domains}
    for qid in walk_order(bank):
        question = bank.questions[qid]
        lines.append("")
        lines += [f"  # {line}" for line in _describe(question, domains.get(question.domain, question.domain))]
        lines.append(f"  {qid}:")
    return "\n".join(lines) + "\n"


def _describe(question: Question, domain: str) -> list[str]:
    lines = [f"[{domain}] {question.text}"]
    if question.type in ("yes_no", "choice", "multi"):
        kind = "choose one or more, as a list" if question.type == "multi" else "choose one"
        lines.append(f"{question.type} ({kind}):")
        lines += [f"  {o.value}: {o.label}" + (" (on its own)" if o.exclusive else "") for o in question.options]
    elif question.type in ("scale", "number"):
        lines.append(f"{question.type}: {expected_number(question)}")
    else:
        lines.append("text: free text")
    if question.unknown:
        lines.append("  unknown: don't know")
    else:
        lines.append('required: there is no "don\'t know", so answer it if your route reaches it')
    routes = [f"{describe(r.when, question.id)} -> {r.goto}" for r in question.next if r.when is not None]
    if routes:
        lines.append("then: " + "; ".join(routes) + f"; otherwise -> {question.next[-1].goto}")
    return [" ".join(line.split("\n")) for line in lines]


GUIDE_MARK = "#"
"""A row of a CSV whose first cell starts with this is a guide for whoever fills it in, not a respondent."""


def render_template_csv(bank: Bank, fields: tuple[str, ...]) -> str:
    """A blank sheet for a tool without form import (Microsoft Forms, SmartSurvey, a
    spreadsheet): the respondent `fields`, then a column per question id in walk order, and
    one guide line saying what each column takes. `readiness score` skips the guide line."""
    import csv
    import io

    order = walk_order(bank)
    guide = {
        "bank": f"{GUIDE_MARK} what each column takes (this line is skipped): bank {bank.id}, or blank",
        "bank_version": f"{bank.version}, or blank",
        "partnership": "the partnership's name",
        "councils": "its councils, separated by ;",
        "respondent": "the respondent's name (optional)",
        "council": "one of the councils",
        "role": " | ".join(ROLES),
    }
    guide |= {qid: _takes(bank.questions[qid]) for qid in order}
    columns = [*fields, *order]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow([" ".join(guide.get(c, "").split()) for c in columns])
    return out.getvalue()


def _takes(question: Question) -> str:
    dont_know = "; or unknown" if question.unknown else "; required if reached"
    if question.type in ("yes_no", "choice"):
        return "one of " + " | ".join(o.value for o in question.options) + dont_know
    if question.type == "multi":
        return "one or more of " + " | ".join(o.value for o in question.options) + ", separated by ;" + dont_know
    if question.type in ("scale", "number"):
        return expected_number(question) + dont_know
    return "free text" + dont_know
