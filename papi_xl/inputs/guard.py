"""The guard in front of every reader: what kind of file this really is (by its content, not its
extension), and whether it stays within :class:`papi_xl.settings.Limits` — a returned workbook is
untrusted input: a zip whose parts inflate to gigabytes, XML with entity declarations, or a sheet
declaring a million rows is refused with a Vietnamese message before any heavy parsing starts.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.errors import HostileInput, InputTooLarge, UnreadableInput
from papi_xl.settings import Limits

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
    with zf.open(info) as fh:
        data = fh.read()
    if not _FAR_REF.search(data):
        return
    max_row = max_col = 0
    for m in _REF.finditer(data):
        max_col = max(max_col, _column_number(m.group(1)))
        max_row = max(max_row, int(m.group(2)))
    if max_row > limits.max_rows or max_col > limits.max_columns:
        raise InputTooLarge(msg.TOO_FAR_CELL.format(name=path.name, row=max_row, column=max_col,
                                                    max_rows=limits.max_rows, max_columns=limits.max_columns))


def check_size(path: Path, limits: Limits) -> None:
    """Refuse an oversized file before anything opens it."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputTooLarge(msg.TOO_BIG_FILE.format(name=path.name, size_mb=size / 1048576,
                                                    limit_mb=limits.max_file_bytes / 1048576))


def check_package(path: Path, fmt: str, limits: Limits) -> None:
    """Refuse packages that would exhaust memory or time."""
    if fmt not in ("xlsx", "xlsm", "ods", "xlsb"):
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_parts:
                raise InputTooLarge(msg.TOO_MANY_PARTS.format(name=path.name, parts=len(infos)))
            total = sum(i.file_size for i in infos)
            if total > limits.max_unzipped_bytes:
                raise HostileInput(msg.ZIP_BOMB_TOTAL.format(name=path.name, total_mb=total / 1048576,
                                                             limit_mb=limits.max_unzipped_bytes / 1048576), "zip-bomb")
            for info in infos:
                if info.file_size > 1 << 20 and info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
                    raise HostileInput(msg.ZIP_BOMB_PART.format(
                        part=info.filename, name=path.name, ratio=info.file_size // max(info.compress_size, 1)),
                        "zip-bomb")
                if info.filename.endswith((".xml", ".rels")) and info.file_size:
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                    if info.filename.startswith("xl/worksheets/") and fmt in ("xlsx", "xlsm"):
                        _check_sheet_extent(zf, info, path, limits)
                    if _DTD.search(head):
                        raise HostileInput(msg.XML_ENTITIES.format(part=info.filename, name=path.name),
                                           "xml-entities")
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(msg.CORRUPT_ZIP.format(name=path.name), "corrupt") from exc


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> str:
    """The format by content: "xlsx", "xlsm", "xlsb", "ods" or "xls" (raises UnreadableInput otherwise)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except IsADirectoryError as exc:
        raise UnreadableInput(msg.IS_A_FOLDER.format(name=path.name), "not-a-file") from exc
    except OSError as exc:
        raise UnreadableInput(msg.IO_ERROR.format(name=path.name, reason=exc.strerror or exc), "io-error") from exc
    if head.startswith(b"PK"):
        return _zip_format(path)
    if head == OLE_MAGIC:
        return _ole_format(path)
    if head.lower().startswith((b"<", b"\xef\xbb\xbf<")):
        raise UnreadableInput(msg.HTML_DISGUISED.format(name=path.name), "html-disguised")
    raise UnreadableInput(msg.NOT_SPREADSHEET.format(name=path.name), "not-a-spreadsheet")


def _zip_format(path: Path) -> str:
    """An ODF or OOXML package: which spreadsheet format, or why it is not one."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype")[:100]:
                return "ods"
            norm = {n.replace("\\", "/").lower() for n in names}
            types = next((zf.read(n)[:20000] for n in names if n.lower() == "[content_types].xml"), b"")
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(msg.CORRUPT_ZIP.format(name=path.name), "corrupt") from exc
    if "xl/workbook.bin" in norm:
        return "xlsb"
    if "xl/workbook.xml" in norm or b"spreadsheetml.sheet.main" in types or b"macroEnabled.main" in types:
        return "xlsm" if "xl/vbaproject.bin" in norm or path.suffix.lower() == ".xlsm" else "xlsx"
    if "word/document.xml" in norm:
        raise UnreadableInput(msg.WORD_NOT_SPREADSHEET.format(name=path.name), "not-a-spreadsheet")
    raise UnreadableInput(msg.ZIP_NOT_SPREADSHEET.format(name=path.name), "not-a-spreadsheet")


def _ole_format(path: Path) -> str:
    """A compound file (Office 97-2003): an .xls, a password-protected OOXML file, or another document."""
    with path.open("rb") as fh:
        blob = fh.read(1 << 20)
    if "EncryptedPackage".encode("utf-16-le") in blob:
        raise UnreadableInput(msg.PASSWORD.format(name=path.name), "password")
    if "workbook".encode("utf-16-le") in blob.lower() or "book".encode("utf-16-le") in blob.lower():
        return "xls"  # the BIFF stream is "Workbook" (or "Book"), any case
    raise UnreadableInput(msg.OLE_NOT_SPREADSHEET.format(name=path.name), "not-a-spreadsheet")
