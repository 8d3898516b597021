"""Built-in sample data: the Trung Trắc 2023 plan (transcribed from a real
plan's appendix) and invented progress for it, clearly labelled as sample data.

Also regenerates the committed workbooks in ``workbooks/``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import partial
from importlib import resources
from pathlib import Path

from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import CATALOGS, load_catalog
from papi_xl.domain.text import strip_accents
from papi_xl.fileio import safe_filename
from papi_xl.outputs.template import write_workbook
from papi_xl.vocab import Period, Status

DONE, IN_PROGRESS, NOT_STARTED, NOT_DONE = Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.NOT_DONE
PERIOD_HALF, PERIOD_YEAR = Period.HALF, Period.YEAR

SAMPLE_LABEL = "DỮ LIỆU MẪU: tiến độ trong tệp này là giả định để minh họa, không phải số liệu thật."


def _example() -> dict:
    with resources.files("papi_xl").joinpath("data", "examples", "trung_trac_2023.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def trung_trac_meta(period: str = PERIOD_YEAR) -> Metadata:
    m = _example()["meta"]
    return Metadata(
        unit=m["unit"], parent=m["parent"], year=m["year"], plan_number=m["plan_number"],
        plan_date=dt.date.fromisoformat(m["plan_date"]), period=period,
        cutoff=dt.date(m["year"], 6, 30) if period == PERIOD_HALF else dt.date(m["year"], 12, 31),
        note="Chép từ Phụ lục Kế hoạch 06/KH-UBND ngày 19/01/2023. " + " ".join(_example()["omitted"]),
    )


def trung_trac_tasks() -> list[dict]:
    """The 30 task rows of the plan's appendix (index/sub as catalog codes)."""
    keys = ("index", "sub", "task", "output", "lead", "coord", "timeline", "note")
    return [{k: t.get(k) or None for k in keys} for t in _example()["tasks"]]


