"""Writing files safely: temp file in the same folder, fsync, atomic rename,
and backups before an in-place update."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over
    ``target`` atomically.  On any error (or Ctrl-C) the temp file is removed
    and ``target`` keeps its previous content."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write(target: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def backup(path: str | os.PathLike) -> Path:
    """Copy ``path`` to ``<name>.bak-YYYYmmdd-HHMMSS<ext>`` beside it."""
    path = Path(path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.stem}.bak-{stamp}{path.suffix}")
    n = 1
    while dest.exists():
        dest = path.with_name(f"{path.stem}.bak-{stamp}-{n}{path.suffix}")
        n += 1
    shutil.copy2(path, dest)
    return dest


def safe_filename(name: str, default: str = "tep") -> str:
    """A file name safe on Windows and POSIX: no separators, no reserved names."""
    name = _WINDOWS_FORBIDDEN.sub("_", name).strip(" .")
    name = name.replace("..", "_")
    if not name:
        name = default
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return name[:150]
