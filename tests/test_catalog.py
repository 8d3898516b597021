from papi_xl.domain.catalog import CATALOGS, load_catalog, load_units
from papi_xl.domain.progress import read_status
from papi_xl.vocab import STATUSES


def test_hungyen_catalog_has_nine_indices_with_lettered_subs():
    cat = load_catalog("hungyen-xa")
    assert [i.code for i in cat.indices] == [str(n) for n in range(1, 10)]
    assert [s.code for s in cat.subs_of("1")] == ["1.a", "1.b", "1.c", "1.d"]
    assert cat.get("1.a").label == "a) Tri thức công dân"
    assert cat.get("3").label == "3. Công khai, minh bạch trong việc ra quyết định"
    assert len([i for i in cat.items if not i.is_index]) == 29


def test_papi_catalog_is_8_dimensions_28_subdimensions():
    cat = load_catalog("papi")
    assert len(cat.indices) == 8
    assert len([i for i in cat.items if not i.is_index]) == 28
    assert cat.get("1.1").label == "1.1. Tri thức công dân"


def test_default_catalog_is_hungyen():
    assert load_catalog().key == "hungyen-xa" and set(CATALOGS) == {"hungyen-xa", "papi", "par", "sipas"}


def test_seed_spellings_are_kept_as_aliases():
    cat = load_catalog()
    m = cat.match_sub("c) Chất lượng bầu cử trường thôn, tổ trưởng dân phố", "1")  # seed text (sic)
    assert m and m.value == "1.c"
    assert cat.match_sub("a) Nghiệm túc trong bảo vệ môi trường", "8").value == "8.a"


def test_index_and_sub_matching_is_accent_and_case_insensitive():
    cat = load_catalog()
    assert cat.match_index("1. Tham gia của người dân").exact
    m = cat.match_index("tham gia cua nguoi dan")
    assert m.value == "1" and m.exact  # folded equality
    assert cat.match_index("1. Tham gia của ngừoi dân").value == "1"  # typo
    assert cat.match_sub("b) Cơ hội tham gia", "1").value == "1.b"
    assert cat.match_sub("b) Cơ hội tham gia", "3") is None  # belongs to index 1 only


def test_units_and_aliases():
    cat = load_catalog()
    for text, unit in [("Công chức VP-TK xã", "Công chức Văn phòng - Thống kê"), ("VH-XH", "Công chức Văn hóa - Xã hội"),
                       ("TC-KT", "Công chức Tài chính - Kế toán"), ("ĐC-XD", "Công chức Địa chính - Xây dựng"),
                       ("Tư pháp - Hộ tịch", "Công chức Tư pháp - Hộ tịch"), ("MTTQ", "Ủy ban MTTQ Việt Nam xã"),
                       ("Công an xã", "Công an xã"), ("UBND xã", "UBND xã"), ("Uỷ ban nhân dân xã", "UBND xã"),
                       ("Ba nhà trường trong xã", "Các nhà trường trên địa bàn xã")]:
        m = cat.match_unit(text)
        assert m is not None and m.value == unit, text
    assert cat.match_unit("Hợp tác xã nông nghiệp") is None
    assert len(load_units()) >= 20


def test_statuses():
    cat = load_catalog()
    assert cat.statuses == STATUSES == ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Không thực hiện")
    assert read_status("hoan thanh").status == "Hoàn thành"
    assert read_status("xong").status == "Hoàn thành"
