"""The zoomable view of the flowchart diagram: zoom (Ctrl+wheel, +/−), pan, fit, keyboard through the boxes.

Signals:
    nodeClicked(str): a box was clicked; the step view jumps there.
    zoomChanged(float): the zoom factor changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView

from handbook.ui.flow.diagram import DiagramScene, NodeItem


class DiagramView(QGraphicsView):
    """Zoom (Ctrl+wheel, +/−), pan (drag, arrows), fit to window; a click on a box emits nodeClicked."""

    nodeClicked = Signal(str)
    zoomChanged = Signal(float)

    MIN_ZOOM, MAX_ZOOM = 0.15, 4.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAccessibleName(self.tr("Hele flytskjemaet"))
        self.setAccessibleDescription(
            self.tr("Klikk på en boks, eller gå til den med Tab og trykk Enter, for å gå til det steget. Ctrl + hjul zoomer.")
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def setScene(self, scene) -> None:  # noqa: N802 - Qt naming
        old = self.scene()
        if isinstance(old, DiagramScene):
            old.nodeActivated.disconnect(self.nodeClicked)
        super().setScene(scene)
        if isinstance(scene, DiagramScene):
            scene.nodeActivated.connect(self.nodeClicked)

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(self.MIN_ZOOM, min(self.MAX_ZOOM, factor))
        current = self.zoom()
        if current > 0:
            self.scale(factor / current, factor / current)
        self.zoomChanged.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    READABLE_ZOOM = 0.75  # comfortable reading; the first look on a roomy screen is at least this
    LEGIBLE_PX = 10.0  # box text smaller than this many screen pixels cannot be read

    def legible_zoom(self) -> float:
        """The smallest zoom at which the boxes' text can still be read."""
        scene = self.scene()
        font_px = getattr(scene, "font_px", 0) or 13
        return max(self.MIN_ZOOM, self.LEGIBLE_PX / font_px)

    def fit(self) -> None:
        """"Tilpass til vinduet": the whole diagram in the view, as the button says (its text may be
        small on a small screen: "Zoom inn" or a click on a box reads on)."""
        scene = self.scene()
        if scene is None:
            return
        self.setTransform(self.transform().fromScale(1.0, 1.0))
        self.fitInView(scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)  # below MIN_ZOOM if it must
        self.centerOn(scene.sceneRect().center())
        self.zoomChanged.emit(self.zoom())

    def fit_width(self, least: float = 0.0, most: float = MAX_ZOOM) -> None:
        """Zoom so the diagram is as wide as the view (within ``least``..``most``), top in view."""
        scene = self.scene()
        if scene is None:
            return
        rect = scene.sceneRect()
        # The room without scroll bars, less the vertical one the diagram will show once it is
        # taller than the view (the bars of a scene just set are not laid out yet).
        room = self.maximumViewportSize().width() - 4
        room -= self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent, None, self.verticalScrollBar())
        self.set_zoom(max(least, min(most, room / max(1.0, rect.width()))))
        self.centerOn(rect.center().x(), self.mapToScene(self.viewport().rect().center()).y())
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum()
                                            + (self.horizontalScrollBar().maximum() - self.horizontalScrollBar().minimum()) // 2)

    def overview(self) -> None:
        """The first look: as wide as the view, at natural size at most and legible at least, so a
        small laptop (911 px at 150 %) shows no sideways scrollbar."""
        self.fit_width(self.legible_zoom(), 1.0)

    def center_on_node(self, node_id: str) -> None:
        scene = self.scene()
        if isinstance(scene, DiagramScene) and node_id in scene.nodes:
            self.ensureVisible(scene.nodes[node_id].box(), 40, 40)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            self.set_zoom(self.zoom() * (1.15 ** steps))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt naming
        """Tab and Shift+Tab walk the boxes in flowchart order, then leave the diagram."""
        scene = self.scene()
        if isinstance(scene, DiagramScene) and self.hasFocus() and scene.nodes:
            order = list(scene.nodes.values())
            current = scene.focusItem()
            i = order.index(current) if current in order else (-1 if next else len(order))
            j = i + 1 if next else i - 1
            if 0 <= j < len(order):
                scene.setFocusItem(order[j], Qt.FocusReason.TabFocusReason)
                return True
            scene.setFocusItem(None)
        return super().focusNextPrevChild(next)

    def node_at(self, pos) -> str | None:
        for item in self.items(pos):
            while item is not None and not isinstance(item, NodeItem):
                item = item.parentItem()
            if isinstance(item, NodeItem):
                return item.node.id
        return None

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            node_id = self.node_at(event.position().toPoint())
            if node_id is not None:
                event.accept()
                self.nodeClicked.emit(node_id)
                return
        super().mousePressEvent(event)
