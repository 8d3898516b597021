"""Files that stay well-formed whatever the input holds (issue 14).

- characters XML 1.0 forbids — C0 controls, U+FFFE, U+FFFF, lone surrogates (an undecodable file name or
  command-line argument, decoded with surrogateescape) — never reach a part: every output opens with lxml
  and with LibreOffice, and shows the text without them;
- a submitter's note on a faulty cell keeps its text, and papi-xl's message is in it once, whatever the
  number of runs, also when LibreOffice re-saved the file in between;
- repeated validate + summarize cycles add nothing to styles.xml (Excel: 512 fonts, 256 fills at most),
  also on inputs whose styles another application wrote;
- every page header and footer papi-xl writes stays within Excel's 255 characters, ``&`` escaped;
- a sheet papi-xl adds to an .xlsm gets a code name of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine as pc
import xlwt
from builders import good_task, write
from conftest import soffice
from excel_like import make_excel_like
from lxml import etree
from ooxml_audit import assert_schema_valid
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.inputs.read import read_workbook
from papi_xl.ooxml.comments import MARK
from papi_xl.ooxml.escape import header_footer
from papi_xl.ooxml.ns import MAIN
from papi_xl.ooxml.package import Package, set_codename
from papi_xl.outputs.xlsm import add_vba_and_buttons
from papi_xl.rules.validate import validate

runner = CliRunner()
C0 = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))  # XML 1.0 forbids all of them
NON_CHARACTERS = "\ufffe\uffff"
BAD = C0 + NON_CHARACTERS
CLI = [sys.executable, "-m", "papi_xl.adapters.cli"]


def _tasks(mark: str) -> list[dict]:
    return [good_task(1, task=f"Nhiệm vụ {mark}", status="Hoàn thành", result="Đã xong", evidence="Số 1/KH",
                      done_date=dt.date(2025, 3, 1)),
            good_task(2, lead=f"Hợp tác xã {mark}"),
            good_task(3, status=f"Đang làm {mark}")]


def _xlsx_with_escapes(path: Path) -> Path:
    """A workbook as Excel stores control characters: ``_xHHHH_`` in the text of the cells."""
    write(path, _tasks("PLACEHOLDER"), unit="Xã PLACEHOLDER")
    escaped = "A" + "".join(f"_x{ord(c):04X}_" for c in C0) + "Z"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for n in parts:
        if n.startswith("xl/worksheets/"):
            parts[n] = parts[n].replace(b"PLACEHOLDER", escaped.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def _xls_with_raw(path: Path, tmp: Path) -> Path:
    """An .xls (BIFF8 strings are UTF-16: they hold any code unit) with the characters themselves."""
    src = write(tmp / f"{uuid.uuid4().hex}.xlsx", _tasks("PLACEHOLDER"), unit="Xã PLACEHOLDER")
    book = pc.CalamineWorkbook.from_path(str(src))
    wb = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for name in book.sheet_names:
        ws = wb.add_sheet(name)
        for r, row in enumerate(book.get_sheet_by_name(name).to_python(skip_empty_area=False)):
            for c, v in enumerate(row):
                if v in ("", None):
                    continue
                if isinstance(v, str):
                    ws.write(r, c, v.replace("PLACEHOLDER", "A" + BAD + "Z"))
                elif isinstance(v, dt.date):
                    ws.write(r, c, v, dates)
                else:
                    ws.write(r, c, v)
    wb.save(str(path))
    info = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Thông tin").to_python()
    assert "Xã A" + BAD + "Z" in [v for row in info for v in row]  # the reader gets them all
    return path


def _well_formed(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith((".xml", ".rels", ".vml")) or n == "[Content_Types].xml":
                etree.fromstring(z.read(n))  # raises on a character XML forbids


def _lo_values(paths: list[Path], outdir: Path) -> dict[Path, dict[str, list]]:
    """Open every file with LibreOffice (one run), save it as .xlsx, and read back each sheet's texts."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    profile = outdir / "lo-profile"
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to",
                    "xlsx", "--outdir", str(outdir), *map(str, paths)], check=True, capture_output=True, timeout=300)
    out = {}
    for p in paths:
        saved = outdir / f"{p.stem}.xlsx"
        assert saved.exists(), f"LibreOffice could not open {p.name}"
        wb = openpyxl.load_workbook(saved)
        out[p] = {ws.title: [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
                  for ws in wb.worksheets}
    return out


def _texts(sheets: dict[str, list], sheet: str) -> str:
    return "\n".join(sheets[sheet])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("hostile")
    xlsx = _xlsx_with_escapes(d / "escaped.xlsx")
    xls = _xls_with_raw(d / "raw.xls", d)
    outputs = {}
    for src in (xlsx, xls):
        for cmd, tag in (("validate", "kiem-tra"), ("summarize", "tong-hop")):
            dest = d / f"{src.stem}.{tag}.xlsx"
            result = runner.invoke(app, [cmd, str(src), "-o", str(dest)])
            assert result.exit_code in (0, 1), result.output
            outputs[(src.suffix, cmd)] = dest
        result = runner.invoke(app, ["validate", str(src), "--json", "--no-copy"])
        assert result.exit_code in (0, 1), result.output  # findings, never a crash (exit 3)
        quoted = json.dumps(json.loads(result.output)["issues"], ensure_ascii=False)
        assert re.search("'Hợp tác xã A[\ufffe\uffff]*Z'", quoted), quoted  # JSON may carry U+FFFE; XML never
    folder = d / "units"
    folder.mkdir()
    shutil.copy(xls, folder / "raw.xls")
    shutil.copy(xlsx, folder / "escaped.xlsx")
    shutil.copy(xls, os.fsdecode(os.fsencode(folder) + b"/x\xff.xls"))  # a name that is not UTF-8
    merged = d / "merged.xlsx"
    unit = os.fsencode("Tỉnh ") + b"\xff" + "\x01 Hưng Yên".encode()  # an argument that is not UTF-8
    done = subprocess.run([os.fsencode(a) for a in CLI] + [b"merge", os.fsencode(folder), b"-o",
                                                           os.fsencode(merged), b"--unit", unit],
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    outputs["merge"] = merged
    report = d / "report.docx"
    assert runner.invoke(app, ["report", str(xls), "-o", str(report)]).exit_code == 0
    outputs["report"] = report
    return {"dir": d, "outputs": outputs}


def test_every_output_is_well_formed_and_schema_valid(hostile):
    for key, path in hostile["outputs"].items():
        _well_formed(path)
        if path.suffix == ".xlsx":
            assert_schema_valid(path)
        data = b"".join(zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()
                        if n.endswith((".xml", ".vml")))
        for ch in BAD:  # not as a character reference either
            assert f"&#{ord(ch)};".encode() not in data and f"&#x{ord(ch):x};".encode() not in data.lower(), key


def test_libreoffice_opens_every_output_and_shows_the_text_without_the_characters(hostile, tmp_path):
    out = hostile["outputs"]
    sheets = _lo_values([p for p in out.values() if p.suffix == ".xlsx"], tmp_path)
    # the annotated copies quote the faulty cells in the Kiểm tra sheet, forbidden characters left out
    for suffix in (".xlsx", ".xls"):
        check = _texts(sheets[out[(suffix, "validate")]], "Kiểm tra")
        assert "'Hợp tác xã AZ'" in check and "'Đang làm AZ'" in check, check[:2000]
        assert not set(check) & set(BAD)
        snapshot = "\n".join(sheets[out[(suffix, "summarize")]]["Tổng hợp"])
        assert "Hợp tác xã AZ" in snapshot
    merged = sheets[out["merge"]]
    tasks = "\n".join(merged["Nhiệm vụ"])
    assert "Nhiệm vụ AZ" in tasks and "Xã AZ" in tasks
    register = "\n".join(merged["Tình hình nộp"])
    assert "x.xls" in register and "raw.xls" in register  # the undecodable byte left out of the name
    assert "TỈNH  HƯNG YÊN" in register.upper().replace("\n", " ")
    assert not set("".join(t for s in merged.values() for t in s)) & set(BAD + "\udcff")
    # the .docx report: python-docx text through the same escaper
    txt = soffice(out["report"], "txt:Text (encoded):UTF8", tmp_path / "docx")
    text = txt.read_text(encoding="utf-8-sig")
    assert "Xã AZ".upper() in text.upper() and not set(text) & set(BAD)


# -- notes ---------------------------------------------------------------------------------------------------
def _resave_with_libreoffice(path: Path, tmp: Path) -> None:
    saved = soffice(path, "xlsx", tmp / uuid.uuid4().hex)
    shutil.copy(saved, path)


def _notes(path: Path, sheet: str = "Nhiệm vụ") -> dict[str, str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}


def _vml_note_cells(path: Path) -> list[tuple[int, int]]:
    """(row, column) of every note shape of the VML drawings, whatever prefixes they were written with."""
    x = "{urn:schemas-microsoft-com:office:excel}"
    cells = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".vml"):
                root = etree.fromstring(z.read(n), etree.XMLParser(recover=True))
                cells += [(int(d.findtext(f"{x}Row")), int(d.findtext(f"{x}Column")))
                          for d in root.iter(f"{x}ClientData") if d.get("ObjectType") == "Note"]
    return cells


@pytest.mark.parametrize("resave", [False, True], ids=["papi-xl only", "LibreOffice re-save between runs"])
def test_three_runs_leave_one_copy_of_the_message_in_a_submitters_note(tmp_path, resave):
    work = write(tmp_path / "x.xlsx", [good_task(1, status="Hoàn thành"), good_task(2, lead="Hợp tác xã"),
                                       good_task(3)])
    make_excel_like(work, {"F7": "HTX mới thành lập, chưa có trong danh mục", "D8": "Nhiệm vụ bổ sung"})
    wb = openpyxl.load_workbook(work)  # and a plain note (openpyxl writes a single <t>) on a faulty cell
    wb["Nhiệm vụ"]["L6"].comment = openpyxl.comments.Comment("Đang chờ kết quả", "Chủ tịch xã")
    wb.save(work)
    before = _notes(work)
    for run in range(3):
        if resave and run:
            _resave_with_libreoffice(work, tmp_path)
        assert runner.invoke(app, ["validate", str(work), "--in-place"]).exit_code == 1
        notes = _notes(work)
        assert notes["F7"].startswith(before["F7"] + MARK) and notes["F7"].count("(unknown-unit)") == 1
        assert notes["L6"].startswith(before["L6"] + MARK) and notes["L6"].count("(done-no-result)") == 1
        assert notes["D8"] == before["D8"]  # a note on a sound cell is never touched
        assert notes["M6"].count("(done-no-evidence)") == 1 and notes["M6"].startswith(MARK)  # papi-xl's own
        assert sorted(_vml_note_cells(work)) == sorted(
            (int(re.sub(r"\D", "", ref)) - 1, ord(ref[0]) - 65) for ref in notes)  # one shape per note
        assert_schema_valid(work)
    # the faults fixed: papi-xl's text goes, the submitter's text is back as it was
    wb = openpyxl.load_workbook(work)
    ws = wb["Nhiệm vụ"]
    ws["F7"], ws["L6"], ws["M6"], ws["N6"] = "UBND xã", "Đã ban hành", "Số 2/KH-UBND", dt.datetime(2025, 1, 2)
    wb.save(work)
    if resave:
        _resave_with_libreoffice(work, tmp_path)
    assert runner.invoke(app, ["validate", str(work), "--in-place"]).exit_code == 0
    notes = _notes(work)
    assert {k: notes[k] for k in ("F7", "L6", "D8")} == {k: before[k] for k in ("F7", "L6", "D8")}
    left = validate(read_workbook(work)).findings  # what is still to fix (warnings): their notes, nothing else
    assert {ref for ref, t in notes.items() if MARK in t} == {f.cell for f in left if f.sheet == "Nhiệm vụ" and f.cell}
    assert "(unknown-unit)" not in notes["F7"] and "(done-no-result)" not in notes["L6"]
    # and their colour is gone, also when LibreOffice renumbered the cell formats (the previous run's
    # Kiểm tra list still names the cells): each keeps its own format, without papi-xl's fill
    ws = openpyxl.load_workbook(work)["Nhiệm vụ"]
    for ref in ("F7", "L6"):
        assert ws[ref].fill.fill_type is None and ws[ref].border.left.style == "thin", ref
    assert_schema_valid(work)


# -- styles --------------------------------------------------------------------------------------------------
def _style_counts(path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("xl/styles.xml"))
    return {tag: len(root.find(f"{{{MAIN}}}{tag}")) if root.find(f"{{{MAIN}}}{tag}") is not None else 0
            for tag in ("numFmts", "fonts", "fills", "borders", "cellXfs", "cellStyleXfs", "dxfs")}


@pytest.mark.parametrize("origin", ["papi-xl", "Excel", "LibreOffice"])
def test_five_validate_summarize_cycles_add_no_styles(tmp_path, origin):
    work = write(tmp_path / "x.xlsx", [good_task(1, status="Hoàn thành"), good_task(2, lead="Hợp tác xã"),
                                       good_task(3, timeline="Quý I năm 2025", status="Chưa thực hiện")])
    if origin == "Excel":
        make_excel_like(work, {"F7": "Ghi chú"})
    elif origin == "LibreOffice":
        _resave_with_libreoffice(work, tmp_path)
    start = _style_counts(work)
    counts = []
    for _ in range(5):
        for cmd in ("validate", "summarize"):
            assert runner.invoke(app, [cmd, str(work), "--in-place"]).exit_code in (0, 1)
        counts.append(_style_counts(work))
    assert counts[0] != start  # the first cycle adds the fills and formats it needs
    assert all(c == counts[0] for c in counts), counts
    assert counts[-1]["fonts"] < 512 and counts[-1]["fills"] < 256
    # and the coloured cells are the faulty ones, nothing else
    ws = openpyxl.load_workbook(work)["Nhiệm vụ"]
    coloured = {c.coordinate for row in ws.iter_rows() for c in row
                if c.fill.fill_type == "solid" and c.fill.fgColor.rgb in ("FFFFC7CE", "FFFFEB9C")}
    assert coloured == {"L6", "M6", "N6", "F7", "J8"}


# -- headers and footers -------------------------------------------------------------------------------------
LONG_UNIT = "Ủy ban nhân dân xã Đông & Tây " * 12  # 360 characters, with ampersands


def _headers(path: Path) -> list[str]:
    out = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/sheet"):
                root = etree.fromstring(z.read(n))
                out += [el.text or "" for tag in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                                                  "firstFooter") for el in root.iter(f"{{{MAIN}}}{tag}")]
    return out


