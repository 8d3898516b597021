"""From a Word plan to the rows of the canonical workbook (``papi-xl import-docx``).

* :mod:`.document` reads the .docx as Word shows it (tracked changes accepted, content controls,
  nested tables, TCVN3/VNI fonts converted, comments left out);
* :mod:`.tables` reads the task tables of every layout plans use;
* :mod:`.prose` reads plans whose tasks are paragraphs (and their "Tổ chức thực hiện");
* :mod:`.assign` reads who does a task and when from a sentence;
* :mod:`.metadata` reads the number, date, unit and year.

This module places each task in the catalog (index families included: a plan that tracks the PAR INDEX
and SIPAS besides PAPI gets a combined catalog) and writes the import report: every task row, every
piece of the document that is not a task with its reason, every approximate match, as findings of the
registry and as the JSON of decisions.md §8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.contract.workbook import TASK_FIRST_ROW, Metadata
from papi_xl.domain.catalog import Catalog, family_in, load_catalog, with_families
from papi_xl.domain.text import fold, one_line, same_label
from papi_xl.errors import InputError, UnreadableInput
from papi_xl.inputs.docx.document import Document, Para, read_document
from papi_xl.inputs.docx.metadata import read_metadata
from papi_xl.inputs.docx.model import PLAN_KEYS, Found, Skipped
from papi_xl.inputs.docx.prose import ProseReader, ProseResult, label_of
from papi_xl.inputs.docx.tables import TableReader, TableResult
from papi_xl.inputs.guard import check_package, check_size
from papi_xl.registry import Finding, finding
from papi_xl.settings import Limits, Settings

__all__ = ["ImportReport", "import_docx"]


@dataclass
class ImportReport:
    """What the import did: counts, the rows, and every piece of the plan that is not a row, with its reason."""

    file: str = ""
    tables: int = 0
    rows_read: int = 0
    tasks: int = 0
    from_prose: int = 0
    rows: list[dict] = field(default_factory=list)  # the §8 rows
    skipped: list[Skipped] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    approximate: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    approximate_entries: list[dict] = field(default_factory=list)  # §8 "approximate"
    note_entries: list[dict] = field(default_factory=list)  # §8 "notes"
    catalog: str = ""  # the key of the catalog the rows are placed in ("papi+par" when the plan adds a family)
    catalog_used: Catalog | None = None  # that catalog (the workbook is written with it)

    def lines(self) -> list[str]:
        """The report as a clerk reads it (the JSON holds every entry)."""
        source = f"Đọc {self.tables} bảng, {self.rows_read} dòng" if self.tables else "Không có bảng nhiệm vụ: đọc " \
            "đoạn văn của Kế hoạch"
        out = [f"{source}; nhập {self.tasks} nhiệm vụ."]
        if self.from_prose:
            first, last = TASK_FIRST_ROW, TASK_FIRST_ROW + self.tasks - 1
            out.append(f"Bản nháp: {self.from_prose} nhiệm vụ tách từ đoạn văn (dòng {first}–{last}), cần rà soát "
                       "chỉ số, đơn vị, thời gian.")
        out += [f"Không đặt được: {u}" for u in self.unplaced]
        out += [f"Khớp gần đúng: {a}" for a in self.approximate]
        out += [f"Ghi chú: {n}" for n in self.notes]
        reasons: dict[str, int] = {}
        for s in self.skipped:
            reasons[s.reason] = reasons.get(s.reason, 0) + 1
        if reasons:
            out.append(f"Không nhập thành nhiệm vụ: {len(self.skipped)} mục (chi tiết: --json):")
            out += [f"  - {n} × {reason}" for reason, n in sorted(reasons.items(), key=lambda x: -x[1])]
        return out

    def as_dict(self, meta: Metadata, output: str | Path | None = None) -> dict:
        """The JSON of decisions.md §8."""
        return {
            "file": self.file, "output": str(output) if output else None, "unit": meta.unit or None,
            "year": meta.year, "plan_number": meta.plan_number or None,
            "plan_date": meta.plan_date.isoformat() if meta.plan_date else None, "catalog": self.catalog,
            "tasks": self.tasks, "rows": self.rows, "skipped": [s.as_dict() for s in self.skipped],
            "approximate": self.approximate_entries, "notes": self.note_entries,
            "findings": [{**f.as_dict(), "file": f.file or Path(self.file).name} for f in self.findings],
        }


# -- placing a task in the catalog ----------------------------------------------------------------------
class _Placer:
    def __init__(self, catalog: Catalog, default_family: str | None, plan_families: list[str], report: ImportReport):
        self.catalog = catalog
        self.default_family = default_family
        self.plan_families = plan_families
        self.report = report
        self._kept: set[str] = set()
        self._kept_unplaced: set[tuple[str, str]] = set()

    def _index(self, text: str, family: str | None):
        m = self.catalog.match_index(text, family)
        if m is None and family is None:
            for fam in self.plan_families:
                m = self.catalog.match_index(text, fam)
                if m is not None:
                    break
        return m

    def place(self, f: Found) -> tuple[str | None, str | None, str, str, str | None]:
        """(index code, sub code, index cell text when unplaced, sub cell text when unplaced, family)."""
        family = f.family or self.default_family
        p = _Placement(f.index_code, f.sub_code)
        if p.index_code is None and f.index:
            self._place_index(f, p)
        if p.sub_code is None and f.sub:
            if self._sub_names_index(f, p):
                return p.index_code, None, "", "", self.catalog.family_of(p.index_code) or family
            self._place_sub(f, p)
        fam = self.catalog.family_of(p.index_code) or family
        return p.index_code, p.sub_code, p.index_text, p.sub_text, fam

    def _place_index(self, f: Found, p: _Placement) -> None:
        """The index the task's index text names (in its family, else in any family the plan names); its text,
        without numbering, when the catalog lacks it."""
        m = self._index(f.index, f.family)
        if m is not None:
            p.index_code = m.value
            self._approx(f.where, f.index, m.value, m.exact)
        else:
            p.index_text = _bare(f.index)
            self._unplaced(f.where, f.index, "chỉ số nội dung")

    def _sub_names_index(self, f: Found, p: _Placement) -> bool:
        """No index known and the sub-content text names an index: a "Nội dung" column naming the index itself."""
        if p.index_code:
            return False
        as_index = self._index(f.sub, f.family)
        if as_index is None:
            return False
        p.index_code = as_index.value
        self._approx(f.where, f.sub, as_index.value, as_index.exact)
        return True

    def _place_sub(self, f: Found, p: _Placement) -> None:
        """The sub-content within the index, else anywhere in the family (its index then wins over the one
        carried down: a merged index cell in Word that sits off by a row); its text when the catalog lacks it."""
        m = self.catalog.match_sub(f.sub, p.index_code) if p.index_code else None
        if m is not None:
            p.sub_code = m.value
            self._approx(f.where, f.sub, m.value, m.exact)
        else:
            self._place_sub_anywhere(f, p)
        if p.sub_code is not None:
            return
        if not p.index_code and not f.index and not f.extra.get("_index_column"):
            p.index_text = _bare(f.sub)  # the only content column of the table names a content the catalog lacks
            self._unplaced(f.where, f.sub, "chỉ số nội dung")
        else:
            p.sub_text = f.sub
            self._unplaced(f.where, f.sub, "nội dung thành phần")

    def _place_sub_anywhere(self, f: Found, p: _Placement) -> None:
        anywhere = self._sub_in(f.sub, f.family or (self.catalog.family_of(p.index_code) or None))
        if anywhere is None:
            return
        item = self.catalog.get(anywhere)
        if item is not None and p.index_code and item.index_code != p.index_code:
            self._note(f.where, f"'{item.label}' thuộc chỉ số {item.index_code}; dùng chỉ số này (ô chỉ "
                                "số gộp trong Word nằm lệch dòng)")
        p.index_code = item.index_code if item else p.index_code
        p.sub_code = anywhere
        if item is not None:
            self._approx(f.where, f.sub, anywhere, same_label(f.sub, item.label))

    def _sub_in(self, text: str, family: str | None) -> str | None:
        best = None
        for index in self.catalog.indices_of(family):
            m = self.catalog.match_sub(text, index.code)
            if m is not None and (best is None or m.score > best.score):
                best = m
        return best.value if best else None

    def _approx(self, where: str, text: str, code: str, exact: bool) -> None:
        item = self.catalog.get(code)
        if item is None or same_label(text, item.label):
            return
        if fold(text) not in fold(item.label) and one_line(text) not in self._kept:
            self._kept.add(one_line(text))  # the plan's own wording, kept in the report
            self.report.skipped.append(Skipped(where, text, f"tên trong Kế hoạch, ghi vào biểu theo danh mục: "
                                                            f"'{item.label}'"))
        if one_line(_bare(text)).casefold() == item.name.casefold():
            return  # the name itself, numbered or cased its own way (accents exact)
        entry = {"where": where, "text": one_line(text)[:120], "understood": item.label}
        if entry not in self.report.approximate_entries:
            self.report.approximate_entries.append(entry)
            self.report.approximate.append(f"{where}: '{one_line(text)[:50]}' → '{item.label}'")
            self.report.findings.append(finding("import-approx", cell=where, text=one_line(text)[:80],
                                                label=item.label))

    def _unplaced(self, where: str, text: str, what: str) -> None:
        if (what, one_line(text)) in self._kept_unplaced:
            return  # said once, at its first task
        self._kept_unplaced.add((what, one_line(text)))
        self.report.unplaced.append(f"{where}: {what} '{one_line(text)[:60]}' không có trong danh mục")
        self.report.findings.append(finding("import-unplaced", cell=where, text=one_line(text)[:80], what=what))

    def _note(self, where: str, text: str) -> None:
        self.report.notes.append(f"{where}: {text}")
        self.report.note_entries.append({"where": where, "text": text})
        self.report.findings.append(finding("import-joined", cell=where, detail=f"{where}: {text}"))


@dataclass
class _Placement:
    """Where a task goes: the catalog codes, or the plan's text when the catalog lacks the content."""

    index_code: str | None
    sub_code: str | None
    index_text: str = ""
    sub_text: str = ""


