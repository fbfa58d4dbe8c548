"""The markdown report reaches the office tools councils use: pandoc turns it into a Word
document and LibreOffice opens that document (saving it as PDF)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from readiness.answers import load_answers
from readiness.loading import load_bank
from readiness.render.markdown import render_markdown
from readiness.scoring import Scorer
from tools import libreoffice_to_pdf, pandoc_to_docx

ROOT = Path(__file__).resolve().parents[1]


def test_pandoc_makes_a_word_document_that_libreoffice_opens(tmp_path: Path) -> None:
    """A report converted by pandoc is a Word document with the report's title, and LibreOffice
    converts it to a PDF."""
    bank = load_bank()
    report = render_markdown(Scorer(bank).score(load_answers(ROOT / "examples" / "mixed.yaml", bank).answers))
    docx = tmp_path / "mixed.docx"
    pandoc_to_docx(report, docx)
    with zipfile.ZipFile(docx) as archive:
        assert "Readiness report" in archive.read("word/document.xml").decode()
    assert libreoffice_to_pdf(docx).read_bytes().startswith(b"%PDF-")
