"""The report drafted as text: :func:`draft` turns :class:`~papi_xl.outputs.report.data.ReportData` into
a :class:`Draft` — the heading, the title, the body as paragraphs and tables, the signature block,
*Nơi nhận* and the appendix — in the words a Văn phòng - Thống kê officer would write, with ``[…]``
where only a person can write.  :mod:`papi_xl.outputs.report.word` lays it out in Word.

Body outline (a commune; a merged summary adds its coverage, a table per unit and the units that need
help first, and names the unit on every task line):

I. KẾT QUẢ THỰC HIỆN — 1. chỉ đạo, triển khai (the plan cited) or the coverage of a merge; 2. the
   figures, compared with the previous period, tasks finished since; Bảng 1 (and Bảng 2); 3. per content
   index: the count line, then per sub-content the tasks done with their Kết quả thực hiện and the
   documents of their Minh chứng, tasks in progress, overdue, not started, not carried out.
II. KHÓ KHĂN, VƯỚNG MẮC — what the figures show, then ``[…]``.
III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM (or NĂM tới) — the open tasks by lead unit and due date.
IV. ĐỀ XUẤT, KIẾN NGHỊ — ``[…]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from papi_xl.domain.docnum import find_doc_numbers
from papi_xl.domain.text import clean
from papi_xl.domain.units import unit_key
from papi_xl.outputs.report.data import (
    COMMUNE,
    DONE,
    IN_PROGRESS,
    NOT_DONE,
    NOT_STARTED,
    OVERDUE,
    UNCLEAR,
    Changes,
    Group,
    IndexSection,
    ReportData,
    TaskItem,
)
from papi_xl.outputs.report.wording import (
    BLANK,
    body_of,
    change,
    date,
    evidence_text,
    full_text,
    lines_of,
    num,
    pct,
    pct_change,
    points,
    recipients,
    symbol,
    task_title,
)

PLAN_NAME = "nâng cao Chỉ số Hiệu quả quản trị và hành chính công (PAPI)"
# How many tasks a list shows before "… và N nhiệm vụ khác" (per sub-content group and kind of task).
SHOW_COMMUNE = {DONE: 8, IN_PROGRESS: 8, OVERDUE: 10, NOT_STARTED: 8, UNCLEAR: 8, NOT_DONE: 8}
SHOW_SUMMARY = {DONE: 3, IN_PROGRESS: 3, OVERDUE: 8, NOT_STARTED: 3, UNCLEAR: 3, NOT_DONE: 5}
SHOW_FINISHED = 10  # tasks finished since the previous period
SHOW_PER_LEAD = 15  # open tasks per lead unit in the Phương hướng section
SHOW_UNITS = 10  # units named in a list (units needing help, improved, fell behind)
CLASS_WORDS = {DONE: "đã hoàn thành", IN_PROGRESS: "đang thực hiện", OVERDUE: "quá hạn", NOT_STARTED: "chưa thực hiện",
               UNCLEAR: "chưa rõ tiến độ", NOT_DONE: "không thực hiện"}
COUNT_FIELDS = (("done", "hoàn thành"), ("in_progress", "đang thực hiện"), ("not_started", "chưa thực hiện"),
                ("not_done", "không thực hiện"), ("overdue", "quá hạn"))

# The Khó khăn section's facts: the total they count ({n}), what they say; a total of zero says nothing.
DIFFICULTY_FACTS = (("overdue", "Còn {n} nhiệm vụ quá hạn chưa hoàn thành (nêu tại mục I.3 và mục III)."),
                    ("not_started", "{n} nhiệm vụ chưa triển khai thực hiện."),
                    ("unclassified", "{n} nhiệm vụ ghi tiến độ chưa đúng, cần ghi lại."))


# -- blocks ---------------------------------------------------------------------------------------------
@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """A paragraph.  ``style``: body (justified, first line indented) | part (I., bold capitals) |
    section (1., bold) | subsection (1.1., bold italic) | group (a), italic) | item (a "- " line) |
    placeholder (``[…]`` and a hint, italic) | closing."""

    runs: list[Run]
    style: str = "body"
    keep_next: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # mm
    align: list[str]  # left | center | right, per column
    bold_rows: set[int] = field(default_factory=set)
    group_rows: set[int] = field(default_factory=set)  # rows drawn as one cell across the table (a group title)
    size: float = 11
    keep_together: bool = True  # a short table is kept on one page; a long one repeats its header row


Block = Para | Table


@dataclass
class Heading:
    parent_line: str  # "ỦY BAN NHÂN DÂN", or the parent of an agency ("UBND TỈNH HƯNG YÊN")
    body_line: str  # "XÃ TRUNG TRẮC"
    parent_bold: bool  # the two lines are one name (a People's Committee)
    number: str  # "Số: […]/BC-UBND"
    place_date: str  # "Trung Trắc, ngày […] tháng […] năm 2023"


@dataclass
class Appendix:
    title: str
    subtitle: str
    note: str
    table: Table
    after: list[Para] = field(default_factory=list)


@dataclass
class Draft:
    heading: Heading
    title: str  # the trích yếu under "BÁO CÁO"
    body: list[Block]
    recipients: list[str]
    signer: tuple[str, ...]
    appendix: Appendix | None
    doc_title: str  # document properties


def P(text: str, style: str = "body", keep_next: bool = False) -> Para:  # noqa: N802 - a tiny constructor
    return Para([Run(text)], style, keep_next)


def _placeholder(hint: str) -> Para:
    return Para([Run(BLANK + " "), Run(f"({hint})", italic=True)], "placeholder")


# -- phrases ----------------------------------------------------------------------------------------------
def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unit_name(unit: str, when: dt.date | None) -> str:
    """A unit in running text: "xã Lạc Hồng"."""
    b = body_of(unit, when)
    return b.in_text if b.kind != "unknown" else unit


def _names(units: list[str], when: dt.date | None, limit: int = 30) -> str:
    shown = [_unit_name(u, when) for u in units[:limit]]
    more = f" và {num(len(units) - limit)} đơn vị khác" if len(units) > limit else ""
    return ", ".join(shown) + more


def _plan_ref(data: ReportData) -> str:
    """"Kế hoạch số 06/KH-UBND ngày 19/01/2023"."""
    number = clean(data.plan_number)
    docs = find_doc_numbers(number if "/" in number else "")
    if docs:
        number = symbol(docs[0])
    elif number.lower().startswith("số"):
        number = number[2:].lstrip(" :")
    day = f" ngày {date(data.plan_date)}" if data.plan_date else f" ngày {BLANK}"
    return f"Kế hoạch số {number or BLANK}{day}"


def _counts_text(c: dict, head: str) -> str:
    """``head`` with the total put in ({n}), then the figures: "Kế hoạch đề ra 4 nhiệm vụ: đã hoàn thành 2
    (50%), đang thực hiện 1, chưa thực hiện 1; trong đó 1 nhiệm vụ quá hạn."."""
    parts = [f"đã hoàn thành {num(c.get('done'))} ({pct(c.get('pct_done'))})"]
    for key, word in COUNT_FIELDS[1:4]:
        if c.get(key) or key != "not_done":
            parts.append(f"{word} {num(c.get(key))}")
    text = head.format(n=num(c.get("total"))) + ": " + ", ".join(parts)
    if c.get("overdue"):
        text += f"; trong đó {num(c.get('overdue'))} nhiệm vụ quá hạn"
    return text + "."


