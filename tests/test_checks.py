"""Each static check of DESIGN §3, on a fixture bank broken in one place: whole message, line included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import at
from readiness.checks import check_bank
from readiness.loading import load_bank

T = "questions/10-trust.yaml"
S = "questions/20-service.yaml"

MakeBank = Callable[..., Path]


def found(root: Path) -> list[str]:
    return [str(d) for d in check_bank(load_bank(root))]


def test_the_mini_bank_is_clean(make_bank: MakeBank) -> None:
    """The fixture every other case breaks is itself sound."""
    assert found(make_bank()) == []


def test_unknown_goto(make_bank: MakeBank) -> None:
    """A route to a question that does not exist is named at its goto."""
    root = make_bank(edit={T: ("    - goto: q3", "    - goto: nowhere")})
    assert found(root) == [
        f"{at(root, T, 'nowhere')}: error: question 'q1' goes to 'nowhere', which is no question "
        "(check the id, or use 'end')"
    ]


def test_unknown_question_in_condition(make_bank: MakeBank) -> None:
    """A flag testing a question that does not exist is named at the comparison."""
    root = make_bank(edit={T: ('{q: q1, in: ["no"]}', '{q: q9, in: ["no"]}')})
    assert found(root) == [
        f"{at(root, T, '{q: q9')}: error: flag 'no_trust': condition names 'q9', which is no question (check the id)"
    ]


def test_option_value_the_question_does_not_have(make_bank: MakeBank) -> None:
    """A route testing a value that is not an option lists the options."""
    root = make_bank(edit={T: ('in: ["no", unknown]}', 'in: ["no", maybe]}')})
    assert found(root) == [
        f"{at(root, T, '{q: q1, in:')}: error: question 'q1': condition on 'q1' tests 'maybe', which is not one "
        "of its options (yes, no, unknown)"
    ]


def test_comparison_that_does_not_fit_the_type(make_bank: MakeBank) -> None:
    """`gte` on a choice question is refused, with the comparison to use instead."""
    root = make_bank(edit={S: ("    - goto: q4\n", "    - when: {q: q3, gte: 2}\n      goto: q4\n    - goto: q4\n")})
    assert found(root) == [
        f"{at(root, S, '{q: q3, gte')}: error: question 'q3': condition on 'q3' uses gte, but it is a choice "
        "question (use is or in with its options)"
    ]


def test_route_list_without_final_default(make_bank: MakeBank) -> None:
    """If every route has a condition, some answers lead nowhere."""
    root = make_bank(edit={S: ("    - goto: q4\n", "    - when: {q: q3, is: none}\n      goto: q4\n")})
    assert found(root) == [
        f"{at(root, S, 'when: {q: q3')}: error: question 'q3': the last route has a condition, so some answers "
        "lead nowhere (add a final route without 'when')"
    ]


def test_default_route_before_others(make_bank: MakeBank) -> None:
    """A route after the default is never taken."""
    root = make_bank(edit={S: ("    - goto: q4\n", "    - goto: q4\n    - when: {q: q3, is: none}\n      goto: end\n")})
    assert found(root) == [
        f"{at(root, S, 'when: {q: q3')}: error: question 'q3': route 2 comes after a route without a condition "
        "and is never taken (move the default route to the end)"
    ]


def test_duplicate_ids_across_files(make_bank: MakeBank) -> None:
    """The same question id in two files names both places."""
    root = make_bank(edit={S: ("- id: q4", "- id: q1")})
    first = at(root, T, "- id: q1").rsplit(":", 1)[0]
    assert _load_errors(root) == [
        f"{at(root, S, 'id: q1')}: error: question id 'q1' is used twice (first at {first}; rename one)"
    ]


def test_cycle_names_every_question(make_bank: MakeBank) -> None:
    """A cycle is reported once, naming each question in it, in route order."""
    cycle = "  next:\n    - when: {q: q4, gte: 100}\n      goto: q1\n    - goto: end\n"
    root = make_bank(edit={S: ("  next: end\n", cycle)})
    assert found(root) == [
        f"{at(root, T, 'id: q1')}: error: questions form a cycle: 'q1' -> 'q2' -> 'q3' -> 'q4' -> 'q1' "
        "(the map only goes forward; route one of them to a later question)"
    ]


def test_path_that_never_reaches_end(make_bank: MakeBank) -> None:
    """A cycle with no way out is one error, naming every question stuck in it."""
    root = make_bank(edit={S: ("  next: end\n", "  next: q3\n")})
    assert found(root) == [
        f"{at(root, S, 'id: q3')}: error: questions form a cycle with no way out: 'q3' -> 'q4' -> 'q3' "
        "(the map only goes forward; route one of them to a later question, or to end)",
    ]


def test_a_cycle_that_cuts_off_the_rest_of_the_map_is_one_error(tmp_path: Path) -> None:
    """In the built-in bank, a trust question routed back to the first one traps the walk: one
    error, not one more for each of the questions after it that the walk can no longer reach."""
    import shutil

    from readiness.loading import builtin_bank_dir

    for part in ("questions", "seeds"):
        shutil.copytree(builtin_bank_dir() / part, tmp_path / part)
    trust = tmp_path / "questions" / "02-trust.yaml"
    trust.write_text(trust.read_text().replace("  next: key_person\n", "  next: leaders_trust\n"))
    cycle = ["leaders_trust", "frank_conflict", "officer_confidence", "unilateral_history"]
    cycle += ["no_surprises", "leaders_trust"]
    assert found(tmp_path) == [
        f"{at(tmp_path, 'questions/02-trust.yaml', 'id: leaders_trust')}: error: questions form a cycle with no "
        f"way out: {' -> '.join(repr(q) for q in cycle)} (the map only goes forward; route one of them to a later "
        "question, or to end)"
    ]


def test_a_cycle_nothing_leads_into_is_one_error(make_bank: MakeBank) -> None:
    """A cycle the start never reaches is one error that says so; its questions are not named again
    as unreachable, while a question unreachable for another reason still is."""
    loop = (
        "- id: q5\n  text: Loop?\n  help: Nobody asks.\n  type: text\n  cites: [src.time]\n  next: q6\n"
        "- id: q6\n  text: Loop again?\n  help: Nobody asks.\n  type: text\n  cites: [src.time]\n  next:\n"
        "    - when: {q: q6, answered: true}\n      goto: q5\n    - goto: end\n"
        "- id: q7\n  text: Orphan?\n  help: Nobody asks.\n  type: text\n  cites: [src.time]\n  next: end\n"
    )
    root = make_bank(edit={S: ("- id: q4", loop + "- id: q4")})
    assert found(root) == [
        f"{at(root, S, 'id: q5')}: error: questions form a cycle that the start 'q1' never reaches: 'q5' -> 'q6' "
        "-> 'q5' (the map only goes forward; route one of them to a later question)",
        f"{at(root, S, 'id: q7')}: error: question 'q7' cannot be reached from the start 'q1' "
        "(route to it, or remove it)",
    ]


def test_unreachable_question(make_bank: MakeBank) -> None:
    """A question no route leads to is named."""
    extra = "- id: q5\n  text: Orphan?\n  help: Nobody asks.\n  type: text\n  cites: [src.time]\n  next: end\n"
    root = make_bank(edit={S: ("- id: q4", extra + "- id: q4")})
    assert found(root) == [
        f"{at(root, S, 'id: q5')}: error: question 'q5' cannot be reached from the start 'q1' "
        "(route to it, or remove it)"
    ]


def test_question_without_citation(make_bank: MakeBank) -> None:
    """Every question must rest on a finding."""
    root = make_bank(edit={S: ("  cites: [src.time]\n  next:\n", "  next:\n")})
    assert found(root) == [
        f"{at(root, S, 'id: q3')}: error: question 'q3' cites no finding (add cites: [source-id.finding-id])"
    ]


def test_citation_that_resolves_to_no_finding(make_bank: MakeBank) -> None:
    """A citation must name a finding that exists."""
    root = make_bank(edit={S: ("cites: [src.time]", "cites: [src.nothing]")})
    assert found(root) == [
        f"{at(root, S, 'src.nothing')}: error: question 'q3' cites 'src.nothing', which is no finding in seeds/ "
        "(check the id; `readiness sources` lists them)"
    ]


def test_uncited_finding_and_source_are_warnings(make_bank: MakeBank) -> None:
    """Unused findings and sources warn; they do not fail the bank."""
    spare = "  - {id: spare, para: 5, claim: Nobody cites this.}\n"
    other = "id: other\nkind: blog\ntitle: Another\ndate: '2009'\nfindings:\n  - {id: idea, para: 1, claim: An idea.}\n"
    root = make_bank(
        replace={"seeds/other.yaml": other}, edit={"seeds/src.yaml": ("  - {id: time", spare + "  - {id: time")}
    )
    diagnostics = check_bank(load_bank(root))
    assert [str(d) for d in diagnostics] == [
        f"{at(root, 'seeds/other.yaml', 'id: other')}: warning: source 'other' is never cited (cite it, or remove it)",
        f"{at(root, 'seeds/src.yaml', '{id: spare')}: warning: finding 'src.spare' is never cited "
        "(cite it, or remove it)",
    ]
    assert all(d.severity == "warning" for d in diagnostics)


def test_domain_with_no_questions(make_bank: MakeBank) -> None:
    """A declared domain nobody uses is an error."""
    people = "  - {id: people, title: People, purpose: Staff, weight: 1}\n"
    root = make_bank(edit={"questions/bank.yaml": ("  - {id: service", people + "  - {id: service")})
    assert found(root) == [
        f"{at(root, 'questions/bank.yaml', '{id: people')}: error: domain 'people' has no questions "
        "(add some, or remove the domain)"
    ]


def test_question_in_undeclared_domain(make_bank: MakeBank) -> None:
    """A file's domain must be declared in bank.yaml."""
    root = make_bank(edit={S: ("domain: service", "domain: servise")})
    lines = found(root)
    assert (
        f"{at(root, S, 'id: q3')}: error: question 'q3' is in domain 'servise', which bank.yaml does not declare "
        "(add it to domains, or fix the id)" in lines
    )


