"""The views of the window behind one protocol: show, find, printable, clear.

The main window keeps its views in a stack and knows each only by its name, the
``view`` of a history :class:`~handbook.ui.history.Location` (as Anki's ``aqt`` moves
between named states, and Zeal's tabs own their views). It never asks which kind
of view it has: every :class:`View` answers the same calls, and a view that has
nothing to do for one (the start page has nothing to find) simply does nothing.

A view is a small object beside its widget, not the widget itself: ``show`` and
``find`` would otherwise collide with ``QWidget.show``.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from handbook.content import page_ids
from handbook.ui.history import FLOW, HELP, HOME, PAGE

RESULTS = "results"  # the search results: a view of the stack, never a place in the history

Printable = tuple[QTextDocument, str]  # (black-on-white document, title)
ANSWERS = "svar:"  # a flowchart target that is a list of answers from the start («svar:0,1»), not a step


def answers_target(answers: list[int]) -> str:
    """The flowchart's place for ``answers`` chosen from the start (a history location, so Back returns)."""
    return ANSWERS + ",".join(str(a) for a in answers)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class View:
    """One view of the window's stack (the protocol; every method has a do-nothing default).

    Args:
        name: The view's name (``Location.view``).
        widget: What the stack shows.
        stack: The window's stack of views.
    """

    def __init__(self, name: str, widget: QWidget, stack: QStackedWidget) -> None:
        self.name = name
        self.widget = widget
        self.stack = stack
        self.handbook = None
        stack.addWidget(widget)

    def set_handbook(self, handbook) -> None:
        """New content (first load, or the settings' content folder)."""
        self.handbook = handbook

    def raise_(self) -> None:
        """Put this view on top of the stack."""
        self.stack.setCurrentWidget(self.widget)

    def is_current(self) -> bool:
        return self.stack.currentWidget() is self.widget

    def show(self, target: str, terms: tuple[str, ...] = ()) -> bool:
        """Go to ``target`` in this view and put the view on top; False (and nothing shown) if there is no such place."""
        self.raise_()
        return True

    def focus(self) -> None:
        """Where the keyboard goes after the user went here (default: where it is)."""

    def find(self) -> None:
        """Find in this view (Ctrl+F)."""

    def find_next(self, backward: bool) -> None:
        """The next (or previous) match of the find text (F3, Shift+F3)."""

    def printable(self) -> Printable | None:
        """The view as a document to print or save as PDF, or None if it has none."""
        return None

    def print_itself(self) -> bool:
        """Print, for a view that prints in its own way (asking what to print); False: print :meth:`printable`."""
        return False

    def save_pdf_itself(self) -> bool:
        """Save as PDF, for a view that does it its own way; False: save :meth:`printable`."""
        return False

    def clear(self) -> None:
        """Forget what the user did here (quick hide): no text, no marks, back at the top."""

    def place_id(self, target: str) -> str:
        """The id a pin, the recent list and the sidebar use for ``target`` here ("" if it cannot be pinned)."""
        return ""


class StartView(View):
    """The start page: going there puts the keyboard in the search box."""

    def __init__(self, widget, stack, focus_search: Callable[[], None]) -> None:
        super().__init__(HOME, widget, stack)
        self._focus_search = focus_search

    def set_handbook(self, handbook) -> None:
        self.handbook = handbook
        self.widget.set_handbook(handbook)

    def focus(self) -> None:
        self._focus_search()


class ResultsListView(View):
    """The search results (shown while there is text in the search box)."""

    def __init__(self, widget, stack, model) -> None:
        super().__init__(RESULTS, widget, stack)
        self.model = model

    def set_handbook(self, handbook) -> None:
        self.handbook = handbook
        self.model.clear()
        self.widget.set_handbook(handbook)  # the concepts a chip can be read as

    def clear(self) -> None:
        self.model.clear()


