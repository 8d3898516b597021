"""papi-xl: the task matrix (Biểu tổng hợp nhiệm vụ) of a commune's plan to raise the PAPI index, in Excel.

For a data analyst, two lines::

    import papi_xl
    report = papi_xl.check("xa-trung-trac.xlsx")                      # .ok, .findings, .tasks, .rollup
    with papi_xl.check_folder("tra-ve/", expected="don-vi.csv") as f:  # .register, .tasks, .findings
        ...

The workflow, one module per step: :mod:`papi_xl.outputs.template` (write the canonical workbook),
:mod:`papi_xl.inputs.read`, :mod:`papi_xl.rules.validate`, :mod:`papi_xl.pipeline.rollup`,
:mod:`papi_xl.pipeline.merge`, :mod:`papi_xl.outputs.report`; ARCHITECTURE.md says where each rule lives.
"""

from __future__ import annotations

from typing import Any

from papi_xl.version import __version__

__all__ = ["FileReport", "FolderReport", "__version__", "check", "check_folder"]


def __getattr__(name: str) -> Any:
    """The public API is loaded on first use: ``import papi_xl.new`` (a blank form) stays free of pandas."""
    if name in ("FileReport", "FolderReport", "check", "check_folder"):
        from papi_xl import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module 'papi_xl' has no attribute {name!r}")
