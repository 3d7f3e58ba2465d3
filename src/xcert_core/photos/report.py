"""What a photo check and a photo fix report: findings with the zip entry they concern, the (masked) ID number
and whether ``xcert photos fix`` repairs them; and, for a fix, what happened to each file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrs import frozen

from xcert_core.issues import Issue, IssueReport
from xcert_core.labels import LabelledEnum, Severity
from xcert_core.photos.names import display_name


@frozen
class PhotoFinding:
    """One issue of a photo zip.

    ``entry`` is the entry's name exactly as it is inside the zip (``None`` for the zip as a whole or for a
    candidate without a photo); ``issue.entry`` holds the same name with an ID-like stem masked, for display.
    ``id_number`` is the masked ID number the finding concerns, if any. ``fixable``: ``xcert photos fix``
    repairs this finding (converting, scaling, renaming, or leaving a non-photo out).
    """

    issue: Issue
    entry: str | None = None
    id_number: str | None = None
    fixable: bool = False

    @property
    def code(self) -> str:
        return self.issue.code

    @property
    def severity(self) -> Severity:
        return self.issue.severity

    def to_json(self) -> dict[str, Any]:
        """The command line's JSON form: ``entry`` (ID-like names masked, :func:`~.names.display_name`),
        ``id_number`` (masked), ``code``, ``severity``, ``message``, ``fixable``."""
        return {"entry": display_name(self.entry) if self.entry else None, "id_number": self.id_number,
                "code": self.issue.code,
                "severity": self.issue.severity.value, "message": self.issue.message, "fixable": self.fixable}


@frozen
class PhotoReport:
    """The findings of one photo zip: entries in zip order, then the roster's candidates without a photo.
    ``photos`` counts the entries that are pictures by name or content."""

    file: str
    photos: int
    findings: tuple[PhotoFinding, ...] = ()

    def issue_report(self) -> IssueReport:
        """The findings' issues as an :class:`~xcert_core.issues.IssueReport` (each ``entry`` masked for display),
        for what takes any check's report (the import history)."""
        return IssueReport(tuple(finding.issue for finding in self.findings), file=self.file)

    def __iter__(self) -> Iterator[PhotoFinding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def errors(self) -> tuple[PhotoFinding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[PhotoFinding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 without errors (warnings allowed), 1 with at least one error."""
        return 1 if self.has_errors else 0

    def to_json(self) -> dict[str, Any]:
        """``{"file": …, "photos": N, "issues": [...]}`` (see :meth:`PhotoFinding.to_json`)."""
        return {"file": self.file, "photos": self.photos, "issues": [f.to_json() for f in self.findings]}


class FixAction(LabelledEnum):
    """What ``fix`` did with one entry of the input zip; ``label`` is the Chinese word the report uses."""

    KEPT = ("kept", "保留")
    """A photo that was already right: its pixels are copied unchanged (metadata removed losslessly)."""
    FIXED = ("fixed", "已修复")
    """A photo that was converted, scaled, rotated, re-compressed or renamed."""
    LEFT_OUT = ("left-out", "未放入")
    """A photo with a problem ``fix`` must not repair: not in the output; its candidate stays 无照片."""
    DROPPED = ("dropped", "已去掉")
    """Not a photo (system clutter, another kind of file, a second identical copy): not in the output."""


@frozen
class FixedFile:
    """One entry of the input zip after ``fix``: what became of it (``output`` is its name in the output zip,
    ``None`` when it is not there) and ``changes``, the Chinese list of what was done or why not."""

    entry: str
    display: str
    id_number: str | None
    action: FixAction
    output: str | None = None
    changes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``entry`` and ``output`` with ID-like names masked (:func:`~.names.display_name`), ``id_number``
        masked, ``action``, ``changes``."""
        return {"entry": display_name(self.entry), "id_number": self.id_number, "action": self.action.value,
                "output": display_name(self.output) if self.output else None, "changes": list(self.changes)}


@frozen
class FixReport:
    """The outcome of ``fix``: the input's check, each entry's fate, and the findings that remain for the
    output (problems ``fix`` does not repair, and candidates without a photo)."""

    file: str
    out: str | None
    check: PhotoReport
    files: tuple[FixedFile, ...]
    remaining: tuple[PhotoFinding, ...]

    @property
    def written(self) -> int:
        return sum(1 for f in self.files if f.output is not None)

    @property
    def exit_code(self) -> int:
        """0 when the output holds every photo and nothing remains to be done, 1 otherwise."""
        return 1 if any(f.severity is Severity.ERROR for f in self.remaining) else 0

    def to_json(self) -> dict[str, Any]:
        """``{"file", "out", "photos", "written", "files": [...], "issues": [...]}``; ``issues`` are the
        remaining findings in :meth:`PhotoFinding.to_json` form."""
        return {"file": self.file, "out": self.out, "photos": self.check.photos, "written": self.written,
                "files": [f.to_json() for f in self.files], "issues": [f.to_json() for f in self.remaining]}
