"""The programs that read our outputs (Mermaid's parser, Graphviz, pandoc, LibreOffice), found
on this machine or the test skipped with the way to install them. CI (`CI` set, as `.ci/run`
does) installs them all, so there a missing one fails instead of skipping."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

MERMAID_DIR = Path(__file__).resolve().parent / "mermaid"


def require(ok: bool, missing: str) -> None:
    """Skip (locally) or fail (in CI) when a program a test needs is not installed."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{missing}; .ci/run installs it, so CI must have it")
    pytest.skip(missing)


def mermaid_parse(texts: list[str]) -> list[str | None]:
    """Mermaid's own parser on every text, in one node process: None for each text it accepts,
    else its error message."""
    require(shutil.which("node") is not None, "node is not installed (apt-get install nodejs)")
    require(
        (MERMAID_DIR / "node_modules" / "mermaid").is_dir(),
        f"Mermaid is not installed for the tests (cd {MERMAID_DIR} && npm ci)",
    )
    done = subprocess.run(
        ["node", str(MERMAID_DIR / "parse.mjs")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[str | None] = json.loads(done.stdout)
    return results


def dot_errors(text: str) -> str:
    """What Graphviz's `dot` says about a DOT text (one or more graphs): "" when it draws it."""
    require(shutil.which("dot") is not None, "Graphviz is not installed (apt-get install graphviz)")
    done = subprocess.run(
        ["dot", "-Tsvg", "-o", os.devnull], input=text.encode(), capture_output=True, timeout=300, check=False
    )
    return "" if done.returncode == 0 and not done.stderr else done.stderr.decode(errors="replace") or "failed"


def pandoc_to_docx(markdown: str, out: Path) -> None:
    """Convert GitHub-flavoured markdown to a Word document with pandoc."""
    require(shutil.which("pandoc") is not None, "pandoc is not installed (apt-get install pandoc)")
    subprocess.run(
        ["pandoc", "--from", "gfm", "--to", "docx", "--output", str(out)], input=markdown.encode(), check=True
    )


def libreoffice_to_pdf(document: Path) -> Path:
    """Open a document in LibreOffice (headless) and save it as PDF beside it; the PDF's path."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    require(office is not None, "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    assert office is not None
    profile = document.parent / "lo-profile"  # a profile of its own: no clash with a running LibreOffice
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(document.parent), str(document)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pdf = document.with_suffix(".pdf")
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {document}"
    return pdf


XFORMS_DIR = Path(__file__).resolve().parent / "xforms"


def xforms_relevant(xform: str, cases: list[list[tuple[str, str | None]]]) -> list[list[str]]:
    """ODK's XForms engine (the one inside ODK Web Forms) fills in the form case by case, a
    field a step, in one node process: for each case, the names of the fields it then shows."""
    require(shutil.which("node") is not None, "node is not installed (apt-get install nodejs)")
    require(
        (XFORMS_DIR / "node_modules" / "@getodk" / "xforms-engine").is_dir(),
        f"ODK's XForms engine is not installed for the tests (cd {XFORMS_DIR} && npm ci)",
    )
    done = subprocess.run(
        ["node", str(XFORMS_DIR / "relevance.mjs")],
        input=json.dumps({"xform": xform, "cases": cases}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[list[str]] = json.loads(done.stdout)
    return results


def libreoffice_convert(documents: list[Path], to: str = "pdf") -> list[Path]:
    """Open several documents in one headless LibreOffice and save each `to` (pdf, or xlsx for a
    spreadsheet read back) beside it; the new files' paths, in order."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    require(office is not None, "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    assert office is not None
    if to.startswith("xlsx"):  # Calc is a package of its own
        calc = Path(os.path.realpath(office)).parent / "libsclo.so"
        require(calc.exists(), "LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    folder = documents[0].parent
    out = folder / "converted"
    profile = folder / "lo-profile"  # a profile of its own: no clash with a running LibreOffice
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to]
    subprocess.run([*command, "--outdir", str(out), *map(str, documents)], capture_output=True, timeout=300, check=True)
    converted = [out / d.with_suffix(f".{to.split(':')[0]}").name for d in documents]
    missing = [p for p in converted if not p.is_file()]
    assert not missing, f"LibreOffice wrote no {to} for {missing}"
    return converted


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF, as pdftotext reads it (its layout kept)."""
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed (apt-get install poppler-utils)")
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")[:-1]
