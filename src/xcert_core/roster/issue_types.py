"""The roster's issue types: the sheet itself (``roster-sheet``), the import (``roster``) and every rule family of a
row.

Every type is built by the one constructor, :func:`xcert_core.issues.issue_type`; the modules that report
them import them from here. Codes are a public contract (JSON consumers, ``[rules]`` settings): never
rename one."""

from __future__ import annotations

from xcert_core.issues import PersonalData, issue_type
from xcert_core.labels import Severity

F_ROSTER_SHEET = "roster-sheet"
F_WHITESPACE = "whitespace"
F_CELL_TEXT = "cell-text"
F_NAMES = "names"
F_IDENTITY = "identity"
F_CONTACT = "contact"
F_ENROLMENT = "enrolment"
F_PROGRAMS = "programs"
F_EDUCATION = "education"

# Reported by roster.reading

MISSING_COLUMN = issue_type(
    F_ROSTER_SHEET, "roster-missing-column", title="缺少必填列", title_en="Required column missing",
    message="表头中没有“*{header}”列，平台导入时会拒绝整个文件。",
    message_en="The header row has no '*{header}' column; the platform rejects the whole file.",
    suggestion="请使用{template}，补上“*{header}”列（可运行 {command} 生成空白模板）。",
    description="A column the template requires is not in the header row.",
)
DUPLICATE_COLUMN = issue_type(
    F_ROSTER_SHEET, "roster-duplicate-column", title="列重复", title_en="Column appears twice",
    message="表头中“{header}”出现了不止一次，只检查了第一列。",
    message_en="The header '{header}' appears more than once; only the first is checked.",
    suggestion="请删除多余的“{header}”列。",
    description="The same template header appears twice in the header row.",
)
EXTRA_COLUMN = issue_type(
    F_ROSTER_SHEET, "roster-extra-column", title="多出的列", title_en="Column not in the template",
    message="表头中多了“{header}”列：{template}没有这一列，导入平台时会拒绝整个文件。",
    message_en="The header has a column '{header}' the platform's template does not have; the platform rejects the "
               "whole file.",
    suggestion="请删除“{header}”列（要保留的内容请另存一份文件）。",
    description="A non-empty header cell that is not one of the template's columns (a school's own column).",
)
COLUMN_ORDER = issue_type(
    F_ROSTER_SHEET, "roster-column-order", title="列的顺序与模板不同", title_en="Columns out of the template's order",
    message="表头的列顺序与{template}不同，平台按位置读取各列，导入时会拒绝或读错。模板的顺序是：{expected}。",
    message_en="The columns are not in the template's order; the platform reads them by position. The template's "
               "order is: {expected}.",
    suggestion="请按模板的顺序排列各列（或把内容复制到 {command} 生成的空白模板中）。",
    description="The template's columns are all there but not in the template's order.",
)
NO_DATA = issue_type(
    F_ROSTER_SHEET, "roster-no-data", title="没有学生数据", title_en="No data rows",
    message="表头下面没有任何学生数据。",
    message_en="There are no data rows below the header.",
    suggestion="请在表头下方逐行填写学生信息。",
    description="The sheet has a header row but nothing under it.",
)
BLANK_ROW = issue_type(
    F_ROSTER_SHEET, "roster-blank-row", title="中间有空行", title_en="Blank row between data rows",
    severity=Severity.WARNING,
    message="这一行是空行，夹在学生数据中间。",
    message_en="This row is blank, between data rows.",
    suggestion="请删除空行，平台导入时可能因此中断。",
    description="An empty row between data rows; trailing blank rows are ignored.",
)
SHEET_HIDDEN = issue_type(
    F_ROSTER_SHEET, "sheet-hidden", title="文件中有隐藏的工作表", title_en="Hidden worksheets not read",
    severity=Severity.WARNING,
    message="读取的是工作表“{sheet}”；文件中还有隐藏的工作表 {hidden}，其中的内容没有读取。",
    message_en="Read worksheet {sheet!r}; the hidden worksheets {hidden} were not read.",
    suggestion="请确认要导入的数据在“{sheet}”中；如果在隐藏的工作表里，请在 Excel 中取消隐藏，或用 --sheet "
               "指定工作表名称。",
    description="A workbook with hidden (or very hidden) worksheets: xcert reads the first visible one, as Excel "
                "shows it, and names the hidden ones, which may hold rows the school believes it sent. Every "
                "template reader reports it (roster, registrations, rooms, proctors).",
)
ID_AS_NUMBER = issue_type(
    F_ROSTER_SHEET, "id-number-stored-as-number", title="证件号码被存成数字", title_en="ID number stored as a number",
    personal=PersonalData.ID_NUMBER,
    message="证件号码被 Excel 存成了数字（{shown}），{loss}。",
    message_en="The ID number is stored as a number ({shown}); {loss_en}",
    suggestion="请先把“证件号码”列设为“文本”格式，再重新输入完整号码（不要直接改格式，已丢失的位数不会回来）。",
    description="Excel keeps only 15 significant digits of a number, so an 18-digit ID typed as a number loses its "
                "last digits and the X check digit cannot be typed at all.",
)
CODE_LOST_ZEROS = issue_type(
    F_ROSTER_SHEET, "code-lost-leading-zeros", title="代码丢失了开头的 0", title_en="Code lost its leading zeros",
    message="“{header}”被存成了数字 {shown}，开头的 0 已经丢失。",
    message_en="'{header}' is stored as the number {shown}; its leading zeros are gone.",
    suggestion="请把该列设为“文本”格式后重新输入，例如 {padded}（请核对原始代码，xcert 不会替您补 0）。",
    description="A code such as 090300 typed as a number becomes 90300.",
)
NUMBER_IN_TEXT = issue_type(
    F_ROSTER_SHEET, "number-in-text-column", title="文本列中是数字格式", title_en="Number in a text column",
    severity=Severity.WARNING,
    message="“{header}”是数字格式（{shown}），平台模板要求文本格式。",
    message_en="'{header}' holds a number ({shown}); the template wants text.",
    suggestion="请把该列设为“文本”格式后重新输入。",
    description="A whole number that lost nothing, in a column the template formats as text.",
)
WRONG_CELL_TYPE = issue_type(
    F_ROSTER_SHEET, "wrong-cell-type", title="单元格类型不对", title_en="Wrong kind of cell",
    message="“{header}”应填写文字，这里是{kind}（{shown}）。",
    message_en="'{header}' should hold text; this cell holds a {kind_en} ({shown}).",
    suggestion="请把该单元格改为文本后按模板要求填写。",
    description="A date, time, true/false or fractional number where the template wants text.",
)
CELL_MISSING = issue_type(
    F_ROSTER_SHEET, "roster-cell-missing", title="必填项为空", title_en="Required cell empty",
    message="必填项“{header}”{state}。",
    message_en="The required cell '{header}' is {state_en}.",
    suggestion="请填写“{header}”：{hint}{extra}",
    description="A required cell with nothing usable in it: empty, only whitespace, the hidden part of a merged cell, "
                "or a formula without a saved value (the last two read as empty).",
)

