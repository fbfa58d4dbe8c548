"""The source registry as plain text: each source, its findings, and what cites each."""

from __future__ import annotations

from readiness.model import Bank
from readiness.render.text import plural


def cited_by(bank: Bank) -> dict[str, list[str]]:
    """For each citation, the questions, flags and actions that use it, in bank order."""
    users: dict[str, list[str]] = {}
    items = [("question", q.id, q.cites) for q in bank.questions.values()]
    items += [("flag", f.id, f.cites) for f in bank.flags]
    items += [("action", a.id, a.cites) for a in bank.actions]
    for kind, item_id, cites in items:
        for citation in cites:
            users.setdefault(citation, []).append(f"{kind} {item_id}")
    return users


def reference(bank: Bank, source_id: str) -> str:
    """A one-line bibliographic reference: author, title, outlet, date."""
    source = bank.sources[source_id]
    parts = [source.author, f"\u201c{source.title}\u201d", source.outlet, long_date(source.date)]
    return ", ".join(p for p in parts if p)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(text: str) -> str:
    """'2011-01-27' as '27 January 2011', '2012-02' as 'February 2012'; anything else unchanged."""
    parts = text.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return text
    if len(parts) == 1:
        return text
    month = MONTHS[int(parts[1]) - 1] if 1 <= int(parts[1]) <= 12 else parts[1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def render_sources(bank: Bank) -> str:
    users = cited_by(bank)
    lines = []
    for source in bank.sources.values():
        lines.append(f"{source.id} — {reference(bank, source.id)} [{source.kind}]")
        if source.url:
            lines.append(f"  {source.url}")
        for finding in source.findings:
            citation = f"{source.id}.{finding.id}"
            lines.append(f"  {finding.id} ({finding.locator}): {finding.claim}")
            cited = users.get(citation)
            lines.append(f"    cited by: {', '.join(cited)}" if cited else "    cited by: nothing (uncited)")
        lines.append("")
    total = sum(len(s.findings) for s in bank.sources.values())
    uncited = sum(1 for s in bank.sources.values() for f in s.findings if f"{s.id}.{f.id}" not in users)
    lines.append(
        f"{plural(len(bank.sources), 'source')}, {plural(total, 'finding')}, {total - uncited} cited, {uncited} uncited"
    )
    return "\n".join(lines) + "\n"