class ReadingView(View):
    """A page of the plan or a duty card, at a section, with the search words marked."""

    def __init__(self, widget, stack) -> None:
        super().__init__(PAGE, widget, stack)

    def set_handbook(self, handbook) -> None:
        self.handbook = handbook
        self.widget.set_handbook(handbook)

    def show(self, target: str, terms: tuple[str, ...] = ()) -> bool:
        if not self.widget.show_section(target, terms):
            return False
        self.raise_()
        return True

    def focus(self) -> None:
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows and PgDn read on

    def find(self) -> None:
        self.widget.find_bar.open_bar()

    def find_next(self, backward: bool) -> None:
        self.widget.find_bar.find_next(backward)

    def printable(self) -> Printable | None:
        if self.handbook is None or self.widget.page is None:
            return None
        return self.widget.printable_document(), self.widget.page.title

    def clear(self) -> None:
        self.widget.clear()

    def place_id(self, target: str) -> str:
        return target


def _page_printable(handbook, page_id: str) -> Printable | None:
    from handbook.ui.page_view import printable_document

    page = handbook.page(page_id) if handbook is not None else None
    return (printable_document(page, handbook), page.title) if page is not None else None


class HelpView(View):
    """The help list, at a contact (its first number focused) or at the top (the filter focused)."""

    def __init__(self, widget, stack) -> None:
        super().__init__(HELP, widget, stack)

    def set_handbook(self, handbook) -> None:
        self.handbook = handbook
        self.widget.set_handbook(handbook)

    def show(self, target: str, terms: tuple[str, ...] = ()) -> bool:
        self.raise_()
        self.widget.show_contact(target)  # puts the focus on the contact's number, or on the filter
        return True

    def find(self) -> None:
        self.widget.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def printable(self) -> Printable | None:
        return _page_printable(self.handbook, page_ids.HELP_LIST)

    def clear(self) -> None:
        self.widget.clear()

    def place_id(self, target: str) -> str:
        return page_ids.section_id(page_ids.HELP_LIST, target)


class FlowchartView(View):
    """«Hva gjør jeg nå?»: the flowchart panel, or a notice while there is none.

    The panel is built for each handbook (after the first paint: the flowchart's
    widgets are imported only then, see README, Start-up); it prints itself,
    asking whether to print the path taken or the whole diagram.
    """

    def __init__(self, stack, open_section: Callable[[str], None], pdf_name: Callable[[str], str],
                 show_message: Callable[..., None] | None = None) -> None:
        loading = QLabel(_tr("Flytskjemaet lastes …"), stack)
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        super().__init__(FLOW, loading, stack)
        self.panel = None  # the FlowPanel once content with a flowchart is loaded
        self._open_section = open_section
        self._pdf_name = pdf_name
        self._show_message = show_message

    def set_handbook(self, handbook) -> None:
        from handbook.ui.flow import FlowPanel

        self.handbook = handbook
        self.panel = None
        if handbook.flow is not None:
            widget = self.panel = FlowPanel(handbook, self.stack, pdf_name=self._pdf_name)
            widget.openSection.connect(self._open_section)
            if self._show_message is not None:
                widget.message.connect(lambda text: self._show_message(text, 15_000))  # «Lagret», or why not
        else:
            widget = QLabel(_tr("Flytskjemaet «Hva gjør jeg nå?» er ikke med i denne utgaven ennå.\n"
                                 "Se «Plikter og veiledning» i sidefeltet, eller ring 112 ved akutt fare."), self.stack)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setWordWrap(True)
        self.stack.removeWidget(self.widget)
        self.widget.deleteLater()
        self.widget = widget
        self.stack.addWidget(widget)

    def show(self, target: str, terms: tuple[str, ...] = ()) -> bool:
        self.raise_()
        if self.panel is not None and target.startswith(ANSWERS):
            # from what the search understood: those answers chosen (the path shows them), at the step they lead to
            self.panel.follow([int(a) for a in target[len(ANSWERS):].split(",") if a.isdigit()])
        elif self.panel is not None and target:
            self.panel.show_node(target)
        elif self.panel is not None:
            self.panel.start()
        return True

    def printable(self) -> Printable | None:
        return _page_printable(self.handbook, page_ids.FLOW)

    def print_itself(self) -> bool:
        if self.panel is None:
            return False
        self.panel.print_current()  # the path taken or the whole diagram, as the panel shows
        return True

    def save_pdf_itself(self) -> bool:
        if self.panel is None:
            return False
        self.panel.save_pdf_dialog()
        return True

    def clear(self) -> None:
        if self.panel is not None:
            self.panel.start()
