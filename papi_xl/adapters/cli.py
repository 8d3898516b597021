"""Command-line interface: thin adapters over the library (:mod:`papi_xl.api`, :mod:`papi_xl.new`,
:mod:`papi_xl.demo`); each command calls one library function and prints its result.

Exit codes (documented in the README):
  0  OK (no Lỗi)
  1  the file(s) have Lỗi (validation errors)
  2  an input cannot be read, or the arguments are wrong (message says why)
  3  an unexpected internal error (message asks to report it; no traceback)
  4  a result cannot be written (no permission, file open in Excel, more rows than a sheet holds)
  130 interrupted (Ctrl-C); outputs are written atomically, nothing half-written
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from papi_xl import messages as msg
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.values import to_date
from papi_xl.errors import InputError, OutputError, PapiError, UsageError
from papi_xl.version import __version__

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_INTERNAL, EXIT_CANNOT_WRITE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
EXIT_CODES: dict[type[PapiError], int] = {InputError: EXIT_UNREADABLE, UsageError: EXIT_UNREADABLE,
                                          OutputError: EXIT_CANNOT_WRITE}

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, help=msg.CLI_HELP)
# options several commands share, declared once
CatalogOption = Annotated[str, typer.Option("--catalog", help="Bộ chỉ số: hungyen-xa | papi | par | sipas, ghép bằng "
                                                             "dấu + (papi+par+sipas)")]
ForceOption = Annotated[bool, typer.Option("--force", help="Ghi đè nếu tệp đã có")]
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def run(fn: Callable[[], int]) -> None:
    """Run a command body; turn every failure into a Vietnamese message and an exit code."""
    try:
        code = fn()
    except PapiError as exc:
        err.print(f"[bold red]{msg.CLI_FAILED}[/] {exc.message}")
        code = next(c for cls, c in EXIT_CODES.items() if isinstance(exc, cls))
    except KeyboardInterrupt:
        err.print(f"[yellow]{msg.CLI_INTERRUPTED}[/]")
        code = EXIT_INTERRUPTED
    except typer.Exit:
        raise
    except PermissionError as exc:
        err.print(f"[bold red]{msg.CANNOT_WRITE.format(path=exc.filename)}[/]")
        code = EXIT_CANNOT_WRITE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("PAPI_XL_DEBUG"):
            raise
        err.print(f"[bold red]{msg.CLI_INTERNAL.format(kind=type(exc).__name__, detail=str(exc)[:200])}[/]")
        code = EXIT_INTERNAL
    raise typer.Exit(code)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    d = to_date(value)
    if d is None:
        raise UsageError(msg.BAD_DATE_OPTION.format(value=value))
    return d


@app.command()
def version() -> None:
    """In phiên bản papi-xl."""
    out.print(f"papi-xl {__version__}")


@app.command()
def new(
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp .xlsx (hoặc .xlsm với --macros) sẽ tạo")],
    unit: Annotated[str, typer.Option("--unit", help="Tên đơn vị, ví dụ 'Xã Trung Trắc'")] = "",
    parent: Annotated[str, typer.Option("--parent", help="Đơn vị cấp trên")] = "",
    year: Annotated[int | None, typer.Option("--year", help="Năm kế hoạch")] = None,
    catalog: CatalogOption = "hungyen-xa",
    macros: Annotated[bool, typer.Option("--macros", help="Ghi .xlsm có sẵn mô-đun VBA và 3 nút bấm (xlwings)")] = False,
    force: ForceOption = False,
) -> None:
    """Tạo biểu mẫu chuẩn (Biểu tổng hợp nhiệm vụ) để gửi các đơn vị."""

    def body() -> int:
        from papi_xl.new import new_workbook  # writing a blank form imports neither pandas nor pandera

        path = new_workbook(output, Metadata(unit=unit, parent=parent, year=year), catalog, macros, force)
        out.print(f"Đã tạo biểu mẫu: [bold]{path}[/]")
        return EXIT_OK

    run(body)


def _print_findings(v, limit: int = 40) -> None:
    table = Table(title=f"{v.data.path.name}: {v.errors} lỗi, {v.warnings} cảnh báo", show_lines=False)
    for h in ("Mức độ", "Sheet", "Ô", "Mã", "Nội dung"):
        table.add_column(h, overflow="fold")
    for f in v.findings[:limit]:
        style = "red" if f.is_error else "yellow"
        table.add_row(f"[{style}]{f.severity}[/]", f.sheet, f.cell or "-", f.code, f.message)
    out.print(table)
    if len(v.findings) > limit:
        out.print(f"... và {len(v.findings) - limit} mục khác (xem sheet Kiểm tra trong tệp kết quả).")


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Tệp cần kiểm tra (.xlsx, .xlsm, .xls, .ods)")],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp kết quả có chú thích")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Ghi chú thích vào chính tệp (có bản lưu)")] = False,
    cutoff: Annotated[str | None, typer.Option("--cutoff", help="Ngày chốt dd/mm/yyyy (mặc định: sheet Thông tin)")] = None,
    no_copy: Annotated[bool, typer.Option("--no-copy", help="Chỉ kiểm tra, không ghi bản có chú thích")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Sửa các giá trị ghi gần đúng thành giá trị chuẩn của danh sách "
                                                   "trong bản ghi ra (liệt kê ở sheet Kiểm tra)")] = False,
) -> None:
    """Kiểm tra một tệp: tô màu ô sai, ghi chú, sheet Kiểm tra. Mã thoát 0 = không lỗi, 1 = có lỗi, 2 = không đọc được."""

    def body() -> int:
        from papi_xl import api

        v = api.check_file(file, _date(cutoff))
        written = None
        if not no_copy:
            written = api.write_validation(v, output, in_place, fix)
        if as_json:
            payload = v.as_dict()
            if fix:
                payload["fixed"] = [{"sheet": f.sheet, "cell": f.cell, "field": f.key, "old": f.old,
                                     "new": f.new.isoformat() if isinstance(f.new, dt.date) else f.new, "why": f.why}
                                    for f in v.fixes]
            if written:
                payload["output"] = str(written.path)
            out.print_json(json.dumps(payload, ensure_ascii=False, default=str))
        else:
            _print_findings(v)
            if written:
                out.print(f"Bản có chú thích: [bold]{written.path}[/]"
                          + (f" (bản lưu tệp gốc: {written.backup})" if written.backup else ""))
        return EXIT_OK if v.ok else EXIT_ERRORS

    run(body)


@app.command()
def summarize(
    file: Annotated[Path, typer.Argument(help="Tệp biểu nhiệm vụ của đơn vị")],
    period: Annotated[str | None, typer.Option("--period", help="6thang | nam | dd/mm/yyyy (mặc định: sheet Thông tin)")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp kết quả")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Ghi vào chính tệp (có bản lưu)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In tổng hợp dạng JSON")] = False,
) -> None:
    """Tổng hợp tiến độ theo chỉ số, nội dung thành phần và đơn vị chủ trì (ghi vào sheet Tổng hợp)."""

    def body() -> int:
        from papi_xl import api

        v, r = api.summarize_file(file, period)
        written = None
        if not as_json or output or in_place:
            written = api.write_summary(v, r, output, in_place)
        if as_json:
            out.print_json(json.dumps(r.as_dict(), ensure_ascii=False, default=str))
        else:
            _print_rollup(r)
            if not v.ok:
                out.print(f"[red]{msg.SUMMARY_WITH_ERRORS.format(errors=v.errors, file=file.name)}[/]")
            if written is not None:
                out.print(f"Đã ghi sheet Tổng hợp vào: [bold]{written.path}[/]"
                          + (f" (bản lưu tệp gốc: {written.backup})" if written.backup else ""))
        return EXIT_OK if v.ok else EXIT_ERRORS  # the roll-up is written and printed either way

    run(body)


def _print_rollup(r) -> None:
    cutoff = f"{r.cutoff:%d/%m/%Y}" if r.cutoff else "?"
    table = Table(title=f"{r.unit or 'Đơn vị'} - ngày chốt {cutoff}")
    for h in ("Chỉ số", "Tổng", "Xong", "Đang", "Chưa", "Không TH", "Quá hạn", "%", "Đánh giá"):
        table.add_column(h)
    colours = {"Đỏ": "red", "Vàng": "yellow", "Xanh": "green"}
    for rec in r.by_indicator.to_dict("records"):
        pct = "" if rec["pct_done"] is None or rec["pct_done"] != rec["pct_done"] else f"{rec['pct_done']:.0f}%"
        light = rec["light"]
        table.add_row(rec["name"], *(str(rec[k]) for k in ("total", "done", "in_progress", "not_started", "not_done",
                                                             "overdue")), pct,
                      f"[{colours.get(light, 'white')}]{light}[/]" if light else "")
    out.print(table)
    if r.unclassified:
        out.print(f"[red]{r.unclassified} nhiệm vụ chưa xác định được chỉ số/tiến độ (xem papi-xl validate).[/]")


@app.command()
def merge(
    inputs: Annotated[list[str], typer.Argument(help="Tệp, thư mục (quét cả thư mục con) hoặc mẫu *.xlsx")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp tổng hợp sẽ ghi (.xlsx)")],
    expected: Annotated[Path | None, typer.Option("--expected", help="Danh sách đơn vị phải nộp (.csv/.xlsx)")] = None,
    period: Annotated[str | None, typer.Option("--period", help="6thang | nam | dd/mm/yyyy")] = None,
    unit: Annotated[str, typer.Option("--unit", help="Tên cấp tổng hợp, ví dụ 'Tỉnh Hưng Yên'")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="In sổ theo dõi và tổng hợp dạng JSON")] = False,
    year: Annotated[int | None, typer.Option("--year", help="Năm kế hoạch tổng hợp (mặc định: năm của ngày chốt "
                                                            "--period, hoặc năm của đa số tệp)")] = None,
) -> None:
    """Gộp các biểu của xã/phường thành bảng tổng hợp (tình hình nộp, theo chỉ số, xếp hạng, nhiệm vụ, kiểm tra)."""

    def body() -> int:
        from papi_xl import api

        progress_bar = None
        if not as_json and err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            progress_bar = Progress(TextColumn("Đang đọc"), BarColumn(), MofNCompleteColumn(),
                                    TextColumn("{task.description}"), console=err, transient=True)
        if progress_bar:
            with progress_bar:
                task = progress_bar.add_task("", total=None)

                def tick(done: int, total: int, name: str) -> None:
                    progress_bar.update(task, completed=done, total=total, description=name)

                result = api.merge_files(inputs, output, expected, period, unit, tick, year=year)
        else:
            result = api.merge_files(inputs, output, expected, period, unit, year=year)
        if as_json:
            out.print_json(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        else:
            c = result.counts()
            out.print(f"Đã tổng hợp {len(result.inputs)} tệp: [green]{c['Đã nhận']} đã nhận[/], "
                      f"[red]{c['Từ chối']} từ chối[/], [yellow]{c['Chưa nộp']} chưa nộp[/], "
                      f"{c['Bị thay thế']} bản cũ bị thay thế, {c['Bỏ qua']} tệp bỏ qua (không phải báo cáo). "
                      f"Năm kế hoạch {result.year.value or '?'} ({result.year.basis}).")
            for e in result.register:
                if e.status in ("Từ chối", "Chưa nộp"):
                    out.print(f"  - {e.status}: {e.unit or e.file} - {' '.join(e.reasons)}")
            out.print(f"Bảng tổng hợp: [bold]{result.path}[/]")
        return EXIT_OK

    run(body)


@app.command("import-docx")
def import_docx_cmd(
    plan: Annotated[Path, typer.Argument(help="Kế hoạch dạng Word (.docx): có Biểu tổng hợp nhiệm vụ, hoặc nhiệm vụ "
                                              "viết thành đoạn văn")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Biểu mẫu .xlsx sẽ tạo")],
    unit: Annotated[str, typer.Option("--unit", help="Tên đơn vị (mặc định: đọc từ văn bản)")] = "",
    year: Annotated[int | None, typer.Option("--year", help="Năm kế hoạch (mặc định: đọc từ văn bản)")] = None,
    catalog: CatalogOption = "hungyen-xa",
    as_json: Annotated[bool, typer.Option("--json", help="In báo cáo nhập dạng JSON")] = False,
    force: ForceOption = False,
) -> None:
    """Chép nhiệm vụ từ Kế hoạch (.docx) sang biểu mẫu Excel chuẩn, kèm báo cáo nhập (mọi phần không nhập đều ghi
    lý do)."""

    def body() -> int:
        from papi_xl.api import import_plan

        path, meta, report = import_plan(plan, output, unit, year, catalog, force)
        if as_json:
            out.print_json(json.dumps(report.as_dict(meta, path), ensure_ascii=False, default=str))
            return EXIT_OK
        out.print(f"Đã tạo [bold]{path}[/] cho {meta.unit or '(chưa rõ đơn vị)'}, năm {meta.year or '?'}"
                  f" (kế hoạch {meta.plan_number or '?'}).")
        for line in report.lines():
            out.print(f"  {line}")
        return EXIT_OK

    run(body)


@app.command()
def report(
    source: Annotated[Path, typer.Argument(help="Biểu của một xã, hoặc bảng tổng hợp (papi-xl merge)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp báo cáo .docx sẽ tạo")],
    period: Annotated[str | None, typer.Option("--period", help="6thang | nam | dd/mm/yyyy")] = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="Biểu hoặc bảng tổng hợp của kỳ trước: so sánh từng số liệu, nhiệm vụ mới hoàn thành")] = None,
) -> None:
    """Soạn dự thảo Báo cáo (6 tháng / năm) theo thể thức Nghị định 30/2020/NĐ-CP."""

    def body() -> int:
        from papi_xl.api import report as draft

        path = draft(source, output, period, previous)
        out.print(f"Dự thảo báo cáo: [bold]{path}[/] (điền các chỗ […]: số văn bản, ngày, người ký, khó khăn, đề xuất).")
        return EXIT_OK

    run(body)


@app.command()
def demo(
    folder: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ghi kết quả")] = Path("papi-xl-demo"),
) -> None:
    """Chạy thử toàn bộ quy trình trên dữ liệu mẫu có sẵn."""

    def body() -> int:
        from papi_xl.demo import run_demo

        run_demo(folder, lambda s: out.print(f"{s.n}. {s.title} -> [bold]{s.path}[/]"),
                 lambda v, r: _print_rollup(r))
        return EXIT_OK

    run(body)


def main() -> None:  # console script
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":  # pragma: no cover
    main()
