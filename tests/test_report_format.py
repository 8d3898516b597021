"""`papi-xl report`: the format of Nghị định 30/2020/NĐ-CP as a reader sees it, checked on the PDF that
LibreOffice renders (word boxes from ``pdftotext -bbox``, drawn lines from a ``pdftoppm`` raster), and
the WordprocessingML checked against the schema with openxml-audit."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator, ValidationErrorType
from test_report import EXAMPLE, _earlier, body_texts, report, runner

from papi_xl.adapters.cli import app
from papi_xl.outputs.report.draft import Draft, Heading, P, Table
from papi_xl.outputs.report.word import render
from papi_xl.samples import trung_trac_tasks, write_returned, write_returned_set

MM = 72 / 25.4  # points per millimetre
DPI = 144  # 2 pixels per point


# -- rendering and reading PDFs ----------------------------------------------------------------------------
def to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """Every file converted to PDF in one LibreOffice run."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is required: run tools/setup-test.sh"
    profile = outdir / f"lo-profile-{uuid.uuid4().hex[:8]}"
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=600)
    shutil.rmtree(profile, ignore_errors=True)
    pdfs = [outdir / f"{f.stem}.pdf" for f in files]
    assert all(p.exists() for p in pdfs)
    return pdfs


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def words(pdf: Path, page: int) -> tuple[tuple[float, float], list[tuple[str, float, float, float, float]]]:
    """The page size and its words with their boxes (points, origin top left)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    found = [(html.unescape(m.group(5)), float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)))
             for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)'
                                  r'</word>', out)]
    return (float(size.group(1)), float(size.group(2))), found


def phrase_box(ws, phrase: str) -> tuple[float, float, float, float]:
    """The box around the words that spell ``phrase`` (first occurrence; spaces ignored, since a letter
    drawn from a fallback font comes out as a word of its own)."""
    target = phrase.replace(" ", "")
    joined, owner = "", []
    for n, w in enumerate(ws):
        joined += w[0]
        owner += [n] * len(w[0])
    at = joined.find(target)
    if at < 0:
        raise AssertionError(f"{phrase!r} not on the page: {joined[:300]}")
    span = [ws[n] for n in sorted(set(owner[at:at + len(target)]))]
    return (min(w[1] for w in span), min(w[2] for w in span), max(w[3] for w in span), max(w[4] for w in span))


def raster(pdf: Path, page: int, tmp: Path) -> tuple[int, int, bytes]:
    """The page as 8-bit grey pixels at :data:`DPI`."""
    prefix = tmp / f"r-{uuid.uuid4().hex[:6]}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(prefix)], check=True)
    data = Path(f"{prefix}.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def rule_under(img, box, within_pt: float = 8.0, min_len_pt: float = 10.0) -> tuple[float, float, float]:
    """The horizontal line drawn under ``box``: (y, x0, x1) in points, the longest dark run of pixels in
    the rows just below the text and overlapping it."""
    w, h, px = img
    scale = DPI / 72
    x_lo, x_hi = int((box[0] - 40) * scale), int((box[2] + 40) * scale)
    best = None
    for y in range(int(box[3] * scale), int((box[3] + within_pt) * scale) + 1):
        row = px[y * w:(y + 1) * w]
        x = x_lo
        while x < x_hi:
            if row[x] < 110:
                start = x
                while x < x_hi and row[x] < 110:
                    x += 1
                if (x - start) / scale >= min_len_pt and (best is None or x - start > best[2] - best[1]):
                    best = (y, start, x)
            x += 1
    assert best is not None, f"no line drawn under {box}"
    return best[0] / scale, best[1] / scale, best[2] / scale


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The three reports (a commune; a merged summary; a commune with --previous) and their PDFs."""
    root = tmp_path_factory.mktemp("rendered")
    commune = root / "commune.docx"
    report(EXAMPLE, "-o", commune)
    write_returned_set(root / "in", ["Xã Trung Trắc", "Xã Lạc Hồng", "Xã Đại Đồng"])
    result = runner.invoke(app, ["merge", str(root / "in"), "-o", str(root / "th.xlsx"), "--unit", "Tỉnh Hưng Yên"])
    assert result.exit_code == 0, result.output
    summary = root / "summary.docx"
    report(root / "th.xlsx", "-o", summary)
    previous = root / "previous.docx"
    report(EXAMPLE, "-o", previous, "--previous", _earlier(root, dt.date(2023, 3, 31)))
    docs = [commune, summary, previous]
    return dict(zip(("commune", "summary", "previous"), zip(docs, to_pdf(docs, root), strict=True), strict=True))