def _bare(text: str) -> str:
    """A heading the catalog lacks, as the workbook shows it: without the plan's own numbering."""
    para = Para(text)
    label = label_of(para)
    rest = label.rest if label.kind not in ("", "auto") else text
    quoted = re.search(r"[“\"](.+?)[”\"]", rest)
    return (quoted.group(1) if quoted and len(quoted.group(1)) > 3 else rest).strip().rstrip(":").strip()


def _plan_families(doc: Document, catalog: Catalog) -> list[str]:
    """The index families the plan's headings and section rows name, the catalog's own first."""
    found: list[str] = list(catalog.families)
    for block in doc.blocks:
        texts: list[str] = []
        if isinstance(block, Para):
            if block.text and (block.bold or block.heading) and len(block.text) < 200:
                texts.append(block.text)
        else:
            texts += [c.text for row in block.rows for c in row.cells if c.span >= 2 and c.text]
        for text in texts:
            fam = family_in(text)
            if fam and fam not in found:
                found.append(fam)
    return found


# -- the import -----------------------------------------------------------------------------------------
def import_docx(path: str | Path, catalog: Catalog | None = None,
                settings: Settings | None = None) -> tuple[Metadata, list[dict], ImportReport]:
    """Read a plan .docx: (metadata, task rows for the workbook, report). Raises an InputError."""
    path = Path(path)
    doc = _open(path, (settings or Settings.from_env()).limits)
    catalog = catalog or load_catalog()
    report = ImportReport(file=str(path))
    meta = read_metadata(doc)
    families = _plan_families(doc, catalog)
    catalog = with_families(catalog, families)
    report.catalog = catalog.key
    default_family = catalog.families[0] if catalog.families else None

    tables = TableReader(catalog, default_family).read(doc)
    prose = ProseReader(catalog, default_family, families).read(doc, tasks_from_tables=bool(tables.found))
    found = tables.found or prose.found
    if not found:
        raise UnreadableInput(msg.NO_TASK_TABLE.format(name=path.name), "no-task-table")
    report.tables, report.rows_read = tables.tables, tables.rows
    report.skipped = tables.skipped + prose.skipped
    _reader_notes(report, tables, prose)
    _document_notes(report, doc)

    placer = _Placer(catalog, default_family, families, report)
    tasks = [_task_row(report, placer, catalog, i, f) for i, f in enumerate(found)]
    report.tasks = len(tasks)
    report.from_prose = sum(1 for r in report.rows if r["from_prose"])
    if report.from_prose:
        rows = f"{TASK_FIRST_ROW}–{TASK_FIRST_ROW + len(tasks) - 1}"
        report.findings.insert(0, finding("import-prose", count=report.from_prose, rows=rows))
    for s in report.skipped:
        report.findings.append(finding("import-skipped", cell=s.where, text=one_line(s.text)[:80], reason=s.reason))
    meta.catalog = catalog.key
    meta.note = _info_note(path, report)
    report.catalog_used = catalog
    return meta, tasks, report


