"""xlwings Lite (or xlwings Server) scripts: the same three buttons without a local Python.

Paste into the xlwings Lite editor (main.py) and put the URL of papi-xl's wheel
(``…/papi_xl-<version>-py3-none-any.whl``; papi-xl is not on PyPI) in requirements.txt; each
``@script`` function shows up as a button in the xlwings Lite task pane.  Not tried in xlwings
Lite yet (macros/README.md); the merge button needs a file system and does not work there.
"""

import xlwings as xw
from xlwings import script

import papi_xl.xl as papi


@script
def kiem_tra(book: xw.Book):
    """Kiểm tra: tô màu ô sai, làm mới sheet Kiểm tra."""
    papi.validate(book)


@script
def tong_hop(book: xw.Book):
    """Tổng hợp theo chỉ số, bên cạnh các công thức của sheet Tổng hợp."""
    papi.summarize(book)


@script
def tong_hop_cac_don_vi(book: xw.Book):
    """Tổng hợp các đơn vị (thư mục ghi ở sheet Thông tin; chỉ khi Python chạy trên máy có thư mục đó)."""
    papi.merge(book)
