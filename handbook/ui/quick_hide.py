"""Quick hide: Esc twice quickly (or Ctrl+Shift+H, or the button) shows a neutral screen.

:class:`DoubleEscape` watches key presses for one window and emits
``triggered`` when Esc is pressed twice within :data:`INTERVAL_MS`. Each press
is counted once: only when it reaches the focus widget (Qt also delivers it to
the window and to parents as it propagates). The first Esc still does its
usual job (clearing the search), so nothing is lost by the double tap.

:class:`NeutralScreen` is what the window shows while hidden: an empty page
with one neutral button to come back (click, Enter or Space). It names nothing
the user was reading. Anyone can press that button, so the main window forgets
the session before it shows the neutral screen (see ``MainWindow.quick_hide``);
:func:`forget_text` empties a text field together with its undo history.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

INTERVAL_MS = 600


def forget_text(edit: QLineEdit) -> None:
    """Empty ``edit`` so that neither Ctrl+Z nor the context menu's Undo brings the text back.

    ``QLineEdit.clear()`` is an undoable edit; ``setText()`` resets the undo and redo history.
    """
    edit.setText("")


class DoubleEscape(QObject):
    """Signals: triggered(): Esc was pressed twice quickly in the watched window."""

    triggered = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._timer = QElapsedTimer()

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.key() != Qt.Key.Key_Escape or event.isAutoRepeat():
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self._window:
            return False
        focus = QApplication.focusWidget()
        if focus is not None and obj is not focus:
            return False  # the same press propagating to a parent
        if self._timer.isValid() and self._timer.elapsed() <= INTERVAL_MS:
            self._timer.invalidate()
            self.triggered.emit()
            return True
        self._timer.start()
        return False


class NeutralScreen(QWidget):
    """Signals: restore(): the user asked to come back."""

    restore = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(self.tr("Fortsett"), self)
        self.button.setAccessibleName(self.tr("Fortsett"))
        self.button.clicked.connect(self.restore)
        layout = QVBoxLayout(self)
        layout.addStretch(3)
        layout.addWidget(QLabel("", self))
        layout.addStretch(3)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)

    def keyPressEvent(self, event) -> None:
        # A push button outside a dialog ignores Enter; it reaches us, and means "Fortsett".
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.restore.emit()
            return
        super().keyPressEvent(event)
