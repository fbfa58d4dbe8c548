"""The command line: exit codes and whole messages, through typer's CliRunner."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import at
from readiness.cli import app

MakeBank = Callable[..., Path]
runner = CliRunner()
T = "questions/10-trust.yaml"
S = "questions/20-service.yaml"


def test_validate_a_sound_bank(make_bank: MakeBank) -> None:
    """A sound bank prints its figures and exits 0."""
    result = runner.invoke(app, ["validate", str(make_bank())])
    assert result.exit_code == 0
    assert result.stdout == (
        "bank 'mini' 1.0 is sound: 4 questions in 2 domains, 1 conditional route, 1 flag (1 critical), "
        "1 action, 2 findings from 1 source\n"
    )


def test_validate_a_broken_bank(make_bank: MakeBank) -> None:
    """Each problem on its own line, then a count; exit 1."""
    root = make_bank(edit={T: ("    - goto: q3", "    - goto: nowhere")})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{at(root, T, 'nowhere')}: error: question 'q1' goes to 'nowhere', which is no question "
        "(check the id, or use 'end')\n"
        f"{root}: 1 error, 0 warnings\n"
    )


def test_validate_reports_shape_and_graph_errors_in_one_run(make_bank: MakeBank) -> None:
    """A shape error in one question does not hide the graph errors of the rest: the bad
    question's file keeps its good questions (whose wrong goto is named), another file's wrong
    citation is named, and routes to the bad question are not reported as routes to nowhere."""
    root = make_bank(edit={T: ("  max: 5\n", "  max: five\n"), S: ("cites: [src.time]", "cites: [src.tiem]")})
    trust = root / T
    trust.write_text(trust.read_text().replace("    - goto: q3", "    - goto: q33"))
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{at(root, T, 'q33')}: error: question 'q1' goes to 'q33', which is no question (check the id, or use "
        "'end')\n"
        f"{at(root, T, 'five')}: error: question 'q2', max: input should be a valid number, unable to parse string "
        "as a number (write a number)\n"
        f"{at(root, S, 'src.tiem')}: error: question 'q3' cites 'src.tiem', which is no finding in seeds/ (check the "
        "id; `readiness sources` lists them)\n"
        f"{root}: 3 errors, 0 warnings\n"
    )


def test_validate_does_not_repeat_a_broken_source_as_missing_findings(make_bank: MakeBank) -> None:
    """A source that fails its shape check is one error: the citations of it are not named again."""
    root = make_bank(edit={"seeds/src.yaml": ("kind: article", "kind: podcast")})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{at(root, 'seeds/src.yaml', 'podcast')}: error: kind: input should be 'article', 'news', 'blog', "
        "'interview', 'report', 'statute' or 'guidance' (use one of those)\n"
        f"{root}: 1 error, 0 warnings\n"
    )


def test_validate_checks_no_graph_when_a_file_hides_what_it_declares(make_bank: MakeBank) -> None:
    """Questions under a misspelt key cannot be told apart from missing ones: only the shape
    error is reported, not a missing start question or routes to nowhere."""
    root = make_bank(edit={T: ("questions:\n", "questons:\n")})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{at(root, T, '- id: q1')}: error: unknown key 'questons' (remove it, or check its spelling)\n"
        f"{root}: 1 error, 0 warnings\n"
    )


def test_validate_names_its_directory_argument(tmp_path: Path) -> None:
    """`validate DIR` with no bank there says how to give validate a directory (not --bank)."""
    result = runner.invoke(app, ["validate", str(tmp_path / "nosuch")])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{tmp_path / 'nosuch'}: error: no such directory (give validate a bank directory, one holding questions/ "
        "and seeds/: readiness validate DIR)\n"
        f"{tmp_path / 'nosuch'}: 1 error, 0 warnings\n"
    )
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path}: error: no questions/bank.yaml here (give validate a bank directory, one holding questions/ "
        "and seeds/: readiness validate DIR)"
    )


def test_validate_warnings_only_exit_0(make_bank: MakeBank) -> None:
    """Warnings are shown but do not fail the bank."""
    spare = "  - {id: spare, para: 5, claim: Nobody cites this.}\n"
    root = make_bank(edit={"seeds/src.yaml": ("  - {id: time", spare + "  - {id: time")})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{at(root, 'seeds/src.yaml', '{id: spare')}: warning: finding 'src.spare' is never cited "
        "(cite it, or remove it)\n"
        f"{root}: 0 errors, 1 warning\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  help: Trust matters.", "  help: [Trust", r"error: YAML syntax: .* \(fix the syntax at this point\)"),
        ("  help: Trust matters.", "  help: a\n  help: b", r"error: duplicate key 'help' \(first at line 5; keep one"),
        ("  help: Trust matters.", "  help: !!python/object:os.system {}", r"error: tag '!!python/object:os.system'"),
    ],
)
def test_validate_yaml_faults_are_one_line(make_bank: MakeBank, old: str, new: str, expected: str) -> None:
    """Syntax errors, duplicate keys and Python tags: one diagnostic line, no traceback, exit 1."""
    root = make_bank(edit={T: (old, new)})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    first, summary = result.stdout.splitlines()
    assert re.match(rf"{re.escape(str(root / T))}:\d+:\d+: {expected}", first)
    assert summary == f"{root}: 1 error, 0 warnings"
    assert "Traceback" not in result.output


def test_graph_mermaid(make_bank: MakeBank) -> None:
    """The map as a Mermaid flowchart, domains as subgraphs, conditions on the edges."""
    result = runner.invoke(app, ["graph", "--bank", str(make_bank())])
    assert result.exit_code == 0
    assert result.stdout == (
        "flowchart TD\n"
        '  subgraph d_trust["Trust"]\n'
        '    q_q1["Do the leaders trust each other?"]\n'
        '    q_q2["How strained is it, from 1 (badly) to 5 (mildly)?"]\n'
        "  end\n"
        '  subgraph d_service["Service levels"]\n'
        '    q_q3["Is there a service level agreement with each council?"]\n'
        '    q_q4["How many miles apart are the main offices?"]\n'
        "  end\n"
        '  finish((("end")))\n'
        '  q_q1 -->|"no / unknown"| q_q2\n'
        '  q_q1 -->|"otherwise"| q_q3\n'
        "  q_q2 --> q_q3\n"
        "  q_q3 --> q_q4\n"
        "  q_q4 --> finish\n"
    )


def test_graph_dot_with_answers(make_bank: MakeBank, tmp_path: Path) -> None:
    """With answers, the questions and routes walked are drawn bold."""
    answers = tmp_path / "a.yaml"
    answers.write_text("bank: mini\nanswers: {q1: 'yes', q3: full, q4: 3}\n")
    result = runner.invoke(app, ["graph", "--bank", str(make_bank()), "--format", "dot", "--answers", str(answers)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == 'digraph "mini" {'
    assert (
        '    q1 [label="Do the leaders trust each other?", penwidth=3, style="rounded,filled", fillcolor="#dbe9f6"];'
        in lines
    )
    assert '    q2 [label="How strained is it, from 1 (badly) to 5 (mildly)?"];' in lines
    assert '  q1 -> q3 [label="otherwise", penwidth=3];' in lines
    assert '  q1 -> q2 [label="no / unknown"];' in lines
    assert lines[-1] == "}"


def test_graph_with_bad_answers(make_bank: MakeBank, tmp_path: Path) -> None:
    """An answer file that does not fit the bank: one message on stderr, exit 1."""
    answers = tmp_path / "a.yaml"
    answers.write_text("bank: mini\nanswers: {q1: maybe}\n")
    result = runner.invoke(app, ["graph", "--bank", str(make_bank()), "--answers", str(answers)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"{answers}:2:15: error: answer to 'q1': 'maybe' is not one of its options (yes, no, unknown)\n"
    )


def test_graph_refuses_a_broken_bank(make_bank: MakeBank) -> None:
    """A map cannot be drawn from a bank that fails its checks."""
    root = make_bank(edit={T: ("    - goto: q3", "    - goto: nowhere")})
    result = runner.invoke(app, ["graph", "--bank", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{at(root, T, 'nowhere')}: error: question 'q1' goes to 'nowhere', which is no question "
        "(check the id, or use 'end')\n"
    )


def test_sources(make_bank: MakeBank) -> None:
    """Each source with its findings and the items citing each."""
    result = runner.invoke(app, ["sources", "--bank", str(make_bank())])
    assert result.exit_code == 0
    assert result.stdout == (
        "src — A. Writer, \u201cA source\u201d, The Journal, 27 January 2011 [article]\n"
        "  trust (para. 3): Trust between leaders matters.\n"
        "    cited by: question q1, question q2, flag no_trust, action build_trust\n"
        "  time (para. 4): Time must be shared fairly.\n"
        "    cited by: question q3, question q4\n"
        "\n"
        "1 source, 2 findings, 2 cited, 0 uncited\n"
    )


def test_unknown_option_is_a_usage_error() -> None:
    """Usage errors exit 2, as the contract says."""
    result = runner.invoke(app, ["graph", "--colour", "red"])
    assert result.exit_code == 2
    assert "No such option: --colour" in result.output


def test_every_command_has_help_with_an_example() -> None:
    """Each command documents itself and shows an example."""
    from readiness.cli import app as the_app

    names = [c.name or c.callback.__name__ for c in the_app.registered_commands if c.callback]
    assert names
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example: readiness " + name in result.stdout, name


def test_help_lists_only_built_commands() -> None:
    """A command that is not built is not offered."""
    result = runner.invoke(app, ["--help"])
    commands = re.findall(r"^  (\w+) ", result.stdout.split("Commands:")[1], flags=re.M)
    assert commands == [
        "assess",
        "validate",
        "graph",
        "sources",
        "score",
        "compare",
        "template",
        "form",
        "migrate",
        "progress",
    ]
