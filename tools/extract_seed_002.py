"""Transcribe the appendix of seed 002 (Trung Trắc 2023) into package data.

Run from the repository root with ../shared beside it:
    python tools/extract_seed_002.py
Writes papi_xl/data/examples/trung_trac_2023.json.  Every task text is taken
verbatim from the seed (HTML list items become line breaks); rows that the
Word table shifted one column left are put back; page-split continuations are
joined to their task.  Index and sub-content are catalog codes.
"""

import html
import json
import pathlib
import re

SEED = pathlib.Path("../shared/seeds/002_2289d635872fe409.txt")
OUT = pathlib.Path("papi_xl/data/examples/trung_trac_2023.json")

# (sub-content code, seed line, shifted-left?, continuation line, note)
ROWS = [
    ("1.a", 129, False, None, "Phụ lục gộp ô 'a) Tri thức công dân b) Cơ hội tham gia' cho hai dòng nhiệm vụ đầu"),
    ("1.b", 130, False, None, ""),
    ("1.c", 133, False, None, ""),
    ("1.d", 134, False, None, ""),
    ("2.a", 135, False, None, "Phụ lục để trống Đơn vị phối hợp và Thời gian thực hiện"),
    ("2.b", 136, False, 141, ""),
    ("2.c", 142, False, None, ""),
    ("2.d", 143, False, None, ""),
    ("3.a", 146, False, None, ""),
    ("3.b", 147, False, None, ""),
    ("3.c", 150, False, None, ""),
    ("3.d", 153, False, None, ""),
    ("4.a", 154, False, None, ""),
    ("4.b", 157, False, None, ""),
    ("4.c", 160, True, None, ""),
    ("5.a", 163, False, None, "Phụ lục gộp ô 'a) ... b) ...'; dòng này thuộc a)"),
    ("5.b", 164, True, None, "Lĩnh vực y tế"),
    ("5.b", 167, False, None, "Lĩnh vực giáo dục"),
    ("5.c", 168, True, None, ""),
    ("6.a", 173, False, 176, "Nhiệm vụ chung cho a) Dịch vụ chứng thực, xác nhận và b) Dịch vụ cấp GCN QSDĐ (ô gộp trong Phụ lục)"),
    ("7.a", 180, False, None, ""),
    ("7.b", 183, False, 184, ""),
    ("7.c", 185, False, None, ""),
    ("7.c", 188, False, None, ""),
    ("7.d", 189, True, None, ""),
    ("8.a", 190, False, None, ""),
    ("8.a", 193, False, None, ""),
    ("9.a", 194, False, None, ""),
    ("9.b", 197, False, None, ""),
    ("9.c", 198, False, None, ""),
]


def text(cell: str) -> str:
    cell = re.sub(r"<li[^>]*>", "\n", cell)
    cell = re.sub(r"</p>\s*<p[^>]*>", "\n", cell)
    cell = re.sub(r"<[^>]+>", "", cell)
    cell = html.unescape(cell)
    return "\n".join(x.strip() for x in cell.split("\n") if x.strip())


def cells(lines, n, shifted):
    c = [text(x) for x in lines[n - 1].split("\t")]
    if shifted:  # the row slid one column left: task sits in column 3
        time = c[6] or c[7]
        return {"task": c[2], "output": c[3], "lead": c[4], "coord": c[5], "timeline": time}
    return {"task": c[3], "output": c[4], "lead": c[5], "coord": c[6], "timeline": c[7]}


def main():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    tasks = []
    for sub, line, shifted, cont, note in ROWS:
        row = cells(lines, line, shifted)
        if cont:
            more = cells(lines, cont, False)
            if sub == "7.b":  # task + time on line 183, the rest on 184
                for key in ("output", "lead", "coord"):
                    row[key] = more[key]
            else:
                joiner = " " if sub == "2.b" else "\n"  # 2.b breaks mid-sentence
                row["task"] = row["task"] + joiner + more["task"]
                if more["output"]:
                    row["output"] = row["output"] + " " + more["output"]
        row.update({"sub": sub, "index": sub.split(".")[0], "note": note, "seed_line": line})
        tasks.append(row)
    doc = {
        "source": "Seed 002: Phụ lục kèm theo Kế hoạch 06/KH-UBND ngày 19/01/2023 của UBND xã Trung Trắc",
        "meta": {"unit": "Xã Trung Trắc", "parent": "Huyện Văn Lâm", "year": 2023,
                 "plan_number": "06/KH-UBND", "plan_date": "2023-01-19"},
        "omitted": ["6.c) Dịch vụ hành chính cấp xã: dòng trong Phụ lục không có nhiệm vụ (để trống)"],
        "tasks": tasks,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(tasks)} tasks -> {OUT}")


if __name__ == "__main__":
    main()
