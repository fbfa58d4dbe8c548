"""The map and the report's path block, checked by the programs that read them: Mermaid's own
parser (node, with tests/mermaid installed) and Graphviz's `dot`. Hostile ids and text are thrown
at the writers in bulk and parsed in one process, since starting Mermaid costs a second."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import examples
from readiness.answers import load_answers
from readiness.engine import walk
from readiness.loading import load_bank
from readiness.model import Bank
from readiness.render.graph import Group, Map, bank_map, dot, dot_digraph, mermaid, mermaid_flowchart
from readiness.render.markdown import render_markdown
from readiness.scoring import Scorer
from tools import dot_errors, mermaid_parse

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank()
ANSWER_FILES = sorted((ROOT / "examples").rglob("*.yaml"))
MERMAID_MAX_TEXT = 50_000
"""Mermaid's default `maxTextSize`: a longer diagram is not drawn (GitHub keeps the default)."""

# Words Mermaid or DOT reserve, and text that has broken diagram writers before
KEYWORDS = ["end", "graph", "subgraph", "style", "click", "class", "classDef", "linkStyle", "direction"]
KEYWORDS += ["flowchart", "default", "o", "x", "node", "edge", "digraph", "strict", "call", "href", "TD", "LR"]
NASTY = ['"', "'", "[", "]", "(", ")", "{", "}", "|", "<", ">", "#", ";", ":", ":::", "&", "%%", "`", "\\", "-->"]
NASTY += ["---", "==>", "-.->", "&amp;", "#quot;", "<br/>", "<script>alert(1)</script>", "\n", "\t", "\x00", "\x85"]
NASTY += ["£ – “x” 漢字 😀", "\u200b\u2028\ufeff", "end", "A-->B", 'a"]; click b "https://x"; x["', "x" * 300]


ANSWER_SETS = [load_answers(path, BANK).answers for path in ANSWER_FILES]


def _paths() -> list[tuple[str, ...]]:
    return [walk(BANK, answers.values()).path for answers in ANSWER_SETS]


def _report_blocks(bank: Bank) -> list[str]:
    """The Mermaid blocks of the markdown report of every example answer file."""
    scorer, blocks = Scorer(bank), []
    for answers in ANSWER_SETS:
        report = render_markdown(scorer.score(answers), datetime.date(2026, 1, 15))
        blocks += re.findall(r"^```mermaid\n(.*?)^```$", report, flags=re.M | re.S)
    return blocks


def test_the_built_in_map_and_report_blocks_parse_in_mermaid() -> None:
    """The whole map, the map with each example's path, and the path block of each example's
    report are all accepted by Mermaid's parser, and the map is small enough for Mermaid to draw."""
    maps = [mermaid(BANK), *(mermaid(BANK, path) for path in _paths())]
    blocks = _report_blocks(BANK)
    assert len(blocks) == len(ANSWER_FILES)
    texts = maps + blocks
    assert dict(zip(range(len(texts)), mermaid_parse(texts), strict=True)) == dict.fromkeys(range(len(texts)))
    assert max(len(m) for m in maps) < MERMAID_MAX_TEXT


def test_the_built_in_map_draws_in_graphviz() -> None:
    """The DOT map, whole and with each example's path, is drawn by `dot` without a complaint."""
    assert dot_errors("".join([dot(BANK), *(dot(BANK, path) for path in _paths())])) == ""


ids = st.one_of(
    st.sampled_from(KEYWORDS + NASTY),
    st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12),
)
texts = st.one_of(
    st.sampled_from(["", " ", *KEYWORDS, *NASTY]),
    st.lists(st.sampled_from(KEYWORDS + NASTY), max_size=6).map(" ".join),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=80),
)