# Reported by roster.importing

TYPE_CONFLICT = issue_type(
    F_ROSTER_SHEET, "roster-type-conflict",
    title="考生类型与已导入的不同", title_en="Already stored as the other candidate type",
    message="证件号码 {masked} 已作为{stored}导入，这份名单是{incoming}名单。",
    message_en="ID {masked} is already stored as a {stored_en} candidate; this roster is for {incoming_en} ones.",
    suggestion="同一个人只能是一种考生：如果他已离校、改按社会考生报考，请先 xcert students remove "
               "删除原记录（有报考的先撤销），再导入；否则请从这份名单中删去这一行。",
    description="A row of the school's roster whose person is stored as a social candidate (社会考生), or the "
                "reverse: an import never changes a person's type silently.",
)

# Reported by roster.rules.whitespace

ZERO_WIDTH = issue_type(
    F_WHITESPACE, "whitespace-zero-width", title="含有不可见字符", title_en="Invisible character",
    message="“{header}”含有看不见的零宽字符（常见于从网页或微信复制的内容）。",
    message_en="'{header}' contains a zero-width character.",
    description="A text cell contains a zero-width character.",
)
FULL_WIDTH = issue_type(
    F_WHITESPACE, "whitespace-full-width", title="含有全角空格", title_en="Full-width space",
    message="“{header}”含有全角空格（中文输入法下的空格）。",
    message_en="'{header}' contains a full-width space (U+3000).",
    description="A text cell contains a full-width space (U+3000).",
)
NO_BREAK = issue_type(
    F_WHITESPACE, "whitespace-no-break", title="含有不间断空格", title_en="No-break space",
    message="“{header}”含有不间断空格（常见于从网页复制的内容）。",
    message_en="'{header}' contains a no-break space (U+00A0).",
    description="A text cell contains a no-break space (U+00A0).",
)
CONTROL = issue_type(
    F_WHITESPACE, "whitespace-control", title="含有制表符或换行", title_en="Tab or line break",
    message="“{header}”含有制表符或换行（单元格内按了 Alt+回车）。",
    message_en="'{header}' contains a tab or a line break.",
    description="A text cell contains a tab or a line break.",
)
EDGES = issue_type(
    F_WHITESPACE, "whitespace-edges", title="首尾有空格", title_en="Leading or trailing space",
    message="“{header}”开头或结尾有空格。",
    message_en="'{header}' starts or ends with a space.",
    description="A text cell starts or ends with a space.",
)
DOUBLED = issue_type(
    F_WHITESPACE, "whitespace-doubled", title="连续多个空格", title_en="Doubled space",
    message="“{header}”中间有连续多个空格。",
    message_en="'{header}' has two or more spaces in a row.",
    description="A text cell has two or more spaces in a row.",
)
INSIDE = issue_type(
    F_WHITESPACE, "whitespace-inside", title="中间有空格", title_en="Space inside the value",
    message="“{header}”中间有空格，这一列不应有空格。",
    message_en="'{header}' has a space inside, where the column allows none.",
    description="A text cell has a space inside, where the column allows none.",
)
BETWEEN_HANZI = issue_type(
    F_WHITESPACE, "whitespace-between-hanzi", title="两个汉字之间有空格", title_en="Space between Chinese characters",
    message="“{header}”两个汉字之间有空格（如“计算机 平面设计”），平台按原样比对，会对不上。",
    message_en="'{header}' has a space between two Chinese characters.",
    description="A text cell has a space between two Chinese characters.",
)