D = dt.date
# Invented progress at 30/06/2023, by task position (0-based) in the appendix.
_PROGRESS = {
    0: (DONE, "Đã triển khai các văn bản hướng dẫn bầu cử, tuyên truyền trên Đài truyền thanh xã.",
        "Kế hoạch số 12/KH-UBND ngày 10/02/2023", D(2023, 2, 10)),
    1: (DONE, "Đã ban hành văn bản triển khai Luật Thực hiện dân chủ ở cơ sở.",
        "Công văn số 25/UBND-VP ngày 20/02/2023", D(2023, 2, 20)),
    2: (IN_PROGRESS, "Đã cử 2 cán bộ tham gia lớp tập huấn quy chế dân chủ.", "", None),
    3: (NOT_STARTED, "", "", None),
    4: (IN_PROGRESS, "Đang dự thảo Quy chế làm việc.", "", None),
    5: (DONE, "Đã niêm yết công khai tại trụ sở UBND xã.", "Thông báo số 08/TB-UBND ngày 15/03/2023", D(2023, 3, 15)),
    6: (NOT_STARTED, "", "", None),
    7: (IN_PROGRESS, "Ban Thanh tra nhân dân đã xây dựng dự thảo chương trình giám sát.", "", None),
    8: (DONE, "Đã tuyên truyền Luật Tiếp cận thông tin tại 6/6 thôn.", "Báo cáo số 30/BC-UBND ngày 05/05/2023",
        D(2023, 5, 5)),
    9: (IN_PROGRESS, "Đang rà soát hộ nghèo giữa kỳ.", "", None),
    10: (DONE, "Đã công khai số liệu thu chi ngân sách 6 tháng.", "Quyết định số 45/QĐ-UBND ngày 28/06/2023",
         D(2023, 6, 28)),
    11: (NOT_STARTED, "", "", None),
    12: (DONE, "Đã tổ chức tiếp xúc cử tri trước kỳ họp giữa năm.", "Báo cáo số 28/BC-UBND ngày 20/06/2023",
         D(2023, 6, 20)),
    13: (IN_PROGRESS, "Đang thực hiện kế hoạch kiểm tra năm 2023.", "", None),
    14: (IN_PROGRESS, "Đã cập nhật danh mục thủ tục hành chính lĩnh vực tư pháp.", "", None),
    15: (DONE, "Đã rà soát kết luận thanh tra năm 2022.", "Báo cáo số 15/BC-UBND ngày 30/03/2023", D(2023, 3, 30)),
    16: (IN_PROGRESS, "Đã tổ chức tự kiểm tra tại Trạm Y tế.", "", None),
    17: (IN_PROGRESS, "Đang kiểm tra các trường tiểu học (quý II).", "", None),
    18: (NOT_DONE, "", "", None),
    19: (IN_PROGRESS, "Bộ phận Một cửa thực hiện đúng quy trình; tỷ lệ hồ sơ đúng hạn 97%.", "", None),
    20: (DONE, "Đã tuyên truyền BHYT; tỷ lệ bao phủ 92%.", "Báo cáo số 31/BC-UBND ngày 12/06/2023", D(2023, 6, 12)),
    21: (IN_PROGRESS, "Các nhà trường đang thực hiện; chưa có quyết định công nhận phổ cập.", "", None),
    22: (IN_PROGRESS, "Đang cứng hóa 1,2 km đường trục thôn.", "", None),
    23: (NOT_STARTED, "", "", None),
    24: (DONE, "Đã ký kết quy chế phối hợp an ninh trật tự với các thôn.", "Kế hoạch số 20/KH-CAX ngày 01/03/2023",
         D(2023, 3, 1)),
    25: (DONE, "Đã tổ chức 3 buổi tuyên truyền bảo vệ môi trường.", "Kế hoạch số 18/KH-UBND ngày 22/02/2023",
         D(2023, 4, 22)),
    26: (IN_PROGRESS, "Đang triển khai phân loại rác tại hộ gia đình ở 3 thôn.", "", None),
    27: (DONE, "Đã cập nhật biểu mẫu thủ tục hành chính lên Cổng thông tin điện tử xã.",
         "Công văn số 40/UBND-VP ngày 02/06/2023", D(2023, 6, 2)),
    28: (NOT_STARTED, "", "", None),
    29: (IN_PROGRESS, "Đã mở chuyên mục lấy ý kiến người dân.", "", None),
}
_EXPLICIT_DUE = {4: D(2023, 3, 31)}  # task 2.a: the plan gave no time; the commune set 31/03
_NOTES = {18: "Nhiệm vụ do Thanh tra huyện chủ trì; huyện chưa triển khai trong kỳ."}


def trung_trac_progress_tasks() -> list[dict]:
    """The appendix rows with invented progress at 30/06/2023."""
    tasks = copy.deepcopy(trung_trac_tasks())
    for i, t in enumerate(tasks):
        status, result, evidence, done = _PROGRESS[i]
        t.update(status=status, result=result or None, evidence=evidence or None, done_date=done)
        if i in _EXPLICIT_DUE:
            t["due"] = _EXPLICIT_DUE[i]
        if i in _NOTES:
            t["note"] = _NOTES[i]
    return tasks


def trung_trac_progress_meta() -> Metadata:
    meta = trung_trac_meta(PERIOD_HALF)
    meta.cutoff = D(2023, 6, 30)
    meta.author = "Nguyễn Văn A (mẫu)"
    meta.phone = "0221 000 0000"
    meta.note = SAMPLE_LABEL
    return meta


# -- committed workbooks ----------------------------------------------------
def _blank(path: Path, key: str) -> Path:
    return write_workbook(path, Metadata(), load_catalog(key))


