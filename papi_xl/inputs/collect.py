"""The inputs of a merge: files, folders (recursive) and globs expanded to the list of files, how each
is shown (its path relative to the folder given), and when each was saved (the document's own date,
then the file time)."""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.errors import UnreadableInput


def collect(inputs: Iterable[str | Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files, folders (recursive) and globs -> sorted unique file paths."""
    excluded = {Path(p).resolve() for p in exclude}
    found: list[Path] = []
    for item in inputs:
        item = str(item)
        paths = [Path(p) for p in sorted(glob.glob(item, recursive=True))] if glob.has_magic(item) else [Path(item)]
        if not paths:
            raise UnreadableInput(msg.NOT_FOUND_PATTERN.format(pattern=item), "not-found")
        for p in paths:
            if p.is_dir():
                for root, dirs, files in os.walk(p):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        if not name.startswith("."):
                            found.append(Path(root) / name)
            elif p.exists():
                found.append(p)
            else:
                raise UnreadableInput(msg.NOT_FOUND.format(path=p), "not-found")
    unique, seen = [], set()
    for p in found:
        r = p.resolve()
        if r in seen or r in excluded or ".bak-" in p.name or p.name.endswith(".tmp"):
            continue
        seen.add(r)
        unique.append(p)
    return unique


def workbook_date(path: Path) -> dt.datetime | None:
    """The workbook's own save date (docProps/core.xml or ODS meta.xml)."""
    try:
        with zipfile.ZipFile(path) as zf:
            for name, pattern in (("docProps/core.xml", rb"<dcterms:modified[^>]*>([^<]+)<"),
                                  ("meta.xml", rb"<dc:date>([^<]+)<")):
                if name in zf.namelist():
                    m = re.search(pattern, zf.read(name)[:20000])
                    if m:
                        text = m.group(1).decode().strip().rstrip("Z")
                        return dt.datetime.fromisoformat(text[:19])
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def file_time(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        return None


def display_name(path: Path, roots: list[Path]) -> str:
    for root in roots:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.name
