"""Build a VBA project (``vbaProject.bin``) from VBA source, without Office.

Three small, published formats:

* [MS-OVBA] 2.4.1 compression of the ``dir`` stream and each module's source;
* [MS-OVBA] 2.3.4 the ``dir`` stream records, the ``PROJECT`` and
  ``PROJECTwm`` streams, 2.4.3 the "data encryption" of the protection state
  (``CMG``/``DPB``/``GC``: unprotected, visible);
* [MS-CFB] version 3 compound file (512-byte sectors, mini stream for
  streams under 4096 bytes).

``_VBA_PROJECT`` declares version 0xFFFF, so Office compiles the modules from
their source on first open (no cached p-code is written).  Verified here by
round-trips with olefile and oletools (tests); a first check in real Excel is
still needed (README).
"""

from __future__ import annotations

import random
import struct
import uuid
from dataclasses import dataclass

# -- [MS-OVBA] 2.4.1 compression --------------------------------------------------------------
CHUNK = 4096


def _copy_token_help(difference: int) -> tuple[int, int, int]:
    """(length mask, offset mask, bit count, maximum length) for a position in a chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    length_mask = 0xFFFF >> bit_count
    return length_mask, bit_count, length_mask + 3


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}  # earlier positions by their next three bytes
    pos = 0
    n = len(data)

    done = 0  # positions indexed in ``seen`` so far

    def remember(upto: int) -> None:
        nonlocal done
        for p in range(done, upto):
            if p + 3 <= n:
                seen.setdefault(data[p:p + 3], []).append(p)
        done = max(done, upto)

    while pos < n:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            remember(pos)
            best_len = best_off = 0
            if pos > 0 and pos + 3 <= n:
                _, bit_count, max_len = _copy_token_help(pos)
                limit = min(max_len, n - pos)
                max_off = 1 << (16 - bit_count)
                for cand in reversed(seen.get(data[pos:pos + 3], ())):
                    if pos - cand > max_off:
                        break
                    length = 3
                    while length < limit and data[cand + length] == data[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= 3:
                _, bit_count, _ = _copy_token_help(pos)
                out += struct.pack("<H", ((best_off - 1) << (16 - bit_count)) | (best_len - 3))
                flags |= 1 << bit
                pos += best_len
            else:
                out.append(data[pos])
                pos += 1
        out[flag_index] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """MS-OVBA CompressedContainer: 0x01, then one chunk per 4096 bytes."""
    out = bytearray(b"\x01")
    for i in range(0, max(len(data), 1), CHUNK):
        chunk = data[i:i + CHUNK]
        packed = _compress_chunk(chunk)
        if len(packed) > CHUNK and len(chunk) == CHUNK:
            header = 0x3000 | (CHUNK + 2 - 3)  # raw chunk: flag 0, exactly 4096 bytes
            out += struct.pack("<H", header) + chunk
        else:
            header = 0xB000 | (len(packed) + 2 - 3)  # compressed: flag 1, signature 0b011
            out += struct.pack("<H", header) + packed
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The inverse of :func:`compress` (for tests and for reading)."""
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos < len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        size = (header & 0x0FFF) + 3
        compressed = bool(header & 0x8000)
        chunk = data[pos + 2:pos + size]
        pos += size
        start = len(out)
        if not compressed:
            out += chunk
            continue
        i = 0
        while i < len(chunk):
            flags = chunk[i]
            i += 1
            for bit in range(8):
                if i >= len(chunk):
                    break
                if flags & (1 << bit):
                    token = struct.unpack_from("<H", chunk, i)[0]
                    i += 2
                    difference = len(out) - start
                    length_mask, bit_count, _ = _copy_token_help(difference)
                    length = (token & length_mask) + 3
                    offset = (token >> (16 - bit_count)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(chunk[i])
                    i += 1
    return bytes(out)


# -- [MS-OVBA] 2.4.3 data encryption (project protection state) -------------------------------
def encrypt(data: bytes, project_id: str, seed: int | None = None) -> str:
    rnd = random.Random(seed)
    seed_byte = rnd.randrange(256)
    version = 2
    project_key = sum(project_id.encode("ascii")) & 0xFF
    version_enc = seed_byte ^ version
    key_enc = seed_byte ^ project_key
    out = bytearray([seed_byte, version_enc, key_enc])
    unencrypted_1, encrypted_1, encrypted_2 = project_key, key_enc, version_enc
    ignored = (seed_byte & 6) // 2
    payload = bytes(rnd.randrange(256) for _ in range(ignored)) + struct.pack("<I", len(data)) + data
    for byte in payload:
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    return out.hex().upper()


# -- the project ----------------------------------------------------------------------------------
DOC_BASE_WORKBOOK = "0{00020819-0000-0000-C000-000000000046}"
DOC_BASE_SHEET = "0{00020820-0000-0000-C000-000000000046}"


@dataclass(frozen=True)
class Module:
    name: str
    source: str  # VBA source with its Attribute lines
    document: bool = False  # ThisWorkbook / sheet modules


def document_module(name: str, base: str) -> Module:
    source = "\r\n".join((
        f'Attribute VB_Name = "{name}"', f'Attribute VB_Base = "{base}"', "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False", "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True", ""))
    return Module(name, source, document=True)


def _record(rid: int, payload: bytes) -> bytes:
    return struct.pack("<HI", rid, len(payload)) + payload


def _dir_stream(modules: list[Module], codepage: int = 1252) -> bytes:
    enc = lambda s: s.encode("cp1252")  # noqa: E731
    uni = lambda s: s.encode("utf-16-le")  # noqa: E731
    d = bytearray()
    d += _record(0x0001, struct.pack("<I", 1))  # SYSKIND: Win32
    d += _record(0x0002, struct.pack("<I", 0x0409))  # LCID
    d += _record(0x0014, struct.pack("<I", 0x0409))  # LCIDINVOKE
    d += _record(0x0003, struct.pack("<H", codepage))  # CODEPAGE
    d += _record(0x0004, enc("VBAProject"))  # NAME
    d += _record(0x0005, b"") + _record(0x0040, b"")  # DOCSTRING (+ unicode)
    d += _record(0x0006, b"") + _record(0x003D, b"")  # HELPFILEPATH 1 and 2
    d += _record(0x0007, struct.pack("<I", 0))  # HELPCONTEXT
    d += _record(0x0008, struct.pack("<I", 0))  # LIBFLAGS
    d += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # VERSION: reserved 4, major, minor
    d += _record(0x000C, b"") + _record(0x003C, b"")  # CONSTANTS (+ unicode)
    d += _record(0x000F, struct.pack("<H", len(modules)))  # MODULES count
    d += _record(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        d += _record(0x0019, enc(m.name))  # MODULENAME
        d += _record(0x0047, uni(m.name))  # MODULENAMEUNICODE
        d += _record(0x001A, enc(m.name)) + _record(0x0032, uni(m.name))  # STREAMNAME (+ unicode)
        d += _record(0x001C, b"") + _record(0x0048, b"")  # DOCSTRING (+ unicode)
        d += _record(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source starts at 0
        d += _record(0x001E, struct.pack("<I", 0))  # HELPCONTEXT
        d += _record(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        d += struct.pack("<HI", 0x0022 if m.document else 0x0021, 0)  # MODULETYPE
        d += struct.pack("<HI", 0x002B, 0)  # module terminator
    d += struct.pack("<HI", 0x0010, 0)  # dir terminator
    return bytes(d)


def _project_stream(modules: list[Module], project_id: str, seed: int) -> bytes:
    lines = [f'ID="{project_id}"']
    for m in modules:
        lines.append(f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}")
    unprotected = encrypt(struct.pack("<I", 0), project_id, seed)
    no_password = encrypt(bytes([0]), project_id, seed + 1)
    visible = encrypt(bytes([0xFF]), project_id, seed + 2)
    lines += ['Name="VBAProject"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{unprotected}"', f'DPB="{no_password}"', f'GC="{visible}"',
              "", "[Host Extender Info]", "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
              "", "[Workspace]"]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _projectwm_stream(modules: list[Module]) -> bytes:
    out = bytearray()
    for m in modules:
        out += m.name.encode("cp1252") + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def build_project(modules: list[Module], seed: int = 1) -> bytes:
    """vbaProject.bin bytes for these modules (deterministic for a given seed)."""
    project_id = "{" + str(uuid.UUID(int=random.Random(seed).getrandbits(128))).upper() + "}"
    vba = {
        "_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
        "dir": compress(_dir_stream(modules)),
        **{m.name: compress(m.source.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252")) for m in modules},
    }
    tree = {"PROJECT": _project_stream(modules, project_id, seed), "PROJECTwm": _projectwm_stream(modules),
            "VBA": vba}
    return write_cfb(tree)


# -- [MS-CFB] version 3 writer ----------------------------------------------------------------------
SECTOR, MINI, CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _cfb_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def write_cfb(tree: dict) -> bytes:
    """A compound file from a tree {name: bytes | {name: ...}} (a dict is a storage)."""
    entries = _entries(tree)
    for e in entries:
        if e["children"]:
            e["child"] = _balance(entries, e["children"])
    mini, minifat, big = _mini_stream(entries)
    dir_secs = _sectors(len(entries) * 128)
    minifat_secs = _sectors(len(minifat) * 4)
    mini_secs = _sectors(len(mini))
    big_secs = [_sectors(len(entries[i]["data"])) for i in big]
    fat_secs = 1
    while fat_secs * (SECTOR // 4) < dir_secs + minifat_secs + mini_secs + sum(big_secs) + fat_secs:
        fat_secs += 1
    if fat_secs > 109:
        raise ValueError("compound file too large for this writer (no DIFAT)")
    # sector layout after the header: FAT, directory, MiniFAT, mini stream, big streams
    fat = [FATSECT] * fat_secs
    dir_start = _chain(fat, dir_secs)
    minifat_start = _chain(fat, minifat_secs)
    mini_start = _chain(fat, mini_secs)
    entries[0]["start"] = mini_start if mini else ENDOFCHAIN
    entries[0]["size"] = len(mini)
    for i, count in zip(big, big_secs, strict=True):
        entries[i]["start"] = _chain(fat, count)
    fat += [FREESECT] * (fat_secs * (SECTOR // 4) - len(fat))
    header = _header(fat_secs, dir_start, minifat_start if minifat else ENDOFCHAIN, minifat_secs)
    body = bytearray(struct.pack(f"<{len(fat)}I", *fat))
    body += _pad(_directory(entries) + b"".join(_empty_dir() for _ in range(dir_secs * 4 - len(entries))), dir_secs)
    if minifat:
        slots = minifat_secs * SECTOR // 4
        body += struct.pack(f"<{slots}I", *(minifat + [FREESECT] * (slots - len(minifat))))
    body += _pad(bytes(mini), mini_secs)
    for i, count in zip(big, big_secs, strict=True):
        body += _pad(entries[i]["data"], count)
    return bytes(header) + bytes(body)


def _entries(tree: dict) -> list[dict]:
    """Directory entries, depth first: the root, storages (type 1) and streams (type 2)."""
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "data": b"", "children": []}]

    def add(storage_index: int, items: dict) -> None:
        for name, value in items.items():
            storage = isinstance(value, dict)
            entries.append({"name": name, "type": 1 if storage else 2, "data": b"" if storage else value,
                            "children": []})
            entries[storage_index]["children"].append(len(entries) - 1)
            if storage:
                add(len(entries) - 1, value)

    add(0, tree)
    for e in entries:
        e.update(left=NOSTREAM, right=NOSTREAM, child=NOSTREAM, start=ENDOFCHAIN, size=0)
    return entries


def _balance(entries: list[dict], indices: list[int]) -> int:
    """A balanced red-black tree (all black) of a storage's children, by MS-CFB's name order."""
    if not indices:
        return NOSTREAM
    indices = sorted(indices, key=lambda i: _cfb_key(entries[i]["name"]))
    mid = len(indices) // 2
    root = indices[mid]
    entries[root]["left"] = _balance(entries, indices[:mid])
    entries[root]["right"] = _balance(entries, indices[mid + 1:])
    return root


def _mini_stream(entries: list[dict]) -> tuple[bytearray, list[int], list[int]]:
    """Every stream under the cutoff in 64-byte mini sectors: (mini stream, MiniFAT, big streams' entries)."""
    mini = bytearray()
    minifat: list[int] = []
    big: list[int] = []
    for i, e in enumerate(entries):
        if e["type"] != 2:
            continue
        e["size"] = len(e["data"])
        if e["size"] == 0:
            e["start"] = ENDOFCHAIN
        elif e["size"] < CUTOFF:
            first = len(mini) // MINI
            count = -(-e["size"] // MINI)
            mini += e["data"] + b"\x00" * (count * MINI - e["size"])
            minifat += list(range(first + 1, first + count)) + [ENDOFCHAIN]
            e["start"] = first
        else:
            big.append(i)
    return mini, minifat, big


def _sectors(nbytes: int) -> int:
    return -(-nbytes // SECTOR)


def _chain(fat: list[int], count: int) -> int:
    """Append a chain of ``count`` sectors to the FAT; returns its first sector (ENDOFCHAIN when empty)."""
    if count == 0:
        return ENDOFCHAIN
    start = len(fat)
    fat.extend(list(range(start + 1, start + count)) + [ENDOFCHAIN])
    return start


def _header(fat_secs: int, dir_start: int, minifat_start: int, minifat_secs: int) -> bytearray:
    header = bytearray(SECTOR)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, fat_secs, dir_start, 0, CUTOFF, minifat_start, minifat_secs,
                     ENDOFCHAIN)
    struct.pack_into("<I", header, 72, 0)  # number of DIFAT sectors
    difat = list(range(fat_secs)) + [FREESECT] * (109 - fat_secs)
    struct.pack_into("<109I", header, 76, *difat)
    return header


def _directory(entries: list[dict]) -> bytes:
    out = bytearray()
    for e in entries:
        name = e["name"].encode("utf-16-le") + b"\x00\x00"
        rec = bytearray(128)
        rec[0:len(name)] = name
        struct.pack_into("<HBB", rec, 64, len(name), e["type"], 1)  # colour: black
        struct.pack_into("<III", rec, 68, e["left"], e["right"], e["child"])
        struct.pack_into("<II", rec, 116, e["start"] if e["type"] != 1 else 0, e["size"])
        out += rec
    return bytes(out)


def _pad(data: bytes, count: int) -> bytes:
    return data + b"\x00" * (count * SECTOR - len(data))


def _empty_dir() -> bytes:
    rec = bytearray(128)
    struct.pack_into("<III", rec, 68, NOSTREAM, NOSTREAM, NOSTREAM)
    return bytes(rec)
