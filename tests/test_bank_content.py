"""What the built-in bank says, held to the law and to its sources: who appoints, designates,
disciplines and dismisses; findings as their authors put them; citations that bear on the item;
the 0-4 scale; and the routes that must not skip a council's own questions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from readiness.answers import load_answers
from readiness.engine import on_path
from readiness.loading import load_bank
from readiness.model import Bank
from readiness.scoring import Scorer

BANK = load_bank()


def _texts(bank: Bank) -> Iterator[tuple[str, str]]:
    """Every sentence the bank shows a reader: help, labels, flags, actions and findings."""
    for q in bank.questions.values():
        yield f"question {q.id}", q.text
        yield f"help {q.id}", q.help
        for o in q.options:
            yield f"option {q.id}.{o.value}", o.label
    for f in bank.flags:
        yield f"flag {f.id}", f.says
    for a in bank.actions:
        yield f"action {a.id}", a.do
    for s in bank.sources.values():
        for finding in s.findings:
            yield f"finding {s.id}.{finding.id}", finding.claim


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[.;:]\s", text) if c.strip()]


EVERY = r"\b(each|every|both|all)\b(\s+\w+){0,3}\s+(full\s+)?councils?('s)?"


def test_no_text_says_every_council_must_approve_the_appointment() -> None:
    """Only the employing council's full council must approve the appointment (SI 2001/3384);
    the other council designates under s4 LGHA 1989, so a vote in each is advice, not law."""
    wrong = re.compile(EVERY + r"(\s+full council)?\s+(must|has to|have to|needs? to)\b[^.;]*\b(approve|vote)", re.I)
    found = [
        (where, c)
        for where, text in _texts(BANK)
        for c in _clauses(text)
        if wrong.search(c) and re.search(r"appoint|head of paid service", c)
    ]
    assert found == []


def test_no_text_says_every_council_dismisses() -> None:
    """Only an employer can dismiss; a council using the officer under s113 can only withdraw."""
    wrong = re.compile(EVERY + r"[^.;]*\b(can|may|must|will|would)\b[^.;]*\bdismiss", re.I)
    found = [(where, c) for where, text in _texts(BANK) for c in _clauses(text) if wrong.search(c)]
    old = re.compile(
        r"(ending in|needs) a vote (of|in) (each|every)|happens in (each|every) partner council"
        r"|each partner council is bound",
        re.I,
    )
    found += [(where, text) for where, text in _texts(BANK) if old.search(text)]
    assert found == []


def test_no_text_puts_discipline_to_a_full_council_vote() -> None:
    """SI 2015/881 puts dismissal, not discipline short of it, to the full council."""
    wrong = re.compile(
        r"(discipline|disciplinary)\s+(or|and)\s+dismissal[^.;]*(vote|approv)[^.;]*full council"
        r"|full council[^.;]*(vote|approv)[^.;]*\b(discipline|disciplinary)\b"
    )
    assert [(where, text) for where, text in _texts(BANK) if wrong.search(text)] == []


def test_the_statutory_findings_name_the_employer() -> None:
    """The regulations bind the employer; the other council designates or withdraws."""
    appoint = BANK.finding("si-2001-3384.hops_full_council")
    dismiss = BANK.finding("si-2015-881.statutory_dismissal")
    assert appoint is not None
    assert dismiss is not None
    assert "employs" in appoint[1].claim
    assert "designates" in appoint[1].claim
    assert "not disciplinary action" in dismiss[1].claim
    assert "only an employer can dismiss" in dismiss[1].claim
    assert "Only an employer can dismiss" in BANK.questions["withdrawal_route"].help
    assert "only the employing council's full council" in BANK.questions["joint_appointment"].help


def test_company_staff_in_statutory_posts_is_a_warning_that_says_what_to_do() -> None:
    """Company staff can hold the posts if each council appoints them: a warning, not a block."""
    flag = next(f for f in BANK.flags if f.id == "statutory_posts_from_company")
    assert flag.severity == "warning"
    assert all(word in flag.says for word in ("appoint", "designate", "monitoring officer"))
    assert "lga-1972.s112" in flag.cites


def test_arrangement_help_says_officer_of_that_council() -> None:
    """The law asks that each council's three statutory officers be officers of that council."""
    help_text = BANK.questions["arrangement"].help
    assert "officer of that council" in help_text
    assert "every council" not in help_text


