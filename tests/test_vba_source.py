"""The VBA module behind the buttons (macros/PapiXL.bas), checked as source.

Excel compiles the module only when a button is clicked, and a name it cannot resolve stops the
click with "Sub or Function not defined" (the old module called the xlwings add-in's RunPython
directly, which needs a project reference nobody sets).  :func:`check_module` parses the module
(line continuations, comments, string literals, Declare statements, conditional compilation) and
resolves every name it uses: defined in the module, a VBA/Excel built-in of :data:`BUILTINS`, or a
macro reached through ``Application.Run "'Book'!Macro"`` (then the book's macro must exist: checked
against the add-in that ``xlwings addin install`` copies, from the installed xlwings package).

The Vietnamese messages are stored as ``\\uXXXX`` escapes (VBA source is ANSI); they are decoded
here independently and, with LibreOffice, by the module's own VBA code.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT
from oletools.olevba import VBA_Parser

BAS = ROOT / "macros" / "PapiXL.bas"
BUTTON_MACROS = ("KiemTra", "TongHop", "TongHopCacDonVi")  # bound by the form buttons (test_macros.py)

# VBA keywords (statements, declarations, operators, types): never names to resolve.
KEYWORDS = frozenset("""
alias and append as binary boolean byref byte byval call case close const currency date declare dim do double
each else elseif empty end enum eqv error exit explicit false for friend function get global gosub goto if imp in
input integer is let lib like line lock long longlong longptr loop me mod new next not nothing null object on open
option optional or output paramarray preserve print private property ptrsafe public put random read redim rem
resume return select set single static step stop string sub then to true type typeof until variant wend while
with withevents write xor
""".split())

# The VBA / Excel globals the module may use (an explicit allow-list: anything else must be defined).
BUILTINS = frozenset("""
application activeworkbook workbooks createobject environ err msgbox
chr chrw ascw mid left right len instr lcase cstr clng getattr freefile eof
vbexclamation vbcrlf vbdirectory
""".split())

# The add-in route: the only books a button may reach through Application.Run.
ADDIN_BOOK = "xlwings.xlam"

TOKEN = re.compile(r"""
 (?P<str>"(?:[^"]|"")*")
