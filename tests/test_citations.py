"""How reports cite: a semicolon only ever separates two sources, a place another place of the
same source covers is left out, one source's sections and paragraphs merge, and paragraphs are
spelled one way."""

from __future__ import annotations

import re

import pytest

from readiness.loading import load_bank
from readiness.render.brief import Sources, place_words, places

BANK = load_bank()


@pytest.mark.parametrize(
    ("cited", "shown"),
    [
        (["s. 114", "s. 114(6)-(7)"], "s. 114"),
        (["ss. 38-41", "s. 41"], "ss. 38-41"),
        (["reg 5; Sch 1 Pt II para 4(1)"], "reg 5, Sch 1 Pt II para. 4(1)"),
        (["para. 3", "para. 9", "paras 5-6"], "paras. 3, 5-6, 9"),
        (["s. 112", "s. 151"], "ss. 112, 151"),
        (["para. 20"], "para. 20"),
        (["para. 12", "para. 4"], "paras. 4, 12"),
    ],
)
def test_places_in_one_source(cited: list[str], shown: str) -> None:
    assert places(cited) == shown


def test_every_citation_the_bank_makes_reads_one_way() -> None:
    """For every question, flag and action: as many `;`-separated parts as sources cited, no
    "para"/"paras" without its stop, and no place twice."""
    items = [q.cites for q in BANK.questions.values()] + [f.cites for f in BANK.flags] + [a.cites for a in BANK.actions]
    for cites in items:
        text = Sources(BANK).cite(cites)
        distinct = {c.split(".")[0] for c in cites if BANK.finding(c)}
        assert text.count("; ") == len(distinct) - 1, text
        assert not re.search(r"\bparas?\b(?!\.)", text), text
        for part in text.strip("[]").split("; "):
            spots = part.split(", ", 1)[1].split(", ")
            assert len(spots) == len(set(spots)), text


def test_the_sources_list_uses_the_same_spelling() -> None:
    assert place_words("paras 5-6") == "paras. 5-6"
    assert place_words("para. 3") == "para. 3"
    assert place_words("Sch 1 Pt II para 4(1)") == "Sch 1 Pt II para. 4(1)"
