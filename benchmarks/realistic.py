"""Realistic returned workbooks for the merge benchmark: every file different.

    python benchmarks/realistic.py --n 170 --workdir /tmp/papi-xl-bench   # generate (cached) and print stats

Each of the N communes gets its own workbook in the canonical template (written by papi_xl, see
:func:`papi_writer`), with the same Danh mục, and contents that differ file by file:

* a distinct unit name ("Xã/Phường" + two syllables, distinct even without accents), a province as parent;
* 60-300 task rows over the catalog's sub-contents, in plan order; about 35 % of a commune's task texts are
  copied word for word from the provincial plan (built once from the real appendix in
  ``papi_xl/data/examples/trung_trac_2023.json`` and the plans in ``/work/shared/seeds/``), the rest are the
  commune's own: short tasks written from per-sub-content patterns with the commune's own villages (thôn/tổ
  dân phố), numbers, roads, schools and dates, or clauses of the seed plans recombined and localised;
* results and evidence with the commune's own document numbers and dates (numbers grow through the year:
  "Kế hoạch số 37/KH-UBND ngày 12/03/2025"), lead and co-ordinating units from ``papi_xl/data/units.csv``
  (names and aliases), a realistic status mix;
* per-file mistakes at realistic rates: approximate statuses ("Xong", "50%"), blank statuses, dates typed as
  text ("15/3/2025"), blank optional cells, an unknown lead unit; about 5 % of the files carry a Lỗi (a done
  task without evidence or date, a blank required cell, an invalid status); a couple of files are unreadable
  (a truncated zip, an HTML page saved as .xlsx); one commune also sent an older submission. The approximate
  statuses are the ones the README ("Tệp trả về thường gặp") says are read by meaning (Cảnh báo, not Lỗi), so by the rules
  only the planned Lỗi, the unreadable files and the older submission leave the merge;
* about 10 % of the files are re-saved by LibreOffice (one soffice call for a batch of files), so both
  inline strings (openpyxl) and shared strings (LibreOffice, Excel) are present.

Seeded and reproducible; generated with 2 processes; cached in the work folder (``.complete`` marker holding
the parameters and the statistics).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

GENERATOR_VERSION = 3
YEAR = 2025
CUTOFF = dt.date(YEAR, 6, 30)
SHARED_FRACTION = 0.35  # task texts copied from the provincial plan
LO_FRACTION = 0.10  # files re-saved by LibreOffice
ERROR_FILE_RATE = 0.05  # files with at least one Lỗi
REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("PAPI_XL_SEEDS", REPO.parent / "shared" / "seeds"))
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")

DONE, IN_PROGRESS, NOT_STARTED, NOT_DONE = "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


# -- papi_xl (the only place it is imported: the modules move during the restructure) -------------------
def papi_writer():
    """Return ``write(path, meta: dict, tasks) -> None`` writing the canonical template with papi_xl."""
    from papi_xl.contract.workbook import Metadata
    from papi_xl.domain.catalog import load_catalog
    from papi_xl.outputs.template import write_workbook

    catalog = load_catalog("hungyen-xa")

    def write(path: Path, meta: dict, tasks: list[dict]) -> None:
        write_workbook(path, Metadata(**meta), catalog, tasks)

    return write


# -- names -------------------------------------------------------------------------------------------------
FIRST = (
    "An Bình Cẩm Đại Đông Đức Gia Hà Hải Hòa Hoàng Hồng Hưng Hương Khánh Kim Lạc Lam Liên Long Minh Mỹ Nam "
    "Nghĩa Ngọc Nhân Phú Phúc Phong Quang Quảng Quế Sơn Tân Thái Thanh Thạch Thắng Thiện Thịnh Thọ Thuận "
    "Thượng Tiên Toàn Trung Trường Văn Việt Vĩnh Xuân Yên Cao Châu Chí Diên Duy Hiệp Hợp Kiến Lâm Lễ Lương "
    "Mai Nguyên Nhật Phước Quỳnh Tam Tây Thủy Tiến Tịnh Vạn Vân Vũ Bắc Cát Đoan Hiển Hội Kỳ Lập Linh Lộc "
    "Ninh Tuấn Bảo Định"
).split()
SECOND = (
    "Bình Hòa Lợi Thành Phong Thịnh Hưng Lộc Phú Tiến Xuyên Đạo Hải Sơn Lâm Điền Trạch Hiệp Dương Quang "
    "Tân Mỹ Hậu Nghĩa Tín Trung Yên Khê Giang Cầu Định Đức Lạc Long Thủy Kiều Hồ Thuận Vinh Thắng Châu "
    "Lương Xá Trang Đông Tây Nam Bắc Hạ Thượng Ninh Tường Hào Quan Khánh Cường Lễ Liệt Đồn Ba Minh An "
    "Chánh Tự Lưu Vân Hội Phượng Thái Lập Tràng"
).split()
THON_SUFFIX = "Đông Đoài Thượng Hạ Trung Nam Bắc Ngoài Trong Cả Mới Cũ".split()
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Mai Trịnh Lương Phan Tạ".split()
MIDDLE = "Văn Thị Đức Minh Thu Ngọc Hữu Thanh Quang Xuân Kim Hồng".split()
GIVEN = "Hoa Lan Hùng Dũng Nam Hương Hà Tuấn Thảo Trang Hải Long Mai Cường Phương Yến Bình Sơn Nga Quân".split()
PROVINCES = (
    "Tỉnh Hưng Yên", "Tỉnh Bắc Ninh", "Thành phố Hà Nội", "Tỉnh Ninh Bình", "Thành phố Hải Phòng",
    "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "Tỉnh Hà Tĩnh", "Tỉnh Quảng Trị", "Thành phố Huế", "Thành phố Đà Nẵng",
    "Tỉnh Quảng Ngãi", "Tỉnh Gia Lai", "Tỉnh Khánh Hòa", "Tỉnh Đắk Lắk", "Tỉnh Lâm Đồng", "Tỉnh Đồng Nai",
    "Thành phố Hồ Chí Minh", "Tỉnh Tây Ninh", "Tỉnh Đồng Tháp", "Tỉnh Vĩnh Long", "Thành phố Cần Thơ",
    "Tỉnh An Giang", "Tỉnh Cà Mau", "Tỉnh Lai Châu", "Tỉnh Điện Biên", "Tỉnh Sơn La", "Tỉnh Lào Cai",
    "Tỉnh Tuyên Quang", "Tỉnh Cao Bằng", "Tỉnh Lạng Sơn", "Tỉnh Thái Nguyên", "Tỉnh Phú Thọ", "Tỉnh Quảng Ninh",
)


def unit_names(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` distinct (kind, name) pairs, e.g. ("Xã", "Lạc Hồng"); distinct also with accents removed."""
    first = list({fold(a): a for a in reversed(FIRST)}.values())  # one spelling per folded syllable
    second = list({fold(b): b for b in reversed(SECOND)}.values())
    pairs = [(a, b) for a in first for b in second if fold(a) != fold(b)]
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} distinct names")
    rng = random.Random(seed * 7919 + 1)
    chosen = rng.sample(pairs, n)
    # 687 of 3,321 commune-level units are phường (20.7 %)
    return [("Phường" if rng.random() < 0.207 else "Xã", f"{a} {b}") for a, b in chosen]


