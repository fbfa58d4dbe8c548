"""The Word report: what python-docx reads back, what LibreOffice and pandoc make of it."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument

from readiness.answers import load_answers
from readiness.compare import compare
from readiness.loading import load_bank
from readiness.render.docx import render_comparison_docx, render_docx
from readiness.render.markdown import render_markdown
from readiness.render.sources import reference
from readiness.scoring import Assessment, Scorer
from tools import libreoffice_to_pdf, pandoc_to_docx, require

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank()
DAY = datetime.date(2026, 1, 15)


def example(name: str) -> Assessment:
    return Scorer(BANK).score(load_answers(ROOT / "examples" / f"{name}.yaml", BANK).answers)


def test_headings_domain_table_and_sources_read_back() -> None:
    """The summary comes first, the detail follows in numbered sections, the domain table has a
    row per domain with the rating in words, and each source is listed once."""
    assessment = example("mixed")
    doc = Document(io.BytesIO(render_docx(assessment, DAY)))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:7] == [
        ("Title", "Readiness report: Harrowdale and Easterby"),
        ("Heading 1", "Summary"),
        ("Heading 2", "The biggest risks"),
        ("Heading 2", "What is already settled"),
        ("Heading 2", "What to do first"),
        ("Heading 2", "What to find out first"),
        ("Heading 1", "1. The answers"),
    ]
    assert headings[-1] == ("Heading 1", "Sources")
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Domain", "Rating", "Score", "Firm", "Don't know"]
    assert [r.cells[0].text for r in table.rows[1:]] == [d.title for d in assessment.domains]
    assert table.rows[2].cells[1].text == "✔ Green"
    fills = {r.cells[1]._tc.xpath("./w:tcPr/w:shd/@w:fill")[0] for r in table.rows[1:]}
    assert fills == {"C6EFCE", "FFEB9C"}
    assert _listed_once(doc) >= 4


def test_comparison_as_word() -> None:
    """compare --format docx: the verdict, a domain table with a column per council, sources once."""
    files = sorted((ROOT / "examples" / "partnership").glob("*.yaml"))
    comparison = compare(BANK, [load_answers(f, BANK).answers for f in files])
    doc = Document(io.BytesIO(render_comparison_docx(comparison, DAY)))
    assert doc.paragraphs[0].text == "Partnership comparison: Kingsmoor and Wexley"
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["Domain", *comparison.councils, "Partnership"]
    assert any(p.text.startswith("Verdict: ✖ Not ready.") for p in doc.paragraphs)


def test_libreoffice_opens_it_with_the_summary_on_the_first_page(tmp_path: Path) -> None:
    """LibreOffice converts the report to PDF, and the summary fits on its first page."""
    (tmp_path / "mixed.docx").write_bytes(render_docx(example("mixed"), DAY))
    pdf = libreoffice_to_pdf(tmp_path / "mixed.docx")
    assert pdf.read_bytes().startswith(b"%PDF")
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed (apt-get install poppler-utils)")
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    assert "What to find out first" in first.stdout
    assert "1. The answers" not in first.stdout


def test_pandoc_turns_the_markdown_into_word_with_each_source_once(tmp_path: Path) -> None:
    """pandoc reads the markdown report into a Word file with no footnotes and each source once."""
    pandoc_to_docx(render_markdown(example("mixed"), DAY), tmp_path / "mixed.docx")
    doc = Document(str(tmp_path / "mixed.docx"))
    assert doc.element.xpath("//w:footnoteReference") == []
    assert _listed_once(doc) >= 4


def _listed_once(doc: DocxDocument) -> int:
    """How many sources the document lists, after checking that none is listed twice."""
    text = "\n".join(p.text for p in doc.paragraphs)
    counts = [text.count(reference(BANK, s)) for s in BANK.sources]
    assert set(counts) <= {0, 1}, counts
    return sum(counts)
