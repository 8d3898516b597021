"""The inputs of a merge: files, folders (recursive) and globs expanded to the list of files, how each
is shown (its path relative to the folder given) and its file time.

Every file found is returned, lock files, backups and papi-xl's own outputs included: the merge lists
those as skipped (:func:`papi_xl.pipeline.load.triage`) instead of hiding them.  Only hidden folders
(``.git``, ``.Trash``...) are not entered.  The document's own saved date is
:func:`papi_xl.inputs.docdate.saved_date`.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
from collections.abc import Iterable
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.errors import UnreadableInput


def collect(inputs: Iterable[str | Path]) -> list[Path]:
    """Files, folders (recursive) and globs -> file paths in order, each once."""
    found: list[Path] = []
    for item in inputs:
        item = str(item)
        paths = [Path(p) for p in sorted(glob.glob(item, recursive=True))] if glob.has_magic(item) else [Path(item)]
        if not paths:
            raise UnreadableInput(msg.NOT_FOUND_PATTERN.format(pattern=item), "not-found")
        for p in paths:
            if p.is_dir():
                found.extend(_walk(p))
            elif p.exists():
                found.append(p)
            else:
                raise UnreadableInput(msg.NOT_FOUND.format(path=p), "not-found")
    unique, seen = [], set()
    for p in found:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique


def _walk(folder: Path) -> list[Path]:
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(root) / name for name in sorted(files))
    return out


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
