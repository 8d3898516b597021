"""Rewrite the README's rule table from papi_xl.registry (a test keeps them equal):

    python tools/readme_rules.py
"""

from __future__ import annotations

import re
from pathlib import Path

from papi_xl.registry import RULES

README = Path(__file__).resolve().parents[1] / "README.md"


def table() -> str:
    lines = ["| Mã quy tắc | Mức độ | Quy tắc |", "|---|---|---|"]
    lines += [f"| `{code}` | {rule.severity} | {rule.title} |" for code, rule in RULES.items()]
    return "\n".join(lines)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = re.sub(r"\| Mã quy tắc \| Mức độ \| Quy tắc \|\n(?:\|.*\|\n)+", table() + "\n", text, count=1)
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
