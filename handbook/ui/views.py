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
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QWidget

from handbook.content import page_ids
from handbook.ui import app_events, fonts
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

    The widget is made on first use (``widget``), not with the window: what she has not opened
    costs neither start-up time nor memory. A view that is not made yet is not current, has
    nothing to forget and gets its content when it is made.

    Args:
        name: The view's name (``Location.view``).
        stack: The window's stack of views.
        make: ``make(stack) -> QWidget`` makes the widget (importing its module then), or the
            widget itself when it is made with the window.
        wire: ``wire(widget)`` connects the new widget's signals (the window's part).
    """

    def __init__(self, name: str, stack: QStackedWidget, make: Callable[[QStackedWidget], QWidget] | QWidget,
                 wire: Callable[[QWidget], None] | None = None) -> None:
        self.name = name
        self.stack = stack
        self.handbook = None
        self._make, self._wire = make, wire
        self._widget: QWidget | None = None
        if isinstance(make, QWidget):
            self._adopt(make)

    @property
    def made(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> QWidget:
        """What the stack shows for this view, made (and given the content) on first use."""
        if self._widget is None:
            self._adopt(self._make(self.stack))
            if self.handbook is not None:
                self.load(self.handbook)
        return self._widget

    def _adopt(self, widget: QWidget) -> None:
        self._widget = widget
        self.stack.addWidget(widget)
        fonts.inherit_now(widget)  # the zoom's size before it is first shown
        app_events.install(QApplication.instance())  # and its children's (made now or later), if not yet
        if self._wire is not None:
            self._wire(widget)

    def set_handbook(self, handbook) -> None:
        """New content (first load, or the settings' content folder): shown now if made, else when made."""
        self.handbook = handbook
        if self.made:
            self.load(handbook)

    def load(self, handbook) -> None:
        """Show ``handbook`` in the made widget."""

    def raise_(self) -> None:
        """Put this view on top of the stack (making it if need be)."""
        self.stack.setCurrentWidget(self.widget)

    def is_current(self) -> bool:
        return self._widget is not None and self.stack.currentWidget() is self._widget

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
        if self.made:
            self.forget()

    def forget(self) -> None:
        """:meth:`clear` for a made widget."""

    def place_id(self, target: str) -> str:
        """The id a pin, the recent list and the sidebar use for ``target`` here ("" if it cannot be pinned)."""
        return ""


class StartView(View):
    """The start page (made with the window: it is the first thing she sees); going there puts
    the keyboard in the search box."""

    def __init__(self, widget, stack, focus_search: Callable[[], None]) -> None:
        super().__init__(HOME, stack, widget)
        self._focus_search = focus_search

    def load(self, handbook) -> None:
        self.widget.set_handbook(handbook)

    def focus(self) -> None:
        self._focus_search()


def _results_panel(stack: QStackedWidget, search, walk) -> QWidget:
    from handbook.ui.results_model import ResultsModel
    from handbook.ui.results_view import ResultsPanel

    panel = ResultsPanel(ResultsModel(stack), stack, search, walk)
    panel.model.setParent(panel)
    return panel


class ResultsListView(View):
    """The search results (shown while there is text in the search box), with what the search
    understood above them: a changed reading is ranked again by ``search`` (the search controller),
    and ``walk(answers)`` takes the reading's flowchart answers to the flowchart."""

    def __init__(self, stack, wire: Callable[[QWidget], None], search=None,
                 walk: Callable[[list[int]], None] | None = None) -> None:
        super().__init__(RESULTS, stack, lambda s: _results_panel(s, search, walk), wire)

    def load(self, handbook) -> None:
        self.widget.model.clear()
        self.widget.set_handbook(handbook)  # the concepts a chip can be read as

    def forget(self) -> None:
        self.widget.model.clear()


def _page_view(stack: QStackedWidget) -> QWidget:
    from handbook.ui.page_view import PageView

    return PageView(stack)


class ReadingView(View):
    """A page of the plan or a duty card, at a section, with the search words marked."""

    def __init__(self, stack, wire: Callable[[QWidget], None]) -> None:
        super().__init__(PAGE, stack, _page_view, wire)

    def load(self, handbook) -> None:
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

    def forget(self) -> None:
        self.widget.clear()

    def place_id(self, target: str) -> str:
        return target


def _page_printable(handbook, page_id: str) -> Printable | None:
    from handbook.ui.page_view import printable_document

    page = handbook.page(page_id) if handbook is not None else None
    return (printable_document(page, handbook), page.title) if page is not None else None


def _help_list(stack: QStackedWidget) -> QWidget:
    from handbook.ui.help_list import HelpListView

    return HelpListView(stack)


class HelpView(View):
    """The help list, at a contact (its first number focused) or at the top (the filter focused).

    Its filter asks the search which entries fit (``matcher(text)``: contact ids, or None while
    the search is not ready).
    """

    def __init__(self, stack, wire: Callable[[QWidget], None], matcher: Callable) -> None:
        super().__init__(HELP, stack, _help_list, wire)
        self._matcher = matcher

    def _adopt(self, widget: QWidget) -> None:
        super()._adopt(widget)
        widget.set_matcher(self._matcher)

    def load(self, handbook) -> None:
        self.widget.set_handbook(handbook)

    def search_ready(self) -> None:
        """The filter can now ask the search: filter again."""
        if self.made:
            self.widget.refilter()

    def show(self, target: str, terms: tuple[str, ...] = ()) -> bool:
        self.raise_()
        self.widget.show_contact(target)  # puts the focus on the contact's number, or on the filter
        return True

    def find(self) -> None:
        self.widget.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def printable(self) -> Printable | None:
        return _page_printable(self.handbook, page_ids.HELP_LIST)

    def forget(self) -> None:
        self.widget.clear()

    def place_id(self, target: str) -> str:
        return page_ids.section_id(page_ids.HELP_LIST, target)


class FlowchartView(View):
    """«Hva gjør jeg nå?»: the flowchart panel, or a notice where the content has no flowchart.

    Made on first use for the content of the moment, and made again for new content (the
    flowchart's widgets are imported only then, see README, Start-up); it prints itself,
    asking whether to print the path taken or the whole diagram.
    """

    def __init__(self, stack, open_section: Callable[[str], None], pdf_name: Callable[[str], str],
                 show_message: Callable[..., None] | None = None) -> None:
        super().__init__(FLOW, stack, self._make_panel)
        self.panel = None  # the FlowPanel once made for content with a flowchart
        self._open_section = open_section
        self._pdf_name = pdf_name
        self._show_message = show_message

    def _make_panel(self, stack: QStackedWidget) -> QWidget:
        if self.handbook is not None and self.handbook.flow is not None:
            from handbook.ui.flow import FlowPanel

            panel = self.panel = FlowPanel(self.handbook, stack, pdf_name=self._pdf_name)
            panel.openSection.connect(self._open_section)
            if self._show_message is not None:
                panel.message.connect(lambda text: self._show_message(text, 15_000))  # «Lagret», or why not
            return panel
        notice = QLabel(_tr("Flytskjemaet «Hva gjør jeg nå?» er ikke med i denne utgaven ennå.\n"
                            "Se «Plikter og veiledning» i sidefeltet, eller ring 112 ved akutt fare."), stack)
        notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        notice.setWordWrap(True)
        return notice

    @property
    def widget(self) -> QWidget:
        if self._widget is None:
            self._adopt(self._make_panel(self.stack))  # made for self.handbook already
        return self._widget

    def load(self, handbook) -> None:
        """New content: this panel goes; the next use makes one for the new content."""
        old, self._widget, self.panel = self._widget, None, None
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

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

    def forget(self) -> None:
        if self.panel is not None:
            self.panel.start()
