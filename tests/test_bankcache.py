"""The cache of proven banks: a bank read back is the bank loaded afresh; an edited bank, other
code, a damaged entry or an unwritable cache directory all fall back to loading and checking."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from typer.testing import CliRunner

from helpers import at, examples
from readiness import bankcache, bounds
from readiness.cli import app
from readiness.errors import BankError
from readiness.loading import load_bank
from readiness.model import Bank
from test_properties import acyclic_banks, chain_banks

MakeBank = Callable[..., Path]
T = "questions/10-trust.yaml"


@pytest.fixture(autouse=True)
def _empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test starts from a cache directory of its own, with nothing in it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(bankcache.DISABLE, raising=False)
    return tmp_path / "cache"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The directories the cache had to load from their files (a hit adds none)."""
    seen: list[Path] = []

    def counting(root: Path) -> Bank:
        seen.append(root)
        return load_bank(root)

    monkeypatch.setattr(bankcache, "load_bank", counting)
    return seen


def assert_same(fresh: Any, cached: Any, where: str = "bank") -> None:
    """Equal values of the very same types, down to which fields each model was given."""
    assert type(fresh) is type(cached), where
    if isinstance(fresh, BaseModel):
        assert fresh.model_fields_set == cached.model_fields_set, where
        for name in type(fresh).model_fields:
            assert_same(getattr(fresh, name), getattr(cached, name), f"{where}.{name}")
    elif isinstance(fresh, tuple | list):
        assert len(fresh) == len(cached), where
        for i, (a, b) in enumerate(zip(fresh, cached, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(fresh, dict):
        assert list(fresh) == list(cached), where
        for key in fresh:
            assert_same(fresh[key], cached[key], f"{where}[{key!r}]")
    elif isinstance(fresh, float) and math.isnan(fresh):
        assert math.isnan(cached), where
    else:
        assert fresh == cached, where


def reseal(entry: Path, payload: bytes) -> None:
    """Put `payload` in the entry under the seal it had, made to fit the new payload."""
    seal = json.loads(entry.read_bytes().split(b"\n")[0])
    seal["sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(seal).encode() + b"\n" + payload)


def assert_same_bank(fresh: Bank, cached: Bank) -> None:
    assert_same(fresh, cached)
    computed, read = bounds.sound(fresh), bounds.of(cached)
    for field in dataclasses.fields(bounds.Bounds):
        assert_same(getattr(computed, field.name), getattr(read, field.name), f"bounds.{field.name}")
    assert fresh._origins.keys() == cached._origins.keys()
    for kind, item_id in fresh._origins:
        assert fresh.where(kind, item_id) == cached.where(kind, item_id)
    question = next(iter(fresh.questions))
    assert fresh.where("question", question, "next", 0) == cached.where("question", question, "next", 0)


def test_a_proven_bank_is_read_back_as_it_was_loaded(make_bank: MakeBank, loads: list[Path]) -> None:
    """The second load comes from the cache, and is the bank the files give, places included."""
    root = make_bank()
    first = bankcache.load_checked_bank(root)
    second = bankcache.load_checked_bank(root)
    assert loads == [root]
    assert bankcache.entry_path(root).is_file()
    assert_same_bank(first, second)
    assert_same_bank(load_bank(root), second)


def test_a_bank_read_back_brings_its_bounds(make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bounds are worked out when the bank is proven and kept in the entry: a scorer of a
    bank read back never works them out again."""
    from readiness.scoring import Scorer

    root = make_bank()
    bankcache.load_checked_bank(root)

    def refused(*args: object) -> None:
        raise AssertionError("bounds worked out again")

    monkeypatch.setattr(bounds, "compute", refused)
    assert Scorer(bankcache.load_checked_bank(root)).table.order


def test_bounds_the_entry_cannot_give_are_worked_out_again(make_bank: MakeBank) -> None:
    """An entry whose seal fits but whose bounds are of the wrong shape still scores, with the
    bounds worked out from the bank."""
    root = make_bank()
    fresh = bankcache.load_checked_bank(root)
    entry = bankcache.entry_path(root)
    payload = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    payload["bounds"]["classes"] = {"q1": [["only", "two"]]}
    reseal(entry, json.dumps(payload).encode())
    assert_same_bank(fresh, bankcache.load_checked_bank(root))


def test_the_built_in_bank_is_read_back_as_it_was_loaded(loads: list[Path]) -> None:
    """The shipped bank, with every kind of item the model has, survives the round trip."""
    first = bankcache.load_checked_bank()
    second = bankcache.load_checked_bank()
    assert len(loads) == 1
    assert_same_bank(first, second)


def test_an_edited_bank_is_checked_again(make_bank: MakeBank) -> None:
    """A route broken after the bank was proven (by an edit of the same length) is refused, at
    its line, as on the first load."""
    root = make_bank()
    bankcache.load_checked_bank(root)
    make_bank(edit={T: ("    - goto: q3", "    - goto: q5")})
    with pytest.raises(BankError) as caught:
        bankcache.load_checked_bank(root)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{at(root, T, 'q5')}: error: question 'q1' goes to 'q5', which is no question (check the id, or use 'end')"
    ]


def test_an_edited_sound_bank_is_loaded_afresh(make_bank: MakeBank, loads: list[Path]) -> None:
    """A change of wording alone is a new bank too: the cache never answers for other files."""
    root = make_bank()
    bankcache.load_checked_bank(root)
    make_bank(edit={T: ("Do the leaders trust each other?", "Do the leaders TRUST each other?")})
    bank = bankcache.load_checked_bank(root)
    assert bank.questions["q1"].text == "Do the leaders TRUST each other?"
    assert loads == [root, root]


def test_a_new_file_in_the_bank_is_a_new_bank(make_bank: MakeBank, loads: list[Path]) -> None:
    """Adding a source file (which the loader reads) is a change the cache sees."""
    root = make_bank()
    bankcache.load_checked_bank(root)
    extra = (root / "seeds" / "src.yaml").read_text().replace("id: src", "id: other", 1)
    (root / "seeds" / "other.yaml").write_text(extra)
    assert "other" in bankcache.load_checked_bank(root).sources
    assert len(loads) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"\x00garbage",
        lambda raw: b"",
        lambda raw: raw.replace(b"Do the leaders trust", b"Do the leaders dread", 1),  # the seal no longer fits
        lambda raw: raw.split(b"\n")[0] + b"\n" + raw.split(b"\n", 1)[1][:-1],
    ],
    ids=["truncated", "garbage", "empty", "altered", "last byte lost"],
)
def test_a_damaged_entry_is_rebuilt(make_bank: MakeBank, loads: list[Path], damage: Callable[[bytes], bytes]) -> None:
    """An entry that does not match its own seal is ignored, the bank loaded and proven again,
    and the entry written anew."""
    root = make_bank()
    fresh = bankcache.load_checked_bank(root)
    entry = bankcache.entry_path(root)
    entry.write_bytes(damage(entry.read_bytes()))
    assert_same_bank(fresh, bankcache.load_checked_bank(root))
    assert len(loads) == 2
    assert_same_bank(fresh, bankcache.load_checked_bank(root))
    assert len(loads) == 2


def test_a_sealed_entry_of_the_wrong_shape_is_rebuilt(make_bank: MakeBank, loads: list[Path]) -> None:
    """Even an entry whose seal fits is not trusted to have the shape of a bank."""
    root = make_bank()
    bankcache.load_checked_bank(root)
    entry = bankcache.entry_path(root)
    for payload in (b'{"bank": [], "origins": {}}', b'{"bank": {"nonsense": 1}, "origins": {}}', b"[1, 2]"):
        reseal(entry, payload)
        assert bankcache.load_checked_bank(root).id == "mini"
    assert len(loads) == 4


def test_an_entry_made_by_other_code_is_ignored(
    make_bank: MakeBank, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed check (other code) proves the bank again rather than trusting the old proof."""
    root = make_bank()
    bankcache.load_checked_bank(root)
    monkeypatch.setattr(bankcache, "_code_digest", lambda: b"other code")
    bankcache.load_checked_bank(root)
    assert len(loads) == 2


def test_the_entry_is_plain_json(make_bank: MakeBank) -> None:
    """A seal line, then the bank as JSON: data, never code to run."""
    root = make_bank()
    bankcache.load_checked_bank(root)
    seal, payload = bankcache.entry_path(root).read_bytes().split(b"\n", 1)
    assert set(json.loads(seal)) == {"key", "sha256"}
    assert json.loads(payload)["bank"]["header"]["id"] == "mini"


@pytest.mark.parametrize("kind", ["a file where the directory should be", "a directory with no room"])
def test_an_unwritable_cache_directory_is_no_error(
    make_bank: MakeBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The bank still loads (every time, proven every time) and nothing is printed."""
    blocked = tmp_path / "blocked"
    if kind.startswith("a file"):
        blocked.write_text("not a directory")
    else:
        (blocked / "readiness").mkdir(parents=True)
        (blocked / "readiness" / bankcache.entry_path(make_bank()).name).mkdir()  # the entry's name is taken
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    root = make_bank()
    assert bankcache.load_checked_bank(root).id == "mini"
    assert bankcache.load_checked_bank(root).id == "mini"
    assert not list((tmp_path / "blocked").rglob("*.tmp"))  # no temporary file left behind


def test_the_cache_can_be_turned_off(make_bank: MakeBank, loads: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """With READINESS_NO_CACHE set nothing is read or written."""
    root = make_bank()
    bankcache.load_checked_bank(root)
    monkeypatch.setenv(bankcache.DISABLE, "1")
    bankcache.load_checked_bank(root)
    assert len(loads) == 2
    bankcache.entry_path(root).unlink()
    bankcache.load_checked_bank(root)
    assert not bankcache.entry_path(root).exists()


def test_a_broken_bank_is_never_stored(make_bank: MakeBank) -> None:
    """Only a bank that passed the checks has an entry."""
    root = make_bank(edit={T: ("    - goto: q3", "    - goto: nowhere")})
    with pytest.raises(BankError):
        bankcache.load_checked_bank(root)
    assert not bankcache.entry_path(root).exists()


def test_an_unchecked_load_is_never_stored(make_bank: MakeBank, loads: list[Path]) -> None:
    """`sources` loads without the checks: that proves nothing, so nothing is stored; a bank
    proven earlier is read back for it, though."""
    root = make_bank()
    bankcache.load_checked_bank(root, checked=False)
    assert not bankcache.entry_path(root).exists()
    bankcache.load_checked_bank(root)
    bankcache.load_checked_bank(root, checked=False)
    assert len(loads) == 2


def test_a_bank_broken_after_a_score_is_refused_by_the_next(make_bank: MakeBank, tmp_path: Path) -> None:
    """Through the command line: score, break the bank, score again: exit 1 and the same message
    `validate` gives."""
    root = make_bank()
    answers = tmp_path / "a.yaml"
    answers.write_text("bank: mini\nanswers: {q1: 'yes', q3: full, q4: 3}\n")
    runner = CliRunner()
    first = runner.invoke(app, ["score", str(answers), "--bank", str(root)])
    assert first.exit_code == 0
    assert runner.invoke(app, ["score", str(answers), "--bank", str(root)]).stdout == first.stdout
    make_bank(edit={T: ("    - goto: q3", "    - goto: q5")})
    result = runner.invoke(app, ["score", str(answers), "--bank", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{at(root, T, 'q5')}: error: question 'q1' goes to 'q5', which is no question (check the id, or use 'end')\n"
    )


@settings(max_examples=examples(60), deadline=None)
@given(bank=st.one_of(acyclic_banks(), chain_banks()))
def test_dump_then_revive_is_the_identity(bank: Bank) -> None:
    """Every bank, dumped to JSON as the cache does and revived, is the same bank."""
    text = json.dumps(bank.model_dump(by_alias=True, exclude_unset=True))
    assert_same(bank, bankcache.revive(Bank, json.loads(text)))


def test_a_bank_edited_while_it_loads_is_not_stored(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch, loads: list[Path]
) -> None:
    """The entry would hold the bank as loaded under the digest of the files as they were before:
    rather than that, nothing is stored."""
    root = make_bank()
    loaded = bankcache.load_bank

    def edited_meanwhile(where: Path) -> Bank:
        bank = loaded(where)
        make_bank(edit={T: ("Do the leaders trust each other?", "Do the leaders TRUST each other?")})
        return bank

    monkeypatch.setattr(bankcache, "load_bank", edited_meanwhile)
    bankcache.load_checked_bank(root)
    assert not bankcache.entry_path(root).exists()
