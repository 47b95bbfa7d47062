"""The whole flowchart as boxes and arrows: the QGraphicsScene and its items.

The scene is built from the flow model and :mod:`handbook.ui.flow.layout`; the
colours come from a :class:`DiagramColors` taken from the widget palette (so dark
mode works) or a fixed light set for paper. The path the user has taken is drawn
thicker in the highlight colour, the current step filled.

The view that zooms and pans it is :class:`handbook.ui.flow.diagram_view.DiagramView`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QTextLayout,
    QTextOption,
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from handbook.content.flow import STEP_KIND_LABELS, step_number
from handbook.ui.flow.layout import Layout, layered_layout
from handbook.ui.safe_text import tooltip

BOX_WIDTH = 170.0
PADDING = 10.0
LABEL_WIDTH = 150.0
LABEL_WIDTHS = (LABEL_WIDTH, 70.0, 45.0)  # a crowded label wraps to two or three short lines
BOX_CONTACTS = 2  # contacts named in a box; the rest are counted
MIN_BOX_WIDTH = 150.0
# The widest row of boxes and edge lanes, in scene pixels: five boxes, so the whole chart is as
# wide as a 911-pixel window at a legible size (a wider row is split: the chart grows taller).
MAX_ROW_WIDTH = 5 * BOX_WIDTH + 4 * 30.0
NBSP = "\u00a0"
# Where an answer label may sit, in order of preference: (segment, where along it, sideways).
# On the line near the question first, then above the arrow, then a little to the side of the
# line (which then runs along the label's edge instead of through its words).
_ALONG = tuple((0, at) for at in (0.45, 0.3, 0.6, 0.2, 0.75, 0.5, 0.38, 0.52, 0.68, 0.85)) + tuple(
    (-1, at) for at in (0.5, 0.35, 0.65, 0.25)
) + tuple((1, at) for at in (0.5, 0.3, 0.7))  # the middle of a line that goes round the boxes
LABEL_STOPS = tuple((seg, at, 0.0) for seg, at in _ALONG) + tuple(
    (seg, at, dx) for dx in (-25.0, 25.0, -50.0, 50.0, -75.0, 75.0) for seg, at in _ALONG
)


@dataclass(frozen=True)
class DiagramColors:
    background: QColor
    text: QColor
    muted: QColor
    border: QColor
    question: QColor
    action: QColor
    info: QColor
    highlight: QColor
    current: QColor

    @staticmethod
    def from_palette(pal: QPalette) -> "DiagramColors":
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        return DiagramColors(
            background=base,
            text=text,
            muted=pal.color(QPalette.ColorRole.PlaceholderText),
            border=_mix(base, text, 0.55),
            question=_mix(base, QColor("#1565c0"), 0.14),
            action=_mix(base, QColor("#2e7d32"), 0.20),
            info=_mix(base, QColor("#f9a825"), 0.22),
            highlight=highlight,
            current=_mix(base, highlight, 0.45),
        )

    @staticmethod
    def paper() -> "DiagramColors":
        """Black on white with light tints: for printing and PDF."""
        pal = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Base, QColor("white")),
            (QPalette.ColorRole.Text, QColor("black")),
            (QPalette.ColorRole.PlaceholderText, QColor("#555555")),
            (QPalette.ColorRole.Highlight, QColor("#0b57d0")),
        ):
            pal.setColor(role, colour)
        return DiagramColors.from_palette(pal)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() * (1 - t) + b.red() * t),
        round(a.green() * (1 - t) + b.green() * t),
        round(a.blue() * (1 - t) + b.blue() * t),
    )


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("FlowDiagram", STEP_KIND_LABELS[kind]) if kind in STEP_KIND_LABELS else ""


def box_text(node, contacts_by_id) -> str:
    """The words in a node's box: its text, and for contacts the name and the number meant
    for this step (an emergency number only on an urgent step, as in the step view)."""
    lines = [node.text]
    known = [c for c in (contacts_by_id.get(cid) for cid in node.contacts) if c is not None]
    for c in known[:BOX_CONTACTS]:
        number = step_number(node, c)
        first = number.display if number else (c.url or "").removeprefix("https://")
        lines.append(f"☎ {first.replace(' ', NBSP)} – {c.name}")
    if len(known) > BOX_CONTACTS:  # the step view lists them all; the chart stays readable on one page
        lines.append(QCoreApplication.translate("FlowDiagram", "… og {n} til").format(n=len(known) - BOX_CONTACTS))
    return "\n".join(lines)


def _wrap_option() -> QTextOption:
    """Wrap at spaces, and inside a word only when the word alone is wider than the box
    («barnevernstjenesten» in a narrow box would otherwise be cut at the box's edge)."""
    option = QTextOption(Qt.AlignmentFlag.AlignLeft)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


def wrapped_height(font: QFont, text: str, width: float) -> float:
    """The height ``text`` takes in ``font`` wrapped as :func:`_wrap_option` wraps it in ``width``."""
    height = 0.0
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(_wrap_option())
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, height))
            height += line.height()
        layout.endLayout()
    return height


