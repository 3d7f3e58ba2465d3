"""Step 5 as use cases: batch verification (批量认证) of the pending candidates and manual confirmation (人工确认).

:func:`verify_candidates` sends every candidate in 信息待认证 (and any left in 认证中 by an interrupted run) to an
identity verifier and applies its verdicts through the state machine
(:class:`~xcert_core.verification.service.VerificationService`): each candidate's change is its own transaction
with its record, so an interrupted run loses nothing and is simply run again. :func:`confirm_candidates` turns
candidates in 需人工确认 into 信息准确 (or, rejecting, back to 信息待认证) with an operator and a reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from attrs import frozen

from xcert_adapters.app.errors import RequestError
from xcert_adapters.workbooks.selection import read_sheet
from xcert_adapters.workspace import Workspace
from xcert_core.errors import UnreadableFileError
from xcert_core.labels import VerificationEvent, VerificationState
from xcert_core.model import Candidate
from xcert_core.photos.names import normalise_number
from xcert_core.ports.verification import IdentityVerifier
from xcert_core.privacy import mask_id_number
from xcert_core.registry import AdapterKind
from xcert_core.verification.service import BatchReport, VerificationService

PRECHECK = "precheck"
"""The offline pre-check: what the platform would certainly reject, found before uploading."""
SIMULATED = "fake"
"""The simulated verifier: made-up verdicts, allowed only in a practice workspace (``[workspace] practice``)."""
NEEDS_RESULTS = "platform-results"
"""The verifier that reads the platform's exported candidate list (``results``)."""


@frozen
class VerifyOutcome:
    """A batch verification: what happened to each candidate, and the states of all the school's candidates
    afterwards. ``done``: every candidate of the batch is now 信息准确."""

    verifier: str
    batch: BatchReport
    states: Counter[VerificationState]

    @property
    def results(self) -> Counter[VerificationState]:
        """How many of the batch ended in each state (errors left out)."""
        return Counter(o.after for o in self.batch.outcomes if not o.error)

    @property
    def done(self) -> bool:
        return all(not o.error and o.after is VerificationState.VERIFIED for o in self.batch.outcomes)

    @property
    def precheck(self) -> bool:
        """The verifier was the offline pre-check, which can find problems but never say 信息准确."""
        return self.verifier == PRECHECK

    @property
    def passed(self) -> bool:
        """What this verifier could decide went well: everyone verified, or, for the pre-check, no error and
        nobody it would send to 需人工确认 (the public-security comparison on the platform comes next)."""
        if not self.precheck:
            return self.done
        return all(not o.error and o.after is not VerificationState.NEEDS_REVIEW for o in self.batch.outcomes)


@frozen
class ConfirmOutcome:
    """A manual confirmation (or rejection): each candidate's change, what named nobody (as given), and what
    named several candidates (as given, with how many)."""

    event: VerificationEvent
    batch: BatchReport
    not_found: tuple[str, ...]
    ambiguous: tuple[tuple[str, int], ...] = ()

    @property
    def done(self) -> bool:
        return not self.not_found and not self.ambiguous and not self.batch.errors


_NAME_AND_DIGITS = re.compile(r"(?P<name>[^\s:：]+)\s*[:：]\s*(?P<tail>[0-9Xx]{4})")
_MASKED = re.compile(r"(?P<head>[0-9A-Za-z]{3})\*{6,}(?P<tail>[0-9Xx]{4})")


def shown_as_typed(given: str) -> str:
    """What a teacher typed to name a student, fit to be shown back: masked when it is (most of) an ID number,
    as typed when it is a name (``张三``, ``张三:3418``)."""
    return mask_id_number(given) if sum(ch.isdigit() for ch in given) >= 6 else given


def candidates_named(candidates: Sequence[Candidate], given: str) -> list[Candidate]:
    """The candidates ``given`` names, as a teacher would name them from what xcert shows:

    * the full ID number (a lower-case x is the same as X);
    * the masked number a list prints (``110***********3418``): its first 3 and last 4 characters;
    * the name, ``张三``;
    * the name and the last 4 characters of the number, ``张三:3418`` (a full-width colon too).

    More than one candidate means ``given`` is ambiguous; none, that it names nobody."""
    text = given.strip()
    number = normalise_number(text)
    exact = [c for c in candidates if normalise_number(c.id_number) == number]
    if exact:
        return exact
    if masked := _MASKED.fullmatch(text):
        head, tail = masked["head"].upper(), masked["tail"].upper()
        return [c for c in candidates if len(c.id_number) >= 15 and c.id_number.upper().startswith(head)
                and c.id_number.upper().endswith(tail)]
    if named := _NAME_AND_DIGITS.fullmatch(text):
        tail = named["tail"].upper()
        return [c for c in candidates if c.name == named["name"] and c.id_number.upper().endswith(tail)]
    return [c for c in candidates if c.name == text]


NAME_HEADERS = ("姓名", "学生姓名", "考生姓名")
NUMBER_HEADER = "证件号码"


def _list_headers(rows: Sequence[Sequence[object]]) -> Iterator[tuple[int, int | None, int | None]]:
    """Per row: its index, where a 姓名 header is and where a header starting with 证件号码 is."""
    for index, row in enumerate(rows):
        headers = [str(cell).strip().lstrip("*") if cell is not None else "" for cell in row]
        yield (index, next((n for n, h in enumerate(headers) if h in NAME_HEADERS), None),
               next((n for n, h in enumerate(headers) if h.startswith(NUMBER_HEADER)), None))


