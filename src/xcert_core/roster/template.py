"""The blank roster templates: the platform's "本校学生导入模板" exactly (title, notes, header, formats, lists), and
xcert's own "社会考生导入模板" in the same style, whose notes say it is xcert's."""

from __future__ import annotations

from xcert_core.labels import Education, Gender, IdType, ProgramLevel
from xcert_core.ports.workbooks import CellMark, SheetModel
from xcert_core.roster.columns import SCHOOL_ROSTER, XCERT_OWN_TEMPLATE, RosterLayout

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
PUBLIC_NOTES = (
    "注意说明：\n"
    "1、本表登记社会考生（非本校在籍学生）。姓名拼音必须填写考生姓名的全拼，这个后续会印刷在证书上，一定要确保拼音准确，"
    "填写时姓和名用空格隔开，首字母大写，例如：张三丰，拼音应该是：Zhang Sanfeng。\n"
    "2、社会考生没有入学年份和专业：请填写最高学历（从下拉列表选择），有工作单位的填写工作单位全称。\n"
    "3、请认真查看下方导入信息的批注提示内容，按照要求正确填写；单元格内不要有多余的空格。\n"
    "4、社会考生同样需要上传证件照并通过信息认证后才能报考，报考时考生类型选“社会考生”。\n"
    + XCERT_OWN_TEMPLATE
)
HEADER_ROW = 3
_TEXT_KEYS = {"name", "name_pinyin", "gender", "id_type", "id_number", "mobile", "program_level", "program_name",
              "program_code", "education", "work_unit"}


def roster_template(layout: RosterLayout = SCHOOL_ROSTER) -> SheetModel:
    """The blank template of ``layout``: row 1 title, row 2 the merged 注意说明, row 3 the '*'-marked header;
    text-formatted columns; drop-down lists for 性别, 证件类型 and 专业层次 (最高学历 in the social roster); a comment
    on every header."""
    width = len(layout.columns)
    last = chr(ord("A") + width - 1)
    columns = {column.key: index for index, column in enumerate(layout.columns, start=1)}
    lists = {"gender": Gender.labels(),
             "id_type": tuple(t.aliases[0] if t is IdType.RESIDENT_ID else t.label for t in IdType),
             "program_level": ProgramLevel.labels(), "education": Education.labels()}
    return SheetModel(
        name="Sheet1",
        rows=(
            (layout.title, *([None] * (width - 1))),
            (NOTES if layout is SCHOOL_ROSTER else PUBLIC_NOTES, *([None] * (width - 1))),
            tuple(("*" if column.required else "") + column.header for column in layout.columns),
        ),
        column_widths=tuple(column.width for column in layout.columns),
        merged=(f"A1:{last}1", f"A2:{last}2"),
        text_columns=tuple(columns[key] for key in columns if key in _TEXT_KEYS),
        choices=tuple((columns[key], labels) for key, labels in lists.items() if key in columns),
        marks=tuple(CellMark(HEADER_ROW, columns[key], "note", text) for key, text in layout.comments.items()),
        header_row=HEADER_ROW,
        bold_rows=(1,),
        row_heights=((1, 28.0), (2, 150.0)),
    )
