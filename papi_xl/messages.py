"""Every Vietnamese text papi-xl shows a person that is not a rule's finding (those are in
:mod:`papi_xl.registry`): why a file cannot be read, what an option must look like, what the command
line prints and what the Excel buttons say.  ``str.format`` templates, named by what they report.
"""

from __future__ import annotations

# -- inputs that cannot be read (papi_xl.errors.InputError) ------------------------------------------
NOT_FOUND = "Không tìm thấy tệp '{path}'."
NOT_FOUND_PATTERN = "Không có tệp nào khớp với '{pattern}'."
NOTHING_TO_MERGE = "Không có tệp nào để tổng hợp."
IS_A_FOLDER = "'{name}' là thư mục, không phải tệp bảng tính."
IO_ERROR = "Không mở được tệp '{name}': {reason}."
WORD_NOT_SPREADSHEET = "'{name}' là văn bản Word, không phải bảng tính Excel."
ZIP_NOT_SPREADSHEET = "Tệp '{name}' là tệp nén nhưng không phải bảng tính Excel/ODS."
OLE_NOT_SPREADSHEET = "Tệp '{name}' là tệp Office cũ nhưng không phải bảng tính Excel."
NOT_SPREADSHEET = "Tệp '{name}' không phải bảng tính Excel (.xlsx, .xlsm, .xls) hoặc .ods."
HTML_DISGUISED = ("Tệp '{name}' thực chất là trang HTML/XML đổi đuôi thành bảng tính. Hãy mở bằng Excel và lưu lại "
                  "dạng .xlsx (File > Save As > Excel Workbook).")
CORRUPT_ZIP = "Tệp '{name}' bị hỏng (không giải nén được). Hãy lưu lại tệp từ Excel rồi gửi lại."
CORRUPT = "Tệp '{name}' bị hỏng hoặc không đọc được ({reason}). Hãy mở bằng Excel, lưu lại rồi gửi lại."
CORRUPT_CONTENT = "Không đọc được nội dung tệp '{name}' ({reason})."
PASSWORD = ("Tệp '{name}' được đặt mật khẩu. Hãy gỡ mật khẩu (File > Info > Protect Workbook) rồi gửi lại.")
NO_TASK_SHEET = ("Không tìm thấy bảng nhiệm vụ trong tệp '{name}': không sheet nào có dòng tiêu đề gồm các cột "
                 "'Nhiệm vụ', 'Chỉ số nội dung', 'Đơn vị chủ trì'... Hãy dùng biểu mẫu papi-xl (papi-xl new).")
NOT_A_DOCX = "Không mở được '{name}' như văn bản Word .docx ({reason})."
NO_TASK_TABLE = ("Không tìm thấy bảng nhiệm vụ trong '{name}': cần một bảng có dòng tiêu đề gồm 'Nhiệm vụ', 'Chỉ số "
                 "nội dung', 'Đơn vị chủ trì'...")
# over a limit (papi_xl.errors.InputTooLarge)
TOO_BIG_FILE = ("Tệp '{name}' nặng {size_mb:.0f} MB, vượt giới hạn {limit_mb:.0f} MB. Biểu nhiệm vụ thường dưới 1 MB: "
                "hãy xóa ảnh/dòng thừa rồi lưu lại (hoặc tăng PAPI_XL_MAX_FILE_MB).")
TOO_MANY_PARTS = "Tệp '{name}' có {parts} thành phần, bất thường với một bảng tính."
TOO_FAR_CELL = ("Tệp '{name}' có ô dữ liệu ở dòng {row:,}, cột {column:,} (vượt giới hạn {max_rows:,} dòng × "
                "{max_columns:,} cột). Hãy xóa các dòng/cột thừa rồi lưu lại (hoặc tăng PAPI_XL_MAX_ROWS / "
                "PAPI_XL_MAX_COLUMNS).")
TOO_BIG_SHEET = ("Sheet '{sheet}' khai báo {rows:,} dòng × {columns:,} cột, vượt giới hạn {max_rows:,} dòng × "
                 "{max_columns:,} cột. Hãy xóa các dòng/cột thừa rồi lưu lại.")
# built to hurt (papi_xl.errors.HostileInput)
ZIP_BOMB_TOTAL = ("Tệp '{name}' giải nén ra {total_mb:,.0f} MB, vượt giới hạn {limit_mb:.0f} MB (nghi là 'bom nén'). "
                  "Tệp bị từ chối.")
