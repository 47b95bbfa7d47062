"""The reader's commands and their keys, declared in one table.

Every command is a QAction on the main window (so its key works wherever the
focus is in that window) and can be put in the menu. ``MouseNavigation`` maps
the mouse's side buttons to back and forward.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

# name, label (bokmål), keys. Labels go through tr() in make_actions.
COMMANDS: tuple[tuple[str, str, tuple], ...] = (
    ("focus_search", "Søk", ("Ctrl+K", "Ctrl+L", "/")),
    ("back", "Tilbake", ("Alt+Left", "Back")),
    ("forward", "Fram", ("Alt+Right", "Forward")),
    ("home", "Startsiden", ("Alt+Home",)),
    ("sidebar", "Vis innholdsfortegnelsen", ("Ctrl+B", "F9")),
    ("flow", "Hva gjør jeg nå?", ("F2",)),
    ("help_list", "Hvem kan hjelpe?", ("F4",)),
    ("find", "Finn på siden", ("Ctrl+F",)),
    ("find_next", "Finn neste", ("F3",)),
    ("find_previous", "Finn forrige", ("Shift+F3",)),
    ("zoom_in", "Større tekst", ("Ctrl++", "Ctrl+=")),
    ("zoom_out", "Mindre tekst", ("Ctrl+-",)),
    ("zoom_reset", "Vanlig tekststørrelse", ("Ctrl+0",)),
    ("pin", "Fest / løsne siden", ("Ctrl+D",)),
    ("print", "Skriv ut …", ("Ctrl+P",)),
    ("save_pdf", "Lagre som PDF …", ("Ctrl+Shift+S",)),
    ("hide", "Skjul skjermen", ("Ctrl+Shift+H",)),
    ("settings", "Innstillinger …", ("Ctrl+,",)),
    ("about", "Om håndboka", ("F1",)),
    ("quit", "Avslutt", ("Ctrl+Q",)),
)


def _key(key) -> list[QKeySequence]:
    if isinstance(key, str):
        return [QKeySequence(key)]
    return list(QKeySequence.keyBindings(key))


def make_actions(window: QWidget) -> dict[str, QAction]:
    """Create one QAction per command on ``window``; returns them by name."""
    actions: dict[str, QAction] = {}
    for name, label, keys in COMMANDS:
        action = QAction(QCoreApplication.translate("shortcuts", label), window)
        seqs: list[QKeySequence] = []
        for key in keys:
            for seq in _key(key):
                if not seq.isEmpty() and seq not in seqs:
                    seqs.append(seq)
        action.setShortcuts(seqs)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
        actions[name] = action
    return actions


class MouseNavigation(QObject):
    """Signals: back(), forward(): a mouse side button was pressed in the window."""

    back = Signal()
    forward = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.MouseButtonPress:
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self._window:
            return False
        if event.button() == Qt.MouseButton.BackButton:
            self.back.emit()
            return True
        if event.button() == Qt.MouseButton.ForwardButton:
            self.forward.emit()
            return True
        return False