# Reported by roster.rules.cell_text

FORMULA_LIKE = issue_type(
    F_CELL_TEXT, "text-formula-like", title="以公式符号开头", title_en="Starts like a formula",
    severity=Severity.WARNING,
    message="“{header}”以“{start}”开头，Excel/WPS 打开原表时可能把它当作公式执行。",
    message_en="'{header}' starts with '{start}': a spreadsheet may run it as a formula.",
    suggestion="xcert 只把它当作文字；请在原表中删除开头的“{start}”（或确认这就是要填写的内容）。",
    description="A text cell starting with =, +, -, @, a tab or a carriage return (OWASP's CSV-injection list, and "
                "the full-width forms): xcert writes it back as text with Excel's quote prefix, never as a formula, "
                "but the school's own file may evaluate it.",
)
CONTROL_CHARACTER = issue_type(
    F_CELL_TEXT, "text-control-character", title="含有控制字符", title_en="Control character",
    message="“{header}”含有看不见的控制字符 {chars}（常见于从其他系统导出的内容）。",
    message_en="'{header}' contains control characters {chars}.",
    suggestion="请删除这些字符后重新输入该单元格。",
    description="A text cell with a control character other than tab and line break (an escape, NUL, DEL, a C1 "
                "control or a bidirectional override): the platform accepts none, and a terminal would act on it. "
                "Shown as control pictures (␛).",
)

# Reported by roster.rules.names

NAME_LOOKALIKE_DOT = issue_type(
    F_NAMES, "name-lookalike-dot", title="姓名间隔号不对", title_en="Look-alike dot in a name",
    message="姓名“{name}”中的“{dots}”不是少数民族姓名使用的间隔号“·”，平台会认为姓名有误。",
    message_en="The name '{name}' separates its parts with {dots_en} instead of the middle dot '·' (U+00B7).",
    description="A minority name's parts are joined with a look-alike (・ • . ‧ ● ･ …) instead of the middle dot "
                "U+00B7.",
)
NAME_MISPLACED_DOT = issue_type(
    F_NAMES, "name-misplaced-dot", title="姓名间隔号位置不对", title_en="Misplaced dot in a name",
    message="姓名“{name}”中的间隔号“·”在开头、结尾或连续出现。",
    message_en="The name '{name}' has a middle dot at its start or end, or two in a row.",
    suggestion="请核对证件，间隔号只能出现在姓名的两部分之间。",
    description="A middle dot must sit between two parts of a minority name.",
)
NAME_HAS_DIGITS = issue_type(
    F_NAMES, "name-has-digits", title="姓名中有数字", title_en="Digits in a name",
    message="姓名“{name}”中有数字“{digits}”。",
    message_en="The name '{name}' contains the digits '{digits}'.",
    suggestion="请按身份证件上的姓名填写，删除数字。",
    description="A name contains digits (often a row number or an ID pasted into the wrong column).",
)
NAME_HAS_LATIN = issue_type(
    F_NAMES, "name-has-latin", title="姓名中有英文字母", title_en="Latin letters in a name", severity=Severity.WARNING,
    message="姓名“{name}”中有英文字母“{letters}”。外籍学生可按证件填写外文姓名，其他学生应填写中文姓名。",
    message_en="The name '{name}' contains the Latin letters '{letters}'; fine for a foreign student, wrong otherwise.",
    suggestion="请对照证件核实：中国籍学生请填写证件上的中文姓名。",
    description="A name contains Latin letters: right for a foreign name as on the passport, otherwise a mistake.",
)
NAME_INVALID_CHARACTER = issue_type(
    F_NAMES, "name-invalid-character", title="姓名中有不应出现的字符", title_en="Character not allowed in a name",
    message="姓名“{name}”中有不应出现在姓名中的字符“{chars}”。",
    message_en="The name '{name}' contains '{chars}', which does not belong in a name.",
    suggestion="请按身份证件上的姓名重新输入（不要从 PDF 或网页复制）。",
    description="A name contains punctuation, symbols, radicals or other characters that are neither Chinese "
                "characters nor the middle dot.",
)
NAME_TOO_SHORT = issue_type(
    F_NAMES, "name-too-short", title="姓名只有一个字", title_en="Name of one character",
    message="姓名“{name}”只有一个字，可能只填了姓或名。",
    message_en="The name '{name}' has only one character; the surname or the given name is probably missing.",
    suggestion="请按身份证件填写完整的姓名。",
    description="A name of a single character.",
)
NAME_TOO_LONG = issue_type(
    F_NAMES, "name-too-long", title="姓名过长", title_en="Unusually long name", severity=Severity.WARNING,
    message="姓名“{name}”有 {length} 个字，超过 {limit} 个字，请核实。",
    message_en="The name '{name}' has {length} characters, more than {limit}.",
    suggestion="请对照身份证件核实姓名。",
    description="A name (not a minority name) of more than 15 characters: often two cells run together.",
)
PINYIN_NOT_LATIN = issue_type(
    F_NAMES, "pinyin-not-latin", title="拼音中有非拼音字符", title_en="Pinyin contains other characters",
    message="姓名拼音“{pinyin}”中有“{chars}”，拼音只能由英文字母和空格组成，应为“{expected}”。",
    message_en="The pinyin '{pinyin}' contains '{chars}'; pinyin is Latin letters and spaces only; expected "
               "'{expected}'.",
    description="姓名拼音 contains Chinese characters, digits, punctuation (also '·') or full-width letters.",
)
PINYIN_TONE_MARKS = issue_type(
    F_NAMES, "pinyin-tone-marks", title="拼音带声调符号", title_en="Tone marks in pinyin",
    message="姓名拼音“{pinyin}”带有声调符号或 ü 等带符号的字母，平台只接受不带声调的字母，应为“{expected}”。",
    message_en="The pinyin '{pinyin}' has tone marks or ü; the platform takes toneless letters; expected '{expected}'.",
    description="姓名拼音 is written with tone marks (Zhāng) or ü instead of plain letters.",
)
PINYIN_WRONG_READING = issue_type(
    F_NAMES, "pinyin-wrong-reading", title="拼音与姓名读音不符", title_en="Pinyin does not match the name",
    message="姓名拼音“{pinyin}”与姓名“{name}”的读音不符，应为“{expected}”。",
    message_en="The pinyin '{pinyin}' is not a reading of the name '{name}'; expected '{expected}'.",
    description="姓名拼音 matches no legitimate reading of the name (surnames are read as surnames: 单 Shan, 曾 Zeng).",
)
PINYIN_COMPOUND_SURNAME = issue_type(
    F_NAMES, "pinyin-compound-surname-split", title="复姓拼音被拆开", title_en="Compound surname split",
    message="姓名拼音“{pinyin}”把复姓“{surname}”拆开了，复姓应连写，应为“{expected}”。",
    message_en="The pinyin '{pinyin}' splits the compound surname '{surname}', which is one word; expected "
               "'{expected}'.",
    description="A compound surname (复姓, e.g. 欧阳) is written as one word: Ouyang Xiu, not Ou Yangxiu.",
)
PINYIN_MISSING_SPACE = issue_type(
    F_NAMES, "pinyin-missing-space", title="拼音缺少空格", title_en="Missing space in pinyin",
    message="姓名拼音“{pinyin}”中{parts}之间没有用空格隔开，应为“{expected}”。",
    message_en="The pinyin '{pinyin}' does not separate {parts_en} with a space; expected '{expected}'.",
    description="The surname and the given name (or the parts of a minority name) are not separated by a space.",
)
PINYIN_EXTRA_SPACE = issue_type(
    F_NAMES, "pinyin-extra-space", title="拼音中多了空格", title_en="Extra space in pinyin",
    message="姓名拼音“{pinyin}”把{word}的拼音拆开了，{rule}，应为“{expected}”。",
    message_en="The pinyin '{pinyin}' splits {word_en} into syllables; each is one word; expected '{expected}'.",
    description="The given name's syllables are written apart (Zhang San Feng) instead of as one word (Zhang Sanfeng).",
)
PINYIN_CAPITALISATION = issue_type(
    F_NAMES, "pinyin-capitalisation", title="拼音大小写不对", title_en="Wrong capitalisation in pinyin",
    message="姓名拼音“{pinyin}”的大小写不对：姓和名各自首字母大写，其余字母小写，应为“{expected}”。",
    message_en="The pinyin '{pinyin}' is capitalised wrongly: each word starts with a capital, the rest is lower "
               "case; expected '{expected}'.",
    description="Each word of 姓名拼音 starts with a capital letter and continues in lower case (Zhang Sanfeng).",
)