def _open(path: Path, limits: Limits) -> Document:
    """The document, after the size and package checks; an InputError when it is missing, too large, hostile
    or not a Word document."""
    if not path.is_file():
        raise UnreadableInput(msg.NOT_FOUND.format(path=path), "not-found")
    check_size(path, limits)
    try:
        check_package(path, "xlsx", limits)  # the zip and XML limits apply to any Office package
        return read_document(path)
    except InputError:
        raise
    except Exception as exc:
        raise UnreadableInput(msg.NOT_A_DOCX.format(name=path.name, reason=type(exc).__name__), "not-a-docx") from exc


def _reader_notes(report: ImportReport, tables: TableResult, prose: ProseResult) -> None:
    """What the readers noted (joined rows, shifted cells) and the table cells that belong to no task."""
    for note in tables.notes + prose.notes:
        where, _, text = note.partition(": ")
        report.notes.append(note)
        report.note_entries.append({"where": where, "text": text})
        report.findings.append(finding("import-joined", cell=where, detail=note))
    for where, text in tables.unplaced:
        report.unplaced.append(f"{where}: '{one_line(text)[:60]}'")
        report.findings.append(finding("import-unplaced", cell=where, variant="cell", text=one_line(text)[:80]))
        report.skipped.append(Skipped(where, text, "ô không thuộc nhiệm vụ nào"))