def _literal(header: str) -> str:
    """The text a header shows: codes removed, ``&&`` read as ``&``."""
    text = re.sub(r'&&|&"[^"]*"|&\d+|&[A-Za-z]', lambda m: "&" if m.group(0) == "&&" else "", header)
    return re.sub(r"\s+", " ", text).strip()


def test_every_header_and_footer_fits_excels_limit(tmp_path):
    outputs = {}
    unit = LONG_UNIT.strip()
    assert runner.invoke(app, ["new", "-o", str(tmp_path / "new.xlsx"), "--unit", unit, "--year", "2025"]).exit_code == 0
    outputs["template"] = tmp_path / "new.xlsx"
    src = write(tmp_path / "x.xlsx", [good_task(1), good_task(2)], unit=unit)
    xls = soffice(src, "xls", tmp_path / "xls")
    assert runner.invoke(app, ["summarize", str(xls), "-o", str(tmp_path / "snap.xlsx")]).exit_code == 0
    outputs["snapshot on a new Tổng hợp sheet"] = tmp_path / "snap.xlsx"
    units = tmp_path / "units"
    units.mkdir()
    shutil.copy(src, units / "x.xlsx")
    assert runner.invoke(app, ["merge", str(units), "-o", str(tmp_path / "m.xlsx"), "--unit", unit]).exit_code == 0
    outputs["merged summary"] = tmp_path / "m.xlsx"
    for kind, path in outputs.items():
        headers = [h for h in _headers(path) if h]
        assert headers, kind
        for h in headers:
            assert len(h) <= 255, (kind, len(h), h)
            assert not re.search(r"(?<!&)&(?:&&)*(?![&\"A-Za-z\d])", h), (kind, h)  # every literal & doubled
        with_unit = [h for h in headers if "ỦY BAN" in h.upper()]
        assert with_unit, (kind, headers)
        for h in with_unit:
            shown = _literal(h)
            assert shown.endswith("…") or shown.endswith("- năm 2025"), (kind, shown)
            assert "…" in shown and "Đông & Tây".upper() in shown.upper()
    template_headers = [h for h in _headers(outputs["template"]) if "Ủy ban" in h]
    assert all(h.endswith("… - năm 2025") for h in template_headers)  # the year is kept whole
    # LibreOffice reads the header of the template (a page header beyond 255 characters is dropped by Excel)
    wb = openpyxl.load_workbook(soffice(outputs["template"], "xlsx", tmp_path / "lo"))
    assert "Đông & Tây" in wb["Nhiệm vụ"].oddHeader.center.text.replace("&&", "&")