# Reported by roster.rules.identity

GENDER_INVALID = issue_type(
    F_IDENTITY, "gender-invalid", title="性别填写不正确", title_en="Gender is not 男 or 女",
    message="性别填写为“{given}”，平台只接受“男”或“女”。",
    message_en="Gender is '{given}'; the platform accepts only 男 or 女.",
    suggestion="请从下拉列表中选择“男”或“女”。",
    description="性别 must be exactly 男 or 女, the values of the template's drop-down list.",
)
GENDER_ID_MISMATCH = issue_type(
    F_IDENTITY, "gender-id-mismatch", title="性别与证件号码不符", title_en="Gender disagrees with the ID number",
    message="性别填写为“{given}”，但证件号码第 17 位表示“{implied}”。",
    message_en="Gender is {given_en} but digit 17 of the ID number says {implied_en}.",
    suggestion="按证件号码应为“{implied}”：如果证件号码无误，请把性别改为“{implied}”，否则请核对证件号码。",
    description="In an 18-digit GB 11643 number (resident ID, residence permit, 2023 foreign permanent resident ID) "
                "digit 17 is odd for men and even for women.",
)
ID_TYPE_UNKNOWN = issue_type(
    F_IDENTITY, "id-type-unknown", title="证件类型不正确", title_en="Unknown ID type",
    message="证件类型“{given}”不是平台认可的类型。",
    message_en="ID type '{given}' is not one the platform accepts.",
    suggestion="请从下拉列表中选择：{allowed}。",
    description="证件类型 must be one of the platform's ID types (身份证 is the template's value for 居民身份证).",
)
ID_TYPE_MISMATCH = issue_type(
    F_IDENTITY, "id-type-mismatch", title="证件类型与号码不符", title_en="ID type does not fit the number",
    severity=Severity.WARNING,
    message="证件类型为“{declared}”，但证件号码是一个有效的{evident}号码。",
    message_en="The ID type is {declared_en} but the number is a valid {evident_en} number.",
    suggestion="请核对学生的证件：如果是{evident}，请把证件类型改为“{choice}”。",
    description="A valid 18-digit number of another type: a resident ID under 护照, or an HK/Macau/Taiwan (81/82/83) "
                "or foreigner (9) number under 居民身份证. Either the type or the number is wrong.",
)
ID_NUMBER_LENGTH = issue_type(
    F_IDENTITY, "id-number-length", title="证件号码位数不对", title_en="ID number has the wrong length",
    personal=PersonalData.ID_NUMBER,
    message="{type}号码应为 {expected} 位，这里是 {length} 位。",
    message_en="A {type_en} number has {expected} characters; this one has {length}.",
    suggestion="请对照证件逐位核对，补全漏填的或删去多余的字符。",
    description="An 18-character GB 11643 number (resident ID, residence permit, 2023 foreign permanent resident ID) "
                "that is longer or shorter.",
)
ID_NUMBER_FORMAT = issue_type(
    F_IDENTITY, "id-number-format", title="证件号码含有非法字符", title_en="ID number has invalid characters",
    personal=PersonalData.ID_NUMBER,
    message="{type}号码应为 17 位数字加 1 位校验位（数字或 X），这里含有其他字符。",
    message_en="A {type_en} number is 17 digits and a check character (digit or X); this one has other characters.",
    suggestion="请检查是否混入了字母、标点或全角数字，并对照证件重新输入。",
    description="An 18-character GB 11643 number with something other than ASCII digits (and a final X).",
)
ID_NUMBER_CHECKSUM = issue_type(
    F_IDENTITY, "id-number-checksum", title="证件号码校验位错误", title_en="ID number check digit wrong",
    personal=PersonalData.ID_NUMBER,
    message="{type}号码的校验位（最后一位）与前 17 位对不上，号码中至少有一位填错了。",
    message_en="The check digit of the {type_en} number does not match its first 17 digits; a character is wrong.",
    suggestion="校验位应为 {expected}；但也可能是前面某一位填错了，请对照证件逐位核对。",
    description="The MOD 11-2 check digit of GB 11643 does not match: some digit was mistyped or two were swapped.",
)
ID_NUMBER_BIRTH_DATE = issue_type(
    F_IDENTITY, "id-number-birth-date",
    title="证件号码中的出生日期不对", title_en="Birth date in the ID number is wrong", personal=PersonalData.ID_NUMBER,
    message="{type}号码第 7–14 位的出生日期{problem}。",
    message_en="The birth date in characters 7-14 of the {type_en} number {problem_en}.",
    suggestion="请对照证件核对号码中的出生日期部分。",
    description="Characters 7-14 of a GB 11643 number are not a real date, are after today or before 1900.",
)
ID_NUMBER_REGION = issue_type(
    F_IDENTITY, "id-number-region", title="证件号码地址码未知", title_en="Unknown address code in the ID number",
    severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    message="{type}号码前 6 位的地址码不是已知的县级行政区划代码。",
    message_en="The first 6 digits of the {type_en} number are not a known county-level division code.",
    suggestion="请对照证件核对前 6 位；若确认无误可以忽略（新设立区县的代码可能尚未收录）。",
    description="The address code is not in python-stdnum's table of division codes (any period, since the code is "
                "the household's when the number was issued). A warning: the table may lag new codes.",
)
ID_NUMBER_PROVINCE = issue_type(
    F_IDENTITY, "id-number-province", title="身份证号码的省份代码不对", title_en="Resident ID: no such province",
    personal=PersonalData.ID_NUMBER,
    message="居民身份证号码前 2 位是省级行政区划代码，这两位不是任何省份的代码，这个号码不可能是真实的身份证号码。",
    message_en="The first 2 digits of a resident ID are a province's code; these are no province's, so the number "
               "cannot be real.",
    suggestion="请对照身份证核对号码的前几位。",
    description="A 居民身份证 number whose first two digits are not a province-level division code in python-stdnum's "
                "table (an unknown county under a real province stays the warning id-number-region).",
)
ID_NUMBER_LOWERCASE_X = issue_type(
    F_IDENTITY, "id-number-lowercase-x", title="证件号码末位是小写 x", title_en="Lower-case x in the ID number",
    severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    message="证件号码最后一位是小写“x”。",
    message_en="The ID number ends in a lower-case x.",
    suggestion="请改为大写“X”。",
    description="The check character X written in lower case; the number is then checked as if upper case.",
)
ID_NUMBER_FIRST_GENERATION = issue_type(
    F_IDENTITY, "id-number-first-generation", title="15 位旧身份证号码", title_en="15-digit first-generation ID number",
    personal=PersonalData.ID_NUMBER,
    message="这是 15 位的第一代居民身份证号码，平台只接受 18 位号码。",
    message_en="This is a 15-digit first-generation resident ID number; the platform needs 18 digits.",
    suggestion="请按学生现在的居民身份证填写 18 位号码。",
    description="A first-generation (pre-1999) 15-digit resident ID number.",
)
RESIDENCE_PERMIT_REGION = issue_type(
    F_IDENTITY, "residence-permit-region",
    title="居住证号码地址码不对", title_en="Residence permit number has the wrong address code",
    personal=PersonalData.ID_NUMBER,
    message="港澳台居民居住证号码的前 6 位应为 810000（香港）、820000（澳门）或 830000（台湾）。",
    message_en="A residence permit number begins 810000 (HK), 820000 (Macau) or 830000 (Taiwan).",
    suggestion="请对照居住证核对号码。",
    description="A 港澳台居民居住证 number whose address code is not 810000, 820000 or 830000.",
)
HK_MACAU_PERMIT_FORMAT = issue_type(
    F_IDENTITY, "hk-macau-permit-format",
    title="港澳通行证号码格式不对", title_en="HK/Macau travel permit number malformed", personal=PersonalData.ID_NUMBER,
    message="港澳居民来往内地通行证号码应为 H 或 M 加 8 位数字（或加 10 位数字，含换证次数）。",
    message_en="An HK/Macau travel permit number is H or M and 8 digits (or 10 with the renewal count).",
    suggestion="请对照通行证核对号码。",
    description="港澳居民来往内地通行证: H (Hong Kong) or M (Macau) and 8 digits, or 10 with the renewal count.",
)
TAIWAN_PERMIT_FORMAT = issue_type(
    F_IDENTITY, "taiwan-permit-format",
    title="台湾通行证号码格式不对", title_en="Taiwan travel permit number malformed", personal=PersonalData.ID_NUMBER,
    message="台湾居民来往大陆通行证号码应为 8 位数字。",
    message_en="A Taiwan travel permit number is 8 digits.",
    suggestion="请对照通行证核对号码。",
    description="台湾居民来往大陆通行证: 8 digits.",
)
TAIWAN_PERMIT_OLD_FORMAT = issue_type(
    F_IDENTITY, "taiwan-permit-old-format",
    title="旧版台湾通行证号码", title_en="Old-style Taiwan travel permit number",
    severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    message="这是旧版台湾居民来往大陆通行证号码（8 位数字后带换证次数或括号中的字母）。",
    message_en="This is an old-style Taiwan travel permit number (8 digits and a renewal count or bracketed letter).",
    suggestion="请以学生现持的通行证为准，一般只填写前 8 位数字。",
    description="The old 10-character Taiwan travel permit form: 8 digits and 2 renewal digits or letters in brackets.",
)
FOREIGN_ID_FORMAT = issue_type(
    F_IDENTITY, "foreign-id-format", title="永居证号码格式不对", title_en="Foreign permanent resident ID malformed",
    personal=PersonalData.ID_NUMBER,
    message="外国人永久居留身份证号码应为 18 位（新版，以 9 开头）或 15 位（旧版，3 个字母加 12 位数字）。",
    message_en="A foreign permanent resident ID is 18 characters beginning with 9 (2023) or 3 letters and 12 digits "
               "(2017).",
    suggestion="请对照永居证核对号码，字母请用大写。",
    description="外国人永久居留身份证: 2023 form 18 characters beginning with 9 (then checked like GB 11643: check "
                "digit, birth date, gender; the province and nationality codes by foreign-id-province and "
                "foreign-id-nationality); 2017 form 3 letters and 12 digits (format only).",
)
FOREIGN_ID_PROVINCE = issue_type(
    F_IDENTITY, "foreign-id-province",
    title="永居证号码的省份代码不对", title_en="Foreign permanent resident ID: no such province",
    personal=PersonalData.ID_NUMBER,
    message="新版外国人永久居留身份证号码第 2–3 位是受理地的省级行政区划代码，这两位不是任何省份的代码。",
    message_en="Characters 2-3 of a 2023 foreign permanent resident ID are the issuing province's code; these are no "
               "province's.",
    suggestion="请对照永居证核对号码的第 2–3 位（例如北京为 11、上海为 31、广东为 44）。",
    description="A 2023-form 外国人永久居留身份证 whose characters 2-3 are not a province-level division code in "
                "python-stdnum's table of China's administrative divisions.",
)
FOREIGN_ID_NATIONALITY = issue_type(
    F_IDENTITY, "foreign-id-nationality",
    title="永居证号码的国籍代码不对", title_en="Foreign permanent resident ID: no such nationality",
    personal=PersonalData.ID_NUMBER,
    message="新版外国人永久居留身份证号码第 4–6 位是国籍代码（GB/T 2659 的数字代码），这三位不是任何国家或地区的代码。",
    message_en="Characters 4-6 of a 2023 foreign permanent resident ID are the nationality's ISO 3166-1 numeric code; "
               "these are no country's.",
    suggestion="请对照永居证核对号码的第 4–6 位（例如美国为 840、日本为 392、韩国为 410）。",
    description="A 2023-form 外国人永久居留身份证 whose characters 4-6 are not an ISO 3166-1 numeric country code "
                "(GB/T 2659) in pycountry's data.",
)
PASSPORT_FORMAT = issue_type(
    F_IDENTITY, "passport-format", title="护照号码格式不对", title_en="Passport number malformed",
    personal=PersonalData.ID_NUMBER,
    message="护照号码应为 5–17 位字母或数字。",
    message_en="A passport number is 5 to 17 letters or digits.",
    suggestion="请对照护照资料页核对号码，不要填写空格或标点。",
    description="护照: 5 to 17 letters or digits.",
)
ID_NUMBER_DUPLICATE = issue_type(
    F_IDENTITY, "id-number-duplicate", title="证件号码重复", title_en="Duplicate ID number",
    personal=PersonalData.ID_NUMBER,
    message="证件号码与{rows}相同。",
    message_en="The ID number is the same as in {rows_en}.",
    suggestion="同一名学生只能出现一次：请删除重复的行，或核对是否有人的号码填错了。",
    description="The same ID number (ignoring the case of X) in more than one row; every row involved is reported.",
)
PERSON_MULTIPLE_IDS = issue_type(
    F_IDENTITY, "person-multiple-ids", title="疑似同一人两个证件号码", title_en="Same person with two ID numbers?",
    severity=Severity.WARNING, personal=PersonalData.ID_NUMBER,
    message="{rows}的姓名与本行相同，证件号码中的出生日期也相同，但证件号码不同。",
    message_en="{rows_en} has the same name and birth date (from the ID number) but a different ID number.",
    suggestion="如果是同一名学生，请只保留号码正确的一行；如果是同名同生日的不同学生，可以忽略。",
    description="Two rows with the same name and the same birth date in their ID numbers but different numbers.",
)

