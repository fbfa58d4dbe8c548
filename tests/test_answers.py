"""Answer files: read as YAML or JSON, each answer checked against its question."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import at
from readiness.answers import load_answers
from readiness.errors import AnswerError
from readiness.loading import load_bank
from readiness.model import Bank

MakeBank = Callable[..., Path]

GOOD = """\
bank: mini
bank_version: "1.0"
partnership: {name: Northvale and Southmere, councils: [Northvale DC, Southmere BC]}
respondent: {name: A. Officer, council: Northvale DC, role: chief_executive}
answers:
  q1: no
  q2: 2
  q3: {value: partly, note: Finance only}
  q4: "12"
"""


@pytest.fixture
def bank(make_bank: MakeBank) -> Bank:
    return load_bank(make_bank())


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, bank: Bank) -> list[str]:
    with pytest.raises(AnswerError) as caught:
        load_answers(path, bank)
    return [str(d) for d in caught.value.diagnostics]


def test_reads_a_good_file(tmp_path: Path, bank: Bank) -> None:
    """Bare no becomes "no", numbers become numbers, notes are kept."""
    loaded = load_answers(write(tmp_path, GOOD), bank)
    answers = loaded.answers
    assert {k: a.value for k, a in answers.answers.items()} == {"q1": "no", "q2": 2, "q3": "partly", "q4": 12}
    assert answers.answers["q3"].note == "Finance only"
    assert answers.respondent is not None
    assert answers.respondent.role == "chief_executive"
    assert loaded.warnings == []


def test_json_is_read_the_same(tmp_path: Path, bank: Bank) -> None:
    """The JSON form of the same answers gives the same answer set."""
    import yaml

    data = yaml.safe_load(GOOD)
    data["answers"]["q1"] = "no"
    from_json = load_answers(write(tmp_path, json.dumps(data), "a.json"), bank).answers
    from_yaml = load_answers(write(tmp_path, GOOD), bank).answers
    assert from_json.model_dump(exclude={"source"}) == from_yaml.model_dump(exclude={"source"})


def test_a_council_named_twice_is_refused(tmp_path: Path, bank: Bank) -> None:
    """Two spellings of one council would make compare treat one council as a partnership."""
    path = write(tmp_path, GOOD.replace("Southmere BC]", "northvale dc]"))
    assert problems(path, bank) == [
        f"{at(path, '', '{name')}: error: partnership: council 'northvale dc' is named twice (name each council once)"
    ]


def test_every_bad_answer_is_reported(tmp_path: Path, bank: Bank) -> None:
    """Unknown question, unknown option, wrong type, out of range: all at once, each at its line."""
    text = GOOD.replace("q1: no", "q1: perhaps").replace("q2: 2", "q2: 9").replace('q4: "12"', "q4: far")
    path = write(tmp_path, text + "  q99: yes\n")
    assert problems(path, bank) == [
        f"{at(path, '', 'perhaps')}: error: answer to 'q1': 'perhaps' is not one of its options (yes, no, unknown)",
        f"{at(path, '', '9')}: error: answer to 'q2': 9 is out of range from 1 to 5",
        f"{at(path, '', 'far')}: error: answer to 'q4': expected a number of at least 0, got 'far'",
        f"{at(path, '', 'yes', 1)}: error: answer to 'q99', which is no question of bank 'mini' 1.0 "
        "(check the id; `readiness template` lists the questions)",
    ]


def test_another_bank_is_refused(tmp_path: Path, bank: Bank) -> None:
    """Answers given against another bank cannot be scored against this one."""
    path = write(tmp_path, GOOD.replace("bank: mini", "bank: other"))
    assert problems(path, bank) == [
        f"{at(path, '', 'other')}: error: these answers are for bank 'other', not 'mini' "
        "(use --bank to point at the bank they were given against)"
    ]


def test_another_version_the_answers_fit_is_read_with_a_note(tmp_path: Path, bank: Bank) -> None:
    """A version the bank keeps no history of is read as the bank's own when every answer fits
    it, and the note says so (nothing mapped, nothing retired)."""
    path = write(tmp_path, GOOD.replace('"1.0"', '"0.9"'))
    loaded = load_answers(path, bank)
    assert [str(d) for d in loaded.notices()] == [
        f"{path}: bank 0.9 → 1.0: 4 answers carried, 0 mapped, 0 retired; "
        "the file says 0.9, but its answers are to the questions of 1.0"
    ]
    assert loaded.answers.bank_version == "1.0"


def test_a_newer_version_is_refused_naming_the_version_it_needs(tmp_path: Path, bank: Bank) -> None:
    """A file of a later version than the bank, that does not fit it, is refused in one line."""
    path = write(tmp_path, GOOD.replace('"1.0"', '"1.1"').replace("q1:", "q9:"))
    [message] = problems(path, bank)
    assert "version 1.1 of bank 'mini', newer than this bank (1.0): score them with version 1.1" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "error: the file is empty (fill in a file from `readiness template`)"),
        ("- a\n- b\n", "error: expected a mapping with bank, partnership, respondent and answers"),
        ("bank: mini\nanswers: {q1: [unclosed\n", "error: YAML syntax: "),
        ("bank: mini\nbank: mini\n", "error: duplicate key 'bank' (first at line 1; keep one of them)"),
        ("bank: !!python/object/apply:os.system [ls]\n", "error: tag '!!python/object/apply:os.system' is not allowed"),
        ("a: &x [1]\nb: *x\n", "error: aliases (*name) are not allowed here (write the value out in full)"),
        ("bank: mini\ncolour: red\n", "error: unknown key 'colour' (remove it, or check its spelling)"),
    ],
)
def test_hostile_and_broken_files(tmp_path: Path, bank: Bank, text: str, expected: str) -> None:
    """Each broken file gives one clear message naming the file."""
    path = write(tmp_path, text)
    [message] = problems(path, bank)
    assert message.startswith(str(path))
    assert expected in message


def test_binary_junk(tmp_path: Path, bank: Bank) -> None:
    """Binary data is refused before any parsing."""
    path = tmp_path / "junk.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert problems(path, bank) == [
        f"{path}: error: file holds binary data, not YAML text (pass a YAML, JSON or CSV file)"
    ]


def test_file_over_the_size_limit(tmp_path: Path, bank: Bank) -> None:
    """Answer files over 1 MiB are refused without being read."""
    path = write(tmp_path, "bank: mini\n# " + "x" * (1024 * 1024) + "\n")
    [message] = problems(path, bank)
    assert message.endswith("over the limit of 1,048,576 (is this the right file?)")


def test_json_syntax_error_has_a_line(tmp_path: Path, bank: Bank) -> None:
    """A JSON syntax error gives the line and column where it was found."""
    path = write(tmp_path, '{"bank": "mini",\n "answers": {"q1": }}', "a.json")
    assert problems(path, bank) == [f"{path}:2:20: error: JSON syntax: Expecting value (fix the syntax at this point)"]


def test_blank_answers_are_skipped(tmp_path: Path, bank: Bank) -> None:
    """A template left partly blank is fine: blanks are simply not answered."""
    loaded = load_answers(write(tmp_path, "bank: mini\nanswers:\n  q1:\n  q3: full\n"), bank)
    assert set(loaded.answers.answers) == {"q3"}
