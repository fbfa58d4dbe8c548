"""The survey comparison: a generated survey of two councils (tests/survey_fixture.py) with its
planted patterns, the council rating rule, anonymity, the report's length at any scale, the
pictures and the bad inputs."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from readiness.cli import app
from readiness.errors import AnswerError
from readiness.loading import load_bank
from readiness.model import AnswerSet
from readiness.render.survey_report import build, headings, pictures, survey_to_dict, to_docx, to_markdown
from readiness.scoring import rating_key
from readiness.survey import Survey, digests_of, group_tallies, median_rating, survey_of
from survey_fixture import COUNCILS, answer_set, survey_sets, write_survey

BANK = load_bank()
KINGSMOOR, WEXLEY = COUNCILS
runner = CliRunner()
NAME = re.compile(r"Person[KW]\d{4}")


@cache
def survey(per_council: int = 60, leader_distrusts: bool = False, by_group: bool = False) -> Survey:
    sets = survey_sets(BANK, per_council, leader_distrusts)
    return survey_of(BANK, digests_of(BANK, sets), by_group=by_group)


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def docx_headings(data: bytes) -> list[str]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith(("Heading", "Title"))]


def markdown_headings(text: str) -> list[str]:
    return [line.lstrip("#").strip().replace("\\", "") for line in text.splitlines() if line.startswith("#")]


# --- the planted patterns ------------------------------------------------------------------------


def test_one_pessimist_of_sixty_does_not_turn_the_council_red_but_is_shown() -> None:
    s = survey()
    trust = s.domains["trust"][KINGSMOOR]
    assert (trust.rating, trust.red, trust.green) == ("green", 1, 59)
    flag = next(line for line in s.conditions if line.startswith("The leaders do not trust each other"))
    assert flag.endswith(f"(1 of 60 in {KINGSMOOR})")
    assert not any("trust each other" in line for line in s.blockers)
    text = to_markdown(build(s))
    assert f"(1 of 60 in {KINGSMOOR}" in text
    assert "| Trust and political leadership | ✔ Green (59 G, 0 A, 1 R, 0 ?)" in text


def test_the_leader_alone_raising_the_flag_stops_the_partnership() -> None:
    s = survey(leader_distrusts=True)
    assert s.verdict == "not_ready"
    line = next(b for b in s.blockers if b.startswith("The leaders do not trust each other"))
    assert line.endswith(f"(1 of 60 in {KINGSMOOR}, including the leader)")
    trust = s.domains["trust"][KINGSMOOR]
    assert trust.rating == "green"
    assert (trust.minority, trust.minority_count, trust.minority_roles) == ("red", 1, ("leader",))
    assert "Trust and political leadership in Kingsmoor District Council: red for 1 of 60, including the leader" in (
        s.conditions
    )


def test_a_fifty_fifty_split_on_the_shared_vision_is_marked_and_tops_what_to_discuss() -> None:
    s = survey()
    top = s.discuss[0]
    assert top.question == "shared_vision"
    assert set(top.split_in) == {KINGSMOOR, WEXLEY, "the partnership"}
    text = to_markdown(build(s))
    agenda = text.split("## What to discuss")[1]
    first = next(line for line in agenda.splitlines() if line.startswith("1. "))
    assert first.startswith("1. Have the councils set out a shared vision")
    assert "split in Kingsmoor District Council, Wexley Borough Council" in first
    assert any(line.startswith("Answers to “Have the councils set out a shared vision") for line in s.conditions)


def test_a_cross_party_split_shows_by_group() -> None:
    s = survey(by_group=True)
    groups = group_tallies(s)
    administration, opposition = groups[(KINGSMOOR, "administration")], groups[(KINGSMOOR, "opposition")]
    assert set(administration.answers["priorities_align"]) == {"close"}
    assert set(opposition.answers["priorities_align"]) == {"conflicting"}
    vision = [d.id for d in BANK.header.domains].index("vision")
    from readiness.survey import distribution

    assert distribution(administration, vision).rating == "green"
    assert distribution(opposition, vision).rating == "red"
    text = to_markdown(build(s))
    assert "## Domains by group" in text
    assert "| Domain | administration (21) | opposition (19) |" in text
    data = survey_to_dict(s)
    found = {(g["council"], g["group"]): g["domains"]["vision"]["rating"] for g in data["groups"]}
    assert found[(KINGSMOOR, "administration")] == "green"
    assert found[(KINGSMOOR, "opposition")] == "red"


# --- the rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"green": 59, "red": 1}, "green"),
        ({"green": 30, "red": 30}, "red"),  # of the two in the middle, the more cautious
        ({"green": 31, "red": 30}, "green"),
        ({"green": 1, "amber": 1, "red": 1}, "amber"),
        ({"green-red": 2, "green": 1}, "green-red"),
    ],
)
def test_median_rating(counts: dict[str, int], expected: str) -> None:
    assert median_rating(Counter(counts)) == expected


def test_a_quarter_holding_a_worse_view_is_a_minority_view() -> None:
    """Fifteen of sixty is a quarter: reported; fourteen is not (unless a key role holds it)."""
    from readiness.survey import Tally, distribution

    def tally(reds: int) -> Tally:
        t = Tally()
        t.n = 60
        t.ratings = [Counter({"green": 60 - reds, "red": reds})]
        t.key_firm = [{}]
        return t

    assert distribution(tally(15), 0).minority == "red"
    assert distribution(tally(14), 0).minority is None


# --- scale and anonymity -------------------------------------------------------------------------


def test_report_length_and_lines_do_not_grow_with_the_count_and_name_nobody() -> None:
    lengths = {}
    for per_council in (6, 60, 600):
        s = survey(per_council)
        text = to_markdown(build(s))
        lengths[per_council] = len(text)
        assert max(len(line) for line in text.splitlines()) <= 400
        assert not NAME.search(text)
        assert not NAME.search(json.dumps(survey_to_dict(s)))
    assert max(lengths.values()) <= 1.2 * min(lengths.values()), lengths


def test_respondents_are_named_only_when_asked() -> None:
    sets = survey_sets(BANK, 6)
    s = survey_of(BANK, digests_of(BANK, sets), keep_people=True)
    text = to_markdown(build(s))
    assert "## Appendix: the respondents" in text
    assert "PersonK0001 Smithfield" in text
    assert {p["name"] for p in survey_to_dict(s)["respondents"]} >= {"PersonW0005 Smithfield"}


def test_small_roles_and_groups_are_counted_as_other() -> None:
    """One leader, one chief executive, one statutory officer a council: "Other 3", never named by role."""
    text = to_markdown(build(survey()))
    row = next(line for line in text.splitlines() if line.startswith(f"| {KINGSMOOR} | 60 |"))
    assert "Other 3" in row
    assert "Leader" not in row
    assert "Statutory" not in row


def test_word_holds_every_section_the_markdown_holds_and_no_names() -> None:
    s = survey(by_group=True)
    report = build(s)
    data = to_docx(report)
    assert docx_headings(data) == markdown_headings(to_markdown(report)) == [*headings(report), "Sources"]
    assert not NAME.search(docx_text(data))


def test_small_group_word_holds_every_section_of_its_markdown() -> None:
    from readiness.compare import compare
    from readiness.render.comparison import render_comparison_markdown
    from readiness.render.docx import render_comparison_docx
    from test_compare import example_sets

    c = compare(BANK, example_sets())
    expected = markdown_headings(render_comparison_markdown(c))
    assert docx_headings(render_comparison_docx(c)) == expected
    assert {"Domains by respondent", "Where the answers diverge", "Different paths through the map"} <= set(expected)


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def survey_dir(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    directory = tmp_path_factory.mktemp("survey")
    return [str(p) for p in write_survey(BANK, directory, 10)]


def test_cli_markdown_with_pictures_beside_it(survey_dir: list[str], tmp_path: Path) -> None:
    target = tmp_path / "view.md"
    result = runner.invoke(app, ["compare", *survey_dir, "-o", str(target), "--by", "group"])
    assert result.exit_code == 0, result.output
    text = target.read_text()
    for picture in ("view-heat-map.png", "view-groups.png", "view-domains.png"):
        assert f"]({picture})" in text
        assert (tmp_path / picture).read_bytes().startswith(b"\x89PNG")
    assert "## Domains by council" in text  # the tables stay: nothing depends on a picture
    assert not NAME.search(text)


def test_cli_word_has_the_pictures_near_the_top_with_alt_text(survey_dir: list[str], tmp_path: Path) -> None:
    from docx import Document

    target = tmp_path / "view.docx"
    result = runner.invoke(app, ["compare", *survey_dir, "-o", str(target), "--format", "docx"])
    assert result.exit_code == 0, result.output
    doc = Document(str(target))
    alts = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    assert len(alts) == 2
    assert alts[0].startswith("Heat map of the 11 domains by council")
    body = [child.tag.rpartition("}")[2] for child in doc.element.body]
    first_picture = next(i for i, p in enumerate(doc.paragraphs) if p._p.xpath(".//w:drawing"))
    assert first_picture < 12
    assert body.count("tbl") >= 1


def test_cli_json_counts_and_files(survey_dir: list[str]) -> None:
    result = runner.invoke(app, ["compare", *survey_dir, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["view"] == "survey"
    assert data["respondent_count"] == 20
    assert data["answers_files"] == survey_dir
    trust = next(d for d in data["domains"] if d["id"] == "trust")
    assert set(trust["distribution"][KINGSMOOR]) == {
        "rating",
        "green",
        "amber",
        "red",
        "cannot_tell",
        "split",
        "minority",
    }
    assert trust["by_council"][KINGSMOOR] == "green"
    assert not NAME.search(result.stdout)


def test_a_picture_is_the_only_reason_to_import_matplotlib(survey_dir: list[str]) -> None:
    code = (
        "import sys; from readiness.cli import app; from typer.testing import CliRunner; "
        f"r = CliRunner().invoke(app, ['compare', *{survey_dir!r}, '--format', 'json']); "
        "assert r.exit_code == 0, r.output; print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_folder_stands_for_the_answer_files_in_it(survey_dir: list[str], tmp_path: Path) -> None:
    """`compare survey/` reads what `compare survey/*.yaml` reads (a survey of thousands need not
    be spelt out on the command line), leaving out hidden files and files of other kinds."""
    folder = str(Path(survey_dir[0]).parent)
    (Path(folder) / ".kingsmoor-0001.yaml.lock").write_text("held by an interview")
    (Path(folder) / "notes.txt").write_text("not answers")
    named = runner.invoke(app, ["compare", *sorted(survey_dir), "--format", "json"])
    whole = runner.invoke(app, ["compare", folder, "--format", "json"])
    assert whole.exit_code == 0, whole.output
    assert whole.stdout == named.stdout
    assert json.loads(whole.stdout)["answers_files"] == sorted(survey_dir)


def test_a_report_is_never_written_among_the_answers_it_reads(survey_dir: list[str]) -> None:
    folder = Path(survey_dir[0]).parent
    result = runner.invoke(app, ["compare", str(folder), "--format", "json", "-o", str(folder / "view.json")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{folder / 'view.json'}: error: is in the folder of answers {folder}: the next run would read it as an "
        "answer file (write it somewhere else)\n"
    )
    assert not (folder / "view.json").exists()


def test_a_file_of_a_folder_is_guarded_like_a_file_named(survey_dir: list[str], tmp_path: Path) -> None:
    """A report is never written over an answer file of a folder, even through a hard link
    elsewhere (a hard link is written in place, so the answers would be lost)."""
    import os

    folder = Path(survey_dir[0]).parent
    link = tmp_path / "view.md"
    os.link(survey_dir[0], link)
    before = Path(survey_dir[0]).read_bytes()
    result = runner.invoke(app, ["compare", str(folder), "-o", str(link)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{link}: error: is the input {survey_dir[0]}: an output never replaces an input (write it somewhere else)\n"
    )
    assert Path(survey_dir[0]).read_bytes() == before


def test_a_folder_without_answer_files_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("nothing to compare")
    result = runner.invoke(app, ["compare", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}: error: is a folder that holds no answer files (name a folder of .yaml, .yml, .json, .csv, "
        ".xlsx files)\n"
    )


# --- bad input -----------------------------------------------------------------------------------


def test_a_respondent_of_another_council_is_refused(survey_dir: list[str], tmp_path: Path) -> None:
    stranger = tmp_path / "stranger.yaml"
    stranger.write_text(Path(survey_dir[0]).read_text().replace("council: Kingsmoor", "council: Elsewhere", 1))
    result = runner.invoke(app, ["compare", *survey_dir, str(stranger)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{stranger}:")
    assert "'Elsewhere District Council' is not one of" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_two_files_for_the_same_respondent_are_refused(survey_dir: list[str], tmp_path: Path) -> None:
    again = tmp_path / "again.yaml"
    again.write_text(Path(survey_dir[3]).read_text())
    result = runner.invoke(app, ["compare", *survey_dir, str(again)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{again}: error: answers for the same respondent as {survey_dir[3]} (give each respondent's answers once)\n"
    )
    result = runner.invoke(app, ["compare", *survey_dir, survey_dir[0]])
    assert result.exit_code == 1
    assert "is the same file as" in result.stderr


def test_an_answer_file_of_another_bank_version_is_carried_and_said_so(survey_dir: list[str], tmp_path: Path) -> None:
    """A survey mixing bank versions: each file is carried to this version (by the answer loader), one line says so."""
    older = tmp_path / "older.yaml"
    text = Path(survey_dir[0]).read_text()
    older.write_text(text.replace(f"bank_version: '{BANK.version}'", "bank_version: '0.9'"))
    assert older.read_text() != text
    result = runner.invoke(app, ["compare", *survey_dir[1:], str(older), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["respondent_count"] == len(survey_dir)
    [notice] = [line for line in result.stderr.splitlines() if line.startswith(str(older))]
    assert f"bank 0.9 → {BANK.version}" in notice


def test_a_group_with_control_characters_never_reaches_the_report_raw() -> None:
    sets = survey_sets(BANK, 6)
    odd = answer_set(BANK, 0, 0, 6)
    assert odd.respondent is not None
    from readiness.model import Respondent

    for i in range(3):  # three of them, so the group is not merged into "other"
        who = Respondent(name=f"x{i}", council=KINGSMOOR, role="councillor", group="red\x1b[31m\x07")
        sets.append(odd.model_copy(update={"respondent": who, "source": f"x{i}.yaml"}))
    s = survey_of(BANK, digests_of(BANK, sets), by_group=True)
    text = to_markdown(build(s))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "red" in text


def test_every_file_from_one_council_is_refused() -> None:
    sets = [s for s in survey_sets(BANK, 6) if s.respondent and s.respondent.council == KINGSMOOR]
    with pytest.raises(AnswerError, match="every answer set is from the same council"):
        survey_of(BANK, digests_of(BANK, sets))


def test_libreoffice_shows_the_heat_map_on_the_first_two_pages(tmp_path: Path) -> None:
    """The Word comparison opens in LibreOffice, and its first picture (the heat map) is on page 1 or 2."""
    import shutil

    from tools import libreoffice_to_pdf, require

    require(shutil.which("pdfimages") is not None, "poppler-utils is not installed (apt-get install poppler-utils)")
    s = survey(10)
    document = tmp_path / "survey.docx"
    document.write_bytes(to_docx(build(s, pictures(s))))
    pdf = libreoffice_to_pdf(document)
    listed = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "2", str(pdf)], capture_output=True, text=True)
    images = [line.split() for line in listed.stdout.splitlines()[2:]]
    assert any(row[2] == "image" and int(row[3]) > 1000 for row in images), listed.stdout


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["green", "amber", "red", "green-amber", "green-red", "amber-red"]), min_size=1))
def test_the_median_is_the_middle_respondent(ratings: list[str]) -> None:
    """For any respondents: the rating of the middle one from least to most risk (of two, the more cautious)."""
    ordered = sorted(ratings, key=rating_key)
    assert median_rating(Counter(ratings)) == ordered[len(ordered) // 2]


@given(st.integers(min_value=2, max_value=200), st.sampled_from(["green", "amber", "red"]))
def test_one_outlier_never_sets_a_council_s_rating(agreeing: int, outlier: str) -> None:
    """However many agree (two or more), one respondent's other rating does not move the council's."""
    assert median_rating(Counter({"green": agreeing}) + Counter({outlier: 1})) == "green"


def write_export(export: Path, sets: list[AnswerSet]) -> None:
    import csv

    questions = list(dict.fromkeys(q for a in sets for q in a.answers))
    with export.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["partnership", "councils", "respondent", "council", "role", "group", *questions])
        for a in sets:
            assert a.respondent is not None
            assert a.partnership is not None
            who = a.respondent
            cells = [a.answers[q].value if q in a.answers else "" for q in questions]
            cells = [";".join(v) if isinstance(v, tuple) else v for v in cells]
            writer.writerow(
                [a.partnership.name, ";".join(COUNCILS), who.name, who.council, who.role, who.group, *cells]
            )


def test_a_csv_export_with_a_group_column_is_compared_by_group(tmp_path: Path) -> None:
    """One CSV of twelve respondents, the `group` column set: read a row at a time, counted by group."""
    export = tmp_path / "export.csv"
    write_export(export, survey_sets(BANK, 6))
    result = runner.invoke(app, ["compare", str(export), "--by", "group", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["respondent_count"] == 12
    assert data["answers_files"] == [str(export)]
    assert {(g["council"], g["group"]) for g in data["groups"]} == {
        (KINGSMOOR, "administration"),
        (KINGSMOOR, "other"),
        (WEXLEY, "administration"),
        (WEXLEY, "other"),
    }


def test_a_respondent_given_twice_is_refused_naming_where_they_came_first(
    survey_dir: list[str], tmp_path: Path
) -> None:
    """Only a number is kept for each respondent, so the earlier answer set is found again by
    reading the inputs once more: a row of a CSV, or a file before it."""
    sets = survey_sets(BANK, 6)
    export = tmp_path / "export.csv"
    write_export(export, [*sets, sets[3]])  # row 2 is the header's next, so sets[3] is row 5
    result = runner.invoke(app, ["compare", str(export)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{export}:14: error: answers for the same respondent as {export}:5 (give each respondent's answers once)\n"
    )
    clean = tmp_path / "clean.csv"
    write_export(clean, sets)  # the same people as the survey's files (named alike): row 2 is k0000.yaml's
    result = runner.invoke(app, ["compare", *survey_dir[:3], str(clean)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{clean}:2: error: answers for the same respondent as {survey_dir[0]} (give each respondent's answers once)\n"
    )


def test_a_domain_is_split_only_by_respondents_settled_at_each_end() -> None:
    """A quarter settled green and a quarter red split a domain; "green to red" (not yet known) is neither end."""
    from readiness.survey import Tally, distribution

    def tally(counts: dict[str, int]) -> Tally:
        t = Tally()
        t.n = sum(counts.values())
        t.ratings = [Counter(counts)]
        t.key_firm = [{}]
        return t

    assert distribution(tally({"green": 15, "amber": 30, "red": 15}), 0).split
    assert not distribution(tally({"green-red": 15, "amber": 30, "red": 15}), 0).split
    assert distribution(tally({"green-red": 15, "amber": 30, "red": 15}), 0).cannot_tell == 15


def test_a_survey_says_what_to_do_first_most_urgent_first() -> None:
    """The actions the respondents' firm answers call for, ranked by priority, each with how many call for it."""
    from readiness.render.survey_report import first_actions

    s = survey()
    chosen = first_actions(s)
    priorities = [next(x.priority for x in BANK.actions if x.id == a) for a, _ in chosen]
    assert chosen
    assert priorities == sorted(priorities)
    text = to_markdown(build(s))
    section = text.split("## What to do first", 1)[1].split("\n## ", 1)[0]
    assert f"(called for by {s.tallies[KINGSMOOR].actions[chosen[0][0]]} of 60 in {KINGSMOOR}" in section
    assert [item["id"] for item in survey_to_dict(s)["first_actions"]] == [a for a, _ in chosen]
