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


def test_a_name_beats_a_number():
    par = load_catalog("par")
    assert par.match_index("2. Lĩnh vực cải cách thủ tục hành chính").value == "3"
    assert par.match_index("1. Lĩnh vực cải cách thể chế").value == "2"
    assert par.match_index("5. Lĩnh vực xây dựng chính quyền điện tử, chính quyền số").value == "7"
    # a heading that names two indices is never settled by its number
    assert par.match_index("3. Lĩnh vực cải cách tổ chức bộ máy và cải cách chế độ công vụ") is None
    papi = load_catalog("papi")
    assert papi.match_index("2. Nội dung “Trách nhiệm giải trình với người dân”").value == "3"
    assert papi.match_index("I. THAM GIA CỦA NGƯỜI DÂN Ở CẤP CƠ SỞ").value == "1"
    assert papi.match_index("VI. CUNG ỨNG DỊCH VỤ CÔNG").value == "6"
    assert papi.match_index("Công khai, minh bạch trong hoạch định chính sách").value == "2"  # national wording
    assert papi.match_sub("Y tế công lập", "6").value == "6.1"  # a sub-content without its letter
    hy = load_catalog("hungyen-xa")
    assert hy.match_index("Tham gia của người dân ở cấp cơ sở").value == "1"  # the catalog's name inside it
    assert papi.match_index("1.1. Nội dung “Tham gia của người dân”").value == "1"  # inside the catalog's name
    assert hy.match_index("Chỉ số 4: Trách nhiệm giải trình với người dân").value == "4"
    assert hy.match_sub("Y tế công lập", "7").value == "7.a"
    assert papi.match_index("3. Công tác thông tin, tuyên truyền") is None
    assert par.match_index("IV. TỔ CHỨC THỰC HIỆN") is None  # a phrase in the middle of a name is no match


def test_families_combine():
    cat = load_catalog("papi+par+sipas")
    assert cat.families == ["papi", "par", "sipas"] and cat.key == "papi+par+sipas"
    assert cat.get("3").label == "3. Trách nhiệm giải trình với người dân"
    assert cat.get("par-3").label == "PAR INDEX 3. Cải cách thủ tục hành chính"
    assert cat.get("sipas-1.1").label == "SIPAS 1.1. Tiếp cận dịch vụ"
    assert cat.match_index("Cải cách thủ tục hành chính", "par").value == "par-3"
    assert cat.match_index("Cải cách thủ tục hành chính", "papi") is None
    assert len({i.code for i in cat.items}) == len(cat.items)
    assert len({i.label for i in cat.indices}) == len(cat.indices)
    assert load_catalog("par+hungyen-xa").get("papi-1.a").label == "PAPI 1.a. Tri thức công dân"


def test_2025_units_and_short_forms():
    cat = load_catalog()
    for text, unit in [("CC TP-HT", "Công chức Tư pháp - Hộ tịch"), ("CC VH-XH", "Công chức Văn hóa - Xã hội"),
                       ("Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế, Hạ tầng và Đô thị"),
                       ("Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội xã"),
                       ("Ban Văn hóa - Xã hội HĐND phường", "Ban Văn hóa - Xã hội HĐND xã"),
                       ("Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND xã"),
                       ("Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công xã"),
                       ("Hội LHPN xã", "Hội Liên hiệp Phụ nữ xã"), ("Đoàn Thanh niên", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã"),
                       ("Trường Tiểu học", "Trường Tiểu học xã")]:
        m = cat.match_unit(text)
        assert m is not None and m.value == unit, (text, m)
