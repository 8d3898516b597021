"""What users see, as plain rows: the Kiểm tra table of findings and the
Tổng hợp snapshot of a roll-up.  Every writer renders these same rows: the
annotated copy (OOXML patch), the openpyxl summary sheet and the Excel buttons
(xlwings), so the three can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from papi_xl.contract.workbook import Finding
from papi_xl.pipeline.rollup import Rollup


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (Times New Roman
    11 fits ~1.3 characters per width unit).  Spreadsheet apps do not auto-fit the rows a library
    writes, so every writer sets row heights from this estimate or wrapped text would be hidden."""
    per_line = max(4, int(width * 1.3))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def row_lines(cells) -> int:
    """Lines the tallest cell of a row needs, from (value, column width) pairs (None is empty)."""
    return max([1, *(wrapped_lines(str(v), width) for v, width in cells if v is not None)])


EXCEL_MAX_ROW_HEIGHT = 409.0  # points: Excel's largest row height


def lines_height(lines: int, font_size: int = 11, max_lines: int = 30) -> float:
    """Row height in points for ``lines`` lines of text, capped at ``max_lines`` and at Excel's
    409 points (a longer text is read in the cell or the formula bar)."""
    return min(round(min(lines, max_lines) * font_size * 1.3 + 4, 1), EXCEL_MAX_ROW_HEIGHT)


CHECK_HEADERS = ("STT", "Mức độ", "Sheet", "Ô", "Trường", "Mã quy tắc", "Nội dung và cách sửa")
CHECK_WIDTHS = (6, 11, 14, 8, 22, 20, 110)


def check_summary(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    return (f"Kết quả kiểm tra: {errors} lỗi, {len(findings) - errors} cảnh báo. "
            "Lỗi (đỏ) phải sửa trước khi gửi; Cảnh báo (vàng) nên xem lại. Bấm vào ô ở cột 'Ô' để đến chỗ cần sửa.")


def check_rows(findings: list[Finding]) -> list[list]:
    """The Kiểm tra table body: one row per finding, in the CHECK_HEADERS order."""
    return [[n, f.severity, f.sheet, f.cell or "-", f.field, f.code, f.message] for n, f in enumerate(findings, 1)]


def note_text(findings: list[Finding]) -> str:
    return "\n".join(f"[{f.severity}] {f.message} ({f.code})" for f in findings)


SNAPSHOT_MARK = "SỐ LIỆU CHỐT BỞI PAPI-XL"
SNAPSHOT_HEADERS = ("Mã", "Chỉ số nội dung / Nội dung thành phần", "Tổng số", "Hoàn thành", "Đang thực hiện",
                    "Chưa thực hiện", "Không thực hiện", "Quá hạn", "% hoàn thành", "Đánh giá", "Dòng có lỗi")
SNAPSHOT_FIELDS = ("code", "name", "total", "done", "in_progress", "not_started", "not_done", "overdue", "pct_done",
                   "light", "rows_with_errors")


LIGHT_COLOURS = {"Đỏ": "FFC7CE", "Vàng": "FFEB9C", "Xanh": "C6EFCE"}
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
            header, bold = i in self.header_rows, i in self.bold_rows
            for j, value in enumerate(row):
                if value in (None, "") and not in_table:
                    continue
                fill = HEADER_FILL if header else LIGHT_COLOURS.get(lights.get((i, j))) or (INDEX_FILL if bold else None)
                yield i, j, value, CellStyle(
                    bold=i == 0 or header or bold, italic=i == 1, size=13 if i == 0 else 11,
                    color="C00000" if i == 2 else None, fill=fill, border=in_table, pct=(i, j) in pct,
                    align=("left" if j == 1 else "center") if in_table else None)


def snapshot(r: Rollup, errors: int, warnings: int, now: dt.datetime | None = None) -> Snapshot:
    s = Snapshot()
    width = len(SNAPSHOT_HEADERS)

    def add(*values) -> int:
        s.grid.append(list(values) + [None] * (width - len(values)))
        return len(s.grid) - 1

    cutoff = f"{r.cutoff:%d/%m/%Y}" if r.cutoff else "chưa xác định"
    now = now or dt.datetime.now()
    add(f"{SNAPSHOT_MARK} (giá trị, không phải công thức)")
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
    rows.append({"code": "", "name": "Tổng cộng", **r.totals})
    if r.unclassified:
        rows.append({"code": "?", "name": "Chưa xác định được chỉ số / tiến độ", "total": r.unclassified})
    table("Theo chỉ số nội dung và nội dung thành phần", rows, {str(i) for i in r.by_indicator["code"]} | {""})
    add()
    table("Theo đơn vị chủ trì", r.by_unit.to_dict("records"), set())
    add()
    add("Dữ liệu biểu đồ")
    add(None, "Chỉ số nội dung", "% hoàn thành")
    first = len(s.grid)
    for ind in r.by_indicator.to_dict("records"):
        i = add(None, ind["name"], round((ind["pct_done"] or 0) / 100, 4))
        s.pct_cells.append((i, 2))
    s.chart_rows = (first, len(s.grid) - 1)
    return s
