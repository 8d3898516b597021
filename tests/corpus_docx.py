"""A corpus of Word plans for `papi-xl import-docx`, their expected task rows, and a "nothing lost" walker.

    python tests/corpus_docx.py OUTDIR       # writes every layout as OUTDIR/<name>.docx (+ the LibreOffice re-saves)

Every layout is a plan written the way communes write them (python-docx, raw WordprocessingML where python-docx has
no API: tracked changes, content controls, rendered page breaks), and carries its expected rows as DATA written from
the plan text, never from papi_xl. Field conventions of an expected row (see compare_rows):

    index     catalog code of papi_xl/data/catalog_<catalog>.csv, or "family:code" for an index of another family
              ("par:3" = code 3 of catalog_par_xa.csv; the report's label is then "PAR INDEX 3. …", the family's
              abbreviation in index_families.csv before the family's own numbering); None = the heading is not a
              catalog content (the importer must not place the row under one; for family par/sipas the
              importer's index must name the heading, e.g. "Lĩnh vực cải cách tổ chức bộ máy và …")
    sub       catalog code ("family:code" in another family), None (must be empty), free text or a list of accepted
              values
    task      the task text without its label (a), -, 1.), whitespace collapsed; or [part, part] for a task in two
              pieces (title + body, a task continued over a page or a paragraph break)
    lead/coord  unit names, each must be contained (case-, dash- and space-insensitive) in the field; [] = not checked
    timeline  accepted phrases, one must be contained; [] = not checked
    output    contained in the field; None = not checked
    note      (table layouts with a Ghi chú column) contained in the workbook's Ghi chú cell
    due       the workbook's Hạn hoàn thành as "yyyy-mm-dd", "" = left empty (validate then says why); absent = not
              checked
    family    "papi" | "par" | "sipas" (or a list of accepted values, None = none of the three)
    absent    {field: [text, ...]} that must NOT be contained in that field (a deleted tracked change, the HĐND
              committee that is not the department ...)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "corpus_docx"
CATALOG_FILES = {"hungyen-xa": ROOT / "papi_xl" / "data" / "catalog_hungyen_xa.csv",
                 "papi": ROOT / "papi_xl" / "data" / "catalog_papi.csv",
                 "par": ROOT / "papi_xl" / "data" / "catalog_par_xa.csv",
                 "sipas": ROOT / "papi_xl" / "data" / "catalog_sipas.csv"}


def family_abbreviations() -> dict[str, str]:
    """family -> the abbreviation a combined workbook's labels carry ("PAR INDEX 3. Cải cách thủ tục hành chính"),
    read from papi_xl/data/index_families.csv."""
    with (ROOT / "papi_xl" / "data" / "index_families.csv").open(encoding="utf-8") as f:
        return {r["family"]: r["abbreviation"] for r in csv.DictReader(f)}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIELDS = ("index", "sub", "task", "output", "lead", "coord", "timeline")

# --------------------------------------------------------------------------------------------------------------------
# text


def norm(text: str | None) -> str:
    """NFC, whitespace collapsed (the walker's and the comparison's normal form)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str | None) -> str:
    """norm + case-folded, every dash a space (for unit names and phrases)."""
    text = norm(text).casefold()
    text = re.sub(r"[-‐‑‒–—−]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


LABEL = re.compile(r"^\s*(?:[a-zđ]\)|\(?\d+(?:\.\d+)*[.)]|[IVXLC]+\.|[-–—•+*])\s*")


def strip_label(text: str) -> str:
    return LABEL.sub("", norm(text), count=1)


def heading_name(heading: str) -> str:
    """'1.1. Nội dung “Quản trị điện tử”' -> 'Quản trị điện tử'; 'II. CHỈ SỐ …' -> 'CHỈ SỐ …'."""
    text = re.sub(r"^\s*(?:[A-Z]|[IVXLC]+|\d+(?:\.\d+)*)[.)]\s*", "", norm(heading))
    quoted = re.search(r"[“\"](.+?)[”\"]", text)
    return (quoted.group(1) if quoted else text).strip(" :")


# --------------------------------------------------------------------------------------------------------------------
# TCVN3 (.VnTime): the table is glibc iconv's TCVN5712-1 for each letter (tests/data/corpus_docx/tcvn3.json)

_TCVN3 = {k: chr(int(v, 16)) for k, v in json.loads((DATA / "tcvn3.json").read_text(encoding="utf-8"))["table"].items()}
_TCVN3_BACK = {v: k for k, v in _TCVN3.items()}


def to_tcvn3(text: str) -> str:
    """Unicode -> the Latin-1 string a .VnTime run holds. Accented capitals do not exist in TCVN3 (use .VnTimeH)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
        elif ch in _TCVN3:
            out.append(_TCVN3[ch])
        else:
            raise ValueError(f"{ch!r} has no TCVN3 code (write the line in .VnTimeH, lower case)")
    return "".join(out)


def from_tcvn3(text: str, upper: bool = False) -> str:
    out = "".join(_TCVN3_BACK.get(ch, ch) for ch in text)
    return out.upper() if upper else out


# --------------------------------------------------------------------------------------------------------------------
# reading a .docx as Word shows it with every tracked change accepted (w:ins kept, w:del dropped), content controls
# included, .VnTime runs decoded


def _run_text(r) -> str:
    font = ""
    rpr = r.find(W + "rPr")
    if rpr is not None and rpr.find(W + "rFonts") is not None:
        fonts = rpr.find(W + "rFonts")
        font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi") or ""
    parts = []
    for el in r:
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        elif el.tag in (W + "br", W + "cr") and el.get(W + "type") != "page":
            parts.append("\n")
    text = "".join(parts)
    if font.lower().startswith(".vntime"):
        text = from_tcvn3(text, upper=font.lower().startswith(".vntimeh"))
    return text


_SKIP = {W + t for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "trPr", "tcPr", "tblPr", "tblGrid",
                        "commentRangeStart", "commentRangeEnd", "proofErr", "bookmarkStart", "bookmarkEnd")}


def paragraph_text(p) -> str:
    out: list[str] = []

    def walk(el):
        for child in el:
            if child.tag in _SKIP:
                continue
            if child.tag == W + "r":
                out.append(_run_text(child))
            elif child.tag in (W + "tbl", W + "p"):
                continue  # never inside a paragraph except text boxes (text_box_blocks)
            else:
                walk(child)  # w:ins, w:sdt/w:sdtContent, w:hyperlink, w:smartTag, w:fldSimple, w:customXml
    walk(p)
    return "".join(out)


@dataclass
class Block:
    kind: str  # "p" (a body paragraph) or "cell"
    where: str
    paras: list[str]
    in_section: bool = False

    @property
    def text(self) -> str:
        return norm(" ".join(self.paras))


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def text_box_texts(el) -> list[list[str]]:
    """The paragraphs of each text box drawn in EL (the VML fallback copy of a box left out)."""
    out = []
    for box in el.iter(W + "txbxContent"):
        if not any(a.tag == MC_FALLBACK for a in box.iterancestors()):
            out.append([paragraph_text(p) for p in box.iter(W + "p")])
    return out


def _children(el, tag):
    """Direct children with TAG, looking through content controls and tracked insertions (w:sdt/w:ins)."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in (W + "ins", W + "customXml"):
            yield from _children(child, tag)


def _row_deleted(tr) -> bool:
    trpr = tr.find(W + "trPr")
    return trpr is not None and trpr.find(W + "del") is not None


def docx_blocks(path: Path, sections: list[dict] | None = None) -> list[Block]:
    """Body paragraphs and table cells (nested tables included) in document order."""
    body = docx.Document(str(path)).element.body
    blocks: list[Block] = []
    counter = {"table": 0, "para": 0}

    def table(tbl):
        counter["table"] += 1
        t = counter["table"]
        nested = []
        for r, tr in enumerate(_children(tbl, W + "tr"), start=1):
            if _row_deleted(tr):
                continue
            for c, tc in enumerate(_children(tr, W + "tc"), start=1):
                paras = [paragraph_text(p) for p in _block_items(tc, W + "p")]
                blocks.append(Block("cell", f"bảng {t}, dòng {r}, ô {c}", paras))
                blocks.extend(Block("box", f"bảng {t}, dòng {r}, ô {c}, hộp văn bản", box) for box in text_box_texts(tc))
                nested.extend(_block_items(tc, W + "tbl"))
        for inner in nested:
            table(inner)

    def body_items(el):
        for child in el:
            if child.tag == W + "p":
                counter["para"] += 1
                blocks.append(Block("p", f"đoạn {counter['para']}", [paragraph_text(child)]))
                blocks.extend(Block("box", f"đoạn {counter['para']}, hộp văn bản", box)
                              for box in text_box_texts(child))
            elif child.tag == W + "tbl":
                table(child)
            elif child.tag == W + "sdt" and child.find(W + "sdtContent") is not None:
                body_items(child.find(W + "sdtContent"))
    body_items(body)
    if sections:
        for sec in sections:
            on = False
            for b in blocks:
                if b.kind != "p":
                    continue
                if not on and b.text.startswith(norm(sec["start"])):
                    on = True
                elif on and sec.get("end") and b.text.startswith(norm(sec["end"])):
                    on = False
                if on:
                    b.in_section = True
    return blocks


def _block_items(tc, tag):
    for child in tc:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt" and child.find(W + "sdtContent") is not None:
            yield from _block_items(child.find(W + "sdtContent"), tag)


def docx_plain_text(path: Path) -> str:
    return "\n".join(p for b in docx_blocks(path) for p in b.paras)


# --------------------------------------------------------------------------------------------------------------------
# the "nothing lost" walker (decisions §8)


def workbook_rows(workbook: Path | None) -> dict[int, dict[str, str]]:
    """{sheet row: {header: text}} of the task sheet 'Nhiệm vụ' (header on row 4)."""
    if workbook is None:
        return {}
    import openpyxl

    ws = openpyxl.load_workbook(workbook, read_only=True, data_only=True)["Nhiệm vụ"]
    rows = list(ws.iter_rows(values_only=True))
    if len(rows) < 4:
        return {}
    header = [norm(str(h)) if h is not None else "" for h in rows[3]]
    out = {}
    for i, values in enumerate(rows[4:], start=5):
        out[i] = {header[j]: norm(str(v)) for j, v in enumerate(values) if j < len(header) and v is not None}
    return out


def nothing_lost(docx_path: Path, report: dict, workbook: Path | None = None,
                 sections: list[dict] | None = None) -> list[str]:
    """Problems (empty = nothing lost): every non-empty table cell and text box, and every paragraph of the task
    SECTIONS, must be contained (NFC, whitespace collapsed; a leading list label may be dropped) in a field of an
    imported row (the JSON row or its workbook row) or in a `skipped` entry that gives a reason."""
    problems = []
    hay: list[str] = []
    sheet = workbook_rows(workbook)
    for row in report.get("rows", []):
        hay.extend(norm(str(row.get(k) or "")) for k in FIELDS)
        hay.extend(sheet.get(row.get("row"), {}).values())
    for s in report.get("skipped", []):
        if not norm(s.get("reason")):
            problems.append(f"skipped without a reason: {s.get('where')} '{norm(s.get('text'))[:60]}'")
        hay.append(norm(s.get("text")))
    hay = [h for h in hay if h]

    def found(text: str) -> bool:
        candidates = {text, strip_label(text)}
        if len(text) <= 3:  # "1", "(4)", "x": a whole value or a word of one, not any digit of a date
            return any(h == text or text in h.split() for h in hay)
        return any(c and any(c in h for h in hay) for c in candidates)

    for b in docx_blocks(docx_path, sections):
        if b.kind == "p" and not b.in_section:
            continue
        if not b.text or found(b.text):
            continue
        missing = [norm(p) for p in b.paras if norm(p) and not found(norm(p))]
        if missing:
            problems.append(f"{b.where}: '{missing[0][:80]}' is in no row and not in skipped")
    return problems


# --------------------------------------------------------------------------------------------------------------------
# catalogs (read from the CSV data files, not through papi_xl) and the comparison


@dataclass(frozen=True)
class CatalogItem:
    code: str
    name: str
    aliases: tuple[str, ...]


def load_catalog(key: str) -> dict[str, CatalogItem]:
    with CATALOG_FILES[key].open(encoding="utf-8") as f:
        return {r["code"]: CatalogItem(r["code"], r["name"], tuple(a for a in r["aliases"].split("|") if a))
                for r in csv.DictReader(f)}


def _names(item: CatalogItem) -> set[str]:
    return {fold(item.name), *(fold(a) for a in item.aliases)}


def resolve_index(value, catalog: dict[str, CatalogItem]) -> str | None:
    """The index code a report value stands for: the code itself, a label '3. Name', or the exact name."""
    value = norm(str(value)) if value not in (None, "") else ""
    if not value:
        return None
    for code, item in catalog.items():
        if "." in code:
            continue
        if value == code or re.match(rf"^{re.escape(code)}[.)]\s", value) or fold(value) in _names(item):
            return code
    return None


def resolve_sub(value, catalog: dict[str, CatalogItem], index: str | None) -> str | None:
    value = norm(str(value)) if value not in (None, "") else ""
    if not value:
        return None
    if value in catalog and "." in value:
        return value
    m = re.match(r"^(\d+\.(?:\d+|[a-z]))[.)]?\s", value + " ")
    if m and m.group(1) in catalog:
        return m.group(1)
    m = re.match(r"^([a-z])\)\s*(.*)$", value)
    if m and index and f"{index}.{m.group(1)}" in catalog:
        return f"{index}.{m.group(1)}"
    named = [c for c, item in catalog.items() if "." in c and fold(strip_label(value)) in _names(item)]
    if index:
        named = [c for c in named if c.split(".")[0] == index] or named
    return named[0] if len(named) == 1 else None


def resolve_family_code(value, family: str, level: str, index: str | None = None) -> str | None:
    """"PAR INDEX 3. Cải cách …" -> "par:3": a label of another family, resolved in that family's catalog."""
    text = norm(str(value)) if value not in (None, "") else ""
    abbreviation = family_abbreviations().get(family, family.upper())
    if not text.startswith(abbreviation + " "):
        return None
    rest = text[len(abbreviation) + 1:]
    catalog = load_catalog(family)
    code = resolve_index(rest, catalog) if level == "index" else resolve_sub(rest, catalog, index)
    return f"{family}:{code}" if code else None


def _task_ok(expected, actual: str) -> bool:
    got = strip_label(actual)
    if isinstance(expected, str):
        return got == strip_label(expected)
    pattern = r"[\s.:;,–—-]*".join(re.escape(strip_label(p)) for p in expected)
    return re.fullmatch(pattern, got) is not None


def _alternatives(value) -> list:
    return value if isinstance(value, list) else [value]


def compare_rows(expected: list[dict], got: list[dict], catalog_key: str,
                 sheet: dict[int, dict[str, str]] | None = None) -> list[str]:
    """Differences between the expected rows and the report's rows, in order."""
    catalog = load_catalog(catalog_key)
    problems = []
    if len(got) != len(expected):
        problems.append(f"{len(got)} rows imported, {len(expected)} expected")
    for i, (e, g) in enumerate(zip(expected, got, strict=False), start=1):
        where = f"row {i} ({str(e['task'] if isinstance(e['task'], str) else e['task'][0])[:40]}…)"
        g = {k: (v if v is not None else "") for k, v in g.items()}
        if not _task_ok(e["task"], str(g.get("task", ""))):
            problems.append(f"{where}: task is '{norm(str(g.get('task')))[:90]}'")
        got_index = resolve_index(g.get("index"), catalog)
        if e.get("index") is not None and ":" in str(e["index"]):
            family = e["index"].split(":")[0]
            got = resolve_family_code(g.get("index"), family, "index")
            if got != e["index"]:
                problems.append(f"{where}: index {g.get('index')!r}, expected {e['index']}")
        elif e.get("index") is not None:
            if got_index != e["index"]:
                problems.append(f"{where}: index {g.get('index')!r}, expected {e['index']}")
        else:
            if got_index is not None:
                problems.append(f"{where}: placed under catalog index {got_index}; the plan's heading is "
                                f"'{e.get('heading')}'")
            text = fold(str(g.get("index", "")))
            name = fold(heading_name(e.get("heading") or ""))
            if (text or e.get("family") in ("par", "sipas")) and name and not (
                    text and (name in text or (len(text) >= 6 and text in name))):
                problems.append(f"{where}: index {g.get('index')!r} does not name the heading '{e.get('heading')}'")
        sub_ok = False
        for alt in _alternatives(e.get("sub")):
            if alt is None:
                sub_ok |= not norm(str(g.get("sub", "")))
            elif re.fullmatch(r"[a-z]+:\d+\.(\d+|[a-z])", alt):
                fam = alt.split(":")[0]
                index = str(e.get("index")).split(":")[-1] if e.get("index") else None
                sub_ok |= resolve_family_code(g.get("sub"), fam, "sub", index) == alt
            elif re.fullmatch(r"\d+\.(\d+|[a-z])", alt):
                sub_ok |= resolve_sub(g.get("sub"), catalog, e.get("index")) == alt
            else:
                text = fold(str(g.get("sub", "")))
                sub_ok |= bool(text) and (fold(alt) in text or text in fold(alt))
        if not sub_ok:
            problems.append(f"{where}: sub {g.get('sub')!r}, expected {e.get('sub')!r}")
        if "family" in e:
            fam = g.get("family") or None
            accepted = _alternatives(e["family"])
            if fam not in accepted and not (None in accepted and fam not in ("papi", "par", "sipas")):
                problems.append(f"{where}: family {fam!r}, expected {e['family']!r}")
        for key in ("lead", "coord"):
            for unit in e.get(key) or []:
                if fold(unit) not in fold(str(g.get(key, ""))):
                    problems.append(f"{where}: {key} {g.get(key)!r} lacks '{unit}'")
        if e.get("timeline") and not any(fold(t) in fold(str(g.get("timeline", ""))) for t in e["timeline"]):
            problems.append(f"{where}: timeline {g.get('timeline')!r}, expected one of {e['timeline']}")
        if e.get("output") and fold(e["output"]) not in fold(str(g.get("output", ""))):
            problems.append(f"{where}: output {g.get('output')!r}, expected '{e['output']}'")
        for key, texts in (e.get("absent") or {}).items():
            for text in texts:
                if fold(text) in fold(str(g.get(key, ""))):
                    problems.append(f"{where}: {key} {g.get(key)!r} must not contain '{text}'")
        if "from_prose" in e and bool(g.get("from_prose")) != e["from_prose"]:
            problems.append(f"{where}: from_prose {g.get('from_prose')!r}, expected {e['from_prose']}")
        if "due" in e and sheet is not None:
            due = sheet.get(g.get("row"), {}).get("Hạn hoàn thành", "")[:10]
            if due != e["due"]:
                problems.append(f"{where}: workbook Hạn hoàn thành {due!r}, expected {e['due']!r}")
        if e.get("note") and sheet is not None:
            note = sheet.get(g.get("row"), {}).get("Ghi chú", "")
            if fold(e["note"]) not in fold(note):
                problems.append(f"{where}: workbook Ghi chú {note!r} lacks '{e['note']}'")
    return problems


def _date(value) -> dt.date | None:
    if not value:
        return None
    text = str(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def compare_meta(expected: dict, report: dict) -> list[str]:
    problems = []
    if "unit" in expected and fold(report.get("unit")) != fold(expected["unit"]):
        problems.append(f"unit {report.get('unit')!r}, expected {expected['unit']!r}")
    if "year" in expected and report.get("year") != expected["year"]:
        problems.append(f"year {report.get('year')!r}, expected {expected['year']!r}")
    if "plan_number" in expected:
        got = re.sub(r"\s+", "", norm(report.get("plan_number"))) or None
        if got != expected["plan_number"]:
            problems.append(f"plan_number {report.get('plan_number')!r}, expected {expected['plan_number']!r}")
    if "plan_date" in expected:
        want = dt.date.fromisoformat(expected["plan_date"]) if expected["plan_date"] else None
        if _date(report.get("plan_date")) != want:
            problems.append(f"plan_date {report.get('plan_date')!r}, expected {expected['plan_date']!r}")
    return problems


def absent_everywhere(texts: list[str], report: dict) -> list[str]:
    """Texts (comments, deleted changes) that must not appear in any imported field."""
    problems = []
    for row in report.get("rows", []):
        for k in FIELDS:
            for text in texts:
                if fold(text) in fold(str(row.get(k) or "")):
                    problems.append(f"'{text}' appears in {k} of row {row.get('row')}")
    return problems


# --------------------------------------------------------------------------------------------------------------------
# building documents

HY = load_catalog("hungyen-xa")
PP = load_catalog("papi")
AUTHOR = "Nguyễn Thị Hoa"


@dataclass(frozen=True)
class Meta:
    unit: str  # "Xã Lạc Hồng" (expected)
    number: str  # as written after "Số:"
    place: str
    day: str
    month: str
    year: int  # plan year
    date_year: int | None = None  # year in the date line when it differs from the plan year
    title: tuple[str, ...] = ()
    unit_lines: tuple[str, ...] = ()  # left heading cell (default: ỦY BAN NHÂN DÂN / XÃ …)

    def expected(self, plan_number: str | None = None, plan_date: str | None = "auto") -> dict:
        date = (f"{self.date_year or self.year}-{int(self.month):02d}-{int(self.day):02d}" if plan_date == "auto"
                else plan_date)
        return {"unit": self.unit, "year": self.year,
                "plan_number": plan_number if plan_number is not None else self.number.replace(" ", ""),
                "plan_date": date}


def new_doc(size: int = 13):
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(1.5), Cm(2), Cm(2)
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(size)
    d.core_properties.author = AUTHOR
    return d


def landscape(doc):
    sec = doc.add_section()
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21)
    sec.left_margin = sec.right_margin = Cm(1.5)
    return sec


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def style_run(run, bold=False, italic=False, size=None, font=None):
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if font:
        run.font.name = font
        run._r.rPr.rFonts.set(qn("w:eastAsia"), font)


def put(cell_or_doc, text: str, bold=False, italic=False, center=False, size=None, font=None, first=True):
    """Write TEXT ('\\n' = a new paragraph) into a cell (reusing its first paragraph) or append to a document."""
    lines = text.split("\n")
    paras = []
    for i, line in enumerate(lines):
        if first and i == 0 and hasattr(cell_or_doc, "paragraphs") and hasattr(cell_or_doc, "merge"):
            p = cell_or_doc.paragraphs[0]
        else:
            p = cell_or_doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            text_out, used = line, font
            if font == ".VnTime" and line == line.upper() and not line.isascii():
                used = ".VnTimeH"  # accented capitals exist only as the capitals font drawing lower-case codes
            if used and used.lower().startswith(".vntime"):
                text_out = to_tcvn3(line.lower() if used.lower().startswith(".vntimeh") else line)
            style_run(p.add_run(text_out), bold, italic, size, used)
        paras.append(p)
    return paras


def heading_block(doc, m: Meta, font: str | None = None, kind: str = "KẾ HOẠCH"):
    """The borderless two-column heading table: unit and number left, motto and place/date right."""
    t = doc.add_table(rows=2, cols=2)
    no_borders(t)
    unit_lines = m.unit_lines or ("ỦY BAN NHÂN DÂN", m.unit.upper())
    caps = ".VnTimeH" if font else None
    put(t.cell(0, 0), unit_lines[0], center=True, font=caps)
    for line in unit_lines[1:]:
        put(t.cell(0, 0), line, bold=True, center=True, font=caps, first=False)
    put(t.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True, font=caps)
    put(t.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", bold=True, center=True, font=font, first=False)
    put(t.cell(1, 0), f"Số: {m.number}", center=True, font=font)
    put(t.cell(1, 1), f"{m.place}, ngày {m.day} tháng {m.month} năm {m.date_year or m.year}", italic=True,
        center=True, font=font)
    for row in t.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(9.5)
    put(doc, kind, bold=True, center=True, size=14, font=caps if kind.isupper() else font)
    for line in m.title or (f"Nâng cao Chỉ số hiệu quả quản trị và hành chính công (PAPI) {m.unit[0].lower()}"
                            f"{m.unit[1:]} năm {m.year}",):
        put(doc, line, bold=True, center=True, font=font)
    return t


def plan_body(doc, m: Meta, font: str | None = None):
    """The prose part of a plan whose tasks are all in the appendix table."""
    for text, bold in (
            ("I. MỤC ĐÍCH, YÊU CẦU", True),
            (f"Cải thiện, nâng cao Chỉ số PAPI của {m.unit.lower()} năm {m.year}; xác định rõ trách nhiệm của "
             "từng cán bộ, công chức trong thực hiện nhiệm vụ.", False),
            ("II. NỘI DUNG", True),
            ("Các nhiệm vụ cụ thể tại Biểu tổng hợp nhiệm vụ kèm theo Kế hoạch này.", False),
            ("III. TỔ CHỨC THỰC HIỆN", True),
            ("Các cán bộ, công chức được giao chủ trì căn cứ nhiệm vụ tổ chức thực hiện, báo cáo kết quả về UBND "
             "(qua công chức Văn phòng - Thống kê) trước ngày 25/6 và 25/12.", False)):
        p = put(doc, text, bold=bold, font=font)[0]
        p.paragraph_format.first_line_indent = Cm(1.27)


def signature(doc, m: Meta, chair: str = "Nguyễn Văn Minh", font: str | None = None):
    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    put(t.cell(0, 0), "Nơi nhận:", bold=True, italic=True, size=12, font=font)
    for line in ("- UBND tỉnh (Sở Nội vụ);", "- TT Đảng ủy, HĐND;", "- Cán bộ, công chức;", "- Lưu: VT."):
        put(t.cell(0, 0), line, size=11, font=font, first=False)
    caps = ".VnTimeH" if font else None
    put(t.cell(0, 1), "TM. ỦY BAN NHÂN DÂN", bold=True, center=True, font=caps)
    for line in ("CHỦ TỊCH", "", "", chair):
        put(t.cell(0, 1), line, bold=True, center=True, font=caps if line.isupper() else font, first=False)
    return t


def appendix_title(doc, m: Meta, font: str | None = None, caption: str = "BIỂU TỔNG HỢP NHIỆM VỤ"):
    caps = ".VnTimeH" if font else None
    put(doc, caption, bold=True, center=True, font=caps)
    when = f"{m.day}/{m.month}/{m.date_year or m.year}"
    put(doc, f"(Kèm theo Kế hoạch số {m.number} ngày {when} của UBND {m.unit[0].lower()}{m.unit[1:]})",
        italic=True, center=True, font=font)


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def grid(container, nrows: int, ncols: int, widths: list[float] | None = None):
    t = container.add_table(rows=nrows, cols=ncols)
    t.style = "Table Grid"
    if widths:
        for row in t.rows:
            for i, w in enumerate(widths):
                row.cells[i].width = Cm(w)
    return t


def repeat_header(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def fill_row(table, r: int, values: list[str | None], bold=False, font=None, center_cols=()):
    for c, v in enumerate(values):
        if v:
            put(table.cell(r, c), v, bold=bold, font=font, center=c in center_cols)


def full_width(table, r: int, text: str, bold=True, italic=False, font=None):
    cell = table.cell(r, 0).merge(table.cell(r, len(table.columns) - 1))
    put(cell, text, bold=bold, italic=italic, font=font)
    return cell


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ids = iter(range(1000, 10**6))


def x_run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def x_ins(text: str) -> str:
    return (f'<w:ins w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="2026-01-09T08:00:00Z">'
            f"{x_run(text)}</w:ins>")


def x_del(text: str) -> str:
    return (f'<w:del w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="2026-01-09T08:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{_esc(text)}</w:delText></w:r></w:del>')


def x_sdt_run(text: str, alias: str, dropdown: list[str] | None = None) -> str:
    items = ""
    if dropdown:
        items = "<w:dropDownList>" + "".join(
            f'<w:listItem w:displayText="{_esc(v)}" w:value="{_esc(v)}"/>' for v in dropdown) + "</w:dropDownList>"
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{_esc(alias)}"/><w:tag w:val="{_esc(alias)}"/>'
            f'<w:id w:val="{next(_ids)}"/>{items}</w:sdtPr><w:sdtContent>{x_run(text)}</w:sdtContent></w:sdt>')


def set_cell_xml(cell, *paragraph_inner: str) -> None:
    """Replace the cell's paragraphs by raw ones (each argument: the runs of one paragraph)."""
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    for inner in paragraph_inner:
        tc.append(parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>"))


def x_text_box(text: str) -> str:
    """A run holding a floating text box as Word 2010+ writes it: the DrawingML shape, and the VML fallback that
    repeats its text for older readers."""
    ns = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')
    body = f"<w:txbxContent><w:p>{x_run(text)}</w:p></w:txbxContent>"
    n = next(_ids)
    return (f'<w:r {nsdecls("w")} {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="5000000" cy="600000"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{n}" '
            f'name="Text Box {n}"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
            '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5000000" cy="600000"/></a:xfrm><a:prstGeom prst="rect">'
            f'<a:avLst/></a:prstGeom></wps:spPr><wps:txbx>{body}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData>'
            '</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape '
            f'style="width:400pt;height:50pt"><v:textbox>{body}</v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def wrap_sdt(element, alias: str) -> None:
    """Put a block / row element inside a content control."""
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{_esc(alias)}"/><w:tag w:val="{_esc(alias)}"/>'
                    f'<w:id w:val="{next(_ids)}"/></w:sdtPr><w:sdtContent/></w:sdt>')
    element.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(element)


# --------------------------------------------------------------------------------------------------------------------
# the tasks the layouts are written from (as a commune would write them)


def units(text: str) -> list[str]:
    return [u.strip() for u in text.split(";") if u.strip()]


@dataclass(frozen=True)
class T:
    index: str
    sub: str | None
    task: str
    output: str = ""
    lead: str = ""
    coord: str = ""
    timeline: str = ""
    note: str = ""

    def expected(self, **over) -> dict:
        row = {"index": self.index, "sub": self.sub, "task": self.task, "output": self.output or None,
               "lead": units(self.lead), "coord": units(self.coord),
               "timeline": [self.timeline] if self.timeline else [], "from_prose": False}
        if self.note:
            row["note"] = self.note
        row.update(over)
        return row


def hy_index(code: str) -> str:
    return f"{code}. {HY[code].name}"


def hy_sub(code: str) -> str:
    return f"{code.split('.')[1]}) {HY[code].name}"


H = {  # Hưng Yên commune catalog (catalog_hungyen_xa.csv)
    1: T("1", "1.a", "Tổ chức tuyên truyền Luật Thực hiện dân chủ ở cơ sở năm 2022 trên hệ thống truyền thanh xã và "
         "tại các hội nghị thôn", "Kế hoạch tuyên truyền; tin, bài trên Đài truyền thanh", "Công chức Văn hóa - Xã hội",
         "Đài truyền thanh xã; các thôn", "Quý I/2026"),
    2: T("1", "1.b", "Tổ chức hội nghị lấy ý kiến Nhân dân về dự thảo quy hoạch chung xã", "Biên bản hội nghị",
         "Công chức Địa chính - Xây dựng", "Ủy ban MTTQ xã; các thôn", "Quý II/2026"),
    3: T("1", "1.c", "Hướng dẫn các thôn tổ chức bầu cử trưởng thôn đúng quy trình, công khai danh sách người ứng cử",
         "Hướng dẫn; biên bản bầu cử", "Công chức Văn phòng - Thống kê", "Ban công tác Mặt trận các thôn",
         "Theo nhiệm kỳ"),
    4: T("1", "1.d", "- Công khai các khoản đóng góp tự nguyện của Nhân dân xây dựng đường giao thông nông thôn tại "
         "nhà văn hóa thôn;\n- Báo cáo việc huy động, quản lý, sử dụng các khoản đóng góp với HĐND xã",
         "Bảng công khai thu, chi", "Công chức Tài chính - Kế toán", "Ban Giám sát đầu tư cộng đồng", "Hằng quý"),
    5: T("2", "2.a", "Rà soát, sửa đổi Quy chế làm việc của UBND xã nhiệm kỳ 2021-2026",
         "Quyết định ban hành Quy chế", "Công chức Văn phòng - Thống kê", "Các công chức chuyên môn",
         "Trước ngày 31/3/2026"),
    6: T("2", "2.c", "Kiện toàn Ban Thanh tra nhân dân xã", "Quyết định công nhận", "Ủy ban MTTQ xã", "UBND xã",
         "Quý I/2026"),
    7: T("3", "3.a", "Cập nhật, đăng tải đầy đủ thông tin phải công khai theo Luật Tiếp cận thông tin trên Trang "
         "thông tin điện tử xã", "Danh mục thông tin công khai", "Công chức Văn phòng - Thống kê",
         "Công chức Tư pháp - Hộ tịch", "Thường xuyên"),
    8: T("3", "3.b", "Niêm yết công khai danh sách hộ nghèo, hộ cận nghèo tại trụ sở UBND xã và nhà văn hóa các thôn",
         "Danh sách niêm yết; biên bản kết thúc niêm yết", "Công chức Văn hóa - Xã hội", "Trưởng thôn",
         "Tháng 11/2026"),
    9: T("3", "3.c", "Công khai dự toán, quyết toán ngân sách xã theo Thông tư 343/2016/TT-BTC",
         "Báo cáo công khai ngân sách", "Công chức Tài chính - Kế toán", "", "6 tháng, năm"),
    10: T("4", "4.a", "Duy trì lịch tiếp công dân định kỳ của Chủ tịch UBND xã vào ngày 15 hằng tháng",
          "Sổ tiếp công dân", "Chủ tịch UBND xã", "Công chức Tư pháp - Hộ tịch", "Hằng tháng"),
    11: T("4", "4.b", "Giải quyết dứt điểm đơn thư khiếu nại, kiến nghị của công dân đúng thời hạn luật định",
          "Báo cáo kết quả giải quyết đơn thư", "Công chức Tư pháp - Hộ tịch", "Công an xã", "Thường xuyên"),
    12: T("4", "4.c", "Duy trì hoạt động của các tổ hòa giải ở cơ sở; tập huấn nghiệp vụ cho hòa giải viên",
          "Báo cáo công tác hòa giải", "Công chức Tư pháp - Hộ tịch", "Ủy ban MTTQ xã", "Quý III/2026"),
    13: T("5", "5.a", "Công khai bản kê khai tài sản, thu nhập của người có nghĩa vụ kê khai", "Thông báo công khai",
          "Công chức Văn phòng - Thống kê", "", "Trước ngày 31/3/2026"),
    14: T("5", "5.b", "Kiểm tra việc thu các khoản phí, lệ phí tại Trạm y tế và các trường học trên địa bàn",
          "Biên bản kiểm tra", "Công chức Văn hóa - Xã hội", "Trạm y tế xã; các nhà trường", "Quý IV/2026"),
    15: T("6", "6.a", "Chứng thực bản sao, chữ ký đúng thời hạn, không để hồ sơ quá hạn", "Sổ chứng thực",
          "Công chức Tư pháp - Hộ tịch", "Bộ phận Một cửa", "Thường xuyên"),
    16: T("6", "6.c", "Đo lường sự hài lòng của người dân khi giải quyết thủ tục hành chính tại Bộ phận Một cửa",
          "Phiếu khảo sát; báo cáo kết quả", "Bộ phận Một cửa", "Công chức Văn phòng - Thống kê", "6 tháng, năm"),
    17: T("7", "7.a", "Tuyên truyền, vận động Nhân dân tham gia bảo hiểm y tế hộ gia đình",
          "Tỷ lệ bao phủ bảo hiểm y tế đạt chỉ tiêu", "Trạm y tế xã",
          "Công chức Văn hóa - Xã hội; Hội Liên hiệp Phụ nữ xã", "Năm 2026"),
    18: T("7", "7.b", "Duy trì trường tiểu học đạt chuẩn quốc gia mức độ 2", "Quyết định công nhận",
          "Trường Tiểu học", "Công chức Văn hóa - Xã hội", "Năm học 2025-2026"),
    19: T("7", "7.c", "Cải tạo, nâng cấp hệ thống chiếu sáng công cộng tại các trục đường thôn", "Công trình hoàn thành",
          "Công chức Địa chính - Xây dựng", "Các thôn", "Quý III/2026"),
    20: T("7", "7.d", "Duy trì mô hình camera an ninh tại các thôn; tuần tra, kiểm soát bảo đảm an ninh trật tự",
          "Báo cáo tình hình an ninh trật tự", "Công an xã", "Đoàn Thanh niên; Hội Cựu chiến binh", "Thường xuyên"),
    21: T("8", "8.a", "Thu gom, xử lý rác thải sinh hoạt đúng lịch; xóa các điểm tập kết rác tự phát",
          "Báo cáo công tác vệ sinh môi trường", "Công chức Địa chính - Xây dựng",
          "Hội Nông dân; Hội Liên hiệp Phụ nữ", "Hằng tuần"),
    22: T("9", "9.a", "Nâng cấp Trang thông tin điện tử xã, bổ sung chuyên mục hỏi đáp",
          "Trang thông tin điện tử được nâng cấp", "Công chức Văn phòng - Thống kê", "", "Quý II/2026"),
    23: T("9", "9.b", "Hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID và dịch vụ công trực tuyến",
          "Số tài khoản được kích hoạt", "Công an xã", "Đoàn Thanh niên", "Năm 2026"),
    24: T("9", "9.c", "Trả lời kịp thời câu hỏi của người dân gửi qua Trang thông tin điện tử",
          "Chuyên mục hỏi đáp", "Công chức Văn phòng - Thống kê", "Các công chức chuyên môn", "Thường xuyên"),
}

P = {  # national PAPI catalog (catalog_papi.csv), post-2025 commune departments
    1: T("1", "1.1", "Tuyên truyền quyền và nghĩa vụ của công dân trong bầu cử đại biểu Quốc hội khóa XVI và đại "
         "biểu HĐND các cấp nhiệm kỳ 2026-2031", "Tin, bài tuyên truyền; pa nô, khẩu hiệu",
         "Phòng Văn hóa - Xã hội", "Đoàn Thanh niên; Hội Liên hiệp Phụ nữ", "Quý I/2026"),
    2: T("1", "1.4", "Vận động Nhân dân đóng góp tự nguyện xây dựng nhà văn hóa thôn; công khai kết quả huy động và "
         "sử dụng", "Bảng công khai đóng góp", "Ủy ban MTTQ xã", "Ban Giám sát đầu tư cộng đồng", "Năm 2026"),
    3: T("2", "2.2", "Rà soát hộ nghèo, hộ cận nghèo năm 2026; niêm yết công khai danh sách tại trụ sở và nhà văn hóa "
         "thôn", "Quyết định công nhận hộ nghèo", "Phòng Văn hóa - Xã hội", "Trưởng thôn", "Tháng 10 - 12/2026"),
    4: T("2", "2.4", "Công khai quy hoạch, kế hoạch sử dụng đất năm 2026 và khung giá đất tại trụ sở UBND xã",
         "Thông báo công khai", "Phòng Kinh tế", "Văn phòng HĐND và UBND", "Trước ngày 31/3/2026"),
    5: T("3", "3.2", "Tiếp nhận, giải quyết phản ánh, kiến nghị của người dân đúng thời hạn; công khai kết quả giải "
         "quyết", "Sổ theo dõi đơn thư", "Văn phòng HĐND và UBND", "Công an xã", "Thường xuyên"),
    6: T("3", "3.3", "Tổ chức trợ giúp pháp lý lưu động cho người có công, hộ nghèo", "Báo cáo kết quả",
         "Văn phòng HĐND và UBND", "Trung tâm Trợ giúp pháp lý nhà nước tỉnh", "Quý II/2026"),
    7: T("4", "4.3", "Công khai quy trình, kết quả tuyển dụng viên chức, người lao động của các đơn vị sự nghiệp xã",
         "Thông báo tuyển dụng", "Văn phòng HĐND và UBND", "", "Khi có tuyển dụng"),
    8: T("4", "4.4", "Xử lý nghiêm cán bộ, công chức có hành vi nhũng nhiễu; công khai kết quả xử lý",
         "Quyết định xử lý", "Chủ tịch UBND xã", "Ủy ban Kiểm tra Đảng ủy", "Thường xuyên"),
    9: T("5", "5.2", "Hướng dẫn người dân lập hồ sơ đề nghị cấp giấy phép xây dựng nhà ở riêng lẻ",
         "Tài liệu hướng dẫn", "Trung tâm Phục vụ hành chính công", "Phòng Kinh tế", "Thường xuyên"),
    10: T("5", "5.4", "Giải quyết 100% hồ sơ thủ tục hành chính đúng hạn; trả kết quả qua bưu chính công ích khi "
          "người dân yêu cầu", "Báo cáo tình hình giải quyết TTHC", "Trung tâm Phục vụ hành chính công",
          "Các phòng chuyên môn", "Hằng tháng"),
    11: T("6", "6.1", "Duy trì xã đạt Bộ tiêu chí quốc gia về y tế; nâng cao chất lượng khám, chữa bệnh tại Trạm y tế",
          "Quyết định công nhận", "Trạm y tế xã", "Phòng Văn hóa - Xã hội", "Năm 2026"),
    12: T("6", "6.4", "Xây dựng mô hình “Thôn an toàn về an ninh, trật tự”", "Mô hình được công nhận", "Công an xã",
          "Hội Cựu chiến binh; Đoàn Thanh niên", "Quý III/2026"),
    13: T("7", "7.2", "Kiểm tra, xử lý việc đốt rơm rạ, rác thải gây ô nhiễm không khí", "Biên bản kiểm tra",
          "Phòng Kinh tế", "Hội Nông dân", "Vụ thu hoạch"),
    14: T("7", "7.3", "Kiểm tra chất lượng nước sạch của các trạm cấp nước trên địa bàn", "Kết quả xét nghiệm nước",
          "Phòng Kinh tế", "Trạm y tế xã", "6 tháng/lần"),
    15: T("8", "8.1", "Đăng tải đầy đủ, kịp thời văn bản chỉ đạo, điều hành trên Cổng thông tin điện tử xã",
          "Chuyên mục văn bản", "Văn phòng HĐND và UBND", "", "Thường xuyên"),
    16: T("8", "8.2", "Hướng dẫn người cao tuổi sử dụng điện thoại thông minh, Internet an toàn", "Lớp hướng dẫn",
          "Đoàn Thanh niên", "Hội Người cao tuổi", "Quý IV/2026"),
    17: T("1", "1.2", "Tổ chức đối thoại giữa Chủ tịch UBND xã với Nhân dân về công tác giải phóng mặt bằng",
          "Biên bản đối thoại", "Chủ tịch UBND xã", "Ủy ban MTTQ xã", "Quý II/2026"),
    18: T("6", "6.2", "Duy trì phổ cập giáo dục tiểu học mức độ 3", "Hồ sơ phổ cập", "Trường Tiểu học",
          "Phòng Văn hóa - Xã hội", "Tháng 12/2026"),
}

# names as a national (PAPI) plan writes them: index and sub-contents without letters
NATIONAL_INDEX = {"1": "Tham gia của người dân ở cấp cơ sở", "2": "Công khai, minh bạch trong hoạch định chính sách",
                  "3": "Trách nhiệm giải trình với người dân", "4": "Kiểm soát tham nhũng trong khu vực công",
                  "5": "Thủ tục hành chính công", "6": "Cung ứng dịch vụ công", "7": "Quản trị môi trường",
                  "8": "Quản trị điện tử"}
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI", "7": "VII", "8": "VIII", "9": "IX"}


# --------------------------------------------------------------------------------------------------------------------
# layouts


@dataclass
class Layout:
    name: str
    description: str
    catalog: str
    meta: dict
    rows: list[dict]
    build: Callable[[Path], None] | None
    sections: list[dict] | None = None  # task sections whose paragraphs the walker checks (tables: always)
    absent: list[str] = field(default_factory=list)  # must appear in no imported field (comments, deletions)
    resave_of: str | None = None  # a LibreOffice re-save of that layout


LAYOUTS: dict[str, Layout] = {}


def layout(name: str, description: str, catalog: str, meta: dict, rows: list[dict], sections=None, absent=(),
           resave: bool = False):
    def register(build: Callable[[Path], None]):
        LAYOUTS[name] = Layout(name, description, catalog, meta, rows, build, sections, list(absent))
        if resave:
            LAYOUTS[f"{name}-lo"] = Layout(f"{name}-lo", f"{description}; re-saved by LibreOffice Writer", catalog,
                                           meta, rows, None, sections, list(absent), resave_of=name)
        return build
    return register


COLS8 = ["TT", "Chỉ số nội dung", "Nội dung thành phần", "Nhiệm vụ", "Kết quả/sản phẩm", "Đơn vị chủ trì",
         "Đơn vị phối hợp", "Thời gian thực hiện"]
W8 = [1.0, 3.2, 3.6, 7.6, 4.4, 3.2, 3.4, 2.8]


def hy_row(i: int, t: T) -> list[str]:
    return [str(i), hy_index(t.index), hy_sub(t.sub), t.task, t.output, t.lead, t.coord, t.timeline]


def table_plan(path: Path, m: Meta, fill: Callable, font: str | None = None, caption: str = "BIỂU TỔNG HỢP NHIỆM VỤ",
               kind: str = "KẾ HOẠCH") -> None:
    """Heading, a short prose body, the signature, then the appendix on landscape pages (FILL writes it)."""
    d = new_doc()
    heading_block(d, m, font, kind)
    plan_body(d, m, font)
    signature(d, m, font=font)
    landscape(d)
    if caption:
        appendix_title(d, m, font, caption)
    fill(d)
    d.save(path)


def simple_table(d, rows: list[list[str]], header=COLS8, widths=W8, numbering=True, font=None):
    t = grid(d, 1 + int(numbering) + len(rows), len(header), widths)
    fill_row(t, 0, header, bold=True, font=font, center_cols=range(len(header)))
    repeat_header(t.rows[0])
    if numbering:
        fill_row(t, 1, [f"({i})" for i in range(1, len(header) + 1)], center_cols=range(len(header)))
    for r, values in enumerate(rows, start=1 + int(numbering)):
        fill_row(t, r, values, font=font, center_cols=(0,))
    return t


# 1 ------------------------------------------------------------------------------------------------------------------
M01 = Meta("Xã Lạc Hồng", "12/KH-UBND", "Lạc Hồng", "10", "01", 2026)
R01 = [H[k] for k in (1, 2, 5, 7, 8, 10, 13, 15, 17, 20, 22)]


@layout("appendix-8col", "the usual 8-column appendix (TT … Thời gian thực hiện), numbering row (1)…(8), index and "
        "sub-content written on every row", "hungyen-xa", M01.expected(), [t.expected() for t in R01], resave=True)
def build_appendix_8col(path: Path) -> None:
    table_plan(path, M01, lambda d: simple_table(d, [hy_row(i, t) for i, t in enumerate(R01, 1)]))


# 2 ------------------------------------------------------------------------------------------------------------------
M02 = Meta("Xã Đại Đồng", "05/KH-UBND", "Đại Đồng", "08", "01", 2026)
R02 = [H[k] for k in (3, 4, 9, 11, 14, 19, 23)]


@layout("two-row-header", "two-row header: 'Đơn vị thực hiện' merged over 'Chủ trì | Phối hợp', the other header "
        "cells merged down; 'Sản phẩm' and 'Thời gian' headers", "hungyen-xa", M02.expected(),
        [t.expected() for t in R02], resave=True)
def build_two_row_header(path: Path) -> None:
    def fill(d):
        t = grid(d, 2 + len(R02), 8, W8)
        top = ["TT", "Chỉ số nội dung", "Nội dung thành phần", "Nhiệm vụ", "Sản phẩm", "Đơn vị thực hiện", None,
               "Thời gian"]
        fill_row(t, 0, top, bold=True, center_cols=range(8))
        fill_row(t, 1, [None] * 5 + ["Chủ trì", "Phối hợp", None], bold=True, center_cols=range(8))
        for c in (0, 1, 2, 3, 4, 7):
            t.cell(0, c).merge(t.cell(1, c))
        t.cell(0, 5).merge(t.cell(0, 6))
        repeat_header(t.rows[0])
        repeat_header(t.rows[1])
        for r, task in enumerate(R02, start=2):
            fill_row(t, r, hy_row(r - 1, task), center_cols=(0,))
    table_plan(path, M02, fill)


# 3 ------------------------------------------------------------------------------------------------------------------
M03 = Meta("Xã Minh Hải", "09/KH-UBND", "Minh Hải", "12", "01", 2026)
R03 = [P[k] for k in (1, 2, 3, 4, 5, 11, 12, 15)]


@layout("index-section-rows", "national PAPI plan: each index a full-width section row 'I. THAM GIA CỦA NGƯỜI DÂN Ở "
        "CẤP CƠ SỞ' (Roman numerals, national wording), sub-contents named without letters in a column", "papi",
        M03.expected(), [t.expected() for t in R03], resave=True)
def build_index_section_rows(path: Path) -> None:
    header = ["TT", "Nội dung thành phần", "Nhiệm vụ", "Kết quả", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
    widths = [1.0, 4.0, 8.0, 4.5, 3.4, 3.6, 2.8]

    def fill(d):
        sections = sorted({t.index for t in R03}, key=int)
        t = grid(d, 1 + len(R03) + len(sections), len(header), widths)
        fill_row(t, 0, header, bold=True, center_cols=range(len(header)))
        r, n = 1, 0
        for code in sections:
            full_width(t, r, f"{ROMAN[code]}. {NATIONAL_INDEX[code].upper()}")
            r += 1
            for task in (x for x in R03 if x.index == code):
                n += 1
                fill_row(t, r, [str(n), PP[task.sub].name, task.task, task.output, task.lead, task.coord,
                                task.timeline], center_cols=(0,))
                r += 1
    table_plan(path, M03, fill)


# 4 ------------------------------------------------------------------------------------------------------------------
M04 = Meta("Xã Lương Tài", "03/KH-UBND", "Lương Tài", "06", "01", 2026)
R04 = [P[k] for k in (6, 7, 8, 9, 10, 13, 14, 16)]


@layout("index-and-sub-section-rows", "index AND sub-content as full-width rows (sub-contents without letters), "
        "headers 'Nội dung công việc', 'Sản phẩm', 'Bộ phận thực hiện', 'Phối hợp', 'Thời hạn'", "papi",
        M04.expected(), [t.expected() for t in R04])
def build_index_and_sub_section_rows(path: Path) -> None:
    header = ["TT", "Nội dung công việc", "Sản phẩm", "Bộ phận thực hiện", "Phối hợp", "Thời hạn"]
    widths = [1.0, 10.0, 4.5, 4.0, 4.0, 3.0]

    def fill(d):
        plan: list[tuple[str, object]] = []
        for code in sorted({t.index for t in R04}, key=int):
            plan.append(("index", f"{ROMAN[code]}. {NATIONAL_INDEX[code].upper()}"))
            for sub in sorted({t.sub for t in R04 if t.index == code}):
                plan.append(("sub", PP[sub].name))
                plan.extend(("task", t) for t in R04 if t.sub == sub)
        t = grid(d, 1 + len(plan), len(header), widths)
        fill_row(t, 0, header, bold=True, center_cols=range(len(header)))
        n = 0
        for r, (kind, item) in enumerate(plan, start=1):
            if kind == "task":
                n += 1
                fill_row(t, r, [str(n), item.task, item.output, item.lead, item.coord, item.timeline],
                         center_cols=(0,))
            else:
                full_width(t, r, item, bold=True, italic=kind == "sub")
    table_plan(path, M04, fill)


# 5 ------------------------------------------------------------------------------------------------------------------
M05 = Meta("Xã Đình Dù", "14/KH-UBND", "Đình Dù", "15", "01", 2026)
R05 = [H[k] for k in (6, 12, 16, 18, 21, 24)]


@layout("index-in-paragraph", "no index column: the index is named only in the paragraph above each table "
        "('Chỉ số nội dung 2: …'), one table per index", "hungyen-xa", M05.expected(), [t.expected() for t in R05],
        sections=[{"start": "BIỂU TỔNG HỢP NHIỆM VỤ", "end": None}])
def build_index_in_paragraph(path: Path) -> None:
    header = ["TT", "Nội dung thành phần", "Nhiệm vụ", "Kết quả/sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp",
              "Thời gian thực hiện"]
    widths = [1.0, 4.0, 8.0, 4.5, 3.4, 3.6, 2.8]

    def fill(d):
        for code in sorted({t.index for t in R05}, key=int):
            p = put(d, f"Chỉ số nội dung {code}: {HY[code].name}", bold=True)[0]
            p.paragraph_format.space_before = Pt(6)
            tasks = [t for t in R05 if t.index == code]
            simple_table(d, [[str(i), hy_sub(t.sub), t.task, t.output, t.lead, t.coord, t.timeline]
                             for i, t in enumerate(tasks, 1)], header, widths, numbering=False)
    table_plan(path, M05, fill)


# 6 ------------------------------------------------------------------------------------------------------------------
M06 = Meta("Xã Lạc Đạo", "11/KH-UBND", "Lạc Đạo", "09", "01", 2026)
R06 = [H[1], H[5], replace(H[9], note="Theo Luật Ngân sách nhà nước"), H[14],
       replace(H[17], note="Chỉ tiêu huyện giao 95%"), H[22]]


@layout("header-synonyms-ghi-chu", "headers seen in real plans: STT, 'Lĩnh vực' (index, name only), 'Nội dung thực "
        "hiện', 'Sản phẩm', 'Bộ phận thực hiện', 'Phối hợp', 'Thời hạn' and a 'Ghi chú' column", "hungyen-xa",
        M06.expected(), [t.expected() for t in R06])
def build_header_synonyms(path: Path) -> None:
    header = ["STT", "Lĩnh vực", "Nội dung thành phần", "Nội dung thực hiện", "Sản phẩm", "Bộ phận thực hiện",
              "Phối hợp", "Thời hạn", "Ghi chú"]
    widths = [1.0, 3.0, 3.4, 6.8, 3.8, 3.0, 3.0, 2.4, 2.6]
    table_plan(path, M06, lambda d: simple_table(
        d, [[str(i), HY[t.index].name, hy_sub(t.sub), t.task, t.output, t.lead, t.coord, t.timeline, t.note]
            for i, t in enumerate(R06, 1)], header, widths, numbering=False))


# 7 ------------------------------------------------------------------------------------------------------------------
M07 = Meta("Xã Tân Tiến", "08/KH-UBND", "Tân Tiến", "07", "01", 2026)
R07 = [H[k] for k in (2, 6, 10, 11, 19, 23)]


@layout("header-variant-no-sub", "task first ('Nội dung công việc'), then 'Chỉ số' ('Chỉ số 4: …'), 'Đơn vị thực "
        "hiện' (lead), 'Cơ quan phối hợp', 'Thời gian hoàn thành', 'Kết quả dự kiến'; no sub-content column",
        "hungyen-xa", M07.expected(), [t.expected(sub=None) for t in R07])
def build_header_variant(path: Path) -> None:
    header = ["TT", "Nội dung công việc", "Chỉ số", "Đơn vị thực hiện", "Cơ quan phối hợp", "Thời gian hoàn thành",
              "Kết quả dự kiến"]
    widths = [1.0, 8.5, 4.0, 3.4, 3.6, 2.8, 4.0]
    table_plan(path, M07, lambda d: simple_table(
        d, [[str(i), t.task, f"Chỉ số {t.index}: {HY[t.index].name}", t.lead, t.coord, t.timeline, t.output]
            for i, t in enumerate(R07, 1)], header, widths, numbering=False))


# 8 ------------------------------------------------------------------------------------------------------------------
M08 = Meta("Xã Minh Đức", "02/KH-UBND", "Minh Đức", "05", "01", 2026)
R08 = [H[k] for k in range(1, 9)]
SPLIT_4 = H[4].task.split("\n")


@layout("page-split-repeated-header", "the appendix split over two pages: two tables, the header repeated (and "
        "marked tblHeader) in each, task 1.d continued at the top of the second piece in a row with only task "
        "text", "hungyen-xa", M08.expected(),
        [t.expected(task=SPLIT_4 if t is H[4] else t.task) for t in R08])
def build_page_split(path: Path) -> None:
    def fill(d):
        first = [hy_row(i, t) for i, t in enumerate(R08[:4], 1)]
        first[3][3] = SPLIT_4[0]
        simple_table(d, first)
        d.add_paragraph()
        second = [["", "", "", SPLIT_4[1], "", "", "", ""]] + [hy_row(i, t) for i, t in enumerate(R08[4:], 5)]
        simple_table(d, second, numbering=False)
    table_plan(path, M08, fill)


# 9 ------------------------------------------------------------------------------------------------------------------
M09 = Meta("Xã Nghĩa Trụ", "16/KH-UBND", "Nghĩa Trụ", "16", "01", 2026)
X1 = T("7", "7.c", "Nạo vét kênh mương nội đồng, bảo đảm tiêu úng mùa mưa", "Khối lượng nạo vét",
       "Công chức Địa chính - Xây dựng", "Các thôn", "Quý III/2026")
R09 = [H[13], H[14], replace(H[15], timeline="Thường xuyên"),
       replace(H[16], lead="Công chức Tư pháp - Hộ tịch", timeline="Thường xuyên"),
       replace(H[17], coord="Công chức Văn hóa - Xã hội"), H[18], H[19], X1, H[20]]


@layout("vertical-merges", "index, sub-content, lead, partner and timeline cells merged vertically (vMerge) over "
        "the tasks they share", "hungyen-xa", M09.expected(), [t.expected() for t in R09], resave=True)
def build_vertical_merges(path: Path) -> None:
    def fill(d):
        t = simple_table(d, [hy_row(i, x) for i, x in enumerate(R09, 1)])
        first = 2  # header + numbering row
        for c in range(1, 8):
            r = 0
            while r < len(R09):
                end = r
                while end + 1 < len(R09) and hy_row(0, R09[end + 1])[c] == hy_row(0, R09[r])[c] and (
                        c == 1 or R09[end + 1].index == R09[r].index):
                    end += 1
                if end > r and c != 3:
                    for k in range(r + 1, end + 1):  # the text stays only in the first cell of the merge
                        cell = t.cell(first + k, c)
                        for p in cell.paragraphs[1:]:
                            p._p.getparent().remove(p._p)
                        for run in cell.paragraphs[0].runs:
                            run._r.getparent().remove(run._r)
                    t.cell(first + r, c).merge(t.cell(first + end, c))
                r = end + 1
    table_plan(path, M09, fill)


# 10 -----------------------------------------------------------------------------------------------------------------
M10 = Meta("Xã Phù Ủng", "04/KH-UBND", "Phù Ủng", "06", "01", 2026)
NEW10 = T("3", "3.d", "Công khai phương án bồi thường, hỗ trợ, tái định cư dự án mở rộng đường trục xã",
          "Thông báo công khai", "Công chức Địa chính - Xây dựng", "Công chức Tư pháp - Hộ tịch", "Quý II/2026")
DELETED10 = "Tổ chức tọa đàm về ngân sách xã với đại diện các thôn"


@layout("tracked-changes", "tracked changes left in the file (w:ins / w:del in cells, an inserted row and a deleted "
        "row): the rows are those of the plan with every change accepted", "hungyen-xa", M10.expected(),
        [H[7].expected(), H[8].expected(absent={"task": ["trong 30 ngày"]}),
         H[9].expected(absent={"timeline": ["Năm 2026"]}), NEW10.expected(),
         H[10].expected(absent={"lead": ["Văn phòng - Thống kê"]})],
        absent=[DELETED10, "trong 30 ngày"])
def build_tracked_changes(path: Path) -> None:
    def fill(d):
        rows = [H[7], H[8], H[9], NEW10, None, H[10]]
        t = simple_table(d, [hy_row(i, x) if x else [""] * 8 for i, x in enumerate(rows, 1)])
        set_cell_xml(t.cell(3, 3), x_run("Niêm yết công khai danh sách hộ nghèo") + x_ins(", hộ cận nghèo") +
                     x_run(" tại trụ sở UBND xã") + x_del(" trong 30 ngày") + x_ins(" và nhà văn hóa các thôn"))
        set_cell_xml(t.cell(4, 7), x_del("Năm 2026") + x_ins("6 tháng, năm"))
        new_row = t.rows[5]
        new_row._tr.get_or_add_trPr().append(parse_xml(
            f'<w:ins {nsdecls("w")} w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="2026-01-09T08:00:00Z"/>'))
        for c, value in enumerate(hy_row(4, NEW10)):
            set_cell_xml(new_row.cells[c], x_ins(value))
        gone = t.rows[6]
        gone._tr.get_or_add_trPr().append(parse_xml(
            f'<w:del {nsdecls("w")} w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="2026-01-09T08:00:00Z"/>'))
        for c, value in enumerate(["5", hy_index("3"), hy_sub("3.c"), DELETED10, "Biên bản tọa đàm",
                                   "Công chức Tài chính - Kế toán", "", "Quý III/2026"]):
            set_cell_xml(gone.cells[c], x_del(value) if value else "")
        set_cell_xml(t.cell(7, 0), x_del("6") + x_ins("5"))
        set_cell_xml(t.cell(7, 5), x_del("Công chức Văn phòng - Thống kê") + x_ins("Chủ tịch UBND xã"))
    table_plan(path, M10, fill)


# 11 -----------------------------------------------------------------------------------------------------------------
M11 = Meta("Xã Bãi Sậy", "10/KH-UBND", "Bãi Sậy", "13", "01", 2026)
R11 = [H[k] for k in (11, 12, 13, 14)]
COMMENTS11 = ["Đề nghị bổ sung chỉ tiêu giải quyết đơn thư năm 2026 (đ/c Hùng)",
              "Xem lại: Tư pháp hay Văn phòng chủ trì?", "Năm 2025 chỉ số này bị điểm thấp"]


@layout("comments", "reviewers' comments anchored on a task, a lead and an index cell (doc.add_comment): comment "
        "text must never reach a cell", "hungyen-xa", M11.expected(), [t.expected() for t in R11], absent=COMMENTS11)
def build_comments(path: Path) -> None:
    d = new_doc()
    heading_block(d, M11)
    plan_body(d, M11)
    signature(d, M11)
    landscape(d)
    appendix_title(d, M11)
    t = simple_table(d, [hy_row(i, x) for i, x in enumerate(R11, 1)])
    for (r, c), text in zip(((2, 3), (3, 5), (4, 1)), COMMENTS11, strict=True):
        d.add_comment(t.cell(r, c).paragraphs[0].runs, text=text, author="Trần Văn Hùng", initials="TVH")
    d.save(path)


# 12 -----------------------------------------------------------------------------------------------------------------
M12 = Meta("Xã Hoàn Long", "13/KH-UBND", "Hoàn Long", "14", "01", 2026)
R12 = [H[k] for k in (16, 17, 18, 21)]


@layout("nested-table", "the appendix table nested inside a one-column frame table whose first row holds the "
        "caption", "hungyen-xa", M12.expected(), [t.expected() for t in R12])
def build_nested_table(path: Path) -> None:
    def fill(d):
        outer = grid(d, 2, 1)
        put(outer.cell(0, 0), "PHỤ LỤC\nBIỂU TỔNG HỢP NHIỆM VỤ NĂM 2026", bold=True, center=True)
        simple_table(outer.cell(1, 0), [hy_row(i, t) for i, t in enumerate(R12, 1)])
    table_plan(path, M12, fill, caption="")


# 13 -----------------------------------------------------------------------------------------------------------------
M13 = Meta("Xã Tân Dân", "06/KH-UBND", "Tân Dân", "12", "01", 2026)
R13 = [H[22], H[23], H[24], H[3]]


@layout("content-controls", "text inside content controls: every task an inline rich-text control, a lead and an "
        "index chosen in drop-down controls, a whole row inside a row-level control, the caption in a block "
        "control", "hungyen-xa", M13.expected(), [t.expected() for t in R13])
def build_content_controls(path: Path) -> None:
    def fill(d):
        caption = d.paragraphs[-2]._p  # "BIỂU TỔNG HỢP NHIỆM VỤ"
        wrap_sdt(caption, "Tiêu đề phụ lục")
        t = simple_table(d, [hy_row(i, x) for i, x in enumerate(R13, 1)])
        for r, task in enumerate(R13, start=2):
            set_cell_xml(t.cell(r, 3), x_sdt_run(task.task, "Nhiệm vụ"))
        set_cell_xml(t.cell(3, 5), x_sdt_run(H[23].lead, "Đơn vị chủ trì",
                                             ["Công an xã", "Công chức Văn phòng - Thống kê", "Đoàn Thanh niên"]))
        set_cell_xml(t.cell(5, 1), x_sdt_run(hy_index("1"), "Chỉ số nội dung", [hy_index(str(i)) for i in range(1, 10)]))
        wrap_sdt(t.rows[4]._tr, "Dòng nhiệm vụ")
    table_plan(path, M13, fill)


# 14 -----------------------------------------------------------------------------------------------------------------
M14 = Meta("Xã Chỉ Đạo", "01/KH-UBND", "Chỉ Đạo", "05", "01", 2026)
R14 = [H[k] for k in (1, 5, 8, 11, 15, 21)]


@layout("tcvn3-vntime", "an old TCVN3 plan: every run in .VnTime (TCVN3 bytes written as Latin-1 text), the capitals "
        "of the header row, heading and captions in .VnTimeH (lower-case codes)", "hungyen-xa", M14.expected(),
        [t.expected() for t in R14])
def build_tcvn3(path: Path) -> None:
    def fill(d):
        t = grid(d, 1 + len(R14), 8, W8)
        fill_row(t, 0, [h.upper() for h in COLS8], bold=True, font=".VnTimeH", center_cols=range(8))
        for r, task in enumerate(R14, start=1):
            fill_row(t, r, hy_row(r, task), font=".VnTime", center_cols=(0,))
    table_plan(path, M14, fill, font=".VnTime")


# 15 -----------------------------------------------------------------------------------------------------------------
M15 = Meta("Xã Hồng Quang", "15/KH-UBND", "Hồng Quang", "20", "01", 2026)
R15 = [P[17], P[2], P[3], P[11], P[18]]


@layout("national-roman-index", "index column 'I. Tham gia của người dân ở cấp cơ sở' (Roman numeral, national "
        "wording, written once and left blank below), sub-contents without letters ('Y tế công lập')", "papi",
        M15.expected(), [t.expected() for t in R15])
def build_national_roman(path: Path) -> None:
    def fill(d):
        rows, last = [], None
        for i, t in enumerate(R15, 1):
            index = f"{ROMAN[t.index]}. {NATIONAL_INDEX[t.index]}" if t.index != last else ""
            last = t.index
            rows.append([str(i), index, PP[t.sub].name, t.task, t.output, t.lead, t.coord, t.timeline])
        simple_table(d, rows)
    table_plan(path, M15, fill)


# 16 -----------------------------------------------------------------------------------------------------------------
M16 = Meta("Xã Quang Vinh", "17/KH-UBND", "Quang Vinh", "19", "01", 2026)
R16 = [replace(H[1], lead="CC VH-XH", coord="Đài TT xã"),
       replace(H[3], lead="CC VP-TK", coord="Mặt trận Tổ quốc xã; Ban CTMT các thôn"),
       replace(H[9], lead="CC TC-KT", coord="MTTQ xã, các đoàn thể"),
       replace(H[11], lead="CC TP-HT", coord="CA xã; Đoàn TN"),
       replace(H[17], lead="Trạm YT xã", coord="CC VH-XH; Hội LHPN xã; Hội CCB xã"),
       replace(H[21], lead="CC ĐC-XD", coord="Hội Nông dân; Hội Liên hiệp Phụ nữ; Đoàn Thanh niên; Hội Cựu chiến binh")]


@layout("unit-abbreviations", "units as clerks abbreviate them ('CC TP-HT', 'CC VH-XH', 'CA xã', 'Hội LHPN') and "
        "the mass organisations (Đoàn Thanh niên, Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh, Hội Nông dân, Mặt trận "
        "Tổ quốc): kept as written", "hungyen-xa", M16.expected(), [t.expected() for t in R16])
def build_unit_abbreviations(path: Path) -> None:
    table_plan(path, M16, lambda d: simple_table(d, [hy_row(i, t) for i, t in enumerate(R16, 1)]))


# 17 -----------------------------------------------------------------------------------------------------------------
M17 = Meta("Phường Mỹ Hào", "21/KH-UBND", "Mỹ Hào", "22", "01", 2026)
R17 = [replace(P[4], task=P[4].task.replace("UBND xã", "UBND phường"), lead="Phòng Kinh tế, Hạ tầng và Đô thị"),
       replace(P[10], coord="Phòng Kinh tế, Hạ tầng và Đô thị; Phòng Văn hóa - Xã hội"),
       replace(P[1], coord="Ban Văn hóa - Xã hội HĐND phường"),
       replace(P[13], lead="Phòng Kinh tế, Hạ tầng và Đô thị", coord="Ban Kinh tế - Ngân sách HĐND phường"),
       replace(P[15], task=P[15].task.replace("điện tử xã", "điện tử phường")),
       replace(P[5], coord="Công an phường; Ủy ban MTTQ Việt Nam phường")]


@layout("post2025-ward-departments", "a ward plan after the 2025 restructuring: Văn phòng HĐND và UBND, Phòng Kinh "
        "tế, Hạ tầng và Đô thị, Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính công, and HĐND committees "
        "('Ban Văn hóa - Xã hội HĐND phường' is not the department); index and sub written as 'code. name'",
        "papi", M17.expected(),
        [R17[0].expected(), R17[1].expected(),
         R17[2].expected(absent={"coord": ["Phòng Văn hóa - Xã hội"]}),
         R17[3].expected(absent={"coord": ["Phòng Kinh tế"]}), R17[4].expected(), R17[5].expected()])
def build_post2025(path: Path) -> None:
    table_plan(path, M17, lambda d: simple_table(
        d, [[str(i), f"{t.index}. {PP[t.index].name}", f"{t.sub}. {PP[t.sub].name}", t.task, t.output, t.lead,
             t.coord, t.timeline] for i, t in enumerate(R17, 1)]))


# 18 -----------------------------------------------------------------------------------------------------------------
M18 = Meta("Xã Tân Quang", "  07 /KH-UBND", "Tân Quang", "15", "01", 2026,
           title=("Nâng cao Chỉ số Hiệu quả Quản trị và Hành chính công (PAPI) năm 2026",),
           unit_lines=("UBND XÃ TÂN QUANG",))
R18 = [H[2], H[3], H[4]]


@layout("metadata-variants", "metadata as typed: 'Số:   07 /KH-UBND', the unit only in the heading block ('UBND XÃ "
        "TÂN QUANG', not in the title), a mixed-case 'Kế hoạch' title", "hungyen-xa",
        M18.expected(plan_number="07/KH-UBND"), [t.expected() for t in R18])
def build_metadata_variants(path: Path) -> None:
    table_plan(path, M18, lambda d: simple_table(d, [hy_row(i, t) for i, t in enumerate(R18, 1)]), kind="Kế hoạch")


# prose layouts --------------------------------------------------------------------------------------------------------


def prose_plan(path: Path, m: Meta, lines: list[str], styles: dict[str, str] | None = None) -> None:
    """A plan written as prose: LINES use the seed markup of make_prose_seed_docx (@h, @hi, @title, @pagebreak);
    '@style NAME|text' writes a paragraph in a Word style (Heading 2, List Number …)."""
    from make_prose_seed_docx import add_runs

    d = new_doc()
    heading_block(d, m)
    for line in lines:
        if line == "@pagebreak":
            page_break(d)
            continue
        if line.startswith("@style "):
            style, _, text = line[len("@style "):].partition("|")
            d.add_paragraph(text, style=style)
            continue
        p = d.add_paragraph()
        p.paragraph_format.first_line_indent = Cm(1.27)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if line.startswith("@h "):
            add_runs(p, line[3:], bold=True)
        elif line.startswith("@hi "):
            add_runs(p, line[4:], bold=True, italic=True)
        elif line.startswith("@title "):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_runs(p, line[7:], bold=True)
        else:
            add_runs(p, line)
    signature(d, m)
    d.save(path)


def prose_row(index, sub, task, lead=(), coord=(), timeline=(), output=None, **extra) -> dict:
    row = {"index": index, "sub": sub, "task": task, "output": output, "lead": list(lead), "coord": list(coord),
           "timeline": list(timeline), "from_prose": True}
    row.update(extra)
    return row


PURPOSE = ["@h I. MỤC ĐÍCH, YÊU CẦU",
           "a) Cải thiện, nâng cao Chỉ số PAPI; xác định trách nhiệm của từng cán bộ, công chức.",
           "b) Các nhiệm vụ phải cụ thể, có sản phẩm, thời gian hoàn thành."]
ORGANISE = ["@h III. TỔ CHỨC THỰC HIỆN",
            "Các cán bộ, công chức được giao nhiệm vụ chủ động triển khai, báo cáo kết quả về UBND xã trước ngày 25/11."]

# 19 -----------------------------------------------------------------------------------------------------------------
M19 = Meta("Xã Đào Dương", "18/KH-UBND", "Đào Dương", "21", "01", 2026)
T19 = [
    "Tổ chức tuyên truyền Luật Thực hiện dân chủ ở cơ sở năm 2022 trên hệ thống truyền thanh xã. Giao Công chức "
    "Văn hóa - Xã hội chủ trì, phối hợp với Đài truyền thanh xã thực hiện trong Quý I/2026.",
    "Tổ chức hội nghị lấy ý kiến Nhân dân về dự thảo quy hoạch chung xã. Công chức Địa chính - Xây dựng chủ trì, "
    "phối hợp với Ủy ban MTTQ xã và các thôn; hoàn thành trước ngày 30/6/2026.",
    "Duy trì lịch tiếp công dân định kỳ vào ngày 15 hằng tháng. Giao Chủ tịch UBND xã chủ trì; Công chức Tư pháp - "
    "Hộ tịch phối hợp.",
    "Giải quyết dứt điểm đơn thư khiếu nại, kiến nghị của công dân đúng thời hạn luật định. Sản phẩm: báo cáo kết "
    "quả giải quyết đơn thư. Giao Công chức Tư pháp - Hộ tịch chủ trì, phối hợp với Công an xã.",
    "Trả lời kịp thời câu hỏi của người dân gửi qua Trang thông tin điện tử xã. Giao Công chức Văn phòng - Thống kê "
    "thực hiện thường xuyên.",
]


@layout("prose-lettered-assignments", "prose plan: numbered index headings named differently from their catalog "
        "number, lettered sub-content headings, dashed tasks whose sentences assign the lead ('Giao … chủ trì'), "
        "partners ('phối hợp với …'), timeline ('trong Quý I/2026', 'trước ngày 30/6/2026', 'hằng tháng') and product "
        "('Sản phẩm: …')", "hungyen-xa", M19.expected(), [
            prose_row("1", "1.a", T19[0], ["Công chức Văn hóa - Xã hội"], ["Đài truyền thanh xã"], ["Quý I/2026"]),
            prose_row("1", "1.b", T19[1], ["Công chức Địa chính - Xây dựng"], ["Ủy ban MTTQ xã", "các thôn"],
                      ["30/6/2026"]),
            prose_row("4", "4.a", T19[2], ["Chủ tịch UBND xã"], ["Công chức Tư pháp - Hộ tịch"],
                      ["hằng tháng", "hàng tháng"]),
            prose_row("4", "4.b", T19[3], ["Công chức Tư pháp - Hộ tịch"], ["Công an xã"],
                      output="báo cáo kết quả giải quyết đơn thư"),
            prose_row("9", "9.c", T19[4], ["Công chức Văn phòng - Thống kê"], timeline=["thường xuyên"])],
        sections=[{"start": "II. NHIỆM VỤ, GIẢI PHÁP", "end": "III. TỔ CHỨC THỰC HIỆN"}])
def build_prose_lettered(path: Path) -> None:
    prose_plan(path, M19, PURPOSE + [
        "@h II. NHIỆM VỤ, GIẢI PHÁP",
        "@h 1. Tham gia của người dân", "@hi a) Tri thức công dân", "- " + T19[0], "@hi b) Cơ hội tham gia",
        "- " + T19[1],
        "@h 2. Trách nhiệm giải trình với người dân", "@hi a) Tương tác với chính quyền", "- " + T19[2],
        "@hi b) Giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh", "- " + T19[3],
        "@h 3. Quản trị điện tử", "@hi c) Phúc đáp qua Cổng Thông tin điện tử", "- " + T19[4],
    ] + ORGANISE)


# 20 -----------------------------------------------------------------------------------------------------------------
M20 = Meta("Xã Như Quỳnh", "22/KH-UBND", "Như Quỳnh", "23", "01", 2026)
A20 = ["Đơn vị chủ trì: Phòng Văn hóa - Xã hội; đơn vị phối hợp: Đoàn Thanh niên, Hội Liên hiệp Phụ nữ; thời gian: "
       "Quý I/2026.",
       "Chủ trì: Ủy ban MTTQ xã. Phối hợp: Ban Giám sát đầu tư cộng đồng. Thời gian: năm 2026.",
       "Đơn vị chủ trì: Phòng Văn hóa - Xã hội; đơn vị phối hợp: Trưởng thôn; thời gian: tháng 10 - 12/2026.",
       "Đơn vị chủ trì: Trạm y tế xã; đơn vị phối hợp: Phòng Văn hóa - Xã hội; thời gian: năm 2026."]


@layout("prose-dashed-continuation", "prose plan of a post-2025 commune: capitalised Roman index headings, numbered "
        "sub-contents '1.1. Tri thức công dân', dashed tasks, one task continued in a second paragraph after Enter, "
        "one continued after a page break, the lead/partner/timeline on a line of their own under each task",
        "papi", M20.expected(), [
            prose_row("1", "1.1", P[1].task + ".", ["Phòng Văn hóa - Xã hội"], ["Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ"],
                      ["Quý I/2026"]),
            prose_row("1", "1.4", ["Vận động Nhân dân đóng góp tự nguyện xây dựng nhà văn hóa thôn;",
                                   "công khai kết quả huy động và sử dụng tại hội nghị thôn."],
                      ["Ủy ban MTTQ xã"], ["Ban Giám sát đầu tư cộng đồng"], ["năm 2026"]),
            prose_row("2", "2.2", ["Rà soát hộ nghèo, hộ cận nghèo năm 2026; niêm yết công khai danh sách",
                                   "tại trụ sở và nhà văn hóa thôn."],
                      ["Phòng Văn hóa - Xã hội"], ["Trưởng thôn"], ["10 - 12/2026"]),
            prose_row("6", "6.1", P[11].task + ".", ["Trạm y tế xã"], ["Phòng Văn hóa - Xã hội"], ["năm 2026"])],
        sections=[{"start": "II. NHIỆM VỤ, GIẢI PHÁP", "end": "III. TỔ CHỨC THỰC HIỆN"}])
def build_prose_dashed(path: Path) -> None:
    prose_plan(path, M20, PURPOSE + [
        "@h II. NHIỆM VỤ, GIẢI PHÁP",
        "@h I. THAM GIA CỦA NGƯỜI DÂN Ở CẤP CƠ SỞ", "@hi 1.1. Tri thức công dân", "- " + P[1].task + ".", A20[0],
        "@hi 1.4. Đóng góp tự nguyện", "- Vận động Nhân dân đóng góp tự nguyện xây dựng nhà văn hóa thôn;",
        "công khai kết quả huy động và sử dụng tại hội nghị thôn.", A20[1],
        "@h II. CÔNG KHAI, MINH BẠCH TRONG HOẠCH ĐỊNH CHÍNH SÁCH", "@hi 2.2. Công khai danh sách hộ nghèo",
        "- Rà soát hộ nghèo, hộ cận nghèo năm 2026; niêm yết công khai danh sách", "@pagebreak",
        "tại trụ sở và nhà văn hóa thôn.", A20[2],
        "@h VI. CUNG ỨNG DỊCH VỤ CÔNG", "@hi 6.1. Y tế công lập", "- " + P[11].task + ".", A20[3],
    ] + ORGANISE)


# 21 -----------------------------------------------------------------------------------------------------------------
M21 = Meta("Xã Tân Lập", "19/KH-UBND", "Tân Lập", "16", "01", 2026)
T21 = H[15].task + " (chủ trì: Công chức Tư pháp - Hộ tịch; thời gian: thường xuyên)."


@layout("prose-autonumber-headings", "prose plan in Word styles: index and sub-content names as Heading 2 / Heading 3 "
        "without numbers, tasks in the auto-numbered 'List Number' style (no label in the text), one task with a "
        "parenthesised lead and timeline", "hungyen-xa", M21.expected(), [
            prose_row("5", "5.a", H[13].task), prose_row("5", "5.b", H[14].task),
            prose_row("6", "6.a", T21, ["Công chức Tư pháp - Hộ tịch"], timeline=["thường xuyên"]),
            prose_row("6", "6.c", H[16].task)],
        sections=[{"start": "II. NỘI DUNG", "end": "III. TỔ CHỨC THỰC HIỆN"}])
def build_prose_autonumber(path: Path) -> None:
    prose_plan(path, M21, PURPOSE + [
        "@h II. NỘI DUNG",
        "@style Heading 2|" + HY["5"].name, "@style Heading 3|" + HY["5.a"].name, "@style List Number|" + H[13].task,
        "@style Heading 3|" + HY["5.b"].name, "@style List Number|" + H[14].task,
        "@style Heading 2|" + HY["6"].name, "@style Heading 3|" + HY["6.a"].name, "@style List Number|" + T21,
        "@style Heading 3|" + HY["6.c"].name, "@style List Number|" + H[16].task,
    ] + ORGANISE)


# 22 -----------------------------------------------------------------------------------------------------------------
M22 = Meta("Phường Bạch Sam", "24/KH-UBND", "Bạch Sam", "26", "01", 2026)
T22 = {"par1": "Ban hành Kế hoạch cải cách hành chính năm 2026 của phường trước ngày 31/01/2026.",
       "par2": "Kiểm tra công tác cải cách hành chính tại các bộ phận chuyên môn ít nhất 01 lần/năm.",
       "par3": "Công khai 100% thủ tục hành chính tại Trung tâm Phục vụ hành chính công phường.",
       "sip1": "Bố trí ghế ngồi, nước uống, máy tra cứu thủ tục cho người dân tại Trung tâm Phục vụ hành chính công.",
       "sip2": "Khảo sát sự hài lòng của người dân sau khi nhận kết quả, Quý II và Quý IV/2026.",
       "papi1": P[10].task + ".", "papi2": P[16].task + ".",
       "papi3": P[15].task.replace("điện tử xã", "điện tử phường") + "."}
H22 = {"par": "A. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)",
       "sipas": "B. CHỈ SỐ HÀI LÒNG VỀ SỰ PHỤC VỤ HÀNH CHÍNH (SIPAS)",
       "papi": "C. CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG (PAPI)"}


@layout("prose-multi-family", "prose plan tracking three index families: PAR INDEX and SIPAS sections with 'Lĩnh "
        "vực' / criterion sub-headings and dashed tasks, then PAPI contents with lettered tasks", "papi",
        M22.expected(), [
            prose_row("par:1", None, T22["par1"], family="par", heading="1. Công tác chỉ đạo, điều hành cải cách hành chính",
                      timeline=["31/01/2026"]),
            prose_row("par:1", None, T22["par2"], family="par",
                      heading="1. Công tác chỉ đạo, điều hành cải cách hành chính"),
            prose_row("par:3", None, T22["par3"], family="par", heading="2. Cải cách thủ tục hành chính"),
            prose_row("sipas:1", "sipas:1.1", T22["sip1"], family="sipas", heading="1. Tiếp cận dịch vụ"),
            prose_row(None, None, T22["sip2"], family="sipas", heading="2. Kết quả dịch vụ", timeline=["Quý II"]),
            prose_row("5", None, T22["papi1"], family="papi", heading="1. Nội dung “Thủ tục hành chính công”"),
            prose_row("8", None, T22["papi2"], family="papi", heading="2. Nội dung “Quản trị điện tử”"),
            prose_row("8", None, T22["papi3"], family="papi", heading="2. Nội dung “Quản trị điện tử”")],
        sections=[{"start": "NHIỆM VỤ, GIẢI PHÁP", "end": "Phần III"}])
def build_prose_multi_family(path: Path) -> None:
    prose_plan(path, M22, ["@title Phần I", "@title MỤC ĐÍCH, YÊU CẦU",
                           "- Khắc phục tồn tại, hạn chế của các chỉ số năm 2025.",
                           "@pagebreak", "@title Phần II", "@title NHIỆM VỤ, GIẢI PHÁP",
                           "@h " + H22["par"], "@h 1. Công tác chỉ đạo, điều hành cải cách hành chính",
                           "- " + T22["par1"], "- " + T22["par2"], "@h 2. Cải cách thủ tục hành chính",
                           "- " + T22["par3"],
                           "@h " + H22["sipas"], "@h 1. Tiếp cận dịch vụ", "- " + T22["sip1"],
                           "@h 2. Kết quả dịch vụ", "- " + T22["sip2"],
                           "@h " + H22["papi"], "@h 1. Nội dung “Thủ tục hành chính công”", "a) " + T22["papi1"],
                           "@h 2. Nội dung “Quản trị điện tử”", "a) " + T22["papi2"], "b) " + T22["papi3"],
                           "@title Phần III", "@title TỔ CHỨC THỰC HIỆN",
                           "Các bộ phận căn cứ nhiệm vụ được giao tổ chức thực hiện."])


# 23 -----------------------------------------------------------------------------------------------------------------
M23 = Meta("Phường Bình Minh", "25/KH-UBND", "Bình Minh", "27", "01", 2026)
R23 = [  # (family, Nội dung cell, task)
    ("par", "Cải cách thủ tục hành chính", T("", None, "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền "
     "giải quyết của phường", "", "Văn phòng HĐND và UBND", "", "Quý II/2026")),
    ("par", "Xây dựng chính quyền điện tử, chính quyền số", T("", None, "Số hóa hồ sơ, kết quả giải quyết thủ tục "
     "hành chính đạt 100%", "", "Trung tâm Phục vụ hành chính công", "Văn phòng HĐND và UBND", "Thường xuyên")),
    ("sipas", "Tiếp cận dịch vụ", T("", None, "Niêm yết số điện thoại đường dây nóng tiếp nhận phản ánh về thái độ "
     "phục vụ", "", "Trung tâm Phục vụ hành chính công", "", "Quý I/2026")),
    ("sipas", "Kết quả dịch vụ", T("", None, "Tổ chức lấy phiếu đánh giá sự hài lòng sau mỗi giao dịch", "",
     "Trung tâm Phục vụ hành chính công", "Đoàn Thanh niên phường", "Thường xuyên")),
    ("papi", "Thủ tục hành chính công", replace(P[9], sub=None)),
    ("papi", "Thủ tục hành chính công", replace(P[10], sub=None)),
]


# the family's catalog names these contents (catalog_par_xa.csv: 3 by name, 7 by the alias "Xây dựng chính quyền điện
# tử, chính quyền số"; catalog_sipas.csv: 1.1 by name); "Kết quả dịch vụ" is no name, alias, start or end of one
R23_INDEX = {"Cải cách thủ tục hành chính": "par:3", "Xây dựng chính quyền điện tử, chính quyền số": "par:7",
             "Tiếp cận dịch vụ": "sipas:1"}
R23_SUB = {"Tiếp cận dịch vụ": "sipas:1.1"}


@layout("table-multi-family", "one table for three families: full-width rows 'I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR "
        "INDEX)', 'II. … (SIPAS)', 'III. … (PAPI)', the PAR field / SIPAS criterion / PAPI content in a 'Nội dung' "
        "column", "papi", M23.expected(), [
            t.expected(index=R23_INDEX.get(content, t.index or None), sub=R23_SUB.get(content), family=fam,
                       heading=content, output=None) for fam, content, t in R23])
def build_table_multi_family(path: Path) -> None:
    header = ["TT", "Nội dung", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"]
    titles = {"par": "I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)",
              "sipas": "II. CHỈ SỐ HÀI LÒNG VỀ SỰ PHỤC VỤ HÀNH CHÍNH (SIPAS)",
              "papi": "III. CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG (PAPI)"}

    def fill(d):
        t = grid(d, 1 + len(R23) + 3, len(header), [1.0, 5.0, 10.0, 4.5, 4.0, 3.0])
        fill_row(t, 0, header, bold=True, center_cols=range(len(header)))
        r, last = 1, None
        for i, (fam, content, task) in enumerate(R23, 1):
            if fam != last:
                full_width(t, r, titles[fam])
                r += 1
                last = fam
            fill_row(t, r, [str(i), content, task.task, task.lead, task.coord, task.timeline], center_cols=(0,))
            r += 1
    table_plan(path, M23, fill)


# 24 -----------------------------------------------------------------------------------------------------------------
M24 = Meta("Xã Trưng Trắc", "26/KH-UBND", "Trưng Trắc", "28", "01", 2026)
R24 = [H[7], H[10], H[20], H[24]]


@layout("appendix-after-prose", "a plan like seed 002: lettered paragraphs in II. NỘI DUNG that only point to the "
        "appendix, the appendix on its own landscape section; the tasks are the appendix rows only", "hungyen-xa",
        M24.expected(), [t.expected() for t in R24])
def build_appendix_after_prose(path: Path) -> None:
    d = new_doc()
    heading_block(d, M24)
    for text, bold in (("I. MỤC ĐÍCH, YÊU CẦU", True), ("Nâng cao Chỉ số PAPI của xã năm 2026.", False),
                       ("II. NỘI DUNG", True),
                       ("1. Tổ chức thực hiện tốt nhiệm vụ chuyên môn gắn với các nội dung của Chỉ số PAPI:", True),
                       ("a) Căn cứ chức năng, nhiệm vụ được giao, các cán bộ, công chức chủ động tổ chức thực hiện "
                        "nhằm cải thiện đánh giá của người dân.", False),
                       ("b) Các cán bộ, công chức được phân công nhiệm vụ cụ thể căn cứ Biểu tổng hợp nhiệm vụ (gửi "
                        "kèm theo Kế hoạch này) chủ động triển khai thực hiện.", False),
                       ("III. TỔ CHỨC THỰC HIỆN", True), ("Giao công chức Văn phòng - Thống kê theo dõi, tổng hợp.", False)):
        put(d, text, bold=bold)
    signature(d, M24)
    landscape(d)
    appendix_title(d, M24)
    simple_table(d, [hy_row(i, t) for i, t in enumerate(R24, 1)])
    d.save(path)


# 25 -----------------------------------------------------------------------------------------------------------------
M25 = Meta("Xã Quang Hưng", "36/KH-UBND", "Quang Hưng", "15", "02", 2026)
UNITS25 = ["Công chức VP-TK (chủ trì); Công an xã, MTTQ (phối hợp)",
           "Chủ trì: Công chức Tư pháp - Hộ tịch. Phối hợp: Công an xã",
           "Công chức Văn hóa - Xã hội chủ trì, phối hợp Đoàn Thanh niên, Hội LHPN xã",
           "Công chức Địa chính - Xây dựng",
           "- Chủ trì: Trạm y tế xã\n- Phối hợp: Công chức VH-XH",
           "Công chức TP-HT (CT), Công an xã (PH)"]
TASKS25 = [H[3], H[11], H[1], H[19], H[17], H[15]]


@layout("units-one-cell-lead-and-partners", "one 'Đơn vị thực hiện' column naming the lead AND the partners, as clerks "
        "write it: 'X (chủ trì); Y, Z (phối hợp)', 'Chủ trì: X. Phối hợp: Y', 'X chủ trì, phối hợp Y', two dashed "
        "lines, '(CT)/(PH)'; a plain unit stays the lead", "hungyen-xa", M25.expected(), [
            replace(TASKS25[0], lead="Công chức VP-TK", coord="Công an xã; MTTQ").expected(absent={"lead": ["Công an"]}),
            replace(TASKS25[1], coord="Công an xã").expected(absent={"lead": ["Công an"]}),
            replace(TASKS25[2], coord="Đoàn Thanh niên; Hội LHPN xã").expected(absent={"lead": ["Đoàn"]}),
            replace(TASKS25[3], coord="").expected(),
            replace(TASKS25[4], lead="Trạm y tế xã", coord="Công chức VH-XH").expected(absent={"lead": ["VH-XH"]}),
            replace(TASKS25[5], lead="Công chức TP-HT", coord="Công an xã").expected(absent={"lead": ["Công an"]})],
        resave=True)
def build_units_one_cell(path: Path) -> None:
    header = ["TT", "Chỉ số nội dung", "Nội dung thành phần", "Nhiệm vụ", "Sản phẩm", "Đơn vị thực hiện", "Thời gian"]
    table_plan(path, M25, lambda d: simple_table(
        d, [[str(i), hy_index(t.index), hy_sub(t.sub), t.task, t.output, u, t.timeline]
            for i, (t, u) in enumerate(zip(TASKS25, UNITS25, strict=True), 1)],
        header, [1.0, 3.0, 3.4, 7.6, 4.0, 5.0, 2.8], numbering=False))


# 26 -----------------------------------------------------------------------------------------------------------------
M26 = Meta("Xã Đình Cao", "37/KH-UBND", "Đình Cao", "16", "02", 2026)
R26 = [(H[2], "Quý III/2026", "2026-09-30"), (H[5], "Thường xuyên", ""), (H[9], "Tháng 3-5/2026", "2026-05-31"),
       (H[12], "Tháng 10 - 12/2026", "2026-12-31"), (H[19], "Từ tháng 3 đến tháng 5/2026", "2026-05-31"),
       (H[21], "Trước ngày 15/10/2026", "2026-10-15"), (H[7], "Trước ngày 15/10", "2026-10-15"),
       (H[16], "Tháng 6 và tháng 12", "2026-12-31")]


@layout("timeline-phrases-due", "Thời gian as plans write it: 'Quý III/2026', 'Thường xuyên', a range of months "
        "'Tháng 3-5/2026' / 'Tháng 10 - 12/2026' (due at the end of the last month, not the date 3/5 or 10/12), "
        "'Trước ngày 15/10/2026', a day or months without the year ('Trước ngày 15/10', 'Tháng 6 và tháng 12': "
        "the plan year's); the workbook's Hạn hoàn thành checked", "hungyen-xa", M26.expected(),
        [replace(t, timeline=tl).expected(due=due) for t, tl, due in R26])
def build_timeline_phrases(path: Path) -> None:
    table_plan(path, M26, lambda d: simple_table(d, [hy_row(i, replace(t, timeline=tl))
                                                     for i, (t, tl, _) in enumerate(R26, 1)]))


# 27 -----------------------------------------------------------------------------------------------------------------
M27 = Meta("Xã Lương Bằng", "33/KH-UBND", "Lương Bằng", "12", "02", 2026)
R27 = [P[7], P[8], P[9], P[10], P[13]]


@layout("section-number-in-tt-cell", "section rows written with the index's Roman numeral in the STT cell and its "
        "national name merged over the other columns ('IV | KIỂM SOÁT THAM NHŨNG TRONG KHU VỰC CÔNG'); sub-contents "
        "named without letters, one of them also an alias of its index ('Thủ tục hành chính cấp xã/phường')", "papi",
        M27.expected(), [t.expected() for t in R27], resave=True)
def build_section_number_in_tt(path: Path) -> None:
    header = ["STT", "Nội dung thành phần", "Nhiệm vụ", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời hạn"]

    def fill(d):
        codes = sorted({t.index for t in R27}, key=int)
        t = grid(d, 1 + len(R27) + len(codes), len(header), [1.0, 4.0, 8.0, 4.5, 3.4, 3.6, 2.8])
        fill_row(t, 0, header, bold=True, center_cols=range(len(header)))
        repeat_header(t.rows[0])
        r, n = 1, 0
        for code in codes:
            put(t.cell(r, 0), ROMAN[code], bold=True, center=True)
            put(t.cell(r, 1).merge(t.cell(r, len(header) - 1)), NATIONAL_INDEX[code].upper(), bold=True)
            r += 1
            for task in (x for x in R27 if x.index == code):
                n += 1
                fill_row(t, r, [str(n), PP[task.sub].name, task.task, task.output, task.lead, task.coord,
                                task.timeline], center_cols=(0,))
                r += 1
    table_plan(path, M27, fill)


# 28 -----------------------------------------------------------------------------------------------------------------
M28 = Meta("Xã Bãi Sậy", "40/KH-UBND", "Bãi Sậy", "19", "02", 2026)
R28 = [H[22], H[23], H[24]]
BOXES28 = ["Lưu ý: các nhiệm vụ về Quản trị điện tử báo cáo hằng tháng về Văn phòng UBND xã",
           "Bổ sung theo ý kiến Thường trực Đảng ủy"]


@layout("text-boxes", "text in floating text boxes (DrawingML with its VML fallback): a note under the appendix and a "
        "remark anchored in a task cell; neither is a task nor part of the task's text, both are in the report",
        "hungyen-xa", M28.expected(), [t.expected(absent={"task": ["Thường trực Đảng ủy", "Lưu ý"],
                                                          "lead": ["Thường trực"], "coord": ["Thường trực"]})
                                       for t in R28])
def build_text_boxes(path: Path) -> None:
    def fill(d):
        t = simple_table(d, [hy_row(i, x) for i, x in enumerate(R28, 1)])
        t.cell(3, 3).paragraphs[0]._p.append(parse_xml(x_text_box(BOXES28[1])))
        d.add_paragraph()._p.append(parse_xml(x_text_box(BOXES28[0])))
    table_plan(path, M28, fill)


# 29 -----------------------------------------------------------------------------------------------------------------
M29 = Meta("Xã Tân Châu", "43/KH-UBND", "Tân Châu", "22", "02", 2026)
R29 = {"5": [H[13], H[14]], "9": [H[22], H[24]]}


@layout("schedule-headers", "a plan's own words for the schedule and the lead: 'Tiến độ' and 'Hạn hoàn thành' (when the "
        "task is due, not its progress), 'Cán bộ, công chức phụ trách' / 'Người phụ trách' (the lead), 'Kết quả thực "
        "hiện' (the product); index in the paragraph above each table, no sub-content column", "hungyen-xa",
        M29.expected(), [t.expected(sub=None) for code in R29 for t in R29[code]],
        sections=[{"start": "BIỂU TỔNG HỢP NHIỆM VỤ", "end": None}])
def build_schedule_headers(path: Path) -> None:
    headers = {"5": ["STT", "Nội dung nhiệm vụ", "Cán bộ, công chức phụ trách", "Phối hợp", "Tiến độ", "Sản phẩm"],
               "9": ["STT", "Nội dung nhiệm vụ", "Người phụ trách", "Phối hợp", "Hạn hoàn thành",
                     "Kết quả thực hiện"]}

    def fill(d):
        for code, tasks in R29.items():
            put(d, f"Chỉ số nội dung {code}: {HY[code].name}", bold=True)
            simple_table(d, [[str(i), t.task, t.lead, t.coord, t.timeline, t.output] for i, t in enumerate(tasks, 1)],
                         headers[code], [1.0, 8.0, 4.0, 4.0, 3.0, 4.0], numbering=False)
    table_plan(path, M29, fill)


# 30 -----------------------------------------------------------------------------------------------------------------
M30 = Meta("Xã Lạc Long", "31/KH-UBND", "Lạc Long", "10", "02", 2026)
R30 = [H[k] for k in (1, 2, 5, 7, 8, 10, 13)]


@layout("header-row-copied-in-body", "one table whose header (marked to repeat) was also copied by hand onto the next "
        "page as ordinary rows, with its numbering row (1)…(8)", "hungyen-xa", M30.expected(),
        [t.expected() for t in R30])
def build_header_row_copied(path: Path) -> None:
    def fill(d):
        rows = [hy_row(i, t) for i, t in enumerate(R30, 1)]
        rows[4:4] = [COLS8, [f"({i})" for i in range(1, 9)]]
        simple_table(d, rows)
    table_plan(path, M30, fill)


# 31 -----------------------------------------------------------------------------------------------------------------
M31 = Meta("Xã Minh Tân", "32/KH-UBND", "Minh Tân", "11", "02", 2026)
R31 = [P[1], replace(P[17], sub="1.1"), P[2], P[3], replace(P[4], sub="2.2"), P[5], P[6]]


@layout("chiso-section-rows-merged-sub", "section rows 'I. CHỈ SỐ 1: THAM GIA …' merged over the table, the "
        "sub-content cell merged down over the tasks that share it", "papi", M31.expected(),
        [t.expected() for t in R31], resave=True)
def build_chiso_sections(path: Path) -> None:
    header = ["TT", "Nội dung thành phần", "Nhiệm vụ", "Kết quả", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]

    def fill(d):
        codes = sorted({t.index for t in R31}, key=int)
        t = grid(d, 1 + len(R31) + len(codes), len(header), [1.0, 4.0, 8.0, 4.5, 3.4, 3.6, 2.8])
        fill_row(t, 0, header, bold=True, center_cols=range(len(header)))
        repeat_header(t.rows[0])
        r, n = 1, 0
        for code in codes:
            full_width(t, r, f"{ROMAN[code]}. CHỈ SỐ {code}: {NATIONAL_INDEX[code].upper()}")
            r += 1
            group = [x for x in R31 if x.index == code]
            first = r
            for k, x in enumerate(group):
                n += 1
                sub = PP[x.sub].name if k == 0 or group[k - 1].sub != x.sub else ""
                fill_row(t, r, [str(n), sub, x.task, x.output, x.lead, x.coord, x.timeline], center_cols=(0,))
                r += 1
            while first < r:
                last = first
                while last + 1 < r and not t.cell(last + 1, 1).text:
                    last += 1
                if last > first:
                    t.cell(first, 1).merge(t.cell(last, 1))
                first = last + 1
    table_plan(path, M31, fill)


def add_numbering(d, fmt: str = "decimal", text: str = "%1.") -> str:
    """A one-level list definition (Word's automatic numbering or bullets) in the document; its numId."""
    root = d.part.numbering_part.element
    aid, nid = 90 + len(root.findall(qn("w:abstractNum"))), 90 + len(root.findall(qn("w:num")))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}"><w:multiLevelType '
                         f'w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                         f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    first = root.find(qn("w:num"))
    if first is not None:
        first.addprevious(abstract)
    else:
        root.append(abstract)
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>'))
    return str(nid)


def numbered(paragraph, num_id: str) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId '
                                                   f'w:val="{num_id}"/></w:numPr>'))


# 32 -----------------------------------------------------------------------------------------------------------------
M32 = Meta("Xã Tân Hưng", "35/KH-UBND", "Tân Hưng", "14", "02", 2026)
BLANK32 = T("4", "4.c", "Rà soát, kiện toàn các tổ hòa giải ở thôn sau sáp nhập", "", "", "", "")
R32 = [H[10], H[11], BLANK32, H[13], H[14]]


@layout("autonumbered-stt", "the STT column numbered by Word's automatic numbering (no number in the text), one "
        "task whose units and time are still blank (a task of its own, not the task above continued)",
        "hungyen-xa", M32.expected(), [t.expected() for t in R32], resave=True)
def build_autonumbered_stt(path: Path) -> None:
    def fill(d):
        num_id = add_numbering(d)
        t = simple_table(d, [[""] + hy_row(i, x)[1:] for i, x in enumerate(R32, 1)], numbering=False)
        for r in range(1, len(R32) + 1):
            numbered(t.cell(r, 0).paragraphs[0], num_id)
    table_plan(path, M32, fill)


# 33 -----------------------------------------------------------------------------------------------------------------
M33 = Meta("Xã Đào Viên", "44/KH-UBND", "Đào Viên", "23", "02", 2026)
T33 = ["Tổ chức tuyên truyền Luật Thực hiện dân chủ ở cơ sở trên hệ thống truyền thanh xã. Giao Công chức Văn hóa - "
       "Xã hội chủ trì, phối hợp với Đài truyền thanh xã thực hiện trong Quý II/2026.",
       "Tổ chức hội nghị lấy ý kiến Nhân dân về dự thảo quy hoạch chung xã. Công chức Địa chính - Xây dựng chủ trì; "
       "hoàn thành trước ngày 30/6/2026.",
       "Công khai dự toán ngân sách xã năm 2026 tại trụ sở UBND xã. Giao Công chức Tài chính - Kế toán chủ trì "
       "thực hiện trong Quý I/2026.",
       "Niêm yết công khai danh sách hộ nghèo, hộ cận nghèo tại trụ sở và nhà văn hóa thôn. Giao Công chức Văn hóa - "
       "Xã hội chủ trì thực hiện trong Quý IV/2026."]
DELETED33 = "Tổ chức tọa đàm về ngân sách xã với đại diện các thôn. Giao Công chức Tài chính - Kế toán chủ trì."


@layout("prose-bullets-tracked", "prose plan: index names as bold lines without numbers, tasks as Word bullet-list "
        "items (numPr, no '-' in the text); a task paragraph deleted and one inserted with Track Changes",
        "hungyen-xa", M33.expected(), [
            prose_row("1", None, T33[0], ["Công chức Văn hóa - Xã hội"], ["Đài truyền thanh xã"], ["Quý II/2026"]),
            prose_row("1", None, T33[1], ["Công chức Địa chính - Xây dựng"], timeline=["30/6/2026"]),
            prose_row("3", None, T33[2], ["Công chức Tài chính - Kế toán"], timeline=["Quý I/2026"]),
            prose_row("3", None, T33[3], ["Công chức Văn hóa - Xã hội"], timeline=["Quý IV/2026"])],
        sections=[{"start": "II. NỘI DUNG", "end": "III. TỔ CHỨC THỰC HIỆN"}], absent=[DELETED33])
def build_prose_bullets_tracked(path: Path) -> None:
    d = new_doc()
    heading_block(d, M33)
    put(d, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    put(d, "Cải thiện, nâng cao Chỉ số PAPI; xác định trách nhiệm của từng cán bộ, công chức.")
    put(d, "II. NỘI DUNG", bold=True)
    bullet = add_numbering(d, "bullet", "•")
    stamp = 'w:author="Nguyễn Thị Hoa" w:date="2026-01-09T08:00:00Z"'
    for head, tasks in ((HY["1"].name, T33[:2]), (HY["3"].name, T33[2:])):
        put(d, head, bold=True)
        for task in tasks:
            p = d.add_paragraph()
            numbered(p, bullet)
            if task is T33[2]:
                p._p.pPr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:ins w:id="{next(_ids)}" {stamp}/></w:rPr>'))
                p._p.append(parse_xml(x_ins(task).replace("<w:ins ", f'<w:ins {nsdecls("w")} ', 1)))
            else:
                p.add_run(task)
            if task is T33[2]:
                gone = d.add_paragraph()
                numbered(gone, bullet)
                gone._p.pPr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="{next(_ids)}" {stamp}/></w:rPr>'))
                gone._p.append(parse_xml(x_del(DELETED33).replace("<w:del ", f'<w:del {nsdecls("w")} ', 1)))
    put(d, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    put(d, "Các cán bộ, công chức được giao nhiệm vụ chủ động triển khai, báo cáo kết quả về UBND xã.")
    signature(d, M33)
    d.save(path)


# --------------------------------------------------------------------------------------------------------------------
# building the corpus


def soffice_batch(sources: list[Path], target: str, outdir: Path) -> list[Path]:
    """Convert many files with ONE LibreOffice call (target e.g. 'pdf', 'docx:MS Word 2007 XML')."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is required"
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / f"lo-profile-{uuid.uuid4().hex[:8]}"
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to",
                    target, "--outdir", str(outdir), *map(str, sources)], check=True, capture_output=True, timeout=600)
    shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":")[0]
    out = [outdir / f"{s.stem}.{ext}" for s in sources]
    missing = [str(o) for o in out if not o.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return out


def build_corpus(outdir: Path) -> dict[str, Path]:
    """Every layout as OUTDIR/<name>.docx (the LibreOffice re-saves converted in one batch)."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for lay in LAYOUTS.values():
        if lay.build:
            paths[lay.name] = outdir / f"{lay.name}.docx"
            lay.build(paths[lay.name])
    resaves = [lay for lay in LAYOUTS.values() if lay.resave_of]
    if resaves:
        converted = soffice_batch([paths[lay.resave_of] for lay in resaves], "docx:MS Word 2007 XML", outdir / "lo")
        for lay, src in zip(resaves, converted, strict=True):
            paths[lay.name] = outdir / f"{lay.name}.docx"
            shutil.move(str(src), paths[lay.name])
    return paths


if __name__ == "__main__":
    for name, path in build_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-docx")).items():
        print(f"{name:32s} {path}")
