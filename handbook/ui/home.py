"""The home screen: three large ways in, and the plan's table of contents.

"Hva gjør jeg nå?" starts the flowchart, "Hvem kan hjelpe?" opens the help
list, and the third entry puts the cursor in the search box (which already has
it when the window opens). Below them, the plan's chapters and the duty cards.

The page reflows instead of scrolling sideways: the three entries stand side by
side when they fit and above each other when they do not (911 px wide at 150 %
with the sidebar shown, or 200 % text); the two lists likewise.

Signals:
    startFlow(), openHelp(), focusSearch(): the big entries.
    openSection(str): a chapter or card was chosen (a page id).
    handbookShown(object): new content is shown (first load, the settings, a content pack).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from handbook.content.page_ids import VIOLENCE_FORMS
from handbook.ui.fonts import set_relative_font

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LISTS_SIDE_BY_SIDE_MIN = 560  # below this many pixels the two lists stand above each other


class BigButton(QPushButton):
    """A large entry: a bold title and, below it, a smaller hint (its key), each wrapping."""

    def __init__(self, title: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = set_relative_font(QLabel(title, self), 1.35, bold=True)
        self.hint = QLabel(hint, self)
        for label in (self.title, self.hint):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName(title)
        self.setAccessibleDescription(hint)

    def text(self) -> str:  # noqa: D401 - what the button says, like QPushButton.text()
        return f"{self.title.text()}\n{self.hint.text()}"

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return self.layout().sizeHint().expandedTo(QSize(0, self.minimumHeight()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        """As wide as the longest word of the title: narrower only by breaking a word."""
        words = self.title.text().split() + self.hint.text().split()
        longest = max((self.title.fontMetrics().horizontalAdvance(w) for w in words), default=40)
        return QSize(longest + 24, self.minimumHeight())

    def preferred_width(self) -> int:
        """The width that holds the title and the hint on one line each."""
        fm_title, fm_hint = self.title.fontMetrics(), self.hint.fontMetrics()
        return max(fm_title.horizontalAdvance(self.title.text()), fm_hint.horizontalAdvance(self.hint.text())) + 30


class HomeView(QScrollArea):
    startFlow = Signal()
    openHelp = Signal()
    focusSearch = Signal()
    openSection = Signal(str)
    handbookShown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made in Python, not by Qt: the first widget Qt makes that Python then asks for
        # (``viewport()`` in _reflow) has PySide build the Python classes of every QWidget subclass
        # to find its type, ~12 ms before the start page's first paint; this one it already knows.
        self.setViewport(QWidget(self))
        self.setAccessibleName(self.tr("Startsiden"))  # a screen reader meets it (its focus goes to the first entry)
        self.setWidgetResizable(True)
        body = QWidget(self)
        self.setWidget(body)
        self.title = set_relative_font(QLabel(self.tr("Vold i nære relasjoner"), body), 1.7, bold=True)
        self.urgent = set_relative_font(
            QLabel(self.tr("Akutt fare for liv og helse? Ring politiet på 112."), body), 1.15, bold=True
        )
        self.title.setWordWrap(True)
        self.urgent.setWordWrap(True)
        self.flow_button = self._big(body, self.tr("Hva gjør jeg nå?"), self.tr("Trinn for trinn (F2)"))
        self.help_button = self._big(body, self.tr("Hvem kan hjelpe?"), self.tr("Numre og adresser (F4)"))
        self.search_button = self._big(body, self.tr("Søk i håndboka"), self.tr("Skriv i feltet øverst (Ctrl+K)"))
        self.flow_button.clicked.connect(self.startFlow)
        self.help_button.clicked.connect(self.openHelp)
        self.search_button.clicked.connect(self.focusSearch)
        self.plan_list = self._list(body, self.tr("Planens innhold"))
        self.card_list = self._list(body, self.tr("Plikter og veiledning"))
        self.plan_heading = self._heading(body, self.tr("Planens innhold"))
        self.card_heading = self._heading(body, self.tr("Plikter og veiledning"))
        self.buttons_grid = QGridLayout()
        self.buttons_grid.setSpacing(12)
        self.lists_grid = QGridLayout()
        self.lists_grid.setHorizontalSpacing(16)
        self.lists_grid.setVerticalSpacing(6)
        self._columns = (0, 0)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.urgent)
        layout.addLayout(self.buttons_grid)
        layout.addLayout(self.lists_grid, 1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it reflows instead
        self._reflow()
        self.setFocusProxy(self.flow_button)

    def add_footer(self, widget: QWidget) -> None:
        """Put ``widget`` at the bottom of the page (the content's version and age)."""
        self.widget().layout().addWidget(widget)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._reflow()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "lists_grid"):
            self._reflow()

    def _reflow(self) -> None:
        """Entries side by side when they fit the width, else above each other; lists likewise."""
        body = self.widget()
        margins = body.layout().contentsMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        buttons = (self.flow_button, self.help_button, self.search_button)
        row_width = sum(b.preferred_width() for b in buttons) + 2 * self.buttons_grid.horizontalSpacing()
        columns = (len(buttons) if row_width <= width else 1, 2 if width >= LISTS_SIDE_BY_SIDE_MIN else 1)
        if columns == self._columns:
            return
        self._columns = columns
        for i, button in enumerate(buttons):
            self.buttons_grid.removeWidget(button)
            self.buttons_grid.addWidget(button, *((0, i) if columns[0] > 1 else (i, 0)))
        for column in range(3):
            self.buttons_grid.setColumnStretch(column, 1 if column < columns[0] else 0)
        parts = (self.plan_heading, self.plan_list, self.card_heading, self.card_list)
        for widget in parts:
            self.lists_grid.removeWidget(widget)
        if columns[1] == 2:
            spots = ((0, 0), (1, 0), (0, 1), (1, 1))
        else:
            spots = ((0, 0), (1, 0), (2, 0), (3, 0))
        for widget, spot in zip(parts, spots):
            self.lists_grid.addWidget(widget, *spot)
        for column in range(2):
            self.lists_grid.setColumnStretch(column, 1 if column < columns[1] else 0)

    def _big(self, parent: QWidget, title: str, hint: str) -> BigButton:
        button = BigButton(title, hint, parent)
        button.setMinimumHeight(72)
        return button

    def _heading(self, parent: QWidget, text: str) -> QLabel:
        return set_relative_font(QLabel(text, parent), 1.15, bold=True)

    def _list(self, parent: QWidget, name: str) -> QListWidget:
        widget = QListWidget(parent)
        widget.setAccessibleName(name)
        widget.setWordWrap(True)
        widget.setMinimumHeight(200)
        widget.itemActivated.connect(lambda item: self.openSection.emit(item.data(ID_ROLE)))
        widget.itemClicked.connect(lambda item: self.openSection.emit(item.data(ID_ROLE)))
        return widget

    def unmark(self) -> None:
        """No entry of the lists marked (the last one opened would look like where she is)."""
        for widget in (self.plan_list, self.card_list):
            widget.clearSelection()
            widget.setCurrentItem(None)

    def set_handbook(self, handbook) -> None:
        from handbook.ui.safe_text import tooltip  # with the content, after the first paint

        self.handbookShown.emit(handbook)
        self.plan_list.clear()
        self.card_list.clear()
        if handbook is None:
            return
        for page in handbook.pages:
            target = {"plan": self.plan_list, "card": self.card_list}.get(page.kind)
            if target is None:
                continue
            item = QListWidgetItem(page.title)
            item.setData(ID_ROLE, page.id)
            if page.summary:
                item.setToolTip(tooltip(page.summary))
            target.addItem(item)
        violence = handbook.page(VIOLENCE_FORMS)
        if violence is not None:
            item = QListWidgetItem(violence.title)
            item.setData(ID_ROLE, violence.id)
            self.card_list.addItem(item)
