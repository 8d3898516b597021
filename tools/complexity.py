"""Fail when a function of papi_xl grew too complex to hold in one's head (radon cyclomatic complexity
above 15), except the hot loops listed here with the reason they stay in one piece.

    python tools/complexity.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from radon.complexity import cc_visit

LIMIT = 15
# function -> why it stays one loop (splitting it would cost per-cell calls on the hot path)
HOT_LOOPS: dict[str, str] = {}


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    over = []
    for path in sorted((root / "papi_xl").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        seen = set()
        for block in cc_visit(path.read_text(encoding="utf-8")):
            for item in getattr(block, "methods", None) or [block]:  # a class: its methods
                name = f"{rel}:{item.name}"
                if (name, item.lineno) in seen:
                    continue
                seen.add((name, item.lineno))
                if item.complexity > LIMIT and name not in HOT_LOOPS:
                    over.append(f"{name} (line {item.lineno}): {item.complexity}")
    for line in over:
        print(f"too complex (> {LIMIT}): {line}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