# Reported by roster.rules.contact

MOBILE_SEPARATORS = issue_type(
    F_CONTACT, "mobile-separators", title="手机号码中有多余字符", title_en="Extra characters in the mobile number",
    personal=PersonalData.PHONE,
    message="手机号码中有{extras}，平台只接受 11 位数字。",
    message_en="The mobile number contains {extras_en}; the platform accepts 11 digits only.",
    suggestion="请改为 11 位数字：{cleaned}（中间四位已隐去）。",
    description=("A mainland mobile number written with spaces, hyphens, brackets, the +86 prefix, or full-width or "
                 "special-style digits (𝟗, ⑨)."),
)
MOBILE_LANDLINE = issue_type(
    F_CONTACT, "mobile-landline", title="填写的是固定电话", title_en="Landline instead of a mobile number",
    personal=PersonalData.PHONE,
    message="这像是固定电话号码，不是手机号码。",
    message_en="This looks like a landline number, not a mobile number.",
    suggestion="请填写手机号码（平台用它向学生发送短信）。",
    description="A landline number (area code and 7-8 digits, or 7-8 digits alone) where a mobile number is needed.",
)
MOBILE_LENGTH = issue_type(
    F_CONTACT, "mobile-length", title="手机号码位数不对", title_en="Mobile number has the wrong length",
    personal=PersonalData.PHONE,
    message="手机号码有 {length} 位数字，应为 11 位。",
    message_en="The mobile number has {length} digits; it should have 11.",
    suggestion="请核对手机号码，补全漏填的或删去多余的数字。",
    description="Digits beginning with 1 but not 11 of them.",
)
MOBILE_FORMAT = issue_type(
    F_CONTACT, "mobile-format", title="手机号码格式不对", title_en="Not a mainland mobile number",
    personal=PersonalData.PHONE,
    message="手机号码应为以 13–19 开头的 11 位数字，这里不是。",
    message_en="A mobile number is 11 digits beginning 13-19; this is not.",
    suggestion="请填写学生本人在中国大陆使用的手机号码（港澳台或境外号码平台无法接收短信）。",
    description="Anything else that is not a mainland mobile number: letters, another country's number, a wrong "
                "prefix such as 12.",
)

