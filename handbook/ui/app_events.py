"""The one application-wide event filter for what every widget and dialog needs.

- **Fonts** (:func:`handbook.ui.fonts.polished`): a widget made after its parent's font was set
  takes that font, as it would without the theme's style sheet.
- **Dialogs on the screen** (:func:`handbook.ui.geometry.keep_on_screen`): a dialog shown larger
  than the screen, or past its edge, is made to fit – our own dialogs size themselves, but Qt's
  (the printer's «Egenskaper», message boxes) do not, and at 300 % their buttons were off-screen.

Installed once the window has been painted (:mod:`handbook.ui.first_paint` says why); only the
event's type is looked at for all other events.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from handbook.ui import fonts
from handbook.ui.geometry import keep_on_screen

_POLISH, _SHOW = QEvent.Type.Polish, QEvent.Type.Show


class AppEvents(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        kind = event.type()
        if kind == _POLISH and isinstance(watched, QWidget):
            fonts.polished(watched)
        elif kind == _SHOW and isinstance(watched, QDialog) and watched.isWindow():
            keep_on_screen(watched)
            QTimer.singleShot(0, watched, lambda: keep_on_screen(watched))  # again, once its layout has sized it
        return False


def install(app: QApplication) -> None:
    """Install :class:`AppEvents` on ``app`` (once)."""
    if not app.property("handbookAppEvents"):
        app.installEventFilter(AppEvents(app))
        app.setProperty("handbookAppEvents", True)