def _changes(before: dict, now: dict, short: bool = False) -> str:
    """Each figure against the previous period ("số nhiệm vụ hoàn thành tăng 6 (từ 5 lên 11); …"); ``short``:
    done and % done, and only the other figures that changed."""
    bits = [f"số nhiệm vụ hoàn thành {change(int(before.get('done') or 0), int(now.get('done') or 0))}",
            f"tỷ lệ hoàn thành {pct_change(before.get('pct_done'), now.get('pct_done'))}"]
    for key, word in COUNT_FIELDS[1:]:
        b, n = int(before.get(key) or 0), int(now.get(key) or 0)
        if not short or b != n:
            bits.append(f"{word} {change(b, n)}")
    if int(before.get("total") or 0) != int(now.get("total") or 0):
        bits.append(f"tổng số nhiệm vụ {change(int(before.get('total') or 0), int(now.get('total') or 0))}")
    return "; ".join(bits)


def _due_text(t: TaskItem) -> str:
    if t.overdue and t.due:
        return f"quá hạn từ {date(t.due)}"
    if t.due:
        return f"hạn {date(t.due)}"
    return "thường xuyên" if t.ongoing else ""


def _result(t: TaskItem) -> str:
    return "; ".join(line.rstrip(" .;") for line in lines_of(t.result))


def task_runs(t: TaskItem, with_unit: bool, when: dt.date | None, finished_mark: bool = False) -> list[Run]:
    """One task as a list line: its short title, what kind it is (with lead unit, due date, and the unit
    in a summary), then its Kết quả thực hiện and the documents of its Minh chứng."""
    cls = t.cls
    runs = [Run("- " + (task_title(t.task) or "(nhiệm vụ không có tên)"))]
    meta = _task_meta(t, cls, with_unit, when, finished_mark)
    if meta:
        runs.append(Run(" (" + "; ".join(meta) + ")", italic=True))
    result = _task_result(t, cls)
    evidence = evidence_text(t.evidence, t.result) if cls == DONE or t.evidence else ""
    tail = (f": {result}" if result else "") + (f" ({evidence})" if evidence else "")
    runs.append(Run(tail.rstrip(" .") + "."))
    return runs


def _task_meta(t: TaskItem, cls: str, with_unit: bool, when: dt.date | None, finished_mark: bool) -> list[str]:
    """The bracket after a task's title: its unit (a summary), then what kind of task it is.  A done task
    says no more (its list says it; "hoàn thành trong kỳ" when it was finished since the previous period);
    an overdue one gives its due date first; an open one names its lead unit, then its due date."""
    meta = [_unit_name(t.unit, when)] if with_unit and t.unit else []
    if cls == DONE:
        return meta + (["hoàn thành trong kỳ"] if finished_mark and t.finished_since else [])
    meta.append(_due_text(t) if cls == OVERDUE else _state_words(t, cls))
    if t.lead:
        meta.append(f"{t.lead} chủ trì")
    if cls in (NOT_STARTED, IN_PROGRESS, UNCLEAR) and _due_text(t):
        meta.append(_due_text(t))
    return meta


