"""Search-as-you-type on 10,000 partners: keystroke to updated model, through the real roster page (debounce excluded).

The load runs on a worker: the keystroke's time is until its rows are in the model; the GUI thread's share (what
a keystroke blocks typing for) is printed beside it.
"""

from __future__ import annotations

import time

from common import big_database, median


def main() -> None:
    """Type several searches one character at a time and time each keystroke."""
    from PySide6.QtCore import QEventLoop

    from microfactory_desk.ui.app import application, build_window
    from microfactory_desk.ui.tasks import tasks_running

    app = application()
    window = build_window(str(big_database()))
    window.show()
    app.processEvents()
    search = window.roster_page.search
    # The page waits for a pause in typing (SEARCH_DELAY_MS) before it loads; what is timed is the load.
    loads = window.roster_page._typing
    times, blocked = [], []
    for text in ("lodz print", "cnc", "müller söhne", "3d printing eco", "zzzz", "textile"):
        search.clear()
        while tasks_running():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        for i in range(1, len(text) + 1):
            start = time.perf_counter()
            search.setText(text[:i])  # a keystroke: textChanged starts the page's pause-in-typing timer
            loads.flush()  # the load the pause would start, now: handed to a worker
            blocked.append(time.perf_counter() - start)
            # The rows come back through the event loop (SQL query -> model reset); waiting, not spinning, leaves
            # the worker the interpreter lock.
            while tasks_running():
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            times.append(time.perf_counter() - start)
    times_ms = sorted(t * 1000 for t in times)
    p95 = times_ms[int(len(times_ms) * 0.95)]
    verdict = "ok" if median(times_ms) <= 30 else "OVER"
    print(
        f"{'search-as-you-type (10k partners)':<44} median {median(times_ms):6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {times_ms[-1]:6.1f} ms over {len(times_ms)} keystrokes (bar 30 ms) {verdict}; "
        f"GUI thread busy median {median(sorted(t * 1000 for t in blocked)):.2f} ms"
    )


if __name__ == "__main__":
    main()
