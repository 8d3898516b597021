"""Writing files safely: temp file in the same folder, fsync, atomic rename,
and backups before an in-place update."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over
    ``target`` atomically.  On any error (or Ctrl-C) the temp file is removed
    and ``target`` keeps its previous content.

    The result gets the permissions a file the user creates gets (0666 less the umask, and the
    folder's default ACL), so colleagues sharing the folder can open it; a file replaced in place
    (``--in-place``, a summary written again) keeps its own mode."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = _new_temp(target)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        _keep_mode(target, tmp_path)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _new_temp(target: Path) -> Path:
    """An empty new file beside ``target``, created as open() creates files (mode 0666 & ~umask),
    unlike tempfile.mkstemp (always 0600)."""
    for _ in range(100):
        tmp = target.with_name(f".{target.stem}.{secrets.token_hex(4)}{target.suffix}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {target}")


def _keep_mode(target: Path, tmp: Path) -> None:
    """The replaced file's permission bits, when there is one."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    with contextlib.suppress(OSError):  # a file system without modes (FAT, some shares)
        os.chmod(tmp, mode)


def atomic_write(target: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def backup(path: str | os.PathLike) -> Path:
    """Copy ``path`` to ``<name>.bak-YYYYmmdd-HHMMSS<ext>`` beside it (same content, mode and times)."""
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
