"""The job queue: procrastinate on the workspace's own PostgreSQL database (its tables ``procrastinate_*`` beside
xcert's), so every machine that can open the workspace can take jobs from it.

Jobs (tasks registered under :data:`QUEUE`):

- ``xcert.publish_school`` — one school's package of a plan (:func:`xcert_adapters.app.publishing.
  publish_school`): the 排考明细, the rooms and the printed pack. It is idempotent: the same data writes the same
  bytes, so a job that is retried after its worker died mid-way leaves the package as one run would; a
  half-written PDF left by the dead worker is removed when the pack is written again.
- ``xcert.seat_site`` — one site's seating of a plan (:func:`xcert_core.scheduling.by_site.seat_site`),
  idempotent; a site whose seats are short fails, and so does its batch.
- ``xcert.finish_plan`` — once every ``seat_site`` job of its batch has succeeded, the plan's ticket numbers and
  proctors (:func:`xcert_core.scheduling.by_site.finish_plan`). Queued with the site jobs, it waits for them by
  being retried every second while any is still to do; it fails when one of them failed.

Contracts:

- :func:`ensure_schema` installs procrastinate's tables once, under an advisory lock (procrastinate's own
  schema script is not idempotent); it is safe from any number of processes at once.
- Deferring is idempotent while a job waits: a second ``defer`` of the same school, plan and folder while the
  first is still to do is refused by procrastinate's queueing lock and reported as already queued.
- A worker killed mid-job leaves its job ``doing``; :func:`retry_stalled` (run by every ``xcert worker`` as it
  starts) puts a job whose worker has not sent a heartbeat for ``stalled_after`` seconds back to ``todo``, so
  the job completes once, on another worker.
- ``XCERT_JOB_STEP_DELAY`` (seconds) makes a worker wait between a job's first file and its pack: a fault-
  injection knob for the tests and for trying recovery by hand, never set in production.

The workspace folder is named in each job, so workers on other machines need it at the same path (a shared
folder); the outputs go to the folder the job names.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from xcert_core.errors import XcertError
from xcert_core.ports.outputs import store_name

if TYPE_CHECKING:
    import procrastinate

QUEUE = "xcert"
PUBLISH_SCHOOL = "xcert.publish_school"
SEAT_SITE, FINISH_PLAN = "xcert.seat_site", "xcert.finish_plan"
DELAY_ENV = "XCERT_JOB_STEP_DELAY"
STALLED_AFTER = 30
"""Seconds without a heartbeat after which a running job counts as stalled (procrastinate's workers send one
every 10 seconds)."""
POLL_SECONDS = 1.0
"""How often an idle worker looks for jobs that became due without a notification: a finishing job put back
for a second while the sites are seated (procrastinate's default, 5 s, kept the plan waiting up to 5 s a
round). New jobs wake the workers at once (PostgreSQL's LISTEN/NOTIFY) either way."""


class QueueUnavailableError(XcertError):
    """The workspace cannot hold a job queue: it is not on PostgreSQL, or procrastinate is not installed."""


def conninfo(storage_url: str) -> str:
    """The libpq connection string of a workspace's SQLAlchemy URL (``postgresql+psycopg://…`` →
    ``postgresql://…``); :class:`QueueUnavailableError` for any other database."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - only for the queue

    url = make_url(storage_url)
    if url.get_backend_name() != "postgresql":
        raise QueueUnavailableError(
            "作业队列需要 PostgreSQL 工作区（xcert init --db postgresql+psycopg://…）；SQLite 工作区请直接在本机运行，"
            f"不加 --queue / the job queue needs a PostgreSQL workspace, not {url.get_backend_name()}")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _procrastinate() -> Any:
    try:
        import procrastinate  # noqa: PLC0415 - optional: only the queue needs it
    except ImportError:
        raise QueueUnavailableError("作业队列需要 procrastinate：pip install 'xcert[queue]' / install xcert[queue]") \
            from None
    return procrastinate


def _pause() -> None:
    delay = os.environ.get(DELAY_ENV)
    if delay:
        time.sleep(float(delay))


def publish_school_job(root: str, plan: str, school: str, out: str) -> dict[str, Any]:
    """The body of ``xcert.publish_school``: open the workspace at ``root`` and write the school's package."""
    from xcert_adapters.app.publishing import publish_school  # noqa: PLC0415 - the worker loads it on demand
    from xcert_adapters.workspace import Workspace  # noqa: PLC0415

    with Workspace.open(Path(root)) as workspace:
        package = publish_school(workspace, plan, school, out, pause=_pause)
    return {"school": school, "seats": package.seats, "printed": package.pack.printed}


class SitesPending(Exception):  # noqa: N818 - procrastinate retries on it: a state, not a failure
    """Some site of the batch is not seated yet: the finishing job is retried a second later."""


class BatchFailedError(XcertError):
    """A site of the batch could not be seated: the plan is not finished."""


def seat_site_job(root: str, plan: str, site: str, seed: int, batch: str) -> dict[str, Any]:
    """The body of ``xcert.seat_site``."""
    from xcert_adapters.app.scheduling import seat_site_in_workspace  # noqa: PLC0415
    from xcert_adapters.workspace import Workspace  # noqa: PLC0415

    with Workspace.open(Path(root)) as workspace:
        seating = seat_site_in_workspace(workspace, plan, site, seed=seed)
    if not seating.stored:
        raise BatchFailedError(f"考核站点 {site} 未能排考：" + "；".join(i.message for i in seating.issues))
    return {"site": site, "seats": len(seating.seats), "batch": batch}


def finish_plan_job(root: str, plan: str, batch: str, per_room: int | None, inspectors: int | None,
                    actor: str) -> dict[str, Any]:
    """The body of ``xcert.finish_plan``: wait for the batch's sites, then number and staff the plan."""
    from xcert_adapters.app.scheduling import finish_in_workspace  # noqa: PLC0415
    from xcert_adapters.workspace import Workspace  # noqa: PLC0415

    with Workspace.open(Path(root)) as workspace:
        states = batch_states(workspace.storage_url, batch)
        if states.get("failed") or states.get("cancelled") or states.get("aborted"):
            raise BatchFailedError(f"批次 {batch} 有考核站点未能排考，计划 {plan} 未完成 / a site of the batch failed")
        if set(states) - {"succeeded"}:
            raise SitesPending(batch)
        run = finish_in_workspace(workspace, plan, per_room=per_room, inspectors=inspectors, actor=actor)
    return {"plan": plan, "stored": run.outcome.stored, "issues": [i.code for i in run.report.issues]}


def batch_states(storage_url: str, batch: str) -> Counter[str]:
    """How many ``seat_site`` jobs of ``batch`` are in each state."""
    import psycopg  # noqa: PLC0415

    with psycopg.connect(conninfo(storage_url)) as connection:
        rows = connection.execute("SELECT status::text, count(*) FROM procrastinate_jobs WHERE task_name = %s "
                                  "AND args->>'batch' = %s GROUP BY status", (SEAT_SITE, batch)).fetchall()
    return Counter({status: count for status, count in rows})


def job_app(storage_url: str) -> procrastinate.App:
    """A procrastinate app on the workspace's database, with xcert's tasks."""
    procrastinate = _procrastinate()
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(storage_url)))
    app.task(name=PUBLISH_SCHOOL, queue=QUEUE, retry=procrastinate.RetryStrategy(max_attempts=2, wait=5))(
        publish_school_job)
    app.task(name=SEAT_SITE, queue=QUEUE)(seat_site_job)
    app.task(name=FINISH_PLAN, queue=QUEUE, retry=procrastinate.RetryStrategy(
        max_attempts=3600, wait=1, retry_exceptions={SitesPending}))(finish_plan_job)
    return app  # type: ignore[no-any-return]