@pytest.mark.parametrize(
    ("citation", "must", "must_not"),
    [
        ("idea-2009.defence_restructuring", "harder to justify", "easier"),
        ("idea-2009.eases_unitary", "easier", ""),
        ("idea-2009.trust_vision_barrier", "leaderships", "between the political and executive leaders"),
        ("idea-2009.top_down", "Hayes", ""),
        ("tizard-2011.not_technical", "not merely", ""),
        ("tizard-2011.transition_payback", "may", "casts doubt"),
        ("tizard-2011.scrutiny", "merit", ""),
        ("localis-2012.trust_culture", "vital", "only where"),
        ("localis-2012.savings_1m", "Fleming", ""),
        ("pse-2017.wider_area", "Dicks", ""),
        ("idea-2009.defence_restructuring", "a key part of the business case", "it works"),
        ("idea-2009.eases_unitary", "emerging evidence", ""),
        ("tizard-2011.sla", "may not", "will not"),
        ("tizard-2011.proper_officers", "should be possible", ""),
        ("tizard-2011.voluntary_merger", "in some cases", ""),
        ("tizard-2011.councillor_role_place", "protected and, ideally, strengthened", ""),
        ("tizard-2011.politics_challenge", "may be watching", "since"),
        ("localis-2012.not_panacea", "acknowledged", "stressed"),
        ("pse-2017.tca_incentives", "Hudson", ""),
        ("pse-2017.parameters_changed", "Hudson", ""),
        ("pse-2017.complexity", "Hudson", "control freak"),
        ("lga-1972.s112", "reasonable", ""),
        ("lga-1972.s112", "s112(2A)", ""),
    ],
)
def test_findings_keep_their_authors_hedges_and_attributions(citation: str, must: str, must_not: str) -> None:
    """Misread findings corrected: the point the author made, as firmly as they made it, and by whom."""
    found = BANK.finding(citation)
    assert found is not None
    claim = found[1].claim
    assert must in claim
    assert not must_not or must_not not in claim


def test_not_technical_sits_in_paragraph_44() -> None:
    """Tizard's 'not a mere technical or managerial issue' is paragraph 44."""
    found = BANK.finding("tizard-2011.not_technical")
    assert found is not None
    assert found[1].para == 44


@pytest.mark.parametrize(
    ("item", "dropped", "kept"),
    [
        ("travel_plan", "pse-2017.wider_area", "tizard-2011.sla"),
        ("culture_fit", "pse-2017.single_team", "localis-release-2012.member_officer_culture"),
        ("review_point", "tizard-2011.flow_map", "localis-2012.some_no_savings"),
        ("reorganisation_split", "idea-2009.defence_restructuring", "lgpiha-2007.structural_change"),
        ("reorg_defence", "tizard-2011.government_voluntary", "idea-2009.defence_restructuring"),
        ("transition_costs", "tizard-2011.serve_several_leaders", "tizard-2011.transition_payback"),
        ("pay_policy", "idea-2009.pay_interest", "localism-act-2011.pay_decisions"),
        ("planned_end", "tizard-2011.legal_agreement", "lgha-1989.hops"),
        ("same_county", "tizard-2011.serve_several_leaders", "mhclg-2025-reorganisation.invitations_2025"),
    ],
)
def test_citations_bear_on_what_cites_them(item: str, dropped: str, kept: str) -> None:
    """The decorative citations are gone, replaced by what supports the item."""
    owner = BANK.questions.get(item) or next(f for f in BANK.flags if f.id == item)
    assert dropped not in owner.cites
    assert kept in owner.cites
    assert "ict_systems" not in BANK.questions  # cut: its data sharing point lives in agreement_gaps


def test_no_text_says_more_than_its_paragraph() -> None:
    """The overstatements of bank 2.0 are gone from what the report shows."""
    shown = dict(_texts(BANK))
    assert "no such savings at all" not in shown["help savings_case"]
    assert "of that order" in shown["help savings_case"]
    assert "classic cause" not in shown["help savings_fair"]
    assert "first political disagreement" not in shown["help political_lead"]
    assert "control freak" not in " ".join(shown.values())
    assert "LGA's view" not in shown["help ceo_capacity"]
    assert "it can work" not in shown["help reorg_defence"]
    assert "kept_after_savings" not in {f.id for f in BANK.sources["localis-release-2012"].findings}


def test_the_law_of_appointment_and_dismissal() -> None:
    """Full council approves any dismissal of a statutory officer; the independent panel is for
    disciplinary dismissal only; a partner's members do not vote on the employer's committee."""
    dismissal = BANK.finding("si-2015-881.statutory_dismissal")
    meaning = BANK.finding("si-2001-3384.disciplinary_meaning")
    assert dismissal is not None
    assert meaning is not None
    assert "any dismissal" in dismissal[1].claim
    assert "Only where the dismissal is disciplinary" in dismissal[1].claim
    assert "redundancy" in meaning[1].claim
    actions = {a.id: a for a in BANK.actions}
    align = actions["align_standing_orders"].do
    assert "cannot vote" in align
    assert "joint committee" in align
    assert "JNC" in align
    appoint = actions["balance_appointments_committee"].do
    assert all(w in appoint for w in ("executive member", "object", "pay policy statement", "£100,000"))
    opposition = actions["build_cross_party_support"].do
    assert "observer" in opposition
    assert "non-executive joint committee" in opposition
    assert "give them a seat on the joint committee" not in opposition
    withdrawal = BANK.questions["withdrawal_route"].help
    assert "at any time" in withdrawal
    assert "2015" in withdrawal
    option = BANK.questions["appraisal_discipline"].option("joint")
    assert option is not None
    assert "non-voting" in option.label


