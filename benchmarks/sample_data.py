"""What the benchmarks share: generated candidates, a wall-clock timer and fresh PostgreSQL databases."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from xcert_core.labels import Gender, IdType
from xcert_core.model import Candidate


def candidates(count: int) -> list[Candidate]:
    """``count`` school candidates of one school with distinct 18-digit ID numbers."""
    return [
        Candidate(school_code="S001", name="张三", name_pinyin="Zhang San", gender=Gender.MALE,
                  id_type=IdType.RESIDENT_ID, id_number=f"{110101200000000000 + n}", mobile="13800000000")
        for n in range(count)
    ]


def timed(work: Callable[[], object]) -> float:
    """Seconds ``work()`` took."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def best_of(work: Callable[[], object], repeats: int = 5) -> float:
    """The fewest seconds ``work()`` took in ``repeats`` runs (as :mod:`timeit` reports): for work that can be
    repeated (reads), so that a figure of a tenth of a second is not whatever else the machine did then."""
    return min(timed(work) for _ in range(repeats))


def fresh_database(server: str) -> str:
    """The URL of a new, empty database on the PostgreSQL ``server`` (a SQLAlchemy URL of its ``postgres``
    database, as :func:`~xcert_adapters.testing.postgres_server.throwaway_server` yields)."""
    from sqlalchemy import create_engine, make_url, text  # noqa: PLC0415

    name = f"xcert_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)
