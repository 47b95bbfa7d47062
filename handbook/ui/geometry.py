"""Window geometry helpers shared by the main window and the dialogs: sizes from the screen.

A fixed minimum (640×480) is taller than a 1366×768 screen at 200 % (683×384 to Qt), and pushes
the bottom of the window – the flowchart's «Neste», a dialog's «Lukk» – off the screen. Every
size here is the wished one or the screen's available area, whichever is smaller.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLayout, QWidget

TITLE_BAR = 32  # a window manager's title bar and frame, which the available area still includes


def available(window: QWidget) -> QSize:
    """The room a top-level window has: its screen's available area less a title bar."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1 << 14, 1 << 14)
    area = screen.availableGeometry()
    return QSize(area.width(), max(1, area.height() - TITLE_BAR))


def fixed_constraints(window: QWidget, width: int, height: int) -> None:
    """Give a top-level window a minimum size – ``width``×``height``, or the screen if that is smaller –
    instead of its layout's.

    A layout that grows after the window is shown would otherwise change the
    window's size hints, which some platforms (offscreen) reject with a warning.
    """
    window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    room = available(window)
    window.setMinimumSize(min(width, room.width()), min(height, room.height()))


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width``×``height``, or as much of it as the screen has room for;
    a window already shown that now reaches past the screen's edge moves back onto it."""
    room = available(window)
    window.resize(min(width, room.width()), min(height, room.height()))
    if window.isVisible():
        keep_on_screen(window)


def fit_dialog(dialog: QWidget, least_width: int = 420, least_height: int = 280) -> None:
    """Size one of Qt's own dialogs (file, print) to the screen before it is shown: its own size
    hint is taller than a 640×360 screen (300 %); it may shrink to ``least_*`` (its lists scroll)."""
    hint = dialog.sizeHint()
    if dialog.layout() is not None:
        fixed_constraints(dialog, least_width, least_height)
    fit_to_screen(dialog, max(hint.width(), 640), max(hint.height(), 420))


def keep_on_screen(window: QWidget) -> None:
    """A window larger than the screen, or past its edge, is made to fit and moved onto it.

    Its contents go into a scroll area (its buttons, if it has a button box, below it), so what
    does not fit scrolls instead of being squeezed to nothing or pushed off the screen: Qt's own
    dialogs (the printer's «Egenskaper») size themselves for a large screen. Windows that fit
    are left alone.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    if area.contains(window.frameGeometry()):
        return
    room = available(window)
    if window.width() > room.width() or window.height() > room.height():
        if window.layout() is not None and window.property("handbookScrolls") is None:
            _scroll_contents(window)
        window.setMinimumSize(min(window.minimumWidth(), room.width()), min(window.minimumHeight(), room.height()))
        window.resize(min(window.width(), room.width()), min(window.height(), room.height()))
    frame = window.frameGeometry()
    x = max(area.left(), min(frame.left(), area.right() + 1 - frame.width()))
    y = max(area.top(), min(frame.top(), area.bottom() + 1 - frame.height()))
    window.move(x, y)


def _scroll_contents(window: QWidget) -> None:
    """Move ``window``'s layout (less its button box) into a scroll area that fills the window."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QFrame, QScrollArea, QVBoxLayout

    old = window.layout()
    items = (old.itemAt(i).widget() for i in range(old.count()))
    buttons = next((w for w in items if isinstance(w, QDialogButtonBox)), None)
    if buttons is not None:
        old.removeWidget(buttons)
    old.setSizeConstraint(QLayout.SizeConstraint.SetDefaultConstraint)
    body = QWidget()
    body.setLayout(old)  # Qt takes the layout, and the widgets it holds, from the window
    scroll = QScrollArea(window)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; the focused one is scrolled to
    scroll.setAccessibleName(window.windowTitle())
    scroll.setWidget(body)
    outer = QVBoxLayout(window)
    outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    outer.addWidget(scroll, 1)
    if buttons is not None:
        outer.addWidget(buttons)
    window.setProperty("handbookScrolls", True)
