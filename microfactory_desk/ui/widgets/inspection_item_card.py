"""The inspection runner's item card: where the item stands, its prompt, the answer controls, its verdict, the way on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from microfactory_desk.ui import theme
from microfactory_desk.ui.widgets.answer_panel import AnswerPanel

if TYPE_CHECKING:
    from microfactory_desk.schemas.quality import AnswerOut
    from microfactory_desk.schemas.quality_template import TemplateItemOut

HELP = (
    "Keys: P pass · F fail · N n.a. · 1–9 choice · Enter save value · Esc leave the note · A photo"
    " · → / PgDn next · ← / PgUp previous"
)
VERDICTS = {"pass": "✓ Passes", "fail": "✗ Fails", "na": "Not applicable — left out of the score"}


def runner_button(text: str) -> QPushButton:
    """A runner button that Enter never presses (Enter saves a typed value) and a finger can hit."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setMinimumHeight(38)
    return button


class InspectionItemCard(QFrame):
    """Shows one checklist item; the dialog owning it connects the buttons and the answer panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("item_card")
        self.setStyleSheet(
            f"QFrame#item_card {{ border: 1px solid {theme.ITEM_CARD_BORDER}; border-radius: 8px;"
            f" background: {theme.SURFACE}; }}"
        )
        box = QVBoxLayout(self)
        box.setContentsMargins(22, 16, 22, 16)
        box.setSpacing(10)
        top = QHBoxLayout()
        self.position_label = QLabel()
        theme.muted(self.position_label, 11)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(230)
        self.progress.setMinimumHeight(24)
        self.progress.setFormat("%v of %m answered")
        top.addWidget(self.position_label, 1)
        top.addWidget(self.progress)
        box.addLayout(top)
        self.critical_label = QLabel("CRITICAL — a fail here fails the inspection")
        self.critical_label.setStyleSheet(
            f"color: {theme.ON_COLOUR}; background: {theme.ERROR}; padding: 3px 8px; border-radius: 3px;"
            " font-weight: 600;"
        )
        box.addWidget(self.critical_label, 0, Qt.AlignmentFlag.AlignLeft)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setStyleSheet("font-size: 19pt; font-weight: 600;")
        box.addWidget(self.prompt)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.PlainText)
        theme.muted(self.guidance, 11)
        box.addWidget(self.guidance)
        box.addSpacing(6)
        self.panel = AnswerPanel()
        box.addWidget(self.panel)
        self.verdict_label = QLabel()
        self.verdict_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.action_button = runner_button("Raise corrective action…")
        row = QHBoxLayout()
        row.addWidget(self.verdict_label)
        row.addStretch(1)
        row.addWidget(self.action_button)
        box.addLayout(row)
        box.addStretch(1)
        box.addLayout(self._navigation())

    def _navigation(self) -> QHBoxLayout:
        nav = QHBoxLayout()
        self.previous_button = runner_button("◀  Previous   [←]")
        self.next_button = runner_button("Next   [→]  ▶")
        for button in (self.previous_button, self.next_button):
            button.setMinimumHeight(50)
            button.setStyleSheet("font-size: 13pt;")
        nav.addWidget(self.previous_button)
        hint = QLabel(HELP)
        theme.muted(hint, 9)
        hint.setWordWrap(True)  # the runner must fit a 1280-pixel laptop screen
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(hint, 1)
        nav.addWidget(self.next_button)
        return nav

    def show_item(
        self,
        item: TemplateItemOut,
        *,
        section: str,
        at: int,
        count: int,
        answer: AnswerOut | None,
        photos: list[Any],
        locked: bool,
    ) -> None:
        """Item `at` of `count` (0-based) with its stored answer and photos; read-only when `locked`."""
        self.position_label.setText(f"{section}  ·  item {at + 1} of {count}")
        self.prompt.setText(item.prompt)
        self.guidance.setText(item.guidance)
        self.guidance.setVisible(bool(item.guidance))
        self.critical_label.setVisible(item.critical)
        self.panel.show_item(item, answer, photos, locked)

    def show_verdict(self, item: TemplateItemOut, mark: str | None) -> None:
        """The item's verdict in words and colour; a failed item offers a corrective action."""
        text = VERDICTS.get(mark or "", "")
        if item.kind.value == "text":
            text = "A note: not scored"
        self.verdict_label.setText(text)
        self.verdict_label.setStyleSheet(f"font-size: 13pt; font-weight: 600; color: {theme.MARK_COLOURS[mark]};")
        self.action_button.setVisible(mark == "fail")

    def show_progress(self, answered: int, total: int) -> None:
        """How many of the items have an answer."""
        self.progress.setRange(0, total)
        self.progress.setValue(answered)
