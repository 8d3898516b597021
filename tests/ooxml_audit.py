"""Schema validation of the packages papi-xl writes, part by part, against the Office Open XML schemas
(the PyPI package ``openxml-audit``, a pure-Python port of the Open XML SDK validator).

Call :func:`schema_errors` (a list of readable lines, empty when the package is sound) or
:func:`assert_schema_valid` (schema errors and :func:`cell_value_errors`) from any test.  Only schema, package, relationship and
markup-compatibility *errors* count.  Left out:

- the SDK's ``<font>`` / ``<rPr>`` child-order report: the ECMA-376 schema makes CT_Font and
  CT_RPrElt an unbounded ``xsd:choice`` (any order), the SDK checks them as a sequence, so
  openpyxl's ``<name/>``-first fonts are reported although Excel reads them (a known SDK false
  positive);
- the validator's app-compat warnings and its "expected to repair" verdict line (heuristics, e.g.
  "inline strings will be moved to a shared-string table on the next save").
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator, ValidationErrorType, ValidationSeverity

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
COUNTED = {ValidationErrorType.SCHEMA, ValidationErrorType.PACKAGE, ValidationErrorType.RELATIONSHIP,
           ValidationErrorType.MARKUP_COMPATIBILITY}
# children of CT_Font / CT_RPrElt (any order in the ECMA schema)
_FONT_CHILDREN = {"b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
                  "name", "rFont", "family", "charset", "scheme"}
_FONT_PARENT = re.compile(r"/(font|rPr)\[\d+\]$")
_UNEXPECTED = re.compile(r"Unexpected element '([^']+)'|The element has unexpected child element '([^']+)'")


def _font_order_false_positive(e) -> bool:
    m = _UNEXPECTED.search(e.description)
    if not m or not _FONT_PARENT.search(e.path or ""):
        return False
    child = (m.group(1) or m.group(2)).rpartition(":")[2]
    return child in _FONT_CHILDREN


def schema_errors(path: str | Path, file_format: FileFormat = FileFormat.OFFICE_2019) -> list[str]:
    """Schema errors of an .xlsx / .xlsm / .docx, one line each: ``part path: description``."""
    result = OpenXmlValidator(file_format=file_format, max_errors=0).validate(str(path))
    out = []
    for e in result.errors:
        if e.severity != ValidationSeverity.ERROR or e.error_type not in COUNTED:
            continue
        if _font_order_false_positive(e):
            continue
        out.append(f"{e.part_uri} {e.path}: {e.description}")
    return out


def cell_value_errors(path: str | Path) -> list[str]:
    """What the schema leaves open (``<v>`` is a string there) but Excel refuses: a number cell whose
    value is not a finite number ("nan"), a boolean that is not 0/1, a shared-string index past the table."""
    out = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        sst = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else None
        strings = len(etree.fromstring(sst).findall(f"{{{MAIN}}}si")) if sst else 0
        for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            for c in etree.fromstring(z.read(name)).iter(f"{{{MAIN}}}c"):
                v = c.findtext(f"{{{MAIN}}}v")
                if v is None or c.find(f"{{{MAIN}}}f") is not None:
                    continue
                kind = c.get("t", "n")
                ok = (kind == "n" and _finite(v)) or (kind == "b" and v in ("0", "1")) or kind in ("str", "e", "d") or (
                    kind == "s" and v.isdigit() and int(v) < strings)
                if not ok:
                    out.append(f"/{name} {c.get('r')}: t={kind!r} value {v!r}")
    return out


def _finite(v: str) -> bool:
    try:
        return math.isfinite(float(v))
    except ValueError:
        return False


def assert_schema_valid(path: str | Path) -> None:
    errors = schema_errors(path) + cell_value_errors(path)
    assert not errors, f"{Path(path).name}: {len(errors)} schema error(s):\n" + "\n".join(errors[:40])
