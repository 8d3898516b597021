"""papi-xl new --macros: an .xlsm whose VBA project is built from macros/PapiXL.bas."""

from __future__ import annotations

import os
import random
import zipfile

import pytest
from conftest import ROOT, sha256, soffice
from oletools.olevba import VBA_Parser, decompress_stream
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.inputs.read import read_workbook
from papi_xl.ooxml.vba import compress, decompress

runner = CliRunner()
BAS = ROOT / "macros" / "PapiXL.bas"


@pytest.mark.parametrize("data", [
    BAS.read_bytes(), BAS.read_bytes() * 9, os.urandom(6000), bytes(10000), b"abc" * 3000,
    bytes(random.Random(7).randrange(4) + 65 for _ in range(20000)),
], ids=["module", "9 modules", "random", "zeros", "repeats", "4 letters"])
def test_ovba_compression_round_trips_through_oletools(data):
    packed = compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data  # an independent decompressor
    assert decompress(packed) == data


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsm") / "bieu-mau.xlsm"
    result = runner.invoke(app, ["new", "--macros", "-o", str(path), "--unit", "Xã Trung Trắc", "--year", "2025"])
    assert result.exit_code == 0, result.output
    return path


def test_the_module_inside_equals_the_source(xlsm):
    with zipfile.ZipFile(xlsm) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        assert "xl/vbaProject.bin" in names and "macroEnabled.main+xml" in types
        assert 'codeName="ThisWorkbook"' in z.read("xl/workbook.xml").decode()
    parser = VBA_Parser(str(xlsm))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    assert set(modules) == {"ThisWorkbook.cls", *(f"Sheet{i}.cls" for i in range(1, 6)), "PapiXL.bas"}
    source = BAS.read_text(encoding="ascii").replace("\r\n", "\n")
    assert modules["PapiXL.bas"].replace("\r\n", "\n").strip() == source.strip()
    assert (ROOT / "papi_xl" / "data" / "PapiXL.bas").read_bytes() == BAS.read_bytes()  # the shipped copy


def test_libreoffice_opens_it_and_binds_the_buttons(xlsm, tmp_path):
    ods = soffice(xlsm, "ods", tmp_path)
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode()
        basic = z.read("Basic/VBAProject/PapiXL.xml").decode()
    for caption, macro in (("Kiểm tra", "KiemTra"), ("Tổng hợp", "TongHop"), ("Tổng hợp các đơn vị", "TongHopCacDonVi")):
        assert f'form:label="{caption}"' in content
        assert f"vnd.sun.star.script:VBAProject.PapiXL.{macro}?language=Basic" in content
        assert f"Sub {macro}()" in basic


def test_the_xlsm_works_like_the_xlsx(xlsm, tmp_path):
    data = read_workbook(xlsm)
    assert data.fmt == "xlsm" and data.meta.unit == "Xã Trung Trắc"
    out = tmp_path / "checked.xlsm"
    assert runner.invoke(app, ["validate", str(xlsm), "-o", str(out)]).exit_code == 1  # empty: no tasks
    with zipfile.ZipFile(xlsm) as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        vml = [n for n in b.namelist() if n.endswith(".vml")]
        assert any("FmlaMacro>[0]!KiemTra" in b.read(n).decode() for n in vml)  # the buttons survive
    before = sha256(xlsm)
    assert sha256(xlsm) == before


def test_macros_need_the_xlsm_extension(tmp_path):
    result = runner.invoke(app, ["new", "--macros", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and ".xlsm" in result.output