def _state_words(t: TaskItem, cls: str) -> str:
    if cls == UNCLEAR:
        return f"tiến độ ghi “{t.status_text}”, chưa rõ" if t.status_text else "chưa ghi tiến độ"
    return CLASS_WORDS[cls]


def _task_result(t: TaskItem, cls: str) -> str:
    """What the task's line says it achieved: its Kết quả thực hiện; without one, why it was not carried out
    (its Ghi chú), or for a done task the date it was done."""
    result = _result(t)
    if result:
        return result
    if cls == NOT_DONE:
        return "; ".join(lines_of(t.note))
    if cls == DONE:
        return "Đã hoàn thành" + (f" ngày {date(t.done_date)}" if t.done_date else "")
    return ""


def _by_deadline(open_tasks: list[TaskItem], end: dt.date) -> list[str]:
    """The open tasks counted by when they are due: already overdue, due by the end of the next period,
    due later, no due date (ongoing or not written); a count of zero is not said."""
    counts = (
        (sum(t.overdue for t in open_tasks), "nhiệm vụ đã quá hạn cần hoàn thành ngay"),
        (sum(1 for t in open_tasks if not t.overdue and t.due and t.due <= end), f"nhiệm vụ đến hạn trước ngày {date(end)}"),
        (sum(1 for t in open_tasks if not t.overdue and t.due and t.due > end), f"nhiệm vụ có hạn sau ngày {date(end)}"),
        (sum(1 for t in open_tasks if not t.due), "nhiệm vụ thực hiện thường xuyên hoặc chưa ghi thời hạn"),
    )
    return [f"{num(n)} {what}" for n, what in counts if n]


def _needs_help(u: dict, overall: float | None) -> bool:
    """A unit to help first: it has overdue or cancelled tasks, or its % done is below the overall %."""
    if (u.get("overdue") or 0) > 0 or (u.get("not_done") or 0) > 0:
        return True
    return overall is not None and u.get("pct_done") is not None and u["pct_done"] < overall


def _help_order(u: dict) -> tuple:
    """Most overdue tasks first, then lowest % done (unknown first), most cancelled tasks, then name."""
    pct_done = u.get("pct_done")
    return (-(u.get("overdue") or 0), pct_done if pct_done is not None else -1, -(u.get("not_done") or 0),
            u.get("unit") or "")


def _help_facts(u: dict) -> list[str]:
    bits = []
    if u.get("overdue"):
        bits.append(f"{num(u['overdue'])} nhiệm vụ quá hạn")
    if u.get("not_done"):
        bits.append(f"{num(u['not_done'])} nhiệm vụ không thực hiện")
    bits.append(f"hoàn thành {pct(u.get('pct_done'))} ({num(u.get('done'))}/{num(u.get('total'))})")
    return bits


def _more(n: int, what: str, where: str) -> Para:
    return P(f"- … và {num(n)} nhiệm vụ khác{' ' + what if what else ''} ({where}).", "item")


def _ranking(u: dict) -> tuple:
    """The summary's Xếp hạng order: % done (high first), then fewest overdue, then name."""
    p = u.get("pct_done")
    return (-(p if p is not None else -1.0), int(u.get("overdue") or 0), str(u.get("unit") or ""))