@st.composite
def maps(draw: st.DrawFn) -> Map:
    """A map with hostile ids and texts: groups of questions, routes among them and to end."""
    names = draw(st.lists(ids, min_size=1, max_size=8, unique=True).filter(lambda n: "end" not in n))
    groups, rest = [], list(names)
    for n, group_id in enumerate(draw(st.lists(ids, min_size=1, max_size=3, unique=True))):
        size = len(rest) if n == 2 else draw(st.integers(0, len(rest)))
        groups.append(Group(group_id, draw(texts), tuple((q, draw(texts)) for q in rest[:size])))
        rest = rest[size:]
    routes = st.tuples(st.sampled_from(names), st.sampled_from([*names, "end"]), texts)
    edges = tuple(draw(st.lists(routes, max_size=12)))
    walked = tuple(draw(st.lists(st.sampled_from(names), max_size=4, unique=True)))
    return Map(tuple(groups), edges, walked)


EVERY_KEYWORD = Map(
    (Group("end", "end", tuple((k, k) for k in KEYWORDS)), Group("graph", "subgraph", (("a b", "x"),))),
    tuple((a, b, a) for a, b in zip(KEYWORDS, [*KEYWORDS[1:], "end"], strict=True)),
    tuple(KEYWORDS[:3]),
)


def _rendered(strategy: st.SearchStrategy[Any], write: Callable[[Any], list[str]], count: int) -> list[str]:
    """Run hypothesis only to write diagrams (`write` turns a drawn value into some); they are
    parsed afterwards in one batch, so one node process serves hundreds of examples."""
    written: list[str] = []

    @settings(max_examples=examples(count), database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def render(value: Any) -> None:
        written.extend(write(value))

    render()
    return written


def test_hostile_ids_and_text_still_make_mermaid_that_parses() -> None:
    """Whatever the ids and texts (keywords, quotes, brackets, pipes, <, #, ;, control characters,
    unicode, long labels), Mermaid's parser accepts the flowchart."""
    written = [mermaid_flowchart(EVERY_KEYWORD), *_rendered(maps(), lambda m: [mermaid_flowchart(m)], 200)]
    failed = [(text, error) for text, error in zip(written, mermaid_parse(written), strict=True) if error]
    assert failed == []


def test_hostile_ids_and_text_still_make_dot_that_draws() -> None:
    """The same hostile maps as Graphviz digraphs are all drawn by `dot`."""
    written = [dot_digraph("any id", EVERY_KEYWORD), *_rendered(maps(), lambda m: [dot_digraph("a id", m)], 100)]
    if dot_errors("".join(written)):  # find the culprit only when the batch fails
        assert [(text, dot_errors(text)) for text in written if dot_errors(text)] == []


def _retitled(titles: list[str]) -> Bank:
    """The built-in bank with these domain titles (Mermaid-hostile ones, in the tests)."""
    domains = tuple(d.model_copy(update={"title": t or "-"}) for d, t in zip(BANK.header.domains, titles, strict=True))
    return BANK.model_copy(update={"header": BANK.header.model_copy(update={"domains": domains})})


def test_report_path_blocks_parse_whatever_the_domain_titles() -> None:
    """The report's path block stays valid Mermaid whatever the bank's domain titles say."""
    count = len(BANK.header.domains)
    titles = st.lists(texts, min_size=count, max_size=count)
    blocks = _rendered(titles, lambda t: _report_blocks(_retitled(t)), 10)
    assert [(b, e) for b, e in zip(blocks, mermaid_parse(blocks), strict=True) if e] == []


def test_ids_that_are_not_snake_case_get_distinct_node_names() -> None:
    """Two ids never share a node name, however they are spelt."""
    graph = Map((Group("g", "G", (("a-b", "1"), ("a_b", "2"), ("a b", "3"), ("A_B", "4"))),), ())
    nodes = re.findall(r"^    (\S+)\[", mermaid_flowchart(graph), flags=re.M)
    assert nodes == ["qx_612d62", "q_a_b", "qx_612062", "qx_415f42"]


def test_the_map_of_the_built_in_bank_groups_every_question() -> None:
    """Each question is drawn once, in its domain's group, in the bank's domain order."""
    graph = bank_map(BANK)
    assert [g.id for g in graph.groups] == [d.id for d in BANK.header.domains]
    assert sorted(q for g in graph.groups for q, _ in g.nodes) == sorted(BANK.questions)
