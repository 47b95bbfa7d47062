"""The home screen: three large ways in, and the plan's table of contents.

"Hva gjør jeg nå?" starts the flowchart, "Hvem kan hjelpe?" opens the help
list, and the third entry puts the cursor in the search box (which already has
it when the window opens). Below them, the plan's chapters and the duty cards.

Signals:
    startFlow(), openHelp(), focusSearch(): the big entries.
    openSection(str): a chapter or card was chosen (a page id).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea, QVBoxLayout, QWidget

from handbook.ui.fonts import set_relative_font

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HomeView(QScrollArea):
    startFlow = Signal()
    openHelp = Signal()
    focusSearch = Signal()
    openSection = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget(self)
        self.setWidget(body)
        self.title = set_relative_font(QLabel(self.tr("Vold i nære relasjoner"), body), 1.7, bold=True)
        self.urgent = set_relative_font(
            QLabel(self.tr("Akutt fare for liv og helse? Ring politiet på 112."), body), 1.15, bold=True
        )
        self.flow_button = self._big(body, self.tr("Hva gjør jeg nå?"), self.tr("Trinn for trinn (F2)"))
        self.help_button = self._big(body, self.tr("Hvem kan hjelpe?"), self.tr("Numre og adresser (F4)"))
        self.search_button = self._big(body, self.tr("Søk i håndboka"), self.tr("Skriv i feltet øverst (Ctrl+K)"))
        self.flow_button.clicked.connect(self.startFlow)
        self.help_button.clicked.connect(self.openHelp)
        self.search_button.clicked.connect(self.focusSearch)
        self.plan_list = self._list(body, self.tr("Planens innhold"))
        self.card_list = self._list(body, self.tr("Plikter og veiledning"))
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.flow_button, 0, 0)
        grid.addWidget(self.help_button, 0, 1)
        grid.addWidget(self.search_button, 0, 2)
        lists = QGridLayout()
        lists.addWidget(self._heading(body, self.tr("Planens innhold")), 0, 0)
        lists.addWidget(self._heading(body, self.tr("Plikter og veiledning")), 0, 1)
        lists.addWidget(self.plan_list, 1, 0)
        lists.addWidget(self.card_list, 1, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.urgent)
        layout.addLayout(grid)
        layout.addLayout(lists, 1)
        self.setFocusProxy(self.flow_button)

    def _big(self, parent: QWidget, title: str, hint: str) -> QPushButton:
        button = set_relative_font(QPushButton(f"{title}\n{hint}", parent), 1.35, bold=True)
        button.setMinimumHeight(90)
        button.setAccessibleName(title)
        button.setAccessibleDescription(hint)
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

    def set_handbook(self, handbook) -> None:
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
                item.setToolTip(page.summary)
            target.addItem(item)
        violence = handbook.page("voldsformer")
        if violence is not None:
            item = QListWidgetItem(violence.title)
            item.setData(ID_ROLE, violence.id)
            self.card_list.addItem(item)