def ensure_schema(storage_url: str) -> bool:
    """Install procrastinate's tables unless they are there; True when this call installed them."""
    procrastinate = _procrastinate()
    import psycopg  # noqa: PLC0415

    with psycopg.connect(conninfo(storage_url)) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(hashtext('xcert-procrastinate-schema'))")
        found = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if found is not None and found[0] is not None:
            return False
        connection.execute(procrastinate.schema.SchemaManager.get_schema())
    return True


@frozen
class Deferred:
    """A job put in the queue (``job_id``), or ``None`` when the same job was already waiting."""

    school: str
    job_id: int | None


def defer_publish(storage_url: str, root: Path, plan: str, schools: list[str], out: str) -> list[Deferred]:
    """Queue a ``publish_school`` job per school; a school whose job is still waiting is not queued twice."""
    procrastinate = _procrastinate()
    ensure_schema(storage_url)
    app = job_app(storage_url)
    deferred = []
    target = out if store_name(out) != "folder" else str(Path(out).resolve())  # a folder: the same on every machine
    with app.open():
        for school in schools:
            lock = f"publish:{plan}:{school}:{target}"
            try:
                job_id = app.configure_task(PUBLISH_SCHOOL, queueing_lock=lock).defer(
                    root=str(root.resolve()), plan=plan, school=school, out=target)
            except procrastinate.exceptions.AlreadyEnqueued:
                job_id = None
            deferred.append(Deferred(school, job_id))
    return deferred


