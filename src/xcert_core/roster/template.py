"""The blank roster template exactly as the platform's "本校学生导入模板": title, notes, header, formats, lists."""

from __future__ import annotations

from xcert_core.labels import Gender, IdType, ProgramLevel
from xcert_core.ports.workbooks import CellMark, SheetModel
from xcert_core.roster.columns import ROSTER_COLUMNS

TITLE = "本校学生导入模板"
NOTES = (
    "注意说明：\n"
    "1、姓名拼音必须填写学生姓名的全拼，这个后续会印刷在证书上，一定要确保拼音准确，填写时姓和名用空格隔开，首字母大写，"
    "例如：张三丰，拼音应该是：Zhang Sanfeng；库尔班·热合曼，拼音应该是：Kuerban Reheman。\n"
    "2、注意专业名称及代码请根据旧专业目录填写，如不知如何填写，可通过以下两种方式查询：\n"
    "①【证书管理-证书试点申报-查看详情】中查看本院校申报证书试点时支持的专业。\n"
    "②【证书管理-证书信息管理-查看详情-证书对应专业】查看相关证书对应的专业。\n"
    "3、请认真查看下方导入信息的批注提示内容，按照要求正确填写。\n"
    "4、请确保填入的每项信息都准确无误，重点检查单元格内是否含有空格，空格的位置可能在文字的上面、下面、左面、右面，"
    "请删除多余空格。"
)
HEADER_COMMENTS = {
    "name": "填写学生身份证件上的姓名；少数民族姓名中间的点用“·”。",
    "name_pinyin": "姓名全拼，姓和名之间一个空格，首字母大写，如 Zhang Sanfeng。",
    "gender": "从下拉列表选择：男 / 女，须与证件号码一致。",
    "id_type": "从下拉列表选择证件类型。",
    "id_number": "本列为文本格式，请直接输入完整证件号码，末位 X 大写。",
    "mobile": "11 位手机号码，不要加空格或横线。",
    "enrolment_year": "四位年份，如 2020。",
    "program_level": "从下拉列表选择专业层次。",
    "program_name": "与平台“证书对应专业”中的专业名称一致。",
    "program_code": "本列为文本格式，专业代码开头的 0 不能省略，如 090300。",
    "catalogue_version": "专业目录版本，如 2010。",
}
HEADER_ROW = 3
_TEXT_KEYS = {"name", "name_pinyin", "gender", "id_type", "id_number", "mobile", "program_level", "program_name",
              "program_code"}


def roster_template() -> SheetModel:
    """The blank template: row 1 title, row 2 the merged 注意说明, row 3 the '*'-marked header; text-formatted
    ID, mobile and code columns; drop-down lists for 性别, 证件类型 and 专业层次; a comment on every header."""
    width = len(ROSTER_COLUMNS)
    last = chr(ord("A") + width - 1)
    columns = {column.key: index for index, column in enumerate(ROSTER_COLUMNS, start=1)}
    return SheetModel(
        name="Sheet1",
        rows=(
            (TITLE, *([None] * (width - 1))),
            (NOTES, *([None] * (width - 1))),
            tuple(("*" if column.required else "") + column.header for column in ROSTER_COLUMNS),
        ),
        column_widths=tuple(column.width for column in ROSTER_COLUMNS),
        merged=(f"A1:{last}1", f"A2:{last}2"),
        text_columns=tuple(columns[key] for key in columns if key in _TEXT_KEYS),
        choices=(
            (columns["gender"], Gender.labels()),
            (columns["id_type"], tuple(t.aliases[0] if t is IdType.RESIDENT_ID else t.label for t in IdType)),
            (columns["program_level"], ProgramLevel.labels()),
        ),
        marks=tuple(CellMark(HEADER_ROW, columns[key], "note", text) for key, text in HEADER_COMMENTS.items()),
        header_row=HEADER_ROW,
        bold_rows=(1,),
        row_heights=((1, 28.0), (2, 150.0)),
    )