def test_header_footer_fits_any_text():
    codes = '&C&"Times New Roman,Regular"&10 '
    for text in ("", "Xã A", "&" * 400, "😀" * 300, "a\nb\tc" * 100, "x" * 255, "2025" * 80):
        h = header_footer(codes, text, " - năm 2025")
        units = len(h.encode("utf-16-le")) // 2
        assert units <= 255 and h.startswith(codes) and h.endswith(" - năm 2025"), (text[:10], h)
        assert "\n" not in h and "\t" not in h
        literal = h[len(codes):]
        assert re.fullmatch(r"(?:[^&]|&&)*", literal), literal[:40]
    assert header_footer("&C&10", "2025") == "&C&10 2025"  # not font size 102025


# -- code names ----------------------------------------------------------------------------------------------
def _codenames(path: Path) -> dict[str, str | None]:
    pkg = Package(path)
    wb = etree.fromstring(pkg.get("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(pkg.get("xl/_rels/workbook.xml.rels"))}
    out = {}
    for s in wb.iter(f"{{{MAIN}}}sheet"):
        target = rels[s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        pr = etree.fromstring(pkg.get("xl/" + target.removeprefix("/xl/"))).find(f"{{{MAIN}}}sheetPr")
        out[s.get("name")] = pr.get("codeName") if pr is not None else None
    return out


def test_a_check_sheet_added_to_an_xlsm_gets_a_code_name_of_its_own(tmp_path):
    macro = add_vba_and_buttons(write(tmp_path / "m.xlsx", [good_task(1, lead="Hợp tác xã")]), tmp_path / "m.xlsm")
    # code names the next free "SheetN" would collide with in another case (VBA names ignore case)
    pkg = Package(macro)
    names = _codenames(macro)
    assert None not in names.values()
    set_codename(pkg, "xl/worksheets/sheet4.xml", "SHEET4")
    set_codename(pkg, "xl/worksheets/sheet5.xml", "sheet5")
    pkg.save(tmp_path / "m2.xlsm")
    for _ in range(2):
        assert runner.invoke(app, ["validate", str(tmp_path / "m2.xlsm"), "--in-place"]).exit_code in (0, 1)
        names = _codenames(tmp_path / "m2.xlsm")
        assert names["Kiểm tra"] == "Sheet6", names  # not "Sheet4" (VBA names ignore case); kept on a re-run
        assert len({n.lower() for n in names.values()}) == len(names)
    assert_schema_valid(tmp_path / "m2.xlsm")
    # a Tổng hợp sheet added by summarize to an .xlsm without one gets one too
    pkg = Package(tmp_path / "m2.xlsm")
    wb = etree.fromstring(pkg.get("xl/workbook.xml"))
    sheets = wb.find(f"{{{MAIN}}}sheets")
    for s in list(sheets):
        if s.get("name") == "Tổng hợp":
            s.set("name", "TH cũ")
    pkg.put("xl/workbook.xml", etree.tostring(wb, xml_declaration=True, encoding="UTF-8", standalone=True))
    pkg.save(tmp_path / "m3.xlsm")
    assert runner.invoke(app, ["summarize", str(tmp_path / "m3.xlsm"), "-o", str(tmp_path / "m3.tong-hop.xlsm")]
                         ).exit_code == 0
    names = _codenames(tmp_path / "m3.tong-hop.xlsm")
    assert names["Tổng hợp"] and len({n.lower() for n in names.values()}) == len(names), names
    assert_schema_valid(tmp_path / "m3.tong-hop.xlsm")