def test_every_heavy_weight_says_why() -> None:
    """An option or band carrying 3 or 4 says, in a `why`, what evidence the weight rests on."""
    bare = [(q.id, o.value) for q in BANK.questions.values() for o in q.options if o.risk >= 3 and not o.why]
    bare += [(q.id, str(b.upto)) for q in BANK.questions.values() for b in q.bands if b.risk >= 3 and not b.why]
    assert bare == []


def test_the_top_weight_is_kept_for_named_causes_of_failure_and_the_law() -> None:
    """4 is for what the sources name as a cause of failure (broken trust, a key person with no
    successor, no agreement once goodwill ends) or a breach of the law; missing good practice weighs less."""
    fours = sorted(f"{q.id}.{o.value}" for q in BANK.questions.values() for o in q.options if o.risk == 4)
    assert fours == [
        "culture_plan.no",
        "decision_route.officers",
        "leaders_trust.strained",
        "legal_agreement.none",
        "mo_separate.no",
        "officer_confidence.low",
        "pay_policy.no",
        "political_lead.officers",
        "succession_plan.none",
        "survive_control_change.likely_end",
    ]
    payback = BANK.questions["payback_years"]
    assert payback.risk_of(4) == payback.risk_of(5) == 1
    assert BANK.questions["num_councils"].risk_of("four_or_more") == BANK.questions["num_councils"].risk_of("three")
    horizon = BANK.questions["election_horizon"]
    assert horizon.risk_of("thirds") == horizon.risk_of("safe")


def test_the_opposition_alone_raises_no_critical_flag() -> None:
    """No critical flag rests on what the other political groups think."""
    critical = [f for f in BANK.flags if f.severity == "critical"]
    assert all("cross_party_support" not in str(f.when) for f in critical)


@pytest.mark.parametrize(
    ("qid", "cites"),
    [
        ("same_county", "mhclg-2025-reorganisation.invitations_2025"),
        ("shared_team_if_split", "lgpiha-2007.structural_change"),
        ("displaced_ceo", "dclg-2013-pay-guidance.full_council_vote"),
        ("staff_transfer", "tupe-2006.transfer"),
        ("staff_transfer", "tulrca-1992.s188"),
        ("statutory_terms", "jnc-chief-executives.conditions"),
        ("statutory_terms", "lgfa-1988.s113_qualified"),
    ],
)
def test_what_a_council_faces_in_2026_is_asked(qid: str, cites: str) -> None:
    """Reorganisation now, the displaced chief executive, staff transfer, JNC terms and the
    finance officer's qualification each have a question citing the law or guidance."""
    assert cites in BANK.questions[qid].cites


def test_every_risk_is_on_the_0_to_4_scale() -> None:
    """No option or band carries more than 4 (the model refuses it; the bank needs none)."""
    risks = [o.risk for q in BANK.questions.values() for o in q.options]
    risks += [b.risk for q in BANK.questions.values() for b in q.bands]
    assert max(risks) == 4
    assert min(risks) == 0


def test_the_weights_named_in_the_issue() -> None:
    """One council appointing is the normal s113 model, not the worst answer; missing travel plans
    weigh less than distrust; paying outside the pay policy statement is flagged; no unsourced £500k."""
    appoint = {o.value: o.risk for o in BANK.questions["joint_appointment"].options}
    assert appoint["employer_alone"] < 4
    assert appoint["employer_consults"] < appoint["employer_alone"]
    travel = {o.value: o.risk for o in BANK.questions["travel_plan"].options}
    trust = {o.value: o.risk for o in BANK.questions["leaders_trust"].options}
    assert travel["none"] < trust["strained"]
    pay = {o.value: o.risk for o in BANK.questions["pay_policy"].options}
    assert pay["not_yet"] >= 3
    flag = next(f for f in BANK.flags if f.id == "pay_outside_policy")
    assert "localism-act-2011.pay_decisions" in flag.cites
    assert "section 41" in flag.says
    assert all(f.id != "ceo_share_large_saving" for f in BANK.flags)
    assert "500" not in " ".join(text for _, text in _texts(BANK) if "£" in text)


def test_joint_employment_still_asks_about_discipline_and_withdrawal() -> None:
    """Two employers can each act alone, so 'each council employs' must not skip those questions."""
    path = on_path(
        BANK,
        {"arrangement": "ceo_and_team", "main_aim": "strategic", "num_councils": "two", "employing_model": "joint"},
    )
    assert "appraisal_discipline" in path
    assert "withdrawal_route" in path


