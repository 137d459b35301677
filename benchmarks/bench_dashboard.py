"""The attention dashboard on 10,000 partners: every card's query, and the page from refresh to painted cards."""

from __future__ import annotations

import datetime as dt
import time

from common import big_database, median, timed

BAR_MS = 200
RUNS = 15


def _verdict(ms: float) -> str:
    return f"(bar {BAR_MS} ms) {'ok' if ms <= BAR_MS else 'OVER'}"


def main() -> None:
    """Time the service alone, each card's query, then the real page until its cards are filled and painted."""
    from microfactory_desk import clock
    from microfactory_desk.db import open_database
    from microfactory_desk.services.dashboard.cards import RULES, CardRule
    from microfactory_desk.services.dashboard.service import DashboardService

    path = big_database()
    db = open_database(str(path))
    service = DashboardService(db)
    today = clock.today()
    service.load(today)  # warm the OS file cache
    load_ms = median(timed(lambda: service.load(today), RUNS)) * 1000
    board = service.load(today)
    print(f"{'dashboard: all cards, service (10k partners)':<44} median {load_ms:6.1f} ms {_verdict(load_ms)}")
    slowest = []
    for rule in RULES:

        def one_card(rule: CardRule = rule) -> object:
            return service._card(rule, _params(service, today), today)

        card_ms = median(timed(one_card, 5)) * 1000
        slowest.append((card_ms, rule.key, board.card(rule.key).count))
    print("  per card: " + ", ".join(f"{key} {ms:.1f} ms ({count})" for ms, key, count in sorted(slowest)[::-1]))
    db.close()

    from PySide6.QtCore import QEventLoop

    from microfactory_desk.ui.app import application, build_window

    application()
    # Wait in a real event loop, as the app does: a busy loop would steal the GIL from the worker (and
    # QApplication.processEvents in PySide6 6.12.0 drops a reference to None on every call).
    loop = QEventLoop()
    start = time.perf_counter()
    window = build_window(str(path))  # opens on the dashboard, whose first load starts here
    page = window.dashboard_page
    page.board_shown.connect(loop.quit)
    window.show_page("dashboard")
    window.show()
    built = time.perf_counter()
    if page.board is None:
        loop.exec()
    page.repaint()
    build_ms, first_ms = (built - start) * 1000, (time.perf_counter() - built) * 1000
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        page.refresh()
        loop.exec()
        page.repaint()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{'main window built (10k partners, info)':<44} once   {build_ms:6.1f} ms")
    print(f"{'dashboard page: first cards after build':<44} once   {first_ms:6.1f} ms {_verdict(first_ms)}")
    refresh_ms = median(times)
    print(f"{'dashboard page: refresh to cards painted':<44} median {refresh_ms:6.1f} ms {_verdict(refresh_ms)}")
    print(f"  {board.total:,} items need attention across {len(board.cards)} cards")


def _params(service: object, today: dt.date) -> dict[str, object]:
    from microfactory_desk.schemas.dashboard import Horizons

    h = Horizons()
    return {
        "today": today,
        "follow_up_until": today + dt.timedelta(days=h.follow_up_days),
        "sla_until": today + dt.timedelta(days=h.sla_days),
        "certification_until": today + dt.timedelta(days=h.certification_days),
        "limit": 25,
    }


if __name__ == "__main__":
    main()