# -- text material -----------------------------------------------------------------------------------------
def _appendix() -> list[dict]:
    path = REPO / "papi_xl" / "data" / "examples" / "trung_trac_2023.json"
    return json.loads(path.read_text(encoding="utf-8"))["tasks"]


HEADING_INDEX = (("tham gia", "1"), ("cong khai", "3"), ("giai trinh", "4"), ("tham nhung", "5"),
                 ("thu tuc hanh chinh", "6"), ("cung ung", "7"), ("moi truong", "8"), ("dien tu", "9"))


def _split_clauses(text: str) -> list[str]:
    out = []
    for line in re.split(r"\n|(?<=[.;])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])", text):
        line = re.sub(r"^\s*(?:[-+•*]|\d+\.|[a-eđ]\))\s*", "", line).strip(" ;.,:")
        for part in re.split(r";\s+", line):
            part = part.strip(" ;.,:")
            if 25 <= len(part) <= 320 and not part.lower().startswith(("nhiệm vụ:", "công khai những nội dung")):
                out.append(part[0].upper() + part[1:])
    return out


def clause_pool() -> dict[str, list[str]]:
    """Clauses of real plans by content index code (hungyen-xa catalog)."""
    pool: dict[str, list[str]] = {}
    for t in _appendix():
        pool.setdefault(str(t["index"]), []).extend(_split_clauses(t["task"]))
    for seed in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        text = re.sub(r"\s+", " ", seed.read_text(encoding="utf-8"))
        heads = list(re.finditer(r"\d+(?:\.\d+)?\.? Nội dung\s*[“\"]([^”\"]{5,80})[”\"]", text))
        for h, nxt in zip(heads, [*heads[1:], None][: len(heads)], strict=True):
            code = next((c for k, c in HEADING_INDEX if k in fold(h.group(1))), None)
            if code is None:
                continue
            body = text[h.end(): nxt.start() if nxt else h.end() + 4000]
            body = re.split(r"\b(?:[IVX]+\.|Điều \d|Nơi nhận)", body)[0]
            body = re.sub(r"\s([a-eđ])\)\s", r"\n\1) ", body)
            pool.setdefault(code, []).extend(_split_clauses(body))
    for code in pool:
        pool[code] = sorted(set(map(nfc, pool[code])))
    return pool