def test_branching_question_in_undeclared_domain(make_bank: MakeBank) -> None:
    """The monotone proof skips a domain it has no column for, rather than failing on it."""
    root = make_bank(edit={T: ("domain: trust", "domain: trusst")})
    lines = found(root)
    assert (
        f"{at(root, T, 'id: q1')}: error: question 'q1' is in domain 'trusst', which bank.yaml does not declare "
        "(add it to domains, or fix the id)" in lines
    )


def test_unknown_start(make_bank: MakeBank) -> None:
    """The start question must exist."""
    root = make_bank(edit={"questions/bank.yaml": ("start: q1", "start: q0")})
    assert found(root)[0] == (
        f"{at(root, 'questions/bank.yaml', 'q0')}: error: start question 'q0' does not exist "
        "(name one of the questions)"
    )


FOLLOW_UP = """\
    - when: {q: q3, is: partly}
      goto: q3b
    - goto: q4
- id: q3b
  text: Which councils does the partial agreement cover?
  help: A partial agreement can hide gaps.
  type: choice
  options:
    - {value: both, label: Both, risk: 0}
    - {value: one, label: One, risk: 4}
  cites: [src.time]
  next: q4
"""


def _skipping_answer_short_by_one(root: Path) -> None:
    """Make q3's 'none' (risk 3) skip a follow-up that 'partly' (risk 2) must answer, worth up to 2."""
    text = (root / S).read_text().replace("label: One, risk: 4", "label: One, risk: 2")
    (root / S).write_text(text.replace('label: "No", risk: 4', 'label: "No", risk: 3'))


