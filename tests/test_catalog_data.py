"""Shape of the catalog and unit data files (papi_xl/data), checked without papi_xl.

Expectations come from the files themselves, from seed 004's headings (copied below word for
word) and from /work/shared/domain/units_aliases.csv (its 104 aliases, copied below with the unit
each one must resolve to).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "papi_xl" / "data"
CATALOGS = sorted(p.name for p in DATA.glob("catalog_*.csv"))
ERAS = ("pre-2025", "2025-", "both eras")


def fold(text: str) -> str:
    """NFD, drop marks, đ->d, lowercase, non-alphanumerics to spaces."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("đ", "d")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def split_aliases(text: str) -> list[str]:
    parts = text.split(";")
    assert all(p.strip() for p in parts) or text == "", f"empty alias in {text!r}"
    return [p.strip() for p in parts if p.strip()]


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def test_new_catalogs_and_units_are_present():
    assert {"catalog_par_xa.csv", "catalog_sipas.csv", "catalog_papi.csv", "catalog_hungyen_xa.csv"} <= set(CATALOGS)
    assert (DATA / "units.csv").exists() and (DATA / "index_families.csv").exists()
    assert (DATA / "SOURCES.md").exists()


@pytest.mark.parametrize("name", CATALOGS)
def test_catalog_shape(name):
    header, rows = read(name)
    assert header == ["code", "level", "name", "aliases", "name_en"]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate codes"
    indices = set()
    for r in rows:
        for value in r.values():
            assert value == unicodedata.normalize("NFC", value), f"not NFC: {value!r}"
            assert value == value.strip(), f"stray spaces: {value!r}"
        assert r["name"], f"empty name at {r['code']}"
        if r["level"] == "index":
            assert re.fullmatch(r"\d{1,2}", r["code"]), r["code"]
            indices.add(r["code"])
        else:
            assert r["level"] == "sub", r["level"]
            assert re.fullmatch(r"\d{1,2}\.(\d{1,2}|[a-z])", r["code"]), r["code"]
            assert r["code"].split(".")[0] in indices, f"{r['code']}: parent index missing or listed later"
        split_aliases(r["aliases"])
    # one spelling never names two items of the same catalog
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for text in (r["name"], *split_aliases(r["aliases"])):
            owners[fold(text)].add(r["code"])
    shared = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


def _items(name):
    _, rows = read(name)
    return rows


def test_par_catalog_structure():
    rows = _items("catalog_par_xa.csv")
    indices = [r["name"] for r in rows if r["level"] == "index"]
    assert indices == [
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        "Cải cách thể chế",
        "Cải cách thủ tục hành chính",
        "Cải cách tổ chức bộ máy hành chính",
        "Cải cách chế độ công vụ",
        "Cải cách tài chính công",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
    ]
    assert all(any(s["code"].startswith(f"{i}.") for s in rows) for i in range(1, 9)), "an index without sub-items"


def test_sipas_catalog_structure():
    rows = _items("catalog_sipas.csv")
    subs = {r["code"]: r["name"] for r in rows if r["level"] == "sub"}
    assert [subs[c] for c in ("1.1", "1.2", "1.3", "1.4", "1.5")] == [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công chức trực tiếp giải quyết công việc",
        "Kết quả cung ứng dịch vụ",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
    ]


# Seed 004 (2025 plan of a ward in Hưng Yên), headings of part II "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)",
# word for word, with the PAR index each must name. The combined heading "Lĩnh vực cải cách tổ chức bộ máy
# và cải cách chế độ công vụ" spans indices 4 and 5 and is deliberately nobody's alias (see SOURCES.md).
SEED004_PAR = {
    "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH": "1",
    "Lĩnh vực cải cách thể chế": "2",
    "Lĩnh vực cải cách thủ tục hành chính": "3",
    "Lĩnh vực cải cách tài chính công": "6",
    "Lĩnh vực xây dựng chính quyền điện tử, chính quyền số": "7",
}
SEED004_COMBINED = "Lĩnh vực cải cách tổ chức bộ máy và cải cách chế độ công vụ"
SEED004_FAMILIES = {
    "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)": "par",
    "CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG (PAPI)": "papi",
    "Chỉ số PAR INDEX": "par",
    "Chỉ số SIPAS": "sipas",
    "Chỉ số PAPI": "papi",
    "Chỉ số CCHC": "par",
    "Chỉ số hài lòng": "sipas",
}


def test_seed004_headings_are_aliases_word_for_word():
    rows = _items("catalog_par_xa.csv")
    by_alias = {a: r["code"] for r in rows for a in split_aliases(r["aliases"])}
    for heading, code in SEED004_PAR.items():
        assert by_alias.get(heading) == code, heading
    folded = {fold(t) for r in rows for t in (r["name"], *split_aliases(r["aliases"]))}
    assert fold(SEED004_COMBINED) not in folded


