"""Quick hide: Esc twice quickly (or Ctrl+Shift+H, or the button) shows a neutral screen.

:class:`HideKeys` watches key presses for one window and the dialogs opened
over it, and emits ``triggered`` when Esc is pressed twice within
:data:`INTERVAL_MS`, or Ctrl+Shift+H is pressed in one of those dialogs (in the
window itself the "hide" action has that key). Each press is counted once: only
when it reaches its window's focus widget (Qt also delivers it to parents as
it propagates). The first Esc still does its usual job (clearing the
search, closing a dialog), so nothing is lost by the double tap.
:func:`close_dialogs` closes what is open over the window before it hides.

:class:`NeutralScreen` is what the window shows while hidden: an empty page
with one neutral button to come back (click, Enter or Space). It names nothing
the user was reading. Anyone can press that button, so the main window forgets
the session before it shows the neutral screen (see ``MainWindow.quick_hide``);
:func:`forget_text` empties a text field together with its undo history.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

INTERVAL_MS = 600


def forget_text(edit: QLineEdit) -> None:
    """Empty ``edit`` so that neither Ctrl+Z nor the context menu's Undo brings the text back.

    ``QLineEdit.clear()`` is an undoable edit; ``setText()`` resets the undo and redo history.
    """
    edit.setText("")


HIDE_KEY = QKeySequence("Ctrl+Shift+H")


def opened_over(widget: QWidget, window: QWidget) -> bool:
    """Whether ``widget`` is in ``window`` or in a dialog or menu opened over it (at any depth)."""
    top = widget.window()
    while top is not None:
        if top is window:
            return True
        parent = top.parentWidget()
        top = parent.window() if parent is not None else None
    return False


def close_dialogs(window: QWidget) -> None:
    """Close the menus and dialogs open over ``window``, the top-most first (their exec() loops return)."""
    for _ in range(20):  # a dialog that refuses to close must not hang the hide
        top = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        if top is None or top is window or not opened_over(top, window):
            break
        if isinstance(top, QDialog):
            top.reject()
        else:
            top.close()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and opened_over(widget, window):
            widget.reject()


class HideKeys(QObject):
    """Signals: triggered(): the user asked to hide (Esc Esc, or Ctrl+Shift+H in a dialog)."""

    triggered = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._timer = QElapsedTimer()

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.isAutoRepeat() or not isinstance(obj, QWidget):
            return False
        hide_key = event.keyCombination() == HIDE_KEY[0]
        if event.key() != Qt.Key.Key_Escape and not hide_key:
            return False
        if not opened_over(obj, self._window):
            return False
        focus = obj.window().focusWidget()  # per window: a dialog need not be the active window
        if focus is not None and obj is not focus:
            return False  # the same press propagating to a parent
        if hide_key:
            if obj.window() is self._window:
                return False  # the window's own "hide" action takes it
            self.triggered.emit()
            return True
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