def test_monotone_violation_names_the_fix(make_bank: MakeBank) -> None:
    """A riskier answer that skips follow-ups a safer one must answer is caught, with the risk it needs."""
    root = make_bank(edit={S: ("    - goto: q4\n", FOLLOW_UP)})
    _skipping_answer_short_by_one(root)
    assert found(root) == [
        f"{at(root, S, 'id: q3')}: error: question 'q3': the riskier answer 'none' can end with 1 less risk in "
        "domain 'service' than the safer 'partly' (give 'none' a risk of at least 4, or route it through the same "
        "follow-ups)"
    ]


def test_monotone_fixed_by_carrying_the_skipped_risk(make_bank: MakeBank) -> None:
    """The same map is sound once the skipping answer carries the follow-up's risk, within the scale."""
    root = make_bank(edit={S: ("    - goto: q4\n", FOLLOW_UP)})
    _skipping_answer_short_by_one(root)
    (root / S).write_text((root / S).read_text().replace('label: "No", risk: 3', 'label: "No", risk: 4'))
    assert found(root) == []


def test_monotone_violation_beyond_the_scale_says_to_route_or_lower(make_bank: MakeBank) -> None:
    """When the risk a skipping answer would need is above 4, the fix offered is to route it through the
    follow-ups or lower what it skips: the scale stops at 4."""
    root = make_bank(edit={S: ("    - goto: q4\n", FOLLOW_UP)})
    assert found(root) == [
        f"{at(root, S, 'id: q3')}: error: question 'q3': the riskier answer 'none' can end with 2 less risk in "
        "domain 'service' than the safer 'partly' (route 'none' through the same follow-ups, or lower the risks it "
        "skips: it would need a risk of 6, above the 0-4 scale)"
    ]


