"""The main window: assembles the reader's widgets, wires their signals and switches views.

It owns no content logic: ``app.py`` hands in the settings, the search controller and a
content validator. The views live in a stack (home, results, page, help list, flowchart),
each behind :class:`~handbook.ui.views.View` (show, find, printable, clear), known by
name and made on first use; an outer stack swaps the whole window for the neutral screen on quick hide
(:mod:`~handbook.ui.hiding`). Pins and recent places: :mod:`~handbook.ui.places`;
printing: :mod:`~handbook.ui.print_actions`; back/forward: :mod:`~handbook.ui.history`.

``MainWindow()`` is only the frame (:mod:`~handbook.ui.window_frame`, shown at once); :meth:`~MainWindow.build`
imports and makes the contents (``app.run``: once the frame is painted; ``app.create_window``: at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from handbook.content import page_ids
from handbook.ui.history import FLOW, HELP, HOME, PAGE, History, Location
from handbook.ui.window_frame import WindowFrame

if TYPE_CHECKING:
    from handbook.ui import views

BASE_POINT_SIZE = 11.0  # text size of pages and lists at 100 % zoom, for tired eyes


class MainWindow(WindowFrame):
    """The reader's window: the frame only, or – given the services (see :meth:`build`) – frame and contents."""

    def __init__(self, settings=None, search=None, validate_content=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if settings is not None:
            self.build(settings, search, validate_content)

    def build(self, settings, search, validate_content) -> None:
        """Make the window's contents, once: ``settings`` a :class:`handbook.settings.Settings`, ``search`` a
        :class:`~handbook.ui.search_controller.SearchController`, ``validate_content(path or None) -> (handbook | None, problems)``."""
        if self.built:
            raise RuntimeError("the window's contents are made once")
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QFont

        from handbook.ui import hiding, places, print_actions

        self.settings, self.search, self.validate_content = settings, search, validate_content
        self.history = History()
        self.places = places.Places(settings)
        self.printing = print_actions.PrintActions(self, self.current_view, self._discreet, self.show_message)
        self.hiding = hiding.Hiding(self)
        self._base_font = QFont(QApplication.font())
        if self._base_font.pointSizeF() < BASE_POINT_SIZE:
            self._base_font.setPointSizeF(BASE_POINT_SIZE)
        self._build()
        self._wire()
        self.built = True
        self.apply_zoom()
        self.update_title()
        self._announce_resets()
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        if early := self.take_early_text():
            self.search_box.insert(early)  # a search: textChanged asks for results (insert("") would ask too)

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout

        from handbook.ui import home, quick_hide, shortcuts, sidebar, sidebar_toggle, status_line, toolbar, views

        self.actions = shortcuts.make_actions(self)
        self.outer = QStackedWidget(self)
        self.setCentralWidget(self.outer)
        self.normal = QWidget(self.outer)
        self.neutral = quick_hide.NeutralScreen(self.outer)
        self.outer.addWidget(self.normal)
        self.outer.addWidget(self.neutral)

        bar = toolbar.Toolbar(self.actions, self.normal)
        self.sidebar_button, self.back_button, self.forward_button = bar.sidebar_button, bar.back_button, bar.forward_button
        self.home_button, self.search_box, self.pin_button = bar.home_button, bar.search_box, bar.pin_button
        self.hide_button, self.menu_button = bar.hide_button, bar.menu_button
        self.banner = QLabel(self.normal)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        self.status = status_line.StatusLine(self.normal)

        self.sidebar = sidebar.Sidebar(self.normal)
        self.views = stack = QStackedWidget(self.normal)
        self.home = home.HomeView(stack)  # the start page; the other views are made on first use
        self.home_view = views.StartView(self.home, stack, self.focus_search)
        self.results_list = views.ResultsListView(stack, lambda w: w.view.openItem.connect(self.open_result), self.search,
                                                  lambda answers: self.go(Location(FLOW, views.answers_target(answers))))
        self.reading = views.ReadingView(stack, lambda w: (w.openSection.connect(self.open_section),
                                                           w.copied.connect(self._copied)))
        self.helpers = views.HelpView(stack, lambda w: w.copied.connect(self._copied),
                                      self.search.contacts_matching)  # None until search is ready
        self.flowchart = views.FlowchartView(stack, self.open_section, self.printing.pdf_name, self.show_message)
        self._views = {v.name: v for v in (self.home_view, self.results_list, self.reading, self.helpers, self.flowchart)}
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.normal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 1000])
        self.splitter.setChildrenCollapsible(False)
        self.sidebar_toggle = sidebar_toggle.SidebarToggle(self, self.splitter, self.sidebar, self.settings,
                                                           self.actions["sidebar"])

        layout = QVBoxLayout(self.normal)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget, stretch in ((bar, 0), (self.banner, 0), (self.splitter, 1), (self.status, 0)):
            layout.addWidget(widget, stretch)
        QWidget.setTabOrder(stack, self.sidebar)

    def _wire(self) -> None:
        from handbook.settings import ZOOM_STEP
        from handbook.ui.watchers import Watchers

        a = self.actions
        for name, slot in (
            ("focus_search", self.focus_search), ("back", self.go_back), ("forward", self.go_forward),
            ("home", lambda: self.go(Location(HOME))), ("flow", self.start_flow),
            ("help_list", lambda: self.open_section(page_ids.HELP_LIST)), ("find", self.find_in_page),
            ("find_next", lambda: self.current_view().find_next(False)),
            ("find_previous", lambda: self.current_view().find_next(True)),
            ("zoom_in", lambda: self.zoom_by(ZOOM_STEP)), ("zoom_out", lambda: self.zoom_by(-ZOOM_STEP)),
            ("zoom_reset", lambda: self.settings.set("zoom", 100)), ("pin", self.toggle_pin),
            ("print", self.print_current), ("save_pdf", self.save_pdf), ("hide", self.toggle_hide),
            ("settings", self.open_settings), ("about", self.open_about), ("quit", self.close),
        ):
            a[name].triggered.connect(slot)
        self.search_box.query.connect(self._on_query)
        self.search_box.move.connect(lambda step: self.results.view.move(step))
        self.search_box.accepted.connect(lambda: self.results.view.open_current())
        self.search_box.cleared.connect(self._on_search_cleared)
        self.search_box.copyAnswer.connect(self.copy_result_number)
        self.search.results.connect(self._on_results)
        self.search.ready.connect(self._on_search_ready)
        self.search.failed.connect(self.show_banner)  # a bokmål message, never a traceback
        for source in (self.sidebar, self.home):
            source.openSection.connect(self.open_section)
        self.home.openHelp.connect(lambda: self.open_section(page_ids.HELP_LIST))
        self.home.startFlow.connect(self.start_flow)
        self.home.focusSearch.connect(self.focus_search)
        self.neutral.restore.connect(self.restore_from_hide)
        self.settings.changed.connect(self._on_setting_changed)
        self.settings.wasReset.connect(self._announce_resets)
        self.status.watch_unsaved(self.settings)  # «Innstillingene kunne ikke lagres: …», once

        self.watchers = Watchers(self, self.search_box, self.quick_hide, self.go_back, self.go_forward)
        self.update_nav()

    def _copied(self, text: str) -> None:
        self.show_message(self.tr("Kopiert: {t}").format(t=text))

    # The views' widgets, made on first use (views.View.widget).
    results = property(lambda self: self.results_list.widget)
    results_model = property(lambda self: self.results_list.widget.model)
    page_view = property(lambda self: self.reading.widget)
    help_view = property(lambda self: self.helpers.widget)

    # -- content -------------------------------------------------------------------

    @property
    def flow_view(self) -> QWidget:
        """The flowchart's widget in the stack: the FlowPanel, or the notice while there is none."""
        return self.flowchart.widget

    def set_handbook(self, handbook) -> None:
        """Show ``handbook`` (first load, or new content from the settings)."""
        self.handbook = self.places.handbook = handbook
        self.history.clear()
        for view in (self.reading, self.helpers, self.home_view, self.flowchart, self.results_list):
            view.set_handbook(handbook)
        self.sidebar.set_handbook(handbook, self.places.favourite_entries())
        self.sidebar.set_recent(self.places.recent_entries())
        if self.search_box.text().strip():
            self.results.set_waiting()
        self.go(Location(HOME), focus=False)
        if self.search_box.text().strip():
            self.results_list.raise_()

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_message(self, text: str, duration_ms: int = 6000) -> None:
        self.status.show_message(text, duration_ms)

    def _announce_resets(self) -> None:
        """Say once which settings held a value the app could not use (they are back at their defaults)."""
        self.status.announce_resets(self.settings.take_resets())

    # -- navigation --------------------------------------------------------------

    def current_view(self) -> views.View:
        """The view on screen (the start page's while the stack shows something else)."""
        return next((v for v in self._views.values() if v.is_current()), self.home_view)

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
        self.open_section(item.hit.id, item.hit.terms)

    def start_flow(self) -> None:
        self.go(Location(FLOW, ""))

    def go(self, place: Location, terms: tuple[str, ...] = (), record: bool = True, focus: bool = True) -> None:
        if self.handbook is None and place.view != HOME:
            return
        view = self._views.get(place.view, self.home_view)
        if not view.show(place.target, terms):
            self.show_message(self.tr("Fant ikke siden «{t}».").format(t=place.target))
            return
        if record:
            self.history.visit(place)
            self.places.remember(view.place_id(place.target))
        self.sidebar.select(view.place_id(place.target))  # nothing marked where the place has no entry
        self.home.unmark()  # its lists start places; they do not say where she is
        if focus:
            view.focus()  # a page: arrows and PgDn read on; home: the search box; the help list focuses itself
        self.update_nav()

    def _place_id(self, place: Location | None) -> str:
        return self._views.get(place.view, self.home_view).place_id(place.target) if place is not None else ""

    def go_back(self) -> None:
        place = None if self.hidden_screen else self.history.back()
        if place is not None:
            self.go(place, record=False)

    def go_forward(self) -> None:
        place = None if self.hidden_screen else self.history.forward()
        if place is not None:
            self.go(place, record=False)

    def all_views(self) -> list[views.View]:
        return list(self._views.values())

    def update_nav(self) -> None:
        self.actions["back"].setEnabled(self.history.can_back())
        self.actions["forward"].setEnabled(self.history.can_forward())
        target = self._place_id(self.history.current)
        self.actions["pin"].setEnabled(bool(target))
        self.actions["pin"].setChecked(bool(target) and self.places.is_pinned(target))

    def toggle_pin(self) -> None:
        target = self._place_id(self.history.current)
        if target:
            self.show_message(self.places.toggle_pin(target))

    # -- search ------------------------------------------------------------------

    def focus_search(self) -> None:
        from PySide6.QtCore import Qt

        if self.hidden_screen:
            return
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_query(self, text: str) -> None:
        if text.strip():
            self.results_list.raise_()
            if not self.search.is_ready:
                self.results_model.clear()
                self.results.set_waiting()
            self.search.query(text)
        else:
            self.search.query("")
            self.results_list.clear()
            self._show_current_place()

    def copy_result_number(self) -> None:
        """Copy the first number of the current result (a contact), with a confirmation."""
        number = self.results.current_number() if self.results_list.is_current() else None
        if number is not None:
            display, digits, whose = number
            QApplication.clipboard().setText(digits)
            self.show_message(self.tr("Kopiert: {n} – {name}").format(n=display, name=whose))

    def _on_results(self, result) -> None:
        if result.query != self.search_box.text():
            return  # an answer to text the user has since changed
        self.results_model.set_results(result, self.handbook, edited=self.search.edited)

    def _on_search_ready(self) -> None:
        self.helpers.search_ready()  # the filter can now ask search
        if self.search_box.text().strip():
            self.search.query(self.search_box.text())

    def _on_search_cleared(self) -> None:
        self.results_list.clear()
        self._show_current_place()

    def _show_current_place(self) -> None:
        if self.results_list.is_current():
            current = self.history.current
            self._views.get(current.view if current is not None else HOME, self.home_view).raise_()

    # -- find, zoom, settings ------------------------------------------------------

    def find_in_page(self) -> None:
        self.current_view().find()

    def zoom_by(self, delta: int) -> None:
        self.settings.set("zoom", self.settings.get("zoom") + delta)

    def apply_zoom(self) -> None:
        from handbook.ui.zoom import apply_zoom

        apply_zoom(self, self.splitter, self.sidebar, self._base_font, self.settings.get("zoom"))

    def _on_setting_changed(self, name: str) -> None:
        if name == "zoom":
            self.apply_zoom()
        elif name == "discreet":
            self.update_title()
        elif name == "favourites":
            self.sidebar.set_favourites(self.places.favourite_entries())
            self.update_nav()
        elif name in ("recent", "keep_history"):
            self.sidebar.set_recent(self.places.recent_entries())

    def update_title(self) -> None:
        if self.hidden_screen or self.settings.get("discreet"):
            self.setWindowTitle(self.tr("Håndbok"))
        else:
            self.setWindowTitle(self.tr("Håndbok – vold i nære relasjoner"))

    # -- quick hide (handbook.ui.hiding) -------------------------------------------------

    @property
    def hidden_screen(self) -> bool:
        return self.hiding.hidden

    def quick_hide(self) -> None:
        self.hiding.hide()

    def forget_session(self) -> None:
        self.hiding.forget_session()

    def restore_from_hide(self) -> None:
        self.hiding.restore()

    def toggle_hide(self) -> None:
        self.hiding.restore() if self.hiding.hidden else self.hiding.hide()

    # -- printing, dialogs ---------------------------------------------------------------

    def print_current(self) -> None:
        self.printing.print_current()

    def save_pdf(self, path: str = "") -> str:
        return self.printing.save_pdf(path)

    def _discreet(self) -> bool:
        return bool(self.settings.get("discreet"))

    def open_about(self) -> None:
        from handbook.ui.about import AboutDialog

        AboutDialog(self.handbook, self, stale_months=self.settings.get("stale_months")).exec()

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
        if self.built:
            self.watchers.remove()
        super().closeEvent(event)
