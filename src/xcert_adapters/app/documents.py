"""Step 10 as a use case: the printed pack of a plan from what the workspace stores.

Reads the plan's seat and proctor assignments (written by scheduling or a platform sync), the candidates (name,
gender, ID number, photo), the exam sites (name, address), the certificate's name, the rooms and the proctors, and
writes into the output folder (default ``output/<plan code>`` in the workspace):

* the PDFs of :mod:`xcert_adapters.app.pack_files` — 准考证, 桌贴, 门贴 and 签到表, per room and combined — with
  each candidate's ID photo embedded as it is (JPEG bytes passed through, once per file);
* the Excel exports 排考明细.xlsx, 监考安排.xlsx and 考场列表.xlsx (:mod:`xcert_core.scheduling.exports`);
* ``manifest.json`` with every file's fingerprint: a re-run rewrites only the files whose content changed
  (after a seat change, the affected rooms' files and the combined ones).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from xcert_adapters.app.errors import RequestError
from xcert_adapters.app.pack_files import (
    PackResult,
    PhotoHashes,
    PlannedFile,
    Progress,
    fingerprint,
    planned_documents,
    total_weight,
    write_pack,
)
from xcert_adapters.app.reports import build_report
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError
from xcert_core.issues import IssueReport
from xcert_core.labels import SeatOrigin
from xcert_core.model import (
    Candidate,
    Certificate,
    ExamPlan,
    ExamRoom,
    ExamSite,
    PhotoRef,
    Proctor,
    ProctorAssignment,
    SeatAssignment,
)
from xcert_core.ports.rendering import Document, Renderer
from xcert_core.ports.workbooks import SheetModel, WorkbookWriter
from xcert_core.privacy import mask_id_number
from xcert_core.scheduling.documents import CandidateFacts, DocumentSet, build_documents, stored_result
from xcert_core.scheduling.exports import (
    PersonFacts,
    assignment_sheet,
    proctor_sheet,
    room_sheet,
)
from xcert_core.scheduling.issue_types import SITE_ADDRESS_MISSING
from xcert_core.scheduling.stored import get_plan, school_seats


@frozen
class StoredPack:
    """What the printed pack of one plan is made from, read from storage: the document models and the
    Excel sheets, plus the photo files that should exist but do not."""

    plan: ExamPlan
    documents: DocumentSet
    sheets: tuple[SheetModel, ...]
    missing_photos: tuple[str, ...]
    sites_without_address: tuple[tuple[str, str], ...] = ()
    """(code, name) of the sites in use whose 考点地址 is empty: the tickets cannot be printed."""


def _masked_location(location: str) -> str:
    """A photo location for a message: its file name is the ID number (``photos/<证件号码>.jpg``), masked."""
    path = Path(location)
    return location if not path.stem else str(path.with_name(mask_id_number(path.stem) + path.suffix))


def _photo(workspace: Workspace, photo: PhotoRef | None) -> PhotoRef | None:
    """The photo with its location made absolute (stored locations are relative to the workspace folder)."""
    if photo is None:
        return None
    return attrs.evolve(photo, location=str(workspace.root / photo.location))


def _candidates(workspace: Workspace, id_numbers: set[str]) -> dict[str, Candidate]:
    """The candidates of ``id_numbers``: the workspace school's record first, else any school's."""
    storage = workspace.storage
    found = {c.id_number: c for c in storage.list(Candidate, school_code=workspace.school_code)
             if c.id_number in id_numbers}
    for candidate in storage.list_in(Candidate, "id_number", id_numbers - set(found)):
        found.setdefault(candidate.id_number, candidate)  # key order: the lowest school code first
    return found


def load_pack(workspace: Workspace, plan_code: str, school_code: str | None = None) -> StoredPack:
    """Read everything the pack of ``plan_code`` needs; :class:`XcertError` when the plan is unknown or has
    no stored seat assignments. With ``school_code``, the pack of that school's part only (what the organisation
    publishes to it): the seats of the candidates it registered and the places of its own proctors, so no
    document names another school's candidate or teacher."""
    storage = workspace.storage
    plan = storage.find(ExamPlan, (plan_code,))
    if plan is None:
        known = "、".join(p.code for p in storage.list(ExamPlan)) or "无"
        raise RequestError(f"考试计划 {plan_code} 不存在（已有：{known}）/ no exam plan {plan_code}")
    if school_code is None:
        seats = storage.list(SeatAssignment, plan_code=plan_code)
        proctoring = storage.list(ProctorAssignment, plan_code=plan_code)
    else:
        seats = school_seats(storage, plan_code, school_code)
        proctoring = storage.list(ProctorAssignment, plan_code=plan_code, school_code=school_code)
    if not seats and (school_code is None or not storage.values(SeatAssignment, ("id_number",), plan_code=plan_code)):
        raise RequestError(f"考试计划 {plan_code} 尚未排考：请先运行 xcert schedule --plan {plan_code} / "
                         f"plan {plan_code} has no seat assignments yet")
    site_codes = {a.site_code for a in seats} | {a.site_code for a in proctoring}
    rooms = storage.list(ExamRoom, plan_code=plan_code) if school_code is None \
        else storage.list_in(ExamRoom, "site_code", site_codes, plan_code=plan_code)  # the rooms its part may use
    sites = {code: site for code in site_codes if (site := storage.find(ExamSite, (code,))) is not None}
    site_names = {code: site.name for code, site in sites.items()}
    addresses = {code: site.address for code, site in sites.items()}
    certificate = storage.find(Certificate, (plan.certificate_code,))
    people = _candidates(workspace, {a.id_number for a in seats})
    facts: dict[str, CandidateFacts] = {}
    missing: list[str] = []
    for id_number, candidate in people.items():
        photo = _photo(workspace, candidate.photo)
        if photo is not None and not Path(photo.location).is_file():
            missing.append(candidate.photo.location if candidate.photo else photo.location)
        facts[id_number] = CandidateFacts(candidate.name, candidate.id_number, candidate.gender, photo)
    proctors = {(p.school_code, p.teacher_number): p
                for p in storage.list_in(Proctor, "school_code", {a.school_code for a in proctoring})}
    proctor_names = {key: p.name for key, p in proctors.items()}
    built = build_documents(stored_result(plan_code, seats), plan, rooms, site_names, facts,
                            certificate_name=certificate.name if certificate is not None else plan.name,
                            proctors=proctoring, proctor_names=proctor_names, site_addresses=addresses,
                            provisional_ids={a.id_number for a in seats if a.origin is SeatOrigin.XCERT})
    persons = {i: PersonFacts(c.name, c.id_type) for i, c in people.items()}
    sheets = (assignment_sheet(plan, seats, site_names, persons),
              proctor_sheet(plan, proctoring, site_names, proctors),
              room_sheet(plan, seats, rooms, site_names, proctoring, proctor_names))
    no_address = tuple(sorted((code, site_names.get(code, code)) for code in {a.site_code for a in seats}
                              if not (code in addresses and addresses[code].strip())))
    return StoredPack(plan, built, sheets, tuple(sorted(missing)), no_address)


