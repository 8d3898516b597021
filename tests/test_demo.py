"""The README's first command: papi-xl demo runs the whole workflow on built-in sample data."""

import docx
import openpyxl
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.contract.summary import REGISTER


def test_demo_writes_every_step(tmp_path):
    result = CliRunner().invoke(app, ["demo", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for n in range(1, 7):
        assert f"{n}. " in result.output
    expected = ["bieu-mau-trong.xlsx", "trung-trac-2023-tien-do.xlsx", "trung-trac-2023-tien-do.kiem-tra.xlsx",
                "trung-trac-2023-tien-do.tong-hop.xlsx", "tong-hop-cac-don-vi.xlsx", "bao-cao-6-thang.docx",
                "danh-sach-don-vi.csv"]
    for name in expected:
        assert (tmp_path / name).exists(), name
    summary = openpyxl.load_workbook(tmp_path / "tong-hop-cac-don-vi.xlsx")
    statuses = [c.value for c in summary["Tình hình nộp"][REGISTER.letter("status")][4:] if c.value]
    assert statuses.count("Đã nhận") == 7 and "Từ chối" in statuses and "Chưa nộp" in statuses
    assert "Bị thay thế" in statuses  # the unit that sent its file twice
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "bao-cao-6-thang.docx")).paragraphs)
    assert "BÁO CÁO" in text and "UBND tỉnh Hưng Yên" in text  # running text: "tỉnh", lower case
    assert "DỮ LIỆU MẪU" in openpyxl.load_workbook(tmp_path / "trung-trac-2023-tien-do.xlsx")["Thông tin"]["B14"].value
