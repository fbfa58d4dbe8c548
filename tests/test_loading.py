"""Loading banks: YAML safety, pydantic errors mapped to lines, every error of a file at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import at
from readiness.errors import BankError
from readiness.loading import builtin_bank_dir, load_bank

T = "questions/10-trust.yaml"
MakeBank = Callable[..., Path]


def errors(root: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank(root)
    return [str(d) for d in caught.value.diagnostics]


def test_loads_the_mini_bank(make_bank: MakeBank) -> None:
    """Questions keep file order; file defaults fill in each question's domain."""
    bank = load_bank(make_bank())
    assert list(bank.questions) == ["q1", "q2", "q3", "q4"]
    assert bank.questions["q3"].domain == "service"
    assert bank.flags[0].domain == "trust"
    assert bank.sources["src"].date == "2011-01-27"
    assert len(bank.digest) == 16


def test_digest_follows_the_content(make_bank: MakeBank) -> None:
    """Changing any file of the bank changes its digest."""
    first = load_bank(make_bank()).digest
    second = load_bank(make_bank(edit={T: ("Trust matters.", "Trust matters a lot.")})).digest
    assert first != second


def test_where_points_into_the_file(make_bank: MakeBank) -> None:
    """Items remember their file, line and column, down to a route's goto."""
    root = make_bank()
    bank = load_bank(root)
    path, line, col = bank.where("question", "q1", "next", 1, "goto")
    assert f"{path}:{line}:{col}" == at(root, T, "q3\n")


def test_yaml_syntax_error(make_bank: MakeBank) -> None:
    """A syntax error is one line with the position the parser stopped at."""
    root = make_bank(edit={T: ("  help: Trust matters.", "  help: [Trust matters.")})
    [message] = errors(root)
    assert message.startswith(f"{root / T}:")
    assert ": error: YAML syntax: " in message
    assert message.endswith("(fix the syntax at this point)")


def test_duplicate_key(make_bank: MakeBank) -> None:
    """PyYAML keeps the last of two equal keys; we refuse them, naming both lines."""
    root = make_bank(edit={T: ("  help: Trust matters.", "  help: Trust matters.\n  help: Again.")})
    assert errors(root) == [
        f"{at(root, T, 'help', 2)}: error: duplicate key 'help' (first at line 5; keep one of them)"
    ]


def test_python_tag_is_refused(make_bank: MakeBank) -> None:
    """No Python object can be built from a bank file."""
    root = make_bank(edit={T: ("  help: Trust matters.", "  help: !!python/object/apply:os.system [echo hi]")})
    assert errors(root) == [
        f"{at(root, T, '!!python')}: error: tag '!!python/object/apply:os.system' is not allowed "
        "(remove it; only plain YAML values are accepted)"
    ]


def test_missing_and_unknown_keys_reported_together(make_bank: MakeBank) -> None:
    """Every shape error of a file is reported at once, each at its own line."""
    root = make_bank(edit={T: ("  help: Trust matters.\n", "  colour: red\n")})
    assert errors(root) == [
        f"{at(root, T, 'id: q1')}: error: question 'q1': 'help' is missing (add it)",
        f"{at(root, T, 'red')}: error: question 'q1': unknown key 'colour' (remove it, or check its spelling)",
    ]


def test_wrong_type_names_the_option(make_bank: MakeBank) -> None:
    """A bad field inside a list item names the item by its value."""
    root = make_bank(edit={T: ('label: "No", risk: 4', 'label: "No", risk: high')})
    assert errors(root) == [
        f"{at(root, T, 'high')}: error: question 'q1', option 'no', risk: input should be a valid integer, "
        "unable to parse string as an integer (write a whole number)"
    ]


def test_bare_yes_as_label_suggests_quoting(make_bank: MakeBank) -> None:
    """YAML reads a bare Yes as true; the message says to quote it."""
    root = make_bank(edit={T: ('label: "Yes"', "label: Yes")})
    assert errors(root) == [
        f"{at(root, T, 'Yes,')}: error: question 'q1', option 'yes', label: input should be a valid string "
        "(quote it: YAML reads a bare yes, no, on or off as true or false)"
    ]