# -- the WordprocessingML ---------------------------------------------------------------------------------------
def schema_errors(path: Path) -> list[str]:
    result = OpenXmlValidator().validate(str(path))
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors
            if e.error_type == ValidationErrorType.SCHEMA]


def test_every_part_is_schema_valid(rendered, tmp_path):
    for docx_path, _ in rendered.values():
        assert schema_errors(docx_path) == []
        with zipfile.ZipFile(docx_path) as z:
            names = z.namelist()
            assert "word/header1.xml" in names and "word/stylesWithEffects.xml" not in names
            assert "─" not in z.read("word/document.xml").decode()
    # the validator does catch what Word repairs: a table property after w:tblLook
    docx_path = rendered["commune"][0]
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                text = data.decode()
                first = re.search(r"<w:tblPr>.*?</w:tblPr>", text, re.S).group(0)
                moved = re.sub(r'(<w:tblLayout w:type="fixed"/>)(.*)(</w:tblPr>)', r"\2\1\3", first, flags=re.S)
                assert moved != first
                data = text.replace(first, moved, 1).encode()
            dst.writestr(item, data)
    assert any("tblLayout" in e for e in schema_errors(broken))


# -- the heading ---------------------------------------------------------------------------------------------
def test_heading_rules_are_drawn_right_under_the_text(rendered, tmp_path):
    fonts = subprocess.run(["fc-list", ":charset=1ed9", "family"], capture_output=True, text=True).stdout
    assert "Liberation Serif" in fonts, "Liberation 2 (Times New Roman's metrics, Vietnamese): tools/setup-test.sh"
    for key in ("commune", "summary"):
        _, pdf = rendered[key]
        _, ws = words(pdf, 1)
        img = raster(pdf, 1, tmp_path)
        # the Tiêu ngữ: a line as long as the line of text
        motto = phrase_box(ws, "Độc lập - Tự do - Hạnh phúc")
        y, x0, x1 = rule_under(img, motto)
        assert 0 < y - motto[3] < 5, (y, motto)
        assert abs(x0 - motto[0]) < 1.5 and abs(x1 - motto[2]) < 1.5, (x0, x1, motto)
        # the issuing body: a line 1/3 to 1/2 as long, centred under it
        name = {"commune": "XÃ TRUNG TRẮC", "summary": "TỈNH HƯNG YÊN"}[key]
        body = phrase_box(ws, name)
        y, x0, x1 = rule_under(img, body)
        assert 0 < y - body[3] < 5
        assert 1 / 3 <= (x1 - x0) / (body[2] - body[0]) <= 1 / 2
        assert abs((x0 + x1) / 2 - (body[0] + body[2]) / 2) < 2
        # the issuing body is written "ỦY BAN NHÂN DÂN" over the unit, with no parent line above
        ubnd = phrase_box(ws, "ỦY BAN NHÂN DÂN")
        assert ubnd[1] < body[1] - 5 and not [w for w in ws if w[4] < ubnd[1] - 1]
        # the number and the date line stand on one line, under the rules
        number, place = phrase_box(ws, "Số: […]/BC-UBND"), phrase_box(ws, "ngày […] tháng […] năm 2023")
        assert abs(number[1] - place[1]) < 1 and number[1] > y


def test_a_long_unit_name_is_never_split(tmp_path):
    tasks = [dict(t, status="Đang thực hiện") for t in trung_trac_tasks()]
    names = ["Phường Phùng Chí Kiên", "Xã Hoàng Hoa Thám Thượng Đông", "Thị trấn Như Quỳnh"]
    docs = []
    for n, unit in enumerate(names):
        book = write_returned(tmp_path / f"x{n}.xlsx", unit, tasks, parent="Huyện Văn Lâm")
        docs.append(tmp_path / f"x{n}.docx")
        report(book, "-o", docs[-1])
    for unit, pdf in zip(names, to_pdf(docs, tmp_path), strict=True):
        _, ws = words(pdf, 1)
        box = phrase_box(ws, unit.upper())
        assert box[3] - box[1] < 20, unit  # one line high
        assert box[2] - box[0] < 70 * MM  # inside its column
        texts = body_texts(tmp_path / f"{pdf.stem}.docx")
        assert texts[texts.index("ỦY BAN NHÂN DÂN") + 1] == unit.upper()