# Short tasks a commune writes itself, per sub-content; slots are filled per commune and per task.
OWN = {
    "1.a": ["Tổ chức {n} hội nghị tuyên truyền Luật Thực hiện dân chủ ở cơ sở tại {thons}",
            "Tuyên truyền trên Đài truyền thanh {xa} về quyền, nghĩa vụ của công dân ({n} tin, bài)",
            "Phát {n} tờ rơi về Luật Thực hiện dân chủ ở cơ sở đến các hộ gia đình {thon}"],
    "1.b": ["Hướng dẫn {thon} tổ chức hội nghị nhân dân bàn và quyết định việc {work}",
            "Vận động nhân dân {thons} tham gia ý kiến vào dự thảo {draft}",
            "Tổ chức lấy ý kiến nhân dân về {draft} tại {n} điểm dân cư"],
    "1.c": ["Hướng dẫn bầu cử trưởng thôn, tổ trưởng tổ dân phố nhiệm kỳ 2025-2027 tại {thons}",
            "Kiện toàn chức danh trưởng {thon} sau sắp xếp đơn vị hành chính",
            "Tập huấn nghiệp vụ cho {n} trưởng thôn, tổ trưởng tổ dân phố"],
    "1.d": ["Công khai các khoản đóng góp tự nguyện xây dựng {work} tại nhà văn hóa {thon}",
            "Vận động nhân dân đóng góp {money} triệu đồng xây dựng {work}",
            "Báo cáo quyết toán kinh phí nhân dân đóng góp xây dựng {work}"],
    "2.a": ["Ban hành Quy chế làm việc của UBND {xa} (sửa đổi) sau sắp xếp đơn vị hành chính",
            "Sửa đổi Quy chế thực hiện dân chủ trong hoạt động của cơ quan UBND {xa}",
            "Ban hành Quy chế văn hóa công sở tại trụ sở UBND {xa}"],
    "2.b": ["Niêm yết công khai kế hoạch công tác quý {q}/{year} tại trụ sở UBND {xa}",
            "Công khai kết quả đánh giá, xếp loại {n} cán bộ, công chức năm {prev}",
            "Công khai dự toán kinh phí hoạt động năm {year} của cơ quan UBND {xa}"],
    "2.c": ["Kiện toàn Ban Thanh tra nhân dân {xa} gồm {n} thành viên",
            "Bố trí kinh phí hoạt động {money} triệu đồng cho Ban Thanh tra nhân dân"],
    "2.d": ["Ban Thanh tra nhân dân giám sát việc {work}",
            "Xây dựng chương trình giám sát năm {year} của Ban Thanh tra nhân dân ({n} cuộc)"],
    "3.a": ["Cung cấp thông tin theo yêu cầu của công dân theo Luật Tiếp cận thông tin ({n} yêu cầu)",
            "Cập nhật danh mục thông tin phải công khai trên Cổng thông tin điện tử {xa}",
            "Công khai số điện thoại, hộp thư điện tử của Chủ tịch UBND {xa}"],
    "3.b": ["Niêm yết công khai danh sách {n} hộ nghèo, {m} hộ cận nghèo năm {year} tại {thons}",
            "Rà soát hộ nghèo, hộ cận nghèo giữa kỳ tại {thons}",
            "Tổ chức họp dân bình xét hộ nghèo tại {thon}"],
    "3.c": ["Công khai dự toán ngân sách {xa} năm {year} tại trụ sở UBND và trên Cổng thông tin điện tử",
            "Công khai tình hình thực hiện dự toán ngân sách quý {q}/{year}",
            "Công khai quyết toán ngân sách {xa} năm {prev} đã được HĐND phê chuẩn"],
    "3.d": ["Công khai kế hoạch sử dụng đất năm {year} tại {thons}",
            "Công khai phương án bồi thường, hỗ trợ dự án {work}",
            "Niêm yết bản đồ quy hoạch sử dụng đất tại nhà văn hóa {thon}"],
    "4.a": ["Tổ chức tiếp xúc cử tri trước kỳ họp thứ {n} HĐND {xa}",
            "Tổ chức {n} buổi đối thoại giữa Chủ tịch UBND {xa} với nhân dân {thon}",
            "Thông báo danh sách đại biểu HĐND phụ trách {thons}"],
    "4.b": ["Tiếp công dân định kỳ vào ngày {d} hằng tháng tại trụ sở UBND {xa}",
            "Giải quyết dứt điểm {n} đơn kiến nghị, phản ánh của công dân về {issue}",
            "Rà soát các vụ việc khiếu nại tồn đọng liên quan đến {issue}"],
    "4.c": ["Tổ chức {n} buổi trợ giúp pháp lý lưu động tại {thon}",
            "Kiện toàn {n} tổ hòa giải ở cơ sở tại {thons}",
            "Tuyên truyền pháp luật về {law} cho nhân dân {thons}"],
    "5.a": ["Kiểm tra việc kê khai tài sản, thu nhập của {n} cán bộ, công chức thuộc diện kê khai",
            "Tự kiểm tra việc quản lý, sử dụng ngân sách tại {unitlet}",
            "Chuyển đổi vị trí công tác đối với {n} công chức theo quy định"],
    "5.b": ["Công khai đường dây nóng của Trạm Y tế {xa}",
            "Kiểm tra việc thu các khoản đóng góp đầu năm học tại Trường {school}",
            "Công khai các khoản thu, chi tại {n} trường học trên địa bàn"],
    "5.c": ["Tuyên truyền Luật Phòng, chống tham nhũng cho {n} cán bộ, công chức",
            "Công khai kết quả xử lý các vụ việc tham nhũng năm {prev}"],
    "6.a": ["Chứng thực bản sao đúng hạn {pct}% hồ sơ; số hóa {n} hồ sơ chứng thực",
            "Triển khai chứng thực bản sao điện tử từ bản chính tại Bộ phận Một cửa {xa}"],
    "6.b": ["Tiếp nhận, giải quyết hồ sơ đăng ký đất đai đúng hạn {pct}%",
            "Cấp giấy chứng nhận quyền sử dụng đất lần đầu cho {n} hộ tại {thons}"],
    "6.c": ["Niêm yết công khai {n} thủ tục hành chính tại Bộ phận Một cửa {xa}",
            "Hỗ trợ người dân nộp hồ sơ trực tuyến lĩnh vực {field}; tỷ lệ đạt {pct}%",
            "Số hóa {n} hồ sơ, kết quả giải quyết thủ tục hành chính lĩnh vực {field}"],
    "7.a": ["Tiêm chủng mở rộng cho {n} trẻ em dưới 1 tuổi",
            "Vận động {n} người tham gia bảo hiểm y tế; tỷ lệ bao phủ đạt {pct}%",
            "Khám sức khỏe định kỳ cho {n} người cao tuổi tại {thons}"],
    "7.b": ["Sửa chữa {n} phòng học Trường Tiểu học {school}",
            "Duy trì phổ cập giáo dục tiểu học mức độ {lvl} năm {year}",
            "Mua sắm thiết bị dạy học cho Trường Tiểu học {school} ({money} triệu đồng)"],
    "7.c": ["Cứng hóa tuyến đường {thon} - {thon2} dài {km} km",
            "Lắp đặt {n} bóng đèn chiếu sáng đường làng tại {thon}",
            "Nạo vét {km} km kênh tưới tiêu nội đồng {thon}",
            "Sửa chữa cầu {bridge} tại {thon}"],
    "7.d": ["Lắp đặt {n} camera an ninh tại {thons}",
            "Duy trì mô hình tổ tự quản về an ninh trật tự tại {thon}",
            "Tuần tra, kiểm soát bảo đảm an ninh trật tự dịp {holiday}"],
    "8.a": ["Vận động {n} hộ gia đình {thon} phân loại rác tại nguồn",
            "Ra quân tổng vệ sinh môi trường tại {thons}",
            "Trồng {n} cây xanh tại {place}",
            "Xử lý {n} điểm tập kết rác thải tự phát tại {thons}"],
    "9.a": ["Đăng tải {n} tin, bài trên Cổng thông tin điện tử {xa}",
            "Cập nhật đầy đủ biểu mẫu thủ tục hành chính lĩnh vực {field} lên Cổng thông tin điện tử {xa}"],
    "9.b": ["Hướng dẫn {n} người dân cài đặt, kích hoạt tài khoản định danh điện tử VNeID",
            "Lắp đặt wifi miễn phí tại nhà văn hóa {thon}",
            "Thành lập tổ công nghệ số cộng đồng tại {thons}"],
    "9.c": ["Trả lời {n} ý kiến của người dân gửi qua Cổng thông tin điện tử {xa}",
            "Mở chuyên mục lấy ý kiến nhân dân về {draft} trên Cổng thông tin điện tử"],
}
WORKS = ["đường giao thông nông thôn", "nhà văn hóa", "sân thể thao", "cổng làng", "rãnh thoát nước",
         "điện chiếu sáng", "nghĩa trang nhân dân", "trường mầm non", "kênh mương nội đồng", "bãi tập kết rác"]
