"""The main window: assembles the reader's widgets and wires their signals.

It owns no content logic: the handbook, the search controller, the settings
and a content validator are handed in by ``app.py``. Views live in a stack
(home, results, page, help list, flowchart); a second, outer stack swaps the
whole window for the neutral screen on quick hide.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from handbook.content import page_ids
from handbook.settings import ZOOM_STEP
from handbook.ui import fonts
from handbook.ui.geometry import fixed_constraints
from handbook.ui.help_list import HelpListView
from handbook.ui.history import FLOW, HELP, HOME, PAGE, History, Location
from handbook.ui.home import HomeView
from handbook.ui.page_view import PageView, printable_document
from handbook.ui.quick_hide import HideKeys, NeutralScreen, close_dialogs, forget_text
from handbook.ui.results_model import ResultsModel
from handbook.ui.results_view import ResultsPanel
from handbook.ui.search_box import SearchBox
from handbook.ui.shortcuts import MouseNavigation, make_actions
from handbook.ui.sidebar import Sidebar
from handbook.ui.sidebar_toggle import SidebarToggle

RECENT_LIMIT = 10
SIDEBAR_ZOOM_MAX = 130
SIDEBAR_MIN_WIDTH = 240
BASE_POINT_SIZE = 11.0  # text size of pages and lists at 100 % zoom, for tired eyes


class MainWindow(QMainWindow):
    """The reader's window.

    Args:
        settings: :class:`handbook.settings.Settings`.
        search: :class:`handbook.ui.search_controller.SearchController`.
        validate_content: ``validate(path or None) -> (handbook | None, problems)``.
    """

    def __init__(self, settings, search, validate_content, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.search = search
        self.validate_content = validate_content
        self.handbook = None
        self.history = History()
        self.hidden_screen = False
        self._base_font = QFont(QApplication.font())
        if self._base_font.pointSizeF() < BASE_POINT_SIZE:
            self._base_font.setPointSizeF(BASE_POINT_SIZE)
        self.setObjectName("MainWindow")
        self.resize(1280, 720)
        self._build()
        # The window's minimum size is fixed here, not derived from the content, which
        # changes after show (content loads, zoom); see fixed_constraints().
        fixed_constraints(self, 640, 480)
        self._wire()
        self.apply_zoom()
        self.update_title()
        self._announce_resets()
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building ------------------------------------------------------------------

    def _tool(self, parent: QWidget, action_name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(parent)
        self.actions[action_name].setIconText(text)
        button.setDefaultAction(self.actions[action_name])
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setMinimumHeight(36)
        return button

    def _build(self) -> None:
        self.actions = make_actions(self)
        self.outer = QStackedWidget(self)
        self.setCentralWidget(self.outer)
        self.normal = QWidget(self.outer)
        self.neutral = NeutralScreen(self.outer)
        self.outer.addWidget(self.normal)
        self.outer.addWidget(self.neutral)

        bar = QWidget(self.normal)
        self.sidebar_button = self._tool(bar, "sidebar", self.tr("☰ Innhold"),
                                         self.tr("Vis eller skjul innholdsfortegnelsen (Ctrl+B)"))
        self.back_button = self._tool(bar, "back", self.tr("◀ Tilbake"), self.tr("Tilbake (Alt+Venstre)"))
        self.forward_button = self._tool(bar, "forward", self.tr("Fram ▶"), self.tr("Fram (Alt+Høyre)"))
        self.home_button = self._tool(bar, "home", self.tr("Start"), self.tr("Startsiden (Alt+Home)"))
        self.search_box = SearchBox(bar)
        self.pin_button = self._tool(bar, "pin", self.tr("Fest"), self.tr("Fest siden i sidefeltet (Ctrl+D)"))
        self.pin_button.defaultAction().setCheckable(True)
        self.hide_button = self._tool(bar, "hide", self.tr("Skjul"), self.tr("Skjul skjermen straks (Esc Esc eller Ctrl+Shift+H)"))
        self.menu_button = QToolButton(bar)
        self.menu_button.setText(self.tr("Meny"))
        self.menu_button.setAccessibleName(self.tr("Meny"))
        self.menu_button.setMinimumHeight(36)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        for group in (("flow", "help_list", "home", "sidebar"), ("find", "zoom_in", "zoom_out", "zoom_reset", "pin"),
                      ("print", "save_pdf"), ("settings", "about", "hide", "quit")):
            for name in group:
                menu.addAction(self.actions[name])
            menu.addSeparator()
        self.menu_button.setMenu(menu)
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 6, 6, 6)
        for w in (self.sidebar_button, self.back_button, self.forward_button, self.home_button):
            row.addWidget(w)
        row.addWidget(self.search_box, 1)
        for w in (self.pin_button, self.hide_button, self.menu_button):
            row.addWidget(w)

        self.banner = QLabel(self.normal)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        self.status = QLabel(self.normal)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # "Kopiert: <content>": never HTML
        self.status.setAccessibleName(self.tr("Melding"))
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(6000)
        self._status_timer.timeout.connect(self.status.hide)
        # Confirmations ("Kopiert: …") must be seen: highlight colours, bold, hidden when idle.
        self.status.setBackgroundRole(QPalette.ColorRole.Highlight)
        self.status.setForegroundRole(QPalette.ColorRole.HighlightedText)
        self.status.setAutoFillBackground(True)
        fonts.set_relative_font(self.status, 1.1, bold=True)
        self.status.hide()

        self.sidebar = Sidebar(self.normal)
        self.views = QStackedWidget(self.normal)
        self.home = HomeView(self.views)
        self.results_model = ResultsModel(self)
        self.results = ResultsPanel(self.results_model, self.views)
        self.page_view = PageView(self.views)
        self.help_view = HelpListView(self.views)
        self.help_view.set_matcher(self._contacts_for_filter)
        self.flow_panel = None  # the FlowPanel once content with a flowchart is loaded
        self.flow_view: QWidget = QLabel(self.tr("Flytskjemaet lastes …"), self.views)
        self.flow_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for view in (self.home, self.results, self.page_view, self.help_view, self.flow_view):
            self.views.addWidget(view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.normal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.views)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 1000])
        self.splitter.setChildrenCollapsible(False)
        self.sidebar_toggle = SidebarToggle(self, self.splitter, self.sidebar, self.settings, self.actions["sidebar"])

        layout = QVBoxLayout(self.normal)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self.status.setContentsMargins(8, 4, 8, 4)

        QWidget.setTabOrder(self.search_box, self.views)
        QWidget.setTabOrder(self.views, self.sidebar)

    def _wire(self) -> None:
        a = self.actions
        a["focus_search"].triggered.connect(self.focus_search)
        a["back"].triggered.connect(self.go_back)
        a["forward"].triggered.connect(self.go_forward)
        a["home"].triggered.connect(lambda: self.go(Location(HOME)))
        a["flow"].triggered.connect(self.start_flow)
        a["help_list"].triggered.connect(lambda: self.open_section(page_ids.HELP_LIST))
        a["find"].triggered.connect(self.find_in_page)
        a["find_next"].triggered.connect(lambda: self._find_step(False))
        a["find_previous"].triggered.connect(lambda: self._find_step(True))
        a["zoom_in"].triggered.connect(lambda: self.zoom_by(ZOOM_STEP))
        a["zoom_out"].triggered.connect(lambda: self.zoom_by(-ZOOM_STEP))
        a["zoom_reset"].triggered.connect(lambda: self.settings.set("zoom", 100))
        a["pin"].triggered.connect(self.toggle_pin)
        a["print"].triggered.connect(self.print_current)
        a["save_pdf"].triggered.connect(self.save_pdf)
        a["hide"].triggered.connect(self.toggle_hide)
        a["settings"].triggered.connect(self.open_settings)
        a["about"].triggered.connect(self.open_about)
        a["quit"].triggered.connect(self.close)

        self.search_box.query.connect(self._on_query)
        self.search_box.move.connect(self.results.view.move)
        self.search_box.accepted.connect(self.results.view.open_current)
        self.search_box.cleared.connect(self._on_search_cleared)
        self.search_box.copyAnswer.connect(self.copy_result_number)
        self.search.results.connect(self._on_results)
        self.search.ready.connect(self._on_search_ready)
        self.search.failed.connect(lambda msg: self.show_banner(self.tr("Søket kunne ikke startes:") + "\n" + msg))
        self.results.view.openItem.connect(self.open_result)
        self.sidebar.openSection.connect(self.open_section)
        self.home.openSection.connect(self.open_section)
        self.home.openHelp.connect(lambda: self.open_section(page_ids.HELP_LIST))
        self.home.startFlow.connect(self.start_flow)
        self.home.focusSearch.connect(self.focus_search)
        self.page_view.openSection.connect(self.open_section)
        self.page_view.copied.connect(lambda t: self.show_message(self.tr("Kopiert: {t}").format(t=t)))
        self.help_view.copied.connect(lambda t: self.show_message(self.tr("Kopiert: {t}").format(t=t)))
        self.neutral.restore.connect(self.restore_from_hide)
        self.settings.changed.connect(self._on_setting_changed)
        self.settings.wasReset.connect(self._announce_resets)

        self.hide_keys = HideKeys(self)
        self.hide_keys.triggered.connect(self.quick_hide)
        self.mouse_nav = MouseNavigation(self)
        self.mouse_nav.back.connect(self.go_back)
        self.mouse_nav.forward.connect(self.go_forward)
        app = QApplication.instance()
        app.installEventFilter(self.hide_keys)
        app.installEventFilter(self.mouse_nav)
        self._update_nav()

    # -- content -------------------------------------------------------------------

    def set_handbook(self, handbook) -> None:
        """Show ``handbook`` (first load, or new content from the settings)."""
        self.handbook = handbook
        self.history.clear()
        self.page_view.set_handbook(handbook)
        self.help_view.set_handbook(handbook)
        self.home.set_handbook(handbook)
        self.sidebar.set_handbook(handbook, self._favourite_entries())
        self.sidebar.set_recent(self._recent_entries())
        self._set_flow_view(handbook)
        self.results_model.clear()
        if self.search_box.text().strip():
            self.results.set_waiting()
        self.go(Location(HOME), focus=False)
        if self.search_box.text().strip():
            self.views.setCurrentWidget(self.results)

    def _set_flow_view(self, handbook) -> None:
        # Imported here, not at the top: the flowchart's widgets are built after the first paint (see README, Start-up).
        from handbook.ui.flow import FlowPanel

        self.flow_panel = None
        if handbook.flow is not None:
            panel = self.flow_panel = FlowPanel(handbook, self.views, pdf_name=self._pdf_name)
            panel.openSection.connect(self.open_section)
        else:
            panel = QLabel(self.tr("Flytskjemaet «Hva gjør jeg nå?» er ikke med i denne utgaven ennå.\n"
                                   "Se «Plikter og veiledning» i sidefeltet, eller ring 112 ved akutt fare."), self.views)
            panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
            panel.setWordWrap(True)
        self.views.removeWidget(self.flow_view)
        self.flow_view.deleteLater()
        self.flow_view = panel
        self.views.addWidget(panel)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_message(self, text: str, duration_ms: int = 6000) -> None:
        self.status.setText(text)
        self.status.show()
        self._status_timer.start(duration_ms)

    def _announce_resets(self) -> None:
        """Say once which settings held a value the app could not use (they are back at their defaults)."""
        labels = self.settings.take_resets()
        if not labels:
            return
        names = ", ".join(f"«{label}»" for label in labels)
        if len(labels) == 1:
            text = self.tr("Innstillingen {names} hadde en ugyldig verdi og er satt tilbake til standard.")
        else:
            text = self.tr("Innstillingene {names} hadde ugyldige verdier og er satt tilbake til standard.")
        self.show_message(text.format(names=names), 15_000)

    # -- navigation --------------------------------------------------------------

    def open_section(self, section_id: str, terms: tuple[str, ...] = ()) -> None:
        """Go to a page or section id (help-list and flowchart ids go to their views)."""
        page, _, anchor = section_id.partition("#")
        if page == page_ids.HELP_LIST:
            self.go(Location(HELP, anchor))
        elif page == page_ids.FLOW:
            self.go(Location(FLOW, anchor))
        else:
            self.go(Location(PAGE, section_id), terms=terms)

    def open_result(self, item) -> None:
        hit = item.hit
        self.open_section(hit.id, hit.terms)

    def start_flow(self) -> None:
        self.go(Location(FLOW, ""))

    def go(self, place: Location, terms: tuple[str, ...] = (), record: bool = True, focus: bool = True) -> None:
        if self.handbook is None and place.view != HOME:
            return
        if place.view == PAGE:
            if not self.page_view.show_section(place.target, terms):
                self.show_message(self.tr("Fant ikke siden «{t}».").format(t=place.target))
                return
            self.views.setCurrentWidget(self.page_view)
        elif place.view == HELP:
            self.views.setCurrentWidget(self.help_view)
            self.help_view.show_contact(place.target)
        elif place.view == FLOW:
            self.views.setCurrentWidget(self.flow_view)
            if self.flow_panel is not None and place.target:
                self.flow_panel.show_node(place.target)
            elif self.flow_panel is not None:
                self.flow_panel.start()
        else:
            self.views.setCurrentWidget(self.home)
        if record:
            self.history.visit(place)
            self._remember(place)
        target = self._place_id(place)
        if target:
            self.sidebar.select(target)
        if focus and place.view == PAGE:
            self.page_view.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows and PgDn read on
        elif focus and place.view == HOME:
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        # HELP puts the focus on the contact's number or on its filter box itself.
        self._update_nav()

    @staticmethod
    def _place_id(place: Location) -> str:
        if place.view == PAGE:
            return place.target
        if place.view == HELP:
            return page_ids.section_id(page_ids.HELP_LIST, place.target)
        return ""

    def go_back(self) -> None:
        if self.hidden_screen:
            return
        place = self.history.back()
        if place is not None:
            self.go(place, record=False)

    def go_forward(self) -> None:
        if self.hidden_screen:
            return
        place = self.history.forward()
        if place is not None:
            self.go(place, record=False)

    def _update_nav(self) -> None:
        self.actions["back"].setEnabled(self.history.can_back())
        self.actions["forward"].setEnabled(self.history.can_forward())
        current = self.history.current
        pinnable = current is not None and current.view in (PAGE, HELP)
        self.actions["pin"].setEnabled(pinnable)
        self.actions["pin"].setChecked(pinnable and self._place_id(current) in self.settings.get("favourites"))

    def _remember(self, place: Location) -> None:
        """Recent pages go to disk only when the user has turned history on."""
        if not self.settings.get("keep_history") or place.view not in (PAGE, HELP):
            return
        target = self._place_id(place)
        recent = [r for r in self.settings.get("recent") if r != target]
        self.settings.set("recent", [target, *recent][:RECENT_LIMIT])

    # -- search ------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.hidden_screen:
            return
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_query(self, text: str) -> None:
        if text.strip():
            self.views.setCurrentWidget(self.results)
            if not self.search.is_ready:
                self.results_model.clear()
                self.results.set_waiting()
            self.search.query(text)
        else:
            self.search.query("")
            self.results_model.clear()
            self._show_current_place()

    def copy_result_number(self) -> None:
        """Copy the first number of the current result (a contact), with a confirmation."""
        view = self.results.view
        index = view.currentIndex()
        item = self.results_model.item(index.row() if index.isValid() else 0)
        if self.views.currentWidget() is not self.results or item is None or not item.numbers:
            return
        display, digits, _label = item.numbers[0]
        QApplication.clipboard().setText(digits)
        self.show_message(self.tr("Kopiert: {n} – {name}").format(n=display, name=item.owner(0)))

    def _on_results(self, result) -> None:
        if result.query != self.search_box.text():
            return  # an answer to text the user has since changed
        self.results_model.set_results(result, self.handbook)

    def _contacts_for_filter(self, text: str):
        """The help list's filter asks search which entries it finds (None until search is ready)."""
        engine = self.search.engine
        return engine.contacts_matching(text) if engine is not None else None

    def _on_search_ready(self) -> None:
        self.help_view.refilter()  # the filter can now ask search
        if self.search_box.text().strip():
            self.search.query(self.search_box.text())

    def _on_search_cleared(self) -> None:
        self.results_model.clear()
        self._show_current_place()

    def _show_current_place(self) -> None:
        if self.views.currentWidget() is not self.results:
            return
        current = self.history.current
        if current is None or current.view == HOME:
            self.views.setCurrentWidget(self.home)
        elif current.view == PAGE:
            self.views.setCurrentWidget(self.page_view)
        elif current.view == HELP:
            self.views.setCurrentWidget(self.help_view)
        else:
            self.views.setCurrentWidget(self.flow_view)

    # -- find, zoom, pins ------------------------------------------------------------

    def find_in_page(self) -> None:
        if self.views.currentWidget() is self.page_view:
            self.page_view.find_bar.open_bar()
        elif self.views.currentWidget() is self.help_view:
            self.help_view.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _find_step(self, backward: bool) -> None:
        if self.views.currentWidget() is self.page_view:
            self.page_view.find_bar.find_next(backward)

    def zoom_by(self, delta: int) -> None:
        self.settings.set("zoom", self.settings.get("zoom") + delta)

    def apply_zoom(self) -> None:
        zoom = self.settings.get("zoom")
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * zoom / 100)
        self.splitter.setFont(font)
        # The sidebar grows less, so the page keeps the room at 200 % on a small screen.
        side = QFont(self._base_font)
        side.setPointSizeF(self._base_font.pointSizeF() * min(zoom, SIDEBAR_ZOOM_MAX) / 100)
        self.sidebar.setFont(side)
        fonts.refresh(self.splitter)
        sizes = self.splitter.sizes()
        if self.sidebar.isVisibleTo(self) and sizes and sizes[0] < SIDEBAR_MIN_WIDTH and sum(sizes) > 3 * SIDEBAR_MIN_WIDTH:
            self.splitter.setSizes([SIDEBAR_MIN_WIDTH, sum(sizes) - SIDEBAR_MIN_WIDTH])

    def _recent_entries(self) -> list[tuple[str, str]]:
        if not self.settings.get("keep_history"):
            return []
        return self._entries(self.settings.get("recent"))

    def _favourite_entries(self) -> list[tuple[str, str]]:
        return self._entries(self.settings.get("favourites"))

    def _entries(self, targets: list[str]) -> list[tuple[str, str]]:
        out = []
        for target in targets:
            label = self._label_for(target)
            if label:
                out.append((target, label))
        return out

    def _label_for(self, target: str) -> str:
        if self.handbook is None:
            return ""
        if target == page_ids.HELP_LIST:
            return self.tr("Hvem kan hjelpe?")
        section = self.handbook.section(target)
        if section is None:
            page = self.handbook.page(target)
            return page.title if page is not None else ""
        if not section.anchor or section.title == section.parent_title:
            return section.title
        return f"{section.title} ({section.parent_title})" if section.parent_title else section.title

    def toggle_pin(self) -> None:
        current = self.history.current
        if current is None or current.view not in (PAGE, HELP):
            return
        target = self._place_id(current)
        pins = list(self.settings.get("favourites"))
        if target in pins:
            pins.remove(target)
            self.show_message(self.tr("Løsnet fra sidefeltet."))
        else:
            pins.append(target)
            self.show_message(self.tr("Festet i sidefeltet."))
        self.settings.set("favourites", pins)

    def _on_setting_changed(self, name: str) -> None:
        if name == "zoom":
            self.apply_zoom()
        elif name == "discreet":
            self.update_title()
        elif name == "favourites":
            self.sidebar.set_favourites(self._favourite_entries())
            self._update_nav()
        elif name in ("recent", "keep_history"):
            self.sidebar.set_recent(self._recent_entries())

    def update_title(self) -> None:
        if self.hidden_screen or self.settings.get("discreet"):
            self.setWindowTitle(self.tr("Håndbok"))
        else:
            self.setWindowTitle(self.tr("Håndbok – vold i nære relasjoner"))

    # -- quick hide --------------------------------------------------------------------

    def quick_hide(self) -> None:
        """Swap the whole window for the neutral screen, then forget the session.

        Anyone may press "Fortsett", so nothing of the hidden session may come back:
        see :meth:`forget_session`.
        """
        close_dialogs(self)  # a save dialog or the settings must not stay open over the neutral screen
        self.hidden_screen = True
        self.outer.setCurrentWidget(self.neutral)
        for name, action in self.actions.items():
            action.setEnabled(name in ("hide", "quit"))
        self.update_title()
        self.forget_session()
        self.neutral.button.setFocus(Qt.FocusReason.OtherFocusReason)

    def forget_session(self) -> None:
        """Drop what the user typed and read: nothing to undo, go back to, or see highlighted.

        The search text and the help-list and find-in-page filters go with their undo
        history, results and highlights are dropped, back/forward history is
        emptied, the flowchart starts over, and whatever this app put on the
        clipboard is removed. The view returns to the start page. Pinned pages
        stay: the user chose to keep them.
        """
        self.search_box.blockSignals(True)
        forget_text(self.search_box)
        self.search_box.blockSignals(False)
        self.search.query("")
        self.results_model.clear()
        self.page_view.clear()
        self.help_view.clear()
        if self.flow_panel is not None:
            self.flow_panel.start()
        self.history.clear()
        self.sidebar.set_handbook(self.handbook, self._favourite_entries())
        self.sidebar.set_recent(self._recent_entries())
        self.status.setText("")
        self.status.hide()
        clipboard = QApplication.clipboard()
        if clipboard.ownsClipboard() or clipboard.text() in self._copyable_texts():
            clipboard.clear()
        self.views.setCurrentWidget(self.home)
        self._update_nav()

    def _copyable_texts(self) -> set[str]:
        """The numbers and addresses the app copies; found on the clipboard, they came from here.

        ``ownsClipboard()`` says so directly on X11, Windows and macOS, not on every platform.
        """
        if self.handbook is None:
            return set()
        texts = {n.digits for c in self.handbook.contacts for n in c.numbers}
        texts |= {c.url for c in self.handbook.contacts if c.url}
        return texts

    def restore_from_hide(self) -> None:
        self.hidden_screen = False
        for action in self.actions.values():
            action.setEnabled(True)
        self.outer.setCurrentWidget(self.normal)
        self._update_nav()
        self.update_title()
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_hide(self) -> None:
        if self.hidden_screen:
            self.restore_from_hide()
        else:
            self.quick_hide()

    # -- printing, dialogs ---------------------------------------------------------------

    def _printable(self):
        """(document, title) for the current view, or (None, '')."""
        if self.handbook is None:
            return None, ""
        current = self.views.currentWidget()
        if current is self.page_view and self.page_view.page is not None:
            return self.page_view.printable_document(), self.page_view.page.title
        if current is self.help_view:
            page = self.handbook.page(page_ids.HELP_LIST)
        elif current is self.flow_view:
            page = self.handbook.page(page_ids.FLOW)
        else:
            page = None
        if page is None:
            return None, ""
        return printable_document(page, self.handbook), page.title

    def print_current(self) -> None:
        from handbook.ui import paper

        if self.flow_panel is not None and self.views.currentWidget() is self.flow_panel:
            self.flow_panel.print_current()  # the flowchart prints itself (steps or diagram)
            return
        doc, title = self._printable()
        if doc is None:
            self.show_message(self.tr("Åpne en side eller hjelpelisten for å skrive ut."))
            return
        if paper.print_document(self, doc, self._job_name(title)):
            self.show_message(self.tr("Sendt til skriveren: {t}").format(t=title))

    def save_pdf(self, path: str = "") -> str:
        if not path and self.flow_panel is not None and self.views.currentWidget() is self.flow_panel:
            self.flow_panel.save_pdf_dialog()
            return ""
        doc, title = self._printable()
        if doc is None:
            self.show_message(self.tr("Åpne en side eller hjelpelisten for å lagre som PDF."))
            return ""
        from handbook.ui import paper
        from handbook.ui.file_dialogs import ask_pdf_path

        path = path or ask_pdf_path(self, self._pdf_name(title))
        if path:
            paper.save_pdf(doc, path, title)
            self.show_message(self.tr("Lagret: {p}").format(p=path))
        return path

    def _discreet(self) -> bool:
        return bool(self.settings.get("discreet"))

    def _pdf_name(self, title: str) -> str:
        from handbook.ui.file_dialogs import suggested_pdf_name

        return suggested_pdf_name(title, self._discreet())

    def _job_name(self, title: str) -> str:
        """The print job's name, which the printer's queue and log show to others: neutral when discreet."""
        return self.tr("Håndbok") if self._discreet() else title

    def open_about(self) -> None:
        from handbook.ui.about import AboutDialog

        AboutDialog(self.handbook, self).exec()

    def open_settings(self) -> None:
        dialog = self.settings_dialog()
        if dialog.exec():
            self.apply_settings_dialog(dialog)

    def settings_dialog(self):
        from handbook.ui.settings_dialog import SettingsDialog

        return SettingsDialog(self.settings, self.validate_content, self)

    def apply_settings_dialog(self, dialog) -> None:
        if dialog.content_changed and dialog.new_handbook is not None:
            self.set_handbook(dialog.new_handbook)
            self.search.open(dialog.new_handbook)
            self.show_message(self.tr("Nytt innhold er tatt i bruk."))

    def closeEvent(self, event) -> None:
        app = QApplication.instance()
        app.removeEventFilter(self.hide_keys)
        app.removeEventFilter(self.mouse_nav)
        super().closeEvent(event)