# -- the sections ----------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, data: ReportData):
        self.d = data
        self.out: list[Block] = []
        self.when = data.cutoff
        self.summary = data.kind != COMMUNE
        self.has_appendix = bool(data.tasks)
        self.tables = 0

    def where(self, cls: str = DONE) -> str:
        """Where the tasks a list leaves out are: the appendix (every task of a commune; a summary's
        overdue and cancelled tasks), else the summary workbook's Nhiệm vụ sheet."""
        if not self.summary or (self.has_appendix and cls in (OVERDUE, NOT_DONE)):
            return "xem Phụ lục"
        return f"xem sheet Nhiệm vụ của bảng tổng hợp {self.d.source_name}".rstrip()

    def add(self, *blocks: Block) -> None:
        self.out.extend(blocks)

    def table(self, caption: str, table: Table) -> None:
        """A numbered table; a summary's tables say which units their figures cover."""
        self.tables += 1
        c = self.d.coverage
        if c is not None:
            caption += f" - số liệu của {c.share} đơn vị"
        table.caption = f"Bảng {self.tables}. {caption}"
        self.add(table)

    # I.1
    def direction(self) -> None:
        d = self.d
        self.add(P("1. Công tác chỉ đạo, triển khai", "section"))
        indices = sum(1 for s in d.sections if s.code is not None)
        leads = f", giao {num(d.lead_units)} đơn vị chủ trì thực hiện" if d.lead_units else ""
        self.add(P(f"{d.body.short} ban hành {_plan_ref(d)} với {num(d.totals.get('total'))} nhiệm vụ thuộc "
                   f"{num(indices)} chỉ số nội dung{leads}."))
        self.add(_placeholder("Nêu việc quán triệt, tuyên truyền, phân công, kiểm tra, đôn đốc thực hiện Kế hoạch"))

    def coverage(self) -> None:
        d, c = self.d, self.d.coverage
        assert c is not None
        self.add(P("1. Tình hình báo cáo của các đơn vị", "section"))
        self.add(P(f"{d.body.short} nhận được báo cáo hợp lệ của {c.share} đơn vị: "
                   f"{_names(c.accepted, self.when) or 'không có đơn vị nào'}. Các số liệu trong báo cáo này chỉ tính "
                   f"{num(len(c.accepted))} đơn vị nêu trên."))
        if c.rejected:
            self.add(P(f"Không tính {num(len(c.rejected))} đơn vị có báo cáo bị từ chối (cần sửa và gửi lại):",
                       keep_next=True))
            for unit, reasons in c.rejected[:40]:
                self.add(P(f"- {_cap(_unit_name(unit, self.when))}: {reasons.rstrip('.') or 'không rõ lý do'}.", "item"))
            if len(c.rejected) > 40:
                self.add(P(f"- … và {num(len(c.rejected) - 40)} đơn vị khác (xem sheet Tình hình nộp).", "item"))
        if c.missing:
            self.add(P(f"Chưa gửi báo cáo: {num(len(c.missing))} đơn vị ({_names(c.missing, self.when, 60)})."))
        elif c.expected_known:
            self.add(P("Tất cả các đơn vị trong danh sách đã gửi báo cáo."))
        else:
            self.add(P("Không có danh sách đơn vị phải báo cáo, nên chưa xác định được đơn vị chưa gửi báo cáo."))
        files = []
        if c.superseded:
            files.append(f"{num(c.superseded)} tệp gửi trước đã được thay bằng tệp gửi sau của cùng đơn vị")
        if c.skipped:
            files.append(f"{num(c.skipped)} tệp không phải báo cáo được bỏ qua")
        if files:
            self.add(P(_cap("; ".join(files)) + "."))

    # I.2
    def figures(self) -> None:
        d = self.d
        t = d.totals
        self.add(P("2. Kết quả chung", "section"))
        whose = f"của {num(len(d.coverage.accepted))} đơn vị" if self.summary and d.coverage else "của Kế hoạch"
        self.add(P(_counts_text(t, f"Đến ngày {date(d.cutoff) or BLANK}, trong tổng số {{n}} nhiệm vụ {whose}")))
        if t.get("unclassified"):
            self.add(P(f"Có {num(t.get('unclassified'))} nhiệm vụ chưa xác định được tiến độ hoặc chỉ số nội dung "
                       f"(ô Tiến độ / Chỉ số nội dung ghi chưa đúng), chưa được tính vào các nhóm trên."))
        if t.get("ongoing_no_progress"):
            self.add(P(f"Có {num(t.get('ongoing_no_progress'))} nhiệm vụ thực hiện thường xuyên chưa có kết quả trong "
                       f"kỳ (chưa thực hiện)."))
        ch = d.changes
        if ch is not None:
            prev = ch.previous
            self.add(P(f"So với kỳ báo cáo trước (số liệu đến ngày {date(prev.cutoff) or BLANK}): "
                       f"{_changes(prev.totals, t)}."))
            self.finished()
        self.add(P("Kết quả theo từng chỉ số nội dung tại Bảng 1" +
                   (", theo từng đơn vị tại Bảng 2." if self.summary and d.by_unit else ".")))
        self.table("Kết quả thực hiện theo chỉ số nội dung", self.index_table())
        if self.summary and d.by_unit:
            self.table("Kết quả thực hiện theo đơn vị (xếp theo tỷ lệ hoàn thành)", self.unit_table())
            self.help_first()
            if ch is not None:
                self.units_changed()

    def finished(self) -> None:
        """What changed since the previous period, task by task."""
        ch = self.d.changes
        assert ch is not None
        if not ch.by_code:
            self.add(P("Kỳ trước thuộc kế hoạch khác (khác năm hoặc số kế hoạch): các nhiệm vụ được đối chiếu theo "
                       "nội dung, không theo Mã nhiệm vụ."))
        self.finished_since(ch)
        if ch.reopened_count:
            self.reopened(ch)
        if ch.new_tasks or ch.dropped_tasks:
            self.new_and_dropped(ch)

    def finished_since(self, ch: Changes) -> None:
        if not ch.finished_count:
            self.add(P("Từ kỳ báo cáo trước đến nay chưa có thêm nhiệm vụ nào hoàn thành."))
            return
        self.add(P(f"Từ kỳ báo cáo trước đến nay đã hoàn thành thêm {num(ch.finished_count)} nhiệm vụ:",
                   keep_next=True))
        for t in ch.finished[:SHOW_FINISHED]:
            unit = f" ({_unit_name(t.unit, self.when)})" if self.summary and t.unit else ""
            self.add(P(f"- {task_title(t.task)}{unit}.", "item"))
        if ch.finished_count > SHOW_FINISHED:
            self.add(_more(ch.finished_count - SHOW_FINISHED, "", self.where()))

    def reopened(self, ch: Changes) -> None:
        """Tasks done in the previous period and not done now: most likely a status written wrong."""
        self.add(P(f"Lưu ý: {num(ch.reopened_count)} nhiệm vụ kỳ trước báo cáo đã hoàn thành nhưng kỳ này không ghi "
                   f"hoàn thành, cần kiểm tra lại:", keep_next=True))
        for t in ch.reopened[:SHOW_FINISHED]:
            unit = f"{_unit_name(t.unit, self.when)}; " if self.summary and t.unit else ""
            self.add(P(f"- {task_title(t.task)} ({unit}kỳ này: {t.status_text or CLASS_WORDS[t.cls]}).", "item"))

    def new_and_dropped(self, ch: Changes) -> None:
        bits = []
        if ch.new_tasks:
            bits.append(f"{num(ch.new_tasks)} nhiệm vụ không có trong kỳ trước (nhiệm vụ mới hoặc đã sửa nội dung)")
        if ch.dropped_tasks:
            bits.append(f"{num(ch.dropped_tasks)} nhiệm vụ của kỳ trước không còn trong kỳ này")
        self.add(P("Có " + "; ".join(bits) + "."))

    def index_table(self) -> Table:
        d = self.d
        prev = d.changes.previous if d.changes else None
        rows, headers = [], ["Chỉ số nội dung", "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện",
                             "Không thực hiện", "Quá hạn", "Tỷ lệ hoàn thành"]
        for s in d.sections:
            label = f"{s.code}. {s.name}" if s.code else s.name
            rows.append(self._count_cells(label, s.counts, s.previous if prev else None, prev is not None))
        rows.append(self._count_cells("Tổng cộng", d.totals, prev.totals if prev else None, prev is not None))
        if prev is None:
            widths, size = [55.0, *[15.5] * 6, 17.0], 11.0
        else:
            headers += ["Tỷ lệ kỳ trước", "Tăng, giảm (điểm %)"]
            widths, size = [41.0, *[12.5] * 6, 15.0, 16.0, 18.0], 10.0
        return Table("", headers, rows, widths, ["left", *["center"] * (len(headers) - 1)], {len(rows) - 1}, size=size)

    @staticmethod
    def _count_cells(label: str, c: dict, before: dict | None, compare: bool) -> list[str]:
        cells = [label, *(num(c.get(k)) for k in ("total", "done", "in_progress", "not_started", "not_done",
                                                  "overdue")), pct(c.get("pct_done"))]
        if compare:
            b = before.get("pct_done") if before else None
            cells += [pct(b), points(b, c.get("pct_done"))]
        return cells

    def unit_table(self) -> Table:
        d = self.d
        prev = d.changes.previous if d.changes else None
        units = sorted(d.by_unit or [], key=_ranking)
        headers = ["TT", "Đơn vị", "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện",
                   "Quá hạn", "Tỷ lệ hoàn thành"]
        rows = []
        for n, u in enumerate(units, start=1):
            before = prev.by_unit.get(unit_key(u["unit"])) if prev else None
            rows.append([str(n), *self._count_cells(u["unit"], u, before, prev is not None)])
        if prev is None:
            widths, size = [9.0, 52.0, *[14.5] * 6, 17.0], 10.5
        else:
            headers += ["Tỷ lệ kỳ trước", "Tăng, giảm (điểm %)"]
            widths, size = [8.0, 38.0, *[11.5] * 6, 14.0, 14.0, 16.0], 10.0
        return Table("", headers, rows, widths, ["center", "left", *["center"] * (len(headers) - 2)], size=size,
                     keep_together=len(rows) <= 15)

    def help_first(self) -> None:
        d = self.d
        overall = d.totals.get("pct_done")
        need = sorted((u for u in d.by_unit or [] if _needs_help(u, overall)), key=_help_order)
        if not need:
            self.add(P("Không có đơn vị nào có nhiệm vụ quá hạn hoặc tỷ lệ hoàn thành thấp hơn mức chung."))
            return
        self.add(P(f"Các đơn vị cần tập trung đôn đốc, hỗ trợ trước ({num(len(need))} đơn vị có nhiệm vụ quá hạn, "
                   f"không thực hiện hoặc tỷ lệ hoàn thành thấp hơn mức chung {pct(overall)}):", keep_next=True))
        for u in need[:SHOW_UNITS]:
            self.add(P(f"- {_cap(_unit_name(u['unit'], self.when))}: " + ", ".join(_help_facts(u)) + ".", "item"))
        if len(need) > SHOW_UNITS:
            self.add(P(f"- … và {num(len(need) - SHOW_UNITS)} đơn vị khác (xem Bảng 2).", "item"))

    def units_changed(self) -> None:
        ch = self.d.changes
        assert ch is not None

        def listing(items: list[tuple[str, dict, dict]]) -> str:
            shown = []
            for unit, before, now in items[:SHOW_UNITS]:
                bits = [f"tỷ lệ hoàn thành {pct_change(before.get('pct_done'), now.get('pct_done'))}"]
                if int(now.get("overdue") or 0) != int(before.get("overdue") or 0):
                    bits.append(f"quá hạn {change(int(before.get('overdue') or 0), int(now.get('overdue') or 0))}")
                shown.append(f"{_unit_name(unit, self.when)} ({', '.join(bits)})")
            more = f" và {num(len(items) - SHOW_UNITS)} đơn vị khác" if len(items) > SHOW_UNITS else ""
            return "; ".join(shown) + more

        self.add(P("So với kỳ trước, theo đơn vị:", keep_next=True))
        if ch.units_up:
            self.add(P(f"- {num(len(ch.units_up))} đơn vị tiến bộ: {listing(ch.units_up)}.", "item"))
        if ch.units_down:
            self.add(P(f"- {num(len(ch.units_down))} đơn vị chậm lại (tỷ lệ hoàn thành giảm hoặc thêm nhiệm vụ quá "
                       f"hạn): {listing(ch.units_down)}.", "item"))
        if ch.units_same:
            self.add(P(f"- {num(ch.units_same)} đơn vị không thay đổi.", "item"))
        if ch.units_new:
            self.add(P(f"- Đơn vị có số liệu kỳ này nhưng không có ở kỳ trước: {_names(ch.units_new, self.when)}.",
                       "item"))
        if ch.units_gone:
            self.add(P(f"- Đơn vị có số liệu kỳ trước nhưng không có ở kỳ này: {_names(ch.units_gone, self.when)}.",
                       "item"))

    # I.3
    def indices(self) -> None:
        self.add(P("3. Kết quả thực hiện theo từng chỉ số nội dung", "section"))
        for n, s in enumerate(self.d.sections, start=1):
            self.index_section(n, s)
        if self.d.empty_indices:
            self.add(P("Kế hoạch không có nhiệm vụ thuộc các chỉ số: " + "; ".join(self.d.empty_indices) + "."))

    def index_section(self, n: int, s: IndexSection) -> None:
        title = f"3.{n}. Chỉ số {s.code}: {s.name}" if s.code else f"3.{n}. {s.name}"
        self.add(P(title, "subsection", keep_next=True))
        self.add(P(self.index_counts(s)))
        if self.summary and s.units:
            self.index_units(s)
        self.index_groups(s)

    def index_counts(self, s: IndexSection) -> str:
        """An index's figures, and with a previous period how they changed."""
        text = _counts_text(s.counts, "Các đơn vị có {n} nhiệm vụ" if self.summary else "Kế hoạch đề ra {n} nhiệm vụ")
        if self.d.changes is None or s.code is None:
            return text
        if s.previous:
            return text + f" So với kỳ trước: {_changes(s.previous, s.counts, short=True)}."
        return text + " Kỳ trước không có chỉ số này."

    def index_groups(self, s: IndexSection) -> None:
        """An index's tasks per sub-content group, each group under a lettered title: "a) <sub-content>", and
        "Nhiệm vụ khác" for the tasks of no sub-content next to groups that have one; when no task has a
        sub-content (the plan does not group this index, or a summary), the tasks have no title."""
        labelled = any(g.label for g in s.groups)
        letters = iter("abcdefghijklmnopqrstuvwxyz")
        for g in s.groups:
            if g.label:
                self.add(P(f"{next(letters, '-')}) {g.label}", "group", keep_next=True))
            elif labelled:
                self.add(P(f"{next(letters, '-')}) Nhiệm vụ khác", "group", keep_next=True))
            self.group(g)

    def index_units(self, s: IndexSection) -> None:
        full = [u for u in s.units if u["pct_done"] is not None and u["pct_done"] >= 100]
        late = sorted((u for u in s.units if u["overdue"]), key=lambda u: (-u["overdue"], u["unit"]))
        low = sorted((u for u in s.units if u["pct_done"] is not None and u["pct_done"] < 100),
                     key=lambda u: (u["pct_done"], u["unit"]))
        bits = [f"{num(len(full))}/{num(len(s.units))} đơn vị hoàn thành toàn bộ nhiệm vụ của chỉ số"]
        if late:
            bits.append("có nhiệm vụ quá hạn: " + ", ".join(f"{_unit_name(u['unit'], self.when)} ({num(u['overdue'])})"
                                                          for u in late[:SHOW_UNITS])
                        + (f" và {num(len(late) - SHOW_UNITS)} đơn vị khác" if len(late) > SHOW_UNITS else ""))
        if low:
            bits.append("tỷ lệ hoàn thành thấp nhất: " + ", ".join(
                f"{_unit_name(u['unit'], self.when)} ({pct(u['pct_done'])})" for u in low[:3]))
        self.add(P(_cap("; ".join(bits)) + "."))

    def group(self, g: Group) -> None:
        show = SHOW_SUMMARY if self.summary else SHOW_COMMUNE
        for cls in (DONE, IN_PROGRESS, OVERDUE, NOT_STARTED, UNCLEAR, NOT_DONE):
            items = g.items.get(cls, [])
            for t in items[:show[cls]]:
                self.add(Para(task_runs(t, self.summary, self.when, self.d.changes is not None), "item"))
            hidden = g.counts[cls] - min(len(items), show[cls])
            if hidden > 0:
                self.add(_more(hidden, CLASS_WORDS[cls], self.where(cls)))

    # II
    def difficulties(self) -> None:
        t = self.d.totals
        self.add(P("II. KHÓ KHĂN, VƯỚNG MẮC", "part", keep_next=True))
        for key, fact in DIFFICULTY_FACTS:
            if t.get(key):
                self.add(P("- " + fact.format(n=num(t[key])), "item"))
        if t.get("not_done"):
            self.not_done(int(t["not_done"]))
        c = self.d.coverage
        if self.summary and c and (c.missing or c.rejected):
            self.add(P(f"- {num(len(c.missing))} đơn vị chưa gửi báo cáo, {num(len(c.rejected))} đơn "
                       f"vị có báo cáo bị từ chối: số liệu chung chưa đầy đủ.", "item"))
        self.add(_placeholder("Nêu khó khăn, vướng mắc và nguyên nhân"))

    def not_done(self, count: int) -> None:
        """The tasks not carried out (the first few kept), each with why: its Ghi chú, else its Kết quả."""
        self.add(P(f"- {num(count)} nhiệm vụ không thực hiện:", "item", keep_next=True))
        tasks = [x for s in self.d.sections for g in s.groups for x in g.items.get(NOT_DONE, [])]
        for x in tasks[:SHOW_UNITS]:
            why = "; ".join(lines_of(x.note)) or _result(x) or BLANK
            unit = f"{_unit_name(x.unit, self.when)}; " if self.summary and x.unit else ""
            self.add(P(f"+ {task_title(x.task)} ({unit}{x.lead or 'chưa ghi đơn vị chủ trì'} chủ trì): "
                       f"{why.rstrip('.')}.", "item"))

    # III
    def outlook(self) -> None:
        d = self.d
        self.add(P(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {d.next_period_text.upper()}", "part", keep_next=True))
        if self.summary:
            self.outlook_summary()
        else:
            self.outlook_commune()
        self.add(_placeholder("Bổ sung nhiệm vụ trọng tâm khác của kỳ tới"))

    def outlook_commune(self) -> None:
        d = self.d
        open_tasks = [t for _, tasks in d.open_by_lead for t in tasks]
        if not d.totals.get("total"):
            self.add(P("Biểu chưa có nhiệm vụ nào của Kế hoạch."))
            return
        if not open_tasks:
            self.add(P("Các nhiệm vụ của Kế hoạch đã hoàn thành; tiếp tục duy trì kết quả đạt được."))
            return
        lead = ("Tiếp tục thực hiện" if d.half_year else f"Chuyển sang năm {d.year_value + 1} tiếp tục thực hiện")
        self.add(P(f"{lead} {num(len(open_tasks))} nhiệm vụ chưa hoàn thành của Kế hoạch, trong đó "
                   + "; ".join(_by_deadline(open_tasks, d.next_period_end)) + ". Cụ thể theo đơn vị chủ trì:",
                   keep_next=True))
        for n, (unit, tasks) in enumerate(d.open_by_lead, start=1):
            self.lead_unit_tasks(n, unit, tasks)

    def lead_unit_tasks(self, n: int, unit: str, tasks: list[TaskItem]) -> None:
        """One lead unit's open tasks in the Phương hướng section, with their due dates."""
        self.add(P(f"{n}. {unit} ({num(len(tasks))} nhiệm vụ)", "group", keep_next=True))
        for t in tasks[:SHOW_PER_LEAD]:
            when = _due_text(t) or "chưa ghi thời hạn"
            if t.overdue:
                when += ", cần hoàn thành ngay"
            self.add(P(f"- {task_title(t.task)} ({when}).", "item"))
        if len(tasks) > SHOW_PER_LEAD:
            self.add(_more(len(tasks) - SHOW_PER_LEAD, "", "xem Phụ lục"))

    def outlook_summary(self) -> None:
        d = self.d
        units = d.units_open
        open_total = sum(u.open for u in units)
        overdue_total = sum(u.overdue for u in units)
        n = 1
        if open_total:
            self.add(P(f"{n}. Đôn đốc các đơn vị hoàn thành {num(open_total)} nhiệm vụ còn lại, trong đó "
                       f"{num(overdue_total)} nhiệm vụ đã quá hạn; theo từng đơn vị:", "group", keep_next=True))
            for u in units[:SHOW_UNITS * 2]:
                bits = [f"{num(u.open)} nhiệm vụ"]
                if u.overdue:
                    bits.append(f"{num(u.overdue)} quá hạn")
                if u.next_due:
                    bits.append(f"hạn gần nhất {date(u.next_due)}")
                self.add(P(f"- {_cap(_unit_name(u.unit, self.when))}: " + ", ".join(bits) + ".", "item"))
            if len(units) > SHOW_UNITS * 2:
                self.add(P(f"- … và {num(len(units) - SHOW_UNITS * 2)} đơn vị khác (xem Bảng 2).", "item"))
            n += 1
        c = d.coverage
        if c and (c.missing or c.rejected):
            who = [*c.missing, *(u for u, _ in c.rejected)]
            self.add(P(f"{n}. Yêu cầu {num(len(who))} đơn vị chưa gửi hoặc có báo cáo bị từ chối hoàn thiện, gửi "
                       f"báo cáo: {_names(who, self.when)}.", "group"))

    # IV and the closing
    def proposals(self) -> None:
        self.add(P("IV. ĐỀ XUẤT, KIẾN NGHỊ", "part", keep_next=True))
        to = "cấp trên"
        rec = recipients(self.d.body, self.d.parent, self.d.cutoff)
        if rec and rec[0] not in (BLANK, "Bộ Nội vụ"):
            to = rec[0]
        self.add(_placeholder(f"Ghi đề xuất, kiến nghị với {to} và các cơ quan liên quan"))

    def closing(self) -> None:
        d = self.d
        self.add(P(f"Trên đây là báo cáo kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI {d.period_text} của "
                   f"{d.body.authority}./.", "closing", keep_next=True))


# -- the appendix --------------------------------------------------------------------------------------------
def _progress_cell(t: TaskItem) -> str:
    cls = t.cls
    if cls == DONE:
        return "Hoàn thành" + (f" ({date(t.done_date)})" if t.done_date else "")
    if cls == OVERDUE:
        return f"Quá hạn ({t.status_text.lower() or 'chưa ghi tiến độ'})" if t.status_text else "Quá hạn"
    if cls == UNCLEAR:
        return f"Chưa rõ (ghi “{t.status_text}”)" if t.status_text else "Chưa ghi"
    return CLASS_WORDS[cls][:1].upper() + CLASS_WORDS[cls][1:]


def _appendix(d: ReportData) -> Appendix | None:
    """A commune's appendix lists every task with its result; a summary's, the overdue and cancelled tasks."""
    if not d.tasks:
        return None
    issued = f"(Kèm theo Báo cáo số {BLANK}/{d.body.symbol()} ngày {BLANK} của {d.body.authority})"
    return _commune_appendix(d, issued) if d.kind == COMMUNE else _summary_appendix(d, issued)


def _commune_appendix(d: ReportData, issued: str) -> Appendix:
    """Every task in index order (plan order inside), under a title row per content index."""
    headers = ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ", "Kết quả thực hiện", "Minh chứng"]
    rows: list[list[str]] = []
    groups: set[int] = set()
    names = {s.code: f"{s.code}. {s.name}" if s.code else s.name for s in d.sections}
    current: object = ()
    n = 0
    for t in sorted(d.tasks, key=lambda t: (t.index_code is None, _index_order(d, t.index_code), t.row)):
        if t.index_code != current:
            current = t.index_code
            groups.add(len(rows))
            rows.append([names.get(t.index_code, "Nhiệm vụ chưa xác định chỉ số nội dung")] + [""] * 6)
        n += 1
        due = date(t.due) or ("Thường xuyên" if t.ongoing else "")
        rows.append([str(n), task_title(t.task, 260), t.lead, due, _progress_cell(t), full_text(t.result),
                     full_text(t.evidence)])
    table = Table("", headers, rows, [9, 80, 32, 23, 25, 45, 33], ["center", "left", "left", "center", "center",
                                                                    "left", "left"],
                  group_rows=groups, size=10.5, keep_together=False)
    return Appendix("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH", issued, "", table)


def _summary_appendix(d: ReportData, issued: str) -> Appendix:
    """The overdue and cancelled tasks by unit (up to APPENDIX_MAX; the rest: the summary's Nhiệm vụ sheet)."""
    headers = ["TT", "Đơn vị", "Chỉ số", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ", "Kết quả, ghi chú"]
    rows = []
    tasks = sorted(d.tasks, key=lambda t: (t.unit, _index_order(d, t.index_code), t.row))
    for n, t in enumerate(tasks, start=1):
        note = "; ".join(x for x in (_result(t), "; ".join(lines_of(t.note))) if x)
        rows.append([str(n), t.unit, t.index_code or "?", task_title(t.task, 300), t.lead, date(t.due),
                     _progress_cell(t), note])
    table = Table("", headers, rows, [9, 32, 12, 75, 30, 23, 26, 40], ["center", "left", "center", "left", "left",
                                                                        "center", "center", "left"],
                  size=10.5, keep_together=False)
    after = []
    if d.appendix_more:
        after.append(P(f"… và {num(d.appendix_more)} nhiệm vụ khác: xem sheet Nhiệm vụ của bảng tổng hợp "
                       f"{d.source_name}.".replace("  ", " ")))
    return Appendix("NHIỆM VỤ QUÁ HẠN, KHÔNG THỰC HIỆN CỦA CÁC ĐƠN VỊ", issued,
                    f"Số liệu đến ngày {date(d.cutoff) or BLANK}; danh sách đầy đủ các nhiệm vụ tại sheet Nhiệm vụ của "
                    f"bảng tổng hợp {d.source_name}".rstrip() + ".", table, after)


def _index_order(d: ReportData, code: str | None) -> int:
    for n, s in enumerate(d.sections):
        if s.code == code:
            return n
    return len(d.sections)


# -- the whole draft ---------------------------------------------------------------------------------------
def draft(d: ReportData) -> Draft:
    body = d.body
    parent_line, body_line = body.heading()
    year = d.cutoff.year if d.cutoff else d.year_value
    heading = Heading(parent_line, body_line, body.is_ubnd, f"Số: {BLANK}/{body.symbol()}",
                      f"{body.place}, ngày {BLANK} tháng {BLANK} năm {year}")
    title = f"Kết quả thực hiện Kế hoạch {PLAN_NAME} {d.period_text}"
    w = _Writer(d)
    cut = date(d.cutoff) or BLANK
    if d.kind == COMMUNE:
        w.add(P(f"Thực hiện {_plan_ref(d)} của {body.authority} về {PLAN_NAME} năm {d.year or BLANK}, "
                f"{body.authority} báo cáo kết quả thực hiện {d.period_text} (số liệu tính đến ngày {cut}) như sau:"))
    else:
        w.add(P(f"{body.authority} tổng hợp báo cáo kết quả thực hiện Kế hoạch {PLAN_NAME} {d.period_text} của các "
                f"đơn vị (số liệu tính đến ngày {cut}) như sau:"))
    w.add(P("I. KẾT QUẢ THỰC HIỆN", "part", keep_next=True))
    if d.kind == COMMUNE:
        w.direction()
    else:
        w.coverage()
    w.figures()
    w.indices()
    w.difficulties()
    w.outlook()
    w.proposals()
    w.closing()
    return Draft(heading, title, w.out, recipients(body, d.parent, d.cutoff), body.signer(), _appendix(d),
                 f"Báo cáo kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI {d.period_text} - {body.authority}")
