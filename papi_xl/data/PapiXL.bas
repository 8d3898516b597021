Attribute VB_Name = "PapiXL"
' papi-xl: three buttons for the PAPI task matrix (Bieu tong hop nhiem vu).
' Needs Python with papi-xl and the xlwings add-in (see macros/README.md).
' Attach each Sub to a button: right-click the button > Assign Macro.
Option Explicit

' Button "Kiem tra": colour the faulty cells, refresh the "Kiem tra" sheet.
Sub KiemTra()
    RunPython "import papi_xl.xl; papi_xl.xl.validate()"
End Sub

' Button "Tong hop": roll-up per content index next to the live formulas.
Sub TongHop()
    RunPython "import papi_xl.xl; papi_xl.xl.summarize()"
End Sub

' Button "Tong hop cac don vi": merge the folder named on the "Thong tin" sheet.
Sub TongHopCacDonVi()
    RunPython "import papi_xl.xl; papi_xl.xl.merge()"
End Sub
