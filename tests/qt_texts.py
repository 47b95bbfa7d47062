"""Test helpers: what text a Qt widget tree shows, which of Qt's own strings went untranslated, and
whether a text reads as English.

``QtRequests`` is a QTranslator installed last, so Qt asks it first for every string it shows; it
answers nothing (the real catalogue answers) and records each request the catalogue cannot answer.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

# Words that are English and never bokmål ("for", "to", "type", "in", "side", "hold", "Enter": bokmål too).
ENGLISH = set("""
the and of with your you are this that please choose replace overwrite already exists want
look name names file files save cancel open close print printer printing preview copies copy options
option page pages size date modified directory directories folder folders back forward parent create
new view detail details list undo redo cut paste delete select all link location properties output
settings color colour grayscale collate reverse range from current selection yes no apply reset help
retry ignore discard abort restore defaults show hide hidden rename computer unknown shortcut
sidebar places bookmarks recent local write orientation portrait landscape margins paper source width
height custom layout order sheet even left right top bottom edge scroll here step up down
value what's job control billing priority scheduled banner immediately night day weekend
authentication needed username password conflicts advanced double sided binding long short off
""".split())
_WORD = re.compile(r"[A-Za-zÆØÅæøå']+")


def english_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.replace("&", "")) if w.lower() in ENGLISH]


def shown_texts(root: QWidget) -> list[str]:
    """Every user-facing string in ``root``'s widget tree, hidden parts included (e.g. "Options >>")."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        texts += [w.toolTip(), w.accessibleName(), w.whatsThis()]
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox) and not w.isEditable():
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QHeaderView) and w.model() is not None:
            texts += [str(w.model().headerData(i, w.orientation()) or "") for i in range(w.count())]
        for action in w.actions():
            texts += [action.text(), action.toolTip(), action.iconText()]
    return [t for t in texts if t and t.strip()]


def menu_texts(menu: QMenu) -> list[str]:
    texts = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        texts += action.text().split("\t")  # "&Angre\tCtrl+Z": the label, then the keys
        if action.menu() is not None:
            action.menu().aboutToShow.emit()
            texts += menu_texts(action.menu())
    return texts


class QtRequests(QTranslator):
    """Records Qt's own strings that the installed catalogue does not translate."""

    def __init__(self, catalogue: QTranslator) -> None:
        super().__init__()
        self._catalogue = catalogue
        self.missing: set[tuple[str, str, str]] = set()
        self.asked: set[tuple[str, str, str]] = set()
        self._own: set[str] = set()  # the app's texts: PySide asks for them under the Python class first

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        if not context.startswith("Q"):
            self._own.add(source)
        elif source in self._own:
            pass  # self.tr() of one of our widgets, asked again under its Qt base classes
        elif context.startswith("Q") or context in ("CloseButton", "Print Device Input Slot", "Print Device Output Bin"):
            key = (context, source, disambiguation or "")
            self.asked.add(key)
            if not self._catalogue.translate(context, source, disambiguation, n):
                self.missing.add(key)
        return None  # a null string: "not mine", Qt asks the next translator ("" would blank the text)

    def __enter__(self) -> QtRequests:
        QCoreApplication.installTranslator(self)
        return self

    def __exit__(self, *exc) -> None:
        QCoreApplication.removeTranslator(self)


def run_modal(qtbot, start, inspect, kind=QDialog, over: QWidget | None = None):
    """Call ``start()`` (which opens a modal dialog and waits), run ``inspect(dialog)`` once it is up,
    then cancel it. ``over``: a dialog already open, which the new one opens on top of.
    Returns what ``inspect`` returned; a failure inside is raised here."""
    outcome: dict = {}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible() or dialog is over:
            QTimer.singleShot(20, poll)
            return
        try:
            outcome["value"] = inspect(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, outside Qt's event loop
            outcome["error"] = exc
        finally:
            dialog.reject()

    QTimer.singleShot(0, poll)
    start()
    if "error" in outcome:
        raise outcome["error"]
    assert "value" in outcome, "the dialog never opened"
    return outcome["value"]


def strip_accelerators(texts: list[str]) -> list[str]:
    return [t.replace("&&", "\0").replace("&", "").replace("\0", "&") for t in texts]

