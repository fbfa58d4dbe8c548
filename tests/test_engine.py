"""The walk and the conditions it follows: pure functions of (bank, answers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.conditions import ABSENT, UNDECIDED, describe, holds, truth
from readiness.engine import on_path, walk
from readiness.loading import load_bank
from readiness.model import UNKNOWN, Condition

MakeBank = Callable[..., Path]


def cond(data: dict[str, Any]) -> Condition:
    return Condition.model_validate(data)


@pytest.mark.parametrize(
    ("data", "answers", "expected"),
    [
        ({"q": "a", "is": "yes"}, {"a": "yes"}, True),
        ({"q": "a", "is": "yes"}, {"a": "no"}, False),
        ({"q": "a", "is": "yes"}, {}, False),
        ({"q": "a", "in": ["no", "unknown"]}, {"a": "unknown"}, True),
        ({"q": "a", "in": ["no"]}, {"a": ("yes", "no")}, True),
        ({"q": "a", "is": "no"}, {"a": ("yes",)}, False),
        ({"q": "n", "gte": 10}, {"n": 10}, True),
        ({"q": "n", "gte": 10}, {"n": "unknown"}, False),
        ({"q": "n", "lte": 10}, {"n": 10.5}, False),
        ({"q": "a", "answered": True}, {"a": "unknown"}, False),
        ({"q": "a", "answered": False}, {}, True),
        ({"q": "a", "answered": True}, {"a": "no"}, True),
        ({"all": [{"q": "a", "is": "yes"}, {"q": "b", "is": "yes"}]}, {"a": "yes", "b": "no"}, False),
        ({"any": [{"q": "a", "is": "yes"}, {"q": "b", "is": "yes"}]}, {"a": "no", "b": "yes"}, True),
        ({"not": {"q": "a", "is": "yes"}}, {"a": "no"}, True),
    ],
)
def test_holds(data: dict[str, Any], answers: dict[str, Any], expected: bool) -> None:
    """Each comparison and combinator, including off-path and "don't know" answers."""
    assert holds(cond(data), answers) is expected


WORDS = st.sampled_from(["yes", "no", "a", "b", UNKNOWN])
ATOMS = st.one_of(
    st.builds(lambda w: {"q": "x", "is": w}, WORDS),
    st.builds(lambda ws: {"q": "x", "in": ws}, st.lists(WORDS, min_size=1, max_size=3)),
    st.builds(lambda b: {"q": "x", "answered": b}, st.booleans()),
    st.builds(lambda n: {"q": "x", "gte": n}, st.integers(-3, 3)),
    st.builds(lambda n: {"q": "x", "lte": n}, st.integers(-3, 3)),
)
CONDITIONS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, inner),
    ),
    max_leaves=6,
)
VALUES = st.one_of(
    st.just(ABSENT),
    WORDS,
    st.lists(st.sampled_from(["yes", "no", "a", "b"]), max_size=3, unique=True).map(tuple),
    st.integers(-4, 4),
    st.floats(-4, 4),
)


@given(CONDITIONS, VALUES)
def test_compiled_conditions_agree_with_truth(data: dict[str, Any], value: Any) -> None:
    """The compiled test a condition carries gives the same answer as reading it in logic, for
    every kind of comparison, answer and absence."""
    answers = {} if value is ABSENT else {"x": value}
    assert cond(data).test(answers) is truth(cond(data), lambda qid: answers.get(qid, ABSENT))


def test_yes_as_boolean_is_read_as_the_word() -> None:
    """YAML's bare yes (a boolean) in a condition means the option value "yes"."""
    assert cond({"q": "a", "is": True}).is_ == "yes"
    assert cond({"q": "a", "in": [False]}).in_ == ("no",)


@pytest.mark.parametrize(
    "data",
    [{"q": "a"}, {"q": "a", "is": "x", "in": ["y"]}, {"is": "x"}, {"all": [], "any": []}, {"q": "a", "all": []}],
)
def test_malformed_conditions_are_refused(data: dict[str, Any]) -> None:
    """A condition is exactly one comparison or one combinator."""
    with pytest.raises(ValueError, match="condition"):
        cond(data)


def test_three_valued_truth() -> None:
    """Undecided answers make a condition undecided unless the rest settles it."""
    lookup = {"a": "yes", "b": UNDECIDED}.get
    assert truth(cond({"all": [{"q": "a", "is": "yes"}, {"q": "b", "is": "x"}]}), lookup) is None
    assert truth(cond({"all": [{"q": "a", "is": "no"}, {"q": "b", "is": "x"}]}), lookup) is False
    assert truth(cond({"any": [{"q": "a", "is": "yes"}, {"q": "b", "is": "x"}]}), lookup) is True
    assert truth(cond({"not": {"q": "b", "is": "x"}}), lookup) is None
    assert truth(cond({"q": "c", "is": "x"}), lambda _: ABSENT) is False


def test_describe() -> None:
    """Conditions read as short text for the map's edge labels."""
    assert describe(cond({"q": "a", "in": ["no", "unknown"]}), "a") == "no / unknown"
    text = describe(cond({"all": [{"q": "a", "is": "yes"}, {"not": {"q": "n", "gte": 3}}]}))
    assert text == "a is yes and not n ≥ 3"


def test_walk_follows_routes(make_bank: MakeBank) -> None:
    """A safe first answer skips the follow-up; a risky one takes it."""
    bank = load_bank(make_bank())
    assert walk(bank, {"q1": "yes", "q3": "full", "q4": 5}).path == ("q1", "q3", "q4")
    assert walk(bank, {"q1": "no", "q2": 1, "q3": "full", "q4": 5}).path == ("q1", "q2", "q3", "q4")


def test_missing_answers_count_as_unknown(make_bank: MakeBank) -> None:
    """With no answers at all the walk takes the "don't know" routes to the end."""
    bank = load_bank(make_bank())
    result = walk(bank, {})
    assert result.path == ("q1", "q2", "q3", "q4")
    assert result.finished


def test_stop_at_the_first_unanswered(make_bank: MakeBank) -> None:
    """The interview's next question is the first on the path without an answer."""
    bank = load_bank(make_bank())
    result = walk(bank, {"q1": "yes"}, stop_at_missing=True)
    assert result.path == ("q1",)
    assert result.pending == "q3"
    assert not result.finished


def test_off_path_answers_do_not_count(make_bank: MakeBank) -> None:
    """An answer to a question the path skips is not part of what is scored."""
    bank = load_bank(make_bank())
    assert on_path(bank, {"q1": "yes", "q2": 1}) == {"q1": "yes", "q3": "unknown", "q4": "unknown"}
