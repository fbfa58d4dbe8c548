"""`readiness form` and `readiness template --format csv` from the command line."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from readiness.cli import app
from readiness.loading import load_bank

runner = CliRunner()
BANK = load_bank()


def test_form_writes_an_xlsform_that_pyxform_converts(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from pyxform.xls2xform import convert

    partnership = tmp_path / "p.yaml"
    partnership.write_text('name: K & W\ncouncils: ["King\'s Lynn & West Norfolk", \'Wexley "BC"\']\n')
    out = tmp_path / "form.xlsx"
    result = runner.invoke(app, ["form", "--partnership", str(partnership), "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["survey", "choices", "settings"]
    councils = [row[1] for row in book["choices"].iter_rows(values_only=True) if row[0] == "councils"]
    assert councils == ["King's Lynn & West Norfolk", 'Wexley "BC"']
    warnings: list[str] = []
    xform = convert(xlsform=out.read_bytes(), warnings=warnings).xform
    assert warnings == []
    assert "<councils/>" in xform


def test_form_refuses_a_partnership_of_one_council_and_writes_nothing(tmp_path: Path) -> None:
    partnership = tmp_path / "p.yaml"
    partnership.write_text("name: K\ncouncils: [Kingsmoor District Council]\n")
    out = tmp_path / "form.xlsx"
    result = runner.invoke(app, ["form", "--partnership", str(partnership), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{partnership}:")
    assert "name at least two councils" in result.output
    assert not out.exists()


def test_form_never_writes_over_its_partnership_file(tmp_path: Path) -> None:
    partnership = tmp_path / "p.yaml"
    partnership.write_text("name: K and W\ncouncils: [K, W]\n")
    result = runner.invoke(app, ["form", "--partnership", str(partnership), "-o", str(partnership)])
    assert result.exit_code == 1
    assert partnership.read_text() == "name: K and W\ncouncils: [K, W]\n"


def test_the_csv_template_filled_in_is_scored(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "--format", "csv"])
    assert result.exit_code == 0
    header, guide = list(csv.reader(result.output.splitlines()))
    assert set(BANK.questions) <= set(header)
    assert guide[0].startswith("#")
    assert "one of shared_ceo" in guide[header.index("arrangement")]
    row = dict.fromkeys(header, "")
    row |= {"council": "K", "role": "leader", "arrangement": "shared_ceo", "main_aim": "savings", "num_councils": "two"}
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(result.output + ",".join(row[c] for c in header) + "\n")
    scored = runner.invoke(app, ["score", str(sheet), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    assert '"arrangement"' in scored.output
