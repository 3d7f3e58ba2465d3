"""Loading a program catalogue (专业目录) from CSV or a spreadsheet.

Format (documented in docs/how-to/program-catalogue.md): a header row with the columns ``专业层次``,
``就读专业`` (or ``专业名称``), ``专业代码`` and ``专业版本`` in any order, then one program per row, as the
platform's "证书对应专业" page lists them. UTF-8 or GBK; .csv, .xlsx or .xls. A malformed catalogue is an
:class:`~xcert_core.errors.UnreadableFileError` naming the row and column, never a partial catalogue.
"""

from __future__ import annotations

from pathlib import Path

from xcert_adapters.workbooks.selection import read_sheet
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import ProgramLevel
from xcert_core.model import Program
from xcert_core.plugins import XcertPlugins
from xcert_core.roster.columns import header_text

HEADERS = {"专业层次": "level", "就读专业": "name", "专业名称": "name", "专业代码": "code", "专业版本": "version"}


def load_program_catalogue(path: Path, plugins: XcertPlugins) -> tuple[Program, ...]:
    """Every program in the file (see the module docstring for the format)."""
    sheet = read_sheet(path, plugins)
    header_index = next(
        (n for n, row in enumerate(sheet.rows[:20])
         if {HEADERS.get(header_text(cell)) for cell in row} >= {"level", "name", "code", "version"}),
        None,
    )
    if header_index is None:
        raise UnreadableFileError(str(path), "专业目录文件缺少表头，应包含“专业层次、就读专业、专业代码、专业版本”四列")
    positions: dict[str, int] = {}
    for position, cell in enumerate(sheet.rows[header_index]):
        positions.setdefault(HEADERS.get(header_text(cell), ""), position)
    programs: list[Program] = []
    for index in range(header_index + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if all(cell is None for cell in cells):
            continue
        values = {}
        for field in ("level", "name", "code", "version"):
            cell = cells[positions[field]] if positions[field] < len(cells) else None
            allowed = str if field == "code" else str | int
            if not isinstance(cell, allowed) or not str(cell).strip():
                header = sheet.rows[header_index][positions[field]]
                raise UnreadableFileError(
                    str(path), f"专业目录第{index + 1}行“{header}”列为空或不是文本，"
                               "请补全后重试（专业代码请设为文本格式，保留开头的 0）")
            values[field] = str(cell).strip()
        try:
            level = ProgramLevel.from_label(values["level"])
        except ValueError:
            raise UnreadableFileError(
                str(path), f"专业目录第{index + 1}行的专业层次“{values['level']}”无法识别，"
                           f"应为{'、'.join(ProgramLevel.labels())}之一") from None
        programs.append(Program(level, values["name"], values["code"], values["version"]))
    if not programs:
        raise UnreadableFileError(str(path), "专业目录文件中没有任何专业")
    return tuple(programs)