def _write_sheet(writer: WorkbookWriter, sheet: SheetModel) -> Callable[[Path], tuple[int | None, set[str]]]:
    def write(path: Path) -> tuple[int | None, set[str]]:
        writer.write([sheet], path)
        return None, set()

    return write


def planned_exports(sheets: Sequence[SheetModel], writer: WorkbookWriter) -> list[PlannedFile]:
    """The Excel files, fingerprinted by their sheet models and the writer."""
    hashes = PhotoHashes()
    return [PlannedFile(f"{sheet.name}.xlsx", sheet.name, None, 0,
                        fingerprint(f"{type(writer).__module__}\0{type(writer).__qualname__}", [sheet], hashes),
                        _write_sheet(writer, sheet), max(1, len(sheet.rows) // 20)) for sheet in sheets]


def workspace_renderer(workspace: Workspace) -> tuple[Renderer, list[str]]:
    """The PDF renderer in the workspace's configured font (relative to the workspace), else the system's, and
    the warnings choosing the font gave (e.g. no CJK font found: the built-in fallback is used)."""
    font = workspace.config.font
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if font:  # through the registered renderer: a plug-in that replaces ``pdf`` gets the font too
            path = Path(font.rpartition("#")[0] if "#" in font else font)
            spec = str(workspace.root / path) + (font[font.rindex("#"):] if "#" in font else "")
            try:
                renderer = workspace.plugins.renderer("pdf", font=spec)
            except (OSError, ValueError) as exc:
                raise XcertError(f"xcert.toml 中配置的字体无法使用：{font}（{exc}）/ the configured font is unusable") \
                    from None
        else:
            renderer = workspace.plugins.renderer()
    return renderer, [str(warning.message) for warning in caught]


def render_to(workspace: Workspace, documents: Sequence[Document], out: Path, what: str) -> int:
    """Render ``documents`` (one kind, not the printed pack) to ``out`` with the workspace's renderer; returns
    the pages. :class:`RequestError` naming ``what`` when the renderer cannot draw that kind."""
    renderer, _ = workspace_renderer(workspace)
    try:
        report = renderer.render(documents, out)
    except TypeError:
        raise RequestError(f"当前的打印插件不能生成{what} / the renderer cannot draw this kind of document") from None
    return int(getattr(report, "pages", len(documents)))


@frozen
class PrintedPack:
    """:func:`print_pack`'s outcome: what was printed from, where to, what was written, kept and removed, the
    report (characters the font lacks, documents' own warnings) and the font's warnings."""

    pack: StoredPack
    out: Path
    result: PackResult
    report: IssueReport
    font_warnings: tuple[str, ...] = ()
    printed: bool = True
    """False when the pack was refused (a site in use has no address): nothing was written."""


def planned_pack(workspace: Workspace, pack: StoredPack) -> tuple[list[PlannedFile], list[str]]:
    """Every file of the pack, fingerprinted (PDFs by the workspace's renderer, the exports by the workbook
    writer), and the font's warnings."""
    renderer, font_warnings = workspace_renderer(workspace)
    writer = workspace.plugins.workbook_writer()
    return planned_documents([pack.documents], renderer) + planned_exports(pack.sheets, writer), \
        font_warnings


def pack_folder(workspace: Workspace, plan_code: str) -> tuple[ExamPlan, Path]:
    """The plan and the folder ``xcert documents`` writes its pack into (``output/<plan code>``);
    :class:`~xcert_core.scheduling.stored.PlanNotFoundError` for an unknown plan."""
    return get_plan(workspace.storage, plan_code), workspace.output_dir / plan_code


def print_pack(workspace: Workspace, plan_code: str, *, out: Path | None = None, force: bool = False,
               progress: Callable[[int], Progress | None] | None = None,
               school_code: str | None = None) -> PrintedPack:
    """Write the printed pack of ``plan_code`` into ``out`` (default ``output/<plan code>``), rewriting only the
    files whose content changed (all with ``force``). :class:`RequestError` for an unknown or unscheduled plan
    and for photo files that have gone; a site in use without an address is a ``sched-site-address-missing``
    error in the report, and nothing is written. ``progress`` is given the pack's total weight and may return a
    callback the writing reports each file to. ``school_code``: that school's part only (:func:`load_pack`)."""
    pack = load_pack(workspace, plan_code, school_code)
    if pack.missing_photos:
        shown = "、".join(_masked_location(m) for m in pack.missing_photos[:5])
        shown += "等" if len(pack.missing_photos) > 5 else ""
        raise RequestError(f"{len(pack.missing_photos)} 张考生照片的文件不存在：{shown}。请重新导入照片（xcert photos "
                           f"import）后再生成 / {len(pack.missing_photos)} photo files are missing")
    target = out if out is not None else workspace.output_dir / pack.plan.code
    if pack.sites_without_address:  # an admission ticket without the place of the exam: print nothing
        issues = [SITE_ADDRESS_MISSING.at(site=code, name=name) for code, name in pack.sites_without_address]
        return PrintedPack(pack, target, PackResult(), build_report(workspace.plugins, issues, workspace.config.rules,
                                                                    by_row=False), (), printed=False)
    planned, font_warnings = planned_pack(workspace, pack)
    header: dict[str, Any] = {"plan": pack.plan.code, "plan_name": pack.plan.name,
                              **({"school": school_code} if school_code is not None else {})}
    callback = progress(total_weight(planned)) if progress is not None else None
    result = write_pack(planned, target, header=header, progress=callback, force=force)
    report = build_report(workspace.plugins, [*pack.documents.issues, *result.issues], workspace.config.rules,
                          by_row=False)
    return PrintedPack(pack, target, result, report, tuple(font_warnings))
