Attribute VB_Name = "PapiXL"
' papi-xl: three buttons for the PAPI task matrix (Bieu tong hop nhiem vu).
' Each button runs one function of papi_xl.xl through RunPython of the xlwings
' add-in (xlwings.xlam, installed by "py -m xlwings.cli addin install"). The call
' goes through Application.Run, so this project needs no reference to the add-in
' and nobody has to open the VBA editor (see macros/README.md).
' Before the first call of an Excel session the module checks, on Windows, that
' the interpreter the add-in will use exists and has papi-xl and xlwings; what is
' missing is explained in a Vietnamese message box.
' This source is stored in the ANSI code page, so it stays ASCII: Vietnamese text
' is written with \uXXXX escapes, decoded by Utf() and shown with WScript.Shell
' Popup (Windows) or, accent-free, with MsgBox (macOS).
Option Explicit

' The add-in's workbook and its public RunPython (module Main of xlwings.xlam).
Private Const ADDIN_BOOK As String = "xlwings.xlam"
Private Const RUN_PYTHON As String = "'xlwings.xlam'!RunPython"
Private Const TITLE As String = "papi-xl"
' Exit codes of the pre-flight probe (see Probe).
Private Const PROBE_NOT_FOUND As Long = -1
Private Const PROBE_NO_XLWINGS As Long = 11
Private Const PROBE_NO_PAPI As Long = 12
Private Const STORE_ALIAS As Long = 9009  ' the Windows "python" stub when Python is not installed
' Base letters of U+00C0..U+00FF, U+0100..U+01B0, U+1EA0..U+1EF9 (accent-free text for macOS).
Private Const FOLD_C0 As String = "AAAAAA?CEEEEIIII?NOOOOO??UUUUY??aaaaaa?ceeeeiiii?nooooo??uuuuy?y"
Private Const FOLD_100 As String = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHh??IiIiIiIiI???JjKk?LlLlLl????NnNnNn???" & _
    "OoOoOo??RrRrRrSsSsSsSsTtTt??UuUuUuUuUuUuWwYyYZzZzZz?????????????????????????????????Oo?????????????Uu"
Private Const FOLD_1EA0 As String = "AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy"

Private mReady As Boolean   ' the pre-flight passed in this Excel session
Private mPython As String   ' the interpreter the add-in uses ("" when unknown)

' Button "Kiem tra": colour the faulty cells, refresh the "Kiem tra" sheet.
Public Sub KiemTra()
    RunPapi "import papi_xl.xl; papi_xl.xl.validate()"
End Sub

' Button "Tong hop": roll-up per content index next to the live formulas.
Public Sub TongHop()
    RunPapi "import papi_xl.xl; papi_xl.xl.summarize()"
End Sub

' Button "Tong hop cac don vi": merge the folder named on the "Thong tin" sheet.
Public Sub TongHopCacDonVi()
    RunPapi "import papi_xl.xl; papi_xl.xl.merge()"
End Sub

' Run one line of Python with the add-in's RunPython, or explain what is missing.
Private Sub RunPapi(ByVal pythonCode As String)
    Dim loaded As Boolean, num As Long, desc As String
    If Not mReady Then
        If Not PythonReady() Then Exit Sub
        mReady = True
    End If
    loaded = AddinLoaded()
    On Error GoTo failed
    Application.Run RUN_PYTHON, pythonCode
    Exit Sub
failed:
    num = Err.Number
    desc = Err.Description
    On Error GoTo 0
    If loaded Then
        Notify MsgRunFailed(num, desc)
    Else
        Notify MsgNoAddin()
    End If
End Sub

