"""Shared fixtures: small banks written inline, so each test shows the YAML it is about."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import examples

# Tests with no count of their own: hypothesis's usual 100 in CI, fewer on a working run.
settings.register_profile("ci", max_examples=examples(100))
settings.register_profile("dev", max_examples=examples(100))
settings.load_profile("ci" if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else "dev")

BANK_YAML = """\
id: mini
version: "1.0"
title: A mini bank
start: q1
ratings: {amber: 25, red: 50}
domains:
  - {id: trust, title: Trust, purpose: Whether the leaders trust each other, weight: 2}
  - {id: service, title: Service levels, purpose: Whether time is shared fairly, weight: 1}
"""

SEED_YAML = """\
id: src
kind: article
title: A source
author: A. Writer
outlet: The Journal
date: 2011-01-27
findings:
  - {id: trust, para: 3, claim: Trust between leaders matters.}
  - {id: time, para: 4, claim: Time must be shared fairly.}
"""

TRUST_YAML = """\
domain: trust
questions:
- id: q1
  text: Do the leaders trust each other?
  help: Trust matters.
  type: yes_no
  options:
    - {value: "yes", label: "Yes", risk: 0}
    - {value: "no", label: "No", risk: 4}
  cites: [src.trust]
  next:
    - when: {q: q1, in: ["no", unknown]}
      goto: q2
    - goto: q3
- id: q2
  text: How strained is it, from 1 (badly) to 5 (mildly)?
  help: The worse it is, the longer repair takes.
  type: scale
  min: 1
  max: 5
  bands: [{upto: 2, risk: 4}, {risk: 1}]
  cites: [src.trust]
  next: q3
flags:
  - id: no_trust
    severity: critical
    when: {q: q1, in: ["no"]}
    says: The leaders do not trust each other.
    cites: [src.trust]
actions:
  - id: build_trust
    priority: 1
    when: {q: q1, in: ["no"]}
    do: Arrange regular meetings of the leaders.
    cites: [src.trust]
"""

SERVICE_YAML = """\
domain: service
questions:
- id: q3
  text: Is there a service level agreement with each council?
  help: Without one, time is argued over.
  type: choice
  options:
    - {value: full, label: "Yes, for each council", risk: 0}
    - {value: partly, label: "Partly", risk: 2}
    - {value: none, label: "No", risk: 4}
  cites: [src.time]
  next:
    - goto: q4
- id: q4
  text: How many miles apart are the main offices?
  help: Distance costs time.
  type: number
  unit: miles
  min: 0
  bands: [{upto: 10, risk: 0}, {upto: 30, risk: 2}, {risk: 3}]
  cites: [src.time]
  next: end
"""

MINI = {
    "questions/bank.yaml": BANK_YAML,
    "questions/10-trust.yaml": TRUST_YAML,
    "questions/20-service.yaml": SERVICE_YAML,
    "seeds/src.yaml": SEED_YAML,
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text) below `root` and return `root`."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def make_bank(tmp_path: Path) -> Callable[..., Path]:
    """Write the mini bank, with any file replaced or edited, and return its directory."""

    def make(replace: dict[str, str] | None = None, edit: dict[str, tuple[str, str]] | None = None) -> Path:
        files = dict(MINI)
        files.update(replace or {})
        for name, (old, new) in (edit or {}).items():
            assert old in files[name], f"{old!r} not in {name}"
            files[name] = files[name].replace(old, new, 1)
        return write_tree(tmp_path / "bank", files)

    return make


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite keeps its proven banks in a cache directory of its own, not the user's (the
    commands it runs in subprocesses inherit it)."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run the test from inside its temporary directory (for commands that write beside themselves)."""
    old = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files from the current output.")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""

    def check(name: str, text: str) -> None:
        path = Path(__file__).parent / "golden" / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {name}: run pytest --update-golden once and review it"
        assert text == path.read_text(encoding="utf-8")

    return check
