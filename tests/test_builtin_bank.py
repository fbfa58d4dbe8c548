"""The built-in bank: sound, fully cited, every route walkable, and written in our own words."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path
from typing import Any

import pytest

from readiness.bounds import sample_points
from readiness.checks import check_bank
from readiness.engine import routes_walked
from readiness.loading import builtin_bank_dir, load_bank
from readiness.model import NUMERIC_TYPES, UNKNOWN, Bank, Question

ROOT = Path(__file__).resolve().parents[1]
SOURCE_TEXTS = Path(os.environ.get("READINESS_SOURCE_TEXTS", "/nonexistent"))
"""The full texts of the four source documents, when a copy is at hand (they are not shipped)."""


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def test_builtin_bank_is_clean(bank: Bank) -> None:
    """No errors and no warnings: every finding is cited, every question reachable."""
    assert [str(d) for d in check_bank(bank)] == []


def test_bank_is_the_size_the_issue_asks_for(bank: Bank) -> None:
    """At least 50 questions, 12 conditional routes, 10 flags (4 critical), 15 actions, 40 findings."""
    routes = sum(1 for q in bank.questions.values() for r in q.next if r.when is not None)
    critical = [f for f in bank.flags if f.severity == "critical"]
    documents = ["localis-2012", "idea-2009", "pse-2017", "tizard-2011"]
    assert len(bank.questions) >= 50
    assert routes >= 12
    assert len(bank.flags) >= 10
    assert len(critical) >= 4
    assert len(bank.actions) >= 15
    assert sum(len(bank.sources[s].findings) for s in documents) >= 40
    assert all(len(bank.sources[s].findings) >= 5 for s in documents)


def test_every_help_text_says_why_in_one_or_two_sentences(bank: Bank) -> None:
    """The issue asks for help text of one or two sentences: a reason, not an essay."""
    sentences = {q.id: len(re.findall(r"[.!?](?:\s|$)", q.help.strip())) for q in bank.questions.values()}
    assert {qid: n for qid, n in sentences.items() if not 1 <= n <= 2} == {}


def random_answer(question: Question, rng: random.Random) -> Any:
    choices: list[Any]
    if question.type in NUMERIC_TYPES:
        choices = sample_points(question)
    elif question.type == "text":
        choices = ["A note."]
    else:
        choices = [o.value for o in question.options]
    if question.unknown:
        choices.append(UNKNOWN)
    if question.type == "multi":
        return tuple(rng.sample(choices[:-1] if question.unknown else choices, rng.randint(1, 2)))
    return rng.choice(choices)


def test_every_route_is_walked(bank: Bank) -> None:
    """Random interviews (seeded) take every route of the bank at least once: 100 % route coverage."""
    rng = random.Random(2011)
    every = {(q.id, i) for q in bank.questions.values() for i in range(len(q.next))}
    walked: set[tuple[str, int]] = set()
    for _ in range(3000):
        answers = {q.id: random_answer(q, rng) for q in bank.questions.values()}
        walked.update(routes_walked(bank, answers))
        if walked == every:
            break
    assert sorted(every - walked) == []


def test_bank_ships_with_the_package() -> None:
    """The bank is found beside the installed package (or in the checkout when developing)."""
    assert (builtin_bank_dir() / "seeds" / "tizard-2011.yaml").is_file()


CONTENT = {
    "000_782794699f24027d.txt": (2, 12),
    "001_d2b4e88f6056f912.txt": (1, 12),
    "003_e22ceb75b80db5a8.txt": (1, 26),
    "004_f5fa15fdfc11b124.txt": (1, 46),
}
TITLES = [
    "Shared Chief Executives and Joint Management Teams - A Model for the Future?",
    "Trust between political leaders key to shared chief exec success, says LGA report",
    "Shared Chief Executives - leading from the front",
    "Where's a will, there's a way to sharing",
    "Stronger Together: shared management in local government",
]


def _runs(text: str, n: int = 10) -> set[str]:
    words = re.findall(r"[a-z0-9£]+", text.lower().replace("\u2019", "'").replace("'", ""))
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(
    not SOURCE_TEXTS.is_dir(), reason="set READINESS_SOURCE_TEXTS to a folder of the source documents' full texts"
)
def test_no_sentence_is_copied_from_the_sources() -> None:
    """No run of 10 words from the source documents appears anywhere in the project."""
    copied: set[str] = set()
    for name, (first, last) in CONTENT.items():
        text = (SOURCE_TEXTS / name).read_text(encoding="utf-8")
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        for paragraph in paragraphs[first - 1 : last]:
            copied |= _runs(paragraph)
    copied -= set().union(*(_runs(t) for t in TITLES))
    found = []
    suffixes = (".py", ".yaml", ".yml", ".md", ".txt", ".json", ".toml", ".csv")
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if path.suffix in suffixes and not any(p.startswith(".") or p in ("build", "dist") for p in parts):
            found += [f"{path.relative_to(ROOT)}: {run}" for run in _runs(path.read_text(encoding="utf-8")) & copied]
    assert found == []
