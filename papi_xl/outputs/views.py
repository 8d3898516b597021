"""What users see, as plain rows: the Kiểm tra table of findings and the
Tổng hợp snapshot of a roll-up.  Every writer renders these same rows: the
annotated copy (OOXML patch), the openpyxl summary sheet and the Excel buttons
(xlwings), so the three can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from papi_xl.contract import snapshot as snap_spec
from papi_xl.contract.check_sheet import CHECK, NO_CELL
from papi_xl.pipeline.rollup import Rollup
from papi_xl.registry import Finding
from papi_xl.vocab import Light


def check_summary(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    return (f"Kết quả kiểm tra: {errors} lỗi, {len(findings) - errors} cảnh báo. "
            "Lỗi (đỏ) phải sửa trước khi gửi; Cảnh báo (vàng) nên xem lại. Bấm vào ô ở cột 'Ô' để đến chỗ cần sửa.")


def check_rows(findings: list[Finding]) -> list[list]:
    """The Kiểm tra table body: one row per finding, in the order of :data:`CHECK`'s columns."""
    values = {"severity": lambda f: f.severity, "sheet": lambda f: f.sheet, "cell": lambda f: f.cell or NO_CELL,
              "field": lambda f: f.field, "code": lambda f: f.code, "message": lambda f: f.message}
    return [[n, *(values[k](f) for k in CHECK.keys[1:])] for n, f in enumerate(findings, 1)]


def note_text(findings: list[Finding]) -> str:
    return "\n".join(f"[{f.severity}] {f.message} ({f.code})" for f in findings)


SNAPSHOT_HEADERS = snap_spec.SNAPSHOT.headers
SNAPSHOT_FIELDS = snap_spec.SNAPSHOT.keys


LIGHT_COLOURS: dict[str, str] = {Light.RED: "FFC7CE", Light.YELLOW: "FFEB9C", Light.GREEN: "C6EFCE"}
HEADER_FILL, INDEX_FILL = "DDEBF7", "E2EFDA"


@dataclass(frozen=True)
class CellStyle:
    """How a snapshot cell looks, independent of the writer (colours as RRGGBB)."""

    bold: bool = False
    italic: bool = False
    size: int = 11
    color: str | None = None
    fill: str | None = None
    border: bool = False
    pct: bool = False
    align: str | None = None  # "left" | "center" inside tables


@dataclass
class Snapshot:
    """The roll-up as a grid of values (row 0 = the title) plus where styles go."""

    grid: list[list] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    bold_rows: list[int] = field(default_factory=list)
    pct_cells: list[tuple[int, int]] = field(default_factory=list)
    lights: list[tuple[int, int, str]] = field(default_factory=list)
    chart_rows: tuple[int, int] = (0, 0)  # first and last data row of the chart table (labels col 1, % col 2)

    @property
    def width(self) -> int:
        return len(SNAPSHOT_HEADERS)

    def styled_cells(self):
        """(row, column, value, CellStyle) for every cell to write, 0-based; blanks inside tables too."""
        pct = set(self.pct_cells)
        lights = {(i, j): light for i, j, light in self.lights}
        in_table = False
        for i, row in enumerate(self.grid):
            if i in self.header_rows:
                in_table = True
            elif not any(x not in (None, "") for x in row):
                in_table = False
            for j, value in enumerate(row):
                if value in (None, "") and not in_table:
                    continue
                yield i, j, value, self._style(i, j, in_table, lights.get((i, j)), (i, j) in pct)

    def _style(self, i: int, j: int, in_table: bool, light: str | None, pct: bool) -> CellStyle:
        """Row 0 is the title, row 1 the italic info line, row 2 the red warning; then the tables."""
        header, bold = i in self.header_rows, i in self.bold_rows
        if header:
            fill: str | None = HEADER_FILL
        else:
            fill = (LIGHT_COLOURS.get(light) if light else None) or (INDEX_FILL if bold else None)
        return CellStyle(bold=i == 0 or header or bold, italic=i == 1, size=13 if i == 0 else 11,
                         color="C00000" if i == 2 else None, fill=fill, border=in_table, pct=pct,
                         align=("left" if j == 1 else "center") if in_table else None)


def snapshot(r: Rollup, errors: int, warnings: int, now: dt.datetime | None = None) -> Snapshot:
    s = Snapshot()
    width = len(SNAPSHOT_HEADERS)

    def add(*values) -> int:
        s.grid.append(list(values) + [None] * (width - len(values)))
        return len(s.grid) - 1

    cutoff = f"{r.cutoff:%d/%m/%Y}" if r.cutoff else "chưa xác định"
    now = now or dt.datetime.now()
    add(f"{snap_spec.MARK} (giá trị, không phải công thức)")
    add(f"Đơn vị: {r.unit or '-'} · Ngày chốt: {cutoff} · Lập lúc {now:%H:%M %d/%m/%Y} · {errors} lỗi, "
        f"{warnings} cảnh báo")
    add(f"Có {r.unclassified} nhiệm vụ không xác định được chỉ số hoặc tiến độ (xem sheet Kiểm tra); chúng được tính "
        "ở dòng 'Chưa xác định'." if r.unclassified else "")

    def table(title: str, rows: list[dict], bold_codes: set[str]) -> None:
        add(title)
        s.header_rows.append(add(*SNAPSHOT_HEADERS))
        for rec in rows:
            values = []
            for key in SNAPSHOT_FIELDS:
                v = rec.get(key)
                if isinstance(v, float) and v != v:
                    v = None  # pandas' NaN: no value
                if key == "pct_done":
                    v = None if v is None else round(v / 100, 4)
                values.append(v)
            i = add(*values)
            s.pct_cells.append((i, SNAPSHOT_FIELDS.index("pct_done")))
            if rec.get("light"):
                s.lights.append((i, SNAPSHOT_FIELDS.index("light"), rec["light"]))
            if str(rec.get("code")) in bold_codes:
                s.bold_rows.append(i)

    rows = []
    subs = r.by_subcontent.to_dict("records")
    for ind in r.by_indicator.to_dict("records"):
        rows.append(ind)
        rows.extend(x for x in subs if x["index_code"] == ind["code"])
    rows.append({"code": "", "name": snap_spec.TOTAL, **r.totals})
    if r.unclassified:
        rows.append({"code": "?", "name": snap_spec.UNCLASSIFIED, "total": r.unclassified})
    table(snap_spec.INDEX_TABLE, rows, {str(i) for i in r.by_indicator["code"]} | {""})
    add()
    table(snap_spec.UNIT_TABLE, r.by_unit.to_dict("records"), set())
    add()
    add(snap_spec.CHART_TABLE)
    add(None, "Chỉ số nội dung", "% hoàn thành")
    first = len(s.grid)
    for ind in r.by_indicator.to_dict("records"):
        i = add(None, ind["name"], round((ind["pct_done"] or 0) / 100, 4))
        s.pct_cells.append((i, 2))
    s.chart_rows = (first, len(s.grid) - 1)
    return s
