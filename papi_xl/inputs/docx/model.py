"""What the readers of a Word plan hand to the importer: a task as found (:class:`Found`) and a piece of
the document that is not a task, with the reason (:class:`Skipped`)."""

from __future__ import annotations

from dataclasses import dataclass, field

PLAN_KEYS = ("index", "sub", "task", "output", "lead", "coord", "timeline")


@dataclass
class Found:
    """One task as the plan writes it, before it is placed in the catalog."""

    where: str  # "bảng 3, dòng 5" | "đoạn 37" (the task's first place)
    task: str
    index: str = ""  # the content index as written (a column, a section row, a heading)
    sub: str = ""
    output: str = ""
    lead: str = ""
    coord: str = ""
    timeline: str = ""
    note: str = ""
    family: str | None = None  # the family of the section it is in ("par", "sipas"; None: the plan's default)
    index_code: str | None = None  # already placed (a section row or heading matched once for its tasks)
    sub_code: str | None = None
    from_prose: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # other columns of the plan (tracking, code…)
    places: list[str] = field(default_factory=list)  # every place the task's text came from


@dataclass
class Skipped:
    where: str  # "đoạn 12" | "bảng 1, dòng 3" | "bảng 1, dòng 3, ô 2"
    text: str
    reason: str

    def as_dict(self) -> dict:
        return {"where": self.where, "text": self.text, "reason": self.reason}