def students_in_workbook(workspace: Workspace, file: Path, sheet: str | None = None) -> list[str]:
    """The students a workbook lists, each as :func:`candidates_named` takes it — ``姓名:后四位`` when the row has
    an ID number (full or masked, as ``xcert students list --report`` writes it), else the name — so a teacher
    can confirm from a list she passed round and trimmed. The header (a 姓名 column, and a column whose header
    starts with 证件号码) is looked for in the first 20 rows; rows without a name or number are skipped.
    :class:`~xcert_core.errors.UnreadableFileError` when no header is found."""
    data = read_sheet(file, workspace.plugins, sheet)
    found = next(((index, name_at, number_at) for index, name_at, number_at in _list_headers(data.rows[:20])
                  if name_at is not None), None)
    if found is None:
        raise UnreadableFileError(file.name, f"在前 20 行中找不到“姓名”列（{'、'.join(NAME_HEADERS)}），"
                                             "请用 xcert students list --report 生成的名单")
    index, name_at, number_at = found
    assert name_at is not None  # the search above kept only rows with one
    given: list[str] = []
    for row in data.rows[index + 1:]:
        name = str(row[name_at]).strip() if name_at < len(row) and row[name_at] is not None else ""
        number = (str(row[number_at]).strip() if number_at is not None and number_at < len(row)
                  and row[number_at] is not None else "")
        if name and len(number) >= 4:  # the last four characters
            given.append(f"{name}:{number[-4:]}")
        elif name or number:
            given.append(name or number)
    return given


def identity_verifier(workspace: Workspace, name: str, results: Path | None = None) -> IdentityVerifier:
    """The verifier registered as ``name``, made with keyword options like every plug-in (``results``: the
    platform's exported list, given to :data:`NEEDS_RESULTS` as ``path``); :class:`RequestError` for an unknown
    name, a missing or needless file, or the simulated verifier outside a practice workspace (its made-up
    verdicts would pass for the platform's)."""
    plugins = workspace.plugins
    names = plugins.registry.names(AdapterKind.IDENTITY_VERIFIER)
    if name not in names:
        raise RequestError(f"没有名为“{name}”的认证方式，可选：{'、'.join(names)} / unknown verifier {name!r}")
    if name == SIMULATED and not workspace.config.practice:
        raise RequestError("模拟认证（--verifier fake）的结果是编造的，只能用于练习工作区（xcert init --practice、"
                           "xcert demo）。真实工作区请先用 xcert verify 预检，上传平台比对后再用 --verifier "
                           "platform-results --results 平台导出.xlsx / the simulated verifier is for practice "
                           "workspaces only")
    if name == NEEDS_RESULTS:
        if results is None:
            raise RequestError("--verifier platform-results 需要用 --results 指定从平台“考生管理”批量导出的考生"
                               "名单 / platform-results needs --results FILE")
        verifier = plugins.verifier(name, path=results, plugins=plugins)
        return verifier
    if results is not None:
        raise RequestError("--results 只用于 --verifier platform-results / --results is only for platform-results")
    verifier = plugins.verifier(name)
    return verifier


def state_counts(workspace: Workspace) -> Counter[VerificationState]:
    """How many of the school's candidates are in each state."""
    return Counter(c.state for c in workspace.storage.list(Candidate, school_code=workspace.school_code))


def verify_candidates(workspace: Workspace, verifier_name: str = "precheck", *, results: Path | None = None,
                      progress: Callable[[int, int], None] | None = None) -> VerifyOutcome:
    """Verify every pending candidate of the school with the verifier ``verifier_name`` (``progress(done,
    total)`` is called as candidates are done)."""
    verifier = identity_verifier(workspace, verifier_name, results)
    report = VerificationService(workspace.storage).verify(verifier, school_code=workspace.school_code,
                                                           actor=f"xcert verify ({verifier_name})", progress=progress)
    return VerifyOutcome(verifier_name, report, state_counts(workspace))


def confirm_candidates(workspace: Workspace, id_numbers: Sequence[str], *, operator: str, reason: str,
                       reject: bool = False) -> ConfirmOutcome:
    """Confirm (or, ``reject``, send back to 信息待认证) the school's candidates ``id_numbers`` names (each a full
    or masked number, a name, or a name with the number's last 4 characters: :func:`candidates_named`) that are
    in 需人工确认, recording ``operator`` and ``reason``; candidates in another state are reported, not changed,
    and so is what names nobody or several candidates.
    :class:`RequestError` for a blank reason or operator (a manual confirmation must name a person and why)."""
    if not reason.strip():
        raise RequestError("--reason 不能为空 / --reason must not be blank")
    if not operator.strip():
        raise RequestError("请用 --operator 写明操作人 / pass --operator NAME")
    storage = workspace.storage
    stored = storage.list(Candidate, school_code=workspace.school_code)
    keys: list[tuple[str, str]] = []
    missing: list[str] = []
    ambiguous: list[tuple[str, int]] = []
    for given in dict.fromkeys(id_numbers):
        found = candidates_named(stored, given)
        if not found:
            missing.append(given)
        elif len(found) > 1:
            ambiguous.append((given, len(found)))
        else:
            keys.append((found[0].school_code, found[0].id_number))
    event = VerificationEvent.REJECTED if reject else VerificationEvent.CONFIRMED
    report = VerificationService(storage).record_many(dict.fromkeys(keys), event, actor=operator, reason=reason)
    return ConfirmOutcome(event, report, tuple(missing), tuple(ambiguous))