|(?P<comment>'.*)
|(?P<num>&[Hh][0-9A-Fa-f]+&?|&[Oo][0-7]+&?|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[%&!#@^]?)
|(?P<name>[A-Za-z][A-Za-z0-9_]*[$%&!#@]?)
|(?P<bracket>\[[^\]]*\])
|(?P<op>:=|<>|<=|>=|[-+*/\\^&=<>(),.:;#!])
|(?P<ws>\s+)
""", re.X)


@dataclass
class Tok:
    kind: str
    text: str

    @property
    def key(self) -> str:  # names compare without case and without a type suffix (Mid$ = Mid)
        return self.text.lower().rstrip("$%&!#@")


@dataclass
class Proc:
    name: str
    kind: str  # sub / function / property
    public: bool
    params: list[str]
    line: int
    names: set[str] = field(default_factory=set)  # params and locals (lower case)
    labels: set[str] = field(default_factory=set)
    body: list[tuple[int, list[Tok]]] = field(default_factory=list)


@dataclass
class Declare:
    name: str
    ptrsafe: bool
    branch: str  # the conditional-compilation directive it sits under ("" when none)
    line: int
    text: str


@dataclass
class Report:
    option_explicit: bool = False
    procs: dict[str, Proc] = field(default_factory=dict)  # lower name -> Proc
    declares: list[Declare] = field(default_factory=list)
    module_names: set[str] = field(default_factory=set)  # module variables and constants
    consts: dict[str, str] = field(default_factory=dict)  # lower name -> value of a string constant
    run_targets: list[tuple[int, str]] = field(default_factory=list)  # Application.Run "'Book'!Macro"
    unresolved: list[tuple[int, str]] = field(default_factory=list)  # (line, name)
    literals: list[tuple[int, str]] = field(default_factory=list)  # every string literal, decoded from VBA quoting


def logical_lines(source: str) -> list[tuple[int, str]]:
    """Join continuation lines (a line ending in " _"; that also continues a comment, as in VBA)."""
    out, buf, start = [], "", None
    for n, raw in enumerate(source.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.rstrip()
        start = n if start is None else start
        if re.search(r"(^|[ \t])_$", line):
            buf += line[:-1] + " "
            continue
        out.append((start, buf + line))
        buf, start = "", None
    if buf:
        out.append((start, buf))
    return out


def tokenize(line: str, lineno: int) -> list[Tok]:
    toks, pos = [], 0
    while pos < len(line):
        m = TOKEN.match(line, pos)
        if not m:
            raise SyntaxError(f"line {lineno}: cannot read {line[pos:pos + 20]!r} (unterminated string?)")
        pos = m.end()
        kind = m.lastgroup
        if kind == "comment":
            break
        if kind != "ws":
            toks.append(Tok(kind, m.group()))
    if toks and toks[0].key == "rem":
        return []
    return toks


def statements(toks: list[Tok]) -> list[list[Tok]]:
    out, cur = [], []
    for t in toks:
        if t.kind == "op" and t.text == ":":
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    out.append(cur)
    return [s for s in out if s]


def split_top(toks: list[Tok]) -> list[list[Tok]]:
    """Split at commas outside parentheses."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        if t.text == "," and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return [p for p in parts if p]


def _string_value(tok: Tok) -> str:
    return tok.text[1:-1].replace('""', '"')


def _declared_names(toks: list[Tok]) -> tuple[list[str], list[Tok]]:
    """Names declared by "a(1 To n) As T, b As New T, c = expr" and the tokens whose names must resolve."""
    names, uses = [], []
    for part in split_top(toks):
        names.append(part[0].key)
        rest = part[1:]
        i = 0
        while i < len(rest):
            if rest[i].key == "as":
                i += 2 if i + 1 < len(rest) and rest[i + 1].key != "new" else 3
                continue
            uses.append(rest[i])
            i += 1
    return names, uses


def check_module(source: str) -> Report:
    rep = Report()
    proc: Proc | None = None
    branch = ""
    pending: list[tuple[int, list[Tok], Proc | None]] = []  # statements to resolve after all declarations
    skip_block = ""
    for lineno, line in logical_lines(source):
        stripped = line.strip()
        if stripped.startswith("#"):  # conditional compilation: every branch is parsed
            branch = stripped if not stripped.lower().startswith("#end if") else ""
            continue
        label = re.match(r"\s*([A-Za-z][A-Za-z0-9_]*):(?!=)(.*)$", line)
        if label and label.group(1).lower() not in KEYWORDS:
            if proc is None:
                raise SyntaxError(f"line {lineno}: a label outside any procedure")
            proc.labels.add(label.group(1).lower())  # "failed:"
            line = label.group(2)
        for stmt in statements(tokenize(line, lineno)):
            rep.literals += [(lineno, _string_value(t)) for t in stmt if t.kind == "str"]
            words = [t.key for t in stmt]
            if skip_block:
                if words[:2] == ["end", skip_block]:
                    skip_block = ""
                continue
            if words[0] == "attribute":
                continue
            if words[0] == "option":
                rep.option_explicit |= words[1:2] == ["explicit"]
                continue
            i = 0
            public = True
            while i < len(words) and words[i] in ("public", "private", "friend", "global", "static"):
                public = words[i] != "private"
                i += 1
            head = words[i] if i < len(words) else ""
            if head == "declare":
                j = i + 1 + (words[i + 1] == "ptrsafe")
                name = stmt[j + 1].key
                rep.declares.append(Declare(stmt[j + 1].text, words[i + 1] == "ptrsafe", branch, lineno, line))
                rep.module_names.add(name)
                continue
            if head in ("sub", "function", "property"):
                j = i + 1 + (head == "property")
                name = stmt[j].text
                open_, close = j + 1, len(stmt)
                depth = 0
                for k in range(open_, len(stmt)):
                    depth += stmt[k].text == "("
                    depth -= stmt[k].text == ")"
                    if depth == 0:
                        close = k
                        break
                params, uses = [], []
                for part in split_top(stmt[open_ + 1:close]):
                    p = [t for t in part if t.key not in ("optional", "byval", "byref", "paramarray")]
                    names, u = _declared_names(p)
                    params += names
                    uses += u
                proc = Proc(name, head, public, params, lineno, names=set(params))
                rep.procs[name.lower()] = proc
                pending.append((lineno, uses, proc))
                continue
            if words[:1] == ["end"] and words[1:2] in (["sub"], ["function"], ["property"]):
                proc = None
                continue
            if head in ("type", "enum"):
                rep.module_names.add(stmt[i + 1].key)
                skip_block = head
                continue
            if head in ("dim", "const") or (i > 0 and head not in ("sub", "function")):
                body = stmt[i + 1:] if head in ("dim", "const") else stmt[i:]
                names, uses = _declared_names(body)
                if proc is None:
                    rep.module_names.update(names)
                    if head == "const":
                        for part in split_top(body):
                            strs = [t for t in part if t.kind == "str"]
                            if len(strs) == 1 and not [t for t in part if t.text == "&"]:
                                rep.consts[part[0].key] = _string_value(strs[0])
                else:
                    proc.names.update(names)
                pending.append((lineno, uses, proc))
                continue
            if proc is None:
                raise SyntaxError(f"line {lineno}: a statement outside any procedure: {line.strip()}")
            proc.body.append((lineno, stmt))
            pending.append((lineno, stmt, proc))

    defined = set(rep.procs) | rep.module_names
    for lineno, toks, owner in pending:
        scope = defined | (owner.names if owner else set())
        for k, t in enumerate(toks):
            if t.kind != "name" or t.key in KEYWORDS:
                continue
            prev = toks[k - 1] if k else None
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if prev is not None and prev.text == ".":
                continue  # a member: Application.Run, Err.Number, wb.Name
            if nxt is not None and nxt.text == ":=":
                continue  # a named argument
            if prev is not None and (prev.key == "as" or (prev.key == "new" and k > 1 and toks[k - 2].key == "as")):
                continue  # a type name
            if prev is not None and prev.key in ("goto", "gosub", "resume"):
                if owner is None or t.key not in owner.labels:
                    rep.unresolved.append((lineno, t.text))
                continue
            if t.key in scope or t.key in BUILTINS:
                continue
            rep.unresolved.append((lineno, t.text))
        # Application.Run target: a string literal or a string constant
        for k in range(len(toks) - 3):
            if toks[k].key == "application" and toks[k + 1].text == "." and toks[k + 2].key == "run":
                arg = toks[k + 3] if toks[k + 3].text != "(" else toks[k + 4]
                target = _string_value(arg) if arg.kind == "str" else rep.consts.get(arg.key, f"<{arg.text}>")
                rep.run_targets.append((lineno, target))
    return rep


# -- the checker on small modules (it must catch what broke the first click) ------------------------

OLD_MODULE = '''Attribute VB_Name = "PapiXL"
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
'''


def test_the_checker_rejects_the_module_that_called_runpython_directly():
    rep = check_module(OLD_MODULE)
    assert rep.option_explicit
    assert rep.unresolved == [(9, "RunPython"), (14, "RunPython"), (19, "RunPython")]
    assert rep.run_targets == []


@pytest.mark.parametrize(("body", "unresolved"), [
    # a call with Call and parentheses
    ("Sub A()\n    Call Missing(1)\nEnd Sub", [(2, "Missing")]),
    # a call hidden behind a line continuation
    ('Sub A()\n    MsgBox "x" & _\n        Helper(2)\nEnd Sub', [(2, "Helper")]),
    # a local of another procedure is not in scope
    ("Sub A()\n    Dim n As Long\n    n = 1\nEnd Sub\nSub B()\n    n = 2\nEnd Sub", [(6, "n")]),
    # names inside comments, continued comments and strings are not calls
    ("Sub A() ' Missing _\n    Missing2\n    MsgBox \"RunPython x\" ' RunPython\nEnd Sub", []),
    # Rem comments, labels, Declare'd functions, named arguments, members, types
    ('#If VBA7 Then\nPrivate Declare PtrSafe Function Beep Lib "kernel32" (ByVal f As Long) As Long\n#End If\n'
     "Sub A()\n    Rem Missing\n    Dim o As Object\n    On Error GoTo bad\n    Beep 1\n    o.Foo Bar:=1\n"
     "    Exit Sub\nbad:\n    MsgBox Err.Description\nEnd Sub", []),
    # a GoTo to a label that does not exist
    ("Sub A()\n    On Error GoTo nowhere\nEnd Sub", [(2, "nowhere")]),
    # Application.Run reaches a macro without naming it as code
    ("Sub A()\n    Application.Run \"'xlwings.xlam'!RunPython\", \"x\"\nEnd Sub", []),
    # a built-in that is not on the allow-list (Shell) must be flagged, a statement after Then too
    ('Sub A()\n    If True Then Shell "cmd"\nEnd Sub', [(2, "Shell")]),
], ids=["call", "continuation", "scope", "comments-strings", "declare-labels-members", "bad-label",
        "application-run", "not-allowed"])
def test_the_checker_on_small_modules(body, unresolved):
    rep = check_module('Attribute VB_Name = "M"\nOption Explicit\n' + body + "\n")
    assert [(n - 2, name) for n, name in rep.unresolved] == unresolved


def test_the_checker_reads_run_targets_through_constants():
    rep = check_module('Attribute VB_Name = "M"\nOption Explicit\nPrivate Const T As String = "\'b.xlam\'!M"\n'
                       "Sub A()\n    Application.Run T, 1\nEnd Sub\n")
    assert rep.run_targets == [(5, "'b.xlam'!M")] and rep.unresolved == []


# -- the module itself --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def source() -> str:
    return BAS.read_bytes().decode("ascii")  # the module must be ASCII (stored in the ANSI code page)


@pytest.fixture(scope="module")
def report(source) -> Report:
    return check_module(source)


def test_every_name_in_the_module_resolves(report):
    assert report.option_explicit
    assert report.unresolved == []
    buttons = {p.name: p for p in report.procs.values() if p.public}
    assert set(buttons) == set(BUTTON_MACROS)  # nothing else shows up in Alt+F8
    assert all(buttons[m].kind == "sub" and buttons[m].params == [] for m in BUTTON_MACROS)


def test_the_buttons_reach_runpython_only_through_application_run(report):
    assert [t for _, t in report.run_targets] == [f"'{ADDIN_BOOK}'!RunPython"]
    for name in BUTTON_MACROS:
        body = " ".join(t.text for _, stmt in report.procs[name.lower()].body for t in stmt)
        assert "import papi_xl.xl; papi_xl.xl." in body


def test_every_private_procedure_and_declare_is_called(report):
    private = [p.name for p in report.procs.values() if not p.public] + [d.name for d in report.declares]
    for name in private:
        callers = {p.name for p in report.procs.values() if p.name != name
                   and any(t.key == name.lower() for _, stmt in p.body for t in stmt)}
        assert callers, f"{name} is never called"


def test_no_declare_so_32_and_64_bit_office_compile_the_same_and_libreoffice_binds_the_buttons(report, source):
    """The messages use WScript.Shell Popup, not MessageBoxW: a PtrSafe Declare (needed for 64-bit Office)
    stops LibreOffice 7.4 from binding the buttons to the module's macros (measured; see test_macros)."""
    assert report.declares == [] and "ptrsafe" not in source.lower()
    assert 'CreateObject("WScript.Shell")' in source and ".Popup message, 0, TITLE, vbExclamation" in source


def test_runpython_is_what_the_installed_xlwings_add_in_defines():
    """The add-in `xlwings addin install` copies: its file name, a unique public RunPython(cmd), and the
    caller found from ActiveWorkbook (so a call from our workbook's button targets our workbook)."""
    import xlwings

    addin = Path(xlwings.__file__).parent / "addin" / ADDIN_BOOK
    assert addin.is_file()
    parser = VBA_Parser(str(addin))
    defs = []
    main = ""
    for _, _, name, code in parser.extract_macros():
        for m in re.finditer(r"^(Public |Private )?(Function|Sub) RunPython\((.*)\)", code, re.M):
            defs.append((name, m.group(1), m.group(3)))
            main = code
    assert defs == [("Main.bas", "Public ", "PythonCommand As String")]
    assert '" --wb=" & """" & ActiveWorkbook.Name' in main.replace("\r\n", "\n")
    with zipfile.ZipFile(addin) as z:
        assert "xl/vbaProject.bin" in z.namelist()


# -- the Vietnamese messages ------------------------------------------------------------------------

ESCAPE = re.compile(r"\\u([0-9A-F]{4})|\\n")


def utf(literal: str) -> str:
    """The module's Utf(): \\uXXXX -> one UTF-16 unit, \\n -> CR LF."""
    return ESCAPE.sub(lambda m: "\r\n" if m.group() == "\\n" else chr(int(m.group(1), 16)), literal)


def fold(ch: str) -> str:
    """A letter's base letter (Đ -> D), "?" for other non-ASCII characters."""
    if ch.isascii():
        return ch
    if ch in "Đđ":
        return "D" if ch == "Đ" else "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() and base.isalpha() else "?"


def messages(source: str) -> dict[str, list[str]]:
    """Each Msg* function's body as the expressions appended to t, in order."""
    out = {}
    for m in re.finditer(r"^Private Function (Msg\w+)\(.*?\) As String\n(.*?)^End Function", source, re.M | re.S):
        parts = []
        for line in m.group(2).splitlines():
            s = re.match(r"\s*t = (?:t & )?(.*)$", line)
            if s:
                parts.append(s.group(1))
        out[m.group(1)] = parts
    return out


def render(parts: list[str], **values: str) -> str:
    text = ""
    for expr in parts:
        lit = re.fullmatch(r'Utf\("(.*)"\)', expr)
        if lit:
            text += utf(lit.group(1).replace('""', '"'))
        else:
            arg = re.fullmatch(r"CStr\((\w+)\)|(\w+)\(\)|(\w+)", expr)
            text += values[next(g for g in arg.groups() if g)]
    return text


def test_utf_literals_are_valid_escapes_of_nfc_vietnamese(source):
    literals = re.findall(r'Utf\("((?:[^"]|"")*)"\)', source)
    assert len(literals) > 40
    for lit in literals:
        assert not ESCAPE.sub("", lit).count("\\"), lit  # only \uXXXX and \n
        for code in re.findall(r"\\u([0-9A-F]{4})", lit):
            assert 0x80 <= int(code, 16) < 0x8000, code  # ChrW(CLng("&H....")) stays positive
        text = utf(lit)
        assert unicodedata.normalize("NFC", text) == text


PY = r'"C:\Program Files\Python311\python.exe"'
EXE = r"C:\Program Files\Python311\pythonw.exe"
VALUES = {"exe": EXE, "PyCmd": PY, "rc": "1", "num": "1004", "desc": "Cannot run the macro"}


def test_messages_say_what_is_missing_and_the_exact_commands(source):
    msgs = {name: render(parts, **VALUES).replace("\r\n", "\n") for name, parts in messages(source).items()}
    assert set(msgs) == {"MsgNoPython", "MsgConfigured", "MsgNoPapi", "MsgNoXlwings", "MsgProbeFailed",
                         "MsgNoAddin", "MsgRunFailed"}
    expect = {
        "MsgNoPython": ["Không tìm thấy Python", "python.org", "Add python.exe to PATH",
                        "py -m pip install <tệp cài đặt papi-xl .whl>", "py -m xlwings.cli addin install",
                        "Đóng hẳn Excel"],
        "MsgConfigured": [EXE, "không có tệp này", "py -m xlwings.cli config create --force",
                          "py -m xlwings.cli addin install"],
        "MsgNoPapi": [EXE, "chưa cài papi-xl", f"{PY} -m pip install <tệp cài đặt papi-xl .whl>",
                      f"{PY} -m xlwings.cli addin install"],
        "MsgNoXlwings": [EXE, "thiếu thư viện xlwings", f"{PY} -m pip install xlwings",
                         f"{PY} -m xlwings.cli addin install"],
        "MsgProbeFailed": ["(mã 1)", EXE, f'{PY} -c "import papi_xl.xl"', "--force-reinstall"],
        "MsgNoAddin": ["chưa nạp add-in xlwings", "xlwings.xlam", f"{PY} -m xlwings.cli addin install",
                       "Disable all Application Add-ins"],
        "MsgRunFailed": ["lỗi 1004: Cannot run the macro", f"{PY} -m xlwings.cli addin install"],
    }
    for name, needles in expect.items():
        for needle in needles:
            assert needle in msgs[name], (name, needle)
        assert "macros/README.md" in msgs[name]


def test_fold_tables_give_the_base_letters(source):
    for start, end in ((0xC0, 0xFF), (0x100, 0x1B0), (0x1EA0, 0x1EF9)):
        consts = re.search(rf'Private Const FOLD_{start:X} As String = (.*?)\n(?!    ")', source, re.S).group(1)
        table = "".join(re.findall(r'"([^"]*)"', consts))
        assert table == "".join(fold(chr(c)) for c in range(start, end + 1)), hex(start)
    # every letter of every message folds to a letter (macOS shows the accent-free text)
    for lit in re.findall(r'Utf\("((?:[^"]|"")*)"\)', source):
        assert "?" not in "".join(fold(ch) for ch in utf(lit) if not ch.isascii()), lit


# -- the same, run by the module's own VBA code in LibreOffice ---------------------------------------

SELF_TEST = r'''
Public Sub PapiSelfTest()
    Dim f As Integer, found As String
    f = FreeFile
    Open "{out}" For Output As #f
    mPython = "{exe}"
    Print #f, "MsgNoPython " & Codes(MsgNoPython())
    Print #f, "MsgConfigured " & Codes(MsgConfigured(mPython))
    Print #f, "MsgNoPapi " & Codes(MsgNoPapi(mPython))
    Print #f, "MsgNoXlwings " & Codes(MsgNoXlwings(mPython))
    Print #f, "MsgProbeFailed " & Codes(MsgProbeFailed(mPython, 1))
    Print #f, "MsgNoAddin " & Codes(MsgNoAddin())
    Print #f, "MsgRunFailed " & Codes(MsgRunFailed(1004, "Cannot run the macro"))
    Print #f, "Plain " & Codes(Plain(MsgNoPython()))
    If ConfValue("{conf}", "interpreter_win", found) Then Print #f, "Conf " & Codes(found)
    If Not ConfValue("{conf}", "pythonpath", found) Then Print #f, "NoKey"
    If Not FileExists("{conf}.missing") Then Print #f, "NoFile"
    mPython = "python"
    Print #f, "PyCmd " & PyCmd()
    mPython = ""
    Print #f, "PyCmd " & PyCmd()
    Print #f, "END"
    Close #f
End Sub

Private Function Codes(ByVal s As String) As String
    Dim i As Long
    For i = 1 To Len(s)
        Codes = Codes & Hex$(AscW(Mid$(s, i, 1))) & " "
    Next i
End Function
'''


def codes(text: str) -> str:
    return "".join(f"{ord(ch):X} " for ch in text)


def test_libreoffice_runs_the_modules_own_decoder(tmp_path, monkeypatch, source):
    """LibreOffice compiles the module (its #Else branch) and runs Utf, Plain, ConfValue and PyCmd."""
    from papi_xl.contract.workbook import Metadata
    from papi_xl.outputs import xlsm as macros

    out = tmp_path / "out.txt"
    conf = tmp_path / "xlwings.conf"
    # the format `xlwings addin install` writes (config_create): "KEY","value" lines
    conf.write_bytes(b'"CONDA PATH",""\r\n"INTERPRETER_WIN","C:\\Users\\An\\Python311\\python.exe"\r\n')
    extra = SELF_TEST.replace("{out}", str(out)).replace("{conf}", str(conf)).replace("{exe}", EXE)
    monkeypatch.setattr(macros, "module_source", lambda: source + extra)
    book = macros.write_macro_workbook(tmp_path / "selftest.xlsm", Metadata(unit="Xã Trung Trắc", year=2025))
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(  # allow the document's macros
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" '
        'oor:op="fuse"><value>0</value></prop></item></oor:items>')
    lo = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                           str(book), f"macro://{book.stem}/VBAProject.PapiXL.PapiSelfTest"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 180
    while lo.poll() is None and time.monotonic() < deadline:
        if out.exists() and out.read_text().rstrip().endswith("END"):
            break
        time.sleep(0.2)
    if lo.poll() is None:
        os.killpg(lo.pid, signal.SIGKILL)  # LibreOffice stays open after a macro: end the group this test started
        lo.wait()
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in out.read_text().splitlines())
    assert "END" in lines, "LibreOffice did not run the module"
    vba_values = VALUES
    for name, parts in messages(source).items():
        assert lines[name].strip() == codes(render(parts, **vba_values)).strip(), name
    plain = "".join(fold(ch) for ch in render(messages(source)["MsgNoPython"], **vba_values))
    assert lines["Plain"].strip() == codes(plain).strip()
    assert plain.startswith("Khong tim thay Python tren may nay")
    assert lines["Conf"].strip() == codes(r"C:\Users\An\Python311\python.exe").strip()
    assert "NoKey" in lines and "NoFile" in lines
    assert open(out).read().splitlines()[-3:] == ["PyCmd python", "PyCmd py", "END"]