def test_a_risk_above_the_scale_is_refused(make_bank: MakeBank) -> None:
    """Risks run from 0 to 4, for options and number bands alike; 5 is refused where it is written."""
    root = make_bank(edit={S: ('label: "No", risk: 4', 'label: "No", risk: 5')})
    assert _load_errors(root) == [
        f"{at(root, S, '5}')}: error: question 'q3', option 'none', risk: input should be less than or equal to 4 "
        "(lower the number)"
    ]
    root = make_bank(edit={S: ("{risk: 3}]", "{risk: 7}]")})
    assert len(_load_errors(root)) == 1


LATER_ROUTE = """\
    - when: {q: q1, is: "no"}
      goto: end
    - goto: q4
"""


def test_a_later_route_on_an_earlier_answer_is_proved_too(make_bank: MakeBank) -> None:
    """Where the branches of q1 meet again, q3 routes on q1: distrust would skip the service
    follow-up that trust must answer. Each question's own choice is fine; the sum is not."""
    root = make_bank(edit={S: ("    - goto: q4\n", LATER_ROUTE)})
    assert found(root) == [
        f"{at(root, S, 'id: q3')}: error: question 'q3': its routes test 'q1', and the riskier answer 'no' there "
        "can end with 3 less risk in domain 'service' than the safer 'yes' (send the riskier answer the way that "
        "asks more, or route on 'q3' alone)"
    ]


def test_a_later_route_that_asks_more_of_the_riskier_answer_is_sound(make_bank: MakeBank) -> None:
    """The same test the other way round (distrust adds the follow-up) is what a bank should do."""
    root = make_bank(edit={S: ("    - goto: q4\n", LATER_ROUTE.replace('is: "no"', 'is: "yes"'))})
    assert found(root) == []


def test_a_route_on_a_question_some_paths_skip_is_refused(make_bank: MakeBank) -> None:
    """q2 is asked only after distrust; routing q3 on it lets distrust skip q4 unseen, since an
    answer that is absent cannot be compared with one that is given."""
    later_route = "    - when: {q: q2, answered: true}\n      goto: end\n    - goto: q4\n"
    root = make_bank(edit={S: ("    - goto: q4\n", later_route)})
    assert found(root) == [
        f"{at(root, S, 'id: q3')}: error: question 'q3': its routes test 'q2', which some paths to 'q3' never ask, "
        "so an earlier answer could change this route unseen by the monotone proof (test a question that every "
        "path to 'q3' asks)"
    ]


YEARS_THEN_MEETINGS = """\
domain: trust
questions:
- id: q1
  text: How many years have the leaders worked together?
  help: Trust takes time.
  type: number
  min: 0
  bands: [{upto: 2, risk: 4}, {risk: 0}]
  cites: [src.trust]
  next: q2
- id: q2
  text: Do the leaders meet every month?
  help: Regular meetings keep trust.
  type: yes_no
  options:
    - {value: "yes", label: "Yes", risk: 0}
    - {value: "no", label: "No", risk: 2}
  cites: [src.trust]
  next:
    - when: {q: q1, gte: 5}
      goto: q3
    - goto: end
"""


