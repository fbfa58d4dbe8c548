"""The map as a Mermaid flowchart or a Graphviz digraph, optionally with a walked path marked.

Both writers take plain data (groups of boxes, edges) so that any id and any text, however odd,
can be thrown at them in tests; `mermaid` and `dot` turn a bank into that data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from readiness.conditions import describe
from readiness.model import END, Bank
from readiness.render.escape import mermaid_text, without_controls

LABEL_LIMIT = 70


@dataclass(frozen=True)
class Group:
    """A domain's box on the map: its id, title and questions as (id, text)."""

    id: str
    title: str
    nodes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Map:
    """What either writer draws: groups of questions, routes as (from, to, label), a walked path."""

    groups: tuple[Group, ...]
    edges: tuple[tuple[str, str, str], ...]
    walked: tuple[str, ...] = ()


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


def bank_map(bank: Bank, path: Iterable[str] = ()) -> Map:
    """The bank's questions grouped by domain (in the bank's domain order), its routes, a path."""
    groups: dict[str, list[tuple[str, str]]] = {d.id: [] for d in bank.header.domains}
    for question in bank.questions.values():
        groups.setdefault(question.domain, []).append((question.id, _short(question.text)))
    titles = {d.id: d.title for d in bank.header.domains}
    return Map(
        groups=tuple(Group(d, titles.get(d, d), tuple(nodes)) for d, nodes in groups.items() if nodes),
        edges=tuple(edges(bank)),
        walked=tuple(path),
    )


# --- Mermaid -------------------------------------------------------------------------------------


def mermaid(bank: Bank, path: Iterable[str] = ()) -> str:
    """A Mermaid `flowchart TD`; questions grouped by domain, the walked path drawn bold."""
    return mermaid_flowchart(bank_map(bank, path))


def mermaid_flowchart(graph: Map) -> str:
    """A Mermaid `flowchart TD` of any map: every id is rewritten into a safe node name and every
    text quoted and escaped, so Mermaid's parser accepts it whatever the bank holds."""
    steps = walked_edges(graph.walked) if graph.walked else set()
    lines = ["flowchart TD"]
    for group in graph.groups:
        lines.append(f"  subgraph {mermaid_id('d', group.id)}[{mermaid_label(group.title)}]")
        lines.extend(f"    {_node(qid)}[{mermaid_label(text)}]" for qid, text in group.nodes)
        lines.append("  end")
    lines.append(f'  {_node(END)}((("end")))')
    bold = []
    for i, (source, target, label) in enumerate(graph.edges):
        text = mermaid_text(label)
        arrow = f'-->|"{text}"|' if text else "-->"
        lines.append(f"  {_node(source)} {arrow} {_node(target)}")
        if (source, target) in steps:
            bold.append(str(i))
    if graph.walked:
        lines.append("  classDef walked stroke-width:3px,stroke:#1f4e79,fill:#dbe9f6")
        lines.append(f"  class {','.join(dict.fromkeys(_node(q) for q in graph.walked))} walked")
        if bold:
            lines.append(f"  linkStyle {','.join(bold)} stroke-width:3px,stroke:#1f4e79")
    return "\n".join(lines) + "\n"


_PLAIN_ID = re.compile(r"[a-z][a-z0-9_]*")


def _node(qid: str) -> str:
    """A question's node name; `end` gets one that no question id can produce."""
    return "finish" if qid == END else mermaid_id("q", qid)


def mermaid_id(prefix: str, ident: str) -> str:
    """A Mermaid node or subgraph name for any id, starting with `prefix` (a lower-case word).

    Mermaid reserves words (`end`, `graph`, `style`, `click`…) and reads `-`, `:`, `&` and more
    as syntax inside names: an id becomes `<prefix>_<id>` when it is a plain snake_case id, and
    `<prefix>x_<hex of its UTF-8>` otherwise (distinct names for distinct ids either way)."""
    if _PLAIN_ID.fullmatch(ident):
        return f"{prefix}_{ident}"
    return f"{prefix}x_{ident.encode().hex()}"


def mermaid_label(text: str) -> str:
    """Any text as a quoted Mermaid label, quotes included (`id[<label>]`, `-->|<label>|`); Mermaid
    refuses an empty one, so nothing shows as a no-break space."""
    return f'"{mermaid_text(text) or "#160;"}"'


# --- Graphviz ------------------------------------------------------------------------------------


def dot(bank: Bank, path: Iterable[str] = ()) -> str:
    """A Graphviz digraph; questions clustered by domain, the walked path drawn bold."""
    return dot_digraph(bank.id, bank_map(bank, path))


def dot_digraph(name: str, graph: Map) -> str:
    """A Graphviz digraph of any map, every id and text quoted where DOT needs it."""
    walked = set(graph.walked)
    steps = walked_edges(graph.walked) if graph.walked else set()
    lines = [f"digraph {_dot_text(name)} {{", "  rankdir=TB;", '  node [shape=box, style="rounded"];']
    for group in graph.groups:
        lines.append(f"  subgraph {_dot_text('cluster_' + group.id)} {{")
        lines.append(f"    label={_dot_text(group.title)};")
        for qid, text in group.nodes:
            mark = ', penwidth=3, style="rounded,filled", fillcolor="#dbe9f6"' if qid in walked else ""
            lines.append(f"    {_dot_id(qid)} [label={_dot_text(text)}{mark}];")
        lines.append("  }")
    lines.append(f'  {_dot_id(END)} [shape=doublecircle, label="end"];')
    for source, target, label in graph.edges:
        attrs = [f"label={_dot_text(label)}"] if label else []
        if (source, target) in steps:
            attrs.append("penwidth=3")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {_dot_id(source)} -> {_dot_id(target)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# DOT's keywords, in any case, cannot be bare node names
_DOT_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
_DOT_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _dot_id(ident: str) -> str:
    """A node name: bare when DOT reads it as one, quoted otherwise."""
    if _DOT_PLAIN.fullmatch(ident) and ident.lower() not in _DOT_KEYWORDS:
        return ident
    return _dot_text(ident)


def _dot_text(text: str) -> str:
    """A quoted DOT string. A backslash starts an escape in labels (`\\n`, `\\l`, `\\N`), so it is
    doubled; control characters become spaces."""
    clean = without_controls(text)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'
