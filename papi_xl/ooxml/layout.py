"""Row heights for wrapped text.  Spreadsheet applications do not auto-fit the rows a library writes,
so every writer sets row heights from this estimate or wrapped text would be hidden (and print
clipped)."""

from __future__ import annotations


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (Times New Roman
    11 fits ~1.3 characters per width unit).  Spreadsheet apps do not auto-fit the rows a library
    writes, so every writer sets row heights from this estimate or wrapped text would be hidden."""
    per_line = max(4, int(width * 1.3))
    if "\n" not in text:
        return max(1, -(-len(text) // per_line))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def row_lines(cells) -> int:
    """Lines the tallest cell of a row needs, from (value, column width) pairs (None is empty)."""
    return max([1, *(wrapped_lines(str(v), width) for v, width in cells if v is not None)])


EXCEL_MAX_ROW_HEIGHT = 409.0  # points: Excel's largest row height


def lines_height(lines: int, font_size: int = 11, max_lines: int = 30) -> float:
    """Row height in points for ``lines`` lines of text, capped at ``max_lines`` and at Excel's
    409 points (a longer text is read in the cell or the formula bar)."""
    return min(round(min(lines, max_lines) * font_size * 1.3 + 4, 1), EXCEL_MAX_ROW_HEIGHT)