DRAFTS = ["dự thảo Quy hoạch chung xã", "kế hoạch sử dụng đất năm {year}", "hương ước, quy ước thôn",
          "dự án xây dựng nông thôn mới kiểu mẫu", "phương án sắp xếp thôn, tổ dân phố"]
ISSUES = ["đất đai", "ô nhiễm môi trường", "trật tự xây dựng", "chế độ chính sách", "ranh giới đất",
          "tranh chấp lối đi", "đền bù giải phóng mặt bằng"]
LAWS = ["Luật Đất đai 2024", "Luật Hôn nhân và gia đình", "Luật Giao thông đường bộ",
        "Luật Phòng, chống bạo lực gia đình", "Luật Căn cước"]
FIELDS = ["hộ tịch", "chứng thực", "đất đai", "bảo trợ xã hội", "người có công", "xây dựng", "kinh doanh"]
HOLIDAYS = ["Tết Nguyên đán Ất Tỵ", "lễ 30/4 - 1/5", "lễ hội đầu xuân", "kỳ thi tốt nghiệp THPT"]
BRIDGES = ["Đá", "Máng", "Gỗ", "Làng", "Chợ", "Đồng"]
VARIATIONS = (("Tăng cường", "Đẩy mạnh"), ("Tiếp tục", "Duy trì"), ("Tuyên truyền, phổ biến", "Tuyên truyền"),
              ("kịp thời", "nhanh chóng"), ("người dân", "nhân dân"), ("Thực hiện", "Triển khai"),
              ("địa phương", "địa bàn"), ("cán bộ, công chức", "CBCC"), ("thủ tục hành chính", "TTHC"))
TAILS = ["tại {thons}", "trong quý {q}/{year}", "trước ngày {due}", "phấn đấu đạt {pct}%",
         "({n} cuộc)", "tại nhà văn hóa {thon}", "năm {year}", "trên địa bàn {xa}"]
OUTPUTS = ["Kế hoạch, báo cáo kết quả", "Biên bản hội nghị; danh sách người tham dự", "Thông báo niêm yết",
           "Quyết định của UBND {xa}", "{n} cuộc tuyên truyền", "Báo cáo kết quả thực hiện", "Hình ảnh, biên bản",
           "Công văn, kế hoạch triển khai", "Tỷ lệ đạt {pct}%", "Các văn bản triển khai; báo cáo 6 tháng, năm"]
TIMELINES = ["Thường xuyên", "Năm {year}", "Quý I/{year}", "Quý II năm {year}", "Tháng {m1}/{year}",
             "Trước ngày 30/6/{year}", "6 tháng đầu năm {year}", "Định kỳ hằng tháng", "Quý III, IV năm {year}",
             "Trong năm {year}", "Theo kế hoạch của tỉnh", "Trước ngày 31/3/{year}", "Thường xuyên",
             "Năm {year} và các năm tiếp theo", "Định kỳ, đột xuất"]
DOC_TYPES = (("Kế hoạch", "KH"), ("Báo cáo", "BC"), ("Quyết định", "QĐ"), ("Thông báo", "TB"),
             ("Biên bản", "BB"), ("Công văn", None))
ISSUERS = ("UBND", "UBND", "UBND", "UBND", "CAX", "MTTQ", "TYT", "BTTND")