# -- pages ---------------------------------------------------------------------------------------------------
def test_pages_are_numbered_from_page_two_centred_at_the_top(rendered):
    _, pdf = rendered["commune"]
    n = page_count(pdf)
    assert n >= 4
    for page in range(1, n + 1):
        (width, height), ws = words(pdf, page)
        top = [w for w in ws if w[4] < 20 * MM]  # inside the top margin
        if page == 1:
            assert (width, height) == pytest.approx((595.3, 841.9), abs=1)
            assert not [w for w in top if w[0].isdigit()]
            continue
        assert [w[0] for w in top] == [str(page)]
        landscape = width > height
        left = 30 * MM
        text_width = width - left - 15 * MM
        assert abs((top[0][1] + top[0][3]) / 2 - (left + text_width / 2)) < 3, (page, top)
        if landscape:  # the appendix
            assert (width, height) == pytest.approx((841.9, 595.3), abs=1)


def _filler_draft(k: int) -> Draft:
    heading = Heading("ỦY BAN NHÂN DÂN", "XÃ THỬ", True, "Số: […]/BC-UBND", "Thử, ngày […] tháng […] năm 2023")
    body = [P(f"Đoạn văn số {i + 1} để đẩy bảng xuống cuối trang.") for i in range(k)]
    table = Table("Bảng 1. Bảng thử giữ chú thích", ["Cột A", "Cột B"], [[str(i), "x"] for i in range(8)], [80, 85],
                  ["left", "center"])
    body.append(table)
    body += [P("Đoạn sau bảng.")]
    return Draft(heading, "Thử", body, ["Lưu: VT"], ("CHỦ TỊCH",), None, "Thử")


def _without_keep_next(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for item in z.infolist():
            data = z.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:keepNext/>", b"")
            out.writestr(item, data)


def test_a_caption_stays_on_the_page_of_its_table(tmp_path):
    docs, controls = [], []
    for k in range(18, 36):
        path = tmp_path / f"k{k}.docx"
        render(_filler_draft(k)).save(str(path))
        docs.append(path)
        controls.append(tmp_path / f"c{k}.docx")
        _without_keep_next(path, controls[-1])
    pdfs = to_pdf(docs + controls, tmp_path)

    def pages_of(pdf: Path) -> tuple[int, int]:
        found = {}
        for page in range(1, page_count(pdf) + 1):
            text = " ".join(w[0] for w in words(pdf, page)[1])
            for key, phrase in (("caption", "Bảng thử giữ chú thích"), ("table", "Cột A")):
                if phrase in text and key not in found:
                    found[key] = page
        return found["caption"], found["table"]

    kept = [pages_of(p) for p in pdfs[:len(docs)]]
    loose = [pages_of(p) for p in pdfs[len(docs):]]
    assert all(c == t for c, t in kept), kept
    assert any(c != t for c, t in loose), "no case put the caption at the foot of a page"  # the test can fail


def test_the_appendix_and_long_tables_repeat_their_header(rendered):
    docx_path, pdf = rendered["commune"]
    n = page_count(pdf)
    appendix_pages = [p for p in range(1, n + 1) if words(pdf, p)[0][0] > words(pdf, p)[0][1]]
    assert len(appendix_pages) >= 2
    for page in appendix_pages:
        text = " ".join(w[0] for w in words(pdf, page)[1])  # (a table is read column by column)
        for header in ("Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ", "Kết quả thực hiện", "Minh chứng"):
            assert header in text, (page, header)
    # a content index's title row is never left alone at the foot of a page
    from papi_xl.domain.catalog import load_catalog

    seen = set()
    for page in appendix_pages:
        _, ws = words(pdf, page)
        for index in load_catalog("hungyen-xa").indices:
            try:
                box = phrase_box(ws, index.label)
            except AssertionError:
                continue
            seen.add(index.code)
            assert any(w[2] > box[3] + 5 for w in ws), (page, index.label)
    assert len(seen) == 9
