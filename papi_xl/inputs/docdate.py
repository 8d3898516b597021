"""The date a spreadsheet says it was last saved, read from the document itself (not the file time,
which copying, e-mail and Zalo downloads reset):

* .xlsx / .xlsm / .xlsb: ``docProps/core.xml`` ``dcterms:modified`` (UTC);
* .ods: ``meta.xml`` ``dc:date`` (local time unless a zone is written);
* .xls: the ``\\x05SummaryInformation`` property set of the OLE compound file, PIDSI_LASTSAVE_DTM
  (property 13, a FILETIME in UTC), read with the small [MS-CFB] reader below.

Every date is returned as local time without a zone (the clock the file times are shown in), so the
two kinds of date can be compared and shown side by side.  Nothing here raises on a damaged file:
the answer is then ``None`` and the merge falls back to the file time.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_HEAD = 64 * 1024  # core.xml / meta.xml are a few hundred bytes; never decompress more than this
_STAMP = re.compile(rb"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:[.,]\d+)?\s*(Z|[+-]\d\d:?\d\d)?")
_ZIP_PARTS = (("docProps/core.xml", rb"<dcterms:modified\b[^>]*>([^<]+)<"), ("meta.xml", rb"<dc:date>([^<]+)<"))


def saved_date(path: Path) -> tuple[dt.datetime | None, str]:
    """(the document's own last-saved date in local time, the part it was read from), or (None, "")."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE_MAGIC:
                when = _from_ole(fh)
                return (when, "xls") if when else (None, "")
        if head.startswith(b"PK"):
            return _from_zip(path)
    except (OSError, ValueError, zipfile.BadZipFile, struct.error, OverflowError):
        return None, ""
    return None, ""


def _from_zip(path: Path) -> tuple[dt.datetime | None, str]:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for part, pattern in _ZIP_PARTS:
            if part in names:
                with zf.open(part) as fh:
                    m = re.search(pattern, fh.read(_XML_HEAD))
                if m:
                    when = _iso(m.group(1))
                    if when is not None:
                        return when, "ods" if part == "meta.xml" else "xlsx"
    return None, ""


def _iso(text: bytes) -> dt.datetime | None:
    m = _STAMP.search(text)
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    when = dt.datetime(year, month, day, hour, minute, second)
    zone = m.group(7)
    if zone is None:
        return _plausible(when)  # no zone written: already local time
    if zone == b"Z":
        offset = dt.timedelta(0)
    else:
        digits = zone.replace(b":", b"")
        offset = dt.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
        offset = -offset if digits[:1] == b"-" else offset
    return _plausible(_local(when.replace(tzinfo=dt.timezone(offset))))


def _local(when: dt.datetime) -> dt.datetime:
    return when.astimezone().replace(tzinfo=None)


def _plausible(when: dt.datetime | None) -> dt.datetime | None:
    """Dates no office application writes (0, 1601, far future) are not dates."""
    return when if when is not None and 1990 <= when.year <= 2200 else None


# -- [MS-CFB] compound file: just enough to read one small stream ------------------------------------------
FREE, END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
MAX_REGULAR = 0xFFFFFFFA
_SUMMARY = "\x05SummaryInformation"
_PIDSI_LASTSAVE_DTM, _VT_FILETIME = 13, 64
_MAX_STREAM = 256 * 1024  # a SummaryInformation stream is a few hundred bytes
_MAX_DIRECTORY = 4096  # directory entries looked at (an .xls has a handful)


class _Cfb:
    """A compound file opened for reading a few sectors; every chain is bounded (no loops, no
    sector outside the file)."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        fh.seek(0, 2)
        self.size = fh.tell()
        fh.seek(0)
        h = fh.read(512)
        if len(h) < 512 or h[:8] != OLE_MAGIC:
            raise ValueError("not a compound file")
        self.sector = 1 << struct.unpack_from("<H", h, 0x1E)[0]
        self.mini = 1 << struct.unpack_from("<H", h, 0x20)[0]
        if self.sector not in (512, 4096) or self.mini != 64:
            raise ValueError("unexpected sector size")
        n_fat, self.dir_start = struct.unpack_from("<II", h, 0x2C)
        self.cutoff, self.minifat_start, n_minifat, difat_next, n_difat = struct.unpack_from("<IIIII", h, 0x38)
        self.n_sectors = max(0, (self.size - self.sector) // self.sector + 1)
        fat_sectors = [s for s in struct.unpack_from("<109I", h, 0x4C) if s <= MAX_REGULAR]
        per = self.sector // 4
        seen: set[int] = set()
        while difat_next <= MAX_REGULAR and len(seen) < n_difat and difat_next not in seen:
            seen.add(difat_next)
            ids = struct.unpack(f"<{per}I", self._read(difat_next))
            fat_sectors.extend(s for s in ids[:-1] if s <= MAX_REGULAR)
            difat_next = ids[-1]
        self.fat = [x for s in fat_sectors[:n_fat] for x in struct.unpack(f"<{per}I", self._read(s))]
        self.minifat: list[int] | None = None
        self.n_minifat = n_minifat

    def _read(self, sid: int) -> bytes:
        if sid >= self.n_sectors:
            raise ValueError("sector outside the file")
        self.fh.seek((sid + 1) * self.sector)
        return self.fh.read(self.sector)

    def _chain(self, start: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        seen: set[int] = set()
        sid = start
        while sid <= MAX_REGULAR and len(out) < limit:
            if sid in seen or sid >= len(table):
                raise ValueError("broken sector chain")
            seen.add(sid)
            out.append(sid)
            sid = table[sid]
        return out

    def _stream(self, start: int, size: int) -> bytes:
        size = min(size, _MAX_STREAM)
        limit = size // self.sector + 2
        data = b"".join(self._read(s) for s in self._chain(start, self.fat, limit))
        return data[:size]

    def directory(self) -> list[tuple[str, int, int, int, int, int, int]]:
        """(name, type, left, right, child, start, size) of each directory entry."""
        raw = self._stream(self.dir_start, _MAX_DIRECTORY * 128)
        entries = []
        for off in range(0, len(raw) - 127, 128):
            e = raw[off:off + 128]
            length = min(struct.unpack_from("<H", e, 0x40)[0], 64)
            name = e[:max(length - 2, 0)].decode("utf-16-le", errors="replace")
            left, right, child = struct.unpack_from("<III", e, 0x44)
            start, size = struct.unpack_from("<IQ", e, 0x74)
            if self.sector == 512:
                size &= 0xFFFFFFFF  # version 3: the high half may be garbage
            entries.append((name, e[0x42], left, right, child, start, size))
        return entries

    def root_stream(self, name: str) -> bytes | None:
        """A stream directly under the root storage (not one of an embedded object's)."""
        entries = self.directory()
        if not entries:
            return None
        root_start, root_size = entries[0][5], entries[0][6]
        todo, seen = [entries[0][4]], set()
        while todo:
            i = todo.pop()
            if i >= len(entries) or i in seen:
                continue
            seen.add(i)
            n, kind, left, right, _, start, size = entries[i]
            if kind == 2 and n == name:
                if size < self.cutoff:
                    return self._mini_stream(root_start, root_size, start, size)
                return self._stream(start, size)
            todo += [left, right]
        return None

    def _mini_stream(self, root_start: int, root_size: int, start: int, size: int) -> bytes:
        if self.minifat is None:
            per = self.sector // 4
            ids = self._chain(self.minifat_start, self.fat, self.n_minifat + 1)
            self.minifat = [x for s in ids for x in struct.unpack(f"<{per}I", self._read(s))]
        chain = self._chain(start, self.minifat, size // self.mini + 2)
        container = self._chain(root_start, self.fat, root_size // self.sector + 2)
        out = bytearray()
        for m in chain:
            pos = m * self.mini
            sid = container[pos // self.sector] if pos // self.sector < len(container) else FREE
            block = self._read(sid)
            out += block[pos % self.sector:pos % self.sector + self.mini]
        return bytes(out[:size])


def _from_ole(fh: BinaryIO) -> dt.datetime | None:
    data = _Cfb(fh).root_stream(_SUMMARY)
    if not data or len(data) < 48:
        return None
    section = struct.unpack_from("<I", data, 44)[0]
    count = struct.unpack_from("<I", data, section + 4)[0]
    for i in range(min(count, 256)):
        pid, off = struct.unpack_from("<II", data, section + 8 + 8 * i)
        if pid == _PIDSI_LASTSAVE_DTM:
            vt, ticks = struct.unpack_from("<IQ", data, section + off)
            if vt != _VT_FILETIME or not ticks:
                return None
            utc = dt.datetime(1601, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=ticks // 10)
            return _plausible(_local(utc))
    return None
