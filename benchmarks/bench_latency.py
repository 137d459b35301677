"""The dashboard and a roster search against PostgreSQL through a proxy adding 20 ms per round trip (issue 15).

A tiny asyncio TCP proxy sits between the app and the server and holds every client-to-server chunk for
20 ms before passing it on, as a team server across a city would. It counts those chunks: one per round
trip. The benchmark times the dashboard (`attention`) and the roster's search-as-you-type through it and
prints the medians and round trips next to the same reads made directly.

The server is `MFD_BENCH_POSTGRES_URL` when set; otherwise a throwaway cluster is started as `.ci/run` does
(initdb as `nobody` when run as root, a free port on 127.0.0.1, fsync off) and stopped at the end.

Run `python bench_latency.py` (needs PostgreSQL's initdb/pg_ctl on the PATH or under /usr/lib/postgresql).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from common import median, timed

DELAY_S = 0.020
TODAY = dt.date(2026, 11, 30)
TYPED = "porto lab"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DelayProxy:
    """A TCP proxy on 127.0.0.1 that delays each client-to-server chunk by DELAY_S and counts them; its loop
    runs on a daemon thread until the process ends (stopping it under open connections only adds noise)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = _free_port()
        self.chunks = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", self.port))
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()

    async def _serve(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        server_in, server_out = await asyncio.open_connection("127.0.0.1", self.upstream_port)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, delayed: bool) -> None:
            try:
                while chunk := await src.read(65536):
                    if delayed:
                        self.chunks += 1
                        await asyncio.sleep(DELAY_S)
                    dst.write(chunk)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(client_in, server_out, True), pipe(server_in, client_out, False))


def _pg_bin() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not versions:
        raise SystemExit("PostgreSQL's initdb was not found: set MFD_BENCH_POSTGRES_URL to a server instead")
    return Path(versions[-1]).parent


@contextmanager
def _server() -> Iterator[tuple[str, int]]:
    """(URL of a maintenance database, port) of MFD_BENCH_POSTGRES_URL or of a throwaway cluster."""
    given = os.environ.get("MFD_BENCH_POSTGRES_URL")
    if given:
        from sqlalchemy.engine import make_url

        yield given, int(make_url(given).port or 5432)
        return
    bin_dir, root = _pg_bin(), Path(tempfile.mkdtemp(prefix="mfd-bench-pg."))
    as_owner = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    if as_owner:
        shutil.chown(root, "nobody")
    root.chmod(0o700)
    port = _free_port()
    run = lambda *args: subprocess.run([*as_owner, *args], cwd=root, check=True, capture_output=True)  # noqa: E731
    run(str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "mfd", "--auth=trust", "-E", "UTF8")
    options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    run(str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "server.log"), "-w", "start", "-o", options)
    try:
        yield f"postgresql://mfd@127.0.0.1:{port}/postgres", port
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def _measure(url: str, proxy: DelayProxy | None) -> dict[str, tuple[float, float]]:
    """(median seconds, round trips per run) of the dashboard and of each keystroke's roster search."""
    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.roster_rows import RosterQuery
    from microfactory_desk.services.dashboard.service import DashboardService
    from microfactory_desk.services.roster.listing import RosterList

    db = open_database(url, upgrade=False, create=False)
    dashboard, roster = DashboardService(db), RosterList(db)
    tasks: dict[str, Callable[[], object]] = {"dashboard (attention)": lambda: dashboard.load(TODAY)}
    for i in range(1, len(TYPED) + 1):
        tasks[f"roster search {TYPED[:i]!r}"] = partial(roster.page, RosterQuery(search=TYPED[:i]))
    out = {}
    for name, task in tasks.items():
        task()  # the connection is open and the plans are warm
        before = proxy.chunks if proxy else 0
        times = timed(task, 5)
        trips = ((proxy.chunks - before) / 5) if proxy else 0.0
        out[name] = (median(times), trips)
    db.close()
    return out


def main() -> None:
    """Fill a server database with the demo, then print each read's time directly and through the proxy."""
    from microfactory_desk.db import Database, resolve_url
    from microfactory_desk.demo.load import load_demo

    with _server() as (admin_url, port):
        from sqlalchemy import create_engine, text

        name = f"mfd_latency_{os.getpid()}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        try:
            db = Database(resolve_url(url))
            db.upgrade()  # the administrator's step: clients refuse an empty server database
            started = time.perf_counter()
            load_demo(db, partners=300, seed=1, today=TODAY)
            db.close()
            print(f"demo of 300 partners loaded in {time.perf_counter() - started:.0f} s")
            direct = _measure(url, None)
            proxy = DelayProxy(port)
            delayed = _measure(url.replace(f":{port}/", f":{proxy.port}/"), proxy)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            admin.dispose()
    print(f"| read | direct | through the proxy (+{DELAY_S * 1000:.0f} ms per round trip) | round trips |")
    print("|---|---|---|---|")
    for task, (seconds, _) in direct.items():
        slow, trips = delayed[task]
        print(f"| {task} | {seconds * 1000:.1f} ms | {slow * 1000:.1f} ms | {trips:.1f} |")


if __name__ == "__main__":
    main()
