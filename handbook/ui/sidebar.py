"""The sidebar tree: pinned pages, the plan, duty cards, forms of violence, help list.

Long titles wrap onto more lines instead of ending in "…": a narrow sidebar on a
small laptop must still say which chapter an entry is.

Signals:
    openSection(str): an entry was chosen (a page or section id).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QStyledItemDelegate, QTreeWidget, QTreeWidgetItem

from handbook.content.page_ids import HELP_LIST, VIOLENCE_FORMS

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _WrapDelegate(QStyledItemDelegate):
    """Sizes each row for its text wrapped at the width left beside its indentation.

    QTreeView asks the delegate for a size without the column's width, so a
    word-wrapping tree would still get one-line rows and elide.
    """

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt naming
        view = self.parent()
        depth = 1 if view.rootIsDecorated() else 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = max(40, view.viewport().width() - depth * view.indentation())
        option.rect = QRect(0, 0, width, 1)  # a valid rect: the style wraps only within one
        hint = super().sizeHint(option, index)
        return QSize(width, hint.height() + 4)  # a little air between wrapped entries


class Sidebar(QTreeWidget):
    openSection = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setItemDelegate(_WrapDelegate(self))
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._laid_out_width = -1
        self.setAccessibleName(self.tr("Innholdsfortegnelse"))
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setExpandsOnDoubleClick(False)
        self.itemActivated.connect(self._open)
        self.itemClicked.connect(self._open)
        self._favourites = QTreeWidgetItem([self.tr("Festet")])
        self._recent: QTreeWidgetItem | None = None

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Rows are as tall as their wrapped text: a new width needs new heights."""
        super().resizeEvent(event)
        if self.viewport().width() != self._laid_out_width:
            self._laid_out_width = self.viewport().width()
            self.scheduleDelayedItemsLayout()

    def _open(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, ID_ROLE)
        if target:
            self.openSection.emit(target)
        else:
            item.setExpanded(not item.isExpanded())

    def _group(self, title: str, target: str = "") -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setData(0, ID_ROLE, target)
        self.addTopLevelItem(item)
        return item

    @staticmethod
    def _child(parent: QTreeWidgetItem, title: str, target: str) -> QTreeWidgetItem:
        from handbook.ui.safe_text import tooltip  # with the content, after the first paint

        item = QTreeWidgetItem(parent, [title])
        item.setData(0, ID_ROLE, target)
        item.setToolTip(0, tooltip(title))
        return item

    def set_handbook(self, handbook, favourites: list[tuple[str, str]]) -> None:
        self.clear()
        self._favourites = self._group(self.tr("Festet"))
        self._recent = None
        self.set_favourites(favourites)
        if handbook is None:
            return
        plan = self._group(self.tr("Planen"))
        cards = self._group(self.tr("Plikter og veiledning"))
        for page in handbook.pages:
            parent = {"plan": plan, "card": cards}.get(page.kind)
            if parent is None:
                continue
            page_item = self._child(parent, page.title, page.id)
            for section in page.sections[1:]:
                if section.level <= 3:
                    self._child(page_item, section.title, section.id)
        forms = self._group(self.tr("Former for vold"), VIOLENCE_FORMS)
        for form in handbook.forms:
            self._child(forms, form.name, form.section_id)
        helpers = self._group(self.tr("Hvem kan hjelpe?"), HELP_LIST)
        for contact in handbook.contacts:
            self._child(helpers, contact.name, contact.section_id)
        plan.setExpanded(True)
        cards.setExpanded(True)

    def set_favourites(self, favourites: list[tuple[str, str]]) -> None:
        """Show the pinned entries: (section id, label)."""
        self._favourites.takeChildren()
        for target, label in favourites:
            self._child(self._favourites, label, target)
        if not favourites:
            hint = QTreeWidgetItem(self._favourites, [self.tr("(Fest en side med Ctrl+D)")])
            hint.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self._favourites.setExpanded(True)

    def set_recent(self, recent: list[tuple[str, str]]) -> None:
        """Show recently read entries (only when the user keeps history); [] removes the group."""
        if self._recent is not None:
            self.takeTopLevelItem(self.indexOfTopLevelItem(self._recent))
            self._recent = None
        if not recent:
            return
        self._recent = QTreeWidgetItem([self.tr("Sist lest")])
        font = self._recent.font(0)
        font.setBold(True)
        self._recent.setFont(0, font)
        self.insertTopLevelItem(1, self._recent)
        for target, label in recent:
            self._child(self._recent, label, target)
        self._recent.setExpanded(True)

    def recent_ids(self) -> list[str]:
        if self._recent is None:
            return []
        return [self._recent.child(i).data(0, ID_ROLE) for i in range(self._recent.childCount())]

    def favourite_ids(self) -> list[str]:
        return [self._favourites.child(i).data(0, ID_ROLE) for i in range(self._favourites.childCount())
                if self._favourites.child(i).data(0, ID_ROLE)]

    def select(self, target: str) -> None:
        """Mark the entry for ``target`` as current, without emitting; none when it has no entry
        (the flowchart, the start page): an old mark would say she is somewhere she is not."""
        found = None
        if target:
            found = next((item for item in self.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
                          if item.data(0, ID_ROLE) == target and item.parent() not in (self._favourites, self._recent)),
                         None)
        self.blockSignals(True)
        if found is None:
            self.clearSelection()
            self.setCurrentItem(None)
        else:
            self.setCurrentItem(found)
        self.blockSignals(False)
        if found is not None:
            self.scrollToItem(found)