def load_units_csv() -> list[list[str]]:
    import csv

    with open(REPO / "papi_xl" / "data" / "units.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        if "district" in r["kind"]:
            continue  # districts were abolished on 1/7/2025
        names = [r["name"]] + [a.strip() for a in r["aliases"].split(";") if a.strip()]
        out.append([nfc(x) for x in names])
    return out


# -- the provincial plan (the same in every commune) -------------------------------------------------------
def provincial_plan(seed: int, pool: dict[str, list[str]]) -> dict[str, list[dict]]:
    """Per sub-content code, the provincial plan's tasks (text, output, timeline) that communes copy."""
    rng = random.Random(seed * 31 + 5)
    plan: dict[str, list[dict]] = {}
    for t in _appendix():
        plan.setdefault(t["sub"], []).append({"task": nfc(t["task"]), "output": nfc(t["output"] or ""),
                                              "timeline": nfc(t["timeline"] or "").replace("2023", str(YEAR))})
    for sub in OWN:
        clauses = pool.get(sub.split(".")[0], [])
        for _ in range(rng.randint(2, 5)):
            k = min(len(clauses), rng.choice((1, 2, 2, 3)))
            parts = rng.sample(clauses, k) if k else ["Triển khai các nhiệm vụ theo kế hoạch của tỉnh"]
            text = "\n".join(f"- {p}." for p in parts) if k > 1 else parts[0] + "."
            plan.setdefault(sub, []).append({"task": text, "output": rng.choice(OUTPUTS).format(xa="xã", n=2, pct=100),
                                             "timeline": rng.choice(TIMELINES).format(year=YEAR, m1=3)})
    return plan


# -- one commune ------------------------------------------------------------------------------------------
class Commune:
    def __init__(self, i: int, kind: str, name: str, parent: str, rng: random.Random):
        self.i, self.kind, self.name, self.parent, self.rng = i, kind, name, parent, rng
        self.unit = f"{kind} {name}"
        self.xa = f"{kind.lower()} {name}"
        word = "thôn" if kind == "Xã" else "tổ dân phố"
        syl = rng.sample(FIRST + SECOND, 14)
        if kind == "Xã":
            count = rng.randint(4, 14)
            self.thons = [f"thôn {rng.choice((syl[k] + ' ' + rng.choice(THON_SUFFIX), syl[k], syl[k] + ' ' + syl[-1 - k]))}"
                          for k in range(count)]
            self.thons = list(dict.fromkeys(self.thons))
        else:
            self.thons = [f"{word} số {k}" for k in range(1, rng.randint(6, 25))]
        self.schools = [f"{rng.choice(FIRST)} {rng.choice(SECOND)}", name]
        self.doc_rate = {abbr: rng.uniform(0.08, 0.7) for _, abbr in DOC_TYPES}

    def fill(self, template: str) -> str:
        r = self.rng
        thons = r.sample(self.thons, min(len(self.thons), r.randint(2, 4)))
        slots = dict(
            n=r.choice((2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 45, 60, 120, 250)), m=r.randint(5, 80),
            thon=r.choice(self.thons), thon2=r.choice(self.thons), thons=", ".join(thons[:-1]) + " và " + thons[-1],
            xa=self.xa, year=YEAR, prev=YEAR - 1, q=r.choice(("I", "II", "III", "IV")), d=r.choice((5, 10, 15, 20, 25)),
            money=r.choice((15, 30, 50, 120, 250, 480, 900)), km=f"{r.randint(1, 9)},{r.randint(0, 9)}",
            pct=r.choice((80, 85, 90, 95, 97, 98, 100)), work=r.choice(WORKS) + " " + r.choice(self.thons),
            draft=r.choice(DRAFTS).format(year=YEAR), issue=r.choice(ISSUES), law=r.choice(LAWS),
            field=r.choice(FIELDS), school=r.choice(self.schools), lvl=r.choice((2, 3)), holiday=r.choice(HOLIDAYS),
            bridge=r.choice(BRIDGES), place=r.choice(("trụ sở UBND", "các tuyến đường trục", "khu trung tâm",
                                                      "nghĩa trang liệt sĩ")) + " " + self.xa,
            unitlet=r.choice(("Trạm Y tế", "Trường Mầm non", "các thôn", "Bộ phận Một cửa")), m1=r.randint(1, 12),
            due=f"{r.randint(1, 28)}/{r.randint(2, 11)}/{YEAR}")
        return template.format(**slots)

    def own_task(self, sub: str, pool: dict[str, list[str]]) -> str:
        r = self.rng
        if r.random() < 0.55 or not pool.get(sub.split(".")[0]):
            text = self.fill(r.choice(OWN[sub]))
        else:  # recombine clauses of real plans, localised
            clauses = pool[sub.split(".")[0]]
            parts = r.sample(clauses, min(len(clauses), r.choice((1, 1, 2, 3))))
            out = []
            for p in parts:
                for a, b in VARIATIONS:
                    if a in p and r.random() < 0.5:
                        p = p.replace(a, b, 1)
                p = re.sub(r"\b(xã|phường)\b(?! \w+ \w+)", self.xa, p, count=1) if r.random() < 0.5 else p
                if r.random() < 0.6:
                    p = f"{p} {self.fill(r.choice(TAILS))}"
                out.append(p)
            text = "\n".join(f"- {p};" for p in out) if len(out) > 1 else out[0]
        return nfc(text[0].upper() + text[1:])

    def doc(self, when: dt.date, kind: int | None = None) -> str:
        r = self.rng
        name, abbr = DOC_TYPES[kind if kind is not None else r.choice((0, 0, 1, 1, 2, 3, 4, 5))]
        n = max(1, int(when.timetuple().tm_yday * self.doc_rate[abbr] + r.randint(-3, 3)))
        num = f"{n:02d}"
        symbol = f"UBND-{r.choice(('VP', 'VP', 'TP', 'ĐC', 'VHXH'))}" if abbr is None else f"{abbr}-{r.choice(ISSUERS)}"
        day = r.choice((f"{when:%d/%m/%Y}", f"{when.day}/{when.month}/{when.year}", f"{when:%d/%m/%Y}"))
        label = r.choice((name, name, name, abbr or "CV")) if r.random() < 0.9 else name
        return f"{label} số {num}/{symbol} ngày {day}"

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))


def _unit_text(units: list[list[str]], rng: random.Random, kind: str) -> str:
    names = rng.choices(units, weights=[4 if k < 11 else 1 for k in range(len(units))])[0]  # posts, UBND, MTTQ first
    text = names[0] if rng.random() < 0.7 else rng.choice(names)
    if kind == "Phường" and rng.random() < 0.6:
        text = re.sub(r"\bxã\b", "phường", text)
    return text


STATUS_WEIGHTS = ((DONE, 46), (IN_PROGRESS, 32), (NOT_STARTED, 17), (NOT_DONE, 2), (None, 3))
APPROX = {DONE: ["Xong", "Đã hoàn thành", "Hoàn thành 100%", "Đã xong", "HT", "100%", "hoan thanh"],
          IN_PROGRESS: ["Đang triển khai", "50%", "Đang làm", "Đạt 60%", "Hoàn thành 80%", "Chưa xong"],
          NOT_STARTED: ["Chưa triển khai", "Chưa", "Chưa làm"], NOT_DONE: ["Hủy", "Dừng thực hiện"]}