def test_index_families():
    header, rows = read("index_families.csv")
    assert header == ["family", "catalogs", "name", "abbreviation", "aliases"]
    assert [r["family"] for r in rows] == ["papi", "par", "sipas"]
    for r in rows:
        for cat in split_aliases(r["catalogs"]):
            assert cat in CATALOGS, cat
    owner = {}
    for r in rows:
        for text in (r["name"], r["abbreviation"], *split_aliases(r["aliases"])):
            assert owner.setdefault(fold(text), r["family"]) == r["family"], text
    for text, family in SEED004_FAMILIES.items():
        assert owner.get(fold(text)) == family, text


# /work/shared/domain/units_aliases.csv: every alias_as_found, grouped by the unit it must resolve to.
UNITS_ALIASES = {
    "Công chức Văn phòng - Thống kê": [
        "Công chức Văn phòng - Thống kê xã",
        "Công chức Văn phòng - Thống kê",
        "công chức Văn phòng - Thống kê",
        "Công chức Văn phòng Thống kê",
        "Công chức VP-TK xã",
        "Công chức VP- TK xã",
        "Công chức VP-TK",
        "Văn phòng UBND xã",
        "Văn phòng cơ quan Thường trực của UBND phường",
    ],
    "Công chức Văn hóa - Xã hội": [
        "Công chức Văn hóa - xã hội",
        "Công chức Văn hóa Xã hội",
        "Công chức VH-XH xã",
        "Công chức VH-XH",
        "Công chức VH-XH (LĐTBXH)",
        "Lao động –Thương binh và Xã hội",
        "Văn hóa và Thông tin",
    ],
    "Công chức Tài chính - Kế toán": [
        "Công chức Tài chính - KT xã",
        "Công chức Tài chính Kế toán xã",
        "Tài chính-Kế toán",
    ],
    "Công chức Địa chính - Xây dựng": [
        "Công chức Địa chính xã",
        "Công chức Địa chính GTTL",
        "Địa chính",
    ],
    "Công chức Tư pháp - Hộ tịch": [
        "Công chức Tư pháp xã",
        "Tư pháp, Văn hóa",
    ],
    "Công an xã": [
        "Công an xã",
        "công an, các nhà trường",
    ],
    "UBND xã": [
        "UBND xã",
        "Ủy ban nhân dân xã",
        "UBND phường",
        "Ủy ban nhân dân phường",
    ],
    "Chủ tịch, Phó Chủ tịch UBND xã": [
        "Chủ tịch UBND xã",
        "Chủ tịch, các PCT UBND xã",
        "Chủ tịch, Phó Chủ tịch UBND phường",
    ],
    "HĐND xã": [
        "HĐND xã",
        "HĐND phường",
    ],
    "Thường trực Đảng ủy, HĐND, UBND xã": [
        "TTĐU-HĐND-UBND xã",
        "Thường trực Đảng ủy, HĐND xã",
        "TT Đảng ủy, HĐND",
    ],
    "Cán bộ, công chức xã": [
        "Công chức chuyên môn UBND xã",
        "Công chức chuyên môn xã",
        "Công chức chuyên môn",
        "Cán bộ, công chức xã",
        "Cán bộ, công chức liên quan",
        "Cán bộ, công chức phường",
        "cán bộ, công chức",
    ],
    "Ủy ban MTTQ Việt Nam xã": [
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "Ủy ban Mặt trận Tổ quốc Việt Nam phường",
        "Ủy ban MTTQ Việt Nam",
        "Ủy ban MTTQ xã",
        "UB MTTQ xã",
        "MTTQ xã",
        "Ủy ban Mặt trận tổ quốc",
    ],
    "MTTQ và các đoàn thể chính trị - xã hội": [
        "UB MTTQ và các đoàn thể chính trị xã",
        "Ủy ban Mặt trận tổ quốc và các đoàn thể chính trị",
        "các ban ngành đoàn thể xã",
        "Các ban ngành đoàn thể xã",
        "các tổ chức chính trị - xã hội",
    ],
    "Ban Dân vận Đảng ủy": [
        "Ban Dân vận Đảng ủy",
    ],
    "Ban Thanh tra nhân dân": [
        "Ban Thanh tra nhân dân",
        "Ban Thanh tra Nhân dân",
        "Ban thanh tra nhân dân xã",
        "Ban Thanh tra nhân dân tại UBND xã",
    ],
    "Ban Giám sát đầu tư của cộng đồng": [
        "Ban Giám sát đầu tư cộng đồng",
        "Ban Giám sát đầu tư của cộng đồng",
    ],
    "Ban Công tác Mặt trận thôn": [
        "Ban công tác mặt trận thôn",
        "Ban công tác Mặt trận các TDP",
    ],
    "Các thôn, tổ dân phố": [
        "Các thôn",
        "các thôn",
        "Các thôn trong xã",
        "TDP",
        "tổ dân phố",
    ],
    "Đài Truyền thanh xã": [
        "Đài truyền thanh xã",
        "Đài TT xã",
        "Đài phát thanh",
        "Truyền thanh phường",
        "hệ thống truyền thanh các thôn",
    ],
    "Cổng/Trang thông tin điện tử xã": [
        "Cổng thông tin điện tử xã",
        "Cổng TTĐT xã",
        "Trang thông tin điện tử phường",
        "Cổng TTTT cấp xã",
    ],
    "Trạm Y tế xã": [
        "Trạm y tế xã",
    ],
    "Các nhà trường trên địa bàn xã": [
        "Các nhà trường trong xã",
        "Ba nhà trường trong xã",
        "các nhà trường trên địa bàn xã",
        "các nhà trường",
    ],
    "Bộ phận Một cửa xã": [
        "Bộ phận Một cửa xã",
        "Bộ phận một cửa của xã",
        "Bộ phận một cửa xã",
        "Bộ phận tiếp nhận và trả kết quả tại xã",
        "Bộ phận tiếp nhận và trả kết quả phường",
        "Bộ phận tiếp nhận và trả kết quả của phường (Bộ phận Một cửa)",
    ],
    "Tổ hòa giải ở cơ sở": [
        "tổ hòa giải ở cơ sở",
    ],
    "Thanh tra huyện": [
        "Thanh tra huyện",
    ],
    "Phòng Tài chính - Kế hoạch huyện": [
        "Phòng Tài chính KH huyện",
    ],
    "Phòng Nội vụ huyện": [
        "Phòng Nội vụ",
        "Phòng Nội vụ huyện Văn Lâm",
    ],
    "UBND huyện": [
        "UBND huyện",
        "Ủy ban nhân dân huyện",
        "UBND thị xã",
    ],
    "Sở Nội vụ": [
        "Sở Nội vụ tỉnh Hưng Yên",
    ],
    "Văn phòng Chính phủ": [
        "Văn phòng Chính phủ",
    ],
    "Lưu văn thư / văn phòng": [
        "Lưu: VT",
        "Lưu: VP",
        "Lưu VP",
    ],
}