ZIP_BOMB_PART = ("Thành phần '{part}' của tệp '{name}' nén với tỉ lệ bất thường ({ratio}:1, nghi là 'bom nén'). Tệp bị "
                 "từ chối.")
XML_ENTITIES = ("Thành phần '{part}' của tệp '{name}' khai báo DOCTYPE/ENTITY, điều mà Excel không bao giờ ghi (nghi là "
                "tấn công XML). Tệp bị từ chối.")
EXPECTED_EMPTY = "Danh sách đơn vị '{name}' trống."
EXPECTED_UNREADABLE = "Không đọc được danh sách đơn vị '{name}': {reason}"
EXPECTED_NO_UNIT_COLUMN = ("Danh sách đơn vị '{name}' không có cột tên đơn vị: đã tìm dòng tiêu đề có ô 'Đơn vị' (hoặc "
                           "'Tên đơn vị', 'Xã/phường') trong {rows} dòng đầu của {where} mà không thấy{seen}. Hãy "
                           "thêm dòng tiêu đề có cột 'Đơn vị' (và 'Cấp trên' nếu cần) rồi chạy lại.")
EXPECTED_NO_UNIT_SEEN = "; các ô tiêu đề đang có: {headers}"

# -- wrong arguments (papi_xl.errors.UsageError) -----------------------------------------------------
BAD_DATE_OPTION = "'{value}' không phải ngày hợp lệ (dd/mm/yyyy)."
BAD_PERIOD = "'{value}' không phải kỳ báo cáo hợp lệ. Dùng: 6thang, nam, hoặc một ngày dd/mm/yyyy."
PERIOD_NEEDS_YEAR = ("Không biết năm kế hoạch để tính ngày chốt của kỳ '{value}': hãy điền Năm kế hoạch ở sheet Thông "
                     "tin, hoặc cho ngày chốt dd/mm/yyyy.")
UNKNOWN_CATALOG = "Không có bộ chỉ số '{key}'. Chọn: {choices}."
CATALOG_SAME_FAMILY = ("'{key}' ghép hai bộ chỉ số cùng một họ chỉ số; mỗi họ (PAPI, PAR INDEX, SIPAS) chỉ chọn một bộ, "
                       "ví dụ papi+par+sipas.")
OUTPUT_EXISTS = "Tệp '{path}' đã có. Dùng --force để ghi đè, hoặc chọn tên khác."
IN_PLACE_NOT_OOXML = "Không sửa trực tiếp được tệp {suffix}: hãy bỏ --in-place để ghi bản sao .xlsx."
OUTPUT_IS_INPUT = "Tệp kết quả trùng tệp đầu vào; dùng --in-place nếu muốn sửa trực tiếp (có bản lưu)."
MACROS_NEED_XLSM = "Tệp có macro phải có đuôi .xlsm (ví dụ: -o bieu-mau.xlsm)."
NO_FOLDER = ("Chưa có đường dẫn thư mục: ghi ở sheet {sheet}, dòng '{label}' (ví dụ D:\\PAPI\\2025\\tra-ve).")
FOLDER_NOT_FOUND = "Không tìm thấy thư mục '{path}'."
EXPECTED_NOT_FOUND = ("Không tìm thấy tệp danh sách đơn vị phải nộp '{path}' (sheet {sheet}, dòng '{label}'): sửa "
                      "đường dẫn hoặc xóa ô đó.")
REPORT_PREVIOUS_KIND = ("Tệp kỳ trước (--previous) phải cùng loại với tệp báo cáo: biểu của một xã so với biểu của xã "
                        "đó, bảng tổng hợp so với bảng tổng hợp.")
REPORT_PREVIOUS_UNIT = "Tệp kỳ trước là của '{previous}', không phải của '{unit}'."
REPORT_PREVIOUS_NOT_EARLIER = ("Tệp kỳ trước có ngày chốt số liệu {previous}, không trước ngày chốt của kỳ này ({current}): "
                               "hãy kiểm tra lại hai tệp (--previous là tệp của kỳ trước).")

# -- results that cannot be written (papi_xl.errors.OutputError) --------------------------------------
TOO_MANY_ROWS = ("Các đơn vị được nhận có tổng cộng {rows} nhiệm vụ, vượt số dòng tối đa của một sheet Excel ({limit} "
                 "dòng): không thể ghi sheet Nhiệm vụ. Hãy tổng hợp riêng từng nhóm đơn vị (ví dụ theo vùng) thành nhiều "
                 "bảng tổng hợp.")
