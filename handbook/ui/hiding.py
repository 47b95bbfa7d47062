"""Quick hide for the main window: the neutral screen over everything, and the session forgotten.

Anyone may press «Fortsett» on the neutral screen, so nothing of the hidden session
may come back (see :mod:`handbook.ui.quick_hide` for the keys and the screen).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication

from handbook.ui.quick_hide import close_dialogs, forget_text


class Hiding:
    """Hides and restores ``window`` (a :class:`~handbook.ui.main_window.MainWindow`)."""

    def __init__(self, window) -> None:
        self.window = window
        self.hidden = False

    def hide(self) -> None:
        """Swap the whole window for the neutral screen, then forget the session."""
        w = self.window
        close_dialogs(w)  # a save dialog or the settings must not stay open over the neutral screen
        self.hidden = True
        w.outer.setCurrentWidget(w.neutral)
        for name, action in w.actions.items():
            action.setEnabled(name in ("hide", "quit"))
        w.update_title()
        self.forget_session()
        w.neutral.button.setFocus(Qt.FocusReason.OtherFocusReason)

    def forget_session(self) -> None:
        """Drop what the user typed and read: nothing to undo, go back to, or see highlighted.

        The search text goes with its undo history, every view forgets (the results,
        the page's highlights and find text, the help list's filter; the flowchart
        starts over), back/forward history is emptied, and whatever this app put on
        the clipboard is removed, and so is the X primary selection when it is ours
        (text selected in the search box, the find bar, the help list's filter or a page:
        one middle-click would paste it). The view returns to the start page. Pinned pages
        stay: the user chose to keep them.
        """
        w = self.window
        w.search_box.blockSignals(True)
        forget_text(w.search_box)
        w.search_box.blockSignals(False)
        w.search.query("")
        for view in w.all_views():
            view.clear()
        w.history.clear()
        w.sidebar.set_handbook(w.handbook, w.places.favourite_entries())
        w.sidebar.set_recent(w.places.recent_entries())
        w.status.forget()
        clipboard = QApplication.clipboard()
        if clipboard.ownsClipboard() or clipboard.text() in self._copyable_texts():
            clipboard.clear()
        if clipboard.supportsSelection() and clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        w.home_view.raise_()
        w.update_nav()

    def _copyable_texts(self) -> set[str]:
        """The numbers and addresses the app copies; found on the clipboard, they came from here.

        ``ownsClipboard()`` says so directly on X11, Windows and macOS, not on every platform.
        """
        handbook = self.window.handbook
        if handbook is None:
            return set()
        texts = {n.digits for c in handbook.contacts for n in c.numbers}
        return texts | {c.url for c in handbook.contacts if c.url}

    def restore(self) -> None:
        w = self.window
        self.hidden = False
        for action in w.actions.values():
            action.setEnabled(True)
        w.outer.setCurrentWidget(w.normal)
        w.update_nav()
        w.update_title()
        w.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
