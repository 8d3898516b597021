"""``papi-xl new``: the canonical workbook, blank (or as .xlsm with the three buttons).

Kept apart from :mod:`papi_xl.api` so that writing a blank template imports neither pandas nor
pandera (a test checks): a district office creating forms waits for nothing else.
"""

from __future__ import annotations

from pathlib import Path

from papi_xl import messages as msg
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import load_catalog
from papi_xl.errors import UsageError
from papi_xl.outputs.template import write_workbook
from papi_xl.outputs.xlsm import write_macro_workbook


def new_workbook(output: str | Path, meta: Metadata, catalog: str = "hungyen-xa", macros: bool = False,
                 force: bool = False) -> Path:
    """Write the canonical workbook (``.xlsm`` with the three buttons when ``macros``); ``catalog`` may join
    index families ("papi+par+sipas")."""
    output = Path(output)
    cat = load_catalog(catalog)  # UsageError for an unknown key
    if output.exists() and not force:
        raise UsageError(msg.OUTPUT_EXISTS.format(path=output))
    if macros:
        return write_macro_workbook(output, meta, cat)
    return write_workbook(output, meta, cat)
