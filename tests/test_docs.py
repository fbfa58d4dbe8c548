"""The README stays true: its commands, its example output and its command table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands_in_readme() -> list[str]:
    return re.findall(r"^\| `readiness (\w+)", README, flags=re.M)


def test_ci_runs_the_readme_test_command() -> None:
    """CI calls the very test command the README gives."""
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert len(blocks) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in blocks:
        assert command.split("python3 -m venv .venv && ")[-1] in ci, command


def test_readme_validate_output_is_real() -> None:
    """The summary line shown in the README is what `readiness validate` prints today."""
    shown = README.split("$ readiness validate\n", 1)[1].splitlines()[0]
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.strip() == shown


def test_command_table_lists_every_command() -> None:
    """Every command has a row in the README table, and every row is a command."""
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert sorted(_commands_in_readme()) == sorted(names)


def test_library_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's Python example runs as written, from the project directory."""
    import os

    block = re.search(r"```python\n(.*?)\n```", README, flags=re.S)
    assert block is not None
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(block.group(1), "README.md", "exec"), {})
    finally:
        os.chdir(old)
    assert capsys.readouterr().out.startswith("ready_with_conditions [('scope', 'green')")


def test_tests_run_against_the_installed_package() -> None:
    """The suite imports the installed wheel, not the checkout, so a file the wheel forgets fails here."""
    import readiness

    installed = Path(readiness.__file__).resolve()
    assert ROOT / "readiness" not in installed.parents, (
        f"readiness was imported from the checkout ({installed}); install it with `pip install .` "
        "and run the suite with the README's command (`.venv/bin/pytest`), which keeps the checkout off sys.path"
    )
    assert (installed.parent / "_bank" / "questions" / "bank.yaml").is_file()


def test_readme_broken_bank_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's broken-bank example is what `validate` prints for the bank it describes: the
    built-in bank copied to my-bank/ with one goto misspelt."""
    import shutil

    from readiness.loading import builtin_bank_dir

    shown = README.split("$ readiness validate my-bank\n", 1)[1].split("\n```", 1)[0]
    for part in ("questions", "seeds"):
        shutil.copytree(builtin_bank_dir() / part, tmp_path / "my-bank" / part)
    trust = tmp_path / "my-bank" / "questions" / "02-trust.yaml"
    text = trust.read_text(encoding="utf-8")
    assert text.count("goto: succession_plan") == 1
    trust.write_text(text.replace("goto: succession_plan", "goto: succession_plna"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "my-bank"])
    assert result.exit_code == 1
    assert result.stdout == shown + "\n"


def test_version_is_the_package_version() -> None:
    """`readiness --version` prints the version pyproject.toml gives, and exits 0."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"readiness {version}\n"
