"""Loading a certificate catalogue (证书目录) from CSV or a spreadsheet.

Columns, in any order: ``证书编号``, ``证书名称`` (or ``报考证书``; the name without the level — a level in brackets
at its end, as the platform's lists print it, is taken off and must agree with 证书等级), ``证书等级``, and
optionally ``颁证机构``, ``所属专业大类`` and ``对应专业代码`` (program codes separated by ``;``、``,`` or spaces).
UTF-8 or GBK. A malformed catalogue is an :class:`~xcert_core.errors.UnreadableFileError` naming the row.
"""

from __future__ import annotations

import re
from pathlib import Path

from xcert_adapters.workbooks.selection import read_sheet
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import CertificateLevel
from xcert_core.model import CERTIFICATE_CODE, Certificate
from xcert_core.model.certificates import split_level
from xcert_core.plugins import XcertPlugins
from xcert_core.roster.columns import header_text

HEADERS = {"证书编号": "code", "证书名称": "name", "报考证书": "name", "证书等级": "level", "颁证机构": "issuer",
           "所属专业大类": "category", "对应专业代码": "programs"}
REQUIRED = ("code", "name", "level")


def load_certificate_catalogue(path: Path, plugins: XcertPlugins) -> tuple[Certificate, ...]:
    """Every certificate in the file (see the module docstring for the format)."""
    sheet = read_sheet(path, plugins)
    header = next((n for n, row in enumerate(sheet.rows[:20])
                   if {HEADERS.get(header_text(cell)) for cell in row} >= set(REQUIRED)), None)
    if header is None:
        raise UnreadableFileError(str(path), "证书目录文件缺少表头，应至少包含“证书编号、证书名称、证书等级”三列")
    positions: dict[str, int] = {}
    for position, cell in enumerate(sheet.rows[header]):
        positions.setdefault(HEADERS.get(header_text(cell), ""), position)
    certificates = []
    for index in range(header + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if all(cell is None for cell in cells):
            continue

        def text(field: str, cells: tuple[object, ...] = cells) -> str:
            position = positions.get(field)
            value = cells[position] if position is not None and position < len(cells) else None
            return value.strip() if isinstance(value, str) else ""

        code, name, level_text = text("code"), text("name"), text("level")
        if not CERTIFICATE_CODE.fullmatch(code):
            raise UnreadableFileError(str(path), f"证书目录第{index + 1}行的证书编号应为 16 位数字（请设为文本格式）")
        try:
            level = CertificateLevel.from_label(level_text)
        except ValueError:
            raise UnreadableFileError(str(path), f"证书目录第{index + 1}行的证书等级应为初级、中级或高级") from None
        name, named_level = split_level(name)  # "…证书（初级）": the level belongs in 证书等级, not in the name
        if named_level is not None and named_level is not level:
            raise UnreadableFileError(str(path), f"证书目录第{index + 1}行的证书名称写着“{named_level.label}”，"
                                                 f"证书等级却是“{level.label}”，请核对")
        if not name:
            raise UnreadableFileError(str(path), f"证书目录第{index + 1}行缺少证书名称")
        programs = tuple(p for p in re.split(r"[;；,，、\s]+", text("programs")) if p)
        certificates.append(Certificate(code, name, level, text("issuer"), text("category"), programs))
    if not certificates:
        raise UnreadableFileError(str(path), "证书目录文件中没有任何证书")
    return tuple(certificates)
