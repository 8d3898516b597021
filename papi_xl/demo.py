"""``papi-xl demo``: the whole workflow on built-in sample data, step by step.

1. a blank canonical workbook; 2. the Trung Trắc 2023 example with invented progress; 3. its checked
copy; 4. its roll-up; 5. a merge of sample returned workbooks (one with errors, one sent twice, one
unit that never answered); 6. the draft Word report of that merge.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from papi_xl import api
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import load_catalog
from papi_xl.outputs.template import write_workbook
from papi_xl.pipeline.merge import MergeResult
from papi_xl.pipeline.rollup import Rollup
from papi_xl.rules.validate import Validation
from papi_xl.samples import SAMPLE_COMMUNES, trung_trac_progress_meta, trung_trac_progress_tasks, write_returned_set


@dataclass
class DemoStep:
    n: int
    title: str
    path: Path


def demo_merge(folder: Path) -> MergeResult:
    """Sample returned workbooks (one with errors, one sent twice), an expected list with one unit
    that never answered, merged into a summary."""
    returned = Path(folder) / "tra-ve"
    paths = write_returned_set(returned, list(SAMPLE_COMMUNES[:8]), broken={2})
    older = returned / "cu" / paths[1].name
    older.parent.mkdir(exist_ok=True)
    older.write_bytes(paths[1].read_bytes())
    past = time.time() - 7 * 86400
    os.utime(older, (past, past))  # the same unit, sent a week earlier
    expected = Path(folder) / "danh-sach-don-vi.csv"
    expected.write_text("Đơn vị,Cấp trên\n" + "".join(f"{u},Tỉnh Hưng Yên\n" for u in SAMPLE_COMMUNES[:9]),
                        encoding="utf-8")
    return api.merge_files([returned], Path(folder) / "tong-hop-cac-don-vi.xlsx", expected, unit="Tỉnh Hưng Yên")


def run_demo(folder: Path, show: Callable[[DemoStep], None],
             show_rollup: Callable[[Validation, Rollup], None] | None = None) -> list[DemoStep]:
    folder.mkdir(parents=True, exist_ok=True)
    steps: list[DemoStep] = []

    def step(title: str, path: Path) -> None:
        steps.append(DemoStep(len(steps) + 1, title, path))
        show(steps[-1])

    step("Biểu mẫu trống", write_workbook(folder / "bieu-mau-trong.xlsx", Metadata(), load_catalog()))
    example = write_workbook(folder / "trung-trac-2023-tien-do.xlsx", trung_trac_progress_meta(), load_catalog(),
                             trung_trac_progress_tasks())
    step("Ví dụ đã điền (dữ liệu mẫu)", example)
    v = api.check_file(example)
    step(f"Kiểm tra ví dụ: {v.errors} lỗi, {v.warnings} cảnh báo", api.write_validation(v).path)
    v, r = api.summarize_file(example)
    step("Tổng hợp theo chỉ số", api.write_summary(v, r).path)
    if show_rollup:
        show_rollup(v, r)
    merged = demo_merge(folder)
    summary = folder / "tong-hop-cac-don-vi.xlsx"  # where demo_merge wrote it
    step(f"Tổng hợp {merged.accepted} đơn vị (tệp mẫu trả về trong {folder / 'tra-ve'})", summary)
    step("Dự thảo báo cáo (Word, thể thức NĐ 30/2020)", api.report(summary, folder / "bao-cao-6-thang.docx"))
    return steps
