"""The sample school's input files, as a school would fill them: the platform's own templates with data rows.

Each writer takes a template model from the core (:mod:`xcert_core.roster.template`, ``registration.sheet``,
``scheduling.rooms_sheet``, ``scheduling.proctors_sheet``) and appends rows, so the demo's files have exactly
the templates' titles, notes, headers, formats and drop-down lists.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from xcert_adapters.private_files import open_private, write_private_text
from xcert_core.model import Candidate, Program
from xcert_core.plugins import XcertPlugins
from xcert_core.ports.workbooks import CellValue, SheetModel

Row = tuple[CellValue, ...]


def roster_row(c: Candidate) -> list[CellValue]:
    """A candidate as the roster template's eleven columns."""
    return [c.name, c.name_pinyin, c.gender.label, c.id_type.label, c.id_number, c.mobile, c.enrolment_year,
            c.program_level.label if c.program_level else None, c.program_name, c.program_code, c.catalogue_version]


def write_filled(plugins: XcertPlugins, template: SheetModel, rows: Iterable[Sequence[CellValue]], path: Path) -> Path:
    """``template`` with ``rows`` below its header, written as .xlsx."""
    writer = plugins.workbook_writer()
    writer.write([attrs.evolve(template, rows=template.rows + tuple(tuple(row) for row in rows))], path)
    return path


def write_programs(programs: Sequence[Program], path: Path) -> Path:
    """The program catalogue CSV (专业层次, 就读专业, 专业代码, 专业版本), as copied from the platform."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["专业层次", "就读专业", "专业代码", "专业版本"])
    out.writerows([p.level.label, p.name, p.code, p.catalogue_version] for p in programs)
    write_private_text(path, buffer.getvalue(), "utf-8-sig")
    return path


def write_zip(path: Path, entries: Iterable[tuple[str, bytes]]) -> Path:
    with open_private(path) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def plan_toml(certificate: str, code: str, name: str, today: dt.date) -> str:
    """An exam plan file: registration open from ten days ago to ten days ahead, fees (180 元, paid by the
    candidates) due a week ahead, the exam three weeks ahead (theory in the morning, practical in the
    afternoon), so the demo works on any day."""
    exam = today + dt.timedelta(days=21)
    return f"""# 考试计划：{name}
[[exam]]
certificate = "{certificate}"
code = "{code}"
name = "{name}"
opens = {today - dt.timedelta(days=10)}
closes = {today + dt.timedelta(days=10)}
fee = 180
fee_payer = "考生"
fee_due = {today + dt.timedelta(days=7)}

[[exam.subject]]
code = "T"
name = "理论考试"
kind = "理论"
minutes = 90

[[exam.subject]]
code = "P"
name = "实操考试"
kind = "实操"
minutes = 120

[[exam.session]]
code = "T1"
subject = "T"
date = {exam}
start = "09:00"
end = "10:30"

[[exam.session]]
code = "P1"
subject = "P"
date = {exam}
start = "14:00"
end = "16:00"
"""
