"""One look for dialog buttons: the main action is the app's primary button, no button carries a stock icon."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from microfactory_desk.ui import theme

# The roles whose button is the dialog's main action (Save, OK, Start…), styled like the green Save elsewhere.
_MAIN_ROLES = (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole)


def unify_buttons(dialog: QWidget) -> None:
    """Restyle the QDialogButtonBox buttons inside `dialog`: stock icons off, the accepting button primary."""
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            button.setIcon(QIcon())
            if box.buttonRole(button) in _MAIN_ROLES:
                theme.primary(button)  # type: ignore[arg-type]