def pixel_font(font: QFont, scale: float) -> QFont:
    """A copy of ``font`` sized in pixels (points at 96 dpi when given in points)."""
    px = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96.0 / 72.0
    out = QFont(font)
    out.setPixelSize(max(6, round(px * scale)))
    return out


class NodeItem(QGraphicsItem):
    """One box: a small kind label, then the wrapped text."""

    def __init__(self, node, text: str, width: float, font: QFont, colors: DiagramColors):
        super().__init__()
        self.node = node
        self.text = text
        self.font = font
        self.small = pixel_font(font, 0.8)
        self.colors = colors
        self.on_path = False
        self.is_current = False
        fm = QFontMetricsF(font)
        sm = QFontMetricsF(self.small)
        natural = max(fm.horizontalAdvance(line) for line in text.split("\n")) + 2 * PADDING + 2
        longest = max((fm.horizontalAdvance(w) for line in text.split("\n") for w in line.split()), default=0)
        # short texts get a narrower box; the longest word fits whole (a longer one still wraps, never cut)
        width = max(MIN_BOX_WIDTH, min(max(width, longest + 2 * PADDING + 2), natural))
        inner = width - 2 * PADDING
        text_h = wrapped_height(font, text, inner)
        self.label_h = sm.height()
        self._rect = QRectF(0, 0, width, text_h + self.label_h + 2.5 * PADDING)
        self.setToolTip(tooltip(node.text))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)  # Tab walks the boxes, Enter opens one
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setData(0, node.id)

    def box(self) -> QRectF:
        """The box in scene coordinates."""
        return self.mapRectToScene(self._rect)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        c = self.colors
        fill = {"question": c.question, "action": c.action, "info": c.info}.get(self.node.kind, c.background)
        if self.is_current:
            fill = c.current
        pen = QPen(c.highlight if self.on_path else c.border, 3.0 if self.on_path else 1.2)
        if self.node.kind == "info" and not self.on_path:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        radius = 14.0 if self.node.kind == "question" else 4.0
        painter.drawRoundedRect(self._rect, radius, radius)
        if self.hasFocus():
            ring = QPen(c.highlight, 2.0, Qt.PenStyle.DotLine)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._rect.adjusted(-4, -4, 4, 4), radius + 3, radius + 3)
        painter.setPen(c.muted if not self.is_current else c.text)
        painter.setFont(self.small)
        label_rect = QRectF(PADDING, PADDING * 0.6, self._rect.width() - 2 * PADDING, self.label_h)
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignLeft), kind_label(self.node.kind))
        painter.setPen(c.text)
        painter.setFont(self.font)
        text_rect = QRectF(
            PADDING, PADDING * 0.6 + self.label_h + PADDING * 0.5, self._rect.width() - 2 * PADDING, self._rect.height()
        )
        painter.drawText(text_rect, self.text, _wrap_option())


    def boundingRect(self) -> QRectF:  # room for the focus ring
        return self._rect.adjusted(-6, -6, 6, 6)

    def focusInEvent(self, event) -> None:
        self.update()
        self.ensureVisible(self._rect, 30, 30)
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            scene = self.scene()
            if isinstance(scene, DiagramScene):
                scene.nodeActivated.emit(self.node.id)
            event.accept()
            return
        super().keyPressEvent(event)


