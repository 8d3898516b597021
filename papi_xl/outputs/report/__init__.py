"""The draft Báo cáo (``papi-xl report``): :mod:`.data` computes what it says, :mod:`.draft` words it,
:mod:`.word` lays it out in the format of Nghị định 30/2020/NĐ-CP."""