def test_no_shared_statutory_officer_still_asks_where_each_council_takes_advice() -> None:
    """The shared chief executive's own conflicts remain when no other statutory officer is shared."""
    path = on_path(
        BANK, {"arrangement": "shared_ceo", "main_aim": "strategic", "num_councils": "two", "shared_statutory": "none"}
    )
    assert "conflict_protocol" in path
    assert "s151_independence" not in path


NEW = [
    "due_diligence",
    "conflict_protocol",
    "cost_sharing",
    "savings_fair",
    "joining_existing",
    "council_kinds",
    "geography",
    "savings_estimate",
    "unions_engaged",
    "review_point",
    "planned_end",
    "joint_voice",
    "merger_intent",
    "merger_mandate",
]


@pytest.mark.parametrize("qid", NEW)
def test_the_questions_real_partnerships_needed_are_there_and_cited(qid: str) -> None:
    """Each question the issue asks for exists, cites a finding, and some answer to it carries risk."""
    question = BANK.questions[qid]
    assert question.cites
    assert all(BANK.finding(c) for c in question.cites)
    assert max(o.risk for o in question.options) > 0


def test_the_longest_interview_stays_near_ninety_prompts() -> None:
    """The longest walk a respondent can take, with the routes that test the arrangement read for
    each arrangement, plus the five opening prompts, stays near 90 (the third edition's 2026
    topics add four questions to the longest walk, a company's)."""
    from readiness import bounds
    from readiness.conditions import UNDECIDED

    order = bounds.topological_order(BANK)
    assert order is not None
    walks = []
    for arrangement in (o.value for o in BANK.questions["arrangement"].options):
        known = {"arrangement": arrangement}
        longest = {"end": 0}
        for qid in reversed(order):
            own = arrangement if qid == "arrangement" else UNDECIDED
            longest[qid] = 1 + max(longest[t] for t in bounds.targets_of(BANK.questions[qid], own, known))
        walks.append(longest[BANK.header.start])
    assert max(walks) + 5 <= 92


PROJECT = Path(__file__).resolve().parents[1]
CARRIED = sorted(
    [
        *PROJECT.glob("examples/*.yaml"),
        *PROJECT.glob("examples/partnership/*.yaml"),
        *PROJECT.glob("tests/cases/[er][0-9]-*.yaml"),
    ]
)


EDITION_2 = set(yaml.safe_load((PROJECT / "questions/versions/2.0.yaml").read_text(encoding="utf-8"))["questions"])


@pytest.mark.parametrize("path", CARRIED, ids=lambda p: p.name)
def test_each_file_as_it_was_in_2_0_scores_under_3_0_with_nothing_dropped(path: Path, tmp_path: Path) -> None:
    """The project's answer files, put back as they stood in bank 2.0 (version 2.0, retired answers
    in place, no answers to questions 2.0 did not ask), are carried to 3.0 by the migration with
    every answer kept, and score."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["bank_version"] = "2.0"
    data["answers"] = {q: a for q, a in data["answers"].items() if q in EDITION_2}
    for qid, retired in data.pop("retired", {}).items():
        data["answers"][qid] = retired["value"]
    old = tmp_path / path.name
    old.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_answers(old, BANK)
    assert loaded.carried is not None
    carried = loaded.answers
    assert carried.bank_version == "3.0"
    assert set(carried.answers) | set(carried.retired) == set(data["answers"])
    assert not set(carried.answers) & set(carried.retired)
    assert Scorer(BANK).score(carried).verdict in ("ready", "ready_with_conditions", "not_ready", "not_enough_known")


EDITION_2_FILES = sorted((PROJECT / "tests" / "history" / "2.0").glob("*.yaml"))


def test_the_2_0_history_holds_every_file_of_that_edition() -> None:
    """21 files of the examples and calibration cases, and the progress example's later file."""
    assert len(EDITION_2_FILES) == 22
    assert all(yaml.safe_load(p.read_text(encoding="utf-8"))["bank_version"] == "2.0" for p in EDITION_2_FILES)


@pytest.mark.parametrize("path", EDITION_2_FILES, ids=lambda p: p.stem)
def test_every_2_0_file_of_the_history_scores_under_3_0(path: Path) -> None:
    """Each file saved against 2.0 is carried to 3.0: every answer carried, mapped or kept as
    retired, none lost, and it scores."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    loaded = load_answers(path, BANK)
    assert loaded.carried is not None
    counted = loaded.carried.carried + loaded.carried.mapped + loaded.carried.dropped
    assert sorted(counted) == sorted(q for q, raw in data["answers"].items() if raw is not None)
    assert set(loaded.answers.answers) | set(loaded.answers.retired) == set(data["answers"])
    Scorer(BANK).score(loaded.answers)