def test_a_number_is_tried_at_the_thresholds_later_routes_test(make_bank: MakeBank) -> None:
    """q2 asks the service questions only after five years together: new partners (the riskier
    answer) skip them. The threshold 5 is tried although q1's own bands never mention it."""
    root = make_bank(replace={T: YEARS_THEN_MEETINGS})
    assert found(root) == [
        f"{at(root, T, 'id: q2')}: error: question 'q2': its routes test 'q1', and the riskier answer '0' there can "
        "end with 7 less risk in domain 'service' than the safer '5' (send the riskier answer the way that asks "
        "more, or route on 'q2' alone)"
    ]


def test_a_route_on_two_answers_together_is_proved_for_each_combination(make_bank: MakeBank) -> None:
    """q2's own answer decides the route only together with q1's: each combination is compared."""
    joint = (
        "    - when: {any: [{all: [{q: q1, gte: 3}, {q: q2, is: 'yes'}]}, {all: [{q: q1, lte: 3}, {q: q2, is: 'no'}]}]}"
    )
    root = make_bank(replace={T: YEARS_THEN_MEETINGS.replace("    - when: {q: q1, gte: 5}", joint)})
    where = at(root, T, "id: q2")
    assert found(root) == [
        f"{where}: error: question 'q2': its routes test 'q1', and the riskier answer '0' there can end with 7 "
        "less risk in domain 'service' than the safer '3' (send the riskier answer the way that asks more, or route "
        "on 'q2' alone)",
        f"{where}: error: question 'q2': the riskier answer 'no' can end with 7 less risk in domain 'service' than "
        "the safer 'yes' (route both answers through the same questions, or keep the follow-ups in domain 'trust')",
    ]


TICK_ANY = """\
domain: trust
questions:
- id: q1
  text: Which of these worry the leaders? (Choose all that apply.)
  help: Each worry needs an answer before the decision.
  type: multi
  options:
    - {value: a, label: "Nothing much", risk: 0}
    - {value: b, label: "Losing control", risk: 4}
    - {value: c, label: "The cost", risk: 2}
  cites: [src.trust]
  next:
    - when: {q: q1, is: a}
      goto: end
    - goto: q3
"""


def test_a_multi_question_is_tried_with_options_together(make_bank: MakeBank) -> None:
    """Ticking 'a' skips the service questions; ticked with the riskiest 'b', it still does."""
    root = make_bank(replace={T: TICK_ANY})
    assert found(root) == [
        f"{at(root, T, 'id: q1')}: error: question 'q1': the riskier answer 'a + b' can end with 7 less risk in "
        "domain 'service' than the safer 'c' (route both answers through the same questions, or keep the "
        "follow-ups in domain 'trust')"
    ]


PLAN_THEN_DETAIL = """\
domain: trust
questions:
- id: q1
  text: Is there a written plan for the partnership?
  help: A plan shows the leaders have agreed what they want.
  type: yes_no
  unknown: false
  options:
    - {value: "yes", label: "Yes", risk: 0}
    - {value: "no", label: "No", risk: 4}
  cites: [src.trust]
  next: q2
- id: q2
  text: Have the leaders met this month?
  help: Regular meetings keep trust.
  type: yes_no
  unknown: false
  options:
    - {value: "yes", label: "Yes", risk: 0}
    - {value: "no", label: "No", risk: 0}
  cites: [src.trust]
  next:
    - when: {q: q1, is: "no"}
      goto: q3
    - goto: q2b
- id: q2b
  text: Does the plan say who does what?
  help: A plan without owners is a wish list.
  type: yes_no
  unknown: false
  options:
    - {value: "yes", label: "Yes", risk: 0}
    - {value: "no", label: "No", risk: LIMIT}
  cites: [src.trust]
  next: q3
"""


def test_an_answer_may_pay_with_its_own_risk_for_the_details_it_skips(make_bank: MakeBank) -> None:
    """No plan (risk 4) skips the plan's details (at most 3) further on: a sound bank. Details
    worth more than the risk "no plan" carries (here 4 against 2) would let it score better, and are refused."""
    assert found(make_bank(replace={T: PLAN_THEN_DETAIL.replace("LIMIT", "3")})) == []
    root = make_bank(replace={T: PLAN_THEN_DETAIL.replace("LIMIT", "4").replace('"No", risk: 4}', '"No", risk: 2}', 1)})
    assert found(root) == [
        f"{at(root, T, 'id: q2')}: error: question 'q2': its routes test 'q1', and the riskier answer 'no' there can "
        "end with 2 less risk in domain 'trust' than the safer 'yes' (send the riskier answer the way that asks "
        "more, or route on 'q2' alone)"
    ]