CANNOT_WRITE = ("Không ghi được tệp: {path}: không có quyền ghi, hoặc tệp đang mở trong Excel. Hãy đóng tệp rồi chạy "
                "lại.")

# -- the merge register (sheet Tình hình nộp: papi_xl.pipeline.load / register) ----------------------
# what a merge does not read (status Bỏ qua, decisions §7)
SKIP_EXCEL_LOCK = ("Tệp khóa tạm của Excel (~$...), sinh ra khi có người đang mở một bảng tính; không phải báo cáo, "
                   "không đọc.")
SKIP_LIBREOFFICE_LOCK = ("Tệp khóa tạm của LibreOffice, sinh ra khi có người đang mở '{original}'; không phải báo cáo, "
                         "không đọc.")
SKIP_BACKUP = ("Bản lưu dự phòng papi-xl tạo trước khi sửa trực tiếp tệp '{original}' (--in-place); không phải báo "
               "cáo, không đọc.")
SKIP_OLD_COPY = "Bản lưu dự phòng ({suffix}); không phải báo cáo, không đọc."
SKIP_TEMP = "Tệp tạm (.tmp) của Office hoặc của một lần ghi chưa xong; không phải báo cáo, không đọc."
SKIP_HIDDEN = "Tệp ẩn (tên bắt đầu bằng dấu chấm); không phải báo cáo, không đọc."
SKIP_SYSTEM = "Tệp hệ thống của Windows/macOS; không phải báo cáo, không đọc."
SKIP_DERIVED = ("Bản {kind} do papi-xl tạo từ tệp '{original}'; tệp gốc cũng có trong thư mục và đã được đọc, nên bản "
                "này không tính (tránh tính hai lần).")
DERIVED_USED = ("Đây là bản {kind} do papi-xl tạo; tệp gốc '{original}' (.xlsx, .xls hoặc .ods) không có trong thư "
                "mục nên dùng bản này làm báo cáo của đơn vị.")
DERIVED_KIND = {"kiem-tra": "kiểm tra", "tong-hop": "tổng hợp một đơn vị"}
SKIP_OWN_OUTPUT = "Tệp kết quả của chính lần tổng hợp này (-o); không đọc lại."
SKIP_OWN_SUMMARY = ("Bảng tổng hợp do chính '{unit}' lập ở một lần tổng hợp trước; không đọc lại (các đơn vị trong đó "
                    "đã được đọc từ tệp của từng đơn vị).")
SKIP_EARLIER_RUN = ("Bảng tổng hợp lập từ chính các tệp trong thư mục này ở một lần tổng hợp trước; không đọc lại (tránh "
                    "tính hai lần).")
# which submission of a unit counts
DATE_SAVED = "ngày lưu ghi trong tệp"
DATE_FILE = "ngày sửa tệp"
DATE_SOURCE_SAVED = "Ngày lưu ghi trong tệp ({fmt})"
DATE_SOURCE_FILE = "Ngày sửa tệp (tệp không ghi ngày lưu)"
DATE_SOURCE_SUMMARY = "Theo bảng tổng hợp '{name}'"
REG_NEWEST = "Bản mới nhất trong {n} bản đơn vị gửi (so theo {basis})."
REG_SUPERSEDED = ("Đã có bản mới hơn: '{winner}' ({winner_basis} {winner_date}); bản này: {basis} {date}. Chỉ tính bản "
                  "mới nhất.")
REG_SAME_DATE = ("Trùng {basis} ({date}) với '{winner}' (có thể là bản sao của cùng một tệp); chỉ tính '{winner}'.")
REG_ERRORS = "Có {errors} lỗi: sửa theo sheet Kiểm tra rồi gửi lại."
SUMMARY_WITH_ERRORS = ("Tệp có {errors} lỗi: số liệu trên có thể chưa đúng. Chạy papi-xl validate {file} để "
                       "xem các ô cần sửa.")
REG_ACCEPTED = "Không có lỗi."
REG_ACCEPTED_WARNINGS = "Không có lỗi ({warnings} cảnh báo, xem sheet Kiểm tra)."
REG_MISSING = "Chưa nhận được báo cáo."
REG_NOT_EXPECTED = "Đơn vị '{unit}' không có trong danh sách đơn vị phải nộp ({expected})."
REG_AMBIGUOUS = ("Tên đơn vị '{unit}' (không dấu hoặc sai dấu) khớp với nhiều đơn vị: {candidates}. Không biết tệp là "
                 "của đơn vị nào nên không tính: hãy ghi đúng tên có dấu ở sheet Thông tin rồi gửi lại.")
