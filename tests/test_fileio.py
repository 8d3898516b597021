"""Files papi-xl writes get the permissions a normal file gets (colleagues on a shared folder can open
them); a file updated in place keeps its own mode, and so does its backup."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.fileio import atomic_path, atomic_write, backup
from papi_xl.samples import trung_trac_tasks, write_returned

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
runner = CliRunner()


@pytest.fixture
def umask():
    """Set the process umask for one test, restoring it after."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_(mask: int) -> None:
        os.umask(mask)

    yield set_
    os.umask(saved)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_umask_mode(tmp_path, umask, mask, expected):
    umask(mask)
    out = atomic_write(tmp_path / "a.xlsx", lambda p: p.write_bytes(b"data"))
    assert mode(out) == expected and out.read_bytes() == b"data"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]  # no temporary file left


def test_a_replaced_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "shared.xlsx"
    target.write_bytes(b"old")
    os.chmod(target, 0o664)
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".") and tmp.name.endswith(".tmp")
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o664


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_backup_keeps_the_mode_and_content(tmp_path):
    src = tmp_path / "xa.xlsx"
    src.write_bytes(b"content")
    os.chmod(src, 0o640)
    first, second = backup(src), backup(src)
    assert first != second and first.name.startswith("xa.bak-") and first.suffix == ".xlsx"
    for b in (first, second):
        assert b.read_bytes() == b"content" and mode(b) == 0o640


def test_validate_outputs_and_in_place_updates_are_readable_by_the_group(tmp_path, umask):
    umask(0o002)  # a shared folder's usual setting
    src = write_returned(tmp_path / "xa.xlsx", "Xã Trung Trắc", trung_trac_tasks()[:5])
    os.chmod(src, 0o664)
    result = runner.invoke(app, ["validate", str(src)])
    assert result.exit_code in (0, 1), result.output
    assert mode(tmp_path / "xa.kiem-tra.xlsx") == 0o664
    os.chmod(src, 0o660)
    result = runner.invoke(app, ["validate", str(src), "--in-place"])
    assert result.exit_code in (0, 1), result.output
    backups = list(tmp_path.glob("xa.bak-*.xlsx"))
    assert mode(src) == 0o660 and len(backups) == 1 and mode(backups[0]) == 0o660
    out = tmp_path / "tong-hop.xlsx"
    assert runner.invoke(app, ["merge", str(src), "-o", str(out)]).exit_code == 0
    assert mode(out) == 0o664