NARROW_BAND = """\
domain: trust
questions:
- id: q1
  text: What is the shared budget, in pounds?
  help: Big budgets.
  type: number
  unit: GBP
  min: 0
  bands: [{upto: 10000000, risk: 0}, {upto: 10000005, risk: 1}, {risk: 2}]
  cites: [src.trust]
  next:
    - when: {q: q1, lte: 10000000}
      goto: q3
    - when: {q: q1, gte: 10000005}
      goto: q3
    - goto: q2
- id: q2
  text: Is the middle budget agreed?
  help: Follow-up.
  type: yes_no
  unknown: false
  options:
    - {value: "yes", label: "Yes", risk: 0}
    - {value: "no", label: "No", risk: 4}
  cites: [src.trust]
  next: q3
"""

MANY_OPTIONS = """\
domain: trust
questions:
- id: q1
  text: Which of these concerns apply?
  help: Tick all.
  type: multi
  unknown: false
  options:
    - {value: a, label: "A", risk: 1}
    - {value: b, label: "B", risk: 1}
    - {value: c, label: "C", risk: 1}
    - {value: d, label: "D", risk: 1}
    - {value: e, label: "E", risk: 1}
    - {value: f, label: "F", risk: 1}
    - {value: g, label: "G", risk: 1}
    - {value: h, label: "H", risk: 1}
    - {value: i, label: "I", risk: 1}
    - {value: j, label: "J", risk: 1}
    - {value: k, label: "K", risk: 4}
  cites: [src.trust]
  next:
    - when: {all: [{q: q1, is: a}, {q: q1, is: b}, {q: q1, is: c}]}
      goto: q2
    - goto: q3
- id: q2
  text: Is there a joint plan for a, b and c together?
  help: Follow-up.
  type: yes_no
  unknown: false
  options:
    - {value: "yes", label: "Yes", risk: 0}
    - {value: "no", label: "No", risk: 4}
  cites: [src.trust]
  next: q3
"""


def test_every_stretch_between_thresholds_is_tried_however_narrow(make_bank: MakeBank) -> None:
    """Only budgets strictly between the two thresholds reach q2; a value inside is tried."""
    root = make_bank(replace={T: NARROW_BAND})
    assert found(root) == [
        f"{at(root, T, 'id: q1')}: error: question 'q1': the riskier answer '10000006' can end with 3 less risk in "
        "domain 'trust' than the safer '10000002.5' (route '10000006' through the same follow-ups, or lower the "
        "risks it skips: it would need a risk of 5, above the 0-4 scale)"
    ]


def test_options_a_route_names_are_tried_together_however_many_there_are(make_bank: MakeBank) -> None:
    """Eleven options, and a route that needs three of them ticked together."""
    root = make_bank(replace={T: MANY_OPTIONS})
    assert found(root) == [
        f"{at(root, T, 'id: q1')}: error: question 'q1': the riskier answer 'k' can end with 1 less risk in domain "
        "'trust' than the safer 'a + b + c + j' (route 'k' through the same follow-ups, or lower the risks it "
        "skips: it would need a risk of 5, above the 0-4 scale)"
    ]


def test_flag_that_a_worse_answer_would_clear(make_bank: MakeBank) -> None:
    """A flag on a middling answer must also fire on the worse ones (a warning)."""
    root = make_bank(edit={T: ('{q: q1, in: ["no"]}', "{q: q3, in: [partly]}")})
    assert found(root) == [
        f"{at(root, T, '{q: q3')}: warning: flag 'no_trust' fires on 'partly' of 'q3' but not on the riskier "
        "'none' (add them, so a worse answer never clears the flag)"
    ]


def _load_errors(root: Path) -> list[str]:
    from readiness.errors import BankError

    try:
        load_bank(root)
    except BankError as exc:
        return [str(d) for d in exc.diagnostics]
    return []


