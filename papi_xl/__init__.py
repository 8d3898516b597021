"""papi-xl: the PAPI plan task matrix (Biểu tổng hợp nhiệm vụ) in Excel.

Workflow modules, one per step: :mod:`papi_xl.template` (write the canonical
workbook), :mod:`papi_xl.read`, :mod:`papi_xl.validate`, :mod:`papi_xl.rollup`,
:mod:`papi_xl.merge`, :mod:`papi_xl.report`.
"""

__version__ = "0.1.0"
