"""The platform-results verifier: applies the states the X platform shows, read from the candidate list the
school exports from 考生管理 (批量导出), to the candidates being verified.

The export is read with the registered workbook readers; its header row (within the first 50 rows) must have
a ``证件号码`` column and a state column (``状态``, ``学生信息状态`` or ``认证状态``). Per candidate:
信息准确 → ``MATCHED``, 需人工确认 → ``MISMATCHED``, anything else (信息待认证, 认证中, 无照片) → ``NO_VERDICT``
(the platform has not decided yet); a candidate missing from the export gets no result and is retried. An
unusable export, or one without those columns, is an :class:`~xcert_core.errors.UnreadableFileError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from xcert_adapters.workbooks.selection import read_sheet
from xcert_core.errors import UnreadableFileError
from xcert_core.hookspecs import Register, hookimpl
from xcert_core.labels import VerificationState
from xcert_core.model import Candidate
from xcert_core.plugins import XcertPlugins, make_plugin_manager
from xcert_core.ports.verification import IdentityVerifierFactory, VerificationOutcome, VerificationResult
from xcert_core.roster.columns import HEADER_SEARCH_ROWS, header_text

STATE_HEADERS = ("状态", "学生信息状态", "认证状态")
OUTCOMES = {VerificationState.VERIFIED: VerificationOutcome.MATCHED,
            VerificationState.NEEDS_REVIEW: VerificationOutcome.MISMATCHED}


def read_platform_states(path: Path, plugins: XcertPlugins) -> dict[str, VerificationState]:
    """ID number (upper case) -> the state the platform shows, from an exported candidate list."""
    sheet = read_sheet(path, plugins)
    index, id_column, state_column = _header(sheet.rows, path)
    states: dict[str, VerificationState] = {}
    for number, cells in enumerate(sheet.rows[index + 1:], start=index + 2):
        id_number = cells[id_column] if id_column < len(cells) else None
        label = cells[state_column] if state_column < len(cells) else None
        if id_number is None and label is None:
            continue
        if not isinstance(id_number, str) or not isinstance(label, str):
            raise UnreadableFileError(str(path), f"第{number}行的证件号码或状态为空或不是文本，请重新从平台导出")
        try:
            states[id_number.strip().upper()] = VerificationState.from_label(label.strip())
        except ValueError:
            raise UnreadableFileError(str(path), f"第{number}行的状态“{label.strip()}”不是平台的考生状态") from None
    return states


def _header(rows: Sequence[Sequence[object]], path: Path) -> tuple[int, int, int]:
    """(header row index, 证件号码 column, state column), or UnreadableFileError."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [header_text(cell) for cell in row]  # type: ignore[arg-type]
        state_column = next((texts.index(h) for h in STATE_HEADERS if h in texts), None)
        if "证件号码" in texts and state_column is not None:
            return index, texts.index("证件号码"), state_column
    raise UnreadableFileError(str(path), "找不到“证件号码”和“状态”列，请上传从平台“考生管理”批量导出的考生名单")


class PlatformResultsVerifier:
    """Verifier over a platform export (see the module docstring); ``path`` is the exported file."""

    def __init__(self, path: Path | str, plugins: XcertPlugins | None = None) -> None:
        self.path = Path(path)
        self.states = read_platform_states(self.path, plugins or make_plugin_manager())

    def verify(self, candidates: Sequence[Candidate]) -> Iterator[VerificationResult]:
        for candidate in candidates:
            state = self.states.get(candidate.id_number.upper())
            if state is None:
                continue
            outcome = OUTCOMES.get(state, VerificationOutcome.NO_VERDICT)
            yield VerificationResult(candidate.school_code, candidate.id_number, outcome,
                                     (f"平台显示“{state.label}”",))


@hookimpl
def xcert_register_identity_verifiers(register: Register[IdentityVerifierFactory]) -> None:
    register("platform-results", PlatformResultsVerifier)