def test_type_rules_are_checked(make_bank: MakeBank) -> None:
    """A scale without bounds is refused at the question."""
    root = make_bank(edit={T: ("  min: 1\n  max: 5\n", "")})
    assert errors(root) == [
        f"{at(root, T, 'id: q2')}: error: question 'q2': a scale question needs min and max "
        "(add both, e.g. min: 1 and max: 5)"
    ]


def test_errors_in_several_files(make_bank: MakeBank) -> None:
    """Problems in different files are all reported, in file order."""
    root = make_bank(
        edit={T: ("type: yes_no", "type: maybe"), "seeds/src.yaml": ("kind: article", "kind: podcast")},
    )
    assert errors(root) == [
        f"{at(root, T, 'maybe')}: error: question 'q1', type: input should be 'yes_no', 'choice', 'multi', "
        "'scale', 'number' or 'text' (use one of those)",
        f"{at(root, 'seeds/src.yaml', 'podcast')}: error: kind: input should be 'article', 'news', 'blog', "
        "'interview', 'report', 'statute' or 'guidance' (use one of those)",
    ]


def test_not_a_bank_directory(tmp_path: Path) -> None:
    """A directory without questions/bank.yaml says what it expected."""
    assert errors(tmp_path) == [
        f"{tmp_path}: error: no questions/bank.yaml here (point --bank at a directory holding questions/ and seeds/)"
    ]


def test_no_such_bank_directory(tmp_path: Path) -> None:
    """A directory that does not exist is named as such."""
    assert errors(tmp_path / "nosuch") == [
        f"{tmp_path / 'nosuch'}: error: no such directory (point --bank at a directory holding questions/ and seeds/)"
    ]


def test_bank_file_that_is_a_list(make_bank: MakeBank) -> None:
    """A file whose top level is not a mapping is refused at line 1."""
    root = make_bank(replace={T: "- just\n- a list\n"})
    assert errors(root) == [
        f"{root / T}:1:1: error: expected a mapping of keys to values "
        "(start the file with a key, as `id:` or `domain:`)"
    ]


def test_alias_bomb_in_a_bank_is_bounded(make_bank: MakeBank) -> None:
    """Nested aliases that would expand to billions of values stop at a budget, with a message."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 9)]
    root = make_bank(replace={T: "\n".join(lines) + "\n"})
    [message] = errors(root)
    assert message.endswith("error: file expands to too many values (remove aliases or split the file)")


def test_builtin_bank_is_found() -> None:
    """The built-in bank directory holds questions/bank.yaml, in a checkout or an installed wheel."""
    assert (builtin_bank_dir() / "questions" / "bank.yaml").is_file()


SHAPE_MISTAKES = {
    "unknown type": {T: ("type: yes_no", "type: maybe")},
    "risk as a word": {T: ('label: "No", risk: 4', 'label: "No", risk: high')},
    "scale without bounds": {T: ("  min: 1\n  max: 5\n", "")},
    "min above max": {T: ("  min: 1\n  max: 5\n", "  min: 5\n  max: 1\n")},
    "options twice": {T: ('{value: "no", label: "No"', '{value: "yes", label: "No"')},
    "unknown key": {T: ("  help: Trust matters.", "  hint: Trust matters.")},
    "missing key": {T: ("  help: Trust matters.\n", "")},
    "bands out of order": {T: ("bands: [{upto: 2, risk: 4}, {risk: 1}]", "bands: [{risk: 4}, {upto: 2, risk: 1}]")},
    "condition with two tests": {T: ('when: {q: q1, in: ["no", unknown]}', 'when: {q: q1, is: "no", gte: 1}')},
    "priority as text": {T: ("priority: 1", "priority: soon")},
    "options as a mapping": {T: ('  options:\n    - {value: "yes"', '  options: {a: 1}\n  x:\n    - {value: "yes"')},
}


@pytest.mark.parametrize("edit", SHAPE_MISTAKES.values(), ids=SHAPE_MISTAKES.keys())
def test_every_shape_error_says_how_to_fix_it(make_bank: MakeBank, edit: dict[str, tuple[str, str]]) -> None:
    """The message ends with the remedy in brackets, whichever rule the bank broke."""
    found = errors(make_bank(edit=edit))
    assert found
    assert [e for e in found if not e.endswith(")")] == []