REG_NAMESAKE = ("Cùng tên với đơn vị thuộc {others}: tính là {n} đơn vị khác nhau vì khác đơn vị cấp trên. Nếu là "
                "một đơn vị, hãy sửa ô Đơn vị cấp trên cho thống nhất rồi tổng hợp lại.")
REG_NAMESAKE_NO_PARENT = ("Có {n} đơn vị cùng tên '{unit}' thuộc các đơn vị cấp trên khác nhau ({parents}); tệp này không "
                          "ghi Đơn vị cấp trên nên không biết là của đơn vị nào và không được tính: hãy ghi ô Đơn vị "
                          "cấp trên ở sheet Thông tin rồi gửi lại.")
REG_MATCHED_FOLDED = "Tên đơn vị ghi '{unit}', được hiểu là '{name}' (trùng khi bỏ dấu, không có đơn vị nào khác trùng)."
REG_MATCHED_TYPO = "Tên đơn vị ghi '{unit}', được hiểu là '{name}' (gần đúng)."
REG_NO_UNIT = ("Không biết tệp là của đơn vị nào: sheet Thông tin không ghi tên đơn vị và tên tệp không cho biết. "
               "Hãy điền ô Đơn vị rồi gửi lại.")
# the merge's plan year
YEAR_FROM_OPTION = "theo --year"
YEAR_FROM_PERIOD = "theo ngày chốt --period {value}"
YEAR_FROM_FILES = "năm kế hoạch của {n}/{total} tệp đọc được"
YEAR_UNKNOWN = "không xác định (các tệp không ghi năm kế hoạch)"
REG_YEAR_LINE = "Năm tổng hợp: {year} ({basis})"

# -- the command line ---------------------------------------------------------------------------------
CLI_HELP = "papi-xl: Biểu tổng hợp nhiệm vụ nâng cao Chỉ số PAPI - tạo biểu mẫu, kiểm tra, tổng hợp."
CLI_FAILED = "Không xử lý được:"
CLI_INTERRUPTED = "Đã dừng theo yêu cầu (Ctrl-C). Các tệp kết quả cũ vẫn nguyên vẹn."
CLI_INTERNAL = ("Lỗi không mong đợi trong papi-xl ({kind}: {detail}). Tệp đầu vào không bị thay đổi. Hãy báo lỗi kèm "
                "tệp này (đặt PAPI_XL_DEBUG=1 để xem chi tiết).")

# -- the Excel buttons ----------------------------------------------------------------------------------
XL_TITLE = "papi-xl"
XL_CANNOT_CHECK = "Không kiểm tra được"
XL_CANNOT_SUMMARIZE = "Không tổng hợp được"
XL_INTERNAL = "Lỗi không mong đợi trong papi-xl ({kind}). Tệp chưa bị thay đổi."
XL_CHECKED = "Kiểm tra xong: {errors} lỗi, {warnings} cảnh báo. {verdict} Chi tiết ở sheet Kiểm tra."
XL_FIXED = (" Đã sửa {n} giá trị ghi gần đúng thành giá trị chuẩn của danh sách (liệt kê ở sheet Kiểm tra, mã "
            "value-fixed).")
XL_VERDICT_OK = "Có thể gửi báo cáo."
XL_VERDICT_FIX = "Hãy sửa các ô tô đỏ rồi bấm Kiểm tra lại."
XL_SUMMARIZED = ("Tổng hợp xong: {total} nhiệm vụ, hoàn thành {done} ({pct}), quá hạn {overdue}. Xem sheet {sheet}, "
                 "từ cột {column}.")
XL_MERGE_IN_BROWSER = ("Nút Tổng hợp các đơn vị cần Python cài trên máy tính (để đọc thư mục báo cáo trả về); trong "
                       "xlwings Lite Python chạy trong trình duyệt. Hãy dùng lệnh papi-xl merge trên máy tính.")
XL_MERGED = ("Đã tổng hợp {files} tệp: {accepted} đã nhận, {rejected} từ chối, {missing} chưa nộp. Bảng tổng hợp: "
             "{path}")