def _document_notes(report: ImportReport, doc: Document) -> None:
    """What the document holds besides its text: tracked changes (read as accepted), comments (left out),
    legacy encodings (converted)."""
    if doc.tracked_changes:
        report.findings.append(finding("import-tracked-changes", count=doc.tracked_changes))
        report.note_entries.append({"where": "", "text": f"{doc.tracked_changes} thay đổi được theo dõi: đã đọc như khi "
                                                   "chấp nhận tất cả"})
        report.notes.append(f"Văn bản còn {doc.tracked_changes} thay đổi được theo dõi (Track Changes): đã đọc như "
                            "khi chấp nhận tất cả.")
    if doc.comments:
        report.findings.append(finding("import-comments", count=doc.comments))
        report.notes.append(f"Văn bản có {doc.comments} nhận xét (Comment): không đưa vào biểu.")
        report.note_entries.append({"where": "", "text": f"{doc.comments} nhận xét (Comment) không đưa vào biểu"})
    for where, text in doc.boxes:
        report.skipped.append(Skipped(where, text, "chữ trong hộp văn bản (text box) của Word: không đọc thành nhiệm "
                                                   "vụ; nếu đây là nhiệm vụ, hãy chép vào biểu"))
    for where, text in doc.notes:
        report.skipped.append(Skipped(where, text, "chú thích (footnote/endnote) của Word: không đọc thành nhiệm "
                                                   "vụ; nếu đây là nhiệm vụ hoặc thời hạn, hãy chép vào biểu"))
    for enc, count in doc.legacy.items():
        report.findings.append(finding("legacy-encoding", variant="docx", encoding=enc, count=count))
        report.notes.append(f"Chữ gõ bằng bảng mã {enc}: đã chuyển sang Unicode ({count} đoạn).")
        report.note_entries.append({"where": "", "text": f"bảng mã {enc} đã chuyển sang Unicode ({count} đoạn)"})


def _task_row(report: ImportReport, placer: _Placer, catalog: Catalog, i: int, f: Found) -> dict:
    """The I-th task for the workbook, placed in the catalog; its §8 row in the report (and the plan's own
    number when the workbook renumbers it)."""
    index_code, sub_code, index_text, sub_text, fam = placer.place(f)
    task = {"index": index_code or index_text or None, "sub": sub_code or sub_text or None, "task": f.task,
            "output": f.output, "lead": f.lead, "coord": f.coord, "timeline": f.timeline, "note": f.note,
            **{k: v for k, v in f.extra.items() if k != "tt" and not k.startswith("_")}}
    if f.from_prose:
        task["note"] = "\n".join(x for x in (f.note, f"Tách từ đoạn văn ({f.where}): cần rà soát") if x)
    report.rows.append({"row": TASK_FIRST_ROW + i, "source": f.where, "from_prose": f.from_prose, "family": fam,
                        **{k: _cell(catalog, task.get(k)) for k in PLAN_KEYS}})
    tt = f.extra.get("tt")
    if tt and tt.strip("().") != str(i + 1):
        report.skipped.append(Skipped(f.where, tt, "số thứ tự trong Kế hoạch (biểu đánh số lại liên tục)"))
    return task


def _cell(catalog: Catalog, value: object) -> str:
    """What the workbook's cell shows: a catalog code as its label, text as it is."""
    if value is None or value == "":
        return ""
    item = catalog.get(str(value))
    return item.label if item is not None else str(value)


def _info_note(path: Path, report: ImportReport) -> str:
    text = f"Nhập từ {path.name}: {report.tasks} nhiệm vụ."
    if report.from_prose:
        prose_rows = [r["row"] for r in report.rows if r["from_prose"]]
        span = f"{prose_rows[0]}–{prose_rows[-1]}" if len(prose_rows) > 1 else str(prose_rows[0])
        text += (f" BẢN NHÁP: {report.from_prose} nhiệm vụ (dòng {span}) tách từ đoạn văn của Kế hoạch, cần rà soát "
                 "chỉ số, đơn vị chủ trì, thời gian.")
    if report.unplaced:
        text += f" {len(report.unplaced)} tên chưa có trong danh mục: chọn lại ở sheet Nhiệm vụ."
    return text