# Reported by roster.rules.enrolment

ENROLMENT_YEAR_FORMAT = issue_type(
    F_ENROLMENT, "enrolment-year-format", title="入学年份格式不对", title_en="Enrolment year malformed",
    message="入学年份“{given}”不是四位数字的年份。",
    message_en="Enrolment year '{given}' is not a four-digit year.",
    suggestion="请只填写四位年份，例如 2023。",
    description="入学年份 must be a four-digit year such as 2023 (no month, no 年, no 级).",
)
ENROLMENT_YEAR_FUTURE = issue_type(
    F_ENROLMENT, "enrolment-year-future", title="入学年份在今年之后", title_en="Enrolment year in the future",
    message="入学年份 {year} 在今年（{this_year}）之后。",
    message_en="Enrolment year {year} is after this year ({this_year}).",
    suggestion="请填写学生实际入学的年份，例如 {this_year} 或更早。",
    description="The enrolment year is after the current year.",
)
ENROLMENT_AGE_IMPOSSIBLE = issue_type(
    F_ENROLMENT, "enrolment-age-implausible", title="入学年龄不可能", title_en="Implausible age at enrolment",
    message="按证件号码中的出生年份，学生入学时约 {age} 岁，不在 12–60 岁之间。",
    message_en="By the birth year in the ID number the student was about {age} at enrolment, not 12 to 60.",
    suggestion="请核对入学年份和证件号码，其中至少有一个填错了。",
    description="Enrolment year minus the birth year from a valid ID number is below 12 or above 60.",
)
ENROLMENT_AGE_UNUSUAL = issue_type(
    F_ENROLMENT, "enrolment-age-unusual", title="入学年龄不常见", title_en="Unusual age at enrolment",
    severity=Severity.WARNING,
    message="按证件号码中的出生年份，学生入学时约 {age} 岁，不在常见的 14–30 岁之间。",
    message_en="By the birth year in the ID number the student was about {age} at enrolment, outside 14 to 30.",
    suggestion="请核对入学年份和证件号码；如确实无误可以忽略。",
    description="Enrolment year minus the birth year from a valid ID number is 12-13 or 31-60.",
)

