"""The one application-wide event filter for what every widget and dialog needs.

- **Fonts** (:func:`handbook.ui.fonts.polished`): a widget made after its parent's font was set
  takes that font (see there).
- **Dialogs on the screen** (:func:`handbook.ui.geometry.keep_on_screen`): a dialog shown larger
  than the screen, or past its edge, is made to fit – our own dialogs size themselves, but Qt's
  (the printer's «Egenskaper», message boxes) do not, and at 300 % their buttons were off-screen.
- **Enter presses the focused button**, as Space does: Qt's buttons outside a dialog take only
  Space, and a keyboard user who pressed Enter on «Angre», an answer or «Kopier» got nothing
  (or the step's «Neste»). A dialog's own buttons (auto-default) keep Qt's handling.

Installed once the window has been painted (:mod:`handbook.ui.first_paint` says why); only the
event's type is looked at for all other events.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QPushButton, QWidget

from handbook.ui import fonts
from handbook.ui.geometry import keep_on_screen

_POLISH, _SHOW, _KEY = QEvent.Type.Polish, QEvent.Type.Show, QEvent.Type.KeyPress
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _enter_presses(button: QAbstractButton, event) -> bool:
    """Enter on a focused button outside a dialog: press it (see the module docstring)."""
    if event.key() not in _ENTER or event.modifiers() not in (Qt.KeyboardModifier.NoModifier,
                                                               Qt.KeyboardModifier.KeypadModifier):
        return False
    if isinstance(button, QPushButton) and (button.autoDefault() or button.isDefault()):
        return False  # a dialog's button: Qt presses it (or the dialog's default) itself
    if not button.hasFocus() or not button.isEnabled():
        return False
    if event.isAutoRepeat():
        return True  # held down: once is enough
    button.click()  # at once, as Qt presses a dialog's button on Enter
    return True


class AppEvents(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        kind = event.type()
        if kind == _POLISH and isinstance(watched, QWidget):
            fonts.polished(watched)
        elif kind == _SHOW and isinstance(watched, QDialog) and watched.isWindow():
            keep_on_screen(watched)
            # again, once its layout has sized it; through a weak reference: PySide keeps the callable,
            # and a dialog held by it outlived its C++ object (closed with its parent, then closed again)
            dialog = weakref.ref(watched)
            QTimer.singleShot(0, watched, lambda: dialog() is not None and keep_on_screen(dialog()))
        elif kind == _KEY and isinstance(watched, QAbstractButton):
            return _enter_presses(watched, event)
        return False


def install(app: QApplication) -> None:
    """Install :class:`AppEvents` on ``app`` (once)."""
    if not app.property("handbookAppEvents"):
        app.installEventFilter(AppEvents(app))
        app.setProperty("handbookAppEvents", True)
