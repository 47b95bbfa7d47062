"""FlowPanel: the flowchart view of the main window — step by step, or the whole diagram.

Both views share one :class:`~handbook.flow.FlowWalk`: answering a question in
the step view highlights the path in the diagram; clicking a box in the diagram
jumps the step view there and shows it.

Signals:
    openSection(str): the user followed a link to a duty card, plan section or
        help-list entry (the main window navigates there).
    message(str): what a save or a print did, in bokmål, for the window's status line
        («Lagret: …» only once the file is whole on disk).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from handbook.atomic import WriteError
from handbook.flowchart.walk import FlowWalk
from handbook.ui import paper
from handbook.ui.choice_buttons import OneOf
from handbook.ui.wrap_layout import WrapLayout
from handbook.ui.flow import flow_paper
from handbook.ui.flow.diagram import DiagramColors, DiagramScene
from handbook.ui.flow.diagram_view import DiagramView
from handbook.ui.flow.step_view import StepView
from handbook.ui.file_dialogs import ask_pdf_path, suggested_pdf_name


class FlowPanel(QWidget):
    openSection = Signal(str)
    message = Signal(str)

    def __init__(self, handbook, parent: QWidget | None = None, pdf_name=None) -> None:
        """``pdf_name(title) -> file name`` suggests the PDF's name (neutral by default: discreet)."""
        super().__init__(parent)
        self.pdf_name = pdf_name or (lambda title: suggested_pdf_name(title, discreet=True))
        if handbook.flow is None:
            raise ValueError("the handbook has no flowchart (content/flyt.yaml)")
        self.handbook = handbook
        self.walk = FlowWalk(handbook.flow)
        self.setAccessibleName(self.tr("Hva gjør jeg nå?"))

        title = QLabel(self.tr("Hva gjør jeg nå?"), self)
        self.title = title
        self._size_title()
        self.steps_button = QPushButton(self.tr("Steg for steg"), self)
        self.diagram_button = QPushButton(self.tr("Hele flytskjemaet"), self)
        self.mode_group = OneOf(self)  # both modes reachable by Tab
        for i, b in enumerate((self.steps_button, self.diagram_button)):
            b.setCheckable(True)
            b.setMinimumHeight(34)
            self.mode_group.addButton(b, i)
        self.steps_button.setChecked(True)
        self.steps_button.setAccessibleName(self.tr("Vis ett steg om gangen"))
        self.diagram_button.setAccessibleName(self.tr("Vis hele flytskjemaet"))
        self.print_button = QPushButton(self.tr("Skriv ut…"), self)
        self.pdf_button = QPushButton(self.tr("Lagre som PDF…"), self)
        for b in (self.print_button, self.pdf_button):
            b.setMinimumHeight(34)
        self.print_button.setToolTip(self.tr("Steg for steg: skriver ut veien du har gått. Hele flytskjemaet: skriver ut skjemaet."))
        self.pdf_button.setToolTip(self.print_button.toolTip())

        header_box = QWidget(self)
        header = WrapLayout(header_box, spacing=8)  # wraps at large text zoom instead of widening
        header_box.setContentsMargins(24, 8, 24, 0)
        for w in (title, self.steps_button, self.diagram_button, self.print_button, self.pdf_button):
            header.addWidget(w)
        self.header_box = header_box
        self._header_full = (self.diagram_button.text(), self.tr("Hele skjemaet"))

        self.step_view = StepView(handbook, self.walk, self)
        self.diagram = DiagramView(self)
        self._scene: DiagramScene | None = None  # made when first shown (see ``scene``)
        self._fitted = False

        zoom_in = QPushButton(self.tr("Zoom inn (+)"), self)
        zoom_out = QPushButton(self.tr("Zoom ut (−)"), self)
        fit = QPushButton(self.tr("Tilpass til vinduet (0)"), self)
        fit.setToolTip(self.tr("Hele flytskjemaet i vinduet; Zoom inn for å lese"))
        zoom_in.clicked.connect(self.diagram.zoom_in)
        zoom_out.clicked.connect(self.diagram.zoom_out)
        fit.clicked.connect(self.diagram.fit)
        hint = QLabel(self.tr("Klikk på en boks (eller Tab og Enter) for å gå til det steget. Dra for å flytte, Ctrl + hjul for å zoome."), self)
        hint.setWordWrap(True)
        self.diagram_hint = hint
        tools_box = QWidget(self)
        tools = WrapLayout(tools_box, spacing=8)
        tools_box.setContentsMargins(24, 0, 24, 0)
        for b in (zoom_in, zoom_out, fit):
            tools.addWidget(b)
        QWidget.setTabOrder(fit, self.diagram)  # Tab follows the screen: the tools above the diagram
        diagram_page = QWidget(self)
        dl = QVBoxLayout(diagram_page)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(tools_box)
        hint.setContentsMargins(24, 0, 24, 0)
        dl.addWidget(hint)
        dl.addWidget(self.diagram, 1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.step_view)
        self.stack.addWidget(diagram_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Steps differ in size; never resize a window (or warn on platforms that cannot) per step.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(header_box)
        layout.addWidget(self.stack, 1)

        self.mode_group.idClicked.connect(self._set_mode)
        self.step_view.openSection.connect(self.openSection)
        self.step_view.printSummaryRequested.connect(self.print_current)
        self.step_view.pdfSummaryRequested.connect(self.save_pdf_dialog)
        self.step_view.stepChanged.connect(self._step_changed)
        self.diagram.nodeClicked.connect(self._diagram_clicked)
        self.print_button.clicked.connect(self.print_current)
        self.pdf_button.clicked.connect(self.save_pdf_dialog)

    def _size_title(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), min(font.pointSizeF() * 1.6, 20.0)))
        font.setBold(True)
        self.title.setFont(font)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Dark mode or text zoom changed while open: redraw the diagram to match."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "title"):
            self._size_title()
            if hasattr(self, "header_box"):
                self._fit_header()
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange) and getattr(self, "_scene", None):
            old, self._scene = self._scene, None
            self.diagram.setScene(None)
            old.deleteLater()
            if self.stack.currentIndex() == 1:
                self.diagram.setScene(self.scene)  # on screen: the new look now; else when next shown

    @property
    def scene(self) -> DiagramScene:
        """The whole flowchart, made the first time it is needed: most sessions never open it, and
        each zoom step or change of colours would otherwise lay it out again."""
        if self._scene is None:
            self._scene = DiagramScene(self.handbook.flow, {c.id: c for c in self.handbook.contacts},
                                       DiagramColors.from_palette(self.palette()), self._diagram_font())
            self._scene.set_path(self.walk.steps)
            self.diagram.setScene(self._scene)
        return self._scene

    SHORT_HEIGHT = 560  # below this the diagram needs the hint's line more than the hint
    # Below this (683×384, 1366×768 at 200 %) the step needs the title's row more than the title: the
    # toolbar's «Hva gjør jeg nå?» button and the panel's accessible name still say where she is.
    TITLE_HEIGHT = 380

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._fit_header()
        self.diagram_hint.setVisible(self.height() >= self.SHORT_HEIGHT)
        self.diagram.setToolTip("" if self.diagram_hint.isVisible() else self.diagram_hint.text())

    def _fit_header(self) -> None:
        """One row of header where it can be, so the step keeps the room (200 %: two rows and
        the way on had room for one answer): first without the title (F2 and the start page
        name it), then «Hele skjemaet», then without «Skriv ut…» and «Lagre som PDF…», which
        Meny, Ctrl+P and Ctrl+Shift+S also give."""
        width = self.header_box.width()
        layout = self.header_box.layout()
        one_row = max(layout.itemAt(i).sizeHint().height() for i in range(layout.count()))
        margins = self.header_box.contentsMargins()
        for level in range(4):
            self.title.setVisible(level < 1 and self.height() >= self.TITLE_HEIGHT)
            self.diagram_button.setText(self._header_full[1 if level >= 2 else 0])
            for button in (self.print_button, self.pdf_button):
                button.setVisible(level < 3)
            if layout.heightForWidth(width - margins.left() - margins.right()) <= one_row:
                return

    def _diagram_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, font.pointSizeF()))
        return font

    # -- the shared interface -------------------------------------------------

    def start(self) -> None:
        """Go to the first question and put the keyboard focus on the step view."""
        self.walk.restart()
        self.show_steps()
        self.step_view.render()
        self._focus_step()

    def follow(self, answers: list[int]) -> None:
        """Start over with ``answers`` chosen (from what the search understood): the path shows
        them, «Tilbake» changes them, and the keyboard is on the step they lead to."""
        self.walk.follow(answers)
        self.show_steps()
        self.step_view.render()
        self._focus_step()

    def show_node(self, node_id: str) -> None:
        """Open the step view at ``node_id`` (e.g. from a search hit), with the path leading there."""
        if self.step_view.show_node(node_id):
            self.show_steps()
            self._focus_step()

    # -- views ----------------------------------------------------------------

    def show_steps(self) -> None:
        self.mode_group.select(self.steps_button)
        self.stack.setCurrentIndex(0)

    def show_diagram(self) -> None:
        self.mode_group.select(self.diagram_button)
        self.stack.setCurrentIndex(1)
        self.diagram.setScene(self.scene)
        if not self._fitted:
            self.diagram.overview()  # readable text first; "Tilpass til vinduet" shows it all
            self._fitted = True
        self.diagram.center_on_node(self.walk.current.id)
        self.diagram.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_mode(self, mode: int) -> None:
        self.show_diagram() if mode == 1 else (self.show_steps(), self._focus_step())

    def _focus_step(self) -> None:
        target = (self.step_view.answer_buttons or [self.step_view.next_button or self.step_view])[0]
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _step_changed(self, node_id: str) -> None:
        if self._scene is not None:
            self._scene.set_path(self.walk.steps)

    def _diagram_clicked(self, node_id: str) -> None:
        self.show_node(node_id)

    # -- printing ---------------------------------------------------------------

    def _stamp(self) -> str:
        return dt.datetime.now().strftime("%Y-%m-%d")

    def print_current(self) -> None:
        """Print the diagram or the path summary; what happened is said through ``message``."""
        steps, choices = list(self.walk.steps), list(self.walk.choices)
        job = self.tr("Håndbok")  # the printer's queue is seen by others: neutral, like the main window's
        if self.stack.currentIndex() == 1:
            said = paper.print_with_dialog(self, lambda p: flow_paper.paint_diagram(p, self.handbook, steps), job,
                                           flow_paper.diagram_layout(self.handbook, steps), self.tr("flytskjemaet"))
        else:
            said = paper.print_with_dialog(self, lambda p: flow_paper.print_summary(p, self.handbook, steps, choices),
                                           job, shown=self.tr("sammendraget"))
        if said:
            self.message.emit(said)

    def save_pdf_dialog(self) -> None:
        diagram = self.stack.currentIndex() == 1
        name = self.pdf_name(f"flytskjema-{self._stamp()}" if diagram else f"hva-gjor-jeg-na-sammendrag-{self._stamp()}")
        path = ask_pdf_path(self, name)
        if path:
            self.save_pdf(path, diagram=diagram)

    def save_pdf(self, path: str, diagram: bool) -> bool:
        """Write the diagram (one A4 page) or the path summary to ``path`` as PDF, whole or not at all.

        Says «Lagret: …» through ``message`` only once the file is on disk, else why not.
        """
        try:
            if diagram:
                flow_paper.save_diagram_pdf(path, self.handbook, list(self.walk.steps))
            else:
                flow_paper.save_summary_pdf(path, self.handbook, list(self.walk.steps), list(self.walk.choices))
        except WriteError as error:
            self.message.emit(paper.not_saved_message(error, path))
            return False
        self.message.emit(paper.saved_message(path))
        return True
