"""The student roster (考生信息, the platform's "本校学生导入模板"): columns, header detection, the table rules
check, and the rule families that check it. Pure Python: readers hand in a
:class:`~xcert_core.ports.workbooks.SheetData`; nothing here touches a file.
"""