# Reported by roster.rules.programs

LEVEL_UNKNOWN = issue_type(
    F_PROGRAMS, "program-level-unknown", title="专业层次不在平台列表中", title_en="Unknown program level",
    message="专业层次“{value}”不是平台可选的值。",
    message_en="Program level {value!r} is not one the platform offers.",
    suggestion="请填写以下之一：{allowed}",
    description="专业层次 must be one of the platform's levels.",
)
VERSION_FORMAT = issue_type(
    F_PROGRAMS, "program-version-format", title="专业版本格式不对", title_en="Bad catalogue version",
    message="专业版本“{value}”应为四位年份，例如 2010、2015 或 2021。",
    message_en="Catalogue version {value!r} should be a four-digit year such as 2010, 2015 or 2021.",
    suggestion="请填写专业目录的年份，例如 2010",
    description="专业版本 must be a four-digit catalogue year.",
)
VERSION_UNKNOWN = issue_type(
    F_PROGRAMS, "program-version-unknown", title="不常见的专业版本", title_en="Unfamiliar catalogue version",
    severity=Severity.WARNING,
    message="专业版本“{value}”不是 xcert 认识的专业目录年份（2010、2015、2021）。",
    message_en="Catalogue version {value!r} is not one xcert knows (2010, 2015, 2021).",
    suggestion="请在平台“证书对应专业”页面核对专业版本",
    description="A four-digit catalogue year other than 2010, 2015 or 2021.",
)
VERSION_FUTURE = issue_type(
    F_PROGRAMS, "program-version-future", title="专业版本是将来的年份", title_en="Catalogue version in the future",
    message="专业版本“{value}”是将来的年份（今年是 {year} 年），这样的专业目录还不存在。",
    message_en="Catalogue version {value!r} lies in the future ({year} now): no such catalogue exists.",
    suggestion="请填写专业目录的年份（2010、2015 或 2021），在平台“证书对应专业”页面核对",
    description="A four-digit catalogue year later than the current year: the number is wrong, not merely unfamiliar.",
)
CODE_FORMAT = issue_type(
    F_PROGRAMS, "program-code-format", title="专业代码格式不对", title_en="Bad program code",
    message="专业代码“{value}”不符合{version}目录的代码格式（{shape}）。",
    message_en="Program code {value!r} does not have the {version} catalogue's shape ({shape}).",
    suggestion="请在平台“证书对应专业”页面复制专业代码",
    description="专业代码 must have its catalogue's shape.",
)
CATALOGUE_NOT_LOADED = issue_type(
    F_PROGRAMS, "program-catalogue-not-loaded", title="未加载专业目录", title_en="No program catalogue loaded",
    severity=Severity.WARNING,
    message="没有加载专业目录，只检查了专业信息的格式，没有核对专业名称与代码是否对应。",
    message_en="No program catalogue was loaded: program columns were checked for format only.",
    suggestion="从平台“证书对应专业”页面复制专业列表存为 CSV，用 --catalogue 指定后重新检查",
    description="Said once per file when no catalogue is given; names and codes are then not cross-checked.",
)
NOT_IN_CATALOGUE = issue_type(
    F_PROGRAMS, "program-not-in-catalogue", title="专业代码不在专业目录中", title_en="Program not in catalogue",
    message="专业目录中没有{level}专业代码“{code}”（{version}版）。",
    message_en="The catalogue has no {level} program with code {code!r} (version {version}).",
    suggestion="请核对专业代码、专业层次和专业版本",
    description="The level, code and version name no program in the loaded catalogue.",
)
NAME_MISMATCH = issue_type(
    F_PROGRAMS, "program-name-mismatch", title="专业名称与代码不一致", title_en="Program name does not match code",
    message="专业代码“{code}”在专业目录中是“{expected}”，这里写的是“{value}”。",
    message_en="Program code {code!r} is {expected!r} in the catalogue, not {value!r}.",
    suggestion="改为“{expected}”",
    description="就读专业 differs from the catalogue's name for the code.",
)

# Reported by roster.rules.education

EDUCATION_UNKNOWN = issue_type(
    F_EDUCATION, "roster-education-unknown",
    title="最高学历不是列表中的选项", title_en="Education level not in the list",
    message="最高学历“{value}”不是模板列表中的选项。",
    message_en="The education level {value!r} is not one of the template's choices.",
    suggestion="请从下拉列表选择：{choices}。",
    description="A social candidate's 最高学历 that is none of the template's levels (or the words people also use "
                "for them, such as 大专 or 硕士).",
)