class EdgeItem(QGraphicsPathItem):
    """An arrow along a route, with its answer label near the start."""

    def __init__(self, source: str, target: str, points: list[QPointF], label: str, font: QFont, colors: DiagramColors):
        super().__init__()
        self.source, self.target, self.label = source, target, label
        self.points = points
        self.font = font
        self.colors = colors
        self.on_path = False
        path = QPainterPath(points[0])
        for a, b in zip(points, points[1:]):
            dy = (b.y() - a.y()) / 2
            path.cubicTo(QPointF(a.x(), a.y() + dy), QPointF(b.x(), b.y() - dy), b)
        self.setPath(path)
        self.setZValue(-1)
        self._update_pen()

    def set_on_path(self, on: bool) -> None:
        self.on_path = on
        self.setZValue(0.5 if on else -1)
        self._update_pen()

    def _update_pen(self) -> None:
        colour = self.colors.highlight if self.on_path else self.colors.border
        self.setPen(QPen(colour, 3.0 if self.on_path else 1.3))

    label_at = 0.45  # where along its segment the label sits (0 = segment start, 1 = segment end)
    label_segment = 0  # the first segment (near the question), 1 the second, or -1: the last (near the arrow)
    label_dx = 0.0  # sideways from the line, when a neighbouring line would run through the label
    label_width = LABEL_WIDTH  # where the label wraps: narrower (more lines) where the lines run close

    def label_rect(
        self, at: float | None = None, segment: int | None = None, dx: float | None = None, width: float | None = None
    ) -> QRectF:
        if not self.label:
            return QRectF()
        at = self.label_at if at is None else at
        segment = self.label_segment if segment is None else segment
        dx = self.label_dx if dx is None else dx
        fm = QFontMetricsF(self.font)
        width = self.label_width if width is None else width
        r = fm.boundingRect(QRectF(0, 0, width, 1000), int(Qt.TextFlag.TextWordWrap), self.label)
        if segment >= len(self.points) - 1:  # a line with fewer segments: its last one
            segment = -1
        a, b = (self.points[segment], self.points[segment + 1]) if segment >= 0 else (self.points[-2], self.points[-1])
        # the curve leaves vertically: its x moves little near the ends, most in the middle
        ease = at * at * (3 - 2 * at)
        centre = QPointF(a.x() + (b.x() - a.x()) * ease, a.y() + (b.y() - a.y()) * at)
        return QRectF(centre.x() + dx - r.width() / 2 - 3, centre.y() - r.height() / 2 - 1, r.width() + 6, r.height() + 2)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().united(self.label_rect()).adjusted(-8, -8, 8, 8)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        tip = self.points[-1]
        size = 9.0 if self.on_path else 7.0
        painter.setBrush(self.pen().color())
        painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() - size / 1.6, tip.y() - size), QPointF(tip.x() + size / 1.6, tip.y() - size)]))

    def outline(self) -> QPainterPath:
        """The drawn line as an area (a bare curve's ``intersects`` also counts the region it
        would enclose if closed)."""
        stroker = QPainterPathStroker()
        stroker.setWidth(max(2.0, self.pen().widthF()))
        return stroker.createStroke(self.path())

    def paint_label(self, painter: QPainter) -> None:
        """The answer label on its own background; the scene paints labels above every line."""
        if not self.label:
            return
        rect = self.label_rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colors.background)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(self.colors.highlight if self.on_path else self.colors.text)
        painter.setFont(self.font)
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter), self.label)


