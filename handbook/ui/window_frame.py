"""The main window's frame: what is on the screen before its contents are made.

``app.run`` shows the frame at once – title, size, the system's background – and has the
contents made once it has been painted (:meth:`handbook.ui.main_window.MainWindow.build`), so the
click that started the app is answered before anything slow. Importing this module therefore
imports no widget of the reader and does not touch ``Qt``'s namespace (PySide makes its ~90
Python enums on first use, about 15 ms). Text typed into the frame before the search field exists
is kept for it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from handbook.ui.geometry import fit_to_screen, fixed_constraints


class WindowFrame(QMainWindow):
    """A top-level window with the main window's name, discreet title and sizes, and no contents yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.built = False  # set once the contents are made
        self.handbook = None  # no content yet
        self._early_text: list[str] = []
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Håndbok"))  # the discreet title until the settings are read
        # 1280×720, or the screen's room if it is smaller: a window wider than a small laptop's screen
        # (911×512 at 150 %) would put «Skjul» and «Meny», at the toolbar's right end, past its edge.
        fit_to_screen(self, 1280, 720)
        # The window's minimum size is fixed here, not derived from the content, which
        # changes after show (contents made, content loaded, zoom); see fixed_constraints().
        fixed_constraints(self, 640, 480)

    def take_early_text(self) -> str:
        """The text typed into the frame before its contents existed (once)."""
        text, self._early_text = "".join(self._early_text), []
        return text

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if not self.built:
            if event.text() and event.text().isprintable():
                self._early_text.append(event.text())
            return
        super().keyPressEvent(event)
