"""Resource limits for input files (documented in the README; configurable
through :class:`Limits` or the ``PAPI_XL_MAX_*`` environment variables).

A returned workbook is untrusted input: a zip whose parts inflate to
gigabytes, XML with entity declarations, or a sheet declaring a million rows
is refused with a Vietnamese message before any heavy parsing starts.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = _env_int("PAPI_XL_MAX_FILE_MB", 100) * 1024 * 1024
    max_unzipped_bytes: int = _env_int("PAPI_XL_MAX_UNZIPPED_MB", 600) * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, per part above 1 MB
    max_parts: int = 5000
    max_rows: int = _env_int("PAPI_XL_MAX_ROWS", 100_000)
    max_columns: int = _env_int("PAPI_XL_MAX_COLUMNS", 500)


DEFAULT_LIMITS = Limits()
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
# a cell reference beyond column TA (521) or row 100000: only then is the exact maximum computed
_FAR_REF = re.compile(rb'r="(?:[A-Z]{3}\d|[T-Z][A-Z]\d|[A-Z]{1,3}\d{6})')  # a literal prefix: fast
_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_sheet_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limits: Limits) -> None:
    """calamine allocates rows x columns of the used range at once: a single cell at XFD1048576
    would abort the process, so the extent is read from the XML first."""
    from papi_xl.inputs.read import ReadError

    with zf.open(info) as fh:
        data = fh.read()
    if not _FAR_REF.search(data):
        return
    max_row = max_col = 0
    for m in _REF.finditer(data):
        max_col = max(max_col, _column_number(m.group(1)))
        max_row = max(max_row, int(m.group(2)))
    if max_row > limits.max_rows or max_col > limits.max_columns:
        raise ReadError(
            f"Tệp '{path.name}' có ô dữ liệu ở dòng {max_row:,}, cột {max_col:,} (vượt giới hạn {limits.max_rows:,} "
            f"dòng × {limits.max_columns:,} cột). Hãy xóa các dòng/cột thừa rồi lưu lại "
            "(hoặc tăng PAPI_XL_MAX_ROWS / PAPI_XL_MAX_COLUMNS).",
            "too-large",
        )


def check_size(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an oversized file before anything opens it. Raises ReadError."""
    from papi_xl.inputs.read import ReadError

    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ReadError(
            f"Tệp '{path.name}' nặng {size / 1048576:.0f} MB, vượt giới hạn {limits.max_file_bytes / 1048576:.0f} MB. "
            "Biểu nhiệm vụ thường dưới 1 MB: hãy xóa ảnh/dòng thừa rồi lưu lại (hoặc tăng PAPI_XL_MAX_FILE_MB).",
            "too-large",
        )


def check_package(path: Path, fmt: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse packages that would exhaust memory or time. Raises ReadError."""
    from papi_xl.inputs.read import ReadError

    if fmt not in ("xlsx", "xlsm", "ods", "xlsb"):
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_parts:
                raise ReadError(f"Tệp '{path.name}' có {len(infos)} thành phần, bất thường với một bảng tính.",
                                "too-large")
            total = sum(i.file_size for i in infos)
            if total > limits.max_unzipped_bytes:
                raise ReadError(
                    f"Tệp '{path.name}' giải nén ra {total / 1048576:,.0f} MB, vượt giới hạn "
                    f"{limits.max_unzipped_bytes / 1048576:.0f} MB (nghi là 'bom nén'). Tệp bị từ chối.",
                    "zip-bomb",
                )
            for info in infos:
                if info.file_size > 1 << 20 and info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
                    raise ReadError(
                        f"Thành phần '{info.filename}' của tệp '{path.name}' nén với tỉ lệ bất thường "
                        f"({info.file_size // max(info.compress_size, 1)}:1, nghi là 'bom nén'). Tệp bị từ chối.",
                        "zip-bomb",
                    )
                if info.filename.endswith((".xml", ".rels")) and info.file_size:
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                    if info.filename.startswith("xl/worksheets/") and fmt in ("xlsx", "xlsm"):
                        _check_sheet_extent(zf, info, path, limits)
                    if _DTD.search(head):
                        raise ReadError(
                            f"Thành phần '{info.filename}' của tệp '{path.name}' khai báo DOCTYPE/ENTITY, điều mà Excel "
                            "không bao giờ ghi (nghi là tấn công XML). Tệp bị từ chối.",
                            "xml-entities",
                        )
    except zipfile.BadZipFile as exc:
        raise ReadError(f"Tệp '{path.name}' bị hỏng (không giải nén được). Hãy lưu lại từ Excel rồi gửi lại.",
                        "corrupt") from exc
