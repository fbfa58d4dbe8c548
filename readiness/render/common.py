"""Words shared by the report renderers: ratings, verdicts, roles and answers as text."""

from __future__ import annotations

from readiness.model import Question

BAND_WORDS = {"green": "✔ Green", "amber": "▲ Amber", "red": "✖ Red"}
VERDICT_WORDS = {
    "ready": "✔ Ready",
    "ready_with_conditions": "▲ Ready with conditions",
    "not_enough_known": "◇ Not enough known",
    "not_ready": "✖ Not ready",
}


def rating_words(rating: str) -> str:
    """ "✔ Green", or "▲ Amber to ✖ Red" for a range the unknowns leave open."""
    low, _, high = rating.partition("-")
    return BAND_WORDS[low] if not high else f"{BAND_WORDS[low]} to {BAND_WORDS[high]}"


def plain_rating(rating: str) -> str:
    """ "green", "amber to red": for the middle of a sentence."""
    return rating.replace("-", " to ")


PRIORITY_WORDS = {1: "Urgent", 2: "Soon", 3: "Later"}
"""An action's priority in the bank. The summary's "What to do first" is a list of its own (the
five actions `priorities.first_actions` puts first, whatever their priority), so no priority
is called "do first"."""


def role_words(role: str) -> str:
    return role.replace("_", " ").capitalize()


def expected_number(question: Question) -> str:
    """What a number or scale question takes, in words: 'a number from 0 to 100 (%)'."""
    kind = "a whole number" if question.type == "scale" else "a number"
    unit = {"GBP": "£"}.get(question.unit or "", question.unit or "")
    return f"{kind}{question.range_words}" + (f" ({unit})" if unit else "")