def canonical_files(root: Path) -> dict[Path, Callable[[Path], Path]]:
    """Every committed workbook under ``root`` and the function that writes it."""
    files: dict[Path, Callable[[Path], Path]] = {}
    for key in CATALOGS:
        files[root / f"bieu-mau-{key}.xlsx"] = partial(_blank, key=key)
    files[root / "examples" / "trung-trac-2023-ke-hoach.xlsx"] = (
        lambda p: write_workbook(p, trung_trac_meta(), load_catalog("hungyen-xa"), trung_trac_tasks())
    )
    files[root / "examples" / "trung-trac-2023-tien-do-6-thang.xlsx"] = (
        lambda p: write_workbook(p, trung_trac_progress_meta(), load_catalog("hungyen-xa"),
                                 trung_trac_progress_tasks())
    )
    return files


def regenerate(root: Path) -> list[Path]:
    written = []
    for path, writer in canonical_files(Path(root)).items():
        writer(path)
        written.append(path)
    return written


# -- returned workbooks (demo, tests, benchmark) ------------------------------
SAMPLE_COMMUNES = (
    "Xã Trung Trắc", "Xã Lạc Hồng", "Xã Như Quỳnh", "Xã Đại Đồng", "Xã Tân Quang", "Xã Lạc Đạo",
    "Xã Việt Hưng", "Xã Chỉ Đạo", "Phường Mỹ Hào", "Xã Minh Hải", "Xã Lương Tài", "Xã Đình Dù",
)


def sample_progress(tasks: list[dict], rng, cutoff: dt.date, broken: bool = False) -> list[dict]:
    """Invented progress for a list of plan tasks (seeded; sample data only)."""
    out = []
    for t in copy.deepcopy(tasks):
        status = rng.choices((DONE, IN_PROGRESS, NOT_STARTED, NOT_DONE), weights=(40, 40, 17, 3))[0]
        t["status"] = status
        if status == DONE:
            day = dt.date(cutoff.year, rng.randint(1, cutoff.month), rng.randint(1, 28))
            t["result"] = "Đã triển khai theo kế hoạch; kết quả đạt yêu cầu."
            t["evidence"] = f"Báo cáo số {rng.randint(1, 150):02d}/BC-UBND ngày {day:%d/%m/%Y}"
            t["done_date"] = day
        elif status == IN_PROGRESS:
            t["result"] = "Đang triển khai."
        out.append(t)
    if broken and out:
        out[0].update(status=DONE, evidence=None, done_date=None, result="Đã làm")  # Lỗi: no evidence, no date
        if len(out) > 3:
            out[3]["status"] = "Tạm dừng"  # Lỗi: not a status
    return out


def write_returned(path: Path, unit: str, tasks: list[dict], year: int = 2023, cutoff: dt.date | None = None,
                   parent: str = "Tỉnh Hưng Yên") -> Path:
    cutoff = cutoff or dt.date(year, 6, 30)
    meta = Metadata(unit=unit, parent=parent, year=year, period=PERIOD_HALF, cutoff=cutoff,
                    plan_number="06/KH-UBND", plan_date=dt.date(year, 1, 19), author="Cán bộ VP-TK (mẫu)",
                    note=SAMPLE_LABEL)
    return write_workbook(path, meta, load_catalog("hungyen-xa"), tasks, min_rows=len(tasks) + 20)


def write_returned_set(folder: Path, units: list[str], seed: int = 2023, broken: AbstractSet[int] = frozenset(),
                       tasks: list[dict] | None = None) -> list[Path]:
    """One returned workbook per unit, with seeded invented progress."""
    folder.mkdir(parents=True, exist_ok=True)
    base = tasks or trung_trac_tasks()
    paths = []
    for i, unit in enumerate(units):
        rng = random.Random(seed + i)
        name = safe_filename(strip_accents(unit).lower().replace(" ", "-")) + ".xlsx"
        paths.append(write_returned(folder / name, unit, sample_progress(base, rng, dt.date(2023, 6, 30),
                                                                          broken=i in broken)))
    return paths