def _units():
    header, rows = read("units.csv")
    assert header == ["name", "abbreviation", "kind", "aliases"]
    return rows


def _unit_keys(rows):
    owners: dict[str, set[str]] = defaultdict(set)
    for u in rows:
        for text in (u["name"], u["abbreviation"], *split_aliases(u["aliases"])):
            if text:
                owners[fold(text)].add(u["name"])
    return owners


def test_units_shape():
    rows = _units()
    names = [u["name"] for u in rows]
    assert len(names) == len(set(names))
    for u in rows:
        assert u["name"] and u["kind"], u
        for value in u.values():
            assert value == unicodedata.normalize("NFC", value), f"not NFC: {value!r}"
        assert any(era in u["kind"] for era in ERAS), f"no era in kind: {u['name']}"
    shared = {k: sorted(v) for k, v in _unit_keys(rows).items() if len(v) > 1}
    assert not shared, shared


def test_every_domain_alias_resolves_to_exactly_one_unit():
    owners = _unit_keys(_units())
    assert sum(len(v) for v in UNITS_ALIASES.values()) == 104
    for unit, aliases in UNITS_ALIASES.items():
        for alias in aliases:
            assert owners.get(fold(alias)) == {unit}, (alias, owners.get(fold(alias)))


def test_2025_departments_and_committees_are_their_own_units():
    rows = {u["name"]: u for u in _units()}
    owners = _unit_keys(rows.values())
    expected = {
        "Văn phòng HĐND và UBND xã": "Văn phòng HĐND và UBND xã",
        "Phòng Kinh tế": "Phòng Kinh tế xã",
        "Phòng Kinh tế, Hạ tầng và Đô thị": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Văn hóa - Xã hội": "Phòng Văn hóa - Xã hội xã",
        "Trung tâm Phục vụ hành chính công": "Trung tâm Phục vụ hành chính công xã",
        "Ban Văn hóa - Xã hội": "Ban Văn hóa - Xã hội HĐND xã",
        "Ban Kinh tế - Ngân sách HĐND": "Ban Kinh tế - Ngân sách HĐND xã",
        "Ban Pháp chế HĐND": "Ban Pháp chế HĐND xã",
        "Đoàn TN": "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
        "Hội LHPN": "Hội Liên hiệp Phụ nữ xã",
        "Hội CCB": "Hội Cựu chiến binh xã",
        "Hội ND": "Hội Nông dân xã",
        "CC TP-HT": "Công chức Tư pháp - Hộ tịch",
        "CC VH-XH": "Công chức Văn hóa - Xã hội",
        "CC VP-TK": "Công chức Văn phòng - Thống kê",
        "CC ĐC-XD": "Công chức Địa chính - Xây dựng",
        "CC TC-KT": "Công chức Tài chính - Kế toán",
        "CC ĐC-NN-XD-MT": "Công chức Địa chính - Xây dựng",
    }
    for text, unit in expected.items():
        assert owners.get(fold(text)) == {unit}, (text, owners.get(fold(text)))
    assert "2025-" in rows["Văn phòng HĐND và UBND xã"]["kind"]
    assert "pre-2025" in rows["Công chức Văn phòng - Thống kê"]["kind"]
    assert "Phòng Văn hóa - Xã hội xã" not in owners[fold("Ban Văn hóa - Xã hội")]
