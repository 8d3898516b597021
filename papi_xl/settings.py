"""Settings, resolved per call and passed down (nothing is read from the environment at import).

A returned workbook is untrusted input: :class:`Limits` bound what papi-xl will open (the README's
limits table).  :class:`Settings` adds how a merge runs.  The command line and the Excel buttons call
:meth:`Settings.from_env` once per command; library callers may build their own.

Environment variables (all optional): ``PAPI_XL_MAX_FILE_MB``, ``PAPI_XL_MAX_UNZIPPED_MB``,
``PAPI_XL_MAX_ROWS``, ``PAPI_XL_MAX_COLUMNS``, ``PAPI_XL_SPILL_MIN_FILES``, ``PAPI_XL_MP_START``,
``PAPI_XL_WORKERS``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits for one input file."""

    max_file_bytes: int = 100 * MB  # a task workbook is usually under 1 MB
    max_unzipped_bytes: int = 600 * MB  # a zip bomb inflates to gigabytes
    max_ratio: int = 200  # uncompressed / compressed, per part above 1 MB (Excel's XML compresses ~10:1)
    max_parts: int = 5000
    max_rows: int = 100_000  # calamine allocates rows x columns of a sheet's used range at once
    max_columns: int = 500

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        env = os.environ if environ is None else environ
        d = cls()
        return cls(
            max_file_bytes=_int(env, "PAPI_XL_MAX_FILE_MB", d.max_file_bytes // MB) * MB,
            max_unzipped_bytes=_int(env, "PAPI_XL_MAX_UNZIPPED_MB", d.max_unzipped_bytes // MB) * MB,
            max_rows=_int(env, "PAPI_XL_MAX_ROWS", d.max_rows),
            max_columns=_int(env, "PAPI_XL_MAX_COLUMNS", d.max_columns),
        )


@dataclass(frozen=True)
class Settings:
    """How papi-xl reads and merges."""

    limits: Limits = field(default_factory=Limits)
    # from this many input files a merge keeps task rows on disk until the summary is written
    # (memory stays bounded on a merge of every commune of the country)
    spill_min_files: int = 500
    # below this many files, starting worker processes costs more than it saves (measured: ~1 s)
    pool_min_files: int = 24
    workers: int | None = None  # None: min(2, cores)
    mp_start: str | None = None  # multiprocessing start method; None: forkserver where available, else spawn
    school_year_end: tuple[int, int] = (5, 31)  # "trong năm học" ends on this (month, day)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        d = cls()
        workers = _int(env, "PAPI_XL_WORKERS", 0)
        return cls(
            limits=Limits.from_env(env),
            spill_min_files=_int(env, "PAPI_XL_SPILL_MIN_FILES", d.spill_min_files),
            pool_min_files=d.pool_min_files,
            workers=workers or None,
            mp_start=env.get("PAPI_XL_MP_START") or None,
        )

    def with_limits(self, limits: Limits) -> Settings:
        return replace(self, limits=limits)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name, default))
    except ValueError:
        return default
