"""The File menu's file and database actions: import, export, backup, demo data, open or create a database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from microfactory_desk.errors import DeskError
from microfactory_desk.ui import settings
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.long_task import LongTask
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.ui.connections import ServerAddress
    from microfactory_desk.ui.main_window import MainWindow

ROSTER_FILTERS = "Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)"
TABLE_FILTERS = "Excel workbook (*.xlsx);;CSV (*.csv)"
DATABASE_FILTER = "SQLite database (*.sqlite)"
# What File > Load demo data adds, said before it is added to a database in use.
DEMO_CONTENTS = (
    "The demo adds 60 fictional partners (codes such as DE-BER-001) with contacts, certifications, SLA versions, "
    "negotiation notes, checklist inspections, corrective actions, SKUs, about 1,000 orders with deliveries, "
    "scorecards and 12 micro-market pilots."
)


class FileActions(QObject):
    """Asks for a file, runs the long work with progress and Cancel, then updates the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.task: LongTask | None = None  # the long job running now (tests press its Cancel)
        self.connect_dialog: Any = None  # the last Connect to server dialog (tests drive it)

    # --- helpers -------------------------------------------------------------------------
    def _last_dir(self) -> str:
        return str(settings.get("files/last_dir") or Path.home())

    def _remember_dir(self, path: str) -> None:
        settings.put("files/last_dir", str(Path(path).parent))

    def _save_target(self, title: str, name: str, filters: str, suffixes: tuple[str, ...]) -> str:
        """A file to write ("" when cancelled), given the first suffix when it has none of `suffixes`."""
        path = messages.save_file(self._window, title, str(Path(self._last_dir()) / name), filters, suffixes)
        if not path:
            return ""
        self._remember_dir(path)
        return path

    def _long_task(self, text: str, *, cancellable: bool = True) -> LongTask:
        self.task = LongTask(self._window, text, cancellable=cancellable)
        return self.task

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 8000)

    # --- roster --------------------------------------------------------------------------
    def import_roster(self) -> None:
        """Import partners from a spreadsheet or CSV, all or nothing, after its preview."""
        path = messages.open_path(self._window, "Import roster", self._last_dir(), ROSTER_FILTERS)
        if not path:
            return
        self._remember_dir(path)
        files = self._window.services.roster_files
        from microfactory_desk.ui.dialogs import import_preview_dialog

        chosen = import_preview_dialog.preview_import(
            self._window,
            "Import roster",
            lambda mapping, order, decimal: files.preview(
                Path(path), mapping=mapping, date_order=order, decimal=decimal
            ),
        )
        if chosen is None:
            return
        mapping, order, decimal = chosen
        task = self._long_task("Importing roster…")
        task.run(
            lambda: files.import_file(
                Path(path), mapping=mapping, date_order=order, decimal=decimal, cancelled=task.cancelled.is_set
            ),
            self._imported,
            refused=("Import refused", "Fix the file and import it again."),
        )

    def _imported(self, summary: Any) -> None:
        self._window.roster_page.refresh()
        self._window.refresh_current()
        warnings = "\n".join(summary.warnings)
        text = f"Imported {counted(summary.partners, 'partner')}, {counted(summary.contacts, 'contact')} and "
        text += f"{counted(summary.certifications, 'certification')}."
        messages.show_info(self._window, "Import finished", text + (f"\n\n{warnings}" if warnings else ""))

    def export_roster(self) -> None:
        """Write the roster to .xlsx or .csv."""
        path = self._save_target("Export roster", "roster.xlsx", TABLE_FILTERS, (".xlsx", ".csv"))
        if not path:
            return
        files = self._window.services.roster_files
        task = self._long_task("Exporting roster…")
        task.run(
            lambda: files.export_file(Path(path), cancelled=task.cancelled.is_set),
            lambda n: self._status(f"Exported {counted(n, 'partner')} to {path}"),
        )

    # --- orders and pilots ---------------------------------------------------------------
    def export_order_lines(self) -> None:
        """Every order line (of the status filtered on the orders page) in one .xlsx or .csv table."""
        path = self._save_target("Export order lines", "order-lines.xlsx", TABLE_FILTERS, (".xlsx", ".csv"))
        if not path:
            return
        window = self._window
        files, status = window.services.order_files, str(window.orders_page.status_filter.currentData() or "")
        task = self._long_task("Exporting order lines…")
        task.run(
            lambda: files.export_flat(Path(path), status=status, cancelled=task.cancelled.is_set),
            lambda count: self._status(f"Exported {count:,} order lines to {path}"),
        )

    def export_pilots(self) -> None:
        """Write every pilot to an Excel workbook, one sheet per status."""
        path = self._save_target("Export pilots", "pilots.xlsx", "Excel workbook (*.xlsx)", (".xlsx",))
        if not path:
            return
        services = self._window.services
        task = self._long_task("Exporting pilots…", cancellable=False)
        task.run(
            lambda: services.export_pilots(Path(path)),
            lambda n: self._status(f"Exported {counted(n, 'pilot')} to {path}"),
        )

    # --- database ------------------------------------------------------------------------
    def backup_database(self) -> None:
        """Save a consistent copy of the database."""
        # A backup named without .sqlite would be hidden from Restore from backup's file filter.
        path = messages.save_file(self._window, "Back up database", self._last_dir(), DATABASE_FILTER, (".sqlite",))
        if not path:
            return
        services = self._window.services
        task = self._long_task("Backing up the database…", cancellable=False)
        task.run(lambda: services.backup(Path(path)), lambda out: self._status(f"Backup written to {out}"))

    def restore_database(self) -> None:
        """Replace the open database with a backup: verified first, the current file copied aside, then reopened."""
        backup = messages.open_path(self._window, "Restore from backup", self._last_dir(), DATABASE_FILTER)
        if not backup:
            return
        text = f"Replace the open database with {backup}?\n\nThe current file is copied to the backups folder first."
        if not messages.confirm(self._window, "Restore from backup", text):
            return
        services = self._window.services
        task = self._long_task("Restoring the database…", cancellable=False)
        task.run(lambda: services.restore(Path(backup)), lambda result: self._restored(backup, *result))

    def _restored(self, backup: str, location: str, aside: Path | None) -> None:
        # The old container's database is closed: show the restored file.
        self.switch_database(location)
        self._status(f"Restored from {backup}" + (f"; the replaced file is at {aside}" if aside else ""))

    def open_database(self) -> None:
        """Switch to another database file."""
        filters = "SQLite database (*.sqlite *.db);;All (*)"
        path = messages.open_path(self._window, "Open local database", self._last_dir(), filters)
        if path:
            self.switch_database(path)

    def connect_to_server(self, address: ServerAddress | None = None, *, start: bool = False) -> None:
        """File › Connect to server…: the dialog (at `address`, else the last server used); `start` tries at once."""
        from microfactory_desk.ui import connections
        from microfactory_desk.ui.connections import ServerAddress
        from microfactory_desk.ui.dialogs.connect_dialog import ConnectDialog

        if address is None:
            servers = [a for a in map(ServerAddress.from_url, connections.recent()) if a is not None]
            address = servers[0] if servers else None
        dialog = ConnectDialog(self._window.open_services, address, parent=self._window)
        dialog.connected.connect(self._connected)
        self.connect_dialog = dialog  # tests drive it; the next one replaces it
        dialog.open()
        if start:
            dialog.start()

    def _connected(self, services: Any, address: ServerAddress) -> None:
        self._window.use_services(services)
        note = getattr(self.connect_dialog, "saved_note", "")
        self._status(f"Connected to {address.label}" + (f". {note}" if note else ""))
        run_task(self._window.services.start_of_day, self._chores_done_after_switch)

    def open_recent(self, entry: str) -> None:
        """Open a database from the recent list: a server through the connect dialog, a file at once."""
        from microfactory_desk.ui.connections import ServerAddress

        address = ServerAddress.from_url(entry)
        if address is not None:
            self.connect_to_server(address, start=True)
        elif not Path(entry).exists():
            messages.show_error(self._window, "Open recent", f"There is no database at {entry} any more.")
        else:
            self.switch_database(entry)

    def new_database(self) -> None:
        """Create an empty database file and switch to it."""
        path = messages.save_path(self._window, "New database", self._last_dir(), DATABASE_FILTER)
        if path:
            if Path(path).exists():
                messages.show_error(self._window, "New database", f"{path} already exists; use Open database instead.")
                return
            self.switch_database(path)

    def switch_database(self, path: str) -> None:
        """Open `path` and show it; the old database closes only once the new one is open."""
        try:
            self._window.replace_services(path)
        except DeskError as exc:
            show_failure(exc, self._window, title="Cannot open database")
            return
        # A database opened later gets the start-up chores too (a new one: the shipped checklists); the page
        # in front was loaded before they ran, so it is shown again once they are done.
        run_task(self._window.services.start_of_day, self._chores_done_after_switch)

    def load_demo(self) -> None:
        """Add the demo data; a database that already holds partners is asked about first (the demo cannot be undone)."""
        held = self._window.roster_page.model.total
        if held and not messages.confirm(
            self._window,
            "Load demo data",
            f"This database already holds {held:,} partner{'' if held == 1 else 's'}.\n\n{DEMO_CONTENTS} They are added "
            "next to your own records and cannot be removed in one step.\n\nAdd the demo data to this database?",
        ):
            return
        services = self._window.services
        task = self._long_task("Loading demo data…", cancellable=False)
        task.run(services.load_demo, self._demo_loaded)

    def _demo_loaded(self, summary: Any) -> None:
        self._window.roster_page.refresh()
        self._window.refresh_current()
        added = [counted(summary.partners, "partner"), counted(summary.sla_versions, "SLA version")]
        more = {"orders": "order", "inspections": "inspection", "pilots": "pilot"}
        added += [counted(n, more[label]) for label, n in summary.more.items() if label in more]
        self._window.statusBar().showMessage(f"Demo data added: {', '.join(added)}", 10000)

    # --- daily ---------------------------------------------------------------------------
    def start_of_day(self) -> None:
        """Expire ended SLAs and take today's automatic copy, in the background."""
        run_task(self._window.services.start_of_day, self._daily_backup_done)

    def _daily_backup_done(self, out: Path | None) -> None:
        if out is not None:
            self._window.statusBar().showMessage(f"Daily backup saved to {out}", 6000)

    def _chores_done_after_switch(self, out: Path | None) -> None:
        self._daily_backup_done(out)
        self._window.refresh_current()
