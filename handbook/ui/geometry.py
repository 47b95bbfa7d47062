"""Window geometry helpers shared by the main window and the dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QWidget


def fixed_constraints(window: QWidget, width: int, height: int) -> None:
    """Give a top-level window a fixed minimum size instead of its layout's.

    A layout that grows after the window is shown would otherwise change the
    window's size hints, which some platforms (offscreen) reject with a warning.
    """
    window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    window.setMinimumSize(width, height)