def defer_schedule(storage_url: str, root: Path, plan: str, sites: list[str], *, seed: int,
                   per_room: int | None, inspectors: int | None, actor: str
                   ) -> tuple[str, list[int], int]:
    """Queue a ``seat_site`` job per site and the ``finish_plan`` job of their batch; returns the batch id, the
    site jobs' ids and the finishing job's id."""
    import uuid  # noqa: PLC0415

    ensure_schema(storage_url)
    app = job_app(storage_url)
    batch = uuid.uuid4().hex[:12]
    where = str(root.resolve())
    with app.open():
        sites_deferred = [app.configure_task(SEAT_SITE).defer(root=where, plan=plan, site=site, seed=seed,
                                                                batch=batch) for site in sites]
        finishing = app.configure_task(FINISH_PLAN).defer(root=where, plan=plan, batch=batch, per_room=per_room,
                                                          inspectors=inspectors, actor=actor)
    return batch, sites_deferred, finishing


@frozen
class JobRow:
    """One job as ``xcert jobs`` lists it."""

    job_id: int
    task: str
    status: str
    attempts: int
    arguments: dict[str, Any]


def list_jobs(storage_url: str) -> list[JobRow]:
    """Every job of xcert's queue, oldest first."""
    ensure_schema(storage_url)
    app = job_app(storage_url)
    with app.open():
        jobs = app.job_manager.list_jobs(queue=QUEUE)
    rows = [JobRow(job.id or 0, job.task_name, getattr(job.status, "value", str(job.status)), job.attempts,
                   dict(job.task_kwargs)) for job in jobs]
    return sorted(rows, key=lambda row: row.job_id)


def status_counts(rows: list[JobRow]) -> Counter[str]:
    return Counter(row.status for row in rows)


def retry_stalled(storage_url: str, stalled_after: float = STALLED_AFTER) -> list[int]:
    """Put back to ``todo`` every ``doing`` job whose worker sent no heartbeat for ``stalled_after`` seconds (it
    was killed, or its machine went away); returns their ids."""
    ensure_schema(storage_url)
    app = job_app(storage_url)

    async def run() -> list[int]:
        async with app.open_async():
            stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after)
            for job in stalled:
                await app.job_manager.retry_job(job)
            return [job.id for job in stalled if job.id is not None]

    return asyncio.run(run())


def run_worker(storage_url: str, *, once: bool, stalled_after: float = STALLED_AFTER) -> list[int]:
    """Retry stalled jobs, then take jobs of xcert's queue one at a time until stopped (``once``: until none is
    due). Returns the ids of the stalled jobs it put back."""
    retried = retry_stalled(storage_url, stalled_after)
    job_app(storage_url).run_worker(queues=[QUEUE], concurrency=1, wait=not once, delete_jobs="never",
                                    install_signal_handlers=True, fetch_job_polling_interval=POLL_SECONDS)
    return retried
