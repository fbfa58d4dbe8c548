"""The map as a Mermaid flowchart or a Graphviz digraph, optionally with a walked path marked."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from readiness.conditions import describe
from readiness.model import END, Bank, Question

LABEL_LIMIT = 70


def edges(bank: Bank) -> list[tuple[str, str, str]]:
    """Every route as (from, to, label), in file order."""
    found = []
    for question in bank.questions.values():
        for route in question.next:
            label = describe(route.when, question.id) if route.when else ("otherwise" if len(question.next) > 1 else "")
            found.append((question.id, route.goto, label))
    return found


def walked_edges(path: Iterable[str]) -> set[tuple[str, str]]:
    steps = [*path, END]
    return set(pairwise(steps))


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def _by_domain(bank: Bank) -> dict[str, list[Question]]:
    groups: dict[str, list[Question]] = {d.id: [] for d in bank.header.domains}
    for question in bank.questions.values():
        groups.setdefault(question.domain, []).append(question)
    return groups


def mermaid(bank: Bank, path: Iterable[str] = ()) -> str:
    """A Mermaid `flowchart TD`; questions grouped by domain, the walked path drawn bold."""
    walked = list(path)
    steps = walked_edges(walked) if walked else set()
    lines = ["flowchart TD"]
    for domain, questions in _by_domain(bank).items():
        if not questions:
            continue
        title = bank.domain(domain).title if bank.domain(domain) else domain  # type: ignore[union-attr]
        lines.append(f'  subgraph d_{domain}["{mermaid_text(title)}"]')
        lines.extend(f'    {_node(q.id)}["{mermaid_text(_short(q.text))}"]' for q in questions)
        lines.append("  end")
    lines.append(f"  {_node(END)}(([end]))")
    bold = []
    for i, (source, target, label) in enumerate(edges(bank)):
        arrow = f'-->|"{mermaid_text(label)}"|' if label else "-->"
        lines.append(f"  {_node(source)} {arrow} {_node(target)}")
        if (source, target) in steps:
            bold.append(str(i))
    if walked:
        lines.append("  classDef walked stroke-width:3px,stroke:#1f4e79,fill:#dbe9f6")
        lines.append(f"  class {','.join(_node(q) for q in walked)} walked")
        if bold:
            lines.append(f"  linkStyle {','.join(bold)} stroke-width:3px,stroke:#1f4e79")
    return "\n".join(lines) + "\n"


def _node(qid: str) -> str:
    """Mermaid reserves words such as `end`, `graph` and `style`: prefix every node id."""
    return f"q_{qid}"


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (and inside a markdown code fence)."""
    flat = " ".join(text.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        flat = flat.replace(char, code)
    return flat


def dot(bank: Bank, path: Iterable[str] = ()) -> str:
    """A Graphviz digraph; questions clustered by domain, the walked path drawn bold."""
    walked = list(path)
    steps = walked_edges(walked) if walked else set()
    lines = [f"digraph {_dot_text(bank.id)} {{", "  rankdir=TB;", '  node [shape=box, style="rounded"];']
    for domain, questions in _by_domain(bank).items():
        if not questions:
            continue
        title = bank.domain(domain).title if bank.domain(domain) else domain  # type: ignore[union-attr]
        lines.append(f"  subgraph {_dot_text('cluster_' + domain)} {{")
        lines.append(f"    label={_dot_text(title)};")
        for q in questions:
            mark = ', penwidth=3, style="rounded,filled", fillcolor="#dbe9f6"' if q.id in walked else ""
            lines.append(f"    {q.id} [label={_dot_text(_short(q.text))}{mark}];")
        lines.append("  }")
    lines.append(f'  {END} [shape=doublecircle, label="end"];')
    for source, target, label in edges(bank):
        attrs = [f"label={_dot_text(label)}"] if label else []
        if (source, target) in steps:
            attrs.append("penwidth=3")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {source} -> {target}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
