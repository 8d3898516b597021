"""The rule registry: every finding papi-xl reports is made from one of these rules.

A rule has a stable code, a severity, a title (what the rule checks: the README's rule table is
generated from it) and the Vietnamese message template that says what is wrong and what to do.  A
:class:`Finding` is made only by :func:`finding`, so its severity can never disagree with the table.
One finding shape serves a workbook, a folder (merge) and a Word import: file, sheet, cell (A1), row,
column (letter), field (the column's Vietnamese header), code, severity, message.

To add a rule: add a :class:`Rule` to ``_RULES`` (in README order), raise it with
``finding("code", sheet=…, cell=…, **params)`` where it is decided, and run the tests (a test
keeps the README table equal to this registry).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from papi_xl.errors import HostileInput, InputError, InputTooLarge
from papi_xl.vocab import Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # what the rule checks (README table)
    message: str  # str.format template of the message
    variants: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # other wordings

    def text(self, variant: str | None = None, **params: object) -> str:
        template = self.variants[variant] if variant else self.message
        return template.format(**params)


_RULES: tuple[Rule, ...] = (
    # -- the task rows (papi_xl.rules.validate) --------------------------------------------------------
    Rule("required", E, "Ô bắt buộc (Chỉ số nội dung, Nội dung thành phần, Nhiệm vụ, Đơn vị chủ trì) không được trống",
         "Ô '{field}' đang trống. {help}"),
    Rule("unknown-index", E, "Chỉ số nội dung phải có trong danh mục của tệp (gợi ý tên gần nhất)",
         "'{text}' không có trong danh mục chỉ số nội dung.{suggestion} Hãy chọn từ danh sách thả xuống."),
    Rule("index-approx", W, "Chỉ số nội dung ghi gần đúng (sai dấu, sai chính tả, thiếu số thứ tự): đã hiểu theo danh mục",
         "Ghi '{text}' chưa đúng danh mục; đã hiểu là '{label}'. Hãy chọn lại từ danh sách (hoặc dùng "
         "papi-xl validate --fix)."),
    Rule("unknown-sub", E, "Nội dung thành phần phải có trong danh mục (gợi ý tên gần nhất)",
         "'{text}' không có trong danh mục nội dung thành phần{of_index}.{suggestion} Hãy chọn từ danh sách thả xuống."),
    Rule("sub-approx", W, "Nội dung thành phần ghi gần đúng: đã hiểu theo danh mục",
         "Ghi '{text}' chưa đúng danh mục; đã hiểu là '{label}'. Hãy chọn lại từ danh sách (hoặc dùng "
         "papi-xl validate --fix)."),
    Rule("sub-mismatch", E, "Nội dung thành phần phải thuộc chỉ số nội dung ghi cùng dòng",
         "'{label}' thuộc chỉ số {owner}, không thuộc chỉ số {index} ghi ở cột Chỉ số nội dung. Sửa một trong hai ô "
         "cho khớp."),
    Rule("invalid-status", E, "Tiến độ phải là một trong: Chưa thực hiện / Đang thực hiện / Hoàn thành / Không thực hiện",
         "'{text}' không rõ là tiến độ nào{why}. Chọn: {choices}."),
    Rule("status-approx", W, "Tiến độ ghi khác danh sách nhưng hiểu được nghĩa (ví dụ 'Đã xong', '70%')",
         "Ghi '{text}'; đã hiểu là '{status}'{why}. Hãy chọn từ danh sách thả xuống (hoặc dùng papi-xl validate "
         "--fix)."),
    Rule("status-missing", W, "Chưa chọn Tiến độ (được tính là Chưa thực hiện)",
         "Chưa chọn Tiến độ; tạm tính là 'Chưa thực hiện'. Hãy chọn từ danh sách thả xuống."),
    Rule("done-no-result", E, "Nhiệm vụ Hoàn thành phải có Kết quả thực hiện",
         "Nhiệm vụ đã Hoàn thành nhưng chưa ghi Kết quả thực hiện. Hãy ghi kết quả cụ thể."),
    Rule("done-no-evidence", E, "Nhiệm vụ Hoàn thành phải có Minh chứng",
         "Nhiệm vụ đã Hoàn thành nhưng chưa có Minh chứng. Ghi văn bản chứng minh, ví dụ: Số 15/KH-UBND ngày "
         "18/01/2023."),
    Rule("done-no-date", E, "Nhiệm vụ Hoàn thành phải có Ngày hoàn thành",
         "Nhiệm vụ đã Hoàn thành nhưng chưa có Ngày hoàn thành (dd/mm/yyyy)."),
    Rule("invalid-date", E, "Ô ngày phải là ngày hợp lệ (dd/mm/yyyy)",
         "'{text}' không phải ngày hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025."),
    Rule("done-after-cutoff", E, "Ngày hoàn thành không được sau ngày chốt số liệu",
         "Ngày hoàn thành {date} sau ngày chốt số liệu {cutoff}. Kiểm tra lại ngày, hoặc để sang kỳ báo cáo sau."),
    Rule("done-before-year", E, "Ngày hoàn thành không được trước năm kế hoạch",
         "Ngày hoàn thành {date} trước năm kế hoạch {year}. Kiểm tra lại năm."),
    Rule("date-not-done", W, "Có Ngày hoàn thành nhưng Tiến độ chưa là Hoàn thành",
         "Có Ngày hoàn thành {date} nhưng Tiến độ là '{status}'. Nếu đã xong, chọn 'Hoàn thành'."),
    Rule("evidence-unparsed", W,
         "Minh chứng nên trích số, ký hiệu và ngày văn bản theo NĐ 30/2020 (Số 15/KH-UBND ngày 18/01/2023)",
         "Minh chứng chưa trích số, ký hiệu văn bản theo NĐ 30/2020. Ghi theo dạng: Số 15/KH-UBND ngày 18/01/2023.",
         {"no-date": "Minh chứng có số văn bản {symbol} nhưng thiếu ngày ban hành. Thêm 'ngày dd/mm/yyyy'."}),
    Rule("unknown-unit", W, "Đơn vị chủ trì không có trong danh mục đơn vị (kể cả tên viết tắt, tên gọi khác)",
         "Không nhận ra đơn vị chủ trì '{text}'. Chọn từ danh sách, hoặc bổ sung đơn vị (và tên gọi khác) vào sheet "
         "Danh mục."),
    Rule("duplicate-code", E, "Mã nhiệm vụ không được trùng",
         "Mã nhiệm vụ '{value}' trùng với dòng {other}. Mỗi nhiệm vụ cần một mã riêng."),
    Rule("code-missing", W, "Mã nhiệm vụ trống (cần để tổng hợp, đối chiếu giữa các kỳ)",
         "Mã nhiệm vụ trống. Hãy điền một mã riêng (ví dụ 1.a.01) để đối chiếu giữa các kỳ."),
    Rule("timeline-unparsed", W, "Không hiểu Thời gian thực hiện và không có Hạn hoàn thành: không xét được quá hạn",
         "Không hiểu thời gian '{timeline}'. Ghi rõ hơn (ví dụ: Quý II/2025, trước 30/6/2025, Thường xuyên) hoặc điền "
         "Hạn hoàn thành."),
    Rule("due-missing", W,
         "Hạn hoàn thành trống dù Thời gian thực hiện cho biết hạn: sheet Tổng hợp cần ô này để tính quá hạn",
         "Hạn hoàn thành trống; theo '{timeline}' là {due}. Điền ngày này để sheet Tổng hợp tính đúng số quá hạn."),
    Rule("overdue", W, "Quá hạn: hạn đã qua ngày chốt mà nhiệm vụ chưa hoàn thành",
         "Quá hạn: hạn {due} đã qua ngày chốt {cutoff} mà nhiệm vụ chưa hoàn thành (tiến độ: {status}). Cập nhật "
         "tiến độ, hoặc ghi lý do ở Ghi chú."),
    Rule("value-fixed", W, "Giá trị ghi gần đúng đã được papi-xl validate --fix sửa thành giá trị chuẩn của danh sách",
         "Đã sửa '{old}' thành '{new}' ({why}) để sheet Tổng hợp đếm đúng. Kiểm tra lại nếu chưa đúng ý."),
    # -- the Thông tin sheet and the table as a whole ----------------------------------------------------
    Rule("meta-missing", E, "Sheet Thông tin phải có Đơn vị, Năm kế hoạch, Kỳ báo cáo, Ngày chốt số liệu",
         "Chưa điền '{label}' ở sheet Thông tin. Hãy điền trước khi gửi.",
         {"no-sheet": "Tệp không có sheet 'Thông tin' (đơn vị, năm, kỳ báo cáo, ngày chốt). Hãy dùng biểu mẫu "
                      "papi-xl hoặc thêm sheet này."}),
    Rule("meta-pending", W, "Kỳ báo cáo, Ngày chốt số liệu còn trống khi chưa nhập tiến độ (biểu vừa tạo): nhắc điền",
         "Chưa điền '{label}' ở sheet Thông tin. Biểu chưa có tiến độ nên chưa bắt buộc; hãy điền khi báo cáo (6 "
         "tháng: ngày chốt 30/6; Năm: 31/12)."),
    Rule("year-invalid", E, "Năm kế hoạch phải là năm ghi đủ bốn chữ số (ví dụ 2025)",
         "Năm kế hoạch '{year}' không phải một năm hợp lệ. Hãy ghi đủ bốn chữ số, ví dụ 2025."),
    Rule("cutoff-outside-year", W, "Ngày chốt số liệu nên nằm trong năm kế hoạch",
         "Ngày chốt {cutoff} không thuộc năm kế hoạch {year}. Kiểm tra lại."),
    Rule("no-tasks", E, "Bảng Nhiệm vụ phải có ít nhất một nhiệm vụ",
         "Bảng Nhiệm vụ chưa có nhiệm vụ nào. Hãy chép các nhiệm vụ từ Phụ lục của Kế hoạch."),
    # -- reading (papi_xl.inputs) -------------------------------------------------------------------------
    Rule("missing-column", E, "Bảng Nhiệm vụ phải có các cột bắt buộc (tìm theo tên tiêu đề)",
         "Không tìm thấy cột '{header}' ở dòng tiêu đề {header_row}. Hãy thêm lại cột này (đúng tên tiêu đề) theo biểu mẫu."),
    Rule("unmapped-column", W, "Cột không thuộc biểu mẫu: không được đọc",
         "Cột '{text}' không thuộc biểu mẫu nên không được đọc. Nếu đây là một cột của biểu mẫu bị đổi tên, hãy đặt "
         "lại đúng tên tiêu đề."),
    Rule("legacy-encoding", W, "Chữ gõ bằng bảng mã cũ TCVN3/VNI: đã chuyển sang Unicode",
         "Chữ gõ bằng bảng mã cũ {encoding} (phông .VnTime/VNI). Đã tự chuyển sang Unicode: '{converted}'. Hãy gõ lại "
         "bằng Unicode để chắc chắn.",
         {"unconverted": "Chữ gõ bằng bảng mã cũ {encoding} (phông .VnTime/VNI). Hãy chuyển sang Unicode (Unikey: công "
                         "cụ chuyển mã) rồi gửi lại.",
          "docx": "Văn bản gõ bằng bảng mã cũ {encoding} (phông .VnTime/VNI) ở {count} đoạn: đã tự chuyển sang "
                  "Unicode. Hãy soát lại chính tả ở biểu."}),
    Rule("rows-ignored", W, "Dòng chỉ có giá trị chọn từ danh sách (kéo xuống), không có Nhiệm vụ: không tính là nhiệm vụ",
         "{rows} chỉ có {fields}, không có nội dung Nhiệm vụ: không tính là nhiệm vụ. Nếu là nhiệm vụ, hãy ghi nội "
         "dung ở cột Nhiệm vụ; nếu không, xóa các ô đó."),
    Rule("rows-joined", W, "Dòng tiếp nối của một nhiệm vụ (ô TT, Tiến độ gộp chung với dòng trên, thường do dán bảng "
         "từ Word): ghép vào nhiệm vụ dòng trên",
         "Dòng {joined} có ô TT và Tiến độ gộp chung với dòng {top} (thường do dán bảng từ Word): là phần tiếp của "
         "nhiệm vụ dòng {top}, đã ghép vào một nhiệm vụ. Nếu là nhiệm vụ riêng, hãy bỏ gộp ô và ghi TT, Tiến độ riêng."),
    Rule("status-marks", W, "Tiến độ ghi bằng dấu (x, ✓) ở các cột mang tên tiến độ: đọc theo cột có dấu",
         "Tiến độ được ghi bằng dấu ở các cột {columns}: đã đọc mỗi nhiệm vụ theo cột có dấu; nhiệm vụ không có "
         "dấu hoặc có dấu ở nhiều cột không xác định được (Lỗi ở ô Tiến độ). Nên dùng một cột Tiến độ với danh "
         "sách chọn của biểu mẫu."),
    Rule("below-table", W, "Dòng dưới bảng nhiệm vụ (Tổng cộng, ghi chú, Nơi nhận, chữ ký): không tính là nhiệm vụ",
         "{rows} nằm dưới bảng nhiệm vụ ('{text}'…): không tính là nhiệm vụ."),
    Rule("format-mismatch", W, "Đuôi tệp không đúng với nội dung (ví dụ tệp .xls đổi tên thành .xlsx): đọc theo nội dung",
         "Tệp có đuôi {suffix} nhưng thực chất là tệp {actual}; đã đọc theo nội dung. Nên mở bằng Excel và lưu lại "
         "đúng định dạng (File > Save As) trước khi gửi."),
    Rule("duplicate-sheet", W, "Hai sheet nhiệm vụ giống hệt nhau (ví dụ 'Nhiệm vụ' và 'Nhiệm vụ (2)'): đọc một sheet",
         "Có hai sheet nhiệm vụ giống hệt nhau: '{read}' và '{other}'; đã đọc sheet '{read}'. Nên xóa bản sao."),
    Rule("conflicting-sheets", E, "Hai sheet nhiệm vụ khác nhau: phải giữ lại một",
         "Có hai sheet nhiệm vụ khác nhau: '{read}' và '{other}' ({difference}). Không biết sheet nào đúng: hãy giữ "
         "lại một sheet (xóa sheet kia) rồi gửi lại."),
    Rule("template-version", W, "Phiên bản biểu mẫu chưa biết: vẫn đọc theo tên cột",
         "Biểu mẫu phiên bản '{version}' chưa được biết (phiên bản hiện hành: {current}). Tệp vẫn được đọc theo tên "
         "cột; nên chuyển sang biểu mẫu mới."),
    Rule("catalog-missing", W, "Tệp không có sheet Danh mục: dùng bộ chỉ số mặc định",
         "Tệp không có sheet 'Danh mục'; dùng bộ chỉ số mặc định '{catalog}' để kiểm tra."),
    Rule("catalog-unreadable", W, "Không đọc được sheet Danh mục: dùng bộ chỉ số mặc định",
         "Không đọc được bảng danh mục (thiếu cột 'Mã' và 'Tên'); dùng bộ chỉ số mặc định.",
         {"empty": "Sheet 'Danh mục' không có chỉ số nào; dùng bộ chỉ số mặc định."}),
    # -- importing a Word plan (papi_xl.inputs.docx): cell = the place in the document ("đoạn 37", "bảng 2,
    # dòng 5"), sheet "" -------------------------------------------------------------------------------------
    Rule("import-prose", W, "Nhiệm vụ tách từ đoạn văn của Kế hoạch (không có bảng): bản nháp, cần rà soát",
         "{count} nhiệm vụ (dòng {rows} sheet Nhiệm vụ) được tách từ đoạn văn của Kế hoạch: đây là bản nháp. Hãy "
         "rà soát chỉ số nội dung, đơn vị chủ trì, thời gian thực hiện trước khi gửi."),
    Rule("import-skipped", W, "Phần của Kế hoạch không nhập thành nhiệm vụ: ghi rõ lý do",
         "Không nhập thành nhiệm vụ: '{text}' ({reason})."),
    Rule("import-unplaced", W, "Tên chỉ số, nội dung hoặc ô của Kế hoạch không đặt được vào biểu",
         "'{text}' không có trong danh mục {what}: chưa xác định được, không dùng làm mã nhiệm vụ. Hãy chọn từ "
         "danh sách ở sheet Nhiệm vụ.",
         {"cell": "Ô '{text}' không thuộc nhiệm vụ nào nên chưa đưa vào biểu. Hãy chép vào đúng dòng nếu cần."}),
    Rule("import-approx", W, "Tên chỉ số, nội dung trong Kế hoạch khớp gần đúng với danh mục",
         "'{text}' được hiểu là '{label}'. Hãy kiểm tra lại nếu chưa đúng."),
    Rule("import-joined", W, "Dòng, đoạn được ghép hoặc dịch cột khi nhập (bảng ngắt trang, ô lệch cột…)",
         "{detail}"),
    Rule("import-tracked-changes", W, "Văn bản còn thay đổi được theo dõi (Track Changes): đọc như đã chấp nhận",
         "Văn bản còn {count} thay đổi được theo dõi (Track Changes): đã đọc như khi chấp nhận tất cả (giữ phần "
         "thêm, bỏ phần xóa). Hãy đối chiếu biểu với bản Kế hoạch đã ký."),
    Rule("import-comments", W, "Nhận xét (Comment) trong văn bản không đưa vào biểu",
         "Văn bản có {count} nhận xét (Comment) của người góp ý: không đưa vào biểu."),
    # -- a folder of returned workbooks (papi_xl.pipeline.merge) ------------------------------------------
    Rule("unit-from-filename", W, "Sheet Thông tin không ghi tên đơn vị: đoán theo tên tệp",
         "Sheet Thông tin không ghi tên đơn vị; đoán là '{unit}' theo tên tệp. Hãy điền ô Đơn vị."),
    Rule("year-mismatch", E, "Năm kế hoạch của tệp phải là năm đang tổng hợp (tệp năm khác bị từ chối)",
         "Năm kế hoạch của tệp là {year}, khác năm đang tổng hợp {merge_year} ({basis}): tệp không được tính. Nếu gửi "
         "nhầm biểu năm khác, hãy gửi lại biểu năm {merge_year}."),
    Rule("unreadable", E, "Không đọc được tệp (hỏng, có mật khẩu, không phải bảng tính, không có bảng nhiệm vụ)",
         "{detail}"),
    Rule("hostile", E, "Tệp bị từ chối vì nguy hiểm (bom nén, khai báo XML bất thường)", "{detail}"),
    Rule("too-large", E, "Tệp vượt giới hạn kích thước, số dòng hoặc số cột", "{detail}"),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One finding, addressed to a cell a person can click (or to the whole file / folder)."""

    file: str = ""  # the input it is about (merges and imports; "" for a single workbook)
    sheet: str = ""
    cell: str = ""  # A1, "" when the finding is about the whole sheet / file
    row: int | None = None
    column: str = ""  # column letter, "" when not about a column
    field: str = ""  # the Vietnamese field label
    code: str
    severity: Severity
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def finding(code: str, *, file: str = "", sheet: str = "", cell: str = "", row: int | None = None,
            column: str = "", field: str = "", variant: str | None = None, **params: object) -> Finding:
    """A finding of rule ``code``: severity from the registry, message from its template and ``params``."""
    rule = RULES[code]
    return Finding(file=file, sheet=sheet, cell=cell, row=row, column=column, field=field, code=code,
                   severity=rule.severity, message=rule.text(variant, **{"field": field, **params}))


def error_finding(error: InputError, *, file: str = "") -> Finding:
    """The finding for an input that could not be read at all."""
    code = "hostile" if isinstance(error, HostileInput) else "too-large" if isinstance(error, InputTooLarge) \
        else "unreadable"
    return finding(code, file=file, detail=error.message)


def restore_finding(*, file: str, sheet: str, cell: str, field: str, code: str, severity: str,
                    message: str) -> Finding:
    """A finding read back from a summary papi-xl wrote: the registry decides the severity of a known
    rule; a rule this version does not know keeps the severity it was written with."""
    rule = RULES.get(code)
    sev = rule.severity if rule else (Severity.ERROR if severity == Severity.ERROR else Severity.WARNING)
    row = int(cell[len(cell.rstrip("0123456789")):]) if cell[-1:].isdigit() else None
    column = cell.rstrip("0123456789")
    return Finding(file=file, sheet=sheet, cell=cell, row=row, column=column, field=field, code=code, severity=sev,
                   message=message)