RULES = """\
consistency:
  - id: over
    kind: sum_over
    question: q3
    limit: 100
    says: Too much.
    cites: [src.time]
  - id: both
    kind: claimed_by_several
    question: q4
    value: ours
    says: Both claim it.
    cites: [src.time]
  - id: apart
    kind: opposed
    question: q1
    one: ["yes"]
    other: [maybe]
    says: They differ.
    cites: [src.nothing]
divergence:
  questions: [q1, q9]
  says: Far apart.
  cites: [src.trust]
"""


def test_partnership_rules_are_checked(make_bank: MakeBank) -> None:
    """Cross-council rules must fit their questions; the divergence rule must name real domains."""
    root = make_bank(edit={"questions/bank.yaml": ("domains:", RULES + "domains:")})
    b = "questions/bank.yaml"
    assert found(root) == [
        f"{at(root, b, 'q3')}: error: consistency check 'over' (sum_over) needs a number or scale question, "
        "not a choice question",
        f"{at(root, b, 'q4')}: error: consistency check 'both' (claimed_by_several) needs a question with options, "
        "not a number question",
        f"{at(root, b, 'id: apart')}: error: consistency check 'apart' tests 'maybe', which is not an option of 'q1' "
        "(yes, no, unknown)",
        f"{at(root, b, 'src.nothing')}: error: bank 'mini' cites 'src.nothing', which is no finding in seeds/ "
        "(check the id; `readiness sources` lists them)",
        f"{at(root, b, 'q9')}: error: divergence names 'q9', which is no question (check the id)",
    ]


NA_OPTION = '    - {value: none, label: "No", risk: 4}\n'
NA_ADDED = NA_OPTION + (
    '    - {value: na, label: "Not needed: the leaders trust each other", risk: 0, assumes: {q: q1, is: "yes"}}\n'
)


def test_an_option_that_contradicts_an_earlier_answer(make_bank: MakeBank) -> None:
    """An option that assumes an answer some path to it has contradicted is named at its
    `assumes`, with the answers that still lead there."""
    root = make_bank(edit={S: (NA_OPTION, NA_ADDED)})
    assert found(root) == [
        f"{at(root, S, '{q: q1, is')}: error: question 'q3': option 'na' assumes q1 is yes, but the answers "
        "q1 = no still lead to it (route those answers past it, or drop or reword what it assumes)"
    ]


def test_an_assumption_the_routes_keep_is_sound(make_bank: MakeBank) -> None:
    """A follow-up asked only after one answer may assume that answer: no path contradicts it."""
    root = make_bank(edit={T: ("  type: scale\n", '  assumes: {q: q1, is: "no"}\n  type: scale\n')})
    assert found(root) == []


def test_an_assumption_about_a_question_not_always_asked(make_bank: MakeBank) -> None:
    """What a question assumes must have been asked on every path to it."""
    root = make_bank(edit={S: ("  type: number\n", "  assumes: {q: q2, gte: 2}\n  type: number\n")})
    assert found(root) == [
        f"{at(root, S, '{q: q2, gte')}: error: question 'q4' assumes an answer to 'q2', which is not asked before "
        "it on every path (assume only what every path to it has asked)"
    ]


def test_the_check_finds_the_staff_selection_option_of_bank_2(tmp_path: Path) -> None:
    """Bank 2.0 asked about selecting a shared team after "only the chief executive": with the
    route round it removed, the built-in bank's assumption is reported."""
    import shutil

    from readiness.loading import builtin_bank_dir

    root = tmp_path / "bank"
    shutil.copytree(builtin_bank_dir(), root)
    people = root / "questions" / "08-people.yaml"
    text = people.read_text(encoding="utf-8")
    old = (
        "  next:\n    - when: {q: arrangement, is: shared_ceo}\n      goto: terms_differ\n"
        "    - goto: senior_selection\n"
    )
    assert old in text
    people.write_text(text.replace(old, "  next: senior_selection\n"), encoding="utf-8")
    assert found(root) == [
        f"{at(root, 'questions/08-people.yaml', '{not: {q: arrangement')}: error: question 'senior_selection' "
        "assumes not arrangement is shared_ceo, but the answers arrangement = shared_ceo still lead to it "
        "(route those answers past it, or drop or reword what it assumes)"
    ]