INVALID = ["Tạm dừng", "Cơ bản hoàn thành", "Không hoàn thành", "x", "OK"]
# "blank-sub" is a blank required cell that papi-xl fills from the row above (README: sub-contents written once
# are carried down), so by the rules it is no Lỗi; the other kinds are.
ERROR_KINDS = ("no-evidence", "no-date", "blank-lead", "blank-sub", "invalid-status")


def commune_tasks(c: Commune, plan: dict[str, list[dict]], pool: dict[str, list[str]], units: list[list[str]],
                  flags: dict) -> list[dict]:
    r = c.rng
    subs = list(OWN)
    size = r.randint(60, 300)
    weights = [r.uniform(0.3, 3) for _ in subs]
    chosen = sorted(r.choices(range(len(subs)), weights=weights, k=size - len(subs)) + list(range(len(subs))))
    used_shared: set[str] = set()
    tasks = []
    for k in chosen:
        sub = subs[k]
        shared = [p for p in plan.get(sub, []) if p["task"] not in used_shared]
        if shared and r.random() < SHARED_FRACTION:
            p = r.choice(shared)
            used_shared.add(p["task"])
            task, output, timeline = p["task"], p["output"], p["timeline"]
        else:
            task = c.own_task(sub, pool)
            output = c.fill(r.choice(OUTPUTS)) if r.random() > 0.12 else ""
            timeline = r.choice(TIMELINES).format(year=YEAR, m1=r.randint(1, 12)) if r.random() > 0.08 else ""
        coord = "; ".join(_unit_text(units, r, c.kind) for _ in range(r.choice((1, 1, 2, 3)))) if r.random() > 0.15 \
            else ""
        t = {"index": sub.split(".")[0], "sub": sub, "task": task, "output": output or None,
             "lead": _unit_text(units, r, c.kind), "coord": coord or None, "timeline": timeline or None}
        status = r.choices([s for s, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS])[0]
        t["status"] = status
        if status == DONE:
            done = c.date_between(dt.date(YEAR, 1, 10), CUTOFF)
            t["done_date"] = done
            t["result"] = c.fill(r.choice(RESULTS_DONE))
            docs = [c.doc(c.date_between(dt.date(YEAR, 1, 2), done)) for _ in range(r.choice((1, 1, 1, 2)))]
            sep = r.choice(("; ", "\n", "; "))
            t["evidence"] = sep.join(docs) + (r.choice(("; hình ảnh kèm theo", "; danh sách kèm theo")) if
                                              r.random() < 0.1 else "")
        elif status == IN_PROGRESS:
            t["result"] = c.fill(r.choice(RESULTS_PROGRESS))
            if r.random() < 0.35:
                t["evidence"] = c.doc(c.date_between(dt.date(YEAR, 1, 2), CUTOFF), 0)
        elif status == NOT_STARTED and r.random() < 0.25:
            t["note"] = r.choice(("Chờ hướng dẫn của tỉnh", "Chưa bố trí được kinh phí", "Chuyển sang 6 tháng cuối năm",
                                  "Chờ sắp xếp tổ chức bộ máy"))
        elif status == NOT_DONE:
            t["note"] = r.choice(("Không còn phù hợp sau sắp xếp đơn vị hành chính", "Cấp trên đã dừng triển khai",
                                  "Chuyển sang năm sau"))
        tasks.append(t)
    # warnings-only mistakes
    if flags["approx"]:
        for t in r.sample(tasks, r.randint(1, 4)):
            if t["status"]:
                t["status"] = r.choice(APPROX[t["status"]])
    if flags["text_dates"]:
        for t in tasks:
            d = t.get("done_date")
            if d and r.random() < 0.6:
                t["done_date"] = r.choice((f"{d.day}/{d.month}/{d.year}", f"{d:%d/%m/%Y}", f"{d.day}/{d.month}/{d:%y}"))
    if flags["unknown_lead"]:
        r.choice(tasks)["lead"] = r.choice(("Công chức Nội vụ", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công"))
    # the Lỗi of about 5 % of the files
    for kind in flags["errors"]:
        done = [t for t in tasks if t["status"] == DONE] or tasks
        t = r.choice(done)
        if kind == "no-evidence":
            t["evidence"] = None
        elif kind == "no-date":
            t["done_date"] = None
        elif kind == "blank-lead":
            r.choice(tasks)["lead"] = None
        elif kind == "blank-sub":
            r.choice(tasks)["sub"] = None
        elif kind == "invalid-status":
            r.choice(tasks)["status"] = r.choice(INVALID)
    return tasks


RESULTS_DONE = [
    "Đã tổ chức {n} hội nghị với {m} lượt người tham dự", "Đã ban hành kế hoạch và triển khai đến {thons}",
    "Đã niêm yết công khai tại trụ sở UBND {xa} và {thons}", "Hoàn thành {km} km, nghiệm thu đưa vào sử dụng",
    "Đã thực hiện; tỷ lệ đạt {pct}%", "Đã tuyên truyền {n} tin, bài trên Đài truyền thanh",
    "Đã giải quyết {n}/{n} đơn đúng thời hạn", "Đã kiện toàn, ra quyết định thành lập",
    "Đã tổ chức {n} cuộc đối thoại tại {thon}", "Đã hoàn thành việc {work}",
]
RESULTS_PROGRESS = [
    "Đã thực hiện được {pct}% khối lượng", "Đang triển khai tại {thons}", "Đã xây dựng dự thảo, đang lấy ý kiến",
    "Đã thực hiện {n}/{m} nội dung; dự kiến hoàn thành quý {q}", "Đang khảo sát, lập dự toán {work}",
    "Đang tổ chức tuyên truyền tại {thon}", "Đã giải ngân {money} triệu đồng",
]


# -- writing -----------------------------------------------------------------------------------------------
def set_modified(path: Path, when: dt.datetime, author: str = "") -> None:
    """Give the workbook its own saved date (docProps/core.xml), like a clerk's save would."""
    src = path.read_bytes()
    buf = io.BytesIO()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text)
                if author and "lastModifiedBy" not in text:
                    text = text.replace("</cp:coreProperties>",
                                        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>")
                data = text.encode("utf-8")
            zout.writestr(info, data)
    path.write_bytes(buf.getvalue())


def slug(unit: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(unit)).strip("-")


_STATE: dict = {}


def _init(seed: int) -> None:
    _STATE["write"] = papi_writer()
    _STATE["pool"] = clause_pool()
    _STATE["plan"] = provincial_plan(seed, _STATE["pool"])
    _STATE["units"] = load_units_csv()


def file_flags(rng: random.Random) -> dict:
    errors = []
    if rng.random() < ERROR_FILE_RATE:
        errors = rng.sample(ERROR_KINDS, rng.choice((1, 1, 1, 2)))
    return {"approx": rng.random() < 0.30, "text_dates": rng.random() < 0.20, "unknown_lead": rng.random() < 0.05,
            "errors": errors}


def make_file(job: dict) -> dict:
    """Write one commune's workbook; return what the statistics need."""
    seed, i, kind, name, parent = job["seed"], job["i"], job["kind"], job["name"], job["parent"]
    rng = random.Random(seed * 1_000_003 + i)
    c = Commune(i, kind, name, parent, rng)
    flags = file_flags(rng)
    tasks = commune_tasks(c, _STATE["plan"], _STATE["pool"], _STATE["units"], flags)
    if job.get("older"):  # an earlier submission of the same commune: less progress, no mistakes fixed yet
        for t in tasks:
            if t["status"] == DONE and rng.random() < 0.4:
                t.update(status=IN_PROGRESS, done_date=None, evidence=None, result="Đang triển khai")
    author = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    meta = dict(unit=c.unit, parent=parent, year=YEAR, period=rng.choice(("6 tháng", "6 tháng", "6 tháng đầu năm")),
                cutoff=CUTOFF, plan_number=f"{rng.randint(3, 60):02d}/KH-UBND",
                plan_date=dt.date(YEAR, 1, rng.randint(20, 31)) + dt.timedelta(days=rng.randint(0, 30)),
                author=author, phone=f"0{rng.randint(200, 299)} {rng.randint(3000000, 3999999)}")
    path = Path(job["path"])
    _STATE["write"](path, meta, tasks)
    saved = dt.datetime(YEAR, 7, 1, 7) + dt.timedelta(minutes=rng.randint(0, 9 * 24 * 60))
    if job.get("older"):
        saved -= dt.timedelta(days=12)
    set_modified(path, saved, author)
    return {"i": i, "file": path.name, "unit": c.unit, "tasks": len(tasks), "saved": saved.isoformat(),
            "errors": flags["errors"], "approx": flags["approx"], "text_dates": flags["text_dates"],
            "texts": [_h(t["task"]) for t in tasks], "strings": sorted({_h(str(v)) for t in tasks for v in t.values()
                                                                        if isinstance(v, str) and v})}


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")


def soffice_resave(paths: list[Path], batch: int = 60) -> float:
    """Re-save xlsx files with LibreOffice (shared strings, its own styles), many files per soffice call."""
    t = time.perf_counter()
    profile = Path(tempfile.mkdtemp(prefix="lo-bench-profile-"))
    try:
        for k in range(0, len(paths), batch):
            group = paths[k: k + batch]
            out = Path(tempfile.mkdtemp(prefix="lo-bench-out-"))
            try:
                subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                                "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                                *map(str, group)], check=True, capture_output=True, timeout=1800)
                for p in group:
                    converted = out / p.name
                    if not converted.exists():
                        raise RuntimeError(f"LibreOffice did not convert {p.name}")
                    shutil.move(str(converted), p)
            finally:
                shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return time.perf_counter() - t


def generate(workdir: Path, n: int, seed: int = 2025, processes: int = 2, lo_fraction: float = LO_FRACTION,
             log=print) -> Path:
    """N realistic returned workbooks (+ one older duplicate submission) in ``workdir/realistic-N``; cached."""
    folder = Path(workdir) / f"realistic-{n}"
    marker = folder / ".complete"
    params = {"n": n, "seed": seed, "version": GENERATOR_VERSION, "lo_fraction": lo_fraction}
    if marker.exists():
        info = json.loads(marker.read_text(encoding="utf-8"))
        if info.get("params") == params:
            return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    rng = random.Random(seed)
    names = unit_names(n, seed)
    block = max(1, -(-3321 // len(PROVINCES)))
    jobs = []
    for i, (kind, name) in enumerate(names):
        parent = PROVINCES[(i // block) % len(PROVINCES)]
        fname = rng.choice(("{s}.xlsx", "bieu-papi-{s}.xlsx", "{s}-6-thang-2025.xlsx", "BC PAPI {s}.xlsx"))
        jobs.append({"seed": seed, "i": i, "kind": kind, "name": name, "parent": parent,
                     "path": str(folder / fname.format(s=slug(f"{kind} {name}")))})
    dup = rng.randrange(n)
    older = dict(jobs[dup], older=True, path=str(Path(jobs[dup]["path"]).with_name(
        Path(jobs[dup]["path"]).stem + " (gui lan 1).xlsx")))
    corrupt = rng.sample([j for j in range(n) if j != dup], min(n - 1, 2 + n // 1000))
    import multiprocessing

    results = []
    with multiprocessing.get_context("fork").Pool(processes, initializer=_init, initargs=(seed,)) as pool:
        for k, res in enumerate(pool.imap_unordered(make_file, jobs + [older], chunksize=4)):
            results.append(res)
            if (k + 1) % 250 == 0:
                log(f"  {k + 1}/{n + 1} workbooks ({time.perf_counter() - t0:.0f} s)")
    t_write = time.perf_counter() - t0
    by_i = {r["i"]: r for r in results if r["file"] == Path(jobs[r["i"]]["path"]).name}
    # LibreOffice re-saves ~10 % (never the broken or duplicate ones), then they get their own saved date back
    candidates = [j for j in range(n) if j not in corrupt and j != dup]
    lo = sorted(rng.sample(candidates, round(n * lo_fraction)))
    lo_paths = [Path(jobs[j]["path"]) for j in lo]
    t_lo = soffice_resave(lo_paths) if lo_paths else 0.0
    for j in lo:
        set_modified(Path(jobs[j]["path"]), dt.datetime.fromisoformat(by_i[j]["saved"]))
    # unreadable files: a truncated download, a web page saved with an .xlsx name
    for k, j in enumerate(corrupt):
        p = Path(jobs[j]["path"])
        if k % 2 == 0:
            data = p.read_bytes()
            p.write_bytes(data[: len(data) * 55 // 100])
        else:
            unit = by_i[j]["unit"]
            p.write_text(f"<html><head><meta charset='utf-8'><title>Báo cáo</title></head><body><table>"
                         f"<tr><td>Đơn vị</td><td>{unit}</td></tr><tr><td>Nhiệm vụ</td><td>Tiến độ</td></tr>"
                         f"</table></body></html>", encoding="utf-8")
    stats = statistics(results, folder, lo_paths, corrupt, jobs)
    stats.update(seconds_total=round(time.perf_counter() - t0, 1), seconds_write=round(t_write, 1),
                 seconds_libreoffice=round(t_lo, 1), processes=processes)
    info = {"params": params, "stats": stats,
            "files": [{k: r[k] for k in ("file", "unit", "tasks", "saved", "errors", "approx", "text_dates")}
                      | {"libreoffice": r["i"] in lo and r["file"] == by_i[r["i"]]["file"],
                         "corrupt": r["i"] in corrupt and r["file"] == by_i[r["i"]]["file"]}
                      for r in sorted(results, key=lambda r: (r["i"], r["file"]))]}
    (folder.parent / f"realistic-{n}.manifest.json").write_text(json.dumps(info, ensure_ascii=False, indent=1),
                                                                encoding="utf-8")
    marker.write_text(json.dumps({"params": params, "stats": stats}, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def statistics(results: list[dict], folder: Path, lo_paths: list[Path], corrupt: list[int], jobs) -> dict:
    plan_texts = {_h(p["task"]) for ps in _plan_texts(jobs[0]["seed"]) for p in ps}
    readable = [r for r in results if r["i"] not in corrupt or r["file"] != Path(jobs[r["i"]]["path"]).name]
    texts = [h for r in readable for h in r["texts"]]
    by_text = Counter(h for r in readable for h in set(r["texts"]))  # in how many communes' files a text occurs
    own = [h for h in texts if h not in plan_texts]
    per_string = Counter(h for r in readable for h in r["strings"])
    shared_frac = [sum(per_string[h] > 1 for h in r["strings"]) / max(1, len(r["strings"])) for r in readable]
    sst = []
    for p in lo_paths:
        with zipfile.ZipFile(p) as z:
            head = z.read("xl/sharedStrings.xml")[:400].decode("utf-8", "replace")
            m = re.search(r'uniqueCount="(\d+)"', head)
            sst.append(int(m.group(1)) if m else 0)
    inline = 0
    sample = [r for r in readable if Path(folder / r["file"]) not in lo_paths][:5]
    for r in sample:
        with zipfile.ZipFile(folder / r["file"]) as z:
            inline += z.read("xl/worksheets/sheet3.xml").count(b't="inlineStr"') + \
                z.read("xl/worksheets/sheet3.xml").count(b"<is>")
    med = sorted(sst)[len(sst) // 2] if sst else 0
    return {
        "files": len(results), "communes": len({r["unit"] for r in results}), "task_rows": len(texts),
        "distinct_task_texts": len(set(texts)), "distinct_task_text_fraction": round(len(set(texts)) / len(texts), 3),
        "task_rows_with_provincial_text": round(sum(h in plan_texts for h in texts) / len(texts), 3),
        "own_task_texts_in_one_file_only": round(sum(by_text[h] == 1 for h in own) / max(1, len(own)), 3),
        "distinct_strings_per_file_median": sorted(len(r["strings"]) for r in readable)[len(readable) // 2],
        "strings_seen_in_another_file_median_fraction": round(sorted(shared_frac)[len(shared_frac) // 2], 3),
        "libreoffice_files": len(lo_paths), "libreoffice_shared_strings_median": med,
        "openpyxl_files_inline_string_cells_sample": inline // max(1, len(sample)),
        "files_with_error": sum(bool(set(r["errors"]) - {"blank-sub"}) for r in readable),
        "corrupt_files": len(corrupt),
        "files_with_approx_status": sum(r["approx"] for r in results),
        "files_with_text_dates": sum(r["text_dates"] for r in results),
    }


def _plan_texts(seed: int):
    return provincial_plan(seed, clause_pool()).values()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=170)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/papi-xl-bench"))
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args()
    t = time.perf_counter()
    folder = generate(args.workdir, args.n, args.seed)
    info = json.loads((folder / ".complete").read_text(encoding="utf-8"))
    print(f"{folder} ({time.perf_counter() - t:.0f} s this call)")
    print(json.dumps(info["stats"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
