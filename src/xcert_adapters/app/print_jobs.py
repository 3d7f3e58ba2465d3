"""Printing in the background (打印材料): a plan's pack written by a worker thread while the person who asked
watches its progress, for a server face (the workbench, the HTTP API) that must not hold a request open for the
minutes 10,000 tickets take.

Contract:

* :meth:`PrintJobs.start` starts :func:`~xcert_adapters.app.documents.print_pack` for a plan in a thread and
  returns its :class:`PrintJob`; while that job runs, a second request for the same plan **joins** it (gets the
  same job) instead of starting another. A finished job stays visible until the next start for its plan, so a
  page reloaded after the end still shows the outcome.
* A job's progress is the pack's weight done of its total (files as they are written), readable at any time
  from another thread (:meth:`PrintJob.snapshot`).
* The job opens its own workspace (its own connections); a request the workspace cannot honour ends the job
  with ``error`` (the Chinese message), anything else with a generic message — never a traceback to a person.
* What was written is recorded in the audit log, under the name of whoever started the job.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from attrs import define, field, frozen

from xcert_adapters.app import audit
from xcert_adapters.app.documents import PrintedPack, print_pack
from xcert_adapters.app.payloads import PackPayload, pack_payload
from xcert_adapters.workspace import Workspace
from xcert_core.errors import XcertError

RUNNING, DONE, FAILED = "running", "done", "failed"


@frozen
class PrintJobPayload:
    """A print job as the API and the page show it: state (``running``, ``done``, ``failed``), progress in
    weight units and as a whole percentage, the file being written, who started it, and the outcome."""

    plan: str
    state: str
    started_by: str
    started_at: str
    done: int
    total: int
    percent: int
    current: str
    error: str
    pack: PackPayload | None


@define
class PrintJob:
    """One background print of one plan. Fields change under ``lock`` only; read them with :meth:`snapshot`."""

    plan_code: str
    started_by: str
    started_at: dt.datetime
    state: str = RUNNING
    done: int = 0
    total: int = 0
    current: str = ""
    error: str = ""
    pack: PackPayload | None = None
    lock: threading.Lock = field(factory=threading.Lock, repr=False)
    finished: threading.Event = field(factory=threading.Event, repr=False)

    def _begin(self, total: int) -> Callable[[str, int], None]:
        with self.lock:
            self.total = total

        def advance(file: str, weight: int) -> None:
            with self.lock:
                self.done += weight
                self.current = file

        return advance

    def snapshot(self) -> PrintJobPayload:
        with self.lock:
            percent = 100 if self.state == DONE else (self.done * 100 // self.total if self.total else 0)
            return PrintJobPayload(self.plan_code, self.state, self.started_by, self.started_at.isoformat(),
                                   self.done, self.total, min(percent, 100), self.current, self.error, self.pack)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job has finished (for tests and scripts); ``False`` on timeout."""
        return self.finished.wait(timeout)


class PrintJobs:
    """The print jobs of one server, by plan. ``open_workspace`` opens the workspace for a job's thread;
    ``printer`` prints a plan (default :func:`~xcert_adapters.app.documents.print_pack`; tests pass a slower one)."""

    def __init__(self, open_workspace: Callable[[], Workspace], *,
                 printer: Callable[..., PrintedPack] = print_pack) -> None:
        self._open = open_workspace
        self._print = printer
        self._jobs: dict[str, PrintJob] = {}
        self._lock = threading.Lock()

    def current(self, plan_code: str) -> PrintJob | None:
        """The plan's running job, or its last finished one, or ``None``."""
        with self._lock:
            return self._jobs.get(plan_code)

    def start(self, plan_code: str, *, actor: str, channel: str) -> tuple[PrintJob, bool]:
        """The plan's job: a new one started now, or the one already running (joined). Returns ``(job,
        started)``."""
        with self._lock:
            running = self._jobs.get(plan_code)
            if running is not None and running.state == RUNNING:
                return running, False
            job = PrintJob(plan_code, actor, dt.datetime.now(dt.UTC))
            self._jobs[plan_code] = job
        threading.Thread(target=self._run, args=(job, channel), name=f"xcert-print-{plan_code}", daemon=True).start()
        return job, True

    def _run(self, job: PrintJob, channel: str) -> None:
        try:
            with self._open() as workspace:
                payload = pack_payload(self._print(workspace, job.plan_code, progress=job._begin))
                if payload.written:
                    audit.record(workspace, job.started_by, channel, "documents.generate", target=job.plan_code,
                                 detail=f"写入 {len(payload.written)} 个文件")
            with job.lock:
                job.pack, job.state = payload, DONE
        except XcertError as exc:
            with job.lock:
                job.error, job.state = str(exc), FAILED
        except Exception as exc:  # the thread must end the job, and no traceback reaches a page
            with job.lock:
                job.error = f"xcert 内部错误（{type(exc).__name__}），请在命令行运行 xcert documents 查看详情"
                job.state = FAILED
        finally:
            job.finished.set()
