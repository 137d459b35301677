"""The one partner picker: type part of a name or code, pick a suggestion, or type a partner's exact code."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from microfactory_desk.schemas.roster_rows import PartnerChoice


class PartnerPicker(QLineEdit):
    """A line edit with pop-up suggestions over "Name (CODE)"; `chosen()` is the partner the text names.

    The text names a partner when it is a suggestion's label, the partner's code or the partner's name
    (any case, surrounding spaces ignored). `partner_changed` carries the newly named partner or None.
    """

    partner_changed = Signal(object)  # PartnerChoice | None

    def __init__(self, partners: Iterable[PartnerChoice] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("field_partner")
        self.setPlaceholderText("Type a name or code…")
        self.setClearButtonEnabled(True)
        # The model is owned by the picker: a temporary model passed to QCompleter is collected by Python
        # and the completer then has nothing to suggest (review defect 2).
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        # QLineEdit listens to its completer only while it has focus; a suggestion picked with the mouse
        # after focus went elsewhere must still land in the field.
        self._completer.activated.connect(self.setText)
        self._by_key: dict[str, PartnerChoice] = {}
        self._partners: list[PartnerChoice] = []
        self._last: PartnerChoice | None = None
        self.textChanged.connect(self._text_changed)
        self.set_partners(partners)

    def set_partners(self, partners: Iterable[PartnerChoice]) -> None:
        """Offer these partners (in the given order) as suggestions."""
        self._partners = list(partners)
        self._model.setStringList([p.label for p in self._partners])
        keys: dict[str, list[PartnerChoice]] = {}
        for partner in self._partners:
            for key in {partner.label.casefold(), partner.code.strip().casefold(), partner.name.strip().casefold()}:
                keys.setdefault(key, []).append(partner)
        # A key two partners share (a name used twice) names neither: the picker asks for the code.
        self._by_key = {key: found[0] for key, found in keys.items() if len(found) == 1}
        self._text_changed(self.text())

    def partners(self) -> list[PartnerChoice]:
        """The partners offered, in order."""
        return list(self._partners)

    def completer_model(self) -> QStringListModel:
        """The suggestions' model (kept alive by the picker)."""
        return self._model

    def chosen(self) -> PartnerChoice | None:
        """The partner the text names, or None when it names none or several."""
        return self._by_key.get(self.text().strip().casefold())

    def choose(self, *, partner_id: int | None = None, code: str | None = None) -> None:
        """Show the partner with this id or code (nothing when it is not offered)."""
        for partner in self._partners:
            if partner.id == partner_id or (code is not None and partner.code.casefold() == code.casefold()):
                self.setText(partner.label)
                return

    def problem(self) -> str:
        """Why the text names no partner, worded for the person typing; "" when it names one."""
        text = self.text().strip()
        if self.chosen() is not None:
            return ""
        if not text:
            return "Choose a partner: type part of a name or code and pick a suggestion."
        matches = [p for p in self._partners if text.casefold() in p.label.casefold()]
        if not matches:
            return f"No partner's name or code contains “{text}”."
        if len(matches) == 1:
            return f"Did you mean {matches[0].label}? Pick it from the suggestions."
        return f"{len(matches)} partners match “{text}”: pick one from the suggestions or type the exact code."

    def _text_changed(self, _text: str) -> None:
        partner = self.chosen()
        if partner != self._last:
            self._last = partner
            self.partner_changed.emit(partner)
