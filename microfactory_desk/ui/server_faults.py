"""The server-fault path: work that failed because the team server is out of reach is offered again.

One Retry/Cancel question at a time: tasks failing while it is open (the list, the dashboard cards) wait for
the same answer, so a dropped network asks once, not once per task. Retry runs every waiting task again from
the start (its transaction was rolled back, so nothing was half-written); Cancel ends them as failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from microfactory_desk.errors import ServerUnreachable
from microfactory_desk.ui.dialogs import messages

TITLE = "Server out of reach"
# (retry, give up) of every task waiting for the answer
_waiting: list[tuple[Callable[[], None], Callable[[], None]]] = []
_asking = False


def offer_retry(exc: ServerUnreachable, retry: Callable[[], None], give_up: Callable[[], None]) -> None:
    """Ask "Retry or Cancel?" with the error's one line (host and cause); call `retry` or `give_up` after.

    Called on the GUI thread. While the question is open, further failures join it instead of asking again.
    """
    global _asking
    logging.getLogger("microfactory_desk").warning("%s: %s", TITLE, exc.message)
    _waiting.append((retry, give_up))
    if _asking:
        return
    _asking = True
    try:
        again = messages.ask_retry(QApplication.activeWindow(), TITLE, exc.message)
    finally:
        _asking = False
    pending = list(_waiting)
    _waiting.clear()
    for do_retry, do_give_up in pending:
        (do_retry if again else do_give_up)()


def mark_shown(exc: BaseException) -> BaseException:
    """Note that the person has seen `exc` already (the failure path then only logs it)."""
    exc.desk_shown = True  # type: ignore[attr-defined]
    return exc
