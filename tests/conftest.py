"""Shared test helpers: real clients (LibreOffice headless, poppler) and fixtures."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SHARED = ROOT.parent / "shared"


def soffice(src: Path, fmt: str, outdir: Path, filter_opts: str | None = None) -> Path:
    """Convert with LibreOffice headless (own profile, so tests can run in parallel)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is required: run tools/setup-test.sh"
    profile = outdir / f"lo-profile-{uuid.uuid4().hex[:8]}"
    target = f"{fmt}:{filter_opts}" if filter_opts else fmt
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    shutil.rmtree(profile, ignore_errors=True)
    result = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


def pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    n = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, n + 1)]


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return sizes


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def progress_example(tmp_path) -> Path:
    """A private copy of the committed Trung Trắc example with progress."""
    src = ROOT / "workbooks" / "examples" / "trung-trac-2023-tien-do-6-thang.xlsx"
    dst = tmp_path / "trung-trac.xlsx"
    shutil.copy(src, dst)
    return dst


@pytest.fixture
def plan_example(tmp_path) -> Path:
    src = ROOT / "workbooks" / "examples" / "trung-trac-2023-ke-hoach.xlsx"
    dst = tmp_path / "ke-hoach.xlsx"
    shutil.copy(src, dst)
    return dst