class DiagramScene(QGraphicsScene):
    """The laid-out flowchart. ``nodes`` maps node id → NodeItem.

    Signals:
        nodeActivated(str): Enter or Space on the box that has the keyboard focus.
    """

    nodeActivated = Signal(str)

    def __init__(self, flow, contacts_by_id, colors: DiagramColors, font: QFont, parent=None):
        super().__init__(parent)
        self.flow = flow
        self.colors = colors
        self.setBackgroundBrush(colors.background)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        # Pixel-sized fonts: scene units are the same on screen, in print and in PDF
        # (a point size would be re-measured at the printer's resolution).
        font = pixel_font(font, 1.0)
        label_font = pixel_font(font, 0.85)
        self.font_px = font.pixelSize()
        for node in flow.nodes:
            item = NodeItem(node, box_text(node, contacts_by_id), BOX_WIDTH, font, colors)
            self.nodes[node.id] = item
            self.addItem(item)
        grouped: dict[tuple[str, str], list[str]] = {}
        for node in flow.nodes:  # answers by their short form: the arrows need few words
            for a in node.answers:
                if a.goto in flow:
                    grouped.setdefault((node.id, a.goto), []).append(a.diagram_label)
            if node.next and node.next in flow:
                grouped.setdefault((node.id, node.next), []).append("Neste")
        pairs = list(grouped)
        lfm = QFontMetricsF(label_font)
        gap_below: dict[str, float] = {}
        for (u, _v), labels in grouped.items():
            if flow.node(u).kind == "question":
                r = lfm.boundingRect(QRectF(0, 0, LABEL_WIDTH, 1000), int(Qt.TextFlag.TextWordWrap), " / ".join(labels))
                gap_below[u] = max(gap_below.get(u, 0.0), r.height() * 1.8 + 16)
        sizes = {nid: (it._rect.width(), it._rect.height()) for nid, it in self.nodes.items()}
        self.layout: Layout = layered_layout(
            list(self.nodes), pairs, sizes, hgap=30.0, vgap=44.0, gap_below=gap_below, max_width=MAX_ROW_WIDTH
        )
        for nid, item in self.nodes.items():
            item.setPos(*self.layout.positions[nid])
        ports = self._ports(pairs)
        for index, (u, v) in enumerate(pairs):
            route = self.layout.routes.get((u, v, index))
            if not route:
                continue
            pts = [QPointF(x, y) for x, y in route]
            pts[0] = QPointF(ports[(u, v, "out")], pts[0].y())
            pts[-1] = QPointF(ports[(u, v, "in")], pts[-1].y())
            label = " / ".join(grouped[(u, v)]) if flow.node(u).kind == "question" else ""
            edge = EdgeItem(u, v, pts, label, label_font, colors)
            self.edges.append(edge)
            self.addItem(edge)
        self._place_labels()
        self.setSceneRect(self.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def _place_labels(self) -> None:
        """Slide each answer label along its edge to where it clears boxes, other labels and
        other lines (a line through a label reads as part of it); else to the least crowded stop."""
        boxes = [item.box() for item in self.nodes.values()]
        outlines = {id(edge): edge.outline() for edge in self.edges}

        def lines_but(edge) -> list[QPainterPath]:
            return [path for key, path in outlines.items() if key != id(edge)]

        def free_places(edge) -> int:
            lines = lines_but(edge)
            rects = [edge.label_rect(at, seg, dx, w) for w in LABEL_WIDTHS for seg, at, dx in LABEL_STOPS]
            return sum(1 for r in rects if not any(r.intersects(b) for b in boxes) and not any(p.intersects(r) for p in lines))

        labelled = [edge for edge in self.edges if edge.label]
        room = {id(edge): free_places(edge) for edge in labelled}
        placed: list[QRectF] = []
        # the label with the fewest free places goes first, so a roomier one does not take its only place
        for edge in sorted(labelled, key=lambda e: (room[id(e)], e.points[0].y(), e.points[0].x())):
            lines = lines_but(edge)
            best = None
            for width in LABEL_WIDTHS:  # on one line first; wrapped narrower only where nothing else is free
                for segment, at, dx in LABEL_STOPS:
                    rect = edge.label_rect(at, segment, dx, width)
                    cost = 10 * sum(rect.intersects(r) for r in boxes + placed) + sum(p.intersects(rect) for p in lines)
                    if best is None or cost < best[0]:
                        best = (cost, segment, at, dx, width)
                    if cost == 0:
                        break
                if best[0] == 0:
                    break
            _cost, edge.label_segment, edge.label_at, edge.label_dx, edge.label_width = best
            placed.append(edge.label_rect())

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt naming
        """Answer labels go above every line (also on paper: QGraphicsScene.render draws this)."""
        super().drawForeground(painter, rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for edge in self.edges:
            if edge.label and edge.label_rect().intersects(rect):
                edge.paint_label(painter)
        painter.restore()

    def _ports(self, pairs) -> dict:
        """Spread the ends of several edges along a box's bottom (out) and top (in) edge."""
        out: dict = {}
        lay = self.layout

        def centre(n):
            return lay.positions[n][0] + lay.sizes[n][0] / 2

        for side, key, other in (("out", 0, 1), ("in", 1, 0)):
            by_node: dict[str, list[tuple[str, str]]] = {}
            for p in pairs:
                by_node.setdefault(p[key], []).append(p)
            for n, ps in by_node.items():
                ps.sort(key=lambda p: centre(p[other]))
                x, _ = lay.positions[n]
                w = lay.sizes[n][0]
                for i, p in enumerate(ps):
                    out[(p[0], p[1], side)] = x + w * (i + 1) / (len(ps) + 1) if len(ps) > 1 else x + w / 2
        return out

    def set_path(self, steps: list[str]) -> None:
        """Highlight the walked path; the last step is the current one."""
        on = set(steps)
        taken = set(zip(steps, steps[1:]))
        for nid, item in self.nodes.items():
            item.on_path = nid in on
            item.is_current = bool(steps) and nid == steps[-1]
            item.update()
        for edge in self.edges:
            edge.set_on_path((edge.source, edge.target) in taken)
