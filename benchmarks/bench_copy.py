"""`copy` on a 1,000-partner demo database: SQLite -> SQLite (and SQLite -> PostgreSQL -> SQLite when a server is
named by MFD_TEST_POSTGRES_URL), against SQLite's own backup API; peak memory shows the rows stream in batches."""

from __future__ import annotations

import os
import resource
import sqlite3
import time
import uuid

from common import OUT, big_database

PARTNERS = 1_000
BAR_ROWS_PER_CPU_S = 10_000  # CPU time: on a shared machine the wall clock mostly measures the neighbours
BAR_RSS_MB = 250


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _copy(source: str, target: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, rows) of one copy."""
    from microfactory_desk.db_copy import copy_database

    start, cpu = time.perf_counter(), time.process_time()
    copied = copy_database(source, target)
    return time.perf_counter() - start, time.process_time() - cpu, sum(t.rows for t in copied)


def _line(name: str, wall: float, cpu: float, rows: int) -> str:
    rate = rows / cpu
    verdict = "ok" if rate >= BAR_ROWS_PER_CPU_S else "OVER"
    return (
        f"{name:<28} wall {wall:6.2f} s  CPU {cpu:6.2f} s  {rate:8,.0f} rows per CPU s"
        f" (bar {BAR_ROWS_PER_CPU_S:,}) {verdict}"
    )


def _server_database(admin_url: str) -> tuple[str, object]:
    """A new empty database on the server; returns its URL and a function dropping it."""
    from sqlalchemy import create_engine, text

    from microfactory_desk.db import resolve_url

    engine = create_engine(resolve_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"mfd_bench_copy_{uuid.uuid4().hex[:8]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return url, drop


def main() -> None:
    """Time each leg once (a copy is a one-off job) and print rows/s, the ratio to sqlite3's backup and peak RSS."""
    source = big_database(PARTNERS)
    size_mb = source.stat().st_size / 1e6
    reference = OUT / "copy-reference.sqlite"
    reference.unlink(missing_ok=True)
    start = time.perf_counter()
    with sqlite3.connect(source) as src, sqlite3.connect(reference) as dst:
        src.backup(dst)
    bare = time.perf_counter() - start
    target = OUT / "copy-target.sqlite"
    target.unlink(missing_ok=True)
    wall, cpu, rows = _copy(str(source), str(target))
    print(f"copy of {PARTNERS:,} demo partners: {rows:,} rows, {size_mb:.0f} MB; sqlite3 backup API {bare:.2f} s wall")
    print(_line("copy SQLite -> SQLite", wall, cpu, rows))
    admin = os.environ.get("MFD_TEST_POSTGRES_URL")
    if admin:
        url, drop = _server_database(admin)
        try:
            print(_line("copy SQLite -> PostgreSQL", *_copy(str(source), url)))
            back = OUT / "copy-back.sqlite"
            back.unlink(missing_ok=True)
            print(_line("copy PostgreSQL -> SQLite", *_copy(url, str(back))))
        finally:
            drop()  # type: ignore[operator]
    peak = _peak_mb()
    print(
        f"copy peak memory (RSS)  {peak:6.0f} MB for a {size_mb:.0f} MB database (bar {BAR_RSS_MB} MB)"
        f" {'ok' if peak <= BAR_RSS_MB else 'OVER'}"
    )


if __name__ == "__main__":
    main()
