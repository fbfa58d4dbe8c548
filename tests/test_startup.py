"""`readiness --help` stays fast: it imports neither the models, pydantic, nor YAML."""

from __future__ import annotations

import subprocess
import sys
import tempfile


def imported_by(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "readiness", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),  # the installed package, not the checkout
    )
    return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def test_help_imports_no_models_and_no_yaml() -> None:
    """The heavy modules load only inside the commands that need them."""
    modules = imported_by("--help")
    assert "readiness.cli" in modules
    assert not {m for m in modules if m.split(".")[0] in ("pydantic", "yaml", "rich")}
    assert not {
        m
        for m in modules
        if m.startswith("readiness.")
        and m not in ("readiness.cli", "readiness.cli.over_time", "readiness.render", "readiness.render.text")
    }


def test_command_help_is_as_light() -> None:
    """Help for a command is as light as the top-level help."""
    modules = imported_by("score", "--help")
    assert not {m for m in modules if m.split(".")[0] in ("yaml", "rich")}
    assert "readiness.model" not in modules


def test_only_the_cli_package_imports_typer_or_rich() -> None:
    """The core stays usable as a library, with no terminal and no command-line parser."""
    import ast
    from pathlib import Path

    import readiness

    package = Path(readiness.__file__).parent
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("typer", "rich", "click")]
    assert offenders == []
    assert (package / "cli" / "interview.py").is_file()  # the scan above really skips something


def test_a_proven_bank_is_neither_parsed_nor_checked_again() -> None:
    """The second run on the same bank reads it back from the cache, without the checks (the first
    run may have stored it, or found it stored)."""
    imported_by("template")
    modules = imported_by("template")
    assert "readiness.bankcache" in modules
    assert "readiness.checks" not in modules