' True when the add-in's workbook is open (add-ins are not listed in Workbooks but
' can be looked up there by name).
Private Function AddinLoaded() As Boolean
    Dim wb As Object
    On Error Resume Next
    Set wb = Workbooks(ADDIN_BOOK)
    AddinLoaded = Not (wb Is Nothing)
End Function

' Windows: check once per session that the add-in's interpreter runs and has papi-xl
' and xlwings, as the add-in will find it (xlwings.conf next to the workbook, then
' %USERPROFILE%\.xlwings\xlwings.conf, else "python" on the PATH). macOS: no check.
Private Function PythonReady() As Boolean
#If Mac Then
    PythonReady = True
#Else
    Dim wsh As Object, exe As String, rc As Long
    On Error Resume Next
    Set wsh = CreateObject("WScript.Shell")
    On Error GoTo 0
    If wsh Is Nothing Then
        PythonReady = True  ' scripting blocked by policy: let the add-in report problems
        Exit Function
    End If
    If Setting(wsh, "CONDA PATH") <> "" Then
        PythonReady = True  ' conda environments are activated by the add-in itself
        Exit Function
    End If
    exe = Setting(wsh, "INTERPRETER_WIN")
    If exe = "" Then exe = Setting(wsh, "INTERPRETER")
    If exe = "" Then exe = "python"
    mPython = exe
    If InStr(exe, "\") > 0 And Not FileExists(exe) Then
        Notify MsgConfigured(exe)
        Exit Function
    End If
    rc = Probe(wsh, exe)
    Select Case rc
        Case 0
            PythonReady = True
        Case PROBE_NOT_FOUND, STORE_ALIAS
            mPython = ""
            Notify MsgNoPython()
        Case PROBE_NO_PAPI
            Notify MsgNoPapi(exe)
        Case PROBE_NO_XLWINGS
            Notify MsgNoXlwings(exe)
        Case Else
            Notify MsgProbeFailed(exe, rc)
    End Select
#End If
End Function

' Exit code of: python -c "<is papi_xl.xl there? is xlwings there?>" (hidden window, waits).
Private Function Probe(ByVal wsh As Object, ByVal exe As String) As Long
    Dim cmd As String
    cmd = Quoted(exe) & " -c " & Chr(34) & "import sys, importlib.util as u; sys.exit(" & _
        "12 if u.find_spec('papi_xl') is None or u.find_spec('papi_xl.xl') is None " & _
        "else 11 if u.find_spec('xlwings') is None else 0)" & Chr(34)
    On Error GoTo missing
    Probe = wsh.Run(cmd, 0, True)
    Exit Function
missing:
    Probe = PROBE_NOT_FOUND
End Function

' An xlwings setting as RunPython reads it on Windows (directory file, then user file).
Private Function Setting(ByVal wsh As Object, ByVal key As String) As String
    Dim found As String
    If ActiveWorkbook.Path <> "" Then
        If ConfValue(ActiveWorkbook.Path & "\xlwings.conf", key, found) Then
            Setting = wsh.ExpandEnvironmentStrings(found)
            Exit Function
        End If
    End If
    If ConfValue(Environ$("USERPROFILE") & "\.xlwings\xlwings.conf", key, found) Then
        Setting = wsh.ExpandEnvironmentStrings(found)
    End If
End Function

' Read "KEY","value" lines (the format xlwings writes) and return the value of key.
Private Function ConfValue(ByVal path As String, ByVal key As String, ByRef found As String) As Boolean
    Dim f As Integer, k As String, v As String
    If Not FileExists(path) Then Exit Function
    On Error GoTo done
    f = FreeFile
    Open path For Input As #f
    Do While Not EOF(f)
        Input #f, k, v
        If LCase$(k) = LCase$(key) Then
            found = v
            ConfValue = True
            Exit Do
        End If
    Loop
done:
    Close #f
End Function

Private Function FileExists(ByVal path As String) As Boolean
    Dim attr As Long
    On Error Resume Next
    attr = GetAttr(path)
    If Err.Number = 0 Then FileExists = ((attr And vbDirectory) = 0)
End Function

Private Function Quoted(ByVal exe As String) As String
    If InStr(exe, " ") > 0 Then
        Quoted = Chr(34) & exe & Chr(34)
    Else
        Quoted = exe
    End If
End Function

' How to call the add-in's Python in a Command Prompt (for the messages).
Private Function PyCmd() As String
    If mPython = "" Then
#If Mac Then
        PyCmd = "python3"
#Else
        PyCmd = "py"
#End If
    ElseIf LCase$(mPython) = "python" Or LCase$(mPython) = "pythonw" Then
        PyCmd = "python"
    ElseIf LCase$(Right$(mPython, 12)) = "\pythonw.exe" Then
        PyCmd = Quoted(Left$(mPython, Len(mPython) - 12) & "\python.exe")
    Else
        PyCmd = Quoted(mPython)
    End If
End Function

' A message box that shows Vietnamese: WScript.Shell Popup on Windows (no Declare, so nothing
' differs between 32- and 64-bit Office); MsgBox without accents on macOS or when scripting is blocked.
Private Sub Notify(ByVal message As String)
    Dim wsh As Object
#If Mac Then
    MsgBox Plain(message), vbExclamation, TITLE
#Else
    On Error Resume Next
    Set wsh = CreateObject("WScript.Shell")
    On Error GoTo 0
    If wsh Is Nothing Then
        MsgBox Plain(message), vbExclamation, TITLE
    Else
        wsh.Popup message, 0, TITLE, vbExclamation  ' as the add-in shows Python errors
    End If
#End If
End Sub

' Decode "\uXXXX" (one UTF-16 unit) and "\n" (a line break) in an ASCII literal.
Private Function Utf(ByVal s As String) As String
    Dim i As Long, out As String
    i = InStr(s, "\")
    Do While i > 0
        If Mid$(s, i + 1, 1) = "n" Then
            out = out & Left$(s, i - 1) & vbCrLf
            s = Mid$(s, i + 2)
        Else
            out = out & Left$(s, i - 1) & ChrW(CLng("&H" & Mid$(s, i + 2, 4)))
            s = Mid$(s, i + 6)
        End If
        i = InStr(s, "\")
    Loop
    Utf = out & s
End Function

' The text with every letter reduced to its base letter (MsgBox on macOS shows ANSI only).
Private Function Plain(ByVal s As String) As String
    Dim i As Long, c As Long, out As String
    For i = 1 To Len(s)
        c = AscW(Mid$(s, i, 1)) And &HFFFF&
        If c < 128 Then
            out = out & Mid$(s, i, 1)
        Else
            out = out & Fold(c)
        End If
    Next i
    Plain = out
End Function

Private Function Fold(ByVal c As Long) As String
    Select Case c
        Case &HC0& To &HFF&
            Fold = Mid$(FOLD_C0, c - &HC0& + 1, 1)
        Case &H100& To &H1B0&
            Fold = Mid$(FOLD_100, c - &H100& + 1, 1)
        Case &H1EA0& To &H1EF9&
            Fold = Mid$(FOLD_1EA0, c - &H1EA0& + 1, 1)
        Case Else
            Fold = "?"
    End Select
End Function

' -- messages (Vietnamese, \u-escaped) ------------------------------------------------
Private Function MsgNoPython() As String
    Dim t As String
    t = Utf("Kh\u00F4ng t\u00ECm th\u1EA5y Python tr\u00EAn m\u00E1y n\u00E0y, n\u00EAn n\u00FAt ch\u01B0a ch\u1EA1y \u0111\u01B0\u1EE3c.\n")
    t = t & Utf("\n")
    t = t & Utf("C\u00E1ch s\u1EEDa (l\u00E0m m\u1ED9t l\u1EA7n):\n")
    t = t & Utf("1. C\u00E0i Python 3.11 tr\u1EDF l\u00EAn t\u1EEB https://www.python.org/downloads/ (khi c\u00E0i, t\u00EDch \u00F4 'Add python.exe to PATH').\n")
    t = t & Utf("2. M\u1EDF Command Prompt, ch\u1EA1y l\u1EA7n l\u01B0\u1EE3t hai l\u1EC7nh:\n")
    t = t & Utf("     py -m pip install <t\u1EC7p c\u00E0i \u0111\u1EB7t papi-xl .whl>\n")
    t = t & Utf("     py -m xlwings.cli addin install\n")
    t = t & Utf("3. \u0110\u00F3ng h\u1EB3n Excel (m\u1ECDi c\u1EEDa s\u1ED5) r\u1ED3i m\u1EDF l\u1EA1i t\u1EC7p n\u00E0y.\n")
    t = t & Utf("H\u01B0\u1EDBng d\u1EABn \u0111\u1EA7y \u0111\u1EE7: macros/README.md trong b\u1ED9 c\u00E0i papi-xl.")
    MsgNoPython = t
End Function

Private Function MsgConfigured(ByVal exe As String) As String
    Dim t As String
    t = Utf("Add-in xlwings \u0111\u01B0\u1EE3c \u0111\u1EB7t d\u00F9ng Python t\u1EA1i:\n")
    t = t & Utf("     ")
    t = t & exe
    t = t & Utf("\n")
    t = t & Utf("nh\u01B0ng kh\u00F4ng c\u00F3 t\u1EC7p n\u00E0y (Python \u0111\u00E3 b\u1ECB g\u1EE1 ho\u1EB7c chuy\u1EC3n ch\u1ED7).\n")
    t = t & Utf("\n")
    t = t & Utf("C\u00E1ch s\u1EEDa:\n")
    t = t & Utf("1. C\u00E0i l\u1EA1i Python 3.11 tr\u1EDF l\u00EAn v\u00E0 papi-xl (py -m pip install <t\u1EC7p c\u00E0i \u0111\u1EB7t papi-xl .whl>).\n")
    t = t & Utf("2. M\u1EDF Command Prompt, ch\u1EA1y l\u1EA7n l\u01B0\u1EE3t hai l\u1EC7nh:\n")
    t = t & Utf("     py -m xlwings.cli config create --force\n")
    t = t & Utf("     py -m xlwings.cli addin install\n")
    t = t & Utf("3. \u0110\u00F3ng h\u1EB3n Excel (m\u1ECDi c\u1EEDa s\u1ED5) r\u1ED3i m\u1EDF l\u1EA1i t\u1EC7p n\u00E0y.\n")
    t = t & Utf("H\u01B0\u1EDBng d\u1EABn \u0111\u1EA7y \u0111\u1EE7: macros/README.md trong b\u1ED9 c\u00E0i papi-xl.")
    MsgConfigured = t
End Function

Private Function MsgNoPapi(ByVal exe As String) As String
    Dim t As String
    t = Utf("M\u00E1y \u0111\u00E3 c\u00F3 Python nh\u01B0ng Python n\u00E0y ch\u01B0a c\u00E0i papi-xl:\n")
    t = t & Utf("     ")
    t = t & exe
    t = t & Utf("\n")
    t = t & Utf("\n")
    t = t & Utf("C\u00E1ch s\u1EEDa: m\u1EDF Command Prompt, ch\u1EA1y l\u1EA7n l\u01B0\u1EE3t hai l\u1EC7nh:\n")
    t = t & Utf("     ")
    t = t & PyCmd()
    t = t & Utf(" -m pip install <t\u1EC7p c\u00E0i \u0111\u1EB7t papi-xl .whl>\n")
    t = t & Utf("     ")
    t = t & PyCmd()
    t = t & Utf(" -m xlwings.cli addin install\n")
    t = t & Utf("r\u1ED3i \u0111\u00F3ng h\u1EB3n Excel v\u00E0 m\u1EDF l\u1EA1i t\u1EC7p n\u00E0y.\n")
    t = t & Utf("H\u01B0\u1EDBng d\u1EABn \u0111\u1EA7y \u0111\u1EE7: macros/README.md trong b\u1ED9 c\u00E0i papi-xl.")
    MsgNoPapi = t
End Function

Private Function MsgNoXlwings(ByVal exe As String) As String
    Dim t As String
    t = Utf("Python n\u00E0y \u0111\u00E3 c\u00F3 papi-xl nh\u01B0ng thi\u1EBFu th\u01B0 vi\u1EC7n xlwings:\n")
    t = t & Utf("     ")
    t = t & exe
    t = t & Utf("\n")
    t = t & Utf("\n")
    t = t & Utf("C\u00E1ch s\u1EEDa: m\u1EDF Command Prompt, ch\u1EA1y l\u1EA7n l\u01B0\u1EE3t hai l\u1EC7nh:\n")
    t = t & Utf("     ")
    t = t & PyCmd()
    t = t & Utf(" -m pip install xlwings\n")
    t = t & Utf("     ")
    t = t & PyCmd()
    t = t & Utf(" -m xlwings.cli addin install\n")
    t = t & Utf("r\u1ED3i \u0111\u00F3ng h\u1EB3n Excel v\u00E0 m\u1EDF l\u1EA1i t\u1EC7p n\u00E0y.\n")
    t = t & Utf("H\u01B0\u1EDBng d\u1EABn \u0111\u1EA7y \u0111\u1EE7: macros/README.md trong b\u1ED9 c\u00E0i papi-xl.")
    MsgNoXlwings = t
End Function

Private Function MsgProbeFailed(ByVal exe As String, ByVal rc As Long) As String
    Dim t As String
    t = Utf("Python b\u00E1o l\u1ED7i (m\u00E3 ")
    t = t & CStr(rc)
    t = t & Utf(") khi ki\u1EC3m tra papi-xl:\n")
    t = t & Utf("     ")
    t = t & exe
    t = t & Utf("\n")
    t = t & Utf("\n")
    t = t & Utf("\u0110\u1EC3 xem l\u1ED7i, m\u1EDF Command Prompt v\u00E0 ch\u1EA1y:\n")
    t = t & Utf("     ")
    t = t & PyCmd()
    t = t & Utf(" -c ""import papi_xl.xl""\n")
    t = t & Utf("r\u1ED3i c\u00E0i l\u1EA1i papi-xl: ")
    t = t & PyCmd()
    t = t & Utf(" -m pip install --force-reinstall <t\u1EC7p c\u00E0i \u0111\u1EB7t papi-xl .whl>\n")
    t = t & Utf("H\u01B0\u1EDBng d\u1EABn \u0111\u1EA7y \u0111\u1EE7: macros/README.md trong b\u1ED9 c\u00E0i papi-xl.")
    MsgProbeFailed = t
End Function

Private Function MsgNoAddin() As String
    Dim t As String
    t = Utf("Excel ch\u01B0a n\u1EA1p add-in xlwings (t\u1EC7p xlwings.xlam), n\u00EAn n\u00FAt ch\u01B0a ch\u1EA1y \u0111\u01B0\u1EE3c.\n")
    t = t & Utf("\n")
    t = t & Utf("C\u00E1ch s\u1EEDa: m\u1EDF Command Prompt, ch\u1EA1y:\n")
    t = t & Utf("     ")
    t = t & PyCmd()
    t = t & Utf(" -m xlwings.cli addin install\n")
    t = t & Utf("r\u1ED3i \u0111\u00F3ng h\u1EB3n Excel (m\u1ECDi c\u1EEDa s\u1ED5) v\u00E0 m\u1EDF l\u1EA1i t\u1EC7p n\u00E0y.\n")
    t = t & Utf("N\u1EBFu v\u1EABn b\u00E1o nh\u01B0 v\u1EADy: File > Options > Trust Center > Trust Center Settings > Add-ins, b\u1ECF ch\u1ECDn 'Disable all Application Add-ins'.\n")
    t = t & Utf("H\u01B0\u1EDBng d\u1EABn \u0111\u1EA7y \u0111\u1EE7: macros/README.md trong b\u1ED9 c\u00E0i papi-xl.")
    MsgNoAddin = t
End Function

Private Function MsgRunFailed(ByVal num As Long, ByVal desc As String) As String
    Dim t As String
    t = Utf("Add-in xlwings \u0111\u00E3 n\u1EA1p nh\u01B0ng kh\u00F4ng ch\u1EA1y \u0111\u01B0\u1EE3c l\u1EC7nh (l\u1ED7i ")
    t = t & CStr(num)
    t = t & Utf(": ")
    t = t & desc
    t = t & Utf(").\n")
    t = t & Utf("\n")
    t = t & Utf("Th\u1EED \u0111\u00F3ng h\u1EB3n Excel r\u1ED3i m\u1EDF l\u1EA1i t\u1EC7p n\u00E0y. N\u1EBFu v\u1EABn l\u1ED7i, c\u00E0i l\u1EA1i add-in: m\u1EDF Command Prompt, ch\u1EA1y\n")
    t = t & Utf("     ")
    t = t & PyCmd()
    t = t & Utf(" -m xlwings.cli addin install\n")
    t = t & Utf("H\u01B0\u1EDBng d\u1EABn \u0111\u1EA7y \u0111\u1EE7: macros/README.md trong b\u1ED9 c\u00E0i papi-xl.")
    MsgRunFailed = t
End Function
