"""Issue types and issues: how xcert reports a problem in user data.

User data is never validated by raising. A rule *yields* :class:`Issue` values, each made from a catalogued
:class:`IssueType` (``ID_CHECKSUM.at(row=7, column="证件号码", expected="X")``), and a collector gathers them
into a report. Exceptions are for programmer and infrastructure errors (:mod:`xcert_core.errors`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import Any

import attrs
from attrs import field, frozen

from xcert_core.labels import Severity
from xcert_core.privacy import mask_id_number, mask_phone

KEBAB_CASE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class PersonalData(enum.Enum):
    """Kinds of personal data an issue's ``value`` may hold, each with its mask."""

    ID_NUMBER = "id_number"
    PHONE = "phone"

    def mask(self, value: str) -> str:
        masks: dict[PersonalData, Callable[[str], str]] = {
            PersonalData.ID_NUMBER: mask_id_number,
            PersonalData.PHONE: mask_phone,
        }
        return masks[self](value)


def _kebab_case(instance: Any, attribute: Any, value: str) -> None:
    if not KEBAB_CASE.fullmatch(value):
        raise ValueError(f"issue code {value!r} is not kebab-case (e.g. 'id-number-checksum')")


@frozen
class Issue:
    """One problem found in user data, with where it is and what to do.

    ``row`` is the worksheet row as Excel shows it (1-based) or ``None`` for a file-level issue; ``column`` is
    the header text without ``*`` (e.g. ``证件号码``); ``entry`` names a member of a zip. ``message`` and
    ``suggestion`` are Chinese, for the school person; ``message_en`` is for developers and logs. ``value`` is
    the offending cell value, already masked when it is personal data.
    """

    code: str = field(validator=_kebab_case)
    severity: Severity
    message: str
    message_en: str = ""
    row: int | None = None
    column: str | None = None
    file: str | None = None
    entry: str | None = None
    value: str | None = None
    suggestion: str | None = None

    def with_severity(self, severity: Severity) -> Issue:
        return attrs.evolve(self, severity=severity)

    @property
    def location(self) -> str:
        """Where the issue is, in Chinese: ``roster.xlsx 第7行 证件号码列``."""
        parts = [part for part in (self.file, self.entry) if part]
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列")
        return " ".join(parts) or "整个文件"


@frozen
class IssueType:
    """A catalogued kind of issue: stable code, titles, message templates and default severity.

    ``message``/``message_en``/``suggestion`` are :meth:`str.format` templates over the keyword parameters
    given to :meth:`at`; a missing parameter is a programmer error (``KeyError``). ``personal`` says what kind
    of personal data the ``value`` holds, so :meth:`at` masks it. The (masked) ``value`` is also available to
    the templates as ``{value}``.
    """

    code: str = field(validator=_kebab_case)
    title: str
    title_en: str
    message: str
    message_en: str
    severity: Severity = Severity.ERROR
    family: str = "core"
    description: str = ""
    suggestion: str | None = None
    personal: PersonalData | None = None

    def at(
        self,
        *,
        row: int | None = None,
        column: str | None = None,
        file: str | None = None,
        entry: str | None = None,
        value: str | None = None,
        suggestion: str | None = None,
        **params: Any,
    ) -> Issue:
        """Make an issue of this type at a location. ``suggestion`` overrides the type's template.

        Text parameters longer than :data:`MAX_SHOWN` characters are shortened in the message and suggestion
        (``开头…（共 N 字）``): a cell pasted full of text must not flood the report."""
        if value is not None and self.personal is not None:
            value = self.personal.mask(value)
        if value is not None:
            params.setdefault("value", value)
        params = {key: shortened(item) if isinstance(item, str) else item for key, item in params.items()}
        if suggestion is None and self.suggestion is not None:
            suggestion = self.suggestion.format(**params)
        elif suggestion is not None and len(suggestion) > 4 * MAX_SHOWN:
            suggestion = shortened(suggestion, 4 * MAX_SHOWN)
        return Issue(
            code=self.code,
            severity=self.severity,
            message=self.message.format(**params),
            message_en=self.message_en.format(**params),
            row=row,
            column=column,
            file=file,
            entry=entry,
            value=value,
            suggestion=suggestion,
        )


MAX_SHOWN = 80
"""The longest text parameter an issue's message shows in full."""


def shortened(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` itself when it has at most ``limit`` characters, else its start and its length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit // 2]}…（共 {len(text)} 字）"


def issue_type(family: str, code: str, *, title: str, title_en: str, message: str, message_en: str | None = None,
               suggestion: str | None = None, description: str | None = None, severity: Severity = Severity.ERROR,
               personal: PersonalData | None = None) -> IssueType:
    """The one constructor of issue types: every package's ``issue_types.py`` builds its types with it, so a
    type reads the same way wherever it is defined. ``message_en`` and ``description`` default to the English
    title with a full stop (a check whose Chinese message carries the detail); the rest is :class:`IssueType`."""
    return IssueType(code=code, family=family, title=title, title_en=title_en, message=message,
                     message_en=title_en + "." if message_en is None else message_en, suggestion=suggestion,
                     severity=severity, description=title_en + "." if description is None else description,
                     personal=personal)

