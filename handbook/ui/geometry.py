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
    """Resize ``window`` to ``width``×``height``, or as much of it as the screen has room for."""
    room = available(window)
    window.resize(min(width, room.width()), min(height, room.height()))
